package audit

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// Papers works on the audit working papers of one workspace.
type Papers struct {
	s *store.Store
}

// New returns the working papers of a workspace.
func New(s *store.Store) *Papers { return &Papers{s: s} }

// Plan is an audit's plan as it is sent to the auditee before the audit.
type Plan struct {
	Assessment string `json:"assessment"` // its ref
	Title      string `json:"title"`
	Type       string `json:"type"`
	Status     string `json:"status"`
	Objectives string `json:"objectives"`
	Scope      string `json:"scope"`
	Criteria   string `json:"criteria"`
	// CriteriaGiven is false when Criteria is the default the plan proposes (the edition
	// assessed against and the organisation's own documented information).
	CriteriaGiven bool      `json:"criteria_given"`
	Method        string    `json:"method"`
	Start         string    `json:"start,omitempty"`
	End           string    `json:"end,omitempty"`
	Lead          string    `json:"lead_auditor,omitempty"`
	Auditors      string    `json:"auditors,omitempty"`
	Sites         string    `json:"sites,omitempty"`
	Auditees      string    `json:"auditees,omitempty"`
	Sessions      []Session `json:"sessions"`
	// SentAt is when the plan was sent (RFC 3339), empty before; Changes says, one line each,
	// how the plan differs from what was sent.
	SentAt  string   `json:"sent_at,omitempty"`
	Changes []string `json:"changes_since_sent,omitempty"`
}

// Session is one session of the agenda.
type Session struct {
	ID      string   `json:"id"`
	Ref     string   `json:"ref"`
	At      string   `json:"at"`
	Minutes int64    `json:"minutes"`
	Clauses []string `json:"clauses"`
	Auditee string   `json:"auditee"`
	Auditor string   `json:"auditor,omitempty"`
	Place   string   `json:"place,omitempty"`
	Remote  bool     `json:"remote,omitempty"`
	Status  string   `json:"status"` // planned, held or cancelled
	Notes   string   `json:"notes,omitempty"`
}

// Where is the session's place, or "remote", in lang.
func (s Session) Where(lang string) string {
	switch {
	case s.Remote && s.Place != "":
		return tr(lang, "%s (remote)", s.Place)
	case s.Remote:
		return tr(lang, "remote")
	}
	return s.Place
}

// DefaultMethod is the method a plan proposes until the lead auditor writes their own, in
// English; a plan shows it in its reader's language (defaultMethod).
var DefaultMethod = i18n.Mark("Interviews with the process owners and staff named in the agenda, on site or remote; " +
	"review of the documented information; samples of records drawn from the registers at random with a recorded seed, " +
	"each sampled record judged against the requirement; observation of the services and tools at work.")

// defaultMethod is DefaultMethod in lang.
func defaultMethod(lang string) string { return i18n.Tr(lang, DefaultMethod) }

// defaultCriteria is what an audit compares against when its plan names nothing else, in lang.
func defaultCriteria(lang, edition string) string {
	std := "ISO/IEC 20000-1:2018"
	if edition == catalogue.EditionAmd1 {
		std = tr(lang, "%s with Amd 1:2024", std)
	}
	return tr(lang, "%s; the organisation's service management policy, plans, processes and procedures; its service level agreements and contracts.", std)
}

// Plan reads an audit's plan.
func (p *Papers) Plan(ctx context.Context, assessment string) (*Plan, error) {
	a, err := p.assessment(ctx, assessment)
	if err != nil {
		return nil, err
	}
	plan, err := p.planOf(ctx, a)
	if err != nil {
		return nil, err
	}
	if hash := str(a, "plan_sent"); hash != "" {
		plan.SentAt = str(a, "plan_sent_at")
		if data, err := p.s.Blob(ctx, hash); err == nil {
			var sent Plan
			if json.Unmarshal(data, &sent) == nil {
				plan.Changes = planChanges(i18n.Lang(ctx), &sent, plan)
			}
		} else {
			plan.Changes = []string{tr(i18n.Lang(ctx), "the plan as sent is not in this workspace (its copy has not arrived yet)")}
		}
	}
	return plan, nil
}

// planOf is an audit's plan. Its defaults (objectives, criteria, method: proposed until the lead
// auditor writes their own) are computed, not stored, in the language of ctx; a default the
// window saved unchanged into the record is still the default, shown in the reader's language.
func (p *Papers) planOf(ctx context.Context, a *store.Record) (*Plan, error) {
	lang := i18n.Lang(ctx)
	plan := &Plan{Assessment: a.Ref, Title: a.Title(), Type: str(a, "assessment_type"), Status: a.Status,
		Objectives: str(a, "objectives"), Scope: str(a, "scope"), Criteria: str(a, "criteria"), Method: str(a, "method"),
		Start: str(a, "start"), End: str(a, "end"), Lead: str(a, "lead_auditor"), Auditors: str(a, "auditors"),
		Sites: str(a, "sites"), Auditees: str(a, "auditees")}
	edition := str(a, "edition")
	criteria := func(l string) string { return defaultCriteria(l, edition) }
	objectives := func(l string) string { return defaultObjectives(l, plan.Type) }
	plan.CriteriaGiven = !isDefault(plan.Criteria, criteria)
	if !plan.CriteriaGiven {
		plan.Criteria = criteria(lang)
	}
	if isDefault(plan.Method, defaultMethod) {
		plan.Method = defaultMethod(lang)
	}
	if isDefault(plan.Objectives, objectives) {
		plan.Objectives = objectives(lang)
	}
	sessions, err := p.sessions(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	plan.Sessions = sessions
	return plan, nil
}

// isDefault says whether a plan's text is empty or the default def gives in one of the languages.
func isDefault(text string, def func(lang string) string) bool {
	if text == "" {
		return true
	}
	for _, l := range i18n.Languages {
		if text == def(l) {
			return true
		}
	}
	return false
}

// defaultObjectives are the objectives a plan proposes for a type of audit until the lead
// auditor writes their own, in lang.
func defaultObjectives(lang, kind string) string {
	switch kind {
	case "internal":
		return tr(lang, "Determine whether the service management system conforms to the organisation's own requirements and to ISO/IEC 20000-1, and is effectively implemented and maintained (clause 9.2).")
	case "supplier":
		return tr(lang, "Determine whether the supplier meets the requirements of its contract and of the organisation's service management system.")
	}
	return tr(lang, "Determine how far the service management system is from conformity with ISO/IEC 20000-1, and what must be done before a certification audit.")
}

func (p *Papers) sessions(ctx context.Context, assessmentID string) ([]Session, error) {
	page, err := p.s.List(ctx, "auditsession", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: assessmentID}}, Sort: "at", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Session{}
	for _, r := range page.Records {
		out = append(out, sessionOf(r))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].At != out[j].At {
			return out[i].At < out[j].At
		}
		return out[i].Ref < out[j].Ref
	})
	return out, nil
}

func sessionOf(r *store.Record) Session {
	m, _ := r.Values["minutes"].(int64)
	clauses, _ := r.Values["clauses"].([]string)
	return Session{ID: r.ID, Ref: r.Ref, At: str(r, "at"), Minutes: m, Clauses: clauses, Auditee: str(r, "auditee"),
		Auditor: str(r, "auditor"), Place: str(r, "place"), Remote: r.Values["remote"] == true, Status: r.Status, Notes: str(r, "notes")}
}

// PlanInput changes the fields of a plan; a nil field is left as it is, an empty one clears it.
type PlanInput struct {
	Objectives, Scope, Criteria, Method, Sites, Auditees, Lead, Auditors, Start, End *string
}

// SetPlan changes the fields of an audit's plan.
func (p *Papers) SetPlan(ctx context.Context, assessment string, in PlanInput) (*Plan, error) {
	input := map[string]any{}
	for field, v := range map[string]*string{"objectives": in.Objectives, "scope": in.Scope, "criteria": in.Criteria,
		"method": in.Method, "sites": in.Sites, "auditees": in.Auditees, "lead_auditor": in.Lead, "auditors": in.Auditors,
		"start": in.Start, "end": in.End} {
		if v != nil {
			input[field] = strings.TrimSpace(*v)
		}
	}
	if len(input) > 0 {
		err := p.s.Write(ctx, func(t *store.Tx) error {
			a, err := t.Get("assessment", assessment)
			if err != nil {
				return err
			}
			_, err = t.Update("assessment", a.ID, input, store.Change{Note: "audit plan changed"})
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return p.Plan(ctx, assessment)
}

// MarkSent records that the plan was sent to the auditee now, keeping the plan as it was sent
// (by its sha256, in the workspace), so that later changes to it are shown.
func (p *Papers) MarkSent(ctx context.Context, assessment string) (*Plan, error) {
	a, err := p.assessment(ctx, assessment)
	if err != nil {
		return nil, err
	}
	plan, err := p.planOf(ctx, a)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(plan)
	if err != nil {
		return nil, err
	}
	err = p.s.Write(ctx, func(t *store.Tx) error {
		hash, err := t.PutBlob(data)
		if err != nil {
			return err
		}
		_, err = t.Update("assessment", a.ID, map[string]any{"plan_sent": hash, "plan_sent_at": p.s.Now().UTC().Format(time.RFC3339)},
			store.Change{Note: "audit plan sent"})
		return err
	})
	if err != nil {
		return nil, err
	}
	return p.Plan(ctx, assessment)
}

// planChanges says, in lang, how the plan now differs from the plan as sent. A default the plan
// proposes is the same default when the plan was sent in another language.
func planChanges(lang string, sent, now *Plan) []string {
	var out []string
	same := func(was, is string, def func(lang string) string) bool {
		return was == is || is == def(lang) && isDefault(was, def)
	}
	criteria := func(edition string) func(string) string {
		return func(l string) string { return defaultCriteria(l, edition) }
	}
	if !same(sent.Objectives, now.Objectives, func(l string) string { return defaultObjectives(l, now.Type) }) {
		out = append(out, tr(lang, "objectives changed: was %q, now %q", short(sent.Objectives), short(now.Objectives)))
	}
	if sent.Scope != now.Scope {
		out = append(out, tr(lang, "scope changed: was %q, now %q", short(sent.Scope), short(now.Scope)))
	}
	if !same(sent.Criteria, now.Criteria, criteria(catalogue.Edition2018)) && !same(sent.Criteria, now.Criteria, criteria(catalogue.EditionAmd1)) {
		out = append(out, tr(lang, "criteria changed: was %q, now %q", short(sent.Criteria), short(now.Criteria)))
	}
	if !same(sent.Method, now.Method, defaultMethod) {
		out = append(out, tr(lang, "method changed: was %q, now %q", short(sent.Method), short(now.Method)))
	}
	if dateSpan(sent.Start, sent.End) != dateSpan(now.Start, now.End) {
		was, is := dateSpan(i18n.Date(lang, sent.Start), i18n.Date(lang, sent.End)), dateSpan(i18n.Date(lang, now.Start), i18n.Date(lang, now.End))
		out = append(out, tr(lang, "dates changed: was %q, now %q", short(was), short(is)))
	}
	if sent.Lead != now.Lead {
		out = append(out, tr(lang, "lead auditor changed: was %q, now %q", short(sent.Lead), short(now.Lead)))
	}
	if sent.Auditors != now.Auditors {
		out = append(out, tr(lang, "audit team changed: was %q, now %q", short(sent.Auditors), short(now.Auditors)))
	}
	if sent.Sites != now.Sites {
		out = append(out, tr(lang, "sites changed: was %q, now %q", short(sent.Sites), short(now.Sites)))
	}
	if sent.Auditees != now.Auditees {
		out = append(out, tr(lang, "auditees changed: was %q, now %q", short(sent.Auditees), short(now.Auditees)))
	}
	before := map[string]Session{}
	for _, s := range sent.Sessions {
		before[s.ID] = s
	}
	for _, s := range now.Sessions {
		was, ok := before[s.ID]
		delete(before, s.ID)
		if !ok {
			out = append(out, tr(lang, "session %s added: %s", s.Ref, describeSession(lang, s)))
			continue
		}
		var diffs []string
		if was.At != s.At {
			diffs = append(diffs, tr(lang, "moved from %s to %s", LocalTimeIn(lang, was.At), LocalTimeIn(lang, s.At)))
		}
		if was.Minutes != s.Minutes {
			diffs = append(diffs, tr(lang, "%d minutes instead of %d", s.Minutes, was.Minutes))
		}
		if !slices.Equal(was.Clauses, s.Clauses) {
			diffs = append(diffs, tr(lang, "clauses %s instead of %s", strings.Join(s.Clauses, ", "), strings.Join(was.Clauses, ", ")))
		}
		if was.Auditee != s.Auditee {
			diffs = append(diffs, tr(lang, "auditee %s instead of %s", s.Auditee, was.Auditee))
		}
		if was.Auditor != s.Auditor {
			diffs = append(diffs, tr(lang, "auditor %s instead of %s", dash(s.Auditor), dash(was.Auditor)))
		}
		if was.Where(lang) != s.Where(lang) {
			diffs = append(diffs, tr(lang, "at %s instead of %s", dash(s.Where(lang)), dash(was.Where(lang))))
		}
		if s.Status == "cancelled" && was.Status != "cancelled" {
			diffs = append(diffs, tr(lang, "cancelled"))
		}
		if len(diffs) > 0 {
			out = append(out, tr(lang, "session %s %s", s.Ref, strings.Join(diffs, "; ")))
		}
	}
	var gone []Session
	for _, s := range before {
		gone = append(gone, s)
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].Ref < gone[j].Ref })
	for _, s := range gone {
		out = append(out, tr(lang, "session %s removed (was %s)", s.Ref, describeSession(lang, s)))
	}
	return out
}

func describeSession(lang string, s Session) string {
	d := tr(lang, "%s, %s with %s", LocalTimeIn(lang, s.At), strings.Join(s.Clauses, ", "), s.Auditee)
	if w := s.Where(lang); w != "" {
		d += ", " + w
	}
	return d
}

func dateSpan(from, to string) string {
	if to == "" || to == from {
		return from
	}
	return from + " – " + to
}

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return strings.TrimSpace(string(r[:57])) + "…"
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// LocalTime prints a stored date and time (RFC 3339, UTC) in the machine's zone, as people
// read an agenda: "2026-12-07 09:30".
func LocalTime(s string) string { return LocalTimeIn("en", s) }

// LocalTimeIn is LocalTime as lang writes it: "2026-12-07 09:30", "07.12.2026 09:30".
func LocalTimeIn(lang, s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return i18n.DateTime(lang, t.In(time.Local))
}

// ParseLocalTime reads a date and time as people type it for an agenda: "2026-12-07 09:30",
// "2026-12-07T09:30" (in the machine's zone) or RFC 3339 with its zone; it returns RFC 3339.
func ParseLocalTime(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(time.RFC3339), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t.UTC().Format(time.RFC3339), nil
		}
	}
	return "", fault.New("audit.time_invalid", field, "%q is not a date and time (2026-12-07 09:30)", s)
}

// assessment reads the assessment an audit paper belongs to.
func (p *Papers) assessment(ctx context.Context, key string) (*store.Record, error) {
	if strings.TrimSpace(key) == "" {
		return nil, fault.New("audit.assessment_required", "assessment", "name the assessment or internal audit (ASM-…)")
	}
	a, err := p.s.Get(ctx, "assessment", key)
	if err != nil {
		return nil, err
	}
	return a, nil
}

func str(r *store.Record, field string) string { s, _ := r.Values[field].(string); return s }
