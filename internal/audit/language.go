package audit

import (
	"fmt"
	"strings"

	"smsworkbench/internal/i18n"
)

// The texts package audit computes (the report's summary, the plan's defaults and changes, the
// report's status, the checklist's lead-ins) are written in the language of the context they
// are computed under (i18n.Lang): the English formats here are the keys of their translations
// in internal/i18n/de.audit.json.

// tr is format in lang, formatted with args (i18n.Tr).
func tr(lang, format string, args ...any) string { return i18n.Tr(lang, format, args...) }

// numberWords are the small counts as prose writes them, by language. German's "eins" is not
// used before a noun: a text for one of something is its own text ("one sample").
var numberWords = map[string][]string{
	"en": {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"},
	"de": {"keine", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"},
}

// words writes small counts in words, as prose does, and larger ones in figures.
func words(lang string, n int) string {
	list, ok := numberWords[lang]
	if !ok {
		list = numberWords["en"]
	}
	if n >= 0 && n < len(list) {
		return list[n]
	}
	return fmt.Sprint(n)
}

// count is one when n is 1, else many (a format with one %s, the count in words): count(lang,
// n, tr(lang, "one sample"), tr(lang, "%s samples")).
func count(lang string, n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, words(lang, n))
}

// joinAnd joins a list as prose does: "a, b and c", "a, b und c".
func joinAnd(lang string, list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return tr(lang, "%s and %s", strings.Join(list[:len(list)-1], ", "), list[len(list)-1])
}

// moreText says how many of a list were left out after its first ones: ", and 3 more".
func moreText(lang string, total, shown int) string {
	if total > shown {
		return tr(lang, ", and %d more", total-shown)
	}
	return ""
}

// few is the first n of a list and how many more there are: "4.1, 4.2 and 3 more".
func few(lang string, list []string, n int) string {
	s := strings.Join(firstN(list, n), ", ")
	if len(list) > n {
		s = tr(lang, "%s and %d more", s, len(list)-n)
	}
	return s
}

// longDate writes a date as a report does: "7 December 2026", "7. Dezember 2026".
func longDate(lang, d string) string {
	if len(d) < 10 {
		return d
	}
	t, err := parseDay(d[:10])
	if err != nil {
		return d
	}
	return i18n.LongDate(lang, t)
}
