package store

import (
	"fmt"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
)

// FieldError says what is wrong with the value of one field of a record. It is a fault.Coded
// error: Code is one of the "field.", "ref.", "date.", "workflow." or "query." codes below.
type FieldError struct {
	Kind  string
	Field string
	Msg   string // what is wrong, said of the field: "is required"
	Code  string // "field.required"; "" reads as "field.invalid"
	// Row and Column name the cell of a table field at fault (Row from 1; 0: not a cell).
	Row    int
	Column string
	// what Msg was made of, so that Localize says it in another language: a format and its
	// arguments (fieldErr), or the error of a value or a rule whose message Msg is
	format string
	args   []any
	cause  error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s field %q %s", e.Kind, e.Field, e.Msg)
}

// Localize is the error's message in lang (fault.Text): "Störung: Feld „Auswirkung“ (impact)
// muss …".
func (e *FieldError) Localize(lang string) string {
	return fault.Say(lang, "field", "%s field %q %s", schema.Word{Path: "kind." + e.Kind + ".label", English: e.Kind}, fieldWord{e.Kind, e.Field}, e.Detail(lang))
}

// Detail is Msg in lang: what is wrong said of the field alone.
func (e *FieldError) Detail(lang string) string {
	switch {
	case lang == "" || lang == "en":
		return e.Msg
	case e.format != "":
		return fault.Say(lang, e.FaultCode(), e.format, e.args...)
	case e.cause != nil:
		if d, ok := e.cause.(interface{ Detail(lang string) string }); ok {
			return d.Detail(lang) // a rule's objection, said of the field alone
		}
		return fault.Text(e.cause, lang)
	}
	return e.Msg
}

// fieldWord is a field in a FieldError's message: its name in English (%q quotes it), and in
// another language its label in German quotes with the name in parentheses (the name is what a
// command line gives): „Auswirkung“ (impact).
type fieldWord struct{ kind, field string }

func (w fieldWord) String() string { return w.field }

func (w fieldWord) Localize(lang string) string {
	label := schema.FieldWord(w.kind, w.field).Localize(lang)
	if label == w.field {
		return "„" + label + "“"
	}
	return "„" + label + "“ (" + w.field + ")"
}

// FaultCode is the error's code ("field.invalid" when none was given).
func (e *FieldError) FaultCode() string {
	if e.Code == "" {
		return "field.invalid"
	}
	return e.Code
}

// FaultField is the field the error is about.
func (e *FieldError) FaultField() string { return e.Field }

// NotFoundError says that no record answers to an id or ref.
type NotFoundError struct {
	Kind string
	Key  string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no %s with id or ref %q", e.Kind, e.Key)
}

// Localize is the error's message in lang (fault.Text).
func (e *NotFoundError) Localize(lang string) string {
	return fault.Say(lang, "record.not_found", "no %s with id or ref %q", schema.Word{Path: "kind." + e.Kind + ".label", English: e.Kind}, e.Key)
}

// FaultCode is "record.not_found".
func (e *NotFoundError) FaultCode() string { return "record.not_found" }

// FaultField is "": the error is about the key given, not a field.
func (e *NotFoundError) FaultField() string { return "" }

// TransitionError says that a workflow does not allow a move.
type TransitionError struct {
	Kind, Ref, From, To string
	Allowed             []string
}

func (e *TransitionError) Error() string {
	allowed := "none: it is in a final state"
	if len(e.Allowed) > 0 {
		allowed = strings.Join(e.Allowed, ", ")
	}
	return fmt.Sprintf("%s %s cannot move from %s to %s (allowed: %s)", e.Kind, e.Ref, e.From, e.To, allowed)
}

// Localize is the error's message in lang (fault.Text), the states by their labels.
func (e *TransitionError) Localize(lang string) string {
	allowed := fault.Phrase("workflow.transition", "none: it is in a final state").Localize(lang)
	if len(e.Allowed) > 0 {
		words := make([]string, len(e.Allowed))
		for i, st := range e.Allowed {
			words[i] = schema.StateWord(e.Kind, st).Localize(lang)
		}
		allowed = strings.Join(words, ", ")
	}
	return fault.Say(lang, "workflow.transition", "%s %s cannot move from %s to %s (allowed: %s)",
		schema.Word{Path: "kind." + e.Kind + ".label", English: e.Kind}, e.Ref, schema.StateWord(e.Kind, e.From), schema.StateWord(e.Kind, e.To), allowed)
}

// FaultCode is "workflow.transition".
func (e *TransitionError) FaultCode() string { return "workflow.transition" }

// FaultField is "": the move is refused, not a field.
func (e *TransitionError) FaultField() string { return "" }

// ErrReadOnly is returned for writes to a workspace that was opened read-only.
var ErrReadOnly error = &fault.Error{Code: "workspace.read_only", Message: "the workspace is read-only"}

// fieldErr is the error of one field, with its code ("field.required"; see FieldError).
// Like fmt.Errorf, a %w verb takes an error (said in the language of its own code).
func fieldErr(kind, field, code, format string, args ...any) error {
	return &FieldError{Kind: kind, Field: field, Msg: fmt.Errorf(format, args...).Error(), Code: code, format: format, args: args}
}
