package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
)

// derivedCache holds what was built from whole registers, with the registers' version it was
// built at.
type derivedCache struct {
	mu      sync.Mutex
	entries map[string]derivedEntry
}

type derivedEntry struct {
	version int64
	value   any
}

// KindVersion returns a number that grows whenever a record of one of the kinds is created,
// changed, moved or deleted, by this program or another one on the same workspace.
func (s *Store) KindVersion(ctx context.Context, kinds ...string) (int64, error) {
	if len(kinds) == 0 {
		return 0, nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT sum(version) FROM kind_versions WHERE kind IN (%s)`,
		strings.TrimSuffix(strings.Repeat("?,", len(kinds)), ",")), args...).Scan(&v)
	if err != nil && s.readOnly {
		return 0, nil // an immutable workspace of an older version has no counters, and never changes
	}
	return v.Int64, err
}

// Derived returns what build makes of the registers of the given kinds, built again only after
// one of them changed. name tells apart the values derived by different builders; a value must
// not be changed by whoever receives it.
func (s *Store) Derived(ctx context.Context, name string, kinds []string, build func(context.Context) (any, error)) (any, error) {
	// The version is read before building: a write during the build leaves a value that is newer
	// than its version says, which is only rebuilt once more.
	version, err := s.KindVersion(ctx, kinds...)
	if err != nil {
		return nil, err
	}
	s.derived.mu.Lock()
	defer s.derived.mu.Unlock()
	if e, ok := s.derived.entries[name]; ok && e.version == version {
		return e.value, nil
	}
	value, err := build(ctx)
	if err != nil {
		return nil, err
	}
	if s.derived.entries == nil {
		s.derived.entries = map[string]derivedEntry{}
	}
	s.derived.entries[name] = derivedEntry{version: version, value: value}
	return value, nil
}
