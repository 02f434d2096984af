// Package testkit holds what the tests of several packages share: the workspace fixtures in
// testdata/workspaces, found from the module's root wherever the test runs, and a raw look into
// a workspace file for what no store API shows, and the check of a domain package's refusals.
package testkit

import (
	"compress/gzip"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
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

// CatalogueV1Workspace writes testdata/workspaces/catalogue-v1.smswb.gz, a workspace of the
// current format written by the program of the 62-node clause catalogue, to a new file and returns
// its path. Its assessment ASM-00001 "Gap assessment 2025" says: 4.1 conformant at maturity 3;
// 5.2 (now a heading) conformant at 3, noted "policy approved and communicated", with POL-00001
// as evidence; 8.2.3 not applicable ("no other party operates a process"); 8.5 (a heading)
// partially conformant; 9.4 nonconformant at maturity 1; the rest not assessed.
func CatalogueV1Workspace(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v1.smswb")
	Gunzip(t, filepath.Join(root(t), "testdata", "workspaces", "catalogue-v1.smswb.gz"), path)
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

// RawSQL opens the workspace file at path (store.Store.Path) read-only with database/sql, beside
// any store that has it open, for a test that checks what no store API shows: the rows of the op
// log or of the blobs, SQLite's own checks. It is closed when the test ends. Production code
// reads a workspace through the store only.
func RawSQL(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", store.FileURI(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Refusal is a refusal a domain package is expected to make: the error a call returned, and the
// code and field it must carry (package fault).
type Refusal struct {
	Err         error
	Code, Field string
}

// CheckRefusals asserts that each refusal carries its code and field, and that its message
// names no command-line flag or command: the domain packages say what is wrong, the command line
// and the window give their own advice by the code.
func CheckRefusals(t testing.TB, refusals []Refusal) {
	t.Helper()
	for _, c := range refusals {
		if c.Err == nil {
			t.Errorf("%s: no error", c.Code)
			continue
		}
		msg := c.Err.Error()
		if fault.Code(c.Err) != c.Code || fault.Field(c.Err) != c.Field {
			t.Errorf("%q: code %q field %q, want %q %q", msg, fault.Code(c.Err), fault.Field(c.Err), c.Code, c.Field)
		}
		if strings.Contains(msg, "--") || strings.Contains(msg, "smsworkbench ") {
			t.Errorf("%s: %q names the command line", c.Code, msg)
		}
	}
}

// Refused is the Refusal of err, with the code and field it must carry.
func Refused(err error, code, field string) Refusal {
	return Refusal{Err: err, Code: code, Field: field}
}

// Second is the error of a call that returns a value and an error.
func Second[T any](_ T, err error) error { return err }
