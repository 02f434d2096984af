package schema

import (
	"smsworkbench/internal/compliance/catalogue"
)

// clauseItems are the clauses of ISO/IEC 20000-1:2018 as enum values.
func clauseItems() []EnumItem {
	var out []EnumItem
	for _, c := range catalogue.Clauses() {
		out = append(out, EnumItem{Value: c.ID, Label: c.ID + " " + c.Title})
	}
	return out
}

// Audit is an entry of the internal audit programme.
var Audit = &Kind{
	Name: "audit", Label: "Audit", Plural: "Audits", Prefix: "AUD", Group: GroupEvaluation,
	Clauses: []string{"9.2"},
	Fields: []Field{
		title("Audit"),
		{Name: "audit_type", Label: "Type", Type: Enum, Default: "internal", InList: true,
			Enum: items("internal", "Internal audit", "supplier", "Supplier audit", "certification", "Certification audit", "surveillance", "Surveillance audit")},
		longText("scope", "Scope"),
		{Name: "clauses", Label: "Clauses covered", Type: Tags, Enum: clauseItems()},
		listed(date("planned_start", "Planned start")),
		date("planned_end", "Planned end"),
		{Name: "lead_auditor", Label: "Lead auditor", Type: Text, Searchable: true, InList: true},
		{Name: "auditors", Label: "Audit team", Type: Text, Searchable: true},
		{Name: "auditees", Label: "Auditees", Type: Text, Searchable: true},
		date("performed_on", "Performed on"),
		longText("conclusion", "Conclusion"),
	},
	Workflow: lifecycle("planned",
		states("planned", "Planned", "in_progress", "In progress", "reported", "Reported", "closed", "Closed", "cancelled", "Cancelled"),
		map[string][]string{"planned": {"in_progress", "cancelled"}, "in_progress": {"reported"}, "reported": {"in_progress", "closed"}},
		"closed", "cancelled"),
	Guard: func(env Env, r *View, to string) error {
		switch {
		case to == "reported" && len(r.IDs("clauses")) == 0:
			return Reject("clauses", "must list the clauses audit %s covered before it is reported", r.Ref)
		case to == "reported" && r.String("conclusion") == "":
			return Reject("conclusion", "must be written before audit %s is reported", r.Ref)
		}
		return nil
	},
}

var grades = items("major", "Major nonconformity", "minor", "Minor nonconformity", "observation", "Observation", "ofi", "Opportunity for improvement")

// Finding is what an audit found against a clause.
var Finding = &Kind{
	Name: "finding", Label: "Finding", Plural: "Findings", Prefix: "FND", Group: GroupEvaluation,
	Clauses: []string{"9.2", "10.1"},
	// Two auditors raise findings on two laptops at once: each copy numbers its own.
	SiteRefs: true,
	Fields: []Field{
		title("Finding"),
		listed(ref("audit", "Audit", "audit")),
		listed(ref("assessment", "Assessment", "assessment")),
		{Name: "grade", Label: "Grade", Type: Enum, Required: true, InList: true, Indexed: true, Enum: grades},
		{Name: "clause", Label: "Clause", Type: Enum, InList: true, Indexed: true, Enum: clauseItems()},
		longText("description", "Description"),
		{Name: "requirement", Label: "Requirement", Type: LongText, Searchable: true, Help: "what the clause or the organisation's own procedure asks, in the auditor's words"},
		{Name: "evidence", Label: "Objective evidence", Type: LongText, Searchable: true, Help: "what was seen, read or heard"},
		{Name: "evidence_records", Label: "Evidence records", Type: Refs, Ref: AnyKind, Help: "the records, samples and interviews that show it"},
		{Name: "statement", Label: "Statement of nonconformity", Type: LongText, Searchable: true, Help: "how what was found falls short of the requirement"},
		{Name: "correction", Label: "Correction", Type: LongText, Searchable: true, Help: "the auditee's immediate fix"},
		date("correction_due", "Correction due"),
		{Name: "root_cause", Label: "Root cause", Type: LongText, Searchable: true},
		{Name: "corrective_action", Label: "Corrective action", Type: LongText, Searchable: true, Help: "what removes the cause, so that it does not recur"},
		date("action_due", "Corrective action due"),
		{Name: "raised_by", Label: "Raised by", Type: Text, Searchable: true},
		{Name: "raised_on", Label: "Raised on", Type: Date, Default: Now},
		ref("nonconformity", "Nonconformity", "nonconformity"),
		{Name: "recommendation", Label: "Recommendation only", Type: Bool,
			Help: "no nonconformity opened in the register: a gap assessment's finding is advice to the organisation, not its nonconformity"},
		computed(Field{Name: "correction_planned", Label: "Correction planned", Type: Bool},
			"its nonconformity analysed and its corrective action agreed: what certification asks of a minor one"),
	},
	Notifies: []string{"assessment"},
	// The nonconformity's progress is the finding's: when it moves, the finding (and through it
	// its assessment's blockers) is computed again.
	Reads: []string{"nonconformity"},
	Compute: func(env Env, r *View) {
		if r.String("nonconformity") == "" {
			r.Values["correction_planned"] = nil
			return
		}
		r.Values["correction_planned"] = CorrectionPlanned(env.Get(r.String("nonconformity")))
	},
	Workflow: lifecycle("open", states("open", "Open", "closed", "Closed"),
		map[string][]string{"open": {"closed"}, "closed": {"open"}}, "closed"),
	Guard: func(env Env, r *View, to string) error {
		g := r.String("grade")
		if to == "closed" && (g == "major" || g == "minor") {
			nc := env.Get(r.String("nonconformity"))
			if nc == nil && r.Values["recommendation"] == true && r.String("nonconformity") == "" {
				return nil // a recommendation closes when the organisation has acted on it
			}
			if nc == nil {
				return Reject("nonconformity", "must name the nonconformity raised for finding %s before it closes (or the finding is a recommendation only)", r.Ref)
			}
			if nc.Status != "closed" {
				return Refuse("finding %s cannot close: its nonconformity %s is %s", r.Ref, nc.Ref, StateWord("nonconformity", nc.Status))
			}
		}
		return nil
	},
}

// Review is a management review: its inputs and the decisions it took (decisions become
// actions that name the review).
var Review = &Kind{
	Name: "review", Label: "Management review", Plural: "Management reviews", Prefix: "MR", Group: GroupEvaluation,
	Clauses: []string{"4.1", "5.1", "6.2", "8.3.2", "8.3.3", "9.1", "9.3", "10.2"},
	Fields: []Field{
		title("Review"),
		listed(required(date("held_on", "Held on"))),
		{Name: "chair", Label: "Chair", Type: Text, InList: true},
		{Name: "attendees", Label: "Attendees", Type: Text, Searchable: true},
		{Name: "period", Label: "Period reviewed", Type: Text},
		longText("previous_actions", "Status of actions from previous reviews"),
		longText("context_changes", "Changes in context and interested parties"),
		longText("performance", "SMS and service performance, objectives"),
		longText("customer_feedback", "Customer satisfaction and complaints"),
		longText("supplier_performance", "Supplier performance"),
		longText("audit_results", "Audit results"),
		longText("nonconformities", "Nonconformities and corrective actions"),
		longText("risks", "Risks and opportunities"),
		longText("resources", "Resources"),
		longText("improvements", "Opportunities for improvement"),
		longText("decisions", "Decisions"),
	},
	Workflow: lifecycle("planned", states("planned", "Planned", "held", "Held", "closed", "Closed"),
		map[string][]string{"planned": {"held"}, "held": {"closed", "planned"}, "closed": {"held"}}, "closed"),
	Guard: func(env Env, r *View, to string) error {
		if to == "closed" && r.String("decisions") == "" {
			return Reject("decisions", "must record the decisions of review %s before it closes", r.Ref)
		}
		return nil
	},
}

// Nonconformity is a failure to meet a requirement, with its correction and cause; it closes
// only when its corrective actions are done and found effective.
var Nonconformity = &Kind{
	Name: "nonconformity", Label: "Nonconformity", Plural: "Nonconformities", Prefix: "NC", Group: GroupImprovement,
	Clauses: []string{"9.2", "10.1"},
	Fields: []Field{
		title("Nonconformity"),
		{Name: "source", Label: "Source", Type: Enum, Default: "audit", InList: true,
			Enum: items("audit", "Audit", "incident", "Incident", "complaint", "Complaint", "review", "Management review",
				"monitoring", "Monitoring", "other", "Other")},
		{Name: "severity", Label: "Severity", Type: Enum, Default: "minor", InList: true, Enum: items("major", "Major", "minor", "Minor")},
		{Name: "clause", Label: "Clause", Type: Enum, InList: true, Enum: clauseItems()},
		longText("description", "Description"),
		{Name: "raised_on", Label: "Raised on", Type: Date, Default: Now, InList: true},
		owner("Owner"),
		longText("correction", "Immediate correction"),
		longText("root_cause", "Root cause"),
	},
	Workflow: lifecycle("open",
		states("open", "Open", "analysed", "Cause analysed", "action_planned", "Action planned", "closed", "Closed", "cancelled", "Cancelled"),
		map[string][]string{"open": {"analysed", "cancelled"}, "analysed": {"action_planned", "cancelled"},
			"action_planned": {"closed", "analysed"}, "closed": {"action_planned"}}, "closed", "cancelled"),
	Guard: func(env Env, r *View, to string) error {
		switch to {
		case "analysed":
			if r.String("root_cause") == "" {
				return Reject("root_cause", "must be recorded before nonconformity %s is analysed", r.Ref)
			}
		case "closed":
			var corrective []*View
			for _, a := range env.Find("action", Cond{"nonconformity", "=", r.ID}) {
				if a.Status != "cancelled" {
					corrective = append(corrective, a)
				}
			}
			if len(corrective) == 0 {
				return Refuse("nonconformity %s cannot close: it has no corrective action", r.Ref)
			}
			for _, a := range corrective {
				switch {
				case a.Status != "verified":
					return Refuse("nonconformity %s cannot close: corrective action %s is %s, not done and checked for effectiveness", r.Ref, a.Ref, StateWord("action", a.Status))
				case a.String("effective") != "yes":
					return Refuse("nonconformity %s cannot close: corrective action %s was not found effective", r.Ref, a.Ref)
				}
			}
		}
		return nil
	},
}

// Action is a corrective or improvement action, or a decision of a management review, with
// the check of its effectiveness.
var Action = &Kind{
	Name: "action", Label: "Action", Plural: "Actions", Prefix: "ACT", Group: GroupImprovement,
	Clauses: []string{"10.1", "10.2", "9.3"},
	Fields: []Field{
		title("Action"),
		{Name: "action_type", Label: "Type", Type: Enum, Default: "corrective", InList: true, Indexed: true,
			Enum: items("corrective", "Corrective action", "improvement", "Improvement action", "review", "Management review decision")},
		ref("nonconformity", "Nonconformity", "nonconformity"),
		ref("review", "Management review", "review"),
		ref("improvement", "Improvement", "improvement"),
		ref("risk", "Risk", "risk"),
		longText("description", "Description"),
		{Name: "owner", Label: "Owner", Type: Text, Required: true, Searchable: true, InList: true, Indexed: true},
		{Name: "due", Label: "Due", Type: Date, InList: true, Indexed: true},
		date("done_on", "Done on"),
		longText("effectiveness_check", "Effectiveness check"),
		{Name: "effective", Label: "Effective", Type: Enum, InList: true, Enum: items("yes", "Yes", "no", "No, act again")},
		{Name: "checked_by", Label: "Checked by", Type: Text},
		date("checked_on", "Checked on"),
		computed(listed(Field{Name: "overdue", Label: "Overdue", Type: Bool}), "not done and past its due date"),
	},
	Workflow: done(lifecycle("open",
		states("open", "Open", "in_progress", "In progress", "done", "Done", "verified", "Effectiveness checked", "cancelled", "Cancelled"),
		map[string][]string{"open": {"in_progress", "done", "cancelled"}, "in_progress": {"done", "cancelled"},
			"done": {"verified", "in_progress"}, "verified": {"in_progress"}}, "verified", "cancelled"), "done"),
	Check: func(env Env, r *View) error {
		if r.String("action_type") == "corrective" && r.String("nonconformity") == "" {
			return Reject("nonconformity", "must name the nonconformity a corrective action corrects")
		}
		return nil
	},
	Guard: func(env Env, r *View, to string) error {
		switch {
		case to == "done" && r.String("done_on") == "":
			return Reject("done_on", "must be set before action %s is done", r.Ref)
		case to == "verified" && (r.String("effectiveness_check") == "" || r.String("checked_on") == ""):
			return Reject("effectiveness_check", "must say how and when (checked_on) the effectiveness of action %s was checked", r.Ref)
		case to == "verified" && r.String("effective") == "":
			return Reject("effective", "must record whether action %s was effective", r.Ref)
		case to == "verified" && r.String("effective") == "no":
			return Reject("effective", "is no: action %s goes back to in_progress, not to verified", r.Ref)
		}
		return nil
	},
	Live: func(env Env, r *View) {
		due := r.String("due")
		open := r.Status == "open" || r.Status == "in_progress"
		r.Values["overdue"] = open && due != "" && due < env.Now().UTC().Format(DateLayout)
	},
}

// Improvement is an opportunity for improvement and what became of it.
var Improvement = &Kind{
	Name: "improvement", Label: "Improvement", Plural: "Improvements", Prefix: "IMP", Group: GroupImprovement,
	Clauses: []string{"6.1", "8.3.2", "9.1", "10.2"},
	Fields: []Field{
		title("Improvement"),
		{Name: "source", Label: "Source", Type: Enum, Default: "staff", InList: true,
			Enum: items("audit", "Audit", "review", "Management review", "customer", "Customer", "staff", "Staff", "incident", "Incident or problem",
				"supplier", "Supplier", "measurement", "Measurement")},
		listed(ref("service", "Service", "service")),
		longText("description", "Description"),
		longText("benefit", "Expected benefit"),
		{Name: "priority", Label: "Priority", Type: Enum, Default: "medium", InList: true, Enum: levels},
		owner("Owner"),
		listed(date("target_date", "Target date")),
		longText("evaluation", "Evaluation of the result"),
	},
	Workflow: lifecycle("proposed",
		states("proposed", "Proposed", "approved", "Approved", "in_progress", "In progress", "implemented", "Implemented",
			"closed", "Closed", "rejected", "Rejected"),
		map[string][]string{"proposed": {"approved", "rejected"}, "approved": {"in_progress", "rejected"},
			"in_progress": {"implemented"}, "implemented": {"closed", "in_progress"}}, "closed", "rejected"),
	Guard: func(env Env, r *View, to string) error {
		if to == "closed" && r.String("evaluation") == "" {
			return Reject("evaluation", "must evaluate the result of improvement %s before it closes", r.Ref)
		}
		return nil
	},
}
