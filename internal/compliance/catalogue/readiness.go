package catalogue

import (
	"fmt"
	"math"
	"slices"
)

// Results of a clause in an assessment.
const (
	NotAssessed         = "not_assessed"
	Conformant          = "conformant"
	PartiallyConformant = "partially_conformant"
	Nonconformant       = "nonconformant"
	NotApplicable       = "not_applicable"
)

// Results lists the results in the order a form offers them, with their labels.
var Results = [][2]string{
	{NotAssessed, "Not assessed"},
	{Conformant, "Conformant"},
	{PartiallyConformant, "Partially conformant"},
	{Nonconformant, "Nonconformant"},
	{NotApplicable, "Not applicable"},
}

// Maturity levels 0 to 5, as practitioners name them.
var Maturity = []string{"Incomplete", "Initial", "Managed", "Defined", "Quantitatively managed", "Optimizing"}

// Finding grades.
const (
	Major       = "major"
	Minor       = "minor"
	Observation = "observation"
	OFI         = "ofi"
)

// Grades lists the finding grades with their labels, most serious first.
var Grades = [][2]string{
	{Major, "Major nonconformity"},
	{Minor, "Minor nonconformity"},
	{Observation, "Observation"},
	{OFI, "Opportunity for improvement"},
}

// Assessed is what an assessment says of one clause, as the readiness method reads it.
type Assessed struct {
	Clause   string
	Result   string
	Maturity *int // nil when not rated
}

// OpenFinding is a finding not yet closed, as the readiness method reads it.
type OpenFinding struct {
	Ref, Clause, Grade, Title string
}

// The readiness method (README, "Compliance workbench"):
//
//   - A clause's credit is its result's weight times its maturity factor. Weights: conformant 1,
//     partially conformant 0.5, nonconformant and not assessed 0. Maturity factor: 1 at level 3
//     (defined) or above, or when no maturity is given; 0.1 less for each level below 3.
//   - Not applicable clauses (with their justification) count neither way.
//   - A group's readiness, and the overall readiness, is the mean credit of its applicable
//     clauses, as a percentage with one decimal. Every clause of the catalogue counts once, main
//     clauses and sub-clauses alike: each is something an auditor checks.
//   - Certification blockers: every open major nonconformity finding, and every clause that is
//     nonconformant or not assessed.
func resultWeight(result string) float64 {
	switch result {
	case Conformant:
		return 1
	case PartiallyConformant:
		return 0.5
	}
	return 0
}

// Credit is a clause's contribution to readiness, from 0 to 1.
func Credit(result string, maturity *int) float64 {
	w := resultWeight(result)
	if maturity != nil && *maturity < 3 {
		w *= 1 - 0.1*float64(3-*maturity)
	}
	return w
}

// Score is the readiness of a set of clauses.
type Score struct {
	Percent    float64        `json:"percent"`    // mean credit of the applicable clauses, 0 to 100
	Applicable int            `json:"applicable"` // clauses not marked not applicable
	Counts     map[string]int `json:"counts"`     // clauses per result
}

// GroupScore is the readiness of one clause group.
type GroupScore struct {
	Group string `json:"group"`
	Title string `json:"title"`
	Score
}

// Blocker stands between the assessment and certification.
type Blocker struct {
	Clause string `json:"clause"`
	Kind   string `json:"kind"` // "major_finding", "nonconformant" or "not_assessed"
	Ref    string `json:"ref,omitempty"`
	Text   string `json:"text"`
}

// FixItem is one entry of the list of what to fix first.
type FixItem struct {
	Rank   int    `json:"rank"`
	Clause string `json:"clause"`
	Ref    string `json:"ref,omitempty"`
	Text   string `json:"text"`
}

// Readiness is the whole readiness of an assessment.
type Readiness struct {
	Overall  Score         `json:"overall"`
	Groups   []GroupScore  `json:"groups"`
	Clauses  []ClauseScore `json:"clauses"`
	Blockers []Blocker     `json:"blockers"`
	FixFirst []FixItem     `json:"fix_first"`
}

// ClauseScore is the readiness of one clause.
type ClauseScore struct {
	Clause   string  `json:"clause"`
	Title    string  `json:"title"`
	Result   string  `json:"result"`
	Maturity *int    `json:"maturity,omitempty"`
	Credit   float64 `json:"credit"` // 0 to 1; 0 for a clause not applicable
}

// Rate applies the readiness method to what an assessment says of each clause (a clause it
// does not mention is not assessed) and to its open findings.
func Rate(assessed []Assessed, open []OpenFinding) Readiness {
	by := map[string]Assessed{}
	for _, a := range assessed {
		by[a.Clause] = a
	}
	out := Readiness{Overall: newScore(), Blockers: []Blocker{}, FixFirst: []FixItem{}}
	groups := map[string]*GroupScore{}
	for _, g := range Groups {
		gs := &GroupScore{Group: g.ID, Title: g.Title, Score: newScore()}
		groups[g.ID] = gs
	}
	sums := map[string]float64{}
	var total float64
	for _, c := range catalogue {
		a := by[c.ID]
		if a.Result == "" {
			a.Result = NotAssessed
		}
		cs := ClauseScore{Clause: c.ID, Title: c.Title, Result: a.Result, Maturity: a.Maturity}
		g := groups[Group(c.ID)]
		g.Counts[a.Result]++
		out.Overall.Counts[a.Result]++
		if a.Result != NotApplicable {
			cs.Credit = Credit(a.Result, a.Maturity)
			g.Applicable++
			out.Overall.Applicable++
			sums[g.Group] += cs.Credit
			total += cs.Credit
		}
		out.Clauses = append(out.Clauses, cs)
		switch a.Result {
		case Nonconformant:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "nonconformant", Text: fmt.Sprintf("%s %s is nonconformant", c.ID, c.Title)})
		case NotAssessed:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "not_assessed", Text: fmt.Sprintf("%s %s is not assessed", c.ID, c.Title)})
		}
	}
	out.Overall.Percent = percent(total, out.Overall.Applicable)
	for _, g := range Groups {
		gs := groups[g.ID]
		gs.Percent = percent(sums[g.ID], gs.Applicable)
		out.Groups = append(out.Groups, *gs)
	}
	majors := []Blocker{} // not nil: an assessment without blockers lists none ([] in JSON)
	for _, f := range open {
		if f.Grade == Major {
			majors = append(majors, Blocker{Clause: f.Clause, Kind: "major_finding", Ref: f.Ref,
				Text: fmt.Sprintf("major nonconformity %s open against %s: %s", f.Ref, f.Clause, f.Title)})
		}
	}
	out.Blockers = append(majors, out.Blockers...)
	out.FixFirst = fixFirst(out, open)
	return out
}

func newScore() Score { return Score{Counts: map[string]int{}} }

func percent(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(sum/float64(n)*1000) / 10
}

// fixFirst orders what stands in the way: major findings, nonconformant clauses, clauses not
// assessed, minor findings, then partially conformant clauses and clauses of low maturity, the
// lowest credit first; clause order within each step.
func fixFirst(r Readiness, open []OpenFinding) []FixItem {
	var out []FixItem
	add := func(clause, ref, text string) {
		out = append(out, FixItem{Rank: len(out) + 1, Clause: clause, Ref: ref, Text: text})
	}
	for _, b := range r.Blockers {
		if b.Kind == "major_finding" {
			add(b.Clause, b.Ref, "close "+b.Text)
		}
	}
	for _, c := range r.Clauses {
		if c.Result == Nonconformant {
			add(c.Clause, "", fmt.Sprintf("bring %s %s to conformity", c.Clause, c.Title))
		}
	}
	for _, c := range r.Clauses {
		if c.Result == NotAssessed {
			add(c.Clause, "", fmt.Sprintf("assess %s %s", c.Clause, c.Title))
		}
	}
	for _, f := range open {
		if f.Grade == Minor {
			add(f.Clause, f.Ref, fmt.Sprintf("close minor nonconformity %s against %s: %s", f.Ref, f.Clause, f.Title))
		}
	}
	var weak []ClauseScore
	for _, c := range r.Clauses {
		if (c.Result == PartiallyConformant || c.Result == Conformant) && c.Credit < 1 {
			weak = append(weak, c)
		}
	}
	slices.SortStableFunc(weak, func(a, b ClauseScore) int {
		switch {
		case a.Credit < b.Credit:
			return -1
		case a.Credit > b.Credit:
			return 1
		}
		return 0
	})
	for _, c := range weak {
		what := "raise the maturity of"
		if c.Result == PartiallyConformant {
			what = "close the gaps in"
		}
		add(c.Clause, "", fmt.Sprintf("%s %s %s (credit %.0f%%)", what, c.Clause, c.Title, c.Credit*100))
	}
	if out == nil {
		out = []FixItem{}
	}
	return out
}
