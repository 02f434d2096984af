package catalogue

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func level(n int) *int { return &n }

// The score of one clause, each result, each maturity, carried forward, another party with and
// without the control of 8.2.3; computed by hand from the method in readiness.go.
func TestCredit(t *testing.T) {
	for _, c := range []struct {
		a       Assessed
		control string // the result of 8.2.3
		want    float64
	}{
		{Assessed{Result: Conformant}, "", 0.7}, // no maturity recorded counts as level 0
		{Assessed{Result: Conformant, Maturity: level(5)}, "", 1},
		{Assessed{Result: Conformant, Maturity: level(4)}, "", 1},
		{Assessed{Result: Conformant, Maturity: level(3)}, "", 1},
		{Assessed{Result: Conformant, Maturity: level(2)}, "", 0.9},
		{Assessed{Result: Conformant, Maturity: level(1)}, "", 0.8},
		{Assessed{Result: Conformant, Maturity: level(0)}, "", 0.7},
		{Assessed{Result: NoInstance, Maturity: level(3)}, "", 1},
		{Assessed{Result: NoInstance}, "", 0.7},
		{Assessed{Result: PartiallyConformant}, "", 0.35},
		{Assessed{Result: PartiallyConformant, Maturity: level(3)}, "", 0.5},
		{Assessed{Result: PartiallyConformant, Maturity: level(2)}, "", 0.45},
		{Assessed{Result: Nonconformant, Maturity: level(5)}, "", 0},
		{Assessed{Result: NotAssessed, Maturity: level(4)}, "", 0},
		{Assessed{Result: NotApplicable, Maturity: level(3)}, "", 0}, // a decision is needed
		{Assessed{Result: ""}, "", 0},
		{Assessed{Result: Conformant, Maturity: level(5), Carried: true}, "", 0},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(3)}, Conformant, 1},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(3)}, PartiallyConformant, 0.5},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(1)}, Conformant, 0.8},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(3)}, Nonconformant, 0},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(3)}, NotAssessed, 0},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(3)}, OtherParty, 0},
		{Assessed{Result: OtherParty, Party: "", Maturity: level(3)}, Conformant, 0},
		{Assessed{Result: OtherParty, Party: "Acme", Maturity: level(3), Carried: true}, Conformant, 0},
	} {
		if got := CreditWith(c.a, c.control); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%+v with 8.2.3 %q: credit %v, want %v", c.a, c.control, got, c.want)
		}
	}
	// A clause never scores more for having no maturity recorded.
	for _, result := range []string{Conformant, PartiallyConformant, NoInstance, Nonconformant, NotAssessed} {
		for m := 0; m <= 5; m++ {
			if Credit(result, nil) > Credit(result, level(m)) {
				t.Errorf("%s: unrated %v above maturity %d %v", result, Credit(result, nil), m, Credit(result, level(m)))
			}
		}
	}
}

func all(result string, maturity *int) []Assessed {
	var out []Assessed
	for _, c := range Clauses() {
		out = append(out, Assessed{Clause: c.ID, Result: result, Maturity: maturity, Party: "Acme"})
	}
	return out
}

// mixed is an assessment small enough to rate by hand (see TestRate).
func mixed() []Assessed {
	return []Assessed{
		{Clause: "4.1", Result: Conformant, Maturity: level(3)}, {Clause: "4.2", Result: Conformant},
		{Clause: "4.3", Result: PartiallyConformant, Maturity: level(3)}, {Clause: "4.4", Result: Nonconformant},
		{Clause: "5.1", Result: Conformant, Maturity: level(4)},
		{Clause: "5.2", Result: Nonconformant}, // a heading: what is said of it is ignored
		{Clause: "5.2.1", Result: Conformant, Maturity: level(3)}, {Clause: "5.2.2", Result: PartiallyConformant, Maturity: level(1)},
		{Clause: "5.3", Result: NotApplicable, Maturity: level(3)},
		{Clause: "6.1", Result: Conformant, Maturity: level(3)}, {Clause: "6.2.1", Result: Conformant, Maturity: level(3), Carried: true},
		// 6.2.2, 6.3 and all of 7 are not mentioned: not assessed
		{Clause: "8.2.1", Result: OtherParty, Party: "Contoso Hosting", Maturity: level(3)},
		{Clause: "8.2.3", Result: Conformant, Maturity: level(3)},
		{Clause: "8.6.1", Result: NoInstance, Maturity: level(2)},
		{Clause: "9.1", Result: PartiallyConformant, Maturity: level(3)},
		{Clause: "10.1", Result: Conformant, Maturity: level(5)}, {Clause: "10.2", Result: Conformant, Maturity: level(0)},
	}
}

func TestRate(t *testing.T) {
	type groups map[string]float64
	for _, c := range []struct {
		name         string
		assessed     []Assessed
		overall      float64
		groups       groups
		counts       map[string]int
		blockers     int
		requirements int
	}{
		{name: "nothing assessed", overall: 0, groups: groups{"4": 0, "5": 0, "8": 0, "10": 0},
			counts: map[string]int{NotAssessed: 57}, blockers: 57},
		{name: "every requirement conformant at maturity 3", assessed: all(Conformant, level(3)), overall: 100,
			groups: groups{"4": 100, "5": 100, "6": 100, "7": 100, "8": 100, "9": 100, "10": 100}, counts: map[string]int{Conformant: 57}},
		{name: "every requirement conformant, no maturity recorded", assessed: all(Conformant, nil), overall: 70,
			groups: groups{"4": 70, "8": 70}, counts: map[string]int{Conformant: 57}},
		{name: "every requirement partially conformant", assessed: all(PartiallyConformant, level(3)), overall: 50,
			groups: groups{"4": 50, "8": 50, "10": 50}, counts: map[string]int{PartiallyConformant: 57}, blockers: 0},
		{name: "every requirement marked not applicable: nothing leaves the denominator", assessed: all(NotApplicable, level(3)),
			overall: 0, groups: groups{"4": 0, "8": 0}, counts: map[string]int{NotApplicable: 57}, blockers: 57},
		{name: "every requirement fulfilled by another party, 8.2.3 included", assessed: all(OtherParty, level(3)),
			overall: 0, counts: map[string]int{OtherParty: 57}, blockers: 57},
		{name: "mixed", assessed: mixed(),
			// 4: 1 + 0.7 + 0.5 + 0 = 2.2 over 4 = 55; 5: 5.1 1, 5.2.1 1, 5.2.2 0.5 x 0.8 = 0.4,
			// 5.3 n/a 0 = 2.4 over 4 = 60; 6: 6.1 1, 6.2.1 carried 0, 6.2.2 0, 6.3 0 = 1 over 4 = 25;
			// 7: 0 over 9; 8: 8.2.1 through 8.2.3 1, 8.2.3 1, 8.6.1 0.9 = 2.9 over 30 = 9.7;
			// 9: 0.5 over 4 = 12.5; 10: 1 + 0.7 over 2 = 85.
			// Overall: 2.2 + 2.4 + 1 + 0 + 2.9 + 0.5 + 1.7 = 10.7 over 57 = 18.8.
			overall: 18.8, groups: groups{"4": 55, "5": 60, "6": 25, "7": 0, "8": 9.7, "9": 12.5, "10": 85},
			counts: map[string]int{Conformant: 9, PartiallyConformant: 3, Nonconformant: 1, NotApplicable: 1, OtherParty: 1, NoInstance: 1, NotAssessed: 41},
			// 4.4 nonconformant, 5.3 a decision, 6.2.1 not verified, 41 not assessed
			blockers: 44},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Rate("en", c.assessed, nil)
			if r.Overall.Percent != c.overall || r.Overall.Requirements != 57 {
				t.Errorf("overall %v%% of %d requirements, want %v%% of 57", r.Overall.Percent, r.Overall.Requirements, c.overall)
			}
			for result, n := range c.counts {
				if r.Overall.Counts[result] != n {
					t.Errorf("%d requirements %s, want %d (counts %v)", r.Overall.Counts[result], result, n, r.Overall.Counts)
				}
			}
			if len(r.Blockers) != c.blockers {
				t.Errorf("%d blockers, want %d: %v", len(r.Blockers), c.blockers, r.Blockers)
			}
			requirements := 0
			for i, g := range r.Groups {
				if g.Group != Groups[i].ID || g.Title != Groups[i].Title {
					t.Errorf("group %d is %s %q", i, g.Group, g.Title)
				}
				if want, ok := c.groups[g.Group]; ok && g.Percent != want {
					t.Errorf("group %s: %v%%, want %v%%", g.Group, g.Percent, want)
				}
				requirements += g.Requirements
			}
			if requirements != 57 || len(r.Clauses) != 70 {
				t.Errorf("groups count %d requirements, %d clause scores; want 57 and 70", requirements, len(r.Clauses))
			}
			for i, cs := range r.Clauses {
				if cs.Clause != Clauses()[i].ID || cs.Rollup != Clauses()[i].Rollup {
					t.Errorf("clause score %d is %s (rollup %v)", i, cs.Clause, cs.Rollup)
				}
			}
		})
	}
}

func TestRateClauseScoresAndRollups(t *testing.T) {
	r := Rate("en", mixed(), nil)
	by := map[string]ClauseScore{}
	for _, cs := range r.Clauses {
		by[cs.Clause] = cs
	}
	for _, c := range []struct {
		clause, result string
		credit         float64
		rollup         bool
	}{
		{"4.1", Conformant, 1, false}, {"4.2", Conformant, 0.7, false}, {"4.4", Nonconformant, 0, false},
		{"5.2", PartiallyConformant, 0.7, true}, // 5.2.1 conformant, 5.2.2 partially: (1 + 0.4) / 2
		{"5.3", NotApplicable, 0, false},
		{"6.2", NotAssessed, 0, true}, // 6.2.1 carried forward, 6.2.2 not assessed
		{"6.2.1", Conformant, 0, false},
		{"8.2.1", OtherParty, 1, false}, {"8.6.1", NoInstance, 0.9, false},
		{"8.6", NotAssessed, 0.3, true}, // 8.6.1 0.9, 8.6.2 and 8.6.3 nothing: 0.9 / 3
		{"8.5.1", NotAssessed, 0, true},
	} {
		cs := by[c.clause]
		if cs.Result != c.result || math.Abs(cs.Credit-c.credit) > 1e-9 || cs.Rollup != c.rollup {
			t.Errorf("clause %s: %s credit %v rollup %v, want %s credit %v rollup %v", c.clause, cs.Result, cs.Credit, cs.Rollup, c.result, c.credit, c.rollup)
		}
	}
	if !by["6.2.1"].Carried || by["8.2.1"].Party != "Contoso Hosting" {
		t.Errorf("6.2.1 %+v, 8.2.1 %+v", by["6.2.1"], by["8.2.1"])
	}
	if r.Overall.Carried != 1 {
		t.Errorf("carried %d", r.Overall.Carried)
	}
}

var openFindings = []OpenFinding{
	{Ref: "FND-00001", Clause: "8.2.1", Grade: Major, Title: "no portfolio"},
	{Ref: "FND-00002", Clause: "4.3", Grade: Minor, Title: "scope vague", Planned: true},
	{Ref: "FND-00003", Clause: "6.1", Grade: Observation, Title: "risk scale"},
	{Ref: "FND-00004", Clause: "5.2.1", Grade: Major, Title: "policy unsigned"},
	{Ref: "FND-00005", Clause: "7.1", Grade: OFI, Title: "budget tool"},
}

func TestBlockers(t *testing.T) {
	r := Rate("en", mixed(), openFindings)
	var got []string
	for _, b := range r.Blockers[:8] {
		got = append(got, strings.TrimSpace(b.Kind+" "+b.Clause+" "+b.Ref))
	}
	want := []string{
		// open major findings first, in the order given
		"major_finding 8.2.1 FND-00001", "major_finding 5.2.1 FND-00004",
		// then the requirements, in the catalogue's order; never a heading
		"nonconformant 4.4", "needs_decision 5.3", "not_verified 6.2.1", "not_assessed 6.2.2", "not_assessed 6.3", "not_assessed 7.1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blockers\n%v\nwant\n%v", got, want)
	}
	for _, b := range r.Blockers {
		if c, _ := Lookup(b.Clause); c.Rollup {
			t.Errorf("a heading blocks: %+v", b)
		}
		if b.Ref == "FND-00002" || b.Ref == "FND-00003" || b.Ref == "FND-00005" {
			t.Errorf("%s blocks certification", b.Ref)
		}
	}
	if b := r.Blockers[2]; b.Text != "4.4 Service management system is nonconformant" {
		t.Errorf("text %q", b.Text)
	}
	// Another party without the control of 8.2.3 blocks; with it, it does not.
	base := all(Conformant, level(3))
	base[slices.IndexFunc(base, func(a Assessed) bool { return a.Clause == "8.3.4.2" })].Result = OtherParty
	if r := Rate("en", base, nil); len(r.Blockers) != 0 {
		t.Errorf("with 8.2.3 conformant: %v", r.Blockers)
	}
	base[slices.IndexFunc(base, func(a Assessed) bool { return a.Clause == "8.2.3" })].Result = Nonconformant
	r = Rate("en", base, nil)
	var kinds []string
	for _, b := range r.Blockers {
		kinds = append(kinds, b.Kind+" "+b.Clause)
	}
	if !slices.Equal(kinds, []string{"nonconformant 8.2.3", "other_party_uncontrolled 8.3.4.2"}) ||
		!strings.Contains(r.Blockers[1].Text, "fulfilled by Acme") {
		t.Errorf("blockers %v", r.Blockers)
	}
	// The headings above a nonconformant requirement roll up to nonconformant, but what to fix
	// names the requirement only (seen in a pack: "bring 8.3 ... to conformity").
	if len(r.FixFirst) != 2 || r.FixFirst[0].Text != "bring 8.2.3 Control of parties involved in the service lifecycle to conformity" ||
		!strings.HasPrefix(r.FixFirst[1].Text, "settle: 8.3.4.2") {
		t.Errorf("fix first %+v", r.FixFirst)
	}
	if r := Rate("en", all(Conformant, level(3)), openFindings[1:3]); len(r.Blockers) != 0 || r.Blockers == nil {
		t.Errorf("blockers %v, want an empty list", r.Blockers)
	}
	// A minor nonconformity needs an accepted correction plan, not closure: without one it
	// blocks, after the majors.
	unplanned := append(slices.Clone(openFindings), OpenFinding{Ref: "FND-00006", Clause: "9.1", Grade: Minor, Title: "trend analysis missing"})
	r = Rate("en", all(Conformant, level(3)), unplanned)
	if len(r.Blockers) != 3 || r.Blockers[2].Kind != "minor_without_plan" || r.Blockers[2].Ref != "FND-00006" ||
		r.Blockers[2].Text != "minor nonconformity FND-00006 against 9.1 has no accepted correction plan: trend analysis missing" {
		t.Errorf("blockers %+v", r.Blockers)
	}
}

func TestFixFirst(t *testing.T) {
	r := Rate("en", mixed(), openFindings)
	var got []string
	for i, f := range r.FixFirst {
		if f.Rank != i+1 {
			t.Errorf("item %d has rank %d", i, f.Rank)
		}
		got = append(got, f.Text)
	}
	head := []string{
		"close major nonconformity FND-00001 open against 8.2.1: no portfolio",
		"close major nonconformity FND-00004 open against 5.2.1: policy unsigned",
		"bring 4.4 Service management system to conformity",
	}
	if !slices.Equal(got[:3], head) || !strings.HasPrefix(got[3], "settle: 5.3 ") || !strings.HasPrefix(got[4], "settle: 6.2.1 ") ||
		got[5] != "assess 6.2.2 Plan to achieve objectives" {
		t.Errorf("fix first\n%s", strings.Join(got, "\n"))
	}
	tail := []string{
		"close minor nonconformity FND-00002 against 4.3: scope vague",
		// the weakest credit first, clause order between equals
		"close the gaps in 5.2.2 Communicating the service management policy (credit 40%)",
		"close the gaps in 4.3 Determining the scope of the service management system (credit 50%)",
		"close the gaps in 9.1 Monitoring, measurement, analysis and evaluation (credit 50%)",
		"rate the maturity of 4.2 Understanding the needs and expectations of interested parties (credit 70%)",
		"raise the maturity of 10.2 Continual improvement (credit 70%)",
		"raise the maturity of 8.6.1 Incident management (credit 90%)",
	}
	if !slices.Equal(got[len(got)-len(tail):], tail) {
		t.Errorf("fix first ends\n%s\nwant\n%s", strings.Join(got[len(got)-len(tail):], "\n"), strings.Join(tail, "\n"))
	}
	if r := Rate("en", all(Conformant, level(3)), nil); r.FixFirst == nil || len(r.FixFirst) != 0 {
		t.Errorf("fix first %v, want an empty list", r.FixFirst)
	}
}

// Missing documented information blocks right after the open majors, and is provided right after
// they are closed; the ranks follow.
func TestAddMissing(t *testing.T) {
	r := Rate("en", mixed(), openFindings)
	blockers, fixes := len(r.Blockers), len(r.FixFirst)
	r.AddMissing("en", []MissingDoc{{Clause: "7.2", What: "evidence of competence"}, {Clause: "4.3", What: "scope of the SMS"}})
	var kinds []string
	for _, b := range r.Blockers[:5] {
		kinds = append(kinds, b.Kind+" "+b.Clause)
	}
	if len(r.Blockers) != blockers+2 || !slices.Equal(kinds, []string{"major_finding 8.2.1", "major_finding 5.2.1",
		"missing_documented_information 7.2", "missing_documented_information 4.3", "nonconformant 4.4"}) ||
		r.Blockers[2].Text != "documented information required by 7.2 is missing: evidence of competence" {
		t.Errorf("blockers %v", r.Blockers[:5])
	}
	if len(r.FixFirst) != fixes+2 || r.FixFirst[2].Text != "provide the documented information required by 7.2: evidence of competence" ||
		!strings.HasPrefix(r.FixFirst[1].Text, "close major") || !strings.HasPrefix(r.FixFirst[4].Text, "bring 4.4") {
		t.Errorf("fix first %+v", r.FixFirst[:5])
	}
	for i, f := range r.FixFirst {
		if f.Rank != i+1 {
			t.Fatalf("ranks %+v", r.FixFirst)
		}
	}
	// Without majors, they come first; nothing missing changes nothing.
	r = Rate("en", all(Conformant, level(3)), nil)
	r.AddMissing("en", nil)
	if len(r.Blockers) != 0 || len(r.FixFirst) != 0 {
		t.Errorf("nothing missing: %v %v", r.Blockers, r.FixFirst)
	}
	r.AddMissing("en", []MissingDoc{{Clause: "8.7.2", What: "service continuity plans"}})
	if len(r.Blockers) != 1 || r.Blockers[0].Clause != "8.7.2" || len(r.FixFirst) != 1 || r.FixFirst[0].Rank != 1 {
		t.Errorf("alone: %v %v", r.Blockers, r.FixFirst)
	}
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Clauses() {
		if seen[c.ID] {
			t.Errorf("clause %q twice", c.ID)
		}
		seen[c.ID] = true
		g := Group(c.ID)
		if !slices.ContainsFunc(Groups, func(x struct{ ID, Title string }) bool { return x.ID == g }) {
			t.Errorf("clause %s is in no group (%s)", c.ID, g)
		}
	}
	for _, c := range []struct{ id, group, parent string }{
		{"4.1", "4", "4"}, {"8.5.1.1", "8", "8.5.1"}, {"10.2", "10", "10"}, {"8", "8", ""},
	} {
		if Group(c.id) != c.group || Parent(c.id) != c.parent {
			t.Errorf("%s: group %s parent %s, want %s and %s", c.id, Group(c.id), Parent(c.id), c.group, c.parent)
		}
	}
	if _, ok := Lookup("11.1"); ok {
		t.Errorf("11.1 found")
	}
}
