package compliance

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// Programme is the audit programme's coverage: which clauses each audit covered, and which
// clauses no audit covered in the period.
type Programme struct {
	From      string          `json:"from"` // the period: the last Years years up to today
	To        string          `json:"to"`
	Audits    []AuditCoverage `json:"audits"`
	Covered   []string        `json:"covered"`   // clauses some audit covered
	Uncovered []string        `json:"uncovered"` // clauses no audit covered
	// LastCovered holds, per clause, the date it was last audited ("" when never).
	LastCovered map[string]string `json:"last_covered"`
}

// AuditCoverage is one audit of the programme and the clauses it covered.
type AuditCoverage struct {
	store.Link
	Source  string   `json:"source"` // audit (an audit programme entry) or assessment (an internal audit walked clause by clause)
	Date    string   `json:"date"`
	Status  string   `json:"status"`
	Clauses []string `json:"clauses"`
}

// Programme reads the internal audits of the last years: audit records of type internal that
// were performed (their "clauses covered"), and internal audit assessments under way or done
// (the clauses they assessed). A main clause counts as covered when all its sub-clauses are.
func (w *Workbench) Programme(ctx context.Context, years int) (*Programme, error) {
	if years <= 0 {
		return nil, fmt.Errorf("the audit programme's period must be at least one year")
	}
	now := w.s.Now()
	p := &Programme{From: now.AddDate(-years, 0, 0).Format("2006-01-02"), To: now.Format("2006-01-02"),
		Audits: []AuditCoverage{}, Covered: []string{}, Uncovered: []string{}, LastCovered: map[string]string{}}
	audits, err := w.s.List(ctx, "audit", store.Query{Where: []store.Filter{eq("audit_type", "internal"),
		gte("performed_on", p.From), ne("status", "planned"), ne("status", "cancelled")}, Sort: "performed_on", Limit: -1})
	if err != nil {
		return nil, err
	}
	for _, a := range audits.Records {
		ids, _ := a.Values["clauses"].([]string)
		p.Audits = append(p.Audits, AuditCoverage{Link: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title(), Kind: "audit"},
			Source: "audit", Date: str(a, "performed_on"), Status: a.Status, Clauses: slices.Clone(ids)})
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
	for _, a := range p.Audits {
		for _, c := range a.Clauses {
			if a.Date > p.LastCovered[c] {
				p.LastCovered[c] = a.Date
			}
		}
	}
	// An audit of a group heading (older audits name 8.5) covers the requirements under it.
	direct := maps.Clone(p.LastCovered)
	for _, c := range catalogue.AssessedClauses() {
		for up := catalogue.Parent(c.ID); up != "" && up != catalogue.Group(c.ID); up = catalogue.Parent(up) {
			if d := direct[up]; d > p.LastCovered[c.ID] {
				p.LastCovered[c.ID] = d
			}
		}
	}
	// A main clause is covered through its sub-clauses when every one of them is.
	for _, c := range slices.Backward(catalogue.Clauses()) {
		if p.LastCovered[c.ID] != "" {
			continue
		}
		subs, last := 0, ""
		for _, s := range catalogue.Clauses() {
			if catalogue.Parent(s.ID) == c.ID {
				subs++
				d := p.LastCovered[s.ID]
				if d == "" {
					subs = -1 << 30
				}
				if last == "" || d < last {
					last = d
				}
			}
		}
		if subs > 0 {
			p.LastCovered[c.ID] = last
		}
	}
	// Covered and not: the requirements (a heading is covered with its requirements).
	for _, c := range catalogue.AssessedClauses() {
		if p.LastCovered[c.ID] != "" {
			p.Covered = append(p.Covered, c.ID)
		} else {
			p.Uncovered = append(p.Uncovered, c.ID)
		}
	}
	return p, nil
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
	c := Check{Rule: r.what, Total: len(p.Audits), Found: []store.Link{}}
	for _, a := range slices.Backward(p.Audits) {
		if len(c.Found) < shown {
			c.Found = append(c.Found, a.Link)
		}
	}
	switch {
	case len(p.Audits) == 0:
		c.State, c.Text = Missing, "no internal audit in the last 3 years"
	case len(p.Uncovered) > 0:
		c.State = Stale
		c.Text = fmt.Sprintf("%d internal audits cover %d of %d requirements; never audited in 3 years: %s",
			len(p.Audits), len(p.Covered), len(p.Covered)+len(p.Uncovered), joinShort(p.Uncovered))
	default:
		c.State, c.Text = OK, fmt.Sprintf("%d internal audits cover every requirement in the last 3 years", len(p.Audits))
	}
	return c
}
