package importer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"smsworkbench/internal/schema"

	"smsworkbench/internal/fault"
)

// Reading the text of a cell as the input of its field, the way spreadsheets write values:
// dates in the order of the column (decided from all its values), Excel serial dates, date-times
// with or without a zone, numbers with thousands separators or a decimal comma, money with its
// symbol, yes/no in several words, enum values by value, label or a common synonym. The result
// is what the store's field normalisation accepts, so the store has the last word.

// Date orders of a column.
const (
	DMY = "d/m/y"
	MDY = "m/d/y"
)

var slashDate = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)

// DateOrder decides whether a column's day-first dates ("21/11/2026") are d/m/y or m/d/y from
// all its values: a first number above 12 means d/m/y, a second above 12 means m/d/y, and a date
// written with dots (04.12.2026, as German and other European spreadsheets write it) is d/m/y,
// since no one writes the month first that way. A column with neither is ambiguous (d/m/y is
// assumed); one with both cannot be read.
func DateOrder(values []string) (order string, ambiguous bool, err error) {
	dmy, mdy, local := "", "", false
	for _, v := range values {
		m := slashDate.FindStringSubmatch(strings.TrimSpace(v))
		if m == nil {
			continue
		}
		local = true
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		dotted := strings.TrimSpace(v)[len(m[1])] == '.'
		if (a > 12 || dotted && b <= 12) && dmy == "" {
			dmy = v
		}
		if b > 12 && mdy == "" {
			mdy = v
		}
	}
	switch {
	case dmy != "" && mdy != "":
		return "", false, fault.New("import.value_invalid", "", "mixes day-first dates (%q) and month-first dates (%q)", dmy, mdy)
	case mdy != "":
		return MDY, false, nil
	case dmy != "":
		return DMY, false, nil
	}
	return DMY, local, nil // ambiguous only when some date is written day and month both ≤ 12
}

// Value reads the text of a cell as the input of field f; order is the column's date order, or,
// for a number or an amount, its decimal mark (see DecimalMark).
// Empty text is nil (the field is left unset).
func Value(f *schema.Field, text, order string) (any, error) { return value(f, nil, text, order) }

// value reads as Value does; alt are the field in other languages, whose words of its values
// (enum labels, a table's column labels) are read too.
func value(f *schema.Field, alt []*schema.Field, text, order string) (any, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, nil
	}
	switch f.Type {
	case schema.Date:
		t, _, err := parseWhen(s, order)
		if err != nil {
			return nil, err
		}
		return t.Format(schema.DateLayout), nil
	case schema.DateTime:
		t, _, err := parseWhen(s, order)
		if err != nil {
			return nil, err
		}
		return t.UTC().Format(time.RFC3339), nil
	case schema.Bool:
		return parseBool(s)
	case schema.Number:
		n, err := parseNumberMark(strings.TrimSuffix(strings.TrimSpace(s), "%"), order)
		if err != nil {
			return nil, err
		}
		return n, nil
	case schema.Money:
		return parseMoneyText(s, order)
	case schema.Duration:
		if m := clock.FindStringSubmatch(s); m != nil { // 1:30 is an hour and a half
			h, _ := strconv.ParseInt(m[1], 10, 64)
			mins, _ := strconv.ParseInt(m[2], 10, 64)
			return h*60 + mins, nil
		}
		// Whole minutes, as the workbench's own exports write them ("240", "240 min").
		if n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(s, "min")), 10, 64); err == nil {
			return n, nil
		}
		return s, nil
	case schema.Table:
		return tableValue(f, alt, s, order)
	case schema.Refs:
		// Refs or titles separated by commas, semicolons or lines, as exports list them.
		var keys []string
		for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			if k = strings.TrimSpace(k); k != "" {
				keys = append(keys, k)
			}
		}
		return keys, nil
	case schema.Integer, schema.Enum:
		if len(f.Enum) > 0 {
			return enumValue(f, alt, s), nil
		}
		if f.Type == schema.Integer {
			n, err := parseNumberMark(s, order)
			if err != nil {
				return nil, err
			}
			if n != math.Trunc(n) {
				return nil, fault.New("import.value_invalid", "", "must be a whole number, not %q", s)
			}
			return int64(n), nil
		}
	}
	return s, nil
}

var clock = regexp.MustCompile(`^(\d+):([0-5]\d)$`)

// leadingCode reads the code a tool puts before a label: "1 - Critical", "P1", "Sev 2", "2.".
var leadingCode = regexp.MustCompile(`(?i)^(?:p|prio|priority|sev|severity)?\s*(\d+)\b`)

// enumValue finds the declared value text names: the value or label itself (any case), its
// label in another language (alt), or a code before a label ("1 - Critical", "P1", "Sev 2").
func enumValue(f *schema.Field, alt []*schema.Field, s string) any {
	for _, e := range f.Enum {
		if strings.EqualFold(e.Value, s) || strings.EqualFold(e.Label, s) {
			return e.Value
		}
	}
	if v, ok := twinEnum(alt, s); ok {
		return v
	}
	// "is connected to" for "connected to": a relation as a sentence reads it
	if rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(s)), "is "); ok {
		for _, e := range f.Enum {
			if strings.EqualFold(e.Label, rest) || strings.EqualFold(e.Value, rest) {
				return e.Value
			}
		}
	}
	if m := leadingCode.FindStringSubmatch(s); m != nil {
		for _, e := range f.Enum {
			if e.Value == m[1] {
				return e.Value
			}
		}
	}
	// Words other tools use for a level: the first of the labels it may stand for that the
	// field has ("Critical" impact is the highest impact there is: High).
	for _, label := range levelSynonyms[strings.ToLower(strings.TrimSpace(s))] {
		for _, e := range f.Enum {
			if strings.EqualFold(e.Label, label) {
				return e.Value
			}
		}
	}
	return s // the store says what is allowed
}

var levelSynonyms = map[string][]string{
	"hoch":        {"high"},
	"sehr hoch":   {"critical", "high"},
	"kritisch":    {"critical", "high"},
	"mittel":      {"medium"},
	"normal ":     {"medium"},
	"niedrig":     {"low"},
	"gering":      {"low"},
	"sehr gering": {"planning", "low"},
	"critical":    {"critical", "high"},
	"urgent":      {"critical", "high"},
	"very high":   {"critical", "high"},
	"major":       {"high"},
	"extensive":   {"high"},
	"moderate":    {"medium"},
	"normal":      {"medium"},
	"average":     {"medium"},
	"minor":       {"low"},
	"very low":    {"planning", "low"},
}

// parseWhen reads a date or date-time: ISO 8601 (with a zone, or UTC without one), a
// day-first or month-first date in the column's order with an optional time, or an Excel
// serial date (days since 1899-12-30, a fraction for the time).
func parseWhen(s, order string) (t time.Time, hasTime bool, err error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04",
		"2006-01-02 15:04:05 -0700", "2006-01-02 15:04 -0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, nil
		}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, false, nil
	}
	if m := slashDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			y += 2000
			if y > time.Now().Year()+20 {
				y -= 100
			}
		}
		day, month := a, b
		if order == MDY {
			day, month = b, a
		}
		var h, mi, sec int
		if m[4] != "" {
			h, _ = strconv.Atoi(m[4])
			mi, _ = strconv.Atoi(m[5])
			sec, _ = strconv.Atoi(m[6])
		}
		t := time.Date(y, time.Month(month), day, h, mi, sec, 0, time.UTC)
		if month < 1 || month > 12 || t.Day() != day || h > 23 {
			return time.Time{}, false, fault.New("import.value_invalid", "", "%q is not a date (%s)", s, order)
		}
		return t, m[4] != "", nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 {
		days := math.Floor(f)
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
		t = t.Add(time.Duration(math.Round((f-days)*86400)) * time.Second)
		return t, f != days, nil
	}
	return time.Time{}, false, fault.New("import.value_invalid", "", "%q is not a date (dates are read as 2026-11-21, 21/11/2026, an Excel date, or 2026-11-21T09:30:00Z)", s)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "y", "true", "t", "1", "x", "✓", "ja", "oui", "si", "sí", "wahr":
		return true, nil
	case "no", "n", "false", "f", "0", "-", "nein", "non", "falsch":
		return false, nil
	}
	return false, fault.New("import.value_invalid", "", "%q is not yes or no", s)
}

// parseNumber reads 1234.5, 1,234.5, 1.234,5, 1 234,5 and 12,5: the last of . and , is the
// decimal separator when the other is used for thousands, or when it is followed by other than
// three digits.
func parseNumber(s string) (float64, error) { return parseNumberMark(s, "") }

// Decimal marks of a number column.
const (
	DecimalComma = ","
	DecimalPoint = "."
)

// decimalEvidence says which decimal mark one number shows: "," (1.234,5 or 12,5), "." (1,234.5
// or 12.5), "?" when it could be either (18.400: eighteen thousand four hundred, or 18.4), or ""
// when it has no mark (1234).
func decimalEvidence(s string) string {
	// the figure alone: digits and marks, whatever currency or unit is written beside it
	t := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '.' || r == ',' {
			return r
		}
		return -1
	}, s)
	t = strings.Trim(t, ".,") // "Fr." and a sentence's full stop are no decimal marks
	dot, comma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
	switch {
	case strings.HasPrefix(t, "0,") && dot < 0: // 0,125: no thousands begin with a zero
		return DecimalComma
	case strings.HasPrefix(t, "0.") && comma < 0 && strings.Count(t, ".") == 1:
		return DecimalPoint
	case dot >= 0 && comma >= 0 && comma > dot:
		return DecimalComma
	case dot >= 0 && comma >= 0:
		return DecimalPoint
	case comma >= 0 && strings.Count(t, ",") > 1:
		return DecimalPoint // 1,234,567
	case dot >= 0 && strings.Count(t, ".") > 1:
		return DecimalComma // 1.234.567
	case comma >= 0 && len(t)-comma-1 == 3:
		return "?"
	case dot >= 0 && len(t)-dot-1 == 3:
		return "?"
	case comma >= 0:
		return DecimalComma
	case dot >= 0:
		return DecimalPoint
	}
	return ""
}

// DecimalMark decides a column's decimal mark from all its numbers, as dates decide their
// order: a column whose numbers show both marks is refused with two of them named; one whose
// numbers only could be either (18.400) is refused too, since reading it either way would change
// figures silently; "" when no number has a mark.
func DecimalMark(values []string) (string, error) {
	seen := map[string]string{}
	for _, v := range values {
		if e := decimalEvidence(v); e != "" && seen[e] == "" {
			seen[e] = v
		}
	}
	switch {
	case seen[DecimalComma] != "" && seen[DecimalPoint] != "":
		return "", fault.New("import.value_invalid", "", "mixes decimal marks: %q has a decimal comma, %q a decimal point", seen[DecimalComma], seen[DecimalPoint])
	case seen[DecimalComma] != "":
		return DecimalComma, nil
	case seen[DecimalPoint] != "":
		return DecimalPoint, nil
	case seen["?"] != "":
		return "", fault.New("import.value_invalid", "", "%q could be a thousand-separated whole number or a decimal, and no number of the column tells", seen["?"])
	}
	return "", nil
}

// parseNumberMark reads a number with the column's decimal mark ("" when undecided: by its own
// marks).
func parseNumberMark(s, mark string) (float64, error) {
	t := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "", "_", "").Replace(strings.TrimSpace(s))
	switch mark {
	case DecimalComma:
		t = strings.Replace(strings.ReplaceAll(t, ".", ""), ",", ".", 1)
		n, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return 0, fault.New("import.value_invalid", "", "%q is not a number", s)
		}
		return n, nil
	case DecimalPoint:
		n, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
		if err != nil {
			return 0, fault.New("import.value_invalid", "", "%q is not a number", s)
		}
		return n, nil
	}
	dot, comma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
	switch {
	case dot >= 0 && comma >= 0 && comma > dot: // 1.234,5
		t = strings.ReplaceAll(t, ".", "")
		t = strings.Replace(t, ",", ".", 1)
	case dot >= 0 && comma >= 0: // 1,234.5
		t = strings.ReplaceAll(t, ",", "")
	case comma >= 0 && (strings.Count(t, ",") > 1 || len(t)-comma-1 == 3 && comma > 0 && !strings.HasPrefix(t, "0,") && !strings.HasPrefix(t, "-0,")):
		t = strings.ReplaceAll(t, ",", "") // 1,234 and 1,234,567: thousands
	case comma >= 0:
		t = strings.Replace(t, ",", ".", 1) // 12,5
	case strings.Count(t, ".") > 1:
		t = strings.ReplaceAll(t, ".", "") // 1.234.567
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fault.New("import.value_invalid", "", "%q is not a number", s)
	}
	return n, nil
}

var currencySymbols = []struct{ symbol, code string }{{"€", "EUR"}, {"£", "GBP"}, {"US$", "USD"}, {"$", "USD"}, {"¥", "JPY"}, {"zł", "PLN"}, {"kr", "SEK"}, {"Fr.", "CHF"}}

var currencyWord = regexp.MustCompile(`\b([A-Za-z]{3})\b`)

// parseMoneyText reads "€ 1.234,56", "1,200 USD", "EUR 99" as "1234.56 EUR"; an amount
// without a currency is left for the store to refuse.
func parseMoneyText(s, mark string) (any, error) {
	rest, currency := s, ""
	for _, c := range currencySymbols {
		if strings.Contains(rest, c.symbol) {
			rest, currency = strings.Replace(rest, c.symbol, "", 1), c.code
			break
		}
	}
	if currency == "" {
		if m := currencyWord.FindStringSubmatch(rest); m != nil {
			currency, rest = strings.ToUpper(m[1]), strings.Replace(rest, m[0], "", 1)
		}
	}
	n, err := parseNumberMark(rest, mark)
	if err != nil {
		return nil, fault.New("import.value_invalid", "", "%q is not an amount of money", s)
	}
	amount := strconv.FormatFloat(n, 'f', -1, 64)
	return strings.TrimSpace(amount + " " + currency), nil
}

// tableValue reads the rows of a table field as the workbench's exports print them, one row a
// line: "Priority: Critical; Respond within: 30 min". Text starting with "[" is taken as JSON.
func tableValue(f *schema.Field, alt []*schema.Field, s, order string) (any, error) {
	if strings.HasPrefix(s, "[") {
		return s, nil
	}
	var rows []any
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		row := map[string]any{}
		for _, part := range strings.Split(line, "; ") {
			label, text, ok := strings.Cut(part, ": ")
			if !ok {
				return nil, fault.New("import.value_invalid", "", "cannot read %q as \"Column: value\" (columns: %s)", part, columnLabels(f))
			}
			c, altCols := tableColumn(f, alt, label)
			if c == nil {
				return nil, fault.New("import.value_invalid", "", "has no column %q (columns: %s)", strings.TrimSpace(label), columnLabels(f))
			}
			v, err := value(c, altCols, text, order)
			if err != nil {
				return nil, fault.New("import.value_invalid", "", "%s: %v", c.Label, err)
			}
			if v != nil {
				row[c.Name] = v
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// tableColumn finds a column of a table field by its name or label, in English or in another
// language (alt: the field in the others); with the column, it gives the column in the others.
func tableColumn(f *schema.Field, alt []*schema.Field, label string) (*schema.Field, []*schema.Field) {
	label = strings.TrimSpace(label)
	twinsOf := func(i int) []*schema.Field {
		var out []*schema.Field
		for _, a := range alt {
			if i < len(a.Columns) && a.Columns[i].Name == f.Columns[i].Name {
				out = append(out, &a.Columns[i])
			}
		}
		return out
	}
	for i := range f.Columns {
		if strings.EqualFold(f.Columns[i].Label, label) || strings.EqualFold(f.Columns[i].Name, label) {
			return &f.Columns[i], twinsOf(i)
		}
	}
	for _, a := range alt {
		for i := range a.Columns {
			if i < len(f.Columns) && strings.EqualFold(a.Columns[i].Label, label) {
				return &f.Columns[i], twinsOf(i)
			}
		}
	}
	return nil, nil
}

func columnLabels(f *schema.Field) string {
	var out []string
	for _, c := range f.Columns {
		out = append(out, c.Label)
	}
	return strings.Join(out, ", ")
}
