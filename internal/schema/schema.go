package schema

import (
	"fmt"
	"slices"
	"sort"
)

// FieldType is the type of a declared field. It decides the control in a form, the column type in
// the workspace, and the values the field accepts.
type FieldType string

const (
	Text     FieldType = "text"     // one line of text
	LongText FieldType = "longtext" // several paragraphs
	Integer  FieldType = "integer"
	Number   FieldType = "number"
	Bool     FieldType = "bool"
	Date     FieldType = "date"     // YYYY-MM-DD
	DateTime FieldType = "datetime" // RFC 3339, stored in UTC
	Enum     FieldType = "enum"
	Ref      FieldType = "ref"      // one record of the kind named in Field.Ref, stored as its id
	Refs     FieldType = "refs"     // a list of records of the kind named in Field.Ref
	Duration FieldType = "duration" // whole minutes; accepts "90", "1h30m", "2d 4h", "PT4H"
	Money    FieldType = "money"    // {"amount":"1234.50","currency":"EUR"}
	Tags     FieldType = "tags"     // a list of values, from Enum when it is declared
	Table    FieldType = "table"    // a list of rows; each row has the fields in Columns
)

// Field is one declared field of a kind.
type Field struct {
	// path is "kind.field" (a table's column: "kind.field.column"), set by NewRegistry: where
	// the field's words are in a labels file, for its messages in another language.
	path string

	Name       string     `json:"name"`
	Label      string     `json:"label"`
	Type       FieldType  `json:"type"`
	Required   bool       `json:"required,omitempty"`
	Default    any        `json:"default,omitempty"`
	Enum       []EnumItem `json:"enum,omitempty"`
	Ref        string     `json:"ref,omitempty"` // target kind of a ref or refs field
	Searchable bool       `json:"searchable,omitempty"`
	InList     bool       `json:"in_list,omitempty"`  // shown as a column in lists by default
	Indexed    bool       `json:"indexed,omitempty"`  // filtered or sorted on often: the store indexes it
	Computed   bool       `json:"computed,omitempty"` // set by a rule of the kind, never by a user
	Help       string     `json:"help,omitempty"`
	Columns    []Field    `json:"columns,omitempty"` // the columns of a table field
	Locked     bool       `json:"locked,omitempty"`  // given when the record is created, never changed
}

// EnumItem is one allowed value of an enum field. Values of integer-like scales (impact 1..3)
// are still strings here; the field stores what Value says.
type EnumItem struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// State is one state of a workflow.
type State struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Final bool   `json:"final,omitempty"` // no work is expected on a record in this state
	// Done: the work is done and the record waits only to be confirmed (a resolved ticket, an
	// action done awaiting its effectiveness check). The state is not final, so the kind's rules
	// still run and the record may be reopened, but it is no longer open work (OpenStates).
	Done bool `json:"done,omitempty"`
}

// Transition allows moving a record from one state to another.
type Transition struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Workflow is the life cycle of a kind. A record starts in Initial and moves only along
// Transitions.
type Workflow struct {
	Initial     string       `json:"initial"`
	States      []State      `json:"states"`
	Transitions []Transition `json:"transitions"`
}

// Allowed reports whether a record may move from one state to another.
func (w *Workflow) Allowed(from, to string) bool {
	return slices.Contains(w.Transitions, Transition{From: from, To: to})
}

// Next lists the states a record in state from may move to, in declaration order.
func (w *Workflow) Next(from string) []string {
	var out []string
	for _, t := range w.Transitions {
		if t.From == from {
			out = append(out, t.To)
		}
	}
	return out
}

// HasState reports whether name is a declared state.
func (w *Workflow) HasState(name string) bool {
	for _, s := range w.States {
		if s.Name == name {
			return true
		}
	}
	return false
}

// Kind is one register kind: incidents, services, changes...
type Kind struct {
	Name     string    `json:"name"`   // identifier used in the CLI, the API and the op log
	Label    string    `json:"label"`  // singular, for a form title
	Plural   string    `json:"plural"` // for a list title and the navigation
	Prefix   string    `json:"prefix"` // of the human reference: INC -> INC-00042
	Group    string    `json:"group"`  // the ISO/IEC 20000-1 area it belongs to in the navigation
	Fields   []Field   `json:"fields"`
	Workflow *Workflow `json:"workflow,omitempty"`
	Clauses  []string  `json:"clauses,omitempty"` // ISO/IEC 20000-1:2018 clauses it evidences
	// Compute fills the computed fields from the others. It runs whenever the record is written,
	// and again when a record it names in a computed reference, or a setting in Settings, changes.
	Compute func(env Env, r *View) `json:"-"`
	// Check enforces rules across fields when a record is created or changed; a RuleError names
	// the field at fault.
	Check func(env Env, r *View) error `json:"-"`
	// Guard enforces the rules of a move beyond the workflow's graph; its error names the rule
	// ("change CHG-00012 is normal and not approved").
	Guard func(env Env, r *View, to string) error `json:"-"`
	// Live refreshes, when the record is read, the computed fields that change with time alone
	// (an SLA clock that runs on).
	Live func(env Env, r *View) `json:"-"`
	// Settings names the workspace settings Compute reads.
	Settings []string `json:"-"`
	// Indexes are extra indexes of the kind's table, each a list of columns, for the reports
	// that read a register whole (the SLA report, the budget report).
	Indexes [][]string `json:"-"`
	// Notifies names reference fields whose records are computed again when this record
	// changes: a continuity test refreshes its plan's "last tested".
	Notifies []string `json:"-"`
	// Reads names reference fields through which Compute reads the named records' values (a CI
	// relationship's title is made of its ends' titles): when such a record changes, here or by
	// an import, every record naming it there is computed again, whatever its state, so that a
	// computed value is a function of the records as they are, the same on every copy.
	Reads []string `json:"-"`
	// SiteRefs: records of the kind are made on several copies at once (an audit's working
	// papers, two auditors on two laptops), so a reference carries the copy's tag
	// (SMP-3F2A-0001) and two copies never hand out the same one.
	SiteRefs bool `json:"site_refs,omitempty"`
	// Watches names records of other kinds whose changes this kind's open records are computed
	// again for, although they do not name them yet: a new SLA of a service applies to the open
	// incidents of that service.
	Watches []Watch `json:"-"`
	// Milestones are the computed dates that record when a record entered a state (a ticket's
	// resolved_at). An import that gives them writes the back-dated moves they imply, so that the
	// record's history, and what is computed from it, is as the source says.
	Milestones []Milestone `json:"-"`
	// Given names the computed fields an import may give; the value given is kept over the
	// computed one (the priority a historic ticket had in the tool it comes from).
	Given []string `json:"-"`
	// Rules is the version of the kind's Compute: raised when the rules change what they compute
	// (a new computed field, a rule made right), it makes every workspace compute the kind's
	// records again the next time it is opened for writing.
	Rules int `json:"-"`
}

// Milestone: the computed date Field records when the record entered State.
type Milestone struct{ Field, State string }

// GivenOnImport tells whether an import may give a computed field: a milestone or a Given field.
func (k *Kind) GivenOnImport(name string) bool {
	if slices.Contains(k.Given, name) {
		return true
	}
	for _, m := range k.Milestones {
		if m.Field == name {
			return true
		}
	}
	return false
}

// Watch: when a record of Kind is written, the records of the watching kind in one of States
// whose Field holds the value of its field Their (before or after the change) are computed again.
// Reads, when given, are the fields of the watched record the watcher's Compute reads: an edit
// that changes none of them (an SLA's next review date) computes nothing again; a new record, a
// move, a deletion or ops from another copy always do.
type Watch struct {
	Kind, Their, Field string
	States             []string
	Reads              []string
}

// Hidden reports whether the kind is kept out of the navigation (workspace settings).
func (k *Kind) Hidden() bool { return k.Group == "" }

// IsFinal reports whether a state is final in the kind's workflow.
func (k *Kind) IsFinal(state string) bool {
	if k.Workflow == nil {
		return false
	}
	for _, st := range k.Workflow.States {
		if st.Name == state {
			return st.Final
		}
	}
	return false
}

// FinalStates lists the final states of the kind's workflow.
func (k *Kind) FinalStates() []string {
	var out []string
	if k.Workflow != nil {
		for _, st := range k.Workflow.States {
			if st.Final {
				out = append(out, st.Name)
			}
		}
	}
	return out
}

// OpenStates lists the states of the kind's workflow in which a record is open work: neither
// final nor done, in declaration order. What a report counts as open comes from here.
func (k *Kind) OpenStates() []string {
	var out []string
	if k.Workflow != nil {
		for _, st := range k.Workflow.States {
			if !st.Final && !st.Done {
				out = append(out, st.Name)
			}
		}
	}
	return out
}

// Field returns the declared field with the given name.
func (k *Kind) Field(name string) (*Field, bool) {
	for i := range k.Fields {
		if k.Fields[i].Name == name {
			return &k.Fields[i], true
		}
	}
	return nil, false
}

// BuiltinFields are the fields every record has besides its declared ones. "title" is declared
// like any field (every kind declares it) so that its label can differ per kind.
var BuiltinFields = []string{"id", "ref", "kind", "status", "created_at", "updated_at"}

// Registry holds the declared kinds.
type Registry struct {
	kinds  []*Kind
	byName map[string]*Kind
}

// NewRegistry checks the declarations and returns a registry of them. A declaration error is a
// programming error, so it is returned for tests to catch rather than hidden.
func NewRegistry(kinds ...*Kind) (*Registry, error) {
	r := &Registry{byName: map[string]*Kind{}}
	prefixes := map[string]string{}
	for _, k := range kinds {
		if k.Name == "" || k.Prefix == "" || k.Label == "" || k.Plural == "" {
			return nil, fmt.Errorf("kind %q: name, label, plural and prefix are required", k.Name)
		}
		if _, dup := r.byName[k.Name]; dup {
			return nil, fmt.Errorf("kind %q declared twice", k.Name)
		}
		if other, dup := prefixes[k.Prefix]; dup {
			return nil, fmt.Errorf("kind %q: prefix %q already used by %q", k.Name, k.Prefix, other)
		}
		prefixes[k.Prefix] = k.Name
		r.byName[k.Name] = k
		r.kinds = append(r.kinds, k)
	}
	for _, k := range kinds {
		if err := r.check(k); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Registry) check(k *Kind) error {
	seen := map[string]bool{}
	if f, ok := k.Field("title"); !ok || f.Type != Text {
		return fmt.Errorf("kind %q: a text field \"title\" is required", k.Name)
	}
	for i := range k.Fields {
		k.Fields[i].path = k.Name + "." + k.Fields[i].Name
		for j := range k.Fields[i].Columns {
			k.Fields[i].Columns[j].path = k.Fields[i].path + "." + k.Fields[i].Columns[j].Name
		}
	}
	for _, f := range k.Fields {
		if !validName(f.Name) {
			return fmt.Errorf("kind %q: field name %q must be lower-case letters, digits and _", k.Name, f.Name)
		}
		if seen[f.Name] || slices.Contains(BuiltinFields, f.Name) {
			return fmt.Errorf("kind %q: field %q declared twice or reserved", k.Name, f.Name)
		}
		seen[f.Name] = true
		switch f.Type {
		case Text, LongText, Integer, Number, Bool, Date, DateTime, Duration, Money, Tags:
		case Table:
			if len(f.Columns) == 0 {
				return fmt.Errorf("kind %q: table field %q has no columns", k.Name, f.Name)
			}
			for _, c := range f.Columns {
				switch c.Type {
				case Text, Integer, Number, Bool, Date, DateTime, Duration, Money, Enum:
				default:
					return fmt.Errorf("kind %q: column %q of table %q cannot be of type %q", k.Name, c.Name, f.Name, c.Type)
				}
				if !validName(c.Name) {
					return fmt.Errorf("kind %q: column name %q of %q must be lower-case letters, digits and _", k.Name, c.Name, f.Name)
				}
			}
		case Enum:
			if len(f.Enum) == 0 {
				return fmt.Errorf("kind %q: enum field %q has no values", k.Name, f.Name)
			}
		case Ref, Refs:
			if _, ok := r.byName[f.Ref]; !ok && f.Ref != AnyKind {
				return fmt.Errorf("kind %q: field %q refers to unknown kind %q", k.Name, f.Name, f.Ref)
			}
		default:
			return fmt.Errorf("kind %q: field %q has unknown type %q", k.Name, f.Name, f.Type)
		}
		if f.Default == Now && f.Type != Date && f.Type != DateTime {
			return fmt.Errorf("kind %q: default \"now\" of %q needs a date or datetime field", k.Name, f.Name)
		}
		if f.Default != nil && f.Default != Now {
			if _, err := f.Normalize(f.Default); err != nil {
				return fmt.Errorf("kind %q: default of %q: %v", k.Name, f.Name, err)
			}
		}
	}
	if w := k.Workflow; w != nil {
		if !w.HasState(w.Initial) {
			return fmt.Errorf("kind %q: initial state %q is not declared", k.Name, w.Initial)
		}
		for _, st := range w.States {
			if st.Final && st.Done {
				return fmt.Errorf("kind %q: state %q is both final and done", k.Name, st.Name)
			}
		}
		for _, t := range w.Transitions {
			if !w.HasState(t.From) || !w.HasState(t.To) {
				return fmt.Errorf("kind %q: transition %s -> %s names an undeclared state", k.Name, t.From, t.To)
			}
		}
	}
	for _, name := range k.Reads {
		if f, ok := k.Field(name); !ok || f.Type != Ref || k.Compute == nil {
			return fmt.Errorf("kind %q: reads through %q, which is not a reference field of a computing kind", k.Name, name)
		}
	}
	for _, w := range k.Watches {
		other, ok := r.byName[w.Kind]
		_, mine := k.Field(w.Field)
		if !ok || !mine {
			return fmt.Errorf("kind %q: watch of %q.%s needs both kinds and fields declared", k.Name, w.Kind, w.Their)
		}
		if _, theirs := other.Field(w.Their); !theirs {
			return fmt.Errorf("kind %q: watch of %q.%s needs both kinds and fields declared", k.Name, w.Kind, w.Their)
		}
		for _, st := range w.States {
			if k.Workflow == nil || !k.Workflow.HasState(st) {
				return fmt.Errorf("kind %q: watch of %q names undeclared state %q", k.Name, w.Kind, st)
			}
		}
	}
	return nil
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Kinds returns the declared kinds in declaration order.
func (r *Registry) Kinds() []*Kind { return r.kinds }

// Kind returns the kind with the given name.
func (r *Registry) Kind(name string) (*Kind, bool) {
	k, ok := r.byName[name]
	return k, ok
}

// Names returns the kind names, sorted, for error messages.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.kinds))
	for _, k := range r.kinds {
		out = append(out, k.Name)
	}
	sort.Strings(out)
	return out
}
