// Package app is the facade the desktop window binds to: thin methods that call internal/ and
// return JSON-able values. It holds no logic of its own beyond turning errors into messages the
// frontend can place beside a field. Wails itself is reached only through run.go and runtime.go.
package app

import (
	"context"
	"sync"
	"time"

	"smsworkbench/internal/cmdb"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/prefs"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// App is bound to the window; each exported method is callable from the frontend.
type App struct {
	ctx   context.Context
	prefs *prefs.Prefs
	jobs  *jobs.Runner

	// mu guards the open workspace, which the window may switch to another at any time, and
	// the runtime, which jobs reach from their goroutines. Every method reads the workspace
	// through store().
	mu sync.RWMutex
	s  *store.Store
	rt Runtime
}

// New returns the facade over an open workspace.
func New(s *store.Store) *App {
	a := &App{ctx: context.Background(), s: s, rt: noRuntime{}, prefs: prefs.Open()}
	a.jobs = jobs.New(func(p jobs.Progress) { a.emit("job:progress", p) }, func(r jobs.Result) { a.emit("job:done", r) })
	return a
}

// store is the open workspace.
func (a *App) store() *store.Store {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.s
}

func (a *App) runtime() Runtime {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return inWindowLanguage{a.rt}
}

func (a *App) setRuntime(rt Runtime) {
	a.mu.Lock()
	a.rt = rt
	a.mu.Unlock()
}

func (a *App) emit(event string, data ...any) { a.runtime().Emit(event, data...) }

// Workspace describes the open workspace.
type Workspace struct {
	Name     string     `json:"name"`
	Path     string     `json:"path"`
	Site     store.Site `json:"site"`
	ReadOnly bool       `json:"read_only"`
	// ReadOnlyReason says why ("it is open in another SMS Workbench window").
	ReadOnlyReason string         `json:"read_only_reason,omitempty"`
	Counts         map[string]int `json:"counts"`
	// Conflicts is the number of open conflicts (sync by bundles).
	Conflicts int `json:"conflicts"`
}

// Workspace returns the open workspace and the number of records of each kind.
func (a *App) Workspace() (*Workspace, error) {
	return describe(a.store())
}

func describe(s *store.Store) (*Workspace, error) {
	w := &Workspace{Name: s.Meta("name"), Path: s.Path(), Site: s.Site(), ReadOnly: s.ReadOnly(), ReadOnlyReason: s.ReadOnlyReason(), Counts: map[string]int{}}
	for _, k := range s.Registry().Kinds() {
		n, err := s.Count(k.Name)
		if err != nil {
			return nil, fail(err)
		}
		w.Counts[k.Name] = n
	}
	n, err := s.CountConflicts(context.Background())
	if err != nil {
		return nil, fail(err)
	}
	w.Conflicts = n
	return w, nil
}

// Schema is every declared kind and the navigation groups they sit in.
type Schema struct {
	// Groups are the navigation groups' keys, in order; GroupLabels their words.
	Groups      []string          `json:"groups"`
	GroupLabels map[string]string `json:"group_labels"`
	Kinds       []*schema.Kind    `json:"kinds"`
	// Language is the language of the labels.
	Language string `json:"language"`
}

// Schema returns the declarations the frontend renders lists and forms from, their labels in
// lang (schema/labels_<lang>.json); "" is the user's language setting, an unknown one English.
func (a *App) Schema(lang string) Schema {
	if lang == "" {
		lang = "en"
		if s, err := a.prefs.Settings(); err == nil {
			lang = s.Language
		}
	}
	kinds, groups, err := a.store().Registry().Localized(lang)
	if err != nil {
		lang = "en"
		kinds, groups, _ = a.store().Registry().Localized(lang)
	}
	return Schema{Groups: schema.Groups, GroupLabels: groups, Kinds: kinds, Language: lang}
}

// List returns one page of a register.
func (a *App) List(kind string, q store.Query) (*store.Page, error) {
	p, err := a.store().List(a.ctx, kind, q)
	return p, fail(err)
}

// Get returns one record.
func (a *App) Get(kind, key string) (*store.Record, error) {
	r, err := a.store().Get(a.ctx, kind, key)
	return r, fail(err)
}

// Create adds a record.
func (a *App) Create(kind string, fields map[string]any) (*store.Record, error) {
	r, err := a.store().Create(a.ctx, kind, fields, store.Change{})
	if err == nil {
		a.changed(kind)
	}
	return r, fail(err)
}

// Update changes fields of a record.
func (a *App) Update(kind, key string, fields map[string]any) (*store.Record, error) {
	r, err := a.store().Update(a.ctx, kind, key, fields, store.Change{})
	if err == nil {
		a.changed(kind)
	}
	return r, fail(err)
}

// Move takes a record to another workflow state.
func (a *App) Move(kind, key, state, note string) (*store.Record, error) {
	r, err := a.store().Move(a.ctx, kind, key, state, store.Change{Note: note})
	if err == nil {
		a.changed(kind)
	}
	return r, fail(err)
}

// Delete removes a record.
func (a *App) Delete(kind, key string) error {
	err := a.store().Delete(a.ctx, kind, key, store.Change{})
	if err == nil {
		a.changed(kind)
	}
	return fail(err)
}

// changed tells the window that records of a kind changed. After a change to the CMDB the
// graph behind the impact view is built again at once, in the background, so that the next
// impact question is answered without waiting for it.
func (a *App) changed(kind string) {
	a.emit("records:changed", kind)
	switch kind {
	case "ci", "cirel", "service":
		go cmdb.Warm(a.ctx, a.store())
	}
}

// warm prepares what the first questions of a session need in the background: the values that
// changed with time while the workspace was closed (overdue actions, breached SLAs), so lists
// filtered by them are right, then the CMDB graph. Those values are stored anew every few
// minutes while the window is open.
func (a *App) warm() {
	go func() {
		warmUp(a.ctx, a.store())
		tick := time.NewTicker(5 * time.Minute)
		defer tick.Stop()
		for {
			select {
			case <-a.ctx.Done():
				return
			case <-tick.C:
				if n, err := a.store().RefreshLive(a.ctx); err == nil && n > 0 {
					a.emit("records:changed", "")
				}
			}
		}
	}()
}

// warmUp stores the time-dependent values of a workspace just opened and builds its CMDB graph.
func warmUp(ctx context.Context, s *store.Store) {
	s.RefreshLive(ctx)
	cmdb.Warm(ctx, s)
}

// History lists every change of a record.
func (a *App) History(kind, key string) ([]store.Event, error) {
	h, err := a.store().History(a.ctx, kind, key)
	return h, fail(err)
}

// Related lists the records that refer to a record, grouped by kind and field.
func (a *App) Related(kind, key string) ([]store.Related, error) {
	r, err := a.store().Related(a.ctx, kind, key, 50)
	return r, fail(err)
}

// Impact lists the CIs and services affected when a CI fails.
func (a *App) Impact(key string) (*cmdb.ImpactResult, error) {
	r, err := cmdb.Impact(a.ctx, a.store(), key)
	return r, fail(err)
}

// Dashboard returns what needs attention now, each figure with the list behind it.
func (a *App) Dashboard() (*reports.Dashboard, error) {
	d, err := reports.BuildDashboard(a.inLanguage(), a.store(), time.Now())
	return d, fail(err)
}

// Search finds records of every kind.
func (a *App) Search(text string) ([]*store.Record, error) {
	r, err := a.store().Search(a.ctx, text, 50)
	return r, fail(err)
}
