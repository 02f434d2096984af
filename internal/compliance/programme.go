package compliance

import (
	"context"
	"maps"
	"slices"
	"strings"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// Programme is the audit programme: the audits of the last years and the clauses each covered,
// and the audits planned for the years ahead with the clauses they will cover, so that the
// cycle's coverage can be seen planned against done.
type Programme struct {
	From      string          `json:"from"` // the period looked back on: the last Years years up to today
	To        string          `json:"to"`
	Audits    []AuditCoverage `json:"audits"`
	Covered   []string        `json:"covered"`   // clauses some audit covered
	Uncovered []string        `json:"uncovered"` // clauses no audit covered
	// LastCovered holds, per clause, the date it was last audited ("" when never).
	LastCovered map[string]string `json:"last_covered"`
	// PlanTo ends the period looked ahead on: as many years after today.
	PlanTo  string          `json:"plan_to"`
	Planned []AuditCoverage `json:"planned"` // internal audits planned or under way, by their planned start
	// NextPlanned holds, per clause, the planned start of the next audit that covers it.
	NextPlanned map[string]string `json:"next_planned"`
	// Unplanned are the requirements neither audited in the period nor planned ahead: the gaps
	// of the cycle.
	Unplanned []string `json:"unplanned"`
}

// AuditCoverage is one audit of the programme and the clauses it covered (or will cover).
type AuditCoverage struct {
	store.Link
	Source  string   `json:"source"` // audit (an audit programme entry) or assessment (an internal audit walked clause by clause)
	Date    string   `json:"date"`
	Status  string   `json:"status"`
	Clauses []string `json:"clauses"`
}

// Programme reads the internal audits of the last years: audit records of type internal that
// were performed (their "clauses covered"), and internal audit assessments under way or done
// (the clauses they assessed); and the internal audits planned or under way whose planned start
// falls before as many years ahead (their clauses to cover). A main clause counts as covered
// (or planned) when all its sub-clauses are.
func (w *Workbench) Programme(ctx context.Context, years int) (*Programme, error) {
	if years <= 0 {
		return nil, fault.New("programme.years_invalid", "years", "the audit programme's period must be at least one year")
	}
	now := w.s.Now()
	p := &Programme{From: now.AddDate(-years, 0, 0).Format("2006-01-02"), To: now.Format("2006-01-02"),
		Audits: []AuditCoverage{}, Covered: []string{}, Uncovered: []string{}, LastCovered: map[string]string{},
		PlanTo: now.AddDate(years, 0, 0).Format("2006-01-02"), Planned: []AuditCoverage{}, NextPlanned: map[string]string{}, Unplanned: []string{}}
	audits, err := w.s.List(ctx, "audit", store.Query{Where: []store.Filter{eq("audit_type", "internal"),
		gte("performed_on", p.From), ne("status", "planned"), ne("status", "cancelled")}, Sort: "performed_on", Limit: -1})
	if err != nil {
		return nil, err
	}
	for _, a := range audits.Records {
		ids, _ := a.Values["clauses"].([]string)
		p.Audits = append(p.Audits, AuditCoverage{Link: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title(), Kind: "audit"},
			Source: "audit", Date: str(a, "performed_on"), Status: a.Status, Clauses: append([]string{}, ids...)})
	}
	assessments, err := w.s.List(ctx, "assessment", store.Query{Where: []store.Filter{eq("assessment_type", "internal"),
		ne("status", "planned"), gte("start", p.From)}, Sort: "start", Limit: -1})
	if err != nil {
		return nil, err
	}
	for _, a := range assessments.Records {
		results, err := w.s.List(ctx, "clauseresult", store.Query{Where: []store.Filter{eq("assessment", a.ID),
			ne("result", catalogue.NotAssessed)}, Limit: -1})
		if err != nil {
			return nil, err
		}
		var clauses []string
		for _, r := range results.Records {
			clauses = append(clauses, str(r, "clause"))
		}
		date := str(a, "end")
		if date == "" {
			date = str(a, "start")
		}
		p.Audits = append(p.Audits, AuditCoverage{Link: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title(), Kind: "assessment"},
			Source: "assessment", Date: date, Status: a.Status, Clauses: sortClauses(clauses)})
	}
	slices.SortStableFunc(p.Audits, func(a, b AuditCoverage) int { return strings.Compare(a.Date, b.Date) })
	p.LastCovered = coverage(p.Audits, false)

	// Looking ahead: audits planned (or begun and not yet performed) by their planned start.
	planned, err := w.s.List(ctx, "audit", store.Query{Where: []store.Filter{eq("audit_type", "internal"),
		ne("status", "reported"), ne("status", "closed"), ne("status", "cancelled"), set("planned_start"),
		store.Filter{Field: "planned_start", Op: "<=", Value: p.PlanTo}}, Sort: "planned_start", Limit: -1})
	if err != nil {
		return nil, err
	}
	for _, a := range planned.Records {
		if str(a, "performed_on") != "" && a.Status != "planned" {
			continue // performed, being reported: counted above
		}
		ids, _ := a.Values["clauses"].([]string)
		p.Planned = append(p.Planned, AuditCoverage{Link: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title(), Kind: "audit"},
			Source: "audit", Date: str(a, "planned_start"), Status: a.Status, Clauses: append([]string{}, ids...)})
	}
	p.NextPlanned = coverage(p.Planned, true)

	// Covered and not: the requirements (a heading is covered with its requirements).
	for _, c := range catalogue.AssessedClauses() {
		if p.LastCovered[c.ID] != "" {
			p.Covered = append(p.Covered, c.ID)
		} else {
			p.Uncovered = append(p.Uncovered, c.ID)
			if p.NextPlanned[c.ID] == "" {
				p.Unplanned = append(p.Unplanned, c.ID)
			}
		}
	}
	return p, nil
}

// coverage gives, per clause, the date some audit covered it: the latest for audits done, the
// earliest for audits planned. An audit of a group heading (older audits name 8.5) covers the
// requirements under it; a main clause is covered through its sub-clauses when every one of
// them is (by the date all of them were: the earliest for done, the latest for planned).
func coverage(audits []AuditCoverage, ahead bool) map[string]string {
	better := func(a, b string) bool { // a is a better date than b
		return b == "" || (ahead && a < b) || (!ahead && a > b)
	}
	out := map[string]string{}
	for _, a := range audits {
		for _, c := range a.Clauses {
			if a.Date != "" && better(a.Date, out[c]) {
				out[c] = a.Date
			}
		}
	}
	direct := maps.Clone(out)
	for _, c := range catalogue.AssessedClauses() {
		for up := catalogue.Parent(c.ID); up != "" && up != catalogue.Group(c.ID); up = catalogue.Parent(up) {
			if d := direct[up]; d != "" && better(d, out[c.ID]) {
				out[c.ID] = d
			}
		}
	}
	for _, c := range slices.Backward(catalogue.Clauses()) {
		if out[c.ID] != "" {
			continue
		}
		subs, all := 0, ""
		for _, s := range catalogue.Clauses() {
			if catalogue.Parent(s.ID) != c.ID {
				continue
			}
			d := out[s.ID]
			if d == "" {
				subs = -1 << 30
			}
			subs++
			if all == "" || (!ahead && d < all) || (ahead && d > all) {
				all = d
			}
		}
		if subs > 0 {
			out[c.ID] = all
		}
	}
	return out
}

// sortClauses puts clause ids in the catalogue's order.
func sortClauses(ids []string) []string {
	out := []string{}
	for _, c := range catalogue.Clauses() {
		if slices.Contains(ids, c.ID) {
			out = append(out, c.ID)
		}
	}
	return out
}

// programmeCovers is the evidence rule of 9.2 on the programme: every clause audited in the
// last three years.
func programmeCovers(q *query, r rule) Check {
	p, err := New(q.s).Programme(q.ctx, triennium/12)
	if err != nil {
		q.err = err
		return Check{}
	}
	c := Check{Rule: q.tr(r.what), Total: len(p.Audits), Found: []store.Link{}}
	for _, a := range slices.Backward(p.Audits) {
		if len(c.Found) < shown {
			c.Found = append(c.Found, a.Link)
		}
	}
	switch {
	case len(p.Audits) == 0:
		c.State, c.Text = Missing, q.tr("no internal audit in the last 3 years")
	case len(p.Uncovered) > 0:
		c.State = Stale
		c.Text = q.tr("%d internal audits cover %d of %d requirements; never audited in 3 years: %s",
			len(p.Audits), len(p.Covered), len(p.Covered)+len(p.Uncovered), q.joinShort(p.Uncovered))
	default:
		c.State, c.Text = OK, q.tr("%d internal audits cover every requirement in the last 3 years", len(p.Audits))
	}
	return c
}
