package compliance

import (
	"slices"
	"testing"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

// An assessment made with the 62-node catalogue (a fixture written by that version) is shown
// against today's tree, upgraded in place: the new nodes to do, nothing lost, the headings no
// longer scored, not applicable needing a decision. Figures computed here by hand.
func TestAnAssessmentOfCatalogueV1IsUpgradedInPlace(t *testing.T) {
	s, err := store.Open(testkit.CatalogueV1Workspace(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := New(s)
	// Before the upgrade, the stored readiness is the old method's.
	before, _ := s.Get(bg, "assessment", "ASM-00001")
	if before.Values["readiness"] != 4.1 {
		t.Fatalf("the fixture's stored readiness is %v, not the old method's 4.1", before.Values["readiness"])
	}
	if err := Upgrade(bg, s); err != nil {
		t.Fatal(err)
	}
	ops, _ := s.Have(bg)
	a, err := w.Show(bg, "ASM-00001")
	if err != nil {
		t.Fatal(err)
	}
	if a.CatalogueVersion != 1 || len(a.Clauses) != 70 {
		t.Fatalf("catalogue %d, %d clauses", a.CatalogueVersion, len(a.Clauses))
	}
	for _, id := range []string{"5.2.1", "5.2.2", "6.2.1", "6.2.2", "7.5.1", "7.5.2", "7.5.3", "7.5.4"} {
		if c := clauseOf(t, a, id); c.Result != catalogue.NotAssessed || c.Status != "todo" || c.Ref != "" {
			t.Errorf("new node %s: %+v", id, c)
		}
	}
	// What the old assessment said of the heading 5.2 is kept and shown, never scored.
	c52 := clauseOf(t, a, "5.2")
	if !c52.Rollup || c52.Notes != "policy approved and communicated" || len(c52.Evidence) != 1 || c52.Evidence[0].Ref != "POL-00001" || c52.Result != catalogue.NotAssessed {
		t.Errorf("5.2: %+v", c52)
	}
	if c := clauseOf(t, a, "8.5"); !c.Rollup || c.Result != catalogue.NotAssessed {
		t.Errorf("8.5: %+v", c)
	}
	if c := clauseOf(t, a, "8.2.3"); c.Result != catalogue.NotApplicable || c.Notes == "" {
		t.Errorf("8.2.3: %+v", c)
	}
	// By hand: 4.1 conformant at 3 = 1; 9.4 nonconformant 0; 8.2.3 not applicable 0 and in the
	// denominator: 1/57 = 1.8. Blockers: 9.4 nonconformant, 8.2.3 needs a decision, and the 54
	// requirements not assessed.
	rd, err := w.Readiness(bg, "ASM-00001")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, b := range rd.Blockers {
		if b.Kind != "missing_documented_information" { // the fixture holds one approved policy
			kinds = append(kinds, b.Kind)
		}
	}
	if rd.Overall.Percent != 1.8 || rd.Overall.Requirements != 57 || len(kinds) != 56 || len(rd.Blockers) != 56+rd.Stage1.Missing ||
		!slices.Contains(kinds, "needs_decision") || !slices.Contains(kinds, "nonconformant") {
		t.Fatalf("readiness %v over %d, blockers %d %v", rd.Overall.Percent, rd.Overall.Requirements, len(rd.Blockers), kinds)
	}
	// The upgrade brought the stored figures to the same, writing no op.
	if a.Readiness != 1.8 || a.Blockers != 56 || a.Done != 3 {
		t.Errorf("stored: readiness %v, blockers %d, done %d", a.Readiness, a.Blockers, a.Done)
	}
	after, _ := s.Have(bg)
	if len(after) != len(ops) || !sameHave(ops, after) {
		t.Errorf("the upgrade wrote ops")
	}
	// Setting a new node creates its result; the old heading records stay as they were.
	a = mustSet(t, w, a, "5.2.1", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("3")})
	if c := clauseOf(t, a, "5.2.1"); c.Ref == "" || c.Result != catalogue.Conformant {
		t.Errorf("5.2.1 after set: %+v", c)
	}
	if a.Readiness != 3.5 { // 2/57
		t.Errorf("readiness %v after 5.2.1", a.Readiness)
	}
}

func sameHave(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
