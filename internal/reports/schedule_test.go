package reports

import (
	"slices"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

func TestChangeSchedule(t *testing.T) {
	s := open(t)
	s.SetClock(func() time.Time { return time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) })
	for _, in := range []map[string]any{{"title": "Mail"}, {"title": "Web"}} {
		_, err := s.Create(bg, "service", in, store.Change{})
		do(t, err)
	}
	_, err := s.Create(bg, "ci", map[string]any{"title": "db1", "ci_type": "database"}, store.Change{})
	do(t, err)
	change := func(title, service string, cis []any, start, end string) string {
		t.Helper()
		in := map[string]any{"title": title, "change_type": "emergency", "planned_start": start}
		if service != "" {
			in["service"] = service
		}
		if cis != nil {
			in["cis"] = cis
		}
		if end != "" {
			in["planned_end"] = end
		}
		r, err := s.Create(bg, "change", in, store.Change{})
		do(t, err)
		return r.Ref
	}
	move := func(ref string, states ...string) {
		t.Helper()
		for _, st := range states {
			_, err := s.Move(bg, "change", ref, st, store.Change{})
			do(t, err)
		}
	}
	a1 := change("mail patch", "SVC-00001", nil, "2026-11-02T09:00:00Z", "2026-11-02T11:00:00Z")
	a2 := change("mail upgrade", "SVC-00001", nil, "2026-11-02T10:00:00Z", "2026-11-02T12:00:00Z")
	b1 := change("web db index", "SVC-00002", []any{"CI-00001"}, "2026-11-02T10:30:00Z", "2026-11-02T10:45:00Z")
	noEnd := change("db failover test", "", []any{"CI-00001"}, "2026-11-02T11:30:00Z", "") // until 12:30: meets late only
	late := change("db backup", "", []any{"CI-00001"}, "2026-11-02T10:40:00Z", "")         // until 11:40: meets b1 and noEnd
	running := change("long migration", "SVC-00002", nil, "2026-10-25T08:00:00Z", "2026-11-01T06:00:00Z")
	change("ended before", "SVC-00002", nil, "2026-10-20T08:00:00Z", "2026-10-31T23:00:00Z")
	lastDay := change("night work", "SVC-00002", nil, "2026-11-30T22:00:00Z", "2026-12-01T02:00:00Z")
	change("next month", "SVC-00002", nil, "2026-12-01T00:00:00Z", "2026-12-01T01:00:00Z")
	cancelled := change("cancelled", "SVC-00001", nil, "2026-11-02T09:30:00Z", "2026-11-02T10:30:00Z")
	move(cancelled, "cancelled")
	rejected := change("rejected", "SVC-00001", nil, "2026-11-02T09:30:00Z", "2026-11-02T10:30:00Z")
	move(rejected, "assessed", "rejected")
	closed := change("closed", "SVC-00001", nil, "2026-11-02T09:30:00Z", "2026-11-02T10:30:00Z")
	_, err = s.Update(bg, "change", closed, map[string]any{"review": "went fine"}, store.Change{})
	do(t, err)
	move(closed, "implemented", "closed")

	from, err := ParseBound("from", "2026-11-01", false)
	do(t, err)
	to, err := ParseBound("to", "2026-11-30", true)
	do(t, err)
	sched, err := ChangeSchedule(bg, s, from, to)
	do(t, err)
	if sched.From != "2026-11-01T00:00:00Z" || sched.To != "2026-12-01T00:00:00Z" {
		t.Fatalf("period %s %s", sched.From, sched.To)
	}
	var refs []string
	got := map[string]ScheduledItem{}
	for _, c := range sched.Changes {
		refs = append(refs, c.Ref)
		got[c.Ref] = c
	}
	if want := []string{running, a1, closed, a2, b1, late, noEnd, lastDay}; !slices.Equal(refs, want) {
		t.Fatalf("changes %v, want %v", refs, want)
	}
	overlaps := map[string][]string{a1: {a2}, a2: {a1}, b1: {late}, late: {b1, noEnd}, noEnd: {late}, closed: {}, running: {}, lastDay: {}}
	for ref, want := range overlaps {
		if !slices.Equal(got[ref].Overlaps, want) {
			t.Errorf("%s overlaps %v, want %v", ref, got[ref].Overlaps, want)
		}
	}
	if c := got[noEnd]; c.PlannedEnd != "2026-11-02T12:30:00Z" || c.Service != nil || c.Type != "emergency" || c.Status != "new" || c.Title != "db failover test" {
		t.Errorf("change without end %+v", c)
	}
	if c := got[a1]; c.Service == nil || c.Service.Ref != "SVC-00001" || c.Service.Title != "Mail" || c.ID == "" {
		t.Errorf("service %+v", c.Service)
	}
	// The same rule as the register's own overlaps field, within the schedule.
	for _, c := range sched.Changes {
		r, err := s.Get(bg, "change", c.Ref)
		do(t, err)
		var stored []string
		if links, ok := r.Field("overlaps").([]store.Link); ok {
			for _, l := range links {
				if _, in := got[l.Ref]; in {
					stored = append(stored, l.Ref)
				}
			}
		}
		slices.Sort(stored)
		if !slices.Equal(stored, c.Overlaps) && !(len(stored) == 0 && len(c.Overlaps) == 0) {
			t.Errorf("%s: schedule says %v, its overlaps field %v", c.Ref, c.Overlaps, stored)
		}
	}

	// An hour, given as RFC 3339 bounds: an end given as a moment is not stretched to a day.
	from, _ = ParseBound("from", "2026-11-02T10:50:00Z", false)
	to, _ = ParseBound("to", "2026-11-02T12:50:00+01:00", true)
	sched, err = ChangeSchedule(bg, s, from, to)
	do(t, err)
	refs = nil
	for _, c := range sched.Changes {
		refs = append(refs, c.Ref)
	}
	if want := []string{a1, a2, late, noEnd}; !slices.Equal(refs, want) || sched.To != "2026-11-02T11:50:00Z" {
		t.Fatalf("10:50 to 11:50: %v, want %v (to %s)", refs, want, sched.To)
	}
}

func TestChangeScheduleRefusesBadPeriods(t *testing.T) {
	s := open(t)
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := ChangeSchedule(bg, s, from, from.AddDate(0, 0, 401)); err == nil || !strings.Contains(err.Error(), "400 days") {
		t.Fatalf("long: %v", err)
	}
	if _, err := ChangeSchedule(bg, s, from, from.AddDate(0, 0, -1)); err == nil {
		t.Fatal("backwards period accepted")
	}
	if sched, err := ChangeSchedule(bg, s, from, from.AddDate(0, 0, 400)); err != nil || len(sched.Changes) != 0 {
		t.Fatalf("empty: %+v %v", sched, err)
	}
	for _, bad := range []string{"2026-13-01", "yesterday", "2026-11-01T10:00"} {
		if _, err := ParseBound("from", bad, false); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "from") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := ParseBound("to", "", true); err == nil || !strings.Contains(err.Error(), "to is missing") {
		t.Errorf("empty: %v", err)
	}
}
