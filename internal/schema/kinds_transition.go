package schema

import (
	"smsworkbench/internal/itsm"
)

// Change is a change to a service or a configuration item.
var Change = &Kind{
	Name: "change", Label: "Change", Plural: "Changes", Prefix: "CHG", Group: GroupTransition,
	Clauses: []string{"8.1", "8.2.6", "8.5", "8.5.1", "8.5.1.1", "8.5.1.2", "8.5.1.3", "8.5.2", "8.5.3", "8.7.3.2"},
	// The evidence rules of the compliance workbench count the changes of the last 12 months.
	Indexes: [][]string{{"created_at"}},
	Fields: []Field{
		title("Summary"),
		longText("description", "Description"),
		sourceRef(),
		{Name: "change_type", Label: "Type", Type: Enum, Required: true, Default: "normal", InList: true, Indexed: true,
			Enum: items(itsm.StandardChange, "Standard", itsm.NormalChange, "Normal", itsm.EmergencyChange, "Emergency")},
		ref("model", "Standard change model", "changemodel"),
		{Name: "risk", Label: "Risk", Type: Enum, Default: "medium", InList: true, Enum: items("low", "Low", "medium", "Medium", "high", "High")},
		{Name: "service", Label: "Service", Type: Ref, Ref: "service", Indexed: true},
		{Name: "cis", Label: "Configuration items", Type: Refs, Ref: "ci"},
		{Name: "requester", Label: "Requested by", Type: Text, Searchable: true},
		{Name: "approved_by", Label: "Approved by", Type: Text, Help: "the change authority; for an emergency change it may be recorded afterwards"},
		date("approved_on", "Approved on"),
		{Name: "implementer", Label: "Implemented by", Type: Text, Searchable: true},
		{Name: "planned_start", Label: "Planned start", Type: DateTime, InList: true, Indexed: true},
		{Name: "planned_end", Label: "Planned end", Type: DateTime, Indexed: true},
		{Name: "outage", Label: "Expected outage", Type: Duration},
		longText("rollout_plan", "Rollout plan"),
		longText("backout_plan", "Backout plan"),
		longText("test_plan", "Test plan"),
		{Name: "cost", Label: "Estimated cost", Type: Money},
		ref("release", "Release", "release"),
		longText("review", "Post-implementation review"),
		{Name: "outcome", Label: "Outcome", Type: Enum, Enum: items("successful", "Successful", "partial", "Partly successful", "failed", "Failed, backed out")},
		computed(Field{Name: "overlaps", Label: "Overlapping changes", Type: Refs, Ref: "change"},
			"open changes whose planned window overlaps this one on the same service or CI"),
	},
	Workflow: lifecycle("new",
		states("new", "New", "assessed", "Assessed", "approved", "Approved", "rejected", "Rejected", "scheduled", "Scheduled",
			"implemented", "Implemented", "reviewed", "Reviewed", "closed", "Closed", "cancelled", "Cancelled"),
		map[string][]string{
			"new":         {"assessed", "scheduled", "implemented", "cancelled"},
			"assessed":    {"approved", "rejected", "new", "cancelled"},
			"approved":    {"scheduled", "implemented", "cancelled"},
			"scheduled":   {"implemented", "cancelled"},
			"implemented": {"reviewed", "closed"},
			"reviewed":    {"closed"},
		}, "closed", "rejected", "cancelled"),
	Check: func(env Env, r *View) error {
		if s, e := r.String("planned_start"), r.String("planned_end"); s != "" && e != "" && e < s {
			return Reject("planned_end", "is before planned_start")
		}
		if r.String("change_type") == itsm.StandardChange && r.String("model") == "" {
			return Reject("model", "must name the pre-approved standard change model of a standard change")
		}
		return nil
	},
	Guard: func(env Env, r *View, to string) error {
		facts := itsm.ChangeFacts{Ref: r.Ref, Type: r.String("change_type"), Status: r.Status,
			Approved: r.String("approved_by") != "" && r.String("approved_on") != "",
			Model:    r.String("model") != "", Reviewed: r.String("review") != ""}
		if m := env.Get(r.String("model")); m != nil {
			facts.ModelOK = m.Status == "approved"
		}
		if to == "reviewed" && !facts.Reviewed {
			return Reject("review", "must be recorded before change %s is reviewed", r.Ref)
		}
		return itsm.CheckChangeMove(facts, to)
	},
	Compute: func(env Env, r *View) {
		r.Values["overlaps"] = nil
		me := changeSlot(r)
		if me.Window.Start.IsZero() || !itsm.ChangeOpen(r.Status) {
			return
		}
		from := me.Window.Start.Add(-itsm.MaxWindow).Format(DateTimeLayout)
		var ids []string
		for _, o := range env.Find("change", Cond{"planned_start", ">=", from}, Cond{"planned_start", "<=", me.Window.Ends().Format(DateTimeLayout)},
			Cond{"status", "!=", "closed"}, Cond{"status", "!=", "rejected"}, Cond{"status", "!=", "cancelled"}) {
			if itsm.Clash(me, changeSlot(o)) {
				ids = append(ids, o.ID)
			}
		}
		if len(ids) > 0 {
			r.Values["overlaps"] = ids
		}
	},
}

// changeSlot is what the overlap rule (itsm.Clash) looks at of a change.
func changeSlot(r *View) itsm.ChangeSlot {
	return itsm.ChangeSlot{ID: r.ID, Status: r.Status, Service: r.String("service"), CIs: r.IDs("cis"),
		Window: itsm.Window{Start: r.Time("planned_start"), End: r.Time("planned_end")}}
}

// ChangeModel is a pre-approved model for standard changes.
var ChangeModel = &Kind{
	Name: "changemodel", Label: "Standard change model", Plural: "Standard change models", Prefix: "CHM", Group: GroupTransition,
	Clauses: []string{"8.5.1", "8.5.1.2"},
	Fields: []Field{
		title("Name"),
		longText("description", "Description"),
		longText("procedure", "Procedure"),
		{Name: "risk", Label: "Risk", Type: Enum, Default: "low", InList: true, Enum: items("low", "Low", "medium", "Medium")},
		ref("service", "Service", "service"),
		{Name: "approved_by", Label: "Approved by", Type: Text, InList: true},
		date("approved_on", "Approved on"),
		listed(date("review_due", "Next review")),
	},
	Workflow: documentFlow(),
	Guard:    approvalGuard("change model"),
}

// Release is a set of changes built, tested and deployed together.
var Release = &Kind{
	Name: "release", Label: "Release", Plural: "Releases", Prefix: "RLS", Group: GroupTransition,
	Clauses: []string{"8.5", "8.5.1.3", "8.5.2", "8.5.2.3", "8.5.3"},
	Fields: []Field{
		title("Name"),
		{Name: "version", Label: "Version", Type: Text, InList: true},
		{Name: "release_type", Label: "Type", Type: Enum, Default: "minor", InList: true,
			Enum: items("major", "Major", "minor", "Minor", "emergency", "Emergency")},
		listed(ref("service", "Service", "service")),
		{Name: "planned_at", Label: "Planned deployment", Type: DateTime, InList: true, Indexed: true},
		{Name: "deployed_at", Label: "Deployed", Type: DateTime},
		longText("acceptance_criteria", "Acceptance criteria"),
		{Name: "test_result", Label: "Test result", Type: Enum, Enum: items("passed", "Passed", "passed_with_issues", "Passed with known issues", "failed", "Failed")},
		longText("deployment_plan", "Deployment plan"),
		longText("backout_plan", "Backout plan"),
		longText("notes", "Release notes"),
		owner("Release manager"),
	},
	Workflow: lifecycle("planned",
		states("planned", "Planned", "built", "Built", "tested", "Tested", "deployed", "Deployed", "closed", "Closed", "cancelled", "Cancelled"),
		map[string][]string{"planned": {"built", "cancelled"}, "built": {"tested", "cancelled"}, "tested": {"deployed", "built", "cancelled"},
			"deployed": {"closed"}}, "closed", "cancelled"),
	Guard: func(env Env, r *View, to string) error {
		if to == "deployed" && r.String("test_result") != "passed" && r.String("test_result") != "passed_with_issues" {
			return Reject("test_result", "must be passed before release %s is deployed", r.Ref)
		}
		return nil
	},
}
