package store

import (
	"fmt"
	"strings"

	"smsworkbench/internal/fault"
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
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s field %q %s", e.Kind, e.Field, e.Msg)
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

// FaultCode is "workflow.transition".
func (e *TransitionError) FaultCode() string { return "workflow.transition" }

// FaultField is "": the move is refused, not a field.
func (e *TransitionError) FaultField() string { return "" }

// ErrReadOnly is returned for writes to a workspace that was opened read-only.
var ErrReadOnly error = &fault.Error{Code: "workspace.read_only", Message: "the workspace is read-only"}

// fieldErr is the error of one field, with its code ("field.required"; see FieldError).
func fieldErr(kind, field, code, format string, args ...any) error {
	return &FieldError{Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...), Code: code}
}
