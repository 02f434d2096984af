package schema

import (
	"smsworkbench/internal/itsm"
)

// Customer is a customer of the services, external or internal.
var Customer = &Kind{
	Name: "customer", Label: "Customer", Plural: "Customers", Prefix: "CUS", Group: GroupRelation,
	Clauses: []string{"4.2", "7.4", "8.3", "8.3.1", "8.3.2"},
	Fields: []Field{
		title("Name"),
		{Name: "customer_type", Label: "Type", Type: Enum, Default: "external", InList: true,
			Enum: items("external", "External", "internal", "Internal")},
		{Name: "account_manager", Label: "Account manager", Type: Text, Searchable: true, InList: true},
		{Name: "contact", Label: "Contact", Type: Text, Searchable: true},
		{Name: "email", Label: "E-mail", Type: Text},
		{Name: "phone", Label: "Phone", Type: Text},
		longText("notes", "Notes"),
	},
	Workflow: lifecycle("active", states("active", "Active", "inactive", "Former customer"),
		map[string][]string{"active": {"inactive"}, "inactive": {"active"}}, "inactive"),
}

// Complaint is a customer complaint and how it was handled.
var Complaint = &Kind{
	Name: "complaint", Label: "Complaint", Plural: "Complaints", Prefix: "CMP", Group: GroupRelation,
	Clauses: []string{"8.3.2", "9.1"},
	Fields: []Field{
		title("Subject"),
		listed(required(ref("customer", "Customer", "customer"))),
		ref("service", "Service", "service"),
		{Name: "received_at", Label: "Received", Type: DateTime, Default: Now, InList: true, Indexed: true},
		{Name: "channel", Label: "Channel", Type: Enum, Default: "email",
			Enum: items("email", "E-mail", "phone", "Phone", "meeting", "Meeting", "portal", "Portal", "letter", "Letter")},
		longText("description", "Complaint"),
		owner("Handled by"),
		longText("response", "Response to the customer"),
		date("responded_on", "Responded on"),
		{Name: "customer_satisfied", Label: "Customer satisfied with the outcome", Type: Bool},
	},
	Workflow: lifecycle("received",
		states("received", "Received", "investigating", "Investigating", "responded", "Responded", "closed", "Closed"),
		map[string][]string{"received": {"investigating", "responded"}, "investigating": {"responded"},
			"responded": {"investigating", "closed"}, "closed": {"investigating"}}, "closed"),
	Guard: func(env Env, r *View, to string) error {
		if to == "responded" && r.String("response") == "" {
			return Reject("response", "must be recorded before complaint %s is marked responded", r.Ref)
		}
		return nil
	},
}

// Satisfaction is the result of a customer satisfaction survey.
var Satisfaction = &Kind{
	Name: "satisfaction", Label: "Satisfaction survey", Plural: "Satisfaction surveys", Prefix: "CSAT", Group: GroupRelation,
	Clauses: []string{"8.3.2", "9.1"},
	Fields: []Field{
		title("Survey"),
		listed(ref("customer", "Customer", "customer")),
		listed(ref("service", "Service", "service")),
		listed(required(date("surveyed_on", "Surveyed on"))),
		{Name: "score", Label: "Average score (1-5)", Type: Number, Required: true, InList: true},
		{Name: "respondents", Label: "Respondents", Type: Integer},
		longText("comments", "Comments"),
		longText("follow_up", "Follow-up"),
	},
	Check: func(env Env, r *View) error {
		if s, ok := r.Values["score"].(float64); ok && (s < 1 || s > 5) {
			return Reject("score", "must be between 1 and 5")
		}
		if n, ok := r.Int("respondents"); ok && n < 0 {
			return Reject("respondents", "must not be negative")
		}
		return nil
	},
}

// SLA is a service level agreement: its targets per priority in the business time of its
// calendar. Incidents and requests of its service run their clocks on it.
var SLA = &Kind{
	Name: "sla", Label: "Service level agreement", Plural: "Service level agreements", Prefix: "SLA", Group: GroupRelation,
	Clauses: []string{"8.2.1", "8.3", "8.3.1", "8.3.3", "8.5.2.2", "8.6.1", "8.6.2", "8.7.1", "9.1", "9.4"},
	Fields: []Field{
		title("Name"),
		listed(required(Field{Name: "service", Label: "Service", Type: Ref, Ref: "service"})),
		listed(ref("customer", "Customer", "customer")),
		{Name: "calendar", Label: "Calendar", Type: Text, Required: true, Default: "24x7", InList: true,
			Help: "24x7, or weekly hours such as Mon-Fri 08:00-18:00; Sat 09:00-13:00"},
		{Name: "timezone", Label: "Time zone", Type: Text, Required: true, Default: "UTC", Help: "IANA zone, for example Europe/Berlin"},
		{Name: "holidays", Label: "Holidays", Type: Table, Help: "whole days on which a business-hours clock stops",
			Columns: []Field{{Name: "date", Label: "Date", Type: Date, Required: true}, {Name: "name", Label: "Holiday", Type: Text}}},
		{Name: "targets", Label: "Targets", Type: Table, Required: true, Help: "per priority, in business time of the calendar",
			Columns: []Field{
				{Name: "priority", Label: "Priority", Type: Integer, Required: true},
				{Name: "respond", Label: "Respond within", Type: Duration},
				{Name: "resolve", Label: "Resolve within", Type: Duration, Required: true},
			}},
		{Name: "availability_target", Label: "Availability target (%)", Type: Number},
		date("valid_from", "Valid from"),
		date("valid_to", "Valid to"),
		{Name: "reporting", Label: "Reporting", Type: Enum, Default: "monthly",
			Enum: items("monthly", "Monthly", "quarterly", "Quarterly", "yearly", "Yearly")},
		listed(date("review_due", "Next review")),
	},
	Workflow: lifecycle("draft", states("draft", "Draft", "agreed", "Agreed", "retired", "Retired"),
		map[string][]string{"draft": {"agreed", "retired"}, "agreed": {"draft", "retired"}}, "retired"),
	Check: func(env Env, r *View) error {
		if _, err := slaCalendar(r); err != nil {
			field := "calendar"
			if cerr, ok := err.(*calendarError); ok {
				field = cerr.field
			}
			return Reject(field, "%v", err)
		}
		if err := itsm.CheckTargets(slaTargets(r)); err != nil {
			return Reject("targets", "%v", err)
		}
		if from, to := r.String("valid_from"), r.String("valid_to"); from != "" && to != "" && to < from {
			return Reject("valid_to", "is before valid_from")
		}
		return nil
	},
}

// Supplier is an external supplier, an internal supplier, or a customer acting as a supplier.
var Supplier = &Kind{
	Name: "supplier", Label: "Supplier", Plural: "Suppliers", Prefix: "SUP", Group: GroupRelation,
	Clauses: []string{"4.2", "8.1", "8.2.3", "8.3", "8.3.4", "8.3.4.1", "8.3.4.2"},
	Fields: []Field{
		title("Name"),
		{Name: "supplier_type", Label: "Type", Type: Enum, Default: "external", InList: true,
			Enum: items("external", "External supplier", "internal", "Internal supplier", "customer", "Customer acting as a supplier")},
		{Name: "category", Label: "Supplies", Type: Text, Searchable: true, InList: true, Help: "for example hosting, network, hardware"},
		{Name: "criticality", Label: "Criticality", Type: Enum, Default: "medium", InList: true, Enum: levels},
		{Name: "services", Label: "Services supported", Type: Refs, Ref: "service"},
		{Name: "contact", Label: "Contact", Type: Text, Searchable: true},
		{Name: "email", Label: "E-mail", Type: Text},
		owner("Supplier manager"),
		listed(date("review_due", "Next review")),
		longText("notes", "Notes"),
	},
	Workflow: lifecycle("active", states("active", "Active", "exited", "Exited"),
		map[string][]string{"active": {"exited"}, "exited": {"active"}}, "exited"),
}

var contractStates = items(itsm.ContractActive, "Active", itsm.ContractNotice, "In notice period",
	itsm.ContractExpired, "Expired", itsm.ContractNotStart, "Not started")

// Contract is a supplier contract or an underpinning contract, with its dates, value, notice
// period and the SLAs it supports.
var Contract = &Kind{
	Name: "contract", Label: "Contract", Plural: "Contracts", Prefix: "CON", Group: GroupRelation,
	Clauses: []string{"8.2.3", "8.3.4", "8.3.4.1", "8.3.4.2"},
	Fields: []Field{
		title("Title"),
		listed(required(Field{Name: "supplier", Label: "Supplier", Type: Ref, Ref: "supplier"})),
		{Name: "contract_type", Label: "Type", Type: Enum, Default: "supplier", InList: true,
			Enum: items("supplier", "Supplier contract", "underpinning", "Underpinning contract", "ola", "Operational level agreement")},
		{Name: "slas", Label: "Supports SLAs", Type: Refs, Ref: "sla"},
		{Name: "services", Label: "Services", Type: Refs, Ref: "service"},
		required(date("start", "Start")),
		listed(Field{Name: "end", Label: "End", Type: Date, Indexed: true}),
		{Name: "notice_days", Label: "Notice period (days)", Type: Integer, Default: int64(90)},
		{Name: "auto_renew", Label: "Renews automatically", Type: Bool},
		{Name: "value", Label: "Value", Type: Money},
		owner("Contract owner"),
		computed(listed(Field{Name: "expiry", Label: "Expiry", Type: Enum, Enum: contractStates}), "from the end date and the notice period"),
		computed(date("notice_by", "Give notice by"), "end date minus the notice period"),
		longText("terms", "Key terms"),
	},
	Workflow: lifecycle("draft", states("draft", "Draft", "active", "Active", "ended", "Ended"),
		map[string][]string{"draft": {"active", "ended"}, "active": {"ended"}, "ended": {"active"}}, "ended"),
	Check: func(env Env, r *View) error {
		if end := r.String("end"); end != "" && end < r.String("start") {
			return Reject("end", "is before the start")
		}
		if n, ok := r.Int("notice_days"); ok && n < 0 {
			return Reject("notice_days", "must not be negative")
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		r.Values["notice_by"] = nil
		if end := r.Time("end"); !end.IsZero() {
			n, _ := r.Int("notice_days")
			r.Values["notice_by"] = end.AddDate(0, 0, -int(n)).Format(DateLayout)
		}
		contractExpiry(env, r)
	},
	Live: contractExpiry,
}

func contractExpiry(env Env, r *View) {
	if r.Status != "active" {
		r.Values["expiry"] = nil
		return
	}
	n, _ := r.Int("notice_days")
	r.Values["expiry"] = itsm.ContractState(r.Time("start"), r.Time("end"), n, env.Now())
}

// SupplierReview is a periodic review of a supplier's performance against its contract's SLAs.
var SupplierReview = &Kind{
	Name: "supplierreview", Label: "Supplier review", Plural: "Supplier reviews", Prefix: "SRV", Group: GroupRelation,
	Clauses: []string{"8.3.4.1", "9.1"},
	Fields: []Field{
		title("Review"),
		listed(required(Field{Name: "supplier", Label: "Supplier", Type: Ref, Ref: "supplier"})),
		ref("contract", "Contract", "contract"),
		required(date("period_start", "Period from")),
		required(date("period_end", "Period to")),
		listed(date("reviewed_on", "Reviewed on")),
		{Name: "reviewer", Label: "Reviewer", Type: Text, Searchable: true},
		{Name: "score", Label: "Score", Type: Integer, InList: true,
			Enum: items("1", "Poor", "2", "Below expectations", "3", "Meets expectations", "4", "Good", "5", "Excellent")},
		computed(Field{Name: "tickets", Label: "Tickets under the contract's SLAs", Type: Integer}, "incidents and requests of the contract's SLAs resolved in the period"),
		computed(listed(Field{Name: "sla_compliance", Label: "SLA compliance (%)", Type: Number}), "share of those tickets that met their SLA"),
		longText("findings", "Findings"),
		longText("actions", "Agreed actions"),
	},
	Workflow: lifecycle("planned", states("planned", "Planned", "done", "Done", "cancelled", "Cancelled"),
		map[string][]string{"planned": {"done", "cancelled"}, "done": {"planned"}}, "done", "cancelled"),
	Check: func(env Env, r *View) error {
		if r.String("period_end") < r.String("period_start") {
			return Reject("period_end", "is before period_start")
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		r.Values["tickets"], r.Values["sla_compliance"] = nil, nil
		contract := env.Get(r.String("contract"))
		if contract == nil {
			return
		}
		from := r.String("period_start") + "T00:00:00Z"
		to := r.String("period_end") + "T23:59:59Z"
		var total, met int64
		for _, sla := range contract.IDs("slas") {
			for _, kind := range []string{"incident", "request"} {
				for _, t := range env.Find(kind, Cond{"sla", "=", sla}, Cond{"resolved_at", ">=", from}, Cond{"resolved_at", "<=", to}) {
					switch t.String("sla_state") {
					case itsm.SLAMet:
						total, met = total+1, met+1
					case itsm.SLAMissed:
						total++
					}
				}
			}
		}
		r.Values["tickets"] = total
		if total > 0 {
			r.Values["sla_compliance"] = float64(met*1000/total) / 10
		}
	},
}
