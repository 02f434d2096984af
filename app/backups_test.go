package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/prefs"
	"smsworkbench/internal/store"
	"smsworkbench/internal/workspace"
)

// The Backups page's calls: list, back up now, restore (which keeps what it replaces and opens
// the restored file in the window), and the refusals that leave the workspace as it was.
func TestBackupBindings(t *testing.T) {
	a, rt := importApp(t)
	first, err := a.CreateBackup()
	if err != nil || first.Reason != "manual" {
		t.Fatalf("back up now: %+v %v", first, err)
	}
	list, err := a.Backups()
	if err != nil || list.Dir != backup.Dir(a.store().Path()) || list.Kept != prefs.DefaultBackupsKept ||
		len(list.Backups) != 1 || list.Backups[0].ID != first.ID {
		t.Fatalf("backups %+v %v", list, err)
	}
	before, _ := a.store().Count("service")
	if _, err := a.Create("service", map[string]any{"title": "Made after the backup"}); err != nil {
		t.Fatal(err)
	}

	if p := problem(t, func() error { _, err := a.RestoreBackup("nope"); return err }()); !strings.Contains(p.Message, `no backup "nope"`) {
		t.Errorf("unknown backup: %+v", p)
	}
	bad := filepath.Join(list.Dir, "20200101T000000.000Z-manual.smswb")
	os.WriteFile(bad, []byte(strings.Repeat("junk", 1000)), 0o600)
	if p := problem(t, func() error { _, err := a.RestoreBackup("20200101"); return err }()); !strings.Contains(p.Message, "nothing was restored") {
		t.Errorf("damaged backup: %+v", p)
	}
	if n, err := a.store().Count("service"); err != nil || n != before+1 {
		t.Fatalf("after refused restores: %d services, %v", n, err)
	}
	os.Remove(bad)

	old := a.store()
	res, err := a.RestoreBackup(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Restored.ID != first.ID || res.Before.Reason != "restore" || res.Workspace.ReadOnly {
		t.Errorf("restore %+v", res)
	}
	if a.store() == old || res.Workspace.Counts["service"] != before {
		t.Errorf("the window is not on the restored file: %d services", res.Workspace.Counts["service"])
	}
	if n, _ := a.store().Count("service"); n != before {
		t.Errorf("restored workspace has %d services, want %d", n, before)
	}
	if len(rt.named("workspace:changed")) != 1 {
		t.Errorf("events %+v", rt.events)
	}
	after, _ := a.Backups()
	if len(after.Backups) != 2 || after.Backups[0].ID != res.Before.ID {
		t.Errorf("after the restore: %+v", after.Backups)
	}
}

// The daily backup is made once a day while the window is open, and told to the window.
func TestDailyBackupTellsTheWindow(t *testing.T) {
	a, rt := importApp(t)
	if b := a.dailyBackup(time.Now()); b == nil || b.Reason != "daily" {
		t.Fatalf("first daily backup: %+v", b)
	}
	if b := a.dailyBackup(time.Now().Add(time.Hour)); b != nil {
		t.Errorf("a second one within the hour: %+v", b)
	}
	if made := rt.named("backup:made"); len(made) != 1 {
		t.Errorf("backup:made events %+v", made)
	}
}

func TestAboutAndSettings(t *testing.T) {
	a, _ := importApp(t)
	Version = "1.2.3-test"
	about := a.About()
	if about.Version != "1.2.3-test" || about.Workspace != a.store().Path() || about.FormatVersion != store.FormatVersion() ||
		about.BackupsDir != backup.Dir(a.store().Path()) || about.Preferences != a.prefs.Path() || !strings.Contains(about.Platform, "/") {
		t.Errorf("about %+v", about)
	}

	t.Cleanup(func() { a.prefs.SaveSettings(prefs.DefaultSettings()) })
	s, err := a.Settings()
	if err != nil || s != prefs.DefaultSettings() {
		t.Fatalf("settings %+v %v", s, err)
	}
	s.BackupsKept = 0
	if p := problem(t, func() error { _, err := a.SaveSettings(s); return err }()); p.Field != "backups_kept" {
		t.Errorf("refused: %+v", p)
	}
	s.BackupsKept, s.Theme = 3, "dark"
	saved, err := a.SaveSettings(s)
	if err != nil || saved.BackupsKept != 3 || saved.Theme != "dark" {
		t.Fatalf("saved %+v %v", saved, err)
	}
	if list, _ := a.Backups(); list.Kept != 3 {
		t.Errorf("kept %d", list.Kept)
	}
	if p, _ := a.Preferences(); p["theme"] != "dark" {
		t.Errorf("the theme the header reads: %v", p["theme"])
	}
}

// A second window on the same workspace opens it read-only and says why.
func TestSecondWindowIsReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := workspace.Create(bg, path, workspace.Options{Name: "Shared"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := workspace.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	second := New(other)
	defer other.Close()
	w, err := second.Workspace()
	if err != nil || !w.ReadOnly || w.ReadOnlyReason != "it is open in another SMS Workbench window" {
		t.Fatalf("second window %+v %v", w, err)
	}
	p := problem(t, func() error { _, err := second.Create("service", map[string]any{"title": "X"}); return err }())
	if !strings.Contains(p.Message, "read-only (it is open in another SMS Workbench window)") {
		t.Errorf("write in the second window: %+v", p)
	}
	if b := second.dailyBackup(time.Now()); b != nil {
		t.Errorf("the read-only window made a backup: %+v", b)
	}
}
