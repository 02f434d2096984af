package itsm

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// tl builds a timeline from entries "2006-01-02 15:04 status" (UTC).
func tl(entries ...string) []StatusChange {
	var out []StatusChange
	for _, e := range entries {
		i := strings.LastIndex(e, " ")
		out = append(out, StatusChange{At: utc(e[:i]), Status: e[i+1:]})
	}
	return out
}

// clockDiff lists the fields in which got differs from want.
func clockDiff(got, want Clock) []string {
	var d []string
	times := []struct {
		name      string
		got, want time.Time
	}{
		{"RespondDue", got.RespondDue, want.RespondDue},
		{"RespondedAt", got.RespondedAt, want.RespondedAt},
		{"ResolveDue", got.ResolveDue, want.ResolveDue},
		{"ResolvedAt", got.ResolvedAt, want.ResolvedAt},
	}
	for _, f := range times {
		if !f.got.Equal(f.want) {
			d = append(d, fmt.Sprintf("%s = %s, want %s", f.name, f.got, f.want))
		}
	}
	if got.Target != want.Target {
		d = append(d, fmt.Sprintf("Target = %+v, want %+v", got.Target, want.Target))
	}
	if got.Phase != want.Phase {
		d = append(d, fmt.Sprintf("Phase = %d, want %d", got.Phase, want.Phase))
	}
	if got.ResponseUnknown != want.ResponseUnknown {
		d = append(d, fmt.Sprintf("ResponseUnknown = %v, want %v", got.ResponseUnknown, want.ResponseUnknown))
	}
	if got.Responded != want.Responded {
		d = append(d, fmt.Sprintf("Responded = %s, want %s", got.Responded, want.Responded))
	}
	if got.Used != want.Used {
		d = append(d, fmt.Sprintf("Used = %s, want %s", got.Used, want.Used))
	}
	if got.State != want.State {
		d = append(d, fmt.Sprintf("State = %q, want %q", got.State, want.State))
	}
	return d
}

const (
	h = time.Hour
	m = time.Minute
)

func TestRunClock(t *testing.T) {
	p2 := Target{Priority: 2, Respond: h, Resolve: 8 * h}           // on 24x7
	p2office := Target{Priority: 2, Respond: 2 * h, Resolve: 8 * h} // on office hours
	noRespond := Target{Priority: 3, Resolve: 8 * h}
	var zero time.Time

	// 24x7 tickets open on Monday 2026-03-02 09:00 UTC, office ones (Mon-Fri 08:00-18:00 UTC) on
	// Friday 2026-03-06 15:00 unless said otherwise.
	mon9 := utc("2026-03-02 09:00")
	fri15 := utc("2026-03-06 15:00")
	cases := []struct {
		name     string
		cal      calSpec
		target   Target
		opened   time.Time
		timeline []StatusChange
		now      time.Time
		want     Clock // Target is filled in from target
	}{
		{
			name: "24x7: new and running", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new"), now: utc("2026-03-02 09:30"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), Responded: 30 * m,
				ResolveDue: utc("2026-03-02 17:00"), Used: 30 * m, State: SLARunning},
		},
		{
			name: "24x7: no timeline means new since opened", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			now: utc("2026-03-02 09:30"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), Responded: 30 * m,
				ResolveDue: utc("2026-03-02 17:00"), Used: 30 * m, State: SLARunning},
		},
		{
			name: "24x7: late response breaches a new ticket", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new"), now: utc("2026-03-02 10:01"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), Responded: 61 * m,
				ResolveDue: utc("2026-03-02 17:00"), Used: 61 * m, State: SLABreached},
		},
		{
			name: "24x7: just below warning", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:20 assigned"), now: utc("2026-03-02 14:59"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:20"),
				Responded: 20 * m, ResolveDue: utc("2026-03-02 17:00"), Used: 5*h + 59*m, State: SLARunning},
		},
		{
			name: "24x7: warning at 75%", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:20 assigned"), now: utc("2026-03-02 15:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:20"),
				Responded: 20 * m, ResolveDue: utc("2026-03-02 17:00"), Used: 6 * h, State: SLAWarning},
		},
		{
			name: "24x7: exactly at the target is not breached", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:20 assigned"), now: utc("2026-03-02 17:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:20"),
				Responded: 20 * m, ResolveDue: utc("2026-03-02 17:00"), Used: 8 * h, State: SLAWarning},
		},
		{
			name: "24x7: breached while running", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:10 in_progress"), now: utc("2026-03-02 18:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:10"),
				Responded: 10 * m, ResolveDue: utc("2026-03-02 17:00"), Used: 9 * h, State: SLABreached},
		},
		{
			name: "24x7: met", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:30 assigned", "2026-03-02 15:00 resolved"),
			now:      utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:30"),
				Responded: 30 * m, ResolvedAt: utc("2026-03-02 15:00"), Used: 6 * h, State: SLAMet},
		},
		{
			name: "24x7: missed, due is the breach moment", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:30 assigned", "2026-03-02 18:00 resolved"),
			now:      utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:30"),
				Responded: 30 * m, ResolveDue: utc("2026-03-02 17:00"), ResolvedAt: utc("2026-03-02 18:00"),
				Used: 9 * h, State: SLAMissed},
		},
		{
			name: "24x7: missed by late response only", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 10:30 assigned", "2026-03-02 12:00 resolved"),
			now:      utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 10:30"),
				Responded: 90 * m, ResolvedAt: utc("2026-03-02 12:00"), Used: 3 * h, State: SLAMissed},
		},
		{
			name: "24x7: response exactly on target", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 10:00 assigned", "2026-03-02 12:00 resolved"),
			now:      utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 10:00"),
				Responded: h, ResolvedAt: utc("2026-03-02 12:00"), Used: 3 * h, State: SLAMet},
		},
		{
			name: "24x7: resolving a new ticket responds to it", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:40 resolved"), now: utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:40"),
				Responded: 40 * m, ResolvedAt: utc("2026-03-02 09:40"), Used: 40 * m, State: SLAMet},
		},
		{
			// Seen in a client's history: a P1 resolved in 3 h against 4 h showed "missed" because
			// its resolution was taken for a response 15 minutes late.
			name: "24x7: resolved straight from new after the response target: response unknown, judged on resolution",
			cal:  calSpec{spec: "24x7"}, target: Target{Priority: 1, Respond: 15 * m, Resolve: 4 * h}, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 12:00 resolved"), now: utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 09:15"), ResponseUnknown: true,
				ResolvedAt: utc("2026-03-02 12:00"), Used: 3 * h, State: SLAMet},
		},
		{
			name: "24x7: closed straight from new, resolution late: missed on resolution, response unknown",
			cal:  calSpec{spec: "24x7"}, target: Target{Priority: 1, Respond: 15 * m, Resolve: 4 * h}, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 14:00 closed"), now: utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 09:15"), ResponseUnknown: true,
				ResolveDue: utc("2026-03-02 13:00"), ResolvedAt: utc("2026-03-02 14:00"), Used: 5 * h, State: SLAMissed},
		},
		{
			name: "24x7: reopened after a resolution of unknown response: the response stays unknown",
			cal:  calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 11:00 resolved", "2026-03-02 12:00 in_progress"),
			now:      utc("2026-03-02 13:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), ResponseUnknown: true,
				ResolveDue: utc("2026-03-02 18:00"), Used: 3 * h, State: SLARunning},
		},
		{
			name: "24x7: pending time is excluded", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 10:00 pending",
				"2026-03-02 14:00 in_progress", "2026-03-02 16:00 resolved"),
			now: utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolvedAt: utc("2026-03-02 16:00"), Used: 3 * h, State: SLAMet},
		},
		{
			name: "24x7: unsorted timeline is sorted", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 16:00 resolved", "2026-03-02 14:00 in_progress", "2026-03-02 10:00 pending",
				"2026-03-02 09:15 assigned", "2026-03-02 09:00 new"),
			now: utc("2026-03-03 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolvedAt: utc("2026-03-02 16:00"), Used: 3 * h, State: SLAMet},
		},
		{
			name: "24x7: paused before breach has no due date", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 12:00 pending"),
			now:      utc("2026-03-03 09:00"),
			want: Clock{Phase: Paused, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolveDue: zero, Used: 3 * h, State: SLAPaused},
		},
		{
			name: "24x7: paused beyond 75% is paused, not warning", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 15:24 pending"),
			now:      utc("2026-03-03 09:00"),
			want: Clock{Phase: Paused, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, Used: 6*h + 24*m, State: SLAPaused},
		},
		{
			name: "24x7: breached then paused stays breached", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 18:00 pending"),
			now:      utc("2026-03-04 09:00"),
			want: Clock{Phase: Paused, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolveDue: utc("2026-03-02 17:00"), Used: 9 * h, State: SLABreached},
		},
		{
			name: "24x7: reopened ticket resumes with the time used", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 12:00 resolved",
				"2026-03-02 14:00 in_progress"),
			now: utc("2026-03-02 15:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolveDue: utc("2026-03-02 19:00"), Used: 4 * h, State: SLARunning},
		},
		{
			name: "24x7: reopened and resolved again", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 12:00 resolved",
				"2026-03-02 14:00 in_progress", "2026-03-02 16:00 resolved"),
			now: utc("2026-03-03 15:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolvedAt: utc("2026-03-02 16:00"), Used: 5 * h, State: SLAMet},
		},
		{
			name: "24x7: reopened past the target", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:15 assigned", "2026-03-02 16:00 resolved",
				"2026-03-02 17:00 in_progress", "2026-03-02 19:00 resolved"),
			now: utc("2026-03-03 15:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:15"),
				Responded: 15 * m, ResolveDue: utc("2026-03-02 18:00"), ResolvedAt: utc("2026-03-02 19:00"),
				Used: 9 * h, State: SLAMissed},
		},
		{
			name: "24x7: closing keeps the resolution time", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:10 assigned", "2026-03-02 11:00 resolved",
				"2026-03-03 11:00 closed"),
			now: utc("2026-03-05 11:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:10"),
				Responded: 10 * m, ResolvedAt: utc("2026-03-02 11:00"), Used: 2 * h, State: SLAMet},
		},
		{
			name: "24x7: cancelled has no state", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:30 cancelled"), now: utc("2026-03-03 09:00"),
			want: Clock{Phase: Cancelled, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:30"),
				Responded: 30 * m, Used: 30 * m, State: ""},
		},
		{
			name: "24x7: cancelled after breach has no state", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 new", "2026-03-02 09:10 assigned", "2026-03-02 20:00 cancelled"),
			now:      utc("2026-03-03 09:00"),
			want: Clock{Phase: Cancelled, RespondDue: utc("2026-03-02 10:00"), RespondedAt: utc("2026-03-02 09:10"),
				Responded: 10 * m, ResolveDue: utc("2026-03-02 17:00"), Used: 11 * h, State: ""},
		},
		{
			name: "24x7: entries before opened are clamped", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 08:00 new", "2026-03-02 08:30 assigned", "2026-03-02 10:00 in_progress"),
			now:      utc("2026-03-02 11:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-02 10:00"), RespondedAt: mon9,
				Responded: 0, ResolveDue: utc("2026-03-02 17:00"), Used: 2 * h, State: SLARunning},
		},
		{
			name: "24x7: no response target", cal: calSpec{spec: "24x7"}, target: noRespond, opened: mon9,
			timeline: tl("2026-03-02 09:00 new"), now: utc("2026-03-02 12:00"),
			want: Clock{Phase: Running, Responded: 3 * h, ResolveDue: utc("2026-03-02 17:00"), Used: 3 * h,
				State: SLARunning},
		},
		{
			// A ticket never in "new" needs no response: its result must not change with now.
			name: "24x7: created in a working state has responded", cal: calSpec{spec: "24x7"}, target: p2, opened: mon9,
			timeline: tl("2026-03-02 09:00 assigned", "2026-03-02 12:00 resolved"), now: utc("2026-03-10 12:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-02 10:00"), RespondedAt: mon9,
				Responded: 0, ResolvedAt: utc("2026-03-02 12:00"), Used: 3 * h, State: SLAMet},
		},

		{
			name: "office: running across the weekend", cal: officeUTC, target: p2office, opened: fri15,
			timeline: tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned"), now: utc("2026-03-09 09:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-06 17:00"), RespondedAt: utc("2026-03-06 15:30"),
				Responded: 30 * m, ResolveDue: utc("2026-03-09 13:00"), Used: 4 * h, State: SLARunning},
		},
		{
			name: "office: warning", cal: officeUTC, target: p2office, opened: fri15,
			timeline: tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned"), now: utc("2026-03-09 11:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-06 17:00"), RespondedAt: utc("2026-03-06 15:30"),
				Responded: 30 * m, ResolveDue: utc("2026-03-09 13:00"), Used: 6 * h, State: SLAWarning},
		},
		{
			name: "office: breached", cal: officeUTC, target: p2office, opened: fri15,
			timeline: tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned"), now: utc("2026-03-09 14:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-06 17:00"), RespondedAt: utc("2026-03-06 15:30"),
				Responded: 30 * m, ResolveDue: utc("2026-03-09 13:00"), Used: 9 * h, State: SLABreached},
		},
		{
			name: "office: breached, a day later", cal: officeUTC, target: p2office, opened: fri15,
			timeline: tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned"), now: utc("2026-03-10 09:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-06 17:00"), RespondedAt: utc("2026-03-06 15:30"),
				Responded: 30 * m, ResolveDue: utc("2026-03-09 13:00"), Used: 14 * h, State: SLABreached},
		},
		{
			name: "office: opened on Saturday", cal: officeUTC, target: p2office, opened: utc("2026-03-07 10:00"),
			timeline: tl("2026-03-07 10:00 new"), now: utc("2026-03-09 09:00"),
			want: Clock{Phase: Running, RespondDue: utc("2026-03-09 10:00"), Responded: h,
				ResolveDue: utc("2026-03-09 16:00"), Used: h, State: SLARunning},
		},
		{
			name: "office: pending over the weekend", cal: officeUTC, target: p2office, opened: fri15,
			timeline: tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned", "2026-03-06 16:00 pending",
				"2026-03-09 10:00 in_progress", "2026-03-09 12:00 resolved"),
			now: utc("2026-03-09 15:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-06 17:00"), RespondedAt: utc("2026-03-06 15:30"),
				Responded: 30 * m, ResolvedAt: utc("2026-03-09 12:00"), Used: 3 * h, State: SLAMet},
		},
		{
			name: "office: response counted in business hours", cal: officeUTC, target: p2office,
			opened:   utc("2026-03-06 17:00"),
			timeline: tl("2026-03-06 17:00 new", "2026-03-09 08:30 assigned", "2026-03-09 10:00 resolved"),
			now:      utc("2026-03-09 15:00"),
			want: Clock{Phase: Stopped, RespondDue: utc("2026-03-09 09:00"), RespondedAt: utc("2026-03-09 08:30"),
				Responded: 90 * m, ResolvedAt: utc("2026-03-09 10:00"), Used: 3 * h, State: SLAMet},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := RunClock(tc.cal.calendar(t), tc.target, tc.opened, tc.timeline, tc.now)
			want := tc.want
			want.Target = tc.target
			for _, d := range clockDiff(got, want) {
				t.Error(d)
			}
		})
	}
}

// The response state: met, missed, unknown, or nothing to say yet (or no target).
func TestResponseState(t *testing.T) {
	target := Target{Priority: 1, Respond: 15 * m, Resolve: 4 * h}
	for _, c := range []struct {
		name  string
		clock Clock
		want  string
	}{
		{"no response target", Clock{Target: Target{Resolve: h}, Responded: 2 * h}, ""},
		{"awaited within the target", Clock{Target: target, Responded: 10 * m}, ""},
		{"awaited past the target", Clock{Target: target, Responded: 20 * m}, ResponseMissed},
		{"responded in time", Clock{Target: target, RespondedAt: utc("2026-03-02 09:10"), Responded: 10 * m}, ResponseMet},
		{"responded late", Clock{Target: target, RespondedAt: utc("2026-03-02 09:30"), Responded: 30 * m}, ResponseMissed},
		{"unknown", Clock{Target: target, ResponseUnknown: true}, ResponseUnknown},
	} {
		if got := c.clock.ResponseState(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A change of priority swaps the target but keeps the time used.
func TestRunClockPriorityChange(t *testing.T) {
	cal := officeUTC.calendar(t)
	opened := utc("2026-03-06 15:00")
	timeline := tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned")
	now := utc("2026-03-09 11:00") // 6h of business time later
	cases := []struct {
		name       string
		target     Target
		state      string
		resolveDue time.Time
	}{
		{"P2 8h", Target{Priority: 2, Respond: 2 * h, Resolve: 8 * h}, SLAWarning, utc("2026-03-09 13:00")},
		{"P3 24h", Target{Priority: 3, Respond: 4 * h, Resolve: 24 * h}, SLARunning, utc("2026-03-11 09:00")},
		{"P1 4h", Target{Priority: 1, Respond: 30 * m, Resolve: 4 * h}, SLABreached, utc("2026-03-09 09:00")},
		{"P1 4h, response missed", Target{Priority: 1, Respond: 15 * m, Resolve: 4 * h}, SLABreached, utc("2026-03-09 09:00")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := RunClock(cal, tc.target, opened, timeline, now)
			if c.Used != 6*h || c.Responded != 30*m {
				t.Errorf("Used %s, Responded %s; want 6h, 30m whatever the target", c.Used, c.Responded)
			}
			if c.State != tc.state {
				t.Errorf("State = %q, want %q", c.State, tc.state)
			}
			if !c.ResolveDue.Equal(tc.resolveDue) {
				t.Errorf("ResolveDue = %s, want %s", c.ResolveDue, tc.resolveDue)
			}
		})
	}
}

// Refresh of a stored clock agrees with replaying the timeline at the later time.
func TestClockRefresh(t *testing.T) {
	cal := officeUTC.calendar(t)
	target := Target{Priority: 2, Respond: 2 * h, Resolve: 8 * h}
	opened := utc("2026-03-06 15:00") // a Friday
	nows := []time.Time{
		utc("2026-03-06 16:30"), utc("2026-03-06 20:00"), utc("2026-03-07 12:00"),
		utc("2026-03-09 07:00"), utc("2026-03-09 10:00"), utc("2026-03-09 10:30"), utc("2026-03-09 12:59"),
		utc("2026-03-09 13:00"), utc("2026-03-09 14:00"), utc("2026-03-09 17:00"), utc("2026-03-09 19:00"),
		utc("2026-03-10 08:00"), utc("2026-03-10 09:00"), utc("2026-03-14 12:00"), utc("2026-03-16 17:00"),
	}
	cases := []struct {
		name     string
		timeline []StatusChange
	}{
		{"running since Friday", tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned")},
		{"still new", tl("2026-03-06 15:00 new")},
		{"back from pending", tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned",
			"2026-03-06 16:00 pending", "2026-03-09 10:00 in_progress")},
		{"reopened", tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned",
			"2026-03-06 16:00 resolved", "2026-03-09 10:00 in_progress")},
		{"pending", tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned", "2026-03-06 16:00 pending")},
		{"resolved", tl("2026-03-06 15:00 new", "2026-03-06 15:30 assigned", "2026-03-06 16:00 resolved")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			last := tc.timeline[len(tc.timeline)-1].At
			checked := 0
			for i, now1 := range nows {
				if now1.Before(last) {
					continue
				}
				stored := RunClock(cal, target, opened, tc.timeline, now1)
				for _, now2 := range nows[i:] {
					got := stored.Refresh(cal, now2)
					want := RunClock(cal, target, opened, tc.timeline, now2)
					if got.Used != want.Used || got.State != want.State || got.Responded != want.Responded {
						t.Errorf("stored at %s, refreshed to %s: Used %s, State %q, Responded %s; replay: %s, %q, %s",
							now1, now2, got.Used, got.State, got.Responded, want.Used, want.State, want.Responded)
					}
					checked++
				}
			}
			if checked < 10 {
				t.Fatalf("only %d pairs checked", checked)
			}
		})
	}
}

func TestTicketPhase(t *testing.T) {
	cases := []struct {
		status string
		want   Phase
	}{
		{"new", Running}, {"assigned", Running}, {"in_progress", Running}, {"", Running},
		{"pending", Paused},
		{"resolved", Stopped}, {"closed", Stopped}, {"fulfilled", Stopped},
		{"cancelled", Cancelled},
	}
	for _, tc := range cases {
		t.Run(tc.status, func(t *testing.T) {
			if got := TicketPhase(tc.status); got != tc.want {
				t.Errorf("TicketPhase(%q) = %d, want %d", tc.status, got, tc.want)
			}
		})
	}
}

func TestMinutes(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want int64
	}{
		{0, 0}, {59 * time.Second, 0}, {time.Minute, 1}, {90 * time.Second, 1}, {8 * h, 480}, {h - time.Nanosecond, 59},
	}
	for _, tc := range cases {
		t.Run(tc.d.String(), func(t *testing.T) {
			if got := Minutes(tc.d); got != tc.want {
				t.Errorf("Minutes(%s) = %d, want %d", tc.d, got, tc.want)
			}
		})
	}
}

func TestTargetFor(t *testing.T) {
	targets := []Target{
		{Priority: 1, Respond: 15 * m, Resolve: 4 * h},
		{Priority: 2, Respond: h, Resolve: 8 * h},
		{Priority: 4, Resolve: 40 * h},
	}
	cases := []struct {
		name     string
		priority int64
		want     Target
		ok       bool
	}{
		{"first", 1, targets[0], true},
		{"second", 2, targets[1], true},
		{"without response target", 4, targets[2], true},
		{"missing", 3, Target{}, false},
		{"out of range", 0, Target{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := TargetFor(targets, tc.priority)
			if got != tc.want || ok != tc.ok {
				t.Errorf("TargetFor(%d) = %+v, %v; want %+v, %v", tc.priority, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestCheckTargets(t *testing.T) {
	cases := []struct {
		name    string
		targets []Target
		wantErr string // "" for none
	}{
		{"none", nil, ""},
		{"valid", []Target{{1, 15 * m, 4 * h}, {2, h, 8 * h}, {5, 0, 80 * h}}, ""},
		{"respond equals resolve", []Target{{3, 4 * h, 4 * h}}, ""},
		{"priority 0", []Target{{1, m, h}, {0, m, h}}, "row 2: priority must be 1 to 5"},
		{"priority 6", []Target{{6, m, h}}, "row 1: priority must be 1 to 5"},
		{"duplicate", []Target{{2, m, h}, {3, m, h}, {2, m, 2 * h}}, "row 3: priority 2 has a target already"},
		{"zero resolve", []Target{{2, 0, 0}}, "row 1: resolve must be a positive duration"},
		{"negative resolve", []Target{{2, 0, -h}}, "row 1: resolve must be a positive duration"},
		{"respond longer than resolve", []Target{{2, 5 * h, 4 * h}}, "row 1: respond (5h0m0s) is longer than resolve (4h0m0s)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTargets(tc.targets)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr):
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestSegments(t *testing.T) {
	opened := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return opened.Add(time.Duration(m) * time.Minute) }
	now := at(300)
	// Created at the minute it was opened after (the creation's own time does not count), moved
	// once before it was opened (counted from opened), paused, resumed, resolved.
	tl := []StatusChange{{at(-30), "new"}, {at(-10), "assigned"}, {at(60), "pending"}, {at(120), "in_progress"}, {at(200), "resolved"}}
	got := Segments(opened, tl, now)
	want := []Segment{{at(0), at(0), "new", Running}, {at(0), at(60), "assigned", Running}, {at(60), at(120), "pending", Paused},
		{at(120), at(200), "in_progress", Running}, {at(200), now, "resolved", Stopped}}
	if len(got) != len(want) {
		t.Fatalf("segments %+v", got)
	}
	var ran time.Duration
	for i := range want {
		if !got[i].From.Equal(want[i].From) || !got[i].To.Equal(want[i].To) || got[i].Status != want[i].Status || got[i].Phase != want[i].Phase {
			t.Errorf("segment %d: %+v, want %+v", i, got[i], want[i])
		}
		if got[i].Phase == Running {
			ran += got[i].To.Sub(got[i].From)
		}
	}
	// On a 24x7 calendar the running segments are the clock's time used.
	cal, err := ParseCalendar("24x7", "UTC", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := RunClock(cal, Target{Resolve: 8 * time.Hour}, opened, tl, now); c.Used != ran {
		t.Fatalf("clock used %v, segments ran %v", c.Used, ran)
	}
	// No timeline: new from opened until now.
	if got := Segments(opened, nil, now); len(got) != 1 || got[0].Status != "new" || !got[0].To.Equal(now) || got[0].Phase.String() != "running" {
		t.Fatalf("empty timeline %+v", got)
	}
	// An until before the last move does not make a segment run backwards.
	if got := Segments(opened, tl, at(100)); !got[len(got)-1].To.Equal(at(200)) {
		t.Fatalf("until before the last move: %+v", got[len(got)-1])
	}
	if Paused.String() != "paused" || Stopped.String() != "stopped" || Cancelled.String() != "cancelled" {
		t.Fatal("phase names")
	}
}
