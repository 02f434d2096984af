package compliance

import (
	"slices"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
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

// inForce is contracts in force: marked active, and not past their end date (an expired contract
// left active is no contract an auditor accepts).
func inForce(where ...store.Filter) need {
	return need{kind: "contract", where: append([]store.Filter{eq("status", "active")}, where...), noun: i18n.Mark("contracts in force"), lapsed: contractEnded}
}

func contractEnded(q *query, r *store.Record) string {
	if end := str(r, "end"); end != "" && end < q.today() {
		return q.tr("ended %s but is still marked active", i18n.Date(q.lang, end))
	}
	return ""
}

// unit is an objective's unit as printed after a figure ("%" sticks to it).
func unit(r *store.Record) string {
	switch u := str(r, "unit"); u {
	case "", "%":
		return u
	default:
		return " " + u
	}
}

func heldReview() need {
	return need{kind: "review", where: []store.Filter{ne("status", "planned")}, date: "held_on", months: year, noun: i18n.Mark("management reviews held")}
}

func recent(kind, date, noun string, where ...store.Filter) need {
	return need{kind: kind, where: where, date: date, months: year, noun: noun}
}

// implemented are the states of a change once implemented: implemented, reviewed or closed.
var implemented = []store.Filter{ne("status", "new"), ne("status", "assessed"), ne("status", "approved"),
	ne("status", "scheduled"), ne("status", "cancelled"), ne("status", "rejected")}

// rules are the evidence rules, in clause order. Every clause has at least one; each rule has
// its table-driven test in rules_test.go. Beside each rule, the answer to "would a certification
// auditor accept this as evidence?": yes, or partly (what else the auditor looks at).
var rules = []rule{
	// 4 Context of the organization
	// Auditor: yes: the issues of 4.1 are commonly kept as risks; the auditor reads whether external and internal ones are both there.
	has("4.1", i18n.Mark("a risk register (internal and external issues)"), need{kind: "risk", noun: i18n.Mark("risks")}),
	// Auditor: yes, as evidence that context is reconsidered; not alone: the minutes must show it.
	has("4.1", i18n.Mark("a management review in the last 12 months that considered context changes"), heldReview()),
	// Auditor: yes (Amd 1:2024): a recorded decision either way is what is asked.
	amd1(has("4.1", i18n.Mark("a decision whether climate change is a relevant issue (a risk or issue that names it)"),
		need{kind: "risk", where: []store.Filter{{Field: "title", Op: "~", Value: "climate"}}, noun: i18n.Mark("risks naming climate change")})),
	// Auditor: yes, when each party is active and reviewed on schedule.
	has("4.2", i18n.Mark("a register of interested parties"), need{kind: "party", where: []store.Filter{eq("status", "active")}, review: true, noun: i18n.Mark("active interested parties")}),
	// Auditor: yes (Amd 1:2024): whether any party has climate requirements.
	amd1(has("4.2", i18n.Mark("interested parties' climate-change requirements considered (a party whose requirements name it)"),
		need{kind: "party", where: []store.Filter{{Field: "requirements", Op: "~", Value: "climate"}}, noun: i18n.Mark("interested parties with climate requirements")})),
	// Auditor: yes: documented, approved, with a review date not past.
	has("4.3", i18n.Mark("an approved scope statement"), approvedPolicy("scope", i18n.Mark("approved scope statements"))),
	// Auditor: partly: live services are what a scope names; the auditor compares them.
	has("4.3", i18n.Mark("live services to match the scope"), need{kind: "service", where: []store.Filter{eq("status", "live")}, noun: i18n.Mark("live services")}),
	// Auditor: yes, as the established SMS; a review date is expected.
	has("4.4", i18n.Mark("an approved SMS policy or manual"), approvedPolicy("sms", i18n.Mark("approved SMS documents"))),
	// Auditor: yes: approved process descriptions, kept current.
	has("4.4", i18n.Mark("documented SMS processes"), approvedPolicy("process", i18n.Mark("approved process documents"))),

	// 5 Leadership
	// Auditor: yes: the management review is the main evidence of commitment.
	has("5.1", i18n.Mark("top management reviewing the SMS in the last 12 months"), heldReview()),
	// Auditor: yes: approved budgets show resources committed.
	has("5.1", i18n.Mark("approved budgets (resources committed)"), need{kind: "budget", where: []store.Filter{ne("status", "draft")}, noun: i18n.Mark("approved budget lines")}),
	// Auditor: yes: approved and reviewed on time.
	has("5.2.1", i18n.Mark("an approved service management policy, reviewed on time"), approvedPolicy("sms", i18n.Mark("approved SMS policies"))),
	// Auditor: partly: text is a precondition; how it was communicated is asked in interviews.
	each("5.2.2", i18n.Mark("the policy held as text that can be communicated: each approved SMS policy has its text"), "policy",
		[]store.Filter{eq("policy_type", "sms"), eq("status", "approved")},
		func(q *query, r *store.Record) string {
			if str(r, "body") == "" {
				return q.tr("%s has no text to communicate", r.Ref)
			}
			return ""
		}),
	// Auditor: partly: process descriptions name roles; the auditor also asks who holds them.
	has("5.3", i18n.Mark("documented roles and responsibilities (approved process documents)"), approvedPolicy("process", i18n.Mark("approved process documents"))),

	// 6 Planning
	// Auditor: yes: assessed risks with a review date not past.
	has("6.1", i18n.Mark("risks assessed, with treatment, reviewed on time"), need{kind: "risk", where: []store.Filter{ne("status", "identified")}, review: true, noun: i18n.Mark("assessed risks")}),
	// Auditor: yes: established, measurable objectives.
	has("6.2.1", i18n.Mark("active service management objectives"), need{kind: "objective", where: []store.Filter{eq("status", "active")}, noun: i18n.Mark("active objectives")}),
	// Auditor: yes, and strictly: an objective far off target without action is what an auditor asks about.
	each("6.2.1", i18n.Mark("objectives measured and on target"), "objective", []store.Filter{eq("status", "active")},
		func(q *query, r *store.Record) string {
			switch {
			case r.Values["actual"] == nil:
				return q.tr("%s has no measured value", r.Ref)
			case r.Values["achieved"] == false:
				return q.tr("%s stands at %s against a target of %s%s", r.Ref, q.figure(r.Values["actual"]), q.figure(r.Values["target"]), unit(r))
			}
			return ""
		}),
	// Auditor: yes: who and by when; what and how are in the plan.
	each("6.2.2", i18n.Mark("a plan for each objective: an owner and a date to achieve it by"), "objective", []store.Filter{eq("status", "active")},
		func(q *query, r *store.Record) string {
			switch {
			case str(r, "owner") == "":
				return q.tr("%s has no owner", r.Ref)
			case r.Values["due"] == nil:
				return q.tr("%s has no due date", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: approved and reviewed on time.
	has("6.3", i18n.Mark("an approved SMS plan"), approvedPolicy("plan", i18n.Mark("approved SMS plans"))),

	// 7 Support of the SMS
	// Auditor: yes: resources for the period in force.
	has("7.1", i18n.Mark("approved budgets for the current period"), need{kind: "budget", where: []store.Filter{ne("status", "draft"), gte("period_end", monthsAgo(0))}, noun: i18n.Mark("approved budget lines in force")}),
	// Auditor: yes: approved capacity plans.
	has("7.1", i18n.Mark("capacity plans for human, technical and financial resources"), need{kind: "capacityplan", where: []store.Filter{eq("status", "approved")}, noun: i18n.Mark("approved capacity plans")}),
	// Auditor: partly: procedures; competence records themselves are kept outside (stage-1 checklist).
	has("7.2", i18n.Mark("documented competence requirements and procedures"), approvedPolicy("procedure", i18n.Mark("approved procedures"))),
	// Auditor: partly: a policy to be aware of; awareness is sampled in interviews.
	has("7.3", i18n.Mark("an approved policy people can be made aware of"), approvedPolicy("sms", i18n.Mark("approved SMS policies"))),
	// Auditor: partly: whom to communicate with; what, when and how are asked.
	has("7.4", i18n.Mark("customers and contacts to communicate with"), need{kind: "customer", where: []store.Filter{eq("status", "active")}, noun: i18n.Mark("active customers")}),
	// Auditor: yes: the documented information exists and is approved.
	has("7.5.1", i18n.Mark("a set of approved SMS documents"), need{kind: "policy", where: []store.Filter{eq("status", "approved")}, noun: i18n.Mark("approved documents")}),
	// Auditor: yes: identification (version) and approval (who, when).
	each("7.5.2", i18n.Mark("documents identified and approved: a version, who approved it and when"), "policy", []store.Filter{eq("status", "approved")},
		func(q *query, r *store.Record) string {
			switch {
			case str(r, "version") == "":
				return q.tr("%s has no version", r.Ref)
			case str(r, "approved_by") == "" || r.Values["approved_on"] == nil:
				return q.tr("%s does not say who approved it or when", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: controlled documents are reviewed on schedule, none without a date.
	has("7.5.3", i18n.Mark("controlled documents, none past their review date"), need{kind: "policy", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved documents")}),
	// Auditor: yes: 7.5.4 a).
	has("7.5.4", i18n.Mark("an approved scope of the SMS"), approvedPolicy("scope", i18n.Mark("approved scope statements"))),
	// Auditor: yes: 7.5.4 c).
	has("7.5.4", i18n.Mark("an approved service management plan"), approvedPolicy("plan", i18n.Mark("approved SMS plans"))),
	// Auditor: yes: 7.5.4 e).
	has("7.5.4", i18n.Mark("approved process descriptions"), approvedPolicy("process", i18n.Mark("approved process documents"))),
	// Auditor: yes: knowledge kept and approved.
	has("7.6", i18n.Mark("a knowledge base (approved knowledge articles)"), approvedPolicy("knowledge", i18n.Mark("approved knowledge articles"))),
	// Auditor: yes: operational knowledge in use.
	has("7.6", i18n.Mark("known errors with workarounds"), need{kind: "knownerror", where: []store.Filter{eq("status", "open")}, noun: i18n.Mark("open known errors")}),

	// 8.1 Operational planning and control
	// Auditor: yes: the criteria of operation are documented.
	has("8.1", i18n.Mark("documented, approved operational processes"), approvedPolicy("process", i18n.Mark("approved process documents"))),
	// Auditor: partly: changes are recorded; their control is judged under 8.5.1.
	has("8.1", i18n.Mark("controlled changes in the last 12 months"), recent("change", "created_at", i18n.Mark("changes"))),

	// 8.2 Service portfolio
	// Auditor: yes: services delivered.
	has("8.2.1", i18n.Mark("a service portfolio with live services"), need{kind: "service", where: []store.Filter{eq("status", "live")}, noun: i18n.Mark("live services")}),
	// Auditor: yes: every live service has its agreed SLA.
	each("8.2.1", i18n.Mark("every live service delivered under an agreed SLA"), "service", []store.Filter{eq("status", "live")},
		func(q *query, r *store.Record) string {
			if q.list("sla", "", 1, eq("service", r.ID), eq("status", "agreed")).Total == 0 {
				return q.tr("%s has no agreed SLA", r.Ref)
			}
			return ""
		}),
	// Auditor: partly: planning of services shows in changes naming them.
	has("8.2.2", i18n.Mark("changes planned against services in the last 12 months"), recent("change", "created_at", i18n.Mark("changes to services"), set("service"))),
	// Auditor: partly: capacity plans show planning; the auditor reads them.
	has("8.2.2", i18n.Mark("new services in the pipeline or capacity plans"), need{kind: "capacityplan", where: []store.Filter{ne("status", "retired")}, noun: i18n.Mark("capacity plans")}),
	// Auditor: yes, when in force: an expired contract left active does not count.
	has("8.2.3", i18n.Mark("contracts in force with the parties involved in the services"), inForce()),
	// Auditor: yes: every live service with its owner and description.
	each("8.2.4", i18n.Mark("a service catalogue: every live service with an owner and a description"), "service", []store.Filter{eq("status", "live")},
		func(q *query, r *store.Record) string {
			switch {
			case str(r, "owner") == "":
				return q.tr("%s has no service owner", r.Ref)
			case str(r, "description") == "":
				return q.tr("%s has no description", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: assets in use recorded.
	has("8.2.5", i18n.Mark("assets recorded (hardware, software, cloud)"), need{kind: "ci", where: []store.Filter{ne("status", "retired")}, noun: i18n.Mark("configuration items in use")}),
	// Auditor: yes: CIs and their relationships.
	has("8.2.6", i18n.Mark("configuration items with their relationships"), need{kind: "cirel", noun: i18n.Mark("CI relationships")}),
	// Auditor: yes: configuration baselined, hence controlled.
	has("8.2.6", i18n.Mark("a CMDB baseline in the last 12 months"), recent("baseline", "taken_at", i18n.Mark("CMDB baselines"))),

	// 8.3 Relationship and agreement
	// Auditor: yes: agreed and reviewed on schedule, none without a date.
	has("8.3.1", i18n.Mark("agreed SLAs, reviewed on time"), need{kind: "sla", where: []store.Filter{eq("status", "agreed")}, review: true, noun: i18n.Mark("agreed SLAs")}),
	// Auditor: yes, when in force.
	has("8.3.1", i18n.Mark("contracts in force with suppliers"), inForce()),
	// Auditor: yes: satisfaction measured in the period.
	has("8.3.2", i18n.Mark("customer satisfaction measured in the last 12 months"), recent("satisfaction", "surveyed_on", i18n.Mark("satisfaction surveys"))),
	// Auditor: yes: complaints handled within a month.
	each("8.3.2", i18n.Mark("complaints answered"), "complaint", nil,
		func(q *query, r *store.Record) string {
			if r.Status == "received" || r.Status == "investigating" {
				if at, ok := r.Values["received_at"].(string); ok && at < q.ago(1) {
					return q.tr("%s received %s is still %s", r.Ref, i18n.Date(q.lang, at[:10]), q.state(r))
				}
			}
			return ""
		}),
	// Auditor: yes: targets agreed and reviewed on schedule.
	has("8.3.3", i18n.Mark("agreed SLAs with targets, reviewed on time"), need{kind: "sla", where: []store.Filter{eq("status", "agreed")}, review: true, noun: i18n.Mark("agreed SLAs")}),
	// Auditor: yes: performance against targets reported.
	has("8.3.3", i18n.Mark("service levels reported in the last 12 months"), recent("servicereport", "period_end", i18n.Mark("service reports"), eq("status", "issued"))),
	// Auditor: yes, when in force.
	has("8.3.4.1", i18n.Mark("supplier contracts in force"), inForce(ne("contract_type", "ola"))),
	// Auditor: yes: performance reviewed in the period.
	has("8.3.4.1", i18n.Mark("supplier performance reviewed in the last 12 months"), recent("supplierreview", "period_end", i18n.Mark("supplier reviews done"), eq("status", "done"))),
	// Auditor: yes: each supplier under a contract in force and reviewed.
	each("8.3.4.1", i18n.Mark("every active external supplier under contract and reviewed in the last 12 months"), "supplier",
		[]store.Filter{eq("status", "active"), eq("supplier_type", "external")},
		func(q *query, r *store.Record) string {
			if !slices.ContainsFunc(q.list("contract", "", -1, eq("supplier", r.ID), eq("status", "active")).Records,
				func(c *store.Record) bool { return contractEnded(q, c) == "" }) {
				return q.tr("%s has no contract in force", r.Ref)
			}
			if q.list("supplierreview", "", 1, eq("supplier", r.ID), eq("status", "done"), gte("period_end", q.ago(year))).Total == 0 {
				return q.tr("%s has no review in the last 12 months", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: documented agreements in force.
	has("8.3.4.2", i18n.Mark("agreements in force with internal suppliers (OLAs)"), inForce(eq("contract_type", "ola"))),

	// 8.4 Supply and demand
	// Auditor: yes: budgeting per service.
	has("8.4.1", i18n.Mark("budget lines per service"), need{kind: "budget", where: []store.Filter{ne("status", "draft"), set("service")}, noun: i18n.Mark("approved budget lines per service")}),
	// Auditor: yes: accounting is current.
	has("8.4.1", i18n.Mark("costs accounted in the last 3 months"), need{kind: "cost", date: "incurred_on", months: quarter, noun: i18n.Mark("costs")}),
	// Auditor: yes: demand forecast.
	has("8.4.2", i18n.Mark("demand forecast in approved capacity plans"), need{kind: "capacityplan", where: []store.Filter{eq("status", "approved"), set("demand_forecast")}, noun: i18n.Mark("capacity plans with a demand forecast")}),
	// Auditor: yes: planned and reviewed.
	has("8.4.3", i18n.Mark("approved capacity plans, reviewed on time"), need{kind: "capacityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved capacity plans")}),

	// 8.5 Service design, build and transition
	// Auditor: yes: 8.5.1.1 asks for it.
	has("8.5.1.1", i18n.Mark("an approved change management policy, reviewed on time"), approvedPolicy("change", i18n.Mark("approved change management policies"))),
	// Auditor: yes: RFCs recorded.
	has("8.5.1.2", i18n.Mark("requests for change recorded in the last 12 months"), recent("change", "created_at", i18n.Mark("requests for change"))),
	// Auditor: yes: assessment and decision recorded.
	has("8.5.1.3", i18n.Mark("changes assessed and decided in the last 12 months"), recent("change", "created_at", i18n.Mark("changes past assessment"), ne("status", "new"))),
	// Auditor: yes: pre-approved models for standard changes.
	has("8.5.1.3", i18n.Mark("approved standard change models"), need{kind: "changemodel", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved standard change models")}),
	// Auditor: an emergency change may be approved after the fact, but never not at all.
	eachWhere("8.5.1.3", i18n.Mark("emergency changes approved, at the latest after implementation (last 12 months)"), "change",
		append([]store.Filter{eq("change_type", "emergency"), gte("created_at", monthsAgo(year))}, implemented...),
		[]store.Filter{eq("approved_by", "")}, i18n.Mark("%s was implemented with no approval ever recorded")),
	// Auditor: yes: every emergency change reviewed after implementation.
	eachWhere("8.5.1.3", i18n.Mark("emergency changes reviewed after implementation (last 12 months)"), "change",
		append([]store.Filter{eq("change_type", "emergency"), gte("created_at", monthsAgo(year))}, implemented...),
		[]store.Filter{eq("review", "")}, i18n.Mark("%s has no post-implementation review")),
	// Auditor: yes: remediation planned for every implemented change.
	eachWhere("8.5.1.3", i18n.Mark("implemented changes with a backout plan (last 12 months)"), "change",
		append([]store.Filter{ne("change_type", "standard"), gte("created_at", monthsAgo(year))}, implemented...),
		[]store.Filter{eq("backout_plan", "")}, i18n.Mark("%s has no backout plan")),
	// Auditor: partly: the plans themselves are read.
	has("8.5.2.1", i18n.Mark("changes that plan new or changed services (last 12 months)"), recent("change", "created_at", i18n.Mark("normal changes"), eq("change_type", "normal"), set("service"))),
	// Auditor: yes: requirements recorded per service.
	has("8.5.2.2", i18n.Mark("service requirements recorded for services"), need{kind: "service", where: []store.Filter{ne("status", "retired"), set("requirements")}, noun: i18n.Mark("services with requirements")}),
	// Auditor: yes: transition through releases.
	has("8.5.2.3", i18n.Mark("services transitioned through releases in the last 12 months"), recent("release", "created_at", i18n.Mark("releases"), set("service"))),
	// Auditor: yes: tested before deployment.
	has("8.5.2.3", i18n.Mark("releases built and tested in the last 12 months"), recent("release", "created_at", i18n.Mark("tested releases"), set("test_result"))),
	// Auditor: partly: not required by name; a defined release approach is.
	has("8.5.3", i18n.Mark("an approved release and deployment policy"), approvedPolicy("release", i18n.Mark("approved release policies"))),
	// Auditor: yes: releases deployed.
	has("8.5.3", i18n.Mark("releases deployed in the last 12 months"), recent("release", "deployed_at", i18n.Mark("deployed releases"))),

	// 8.6 Resolution and fulfilment
	// Auditor: yes: incidents recorded.
	has("8.6.1", i18n.Mark("incidents recorded in the last 12 months"), recent("incident", "opened_at", i18n.Mark("incidents"))),
	// Auditor: yes: major incidents followed up as problems.
	eachWhere("8.6.1", i18n.Mark("major incidents of the last 12 months linked to a problem"), "incident",
		[]store.Filter{eq("major", true), gte("opened_at", monthsAgo(year))},
		[]store.Filter{eq("problem", "")}, i18n.Mark("%s names no problem")),
	// Auditor: yes: requests recorded.
	has("8.6.2", i18n.Mark("service requests fulfilled in the last 12 months"), recent("request", "opened_at", i18n.Mark("service requests"))),
	// Auditor: yes: problems recorded.
	has("8.6.3", i18n.Mark("problems investigated in the last 12 months"), recent("problem", "created_at", i18n.Mark("problems"))),
	// Auditor: yes: known errors with workarounds.
	has("8.6.3", i18n.Mark("known errors with workarounds"), need{kind: "knownerror", noun: i18n.Mark("known errors")}),

	// 8.7 Service assurance
	// Auditor: yes: availability requirements and targets.
	has("8.7.1", i18n.Mark("approved availability plans, reviewed on time"), need{kind: "availabilityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved availability plans")}),
	// Auditor: yes, strictly: below target fails.
	each("8.7.1", i18n.Mark("availability measured against target"), "availabilityplan", []store.Filter{eq("status", "approved")},
		func(q *query, r *store.Record) string {
			if r.Values["measured"] == nil {
				return q.tr("%s has no measured availability", r.Ref)
			}
			if met, _ := r.Values["target_met"].(bool); !met {
				return q.tr("%s is below its target", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: plans approved.
	has("8.7.2", i18n.Mark("approved continuity plans"), need{kind: "continuityplan", where: []store.Filter{eq("status", "approved")}, noun: i18n.Mark("approved continuity plans")}),
	// Auditor: yes: tested at planned intervals (yearly).
	each("8.7.2", i18n.Mark("every approved continuity plan tested in the last 12 months"), "continuityplan", []store.Filter{eq("status", "approved")},
		func(q *query, r *store.Record) string {
			if q.list("continuitytest", "", 1, eq("plan", r.ID), eq("status", "done"), gte("performed_on", q.ago(year))).Total == 0 {
				return q.tr("%s has no test in the last 12 months", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: 8.7.3.1 asks for it.
	has("8.7.3.1", i18n.Mark("an approved information security policy, reviewed on time"), approvedPolicy("security", i18n.Mark("approved security policies"))),
	// Auditor: yes.
	has("8.7.3.2", i18n.Mark("information security risks assessed"), need{kind: "risk", where: []store.Filter{eq("category", "security"), ne("status", "identified")}, noun: i18n.Mark("assessed security risks")}),
	// Auditor: yes.
	has("8.7.3.2", i18n.Mark("security controls implemented"), need{kind: "securitycontrol", where: []store.Filter{eq("status", "implemented")}, noun: i18n.Mark("implemented controls")}),
	// Auditor: yes: controls tested.
	has("8.7.3.2", i18n.Mark("controls tested in the last 12 months"), recent("securitycontrol", "last_tested", i18n.Mark("controls tested"), eq("status", "implemented"))),
	// Auditor: yes: handled promptly.
	eachWhere("8.7.3.3", i18n.Mark("information security incidents of the last 12 months resolved within a month"), "incident",
		[]store.Filter{eq("security", true), gte("opened_at", monthsAgo(year))},
		[]store.Filter{lt("opened_at", monthsAgo(1)), ne("status", "resolved"), ne("status", "closed"), ne("status", "cancelled")},
		i18n.Mark("%s is open for more than a month")),

	// 9 Performance evaluation
	// Auditor: yes: measuring is what 9.1 asks; whether on target is asked under 6.2.1.
	has("9.1", i18n.Mark("objectives measured"), need{kind: "objective", where: []store.Filter{ne("status", "draft"), set("actual")}, noun: i18n.Mark("measured objectives")}),
	// Auditor: yes.
	has("9.1", i18n.Mark("customer satisfaction surveys in the last 12 months"), recent("satisfaction", "surveyed_on", i18n.Mark("satisfaction surveys"))),
	// Auditor: yes: audits held and reported.
	has("9.2", i18n.Mark("an internal audit reported in the last 12 months"), recent("audit", "performed_on", i18n.Mark("internal audits reported"), eq("audit_type", "internal"),
		ne("status", "planned"), ne("status", "in_progress"), ne("status", "cancelled"))),
	// Auditor: yes: the whole SMS audited within the cycle.
	{clause: "9.2", what: i18n.Mark("an audit programme that covered every clause in the last 3 years"), check: programmeCovers},
	// Auditor: yes.
	has("9.3", i18n.Mark("a management review held in the last 12 months"), heldReview()),
	// Auditor: yes: decisions carried out as actions.
	has("9.3", i18n.Mark("decisions of management reviews followed up as actions"), need{kind: "action", where: []store.Filter{eq("action_type", "review")}, noun: i18n.Mark("review actions")}),
	// Auditor: yes: reports for the last complete period.
	each("9.4", i18n.Mark("every agreed SLA reported for its last complete period"), "sla", []store.Filter{eq("status", "agreed")}, reportedLastPeriod),

	// 10 Improvement
	// Auditor: yes: analysed.
	has("10.1", i18n.Mark("nonconformities recorded with root cause"), need{kind: "nonconformity", where: []store.Filter{set("root_cause")}, noun: i18n.Mark("nonconformities analysed")}),
	// Auditor: yes: effectiveness checked before closing.
	each("10.1", i18n.Mark("closed nonconformities with corrective actions found effective"), "nonconformity", []store.Filter{eq("status", "closed")},
		func(q *query, r *store.Record) string {
			if q.list("action", "", 1, eq("nonconformity", r.ID), eq("status", "verified"), eq("effective", "yes")).Total == 0 {
				return q.tr("%s has no corrective action checked effective", r.Ref)
			}
			return ""
		}),
	// Auditor: yes: none overdue.
	eachWhere("10.1", i18n.Mark("corrective actions on time"), "action",
		[]store.Filter{eq("action_type", "corrective"), ne("status", "cancelled")},
		[]store.Filter{lt("due", monthsAgo(0)), ne("status", "done"), ne("status", "verified")}, i18n.Mark("%s is past its due date")),
	// Auditor: yes.
	has("10.2", i18n.Mark("improvements raised in the last 12 months"), recent("improvement", "created_at", i18n.Mark("improvements"))),
	// Auditor: yes: evaluated after implementation.
	has("10.2", i18n.Mark("improvements implemented and evaluated"), need{kind: "improvement", where: []store.Filter{eq("status", "closed"), set("evaluation")}, noun: i18n.Mark("improvements evaluated")}),
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
		return q.tr("%s has no issued %s report up to %s", r.Ref, q.enum(r, "reporting", period), i18n.Date(q.lang, end))
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
