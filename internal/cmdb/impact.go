// Package cmdb owns the questions asked of the configuration management database as a whole:
// which CIs and services fail with a CI (impact), and snapshots of the CMDB taken as baselines
// and compared. It reads the register tables the store keeps (r_ci, r_cirel, r_service) and
// follows the propagation rules of package itsm.
package cmdb

import (
	"context"
	"fmt"
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

// impactSQL follows itsm.Propagation transitively in one recursive query. UNION (not UNION ALL)
// keeps each CI once, which is also what ends a cycle.
func impactSQL() string {
	var up, down []string
	for typ, dir := range itsm.Propagation {
		if dir == itsm.Up {
			up = append(up, "'"+typ+"'")
		} else {
			down = append(down, "'"+typ+"'")
		}
	}
	sort.Strings(up)
	sort.Strings(down)
	return fmt.Sprintf(`WITH RECURSIVE hit(id) AS (
		SELECT ?1
		UNION SELECT r."from" FROM r_cirel r JOIN hit ON r."to" = hit.id WHERE r."type" IN (%s)
		UNION SELECT r."to" FROM r_cirel r JOIN hit ON r."from" = hit.id WHERE r."type" IN (%s))
	SELECT 'ci', c.ref, coalesce(c.title, ''), coalesce(c.ci_type, ''), coalesce(c.status, '')
		FROM hit JOIN records rec ON rec.id = hit.id AND rec.alive JOIN r_ci c ON c.n = rec.n WHERE hit.id != ?1
	UNION ALL
	SELECT 'service', s.ref, coalesce(s.title, ''), coalesce(s.criticality, ''), coalesce(s.status, '')
		FROM r_service s WHERE EXISTS(SELECT 1 FROM json_each(s.cis) j WHERE j.value IN (SELECT id FROM hit))`,
		strings.Join(up, ","), strings.Join(down, ","))
}

// Impact lists every CI and service affected when the CI named by key (id or ref) fails.
func Impact(ctx context.Context, s *store.Store, key string) (*ImpactResult, error) {
	ci, err := s.Get(ctx, "ci", key)
	if err != nil {
		return nil, err
	}
	res := &ImpactResult{CI: Item{Ref: ci.Ref, Title: ci.Title(), Type: str(ci.Values["ci_type"]), Status: ci.Status},
		CIs: []Item{}, Services: []Item{}}
	rows, err := s.DB().QueryContext(ctx, impactSQL(), ci.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var what string
		var it Item
		if err := rows.Scan(&what, &it.Ref, &it.Title, &it.Type, &it.Status); err != nil {
			return nil, err
		}
		if what == "ci" {
			res.CIs = append(res.CIs, it)
		} else {
			res.Services = append(res.Services, it)
		}
	}
	byRef := func(items []Item) {
		sort.Slice(items, func(i, j int) bool { return refLess(items[i].Ref, items[j].Ref) })
	}
	byRef(res.CIs)
	byRef(res.Services)
	return res, rows.Err()
}

// refLess orders references by prefix, then number (CI-00010 after CI-00009).
func refLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func str(v any) string { s, _ := v.(string); return s }
