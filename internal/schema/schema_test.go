package schema

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"smsworkbench/internal/compliance/catalogue"
)

// The registers ISO/IEC 20000-1 asks for, as the registers issue names them.
var wantKinds = []string{"policy", "service", "sla", "customer", "complaint", "satisfaction", "supplier", "contract",
	"supplierreview", "incident", "request", "problem", "knownerror", "change", "release", "ci", "cirel", "baseline",
	"budget", "cost", "capacityplan", "availabilityplan", "continuityplan", "continuitytest", "risk", "securitycontrol",
	"objective", "audit", "finding", "nonconformity", "action", "review", "improvement"}

func TestDefaultRegistryDeclaresEveryRegister(t *testing.T) {
	for _, name := range wantKinds {
		k, ok := Default.Kind(name)
		if !ok {
			t.Errorf("kind %s missing", name)
			continue
		}
		if len(k.Clauses) == 0 || k.Group == "" || !slices.Contains(Groups, k.Group) {
			t.Errorf("kind %s lacks clauses or a navigation group (%q)", name, k.Group)
		}
	}
	covered := map[string]bool{}
	for _, k := range Default.Kinds() {
		for _, c := range k.Clauses {
			if _, ok := catalogue.Lookup(c); !ok {
				t.Errorf("%s: clause %q is not in the catalogue", k.Name, c)
			}
			covered[c] = true
		}
		if w := k.Workflow; w != nil {
			checkWorkflow(t, k)
		}
	}
	// Every clause of 8, 9 and 10 has a register that gives evidence for it.
	for _, c := range catalogue.Clauses() {
		if (strings.HasPrefix(c.ID, "8.") || strings.HasPrefix(c.ID, "9.") || strings.HasPrefix(c.ID, "10.")) && !covered[c.ID] {
			t.Errorf("clause %s has no register", c.ID)
		}
	}
	inc, _ := Default.Kind("incident")
	f, _ := inc.Field("service")
	if f.Type != Ref || f.Ref != "service" || f.Required { // a ticket's service may come later (first contact)
		t.Fatalf("incident.service: %+v", f)
	}
	if !inc.Workflow.Allowed("new", "assigned") || inc.Workflow.Allowed("new", "closed") {
		t.Fatal("incident workflow")
	}
	if set, _ := Default.Kind("setting"); !set.Hidden() {
		t.Error("settings show in the navigation")
	}
}

// checkWorkflow asserts that every state can be reached from the initial one and that every
// state that is not final leads on.
func checkWorkflow(t *testing.T, k *Kind) {
	w := k.Workflow
	reached := map[string]bool{w.Initial: true}
	for changed := true; changed; {
		changed = false
		for _, tr := range w.Transitions {
			if reached[tr.From] && !reached[tr.To] {
				reached[tr.To], changed = true, true
			}
		}
	}
	for _, st := range w.States {
		if !reached[st.Name] {
			t.Errorf("%s: state %s cannot be reached from %s", k.Name, st.Name, w.Initial)
		}
		if !st.Final && len(w.Next(st.Name)) == 0 {
			t.Errorf("%s: state %s is a dead end but not final", k.Name, st.Name)
		}
	}
	if len(k.FinalStates()) == 0 {
		t.Errorf("%s: no final state", k.Name)
	}
}

func TestRegistryRejectsBadDeclarations(t *testing.T) {
	title := Field{Name: "title", Label: "Title", Type: Text}
	cases := map[string][]*Kind{
		"no title":       {{Name: "a", Label: "A", Plural: "As", Prefix: "A"}},
		"dup prefix":     {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title}}, {Name: "b", Label: "B", Plural: "Bs", Prefix: "A", Fields: []Field{title}}},
		"unknown ref":    {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title, {Name: "x", Type: Ref, Ref: "nope"}}}},
		"empty enum":     {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title, {Name: "x", Type: Enum}}}},
		"bad name":       {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title, {Name: "X-y", Type: Text}}}},
		"reserved":       {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title, {Name: "status", Type: Text}}}},
		"bad default":    {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title, {Name: "d", Type: Date, Default: "soon"}}}},
		"bad transition": {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title}, Workflow: &Workflow{Initial: "x", States: []State{{Name: "x"}}, Transitions: []Transition{{"x", "y"}}}}},
		"watch of unknown field": {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title},
			Watches: []Watch{{Kind: "a", Their: "nope", Field: "title"}}}},
		"watch in unknown state": {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title},
			Watches: []Watch{{Kind: "a", Their: "title", Field: "title", States: []string{"open"}}}}},
		"final and done": {{Name: "a", Label: "A", Plural: "As", Prefix: "A", Fields: []Field{title},
			Workflow: &Workflow{Initial: "x", States: []State{{Name: "x"}, {Name: "y", Final: true, Done: true}}, Transitions: []Transition{{"x", "y"}}}}},
	}
	for name, kinds := range cases {
		if _, err := NewRegistry(kinds...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Open work is what is neither final nor done: a resolved ticket or problem, an action done
// awaiting its check, is no longer open, though not final.
func TestOpenStates(t *testing.T) {
	for kind, want := range map[string][]string{
		"incident": {"new", "assigned", "in_progress", "pending"},
		"request":  {"new", "assigned", "in_progress", "pending"},
		"problem":  {"new", "investigating", "known_error"},
		"action":   {"open", "in_progress"},
		"policy":   {"draft", "approved"},
		"service":  {"pipeline", "live"},
	} {
		k, _ := Default.Kind(kind)
		if got := k.OpenStates(); !slices.Equal(got, want) {
			t.Errorf("%s: open states %v, want %v", kind, got, want)
		}
	}
	if got := Setting.OpenStates(); got != nil {
		t.Errorf("a kind without a workflow has open states %v", got)
	}
}

func TestNormalize(t *testing.T) {
	impact := &Field{Name: "impact", Type: Integer, Enum: items("1", "High", "2", "Medium", "3", "Low")}
	crit := &Field{Name: "c", Type: Enum, Enum: items("high", "High", "low", "Low")}
	cases := []struct {
		f    *Field
		in   any
		want any
		err  string
	}{
		{&Field{Type: Text}, "  hello  ", "hello", ""},
		{&Field{Type: Text}, "two\nlines", nil, "one line"},
		{&Field{Type: Text}, json.Number("3"), nil, "must be text"},
		{&Field{Type: Text}, "   ", nil, ""},
		{&Field{Type: LongText}, "a\nb", "a\nb", ""},
		{&Field{Type: Integer}, json.Number("42"), int64(42), ""},
		{&Field{Type: Integer}, 42.0, int64(42), ""},
		{&Field{Type: Integer}, json.Number("4.5"), nil, "whole number"},
		{&Field{Type: Integer}, "42", nil, "whole number"},
		{impact, "high", int64(1), ""},
		{impact, json.Number("3"), int64(3), ""},
		{impact, json.Number("4"), nil, "must be one of 1 (High), 2 (Medium), 3 (Low)"},
		{&Field{Type: Number}, json.Number("99.95"), 99.95, ""},
		{&Field{Type: Number}, "99", nil, "must be a number"},
		{&Field{Type: Bool}, true, true, ""},
		{&Field{Type: Bool}, "true", nil, "true or false"},
		{&Field{Type: Date}, "2026-02-28", "2026-02-28", ""},
		{&Field{Type: Date}, "2026-02-30", nil, "YYYY-MM-DD"},
		{&Field{Type: DateTime}, "2026-03-01T10:30:00+01:00", "2026-03-01T09:30:00Z", ""},
		{&Field{Type: DateTime}, "2026-03-01 10:30", nil, "date and time"},
		{crit, "HIGH", "high", ""},
		{crit, "Low", "low", ""},
		{crit, "medium", nil, "must be one of high, low"},
		{&Field{Type: Ref}, "SVC-00001", "SVC-00001", ""},
		{&Field{Type: Ref}, map[string]any{"id": "abc", "ref": "SVC-1"}, "abc", ""},
		{&Field{Type: Ref}, json.Number("1"), nil, "must name a record"},
		{&Field{Type: Refs}, []any{"A", "B", "A"}, []string{"A", "B"}, ""},
		{&Field{Type: Refs}, []any{}, nil, ""},
		{&Field{Type: Refs}, "A", nil, "list of records"},
		{&Field{Type: Duration}, "1h30m", int64(90), ""},
		{&Field{Type: Duration}, "2d 4h", int64(3120), ""},
		{&Field{Type: Duration}, "PT4H", int64(240), ""},
		{&Field{Type: Duration}, "P1DT30M", int64(1470), ""},
		{&Field{Type: Duration}, json.Number("45"), int64(45), ""},
		{&Field{Type: Duration}, "soon", nil, "duration"},
		{&Field{Type: Duration}, json.Number("-5"), nil, "negative"},
		{&Field{Type: Money}, "1,200.5 EUR", MoneyValue{"1200.50", "EUR"}, ""},
		{&Field{Type: Money}, "€ 99", MoneyValue{"99.00", "EUR"}, ""},
		{&Field{Type: Money}, "usd 10.125", MoneyValue{"10.125", "USD"}, ""},
		{&Field{Type: Money}, map[string]any{"amount": json.Number("12"), "currency": "gbp"}, MoneyValue{"12.00", "GBP"}, ""},
		{&Field{Type: Money}, "1200", nil, "currency"},
		{&Field{Type: Money}, "twelve EUR", nil, "amount"},
	}
	for _, c := range cases {
		got, err := c.f.Normalize(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %#v: error %v, want %q", c.f.Type, c.in, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %#v = %#v, %v; want %#v", c.f.Type, c.in, got, err, c.want)
		}
	}
}
