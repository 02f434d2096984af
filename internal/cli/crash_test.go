package cli

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

// Crash safety (issue 9): a real process is killed (SIGKILL, as a power cut would stop it) at a
// random moment while it writes, imports or upgrades a workspace, many times. Each time the
// workspace must open, pass integrity_check and hold exactly the work that was committed.
//
// The killed process is this test binary started again with crashChildEnv set: TestMain then
// runs crashChild instead of the tests.

const crashChildEnv = "SMSWB_CRASH_CHILD"

// crashChild runs what the parent asked for, as a real program would, and returns its exit code.
func crashChild() int {
	var args []string
	json.Unmarshal([]byte(os.Getenv(crashChildEnv)), &args)
	if args[0] == "write-loop" {
		// One record per transaction; each number is printed only once its commit returned.
		s, err := store.Open(args[1], store.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		w := bufio.NewWriter(os.Stdout)
		var from int
		fmt.Sscan(args[2], &from)
		for i := from; ; i++ {
			if _, err := s.Create(context.Background(), "service", map[string]any{"title": fmt.Sprintf("w-%d", i)}, store.Change{}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Fprintln(w, i)
			w.Flush()
		}
	}
	return Run(args, Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: strings.NewReader(""), Version: "crash"})
}

// killed starts the child with args, kills it after a random moment within window (or lets it
// finish first), and returns its standard output and whether it finished by itself.
func killed(t *testing.T, window time.Duration, args ...string) (string, bool) {
	t.Helper()
	return killedAfter(t, time.Duration(rand.Int64N(int64(window))), args...)
}

// killedAfter is killed with the moment given.
func killedAfter(t *testing.T, after time.Duration, args ...string) (string, bool) {
	t.Helper()
	spec, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+string(spec))
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := make(chan string, 1)
	go func() { b, _ := io.ReadAll(stdout); out <- string(b) }()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%v ended by itself with %v: %s", args, err, stderr.String())
		}
		return <-out, true
	case <-time.After(after):
		cmd.Process.Kill()
		<-done
		return <-out, false
	}
}

// reopened opens the workspace as the next start would and checks its integrity.
func reopened(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, store.Options{BeforeMigrate: backup.BeforeMigration})
	if err != nil {
		t.Fatalf("the workspace does not open after the kill: %v", err)
	}
	if err := s.CheckIntegrity(context.Background()); err != nil {
		t.Fatalf("integrity_check after the kill: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func titlesOf(t *testing.T, s *store.Store, kind string) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	err := s.Each(context.Background(), kind, store.Query{}, func(r *store.Record) error {
		got[r.Title()] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Every backup that is listed passes integrity_check; a kill during a backup leaves at most a
// partial file, which is not listed.
func backupsSound(t *testing.T, path string) int {
	t.Helper()
	all, err := backup.List(backup.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range all {
		if err := backup.Check(context.Background(), b.Path); err != nil {
			t.Errorf("a listed backup is damaged after a kill: %v", err)
		}
	}
	return len(all)
}

func TestCrashDuringWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	committed := 0 // records whose commit returned, over all rounds
	for round := 0; round < 12; round++ {
		out, _ := killed(t, 600*time.Millisecond, "write-loop", path, fmt.Sprint(committed))
		committed += len(strings.Fields(out))
		s := reopened(t, path)
		got := titlesOf(t, s, "service")
		for i := 0; i < committed; i++ {
			if !got[fmt.Sprintf("w-%d", i)] {
				t.Fatalf("round %d: committed w-%d is missing", round, i)
			}
		}
		// Besides, at most the one whose commit was under way when the kill came.
		if len(got) > committed+1 {
			t.Fatalf("round %d: %d records, %d committed", round, len(got), committed)
		}
		committed = len(got)
		s.Close()
	}
	if committed == 0 {
		t.Fatal("no round committed anything: the kills came too early to test anything")
	}
	t.Logf("%d records committed over 12 kills", committed)
}

func TestCrashDuringImport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.smswb")
	s, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(context.Background(), "service", map[string]any{"title": "Payroll"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	const rows = 2000
	var csv strings.Builder
	csv.WriteString("Summary,Service,Impact,Urgency\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&csv, "Imported %d,Payroll,medium,low\n", i)
	}
	src := filepath.Join(dir, "incidents.csv")
	os.WriteFile(src, []byte(csv.String()), 0o600)

	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	// How long an import takes here, on a copy: the kills are spread over that time.
	probe := filepath.Join(dir, "probe.smswb")
	copyWorkspace := func() { b, _ := os.ReadFile(path); os.WriteFile(probe, b, 0o600) }
	copyWorkspace()
	start := time.Now()
	if _, finished := killedAfter(t, time.Minute, "--db", probe, "import", "incident", src); !finished {
		t.Fatal("the probe import did not finish")
	}
	took := time.Since(start)
	const rounds = 10
	imports := 0
	outcomes := map[string]int{}
	for round := 0; round < rounds; round++ {
		at := took * time.Duration(2*round+1) / (2 * rounds)
		_, finished := killedAfter(t, at, "--db", path, "import", "incident", src)
		s := reopened(t, path)
		n, _ := s.Count("incident")
		if finished {
			imports++
		}
		// All or nothing: each import that committed added exactly its rows.
		if n%rows != 0 || n/rows < imports || n/rows > imports+1 {
			t.Fatalf("round %d: %d incidents after %d finished imports of %d rows", round, n, imports, rows)
		}
		if n/rows > imports {
			imports++ // committed, killed before it exited
			outcomes["killed after the commit"]++
		} else if finished {
			outcomes["finished"]++
		} else {
			outcomes["killed before the commit"]++
		}
		backupsSound(t, path)
		s.Close()
	}
	if outcomes["killed before the commit"] == 0 {
		t.Errorf("no kill landed inside an import: %v", outcomes)
	}
	t.Logf("outcomes %v (an import takes %v)", outcomes, took.Round(time.Millisecond))
}

func TestCrashDuringUpgrade(t *testing.T) {
	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	outcomes := map[string]int{}
	for round := 0; round < 15; round++ {
		path := testkit.OldWorkspace(t)
		_, finished := killed(t, 250*time.Millisecond, "--db", path, "list", "incident")
		var v int
		db := rawOpen(t, path)
		db.QueryRow("SELECT version FROM schema_version").Scan(&v)
		db.Close()
		switch {
		case finished:
			outcomes["finished"]++
		case v == 3:
			outcomes["killed before the upgrade"]++
		default:
			outcomes["killed after the upgrade"]++
		}
		s := reopened(t, path) // upgrades what the kill left
		if s.FormatVersion() != store.FormatVersion() {
			t.Fatalf("round %d: version %d after reopening", round, s.FormatVersion())
		}
		got := titlesOf(t, s, "incident")
		if len(got) != 5 || !got["Payslips late 3 – Zoë"] {
			t.Fatalf("round %d: incidents %v", round, got)
		}
		if backupsSound(t, path) == 0 {
			t.Fatalf("round %d: upgraded without a backup", round)
		}
		s.Close()
	}
	t.Logf("outcomes %v", outcomes)
}

func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	return db
}
