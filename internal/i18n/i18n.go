// Package i18n owns the words the backend writes into what a user reads (the audit pack and
// report, the readiness texts, the review pack) in a language other than English, and the
// language's way of writing dates and figures.
//
// A text is written in the code in English, as a fmt format: Tr(lang, "%d findings", n). The
// English format is the key of its translation in the language's file (de.json), which gives the
// same verbs in the language's order ("%[2]s … %[1]d" where the order changes). English is the
// code itself. TestEveryTextIsTranslated walks the source for every Tr and Trs call and fails on
// a format a language lacks, or on a translation no code uses any more: a missing translation
// is a test failure, never a silent English fallback.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

//go:embed *.json
var files embed.FS

// Languages are the languages with a file, and English.
var Languages = []string{"en", "de"}

var catalogues = load()

// load reads every language's files: "de.json", and "de.PART.json" for the texts of one part
// of the backend, so that parts are translated apart.
func load() map[string]map[string]string {
	out := map[string]map[string]string{}
	entries, err := files.ReadDir(".")
	if err != nil {
		panic("i18n: " + err.Error())
	}
	for _, e := range entries {
		lang, _, _ := strings.Cut(e.Name(), ".")
		data, err := files.ReadFile(e.Name())
		if err != nil {
			panic("i18n: " + err.Error())
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			panic("i18n: " + e.Name() + ": " + err.Error())
		}
		if out[lang] == nil {
			out[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, twice := out[lang][k]; twice {
				panic(fmt.Sprintf("i18n: %s translates %q a second time", e.Name(), k))
			}
			out[lang][k] = v
		}
	}
	return out
}

// Catalogue is a language's translations by their English format (nil for English).
func Catalogue(lang string) map[string]string { return catalogues[lang] }

// Tr is format in lang, formatted with args as by fmt.Sprintf.
func Tr(lang, format string, args ...any) string {
	if t, ok := catalogues[lang][format]; ok {
		format = t
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Trs is each of texts (none with verbs) in lang: a table's headers.
func Trs(lang string, texts ...string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = Tr(lang, t)
	}
	return out
}

// Mark marks an English text that is kept in a declaration (an evidence rule's "what") and
// translated where it is shown, by Tr with the reader's language. It returns text as it is; its
// use is that TestEveryTextIsTranslated finds the text and asks for its translation.
func Mark(text string) string { return text }

type langKey struct{}

// WithLang is ctx carrying the language of the texts made under it.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang is the language ctx carries; English when none.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok && l != "" {
		return l
	}
	return "en"
}

var months = map[string][]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
}

var shortMonths = map[string][]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"de": {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
}

// ShortMonth is the abbreviated name of month m (1-12).
func ShortMonth(lang string, m int) string {
	names, ok := shortMonths[lang]
	if !ok {
		names = shortMonths["en"]
	}
	return names[m-1]
}

// LongDate is a day written out: "4 December 2026", "4. Dezember 2026".
func LongDate(lang string, t time.Time) string {
	if lang == "de" {
		return fmt.Sprintf("%d. %s %d", t.Day(), months["de"][t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months["en"][t.Month()-1], t.Year())
}

// Date is an ISO date ("2026-12-04", or the date part of a timestamp) as the language writes
// it: "2026-12-04" in English, "04.12.2026" in German. Text that is no date is returned as it is.
func Date(lang, iso string) string {
	if lang != "de" || len(iso) < 10 {
		return iso
	}
	t, err := time.Parse("2006-01-02", iso[:10])
	if err != nil {
		return iso
	}
	return t.Format("02.01.2006") + iso[10:]
}

// DateTime is a time as the language writes it, in the machine's zone: "2026-12-04 09:30",
// "04.12.2026 09:30".
func DateTime(lang string, t time.Time) string {
	if lang == "de" {
		return t.Format("02.01.2006 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// Number is f with the given decimals and the language's separators: "1,234.5", "1.234,5".
func Number(lang string, f float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	group, point := ",", "."
	if lang == "de" {
		group, point = ".", ","
	}
	var b strings.Builder
	if f < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// Percent is a percentage with one decimal: "87.5 %", "87,5 %".
func Percent(lang string, f float64) string { return Number(lang, f, 1) + " %" }

// Decimal is a figure as short as it can be written ("%g"), with the language's decimal point.
func Decimal(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if lang == "de" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}
