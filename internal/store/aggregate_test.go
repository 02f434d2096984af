package store

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/schema"
)

// aggregateFixture: two services, incidents in every state of the workflow over three months,
// some major, some without a service, and costs.
func aggregateFixture(t *testing.T) (*Store, []*Record) {
	t.Helper()
	s := openTemp(t)
	mail := mustCreate(t, s, "service", map[string]any{"title": "Mail"})
	web := mustCreate(t, s, "service", map[string]any{"title": "Web"})
	moves := [][]string{nil, {"assigned"}, {"in_progress"}, {"in_progress", "pending"}, {"resolved"}, {"resolved", "closed"}, {"cancelled"}}
	for i := range 21 {
		in := map[string]any{"title": fmt.Sprintf("Incident %d", i), "impact": 1 + i%3, "urgency": 1 + i%2,
			"opened_at": time.Date(2026, time.Month(9+i%3), 1+i, 8, 0, 0, 0, time.UTC).Format(time.RFC3339),
			"major":     i%4 == 0, "resolution": "done"}
		switch i % 5 {
		case 0, 1:
			in["service"] = mail.ID
		case 2, 3:
			in["service"] = web.ID
		}
		r := mustCreate(t, s, "incident", in)
		for _, to := range moves[i%len(moves)] {
			if _, err := s.Move(bg, "incident", r.Ref, to, Change{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, amount := range []string{"10.50 EUR", "3 EUR", "7.25 USD"} {
		mustCreate(t, s, "cost", map[string]any{"title": "cost", "service": mail.ID, "amount": amount, "incurred_on": fmt.Sprintf("2026-10-%02d", i+1)})
	}
	page, err := s.List(bg, "incident", Query{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return s, page.Records
}

// Counts and groups are checked against the same figures counted a second way: the records
// listed and counted here.
func TestAggregateCountsWhatAListCounts(t *testing.T) {
	s, incidents := aggregateFixture(t)
	groups, err := s.Aggregate(bg, "incident", Aggregate{By: []string{"service", "priority", "month(opened_at)"},
		Tally: []Filter{{Field: "major", Op: "=", Value: true}, {Field: "status", Op: "=", Value: "resolved"}},
		List:  []string{"resolve_elapsed_minutes"}})
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, major, resolved int }
	want := map[string]tally{}
	for _, r := range incidents {
		service, _ := r.Values["service"].(string)
		k := fmt.Sprintf("%s %d %s", service, r.Values["priority"], r.Values["opened_at"].(string)[:7])
		w := want[k]
		w.n++
		if r.Values["major"] == true {
			w.major++
		}
		if r.Status == "resolved" {
			w.resolved++
		}
		want[k] = w
	}
	got := map[string]tally{}
	total := 0
	for _, g := range groups {
		if _, ok := g.Keys[1].(int64); !ok {
			t.Fatalf("priority key %#v is not canonical", g.Keys[1])
		}
		got[fmt.Sprintf("%s %d %s", g.Text(0), g.Int(1), g.Text(2))] = tally{g.Count, g.Tally[0], g.Tally[1]}
		if len(g.List) != 1 || len(g.List[0]) != g.Count {
			t.Errorf("group %v lists %v for %d records", g.Keys, g.List, g.Count)
		}
		total += g.Count
	}
	if !reflect.DeepEqual(got, want) || total != len(incidents) {
		t.Errorf("groups %v\nwant   %v", got, want)
	}
	inOrder := slices.IsSortedFunc(groups, func(a, b Group) int {
		return cmp.Or(cmp.Compare(a.Text(0), b.Text(0)), cmp.Compare(a.Int(1), b.Int(1)), cmp.Compare(a.Text(2), b.Text(2)))
	})
	if !inOrder || groups[0].Keys[0] != nil {
		t.Errorf("groups not in key order, unset first: %v", groups)
	}

	// CountWhere and a filtered aggregate count what the same filters list.
	for _, where := range [][]Filter{
		nil,
		{{Field: "major", Op: "=", Value: true}},
		{{Field: "service", Op: "=", Value: ""}},
		{{Field: "opened_at", Op: ">=", Value: "2026-10-01"}, {Field: "opened_at", Op: "<=", Value: "2026-10-31"}},
	} {
		n, err := s.CountWhere(bg, "incident", where...)
		if err != nil {
			t.Fatal(err)
		}
		page, err := s.List(bg, "incident", Query{Where: where, Limit: -1})
		if err != nil {
			t.Fatal(err)
		}
		if n != page.Total || n != len(page.Records) {
			t.Errorf("%v: counted %d, listed %d", where, n, page.Total)
		}
	}
	if n, _ := s.CountWhere(bg, "incident", Filter{Field: "title", Op: "=", Value: "nothing"}); n != 0 {
		t.Errorf("no match counted %d", n)
	}
	if g, err := s.Aggregate(bg, "cirel", Aggregate{}); err != nil || len(g) != 1 || g[0].Count != 0 {
		t.Errorf("an empty register: %v %v", g, err)
	}
}

// Open means a state of the declared workflow that is neither final nor done: a closed or
// cancelled incident (final) and a resolved one (done) are not open.
func TestOpenFollowsTheDeclaredWorkflow(t *testing.T) {
	s, incidents := aggregateFixture(t)
	k, _ := s.reg.Kind("incident")
	open := 0
	for _, r := range incidents {
		if slices.Contains(k.OpenStates(), r.Status) {
			open++
		}
	}
	n, err := s.CountWhere(bg, "incident", OpenOnly())
	if err != nil {
		t.Fatal(err)
	}
	if n != open || open == 0 || open == len(incidents) {
		t.Fatalf("open: counted %d, want %d of %d", n, open, len(incidents))
	}
	groups, err := s.Aggregate(bg, "incident", Aggregate{By: []string{"status"}, Where: []Filter{OpenOnly()}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if st := g.Text(0); k.IsFinal(st) || st == "resolved" || !slices.Contains(k.OpenStates(), st) {
			t.Errorf("state %s counted as open", st)
		}
	}
	for _, st := range []string{"closed", "cancelled", "resolved"} {
		if n, _ := s.CountWhere(bg, "incident", OpenOnly(), Filter{Field: "status", Op: "=", Value: st}); n != 0 {
			t.Errorf("%d %s incidents counted as open", n, st)
		}
	}
	// As a tally too.
	all, err := s.Aggregate(bg, "incident", Aggregate{Tally: []Filter{OpenOnly()}})
	if err != nil || all[0].Count != len(incidents) || all[0].Tally[0] != open {
		t.Errorf("open as a tally: %+v %v", all, err)
	}
}

func TestInSelectsAnyOfItsValues(t *testing.T) {
	s, incidents := aggregateFixture(t)
	var ids []string
	byStatus := map[string]int{}
	mail := 0
	for i, r := range incidents {
		if i%3 == 0 {
			ids = append(ids, r.ID)
		}
		byStatus[r.Status]++
		if l, ok := r.Field("service").(Link); ok && l.Title == "Mail" {
			mail++
		}
	}
	count := func(f Filter) int {
		t.Helper()
		n, err := s.CountWhere(bg, "incident", f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(In("id", ids...)); n != len(ids) {
		t.Errorf("in ids: %d, want %d", n, len(ids))
	}
	if n := count(In("status", "new", "closed")); n != byStatus["new"]+byStatus["closed"] {
		t.Errorf("in states: %d", n)
	}
	mailID := incidents[0].Values["service"].(string)
	if n := count(In("service", mailID)); n != mail {
		t.Errorf("in services: %d, want %d", n, mail)
	}
	if n := count(Filter{Field: "priority", Op: OpIn, Value: []any{int64(1), "2"}}); n == 0 {
		t.Error("in integers: none")
	}
	if n := count(In("status")); n != 0 {
		t.Errorf("in nothing: %d", n)
	}
	var cis []string
	for i := range 3 {
		cis = append(cis, mustCreate(t, s, "ci", map[string]any{"title": fmt.Sprintf("host %d", i), "ci_type": "server"}).ID)
	}
	mustCreate(t, s, "service", map[string]any{"title": "Hosting", "cis": []any{cis[0], cis[1]}})
	if n, err := s.CountWhere(bg, "service", In("cis", cis[1], cis[2])); err != nil || n != 1 {
		t.Errorf("references holding any of: %d %v", n, err)
	}
}

// Columns gives the values a record gives, canonical.
func TestColumnsReadCanonicalValues(t *testing.T) {
	s, incidents := aggregateFixture(t)
	cols := []string{"id", "ref", "status", "service", "priority", "major", "opened_at", "created_at"}
	got := map[string][]any{}
	err := s.Columns(bg, "incident", cols, []Filter{{Field: "major", Op: "=", Value: true}}, func(vals []any) error {
		got[vals[0].(string)] = slices.Clone(vals)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range incidents {
		if r.Values["major"] != true {
			continue
		}
		n++
		want := []any{r.ID, r.Ref, r.Status, r.Values["service"], r.Values["priority"], true, r.Values["opened_at"], r.CreatedAt}
		if !reflect.DeepEqual(got[r.ID], want) {
			t.Errorf("%s: %#v, want %#v", r.Ref, got[r.ID], want)
		}
	}
	if n == 0 || len(got) != n {
		t.Errorf("read %d major incidents, want %d", len(got), n)
	}
	costs, err := s.List(bg, "cost", Query{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	amounts := map[string]any{}
	s.Columns(bg, "cost", []string{"ref", "amount"}, nil, func(vals []any) error {
		amounts[vals[0].(string)] = vals[1]
		return nil
	})
	for _, r := range costs.Records {
		if !reflect.DeepEqual(amounts[r.Ref], r.Values["amount"]) {
			t.Errorf("%s: amount %#v, want %#v", r.Ref, amounts[r.Ref], r.Values["amount"])
		}
	}
	stop := fmt.Errorf("stop")
	calls := 0
	if err := s.Columns(bg, "incident", []string{"ref"}, nil, func([]any) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("an error from fn stops the read: %v after %d", err, calls)
	}
}

// Every name is checked against the declaration before any SQL is built; what is refused is
// refused in one line naming the kind and the name.
func TestAggregateRefusesUndeclaredNames(t *testing.T) {
	s := openTemp(t)
	const sneaky = `title" FROM records; --`
	cases := map[string]func() error{
		"unknown kind": func() error { _, err := s.CountWhere(bg, "nosuchkind"); return err },
		"unknown field in a filter": func() error {
			_, err := s.CountWhere(bg, "incident", Filter{Field: "nosuch", Op: "=", Value: "x"})
			return err
		},
		"quote in a filter": func() error {
			_, err := s.CountWhere(bg, "incident", Filter{Field: sneaky, Op: "=", Value: "x"})
			return err
		},
		"quote in a group": func() error { _, err := s.Aggregate(bg, "incident", Aggregate{By: []string{sneaky}}); return err },
		"quote in a month": func() error {
			_, err := s.Aggregate(bg, "incident", Aggregate{By: []string{"month(" + sneaky + ")"}})
			return err
		},
		"quote in a tally": func() error {
			_, err := s.Aggregate(bg, "incident", Aggregate{Tally: []Filter{{Field: sneaky, Op: "=", Value: "x"}}})
			return err
		},
		"quote in a list": func() error { _, err := s.Aggregate(bg, "incident", Aggregate{List: []string{sneaky}}); return err },
		"quote in columns": func() error {
			return s.Columns(bg, "incident", []string{"ref", sneaky}, nil, func([]any) error { return nil })
		},
		"quote in an in": func() error { _, err := s.CountWhere(bg, "incident", In(sneaky, "x")); return err },
		"unknown field in a group": func() error {
			_, err := s.Aggregate(bg, "incident", Aggregate{By: []string{"nosuch"}})
			return err
		},
		"month of a text": func() error {
			_, err := s.Aggregate(bg, "incident", Aggregate{By: []string{"month(title)"}})
			return err
		},
		"group by references":     func() error { _, err := s.Aggregate(bg, "service", Aggregate{By: []string{"cis"}}); return err },
		"list of a text":          func() error { _, err := s.Aggregate(bg, "incident", Aggregate{List: []string{"title"}}); return err },
		"status without workflow": func() error { _, err := s.Aggregate(bg, "setting", Aggregate{By: []string{"status"}}); return err },
		"open without workflow":   func() error { _, err := s.CountWhere(bg, "setting", OpenOnly()); return err },
		"open of another field":   func() error { _, err := s.CountWhere(bg, "incident", Filter{Field: "title", Op: OpOpen}); return err },
		"open with a value": func() error {
			_, err := s.CountWhere(bg, "incident", Filter{Field: "status", Op: OpOpen, Value: "new"})
			return err
		},
		"in without a list": func() error {
			_, err := s.CountWhere(bg, "incident", Filter{Field: "status", Op: OpIn, Value: "new"})
			return err
		},
		"in of an undeclared state": func() error { _, err := s.CountWhere(bg, "incident", In("status", "new", "limbo")); return err },
		"in of a ref, not an id":    func() error { _, err := s.CountWhere(bg, "incident", In("service", "SVC-00001")); return err },
		"unknown operator": func() error {
			_, err := s.CountWhere(bg, "incident", Filter{Field: "title", Op: "LIKE", Value: "x"})
			return err
		},
		"no columns": func() error { return s.Columns(bg, "incident", nil, nil, func([]any) error { return nil }) },
		"unknown column": func() error {
			return s.Columns(bg, "incident", []string{"n"}, nil, func([]any) error { return nil })
		},
	}
	for name, run := range cases {
		err := run()
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") || strings.Contains(strings.ToLower(msg), "sql") {
			t.Errorf("%s: %q is not a one-line message for a person", name, msg)
		}
		if strings.Contains(name, "quote") && !strings.Contains(msg, "no such field") {
			t.Errorf("%s: %q", name, msg)
		}
	}
}

// A money value in the store's own shape is read without a JSON decoder; anything else goes
// through one, to the same canonical value a record gives.
func TestColumnsReadMoneyAsARecordDoes(t *testing.T) {
	f := &schema.Field{Name: "amount", Type: schema.Money}
	for stored, want := range map[string]schema.MoneyValue{
		`{"amount":"1234.50","currency":"EUR"}`: {Amount: "1234.50", Currency: "EUR"},
		`{"amount":"-0.0001","currency":"USD"}`: {Amount: "-0.0001", Currency: "USD"},
		`{"currency":"CHF", "amount":"2.25"}`:   {Amount: "2.25", Currency: "CHF"},
		`{"amount":"1","currency":"E\"U"}`:      {Amount: "1", Currency: `E"U`},
		`{"amount":"1\u0030","currency":"EUR"}`: {Amount: "10", Currency: "EUR"},
		`1234.50 EUR`:                           {},
	} {
		if got := canonical(f, stored); got != want || got != fromColumn(f, stored) {
			t.Errorf("%s: %#v, want %#v", stored, got, want)
		}
	}
}
