package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofrs/flock"
	"github.com/google/uuid"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"smsworkbench/internal/schema"

	"smsworkbench/internal/fault"
)

// Options say how to open a workspace.
type Options struct {
	// Create makes a new workspace when the file does not exist.
	Create bool
	// Registry is the set of kinds; schema.Default when nil.
	Registry *schema.Registry
	// Author is recorded on every op this process writes; the OS user name when empty.
	Author string
	// BusyTimeout is how long a write waits for another program's lock; 5 s when zero.
	BusyTimeout time.Duration
	// WallClock stamps the ops (their HLC); time.Now when nil. Tests set a wrong one.
	WallClock func() time.Time
	// BeforeMigrate is called, when the workspace was written by an older version, before its
	// tables are upgraded from version from to version to (a backup is made there). Its error
	// stops the open with nothing changed.
	BeforeMigrate func(db *sql.DB, path string, from, to int) error
	// Exclusive holds the workspace's window lock (a file beside it, "<file>.lock") while open:
	// a window opens a workspace this way, so that a second window on the same file opens it
	// read-only instead of writing beside the first (see ReadOnlyReason). The command line
	// does not take it: SQLite's own locking keeps its short writes safe.
	Exclusive bool
	// ReadOnly opens the workspace for reading only.
	ReadOnly bool
}

// Store is an open workspace.
type Store struct {
	db       *sql.DB
	path     string
	reg      *schema.Registry
	site     Site
	siteFile siteFile
	author   string
	readOnly bool
	// readOnlyWhy says why the workspace is read-only, for the window to show.
	readOnlyWhy string
	// damaged says what a check found damaged (Damaged); writes are refused.
	damaged string
	lock    *flock.Flock // the window lock, when held
	closed  atomic.Bool

	mu       sync.Mutex // guards clock, sites and liveAt
	clock    hlc
	siteByNo map[int64]string
	siteNo   map[string]int64

	now func() time.Time // the rules' clock; tests and the demo set it

	derived derivedCache         // values built from whole registers (the CMDB graph)
	liveAt  map[string]time.Time // when the time-dependent values of each kind were last stored
}

// Now is the time the kinds' rules see: the clock set by SetClock, else the real one.
func (s *Store) Now() time.Time { return s.clockNow() }

// SetClock makes the kinds' rules (SLA clocks, overdue flags) see time through now.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) clockNow() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// Open opens (or, with Options.Create, creates) the workspace file at path, brings its schema up
// to date and settles the site identity.
func Open(path string, opts Options) (*Store, error) {
	if opts.Registry == nil {
		opts.Registry = schema.Default
	}
	if opts.BusyTimeout == 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fault.New("workspace.unavailable", "", "workspace %s: %v", path, err)
	}
	info, statErr := os.Stat(abs)
	switch {
	case statErr == nil && info.IsDir():
		return nil, fault.New("workspace.unavailable", "", "workspace %s is a folder, not a workspace file", abs)
	case errors.Is(statErr, os.ErrNotExist) && !opts.Create:
		return nil, fault.New("workspace.unavailable", "", "no workspace at %s (create one with 'smsworkbench init --demo')", abs)
	case statErr == nil && info.Size() == 0 && !opts.Create:
		// Only init makes a workspace: an empty file where one was is a lost workspace, not a
		// new one.
		return nil, fault.New("workspace.unavailable", "", "%s is empty (0 bytes), not a workspace: restore a backup (smsworkbench backup list) or make a new workspace with init", abs)
	case errors.Is(statErr, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, fault.New("workspace.unavailable", "", "cannot create the folder for workspace %s: %v", abs, err)
		}
	case statErr != nil:
		return nil, fault.New("workspace.unavailable", "", "workspace %s: %v", abs, statErr)
	}
	readOnly, why := false, ""
	switch {
	case opts.ReadOnly:
		readOnly, why = true, "opened read-only"
	case statErr == nil && !writable(abs):
		readOnly, why = true, "the file or its folder may not be written"
	}
	var lock *flock.Flock
	if opts.Exclusive && !readOnly {
		lock = flock.New(abs + ".lock")
		held, err := lock.TryLock()
		switch {
		case err != nil:
			// No lock file can be made (a read-only folder): nobody else can have made one.
			lock = nil
		case !held:
			lock = nil
			if statErr != nil {
				return nil, fault.New("workspace.unavailable", "", "workspace %s is being created by another SMS Workbench window", abs)
			}
			readOnly, why = true, "it is open in another SMS Workbench window"
		}
	}
	release := func() {
		if lock != nil {
			lock.Unlock()
		}
	}

	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()))
	if readOnly {
		q.Add("mode", "ro")
		// Reading a WAL workspace needs its -shm file; with none there and no right to make
		// one, read the file as it stands (nobody can be writing it through WAL then).
		if _, err := os.Stat(abs + "-shm"); err != nil {
			q.Add("immutable", "1")
		}
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_txlock", "immediate")
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-32768)") // 32 MiB of page cache per connection
	// Statement journals (an import's savepoint per row) and temporary sorts stay in memory
	// rather than in temporary files written page by page.
	q.Add("_pragma", "temp_store(MEMORY)")
	db, err := sql.Open("sqlite", FileURI(abs)+"?"+q.Encode())
	if err != nil {
		release()
		return nil, describeOpenError(abs, err)
	}
	s := &Store{db: db, path: abs, reg: opts.Registry, readOnly: readOnly, readOnlyWhy: why, lock: lock,
		author: opts.Author, siteByNo: map[int64]string{}, siteNo: map[string]int64{}}
	s.clock.wall = opts.WallClock
	if s.author == "" {
		s.author = defaultAuthor()
	}
	if err := s.init(statErr != nil, opts.BeforeMigrate); err != nil {
		db.Close()
		release()
		return nil, describeOpenError(abs, err)
	}
	return s, nil
}

func (s *Store) init(isNew bool, beforeMigrate func(*sql.DB, string, int, int) error) error {
	ctx := context.Background()
	// A file that is not SQLite fails here, before anything is written to it.
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return err
	}
	if !isNew && n > 0 {
		// A damaged workspace is opened to be read as far as it goes, never written.
		if err := s.openCheck(ctx); err != nil {
			var d *DamageError
			if !errors.As(err, &d) {
				return err
			}
			s.readOnly, s.readOnlyWhy = true, "it is damaged: "+d.Detail+"; restore a backup"
		}
	}
	if !isNew {
		var ours int
		s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name='schema_version'").Scan(&ours)
		if ours == 0 {
			if n > 0 {
				return errNotWorkspace
			}
			// An empty file (size 0) is a fine place to start a workspace.
		}
	}
	if s.readOnly {
		v, err := schemaVersion(ctx, s.db)
		if err != nil {
			return err
		}
		if v != len(migrations) && s.damaged != "" {
			return &DamageError{Path: s.path, Detail: s.damaged}
		}
		if v != len(migrations) {
			return fault.New("workspace.unavailable", "", "the workspace needs an upgrade but is read-only")
		}
	} else {
		if err := migrate(ctx, s.db, func(from, to int) error {
			if beforeMigrate == nil || isNew || from == 0 {
				return nil
			}
			return beforeMigrate(s.db, s.path, from, to)
		}); err != nil {
			return err
		}
		if err := s.syncKindTables(ctx); err != nil {
			return err
		}
	}
	if err := s.loadSites(ctx); err != nil {
		return err
	}
	if err := s.settleSite(ctx); err != nil {
		return err
	}
	return s.upgradeRules(ctx, isNew)
}

// rulesMeta is the meta key (local to each copy) that remembers the version of a kind's rules
// its records were computed with.
func rulesMeta(kind string) string { return "rules_version:" + kind }

// upgradeRules computes again the records of every kind whose rules changed since this copy
// last computed them (schema.Kind.Rules), writing no op: computed values are each copy's own. A
// new workspace starts with the current versions. A read-only or damaged workspace is shown as
// it was computed.
func (s *Store) upgradeRules(ctx context.Context, isNew bool) error {
	if s.readOnly || s.damaged != "" {
		return nil
	}
	for _, k := range s.reg.Kinds() {
		want := strconv.Itoa(k.Rules)
		if k.Rules == 0 || s.Meta(rulesMeta(k.Name)) == want {
			continue
		}
		if !isNew {
			if err := s.Recompute(ctx, k.Name); err != nil {
				return fault.New("workspace.unavailable", "", "computing the %s again with their new rules: %w", strings.ToLower(k.Plural), err)
			}
		}
		if err := s.SetMeta(rulesMeta(k.Name), want); err != nil {
			return err
		}
	}
	return nil
}

var errNotWorkspace = errors.New("not an SMS Workbench workspace")

// describeOpenError turns driver errors met while opening into one line that names the file.
func describeOpenError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_IOERR_SHMOPEN, sqlite3.SQLITE_IOERR_SHMSIZE, sqlite3.SQLITE_IOERR_SHMMAP:
			// The -shm file beside a WAL workspace cannot be made or grown: no space left.
			return fault.New("workspace.unavailable", "", "workspace %s cannot be opened: the disk is full (no room for its -shm file beside it); free some space and open it again", path)
		}
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fault.New("workspace.unavailable", "", "%s is not an SMS Workbench workspace (not an SQLite database)", path)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fault.New("workspace.unavailable", "", "workspace %s is locked by another program; close it or try again", path)
		case sqlite3.SQLITE_READONLY:
			return fault.New("workspace.unavailable", "", "workspace %s is read-only", path)
		case sqlite3.SQLITE_CANTOPEN:
			return fault.New("workspace.unavailable", "", "cannot open workspace %s (check the folder exists and may be written)", path)
		case sqlite3.SQLITE_CORRUPT:
			return AsDamage(path, err)
		case sqlite3.SQLITE_FULL:
			return fault.New("workspace.unavailable", "", "workspace %s: the disk is full", path)
		}
	}
	var d *DamageError
	if errors.As(err, &d) {
		return d
	}
	if errors.Is(err, errNotWorkspace) {
		return fault.New("workspace.unavailable", "", "%s is an SQLite database but not an SMS Workbench workspace", path)
	}
	msg := err.Error()
	if strings.Contains(msg, "newer version") || strings.Contains(msg, "read-only") {
		return fault.New("workspace.unavailable", "", "workspace %s: %s", path, msg)
	}
	return fault.New("workspace.unavailable", "", "workspace %s: %s", path, firstLine(msg))
}

// describeWriteError turns driver errors met while writing into one line.
func (s *Store) describeWriteError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fault.New("workspace.unavailable", "", "workspace %s is locked by another program; nothing was changed, try again", s.path)
		case sqlite3.SQLITE_READONLY:
			return s.readOnlyError()
		case sqlite3.SQLITE_FULL:
			return fault.New("workspace.unavailable", "", "workspace %s: the disk is full; nothing was changed", s.path)
		case sqlite3.SQLITE_CORRUPT:
			return s.noteDamage(err)
		}
		return fault.New("workspace.unavailable", "", "workspace %s: %s", s.path, firstLine(se.Error()))
	}
	return err
}

// readOnlyError refuses a write to a read-only workspace, saying why when it is known.
func (s *Store) readOnlyError() error {
	if s.damaged != "" {
		return &DamageError{Path: s.path, Detail: s.damaged}
	}
	if s.readOnlyWhy != "" {
		return fault.New("workspace.unavailable", "", "workspace %s is read-only (%s); nothing was changed", s.path, s.readOnlyWhy)
	}
	return fault.New("workspace.unavailable", "", "workspace %s is read-only; nothing was changed", s.path)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// writable reports whether this process may write the file and its folder (SQLite's WAL needs
// both). Root passes the permission check, so this is only a hint; writes still report
// SQLITE_READONLY clearly.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".smswb-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

func defaultAuthor() string {
	for _, k := range []string{"SMSWB_AUTHOR", "USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// Close closes the workspace, first letting SQLite refresh the statistics its query planner
// uses to pick an index (cheap: it analyses only tables that changed a lot). Closing again does
// nothing: the window closes the workspace it switches away from, and its opener closes it too.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if !s.readOnly {
		s.Optimize()
	}
	err := s.db.Close()
	if s.lock != nil {
		s.lock.Unlock()
	}
	return err
}

// Closed reports whether Close was called.
func (s *Store) Closed() bool { return s.closed.Load() }

// Optimize refreshes the query planner's statistics and moves the write-ahead log into the
// workspace file (until then every read looks a page up in the log first); worth calling after a
// bulk write.
func (s *Store) Optimize() {
	s.db.Exec("PRAGMA analysis_limit=1000")
	s.db.Exec("PRAGMA optimize")
	s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}

// Path is the absolute path of the workspace file.
func (s *Store) Path() string { return s.path }

// Registry is the set of kinds the store serves.
func (s *Store) Registry() *schema.Registry { return s.reg }

// ReadOnly reports whether the workspace was opened read-only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// ReadOnlyReason says why the workspace is read-only ("it is open in another SMS Workbench
// window"); "" when it is not.
func (s *Store) ReadOnlyReason() string { return s.readOnlyWhy }

// Meta returns a workspace setting ("name", "workspace_id", "created_at").
func (s *Store) Meta(key string) string {
	var v string
	s.db.QueryRow("SELECT value FROM meta WHERE key=?", key).Scan(&v)
	return v
}

// SetMeta changes a workspace setting.
func (s *Store) SetMeta(key, value string) error {
	if s.readOnly || s.damaged != "" {
		return ErrReadOnly
	}
	_, err := s.db.Exec("INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", key, value)
	if err != nil {
		return s.describeWriteError(err)
	}
	return nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }
