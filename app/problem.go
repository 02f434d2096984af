package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/prefs"
	"smsworkbench/internal/store"
)

// Problem is how an error travels to the frontend (Wails rejects a call with a string): the
// message, the field it is about when there is one, so the form can show it beside the field,
// and the code of a refusal (package fault; docs/development.md, "Errors"), on which the
// frontend's words may key.
type Problem struct {
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	Code    string `json:"code,omitempty"`
	// Detail is what is wrong said of the field alone, for a form that names the field by its
	// label: a record's field error "incident field "impact" must be one of 1, 2, 3" has the
	// detail "must be one of 1, 2, 3".
	Detail string `json:"detail,omitempty"`
	// Row and Column name the cell of a table field at fault (Row from 1).
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
}

// windowHints is the window's advice for a refusal, by its code: where in the window to give
// what is missing. The domain packages say what is wrong and name no form; the command line
// gives its own advice by the same codes (internal/cli).
var windowHints = map[string]string{
	"assessment.note_required":  "give it in the notes",
	"assessment.party_required": "name it in Fulfilled by",
	"import.nothing_mapped":     "choose a field for at least one column",
}

// windowHintsDE is windowHints in German, for the same codes (a test checks that); the names
// of the window's fields are those of the German window (de.ts).
var windowHintsDE = map[string]string{
	"assessment.note_required":  "geben Sie es in den Notizen an",
	"assessment.party_required": "nennen Sie sie unter Erfüllt durch",
	"import.nothing_mapped":     "wählen Sie für mindestens eine Spalte ein Feld",
}

func windowHint(code, lang string) string {
	if lang == "de" {
		return windowHintsDE[code]
	}
	return windowHints[code]
}

// windowLanguage is the language of the window's messages: the user's setting (Settings →
// Sprache/Language), else the system's.
func windowLanguage() string {
	s, _ := prefs.Open().Settings()
	return s.Language
}

// fail is err as the window's Problem, its message and detail in the window's language.
func fail(err error) error {
	if err == nil {
		return nil
	}
	lang := windowLanguage()
	p := Problem{Message: message(err, lang), Field: fault.Field(err), Code: fault.Code(err)}
	if p.Field == "" {
		// A package that names its field but has no code yet (auditpack's options, the
		// settings).
		var named interface{ Field() string }
		if errors.As(err, &named) {
			p.Field = named.Field()
		}
	}
	var fe *store.FieldError
	if errors.As(err, &fe) && fe.Field == p.Field {
		p.Detail, p.Row, p.Column = oneLine(fe.Detail(lang)), fe.Row, fe.Column
	}
	b, _ := json.Marshal(p)
	return errors.New(string(b))
}

// message is an error's message in lang on one line, with the window's advice for its code.
func message(err error, lang string) string {
	msg := oneLine(fault.Text(err, lang))
	if h := windowHint(fault.Code(err), lang); h != "" {
		msg += ": " + h
	}
	return msg
}

// windowJob is the work of a job whose error, if any, is said in the window's language and
// carries the window's advice as fail's does; the error keeps its code and field.
func windowJob(fn jobs.Func) jobs.Func {
	return func(ctx context.Context, report jobs.Report) (any, error) {
		v, err := fn(ctx, report)
		if err != nil {
			if lang := windowLanguage(); windowHint(fault.Code(err), lang) != "" || lang != "en" {
				err = &fault.Error{Message: message(err, lang), Err: err}
			}
		}
		return v, err
	}
}

// fieldErr is a refusal of the facade's own, about one field of a form (or one parameter of a
// job).
// Its message is made as by fmt.Errorf, so that it can be said in another language (fault.Text).
func fieldErr(code, field, format string, args ...any) error {
	return fault.New(code, field, format, args...)
}

// oneLine keeps a message on one line, as the window shows it beside a field.
func oneLine(msg string) string {
	if !strings.ContainsAny(msg, "\r\n") {
		return msg
	}
	var parts []string
	for _, l := range strings.Split(strings.ReplaceAll(msg, "\r", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// tr is a text of the window's own (a job's progress) in the window's language.
func tr(format string, args ...any) string { return i18n.Tr(windowLanguage(), format, args...) }
