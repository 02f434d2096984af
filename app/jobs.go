package app

import (
	"context"
	"errors"
	"fmt"

	"smsworkbench/internal/jobs"
	"smsworkbench/internal/workspace"
)

// StartJob starts long work in the background and returns its id. The window hears of it
// through the events "job:progress" (jobs.Progress) and "job:done" (jobs.Result). The jobs:
//
//   - "create-workspace" {path, name, demo, scale}: creates a workspace (with the demo at
//     scale 1..100 when demo is true) and switches to it; cancelled, it leaves no file and the
//     open workspace stays open.
//   - "optimize": refreshes the query planner's statistics of the open workspace and folds its
//     write-ahead log into the file.
//   - "import-bundle" {path, passphrase}: imports a bundle (see ImportBundle).
//   - "sync-folder" {passphrase}: exchanges bundles through the shared folder (see SyncFolderNow).
//   - "audit-pack" {assessment, from, to, sections, language, pdf, xlsx}: writes the audit pack
//     (either file may be ""); its result is an auditpack.Result.
//   - "import" {kind, path, sheet, maps, profile, key, dry_run, skip_invalid}: imports a
//     spreadsheet into a register (see PlanImport); its result is an ImportResult.
func (a *App) StartJob(name string, params map[string]any) (string, error) {
	fn, err := a.job(name, jobs.Params(params))
	if err != nil {
		return "", fail(err)
	}
	return a.jobs.Start(name, windowJob(fn)), nil
}

// CancelJob asks a running job to stop.
func (a *App) CancelJob(id string) error { return fail(a.jobs.Cancel(id)) }

// Jobs lists the jobs running and those finished lately, newest first.
func (a *App) Jobs() ([]jobs.Status, error) { return a.jobs.List(), nil }

// job checks a job's parameters, before anything runs, and returns its work.
func (a *App) job(name string, p jobs.Params) (jobs.Func, error) {
	switch name {
	case "create-workspace":
		path, err1 := p.String("path")
		title, err2 := p.String("name")
		demo, err3 := p.Bool("demo")
		scale, err4 := p.Int("scale")
		for _, err := range []error{err1, err2, err3, err4} {
			if err != nil {
				return nil, err
			}
		}
		if demo && scale == 0 {
			scale = 1
		}
		opt := workspace.Options{Name: title, Demo: demo, Scale: scale}
		if _, err := workspace.Check(path, opt); err != nil {
			return nil, err
		}
		return func(ctx context.Context, report jobs.Report) (any, error) {
			opt.Progress = func(done, total int, label string) { report(done, total, tr(label)) }
			report(0, 1, tr("Creating the workspace"))
			s, err := workspace.Create(ctx, path, opt)
			if err != nil {
				return nil, err
			}
			return a.switchTo(s)
		}, nil
	case "optimize":
		s := a.store()
		return func(ctx context.Context, report jobs.Report) (any, error) {
			report(0, 1, tr("Optimizing %s", s.Path()))
			s.Optimize()
			report(1, 1, tr("Done"))
			return map[string]string{"path": s.Path()}, nil
		}, nil
	case "import-bundle":
		path, err1 := p.String("path")
		pass, err2 := p.String("passphrase")
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		return a.importJob(path, pass)
	case "sync-folder":
		pass, err := p.String("passphrase")
		if err != nil {
			return nil, err
		}
		return a.syncFolderJob(pass)
	case "audit-pack":
		return a.auditPackJob(p)
	case "import":
		return a.recordImportJob(p)
	}
	return nil, fmt.Errorf("unknown job %q (jobs: create-workspace, optimize, import-bundle, sync-folder, audit-pack, import)", name)
}
