// Package cmdb owns the questions asked of the configuration management database as a whole:
// which CIs and services fail with a CI (impact), and snapshots of the CMDB taken as baselines
// and compared. It reads the CI, relationship and service registers through the store's
// aggregate API (store.Columns) and follows the propagation rules of package itsm.
package cmdb

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"smsworkbench/internal/itsm"
	"smsworkbench/internal/store"
)

// Item is a CI or a service in an impact list.
type Item struct {
	Ref    string `json:"ref"`
	Title  string `json:"title"`
	Type   string `json:"type"` // the CI type, or the service's criticality
	Status string `json:"status"`
}

// ImpactResult is everything that fails when one CI fails.
type ImpactResult struct {
	CI       Item   `json:"ci"`
	CIs      []Item `json:"cis"`      // affected CIs, the failed one excluded
	Services []Item `json:"services"` // services that depend on the failed CI or an affected one
}

// graph is the CMDB as failure propagates through it: for each CI, the CIs that fail with it
// directly. It is built from the registers once and kept until a CI, relationship or service
// changes (store.Derived), because walking 150,000 relationships in SQL takes a tenth of a
// second and a walk in memory takes a millisecond.
type graph struct {
	node     map[string]int32 // CI id → node
	cis      []Item           // node → the CI
	next     [][]int32        // node → the nodes that fail when it fails
	services []serviceNodes
}

type serviceNodes struct {
	item  Item
	nodes []int32 // the CIs the service depends on
}

var graphKinds = []string{"ci", "cirel", "service"}

func loadGraph(ctx context.Context, s *store.Store) (*graph, error) {
	v, err := s.Derived(ctx, "cmdb.graph", graphKinds, func(ctx context.Context) (any, error) { return buildGraph(ctx, s) })
	if err != nil {
		return nil, err
	}
	return v.(*graph), nil
}

// buildGraph reads the CIs, the relationships that carry a failure and the services' CIs, each
// register in one statement of the store.
func buildGraph(ctx context.Context, s *store.Store) (*graph, error) {
	g := &graph{node: map[string]int32{}}
	err := s.Columns(ctx, "ci", []string{"id", "ref", "title", "ci_type", "status"}, nil, func(v []any) error {
		g.node[str(v[0])] = int32(len(g.cis))
		g.cis = append(g.cis, Item{Ref: str(v[1]), Title: separators.Replace(str(v[2])), Type: str(v[3]), Status: str(v[4])})
		return nil
	})
	if err != nil {
		return nil, err
	}
	g.next = make([][]int32, len(g.cis))
	var types []string
	for typ := range itsm.Propagation {
		types = append(types, typ)
	}
	err = s.Columns(ctx, "cirel", []string{"type", "from", "to"}, []store.Filter{store.In("type", types...)}, func(v []any) error {
		f, okf := g.node[str(v[1])]
		t, okt := g.node[str(v[2])]
		if !okf || !okt {
			return nil
		}
		if itsm.Propagation[str(v[0])] == itsm.Up {
			g.next[t] = append(g.next[t], f)
		} else {
			g.next[f] = append(g.next[f], t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.Columns(ctx, "service", []string{"ref", "title", "criticality", "status", "cis"}, nil, func(v []any) error {
		sv := serviceNodes{item: Item{Ref: str(v[0]), Title: str(v[1]), Type: str(v[2]), Status: str(v[3])}}
		ids, _ := v[4].([]string)
		for _, id := range ids {
			if n, ok := g.node[id]; ok {
				sv.nodes = append(sv.nodes, n)
			}
		}
		g.services = append(g.services, sv)
		return nil
	})
	return g, err
}

// separators: an impact list shows the record and unit separators of a title as spaces, as
// it did when the graph was read as one string that they delimited.
var separators = strings.NewReplacer("\x1e", " ", "\x1f", " ")

// Warm builds the CMDB graph ahead of the first impact question, so that it is answered at once.
func Warm(ctx context.Context, s *store.Store) error {
	_, err := loadGraph(ctx, s)
	return err
}

// affected walks the graph from a failed CI (breadth first; each CI is visited once, which is
// also what ends a cycle) and returns, per node, whether it failed.
func (g *graph) affected(failed int32) []bool {
	hit := make([]bool, len(g.cis))
	hit[failed] = true
	queue := []int32{failed}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range g.next[n] {
			if !hit[m] {
				hit[m] = true
				queue = append(queue, m)
			}
		}
	}
	return hit
}

// Impact lists every CI and service affected when the CI named by key (id or ref) fails.
func Impact(ctx context.Context, s *store.Store, key string) (*ImpactResult, error) {
	ci, err := s.Get(ctx, "ci", key)
	if err != nil {
		return nil, err
	}
	res := &ImpactResult{CI: Item{Ref: ci.Ref, Title: ci.Title(), Type: str(ci.Values["ci_type"]), Status: ci.Status},
		CIs: []Item{}, Services: []Item{}}
	g, err := loadGraph(ctx, s)
	if err != nil {
		return nil, err
	}
	failed, ok := g.node[ci.ID]
	if !ok {
		return nil, fmt.Errorf("CI %s is missing from the CMDB graph", ci.Ref) // written between the two reads
	}
	hit := g.affected(failed)
	for n, h := range hit {
		if h && int32(n) != failed {
			res.CIs = append(res.CIs, g.cis[n])
		}
	}
	for _, sv := range g.services {
		if slices.ContainsFunc(sv.nodes, func(n int32) bool { return hit[n] }) {
			res.Services = append(res.Services, sv.item)
		}
	}
	byRef := func(items []Item) {
		sort.Slice(items, func(i, j int) bool { return refLess(items[i].Ref, items[j].Ref) })
	}
	byRef(res.CIs)
	byRef(res.Services)
	return res, nil
}

// refLess orders references by prefix, then number (CI-00010 after CI-00009).
func refLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func str(v any) string { s, _ := v.(string); return s }
