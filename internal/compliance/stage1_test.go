package compliance

import (
	"slices"
	"strings"
	"testing"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// The stage-1 checklist says, for each documented information required, whether the workspace
// holds it; what is missing blocks certification, right after the open major nonconformities.
func TestStage1Checklist(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	approved := func(typ, due string) map[string]any {
		return map[string]any{"policy_type": typ, "approved_by": "Ana", "approved_on": day(back(2)), "review_due": due}
	}
	scope := f.add("policy", approved("scope", day(back(-6))), "approved")
	process := f.add("policy", approved("process", day(back(1))), "approved") // its review is past
	draft := f.add("policy", map[string]any{"policy_type": "sms"})            // not approved yet
	old := f.addAt(back(14), "incident", map[string]any{"opened_at": stamp(back(14))})
	incidentRecent := f.add("incident", map[string]any{"opened_at": stamp(back(1)), "security": true})

	a := mustCreate(t, w, NewInput{Title: "Stage 1"})
	mustSet(t, w, a, "7.2", Change{Result: ptr(catalogue.Conformant), Attach: []Upload{{Name: "training-matrix.xlsx", Data: []byte("matrix")}}})
	mustSet(t, w, a, "8.5.1.2", Change{Result: ptr(catalogue.NoInstance), Note: ptr("no change in the period; the procedure was read")})
	mustSet(t, w, a, "6.3", Change{Result: ptr(catalogue.NoInstance), Note: ptr("a document cannot be settled so")})
	if _, err := w.RaiseFinding(bg, a.Ref, "4.1", FindingInput{Title: "no context review", Grade: "major", Owner: "Ana", Nonconformity: ptr(true)}); err != nil {
		t.Fatal(err)
	}

	s, err := w.Stage1(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	item := func(clause, what string) Stage1Item {
		t.Helper()
		for _, it := range s.Items {
			if it.Clause == clause && strings.Contains(it.What, what) {
				return it
			}
		}
		t.Fatalf("no item %s %q", clause, what)
		return Stage1Item{}
	}
	want := []struct {
		clause, what, state, text string
		found                     []string
	}{
		{"4.3", "scope", DocHeld, "1 approved scope", []string{scope.Ref}},
		{"4.4", "processes", DocNotCurrent, "past their review date (" + process.Ref, []string{process.Ref}},
		{"5.2.1", "policy", DocMissing, draft.Ref + " (draft)", nil},
		{"6.3", "plan", DocMissing, "none found", nil}, // no instance settles records only
		{"7.2", "competence", DocAttached, "training-matrix.xlsx attached to 7.2", nil},
		{"8.5.1.2", "requests for change", DocNoInstance, "no instance in the period", nil},
		{"8.6.1", "incidents", DocHeld, "1 incidents in the last 12 months", []string{incidentRecent.Ref}},
		{"8.7.3.3", "security incidents", DocHeld, "1 information security incidents", []string{incidentRecent.Ref}},
		{"8.3.2", "complaints", DocNone, "none recorded", nil},
		{"8.3.4.1", "disputes", DocNone, "attach them to 8.3.4.1", nil},
		{"10.1", "nonconformities", DocHeld, "1 nonconformities", nil}, // the major finding opened one
	}
	for _, c := range want {
		it := item(c.clause, c.what)
		var refs []string
		for _, l := range it.Found {
			refs = append(refs, l.Ref)
		}
		if it.State != c.state || !strings.Contains(it.Text, c.text) || (c.found != nil && !slices.Equal(refs, c.found)) {
			t.Errorf("%s %s: %s %q %v, want %s %q %v", c.clause, c.what, it.State, it.Text, refs, c.state, c.text, c.found)
		}
	}
	if it := item("8.6.1", "incidents"); slices.ContainsFunc(it.Found, func(l store.Link) bool { return l.Ref == old.Ref }) {
		t.Errorf("an incident of 14 months ago counts as a record of the period: %+v", it)
	}
	if it := item("7.2", "competence"); it.Result == "" {
		t.Errorf("the attached file does not name its clause result: %+v", it)
	}

	// The totals, counted a second way.
	held, current, none, missing := 0, 0, 0, 0
	for _, it := range s.Items {
		switch it.State {
		case "held":
			held, current = held+1, current+1
		case "not_current", "attached":
			held++
		case "no_instance", "none_recorded":
			none++
		case "missing":
			missing++
		}
	}
	if s.Held != held || s.Current != current || s.None != none || s.Missing != missing || held+none+missing != len(s.Items) || missing == 0 {
		t.Errorf("totals %d/%d/%d/%d, counted %d/%d/%d/%d", s.Held, s.Current, s.None, s.Missing, held, current, none, missing)
	}

	// Readiness: the major first, then each missing document, then the rest; what to fix first
	// in the same order. The stored blocker count is the results' and findings' alone.
	r, err := w.Readiness(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stage1 == nil || r.Stage1.Missing != missing {
		t.Fatalf("readiness carries no checklist, or another: %+v", r.Stage1)
	}
	var kinds []string
	for _, b := range r.Blockers {
		kinds = append(kinds, b.Kind)
	}
	docs := 0
	for i, k := range kinds {
		if k == "missing_documented_information" {
			docs++
			if kinds[i-1] != "major_finding" && kinds[i-1] != k {
				t.Errorf("a missing document after %s: %v", kinds[i-1], kinds)
			}
		}
	}
	if kinds[0] != "major_finding" || docs != missing {
		t.Errorf("blockers %v: %d missing documents, want %d after the major", kinds, docs, missing)
	}
	shown, _ := w.Show(bg, a.Ref)
	if int(shown.Blockers) != len(r.Blockers)-missing {
		t.Errorf("stored blockers %d, readiness %d with %d documents missing", shown.Blockers, len(r.Blockers), missing)
	}
	if !strings.HasPrefix(r.FixFirst[0].Text, "close major") || !strings.HasPrefix(r.FixFirst[1].Text, "provide the documented information required by") {
		t.Errorf("fix first: %+v", r.FixFirst[:2])
	}
	for i, fx := range r.FixFirst {
		if fx.Rank != i+1 {
			t.Fatalf("fix first ranks: %+v", r.FixFirst)
		}
	}

	// Started from this assessment, the attached file and the decision are carried forward, not
	// yet the auditor's word: the checklist does not take them until confirmed.
	b := mustCreate(t, w, NewInput{Title: "Stage 1 again", From: a.Ref})
	sb, err := w.Stage1(bg, b.Ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range sb.Items {
		if (it.Clause == "7.2" || it.Clause == "8.5.1.2") && it.State != DocMissing {
			t.Errorf("carried forward %s counts: %+v", it.Clause, it)
		}
	}
	mustSet(t, w, b, "7.2", Change{Confirm: true})
	sb, _ = w.Stage1(bg, b.Ref)
	for _, it := range sb.Items {
		if it.Clause == "7.2" && it.State != DocAttached {
			t.Errorf("confirmed 7.2: %+v", it)
		}
	}
}

// Every item of the checklist names a requirement of the catalogue, in the catalogue's order.
func TestStage1ItemsFollowTheCatalogue(t *testing.T) {
	order := map[string]int{}
	for i, c := range catalogue.Clauses() {
		order[c.ID] = i
	}
	last := -1
	for _, d := range requiredDocs {
		i, ok := order[d.clause]
		if !ok {
			t.Fatalf("%s is not in the catalogue", d.clause)
		}
		if i < last {
			t.Errorf("%s %s comes after a later clause", d.clause, d.what)
		}
		last = i
		if d.typ != document && d.typ != record {
			t.Errorf("%s: type %q", d.clause, d.typ)
		}
	}
}
