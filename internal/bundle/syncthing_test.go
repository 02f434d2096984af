package bundle

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit/syncthing"
)

// Two workspaces on two real Syncthing instances sharing one folder: edits on both sides and
// `sync folder` on each while Syncthing moves the files, until both hold the same workspace. On
// the way: a file arriving half written and one Syncthing is still receiving under its
// temporary name are left for the next exchange, never refused nor imported twice; and a
// conflict copy Syncthing makes of a copy's file imports safely.
func TestTwoCopiesOnRealSyncthing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two Syncthing instances")
	}
	sa, sb := syncthing.Start(t, "laptop-a"), syncthing.Start(t, "laptop-b")
	syncthing.Introduce(sa, sb)
	dirA, dirB := t.TempDir(), t.TempDir()
	syncthing.Share("smsb-team", []*syncthing.Instance{sa, sb}, []string{dirA, dirB})
	a, b := replica(t, "a"), replica(t, "b")
	opt := ExportOptions{Keys: testKeys()}
	exchange := func(s *store.Store, dir string, in *syncthing.Instance) *FolderReport {
		t.Helper()
		rep, err := SyncFolder(bg, s, dir, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Errors) > 0 {
			t.Fatalf("%s: problems %v", s.Site().ID, rep.Errors)
		}
		in.Scan()
		return rep
	}
	// settle waits until Syncthing has made the two folders alike.
	settle := func(what string) {
		t.Helper()
		sa.Until(what, 60*time.Second, func() bool {
			return sa.State() == "idle" && sb.State() == "idle" && sameBundles(dirA, dirB)
		})
	}

	var titles []string // of every risk written on either side
	addIncident := func(t testing.TB, s *store.Store, title string) {
		addIncident(t, s, title)
		titles = append(titles, title)
	}
	// a starts the workspace; b joins from the folder.
	for _, title := range []string{"Supplier fails", "Data centre floods", "Key staff leave"} {
		addIncident(t, a, title)
	}
	exchange(a, dirA, sa)
	settle("a's file reaches b")
	if rep := exchange(b, dirB, sb); len(rep.Imported) != 1 || rep.Imported[0].Report.OpsNew == 0 {
		t.Fatalf("b joining: %+v", rep.Imported)
	}
	settle("b's file reaches a")

	// Both edit, apart: new records, and the same record's fields.
	first := firstRisk(t, b)
	addIncident(t, a, "Ransomware")
	addIncident(t, b, "Cloud region outage")
	edit(t, a, first, map[string]any{"treatment": "reduce"})
	edit(t, b, first, map[string]any{"owner": "Quality manager"})
	for round := 0; round < 2; round++ {
		exchange(a, dirA, sa)
		settle("a's edits reach b")
		exchange(b, dirB, sb)
		settle("b's edits reach a")
	}
	if digest(t, a) != digest(t, b) {
		t.Fatal("a and b differ after two rounds through Syncthing")
	}

	// A copy's file arriving half written: b's newest file is cut short in b's folder (as a
	// slow writer leaves it); Syncthing moves it to a, whose exchange leaves it for next time.
	addIncident(t, b, "Half-written news")
	exchange(b, dirB, sb)
	settle("b's new file reaches a")
	bName := FileFor(b.Site().ID)
	whole, err := os.ReadFile(filepath.Join(dirB, bName))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dirB, bName), whole[:len(whole)/2], 0o644)
	sb.Scan()
	settle("the half-written file reaches a")
	rep := exchange(a, dirA, sa)
	if len(rep.Waiting) != 1 || rep.Waiting[0].File != bName || len(rep.Imported) != 0 {
		t.Fatalf("a half-written file: waiting %v, imported %d", rep.Waiting, len(rep.Imported))
	}
	os.WriteFile(filepath.Join(dirB, bName), whole, 0o644)
	sb.Scan()
	settle("b's whole file reaches a")
	rep = exchange(a, dirA, sa)
	if len(rep.Waiting) != 0 || len(rep.Imported) != 1 || rep.Imported[0].Report.OpsNew != 1 {
		t.Fatalf("the whole file: waiting %v, imported %+v", rep.Waiting, rep.Imported)
	}
	if rep = exchange(a, dirA, sa); len(rep.Imported) != 0 || len(rep.Unchanged) != 1 || rep.Unchanged[0] != bName {
		t.Fatalf("b's file read again unchanged: imported %+v, unchanged %v", rep.Imported, rep.Unchanged)
	}
	settle("a's file reaches b")

	// A file Syncthing is still receiving: b takes files in at 32 KiB/s (after a first burst of
	// 512 KiB) while a writes a bundle that carries a 3 MiB attachment; b's exchange finds
	// Syncthing's temporary file.
	sb.LimitReceive(32)
	titles = append(titles, attach(t, a, 3<<20))
	exchange(a, dirA, sa)
	aName := FileFor(a.Site().ID)
	sb.Until("Syncthing writes a's file under its temporary name", 60*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(dirB, ".syncthing."+aName+".tmp"))
		return err == nil
	})
	rep = exchange(b, dirB, sb)
	if len(rep.Waiting) != 1 || rep.Waiting[0].File != ".syncthing."+aName+".tmp" {
		t.Fatalf("a file being received: waiting %v", rep.Waiting)
	}
	if n, _ := b.Count("risk"); n != mustCount(t, a)-1 {
		t.Fatalf("b took the attachment's record before its file arrived: %d risks", n)
	}
	sb.LimitReceive(0)
	settle("a's big file reaches b")
	rep = exchange(b, dirB, sb)
	if len(rep.Waiting) != 0 || rep.Imported[0].Report.BlobsNew != 1 {
		t.Fatalf("the big file: waiting %v, imported %+v", rep.Waiting, rep.Imported[0].Report)
	}
	settle("b's file reaches a")

	// A conflict copy: with the two instances apart, a writes its file anew, and on b someone
	// puts back an older file of a's over it. Syncthing keeps one and renames the other
	// NAME.sync-conflict-DATE-ID.smsb; both are a's signed bundles and import safely.
	older := filepath.Join(t.TempDir(), "older"+Ext)
	copyFile(t, filepath.Join(dirB, aName), older)
	sa.Pause(sb)
	sb.Pause(sa)
	addIncident(t, a, "Written while apart")
	if _, err := SyncFolder(bg, a, dirA, opt); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // the older file is put back later: it wins the conflict
	copyFile(t, older, filepath.Join(dirB, aName))
	sa.Scan()
	sb.Scan()
	sa.Resume(sb)
	sb.Resume(sa)
	sa.Until("the instances connect again", 60*time.Second, func() bool { return sa.Connected(sb) && sb.Connected(sa) })
	sb.Until("Syncthing makes a conflict copy of a's file", 60*time.Second, func() bool {
		return conflictCopy(dirB) != "" && conflictCopy(dirA) != ""
	})
	settle("the conflict copy is on both sides")
	rep = exchange(b, dirB, sb)
	var fromCopy *Report
	for _, im := range rep.Imported {
		if im.File == conflictCopy(dirB) {
			fromCopy = im.Report
		}
	}
	if fromCopy == nil || fromCopy.Manifest.Sender.Site != a.Site().ID {
		t.Fatalf("the conflict copy %s was not imported as a's bundle: %+v", conflictCopy(dirB), rep.Imported)
	}
	// Syncthing kept the file put back, so the conflict copy is the one bringing the new risk.
	if fromCopy.OpsNew != 1 {
		t.Errorf("the conflict copy brought %d new ops, want 1", fromCopy.OpsNew)
	}
	settle("b's file reaches a")
	rep = exchange(a, dirA, sa)
	for _, name := range rep.Skipped {
		if name != conflictCopy(dirA) {
			t.Errorf("a skipped %s", name)
		}
	}
	if len(rep.Skipped) != 1 {
		t.Errorf("a should skip its own bundle's conflict copy: skipped %v", rep.Skipped)
	}
	if digest(t, a) != digest(t, b) {
		t.Fatal("a and b differ at the end")
	}
	list, err := b.List(bg, "risk", store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for _, r := range list.Records {
		held[r.Title()] = true
	}
	for _, title := range titles {
		if !held[title] {
			t.Errorf("risk %q is missing", title)
		}
	}
	if len(list.Records) != len(titles) {
		t.Errorf("%d risks, %d written", len(list.Records), len(titles))
	}
}

// sameBundles says whether two folders hold the same bundle files, byte for byte, and no file
// Syncthing is still writing.
func sameBundles(a, b string) bool {
	sa, sb := bundleSums(a), bundleSums(b)
	if sa == nil || sb == nil || len(sa) != len(sb) {
		return false
	}
	for name, sum := range sa {
		if sb[name] != sum {
			return false
		}
	}
	return true
}

func bundleSums(dir string) map[string]string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".syncthing.") {
			return nil
		}
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), Ext) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(data)
		out[e.Name()] = hex.EncodeToString(sum[:])
	}
	return out
}

func conflictCopy(dir string) string {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".sync-conflict-") && strings.HasSuffix(e.Name(), Ext) {
			return e.Name()
		}
	}
	return ""
}

func firstRisk(t *testing.T, s *store.Store) string {
	t.Helper()
	list, err := s.List(bg, "risk", store.Query{})
	if err != nil || len(list.Records) == 0 {
		t.Fatalf("no risk: %v", err)
	}
	return list.Records[0].ID
}

func edit(t *testing.T, s *store.Store, id string, fields map[string]any) {
	t.Helper()
	if err := s.Write(bg, func(tx *store.Tx) error { _, err := tx.Update("risk", id, fields, store.Change{}); return err }); err != nil {
		t.Fatal(err)
	}
}

// attach adds a risk whose title names an attachment of size random bytes; it returns the title.
func attach(t *testing.T, s *store.Store, size int) string {
	t.Helper()
	data := make([]byte, size)
	rand.Read(data)
	sum := sha256.Sum256(data)
	title := "Evidence in " + hex.EncodeToString(sum[:])
	err := s.Write(bg, func(tx *store.Tx) error {
		if _, err := tx.PutBlob(data); err != nil {
			return err
		}
		_, err := tx.Create("risk", map[string]any{"title": title, "likelihood": 1, "impact": 1, "owner": "x"}, store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return title
}

func mustCount(t *testing.T, s *store.Store) int {
	t.Helper()
	n, err := s.Count("risk")
	if err != nil {
		t.Fatal(err)
	}
	return n
}
