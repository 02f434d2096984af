package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"smsworkbench/internal/store"
)

// closedWorkspace is a workspace file a test opens for each import and closes after, as the
// command line does, so that its bytes can be compared.
type closedWorkspace struct {
	path string
}

func (w closedWorkspace) open(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(w.path, store.Options{Author: "receiver"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bytesOf hashes the workspace file and the site file beside it; a closed workspace has no
// write-ahead log left.
func (w closedWorkspace) bytesOf(t *testing.T) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{w.path, w.path + ".site.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
	}
	if _, err := os.Stat(w.path + "-wal"); err == nil {
		t.Fatalf("%s-wal left after close", w.path)
	}
	entries, _ := os.ReadDir(filepath.Dir(w.path))
	for _, e := range entries {
		h.Write([]byte(e.Name()))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// importFails imports a bad bundle and asserts a one-line error naming the problem, and a
// workspace byte for byte as before.
func (w closedWorkspace) importFails(t *testing.T, path string, keys Keys, want ...string) {
	t.Helper()
	before := w.bytesOf(t)
	s := w.open(t)
	_, err := Import(bg, s, path, ImportOptions{Keys: keys})
	s.Close()
	if err == nil {
		t.Fatalf("import of %s succeeded; want an error with %q", filepath.Base(path), want)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") {
		t.Fatalf("error is not one line: %q", msg)
	}
	for _, part := range want {
		if !strings.Contains(msg, part) {
			t.Fatalf("error %q does not say %q", msg, part)
		}
	}
	if after := w.bytesOf(t); after != before {
		t.Fatalf("the workspace changed after a refused import (%s)", msg)
	}
}

// fixture is a source workspace with a few records, a receiving workspace that already took a
// bundle from it (so the source's key is pinned), and the parts of a fresh plain bundle.
type fixture struct {
	src   *store.Store
	recv  closedWorkspace
	dir   string
	parts map[string][]byte
	order []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{src: replica(t, "source"), dir: t.TempDir()}
	svc, err := f.src.Create(bg, "service", map[string]any{"title": "E-mail"}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	f.src.Create(bg, "incident", map[string]any{"title": "Mail is slow", "service": svc.ID}, store.Change{})
	recv := filepath.Join(t.TempDir(), "recv.smswb")
	s, err := store.Open(recv, store.Options{Create: true, Author: "receiver"})
	if err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(f.dir, "first"+Ext)
	if _, err := Export(bg, f.src, first, ExportOptions{Keys: Keys{Plain: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Import(bg, s, first, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f.recv = closedWorkspace{recv}
	// A second bundle with news, whose parts the tests take apart.
	f.src.Create(bg, "incident", map[string]any{"title": "Calendar sync fails", "service": svc.ID}, store.Change{})
	plain := filepath.Join(f.dir, "plain"+Ext)
	if _, err := Export(bg, f.src, plain, ExportOptions{Keys: Keys{Plain: true}}); err != nil {
		t.Fatal(err)
	}
	f.parts, f.order = untar(t, plain)
	return f
}

func untar(t testing.TB, path string) (map[string][]byte, []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(bytes.NewReader(data))
	parts := map[string][]byte{}
	var order []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		parts[h.Name] = b
		order = append(order, h.Name)
	}
	return parts, order
}

type entry struct {
	name, link string
	typ        byte
	data       []byte
}

func tarOf(t testing.TB, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Mode: 0o600, Linkname: e.link}
		if typ == tar.TypeReg {
			h.Size = int64(len(e.data))
		}
		if typ == tar.TypeChar {
			h.Devmajor, h.Devminor = 1, 3
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			tw.Write(e.data)
		}
	}
	tw.Close()
	return buf.Bytes()
}

// entries lists the fixture's parts in their order, with replacements.
func (f *fixture) entries(replace map[string][]byte) []entry {
	var out []entry
	for _, name := range f.order {
		data := f.parts[name]
		if r, ok := replace[name]; ok {
			data = r
		}
		out = append(out, entry{name: name, data: data})
	}
	return out
}

func (f *fixture) write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// signed rewrites the manifest with change applied and signs it with key.
func (f *fixture) signed(t *testing.T, key ed25519.PrivateKey, change func(m *Manifest)) map[string][]byte {
	t.Helper()
	var m Manifest
	if err := json.Unmarshal(f.parts[partManifest], &m); err != nil {
		t.Fatal(err)
	}
	change(&m)
	b, _ := json.MarshalIndent(m, "", "  ")
	return map[string][]byte{partManifest: b, partSig: ed25519.Sign(key, b)}
}

func encryptTo(t *testing.T, data []byte, pass string) []byte {
	t.Helper()
	r, err := age.NewScryptRecipient(pass)
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(10)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

func TestBadBundlesAreRefusedAndChangeNothing(t *testing.T) {
	f := newFixture(t)
	pass := Keys{Passphrase: "correct horse battery staple"}
	good := f.write(t, "good"+Ext, encryptTo(t, tarOf(t, f.entries(nil)), pass.Passphrase))
	goodBytes, _ := os.ReadFile(good)
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)

	t.Run("wrong passphrase", func(t *testing.T) {
		f.recv.importFails(t, good, Keys{Passphrase: "Correct horse battery staple"}, "wrong passphrase")
	})
	t.Run("no passphrase", func(t *testing.T) {
		f.recv.importFails(t, good, Keys{}, "is encrypted", "its passphrase")
	})
	t.Run("flipped byte", func(t *testing.T) {
		for _, at := range []int{30, 120, len(goodBytes) / 2, len(goodBytes) - 20, len(goodBytes) - 1} {
			bad := bytes.Clone(goodBytes)
			bad[at] ^= 0x40
			f.recv.importFails(t, f.write(t, "flipped"+Ext, bad), pass)
		}
		// A flip in a plain bundle is found by the signature or the parts' hashes.
		for _, name := range []string{partManifest, partOps} {
			data := bytes.Clone(f.parts[name])
			data[len(data)/2] ^= 1
			path := f.write(t, "flipped-plain"+Ext, tarOf(t, f.entries(map[string][]byte{name: data})))
			f.recv.importFails(t, path, Keys{}, "altered")
		}
	})
	t.Run("truncated", func(t *testing.T) {
		for _, n := range []int{len(goodBytes) - 1, len(goodBytes) / 2, 100, 10} {
			f.recv.importFails(t, f.write(t, "cut"+Ext, goodBytes[:n]), pass)
		}
		plain := tarOf(t, f.entries(nil))
		f.recv.importFails(t, f.write(t, "cut-plain"+Ext, plain[:len(plain)/2]), Keys{}, "cut short")
	})
	t.Run("manifest from another bundle", func(t *testing.T) {
		// A genuine, signed manifest of the first bundle with the ops of the second.
		other := newFixture(t)
		swapped := f.entries(map[string][]byte{partManifest: other.parts[partManifest], partSig: other.parts[partSig]})
		f.recv.importFails(t, f.write(t, "swapped"+Ext, encryptTo(t, tarOf(t, swapped), pass.Passphrase)), pass, "does not match its manifest")
	})
	t.Run("unknown key for a pinned peer", func(t *testing.T) {
		forged := f.entries(f.signed(t, otherKey, func(m *Manifest) { m.Sender.PublicKey = otherKey.Public().(ed25519.PublicKey) }))
		f.recv.importFails(t, f.write(t, "forged"+Ext, encryptTo(t, tarOf(t, forged), pass.Passphrase)), pass, "unknown key", "pinned key")
	})
	t.Run("signature by another key than the manifest names", func(t *testing.T) {
		forged := f.entries(f.signed(t, otherKey, func(m *Manifest) {}))
		f.recv.importFails(t, f.write(t, "badsig"+Ext, tarOf(t, forged)), Keys{}, "signature does not match")
	})
	t.Run("hostile entries", func(t *testing.T) {
		for _, e := range []entry{
			{name: "../x", data: []byte("x")},
			{name: "/etc/x", data: []byte("x")},
			{name: "blobs/../../x", data: []byte("x")},
			{name: "link", typ: tar.TypeSymlink, link: "/etc/passwd"},
			{name: "hard", typ: tar.TypeLink, link: partOps},
			{name: "null", typ: tar.TypeChar},
			{name: "blobs", typ: tar.TypeDir},
		} {
			entries := append(f.entries(nil), e)
			f.recv.importFails(t, f.write(t, "hostile"+Ext, encryptTo(t, tarOf(t, entries), pass.Passphrase)), pass, "refused")
			// First in the archive, too.
			entries = append([]entry{e}, f.entries(nil)...)
			f.recv.importFails(t, f.write(t, "hostile"+Ext, tarOf(t, entries)), Keys{}, "refused")
		}
	})
	t.Run("decompresses past the cap", func(t *testing.T) {
		old := MaxOpsBytes
		MaxOpsBytes = 4 << 20
		defer func() { MaxOpsBytes = old }()
		const bomber = "01a23f6b-0000-7000-8000-00000000b0b0"
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		for i := 1; i <= 8000; i++ { // 8 MB of valid ops in a few hundred KB
			o := &store.Op{ID: store.OpID{Site: bomber, Seq: int64(i)}, HLC: 1, At: "2026-01-01T00:00:00Z",
				Record: "r", Kind: "incident", Field: "title", Value: json.RawMessage(`"x"`), Note: strings.Repeat(" ", 1000)}
			o.Hash = o.ComputeHash()
			line, _ := json.Marshal(o)
			zw.Write(append(line, '\n'))
		}
		zw.Close()
		sum := sha256.Sum256(gz.Bytes())
		parts := f.signed(t, otherKey, func(m *Manifest) {
			m.Sender.Site, m.Sender.PublicKey = bomber, otherKey.Public().(ed25519.PublicKey)
			m.Files[partOps] = FileSum{Size: int64(gz.Len()), SHA256: hex.EncodeToString(sum[:])}
		})
		parts[partOps] = gz.Bytes()
		f.recv.importFails(t, f.write(t, "bomb"+Ext, tarOf(t, f.entries(parts))), Keys{}, "decompress to more than", "refused")
	})
	t.Run("from this very site", func(t *testing.T) {
		s := f.recv.open(t)
		own := filepath.Join(f.dir, "own"+Ext)
		_, err := Export(bg, s, own, ExportOptions{Keys: pass})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		f.recv.importFails(t, own, pass, "written by this workspace itself")
	})
	t.Run("empty file", func(t *testing.T) {
		f.recv.importFails(t, f.write(t, "empty"+Ext, nil), pass, "empty", "not a bundle")
	})
	t.Run("not a bundle", func(t *testing.T) {
		f.recv.importFails(t, f.write(t, "notes.txt", []byte("Minutes of the CAB meeting, 3 March\n")), pass, "not a bundle")
		f.recv.importFails(t, f.write(t, "other.tar", tarOf(t, []entry{{name: "readme.txt", data: []byte("hi")}})), pass, "refused")
	})
	t.Run("no file", func(t *testing.T) {
		f.recv.importFails(t, filepath.Join(f.dir, "missing"+Ext), pass, "cannot read")
	})
	t.Run("the good bundle still imports", func(t *testing.T) {
		s := f.recv.open(t)
		defer s.Close()
		rep, err := Import(bg, s, good, ImportOptions{Keys: pass})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OpsNew != 1 || rep.Records != 1 {
			t.Fatalf("want the one new incident, got %+v", rep.ImportResult)
		}
	})
}

// A bundle from a newer version is parked, the workspace unchanged, and imported once this
// program knows that version.
func TestNewerSchemaIsParkedThenImportedAfterUpgrade(t *testing.T) {
	f := newFixture(t)
	// Signed by the source's own key: a real bundle from an upgraded peer.
	s := f.src
	newer := filepath.Join(f.dir, "newer"+Ext)
	if _, err := Export(bg, s, newer, ExportOptions{Keys: Keys{Plain: true}}); err != nil {
		t.Fatal(err)
	}
	parts, order := untar(t, newer)
	var m Manifest
	json.Unmarshal(parts[partManifest], &m)
	m.Schema = KnownSchema + 1
	mb, _ := json.MarshalIndent(m, "", "  ")
	parts[partManifest], parts[partSig] = mb, s.Sign(mb)
	var entries []entry
	for _, name := range order {
		entries = append(entries, entry{name: name, data: parts[name]})
	}
	path := f.write(t, "newer2"+Ext, tarOf(t, entries))

	before := closedWorkspaceBytes(t, f.recv.path)
	w := f.recv.open(t)
	_, err := Import(bg, w, path, ImportOptions{})
	var parked *ParkedError
	if !errors.As(err, &parked) {
		w.Close()
		t.Fatalf("want a parked bundle, got %v", err)
	}
	if !strings.Contains(err.Error(), "newer SMS Workbench") || len(Parked(w)) != 1 {
		w.Close()
		t.Fatalf("error %q, parked %v", err, Parked(w))
	}
	n, _ := w.Count("incident")
	w.Close()
	if n != 1 {
		t.Fatalf("incidents after a parked import: %d, want 1", n)
	}
	// The parked bundle lives beside the workspace, which is unchanged.
	if closedWorkspaceBytes(t, f.recv.path) != before {
		t.Fatal("the workspace changed when a bundle was parked")
	}

	// The upgrade.
	KnownSchema++
	defer func() { KnownSchema-- }()
	w = f.recv.open(t)
	defer w.Close()
	reps, err := ImportParked(bg, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].OpsNew != 1 || len(Parked(w)) != 0 {
		t.Fatalf("after the upgrade: %d imports, parked %v", len(reps), Parked(w))
	}
	if n, _ := w.Count("incident"); n != 2 {
		t.Fatalf("incidents after the upgrade: %d, want 2", n)
	}
}

func closedWorkspaceBytes(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
