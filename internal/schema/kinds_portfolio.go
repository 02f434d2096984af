package schema

import (
	"fmt"
	"strings"

	"smsworkbench/internal/itsm"
)

// Service is an entry of the service catalogue and portfolio.
var Service = &Kind{
	Name: "service", Label: "Service", Plural: "Services", Prefix: "SVC", Group: GroupPortfolio,
	Clauses: []string{"4.3", "8.2", "8.2.1", "8.2.2", "8.2.4", "8.4.1", "8.5.2", "8.5.2.1", "8.5.2.2", "8.5.2.3", "8.6.2"},
	Fields: []Field{
		title("Name"),
		longText("description", "Description"),
		owner("Service owner"),
		{Name: "service_type", Label: "Type", Type: Enum, Default: "customer", InList: true,
			Enum: items("customer", "Customer-facing", "supporting", "Supporting", "internal", "Internal")},
		{Name: "criticality", Label: "Criticality", Type: Enum, Default: "medium", InList: true, Indexed: true, Enum: levels},
		{Name: "customers", Label: "Customers", Type: Refs, Ref: "customer"},
		{Name: "cis", Label: "Depends on CIs", Type: Refs, Ref: "ci", Help: "the configuration items the service needs; impact analysis starts from them"},
		{Name: "hours", Label: "Service hours", Type: Text, Help: "for example Mon-Fri 08:00-18:00"},
		{Name: "availability_target", Label: "Availability target (%)", Type: Number},
		longText("requirements", "Service requirements"),
	},
	Workflow: lifecycle("pipeline", states("pipeline", "Pipeline", "live", "Live", "retired", "Retired"),
		map[string][]string{"pipeline": {"live", "retired"}, "live": {"retired"}, "retired": {"live"}}, "retired"),
}

// CI is a configuration item of the CMDB.
var CI = &Kind{
	Name: "ci", Label: "Configuration item", Plural: "Configuration items", Prefix: "CI", Group: GroupPortfolio,
	Clauses: []string{"8.2.5", "8.2.6", "8.5.1", "8.5.3", "8.6.1"},
	Fields: []Field{
		title("Name"),
		{Name: "ci_type", Label: "Type", Type: Enum, Required: true, InList: true, Indexed: true,
			Enum: items("hardware", "Hardware", "server", "Server", "virtual", "Virtual machine",
				"software", "Software", "application", "Application", "network", "Network",
				"database", "Database", "cloud", "Cloud resource", "facility", "Facility",
				"document", "Document", "component", "Service component")},
		owner("Owner"),
		{Name: "criticality", Label: "Criticality", Type: Enum, Default: "medium", Enum: levels},
		{Name: "location", Label: "Location", Type: Text, Searchable: true},
		{Name: "identifier", Label: "Serial / identifier", Type: Text, Searchable: true},
		{Name: "version", Label: "Version", Type: Text, InList: true},
		ref("supplier", "Supplier", "supplier"),
		longText("description", "Description"),
	},
	Workflow: lifecycle("planned",
		states("planned", "Planned", "active", "Active", "maintenance", "In maintenance", "retired", "Retired"),
		map[string][]string{"planned": {"active", "retired"}, "active": {"maintenance", "retired"},
			"maintenance": {"active", "retired"}}, "retired"),
}

var relationTypes = items(itsm.DependsOn, "depends on", itsm.RunsOn, "runs on", itsm.Contains, "contains",
	itsm.ConnectedTo, "is connected to", itsm.BacksUp, "backs up")

// label returns the label of an enum value, or the value when it has none.
func label(enum []EnumItem, value string) string {
	for _, e := range enum {
		if e.Value == value {
			return e.Label
		}
	}
	return value
}

// CIRel is a typed relationship between two configuration items.
var CIRel = &Kind{
	Name: "cirel", Label: "CI relationship", Plural: "CI relationships", Prefix: "CIR", Group: GroupPortfolio,
	Clauses: []string{"8.2.5", "8.2.6", "8.5.1"},
	Fields: []Field{
		computed(listed(Field{Name: "title", Label: "Relationship", Type: Text, Searchable: true}), "from its ends and type"),
		listed(required(Field{Name: "from", Label: "From CI", Type: Ref, Ref: "ci"})),
		{Name: "type", Label: "Type", Type: Enum, Required: true, InList: true, Enum: relationTypes},
		listed(required(Field{Name: "to", Label: "To CI", Type: Ref, Ref: "ci"})),
		longText("description", "Description"),
	},
	// The CMDB graph (package cmdb) reads every relationship of the types that carry a failure
	// from this index alone.
	Indexes: [][]string{{"type", "from", "to"}},
	Reads:   []string{"from", "to"},
	Check: func(env Env, r *View) error {
		if r.String("from") == r.String("to") {
			return Reject("to", "must be another CI than from")
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		name := func(id string) string {
			if v := env.Get(id); v != nil {
				return v.String("title")
			}
			return "?"
		}
		r.Values["title"] = fmt.Sprintf("%s %s %s", name(r.String("from")), label(relationTypes, r.String("type")), name(r.String("to")))
	},
}

// Baseline is a snapshot of the CMDB taken at one moment, kept to compare with later.
var Baseline = &Kind{
	Name: "baseline", Label: "CMDB baseline", Plural: "CMDB baselines", Prefix: "BSL", Group: GroupPortfolio,
	Clauses: []string{"8.2.6", "8.5.1"},
	Fields: []Field{
		title("Name"),
		longText("description", "Description"),
		{Name: "taken_at", Label: "Taken at", Type: DateTime, InList: true, Locked: true, Default: Now},
		{Name: "ci_count", Label: "CIs", Type: Integer, InList: true, Locked: true},
		{Name: "rel_count", Label: "Relationships", Type: Integer, InList: true, Locked: true},
		{Name: "snapshot", Label: "Snapshot (sha256)", Type: Text, Required: true, Locked: true,
			Help: "the stored snapshot; taken by smsworkbench baseline create NAME"},
	},
	Check: func(env Env, r *View) error {
		if len(r.String("snapshot")) != 64 || strings.Trim(r.String("snapshot"), "0123456789abcdef") != "" {
			return Reject("snapshot", "must name a stored snapshot: take a baseline with smsworkbench baseline create NAME")
		}
		return nil
	},
}
