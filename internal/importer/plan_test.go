package importer

import (
	"fmt"
	"strings"
	"testing"
)

func TestPlanNamesEveryBadCellByRowAndColumn(t *testing.T) {
	inc := kind(t, "incident")
	path := write(t, "export.csv", []byte("Incident export\n\nNumber;Short description;Opened;Major incident;Colour\n"+
		"INC1;Mail down;21/11/2026 10:15;yes;red\n"+
		"INC2;VPN slow;31/02/2026;no;blue\n"+
		"INC1;Printer;01/03/2026;perhaps;green\n"))
	p, err := NewPlan(path, inc, PlanOptions{})
	if err == nil {
		err = p.Check()
	}
	if err != nil {
		t.Fatal(err)
	}
	if p.Rows != 3 || p.Invalid != 2 || p.DateOrders["Opened"] != DMY || p.Source.HeaderRow != 3 || p.Source.Delimiter != ";" {
		t.Fatalf("plan: %+v", p)
	}
	var errs []string
	for _, e := range p.Errors {
		errs = append(errs, e.String())
	}
	want := []string{
		`row 5, column "Opened" ("31/02/2026"): "31/02/2026" is not a date (d/m/y)`,
		`row 6, column "Major incident" ("perhaps"): "perhaps" is not yes or no`,
		`row 6, column "Number" ("INC1"): the same key as row 4`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(strings.Join(p.Notes, "\n"), "required field") { // a ticket's service may come later
		t.Errorf("notes: %v", p.Notes)
	}
	summary := p.Summary()
	for _, s := range []string{`"Colour"`, "(not imported)", "3 rows, 2 with errors", `dates: "Opened" d/m/y`} {
		if !strings.Contains(summary, s) {
			t.Errorf("summary lacks %q:\n%s", s, summary)
		}
	}
	// The rows as the import will read them.
	var inputs []string
	p.Each(func(row *ParsedRow) error {
		in := row.Input
		inputs = append(inputs, strings.Join([]string{str(in["ref"]), str(in["title"]), str(in["opened_at"]), str(in["major"])}, "|"))
		return nil
	})
	if inputs[0] != "INC1|Mail down|2026-11-21T10:15:00Z|true" {
		t.Errorf("first row read as %q", inputs[0])
	}
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func TestPlansThatCannotBeMade(t *testing.T) {
	inc := kind(t, "incident")
	for _, c := range []struct {
		data, want string
		maps       []string
	}{
		{"Colour;Weight\nred;1\n", `no column of the file maps to a field of Incidents (columns: "Colour", "Weight")`, nil},
		{"Summary;Opened\nA;21/11/2026\nB;11/21/2026\n", `column "Opened" mixes day-first dates ("21/11/2026") and month-first dates ("11/21/2026")`, nil},
		{"Summary\nA\n", `the file has no column "Caller"`, []string{"Caller=reporter"}},
	} {
		_, err := NewPlan(write(t, "x.csv", []byte(c.data)), inc, PlanOptions{Maps: c.maps})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.data, err, c.want)
		}
	}
	p, err := NewPlan(write(t, "x.csv", []byte("Summary;Due\nA;03/04/2026\n")), kind(t, "action"), PlanOptions{Maps: []string{"Summary=title"}})
	if err != nil || !strings.Contains(strings.Join(p.Notes, ";"), `column "Due": no date tells day-first from month-first; read as d/m/y`) {
		t.Errorf("ambiguous dates: %v %v", p, err)
	}
}

// Plan.Each reads the file in another goroutine, ahead of its caller: every row arrives once and
// in order, and a caller that stops early stops the reader, whose error is then not reported.
// 'make test' runs this under the race detector.
func TestEachReadsAheadAndStopsWithItsCaller(t *testing.T) {
	var b strings.Builder
	b.WriteString("Number;Short description\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "INC%d;row %d\n", i, i)
	}
	p, err := NewPlan(write(t, "many.csv", []byte(b.String())), kind(t, "incident"), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	if err := p.Each(func(r *ParsedRow) error { seen = append(seen, str(r.Input["ref"])); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2000 || seen[0] != "INC0" || seen[1999] != "INC1999" {
		t.Fatalf("read %d rows, first %q last %q", len(seen), seen[0], seen[len(seen)-1])
	}
	stop := fmt.Errorf("enough")
	n := 0
	err = p.Each(func(r *ParsedRow) error {
		if n++; n == 300 {
			return stop
		}
		return nil
	})
	if err != stop || n != 300 {
		t.Fatalf("stopped after %d rows with %v", n, err)
	}
}
