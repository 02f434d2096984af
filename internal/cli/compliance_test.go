package cli

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"smsworkbench/internal/store"
)

// assessment decodes what assess new, set and show print.
type assessmentJSON struct {
	Ref       string  `json:"ref"`
	Type      string  `json:"type"`
	Readiness float64 `json:"readiness"`
	Blockers  int     `json:"blockers"`
	Done      int     `json:"clauses_done"`
	BasedOn   *struct {
		Ref string `json:"ref"`
	} `json:"based_on"`
	Clauses []struct {
		Clause   string `json:"clause"`
		Status   string `json:"status"`
		Result   string `json:"result"`
		Carried  bool   `json:"carried_forward"`
		Maturity *int   `json:"maturity"`
		Notes    string `json:"notes"`
		Evidence []struct {
			Ref  string `json:"ref"`
			Kind string `json:"kind"`
		} `json:"evidence"`
		Files []struct {
			Name   string `json:"name"`
			SHA256 string `json:"sha256"`
			Size   int    `json:"size"`
		} `json:"files"`
		Findings []struct {
			Ref           string `json:"ref"`
			Grade         string `json:"grade"`
			Nonconformity string `json:"nonconformity"`
		} `json:"findings"`
	} `json:"clauses"`
}

func decodeAssessment(t *testing.T, out string) assessmentJSON {
	t.Helper()
	var a assessmentJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("not an assessment: %v\n%s", err, out)
	}
	return a
}

func (a assessmentJSON) clause(t *testing.T, id string) int {
	t.Helper()
	for i, c := range a.Clauses {
		if c.Clause == id {
			return i
		}
	}
	t.Fatalf("clause %s missing from %s", id, a.Ref)
	return -1
}

func digest(t *testing.T, db string) string {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.Digest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func freshDB(t *testing.T) string {
	db := filepath.Join(t.TempDir(), "w.smswb")
	ok(t, runCLI(t, db, "init"))
	return db
}

func TestClausesNeedNoWorkspace(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.smswb")
	var clauses []struct{ ID, Title, Summary string }
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, missing, "clauses", "--json"))), &clauses); err != nil {
		t.Fatal(err)
	}
	if len(clauses) != 70 || clauses[0].ID != "4.1" || clauses[len(clauses)-1].ID != "10.2" {
		t.Fatalf("%d clauses, first %+v", len(clauses), clauses[0])
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("clauses created a workspace")
	}
	text := ok(t, runCLI(t, missing, "clauses"))
	if !strings.Contains(text, "\n    8.5.1.1  ") || !strings.Contains(text, "Change management policy") {
		t.Fatalf("sub-clauses are not indented under their parents:\n%s", text)
	}
}

func TestAssessmentThroughTheCLI(t *testing.T) {
	db := freshDB(t)
	policy := decode(t, ok(t, runCLI(t, db, "add", "policy", `{"title":"Change management policy","policy_type":"change"}`)))["ref"].(string)
	evidenceFile := filepath.Join(t.TempDir(), "CAB minutes.pdf")
	minutes := []byte("%PDF-1.4 minutes of the change advisory board")
	os.WriteFile(evidenceFile, minutes, 0o644)

	a := decodeAssessment(t, ok(t, runCLI(t, db, "assess", "new", "Gap assessment 2026", "--type", "gap", "--lead-auditor", "Zofia Łódź")))
	if a.Ref != "ASM-00001" || a.Type != "gap" || len(a.Clauses) != 70 || a.Blockers != 57 || a.Done != 0 {
		t.Fatalf("new assessment: %+v", a)
	}

	a = decodeAssessment(t, ok(t, runCLI(t, db, "assess", "set", a.Ref, "8.5.1.1", "--result", "conformant", "--maturity", "3",
		"--note", "Approved by the board", "--evidence", policy, "--file", evidenceFile)))
	c := a.Clauses[a.clause(t, "8.5.1.1")]
	if c.Result != "conformant" || c.Maturity == nil || *c.Maturity != 3 || c.Status != "done" || c.Notes != "Approved by the board" {
		t.Fatalf("8.5.1.1 after set: %+v", c)
	}
	if len(c.Evidence) != 1 || c.Evidence[0].Ref != policy || c.Evidence[0].Kind != "policy" {
		t.Fatalf("evidence: %+v", c.Evidence)
	}
	if len(c.Files) != 1 || c.Files[0].Name != "CAB minutes.pdf" || c.Files[0].SHA256 != fmt.Sprintf("%x", sha256.Sum256(minutes)) || c.Files[0].Size != len(minutes) {
		t.Fatalf("files: %+v", c.Files)
	}
	ok(t, runCLI(t, db, "assess", "set", a.Ref, "4.3", "--result", "no_instance", "--note", "Procedure read; the scope did not change in the period"))
	a = decodeAssessment(t, ok(t, runCLI(t, db, "assess", "set", a.Ref, "8.2.2", "--result", "partially_conformant")))
	if a.Done != 3 || a.Blockers != 54 {
		t.Fatalf("after three clauses: done %d, blockers %d", a.Done, a.Blockers)
	}

	// The readiness method by hand: 57 requirements, credits 1 (8.5.1.1 at maturity 3), 0.7
	// (4.3, no maturity recorded) and 0.35 (8.2.2, partially, no maturity): 2.05/57 = 3.6.
	var r struct {
		Overall struct {
			Percent      float64 `json:"percent"`
			Requirements int     `json:"requirements"`
		} `json:"overall"`
		Groups []struct {
			Group   string  `json:"group"`
			Percent float64 `json:"percent"`
		} `json:"groups"`
		Blockers []struct{ Kind string } `json:"blockers"`
		Stage1   struct{ Missing int }   `json:"stage1"`
	}
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "readiness", a.Ref, "--json"))), &r); err != nil {
		t.Fatal(err)
	}
	// 54 blockers in the results, and the documented information the near-empty workspace lacks.
	if r.Overall.Requirements != 57 || r.Overall.Percent != 3.6 || r.Stage1.Missing == 0 || len(r.Blockers) != 54+r.Stage1.Missing {
		t.Fatalf("readiness: %+v", r)
	}
	if g := r.Groups[4]; g.Group != "8" || g.Percent != 4.5 { // 1.35 of the 30 requirements of 8
		t.Fatalf("group 8: %+v", g)
	}
	text := ok(t, runCLI(t, db, "readiness", a.Ref))
	if !strings.Contains(text, "readiness 3.6% over 57 requirements") || !strings.Contains(text, fmt.Sprintf("%d certification blockers", 54+r.Stage1.Missing)) {
		t.Fatalf("readiness text:\n%s", text)
	}
	// The stage-1 checklist, as JSON and as text, says the same as readiness.
	var s1 struct {
		Items               []struct{ Clause, State, What string }
		Held, None, Missing int
	}
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "readiness", a.Ref, "--stage1", "--json"))), &s1); err != nil {
		t.Fatal(err)
	}
	if s1.Missing != r.Stage1.Missing || s1.Held+s1.None+s1.Missing != len(s1.Items) || len(s1.Items) < 30 {
		t.Fatalf("stage 1: %+v", s1)
	}
	text = ok(t, runCLI(t, db, "readiness", a.Ref, "--stage1"))
	if !strings.Contains(text, fmt.Sprintf("%d missing", s1.Missing)) || !regexp.MustCompile(`(?m)^5\.2\.1 +document +missing +service management policy`).MatchString(text) {
		t.Fatalf("stage 1 text:\n%s", text)
	}

	// A gap assessment's minor finding is a recommendation: it opens nothing in the registers.
	var f struct {
		Ref, Nonconformity string
		Recommendation     bool
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "assess", "finding", a.Ref, "8.5.1.2", "--grade", "minor",
		"--title", "RFC form lacks the business reason"))), &f)
	// Findings are numbered per copy (FND-TAG-0001): two auditors raise them on two laptops.
	if !regexp.MustCompile(`^FND-[0-9A-F]{4}-0001$`).MatchString(f.Ref) || f.Nonconformity != "" || !f.Recommendation {
		t.Fatalf("gap finding: %+v", f)
	}
	if bad := runCLI(t, db, "assess", "finding", a.Ref, "8.5.1.1", "--grade", "minor", "--title", "x", "--nonconformity", "maybe"); bad.code == 0 ||
		!strings.Contains(bad.stderr, "--nonconformity must be yes or no") {
		t.Fatalf("--nonconformity maybe: %+v", bad)
	}
	// Asked, a minor nonconformity opens a nonconformity and its corrective action.
	f.Recommendation = false
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "assess", "finding", a.Ref, "8.5.1.1", "--grade", "minor", "--nonconformity", "yes",
		"--title", "Emergency changes not reviewed", "--owner", "Tom Øresund", "--due", "2027-01-31"))), &f)
	if !strings.HasSuffix(f.Ref, "-0002") || f.Nonconformity != "NC-00001" || f.Recommendation {
		t.Fatalf("finding: %+v", f)
	}
	act := decode(t, ok(t, runCLI(t, db, "get", "action", "ACT-00001")))
	if act["action_type"] != "corrective" || act["owner"] != "Tom Øresund" || act["due"] != "2027-01-31" {
		t.Fatalf("corrective action: %v", act)
	}

	// Next year starts from this one: results carried forward, every clause to do again.
	b := decodeAssessment(t, ok(t, runCLI(t, db, "assess", "new", "Gap assessment 2027", "--from", a.Ref)))
	cb := b.Clauses[b.clause(t, "8.5.1.1")]
	if b.BasedOn == nil || b.BasedOn.Ref != a.Ref || cb.Result != "conformant" || cb.Status != "todo" || !cb.Carried || len(cb.Evidence) != 1 || len(cb.Files) != 1 || b.Done != 0 {
		t.Fatalf("started from %s: %+v, 8.5.1.1 %+v", a.Ref, b, cb)
	}
	ok(t, runCLI(t, db, "assess", "set", b.Ref, "8.2.2", "--result", "conformant", "--maturity", "4"))
	ok(t, runCLI(t, db, "assess", "set", b.Ref, "8.5.1.1", "--result", "partially_conformant"))
	var d struct {
		Overall   struct{ From, To, Change float64 }
		Improved  []struct{ Clause string }
		Regressed []struct{ Clause string }
		Unchanged int
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "assess", "diff", a.Ref, b.Ref, "--json"))), &d)
	// 8.2.2 0.35 -> 1; 8.5.1.1 1 -> 0.5; 4.3 carried forward, not re-verified: 0.7 -> 0.
	if len(d.Improved) != 1 || d.Improved[0].Clause != "8.2.2" || len(d.Regressed) != 2 || d.Regressed[0].Clause != "4.3" ||
		d.Regressed[1].Clause != "8.5.1.1" || d.Unchanged != 54 {
		t.Fatalf("diff: %+v", d)
	}
	if d.Overall.From != 3.6 || d.Overall.To != 2.6 || d.Overall.Change != -1 { // 1.5/57
		t.Fatalf("diff overall: %+v", d.Overall)
	}
	// Confirmed, 4.3 counts again: 2.2/57 = 3.9.
	b = decodeAssessment(t, ok(t, runCLI(t, db, "assess", "set", b.Ref, "4.3", "--confirm")))
	if c := b.Clauses[b.clause(t, "4.3")]; c.Carried || b.Readiness != 3.9 {
		t.Fatalf("confirmed 4.3: %+v, readiness %v", c, b.Readiness)
	}
}

func TestAssessmentBadInputWritesNothing(t *testing.T) {
	db := freshDB(t)
	ok(t, runCLI(t, db, "assess", "new", "Audit"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"assess", "set", "ASM-00001", "8.9", "--result", "conformant"}, `unknown clause "8.9" (smsworkbench clauses lists them)`},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--result", "compliant"}, `result "compliant" is not one of`},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--result", "not_applicable", "--note", "outsourced"}, "allows no exclusion"},
		{[]string{"assess", "set", "ASM-00001", "8.2", "--result", "conformant"}, "8.2 Service portfolio is a group heading"},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--result", "other_party"}, "without naming the party that fulfils it (give it with --party)"},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--result", "no_instance", "--note", "  "}, "without saying what was checked instead (its procedure) (give it with --note)"},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--evidence", "POL-00042"}, `evidence "POL-00042": no record`},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--maturity", "6"}, `maturity "6" is outside 0-5`},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--maturity", "-1"}, `maturity "-1" is outside 0-5`},
		{[]string{"assess", "set", "ASM-00001", "8.2.4", "--result", "conformant", "--file", "/nonexistent/x.pdf"}, "evidence file"},
		{[]string{"assess", "set", "ASM-00099", "8.2.4", "--result", "conformant"}, "ASM-00099"},
		{[]string{"assess", "new", "X", "--type", "certification"}, `assessment type "certification" is not one of`},
		{[]string{"assess", "new", "X", "--from", "ASM-00077"}, "ASM-00077"},
		{[]string{"assess", "finding", "ASM-00001", "8.2.4", "--grade", "minor", "--title", "T", "--nonconformity", "yes"}, "needs an owner for its corrective action (give it with --owner)"},
		{[]string{"assess", "finding", "ASM-00001", "8.2.4", "--grade", "severe", "--title", "T"}, `grade "severe"`},
		{[]string{"assess", "finding", "ASM-00001", "8.5", "--grade", "minor", "--title", "T", "--owner", "Ana"}, "raise the finding against one of 8.5.1"},
		{[]string{"assess", "diff", "ASM-00001", "ASM-00001"}, "compared with itself"},
		{[]string{"review", "pack", "--from", "2026-13-01"}, "is not a date (YYYY-MM-DD) (--from)"},
		{[]string{"review", "pack", "--to", "2026-13-01"}, "is not a date (YYYY-MM-DD) (--to)"},
		{[]string{"review", "pack", "--from", "2026-06-01", "--to", "2026-01-01"}, "the period ends (2026-01-01) before it starts (2026-06-01)"},
	} {
		before := digest(t, db)
		r := runCLI(t, db, tc.args...)
		if r.code != ExitError || !strings.HasPrefix(r.stderr, "error: ") || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want one error line with %q", tc.args, r.code, r.stderr, tc.want)
		}
		if after := digest(t, db); after != before {
			t.Errorf("%v changed the workspace", tc.args)
		}
	}
}

func TestReviewPackFillsAReviewAndRecordsDecisions(t *testing.T) {
	db := demoDB(t)
	var p struct {
		SLA []struct {
			SLA     string `json:"sla"`
			Tickets int    `json:"tickets"`
		} `json:"sla_performance"`
		Incidents []struct{ Month string } `json:"incident_trend"`
		Inputs    map[string]string        `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "review", "pack", "--json"))), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.SLA) == 0 || len(p.Incidents) < 12 || !strings.Contains(p.Inputs["performance"], "Incidents opened:") {
		t.Fatalf("pack of the demo: %d SLAs, %d months, inputs %v", len(p.SLA), len(p.Incidents), p.Inputs)
	}
	review := decode(t, ok(t, runCLI(t, db, "add", "review", `{"title":"Management review 2027","held_on":"2027-01-15"}`)))["ref"].(string)
	ok(t, runCLI(t, db, "review", "pack", "--into", review))
	got := decode(t, ok(t, runCLI(t, db, "get", "review", review)))
	if got["performance"] != p.Inputs["performance"] || got["audit_results"] != p.Inputs["audit_results"] || got["period"] == nil {
		t.Fatalf("review after --into: %v", got)
	}
	act := decode(t, ok(t, runCLI(t, db, "review", "decide", review, "--title", "Add a second site for backups", "--owner", "Emre Demir", "--due", "2027-06-30")))
	if act["action_type"] != "review" || act["review"] == nil || act["owner"] != "Emre Demir" {
		t.Fatalf("decision: %v", act)
	}
}
