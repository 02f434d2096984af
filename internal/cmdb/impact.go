// Package cmdb owns the questions asked of the configuration management database as a whole:
// which CIs and services fail with a CI (impact), and snapshots of the CMDB taken as baselines
// and compared. It reads the register tables the store keeps (r_ci, r_cirel, r_service) and
// follows the propagation rules of package itsm.
package cmdb

import (
	"context"
	"database/sql"
	"encoding/json"
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

// buildGraph reads the CIs and the relationships that carry a failure. Each comes back from
// SQLite as one long string rather than a row per record: reading 200,000 rows one by one costs
// more than everything else here.
func buildGraph(ctx context.Context, s *store.Store) (*graph, error) {
	g := &graph{node: map[string]int32{}}
	// One string: a CI per record separator (0x1E), its id+ref, title, type and status apart by
	// unit separators (0x1F), which are taken out of the titles. Decoding it is a few splits;
	// decoding the same as JSON took longer than the query.
	var cis sql.NullString
	err := s.DB().QueryRowContext(ctx, `SELECT group_concat(id || char(31) || ref || char(31)
		|| replace(replace(coalesce(title, ''), char(30), ' '), char(31), ' ')
		|| char(31) || coalesce(ci_type, '') || char(31) || coalesce(status, ''), char(30)) FROM r_ci`).Scan(&cis)
	if err != nil {
		return nil, err
	}
	if cis.String != "" {
		for _, rec := range strings.Split(cis.String, "\x1e") {
			f := strings.Split(rec, "\x1f")
			if len(f) != 5 {
				return nil, fmt.Errorf("reading the CIs: %q is not a CI", rec)
			}
			g.node[f[0]] = int32(len(g.cis))
			g.cis = append(g.cis, Item{Ref: f[1], Title: f[2], Type: f[3], Status: f[4]})
		}
	}
	g.next = make([][]int32, len(g.cis))
	var types []any
	for typ := range itsm.Propagation {
		types = append(types, typ)
	}
	// Record ids hold no spaces, so a space separates them.
	rows, err := s.DB().QueryContext(ctx, fmt.Sprintf(`SELECT "type", group_concat("from" || ' ' || "to", ' ')
		FROM r_cirel WHERE "type" IN (%s) GROUP BY "type"`, strings.TrimSuffix(strings.Repeat("?,", len(types)), ",")), types...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var typ string
		var pairs sql.NullString
		if err := rows.Scan(&typ, &pairs); err != nil {
			rows.Close()
			return nil, err
		}
		ends := strings.Fields(pairs.String)
		for i := 0; i+1 < len(ends); i += 2 {
			f, okf := g.node[ends[i]]
			t, okt := g.node[ends[i+1]]
			if !okf || !okt {
				continue
			}
			if itsm.Propagation[typ] == itsm.Up {
				g.next[t] = append(g.next[t], f)
			} else {
				g.next[f] = append(g.next[f], t)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.DB().QueryContext(ctx, `SELECT ref, coalesce(title, ''), coalesce(criticality, ''), coalesce(status, ''), coalesce(cis, '[]') FROM r_service`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sv serviceNodes
		var cis string
		if err := rows.Scan(&sv.item.Ref, &sv.item.Title, &sv.item.Type, &sv.item.Status, &cis); err != nil {
			return nil, err
		}
		var ids []string
		if err := json.Unmarshal([]byte(cis), &ids); err != nil {
			return nil, fmt.Errorf("service %s: its CIs: %v", sv.item.Ref, err)
		}
		for _, id := range ids {
			if n, ok := g.node[id]; ok {
				sv.nodes = append(sv.nodes, n)
			}
		}
		g.services = append(g.services, sv)
	}
	return g, rows.Err()
}

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
