package compliance

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// ruleCase is one workspace for one evidence rule and the check it must give.
type ruleCase struct {
	name  string
	want  string                    // OK, Missing or Stale
	setup func(f *fx) *store.Record // nil: an empty workspace
	text  string                    // a part of the check's text, when the case names one
}

// The record setup returns must be listed in Found (OK) or named in Text (Stale).
func missingCase(name string, setup func(*fx) *store.Record) ruleCase {
	return ruleCase{name: name, want: Missing, setup: setup}
}
func okCase(name string, setup func(*fx) *store.Record) ruleCase {
	return ruleCase{name: name, want: OK, setup: setup}
}
func staleCase(name string, setup func(*fx) *store.Record) ruleCase {
	return ruleCase{name: name, want: Stale, setup: setup}
}
func (c ruleCase) saying(text string) ruleCase { c.text = text; return c }

type ruleCases struct {
	clause, what string
	cases        []ruleCase
}

func on(clause, what string, cases ...[]ruleCase) ruleCases {
	return ruleCases{clause: clause, what: what, cases: slices.Concat(cases...)}
}

func list(cases ...ruleCase) []ruleCase { return cases }

// Builders of the records the rules look for.

var later = day(fixedNow.AddDate(0, 6, 0)) // a review date not yet reached

func (f *fx) policy(typ, reviewDue string, approve bool) *store.Record {
	in := map[string]any{"policy_type": typ, "approved_by": "Board", "approved_on": day(back(2))}
	if reviewDue != "" {
		in["review_due"] = reviewDue
	}
	if approve {
		return f.add("policy", in, "approved")
	}
	return f.add("policy", in)
}

func (f *fx) liveService(fields map[string]any) *store.Record {
	return f.add("service", fields, "live")
}

func (f *fx) agreedSLA(fields map[string]any) *store.Record {
	return f.add("sla", fields, "agreed")
}

// change makes a change of a type at a time and takes it to new, assessed, implemented or closed.
func (f *fx) change(at time.Time, typ, status string, fields map[string]any) *store.Record {
	in := map[string]any{"change_type": typ, "approved_by": "CAB", "approved_on": day(at)}
	for k, v := range fields {
		in[k] = v
	}
	var moves []string
	switch {
	case status == "assessed":
		moves = []string{"assessed"}
	case status == "new":
	case typ == "emergency":
		moves = []string{"implemented", "closed"}
	default:
		moves = []string{"assessed", "approved", "implemented", "closed"}
	}
	if status == "implemented" {
		moves = moves[:len(moves)-1]
	}
	return f.addAt(at, "change", in, moves...)
}

func (f *fx) incident(opened time.Time, fields map[string]any, moves ...string) *store.Record {
	in := map[string]any{"opened_at": stamp(opened), "resolution": "restarted"}
	for k, v := range fields {
		in[k] = v
	}
	return f.addAt(opened, "incident", in, moves...)
}

func (f *fx) supplierReview(supplier string, end time.Time, moves ...string) *store.Record {
	return f.add("supplierreview", map[string]any{"supplier": supplier, "period_start": day(end.AddDate(0, -3, 1)), "period_end": day(end)}, moves...)
}

func (f *fx) serviceReport(sla string, start, end string, moves ...string) *store.Record {
	return f.add("servicereport", map[string]any{"sla": sla, "period_start": start, "period_end": end, "issued_on": day(f.at)}, moves...)
}

func (f *fx) continuityTest(plan string, performed time.Time, moves ...string) *store.Record {
	return f.add("continuitytest", map[string]any{"plan": plan, "performed_on": day(performed), "result": "passed"}, moves...)
}

func (f *fx) audit(typ string, performed time.Time, clauses []string, moves ...string) *store.Record {
	return f.add("audit", map[string]any{"audit_type": typ, "performed_on": day(performed), "clauses": clauses, "conclusion": "as planned"}, moves...)
}

// closedNC is a nonconformity closed once its corrective action was verified effective.
func (f *fx) closedNC() (nc, action *store.Record) {
	nc = f.add("nonconformity", map[string]any{"root_cause": "no check"}, "analysed", "action_planned")
	action = f.add("action", map[string]any{"action_type": "corrective", "nonconformity": nc.ID, "done_on": day(back(1)),
		"effectiveness_check": "sampled ten records", "checked_on": day(f.at), "effective": "yes"}, "done", "verified")
	return f.move("nonconformity", nc, "closed"), action
}

func allClauses() []string {
	var out []string
	for _, c := range catalogue.Clauses() {
		out = append(out, c.ID)
	}
	return out
}

// Case sets shared by several rules.

// policyCases are the cases of an approved document of a type, reviewed on time.
func policyCases(typ string) []ruleCase {
	other := "other"
	if typ == "other" {
		other = "sms"
	}
	return list(
		missingCase("no document", nil),
		missingCase("a draft "+typ+" document", func(f *fx) *store.Record { return f.policy(typ, later, false) }),
		missingCase("an approved "+other+" document", func(f *fx) *store.Record { return f.policy(other, later, true) }),
		okCase("approved, review due later", func(f *fx) *store.Record { return f.policy(typ, later, true) }),
		staleCase("approved, but no review date: not shown to be kept current", func(f *fx) *store.Record {
			f.policy(typ, later, true)
			return f.policy(typ, "", true)
		}).saying("no review date"),
		staleCase("approved, review date passed", func(f *fx) *store.Record {
			f.policy(typ, later, true)
			return f.policy(typ, day(back(1)), true)
		}),
	)
}

// heldReviewCases are the cases of a management review held in the last 12 months.
func heldReviewCases() []ruleCase {
	return list(
		missingCase("no review", nil),
		missingCase("a review planned, not held", func(f *fx) *store.Record {
			return f.add("review", map[string]any{"held_on": day(back(1))})
		}),
		okCase("held 11 months ago", func(f *fx) *store.Record {
			return f.add("review", map[string]any{"held_on": day(back(11))}, "held")
		}),
		okCase("held and closed", func(f *fx) *store.Record {
			return f.add("review", map[string]any{"held_on": day(back(2)), "decisions": "hire"}, "held", "closed")
		}),
		staleCase("held 13 months ago", func(f *fx) *store.Record {
			return f.add("review", map[string]any{"held_on": day(back(13))}, "held")
		}),
	)
}

// windowCases: records dated by make at a time are current within the last months.
func windowCases(months int, make func(f *fx, at time.Time) *store.Record) []ruleCase {
	return list(
		missingCase("none", nil),
		okCase(fmt.Sprintf("one %d months old", months-1), func(f *fx) *store.Record { return make(f, back(months-1)) }),
		okCase("an old one and a recent one", func(f *fx) *store.Record {
			make(f, back(months+6))
			return make(f, back(1))
		}),
		staleCase(fmt.Sprintf("the latest %d months old", months+1), func(f *fx) *store.Record {
			make(f, back(months+8))
			return make(f, back(months+1))
		}),
	)
}

// created makes records of a kind created at a time (their created_at).
func created(kind string, fields map[string]any) func(f *fx, at time.Time) *store.Record {
	return func(f *fx, at time.Time) *store.Record { return f.addAt(at, kind, fields) }
}

// dated makes records of a kind whose date field is the time.
func dated(kind, field string, fields map[string]any, moves ...string) func(f *fx, at time.Time) *store.Record {
	return func(f *fx, at time.Time) *store.Record {
		in := map[string]any{field: day(at)}
		for k, v := range fields {
			in[k] = v
		}
		return f.add(kind, in, moves...)
	}
}

// reviewedCases are the cases of records of a kind in a state, none past its review date.
func reviewedCases(kind string, fields map[string]any, moves ...string) []ruleCase {
	with := func(review string) map[string]any {
		in := map[string]any{"review_due": review}
		for k, v := range fields {
			in[k] = v
		}
		return in
	}
	return list(
		missingCase("none", nil),
		okCase("review due later", func(f *fx) *store.Record { return f.add(kind, with(later), moves...) }),
		staleCase("one past its review date", func(f *fx) *store.Record {
			f.add(kind, with(later), moves...)
			return f.add(kind, with(day(back(1))), moves...)
		}),
		staleCase("one without a review date: not shown to be kept current", func(f *fx) *store.Record {
			f.add(kind, with(later), moves...)
			in := with("")
			delete(in, "review_due")
			return f.add(kind, in, moves...)
		}).saying("no review date"),
	)
}

// inForceCases: a contract counts while it is in force; one left active past its end does not.
func inForceCases(fields map[string]any) []ruleCase {
	with := func(extra map[string]any) map[string]any {
		in := map[string]any{}
		for k, v := range fields {
			in[k] = v
		}
		for k, v := range extra {
			in[k] = v
		}
		return in
	}
	expired := with(map[string]any{"start": day(back(24)), "end": day(back(1))})
	return list(
		missingCase("a draft contract", one("contract", with(nil))),
		missingCase("an ended contract", one("contract", with(nil), "active", "ended")),
		missingCase("expired a month ago, still marked active: no contract in force", one("contract", expired, "active")).saying("still marked active"),
		okCase("active, with no end date", one("contract", with(nil), "active")),
		okCase("active, ending in six months", one("contract", with(map[string]any{"end": later}), "active")),
		staleCase("one in force, another expired but left active", func(f *fx) *store.Record {
			f.add("contract", with(nil), "active")
			return f.add("contract", expired, "active")
		}).saying("still marked active"),
	)
}

func one(kind string, fields map[string]any, moves ...string) func(f *fx) *store.Record {
	return func(f *fx) *store.Record { return f.add(kind, fields, moves...) }
}

func present(kind string) []ruleCase {
	return list(missingCase("none", nil), okCase("one "+kind, one(kind, nil)))
}

var approver = map[string]any{"approved_by": "Board", "approved_on": "2025-01-10"}

// ruleTable holds the cases of every evidence rule.
var ruleTable = []ruleCases{
	// 4 Context
	on("4.1", "a risk register (internal and external issues)", present("risk")),
	on("4.1", "a management review in the last 12 months that considered context changes", heldReviewCases()),
	on("4.1", "a decision whether climate change is a relevant issue (a risk or issue that names it)", list(
		missingCase("a risk about something else", one("risk", map[string]any{"title": "Data centre flood"})),
		okCase("a risk naming climate change", one("risk", map[string]any{"title": "Climate change: heat waves in the data centre"})),
	)),
	on("4.2", "interested parties' climate-change requirements considered (a party whose requirements name it)", list(
		missingCase("a party with other requirements", one("party", map[string]any{"requirements": "monthly reports"})),
		okCase("a party asking for climate reporting", one("party", map[string]any{"requirements": "Scope 2 emissions and climate risk disclosure"})),
	)),
	on("4.2", "a register of interested parties", reviewedCases("party", nil), list(
		missingCase("an inactive party", one("party", nil, "inactive")),
	)),
	on("4.3", "an approved scope statement", policyCases("scope")),
	on("4.3", "live services to match the scope", list(
		missingCase("a service in the pipeline", one("service", nil)),
		okCase("a live service", one("service", nil, "live")),
	)),
	on("4.4", "an approved SMS policy or manual", policyCases("sms")),
	on("4.4", "documented SMS processes", policyCases("process")),

	// 5 Leadership
	on("5.1", "top management reviewing the SMS in the last 12 months", heldReviewCases()),
	on("5.1", "approved budgets (resources committed)", list(
		missingCase("a draft budget", one("budget", nil)),
		okCase("an approved budget", one("budget", nil, "approved")),
	)),
	on("5.2.1", "an approved service management policy, reviewed on time", policyCases("sms")),
	on("5.2.2", "the policy held as text that can be communicated: each approved SMS policy has its text", list(
		missingCase("a draft policy with text", func(f *fx) *store.Record {
			return f.add("policy", map[string]any{"policy_type": "sms", "body": "We commit to..."})
		}),
		okCase("an approved policy with its text", func(f *fx) *store.Record {
			return f.add("policy", map[string]any{"policy_type": "sms", "body": "We commit to...", "approved_by": "Board", "approved_on": day(back(2))}, "approved")
		}),
		staleCase("an approved policy without text", func(f *fx) *store.Record {
			return f.add("policy", map[string]any{"policy_type": "sms", "approved_by": "Board", "approved_on": day(back(2))}, "approved")
		}).saying("no text to communicate"),
	)),
	on("5.3", "documented roles and responsibilities (approved process documents)", policyCases("process")),

	// 6 Planning
	on("6.1", "risks assessed, with treatment, reviewed on time", reviewedCases("risk", nil, "assessed"), list(
		missingCase("a risk only identified", one("risk", nil)),
	)),
	on("6.2.1", "active service management objectives", list(
		missingCase("a draft objective", one("objective", nil)),
		okCase("an active objective", one("objective", nil, "active")),
	)),
	on("6.2.1", "objectives measured and on target", list(
		missingCase("a draft objective, measured", one("objective", map[string]any{"actual": 99.5})),
		okCase("an active objective measured on target", one("objective", map[string]any{"actual": 99.5}, "active")),
		okCase("lower is better: 2 against a target of 5", one("objective", map[string]any{"direction": "lower", "target": 5, "actual": 2}, "active")),
		staleCase("an active objective not measured", func(f *fx) *store.Record {
			f.add("objective", map[string]any{"actual": 99.5}, "active")
			return f.add("objective", nil, "active")
		}),
		staleCase("at 50 against a target of 95: off target, and the auditor asks what is done about it", func(f *fx) *store.Record {
			f.add("objective", map[string]any{"actual": 99.5}, "active")
			return f.add("objective", map[string]any{"target": 95, "actual": 50}, "active")
		}).saying("stands at 50 against a target of 95%"),
	)),
	on("6.2.2", "a plan for each objective: an owner and a date to achieve it by", list(
		missingCase("a draft objective", one("objective", map[string]any{"owner": "Ana", "due": later})),
		okCase("an active objective with owner and due date", one("objective", map[string]any{"owner": "Ana", "due": later}, "active")),
		staleCase("an active objective without owner", one("objective", map[string]any{"due": later}, "active")).saying("no owner"),
		staleCase("an active objective without due date", one("objective", map[string]any{"owner": "Ana"}, "active")).saying("no due date"),
	)),
	on("6.3", "an approved SMS plan", policyCases("plan")),

	// 7 Support
	on("7.1", "approved budgets for the current period", list(
		missingCase("none", nil),
		missingCase("a draft budget for this year", one("budget", nil)),
		missingCase("an approved budget of last year", one("budget", map[string]any{"period": "2024"}, "approved")),
		missingCase("an approved budget of last month", one("budget", map[string]any{"period": "2025-04"}, "approved")),
		okCase("an approved budget for this year", one("budget", nil, "approved")),
		okCase("an approved budget for this month", one("budget", map[string]any{"period": "2025-05"}, "approved")),
	)),
	on("7.1", "capacity plans for human, technical and financial resources", list(
		missingCase("a draft plan", one("capacityplan", nil)),
		okCase("an approved plan", one("capacityplan", nil, "approved")),
	)),
	on("7.2", "documented competence requirements and procedures", policyCases("procedure")),
	on("7.3", "an approved policy people can be made aware of", policyCases("sms")),
	on("7.4", "customers and contacts to communicate with", list(
		missingCase("an inactive customer", one("customer", nil, "inactive")),
		okCase("an active customer", one("customer", nil)),
	)),
	on("7.5.1", "a set of approved SMS documents", list(
		missingCase("a draft document", func(f *fx) *store.Record { return f.policy("procedure", later, false) }),
		okCase("an approved document", func(f *fx) *store.Record { return f.policy("procedure", later, true) }),
	)),
	on("7.5.2", "documents identified and approved: a version, who approved it and when", list(
		missingCase("a draft document", func(f *fx) *store.Record { return f.add("policy", map[string]any{"version": "1.0"}) }),
		okCase("an approved document with a version", func(f *fx) *store.Record {
			return f.add("policy", map[string]any{"version": "1.0", "approved_by": "Board", "approved_on": day(back(2))}, "approved")
		}),
		staleCase("an approved document without a version", func(f *fx) *store.Record {
			return f.add("policy", map[string]any{"approved_by": "Board", "approved_on": day(back(2))}, "approved")
		}).saying("no version"),
	)),
	on("7.5.3", "controlled documents, none past their review date", reviewedCases("policy", approver, "approved"), list(
		missingCase("a draft document", one("policy", nil)),
	)),
	on("7.5.4", "an approved scope of the SMS", policyCases("scope")),
	on("7.5.4", "an approved service management plan", policyCases("plan")),
	on("7.5.4", "approved process descriptions", policyCases("process")),
	on("7.6", "a knowledge base (approved knowledge articles)", policyCases("knowledge")),
	on("7.6", "known errors with workarounds", list(
		missingCase("a known error fixed", one("knownerror", nil, "fixed")),
		okCase("an open known error", one("knownerror", nil)),
	)),

	// 8.1, 8.2
	on("8.1", "documented, approved operational processes", policyCases("process")),
	on("8.1", "controlled changes in the last 12 months", windowCases(12, created("change", nil))),
	on("8.2.1", "a service portfolio with live services", list(
		missingCase("a service in the pipeline", one("service", nil)),
		okCase("a live service", one("service", nil, "live")),
	)),
	on("8.2.1", "every live service delivered under an agreed SLA", list(
		missingCase("a service in the pipeline with an agreed SLA", func(f *fx) *store.Record {
			return f.agreedSLA(map[string]any{"service": f.add("service", nil).ID})
		}),
		okCase("a live service with an agreed SLA", func(f *fx) *store.Record {
			svc := f.liveService(nil)
			f.agreedSLA(map[string]any{"service": svc.ID})
			return svc
		}),
		staleCase("a live service with a draft SLA", func(f *fx) *store.Record {
			svc := f.liveService(nil)
			f.add("sla", map[string]any{"service": svc.ID})
			return svc
		}),
		staleCase("one of two live services without SLA", func(f *fx) *store.Record {
			svc := f.liveService(nil)
			f.agreedSLA(map[string]any{"service": svc.ID})
			return f.liveService(nil)
		}),
	)),
	on("8.2.2", "changes planned against services in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.addAt(at, "change", map[string]any{"service": f.one("service")})
	}), list(
		missingCase("a recent change naming no service", one("change", nil)),
	)),
	on("8.2.2", "new services in the pipeline or capacity plans", list(
		missingCase("a retired capacity plan", one("capacityplan", nil, "retired")),
		okCase("a draft capacity plan", one("capacityplan", nil)),
	)),
	on("8.2.3", "contracts in force with the parties involved in the services", inForceCases(nil)),
	on("8.2.4", "a service catalogue: every live service with an owner and a description", list(
		missingCase("a described service in the pipeline", one("service", map[string]any{"owner": "Ana", "description": "mail"})),
		okCase("a live service with owner and description", func(f *fx) *store.Record {
			return f.liveService(map[string]any{"owner": "Ana", "description": "mail"})
		}),
		staleCase("a live service without owner", func(f *fx) *store.Record {
			return f.liveService(map[string]any{"description": "mail"})
		}).saying("no service owner"),
		staleCase("a live service without description", func(f *fx) *store.Record {
			f.liveService(map[string]any{"owner": "Ana", "description": "mail"})
			return f.liveService(map[string]any{"owner": "Ana"})
		}).saying("no description"),
	)),
	on("8.2.5", "assets recorded (hardware, software, cloud)", list(
		missingCase("a retired CI", one("ci", nil, "retired")),
		okCase("a planned CI", one("ci", nil)),
	)),
	on("8.2.6", "configuration items with their relationships", list(
		missingCase("two CIs unrelated", func(f *fx) *store.Record { f.add("ci", nil); f.add("ci", nil); return nil }),
		okCase("two related CIs", func(f *fx) *store.Record {
			return f.add("cirel", map[string]any{"from": f.add("ci", nil).ID, "type": "depends_on", "to": f.add("ci", nil).ID})
		}),
	)),
	on("8.2.6", "a CMDB baseline in the last 12 months", windowCases(12, created("baseline", nil))),

	// 8.3 Relationship and agreement
	on("8.3.1", "agreed SLAs, reviewed on time", reviewedCases("sla", nil, "agreed"), list(
		missingCase("a draft SLA", one("sla", nil)),
	)),
	on("8.3.1", "contracts in force with suppliers", inForceCases(nil)),
	on("8.3.2", "customer satisfaction measured in the last 12 months", windowCases(12, dated("satisfaction", "surveyed_on", nil))),
	on("8.3.2", "complaints answered", list(
		missingCase("no complaint", nil),
		okCase("a complaint responded", func(f *fx) *store.Record {
			return f.addAt(back(3), "complaint", map[string]any{"response": "sorry"}, "responded")
		}),
		okCase("a complaint received last week, not yet answered", func(f *fx) *store.Record {
			return f.addAt(fixedNow.AddDate(0, 0, -7), "complaint", nil)
		}),
		staleCase("a complaint received 2 months ago still investigated", func(f *fx) *store.Record {
			return f.addAt(back(2), "complaint", nil, "investigating")
		}),
		staleCase("a complaint received 2 months ago never answered", func(f *fx) *store.Record {
			f.addAt(back(2), "complaint", map[string]any{"response": "sorry"}, "responded")
			return f.addAt(back(2), "complaint", nil)
		}),
	)),
	on("8.3.3", "agreed SLAs with targets, reviewed on time", reviewedCases("sla", nil, "agreed")),
	on("8.3.3", "service levels reported in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.serviceReport(f.one("sla"), day(at.AddDate(0, -1, 0)), day(at), "issued")
	}), list(
		missingCase("a recent report not issued", func(f *fx) *store.Record {
			return f.serviceReport(f.one("sla"), day(back(2)), day(back(1)))
		}),
	)),
	on("8.3.4.1", "supplier contracts in force", inForceCases(nil), list(
		missingCase("an OLA only: no supplier contract", one("contract", map[string]any{"contract_type": "ola"}, "active")),
	)),
	on("8.3.4.1", "supplier performance reviewed in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.supplierReview(f.one("supplier"), at, "done")
	}), list(
		missingCase("a recent review only planned", func(f *fx) *store.Record { return f.supplierReview(f.one("supplier"), back(1)) }),
	)),
	on("8.3.4.1", "every active external supplier under contract and reviewed in the last 12 months", list(
		missingCase("an internal supplier only", one("supplier", map[string]any{"supplier_type": "internal"})),
		missingCase("an external supplier exited", one("supplier", nil, "exited")),
		okCase("under contract, reviewed 11 months ago", func(f *fx) *store.Record {
			sup := f.add("supplier", nil)
			f.add("contract", map[string]any{"supplier": sup.ID}, "active")
			f.supplierReview(sup.ID, back(11), "done")
			return sup
		}),
		staleCase("reviewed but without contract", func(f *fx) *store.Record {
			sup := f.add("supplier", nil)
			f.supplierReview(sup.ID, back(1), "done")
			return sup
		}).saying("no contract in force"),
		staleCase("its contract still a draft", func(f *fx) *store.Record {
			sup := f.add("supplier", nil)
			f.add("contract", map[string]any{"supplier": sup.ID})
			f.supplierReview(sup.ID, back(1), "done")
			return sup
		}).saying("no contract in force"),
		staleCase("reviewed, its contract expired but left active", func(f *fx) *store.Record {
			sup := f.add("supplier", nil)
			f.add("contract", map[string]any{"supplier": sup.ID, "start": day(back(24)), "end": day(back(1))}, "active")
			f.supplierReview(sup.ID, back(1), "done")
			return sup
		}).saying("no contract in force"),
		staleCase("under contract, last reviewed 13 months ago", func(f *fx) *store.Record {
			sup := f.add("supplier", nil)
			f.add("contract", map[string]any{"supplier": sup.ID}, "active")
			f.supplierReview(sup.ID, back(13), "done")
			f.supplierReview(sup.ID, back(1))
			return sup
		}).saying("no review in the last 12 months"),
	)),
	on("8.3.4.2", "agreements in force with internal suppliers (OLAs)", inForceCases(map[string]any{"contract_type": "ola"}), list(
		missingCase("an active supplier contract", one("contract", map[string]any{"contract_type": "supplier"}, "active")),
	)),

	// 8.4 Supply and demand
	on("8.4.1", "budget lines per service", list(
		missingCase("an approved budget for no service", one("budget", nil, "approved")),
		missingCase("a draft budget for a service", func(f *fx) *store.Record {
			return f.add("budget", map[string]any{"service": f.one("service")})
		}),
		okCase("an approved budget for a service", func(f *fx) *store.Record {
			return f.add("budget", map[string]any{"service": f.one("service")}, "approved")
		}),
	)),
	on("8.4.1", "costs accounted in the last 3 months", windowCases(3, dated("cost", "incurred_on", nil))),
	on("8.4.2", "demand forecast in approved capacity plans", list(
		missingCase("an approved plan without forecast", one("capacityplan", nil, "approved")),
		missingCase("a draft plan with a forecast", one("capacityplan", map[string]any{"demand_forecast": "+10%"})),
		okCase("an approved plan with a forecast", one("capacityplan", map[string]any{"demand_forecast": "+10%"}, "approved")),
	)),
	on("8.4.3", "approved capacity plans, reviewed on time", reviewedCases("capacityplan", nil, "approved"), list(
		missingCase("a draft plan", one("capacityplan", nil)),
	)),

	// 8.5 Service design, build and transition
	on("8.5.1.3", "changes assessed and decided in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.change(at, "normal", "assessed", nil)
	}), list(
		missingCase("a recent change still new", one("change", nil)),
	)),
	on("8.5.1.3", "approved standard change models", reviewedCases("changemodel", approver, "approved"), list(
		missingCase("a draft model", one("changemodel", nil)),
	)),
	on("8.5.1.1", "an approved change management policy, reviewed on time", policyCases("change")),
	on("8.5.1.2", "requests for change recorded in the last 12 months", windowCases(12, created("change", nil))),
	on("8.5.1.3", "emergency changes approved, at the latest after implementation (last 12 months)", list(
		missingCase("an emergency change not yet implemented", func(f *fx) *store.Record {
			return f.change(back(1), "emergency", "new", map[string]any{"approved_by": nil, "approved_on": nil})
		}),
		okCase("approved by the emergency CAB after implementation", func(f *fx) *store.Record {
			return f.change(back(1), "emergency", "implemented", map[string]any{"review": "went well"})
		}),
		staleCase("closed with no approval ever recorded", func(f *fx) *store.Record {
			f.change(back(2), "emergency", "closed", map[string]any{"review": "went well"})
			return f.change(back(1), "emergency", "closed", map[string]any{"review": "went well", "approved_by": nil, "approved_on": nil})
		}).saying("no approval ever recorded"),
	)),
	on("8.5.1.3", "emergency changes reviewed after implementation (last 12 months)", list(
		missingCase("a normal change closed", func(f *fx) *store.Record { return f.change(back(1), "normal", "closed", nil) }),
		missingCase("an emergency change not yet implemented", func(f *fx) *store.Record {
			return f.change(back(1), "emergency", "new", nil)
		}),
		missingCase("an emergency change of 13 months ago, unreviewed", func(f *fx) *store.Record {
			return f.change(back(13), "emergency", "implemented", nil)
		}),
		okCase("an emergency change implemented and reviewed", func(f *fx) *store.Record {
			return f.change(back(1), "emergency", "implemented", map[string]any{"review": "went well"})
		}),
		okCase("an emergency change closed", func(f *fx) *store.Record {
			return f.change(back(11), "emergency", "closed", map[string]any{"review": "went well"})
		}),
		staleCase("an emergency change implemented without review", func(f *fx) *store.Record {
			f.change(back(2), "emergency", "closed", map[string]any{"review": "went well"})
			return f.change(back(1), "emergency", "implemented", nil)
		}).saying("no post-implementation review"),
		staleCase("an emergency change closed, its review erased", func(f *fx) *store.Record {
			c := f.change(back(1), "emergency", "closed", map[string]any{"review": "went well"})
			return f.set("change", c, map[string]any{"review": nil})
		}),
	)),
	on("8.5.1.3", "implemented changes with a backout plan (last 12 months)", list(
		missingCase("a normal change not implemented", func(f *fx) *store.Record { return f.change(back(1), "normal", "assessed", nil) }),
		missingCase("a closed change of 13 months ago without backout plan", func(f *fx) *store.Record {
			return f.change(back(13), "normal", "closed", nil)
		}),
		okCase("a normal change closed with a backout plan", func(f *fx) *store.Record {
			return f.change(back(1), "normal", "closed", map[string]any{"backout_plan": "restore"})
		}),
		okCase("an emergency change implemented with a backout plan", func(f *fx) *store.Record {
			return f.change(back(1), "emergency", "implemented", map[string]any{"backout_plan": "restore"})
		}),
		staleCase("a normal change closed without backout plan", func(f *fx) *store.Record {
			f.change(back(1), "normal", "closed", map[string]any{"backout_plan": "restore"})
			return f.change(back(1), "normal", "closed", nil)
		}).saying("no backout plan"),
		staleCase("a normal change implemented, not closed, without backout plan", func(f *fx) *store.Record {
			return f.change(back(1), "normal", "implemented", nil)
		}),
	)),
	on("8.5.2.3", "services transitioned through releases in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.addAt(at, "release", map[string]any{"service": f.one("service")})
	}), list(
		missingCase("a recent release for no service", one("release", nil)),
	)),
	on("8.5.2.1", "changes that plan new or changed services (last 12 months)", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.addAt(at, "change", map[string]any{"service": f.one("service")})
	}), list(
		missingCase("a normal change for no service", one("change", nil)),
		missingCase("an emergency change for a service", func(f *fx) *store.Record {
			return f.add("change", map[string]any{"change_type": "emergency", "service": f.one("service")})
		}),
	)),
	on("8.5.2.2", "service requirements recorded for services", list(
		missingCase("a service without requirements", one("service", nil, "live")),
		missingCase("a retired service with requirements", one("service", map[string]any{"requirements": "24x7"}, "retired")),
		okCase("a service with requirements", one("service", map[string]any{"requirements": "24x7"})),
	)),
	on("8.5.2.3", "releases built and tested in the last 12 months", windowCases(12, created("release", map[string]any{"test_result": "passed"})), list(
		missingCase("a recent release not tested", one("release", nil)),
	)),
	on("8.5.3", "an approved release and deployment policy", policyCases("release")),
	on("8.5.3", "releases deployed in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.add("release", map[string]any{"deployed_at": stamp(at)})
	}), list(
		missingCase("a release never deployed", one("release", nil)),
		okCase("a release deployed and one never deployed", func(f *fx) *store.Record {
			f.add("release", nil)
			return f.add("release", map[string]any{"deployed_at": stamp(back(2))})
		}),
	)),

	// 8.6 Resolution and fulfilment
	on("8.6.1", "incidents recorded in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.incident(at, nil, "resolved", "closed")
	})),
	on("8.6.1", "major incidents of the last 12 months linked to a problem", list(
		missingCase("an incident not major", func(f *fx) *store.Record { return f.incident(back(1), nil) }),
		missingCase("a major incident of 13 months ago without problem", func(f *fx) *store.Record {
			return f.incident(back(13), map[string]any{"major": true})
		}),
		okCase("a major incident with its problem", func(f *fx) *store.Record {
			return f.incident(back(1), map[string]any{"major": true, "problem": f.one("problem")})
		}),
		staleCase("a major incident naming no problem", func(f *fx) *store.Record {
			return f.incident(back(1), map[string]any{"major": true})
		}).saying("names no problem"),
	)),
	on("8.6.2", "service requests fulfilled in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.addAt(at, "request", map[string]any{"opened_at": stamp(at)})
	})),
	on("8.6.3", "problems investigated in the last 12 months", windowCases(12, created("problem", nil))),
	on("8.6.3", "known errors with workarounds", list(
		missingCase("none", nil),
		okCase("a known error fixed", one("knownerror", nil, "fixed")),
	)),

	// 8.7 Service assurance
	on("8.7.2", "approved continuity plans", list(
		missingCase("a draft plan", one("continuityplan", nil)),
		okCase("an approved plan", one("continuityplan", nil, "approved")),
	)),
	on("8.7.1", "approved availability plans, reviewed on time", reviewedCases("availabilityplan", nil, "approved"), list(
		missingCase("a draft plan", one("availabilityplan", nil)),
	)),
	on("8.7.1", "availability measured against target", list(
		missingCase("a draft plan, measured", one("availabilityplan", map[string]any{"measured": 99.9})),
		okCase("an approved plan meeting its target", one("availabilityplan", map[string]any{"measured": 99.9}, "approved")),
		okCase("an approved plan exactly on target", one("availabilityplan", map[string]any{"measured": 99.5}, "approved")),
		staleCase("an approved plan not measured", one("availabilityplan", nil, "approved")).saying("no measured availability"),
		staleCase("an approved plan below its target", one("availabilityplan", map[string]any{"measured": 98}, "approved")).saying("below its target"),
	)),
	on("8.7.2", "every approved continuity plan tested in the last 12 months", list(
		missingCase("a draft plan tested", func(f *fx) *store.Record {
			plan := f.add("continuityplan", nil)
			f.continuityTest(plan.ID, back(1), "done")
			return plan
		}),
		okCase("an approved plan tested 11 months ago", func(f *fx) *store.Record {
			plan := f.add("continuityplan", nil, "approved")
			f.continuityTest(plan.ID, back(11), "done")
			return plan
		}),
		staleCase("an approved plan last tested 13 months ago", func(f *fx) *store.Record {
			plan := f.add("continuityplan", nil, "approved")
			f.continuityTest(plan.ID, back(13), "done")
			return plan
		}).saying("no test in the last 12 months"),
		staleCase("an approved plan whose recent test is only planned", func(f *fx) *store.Record {
			plan := f.add("continuityplan", nil, "approved")
			f.continuityTest(plan.ID, back(1))
			return plan
		}),
		staleCase("one of two approved plans never tested", func(f *fx) *store.Record {
			plan := f.add("continuityplan", nil, "approved")
			f.continuityTest(plan.ID, back(1), "done")
			return f.add("continuityplan", nil, "approved")
		}),
	)),
	on("8.7.3.2", "information security risks assessed", list(
		missingCase("a security risk only identified", one("risk", map[string]any{"category": "security"})),
		missingCase("a service risk assessed", one("risk", nil, "assessed")),
		okCase("a security risk assessed", one("risk", map[string]any{"category": "security"}, "assessed")),
	)),
	on("8.7.3.1", "an approved information security policy, reviewed on time", policyCases("security")),
	on("8.7.3.2", "security controls implemented", list(
		missingCase("a planned control", one("securitycontrol", nil)),
		okCase("an implemented control", one("securitycontrol", nil, "implemented")),
	)),
	on("8.7.3.2", "controls tested in the last 12 months", windowCases(12, dated("securitycontrol", "last_tested", nil, "implemented")), list(
		missingCase("a planned control tested last month", one("securitycontrol", map[string]any{"last_tested": day(back(1))})),
		missingCase("an implemented control never tested", one("securitycontrol", nil, "implemented")),
	)),
	on("8.7.3.3", "information security incidents of the last 12 months resolved within a month", list(
		missingCase("an incident not about security", func(f *fx) *store.Record { return f.incident(back(2), nil) }),
		missingCase("a security incident of 13 months ago still open", func(f *fx) *store.Record {
			return f.incident(back(13), map[string]any{"security": true})
		}),
		okCase("a security incident resolved", func(f *fx) *store.Record {
			return f.incident(back(2), map[string]any{"security": true}, "resolved")
		}),
		okCase("a security incident opened last week", func(f *fx) *store.Record {
			return f.incident(fixedNow.AddDate(0, 0, -7), map[string]any{"security": true}, "in_progress")
		}),
		staleCase("a security incident opened 2 months ago still in progress", func(f *fx) *store.Record {
			f.incident(back(3), map[string]any{"security": true}, "resolved", "closed")
			return f.incident(back(2), map[string]any{"security": true}, "in_progress")
		}).saying("is open for more than a month"),
	)),

	// 9 Performance evaluation
	on("9.1", "objectives measured", list(
		missingCase("a draft objective with an actual", one("objective", map[string]any{"actual": 99})),
		missingCase("an active objective without actual", one("objective", nil, "active")),
		okCase("an active objective with an actual", one("objective", map[string]any{"actual": 99}, "active")),
		okCase("a closed objective with an actual", one("objective", map[string]any{"actual": 99}, "active", "closed")),
	)),
	on("9.1", "customer satisfaction surveys in the last 12 months", windowCases(12, dated("satisfaction", "surveyed_on", nil))),
	on("9.2", "an internal audit reported in the last 12 months", windowCases(12, func(f *fx, at time.Time) *store.Record {
		return f.audit("internal", at, []string{"8.1"}, "in_progress", "reported")
	}), list(
		missingCase("a supplier audit reported", func(f *fx) *store.Record {
			return f.audit("supplier", back(1), []string{"8.1"}, "in_progress", "reported")
		}),
		missingCase("an internal audit planned", func(f *fx) *store.Record { return f.audit("internal", back(1), []string{"8.1"}) }),
		missingCase("an internal audit in progress", func(f *fx) *store.Record {
			return f.audit("internal", back(1), []string{"8.1"}, "in_progress")
		}),
		missingCase("an internal audit cancelled", func(f *fx) *store.Record {
			return f.audit("internal", back(1), []string{"8.1"}, "cancelled")
		}),
		missingCase("an internal audit reported without its date", func(f *fx) *store.Record {
			return f.add("audit", map[string]any{"audit_type": "internal", "clauses": []string{"8.1"}, "conclusion": "fine"}, "in_progress", "reported")
		}),
		okCase("an internal audit closed", func(f *fx) *store.Record {
			return f.audit("internal", back(2), []string{"8.1"}, "in_progress", "reported", "closed")
		}),
	)),
	on("9.2", "an audit programme that covered every clause in the last 3 years", list(
		missingCase("no audit", nil),
		missingCase("a supplier audit of every clause", func(f *fx) *store.Record {
			return f.audit("supplier", back(6), allClauses(), "in_progress", "reported")
		}),
		missingCase("an internal audit of every clause 4 years ago", func(f *fx) *store.Record {
			return f.audit("internal", back(48), allClauses(), "in_progress", "reported")
		}),
		missingCase("an internal audit of every clause, cancelled", func(f *fx) *store.Record {
			return f.audit("internal", back(6), allClauses(), "cancelled")
		}),
		missingCase("an internal audit of every clause, planned for next month", func(f *fx) *store.Record {
			return f.audit("internal", fixedNow.AddDate(0, 1, 0), allClauses())
		}),
		okCase("an internal audit of every clause", func(f *fx) *store.Record {
			return f.audit("internal", back(6), allClauses(), "in_progress", "reported")
		}),
		okCase("three audits sharing the clauses", func(f *fx) *store.Record {
			all := allClauses()
			f.audit("internal", back(30), all[:20], "in_progress", "reported")
			f.audit("internal", back(18), all[20:40], "in_progress", "reported", "closed")
			return f.audit("internal", back(6), all[40:], "in_progress", "reported")
		}),
		staleCase("every clause but 10.2", func(f *fx) *store.Record {
			all := allClauses()
			f.audit("internal", back(6), all[:len(all)-1], "in_progress", "reported")
			return nil
		}).saying("never audited in 3 years: 10.2"),
		staleCase("10.2 audited 4 years ago only", func(f *fx) *store.Record {
			all := allClauses()
			f.audit("internal", back(48), all, "in_progress", "reported")
			f.audit("internal", back(6), all[:len(all)-1], "in_progress", "reported")
			return nil
		}).saying("cover 56 of 57 requirements"),
	)),
	on("9.3", "a management review held in the last 12 months", heldReviewCases()),
	on("9.3", "decisions of management reviews followed up as actions", list(
		missingCase("an improvement action", one("action", nil)),
		okCase("a review action", func(f *fx) *store.Record {
			return f.add("action", map[string]any{"action_type": "review", "review": f.one("review")})
		}),
	)),
	on("9.4", "every agreed SLA reported for its last complete period", list(
		missingCase("a draft SLA", one("sla", nil)),
		okCase("monthly, reported up to the end of April", func(f *fx) *store.Record {
			sla := f.agreedSLA(map[string]any{"reporting": "monthly"})
			f.serviceReport(sla.ID, "2025-04-01", "2025-04-30", "issued")
			return sla
		}),
		okCase("no period given (monthly), reported up to April", func(f *fx) *store.Record {
			sla := f.agreedSLA(nil)
			f.serviceReport(sla.ID, "2025-04-01", "2025-04-30", "issued")
			return sla
		}),
		okCase("quarterly, reported up to the end of Q1", func(f *fx) *store.Record {
			sla := f.agreedSLA(map[string]any{"reporting": "quarterly"})
			f.serviceReport(sla.ID, "2025-01-01", "2025-03-31", "issued")
			return sla
		}),
		okCase("yearly, reported for 2024", func(f *fx) *store.Record {
			sla := f.agreedSLA(map[string]any{"reporting": "yearly"})
			f.serviceReport(sla.ID, "2024-01-01", "2024-12-31", "issued")
			return sla
		}),
		okCase("in force since May: no complete period yet", func(f *fx) *store.Record {
			return f.agreedSLA(map[string]any{"valid_from": "2025-05-01"})
		}),
		staleCase("monthly, reported up to March only", func(f *fx) *store.Record {
			sla := f.agreedSLA(map[string]any{"reporting": "monthly"})
			f.serviceReport(sla.ID, "2025-03-01", "2025-03-31", "issued")
			return sla
		}).saying("up to 2025-04-30"),
		staleCase("monthly, April's report not issued", func(f *fx) *store.Record {
			sla := f.agreedSLA(nil)
			f.serviceReport(sla.ID, "2025-04-01", "2025-04-30")
			return sla
		}),
		staleCase("April reported for another SLA", func(f *fx) *store.Record {
			other := f.agreedSLA(nil)
			f.serviceReport(other.ID, "2025-04-01", "2025-04-30", "issued")
			return f.agreedSLA(nil)
		}),
		staleCase("quarterly, reported up to 2024 only", func(f *fx) *store.Record {
			sla := f.agreedSLA(map[string]any{"reporting": "quarterly"})
			f.serviceReport(sla.ID, "2024-10-01", "2024-12-31", "issued")
			return sla
		}).saying("quarterly report up to 2025-03-31"),
		staleCase("yearly, never reported", func(f *fx) *store.Record {
			return f.agreedSLA(map[string]any{"reporting": "yearly", "valid_from": "2024-01-01"})
		}).saying("up to 2024-12-31"),
	)),

	// 10 Improvement
	on("10.1", "nonconformities recorded with root cause", list(
		missingCase("a nonconformity without root cause", one("nonconformity", nil)),
		okCase("a nonconformity with its root cause", one("nonconformity", map[string]any{"root_cause": "no check"})),
	)),
	on("10.1", "closed nonconformities with corrective actions found effective", list(
		missingCase("an open nonconformity", one("nonconformity", nil)),
		okCase("a nonconformity closed", func(f *fx) *store.Record { nc, _ := f.closedNC(); return nc }),
		staleCase("a nonconformity closed whose action was reopened", func(f *fx) *store.Record {
			nc, action := f.closedNC()
			f.move("action", action, "in_progress")
			return nc
		}).saying("no corrective action checked effective"),
	)),
	on("10.1", "corrective actions on time", list(
		missingCase("an improvement action overdue", one("action", map[string]any{"due": day(back(1))})),
		okCase("a corrective action due later", func(f *fx) *store.Record {
			return f.add("action", map[string]any{"action_type": "corrective", "nonconformity": f.one("nonconformity"), "due": later})
		}),
		okCase("a corrective action done after its due date", func(f *fx) *store.Record {
			return f.add("action", map[string]any{"action_type": "corrective", "nonconformity": f.one("nonconformity"),
				"due": day(back(2)), "done_on": day(back(1))}, "done")
		}),
		okCase("every corrective action verified", func(f *fx) *store.Record { _, action := f.closedNC(); return action }),
		staleCase("a corrective action overdue", func(f *fx) *store.Record {
			f.add("action", map[string]any{"action_type": "corrective", "nonconformity": f.one("nonconformity"), "due": later})
			return f.add("action", map[string]any{"action_type": "corrective", "nonconformity": f.one("nonconformity"),
				"due": day(back(1))}, "in_progress")
		}).saying("is past its due date"),
	)),
	on("10.2", "improvements raised in the last 12 months", windowCases(12, created("improvement", nil))),
	on("10.2", "improvements implemented and evaluated", list(
		missingCase("an improvement approved", one("improvement", nil, "approved")),
		okCase("an improvement closed with its evaluation", one("improvement", map[string]any{"evaluation": "halved the calls"},
			"approved", "in_progress", "implemented", "closed")),
	)),
}

// neverStale are the rules with neither a window, nor a review date, nor a condition every
// record must meet: they are ok or missing.
var neverStale = map[string][]string{
	"4.1": {"a risk register (internal and external issues)",
		"a decision whether climate change is a relevant issue (a risk or issue that names it)"},
	"4.2":   {"interested parties' climate-change requirements considered (a party whose requirements name it)"},
	"4.3":   {"live services to match the scope"},
	"5.1":   {"approved budgets (resources committed)"},
	"6.2.1": {"active service management objectives"},
	"7.1":   {"approved budgets for the current period", "capacity plans for human, technical and financial resources"},
	"7.4":   {"customers and contacts to communicate with"},
	"7.5.1": {"a set of approved SMS documents"},
	"7.6":   {"known errors with workarounds"},
	"8.2.1": {"a service portfolio with live services"},
	"8.2.2": {"new services in the pipeline or capacity plans"},

	"8.2.5": {"assets recorded (hardware, software, cloud)"},
	"8.2.6": {"configuration items with their relationships"},

	"8.4.1":   {"budget lines per service"},
	"8.4.2":   {"demand forecast in approved capacity plans"},
	"8.5.2.2": {"service requirements recorded for services"},
	"8.6.3":   {"known errors with workarounds"},
	"8.7.2":   {"approved continuity plans"},
	"8.7.3.2": {"security controls implemented", "information security risks assessed"},
	"9.1":     {"objectives measured"},
	"9.3":     {"decisions of management reviews followed up as actions"},
	"10.1":    {"nonconformities recorded with root cause"},
	"10.2":    {"improvements implemented and evaluated"},
}

// checkOf runs the rules of a clause through the public API and returns the check of one rule.
func checkOf(t *testing.T, s *store.Store, clause, what string) Check {
	t.Helper()
	sg, err := New(s).Suggest(bg, "", clause)
	if err != nil {
		t.Fatal(err)
	}
	if len(sg) != 1 || sg[0].Clause != clause {
		t.Fatalf("Suggest(%s) gave %d suggestions", clause, len(sg))
	}
	for _, c := range sg[0].Checks {
		if c.Rule == what {
			return c
		}
	}
	t.Fatalf("clause %s has no rule %q", clause, what)
	return Check{}
}

func foundIn(links []store.Link, id string) bool {
	return slices.ContainsFunc(links, func(l store.Link) bool { return l.ID == id })
}

func TestRules(t *testing.T) {
	for _, rc := range ruleTable {
		for _, c := range rc.cases {
			t.Run(rc.clause+" "+rc.what+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				f := newFx(t)
				var rec *store.Record
				if c.setup != nil {
					rec = c.setup(f)
				}
				got := checkOf(t, f.s, rc.clause, rc.what)
				if got.State != c.want {
					t.Fatalf("state %s (%s), want %s", got.State, got.Text, c.want)
				}
				if c.text != "" && !strings.Contains(got.Text, c.text) {
					t.Errorf("text %q does not say %q", got.Text, c.text)
				}
				switch c.want {
				case Missing:
					if got.Total != 0 || len(got.Found) != 0 {
						t.Errorf("missing, yet total %d and found %v", got.Total, got.Found)
					}
				case OK:
					if got.Total == 0 || len(got.Found) == 0 || len(got.Found) > got.Total {
						t.Errorf("ok with total %d and found %v", got.Total, got.Found)
					}
					if rec != nil && !foundIn(got.Found, rec.ID) {
						t.Errorf("%s is not among the records found %v", rec.Ref, got.Found)
					}
				case Stale:
					if rec != nil && !strings.Contains(got.Text, rec.Ref) {
						t.Errorf("text %q does not name %s", got.Text, rec.Ref)
					}
				}
			})
		}
	}
}

// TestRuleTable keeps the table honest: every rule has a case where its evidence is missing and
// one where it is there, and one where it is stale unless it cannot be; every entry names a rule.
func TestRuleTable(t *testing.T) {
	type key struct{ clause, what string }
	states := map[key]map[string]bool{}
	for _, rc := range ruleTable {
		k := key{rc.clause, rc.what}
		if states[k] != nil {
			t.Errorf("rule %s %q has two entries in the table", rc.clause, rc.what)
		}
		states[k] = map[string]bool{}
		for _, c := range rc.cases {
			states[k][c.want] = true
		}
	}
	for _, r := range rules {
		k := key{r.clause, r.what}
		got, ok := states[k]
		if !ok {
			t.Errorf("rule %s %q has no cases", r.clause, r.what)
			continue
		}
		delete(states, k)
		if !got[Missing] || !got[OK] {
			t.Errorf("rule %s %q needs a missing and an ok case", r.clause, r.what)
		}
		if never := slices.Contains(neverStale[r.clause], r.what); never == got[Stale] {
			t.Errorf("rule %s %q: listed as never stale %v, has a stale case %v", r.clause, r.what, never, got[Stale])
		}
	}
	for k := range states {
		t.Errorf("the table names %s %q, which is no rule", k.clause, k.what)
	}
}

func TestEveryClauseHasRules(t *testing.T) {
	if n := len(catalogue.Clauses()); n != 70 {
		t.Fatalf("the catalogue has %d clauses, want 70", n)
	}
	// Every requirement has rules; a group heading has none of its own (its requirements'
	// rules answer for it).
	for _, c := range catalogue.Clauses() {
		rs := rulesOf(c.ID)
		if c.Rollup {
			if len(rs) > 0 {
				t.Errorf("group heading %s has rules of its own: %v", c.ID, rs[0].what)
			}
			continue
		}
		if len(rs) == 0 {
			t.Errorf("clause %s %s has no evidence rule", c.ID, c.Title)
		}
		seen := map[string]bool{}
		for _, r := range rs {
			if strings.TrimSpace(r.what) == "" {
				t.Errorf("clause %s has a rule that says nothing", c.ID)
			}
			if seen[r.what] {
				t.Errorf("clause %s has the rule %q twice", c.ID, r.what)
			}
			seen[r.what] = true
		}
	}
	for _, r := range rules {
		if _, ok := catalogue.Lookup(r.clause); !ok {
			t.Errorf("rule %q is on clause %s, which is not in the catalogue", r.what, r.clause)
		}
	}
	// The rules are in clause order, as the catalogue lists the clauses.
	order := map[string]int{}
	for i, c := range catalogue.Clauses() {
		order[c.ID] = i
	}
	for i := 1; i < len(rules); i++ {
		if order[rules[i].clause] < order[rules[i-1].clause] {
			t.Errorf("rule %s %q comes after clause %s", rules[i].clause, rules[i].what, rules[i-1].clause)
		}
	}
}

// On an empty workspace every rule finds nothing, and Suggest counts every check as a gap.
func TestSuggestEmptyWorkspace(t *testing.T) {
	s := openWorkspace(t)
	sg, err := New(s).Suggest(bg, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sg) != len(catalogue.AssessedClauses()) {
		t.Fatalf("%d suggestions, want one per requirement (%d)", len(sg), len(catalogue.AssessedClauses()))
	}
	checks := 0
	for i, s := range sg {
		if s.Clause != catalogue.AssessedClauses()[i].ID || s.Title == "" {
			t.Errorf("suggestion %d is for %s %q", i, s.Clause, s.Title)
		}
		if s.Gaps != len(s.Checks) || len(s.Proposed) != 0 {
			t.Errorf("clause %s: %d gaps of %d checks, proposed %v", s.Clause, s.Gaps, len(s.Checks), s.Proposed)
		}
		for _, c := range s.Checks {
			checks++
			if c.State != Missing || c.Text == "" {
				t.Errorf("clause %s %q: %s %q on an empty workspace", s.Clause, c.Rule, c.State, c.Text)
			}
		}
	}
	if checks != len(rules) {
		t.Errorf("%d checks, want one per rule (%d)", checks, len(rules))
	}
	if _, err := New(s).Suggest(bg, "", "8.9"); err == nil || !strings.Contains(err.Error(), `unknown clause "8.9"`) {
		t.Errorf("unknown clause: %v", err)
	}
}

// A check lists at most five records, the latest first, and counts them all.
func TestCheckListsTheLatestFive(t *testing.T) {
	f := newFx(t)
	var refs []string
	for m := 8; m >= 1; m-- {
		refs = append(refs, f.add("satisfaction", map[string]any{"surveyed_on": day(back(m))}).Ref)
	}
	f.add("satisfaction", map[string]any{"surveyed_on": day(back(20))})
	c := checkOf(t, f.s, "8.3.2", "customer satisfaction measured in the last 12 months")
	if c.State != OK || c.Total != 8 || len(c.Found) != shown {
		t.Fatalf("check %+v, want ok with 8 found, 5 listed", c)
	}
	for i, l := range c.Found {
		if want := refs[len(refs)-1-i]; l.Ref != want {
			t.Errorf("found[%d] = %s, want %s (the latest first)", i, l.Ref, want)
		}
	}
	if !strings.Contains(c.Text, "8 satisfaction surveys in the last 12 months") {
		t.Errorf("text %q", c.Text)
	}
}

// With an assessment, Suggest proposes the records found that the clause does not link yet.
func TestSuggestProposesWhatIsNotLinked(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a, err := w.Create(bg, NewInput{Title: "Gap 2025"})
	if err != nil {
		t.Fatal(err)
	}
	p1 := f.policy("sms", later, true)
	p2 := f.policy("sms", later, true)
	if _, err := w.Set(bg, a.Ref, "5.2.1", Change{AddEvidence: []string{p1.Ref}}); err != nil {
		t.Fatal(err)
	}
	sg, err := w.Suggest(bg, a.Ref, "5.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if got := sg[0].Proposed; len(got) != 1 || got[0].ID != p2.ID {
		t.Errorf("proposed %v, want only %s", got, p2.Ref)
	}
	if sg[0].Gaps != 0 {
		t.Errorf("gaps %d, want 0", sg[0].Gaps)
	}
	// 4.4 finds the same policy, but 4.4 links nothing: both are proposed there, once each.
	sg, err = w.Suggest(bg, a.Ref, "4.4")
	if err != nil {
		t.Fatal(err)
	}
	if got := sg[0].Proposed; len(got) != 2 {
		t.Errorf("4.4 proposed %v, want both policies", got)
	}
}

func TestLastPeriodEnd(t *testing.T) {
	for _, c := range []struct {
		now, period, want string
	}{
		{"2025-05-20", "monthly", "2025-04-30"},
		{"2025-05-01", "monthly", "2025-04-30"},
		{"2025-05-31", "monthly", "2025-04-30"},
		{"2025-03-15", "monthly", "2025-02-28"},
		{"2024-03-15", "monthly", "2024-02-29"},
		{"2025-01-10", "monthly", "2024-12-31"},
		{"2025-05-20", "quarterly", "2025-03-31"},
		{"2025-04-01", "quarterly", "2025-03-31"},
		{"2025-03-31", "quarterly", "2024-12-31"},
		{"2025-01-01", "quarterly", "2024-12-31"},
		{"2025-12-31", "quarterly", "2025-09-30"},
		{"2025-07-01", "quarterly", "2025-06-30"},
		{"2025-05-20", "yearly", "2024-12-31"},
		{"2025-01-01", "yearly", "2024-12-31"},
		{"2025-12-31", "yearly", "2024-12-31"},
	} {
		now, _ := time.Parse("2006-01-02", c.now)
		if got := lastPeriodEnd(now.Add(15*time.Hour), c.period); got != c.want {
			t.Errorf("lastPeriodEnd(%s, %s) = %s, want %s", c.now, c.period, got, c.want)
		}
	}
}

// A rule every record must pass lists only records that pass, however many fail.
func TestEachListsOnlyRecordsThatPass(t *testing.T) {
	f := newFx(t)
	good := f.incident(back(6), map[string]any{"major": true, "problem": f.one("problem")})
	for i := 0; i < 6; i++ {
		f.incident(back(1), map[string]any{"major": true})
	}
	c := checkOf(t, f.s, "8.6.1", "major incidents of the last 12 months linked to a problem")
	if c.State != Stale || c.Total != 1 || len(c.Found) != 1 || c.Found[0].ID != good.ID {
		t.Fatalf("check %+v, want stale with only %s found", c, good.Ref)
	}
	if !strings.HasPrefix(c.Text, "6 of 7 incidents fall short: ") || !strings.HasSuffix(c.Text, "; and 3 more") {
		t.Errorf("text %q", c.Text)
	}
	// Every record failing: none is found.
	f = newFx(t)
	for i := 0; i < 4; i++ {
		f.incident(back(1), map[string]any{"major": true})
	}
	c = checkOf(t, f.s, "8.6.1", "major incidents of the last 12 months linked to a problem")
	if c.State != Stale || c.Total != 0 || len(c.Found) != 0 {
		t.Errorf("check %+v, want stale with nothing found", c)
	}
}
