package fault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type legacy struct{}

func (legacy) Error() string      { return "legacy" }
func (legacy) FaultCode() string  { return "legacy.code" }
func (legacy) FaultField() string { return "legacy_field" }

func TestAnErrorSaysItsCodeAndFieldThroughWrapping(t *testing.T) {
	e := New("clause.unknown", "clause", "unknown clause %q", "9.9")
	if e.Error() != `unknown clause "9.9"` || Code(e) != "clause.unknown" || Field(e) != "clause" {
		t.Fatalf("%q %q %q", e, Code(e), Field(e))
	}
	// Wrapped by fmt.Errorf, as callers do, it is still found.
	w := fmt.Errorf("clause 9.9: %w", e)
	if Code(w) != "clause.unknown" || Field(w) != "clause" {
		t.Fatalf("wrapped: %q %q", Code(w), Field(w))
	}
	// %w keeps the cause; the outer code and field win, and a "" takes the cause's.
	outer := New("assessment.from_unknown", "from", "cannot start from %q: %w", "ASM-9", legacy{})
	if !errors.Is(outer, legacy{}) || Code(outer) != "assessment.from_unknown" || Field(outer) != "from" || outer.Error() != `cannot start from "ASM-9": legacy` {
		t.Fatalf("outer %q %q %q", outer, Code(outer), Field(outer))
	}
	if in := Wrap("", "compare", legacy{}); Code(in) != "legacy.code" || Field(in) != "compare" || in.Error() != "legacy" {
		t.Fatalf("wrap %q %q %q", in, Code(in), Field(in))
	}
	if Wrap("x", "y", nil) != nil || Or("y", nil) != nil {
		t.Fatal("nil is not nil")
	}
	// Or names a field only when the error names none.
	if Field(Or("path", legacy{})) != "legacy_field" || Field(Or("path", fs.ErrNotExist)) != "path" || Code(Or("path", fs.ErrNotExist)) != "" {
		t.Fatal("Or")
	}
	if Code(errors.New("plain")) != "" || Field(errors.New("plain")) != "" || Code(nil) != "" {
		t.Fatal("a plain error has a code")
	}
}

type word string

func (w word) String() string { return string(w) }
func (w word) Localize(lang string) string {
	if lang == "de" {
		return "Wort"
	}
	return string(w)
}

func TestTextSaysAnErrorInALanguage(t *testing.T) {
	e := New("clause.unknown", "clause", "unknown clause %q", "9.9")
	if Text(e, "en") != `unknown clause "9.9"` || Text(e, "") != e.Error() {
		t.Fatalf("en: %q", Text(e, "en"))
	}
	if got := Text(e, "de"); got != `Unbekannter Abschnitt "9.9"` {
		t.Fatalf("de: %q", got)
	}
	// A wrapper that adds a prefix keeps it; the wrapped error is said in German.
	if got := Text(fmt.Errorf("ASM-1: %w", e), "de"); got != `ASM-1: Unbekannter Abschnitt "9.9"` {
		t.Fatalf("wrapped: %q", got)
	}
	// A %w operand and a word argument are said in the language too.
	outer := New("evidence.unknown", "evidence", "evidence %q: %w", "X-1", e)
	if got := Text(outer, "de"); got != `Nachweis "X-1": Unbekannter Abschnitt "9.9"` {
		t.Fatalf("%%w: %q", got)
	}
	w := New("query.filter_invalid", "", "%s have no workflow", word("words"))
	if Text(w, "en") != "words have no workflow" || Text(w, "de") != "Wort haben keinen Workflow" {
		t.Fatalf("word: %q %q", Text(w, "en"), Text(w, "de"))
	}
	if Phrase("query.where", "in a filter").Localize("de") != "in einem Filter" || fmt.Sprint(Phrase("query.where", "in a filter")) != "in a filter" {
		t.Fatal("phrase")
	}
	// An error without a code stays English; nil is "".
	if Text(errors.New("plain"), "de") != "plain" || Text(nil, "de") != "" {
		t.Fatal("plain")
	}
}

// The operating system's words for a file not found or refused are said in the language too,
// inside the message of the call that met them, which keeps its path.
func TestTheSystemsWordsInALanguage(t *testing.T) {
	_, err := os.Open(filepath.Join(t.TempDir(), "missing.csv"))
	wrapped := New("import.source_unreadable", "", "cannot open %s: %v", "missing.csv", errors.Unwrap(err))
	if got := Text(wrapped, "de"); got != "missing.csv kann nicht geöffnet werden: Datei oder Ordner nicht vorhanden" {
		t.Errorf("German: %q", got)
	}
	if got := Text(err, "de"); !strings.HasSuffix(got, ": Datei oder Ordner nicht vorhanden") || !strings.Contains(got, "missing.csv") {
		t.Errorf("the path error in German: %q", got)
	}
	if got := Text(wrapped, "en"); got != "cannot open missing.csv: no such file or directory" {
		t.Errorf("English: %q", got)
	}
}
