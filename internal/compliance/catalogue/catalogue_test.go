package catalogue

import (
	"slices"
	"strings"
	"testing"
)

// The catalogue is the standard's tree: 70 nodes of clauses 4 to 10 in the standard's order,
// each under a parent that exists, and a node rolls up exactly when it has sub-clauses. The tree
// is written out here by hand, from the standard's table of contents, not read from the file.
func TestTheTreeIsTheStandards(t *testing.T) {
	want := strings.Fields(`4.1 4.2 4.3 4.4 5.1 5.2 5.2.1 5.2.2 5.3 6.1 6.2 6.2.1 6.2.2 6.3
		7.1 7.2 7.3 7.4 7.5 7.5.1 7.5.2 7.5.3 7.5.4 7.6
		8.1 8.2 8.2.1 8.2.2 8.2.3 8.2.4 8.2.5 8.2.6 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.4.1 8.3.4.2
		8.4 8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.5.1.1 8.5.1.2 8.5.1.3 8.5.2 8.5.2.1 8.5.2.2 8.5.2.3 8.5.3
		8.6 8.6.1 8.6.2 8.6.3 8.7 8.7.1 8.7.2 8.7.3 8.7.3.1 8.7.3.2 8.7.3.3
		9.1 9.2 9.3 9.4 10.1 10.2`)
	headings := strings.Fields("5.2 6.2 7.5 8.2 8.3 8.3.4 8.4 8.5 8.5.1 8.5.2 8.6 8.7 8.7.3")
	var got, rollups []string
	for _, c := range Clauses() {
		got = append(got, c.ID)
		if c.Rollup {
			rollups = append(rollups, c.ID)
		}
		if p := Parent(c.ID); strings.Contains(c.ID, ".") && Parent(p) != "" {
			if _, ok := Lookup(p); !ok {
				t.Errorf("%s has no parent %s in the catalogue", c.ID, p)
			}
		}
		if c.Title == "" || c.Summary == "" || len(c.Evidence) == 0 || len(c.Registers) == 0 {
			t.Errorf("%s lacks a title, summary, evidence or registers", c.ID)
		}
		if has := len(Children(c.ID)) > 0; has != c.Rollup {
			t.Errorf("%s: rolls up %v, has sub-clauses %v", c.ID, c.Rollup, has)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the tree:\n got %v\nwant %v", got, want)
	}
	if len(got) != 70 || !slices.Equal(rollups, headings) {
		t.Fatalf("%d nodes; headings %v, want %v", len(got), rollups, headings)
	}
	if n := len(AssessedClauses()); n != 70-len(headings) {
		t.Fatalf("%d assessed nodes", n)
	}
	// Amd 1:2024's climate change is in 4.1 and 4.2.
	for _, id := range []string{"4.1", "4.2"} {
		c, _ := Lookup(id)
		if !strings.Contains(strings.Join(c.Evidence, " "), "climate change") {
			t.Errorf("%s says nothing of climate change", id)
		}
	}
}
