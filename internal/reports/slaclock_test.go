package reports

import (
	"errors"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

func TestSLAClockTimeline(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	now := t0.Add(5 * time.Hour)
	s.SetClock(func() time.Time { return now })
	for _, in := range []map[string]any{{"title": "Mail"}, {"title": "Print"}} {
		_, err := s.Create(bg, "service", in, store.Change{})
		do(t, err)
	}
	_, err := s.Create(bg, "sla", map[string]any{"title": "Mail SLA", "service": "SVC-00001", "calendar": "24x7",
		"targets": []any{map[string]any{"priority": 1, "respond": "15m", "resolve": "4h"}}}, store.Change{})
	do(t, err)
	_, err = s.Move(bg, "sla", "SLA-00001", "agreed", store.Change{})
	do(t, err)

	inc, err := s.Create(bg, "incident", map[string]any{"title": "mail down", "service": "SVC-00001", "impact": 1, "urgency": 1, "resolution": "restarted",
		"opened_at": t0.Format(time.RFC3339)}, store.Change{At: t0})
	do(t, err)
	for _, m := range []struct {
		after time.Duration
		to    string
	}{{10 * time.Minute, "in_progress"}, {time.Hour, "pending"}, {3 * time.Hour, "in_progress"}, {4 * time.Hour, "resolved"}} {
		_, err := s.Move(bg, "incident", inc.Ref, m.to, store.Change{At: t0.Add(m.after)})
		do(t, err)
	}
	tl, err := SLAClock(bg, s, "incident", strings.ToLower(inc.Ref), now)
	do(t, err)
	at := func(d time.Duration) string { return t0.Add(d).Format(time.RFC3339) }
	if tl.Ref != inc.Ref || tl.SLA == nil || tl.SLA.Ref != "SLA-00001" || tl.SLA.Title != "Mail SLA" || tl.Priority != 1 ||
		tl.RespondTargetMinutes != 15 || tl.ResolveTargetMinutes != 240 || tl.OpenedAt != at(0) || tl.Now != now.Format(time.RFC3339) {
		t.Fatalf("header %+v", tl)
	}
	// Ran 10 + 50 minutes, paused two hours, ran one more: met.
	if tl.State != "met" || tl.UsedMinutes != 120 || *tl.RespondedAt != at(10*time.Minute) || *tl.ResolvedAt != at(4*time.Hour) ||
		*tl.RespondDue != at(15*time.Minute) {
		t.Fatalf("clock %+v", tl)
	}
	want := []ClockSegment{
		{at(0), at(10 * time.Minute), "new", "running"},
		{at(10 * time.Minute), at(time.Hour), "in_progress", "running"},
		{at(time.Hour), at(3 * time.Hour), "pending", "paused"},
		{at(3 * time.Hour), at(4 * time.Hour), "in_progress", "running"},
		{at(4 * time.Hour), at(5 * time.Hour), "resolved", "stopped"}, // resolved may reopen: until now
	}
	if !equalSegments(tl.Segments, want) {
		t.Fatalf("segments\n got %+v\nwant %+v", tl.Segments, want)
	}
	// The running time of the segments is the clock's time used.
	var ran time.Duration
	for _, sg := range tl.Segments {
		from, _ := time.Parse(time.RFC3339, sg.From)
		to, _ := time.Parse(time.RFC3339, sg.To)
		if sg.Phase == "running" {
			ran += to.Sub(from)
		}
	}
	if int64(ran/time.Minute) != tl.UsedMinutes {
		t.Fatalf("segments ran %v, clock used %d minutes", ran, tl.UsedMinutes)
	}
	// Closed: the last segment has no length.
	_, err = s.Move(bg, "incident", inc.Ref, "closed", store.Change{At: t0.Add(270 * time.Minute)})
	do(t, err)
	tl, err = SLAClock(bg, s, "incident", inc.ID, now)
	do(t, err)
	if last := tl.Segments[len(tl.Segments)-1]; len(tl.Segments) != 6 || last.Status != "closed" || last.From != at(270*time.Minute) || last.To != last.From {
		t.Fatalf("closed: %+v", tl.Segments)
	}

	// An open request breached two hours in: the last segment runs to now.
	req, err := s.Create(bg, "request", map[string]any{"title": "new mailbox", "service": "SVC-00001", "impact": 1, "urgency": 1,
		"opened_at": t0.Add(-time.Hour).Format(time.RFC3339)}, store.Change{At: t0.Add(-time.Hour)})
	do(t, err)
	tl, err = SLAClock(bg, s, "request", req.Ref, now)
	do(t, err)
	if tl.State != "breached" || tl.UsedMinutes != 360 || tl.RespondedAt != nil || tl.ResolvedAt != nil || tl.ResolveDue == nil ||
		!equalSegments(tl.Segments, []ClockSegment{{at(-time.Hour), at(5 * time.Hour), "new", "running"}}) {
		t.Fatalf("open request %+v", tl)
	}

	// No SLA: targets 0, segments all the same.
	other, err := s.Create(bg, "incident", map[string]any{"title": "printer", "service": "SVC-00002",
		"opened_at": t0.Format(time.RFC3339)}, store.Change{At: t0})
	do(t, err)
	_, err = s.Move(bg, "incident", other.Ref, "assigned", store.Change{At: t0.Add(time.Hour)})
	do(t, err)
	tl, err = SLAClock(bg, s, "incident", other.Ref, now)
	do(t, err)
	if tl.SLA != nil || tl.ResolveTargetMinutes != 0 || tl.RespondTargetMinutes != 0 || tl.State != "" || tl.Priority == 0 ||
		!equalSegments(tl.Segments, []ClockSegment{{at(0), at(time.Hour), "new", "running"}, {at(time.Hour), at(5 * time.Hour), "assigned", "running"}}) {
		t.Fatalf("without SLA %+v", tl)
	}
}

func TestSLAClockRefusesOtherKindsAndUnknownTickets(t *testing.T) {
	s := open(t)
	if _, err := SLAClock(bg, s, "problem", "PRB-00001", time.Now()); err == nil || !strings.Contains(err.Error(), `"problem"`) {
		t.Fatalf("problem: %v", err)
	}
	_, err := SLAClock(bg, s, "incident", "INC-00042", time.Now())
	var nf *store.NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "INC-00042") {
		t.Fatalf("unknown: %v", err)
	}
}

func equalSegments(a, b []ClockSegment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
