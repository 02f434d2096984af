package store

import (
	"context"
	"reflect"
	"strings"
	"time"

	"smsworkbench/internal/schema"
)

// RefreshLive stores the values that change with time alone (an open ticket's SLA state, an
// action that became overdue, a contract that entered its notice period) as they are now, so
// that lists filtered or counted by them agree with the records shown. Reads compute them anyway;
// this only brings the stored copy up to date. It returns how many records changed. Like other
// computed values, they are not ops.
func (s *Store) RefreshLive(ctx context.Context) (int, error) {
	return s.refreshLive(ctx, s.reg.Kinds()...)
}

// liveMaxAge is how old the stored time-dependent values of a kind may be when a list filters or
// sorts by them.
const liveMaxAge = time.Minute

// freshenLive refreshes the stored time-dependent values of a kind before a list that filters or
// sorts by a computed field, unless that was done less than liveMaxAge ago. It never fails the
// list: when the workspace is busy (another program writing), the list uses the values stored.
func (s *Store) freshenLive(ctx context.Context, k *schema.Kind, q Query) {
	if k.Live == nil || s.readOnly {
		return
	}
	names := []string{strings.TrimPrefix(q.Sort, "-")}
	for _, w := range q.Where {
		names = append(names, w.Field)
	}
	computed := false
	for _, name := range names {
		if f, ok := k.Field(name); ok && f.Computed {
			computed = true
		}
	}
	if !computed {
		return
	}
	s.mu.Lock()
	last := s.liveAt[k.Name]
	s.mu.Unlock()
	if time.Since(last) < liveMaxAge {
		return
	}
	s.refreshLive(ctx, k)
}

func (s *Store) refreshLive(ctx context.Context, kinds ...*schema.Kind) (int, error) {
	if s.readOnly || s.damaged != "" {
		return 0, nil
	}
	changed := 0
	started := time.Now()
	err := s.Write(ctx, func(t *Tx) error {
		changed = 0
		e := s.newEnv(ctx, t)
		for _, k := range kinds {
			if k.Live == nil {
				continue
			}
			var q Query
			for _, st := range k.FinalStates() {
				q.Where = append(q.Where, Filter{Field: "status", Op: "!=", Value: st})
			}
			recs, err := s.query(ctx, t, k, q, -1, 0, "n")
			if err != nil {
				return err
			}
			for _, r := range recs {
				before := make(map[string]any, len(r.Values))
				for name, v := range r.Values {
					before[name] = v
				}
				k.Live(e, viewOf(r))
				for name, v := range r.Values {
					if v == nil {
						delete(r.Values, name)
					}
				}
				if e.err != nil {
					return e.err
				}
				if sameColumns(k, before, r.Values) {
					continue
				}
				if err := t.rewriteRow(k, r); err != nil {
					return err
				}
				changed++
			}
		}
		return nil
	})
	if err == nil {
		s.mu.Lock()
		if s.liveAt == nil {
			s.liveAt = map[string]time.Time{}
		}
		for _, k := range kinds {
			s.liveAt[k.Name] = started
		}
		s.mu.Unlock()
	}
	return changed, err
}

// sameColumns reports whether two sets of values would be stored alike (an absent bool and
// false are the same column value).
func sameColumns(k *schema.Kind, a, b map[string]any) bool {
	column := func(f *schema.Field, v any) any {
		if v == nil && f.Type == schema.Bool {
			v = false
		}
		return toColumn(f, v)
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if !reflect.DeepEqual(column(f, a[f.Name]), column(f, b[f.Name])) {
			return false
		}
	}
	return true
}
