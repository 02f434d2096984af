package auditpack

import (
	"context"
	"errors"
	"sort"
	"time"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Pack is everything an audit pack shows, gathered from the workspace once; the PDF and the
// workbook are two views of it (the workbook also reads every register record by record).
type Pack struct {
	Opt          Options
	Generated    time.Time
	Organisation string
	Scope        string

	Assessment *compliance.Assessment // nil when the workspace has no assessment
	// Audit is the audit report (or plan) of the assessment, with Options.Report or Options.Plan.
	Audit     *audit.Report
	Readiness *compliance.Readiness
	Findings  []FindingRow

	Services   []ServiceRow
	SLA        []compliance.SLAResult
	SLAMonths  []reports.SLAMonth // per service and month of the period
	Tickets    TicketStats
	CMDB       CMDBStats
	Suppliers  []SupplierRow
	Contracts  []ContractRow
	Budget     []reports.BudgetRow
	BudgetYear string
	Risks      []RiskRow
	Objectives []compliance.ObjectiveNow
	Programme  *compliance.Programme
	Review     *compliance.ReviewPack
	LastReview *ReviewRecord

	// Counts holds the number of records of every register kind.
	Counts map[string]int

	words map[string]string // the registers' label paths in the pack's language
}

// FindingRow is a finding with its nonconformity and corrective actions.
type FindingRow struct {
	Ref, Title, Grade, Clause, Description, Status, RaisedOn, Source string
	NC                                                               string // ref of its nonconformity
	NCStatus, NCOwner                                                string
	Actions                                                          []ActionRow
}

// ActionRow is a corrective action.
type ActionRow struct {
	Ref, Title, Owner, Due, Status, Effective string
	Overdue                                   bool
}

// ServiceRow is a service of the catalogue.
type ServiceRow struct {
	Ref, Title, Type, Criticality, Owner, Status string
	AvailabilityTarget                           *float64
	SLAs                                         int
}

// TicketStats sums the tickets of the period.
type TicketStats struct {
	Incidents, Requests TicketKind
	Problems            ProblemStats
	Changes             ChangeStats
}

// TicketKind counts the incidents or requests opened in the period.
type TicketKind struct {
	Opened, Resolved, Met, Missed, Major, Security int
	ByPriority                                     map[int64]int // 0: no priority
}

// ProblemStats counts the problems detected in the period and those still open.
type ProblemStats struct {
	Detected, Open, KnownErrors int
}

// ChangeStats counts the changes raised in the period.
type ChangeStats struct {
	Raised, Standard, Normal, Emergency, Failed int
	EmergencyList                               []EmergencyChange
}

// EmergencyChange is an emergency change of the period and whether it was reviewed.
type EmergencyChange struct {
	Ref, Title, Status, Outcome, Date string
	Reviewed                          bool
}

// CMDBStats summarises the configuration items.
type CMDBStats struct {
	CIs, Relationships int
	ByType, ByStatus   []Count
	Baseline           *store.Link
	BaselineTaken      string
	BaselineCIs        int64
}

// Count is a number of records with one value.
type Count struct {
	Value string
	N     int
}

// SupplierRow is a supplier with its latest review.
type SupplierRow struct {
	Ref, Title, Criticality, Status, ReviewDue, LastReview string
	LastScore                                              *int64
	Contracts                                              int
}

// ContractRow is a contract and its expiry.
type ContractRow struct {
	Ref, Title, Supplier, Start, End, Expiry, NoticeBy, Value, Status string
}

// RiskRow is a risk of the register.
type RiskRow struct {
	Ref, Title, Owner, Level, Treatment, Status string
	Likelihood, Impact, Score                   int64
}

// ReviewRecord is the latest management review held in the period.
type ReviewRecord struct {
	Ref, Title, HeldOn, Chair, Decisions string
}

// Gather reads the workspace into a Pack. It writes nothing.
func Gather(ctx context.Context, s *store.Store, opt Options) (*Pack, error) {
	now := s.Now().UTC()
	if err := opt.normalize(now); err != nil {
		return nil, err
	}
	p := &Pack{Opt: opt, Generated: now, Organisation: s.Meta("name"), Counts: map[string]int{}}
	var err error
	if p.words, err = schema.Default.Labels(opt.Language); err != nil {
		return nil, err
	}
	ctx = i18n.WithLang(ctx, opt.Language) // the texts of the readiness and the review pack
	if p.Organisation == "" {
		p.Organisation = p.tr("(unnamed organisation)")
	}
	w := compliance.New(s)
	if err := p.gatherAssessment(ctx, s, w); err != nil {
		return nil, err
	}
	if opt.Report || opt.Plan {
		if p.Assessment == nil {
			return nil, optErr("assessment", "the workspace has no assessment or internal audit to report")
		}
		r, err := audit.New(s).Report(ctx, p.Assessment.ID)
		if err != nil {
			return nil, err
		}
		p.Audit = r
		if opt.Plan {
			return p, nil // the plan needs nothing of the registers
		}
	}
	steps := []func(context.Context, *store.Store) error{p.gatherScope, p.gatherFindings, p.gatherServices, p.gatherSLAMonths,
		p.gatherTickets, p.gatherCMDB, p.gatherSuppliers, p.gatherRisks, p.gatherCounts}
	for _, step := range steps {
		if err := step(ctx, s); err != nil {
			return nil, err
		}
	}
	if p.Review, err = w.ReviewPack(ctx, opt.From, opt.To); err != nil {
		return nil, err
	}
	p.SLA, p.Objectives = p.Review.SLA, p.Review.Objectives
	if p.Programme, err = w.Programme(ctx, 3); err != nil {
		return nil, err
	}
	p.BudgetYear = opt.To[:4]
	if p.Budget, err = reports.BudgetReport(ctx, s, p.BudgetYear); err != nil {
		return nil, err
	}
	return p, p.gatherLastReview(ctx, s)
}

// gatherAssessment reads the chosen assessment, or the latest gap or internal assessment that
// has started.
func (p *Pack) gatherAssessment(ctx context.Context, s *store.Store, w *compliance.Workbench) error {
	key := p.Opt.Assessment
	if key == "" {
		page, err := s.List(ctx, "assessment", store.Query{Where: []store.Filter{
			{Field: "assessment_type", Op: "!=", Value: "supplier"}, {Field: "status", Op: "!=", Value: "planned"}},
			Sort: "-start", Limit: 1})
		if err != nil {
			return err
		}
		if len(page.Records) == 0 {
			return nil
		}
		key = page.Records[0].ID
	}
	a, err := w.Show(ctx, key)
	var nf *store.NotFoundError
	if errors.As(err, &nf) {
		return optErr("assessment", "assessment %q not found", key)
	}
	if err != nil {
		return err
	}
	p.Assessment = a
	p.Readiness, err = w.Readiness(ctx, a.ID)
	return err
}

func (p *Pack) gatherScope(ctx context.Context, s *store.Store) error {
	if p.Assessment != nil && p.Assessment.Scope != "" {
		p.Scope = p.Assessment.Scope
		return nil
	}
	page, err := s.List(ctx, "policy", store.Query{Where: []store.Filter{
		{Field: "policy_type", Op: "=", Value: "scope"}, {Field: "status", Op: "=", Value: "approved"}}, Limit: 1})
	if err != nil || len(page.Records) == 0 {
		return err
	}
	r := page.Records[0]
	p.Scope = r.Title()
	if body := text(r, "body"); body != "" {
		p.Scope = firstParagraph(body)
	}
	return nil
}

// gatherFindings reads the findings of the assessment and those raised in the period, with
// their nonconformities and corrective actions.
func (p *Pack) gatherFindings(ctx context.Context, s *store.Store) error {
	seen := map[string]bool{}
	var recs []*store.Record
	add := func(q store.Query) error {
		return s.Each(ctx, "finding", q, func(r *store.Record) error {
			if !seen[r.ID] {
				seen[r.ID] = true
				recs = append(recs, r)
			}
			return nil
		})
	}
	if p.Assessment != nil {
		if err := add(store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: p.Assessment.ID}}}); err != nil {
			return err
		}
	}
	err := add(store.Query{Where: []store.Filter{{Field: "raised_on", Op: ">=", Value: p.Opt.From}, {Field: "raised_on", Op: "<=", Value: p.Opt.To}}})
	if err != nil {
		return err
	}
	for _, r := range recs {
		row := FindingRow{Ref: r.Ref, Title: r.Title(), Grade: text(r, "grade"), Clause: text(r, "clause"),
			Description: text(r, "description"), Status: r.Status, RaisedOn: text(r, "raised_on")}
		if l, ok := r.Field("assessment").(store.Link); ok {
			row.Source = l.Ref
		} else if l, ok := r.Field("audit").(store.Link); ok {
			row.Source = l.Ref
		}
		if id, _ := r.Values["nonconformity"].(string); id != "" {
			nc, err := s.Get(ctx, "nonconformity", id)
			if err != nil {
				return err
			}
			row.NC, row.NCStatus, row.NCOwner = nc.Ref, nc.Status, text(nc, "owner")
			err = s.Each(ctx, "action", store.Query{Where: []store.Filter{{Field: "nonconformity", Op: "=", Value: nc.ID}}}, func(a *store.Record) error {
				overdue, _ := a.Values["overdue"].(bool)
				row.Actions = append(row.Actions, ActionRow{Ref: a.Ref, Title: a.Title(), Owner: text(a, "owner"), Due: text(a, "due"),
					Status: a.Status, Effective: text(a, "effective"), Overdue: overdue})
				return nil
			})
			if err != nil {
				return err
			}
		}
		p.Findings = append(p.Findings, row)
	}
	sort.SliceStable(p.Findings, func(i, j int) bool {
		a, b := p.Findings[i], p.Findings[j]
		if gradeRank(a.Grade) != gradeRank(b.Grade) {
			return gradeRank(a.Grade) < gradeRank(b.Grade)
		}
		return a.Ref < b.Ref
	})
	return nil
}

// gradeRank orders findings: major nonconformities first.
func gradeRank(g string) int {
	switch g {
	case "major":
		return 0
	case "minor":
		return 1
	case "observation":
		return 2
	}
	return 3
}

func (p *Pack) gatherServices(ctx context.Context, s *store.Store) error {
	slas := map[string]int{}
	err := s.Each(ctx, "sla", store.Query{}, func(r *store.Record) error {
		if id, _ := r.Values["service"].(string); id != "" && r.Status != "retired" {
			slas[id]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.Each(ctx, "service", store.Query{}, func(r *store.Record) error {
		row := ServiceRow{Ref: r.Ref, Title: r.Title(), Type: p.label(r, "service_type"), Criticality: p.label(r, "criticality"),
			Owner: text(r, "owner"), Status: r.Status, SLAs: slas[r.ID]}
		if v, ok := r.Values["availability_target"].(float64); ok {
			row.AvailabilityTarget = &v
		}
		p.Services = append(p.Services, row)
		return nil
	})
}

// gatherSLAMonths is the share of each service's tickets resolved in a month of the period
// that met their SLA.
func (p *Pack) gatherSLAMonths(ctx context.Context, s *store.Store) error {
	months, err := reports.SLAMonths(ctx, s, p.Opt.From, p.Opt.To+"T23:59:59Z")
	p.SLAMonths = append(p.SLAMonths, months...)
	return err
}

func (p *Pack) gatherTickets(ctx context.Context, s *store.Store) error {
	in := func(field string) []store.Filter {
		return []store.Filter{{Field: field, Op: ">=", Value: p.Opt.From}, {Field: field, Op: "<=", Value: p.Opt.To + "T23:59:59Z"}}
	}
	is := func(field string, value any) store.Filter { return store.Filter{Field: field, Op: "=", Value: value} }
	for kind, into := range map[string]*TicketKind{"incident": &p.Tickets.Incidents, "request": &p.Tickets.Requests} {
		into.ByPriority = map[int64]int{}
		tally := []store.Filter{{Field: "resolved_at", Op: "!=", Value: ""}, is("sla_state", itsm.SLAMet), is("sla_state", itsm.SLAMissed)}
		if kind == "incident" {
			tally = append(tally, is("major", true), is("security", true))
		}
		groups, err := s.Aggregate(ctx, kind, store.Aggregate{By: []string{"priority"}, Tally: tally, Where: in("opened_at")})
		if err != nil {
			return err
		}
		for _, g := range groups {
			into.ByPriority[g.Int(0)] += g.Count
			into.Opened += g.Count
			into.Resolved += g.Tally[0]
			into.Met += g.Tally[1]
			into.Missed += g.Tally[2]
			if kind == "incident" {
				into.Major += g.Tally[3]
				into.Security += g.Tally[4]
			}
		}
	}
	pr := &p.Tickets.Problems
	var err error
	if pr.Detected, err = s.CountWhere(ctx, "problem", in("detected_at")...); err != nil {
		return err
	}
	if pr.Open, err = s.CountWhere(ctx, "problem", store.OpenOnly()); err != nil {
		return err
	}
	if pr.KnownErrors, err = s.CountWhere(ctx, "knownerror", store.OpenOnly()); err != nil {
		return err
	}
	ch := &p.Tickets.Changes
	changes, err := s.Aggregate(ctx, "change", store.Aggregate{Where: in("created_at"), Tally: []store.Filter{
		is("change_type", itsm.StandardChange), is("change_type", itsm.NormalChange), is("change_type", itsm.EmergencyChange), is("outcome", "failed")}})
	if err != nil {
		return err
	}
	c := changes[0]
	ch.Raised, ch.Standard, ch.Normal, ch.Emergency, ch.Failed = c.Count, c.Tally[0], c.Tally[1], c.Tally[2], c.Tally[3]
	return s.Each(ctx, "change", store.Query{Where: []store.Filter{{Field: "change_type", Op: "=", Value: "emergency"},
		{Field: "created_at", Op: ">=", Value: p.Opt.From}, {Field: "created_at", Op: "<=", Value: p.Opt.To + "T23:59:59Z"}}}, func(r *store.Record) error {
		reviewed := text(r, "review") != "" && (r.Status == "reviewed" || r.Status == "closed")
		ch.EmergencyList = append(ch.EmergencyList, EmergencyChange{Ref: r.Ref, Title: r.Title(), Status: r.Status,
			Outcome: text(r, "outcome"), Date: r.CreatedAt[:min(10, len(r.CreatedAt))], Reviewed: reviewed})
		return nil
	})
}

func (p *Pack) gatherCMDB(ctx context.Context, s *store.Store) error {
	c := &p.CMDB
	// counts gives the number of CIs per value of a field, most first.
	counts := func(field string) ([]Count, error) {
		groups, err := s.Aggregate(ctx, "ci", store.Aggregate{By: []string{field}})
		var out []Count
		for _, g := range groups {
			out = append(out, Count{Value: g.Text(0), N: g.Count})
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].N > out[j].N })
		return out, err
	}
	var err error
	if c.ByType, err = counts("ci_type"); err != nil {
		return err
	}
	if c.ByStatus, err = counts("status"); err != nil {
		return err
	}
	for _, v := range c.ByStatus {
		c.CIs += v.N
	}
	if c.Relationships, err = s.CountWhere(ctx, "cirel"); err != nil {
		return err
	}
	page, err := s.List(ctx, "baseline", store.Query{Sort: "-taken_at", Limit: 1})
	if err != nil || len(page.Records) == 0 {
		return err
	}
	b := page.Records[0]
	c.Baseline = &store.Link{ID: b.ID, Ref: b.Ref, Title: b.Title(), Kind: "baseline"}
	c.BaselineTaken = text(b, "taken_at")
	c.BaselineCIs, _ = b.Values["ci_count"].(int64)
	return nil
}

func (p *Pack) gatherSuppliers(ctx context.Context, s *store.Store) error {
	type review struct {
		date  string
		score *int64
	}
	latest := map[string]review{}
	err := s.Each(ctx, "supplierreview", store.Query{Where: []store.Filter{{Field: "status", Op: "=", Value: "done"}}}, func(r *store.Record) error {
		id, _ := r.Values["supplier"].(string)
		date := text(r, "reviewed_on")
		if prev, ok := latest[id]; !ok || date > prev.date {
			rv := review{date: date}
			if v, ok := r.Values["score"].(int64); ok {
				rv.score = &v
			}
			latest[id] = rv
		}
		return nil
	})
	if err != nil {
		return err
	}
	contracts := map[string]int{}
	err = s.Each(ctx, "contract", store.Query{}, func(r *store.Record) error {
		id, _ := r.Values["supplier"].(string)
		if r.Status != "ended" {
			contracts[id]++
		}
		row := ContractRow{Ref: r.Ref, Title: r.Title(), Start: text(r, "start"), End: text(r, "end"), Expiry: p.label(r, "expiry"),
			NoticeBy: text(r, "notice_by"), Status: r.Status}
		if l, ok := r.Field("supplier").(store.Link); ok {
			row.Supplier = l.Title
		}
		if m, ok := r.Values["value"].(schema.MoneyValue); ok {
			row.Value = p.moneyDecimals(m)
		}
		p.Contracts = append(p.Contracts, row)
		return nil
	})
	if err != nil {
		return err
	}
	return s.Each(ctx, "supplier", store.Query{}, func(r *store.Record) error {
		rv := latest[r.ID]
		p.Suppliers = append(p.Suppliers, SupplierRow{Ref: r.Ref, Title: r.Title(), Criticality: p.label(r, "criticality"), Status: r.Status,
			ReviewDue: text(r, "review_due"), LastReview: rv.date, LastScore: rv.score, Contracts: contracts[r.ID]})
		return nil
	})
}

func (p *Pack) gatherRisks(ctx context.Context, s *store.Store) error {
	return s.Each(ctx, "risk", store.Query{Where: []store.Filter{{Field: "status", Op: "!=", Value: "closed"}}}, func(r *store.Record) error {
		row := RiskRow{Ref: r.Ref, Title: r.Title(), Owner: text(r, "owner"), Level: p.label(r, "level"), Treatment: p.label(r, "treatment"), Status: r.Status}
		row.Likelihood, _ = r.Values["likelihood"].(int64)
		row.Impact, _ = r.Values["impact"].(int64)
		row.Score, _ = r.Values["score"].(int64)
		p.Risks = append(p.Risks, row)
		return nil
	})
}

func (p *Pack) gatherCounts(ctx context.Context, s *store.Store) error {
	for _, k := range s.Registry().Kinds() {
		n, err := s.Count(k.Name)
		if err != nil {
			return err
		}
		p.Counts[k.Name] = n
	}
	return nil
}

func (p *Pack) gatherLastReview(ctx context.Context, s *store.Store) error {
	page, err := s.List(ctx, "review", store.Query{Where: []store.Filter{{Field: "held_on", Op: ">=", Value: p.Opt.From},
		{Field: "held_on", Op: "<=", Value: p.Opt.To}}, Sort: "-held_on", Limit: 1})
	if err != nil || len(page.Records) == 0 {
		return err
	}
	r := page.Records[0]
	p.LastReview = &ReviewRecord{Ref: r.Ref, Title: r.Title(), HeldOn: text(r, "held_on"), Chair: text(r, "chair"), Decisions: text(r, "decisions")}
	return nil
}
