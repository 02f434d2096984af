package importer

import (
	"strings"
	"testing"

	"smsworkbench/internal/schema"
)

func kind(t *testing.T, name string) *schema.Kind {
	t.Helper()
	k, ok := schema.Default.Kind(name)
	if !ok {
		t.Fatalf("no kind %s", name)
	}
	return k
}

// mapped prints a mapping as "Header>field(how)" for the mapped columns.
func mapped(cols []Column) string {
	var out []string
	for _, c := range cols {
		if c.Field != "" {
			out = append(out, c.Header+">"+c.Field+"("+c.How+")")
		} else {
			out = append(out, c.Header+">-")
		}
	}
	return strings.Join(out, " ")
}

func TestAutoMapByNameLabelAndSynonym(t *testing.T) {
	inc := kind(t, "incident")
	// A ServiceNow-style export: synonyms for most columns, a label, a name, a unit suffix.
	cols := AutoMap(inc, []string{"Number", "Short description", "Opened", "State", "Priority", "Caller", "Assigned to",
		"Business service", "Configuration item", "Reported by", "Major incident", "Work notes", "resolved_at"})
	want := "Number>ref(synonym) Short description>title(synonym) Opened>opened_at(label) State>status(synonym) " +
		"Priority>priority(name) Caller>-" + // reporter is taken by its label below, which wins
		" Assigned to>assignee(label) Business service>service(synonym) Configuration item>ci(label) " +
		"Reported by>reporter(label) Major incident>major(label) Work notes>- resolved_at>resolved_at(name)"
	if got := mapped(cols); got != want {
		t.Errorf("incident export\n got %s\nwant %s", got, want)
	}
	// The workbench's own export heads columns with labels: they map back one to one.
	ci := kind(t, "ci")
	var header []string
	header = append(header, "Ref", "Name", "Status")
	for _, f := range ci.Fields[1:] {
		header = append(header, f.Label)
	}
	for _, c := range AutoMap(ci, header) {
		if c.Field == "" {
			t.Errorf("the export's own column %q maps to nothing", c.Header)
		}
	}
	if u := Unmapped(kind(t, "contract"), AutoMap(kind(t, "contract"), []string{"Title", "Start"})); strings.Join(u, ",") != "supplier" {
		t.Errorf("required fields left unmapped: %v", u)
	}
	if u := Unmapped(inc, AutoMap(inc, []string{"Summary"})); len(u) != 0 { // a ticket's service may come later
		t.Errorf("required fields left unmapped: %v", u)
	}
}

func TestRemapByHeaderOrLetter(t *testing.T) {
	inc := kind(t, "incident")
	cols := AutoMap(inc, []string{"Number", "Short description", "Caller", "Notes"})
	cols, err := Remap(inc, cols, []string{"Caller=Reported by", "D=description", "Number="})
	if err != nil {
		t.Fatal(err)
	}
	if got := mapped(cols); got != "Number>- Short description>title(synonym) Caller>reporter(given) Notes>description(given)" {
		t.Errorf("remapped: %s", got)
	}
	// A field given to another column leaves the one that had it.
	cols, err = Remap(inc, cols, []string{"Notes=title"})
	if err != nil || mapped(cols) != "Number>- Short description>- Caller>reporter(given) Notes>title(given)" {
		t.Errorf("moved: %s %v", mapped(cols), err)
	}
	for _, c := range []struct{ given, want string }{
		{"Nothing", `must look like "Column=field"`},
		{"Colour=title", `the file has no column "Colour" (columns: "Number", "Short description", "Caller", "Notes")`},
		{"Z=title", `no column "Z"`},
		{"Caller=weather", `Incidents has no field "weather"`},
		{"Caller=sla_state", `field "sla_state" is computed and cannot be imported`},
	} {
		if _, err := Remap(inc, cols, []string{c.given}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.given, err, c.want)
		}
	}
}
