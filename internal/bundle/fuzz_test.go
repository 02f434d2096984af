package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"smsworkbench/internal/store"
)

// fuzzKey decrypts the encrypted seeds of the committed corpus (testdata/fuzz/FuzzReadBundle).
// It protects nothing.
const fuzzKey = "AGE-SECRET-KEY-12RXV3RE4FNXF07LWNZLYXLXZ94WJU6G8JUALFU22AC2YDLZPVU4S786UYK"

var updateCorpus = flag.Bool("update-corpus", false, "write the fuzz seed corpus into testdata")

func fuzzKeys(t testing.TB) Keys {
	id, err := age.ParseX25519Identity(fuzzKey)
	if err != nil {
		t.Fatal(err)
	}
	return Keys{Identities: []age.Identity{id}, Recipients: []age.Recipient{id.Recipient()}}
}

// seedBundles writes a small real bundle, plain and encrypted.
func seedBundles(t testing.TB) [][]byte {
	s := replica(t, "seed")
	svc, err := s.Create(bg, "service", map[string]any{"title": "E-mail"}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	inc, _ := s.Create(bg, "incident", map[string]any{"title": "Mail is slow", "service": svc.ID}, store.Change{})
	s.Update(bg, "incident", inc.ID, map[string]any{"title": "Mail is slow in Øresund"}, store.Change{})
	s.Delete(bg, "incident", inc.ID, store.Change{})
	var out [][]byte
	for _, keys := range []Keys{{Plain: true}, {Recipients: fuzzKeys(t).Recipients}} {
		path := filepath.Join(t.TempDir(), "seed"+Ext)
		if _, err := Export(bg, s, path, ExportOptions{Keys: keys}); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		out = append(out, data)
	}
	return out
}

// FuzzReadBundle feeds the bundle reader arbitrary files: it must refuse or accept each with an
// error, never panic, hang or read past its caps. Run longer with
// go test -fuzz FuzzReadBundle ./internal/bundle.
func FuzzReadBundle(f *testing.F) {
	seeds := seedBundles(f)
	if *updateCorpus {
		dir := filepath.Join("testdata", "fuzz", "FuzzReadBundle")
		os.MkdirAll(dir, 0o755)
		for i, data := range seeds {
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)), 0o644)
		}
	}
	for _, data := range seeds {
		f.Add(data)
	}
	keys := fuzzKeys(f)
	oldMax, oldOps := MaxBundleBytes, MaxOpsBytes
	MaxBundleBytes, MaxOpsBytes = 8<<20, 8<<20
	defer func() { MaxBundleBytes, MaxOpsBytes = oldMax, oldOps }()
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "in"+Ext)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, keys)
		if err != nil {
			return
		}
		defer r.Close()
		if r.Verify() == nil {
			// A bundle that passed every check holds a manifest signed by the key it names.
			if len(r.Manifest.Sender.PublicKey) != 32 {
				t.Fatalf("accepted a bundle without a sender key")
			}
		}
		r.EachBlob(func(string, []byte) error { return nil })
	})
}

// TestReaderSurvivesMutations runs the reader over thousands of damaged copies of real bundles
// (bytes changed, files cut short), as the fuzzer does but the same each run: each must be
// refused or read without a panic, quickly.
func TestReaderSurvivesMutations(t *testing.T) {
	seeds := seedBundles(t)
	keys := fuzzKeys(t)
	oldMax, oldOps := MaxBundleBytes, MaxOpsBytes
	MaxBundleBytes, MaxOpsBytes = 8<<20, 8<<20
	defer func() { MaxBundleBytes, MaxOpsBytes = oldMax, oldOps }()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for i := 0; i < 3000; i++ {
		data := bytes.Clone(seeds[i%len(seeds)])
		for k := 0; k < 1+rng.IntN(4); k++ {
			data[rng.IntN(len(data))] = byte(rng.IntN(256))
		}
		if rng.IntN(3) == 0 {
			data = data[:rng.IntN(len(data))]
		}
		path := filepath.Join(dir, "in"+Ext)
		os.WriteFile(path, data, 0o600)
		start := time.Now()
		r, err := Open(path, keys)
		if err == nil {
			if r.Verify() == nil {
				accepted++
			}
			r.Close()
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("mutation %d took %v", i, d)
		}
	}
	// A change in the archive's padding or a tar header field nobody reads may pass; a change
	// in what is signed or hashed may not. Most mutations must be refused.
	if accepted > 300 {
		t.Fatalf("%d of 3000 damaged bundles were accepted", accepted)
	}
}

// FuzzManifest feeds the reader manifests signed by the key they name, so that every check of
// the signature passes and only the manifest's own checks stand between a hostile value and the
// disk. Seeds carry the hostile names the parked folder once took ("../../escaped"). What is
// accepted has ids of this program's form, and parking it writes only inside the parked folder.
// Run longer with go test -fuzz FuzzManifest ./internal/bundle.
func FuzzManifest(f *testing.F) {
	s := replica(f, "sender")
	svc, _ := s.Create(bg, "service", map[string]any{"title": "E-mail"}, store.Change{})
	s.Create(bg, "incident", map[string]any{"title": "Mail is slow", "service": svc.ID}, store.Change{})
	dir := f.TempDir()
	src := filepath.Join(dir, "src"+Ext)
	if _, err := Export(bg, s, src, ExportOptions{Keys: Keys{Plain: true}}); err != nil {
		f.Fatal(err)
	}
	parts, order := untar(f, src)
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	var base Manifest
	json.Unmarshal(parts[partManifest], &base)
	base.Sender.PublicKey = key.Public().(ed25519.PublicKey)
	seed := func(edit func(m *Manifest)) {
		m := base
		m.Sender = base.Sender
		edit(&m)
		data, _ := json.Marshal(m)
		f.Add(data)
	}
	seed(func(m *Manifest) {})
	seed(func(m *Manifest) { m.Schema = KnownSchema + 1 })
	for _, hostile := range []string{"../../escaped", "../escaped", "/tmp/escaped", `..\..\escaped`, "a/../../b", "escaped\x00", "", ".", "..", strings.Repeat("a", 5000)} {
		seed(func(m *Manifest) { m.ID, m.Schema = hostile, KnownSchema+1 })
		seed(func(m *Manifest) { m.Sender.Site = hostile })
		seed(func(m *Manifest) { m.Workspace = hostile })
		seed(func(m *Manifest) { m.Have = map[string]int64{hostile: 1} })
		seed(func(m *Manifest) { m.Sender.Name = hostile + "\x1b[2J" })
	}

	ws := replica(f, "receiver")
	wsDir := filepath.Dir(ws.Path())
	allowed := map[string]bool{}
	for _, suffix := range []string{"", "-wal", "-shm", ".site.json", ".parked"} {
		allowed[filepath.Base(ws.Path())+suffix] = true
	}
	in := filepath.Join(dir, "in"+Ext)
	f.Fuzz(func(t *testing.T, manifest []byte) {
		var entries []entry
		for _, name := range order {
			data := parts[name]
			switch name {
			case partManifest:
				data = manifest
			case partSig:
				data = ed25519.Sign(key, manifest)
			}
			entries = append(entries, entry{name: name, data: data})
		}
		if err := os.WriteFile(in, tarOf(t, entries), 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Open(in, Keys{})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("a refusal of more than one line: %q", err)
			}
			return
		}
		defer r.Close()
		m := r.Manifest
		for _, id := range append([]string{m.ID, m.Sender.Site}, keysOf(m.Have)...) {
			if !uuidText.MatchString(id) {
				t.Fatalf("accepted the id %q", id)
			}
		}
		dest, err := park(ws, r)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(dest) != ParkedDir(ws) {
			t.Fatalf("parked at %s, outside %s", dest, ParkedDir(ws))
		}
		names, _ := os.ReadDir(wsDir)
		for _, e := range names {
			if !allowed[e.Name()] {
				t.Fatalf("parking wrote %s beside the workspace", e.Name())
			}
		}
		os.Remove(dest)
	})
}

func keysOf(m map[string]int64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
