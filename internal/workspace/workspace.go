// Package workspace owns making and opening workspace files the way the window does: a new file,
// empty or with the demo, never over an existing one; an existing file, never creating one by
// mistake, upgraded after a backup when an older version wrote it, and with the window lock (a
// second window on the same file opens it read-only); and removing what a failed or cancelled
// creation left behind. What is inside a
// workspace is package store's; the demo is package demo's.
package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"

	"smsworkbench/internal/fault"
)

// Extension is the file extension of a workspace.
const Extension = ".smswb"

// MaxScale is the largest demo scale a workspace is created with.
const MaxScale = 100

// Options say what a new workspace holds.
type Options struct {
	Name  string // its name; the demo organisation's or the file's name when empty
	Demo  bool   // fill the demo service provider
	Scale int    // of the demo, 1 to MaxScale; 0 means 1
	// Progress is told how far the demo is (see demo.Options.Progress).
	Progress func(done, total int, label string)
	Now      time.Time // the demo's "now"; the clock when zero
}

// Check reports what is wrong with a new workspace's path and options before any work starts.
func Check(path string, opt Options) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", errors.New("a new workspace needs a file name")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("workspace %s: %v", path, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return "", fmt.Errorf("a file already exists at %s", abs)
	}
	if opt.Scale < 0 || opt.Scale > MaxScale {
		return "", fmt.Errorf("the demo's scale must be 1 to %d, not %d", MaxScale, opt.Scale)
	}
	return abs, nil
}

// Create makes a new workspace at path and returns it open. It refuses a path where a file
// exists. When the demo is asked for and filling it fails or ctx is cancelled, the partial file
// is closed and removed and the error (ctx's, when cancelled) returned.
func Create(ctx context.Context, path string, opt Options) (*store.Store, error) {
	abs, err := Check(path, opt)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(abs, store.Options{Create: true, Exclusive: true})
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*store.Store, error) {
		s.Close()
		if rerr := Remove(abs); rerr != nil {
			return nil, fmt.Errorf("%v; and the partial workspace could not be removed: %v", err, rerr)
		}
		return nil, err
	}
	name := strings.TrimSpace(opt.Name)
	if opt.Demo {
		now := opt.Now
		if now.IsZero() {
			now = time.Now()
		}
		if err := demo.Fill(ctx, s, now, demo.Options{Seed: 1, Scale: max(opt.Scale, 1), Progress: opt.Progress}); err != nil {
			return fail(err)
		}
		s.Optimize() // after a bulk write, so the first lists are fast
	} else if name == "" {
		name = strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	}
	if name != "" {
		if err := s.SetMeta("name", name); err != nil {
			return fail(err)
		}
	}
	return s, nil
}

// Open opens the existing workspace at path.
func Open(path string) (*store.Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("workspace %s: %v", path, err)
	}
	if _, err := os.Stat(abs); errors.Is(err, os.ErrNotExist) {
		return nil, fault.New("workspace.unavailable", "", "no workspace at %s", abs)
	}
	return upgraded(store.Open(abs, windowOptions))
}

// upgraded brings what a version of the program computes differently up to date in a workspace
// just opened (the assessments, when the clause catalogue changed).
func upgraded(s *store.Store, err error) (*store.Store, error) {
	if err != nil {
		return nil, err
	}
	// Best effort: a workspace that cannot be written now still opens; the next opening tries
	// again.
	_ = compliance.Upgrade(context.Background(), s)
	return s, nil
}

// windowOptions open an existing workspace for a window.
var windowOptions = store.Options{Exclusive: true, BeforeMigrate: backup.BeforeMigration}

// OpenOrDemo opens the workspace at path for a window; on first start (no file yet) it makes
// it with the demo SMS, so that a newcomer sees something real.
func OpenOrDemo(ctx context.Context, path string) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		s, err := Create(ctx, path, Options{Demo: true})
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	return upgraded(store.Open(path, windowOptions))
}

// Remove deletes a closed workspace file and the files SQLite and the store keep beside it.
func Remove(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal", path + ".site.json", path + ".site.json.tmp", path + ".lock"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
