package importer

import (
	"fmt"
	"strings"
	"unicode"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
)

// Column is one column of a source and the field it fills.
type Column struct {
	Index  int    `json:"index"`  // 0-based, in the source
	Header string `json:"header"` // as the source heads it
	Field  string `json:"field"`  // "" when the column is not imported; "ref" and "status" are the record's own
	How    string `json:"how"`    // why: "name", "label", "synonym", "given" (--map or a profile), or "" when not mapped
}

// Record fields that are not declared fields but can be imported: the ref (to update the
// record it names) and the status (taken as given).
const (
	RefColumn    = "ref"
	StatusColumn = "status"
)

// synonyms are the headers client tools and spreadsheets commonly use for a field, normalised
// (see norm). A field's own name and label always match too.
var synonyms = map[string][]string{
	RefColumn:      {"number", "id", "key", "reference", "ticket", "ticket number", "incident number", "request number", "record", "referenz"},
	StatusColumn:   {"state", "stage", "lifecycle status", "current status", "zustand", "bearbeitungsstatus"},
	"title":        {"summary", "short description", "subject", "name", "title", "headline", "topic", "asset name", "ci name", "item", "hostname", "titel", "bezeichnung", "betreff", "kurzbeschreibung", "service name", "service"},
	"description":  {"description", "details", "long description", "notes", "comments", "body", "beschreibung"},
	"opened_at":    {"opened", "created", "opened at", "created at", "created on", "opened on", "date opened", "open date", "reported", "reported at", "logged", "date created", "submitted"},
	"resolved_at":  {"resolved", "resolved at", "resolved on", "resolution date", "date resolved", "fixed"},
	"closed_at":    {"closed", "closed at", "closed on", "date closed"},
	"assignee":     {"assigned to", "assignee", "assigned", "technician", "engineer", "agent"},
	"reporter":     {"caller", "reported by", "reporter", "requester", "raised by", "contact", "user"},
	"requested_by": {"requested by", "requester", "caller"},
	"service":      {"business service", "service", "affected service", "service offering", "dienst", "dienstleistung"},
	"ci":           {"configuration item", "ci", "asset", "cmdb ci", "affected ci", "device"},
	"customer":     {"company", "customer", "account", "client", "organisation", "organization"},
	"category":     {"category", "type", "subcategory"},
	"priority":     {"priority", "prio", "p", "priorität", "prioritaet", "prioritat"},
	"impact":       {"impact", "business impact"},
	"urgency":      {"urgency"},
	"resolution":   {"resolution", "resolution notes", "close notes", "solution", "fix"},
	"owner":        {"owner", "responsible", "accountable", "risk owner", "process owner", "verantwortlich", "verantwortlicher", "eigentümer"},
	"supplier":     {"vendor", "supplier", "manufacturer", "provider", "lieferant", "hersteller", "anbieter"},
	"likelihood":   {"likelihood", "probability"},
	"due":          {"due", "due date", "deadline", "target date", "fällig", "fälligkeit", "frist"},
	"review_due":   {"review date", "next review", "review due"},
	"start":        {"start", "start date", "begins", "valid from", "effective date"},
	"end":          {"end", "end date", "expiry", "expiry date", "expires", "valid to", "termination date"},
	"value":        {"value", "amount", "annual value", "contract value", "cost"},
	"amount":       {"amount", "cost", "value", "total"},
	"email":        {"email", "e mail", "mail"},
	"phone":        {"phone", "telephone", "tel"},
	"notice_days":  {"notice", "notice period", "notice days"},
	"identifier":   {"serial", "serial number", "asset tag", "identifier"},
	"source_ref":   {"source number", "external id", "external reference", "original number", "ticketnummer", "nummer"},
	// German, as client spreadsheets in German-speaking countries head their columns
	"criticality": {"criticality", "kritikalität", "kritikalitaet", "kritikalitat", "kritisch"},
	"location":    {"location", "site", "standort", "ort", "rechenzentrum"},
	"ci_type":     {"class", "ci class", "type", "asset type", "category", "typ", "art", "klasse"},
}

// norm makes a header comparable: lower case, letters and digits, single spaces; a unit in
// brackets at the end is dropped ("Outage (min)" reads "outage").
func norm(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i]
	}
	return normWords(s)
}

// isLabel reports whether a header (normalised) is a label: as norm reads it, or with its
// brackets kept, as a label with an abbreviation in brackets reads once a unit follows it
// ("Wiederherstellungszeitziel (RTO) (min)").
func isLabel(h, label string) bool {
	return h == norm(label) || h == normWords(strings.ToLower(label))
}

// normWords keeps the letters and digits of s, the words separated by single spaces.
func normWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// Importable tells whether a field of k can be filled from a source: every declared field a
// user can write, and the computed fields an import takes as given (a historic ticket keeps the
// priority its tool gave it and the dates it was responded to, resolved and closed).
func Importable(k *schema.Kind, f *schema.Field) bool {
	return !f.Computed || k.GivenOnImport(f.Name)
}

// AutoMap maps each column of a header to a field of the kind: by the field's name, then its
// label, then a common synonym. Each field takes the first column that matches it best; a
// column that matches nothing, or only a field already taken, is not imported.
func AutoMap(k *schema.Kind, header []string) []Column {
	cols := make([]Column, len(header))
	for i, h := range header {
		cols[i] = Column{Index: i, Header: h}
	}
	targets := []string{RefColumn}
	if k.Workflow != nil {
		targets = append(targets, StatusColumn)
	}
	for _, f := range k.Fields {
		if Importable(k, &f) {
			targets = append(targets, f.Name)
		}
	}
	taken := map[string]bool{}
	// Passes, so that an exact name or label wins over a synonym wherever it stands, and an
	// English label over another language's.
	for _, how := range []string{"name", "label", "translated", "synonym"} {
		for i := range cols {
			if cols[i].Field != "" || norm(cols[i].Header) == "" {
				continue
			}
			h := norm(cols[i].Header)
			for _, t := range targets {
				if taken[t] || !matches(k, t, h, how) {
					continue
				}
				cols[i].Field, cols[i].How, taken[t] = t, how, true
				if how == "translated" {
					cols[i].How = "label"
				}
				break
			}
		}
	}
	return cols
}

func matches(k *schema.Kind, target, h, how string) bool {
	switch how {
	case "name":
		if h != norm(target) {
			return false
		}
		// A header that is the label of another field is that field's, as an export heads it
		// (a sample's "Population" is its filter; its population is "Population size").
		for i := range k.Fields {
			f := &k.Fields[i]
			if f.Name != target && Importable(k, f) && isLabel(h, f.Label) {
				return false
			}
		}
		return true
	case "label":
		switch target {
		case RefColumn:
			return h == "ref"
		case StatusColumn:
			return h == "status"
		}
		f, _ := k.Field(target)
		return isLabel(h, f.Label)
	case "translated":
		return translatedLabel(k, target, h)
	}
	for _, s := range synonyms[target] {
		if h == s {
			return true
		}
	}
	return false
}

// Remap applies mappings a user gave ("Column=field"; "Column=" not to import a column) over
// cols. A column is named by its header (case and spacing aside) or by its letter (A, B…); the
// field by its name or label.
func Remap(k *schema.Kind, cols []Column, given []string) ([]Column, error) {
	out, _, err := remap(k, cols, given, "given", false)
	return out, err
}

// remap applies mappings as Remap does, marking the columns How; lenient skips a mapping whose
// column the file lacks (a profile made for a file with more columns) and returns it.
func remap(k *schema.Kind, cols []Column, given []string, how string, lenient bool) ([]Column, []string, error) {
	out := append([]Column(nil), cols...)
	var skipped []string
	for _, g := range given {
		col, field, ok := strings.Cut(g, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return nil, nil, fault.New("import.mapping_invalid", "maps", "mapping %q must look like \"Column=field\"", g)
		}
		i := findColumn(out, col)
		if i < 0 && lenient {
			skipped = append(skipped, strings.TrimSpace(col))
			continue
		}
		if i < 0 {
			return nil, nil, fault.New("import.mapping_invalid", "maps", "mapping %q: the file has no column %q (columns: %s)", g, strings.TrimSpace(col), headers(out))
		}
		name := ""
		if strings.TrimSpace(field) != "" {
			var err error
			if name, err = fieldNamed(k, field); err != nil {
				return nil, nil, fault.New("import.mapping_invalid", "maps", "mapping %q: %v", g, err)
			}
		}
		for j := range out {
			if j != i && name != "" && out[j].Field == name {
				out[j].Field, out[j].How = "", "" // the field takes the column given
			}
		}
		out[i].Field, out[i].How = name, how
	}
	return out, skipped, nil
}

func findColumn(cols []Column, name string) int {
	n := norm(name)
	for i, c := range cols {
		if norm(c.Header) == n && n != "" {
			return i
		}
	}
	if letters := strings.ToUpper(strings.TrimSpace(name)); len(letters) <= 3 {
		idx := 0
		for _, r := range letters {
			if r < 'A' || r > 'Z' {
				return -1
			}
			idx = idx*26 + int(r-'A'+1)
		}
		if idx >= 1 && idx <= len(cols) {
			return idx - 1
		}
	}
	return -1
}

func headers(cols []Column) string {
	var hs []string
	for _, c := range cols {
		hs = append(hs, fmt.Sprintf("%q", c.Header))
	}
	return strings.Join(hs, ", ")
}

// fieldNamed finds a field a user named by its name or label.
func fieldNamed(k *schema.Kind, name string) (string, error) {
	n := norm(name)
	switch n {
	case RefColumn:
		return RefColumn, nil
	case StatusColumn:
		if k.Workflow != nil {
			return StatusColumn, nil
		}
	}
	for _, f := range k.Fields {
		if norm(f.Name) == n || isLabel(n, f.Label) || translatedLabel(k, f.Name, n) {
			if !Importable(k, &f) {
				return "", fault.New("import.mapping_invalid", "", "%s field %q is computed and cannot be imported", schema.Word{Path: "kind." + k.Name + ".label", English: k.Label}, f.Name)
			}
			return f.Name, nil
		}
	}
	var names []string
	for _, f := range k.Fields {
		if Importable(k, &f) {
			names = append(names, f.Name)
		}
	}
	return "", fault.New("import.mapping_invalid", "", "%s has no field %q (fields: %s)", k.PluralWord(), strings.TrimSpace(name), strings.Join(names, ", "))
}

// Unmapped lists the required fields of the kind no column fills.
func Unmapped(k *schema.Kind, cols []Column) []string {
	have := map[string]bool{}
	for _, c := range cols {
		have[c.Field] = true
	}
	var out []string
	for _, f := range k.Fields {
		if f.Required && f.Default == nil && !have[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}
