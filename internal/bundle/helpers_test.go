package bundle

import (
	"context"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"smsworkbench/internal/store"
)

var bg = context.Background()

// replica opens a new workspace copy in its own folder.
func replica(t testing.TB, name string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), name+".smswb"), store.Options{Create: true, Author: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testKey is one X25519 key shared by the test copies: fast, unlike a passphrase's scrypt.
var testKey, _ = age.GenerateX25519Identity()

func testKeys() Keys {
	return Keys{Recipients: []age.Recipient{testKey.Recipient()}, Identities: []age.Identity{testKey}}
}

// send writes a bundle from one copy (for a peer, when forSite is set) and imports it into another.
func send(t testing.TB, from, to *store.Store, forSite string) *Report {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b"+Ext)
	if _, err := Export(bg, from, path, ExportOptions{Keys: testKeys(), For: forSite}); err != nil {
		t.Fatal(err)
	}
	rep, err := Import(bg, to, path, ImportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func digest(t testing.TB, s *store.Store) string {
	t.Helper()
	d, err := s.Digest(bg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
