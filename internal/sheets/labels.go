package sheets

import (
	"math"
	"strconv"
	"strings"

	"smsworkbench/internal/schema"
)

// EnumLabel is the label of an enum value, or the value itself when it has none.
func EnumLabel(f *schema.Field, value string) string {
	for _, e := range f.Enum {
		if e.Value == value {
			return e.Label
		}
	}
	return value
}

// StateLabel is the label of a workflow state.
func StateLabel(k *schema.Kind, state string) string {
	if k.Workflow != nil {
		for _, s := range k.Workflow.States {
			if s.Name == state {
				return s.Label
			}
		}
	}
	return state
}

// MoneyText prints a money value as "EUR 1,234.50".
func MoneyText(m schema.MoneyValue) string {
	f, err := strconv.ParseFloat(m.Amount, 64)
	if err != nil {
		return strings.TrimSpace(m.Currency + " " + m.Amount)
	}
	return strings.TrimSpace(m.Currency + " " + Thousands(f, 2))
}

// Thousands prints a number with a thousands separator and the given decimals.
func Thousands(f float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(f), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if f < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
