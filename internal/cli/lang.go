package cli

import (
	"fmt"
	"strings"

	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
)

// The command line's own sentences (result lines, summaries, headings) in its language: the
// English format is the key of its translation (internal/i18n/de.cli.json). What is typed back
// stays as it is: --json, refs, field names, state and enum values in tables, paths.

// tr is an English format in the command line's language, formatted with args.
func (c *ctx) tr(format string, args ...any) string { return i18n.Tr(c.o.lang, format, args...) }

// word is a word of the registers (a kind's, a field's or a state's label) in the command line's
// language.
func (c *ctx) word(w schema.Word) string { return w.Localize(c.o.lang) }

// plural is a kind's plural in a sentence: "incidents", in German "Störungen".
func (c *ctx) plural(k *schema.Kind) string {
	if c.o.lang == "" || c.o.lang == "en" {
		return strings.ToLower(k.Plural)
	}
	return c.word(k.PluralWord())
}

// pct is a percentage with one decimal: "87.5%", in German "87,5 %".
func (c *ctx) pct(f float64) string {
	if c.o.lang == "" || c.o.lang == "en" {
		return fmt.Sprintf("%.1f%%", f)
	}
	return i18n.Percent(c.o.lang, f)
}

// signed is a change with its sign and one decimal: "+2.5", in German "+2,5".
func (c *ctx) signed(f float64) string {
	s := fmt.Sprintf("%+.1f", f)
	if c.o.lang == "de" {
		s = i18n.Number(c.o.lang, f, 1)
		if f >= 0 || s == "0,0" {
			s = "+" + s
		}
	}
	return s
}

// signedPct is a change in percent with its sign: "+2.5%", in German "+2,5 %".
func (c *ctx) signedPct(f float64) string {
	if c.o.lang == "" || c.o.lang == "en" {
		return fmt.Sprintf("%+.1f%%", f)
	}
	return c.signed(f) + " %"
}

// trs is each of texts (none with verbs) in the command line's language: a table's headings.
func (c *ctx) trs(texts ...string) []string { return i18n.Trs(c.o.lang, texts...) }

// date is an ISO date (or the date part of a timestamp) as the language writes it.
func (c *ctx) date(iso string) string { return i18n.Date(c.o.lang, iso) }

// amount is a figure of money as the reports give it ("1234.50"), in German "1.234,50".
func (c *ctx) amount(s string) string {
	if c.o.lang != "de" {
		return s
	}
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		return s
	}
	return i18n.Number("de", f, decimalsOf(s))
}

func decimalsOf(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return len(s) - 1 - i
		}
	}
	return 0
}
