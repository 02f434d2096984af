package schema

import (
	"fmt"
	"time"

	"smsworkbench/internal/itsm"
)

// View is what a kind's rules see of a record: its builtin fields and canonical values
// (references as ids). Rules fill computed fields by writing into Values.
type View struct {
	ID        string
	Ref       string
	Kind      string
	Status    string
	CreatedAt string
	UpdatedAt string
	Values    map[string]any
	// Timeline lists the record's states from creation on, oldest first. Only the record being
	// written or read by a rule has one.
	Timeline []StatusChange
	// Given holds the computed values an import gave (the kind's Given fields); Compute uses
	// them in place of its own.
	Given map[string]any
}

// StatusChange is one entry of a record's timeline: from At on, the record was in Status.
type StatusChange = itsm.StatusChange

// String returns a text value of the record ("" when unset).
func (v *View) String(name string) string { s, _ := v.Values[name].(string); return s }

// Int returns an integer value of the record and whether it is set.
func (v *View) Int(name string) (int64, bool) { n, ok := v.Values[name].(int64); return n, ok }

// Time returns a date or date-time value of the record, zero when unset.
func (v *View) Time(name string) time.Time {
	s := v.String(name)
	if len(s) == len(DateLayout) {
		t, _ := time.Parse(DateLayout, s)
		return t
	}
	t, _ := time.Parse(DateTimeLayout, s)
	return t
}

// IDs returns a list of references of the record.
func (v *View) IDs(name string) []string { ids, _ := v.Values[name].([]string); return ids }

// Rows is the rows of a table field.
func (v *View) Rows(name string) []map[string]any {
	switch rows := v.Values[name].(type) {
	case []map[string]any:
		return rows
	case []any:
		out := make([]map[string]any, 0, len(rows))
		for _, r := range rows {
			if m, ok := r.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// Cond is one condition of Env.Find, with the operators of a list filter (= != < <= > >= ~).
type Cond struct {
	Field string
	Op    string
	Value any
}

// Env is what a kind's rules may ask of the workspace. Inside a write it sees that write's
// changes.
type Env interface {
	Now() time.Time
	// Get returns a live record by id, or nil.
	Get(id string) *View
	// Find returns the live records of a kind that meet every condition.
	Find(kind string, where ...Cond) []*View
	// Setting decodes the workspace setting named key into into and reports whether it is set.
	Setting(key string, into any) bool
	// SettingAt is Setting as the setting stood at t, by the dates of its ops.
	SettingAt(key string, t time.Time, into any) bool
	// AsOf returns a record found through Get or Find as its ops made it just before t (every op
	// dated at t or later left out), or nil when it did not exist then. A value computed from it is the
	// same on every copy, whenever it is computed.
	AsOf(v *View, t time.Time) *View
	// History fills and returns the timeline of a record found through Get or Find.
	History(v *View) []StatusChange
}

// clashes returns a live record of r's kind, other than r, whose fields hold r's values: a key
// that must be unique is taken. A record whose key this write leaves as it was never clashes,
// because two records can share a key only when two copies created them concurrently; sync
// shows that to a person, and refusing every later edit of either would lock both away.
func clashes(env Env, r *View, fields ...string) *View {
	if old := env.Get(r.ID); old != nil {
		kept := true
		for _, f := range fields {
			kept = kept && old.String(f) == r.String(f)
		}
		if kept {
			return nil
		}
	}
	where := make([]Cond, len(fields))
	for i, f := range fields {
		where[i] = Cond{f, "=", r.String(f)}
	}
	for _, other := range env.Find(r.Kind, where...) {
		if other.ID != r.ID {
			return other
		}
	}
	return nil
}

// StatusAt is the state a record with a timeline was in at t ("" before it existed).
func (v *View) StatusAt(t time.Time) string {
	st := ""
	for _, c := range v.Timeline {
		if c.At.After(t) {
			break
		}
		st = c.Status
	}
	return st
}

// RuleError is a rule's objection to one field's value; the store reports it like any other
// field error, beside the field.
type RuleError struct {
	Field string
	Msg   string
	words said // Msg as it was made, to be said in another language
}

func (e *RuleError) Error() string { return fmt.Sprintf("field %q %s", e.Field, e.Msg) }

// Detail is Msg in lang: the objection said of the field alone.
func (e *RuleError) Detail(lang string) string {
	if e.words.format == "" {
		return e.Msg
	}
	return e.words.Localize(lang)
}

// Reject returns a RuleError for a field.
func Reject(field, format string, args ...any) error {
	w := said{"rule", format, args}
	return &RuleError{Field: field, Msg: w.String(), words: w}
}
