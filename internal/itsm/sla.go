package itsm

import (
	"sort"
	"time"

	"smsworkbench/internal/fault"
)

// StatusChange is one entry of a ticket's timeline: from At on, it was in Status.
type StatusChange struct {
	At     time.Time
	Status string
}

// Phase is what a ticket's state does to its SLA clock.
type Phase int

const (
	Running   Phase = iota // the clock runs (new, assigned, in progress)
	Paused                 // waiting on the customer (pending)
	Stopped                // resolved or closed: the result is final unless reopened
	Cancelled              // a cancelled ticket has no SLA result
)

// TicketPhase classifies the states of incidents and requests.
func TicketPhase(status string) Phase {
	switch status {
	case "pending":
		return Paused
	case "resolved", "closed", "fulfilled":
		return Stopped
	case "cancelled":
		return Cancelled
	}
	return Running
}

// Target is what an SLA promises for one priority, in business time of its calendar.
// A zero Respond means no response target.
type Target struct {
	Priority int64         `json:"priority"`
	Respond  time.Duration `json:"respond"`
	Resolve  time.Duration `json:"resolve"`
}

// SLA states of a ticket.
const (
	SLARunning  = "running"
	SLAPaused   = "paused"
	SLAWarning  = "warning" // 75 % of the resolution target is spent
	SLABreached = "breached"
	SLAMet      = "met"
	SLAMissed   = "missed"
)

// WarningShare is the share of the resolution target after which a ticket is in warning.
const WarningShare = 0.75

// Clock is a ticket's SLA clock: what it has used of its targets and what it is due.
type Clock struct {
	Target      Target
	Phase       Phase
	RespondDue  time.Time // zero without a response target
	RespondedAt time.Time // first move out of "new"; zero until then, or when unknown
	Responded   time.Duration
	// ResponseUnknown: the ticket went from new straight to resolved (or closed) after its
	// response target, so when it was responded to is not known. It is judged on its resolution
	// alone, and counted apart: neither met nor missed for its response.
	ResponseUnknown bool
	ResolveDue      time.Time // when the target runs out while the clock runs; the breach moment once
	// breached; zero while paused or after resolution in time
	ResolvedAt time.Time // zero until resolved
	Used       time.Duration
	State      string // "" for a cancelled ticket
}

// RunClock replays a ticket's timeline on an SLA calendar. The clock starts at opened, runs in
// running states, pauses while pending and stops at resolution; a reopened ticket resumes with
// the time already used. Response ends at the first move out of "new"; a move from new straight
// to resolved is a response only when it came within the response target (a resolution is a
// response at the latest), else the response is unknown. A change of priority applies the new
// target but keeps the time used, because only the target depends on it.
func RunClock(cal *Calendar, target Target, opened time.Time, timeline []StatusChange, now time.Time) Clock {
	steps := replay(opened, timeline)
	c := Clock{Target: target}
	if target.Respond > 0 {
		c.RespondDue = cal.Add(opened, target.Respond)
	}
	status, from := steps[0].Status, opened
	steps = steps[1:]
	if status != "new" {
		c.RespondedAt = opened // created past "new": it never waited for a response
	}
	run := func(to time.Time) {
		if TicketPhase(status) != Running || !to.After(from) {
			return
		}
		d := cal.Between(from, to)
		if c.ResolveDue.IsZero() && c.Used+d > target.Resolve {
			c.ResolveDue = cal.Add(from, target.Resolve-c.Used) // the moment it was breached
		}
		c.Used += d
	}
	for _, s := range steps {
		at := s.At
		run(at)
		if c.RespondedAt.IsZero() && !c.ResponseUnknown && status == "new" && s.Status != "new" {
			if TicketPhase(s.Status) == Stopped && !c.RespondDue.IsZero() && at.After(c.RespondDue) {
				c.ResponseUnknown = true
			} else {
				c.RespondedAt = at
			}
		}
		switch TicketPhase(s.Status) {
		case Stopped:
			if TicketPhase(status) != Stopped {
				c.ResolvedAt = at
			}
		default:
			c.ResolvedAt = time.Time{}
		}
		status, from = s.Status, at
	}
	c.Phase = TicketPhase(status)
	switch {
	case c.Phase == Running && c.Used <= target.Resolve:
		c.ResolveDue = cal.Add(from, target.Resolve-c.Used)
	case c.Phase == Running:
		// Breached before a pause: the due date is where the target would have run out had the
		// clock never paused, so that Refresh counts only running time.
		c.ResolveDue = cal.Sub(from, c.Used-target.Resolve)
	}
	run(later(now, from))
	end := now
	if !c.RespondedAt.IsZero() {
		end = c.RespondedAt
	}
	if !c.ResponseUnknown {
		c.Responded = cal.Between(opened, end)
	}
	c.State = c.state()
	return c
}

// replay is a ticket's timeline as its clock sees it: the state it was created in (new when the
// timeline is empty) from opened on, then every later move in the order it took effect, none
// before opened.
func replay(opened time.Time, timeline []StatusChange) []StatusChange {
	steps := append([]StatusChange(nil), timeline...)
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].At.Before(steps[j].At) })
	if len(steps) == 0 {
		return []StatusChange{{At: opened, Status: "new"}}
	}
	steps[0].At = opened
	for i := range steps[1:] {
		steps[i+1].At = later(steps[i+1].At, opened)
	}
	return steps
}

// String names a phase as the SLA timeline shows it.
func (p Phase) String() string {
	switch p {
	case Paused:
		return "paused"
	case Stopped:
		return "stopped"
	case Cancelled:
		return "cancelled"
	}
	return "running"
}

// Segment is a stretch of a ticket's life in one state, and what that state does to its clock.
type Segment struct {
	From, To time.Time
	Status   string
	Phase    Phase
}

// Segments cuts a ticket's timeline into the stretches its clock replays (see RunClock): one per
// state from opened on, each ending where the next begins and the last at until (never before it
// begins). Moves at the same moment give stretches of no length; they are kept, because they
// happened.
func Segments(opened time.Time, timeline []StatusChange, until time.Time) []Segment {
	steps := replay(opened, timeline)
	out := make([]Segment, len(steps))
	for i, s := range steps {
		end := until
		if i+1 < len(steps) {
			end = steps[i+1].At
		}
		out[i] = Segment{From: s.At, To: later(end, s.At), Status: s.Status, Phase: TicketPhase(s.Status)}
	}
	return out
}

func (c *Clock) state() string {
	respondLate := c.Target.Respond > 0 && !c.ResponseUnknown && c.Responded > c.Target.Respond
	late := c.Used > c.Target.Resolve || respondLate
	switch {
	case c.Phase == Cancelled:
		return ""
	case c.Phase == Stopped && late:
		return SLAMissed
	case c.Phase == Stopped:
		return SLAMet
	case late:
		return SLABreached
	case c.Phase == Paused:
		return SLAPaused
	case float64(c.Used) >= WarningShare*float64(c.Target.Resolve):
		return SLAWarning
	}
	return SLARunning
}

// Refresh brings a running clock to now without its timeline: the time used follows from the
// resolution due date, which a running clock keeps fixed. Paused and stopped clocks do not move.
func (c Clock) Refresh(cal *Calendar, now time.Time) Clock {
	if c.Phase == Running && !c.ResolveDue.IsZero() {
		if now.Before(c.ResolveDue) {
			c.Used = c.Target.Resolve - cal.Between(now, c.ResolveDue)
		} else {
			c.Used = c.Target.Resolve + cal.Between(c.ResolveDue, now)
		}
	}
	if c.RespondedAt.IsZero() && !c.ResponseUnknown && c.Phase != Cancelled {
		base := c.RespondDue
		if !base.IsZero() {
			if now.Before(base) {
				c.Responded = c.Target.Respond - cal.Between(now, base)
			} else {
				c.Responded = c.Target.Respond + cal.Between(base, now)
			}
		}
	}
	c.State = c.state()
	return c
}

// Response states of a ticket: its response met or missed its target, or is not known.
const (
	ResponseMet     = "met"
	ResponseMissed  = "missed"
	ResponseUnknown = "unknown"
)

// ResponseState is how the ticket's response stands against its target: "" without a response
// target, or while it is awaited within it.
func (c Clock) ResponseState() string {
	switch {
	case c.Target.Respond <= 0:
		return ""
	case c.ResponseUnknown:
		return ResponseUnknown
	case c.Responded > c.Target.Respond:
		return ResponseMissed
	case !c.RespondedAt.IsZero():
		return ResponseMet
	}
	return ""
}

// Minutes returns a duration in whole minutes, rounded down.
func Minutes(d time.Duration) int64 { return int64(d / time.Minute) }

// TargetFor picks the target of a priority from an SLA's targets.
func TargetFor(targets []Target, priority int64) (Target, bool) {
	for _, t := range targets {
		if t.Priority == priority {
			return t, true
		}
	}
	return Target{}, false
}

// CheckTargets reports targets that cannot be met by their own definition.
func CheckTargets(targets []Target) error {
	seen := map[int64]bool{}
	for i, t := range targets {
		if t.Priority < 1 || t.Priority > 5 {
			return fault.New("sla.target_invalid", "", "row %d: priority must be 1 to 5", i+1)
		}
		if seen[t.Priority] {
			return fault.New("sla.target_invalid", "", "row %d: priority %d has a target already", i+1, t.Priority)
		}
		seen[t.Priority] = true
		if t.Resolve <= 0 {
			return fault.New("sla.target_invalid", "", "row %d: resolve must be a positive duration", i+1)
		}
		if t.Respond > t.Resolve {
			return fault.New("sla.target_invalid", "", "row %d: respond (%s) is longer than resolve (%s)", i+1, t.Respond, t.Resolve)
		}
	}
	return nil
}
