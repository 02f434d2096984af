package compliance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"smsworkbench/internal/bundle"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

func ptr[T any](v T) *T { return &v }

func mustCreate(t *testing.T, w *Workbench, in NewInput) *Assessment {
	t.Helper()
	a, err := w.Create(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustSet(t *testing.T, w *Workbench, a *Assessment, clause string, ch Change) *Assessment {
	t.Helper()
	out, err := w.Set(bg, a.Ref, clause, ch)
	if err != nil {
		t.Fatalf("set %s: %v", clause, err)
	}
	return out
}

func clauseOf(t *testing.T, a *Assessment, clause string) ClauseResult {
	t.Helper()
	for _, c := range a.Clauses {
		if c.Clause == clause {
			return c
		}
	}
	t.Fatalf("%s has no clause %s", a.Ref, clause)
	return ClauseResult{}
}

func wantErr(t *testing.T, err error, part string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error saying %q, got none", part)
	}
	if !strings.Contains(err.Error(), part) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %q does not say %q on one line", err, part)
	}
}

func count(t *testing.T, s *store.Store, kind string, where ...store.Filter) int {
	t.Helper()
	p, err := s.List(bg, kind, store.Query{Where: where, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestCreate(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: " Gap 2025 ", Fields: map[string]any{"scope": "all services", "start": "2025-05-01"}})
	if a.Title != "Gap 2025" || a.Type != "gap" || a.Status != "planned" || a.Scope != "all services" || a.Start != "2025-05-01" || a.BasedOn != nil {
		t.Errorf("assessment %+v", a)
	}
	if len(a.Clauses) != 70 || a.CatalogueVersion != catalogue.Version || a.Edition != catalogue.EditionAmd1 {
		t.Fatalf("%d clauses, catalogue %d, edition %s; want 70, %d, %s", len(a.Clauses), a.CatalogueVersion, a.Edition, catalogue.Version, catalogue.EditionAmd1)
	}
	refs := map[string]bool{}
	for i, c := range a.Clauses {
		cat := catalogue.Clauses()[i]
		status, hasRef := "todo", true
		if cat.Rollup {
			status, hasRef = "rollup", false // a heading has no record of its own
		}
		if c.Clause != cat.ID || c.Title != cat.Title || c.Status != status || c.Rollup != cat.Rollup || c.Result != catalogue.NotAssessed ||
			c.Maturity != nil || (c.Ref != "") != hasRef || refs[c.Ref] || len(c.Evidence)+len(c.Files)+len(c.Findings) != 0 {
			t.Errorf("clause %d: %+v", i, c)
		}
		if c.Ref != "" {
			refs[c.Ref] = true
		}
	}
	if n := count(t, f.s, "clauseresult", eq("assessment", a.ID)); n != 57 {
		t.Errorf("%d clause result records, want one per requirement, 57", n)
	}
	if a.Readiness != 0 || a.Blockers != 57 || a.Done != 0 {
		t.Errorf("readiness %v, blockers %d, done %d; want 0, 57, 0", a.Readiness, a.Blockers, a.Done)
	}
	if b := mustCreate(t, w, NewInput{Title: "Internal audit", Type: "internal", Fields: map[string]any{"edition": "2018"}}); b.Type != "internal" || len(b.Clauses) != 70 || b.Edition != "2018" {
		t.Errorf("internal assessment %s with %d clauses", b.Type, len(b.Clauses))
	}

	before := digest(t, f.s)
	for _, c := range []struct {
		name string
		in   NewInput
		err  string
	}{
		{"no title", NewInput{Title: "  "}, "needs a title"},
		{"unknown type", NewInput{Title: "x", Type: "audit"}, `assessment type "audit"`},
		{"supplier audit without supplier", NewInput{Title: "x", Type: "supplier"}, "supplier"},
		{"end before start", NewInput{Title: "x", Fields: map[string]any{"start": "2025-05-01", "end": "2025-04-01"}}, "before the start"},
		{"from an unknown assessment", NewInput{Title: "x", From: "ASM-99999"}, "cannot start from assessment"},
	} {
		_, err := w.Create(bg, c.in)
		wantErr(t, err, c.err)
		if after := digest(t, f.s); after != before {
			t.Errorf("%s: the workspace changed", c.name)
		}
	}
}

// sendBundle exports what one copy of a workspace has to another, as consultants do.
func sendBundle(t *testing.T, from, to *store.Store) {
	t.Helper()
	key, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	keys := bundle.Keys{Recipients: []age.Recipient{key.Recipient()}, Identities: []age.Identity{key}}
	path := filepath.Join(t.TempDir(), "b"+bundle.Ext)
	if _, err := bundle.Export(bg, from, path, bundle.ExportOptions{Keys: keys}); err != nil {
		t.Fatal(err)
	}
	if _, err := bundle.Import(bg, to, path, bundle.ImportOptions{Keys: keys}); err != nil {
		t.Fatal(err)
	}
}

func TestCreateFrom(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap 2024"})
	policy := f.policy("scope", later, true)
	risk := f.add("risk", nil)
	// A record linked as evidence cannot be deleted in the same copy; it can be on another.
	other := openWorkspace(t)
	sendBundle(t, f.s, other)
	if err := other.Delete(bg, "risk", risk.ID, store.Change{}); err != nil {
		t.Fatal(err)
	}
	file := Upload{Name: "scope.pdf", Data: []byte("%PDF scope")}
	mustSet(t, w, a, "4.1", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("4"), Note: ptr("seen"),
		AddEvidence: []string{policy.Ref, risk.Ref}, Attach: []Upload{file}})
	mustSet(t, w, a, "4.2", Change{Result: ptr(catalogue.OtherParty), Party: ptr("Contoso Group"), Note: ptr("done by the group")})
	mustSet(t, w, a, "5.1", Change{Result: ptr(catalogue.PartiallyConformant)})
	sendBundle(t, other, f.s)
	if _, err := f.s.Get(bg, "risk", risk.ID); err == nil {
		t.Fatalf("%s was not deleted", risk.Ref)
	}
	old, err := w.Show(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}

	b := mustCreate(t, w, NewInput{Title: "Gap 2025", From: a.Ref})
	if b.BasedOn == nil || b.BasedOn.ID != a.ID {
		t.Fatalf("based on %v, want %s", b.BasedOn, a.Ref)
	}
	c41 := clauseOf(t, b, "4.1")
	if c41.Result != catalogue.Conformant || c41.Maturity == nil || *c41.Maturity != 4 || c41.Notes != "seen" || !c41.Carried {
		t.Errorf("4.1 copied as %+v", c41)
	}
	if len(c41.Evidence) != 1 || c41.Evidence[0].ID != policy.ID {
		t.Errorf("4.1 evidence %v, want only %s (the risk was deleted)", c41.Evidence, policy.Ref)
	}
	if len(c41.Files) != 1 || c41.Files[0] != clauseOf(t, old, "4.1").Files[0] {
		t.Errorf("4.1 files %v", c41.Files)
	}
	if c := clauseOf(t, b, "4.2"); c.Result != catalogue.OtherParty || c.Party != "Contoso Group" || !c.Carried {
		t.Errorf("4.2 copied as %+v", c)
	}
	if c := clauseOf(t, b, "5.1"); c.Result != catalogue.PartiallyConformant || c.Maturity != nil || !c.Carried {
		t.Errorf("5.1 copied as %+v", c)
	}
	for _, c := range b.Clauses {
		if c.Rollup {
			continue
		}
		if c.Status != "todo" || c.Ref == clauseOf(t, old, c.Clause).Ref || len(c.Findings) != 0 || c.Carried != (c.Result != catalogue.NotAssessed) {
			t.Errorf("clause %s of the copy: %+v", c.Clause, c)
		}
	}
	// Carried forward, the results count for nothing until confirmed: the copy scores 0 and
	// every requirement blocks (3 not verified, 54 not assessed).
	if b.Done != 0 || old.Readiness == 0 || b.Readiness != 0 || b.Blockers != 57 {
		t.Errorf("copy: done %d readiness %v blockers %d; the original %v", b.Done, b.Readiness, b.Blockers, old.Readiness)
	}
	// Confirming them (or giving a result) makes them count as they did.
	for _, id := range []string{"4.1", "4.2", "5.1"} {
		b = mustSet(t, w, b, id, Change{Confirm: true})
	}
	if clauseOf(t, b, "4.1").Carried || b.Readiness != old.Readiness {
		t.Errorf("confirmed: readiness %v, the original %v; 4.1 %+v", b.Readiness, old.Readiness, clauseOf(t, b, "4.1"))
	}
	// The original is left as it was.
	again, _ := w.Show(bg, a.Ref)
	if c := clauseOf(t, again, "4.1"); c.Status != "done" || len(c.Evidence) != len(clauseOf(t, old, "4.1").Evidence) {
		t.Errorf("the original's 4.1 is now %+v", c)
	}
}

func TestSet(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	policy := f.policy("sms", later, true)

	for _, c := range []struct {
		name     string
		ch       Change
		status   string
		result   string
		maturity string // "" for none
	}{
		{"a result marks the clause done", Change{Result: ptr(catalogue.Conformant)}, "done", catalogue.Conformant, ""},
		{"a maturity alone keeps it done", Change{Maturity: ptr(" 2 ")}, "done", catalogue.Conformant, "2"},
		{"not assessed marks it to do", Change{Result: ptr(catalogue.NotAssessed)}, "todo", catalogue.NotAssessed, "2"},
		{"--done", Change{Done: ptr(true)}, "done", catalogue.NotAssessed, "2"},
		{"--todo", Change{Done: ptr(false)}, "todo", catalogue.NotAssessed, "2"},
		{"a result with --todo stays to do", Change{Result: ptr(catalogue.Nonconformant), Done: ptr(false)}, "todo", catalogue.Nonconformant, "2"},
		{"maturity 0", Change{Maturity: ptr("0")}, "todo", catalogue.Nonconformant, "0"},
		{"maturity 5", Change{Maturity: ptr("5"), Result: ptr(catalogue.PartiallyConformant)}, "done", catalogue.PartiallyConformant, "5"},
		{"an empty maturity clears it", Change{Maturity: ptr("")}, "done", catalogue.PartiallyConformant, ""},
		{"no instance with a note", Change{Result: ptr(catalogue.NoInstance), Note: ptr("procedure read; no emergency change")}, "done", catalogue.NoInstance, ""},
		{"another party, named", Change{Result: ptr(catalogue.OtherParty), Party: ptr("Contoso")}, "done", catalogue.OtherParty, ""},
	} {
		got := clauseOf(t, mustSet(t, w, a, "6.2.1", c.ch), "6.2.1")
		m := ""
		if got.Maturity != nil {
			m = string(rune('0' + *got.Maturity))
		}
		if got.Status != c.status || got.Result != c.result || m != c.maturity {
			t.Errorf("%s: %s %s maturity %q, want %s %s %q", c.name, got.Status, got.Result, m, c.status, c.result, c.maturity)
		}
	}
	// No instance with a note already written needs no new one; another party already named
	// needs no new name.
	mustSet(t, w, a, "6.3", Change{Note: ptr("the plan's procedure read; no plan change this year")})
	if c := clauseOf(t, mustSet(t, w, a, "6.3", Change{Result: ptr(catalogue.NoInstance)}), "6.3"); c.Result != catalogue.NoInstance {
		t.Errorf("6.3 is %s", c.Result)
	}
	// Evidence: added by ref once, removed.
	a = mustSet(t, w, a, "5.2.1", Change{AddEvidence: []string{policy.Ref, policy.ID}})
	if ev := clauseOf(t, a, "5.2.1").Evidence; len(ev) != 1 || ev[0].Ref != policy.Ref || ev[0].Kind != "policy" {
		t.Errorf("evidence %v", ev)
	}
	a = mustSet(t, w, a, "5.2.1", Change{RemoveEvidence: []string{policy.Ref}})
	if ev := clauseOf(t, a, "5.2.1").Evidence; len(ev) != 0 {
		t.Errorf("evidence %v after removal", ev)
	}
	// A clause whose result record is missing gets one.
	cr := clauseOf(t, a, "7.1")
	if err := f.s.Delete(bg, "clauseresult", cr.Ref, store.Change{}); err != nil {
		t.Fatal(err)
	}
	a = mustSet(t, w, a, "7.1", Change{Result: ptr(catalogue.Conformant)})
	if c := clauseOf(t, a, "7.1"); c.Result != catalogue.Conformant || c.Ref == cr.Ref {
		t.Errorf("7.1 is %+v", c)
	}
}

func TestSetBadInputWritesNothing(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	policy := f.policy("sms", later, true)
	mustSet(t, w, a, "4.1", Change{Result: ptr(catalogue.Conformant), AddEvidence: []string{policy.Ref},
		Attach: []Upload{{Name: "a.txt", Data: []byte("a")}}})
	before := digest(t, f.s)
	for _, c := range []struct {
		name, assessment, clause string
		ch                       Change
		err                      string
	}{
		{"unknown clause", a.Ref, "4.9", Change{Result: ptr(catalogue.Conformant)}, `unknown clause "4.9"`},
		{"a group is no clause", a.Ref, "8", Change{Result: ptr(catalogue.Conformant)}, `unknown clause "8"`},
		{"unknown assessment", "ASM-99999", "4.1", Change{Result: ptr(catalogue.Conformant)}, "ASM-99999"},
		{"result outside the scale", a.Ref, "4.2", Change{Result: ptr("compliant")}, `result "compliant" is not one of`},
		{"not applicable: no exclusion", a.Ref, "4.2", Change{Result: ptr(catalogue.NotApplicable), Note: ptr("outsourced")}, "allows no exclusion"},
		{"a group heading", a.Ref, "8.5", Change{Result: ptr(catalogue.Conformant)}, "8.5 Service design, build and transition is a group heading"},
		{"a group heading's note", a.Ref, "8.5.1", Change{Note: ptr("x")}, "rolls up from 8.5.1.1, 8.5.1.2, 8.5.1.3"},
		{"no instance without note", a.Ref, "4.2", Change{Result: ptr(catalogue.NoInstance)}, "without saying what was checked"},
		{"no instance with a blank note", a.Ref, "4.2", Change{Result: ptr(catalogue.NoInstance), Note: ptr("  ")}, "without saying what was checked"},
		{"another party unnamed", a.Ref, "4.2", Change{Result: ptr(catalogue.OtherParty)}, "without naming the party"},
		{"another party, blank", a.Ref, "4.2", Change{Result: ptr(catalogue.OtherParty), Party: ptr(" ")}, "without naming the party"},
		{"8.2.3 by another party", a.Ref, "8.2.3", Change{Result: ptr(catalogue.OtherParty), Party: ptr("Contoso")}, "cannot itself be fulfilled by another party"},
		{"evidence that does not exist", a.Ref, "4.2", Change{Result: ptr(catalogue.Conformant), AddEvidence: []string{"POL-99999"}}, `evidence "POL-99999"`},
		{"evidence not linked", a.Ref, "4.2", Change{RemoveEvidence: []string{policy.Ref}}, "is not linked to clause 4.2"},
		{"maturity 6", a.Ref, "4.2", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("6")}, `maturity "6" is outside 0-5`},
		{"maturity -1", a.Ref, "4.2", Change{Maturity: ptr("-1")}, `maturity "-1" is outside 0-5`},
		{"maturity x", a.Ref, "4.2", Change{Maturity: ptr("x")}, `maturity "x" is outside 0-5`},
		{"maturity 2.5", a.Ref, "4.2", Change{Maturity: ptr("2.5")}, `maturity "2.5" is outside 0-5`},
		{"a file without a name", a.Ref, "4.2", Change{Attach: []Upload{{Name: " ", Data: []byte("x")}}}, "needs a name"},
		{"a file not attached", a.Ref, "4.1", Change{RemoveFiles: []string{"b.txt"}}, `no file "b.txt"`},
		{"a good file with bad evidence", a.Ref, "4.2", Change{Attach: []Upload{{Name: "b.txt", Data: []byte("b")}}, AddEvidence: []string{"nothing"}}, `evidence "nothing"`},
	} {
		_, err := w.Set(bg, c.assessment, c.clause, c.ch)
		wantErr(t, err, c.err)
		if after := digest(t, f.s); after != before {
			t.Errorf("%s: the workspace changed", c.name)
		}
	}
}

func TestFiles(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	scope := []byte("%PDF-1.7 scope statement")
	shot := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000)
	path := filepath.Join(t.TempDir(), "dashboard.png")
	if err := os.WriteFile(path, shot, 0o600); err != nil {
		t.Fatal(err)
	}
	fromDisk, err := ReadFile(path)
	if err != nil || fromDisk.Name != "dashboard.png" || !bytes.Equal(fromDisk.Data, shot) {
		t.Fatalf("ReadFile: %v %q", err, fromDisk.Name)
	}
	a = mustSet(t, w, a, "4.3", Change{Attach: []Upload{{Name: "scope.pdf", Data: scope}, fromDisk}})
	files := clauseOf(t, a, "4.3").Files
	if len(files) != 2 {
		t.Fatalf("files %v", files)
	}
	for i, want := range [][]byte{scope, shot} {
		sum := sha256.Sum256(want)
		if files[i].SHA256 != hex.EncodeToString(sum[:]) || files[i].Size != int64(len(want)) {
			t.Errorf("file %d: %+v", i, files[i])
		}
		got, err := f.s.Blob(bg, files[i].SHA256)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("blob of %s: %v", files[i].Name, err)
		}
	}
	if files[0].Name != "scope.pdf" || files[1].Name != "dashboard.png" {
		t.Errorf("names %q %q", files[0].Name, files[1].Name)
	}
	// The same content again is kept once; another clause shares its blob.
	a = mustSet(t, w, a, "4.3", Change{Attach: []Upload{{Name: "copy.pdf", Data: scope}}})
	a = mustSet(t, w, a, "4.4", Change{Attach: []Upload{{Name: "scope.pdf", Data: scope}}})
	if n := len(clauseOf(t, a, "4.3").Files); n != 2 {
		t.Errorf("4.3 has %d files after the same content again", n)
	}
	var blobs int
	testkit.RawSQL(t, f.s.Path()).QueryRow("SELECT count(*) FROM blobs").Scan(&blobs)
	if blobs != 2 {
		t.Errorf("%d blobs, want 2", blobs)
	}
	// Removed by name or by sha256.
	a = mustSet(t, w, a, "4.3", Change{RemoveFiles: []string{"scope.pdf", files[1].SHA256}})
	if got := clauseOf(t, a, "4.3").Files; len(got) != 0 {
		t.Errorf("files %v after removal", got)
	}
	if _, err := ReadFile(t.TempDir()); err == nil {
		t.Errorf("ReadFile of a folder")
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "none.pdf")); err == nil {
		t.Errorf("ReadFile of no file")
	}
}

func TestRaiseFinding(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Internal audit", Type: "internal"})
	before := digest(t, f.s)
	for _, c := range []struct {
		name, clause string
		in           FindingInput
		err          string
	}{
		{"a minor nonconformity without owner", "8.2.4", FindingInput{Title: "no catalogue", Grade: "minor"}, "needs an owner"},
		{"a major nonconformity without owner", "8.2.4", FindingInput{Title: "no catalogue", Grade: "major", Owner: " "}, "needs an owner"},
		{"an unknown grade", "8.2.4", FindingInput{Title: "no catalogue", Grade: "critical", Owner: "Ana"}, `grade "critical"`},
		{"an unknown clause", "8.9", FindingInput{Title: "no catalogue", Grade: "minor", Owner: "Ana"}, `unknown clause "8.9"`},
		{"no title", "8.2.4", FindingInput{Grade: "observation"}, "needs a title"},
		{"an unknown assessment", "", FindingInput{Title: "x", Grade: "ofi"}, "ASM-99999"},
		{"a bad due date: nothing half made", "8.2.4", FindingInput{Title: "no catalogue", Grade: "minor", Owner: "Ana", Due: "soon"}, "due"},
		{"a group heading", "8.2", FindingInput{Title: "no catalogue", Grade: "minor", Owner: "Ana"}, "raise the finding against one of 8.2.1"},
	} {
		key := a.Ref
		clause := c.clause
		if clause == "" {
			key, clause = "ASM-99999", "8.2.4"
		}
		_, err := w.RaiseFinding(bg, key, clause, c.in)
		wantErr(t, err, c.err)
		if after := digest(t, f.s); after != before {
			t.Errorf("%s: the workspace changed", c.name)
		}
	}

	fd, err := w.RaiseFinding(bg, a.Ref, "8.2.4", FindingInput{Title: "catalogue incomplete", Grade: "minor",
		Description: "two services missing", Evidence: "interviews", RaisedBy: "Ben", Owner: "Ana", Due: "2025-07-01"})
	if err != nil {
		t.Fatal(err)
	}
	if fd.Grade != "minor" || fd.Clause != "8.2.4" || fd.Status != "open" || fd.Nonconformity == "" {
		t.Fatalf("finding %+v", fd)
	}
	nc, err := f.s.Get(bg, "nonconformity", fd.Nonconformity)
	if err != nil {
		t.Fatal(err)
	}
	if str(nc, "severity") != "minor" || str(nc, "source") != "audit" || str(nc, "clause") != "8.2.4" || str(nc, "owner") != "Ana" ||
		str(nc, "description") != "two services missing" || nc.Status != "open" {
		t.Errorf("nonconformity %v %s", nc.Values, nc.Status)
	}
	actions, err := f.s.List(bg, "action", store.Query{Where: []store.Filter{eq("nonconformity", nc.ID)}, Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(actions.Records) != 1 {
		t.Fatalf("%d actions", len(actions.Records))
	}
	act := actions.Records[0]
	if str(act, "action_type") != "corrective" || str(act, "owner") != "Ana" || str(act, "due") != "2025-07-01" || act.Status != "open" {
		t.Errorf("action %v %s", act.Values, act.Status)
	}
	rec, _ := f.s.Get(bg, "finding", fd.ID)
	if str(rec, "assessment") != a.ID || str(rec, "raised_by") != "Ben" || str(rec, "evidence") != "interviews" || str(rec, "nonconformity") != nc.ID {
		t.Errorf("finding record %v", rec.Values)
	}

	// Observations and opportunities need no owner and open no nonconformity.
	for _, grade := range []string{"observation", "ofi"} {
		ncs := count(t, f.s, "nonconformity")
		o, err := w.RaiseFinding(bg, a.Ref, "6.1", FindingInput{Title: "risk scale unclear", Grade: grade})
		if err != nil {
			t.Fatal(err)
		}
		if o.Nonconformity != "" || count(t, f.s, "nonconformity") != ncs {
			t.Errorf("%s opened a nonconformity", grade)
		}
	}
	shown, _ := w.Show(bg, a.Ref)
	if fs := clauseOf(t, shown, "8.2.4").Findings; len(fs) != 1 || fs[0].Ref != fd.Ref || fs[0].Nonconformity != nc.Ref {
		t.Errorf("8.2.4 findings %+v", fs)
	}
	if fs := clauseOf(t, shown, "6.1").Findings; len(fs) != 2 {
		t.Errorf("6.1 findings %+v", fs)
	}
}

// A gap assessment is a consultant's advice: its graded findings are recommendations that open
// nothing in the organisation's registers (no owner needed) and close when it has acted, unless
// the consultant opens a nonconformity for one; they still block certification while open.
func TestGapFindingsAreRecommendations(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	gap := mustCreate(t, w, NewInput{Title: "Gap"})
	ncs, actions := count(t, f.s, "nonconformity"), count(t, f.s, "action")
	rec, err := w.RaiseFinding(bg, gap.Ref, "8.2.4", FindingInput{Title: "catalogue incomplete", Grade: "major"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Nonconformity != "" || !rec.Recommendation || count(t, f.s, "nonconformity") != ncs || count(t, f.s, "action") != actions {
		t.Fatalf("a gap finding opened records in the register: %+v", rec)
	}
	if r, _ := w.Readiness(bg, gap.Ref); !slices.ContainsFunc(r.Blockers, func(b catalogue.Blocker) bool { return b.Ref == rec.Ref && b.Kind == "major_finding" }) {
		t.Errorf("an open major recommendation does not block: %+v", r.Blockers)
	}
	// It closes when the organisation has acted on it: no nonconformity to wait for.
	if _, err := f.s.Move(bg, "finding", rec.ID, "closed", store.Change{}); err != nil {
		t.Fatalf("closing a recommendation: %v", err)
	}

	// The consultant may open one for a finding; then an owner is needed, as in an audit.
	if _, err := w.RaiseFinding(bg, gap.Ref, "8.2.4", FindingInput{Title: "no owners", Grade: "minor", Nonconformity: ptr(true)}); err == nil || !strings.Contains(err.Error(), "needs an owner") {
		t.Fatalf("a nonconformity without owner: %v", err)
	}
	opened, err := w.RaiseFinding(bg, gap.Ref, "8.2.4", FindingInput{Title: "no owners", Grade: "minor", Owner: "Ana", Nonconformity: ptr(true)})
	if err != nil || opened.Nonconformity == "" || opened.Recommendation {
		t.Fatalf("asked for a nonconformity: %+v %v", opened, err)
	}
	// An internal audit's finding opens one by default, and may be made a recommendation.
	audit := mustCreate(t, w, NewInput{Title: "Internal audit", Type: "internal"})
	adv, err := w.RaiseFinding(bg, audit.Ref, "8.2.4", FindingInput{Title: "wording", Grade: "minor", Nonconformity: ptr(false)})
	if err != nil || adv.Nonconformity != "" || !adv.Recommendation {
		t.Fatalf("an audit finding made a recommendation: %+v %v", adv, err)
	}
	// A graded finding recorded by hand, neither recommendation nor with its nonconformity, does
	// not close.
	plain := f.add("finding", map[string]any{"grade": "minor", "assessment": audit.ID})
	if _, err := f.s.Move(bg, "finding", plain.ID, "closed", store.Change{}); err == nil || !strings.Contains(err.Error(), "recommendation only") {
		t.Errorf("closing a minor finding with no nonconformity: %v", err)
	}
}

// The assessment's readiness, blockers and progress follow its clause results and findings.
func TestComputedFields(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	check := func(step string, readiness float64, blockers, done int64) {
		t.Helper()
		got, err := w.Show(bg, a.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if got.Readiness != readiness || got.Blockers != blockers || got.Done != done {
			t.Errorf("%s: readiness %v blockers %d done %d, want %v %d %d", step, got.Readiness, got.Blockers, got.Done, readiness, blockers, done)
		}
		r, err := w.Readiness(bg, a.Ref)
		if err != nil {
			t.Fatal(err)
		}
		// Readiness adds the documented information missing (the empty workspace holds none).
		if r.Overall.Percent != got.Readiness || int64(len(r.Blockers)-r.Stage1.Missing) != got.Blockers || r.Stage1.Missing == 0 || r.Assessment.ID != a.ID {
			t.Errorf("%s: Readiness says %v%% and %d blockers, %d of them documents", step, r.Overall.Percent, len(r.Blockers), r.Stage1.Missing)
		}
	}
	check("new", 0, 57, 0)
	mustSet(t, w, a, "4.1", Change{Result: ptr(catalogue.Conformant)})
	check("4.1 conformant, no maturity", 1.2, 56, 1) // 0.7/57 = 1.228
	mustSet(t, w, a, "4.2", Change{Result: ptr(catalogue.OtherParty), Party: ptr("Contoso Group")})
	check("4.2 by another party, 8.2.3 not assessed", 1.2, 56, 2) // counts 0 and blocks until 8.2.3 is shown
	mustSet(t, w, a, "4.3", Change{Result: ptr(catalogue.PartiallyConformant), Maturity: ptr("1")})
	check("4.3 partially conformant at 1", 1.9, 55, 3) // 1.1/57 = 1.930
	mustSet(t, w, a, "4.4", Change{Result: ptr(catalogue.Nonconformant)})
	check("4.4 nonconformant", 1.9, 55, 4) // nonconformant still blocks
	mustSet(t, w, a, "4.4", Change{Done: ptr(false)})
	check("4.4 back to do", 1.9, 55, 3)
	mustSet(t, w, a, "8.2.3", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("3")})
	check("8.2.3 conformant: 4.2 counts", 4.9, 53, 4) // 0.7 + 0.7 + 0.4 + 1 = 2.8/57 = 4.912
	fd, err := w.RaiseFinding(bg, a.Ref, "4.1", FindingInput{Title: "no review", Grade: "major", Owner: "Ana", Nonconformity: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	check("a major finding", 4.9, 54, 4)
	if _, err := w.RaiseFinding(bg, a.Ref, "4.1", FindingInput{Title: "wording", Grade: "minor", Owner: "Ana", Nonconformity: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	check("a minor finding, its correction not yet planned", 4.9, 55, 4)
	// The major finding closes once its nonconformity closes. RaiseFinding wrote now (the
	// wall clock), so the moves are made now too.
	f.at = time.Time{}
	nc, _ := f.s.Get(bg, "nonconformity", fd.Nonconformity)
	f.set("nonconformity", nc, map[string]any{"root_cause": "no calendar"})
	f.move("nonconformity", nc, "analysed")
	f.move("nonconformity", nc, "action_planned")
	acts, _ := f.s.List(bg, "action", store.Query{Where: []store.Filter{eq("nonconformity", nc.ID)}, Limit: -1})
	act := f.set("action", acts.Records[0], map[string]any{"done_on": day(fixedNow), "effectiveness_check": "next review held",
		"checked_on": day(fixedNow), "effective": "yes"})
	f.move("action", act, "done")
	f.move("action", act, "verified")
	f.move("nonconformity", nc, "closed")
	rec, _ := f.s.Get(bg, "finding", fd.ID)
	f.move("finding", rec, "closed")
	check("the major finding closed", 4.9, 54, 4)
}

func TestDiff(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "2024"})
	for clause, ch := range map[string]Change{
		"4.1": {Result: ptr(catalogue.Conformant)},
		"4.2": {Result: ptr(catalogue.PartiallyConformant), Maturity: ptr("3")},
		"4.3": {Result: ptr(catalogue.Nonconformant)},
		"4.4": {Result: ptr(catalogue.Conformant), Maturity: ptr("2")},
		"5.1": {Result: ptr(catalogue.Conformant)},
		"5.3": {Result: ptr(catalogue.Conformant), Maturity: ptr("3")},
	} {
		mustSet(t, w, a, clause, ch)
	}
	b := mustCreate(t, w, NewInput{Title: "2025", From: a.Ref})
	for clause, ch := range map[string]Change{
		"4.1":   {Result: ptr(catalogue.Nonconformant)},                              // 0.7 -> 0
		"4.2":   {Result: ptr(catalogue.Conformant)},                                 // 0.5 -> 1 (maturity 3 kept)
		"4.3":   {Result: ptr(catalogue.NoInstance), Note: ptr("procedure checked")}, // 0 -> 0.7
		"4.4":   {Maturity: ptr("4")},                                                // 0.9 -> 1, re-verified by the change
		"5.1":   {Maturity: ptr("5")},                                                // 0.7 -> 1
		"5.2.1": {Done: ptr(true)},                                                   // status only
		// 5.3 is left carried forward, not re-verified: 1 -> 0
	} {
		mustSet(t, w, b, clause, ch)
	}
	d, err := w.Diff(bg, a.Ref, b.Ref)
	if err != nil {
		t.Fatal(err)
	}
	clauses := func(list []ClauseDiff) []string {
		var out []string
		for _, c := range list {
			out = append(out, c.Clause)
		}
		return out
	}
	if got := clauses(d.Improved); !slices.Equal(got, []string{"4.2", "4.3", "4.4", "5.1"}) {
		t.Errorf("improved %v", got)
	}
	if got := clauses(d.Regressed); !slices.Equal(got, []string{"4.1", "5.3"}) {
		t.Errorf("regressed %v", got)
	}
	if got := clauses(d.Changed); len(got) != 0 {
		t.Errorf("changed %v", got)
	}
	if d.Unchanged != 51 {
		t.Errorf("unchanged %d, want 51 of the 57 requirements", d.Unchanged)
	}
	if c := d.Improved[2]; c.Clause != "4.4" || c.FromResult != catalogue.Conformant || *c.FromMaturity != 2 || *c.ToMaturity != 4 || c.FromCredit != 0.9 || c.ToCredit != 1 {
		t.Errorf("4.4 %+v", c)
	}
	// Overall: 0.7 + 0.5 + 0 + 0.9 + 0.7 + 1 = 3.8/57 = 6.7 -> 0 + 1 + 0.7 + 1 + 1 + 0 = 3.7/57 = 6.5.
	// Group 4: 2.1/4 = 52.5 -> 2.7/4 = 67.5. Group 5 (5.1, 5.2.1, 5.2.2, 5.3): 1.7/4 = 42.5 -> 1/4 = 25.
	if d.Overall != (Delta{From: 6.7, To: 6.5, Change: -0.2}) {
		t.Errorf("overall %+v", d.Overall)
	}
	if len(d.Groups) != 7 || d.Groups[0] != (GroupDelta{Group: "4", Title: "Context of the organization", Delta: Delta{From: 52.5, To: 67.5, Change: 15}}) ||
		d.Groups[1].Delta != (Delta{From: 42.5, To: 25, Change: -17.5}) {
		t.Errorf("groups %+v", d.Groups)
	}
	if d.From.ID != a.ID || d.To.ID != b.ID {
		t.Errorf("from %v to %v", d.From, d.To)
	}
	// The other way round, improved and regressed swap.
	rev, err := w.Diff(bg, b.Ref, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(clauses(rev.Improved), []string{"4.1", "5.3"}) || !slices.Equal(clauses(rev.Regressed), []string{"4.2", "4.3", "4.4", "5.1"}) || rev.Overall.Change != 0.2 {
		t.Errorf("reversed %v %v %v", clauses(rev.Improved), clauses(rev.Regressed), rev.Overall)
	}
	if _, err := w.Diff(bg, a.Ref, a.ID); err == nil || !strings.Contains(err.Error(), "compared with itself") {
		t.Errorf("diff with itself: %v", err)
	}
	if _, err := w.Diff(bg, a.Ref, "ASM-99999"); err == nil {
		t.Errorf("diff with no assessment")
	}
}

func TestProgramme(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	assess := func(typ, start string, clauses []string, moves ...string) *Assessment {
		a := mustCreate(t, w, NewInput{Title: typ + " " + start, Type: typ, Fields: map[string]any{"start": start}})
		for _, c := range clauses {
			mustSet(t, w, a, c, Change{Result: ptr(catalogue.Conformant)})
		}
		for _, to := range moves {
			if _, err := f.s.Move(bg, "assessment", a.ID, to, store.Change{}); err != nil {
				t.Fatal(err)
			}
		}
		return a
	}
	older := f.audit("internal", back(20), []string{"7.2"}, "in_progress", "reported", "closed")
	audit := f.audit("internal", back(6), []string{"4.1", "8.5.1.1", "8.5.1.2", "8.6.3", "8.7.3.1", "8.7.3.2"}, "in_progress", "reported")
	inAudit := assess("internal", day(back(2)), []string{"4.2", "8.5.1.3"}, "in_progress")
	// None of these covers anything.
	f.audit("internal", back(48), []string{"9.4"}, "in_progress", "reported") // before the period
	f.audit("supplier", back(3), []string{"9.3"}, "in_progress", "reported")  // not internal
	f.audit("internal", back(3), []string{"9.2"}, "cancelled")                // cancelled
	f.audit("internal", fixedNow.AddDate(0, 1, 0), []string{"10.1"})          // planned
	assess("gap", day(back(1)), []string{"10.2"}, "in_progress")              // a gap assessment
	assess("internal", day(back(1)), []string{"9.1"})                         // planned
	assess("internal", day(back(40)), []string{"7.1"}, "in_progress")         // before the period
	mustSet(t, w, inAudit, "7.6", Change{Done: ptr(true)})                    // done, not assessed

	p, err := w.Programme(bg, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.From != "2022-05-20" || p.To != "2025-05-20" {
		t.Errorf("period %s to %s", p.From, p.To)
	}
	if len(p.Audits) != 3 || p.Audits[0].ID != older.ID || p.Audits[0].Status != "closed" ||
		p.Audits[1].ID != audit.ID || p.Audits[1].Source != "audit" || p.Audits[1].Date != day(back(6)) ||
		p.Audits[2].ID != inAudit.ID || p.Audits[2].Source != "assessment" || p.Audits[2].Date != day(back(2)) || p.Audits[2].Status != "in_progress" {
		t.Fatalf("audits %+v", p.Audits)
	}
	if !slices.Equal(p.Audits[1].Clauses, []string{"4.1", "8.5.1.1", "8.5.1.2", "8.6.3", "8.7.3.1", "8.7.3.2"}) || !slices.Equal(p.Audits[2].Clauses, []string{"4.2", "8.5.1.3"}) {
		t.Errorf("the audits covered %v and %v", p.Audits[1].Clauses, p.Audits[2].Clauses)
	}
	// Covered and not are requirements; the headings are covered through theirs: 8.5.1 through
	// its three sub-clauses, as of the earliest; 8.7.3 is not (8.7.3.3 never audited), nor 8.6
	// (only 8.6.3 audited), nor 8.5 (8.5.2 and 8.5.3 never audited).
	want := []string{"4.1", "4.2", "7.2", "8.5.1.1", "8.5.1.2", "8.5.1.3", "8.6.3", "8.7.3.1", "8.7.3.2"}
	if !slices.Equal(p.Covered, want) {
		t.Errorf("covered %v, want %v", p.Covered, want)
	}
	if len(p.Covered)+len(p.Uncovered) != 57 || slices.Contains(p.Uncovered, "8.5.1") || !slices.Contains(p.Uncovered, "8.7.3.3") || !slices.Contains(p.Uncovered, "8.6.1") {
		t.Errorf("uncovered %v", p.Uncovered)
	}
	if p.LastCovered["8.5.1"] != day(back(6)) || p.LastCovered["8.5.1.3"] != day(back(2)) || p.LastCovered["8.7.3"] != "" {
		t.Errorf("last covered %v", p.LastCovered)
	}

	// 8.5 is covered once 8.5.2 and 8.5.3 are; an audit that names the heading 8.5.2 (as older
	// audits do) covers the requirements under it.
	f.audit("internal", back(1), []string{"8.5.2", "8.5.3"}, "in_progress", "reported", "closed")
	p, err = w.Programme(bg, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.LastCovered["8.5"] != day(back(6)) || !slices.Contains(p.Covered, "8.5.2.1") || p.LastCovered["8.5.2.3"] != day(back(1)) {
		t.Errorf("covered %v; 8.5 last covered %q", p.Covered, p.LastCovered["8.5"])
	}
	// A shorter period leaves the older audit out.
	p, err = w.Programme(bg, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Audits) != 3 || slices.Contains(p.Covered, "7.2") || !slices.Contains(p.Covered, "4.1") {
		t.Errorf("one year: %d audits, covered %v", len(p.Audits), p.Covered)
	}
	if _, err := w.Programme(bg, 0); err == nil {
		t.Errorf("a programme of 0 years")
	}

	// Looking ahead: the audits planned within the years ahead, by their planned start, and the
	// requirements neither audited nor planned.
	plan := func(start time.Time, clauses []string, moves ...string) *store.Record {
		return f.add("audit", map[string]any{"audit_type": "internal", "planned_start": day(start), "clauses": clauses}, moves...)
	}
	soon := plan(fixedNow.AddDate(0, 2, 0), []string{"10.1", "10.2"})
	later := plan(fixedNow.AddDate(1, 0, 0), []string{"10.1", "8.7.3"}) // a heading plans its requirements
	plan(fixedNow.AddDate(5, 0, 0), []string{"9.4"})                    // beyond the three years
	plan(fixedNow.AddDate(0, 3, 0), []string{"9.3"}, "cancelled")       // cancelled
	p, err = w.Programme(bg, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.PlanTo != "2028-05-20" || len(p.Planned) != 2 || p.Planned[0].ID != soon.ID || p.Planned[1].ID != later.ID || p.Planned[0].Date != day(fixedNow.AddDate(0, 2, 0)) {
		t.Fatalf("planned %+v to %s", p.Planned, p.PlanTo)
	}
	if p.NextPlanned["10.1"] != day(fixedNow.AddDate(0, 2, 0)) || p.NextPlanned["8.7.3.3"] != day(fixedNow.AddDate(1, 0, 0)) ||
		p.NextPlanned["8.7.3"] != day(fixedNow.AddDate(1, 0, 0)) || p.NextPlanned["9.4"] != "" || p.NextPlanned["9.3"] != "" {
		t.Errorf("next planned %v", p.NextPlanned)
	}
	if slices.Contains(p.Unplanned, "10.1") || slices.Contains(p.Unplanned, "8.7.3.3") || slices.Contains(p.Unplanned, "4.1") ||
		!slices.Contains(p.Unplanned, "9.4") || !slices.Contains(p.Unplanned, "8.6.1") || len(p.Unplanned) != len(p.Uncovered)-3 {
		t.Errorf("unplanned %v (uncovered %v)", p.Unplanned, p.Uncovered)
	}
}
