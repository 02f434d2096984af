package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pseudo-fields of the op log besides the declared fields, "title" and "status".
const (
	fieldCreate = "_create" // value: an object with every initial field, "ref" and "status"
	fieldAlive  = "_alive"  // value: false deletes the record, true brings it back
)

// OpID identifies an op: the site that wrote it and its sequence number at that site.
type OpID struct {
	Site string
	Seq  int64
}

func (o OpID) String() string { return o.Site + ":" + strconv.FormatInt(o.Seq, 10) }

// MarshalJSON writes an op id as "site:seq".
func (o OpID) MarshalJSON() ([]byte, error) { return json.Marshal(o.String()) }

// UnmarshalJSON reads "site:seq".
func (o *OpID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return fmt.Errorf("bad op id %q", s)
	}
	seq, err := strconv.ParseInt(s[i+1:], 10, 64)
	if err != nil {
		return fmt.Errorf("bad op id %q", s)
	}
	*o = OpID{Site: s[:i], Seq: seq}
	return nil
}

// Op is one entry of the op log: it sets one field of one record.
type Op struct {
	ID     OpID            `json:"id"`
	HLC    int64           `json:"hlc"`
	At     string          `json:"at"` // when it took effect (a backdated move says so)
	Record string          `json:"record"`
	Kind   string          `json:"kind"`
	Field  string          `json:"field"`
	Value  json.RawMessage `json:"value"` // JSON; null clears the field
	Pred   []OpID          `json:"pred"`
	Author string          `json:"author,omitempty"`
	Note   string          `json:"note,omitempty"`
	Hash   []byte          `json:"hash"`

	// fields holds a create op's Value decoded, once: a record moved five times in one
	// transaction is folded five times from the same ops.
	fields map[string]json.RawMessage
}

// createdFields decodes the fields a create op sets (see Op.fields).
func (o *Op) createdFields() map[string]json.RawMessage {
	if o.fields == nil {
		o.fields = map[string]json.RawMessage{}
		json.Unmarshal(o.Value, &o.fields)
	}
	return o.fields
}

// ComputeHash returns the sha256 of the op's canonical encoding (every field but the hash, in a
// fixed order), so that a bundle can prove each op arrived as it was written.
func (o *Op) ComputeHash() []byte {
	canon := struct {
		Site   string          `json:"site"`
		Seq    int64           `json:"seq"`
		HLC    int64           `json:"hlc"`
		At     string          `json:"at"`
		Record string          `json:"record"`
		Kind   string          `json:"kind"`
		Field  string          `json:"field"`
		Value  json.RawMessage `json:"value"`
		Pred   []OpID          `json:"pred"`
		Author string          `json:"author"`
		Note   string          `json:"note"`
	}{o.ID.Site, o.ID.Seq, o.HLC, o.At, o.Record, o.Kind, o.Field, o.valueOrNull(), o.predOrEmpty(), o.Author, o.Note}
	b, _ := json.Marshal(canon)
	sum := sha256.Sum256(b)
	return sum[:]
}

func (o *Op) valueOrNull() json.RawMessage {
	if len(o.Value) == 0 {
		return json.RawMessage("null")
	}
	return o.Value
}

func (o *Op) predOrEmpty() []OpID {
	if o.Pred == nil {
		return []OpID{}
	}
	return o.Pred
}

// after orders ops for display and for the provisional value of a conflict: HLC, then site, then
// sequence. It never decides whether a conflict exists.
func (o *Op) after(p *Op) bool {
	if o.HLC != p.HLC {
		return o.HLC > p.HLC
	}
	if o.ID.Site != p.ID.Site {
		return o.ID.Site > p.ID.Site
	}
	return o.ID.Seq > p.ID.Seq
}

// folded is a record as its ops say it is.
type folded struct {
	kind      string
	created   *Op
	alive     bool
	createdAt string
	updatedAt string
	values    map[string]json.RawMessage // field -> winning value (null when cleared)
	live      map[string][]*Op           // field -> ops no other op on that field has seen
	initial   map[string]json.RawMessage // the create op's fields
}

// valueOf is what one of a field's live ops says the field is.
func (f *folded) valueOf(o *Op, field string) json.RawMessage {
	if o.Field != fieldCreate {
		return o.Value
	}
	if field == fieldAlive {
		return json.RawMessage("true")
	}
	return f.initial[field]
}

// fold applies the merge rule to every op of one record. A field's live set is every op that set
// it minus every op named in the pred of an op on the same field; the create op sets every field
// in its value, and "_alive" (true). The result depends only on the set of ops, not their order.
func fold(ops []*Op) *folded {
	f := &folded{values: map[string]json.RawMessage{}, live: map[string][]*Op{}}
	seen := map[string]map[OpID]bool{} // field -> ops named in a pred on that field
	byField := map[string][]*Op{}
	var initial map[string]json.RawMessage
	defer func() { f.initial = initial }()
	for _, o := range ops {
		if f.updatedAt < o.At {
			f.updatedAt = o.At
		}
		if o.Field == fieldCreate {
			f.created, f.kind, f.createdAt = o, o.Kind, o.At
			initial = o.createdFields()
			continue
		}
		byField[o.Field] = append(byField[o.Field], o)
		if seen[o.Field] == nil {
			seen[o.Field] = map[OpID]bool{}
		}
		for _, p := range o.Pred {
			seen[o.Field][p] = true
		}
	}
	if f.created != nil {
		for name := range initial {
			byField[name] = append(byField[name], f.created)
		}
		byField[fieldAlive] = append(byField[fieldAlive], f.created)
	}
	for name, cands := range byField {
		var live []*Op
		for _, o := range cands {
			if !seen[name][o.ID] {
				live = append(live, o)
			}
		}
		sort.Slice(live, func(i, j int) bool { return live[j].after(live[i]) })
		f.live[name] = live
		if len(live) == 0 {
			continue
		}
		f.initial = initial
		f.values[name] = f.valueOf(live[len(live)-1], name)
	}
	f.alive = f.created != nil && bytes.Equal(f.values[fieldAlive], []byte("true"))
	return f
}

// liveIDs lists the ids of a field's live ops: the pred of the next write to that field.
func (f *folded) liveIDs(field string) []OpID {
	var out []OpID
	for _, o := range f.live[field] {
		out = append(out, o.ID)
	}
	return out
}

// allLiveIDs lists the live ops of every field, each once, in a fixed order.
func (f *folded) allLiveIDs() []OpID {
	seen := map[OpID]bool{}
	out := []OpID{}
	for _, live := range f.live {
		for _, o := range live {
			if !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, o.ID)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Site != out[j].Site {
			return out[i].Site < out[j].Site
		}
		return out[i].Seq < out[j].Seq
	})
	return out
}

// recordOps reads every op of a record.
func (s *Store) recordOps(ctx context.Context, q querier, record string) ([]*Op, error) {
	if t, ok := q.(*Tx); ok {
		return t.recordOps(record)
	}
	// The site's id by a subquery, not a join: with a join the planner may read the sites first
	// and scan every op of each.
	rows, err := q.QueryContext(ctx, `SELECT (SELECT id FROM sites WHERE no = ops.site), seq, hlc, at, kind, field, value, pred, author, note, hash
		FROM ops WHERE record=?`, record)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Op
	for rows.Next() {
		o, err := scanOp(rows, record)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// scanOp reads an op from a row of site id, seq, hlc, at, kind, field, value, pred, author,
// note, hash and, when record is not given, the record.
func scanOp(rows *sql.Rows, record ...string) (*Op, error) {
	o := &Op{}
	var value sql.NullString
	var pred string
	dest := []any{&o.ID.Site, &o.ID.Seq, &o.HLC, &o.At, &o.Kind, &o.Field, &value, &pred, &o.Author, &o.Note, &o.Hash}
	if len(record) > 0 {
		o.Record = record[0]
	} else {
		dest = append(dest, &o.Record)
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	if value.Valid {
		o.Value = json.RawMessage(value.String)
	}
	if err := json.Unmarshal([]byte(pred), &o.Pred); err != nil {
		return nil, fmt.Errorf("op %s: bad pred: %v", o.ID, err)
	}
	return o, nil
}

// querier is what reads need from either the pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
