package auditpack

import (
	"fmt"
	"math"
	"strings"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// text is a text-like field's value ("" when unset or not text).
func text(r *store.Record, field string) string { s, _ := r.Values[field].(string); return s }

// label is an enum field's value as its label ("3" of a likelihood reads "Possible").
func label(r *store.Record, field string) string {
	v := r.Values[field]
	if v == nil {
		return ""
	}
	f, ok := r.DeclaredKind().Field(field)
	if !ok {
		return fmt.Sprint(v)
	}
	return sheets.EnumLabel(f, fmt.Sprint(v))
}

// firstParagraph is the text up to its first blank line, at most 600 characters.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 600 {
		s = string(r[:599]) + "…"
	}
	return s
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// label1 is the label of a value of an enum field of a kind.
func label1(kind, field, value string) string {
	if k, ok := schema.Default.Kind(kind); ok {
		if f, ok := k.Field(field); ok {
			return sheets.EnumLabel(f, value)
		}
	}
	return value
}

// stateText is the label of a state of a kind.
func stateText(kind, state string) string {
	if k, ok := schema.Default.Kind(kind); ok {
		return sheets.StateLabel(k, state)
	}
	return state
}

// resultLabel is the label of a clause's result.
func resultLabel(r string) string { return pairLabel(catalogue.Results, r) }

// gradeLabel is the label of a finding's grade.
func gradeLabel(g string) string { return pairLabel(catalogue.Grades, g) }

// pairLabel is the label of a value in a list of (value, label) pairs.
func pairLabel(pairs [][2]string, value string) string {
	for _, p := range pairs {
		if p[0] == value {
			return p[1]
		}
	}
	return value
}
