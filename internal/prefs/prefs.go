// Package prefs owns what belongs to the user rather than to a workspace: preferences (theme,
// language, list columns...) and the workspaces opened lately. Both live in one JSON file,
// preferences.json, in the user's config folder (os.UserConfigDir()/smsworkbench), or in
// $SMSWB_CONFIG_DIR, so that tests and end-to-end runs never touch the real user's file.
//
// The file is written whole, atomically (temp file, then rename). A file that cannot be read as
// JSON is treated as empty and replaced at the next write: losing preferences must never keep the
// program from starting. The package knows nothing of a workspace's content.
package prefs

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// FileName is the name of the preferences file in its folder.
const FileName = "preferences.json"

// MaxRecent is how many recent workspaces are remembered.
const MaxRecent = 10

// Recent is a workspace opened lately.
type Recent struct {
	Path     string `json:"path"`
	Name     string `json:"name"`
	OpenedAt string `json:"opened_at"` // RFC 3339
	Exists   bool   `json:"exists"`    // the file is still there; checked when listed
}

// file is what preferences.json holds.
type file struct {
	Settings map[string]any `json:"settings"`
	Recent   []Recent       `json:"recent"`
}

// Dir is the folder of the preferences file: $SMSWB_CONFIG_DIR, else smsworkbench in the user's
// config folder.
func Dir() (string, error) {
	if d := os.Getenv("SMSWB_CONFIG_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for the preferences: %v (set SMSWB_CONFIG_DIR)", err)
	}
	return filepath.Join(base, "smsworkbench"), nil
}

// Prefs reads and writes one preferences file. Its methods may be called from several
// goroutines.
type Prefs struct {
	mu   sync.Mutex
	path string // "" when Dir failed; err says why
	err  error
}

// Open returns the preferences in the folder Dir names. Nothing is read until asked for.
func Open() *Prefs {
	dir, err := Dir()
	if err != nil {
		return &Prefs{err: err}
	}
	return At(filepath.Join(dir, FileName))
}

// At returns the preferences kept in the file at path.
func At(path string) *Prefs { return &Prefs{path: path} }

// Path is the preferences file.
func (p *Prefs) Path() string { return p.path }

func (p *Prefs) read() (*file, error) {
	f := &file{Settings: map[string]any{}}
	if p.err != nil {
		return nil, p.err
	}
	data, err := os.ReadFile(p.path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("preferences %s: %v", p.path, err)
	}
	if json.Unmarshal(data, f) != nil {
		return &file{Settings: map[string]any{}}, nil // damaged: start afresh
	}
	if f.Settings == nil {
		f.Settings = map[string]any{}
	}
	return f, nil
}

func (p *Prefs) write(f *file) error {
	if err := os.MkdirAll(filepath.Dir(p.path), 0o755); err != nil {
		return fmt.Errorf("preferences: %v", err)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("preferences: %v", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p.path), FileName+".tmp-*")
	if err != nil {
		return fmt.Errorf("preferences: %v", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p.path)
	}
	if err != nil {
		return fmt.Errorf("preferences %s: %v", p.path, err)
	}
	return nil
}

// update reads the file, lets change alter it and writes it back, under the lock.
func (p *Prefs) update(change func(*file) error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.read()
	if err != nil {
		return err
	}
	if err := change(f); err != nil {
		return err
	}
	return p.write(f)
}

// All returns every preference by key.
func (p *Prefs) All() (map[string]any, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.read()
	if err != nil {
		return nil, err
	}
	return f.Settings, nil
}

// Set sets one preference; a nil value removes it. The value must be JSON (as it comes from the
// window).
func (p *Prefs) Set(key string, value any) error {
	if strings.TrimSpace(key) == "" {
		return errors.New("a preference needs a name")
	}
	if _, err := json.Marshal(value); err != nil {
		return fmt.Errorf("preference %q: %v", key, err)
	}
	return p.update(func(f *file) error {
		if value == nil {
			delete(f.Settings, key)
		} else {
			f.Settings[key] = value
		}
		return nil
	})
}

// Recent lists the workspaces opened lately, the newest first, each marked whether its file still
// exists.
func (p *Prefs) Recent() ([]Recent, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.read()
	if err != nil {
		return nil, err
	}
	out := []Recent{}
	for _, r := range f.Recent {
		_, err := os.Stat(r.Path)
		r.Exists = err == nil
		out = append(out, r)
	}
	return out, nil
}

// Opened records that the workspace at path, named name, was opened at the given time: it moves
// to the top of the recent list, which keeps MaxRecent entries.
func (p *Prefs) Opened(path, name string, at time.Time) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("workspace %s: %v", path, err)
	}
	return p.update(func(f *file) error {
		list := []Recent{{Path: abs, Name: name, OpenedAt: at.UTC().Format(time.RFC3339), Exists: true}}
		for _, r := range f.Recent {
			if r.Path != abs && len(list) < MaxRecent {
				list = append(list, r)
			}
		}
		f.Recent = list
		return nil
	})
}
