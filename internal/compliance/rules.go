package compliance

import (
	"fmt"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// Evidence windows: what an auditor accepts as current.
const (
	year      = 12 // months: tests, reviews, audits, surveys
	quarter   = 3  // months: recent operation (costs booked)
	triennium = 36 // months: the audit programme's cycle
)

func approvedPolicy(policyType, noun string) need {
	return need{kind: "policy", where: []store.Filter{eq("policy_type", policyType), eq("status", "approved")}, review: true, noun: noun}
}

// amd1 marks a rule that ISO/IEC 20000-1:2018/Amd 1:2024 adds.
func amd1(r rule) rule {
	r.edition = catalogue.EditionAmd1
	return r
}

func heldReview() need {
	return need{kind: "review", where: []store.Filter{ne("status", "planned")}, date: "held_on", months: year, noun: "management reviews held"}
}

func recent(kind, date, noun string, where ...store.Filter) need {
	return need{kind: kind, where: where, date: date, months: year, noun: noun}
}

// implemented are the states of a change once implemented: implemented, reviewed or closed.
var implemented = []store.Filter{ne("status", "new"), ne("status", "assessed"), ne("status", "approved"),
	ne("status", "scheduled"), ne("status", "cancelled"), ne("status", "rejected")}

// rules are the evidence rules, in clause order. Every clause has at least one; each rule has
// its table-driven test in rules_test.go.
var rules = []rule{
	// 4 Context of the organization
	has("4.1", "a risk register (internal and external issues)", need{kind: "risk", noun: "risks"}),
	has("4.1", "a management review in the last 12 months that considered context changes", heldReview()),
	amd1(has("4.1", "a decision whether climate change is a relevant issue (a risk or issue that names it)",
		need{kind: "risk", where: []store.Filter{{Field: "title", Op: "~", Value: "climate"}}, noun: "risks naming climate change"})),
	has("4.2", "a register of interested parties", need{kind: "party", where: []store.Filter{eq("status", "active")}, review: true, noun: "active interested parties"}),
	amd1(has("4.2", "interested parties' climate-change requirements considered (a party whose requirements name it)",
		need{kind: "party", where: []store.Filter{{Field: "requirements", Op: "~", Value: "climate"}}, noun: "interested parties with climate requirements"})),
	has("4.3", "an approved scope statement", approvedPolicy("scope", "approved scope statements")),
	has("4.3", "live services to match the scope", need{kind: "service", where: []store.Filter{eq("status", "live")}, noun: "live services"}),
	has("4.4", "an approved SMS policy or manual", approvedPolicy("sms", "approved SMS documents")),
	has("4.4", "documented SMS processes", approvedPolicy("process", "approved process documents")),

	// 5 Leadership
	has("5.1", "top management reviewing the SMS in the last 12 months", heldReview()),
	has("5.1", "approved budgets (resources committed)", need{kind: "budget", where: []store.Filter{ne("status", "draft")}, noun: "approved budget lines"}),
	has("5.2.1", "an approved service management policy, reviewed on time", approvedPolicy("sms", "approved SMS policies")),
	each("5.2.2", "the policy held as text that can be communicated: each approved SMS policy has its text", "policy",
		[]store.Filter{eq("policy_type", "sms"), eq("status", "approved")},
		func(q *query, r *store.Record) string {
			if str(r, "body") == "" {
				return r.Ref + " has no text to communicate"
			}
			return ""
		}),
	has("5.3", "documented roles and responsibilities (approved process documents)", approvedPolicy("process", "approved process documents")),

	// 6 Planning
	has("6.1", "risks assessed, with treatment, reviewed on time", need{kind: "risk", where: []store.Filter{ne("status", "identified")}, review: true, noun: "assessed risks"}),
	has("6.2.1", "active service management objectives", need{kind: "objective", where: []store.Filter{eq("status", "active")}, noun: "active objectives"}),
	each("6.2.1", "objectives measured (an actual value against the target)", "objective", []store.Filter{eq("status", "active")},
		func(q *query, r *store.Record) string {
			if r.Values["actual"] == nil {
				return r.Ref + " has no measured value"
			}
			return ""
		}),
	each("6.2.2", "a plan for each objective: an owner and a date to achieve it by", "objective", []store.Filter{eq("status", "active")},
		func(q *query, r *store.Record) string {
			switch {
			case str(r, "owner") == "":
				return r.Ref + " has no owner"
			case r.Values["due"] == nil:
				return r.Ref + " has no due date"
			}
			return ""
		}),
	has("6.3", "an approved SMS plan", approvedPolicy("plan", "approved SMS plans")),

	// 7 Support of the SMS
	has("7.1", "approved budgets for the current period", need{kind: "budget", where: []store.Filter{ne("status", "draft"), gte("period_end", monthsAgo(0))}, noun: "approved budget lines in force"}),
	has("7.1", "capacity plans for human, technical and financial resources", need{kind: "capacityplan", where: []store.Filter{eq("status", "approved")}, noun: "approved capacity plans"}),
	has("7.2", "documented competence requirements and procedures", approvedPolicy("procedure", "approved procedures")),
	has("7.3", "an approved policy people can be made aware of", approvedPolicy("sms", "approved SMS policies")),
	has("7.4", "customers and contacts to communicate with", need{kind: "customer", where: []store.Filter{eq("status", "active")}, noun: "active customers"}),
	has("7.5.1", "a set of approved SMS documents", need{kind: "policy", where: []store.Filter{eq("status", "approved")}, noun: "approved documents"}),
	each("7.5.2", "documents identified and approved: a version, who approved it and when", "policy", []store.Filter{eq("status", "approved")},
		func(q *query, r *store.Record) string {
			switch {
			case str(r, "version") == "":
				return r.Ref + " has no version"
			case str(r, "approved_by") == "" || r.Values["approved_on"] == nil:
				return r.Ref + " does not say who approved it or when"
			}
			return ""
		}),
	has("7.5.3", "controlled documents, none past their review date", need{kind: "policy", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved documents"}),
	has("7.5.4", "an approved scope of the SMS", approvedPolicy("scope", "approved scope statements")),
	has("7.5.4", "an approved service management plan", approvedPolicy("plan", "approved SMS plans")),
	has("7.5.4", "approved process descriptions", approvedPolicy("process", "approved process documents")),
	has("7.6", "a knowledge base (approved knowledge articles)", approvedPolicy("knowledge", "approved knowledge articles")),
	has("7.6", "known errors with workarounds", need{kind: "knownerror", where: []store.Filter{eq("status", "open")}, noun: "open known errors"}),

	// 8.1 Operational planning and control
	has("8.1", "documented, approved operational processes", approvedPolicy("process", "approved process documents")),
	has("8.1", "controlled changes in the last 12 months", recent("change", "created_at", "changes")),

	// 8.2 Service portfolio
	has("8.2.1", "a service portfolio with live services", need{kind: "service", where: []store.Filter{eq("status", "live")}, noun: "live services"}),
	each("8.2.1", "every live service delivered under an agreed SLA", "service", []store.Filter{eq("status", "live")},
		func(q *query, r *store.Record) string {
			if q.list("sla", "", 1, eq("service", r.ID), eq("status", "agreed")).Total == 0 {
				return r.Ref + " has no agreed SLA"
			}
			return ""
		}),
	has("8.2.2", "changes planned against services in the last 12 months", recent("change", "created_at", "changes to services", set("service"))),
	has("8.2.2", "new services in the pipeline or capacity plans", need{kind: "capacityplan", where: []store.Filter{ne("status", "retired")}, noun: "capacity plans"}),
	has("8.2.3", "contracts with the parties involved in the services", need{kind: "contract", where: []store.Filter{eq("status", "active")}, noun: "active contracts"}),
	each("8.2.4", "a service catalogue: every live service with an owner and a description", "service", []store.Filter{eq("status", "live")},
		func(q *query, r *store.Record) string {
			switch {
			case str(r, "owner") == "":
				return r.Ref + " has no service owner"
			case str(r, "description") == "":
				return r.Ref + " has no description"
			}
			return ""
		}),
	has("8.2.5", "assets recorded (hardware, software, cloud)", need{kind: "ci", where: []store.Filter{ne("status", "retired")}, noun: "configuration items in use"}),
	has("8.2.6", "configuration items with their relationships", need{kind: "cirel", noun: "CI relationships"}),
	has("8.2.6", "a CMDB baseline in the last 12 months", recent("baseline", "taken_at", "CMDB baselines")),

	// 8.3 Relationship and agreement
	has("8.3.1", "agreed SLAs, reviewed on time", need{kind: "sla", where: []store.Filter{eq("status", "agreed")}, review: true, noun: "agreed SLAs"}),
	has("8.3.1", "active contracts with suppliers", need{kind: "contract", where: []store.Filter{eq("status", "active")}, noun: "active contracts"}),
	has("8.3.2", "customer satisfaction measured in the last 12 months", recent("satisfaction", "surveyed_on", "satisfaction surveys")),
	each("8.3.2", "complaints answered", "complaint", nil,
		func(q *query, r *store.Record) string {
			if r.Status == "received" || r.Status == "investigating" {
				if at, ok := r.Values["received_at"].(string); ok && at < q.ago(1) {
					return fmt.Sprintf("%s received %s is still %s", r.Ref, at[:10], r.Status)
				}
			}
			return ""
		}),
	has("8.3.3", "agreed SLAs with targets, reviewed on time", need{kind: "sla", where: []store.Filter{eq("status", "agreed")}, review: true, noun: "agreed SLAs"}),
	has("8.3.3", "service levels reported in the last 12 months", recent("servicereport", "period_end", "service reports", eq("status", "issued"))),
	has("8.3.4.1", "supplier contracts in force", need{kind: "contract", where: []store.Filter{eq("status", "active")}, noun: "active contracts"}),
	has("8.3.4.1", "supplier performance reviewed in the last 12 months", recent("supplierreview", "period_end", "supplier reviews done", eq("status", "done"))),
	each("8.3.4.1", "every active external supplier under contract and reviewed in the last 12 months", "supplier",
		[]store.Filter{eq("status", "active"), eq("supplier_type", "external")},
		func(q *query, r *store.Record) string {
			if q.list("contract", "", 1, eq("supplier", r.ID), eq("status", "active")).Total == 0 {
				return r.Ref + " has no active contract"
			}
			if q.list("supplierreview", "", 1, eq("supplier", r.ID), eq("status", "done"), gte("period_end", q.ago(year))).Total == 0 {
				return r.Ref + " has no review in the last 12 months"
			}
			return ""
		}),
	has("8.3.4.2", "agreements with internal suppliers (OLAs)", need{kind: "contract", where: []store.Filter{eq("contract_type", "ola"), eq("status", "active")}, noun: "active OLAs"}),

	// 8.4 Supply and demand
	has("8.4.1", "budget lines per service", need{kind: "budget", where: []store.Filter{ne("status", "draft"), set("service")}, noun: "approved budget lines per service"}),
	has("8.4.1", "costs accounted in the last 3 months", need{kind: "cost", date: "incurred_on", months: quarter, noun: "costs"}),
	has("8.4.2", "demand forecast in approved capacity plans", need{kind: "capacityplan", where: []store.Filter{eq("status", "approved"), set("demand_forecast")}, noun: "capacity plans with a demand forecast"}),
	has("8.4.3", "approved capacity plans, reviewed on time", need{kind: "capacityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved capacity plans"}),

	// 8.5 Service design, build and transition
	has("8.5.1.1", "an approved change management policy, reviewed on time", approvedPolicy("change", "approved change management policies")),
	has("8.5.1.2", "requests for change recorded in the last 12 months", recent("change", "created_at", "requests for change")),
	has("8.5.1.3", "changes assessed and decided in the last 12 months", recent("change", "created_at", "changes past assessment", ne("status", "new"))),
	has("8.5.1.3", "approved standard change models", need{kind: "changemodel", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved standard change models"}),
	eachWhere("8.5.1.3", "emergency changes reviewed after implementation (last 12 months)", "change",
		append([]store.Filter{eq("change_type", "emergency"), gte("created_at", monthsAgo(year))}, implemented...),
		[]store.Filter{eq("review", "")}, "%s has no post-implementation review"),
	eachWhere("8.5.1.3", "implemented changes with a backout plan (last 12 months)", "change",
		append([]store.Filter{ne("change_type", "standard"), gte("created_at", monthsAgo(year))}, implemented...),
		[]store.Filter{eq("backout_plan", "")}, "%s has no backout plan"),
	has("8.5.2.1", "changes that plan new or changed services (last 12 months)", recent("change", "created_at", "normal changes", eq("change_type", "normal"), set("service"))),
	has("8.5.2.2", "service requirements recorded for services", need{kind: "service", where: []store.Filter{ne("status", "retired"), set("requirements")}, noun: "services with requirements"}),
	has("8.5.2.3", "services transitioned through releases in the last 12 months", recent("release", "created_at", "releases", set("service"))),
	has("8.5.2.3", "releases built and tested in the last 12 months", recent("release", "created_at", "tested releases", set("test_result"))),
	has("8.5.3", "an approved release and deployment policy", approvedPolicy("release", "approved release policies")),
	has("8.5.3", "releases deployed in the last 12 months", recent("release", "deployed_at", "deployed releases")),

	// 8.6 Resolution and fulfilment
	has("8.6.1", "incidents recorded in the last 12 months", recent("incident", "opened_at", "incidents")),
	eachWhere("8.6.1", "major incidents of the last 12 months linked to a problem", "incident",
		[]store.Filter{eq("major", true), gte("opened_at", monthsAgo(year))},
		[]store.Filter{eq("problem", "")}, "%s names no problem"),
	has("8.6.2", "service requests fulfilled in the last 12 months", recent("request", "opened_at", "service requests")),
	has("8.6.3", "problems investigated in the last 12 months", recent("problem", "created_at", "problems")),
	has("8.6.3", "known errors with workarounds", need{kind: "knownerror", noun: "known errors"}),

	// 8.7 Service assurance
	has("8.7.1", "approved availability plans, reviewed on time", need{kind: "availabilityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved availability plans"}),
	each("8.7.1", "availability measured against target", "availabilityplan", []store.Filter{eq("status", "approved")},
		func(q *query, r *store.Record) string {
			if r.Values["measured"] == nil {
				return r.Ref + " has no measured availability"
			}
			if met, _ := r.Values["target_met"].(bool); !met {
				return r.Ref + " is below its target"
			}
			return ""
		}),
	has("8.7.2", "an approved continuity policy", approvedPolicy("continuity", "approved continuity policies")),
	has("8.7.2", "approved continuity plans", need{kind: "continuityplan", where: []store.Filter{eq("status", "approved")}, noun: "approved continuity plans"}),
	each("8.7.2", "every approved continuity plan tested in the last 12 months", "continuityplan", []store.Filter{eq("status", "approved")},
		func(q *query, r *store.Record) string {
			if q.list("continuitytest", "", 1, eq("plan", r.ID), eq("status", "done"), gte("performed_on", q.ago(year))).Total == 0 {
				return r.Ref + " has no test in the last 12 months"
			}
			return ""
		}),
	has("8.7.3.1", "an approved information security policy, reviewed on time", approvedPolicy("security", "approved security policies")),
	has("8.7.3.2", "information security risks assessed", need{kind: "risk", where: []store.Filter{eq("category", "security"), ne("status", "identified")}, noun: "assessed security risks"}),
	has("8.7.3.2", "security controls implemented", need{kind: "securitycontrol", where: []store.Filter{eq("status", "implemented")}, noun: "implemented controls"}),
	has("8.7.3.2", "controls tested in the last 12 months", recent("securitycontrol", "last_tested", "controls tested", eq("status", "implemented"))),
	eachWhere("8.7.3.3", "information security incidents of the last 12 months resolved within a month", "incident",
		[]store.Filter{eq("security", true), gte("opened_at", monthsAgo(year))},
		[]store.Filter{lt("opened_at", monthsAgo(1)), ne("status", "resolved"), ne("status", "closed"), ne("status", "cancelled")},
		"%s is open for more than a month"),

	// 9 Performance evaluation
	has("9.1", "objectives measured", need{kind: "objective", where: []store.Filter{ne("status", "draft"), set("actual")}, noun: "measured objectives"}),
	has("9.1", "customer satisfaction surveys in the last 12 months", recent("satisfaction", "surveyed_on", "satisfaction surveys")),
	has("9.2", "an internal audit reported in the last 12 months", recent("audit", "performed_on", "internal audits reported", eq("audit_type", "internal"),
		ne("status", "planned"), ne("status", "in_progress"), ne("status", "cancelled"))),
	{clause: "9.2", what: "an audit programme that covered every clause in the last 3 years", check: programmeCovers},
	has("9.3", "a management review held in the last 12 months", heldReview()),
	has("9.3", "decisions of management reviews followed up as actions", need{kind: "action", where: []store.Filter{eq("action_type", "review")}, noun: "review actions"}),
	each("9.4", "every agreed SLA reported for its last complete period", "sla", []store.Filter{eq("status", "agreed")}, reportedLastPeriod),

	// 10 Improvement
	has("10.1", "nonconformities recorded with root cause", need{kind: "nonconformity", where: []store.Filter{set("root_cause")}, noun: "nonconformities analysed"}),
	each("10.1", "closed nonconformities with corrective actions found effective", "nonconformity", []store.Filter{eq("status", "closed")},
		func(q *query, r *store.Record) string {
			if q.list("action", "", 1, eq("nonconformity", r.ID), eq("status", "verified"), eq("effective", "yes")).Total == 0 {
				return r.Ref + " has no corrective action checked effective"
			}
			return ""
		}),
	eachWhere("10.1", "corrective actions on time", "action",
		[]store.Filter{eq("action_type", "corrective"), ne("status", "cancelled")},
		[]store.Filter{lt("due", monthsAgo(0)), ne("status", "done"), ne("status", "verified")}, "%s is past its due date"),
	has("10.2", "improvements raised in the last 12 months", recent("improvement", "created_at", "improvements")),
	has("10.2", "improvements implemented and evaluated", need{kind: "improvement", where: []store.Filter{eq("status", "closed"), set("evaluation")}, noun: "improvements evaluated"}),
}

// reportedLastPeriod: an agreed SLA with a reporting period has an issued service report whose
// period reaches the end of its last complete period (a month, a quarter or a year).
func reportedLastPeriod(q *query, r *store.Record) string {
	period := str(r, "reporting")
	if period == "" {
		period = "monthly"
	}
	end := lastPeriodEnd(q.now, period)
	if from := str(r, "valid_from"); from != "" && from > end {
		return "" // not in force for a whole period yet
	}
	if q.list("servicereport", "", 1, eq("sla", r.ID), eq("status", "issued"), gte("period_end", end)).Total == 0 {
		return fmt.Sprintf("%s has no issued %s report up to %s", r.Ref, period, end)
	}
	return ""
}

// lastPeriodEnd is the last day of the last complete reporting period before now.
func lastPeriodEnd(t time.Time, period string) string {
	first := t.AddDate(0, 0, 1-t.Day()) // first of this month
	switch period {
	case "quarterly":
		first = first.AddDate(0, -int(first.Month()-1)%3, 0)
	case "yearly":
		first = first.AddDate(0, 1-int(first.Month()), 0)
	}
	return first.AddDate(0, 0, -1).Format("2006-01-02")
}
