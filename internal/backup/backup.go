// Package backup owns the backups of a workspace: copies made with SQLite's VACUUM INTO (a
// consistent copy even while the workspace is being written), checked with integrity_check
// before they count, kept in a folder of their own, pruned to the newest N, and restored over
// the workspace after a backup of what is replaced.
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

// Dir is where the backups of a workspace are kept: $SMSWB_BACKUP_DIR, else the user's data
// folder, in a folder named after the workspace file and a hash of its path
// ("workspace-3f2a9c1e"). Not beside the workspace, so that a workspace on a USB stick is not
// backed up onto the same stick. By its path, because nothing inside the file stays the same
// for this copy: a restored backup gets a new site id (two copies must never write under one),
// and an empty workspace takes another's id with its first bundle.
func Dir(s *store.Store) string {
	base := os.Getenv("SMSWB_BACKUP_DIR")
	if base == "" {
		base = filepath.Join(store.DataDir(), "backups")
	}
	sum := sha256.Sum256([]byte(s.Path()))
	name := strings.TrimSuffix(filepath.Base(s.Path()), filepath.Ext(s.Path()))
	return filepath.Join(base, fmt.Sprintf("%s-%x", name, sum[:4]))
}

// Create writes a backup of the workspace into dir and checks it; reason says why it was made.
func Create(ctx context.Context, s *store.Store, dir, reason string) (*Backup, error) {
	if !regexp.MustCompile(`^[a-z]+$`).MatchString(reason) {
		return nil, fmt.Errorf("backup reason %q must be a lower-case word", reason)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the backup folder %s: %v", dir, err)
	}
	at := time.Now().UTC()
	final := uniquePath(dir, at, reason)
	tmp := filepath.Join(dir, ".partial-"+filepath.Base(final))
	os.Remove(tmp)
	if _, err := s.DB().ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("cannot back up %s into %s: %v", filepath.Base(s.Path()), dir, err)
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
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
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

// Prune deletes all but the newest keep backups of dir and returns those deleted.
func Prune(dir string, keep int) ([]Backup, error) {
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

// Keep is how many backups a workspace keeps; the oldest go after each new one.
const Keep = 20

// Before backs the workspace up before a change that replaces much of it at once (an import,
// a bundle, a migration, a restore) and prunes the oldest backups. Its error says that nothing
// was changed, for the caller to return as it is.
func Before(ctx context.Context, s *store.Store, reason string) error {
	dir := Dir(s)
	if _, err := Create(ctx, s, dir, reason); err != nil {
		return fmt.Errorf("%v; nothing was changed", err)
	}
	_, err := Prune(dir, Keep)
	return err
}
