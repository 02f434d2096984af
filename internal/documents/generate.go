package documents

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

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

// filler fills placeholders from a workspace.
type filler struct {
	ctx context.Context
	s   *store.Store
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
		return "the organisation", nil
	case "today":
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
	k, _ := f.s.Registry().Kind(p.kind)
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
		return "*(none recorded)*", nil
	}
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("| " + cell(c.Header))
	}
	b.WriteString(" |\n")
	b.WriteString(strings.Repeat("|---", len(cols)) + "|\n")
	for _, r := range page.Records {
		for i, v := range sheets.RegisterText(r, cols) {
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
		}
		for _, g := range groups {
			if who := g.Text(0); who != "" {
				held[who] = append(held[who], fmt.Sprintf("%s (%d)", role, g.Count))
			}
		}
	}
	if len(held) == 0 {
		return "*(no owner named in the registers)*", nil
	}
	people := make([]string, 0, len(held))
	for p := range held {
		people = append(people, p)
	}
	sort.Strings(people)
	var b strings.Builder
	b.WriteString("| Person | Roles |\n|---|---|\n")
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
		return "*(no location recorded for the configuration items)*", nil
	}
	return "| Location | Configuration items |\n|---|---|\n" + strings.TrimSuffix(b.String(), "\n"), nil
}

// Fill turns a template's placeholders into generated parts filled from the workspace. Every
// placeholder is checked first: one that names nothing refuses the whole template.
func Fill(ctx context.Context, s *store.Store, template string) (string, error) {
	f := &filler{ctx: ctx, s: s}
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
// of the text is kept as it is. It says which parts changed.
func Refresh(ctx context.Context, s *store.Store, body string) (string, []string, error) {
	f := &filler{ctx: ctx, s: s}
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
