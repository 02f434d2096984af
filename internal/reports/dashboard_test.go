package reports

import (
	"slices"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

// Every dashboard figure is checked against the list its link opens: a click on a chart must show
// exactly the records counted.
func TestDashboard(t *testing.T) {
	s := open(t)
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC) // a Wednesday
	s.SetClock(func() time.Time { return now })
	add := func(kind string, in map[string]any) *store.Record {
		t.Helper()
		r, err := s.Create(bg, kind, in, store.Change{})
		do(t, err)
		return r
	}
	move := func(kind, ref, to string) {
		t.Helper()
		_, err := s.Move(bg, kind, ref, to, store.Change{})
		do(t, err)
	}
	add("service", map[string]any{"title": "Mail"})
	add("sla", map[string]any{"title": "Mail SLA", "service": "SVC-00001", "calendar": "24x7",
		"targets": []any{map[string]any{"priority": 1, "resolve": "4h"}, map[string]any{"priority": 3, "resolve": "2d"}}})
	move("sla", "SLA-00001", "agreed")
	// Resolved: November 1h (met), 5h (missed); October 2h (met).
	ticket(t, s, "incident", 1, time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC), time.Hour, false)
	ticket(t, s, "incident", 1, time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC), 5*time.Hour, false)
	ticket(t, s, "request", 1, time.Date(2026, 10, 5, 8, 0, 0, 0, time.UTC), 2*time.Hour, false)
	// Open: two P1 incidents, one of them breached (opened 6h ago), and a P3 one.
	for _, opened := range []time.Time{now.Add(-6 * time.Hour), now.Add(-time.Hour)} {
		_, err := s.Create(bg, "incident", map[string]any{"title": "down", "service": "SVC-00001", "impact": 1, "urgency": 1,
			"opened_at": opened.Format(time.RFC3339)}, store.Change{At: opened})
		do(t, err)
	}
	add("incident", map[string]any{"title": "slow", "service": "SVC-00001", "impact": 3, "urgency": 1})
	// First contact: two open tickets whose service is not known yet, and a closed one.
	noService := add("incident", map[string]any{"title": "something is wrong", "impact": 2, "urgency": 2})
	add("request", map[string]any{"title": "a laptop"})
	gone := add("incident", map[string]any{"title": "user error", "resolution": "explained"})
	move("incident", gone.Ref, "resolved")
	// Changes: two this week (Monday 16th to Sunday 22nd), one next week, one rejected this week.
	for i, start := range []string{"2026-11-16T09:00:00Z", "2026-11-22T20:00:00Z", "2026-11-23T09:00:00Z", "2026-11-19T09:00:00Z"} {
		c := add("change", map[string]any{"title": "patch", "change_type": "normal", "service": "SVC-00001",
			"planned_start": start, "planned_end": start[:11] + "23:00:00Z"})
		if i == 3 {
			move("change", c.Ref, "assessed")
			move("change", c.Ref, "rejected")
		}
	}
	// Contracts: ending in 30 and in 200 days.
	add("supplier", map[string]any{"title": "Hoster"})
	for _, end := range []string{"2026-12-18", "2027-06-06"} {
		c := add("contract", map[string]any{"title": "hosting " + end, "supplier": "SUP-00001", "start": "2025-01-01", "end": end, "notice_days": 60})
		move("contract", c.Ref, "active")
	}
	// Actions: one overdue, one due later, one overdue but done.
	for i, due := range []string{"2026-11-01", "2026-12-01", "2026-11-02"} {
		a := add("action", map[string]any{"title": "act", "action_type": "improvement", "owner": "Ana", "due": due})
		if i == 2 {
			_, err := s.Update(bg, "action", a.Ref, map[string]any{"done_on": "2026-11-10"}, store.Change{})
			do(t, err)
			move("action", a.Ref, "done")
		}
	}
	// Reviews: a policy past its review date, one not yet, a management review not held in time.
	add("policy", map[string]any{"title": "SMS policy", "policy_type": "sms", "review_due": "2026-10-01"})
	add("policy", map[string]any{"title": "Change policy", "policy_type": "change", "review_due": "2027-10-01"})
	add("review", map[string]any{"title": "Q3 review", "held_on": "2026-10-15"})
	add("budget", map[string]any{"title": "Mail 2026", "service": "SVC-00001", "period": "2026", "amount": "1000 EUR"})

	_, err := s.RefreshLive(bg)
	do(t, err)
	d, err := BuildDashboard(bg, s, now)
	do(t, err)
	if ns := d.NoService; ns.Total != 2 || len(ns.Entries) != 2 || !slices.ContainsFunc(ns.Entries, func(e Entry) bool { return e.Ref == noService.Ref }) {
		t.Errorf("open tickets without a service: %+v", ns)
	}
	listed := func(l Link) int {
		t.Helper()
		page, err := s.List(bg, l.Kind, store.Query{Where: l.Where})
		do(t, err)
		return page.Total
	}

	counts := map[string]int{}
	for _, c := range d.OpenTickets {
		counts[c.Kind+" "+string(rune('0'+c.Priority))+" "+c.SLAState] = c.Count
		if n := listed(c.Link); n != c.Count {
			t.Errorf("open %s P%d %q: %d counted, its list has %d", c.Kind, c.Priority, c.SLAState, c.Count, n)
		}
	}
	// (and the two without a service, on no SLA: impact 2 x urgency 2 is P3; a request's default P5)
	if counts["incident 1 breached"] != 1 || counts["incident 1 running"] != 1 || counts["incident 3 running"] != 1 ||
		counts["incident 3 "] != 1 || counts["request 5 "] != 1 || len(d.OpenTickets) != 5 {
		t.Errorf("open tickets %+v", d.OpenTickets)
	}

	type month struct {
		service, ref, month string
		tickets, met        int
		compliance          float64
	}
	var trend []month
	for _, m := range d.SLATrend {
		trend = append(trend, month{m.Service, m.ServiceRef, m.Month, m.Tickets, m.Met, m.Compliance})
	}
	if len(trend) != 2 || trend[0] != (month{"Mail", "SVC-00001", "2026-10", 1, 1, 100}) || trend[1] != (month{"Mail", "SVC-00001", "2026-11", 2, 1, 50}) {
		t.Errorf("SLA trend %+v", d.SLATrend)
	}
	// The month's link lists its incidents: October's one ticket was a request.
	if len(trend) == 2 {
		if n := listed(d.SLATrend[1].Link); n != 2 {
			t.Errorf("November's link lists %d incidents, want 2", n)
		}
		if n := listed(d.SLATrend[0].Link); n != 0 {
			t.Errorf("October's link lists %d incidents, want none", n)
		}
	}

	for name, sec := range map[string]Section{"changes this week": d.ChangesThisWeek, "contracts expiring": d.ContractsExpiring,
		"overdue actions": d.OverdueActions} {
		if n := listed(sec.Link); n != sec.Total || len(sec.Entries) != sec.Total {
			t.Errorf("%s: %d counted, %d listed here, its list has %d", name, sec.Total, len(sec.Entries), n)
		}
	}
	if d.ChangesThisWeek.Total != 2 || d.ChangesThisWeek.Entries[0].Ref != "CHG-00001" || d.ChangesThisWeek.Entries[1].Ref != "CHG-00002" {
		t.Errorf("changes this week %+v", d.ChangesThisWeek)
	}
	if e := d.ContractsExpiring.Entries; len(e) != 1 || e[0].Date != "2026-12-18" || e[0].Note != "notice by 2026-10-19" {
		t.Errorf("contracts expiring %+v", d.ContractsExpiring)
	}
	if e := d.OverdueActions.Entries; len(e) != 1 || e[0].Ref != "ACT-00001" || e[0].Note != "Ana" {
		t.Errorf("overdue actions %+v", d.OverdueActions)
	}
	if e := d.OverdueReviews.Entries; d.OverdueReviews.Total != 2 || e[0].Ref != "POL-00001" || e[1].Ref != "MR-00001" {
		t.Errorf("overdue reviews %+v", d.OverdueReviews)
	}
	if n := listed(d.OverdueReviews.Link); n != 1 {
		t.Errorf("the overdue documents' list has %d, want the one policy", n)
	}
	if d.BudgetYear != "2026" || len(d.Budget) != 1 || d.Budget[0].Budget != "BUD-00001" {
		t.Errorf("budget %+v", d.Budget)
	}
}
