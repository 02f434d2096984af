package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// pdfText is the text of a PDF as poppler reads it, whitespace collapsed.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// A whole internal audit through the command line, as a lead auditor runs it on site: the plan
// sent, sessions, checklist answers, an interview, a sample drawn twice identically, a minor
// nonconformity written as a statement, the conclusion and the signature; the report read back.
func TestAWholeAuditThroughTheCLI(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	refOf := func(out string) string { t.Helper(); return decode(t, out)["ref"].(string) }
	a := refOf(ok(t, runCLI(t, db, "assess", "new", "Internal audit 2026", "--type", "internal", "--lead-auditor", "Zofia Łódź",
		"--start", "2026-12-07", "--end", "2026-12-08", "--scope", "Managed workplace services")))

	ok(t, runCLI(t, db, "audit", "plan", a, "--objectives", "Confirm incident and continuity management run as documented", "--sites", "Berlin head office"))
	s1 := decode(t, ok(t, runCLI(t, db, "audit", "session", "add", a, "--at", "2026-12-07 09:00", "--clauses", "8.6.1", "--auditee", "Emre Demir", "--auditor", "Zofia Łódź", "--place", "Room 2", "--json")))
	ok(t, runCLI(t, db, "audit", "session", "add", a, "--at", "2026-12-07 13:30", "--clauses", "8.7.2", "--auditee", "Ana Silva", "--remote"))
	sent := ok(t, runCLI(t, db, "audit", "plan", a, "--sent"))
	if !strings.Contains(sent, "Unchanged since.") || !strings.Contains(sent, "Berlin head office") || !strings.Contains(sent, "Ana Silva") {
		t.Fatalf("the plan as sent:\n%s", sent)
	}
	ok(t, runCLI(t, db, "audit", "session", "add", a, "--at", "2026-12-08 10:00", "--clauses", "9.2", "--auditee", "Lee Park"))
	plan := ok(t, runCLI(t, db, "audit", "plan", a))
	if !strings.Contains(plan, "Changed since:") || !strings.Contains(plan, "added: 2026-12-08 10:00, 9.2 with Lee Park") {
		t.Errorf("the plan after a session was added:\n%s", plan)
	}
	planPDF := filepath.Join(dir, "plan.pdf")
	ok(t, runCLI(t, db, "audit", "plan", a, "--pdf", planPDF, "--xlsx", filepath.Join(dir, "plan.xlsx")))
	if text := pdfText(t, planPDF); !strings.Contains(text, "Audit plan") || !strings.Contains(text, "Confirm incident and continuity management") ||
		!strings.Contains(text, "9.2 with Lee Park") || strings.Contains(text, "Audit pack") {
		t.Errorf("the plan's PDF: %s", text)
	}
	ok(t, runCLI(t, db, "move", "auditsession", s1["ref"].(string), "held"))

	// The checklist, answered during the session.
	list := ok(t, runCLI(t, db, "audit", "checklist", a, "8.6.1"))
	if !strings.Contains(list, "e1") || !strings.Contains(list, "r1") || !strings.Contains(list, "Check in the registers: ") {
		t.Fatalf("the checklist of 8.6.1:\n%s", list)
	}
	answered := decode(t, ok(t, runCLI(t, db, "audit", "checklist", "answer", a, "8.6.1", "e3", "--answer", "partly",
		"--note", "Major incident procedure v3 seen; reviews not minuted", "--session", s1["ref"].(string))))
	if answered["answer"] != "partly" || answered["session"] != s1["ref"] {
		t.Errorf("answered: %v", answered)
	}

	// An interview, and a sample of priority-1 incidents drawn twice with one seed.
	iv := refOf(ok(t, runCLI(t, db, "audit", "interview", "add", a, "--person", "Emre Demir", "--role", "Service desk lead", "--clauses", "8.6.1",
		"--note", "Major incidents are escalated by phone; the review is held when time allows", "--json")))
	var one, two struct {
		Ref   string
		Seed  int64
		Items []struct{ Ref, Title string }
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "audit", "sample", a, "8.6.1", "--kind", "incident", "--where", "priority=1", "--size", "4", "--seed", "4711", "--json"))), &one)
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "audit", "sample", a, "8.6.1", "--kind", "incident", "--where", "priority=1", "--size", "4", "--seed", "4711", "--json"))), &two)
	if len(one.Items) != 4 || one.Seed != 4711 {
		t.Fatalf("sample: %+v", one)
	}
	for i := range one.Items {
		if one.Items[i].Ref != two.Items[i].Ref {
			t.Fatalf("the same seed drew %v and %v", one.Items, two.Items)
		}
	}
	sample := one.Ref
	ok(t, runCLI(t, db, "audit", "sample", "set", sample, one.Items[0].Ref, "--conforms", "yes", "--note", "reviewed the next day"))
	judged := ok(t, runCLI(t, db, "audit", "sample", "set", sample, one.Items[1].Ref, "--conforms", "no", "--note", "no review held"))
	if !strings.Contains(judged, "2 judged, 1 not conforming") {
		t.Errorf("after two verdicts:\n%s", judged)
	}

	// A minor nonconformity, its statement in three parts with its evidence.
	f := refOf(ok(t, runCLI(t, db, "assess", "finding", a, "8.6.1", "--grade", "minor", "--title", "Major incident reviews not held", "--owner", "Emre Demir")))
	ok(t, runCLI(t, db, "audit", "statement", f, "--requirement", "The incident procedure (section 5) requires a review of every major incident.",
		"--evidence", "One of four sampled priority-1 incidents had no review.", "--evidence-record", sample, "--evidence-record", iv,
		"--statement", "Major incidents are not always reviewed after their resolution.",
		"--correction", "Review the open case", "--correction-due", "2026-12-20"))

	// Bad input: one line, a non-zero exit, nothing written.
	before := count(t, db, "sample")
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"audit", "sample", a, "8.6.1", "--kind", "incident", "--size", "4", "--seed", "x"}, `--seed "x" is not a whole number`},
		{[]string{"audit", "sample", a, "8.6", "--kind", "incident", "--size", "4"}, "is a group heading"},
		{[]string{"audit", "sample", a, "8.6.1", "--kind", "incident", "--where", "nosuch=1", "--size", "4"}, `no such field`},
		{[]string{"audit", "sample", "set", sample, "INC-99999", "--conforms", "yes"}, "is not in sample " + sample},
		{[]string{"audit", "session", "add", a, "--at", "next monday", "--clauses", "8.6.1", "--auditee", "X"}, `"next monday" is not a date and time`},
		{[]string{"audit", "sign", a, "--name", "Zofia Łódź"}, "needs the lead auditor's conclusion"},
		{[]string{"audit", "conclude", a, "--conclusion", "x", "--recommend", "maybe"}, `recommendation "maybe" is not one of`},
		{[]string{"audit", "report", a, "--version", "1", "--pdf", filepath.Join(dir, "none.pdf")}, "has no signed version 1"},
	} {
		r := runCLI(t, db, bad.args...)
		if r.code == 0 || !strings.HasPrefix(r.stderr, "error: ") || !strings.Contains(r.stderr, bad.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
			t.Errorf("%v: exit %d, %q; want one line with %q", bad.args, r.code, r.stderr, bad.want)
		}
	}
	if after := count(t, db, "sample"); after != before {
		t.Errorf("refused commands made %d samples", after-before)
	}

	// The report before it is signed is a draft.
	draft := filepath.Join(dir, "draft.pdf")
	ok(t, runCLI(t, db, "audit", "report", a, "--pdf", draft))
	if text := pdfText(t, draft); !strings.Contains(text, "draft of version 1") || strings.Contains(text, "final, version") {
		t.Errorf("the unsigned report does not say it is a draft")
	}

	ok(t, runCLI(t, db, "audit", "conclude", a, "--conclusion", "Incident management is implemented; major incident reviews are not yet consistent.",
		"--recommend", "after_plan", "--distribution", "CIO; SMS manager"))
	signed := decode(t, ok(t, runCLI(t, db, "audit", "sign", a, "--name", "Zofia Łódź", "--json")))
	if signed["version"] != float64(1) || signed["signed_by"] != "Zofia Łódź" {
		t.Fatalf("signed: %v", signed)
	}
	final := filepath.Join(dir, "final.pdf")
	ok(t, runCLI(t, db, "auditpack", "--assessment", a, "--report", "--pdf", final, "--xlsx", filepath.Join(dir, "final.xlsx")))
	text := pdfText(t, final)
	for _, want := range []string{
		"Audit report", "1 Audit details", "2 Executive summary", "3 Nonconformities and other findings", "4 Clause by clause", "5 Samples",
		"6 The plan as carried out", "7 Conclusion and sign-off", "A Readiness in figures",
		"final, version 1, signed by Zofia Łódź",
		"Confirm incident and continuity management run as documented", "Berlin head office",
		// the executive summary reads as written, from the records
		"Zofia Łódź led an internal audit of the service management system (scope: Managed workplace services) from 7 December 2026 to 8 December 2026",
		"The audit raised one minor nonconformity (8.6.1: Major incident reviews not held).",
		"The lead auditor recommends certification once the correction plans of the minor nonconformities are accepted.",
		// the statement's three parts and the auditee's correction
		"Requirement The incident procedure (section 5) requires a review of every major incident.",
		"Objective evidence One of four sampled priority-1 incidents had no review.",
		"Statement of nonconformity Major incidents are not always reviewed after their resolution.",
		"Correction Review the open case (due 2026-12-20)",
		// the sample's records and verdicts, the interview, the answer
		one.Items[0].Ref, one.Items[1].Ref, one.Items[2].Ref, one.Items[3].Ref, "DOES NOT CONFORM no review held", "seed 4711",
		"Emre Demir (Service desk lead)", "Major incident procedure v3 seen; reviews not minuted",
		"CIO; SMS manager",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the signed report lacks %q", want)
		}
	}
	// The report's figures, counted again from the assessment as the command line shows it.
	var shown struct {
		Clauses []struct {
			Result string
			Rollup bool
		}
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "assess", "show", a, "--json"))), &shown)
	total, assessed := 0, 0
	for _, c := range shown.Clauses {
		if !c.Rollup {
			total++
			if c.Result != "not_assessed" {
				assessed++
			}
		}
	}
	for _, want := range []string{fmt.Sprintf("Requirements assessed %d of %d", assessed, total), "Major / minor nonconformities 0 / 1",
		"Interviews / samples 1 / 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report's figures lack %q", want)
		}
	}
	if strings.Contains(text, "DRAFT") || strings.Contains(text, "draft of version") {
		t.Errorf("the signed report still says draft")
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "final.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sheets := book.GetSheetList()
	rows, _ := book.GetRows("Sampled records")
	book.Close()
	if sheets[0] != "Report" || len(rows) != 1+2*4 || rows[2][6] != one.Items[1].Ref || rows[2][8] != "no" || rows[2][5] != "4711" {
		t.Errorf("workbook sheets %v; sampled records %v", sheets, rows)
	}

	// The signed version is frozen: written again after a later edit, it is the same bytes.
	v1 := filepath.Join(dir, "v1.pdf")
	ok(t, runCLI(t, db, "audit", "report", a, "--version", "1", "--pdf", v1))
	frozen, _ := os.ReadFile(v1)
	if sum := sha256.Sum256(frozen); hex.EncodeToString(sum[:]) != signed["pdf_sha256"] {
		t.Fatalf("version 1 is not the PDF signed")
	}
	ok(t, runCLI(t, db, "audit", "interview", "add", a, "--person", "Ana Silva", "--clauses", "8.7.2", "--note", "Continuity test booked for January"))
	if r := ok(t, runCLI(t, db, "audit", "report", a)); !strings.HasPrefix(r, "report: draft of version 2 (not signed)") {
		t.Errorf("after a later edit: %s", r[:min(len(r), 80)])
	}
	again := filepath.Join(dir, "v1-again.pdf")
	ok(t, runCLI(t, db, "audit", "report", a, "--version", "1", "--pdf", again))
	if b, _ := os.ReadFile(again); !bytes.Equal(b, frozen) {
		t.Errorf("version 1 changed after a later edit")
	}
	ok(t, runCLI(t, db, "audit", "sign", a, "--name", "Zofia Łódź"))
	var versions struct {
		Issue struct{ Versions []struct{ Version int } }
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "audit", "report", a, "--json"))), &versions)
	if len(versions.Issue.Versions) != 2 {
		t.Errorf("versions after the second signature: %+v", versions)
	}
}
