// Package testkit holds what the tests of several packages share: the workspace fixtures in
// testdata/workspaces, found from the module's root wherever the test runs.
package testkit

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// OldWorkspace writes testdata/workspaces/version3.smswb.gz, a workspace written by the program
// of format version 3 (a service "Payroll Ühr", a CI and five incidents "Payslips late N – Zoë",
// the first in progress), to a new file in a temporary folder and returns its path.
func OldWorkspace(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.smswb")
	Gunzip(t, filepath.Join(root(t), "testdata", "workspaces", "version3.smswb.gz"), path)
	return path
}

// Gunzip writes the gzip file from, uncompressed, to the file to.
func Gunzip(t testing.TB, from, to string) {
	t.Helper()
	f, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, z); err != nil {
		t.Fatal(err)
	}
}

// root is the module's root: the nearest folder above the test's with a go.mod.
func root(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
