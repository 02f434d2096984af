package cmdb

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Snapshot is the CMDB at one moment: every live CI with its declared fields, and every
// relationship by the refs of its ends.
type Snapshot struct {
	TakenAt string                    `json:"taken_at"`
	CIs     map[string]map[string]any `json:"cis"` // by ref: field -> value as text
	Rels    []Rel                     `json:"rels"`
}

// Rel is one relationship in a snapshot.
type Rel struct {
	From string `json:"from"`
	Type string `json:"type"`
	To   string `json:"to"`
}

func (r Rel) String() string { return r.From + " " + r.Type + " " + r.To }

// take reads the current CMDB.
func take(ctx context.Context, s *store.Store, now time.Time) (*Snapshot, error) {
	snap := &Snapshot{TakenAt: now.UTC().Format(schema.DateTimeLayout), CIs: map[string]map[string]any{}, Rels: []Rel{}}
	cis, err := s.List(ctx, "ci", store.Query{Limit: -1, Sort: "ref"})
	if err != nil {
		return nil, err
	}
	refOf := map[string]string{}
	for _, r := range cis.Records {
		refOf[r.ID] = r.Ref
		row := map[string]any{"status": r.Status}
		for _, f := range r.DeclaredKind().Fields {
			v := r.Field(f.Name)
			switch x := v.(type) {
			case nil:
				continue
			case store.Link:
				v = x.Ref
			}
			row[f.Name] = v
		}
		snap.CIs[r.Ref] = row
	}
	err = s.Columns(ctx, "cirel", []string{"from", "type", "to"}, nil, func(v []any) error {
		from, to := refOf[str(v[0])], refOf[str(v[2])]
		if from != "" && to != "" {
			snap.Rels = append(snap.Rels, Rel{From: from, Type: str(v[1]), To: to})
		}
		return nil
	})
	sort.Slice(snap.Rels, func(i, j int) bool { return snap.Rels[i].String() < snap.Rels[j].String() })
	return snap, err
}

// CreateBaseline snapshots the CMDB into a new baseline record named name.
func CreateBaseline(ctx context.Context, s *store.Store, name, description string, now time.Time) (*store.Record, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fmt.Errorf("a baseline needs a name")
	}
	if existing, _ := find(ctx, s, name); existing != nil {
		return nil, fmt.Errorf("baseline %q exists already (%s); choose another name", name, existing.Ref)
	}
	snap, err := take(ctx, s, now)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(snap); err != nil {
		return nil, err
	}
	zw.Close()
	var rec *store.Record
	err = s.Write(ctx, func(t *store.Tx) error {
		hash, err := t.PutBlob(buf.Bytes())
		if err != nil {
			return err
		}
		in := map[string]any{"title": name, "taken_at": snap.TakenAt, "ci_count": int64(len(snap.CIs)),
			"rel_count": int64(len(snap.Rels)), "snapshot": hash}
		if description != "" {
			in["description"] = description
		}
		rec, err = t.Create("baseline", in, store.Change{Note: "CMDB snapshot"})
		return err
	})
	return rec, err
}

// find returns the baseline with a name, ref or id.
func find(ctx context.Context, s *store.Store, key string) (*store.Record, error) {
	if r, err := s.Get(ctx, "baseline", key); err == nil {
		return r, nil
	}
	p, err := s.List(ctx, "baseline", store.Query{Where: []store.Filter{{Field: "title", Op: "=", Value: key}}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(p.Records) == 0 {
		return nil, fmt.Errorf("no baseline named %q", key)
	}
	return p.Records[0], nil
}

func load(ctx context.Context, s *store.Store, key string) (*Snapshot, string, error) {
	r, err := find(ctx, s, key)
	if err != nil {
		return nil, "", err
	}
	data, err := s.Blob(ctx, str(r.Values["snapshot"]))
	if err != nil {
		return nil, "", fmt.Errorf("baseline %s: %v", r.Title(), err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("baseline %s: snapshot unreadable: %v", r.Title(), err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, "", fmt.Errorf("baseline %s: snapshot unreadable: %v", r.Title(), err)
	}
	var snap Snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return nil, "", fmt.Errorf("baseline %s: snapshot unreadable: %v", r.Title(), err)
	}
	return &snap, r.Title() + " (" + r.Ref + ")", nil
}

// Diff is what changed in the CMDB between two moments.
type Diff struct {
	From      string      `json:"from"`
	To        string      `json:"to"`
	Added     []string    `json:"added"`   // CI refs
	Removed   []string    `json:"removed"` // CI refs
	Changed   []CIChange  `json:"changed"`
	RelsAdded []string    `json:"rels_added"`
	RelsGone  []string    `json:"rels_removed"`
	Summary   DiffSummary `json:"summary"`
}

// CIChange is one CI whose fields differ.
type CIChange struct {
	Ref    string        `json:"ref"`
	Title  string        `json:"title"`
	Fields []FieldChange `json:"fields"`
}

// FieldChange is one field's value before and after.
type FieldChange struct {
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

// DiffSummary counts the differences.
type DiffSummary struct {
	Added, Removed, Changed, RelsAdded, RelsRemoved int
}

// CompareBaselines compares baseline a with baseline b, or with the current CMDB when b is "".
func CompareBaselines(ctx context.Context, s *store.Store, a, b string, now time.Time) (*Diff, error) {
	from, fromName, err := load(ctx, s, a)
	if err != nil {
		return nil, err
	}
	var to *Snapshot
	toName := "the CMDB now"
	if b == "" {
		to, err = take(ctx, s, now)
	} else {
		to, toName, err = load(ctx, s, b)
	}
	if err != nil {
		return nil, err
	}
	d := &Diff{From: fromName, To: toName, Added: []string{}, Removed: []string{}, Changed: []CIChange{}, RelsAdded: []string{}, RelsGone: []string{}}
	for ref, row := range to.CIs {
		old, ok := from.CIs[ref]
		if !ok {
			d.Added = append(d.Added, ref)
			continue
		}
		var changes []FieldChange
		for _, name := range unionKeys(old, row) {
			if fmt.Sprint(old[name]) != fmt.Sprint(row[name]) {
				changes = append(changes, FieldChange{Field: name, Old: old[name], New: row[name]})
			}
		}
		if len(changes) > 0 {
			d.Changed = append(d.Changed, CIChange{Ref: ref, Title: str(row["title"]), Fields: changes})
		}
	}
	for ref := range from.CIs {
		if _, ok := to.CIs[ref]; !ok {
			d.Removed = append(d.Removed, ref)
		}
	}
	had := map[string]bool{}
	for _, r := range from.Rels {
		had[r.String()] = true
	}
	has := map[string]bool{}
	for _, r := range to.Rels {
		has[r.String()] = true
		if !had[r.String()] {
			d.RelsAdded = append(d.RelsAdded, r.String())
		}
	}
	for _, r := range from.Rels {
		if !has[r.String()] {
			d.RelsGone = append(d.RelsGone, r.String())
		}
	}
	sort.Slice(d.Added, func(i, j int) bool { return refLess(d.Added[i], d.Added[j]) })
	sort.Slice(d.Removed, func(i, j int) bool { return refLess(d.Removed[i], d.Removed[j]) })
	sort.Slice(d.Changed, func(i, j int) bool { return refLess(d.Changed[i].Ref, d.Changed[j].Ref) })
	d.Summary = DiffSummary{len(d.Added), len(d.Removed), len(d.Changed), len(d.RelsAdded), len(d.RelsGone)}
	return d, nil
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
