package prefs

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"smsworkbench/internal/fault"
)

// Settings are the preferences the Settings page edits, with their defaults filled in. They are
// stored under the keys named in the json tags, beside the other preferences.
type Settings struct {
	// DataFolder is where the default workspace, new workspaces and the backups go; "" means the
	// platform's data folder (PlatformDataFolder). Existing files are not moved when it changes.
	DataFolder string `json:"data_folder"`
	// BackupsKept is how many backups each workspace keeps; the oldest go after each new one.
	BackupsKept int `json:"backups_kept"`
	// Theme is light, dark or system.
	Theme string `json:"theme"`
	// Language is the interface's language code.
	Language string `json:"language"`
	// Passphrase says how the window handles bundle passphrases: "ask" every time, or
	// "session": remembered in memory until the window closes. Never written to disk.
	Passphrase string `json:"passphrase"`
}

// The allowed values of the settings that are a choice.
var (
	Themes      = []string{"light", "dark", "system"}
	Languages   = []string{"en", "de"}
	Passphrases = []string{"ask", "session"}
)

// DefaultBackupsKept and MaxBackupsKept bound Settings.BackupsKept.
const (
	DefaultBackupsKept = 20
	MaxBackupsKept     = 1000
)

// SettingError names the setting a value was refused for, so the window shows it beside it.
type SettingError struct {
	Setting string
	Msg     string
	format  string // what Msg was made of, for Localize
	args    []any
}

func settingErr(setting, format string, args ...any) error {
	return &SettingError{Setting: setting, Msg: fmt.Sprintf(format, args...), format: format, args: args}
}

// Localize is the message in lang (fault.Text).
func (e *SettingError) Localize(lang string) string {
	if e.format == "" {
		return e.Msg
	}
	return fault.Say(lang, "setting.invalid", e.format, e.args...)
}

func (e *SettingError) Error() string { return e.Msg }

// Field names the setting (the window's form field).
func (e *SettingError) Field() string { return e.Setting }

// FaultField names the setting, as Field does (package fault).
func (e *SettingError) FaultField() string { return e.Setting }

// FaultCode is "setting.invalid".
func (e *SettingError) FaultCode() string { return "setting.invalid" }

// DefaultSettings are the settings of a user who changed none.
func DefaultSettings() Settings {
	return Settings{BackupsKept: DefaultBackupsKept, Theme: "light", Language: SystemLanguage(), Passphrase: "ask"}
}

// SystemLanguage is the language of the system's locale (LC_ALL, LC_MESSAGES or LANG, the
// first set) when the workbench speaks it, else English: a German desktop opens in German.
func SystemLanguage() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		base := strings.ToLower(strings.FieldsFunc(v, func(r rune) bool { return r == '_' || r == '.' || r == '-' || r == '@' })[0])
		if contains(Languages, base) {
			return base
		}
		return "en"
	}
	return "en"
}

// Settings returns the user's settings; a stored value that is missing or no longer valid (a
// file edited by hand) gives way to its default.
func (p *Prefs) Settings() (Settings, error) {
	all, err := p.All()
	if err != nil {
		return DefaultSettings(), err
	}
	return settingsFrom(all), nil
}

func settingsFrom(all map[string]any) Settings {
	s := DefaultSettings()
	if v, ok := all["data_folder"].(string); ok && filepath.IsAbs(v) {
		s.DataFolder = v
	}
	if v, ok := all["backups_kept"].(float64); ok && v >= 1 && v <= MaxBackupsKept && v == float64(int(v)) {
		s.BackupsKept = int(v)
	}
	pick := func(key string, allowed []string, into *string) {
		if v, ok := all[key].(string); ok && contains(allowed, v) {
			*into = v
		}
	}
	pick("theme", Themes, &s.Theme)
	pick("language", Languages, &s.Language)
	pick("passphrase", Passphrases, &s.Passphrase)
	return s
}

// SaveSettings checks every setting and, when all are valid, stores them in one write. A data
// folder that does not exist yet is made (so that it is known to be writable).
func (p *Prefs) SaveSettings(s Settings) error {
	s.DataFolder = strings.TrimSpace(s.DataFolder)
	if s.DataFolder != "" {
		if !filepath.IsAbs(s.DataFolder) {
			return settingErr("data_folder", "the data folder must be a full path, not %q", s.DataFolder)
		}
		s.DataFolder = filepath.Clean(s.DataFolder)
		if err := os.MkdirAll(s.DataFolder, 0o755); err != nil {
			return settingErr("data_folder", "cannot use %s as the data folder: %v", s.DataFolder, err)
		}
		if err := probeWritable(s.DataFolder); err != nil {
			return settingErr("data_folder", "the data folder %s cannot be written: %v", s.DataFolder, err)
		}
	}
	if s.BackupsKept < 1 || s.BackupsKept > MaxBackupsKept {
		return settingErr("backups_kept", "backups kept must be 1 to %d, not %d", MaxBackupsKept, s.BackupsKept)
	}
	for _, c := range []struct {
		key, value string
		allowed    []string
	}{{"theme", s.Theme, Themes}, {"language", s.Language, Languages}, {"passphrase", s.Passphrase, Passphrases}} {
		if !contains(c.allowed, c.value) {
			return settingErr(c.key, "%s must be one of %s, not %q", c.key, strings.Join(c.allowed, ", "), c.value)
		}
	}
	return p.update(func(f *file) error {
		if s.DataFolder == "" {
			delete(f.Settings, "data_folder")
		} else {
			f.Settings["data_folder"] = s.DataFolder
		}
		f.Settings["backups_kept"] = s.BackupsKept
		f.Settings["theme"] = s.Theme
		f.Settings["language"] = s.Language
		f.Settings["passphrase"] = s.Passphrase
		return nil
	})
}

// DataFolder is the folder of the default workspace and of the backups: the user's Settings'
// data folder, else the platform's (PlatformDataFolder).
func DataFolder() string {
	if s, err := Open().Settings(); err == nil && s.DataFolder != "" {
		return s.DataFolder
	}
	return PlatformDataFolder()
}

// DefaultWorkspace is the workspace opened when no path is given: $SMSWB_DB, else
// workspace.smswb in the data folder.
func DefaultWorkspace() string {
	if p := os.Getenv("SMSWB_DB"); p != "" {
		return p
	}
	return filepath.Join(DataFolder(), "workspace.smswb")
}

// PlatformDataFolder is the platform's data folder for SMS Workbench: XDG_DATA_HOME or
// ~/.local/share on Linux, %LOCALAPPDATA% on Windows, ~/Library/Application Support on macOS.
func PlatformDataFolder() string {
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

func probeWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".smswb-probe-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
