package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DateLayout and DateTimeLayout are the canonical stored forms of date and datetime values. Both
// sort correctly as text.
const (
	DateLayout     = "2006-01-02"
	DateTimeLayout = "2006-01-02T15:04:05Z"
)

// Now is the default of a date or datetime field that takes the moment the record is created.
const Now = "now"

// MoneyValue is the canonical form of a money value: a decimal amount as text (never a float,
// so cents are never lost) and an ISO 4217 currency code.
type MoneyValue struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// Normalize checks a value given for the field (as decoded from JSON, or a Go value) and returns
// its canonical form: string, int64, float64, bool, []string, MoneyValue or (for a table)
// []map[string]any of canonical cells. A nil result means
// "no value". Reference fields return the id or ref as given; the store resolves them.
func (f *Field) Normalize(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && strings.TrimSpace(s) == "" && f.Type != LongText {
		return nil, nil
	}
	switch f.Type {
	case Text:
		s, ok := v.(string)
		if !ok {
			return nil, valueErr("must be text, not %s", describe(v))
		}
		s = strings.TrimSpace(s)
		if strings.ContainsAny(s, "\n\r") {
			return nil, valueErr("must be one line of text")
		}
		return s, nil
	case LongText:
		s, ok := v.(string)
		if !ok {
			return nil, valueErr("must be text, not %s", describe(v))
		}
		if s == "" {
			return nil, nil
		}
		return s, nil
	case Integer:
		if len(f.Enum) > 0 {
			return f.normalizeCoded(v)
		}
		return toInt(v)
	case Number:
		switch n := v.(type) {
		case json.Number:
			x, err := n.Float64()
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, valueErr("must be a number, not %s", describe(v))
			}
			return x, nil
		case float64:
			return n, nil
		case int:
			return float64(n), nil
		case int64:
			return float64(n), nil
		}
		return nil, valueErr("must be a number, not %s", describe(v))
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return nil, valueErr("must be true or false, not %s", describe(v))
		}
		return b, nil
	case Date:
		s, ok := v.(string)
		if !ok {
			return nil, valueErr("must be a date YYYY-MM-DD, not %s", describe(v))
		}
		d, err := time.Parse(DateLayout, strings.TrimSpace(s))
		if err != nil {
			return nil, valueErr("must be a date YYYY-MM-DD, not %q", s)
		}
		return d.Format(DateLayout), nil
	case DateTime:
		s, ok := v.(string)
		if !ok {
			return nil, valueErr("must be a date and time like 2026-03-01T09:30:00Z, not %s", describe(v))
		}
		t, err := ParseDateTime(s)
		if err != nil {
			return nil, err
		}
		return t.Format(DateTimeLayout), nil
	case Enum:
		return f.normalizeEnum(v)
	case Ref:
		return refInput(v)
	case Refs:
		items, ok := v.([]any)
		if !ok {
			if ss, isStrings := v.([]string); isStrings {
				for _, s := range ss {
					items = append(items, s)
				}
			} else {
				return nil, valueErr("must be a list of records, not %s", describe(v))
			}
		}
		out := make([]string, 0, len(items))
		seen := map[string]bool{}
		for _, it := range items {
			s, err := refInput(it)
			if err != nil {
				return nil, err
			}
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	case Duration:
		switch n := v.(type) {
		case string:
			return ParseDuration(n)
		default:
			m, err := toInt(v)
			if err != nil {
				return nil, valueErr("must be a duration like \"4h\", \"1d 2h 30m\" or whole minutes, not %s", describe(v))
			}
			if m.(int64) < 0 {
				return nil, valueErr("must not be negative")
			}
			return m, nil
		}
	case Money:
		return parseMoney(v)
	case Tags:
		return f.normalizeTags(v)
	case Table:
		return f.normalizeTable(v)
	}
	return nil, valueErr("has unknown type %q", f.Type)
}

// normalizeTags accepts a list, or text with the values separated by commas.
func (f *Field) normalizeTags(v any) (any, error) {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case []string:
		for _, s := range x {
			items = append(items, s)
		}
	case string:
		for _, s := range strings.Split(x, ",") {
			items = append(items, s)
		}
	default:
		return nil, valueErr("must be a list of values, not %s", describe(v))
	}
	out := []string{}
	for _, it := range items {
		var s string
		switch x := it.(type) {
		case string:
			s = strings.TrimSpace(x)
		case json.Number:
			s = x.String()
		default:
			return nil, valueErr("must be a list of values, not a list holding %s", describe(it))
		}
		if s == "" {
			continue
		}
		if len(f.Enum) > 0 {
			e, err := f.normalizeEnum(s)
			if err != nil {
				return nil, err
			}
			s = e.(string)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// normalizeTable checks every row of a table field against its columns and returns the rows in
// canonical form.
func (f *Field) normalizeTable(v any) (any, error) {
	var rows []any
	switch x := v.(type) {
	case []any:
		rows = x
	case []map[string]any:
		for _, r := range x {
			rows = append(rows, r)
		}
	case string:
		d := json.NewDecoder(strings.NewReader(x))
		d.UseNumber()
		if err := d.Decode(&rows); err != nil {
			return nil, valueErr("must be a list of rows like [{%s}], not %q", f.columnHint(), x)
		}
	default:
		return nil, valueErr("must be a list of rows like [{%s}], not %s", f.columnHint(), describe(v))
	}
	out := make([]map[string]any, 0, len(rows))
	for i, raw := range rows {
		row, ok := raw.(map[string]any)
		if !ok {
			return nil, cellErr(i+1, "", "row %d must be an object like {%s}, not %s", i+1, f.columnHint(), describe(raw))
		}
		clean := map[string]any{}
		for name, cell := range row {
			c := f.column(name)
			if c == nil {
				return nil, cellErr(i+1, "", "row %d: no column %q (columns: %s)", i+1, name, f.columnNames())
			}
			val, err := c.Normalize(cell)
			if err != nil {
				return nil, cellErr(i+1, c.Name, "row %d: %s %s", i+1, f.columnWord(c), err)
			}
			if val != nil {
				clean[c.Name] = val
			}
		}
		for _, c := range f.Columns {
			if c.Required && clean[c.Name] == nil {
				return nil, cellErr(i+1, c.Name, "row %d: %s is required", i+1, f.columnWord(&c))
			}
		}
		if len(clean) > 0 {
			out = append(out, clean)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func (f *Field) column(name string) *Field {
	for i := range f.Columns {
		if f.Columns[i].Name == name {
			return &f.Columns[i]
		}
	}
	return nil
}

func (f *Field) columnNames() string {
	names := make([]string, len(f.Columns))
	for i, c := range f.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

func (f *Field) columnHint() string {
	parts := make([]string, len(f.Columns))
	for i, c := range f.Columns {
		parts[i] = strconv.Quote(c.Name) + ": ..."
	}
	return strings.Join(parts, ", ")
}

// ParseDateTime reads an RFC 3339 date-time and returns it in UTC, to the second.
func ParseDateTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, valueErr("must be a date and time like 2026-03-01T09:30:00Z, not %q", s)
	}
	return t.UTC().Truncate(time.Second), nil
}

func (f *Field) normalizeEnum(v any) (any, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
	case json.Number:
		s = x.String()
	case int, int64, float64:
		s = fmt.Sprint(x)
	default:
		return nil, valueErr("must be one of %s, not %s", f.enumList(), describe(v))
	}
	for _, e := range f.Enum {
		if strings.EqualFold(e.Value, s) || strings.EqualFold(e.Label, s) {
			return e.Value, nil
		}
	}
	return nil, valueErr("must be one of %s, not %q", f.enumList(), s)
}

// normalizeCoded checks an integer field with declared values (impact 1..3), accepting the
// number or its label.
func (f *Field) normalizeCoded(v any) (any, error) {
	if s, ok := v.(string); ok {
		s = strings.TrimSpace(s)
		for _, e := range f.Enum {
			if strings.EqualFold(e.Label, s) || e.Value == s {
				n, _ := strconv.ParseInt(e.Value, 10, 64)
				return n, nil
			}
		}
		return nil, valueErr("must be one of %s, not %q", f.enumList(), s)
	}
	n, err := toInt(v)
	if err != nil {
		return nil, valueErr("must be one of %s, not %s", f.enumList(), describe(v))
	}
	for _, e := range f.Enum {
		if e.Value == strconv.FormatInt(n.(int64), 10) {
			return n, nil
		}
	}
	return nil, valueErr("must be one of %s, not %d", f.enumList(), n)
}

// enumList lists the field's values with their labels for a message: "1 (High), 2 (Medium)".
func (f *Field) enumList() choices { return choices{f} }

// choices are an enum field's values in a message, with their labels in the message's language.
type choices struct{ f *Field }

func (c choices) String() string { return c.Localize("en") }

func (c choices) Localize(lang string) string {
	parts := make([]string, len(c.f.Enum))
	for i, e := range c.f.Enum {
		label := e.Label
		if c.f.path != "" {
			label = Word{Path: "enum." + c.f.path + "." + e.Value, English: e.Label}.Localize(lang)
		}
		if label != "" && !strings.EqualFold(label, e.Value) {
			parts[i] = e.Value + " (" + label + ")"
		} else {
			parts[i] = e.Value
		}
	}
	return strings.Join(parts, ", ")
}

// columnWord is a column of a table field in a message: its name, in another language its label.
func (f *Field) columnWord(c *Field) Word {
	if f.path == "" {
		return Word{English: c.Name}
	}
	return Word{Path: "column." + f.path + "." + c.Name, English: c.Name}
}

func toInt(v any) (any, error) {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		if f, err := n.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), nil
		}
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), nil
		}
	case int:
		return int64(n), nil
	case int64:
		return n, nil
	}
	return nil, valueErr("must be a whole number, not %s", describe(v))
}

// refInput accepts an id, a ref, or a record object as printed ({"id": ...}).
func refInput(v any) (string, error) {
	switch x := v.(type) {
	case string:
		if s := strings.TrimSpace(x); s != "" {
			return s, nil
		}
	case map[string]any:
		if id, ok := x["id"].(string); ok && id != "" {
			return id, nil
		}
		if ref, ok := x["ref"].(string); ok && ref != "" {
			return ref, nil
		}
	}
	return "", valueErr("must name a record by id or ref, not %s", describe(v))
}

var durationPart = regexp.MustCompile(`(?i)^(\d+)\s*(w|d|h|m|min|mins|minutes?|hours?|days?|weeks?)`)

// ParseDuration reads a duration as whole minutes: "90", "45m", "1h30m", "2d 4h", "1w", or an
// ISO 8601 duration such as "PT4H" or "P1DT2H". Days are calendar days of 24 hours; business
// hours are the SLA calendar's concern, not the value's.
func ParseDuration(s string) (any, error) {
	in := strings.TrimSpace(s)
	bad := valueErr("must be a duration like \"4h\", \"1d 2h 30m\", \"PT4H\" or whole minutes, not %q", s)
	if in == "" {
		return nil, nil
	}
	if n, err := strconv.ParseInt(in, 10, 64); err == nil {
		if n < 0 {
			return nil, valueErr("must not be negative")
		}
		return n, nil
	}
	rest := strings.ToLower(in)
	if strings.HasPrefix(rest, "p") {
		rest = strings.Replace(strings.TrimPrefix(rest, "p"), "t", "", 1)
	}
	var total int64
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		m := durationPart.FindStringSubmatch(rest)
		if m == nil {
			return nil, bad
		}
		n, _ := strconv.ParseInt(m[1], 10, 64)
		switch u := m[2]; {
		case strings.HasPrefix(u, "w"):
			n *= 7 * 24 * 60
		case strings.HasPrefix(u, "d"):
			n *= 24 * 60
		case strings.HasPrefix(u, "h"):
			n *= 60
		}
		total += n
		rest = rest[len(m[0]):]
	}
	return total, nil
}

var (
	currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)
	decimal      = regexp.MustCompile(`^-?\d+(\.\d{1,4})?$`)
	symbols      = map[string]string{"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "CHF": "CHF"}
)

func parseMoney(v any) (any, error) {
	var amount, currency string
	switch x := v.(type) {
	case map[string]any:
		c, _ := x["currency"].(string)
		currency = strings.ToUpper(strings.TrimSpace(c))
		switch a := x["amount"].(type) {
		case string:
			amount = a
		case json.Number:
			amount = a.String()
		case float64:
			amount = strconv.FormatFloat(a, 'f', -1, 64)
		default:
			return nil, valueErr("must have an amount, like {\"amount\":\"1200.00\",\"currency\":\"EUR\"}")
		}
	case MoneyValue:
		amount, currency = x.Amount, x.Currency
	case string:
		s := strings.TrimSpace(x)
		for sym, code := range symbols {
			if strings.Contains(s, sym) {
				s, currency = strings.TrimSpace(strings.Replace(s, sym, "", 1)), code
				break
			}
		}
		if fields := strings.Fields(s); currency == "" && len(fields) == 2 {
			if currencyCode.MatchString(strings.ToUpper(fields[0])) {
				currency, s = strings.ToUpper(fields[0]), fields[1]
			} else if currencyCode.MatchString(strings.ToUpper(fields[1])) {
				currency, s = strings.ToUpper(fields[1]), fields[0]
			}
		}
		amount = s
	default:
		return nil, valueErr("must be an amount with a currency, like \"1200.00 EUR\", not %s", describe(v))
	}
	amount = strings.NewReplacer(",", "", " ", "", "_", "", "'", "").Replace(strings.TrimSpace(amount))
	if !decimal.MatchString(amount) {
		return nil, valueErr("must be an amount with a currency, like \"1200.00 EUR\", not %q", fmt.Sprint(v))
	}
	if !currencyCode.MatchString(currency) {
		return nil, valueErr("needs a three-letter currency code, like \"1200.00 EUR\"")
	}
	if i := strings.IndexByte(amount, '.'); i < 0 {
		amount += ".00"
	} else if len(amount)-i == 2 {
		amount += "0"
	}
	return MoneyValue{Amount: amount, Currency: currency}, nil
}

// describe says what a wrong value is, for a message: "\"abc\"", "the number 7", "a list".
func describe(v any) fmt.Stringer {
	switch x := v.(type) {
	case string:
		return phrase("%q", x)
	case bool:
		return phrase("a true/false value")
	case json.Number, float64, int, int64:
		return phrase("the number %v", x)
	case []any:
		return phrase("a list")
	case map[string]any:
		return phrase("an object")
	case []string:
		return phrase("a list")
	}
	return phrase("%T", v)
}

// CellError is what is wrong with one row of a table field, and with which of its columns when
// one is at fault, so that a form can mark the cell.
type CellError struct {
	Row    int    // from 1
	Column string // "" : the row as a whole, or a column that does not exist
	Msg    string // "row 2: resolve is required"
	words  said
}

func (e *CellError) Error() string { return e.Msg }

// Localize is the message in lang (fault.Localizer).
func (e *CellError) Localize(lang string) string { return e.words.Localize(lang) }

func cellErr(row int, column, format string, args ...any) *CellError {
	w := said{"field.value", format, args}
	return &CellError{Row: row, Column: column, Msg: w.String(), words: w}
}
