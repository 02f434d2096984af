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

// fieldErr is the error of one field; its code is fieldErrCode's for the format.
func fieldErr(kind, field, format string, args ...any) error {
	return &FieldError{Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...), Code: fieldErrCode(format)}
}

// fieldCodes gives the code of each message of fieldErr by its format. The call sites pass no
// code of their own yet (their files are being reworked); one that passes its own will make
// this table shrink. A format not listed is "field.invalid".
var fieldCodes = map[string]string{
	"is required":                                                          "field.required",
	"does not exist (fields: %s)":                                          "field.unknown",
	"does not exist: %s has no workflow":                                   "field.unknown",
	"does not exist: %s have no workflow":                                  "field.unknown",
	"in a sort: no such field":                                             "field.unknown",
	"is set by the workbench and cannot be given":                          "field.read_only",
	"is computed and cannot be set (%s)":                                   "field.computed",
	"is fixed when the %s is created and cannot change":                    "field.locked",
	"refers to no record %q":                                               "ref.unknown",
	"refers to no %s %q":                                                   "ref.unknown",
	"refers to %s %s, which was deleted":                                   "ref.deleted",
	"cannot be given: a new %s starts as %s; move it afterwards":           "workflow.initial",
	"changes only through a workflow move (smsworkbench move %s %s STATE)": "workflow.move_only",
	"has no state %q (states: %s)":                                         "workflow.state_unknown",
	"cannot be %s at %s: %s was created at %s":                             "date.before_start",
	"is %s, before the %s was opened (%s)":                                 "date.before_start",
	"is %s, before %s %s began (%s): a move is dated at the earliest when the record began": "date.before_start",
	"is %s, in the future: a move is dated when it happened":                                "date.future",
	"in a sort: %s fields cannot be sorted":                                                 "query.sort_invalid",
}

func fieldErrCode(format string) string {
	if c, ok := fieldCodes[format]; ok {
		return c
	}
	if strings.HasPrefix(format, "in a filter: ") {
		return "query.filter_invalid"
	}
	return "field.invalid"
}
