package schema

import (
	"encoding/json"
	"strings"

	"smsworkbench/internal/itsm"
)

// Party is an interested party of the SMS and what it requires.
var Party = &Kind{
	Name: "party", Label: "Interested party", Plural: "Interested parties", Prefix: "IP", Group: GroupContext,
	Clauses: []string{"4.1", "4.2"},
	Fields: []Field{
		title("Name"),
		{Name: "party_type", Label: "Type", Type: Enum, Required: true, InList: true, Indexed: true,
			Enum: items("customer", "Customer", "user", "User", "supplier", "Supplier", "staff", "Staff",
				"owner", "Owner or shareholder", "regulator", "Regulator", "partner", "Partner", "other", "Other")},
		longText("requirements", "Requirements and expectations"),
		{Name: "influence", Label: "Influence", Type: Enum, Default: "medium", InList: true, Enum: levels},
		{Name: "contact", Label: "Contact", Type: Text, Searchable: true},
		listed(date("review_due", "Next review")),
	},
	Workflow: lifecycle("active", states("active", "Active", "inactive", "No longer relevant"),
		map[string][]string{"active": {"inactive"}, "inactive": {"active"}}, "inactive"),
}

// Policy is a controlled document of the SMS: a policy, the SMS scope or plan, a process or a
// procedure. Its life is draft, approved, retired; approval records who and when.
var Policy = &Kind{
	Name: "policy", Label: "Policy or document", Plural: "Policies and documents", Prefix: "POL", Group: GroupPlanning,
	Clauses: []string{"4.3", "4.4", "5.1", "5.2", "5.3", "6.3", "7.3", "7.5", "7.6", "8.1", "8.5.1", "8.5.1.1", "8.7.3.1"},
	Fields: []Field{
		title("Title"),
		{Name: "policy_type", Label: "Type", Type: Enum, Required: true, InList: true, Indexed: true,
			Enum: items("sms", "Service management policy", "scope", "SMS scope", "plan", "SMS plan",
				"change", "Change management policy", "security", "Information security policy",
				"continuity", "Service continuity policy", "supplier", "Supplier management policy",
				"capacity", "Capacity management policy", "release", "Release and deployment policy",
				"process", "Process description", "procedure", "Procedure or work instruction",
				"objectives", "Service management objectives", "catalogue", "Service catalogue", "sla", "Service level agreements",
				"knowledge", "Knowledge article", "other", "Other document")},
		{Name: "version", Label: "Version", Type: Text, InList: true},
		owner("Owner"),
		{Name: "approved_by", Label: "Approved by", Type: Text},
		date("approved_on", "Approved on"),
		{Name: "review_due", Label: "Next review", Type: Date, InList: true, Indexed: true},
		computed(Field{Name: "review_overdue", Label: "Review overdue", Type: Bool}, "the next review date has passed"),
		{Name: "body", Label: "Text", Type: LongText, Searchable: true, Help: "Markdown; the parts the workbench generates are marked and refreshed in place"},
		{Name: "template", Label: "Made from template", Type: Text, Locked: true},
		{Name: "change_note", Label: "Change note", Type: Text, Searchable: true, Help: "what this version changes"},
		{Name: "distribution", Label: "Distribution", Type: Text, Searchable: true},
	},
	Workflow: documentFlow(),
	Guard:    approvalGuard("policy"),
	Live:     reviewOverdue,
}

// approvalGuard refuses to approve a document without an approver and an approval date.
func approvalGuard(kind string) func(env Env, r *View, to string) error {
	return func(env Env, r *View, to string) error {
		if to == "approved" && (r.String("approved_by") == "" || r.String("approved_on") == "") {
			return Reject("approved_by", "must be set with approved_on before %s %s is approved", Word{Path: "kind." + kind + ".label", English: kind}, r.Ref)
		}
		return nil
	}
}

func reviewOverdue(env Env, r *View) {
	due := r.String("review_due")
	r.Values["review_overdue"] = due != "" && r.Status != "retired" && due < env.Now().UTC().Format(DateLayout)
}

// DocVersion is an approved version of a document, frozen: its text as approved, with its sha256,
// who approved it and when (package documents). The document's next draft is edited while this
// stays readable.
var DocVersion = &Kind{
	Name: "docversion", Label: "Approved document version", Plural: "Approved document versions", Prefix: "DOCV", Group: GroupPlanning,
	Clauses:  []string{"7.5.3"},
	SiteRefs: true,
	Fields: []Field{
		{Name: "title", Label: "Title", Type: Text, Required: true, Searchable: true, InList: true, Locked: true},
		listed(required(Field{Name: "document", Label: "Document", Type: Ref, Ref: "policy", Locked: true})),
		{Name: "version", Label: "Version", Type: Text, Required: true, InList: true, Locked: true},
		{Name: "body", Label: "Text as approved", Type: LongText, Locked: true},
		{Name: "sha256", Label: "SHA-256 of the text", Type: Text, Required: true, Locked: true},
		{Name: "approved_by", Label: "Approved by", Type: Text, Required: true, InList: true, Locked: true},
		{Name: "approved_on", Label: "Approved on", Type: Date, Required: true, InList: true, Locked: true},
		{Name: "change_note", Label: "Change note", Type: Text, Locked: true},
	},
}

// Objective is a measurable objective of the SMS, with its target and its actual.
var Objective = &Kind{
	Name: "objective", Label: "Objective", Plural: "Objectives", Prefix: "OBJ", Group: GroupPlanning,
	Clauses: []string{"6.2", "9.1", "5.1"},
	Fields: []Field{
		title("Objective"),
		longText("description", "Description"),
		{Name: "measure", Label: "Measure", Type: Text, Required: true, Searchable: true, Help: "how it is measured, for example monthly availability of the web shop"},
		{Name: "unit", Label: "Unit", Type: Text, Default: "%"},
		{Name: "direction", Label: "Better is", Type: Enum, Required: true, Default: "higher",
			Enum: items("higher", "Higher", "lower", "Lower")},
		listed(required(Field{Name: "target", Label: "Target", Type: Number})),
		listed(Field{Name: "actual", Label: "Actual", Type: Number}),
		ref("service", "Service", "service"),
		owner("Owner"),
		listed(date("due", "Due")),
		computed(listed(Field{Name: "achieved", Label: "Achieved", Type: Bool}), "actual meets target"),
		computed(Field{Name: "gap", Label: "Gap to target", Type: Number}, "actual minus target, positive when ahead"),
	},
	Workflow: lifecycle("draft", states("draft", "Draft", "active", "Active", "closed", "Closed"),
		map[string][]string{"draft": {"active", "closed"}, "active": {"closed"}, "closed": {"active"}}, "closed"),
	Compute: func(env Env, r *View) {
		target, okT := r.Values["target"].(float64)
		actual, okA := r.Values["actual"].(float64)
		if !okT || !okA {
			r.Values["achieved"], r.Values["gap"] = nil, nil
			return
		}
		achieved, gap := itsm.ObjectiveResult(r.String("direction"), target, actual)
		r.Values["achieved"], r.Values["gap"] = achieved, gap
	},
}

var likelihood5 = items("1", "Rare", "2", "Unlikely", "3", "Possible", "4", "Likely", "5", "Almost certain")
var impact5 = items("1", "Negligible", "2", "Minor", "3", "Moderate", "4", "Major", "5", "Severe")
var riskLevels = items("low", "Low", "medium", "Medium", "high", "High", "critical", "Critical")

// Risk is a risk to the services or the SMS (information security risks included), scored
// likelihood x impact before and after treatment.
var Risk = &Kind{
	Name: "risk", Label: "Risk", Plural: "Risks", Prefix: "RSK", Group: GroupPlanning,
	Clauses: []string{"4.1", "6.1", "8.7.1", "8.7.2", "8.7.3", "8.7.3.2"},
	Fields: []Field{
		title("Risk"),
		longText("description", "Description"),
		{Name: "category", Label: "Category", Type: Enum, Required: true, Default: "service", InList: true, Indexed: true,
			Enum: items("service", "Service", "security", "Information security", "continuity", "Continuity",
				"supplier", "Supplier", "financial", "Financial", "compliance", "Compliance", "sms", "SMS")},
		ref("service", "Service", "service"),
		owner("Risk owner"),
		{Name: "likelihood", Label: "Likelihood", Type: Integer, Enum: likelihood5, Required: true, Default: int64(3)},
		{Name: "impact", Label: "Impact", Type: Integer, Enum: impact5, Required: true, Default: int64(3)},
		computed(listed(Field{Name: "score", Label: "Score", Type: Integer, Indexed: true}), "likelihood x impact"),
		computed(listed(Field{Name: "level", Label: "Level", Type: Enum, Enum: riskLevels}), "from the score: 1-4 low, 5-9 medium, 10-16 high, 20-25 critical"),
		{Name: "treatment", Label: "Treatment", Type: Enum, InList: true,
			Enum: items("reduce", "Reduce", "avoid", "Avoid", "transfer", "Transfer", "accept", "Accept")},
		longText("treatment_plan", "Treatment plan"),
		{Name: "controls", Label: "Controls", Type: Refs, Ref: "securitycontrol"},
		{Name: "residual_likelihood", Label: "Residual likelihood", Type: Integer, Enum: likelihood5},
		{Name: "residual_impact", Label: "Residual impact", Type: Integer, Enum: impact5},
		computed(Field{Name: "residual_score", Label: "Residual score", Type: Integer}, "residual likelihood x residual impact"),
		listed(date("review_due", "Next review")),
	},
	Workflow: lifecycle("identified",
		states("identified", "Identified", "assessed", "Assessed", "treating", "In treatment", "monitored", "Monitored", "closed", "Closed"),
		map[string][]string{"identified": {"assessed", "closed"}, "assessed": {"treating", "monitored", "closed"},
			"treating": {"monitored", "closed"}, "monitored": {"treating", "closed"}, "closed": {"monitored"}}, "closed"),
	Guard: func(env Env, r *View, to string) error {
		if to == "monitored" && r.String("treatment") == "" {
			return Reject("treatment", "must be chosen before risk %s is monitored", r.Ref)
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		l, _ := r.Int("likelihood")
		i, _ := r.Int("impact")
		if score, level, ok := itsm.RiskScore(l, i); ok {
			r.Values["score"], r.Values["level"] = score, level
		} else {
			r.Values["score"], r.Values["level"] = nil, nil
		}
		rl, _ := r.Int("residual_likelihood")
		ri, _ := r.Int("residual_impact")
		if score, _, ok := itsm.RiskScore(rl, ri); ok {
			r.Values["residual_score"] = score
		} else {
			r.Values["residual_score"] = nil
		}
	},
}

// ImportProfilePrefix begins the name of a setting that keeps an import's column mapping.
const ImportProfilePrefix = "import profile: "

// Setting is one workspace setting, such as the priority matrix. Settings are records so that
// they have a history and travel in sync bundles like everything else; they are not listed in
// the navigation.
var Setting = &Kind{
	Name: "setting", Label: "Setting", Plural: "Settings", Prefix: "SET",
	Fields: []Field{
		{Name: "title", Label: "Name", Type: Text, Required: true, InList: true, Locked: true},
		{Name: "value", Label: "Value (JSON)", Type: LongText, Required: true},
	},
	Check: func(env Env, r *View) error {
		value := r.String("value")
		if !json.Valid([]byte(value)) {
			return Reject("value", "must be JSON")
		}
		switch title := r.String("title"); {
		case title == itsm.MatrixSetting:
			if _, err := itsm.ParseMatrix(value); err != nil {
				return Reject("value", "%v", err)
			}
		case strings.HasPrefix(title, ImportProfilePrefix) && strings.TrimSpace(title[len(ImportProfilePrefix):]) != "":
			var profile struct {
				Kind string   `json:"kind"`
				Maps []string `json:"maps"`
			}
			if json.Unmarshal([]byte(value), &profile) != nil || profile.Kind == "" {
				return Reject("value", `must be an import profile: {"kind": KIND, "maps": ["Column=field", ...]}`)
			}
		default:
			return Reject("title", "%q is not a setting (settings: %s, %sNAME)", title, itsm.MatrixSetting, ImportProfilePrefix)
		}
		if other := clashes(env, r, "title"); other != nil {
			return Reject("title", "setting %q exists already as %s", r.String("title"), other.Ref)
		}
		return nil
	},
}
