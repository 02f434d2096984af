package schema

import (
	"fmt"
	"strings"
)

// The working papers of an audit (ISO 19011 practice): the agenda's sessions, the checklist's
// answers, interviews, samples, and the signed versions of the report. Each is a record of its
// own that names its assessment, so that two auditors working on different clauses on two copies
// never edit the same record. Package audit owns what is done with them.

// Sample outcomes of one sampled record.
var sampleVerdicts = items("yes", "Conforms", "no", "Does not conform")

// AuditSession is one session of an audit's agenda: when, which clauses, with whom, where.
var AuditSession = &Kind{
	Name: "auditsession", Label: "Audit session", Plural: "Audit sessions", Prefix: "AUS", Group: GroupEvaluation,
	Clauses: []string{"9.2"}, SiteRefs: true,
	Fields: []Field{
		computed(listed(Field{Name: "title", Label: "Session", Type: Text, Searchable: true}), "the clauses and the auditee"),
		listed(required(Field{Name: "assessment", Label: "Assessment", Type: Ref, Ref: "assessment", Locked: true})),
		{Name: "at", Label: "Date and time", Type: DateTime, Required: true, InList: true, Indexed: true},
		{Name: "minutes", Label: "Duration", Type: Duration, Default: "60"},
		{Name: "clauses", Label: "Clauses", Type: Tags, Required: true, Enum: clauseItems()},
		{Name: "auditee", Label: "Auditee", Type: Text, Required: true, Searchable: true, InList: true},
		{Name: "auditor", Label: "Auditor", Type: Text, Searchable: true, InList: true},
		{Name: "place", Label: "Place", Type: Text, Searchable: true, Help: "the room or site; empty for a remote session"},
		{Name: "remote", Label: "Remote", Type: Bool},
		longText("notes", "Notes"),
	},
	Workflow: lifecycle("planned", states("planned", "Planned", "held", "Held", "cancelled", "Cancelled"),
		map[string][]string{"planned": {"held", "cancelled"}, "held": {"planned"}, "cancelled": {"planned"}}, "cancelled"),
	Compute: func(env Env, r *View) {
		r.Values["title"] = strings.Join(r.IDs("clauses"), ", ") + " with " + r.String("auditee")
	},
}

// Interview is what an auditor heard from a person, for the clauses it is evidence of.
var Interview = &Kind{
	Name: "interview", Label: "Interview", Plural: "Interviews", Prefix: "ITV", Group: GroupEvaluation,
	Clauses: []string{"9.2"}, SiteRefs: true,
	Fields: []Field{
		computed(listed(Field{Name: "title", Label: "Interview", Type: Text, Searchable: true}), "the person and their role"),
		listed(required(Field{Name: "assessment", Label: "Assessment", Type: Ref, Ref: "assessment", Locked: true})),
		{Name: "person", Label: "Person", Type: Text, Required: true, Searchable: true},
		{Name: "role", Label: "Role", Type: Text, Searchable: true},
		{Name: "at", Label: "When", Type: DateTime, Default: Now, InList: true},
		{Name: "clauses", Label: "Clauses", Type: Tags, Required: true, Enum: clauseItems()},
		{Name: "auditor", Label: "Auditor", Type: Text, Searchable: true},
		ref("session", "Session", "auditsession"),
		required(longText("notes", "Notes")),
	},
	Compute: func(env Env, r *View) {
		t := r.String("person")
		if role := r.String("role"); role != "" {
			t += " (" + role + ")"
		}
		r.Values["title"] = t
	},
}

// Sample is a sample drawn from a register for a clause, with the verdict on each sampled
// record. The population's filter, size and seed draw it again identically.
var Sample = &Kind{
	Name: "sample", Label: "Sample", Plural: "Samples", Prefix: "SMP", Group: GroupEvaluation,
	Clauses: []string{"9.2"}, SiteRefs: true,
	Fields: []Field{
		computed(listed(Field{Name: "title", Label: "Sample", Type: Text, Searchable: true}), "its size, register and clause"),
		listed(required(Field{Name: "assessment", Label: "Assessment", Type: Ref, Ref: "assessment", Locked: true})),
		{Name: "clause", Label: "Clause", Type: Enum, Required: true, InList: true, Locked: true, Enum: clauseItems()},
		{Name: "register", Label: "Register sampled", Type: Text, Required: true, Locked: true},
		{Name: "filter", Label: "Population", Type: Text, Locked: true, Help: "the conditions that made the population (FIELD=VALUE, …); empty: the whole register"},
		{Name: "population", Label: "Population size", Type: Integer, Locked: true},
		{Name: "population_sha256", Label: "Population fingerprint", Type: Text, Locked: true,
			Help: "sha256 of the population's record ids in order: a later draw with the same seed is identical while it is the same"},
		{Name: "size", Label: "Sample size", Type: Integer, Required: true, Locked: true},
		{Name: "seed", Label: "Seed", Type: Integer, Required: true, Locked: true},
		{Name: "drawn_by", Label: "Drawn by", Type: Text, Searchable: true},
		{Name: "items", Label: "Sampled records", Type: Table, Columns: []Field{
			{Name: "record", Label: "Record id", Type: Text, Required: true},
			{Name: "ref", Label: "Record", Type: Text, Required: true},
			{Name: "title", Label: "Title", Type: Text},
			{Name: "conforms", Label: "Conforms", Type: Enum, Enum: sampleVerdicts},
			{Name: "note", Label: "Why", Type: Text},
		}},
		computed(listed(Field{Name: "judged", Label: "Judged", Type: Integer}), "sampled records with a verdict"),
		computed(listed(Field{Name: "failed", Label: "Not conforming", Type: Integer}), "sampled records that do not conform"),
	},
	Check: func(env Env, r *View) error {
		for i, it := range r.Rows("items") {
			if note, _ := it["note"].(string); it["conforms"] == "no" && strings.TrimSpace(note) == "" {
				return Reject("items", "row %d (%v) does not conform: say why", i+1, it["ref"])
			}
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		judged, failed := 0, 0
		for _, it := range r.Rows("items") {
			switch it["conforms"] {
			case "yes":
				judged++
			case "no":
				judged, failed = judged+1, failed+1
			}
		}
		size, _ := r.Int("size")
		r.Values["title"] = fmt.Sprintf("%d %s records for %s", size, r.String("register"), r.String("clause"))
		r.Values["judged"], r.Values["failed"] = int64(judged), int64(failed)
	},
}

// CheckItem is one question of an audit's checklist: a question the catalogue generates (its
// Key names it), answered, or omitted for this audit; or a question the auditor added (no key).
var CheckItem = &Kind{
	Name: "checkitem", Label: "Checklist item", Plural: "Checklist items", Prefix: "CHK", Group: GroupEvaluation,
	Clauses: []string{"9.2"}, SiteRefs: true,
	Fields: []Field{
		{Name: "title", Label: "Question", Type: Text, Required: true, Searchable: true, InList: true},
		listed(required(Field{Name: "assessment", Label: "Assessment", Type: Ref, Ref: "assessment", Locked: true})),
		{Name: "clause", Label: "Clause", Type: Enum, Required: true, InList: true, Indexed: true, Locked: true, Enum: clauseItems()},
		{Name: "key", Label: "Generated question", Type: Text, Locked: true, Help: "the catalogue's question it answers (e1: its first evidence hint, r1: its first evidence rule); empty for a question added by the auditor"},
		{Name: "look_for", Label: "What to see", Type: LongText, Searchable: true},
		{Name: "answer", Label: "Answer", Type: Enum, InList: true, Enum: items("yes", "Yes, seen", "partly", "Partly", "no", "No")},
		longText("notes", "Notes"),
		{Name: "auditor", Label: "Auditor", Type: Text, Searchable: true},
		ref("session", "Session", "auditsession"),
		{Name: "omitted", Label: "Left out of this audit", Type: Bool},
	},
}

// AuditReport is a signed version of an audit's report: frozen (every field is given when it
// is signed and never changed), with the PDF and the workbook kept in the workspace by sha256.
// A change to the audit after it was signed makes the next version a draft again.
var AuditReport = &Kind{
	Name: "auditreport", Label: "Signed audit report", Plural: "Signed audit reports", Prefix: "ARP", Group: GroupEvaluation,
	Clauses: []string{"9.2"}, SiteRefs: true,
	Fields: []Field{
		computed(listed(Field{Name: "title", Label: "Report", Type: Text, Searchable: true}), "the assessment and the version"),
		listed(required(Field{Name: "assessment", Label: "Assessment", Type: Ref, Ref: "assessment", Locked: true})),
		{Name: "version", Label: "Version", Type: Integer, Required: true, InList: true, Locked: true},
		{Name: "signed_by", Label: "Signed by", Type: Text, Required: true, InList: true, Searchable: true, Locked: true},
		{Name: "signed_at", Label: "Signed at", Type: DateTime, Required: true, InList: true, Locked: true},
		{Name: "content_sha256", Label: "Content fingerprint", Type: Text, Required: true, Locked: true,
			Help: "sha256 of what the report says: the same until the audit's records change"},
		{Name: "pdf_sha256", Label: "PDF (sha256)", Type: Text, Required: true, Locked: true},
		{Name: "pdf_bytes", Label: "PDF size", Type: Integer, Locked: true},
		{Name: "xlsx_sha256", Label: "Workbook (sha256)", Type: Text, Locked: true},
	},
	Compute: func(env Env, r *View) {
		v, _ := r.Int("version")
		r.Values["title"] = fmt.Sprintf("Version %d signed by %s", v, r.String("signed_by"))
	},
}
