package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/schema"
)

// An import writes records as the source says they are, not as the workflow would have them:
// a historic ticket arrives closed, with the priority its old tool gave it and the dates it was
// responded to, resolved and closed. Those become ops like any edit — the create op holds the
// state and the given values, and back-dated moves give the record the history its dates imply —
// so an import syncs, and what is computed from a record's history (its SLA clock) is computed
// from the source's dates. Every op carries the Change's note, which names the import.

// past is the state and history an import gives a new record.
type past struct {
	initial string         // the state the create op holds ("" : the workflow's initial)
	moves   []pastMove     // back-dated moves after it, oldest first
	given   map[string]any // the kind's Given values
}

type pastMove struct{ to, at string }

// final is the state the record ends in.
func (p *past) final(initial string) string {
	if len(p.moves) > 0 {
		return p.moves[len(p.moves)-1].to
	}
	return initial
}

// ImportRecord creates a record, or, when key names one (an id or ref; "" creates), updates it. On
// top of the fields Create and Update take, input may give "status" (a state's name or label)
// and the kind's Milestones and Given fields. It returns the record and whether it is new.
//
// A new record is created at c.At, or when the source says it was opened (the first given
// field that defaults to now). It takes the state given without a move through the workflow;
// each milestone given adds the move it records, at its date. An existing record moves to the
// state given, at that state's milestone date if the row gives one, else at c.At or now.
func (t *Tx) ImportRecord(kindName, key string, input map[string]any, c Change) (*Record, bool, error) {
	k, err := t.s.kind(kindName)
	if err != nil {
		return nil, false, err
	}
	fields := map[string]any{}
	var status string
	given := map[string]any{}
	dates := map[string]string{} // milestone state -> when
	for name, raw := range input {
		if name == "status" {
			if status, err = stateNamed(k, raw); err != nil {
				return nil, false, err
			}
			continue
		}
		f, ok := k.Field(name)
		if !ok || !f.Computed || !k.GivenOnImport(name) {
			fields[name] = raw
			continue
		}
		v, err := f.Normalize(raw)
		if err != nil {
			return nil, false, fieldErr(k.Name, name, "field.invalid", "%w", err)
		}
		if v == nil {
			continue
		}
		for _, m := range k.Milestones {
			if m.Field == name {
				dates[m.State] = dateTimeOf(v)
			}
		}
		if !k.GivenOnImport(name) || isMilestone(k, name) {
			continue
		}
		given[name] = v
	}
	if key == "" {
		if c.At.IsZero() {
			c.At = openedAt(k, fields)
		}
		p, err := t.pastOf(k, status, dates, t.effective(c))
		if err != nil {
			return nil, false, err
		}
		p.given = given
		r, err := t.create(k, fields, c, p)
		return r, true, err
	}
	r, err := t.Update(k.Name, key, fields, c)
	if err != nil {
		return nil, false, err
	}
	if status != "" && status != r.Status {
		at := dates[status]
		if at == "" {
			at = t.effective(c)
		}
		if at < r.CreatedAt {
			return nil, false, fieldErr(k.Name, "status", "date.before_start", "cannot be %s at %s: %s was created at %s", schema.StateWord(k.Name, status), at, r.Ref, r.CreatedAt)
		}
		if r, err = t.moveTo(k, r, status, at, c.Note); err != nil {
			return nil, false, err
		}
	}
	if len(given) > 0 {
		if r, err = t.putGiven(k, r, given, c); err != nil {
			return nil, false, err
		}
	}
	return r, false, nil
}

// pastOf orders the milestones a row gives into the moves a new record has made since it was
// created at created, ending in the state given.
func (t *Tx) pastOf(k *schema.Kind, status string, dates map[string]string, created string) (*past, error) {
	p := &past{}
	if k.Workflow == nil {
		return p, nil
	}
	for state, at := range dates {
		if at < created {
			var field string
			for _, m := range k.Milestones {
				if m.State == state {
					field = m.Field
				}
			}
			return nil, fieldErr(k.Name, field, "date.before_start", "is %s, before the %s was opened (%s)", at, k.KindWord(), created)
		}
		p.moves = append(p.moves, pastMove{to: state, at: at})
	}
	sort.Slice(p.moves, func(i, j int) bool {
		if p.moves[i].at != p.moves[j].at {
			return p.moves[i].at < p.moves[j].at
		}
		return milestoneIndex(k, p.moves[i].to) < milestoneIndex(k, p.moves[j].to)
	})
	switch {
	case status == "":
	case len(p.moves) == 0:
		p.initial = status // no history given: it was created as it is
	case p.moves[len(p.moves)-1].to != status:
		p.moves = append(p.moves, pastMove{to: status, at: p.moves[len(p.moves)-1].at})
	}
	return p, nil
}

// putGiven writes the Given values that differ from the record's, and computes it again.
func (t *Tx) putGiven(k *schema.Kind, r *Record, given map[string]any, c Change) (*Record, error) {
	ops, err := t.s.recordOps(t.ctx, t, r.ID)
	if err != nil {
		return nil, err
	}
	state := fold(ops)
	at, hlc, wrote := t.effective(c), t.now(), false
	for name, v := range given {
		if reflect.DeepEqual(r.Values[name], v) {
			continue
		}
		body, _ := json.Marshal(v)
		o := &Op{HLC: hlc, At: at, Record: r.ID, Kind: k.Name, Field: name, Value: body, Pred: state.liveIDs(name), Note: c.Note}
		if err := t.writeOp(o); err != nil {
			return nil, err
		}
		ops, wrote = append(ops, o), true
	}
	if !wrote {
		return r, nil
	}
	old := map[string]any{}
	for name, v := range r.Values {
		old[name] = v
	}
	r.UpdatedAt = max(r.UpdatedAt, at)
	if err := t.compute(k, r, timeline(k, ops), givenValues(k, fold(ops))); err != nil {
		return nil, err
	}
	if err := t.rewriteRow(k, r); err != nil {
		return nil, err
	}
	return r, t.refresh(k, r, old)
}

// stateNamed finds a state of the kind's workflow by its name or label, in any case.
func stateNamed(k *schema.Kind, raw any) (string, error) {
	if k.Workflow == nil {
		return "", fieldErr(k.Name, "status", "field.unknown", "does not exist: %s have no workflow", k.PluralWord())
	}
	text, _ := raw.(string)
	want := strings.TrimSpace(text)
	var names []string
	for _, st := range k.Workflow.States {
		if strings.EqualFold(st.Name, want) || strings.EqualFold(st.Label, want) ||
			strings.EqualFold(strings.ReplaceAll(st.Name, "_", " "), want) {
			return st.Name, nil
		}
		names = append(names, st.Name)
	}
	return "", fieldErr(k.Name, "status", "workflow.state_unknown", "has no state %q (states: %s)", want, strings.Join(names, ", "))
}

func isMilestone(k *schema.Kind, name string) bool {
	for _, m := range k.Milestones {
		if m.Field == name {
			return true
		}
	}
	return false
}

func milestoneIndex(k *schema.Kind, state string) int {
	for i, m := range k.Milestones {
		if m.State == state {
			return i
		}
	}
	return len(k.Milestones)
}

// openedAt is when the source says a new record was opened: the first given date field that
// defaults to now (a ticket's opened_at); zero when there is none.
func openedAt(k *schema.Kind, fields map[string]any) (at time.Time) {
	for _, f := range k.Fields {
		if f.Default != schema.Now || f.Computed {
			continue
		}
		v, err := f.Normalize(fields[f.Name])
		if err != nil || v == nil {
			continue
		}
		return parseAt(dateTimeOf(v))
	}
	return at
}

// dateTimeOf gives a normalised date or date-time value as a date-time.
func dateTimeOf(v any) string {
	s := fmt.Sprint(v)
	if len(s) == len(schema.DateLayout) {
		return s + "T00:00:00Z"
	}
	return s
}

// Try runs fn inside a savepoint of the transaction: when fn fails, everything it wrote is
// undone and the transaction goes on, so that an import can skip a bad row, or check every row
// and report each one's error.
func (t *Tx) Try(fn func() error) error {
	if err := t.Spill(); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(t.ctx, "SAVEPOINT try"); err != nil {
		return err
	}
	seq := t.seq
	numbers := maps.Clone(t.numbers)
	t.journal = map[int64]journaled{}
	err := fn()
	journal := t.journal
	t.journal = nil
	if err == nil {
		_, err := t.tx.ExecContext(t.ctx, "RELEASE try")
		return err
	}
	if _, rerr := t.tx.ExecContext(t.ctx, "ROLLBACK TO try; RELEASE try"); rerr != nil {
		return rerr
	}
	t.seq, t.numbers = seq, numbers
	for n, j := range journal {
		if j.had {
			t.search[n] = j.text
		} else {
			delete(t.search, n)
		}
		if !j.created {
			delete(t.created, n)
		}
	}
	clear(t.found)
	clear(t.ops)
	clear(t.rows)
	t.rules = nil // it may hold what the undone writes made
	return err
}

// Spill writes out the search entries the transaction has queued when there are many: a
// transaction of a million rows would otherwise hold a million until it commits. Call it
// between rows of a long import.
func (t *Tx) Spill() error {
	if len(t.search) < searchBatch {
		return nil
	}
	return t.flushSearch()
}

// searchBatch is how many queued search entries a Try writes out before its row.
const searchBatch = 10000

// journaled is what the transaction's search queue held for a record before a Try touched it.
type journaled struct {
	had, created bool
	text         *searchText
}

// remember notes a record's search entry before a Try changes it.
func (t *Tx) remember(n int64) {
	if t.journal == nil {
		return
	}
	if _, done := t.journal[n]; done {
		return
	}
	text, had := t.search[n]
	t.journal[n] = journaled{had: had, created: t.created[n], text: text}
}
