package importer

import (
	"fmt"
	"strings"
	"testing"

	"smsworkbench/internal/schema"
)

func field(t *testing.T, kindName, name string) *schema.Field {
	t.Helper()
	f, ok := kind(t, kindName).Field(name)
	if !ok {
		t.Fatalf("%s has no field %s", kindName, name)
	}
	return f
}

func TestDateOrderOfAColumn(t *testing.T) {
	for _, c := range []struct {
		values    []string
		order     string
		ambiguous bool
		err       string
	}{
		{[]string{"03/04/2026", "21/11/2026"}, DMY, false, ""},
		{[]string{"03/04/2026", "11/21/2026"}, MDY, false, ""},
		{[]string{"03/04/2026", "05/06/2026", "2026-01-31"}, DMY, true, ""},
		{[]string{"03/04/2026", "05.06.2026", "2026-01-31"}, DMY, false, ""}, // dots: day first
		{[]string{"04.12.2026 09:30"}, DMY, false, ""},
		{[]string{"05.06.2026", "06/13/2026"}, "", false, `mixes day-first dates ("05.06.2026") and month-first dates ("06/13/2026")`},
		{[]string{"21/11/2026", "11/21/2026"}, "", false, `mixes day-first dates ("21/11/2026") and month-first dates ("11/21/2026")`},
	} {
		order, amb, err := DateOrder(c.values)
		if order != c.order || amb != c.ambiguous || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("%v: %s %v %v", c.values, order, amb, err)
		}
	}
}

func TestValuesAsSpreadsheetsWriteThem(t *testing.T) {
	opened := field(t, "incident", "opened_at")
	due := field(t, "action", "due")
	for _, c := range []struct {
		f           *schema.Field
		text, order string
		want        string
	}{
		{due, "2026-11-21", DMY, "2026-11-21"},
		{due, "21/11/2026", DMY, "2026-11-21"},
		{due, "11/21/2026", MDY, "2026-11-21"},
		{due, "03.04.26", DMY, "2026-04-03"},
		{due, "46347", DMY, "2026-11-21"}, // an Excel serial date
		{opened, "46347.5", DMY, "2026-11-21T12:00:00Z"},
		{opened, "2026-11-21T10:15:00+01:00", DMY, "2026-11-21T09:15:00Z"},
		{opened, "2026-11-21 10:15", DMY, "2026-11-21T10:15:00Z"},
		{opened, "21/11/2026 10:15", DMY, "2026-11-21T10:15:00Z"},
		{opened, "2026-11-21", DMY, "2026-11-21T00:00:00Z"},
		{field(t, "incident", "priority"), "P1", "", "1"},
		{field(t, "incident", "priority"), "1 - Critical", "", "1"},
		{field(t, "incident", "priority"), "critical", "", "1"},
		{field(t, "incident", "impact"), "High", "", "1"},
		{field(t, "incident", "impact"), "2", "", "2"},
		{field(t, "change", "change_type"), "EMERGENCY", "", "emergency"},
		{field(t, "incident", "major"), "Yes", "", "true"},
		{field(t, "incident", "major"), "n", "", "false"},
		{field(t, "objective", "target"), "1.234,5", "", "1234.5"},
		{field(t, "objective", "target"), "1,234.5", "", "1234.5"},
		{field(t, "objective", "target"), "12,5", "", "12.5"},
		{field(t, "objective", "target"), "99.9 %", "", "99.9"},
		{field(t, "objective", "target"), "1,234", "", "1234"},
		{field(t, "contract", "value"), "€ 1.234,56", "", "1234.56 EUR"},
		{field(t, "contract", "value"), "$1,200", "", "1200 USD"},
		{field(t, "contract", "value"), "99 chf", "", "99 CHF"},
		{field(t, "change", "outage"), "1:30", "", "90"},
		{field(t, "change", "outage"), "2h 30m", "", "2h 30m"}, // the store reads durations
		{field(t, "incident", "title"), "  Mail down ", "", "Mail down"},
	} {
		v, err := Value(c.f, c.text, c.order)
		if err != nil || fmt.Sprint(v) != c.want {
			t.Errorf("%s %q: %v %v, want %s", c.f.Name, c.text, v, err, c.want)
			continue
		}
		// What Value gives, the store's own normalisation accepts.
		if _, err := c.f.Normalize(v); err != nil {
			t.Errorf("%s %q: the store refuses %v: %v", c.f.Name, c.text, v, err)
		}
	}
	if v, err := Value(due, "   ", DMY); v != nil || err != nil {
		t.Errorf("an empty cell: %v %v", v, err)
	}
	for _, c := range []struct {
		f    *schema.Field
		text string
		want string
	}{
		{due, "31/02/2026", `"31/02/2026" is not a date`},
		{due, "next week", `"next week" is not a date`},
		{field(t, "incident", "major"), "perhaps", `"perhaps" is not yes or no`},
		{field(t, "objective", "target"), "lots", `"lots" is not a number`},
		{field(t, "contract", "value"), "EUR lots", "is not an amount of money"},
	} {
		if _, err := Value(c.f, c.text, DMY); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: %v, want %q", c.f.Name, c.text, err, c.want)
		}
	}
}

func TestEnumWordsOfOtherTools(t *testing.T) {
	inc := kind(t, "incident")
	impact, _ := inc.Field("impact")
	priority, _ := inc.Field("priority")
	for _, c := range []struct {
		f          *schema.Field
		text, want string
	}{
		{impact, "High", "1"}, {impact, "critical", "1"}, {impact, "Moderate", "2"}, {impact, "minor", "3"},
		{priority, "Critical", "1"}, {priority, "urgent", "1"}, {priority, "Moderate", "3"}, {priority, "P2", "2"},
		{priority, "3 - Moderate", "3"}, {priority, "Very low", "5"},
	} {
		if got := enumValue(c.f, nil, c.text); got != c.want {
			t.Errorf("%s %q: %v, want %s", c.f.Name, c.text, got, c.want)
		}
	}
}

// Other tools' state names are read as the states they stand for, when the kind has them.
func TestStateOf(t *testing.T) {
	incident, _ := schema.Default.Kind("incident")
	service, _ := schema.Default.Kind("service")
	for _, c := range []struct {
		kind *schema.Kind
		text string
		want string
	}{
		{incident, "On Hold", "pending"},
		{incident, "Awaiting user info", "pending"},
		{incident, "Waiting for customer", "pending"},
		{incident, "Work in Progress", "in_progress"},
		{incident, "in progress", "in_progress"},
		{incident, "Solved", "resolved"},
		{incident, "Canceled", "cancelled"},
		{incident, "Pending (waiting on customer)", "pending"}, // the label
		{incident, "Erledigt", "resolved"},
		{service, "In Betrieb", "live"},
		{service, "Decommissioned", "retired"},
		{incident, "Teleported", ""},
		{service, "On Hold", ""}, // a service has no such state
	} {
		got, ok := StateOf(c.kind, c.text)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s %q: %q %v, want %q", c.kind.Name, c.text, got, ok, c.want)
		}
	}
}

// The values read list the columns worth mapping: states, lists, references, and free text that
// repeats a few values (a category); never a column of titles.
func TestValuesReadListsTheColumnsWorthMapping(t *testing.T) {
	incident, _ := schema.Default.Kind("incident")
	path := write(t, "t.csv", []byte("Summary,Category,State\nMail down,Email,On Hold\nVPN slow,Network,Solved\nPrinter jam,Email,On Hold\n"))
	p, err := NewPlan(path, incident, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range p.Mapped {
		got = append(got, fmt.Sprintf("%s:%s=%s(%d)", m.Column, m.From, m.To, m.Rows))
	}
	want := "Category:Email=Email(2) Category:Network=Network(1) State:On Hold=pending(2) State:Solved=resolved(1)"
	if strings.Join(got, " ") != want {
		t.Errorf("values read:\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}
