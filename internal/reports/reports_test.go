package reports

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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

func TestBudgetReport(t *testing.T) {
	s := open(t)
	for _, in := range []map[string]any{{"title": "Mail"}, {"title": "Web"}} {
		_, err := s.Create(bg, "service", in, store.Change{})
		do(t, err)
	}
	add := func(kind string, in map[string]any) {
		_, err := s.Create(bg, kind, in, store.Change{})
		do(t, err)
	}
	add("budget", map[string]any{"title": "Mail 2026", "service": "SVC-00001", "period": "2026", "amount": "1000.00 EUR"})
	add("budget", map[string]any{"title": "Mail Q1", "service": "SVC-00001", "period": "2026-Q1", "amount": "300 EUR"})
	add("budget", map[string]any{"title": "Web 2025", "service": "SVC-00002", "period": "2025", "amount": "500 EUR"})
	// Thirds of a cent add up exactly: 3 x 0.3333 + 0.0001 = 1.0000.
	for _, c := range []struct{ svc, on, amount string }{
		{"SVC-00001", "2026-02-10", "333.3333 EUR"}, {"SVC-00001", "2026-03-10", "333.3333 EUR"}, {"SVC-00001", "2026-05-10", "333.3333 EUR"},
		{"SVC-00001", "2026-06-10", "0.0001 EUR"}, {"SVC-00001", "2026-06-11", "99.00 USD"},
		{"SVC-00002", "2026-01-15", "40.00 EUR"},
	} {
		add("cost", map[string]any{"title": "c", "service": c.svc, "incurred_on": c.on, "amount": c.amount})
	}
	rows, err := BudgetReport(bg, s, "")
	do(t, err)
	got := map[string]BudgetRow{}
	for _, r := range rows {
		got[r.Service+" "+r.Period+" "+r.Currency] = r
	}
	mail := got["Mail 2026 EUR"]
	if mail.Actual != "1000.00" || mail.Variance != "0.00" || *mail.VariancePct != 0 || mail.Costs != 4 {
		t.Fatalf("Mail 2026 %+v", mail)
	}
	q1 := got["Mail 2026-Q1 EUR"]
	if q1.Actual != "666.67" || q1.Variance != "366.67" || *q1.VariancePct != 122.2 {
		t.Fatalf("Mail Q1 %+v", q1)
	}
	web := got["Web 2025 EUR"]
	if web.Actual != "0.00" || web.Variance != "-500.00" || *web.VariancePct != -100 {
		t.Fatalf("Web 2025 %+v", web)
	}
	if loose := got["Web 2026 EUR"]; loose.Budget != "" || loose.Actual != "40.00" || loose.VariancePct != nil {
		t.Fatalf("unbudgeted web cost %+v", loose)
	}
	if usd := got["Mail 2026 USD"]; usd.Actual != "99.00" || usd.Budget != "" {
		t.Fatalf("cost in another currency %+v", usd)
	}
	rows, err = BudgetReport(bg, s, "2026-Q1")
	do(t, err)
	if len(rows) != 2 || rows[0].Period != "2026-Q1" || rows[1].Actual != "40.00" {
		t.Fatalf("Q1 report %+v", rows)
	}
	if _, err := BudgetReport(bg, s, "2026-Q9"); err == nil {
		t.Fatal("a bad period was accepted")
	}
}

func TestDecodeMoney(t *testing.T) {
	for _, c := range []struct {
		stored   string
		units    int64
		currency string
		fails    bool
	}{
		{stored: `{"amount":"1234.50","currency":"EUR"}`, units: 12345000, currency: "EUR"},
		{stored: `{"amount":"-0.0001","currency":"USD"}`, units: -1, currency: "USD"},
		{stored: `{"amount":"7","currency":"GBP"}`, units: 70000, currency: "GBP"},
		// Not the store's own shape: decoded as JSON.
		{stored: `{"currency":"CHF", "amount":"2.25"}`, units: 22500, currency: "CHF"},
		{stored: `{"amount":"1.00001","currency":"EUR"}`, fails: true},
		{stored: `{"amount":"1e3","currency":"EUR"}`, fails: true},
		{stored: `{"amount":"","currency":"EUR"}`, fails: true},
		{stored: `{"amount":"99999999999999999999","currency":"EUR"}`, fails: true},
		{stored: `1234.50 EUR`, fails: true},
	} {
		units, currency, err := decodeMoney(c.stored)
		if c.fails {
			if err == nil {
				t.Errorf("%s: decoded as %d %s, want an error", c.stored, units, currency)
			}
			continue
		}
		if err != nil || units != c.units || currency != c.currency {
			t.Errorf("%s: %d %s %v, want %d %s", c.stored, units, currency, err, c.units, c.currency)
		}
	}
}
