package reports

import (
	"context"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Schedule is the schedule of change of a period: the changes planned in it and which of them
// overlap.
type Schedule struct {
	From    string          `json:"from"` // RFC 3339
	To      string          `json:"to"`   // RFC 3339, the end of the period (exclusive)
	Changes []ScheduledItem `json:"changes"`
}

// ScheduledItem is one change in a schedule of change.
type ScheduledItem struct {
	ID           string      `json:"id"`
	Ref          string      `json:"ref"`
	Title        string      `json:"title"`
	Status       string      `json:"status"`
	Type         string      `json:"type"` // change type: standard, normal, emergency
	Service      *store.Link `json:"service"`
	PlannedStart string      `json:"planned_start"`
	PlannedEnd   string      `json:"planned_end"` // an hour after the start when none is planned
	Overlaps     []string    `json:"overlaps"`    // refs of the changes of this schedule it overlaps
}

// MaxScheduleDays is the longest period a schedule of change covers.
const MaxScheduleDays = 400

// ChangeSchedule lists the changes whose planned window meets the period [from, to), neither
// rejected nor cancelled, by planned start. A change without a planned end lasts an hour.
// Overlaps follow the rule of the change register (itsm.Clash): two open changes whose windows
// share time on the same service or a common CI; a closed change overlaps none, as its stored
// overlaps field says.
func ChangeSchedule(ctx context.Context, s *store.Store, from, to time.Time) (*Schedule, error) {
	from, to = from.UTC(), to.UTC()
	if !to.After(from) {
		return nil, fault.New("period.reversed", "to", "the schedule of change ends (%s) before it starts (%s)", to.Format(schema.DateTimeLayout), from.Format(schema.DateTimeLayout))
	}
	if to.Sub(from) > MaxScheduleDays*24*time.Hour {
		return nil, fault.New("schedule.too_long", "to", "a schedule of change covers at most %d days; %s to %s is longer", MaxScheduleDays,
			from.Format(schema.DateLayout), to.Format(schema.DateLayout))
	}
	// Through the index on planned_start: a window running into the period started at most
	// itsm.MaxWindow before it, as the overlap rule assumes.
	page, err := s.List(ctx, "change", store.Query{Limit: -1, Sort: "planned_start", Where: append(notIn("rejected", "cancelled"),
		store.Filter{Field: "planned_start", Op: ">=", Value: from.Add(-itsm.MaxWindow).Format(schema.DateTimeLayout)},
		store.Filter{Field: "planned_start", Op: "<", Value: to.Format(schema.DateTimeLayout)})})
	if err != nil {
		return nil, err
	}
	sched := &Schedule{From: from.Format(schema.DateTimeLayout), To: to.Format(schema.DateTimeLayout), Changes: []ScheduledItem{}}
	var slots []itsm.ChangeSlot
	for _, r := range page.Records {
		slot := itsm.ChangeSlot{ID: r.ID, Status: r.Status, Service: str(r.Values["service"]), CIs: asIDs(r.Values["cis"]),
			Window: itsm.Window{Start: timeOf(r.Values["planned_start"]), End: timeOf(r.Values["planned_end"])}}
		if !slot.Window.Ends().After(from) {
			continue
		}
		it := ScheduledItem{ID: r.ID, Ref: r.Ref, Title: r.Title(), Status: r.Status, Type: str(r.Values["change_type"]),
			PlannedStart: slot.Window.Start.Format(schema.DateTimeLayout), PlannedEnd: slot.Window.Ends().Format(schema.DateTimeLayout),
			Overlaps: []string{}}
		if l, ok := r.Field("service").(store.Link); ok {
			it.Service = &l
		}
		sched.Changes = append(sched.Changes, it)
		slots = append(slots, slot)
	}
	// By start, each change meets only those that start before it ends.
	for i := range slots {
		for j := i + 1; j < len(slots) && slots[j].Window.Start.Before(slots[i].Window.Ends()); j++ {
			if itsm.Clash(slots[i], slots[j]) {
				sched.Changes[i].Overlaps = append(sched.Changes[i].Overlaps, sched.Changes[j].Ref)
				sched.Changes[j].Overlaps = append(sched.Changes[j].Overlaps, sched.Changes[i].Ref)
			}
		}
	}
	for _, c := range sched.Changes {
		sort.Slice(c.Overlaps, func(a, b int) bool { return refLess(c.Overlaps[a], c.Overlaps[b]) })
	}
	return sched, nil
}

// ParseBound reads a bound of a period as a person gives it: a date (2026-11-01) or an
// RFC 3339 moment. A date as the end means the whole day. name says which bound it is, for the
// error.
func ParseBound(name, value string, end bool) (time.Time, error) {
	v := strings.TrimSpace(value)
	if d, err := time.Parse(schema.DateLayout, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if v == "" {
		return time.Time{}, fault.New("schedule.bound_invalid", name, "%s is missing: give a date such as 2026-11-01 or an RFC 3339 time", name)
	}
	return time.Time{}, fault.New("schedule.bound_invalid", name, "%s %q is not a date such as 2026-11-01 or an RFC 3339 time", name, value)
}

func timeOf(v any) time.Time {
	t, _ := time.Parse(schema.DateTimeLayout, str(v))
	return t
}

func asIDs(v any) []string { ids, _ := v.([]string); return ids }

// refLess orders references by prefix, then number (CHG-00010 after CHG-00009).
func refLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
