package store

import (
	"encoding/json"
	"slices"
	"time"

	"smsworkbench/internal/schema"
)

// Step is one later change in the story of a record written at once (CreateWith): fields set,
// then a move, both taking effect at At.
type Step struct {
	At   time.Time
	Set  map[string]any
	To   string // "" : no move
	Note string
}

// CreateWith creates a record and writes the steps of its story after it: the same ops, with the
// same dates and preds, that Create followed by an Update and a Move for each step writes, and
// the same refusals (each step's fields, the kind's checks, the workflow and its guards, a step
// dated before the record began or in the future). What differs is the cost: the rules compute
// the record once, from its whole timeline, and its row and search entry are written once. The
// guards see the fields given up to their step (no guard reads a computed value).
func (t *Tx) CreateWith(kindName string, input map[string]any, c Change, steps []Step) (*Record, error) {
	k, err := t.s.kind(kindName)
	if err != nil {
		return nil, err
	}
	if c.At.IsZero() {
		c.At = t.startOf(k, input)
	}
	r, tl, _, err := t.begin(k, input, c, nil)
	if err != nil {
		return nil, err
	}
	// The live op of each field, as fold would find it: the create op for the fields it set.
	// written keeps the record's ops: what the transaction remembers may be dropped meanwhile.
	written := slices.Clone(t.ops[r.ID])
	live := map[string]OpID{}
	create := written[0].ID
	for name, v := range r.Values {
		if v != nil {
			live[name] = create
		}
	}
	if k.Workflow != nil {
		live["status"] = create
	}
	predOf := func(field string) []OpID {
		if id, ok := live[field]; ok {
			return []OpID{id}
		}
		return []OpID{}
	}
	for _, st := range steps {
		if len(st.Set) > 0 {
			// An Update checks no date; the story's sets are dated like its moves.
			at := t.effective(Change{At: st.At})
			values, changed, err := t.edit(k, r, st.Set)
			if err != nil {
				return nil, err
			}
			if len(changed) > 0 {
				hlc := t.now()
				for _, name := range changed {
					body, _ := json.Marshal(values[name])
					if values[name] == nil {
						body = nil
					}
					o := &Op{HLC: hlc, At: at, Record: r.ID, Kind: k.Name, Field: name, Value: body, Pred: predOf(name), Note: st.Note}
					if err := t.writeOp(o); err != nil {
						return nil, err
					}
					live[name], written = o.ID, append(written, o)
					if values[name] == nil {
						delete(r.Values, name)
					} else {
						r.Values[name] = values[name]
					}
				}
				r.UpdatedAt = max(r.UpdatedAt, at)
			}
		}
		if st.To == "" {
			continue
		}
		at, err := t.checkMove(k, r, st.To, Change{At: st.At})
		if err != nil {
			return nil, err
		}
		body, _ := json.Marshal(st.To)
		o := &Op{HLC: t.now(), At: at, Record: r.ID, Kind: k.Name, Field: "status", Value: body, Pred: predOf("status"), Note: st.Note}
		if err := t.writeOp(o); err != nil {
			return nil, err
		}
		live["status"], written = o.ID, append(written, o)
		r.Status = st.To
		r.UpdatedAt = max(r.UpdatedAt, at)
		tl = append(tl, schema.StatusChange{At: parseAt(at), Status: st.To})
	}
	if len(steps) > 0 {
		tl = timeline(k, written) // in the order the moves took effect, as Move would see them
	}
	return r, t.finish(k, r, tl, nil)
}
