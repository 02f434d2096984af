package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

var bg = context.Background()

func open(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, store.Options{Create: true, Author: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func titles(t *testing.T, path string) string {
	t.Helper()
	s := open(t, path)
	defer s.Close()
	page, err := s.List(bg, "service", store.Query{Sort: "ref"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range page.Records {
		out = append(out, r.Title())
	}
	return strings.Join(out, ",")
}

// A backup is a checked copy of what was committed; restoring it brings exactly that back,
// and what it replaced is kept as a backup too.
func TestCreateListRestorePrune(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.smswb")
	backups := filepath.Join(dir, "backups")
	s := open(t, path)
	s.Create(bg, "service", map[string]any{"title": "ERP"}, store.Change{})
	first, err := Create(bg, s, backups, "manual")
	if err != nil {
		t.Fatal(err)
	}
	if first.Reason != "manual" || first.Bytes == 0 || Check(bg, first.Path) != nil {
		t.Fatalf("backup %+v", first)
	}
	s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{})
	second, err := Create(bg, s, backups, "import")
	if err != nil {
		t.Fatal(err)
	}
	all, _ := List(backups)
	if len(all) != 2 || all[0].ID != second.ID || all[1].ID != first.ID {
		t.Fatalf("list %+v", all)
	}
	if _, err := Find(backups, "nope"); err == nil || !strings.Contains(err.Error(), `no backup "nope"`) {
		t.Errorf("find: %v", err)
	}
	s.Close()

	if err := Restore(bg, first, path); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, path); got != "ERP" {
		t.Errorf("after restore: %q", got)
	}

	// A damaged backup is refused and the workspace stays as it was.
	bad := filepath.Join(backups, "20200101T000000.000Z-manual.smswb")
	os.WriteFile(bad, []byte(strings.Repeat("not a database ", 100)), 0o600)
	b, _ := Find(backups, "20200101")
	if err := Restore(bg, b, path); err == nil || !strings.Contains(err.Error(), "nothing was restored") {
		t.Errorf("damaged backup restored: %v", err)
	}
	if got := titles(t, path); got != "ERP" {
		t.Errorf("after a refused restore: %q", got)
	}
	// What a crash during a backup left goes with the next prune once it is an hour old.
	stale, fresh := filepath.Join(backups, ".partial-a.smswb"), filepath.Join(backups, ".partial-b.smswb")
	os.WriteFile(stale, []byte("half"), 0o600)
	os.WriteFile(fresh, []byte("half"), 0o600)
	os.Chtimes(stale, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour))
	gone, err := Prune(backups, 1)
	if err != nil || len(gone) != 2 {
		t.Errorf("prune: %v %v", gone, err)
	}
	if left, _ := List(backups); len(left) != 1 || left[0].ID != second.ID {
		t.Errorf("after prune: %+v", left)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a stale partial backup was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a partial backup that may still be written was deleted")
	}
}
