package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var bg = context.Background()

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "w.smswb"), Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustCreate(t testing.TB, s *Store, kind string, in map[string]any) *Record {
	t.Helper()
	r, err := s.Create(bg, kind, in, Change{})
	if err != nil {
		t.Fatalf("create %s %v: %v", kind, in, err)
	}
	return r
}

// fingerprint hashes every row of every table that a write can touch, so a test can assert that
// a failed write left the workspace exactly as it was.
func fingerprint(t testing.TB, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'search%' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var lines []string
	for _, table := range tables {
		rs, err := db.Query(fmt.Sprintf(`SELECT * FROM "%s"`, table))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rs.Scan(ptrs...)
			lines = append(lines, fmt.Sprintf("%s:%v", table, vals))
		}
		rs.Close()
	}
	sort.Strings(lines)
	h := sha256.New()
	fmt.Fprintln(h, strings.Join(lines, "\n"))
	// The contentless search index cannot be read back; its size can.
	var n int
	db.QueryRow("SELECT count(*) FROM search").Scan(&n)
	fmt.Fprintf(h, "search:%d", n)
	return hex.EncodeToString(h.Sum(nil))
}

func countOps(t testing.TB, s *Store, where string, args ...any) int {
	t.Helper()
	var n int
	q := "SELECT count(*) FROM ops"
	if where != "" {
		q += " WHERE " + where
	}
	if err := s.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantErr(t testing.TB, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q, got none", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("error %q does not contain %q", err, p)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %q is more than one line", err)
	}
}
