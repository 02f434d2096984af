package store

import (
	"context"
	"database/sql"
)

// Copies of a whole workspace file, for package backup: checked first, then written with
// SQLite's VACUUM INTO, and compared with the workspace by their op logs.

// Copier checks and copies a whole workspace file. An open store gives one (Store.Copier); so
// does the connection Options.BeforeMigrate is handed before a workspace is upgraded, when no
// store is open yet (NewCopier).
type Copier struct{ db *sql.DB }

// Copier is the copier of the open workspace.
func (s *Store) Copier() Copier { return Copier{s.db} }

// NewCopier is the copier of the workspace db is open on (Options.BeforeMigrate's connection).
func NewCopier(db *sql.DB) Copier { return Copier{db} }

// FirstProblem reads every page of the workspace (SQLite's integrity_check, stopping at the
// first problem) and returns that problem, "" when the workspace is sound. Unlike
// Store.CheckIntegrity it marks nothing damaged: it answers whether a copy is worth making.
func (c Copier) FirstProblem(ctx context.Context) (string, error) {
	var line string
	if err := c.db.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&line); err != nil {
		return "", err
	}
	if line == "ok" {
		return "", nil
	}
	return line, nil
}

// CopyInto writes a consistent copy of the workspace into the new file dst (SQLite's VACUUM
// INTO: consistent even while the workspace is being written).
func (c Copier) CopyInto(ctx context.Context, dst string) error {
	_, err := c.db.ExecContext(ctx, "VACUUM INTO ?", dst)
	return err
}

// opsMark sums up an op log: its length and newest clock.
const opsMark = "SELECT count(*) || ':' || coalesce(max(hlc), 0) FROM ops"

// SameOps reports whether the workspace file at path (a backup of this one) holds the same op
// log as the workspace: every change to a workspace is an op, so equal logs mean equal content.
func (s *Store) SameOps(ctx context.Context, path string) (bool, error) {
	var here, there string
	if err := s.db.QueryRowContext(ctx, opsMark).Scan(&here); err != nil {
		return false, err
	}
	other, err := sql.Open("sqlite", FileURI(path)+"?mode=ro")
	if err != nil {
		return false, err
	}
	defer other.Close()
	if err := other.QueryRowContext(ctx, opsMark).Scan(&there); err != nil {
		return false, err
	}
	return here == there, nil
}
