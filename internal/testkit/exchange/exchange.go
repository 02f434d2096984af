// Package exchange helps the tests of copies that sync: a new copy of a workspace, and a
// bundle sent from one copy to another, encrypted to one age key the test copies share. It is
// apart from package testkit because package bundle's own tests use testkit.
package exchange

import (
	"context"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"smsworkbench/internal/bundle"
	"smsworkbench/internal/store"
)

// key is one X25519 key shared by the test copies: fast, unlike a passphrase's scrypt.
var key, _ = age.GenerateX25519Identity()

// Keys are the test copies' bundle keys.
func Keys() bundle.Keys {
	return bundle.Keys{Recipients: []age.Recipient{key.Recipient()}, Identities: []age.Identity{key}}
}

// Copy opens a new, empty copy of a workspace in its own folder, its author the name given.
func Copy(t testing.TB, name string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), name+".smswb"), store.Options{Create: true, Author: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Send writes a bundle of everything one copy holds and imports it into another.
func Send(t testing.TB, from, to *store.Store) *bundle.Report {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b"+bundle.Ext)
	if _, err := bundle.Export(ctx, from, path, bundle.ExportOptions{Keys: Keys()}); err != nil {
		t.Fatal(err)
	}
	r, err := bundle.Import(ctx, to, path, bundle.ImportOptions{Keys: Keys()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
