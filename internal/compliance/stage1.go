package compliance

import (
	"context"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
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
	doc("4.3", i18n.Mark("scope of the SMS"), approvedPolicy("scope", i18n.Mark("approved scope statements"))),
	doc("4.4", i18n.Mark("descriptions of the SMS processes"), approvedPolicy("process", i18n.Mark("approved process descriptions"))),
	doc("5.2.1", i18n.Mark("service management policy"), approvedPolicy("sms", i18n.Mark("approved service management policies"))),
	doc("6.1", i18n.Mark("risks and opportunities, and their treatment"), need{kind: "risk", where: []store.Filter{ne("status", "closed")}, review: true, noun: i18n.Mark("risks")}),
	doc("6.2.1", i18n.Mark("service management objectives"), need{kind: "objective", where: []store.Filter{eq("status", "active")}, noun: i18n.Mark("active objectives")}),
	doc("6.3", i18n.Mark("service management plan"), approvedPolicy("plan", i18n.Mark("approved SMS plans"))),
	outside("7.2", i18n.Mark("evidence of competence (training, qualifications, experience)")),
	doc("7.5.4", i18n.Mark("procedures the standard asks for"), approvedPolicy("procedure", i18n.Mark("approved procedures"))),
	doc("8.2.2", i18n.Mark("service requirements (each live service's requirements written down)"), need{kind: "service", where: []store.Filter{eq("status", "live"), set("requirements")}, noun: i18n.Mark("live services with their requirements")}),
	doc("8.2.4", i18n.Mark("service catalogue"), need{kind: "service", where: []store.Filter{eq("status", "live")}, noun: i18n.Mark("live services")}),
	rec("8.2.6", i18n.Mark("configuration information (configuration items)"), need{kind: "ci", where: []store.Filter{ne("status", "retired")}, noun: i18n.Mark("configuration items")}),
	ifAny(rec("8.3.2", i18n.Mark("complaints"), recent("complaint", "received_at", i18n.Mark("complaints")))),
	doc("8.3.3", i18n.Mark("service level agreements"), need{kind: "sla", where: []store.Filter{eq("status", "agreed")}, review: true, noun: i18n.Mark("agreed SLAs")}),
	doc("8.3.4.1", i18n.Mark("contracts with external suppliers"), inForce(ne("contract_type", "ola"))),
	ifAny(outside("8.3.4.1", i18n.Mark("contractual disputes with suppliers"))),
	doc("8.3.4.2", i18n.Mark("agreements with internal suppliers and customers acting as suppliers"), inForce(eq("contract_type", "ola"))),
	doc("8.4.3", i18n.Mark("capacity plan"), need{kind: "capacityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved capacity plans")}),
	doc("8.5.1.1", i18n.Mark("change management policy"), approvedPolicy("change", i18n.Mark("approved change management policies"))),
	rec("8.5.1.2", i18n.Mark("requests for change"), recent("change", "created_at", i18n.Mark("requests for change"))),
	rec("8.6.1", i18n.Mark("incidents"), recent("incident", "opened_at", i18n.Mark("incidents"))),
	rec("8.6.2", i18n.Mark("service requests"), recent("request", "opened_at", i18n.Mark("service requests"))),
	ifAny(rec("8.6.3", i18n.Mark("problems"), recent("problem", "created_at", i18n.Mark("problems")))),
	ifAny(rec("8.6.3", i18n.Mark("known errors"), need{kind: "knownerror", noun: i18n.Mark("known errors")})),
	doc("8.7.1", i18n.Mark("availability requirements and targets"), need{kind: "availabilityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved availability plans")}),
	rec("8.7.1", i18n.Mark("availability monitoring results"), need{kind: "availabilityplan", where: []store.Filter{eq("status", "approved"), set("measured")}, noun: i18n.Mark("availability plans with a measured value")}),
	doc("8.7.2", i18n.Mark("service continuity plans"), need{kind: "continuityplan", where: []store.Filter{eq("status", "approved")}, review: true, noun: i18n.Mark("approved continuity plans")}),
	rec("8.7.2", i18n.Mark("results of continuity tests"), recent("continuitytest", "performed_on", i18n.Mark("continuity tests done"), eq("status", "done"))),
	doc("8.7.3.1", i18n.Mark("information security policy"), approvedPolicy("security", i18n.Mark("approved information security policies"))),
	ifAny(rec("8.7.3.3", i18n.Mark("information security incidents"), recent("incident", "opened_at", i18n.Mark("information security incidents"), eq("security", true)))),
	rec("9.1", i18n.Mark("monitoring and measurement results (service reports)"), recent("servicereport", "period_end", i18n.Mark("issued service reports"), eq("status", "issued"))),
	doc("9.2", i18n.Mark("the audit programme"), need{kind: "audit", where: []store.Filter{eq("audit_type", "internal"), ne("status", "cancelled")}, noun: i18n.Mark("internal audits in the programme")}),
	rec("9.2", i18n.Mark("audit results"), recent("audit", "performed_on", i18n.Mark("internal audits reported"), eq("audit_type", "internal"),
		ne("status", "planned"), ne("status", "in_progress"), ne("status", "cancelled"))),
	rec("9.3", i18n.Mark("results of management reviews"), heldReview()),
	ifAny(rec("10.1", i18n.Mark("nonconformities and the actions taken"), need{kind: "nonconformity", noun: i18n.Mark("nonconformities")})),
	ifAny(rec("10.1", i18n.Mark("results of corrective actions"), need{kind: "action", where: []store.Filter{eq("action_type", "corrective"), set("effective")}, noun: i18n.Mark("corrective actions checked for effectiveness")})),
	rec("10.2", i18n.Mark("opportunities for improvement"), recent("improvement", "created_at", i18n.Mark("improvements"))),
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
	q := &query{ctx: ctx, s: w.s, now: now, lang: i18n.Lang(ctx)}
	out := &Stage1{Assessment: store.Link{ID: a.ID, Ref: a.Ref, Title: a.Title, Kind: "assessment"}, AsOf: q.today(), Items: []Stage1Item{}}
	for _, d := range requiredDocs {
		it := Stage1Item{Clause: d.clause, Type: d.typ, What: q.tr(d.what), Found: []store.Link{}}
		if d.need == nil {
			it.State, it.Text = DocMissing, q.tr("no register of the workspace holds it: attach it to %s as a file", d.clause)
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
			settle(q, &it, results[d.clause])
		}
		if it.State == DocMissing && d.event {
			it.State = DocNone
			it.Text = q.tr("none recorded: if none occurred in the period, the auditor notes it under %s", d.clause)
			if d.need == nil {
				it.Text = q.tr("no register of the workspace holds them: attach them to %s, or the auditor notes there that none occurred", d.clause)
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
		return q.tr("none found")
	}
	others := q.list(n.kind, "", 3, rest...)
	if others.Total == 0 {
		return q.tr("none found")
	}
	var refs []string
	for _, r := range others.Records {
		refs = append(refs, r.Ref+" ("+q.state(r)+")")
	}
	return q.tr("none in the required state; %d other: %s", others.Total, strings.Join(refs, ", "))
}

// settle looks at the assessment's result for the clause: a file attached there holds the
// documented information outside the workspace; for records, "no instance in the period" is the
// auditor's decision that none could exist.
func settle(q *query, it *Stage1Item, cr ClauseResult) {
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
		it.Text = q.tr("held outside the workspace: %s attached to %s (%s)", strings.Join(names, ", "), cr.Clause, cr.Ref)
	case it.Type == record && cr.Result == catalogue.NoInstance:
		it.State, it.Result = DocNoInstance, cr.Ref
		it.Text = q.tr("no instance in the period, as %s records for %s", cr.Ref, cr.Clause)
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
