package cmdb

import (
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"smsworkbench/internal/store"
)

// graphCMDB writes a small CMDB around CI "app" and returns the refs of the CIs and services by
// name:
//
//	web --depends_on--> app --runs_on--> vm --runs_on--> host --contains--> disk <--connected_to-- far
//	app --backs_up--> web (a second edge between two nodes), vm --backs_up--> web
//	service Shop needs app; Storage needs disk; Remote needs far (beyond depth 3)
func graphCMDB(t *testing.T) (*store.Store, map[string]string) {
	s := open(t)
	refs := map[string]string{}
	err := s.Write(bg, func(tx *store.Tx) error {
		for _, name := range []string{"app", "web", "vm", "host", "disk", "far", "lonely"} {
			r, err := tx.Create("ci", map[string]any{"title": name, "ci_type": "server"}, store.Change{})
			if err != nil {
				return err
			}
			refs[name] = r.Ref
		}
		for _, rel := range [][3]string{{"web", "depends_on", "app"}, {"app", "runs_on", "vm"}, {"vm", "runs_on", "host"},
			{"host", "contains", "disk"}, {"far", "connected_to", "disk"}, {"app", "backs_up", "web"}, {"vm", "backs_up", "web"}} {
			if _, err := tx.Create("cirel", map[string]any{"from": refs[rel[0]], "type": rel[1], "to": refs[rel[2]]}, store.Change{}); err != nil {
				return err
			}
		}
		for name, cis := range map[string][]any{"Shop": {refs["app"]}, "Storage": {refs["disk"], refs["host"]}, "Remote": {refs["far"]}} {
			r, err := tx.Create("service", map[string]any{"title": name, "criticality": "high", "cis": cis}, store.Change{})
			if err != nil {
				return err
			}
			refs[name] = r.Ref
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, refs
}

// depths maps "name" to the depth of its node, through refs.
func depths(res *GraphResult, refs map[string]string) map[string]int {
	name := map[string]string{}
	for n, r := range refs {
		name[r] = n
	}
	out := map[string]int{}
	for _, n := range res.Nodes {
		out[name[n.Ref]] = n.Depth
	}
	return out
}

func edges(res *GraphResult, refs map[string]string) []string {
	name := map[string]string{}
	for n, r := range refs {
		name[r] = n
	}
	var out []string
	for _, e := range res.Edges {
		out = append(out, name[e.From]+" "+e.Type+" "+name[e.To])
	}
	sort.Strings(out)
	return out
}

func TestGraphWalksBothDirectionsToTheDepth(t *testing.T) {
	s, refs := graphCMDB(t)
	res, err := Graph(bg, s, strings.ToLower(refs["app"]), 3, 150)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"app": 0, "web": 1, "vm": 1, "Shop": 1, "host": 2, "disk": 3, "Storage": 3}
	if got := depths(res, refs); !maps.Equal(got, want) {
		t.Fatalf("depths %v, want %v", got, want)
	}
	if res.Center != refs["app"] || res.Truncated || res.Nodes[0].Ref != refs["app"] || res.Nodes[0].Kind != "ci" || res.Nodes[0].Type != "server" {
		t.Fatalf("centre %+v", res)
	}
	// far (depth 4) is out of reach, so is its edge; Storage is reached first through host.
	wantEdges := []string{"app backs_up web", "app runs_on vm", "app supports Shop", "disk supports Storage", "host contains disk",
		"host supports Storage", "vm backs_up web", "vm runs_on host", "web depends_on app"}
	if got := edges(res, refs); !slices.Equal(got, wantEdges) {
		t.Fatalf("edges\n got %v\nwant %v", got, wantEdges)
	}
	for _, e := range res.Edges {
		if e.Type == "runs_on" && e.Label != "Runs on" || e.Type == Supports && e.Label != "Supports" {
			t.Fatalf("label %+v", e)
		}
	}
	for _, n := range res.Nodes {
		if n.Kind == "service" && (n.Type != "high" || n.Status != "pipeline" || n.ID == "") {
			t.Fatalf("service node %+v", n)
		}
	}

	// Depth 1: the edge between two nodes of the last level (vm backs up web) is kept, host is
	// not reached.
	res, err = Graph(bg, s, refs["app"], 1, 150)
	if err != nil {
		t.Fatal(err)
	}
	if got := depths(res, refs); !maps.Equal(got, map[string]int{"app": 0, "web": 1, "vm": 1, "Shop": 1}) {
		t.Fatalf("depth 1: %v", got)
	}
	if got := edges(res, refs); !slices.Equal(got, []string{"app backs_up web", "app runs_on vm", "app supports Shop", "vm backs_up web", "web depends_on app"}) {
		t.Fatalf("depth 1 edges %v", got)
	}

	// From the far end, by id.
	far, err := s.Get(bg, "ci", refs["far"])
	if err != nil {
		t.Fatal(err)
	}
	res, err = Graph(bg, s, far.ID, 2, 150)
	if err != nil {
		t.Fatal(err)
	}
	if got := depths(res, refs); !maps.Equal(got, map[string]int{"far": 0, "Remote": 1, "disk": 1, "host": 2, "Storage": 2}) {
		t.Fatalf("from far: %v", got)
	}
	// A CI without relationships is a graph of one.
	res, err = Graph(bg, s, refs["lonely"], 3, 150)
	if err != nil || len(res.Nodes) != 1 || len(res.Edges) != 0 {
		t.Fatalf("lonely: %+v %v", res, err)
	}
}

func TestGraphKeepsTheNearestWhenTruncated(t *testing.T) {
	s, refs := graphCMDB(t)
	res, err := Graph(bg, s, refs["app"], 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || len(res.Nodes) != 3 {
		t.Fatalf("truncated %v, %d nodes", res.Truncated, len(res.Nodes))
	}
	for _, n := range res.Nodes {
		if n.Depth > 1 {
			t.Fatalf("kept %+v beyond depth 1 while depth 1 was cut", n)
		}
	}
	// Every edge joins two nodes of the result.
	in := map[string]bool{}
	for _, n := range res.Nodes {
		in[n.Ref] = true
	}
	for _, e := range res.Edges {
		if !in[e.From] || !in[e.To] {
			t.Fatalf("edge %+v leaves the result", e)
		}
	}
	if len(res.Edges) == 0 {
		t.Fatal("no edges between the kept nodes")
	}
}

func TestGraphOfAnUnknownCI(t *testing.T) {
	s, refs := graphCMDB(t)
	_, err := Graph(bg, s, "CI-99999", 2, 150)
	var nf *store.NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "CI-99999") {
		t.Fatalf("error %v", err)
	}
	// A service is not a CI.
	if _, err := Graph(bg, s, refs["Shop"], 2, 150); err == nil || !strings.Contains(err.Error(), "not a ci") {
		t.Fatalf("service as centre: %v", err)
	}
}
