package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/schema"
)

// Change says when a change took effect and why; both are optional.
type Change struct {
	At   time.Time // zero: now. A backdated move or an imported record says when it happened.
	Note string
}

// Tx is one write transaction (BEGIN IMMEDIATE). Every change in it commits or none does.
type Tx struct {
	s     *Store
	ctx   context.Context
	tx    *sql.Tx
	seq   int64
	stmts map[string]*sql.Stmt
	// found remembers the records looked up by id or ref during this transaction.
	found map[string]*location
	// search holds the text to index per record (nil: remove), written in one statement at
	// commit: FTS5 flushes its pending terms at every statement savepoint, so indexing row by row
	// between other writes costs more than all the rest of a create.
	search  map[int64]*searchText
	created map[int64]bool
	rules   *ruleCache          // what the kinds' rules read in this transaction
	changed map[string]bool     // the kinds whose register rows this transaction wrote
	journal map[int64]journaled // inside Try: the search entries to restore if it fails
	// since holds, per record, the earliest date of the ops this transaction wrote or imported
	// for it: the records computed from how it stood at some past moment are computed again
	// from there on.
	since map[string]string
	// ops and rows remember, by record id, the ops and the register row that this transaction
	// read or wrote, so that a record created and then moved five times in one transaction (an
	// import, the demo) is not read back from SQLite at every step. Every path that writes ops
	// or rows other than through writeOp and insertRow forgets the record (see forget).
	ops  map[string][]*Op
	rows map[string]*Record
	// numbers holds, per kind, the last reference number handed out in this transaction; it is
	// written to the counters table at commit (see nextNumber).
	numbers map[string]int64
}

// nextNumber hands out the next reference number of a kind. The counter is read once per
// transaction and written back at its end, rather than once per record created.
func (t *Tx) nextNumber(kind string) (int64, error) {
	last, ok := t.numbers[kind]
	if !ok {
		var stored sql.NullInt64
		err := t.QueryRowContext(t.ctx, `SELECT next FROM counters WHERE kind = ?`, kind).Scan(&stored)
		if err != nil && err != sql.ErrNoRows {
			return 0, err
		}
		last = stored.Int64
	}
	t.numbers[kind] = last + 1
	return last + 1, nil
}

// newRef hands out the next reference of a kind: PREFIX-00042, or, for a kind whose records
// are made on several copies at once (schema.Kind.SiteRefs), PREFIX-TAG-0042 with this copy's
// tag, numbered per copy.
func (t *Tx) newRef(k *schema.Kind) (string, error) {
	if !k.SiteRefs {
		next, err := t.nextNumber(k.Name)
		return fmt.Sprintf("%s-%05d", k.Prefix, next), err
	}
	tag := t.s.site.Tag()
	next, err := t.nextNumber(k.Name + "@" + tag)
	return fmt.Sprintf("%s-%s-%04d", k.Prefix, tag, next), err
}

// counterOf names the counter a reference was numbered by: the kind for PREFIX-00042, kind@TAG
// for PREFIX-TAG-0042; "" for a reference of another form.
func counterOf(k *schema.Kind, ref string) string {
	rest, ok := strings.CutPrefix(ref, k.Prefix+"-")
	if !ok {
		return ""
	}
	if !k.SiteRefs {
		return k.Name
	}
	tag, _, ok := strings.Cut(rest, "-")
	if !ok {
		return ""
	}
	return k.Name + "@" + tag
}

// raiseNumber makes the next number of a kind follow n, a reference seen in a bundle.
func (t *Tx) raiseNumber(kind string, n int64) error {
	if last, ok := t.numbers[kind]; ok {
		t.numbers[kind] = max(last, n)
		return nil
	}
	_, err := t.exec(`INSERT INTO counters(kind, next) VALUES(?, ?)
		ON CONFLICT(kind) DO UPDATE SET next = max(next, excluded.next)`, kind, n)
	return err
}

// saveNumbers writes the reference numbers handed out back to the counters table.
func (t *Tx) saveNumbers() error {
	for kind, last := range t.numbers {
		if _, err := t.exec(`INSERT INTO counters(kind, next) VALUES(?, ?)
			ON CONFLICT(kind) DO UPDATE SET next = max(next, excluded.next)`, kind, last); err != nil {
			return err
		}
	}
	return nil
}

// prepared is a transaction as a querier whose statements are prepared once, without the
// memory of Tx.recordOps.
type prepared struct{ t *Tx }

func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.t.QueryContext(ctx, query, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.t.QueryRowContext(ctx, query, args...)
}

// remembered bounds what a transaction remembers (Tx.ops, Tx.rows): one that writes 100,000
// records keeps the last few thousand, which is all that is read again.
const remembered = 4096

func (t *Tx) keepRow(r *Record) {
	if _, ok := t.rows[r.ID]; !ok && len(t.rows) >= remembered {
		clear(t.rows)
	}
	t.rows[r.ID] = r
}

func (t *Tx) keepOps(id string, ops []*Op) {
	if _, ok := t.ops[id]; !ok && len(t.ops) >= remembered {
		clear(t.ops)
	}
	t.ops[id] = ops
}

// forget drops what the transaction remembers of a record (see Tx.ops).
func (t *Tx) forget(id string) {
	delete(t.ops, id)
	delete(t.rows, id)
}

// noteOp remembers the date of an op written or imported for a record (see Tx.since).
func (t *Tx) noteOp(record, at string) {
	if cur, ok := t.since[record]; !ok || at < cur {
		t.since[record] = at
	}
}

type searchText struct{ ref, title, body string }

// Write runs fn in one write transaction. If fn returns an error, nothing is written.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	if s.readOnly || s.damaged != "" {
		return s.readOnlyError()
	}
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.describeWriteError(err)
	}
	t := &Tx{s: s, ctx: ctx, tx: sqlTx, stmts: map[string]*sql.Stmt{}, found: map[string]*location{},
		search: map[int64]*searchText{}, created: map[int64]bool{}, changed: map[string]bool{}, since: map[string]string{},
		ops: map[string][]*Op{}, rows: map[string]*Record{}, numbers: map[string]int64{}}
	defer func() {
		for _, st := range t.stmts {
			st.Close()
		}
	}()
	// Another program may have written ops under this site since we looked: continue after them.
	var last sql.NullInt64
	var lastHLC sql.NullInt64
	sqlTx.QueryRowContext(ctx, "SELECT seq, hlc FROM ops WHERE site=? ORDER BY seq DESC LIMIT 1", s.site.no).Scan(&last, &lastHLC)
	t.seq = last.Int64
	s.mu.Lock()
	s.clock.observe(lastHLC.Int64)
	s.mu.Unlock()

	err = fn(t)
	if err == nil {
		err = t.flushSearch()
	}
	if err == nil {
		err = t.saveNumbers()
	}
	if err == nil {
		err = t.bumpKindVersions()
	}
	if err != nil {
		sqlTx.Rollback()
		return s.describeWriteError(err)
	}
	if err := sqlTx.Commit(); err != nil {
		sqlTx.Rollback()
		return s.describeWriteError(err)
	}
	s.noteLastSeq(t.seq)
	return nil
}

// bumpKindVersions counts this transaction in the version of every register it changed.
func (t *Tx) bumpKindVersions() error {
	for kind := range t.changed {
		if _, err := t.exec(`INSERT INTO kind_versions(kind, version) VALUES(?, 1)
			ON CONFLICT(kind) DO UPDATE SET version = version + 1`, kind); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) stmt(query string) (*sql.Stmt, error) {
	st, ok := t.stmts[query]
	if !ok {
		var err error
		if st, err = t.tx.PrepareContext(t.ctx, query); err != nil {
			return nil, err
		}
		t.stmts[query] = st
	}
	return st, nil
}

func (t *Tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
}

// QueryContext and QueryRowContext make a Tx a querier whose statements are prepared once.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(query)
	if err != nil {
		return t.tx.QueryRowContext(ctx, query, args...) // reports the same error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}

func (t *Tx) locate(key string) (*location, error) {
	if l, ok := t.found[key]; ok {
		return l, nil
	}
	l, err := t.s.locate(t.ctx, prepared{t}, key)
	if err == nil && l != nil {
		t.found[key] = l
	}
	return l, err
}

func (t *Tx) now() int64 {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	return t.s.clock.now()
}

func (t *Tx) writeOp(o *Op) error {
	t.seq++
	o.ID = OpID{Site: t.s.site.ID, Seq: t.seq}
	o.Author = t.s.author
	if o.Pred == nil {
		o.Pred = []OpID{}
	}
	o.Hash = o.ComputeHash()
	t.noteOp(o.Record, o.At)
	pred, _ := json.Marshal(o.Pred)
	var value any
	if len(o.Value) > 0 {
		value = string(o.Value)
	}
	_, err := t.exec(`INSERT INTO ops(site, seq, hlc, at, record, kind, field, value, pred, author, note, hash)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`,
		t.s.site.no, o.ID.Seq, o.HLC, o.At, o.Record, o.Kind, o.Field, value, string(pred), o.Author, o.Note, o.Hash)
	if known, ok := t.ops[o.Record]; ok && err == nil {
		t.ops[o.Record] = append(known, o)
	} else if o.Field == fieldCreate && err == nil {
		t.keepOps(o.Record, []*Op{o}) // a new record: its ops are all written here
	}
	return err
}

// recordOps reads every op of a record, or what the transaction remembers of them.
func (t *Tx) recordOps(id string) ([]*Op, error) {
	if known, ok := t.ops[id]; ok {
		return slices.Clip(known), nil
	}
	ops, err := t.s.recordOps(t.ctx, prepared{t}, id)
	if err == nil {
		t.keepOps(id, ops)
	}
	return slices.Clip(ops), err
}

// effective is when a change took effect: its own date, else the store's clock (the real
// time unless SetClock set another, as the demo does to write two years of history).
func (t *Tx) effective(c Change) string {
	at := c.At
	if at.IsZero() {
		at = t.s.clockNow()
	}
	return at.UTC().Format(schema.DateTimeLayout)
}

// Kind returns the declared kind of that name, or an error that lists the kinds.
func (s *Store) Kind(name string) (*schema.Kind, error) { return s.kind(name) }

// kind returns the declared kind or an error that lists the kinds.
func (s *Store) kind(name string) (*schema.Kind, error) {
	k, ok := s.reg.Kind(name)
	if !ok {
		return nil, fmt.Errorf("unknown kind %q (kinds: %s)", name, strings.Join(s.reg.Names(), ", "))
	}
	return k, nil
}

var setByWorkbench = []string{"id", "ref", "kind", "created_at", "updated_at"}

// prepare checks the fields a user gave and returns their canonical values, references resolved
// to ids. current is the record being changed, nil when creating one.
func (t *Tx) prepare(k *schema.Kind, input map[string]any, current *Record) (map[string]any, error) {
	names := make([]string, 0, len(input))
	for name := range input {
		names = append(names, name)
	}
	sort.Strings(names)
	out := map[string]any{}
	for _, name := range names {
		raw := input[name]
		if slices.Contains(setByWorkbench, name) {
			// A record printed by get and given back whole is fine, as long as these are unchanged.
			if current != nil && builtinMatches(current, name, raw) {
				continue
			}
			return nil, fieldErr(k.Name, name, "field.read_only", "is set by the workbench and cannot be given")
		}
		if name == "status" {
			if k.Workflow == nil {
				return nil, fieldErr(k.Name, name, "field.unknown", "does not exist: %s has no workflow", k.PluralWord())
			}
			if current != nil && raw == current.Status || current == nil && raw == k.Workflow.Initial {
				continue
			}
			if current == nil {
				return nil, fieldErr(k.Name, name, "workflow.initial", "cannot be given: a new %s starts as %s; move it afterwards", k.KindWord(), schema.StateWord(k.Name, k.Workflow.Initial))
			}
			return nil, fieldErr(k.Name, name, "workflow.move_only", "changes only through a workflow move of %s %s", k.NameWord(), current.Ref)
		}
		f, ok := k.Field(name)
		if !ok {
			return nil, fieldErr(k.Name, name, "field.unknown", "does not exist (fields: %s)", fieldNames(k))
		}
		if f.Computed {
			if current != nil && reflect.DeepEqual(current.Values[name], mustNormalize(f, raw)) {
				continue
			}
			return nil, fieldErr(k.Name, name, "field.computed", "is computed and cannot be set (%s)", schema.Word{Path: "help." + k.Name + "." + name, English: f.Help})
		}
		v, err := f.Normalize(raw)
		if err != nil {
			fe := &FieldError{Kind: k.Name, Field: name, Code: "field.invalid", Msg: err.Error(), cause: err}
			var cell *schema.CellError
			if errors.As(err, &cell) {
				fe.Row, fe.Column = cell.Row, cell.Column
			}
			return nil, fe
		}
		if f.Locked && current != nil {
			if same, _ := t.resolve(k, f, v); reflect.DeepEqual(same, current.Values[name]) {
				continue
			}
			return nil, fieldErr(k.Name, name, "field.locked", "is fixed when the %s is created and cannot change", k.KindWord())
		}
		if v == nil && f.Required {
			return nil, fieldErr(k.Name, name, "field.required", "is required")
		}
		if v, err = t.resolve(k, f, v); err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

func builtinMatches(r *Record, name string, raw any) bool {
	s, _ := raw.(string)
	switch name {
	case "id":
		return s == r.ID
	case "ref":
		return s == r.Ref
	case "kind":
		return s == r.Kind
	case "created_at":
		return s == r.CreatedAt
	case "updated_at":
		return true // it changes with this very write
	}
	return false
}

func mustNormalize(f *schema.Field, raw any) any {
	v, _ := f.Normalize(raw)
	return v
}

func fieldNames(k *schema.Kind) string {
	var names []string
	for _, f := range k.Fields {
		if !f.Computed {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}

// resolve turns the ids or refs of a reference field into ids of live records of the right kind.
func (t *Tx) resolve(k *schema.Kind, f *schema.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch f.Type {
	case schema.Ref:
		return t.resolveOne(k, f, v.(string))
	case schema.Refs:
		keys := v.([]string)
		ids := make([]string, 0, len(keys))
		for _, key := range keys {
			id, err := t.resolveOne(k, f, key)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
	return v, nil
}

func (t *Tx) resolveOne(k *schema.Kind, f *schema.Field, key string) (string, error) {
	loc, err := t.locate(key)
	if err != nil {
		return "", err
	}
	if f.Ref == schema.AnyKind {
		switch {
		case loc == nil:
			return "", fieldErr(k.Name, f.Name, "ref.unknown", "refers to no record %q", key)
		case !loc.alive:
			return "", fieldErr(k.Name, f.Name, "ref.deleted", "refers to %s %s, which was deleted", schema.Word{Path: "kind." + loc.kind + ".label", English: loc.kind}, loc.ref)
		}
		return loc.id, nil
	}
	target, _ := t.s.reg.Kind(f.Ref)
	switch {
	case loc == nil || loc.kind != target.Name:
		return "", fieldErr(k.Name, f.Name, "ref.unknown", "refers to no %s %q", target.KindWord(), key)
	case !loc.alive:
		return "", fieldErr(k.Name, f.Name, "ref.deleted", "refers to %s %s, which was deleted", target.KindWord(), loc.ref)
	}
	return loc.id, nil
}

// Create adds a record of a kind and returns it.
func (t *Tx) Create(kindName string, input map[string]any, c Change) (*Record, error) {
	k, err := t.s.kind(kindName)
	if err != nil {
		return nil, err
	}
	if c.At.IsZero() {
		c.At = t.startOf(k, input)
	}
	return t.create(k, input, c, nil)
}

// skew is how far ahead of this machine's clock a move may be dated (another laptop's clock).
const skew = time.Minute

// startOf is when a record entered after the fact began: its own start date-time (a ticket's
// opened_at, a complaint's received_at), when it is given and past. The record is created then,
// so that its moves can be dated back to it and its clock runs from it; zero (now) otherwise.
func (t *Tx) startOf(k *schema.Kind, input map[string]any) time.Time {
	for _, f := range k.Fields {
		if f.Type != schema.DateTime || f.Default != schema.Now || f.Computed {
			continue
		}
		v, err := f.Normalize(input[f.Name])
		if err != nil || v == nil {
			return time.Time{}
		}
		if at := parseAt(fmt.Sprint(v)); !at.IsZero() && at.Before(t.s.clockNow()) {
			return at
		}
		return time.Time{}
	}
	return time.Time{}
}

// create adds a record; past, when an import gives it, holds the record's state and history
// as the source says (see Import).
func (t *Tx) create(k *schema.Kind, input map[string]any, c Change, past *past) (*Record, error) {
	r, tl, given, err := t.begin(k, input, c, past)
	if err != nil {
		return nil, err
	}
	return r, t.finish(k, r, tl, given)
}

// begin checks a new record, gives it its ref and writes its ops (the create op, and the moves
// an import gives); finish computes it and stores its row.
func (t *Tx) begin(k *schema.Kind, input map[string]any, c Change, past *past) (*Record, []schema.StatusChange, map[string]any, error) {
	values, err := t.prepare(k, input, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	at := t.effective(c)
	for i := range k.Fields {
		f := &k.Fields[i]
		if _, given := values[f.Name]; given || f.Default == nil || f.Computed {
			continue
		}
		if past != nil && !f.Required && (f.Type == schema.Integer && len(f.Enum) == 0 || f.Type == schema.Number || f.Type == schema.Money) {
			continue // an import never invents a figure its source left empty (a notice period)
		}
		if f.Default == schema.Now {
			if f.Type == schema.Date {
				values[f.Name] = at[:10]
			} else {
				values[f.Name] = at
			}
		} else {
			values[f.Name], _ = f.Normalize(f.Default)
		}
	}
	for _, f := range k.Fields {
		if f.Required && values[f.Name] == nil {
			return nil, nil, nil, fieldErr(k.Name, f.Name, "field.required", "is required")
		}
	}
	status := ""
	if k.Workflow != nil {
		status = k.Workflow.Initial
		if past != nil && past.initial != "" {
			status = past.initial
		}
	}
	probe := &Record{Kind: k.Name, Values: values, kind: k, CreatedAt: at, Status: status}
	if past != nil {
		probe.Status = past.final(status)
	}
	if err := t.check(k, probe); err != nil {
		return nil, nil, nil, err
	}
	ref, err := t.newRef(k)
	if err != nil {
		return nil, nil, nil, err
	}
	r := &Record{ID: newID(), Ref: ref, Kind: k.Name,
		CreatedAt: at, UpdatedAt: at, Values: values, kind: k, Status: status}

	initial := map[string]any{"ref": r.Ref}
	if r.Status != "" {
		initial["status"] = r.Status
	}
	for name, v := range values {
		if v != nil {
			initial[name] = v
		}
	}
	var tl []schema.StatusChange
	if r.Status != "" {
		tl = []schema.StatusChange{{At: parseAt(at), Status: r.Status}}
	}
	var given map[string]any
	if past != nil {
		given = past.given
		for name, v := range given {
			initial[name] = v
		}
		for _, m := range past.moves {
			tl = append(tl, schema.StatusChange{At: parseAt(m.at), Status: m.to})
			r.Status, r.UpdatedAt = m.to, max(r.UpdatedAt, m.at)
		}
	}
	body, _ := json.Marshal(initial)
	create := &Op{HLC: t.now(), At: at, Record: r.ID, Kind: k.Name, Field: fieldCreate, Value: body, Note: c.Note}
	if err := t.writeOp(create); err != nil {
		return nil, nil, nil, err
	}
	if past != nil {
		pred := create.ID
		for _, m := range past.moves {
			to, _ := json.Marshal(m.to)
			move := &Op{HLC: t.now(), At: m.at, Record: r.ID, Kind: k.Name, Field: "status", Value: to, Pred: []OpID{pred}, Note: c.Note}
			if err := t.writeOp(move); err != nil {
				return nil, nil, nil, err
			}
			pred = move.ID
		}
	}
	return r, tl, given, nil
}

// finish computes a record begun in this transaction and stores its row and search entry.
func (t *Tx) finish(k *schema.Kind, r *Record, tl []schema.StatusChange, given map[string]any) error {
	if err := t.compute(k, r, tl, given); err != nil {
		return err
	}
	res, err := t.exec("INSERT INTO records(id, kind, ref) VALUES(?,?,?)", r.ID, k.Name, r.Ref)
	if err != nil {
		return err
	}
	r.n, _ = res.LastInsertId()
	t.remember(r.n)
	t.created[r.n] = true
	if err := t.insertRow(k, r); err != nil {
		return err
	}
	t.index(r)
	return t.refresh(k, r, nil)
}

func (t *Tx) insertRow(k *schema.Kind, r *Record) error {
	t.wrote(k.Name)
	args := make([]any, 0, 6+len(k.Fields))
	args = append(args, r.n, r.ID, r.Ref, nullIfEmpty(r.Status), r.CreatedAt, r.UpdatedAt)
	for i := range k.Fields {
		args = append(args, toColumn(&k.Fields[i], r.Values[k.Fields[i].Name]))
	}
	_, err := t.exec(statementsOf(k).insert, args...)
	if err == nil {
		t.keepRow(storedCopy(r))
	} else {
		t.forget(r.ID)
	}
	return err
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// index queues the record's text for the full-text index.
func (t *Tx) index(r *Record) {
	t.remember(r.n)
	var body []string
	for _, f := range r.kind.Fields {
		if s, ok := r.Values[f.Name].(string); ok && f.Searchable && f.Name != "title" {
			body = append(body, s)
		}
	}
	t.search[r.n] = &searchText{r.Ref, r.Title(), strings.Join(body, "\n")}
}

// unindex queues the record's removal from the full-text index.
func (t *Tx) unindex(r *Record) { t.remember(r.n); t.search[r.n] = nil }

// flushSearch writes the queued index changes: one statement removes the old entries of records
// that existed before this transaction (or the last flush), one inserts the new text.
func (t *Tx) flushSearch() error {
	var gone []int64
	var rows [][4]any
	for n, txt := range t.search {
		if !t.created[n] {
			gone = append(gone, n)
		}
		if txt != nil {
			rows = append(rows, [4]any{n, txt.ref, txt.title, txt.body})
		}
	}
	if len(gone) > 0 {
		b, _ := json.Marshal(gone)
		if _, err := t.tx.ExecContext(t.ctx, "DELETE FROM search WHERE rowid IN (SELECT value FROM json_each(?))", string(b)); err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		b, _ := json.Marshal(rows)
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO search(rowid, ref, title, body)
			SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)`, string(b)); err != nil {
			return err
		}
	}
	// Written: a record indexed again later in the transaction has an entry to remove first.
	clear(t.search)
	clear(t.created)
	return nil
}

// current reads a live record for a change.
func (t *Tx) current(kindName, key string) (*schema.Kind, *Record, error) {
	k, err := t.s.kind(kindName)
	if err != nil {
		return nil, nil, err
	}
	r, err := t.s.get(t.ctx, t, k, key)
	return k, r, err
}

// Update changes the given fields of a record. Fields left out keep their value; a null clears
// a field that is not required.
func (t *Tx) Update(kindName, key string, input map[string]any, c Change) (*Record, error) {
	k, r, err := t.current(kindName, key)
	if err != nil {
		return nil, err
	}
	values, changed, err := t.edit(k, r, input)
	if err != nil {
		return nil, err
	}
	if len(changed) == 0 {
		return r, nil
	}
	old := maps.Clone(r.Values)
	ops, err := t.s.recordOps(t.ctx, t, r.ID)
	if err != nil {
		return nil, err
	}
	state := fold(ops)
	at, hlc := t.effective(c), t.now()
	for _, name := range changed {
		body, _ := json.Marshal(values[name])
		if values[name] == nil {
			body = nil
		}
		if err := t.writeOp(&Op{HLC: hlc, At: at, Record: r.ID, Kind: k.Name, Field: name, Value: body,
			Pred: state.liveIDs(name), Note: c.Note}); err != nil {
			return nil, err
		}
		if values[name] == nil {
			delete(r.Values, name)
		} else {
			r.Values[name] = values[name]
		}
	}
	r.UpdatedAt = max(r.UpdatedAt, at)
	if err := t.compute(k, r, timeline(k, ops), givenValues(k, state)); err != nil {
		return nil, err
	}
	if err := t.rewriteRow(k, r); err != nil {
		return nil, err
	}
	if err := t.recheckConflicts(k, r.ID, r.Ref); err != nil {
		return nil, err
	}
	return r, t.refreshOf(k, r, old, true)
}

// edit checks the fields input changes on r and the record they would make: it returns their
// canonical values and the names of those that differ from r's, sorted. r is left as it is.
func (t *Tx) edit(k *schema.Kind, r *Record, input map[string]any) (map[string]any, []string, error) {
	values, err := t.prepare(k, input, r)
	if err != nil {
		return nil, nil, err
	}
	var changed []string
	for name, v := range values {
		if !reflect.DeepEqual(r.Values[name], v) {
			changed = append(changed, name)
		}
	}
	if len(changed) == 0 {
		return values, nil, nil
	}
	sort.Strings(changed)
	next := maps.Clone(r.Values)
	for _, name := range changed {
		if values[name] == nil {
			delete(next, name)
		} else {
			next[name] = values[name]
		}
	}
	probe := *r
	probe.Values = next
	return values, changed, t.check(k, &probe)
}

// rewriteRow stores the record's materialised row and search text again.
//
// When the transaction knows the row as it is stored (Tx.rows), only the columns whose values
// changed are written: SQLite then leaves alone every index that holds none of them, and a
// register has an index for each of its references.
func (t *Tx) rewriteRow(k *schema.Kind, r *Record) error {
	before, known := t.rows[r.ID]
	if !known || before.n != r.n || before.Kind != k.Name {
		if _, err := t.exec(fmt.Sprintf("DELETE FROM %s WHERE n=?", tableOf(k)), r.n); err != nil {
			return err
		}
		if err := t.insertRow(k, r); err != nil {
			return err
		}
		t.index(r)
		return nil
	}
	after := storedCopy(r)
	var sets []string
	var args []any
	for _, c := range []struct {
		col      string
		was, now string
	}{{"ref", before.Ref, after.Ref}, {"status", before.Status, after.Status}, {"created_at", before.CreatedAt, after.CreatedAt}, {"updated_at", before.UpdatedAt, after.UpdatedAt}} {
		if c.was != c.now {
			sets, args = append(sets, c.col+"=?"), append(args, c.now)
			if c.col == "status" {
				args[len(args)-1] = nullIfEmpty(c.now)
			}
		}
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if !reflect.DeepEqual(before.Values[f.Name], after.Values[f.Name]) {
			sets, args = append(sets, quote(f.Name)+"=?"), append(args, toColumn(f, r.Values[f.Name]))
		}
	}
	t.wrote(k.Name)
	if len(sets) > 0 {
		if _, err := t.exec(fmt.Sprintf("UPDATE %s SET %s WHERE n=?", tableOf(k), strings.Join(sets, ",")), append(args, r.n)...); err != nil {
			t.forget(r.ID)
			return err
		}
	}
	t.keepRow(after)
	t.index(r)
	return nil
}

// Move takes a record along its workflow to another state.
func (t *Tx) Move(kindName, key, to string, c Change) (*Record, error) {
	k, r, err := t.current(kindName, key)
	if err != nil {
		return nil, err
	}
	at, err := t.checkMove(k, r, to, c)
	if err != nil {
		return nil, err
	}
	return t.moveTo(k, r, to, at, c.Note)
}

// checkMove asks the workflow, the move's date and the kind's guards whether r may move to to;
// it returns when the move takes effect.
func (t *Tx) checkMove(k *schema.Kind, r *Record, to string, c Change) (string, error) {
	w := k.Workflow
	if w == nil {
		return "", fmt.Errorf("%s have no workflow", k.Plural)
	}
	if !w.HasState(to) {
		var names []string
		for _, st := range w.States {
			names = append(names, st.Name)
		}
		return "", fmt.Errorf("%s has no state %q (states: %s)", k.Name, to, strings.Join(names, ", "))
	}
	if !w.Allowed(r.Status, to) {
		return "", &TransitionError{Kind: k.Name, Ref: r.Ref, From: r.Status, To: to, Allowed: w.Next(r.Status)}
	}
	at, err := t.changeAt(k, r, c)
	if err != nil {
		return "", err
	}
	return at, t.guard(k, r, to)
}

// changeAt is when a change of r dated by c takes effect; a change is dated at the earliest when
// the record began, and not in the future.
func (t *Tx) changeAt(k *schema.Kind, r *Record, c Change) (string, error) {
	at := t.effective(c)
	if !c.At.IsZero() && at < r.CreatedAt {
		return "", fieldErr(k.Name, "at", "date.before_start", "is %s, before %s %s began (%s): a move is dated at the earliest when the record began", at, k.NameWord(), r.Ref, r.CreatedAt)
	}
	if c.At.After(t.s.clockNow().Add(skew)) {
		return "", fieldErr(k.Name, "at", "date.future", "is %s, in the future: a move is dated when it happened", at)
	}
	return at, nil
}

// moveTo writes a move of r to the state to, taking effect at at, without asking the workflow:
// Move has, or an import takes the state as given.
func (t *Tx) moveTo(k *schema.Kind, r *Record, to, at, note string) (*Record, error) {
	ops, err := t.s.recordOps(t.ctx, t, r.ID)
	if err != nil {
		return nil, err
	}
	state := fold(ops)
	body, _ := json.Marshal(to)
	move := &Op{HLC: t.now(), At: at, Record: r.ID, Kind: k.Name, Field: "status", Value: body,
		Pred: state.liveIDs("status"), Note: note}
	if err := t.writeOp(move); err != nil {
		return nil, err
	}
	if err := t.recheckConflicts(k, r.ID, r.Ref); err != nil {
		return nil, err
	}
	old := map[string]any{}
	for name, v := range r.Values {
		old[name] = v
	}
	r.Status = to
	r.UpdatedAt = max(r.UpdatedAt, at)
	if k.Compute == nil && k.Live == nil {
		t.wrote(k.Name)
		if _, err := t.exec(fmt.Sprintf("UPDATE %s SET status=?, updated_at=? WHERE n=?", tableOf(k)), to, r.UpdatedAt, r.n); err != nil {
			return nil, err
		}
		t.keepRow(storedCopy(r))
		return r, t.refresh(k, r, old)
	}
	if err := t.compute(k, r, timeline(k, append(ops, move)), givenValues(k, state)); err != nil {
		return nil, err
	}
	if err := t.rewriteRow(k, r); err != nil {
		return nil, err
	}
	return r, t.refresh(k, r, old)
}

// Delete removes a record from its register. Its ops stay, so its history can still be read;
// a record that others refer to cannot be deleted until they no longer do.
func (t *Tx) Delete(kindName, key string, c Change) error {
	k, r, err := t.current(kindName, key)
	if err != nil {
		return err
	}
	if err := t.checkUnreferenced(k, r); err != nil {
		return err
	}
	ops, err := t.s.recordOps(t.ctx, t, r.ID)
	if err != nil {
		return err
	}
	// A delete names every op it saw, of every field: an edit it did not see, made elsewhere at
	// the same time, then shows as a delete-vs-edit conflict instead of vanishing.
	if err := t.writeOp(&Op{HLC: t.now(), At: t.effective(c), Record: r.ID, Kind: k.Name, Field: fieldAlive,
		Value: json.RawMessage("false"), Pred: fold(ops).allLiveIDs(), Note: c.Note}); err != nil {
		return err
	}
	t.wrote(k.Name)
	if _, err := t.exec(fmt.Sprintf("DELETE FROM %s WHERE n=?", tableOf(k)), r.n); err != nil {
		return err
	}
	delete(t.rows, r.ID)
	if _, err := t.exec("UPDATE records SET alive=0 WHERE n=?", r.n); err != nil {
		return err
	}
	t.unindex(r)
	clear(t.found)
	if err := t.recheckConflicts(k, r.ID, r.Ref); err != nil {
		return err
	}
	return t.refresh(k, r, r.Values)
}

func (t *Tx) checkUnreferenced(k *schema.Kind, r *Record) error {
	for _, other := range t.s.reg.Kinds() {
		for _, f := range other.Fields {
			if !f.Names(k.Name) || f.Computed {
				continue // a computed reference is refreshed instead
			}
			var q string
			if f.Type == schema.Ref {
				q = fmt.Sprintf("SELECT ref, (SELECT count(*) FROM %[1]s WHERE %[2]s=?1) FROM %[1]s WHERE %[2]s=?1 LIMIT 1", tableOf(other), quote(f.Name))
			} else {
				q = fmt.Sprintf(`SELECT ref, (SELECT count(*) FROM %[1]s WHERE EXISTS(SELECT 1 FROM json_each(%[2]s) WHERE value=?1))
					FROM %[1]s WHERE EXISTS(SELECT 1 FROM json_each(%[2]s) WHERE value=?1) LIMIT 1`, tableOf(other), quote(f.Name))
			}
			var ref string
			var count int
			err := t.tx.QueryRowContext(t.ctx, q, r.ID).Scan(&ref, &count)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			more := ""
			if count > 1 {
				more = fmt.Sprintf(" and %d more", count-1)
			}
			return fmt.Errorf("cannot delete %s %s: %s %s%s refer to it in %q; change those first",
				k.Name, r.Ref, other.Name, ref, more, f.Name)
		}
	}
	return nil
}

// Create adds one record in its own transaction.
func (s *Store) Create(ctx context.Context, kind string, input map[string]any, c Change) (r *Record, err error) {
	err = s.Write(ctx, func(t *Tx) error { r, err = t.Create(kind, input, c); return err })
	return r, s.afterWrite(ctx, r, err)
}

// Update changes fields of one record in its own transaction.
func (s *Store) Update(ctx context.Context, kind, key string, input map[string]any, c Change) (r *Record, err error) {
	err = s.Write(ctx, func(t *Tx) error { r, err = t.Update(kind, key, input, c); return err })
	return r, s.afterWrite(ctx, r, err)
}

// Move takes one record to another workflow state in its own transaction.
func (s *Store) Move(ctx context.Context, kind, key, to string, c Change) (r *Record, err error) {
	err = s.Write(ctx, func(t *Tx) error { r, err = t.Move(kind, key, to, c); return err })
	return r, s.afterWrite(ctx, r, err)
}

// afterWrite prepares a record just written for its caller, as a read would show it.
func (s *Store) afterWrite(ctx context.Context, r *Record, err error) error {
	if err != nil {
		return err
	}
	if err := s.live(ctx, s.db, []*Record{r}); err != nil {
		return err
	}
	return s.attachLinks(ctx, s.db, []*Record{r})
}

// Delete removes one record in its own transaction.
func (s *Store) Delete(ctx context.Context, kind, key string, c Change) error {
	return s.Write(ctx, func(t *Tx) error { return t.Delete(kind, key, c) })
}

// Get reads one live record by id or ref inside the transaction, seeing its changes.
func (t *Tx) Get(kindName, key string) (*Record, error) {
	k, err := t.s.kind(kindName)
	if err != nil {
		return nil, err
	}
	return t.s.get(t.ctx, t, k, key)
}

// List reads the records of a kind that match the query inside the transaction, oldest first
// unless the query sorts; the query's limit applies (none when negative).
func (t *Tx) List(kindName string, q Query) ([]*Record, error) {
	k, err := t.s.kind(kindName)
	if err != nil {
		return nil, err
	}
	order := "n"
	if q.Sort != "" {
		if order, err = sortClause(k, q.Sort); err != nil {
			return nil, err
		}
	}
	limit := q.Limit
	if limit == 0 {
		limit = -1
	}
	return t.s.query(t.ctx, t, k, q, limit, q.Offset, order)
}

// Locate returns the id of a live record of any kind by id or ref.
func (t *Tx) Locate(key string) (string, error) {
	loc, err := t.locate(key)
	switch {
	case err != nil:
		return "", err
	case loc == nil:
		return "", fmt.Errorf("no record %q", strings.TrimSpace(key))
	case !loc.alive:
		return "", fmt.Errorf("%s %s was deleted", loc.kind, loc.ref)
	}
	return loc.id, nil
}
