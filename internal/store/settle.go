package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"smsworkbench/internal/schema"
)

// Conflict types.
const (
	ConflictValue     = "value"         // concurrent writes left a field with different values
	ConflictDelete    = "delete"        // a record was deleted while someone edited it
	ConflictDuplicate = "duplicate_ref" // two copies gave the same reference to two records
	ConflictDangling  = "dangling_ref"  // a field refers to a record deleted elsewhere
)

// settled is one record folded again by settle.
type settled struct {
	k          *schema.Kind
	r          *Record
	f          *folded
	ops        []*Op
	old        map[string]any // its values before, when it was shown
	oldRef     string
	visible    bool
	wasVisible bool
}

// settle folds each record again from its ops and stores what the fold says: whether it is
// shown, its register row, its search text, its computed values and its conflicts. It returns
// the conflicts this opened and closed. Records whose creation has not arrived yet, or whose
// kind this version does not know, keep their ops and wait.
func (t *Tx) settle(ids []string) (opened, closed []string, err error) {
	before, err := t.conflictIDs()
	if err != nil {
		return nil, nil, err
	}
	var done []*settled
	seen := map[string]int64{} // kind -> the highest ref number of the batch
	var where map[string]*location
	for i, id := range ids {
		if i%prefetchBatch == 0 {
			if where, err = t.prefetch(ids[i:min(i+prefetchBatch, len(ids))]); err != nil {
				return nil, nil, err
			}
		}
		ops, err := t.s.recordOps(t.ctx, t, id)
		if err != nil {
			return nil, nil, err
		}
		d, err := t.store(id, ops, where[id])
		if err != nil {
			return nil, nil, err
		}
		if d != nil {
			done = append(done, d)
			if counter := counterOf(d.k, d.r.Ref); counter != "" && refNumber(d.r.Ref) > seen[counter] {
				seen[counter] = refNumber(d.r.Ref)
			}
		}
	}
	// The next reference this copy hands out follows every one it has seen.
	for kind, n := range seen {
		if err := t.raiseNumber(kind, n); err != nil {
			return nil, nil, err
		}
	}
	// Computed values once every record of the batch has its row: a ticket reads its SLA.
	for _, d := range done {
		if d.visible && (d.k.Compute != nil || d.k.Live != nil) {
			if err := t.compute(d.k, d.r, timeline(d.k, d.ops), givenValues(d.k, d.f)); err != nil {
				return nil, nil, err
			}
			if err := t.rewriteRow(d.k, d.r); err != nil { // the computed columns only
				return nil, nil, err
			}
		}
	}
	for _, d := range done {
		old := d.old
		if !d.visible {
			old = d.r.Values
		}
		if err := t.refresh(d.k, d.r, old); err != nil {
			return nil, nil, err
		}
	}
	if err := t.settleConflicts(done); err != nil {
		return nil, nil, err
	}
	after, err := t.conflictIDs()
	if err != nil {
		return nil, nil, err
	}
	for id := range after {
		if !before[id] {
			opened = append(opened, id)
		}
	}
	for id := range before {
		if !after[id] {
			closed = append(closed, id)
		}
	}
	sort.Strings(opened)
	sort.Strings(closed)
	return opened, closed, nil
}

// prefetchBatch is how many records prefetch reads per statement.
const prefetchBatch = 500

// prefetch reads, a few hundred records per statement, the ops of the records a settle is about
// to fold (into Tx.ops) and where each record stands (nil: not in the workspace yet), so that a
// bundle of 100,000 records does not ask SQLite twice per record.
func (t *Tx) prefetch(ids []string) (map[string]*location, error) {
	where := make(map[string]*location, len(ids))
	for from := 0; from < len(ids); from += prefetchBatch {
		part := ids[from:min(from+prefetchBatch, len(ids))]
		list, _ := json.Marshal(part)
		rows, err := t.QueryContext(t.ctx, `SELECT n, id, kind, ref, alive FROM records WHERE id IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var l location
			if err := rows.Scan(&l.n, &l.id, &l.kind, &l.ref, &l.alive); err != nil {
				rows.Close()
				return nil, err
			}
			where[l.id] = &l
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var unknown []string
		for _, id := range part {
			if _, ok := t.ops[id]; !ok {
				unknown = append(unknown, id)
			}
		}
		if len(unknown) == 0 {
			continue
		}
		list, _ = json.Marshal(unknown)
		rows, err = t.QueryContext(t.ctx, `SELECT (SELECT id FROM sites WHERE no = ops.site), seq, hlc, at, kind, field, value, pred, author, note, hash, record
			FROM ops WHERE record IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return nil, err
		}
		got := map[string][]*Op{}
		for rows.Next() {
			o, err := scanOp(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			got[o.Record] = append(got[o.Record], o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, id := range unknown {
			t.keepOps(id, got[id])
		}
	}
	return where, nil
}

// store writes one record as its ops say it is; loc is where it stands (nil: not yet).
func (t *Tx) store(id string, ops []*Op, loc *location) (*settled, error) {
	f := fold(ops)
	if f.created == nil {
		return nil, nil
	}
	k, ok := t.s.reg.Kind(f.kind)
	if !ok {
		return nil, nil
	}
	d := &settled{k: k, f: f, ops: ops, r: recordFromFold(k, id, f)}
	d.visible = f.alive || len(f.missedByDelete()) > 0
	if loc == nil {
		res, err := t.exec("INSERT INTO records(id, kind, ref, alive) VALUES(?,?,?,?)", id, k.Name, d.r.Ref, d.visible)
		if err != nil {
			return nil, err
		}
		d.r.n, _ = res.LastInsertId()
		t.created[d.r.n] = true
	} else {
		d.r.n, d.oldRef, d.wasVisible = loc.n, loc.ref, loc.alive
		if d.wasVisible {
			cur, err := t.s.get(t.ctx, t, k, id)
			if err != nil {
				return nil, err
			}
			d.old = cur.Values
		}
		if _, err := t.exec("UPDATE records SET ref=?, alive=? WHERE n=?", d.r.Ref, d.visible, loc.n); err != nil {
			return nil, err
		}
		if _, err := t.exec(fmt.Sprintf("DELETE FROM %s WHERE n=?", tableOf(k)), loc.n); err != nil {
			return nil, err
		}
		delete(t.rows, id)
	}
	clear(t.found)
	t.wrote(k.Name)
	if d.visible {
		if err := t.insertRow(k, d.r); err != nil {
			return nil, err
		}
		t.index(d.r)
	} else if d.wasVisible {
		t.unindex(d.r)
	}
	return d, nil
}

// recordFromFold builds the record a fold describes (computed values aside).
func recordFromFold(k *schema.Kind, id string, f *folded) *Record {
	r := &Record{ID: id, Kind: k.Name, kind: k, CreatedAt: f.createdAt, UpdatedAt: f.updatedAt, Values: map[string]any{}}
	json.Unmarshal(f.values["ref"], &r.Ref)
	json.Unmarshal(f.values["status"], &r.Status)
	for i := range k.Fields {
		fd := &k.Fields[i]
		if raw, ok := f.values[fd.Name]; ok && !fd.Computed {
			if v := fromJSON(fd, raw); v != nil {
				r.Values[fd.Name] = v
			}
		}
	}
	return r
}

// missedByDelete lists the live edits that the record's winning delete had not seen: each was
// made elsewhere while the record was being deleted, so a person must decide.
func (f *folded) missedByDelete() []*Op {
	if f.created == nil || f.alive {
		return nil
	}
	var dels []*Op
	seen := map[OpID]bool{}
	for _, o := range f.live[fieldAlive] {
		if o.Field == fieldAlive && string(o.Value) == "false" {
			dels = append(dels, o)
			for _, p := range o.Pred {
				seen[p] = true
			}
		}
	}
	// A site has seen its own earlier ops.
	sawOwn := func(o *Op) bool {
		for _, d := range dels {
			if d.ID.Site == o.ID.Site && d.ID.Seq > o.ID.Seq {
				return true
			}
		}
		return false
	}
	var missed []*Op
	done := map[OpID]bool{}
	for field, live := range f.live {
		if field == fieldAlive {
			continue
		}
		for _, o := range live {
			if o.Field == fieldCreate || seen[o.ID] || done[o.ID] || sawOwn(o) {
				continue
			}
			done[o.ID] = true
			missed = append(missed, o)
		}
	}
	sort.Slice(missed, func(i, j int) bool { return missed[j].after(missed[i]) })
	return missed
}

func (t *Tx) conflictIDs() (map[string]bool, error) {
	rows, err := t.QueryContext(t.ctx, "SELECT id FROM conflicts")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// conflictID names a conflict by what it is about and the ops in it, so that every copy
// holding the same ops gives it the same id.
func conflictID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "C-" + hex.EncodeToString(sum[:5])
}

func opIDStrings(ops []*Op) []string {
	out := make([]string, len(ops))
	for i, o := range ops {
		out[i] = o.ID.String()
	}
	sort.Strings(out)
	return out
}

// settleConflicts finds again the conflicts of the settled records, of the records that refer
// to one that appeared or vanished, and of the references they held and hold.
func (t *Tx) settleConflicts(done []*settled) error {
	check := map[string]bool{}
	refs := map[[2]string]bool{} // kind, ref
	for _, d := range done {
		check[d.r.ID] = true
		refs[[2]string{d.k.Name, d.r.Ref}] = true
		if d.oldRef != "" {
			refs[[2]string{d.k.Name, d.oldRef}] = true
		}
		var ids []string
		var err error
		switch {
		case d.wasVisible && !d.visible:
			ids, err = t.referrers(d.k, d.r.ID)
		case d.visible && !d.wasVisible:
			// Only records already in conflict over it can have referred to it.
			ids, err = t.danglingOver(d.r.ID)
		}
		if err != nil {
			return err
		}
		for _, id := range ids {
			check[id] = true
		}
	}
	ids := make([]string, 0, len(check))
	for id := range check {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	folded := map[string]*settled{}
	for _, d := range done {
		folded[d.r.ID] = d
	}
	alive := map[string]bool{} // the records references point at, looked up once
	for _, id := range ids {
		var ops []*Op
		isNew := false
		if d := folded[id]; d != nil {
			ops, isNew = d.ops, d.oldRef == "" && !d.wasVisible
		}
		if err := t.recordConflicts(id, ops, isNew, alive); err != nil {
			return err
		}
	}
	var dups int
	if err := t.QueryRowContext(t.ctx, "SELECT count(*) FROM conflicts WHERE type=?", ConflictDuplicate).Scan(&dups); err != nil {
		return err
	}
	for kr := range refs {
		if err := t.duplicateConflict(kr[0], kr[1], dups > 0); err != nil {
			return err
		}
	}
	return nil
}

// recordConflicts stores the value, delete and dangling-reference conflicts of one record, from
// its ops (read when nil). A record new in this transaction has no conflict rows to clear; alive
// caches whether the records referred to are shown.
func (t *Tx) recordConflicts(id string, ops []*Op, isNew bool, alive map[string]bool) error {
	var had int
	if !isNew {
		if err := t.QueryRowContext(t.ctx, "SELECT count(*) FROM conflicts WHERE record=?", id).Scan(&had); err != nil {
			return err
		}
	}
	if had > 0 {
		if _, err := t.exec("DELETE FROM conflicts WHERE record=? AND type IN (?,?,?)", id, ConflictValue, ConflictDelete, ConflictDangling); err != nil {
			return err
		}
	}
	if ops == nil {
		var err error
		if ops, err = t.s.recordOps(t.ctx, t, id); err != nil {
			return err
		}
	}
	f := fold(ops)
	if f.created == nil {
		return nil
	}
	k, ok := t.s.reg.Kind(f.kind)
	if !ok {
		return nil
	}
	put := func(typ, field string, ops []*Op, detail string) error {
		list := opIDStrings(ops)
		b, _ := json.Marshal(list)
		cid := conflictID(append([]string{typ, id, field, detail}, list...)...)
		_, err := t.exec("INSERT INTO conflicts(id, type, record, kind, field, ops, detail) VALUES(?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
			cid, typ, id, k.Name, field, string(b), detail)
		return err
	}
	fields := make([]string, 0, len(f.live))
	for name := range f.live {
		fields = append(fields, name)
	}
	sort.Strings(fields)
	for _, name := range fields {
		live := f.live[name]
		if len(live) < 2 {
			continue
		}
		first := compactJSON(f.valueOf(live[0], name))
		differ := false
		for _, o := range live[1:] {
			if !bytes.Equal(compactJSON(f.valueOf(o, name)), first) {
				differ = true
			}
		}
		if differ {
			if err := put(ConflictValue, name, live, ""); err != nil {
				return err
			}
		}
	}
	if missed := f.missedByDelete(); len(missed) > 0 {
		var dels []*Op
		for _, o := range f.live[fieldAlive] {
			if o.Field == fieldAlive {
				dels = append(dels, o)
			}
		}
		if err := put(ConflictDelete, fieldAlive, append(dels, missed...), ""); err != nil {
			return err
		}
	}
	if !f.alive && len(f.missedByDelete()) == 0 {
		return nil
	}
	r := recordFromFold(k, id, f)
	for i := range k.Fields {
		fd := &k.Fields[i]
		if fd.Computed || (fd.Type != schema.Ref && fd.Type != schema.Refs) {
			continue
		}
		var targets []string
		switch v := r.Values[fd.Name].(type) {
		case string:
			targets = []string{v}
		case []string:
			targets = v
		}
		for _, target := range targets {
			shown, known := alive[target]
			if !known {
				loc, err := t.s.locate(t.ctx, t, target)
				if err != nil {
					return err
				}
				shown = loc != nil && loc.alive
				if alive != nil {
					alive[target] = shown
				}
			}
			if shown {
				continue
			}
			if err := put(ConflictDangling, fd.Name, f.live[fd.Name], target); err != nil {
				return err
			}
		}
	}
	return nil
}

// duplicateConflict stores whether two or more shown records of a kind carry one reference.
func (t *Tx) duplicateConflict(kind, ref string, anyDuplicates bool) error {
	var had int
	if anyDuplicates {
		if err := t.QueryRowContext(t.ctx, "SELECT count(*) FROM conflicts WHERE type=? AND kind=? AND detail=?", ConflictDuplicate, kind, ref).Scan(&had); err != nil {
			return err
		}
	}
	if had > 0 {
		if _, err := t.exec("DELETE FROM conflicts WHERE type=? AND kind=? AND detail=?", ConflictDuplicate, kind, ref); err != nil {
			return err
		}
	}
	rows, err := t.QueryContext(t.ctx, "SELECT id FROM records WHERE ref=? AND kind=? AND alive=1 ORDER BY id", ref, kind)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < 2 {
		return nil
	}
	b, _ := json.Marshal(ids)
	cid := conflictID(append([]string{ConflictDuplicate, kind, ref}, ids...)...)
	_, err = t.exec("INSERT INTO conflicts(id, type, record, kind, field, ops, detail) VALUES(?,?,?,?,?,?,?)",
		cid, ConflictDuplicate, ids[0], kind, "ref", string(b), ref)
	return err
}

// danglingOver lists the records with a dangling reference to a record.
func (t *Tx) danglingOver(id string) ([]string, error) {
	rows, err := t.QueryContext(t.ctx, "SELECT record FROM conflicts WHERE type=? AND detail=?", ConflictDangling, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		rows.Scan(&r)
		out = append(out, r)
	}
	return out, rows.Err()
}

// referrers lists the records whose own (not computed) reference fields name a record.
func (t *Tx) referrers(k *schema.Kind, id string) ([]string, error) {
	var out []string
	for _, other := range t.s.reg.Kinds() {
		for _, f := range other.Fields {
			if !f.Names(k.Name) || f.Computed {
				continue
			}
			var q string
			if f.Type == schema.Ref {
				q = fmt.Sprintf("SELECT id FROM %s WHERE %s=?", tableOf(other), quote(f.Name))
			} else {
				q = fmt.Sprintf("SELECT id FROM %s WHERE EXISTS(SELECT 1 FROM json_each(%s) WHERE value=?)", tableOf(other), quote(f.Name))
			}
			rows, err := t.QueryContext(t.ctx, q, id)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var rid string
				rows.Scan(&rid)
				out = append(out, rid)
			}
			rows.Close()
		}
	}
	return out, nil
}

func compactJSON(raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return []byte("null")
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return raw
	}
	return buf.Bytes()
}
