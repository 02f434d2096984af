package compliance

import (
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/fault"
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
	for _, c := range []struct {
		err         error
		code, field string
	}{
		{second(w.Create(bg, NewInput{Title: " "})), "assessment.title_required", "title"},
		{second(w.Create(bg, NewInput{Title: "X", Type: "audit"})), "assessment.type_unknown", "type"},
		{second(w.Create(bg, NewInput{Title: "X", From: "ASM-99999"})), "assessment.from_unknown", "from"},
		{set("99.9", Change{Result: str("conformant")}), "clause.unknown", "clause"},
		{set("8.7.3", Change{Result: str("conformant")}), "clause.heading", "clause"},
		{set("8.7.3.3", Change{Result: str("not_applicable")}), "result.excluded", "result"},
		{set("8.7.3.3", Change{Result: str("great")}), "result.unknown", "result"},
		{set("8.7.3.3", Change{Maturity: str("7")}), "maturity.invalid", "maturity"},
		{set("8.7.3.3", Change{Result: str("no_instance")}), "assessment.note_required", "notes"},
		{set("8.7.3.3", Change{Result: str("other_party")}), "assessment.party_required", "party"},
		{set("8.7.3.3", Change{AddEvidence: []string{"POL-99999"}}), "evidence.unknown", "evidence"},
		{set("8.7.3.3", Change{RemoveEvidence: []string{a.Ref}}), "evidence.not_linked", "evidence"},
		{set("8.7.3.3", Change{RemoveFiles: []string{"x.pdf"}}), "evidence.file_not_attached", "files"},
		{set("8.7.3.3", Change{Attach: []Upload{{Name: " ", Data: []byte("x")}}}), "evidence.file_name_required", "files"},
		{second(ReadFile(filepath.Join(dir, "none.pdf"))), "evidence.file_unreadable", "files"},
		{second(ReadFile(dir)), "evidence.file_unreadable", "files"},
		{finding("99.9", FindingInput{Title: "T", Grade: "minor"}), "clause.unknown", "clause"},
		{finding("8.5", FindingInput{Title: "T", Grade: "minor"}), "clause.heading", "clause"},
		{finding("8.5.1.1", FindingInput{Title: "T", Grade: "severe"}), "finding.grade_unknown", "grade"},
		{finding("8.5.1.1", FindingInput{Title: " ", Grade: "minor"}), "finding.title_required", "title"},
		{finding("8.5.1.1", FindingInput{Title: "T", Grade: "minor", Nonconformity: &yes}), "finding.owner_required", "owner"},
		{second(w.Suggest(bg, a.Ref, "99.9")), "clause.unknown", "clause"},
		{second(w.Diff(bg, a.Ref, a.Ref)), "assessment.compared_with_itself", ""},
		{second(w.Programme(bg, 0)), "programme.years_invalid", "years"},
		{second(w.ExportWorkbook(bg, a.Ref, filepath.Join(dir, "a.csv"))), "output.extension", "path"},
		{CheckPeriod("May", ""), "period.from_invalid", "from"},
		{CheckPeriod("", "2025-13-01"), "period.to_invalid", "to"},
		{CheckPeriod("2025-05-01", "2025-01-01"), "period.reversed", "to"},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.code)
			continue
		}
		msg := c.err.Error()
		if fault.Code(c.err) != c.code || fault.Field(c.err) != c.field {
			t.Errorf("%q: code %q field %q, want %q %q", msg, fault.Code(c.err), fault.Field(c.err), c.code, c.field)
		}
		if strings.Contains(msg, "--") || strings.Contains(msg, "smsworkbench ") {
			t.Errorf("%s: %q names the command line", c.code, msg)
		}
	}
	if CheckPeriod("", "") != nil || CheckPeriod("2025-01-01", "2025-01-01") != nil {
		t.Error("a good period is refused")
	}
}

func second[T any](_ T, err error) error { return err }
