package release

import (
	"os/exec"
	"strings"
	"testing"
)

func TestDerive(t *testing.T) {
	for _, c := range []struct {
		describe string
		commits  int
		want     Version
	}{
		{"v1.2.3", 50, Version{"v1.2.3", "1.2.3.0", "1.2.3"}},
		{"1.2.3", 50, Version{"1.2.3", "1.2.3.0", "1.2.3"}},
		{"v1.2.3-4-gabc1234", 50, Version{"v1.2.3-4-gabc1234", "1.2.3.4", "1.2.3+git4.abc1234"}},
		{"v1.2.3-4-gabc1234-dirty", 50, Version{"v1.2.3-4-gabc1234-dirty", "1.2.3.4", "1.2.3+git4.abc1234.dirty"}},
		{"v1.2.3-dirty", 50, Version{"v1.2.3-dirty", "1.2.3.0", "1.2.3+dirty"}},
		{"v10.0.07", 1, Version{"v10.0.07", "10.0.7.0", "10.0.7"}},
		{"509a247", 108, Version{"509a247", "0.0.0.108", "0.0.0+git108.509a247"}},
		{"509a247-dirty", 108, Version{"509a247-dirty", "0.0.0.108", "0.0.0+git108.509a247.dirty"}},
		{"nightly-3-g509a247", 108, Version{"nightly-3-g509a247", "0.0.0.108", "0.0.0+git108.509a247"}},
		{"dev", 0, Version{"dev", "0.0.0.0", "0.0.0~unknown"}},
	} {
		got, err := Derive(c.describe, c.commits)
		if err != nil {
			t.Errorf("Derive(%q): %v", c.describe, err)
			continue
		}
		if got != c.want {
			t.Errorf("Derive(%q, %d) = %+v, want %+v", c.describe, c.commits, got, c.want)
		}
	}
	for _, bad := range []struct {
		describe string
		commits  int
	}{{"v1.70000.0", 1}, {"v1.2.3-70000-gabc1234", 1}, {"abc1234", 70000}} {
		if v, err := Derive(bad.describe, bad.commits); err == nil {
			t.Errorf("Derive(%q, %d) = %+v, want an error (a number above 65535)", bad.describe, bad.commits, v)
		}
	}
}

// Later commits give higher versions, by dpkg's own comparison: a tag's snapshots sort after the
// tag and before the next one; untagged snapshots before any tag.
func TestDebianVersionsSort(t *testing.T) {
	if _, err := exec.LookPath("dpkg"); err != nil {
		t.Skip("dpkg is not installed")
	}
	order := []string{"abc1234", "def5678", "v0.1.0", "v0.1.0-dirty", "v0.1.0-2-gabc1234", "v0.1.0-10-gabc1234", "v0.2.0", "v1.0.0"}
	commits := []int{9, 10, 11, 11, 13, 21, 30, 40}
	var prev Version
	for i, d := range order {
		v, err := Derive(d, commits[i])
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			out, err := exec.Command("dpkg", "--compare-versions", prev.Debian, "lt", v.Debian).CombinedOutput()
			if err != nil {
				t.Errorf("dpkg: %s is not lower than %s (%v %s)", prev.Debian, v.Debian, err, out)
			}
			if cmpWindows(prev.Windows, v.Windows) > 0 {
				t.Errorf("Windows: %s is higher than %s", prev.Windows, v.Windows)
			}
		}
		prev = v
	}
}

func cmpWindows(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range pa {
		x, y := atoi(pa[i]), atoi(pb[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// The versions of this very tree: what `make release` uses.
func TestDeriveFromThisRepository(t *testing.T) {
	d, err := Describe(".")
	if err != nil {
		t.Skipf("not a git work tree: %v", err)
	}
	v, err := Derive(d, Commits("."))
	if err != nil {
		t.Fatal(err)
	}
	if v.Full != d || len(strings.Split(v.Windows, ".")) != 4 || !debianOK.MatchString(v.Debian) {
		t.Errorf("Derive(%q) = %+v", d, v)
	}
}
