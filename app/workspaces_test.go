package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSwitchingWorkspaces(t *testing.T) {
	first := demoCopy(t)
	a := New(first)
	rt := &fakeRuntime{}
	a.setRuntime(rt)
	dir := t.TempDir()

	// The open workspace is listed even before anything was recorded.
	recent, err := a.RecentWorkspaces()
	if err != nil || len(recent) == 0 || recent[0].Path != first.Path() || !recent[0].Exists {
		t.Fatalf("recent %+v %v", recent, err)
	}

	lab := filepath.Join(dir, "lab.smswb")
	ws, err := a.CreateWorkspace(lab, "Lab", false)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Name != "Lab" || ws.Path != lab || ws.Counts["incident"] != 0 || a.store().Path() != lab {
		t.Fatalf("created %+v, open %s", ws, a.store().Path())
	}
	// The workspace left is closed.
	if _, err := first.Count("incident"); err == nil {
		t.Fatal("the workspace switched away from is still open")
	}
	changed := rt.named("workspace:changed")
	if len(changed) != 1 || changed[0].(*Workspace).Path != lab || !strings.Contains(rt.title, "Lab") {
		t.Fatalf("events %+v, title %q", changed, rt.title)
	}
	if _, err := a.CreateWorkspace(lab, "Again", false); !strings.Contains(problem(t, err).Message, "a file already exists at "+lab) {
		t.Fatalf("over an existing file: %v", err)
	}
	missing := filepath.Join(dir, "missing.smswb")
	if _, err := a.OpenWorkspace(missing); problem(t, err).Message != "no workspace at "+missing {
		t.Fatalf("missing: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("opening a missing workspace created it")
	}
	if a.store().Path() != lab {
		t.Fatal("a failed open switched the workspace")
	}

	// Back to the first: it opens again, with its records.
	ws, err = a.OpenWorkspace(first.Path())
	if err != nil || ws.Counts["service"] != 12 || a.store().Path() != first.Path() {
		t.Fatalf("reopened %+v %v", ws, err)
	}
	defer a.store().Close()
	recent, err = a.RecentWorkspaces()
	if err != nil || len(recent) < 2 || recent[0].Path != first.Path() || recent[1].Path != lab || recent[1].Name != "Lab" {
		t.Fatalf("recent %+v %v", recent, err)
	}
	os.Remove(lab)
	if recent, _ = a.RecentWorkspaces(); recent[1].Exists {
		t.Fatalf("a removed workspace is listed as existing: %+v", recent[1])
	}
	if len(rt.named("workspace:changed")) != 2 {
		t.Fatalf("events %+v", rt.events)
	}
}

func TestChooseWorkspaceFile(t *testing.T) {
	a := New(demoCopy(t))
	// Without a window, the dialogs are cancelled.
	if p, err := a.ChooseWorkspaceFile(true); p != "" || err != nil {
		t.Fatalf("no window: %q %v", p, err)
	}
	rt := &fakeRuntime{open: "/data/ops.smswb", save: "/data/new"}
	a.setRuntime(rt)
	if p, err := a.ChooseWorkspaceFile(false); p != "/data/ops.smswb" || err != nil {
		t.Fatalf("open: %q %v", p, err)
	}
	if p, err := a.ChooseWorkspaceFile(true); p != "/data/new.smswb" || err != nil {
		t.Fatalf("save: %q %v", p, err)
	}
	rt.save = ""
	if p, err := a.ChooseWorkspaceFile(true); p != "" || err != nil {
		t.Fatalf("cancelled: %q %v", p, err)
	}
	if len(rt.asked) != 3 || rt.asked[0] != "Open workspace" || rt.asked[1] != "New workspace (workspace.smswb)" {
		t.Fatalf("dialogs %q", rt.asked)
	}
}

func TestPreferences(t *testing.T) {
	a := New(demoCopy(t))
	if err := a.SetPreference("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetPreference("columns.incident", []any{"ref", "title", 3.0}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetPreference("", true); err == nil {
		t.Fatal("a preference without a name was set")
	}
	// Another window reads them from the file in SMSWB_CONFIG_DIR.
	p, err := New(a.store()).Preferences()
	if err != nil || p["theme"] != "dark" || len(p["columns.incident"].([]any)) != 3 {
		t.Fatalf("preferences %v %v", p, err)
	}
	if _, err := os.Stat(filepath.Join(os.Getenv("SMSWB_CONFIG_DIR"), "preferences.json")); err != nil {
		t.Fatal(err)
	}
}
