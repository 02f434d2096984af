package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	info := func(settings ...string) *debug.BuildInfo {
		b := &debug.BuildInfo{}
		for i := 0; i+1 < len(settings); i += 2 {
			b.Settings = append(b.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return b
	}
	rev := "7a3bf8a1b2c3d4e5f60718293a4b5c6d7e8f9012"
	for _, c := range []struct {
		name, stamped string
		info          *debug.BuildInfo
		want          string
	}{
		{"a release stamps its version", "v1.4.0", info("vcs.revision", rev), "v1.4.0"},
		{"a plain go build of a clean checkout", "dev", info("vcs.revision", rev, "vcs.modified", "false"), "dev+7a3bf8a1b2c3"},
		{"a plain go build with changes", "dev", info("vcs.revision", rev, "vcs.modified", "true"), "dev+7a3bf8a1b2c3-modified"},
		{"no version control information", "dev", info(), "dev"},
		{"no build information", "dev", nil, "dev"},
	} {
		if got := VersionOf(c.stamped, c.info); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The binary a user builds with a plain `go build .` in the repository names its commit.
func TestPlainBuildNamesItsCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "smsworkbench")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = root
	build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=true") // Go's default; some machines turn it off
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "smsworkbench dev+" + string(head[:12]); !strings.HasPrefix(strings.TrimSpace(string(out)), want) {
		t.Errorf("--version printed %q, want %q…", out, want)
	}
}
