package app

import (
	"context"
	"io/fs"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"smsworkbench/internal/store"
)

// Run opens the desktop window on an open workspace and returns when it is closed. In a build
// without the desktop tags, Wails refuses and Run returns that error.
//
// The window may switch to other workspaces; it closes each one it leaves, the one it was given
// included (Store.Close may be called again by the caller), and on the way out the one still
// open, after cancelling the jobs still running.
func Run(s *store.Store, assets fs.FS) error {
	a := New(s)
	a.prefs.Opened(s.Path(), s.Meta("name"), time.Now()) // best effort: the window opens without it
	err := wails.Run(&options.App{
		Title:       windowTitle(s),
		Width:       1280,
		Height:      800,
		MinWidth:    960,
		MinHeight:   600,
		AssetServer: &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			a.ctx = ctx
			a.setRuntime(wailsRuntime{ctx: ctx})
			a.warm()
			go a.dailyBackups(ctx)
		},
		Bind: []any{a},
	})
	a.jobs.Close()
	if open := a.store(); open != s {
		open.Close()
	}
	return err
}

func windowTitle(s *store.Store) string {
	title := "SMS Workbench"
	if name := s.Meta("name"); name != "" {
		title += " — " + name
	}
	return title
}
