package compliance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// Stage1 is the stage-1 checklist of an assessment: the documented information ISO/IEC
// 20000-1:2018 requires (7.5.4 and the records named in clauses 7 to 10) and, for each,
// whether the workspace holds it and the records that show it. It reads the workspace as it
// is today (AsOf), whatever the assessment's dates.
type Stage1 struct {
	Assessment store.Link   `json:"assessment"`
	AsOf       string       `json:"as_of"`
	Items      []Stage1Item `json:"items"`
	Held       int          `json:"held"`    // held (current or not) or attached
	Current    int          `json:"current"` // of them, held and current
	None       int          `json:"none"`    // no instance, or none recorded of events that need not happen
	Missing    int          `json:"missing"`
}

// Stage1Item is one piece of required documented information.
type Stage1Item struct {
	Clause string `json:"clause"` // the requirement that asks for it
	Type   string `json:"type"`   // document (maintained) or record (retained)
	What   string `json:"what"`
	// State: held (approved and current, or records of the last 12 months), not_current (past
	// its review date, only older records, or some records fall short), attached (held outside
	// the workspace: a file attached to the clause's result), no_instance (the clause's result
	// says none occurred in the period), none_recorded (records of events that may not have
	// happened, such as complaints or disputes: none is no gap, but the auditor asks) or missing.
	State  string       `json:"state"`
	Text   string       `json:"text"`
	Total  int          `json:"total"`
	Found  []store.Link `json:"found"`
	Result string       `json:"result_ref,omitempty"` // the clause result whose files or decision count
}

// Stage-1 states.
const (
	DocHeld       = "held"
	DocNotCurrent = "not_current"
	DocAttached   = "attached"
	DocNoInstance = "no_instance"
	DocNone       = "none_recorded"
	DocMissing    = "missing"
)

// Kinds of documented information: a document is maintained (kept current and approved), a
// record retained (evidence that something was done).
const (
	document = "document"
	record   = "record"
)

// requiredDoc is one entry of the checklist: where the standard asks for it, and where the
// workspace keeps it (none: no register holds it, a file attached to the clause shows it).
type requiredDoc struct {
	clause string
	typ    string
	what   string
	need   *need
	// event: records of events that need not happen (complaints, disputes, security incidents,
	// nonconformities); none of them is no missing documented information.
	event bool
}

func doc(clause, what string, n need) requiredDoc {
	return requiredDoc{clause: clause, typ: document, what: what, need: &n}
}
func rec(clause, what string, n need) requiredDoc {
	return requiredDoc{clause: clause, typ: record, what: what, need: &n}
}

// kept outside every register of the workspace: an attached file shows it.
func outside(clause, what string) requiredDoc {
	return requiredDoc{clause: clause, typ: record, what: what}
}

// ifAny marks records of events that need not happen.
func ifAny(d requiredDoc) requiredDoc {
	d.event = true
	return d
}

// requiredDocs is the checklist, in clause order: 7.5.4 a) to k) where each document's own
// requirement sits, and the records that clauses 7 to 10 ask to retain. The wording is ours.
var requiredDocs = []requiredDoc{
	doc("4.3", "scope of the SMS", approvedPolicy("scope", "approved scope statements")),
	doc("4.4", "descriptions of the SMS processes", approvedPolicy("process", "approved process descriptions")),
	doc("5.2.1", "service management policy", approvedPolicy("sms", "approved service management policies")),
	doc("6.1", "risks and opportunities, and their treatment", need{kind: "risk", where: []store.Filter{ne("status", "closed")}, review: true, noun: "risks"}),
	doc("6.2.1", "service management objectives", need{kind: "objective", where: []store.Filter{eq("status", "active")}, noun: "active objectives"}),
	doc("6.3", "service management plan", approvedPolicy("plan", "approved SMS plans")),
	outside("7.2", "evidence of competence (training, qualifications, experience)"),
	doc("7.5.4", "procedures the standard asks for", approvedPolicy("procedure", "approved procedures")),
	doc("8.2.2", "service requirements (each live service's requirements written down)", need{kind: "service", where: []store.Filter{eq("status", "live"), set("requirements")}, noun: "live services with their requirements"}),
	doc("8.2.4", "service catalogue", need{kind: "service", where: []store.Filter{eq("status", "live")}, noun: "live services"}),
	rec("8.2.6", "configuration information (configuration items)", need{kind: "ci", where: []store.Filter{ne("status", "retired")}, noun: "configuration items"}),
	ifAny(rec("8.3.2", "complaints", recent("complaint", "received_at", "complaints"))),
	doc("8.3.3", "service level agreements", need{kind: "sla", where: []store.Filter{eq("status", "agreed")}, review: true, noun: "agreed SLAs"}),
	doc("8.3.4.1", "contracts with external suppliers", inForce(ne("contract_type", "ola"))),
	ifAny(outside("8.3.4.1", "contractual disputes with suppliers")),
	doc("8.3.4.2", "agreements with internal suppliers and customers acting as suppliers", inForce(eq("contract_type", "ola"))),
	doc("8.4.3", "capacity plan", need{kind: "capacityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved capacity plans"}),
	doc("8.5.1.1", "change management policy", approvedPolicy("change", "approved change management policies")),
	rec("8.5.1.2", "requests for change", recent("change", "created_at", "requests for change")),
	rec("8.6.1", "incidents", recent("incident", "opened_at", "incidents")),
	rec("8.6.2", "service requests", recent("request", "opened_at", "service requests")),
	ifAny(rec("8.6.3", "problems", recent("problem", "created_at", "problems"))),
	ifAny(rec("8.6.3", "known errors", need{kind: "knownerror", noun: "known errors"})),
	doc("8.7.1", "availability requirements and targets", need{kind: "availabilityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved availability plans"}),
	rec("8.7.1", "availability monitoring results", need{kind: "availabilityplan", where: []store.Filter{eq("status", "approved"), set("measured")}, noun: "availability plans with a measured value"}),
	doc("8.7.2", "service continuity plans", need{kind: "continuityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: "approved continuity plans"}),
	rec("8.7.2", "results of continuity tests", recent("continuitytest", "performed_on", "continuity tests done", eq("status", "done"))),
	doc("8.7.3.1", "information security policy", approvedPolicy("security", "approved information security policies")),
	ifAny(rec("8.7.3.3", "information security incidents", recent("incident", "opened_at", "information security incidents", eq("security", true)))),
	rec("9.1", "monitoring and measurement results (service reports)", recent("servicereport", "period_end", "issued service reports", eq("status", "issued"))),
	doc("9.2", "the audit programme", need{kind: "audit", where: []store.Filter{eq("audit_type", "internal"), ne("status", "cancelled")}, noun: "internal audits in the programme"}),
	rec("9.2", "audit results", recent("audit", "performed_on", "internal audits reported", eq("audit_type", "internal"),
		ne("status", "planned"), ne("status", "in_progress"), ne("status", "cancelled"))),
	rec("9.3", "results of management reviews", heldReview()),
	ifAny(rec("10.1", "nonconformities and the actions taken", need{kind: "nonconformity", noun: "nonconformities"})),
	ifAny(rec("10.1", "results of corrective actions", need{kind: "action", where: []store.Filter{eq("action_type", "corrective"), set("effective")}, noun: "corrective actions checked for effectiveness"})),
	rec("10.2", "opportunities for improvement", recent("improvement", "created_at", "improvements")),
}

func init() {
	for _, d := range requiredDocs {
		if c, ok := catalogue.Lookup(d.clause); !ok || c.Rollup {
			panic("compliance: the stage-1 checklist names " + d.clause + ", which is no requirement of the catalogue")
		}
	}
}

// Stage1 checks the documented information the standard requires against the workspace today,
// and against the assessment's clause results: a file attached to the clause counts as held
// outside the workspace, a result of "no instance in the period" as a decision for records.
func (w *Workbench) Stage1(ctx context.Context, key string) (*Stage1, error) {
	a, err := w.Show(ctx, key)
	if err != nil {
		return nil, err
	}
	return w.stage1(ctx, a, w.s.Now())
}

func (w *Workbench) stage1(ctx context.Context, a *Assessment, now time.Time) (*Stage1, error) {
	results := map[string]ClauseResult{}
	for _, c := range a.Clauses {
		results[c.Clause] = c
	}
	q := &query{ctx: ctx, s: w.s, now: now}
	out := &Stage1{Assessment: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title, Kind: "assessment"}, AsOf: q.today(), Items: []Stage1Item{}}
	for _, d := range requiredDocs {
		it := Stage1Item{Clause: d.clause, Type: d.typ, What: d.what, Found: []store.Link{}}
		if d.need == nil {
			it.State, it.Text = DocMissing, "no register of the workspace holds it: attach it to "+d.clause+" as a file"
		} else {
			c := d.need.check(q, rule{clause: d.clause, what: d.what})
			it.Total, it.Found = c.Total, c.Found
			switch c.State {
			case OK:
				it.State, it.Text = DocHeld, c.Text
			case Stale:
				it.State, it.Text = DocNotCurrent, c.Text
			default:
				it.State, it.Text = DocMissing, notHeld(q, *d.need)
			}
		}
		if it.State == DocMissing {
			settle(&it, results[d.clause])
		}
		if it.State == DocMissing && d.event {
			it.State = DocNone
			it.Text = "none recorded: if none occurred in the period, the auditor notes it under " + d.clause
			if d.need == nil {
				it.Text = "no register of the workspace holds them: attach them to " + d.clause + ", or the auditor notes there that none occurred"
			}
		}
		switch it.State {
		case DocMissing:
			out.Missing++
		case DocHeld:
			out.Held++
			out.Current++
		case DocNotCurrent, DocAttached:
			out.Held++
		default:
			out.None++
		}
		out.Items = append(out.Items, it)
	}
	if q.err != nil {
		return nil, q.err
	}
	return out, nil
}

// notHeld says why a document is missing: none at all, or only some not approved yet.
func notHeld(q *query, n need) string {
	var rest []store.Filter
	for _, f := range n.where {
		if f.Field != "status" {
			rest = append(rest, f)
		}
	}
	if len(rest) == len(n.where) {
		return "none found"
	}
	others := q.list(n.kind, "", 3, rest...)
	if others.Total == 0 {
		return "none found"
	}
	var refs []string
	for _, r := range others.Records {
		refs = append(refs, r.Ref+" ("+r.Status+")")
	}
	return fmt.Sprintf("none in the required state; %d other: %s", others.Total, strings.Join(refs, ", "))
}

// settle looks at the assessment's result for the clause: a file attached there holds the
// documented information outside the workspace; for records, "no instance in the period" is the
// auditor's decision that none could exist.
func settle(it *Stage1Item, cr ClauseResult) {
	if cr.Ref == "" || cr.Carried { // a result carried forward is not yet the auditor's word
		return
	}
	switch {
	case len(cr.Files) > 0:
		var names []string
		for _, f := range cr.Files {
			names = append(names, f.Name)
		}
		it.State, it.Result = DocAttached, cr.Ref
		it.Text = fmt.Sprintf("held outside the workspace: %s attached to %s (%s)", strings.Join(names, ", "), cr.Clause, cr.Ref)
	case it.Type == record && cr.Result == catalogue.NoInstance:
		it.State, it.Result = DocNoInstance, cr.Ref
		it.Text = fmt.Sprintf("no instance in the period, as %s records for %s", cr.Ref, cr.Clause)
	}
}

// missingDocs are the checklist's missing items as the readiness method takes them.
func (s *Stage1) missingDocs() []catalogue.MissingDoc {
	var out []catalogue.MissingDoc
	for _, it := range s.Items {
		if it.State == DocMissing {
			out = append(out, catalogue.MissingDoc{Clause: it.Clause, What: it.What})
		}
	}
	return out
}
