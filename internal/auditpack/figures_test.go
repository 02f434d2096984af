package auditpack

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Every figure the pack prints is computed here a second time, from the records alone, with plain
// loops that share nothing with the pack's queries: SLA results per SLA and per service and month,
// the tickets no SLA judged, the ticket counts by priority and SLA result, the budget against the
// costs, the readiness per clause group, the findings by grade and the suppliers' last review
// scores. On the demo, and on a workspace made as a consultant makes one: a client's ticket
// history imported, its SLAs recorded afterwards.
func TestEveryFigureBySecondRoute(t *testing.T) {
	for name, s := range map[string]*store.Store{"demo": demoStore(t), "imported history": historyWorkspace(t)} {
		t.Run(name, func(t *testing.T) {
			p, err := Gather(bg, s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkFigures(t, s, p)
			if name != "imported history" {
				return
			}
			// What a client's history brings, so that the figures above were tested on it.
			unknown := 0
			for _, r := range p.SLA {
				unknown += r.ResponseUnknown
			}
			loose := slices.ContainsFunc(p.Budget, func(r reports.BudgetRow) bool { return r.Budget == "" && r.Reason != "" })
			if len(p.Review.SLAGaps) == 0 || unknown == 0 || !loose || len(p.SLA) != 2 {
				t.Errorf("the history lacks what it is made for: %d SLA gaps, %d unknown responses, unallocated costs %v, %d SLAs", len(p.Review.SLAGaps), unknown, loose, len(p.SLA))
			}
		})
	}
}

// allOf reads every record of a kind.
func allOf(t *testing.T, s *store.Store, kind string) []*store.Record {
	t.Helper()
	page, err := s.List(bg, kind, store.Query{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return page.Records
}

func str(r *store.Record, f string) string { v, _ := r.Values[f].(string); return v }

func checkFigures(t *testing.T, s *store.Store, p *Pack) {
	lo, hi := p.Opt.From, p.Opt.To+"T23:59:59Z"
	in := func(at string) bool { return at != "" && at >= lo && at <= hi }
	refOf := map[string]string{}
	for _, kind := range []string{"sla", "service", "supplier", "budget"} {
		for _, r := range allOf(t, s, kind) {
			refOf[r.ID] = r.Ref
		}
	}

	// SLA results of the tickets resolved or closed in the period, per SLA and per service and
	// month; and those no SLA judged.
	type tally struct{ tickets, met, unknown int }
	perSLA, perMonth := map[string]*tally{}, map[string]*tally{}
	gaps, judged := 0, 0
	type kindTally struct {
		opened, resolved, met, missed, major, security int
		byPriority                                     map[int64]int
	}
	kinds := map[string]*kindTally{}
	for _, kind := range []string{"incident", "request"} {
		kt := &kindTally{byPriority: map[int64]int{}}
		kinds[kind] = kt
		for _, r := range allOf(t, s, kind) {
			state := str(r, "sla_state")
			if in(str(r, "opened_at")) {
				prio, _ := r.Values["priority"].(int64)
				kt.opened++
				kt.byPriority[prio]++
				if str(r, "resolved_at") != "" {
					kt.resolved++
				}
				switch state {
				case "met":
					kt.met++
				case "missed":
					kt.missed++
				}
				if r.Values["major"] == true {
					kt.major++
				}
				if r.Values["security"] == true {
					kt.security++
				}
			}
			if !in(str(r, "resolved_at")) {
				continue
			}
			if state != "met" && state != "missed" {
				if r.Status == "resolved" || r.Status == "closed" {
					gaps++
				}
				continue
			}
			judged++
			for key, into := range map[string]map[string]*tally{refOf[str(r, "sla")]: perSLA, refOf[str(r, "service")] + " " + str(r, "resolved_at")[:7]: perMonth} {
				if into[key] == nil {
					into[key] = &tally{}
				}
				into[key].tickets++
				if state == "met" {
					into[key].met++
				}
				if str(r, "response_state") == "unknown" {
					into[key].unknown++
				}
			}
		}
	}
	if judged == 0 {
		t.Fatal("no ticket of the period has an SLA result: the workspace proves nothing")
	}
	if len(p.SLA) != len(perSLA) {
		t.Errorf("%d SLAs in the pack, %d counted", len(p.SLA), len(perSLA))
	}
	for _, row := range p.SLA {
		want := perSLA[row.SLA]
		if want == nil || row.Tickets != want.tickets || row.Met != want.met || row.ResponseUnknown != want.unknown ||
			math.Abs(row.Compliance-100*float64(want.met)/float64(want.tickets)) > 0.05 {
			t.Errorf("SLA %s: pack %d tickets, %d met, %d unknown, %.1f %%; counted %+v", row.SLA, row.Tickets, row.Met, row.ResponseUnknown, row.Compliance, want)
		}
	}
	months := 0
	for _, m := range p.SLAMonths {
		want := perMonth[m.ServiceRef+" "+m.Month]
		if want == nil || m.Tickets != want.tickets || m.Met != want.met {
			t.Errorf("SLA of %s in %s: pack %d tickets, %d met; counted %+v", m.ServiceRef, m.Month, m.Tickets, m.Met, want)
		}
		months++
	}
	if months != len(perMonth) {
		t.Errorf("%d service-months in the pack, %d counted", months, len(perMonth))
	}
	packGaps := 0
	for _, g := range p.Review.SLAGaps {
		packGaps += g.Tickets
	}
	if packGaps != gaps {
		t.Errorf("tickets without an SLA result: pack %d, counted %d", packGaps, gaps)
	}

	// The tickets opened in the period, by priority and SLA result.
	for kind, got := range map[string]TicketKind{"incident": p.Tickets.Incidents, "request": p.Tickets.Requests} {
		want := kinds[kind]
		if got.Opened != want.opened || got.Resolved != want.resolved || got.Met != want.met || got.Missed != want.missed ||
			got.Major != want.major || got.Security != want.security || fmt.Sprint(got.ByPriority) != fmt.Sprint(want.byPriority) {
			t.Errorf("%ss: pack %+v, counted %+v", kind, got, *want)
		}
	}

	// The budget of the year: each cost charged to one line, by the rule in docs/registers.md.
	year := p.BudgetYear
	type line struct {
		id, service, start, end, currency string
		covers                            []string
	}
	var lines []line
	for _, b := range allOf(t, s, "budget") {
		m := b.Values["amount"].(schema.MoneyValue)
		covers, _ := b.Values["covers"].([]string)
		lines = append(lines, line{b.ID, str(b, "service"), str(b, "period_start"), str(b, "period_end"), m.Currency, covers})
	}
	actual, loose, total := map[string]float64{}, map[string]float64{}, map[string]float64{}
	for _, c := range allOf(t, s, "cost") {
		day := str(c, "incurred_on")
		if !strings.HasPrefix(day, year) {
			continue
		}
		m := c.Values["amount"].(schema.MoneyValue)
		amount, _ := strconv.ParseFloat(m.Amount, 64)
		total[m.Currency] += amount
		var takes, open []string
		for _, l := range lines {
			if l.service == str(c, "service") && l.start <= day && day <= l.end && l.currency == m.Currency {
				if slices.Contains(l.covers, str(c, "category")) {
					takes = append(takes, l.id)
				} else if len(l.covers) == 0 {
					open = append(open, l.id)
				}
			}
		}
		if len(takes) == 0 {
			takes = open
		}
		switch {
		case str(c, "budget") != "":
			actual[str(c, "budget")] += amount
		case len(takes) == 1:
			actual[takes[0]] += amount
		default:
			loose[str(c, "service")+" "+m.Currency] += amount
		}
	}
	sums := map[string]float64{}
	for _, row := range p.Budget {
		a, _ := strconv.ParseFloat(row.Actual, 64)
		sums[row.Currency] += a
		if row.Budget == "" {
			continue
		}
		var id string
		for lid, ref := range refOf {
			if ref == row.Budget {
				id = lid
			}
		}
		if math.Abs(a-actual[id]) > 0.005 {
			t.Errorf("budget line %s: pack actual %s, counted %.2f", row.Budget, row.Actual, actual[id])
		}
	}
	for cur, sum := range total {
		if math.Abs(sums[cur]-sum) > 0.01*float64(len(p.Budget)) {
			t.Errorf("the budget report's actuals in %s add up to %.2f, the year's costs to %.2f", cur, sums[cur], sum)
		}
	}
	looseSum := 0.0
	for _, v := range loose {
		looseSum += v
	}
	packLoose := 0.0
	for _, row := range p.Budget {
		if row.Budget == "" {
			a, _ := strconv.ParseFloat(row.Actual, 64)
			packLoose += a
		}
	}
	if math.Abs(looseSum-packLoose) > 0.01*float64(len(p.Budget)) {
		t.Errorf("unallocated costs: pack %.2f, counted %.2f", packLoose, looseSum)
	}

	// Readiness per clause group: the mean credit of its requirements, from the clause results.
	if p.Assessment != nil {
		results := map[string]*store.Record{}
		for _, r := range allOf(t, s, "clauseresult") {
			if str(r, "assessment") == p.Assessment.ID {
				results[str(r, "clause")] = r
			}
		}
		weight := map[string]float64{"conformant": 1, "no_instance": 1, "partially_conformant": 0.5}
		control := ""
		if r := results["8.2.3"]; r != nil && r.Values["carried_forward"] != true {
			control = str(r, "result")
		}
		sum, n := map[string]float64{}, map[string]int{}
		for _, c := range catalogue.Clauses() {
			if c.Rollup {
				continue
			}
			g := strings.Split(c.ID, ".")[0]
			n[g]++
			r := results[c.ID]
			if r == nil || r.Values["carried_forward"] == true {
				continue
			}
			w := weight[str(r, "result")]
			if str(r, "result") == "other_party" && str(r, "party") != "" {
				w = weight[control]
			}
			factor := 0.7
			if m, ok := r.Values["maturity"].(int64); ok {
				factor = min(1, 0.7+0.1*float64(m))
			}
			sum[g] += w * factor
		}
		for _, gs := range p.Readiness.Groups {
			want := math.Round(1000*sum[gs.Group]/float64(n[gs.Group])) / 10
			if gs.Percent != want || gs.Requirements != n[gs.Group] {
				t.Errorf("group %s: pack %.1f %% of %d, counted %.1f %% of %d", gs.Group, gs.Percent, gs.Requirements, want, n[gs.Group])
			}
		}
	}

	// Findings by grade: those of the assessment and those raised in the period.
	grades, packGrades := map[string]int{}, map[string]int{}
	for _, f := range allOf(t, s, "finding") {
		if (p.Assessment != nil && str(f, "assessment") == p.Assessment.ID) || (str(f, "raised_on") >= p.Opt.From && str(f, "raised_on") <= p.Opt.To) {
			grades[str(f, "grade")]++
		}
	}
	for _, f := range p.Findings {
		packGrades[f.Grade]++
	}
	if fmt.Sprint(grades) != fmt.Sprint(packGrades) {
		t.Errorf("findings by grade: pack %v, counted %v", packGrades, grades)
	}

	// Suppliers: the score of each one's latest review done.
	last := map[string]*store.Record{}
	for _, r := range allOf(t, s, "supplierreview") {
		if r.Status != "done" {
			continue
		}
		id := str(r, "supplier")
		if l := last[id]; l == nil || str(r, "reviewed_on") > str(l, "reviewed_on") {
			last[id] = r
		}
	}
	scored := 0
	for _, sup := range p.Suppliers {
		var id string
		for sid, ref := range refOf {
			if ref == sup.Ref {
				id = sid
			}
		}
		want := last[id]
		switch {
		case want == nil && sup.LastScore != nil:
			t.Errorf("supplier %s: a score %d with no review done", sup.Ref, *sup.LastScore)
		case want != nil && (sup.LastScore == nil || *sup.LastScore != want.Values["score"].(int64) || sup.LastReview != str(want, "reviewed_on")):
			t.Errorf("supplier %s: pack %v on %s, counted %v on %s", sup.Ref, sup.LastScore, sup.LastReview, want.Values["score"], str(want, "reviewed_on"))
		case want != nil:
			scored++
		}
	}
	if scored == 0 {
		t.Error("no supplier has a review score: the workspace proves nothing")
	}
}

// historyWorkspace is a client's workspace as a consultant makes it on day one: the services,
// a year of ticket history imported from the client's tool (some closed without a resolution,
// most without a response time), the SLAs recorded afterwards with their validity, budget lines
// and costs (one charged to its line by name, some no line takes), suppliers with reviews, and a
// gap assessment.
func historyWorkspace(t *testing.T) *store.Store {
	s := emptyStore(t)
	rng := rand.New(rand.NewPCG(7, 11))
	create := func(kind string, in map[string]any, moves ...string) *store.Record {
		t.Helper()
		r, err := s.Create(bg, kind, in, store.Change{})
		if err != nil {
			t.Fatalf("create %s %v: %v", kind, in, err)
		}
		for _, m := range moves {
			if r, err = s.Move(bg, kind, r.ID, m, store.Change{}); err != nil {
				t.Fatalf("move %s to %s: %v", r.Ref, m, err)
			}
		}
		return r
	}
	payroll := create("service", map[string]any{"title": "Payroll"}, "live")
	mail := create("service", map[string]any{"title": "Mail"}, "live")
	print := create("service", map[string]any{"title": "Print"}, "live")
	services := []*store.Record{payroll, payroll, mail, print}

	// A year of history, imported: opened at, sometimes responded at, resolved at (or only
	// closed at), the old tool's priority.
	stamp := func(tm time.Time) string { return tm.UTC().Format(time.RFC3339) }
	err := s.Write(bg, func(tx *store.Tx) error {
		for i := 0; i < 140; i++ {
			kind := "incident"
			if i%4 == 3 {
				kind = "request"
			}
			opened := demoNow.AddDate(0, 0, -5-rng.IntN(390)).Add(time.Duration(rng.IntN(600)) * time.Minute)
			took := time.Duration(20+rng.IntN(60*40)) * time.Minute
			in := map[string]any{"title": fmt.Sprintf("ticket %d", i), "service": services[rng.IntN(len(services))].ID,
				"priority": int64(1 + rng.IntN(4)), "opened_at": stamp(opened), "resolution": "fixed"}
			if rng.IntN(3) == 0 {
				in["responded_at"] = stamp(opened.Add(time.Duration(5+rng.IntN(50)) * time.Minute))
			}
			switch rng.IntN(5) {
			case 0: // closed in the old tool without a resolution recorded
				in["status"], in["closed_at"] = "Closed", stamp(opened.Add(took))
			case 1:
				in["status"], in["resolved_at"] = "Resolved", stamp(opened.Add(took))
			default:
				in["status"], in["resolved_at"], in["closed_at"] = "Closed", stamp(opened.Add(took)), stamp(opened.Add(took+48*time.Hour))
			}
			if _, _, err := tx.ImportRecord(kind, "", in, store.Change{Note: "imported"}); err != nil {
				return fmt.Errorf("ticket %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The SLAs, recorded after the history: Payroll's valid from a year and a half ago, with no
	// target for P4; Mail's valid from six months ago; Print has none.
	targets := []any{map[string]any{"priority": 1, "respond": "15m", "resolve": "4h"}, map[string]any{"priority": 2, "respond": "30m", "resolve": "8h"},
		map[string]any{"priority": 3, "respond": "2h", "resolve": "24h"}}
	create("sla", map[string]any{"title": "Payroll SLA", "service": payroll.ID, "calendar": "Mon-Fri 08:00-18:00", "timezone": "Europe/Berlin",
		"valid_from": demoNow.AddDate(-1, -6, 0).Format("2006-01-02"), "targets": targets}, "agreed")
	create("sla", map[string]any{"title": "Mail SLA", "service": mail.ID, "calendar": "24x7", "timezone": "UTC",
		"valid_from": demoNow.AddDate(0, -6, 0).Format("2006-01-02"),
		"targets":    append(slices.Clone(targets), map[string]any{"priority": 4, "resolve": "3d"})}, "agreed")

	// Budget 2026: Payroll has an operating line and an investment line that takes the hardware;
	// Mail one line; Print none.
	year := demoNow.Format("2006")
	create("budget", map[string]any{"title": "Payroll operating", "service": payroll.ID, "period": year, "amount": "50000 EUR"}, "approved")
	capex := create("budget", map[string]any{"title": "Payroll servers", "service": payroll.ID, "period": year, "amount": "20000 EUR",
		"category": "capex", "covers": []any{"hardware"}}, "approved")
	create("budget", map[string]any{"title": "Mail", "service": mail.ID, "period": year + "-H2", "amount": "9000 EUR"}, "approved")
	cats := []string{"staff", "hardware", "software", "other"}
	for m := 1; m <= 11; m++ {
		for _, svc := range []*store.Record{payroll, mail, print} {
			create("cost", map[string]any{"title": fmt.Sprintf("%s %d", svc.Title(), m), "service": svc.ID,
				"incurred_on": fmt.Sprintf("%s-%02d-28", year, m), "amount": fmt.Sprintf("%d.%02d EUR", 500+rng.IntN(4000), rng.IntN(100)),
				"category": cats[rng.IntN(len(cats))]})
		}
	}
	create("cost", map[string]any{"title": "Payroll rack", "service": payroll.ID, "incurred_on": year + "-06-15", "amount": "1234.56 EUR",
		"category": "other", "budget": capex.ID})
	create("cost", map[string]any{"title": "Payroll licence", "service": payroll.ID, "incurred_on": year + "-07-15", "amount": "99.99 USD"})

	// Suppliers and their reviews.
	for i, name := range []string{"Hoster", "Printer fleet"} {
		sup := create("supplier", map[string]any{"title": name})
		for j, score := range []int{3 + i, 2 + i} {
			create("supplierreview", map[string]any{"title": "review", "supplier": sup.ID,
				"period_start": demoNow.AddDate(0, -6*(j+1), 0).Format("2006-01-02"), "period_end": demoNow.AddDate(0, -6*j, -1).Format("2006-01-02"),
				"reviewed_on": demoNow.AddDate(0, -6*j, 0).Format("2006-01-02"), "score": score}, "done")
		}
	}

	// A gap assessment with a few results, another party and a finding.
	w := compliance.New(s)
	a, err := w.Create(bg, compliance.NewInput{Title: "Day one", Fields: map[string]any{"start": demoNow.AddDate(0, 0, -3).Format("2006-01-02")}})
	if err != nil {
		t.Fatal(err)
	}
	set := func(clause, result, maturity, party string) {
		ch := compliance.Change{Result: &result}
		if maturity != "" {
			ch.Maturity = &maturity
		}
		if party != "" {
			ch.Party = &party
		}
		note := "checked against the records and the procedure"
		ch.Note = &note
		if _, err := w.Set(bg, a.ID, clause, ch); err != nil {
			t.Fatal(err)
		}
	}
	set("4.1", "conformant", "3", "")
	set("4.3", "partially_conformant", "", "")
	set("8.2.3", "conformant", "2", "")
	set("8.3.4.2", "other_party", "4", "Group IT")
	set("8.6.1", "nonconformant", "1", "")
	set("8.7.2", "no_instance", "", "")
	if _, err := s.Move(bg, "assessment", a.ID, "in_progress", store.Change{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.RaiseFinding(bg, a.ID, "8.6.1", compliance.FindingInput{Title: "Tickets closed without resolution", Grade: "minor"}); err != nil {
		t.Fatal(err)
	}
	return s
}
