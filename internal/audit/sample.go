package audit

import (
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// Sample is a sample drawn for a clause, with the verdict on each sampled record.
type Sample struct {
	ID         string       `json:"id"`
	Ref        string       `json:"ref"`
	Clause     string       `json:"clause"`
	Register   string       `json:"register"`
	Filter     string       `json:"filter,omitempty"`
	Population int64        `json:"population"`
	Size       int64        `json:"size"`
	Seed       int64        `json:"seed"`
	DrawnBy    string       `json:"drawn_by,omitempty"`
	Items      []SampleItem `json:"items"`
	Judged     int64        `json:"judged"`
	Failed     int64        `json:"failed"`
	// Suggested is the sample size the docs suggest for the population (docs/audit.md).
	Suggested int `json:"suggested_size"`
}

// SampleItem is one sampled record and the auditor's verdict.
type SampleItem struct {
	Record   string `json:"record"` // id
	Ref      string `json:"ref"`
	Title    string `json:"title,omitempty"`
	Conforms string `json:"conforms,omitempty"` // yes, no; empty: not judged yet
	Note     string `json:"note,omitempty"`
}

// SampleInput says what to sample.
type SampleInput struct {
	Register string   // a register kind: incident, change…
	Where    []string // filters, FIELD=VALUE (also != < <= > >= ~)
	Size     int
	// Seed draws the same sample again from the same population; nil draws a new seed.
	Seed    *int64
	DrawnBy string
}

// SuggestedSize is the sample size this workbench suggests for a population of n records, as
// auditors of management systems commonly size a test of a recurring control: every record
// up to 5, then 5 up to 25, 10 up to 100, 15 up to 500, 20 up to 2,000 and 25 above.
func SuggestedSize(n int) int {
	switch {
	case n <= 5:
		return n
	case n <= 25:
		return 5
	case n <= 100:
		return 10
	case n <= 500:
		return 15
	case n <= 2000:
		return 20
	}
	return 25
}

// Draw draws a sample of a register for a clause of an audit and records it. The population is
// every record of the register that meets the filters, in id order (the same on every copy);
// the seed's generator picks the sample from it, so the same seed and population give the same
// sample. A size above the population takes the whole population.
func (p *Papers) Draw(ctx context.Context, assessment, clause string, in SampleInput) (*Sample, error) {
	c, ok := catalogue.Lookup(clause)
	if !ok {
		return nil, fault.New("clause.unknown", "clause", "unknown clause %q", clause)
	}
	if c.Rollup {
		return nil, fault.New("clause.heading", "clause", "%s %s is a group heading: sample for one of %s", c.ID, c.Title, strings.Join(catalogue.Children(c.ID), ", "))
	}
	if _, ok := p.s.Registry().Kind(in.Register); !ok || in.Register == "" {
		return nil, fault.New("audit.register_unknown", "kind", "no register %q to sample", in.Register)
	}
	if in.Size <= 0 {
		return nil, fault.New("audit.size_invalid", "size", "the sample size must be 1 or more, not %d", in.Size)
	}
	var where []store.Filter
	for _, w := range in.Where {
		f, err := store.ParseFilter(w)
		if err != nil {
			return nil, fault.Wrap("audit.filter_invalid", "where", err)
		}
		where = append(where, f)
	}
	if err := p.s.CheckQuery(ctx, in.Register, store.Query{Where: where}); err != nil {
		return nil, fault.Wrap("audit.filter_invalid", "where", err)
	}
	a, err := p.assessment(ctx, assessment)
	if err != nil {
		return nil, err
	}
	population, err := p.population(ctx, in.Register, where)
	if err != nil {
		return nil, err
	}
	if len(population) == 0 {
		return nil, fault.New("audit.population_empty", "where", "no %s record meets %s: nothing to sample", in.Register, filterText(in.Where))
	}
	seed := int64(0)
	if in.Seed != nil {
		seed = *in.Seed
	} else {
		var b [8]byte
		crand.Read(b[:])
		seed = int64(binary.BigEndian.Uint64(b[:]) >> 1) // positive, so that it reads back as typed
	}
	picked := pick(population, in.Size, seed)
	items := make([]map[string]any, len(picked))
	for i, rec := range picked {
		items[i] = map[string]any{"record": rec.id, "ref": rec.ref, "title": rec.title}
	}
	input := map[string]any{"assessment": a.ID, "clause": clause, "register": in.Register, "filter": strings.Join(in.Where, "; "),
		"population": int64(len(population)), "population_sha256": fingerprint(population), "size": int64(len(picked)),
		"seed": seed, "drawn_by": in.DrawnBy, "items": items}
	var id string
	err = p.s.Write(ctx, func(t *store.Tx) error {
		r, err := t.Create("sample", input, store.Change{})
		if err != nil {
			return err
		}
		id = r.ID
		return linkEvidence(t, a, []string{clause}, r.ID)
	})
	if err != nil {
		return nil, err
	}
	return p.Sample(ctx, id)
}

func filterText(where []string) string {
	if len(where) == 0 {
		return "(the whole register)"
	}
	return strings.Join(where, " and ")
}

type member struct{ id, ref, title string }

// population reads the ids, refs and titles of the records that meet the filters, in id order.
func (p *Papers) population(ctx context.Context, kind string, where []store.Filter) ([]member, error) {
	var out []member
	err := p.s.Columns(ctx, kind, []string{"id", "ref", "title"}, where, func(vals []any) error {
		m := member{}
		m.id, _ = vals[0].(string)
		m.ref, _ = vals[1].(string)
		m.title, _ = vals[2].(string)
		out = append(out, m)
		return nil
	})
	slices.SortFunc(out, func(a, b member) int { return strings.Compare(a.id, b.id) })
	return out, err
}

// pick draws n members (all when n is larger) with the seed's generator: a partial
// Fisher–Yates shuffle, in the order drawn.
func pick(pop []member, n int, seed int64) []member {
	list := slices.Clone(pop)
	n = min(n, len(list))
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5a3b1e))
	for i := 0; i < n; i++ {
		j := i + rng.IntN(len(list)-i)
		list[i], list[j] = list[j], list[i]
	}
	return list[:n]
}

func fingerprint(pop []member) string {
	h := sha256.New()
	for _, m := range pop {
		h.Write([]byte(m.id))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Sample reads a sample.
func (p *Papers) Sample(ctx context.Context, key string) (*Sample, error) {
	r, err := p.s.Get(ctx, "sample", key)
	if err != nil {
		return nil, err
	}
	s := sampleOf(r)
	return &s, nil
}

func sampleOf(r *store.Record) Sample {
	num := func(f string) int64 { n, _ := r.Values[f].(int64); return n }
	s := Sample{ID: r.ID, Ref: r.Ref, Clause: str(r, "clause"), Register: str(r, "register"), Filter: str(r, "filter"),
		Population: num("population"), Size: num("size"), Seed: num("seed"), DrawnBy: str(r, "drawn_by"),
		Judged: num("judged"), Failed: num("failed"), Items: []SampleItem{}}
	s.Suggested = SuggestedSize(int(s.Population))
	rows, _ := r.Values["items"].([]map[string]any)
	for _, row := range rows {
		it := SampleItem{}
		it.Record, _ = row["record"].(string)
		it.Ref, _ = row["ref"].(string)
		it.Title, _ = row["title"].(string)
		it.Conforms, _ = row["conforms"].(string)
		it.Note, _ = row["note"].(string)
		s.Items = append(s.Items, it)
	}
	return s
}

// Judge records whether a sampled record conforms, and why (a record that does not conform
// needs the reason).
func (p *Papers) Judge(ctx context.Context, sample, record, conforms, note string) (*Sample, error) {
	switch conforms {
	case "yes", "no":
	default:
		return nil, fault.New("audit.verdict_unknown", "conforms", "the verdict must be yes or no, not %q", conforms)
	}
	if conforms == "no" && strings.TrimSpace(note) == "" {
		return nil, fault.New("audit.note_required", "note", "say why %s does not conform", record)
	}
	var id string
	err := p.s.Write(ctx, func(t *store.Tx) error {
		r, err := t.Get("sample", sample)
		if err != nil {
			return err
		}
		id = r.ID
		rows, _ := r.Values["items"].([]map[string]any)
		rows = slices.Clone(rows)
		i := slices.IndexFunc(rows, func(row map[string]any) bool {
			return strings.EqualFold(fmt.Sprint(row["ref"]), record) || row["record"] == record
		})
		if i < 0 {
			var refs []string
			for _, row := range rows {
				refs = append(refs, fmt.Sprint(row["ref"]))
			}
			return fault.New("audit.not_sampled", "record", "%s is not in sample %s (it holds %s)", record, r.Ref, joinFew(refs))
		}
		row := map[string]any{}
		for k, v := range rows[i] {
			row[k] = v
		}
		row["conforms"], row["note"] = conforms, strings.TrimSpace(note)
		rows[i] = row
		_, err = t.Update("sample", r.ID, map[string]any{"items": rows}, store.Change{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return p.Sample(ctx, id)
}

func joinFew(list []string) string {
	if len(list) > 6 {
		return strings.Join(list[:6], ", ") + fmt.Sprintf(" and %d more", len(list)-6)
	}
	return strings.Join(list, ", ")
}

func (p *Papers) samples(ctx context.Context, assessmentID string) ([]Sample, error) {
	page, err := p.s.List(ctx, "sample", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: assessmentID}}, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Sample{}
	for _, r := range page.Records {
		out = append(out, sampleOf(r))
	}
	return out, nil
}
