// Package release derives the version numbers of a release from git, and (in release_test.go,
// build tag "release") checks the artefacts that `make release` writes to dist/.
//
// The scheme, from the output of `git describe --tags --always --dirty` (Version.Full, what
// `smsworkbench --version` prints and what the exe's ProductVersion string holds):
//
//	describe                 Windows (a.b.c.d)   Debian
//	v1.2.3                   1.2.3.0             1.2.3
//	v1.2.3-4-gabc1234        1.2.3.4             1.2.3+git4.abc1234
//	v1.2.3-dirty             1.2.3.0             1.2.3+dirty
//	abc1234 (no vX.Y.Z tag)  0.0.0.N             0.0.0+gitN.abc1234   (N: commits in HEAD)
//	abc1234-dirty            0.0.0.N             0.0.0+gitN.abc1234.dirty
//	anything else (no git)   0.0.0.0             0.0.0~unknown
//
// A tag counts when it is vX.Y.Z (or X.Y.Z). The fourth Windows number is the number of commits
// since that tag, so later builds sort higher; without a tag it is the commit count of HEAD (a
// shallow clone counts only the commits it has). Each Windows number must stay below 65536.
package release

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// Version is one release's version in the forms the packages need.
type Version struct {
	Full    string // git describe: the binaries' -X main.version, the exe's ProductVersion string
	Windows string // a.b.c.d: the exe's and the installer's numeric file and product version
	Debian  string // the .deb's Version field
}

var (
	semverTag = regexp.MustCompile(`^v?(\d+)\.(\d+)\.(\d+)(?:-(\d+)-g([0-9a-f]+))?(-dirty)?$`)
	bareHash  = regexp.MustCompile(`^([0-9a-f]{4,40})(-dirty)?$`)
	otherTag  = regexp.MustCompile(`^.+-\d+-g([0-9a-f]{4,40})(-dirty)?$`) // a tag that is not vX.Y.Z
	debianOK  = regexp.MustCompile(`^[0-9][A-Za-z0-9.+~]*$`)
)

// Derive computes the version from describe (git describe --tags --always --dirty) and, for a
// describe without a vX.Y.Z tag, the number of commits in HEAD.
func Derive(describe string, commits int) (Version, error) {
	v := Version{Full: describe}
	if m := semverTag.FindStringSubmatch(describe); m != nil {
		var nums []string
		for _, n := range []string{m[1], m[2], m[3], m[4]} {
			x, err := strconv.Atoi(n)
			if n == "" {
				x, err = 0, nil
			}
			if err != nil || x > 65535 {
				return Version{}, fmt.Errorf("version %q: %s does not fit a Windows version number (0–65535)", describe, n)
			}
			nums = append(nums, strconv.Itoa(x))
		}
		v.Windows = strings.Join(nums, ".")
		v.Debian = strings.Join(nums[:3], ".")
		switch {
		case m[4] != "" && m[6] != "":
			v.Debian += fmt.Sprintf("+git%s.%s.dirty", nums[3], m[5])
		case m[4] != "":
			v.Debian += fmt.Sprintf("+git%s.%s", nums[3], m[5])
		case m[6] != "":
			v.Debian += "+dirty"
		}
	} else if m := hashOf(describe); m != nil {
		hash, dirty := m[1], m[2] != ""
		if commits < 0 || commits > 65535 {
			return Version{}, fmt.Errorf("version %q: %d commits do not fit a Windows version number (0–65535)", describe, commits)
		}
		v.Windows = fmt.Sprintf("0.0.0.%d", commits)
		v.Debian = fmt.Sprintf("0.0.0+git%d.%s", commits, hash)
		if dirty {
			v.Debian += ".dirty"
		}
	} else {
		v.Windows = "0.0.0.0"
		v.Debian = "0.0.0~unknown"
	}
	if !debianOK.MatchString(v.Debian) {
		return Version{}, fmt.Errorf("version %q gives %q, not a Debian version", describe, v.Debian)
	}
	return v, nil
}

// hashOf matches a describe without a vX.Y.Z tag, HASH[-dirty] or NAME-N-gHASH[-dirty]:
// [whole, hash, "-dirty" or ""], or nil.
func hashOf(describe string) []string {
	if m := bareHash.FindStringSubmatch(describe); m != nil {
		return m
	}
	return otherTag.FindStringSubmatch(describe)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Describe runs git describe --tags --always --dirty in dir.
func Describe(dir string) (string, error) {
	return git(dir, "describe", "--tags", "--always", "--dirty")
}

// Commits counts the commits of HEAD in dir; 0 outside a git work tree.
func Commits(dir string) int {
	out, err := git(dir, "rev-list", "--count", "HEAD")
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(out)
	return n
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
