package cmdb

import (
	"context"
	"sort"
	"strings"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// GraphNode is a CI or a service in the relationship graph around a CI.
type GraphNode struct {
	ID     string `json:"id"`
	Ref    string `json:"ref"`
	Title  string `json:"title"`
	Kind   string `json:"kind"` // "ci" or "service"
	Type   string `json:"type"` // the CI type, or the service's criticality
	Status string `json:"status"`
	Depth  int    `json:"depth"` // relationships away from the centre
}

// GraphEdge is a relationship between two CIs, or a CI supporting a service, by refs.
type GraphEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Type  string `json:"type"`
	Label string `json:"label"`
}

// GraphResult is the neighbourhood of one CI.
type GraphResult struct {
	Center    string      `json:"center"`
	Nodes     []GraphNode `json:"nodes"`
	Edges     []GraphEdge `json:"edges"`
	Truncated bool        `json:"truncated"` // more nodes were in reach than the limit
}

// Supports is the type of the edge from a CI to a service that depends on it (service.cis).
const Supports = "supports"

// Graph returns the CIs within depth relationships of the CI named by key (id or ref), following
// relationships of every type in both directions, with the services that depend on the CIs
// reached. It walks breadth first, so when more than limit nodes are in reach, those nearest the
// centre are kept and Truncated is set. Edges are given only between nodes of the result.
//
// Unlike Impact, it reads the registers through their indexes (store.Columns with the ids at
// hand) rather than the kept graph: it needs every relationship type and both directions, and
// only a few hundred rows.
func Graph(ctx context.Context, s *store.Store, key string, depth, limit int) (*GraphResult, error) {
	ci, err := s.Get(ctx, "ci", key)
	if err != nil {
		return nil, err
	}
	depth = max(depth, 0)
	limit = max(limit, 1)
	g := &graphWalk{ctx: ctx, s: s, limit: limit, byID: map[string]int{}, edgeSeen: map[string]bool{},
		res: &GraphResult{Center: ci.Ref, Nodes: []GraphNode{}, Edges: []GraphEdge{}}}
	g.add(GraphNode{ID: ci.ID, Ref: ci.Ref, Title: ci.Title(), Kind: "ci", Type: str(ci.Values["ci_type"]), Status: ci.Status})
	frontier := []string{ci.ID}
	for d := 0; d <= depth && len(frontier) > 0; d++ {
		// The last level is read only for the edges between nodes already found.
		next, err := g.expand(frontier, d+1, d < depth)
		if err != nil {
			return nil, err
		}
		if err := g.services(frontier, d+1); err != nil {
			return nil, err
		}
		frontier = next
	}
	return g.res, nil
}

type graphWalk struct {
	ctx      context.Context
	s        *store.Store
	limit    int
	res      *GraphResult
	byID     map[string]int // node id → index in res.Nodes
	edgeSeen map[string]bool
}

// add puts a node in the result unless the limit is reached.
func (g *graphWalk) add(n GraphNode) bool {
	if _, ok := g.byID[n.ID]; ok {
		return true
	}
	if len(g.res.Nodes) >= g.limit {
		g.res.Truncated = true
		return false
	}
	g.byID[n.ID] = len(g.res.Nodes)
	g.res.Nodes = append(g.res.Nodes, n)
	return true
}

func (g *graphWalk) edge(key string, e GraphEdge) {
	if !g.edgeSeen[key] {
		g.edgeSeen[key] = true
		g.res.Edges = append(g.res.Edges, e)
	}
}

// expand reads the relationships of the frontier CIs in both directions. With grow, the CIs at
// their other ends join the result at depth; without, only edges between known nodes are kept.
// It returns the CIs added.
func (g *graphWalk) expand(frontier []string, depth int, grow bool) ([]string, error) {
	type rel struct{ id, from, typ, to string }
	var rels []rel
	seen := map[string]bool{}
	cols := []string{"id", "from", "type", "to"}
	err := inBatches(frontier, func(batch []string) error {
		for _, end := range []string{"from", "to"} {
			err := g.s.Columns(g.ctx, "cirel", cols, []store.Filter{store.In(end, batch...)}, func(v []any) error {
				if r := (rel{str(v[0]), str(v[1]), str(v[2]), str(v[3])}); !seen[r.id] {
					seen[r.id] = true
					rels = append(rels, r)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// In the order of their ids, so that the edges come the same way on every copy.
	sort.Slice(rels, func(i, j int) bool { return rels[i].id < rels[j].id })
	var others []string
	for _, r := range rels {
		for _, end := range []string{r.from, r.to} {
			if _, ok := g.byID[end]; !ok {
				others = append(others, end)
			}
		}
	}
	var added []string
	if grow && len(others) > 0 {
		cis, err := g.cis(others)
		if err != nil {
			return nil, err
		}
		for _, n := range cis {
			n.Depth = depth
			if !g.add(n) {
				break
			}
			added = append(added, n.ID)
		}
	}
	labels := relationLabels()
	for _, r := range rels {
		from, okf := g.byID[r.from]
		to, okt := g.byID[r.to]
		if okf && okt {
			g.edge(r.id, GraphEdge{From: g.res.Nodes[from].Ref, To: g.res.Nodes[to].Ref, Type: r.typ, Label: labels[r.typ]})
		}
	}
	return added, nil
}

// cis reads CIs by id, in order of reference so that a truncated result is the same every time.
func (g *graphWalk) cis(ids []string) ([]GraphNode, error) {
	var out []GraphNode
	err := inBatches(ids, func(batch []string) error {
		return g.s.Columns(g.ctx, "ci", []string{"id", "ref", "title", "ci_type", "status"}, []store.Filter{store.In("id", batch...)}, func(v []any) error {
			out = append(out, GraphNode{ID: str(v[0]), Ref: str(v[1]), Title: str(v[2]), Kind: "ci", Type: str(v[3]), Status: str(v[4])})
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return refLess(out[i].Ref, out[j].Ref) })
	return out, err
}

// services adds the services that depend on the frontier CIs (service.cis), at depth, with an
// edge from each of those CIs to the service.
func (g *graphWalk) services(frontier []string, depth int) error {
	type link struct {
		node GraphNode
		ci   string
	}
	var links []link
	err := inBatches(frontier, func(batch []string) error {
		in := map[string]bool{}
		for _, id := range batch {
			in[id] = true
		}
		cols := []string{"id", "ref", "title", "criticality", "status", "cis"}
		return g.s.Columns(g.ctx, "service", cols, []store.Filter{store.In("cis", batch...)}, func(v []any) error {
			node := GraphNode{ID: str(v[0]), Ref: str(v[1]), Title: str(v[2]), Kind: "service", Type: str(v[3]), Status: str(v[4]), Depth: depth}
			cis, _ := v[5].([]string)
			for _, ci := range cis {
				if in[ci] {
					links = append(links, link{node: node, ci: ci})
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	sort.SliceStable(links, func(i, j int) bool { return refLess(links[i].node.Ref, links[j].node.Ref) })
	for _, l := range links {
		ci, ok := g.byID[l.ci]
		if !ok || !g.add(l.node) {
			continue
		}
		svc := g.byID[l.node.ID]
		g.edge(l.ci+">"+l.node.ID, GraphEdge{From: g.res.Nodes[ci].Ref, To: g.res.Nodes[svc].Ref, Type: Supports, Label: "Supports"})
	}
	return nil
}

// relationLabels are the labels of the relationship types as the CI relationship register shows
// them, capitalised ("Runs on").
func relationLabels() map[string]string {
	out := map[string]string{}
	if f, ok := schema.CIRel.Field("type"); ok {
		for _, e := range f.Enum {
			out[e.Value] = strings.ToUpper(e.Label[:1]) + e.Label[1:]
		}
	}
	return out
}

// inBatches calls fn with at most 400 ids at a time (SQLite limits the parameters of a
// statement).
func inBatches(ids []string, fn func(batch []string) error) error {
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 400)]
		ids = ids[len(batch):]
		if err := fn(batch); err != nil {
			return err
		}
	}
	return nil
}
