package app

import (
	"path/filepath"
	"time"

	"smsworkbench/internal/i18n"
	"smsworkbench/internal/prefs"
	"smsworkbench/internal/store"
	"smsworkbench/internal/workspace"
)

// RecentWorkspaces lists the workspaces opened lately, newest first, the open one included.
func (a *App) RecentWorkspaces() ([]prefs.Recent, error) {
	list, err := a.prefs.Recent()
	if err != nil {
		return nil, fail(err)
	}
	s := a.store()
	for _, r := range list {
		if r.Path == s.Path() {
			return list, nil
		}
	}
	// Opened without the window (a test, the command line): shown, though not recorded.
	list = append([]prefs.Recent{{Path: s.Path(), Name: s.Meta("name"), OpenedAt: time.Now().UTC().Format(time.RFC3339), Exists: true}}, list...)
	return list[:min(len(list), prefs.MaxRecent)], nil
}

// OpenWorkspace switches the window to the existing workspace at path.
func (a *App) OpenWorkspace(path string) (*Workspace, error) {
	if abs, err := filepath.Abs(path); err == nil && abs == a.store().Path() {
		return a.switchTo(a.store())
	}
	s, err := workspace.Open(path)
	if err != nil {
		return nil, fail(err)
	}
	return a.switchTo(s)
}

// CreateWorkspace creates a workspace at path, where no file may exist, named name and with the
// base demo when withDemo, and switches the window to it. A large demo is made by the job
// "create-workspace", which reports its progress.
func (a *App) CreateWorkspace(path, name string, withDemo bool) (*Workspace, error) {
	s, err := workspace.Create(a.ctx, path, workspace.Options{Name: name, Demo: withDemo, Scale: 1})
	if err != nil {
		return nil, fail(err)
	}
	return a.switchTo(s)
}

// ChooseWorkspaceFile asks the user for a workspace file with the system's dialog: an existing
// one, or with create where to make a new one. It returns "" when the user cancels.
func (a *App) ChooseWorkspaceFile(create bool) (string, error) {
	if !create {
		path, err := a.runtime().OpenFile(i18n.Mark("Open workspace"), workspaceFilter)
		return path, fail(err)
	}
	path, err := a.runtime().SaveFile(i18n.Mark("New workspace"), "workspace"+workspace.Extension, workspaceFilter)
	if path != "" && filepath.Ext(path) == "" {
		path += workspace.Extension // some dialogs do not add the filter's extension
	}
	return path, fail(err)
}

// switchTo makes s the open workspace, closes the one open before, and tells the window.
func (a *App) switchTo(s *store.Store) (*Workspace, error) {
	a.mu.Lock()
	old := a.s
	a.s = s
	a.mu.Unlock()
	if old != s {
		old.Close()
	}
	a.prefs.Opened(s.Path(), s.Meta("name"), time.Now()) // the recent list is a convenience: never fail a switch for it
	w, err := describe(s)
	if err != nil {
		return nil, fail(err)
	}
	rt := a.runtime()
	rt.SetTitle(windowTitle(s))
	rt.Emit("workspace:changed", w)
	go warmUp(a.ctx, s)
	return w, nil
}

// Preferences returns the user's preferences by key (not the workspace's).
func (a *App) Preferences() (map[string]any, error) {
	p, err := a.prefs.All()
	return p, fail(err)
}

// SetPreference sets one preference of the user ("theme", "language", "columns.incident"...);
// null removes it.
func (a *App) SetPreference(key string, value any) error {
	return fail(a.prefs.Set(key, value))
}
