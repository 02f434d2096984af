package app

import (
	"context"
	"errors"
	"runtime"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/prefs"
	"smsworkbench/internal/workspace"
)

// Backups is what the Backups page shows: where the open workspace's backups are, how many are
// kept, and each one, newest first.
type Backups struct {
	Dir     string          `json:"dir"`
	Kept    int             `json:"kept"`
	Backups []backup.Backup `json:"backups"`
}

// Backups lists the open workspace's backups.
func (a *App) Backups() (*Backups, error) {
	dir := backup.Dir(a.store().Path())
	all, err := backup.List(dir)
	if err != nil {
		return nil, fail(err)
	}
	return &Backups{Dir: dir, Kept: backup.Kept(), Backups: all}, nil
}

// CreateBackup backs the open workspace up now.
func (a *App) CreateBackup() (*backup.Backup, error) {
	b, err := backup.Make(a.ctx, a.store(), "manual")
	return b, fail(err)
}

// Restored says which backup was restored and which one keeps the state it replaced.
type Restored struct {
	Restored  backup.Backup `json:"restored"`
	Before    backup.Backup `json:"before"`
	Workspace *Workspace    `json:"workspace"`
}

// RestoreBackup replaces the open workspace with its backup id, after a backup of the state it
// replaces, and opens it again. It is refused while a job runs, since the job writes to the
// workspace being replaced.
func (a *App) RestoreBackup(id string) (*Restored, error) {
	for _, j := range a.jobs.List() {
		if j.State == jobs.Running {
			return nil, fail(errors.New("a job is running (" + j.Name + "): wait for it or cancel it, then restore"))
		}
	}
	s := a.store()
	b, before, err := backup.RestoreOver(a.ctx, s, id)
	if err != nil {
		if s.Closed() { // failed after the close: the window goes on with the file as it is
			if again, rerr := workspace.Open(s.Path()); rerr == nil {
				a.switchTo(again)
			}
		}
		return nil, fail(err)
	}
	reopened, err := workspace.Open(s.Path())
	if err != nil {
		return nil, fail(err)
	}
	w, err := a.switchTo(reopened)
	if err != nil {
		return nil, err
	}
	return &Restored{Restored: *b, Before: *before, Workspace: w}, nil
}

// dailyBackups makes the daily backup of the open workspace when one is due, now and every hour
// until ctx ends, and tells the window of each one made.
func (a *App) dailyBackups(ctx context.Context) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		a.dailyBackup(time.Now())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// dailyBackup makes the daily backup when due; a failure is told to the window, not fatal.
func (a *App) dailyBackup(now time.Time) *backup.Backup {
	b, err := backup.Daily(a.ctx, a.store(), now)
	switch {
	case err != nil:
		a.emit("backup:failed", oneLine(err.Error()))
	case b != nil:
		a.emit("backup:made", b)
	}
	return b
}

// About is what Help → About shows.
type About struct {
	Version       string `json:"version"`
	GoVersion     string `json:"go_version"`
	Platform      string `json:"platform"`
	Workspace     string `json:"workspace"`
	FormatVersion int    `json:"format_version"` // the workspace file's schema version
	BackupsDir    string `json:"backups_dir"`
	DataFolder    string `json:"data_folder"`
	Preferences   string `json:"preferences"`
}

// About describes this program and where the open workspace, its backups and the user's
// preferences are.
func (a *App) About() About {
	s := a.store()
	return About{Version: Version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Workspace: s.Path(), FormatVersion: s.FormatVersion(), BackupsDir: backup.Dir(s.Path()),
		DataFolder: prefs.DataFolder(), Preferences: a.prefs.Path()}
}

// Settings returns the user's settings, defaults filled in.
func (a *App) Settings() (prefs.Settings, error) {
	s, err := a.prefs.Settings()
	return s, fail(err)
}

// SaveSettings checks and stores the user's settings; a refused one is named by its field
// (data_folder, backups_kept, theme, language, passphrase) and nothing is stored.
func (a *App) SaveSettings(s prefs.Settings) (prefs.Settings, error) {
	if err := a.prefs.SaveSettings(s); err != nil {
		return prefs.Settings{}, fail(err)
	}
	return a.Settings()
}
