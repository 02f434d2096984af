package store

import (
	"context"
	"fmt"
	"strings"

	"smsworkbench/internal/schema"
)

// Related is one group of records that refer to a record through one field: the incidents of a
// problem, the changes of a CI.
type Related struct {
	Kind    string `json:"kind"`
	Field   string `json:"field"`
	Label   string `json:"label"` // "Incidents (Problem)"
	Total   int    `json:"total"`
	Records []Link `json:"records"` // the newest first, at most limit
}

// Related lists the records that refer to a record, grouped by kind and field, so that each
// record shows its links both ways. Deleted records are not listed.
func (s *Store) Related(ctx context.Context, kind, key string, limit int) ([]Related, error) {
	k, err := s.kind(kind)
	if err != nil {
		return nil, err
	}
	r, err := s.get(ctx, s.db, k, key)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 100
	}
	out := []Related{}
	for _, other := range s.reg.Kinds() {
		for _, f := range other.Fields {
			if !f.Names(k.Name) || (f.Type != schema.Ref && f.Type != schema.Refs) {
				continue
			}
			cond := quote(f.Name) + " = ?1"
			if f.Type == schema.Refs {
				cond = "EXISTS(SELECT 1 FROM json_each(" + quote(f.Name) + ") WHERE value = ?1)"
			}
			var total int
			if err := s.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", tableOf(other), cond), r.ID).Scan(&total); err != nil {
				return nil, err
			}
			if total == 0 {
				continue
			}
			rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT id, ref, coalesce("title", '') FROM %s WHERE %s ORDER BY %s LIMIT ?2`,
				tableOf(other), cond, defaultOrder), r.ID, limit)
			if err != nil {
				return nil, err
			}
			g := Related{Kind: other.Name, Field: f.Name, Total: total, Records: []Link{},
				Label: fmt.Sprintf("%s (%s)", other.Plural, strings.ToLower(f.Label))}
			for rows.Next() {
				var l Link
				if err := rows.Scan(&l.ID, &l.Ref, &l.Title); err != nil {
					rows.Close()
					return nil, err
				}
				g.Records = append(g.Records, l)
			}
			rows.Close()
			out = append(out, g)
		}
	}
	return out, nil
}
