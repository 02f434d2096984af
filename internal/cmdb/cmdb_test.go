package cmdb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"smsworkbench/internal/itsm"
	"smsworkbench/internal/store"
)

var bg = context.Background()

func open(t *testing.T) *store.Store {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The walk of the kept graph must give exactly what the reference walk in itsm gives, on random
// graphs full of cycles and of every relationship type.
func TestImpactMatchesTheReferenceWalk(t *testing.T) {
	s := open(t)
	rng := rand.New(rand.NewPCG(5, 5))
	const n = 60
	refs := make([]string, n)
	ids := map[string]string{}
	types := []string{itsm.DependsOn, itsm.RunsOn, itsm.Contains, itsm.ConnectedTo, itsm.BacksUp}
	var edges []itsm.Edge
	err := s.Write(bg, func(tx *store.Tx) error {
		for i := range refs {
			r, err := tx.Create("ci", map[string]any{"title": fmt.Sprint("ci", i), "ci_type": "server"}, store.Change{})
			if err != nil {
				return err
			}
			refs[i], ids[r.ID] = r.Ref, r.Ref
		}
		for i := 0; i < 150; i++ {
			a, b := rng.IntN(n), rng.IntN(n)
			if a == b {
				continue
			}
			typ := types[rng.IntN(len(types))]
			if _, err := tx.Create("cirel", map[string]any{"from": refs[a], "type": typ, "to": refs[b]}, store.Change{}); err != nil {
				return err
			}
			edges = append(edges, itsm.Edge{From: refs[a], To: refs[b], Type: typ})
		}
		_, err := tx.Create("service", map[string]any{"title": "S", "cis": []any{refs[7]}}, store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	withService := 0
	for i := 0; i < n; i++ {
		want := itsm.Affected(refs[i], edges)
		sort.Slice(want, func(a, b int) bool { return refLess(want[a], want[b]) })
		res, err := Impact(bg, s, refs[i])
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, it := range res.CIs {
			got = append(got, it.Ref)
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("impact of %s:\n got %v\nwant %v", refs[i], got, want)
		}
		hitsService := i == 7 || slices.Contains(want, refs[7])
		if hitsService != (len(res.Services) == 1) {
			t.Fatalf("impact of %s: services %v, want affected=%v", refs[i], res.Services, hitsService)
		}
		if hitsService {
			withService++
		}
	}
	if withService < 2 {
		t.Fatalf("the random graph is too sparse to test anything (%d CIs reach the service)", withService)
	}
	_, err = Impact(bg, s, "CI-99999")
	if err == nil {
		t.Fatal("impact of an unknown CI succeeded")
	}
}

// The graph is kept between calls, so every change to a CI, a relationship or a service, by this
// program or by another one writing the same workspace, must show in the next impact.
func TestImpactFollowsChanges(t *testing.T) {
	s := open(t)
	create := func(kind string, in map[string]any) *store.Record {
		t.Helper()
		r, err := s.Create(bg, kind, in, store.Change{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	host := create("ci", map[string]any{"title": "host", "ci_type": "server"})
	vm := create("ci", map[string]any{"title": "vm", "ci_type": "server"})
	app := create("ci", map[string]any{"title": "app", "ci_type": "application"})
	create("cirel", map[string]any{"from": vm.Ref, "type": itsm.RunsOn, "to": host.Ref})
	impact := func() (cis, services []string) {
		t.Helper()
		res, err := Impact(bg, s, host.Ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range res.CIs {
			cis = append(cis, it.Ref+" "+it.Title)
		}
		for _, it := range res.Services {
			services = append(services, it.Ref)
		}
		return cis, services
	}
	expect := func(step string, wantCIs, wantServices []string) {
		t.Helper()
		cis, services := impact()
		if !slices.Equal(cis, wantCIs) || !slices.Equal(services, wantServices) {
			t.Fatalf("%s: impact of the host is %v %v, want %v %v", step, cis, services, wantCIs, wantServices)
		}
	}
	expect("first", []string{vm.Ref + " vm"}, nil)

	rel := create("cirel", map[string]any{"from": app.Ref, "type": itsm.DependsOn, "to": vm.Ref})
	expect("new relationship", []string{vm.Ref + " vm", app.Ref + " app"}, nil)

	if _, err := s.Update(bg, "ci", app.Ref, map[string]any{"title": "billing app"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	expect("renamed CI", []string{vm.Ref + " vm", app.Ref + " billing app"}, nil)

	svc := create("service", map[string]any{"title": "Billing", "cis": []any{app.Ref}})
	expect("new service", []string{vm.Ref + " vm", app.Ref + " billing app"}, []string{svc.Ref})

	// Another program (a second window, the CLI) changes the workspace.
	other, err := store.Open(s.Path(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Update(bg, "cirel", rel.Ref, map[string]any{"type": itsm.ConnectedTo}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	expect("relationship retyped elsewhere", []string{vm.Ref + " vm"}, nil)

	if err := s.Delete(bg, "cirel", rel.Ref, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(bg, "service", svc.Ref, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(bg, "ci", app.Ref, store.Change{}); err != nil {
		t.Fatal(err)
	}
	expect("deletions", []string{vm.Ref + " vm"}, nil)

	// A title holding the record and unit separators (with which the graph was once read as one
	// string) shifts no field, and lists them as spaces.
	odd := create("ci", map[string]any{"title": "disk\x1eshelf\x1f2", "ci_type": "hardware"})
	create("cirel", map[string]any{"from": host.Ref, "type": itsm.Contains, "to": odd.Ref})
	expect("title with separators", []string{vm.Ref + " vm", odd.Ref + " disk shelf 2"}, nil)
}

func TestBaselineSnapshotsAndDiffs(t *testing.T) {
	s := open(t)
	mk := func(in map[string]any) *store.Record {
		r, err := s.Create(bg, "ci", in, store.Change{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := mk(map[string]any{"title": "app", "ci_type": "application", "version": "1.0"})
	b := mk(map[string]any{"title": "db", "ci_type": "database"})
	c := mk(map[string]any{"title": "old", "ci_type": "server"})
	if _, err := s.Create(bg, "cirel", map[string]any{"from": a.Ref, "type": "depends_on", "to": b.Ref}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	bl, err := CreateBaseline(bg, s, "Go-live", "before the upgrade", now)
	if err != nil {
		t.Fatal(err)
	}
	if bl.Values["ci_count"] != int64(3) || bl.Values["rel_count"] != int64(1) {
		t.Fatalf("baseline %v", bl.Values)
	}
	if _, err := CreateBaseline(bg, s, "Go-live", "", now); err == nil {
		t.Fatal("a second baseline with the same name was taken")
	}
	if _, err := s.Update(bg, "baseline", bl.Ref, map[string]any{"snapshot": "00"}, store.Change{}); err == nil {
		t.Fatal("a baseline's snapshot was changed")
	}
	if _, err := s.Create(bg, "baseline", map[string]any{"title": "by hand", "snapshot": "nothing"}, store.Change{}); err == nil {
		t.Fatal("a baseline without a stored snapshot was created")
	}
	// Change the CMDB: upgrade app, retire... delete old, add a new CI and relationship.
	if _, err := s.Update(bg, "ci", a.Ref, map[string]any{"version": "2.0"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(bg, "ci", c.Ref, store.Change{}); err != nil {
		t.Fatal(err)
	}
	d2 := mk(map[string]any{"title": "cache", "ci_type": "application"})
	if _, err := s.Create(bg, "cirel", map[string]any{"from": a.Ref, "type": "depends_on", "to": d2.Ref}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	diff, err := CompareBaselines(bg, s, "Go-live", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(diff.Added, []string{d2.Ref}) || !slices.Equal(diff.Removed, []string{c.Ref}) ||
		len(diff.Changed) != 1 || diff.Changed[0].Ref != a.Ref || diff.Changed[0].Fields[0].Field != "version" ||
		diff.Changed[0].Fields[0].Old != "1.0" || diff.Changed[0].Fields[0].New != "2.0" ||
		len(diff.RelsAdded) != 1 || diff.RelsAdded[0] != a.Ref+" depends_on "+d2.Ref || len(diff.RelsGone) != 0 {
		t.Fatalf("diff %+v", diff)
	}
	// Two baselines compare with each other, by name or ref.
	bl2, err := CreateBaseline(bg, s, "After upgrade", "", now)
	if err != nil {
		t.Fatal(err)
	}
	diff, err = CompareBaselines(bg, s, bl.Ref, bl2.Title(), now)
	if err != nil || diff.Summary != (DiffSummary{1, 1, 1, 1, 0}) {
		t.Fatalf("baseline to baseline: %+v %v", diff, err)
	}
	if _, err := CompareBaselines(bg, s, "nope", "", now); err == nil {
		t.Fatal("diff of an unknown baseline succeeded")
	}
}
