package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultRegistryDeclaresTheFoundationKinds(t *testing.T) {
	for _, name := range []string{"service", "ci", "incident", "change", "policy"} {
		k, ok := Default.Kind(name)
		if !ok {
			t.Fatalf("kind %s missing", name)
		}
		if k.Workflow == nil || len(k.Clauses) == 0 || k.Group == "" {
			t.Errorf("kind %s lacks workflow, clauses or group", name)
		}
		for _, tr := range k.Workflow.Transitions {
			for _, st := range k.Workflow.States {
				if st.Name == tr.From && st.Final {
					t.Errorf("%s: final state %s has a way out to %s", name, tr.From, tr.To)
				}
			}
		}
	}
	inc, _ := Default.Kind("incident")
	f, _ := inc.Field("service")
	if f.Type != Ref || f.Ref != "service" || !f.Required {
		t.Fatalf("incident.service: %+v", f)
	}
	if !inc.Workflow.Allowed("new", "assigned") || inc.Workflow.Allowed("new", "closed") {
		t.Fatal("incident workflow")
	}
	// Every declared clause is in the clause catalogue's numbering (4..10).
	for _, k := range Default.Kinds() {
		for _, c := range k.Clauses {
			if c == "" || c[0] < '4' || c[0] > '9' && !strings.HasPrefix(c, "10") {
				t.Errorf("%s: clause %q", k.Name, c)
			}
		}
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
	}
	for name, kinds := range cases {
		if _, err := NewRegistry(kinds...); err == nil {
			t.Errorf("%s: accepted", name)
		}
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
