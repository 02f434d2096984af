package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Runtime is the one seam between the facade and the Wails runtime, so that internal/ never
// imports Wails and the facade can be used without a window.
type Runtime interface {
	Emit(event string, data ...any)
}

type noRuntime struct{}

func (noRuntime) Emit(string, ...any) {}

type wailsRuntime struct{ ctx context.Context }

func (w wailsRuntime) Emit(event string, data ...any) { runtime.EventsEmit(w.ctx, event, data...) }
