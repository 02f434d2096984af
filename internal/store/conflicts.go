package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
)

// Conflict is one open conflict, with the competing values and who wrote them.
type Conflict struct {
	ID     string `json:"id"`
	Type   string `json:"type"` // value, delete, duplicate_ref, dangling_ref
	Kind   string `json:"kind"`
	Record string `json:"record"`
	Ref    string `json:"ref"`
	Title  string `json:"title"`
	Field  string `json:"field"`
	Label  string `json:"label"`
	// Shown is what the workspace shows until a person decides (the latest write).
	Shown   any              `json:"shown"`
	Options []ConflictOption `json:"options"`
	Detail  string           `json:"detail,omitempty"` // the missing record of a dangling reference
	Summary string           `json:"summary"`
}

// ConflictOption is one of the competing writes.
type ConflictOption struct {
	Op       OpID   `json:"op"`
	Value    any    `json:"value"`
	Text     string `json:"text"` // the value as a person reads it
	Site     string `json:"site"`
	SiteName string `json:"site_name"`
	Author   string `json:"author"`
	At       string `json:"at"`
	Record   string `json:"record,omitempty"` // duplicate references: the record this option keeps
	Ref      string `json:"ref,omitempty"`
}

// Conflicts lists the open conflicts, oldest record first.
func (s *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	return s.conflicts(ctx, s.db, "")
}

// ConflictByID returns one open conflict.
func (s *Store) ConflictByID(ctx context.Context, id string) (*Conflict, error) {
	cs, err := s.conflicts(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fault.New("conflict.unknown", "", "no open conflict %s (see 'smsworkbench conflicts')", id)
	}
	return &cs[0], nil
}

// CountConflicts is the number of open conflicts.
func (s *Store) CountConflicts(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM conflicts").Scan(&n)
	return n, err
}

type conflictRow struct {
	id, typ, record, kind, field, ops, detail string
}

func (s *Store) conflicts(ctx context.Context, q querier, id string) ([]Conflict, error) {
	query := "SELECT id, type, record, kind, field, ops, detail FROM conflicts"
	var args []any
	if id != "" {
		query += " WHERE id=?"
		args = append(args, strings.TrimSpace(id))
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY kind, record, field", args...)
	if err != nil {
		return nil, err
	}
	var list []conflictRow
	for rows.Next() {
		var c conflictRow
		if err := rows.Scan(&c.id, &c.typ, &c.record, &c.kind, &c.field, &c.ops, &c.detail); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, c)
	}
	rows.Close()
	out := []Conflict{}
	for _, c := range list {
		cf, err := s.describeConflict(ctx, q, c)
		if err != nil {
			return nil, err
		}
		out = append(out, *cf)
	}
	return out, nil
}

// describeConflict reads the ops of a conflict and says what each wanted.
func (s *Store) describeConflict(ctx context.Context, q querier, c conflictRow) (*Conflict, error) {
	lang := i18n.Lang(ctx) // the words a person reads: the summary, the labels, kept or deleted
	tr := func(format string, args ...any) string { return i18n.Tr(lang, format, args...) }
	k, _ := s.reg.Kind(c.kind)
	cf := &Conflict{ID: c.id, Type: c.typ, Kind: c.kind, Record: c.record, Field: c.field, Label: c.field, Detail: c.detail}
	if k != nil {
		if f, ok := k.Field(c.field); ok {
			cf.Label = schema.Word{Path: "field." + c.kind + "." + c.field, English: f.Label}.Localize(lang)
		}
	}
	switch c.field {
	case fieldAlive:
		cf.Label = tr("deleted or kept")
	case "status":
		cf.Label = tr("Status")
	case "ref":
		cf.Label = tr("Reference")
	}
	kind := schema.Word{Path: "kind." + c.kind + ".label", English: c.kind}.Localize(lang)
	show := func(record, field string, raw json.RawMessage) (any, string) {
		if field == fieldAlive {
			if string(raw) == "false" {
				return false, tr("deleted")
			}
			return true, tr("kept")
		}
		var fd *schema.Field
		if k != nil {
			if f, ok := k.Field(field); ok {
				fd = f
			}
		}
		var v any
		if fd != nil {
			v = fromJSON(fd, raw)
		} else if len(raw) > 0 {
			json.Unmarshal(raw, &v)
		}
		return v, s.textOf(ctx, q, fd, v)
	}
	if c.typ == ConflictDuplicate {
		var ids []string
		json.Unmarshal([]byte(c.ops), &ids)
		for _, id := range ids {
			ops, err := s.recordOps(ctx, q, id)
			if err != nil {
				return nil, err
			}
			f := fold(ops)
			if f.created == nil {
				continue
			}
			var title string
			json.Unmarshal(f.values["title"], &title)
			cf.Options = append(cf.Options, s.option(f.created, c.detail, title, id, c.detail))
		}
		cf.Ref, cf.Shown = c.detail, c.detail
		cf.Title = tr("%d records", len(ids))
		cf.Summary = tr("%d %s records carry the reference %s", len(ids), kind, c.detail)
		return cf, nil
	}
	ops, err := s.recordOps(ctx, q, c.record)
	if err != nil {
		return nil, err
	}
	f := fold(ops)
	json.Unmarshal(f.values["ref"], &cf.Ref)
	json.Unmarshal(f.values["title"], &cf.Title)
	byID := map[string]*Op{}
	for _, o := range ops {
		byID[o.ID.String()] = o
	}
	var ids []string
	json.Unmarshal([]byte(c.ops), &ids)
	for _, id := range ids {
		o := byID[id]
		if o == nil {
			continue
		}
		field := c.field
		if c.typ == ConflictDelete && o.Field != fieldAlive {
			field = o.Field
		}
		v, text := show(c.record, field, f.valueOf(o, field))
		if c.typ == ConflictDelete && o.Field != fieldAlive {
			label := field
			if k != nil {
				if fd, ok := k.Field(field); ok {
					label = schema.Word{Path: "field." + c.kind + "." + field, English: fd.Label}.Localize(lang)
				}
			}
			text = tr("kept, with %s = %s", label, text)
		}
		cf.Options = append(cf.Options, s.option(o, "", "", "", "").with(v, text))
	}
	sort.Slice(cf.Options, func(i, j int) bool { return cf.Options[i].At < cf.Options[j].At })
	switch c.typ {
	case ConflictValue:
		cf.Shown, _ = show(c.record, c.field, f.values[c.field])
		cf.Summary = tr("%s was changed to different values at the same time", cf.Label)
	case ConflictDelete:
		cf.Shown = tr("kept until decided")
		cf.Summary = tr("%s %s was deleted while it was being edited elsewhere", kind, cf.Ref)
	case ConflictDangling:
		loc, _ := s.locate(ctx, q, c.detail)
		missing := c.detail
		if loc != nil {
			missing = loc.ref
		}
		cf.Shown, _ = show(c.record, c.field, f.values[c.field])
		cf.Summary = tr("%s refers to %s, which was deleted elsewhere", cf.Label, missing)
	}
	return cf, nil
}

func (s *Store) option(o *Op, text, title, record, ref string) ConflictOption {
	opt := ConflictOption{Op: o.ID, Site: o.ID.Site, Author: o.Author, At: o.At, Record: record, Ref: ref}
	if record != "" {
		opt.Value, opt.Text = record, ref+" "+title
	}
	var name string
	s.db.QueryRow("SELECT name FROM sites WHERE id=?", o.ID.Site).Scan(&name)
	opt.SiteName = name
	if o.ID.Site == s.site.ID {
		opt.SiteName = s.site.Name + " (this copy)"
	}
	return opt
}

func (o ConflictOption) with(v any, text string) ConflictOption {
	o.Value, o.Text = v, text
	return o
}

// textOf shows a value as a person reads it: references by their ref and title.
func (s *Store) textOf(ctx context.Context, q querier, f *schema.Field, v any) string {
	if v == nil {
		return "(empty)"
	}
	if f != nil && (f.Type == schema.Ref || f.Type == schema.Refs) {
		var parts []string
		for _, id := range asStrings(v) {
			if loc, _ := s.locate(ctx, q, id); loc != nil {
				parts = append(parts, loc.ref)
			} else {
				parts = append(parts, id)
			}
		}
		if id, ok := v.(string); ok {
			if loc, _ := s.locate(ctx, q, id); loc != nil {
				return loc.ref
			}
		}
		return strings.Join(parts, ", ")
	}
	switch x := v.(type) {
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Resolve decides a conflict: keep names the op whose value wins, or value gives a new one (JSON,
// as for set). The decision is a new op that has seen every competing op, so the conflict closes
// on every copy that receives it.
func (s *Store) Resolve(ctx context.Context, id string, value json.RawMessage, keep string) (*ImportResult, error) {
	res := &ImportResult{}
	err := s.Write(ctx, func(t *Tx) error {
		cs, err := s.conflicts(ctx, t, id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("no open conflict %s (see 'smsworkbench conflicts')", id)
		}
		c := cs[0]
		if (keep == "") == (len(value) == 0) {
			return fmt.Errorf("resolve needs either --keep OP_ID or --value JSON")
		}
		var chosen *ConflictOption
		if keep != "" {
			for i := range c.Options {
				if c.Options[i].Op.String() == strings.TrimSpace(keep) {
					chosen = &c.Options[i]
				}
			}
			if chosen == nil {
				var ids []string
				for _, o := range c.Options {
					ids = append(ids, o.Op.String())
				}
				return fmt.Errorf("op %s is not one of the competing writes of %s (%s)", keep, c.ID, strings.Join(ids, ", "))
			}
		}
		var records []string
		switch c.Type {
		case ConflictDuplicate:
			if chosen == nil {
				return fmt.Errorf("a duplicate reference is resolved with --keep: the op that created the record keeping %s", c.Ref)
			}
			for _, o := range c.Options {
				if o.Record == chosen.Record {
					continue
				}
				if err := t.renumber(c.Kind, o.Record); err != nil {
					return err
				}
				records = append(records, o.Record)
			}
		case ConflictDelete:
			alive := json.RawMessage("true")
			if chosen != nil {
				if b, ok := chosen.Value.(bool); ok && !b {
					alive = json.RawMessage("false")
				}
			} else if string(compactJSON(value)) == "false" {
				alive = json.RawMessage("false")
			} else if string(compactJSON(value)) != "true" {
				return fmt.Errorf("a delete conflict is resolved with --value true (keep the record) or false (delete it), or --keep OP_ID")
			}
			if err := t.decide(c, fieldAlive, alive, alive[0] == 'f'); err != nil {
				return err
			}
			records = append(records, c.Record)
		default:
			raw := value
			if chosen != nil {
				raw, _ = json.Marshal(chosen.Value)
			}
			norm, err := t.normalizeDecision(c, raw)
			if err != nil {
				return err
			}
			if err := t.decide(c, c.Field, norm, false); err != nil {
				return err
			}
			records = append(records, c.Record)
		}
		res.Records = len(records)
		res.Opened, res.Closed, err = t.settle(records)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// normalizeDecision checks a value given for a field as a write of that field would.
func (t *Tx) normalizeDecision(c Conflict, raw json.RawMessage) (json.RawMessage, error) {
	var v any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON value: %v", err)
	}
	k, err := t.s.kind(c.Kind)
	if err != nil {
		return nil, err
	}
	switch c.Field {
	case fieldAlive:
		if _, ok := v.(bool); !ok {
			return nil, fmt.Errorf("the value must be true (kept) or false (deleted)")
		}
		return compactJSON(raw), nil
	case "status":
		st, _ := v.(string)
		if k.Workflow == nil || !k.Workflow.HasState(st) {
			return nil, fmt.Errorf("%s has no state %q", k.Name, st)
		}
		return json.Marshal(st)
	case "ref":
		st, _ := v.(string)
		if !strings.HasPrefix(st, k.Prefix+"-") {
			return nil, fmt.Errorf("a %s reference starts with %s-", k.Name, k.Prefix)
		}
		return json.Marshal(st)
	}
	f, ok := k.Field(c.Field)
	if !ok {
		return nil, fmt.Errorf("%s has no field %q", k.Name, c.Field)
	}
	if v == nil {
		if f.Required {
			return nil, fieldErr(k.Name, f.Name, "field.required", "is required")
		}
		return json.RawMessage("null"), nil
	}
	nv, err := f.Normalize(v)
	if err != nil {
		return nil, &FieldError{Kind: k.Name, Field: f.Name, Msg: err.Error(), cause: err}
	}
	if nv, err = t.resolve(k, f, nv); err != nil {
		return nil, err
	}
	return json.Marshal(nv)
}

// decide writes the op that closes a conflict on one field: it has seen every live op of the
// field (for a delete, of every field).
func (t *Tx) decide(c Conflict, field string, value json.RawMessage, sawAll bool) error {
	ops, err := t.s.recordOps(t.ctx, t, c.Record)
	if err != nil {
		return err
	}
	f := fold(ops)
	pred := f.liveIDs(field)
	if sawAll {
		pred = f.allLiveIDs()
	}
	if string(value) == "null" {
		value = nil
	}
	return t.writeOp(&Op{HLC: t.now(), At: t.effective(Change{}), Record: c.Record, Kind: c.Kind, Field: field,
		Value: value, Pred: pred, Note: "conflict " + c.ID + " resolved"})
}

// renumber gives a record the next free reference of its kind.
func (t *Tx) renumber(kind, record string) error {
	k, err := t.s.kind(kind)
	if err != nil {
		return err
	}
	ref, err := t.newRef(k)
	if err != nil {
		return err
	}
	ops, err := t.s.recordOps(t.ctx, t, record)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(ref)
	return t.writeOp(&Op{HLC: t.now(), At: t.effective(Change{}), Record: record, Kind: k.Name, Field: "ref",
		Value: body, Pred: fold(ops).liveIDs("ref"), Note: "renumbered: its reference was also given elsewhere"})
}

// recheckConflicts finds again the conflicts of a record a local write changed, when it had any.
func (t *Tx) recheckConflicts(k *schema.Kind, id, ref string) error {
	var n int
	if err := t.QueryRowContext(t.ctx, "SELECT count(*) FROM conflicts WHERE record=? OR (type=? AND kind=? AND detail=?)",
		id, ConflictDuplicate, k.Name, ref).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	if err := t.recordConflicts(id, nil, false, nil); err != nil {
		return err
	}
	return t.duplicateConflict(k.Name, ref, true)
}
