package app

import (
	"context"
	"io/fs"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"

	"smsworkbench/internal/store"
)

// Run opens the desktop window on an open workspace and returns when it is closed. In a build
// without the desktop tags, Wails refuses and Run returns that error.
func Run(s *store.Store, assets fs.FS) error {
	a := New(s)
	title := "SMS Workbench"
	if name := s.Meta("name"); name != "" {
		title += " — " + name
	}
	return wails.Run(&options.App{
		Title:       title,
		Width:       1280,
		Height:      800,
		MinWidth:    960,
		MinHeight:   600,
		AssetServer: &assetserver.Options{Assets: assets},
		OnStartup: func(ctx context.Context) {
			a.ctx = ctx
			a.rt = wailsRuntime{ctx: ctx}
			a.warm()
		},
		Bind: []any{a},
	})
}
