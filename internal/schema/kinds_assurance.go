package schema

// AvailabilityPlan sets and tracks the availability of a service.
var AvailabilityPlan = &Kind{
	Name: "availabilityplan", Label: "Availability plan", Plural: "Availability plans", Prefix: "AVP", Group: GroupAssurance,
	Clauses: []string{"8.7", "8.7.1"},
	Fields: []Field{
		title("Plan"),
		listed(required(Field{Name: "service", Label: "Service", Type: Ref, Ref: "service"})),
		listed(required(Field{Name: "target", Label: "Availability target (%)", Type: Number})),
		listed(Field{Name: "measured", Label: "Measured availability (%)", Type: Number}),
		{Name: "period", Label: "Measured over", Type: Text, Help: "for example 2026-Q3"},
		computed(listed(Field{Name: "target_met", Label: "Target met", Type: Bool}), "measured at or above target"),
		longText("risks", "Risks to availability"),
		longText("measures", "Measures"),
		owner("Owner"),
		listed(date("review_due", "Next review")),
	},
	Workflow: documentFlow(),
	Check: func(env Env, r *View) error {
		for _, name := range []string{"target", "measured"} {
			if x, ok := r.Values[name].(float64); ok && (x < 0 || x > 100) {
				return Reject(name, "must be a percentage between 0 and 100")
			}
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		t, okT := r.Values["target"].(float64)
		m, okM := r.Values["measured"].(float64)
		if okT && okM {
			r.Values["target_met"] = m >= t
		} else {
			r.Values["target_met"] = nil
		}
	},
}

// ContinuityPlan is a service continuity plan with its recovery objectives.
var ContinuityPlan = &Kind{
	Name: "continuityplan", Label: "Continuity plan", Plural: "Continuity plans", Prefix: "BCP", Group: GroupAssurance,
	Clauses: []string{"8.7", "8.7.2"},
	Fields: []Field{
		title("Plan"),
		{Name: "services", Label: "Services", Type: Refs, Ref: "service"},
		longText("scenario", "Scenarios covered"),
		{Name: "rto", Label: "Recovery time objective", Type: Duration, InList: true},
		{Name: "rpo", Label: "Recovery point objective", Type: Duration},
		longText("invocation", "Invocation criteria"),
		longText("recovery_steps", "Recovery steps"),
		{Name: "contacts", Label: "Contacts", Type: LongText},
		owner("Owner"),
		listed(date("review_due", "Next review")),
		computed(listed(date("last_tested", "Last tested")), "the latest continuity test performed"),
	},
	Workflow: documentFlow(),
	Compute: func(env Env, r *View) {
		r.Values["last_tested"] = nil
		var last string
		for _, t := range env.Find("continuitytest", Cond{"plan", "=", r.ID}, Cond{"status", "=", "done"}) {
			last = max(last, t.String("performed_on"))
		}
		if last != "" {
			r.Values["last_tested"] = last
		}
	},
}

// ContinuityTest is a test of a continuity plan and its result.
var ContinuityTest = &Kind{
	Name: "continuitytest", Label: "Continuity test", Plural: "Continuity tests", Prefix: "CTT", Group: GroupAssurance,
	Clauses: []string{"8.7.2"},
	Fields: []Field{
		title("Test"),
		listed(required(Field{Name: "plan", Label: "Plan tested", Type: Ref, Ref: "continuityplan"})),
		{Name: "test_type", Label: "Type", Type: Enum, Default: "tabletop", InList: true,
			Enum: items("walkthrough", "Walkthrough", "tabletop", "Tabletop exercise", "simulation", "Simulation", "failover", "Full failover")},
		date("planned_on", "Planned on"),
		listed(date("performed_on", "Performed on")),
		{Name: "rto_achieved", Label: "Recovery time achieved", Type: Duration},
		{Name: "rpo_achieved", Label: "Recovery point achieved", Type: Duration},
		{Name: "result", Label: "Result", Type: Enum, InList: true,
			Enum: items("passed", "Passed", "passed_with_issues", "Passed with issues", "failed", "Failed")},
		longText("lessons", "Lessons learned"),
	},
	Workflow: lifecycle("planned", states("planned", "Planned", "done", "Done", "cancelled", "Cancelled"),
		map[string][]string{"planned": {"done", "cancelled"}, "done": {"planned"}}, "done", "cancelled"),
	Notifies: []string{"plan"},
	Guard: func(env Env, r *View, to string) error {
		switch {
		case to == "done" && r.String("performed_on") == "":
			return Reject("performed_on", "must be set before continuity test %s is done", r.Ref)
		case to == "done" && r.String("result") == "":
			return Reject("result", "must be recorded before continuity test %s is done", r.Ref)
		}
		return nil
	},
}

// SecurityControl is an information security control and how well it works.
var SecurityControl = &Kind{
	Name: "securitycontrol", Label: "Security control", Plural: "Security controls", Prefix: "CTL", Group: GroupAssurance,
	Clauses: []string{"8.7.3", "8.7.3.1", "8.7.3.2"},
	Fields: []Field{
		title("Control"),
		{Name: "control_id", Label: "Control reference", Type: Text, InList: true, Searchable: true, Help: "in your control framework, for example A.8.13"},
		{Name: "category", Label: "Category", Type: Enum, Default: "technological", InList: true,
			Enum: items("organisational", "Organisational", "people", "People", "physical", "Physical", "technological", "Technological")},
		longText("description", "Description"),
		owner("Control owner"),
		{Name: "effectiveness", Label: "Effectiveness", Type: Enum, InList: true,
			Enum: items("effective", "Effective", "partial", "Partly effective", "ineffective", "Ineffective", "not_tested", "Not tested")},
		date("last_tested", "Last tested"),
		longText("justification", "Justification when not applicable"),
	},
	Workflow: lifecycle("planned",
		states("planned", "Planned", "implemented", "Implemented", "not_applicable", "Not applicable", "retired", "Retired"),
		map[string][]string{"planned": {"implemented", "not_applicable"}, "implemented": {"planned", "retired"},
			"not_applicable": {"planned"}, "retired": {"planned"}}, "retired"),
	Guard: func(env Env, r *View, to string) error {
		if to == "not_applicable" && r.String("justification") == "" {
			return Reject("justification", "must say why control %s does not apply", r.Ref)
		}
		return nil
	},
}
