package bundle

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

func addIncident(t testing.TB, s *store.Store, title string) {
	t.Helper()
	err := s.Write(bg, func(tx *store.Tx) error {
		_, err := tx.Create("risk", map[string]any{"title": title, "likelihood": 2, "impact": 2, "owner": "x"}, store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// What a sync engine leaves in a shared folder: files under its temporary names and a copy's
// file still arriving are left for the next exchange, never reported as damaged nor imported
// twice; a conflict copy of a peer's file is that peer's bundle again and imports safely.
func TestAFolderAsASyncEngineLeavesIt(t *testing.T) {
	dir := t.TempDir()
	a, b := replica(t, "a"), replica(t, "b")
	addIncident(t, b, "Risk of b")
	if _, err := SyncFolder(bg, b, dir, ExportOptions{Keys: testKeys()}); err != nil {
		t.Fatal(err)
	}
	bFile := filepath.Join(dir, FileFor(b.Site().ID))
	data, err := os.ReadFile(bFile)
	if err != nil {
		t.Fatal(err)
	}
	// Syncthing's temporary names for files it is receiving.
	for _, name := range []string{".syncthing." + FileFor("x") + ".tmp", "~syncthing~" + FileFor("y") + ".tmp"} {
		os.WriteFile(filepath.Join(dir, name), data[:len(data)/3], 0o644)
	}
	// The peer's file arriving half written under its final name, a moment ago; another just
	// created, still empty; and junk, which is reported at once.
	os.WriteFile(bFile, data[:len(data)/2], 0o644)
	os.WriteFile(filepath.Join(dir, FileFor("new-peer")), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.smsb"), []byte("not a bundle at all"), 0o644)
	rep, err := SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].File != "notes.smsb" || len(rep.Imported) != 0 || len(rep.Waiting) != 4 {
		t.Fatalf("first exchange: %d imported, problems %v, waiting %v", len(rep.Imported), rep.Errors, rep.Waiting)
	}
	os.Remove(filepath.Join(dir, "notes.smsb"))
	os.Remove(filepath.Join(dir, FileFor("new-peer")))
	if n, _ := a.Count("risk"); n != 0 {
		t.Fatalf("a half-written bundle imported %d risks", n)
	}
	// Next time the file is whole: imported, once.
	os.WriteFile(bFile, data, 0o644)
	if rep, err = SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()}); err != nil || len(rep.Imported) != 1 || len(rep.Errors) != 0 {
		t.Fatalf("second exchange: %+v %v", rep, err)
	}
	if n, _ := a.Count("risk"); n != 1 {
		t.Fatalf("after the whole file: %d risks", n)
	}
	// A conflict copy of b's file: b's bundle again, signed; its ops change nothing. b's own
	// file, unchanged since a read it, is not read again.
	conflict := filepath.Join(dir, strings.TrimSuffix(FileFor(b.Site().ID), Ext)+".sync-conflict-20261204-101010-ABCDEFG"+Ext)
	os.WriteFile(conflict, data, 0o644)
	before := digest(t, a)
	if rep, err = SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()}); err != nil || len(rep.Errors) != 0 || len(rep.Imported) != 1 ||
		rep.Imported[0].File != filepath.Base(conflict) || len(rep.Unchanged) != 1 || rep.Unchanged[0] != filepath.Base(bFile) {
		t.Fatalf("with a conflict copy: %+v %v", rep, err)
	}
	if digest(t, a) != before {
		t.Errorf("a conflict copy's ops changed the workspace")
	}
	// A file that stays truncated is damaged once it has not changed for a while.
	os.WriteFile(bFile, data[:len(data)/2], 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(bFile, old, old)
	if rep, err = SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()}); err != nil || len(rep.Errors) != 1 || rep.Errors[0].File != filepath.Base(bFile) {
		t.Fatalf("a truncated file left for an hour: %+v %v", rep, err)
	}
}

// A copy that has not written its file for longer than the stale age no longer holds the others
// back: the bundles of the folder stop carrying everything it lacks.
func TestAStaleCopyNoLongerHoldsTheOthersBack(t *testing.T) {
	dir := t.TempDir()
	a, b, c := replica(t, "a"), replica(t, "b"), replica(t, "c")
	addIncident(t, a, "first")
	if _, err := SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()}); err != nil {
		t.Fatal(err)
	}
	// c joins, takes a's first op, writes its file, and is then away.
	if _, err := SyncFolder(bg, c, dir, ExportOptions{Keys: testKeys()}); err != nil {
		t.Fatal(err)
	}
	cFile := filepath.Join(dir, FileFor(c.Site().ID))
	longAgo := time.Now().Add(-100 * 24 * time.Hour)
	c.SetClock(func() time.Time { return longAgo })
	if _, err := SyncFolder(bg, c, dir, ExportOptions{Keys: testKeys()}); err != nil {
		t.Fatal(err)
	}
	c.SetClock(nil)
	// a and b go on for a while.
	for i := 0; i < 5; i++ {
		addIncident(t, a, "later")
		for _, s := range []*store.Store{b, a} {
			if _, err := SyncFolder(bg, s, dir, ExportOptions{Keys: testKeys()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	held, err := SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys(), StaleAfter: 1000 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	free, err := SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	if len(free.Stale) != 1 || free.Stale[0] != c.Site().ID || len(held.Stale) != 0 {
		t.Fatalf("stale copies: %v (with a long stale age: %v)", free.Stale, held.Stale)
	}
	// The folder's copies as a sees them, each behind by what a holds and it did not when it
	// wrote its file (counted in the files with SQL): b lacks a's last op, c is away.
	behind, bBehind := opsInFile(t, a)-opsInFile(t, c), opsInFile(t, a)-opsInFile(t, b)
	var sawB, sawC bool
	for _, cp := range free.Copies {
		switch cp.Site {
		case b.Site().ID:
			sawB = cp.Behind == bBehind && !cp.Stale && strings.HasPrefix(cp.Name, "b")
		case c.Site().ID:
			sawC = cp.Behind == behind && cp.Stale && cp.Written == longAgo.UTC().Format(time.RFC3339)
		}
	}
	if len(free.Copies) != 2 || !sawB || !sawC || behind == 0 || bBehind != 1 {
		t.Errorf("copies seen by a (c behind by %d): %+v", behind, free.Copies)
	}
	if free.Manifest.Counts.Ops >= held.Manifest.Counts.Ops {
		t.Errorf("a's bundle carries %d ops with the stale copy left out, %d with it held", free.Manifest.Counts.Ops, held.Manifest.Counts.Ops)
	}
	// Back after three months, c finds the folder's bundles lack what it missed: it holds those
	// ops back and writes its file, fresh again; the others then carry what c lacks, and c
	// catches up at the next exchange.
	rep, err := SyncFolder(bg, c, dir, ExportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	heldBack := 0
	for _, im := range rep.Imported {
		heldBack += im.Report.OpsHeldBack
	}
	if heldBack == 0 || rep.Behind == "" {
		t.Errorf("c came back: %d ops held back, told %q", heldBack, rep.Behind)
	}
	if _, err := os.Stat(cFile); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*store.Store{a, b, c} {
		if _, err := SyncFolder(bg, s, dir, ExportOptions{Keys: testKeys()}); err != nil {
			t.Fatal(err)
		}
	}
	if digest(t, c) != digest(t, a) || digest(t, b) != digest(t, a) {
		t.Errorf("the three copies differ after c caught up")
	}
}

// opsInFile counts a copy's ops in its SQLite file, apart from the store's code.
func opsInFile(t testing.TB, s *store.Store) int64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM ops").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A file left unchanged is not read again only while this copy holds all it holds: a copy
// that lacks its ops (here a new copy handed another's memory of the folder, as a workspace
// put back from an older backup would be) reads it again.
func TestAnUnchangedFileIsReadAgainWhenItsOpsAreLacking(t *testing.T) {
	dir := t.TempDir()
	a, b, c := replica(t, "a"), replica(t, "b"), replica(t, "c")
	addIncident(t, b, "Risk of b")
	for _, s := range []*store.Store{b, a} {
		if _, err := SyncFolder(bg, s, dir, ExportOptions{Keys: testKeys()}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := SyncFolder(bg, a, dir, ExportOptions{Keys: testKeys()})
	if err != nil || len(rep.Unchanged) != 1 || len(rep.Imported) != 0 {
		t.Fatalf("a again: %+v %v", rep, err)
	}
	memory, err := os.ReadFile(folderSeenPath(a))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(folderSeenPath(c), memory, 0o600)
	rep, err = SyncFolder(bg, c, dir, ExportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	var fromB *Report
	for _, im := range rep.Imported {
		if im.Report.Manifest.Sender.Site == b.Site().ID {
			fromB = im.Report
		}
	}
	if fromB == nil || fromB.OpsNew == 0 {
		t.Fatalf("c did not read b's file: imported %+v, unchanged %v", rep.Imported, rep.Unchanged)
	}
	if n, _ := c.Count("risk"); n != 1 {
		t.Errorf("c holds %d risks", n)
	}
}

// With a passphrase, a shared folder's bundles are encrypted to the folder's team key (made by
// the first copy, kept in the folder encrypted with the passphrase), so a copy runs scrypt once
// per key rather than once per file. A wrong passphrase is refused before anything is read or
// written; a bundle of the folder still imports by hand with the passphrase; two team keys made
// at once (a sync engine's conflict copy of the key) both serve; and a bundle written for the
// passphrase itself, before the team key, still opens.
func TestAFolderWithAPassphraseUsesOneTeamKey(t *testing.T) {
	dir := t.TempDir()
	pass := Keys{Passphrase: "our team's passphrase"}
	a, b, c := replica(t, "a"), replica(t, "b"), replica(t, "c")
	addIncident(t, a, "first")
	// a bundle for the passphrase itself, as written before the team key
	old := filepath.Join(dir, FileFor("older-copy"))
	if _, err := Export(bg, a, old, ExportOptions{Keys: pass}); err != nil {
		t.Fatal(err)
	}
	if _, err := SyncFolder(bg, a, dir, ExportOptions{Keys: pass}); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(dir, FileFor(a.Site().ID))
	if stanzas := ageStanzas(t, aFile); len(stanzas) != 1 || stanzas[0] != "X25519" {
		t.Fatalf("a's file is encrypted to %v, want the team's X25519 key", stanzas)
	}
	if stanzas := ageStanzas(t, filepath.Join(dir, TeamKeyFile)); len(stanzas) != 1 || stanzas[0] != "scrypt" {
		t.Fatalf("the team key is encrypted to %v, want the passphrase", stanzas)
	}
	// b with a wrong passphrase: refused, nothing imported, nothing written.
	_, err := SyncFolder(bg, b, dir, ExportOptions{Keys: Keys{Passphrase: "not ours"}})
	if err == nil || !strings.Contains(err.Error(), "does not open the folder's team key") {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileFor(b.Site().ID))); err == nil {
		t.Fatal("b wrote its file with a wrong passphrase")
	}
	if n, _ := b.Count("risk"); n != 0 {
		t.Fatalf("b imported %d risks with a wrong passphrase", n)
	}
	rep, err := SyncFolder(bg, b, dir, ExportOptions{Keys: pass})
	if err != nil || len(rep.Errors) != 0 || len(rep.Imported) != 2 {
		t.Fatalf("b with the passphrase: %+v %v", rep, err)
	}
	// By hand, a file of the folder opens with the passphrase.
	if _, err := Import(bg, c, aFile, ImportOptions{Keys: pass}); err != nil {
		t.Fatalf("a folder's bundle imported by hand: %v", err)
	}
	// c made its own team key elsewhere at the same time; the engine kept it as a conflict copy.
	other := t.TempDir()
	if _, err := SyncFolder(bg, c, other, ExportOptions{Keys: pass}); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(other, TeamKeyFile), filepath.Join(dir, "smsworkbench-team.sync-conflict-20261204-101010-ABCDEFG.key"))
	copyFile(t, filepath.Join(other, FileFor(c.Site().ID)), filepath.Join(dir, FileFor(c.Site().ID)))
	addIncident(t, c, "from c")
	addIncident(t, a, "from a")
	for _, s := range []*store.Store{a, b, c, a, b} {
		if rep, err := SyncFolder(bg, s, dir, ExportOptions{Keys: pass}); err != nil || len(rep.Errors) != 0 {
			t.Fatalf("with two team keys: %+v %v", rep, err)
		}
	}
	if stanzas := ageStanzas(t, aFile); len(stanzas) != 2 {
		t.Errorf("a's file is encrypted to %v, want both team keys", stanzas)
	}
	if digest(t, a) != digest(t, b) || digest(t, c) != digest(t, a) {
		t.Error("the three copies differ")
	}
}

// ageStanzas lists the recipient types of an age file's header.
func ageStanzas(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data[:min(len(data), 4096)]), "\n") {
		if strings.HasPrefix(line, "---") {
			break
		}
		if f := strings.Fields(line); len(f) > 1 && f[0] == "->" {
			out = append(out, f[1])
		}
	}
	return out
}
