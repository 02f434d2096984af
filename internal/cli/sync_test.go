package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"smsworkbench/internal/bundle"
	"smsworkbench/internal/store"
)

// copies makes workspace A with a service and an incident, and B, an empty workspace that took
// A's first bundle: two copies of one workspace.
func copies(t *testing.T) (dir, a, b, pass string, incident string) {
	t.Helper()
	dir = t.TempDir()
	a, b = filepath.Join(dir, "a.smswb"), filepath.Join(dir, "b.smswb")
	pass = filepath.Join(dir, "pass")
	os.WriteFile(pass, []byte("a long team passphrase\n"), 0o600)
	ok(t, runCLI(t, a, "init"))
	svc := decode(t, ok(t, runCLI(t, a, "add", "service", `{"title":"E-mail"}`)))
	inc := decode(t, ok(t, runCLI(t, a, "add", "incident", `{"title":"Mail is slow","service":"`+svc["ref"].(string)+`"}`)))
	ok(t, runCLI(t, b, "init"))
	ok(t, runCLI(t, a, "bundle", "export", "--out", filepath.Join(dir, "first.smsb"), "--passphrase-file", pass))
	ok(t, runCLI(t, b, "bundle", "import", filepath.Join(dir, "first.smsb"), "--passphrase-file", pass))
	return dir, a, b, pass, inc["ref"].(string)
}

func TestBundleCommandsConflictsAndResolve(t *testing.T) {
	dir, a, b, pass, inc := copies(t)

	site := decode(t, ok(t, runCLI(t, a, "site", "--json")))
	if len(site["site_id"].(string)) != 36 || len(strings.Fields(site["fingerprint"].(string))) != 8 {
		t.Fatalf("site: %v", site)
	}
	peers := ok(t, runCLI(t, b, "peers"))
	if !strings.Contains(peers, site["fingerprint"].(string)) {
		t.Fatalf("B's peers do not show A's fingerprint:\n%s", peers)
	}

	// Both change the incident's title; each sends the other what it lacks.
	ok(t, runCLI(t, a, "set", "incident", inc, `{"title":"Mail is slow for everyone"}`))
	ok(t, runCLI(t, b, "set", "incident", inc, `{"title":"Mail slow in Łódź"}`))
	bSite := decode(t, ok(t, runCLI(t, b, "site", "--json")))["site_id"].(string)
	ok(t, runCLI(t, b, "bundle", "export", "--out", filepath.Join(dir, "b1.smsb"), "--passphrase-file", pass))
	ok(t, runCLI(t, a, "bundle", "import", filepath.Join(dir, "b1.smsb"), "--passphrase-file", pass))
	out := ok(t, runCLI(t, a, "bundle", "export", "--out", filepath.Join(dir, "a1.smsb"), "--for", bSite, "--passphrase-file", pass))
	if !strings.Contains(out, " 1 ops") {
		t.Fatalf("the delta for B should hold A's one new op: %s", out)
	}
	imp := ok(t, runCLI(t, b, "bundle", "import", filepath.Join(dir, "a1.smsb"), "--passphrase-file", pass))
	if !strings.Contains(imp, "1 new ops") || !strings.Contains(imp, "1 opened") {
		t.Fatalf("import output: %s", imp)
	}
	again := runCLI(t, b, "bundle", "import", filepath.Join(dir, "a1.smsb"), "--passphrase-file", pass)
	if again.code != 0 || !strings.HasPrefix(again.stdout, "nothing new") {
		t.Fatalf("second import: %d %q %q", again.code, again.stdout, again.stderr)
	}

	var cs []store.Conflict
	for _, db := range []string{a, b} {
		if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "conflicts", "--json"))), &cs); err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Field != "title" || len(cs[0].Options) != 2 {
			t.Fatalf("%s conflicts: %+v", filepath.Base(db), cs)
		}
	}
	var keep string
	for _, o := range cs[0].Options {
		if o.Value == "Mail slow in Łódź" {
			keep = o.Op.String()
		}
	}
	text := ok(t, runCLI(t, a, "conflicts"))
	if !strings.Contains(text, "Mail is slow for everyone") || !strings.Contains(text, "Mail slow in Łódź") || !strings.Contains(text, "--keep "+keep) {
		t.Fatalf("conflicts does not show both values side by side:\n%s", text)
	}
	// Bad resolutions say what is wrong and change nothing.
	for _, args := range [][]string{
		{"resolve", cs[0].ID},
		{"resolve", cs[0].ID, "--keep", "nosuch:1"},
		{"resolve", "C-0000000000", "--keep", keep},
		{"resolve", cs[0].ID, "--value", "not json"},
	} {
		if r := runCLI(t, a, args...); r.code == 0 || !strings.HasPrefix(r.stderr, "error: ") {
			t.Fatalf("%v: exit %d, %q", args, r.code, r.stderr)
		}
	}
	ok(t, runCLI(t, a, "resolve", cs[0].ID, "--keep", keep))
	if got := decode(t, ok(t, runCLI(t, a, "get", "incident", inc)))["title"]; got != "Mail slow in Łódź" {
		t.Fatalf("title after resolve: %v", got)
	}
	if out := ok(t, runCLI(t, a, "conflicts")); !strings.Contains(out, "no open conflicts") {
		t.Fatalf("A still has conflicts: %s", out)
	}
	// The decision reaches B.
	ok(t, runCLI(t, a, "bundle", "export", "--out", filepath.Join(dir, "a2.smsb"), "--for", bSite, "--passphrase-file", pass))
	imp = ok(t, runCLI(t, b, "bundle", "import", filepath.Join(dir, "a2.smsb"), "--passphrase-file", pass))
	if !strings.Contains(imp, "1 closed ("+cs[0].ID+")") {
		t.Fatalf("B's import does not close the conflict: %s", imp)
	}
	if got := decode(t, ok(t, runCLI(t, b, "get", "incident", inc)))["title"]; got != "Mail slow in Łódź" {
		t.Fatalf("B's title: %v", got)
	}

	// Inspect verifies without importing; a wrong passphrase is one line and exit 1.
	insp := ok(t, runCLI(t, b, "bundle", "inspect", filepath.Join(dir, "a2.smsb"), "--passphrase-file", pass))
	if !strings.Contains(insp, "known peer, key matches") || !strings.Contains(insp, "verified") {
		t.Fatalf("inspect: %s", insp)
	}
	wrong := filepath.Join(dir, "wrong")
	os.WriteFile(wrong, []byte("not the passphrase\n"), 0o600)
	r := runCLI(t, b, "bundle", "import", filepath.Join(dir, "a2.smsb"), "--passphrase-file", wrong)
	if r.code != ExitError || !strings.HasPrefix(r.stderr, "error: cannot decrypt") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("wrong passphrase: %d %q", r.code, r.stderr)
	}
	// Unencrypted only when asked, and marked.
	if r := runCLI(t, a, "bundle", "export", "--out", filepath.Join(dir, "x.smsb")); r.code == 0 || !strings.Contains(r.stderr, "--plain") {
		t.Fatalf("export without keys: %d %q", r.code, r.stderr)
	}
	// The advice names the flags (package bundle's messages name none).
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"bundle", "export", "--out", filepath.Join(dir, "x.smsb")}, "(give --passphrase-file or --recipient, or --plain to write it unencrypted, marked as such)"},
		{[]string{"bundle", "export", "--out", filepath.Join(dir, "x.smsb"), "--plain", "--passphrase-file", pass}, "(leave out --passphrase-file and --recipient, or leave out --plain)"},
		{[]string{"bundle", "export", "--out", filepath.Join(dir, "x.smsb"), "--plain", "--for", "nobody"}, `no peer "nobody": import a bundle from it first (see 'smsworkbench peers'; without --for the bundle holds everything)`},
		{[]string{"bundle", "import", filepath.Join(dir, "a2.smsb")}, "(give --passphrase-file, or --identity for a bundle sent to your age key)"},
	} {
		db := a
		if c.args[1] == "import" {
			db = b
		}
		r := runCLI(t, db, c.args...)
		if r.code != ExitError || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "error: ") || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d %q, want %q", c.args, r.code, r.stderr, c.want)
		}
	}
	ok(t, runCLI(t, a, "bundle", "export", "--out", filepath.Join(dir, "plain.smsb"), "--plain"))
	if out := ok(t, runCLI(t, b, "bundle", "inspect", filepath.Join(dir, "plain.smsb"))); !strings.Contains(out, "not encrypted") {
		t.Fatalf("inspect of a plain bundle: %s", out)
	}
}

func TestSyncFolderBetweenThreeCopies(t *testing.T) {
	dir, a, b, pass, inc := copies(t)
	c := filepath.Join(dir, "c.smswb")
	ok(t, runCLI(t, c, "init"))
	shared := filepath.Join(dir, "shared")
	os.Mkdir(shared, 0o700)
	ok(t, runCLI(t, a, "sync", "folder", shared, "--passphrase-file", pass))
	ok(t, runCLI(t, c, "sync", "folder", shared, "--passphrase-file", pass))
	ok(t, runCLI(t, c, "add", "problem", `{"title":"Mail gateway overloaded"}`))
	ok(t, runCLI(t, b, "set", "incident", inc, `{"urgency": 1}`))
	for round := 0; round < 2; round++ {
		for _, db := range []string{a, b, c} {
			ok(t, runCLI(t, db, "sync", "folder", shared, "--passphrase-file", pass))
		}
	}
	for _, db := range []string{a, b, c} {
		if out := ok(t, runCLI(t, db, "list", "problem")); !strings.Contains(out, "Mail gateway overloaded") {
			t.Fatalf("%s lacks C's problem:\n%s", filepath.Base(db), out)
		}
		if got := decode(t, ok(t, runCLI(t, db, "get", "incident", inc)))["urgency"]; got != float64(1) {
			t.Fatalf("%s: urgency %v, want B's 1", filepath.Base(db), got)
		}
	}
	entries, _ := os.ReadDir(shared)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(entries) != 4 || !slices.Contains(names, bundle.TeamKeyFile) {
		t.Fatalf("the shared folder holds %v, want one file per copy and the team key", names)
	}
	// The stale age is the user's to set, in days; zero is refused before anything is read.
	if r := runCLI(t, a, "sync", "folder", shared, "--passphrase-file", pass, "--stale-days", "0"); r.code == 0 || !strings.Contains(r.stderr, "--stale-days must be 1 or more") {
		t.Fatalf("--stale-days 0: %d %q", r.code, r.stderr)
	}
	// A stray file in the folder is reported; the exchange goes on.
	os.WriteFile(filepath.Join(shared, "stray.smsb"), []byte("junk"), 0o600)
	r := runCLI(t, a, "sync", "folder", shared, "--passphrase-file", pass)
	if r.code != ExitError || !strings.Contains(r.stderr, "stray.smsb") {
		t.Fatalf("stray bundle: %d %q", r.code, r.stderr)
	}
}

// An import killed with SIGKILL inside its transaction leaves the workspace as it was.
func TestImportKilledMidwayChangesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	dir, a, b, pass, _ := copies(t)
	for i := 0; i < 20; i++ {
		ok(t, runCLI(t, a, "add", "problem", `{"title":"Problem `+string(rune('A'+i))+`"}`))
	}
	bundlePath := filepath.Join(dir, "many.smsb")
	ok(t, runCLI(t, a, "bundle", "export", "--out", bundlePath, "--passphrase-file", pass))

	state := func() (string, map[string]int64) {
		s, err := store.Open(b, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.CheckIntegrity(t.Context()); err != nil {
			t.Fatalf("integrity_check: %v", err)
		}
		d, err := s.Digest(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		h, _ := s.Have(t.Context())
		return d, h
	}
	beforeDigest, beforeHave := state()

	bin := filepath.Join(dir, "smsworkbench")
	build := exec.Command("go", "build", "-o", bin, "smsworkbench")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	hold := filepath.Join(dir, "holding")
	cmd := exec.Command(bin, "--db", b, "bundle", "import", bundlePath, "--passphrase-file", pass)
	cmd.Env = append(os.Environ(), "SMSWB_TEST_HOLD_IMPORT="+hold)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(hold); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import never reached its commit")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	afterDigest, afterHave := state()
	if afterDigest != beforeDigest || len(afterHave) != len(beforeHave) {
		t.Fatalf("the killed import changed the workspace: have %v, was %v", afterHave, beforeHave)
	}
	for o, n := range beforeHave {
		if afterHave[o] != n {
			t.Fatalf("the killed import changed the workspace: have %v, was %v", afterHave, beforeHave)
		}
	}
	// And the same bundle imports whole afterwards.
	out := ok(t, runCLI(t, b, "bundle", "import", bundlePath, "--passphrase-file", pass))
	if !strings.Contains(out, "20 records touched") {
		t.Fatalf("import after the crash: %s", out)
	}
}
