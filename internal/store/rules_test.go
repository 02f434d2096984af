package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests run the kinds' rules (schema hooks) through the real engine: what a user does,
// what is refused and why, and that a refusal writes nothing.

func mustMove(t *testing.T, s *Store, kind, key, to string, at time.Time) *Record {
	t.Helper()
	r, err := s.Move(bg, kind, key, to, Change{At: at})
	if err != nil {
		t.Fatalf("move %s %s to %s: %v", kind, key, to, err)
	}
	return r
}

func mustSet(t *testing.T, s *Store, kind, key string, in map[string]any) *Record {
	t.Helper()
	r, err := s.Update(bg, kind, key, in, Change{})
	if err != nil {
		t.Fatalf("set %s %s %v: %v", kind, key, in, err)
	}
	return r
}

// slaWorkspace has a service with an agreed business-hours SLA: P1 respond 30m resolve 4h,
// P3 respond 2h resolve 2d (business time, Mon-Fri 08:00-18:00 Berlin).
func slaWorkspace(t *testing.T, now time.Time) *Store {
	s := openTemp(t)
	s.SetClock(func() time.Time { return now })
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	mustCreate(t, s, "sla", map[string]any{"title": "ERP SLA", "service": "SVC-00001", "calendar": "Mon-Fri 08:00-18:00",
		"timezone": "Europe/Berlin", "holidays": []any{map[string]any{"date": "2026-12-25", "name": "Christmas"}},
		"targets": []any{
			map[string]any{"priority": 1, "respond": "30m", "resolve": "4h"},
			map[string]any{"priority": 3, "respond": "2h", "resolve": "2d"},
		}})
	mustMove(t, s, "sla", "SLA-00001", "agreed", time.Time{})
	return s
}

func TestSLAClockOfAnIncident(t *testing.T) {
	// Monday 2026-11-16 09:00 Berlin = 08:00 UTC.
	opened := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	s := slaWorkspace(t, opened.Add(10*time.Minute))
	inc, err := s.Create(bg, "incident", map[string]any{"title": "ERP down", "service": "SVC-00001", "impact": 1, "urgency": 1,
		"opened_at": opened.Format(time.RFC3339)}, Change{At: opened})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Values["priority"] != int64(1) || inc.Values["sla_state"] != "running" {
		t.Fatalf("new P1: %v", inc.Values)
	}
	if inc.Values["respond_due"] != "2026-11-16T08:30:00Z" || inc.Values["resolve_due"] != "2026-11-16T12:00:00Z" {
		t.Fatalf("dues %v %v", inc.Values["respond_due"], inc.Values["resolve_due"])
	}
	// Assigned after 20 minutes: responded in time. (Each move is made when it happens: a move
	// is never dated ahead of the clock.)
	s.SetClock(func() time.Time { return opened.Add(20 * time.Minute) })
	mustMove(t, s, "incident", inc.Ref, "assigned", opened.Add(20*time.Minute))
	// Pending from 10:00 to 15:00 UTC (the customer is away): 5 hours that do not count.
	s.SetClock(func() time.Time { return opened.Add(2 * time.Hour) })
	mustMove(t, s, "incident", inc.Ref, "pending", opened.Add(2*time.Hour))
	s.SetClock(func() time.Time { return opened.Add(4 * time.Hour) })
	got, _ := s.Get(bg, "incident", inc.Ref)
	if got.Values["sla_state"] != "paused" || got.Values["resolve_elapsed_minutes"] != int64(120) || got.Values["resolve_due"] != nil {
		t.Fatalf("paused: %v", got.Values)
	}
	s.SetClock(func() time.Time { return opened.Add(7 * time.Hour) })
	mustMove(t, s, "incident", inc.Ref, "in_progress", opened.Add(7*time.Hour))
	// 15:00 UTC = 16:00 Berlin; 2h used, 2h left: due 18:00 Berlin = 17:00 UTC.
	s.SetClock(func() time.Time { return opened.Add(8*time.Hour + 30*time.Minute) })
	got, _ = s.Get(bg, "incident", inc.Ref)
	if got.Values["resolve_due"] != "2026-11-16T17:00:00Z" || got.Values["sla_state"] != "warning" || got.Values["resolve_elapsed_minutes"] != int64(210) {
		t.Fatalf("running again, read at 16:30 UTC: %v", got.Values)
	}
	// Read the next morning at 08:30 Berlin: the clock ran past the target overnight? No: the
	// calendar closes at 18:00, so 4h were used at 18:00 and 30 more minutes by 08:30.
	s.SetClock(func() time.Time { return time.Date(2026, 11, 17, 7, 30, 0, 0, time.UTC) })
	got, _ = s.Get(bg, "incident", inc.Ref)
	if got.Values["sla_state"] != "breached" || got.Values["resolve_elapsed_minutes"] != int64(270) {
		t.Fatalf("next morning: %v", got.Values)
	}
	// Lowering the priority applies the new target (2 business days) and keeps the time used.
	r := mustSet(t, s, "incident", inc.Ref, map[string]any{"impact": 3, "urgency": 1})
	if r.Values["priority"] != int64(3) || r.Values["resolve_elapsed_minutes"] != int64(270) || r.Values["sla_state"] != "running" {
		t.Fatalf("after priority change: %v", r.Values)
	}
	mustSet(t, s, "incident", inc.Ref, map[string]any{"resolution": "Restarted the application server"})
	s.SetClock(func() time.Time { return time.Date(2026, 11, 17, 8, 0, 0, 0, time.UTC) })
	mustMove(t, s, "incident", inc.Ref, "resolved", time.Date(2026, 11, 17, 8, 0, 0, 0, time.UTC))
	got, _ = s.Get(bg, "incident", inc.Ref)
	if got.Values["sla_state"] != "met" || got.Values["resolved_at"] != "2026-11-17T08:00:00Z" || got.Values["resolve_elapsed_minutes"] != int64(300) {
		t.Fatalf("resolved: %v", got.Values)
	}
}

func TestSLAChangeRecomputesOpenTickets(t *testing.T) {
	opened := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	s := slaWorkspace(t, opened.Add(time.Hour))
	inc := mustCreate(t, s, "incident", map[string]any{"title": "slow", "service": "SVC-00001", "impact": 1, "urgency": 1,
		"opened_at": opened.Format(time.RFC3339)})
	mustSet(t, s, "sla", "SLA-00001", map[string]any{"targets": []any{map[string]any{"priority": 1, "resolve": "8h"}}})
	got, _ := s.Get(bg, "incident", inc.Ref)
	if got.Values["resolve_due"] != "2026-11-16T16:00:00Z" || got.Values["respond_due"] != nil {
		t.Fatalf("after the SLA changed: %v", got.Values)
	}
}

// A ticket takes the agreed SLA of its service: an SLA agreed after the ticket was opened applies
// to it from then on, and one retired leaves it, while finished tickets keep their result.
func TestNewSLAAppliesToOpenTicketsOfItsService(t *testing.T) {
	opened := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	s := openTemp(t)
	s.SetClock(func() time.Time { return opened.Add(time.Hour) })
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	mustCreate(t, s, "service", map[string]any{"title": "Mail"})
	ticket := func(service string) *Record {
		r, err := s.Create(bg, "incident", map[string]any{"title": "slow", "service": service, "impact": 1, "urgency": 1,
			"opened_at": opened.Format(time.RFC3339)}, Change{At: opened})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	open, other, done, closed := ticket("SVC-00001"), ticket("SVC-00002"), ticket("SVC-00001"), ticket("SVC-00001")
	for _, r := range []*Record{done, closed} {
		mustSet(t, s, "incident", r.Ref, map[string]any{"resolution": "restarted"})
		mustMove(t, s, "incident", r.Ref, "resolved", opened.Add(30*time.Minute))
	}
	mustMove(t, s, "incident", closed.Ref, "closed", opened.Add(40*time.Minute))
	slaOf := func(r *Record) any {
		t.Helper()
		got, err := s.Get(bg, "incident", r.Ref)
		if err != nil {
			t.Fatal(err)
		}
		return got.Values["sla"]
	}
	sla := mustCreate(t, s, "sla", map[string]any{"title": "ERP SLA", "service": "SVC-00001", "calendar": "24x7", "timezone": "UTC",
		"targets": []any{map[string]any{"priority": 1, "resolve": "4h"}}})
	if slaOf(open) != nil {
		t.Fatal("a draft SLA applies to a ticket")
	}
	mustMove(t, s, "sla", sla.Ref, "agreed", time.Time{})
	got, _ := s.Get(bg, "incident", open.Ref)
	if got.Values["sla"] != sla.ID || got.Values["resolve_due"] != "2026-11-16T12:00:00Z" || got.Values["sla_state"] != "running" {
		t.Fatalf("open ticket of the service after its SLA was agreed: %v", got.Values)
	}
	// A resolved ticket may still reopen: it follows the SLAs as they are, on every copy alike
	// (docs/convergence.md); a closed one keeps what applied when it closed.
	if slaOf(other) != nil || slaOf(closed) != nil || slaOf(done) != sla.ID {
		t.Fatalf("the SLA reached a ticket of another service (%v) or a closed one (%v), or missed a resolved one (%v)", slaOf(other), slaOf(closed), slaOf(done))
	}
	mustMove(t, s, "sla", sla.Ref, "retired", time.Time{})
	if slaOf(open) != nil {
		t.Fatal("a retired SLA still applies to an open ticket")
	}
}

func TestBadSLAIsRefusedNamingTheField(t *testing.T) {
	s := slaWorkspace(t, time.Now())
	before := fingerprint(t, s.db)
	cases := []struct {
		in   map[string]any
		want []string
	}{
		{map[string]any{"calendar": "Mon-Fry 08:00-18:00"}, []string{`"calendar"`, "Fry"}},
		{map[string]any{"timezone": "Mars/Olympus"}, []string{`"timezone"`, "IANA"}},
		{map[string]any{"targets": []any{map[string]any{"priority": 1, "respond": "5h", "resolve": "4h"}}}, []string{`"targets"`, "longer than resolve"}},
		{map[string]any{"targets": []any{map[string]any{"priority": 1, "resolve": "soon"}}}, []string{`"targets"`, "row 1", "resolve"}},
		{map[string]any{"targets": []any{map[string]any{"priority": 1}}}, []string{`"targets"`, "resolve is required"}},
		{map[string]any{"holidays": []any{map[string]any{"date": "25.12.2026"}}}, []string{`"holidays"`, "row 1", "date"}},
	}
	for _, c := range cases {
		_, err := s.Update(bg, "sla", "SLA-00001", c.in, Change{})
		wantErr(t, err, c.want...)
	}
	if fingerprint(t, s.db) != before {
		t.Fatal("a refused SLA change wrote something")
	}
}

func TestPriorityMatrixIsEditablePerWorkspace(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "Desk"})
	open := mustCreate(t, s, "incident", map[string]any{"title": "a", "service": "SVC-00001", "impact": 3, "urgency": 3})
	done := mustCreate(t, s, "incident", map[string]any{"title": "b", "service": "SVC-00001", "impact": 3, "urgency": 3})
	mustMove(t, s, "incident", done.Ref, "cancelled", time.Time{})
	if open.Values["priority"] != int64(5) {
		t.Fatalf("default I3U3 = %v", open.Values["priority"])
	}
	_, err := s.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,2,3],[2,3,4],[3,4,9]]"}, Change{})
	wantErr(t, err, `"value"`, "priorities are 1 to 5")
	mustCreate(t, s, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,1,2],[2,3,4],[3,4,4]]"})
	if got, _ := s.Get(bg, "incident", open.Ref); got.Values["priority"] != int64(4) {
		t.Fatalf("open incident after the matrix changed: %v", got.Values["priority"])
	}
	if got, _ := s.Get(bg, "incident", done.Ref); got.Values["priority"] != int64(5) {
		t.Fatalf("a cancelled incident keeps the priority it had: %v", got.Values["priority"])
	}
	req := mustCreate(t, s, "request", map[string]any{"title": "new laptop", "service": "SVC-00001", "impact": 1, "urgency": 2})
	if req.Values["priority"] != int64(1) {
		t.Fatalf("request I1U2 with the edited matrix = %v", req.Values["priority"])
	}
	_, err = s.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,2,3],[2,3,4],[3,4,5]]"}, Change{})
	wantErr(t, err, "exists already")
	_, err = s.Update(bg, "setting", "SET-00001", map[string]any{"title": "other"}, Change{})
	wantErr(t, err, "fixed when")
}

func TestChangeRules(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "Web"})
	normal := mustCreate(t, s, "change", map[string]any{"title": "upgrade", "change_type": "normal", "service": "SVC-00001"})
	_, err := s.Move(bg, "change", normal.Ref, "scheduled", Change{})
	wantErr(t, err, "change "+normal.Ref+" is normal and not approved")
	_, err = s.Move(bg, "change", normal.Ref, "implemented", Change{})
	wantErr(t, err, "is normal and not approved")
	mustMove(t, s, "change", normal.Ref, "assessed", time.Time{})
	_, err = s.Move(bg, "change", normal.Ref, "approved", Change{})
	wantErr(t, err, "without an approver and an approval date")
	mustSet(t, s, "change", normal.Ref, map[string]any{"approved_by": "CAB", "approved_on": "2026-11-20"})
	for _, st := range []string{"approved", "scheduled", "implemented", "closed"} {
		mustMove(t, s, "change", normal.Ref, st, time.Time{})
	}

	emergency := mustCreate(t, s, "change", map[string]any{"title": "block attack", "change_type": "emergency"})
	mustMove(t, s, "change", emergency.Ref, "implemented", time.Time{})
	_, err = s.Move(bg, "change", emergency.Ref, "closed", Change{})
	wantErr(t, err, "is an emergency change and has no post-implementation review")
	_, err = s.Move(bg, "change", emergency.Ref, "reviewed", Change{})
	wantErr(t, err, `"review"`)
	mustSet(t, s, "change", emergency.Ref, map[string]any{"review": "worked; approve afterwards", "approved_by": "ECAB", "approved_on": "2026-11-21"})
	mustMove(t, s, "change", emergency.Ref, "reviewed", time.Time{})
	mustMove(t, s, "change", emergency.Ref, "closed", time.Time{})

	_, err = s.Create(bg, "change", map[string]any{"title": "password reset", "change_type": "standard"}, Change{})
	wantErr(t, err, `"model"`, "standard change model")
	model := mustCreate(t, s, "changemodel", map[string]any{"title": "Reset a service account password"})
	std := mustCreate(t, s, "change", map[string]any{"title": "reset svc_backup", "change_type": "standard", "model": model.Ref})
	_, err = s.Move(bg, "change", std.Ref, "scheduled", Change{})
	wantErr(t, err, "its change model is not approved")
	mustSet(t, s, "changemodel", model.Ref, map[string]any{"approved_by": "CAB", "approved_on": "2026-01-10"})
	mustMove(t, s, "changemodel", model.Ref, "approved", time.Time{})
	mustMove(t, s, "change", std.Ref, "scheduled", time.Time{})
	mustMove(t, s, "change", std.Ref, "implemented", time.Time{})
}

func TestRefusedMoveWritesNothing(t *testing.T) {
	s := openTemp(t)
	c := mustCreate(t, s, "change", map[string]any{"title": "x", "change_type": "normal"})
	before := fingerprint(t, s.db)
	_, err := s.Move(bg, "change", c.Ref, "implemented", Change{})
	wantErr(t, err, "not approved")
	if fingerprint(t, s.db) != before {
		t.Fatal("a refused move wrote something")
	}
}

func TestOverlappingChangeWindowsAreFlaggedBothWays(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	mustCreate(t, s, "service", map[string]any{"title": "Mail"})
	ci := mustCreate(t, s, "ci", map[string]any{"title": "db01", "ci_type": "database"})
	a := mustCreate(t, s, "change", map[string]any{"title": "a", "service": "SVC-00001",
		"planned_start": "2026-12-01T20:00:00Z", "planned_end": "2026-12-01T23:00:00Z"})
	b := mustCreate(t, s, "change", map[string]any{"title": "b", "service": "SVC-00001",
		"planned_start": "2026-12-01T22:00:00Z", "planned_end": "2026-12-02T01:00:00Z"})
	other := mustCreate(t, s, "change", map[string]any{"title": "other service", "service": "SVC-00002",
		"planned_start": "2026-12-01T21:00:00Z", "planned_end": "2026-12-01T22:00:00Z"})
	viaCI := mustCreate(t, s, "change", map[string]any{"title": "same CI", "service": "SVC-00002", "cis": []any{ci.Ref},
		"planned_start": "2026-12-01T23:30:00Z", "planned_end": "2026-12-02T00:30:00Z"})
	overlaps := func(ref string) []string {
		r, _ := s.Get(bg, "change", ref)
		ids, _ := r.Values["overlaps"].([]string)
		out := []string{}
		for _, id := range ids {
			out = append(out, r.Links[id].Ref)
		}
		return out
	}
	if got := overlaps(a.Ref); len(got) != 1 || got[0] != b.Ref {
		t.Fatalf("a overlaps %v", got)
	}
	if got := overlaps(b.Ref); len(got) != 1 || got[0] != a.Ref {
		t.Fatalf("b overlaps %v", got)
	}
	if got := overlaps(other.Ref); len(got) != 0 {
		t.Fatalf("a change of another service overlaps %v", got)
	}
	// b gets the CI as well: now it shares the CI with viaCI, whose window it overlaps.
	mustSet(t, s, "change", b.Ref, map[string]any{"cis": []any{ci.Ref}})
	if got := overlaps(viaCI.Ref); len(got) != 1 || got[0] != b.Ref {
		t.Fatalf("viaCI overlaps %v", got)
	}
	// Moving a's window away clears the flag on both.
	mustSet(t, s, "change", a.Ref, map[string]any{"planned_start": "2026-12-05T20:00:00Z", "planned_end": "2026-12-05T21:00:00Z"})
	if got := overlaps(b.Ref); len(got) != 1 || got[0] != viaCI.Ref {
		t.Fatalf("b after a moved: %v", got)
	}
	if got := overlaps(a.Ref); len(got) != 0 {
		t.Fatalf("a after it moved: %v", got)
	}
	// A cancelled change no longer collides.
	mustMove(t, s, "change", viaCI.Ref, "cancelled", time.Time{})
	if got := overlaps(b.Ref); len(got) != 0 {
		t.Fatalf("b after viaCI was cancelled: %v", got)
	}
}

func TestNonconformityClosesOnlyWithEffectiveCorrectiveAction(t *testing.T) {
	s := openTemp(t)
	nc := mustCreate(t, s, "nonconformity", map[string]any{"title": "no change policy review", "clause": "8.5.1.1"})
	mustSet(t, s, "nonconformity", nc.Ref, map[string]any{"root_cause": "no owner"})
	mustMove(t, s, "nonconformity", nc.Ref, "analysed", time.Time{})
	mustMove(t, s, "nonconformity", nc.Ref, "action_planned", time.Time{})
	_, err := s.Move(bg, "nonconformity", nc.Ref, "closed", Change{})
	wantErr(t, err, "has no corrective action")
	_, err = s.Create(bg, "action", map[string]any{"title": "assign owner", "owner": "Ana"}, Change{})
	wantErr(t, err, `"nonconformity"`)
	act := mustCreate(t, s, "action", map[string]any{"title": "assign owner", "owner": "Ana", "nonconformity": nc.Ref, "due": "2026-12-01"})
	_, err = s.Move(bg, "nonconformity", nc.Ref, "closed", Change{})
	wantErr(t, err, "corrective action "+act.Ref+" is open")
	_, err = s.Move(bg, "action", act.Ref, "done", Change{})
	wantErr(t, err, `"done_on"`)
	mustSet(t, s, "action", act.Ref, map[string]any{"done_on": "2026-11-20"})
	mustMove(t, s, "action", act.Ref, "done", time.Time{})
	_, err = s.Move(bg, "action", act.Ref, "verified", Change{})
	wantErr(t, err, `"effectiveness_check"`)
	mustSet(t, s, "action", act.Ref, map[string]any{"effectiveness_check": "sampled 3 reviews", "checked_on": "2026-11-21", "effective": "no"})
	_, err = s.Move(bg, "action", act.Ref, "verified", Change{})
	wantErr(t, err, "back to in_progress")
	mustSet(t, s, "action", act.Ref, map[string]any{"effective": "yes"})
	mustMove(t, s, "action", act.Ref, "verified", time.Time{})
	mustMove(t, s, "nonconformity", nc.Ref, "closed", time.Time{})
}

func TestComputedScoresAndLiveFlags(t *testing.T) {
	s := openTemp(t)
	s.SetClock(func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) })
	r := mustCreate(t, s, "risk", map[string]any{"title": "DC flood", "likelihood": 2, "impact": "Severe"})
	if r.Values["score"] != int64(10) || r.Values["level"] != "high" {
		t.Fatalf("risk %v", r.Values)
	}
	obj := mustCreate(t, s, "objective", map[string]any{"title": "fewer complaints", "measure": "complaints per quarter",
		"direction": "lower", "target": 5, "actual": 7})
	if obj.Values["achieved"] != false || obj.Values["gap"] != float64(-2) {
		t.Fatalf("objective %v", obj.Values)
	}
	mustCreate(t, s, "supplier", map[string]any{"title": "Hoster"})
	con := mustCreate(t, s, "contract", map[string]any{"title": "Hosting", "supplier": "SUP-00001", "start": "2024-01-01",
		"end": "2027-01-31", "notice_days": 90})
	mustMove(t, s, "contract", con.Ref, "active", time.Time{})
	got, _ := s.Get(bg, "contract", con.Ref)
	if got.Values["expiry"] != "in_notice" || got.Values["notice_by"] != "2026-11-02" {
		t.Fatalf("contract %v", got.Values)
	}
	s.SetClock(func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) })
	if got, _ := s.Get(bg, "contract", con.Ref); got.Values["expiry"] != "active" {
		t.Fatalf("contract in June: %v", got.Values["expiry"])
	}
	_, err := s.Create(bg, "budget", map[string]any{"title": "ops", "period": "2026-Q5", "amount": "100 EUR"}, Change{})
	wantErr(t, err, `"period"`, "quarter")
	b := mustCreate(t, s, "budget", map[string]any{"title": "ops", "period": "2026-Q2", "amount": "100 EUR"})
	if b.Values["period_start"] != "2026-04-01" || b.Values["period_end"] != "2026-06-30" {
		t.Fatalf("budget %v", b.Values)
	}
	plan := mustCreate(t, s, "continuityplan", map[string]any{"title": "DC loss"})
	test := mustCreate(t, s, "continuitytest", map[string]any{"title": "failover drill", "plan": plan.Ref})
	mustSet(t, s, "continuitytest", test.Ref, map[string]any{"performed_on": "2026-10-12", "result": "passed"})
	mustMove(t, s, "continuitytest", test.Ref, "done", time.Time{})
	if got, _ := s.Get(bg, "continuityplan", plan.Ref); got.Values["last_tested"] != "2026-10-12" {
		t.Fatalf("plan last tested %v", got.Values["last_tested"])
	}
}

func TestRelationshipTitleAndRelated(t *testing.T) {
	s := openTemp(t)
	app := mustCreate(t, s, "ci", map[string]any{"title": "erp-app", "ci_type": "application"})
	vm := mustCreate(t, s, "ci", map[string]any{"title": "vm-17", "ci_type": "virtual"})
	rel := mustCreate(t, s, "cirel", map[string]any{"from": app.Ref, "type": "runs_on", "to": vm.Ref})
	if rel.Title() != "erp-app runs on vm-17" {
		t.Fatalf("title %q", rel.Title())
	}
	_, err := s.Create(bg, "cirel", map[string]any{"from": app.Ref, "type": "runs_on", "to": app.Ref}, Change{})
	wantErr(t, err, `"to"`, "another CI")
	_, err = s.Create(bg, "cirel", map[string]any{"title": "x", "from": app.Ref, "type": "runs_on", "to": vm.Ref}, Change{})
	wantErr(t, err, `"title"`, "computed")
	mustCreate(t, s, "service", map[string]any{"title": "ERP", "cis": []any{app.Ref}})
	mustCreate(t, s, "incident", map[string]any{"title": "slow", "service": "SVC-00001", "ci": vm.Ref})
	groups, err := s.Related(bg, "ci", vm.Ref, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, g := range groups {
		got[g.Kind+"."+g.Field] = g.Total
	}
	if got["cirel.to"] != 1 || got["incident.ci"] != 1 || len(got) != 2 {
		t.Fatalf("related to vm: %v", got)
	}
	groups, _ = s.Related(bg, "ci", app.Ref, 10)
	if len(groups) != 2 || groups[0].Kind != "service" && groups[1].Kind != "service" {
		t.Fatalf("related to app: %+v", groups)
	}
	// Renaming a CI is a change of the CI, not of the relationship: its stored title follows
	// when the relationship is written next (documented).
}

func TestTagsFilter(t *testing.T) {
	s := openTemp(t)
	a := mustCreate(t, s, "audit", map[string]any{"title": "Q1 audit", "clauses": "8.5.1, 8.6.1"})
	mustCreate(t, s, "audit", map[string]any{"title": "Q2 audit", "clauses": []any{"9.2"}})
	if v := a.Values["clauses"].([]string); len(v) != 2 || v[1] != "8.6.1" {
		t.Fatalf("clauses %v", v)
	}
	_, err := s.Create(bg, "audit", map[string]any{"title": "x", "clauses": []any{"8.99"}}, Change{})
	wantErr(t, err, `"clauses"`, "8.99")
	p, err := s.List(bg, "audit", Query{Where: []Filter{{Field: "clauses", Op: "=", Value: "8.6.1"}}})
	if err != nil || p.Total != 1 || p.Records[0].Ref != a.Ref {
		t.Fatalf("filter by clause: %v %v", p, err)
	}
	mustMove(t, s, "audit", a.Ref, "in_progress", time.Time{})
	_, err = s.Move(bg, "audit", a.Ref, "reported", Change{})
	wantErr(t, err, `"conclusion"`)
}

// Values that change with time alone are computed at every read; RefreshLive stores them as
// they are now, so a list filtered by them finds what the records show.
func TestRefreshLiveStoresTimeDependentValues(t *testing.T) {
	now := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	s := openTemp(t)
	s.SetClock(func() time.Time { return now })
	act := mustCreate(t, s, "action", map[string]any{"title": "train the desk", "action_type": "improvement", "owner": "Ana", "due": "2026-11-20"})
	overdue := func() int {
		t.Helper()
		page, err := s.List(bg, "action", Query{Where: []Filter{{Field: "overdue", Op: "=", Value: true}}})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	if n, err := s.RefreshLive(bg); err != nil || n != 0 || overdue() != 0 {
		t.Fatalf("before the due date: %d changed (%v), %d overdue", n, err, overdue())
	}
	now = now.AddDate(0, 0, 7)
	got, _ := s.Get(bg, "action", act.Ref)
	if got.Values["overdue"] != true {
		t.Fatalf("read after the due date: %v", got.Values)
	}
	if overdue() != 0 {
		t.Fatal("the stored value changed without a refresh")
	}
	if n, err := s.RefreshLive(bg); err != nil || n != 1 || overdue() != 1 {
		t.Fatalf("refresh after the due date: %d changed (%v), %d overdue", n, err, overdue())
	}
	if n, _ := s.RefreshLive(bg); n != 0 {
		t.Fatalf("a second refresh changed %d records", n)
	}
	mustMove(t, s, "action", act.Ref, "cancelled", time.Time{})
	if overdue() != 0 {
		t.Fatal("a cancelled action is still listed as overdue")
	}

	// A list filtered by such a value refreshes it first (at most once a minute), so another
	// program that opens the workspace later sees what the records show.
	late := mustCreate(t, s, "action", map[string]any{"title": "update the catalogue", "action_type": "improvement", "owner": "Ana", "due": "2026-11-25"})
	now = now.AddDate(0, 0, 7)
	other, err := Open(s.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetClock(func() time.Time { return now })
	page, err := other.List(bg, "action", Query{Where: []Filter{{Field: "overdue", Op: "=", Value: true}}})
	if err != nil || page.Total != 1 || page.Records[0].Ref != late.Ref {
		t.Fatalf("overdue actions listed by another program: %+v %v", page, err)
	}
}

// A list filtered by a time-dependent value still answers, from the stored values, when another
// program holds the workspace's write lock and they cannot be refreshed.
func TestListFilteredByLiveValueWhileAnotherProgramWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := Open(path, Options{Create: true, BusyTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustCreate(t, s, "action", map[string]any{"title": "act", "action_type": "improvement", "owner": "Ana", "due": "2020-01-01"})
	other, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.db.Conn(bg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(bg, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(bg, "ROLLBACK")
	page, err := s.List(bg, "action", Query{Where: []Filter{{Field: "overdue", Op: "=", Value: true}}})
	if err != nil || page.Total != 1 {
		t.Fatalf("list while the workspace is locked: %+v %v", page, err)
	}
}

// A client's ticket history recorded first, its SLA afterwards: the SLA applies to the tickets
// opened while it was valid (valid_from, valid_to, in its time zone), closed ones included; a
// ticket resolved straight from new after its response target has an unknown response and is
// judged on its resolution; a ticket closed without a resolution ends at its closing.
func TestSLARecordedAfterTheHistory(t *testing.T) {
	now := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	s := openTemp(t)
	s.SetClock(func() time.Time { return now })
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	at := func(v string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", v)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// ticket opens a P1 at opened and moves it through "state at", in order.
	ticket := func(opened string, moves ...string) *Record {
		t.Helper()
		o := at(opened)
		r, err := s.Create(bg, "incident", map[string]any{"title": "ERP down " + opened, "service": "SVC-00001", "impact": 1, "urgency": 1,
			"opened_at": o.Format(time.RFC3339), "resolution": "restarted"}, Change{At: o})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range moves {
			state, when, _ := strings.Cut(m, " ")
			r = mustMove(t, s, "incident", r.Ref, state, at(when))
		}
		return r
	}
	inTime := ticket("2025-03-03 09:00", "assigned 2025-03-03 09:10", "resolved 2025-03-03 11:00", "closed 2025-03-04 09:00")
	straight := ticket("2025-03-04 09:00", "resolved 2025-03-04 12:00", "closed 2025-03-05 09:00") // 3 h, no response recorded
	// 6 h, never resolved: as a client's export has it (the window never closes a new ticket).
	closedOnly, _, err := importOne(t, s, "incident", "", map[string]any{"title": "ERP down again", "service": "SVC-00001", "impact": 1, "urgency": 1,
		"status": "Closed", "opened_at": "2025-03-05T09:00:00Z", "closed_at": "2025-03-05T15:00:00Z"}, "imported")
	if err != nil {
		t.Fatal(err)
	}
	before := ticket("2024-12-30 09:00", "assigned 2024-12-30 09:05", "resolved 2024-12-30 10:00", "closed 2024-12-31 09:00")
	newYearInBerlin := ticket("2024-12-31 23:30", "assigned 2024-12-31 23:40", "resolved 2025-01-01 01:00", "closed 2025-01-02 09:00")
	open := ticket("2026-11-16 07:00")

	get := func(r *Record) map[string]any {
		t.Helper()
		got, err := s.Get(bg, "incident", r.Ref)
		if err != nil {
			t.Fatal(err)
		}
		return got.Values
	}
	if v := get(closedOnly); v["resolved_at"] != "2025-03-05T15:00:00Z" || v["closed_at"] != "2025-03-05T15:00:00Z" {
		t.Fatalf("closed without a resolution: resolved %v closed %v", v["resolved_at"], v["closed_at"])
	}
	sla := mustCreate(t, s, "sla", map[string]any{"title": "ERP SLA", "service": "SVC-00001", "calendar": "24x7", "timezone": "Europe/Berlin",
		"valid_from": "2025-01-01", "targets": []any{map[string]any{"priority": 1, "respond": "15m", "resolve": "4h"}}})
	for _, r := range []*Record{inTime, straight, open} {
		if get(r)["sla"] != nil {
			t.Fatalf("a draft SLA applies to %s", r.Ref)
		}
	}
	mustMove(t, s, "sla", sla.Ref, "agreed", time.Time{})

	want := []struct {
		r                *Record
		sla              bool
		state, response  any
		respondedAt, why string
	}{
		{inTime, true, "met", "met", "2025-03-03T09:10:00Z", "responded and resolved in time"},
		{straight, true, "met", "unknown", "", "resolved in 3 h of 4: met, whatever its unrecorded response"},
		{closedOnly, true, "missed", "unknown", "", "closed after 6 h without a resolution: missed"},
		{before, false, nil, nil, "", "opened before the SLA was valid"},
		{newYearInBerlin, true, "met", "met", "2024-12-31T23:40:00Z", "opened on 1 January in Berlin, the SLA's time zone"},
		{open, true, "breached", "missed", "", "open, an hour into a 15-minute response"},
	}
	for _, w := range want {
		v := get(w.r)
		if (v["sla"] == sla.ID) != w.sla || v["sla_state"] != w.state || v["response_state"] != w.response || (v["responded_at"] == nil) != (w.respondedAt == "") ||
			w.respondedAt != "" && v["responded_at"] != w.respondedAt {
			t.Errorf("%s (%s): sla %v, state %v, response %v at %v", w.r.Ref, w.why, v["sla"], v["sla_state"], v["response_state"], v["responded_at"])
		}
	}
	// The SLA's validity ended before the closed-only ticket was opened: it leaves it.
	mustSet(t, s, "sla", sla.Ref, map[string]any{"valid_to": "2025-03-04"})
	if v := get(closedOnly); v["sla"] != nil || v["sla_state"] != nil {
		t.Errorf("after valid_to: %v %v", v["sla"], v["sla_state"])
	}
	if v := get(straight); v["sla"] != sla.ID || v["sla_state"] != "met" {
		t.Errorf("a ticket of its last valid day: %v %v", v["sla"], v["sla_state"])
	}
	if v := get(open); v["sla"] != nil {
		t.Errorf("an SLA no longer valid still runs an open ticket: %v", v["sla"])
	}
	// Retired, it still covers the tickets of its validity.
	mustMove(t, s, "sla", sla.Ref, "retired", time.Time{})
	if v := get(inTime); v["sla"] != sla.ID || v["sla_state"] != "met" {
		t.Errorf("after retirement: %v %v", v["sla"], v["sla_state"])
	}
}

// A workspace computed with an earlier version of a kind's rules is computed again when it is
// next opened for writing, writing no op; one opened read-only is left as it was.
func TestRulesUpgradeOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := Open(path, Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	inc := mustCreate(t, s, "incident", map[string]any{"title": "down", "service": "SVC-00001", "impact": 1, "urgency": 1})
	if s.Meta("rules_version:incident") != "2" {
		t.Fatalf("a new workspace records its rules version: %q", s.Meta("rules_version:incident"))
	}
	// As an earlier version left it: no priority computed, an older rules version.
	if _, err := s.db.Exec(`UPDATE r_incident SET priority = NULL`); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta("rules_version:incident", "1"); err != nil {
		t.Fatal(err)
	}
	have, _ := s.Have(bg)
	s.Close()

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := ro.Get(bg, "incident", inc.Ref); r.Values["priority"] != nil || ro.Meta("rules_version:incident") != "1" {
		t.Errorf("read-only: priority %v, rules %q", r.Values["priority"], ro.Meta("rules_version:incident"))
	}
	ro.Close()

	s, err = Open(path, Options{Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r, _ := s.Get(bg, "incident", inc.Ref); r.Values["priority"] != int64(1) || s.Meta("rules_version:incident") != "2" {
		t.Errorf("after the upgrade: priority %v, rules %q", r.Values["priority"], s.Meta("rules_version:incident"))
	}
	if after, _ := s.Have(bg); len(after) != len(have) || fmt.Sprint(after) != fmt.Sprint(have) {
		t.Errorf("the upgrade wrote ops: %v -> %v", have, after)
	}
}

// Editing what no ticket reads of an SLA (its next review date, its name) computes no ticket
// again; editing its targets does, closed ones included.
func TestSLAEditOfWhatTicketsDoNotReadComputesNothing(t *testing.T) {
	opened := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	s := slaWorkspace(t, opened.Add(time.Hour))
	inc := mustCreate(t, s, "incident", map[string]any{"title": "slow", "service": "SVC-00001", "impact": 1, "urgency": 1,
		"opened_at": opened.Format(time.RFC3339)})
	// The ticket's stored row as a sign of being computed: a value the rules would set again.
	if _, err := s.db.Exec(`UPDATE r_incident SET resolve_due = '1999-01-01T00:00:00Z' WHERE ref = ?`, inc.Ref); err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		var v string
		s.db.QueryRow(`SELECT coalesce(resolve_due, '') FROM r_incident WHERE ref = ?`, inc.Ref).Scan(&v)
		return v
	}
	mustSet(t, s, "sla", "SLA-00001", map[string]any{"review_due": "2027-06-30", "title": "ERP SLA 2027"})
	if got := stored(); got != "1999-01-01T00:00:00Z" {
		t.Fatalf("an edit of the review date computed the ticket again (%s)", got)
	}
	mustSet(t, s, "sla", "SLA-00001", map[string]any{"targets": []any{map[string]any{"priority": 1, "respond": "30m", "resolve": "5h"}}})
	if got := stored(); got == "1999-01-01T00:00:00Z" {
		t.Fatal("an edit of the targets did not compute the ticket again")
	}
}

// An incident of this morning entered in the afternoon begins when it was opened: its moves can
// be dated back to then (never before, never ahead), its SLA clock runs on the real timeline, and
// its history says when each step happened and when it was recorded.
func TestLateEntryKeepsTheRealTimeline(t *testing.T) {
	// Monday 2026-11-16: the failure at 09:00 Berlin (08:00 UTC), typed in at 15:00 UTC.
	opened := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	typed := opened.Add(7 * time.Hour)
	s := slaWorkspace(t, typed)
	inc, err := s.Create(bg, "incident", map[string]any{"title": "ERP down", "service": "SVC-00001", "impact": 1, "urgency": 1,
		"opened_at": opened.Format(time.RFC3339), "resolution": "restarted"}, Change{})
	if err != nil {
		t.Fatal(err)
	}
	if inc.CreatedAt != "2026-11-16T08:00:00Z" {
		t.Fatalf("created at %s, not when it was opened", inc.CreatedAt)
	}
	mustMove(t, s, "incident", inc.Ref, "assigned", opened.Add(20*time.Minute))
	mustMove(t, s, "incident", inc.Ref, "resolved", opened.Add(3*time.Hour))
	got, _ := s.Get(bg, "incident", inc.Ref)
	// P1: respond 30 min, resolve 4 business hours; the real timeline meets both.
	if got.Values["sla_state"] != "met" || got.Values["response_state"] != "met" || got.Values["responded_at"] != "2026-11-16T08:20:00Z" ||
		got.Values["resolve_elapsed_minutes"] != int64(180) {
		t.Fatalf("late entry judged on the typing time: %v", got.Values)
	}
	events, err := s.History(bg, "incident", inc.Ref)
	if err != nil {
		t.Fatal(err)
	}
	var moved *Event
	for i := range events {
		if events[i].Action == "moved" {
			moved = &events[i]
			break
		}
	}
	if moved == nil || moved.At != "2026-11-16T08:20:00Z" || moved.RecordedAt <= moved.At {
		t.Fatalf("history of the late move: %+v", moved)
	}
	// Not before it began, not ahead of the clock (a minute of skew allowed).
	other := mustCreate(t, s, "incident", map[string]any{"title": "slow", "service": "SVC-00001", "opened_at": opened.Format(time.RFC3339)})
	for _, at := range []time.Time{opened.Add(-time.Minute), typed.Add(2 * time.Minute)} {
		if _, err := s.Move(bg, "incident", other.Ref, "assigned", Change{At: at}); err == nil {
			t.Errorf("a move at %s was taken", at)
		}
	}
	mustMove(t, s, "incident", other.Ref, "assigned", typed.Add(30*time.Second))
	// A ticket opened in the future is not backdated: it is created now.
	future := mustCreate(t, s, "incident", map[string]any{"title": "later", "service": "SVC-00001", "opened_at": typed.Add(time.Hour).Format(time.RFC3339)})
	if future.CreatedAt != typed.Format(time.RFC3339) {
		t.Errorf("a ticket opened ahead was created at %s", future.CreatedAt)
	}
}
