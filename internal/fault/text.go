package fault

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Localizer is what says itself in a language: an error of a domain package that keeps what
// its message is made of, or an argument of a message that is a word of the registers (a kind's,
// a field's or a state's label; package schema), which %s writes in English.
type Localizer interface {
	Localize(lang string) string
}

// key finds a message in a catalogue: its code and its English format (or, for a message given
// as it is, its English words).
type key struct{ code, format string }

// catalogues holds the words of each language besides English, which is the formats themselves.
var catalogues = map[string]map[key]string{"de": german}

// Languages are the languages Text speaks besides English.
func Languages() []string { return []string{"de"} }

// Text is err's message in lang ("en", "de"): in English err.Error(), unchanged; in another
// language the catalogue's words for every coded error in err's chain, with the arguments that
// are words of the registers in that language too. A wrapper that only adds a prefix (a
// record's ref, a file's name) keeps it and says the wrapped error in lang. An error with no code
// says itself in English.
func Text(err error, lang string) string {
	if err == nil {
		return ""
	}
	if lang == "" || lang == "en" {
		return err.Error()
	}
	return text(err, lang)
}

func text(err error, lang string) string {
	if l, ok := err.(Localizer); ok {
		return l.Localize(lang)
	}
	if w := systemWords(err, lang); w != "" {
		return w
	}
	msg := err.Error()
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return swap(msg, u.Unwrap(), lang)
	case interface{ Unwrap() []error }:
		for _, in := range u.Unwrap() {
			msg = swap(msg, in, lang)
		}
	}
	return msg
}

// swap says the wrapped error in within msg, the message of its wrapper, in lang.
func swap(msg string, in error, lang string) string {
	if in == nil {
		return msg
	}
	en := in.Error()
	i := strings.LastIndex(msg, en)
	if en == "" || i < 0 {
		return msg
	}
	return msg[:i] + text(in, lang) + msg[i+len(en):]
}

// Localize is the error's message in lang (Text).
func (e *Error) Localize(lang string) string {
	switch {
	case e.Format != "":
		return Say(lang, e.Code, e.Format, e.Args...)
	case e.Message != "":
		if w, ok := lookup(lang, e.Code, e.Message); ok {
			return w
		}
		if e.Err != nil {
			return swap(e.Message, e.Err, lang)
		}
		return e.Message
	case e.Err != nil:
		return text(e.Err, lang)
	}
	return e.Code
}

// Say is the message of code made of format and args, as fmt.Sprintf makes it, in lang: the
// catalogue's format for code and format, the arguments that are errors or Localizers said in
// lang. A %w verb reads as %v. English, and a format the catalogue lacks (the catalogue test
// makes that a failure), use format itself.
func Say(lang, code, format string, args ...any) string {
	if w, ok := lookup(lang, code, format); ok {
		format = w
	}
	local := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case error:
			local[i] = Text(v, lang)
		case Localizer:
			if lang == "" || lang == "en" {
				local[i] = a
			} else {
				local[i] = v.Localize(lang)
			}
		default:
			local[i] = a
		}
	}
	return fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), local...)
}

func lookup(lang, code, format string) (string, bool) {
	if lang == "" || lang == "en" {
		return "", false
	}
	w, ok := catalogues[lang][key{code, format}]
	return w, ok && w != ""
}

// Phrase is a few words that belong to messages of code (where in a query a field was wrong: "in
// a filter"): %s writes english, and Localize the catalogue's words for code and english.
func Phrase(code, english string) Localizer { return phrase{code, english} }

type phrase struct{ code, english string }

func (p phrase) String() string { return p.english }

func (p phrase) Localize(lang string) string {
	if w, ok := lookup(lang, p.code, p.english); ok {
		return w
	}
	return p.english
}

// systemText is what the operating system says of a file most often, in each language: its own
// words ("no such file or directory") are English whatever the user's language.
var systemText = map[string][]struct {
	is    error
	words string
}{
	"de": {
		{fs.ErrNotExist, "Datei oder Ordner nicht vorhanden"},
		{fs.ErrPermission, "Zugriff verweigert"},
		{fs.ErrExist, "Datei oder Ordner existiert bereits"},
	},
}

// systemWords is the words of lang for an error of the operating system itself (an errno, not
// the error of a call that wraps it, which keeps its path), or "".
func systemWords(err error, lang string) string {
	if errors.Unwrap(err) != nil {
		return ""
	}
	for _, w := range systemText[lang] {
		if errors.Is(err, w.is) {
			return w.words
		}
	}
	return ""
}
