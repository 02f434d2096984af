package store

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sort"
	"time"

	"smsworkbench/internal/schema"
)

// env is what the kinds' rules see of the workspace (schema.Env): inside a write, the write's
// own transaction, so that a rule sees the records created a moment before.
type env struct {
	s   *Store
	ctx context.Context
	q   querier
	now time.Time
	c   *ruleCache
	err error // the first read error; the write that asked fails with it
}

// ruleCache remembers what rules read, by kind, so that a transaction writing thousands of
// tickets reads their SLA once. A write of a kind forgets what was read of that kind.
type ruleCache struct {
	views map[string]map[string]*schema.View   // kind -> id -> view
	kinds map[string]string                    // id -> kind, for the views
	none  map[string]bool                      // ids a Get found no live record for
	finds map[string]map[string][]*schema.View // kind -> query -> views
	asOf  map[string]map[asOfKey]*schema.View  // kind -> record and moment -> view then
}

type asOfKey struct {
	id string
	at int64
}

func newRuleCache() *ruleCache {
	return &ruleCache{views: map[string]map[string]*schema.View{}, kinds: map[string]string{}, none: map[string]bool{},
		finds: map[string]map[string][]*schema.View{}, asOf: map[string]map[asOfKey]*schema.View{}}
}

// forget drops what was read of a kind, and the Gets that found nothing (a record of any kind
// may have been made or brought back since).
func (c *ruleCache) forget(kind string) {
	delete(c.finds, kind)
	delete(c.views, kind)
	delete(c.asOf, kind)
	clear(c.none)
}

func (s *Store) newEnv(ctx context.Context, q querier) *env {
	return &env{s: s, ctx: ctx, q: q, now: s.clockNow(), c: newRuleCache()}
}

// env returns the rules' view of the workspace inside this transaction.
func (t *Tx) env() *env {
	if t.rules == nil {
		t.rules = newRuleCache()
	}
	return &env{s: t.s, ctx: t.ctx, q: t, now: t.s.clockNow(), c: t.rules}
}

// wrote tells the rule cache that a record of a kind changed.
func (t *Tx) wrote(kind string) {
	if t.rules != nil {
		t.rules.forget(kind)
	}
	t.changed[kind] = true
}

func (e *env) Now() time.Time { return e.now }

func (e *env) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *env) Get(id string) *schema.View {
	if id == "" {
		return nil
	}
	if kind, ok := e.c.kinds[id]; ok {
		if v, ok := e.c.views[kind][id]; ok {
			return v
		}
	}
	if e.c.none[id] {
		return nil
	}
	loc, err := e.s.locate(e.ctx, e.q, id)
	if err != nil {
		e.fail(err)
		return nil
	}
	var v *schema.View
	if loc != nil && loc.alive {
		if k, ok := e.s.reg.Kind(loc.kind); ok {
			r, err := e.s.get(e.ctx, e.q, k, loc.id)
			if err != nil {
				e.fail(err)
				return nil
			}
			v = viewOf(r)
		}
	}
	if v == nil {
		e.c.none[id] = true
		return nil
	}
	if e.c.views[v.Kind] == nil {
		e.c.views[v.Kind] = map[string]*schema.View{}
	}
	e.c.views[v.Kind][id], e.c.kinds[id] = v, v.Kind
	return v
}

func (e *env) Find(kind string, where ...schema.Cond) []*schema.View {
	key, _ := json.Marshal(condsAny(where))
	if vs, ok := e.c.finds[kind][string(key)]; ok {
		return vs
	}
	k, err := e.s.kind(kind)
	if err != nil {
		e.fail(err)
		return nil
	}
	q := Query{}
	for _, c := range where {
		q.Where = append(q.Where, Filter{Field: c.Field, Op: c.Op, Value: c.Value})
	}
	// In an order every copy shares: a rule that takes the first of several records must take
	// the same one everywhere.
	recs, err := e.s.query(e.ctx, e.q, k, q, -1, 0, refOrder("ASC"))
	if err != nil {
		e.fail(err)
		return nil
	}
	out := make([]*schema.View, len(recs))
	for i, r := range recs {
		out[i] = viewOf(r)
	}
	if e.c.finds[kind] == nil {
		e.c.finds[kind] = map[string][]*schema.View{}
	}
	e.c.finds[kind][string(key)] = out
	return out
}

// History reads the timeline of a record a rule found, once per transaction.
func (e *env) History(v *schema.View) []schema.StatusChange {
	if v == nil || v.Timeline != nil {
		return v.Timeline
	}
	k, ops := e.opsOf(v)
	if k == nil {
		return nil
	}
	v.Timeline = timeline(k, ops)
	if v.Timeline == nil {
		v.Timeline = []schema.StatusChange{}
	}
	return v.Timeline
}

// opsOf reads the kind and every op of a record a rule found; a nil kind when it is of a kind
// this version does not know or its ops could not be read (the rule's write then fails).
func (e *env) opsOf(v *schema.View) (*schema.Kind, []*Op) {
	k, ok := e.s.reg.Kind(v.Kind)
	if !ok {
		return nil, nil
	}
	ops, err := e.s.recordOps(e.ctx, e.q, v.ID)
	if err != nil {
		e.fail(err)
		return nil, nil
	}
	return k, ops
}

func condsAny(cs []schema.Cond) []any {
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = []any{c.Field, c.Op, c.Value}
	}
	return out
}

func (e *env) Setting(key string, into any) bool {
	return e.setting(key, time.Time{}, into)
}

func (e *env) SettingAt(key string, t time.Time, into any) bool {
	return e.setting(key, t, into)
}

// setting decodes a setting, now (t zero) or as it stood at t. Two copies may each have made
// the setting before they first exchanged bundles: the one changed last (by its ops' dates, then
// its id) counts, on every copy alike.
func (e *env) setting(key string, t time.Time, into any) bool {
	var best *schema.View
	for _, v := range e.Find("setting", schema.Cond{Field: "title", Op: "=", Value: key}) {
		if !t.IsZero() {
			if v = e.AsOf(v, t); v == nil {
				continue
			}
		}
		if best == nil || v.UpdatedAt > best.UpdatedAt || v.UpdatedAt == best.UpdatedAt && v.ID > best.ID {
			best = v
		}
	}
	return best != nil && json.Unmarshal([]byte(best.String("value")), into) == nil
}

func (e *env) AsOf(v *schema.View, t time.Time) *schema.View {
	if v == nil {
		return nil
	}
	key := asOfKey{v.ID, t.Unix()}
	if then, ok := e.c.asOf[v.Kind][key]; ok {
		return then
	}
	then := e.asOf(v, t)
	if e.c.asOf[v.Kind] == nil {
		e.c.asOf[v.Kind] = map[asOfKey]*schema.View{}
	}
	e.c.asOf[v.Kind][key] = then
	return then
}

func (e *env) asOf(v *schema.View, t time.Time) *schema.View {
	k, ops := e.opsOf(v)
	if k == nil {
		return nil
	}
	at := t.UTC().Format(schema.DateTimeLayout)
	past := ops[:0:0]
	for _, o := range ops {
		if o.At < at { // an op of the very second the ticket closed is not known to precede it
			past = append(past, o)
		}
	}
	f := fold(past)
	if f.created == nil || !f.alive {
		return nil
	}
	then := viewOf(recordFromFold(k, v.ID, f))
	then.Timeline = timeline(k, past)
	return then
}

// viewOf shows a record to the rules. The view shares the record's values, so what Compute
// writes lands in the record.
func viewOf(r *Record) *schema.View {
	return &schema.View{ID: r.ID, Ref: r.Ref, Kind: r.Kind, Status: r.Status, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Values: r.Values}
}

// givenValues are the computed fields of the kind's Given that a record's ops set: an import
// gave them, and they stand over what the rules compute (a historic ticket's priority).
func givenValues(k *schema.Kind, f *folded) map[string]any {
	var out map[string]any
	for _, name := range k.Given {
		raw, ok := f.values[name]
		fd, declared := k.Field(name)
		if !ok || !declared {
			continue
		}
		if v := fromJSON(fd, raw); v != nil {
			if out == nil {
				out = map[string]any{}
			}
			out[name] = v
		}
	}
	return out
}

// timeline lists a record's states from its ops: the state it was created in, then every move
// in the order it took effect.
func timeline(k *schema.Kind, ops []*Op) []schema.StatusChange {
	if k.Workflow == nil {
		return nil
	}
	var out []schema.StatusChange
	var moves []*Op
	for _, o := range ops {
		switch o.Field {
		case fieldCreate:
			var initial struct {
				Status string `json:"status"`
			}
			json.Unmarshal(o.Value, &initial)
			if initial.Status == "" {
				initial.Status = k.Workflow.Initial
			}
			out = append(out, schema.StatusChange{At: parseAt(o.At), Status: initial.Status})
		case "status":
			moves = append(moves, o)
		}
	}
	sort.SliceStable(moves, func(i, j int) bool {
		if moves[i].At != moves[j].At {
			return moves[i].At < moves[j].At
		}
		return moves[j].after(moves[i])
	})
	for _, o := range moves {
		var st string
		json.Unmarshal(o.Value, &st)
		out = append(out, schema.StatusChange{At: parseAt(o.At), Status: st})
	}
	return out
}

func parseAt(s string) time.Time {
	t, _ := time.Parse(schema.DateTimeLayout, s)
	return t
}

// ruleErr reports a rule's objection like any other field error.
func ruleErr(k *schema.Kind, err error) error {
	var re *schema.RuleError
	if errors.As(err, &re) {
		return &FieldError{Kind: k.Name, Field: re.Field, Msg: re.Msg, cause: re}
	}
	return err
}

// compute runs the kind's Compute, then its Live, on a record about to be stored and drops the
// values they cleared. tl is the record's timeline; given holds the computed values an import
// gave (see givenValues), which stand over what the rules compute.
func (t *Tx) compute(k *schema.Kind, r *Record, tl []schema.StatusChange, given map[string]any) error {
	if k.Compute == nil && k.Live == nil {
		return nil
	}
	e := t.env()
	v := viewOf(r)
	v.Timeline, v.Given = tl, given
	if k.Compute != nil {
		k.Compute(e, v)
	}
	// The values that change with time are stored as they are at the write, like those that
	// RefreshLive brings up to date later.
	if k.Live != nil {
		k.Live(e, v)
	}
	for name, val := range given {
		r.Values[name] = val
	}
	for name, val := range r.Values {
		if val == nil {
			delete(r.Values, name)
		}
	}
	return e.err
}

// check runs the kind's cross-field rules on a record about to be stored.
func (t *Tx) check(k *schema.Kind, r *Record) error {
	if k.Check == nil {
		return nil
	}
	e := t.env()
	if err := k.Check(e, viewOf(r)); err != nil {
		return ruleErr(k, err)
	}
	return e.err
}

// guard runs the kind's move rules.
func (t *Tx) guard(k *schema.Kind, r *Record, to string) error {
	if k.Guard == nil {
		return nil
	}
	e := t.env()
	if err := k.Guard(e, viewOf(r), to); err != nil {
		return ruleErr(k, err)
	}
	return e.err
}

// Recompute computes again the computed values of every record of a kind, because what its
// rules read changed with this version of the program (the clause catalogue of assessments),
// and rewrites the rows whose values moved. It writes no op: computed values are derived, and
// each copy computes its own.
func (s *Store) Recompute(ctx context.Context, kind string) error {
	k, err := s.kind(kind)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(t *Tx) error {
		recs, err := t.s.query(ctx, t, k, Query{}, -1, 0, "n")
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := t.recompute(k, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// recompute computes a stored record again, because something its rules read changed, and
// rewrites its row when a computed value moved. It writes no op: computed values are derived.
func (t *Tx) recompute(k *schema.Kind, id string) error {
	if k.Compute == nil {
		return nil
	}
	r, err := t.s.get(t.ctx, t, k, id)
	if err != nil {
		return nil // gone or of another kind: nothing to refresh
	}
	before, _ := json.Marshal(r)
	ops, err := t.s.recordOps(t.ctx, t, r.ID)
	if err != nil {
		return err
	}
	if err := t.compute(k, r, timeline(k, ops), givenValues(k, fold(ops))); err != nil {
		return err
	}
	if after, _ := json.Marshal(r); string(after) == string(before) {
		return nil
	}
	if err := t.rewriteRow(k, r); err != nil {
		return err
	}
	// What the record notifies is computed with it (a finding whose correction is now planned
	// moves its assessment's blockers); a value that did not move stops the chain.
	for _, name := range k.Notifies {
		f, ok := k.Field(name)
		if !ok {
			continue
		}
		if dk, ok := t.s.reg.Kind(f.Ref); ok {
			if id, _ := r.Values[name].(string); id != "" {
				if err := t.recompute(dk, id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// refresh computes again the records whose computed values depend on r, which was just written
// (old holds its values before the write; nil for a new record):
//   - open records whose computed references name r (tickets of an SLA, overlapping changes);
//   - the records r's own computed references name, when they are of a computing kind (a
//     change newly overlapping another);
//   - the records named in r's Notifies fields, before and after (a test's plan);
//   - for a setting, the open records of every kind that reads it (the priority matrix).
func (t *Tx) refresh(k *schema.Kind, r *Record, old map[string]any) error {
	return t.refreshOf(k, r, old, false)
}

// refreshOf is refresh; edit says the write only changed fields of r (no move, no deletion, no
// op from elsewhere), so that a Watch with Reads can tell the edit concerns no one.
func (t *Tx) refreshOf(k *schema.Kind, r *Record, old map[string]any, edit bool) error {
	todo := map[string]*schema.Kind{}
	add := func(kind string, ids ...string) {
		dk, ok := t.s.reg.Kind(kind)
		if !ok || dk.Compute == nil {
			return
		}
		for _, id := range ids {
			if id != "" && id != r.ID {
				todo[id] = dk
			}
		}
	}
	idsOf := func(v any) []string {
		switch x := v.(type) {
		case string:
			return []string{x}
		case []string:
			return x
		}
		return nil
	}
	// A record in a final state was computed from how r stood when it got there (a closed
	// ticket's SLA targets); it is computed again when an op written or imported now for r is
	// dated before that moment.
	since, changedNow := t.since[r.ID]
	affectsFinal := func(o *Record) bool { return changedNow && o.UpdatedAt >= since }
	// untouched: an edit of r changed none of the fields that d's records, which watch r's
	// kind, declare they read (an SLA's review date for its tickets).
	untouched := func(d *schema.Kind) bool {
		if !edit {
			return false
		}
		for _, w := range d.Watches {
			if w.Kind == k.Name && len(w.Reads) > 0 {
				return !slices.ContainsFunc(w.Reads, func(f string) bool { return !reflect.DeepEqual(old[f], r.Values[f]) })
			}
		}
		return false
	}
	for _, d := range t.s.reg.Kinds() {
		if d.Compute == nil {
			continue
		}
		if untouched(d) {
			continue
		}
		for _, f := range d.Fields {
			if !f.Computed || f.Ref != k.Name {
				continue
			}
			if d == k {
				// A computed reference of a kind to itself is symmetric (overlapping changes
				// name each other): the records naming r are those r named before.
				add(d.Name, idsOf(old[f.Name])...)
				continue
			}
			recs, err := t.s.query(t.ctx, t, d, Query{Where: []Filter{{Field: f.Name, Op: "=", Value: r.ID}}}, -1, 0, "n")
			if err != nil {
				return err
			}
			for _, o := range recs {
				if !d.IsFinal(o.Status) || affectsFinal(o) {
					add(d.Name, o.ID)
				}
			}
		}
	}
	for _, f := range k.Fields {
		if f.Computed && f.Ref != "" {
			add(f.Ref, idsOf(r.Values[f.Name])...)
		}
	}
	for _, d := range t.s.reg.Kinds() {
		for _, name := range d.Reads {
			if f, _ := d.Field(name); f.Ref != k.Name {
				continue
			}
			recs, err := t.s.query(t.ctx, t, d, Query{Where: []Filter{{Field: name, Op: "=", Value: r.ID}}}, -1, 0, "n")
			if err != nil {
				return err
			}
			for _, o := range recs {
				add(d.Name, o.ID)
			}
		}
	}
	for _, name := range k.Notifies {
		if f, ok := k.Field(name); ok {
			add(f.Ref, idsOf(r.Values[name])...)
			add(f.Ref, idsOf(old[name])...)
		}
	}
	for _, d := range t.s.reg.Kinds() {
		for _, w := range d.Watches {
			if w.Kind != k.Name || d.Compute == nil {
				continue
			}
			if untouched(d) {
				continue // none of what the watchers read changed
			}
			values := append(idsOf(r.Values[w.Their]), idsOf(old[w.Their])...)
			for _, v := range slices.Compact(values) {
				if v == "" {
					continue
				}
				recs, err := t.s.query(t.ctx, t, d, Query{Where: []Filter{{Field: w.Field, Op: "=", Value: v}}}, -1, 0, "n")
				if err != nil {
					return err
				}
				for _, o := range recs {
					if slices.Contains(w.States, o.Status) || d.IsFinal(o.Status) && affectsFinal(o) {
						add(d.Name, o.ID)
					}
				}
			}
		}
	}
	if k.Name == schema.Setting.Name {
		// Open records follow the setting as it is; a record in a final state read it as it
		// stood when it got there, so those that got there after the earliest op just written
		// or imported for the setting are computed again too (an op made elsewhere before a
		// ticket closed here, arriving only now).
		for _, d := range t.s.reg.Kinds() {
			for _, key := range d.Settings {
				if key != r.Title() {
					continue
				}
				recs, err := t.s.query(t.ctx, t, d, Query{}, -1, 0, "n")
				if err != nil {
					return err
				}
				for _, o := range recs {
					if !d.IsFinal(o.Status) || affectsFinal(o) {
						add(d.Name, o.ID)
					}
				}
			}
		}
	}
	ids := make([]string, 0, len(todo))
	for id := range todo {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := t.recompute(todo[id], id); err != nil {
			return err
		}
	}
	return nil
}

// live refreshes the time-dependent computed values of records being read.
func (s *Store) live(ctx context.Context, q querier, recs []*Record) error {
	var e *env
	for _, r := range recs {
		if r.kind.Live == nil {
			continue
		}
		if e == nil {
			e = s.newEnv(ctx, q)
		}
		r.kind.Live(e, viewOf(r))
		for name, val := range r.Values {
			if val == nil {
				delete(r.Values, name)
			}
		}
	}
	if e != nil {
		return e.err
	}
	return nil
}
