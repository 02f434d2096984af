package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations is the ordered list of schema changes of the workspace's own tables. Each runs in
// its own transaction and the workspace's version is the number applied. Never edit a released
// migration: add a new one. Register tables (r_<kind>) are not here: they are derived from the
// declarations by syncKindTables.
var migrations = []func(ctx context.Context, tx *sql.Tx) error{
	func(ctx context.Context, tx *sql.Tx) error {
		return execAll(ctx, tx,
			`CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
			// sites numbers the site ids locally so that each op row stays small.
			`CREATE TABLE sites(no INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '')`,
			// records: every record ever created, alive or deleted; n is also its row number in
			// its register table and in the search index.
			`CREATE TABLE records(
				n INTEGER PRIMARY KEY,
				id TEXT NOT NULL UNIQUE,
				kind TEXT NOT NULL,
				ref TEXT NOT NULL,
				alive INTEGER NOT NULL DEFAULT 1)`,
			`CREATE INDEX records_ref ON records(ref)`,
			// ops: the op log. (site, seq) is an op's id. value is JSON (NULL clears the field);
			// pred lists, as JSON, the ids of the ops on the same field that the writer had seen.
			`CREATE TABLE ops(
				site INTEGER NOT NULL REFERENCES sites(no),
				seq INTEGER NOT NULL,
				hlc INTEGER NOT NULL,
				at TEXT NOT NULL,
				record TEXT NOT NULL,
				kind TEXT NOT NULL,
				field TEXT NOT NULL,
				value TEXT,
				pred TEXT NOT NULL DEFAULT '[]',
				author TEXT NOT NULL DEFAULT '',
				note TEXT NOT NULL DEFAULT '',
				hash BLOB NOT NULL,
				PRIMARY KEY(site, seq)) WITHOUT ROWID`,
			`CREATE INDEX ops_record ON ops(record, field)`,
			// counters hands out the numbers of human references per kind.
			`CREATE TABLE counters(kind TEXT PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID`,
			// search: full-text index over every kind; rowid = records.n. Contentless, because the
			// text lives in the register tables already.
			`CREATE VIRTUAL TABLE search USING fts5(ref, title, body,
				content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
			`INSERT INTO meta(key, value) VALUES('created_at', '`+time.Now().UTC().Format(time.RFC3339)+`')`,
		)
	},
	func(ctx context.Context, tx *sql.Tx) error {
		// blobs holds content that records name by its sha256 (CMDB baseline snapshots, attached
		// evidence files). Content never changes under its hash, so a blob is written once.
		return execAll(ctx, tx,
			`CREATE TABLE blobs(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL)`,
		)
	},
	func(ctx context.Context, tx *sql.Tx) error {
		// kind_versions counts the write transactions that changed each register, so what is
		// derived from a register (the CMDB graph) is built again only when it changed, also
		// when another program wrote it.
		return execAll(ctx, tx,
			`CREATE TABLE kind_versions(kind TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID`,
		)
	},
	func(ctx context.Context, tx *sql.Tx) error {
		// peers: the other copies of the workspace this one has had a bundle from; their
		// public key is pinned at the first bundle, and have is what their last manifest said
		// they hold (per origin site, the highest sequence), from which deltas are cut.
		// conflicts: the open conflicts, derived from the op log like the register rows.
		return execAll(ctx, tx,
			`CREATE TABLE peers(
				site TEXT PRIMARY KEY,
				name TEXT NOT NULL DEFAULT '',
				public_key BLOB NOT NULL,
				have TEXT NOT NULL DEFAULT '{}',
				last_bundle TEXT NOT NULL DEFAULT '',
				first_seen TEXT NOT NULL,
				last_seen TEXT NOT NULL) WITHOUT ROWID`,
			`CREATE TABLE conflicts(
				id TEXT PRIMARY KEY,
				type TEXT NOT NULL,
				record TEXT NOT NULL,
				kind TEXT NOT NULL,
				field TEXT NOT NULL,
				ops TEXT NOT NULL,
				detail TEXT NOT NULL DEFAULT '') WITHOUT ROWID`,
			`CREATE INDEX conflicts_record ON conflicts(record)`,
		)
	},
}

func execAll(ctx context.Context, tx *sql.Tx, stmts ...string) error {
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%w (in %.40s)", err, q)
		}
	}
	return nil
}

func schemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	var exists int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name='schema_version'").Scan(&exists); err != nil {
		return 0, err
	}
	if exists == 0 {
		return 0, nil
	}
	var v int
	err := db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_version").Scan(&v)
	return v, err
}

// migrate brings the workspace's tables to the current version, one migration per transaction.
// before is called first when there is anything to do.
func migrate(ctx context.Context, db *sql.DB, before func(from, to int) error) error {
	if _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)"); err != nil {
		return err
	}
	v, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("was written by a newer version of SMS Workbench (workspace version %d, this program knows %d); nothing was changed", v, len(migrations))
	}
	if v < len(migrations) {
		if err := before(v, len(migrations)); err != nil {
			return fmt.Errorf("cannot back up before upgrading it from version %d: %v; nothing was changed", v, err)
		}
	}
	for ; v < len(migrations); v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := migrations[v](ctx, tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM schema_version"); err != nil {
			tx.Rollback()
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version(version) VALUES(?)", v+1); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// FormatVersion is the workspace file's schema version: the number of migrations applied.
func (s *Store) FormatVersion() int {
	v, _ := schemaVersion(context.Background(), s.db)
	return v
}

// FormatVersion is the schema version this program writes.
func FormatVersion() int { return len(migrations) }
