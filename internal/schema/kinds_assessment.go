package schema

import (
	"strconv"

	"smsworkbench/internal/compliance/catalogue"
)

// AnyKind, as the target of a ref or refs field, lets the field name records of every kind: the
// evidence of a clause can be a policy, an SLA, a continuity test or any other record.
const AnyKind = "*"

// Names reports whether a ref or refs field can name records of the given kind.
func (f *Field) Names(kind string) bool { return f.Ref == kind || f.Ref == AnyKind }

func pairs(list [][2]string) []EnumItem {
	out := make([]EnumItem, len(list))
	for i, p := range list {
		out[i] = EnumItem{Value: p[0], Label: p[1]}
	}
	return out
}

func maturityItems() []EnumItem {
	out := make([]EnumItem, len(catalogue.Maturity))
	for i, l := range catalogue.Maturity {
		out[i] = EnumItem{Value: strconv.Itoa(i), Label: strconv.Itoa(i) + " " + l}
	}
	return out
}

// Assessment is a gap assessment, an internal audit or a supplier audit walked clause by clause.
// Its clause results are records of their own (ClauseResult), so that two people assessing
// different clauses on two copies never conflict; the workbench creates one per clause of the
// catalogue with the assessment.
var Assessment = &Kind{
	Name: "assessment", Label: "Assessment", Plural: "Assessments", Prefix: "ASM", Group: GroupEvaluation,
	Clauses: []string{"9.1", "9.2"},
	Fields: []Field{
		title("Assessment"),
		{Name: "assessment_type", Label: "Type", Type: Enum, Required: true, Default: "gap", InList: true, Indexed: true,
			Enum: items("gap", "Gap assessment", "internal", "Internal audit", "supplier", "Supplier audit")},
		longText("scope", "Scope"),
		ref("supplier", "Supplier audited", "supplier"),
		ref("audit", "Audit programme entry", "audit"),
		listed(date("start", "Start")),
		date("end", "End"),
		{Name: "lead_auditor", Label: "Lead auditor", Type: Text, Searchable: true, InList: true},
		{Name: "auditors", Label: "Auditors", Type: Text, Searchable: true},
		{Name: "based_on", Label: "Started from", Type: Ref, Ref: "assessment", Locked: true},
		{Name: "edition", Label: "Edition assessed against", Type: Enum, Required: true, Default: catalogue.EditionAmd1,
			Enum: pairs(catalogue.Editions), Help: "ISO/IEC 20000-1:2018, or with its Amd 1:2024 (climate change in 4.1 and 4.2)"},
		{Name: "catalogue_version", Label: "Catalogue version", Type: Integer, Locked: true,
			Help: "the version of the clause catalogue the assessment was made with; unset: version 1, the 62 nodes before the headings were marked"},
		longText("objectives", "Audit objectives"),
		{Name: "criteria", Label: "Audit criteria", Type: LongText, Searchable: true,
			Help: "what the audit compares against: the edition of ISO/IEC 20000-1, the organisation's own policies and procedures, contracts"},
		longText("method", "Audit method"),
		{Name: "sites", Label: "Sites", Type: Text, Searchable: true},
		{Name: "auditees", Label: "Auditees", Type: Text, Searchable: true},
		{Name: "plan_sent_at", Label: "Plan sent at", Type: DateTime, Help: "when the audit plan was sent to the auditee; later changes to it are shown"},
		{Name: "plan_sent", Label: "Plan as sent (sha256)", Type: Text, Help: "the plan as it was sent, kept in the workspace by its sha256"},
		longText("conclusion", "Conclusion"),
		{Name: "recommendation", Label: "Recommendation", Type: Enum, Enum: items(
			"recommended", "Certification recommended",
			"after_plan", "Recommended once the correction plans of the minor nonconformities are accepted",
			"not_recommended", "Not recommended until the major nonconformities are closed and verified")},
		{Name: "distribution", Label: "Distribution", Type: Text, Searchable: true, Help: "who receives the report"},
		computed(listed(Field{Name: "readiness", Label: "Readiness (%)", Type: Number}), "the readiness method over its clause results"),
		computed(listed(Field{Name: "blockers", Label: "Blockers in results", Type: Integer}),
			"open major findings, minor ones without a correction plan; requirements nonconformant, not assessed, not verified or needing a decision (readiness adds the documented information the workspace lacks)"),
		computed(listed(Field{Name: "progress", Label: "Clauses done", Type: Integer}), "requirements whose result is marked done"),
	},
	Workflow: lifecycle("planned",
		states("planned", "Planned", "in_progress", "In progress", "in_review", "In review", "done", "Done"),
		map[string][]string{"planned": {"in_progress"}, "in_progress": {"in_review", "planned"}, "in_review": {"done", "in_progress"}, "done": {"in_review"}},
		"done"),
	Check: func(env Env, r *View) error {
		if r.String("assessment_type") == "supplier" && r.String("supplier") == "" {
			return Reject("supplier", "must name the supplier a supplier audit audits")
		}
		if s, e := r.String("start"), r.String("end"); s != "" && e != "" && e < s {
			return Reject("end", "is before the start (%s)", s)
		}
		if rec := r.String("recommendation"); rec == "recommended" || rec == "after_plan" {
			// A major nonconformity blocks certification until it is closed and verified; a
			// minor one needs an accepted correction plan.
			for _, f := range env.Find("finding", Cond{"assessment", "=", r.ID}) {
				switch {
				case f.Status == "closed":
				case f.String("grade") == "major":
					return Reject("recommendation", "cannot recommend certification while the major nonconformity %s is open", f.Ref)
				case f.String("grade") == "minor" && rec == "recommended" && !MinorPlanned(f):
					return Reject("recommendation", "minor nonconformity %s has no accepted correction plan yet: recommend certification once the plans are accepted (after_plan)", f.Ref)
				}
			}
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		var assessed []catalogue.Assessed
		done := 0
		for _, cr := range env.Find("clauseresult", Cond{"assessment", "=", r.ID}) {
			assessed = append(assessed, AssessedOf(cr))
			if c, ok := catalogue.Lookup(cr.String("clause")); ok && !c.Rollup && cr.Status == "done" {
				done++
			}
		}
		var open []catalogue.OpenFinding
		for _, f := range env.Find("finding", Cond{"assessment", "=", r.ID}) {
			if f.Status != "closed" {
				open = append(open, catalogue.OpenFinding{Ref: f.Ref, Clause: f.String("clause"), Grade: f.String("grade"), Title: f.String("title"),
					Planned: CorrectionPlanned(env.Get(f.String("nonconformity")))})
			}
		}
		rd := catalogue.Rate("en", assessed, open)
		r.Values["readiness"] = rd.Overall.Percent
		r.Values["blockers"] = int64(len(rd.Blockers))
		r.Values["progress"] = int64(done)
	},
}

// CorrectionPlanned says whether a nonconformity's correction is planned: analysed, its action
// agreed (or done since). A minor finding with it no longer blocks certification.
func CorrectionPlanned(nc *View) bool {
	return nc != nil && (nc.Status == "action_planned" || nc.Status == "closed")
}

// MinorPlanned says whether a minor finding's correction is planned: its nonconformity's
// action agreed, or the auditee's corrective action written with its due date.
func MinorPlanned(f *View) bool {
	return f.Values["correction_planned"] == true || f.String("corrective_action") != "" && f.String("action_due") != ""
}

// AssessedOf reads a clause result as the readiness method wants it.
func AssessedOf(cr *View) catalogue.Assessed {
	a := catalogue.Assessed{Clause: cr.String("clause"), Result: cr.String("result"), Party: cr.String("party"), Carried: cr.Values["carried_forward"] == true}
	if m, ok := cr.Int("maturity"); ok {
		n := int(m)
		a.Maturity = &n
	}
	return a
}

// ClauseResult is what one assessment found for one clause: the result, the maturity, notes,
// and the evidence (records of any kind and files kept in the workspace by sha256). Its
// workflow is the assessor's progress: to do, then done.
var ClauseResult = &Kind{
	Name: "clauseresult", Label: "Clause result", Plural: "Clause results", Prefix: "CLR",
	Fields: []Field{
		computed(listed(Field{Name: "title", Label: "Clause", Type: Text, Searchable: true}), "the clause's id and title"),
		listed(required(Field{Name: "assessment", Label: "Assessment", Type: Ref, Ref: "assessment", Locked: true})),
		{Name: "clause", Label: "Clause", Type: Enum, Required: true, InList: true, Indexed: true, Locked: true, Enum: clauseItems()},
		{Name: "result", Label: "Result", Type: Enum, Required: true, Default: catalogue.NotAssessed, InList: true, Enum: pairs(catalogue.Results)},
		{Name: "maturity", Label: "Maturity", Type: Integer, InList: true, Enum: maturityItems(),
			Help: "0 incomplete, 1 initial, 2 managed, 3 defined, 4 quantitatively managed, 5 optimizing"},
		{Name: "notes", Label: "Notes", Type: LongText, Searchable: true, Help: "for no instance in the period, what was checked instead (the procedure)"},
		{Name: "party", Label: "Fulfilled by", Type: Text, Searchable: true, Help: "for a result fulfilled by another party: the supplier, internal supplier or customer that runs it (its control is assessed under 8.2.3)"},
		{Name: "carried_forward", Label: "Carried forward, not re-verified", Type: Bool,
			Help: "the result was copied from an earlier assessment; it counts once someone confirms or changes it"},
		{Name: "evidence", Label: "Evidence", Type: Refs, Ref: AnyKind},
		{Name: "files", Label: "Files", Type: Table, Columns: []Field{
			{Name: "name", Label: "File", Type: Text, Required: true},
			{Name: "sha256", Label: "SHA-256", Type: Text, Required: true},
			{Name: "size", Label: "Bytes", Type: Integer},
		}},
	},
	Workflow: lifecycle("todo", states("todo", "To do", "done", "Done"),
		map[string][]string{"todo": {"done"}, "done": {"todo"}}, "done"),
	Indexes:  [][]string{{"assessment", "clause"}},
	Notifies: []string{"assessment"},
	Check: func(env Env, r *View) error {
		switch r.String("result") {
		case catalogue.NotApplicable:
			if r.String("notes") == "" {
				return Reject("notes", "must justify why clause %s is not applicable", r.String("clause"))
			}
		case catalogue.OtherParty:
			if r.String("party") == "" {
				return Reject("party", "must name who fulfils clause %s (a supplier, an internal supplier or a customer)", r.String("clause"))
			}
			if r.String("clause") == catalogue.ControlOfOtherParties {
				return Reject("result", "of %s, the control of other parties, cannot itself be fulfilled by another party", catalogue.ControlOfOtherParties)
			}
		case catalogue.NoInstance:
			if r.String("notes") == "" {
				return Reject("notes", "must say what was checked of clause %s when no instance occurred in the period (its procedure)", r.String("clause"))
			}
		}
		if other := clashes(env, r, "assessment", "clause"); other != nil {
			return Reject("clause", "%s has its result already in this assessment (%s)", r.String("clause"), other.Ref)
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		c, _ := catalogue.Lookup(r.String("clause"))
		r.Values["title"] = c.ID + " " + c.Title
	},
}

// ServiceReport is a service report issued to a customer for an SLA and a period (clause 9.4).
var ServiceReport = &Kind{
	Name: "servicereport", Label: "Service report", Plural: "Service reports", Prefix: "SRP", Group: GroupEvaluation,
	Clauses: []string{"9.4", "8.3.3", "9.1"},
	Fields: []Field{
		title("Report"),
		listed(required(ref("sla", "SLA", "sla"))),
		listed(required(date("period_start", "Period from"))),
		listed(required(date("period_end", "Period to"))),
		listed(date("issued_on", "Issued on")),
		{Name: "recipients", Label: "Sent to", Type: Text, Searchable: true},
		listed(Field{Name: "sla_compliance", Label: "SLA compliance (%)", Type: Number}),
		longText("summary", "Summary"),
	},
	Workflow: lifecycle("draft", states("draft", "Draft", "issued", "Issued"),
		map[string][]string{"draft": {"issued"}, "issued": {"draft"}}, "issued"),
	Indexes: [][]string{{"sla", "period_end"}},
	Check: func(env Env, r *View) error {
		if s, e := r.String("period_start"), r.String("period_end"); e < s {
			return Reject("period_end", "is before the start of the period (%s)", s)
		}
		return nil
	},
	Guard: func(env Env, r *View, to string) error {
		if to == "issued" && r.String("issued_on") == "" {
			return Reject("issued_on", "must be set before report %s is issued", r.Ref)
		}
		return nil
	},
}
