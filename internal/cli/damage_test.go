package cli

import (
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// spoil overwrites pages of a closed workspace file, as a failing disk or a bad copy would.
func spoil(t *testing.T, path string, pages ...int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := make([]byte, 4096)
	for _, p := range pages {
		rand.Read(junk)
		if _, err := f.WriteAt(junk, p*4096); err != nil {
			t.Fatal(err)
		}
	}
}

// A workspace with overwritten pages is found damaged when it opens: reads show what they can
// under a warning, every write is refused with one line naming the file and the backup to
// restore, and the restore brings it back (the damaged file kept beside it). Before, 'list',
// 'search' and 'add' went on and only 'readiness' failed, with "malformed (11)".
func TestADamagedWorkspaceIsCaughtAndRestored(t *testing.T) {
	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	db := demoDB(t)
	var made map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "backup", "create", "--json"))), &made)
	id := made["id"].(string)
	if out := ok(t, runCLI(t, db, "check")); !strings.Contains(out, "no damage found") {
		t.Fatalf("check of a sound workspace: %s", out)
	}
	st, _ := os.Stat(db)
	pages := st.Size() / 4096
	spoil(t, db, pages/3, pages/2, 2*pages/3)
	root := filepath.Dir(db)
	for _, args := range [][]string{
		{"add", "service", `{"title":"More"}`},
		{"set", "incident", "INC-00001", `{"title":"x"}`},
		{"check"},
		{"bundle", "export", "--out", filepath.Join(root, "b.smsb"), "--plain"},
		{"backup", "create"},
	} {
		refused(t, root, db, "is damaged", args...)
		r := runCLI(t, db, args...)
		if !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "backup") {
			t.Fatalf("%v: %q names neither the file nor the backup", args, r.stderr)
		}
	}
	if r := runCLI(t, db, "add", "service", `{"title":"More"}`); !strings.Contains(r.stderr, "smsworkbench backup restore "+id) {
		t.Fatalf("the newest backup is not named: %q", r.stderr)
	}
	// A read shows what it can, and warns.
	if r := runCLI(t, db, "kinds"); r.code != 0 || !strings.HasPrefix(r.stderr, "warning: workspace "+db+" is damaged") {
		t.Fatalf("a read of a damaged workspace: %d %q", r.code, r.stderr)
	}
	// In German too, the backup to restore named with its German date.
	if r := runCLI(t, db, "--language", "de", "add", "service", `{"title":"More"}`); !strings.Contains(r.stderr, "Fehler: Der Arbeitsbereich "+db+" ist beschädigt") ||
		!strings.Contains(r.stderr, "die neueste ist vom ") || !strings.Contains(r.stderr, "smsworkbench backup restore "+id) {
		t.Fatalf("refused in German: %q", r.stderr)
	}
	if r := runCLI(t, db, "--language", "de", "kinds"); r.code != 0 || !strings.Contains(r.stderr, "ist beschädigt") || strings.Contains(r.stderr, "is damaged") {
		t.Fatalf("a read of a damaged workspace in German: %d %q", r.code, r.stderr)
	}
	out := ok(t, runCLI(t, db, "backup", "restore", id))
	if !strings.Contains(out, "the damaged file is kept as "+db+".damaged-") {
		t.Fatalf("restore: %s", out)
	}
	if out := ok(t, runCLI(t, db, "check")); !strings.Contains(out, "no damage found") {
		t.Fatalf("after the restore: %s", out)
	}
	ok(t, runCLI(t, db, "add", "service", `{"title":"More"}`))
	kept, _ := filepath.Glob(db + ".damaged-*")
	if len(kept) == 0 {
		t.Fatal("the damaged file was not kept")
	}
}

// Only init makes a workspace: a plain command on a zero-byte file says so and leaves it.
func TestAnEmptyFileIsNotANewWorkspace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.smswb")
	os.WriteFile(db, nil, 0o644)
	for _, args := range [][]string{{"list", "incident"}, {"add", "service", `{"title":"x"}`}, {"search", "mail"}} {
		refused(t, filepath.Dir(db), db, "is empty (0 bytes), not a workspace", args...)
	}
	ok(t, runCLI(t, db, "init"))
	if st, _ := os.Stat(db); st.Size() == 0 {
		t.Fatal("init did not make the workspace")
	}
}
