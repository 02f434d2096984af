package store

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where the workspace lives when no path is given: $SMSWB_DB, else
// workspace.smswb in the user's data folder (XDG_DATA_HOME or ~/.local/share on Linux,
// %LOCALAPPDATA% on Windows, ~/Library/Application Support on macOS).
func DefaultPath() string {
	if p := os.Getenv("SMSWB_DB"); p != "" {
		return p
	}
	return filepath.Join(DataDir(), "workspace.smswb")
}

// DataDir is the user's data folder for SMS Workbench.
func DataDir() string {
	var base string
	switch runtime.GOOS {
	case "windows":
		base = os.Getenv("LOCALAPPDATA")
	case "darwin":
		if home, err := os.UserHomeDir(); err == nil {
			base = filepath.Join(home, "Library", "Application Support")
		}
	default:
		base = os.Getenv("XDG_DATA_HOME")
		if base == "" {
			if home, err := os.UserHomeDir(); err == nil {
				base = filepath.Join(home, ".local", "share")
			}
		}
	}
	if base == "" {
		base = os.TempDir()
	}
	return filepath.Join(base, "smsworkbench")
}

// Count returns the number of live records of a kind.
func (s *Store) Count(kind string) (int, error) {
	k, err := s.kind(kind)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRow("SELECT count(*) FROM " + tableOf(k)).Scan(&n)
	return n, err
}
