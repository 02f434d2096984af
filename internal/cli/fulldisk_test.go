package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/store"
)

// A full disk: a real one, a 4 MB tmpfs mounted in a mount namespace of its own (unshare), with
// the workspace and its backups on it. The child below runs inside; the test checks what it
// printed.
const fullDiskChildEnv = "SMSWB_FULL_DISK_CHILD"

func TestFullDisk(t *testing.T) {
	if err := exec.Command("unshare", "-Urm", "true").Run(); err != nil {
		t.Skipf("no mount namespace here (unshare -Urm: %v)", err)
	}
	dir := t.TempDir()
	// backup.Dir hashes the workspace's path, the same inside and out.
	t.Setenv("SMSWB_BACKUP_DIR", filepath.Join(dir, "backups"))
	script := `mount -t tmpfs -o size=4m tmpfs "$1" && exec "$2" -test.run='^$'`
	cmd := exec.Command("unshare", "-Urm", "sh", "-c", script, "sh", dir, os.Args[0])
	cmd.Env = append(os.Environ(), fullDiskChildEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := string(out)
	t.Logf("%s", got)
	w := filepath.Join(dir, "w.smswb")
	backups := "cannot back up w.smswb into " + backup.Dir(w) + ": the disk is full"
	for _, want := range []string{
		"window add: workspace " + w + ": the disk is full; nothing was changed\n",
		"window backup: " + backups + "\n",
		"add: error: workspace " + w + ": the disk is full; nothing was changed\n",
		"backup: error: " + backups + "\n",
		"import: error: " + backups + "; nothing was changed\n",
		"after: integrity ok, 3 services, 0 incidents, 0 listed backups\n",
		"freed: add ok, 4 services\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// fullDiskChild runs inside the namespace: it fills the disk, tries a change, a backup and an
// import through the command line, and reports what each said and what the workspace holds.
func fullDiskChild(dir string) int {
	path := filepath.Join(dir, "w.smswb")
	os.Setenv("SMSWB_BACKUP_DIR", filepath.Join(dir, "backups"))
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		Run(append([]string{"--db", path}, args...), Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Version: "full"})
		return strings.TrimSpace(errb.String())
	}
	s, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		fmt.Println("setup:", err)
		return 1
	}
	for _, title := range []string{"Payroll", "Mail", "ERP"} {
		s.Create(context.Background(), "service", map[string]any{"title": title}, store.Change{})
	}
	s.Optimize() // the write-ahead log is emptied: the next change needs new space
	csv := filepath.Join(dir, "in.csv")
	os.WriteFile(csv, []byte("Summary,Service\nA,Payroll\nB,Mail\n"), 0o600)

	filler, _ := os.Create(filepath.Join(dir, "filler"))
	block := make([]byte, 4096)
	for {
		if _, err := filler.Write(block); err != nil {
			break
		}
	}
	filler.Close()

	// The window had the workspace open when the disk filled up.
	_, err = s.Create(context.Background(), "service", map[string]any{"title": "Full"}, store.Change{})
	fmt.Println("window add:", err)
	_, err = backup.Make(context.Background(), s, "manual")
	fmt.Println("window backup:", err)
	s.Close()
	// Commands started on the full disk.
	fmt.Println("add:", run("add", "service", `{"title":"Full"}`))
	fmt.Println("backup:", run("backup", "create"))
	fmt.Println("import:", run("import", "incident", csv))

	os.Remove(filepath.Join(dir, "filler"))
	s, err = store.Open(path, store.Options{})
	if err != nil {
		fmt.Println("after:", err)
		return 1
	}
	check := "ok"
	if err := s.CheckIntegrity(context.Background()); err != nil {
		check = err.Error()
	}
	services, _ := s.Count("service")
	incidents, _ := s.Count("incident")
	backups, _ := backup.List(backup.Dir(path))
	s.Close()
	if check == "ok" {
		check = "integrity ok"
	}
	fmt.Printf("after: %s, %d services, %d incidents, %d listed backups\n", check, services, incidents, len(backups))

	if msg := run("add", "service", `{"title":"After"}`); msg != "" {
		fmt.Println("freed:", msg)
		return 0
	}
	s, _ = store.Open(path, store.Options{})
	n, _ := s.Count("service")
	s.Close()
	fmt.Printf("freed: add ok, %d services\n", n)
	return 0
}
