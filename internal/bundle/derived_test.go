package bundle

import (
	"testing"
	"time"

	"smsworkbench/internal/store"
)

// The shrunk cases of the two classes the randomized test found (issue 21), kept as plain
// regression tests: copies that hold the same ops must show the same computed values.

// twoCopies makes copy A with a service, and B, a copy of A made through a full bundle.
func twoCopies(t *testing.T) (a, b *store.Store, service string) {
	t.Helper()
	a = replica(t, "a")
	svc, err := a.Create(bg, "service", map[string]any{"title": "E-mail"}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	b = replica(t, "b")
	send(t, a, b, "")
	return a, b, svc.ID
}

func get(t *testing.T, s *store.Store, kind, key string) *store.Record {
	t.Helper()
	r, err := s.Get(bg, kind, key)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// exchangeAll sends each copy's full bundle to the other, both ways.
func exchangeAll(t *testing.T, copies ...*store.Store) {
	t.Helper()
	for _, from := range copies {
		for _, to := range copies {
			if from != to {
				send(t, from, to, "")
			}
		}
	}
}

// A CI renamed on one copy while the relationship that names it is edited on another: both end
// with the title made of the new name (it kept the old one on the copy that edited the
// relationship).
func TestRelationshipTitleFollowsARenameMadeElsewhere(t *testing.T) {
	a, b, _ := twoCopies(t)
	app, _ := a.Create(bg, "ci", map[string]any{"title": "app", "ci_type": "application"}, store.Change{})
	vm, _ := a.Create(bg, "ci", map[string]any{"title": "vm", "ci_type": "virtual"}, store.Change{})
	rel, err := a.Create(bg, "cirel", map[string]any{"from": app.ID, "type": "runs_on", "to": vm.ID}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	send(t, a, b, "")
	if _, err := a.Update(bg, "ci", app.ID, map[string]any{"title": "erp-app"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if got := get(t, a, "cirel", rel.ID).Values["title"]; got != "erp-app runs on vm" {
		t.Fatalf("after the rename here: %v", got)
	}
	if _, err := b.Update(bg, "cirel", rel.ID, map[string]any{"type": "depends_on"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, a, b)
	for _, s := range []*store.Store{a, b} {
		if got := get(t, s, "cirel", rel.ID).Values["title"]; got != "erp-app depends on vm" {
			t.Fatalf("%s shows %q", s.Site().Name, got)
		}
	}
}

// The matrix edited on one copy while a ticket is closed on another that has not seen the edit
// yet: the closed ticket's priority is the matrix's as it stood when the ticket closed, by the
// ops' dates, on both copies and on a third built afterwards (seen: priority 1 <> 4).
func TestPriorityOfAClosedTicketIsTheSameOnEveryCopy(t *testing.T) {
	a, b, svc := twoCopies(t)
	var clock = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, s := range []*store.Store{a, b} {
		s.SetClock(func() time.Time { return clock })
	}
	inc, err := a.Create(bg, "incident", map[string]any{"title": "Mail is slow", "service": svc, "impact": 1, "urgency": 2}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	late, _ := a.Create(bg, "incident", map[string]any{"title": "VPN drops", "service": svc, "impact": 1, "urgency": 2}, store.Change{})
	send(t, a, b, "")
	clock = clock.Add(time.Hour) // 10:00: A changes the matrix (I1U2 becomes 4)
	if _, err := a.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,4,4],[4,4,4],[4,4,5]]"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour) // 11:00: B closes one ticket, not having seen the new matrix
	b.Update(bg, "incident", inc.ID, map[string]any{"resolution": "restarted"}, store.Change{})
	for _, to := range []string{"resolved", "closed"} {
		if _, err := b.Move(bg, "incident", inc.ID, to, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	// and cancels the other at 09:30, back-dated: before the matrix changed
	if _, err := b.Move(bg, "incident", late.ID, "cancelled", store.Change{At: time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if got := get(t, b, "incident", inc.ID).Values["priority"]; got != int64(2) {
		t.Fatalf("B, before it has the new matrix: %v", got)
	}
	exchangeAll(t, a, b)
	c := replica(t, "c")
	send(t, b, c, "")
	for _, s := range []*store.Store{a, b, c} {
		if got := get(t, s, "incident", inc.ID).Values["priority"]; got != int64(4) {
			t.Errorf("%s: the ticket closed at 11:00 has priority %v; the matrix of 10:00 gives 4", s.Site().Name, got)
		}
		if got := get(t, s, "incident", late.ID).Values["priority"]; got != int64(2) {
			t.Errorf("%s: the ticket cancelled at 09:30 has priority %v; the matrix of then gives 2", s.Site().Name, got)
		}
	}
	// A later edit of the matrix leaves both closed tickets as they were.
	clock = clock.Add(time.Hour)
	m := visibleSetting(t, a)
	if _, err := a.Update(bg, "setting", m, map[string]any{"value": "[[5,5,5],[5,5,5],[5,5,5]]"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if got := get(t, a, "incident", inc.ID).Values["priority"]; got != int64(4) {
		t.Fatalf("a matrix edit after the ticket closed changed it: %v", got)
	}
}

func visibleSetting(t *testing.T, s *store.Store) string {
	page, err := s.List(bg, "setting", store.Query{Limit: 1})
	if err != nil || len(page.Records) != 1 {
		t.Fatalf("settings: %v %v", page, err)
	}
	return page.Records[0].ID
}

// An SLA agreed on one copy after a ticket closed on another never judges it; a resolved ticket
// follows the SLAs as they are, on every copy, whatever the order the bundles came in (seen: the
// resolved ticket had the SLA on one copy and none on the other).
func TestSLAOfWorkThatEndedIsTheSameOnEveryCopy(t *testing.T) {
	a, b, svc := twoCopies(t)
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, s := range []*store.Store{a, b} {
		s.SetClock(func() time.Time { return clock })
	}
	early, _ := a.Create(bg, "incident", map[string]any{"title": "Mail is slow", "service": svc, "resolution": "restarted"}, store.Change{})
	late, _ := a.Create(bg, "incident", map[string]any{"title": "VPN drops", "service": svc, "resolution": "restarted"}, store.Change{})
	send(t, a, b, "")
	clock = clock.Add(time.Hour) // 10:00: A resolves and closes the first ticket
	for _, to := range []string{"resolved", "closed"} {
		if _, err := a.Move(bg, "incident", early.ID, to, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(time.Hour) // 11:00: B agrees an SLA for the service
	sla, err := b.Create(bg, "sla", map[string]any{"title": "Standard", "service": svc,
		"targets": []any{map[string]any{"priority": 5, "respond": "1h", "resolve": "3d"}}}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Move(bg, "sla", sla.ID, "agreed", store.Change{}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour) // 12:00: A resolves the second, not having seen the SLA
	if _, err := a.Move(bg, "incident", late.ID, "resolved", store.Change{}); err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, a, b)
	c := replica(t, "c")
	send(t, a, c, "")
	for _, s := range []*store.Store{a, b, c} {
		if got := get(t, s, "incident", early.ID).Values["sla"]; got != nil {
			t.Errorf("%s: a ticket closed at 10:00 is judged by the SLA agreed at 11:00", s.Site().Name)
		}
		if got := get(t, s, "incident", late.ID).Values["sla"]; got != sla.ID {
			t.Errorf("%s: the ticket resolved at 12:00 has SLA %v, not the one agreed now", s.Site().Name, got)
		}
	}
}

// Two copies that each create the priority matrix setting end, after sync, with two records of
// one unique name, shown as a conflict of their references. Either stays editable: the rule
// that keeps the name unique refuses a new record or a rename, not an edit of its value (the
// randomized test found every later edit refused).
func TestASettingCreatedOnTwoCopiesStaysEditable(t *testing.T) {
	a, b, _ := twoCopies(t)
	for _, s := range []*store.Store{a, b} {
		if _, err := s.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,2,3],[2,3,4],[3,4,5]]"}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	exchangeAll(t, a, b)
	page, err := a.List(bg, "setting", store.Query{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Records) != 2 {
		t.Fatalf("settings after the exchange: %d, want both kept", len(page.Records))
	}
	cs, err := a.Conflicts(bg)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Type != store.ConflictDuplicate {
		t.Fatalf("conflicts: %+v, want the duplicate reference shown", cs)
	}
	for _, r := range page.Records {
		if _, err := a.Update(bg, "setting", r.ID, map[string]any{"value": "[[1,1,2],[2,3,4],[3,4,4]]"}, store.Change{}); err != nil {
			t.Fatalf("edit of %s's value: %v", r.ID, err)
		}
	}
	_, err = a.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,2,3],[2,3,4],[3,4,5]]"}, store.Change{})
	if err == nil {
		t.Fatal("a third priority matrix was created")
	}
}
