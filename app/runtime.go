package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Runtime is the one seam between the facade and the Wails runtime, so that internal/ never
// imports Wails and the facade can be used without a window.
type Runtime interface {
	Emit(event string, data ...any)
	// OpenFile asks the user for an existing workspace file; "" when they cancel.
	OpenFile(title string) (string, error)
	// SaveFile asks the user where to create a workspace file; "" when they cancel.
	SaveFile(title, defaultName string) (string, error)
	// SetTitle changes the window's title.
	SetTitle(title string)
}

// noRuntime is the runtime without a window: events go nowhere and dialogs are cancelled.
type noRuntime struct{}

func (noRuntime) Emit(string, ...any)                     {}
func (noRuntime) OpenFile(string) (string, error)         { return "", nil }
func (noRuntime) SaveFile(string, string) (string, error) { return "", nil }
func (noRuntime) SetTitle(string)                         {}

type wailsRuntime struct{ ctx context.Context }

// workspaceFilter shows only workspace files in the dialogs.
var workspaceFilter = []runtime.FileFilter{{DisplayName: "SMS workspace (*.smswb)", Pattern: "*.smswb"}}

func (w wailsRuntime) Emit(event string, data ...any) { runtime.EventsEmit(w.ctx, event, data...) }

func (w wailsRuntime) OpenFile(title string) (string, error) {
	return runtime.OpenFileDialog(w.ctx, runtime.OpenDialogOptions{Title: title, Filters: workspaceFilter})
}

func (w wailsRuntime) SaveFile(title, defaultName string) (string, error) {
	return runtime.SaveFileDialog(w.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		Filters: workspaceFilter, CanCreateDirectories: true})
}

func (w wailsRuntime) SetTitle(title string) { runtime.WindowSetTitle(w.ctx, title) }
