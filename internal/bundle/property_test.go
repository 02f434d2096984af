package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"

	"smsworkbench/internal/store"
)

// The property of sync: whatever copies do and however bundles travel (dropped, duplicated,
// reordered, stale, relayed, with a clock a year wrong, an import crashing before commit, a
// workspace file copied), after a full exchange every copy holds every op, the copies are
// identical, a conflict is open exactly where concurrent writes disagree, importing again
// changes nothing, and resolutions made on one copy close the conflicts on all.

type world struct {
	t        *rapid.T
	dir      string
	replicas []*copyOf
	mail     []string // every bundle written, delivered any number of times or never
	written  map[string]int64
	services []string
}

type copyOf struct {
	s    *store.Store
	path string
	name string
	skew time.Duration
}

func (w *world) open(path, name string, skew time.Duration) *copyOf {
	s, err := store.Open(path, store.Options{Create: true, Author: name,
		WallClock: func() time.Time { return time.Now().Add(skew) }})
	if err != nil {
		w.t.Fatal(err)
	}
	return &copyOf{s: s, path: path, name: name, skew: skew}
}

func (w *world) export(from *copyOf, forSite string) string {
	path := filepath.Join(w.dir, fmt.Sprintf("b%04d%s", len(w.mail), Ext))
	if _, err := Export(bg, from.s, path, ExportOptions{Keys: testKeys(), For: forSite}); err != nil {
		w.t.Fatalf("export from %s: %v", from.name, err)
	}
	w.mail = append(w.mail, path)
	return path
}

func (w *world) deliver(path string, to *copyOf, crash bool) {
	before := ""
	if crash {
		before = mustDigest(w.t, to.s)
	}
	opt := ImportOptions{Keys: testKeys()}
	if crash {
		opt.BeforeCommit = func() error { return errors.New("power cut") }
	}
	_, err := Import(bg, to.s, path, opt)
	switch {
	case crash:
		if err == nil || mustDigest(w.t, to.s) != before {
			w.t.Fatalf("an import that failed before commit changed %s (%v)", to.name, err)
		}
	case errors.Is(err, store.ErrFromThisSite):
	case err != nil:
		w.t.Fatalf("import into %s: %v", to.name, err)
	}
}

func mustDigest(t *rapid.T, s *store.Store) string {
	d, err := s.Digest(bg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// visible lists the shown records of a kind at a copy.
func visible(t *rapid.T, s *store.Store, kind string) []*store.Record {
	page, err := s.List(bg, kind, store.Query{Limit: -1, Sort: "ref"})
	if err != nil {
		t.Fatal(err)
	}
	return page.Records
}

var titles = []string{"Mail is slow", "VPN drops", "Printer jam", "Müller's laptop", "Łódź office offline"}

func (w *world) step(t *rapid.T) {
	r := w.replicas[rapid.IntRange(0, len(w.replicas)-1).Draw(t, "copy")]
	switch rapid.IntRange(0, 19).Draw(t, "action") {
	case 0: // create
		_, err := r.s.Create(bg, "incident", map[string]any{"title": rapid.SampledFrom(titles).Draw(t, "title"),
			"service": rapid.SampledFrom(w.services).Draw(t, "service")}, store.Change{})
		if err != nil {
			t.Fatal(err)
		}
	case 1, 2, 3, 12, 13: // edit a field, often to a value someone else chose too
		recs := visible(t, r.s, "incident")
		if len(recs) == 0 {
			return
		}
		rec := rapid.SampledFrom(recs).Draw(t, "record")
		var in map[string]any
		switch rapid.IntRange(0, 2).Draw(t, "field") {
		case 0:
			in = map[string]any{"title": rapid.SampledFrom(titles).Draw(t, "title")}
		case 1:
			in = map[string]any{"impact": rapid.IntRange(1, 3).Draw(t, "impact")}
		case 2: // a relationship
			probs := visible(t, r.s, "problem")
			if len(probs) == 0 {
				return
			}
			in = map[string]any{"problem": rapid.SampledFrom(probs).Draw(t, "problem").ID}
		}
		if _, err := r.s.Update(bg, "incident", rec.ID, in, store.Change{}); err != nil {
			t.Fatal(err)
		}
	case 4: // delete, or create a problem to relate to
		if rapid.Bool().Draw(t, "problem") {
			if _, err := r.s.Create(bg, "problem", map[string]any{"title": "Recurring " + rapid.SampledFrom(titles).Draw(t, "title")}, store.Change{}); err != nil {
				t.Fatal(err)
			}
			return
		}
		kind := rapid.SampledFrom([]string{"incident", "problem"}).Draw(t, "kind")
		recs := visible(t, r.s, kind)
		if len(recs) == 0 {
			return
		}
		// A problem still named by an incident here cannot be deleted here: that is fine.
		r.s.Delete(bg, kind, rapid.SampledFrom(recs).Draw(t, "record").ID, store.Change{})
	case 5: // resolve a conflict this copy sees
		cs, err := r.s.Conflicts(bg)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			return
		}
		c := rapid.SampledFrom(cs).Draw(t, "conflict")
		w.resolve(t, r, c)
	case 6, 7: // write a bundle, for a peer or for everyone
		peers, _ := r.s.Peers(bg)
		forSite := ""
		if len(peers) > 0 && rapid.Bool().Draw(t, "delta") {
			forSite = rapid.SampledFrom(peers).Draw(t, "peer").Site
		}
		w.export(r, forSite)
	case 8, 9, 10: // deliver any bundle ever written: stale, duplicate, reordered, relayed
		if len(w.mail) == 0 {
			return
		}
		w.deliver(rapid.SampledFrom(w.mail).Draw(t, "bundle"), r, rapid.IntRange(0, 9).Draw(t, "crash") == 0)
	case 11: // copy a workspace file: the copy must take a new site id
		if len(w.replicas) >= 6 {
			return
		}
		r.s.Close()
		path := filepath.Join(w.dir, fmt.Sprintf("copy%d.smswb", len(w.replicas)))
		copyFile(t, r.path, path)
		*r = *w.open(r.path, r.name, r.skew)
		c := w.open(path, fmt.Sprintf("copy%d", len(w.replicas)), 0)
		if c.s.Site().ID == r.s.Site().ID {
			t.Fatal("a copied workspace kept the site id of its original")
		}
		w.replicas = append(w.replicas, c)
	case 14, 15: // the CMDB: a CI, a rename of a CI that relationships name, a relationship
		w.cmdb(t, r)
	case 16: // the priority matrix, edited while tickets are edited and moved elsewhere
		w.matrix(t, r)
	case 17: // an SLA of a service: made, its targets edited, agreed or put back to draft
		w.sla(t, r)
	case 18, 19: // a ticket moves along its workflow, to a final state too
		w.move(t, r)
	}
}

var matrices = []string{"[[1,2,3],[2,3,4],[3,4,5]]", "[[1,1,2],[2,3,4],[3,4,4]]", "[[2,3,4],[3,4,5],[4,5,5]]", "[[1,1,1],[1,1,1],[1,1,1]]"}

func (w *world) cmdb(t *rapid.T, r *copyOf) {
	cis := visible(t, r.s, "ci")
	switch {
	case len(cis) < 2 || rapid.IntRange(0, 3).Draw(t, "new ci") == 0:
		if _, err := r.s.Create(bg, "ci", map[string]any{"title": rapid.SampledFrom([]string{"app", "vm-1", "host-1", "db"}).Draw(t, "ci title"),
			"ci_type": "server"}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	case rapid.Bool().Draw(t, "rename"):
		ci := rapid.SampledFrom(cis).Draw(t, "ci")
		if _, err := r.s.Update(bg, "ci", ci.ID, map[string]any{"title": rapid.SampledFrom([]string{"app-2", "vm-9", "host-7", "Łódź db"}).Draw(t, "new title")}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	default:
		rels := visible(t, r.s, "cirel")
		typ := rapid.SampledFrom([]string{"runs_on", "depends_on", "connected_to"}).Draw(t, "type")
		if len(rels) > 0 && rapid.Bool().Draw(t, "edit rel") {
			if _, err := r.s.Update(bg, "cirel", rapid.SampledFrom(rels).Draw(t, "rel").ID, map[string]any{"type": typ}, store.Change{}); err != nil {
				t.Fatal(err)
			}
			return
		}
		from := rapid.SampledFrom(cis).Draw(t, "from")
		to := rapid.SampledFrom(cis).Draw(t, "to")
		if from.ID == to.ID {
			return
		}
		if _, err := r.s.Create(bg, "cirel", map[string]any{"from": from.ID, "type": typ, "to": to.ID}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
}

func (w *world) matrix(t *rapid.T, r *copyOf) {
	value := rapid.SampledFrom(matrices).Draw(t, "matrix")
	settings := visible(t, r.s, "setting")
	if len(settings) == 0 {
		if _, err := r.s.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": value}, store.Change{}); err != nil {
			t.Fatal(err)
		}
		return
	}
	if _, err := r.s.Update(bg, "setting", rapid.SampledFrom(settings).Draw(t, "setting").ID, map[string]any{"value": value}, store.Change{}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) sla(t *rapid.T, r *copyOf) {
	targets := func() []any {
		var out []any
		for p := 1; p <= 5; p++ {
			out = append(out, map[string]any{"priority": p, "respond": rapid.SampledFrom([]string{"15m", "1h"}).Draw(t, "respond"),
				"resolve": rapid.SampledFrom([]string{"2h", "8h", "3d"}).Draw(t, "resolve")})
		}
		return out
	}
	slas := visible(t, r.s, "sla")
	if len(slas) == 0 || rapid.IntRange(0, 3).Draw(t, "new sla") == 0 {
		if _, err := r.s.Create(bg, "sla", map[string]any{"title": "Standard", "service": rapid.SampledFrom(w.services).Draw(t, "service"),
			"targets": targets()}, store.Change{}); err != nil {
			t.Fatal(err)
		}
		return
	}
	sla := rapid.SampledFrom(slas).Draw(t, "sla")
	if rapid.Bool().Draw(t, "targets") {
		if _, err := r.s.Update(bg, "sla", sla.ID, map[string]any{"targets": targets()}, store.Change{}); err != nil {
			t.Fatal(err)
		}
		return
	}
	to := map[string]string{"draft": "agreed", "agreed": "draft"}[sla.Status]
	if to != "" {
		if _, err := r.s.Move(bg, "sla", sla.ID, to, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
}

func (w *world) move(t *rapid.T, r *copyOf) {
	recs := visible(t, r.s, "incident")
	if len(recs) == 0 {
		return
	}
	rec := rapid.SampledFrom(recs).Draw(t, "ticket")
	next := map[string][]string{"new": {"assigned", "in_progress", "resolved", "cancelled"}, "assigned": {"in_progress", "pending", "resolved"},
		"in_progress": {"pending", "resolved"}, "pending": {"in_progress", "resolved"}, "resolved": {"closed", "in_progress"}}[rec.Status]
	if len(next) == 0 {
		return
	}
	to := rapid.SampledFrom(next).Draw(t, "to")
	if to == "resolved" && rec.Values["resolution"] == nil {
		if _, err := r.s.Update(bg, "incident", rec.ID, map[string]any{"resolution": "restarted"}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	// A move may be refused when a concurrent edit elsewhere left the record otherwise; that is
	// the workflow's business, not sync's.
	r.s.Move(bg, "incident", rec.ID, to, store.Change{})
}

func (w *world) resolve(t *rapid.T, r *copyOf, c store.Conflict) {
	var err error
	if c.Type == store.ConflictDangling {
		_, err = r.s.Resolve(bg, c.ID, json.RawMessage("null"), "")
	} else {
		_, err = r.s.Resolve(bg, c.ID, nil, rapid.SampledFrom(c.Options).Draw(t, "keep").Op.String())
	}
	if err != nil {
		t.Fatalf("resolve %s (%s) at %s: %v", c.ID, c.Type, r.name, err)
	}
}

// copyFile copies a file, for a test or a rapid property.
func copyFile(t interface{ Fatal(...any) }, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	io.Copy(out, in)
}

// exchange has every copy write a full bundle, then every copy import every other's.
func (w *world) exchange() []string {
	var bundles []string
	for _, r := range w.replicas {
		bundles = append(bundles, w.export(r, ""))
	}
	for _, r := range w.replicas {
		for _, b := range bundles {
			w.deliver(b, r, false)
		}
	}
	return bundles
}

// conflictOracle finds, from a copy's op log alone and independently of the store's fold,
// which (record, field) pairs hold concurrent writes that disagree.
func conflictOracle(t *rapid.T, s *store.Store) map[string]bool {
	have, err := s.Have(bg)
	if err != nil {
		t.Fatal(err)
	}
	type write struct {
		id    string
		value string
	}
	byField := map[string][]write{}       // record/field -> writes
	named := map[string]map[string]bool{} // record/field -> op ids some later write on it had seen
	err = s.OpsBetween(bg, map[string]int64{}, have, func(o *store.Op) error {
		id := o.ID.String()
		if o.Field == "_create" {
			var initial map[string]json.RawMessage
			json.Unmarshal(o.Value, &initial)
			for f, v := range initial {
				byField[o.Record+"/"+f] = append(byField[o.Record+"/"+f], write{id, compact(v)})
			}
			byField[o.Record+"/_alive"] = append(byField[o.Record+"/_alive"], write{id, "true"})
			return nil
		}
		key := o.Record + "/" + o.Field
		byField[key] = append(byField[key], write{id, compact(o.Value)})
		if named[key] == nil {
			named[key] = map[string]bool{}
		}
		for _, p := range o.Pred {
			named[key][p.String()] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for key, writes := range byField {
		values := map[string]bool{}
		for _, wr := range writes {
			if !named[key][wr.id] {
				values[wr.value] = true
			}
		}
		if len(values) > 1 {
			out[key] = true
		}
	}
	return out
}

func compact(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return string(raw)
	}
	return buf.String()
}

func TestSyncConvergesWhateverTheDeliveries(t *testing.T) {
	if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == "100" {
		f.Value.Set("20") // each check opens several workspaces; set -rapid.checks for more
	}
	rapid.Check(t, func(rt *rapid.T) {
		w := &world{t: rt, dir: t.TempDir(), written: map[string]int64{}}
		n := rapid.IntRange(3, 6).Draw(rt, "copies")
		origin := w.open(filepath.Join(w.dir, "c0.smswb"), "c0", 0)
		w.replicas = append(w.replicas, origin)
		for _, title := range []string{"E-mail", "Network"} {
			svc, err := origin.s.Create(bg, "service", map[string]any{"title": title}, store.Change{})
			if err != nil {
				rt.Fatal(err)
			}
			w.services = append(w.services, svc.ID)
		}
		// Records every copy starts with, so that their edits are concurrent from the start.
		for i := 0; i < 3; i++ {
			if _, err := origin.s.Create(bg, "incident", map[string]any{"title": titles[i], "service": w.services[0]}, store.Change{}); err != nil {
				rt.Fatal(err)
			}
		}
		first := w.export(origin, "")
		for i := 1; i < n; i++ {
			skew := time.Duration(0)
			if i == 1 {
				skew = 365 * 24 * time.Hour // a laptop whose clock is a year ahead
			}
			c := w.open(filepath.Join(w.dir, fmt.Sprintf("c%d.smswb", i)), fmt.Sprintf("c%d", i), skew)
			w.deliver(first, c, false)
			w.replicas = append(w.replicas, c)
		}
		defer func() {
			for _, r := range w.replicas {
				r.s.Close()
			}
		}()
		steps := rapid.IntRange(10, 60).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			w.step(rt)
		}

		// Every op any copy wrote, by origin.
		written := map[string]int64{}
		for _, r := range w.replicas {
			have, _ := r.s.Have(bg)
			for o, n := range have {
				written[o] = max(written[o], n)
			}
		}
		bundles := w.exchange()
		w.converged(rt, written)
		w.sameRecords(rt)
		if cs, err := w.replicas[0].s.Conflicts(bg); err == nil {
			kinds := map[string]int{}
			for _, c := range cs {
				kinds[c.Type]++
			}
			rt.Logf("%d copies, %d bundles, conflicts after the exchange: %v", len(w.replicas), len(w.mail), kinds)
		}

		// A conflict is open exactly where concurrent writes disagree.
		for _, r := range w.replicas {
			want := conflictOracle(rt, r.s)
			cs, err := r.s.Conflicts(bg)
			if err != nil {
				rt.Fatal(err)
			}
			got := map[string]bool{}
			for _, c := range cs {
				if c.Type == store.ConflictValue {
					got[c.Record+"/"+c.Field] = true
				}
			}
			for key := range want {
				if !got[key] {
					rt.Fatalf("%s: concurrent writes on %s disagree but no conflict is open", r.name, key)
				}
			}
			for key := range got {
				if !want[key] {
					rt.Fatalf("%s: a conflict is open on %s where no concurrent writes disagree", r.name, key)
				}
			}
		}

		// Importing again changes nothing.
		for _, r := range w.replicas {
			before := mustDigest(rt, r.s)
			for _, b := range append(bundles, w.mail[rapid.IntRange(0, len(w.mail)-1).Draw(rt, "old")]) {
				rep, err := Import(bg, r.s, b, ImportOptions{Keys: testKeys()})
				if errors.Is(err, store.ErrFromThisSite) {
					continue
				}
				if err != nil {
					rt.Fatal(err)
				}
				if !rep.Nothing() {
					rt.Fatalf("%s: re-import brought %d new ops", r.name, rep.OpsNew)
				}
			}
			if mustDigest(rt, r.s) != before {
				rt.Fatalf("%s: re-import changed the workspace", r.name)
			}
		}

		// Resolutions on one copy close the conflicts on every copy.
		judge := w.replicas[rapid.IntRange(0, len(w.replicas)-1).Draw(rt, "judge")]
		// A decision may bring another to light (a record kept after a delete may hold a
		// reference deleted elsewhere), so resolve until none is left; each must close its own.
		for round := 0; round < 200; round++ {
			cs, err := judge.s.Conflicts(bg)
			if err != nil {
				rt.Fatal(err)
			}
			if len(cs) == 0 {
				break
			}
			w.resolve(rt, judge, cs[0])
			if _, err := judge.s.ConflictByID(bg, cs[0].ID); err == nil {
				rt.Fatalf("resolving %s (%s) left it open", cs[0].ID, cs[0].Type)
			}
		}
		if n, _ := judge.s.CountConflicts(bg); n != 0 {
			rt.Fatalf("%d conflicts left after resolving them all", n)
		}
		w.exchange()
		w.converged(rt, nil)
		w.sameRecords(rt)
		for _, r := range w.replicas {
			if n, _ := r.s.CountConflicts(bg); n != 0 {
				rt.Fatalf("%s still has %d conflicts after the resolutions reached it", r.name, n)
			}
		}
	})
}

// converged asserts that every copy holds every op written and that the copies are identical.
func (w *world) converged(t *rapid.T, written map[string]int64) {
	var first string
	var firstHave map[string]int64
	for i, r := range w.replicas {
		have, err := r.s.Have(bg)
		if err != nil {
			t.Fatal(err)
		}
		for o, n := range written {
			if have[o] < n {
				t.Fatalf("%s holds %d ops of %s; %d were written", r.name, have[o], o, n)
			}
		}
		d := mustDigest(t, r.s)
		if i == 0 {
			first, firstHave = d, have
			continue
		}
		if d != first {
			t.Fatalf("%s differs from %s after a full exchange (have %v vs %v)", r.name, w.replicas[0].name, sortedHave(have), sortedHave(firstHave))
		}
	}
}

func sortedHave(h map[string]int64) []string {
	var out []string
	for o, n := range h {
		out = append(out, fmt.Sprintf("%s:%d", o[:8], n))
	}
	sort.Strings(out)
	return out
}

// dumpKinds are the kinds the property's actions write, and the sorts whose orders every copy
// must share.
var dumpKinds = map[string][]string{
	"incident": {"", "ref", "-ref", "title", "-priority", "status", "-opened_at", "impact", "-updated_at", "sla_state", "resolve_due"},
	"problem":  {"", "ref", "title"},
	"ci":       {"", "ref", "-title"},
	"cirel":    {"", "ref", "title", "type"},
	"sla":      {"", "ref", "status"},
	"setting":  {"", "ref"},
	"service":  {"ref"},
}

// dump is every record of the property's kinds with every field, computed ones included, as
// read at one fixed moment (values that run with the clock, as an open ticket's SLA state, are
// compared at the same moment), and the order of every list.
func dump(t *rapid.T, s *store.Store, at time.Time) []string {
	s.SetClock(func() time.Time { return at })
	defer s.SetClock(nil)
	var out []string
	kinds := make([]string, 0, len(dumpKinds))
	for k := range dumpKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		for _, order := range dumpKinds[kind] {
			page, err := s.List(bg, kind, store.Query{Limit: -1, Sort: order})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range page.Records {
				ids = append(ids, r.Ref+"/"+r.ID[len(r.ID)-4:])
				if order == "ref" {
					b, _ := json.Marshal(r)
					out = append(out, string(b))
				}
			}
			out = append(out, fmt.Sprintf("%s sorted by %q: %v", kind, order, ids))
		}
	}
	return out
}

// sameRecords asserts that copies holding the same ops show the same records field by field,
// computed values included, and the same list orders.
func (w *world) sameRecords(t *rapid.T) {
	at := time.Now().Truncate(time.Second)
	first := dump(t, w.replicas[0].s, at)
	for _, r := range w.replicas[1:] {
		other := dump(t, r.s, at)
		for i := range max(len(first), len(other)) {
			a, b := "", ""
			if i < len(first) {
				a = first[i]
			}
			if i < len(other) {
				b = other[i]
			}
			if a != b {
				t.Fatalf("%s and %s hold the same ops but show\n%s\n%s", w.replicas[0].name, r.name, a, b)
			}
		}
	}
}
