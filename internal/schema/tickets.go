package schema

import (
	"slices"
	"strings"
	"sync"
	"time"

	"smsworkbench/internal/itsm"
)

// The rules shared by incidents and requests: the priority from the workspace's matrix, and the
// SLA clock of the ticket's service.

var ticketStates = states("new", "New", "assigned", "Assigned", "in_progress", "In progress", "pending", "Pending (waiting on customer)",
	"resolved", "Resolved", "closed", "Closed", "cancelled", "Cancelled")

// ticketFlow: a resolved ticket awaits its closing (or reopening): it is no longer open work.
func ticketFlow() *Workflow {
	return done(lifecycle("new", ticketStates, map[string][]string{
		"new":         {"assigned", "in_progress", "resolved", "cancelled"},
		"assigned":    {"in_progress", "pending", "resolved", "cancelled"},
		"in_progress": {"assigned", "pending", "resolved", "cancelled"},
		"pending":     {"in_progress", "resolved", "cancelled"},
		"resolved":    {"closed", "in_progress"},
	}, "closed", "cancelled"), "resolved")
}

var priorities = items("1", "Critical", "2", "High", "3", "Medium", "4", "Low", "5", "Planning")

var slaStates = items(itsm.SLARunning, "Running", itsm.SLAPaused, "Paused", itsm.SLAWarning, "Warning",
	itsm.SLABreached, "Breached", itsm.SLAMet, "Met", itsm.SLAMissed, "Missed")

// ticketFields are the fields incidents and requests share, after their own.
func ticketFields() []Field {
	return []Field{
		{Name: "impact", Label: "Impact", Type: Integer, Enum: scale3, Default: int64(3)},
		{Name: "urgency", Label: "Urgency", Type: Integer, Enum: scale3, Default: int64(3)},
		computed(listed(Field{Name: "priority", Label: "Priority", Type: Integer, Indexed: true, Enum: priorities}),
			"impact x urgency, from the workspace's priority matrix"),
		{Name: "assignee", Label: "Assigned to", Type: Text, Searchable: true, InList: true, Indexed: true},
		sourceRef(),
		{Name: "opened_at", Label: "Opened", Type: DateTime, Default: Now, InList: true, Indexed: true},
		computed(Field{Name: "sla", Label: "SLA", Type: Ref, Ref: "sla"}, "the agreed SLA of the ticket's service"),
		computed(listed(Field{Name: "sla_state", Label: "SLA state", Type: Enum, Enum: slaStates, Indexed: true}),
			"running, paused while pending, warning from 75 % of the target, breached; met or missed once resolved"),
		computed(Field{Name: "respond_due", Label: "Respond by", Type: DateTime}, "opened + the response target in business time"),
		computed(Field{Name: "responded_at", Label: "Responded", Type: DateTime}, "first move out of new; unknown when it went straight to resolved after the response target"),
		computed(Field{Name: "response_state", Label: "Response", Type: Enum, Enum: responseStates},
			"met or missed against the response target; unknown when it went straight to resolved after it"),
		computed(Field{Name: "resolve_due", Label: "Resolve by", Type: DateTime, InList: true}, "when the resolution target runs out if the clock keeps running"),
		computed(Field{Name: "resolve_elapsed_minutes", Label: "Business minutes used", Type: Integer}, "business minutes the clock ran, not counting pending"),
		computed(Field{Name: "resolved_at", Label: "Resolved", Type: DateTime, Indexed: true}, "when it was last resolved"),
		computed(Field{Name: "closed_at", Label: "Closed", Type: DateTime}, "when it was closed"),
	}
}

var responseStates = items(itsm.ResponseMet, "Met", itsm.ResponseMissed, "Missed", itsm.ResponseUnknown, "Unknown")

var ticketSLAFields = []string{"sla", "sla_state", "respond_due", "responded_at", "response_state", "resolve_due", "resolve_elapsed_minutes"}

// computeTicket fills the priority, the SLA clock and the resolution dates of a ticket.
//
// An open ticket follows the matrix and its SLA as they are now (every copy computes it again
// when they change). A ticket in a final state keeps what held when it got there: the matrix
// and its SLA's targets and calendar as they stood at that moment, by the dates of their ops, so
// that a copy computing it later, in whatever order its bundles came, finds what the original
// found, and a later edit of the matrix or an SLA does not rewrite history.
func computeTicket(env Env, r *View) {
	final := finalAt(r)
	matrix := itsm.DefaultMatrix
	if final.IsZero() {
		env.Setting(itsm.MatrixSetting, &matrix)
	} else {
		env.SettingAt(itsm.MatrixSetting, final, &matrix)
	}
	impact, _ := r.Int("impact")
	urgency, _ := r.Int("urgency")
	priority, ok := matrix.Priority(impact, urgency)
	if p, given := r.Given["priority"].(int64); given {
		priority, ok = p, true // the priority a historic ticket had in the tool it comes from
	}
	if ok {
		r.Values["priority"] = priority
	} else {
		r.Values["priority"] = nil
	}
	r.Values["resolved_at"], r.Values["closed_at"] = nil, nil
	for _, s := range r.Timeline {
		switch s.Status {
		case "resolved":
			r.Values["resolved_at"] = s.At.UTC().Format(DateTimeLayout)
		case "closed":
			r.Values["closed_at"] = s.At.UTC().Format(DateTimeLayout)
		case "in_progress", "assigned", "pending":
			r.Values["resolved_at"], r.Values["closed_at"] = nil, nil
		}
	}
	if r.Values["resolved_at"] == nil && r.Values["closed_at"] != nil {
		r.Values["resolved_at"] = r.Values["closed_at"] // closed without a resolution recorded: closing ended it
	}
	for _, name := range ticketSLAFields {
		r.Values[name] = nil
	}
	sla := ticketSLA(env, r)
	if sla != nil && !final.IsZero() {
		if then := env.AsOf(sla, final); then != nil {
			sla = then
		}
	}
	if sla == nil || !ok {
		return
	}
	cal, err := slaCalendar(sla)
	target, hasTarget := itsm.TargetFor(slaTargets(sla), priority)
	opened := r.Time("opened_at")
	if err != nil || !hasTarget || opened.IsZero() {
		r.Values["sla"] = sla.ID
		return
	}
	clock := itsm.RunClock(cal, target, opened, r.Timeline, env.Now())
	putClock(r, sla.ID, clock)
}

// finalAt is when a ticket entered the final state it is in (closed, cancelled); zero while it
// is open.
func finalAt(r *View) time.Time {
	if r.Status != "closed" && r.Status != "cancelled" || len(r.Timeline) == 0 {
		return time.Time{}
	}
	return r.Timeline[len(r.Timeline)-1].At
}

// ticketSLA is the SLA that applies to a ticket: one of its service's SLAs that was valid when
// the ticket was opened (slaValidAt), also when it was recorded after the ticket closed (a
// client's history imported, its SLAs recorded afterwards); with several, the oldest. A ticket
// opened before any SLA of its service without a validity start falls back on one without a
// start: the one agreed when it closed, or, while it is not closed, the one agreed now. It
// depends on the SLAs' values and timelines, not on when it is computed, so every copy finds the
// same.
func ticketSLA(env Env, r *View) *View {
	service := r.String("service")
	if service == "" {
		return nil
	}
	slas := env.Find("sla", Cond{"service", "=", service})
	slices.SortFunc(slas, func(a, b *View) int { return strings.Compare(a.CreatedAt+a.Ref, b.CreatedAt+b.Ref) })
	opened := r.Time("opened_at")
	for _, s := range slas {
		if slaValidAt(env, s, opened) {
			return s
		}
	}
	undated := func(at func(s *View) bool) *View {
		for _, s := range slas {
			if s.String("valid_from") == "" && at(s) {
				return s
			}
		}
		return nil
	}
	if closed := r.Time("closed_at"); !closed.IsZero() {
		return undated(func(s *View) bool { return s.StatusAt(closed) == "agreed" })
	}
	return undated(func(s *View) bool { return s.Status == "agreed" })
}

// slaValidAt says whether an SLA covered a ticket opened at t. An SLA that was never agreed
// covers nothing. Its valid_from and valid_to bound the days it covers (in its time zone); without
// valid_from it covers from the moment it was agreed, without valid_to until it was retired.
func slaValidAt(env Env, s *View, t time.Time) bool {
	if t.IsZero() || !slices.ContainsFunc(env.History(s), func(c StatusChange) bool { return c.Status == "agreed" }) {
		return false
	}
	day := t.In(slaLocation(s)).Format(DateLayout)
	from, to := s.String("valid_from"), s.String("valid_to")
	switch {
	case to != "" && day > to:
		return false
	case from != "":
		return day >= from && (to != "" || s.StatusAt(t) != "retired")
	}
	return s.StatusAt(t) == "agreed"
}

var locations sync.Map // time zone name -> *time.Location

// slaLocation is the time zone of an SLA (UTC when it names none or an unknown one).
func slaLocation(s *View) *time.Location {
	name := s.String("timezone")
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil || name == "" {
		l = time.UTC
	}
	locations.Store(name, l)
	return l
}

func putClock(r *View, sla string, c itsm.Clock) {
	stamp := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Truncate(time.Second).Format(DateTimeLayout)
	}
	r.Values["sla"] = sla
	r.Values["respond_due"] = stamp(c.RespondDue)
	r.Values["responded_at"] = stamp(c.RespondedAt)
	if st := c.ResponseState(); st != "" {
		r.Values["response_state"] = st
	} else {
		r.Values["response_state"] = nil
	}
	r.Values["resolve_due"] = stamp(c.ResolveDue)
	r.Values["resolve_elapsed_minutes"] = itsm.Minutes(c.Used)
	if c.State == "" {
		r.Values["sla_state"] = nil
	} else {
		r.Values["sla_state"] = c.State
	}
}

// liveTicket brings the SLA clock of an open ticket to the moment it is read.
func liveTicket(env Env, r *View) {
	phase := itsm.TicketPhase(r.Status)
	if phase != itsm.Running && phase != itsm.Paused || r.String("sla") == "" || r.Values["resolve_elapsed_minutes"] == nil {
		return
	}
	sla := env.Get(r.String("sla"))
	if sla == nil {
		return
	}
	cal, err := slaCalendar(sla)
	priority, _ := r.Int("priority")
	target, ok := itsm.TargetFor(slaTargets(sla), priority)
	if err != nil || !ok {
		return
	}
	used, _ := r.Int("resolve_elapsed_minutes")
	c := itsm.Clock{Target: target, Phase: phase, RespondDue: r.Time("respond_due"), RespondedAt: r.Time("responded_at"),
		ResolveDue: r.Time("resolve_due"), Used: time.Duration(used) * time.Minute, ResponseUnknown: r.String("response_state") == itsm.ResponseUnknown}
	if !c.RespondedAt.IsZero() {
		c.Responded = cal.Between(r.Time("opened_at"), c.RespondedAt)
	}
	putClock(r, sla.ID, c.Refresh(cal, env.Now()))
}

// SLATargets reads the targets table of an SLA from its values, as the clock of its tickets
// uses them.
func SLATargets(sla map[string]any) []itsm.Target { return slaTargets(&View{Values: sla}) }

// slaTargets reads the targets table of an SLA.
func slaTargets(sla *View) []itsm.Target {
	rows, _ := sla.Values["targets"].([]map[string]any)
	out := make([]itsm.Target, 0, len(rows))
	for _, row := range rows {
		p, _ := row["priority"].(int64)
		respond, _ := row["respond"].(int64)
		resolve, _ := row["resolve"].(int64)
		out = append(out, itsm.Target{Priority: p, Respond: time.Duration(respond) * time.Minute, Resolve: time.Duration(resolve) * time.Minute})
	}
	return out
}

// calendarError says which field of an SLA makes its calendar invalid.
type calendarError struct {
	field string
	err   error
}

func (e *calendarError) Error() string { return e.err.Error() }

var calendars sync.Map // key of calendar, zone and holidays -> *itsm.Calendar

// slaCalendar parses an SLA's calendar, remembering calendars already parsed.
func slaCalendar(sla *View) (*itsm.Calendar, error) {
	rows, _ := sla.Values["holidays"].([]map[string]any)
	var holidays []string
	for _, row := range rows {
		if d, ok := row["date"].(string); ok {
			holidays = append(holidays, d)
		}
	}
	key := sla.String("calendar") + "\x00" + sla.String("timezone") + "\x00" + strings.Join(holidays, ",")
	if c, ok := calendars.Load(key); ok {
		return c.(*itsm.Calendar), nil
	}
	if _, err := itsm.ParseCalendar("24x7", sla.String("timezone"), nil); err != nil {
		return nil, &calendarError{"timezone", err}
	}
	c, err := itsm.ParseCalendar(sla.String("calendar"), sla.String("timezone"), holidays)
	if err != nil {
		return nil, &calendarError{"calendar", err}
	}
	calendars.Store(key, c)
	return c, nil
}
