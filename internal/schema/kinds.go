package schema

import "smsworkbench/internal/itsm"

// Navigation groups, in the order ISO/IEC 20000-1 arranges the SMS.
const (
	GroupContext     = "Context and leadership"
	GroupPlanning    = "Planning and support"
	GroupPortfolio   = "Service portfolio"
	GroupRelation    = "Relationship and agreement"
	GroupSupply      = "Supply and demand"
	GroupTransition  = "Design, build and transition"
	GroupResolution  = "Resolution and fulfilment"
	GroupAssurance   = "Service assurance"
	GroupEvaluation  = "Performance evaluation"
	GroupImprovement = "Improvement"
)

// Groups lists the navigation groups in order.
var Groups = []string{GroupContext, GroupPlanning, GroupPortfolio, GroupRelation, GroupSupply,
	GroupTransition, GroupResolution, GroupAssurance, GroupEvaluation, GroupImprovement}

func items(pairs ...string) []EnumItem {
	out := make([]EnumItem, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, EnumItem{Value: pairs[i], Label: pairs[i+1]})
	}
	return out
}

func states(pairs ...string) []State {
	var out []State
	for _, it := range items(pairs...) {
		out = append(out, State{Name: it.Value, Label: it.Label})
	}
	return out
}

// moves builds transitions from "from: to1 to2" pairs.
func moves(from string, to ...string) []Transition {
	out := make([]Transition, len(to))
	for i, t := range to {
		out[i] = Transition{From: from, To: t}
	}
	return out
}

func join(ts ...[]Transition) []Transition {
	var out []Transition
	for _, t := range ts {
		out = append(out, t...)
	}
	return out
}

func final(w *Workflow, names ...string) *Workflow {
	for i := range w.States {
		for _, n := range names {
			if w.States[i].Name == n {
				w.States[i].Final = true
			}
		}
	}
	return w
}

var scale3 = items("1", "High", "2", "Medium", "3", "Low")

// Service is an entry of the service catalogue.
var Service = &Kind{
	Name: "service", Label: "Service", Plural: "Services", Prefix: "SVC", Group: GroupPortfolio,
	Clauses: []string{"4.3", "8.2", "8.2.1", "8.2.2", "8.2.4", "8.4.1", "8.5.2", "8.6.2"},
	Fields: []Field{
		{Name: "title", Label: "Name", Type: Text, Required: true, Searchable: true, InList: true},
		{Name: "description", Label: "Description", Type: LongText, Searchable: true},
		{Name: "owner", Label: "Service owner", Type: Text, Searchable: true, InList: true, Indexed: true},
		{Name: "service_type", Label: "Type", Type: Enum, Default: "customer", InList: true,
			Enum: items("customer", "Customer-facing", "supporting", "Supporting", "internal", "Internal")},
		{Name: "criticality", Label: "Criticality", Type: Enum, Default: "medium", InList: true, Indexed: true,
			Enum: items("high", "High", "medium", "Medium", "low", "Low")},
		{Name: "hours", Label: "Service hours", Type: Text, Help: "for example Mon-Fri 08:00-18:00"},
		{Name: "availability_target", Label: "Availability target (%)", Type: Number},
	},
	Workflow: final(&Workflow{
		Initial: "pipeline",
		States:  states("pipeline", "Pipeline", "live", "Live", "retiring", "Retiring", "retired", "Retired"),
		Transitions: join(moves("pipeline", "live", "retired"), moves("live", "retiring"),
			moves("retiring", "live", "retired")),
	}, "retired"),
}

// CI is a configuration item of the CMDB.
var CI = &Kind{
	Name: "ci", Label: "Configuration item", Plural: "Configuration items", Prefix: "CI", Group: GroupPortfolio,
	Clauses: []string{"8.2.5", "8.2.6", "8.5.1", "8.5.3", "8.6.1"},
	Fields: []Field{
		{Name: "title", Label: "Name", Type: Text, Required: true, Searchable: true, InList: true},
		{Name: "ci_type", Label: "Type", Type: Enum, Required: true, InList: true, Indexed: true,
			Enum: items("hardware", "Hardware", "software", "Software", "network", "Network",
				"database", "Database", "cloud", "Cloud resource", "facility", "Facility",
				"document", "Document", "component", "Service component")},
		{Name: "services", Label: "Services", Type: Refs, Ref: "service"},
		{Name: "depends_on", Label: "Depends on", Type: Refs, Ref: "ci"},
		{Name: "owner", Label: "Owner", Type: Text, Searchable: true, InList: true},
		{Name: "location", Label: "Location", Type: Text, Searchable: true},
		{Name: "identifier", Label: "Serial / identifier", Type: Text, Searchable: true},
		{Name: "version", Label: "Version", Type: Text},
		{Name: "description", Label: "Description", Type: LongText, Searchable: true},
	},
	Workflow: final(&Workflow{
		Initial: "planned",
		States:  states("planned", "Planned", "active", "Active", "maintenance", "In maintenance", "retired", "Retired"),
		Transitions: join(moves("planned", "active", "retired"), moves("active", "maintenance", "retired"),
			moves("maintenance", "active", "retired")),
	}, "retired"),
}

// Incident is an unplanned interruption or reduction in quality of a service.
var Incident = &Kind{
	Name: "incident", Label: "Incident", Plural: "Incidents", Prefix: "INC", Group: GroupResolution,
	Clauses: []string{"8.6", "8.6.1", "8.6.3", "8.7.1", "8.7.3"},
	Fields: []Field{
		{Name: "title", Label: "Summary", Type: Text, Required: true, Searchable: true, InList: true},
		{Name: "description", Label: "Description", Type: LongText, Searchable: true},
		{Name: "service", Label: "Service", Type: Ref, Ref: "service", Required: true, InList: true, Indexed: true},
		{Name: "ci", Label: "Configuration item", Type: Ref, Ref: "ci", Indexed: true},
		{Name: "impact", Label: "Impact", Type: Integer, Enum: scale3, Default: int64(3)},
		{Name: "urgency", Label: "Urgency", Type: Integer, Enum: scale3, Default: int64(3)},
		{Name: "priority", Label: "Priority", Type: Integer, Computed: true, InList: true, Indexed: true,
			Enum: items("1", "Critical", "2", "High", "3", "Medium", "4", "Low", "5", "Planning"),
			Help: "impact x urgency, from the workspace's priority matrix"},
		{Name: "category", Label: "Category", Type: Text, Searchable: true},
		{Name: "reporter", Label: "Reported by", Type: Text, Searchable: true},
		{Name: "assignee", Label: "Assigned to", Type: Text, Searchable: true, InList: true, Indexed: true},
		{Name: "opened_at", Label: "Opened", Type: DateTime, Default: Now, InList: true, Indexed: true},
		{Name: "major", Label: "Major incident", Type: Bool},
		{Name: "resolution", Label: "Resolution", Type: LongText, Searchable: true},
	},
	Workflow: final(&Workflow{
		Initial: "new",
		States: states("new", "New", "assigned", "Assigned", "in_progress", "In progress", "pending", "Pending",
			"resolved", "Resolved", "closed", "Closed", "cancelled", "Cancelled"),
		Transitions: join(
			moves("new", "assigned", "in_progress", "resolved", "cancelled"),
			moves("assigned", "in_progress", "pending", "resolved", "cancelled"),
			moves("in_progress", "pending", "resolved", "cancelled"),
			moves("pending", "in_progress", "resolved", "cancelled"),
			moves("resolved", "closed", "in_progress"),
		),
	}, "closed", "cancelled"),
	Compute: func(v map[string]any) {
		impact, _ := v["impact"].(int64)
		urgency, _ := v["urgency"].(int64)
		if p, ok := itsm.DefaultMatrix.Priority(impact, urgency); ok {
			v["priority"] = p
		} else {
			v["priority"] = nil
		}
	},
}

// Change is a change to a service or a configuration item.
var Change = &Kind{
	Name: "change", Label: "Change", Plural: "Changes", Prefix: "CHG", Group: GroupTransition,
	Clauses: []string{"8.1", "8.5", "8.5.1", "8.5.1.1", "8.5.1.2", "8.5.1.3", "8.5.2", "8.5.3"},
	Fields: []Field{
		{Name: "title", Label: "Summary", Type: Text, Required: true, Searchable: true, InList: true},
		{Name: "description", Label: "Description", Type: LongText, Searchable: true},
		{Name: "change_type", Label: "Type", Type: Enum, Required: true, Default: "normal", InList: true, Indexed: true,
			Enum: items("standard", "Standard", "normal", "Normal", "emergency", "Emergency")},
		{Name: "risk", Label: "Risk", Type: Enum, Default: "medium", InList: true,
			Enum: items("low", "Low", "medium", "Medium", "high", "High")},
		{Name: "service", Label: "Service", Type: Ref, Ref: "service", Indexed: true},
		{Name: "cis", Label: "Configuration items", Type: Refs, Ref: "ci"},
		{Name: "requester", Label: "Requested by", Type: Text, Searchable: true},
		{Name: "implementer", Label: "Implemented by", Type: Text, Searchable: true},
		{Name: "planned_start", Label: "Planned start", Type: DateTime, InList: true, Indexed: true},
		{Name: "planned_end", Label: "Planned end", Type: DateTime},
		{Name: "outage", Label: "Expected outage", Type: Duration},
		{Name: "rollout_plan", Label: "Rollout plan", Type: LongText, Searchable: true},
		{Name: "backout_plan", Label: "Backout plan", Type: LongText, Searchable: true},
		{Name: "cost", Label: "Estimated cost", Type: Money},
	},
	Workflow: final(&Workflow{
		Initial: "requested",
		States: states("requested", "Requested", "assessed", "Assessed", "approved", "Approved",
			"scheduled", "Scheduled", "implementing", "Implementing", "implemented", "Implemented",
			"failed", "Failed", "closed", "Closed", "rejected", "Rejected", "cancelled", "Cancelled"),
		Transitions: join(
			moves("requested", "assessed", "cancelled"),
			moves("assessed", "approved", "rejected", "requested"),
			moves("approved", "scheduled", "cancelled"),
			moves("scheduled", "implementing", "cancelled"),
			moves("implementing", "implemented", "failed"),
			moves("implemented", "closed"),
			moves("failed", "closed"),
		),
	}, "closed", "rejected", "cancelled"),
}

// Policy is a policy of the SMS: the service management policy, the change policy, the
// information security policy...
var Policy = &Kind{
	Name: "policy", Label: "Policy", Plural: "Policies", Prefix: "POL", Group: GroupPlanning,
	Clauses: []string{"4.4", "5.1", "5.2", "5.3", "6.3", "7.3", "8.5.1", "8.5.1.1", "8.7.3.1"},
	Fields: []Field{
		{Name: "title", Label: "Title", Type: Text, Required: true, Searchable: true, InList: true},
		{Name: "policy_type", Label: "Type", Type: Enum, Required: true, InList: true, Indexed: true,
			Enum: items("sms", "Service management policy", "change", "Change management policy",
				"security", "Information security policy", "continuity", "Service continuity policy",
				"supplier", "Supplier management policy", "capacity", "Capacity management policy",
				"release", "Release and deployment policy", "other", "Other")},
		{Name: "version", Label: "Version", Type: Text, InList: true},
		{Name: "owner", Label: "Owner", Type: Text, Searchable: true, InList: true},
		{Name: "approved_by", Label: "Approved by", Type: Text},
		{Name: "approved_on", Label: "Approved on", Type: Date},
		{Name: "review_due", Label: "Next review", Type: Date, InList: true, Indexed: true},
		{Name: "body", Label: "Text", Type: LongText, Searchable: true},
	},
	Workflow: final(&Workflow{
		Initial: "draft",
		States:  states("draft", "Draft", "in_review", "In review", "approved", "Approved", "retired", "Retired"),
		Transitions: join(moves("draft", "in_review", "retired"), moves("in_review", "draft", "approved"),
			moves("approved", "draft", "retired")),
	}, "retired"),
}

// Default is the registry of every declared kind.
var Default = must(NewRegistry(Service, CI, Incident, Change, Policy))

func must(r *Registry, err error) *Registry {
	if err != nil {
		panic("schema: " + err.Error())
	}
	return r
}
