package cli

import (
	"archive/tar"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"smsworkbench/internal/store"
)

// treeState lists every file under dir with the sha256 of its bytes: a refused command must
// leave the workspace byte for byte as it was, and write nothing anywhere else.
func treeState(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			to, _ := os.Readlink(p)
			lines = append(lines, rel+" -> "+to)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:8]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// refused runs a command that must fail with exit 1 and one "error:" line containing want,
// and asserts that nothing under root changed.
func refused(t *testing.T, root, db, want string, args ...string) {
	t.Helper()
	before := treeState(t, root)
	r := runCLI(t, db, args...)
	if r.code != 1 || !strings.HasPrefix(r.stderr, "error: ") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 || !strings.Contains(r.stderr, want) {
		t.Fatalf("%v: exit %d, stdout %q, stderr %q; want exit 1 and one error line with %q", args, r.code, r.stdout, r.stderr, want)
	}
	if after := treeState(t, root); after != before {
		t.Fatalf("%v changed files:\nbefore:\n%s\nafter:\n%s", args, before, after)
	}
}

// reforge rewrites a plain bundle as a stranger would: the manifest edited by edit, then
// signed by a fresh key under a new site id, so that every check of the signature passes.
func reforge(t *testing.T, src, dst string, edit func(m map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var order []string
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not a plain bundle: %v", src, err)
		}
		b, _ := io.ReadAll(tr)
		parts[h.Name] = b
		order = append(order, h.Name)
	}
	var m map[string]any
	if err := json.Unmarshal(parts["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	sender := m["sender"].(map[string]any)
	sender["site_id"] = uuid.Must(uuid.NewV7()).String()
	sender["name"] = "stranger"
	sender["public_key"] = pub
	edit(m)
	parts["manifest.json"], _ = json.Marshal(m)
	parts["manifest.sig"] = ed25519.Sign(key, parts["manifest.json"])
	var out bytes.Buffer
	tw := tar.NewWriter(&out)
	for _, name := range order {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(parts[name])), Typeflag: tar.TypeReg})
		tw.Write(parts[name])
	}
	tw.Close()
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A stranger's bundle naming its id "../../escaped", from a newer version, must not write
// outside the parked folder, through bundle import or the shared folder. Without the check of
// ids it wrote escaped.tar two folders above.
func TestHostileBundleIDNeverNamesAFile(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	os.MkdirAll(deep, 0o755)
	src := filepath.Join(root, "src.smswb")
	db := filepath.Join(deep, "w.smswb")
	ok(t, runCLI(t, src, "init"))
	ok(t, runCLI(t, src, "add", "service", `{"title":"E-mail"}`))
	ok(t, runCLI(t, db, "init"))
	plain := filepath.Join(root, "plain.smsb")
	ok(t, runCLI(t, src, "bundle", "export", "--out", plain, "--plain"))

	shared := filepath.Join(root, "shared")
	os.MkdirAll(shared, 0o755)
	for _, id := range []string{"../../escaped", "../escaped", "/tmp/escaped", `..\..\escaped`, "x/../../y", "escaped\x00.tar", ""} {
		hostile := filepath.Join(shared, "hostile.smsb")
		reforge(t, plain, hostile, func(m map[string]any) {
			m["bundle_id"] = id
			m["schema_version"] = store.SchemaVersion() + 1
		})
		refused(t, root, db, "bundle id", "bundle", "import", hostile)
		// The shared folder reports the bad file and goes on; it writes only its own bundle.
		before := treeState(t, filepath.Join(root, "a"))
		r := runCLI(t, db, "sync", "folder", shared, "--plain")
		if !strings.Contains(r.stdout+r.stderr, "bundle id") {
			t.Fatalf("sync folder did not name the bad bundle id %q: %q %q", id, r.stdout, r.stderr)
		}
		if after := treeState(t, filepath.Join(root, "a")); after != before {
			t.Fatalf("sync folder with bundle id %q wrote beside the workspace:\n%s\n%s", id, before, after)
		}
		for _, p := range []string{filepath.Join(root, "escaped.tar"), filepath.Join(root, "a", "escaped.tar"), "/tmp/escaped.tar"} {
			if _, err := os.Stat(p); err == nil {
				t.Fatalf("bundle id %q wrote %s", id, p)
			}
		}
		os.Remove(hostile)
	}

	// Other identifiers of the manifest are checked as strictly.
	hostile := filepath.Join(root, "hostile.smsb")
	for what, edit := range map[string]func(m map[string]any){
		"site id":      func(m map[string]any) { m["sender"].(map[string]any)["site_id"] = "../../x" },
		"workspace id": func(m map[string]any) { m["workspace_id"] = "'; DROP TABLE ops; --" },
		"names a site": func(m map[string]any) { m["have"] = map[string]any{`x" OR 1=1`: 3} },
		"control":      func(m map[string]any) { m["sender"].(map[string]any)["name"] = "evil\x1b[2J" },
	} {
		reforge(t, plain, hostile, edit)
		refused(t, root, db, what, "bundle", "import", hostile)
	}

	// A real bundle from a newer version is parked under the sha256 of its bytes.
	reforge(t, plain, hostile, func(m map[string]any) { m["schema_version"] = store.SchemaVersion() + 1 })
	r := runCLI(t, db, "bundle", "import", hostile)
	if r.code != 1 || !strings.Contains(r.stderr, "parked") {
		t.Fatalf("a newer bundle: exit %d %q", r.code, r.stderr)
	}
	entries, _ := os.ReadDir(db + ".parked")
	data, _ := os.ReadFile(hostile)
	sum := sha256.Sum256(data)
	if len(entries) != 1 || entries[0].Name() != hex.EncodeToString(sum[:])+".tar" {
		t.Fatalf("parked: %v, want %x.tar", entries, sum)
	}
}

// A filter or sort on a field the kind does not declare is an error naming the field, never SQL:
// without the check, 'nosuch=' answered "0 of 0".
func TestUnknownFilterFieldIsAnError(t *testing.T) {
	db := freshDB(t)
	ok(t, runCLI(t, db, "add", "service", `{"title":"E-mail"}`))
	root := filepath.Dir(db)
	for _, where := range []string{"nosuch=", "nosuch!=", "nosuch=3", "nosuch~x", "service_id<="} {
		field := strings.SplitN(strings.SplitN(strings.SplitN(strings.SplitN(where, "!=", 2)[0], "=", 2)[0], "~", 2)[0], "<", 2)[0]
		refused(t, root, db, fmt.Sprintf("%q in a filter: no such field", field), "list", "service", "--where", where)
	}
	// What is not FIELD=VALUE is a wrong command line (exit 2), before any workspace is read.
	before := treeState(t, root)
	if r := runCLI(t, db, "list", "service", "--where", `x" IS NULL OR "1=`); r.code != 2 || !strings.Contains(r.stderr, "must look like FIELD=VALUE") {
		t.Fatalf("a quoted field: %d %q", r.code, r.stderr)
	}
	if treeState(t, root) != before {
		t.Fatal("a refused filter changed files")
	}
	refused(t, root, db, `"nosuch" in a sort`, "list", "service", "--sort", "-nosuch")
	refused(t, root, db, `in a sort`, "list", "service", "--sort", `title" DESC; --`)
	// Known fields still filter on unset and set.
	if out := ok(t, runCLI(t, db, "list", "service", "--where", "owner=")); !strings.Contains(out, "1 of 1") {
		t.Fatalf("owner= : %s", out)
	}
	if out := ok(t, runCLI(t, db, "list", "service", "--where", "owner!=")); !strings.Contains(out, "0 of") {
		t.Fatalf("owner!= : %s", out)
	}
}

// bundle export --out refuses the workspace's own files however the path is spelled; without
// the check it wrote the bundle over the workspace.
func TestExportNeverOverwritesTheWorkspace(t *testing.T) {
	root := t.TempDir()
	db := filepath.Join(root, "w.smswb")
	ok(t, runCLI(t, db, "init"))
	ok(t, runCLI(t, db, "add", "service", `{"title":"E-mail"}`))
	os.MkdirAll(db+".parked", 0o700)
	os.WriteFile(db+".lock", nil, 0o600)
	link := filepath.Join(root, "link.xlsx")
	os.Symlink(db, link)
	hard := filepath.Join(root, "hard.xlsx")
	os.Link(db, hard)
	dangling := filepath.Join(root, "wal.smsb")
	os.Symlink(db+"-wal", dangling) // the log exists only while the workspace is open
	sub := filepath.Join(root, "sub")
	os.MkdirAll(sub, 0o755)
	cwd, _ := os.Getwd()
	os.Chdir(sub)
	defer os.Chdir(cwd)
	for _, out := range []string{db, db + "-wal", db + "-shm", db + ".site.json", db + ".lock",
		filepath.Join(db+".parked", "x.xlsx"), "../w.smswb", "./../w.smswb", root + "/./sub/../w.smswb", link, hard, dangling} {
		refused(t, root, db, "destroy the workspace", "bundle", "export", "--out", out, "--plain")
		if strings.HasSuffix(out, ".xlsx") {
			refused(t, root, db, "destroy the workspace", "export", "service", "--out", out)
			refused(t, root, db, "destroy the workspace", "template", "service", "--out", out)
		}
	}
	refused(t, root, db, "destroy the workspace", "auditpack", "--pdf", db+".pdf", "--xlsx", filepath.Join(db+".parked", "p.xlsx"))
	// Beside it, the export works.
	ok(t, runCLI(t, db, "bundle", "export", "--out", filepath.Join(root, "ok.smsb"), "--plain"))
}

// A workspace whose name holds '#', '?' or '%' is that file: SQLite reads those in a URI.
func TestWorkspaceNamesWithURICharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"Client #1.smswb", "a?b.smswb", "100%.smswb", "p%41.smswb"} {
		db := filepath.Join(dir, name)
		ok(t, runCLI(t, db, "init"))
		ok(t, runCLI(t, db, "add", "service", `{"title":"`+name+`"}`))
		if out := ok(t, runCLI(t, db, "list", "service")); !strings.Contains(out, name) {
			t.Fatalf("%s lists %q", name, out)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".smswb") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if strings.Join(names, "|") != "100%.smswb|Client #1.smswb|a?b.smswb|p%41.smswb" {
		t.Fatalf("files made: %q", names)
	}
}
