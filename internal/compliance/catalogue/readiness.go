package catalogue

import (
	"math"
	"slices"
	"strings"

	"smsworkbench/internal/i18n"
)

// Results of a clause in an assessment. ISO/IEC 20000-1:2018 allows no exclusion of any
// requirement of clauses 4 to 10, so there is no "not applicable": a process another party runs
// is OtherParty (and counts through the control of that party, 8.2.3), and a requirement whose
// records cannot exist because nothing happened in the period (no emergency change) is
// NoInstance (its procedure is what is assessed). NotApplicable survives only in assessments made
// before; it is shown as needing a decision and counts for nothing until one is made.
const (
	NotAssessed         = "not_assessed"
	Conformant          = "conformant"
	PartiallyConformant = "partially_conformant"
	Nonconformant       = "nonconformant"
	OtherParty          = "other_party"
	NoInstance          = "no_instance"
	NotApplicable       = "not_applicable"
)

// Results lists the results in the order a form offers them, with their labels; the last,
// not applicable, is only ever read from older assessments.
var Results = [][2]string{
	{NotAssessed, "Not assessed"},
	{Conformant, "Conformant"},
	{PartiallyConformant, "Partially conformant"},
	{Nonconformant, "Nonconformant"},
	{OtherParty, "Fulfilled by another party"},
	{NoInstance, "No instance in the period"},
	{NotApplicable, "Not applicable (needs a decision)"},
}

// Chosen reports whether a result may be given now (every result but the legacy not applicable).
func Chosen(result string) bool {
	for _, r := range Results {
		if r[0] == result {
			return result != NotApplicable
		}
	}
	return false
}

// ControlOfOtherParties is the clause through which a result fulfilled by another party counts.
const ControlOfOtherParties = "8.2.3"

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
	// Party names who fulfils the requirement, for OtherParty.
	Party string
	// Carried marks a result carried forward from an earlier assessment and not yet confirmed
	// or changed by anyone: it counts for nothing until it is.
	Carried bool
}

// OpenFinding is a finding not yet closed, as the readiness method reads it.
type OpenFinding struct {
	Ref, Clause, Grade, Title string
	// Planned says that the corrective action of its nonconformity is planned (the
	// nonconformity analysed and its action agreed): what certification asks of a minor one.
	Planned bool
}

// The readiness method (docs/compliance.md, "The readiness method"):
//
//   - Only the requirements are scored: the group headings (8.2, 8.5.1…) hold none and show what
//     their sub-clauses found. Every other node counts once; nothing is ever left out of the
//     denominator, since 20000-1 allows no exclusion.
//   - A clause's credit is its result's weight times its maturity factor. Weights: conformant
//     and no instance in the period 1, partially conformant 0.5, nonconformant, not assessed and
//     the legacy not applicable 0; fulfilled by another party takes the weight of 8.2.3 (the
//     control of other parties) in the same assessment, since that control is what makes it
//     count. A result carried forward and not yet confirmed counts 0.
//   - Maturity factor: 1 at level 3 (defined) or above, 0.1 less for each level below; a
//     maturity not recorded is not presumed and counts as level 0 (0.7), so a clause never scores
//     more for having no maturity recorded.
//   - A group's readiness, and the overall readiness, is the mean credit of its requirements, as a
//     percentage with one decimal.
//   - Certification blockers: every open major nonconformity finding (it closes only once its
//     nonconformity is closed, its corrective actions verified effective), every open minor one
//     without an accepted correction plan (closure is not needed), every requirement that is
//     nonconformant, not assessed, carried forward without confirmation or marked not applicable
//     (a decision is needed), and every requirement fulfilled by another party while 8.2.3 is
//     not shown to be at least partially conformant.
func resultWeight(result string) float64 {
	switch result {
	case Conformant, NoInstance:
		return 1
	case PartiallyConformant:
		return 0.5
	}
	return 0
}

// unratedLevel is the maturity level a clause with no maturity recorded counts at.
const unratedLevel = 0

// MaturityFactor is the factor of a maturity level (nil: not recorded).
func MaturityFactor(maturity *int) float64 {
	m := unratedLevel
	if maturity != nil {
		m = *maturity
	}
	if m >= 3 {
		return 1
	}
	return 1 - 0.1*float64(3-m)
}

// Credit is a clause's contribution to readiness, from 0 to 1, for the results that stand on
// their own (OtherParty goes through CreditWith).
func Credit(result string, maturity *int) float64 {
	w := resultWeight(result)
	if w == 0 {
		return 0
	}
	return w * MaturityFactor(maturity)
}

// CreditWith is the credit of an assessed clause, given the result of 8.2.3 in its assessment.
func CreditWith(a Assessed, control string) float64 {
	if a.Carried {
		return 0
	}
	if a.Result == OtherParty {
		w := resultWeight(control)
		if control == OtherParty || a.Party == "" {
			w = 0
		}
		return w * MaturityFactor(a.Maturity)
	}
	return Credit(a.Result, a.Maturity)
}

// Score is the readiness of a set of clauses.
type Score struct {
	Percent float64 `json:"percent"` // mean credit of the requirements, 0 to 100
	// Requirements is how many nodes were scored (the group headings are not).
	Requirements int            `json:"requirements"`
	Counts       map[string]int `json:"counts"`  // requirements per result
	Carried      int            `json:"carried"` // results carried forward, not yet confirmed
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
	// Kind: "major_finding", "minor_without_plan", "nonconformant", "not_assessed", "not_verified" (carried forward),
	// "needs_decision" (not applicable), "other_party_uncontrolled" or "missing_documented_information".
	Kind string `json:"kind"`
	Ref  string `json:"ref,omitempty"`
	Text string `json:"text"`
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

// MissingDoc is documented information the standard requires that the workspace does not hold
// (the stage-1 checklist finds it).
type MissingDoc struct {
	Clause string
	What   string
}

// AddMissing adds missing mandatory documented information to the blockers, after the open
// major nonconformities, and to what to fix first, after closing them: a stage-1 audit stops
// where the documents it reads do not exist.
func (r *Readiness) AddMissing(lang string, missing []MissingDoc) {
	if len(missing) == 0 {
		return
	}
	var blockers []Blocker
	for _, m := range missing {
		blockers = append(blockers, Blocker{Clause: m.Clause, Kind: "missing_documented_information",
			Text: i18n.Tr(lang, "documented information required by %s is missing: %s", m.Clause, m.What)})
	}
	majors := 0
	for majors < len(r.Blockers) && r.Blockers[majors].Kind == "major_finding" {
		majors++
	}
	r.Blockers = slices.Concat(r.Blockers[:majors], blockers, r.Blockers[majors:])
	fixes := min(majors, len(r.FixFirst)) // what to fix first starts with closing the majors
	var add []FixItem
	for _, m := range missing {
		add = append(add, FixItem{Clause: m.Clause, Text: i18n.Tr(lang, "provide the documented information required by %s: %s", m.Clause, m.What)})
	}
	r.FixFirst = slices.Concat(r.FixFirst[:fixes], add, r.FixFirst[fixes:])
	for i := range r.FixFirst {
		r.FixFirst[i].Rank = i + 1
	}
}

// ClauseScore is the readiness of one clause.
type ClauseScore struct {
	Clause   string  `json:"clause"`
	Title    string  `json:"title"`
	Result   string  `json:"result"`
	Maturity *int    `json:"maturity,omitempty"`
	Party    string  `json:"party,omitempty"`
	Carried  bool    `json:"carried_forward,omitempty"`
	Credit   float64 `json:"credit"` // 0 to 1; for a heading, the mean of its requirements'
	// Rollup marks a group heading: not scored, its result is what its sub-clauses found (the
	// worst of them: nonconformant, partially conformant, not assessed, conformant).
	Rollup bool `json:"rollup,omitempty"`
}

// Rate applies the readiness method to what an assessment says of each clause (a clause it
// does not mention is not assessed; what it says of a group heading is ignored) and to its open
// findings. Its titles and texts are in lang.
func Rate(lang string, assessed []Assessed, open []OpenFinding) Readiness {
	tr := func(format string, args ...any) string { return i18n.Tr(lang, format, args...) }
	by := map[string]Assessed{}
	for _, a := range assessed {
		by[a.Clause] = a
	}
	control := by[ControlOfOtherParties]
	controlResult := control.Result
	if control.Carried {
		controlResult = NotAssessed
	}
	out := Readiness{Overall: newScore(), Blockers: []Blocker{}, FixFirst: []FixItem{}}
	groups := map[string]*GroupScore{}
	for _, g := range Groups {
		gs := &GroupScore{Group: g.ID, Title: Word(lang, "group", g.ID), Score: newScore()}
		groups[g.ID] = gs
	}
	sums := map[string]float64{}
	var total float64
	scores := map[string]*ClauseScore{}
	clauses := ClausesIn(lang)
	for _, c := range clauses {
		if c.Rollup {
			continue
		}
		a := by[c.ID]
		if a.Result == "" {
			a.Result = NotAssessed
		}
		a.Clause = c.ID
		cs := &ClauseScore{Clause: c.ID, Title: c.Title, Result: a.Result, Maturity: a.Maturity, Party: a.Party, Carried: a.Carried}
		cs.Credit = CreditWith(a, controlResult)
		scores[c.ID] = cs
		g := groups[Group(c.ID)]
		for _, sc := range []*Score{&g.Score, &out.Overall} {
			sc.Counts[a.Result]++
			sc.Requirements++
			if a.Carried {
				sc.Carried++
			}
		}
		sums[g.Group] += cs.Credit
		total += cs.Credit
		name := c.ID + " " + c.Title
		switch {
		case a.Carried:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "not_verified", Text: tr("%s: its result was carried forward and is not yet verified", name)})
		case a.Result == Nonconformant:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "nonconformant", Text: tr("%s is nonconformant", name)})
		case a.Result == NotAssessed:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "not_assessed", Text: tr("%s is not assessed", name)})
		case a.Result == NotApplicable:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "needs_decision", Text: tr("%s is marked not applicable, which 20000-1 does not allow: assess it, or record who fulfils it or that no instance occurred", name)})
		case a.Result == OtherParty && cs.Credit == 0:
			out.Blockers = append(out.Blockers, Blocker{Clause: c.ID, Kind: "other_party_uncontrolled", Text: tr("%s is fulfilled by %s, but the control of other parties (%s) is not shown to be conformant", name, orUnnamed(lang, a.Party), ControlOfOtherParties)})
		}
	}
	out.Overall.Percent = percent(total, out.Overall.Requirements)
	for _, g := range Groups {
		gs := groups[g.ID]
		gs.Percent = percent(sums[g.ID], gs.Requirements)
		out.Groups = append(out.Groups, *gs)
	}
	for _, c := range clauses {
		if c.Rollup {
			out.Clauses = append(out.Clauses, rollUp(c, scores))
		} else {
			out.Clauses = append(out.Clauses, *scores[c.ID])
		}
	}
	majors := []Blocker{} // not nil: an assessment without blockers lists none ([] in JSON)
	for _, f := range open {
		if f.Grade == Major {
			majors = append(majors, Blocker{Clause: f.Clause, Kind: "major_finding", Ref: f.Ref,
				Text: tr("major nonconformity %s open against %s: %s", f.Ref, f.Clause, f.Title)})
		}
	}
	for _, f := range open {
		if f.Grade == Minor && !f.Planned {
			majors = append(majors, Blocker{Clause: f.Clause, Kind: "minor_without_plan", Ref: f.Ref,
				Text: tr("minor nonconformity %s against %s has no accepted correction plan: %s", f.Ref, f.Clause, f.Title)})
		}
	}
	out.Blockers = append(majors, out.Blockers...)
	out.FixFirst = fixFirst(lang, out, open)
	return out
}

func orUnnamed(lang, party string) string {
	if party == "" {
		return i18n.Tr(lang, "an unnamed party")
	}
	return party
}

// rollUp shows what the requirements under a heading found: the worst result, and their mean
// credit.
func rollUp(c Clause, scores map[string]*ClauseScore) ClauseScore {
	out := ClauseScore{Clause: c.ID, Title: c.Title, Rollup: true, Result: Conformant}
	rank := map[string]int{Nonconformant: 4, PartiallyConformant: 3, NotApplicable: 2, NotAssessed: 2}
	var sum float64
	n := 0
	for id, s := range scores {
		if !strings.HasPrefix(id, c.ID+".") {
			continue
		}
		result := s.Result
		if s.Carried {
			result = NotAssessed
		}
		if rank[result] > rank[out.Result] {
			out.Result = result
		}
		sum += s.Credit
		n++
	}
	if out.Result == NotApplicable {
		out.Result = NotAssessed
	}
	if n > 0 {
		out.Credit = math.Round(sum/float64(n)*1000) / 1000
	}
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
func fixFirst(lang string, r Readiness, open []OpenFinding) []FixItem {
	tr := func(format string, args ...any) string { return i18n.Tr(lang, format, args...) }
	var out []FixItem
	add := func(clause, ref, text string) {
		out = append(out, FixItem{Rank: len(out) + 1, Clause: clause, Ref: ref, Text: text})
	}
	for _, b := range r.Blockers {
		if b.Kind == "major_finding" {
			add(b.Clause, b.Ref, tr("close %s", b.Text))
		}
	}
	for _, c := range r.Clauses {
		if c.Result == Nonconformant && !c.Rollup { // a heading shows its requirements' result
			add(c.Clause, "", tr("bring %s %s to conformity", c.Clause, c.Title))
		}
	}
	for _, b := range r.Blockers {
		switch b.Kind {
		case "not_verified", "needs_decision", "other_party_uncontrolled":
			add(b.Clause, "", tr("settle: %s", b.Text))
		}
	}
	for _, c := range r.Clauses {
		if c.Result == NotAssessed && !c.Rollup && !c.Carried {
			add(c.Clause, "", tr("assess %s %s", c.Clause, c.Title))
		}
	}
	for _, f := range open {
		if f.Grade == Minor {
			add(f.Clause, f.Ref, tr("close minor nonconformity %s against %s: %s", f.Ref, f.Clause, f.Title))
		}
	}
	var weak []ClauseScore
	for _, c := range r.Clauses {
		if !c.Rollup && !c.Carried && (c.Result == PartiallyConformant || c.Result == Conformant || c.Result == NoInstance) && c.Credit > 0 && c.Credit < 1 {
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
		switch {
		case c.Result == PartiallyConformant:
			add(c.Clause, "", tr("close the gaps in %s %s (credit %.0f%%)", c.Clause, c.Title, c.Credit*100))
		case c.Maturity == nil:
			add(c.Clause, "", tr("rate the maturity of %s %s (credit %.0f%%)", c.Clause, c.Title, c.Credit*100))
		default:
			add(c.Clause, "", tr("raise the maturity of %s %s (credit %.0f%%)", c.Clause, c.Title, c.Credit*100))
		}
	}
	if out == nil {
		out = []FixItem{}
	}
	return out
}
