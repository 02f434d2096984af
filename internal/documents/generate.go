package documents

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// A template holds placeholders, `{{name args…}}`. Filled, each becomes a generated part of the
// document between markers that Markdown does not print and that a refresh finds again:
//
//	<!-- generated: records service status=live -->
//	| Ref | Service | … |
//	<!-- end generated -->
//
// for a block (a table), and `<!--g: organisation-->Northwind<!--/g-->` within a sentence. A
// refresh rewrites what is between the markers and nothing else: the consultant's own text is
// kept; what they typed inside a generated part is replaced (the editor marks those parts).

// Placeholders lists the placeholders a template may use, with what each gives.
var Placeholders = [][2]string{
	{"organisation", "the organisation's name (the workspace's)"},
	{"today", "today's date"},
	{"records KIND [FIELD=VALUE]… [columns=FIELD,…]", "a table of the records of a register that meet the conditions, with its list columns or those named"},
	{"count KIND [FIELD=VALUE]…", "how many records of a register meet the conditions"},
	{"roles", "a table of the people the registers name as owners, and of what"},
	{"sites", "a table of the locations of the configuration items in use, with how many are at each"},
}

var (
	placeholderRe = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)
	blockRe       = regexp.MustCompile(`(?s)<!-- generated: ([^>]*?) -->\n.*?<!-- end generated -->`)
	inlineRe      = regexp.MustCompile(`(?s)<!--g: ([^>]*?)-->.*?<!--/g-->`)
)

// filler fills placeholders from a workspace, in a language: the registers' words (columns,
// values, states) from the labels of that language, dates and figures written its way.
type filler struct {
	ctx   context.Context
	s     *store.Store
	lang  string
	kinds map[string]*schema.Kind // the registers' declarations in lang
}

func newFiller(ctx context.Context, s *store.Store, lang string) (*filler, error) {
	if lang == "" {
		lang = "en"
	}
	if err := CheckLanguage(lang); err != nil {
		return nil, err
	}
	f := &filler{ctx: ctx, s: s, lang: lang, kinds: map[string]*schema.Kind{}}
	kinds, _, err := s.Registry().Localized(lang)
	if err != nil {
		return nil, err
	}
	for _, k := range kinds {
		f.kinds[k.Name] = k
	}
	return f, nil
}

// kind is a register's declaration in the filler's language.
func (f *filler) kind(name string) *schema.Kind {
	if k, ok := f.kinds[name]; ok {
		return k
	}
	k, _ := f.s.Registry().Kind(name)
	return k
}

// say is the filler's words for a phrase of its own (English is the key).
func (f *filler) say(english string) string {
	if f.lang == "de" {
		if w, ok := fillerDE[english]; ok {
			return w
		}
	}
	return english
}

// fillerDE are the German words of what the filler writes besides the registers' words.
var fillerDE = map[string]string{
	"the organisation":                    "die Organisation",
	"*(none recorded)*":                   "*(keine erfasst)*",
	"Ref":                                 "Ref.",
	" (min)":                              " (Min.)",
	"Person":                              "Person",
	"Roles":                               "Rollen",
	"Location":                            "Standort",
	"Configuration items":                 "Konfigurationselemente",
	"*(no owner named in the registers)*": "*(in den Registern ist niemand als verantwortlich benannt)*",
	"*(no location recorded for the configuration items)*": "*(für die Konfigurationselemente ist kein Standort erfasst)*",
}

// parsed is a placeholder read from its text.
type parsed struct {
	name    string
	kind    string
	where   []store.Filter
	columns []string // columns=a,b: the fields of a records table, in order
}

// parse reads a placeholder's text and checks that it names something.
func (f *filler) parse(text string) (parsed, error) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return parsed{}, f.unknown(text)
	}
	p := parsed{name: words[0]}
	switch p.name {
	case "organisation", "today", "roles", "sites":
		if len(words) > 1 {
			return parsed{}, f.unknown(text)
		}
	case "records", "count":
		if len(words) < 2 {
			return parsed{}, f.unknown(text)
		}
		p.kind = words[1]
		if _, ok := f.s.Registry().Kind(p.kind); !ok {
			return parsed{}, fault.New("documents.placeholder_unknown", "template", "placeholder {{%s}} names no register %q", text, p.kind)
		}
		for _, w := range words[2:] {
			if list, ok := strings.CutPrefix(w, "columns="); ok && p.name == "records" {
				k, _ := f.s.Registry().Kind(p.kind)
				for _, c := range strings.Split(list, ",") {
					if _, ok := k.Field(c); !ok {
						return parsed{}, fault.New("documents.placeholder_unknown", "template", "placeholder {{%s}}: %s has no field %q", text, p.kind, c)
					}
					p.columns = append(p.columns, c)
				}
				continue
			}
			flt, err := store.ParseFilter(w)
			if err != nil {
				return parsed{}, fault.New("documents.placeholder_unknown", "template", "placeholder {{%s}}: %v", text, err)
			}
			if k, _ := f.s.Registry().Kind(p.kind); flt.Field == "status" && (k.Workflow == nil || !k.Workflow.HasState(fmt.Sprint(flt.Value))) {
				return parsed{}, fault.New("documents.placeholder_unknown", "template", "placeholder {{%s}}: %s has no state %q", text, p.kind, flt.Value)
			}
			p.where = append(p.where, flt)
		}
		if err := f.s.CheckQuery(f.ctx, p.kind, store.Query{Where: p.where}); err != nil {
			return parsed{}, fault.New("documents.placeholder_unknown", "template", "placeholder {{%s}}: %v", text, err)
		}
	default:
		return parsed{}, f.unknown(text)
	}
	return p, nil
}

func (f *filler) unknown(text string) error {
	var names []string
	for _, p := range Placeholders {
		names = append(names, p[0])
	}
	return fault.New("documents.placeholder_unknown", "template", "placeholder {{%s}} names nothing (placeholders: %s)", text, strings.Join(names, "; "))
}

// inline says whether a placeholder gives words within a sentence rather than a block.
func (p parsed) inline() bool {
	return p.name == "organisation" || p.name == "today" || p.name == "count"
}

// value is what a placeholder gives now, as Markdown.
func (f *filler) value(p parsed) (string, error) {
	switch p.name {
	case "organisation":
		if n := f.s.Meta("name"); n != "" {
			return n, nil
		}
		return f.say("the organisation"), nil
	case "today":
		if f.lang == "de" {
			return f.s.Now().Format("02.01.2006"), nil
		}
		return f.s.Now().Format("2 January 2006"), nil
	case "count":
		n, err := f.s.CountWhere(f.ctx, p.kind, p.where...)
		return fmt.Sprint(n), err
	case "records":
		return f.table(p)
	case "roles":
		return f.roles()
	case "sites":
		return f.sites()
	}
	return "", f.unknown(p.name)
}

// table is a Markdown table of the records of a kind with its list columns.
func (f *filler) table(p parsed) (string, error) {
	k := f.kind(p.kind)
	all := sheets.RegisterColumns(k)
	var cols []sheets.Column
	if len(p.columns) > 0 {
		cols = append(cols, all[0]) // the ref
		for _, name := range p.columns {
			for _, c := range all {
				if c.Field != nil && c.Field.Name == name {
					cols = append(cols, c)
				}
			}
		}
	} else {
		for _, c := range all {
			if c.Field == nil && c.Header == "Ref" || c.Field != nil && c.Field.InList && c.Field.Name != "status" {
				cols = append(cols, c)
			}
		}
	}
	page, err := f.s.List(f.ctx, p.kind, store.Query{Where: p.where, Sort: "ref", Limit: -1})
	if err != nil {
		return "", err
	}
	if len(page.Records) == 0 {
		return f.say("*(none recorded)*"), nil
	}
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteString(" ")
		}
		h := c.Header
		if i == 0 {
			h = f.say(h) // the ref
		} else if c.Field != nil && c.Field.Type == schema.Duration {
			h = strings.TrimSuffix(h, " (min)") + f.say(" (min)")
		}
		b.WriteString("| " + cell(h))
	}
	b.WriteString(" |\n")
	b.WriteString(strings.Repeat("|---", len(cols)) + "|\n")
	for _, r := range page.Records {
		for i, v := range sheets.RegisterText(r, cols) {
			if fld := cols[i].Field; fld != nil && f.lang == "de" {
				v = germanValue(r, fld, v)
			}
			if f := cols[i].Field; f != nil && f.Type == schema.Ref {
				// a reference reads as what it names, not its number alone
				if l, ok := r.Links[fmt.Sprint(r.Values[f.Name])]; ok && l.Title != "" {
					v = l.Title
				}
			}
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString("| " + cell(v))
		}
		b.WriteString(" |\n")
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// cell makes text safe in a Markdown table cell: one line, no column bar, no markup.
func cell(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(s), "\n", " · ")), " ")
	if s == "" {
		return "—"
	}
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", "`", "\\`", "[", `\[`)
	return r.Replace(s)
}

// roles is a table of the people the registers name as owners: who, and the roles they hold
// (the label of the owner field in each register) with how many records.
func (f *filler) roles() (string, error) {
	held := map[string][]string{}
	for _, k := range f.s.Registry().Kinds() {
		fld, ok := k.Field("owner")
		if !ok {
			continue
		}
		groups, err := f.s.Aggregate(f.ctx, k.Name, store.Aggregate{By: []string{"owner"}})
		if err != nil {
			return "", err
		}
		role := fld.Label
		if role == "Owner" {
			role = k.Label + " owner"
			if f.lang == "de" {
				role = "Verantwortlich (" + f.kind(k.Name).Label + ")"
			}
		} else if f.lang == "de" {
			if lf, ok := f.kind(k.Name).Field("owner"); ok {
				role = lf.Label
			}
		}
		for _, g := range groups {
			if who := g.Text(0); who != "" {
				held[who] = append(held[who], fmt.Sprintf("%s (%d)", role, g.Count))
			}
		}
	}
	if len(held) == 0 {
		return f.say("*(no owner named in the registers)*"), nil
	}
	people := make([]string, 0, len(held))
	for p := range held {
		people = append(people, p)
	}
	sort.Strings(people)
	var b strings.Builder
	b.WriteString("| " + f.say("Person") + " | " + f.say("Roles") + " |\n|---|---|\n")
	for _, p := range people {
		b.WriteString("| " + cell(p) + " | " + cell(strings.Join(held[p], "; ")) + " |\n")
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// sites is a table of the locations of the configuration items not retired.
func (f *filler) sites() (string, error) {
	groups, err := f.s.Aggregate(f.ctx, "ci", store.Aggregate{Where: []store.Filter{{Field: "status", Op: "!=", Value: "retired"}}, By: []string{"location"}})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, g := range groups {
		if loc := g.Text(0); loc != "" {
			fmt.Fprintf(&b, "| %s | %d |\n", cell(loc), g.Count)
		}
	}
	if b.Len() == 0 {
		return f.say("*(no location recorded for the configuration items)*"), nil
	}
	return "| " + f.say("Location") + " | " + f.say("Configuration items") + " |\n|---|---|\n" + strings.TrimSuffix(b.String(), "\n"), nil
}

// Fill turns a template's placeholders into generated parts filled from the workspace, in
// English. Every placeholder is checked first: one that names nothing refuses the whole template.
func Fill(ctx context.Context, s *store.Store, template string) (string, error) {
	return FillIn(ctx, s, template, "en")
}

// FillIn is Fill in a language ("en" or "de"): the registers' words, the tables' headings and
// the dates of the generated parts in that language. It writes no language marker (Start does).
func FillIn(ctx context.Context, s *store.Store, template, lang string) (string, error) {
	f, err := newFiller(ctx, s, lang)
	if err != nil {
		return "", err
	}
	var firstErr error
	out := placeholderRe.ReplaceAllStringFunc(template, func(m string) string {
		text := placeholderRe.FindStringSubmatch(m)[1]
		p, err := f.parse(text)
		if err == nil {
			var v string
			if v, err = f.value(p); err == nil {
				if p.inline() {
					return "<!--g: " + text + "-->" + v + "<!--/g-->"
				}
				return "<!-- generated: " + text + " -->\n" + v + "\n<!-- end generated -->"
			}
		}
		if firstErr == nil {
			firstErr = err
		}
		return m
	})
	return out, firstErr
}

// Refresh fills every generated part of a document again from the workspace, in place; the rest
// of the text is kept as it is. It says which parts changed. The parts are filled in the
// language the document was generated in (its language marker; English without one).
func Refresh(ctx context.Context, s *store.Store, body string) (string, []string, error) {
	f, err := newFiller(ctx, s, BodyLanguage(body))
	if err != nil {
		return "", nil, err
	}
	var firstErr error
	var changed []string
	refill := func(re *regexp.Regexp, wrap func(text, v string) string) {
		body = re.ReplaceAllStringFunc(body, func(m string) string {
			text := re.FindStringSubmatch(m)[1]
			p, err := f.parse(text)
			if err == nil {
				var v string
				if v, err = f.value(p); err == nil {
					now := wrap(text, v)
					if now != m && !slices.Contains(changed, text) {
						changed = append(changed, text)
					}
					return now
				}
			}
			if firstErr == nil {
				firstErr = err
			}
			return m
		})
	}
	refill(blockRe, func(text, v string) string {
		return "<!-- generated: " + text + " -->\n" + v + "\n<!-- end generated -->"
	})
	refill(inlineRe, func(text, v string) string { return "<!--g: " + text + "-->" + v + "<!--/g-->" })
	return body, changed, firstErr
}

// A document generated in another language than English starts with a marker of its language,
// a comment Markdown does not print, so that a refresh fills its generated parts in the words
// of its text whatever the language chosen at the time:
//
//	<!-- language: de -->
var languageRe = regexp.MustCompile(`^\x{FEFF}?<!-- language: ([a-z]{2}) -->\n`)

// BodyLanguage is the language a document's text was generated in: its marker's, else "en".
func BodyLanguage(body string) string {
	if m := languageRe.FindStringSubmatch(body); m != nil && CheckLanguage(m[1]) == nil {
		return m[1]
	}
	return "en"
}

// withLanguage marks a generated text with its language; English is left unmarked.
func withLanguage(body, lang string) string {
	if lang == "" || lang == "en" || languageRe.MatchString(body) {
		return body
	}
	return "<!-- language: " + lang + " -->\n" + body
}

// germanValue is a cell of a generated table written the German way: a date as 04.12.2026, a
// figure as 1.234,5, yes and no as ja and nein, money as 1.200,00 EUR; english is the cell as
// package sheets writes it (the registers' words are the German ones already).
func germanValue(r *store.Record, f *schema.Field, english string) string {
	v := r.Values[f.Name]
	if v == nil {
		return english
	}
	switch f.Type {
	case schema.Date, schema.DateTime:
		if s, ok := v.(string); ok {
			return GermanDate(s)
		}
	case schema.Bool:
		if b, ok := v.(bool); ok {
			return germanYes(b)
		}
	case schema.Number:
		if x, ok := v.(float64); ok {
			return germanNumber(x, -1)
		}
	case schema.Money:
		if m, ok := v.(schema.MoneyValue); ok {
			return germanMoney(m)
		}
	case schema.Table:
		if rows, ok := v.([]map[string]any); ok {
			return germanTable(f, rows)
		}
	}
	return english
}

// GermanDate writes a date (YYYY-MM-DD) as 04.12.2026 and a date-time (RFC 3339) as
// 04.12.2026 09:30 (UTC); anything else as it is.
func GermanDate(s string) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("02.01.2006")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format("02.01.2006 15:04")
	}
	return s
}

func germanYes(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

// germanNumber writes 1234.5 as 1.234,5 (decimals -1: as many as it needs).
func germanNumber(x float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

func germanMoney(m schema.MoneyValue) string {
	x, err := strconv.ParseFloat(m.Amount, 64)
	if err != nil {
		return strings.TrimSpace(m.Amount + " " + m.Currency)
	}
	return strings.TrimSpace(germanNumber(x, 2) + " " + m.Currency)
}

// germanTable writes the rows of a table field as sheets does ("Priorität: P1; Lösen
// innerhalb: 240 Min."), the German way.
func germanTable(f *schema.Field, rows []map[string]any) string {
	var b strings.Builder
	for i, row := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := 0
		for j := range f.Columns {
			c := &f.Columns[j]
			v := row[c.Name]
			if v == nil {
				continue
			}
			if n > 0 {
				b.WriteString("; ")
			}
			n++
			b.WriteString(c.Label + ": ")
			switch x := v.(type) {
			case schema.MoneyValue:
				b.WriteString(germanMoney(x))
			case bool:
				b.WriteString(germanYes(x))
			case float64:
				if len(c.Enum) == 0 {
					b.WriteString(germanNumber(x, -1))
					continue
				}
				b.WriteString(sheets.EnumLabel(c, fmt.Sprint(x)))
			default:
				s := fmt.Sprint(v)
				if len(c.Enum) > 0 {
					s = sheets.EnumLabel(c, s)
				} else if c.Type == schema.Duration {
					s += " Min."
				} else if c.Type == schema.Date {
					s = GermanDate(s)
				}
				b.WriteString(s)
			}
		}
	}
	return b.String()
}
