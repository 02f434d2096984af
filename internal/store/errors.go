package store

import (
	"errors"
	"fmt"
	"strings"
)

// FieldError says what is wrong with the value of one field.
type FieldError struct {
	Kind  string
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s field %q %s", e.Kind, e.Field, e.Msg)
}

// NotFoundError says that no record answers to an id or ref.
type NotFoundError struct {
	Kind string
	Key  string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no %s with id or ref %q", e.Kind, e.Key)
}

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

// ErrReadOnly is returned for writes to a workspace that was opened read-only.
var ErrReadOnly = errors.New("the workspace is read-only")

func fieldErr(kind, field, format string, args ...any) error {
	return &FieldError{Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...)}
}
