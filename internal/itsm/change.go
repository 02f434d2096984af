package itsm

import (
	"slices"
	"time"

	"smsworkbench/internal/fault"
)

// Change types.
const (
	StandardChange  = "standard"
	NormalChange    = "normal"
	EmergencyChange = "emergency"
)

// ChangeFacts is what the change rules look at.
type ChangeFacts struct {
	Ref      string
	Type     string
	Status   string
	Approved bool // approver and approval date recorded
	Model    bool // a standard change names a standard change model
	ModelOK  bool // ... and that model is approved
	Reviewed bool // a post-implementation review is recorded
}

// CheckChangeMove applies the change rules to a move the workflow's graph allows:
//   - a normal change is scheduled or implemented only once approved, with approver and date;
//   - an emergency change may be implemented straight away and approved after the fact, but is
//     closed only after a post-implementation review;
//   - a standard change follows a pre-approved, approved model and needs no approval of its own;
//   - approving any change records who approved it and when.
func CheckChangeMove(c ChangeFacts, to string) error {
	switch {
	case to == "approved" && !c.Approved:
		return fault.New("change.not_ready", "", "change %s cannot be approved without an approver and an approval date (set approved_by and approved_on first)", c.Ref)
	case c.Type == StandardChange && (to == "scheduled" || to == "implemented" || to == "approved") && !c.Model:
		return fault.New("change.not_ready", "", "change %s is standard and names no standard change model", c.Ref)
	case c.Type == StandardChange && (to == "scheduled" || to == "implemented") && !c.ModelOK:
		return fault.New("change.not_ready", "", "change %s is standard but its change model is not approved", c.Ref)
	case c.Type == NormalChange && (to == "scheduled" || to == "implemented") && (!c.Approved || c.Status == "new" || c.Status == "assessed"):
		return fault.New("change.not_ready", "", "change %s is normal and not approved", c.Ref)
	case c.Type == EmergencyChange && to == "closed" && !c.Reviewed:
		return fault.New("change.not_ready", "", "change %s is an emergency change and has no post-implementation review", c.Ref)
	case c.Type != EmergencyChange && c.Type != StandardChange && c.Status == "new" && to == "implemented":
		return fault.New("change.not_ready", "", "change %s is %s and not approved", c.Ref, c.Type)
	}
	return nil
}

// MaxWindow is how far back the overlap rule and the schedule of change look for changes whose
// window may still be running: a change window lasts hours or days, never more than a month.
const MaxWindow = 30 * 24 * time.Hour

// Window is a planned change window.
type Window struct{ Start, End time.Time }

// Overlaps reports whether two planned windows share time. A window without an end lasts one
// hour, the shortest slot a change calendar shows.
func (w Window) Overlaps(o Window) bool {
	if w.Start.IsZero() || o.Start.IsZero() {
		return false
	}
	return w.Start.Before(o.Ends()) && o.Start.Before(w.Ends())
}

// Ends is when the window ends: its End, or an hour after its Start when it has none.
func (w Window) Ends() time.Time {
	if w.End.After(w.Start) {
		return w.End
	}
	return w.Start.Add(time.Hour)
}

// ChangeSlot is what the overlap rule looks at of a change.
type ChangeSlot struct {
	ID      string
	Status  string
	Window  Window
	Service string   // id; "" when none
	CIs     []string // ids
}

// ChangeOpen reports whether a change takes part in overlaps: it is not closed, rejected or
// cancelled.
func ChangeOpen(status string) bool {
	return status != "closed" && status != "rejected" && status != "cancelled"
}

// Clash reports whether two changes overlap by the rule of the change register: both open, two
// different changes, their planned windows share time, and they touch the same service or a
// common CI.
func Clash(a, b ChangeSlot) bool {
	if a.ID == b.ID || !ChangeOpen(a.Status) || !ChangeOpen(b.Status) || !a.Window.Overlaps(b.Window) {
		return false
	}
	if a.Service != "" && a.Service == b.Service {
		return true
	}
	for _, ci := range b.CIs {
		if slices.Contains(a.CIs, ci) {
			return true
		}
	}
	return false
}
