package store

import (
	"fmt"
	"testing"
)

func TestEachWalksMatchingRecordsInRefOrderAcrossBatches(t *testing.T) {
	defer func(n int) { eachBatch = n }(eachBatch)
	eachBatch = 3 // several batches, and one that ends exactly on a batch boundary
	s := openTemp(t)
	svc := mustCreate(t, s, "service", map[string]any{"title": "Mail"})
	other := mustCreate(t, s, "service", map[string]any{"title": "Web"})
	for i := 1; i <= 7; i++ {
		in := map[string]any{"title": fmt.Sprintf("Incident %d", i), "impact": 2, "urgency": 2, "service": other.ID}
		if i%2 == 0 {
			in["service"] = svc.ID
		}
		mustCreate(t, s, "incident", in)
	}
	walk := func(q Query) (refs []string, linked int) {
		t.Helper()
		err := s.Each(bg, "incident", q, func(r *Record) error {
			refs = append(refs, r.Ref)
			if l, ok := r.Field("service").(Link); ok && l.Ref == svc.Ref && l.Title == "Mail" {
				linked++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return refs, linked
	}
	all, linked := walk(Query{Limit: 1, Sort: "-title"}) // sort and limit do not apply
	if fmt.Sprint(all) != "[INC-00001 INC-00002 INC-00003 INC-00004 INC-00005 INC-00006 INC-00007]" || linked != 3 {
		t.Fatalf("all incidents: %v (%d linked to the service)", all, linked)
	}
	some, _ := walk(Query{Where: []Filter{{Field: "service", Op: "=", Value: svc.Ref}}})
	if fmt.Sprint(some) != "[INC-00002 INC-00004 INC-00006]" {
		t.Fatalf("filtered: %v", some)
	}
	eachBatch = 7
	if exact, _ := walk(Query{}); len(exact) != 7 {
		t.Fatalf("a batch as large as the register: %v", exact)
	}
	stop := fmt.Errorf("stop")
	n := 0
	if err := s.Each(bg, "incident", Query{}, func(*Record) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("an error from fn stops the walk: %v after %d", err, n)
	}
	if err := s.Each(bg, "nosuchkind", Query{}, func(*Record) error { return nil }); err == nil {
		t.Fatal("unknown kind accepted")
	}
}
