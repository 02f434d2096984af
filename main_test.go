package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildHeadless builds the plain binary the way a user without a display would: no tags, no CGO.
func buildHeadless(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "smsworkbench")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestHeadlessBinary(t *testing.T) {
	dir, err := os.MkdirTemp("", "smswb-headless-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	bin := buildHeadless(t, dir)
	db := filepath.Join(dir, "w.smswb")

	// exec runs a command line and returns its exit code and output.
	exec_ := func(env []string, name string, args ...string) (int, string, string) {
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), env...)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}
	run := func(env []string, args ...string) (int, string, string) {
		return exec_(append([]string{"SMSWB_DB=" + db, "XDG_DATA_HOME=" + filepath.Join(dir, "data")}, env...), bin, args...)
	}

	if code, out, _ := run(nil, "--version"); code != 0 || !strings.HasPrefix(out, "smsworkbench ") {
		t.Fatalf("--version: %d %q", code, out)
	}
	// $SMSWB_DB is the default workspace.
	if code, out, errs := run(nil, "init", "--demo"); code != 0 || !strings.Contains(out, db) {
		t.Fatalf("init: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(nil, "list", "service"); code != 0 || !strings.Contains(out, "12 of 12 services") {
		t.Fatalf("list: %d %q", code, out)
	}
	// Without the desktop build, no command is a clear usage error, not a crash.
	code, out, errs := run(nil)
	if code != 2 || !strings.HasPrefix(errs, "error: this build has no desktop window") || out != "" {
		t.Fatalf("no command: %d %q %q", code, out, errs)
	}
	if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
		t.Fatalf("stack trace: %s", errs)
	}

	// A workspace this user may not write: reads work, writes fail with one line, nothing changes.
	// Root may write anything, so as root the binary runs as the user nobody; otherwise the file
	// and its folder are made read-only.
	runReadOnly := func(args ...string) (int, string, string) { return run(nil, args...) }
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("setpriv"); err != nil {
			t.Skip("root without setpriv cannot test a read-only workspace")
		}
		runReadOnly = func(args ...string) (int, string, string) {
			return exec_([]string{"HOME=" + dir}, "setpriv", append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", bin, "--db", db}, args...)...)
		}
	} else {
		os.Chmod(db, 0o444)
		os.Chmod(dir, 0o555)
		defer os.Chmod(dir, 0o755)
	}
	before, _ := os.ReadFile(db)
	code, out, errs = runReadOnly("list", "service")
	if code != 0 || !strings.Contains(out, "12 of 12 services") {
		t.Fatalf("read-only list: %d %q %q", code, out, errs)
	}
	code, out, errs = runReadOnly("add", "service", `{"title":"Sneaky"}`)
	if code != 1 || !strings.HasPrefix(errs, "error: workspace "+db+" is read-only") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("read-only add: %d %q %q", code, out, errs)
	}
	if after, _ := os.ReadFile(db); string(before) != string(after) {
		t.Fatal("the read-only workspace changed")
	}
}
