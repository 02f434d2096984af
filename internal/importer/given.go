package importer

import (
	"encoding/csv"
	"fmt"
	"os"
	"sort"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
)

// What a user gives an import beyond the columns: a value for every row (--set), and the value
// a column's texts stand for (--map-value, --lookup), and how another tool's states are read.

// Constant is a value given for every row of an import: it fills Field wherever no column
// gives one (a service for an export without a service column).
type Constant struct {
	Field string `json:"field"`
	Text  string `json:"text"` // as given
	value any
}

// ValueMap says what one text of a column stands for ("On Hold" in Status is pending).
type ValueMap struct {
	Column string `json:"column"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// parseConstants reads "field=value" specs against the kind: the field must be importable (or
// the status), the value readable as the field's (an enum value or label, a state, a date...).
// References are resolved against the workspace when the rows are imported.
func parseConstants(k *schema.Kind, specs []string) ([]Constant, error) {
	var out []Constant
	for _, spec := range specs {
		name, text, ok := strings.Cut(spec, "=")
		name, text = strings.TrimSpace(name), strings.TrimSpace(text)
		if !ok || name == "" || text == "" {
			return nil, setErr("the value for every row %q must look like FIELD=VALUE", spec)
		}
		field, err := fieldNamed(k, name)
		if err != nil {
			return nil, setErr("the value for every row of %s: %v", name, err)
		}
		c := Constant{Field: field, Text: text}
		switch field {
		case StatusColumn:
			st, ok := StateOf(k, text)
			if !ok {
				return nil, setErr("the value for every row status=%s: %s", text, noState(k, text))
			}
			c.value = st
		case RefColumn:
			return nil, setErr("the value for every row of %s: a reference is each row's own", name)
		default:
			f, _ := k.Field(field)
			v, err := readValue(k, f, text, DMY)
			if err != nil {
				return nil, setErr("the value for every row %s=%s: %v", name, text, err)
			}
			if len(f.Enum) > 0 && !inEnum(f, v) {
				return nil, setErr("the value for every row %s=%s: not one of %s", name, text, enumLabels(f))
			}
			c.value = v
		}
		out = append(out, c)
	}
	return out, nil
}

// parseValueMaps reads "Column:text=value" specs; the column must be in the source's header, and
// a value for the status must be a state of the kind.
func parseValueMaps(k *schema.Kind, cols []Column, specs []string) ([]ValueMap, error) {
	var out []ValueMap
	for _, spec := range specs {
		col, rest, ok := strings.Cut(spec, ":")
		from, to, ok2 := strings.Cut(rest, "=")
		col, from, to = strings.TrimSpace(col), strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || !ok2 || col == "" || from == "" {
			return nil, valueMapErr("the value map %q must look like \"Column:text=value\"", spec)
		}
		i := findColumn(cols, col)
		if i < 0 {
			return nil, valueMapErr("the value map %q: the file has no column %q (columns: %s)", spec, col, headers(cols))
		}
		if cols[i].Field == StatusColumn && to != "" {
			st, ok := StateOf(k, to)
			if !ok {
				return nil, valueMapErr("the value map %q: %s", spec, noState(k, to))
			}
			to = st
		}
		out = append(out, ValueMap{Column: cols[i].Header, From: from, To: to})
	}
	return out, nil
}

// LookupMaps reads a lookup file for --lookup "Column=field:file.csv": its rows are pairs of a
// text of the column and the value it stands for (a service's ref or title), the first row a
// header when its second cell is not a value (it is skipped either way when it names the column).
func LookupMaps(column, path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, lookupErr("the lookup file of %s: %v", column, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, lookupErr("the lookup file of %s: %s is not a two-column CSV file: %v", column, path, err)
	}
	var out []string
	for i, row := range rows {
		if len(row) < 2 || strings.TrimSpace(row[0]) == "" {
			continue
		}
		if i == 0 && strings.EqualFold(strings.TrimSpace(row[0]), column) {
			continue // its header
		}
		out = append(out, column+":"+strings.TrimSpace(row[0])+"="+strings.TrimSpace(row[1]))
	}
	if len(out) == 0 {
		return nil, lookupErr("the lookup file of %s: %s holds no pair of values", column, path)
	}
	return out, nil
}

// StateOf reads a state as a tool names it: a state's name or label, or a word other ticket and
// service management tools use for it ("On Hold", "Work in Progress", "Solved", "Canceled").
func StateOf(k *schema.Kind, text string) (string, bool) {
	if k.Workflow == nil {
		return "", false
	}
	want := norm(text)
	for _, st := range k.Workflow.States {
		if norm(st.Name) == want || norm(st.Label) == want {
			return st.Name, true
		}
	}
	if name, ok := twinState(k, want); ok {
		return name, true
	}
	for _, name := range stateSynonyms[want] {
		if k.Workflow.HasState(name) {
			return name, true
		}
	}
	return "", false
}

// stateSynonyms: what other tools call the states, each with the states it may stand for, in
// the order tried (the first the kind has).
var stateSynonyms = func() map[string][]string {
	out := map[string][]string{}
	for states, words := range map[string][]string{
		"new":         {"open", "opened", "logged", "registered", "submitted", "raised", "neu", "offen", "erfasst"},
		"assigned":    {"queued", "assigned to group", "zugewiesen"},
		"in_progress": {"work in progress", "wip", "in work", "active", "working", "being worked on", "in bearbeitung", "in arbeit"},
		"pending":     {"on hold", "hold", "waiting", "awaiting user info", "awaiting info", "awaiting customer", "waiting for customer", "waiting on customer", "pending customer", "pending user", "awaiting", "wartend", "zurückgestellt", "in wartestellung"},
		"resolved":    {"solved", "fixed", "completed", "complete", "done", "fulfilled", "gelöst", "erledigt"},
		"closed":      {"closed complete", "closed completed", "geschlossen", "abgeschlossen"},
		"cancelled":   {"canceled", "withdrawn", "closed incomplete", "closed cancelled", "abandoned", "storniert", "abgebrochen"},
		"live":        {"in production", "production", "operational", "in operation", "in betrieb", "produktiv"},
		"active":      {"in production", "production", "operational", "in operation", "in use", "in betrieb", "produktiv", "aktiv"}, // a CI (no kind has both live and active)
		"maintenance": {"in maintenance", "under maintenance", "in wartung", "wartung"},
		"retired":     {"decommissioned", "end of life", "eol", "ausser betrieb", "außer betrieb", "stillgelegt"},
		"approved":    {"released", "published", "freigegeben", "genehmigt"},
	} {
		for _, w := range words {
			out[norm(w)] = append(out[norm(w)], states)
		}
	}
	return out
}()

func noState(k *schema.Kind, text string) string {
	if k.Workflow == nil {
		return fmt.Sprintf("%s have no workflow", k.Plural)
	}
	var names []string
	for _, st := range k.Workflow.States {
		names = append(names, st.Name)
	}
	return fmt.Sprintf("%s has no state %q (states: %s)", k.Name, text, strings.Join(names, ", "))
}

func inEnum(f *schema.Field, v any) bool {
	s, _ := v.(string)
	for _, e := range f.Enum {
		if e.Value == s {
			return true
		}
	}
	return false
}

func enumLabels(f *schema.Field) string {
	var out []string
	for _, e := range f.Enum {
		out = append(out, e.Label)
	}
	return strings.Join(out, ", ")
}

// Mapped is one distinct text of a column and what the import read it as: the preview lists
// them so that a user sees "On Hold" became pending before anything is written.
type Mapped struct {
	Column string `json:"column"`
	From   string `json:"from"`
	To     string `json:"to"` // "" when it could not be read
	Rows   int    `json:"rows"`
}

// maxMapped is how many distinct texts of a column the preview lists (a column of titles would
// list every row).
const maxMapped = 50

// tally counts the distinct texts of the columns whose values are read as something else: the
// state, enums, references and the columns a value map covers.
type tally struct {
	seen map[string]map[string]*Mapped
	// plain are the columns of free text that are listed only when they repeat a few values
	// (a category, a group), never a column of titles.
	plain map[string]bool
}

// fewValues is how many distinct texts a column of free text may have to be listed.
const fewValues = 12

// addPlain counts a text of a column of free text.
func (t *tally) addPlain(column, text string) {
	if t.plain == nil {
		t.plain = map[string]bool{}
	}
	t.plain[column] = true
	t.add(column, text, text)
}

func (t *tally) add(column, from, to string) {
	if t.seen == nil {
		t.seen = map[string]map[string]*Mapped{}
	}
	m := t.seen[column]
	if m == nil {
		m = map[string]*Mapped{}
		t.seen[column] = m
	}
	if e := m[from]; e != nil {
		e.Rows++
	} else if len(m) < maxMapped {
		m[from] = &Mapped{Column: column, From: from, To: to, Rows: 1}
	}
}

func (t *tally) list(order []Column) []Mapped {
	out := []Mapped{}
	for _, c := range order {
		var rows []Mapped
		total := 0
		for _, m := range t.seen[c.Header] {
			rows = append(rows, *m)
			total += m.Rows
		}
		if t.plain[c.Header] && (len(rows) > fewValues || total == len(rows)) {
			continue // many different texts, or none repeated: nothing to map
		}
		sort.Slice(rows, func(i, j int) bool {
			return rows[i].Rows > rows[j].Rows || rows[i].Rows == rows[j].Rows && rows[i].From < rows[j].From
		})
		out = append(out, rows...)
	}
	return out
}

// setErr refuses a value given for every row (field "sets").
func setErr(format string, args ...any) error {
	return fault.New("import.set_invalid", "sets", format, args...)
}

// valueMapErr refuses a value map (field "value_maps").
func valueMapErr(format string, args ...any) error {
	return fault.New("import.value_map_invalid", "value_maps", format, args...)
}

// lookupErr refuses a lookup file, read as value maps of a column (field "lookup").
func lookupErr(format string, args ...any) error {
	return fault.New("import.lookup_invalid", "lookup", format, args...)
}
