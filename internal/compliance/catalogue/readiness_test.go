package catalogue

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func level(n int) *int { return &n }

func TestCredit(t *testing.T) {
	for _, c := range []struct {
		result   string
		maturity *int
		want     float64
	}{
		{Conformant, nil, 1},
		{Conformant, level(5), 1},
		{Conformant, level(4), 1},
		{Conformant, level(3), 1},
		{Conformant, level(2), 0.9},
		{Conformant, level(1), 0.8},
		{Conformant, level(0), 0.7},
		{PartiallyConformant, nil, 0.5},
		{PartiallyConformant, level(3), 0.5},
		{PartiallyConformant, level(5), 0.5},
		{PartiallyConformant, level(2), 0.45},
		{PartiallyConformant, level(1), 0.4},
		{PartiallyConformant, level(0), 0.35},
		{Nonconformant, nil, 0},
		{Nonconformant, level(5), 0},
		{NotAssessed, nil, 0},
		{NotAssessed, level(4), 0},
		{NotApplicable, nil, 0},
		{"", nil, 0},
	} {
		name := "unset"
		if c.maturity != nil {
			name = fmt.Sprint(*c.maturity)
		}
		if got := Credit(c.result, c.maturity); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Credit(%s, maturity %s) = %v, want %v", c.result, name, got, c.want)
		}
	}
}

// ids lists the clauses of the catalogue from one id to another, both included.
func ids(from, to string) []string {
	var out []string
	in := false
	for _, c := range Clauses() {
		if c.ID == from {
			in = true
		}
		if in {
			out = append(out, c.ID)
		}
		if c.ID == to {
			break
		}
	}
	return out
}

func all(result string) []Assessed {
	var out []Assessed
	for _, c := range Clauses() {
		out = append(out, Assessed{Clause: c.ID, Result: result})
	}
	return out
}

// mixed is an assessment small enough to rate by hand (see TestRate).
func mixed() []Assessed {
	a := []Assessed{
		{Clause: "4.1", Result: Conformant}, {Clause: "4.2", Result: Conformant},
		{Clause: "4.3", Result: PartiallyConformant}, {Clause: "4.4", Result: Nonconformant},
		{Clause: "5.1", Result: Conformant}, {Clause: "5.2", Result: PartiallyConformant},
		{Clause: "5.3", Result: NotApplicable, Maturity: level(0)}, // its maturity counts for nothing
		{Clause: "6.1", Result: Conformant}, {Clause: "6.2", Result: Conformant, Maturity: level(4)},
		// 6.3 and 7.1 to 7.6 are not mentioned: not assessed
		{Clause: "8.1", Result: Conformant, Maturity: level(0)}, {Clause: "8.2", Result: Nonconformant},
		{Clause: "9.1", Result: PartiallyConformant, Maturity: level(1)},
		{Clause: "10.1", Result: Conformant, Maturity: level(5)}, {Clause: "10.2", Result: Conformant, Maturity: level(3)},
	}
	for _, id := range ids("8.2.1", "8.7.3.3") {
		a = append(a, Assessed{Clause: id, Result: NotApplicable})
	}
	for _, id := range ids("9.2", "9.4") {
		a = append(a, Assessed{Clause: id, Result: NotApplicable})
	}
	return a
}

func TestRate(t *testing.T) {
	type groups map[string]float64
	for _, c := range []struct {
		name       string
		assessed   []Assessed
		overall    float64
		applicable int
		groups     groups
		counts     map[string]int
	}{
		{name: "nothing assessed", assessed: nil, overall: 0, applicable: 62,
			groups: groups{"4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 0, "10": 0},
			counts: map[string]int{NotAssessed: 62}},
		{name: "every clause conformant", assessed: all(Conformant), overall: 100, applicable: 62,
			groups: groups{"4": 100, "5": 100, "6": 100, "7": 100, "8": 100, "9": 100, "10": 100},
			counts: map[string]int{Conformant: 62}},
		{name: "every clause partially conformant", assessed: all(PartiallyConformant), overall: 50, applicable: 62,
			groups: groups{"4": 50, "8": 50, "10": 50}, counts: map[string]int{PartiallyConformant: 62}},
		{name: "every clause nonconformant", assessed: all(Nonconformant), overall: 0, applicable: 62,
			groups: groups{"4": 0, "8": 0}, counts: map[string]int{Nonconformant: 62}},
		{name: "every clause not applicable", assessed: all(NotApplicable), overall: 0, applicable: 0,
			groups: groups{"4": 0, "8": 0}, counts: map[string]int{NotApplicable: 62}},
		{name: "one clause conformant", assessed: []Assessed{{Clause: "5.2", Result: Conformant}},
			// 1/62 = 1.6129 -> 1.6; group 5: 1/3 = 33.3
			overall: 1.6, applicable: 62, groups: groups{"4": 0, "5": 33.3, "10": 0},
			counts: map[string]int{Conformant: 1, NotAssessed: 61}},
		{name: "one clause applicable", assessed: append(all(NotApplicable)[:61], Assessed{Clause: "10.2", Result: PartiallyConformant, Maturity: level(2)}),
			// 0.5 x 0.9 = 0.45 over 1 clause
			overall: 45, applicable: 1, groups: groups{"4": 0, "10": 45},
			counts: map[string]int{NotApplicable: 61, PartiallyConformant: 1}},
		{name: "mixed", assessed: mixed(),
			// credits: 4: 1+1+0.5+0 = 2.5 over 4; 5: 1+0.5 over 2 (5.3 n/a); 6: 1+1+0 over 3;
			// 7: 0 over 6; 8: 0.7 (8.1 at maturity 0) + 0 (8.2) over 2, the 38 others n/a;
			// 9: 0.5 x 0.8 = 0.4 over 1; 10: 1+1 over 2.
			// Overall: 2.5+1.5+2+0+0.7+0.4+2 = 9.1 over 4+2+3+6+2+1+2 = 20 = 45.5.
			overall: 45.5, applicable: 20,
			groups: groups{"4": 62.5, "5": 75, "6": 66.7, "7": 0, "8": 35, "9": 40, "10": 100},
			counts: map[string]int{Conformant: 8, PartiallyConformant: 3, Nonconformant: 2, NotApplicable: 42, NotAssessed: 7}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Rate(c.assessed, nil)
			if r.Overall.Percent != c.overall || r.Overall.Applicable != c.applicable {
				t.Errorf("overall %v%% of %d applicable, want %v%% of %d", r.Overall.Percent, r.Overall.Applicable, c.overall, c.applicable)
			}
			for result, n := range c.counts {
				if r.Overall.Counts[result] != n {
					t.Errorf("%d clauses %s, want %d (counts %v)", r.Overall.Counts[result], result, n, r.Overall.Counts)
				}
			}
			if len(r.Groups) != 7 {
				t.Fatalf("%d groups, want 7", len(r.Groups))
			}
			applicable, sum := 0, 0
			for i, g := range r.Groups {
				if g.Group != Groups[i].ID || g.Title != Groups[i].Title {
					t.Errorf("group %d is %s %q", i, g.Group, g.Title)
				}
				if want, ok := c.groups[g.Group]; ok && g.Percent != want {
					t.Errorf("group %s: %v%%, want %v%%", g.Group, g.Percent, want)
				}
				applicable += g.Applicable
				for _, n := range g.Counts {
					sum += n
				}
			}
			if applicable != r.Overall.Applicable || sum != 62 {
				t.Errorf("groups count %d applicable and %d clauses, want %d and 62", applicable, sum, r.Overall.Applicable)
			}
			if len(r.Clauses) != 62 {
				t.Fatalf("%d clause scores, want 62", len(r.Clauses))
			}
			for i, cs := range r.Clauses {
				if cs.Clause != Clauses()[i].ID || cs.Title != Clauses()[i].Title {
					t.Errorf("clause score %d is %s %q", i, cs.Clause, cs.Title)
				}
			}
		})
	}
}

func TestRateClauseScores(t *testing.T) {
	r := Rate(mixed(), nil)
	by := map[string]ClauseScore{}
	for _, cs := range r.Clauses {
		by[cs.Clause] = cs
	}
	for _, c := range []struct {
		clause, result string
		credit         float64
	}{
		{"4.1", Conformant, 1}, {"4.3", PartiallyConformant, 0.5}, {"4.4", Nonconformant, 0},
		{"5.3", NotApplicable, 0}, {"6.2", Conformant, 1}, {"6.3", NotAssessed, 0},
		{"8.1", Conformant, 0.7}, {"9.1", PartiallyConformant, 0.4}, {"10.1", Conformant, 1},
	} {
		cs := by[c.clause]
		if cs.Result != c.result || math.Abs(cs.Credit-c.credit) > 1e-9 {
			t.Errorf("clause %s: %s credit %v, want %s credit %v", c.clause, cs.Result, cs.Credit, c.result, c.credit)
		}
	}
	if m := by["8.1"].Maturity; m == nil || *m != 0 {
		t.Errorf("clause 8.1 maturity %v, want 0", m)
	}
	if by["6.3"].Maturity != nil {
		t.Errorf("clause 6.3 has a maturity")
	}
}

var openFindings = []OpenFinding{
	{Ref: "FND-00001", Clause: "8.2", Grade: Major, Title: "no portfolio"},
	{Ref: "FND-00002", Clause: "4.3", Grade: Minor, Title: "scope vague"},
	{Ref: "FND-00003", Clause: "6.1", Grade: Observation, Title: "risk scale"},
	{Ref: "FND-00004", Clause: "5.2", Grade: Major, Title: "policy unsigned"},
	{Ref: "FND-00005", Clause: "7.1", Grade: OFI, Title: "budget tool"},
}

func TestBlockers(t *testing.T) {
	r := Rate(mixed(), openFindings)
	var got []string
	for _, b := range r.Blockers {
		got = append(got, strings.TrimSpace(b.Kind+" "+b.Clause+" "+b.Ref))
	}
	want := []string{
		// open major findings first, in the order given
		"major_finding 8.2 FND-00001", "major_finding 5.2 FND-00004",
		// then the clauses nonconformant or not assessed, in the catalogue's order
		"nonconformant 4.4", "not_assessed 6.3", "not_assessed 7.1", "not_assessed 7.2", "not_assessed 7.3",
		"not_assessed 7.4", "not_assessed 7.5", "not_assessed 7.6", "nonconformant 8.2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("blockers\n%v\nwant\n%v", got, want)
	}
	if b := r.Blockers[0]; b.Text != "major nonconformity FND-00001 open against 8.2: no portfolio" {
		t.Errorf("text %q", b.Text)
	}
	if b := r.Blockers[2]; b.Text != "4.4 Service management system is nonconformant" {
		t.Errorf("text %q", b.Text)
	}
	if b := r.Blockers[3]; b.Text != "6.3 Plan the service management system is not assessed" {
		t.Errorf("text %q", b.Text)
	}
	// Minor findings, observations and opportunities block nothing.
	for _, b := range r.Blockers {
		if b.Ref == "FND-00002" || b.Ref == "FND-00003" || b.Ref == "FND-00005" {
			t.Errorf("%s blocks certification", b.Ref)
		}
	}
	// No blocker once every clause is conformant and no major finding is open.
	if r := Rate(all(Conformant), openFindings[1:3]); len(r.Blockers) != 0 {
		t.Errorf("blockers %v", r.Blockers)
	}
	if r := Rate(all(NotApplicable), nil); len(r.Blockers) != 0 || r.Blockers == nil {
		t.Errorf("blockers %v, want an empty list", r.Blockers)
	}
	if r := Rate(nil, nil); len(r.Blockers) != 62 {
		t.Errorf("%d blockers when nothing is assessed, want 62", len(r.Blockers))
	}
}

func TestFixFirst(t *testing.T) {
	r := Rate(mixed(), openFindings)
	var got []string
	for i, f := range r.FixFirst {
		if f.Rank != i+1 {
			t.Errorf("item %d has rank %d", i, f.Rank)
		}
		got = append(got, f.Text)
	}
	want := []string{
		"close major nonconformity FND-00001 open against 8.2: no portfolio",
		"close major nonconformity FND-00004 open against 5.2: policy unsigned",
		"bring 4.4 Service management system to conformity",
		"bring 8.2 Service portfolio to conformity",
		"assess 6.3 Plan the service management system",
		"assess 7.1 Resources",
	}
	for _, id := range ids("7.2", "7.6") {
		c, _ := Lookup(id)
		want = append(want, "assess "+id+" "+c.Title)
	}
	want = append(want,
		"close minor nonconformity FND-00002 against 4.3: scope vague",
		// the weakest credit first, clause order between equals
		"close the gaps in 9.1 Monitoring, measurement, analysis and evaluation (credit 40%)",
		"close the gaps in 4.3 Determining the scope of the service management system (credit 50%)",
		"close the gaps in 5.2 Policy (credit 50%)",
		"raise the maturity of 8.1 Operational planning and control (credit 70%)",
	)
	if !slices.Equal(got, want) {
		t.Errorf("fix first\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.FixFirst[0].Ref != "FND-00001" || r.FixFirst[0].Clause != "8.2" || r.FixFirst[2].Ref != "" || r.FixFirst[2].Clause != "4.4" {
		t.Errorf("first items %+v %+v", r.FixFirst[0], r.FixFirst[2])
	}
	// Nothing to fix: an empty list, not nil.
	if r := Rate(all(Conformant), nil); r.FixFirst == nil || len(r.FixFirst) != 0 {
		t.Errorf("fix first %v, want an empty list", r.FixFirst)
	}
	// Conformant at maturity 3 or more, or unrated, is nothing to fix; below 3 it is.
	r = Rate(append(all(Conformant)[:60], Assessed{Clause: "10.1", Result: Conformant, Maturity: level(3)},
		Assessed{Clause: "10.2", Result: Conformant, Maturity: level(2)}), nil)
	c, _ := Lookup("10.2")
	if len(r.FixFirst) != 1 || r.FixFirst[0].Text != "raise the maturity of 10.2 "+c.Title+" (credit 90%)" {
		t.Errorf("fix first %+v", r.FixFirst)
	}
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Clauses() {
		if seen[c.ID] || c.Title == "" || c.Summary == "" {
			t.Errorf("clause %q %q: duplicate or without title or summary", c.ID, c.Title)
		}
		seen[c.ID] = true
		g := Group(c.ID)
		if !slices.ContainsFunc(Groups, func(x struct{ ID, Title string }) bool { return x.ID == g }) {
			t.Errorf("clause %s is in no group (%s)", c.ID, g)
		}
		if p := Parent(c.ID); p != "" && p != g {
			if _, ok := Lookup(p); !ok {
				t.Errorf("clause %s has parent %s, not in the catalogue", c.ID, p)
			}
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
