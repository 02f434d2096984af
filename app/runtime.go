package app

import (
	"context"
	"errors"

	"github.com/pkg/browser"

	"github.com/wailsapp/wails/v2/pkg/runtime"
	"smsworkbench/internal/i18n"
)

// Runtime is the one seam between the facade and the Wails runtime, so that internal/ never
// imports Wails and the facade can be used without a window.
type Runtime interface {
	Emit(event string, data ...any)
	// OpenFile asks the user for an existing file of the filter's kind; "" when they cancel. The
	// dialogs say their titles (marked with i18n.Mark) in the window's language.
	OpenFile(title string, filter FileFilter) (string, error)
	// SaveFile asks the user where to write a file of the filter's kind; "" when they cancel.
	SaveFile(title, defaultName string, filter FileFilter) (string, error)
	// OpenFolder asks the user for a folder; "" when they cancel.
	OpenFolder(title string) (string, error)
	// SetTitle changes the window's title.
	SetTitle(title string)
	// OpenPath opens a file in the desktop's default application for its kind.
	OpenPath(path string) error
}

// FileFilter names the kind of file a dialog shows.
type FileFilter struct {
	Name    string // "SMS workspace (*.smswb)", marked (i18n.Mark): the dialog says it in the window's language
	Pattern string // "*.smswb"
}

// The kinds of file the window asks for.
var (
	workspaceFilter = FileFilter{Name: i18n.Mark("SMS workspace (*.smswb)"), Pattern: "*.smswb"}
	bundleFilter    = FileFilter{Name: i18n.Mark("SMS Workbench bundle (*.smsb)"), Pattern: "*.smsb"}
)

// noRuntime is the runtime without a window: events go nowhere and dialogs are cancelled.
type noRuntime struct{}

func (noRuntime) Emit(string, ...any)                                 {}
func (noRuntime) OpenFile(string, FileFilter) (string, error)         { return "", nil }
func (noRuntime) SaveFile(string, string, FileFilter) (string, error) { return "", nil }
func (noRuntime) OpenFolder(string) (string, error)                   { return "", nil }
func (noRuntime) SetTitle(string)                                     {}
func (noRuntime) OpenPath(string) error                               { return errors.New("there is no desktop to open files with") }

type wailsRuntime struct{ ctx context.Context }

func filters(f FileFilter) []runtime.FileFilter {
	return []runtime.FileFilter{{DisplayName: f.Name, Pattern: f.Pattern}}
}

func (w wailsRuntime) Emit(event string, data ...any) { runtime.EventsEmit(w.ctx, event, data...) }

func (w wailsRuntime) OpenFile(title string, filter FileFilter) (string, error) {
	return runtime.OpenFileDialog(w.ctx, runtime.OpenDialogOptions{Title: title, Filters: filters(filter)})
}

func (w wailsRuntime) SaveFile(title, defaultName string, filter FileFilter) (string, error) {
	return runtime.SaveFileDialog(w.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		Filters: filters(filter), CanCreateDirectories: true})
}

func (w wailsRuntime) OpenFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
}

func (w wailsRuntime) SetTitle(title string) { runtime.WindowSetTitle(w.ctx, title) }

// OpenPath hands the file to the desktop (xdg-open, open, or the Windows shell): Wails' own
// BrowserOpenURL refuses file URLs.
func (w wailsRuntime) OpenPath(path string) error { return browser.OpenFile(path) }

// inWindowLanguage is a runtime whose dialogs say their titles and kinds of file (English,
// marked with i18n.Mark) in the window's language.
type inWindowLanguage struct{ Runtime }

func (r inWindowLanguage) OpenFile(title string, filter FileFilter) (string, error) {
	return r.Runtime.OpenFile(tr(title), FileFilter{Name: tr(filter.Name), Pattern: filter.Pattern})
}

func (r inWindowLanguage) SaveFile(title, defaultName string, filter FileFilter) (string, error) {
	return r.Runtime.SaveFile(tr(title), defaultName, FileFilter{Name: tr(filter.Name), Pattern: filter.Pattern})
}

func (r inWindowLanguage) OpenFolder(title string) (string, error) {
	return r.Runtime.OpenFolder(tr(title))
}
