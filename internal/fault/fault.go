// Package fault owns the typed error of every domain package: what went wrong, in the user's
// words (Message), the input it is about (Field: a record's field, a form's field, an option; ""
// for none) and a stable code that says which refusal it is (Code). The command line and the
// window render it, each with its own advice keyed on the code (internal/cli names a flag, the
// window a form field), and a translation keys on the code too. A domain package therefore
// never names a command, a flag or a button in a message.
//
// Codes are dotted identifiers, lower case, "<subject>.<what>": "clause.unknown",
// "assessment.note_required", "bundle.passphrase_wrong". A code, once used, keeps its meaning;
// docs/development.md ("Errors") lists them.
//
// A message is said in another language by Text: an Error keeps its format and arguments, and
// the language's catalogue (catalogue_de.go) gives the format's words in that language, keyed by
// the code and the English format. An argument that is itself a word of the registers (a
// Localizer: a kind's, field's or state's label) or an error is said in the language too.
package fault

import (
	"errors"
	"fmt"
)

// Error is a refusal a person can act on.
type Error struct {
	Code    string // "clause.unknown"; "" takes the code of Err
	Field   string // the input it is about; "" takes the field of Err
	Message string // what is wrong; "" takes Err's message
	Err     error  // the cause, when there is one
	// Format and Args are what Message was made of (New), so that Text can say it in another
	// language; "" when Message is given as it is.
	Format string
	Args   []any
}

// New returns the error of code about field, its message formatted as by fmt.Sprintf. Like
// fmt.Errorf, a %w verb wraps its operand.
func New(code, field, format string, args ...any) *Error {
	e := &Error{Code: code, Field: field, Format: format, Args: args}
	wrapped := fmt.Errorf(format, args...)
	e.Message = wrapped.Error()
	e.Err = errors.Unwrap(wrapped)
	return e
}

// Wrap gives err a code and a field (either may be "" to keep err's own); nil stays nil.
func Wrap(code, field string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Field: field, Err: err}
}

func (e *Error) Error() string {
	switch {
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Code
}

func (e *Error) Unwrap() error { return e.Err }

// FaultCode is the code, or the code of the error it wraps.
func (e *Error) FaultCode() string {
	if e.Code == "" {
		return Code(e.Err)
	}
	return e.Code
}

// FaultField is the field, or the field of the error it wraps.
func (e *Error) FaultField() string {
	if e.Field == "" {
		return Field(e.Err)
	}
	return e.Field
}

// Coded is any error that says its code and field: an *Error, and the errors of package store.
type Coded interface {
	error
	FaultCode() string
	FaultField() string
}

// Code is the code of the first coded error in err's chain; "" when none is.
func Code(err error) string {
	var c Coded
	if errors.As(err, &c) {
		return c.FaultCode()
	}
	return ""
}

// Field is the field of the first coded error in err's chain that names one; "" when none does.
func Field(err error) string {
	for err != nil {
		var c Coded
		if !errors.As(err, &c) {
			return ""
		}
		if f := c.FaultField(); f != "" {
			return f
		}
		err = errors.Unwrap(c)
	}
	return ""
}

// Or gives err, when it names no field, the field it is about in the caller's eyes (an error
// of a bundle that is not about its passphrase is about its file); nil stays nil.
func Or(field string, err error) error {
	if err == nil || Field(err) != "" {
		return err
	}
	return &Error{Field: field, Err: err}
}
