package demo

import (
	"fmt"
	"slices"
	"time"

	"smsworkbench/internal/compliance"
	clauses "smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// The compliance story of the demo: last year's internal audit of the whole SMS, walked clause
// by clause, and this year's gap assessment started from it to check the readiness for the
// surveillance audit. The evidence linked to each clause is what the evidence rules find in the
// demo (compliance.Workbench.Suggest), as it existed when the clause was assessed.

// verdict is what an assessment says of one clause.
type verdict struct {
	result   string
	maturity int // 1 to 5; 0 leaves it unrated
	note     string
}

func conf(m int, note string) *verdict { return &verdict{clauses.Conformant, m, note} }
func part(m int, note string) *verdict { return &verdict{clauses.PartiallyConformant, m, note} }
func nonc(m int, note string) *verdict { return &verdict{clauses.Nonconformant, m, note} }
func none(m int, note string) *verdict { return &verdict{clauses.NoInstance, m, note} }

// clauseStory is one clause in both assessments.
type clauseStory struct {
	clause string
	audit  *verdict // last year's internal audit
	gap    *verdict // this year's gap assessment; nil: not re-assessed yet
}

// clauseStories covers every requirement of the catalogue (the group headings roll up), in its
// order.
func clauseStories() []clauseStory {
	return []clauseStory{
		{"4.1", conf(3, "Internal and external issues analysed in the SMS plan and the risk register; the management review considered the changes of context."),
			conf(3, "Context reviewed in the last management review: DORA requirements of the financial customers, Kubernetes demand, the fax service retired.")},
		{"4.2", part(2, "Interested parties listed, but their requirements were not reviewed since the certification; the regulators' requirements are missing."),
			part(3, "Requirements of the interested parties reviewed and the regulators added; the review is not yet repeated at a set interval.")},
		{"4.3", conf(3, "Scope statement approved; it matches the live services."),
			conf(3, "Scope statement unchanged and still matching the live services; the pipeline service is outside the scope until it goes live.")},
		{"4.4", part(2, "The SMS processes are documented, but the incident process was past its review date."),
			part(3, "Processes documented and followed; the problem management process is past its review date.")},
		{"5.1", conf(3, "Top management chairs the management review and approves the budget and the SMS plan."),
			conf(4, "Decisions of the management reviews tracked as actions with owners and due dates; top management follows them up monthly.")},
		{"5.2.1", conf(3, "Service management policy approved by the managing director; it frames the objectives."),
			conf(3, "Policy revised this year and approved; objectives framework unchanged.")},
		{"5.2.2", conf(2, "Policy published on the intranet and presented at the staff meeting; not yet given to new staff at induction."),
			conf(3, "Policy part of the induction and available to customers on request.")},
		{"5.3", part(2, "Roles named in the process documents, but no one is named for supplier management and for customer communication out of hours."),
			conf(3, "Supplier manager and communication lead named; the on-call rota names the communication lead for major incidents.")},
		{"6.1", part(2, "Risks assessed with an owner, but several treatment plans have no due date and six risks were past their review date."),
			conf(2, "Risk register reviewed; treatment plans followed up as actions, review dates kept.")},
		{"6.2.1", conf(3, "Objectives with measure, target and actual since the certification audit."),
			conf(4, "Objectives measured monthly from the registers and reported to top management.")},
		{"6.2.2", part(2, "Each objective has an owner; the actions and resources to achieve two of them are not planned."),
			conf(3, "Every objective has a plan: actions with owners, due dates and how the result is evaluated.")},
		{"6.3", conf(2, "SMS plan approved for the year; the timetable of its actions is not followed up."), nil},
		{"7.1", conf(2, "Budgets approved; capacity plans exist for most services but are kept in spreadsheets."),
			conf(3, "Budgets approved per service; capacity plans approved and reviewed in the workbench.")},
		{"7.2", part(2, "Competence requirements documented for the service desk only; training records incomplete."), nil},
		{"7.3", part(2, "Awareness training held, but attendance is not recorded and two engineers interviewed did not know the service management policy."), nil},
		{"7.4", conf(3, "Communication with customers through the account managers and the service reviews."),
			conf(3, "Customer contacts and account managers recorded; major incident distribution list includes the regulated customers.")},
		{"7.5.1", conf(3, "The SMS documents are listed in the workbench with their owners."), nil},
		{"7.5.2", conf(3, "Documents carry a version, an owner and their approval."), nil},
		{"7.5.3", part(2, "Documents controlled in the workbench; the incident process and the supplier policy were past their review dates."),
			part(2, "Four controlled documents past their review date; the nonconformity of this year's internal audit on the continuity policy is still open.")},
		{"7.5.4", part(2, "Scope, policy, plan and process documents in place; the capacity management policy is missing."),
			part(2, "The SMS document set is complete but for the capacity management policy, still a draft.")},
		{"7.6", part(1, "Knowledge is held by a few engineers; known errors are published but no knowledge articles exist."),
			conf(2, "First knowledge articles approved; known errors with workarounds available to the service desk.")},
		{"8.1", conf(3, "Operational processes documented and controlled through changes."),
			conf(3, "Operational planning and control unchanged; changes controlled through the CAB.")},
		{"8.2.1", conf(3, "Every live service delivered under an agreed SLA."),
			conf(3, "Every live service under an agreed SLA; the retired fax service's SLA retired with it.")},
		{"8.2.2", part(2, "Services planned with the customers, but changes of demand are collected informally and not recorded."), nil},
		{"8.2.3", none(3, "No other party operated a process or part of a process of the SMS in the audit period: suppliers deliver service components under contract (8.3.4). The managed SOC of SecureOps starts next year."),
			part(2, "SecureOps now runs the triage of security alerts, part of the information security incident process: its duties are in the contract but not yet in the process documents.")},
		{"8.2.4", conf(2, "Service catalogue with owners and descriptions; service requirements missing for some services."),
			conf(3, "Catalogue complete; every live service has an owner, a description and its requirements.")},
		{"8.2.5", part(2, "Hardware and software assets recorded; cloud subscriptions and licences missing."),
			conf(2, "Assets recorded as configuration items, cloud tenants included; licences still counted in spreadsheets.")},
		{"8.2.6", part(1, "CIs recorded but not updated by every change; no CMDB baseline has ever been taken; relationships recorded for servers only."),
			part(2, "A CMDB baseline was taken after the CI corrections; changes still do not always update the CMDB (nonconformity of this year's internal audit open).")},
		{"8.3.1", conf(3, "SLAs agreed and signed; supplier contracts in force."),
			conf(3, "SLAs reviewed on time; contracts in force for every supplier that contributes to a service.")},
		{"8.3.2", part(2, "Satisfaction surveyed twice a year; complaint handling has no target time."),
			part(2, "Complaints registered and answered, but two complaints wait longer than their target; the nonconformity on the late response to the bank is open.")},
		{"8.3.3", part(2, "SLA targets monitored, but service levels are compiled by hand from exports and not reviewed with every customer."),
			conf(3, "Service levels reported monthly for every SLA from the workbench figures.")},
		{"8.3.4.1", conf(3, "External suppliers under contract and reviewed twice a year."),
			nonc(2, "The hardware maintenance contract for the core network and storage ran out without renewal: core switches and storage without maintenance cover. The corrective action of the internal audit's major nonconformity is past its due date.")},
		{"8.3.4.2", part(2, "OLA with Group Facilities in force, but not reviewed since it was signed and without measurable targets."), nil},
		{"8.4.1", conf(3, "Budget lines per service; costs booked monthly."),
			conf(3, "Budget lines per service and year; costs booked every month and compared with the budget.")},
		{"8.4.2", part(1, "Demand forecasts given by the account managers orally; nothing recorded."),
			part(2, "Demand forecasts recorded in the capacity plans of the main services; the others still rely on the account managers.")},
		{"8.4.3", part(2, "Capacity plans for the main services; thresholds not agreed."),
			part(2, "Capacity plans approved, but the capacity management policy is still a draft; the backup repository is above its threshold.")},
		{"8.5.1.1", conf(3, "Change management policy approved and reviewed."), nil},
		{"8.5.1.2", conf(2, "Requests for change recorded with their reason and risk; the expected benefit is rarely given."), nil},
		{"8.5.1.3", conf(3, "Emergency changes reviewed after implementation since the corrective action of the first internal audit."),
			conf(4, "Every emergency change of the last 12 months reviewed after implementation; backout plans for every closed change.")},
		{"8.5.2.1", conf(2, "No new service planned in the audit period; the criteria are in the change management policy."),
			conf(3, "The managed Kubernetes platform planned through normal changes with its requirements.")},
		{"8.5.2.2", part(2, "Service requirements recorded for some services only."), nil},
		{"8.5.2.3", conf(3, "Releases built and tested before deployment."),
			conf(3, "Releases tested against their acceptance criteria before deployment.")},
		{"8.5.3", conf(3, "Release and deployment policy approved; releases deployed in the maintenance windows."),
			conf(3, "Releases deployed in the agreed windows with backout plans.")},
		{"8.6.1", conf(3, "Incidents prioritised and resolved within the SLA targets; major incidents followed by a problem record."),
			part(2, "Several major incidents of the last 12 months were closed without a problem record to find their cause.")},
		{"8.6.2", conf(3, "Requests fulfilled from the catalogue with approvals where needed."),
			conf(3, "Requests fulfilled within the SLA; approvals recorded before fulfilment.")},
		{"8.6.3", conf(2, "Problems investigated and known errors published; problems are raised after incidents only, no trend analysis."), nil},
		{"8.7.1", conf(3, "Availability plans per service, measured quarterly."), nil},
		{"8.7.2", nonc(1, "The restore of the ERP database from the offsite vault failed: the ransomware plan is not proven. The nonconformity of the certification audit on it is still open."),
			part(2, "The ransomware plan was retested successfully; one approved continuity plan has no test in the last 12 months and the continuity policy is past its review date.")},
		{"8.7.3.1", conf(3, "Information security policy approved and reviewed."), nil},
		{"8.7.3.2", part(2, "Controls implemented, but tests are recorded for half of them only."),
			conf(2, "Controls implemented and tested; test dates recorded for each control, effectiveness partly rated.")},
		{"8.7.3.3", conf(2, "Security incidents handled with the security officer; lessons learned not recorded."), nil},
		{"9.1", part(2, "Service levels and objectives measured, but the results are not analysed for trends nor evaluated against the plan."),
			conf(2, "Measurements taken from the registers; trends analysed for the management review, not yet between reviews.")},
		{"9.2", part(2, "Audit programme in place, but the earlier internal audits covered the operational processes only; this audit is the first of the whole SMS."),
			conf(3, "The audit programme covered every clause in the last three years.")},
		{"9.3", conf(3, "Management review held with all inputs; decisions recorded."),
			conf(3, "Management review held with all inputs; decisions followed up as actions.")},
		{"9.4", nonc(1, "Monthly service reports started only with the last month; before that reports were sent on request, without SLA compliance figures."),
			part(3, "Reports issued monthly for every SLA since the corrective action, but the service desk's last report is still a draft and a customer complained that reports arrive late.")},
		{"10.1", conf(2, "Nonconformities analysed for their root cause; corrective actions checked for effectiveness, some late."), nil},
		{"10.2", conf(2, "Improvements registered and implemented; their results are not always evaluated."),
			conf(3, "Improvement register reviewed by the management review; results evaluated before closing.")},
	}
}

// assessments writes the internal audit and the gap assessment with their findings.
func (f *filler) assessments() error {
	rng := f.rng("assessments")
	wb := compliance.New(f.s)
	b := &bench{f: f, wb: wb}
	stories := clauseStories()

	// Last year's internal audit: a week in December (or the last one before), eleven months ago.
	start := f.workHour(rng, f.ago(340))
	if start.Year() == f.now.Year() {
		start = f.workHour(rng, time.Date(f.now.Year()-1, 12, 1, 0, 0, 0, 0, time.UTC))
	}
	start = f.local(start, 9, 0)
	auditDays := workdays(f.berlin, start, 5)
	last := auditDays[len(auditDays)-1]
	ev, err := f.evidence(wb)
	if err != nil {
		return err
	}
	ia, err := b.create(start.Add(-days(14)), compliance.NewInput{
		Title: fmt.Sprintf("Internal audit %d", start.Year()), Type: "internal",
		Fields: map[string]any{
			"scope":        "The whole SMS within its scope, clause by clause, ahead of the first surveillance audit: all processes, at the Frankfurt office and the FRA1 data centre.",
			"lead_auditor": auditor, "auditors": "Chloé Dubois, Jonas Becker",
			"start": day(start), "end": day(last),
		},
	})
	if err != nil {
		return err
	}
	if err := b.move(start, "assessment", ia, "in_progress", "opening meeting held"); err != nil {
		return err
	}
	for i, s := range stories {
		at := f.local(auditDays[i*len(auditDays)/len(stories)], 9+i%8, 10*(i%6))
		evidence, err := ev.at(s.clause, at)
		if err != nil {
			return err
		}
		if s.clause == "8.7.2" {
			evidence = append(evidence, f.id("nc:continuity"))
		}
		if err := b.set(at, ia, s.clause, s.audit.change(evidence)); err != nil {
			return err
		}
	}
	closing := f.local(last, 17, 30)
	reportsNC, err := b.raise(closing, ia, "9.4", compliance.FindingInput{
		Title: "Service reports not issued regularly to the customers", Grade: clauses.Minor,
		Description: "Clause 9.4 asks for service reports to be produced and communicated. Until last month, reports were sent on request only and without the SLA compliance figures.",
		Evidence:    "Customers' SLAs: monthly reporting agreed; sent items of the account managers: 3 reports in the last 6 months.",
		RaisedBy:    auditor, Owner: smsManager, Due: day(closing.Add(days(45))),
	})
	if err != nil {
		return err
	}
	obs, err := b.raise(closing, ia, "8.2.6", compliance.FindingInput{
		Title: "No CMDB baseline, relationships for servers only", Grade: clauses.Observation,
		Description: "The CMDB has never been baselined, so its changes cannot be compared with a known state; relationships are recorded for servers only.",
		Evidence:    "CMDB sample of 20 CIs: 6 without relationships; no baseline record.", RaisedBy: auditor,
	})
	if err != nil {
		return err
	}
	ofi, err := b.raise(closing, ia, "7.6", compliance.FindingInput{
		Title: "Knowledge articles for the most frequent incidents", Grade: clauses.OFI,
		Description: "The service desk could resolve more at the first line with knowledge articles for the most frequent incidents, linked to the known errors.",
		Evidence:    "Top 10 incident categories of the quarter; 2 known errors without an article.", RaisedBy: auditor,
	})
	if err != nil {
		return err
	}
	// The nonconformity is analysed, corrected, found effective and closed; the audit is done.
	done := closing.Add(days(40))
	checked := closing.Add(days(130))
	conclusion := "The SMS is established and maintained. Two clauses are nonconformant: service reporting (minor nonconformity raised) and " +
		"continuity (the ransomware plan is not proven; the certification audit's nonconformity is still open). One observation on the CMDB, " +
		"one opportunity for improvement on knowledge. Suitable for the surveillance audit once the nonconformities are closed."
	err = f.write(
		continueRec("nonconformity", reportsNC.nc, closing).
			then(closing.Add(days(5)), map[string]any{"root_cause": "Reporting was left to the account managers; no schedule, no owner and no template with the SLA figures.",
				"correction": "Reports for the last quarter compiled and sent to every customer."}, "analysed").
			move(closing.Add(days(7)), "action_planned"),
		continueRec("action", reportsNC.action, closing).
			move(closing.Add(days(8)), "in_progress").
			then(done, map[string]any{"done_on": day(done), "description": "Reporting calendar set; one report per SLA and month, issued by the 10th working day from the workbench figures."}, "done").
			then(checked, map[string]any{"effectiveness_check": "Reports of four consecutive months sampled: issued for every SLA by the 10th working day, with the SLA compliance.",
				"effective": "yes", "checked_by": auditor, "checked_on": day(checked)}, "verified"),
		continueRec("nonconformity", reportsNC.nc, checked).move(checked.Add(days(1)), "closed", "corrective action effective"),
		continueRec("finding", reportsNC.finding, checked).move(checked.Add(days(1)), "closed", "nonconformity closed"),
		continueRec("finding", obs.finding, closing).move(closing.Add(days(7)), "closed", "considered; CMDB baseline planned"),
		continueRec("finding", ofi.finding, closing).move(closing.Add(days(7)), "closed", "taken into the improvement register"),
		continueRec("assessment", ia, closing).
			move(closing.Add(days(2)), "in_review", "draft report sent to the auditees").
			then(closing.Add(days(7)), map[string]any{"conclusion": conclusion}, "done", "report approved by the SMS manager"),
	)
	if err != nil {
		return err
	}

	// This year's gap assessment, started from the internal audit about five weeks ago and
	// two thirds done: the last clause assessed is the expired hardware contract.
	if ev, err = f.evidence(wb); err != nil {
		return err
	}
	created := f.workHour(rng, f.ago(36))
	gapStart := f.local(workdays(f.berlin, created.Add(days(1)), 1)[0], 9, 0)
	gap, err := b.create(created, compliance.NewInput{
		Title: fmt.Sprintf("Gap assessment %d — certification readiness", f.now.Year()), Type: "gap", From: ia,
		Fields: map[string]any{
			"scope":        "Readiness of the whole SMS for the surveillance audit by CertaNord: every clause re-assessed against last year's internal audit.",
			"lead_auditor": smsManager, "auditors": "Lena Berg, Chloé Dubois, Ingrid Håkansson",
			"start": day(gapStart),
		},
	})
	if err != nil {
		return err
	}
	if err := b.move(gapStart, "assessment", gap, "in_progress", "kick-off with the process owners"); err != nil {
		return err
	}
	var redo []clauseStory
	for _, s := range stories {
		if s.gap != nil {
			redo = append(redo, s)
		}
	}
	slices.SortStableFunc(redo, func(a, b clauseStory) int {
		return boolCmp(a.clause == "8.3.4.1", b.clause == "8.3.4.1")
	})
	var gapDays []time.Time
	for _, d := range workdays(f.berlin, gapStart, 40) {
		if d.Before(f.ago(1)) || len(gapDays) == 0 {
			gapDays = append(gapDays, d)
		}
	}
	var minor *raised
	for i, s := range redo {
		at := f.local(gapDays[i*len(gapDays)/len(redo)], 9+(i%4)*2, 30)
		if at.After(f.now) {
			at = f.now.Add(-time.Hour)
		}
		evidence, err := ev.at(s.clause, at)
		if err != nil {
			return err
		}
		// What the assessors looked at beyond what the rules propose.
		switch s.clause {
		case "8.3.4.1":
			evidence = append(evidence, f.id("contract:hw"), f.id("nc:hw-contract"), f.id("risk:hw-contract"))
		case "9.4":
			evidence = append(evidence, f.service(lateReport).slaID, f.id("report:late"))
		}
		if err := b.set(at, gap, s.clause, s.gap.change(evidence)); err != nil {
			return err
		}
		open := true
		switch s.clause {
		case "8.6.1":
			minor, err = b.raise(at.Add(time.Hour), gap, s.clause, compliance.FindingInput{
				Title: "Major incidents closed without a problem record", Grade: clauses.Minor,
				Description: "The incident process asks for a problem record for every major incident, so that its cause is found and removed. Several major incidents of the last 12 months name no problem.",
				Evidence:    ev.gapText(s.clause, "major incidents of the last 12 months name no problem"),
				RaisedBy:    smsManager, Owner: problemMgr, Due: day(f.ahead(30)),
				Nonconformity: &open, // the SMS manager's own gap assessment: the organisation takes it up
			})
		case "8.3.4.1":
			_, err = b.raise(at.Add(time.Hour), gap, s.clause, compliance.FindingInput{
				Title: "Core hardware without maintenance cover", Grade: clauses.Major,
				Description: "The maintenance contract for the core network and storage hardware ended without renewal. The nonconformity raised by this year's internal audit is open and its corrective action is past its due date: a failed core switch would wait for a purchase order, against the 4-hour repair the SLAs rely on.",
				Evidence:    "Contract register: hardware maintenance contract ended; renewal action overdue; risk of core hardware without maintenance cover being treated.",
				RaisedBy:    smsManager, Owner: supplierMgr, Due: day(f.ahead(14)),
				Nonconformity: &open,
			})
		case "9.4":
			_, err = b.raise(at.Add(time.Hour), gap, s.clause, compliance.FindingInput{
				Title: "Service desk report of last month still a draft", Grade: clauses.Observation,
				Description: "The reports of every other SLA were issued; the service desk's is waiting, and a customer complained about late reports.",
				Evidence:    ev.gapText(s.clause, "every agreed SLA reported for its last complete period"),
				RaisedBy:    smsManager,
			})
		}
		if err != nil {
			return err
		}
	}
	// The minor nonconformity's cause is already analysed.
	return f.write(continueRec("nonconformity", minor.nc, minor.at).
		then(minor.at.Add(days(2)), map[string]any{"root_cause": "Closing a major incident does not ask for a problem record; the problem manager reviews major incidents only at the monthly problem review."}, "analysed").
		move(minor.at.Add(days(3)), "action_planned").until(f.now))
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// workdays lists n working days (Monday to Friday in loc) from the day of t on, at t's time.
func workdays(loc *time.Location, t time.Time, n int) []time.Time {
	var out []time.Time
	for d := t; len(out) < max(n, 1); d = d.AddDate(0, 0, 1) {
		if wd := d.In(loc).Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

// change is the verdict as the workbench's change of a clause; a clause with no instance in
// the period links no evidence.
func (v *verdict) change(evidence []string) compliance.Change {
	ch := compliance.Change{Result: &v.result, Note: &v.note}
	if v.result != clauses.NoInstance {
		ch.AddEvidence = evidence
	}
	if v.maturity > 0 {
		m := fmt.Sprint(v.maturity)
		ch.Maturity = &m
	}
	return ch
}

// evidenceFinder picks a clause's evidence among what the evidence rules find.
type evidenceFinder struct {
	f       *filler
	byRule  map[string][]compliance.Check
	records map[string]*store.Record
}

// evidence runs the evidence rules over the whole workspace as it is now.
func (f *filler) evidence(wb *compliance.Workbench) (*evidenceFinder, error) {
	sg, err := wb.Suggest(f.ctx, "", "")
	if err != nil {
		return nil, err
	}
	e := &evidenceFinder{f: f, byRule: map[string][]compliance.Check{}, records: map[string]*store.Record{}}
	for _, s := range sg {
		e.byRule[s.Clause] = s.Checks
	}
	return e, nil
}

// maxEvidence is how many records a clause links at most in one assessment.
const maxEvidence = 3

// at returns the ids of up to three records the clause's rules find that existed at t. A rule
// whose latest records are all younger than t is answered with the latest record of the same
// kind and type that did exist.
func (e *evidenceFinder) at(clause string, t time.Time) ([]string, error) {
	stamp := ts(t)
	var out []string
	for _, ch := range e.byRule[clause] {
		found := false
		for _, l := range ch.Found {
			r, err := e.record(l)
			if err != nil {
				return nil, err
			}
			if r.CreatedAt <= stamp {
				found = true
				if !slices.Contains(out, r.ID) {
					out = append(out, r.ID)
				}
				break // one record per rule, the most recent
			}
		}
		if !found && len(ch.Found) > 0 {
			id, err := e.older(ch.Found[0], stamp)
			if err != nil {
				return nil, err
			}
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		if len(out) == maxEvidence {
			break
		}
	}
	return out, nil
}

func (e *evidenceFinder) record(l store.Link) (*store.Record, error) {
	if r, ok := e.records[l.ID]; ok {
		return r, nil
	}
	r, err := e.f.s.Get(e.f.ctx, l.Kind, l.ID)
	if err != nil {
		return nil, err
	}
	e.records[l.ID] = r
	return r, nil
}

// discriminators are the fields that say which records of a kind a rule looks for.
var discriminators = []string{"policy_type", "audit_type", "change_type", "contract_type", "action_type", "category", "supplier_type"}

// older is the latest record of the kind of l, of the same type, created by stamp.
func (e *evidenceFinder) older(l store.Link, stamp string) (string, error) {
	like, err := e.record(l)
	if err != nil {
		return "", err
	}
	where := []store.Filter{{Field: "created_at", Op: "<=", Value: stamp}}
	for _, d := range discriminators {
		if v, ok := like.Values[d].(string); ok && v != "" {
			where = append(where, store.Filter{Field: d, Op: "=", Value: v})
		}
	}
	p, err := e.f.s.List(e.f.ctx, l.Kind, store.Query{Where: where, Sort: "-created_at", Limit: 1})
	if err != nil || len(p.Records) == 0 {
		return "", err
	}
	return p.Records[0].ID, nil
}

// gapText is what the clause's rules found short, for a finding's evidence: the text of the
// first check that is not met, or the rule named.
func (e *evidenceFinder) gapText(clause, rule string) string {
	for _, ch := range e.byRule[clause] {
		if ch.State != compliance.OK {
			return "Evidence rule \"" + ch.Rule + "\": " + ch.Text + "."
		}
	}
	return "Evidence rule: " + rule + "."
}

// bench runs the compliance workbench at the dates of the demo's story: the store's clock is
// set to each change's date (it stamps the records and history), then back to the demo's now.
type bench struct {
	f  *filler
	wb *compliance.Workbench
}

func (b *bench) at(t time.Time, fn func() error) error {
	b.f.s.SetClock(func() time.Time { return t })
	defer b.f.s.SetClock(func() time.Time { return b.f.now })
	return fn()
}

// create is compliance.Workbench.Create at a date; it returns the assessment's id.
func (b *bench) create(at time.Time, in compliance.NewInput) (id string, err error) {
	err = b.at(at, func() error {
		a, err := b.wb.Create(b.f.ctx, in)
		if err != nil {
			return fmt.Errorf("demo: assessment %q: %w", in.Title, err)
		}
		id = a.ID
		return nil
	})
	return id, err
}

// set is compliance.Workbench.Set at a date.
func (b *bench) set(at time.Time, assessment, clause string, ch compliance.Change) error {
	return b.at(at, func() error {
		if _, err := b.wb.Set(b.f.ctx, assessment, clause, ch); err != nil {
			return fmt.Errorf("demo: clause %s: %w", clause, err)
		}
		return nil
	})
}

// raised is a finding the bench raised, with the nonconformity and corrective action it opened.
type raised struct {
	at                  time.Time
	finding, nc, action string
}

// raise is compliance.Workbench.RaiseFinding at a date.
func (b *bench) raise(at time.Time, assessment, clause string, in compliance.FindingInput) (*raised, error) {
	out := &raised{at: at}
	err := b.at(at, func() error {
		f, err := b.wb.RaiseFinding(b.f.ctx, assessment, clause, in)
		if err != nil {
			return fmt.Errorf("demo: finding %q: %w", in.Title, err)
		}
		out.finding = f.ID
		if f.Nonconformity == "" {
			return nil
		}
		nc, err := b.f.s.Get(b.f.ctx, "nonconformity", f.Nonconformity)
		if err != nil {
			return err
		}
		out.nc = nc.ID
		acts, err := b.f.s.List(b.f.ctx, "action", store.Query{Where: []store.Filter{{Field: "nonconformity", Op: "=", Value: nc.ID}}, Limit: 1})
		if err != nil || len(acts.Records) == 0 {
			return fmt.Errorf("demo: no corrective action for %s: %v", nc.Ref, err)
		}
		out.action = acts.Records[0].ID
		return nil
	})
	return out, err
}

// move moves a record at a date.
func (b *bench) move(at time.Time, kind, id, to, note string) error {
	return b.f.write(continueRec(kind, id, at).move(at, to, note))
}
