package fault

import (
	"errors"
	"fmt"
	"io/fs"
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
