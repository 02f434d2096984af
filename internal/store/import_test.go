package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func importOne(t *testing.T, s *Store, kind, key string, in map[string]any, note string) (*Record, bool, error) {
	t.Helper()
	var r *Record
	var created bool
	err := s.Write(bg, func(tx *Tx) (err error) {
		r, created, err = tx.ImportRecord(kind, key, in, Change{Note: note})
		return err
	})
	return r, created, err
}

// A historic ticket arrives as the source says it was: closed, with its old tool's priority
// and its dates, and its SLA result computed from those dates.
func TestImportKeepsAHistoricTicketAsGiven(t *testing.T) {
	s := slaWorkspace(t, time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	in := map[string]any{"title": "ERP down", "service": "SVC-00001", "impact": 3, "urgency": 3,
		"priority": 1, "status": "Closed", "opened_at": "2026-11-16T08:00:00Z", "responded_at": "2026-11-16T08:20:00Z",
		"resolved_at": "2026-11-16T11:00:00Z", "closed_at": "2026-11-17T09:00:00Z"}
	r, created, err := importOne(t, s, "incident", "", in, "imported from tickets.csv row 2")
	if err != nil || !created {
		t.Fatalf("import: %v (created %v)", err, created)
	}
	got, _ := s.Get(bg, "incident", r.Ref)
	want := map[string]any{"priority": int64(1), "responded_at": "2026-11-16T08:20:00Z", "resolved_at": "2026-11-16T11:00:00Z",
		"closed_at": "2026-11-17T09:00:00Z", "sla_state": "met"}
	for f, v := range want {
		if got.Values[f] != v {
			t.Errorf("%s = %v, want %v", f, got.Values[f], v)
		}
	}
	if got.Status != "closed" || got.CreatedAt != "2026-11-16T08:00:00Z" {
		t.Errorf("status %s created %s", got.Status, got.CreatedAt)
	}
	tl, _ := s.Timeline(bg, "incident", r.Ref)
	var states []string
	for _, c := range tl {
		states = append(states, c.Status+"@"+c.At.Format("02T15:04"))
	}
	if strings.Join(states, " ") != "new@16T08:00 in_progress@16T08:20 resolved@16T11:00 closed@17T09:00" {
		t.Errorf("timeline %v", states)
	}
	events, _ := s.History(bg, "incident", r.Ref)
	for _, e := range events {
		if e.Note != "imported from tickets.csv row 2" {
			t.Errorf("event %s %s has note %q", e.Action, e.At, e.Note)
		}
	}

	// A copy that folds the record from its ops (as sync does) computes the same values.
	before := got.Values
	if err := s.Write(bg, func(tx *Tx) error { _, _, err := tx.settle([]string{r.ID}); return err }); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Get(bg, "incident", r.Ref)
	if !reflect.DeepEqual(again.Values, before) || again.Status != "closed" {
		t.Errorf("folded again:\n%v\nwas\n%v", again.Values, before)
	}
	// A later change of what the priority is computed from leaves the given priority.
	mustSet(t, s, "incident", r.Ref, map[string]any{"urgency": 2})
	if again, _ = s.Get(bg, "incident", r.Ref); again.Values["priority"] != int64(1) {
		t.Errorf("priority after an edit: %v", again.Values["priority"])
	}
}

func TestImportUpdatesByKeyAndTakesTheStateGiven(t *testing.T) {
	s := slaWorkspace(t, time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	inc := mustCreate(t, s, "incident", map[string]any{"title": "Mail slow", "service": "SVC-00001"})
	// new -> closed is no move of the workflow; an import takes it as given, dated by its milestone.
	r, created, err := importOne(t, s, "incident", inc.Ref, map[string]any{"title": "Mail very slow", "status": "closed",
		"closed_at": "2026-11-03T10:00:00Z", "priority": 2}, "imported")
	if err != nil || created {
		t.Fatalf("update: %v (created %v)", err, created)
	}
	if r.Ref != inc.Ref || r.Status != "closed" || r.Title() != "Mail very slow" || r.Values["closed_at"] != "2026-11-03T10:00:00Z" || r.Values["priority"] != int64(2) {
		t.Fatalf("updated: %s %s %q %v", r.Ref, r.Status, r.Title(), r.Values)
	}
	// The same row again changes nothing.
	n := countOps(t, s, "")
	if _, _, err := importOne(t, s, "incident", inc.Ref, map[string]any{"title": "Mail very slow", "status": "Closed", "priority": 2}, "imported"); err != nil {
		t.Fatal(err)
	}
	if m := countOps(t, s, ""); m != n {
		t.Errorf("an unchanged row wrote %d ops", m-n)
	}
}

func TestImportRefusesWhatCannotBe(t *testing.T) {
	s := slaWorkspace(t, time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	before := fingerprint(t, s.db)
	cases := []struct {
		in    map[string]any
		parts []string
	}{
		{map[string]any{"title": "x", "service": "SVC-00001", "status": "parked"}, []string{`has no state "parked"`, "in_progress"}},
		{map[string]any{"title": "x", "service": "SVC-00001", "opened_at": "2026-11-16T08:00:00Z", "resolved_at": "2026-11-15T08:00:00Z"},
			[]string{"resolved_at", "before the incident was opened"}},
		{map[string]any{"title": "x", "service": "SVC-00001", "priority": 9}, []string{"priority"}},
		{map[string]any{"title": "x", "service": "SVC-00404"}, []string{"service", "SVC-00404"}},
	}
	for _, c := range cases {
		_, _, err := importOne(t, s, "incident", "", c.in, "")
		wantErr(t, err, c.parts...)
	}
	if fingerprint(t, s.db) != before {
		t.Fatal("a refused import changed the workspace")
	}
}

// Try undoes a failed row and the transaction goes on: the rows around it are written, with
// their search entries, and the op sequence has no gap.
func TestTryUndoesOneRow(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	bad := errors.New("bad row")
	err := s.Write(bg, func(tx *Tx) error {
		for i, title := range []string{"first alpha", "second beta", "third gamma"} {
			err := tx.Try(func() error {
				r, err := tx.Create("incident", map[string]any{"title": title, "service": "SVC-00001"}, Change{})
				if err != nil {
					return err
				}
				if i == 1 {
					if _, err := tx.Update("service", "SVC-00001", map[string]any{"title": "ERP beta"}, Change{}); err != nil {
						return err
					}
					_ = r
					return bad
				}
				return nil
			})
			if (i == 1) != (err == bad) {
				t.Errorf("row %d: %v", i, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := s.List(bg, "incident", Query{Sort: "ref"})
	if len(page.Records) != 2 || page.Records[0].Title() != "first alpha" || page.Records[1].Title() != "third gamma" || page.Records[1].Ref != "INC-00002" {
		for _, r := range page.Records {
			t.Errorf("%s %q", r.Ref, r.Title())
		}
		t.Fatalf("records after the undone row: %d", len(page.Records))
	}
	if hits, _ := s.Search(bg, "beta", 10); len(hits) != 0 {
		t.Errorf("the undone row is still found: %v", hits)
	}
	if hits, _ := s.Search(bg, "gamma", 10); len(hits) != 1 {
		t.Errorf("the row after it is not found: %v", hits)
	}
	var seqs, max int
	s.db.QueryRow("SELECT count(*), max(seq) FROM ops").Scan(&seqs, &max)
	if seqs != max {
		t.Errorf("%d ops up to seq %d: a gap", seqs, max)
	}
	if svc, _ := s.Get(bg, "service", "SVC-00001"); svc.Title() != "ERP" {
		t.Errorf("the undone update stayed: %q", svc.Title())
	}
}
