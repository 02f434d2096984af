package reports

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

var bg = context.Background()

func open(t *testing.T) *store.Store {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func do(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// ticket opens a P(priority) incident at opened and resolves it after the given business minutes
// on a 24x7 calendar (so business time is wall time).
func ticket(t *testing.T, s *store.Store, kind string, impact int, opened time.Time, took time.Duration, cancel bool) {
	t.Helper()
	r, err := s.Create(bg, kind, map[string]any{"title": "t", "service": "SVC-00001", "impact": impact, "urgency": 1,
		"opened_at": opened.Format(time.RFC3339), "resolution": "done"}, store.Change{At: opened})
	do(t, err)
	_, err = s.Move(bg, kind, r.Ref, "in_progress", store.Change{At: opened.Add(5 * time.Minute)})
	do(t, err)
	if cancel {
		_, err = s.Move(bg, kind, r.Ref, "cancelled", store.Change{At: opened.Add(took)})
	} else {
		_, err = s.Move(bg, kind, r.Ref, "resolved", store.Change{At: opened.Add(took)})
	}
	do(t, err)
}

func TestSLAReport(t *testing.T) {
	s := open(t)
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	_, err := s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{})
	do(t, err)
	_, err = s.Create(bg, "sla", map[string]any{"title": "Mail SLA", "service": "SVC-00001", "calendar": "24x7",
		"targets": []any{map[string]any{"priority": 1, "respond": "15m", "resolve": "4h"}, map[string]any{"priority": 2, "resolve": "8h"}}}, store.Change{})
	do(t, err)
	_, err = s.Move(bg, "sla", "SLA-00001", "agreed", store.Change{})
	do(t, err)
	day := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	// P1 (impact 1, urgency 1): resolution times 1h, 2h, 3h, 5h (missed), 10h (missed); one cancelled.
	for _, h := range []int{1, 2, 3, 5, 10} {
		ticket(t, s, "incident", 1, day, time.Duration(h)*time.Hour, false)
	}
	ticket(t, s, "incident", 1, day, time.Hour, true)
	// P2 (impact 2, urgency 1): two requests, 7h and 9h; one incident in October.
	ticket(t, s, "request", 2, day, 7*time.Hour, false)
	ticket(t, s, "request", 2, day, 9*time.Hour, false)
	ticket(t, s, "incident", 2, day.AddDate(0, -1, 0), time.Hour, false)

	rows, err := SLAReport(bg, s, SLAOptions{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	do(t, err)
	if len(rows) != 2 {
		t.Fatalf("rows %+v", rows)
	}
	p1, p2 := rows[0], rows[1]
	if p1.SLA != "SLA-00001" || p1.Service != "Mail" || p1.Priority != 1 || p1.Tickets != 5 || p1.Met != 3 || p1.Missed != 2 ||
		p1.Compliance != 60 || p1.MeanResolveMin != 252 || p1.P90ResolveMin != 600 {
		t.Fatalf("P1 %+v", p1)
	}
	if p2.Priority != 2 || p2.Tickets != 2 || p2.Met != 1 || p2.Compliance != 50 || p2.MeanResolveMin != 480 || p2.P90ResolveMin != 540 {
		t.Fatalf("P2 %+v", p2)
	}
	// Without a period the October incident counts too; only requests when asked.
	rows, _ = SLAReport(bg, s, SLAOptions{})
	if rows[1].Tickets != 3 {
		t.Fatalf("all time P2 %+v", rows[1])
	}
	rows, _ = SLAReport(bg, s, SLAOptions{Kinds: []string{"request"}})
	if len(rows) != 1 || rows[0].Tickets != 2 {
		t.Fatalf("requests only %+v", rows)
	}
	if _, err := SLAReport(bg, s, SLAOptions{Kinds: []string{"change"}}); err == nil {
		t.Fatal("a report over changes was accepted")
	}
}

// A ticket resolved straight from new after its response target is judged on its resolution and
// counted apart; the tickets no SLA judged are listed by why, never silently left out.
func TestSLAReportUnknownResponsesAndGaps(t *testing.T) {
	s := open(t)
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	for _, title := range []string{"Mail", "Print"} {
		_, err := s.Create(bg, "service", map[string]any{"title": title}, store.Change{})
		do(t, err)
	}
	_, err := s.Create(bg, "sla", map[string]any{"title": "Mail SLA", "service": "SVC-00001", "calendar": "24x7",
		"targets": []any{map[string]any{"priority": 1, "respond": "15m", "resolve": "4h"}}}, store.Change{At: now.AddDate(-1, 0, 0)})
	do(t, err)
	_, err = s.Move(bg, "sla", "SLA-00001", "agreed", store.Change{At: now.AddDate(-1, 0, 0)})
	do(t, err)
	day := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	straight := func(service string, impact int, took time.Duration, to string) {
		r, err := s.Create(bg, "incident", map[string]any{"title": "t", "service": service, "impact": impact, "urgency": 1,
			"opened_at": day.Format(time.RFC3339), "resolution": "done"}, store.Change{At: day})
		do(t, err)
		_, err = s.Move(bg, "incident", r.Ref, to, store.Change{At: day.Add(took)})
		do(t, err)
	}
	straight("SVC-00001", 1, 3*time.Hour, "resolved")    // met, response unknown
	straight("SVC-00001", 1, 5*time.Hour, "resolved")    // missed on resolution, response unknown
	straight("SVC-00001", 1, 10*time.Minute, "resolved") // the resolution responded in time
	straight("SVC-00001", 3, time.Hour, "resolved")      // P3: the SLA has no target
	straight("SVC-00002", 1, time.Hour, "resolved")      // Print has no SLA
	straight("SVC-00002", 3, time.Hour, "resolved")
	straight("SVC-00002", 1, time.Hour, "cancelled") // cancelled: never judged, never a gap

	period := SLAOptions{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}
	rows, err := SLAReport(bg, s, period)
	do(t, err)
	if len(rows) != 1 || rows[0].Priority != 1 || rows[0].Tickets != 3 || rows[0].Met != 2 || rows[0].Missed != 1 || rows[0].ResponseUnknown != 2 {
		t.Fatalf("rows %+v", rows)
	}
	gaps, err := SLAGaps(bg, s, period)
	do(t, err)
	want := []SLAGap{
		{Kind: "incident", Reason: GapNoTarget, Service: "Mail", SLA: "SLA-00001", Priority: 3, Tickets: 1,
			Text: "1 incidents of Mail at priority 3: SLA-00001 has no target for it"},
		{Kind: "incident", Reason: GapNoSLA, Service: "Print", Tickets: 2,
			Text: "2 incidents of Print: no SLA of the service was agreed and valid when they were opened"},
	}
	if len(gaps) != len(want) {
		t.Fatalf("gaps %+v", gaps)
	}
	for i := range want {
		if gaps[i] != want[i] {
			t.Errorf("gap %d: %+v, want %+v", i, gaps[i], want[i])
		}
	}
	if g, _ := SLAGaps(bg, s, SLAOptions{Kinds: []string{"request"}}); len(g) != 0 {
		t.Errorf("requests: %+v", g)
	}
}

// Each cost is charged to one budget line, never two: the line it names, else the line of its
// service, period and currency that takes its category, else the one that names none; what no
// line takes is listed as unallocated with why. The actuals add up to the costs.
func TestBudgetReport(t *testing.T) {
	s := open(t)
	for _, in := range []map[string]any{{"title": "Mail"}, {"title": "Web"}, {"title": "Network"}} {
		_, err := s.Create(bg, "service", in, store.Change{})
		do(t, err)
	}
	add := func(kind string, in map[string]any) *store.Record {
		t.Helper()
		r, err := s.Create(bg, kind, in, store.Change{})
		do(t, err)
		return r
	}
	add("budget", map[string]any{"title": "Mail 2026", "service": "SVC-00001", "period": "2026", "amount": "1000.00 EUR"})
	q1 := add("budget", map[string]any{"title": "Mail Q1 migration", "service": "SVC-00001", "period": "2026-Q1", "amount": "300 EUR", "covers": []any{"supplier"}})
	add("budget", map[string]any{"title": "Web 2025", "service": "SVC-00002", "period": "2025", "amount": "500 EUR"})
	// The demo's case: an operating and an investment line of one service and year.
	add("budget", map[string]any{"title": "Network operating 2026", "service": "SVC-00003", "period": "2026", "amount": "540 EUR"})
	refresh := add("budget", map[string]any{"title": "Core refresh 2026", "service": "SVC-00003", "period": "2026", "amount": "180 EUR", "category": "capex", "covers": []any{"hardware"}})
	add("budget", map[string]any{"title": "Network extra 2026", "service": "SVC-00003", "period": "2026-H2", "amount": "10 EUR"})
	for _, c := range []map[string]any{
		// Mail: thirds of a cent add up exactly (3 x 0.3333 + 0.0001 = 1.0000) on the yearly line
		{"service": "SVC-00001", "incurred_on": "2026-02-10", "amount": "333.3333 EUR", "category": "staff"},
		{"service": "SVC-00001", "incurred_on": "2026-05-10", "amount": "333.3333 EUR"},
		{"service": "SVC-00001", "incurred_on": "2026-06-10", "amount": "333.3333 EUR"},
		{"service": "SVC-00001", "incurred_on": "2026-06-10", "amount": "0.0001 EUR"},
		{"service": "SVC-00001", "incurred_on": "2026-03-10", "amount": "250.00 EUR", "category": "supplier"}, // Q1 takes supplier costs
		{"service": "SVC-00001", "incurred_on": "2026-03-11", "amount": "20.00 EUR", "category": "supplier", "budget": q1.ID},
		{"service": "SVC-00001", "incurred_on": "2026-06-11", "amount": "99.00 USD"}, // no line in USD
		{"service": "SVC-00002", "incurred_on": "2026-01-15", "amount": "40.00 EUR"}, // Web has no 2026 line
		{"service": "SVC-00003", "incurred_on": "2026-04-30", "amount": "45.00 EUR", "category": "staff"},
		{"service": "SVC-00003", "incurred_on": "2026-04-30", "amount": "60.00 EUR", "category": "hardware"},
		{"service": "SVC-00003", "incurred_on": "2026-08-31", "amount": "7.00 EUR", "category": "other"}, // two open lines in H2
		{"service": "SVC-00003", "incurred_on": "2026-09-30", "amount": "5.00 EUR", "category": "other", "budget": refresh.ID},
	} {
		c["title"] = "c"
		add("cost", c)
	}
	rows, err := BudgetReport(bg, s, "")
	do(t, err)
	got := map[string]BudgetRow{}
	for _, r := range rows {
		key := r.Budget
		if key == "" {
			key = r.Service + " " + r.Period + " " + r.Currency
		}
		got[key] = r
	}
	for _, w := range []struct {
		key, actual, variance string
		pct                   float64
		costs                 int
	}{
		{"BUD-00001", "1000.00", "0.00", 0, 4},
		{"BUD-00002", "270.00", "-30.00", -10, 2},
		{"BUD-00003", "0.00", "-500.00", -100, 0},
		{"BUD-00004", "45.00", "-495.00", -91.7, 1},
		{"BUD-00005", "65.00", "-115.00", -63.9, 2},
		{"BUD-00006", "0.00", "-10.00", -100, 0},
	} {
		r := got[w.key]
		if r.Actual != w.actual || r.Variance != w.variance || r.VariancePct == nil || *r.VariancePct != w.pct || r.Costs != w.costs {
			t.Errorf("%s: %+v, want actual %s variance %s (%v %%), %d costs", w.key, r, w.actual, w.variance, w.pct, w.costs)
		}
	}
	for key, reason := range map[string]string{
		"Mail 2026 USD":    "no budget line of its service, period and currency takes it",
		"Web 2026 EUR":     "no budget line of its service, period and currency takes it",
		"Network 2026 EUR": "several lines could take it (BUD-00004, BUD-00006)",
	} {
		if r := got[key]; r.Budget != "" || r.Title != "(unallocated)" || !strings.HasPrefix(r.Reason, reason) || r.VariancePct != nil {
			t.Errorf("%s: %+v, want unallocated because %s", key, r, reason)
		}
	}
	// The second route: the actuals of the report, per currency, are the sum of the costs.
	sum := map[string]int64{}
	costs, err := s.List(bg, "cost", store.Query{Limit: -1})
	do(t, err)
	for _, c := range costs.Records {
		m := c.Values["amount"].(schema.MoneyValue)
		u, _ := decimalUnits(m.Amount)
		sum[m.Currency] += u
	}
	actual := map[string]int64{}
	for _, r := range rows {
		u, _ := decimalUnits(r.Actual)
		actual[r.Currency] += u
	}
	for cur, u := range sum {
		// each row is written to the cent: at most half a cent (50 units) off per row
		if d := actual[cur] - u; d < -50*int64(len(rows)) || d > 50*int64(len(rows)) {
			t.Errorf("%s: the report's actuals add up to %d, the costs to %d", cur, actual[cur], u)
		}
	}

	// A quarter: its costs, and the lines that overlap it; a yearly line is partial.
	rows, err = BudgetReport(bg, s, "2026-Q1")
	do(t, err)
	var q []string
	for _, r := range rows {
		q = append(q, fmt.Sprintf("%s %s %s partial=%v", r.Budget, r.Title, r.Actual, r.Partial))
	}
	if strings.Join(q, "; ") != "BUD-00001 Mail 2026 333.33 partial=true; BUD-00002 Mail Q1 migration 270.00 partial=false; "+
		"BUD-00004 Network operating 2026 0.00 partial=true; BUD-00005 Core refresh 2026 0.00 partial=true; "+
		" (unallocated) 40.00 partial=false" {
		t.Errorf("Q1 report:\n%s", strings.Join(q, "\n"))
	}
	if _, err := BudgetReport(bg, s, "2026-Q9"); err == nil {
		t.Fatal("a bad period was accepted")
	}
}

// A cost charged to a line must fit it.
func TestCostChargedToALineMustFitIt(t *testing.T) {
	s := open(t)
	for _, in := range []map[string]any{{"title": "Mail"}, {"title": "Web"}} {
		_, err := s.Create(bg, "service", in, store.Change{})
		do(t, err)
	}
	line, err := s.Create(bg, "budget", map[string]any{"title": "Mail 2026", "service": "SVC-00001", "period": "2026", "amount": "1000 EUR"}, store.Change{})
	do(t, err)
	for _, c := range []struct {
		in   map[string]any
		want string
	}{
		{map[string]any{"service": "SVC-00002", "incurred_on": "2026-02-01", "amount": "1 EUR"}, "is the budget line BUD-00001 of another service"},
		{map[string]any{"service": "SVC-00001", "incurred_on": "2025-12-31", "amount": "1 EUR"}, "BUD-00001 covers 2026; the cost is dated 2025-12-31"},
		{map[string]any{"service": "SVC-00001", "incurred_on": "2026-02-01", "amount": "1 USD"}, "BUD-00001 is in EUR; the cost is in USD"},
	} {
		c.in["title"], c.in["budget"] = "c", line.ID
		_, err := s.Create(bg, "cost", c.in, store.Change{})
		var fe *store.FieldError
		if !errors.As(err, &fe) || fe.Field != "budget" || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error on budget: %s", c.in, err, c.want)
		}
	}
}

// The store gives money values decoded (store.Columns); the report reads their amounts as
// 1/10000 units. (How the store's own shape and other JSON decode: the store's tests.)
func TestMoneyUnits(t *testing.T) {
	for _, c := range []struct {
		value    any
		units    int64
		currency string
		fails    bool
	}{
		{value: schema.MoneyValue{Amount: "1234.50", Currency: "EUR"}, units: 12345000, currency: "EUR"},
		{value: schema.MoneyValue{Amount: "-0.0001", Currency: "USD"}, units: -1, currency: "USD"},
		{value: schema.MoneyValue{Amount: "7", Currency: "GBP"}, units: 70000, currency: "GBP"},
		{value: schema.MoneyValue{Amount: "2.25", Currency: "CHF"}, units: 22500, currency: "CHF"},
		{value: schema.MoneyValue{Amount: "1.00001", Currency: "EUR"}, fails: true},
		{value: schema.MoneyValue{Amount: "1e3", Currency: "EUR"}, fails: true},
		{value: schema.MoneyValue{Amount: "", Currency: "EUR"}, fails: true},
		{value: schema.MoneyValue{Amount: "99999999999999999999", Currency: "EUR"}, fails: true},
		{value: schema.MoneyValue{}, fails: true}, // what a stored value that is not money reads as
		{value: "1234.50 EUR", fails: true},
		{value: nil, fails: true},
	} {
		units, currency, err := moneyUnits(c.value)
		if c.fails {
			if err == nil {
				t.Errorf("%v: read as %d %s, want an error", c.value, units, currency)
			}
			continue
		}
		if err != nil || units != c.units || currency != c.currency {
			t.Errorf("%v: %d %s %v, want %d %s", c.value, units, currency, err, c.units, c.currency)
		}
	}
}
