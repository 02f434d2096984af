package app

import (
	"time"

	"smsworkbench/internal/cmdb"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/views"
)

// graphLimit is how many nodes the CI graph shows at most: beyond, a graph is no longer read.
const graphLimit = 150

// CIGraph returns the CIs within depth (1 to 3) relationships of a CI, both ways, with the
// services that depend on them.
func (a *App) CIGraph(key string, depth int) (*cmdb.GraphResult, error) {
	g, err := cmdb.Graph(a.ctx, a.store(), key, min(max(depth, 1), 3), graphLimit)
	return g, fail(err)
}

// SLAClock returns the SLA clock of an incident or a request as a timeline.
func (a *App) SLAClock(kind, key string) (*reports.SLATimeline, error) {
	t, err := reports.SLAClock(a.inLanguage(), a.store(), kind, key, time.Now())
	return t, fail(err)
}

// ChangeSchedule returns the changes planned from one date (2026-11-01) or RFC 3339 time to
// another; a date as the end includes its whole day.
func (a *App) ChangeSchedule(from, to string) (*reports.Schedule, error) {
	f, err := reports.ParseBound("from", from, false)
	if err != nil {
		return nil, fail(err)
	}
	t, err := reports.ParseBound("to", to, true)
	if err != nil {
		return nil, fail(err)
	}
	s, err := reports.ChangeSchedule(a.inLanguage(), a.store(), f, t)
	return s, fail(err)
}

// Views returns the saved list views of a kind in the open workspace.
func (a *App) Views(kind string) ([]views.View, error) {
	v, err := views.List(a.ctx, a.store(), kind)
	return v, fail(err)
}

// SaveView saves a list view of a kind under its name, replacing one of the same name, and
// returns the kind's views.
func (a *App) SaveView(kind string, v views.View) ([]views.View, error) {
	list, err := views.Save(a.ctx, a.store(), kind, v)
	return list, fail(err)
}

// DeleteView removes a saved list view.
func (a *App) DeleteView(kind, name string) error {
	return fail(views.Delete(a.ctx, a.store(), kind, name))
}
