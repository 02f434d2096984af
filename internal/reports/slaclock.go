package reports

import (
	"context"
	"time"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// SLATimeline is a ticket's SLA clock drawn as a timeline: its targets, due dates and state as
// the ticket's rules computed them, and the stretches in which the clock ran, paused or stopped.
type SLATimeline struct {
	Ref                  string         `json:"ref"`
	SLA                  *store.Link    `json:"sla"` // nil when no agreed SLA applies
	Priority             int64          `json:"priority"`
	RespondTargetMinutes int64          `json:"respond_target_minutes"` // business minutes; 0: none
	ResolveTargetMinutes int64          `json:"resolve_target_minutes"`
	OpenedAt             string         `json:"opened_at"`
	RespondDue           *string        `json:"respond_due"`
	RespondedAt          *string        `json:"responded_at"`
	ResolveDue           *string        `json:"resolve_due"`
	ResolvedAt           *string        `json:"resolved_at"`
	State                string         `json:"state"`        // itsm.SLA*; "" without an SLA or when cancelled
	UsedMinutes          int64          `json:"used_minutes"` // business minutes the clock ran
	Now                  string         `json:"now"`
	Segments             []ClockSegment `json:"segments"`
}

// ClockSegment is a stretch of the ticket's life in one state.
type ClockSegment struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Status string `json:"status"`
	Phase  string `json:"phase"` // running, paused, stopped, cancelled
}

// SLAClock returns the SLA timeline of an incident or request (key: id or ref) at now. The
// figures are the ticket's computed fields, brought to the store's clock as any read does; the
// segments replay its status changes as the clock does (itsm.Segments). The last segment of an
// open ticket ends at now; that of a closed or cancelled ticket has no length.
func SLAClock(ctx context.Context, s *store.Store, kind, key string, now time.Time) (*SLATimeline, error) {
	if kind != "incident" && kind != "request" {
		return nil, fault.New("report.kind_invalid", "", "an SLA clock is kept for incidents and requests, not for %q", kind)
	}
	r, err := s.Get(ctx, kind, key)
	if err != nil {
		return nil, err
	}
	tl, err := s.Timeline(ctx, kind, r.ID)
	if err != nil {
		return nil, err
	}
	res := &SLATimeline{Ref: r.Ref, OpenedAt: str(r.Values["opened_at"]), State: str(r.Values["sla_state"]),
		Now: now.UTC().Format(schema.DateTimeLayout), Segments: []ClockSegment{}}
	res.Priority, _ = r.Values["priority"].(int64)
	res.UsedMinutes, _ = r.Values["resolve_elapsed_minutes"].(int64)
	res.RespondDue, res.RespondedAt = optional(r.Values["respond_due"]), optional(r.Values["responded_at"])
	res.ResolveDue, res.ResolvedAt = optional(r.Values["resolve_due"]), optional(r.Values["resolved_at"])
	if id := str(r.Values["sla"]); id != "" {
		l, _ := r.Field("sla").(store.Link)
		res.SLA = &l
		sla, err := s.Get(ctx, "sla", id)
		if err != nil {
			return nil, err
		}
		if t, ok := itsm.TargetFor(schema.SLATargets(sla.Values), res.Priority); ok {
			res.RespondTargetMinutes, res.ResolveTargetMinutes = itsm.Minutes(t.Respond), itsm.Minutes(t.Resolve)
		}
	}
	opened, err := time.Parse(schema.DateTimeLayout, res.OpenedAt)
	if err != nil {
		opened, _ = time.Parse(schema.DateTimeLayout, r.CreatedAt)
	}
	segs := itsm.Segments(opened, tl, now)
	if last := &segs[len(segs)-1]; r.DeclaredKind().IsFinal(r.Status) {
		last.To = last.From
	}
	for _, sg := range segs {
		res.Segments = append(res.Segments, ClockSegment{From: sg.From.UTC().Format(schema.DateTimeLayout),
			To: sg.To.UTC().Format(schema.DateTimeLayout), Status: sg.Status, Phase: sg.Phase.String()})
	}
	return res, nil
}

func str(v any) string { s, _ := v.(string); return s }

func optional(v any) *string {
	if s, ok := v.(string); ok && s != "" {
		return &s
	}
	return nil
}
