package compliance

import (
	"path/filepath"
	"testing"

	"smsworkbench/internal/testkit"
)

// Every refusal of the package is a fault error with its code and field, and says what is wrong
// without naming a command or a flag: the command line and the window add their own advice by
// the code.
func TestRefusalsCarryACodeAndAFieldAndNoCommandLineAdvice(t *testing.T) {
	s := openWorkspace(t)
	w := New(s)
	a, err := w.Create(bg, NewInput{Title: "Gap 2025", Type: "gap"})
	if err != nil {
		t.Fatal(err)
	}
	str := func(v string) *string { return &v }
	set := func(clause string, ch Change) error { _, err := w.Set(bg, a.Ref, clause, ch); return err }
	finding := func(clause string, in FindingInput) error {
		_, err := w.RaiseFinding(bg, a.Ref, clause, in)
		return err
	}
	yes := true
	dir := t.TempDir()
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(w.Create(bg, NewInput{Title: " "})), "assessment.title_required", "title"),
		testkit.Refused(testkit.Second(w.Create(bg, NewInput{Title: "X", Type: "audit"})), "assessment.type_unknown", "type"),
		testkit.Refused(testkit.Second(w.Create(bg, NewInput{Title: "X", From: "ASM-99999"})), "assessment.from_unknown", "from"),
		testkit.Refused(set("99.9", Change{Result: str("conformant")}), "clause.unknown", "clause"),
		testkit.Refused(set("8.7.3", Change{Result: str("conformant")}), "clause.heading", "clause"),
		testkit.Refused(set("8.7.3.3", Change{Result: str("not_applicable")}), "result.excluded", "result"),
		testkit.Refused(set("8.7.3.3", Change{Result: str("great")}), "result.unknown", "result"),
		testkit.Refused(set("8.7.3.3", Change{Maturity: str("7")}), "maturity.invalid", "maturity"),
		testkit.Refused(set("8.7.3.3", Change{Result: str("no_instance")}), "assessment.note_required", "notes"),
		testkit.Refused(set("8.7.3.3", Change{Result: str("other_party")}), "assessment.party_required", "party"),
		testkit.Refused(set("8.7.3.3", Change{AddEvidence: []string{"POL-99999"}}), "evidence.unknown", "evidence"),
		testkit.Refused(set("8.7.3.3", Change{RemoveEvidence: []string{a.Ref}}), "evidence.not_linked", "evidence"),
		testkit.Refused(set("8.7.3.3", Change{RemoveFiles: []string{"x.pdf"}}), "evidence.file_not_attached", "files"),
		testkit.Refused(set("8.7.3.3", Change{Attach: []Upload{{Name: " ", Data: []byte("x")}}}), "evidence.file_name_required", "files"),
		testkit.Refused(testkit.Second(ReadFile(filepath.Join(dir, "none.pdf"))), "evidence.file_unreadable", "files"),
		testkit.Refused(testkit.Second(ReadFile(dir)), "evidence.file_unreadable", "files"),
		testkit.Refused(finding("99.9", FindingInput{Title: "T", Grade: "minor"}), "clause.unknown", "clause"),
		testkit.Refused(finding("8.5", FindingInput{Title: "T", Grade: "minor"}), "clause.heading", "clause"),
		testkit.Refused(finding("8.5.1.1", FindingInput{Title: "T", Grade: "severe"}), "finding.grade_unknown", "grade"),
		testkit.Refused(finding("8.5.1.1", FindingInput{Title: " ", Grade: "minor"}), "finding.title_required", "title"),
		testkit.Refused(finding("8.5.1.1", FindingInput{Title: "T", Grade: "minor", Nonconformity: &yes}), "finding.owner_required", "owner"),
		testkit.Refused(testkit.Second(w.Suggest(bg, a.Ref, "99.9")), "clause.unknown", "clause"),
		testkit.Refused(testkit.Second(w.Diff(bg, a.Ref, a.Ref)), "assessment.compared_with_itself", ""),
		testkit.Refused(testkit.Second(w.Programme(bg, 0)), "programme.years_invalid", "years"),
		testkit.Refused(testkit.Second(w.ExportWorkbook(bg, a.Ref, filepath.Join(dir, "a.csv"), "en")), "output.extension", "path"),
		testkit.Refused(CheckPeriod("May", ""), "period.from_invalid", "from"),
		testkit.Refused(CheckPeriod("", "2025-13-01"), "period.to_invalid", "to"),
		testkit.Refused(CheckPeriod("2025-05-01", "2025-01-01"), "period.reversed", "to"),
	})
	if CheckPeriod("", "") != nil || CheckPeriod("2025-01-01", "2025-01-01") != nil {
		t.Error("a good period is refused")
	}
}
