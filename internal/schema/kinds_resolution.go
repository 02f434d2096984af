package schema

// Incident is an unplanned interruption or reduction in quality of a service.
var Incident = asTicket(&Kind{
	Name: "incident", Label: "Incident", Plural: "Incidents", Prefix: "INC", Group: GroupResolution,
	Clauses: []string{"8.6", "8.6.1", "8.6.3", "8.7.1", "8.7.3", "8.7.3.3"},
	Fields: append([]Field{
		title("Summary"),
		longText("description", "Description"),
		{Name: "service", Label: "Service", Type: Ref, Ref: "service", InList: true, Indexed: true,
			Help: "may be left for later at first contact; the dashboard lists open tickets without one, and no SLA judges a ticket without a service"},
		ref("ci", "Configuration item", "ci"),
		ref("customer", "Customer", "customer"),
		{Name: "category", Label: "Category", Type: Text, Searchable: true},
		{Name: "reporter", Label: "Reported by", Type: Text, Searchable: true},
		{Name: "major", Label: "Major incident", Type: Bool, Indexed: true},
		{Name: "security", Label: "Information security incident", Type: Bool, Indexed: true},
		ref("problem", "Problem", "problem"),
		ref("caused_by", "Caused by change", "change"),
		longText("resolution", "Resolution"),
	}, ticketFields()...),
	Guard: resolutionGuard("incident"),
})

// slaOfService: a ticket takes the SLA of its service that was valid when it was opened, so an
// SLA that is written is looked at again for every ticket of its service but the cancelled ones
// (and those its new ops may concern, see Tx.refresh): an SLA recorded today with a validity
// from last year applies to last year's closed tickets (ticketSLA).
var slaOfService = Watch{Kind: "sla", Their: "service", Field: "service", States: []string{"new", "assigned", "in_progress", "pending", "resolved", "closed"},
	Reads: []string{"service", "calendar", "timezone", "holidays", "targets", "valid_from", "valid_to"}}

// slaReportIndex covers what the SLA report reads of every ticket, so it never reads the rows,
// in the order of its groups (SLA, priority), so it never sorts them.
var slaReportIndex = []string{"sla", "priority", "sla_state", "resolved_at", "resolve_elapsed_minutes"}

// resolutionGuard asks for the resolution before a ticket is resolved.
func resolutionGuard(kind string) func(env Env, r *View, to string) error {
	return func(env Env, r *View, to string) error {
		if to == "resolved" && r.String("resolution") == "" {
			return Reject("resolution", "must say how %s %s was resolved before it is resolved", Word{Path: "kind." + kind + ".label", English: kind}, r.Ref)
		}
		return nil
	}
}

// Request is a service request: a user asks for something the catalogue offers.
var Request = asTicket(&Kind{
	Name: "request", Label: "Service request", Plural: "Service requests", Prefix: "REQ", Group: GroupResolution,
	Clauses: []string{"8.6", "8.6.2"},
	Fields: append([]Field{
		title("Summary"),
		longText("description", "Description"),
		{Name: "service", Label: "Service", Type: Ref, Ref: "service", InList: true, Indexed: true,
			Help: "may be left for later at first contact; the dashboard lists open tickets without one, and no SLA judges a ticket without a service"},
		{Name: "request_type", Label: "Request type", Type: Text, Searchable: true, InList: true, Help: "the catalogue item, for example new laptop"},
		{Name: "requested_by", Label: "Requested by", Type: Text, Searchable: true},
		{Name: "requested_for", Label: "Requested for", Type: Text, Searchable: true},
		ref("customer", "Customer", "customer"),
		{Name: "approval_needed", Label: "Needs approval", Type: Bool},
		{Name: "approved_by", Label: "Approved by", Type: Text},
		longText("resolution", "Fulfilment notes"),
	}, ticketFields()...),
	Guard: func(env Env, r *View, to string) error {
		if (to == "in_progress" || to == "resolved") && r.Values["approval_needed"] == true && r.String("approved_by") == "" {
			return Reject("approved_by", "must be set: request %s needs approval before it is fulfilled", r.Ref)
		}
		return resolutionGuard("request")(env, r, to)
	},
})

// asTicket gives a kind what every ticket shares: the ticket workflow, the priority from the
// workspace's matrix, the SLA clock computed at each write and brought up to date at each read,
// the SLA of its service, and the index the SLA report reads.
func asTicket(k *Kind) *Kind {
	k.Workflow = ticketFlow()
	k.Compute = computeTicket
	// 2: the SLA by its validity dates (closed history included), the response unknown when a
	// ticket went straight to resolved after its target, resolved_at of a ticket closed without
	// a resolution.
	k.Rules = 2
	k.Live = liveTicket
	k.Settings = []string{"priority_matrix"}
	k.Watches = []Watch{slaOfService}
	k.Indexes = [][]string{slaReportIndex}
	// Responded is the first move out of new; in progress is the state a response moves to.
	k.Milestones = []Milestone{{"responded_at", "in_progress"}, {"resolved_at", "resolved"}, {"closed_at", "closed"}}
	k.Given = []string{"priority"}
	return k
}

// Problem is the unknown cause of one or more incidents.
var Problem = &Kind{
	Name: "problem", Label: "Problem", Plural: "Problems", Prefix: "PRB", Group: GroupResolution,
	Clauses: []string{"8.6", "8.6.3", "7.6"},
	Fields: []Field{
		title("Summary"),
		longText("description", "Description"),
		sourceRef(),
		listed(ref("service", "Service", "service")),
		ref("ci", "Configuration item", "ci"),
		{Name: "priority", Label: "Priority", Type: Integer, Enum: priorities, Default: int64(3), InList: true, Indexed: true},
		owner("Problem owner"),
		{Name: "detected_at", Label: "Detected", Type: DateTime, Default: Now, InList: true},
		longText("root_cause", "Root cause"),
		longText("workaround", "Workaround"),
		ref("fix_change", "Fixed by change", "change"),
		longText("resolution", "Resolution"),
	},
	Workflow: done(lifecycle("new",
		states("new", "New", "investigating", "Investigating", "known_error", "Known error", "resolved", "Resolved",
			"closed", "Closed", "cancelled", "Cancelled"),
		map[string][]string{"new": {"investigating", "cancelled"}, "investigating": {"known_error", "resolved", "cancelled"},
			"known_error": {"resolved", "investigating"}, "resolved": {"closed", "investigating"}}, "closed", "cancelled"), "resolved"),
	Guard: func(env Env, r *View, to string) error {
		switch {
		case to == "known_error" && r.String("root_cause") == "":
			return Reject("root_cause", "must be recorded before problem %s becomes a known error", r.Ref)
		case to == "resolved" && r.String("resolution") == "":
			return Reject("resolution", "must say how problem %s was resolved before it is resolved", r.Ref)
		}
		return nil
	},
}

// KnownError is a problem whose root cause is known, with its workaround, raised from the
// problem.
var KnownError = &Kind{
	Name: "knownerror", Label: "Known error", Plural: "Known errors", Prefix: "KE", Group: GroupResolution,
	Clauses: []string{"8.6.3", "7.6"},
	Fields: []Field{
		title("Summary"),
		listed(required(Field{Name: "problem", Label: "Raised from problem", Type: Ref, Ref: "problem", Locked: true})),
		listed(ref("service", "Service", "service")),
		ref("ci", "Configuration item", "ci"),
		longText("symptoms", "Symptoms"),
		longText("root_cause", "Root cause"),
		{Name: "workaround", Label: "Workaround", Type: LongText, Required: true, Searchable: true},
		ref("fix_change", "Permanent fix (change)", "change"),
	},
	Workflow: lifecycle("open", states("open", "Open", "fixed", "Fixed", "retired", "Retired"),
		map[string][]string{"open": {"fixed", "retired"}, "fixed": {"open", "retired"}}, "fixed", "retired"),
}
