package compliance

import (
	"context"
	"math"
	"slices"
	"strings"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// Readiness is an assessment's readiness for certification, as `readiness` prints it.
type Readiness struct {
	Assessment store.Link `json:"assessment"`
	Status     string     `json:"status"`
	catalogue.Readiness
	// Stage1 is the documented-information checklist; what it finds missing is among the blockers.
	Stage1 *Stage1 `json:"stage1"`
}

// Readiness applies the readiness method (package catalogue) to an assessment, with the
// documented information the workspace lacks today among the blockers.
func (w *Workbench) Readiness(ctx context.Context, key string) (*Readiness, error) {
	a, err := w.Show(ctx, key)
	if err != nil {
		return nil, err
	}
	lang := i18n.Lang(ctx)
	r := readinessOf(lang, a)
	if r.Stage1, err = w.stage1(ctx, a, w.s.Now()); err != nil {
		return nil, err
	}
	r.AddMissing(lang, r.Stage1.missingDocs())
	return r, nil
}

func readinessOf(lang string, a *Assessment) *Readiness {
	var assessed []catalogue.Assessed
	var open []catalogue.OpenFinding
	for _, c := range a.Clauses {
		if !c.Rollup {
			assessed = append(assessed, catalogue.Assessed{Clause: c.Clause, Result: c.Result, Maturity: c.Maturity, Party: c.Party, Carried: c.Carried})
		}
		for _, f := range c.Findings {
			if f.Status != "closed" {
				open = append(open, catalogue.OpenFinding{Ref: f.Ref, Clause: f.Clause, Grade: f.Grade, Title: f.Title, Planned: f.Planned})
			}
		}
	}
	return &Readiness{Assessment: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title, Kind: "assessment"}, Status: a.Status,
		Readiness: catalogue.Rate(lang, assessed, open)}
}

// Diff compares two assessments: what improved, what regressed, per clause and per group.
type Diff struct {
	From      store.Link   `json:"from"`
	To        store.Link   `json:"to"`
	Overall   Delta        `json:"overall"`
	Groups    []GroupDelta `json:"groups"`
	Improved  []ClauseDiff `json:"improved"`
	Regressed []ClauseDiff `json:"regressed"`
	// Changed lists clauses whose result or maturity changed without changing their credit
	// (a clause now not applicable, a maturity raised above 3).
	Changed   []ClauseDiff `json:"changed"`
	Unchanged int          `json:"unchanged"`
}

// Delta is a readiness figure in both assessments.
type Delta struct {
	From   float64 `json:"from"`
	To     float64 `json:"to"`
	Change float64 `json:"change"`
}

// GroupDelta is a clause group's readiness in both assessments.
type GroupDelta struct {
	Group string `json:"group"`
	Title string `json:"title"`
	Delta
}

// ClauseDiff is one clause in both assessments.
type ClauseDiff struct {
	Clause       string  `json:"clause"`
	Title        string  `json:"title"`
	FromResult   string  `json:"from_result"`
	ToResult     string  `json:"to_result"`
	FromMaturity *int    `json:"from_maturity"`
	ToMaturity   *int    `json:"to_maturity"`
	FromCredit   float64 `json:"from_credit"`
	ToCredit     float64 `json:"to_credit"`
}

// Diff compares assessment b with assessment a (a is the earlier one).
func (w *Workbench) Diff(ctx context.Context, a, b string) (*Diff, error) {
	from, err := w.Show(ctx, a)
	if err != nil {
		return nil, err
	}
	to, err := w.Show(ctx, b)
	if err != nil {
		return nil, err
	}
	if from.ID == to.ID {
		return nil, fault.New("assessment.compared_with_itself", "", "%s is compared with itself: name two assessments", from.Ref)
	}
	ra, rb := readinessOf(i18n.Lang(ctx), from), readinessOf(i18n.Lang(ctx), to)
	d := &Diff{From: ra.Assessment, To: rb.Assessment, Overall: delta(ra.Overall.Percent, rb.Overall.Percent),
		Improved: []ClauseDiff{}, Regressed: []ClauseDiff{}, Changed: []ClauseDiff{}}
	for i, g := range ra.Groups {
		d.Groups = append(d.Groups, GroupDelta{Group: g.Group, Title: g.Title, Delta: delta(g.Percent, rb.Groups[i].Percent)})
	}
	for i, ca := range ra.Clauses {
		cb := rb.Clauses[i]
		if ca.Rollup {
			continue // a heading shows what its requirements found: they are compared
		}
		cd := ClauseDiff{Clause: ca.Clause, Title: ca.Title, FromResult: ca.Result, ToResult: cb.Result,
			FromMaturity: ca.Maturity, ToMaturity: cb.Maturity, FromCredit: ca.Credit, ToCredit: cb.Credit}
		switch {
		case cb.Credit > ca.Credit:
			d.Improved = append(d.Improved, cd)
		case cb.Credit < ca.Credit:
			d.Regressed = append(d.Regressed, cd)
		case ca.Result != cb.Result || !sameMaturity(ca.Maturity, cb.Maturity):
			d.Changed = append(d.Changed, cd)
		default:
			d.Unchanged++
		}
	}
	return d, nil
}

func delta(a, b float64) Delta { return Delta{From: a, To: b, Change: math.Round((b-a)*10) / 10} }

func sameMaturity(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// FindingInput describes a finding to raise against a clause.
type FindingInput struct {
	Title       string
	Grade       string // major, minor, observation, ofi
	Description string
	Evidence    string
	RaisedBy    string
	Owner       string // owner of the nonconformity and its corrective action
	Due         string // due date of the corrective action
	// Nonconformity says whether a major or minor finding opens a nonconformity (with its
	// corrective action) in the organisation's register; nil: yes for an internal or supplier
	// audit, no for a gap assessment, whose findings are recommendations.
	Nonconformity *bool
}

// RaiseFinding records a finding against a clause of an assessment. A major or minor
// nonconformity of an internal or supplier audit opens a nonconformity with its corrective
// action, all in one transaction, and the finding closes only when that nonconformity has closed
// (its actions done and effective). A gap assessment's finding is a recommendation: it opens
// none unless asked (in.Nonconformity), and closes when the organisation has acted on it.
func (w *Workbench) RaiseFinding(ctx context.Context, assessment, clause string, in FindingInput) (*Finding, error) {
	c, ok := catalogue.Lookup(clause)
	if !ok {
		return nil, unknownClause(clause)
	}
	if c.Rollup {
		return nil, fault.New("clause.heading", "clause", "%s %s is a group heading with no requirement of its own: raise the finding against one of %s", c.ID, c.Title, strings.Join(catalogue.Children(c.ID), ", "))
	}
	grades := []string{}
	for _, g := range catalogue.Grades {
		grades = append(grades, g[0])
	}
	if !slices.Contains(grades, in.Grade) {
		return nil, fault.New("finding.grade_unknown", "grade", "grade %q is not one of %s", in.Grade, strings.Join(grades, ", "))
	}
	if strings.TrimSpace(in.Title) == "" {
		return nil, fault.New("finding.title_required", "title", "a finding needs a title")
	}
	graded := in.Grade == catalogue.Major || in.Grade == catalogue.Minor
	var id string
	err := w.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		nonconformity := graded && str(a, "assessment_type") != "gap"
		if in.Nonconformity != nil {
			nonconformity = graded && *in.Nonconformity
		}
		if nonconformity && strings.TrimSpace(in.Owner) == "" {
			return fault.New("finding.owner_required", "owner", "a %s nonconformity needs an owner for its corrective action", in.Grade)
		}
		f := map[string]any{"title": in.Title, "assessment": a.ID, "grade": in.Grade, "clause": clause,
			"description": in.Description, "evidence": in.Evidence, "raised_by": in.RaisedBy}
		if graded && !nonconformity {
			f["recommendation"] = true
		}
		if nonconformity {
			nc, err := t.Create("nonconformity", map[string]any{"title": in.Title, "source": "audit", "severity": in.Grade,
				"clause": clause, "description": in.Description, "owner": in.Owner}, store.Change{Note: "raised by a finding of " + a.Ref})
			if err != nil {
				return err
			}
			act := map[string]any{"title": "Correct: " + in.Title, "action_type": "corrective", "nonconformity": nc.ID, "owner": in.Owner}
			if in.Due != "" {
				act["due"] = in.Due
			}
			if _, err := t.Create("action", act, store.Change{Note: "corrective action for " + nc.Ref}); err != nil {
				return err
			}
			f["nonconformity"] = nc.ID
		}
		r, err := t.Create("finding", f, store.Change{})
		if err != nil {
			return err
		}
		id = r.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	r, err := w.s.Get(ctx, "finding", id)
	if err != nil {
		return nil, err
	}
	out := &Finding{ID: r.ID, Ref: r.Ref, Title: r.Title(), Grade: str(r, "grade"), Clause: str(r, "clause"), Status: r.Status,
		Recommendation: r.Values["recommendation"] == true}
	if l := link(r, "nonconformity"); l != nil {
		out.Nonconformity = l.Ref
	}
	return out, nil
}
