package store

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"smsworkbench/internal/schema"
)

// Record is one record of a register, with every declared field.
type Record struct {
	n         int64
	ID        string
	Ref       string
	Kind      string
	Status    string
	CreatedAt string
	UpdatedAt string
	// Values holds the canonical value of every declared field that has one ("title"
	// included): string, int64, float64, bool, []string (ids) or schema.MoneyValue. Reference
	// fields hold ids; Links tells what those ids are.
	Values map[string]any
	Links  map[string]Link
	kind   *schema.Kind
}

// Link is what a reference field shows of the record it names.
type Link struct {
	ID      string `json:"id"`
	Ref     string `json:"ref"`
	Title   string `json:"title"`
	Kind    string `json:"kind,omitempty"`
	Deleted bool   `json:"deleted,omitempty"`
}

// Title is the record's title.
func (r *Record) Title() string { s, _ := r.Values["title"].(string); return s }

// Field returns the value of a declared field, links resolved: a Link for a ref, []Link for
// refs, and the canonical value otherwise.
func (r *Record) Field(name string) any {
	f, ok := r.kind.Field(name)
	v := r.Values[name]
	if !ok || v == nil {
		return v
	}
	switch f.Type {
	case schema.Ref:
		return r.link(v.(string))
	case schema.Refs:
		ids := v.([]string)
		out := make([]Link, len(ids))
		for i, id := range ids {
			out[i] = r.link(id)
		}
		return out
	}
	return v
}

func (r *Record) link(id string) Link {
	if l, ok := r.Links[id]; ok {
		return l
	}
	return Link{ID: id}
}

// DeclaredKind is the declaration of the record's kind.
func (r *Record) DeclaredKind() *schema.Kind { return r.kind }

// MarshalJSON prints the record with every field in declaration order: id, ref, kind, title,
// status, the declared fields (null when unset), created_at, updated_at.
func (r *Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	put := func(key string, v any) error {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		val, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("field %s: %w", key, err)
		}
		b.Write(val)
		return nil
	}
	b.WriteByte('{')
	put("id", r.ID)
	put("ref", r.Ref)
	put("kind", r.Kind)
	put("title", r.Title())
	if r.kind.Workflow != nil {
		put("status", r.Status)
	}
	for _, f := range r.kind.Fields {
		if f.Name == "title" {
			continue
		}
		if err := put(f.Name, r.Field(f.Name)); err != nil {
			return nil, err
		}
	}
	put("created_at", r.CreatedAt)
	put("updated_at", r.UpdatedAt)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// toColumn turns a canonical value into what its column stores.
func toColumn(f *schema.Field, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case []string, schema.MoneyValue, []map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return v
}

// decodeList reads a JSON list of a tags or table field back into its canonical value.
func decodeList(f *schema.Field, raw []byte) any {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return nil
	}
	out, _ := f.Normalize(v)
	return out
}

// fromColumn turns what a column stores back into the canonical value.
func fromColumn(f *schema.Field, raw any) any {
	if raw == nil {
		return nil
	}
	switch f.Type {
	case schema.Integer, schema.Duration:
		switch x := raw.(type) {
		case int64:
			return x
		case float64:
			return int64(x)
		}
	case schema.Number:
		switch x := raw.(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		}
	case schema.Bool:
		if x, ok := raw.(int64); ok {
			return x != 0
		}
	case schema.Refs:
		var ids []string
		json.Unmarshal(asBytes(raw), &ids)
		return ids
	case schema.Money:
		var m schema.MoneyValue
		json.Unmarshal(asBytes(raw), &m)
		return m
	case schema.Tags, schema.Table:
		return decodeList(f, asBytes(raw))
	default:
		return string(asBytes(raw))
	}
	return raw
}

// storedCopy is the record as its register row gives it back: each value through toColumn, the
// driver's conversion and fromColumn, so that a record remembered by a transaction (Tx.rows)
// reads exactly as if it were read again from SQLite.
func storedCopy(r *Record) *Record {
	c := *r
	c.Values = make(map[string]any, len(r.Values))
	c.Links = nil
	for i := range r.kind.Fields {
		f := &r.kind.Fields[i]
		col, err := driver.DefaultParameterConverter.ConvertValue(toColumn(f, r.Values[f.Name]))
		if err != nil {
			col = toColumn(f, r.Values[f.Name])
		}
		if v := fromColumn(f, col); v != nil {
			c.Values[f.Name] = v
		}
	}
	return &c
}

// fromJSON turns a value as the op log holds it into the canonical value.
func fromJSON(f *schema.Field, raw json.RawMessage) any {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	switch f.Type {
	case schema.Integer, schema.Duration:
		var n int64
		json.Unmarshal(raw, &n)
		return n
	case schema.Number:
		var x float64
		json.Unmarshal(raw, &x)
		return x
	case schema.Bool:
		var x bool
		json.Unmarshal(raw, &x)
		return x
	case schema.Refs:
		var ids []string
		json.Unmarshal(raw, &ids)
		return ids
	case schema.Money:
		var m schema.MoneyValue
		json.Unmarshal(raw, &m)
		return m
	case schema.Tags, schema.Table:
		return decodeList(f, raw)
	}
	var s string
	json.Unmarshal(raw, &s)
	return s
}

func asBytes(v any) []byte {
	switch x := v.(type) {
	case string:
		return []byte(x)
	case []byte:
		return x
	}
	return []byte(fmt.Sprint(v))
}
