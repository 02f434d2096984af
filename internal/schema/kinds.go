package schema

import "slices"

// Navigation groups, in the order ISO/IEC 20000-1 arranges the SMS.
const (
	GroupContext     = "Context and leadership"
	GroupPlanning    = "Planning and support"
	GroupPortfolio   = "Service portfolio"
	GroupRelation    = "Relationship and agreement"
	GroupSupply      = "Supply and demand"
	GroupTransition  = "Design, build and transition"
	GroupResolution  = "Resolution and fulfilment"
	GroupAssurance   = "Service assurance"
	GroupEvaluation  = "Performance evaluation"
	GroupImprovement = "Improvement"
)

// Groups lists the navigation groups in order.
var Groups = []string{GroupContext, GroupPlanning, GroupPortfolio, GroupRelation, GroupSupply,
	GroupTransition, GroupResolution, GroupAssurance, GroupEvaluation, GroupImprovement}

func items(pairs ...string) []EnumItem {
	out := make([]EnumItem, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, EnumItem{Value: pairs[i], Label: pairs[i+1]})
	}
	return out
}

func states(pairs ...string) []State {
	var out []State
	for _, it := range items(pairs...) {
		out = append(out, State{Name: it.Value, Label: it.Label})
	}
	return out
}

// moves builds transitions from "from: to1 to2" pairs.
func moves(from string, to ...string) []Transition {
	out := make([]Transition, len(to))
	for i, t := range to {
		out[i] = Transition{From: from, To: t}
	}
	return out
}

func join(ts ...[]Transition) []Transition {
	var out []Transition
	for _, t := range ts {
		out = append(out, t...)
	}
	return out
}

func final(w *Workflow, names ...string) *Workflow {
	for i := range w.States {
		for _, n := range names {
			if w.States[i].Name == n {
				w.States[i].Final = true
			}
		}
	}
	return w
}

// done marks the states of a workflow in which the work is done, awaiting confirmation (State.Done).
func done(w *Workflow, names ...string) *Workflow {
	for i := range w.States {
		if slices.Contains(names, w.States[i].Name) {
			w.States[i].Done = true
		}
	}
	return w
}

var scale3 = items("1", "High", "2", "Medium", "3", "Low")

var levels = items("high", "High", "medium", "Medium", "low", "Low")

// Field shorthands for what nearly every kind has.
func title(label string) Field {
	return Field{Name: "title", Label: label, Type: Text, Required: true, Searchable: true, InList: true}
}

func longText(name, label string) Field {
	return Field{Name: name, Label: label, Type: LongText, Searchable: true}
}

// sourceRef keeps the number a record had in the tool it was imported from (INC0041236): shown,
// searched, and what a later import of the same export updates by.
func sourceRef() Field {
	return Field{Name: "source_ref", Label: "Number in the source", Type: Text, Searchable: true, Indexed: true,
		Help: "the record's number in the tool it was imported from; an import of the same export updates by it"}
}

func owner(label string) Field {
	return Field{Name: "owner", Label: label, Type: Text, Searchable: true, InList: true, Indexed: true}
}

func ref(name, label, kind string) Field {
	return Field{Name: name, Label: label, Type: Ref, Ref: kind}
}

func date(name, label string) Field { return Field{Name: name, Label: label, Type: Date} }

func computed(f Field, help string) Field {
	f.Computed, f.Help = true, help
	return f
}

func listed(f Field) Field { f.InList = true; return f }

func required(f Field) Field { f.Required = true; return f }

// lifecycle builds a workflow from states ("name", "Label" pairs), the transitions as
// "from": {"to", ...}, and the final states.
func lifecycle(initial string, st []State, tr map[string][]string, finals ...string) *Workflow {
	w := &Workflow{Initial: initial, States: st}
	for _, s := range st {
		w.Transitions = append(w.Transitions, moves(s.Name, tr[s.Name]...)...)
	}
	return final(w, finals...)
}

// documentFlow is the life of a controlled document, plan or model: draft, approved, retired.
func documentFlow() *Workflow {
	return lifecycle("draft", states("draft", "Draft", "approved", "Approved", "retired", "Retired"),
		map[string][]string{"draft": {"approved", "retired"}, "approved": {"draft", "retired"}}, "retired")
}

// Default is the registry of every declared kind.
var Default = must(NewRegistry(
	Party, Policy, DocVersion, Objective, Risk,
	Service, CI, CIRel, Baseline,
	Customer, Complaint, Satisfaction, SLA, Supplier, Contract, SupplierReview,
	Budget, Cost, CapacityPlan,
	Change, ChangeModel, Release,
	Incident, Request, Problem, KnownError,
	AvailabilityPlan, ContinuityPlan, ContinuityTest, SecurityControl,
	Audit, Assessment, ClauseResult, Finding, Review, ServiceReport,
	AuditSession, CheckItem, Interview, Sample, AuditReport,
	Nonconformity, Action, Improvement,
	Setting,
))

func must(r *Registry, err error) *Registry {
	if err != nil {
		panic("schema: " + err.Error())
	}
	return r
}
