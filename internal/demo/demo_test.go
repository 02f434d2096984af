package demo

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

// dump renders every record without ids (which are random) so two workspaces can be compared.
func dump(t *testing.T, s *store.Store) string {
	out := ""
	for _, k := range s.Registry().Kinds() {
		p, err := s.List(context.Background(), k.Name, store.Query{Limit: -1, Sort: "ref"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			out += fmt.Sprintf("%s %s %s %s %s|", r.Ref, r.Status, r.Title(), r.CreatedAt, r.UpdatedAt)
			for _, f := range k.Fields {
				v := r.Field(f.Name)
				if l, ok := v.(store.Link); ok {
					v = l.Ref
				}
				if ls, ok := v.([]store.Link); ok {
					refs := []string{}
					for _, l := range ls {
						refs = append(refs, l.Ref)
					}
					v = refs
				}
				out += fmt.Sprintf("%s=%v;", f.Name, v)
			}
			out += "\n"
		}
	}
	return out
}

func TestFillIsDeterministic(t *testing.T) {
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	var dumps []string
	for i := 0; i < 2; i++ {
		s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := Fill(context.Background(), s, now); err != nil {
			t.Fatal(err)
		}
		dumps = append(dumps, dump(t, s))
		counts := map[string]int{}
		for _, k := range []string{"service", "ci", "incident", "change", "policy"} {
			counts[k], _ = s.Count(k)
		}
		if counts["service"] != 8 || counts["ci"] != 25 || counts["incident"] != 40 || counts["change"] != 10 || counts["policy"] != 6 {
			t.Fatalf("counts %v", counts)
		}
		s.Close()
	}
	if dumps[0] != dumps[1] {
		t.Fatal("two fills with the same clock differ")
	}
}

func TestGenerate(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := Generate(context.Background(), s, Size{Services: 5, CIs: 30, Incidents: 250}, 1, 100); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{"service": 5, "ci": 30, "incident": 250} {
		if n, _ := s.Count(kind); n != want {
			t.Fatalf("%s: %d, want %d", kind, n, want)
		}
	}
}
