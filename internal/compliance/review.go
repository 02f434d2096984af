package compliance

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// ReviewPack is the input of a management review compiled from the workspace for a period.
type ReviewPack struct {
	From string `json:"from"`
	To   string `json:"to"`

	SLA []SLAResult `json:"sla_performance"`
	// SLAGaps are the tickets resolved in the period that no SLA judged, and why.
	SLAGaps    []reports.SLAGap `json:"sla_gaps"`
	Incidents  []MonthCount     `json:"incident_trend"`
	Requests   []MonthCount     `json:"request_trend"`
	Changes    []ChangeMonth    `json:"change_trend"`
	Audits     []AuditResult    `json:"audit_results"`
	Findings   map[string]int   `json:"findings_by_grade"` // raised in the period
	NCs        NCSummary        `json:"nonconformities"`
	Customers  CustomerSummary  `json:"customer_feedback"`
	Context    ContextSummary   `json:"context_changes"`
	Risks      RiskSummary      `json:"risks"`
	Resources  ResourceSummary  `json:"resources"`
	Improve    ImproveSummary   `json:"improvements"`
	Suppliers  []SupplierScore  `json:"supplier_performance"`
	Objectives []ObjectiveNow   `json:"objectives"`

	PreviousReview  *store.Link    `json:"previous_review,omitempty"`
	PreviousActions []ActionStatus `json:"previous_actions"`

	// Inputs holds the text of each input, named by the field of a management review record it
	// fills (performance, customer_feedback, supplier_performance, audit_results,
	// nonconformities, previous_actions).
	Inputs map[string]string `json:"inputs"`
}

// SLAResult is one SLA's performance in the period.
type SLAResult struct {
	SLA        string  `json:"sla"`
	Title      string  `json:"title"`
	Service    string  `json:"service"`
	Tickets    int     `json:"tickets"`
	Met        int     `json:"met"`
	Compliance float64 `json:"compliance"`
	// ResponseUnknown: tickets judged on resolution alone (see reports.SLARow).
	ResponseUnknown int `json:"response_unknown"`
}

// MonthCount counts tickets opened in a month.
type MonthCount struct {
	Month  string `json:"month"`
	Opened int    `json:"opened"`
	Major  int    `json:"major,omitempty"`
}

// ChangeMonth counts the changes raised in a month by type, and those that failed.
type ChangeMonth struct {
	Month     string `json:"month"`
	Standard  int    `json:"standard"`
	Normal    int    `json:"normal"`
	Emergency int    `json:"emergency"`
	Failed    int    `json:"failed"`
}

// AuditResult is an audit or assessment of the period.
type AuditResult struct {
	store.Link
	Type      string         `json:"type"`
	Date      string         `json:"date"`
	Status    string         `json:"status"`
	Readiness *float64       `json:"readiness,omitempty"`
	Findings  map[string]int `json:"findings"`
}

// NCSummary counts nonconformities.
type NCSummary struct {
	Raised     int `json:"raised"` // in the period
	ClosedIn   int `json:"closed"` // closed in the period
	OpenAtEnd  int `json:"open"`   // still open now
	OverdueAct int `json:"overdue_actions"`
}

// CustomerSummary sums satisfaction surveys and complaints of the period.
type CustomerSummary struct {
	Surveys            int     `json:"surveys"`
	Respondents        int64   `json:"respondents"`
	MeanScore          float64 `json:"mean_score"` // 1 to 5, weighted by respondents
	ComplaintsReceived int     `json:"complaints_received"`
	ComplaintsOpen     int     `json:"complaints_open"`
}

// ContextSummary is what changed in the organisation's context in the period: interested parties
// added or changed, services that went live or were retired.
type ContextSummary struct {
	PartiesAdded   []store.Link `json:"parties_added"`
	PartiesChanged []store.Link `json:"parties_changed"`
	ServicesLive   []store.Link `json:"services_live"`
	ServicesEnded  []store.Link `json:"services_retired"`
}

// RiskSummary is the risk register as the review sees it: open risks by level, those raised in
// the period, those past their review date, and the highest.
type RiskSummary struct {
	Open      int            `json:"open"`
	ByLevel   map[string]int `json:"by_level"`
	Raised    int            `json:"raised"` // in the period
	Overdue   int            `json:"review_overdue"`
	Untreated int            `json:"untreated"` // high or critical, no treatment chosen
	Highest   []RiskLine     `json:"highest"`
}

// RiskLine is one risk with its score.
type RiskLine struct {
	Ref       string `json:"ref"`
	Title     string `json:"title"`
	Score     int64  `json:"score"`
	Level     string `json:"level"`
	Treatment string `json:"treatment"`
}

// ResourceSummary: budgets against costs of the year the period ends in, and the capacity plans.
type ResourceSummary struct {
	Year            string            `json:"year"`
	Budgeted        map[string]string `json:"budgeted"` // per currency
	Actual          map[string]string `json:"actual"`
	Unallocated     map[string]string `json:"unallocated"`
	CapacityPlans   int               `json:"capacity_plans"`
	CapacityOverdue int               `json:"capacity_plans_review_overdue"`
}

// ImproveSummary counts the opportunities for improvement of the period.
type ImproveSummary struct {
	Raised      int `json:"raised"`      // in the period
	Implemented int `json:"implemented"` // implemented or closed in the period
	Open        int `json:"open"`        // proposed, approved or in progress now
	Rejected    int `json:"rejected"`    // rejected in the period
}

// SupplierScore sums a supplier's reviews in the period.
type SupplierScore struct {
	Ref           string   `json:"ref"`
	Title         string   `json:"title"`
	Reviews       int      `json:"reviews"`
	MeanScore     float64  `json:"mean_score"`
	SLACompliance *float64 `json:"sla_compliance,omitempty"`
}

// ObjectiveNow is an objective's status.
type ObjectiveNow struct {
	Ref      string   `json:"ref"`
	Title    string   `json:"title"`
	Target   float64  `json:"target"`
	Actual   *float64 `json:"actual"`
	Unit     string   `json:"unit"`
	Achieved bool     `json:"achieved"`
	Status   string   `json:"status"`
}

// ActionStatus is an action decided by the previous review, as it stands.
type ActionStatus struct {
	Ref     string `json:"ref"`
	Title   string `json:"title"`
	Owner   string `json:"owner"`
	Due     string `json:"due"`
	Status  string `json:"status"`
	Overdue bool   `json:"overdue"`
}

// ReviewPack compiles the inputs of a management review for a period (dates YYYY-MM-DD; by
// default the twelve months before today).
func (w *Workbench) ReviewPack(ctx context.Context, from, to string) (*ReviewPack, error) {
	now := w.s.Now().UTC()
	if err := CheckPeriod(from, to); err != nil {
		return nil, err
	}
	if to == "" {
		to = now.Format("2006-01-02")
	}
	if from == "" {
		t, _ := time.Parse("2006-01-02", to)
		from = t.AddDate(-1, 0, 1).Format("2006-01-02")
	}
	f, _ := time.Parse("2006-01-02", from)
	t, _ := time.Parse("2006-01-02", to)
	if err := CheckPeriod(from, to); err != nil { // a start given after today's end
		return nil, err
	}
	p := &ReviewPack{From: from, To: to, Findings: map[string]int{}, Inputs: map[string]string{},
		SLA: []SLAResult{}, SLAGaps: []reports.SLAGap{}, Audits: []AuditResult{}, Suppliers: []SupplierScore{}, Objectives: []ObjectiveNow{}, PreviousActions: []ActionStatus{}}
	steps := []func(context.Context, *ReviewPack, time.Time, time.Time) error{
		w.packSLA, w.packTrends, w.packAudits, w.packCustomers, w.packSuppliers, w.packObjectives, w.packPreviousReview,
		w.packContext, w.packRisks, w.packResources, w.packImprovements,
	}
	for _, step := range steps {
		if err := step(ctx, p, f, t); err != nil {
			return nil, err
		}
	}
	p.writeInputs(i18n.Lang(ctx))
	return p, nil
}

func (w *Workbench) packSLA(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	rows, err := reports.SLAReport(ctx, w.s, reports.SLAOptions{From: from, To: to})
	if err != nil {
		return err
	}
	by := map[string]*SLAResult{}
	var order []string
	for _, r := range rows {
		s := by[r.SLA]
		if s == nil {
			s = &SLAResult{SLA: r.SLA, Title: r.SLATitle, Service: r.Service}
			by[r.SLA] = s
			order = append(order, r.SLA)
		}
		s.Tickets += r.Tickets
		s.Met += r.Met
		s.ResponseUnknown += r.ResponseUnknown
	}
	sort.Strings(order)
	for _, ref := range order {
		s := by[ref]
		if s.Tickets > 0 {
			s.Compliance = math.Round(1000*float64(s.Met)/float64(s.Tickets)) / 10
		}
		p.SLA = append(p.SLA, *s)
	}
	p.SLAGaps, err = reports.SLAGaps(ctx, w.s, reports.SLAOptions{From: from, To: to})
	return err
}

func (w *Workbench) packTrends(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	// months counts the records of a kind per month of the date field, dated in the period.
	months := func(kind, field string, tally ...store.Filter) ([]store.Group, error) {
		return w.s.Aggregate(ctx, kind, store.Aggregate{By: []string{"month(" + field + ")"}, Tally: tally,
			Where: []store.Filter{gte(field, from.Format("2006-01-02")), {Field: field, Op: "<=", Value: to.Format("2006-01-02") + "T23:59:59Z"}}})
	}
	incidents, err := months("incident", "opened_at", eq("major", true))
	if err != nil {
		return err
	}
	for _, g := range incidents {
		p.Incidents = append(p.Incidents, MonthCount{Month: g.Text(0), Opened: g.Count, Major: g.Tally[0]})
	}
	requests, err := months("request", "opened_at")
	if err != nil {
		return err
	}
	for _, g := range requests {
		p.Requests = append(p.Requests, MonthCount{Month: g.Text(0), Opened: g.Count})
	}
	changes, err := months("change", "created_at", eq("change_type", "standard"), eq("change_type", "normal"),
		eq("change_type", "emergency"), eq("outcome", "failed"))
	if err != nil {
		return err
	}
	for _, g := range changes {
		p.Changes = append(p.Changes, ChangeMonth{Month: g.Text(0), Standard: g.Tally[0], Normal: g.Tally[1], Emergency: g.Tally[2], Failed: g.Tally[3]})
	}
	return nil
}

func (w *Workbench) list(ctx context.Context, kind string, where ...store.Filter) ([]*store.Record, error) {
	page, err := w.s.List(ctx, kind, store.Query{Where: where, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	return page.Records, nil
}

func (w *Workbench) packAudits(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	lo, hi := from.Format("2006-01-02"), to.Format("2006-01-02")
	audits, err := w.list(ctx, "audit", gte("performed_on", lo), store.Filter{Field: "performed_on", Op: "<=", Value: hi})
	if err != nil {
		return err
	}
	for _, a := range audits {
		ar := AuditResult{Link: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title(), Kind: "audit"}, Type: str(a, "audit_type"),
			Date: str(a, "performed_on"), Status: a.Status, Findings: map[string]int{}}
		fs, err := w.list(ctx, "finding", eq("audit", a.ID))
		if err != nil {
			return err
		}
		for _, f := range fs {
			ar.Findings[str(f, "grade")]++
		}
		p.Audits = append(p.Audits, ar)
	}
	assessments, err := w.list(ctx, "assessment", store.Filter{Field: "start", Op: "<=", Value: hi})
	if err != nil {
		return err
	}
	for _, a := range assessments {
		if end := str(a, "end"); end != "" && end < lo {
			continue
		}
		ar := AuditResult{Link: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title(), Kind: "assessment"}, Type: str(a, "assessment_type"),
			Date: str(a, "start"), Status: a.Status, Findings: map[string]int{}}
		if r, ok := a.Values["readiness"].(float64); ok {
			ar.Readiness = &r
		}
		fs, err := w.list(ctx, "finding", eq("assessment", a.ID))
		if err != nil {
			return err
		}
		for _, f := range fs {
			ar.Findings[str(f, "grade")]++
		}
		p.Audits = append(p.Audits, ar)
	}
	sort.SliceStable(p.Audits, func(i, j int) bool { return p.Audits[i].Date < p.Audits[j].Date })
	raised, err := w.list(ctx, "finding", gte("raised_on", lo), store.Filter{Field: "raised_on", Op: "<=", Value: hi})
	if err != nil {
		return err
	}
	for _, f := range raised {
		p.Findings[str(f, "grade")]++
	}
	ncs, err := w.list(ctx, "nonconformity")
	if err != nil {
		return err
	}
	for _, nc := range ncs {
		if d := str(nc, "raised_on"); d >= lo && d <= hi {
			p.NCs.Raised++
		}
		switch {
		case nc.Status == "closed" && nc.UpdatedAt[:10] >= lo && nc.UpdatedAt[:10] <= hi:
			p.NCs.ClosedIn++
		case nc.Status != "closed" && nc.Status != "cancelled":
			p.NCs.OpenAtEnd++
		}
	}
	overdue, err := w.list(ctx, "action", eq("action_type", "corrective"), eq("overdue", true))
	if err != nil {
		return err
	}
	p.NCs.OverdueAct = len(overdue)
	return nil
}

func (w *Workbench) packCustomers(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	lo, hi := from.Format("2006-01-02"), to.Format("2006-01-02")
	surveys, err := w.list(ctx, "satisfaction", gte("surveyed_on", lo), store.Filter{Field: "surveyed_on", Op: "<=", Value: hi})
	if err != nil {
		return err
	}
	var weighted float64
	for _, s := range surveys {
		n, _ := s.Values["respondents"].(int64)
		if n <= 0 {
			n = 1
		}
		score, _ := s.Values["score"].(float64)
		weighted += score * float64(n)
		p.Customers.Respondents += n
		p.Customers.Surveys++
	}
	if p.Customers.Respondents > 0 {
		p.Customers.MeanScore = math.Round(100*weighted/float64(p.Customers.Respondents)) / 100
	}
	complaints, err := w.list(ctx, "complaint", gte("received_at", lo), store.Filter{Field: "received_at", Op: "<=", Value: hi + "T23:59:59Z"})
	if err != nil {
		return err
	}
	for _, c := range complaints {
		p.Customers.ComplaintsReceived++
		if c.Status != "closed" {
			p.Customers.ComplaintsOpen++
		}
	}
	return nil
}

func (w *Workbench) packSuppliers(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	lo, hi := from.Format("2006-01-02"), to.Format("2006-01-02")
	reviews, err := w.list(ctx, "supplierreview", eq("status", "done"), gte("period_end", lo), store.Filter{Field: "period_end", Op: "<=", Value: hi})
	if err != nil {
		return err
	}
	type sum struct {
		SupplierScore
		scores, slaSum float64
		slaN           int
	}
	by := map[string]*sum{}
	var order []string
	for _, r := range reviews {
		l := r.Links[str(r, "supplier")]
		s := by[l.Ref]
		if s == nil {
			s = &sum{SupplierScore: SupplierScore{Ref: l.Ref, Title: l.Title}}
			by[l.Ref] = s
			order = append(order, l.Ref)
		}
		s.Reviews++
		if n, ok := r.Values["score"].(int64); ok {
			s.scores += float64(n)
		}
		if c, ok := r.Values["sla_compliance"].(float64); ok {
			s.slaSum += c
			s.slaN++
		}
	}
	sort.Strings(order)
	for _, ref := range order {
		s := by[ref]
		s.MeanScore = math.Round(100*s.scores/float64(s.Reviews)) / 100
		if s.slaN > 0 {
			c := math.Round(10*s.slaSum/float64(s.slaN)) / 10
			s.SLACompliance = &c
		}
		p.Suppliers = append(p.Suppliers, s.SupplierScore)
	}
	return nil
}

func (w *Workbench) packObjectives(ctx context.Context, p *ReviewPack, _, _ time.Time) error {
	objectives, err := w.list(ctx, "objective", ne("status", "draft"))
	if err != nil {
		return err
	}
	for _, o := range objectives {
		on := ObjectiveNow{Ref: o.Ref, Title: o.Title(), Unit: str(o, "unit"), Status: o.Status}
		on.Target, _ = o.Values["target"].(float64)
		if a, ok := o.Values["actual"].(float64); ok {
			on.Actual = &a
		}
		on.Achieved, _ = o.Values["achieved"].(bool)
		p.Objectives = append(p.Objectives, on)
	}
	return nil
}

func (w *Workbench) packPreviousReview(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	page, err := w.s.List(ctx, "review", store.Query{Where: []store.Filter{ne("status", "planned"),
		store.Filter{Field: "held_on", Op: "<", Value: to.Format("2006-01-02")}}, Sort: "-held_on", Limit: 1})
	if err != nil {
		return err
	}
	if len(page.Records) == 0 {
		return nil
	}
	r := page.Records[0]
	p.PreviousReview = &store.Link{ID: r.ID, Ref: r.Ref, Title: r.Title(), Kind: "review"}
	actions, err := w.list(ctx, "action", eq("review", r.ID))
	if err != nil {
		return err
	}
	for _, a := range actions {
		overdue, _ := a.Values["overdue"].(bool)
		p.PreviousActions = append(p.PreviousActions, ActionStatus{Ref: a.Ref, Title: a.Title(), Owner: str(a, "owner"),
			Due: str(a, "due"), Status: a.Status, Overdue: overdue})
	}
	return nil
}

// writeInputs writes each input as the text a review record holds, in lang.
func (p *ReviewPack) writeInputs(lang string) {
	var b strings.Builder
	tr := func(format string, a ...any) string { return i18n.Tr(lang, format, a...) }
	line := func(text string) { b.WriteString(text + "\n") }
	date := func(iso string) string { return i18n.Date(lang, iso) }
	fig := func(v float64, decimals int) string { return i18n.Number(lang, v, decimals) }
	word := func(path, english string) string { return schema.Word{Path: path, English: english}.Localize(lang) }
	amount := func(s string) string { // "1234.50" as the language writes it; English keeps it as stored
		var f float64
		if _, err := fmt.Sscan(s, &f); err != nil || lang == "en" {
			return s
		}
		return i18n.Number(lang, f, 2)
	}
	take := func(field string) { p.Inputs[field] = strings.TrimSpace(b.String()); b.Reset() }

	line(tr("Period %s to %s.", date(p.From), date(p.To)))
	for _, s := range p.SLA {
		unknown := ""
		if s.ResponseUnknown > 0 {
			unknown = tr(" (%d judged on resolution alone, their response time unknown)", s.ResponseUnknown)
		}
		line(tr("- %s %s (%s): %s%% of %d tickets met the SLA%s.", s.SLA, s.Title, s.Service, fig(s.Compliance, 1), s.Tickets, unknown))
	}
	for _, g := range p.SLAGaps {
		line(tr("- Not judged: %s.", g.Text))
	}
	inc, major := 0, 0
	for _, m := range p.Incidents {
		inc, major = inc+m.Opened, major+m.Major
	}
	req := 0
	for _, m := range p.Requests {
		req += m.Opened
	}
	var std, nrm, emg, failed int
	for _, m := range p.Changes {
		std, nrm, emg, failed = std+m.Standard, nrm+m.Normal, emg+m.Emergency, failed+m.Failed
	}
	line(tr("Incidents opened: %d (%d major). Service requests: %d.", inc, major, req))
	line(tr("Changes: %d standard, %d normal, %d emergency; %d failed.", std, nrm, emg, failed))
	achieved := 0
	for _, o := range p.Objectives {
		if o.Achieved {
			achieved++
		}
	}
	line(tr("Objectives: %d of %d achieved.", achieved, len(p.Objectives)))
	for _, o := range p.Objectives {
		actual := tr("not measured")
		if o.Actual != nil {
			actual = withUnit(lang, *o.Actual, o.Unit)
		}
		line(tr("- %s %s: target %s, actual %s.", o.Ref, o.Title, withUnit(lang, o.Target, o.Unit), actual))
	}
	take("performance")

	c := p.Customers
	if c.Surveys == 0 {
		line(tr("No satisfaction survey in the period."))
	} else {
		line(tr("%d satisfaction surveys, %d respondents, mean score %s of 5.", c.Surveys, c.Respondents, fig(c.MeanScore, 2)))
	}
	line(tr("%d complaints received, %d still open.", c.ComplaintsReceived, c.ComplaintsOpen))
	take("customer_feedback")

	for _, s := range p.Suppliers {
		sla := ""
		if s.SLACompliance != nil {
			sla = tr(", SLA compliance %s%%", fig(*s.SLACompliance, 1))
		}
		line(tr("- %s %s: %d reviews, mean score %s of 5%s.", s.Ref, s.Title, s.Reviews, fig(s.MeanScore, 2), sla))
	}
	if len(p.Suppliers) == 0 {
		line(tr("No supplier review in the period."))
	}
	take("supplier_performance")

	for _, a := range p.Audits {
		ready := ""
		if a.Readiness != nil {
			ready = tr(", readiness %s%%", fig(*a.Readiness, 1))
		}
		line(tr("- %s %s (%s, %s, %s)%s; findings: %s.", a.Ref, a.Title, word("enum."+a.Kind+"."+a.Kind+"_type."+a.Type, a.Type), date(a.Date),
			word("state."+a.Kind+"."+a.Status, a.Status), ready, gradeText(lang, a.Findings)))
	}
	if len(p.Audits) == 0 {
		line(tr("No audit in the period."))
	}
	take("audit_results")

	line(tr("Findings raised in the period: %s.", gradeText(lang, p.Findings)))
	line(tr("Nonconformities: %d raised, %d closed in the period, %d open; %d corrective actions overdue.", p.NCs.Raised, p.NCs.ClosedIn, p.NCs.OpenAtEnd, p.NCs.OverdueAct))
	take("nonconformities")

	if p.PreviousReview == nil {
		line(tr("No previous management review."))
	} else {
		line(tr("Actions of %s %s:", p.PreviousReview.Ref, p.PreviousReview.Title))
		for _, a := range p.PreviousActions {
			late := ""
			if a.Overdue {
				late = tr(", overdue")
			}
			line(tr("- %s %s (%s, due %s): %s%s.", a.Ref, a.Title, a.Owner, dash(date(a.Due)), word("state.action."+a.Status, a.Status), late))
		}
	}
	take("previous_actions")

	refs := func(ls []store.Link) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Ref+" "+l.Title)
		}
		return strings.Join(out, "; ")
	}
	x := p.Context
	if len(x.PartiesAdded)+len(x.PartiesChanged)+len(x.ServicesLive)+len(x.ServicesEnded) == 0 {
		line(tr("No interested party added or changed, no service gone live or retired in the period."))
	}
	if len(x.PartiesAdded) > 0 {
		line(tr("Interested parties added: %s.", refs(x.PartiesAdded)))
	}
	if len(x.PartiesChanged) > 0 {
		line(tr("Interested parties whose record changed: %s.", refs(x.PartiesChanged)))
	}
	if len(x.ServicesLive) > 0 {
		line(tr("Services gone live: %s.", refs(x.ServicesLive)))
	}
	if len(x.ServicesEnded) > 0 {
		line(tr("Services retired: %s.", refs(x.ServicesEnded)))
	}
	take("context_changes")

	r := p.Risks
	if r.Open == 0 {
		line(tr("No open risk in the register."))
	} else {
		line(tr("%d open risks: %d critical, %d high, %d medium, %d low; %d raised in the period; %d past their review date; %d high or critical without a treatment.",
			r.Open, r.ByLevel["critical"], r.ByLevel["high"], r.ByLevel["medium"], r.ByLevel["low"], r.Raised, r.Overdue, r.Untreated))
		for _, h := range r.Highest {
			line(tr("- %s %s: score %d (%s), treatment %s.", h.Ref, h.Title, h.Score, word("enum.risk.level."+h.Level, h.Level), dash(h.Treatment)))
		}
	}
	take("risks")

	res := p.Resources
	if len(res.Budgeted) == 0 && len(res.Actual) == 0 {
		line(tr("No budget line or cost for %s.", res.Year))
	}
	for _, cur := range sortedKeys(res.Budgeted, res.Actual) {
		un := ""
		if u := res.Unallocated[cur]; u != "" {
			un = tr(", of which %s %s on no budget line", amount(u), cur)
		}
		line(tr("Budget %s: %s %s budgeted, %s %s spent%s.", res.Year, amount(orZero(res.Budgeted[cur])), cur, amount(orZero(res.Actual[cur])), cur, un))
	}
	line(tr("Capacity plans approved: %d; past their review date: %d.", res.CapacityPlans, res.CapacityOverdue))
	take("resources")

	im := p.Improve
	line(tr("Opportunities for improvement: %d raised in the period, %d implemented, %d rejected; %d open now.", im.Raised, im.Implemented, im.Rejected, im.Open))
	take("improvements")
}

func orZero(s string) string {
	if s == "" {
		return "0.00"
	}
	return s
}

func sortedKeys(maps ...map[string]string) []string {
	var out []string
	for _, m := range maps {
		for k := range m {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// packContext: interested parties created or changed, and services that went live or were
// retired, in the period (by the dates of their records and moves).
func (w *Workbench) packContext(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	lo, hi := from.Format("2006-01-02"), to.Format("2006-01-02")+"T23:59:59Z"
	in := func(at string) bool { return at >= lo && at <= hi }
	p.Context = ContextSummary{PartiesAdded: []store.Link{}, PartiesChanged: []store.Link{}, ServicesLive: []store.Link{}, ServicesEnded: []store.Link{}}
	parties, err := w.list(ctx, "party")
	if err != nil {
		return err
	}
	for _, r := range parties {
		l := store.Link{ID: r.ID, Ref: r.Ref, Title: r.Title(), Kind: "party"}
		switch {
		case in(r.CreatedAt):
			p.Context.PartiesAdded = append(p.Context.PartiesAdded, l)
		case in(r.UpdatedAt):
			p.Context.PartiesChanged = append(p.Context.PartiesChanged, l)
		}
	}
	services, err := w.list(ctx, "service")
	if err != nil {
		return err
	}
	for _, r := range services {
		tl, err := w.s.Timeline(ctx, "service", r.ID)
		if err != nil {
			return err
		}
		l := store.Link{ID: r.ID, Ref: r.Ref, Title: r.Title(), Kind: "service"}
		for _, c := range tl {
			at := c.At.UTC().Format(time.RFC3339)
			switch {
			case c.Status == "live" && in(at) && r.Status == "live":
				p.Context.ServicesLive = append(p.Context.ServicesLive, l)
			case c.Status == "retired" && in(at) && r.Status == "retired":
				p.Context.ServicesEnded = append(p.Context.ServicesEnded, l)
			default:
				continue
			}
			break
		}
	}
	return nil
}

// packRisks: the open risks by level, the highest five, and what is overdue or untreated.
func (w *Workbench) packRisks(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	lo, hi := from.Format("2006-01-02"), to.Format("2006-01-02")+"T23:59:59Z"
	p.Risks = RiskSummary{ByLevel: map[string]int{}, Highest: []RiskLine{}}
	risks, err := w.list(ctx, "risk", ne("status", "closed"))
	if err != nil {
		return err
	}
	today := w.s.Now().UTC().Format("2006-01-02")
	var lines []RiskLine
	for _, r := range risks {
		p.Risks.Open++
		level := str(r, "level")
		p.Risks.ByLevel[level]++
		if r.CreatedAt >= lo && r.CreatedAt <= hi {
			p.Risks.Raised++
		}
		if due := str(r, "review_due"); due != "" && due < today {
			p.Risks.Overdue++
		}
		if (level == "high" || level == "critical") && str(r, "treatment") == "" {
			p.Risks.Untreated++
		}
		score, _ := r.Values["score"].(int64)
		lines = append(lines, RiskLine{Ref: r.Ref, Title: r.Title(), Score: score, Level: level, Treatment: str(r, "treatment")})
	}
	slices.SortStableFunc(lines, func(a, b RiskLine) int { return int(b.Score - a.Score) })
	p.Risks.Highest = append(p.Risks.Highest, lines[:min(5, len(lines))]...)
	return nil
}

// packResources: the budget of the year the period ends in against its costs (the budget
// report's figures, each cost on one line), and the capacity plans.
func (w *Workbench) packResources(ctx context.Context, p *ReviewPack, _, to time.Time) error {
	year := to.Format("2006")
	p.Resources = ResourceSummary{Year: year, Budgeted: map[string]string{}, Actual: map[string]string{}, Unallocated: map[string]string{}}
	rows, err := reports.BudgetReport(ctx, w.s, year)
	if err != nil {
		return err
	}
	sums := map[string]map[string]*big.Rat{"budgeted": {}, "actual": {}, "unallocated": {}}
	add := func(which, cur, amount string) {
		v, ok := new(big.Rat).SetString(amount)
		if !ok {
			return
		}
		if sums[which][cur] == nil {
			sums[which][cur] = new(big.Rat)
		}
		sums[which][cur].Add(sums[which][cur], v)
	}
	for _, r := range rows {
		if r.Budget != "" {
			add("budgeted", r.Currency, r.Budgeted)
		} else {
			add("unallocated", r.Currency, r.Actual)
		}
		add("actual", r.Currency, r.Actual)
	}
	for which, into := range map[string]map[string]string{"budgeted": p.Resources.Budgeted, "actual": p.Resources.Actual, "unallocated": p.Resources.Unallocated} {
		for cur, v := range sums[which] {
			into[cur] = v.FloatString(2)
		}
	}
	plans, err := w.list(ctx, "capacityplan", eq("status", "approved"))
	if err != nil {
		return err
	}
	today := w.s.Now().UTC().Format("2006-01-02")
	for _, r := range plans {
		p.Resources.CapacityPlans++
		if due := str(r, "review_due"); due != "" && due < today {
			p.Resources.CapacityOverdue++
		}
	}
	return nil
}

// packImprovements counts the improvements raised, implemented and rejected in the period.
func (w *Workbench) packImprovements(ctx context.Context, p *ReviewPack, from, to time.Time) error {
	lo, hi := from.Format("2006-01-02"), to.Format("2006-01-02")+"T23:59:59Z"
	in := func(at string) bool { return at >= lo && at <= hi }
	all, err := w.list(ctx, "improvement")
	if err != nil {
		return err
	}
	for _, r := range all {
		if in(r.CreatedAt) {
			p.Improve.Raised++
		}
		if r.Status == "proposed" || r.Status == "approved" || r.Status == "in_progress" {
			p.Improve.Open++
			continue
		}
		tl, err := w.s.Timeline(ctx, "improvement", r.ID)
		if err != nil {
			return err
		}
		// counted by the moment it first got there
		implemented := slices.IndexFunc(tl, func(c schema.StatusChange) bool { return c.Status == "implemented" })
		rejected := slices.IndexFunc(tl, func(c schema.StatusChange) bool { return c.Status == "rejected" })
		switch {
		case implemented >= 0 && in(tl[implemented].At.UTC().Format(time.RFC3339)):
			p.Improve.Implemented++
		case r.Status == "rejected" && rejected >= 0 && in(tl[rejected].At.UTC().Format(time.RFC3339)):
			p.Improve.Rejected++
		}
	}
	return nil
}

// withUnit writes a figure with its unit: "95%", "4.2 score (1-5)".
func withUnit(lang string, v float64, unit string) string {
	if unit == "" || unit == "%" {
		return i18n.Decimal(lang, v) + unit
	}
	return i18n.Decimal(lang, v) + " " + unit
}

// gradeText counts findings by grade: "1 major, 2 minor", in German by the grades' words.
func gradeText(lang string, by map[string]int) string {
	var parts []string
	for _, g := range []string{"major", "minor", "observation", "ofi"} {
		if by[g] > 0 {
			name := g
			if lang != "en" {
				name = catalogue.Word(lang, "grade", g)
			}
			parts = append(parts, fmt.Sprintf("%d %s", by[g], name))
		}
	}
	if len(parts) == 0 {
		return i18n.Tr(lang, "none")
	}
	return strings.Join(parts, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// FillReview writes a pack's inputs into a management review record: each input field that is
// empty, or every input field when overwrite is set.
func (w *Workbench) FillReview(ctx context.Context, review string, p *ReviewPack, overwrite bool) (*store.Record, error) {
	r, err := w.s.Get(ctx, "review", review)
	if err != nil {
		return nil, err
	}
	input := map[string]any{}
	for field, text := range p.Inputs {
		if overwrite || str(r, field) == "" {
			input[field] = text
		}
	}
	if str(r, "period") == "" || overwrite {
		input["period"] = p.From + " to " + p.To
	}
	return w.s.Update(ctx, "review", r.ID, input, store.Change{Note: "inputs compiled from the workspace"})
}

// Decision is a decision of a management review, recorded as an action.
type Decision struct {
	Title       string
	Owner       string
	Due         string
	Description string
}

// Decide records a decision of a management review as an action of type "review" that names it.
func (w *Workbench) Decide(ctx context.Context, review string, d Decision) (*store.Record, error) {
	r, err := w.s.Get(ctx, "review", review)
	if err != nil {
		return nil, err
	}
	input := map[string]any{"title": d.Title, "action_type": "review", "review": r.ID, "owner": d.Owner, "description": d.Description}
	if d.Due != "" {
		input["due"] = d.Due
	}
	return w.s.Create(ctx, "action", input, store.Change{Note: "decision of " + r.Ref})
}
