package backup

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/prefs"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

func formatVersion(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("SELECT version FROM schema_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func isolate(t *testing.T) {
	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	t.Setenv("SMSWB_CONFIG_DIR", t.TempDir())
}

// A workspace of an older version is backed up as it was, then upgraded; the backup is the old
// file, which opens (and upgrades again) with everything in it.
func TestOlderWorkspaceIsBackedUpThenUpgraded(t *testing.T) {
	isolate(t)
	path := testkit.OldWorkspace(t)
	if v := formatVersion(t, path); v != 3 || store.FormatVersion() <= 3 {
		t.Fatalf("fixture version %d, program %d", v, store.FormatVersion())
	}
	s, err := store.Open(path, store.Options{BeforeMigrate: BeforeMigration})
	if err != nil {
		t.Fatal(err)
	}
	if s.FormatVersion() != store.FormatVersion() {
		t.Errorf("not upgraded: %d", s.FormatVersion())
	}
	page, err := s.List(bg, "incident", store.Query{Sort: "ref"})
	if err != nil || page.Total != 5 || page.Records[0].Title() != "Payslips late 1 – Zoë" || page.Records[0].Status != "in_progress" {
		t.Fatalf("incidents after the upgrade: %+v %v", page, err)
	}
	all, _ := List(Dir(path))
	if len(all) != 1 || all[0].Reason != "upgrade" {
		t.Fatalf("backups %+v", all)
	}
	if v := formatVersion(t, all[0].Path); v != 3 {
		t.Errorf("the upgrade backup has version %d, not the old one", v)
	}
	// Opening the upgraded file again backs nothing up: there is nothing to upgrade.
	s.Close()
	s, _ = store.Open(path, store.Options{BeforeMigrate: BeforeMigration})
	s.Close()
	if again, _ := List(Dir(path)); len(again) != 1 {
		t.Errorf("a second open made a backup: %+v", again)
	}
}

// When the backup before an upgrade cannot be made, the workspace is not opened and not changed.
func TestUpgradeWithoutABackupChangesNothing(t *testing.T) {
	isolate(t)
	path := testkit.OldWorkspace(t)
	before, _ := os.ReadFile(path)
	full := func(db *sql.DB, p string, from, to int) error { return errors.New("the disk is full") }
	_, err := store.Open(path, store.Options{BeforeMigrate: full})
	if err == nil || !strings.Contains(err.Error(), "cannot back up before upgrading it from version 3: the disk is full; nothing was changed") {
		t.Fatalf("open: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) || formatVersion(t, path) != 3 {
		t.Error("the workspace was changed")
	}
	// A backup folder that cannot be written is the same refusal, through BeforeMigration.
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o600)
	t.Setenv("SMSWB_BACKUP_DIR", blocker) // a file where the folder should be
	_, err = store.Open(path, store.Options{BeforeMigrate: BeforeMigration})
	if err == nil || !strings.Contains(err.Error(), "cannot make the backup folder") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("open with an unwritable backup folder: %v", err)
	}
	if formatVersion(t, path) != 3 {
		t.Error("upgraded without a backup")
	}
}

// The number of backups kept is the user's setting.
func TestBackupsKeptIsTheSetting(t *testing.T) {
	isolate(t)
	if err := prefs.Open().SaveSettings(prefs.Settings{BackupsKept: 2, Theme: "light", Language: "en", Passphrase: "ask"}); err != nil {
		t.Fatal(err)
	}
	s := open(t, filepath.Join(t.TempDir(), "w.smswb"))
	defer s.Close()
	var made []string
	for i := 0; i < 4; i++ {
		s.Create(bg, "service", map[string]any{"title": "S"}, store.Change{})
		b, err := Make(bg, s, "manual")
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, b.ID)
	}
	all, _ := List(Dir(s.Path()))
	if len(all) != 2 || all[0].ID != made[3] || all[1].ID != made[2] {
		t.Fatalf("kept %+v, made %v", all, made)
	}
}

// A daily backup is made when the newest is a day old and the workspace changed since.
func TestDailyBackup(t *testing.T) {
	isolate(t)
	s := open(t, filepath.Join(t.TempDir(), "w.smswb"))
	defer s.Close()
	now := time.Now()
	first, err := Daily(bg, s, now)
	if err != nil || first == nil || first.Reason != "daily" {
		t.Fatalf("first daily: %+v %v", first, err)
	}
	if b, _ := Daily(bg, s, now.Add(2*time.Hour)); b != nil {
		t.Errorf("a second backup within a day: %+v", b)
	}
	if b, _ := Daily(bg, s, now.Add(25*time.Hour)); b != nil {
		t.Errorf("a daily backup of an unchanged workspace: %+v", b)
	}
	s.Create(bg, "service", map[string]any{"title": "Changed"}, store.Change{})
	if b, _ := Daily(bg, s, now.Add(2*time.Hour)); b != nil {
		t.Errorf("changed, but not a day old: %+v", b)
	}
	second, err := Daily(bg, s, now.Add(25*time.Hour))
	if err != nil || second == nil {
		t.Fatalf("changed and a day old: %+v %v", second, err)
	}
	if all, _ := List(Dir(s.Path())); len(all) != 2 {
		t.Errorf("backups %+v", all)
	}
}

// RestoreOver checks the backup, keeps the replaced state, closes the workspace and puts the
// backup in its place; a damaged backup changes nothing and leaves the workspace open.
func TestRestoreOver(t *testing.T) {
	isolate(t)
	path := filepath.Join(t.TempDir(), "w.smswb")
	s := open(t, path)
	s.Create(bg, "service", map[string]any{"title": "ERP"}, store.Change{})
	old, _ := Make(bg, s, "manual")
	s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{})

	bad := filepath.Join(Dir(path), "20200101T000000.000Z-manual.smswb")
	os.WriteFile(bad, []byte(strings.Repeat("junk", 1000)), 0o600)
	if _, _, err := RestoreOver(bg, s, "20200101"); err == nil || !strings.Contains(err.Error(), "is not a database") && !strings.Contains(err.Error(), "damaged") && !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("damaged backup: %v", err)
	}
	if n, err := s.Count("service"); err != nil || n != 2 {
		t.Fatalf("after a refused restore the workspace is not open as it was: %d %v", n, err)
	}
	restored, before, err := RestoreOver(bg, s, old.ID)
	if err != nil || restored.ID != old.ID || before.Reason != "restore" {
		t.Fatalf("restore: %+v %+v %v", restored, before, err)
	}
	if got := titles(t, path); got != "ERP" {
		t.Errorf("restored %q", got)
	}
	if got := titles(t, before.Path); got != "ERP,Mail" {
		t.Errorf("the state before the restore: %q", got)
	}
}

// The backup restored may be the oldest one kept: the backup of the replaced state must not
// prune it away before it is copied.
func TestRestoreTheOldestKept(t *testing.T) {
	isolate(t)
	if err := prefs.Open().SaveSettings(prefs.Settings{BackupsKept: 2, Theme: "light", Language: "en", Passphrase: "ask"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "w.smswb")
	s := open(t, path)
	s.Create(bg, "service", map[string]any{"title": "ERP"}, store.Change{})
	oldest, _ := Make(bg, s, "manual")
	s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{})
	Make(bg, s, "manual")
	s.Create(bg, "service", map[string]any{"title": "CRM"}, store.Change{})
	restored, before, err := RestoreOver(bg, s, oldest.ID)
	if err != nil {
		t.Fatalf("restoring the oldest kept backup: %v", err)
	}
	if got := titles(t, path); got != "ERP" || restored.ID != oldest.ID {
		t.Errorf("restored %q from %s", got, restored.ID)
	}
	all, _ := List(Dir(path))
	if len(all) != 2 || all[0].ID != before.ID {
		t.Errorf("after the restore, kept %+v", all)
	}
}
