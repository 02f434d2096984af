package compliance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

var bg = context.Background()

// fixedNow is the rules' today in every test: 20 May 2025, so that the last complete month is
// April, the last complete quarter Q1 and the last complete year 2024.
var fixedNow = time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)

// back is the time months before fixedNow; day formats a time as a date, stamp as a date-time.
func back(months int) time.Time { return fixedNow.AddDate(0, -months, 0) }
func day(t time.Time) string    { return t.Format("2006-01-02") }
func stamp(t time.Time) string  { return t.UTC().Format(time.RFC3339) }

// empty is a workspace made by store.Open(..., Create: true) once for the whole test binary:
// making the schema costs half a second, so each test opens a copy of it.
var empty string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "compliance-test")
	if err != nil {
		panic(err)
	}
	empty = filepath.Join(dir, "empty.smswb")
	s, err := store.Open(empty, store.Options{Create: true, Author: "tester"})
	if err != nil {
		panic(err)
	}
	s.Close()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// openWorkspace opens a real, empty workspace of the test's own, its clock fixed at fixedNow.
func openWorkspace(t *testing.T) *store.Store {
	t.Helper()
	data, err := os.ReadFile(empty)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "w.smswb")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return fixedNow })
	return s
}

// fx makes records in a test workspace.
type fx struct {
	t    *testing.T
	s    *store.Store
	at   time.Time // when the records are made (their created_at and dates defaulting to now)
	ones map[string]string
	n    int
}

func newFx(t *testing.T) *fx {
	return &fx{t: t, s: openWorkspace(t), at: fixedNow.Add(-time.Hour), ones: map[string]string{}}
}

// add creates a record of a kind with its required fields (those given override them; a nil
// value leaves a field out), then moves it through the states given.
func (f *fx) add(kind string, fields map[string]any, moves ...string) *store.Record {
	return f.addAt(f.at, kind, fields, moves...)
}

// addAt is add with the records made at a given time.
func (f *fx) addAt(at time.Time, kind string, fields map[string]any, moves ...string) *store.Record {
	f.t.Helper()
	f.n++
	in := map[string]any{}
	if kind != "cirel" && kind != "clauseresult" {
		in["title"] = fmt.Sprintf("%s %d", kind, f.n)
	}
	for k, v := range f.required(kind) {
		if _, given := fields[k]; given {
			continue
		}
		if l, ok := v.(shared); ok {
			v = f.one(string(l))
		}
		in[k] = v
	}
	for k, v := range fields {
		if v == nil {
			delete(in, k)
		} else {
			in[k] = v
		}
	}
	r, err := f.s.Create(bg, kind, in, store.Change{At: at})
	if err != nil {
		f.t.Fatalf("create %s %v: %v", kind, in, err)
	}
	for _, to := range moves {
		r = f.moveAt(at, kind, r, to)
	}
	return r
}

func (f *fx) set(kind string, r *store.Record, fields map[string]any) *store.Record {
	f.t.Helper()
	out, err := f.s.Update(bg, kind, r.ID, fields, store.Change{At: f.at})
	if err != nil {
		f.t.Fatalf("update %s %v: %v", r.Ref, fields, err)
	}
	return out
}

func (f *fx) move(kind string, r *store.Record, to string) *store.Record {
	f.t.Helper()
	return f.moveAt(f.at, kind, r, to)
}

func (f *fx) moveAt(at time.Time, kind string, r *store.Record, to string) *store.Record {
	f.t.Helper()
	out, err := f.s.Move(bg, kind, r.ID, to, store.Change{At: at})
	if err != nil {
		f.t.Fatalf("move %s to %s: %v", r.Ref, to, err)
	}
	return out
}

// one is the id of a record of a kind shared by the records that need one (made once).
func (f *fx) one(kind string) string {
	if id, ok := f.ones[kind]; ok {
		return id
	}
	f.ones[kind] = f.add(kind, map[string]any{"title": "shared " + kind}).ID
	return f.ones[kind]
}

// shared, as a required value, is a reference to the record of a kind that one makes.
type shared string

// required are the fields a kind cannot be created without.
func (f *fx) required(kind string) map[string]any {
	switch kind {
	case "party":
		return map[string]any{"party_type": "customer"}
	case "policy":
		return map[string]any{"policy_type": "other"}
	case "objective":
		return map[string]any{"measure": "availability", "direction": "higher", "target": 99}
	case "risk":
		return map[string]any{"category": "service", "likelihood": 2, "impact": 3}
	case "ci":
		return map[string]any{"ci_type": "server"}
	case "baseline":
		return map[string]any{"snapshot": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
	case "complaint":
		return map[string]any{"customer": shared("customer")}
	case "satisfaction":
		return map[string]any{"surveyed_on": day(f.at), "score": 4}
	case "sla":
		return map[string]any{"service": shared("service"), "targets": []any{map[string]any{"priority": 1, "resolve": "4h"}}}
	case "contract":
		return map[string]any{"supplier": shared("supplier"), "start": "2024-01-01"}
	case "supplierreview":
		return map[string]any{"supplier": shared("supplier"), "period_start": day(back(3)), "period_end": day(back(1))}
	case "budget":
		return map[string]any{"period": "2025", "amount": "1000 EUR"}
	case "cost":
		return map[string]any{"amount": "10 EUR"}
	case "change":
		return map[string]any{"change_type": "normal"}
	case "incident", "request":
		return map[string]any{"service": shared("service")}
	case "knownerror":
		return map[string]any{"problem": shared("problem"), "workaround": "restart it"}
	case "availabilityplan":
		return map[string]any{"service": shared("service"), "target": 99.5}
	case "continuitytest":
		return map[string]any{"plan": shared("continuityplan")}
	case "assessment":
		return map[string]any{"assessment_type": "gap"}
	case "review":
		return map[string]any{"held_on": day(f.at)}
	case "servicereport":
		return map[string]any{"sla": shared("sla"), "period_start": day(back(2)), "period_end": day(back(1))}
	case "action":
		return map[string]any{"owner": "Ana", "action_type": "improvement"}
	}
	return nil
}

// digest fingerprints the workspace (its records and the number of ops and blobs), to show
// that a refused write left it as it was.
func digest(t *testing.T, s *store.Store) string {
	t.Helper()
	d, err := s.Digest(bg)
	if err != nil {
		t.Fatal(err)
	}
	var ops, blobs int
	if err := testkit.RawSQL(t, s.Path()).QueryRow("SELECT (SELECT count(*) FROM ops), (SELECT count(*) FROM blobs)").Scan(&ops, &blobs); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s ops=%d blobs=%d", d, ops, blobs)
}
