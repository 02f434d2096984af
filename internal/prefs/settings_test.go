package prefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSettings(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SMSWB_CONFIG_DIR", dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "xdg"))
	t.Setenv("SMSWB_DB", "")
	p := Open()
	s, err := p.Settings()
	if err != nil || s != DefaultSettings() {
		t.Fatalf("fresh settings %+v %v", s, err)
	}
	if DataFolder() != filepath.Join(dir, "xdg", "smsworkbench") || DefaultWorkspace() != filepath.Join(dir, "xdg", "smsworkbench", "workspace.smswb") {
		t.Errorf("platform data folder %s, workspace %s", DataFolder(), DefaultWorkspace())
	}

	data := filepath.Join(dir, "data", "sms")
	want := Settings{DataFolder: data, BackupsKept: 5, Theme: "system", Language: "en", Passphrase: "session"}
	if err := p.SaveSettings(want); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Settings(); got != want {
		t.Errorf("saved %+v, read %+v", want, got)
	}
	if st, err := os.Stat(data); err != nil || !st.IsDir() {
		t.Errorf("the data folder was not made: %v", err)
	}
	if DataFolder() != data || DefaultWorkspace() != filepath.Join(data, "workspace.smswb") {
		t.Errorf("data folder %s, workspace %s", DataFolder(), DefaultWorkspace())
	}
	t.Setenv("SMSWB_DB", "/elsewhere/w.smswb")
	if DefaultWorkspace() != "/elsewhere/w.smswb" {
		t.Errorf("SMSWB_DB not first: %s", DefaultWorkspace())
	}

	// Each refusal names its setting, and nothing is stored.
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, nil, 0o600)
	for _, c := range []struct {
		change  func(*Settings)
		setting string
		msg     string
	}{
		{func(s *Settings) { s.BackupsKept = 0 }, "backups_kept", "backups kept must be 1 to 1000, not 0"},
		{func(s *Settings) { s.BackupsKept = 5000 }, "backups_kept", "not 5000"},
		{func(s *Settings) { s.DataFolder = "relative/dir" }, "data_folder", "must be a full path"},
		{func(s *Settings) { s.DataFolder = filepath.Join(file, "sub") }, "data_folder", "cannot use"},
		{func(s *Settings) { s.Theme = "pink" }, "theme", `theme must be one of light, dark, system, not "pink"`},
		{func(s *Settings) { s.Language = "xx" }, "language", "language must be one of en"},
		{func(s *Settings) { s.Passphrase = "disk" }, "passphrase", "passphrase must be one of ask, session"},
	} {
		bad := want
		c.change(&bad)
		err := p.SaveSettings(bad)
		se, ok := err.(*SettingError)
		if !ok || se.Field() != c.setting || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v", c.setting, err)
		}
		if got, _ := p.Settings(); got != want {
			t.Errorf("%s: a refused change was stored: %+v", c.setting, got)
		}
	}

	// A value edited by hand into something invalid gives way to its default; the rest stays.
	p.Set("backups_kept", -3)
	p.Set("theme", 7)
	if got, _ := p.Settings(); got.BackupsKept != DefaultBackupsKept || got.Theme != "light" || got.Passphrase != "session" {
		t.Errorf("hand-edited: %+v", got)
	}
	// Clearing the data folder goes back to the platform's.
	want.DataFolder = ""
	if err := p.SaveSettings(want); err != nil || DataFolder() != filepath.Join(dir, "xdg", "smsworkbench") {
		t.Errorf("cleared data folder: %v %s", err, DataFolder())
	}
}
