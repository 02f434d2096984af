package cli

import (
	"strings"
	"testing"

	"smsworkbench/internal/fault"
)

// A refusal without advice of its own takes that of the coded error it wraps: the rows of an
// assessment workbook that name an unknown clause get the command that lists the clauses.
func TestRenderTakesTheAdviceOfAWrappedCode(t *testing.T) {
	rows := fault.New("workbook.rows_invalid", "path", "2 rows of a.xlsx cannot be imported, so nothing was imported; first: row 5")
	if got := render(rows, "en"); strings.Contains(got, "(") {
		t.Fatalf("advice without a cause: %q", got)
	}
	rows.Err = fault.New("clause.unknown", "clause", "unknown clause %q", "8.9")
	if got, want := render(rows, "en"), "first: row 5 (smsworkbench clauses lists them)"; !strings.HasSuffix(got, want) {
		t.Fatalf("render = %q, want it to end in %q", got, want)
	}
	note := fault.Wrap("", "notes", fault.New("assessment.note_required", "notes", "say what was checked"))
	if got := render(note, "en"); !strings.HasSuffix(got, "(give it with --note)") {
		t.Fatalf("render = %q", got)
	}
}

// Every hint has its German words, and German has no hint of a code without one in English.
func TestEveryHintIsInGerman(t *testing.T) {
	for code, h := range hints {
		if strings.TrimSpace(hintsDE[code]) == "" {
			t.Errorf("no German hint for %s (%q)", code, h)
		}
	}
	for code := range hintsDE {
		if hints[code] == "" {
			t.Errorf("a German hint for %s, which has none in English", code)
		}
	}
	for code, h := range flagHints {
		if hints[code] != "" || !strings.Contains(h, "--") && !strings.HasPrefix(h, "smsworkbench ") {
			t.Errorf("%s: a flag hint %q is worded, or worded in a language too", code, h)
		}
	}
}
