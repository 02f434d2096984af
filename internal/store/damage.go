package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"smsworkbench/internal/fault"
)

// quickCheckBytes is the largest workspace whose every page SQLite's quick_check reads at each
// open: about 0.7 s on this project's 2-core machine (3 ms per MB; BenchmarkFoundation reports
// it as ms-open). A larger workspace has its structure checked at open (the schema and the
// tables of records, sites and conflicts), and every page before each backup and bundle export
// (CheckIntegrity) and by 'smsworkbench check'.
var quickCheckBytes int64 = 256 << 20

// structureTables are checked at every open whatever the size.
var structureTables = []string{"sqlite_schema", "meta", "sites", "records", "counters", "kind_versions", "peers", "conflicts"}

// DamageError says that a workspace file is damaged, which part, and what to do.
type DamageError struct {
	Path   string
	Detail string
}

func (e *DamageError) Error() string { return e.Localize("en") }

// Localize is the error's message in lang (fault.Text); the damage's detail is SQLite's.
func (e *DamageError) Localize(lang string) string {
	return fault.Say(lang, "workspace.damaged", "workspace %s is damaged (%s); nothing was changed: restore a backup (smsworkbench backup list)", e.Path, e.Detail)
}

// Damaged says why the workspace was found damaged when it was opened or since; "" when it was
// not. A damaged workspace can be read as far as it goes but refuses every write.
func (s *Store) Damaged() string { return s.damaged }

// openCheck runs the check of an opening workspace (see quickCheckBytes).
func (s *Store) openCheck(ctx context.Context) error {
	st, err := os.Stat(s.path)
	if err != nil {
		return nil // a new workspace
	}
	if st.Size() <= quickCheckBytes {
		return s.check(ctx, "quick_check")
	}
	for _, t := range structureTables {
		if err := s.check(ctx, fmt.Sprintf("quick_check(%s)", quote(t))); err != nil {
			return err
		}
	}
	return nil
}

// CheckIntegrity reads every page of the workspace (SQLite's integrity_check): before a backup
// and a bundle export, so that neither copies damage on, and for 'smsworkbench check'.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	return s.check(ctx, "integrity_check")
}

func (s *Store) check(ctx context.Context, pragma string) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return s.noteDamage(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return s.noteDamage(err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return s.noteDamage(err)
	}
	if len(problems) > 0 {
		detail := fmt.Sprintf("%d problems, the first: %s", len(problems), problems[0])
		if len(problems) == 1 {
			detail = problems[0]
		}
		return s.noteDamage(&DamageError{Path: s.path, Detail: detail})
	}
	return nil
}

// noteDamage records what a check or a query found damaged: the workspace refuses writes from
// then on. Other errors pass through.
func (s *Store) noteDamage(err error) error {
	d := AsDamage(s.path, err)
	if d == nil {
		return err
	}
	if s.damaged == "" {
		s.damaged = d.Detail
	}
	return d
}

// AsDamage returns the DamageError an error means (a driver's "database disk image is
// malformed", "file is not a database" met after opening), or nil.
func AsDamage(path string, err error) *DamageError {
	var d *DamageError
	if errors.As(err, &d) {
		return d
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT:
			return &DamageError{Path: path, Detail: "database disk image is malformed"}
		case sqlite3.SQLITE_NOTADB:
			return &DamageError{Path: path, Detail: "a part of it is not an SQLite database"}
		}
	}
	if err != nil && strings.Contains(err.Error(), "database disk image is malformed") {
		return &DamageError{Path: path, Detail: "database disk image is malformed"}
	}
	return nil
}

// Describe turns an error met on this workspace into what a person can act on: a damaged file
// names itself and the backup to restore. The command line and the window pass every error
// through it.
func (s *Store) Describe(err error) error {
	if err == nil || s == nil {
		return err
	}
	return s.noteDamage(err)
}
