package sheets

import (
	"strconv"
	"strings"
	"time"

	"smsworkbench/internal/schema"
)

// A workbook is written in one language: the registers' words come from the kind localized in
// it (schema.Registry.LocalizedKind), and the words and formats below are the sheets' own. A
// German workbook heads its columns Ref., Status, Angelegt, Geändert, writes yes and no as Ja
// and Nein (a drop-down list offers them), shows dates as 04.12.2026, and its plain text (a
// CSV file, a table field's rows) writes numbers with a decimal comma and no thousands
// separator (1234,56: a separator would make a whole number like 18.400 ambiguous to read back).
// Dates, numbers and money stay typed values in a workbook; Excel shows them in the reader's
// locale (a money format #,##0.00 reads 1.234,56 in German Excel).

// Words are the fixed words and formats of a workbook in one language.
type Words struct {
	Lang                          string
	Ref, Status, Created, Updated string
	Yes, No                       string
	// Excel number formats of a date and a date-time.
	DateFormat, DateTimeFormat string
	// The message of a drop-down list's validation, and of a whole number's ("%d" twice).
	PickFromList, WholeNumber string
	// Column stands for an empty header; Lists is the hidden sheet of the long drop-down lists.
	Column, Lists string
}

var english = Words{
	Lang: "en", Ref: "Ref", Status: "Status", Created: "Created", Updated: "Updated", Yes: "yes", No: "no",
	DateFormat: "yyyy-mm-dd", DateTimeFormat: "yyyy-mm-dd hh:mm",
	PickFromList: "Pick one of the values of the list.", WholeNumber: "A whole number from %d to %d.",
	Column: "Column", Lists: ListsSheet,
}

var german = Words{
	Lang: "de", Ref: "Ref.", Status: "Status", Created: "Angelegt", Updated: "Geändert", Yes: "Ja", No: "Nein",
	DateFormat: "dd.mm.yyyy", DateTimeFormat: "dd.mm.yyyy hh:mm",
	PickFromList: "Bitte einen Wert aus der Liste wählen.", WholeNumber: "Eine ganze Zahl von %d bis %d.",
	Column: "Spalte", Lists: "Listen",
}

// Languages are the languages a workbook can be written in.
var Languages = []string{"en", "de"}

// WordsIn are the words of a language: "" is English; ok is false for a language the sheets
// do not speak (and the words are English).
func WordsIn(lang string) (w Words, ok bool) {
	switch lang {
	case "", "en":
		return english, true
	case "de":
		return german, true
	}
	return english, false
}

// German reports whether the words are German.
func (w *Words) German() bool { return w != nil && w.Lang == "de" }

// words is w, or English when nil.
func (w *Words) words() *Words {
	if w == nil {
		return &english
	}
	return w
}

// YesNo is the word of a truth value.
func (w *Words) YesNo(b bool) string {
	if b {
		return w.words().Yes
	}
	return w.words().No
}

// DateText writes a stored date (YYYY-MM-DD) or date-time (RFC 3339) in the language: as stored
// in English; 04.12.2026 and 04.12.2026 09:30 (UTC; the seconds when there are some) in
// German. Text that is no date stays as it is.
func (w *Words) DateText(s string) string {
	if !w.German() || s == "" {
		return s
	}
	if len(s) == len(schema.DateLayout) {
		if t, err := time.Parse(schema.DateLayout, s); err == nil {
			return t.Format("02.01.2006")
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		t = t.UTC()
		if t.Second() != 0 {
			return t.Format("02.01.2006 15:04:05")
		}
		return t.Format("02.01.2006 15:04")
	}
	return s
}

// NumberText writes a number without thousands separators, with the language's decimal mark.
func (w *Words) NumberText(x float64) string {
	return w.decimal(strconv.FormatFloat(x, 'f', -1, 64))
}

// decimal puts the language's decimal mark into a number written with a point.
func (w *Words) decimal(s string) string {
	if w.German() {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// MoneyText writes money as plain text a reader reads back: "1234.56 EUR", in German
// "1234,56 EUR".
func (w *Words) MoneyText(m schema.MoneyValue) string {
	return strings.TrimSpace(w.decimal(m.Amount) + " " + m.Currency)
}
