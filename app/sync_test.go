package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/bundle"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/store"
	"smsworkbench/internal/workspace"
)

// emptyWorkspace creates a workspace with no record, which may take its first bundle from any
// workspace and so become a copy of it.
func emptyWorkspace(t *testing.T, name string) *store.Store {
	t.Helper()
	s, err := workspace.Create(bg, filepath.Join(t.TempDir(), name+".smswb"), workspace.Options{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// runJob waits for a job the facade started and returns how it ended.
func runJob(t *testing.T, a *App, id string) jobs.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(bg, 2*time.Minute)
	defer cancel()
	res, err := a.jobs.Wait(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// importInto imports a bundle through the facade's job and returns its summary.
func importInto(t *testing.T, a *App, path, passphrase string) ImportSummary {
	t.Helper()
	id, err := a.ImportBundle(path, passphrase)
	if err != nil {
		t.Fatal(err)
	}
	res := runJob(t, a, id)
	sum, ok := res.Result.(ImportSummary)
	if res.Error != "" || !ok {
		t.Fatalf("import %s: %+v", path, res)
	}
	return sum
}

// pair is the demo workspace and an empty one that became its copy through a bundle.
func pair(t *testing.T) (a, b *App, rtA, rtB *fakeRuntime) {
	t.Helper()
	a, b = New(demoCopy(t)), New(emptyWorkspace(t, "Laptop B"))
	rtA, rtB = &fakeRuntime{}, &fakeRuntime{}
	a.setRuntime(rtA)
	b.setRuntime(rtB)
	file := filepath.Join(t.TempDir(), "all.smsb")
	if _, err := a.ExportBundle(file, "pass", ""); err != nil {
		t.Fatal(err)
	}
	if sum := importInto(t, b, file, "pass"); sum.OpsNew == 0 {
		t.Fatalf("the copy took nothing: %+v", sum)
	}
	return a, b, rtA, rtB
}

func TestExportAndImportABundle(t *testing.T) {
	a := New(demoCopy(t))
	b := New(emptyWorkspace(t, "Laptop B"))
	rt := &fakeRuntime{}
	b.setRuntime(rt)
	dir := t.TempDir()

	st, err := a.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	site := a.store().Site()
	// A copied workspace file is a new site: its ops so far are the original's.
	if st.Site != site.ID || st.Fingerprint != site.Fingerprint() || len(strings.Fields(st.Fingerprint)) != 8 ||
		st.Ops != 0 || st.Held == 0 || st.Origins != 1 || len(st.Peers) != 0 || st.Conflicts != 0 || st.Folder != "" {
		t.Fatalf("status %+v", st)
	}
	if _, err := a.Update("incident", "INC-00003", map[string]any{"title": "Written on A"}); err != nil {
		t.Fatal(err)
	}
	if st, _ = a.SyncStatus(); st.Ops != 1 || st.Origins != 2 {
		t.Fatalf("status after a write %+v", st)
	}

	// What the form is told before anything is written.
	for _, c := range []struct{ path, pass, peer, field, says string }{
		{"", "pass", "", "path", "choose where"},
		{filepath.Join(dir, "x.smsb"), "", "", "passphrase", "passphrase"},
		{a.store().Path(), "pass", "", "path", "would destroy the workspace"},
		{a.store().Path() + "-wal", "pass", "", "path", "write-ahead log"},
		{dir, "pass", "", "path", "is a folder"},
		{filepath.Join(dir, "x.smsb"), "pass", "nobody", "for", `no peer "nobody"`},
		{filepath.Join(dir, "missing", "x.smsb"), "pass", "", "path", "no folder"},
	} {
		_, err := a.ExportBundle(c.path, c.pass, c.peer)
		if p := problem(t, err); p.Field != c.field || !strings.Contains(p.Message, c.says) || strings.Contains(p.Message, "\n") {
			t.Errorf("export %q %q %q: %+v, want %s: %q", c.path, c.pass, c.peer, p, c.field, c.says)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused exports left %v", entries)
	}

	// A name without an extension gets the bundle's.
	out, err := a.ExportBundle(filepath.Join(dir, "for-b"), "correct horse", "")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "for-b.smsb")
	if out.Path != file || out.Ops != int(st.Held) || out.Records == 0 || !out.Encrypted || out.For != "" {
		t.Fatalf("export %+v", out)
	}
	if !encrypted(file) {
		t.Fatal("the bundle is not encrypted")
	}

	// Checked through before importing.
	info, err := b.InspectBundle(file, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if info.FromSite != site.ID || info.Fingerprint != site.Fingerprint() || info.Ops != out.Ops || !info.Verified || info.Plain ||
		!strings.HasPrefix(info.Sender, "new peer") {
		t.Fatalf("inspect %+v", info)
	}

	// Refused before the job starts, or by the job, naming the field; nothing changes.
	for _, c := range []struct{ path, pass, field, says string }{
		{"", "x", "path", "choose the bundle"},
		{filepath.Join(dir, "none.smsb"), "x", "path", "no file at"},
		{dir, "x", "path", "is a folder"},
		{file, "", "passphrase", "enter its passphrase"},
	} {
		if _, err := b.ImportBundle(c.path, c.pass); problem(t, err).Field != c.field || !strings.Contains(problem(t, err).Message, c.says) {
			t.Errorf("import %q %q: %v, want %s: %q", c.path, c.pass, err, c.field, c.says)
		}
		if _, err := b.InspectBundle(c.path, c.pass); problem(t, err).Field != c.field {
			t.Errorf("inspect %q %q: %v, want %s", c.path, c.pass, err, c.field)
		}
	}
	if _, err := b.InspectBundle(file, "wrong"); problem(t, err).Field != "passphrase" {
		t.Errorf("inspect with a wrong passphrase: %v", err)
	}
	id, err := b.ImportBundle(file, "wrong horse")
	if err != nil {
		t.Fatal(err)
	}
	res := runJob(t, b, id)
	if res.Field != "passphrase" || res.Code != "bundle.passphrase_wrong" || !strings.Contains(res.Error, "wrong passphrase") || res.Result != nil {
		t.Fatalf("wrong passphrase: %+v", res)
	}
	if have, _ := b.store().Have(bg); len(have) != 0 {
		t.Fatalf("a refused import wrote ops: %v", have)
	}
	if len(rt.named("records:changed")) != 0 {
		t.Fatal("a refused import said records changed")
	}

	// The right one: a job with progress, then the window hears that records changed.
	sum := importInto(t, b, file, "correct horse")
	if sum.Nothing || sum.OpsNew != out.Ops || sum.OpsKnown != 0 || sum.Records != out.Records || !sum.PeerNew ||
		sum.From != site.Name || sum.FromSite != site.ID || sum.Fingerprint != site.Fingerprint() || sum.Opened == nil || sum.Closed == nil {
		t.Fatalf("import %+v", sum)
	}
	if len(rt.named("records:changed")) != 1 {
		t.Fatalf("events %+v", rt.events)
	}
	var last jobs.Progress
	for _, e := range rt.named("job:progress") {
		last = e.(jobs.Progress)
	}
	if last.Name != "import-bundle" || last.Done != last.Total || last.Label != "Done" {
		t.Fatalf("last progress %+v", last)
	}
	if ws, _ := b.Workspace(); ws.Counts["incident"] == 0 || ws.Counts["service"] != 12 {
		t.Fatalf("the copy holds %v", ws.Counts)
	}

	// Again: nothing new, said plainly.
	again := importInto(t, b, file, "correct horse")
	if !again.Nothing || again.OpsNew != 0 || again.OpsKnown != out.Ops || again.PeerNew {
		t.Fatalf("again %+v", again)
	}
	if len(rt.named("records:changed")) != 1 {
		t.Fatal("an import that brought nothing said records changed")
	}
	// Its own bundle back: refused, beside the file.
	own := filepath.Join(dir, "own.smsb")
	if _, err := b.ExportBundle(own, "p", ""); err != nil {
		t.Fatal(err)
	}
	id, _ = b.ImportBundle(own, "p")
	if res := runJob(t, b, id); res.Field != "path" || !strings.Contains(res.Error, "this workspace itself") {
		t.Fatalf("own bundle: %+v", res)
	}

	// B knows A as a peer; A learns what B holds from B's bundle, cut for A.
	stB, _ := b.SyncStatus()
	if len(stB.Peers) != 1 || stB.Peers[0].Site != site.ID || stB.Peers[0].Fingerprint != site.Fingerprint() || stB.Peers[0].LastSeen == "" {
		t.Fatalf("B's peers %+v", stB.Peers)
	}
	back := filepath.Join(dir, "for-a.smsb")
	outB, err := b.ExportBundle(back, "s3cret", site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if outB.For != site.ID || outB.Ops != 0 {
		t.Fatalf("B's bundle for A: %+v", outB)
	}
	sumA := importInto(t, a, back, "s3cret")
	if !sumA.Nothing || !sumA.PeerNew {
		t.Fatalf("A took %+v", sumA)
	}
	stA, _ := a.SyncStatus()
	if len(stA.Peers) != 1 {
		t.Fatalf("A's peers %+v", stA.Peers)
	}
	p := stA.Peers[0]
	if p.Site != b.store().Site().ID || p.Fingerprint != b.store().Site().Fingerprint() || p.Acknowledged != stA.Ops || p.Ours != stA.Ops ||
		p.Holds != stA.Held || p.Held != stA.Held {
		t.Fatalf("A's peer %+v of %+v", p, stA)
	}
}

func TestConflictsResolvedThroughTheWindow(t *testing.T) {
	a, b, rtA, _ := pair(t)
	dir := t.TempDir()
	inc, err := a.Get("incident", "INC-00001")
	if err != nil {
		t.Fatal(err)
	}
	// Two urgencies that differ from each other and from the demo's, whatever it drew.
	u, _ := inc.Values["urgency"].(int64)
	urgencyA, urgencyB := float64(u%3+1), float64((u+1)%3+1)
	if _, err := a.Update("incident", inc.Ref, map[string]any{"title": "Mail down (seen from A)", "urgency": urgencyA}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update("incident", inc.Ref, map[string]any{"title": "Mail down (seen from B)", "urgency": urgencyB}); err != nil {
		t.Fatal(err)
	}
	siteA, siteB := a.store().Site(), b.store().Site()
	toA, toB := filepath.Join(dir, "to-a.smsb"), filepath.Join(dir, "to-b.smsb")
	if _, err := b.ExportBundle(toA, "pw", siteA.ID); err != nil {
		t.Fatal(err)
	}
	// A has had no bundle from B yet: its bundle holds everything.
	if _, err := a.ExportBundle(toB, "pw", ""); err != nil {
		t.Fatal(err)
	}
	sum := importInto(t, a, toA, "pw")
	if len(sum.Opened) != 2 || sum.OpsNew != 2 {
		t.Fatalf("A's import %+v", sum)
	}
	if sumB := importInto(t, b, toB, "pw"); len(sumB.Opened) != 2 {
		t.Fatalf("B's import %+v", sumB)
	}

	cs, err := a.Conflicts()
	if err != nil || len(cs) != 2 {
		t.Fatalf("conflicts %+v %v", cs, err)
	}
	if ws, _ := a.Workspace(); ws.Conflicts != 2 {
		t.Fatalf("the workspace counts %d conflicts", ws.Conflicts)
	}
	if st, _ := a.SyncStatus(); st.Conflicts != 2 {
		t.Fatalf("status %+v", st)
	}
	var title, urgency ConflictView
	for _, c := range cs {
		switch c.Field {
		case "title":
			title = c
		case "urgency":
			urgency = c
		}
	}
	if title.Ref != inc.Ref || title.Type != "value" || title.Kind != "incident" || len(title.Options) != 2 {
		t.Fatalf("title conflict %+v", title)
	}
	texts := map[string]string{}
	for _, o := range title.Options {
		texts[o.Site] = o.Text
		if o.Op.Site != o.Site || o.SiteName == "" || o.At == "" {
			t.Fatalf("option %+v", o)
		}
	}
	if texts[siteA.ID] != "Mail down (seen from A)" || texts[siteB.ID] != "Mail down (seen from B)" {
		t.Fatalf("options %v", texts)
	}

	// Refused, naming the value.
	for _, c := range []struct{ value, keep, says string }{
		{"", "", "keep one"},
		{`"x"`, title.Options[0].Op.String(), "keep one"},
		{"not json", "", "not valid JSON"},
	} {
		if _, err := a.ResolveConflict(title.ID, c.value, c.keep); problem(t, err).Field != "value" || !strings.Contains(problem(t, err).Message, c.says) {
			t.Errorf("resolve %q %q: %v", c.value, c.keep, err)
		}
	}
	if _, err := a.ResolveConflict("C-0", "", title.Options[0].Op.String()); !strings.Contains(problem(t, err).Message, "no open conflict") {
		t.Errorf("unknown conflict: %v", err)
	}
	if _, err := a.ResolveConflict(urgency.ID, "9", ""); problem(t, err).Field != "urgency" {
		t.Errorf("a value the field refuses: %v", err)
	}

	// Keep B's title.
	var keepB string
	for _, o := range title.Options {
		if o.Site == siteB.ID {
			keepB = o.Op.String()
		}
	}
	before := len(rtA.named("records:changed"))
	res, err := a.ResolveConflict(title.ID, "", keepB)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Closed) != 1 || res.Closed[0] != title.ID || res.Opened == nil {
		t.Fatalf("resolved %+v", res)
	}
	if ch := rtA.named("records:changed"); len(ch) != before+1 || ch[len(ch)-1] != "incident" {
		t.Fatalf("events %+v", ch)
	}
	if r, _ := a.Get("incident", inc.Ref); r.Values["title"] != "Mail down (seen from B)" {
		t.Fatalf("title %v", r.Values["title"])
	}
	// Another value than either: the urgency, by its label as a form would give it.
	if _, err := a.ResolveConflict(urgency.ID, `"Medium"`, ""); err != nil {
		t.Fatal(err)
	}
	if ws, _ := a.Workspace(); ws.Conflicts != 0 {
		t.Fatalf("%d conflicts left", ws.Conflicts)
	}
	if cs, err := a.Conflicts(); err != nil || cs == nil || len(cs) != 0 {
		t.Fatalf("conflicts left %+v %v", cs, err)
	}
	if r, _ := a.Get("incident", inc.Ref); r.Values["urgency"] != int64(2) {
		t.Fatalf("urgency %v", r.Values["urgency"])
	}

	// The resolutions travel: B's conflicts close when it takes A's bundle.
	back := filepath.Join(dir, "back.smsb")
	if _, err := a.ExportBundle(back, "pw", siteB.ID); err != nil {
		t.Fatal(err)
	}
	if sumB := importInto(t, b, back, "pw"); len(sumB.Closed) != 2 || len(sumB.Opened) != 0 {
		t.Fatalf("B's import of the resolutions %+v", sumB)
	}
	if ws, _ := b.Workspace(); ws.Conflicts != 0 {
		t.Fatalf("B keeps %d conflicts", ws.Conflicts)
	}
}

func TestSyncThroughASharedFolder(t *testing.T) {
	a, b, _, rtB := pair(t)
	share := t.TempDir()

	if _, err := a.SyncFolderNow("pw"); problem(t, err).Field != "folder" {
		t.Fatalf("no folder set: %v", err)
	}
	if err := a.SetSyncFolder(filepath.Join(share, "missing")); problem(t, err).Field != "folder" {
		t.Fatalf("a missing folder was set: %v", err)
	}
	if err := a.SetSyncFolder(share); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSyncFolder(share); err != nil {
		t.Fatal(err)
	}
	// Kept in the user's preferences, per workspace file.
	if st, _ := New(a.store()).SyncStatus(); st.Folder != share {
		t.Fatalf("folder %q", st.Folder)
	}
	if st, _ := New(demoCopy(t)).SyncStatus(); st.Folder != "" {
		t.Fatalf("another workspace has the folder %q", st.Folder)
	}
	if _, err := a.SyncFolderNow(""); problem(t, err).Field != "passphrase" {
		t.Fatalf("no passphrase: %v", err)
	}

	if _, err := a.Update("incident", "INC-00002", map[string]any{"title": "Printer queue stuck (A)"}); err != nil {
		t.Fatal(err)
	}
	id, err := a.SyncFolderNow("pw")
	if err != nil {
		t.Fatal(err)
	}
	res := runJob(t, a, id)
	sumA, ok := res.Result.(FolderSummary)
	if res.Error != "" || !ok || sumA.Wrote != filepath.Join(share, bundle.FileFor(a.store().Site().ID)) || sumA.OpsWritten == 0 || len(sumA.Imported) != 0 {
		t.Fatalf("A's exchange %+v", res)
	}
	before := len(rtB.named("records:changed"))
	id, _ = b.SyncFolderNow("pw")
	res = runJob(t, b, id)
	sumB, ok := res.Result.(FolderSummary)
	if res.Error != "" || !ok || len(sumB.Imported) != 1 || sumB.OpsNew != 1 || sumB.Records != 1 || len(sumB.Problems) != 0 {
		t.Fatalf("B's exchange %+v", res)
	}
	if len(rtB.named("records:changed")) != before+1 {
		t.Fatal("B was not told that records changed")
	}
	if r, _ := b.Get("incident", "INC-00002"); r.Values["title"] != "Printer queue stuck (A)" {
		t.Fatalf("B's title %v", r.Values["title"])
	}
	// Another passphrase does not open the folder's team key: refused beside the passphrase,
	// before anything is imported or written.
	c := New(emptyWorkspace(t, "Laptop C"))
	if err := c.SetSyncFolder(share); err != nil {
		t.Fatal(err)
	}
	id, _ = c.SyncFolderNow("other")
	res = runJob(t, c, id)
	if !strings.Contains(res.Error, "does not open the folder's team key") || !strings.Contains(res.Error, "passphrase") || res.Result != nil {
		t.Fatalf("C's exchange %+v", res)
	}
	if _, err := os.Stat(filepath.Join(share, bundle.FileFor(c.store().Site().ID))); err == nil {
		t.Fatal("C wrote its file with another passphrase")
	}
	if err := a.SetSyncFolder(""); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.SyncStatus(); st.Folder != "" {
		t.Fatalf("the folder was not forgotten: %q", st.Folder)
	}
}

func TestChooseBundleFiles(t *testing.T) {
	a := New(demoCopy(t))
	if p, err := a.ChooseBundleOpenFile(); p != "" || err != nil {
		t.Fatalf("no window: %q %v", p, err)
	}
	rt := &fakeRuntime{open: "/data/in.smsb", save: "/data/out", folder: "/data/share"}
	a.setRuntime(rt)
	if p, err := a.ChooseBundleSaveFile("Laptop B (Anna)"); p != "/data/out.smsb" || err != nil {
		t.Fatalf("save: %q %v", p, err)
	}
	if p, _ := a.ChooseBundleOpenFile(); p != "/data/in.smsb" {
		t.Fatalf("open: %q", p)
	}
	if p, _ := a.ChooseFolder(); p != "/data/share" {
		t.Fatalf("folder: %q", p)
	}
	today := time.Now().Format("2006-01-02")
	if want := "Save bundle (northwind-managed-services-for-laptop-b-anna-" + today + ".smsb)"; rt.asked[0] != want {
		t.Fatalf("asked %q, want %q", rt.asked, want)
	}
	if strings.Join(rt.filters, " ") != "*.smsb *.smsb" {
		t.Fatalf("filters %q", rt.filters)
	}
}
