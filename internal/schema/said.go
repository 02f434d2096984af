package schema

import (
	"fmt"

	"smsworkbench/internal/fault"
)

// The messages of the declarations — a value check's, a rule's objection — keep their English
// format and arguments, so that package fault can say them in another language (fault.Say): the
// words of each language are in fault's catalogue under the message's code, "field.value" for
// a value check and "rule" for a rule.

// said is a text made as fmt.Sprintf makes it, that can be said again in another language.
type said struct {
	code   string
	format string
	args   []any
}

func (s said) String() string { return fmt.Sprintf(s.format, s.args...) }

// Localize is the text in lang (fault.Localizer).
func (s said) Localize(lang string) string { return fault.Say(lang, s.code, s.format, s.args...) }

// ValueError is what is wrong with a value given for a field, said of the field alone: "must be
// a number, not \"abc\"".
type ValueError struct{ said }

func (e *ValueError) Error() string { return e.String() }

func valueErr(format string, args ...any) error {
	return &ValueError{said{"field.value", format, args}}
}

// phrase is a few words of a value check's message: "a list", "the number 7".
func phrase(format string, args ...any) said { return said{"field.value", format, args} }

// Refusal is a rule's objection that names no field: a guard refusing a workflow move.
type Refusal struct{ said }

func (e *Refusal) Error() string { return e.String() }

// Refuse returns a Refusal.
func Refuse(format string, args ...any) error { return &Refusal{said{"rule", format, args}} }
