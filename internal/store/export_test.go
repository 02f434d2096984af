package store

import "database/sql"

// RawDB gives the tests of package store_test (the benchmarks) the workspace's connection pool,
// which the store keeps to itself.
func RawDB(s *Store) *sql.DB { return s.db }
