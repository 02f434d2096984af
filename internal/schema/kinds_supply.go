package schema

import "smsworkbench/internal/itsm"

// costCategories are what a cost is spent on; a budget line may name those it takes.
var costCategories = items("staff", "Staff", "hardware", "Hardware", "software", "Software and licences", "cloud", "Cloud and hosting",
	"supplier", "Supplier services", "facilities", "Facilities", "other", "Other")

// Budget is one budget line: what a service may cost in a period.
var Budget = &Kind{
	Name: "budget", Label: "Budget line", Plural: "Budgets", Prefix: "BUD", Group: GroupSupply,
	Clauses: []string{"5.1", "7.1", "8.4", "8.4.1"},
	Fields: []Field{
		title("Budget line"),
		listed(Field{Name: "service", Label: "Service", Type: Ref, Ref: "service", Indexed: true}),
		{Name: "period", Label: "Period", Type: Text, Required: true, InList: true, Indexed: true,
			Help: "a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-04)"},
		computed(date("period_start", "Period starts"), "first day of the period"),
		computed(date("period_end", "Period ends"), "last day of the period"),
		listed(required(Field{Name: "amount", Label: "Amount", Type: Money})),
		{Name: "category", Label: "Category", Type: Enum, Default: "opex", Enum: items("opex", "Operating", "capex", "Investment")},
		{Name: "covers", Label: "Cost categories it takes", Type: Tags, Enum: costCategories,
			Help: "the costs of these categories are charged to this line when a cost names no line; empty: any category no other line of the service takes"},
		owner("Budget holder"),
		longText("notes", "Notes"),
	},
	Workflow: lifecycle("draft", states("draft", "Draft", "approved", "Approved", "closed", "Closed"),
		map[string][]string{"draft": {"approved"}, "approved": {"draft", "closed"}}, "closed"),
	Check: func(env Env, r *View) error {
		if _, _, err := itsm.ParsePeriod(r.String("period")); err != nil {
			return Reject("period", "%v", err)
		}
		return nil
	},
	Compute: func(env Env, r *View) {
		first, last, err := itsm.ParsePeriod(r.String("period"))
		if err != nil {
			r.Values["period_start"], r.Values["period_end"] = nil, nil
			return
		}
		r.Values["period_start"], r.Values["period_end"] = first.Format(DateLayout), last.Format(DateLayout)
	},
}

// Cost is an actual cost of providing the services.
var Cost = &Kind{
	Name: "cost", Label: "Cost", Plural: "Costs", Prefix: "CST", Group: GroupSupply,
	Clauses: []string{"8.4.1"},
	Fields: []Field{
		title("Description"),
		listed(Field{Name: "service", Label: "Service", Type: Ref, Ref: "service", Indexed: true}),
		{Name: "incurred_on", Label: "Date", Type: Date, Required: true, Default: Now, InList: true, Indexed: true},
		listed(required(Field{Name: "amount", Label: "Amount", Type: Money})),
		{Name: "category", Label: "Category", Type: Enum, Default: "other", InList: true, Enum: costCategories},
		{Name: "budget", Label: "Budget line", Type: Ref, Ref: "budget",
			Help: "the line the cost is charged to; without one, the line of its service and date that takes its category"},
		ref("supplier", "Supplier", "supplier"),
		ref("contract", "Contract", "contract"),
		{Name: "invoice", Label: "Invoice", Type: Text, Searchable: true},
	},
	// A cost charged to a line must fit it: the line's service, period and currency.
	Check: func(env Env, r *View) error {
		line := env.Get(r.String("budget"))
		if line == nil {
			return nil
		}
		if svc := line.String("service"); svc != "" && svc != r.String("service") {
			return Reject("budget", "is the budget line %s of another service", line.Ref)
		}
		if on := r.String("incurred_on"); on != "" && line.String("period_start") != "" && (on < line.String("period_start") || on > line.String("period_end")) {
			return Reject("budget", "%s covers %s; the cost is dated %s", line.Ref, line.String("period"), on)
		}
		mine, _ := r.Values["amount"].(MoneyValue)
		theirs, _ := line.Values["amount"].(MoneyValue)
		if mine.Currency != "" && theirs.Currency != "" && mine.Currency != theirs.Currency {
			return Reject("budget", "%s is in %s; the cost is in %s", line.Ref, theirs.Currency, mine.Currency)
		}
		return nil
	},
	// The budget report sums the costs of a service in a period.
	Indexes: [][]string{{"service", "incurred_on", "amount"}},
}

// CapacityPlan plans the capacity and the demand of a service.
var CapacityPlan = &Kind{
	Name: "capacityplan", Label: "Capacity plan", Plural: "Capacity plans", Prefix: "CAP", Group: GroupSupply,
	Clauses: []string{"7.1", "8.4", "8.4.2", "8.4.3"},
	Fields: []Field{
		title("Plan"),
		listed(ref("service", "Service", "service")),
		{Name: "horizon", Label: "Planning horizon", Type: Text, Help: "for example 2026-H2 or the next 12 months"},
		{Name: "utilisation", Label: "Current peak utilisation (%)", Type: Number, InList: true},
		{Name: "threshold", Label: "Action threshold (%)", Type: Number, Default: 80.0},
		computed(listed(Field{Name: "over_threshold", Label: "Over threshold", Type: Bool}), "utilisation at or above the threshold"),
		longText("demand_forecast", "Demand forecast"),
		longText("current_capacity", "Current capacity and performance"),
		longText("planned_actions", "Planned actions"),
		owner("Owner"),
		listed(date("review_due", "Next review")),
	},
	Workflow: documentFlow(),
	Compute: func(env Env, r *View) {
		u, okU := r.Values["utilisation"].(float64)
		t, okT := r.Values["threshold"].(float64)
		if okU && okT {
			r.Values["over_threshold"] = u >= t
		} else {
			r.Values["over_threshold"] = nil
		}
	},
}
