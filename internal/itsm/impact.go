package itsm

// Relationship types between configuration items. "A depends_on B": A needs B. "A runs_on B":
// A is hosted by B. "A contains B": B is part of A. "A connected_to B": a link. "A backs_up B":
// A holds B's backup.
const (
	DependsOn   = "depends_on"
	RunsOn      = "runs_on"
	Contains    = "contains"
	ConnectedTo = "connected_to"
	BacksUp     = "backs_up"
)

// Propagation says how a failure travels along a relationship: Up means from its "to" end to
// its "from" end (B fails, so A which depends on or runs on B fails); Down means from "from" to
// "to" (a rack that fails takes what it contains). A link or a backup does not carry a failure:
// a failed switch port or a lost backup does not stop the service by itself.
var Propagation = map[string]Direction{
	DependsOn: Up,
	RunsOn:    Up,
	Contains:  Down,
}

// Direction of failure propagation along a relationship.
type Direction int

const (
	Up Direction = iota + 1
	Down
)

// Edge is one relationship, by the ids of its ends.
type Edge struct{ From, To, Type string }

// Affected returns every CI that fails when failed fails, following Propagation transitively,
// in the order reached (breadth first); cycles end because each CI is visited once. It is the
// reference the store's recursive query is tested against.
func Affected(failed string, edges []Edge) []string {
	next := map[string][]string{}
	for _, e := range edges {
		switch Propagation[e.Type] {
		case Up:
			next[e.To] = append(next[e.To], e.From)
		case Down:
			next[e.From] = append(next[e.From], e.To)
		}
	}
	seen := map[string]bool{failed: true}
	var out []string
	queue := []string{failed}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, n := range next[id] {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
				queue = append(queue, n)
			}
		}
	}
	return out
}
