package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ownSuffixes are the files SQLite and this program keep beside a workspace file: its
// write-ahead log, shared memory and rollback journal, the site identity, the window lock and the
// folder of parked bundles.
var ownSuffixes = []string{"", "-wal", "-shm", "-journal", ".site.json", ".lock", ".parked"}

// CheckOutput refuses an output path that is one of the workspace's own files or lies inside its
// parked folder, however the path is spelled: relative, with "./" or "..", through symbolic
// links, as a hard link, or in another letter case where the file system ignores case. Every
// writer of a file the user names (bundle export, audit pack, spreadsheet export, rejected rows)
// calls it before writing, so none of them can destroy the workspace it reads.
func (s *Store) CheckOutput(out string) error {
	target := resolvePath(out)
	outInfo, outErr := os.Stat(out)
	for _, base := range []string{s.path, resolvePath(s.path)} {
		for _, suffix := range ownSuffixes {
			own := base + suffix
			if samePath(target, own) || samePath(target, resolvePath(own)) ||
				(suffix == ".parked" && (within(target, own) || within(target, resolvePath(own)))) {
				return ownFileError(out, suffix)
			}
			if outErr == nil {
				if ownInfo, err := os.Stat(own); err == nil && os.SameFile(outInfo, ownInfo) {
					return ownFileError(out, suffix)
				}
			}
		}
	}
	return nil
}

func ownFileError(out, suffix string) error {
	what := map[string]string{
		"": "is the workspace file itself", "-wal": "is the workspace's write-ahead log",
		"-shm": "is the workspace's shared-memory file", "-journal": "is the workspace's journal",
		".site.json": "is the workspace's site identity", ".lock": "is the workspace's lock file",
		".parked": "is in the workspace's folder of parked bundles",
	}[suffix]
	return fmt.Errorf("%s %s: writing there would destroy the workspace; choose another file", out, what)
}

// uriEscaper escapes what SQLite's URI file names give a meaning to: a '?' starts the
// parameters, a '#' the fragment, and '%' an escape. A workspace named "Client #1.smswb" must be
// that file, not "Client ".
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// FileURI is the SQLite URI file name of a path, to which parameters may be appended after "?".
func FileURI(path string) string { return "file:" + uriEscaper.Replace(path) }

// resolvePath is the absolute, symlink-free spelling of a path; for a file that does not exist
// yet, of its folder.
func resolvePath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	dir, base := filepath.Split(abs)
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(r, base)
	}
	return abs
}

// foldsCase says whether file names are compared ignoring case (Windows, macOS by default).
var foldsCase = runtime.GOOS == "windows" || runtime.GOOS == "darwin"

func samePath(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if foldsCase {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// within says whether p lies inside the folder dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(p))
	if foldsCase {
		rel, err = filepath.Rel(strings.ToLower(filepath.Clean(dir)), strings.ToLower(filepath.Clean(p)))
	}
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
