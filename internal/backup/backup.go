// Package backup owns the backups of a workspace: copies made with SQLite's VACUUM INTO (a
// consistent copy even while the workspace is being written), checked with integrity_check
// before they count, kept in a folder of their own, pruned to the newest N (the user's setting),
// and restored over the workspace after a backup of what is replaced. Backups are made before
// every import, bundle import, upgrade and restore, on demand, and daily while a window is open.
package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/prefs"
	"smsworkbench/internal/store"
)

// Backup is one backup file.
type Backup struct {
	ID     string    `json:"id"` // its name without .smswb: 20261122T121500.123Z-manual
	Path   string    `json:"path"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"` // manual, import, bundle, migration, daily, restore
	Bytes  int64     `json:"bytes"`
}

const stampLayout = "20060102T150405.000Z"

var name = regexp.MustCompile(`^(\d{8}T\d{6}\.\d{3}Z)(?:-(\d+))?-([a-z]+)\.smswb$`)

// Dir is where the backups of the workspace at path are kept: $SMSWB_BACKUP_DIR, else
// "backups" in the user's data folder (a setting), in a folder named after the workspace file and a hash of its path
// ("workspace-3f2a9c1e"). Not beside the workspace, so that a workspace on a USB stick is not
// backed up onto the same stick. By its path, because nothing inside the file stays the same
// for this copy: a restored backup gets a new site id (two copies must never write under one),
// and an empty workspace takes another's id with its first bundle.
func Dir(path string) string {
	base := os.Getenv("SMSWB_BACKUP_DIR")
	if base == "" {
		base = filepath.Join(prefs.DataFolder(), "backups")
	}
	sum := sha256.Sum256([]byte(path))
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return filepath.Join(base, fmt.Sprintf("%s-%x", name, sum[:4]))
}

// Kept is how many backups each workspace keeps: the user's setting.
func Kept() int {
	s, _ := prefs.Open().Settings()
	return s.BackupsKept
}

// Create writes a backup of the workspace into dir and checks it; reason says why it was made.
func Create(ctx context.Context, s *store.Store, dir, reason string) (*Backup, error) {
	return create(ctx, s.Copier(), s.Path(), dir, reason)
}

func create(ctx context.Context, ws store.Copier, path, dir, reason string) (*Backup, error) {
	if !regexp.MustCompile(`^[a-z]+$`).MatchString(reason) {
		return nil, fmt.Errorf("backup reason %q must be a lower-case word", reason)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the backup folder %s: %v", dir, err)
	}
	// A backup of a damaged workspace would keep the damage and push a sound backup out.
	problem, err := ws.FirstProblem(ctx)
	if err != nil {
		problem = err.Error()
	}
	if problem != "" {
		return nil, fmt.Errorf("%v; it is not backed up", &store.DamageError{Path: path, Detail: problem})
	}
	at := time.Now().UTC()
	final := uniquePath(dir, at, reason)
	tmp := filepath.Join(dir, ".partial-"+filepath.Base(final))
	os.Remove(tmp)
	if err := ws.CopyInto(ctx, tmp); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("cannot back up %s into %s: %v", filepath.Base(path), dir, describe(err))
	}
	if err := Check(ctx, tmp); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return read(final)
}

// uniquePath names a new backup; a second one within the same millisecond gets a number.
func uniquePath(dir string, at time.Time, reason string) string {
	stamp := at.Format(stampLayout)
	p := filepath.Join(dir, stamp+"-"+reason+".smswb")
	for n := 2; exists(p); n++ {
		p = filepath.Join(dir, fmt.Sprintf("%s-%d-%s.smswb", stamp, n, reason))
	}
	return p
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// Check opens a backup read-only and runs SQLite's integrity_check on it.
func Check(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", store.FileURI(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("backup %s cannot be read: %v", filepath.Base(path), err)
	}
	if result != "ok" {
		return fmt.Errorf("backup %s is damaged: %s", filepath.Base(path), result)
	}
	return nil
}

func read(path string) (*Backup, error) {
	m := name.FindStringSubmatch(filepath.Base(path))
	st, err := os.Stat(path)
	if m == nil || err != nil {
		return nil, fmt.Errorf("%s is not a backup", path)
	}
	at, _ := time.Parse(stampLayout, m[1])
	return &Backup{ID: strings.TrimSuffix(filepath.Base(path), ".smswb"), Path: path, At: at, Reason: m[3], Bytes: st.Size()}, nil
}

// List lists the backups in dir, newest first; none when the folder does not exist.
func List(dir string) ([]Backup, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []Backup{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := []Backup{}
	for _, e := range entries {
		if b, err := read(filepath.Join(dir, e.Name())); err == nil && e.Type().IsRegular() {
			out = append(out, *b)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

// Prune deletes all but the newest keep backups of dir and returns those deleted. It also
// deletes what a backup stopped by a crash left (a partial file over an hour old).
func Prune(dir string, keep int) ([]Backup, error) {
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), ".partial-") && time.Since(info.ModTime()) > time.Hour {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	all, err := List(dir)
	if err != nil || len(all) <= keep {
		return nil, err
	}
	gone := all[max(keep, 0):]
	for _, b := range gone {
		if err := os.Remove(b.Path); err != nil {
			return nil, err
		}
	}
	return gone, nil
}

// Find returns the backup of dir whose id is id, or whose id starts with it when only one does.
func Find(dir, id string) (*Backup, error) {
	all, err := List(dir)
	if err != nil {
		return nil, err
	}
	var found []Backup
	for _, b := range all {
		if b.ID == id {
			return &b, nil
		}
		if strings.HasPrefix(b.ID, id) && id != "" {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 1:
		return &found[0], nil
	case 0:
		return nil, fmt.Errorf("no backup %q in %s (smsworkbench backup list shows them)", id, dir)
	}
	return nil, fmt.Errorf("%d backups start with %q: give more of the id", len(found), id)
}

// Restore replaces the workspace at path with a checked backup. The workspace must be closed;
// its current state is backed up first (reason "restore") by the caller, who has it open.
func Restore(ctx context.Context, b *Backup, path string) error {
	if err := Check(ctx, b.Path); err != nil {
		return fmt.Errorf("%v: nothing was restored", err)
	}
	src, err := os.Open(b.Path)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".restore-*.smswb")
	if err != nil {
		return fmt.Errorf("cannot restore into %s: %v", filepath.Dir(path), err)
	}
	_, err = io.Copy(tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// The replaced file's write-ahead log belongs to it, not to the backup.
		for _, suffix := range []string{"-wal", "-shm"} {
			if rerr := os.Remove(path + suffix); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
				err = rerr
			}
		}
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot restore %s: %v", b.ID, err)
	}
	return nil
}

// Make backs the workspace up into its folder (Dir) and prunes the oldest beyond Kept.
func Make(ctx context.Context, s *store.Store, reason string) (*Backup, error) {
	return makeFor(ctx, s.Copier(), s.Path(), reason)
}

func makeFor(ctx context.Context, ws store.Copier, path, reason string) (*Backup, error) {
	dir := Dir(path)
	b, err := create(ctx, ws, path, dir, reason)
	if err != nil {
		return nil, err
	}
	_, err = Prune(dir, Kept())
	return b, err
}

// Before backs the workspace up before a change that replaces much of it at once (an import,
// a bundle) and prunes the oldest backups. Its error says that nothing was changed, for the
// caller to return as it is.
func Before(ctx context.Context, s *store.Store, reason string) error {
	if _, err := Make(ctx, s, reason); err != nil {
		return fmt.Errorf("%v; nothing was changed", err)
	}
	return nil
}

// BeforeMigration is store.Options.BeforeMigrate: the backup made before a workspace written by
// an older version is upgraded.
func BeforeMigration(db *sql.DB, path string, from, to int) error {
	_, err := makeFor(context.Background(), store.NewCopier(db), path, "upgrade")
	return err
}

// DailyEvery is how old the newest backup may be before a window makes a daily one.
const DailyEvery = 24 * time.Hour

// Daily makes a backup (reason "daily") when the newest one is older than DailyEvery (or there
// is none) and the workspace has changed since it; it returns nil when none was due. A window
// calls it when a workspace opens and every hour while it is open.
func Daily(ctx context.Context, s *store.Store, now time.Time) (*Backup, error) {
	if s.ReadOnly() {
		return nil, nil // the window that writes it makes the backups
	}
	all, err := List(Dir(s.Path()))
	if err != nil {
		return nil, err
	}
	if len(all) > 0 {
		newest := all[0]
		if now.Sub(newest.At) < DailyEvery {
			return nil, nil
		}
		if same, err := s.SameOps(ctx, newest.Path); err == nil && same {
			return nil, nil // a backup of the same content would push an older state out
		}
	}
	return Make(ctx, s, "daily")
}

// RestoreOver replaces the open workspace s with its backup id (or the one id starts): the
// backup is checked, the workspace's state is backed up first (reason "restore", so that the
// restore can be undone), s is closed and the backup written over its file. The caller opens
// the file again, also after an error: s may be closed then (s.Closed), its file unchanged.
func RestoreOver(ctx context.Context, s *store.Store, id string) (restored, before *Backup, err error) {
	damaged := s.Damaged() != ""
	if s.ReadOnly() && !damaged {
		return nil, nil, fmt.Errorf("workspace %s is read-only (%s): nothing was restored", s.Path(), s.ReadOnlyReason())
	}
	b, err := Find(Dir(s.Path()), id)
	if err != nil {
		return nil, nil, err
	}
	if err := Check(ctx, b.Path); err != nil {
		return nil, nil, fmt.Errorf("%v: nothing was restored", err)
	}
	// Not pruned until the copy is done: the backup restored may be the oldest one kept.
	dir := Dir(s.Path())
	if damaged {
		// A damaged workspace cannot be backed up as a database; its file is kept as it is,
		// beside it, so that nothing is lost even of it.
		if before, err = keepDamaged(s.Path()); err != nil {
			return nil, nil, fmt.Errorf("the damaged workspace could not be kept aside before the restore, so nothing was restored: %v", err)
		}
	} else if before, err = Create(ctx, s, dir, "restore"); err != nil {
		return nil, nil, fmt.Errorf("the workspace could not be backed up before the restore, so nothing was restored: %v", err)
	}
	if err := s.Close(); err != nil {
		return nil, nil, err
	}
	if err := Restore(ctx, b, s.Path()); err != nil {
		return nil, nil, err
	}
	_, err = Prune(dir, Kept())
	return b, before, err
}

// keepDamaged copies a damaged workspace file, and its write-ahead log if any, to
// "<file>.damaged-<time>" beside it, and describes the copy (reason "damaged"; not a backup
// that can be restored).
func keepDamaged(path string) (*Backup, error) {
	now := time.Now().UTC()
	stamp := now.Format(stampLayout)
	kept := path + ".damaged-" + stamp
	for _, suffix := range []string{"", "-wal"} {
		in, err := os.Open(path + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			return nil, err
		}
		out, err := os.OpenFile(kept+suffix, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			_, err = io.Copy(out, in)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		in.Close()
		if err != nil {
			return nil, err
		}
	}
	st, err := os.Stat(kept)
	if err != nil {
		return nil, err
	}
	return &Backup{ID: filepath.Base(kept), Path: kept, At: now, Reason: "damaged", Bytes: st.Size()}, nil
}

// describe names the usual reasons a backup cannot be written.
func describe(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "disk is full") || strings.Contains(msg, "SQLITE_FULL") || strings.Contains(msg, "no space"):
		return "the disk is full"
	case strings.Contains(msg, "unable to open") || strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return "the folder may not be written"
	}
	return msg
}
