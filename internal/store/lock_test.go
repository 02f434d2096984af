package store

import (
	"path/filepath"
	"testing"
)

// A second window on a workspace opens it read-only, says why, sees what the first writes and
// cannot write itself; once the first closes, the next window writes again.
func TestSecondWindowOpensReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	first, err := Open(path, Options{Create: true, Exclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	if first.ReadOnly() || first.ReadOnlyReason() != "" {
		t.Fatalf("first window: read-only %v %q", first.ReadOnly(), first.ReadOnlyReason())
	}
	second, err := Open(path, Options{Exclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	if !second.ReadOnly() || second.ReadOnlyReason() != "it is open in another SMS Workbench window" {
		t.Fatalf("second window: read-only %v %q", second.ReadOnly(), second.ReadOnlyReason())
	}
	mustCreate(t, first, "service", map[string]any{"title": "Written by the first"})
	if n, err := second.Count("service"); err != nil || n != 1 {
		t.Errorf("the second window sees %d services (%v)", n, err)
	}
	_, err = second.Create(bg, "service", map[string]any{"title": "B"}, Change{})
	wantErr(t, err, "is read-only (it is open in another SMS Workbench window); nothing was changed")
	// The command line does not take the lock: SQLite's locking keeps its writes safe.
	cli, err := Open(path, Options{})
	if err != nil || cli.ReadOnly() {
		t.Fatalf("command line: %v read-only %v", err, cli != nil && cli.ReadOnly())
	}
	mustCreate(t, cli, "service", map[string]any{"title": "From the command line"})
	cli.Close()
	second.Close()
	first.Close()

	third, err := Open(path, Options{Exclusive: true})
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if third.ReadOnly() {
		t.Fatalf("after the first closed: read-only %q", third.ReadOnlyReason())
	}
	if n, _ := third.Count("service"); n != 2 {
		t.Errorf("%d services", n)
	}
}
