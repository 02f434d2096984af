package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/importer"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// A client's spreadsheets in the window, and any list out (issue 8). The import wizard plans a
// file (PlanImport: the mapping of its columns and every cell that cannot be read), then runs
// the "import" job, as a dry run first, with progress and Cancel; the list page exports what it
// shows (ExportList) or a blank template. internal/importer does the work, as for the CLI.

var (
	importFilter = FileFilter{Name: i18n.Mark("Spreadsheets (*.xlsx, *.csv, *.txt)"), Pattern: "*.xlsx;*.csv;*.txt"}
	csvFilter    = FileFilter{Name: i18n.Mark("CSV file (*.csv)"), Pattern: "*.csv"}
)

// ChooseImportFile asks for the spreadsheet to import; "" when the user cancels.
func (a *App) ChooseImportFile() (string, error) {
	path, err := a.runtime().OpenFile(i18n.Mark("Import a spreadsheet"), importFilter)
	return path, fail(err)
}

// ImportField is a field a column of a file may fill: the record's ref and status, then every
// field of the kind an import may give.
type ImportField struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Required bool   `json:"required"` // a record cannot be created without it
}

// ImportFields lists the fields of kind a column may be mapped to, in the declaration's order.
func (a *App) ImportFields(kind string) ([]ImportField, error) {
	k, err := a.importKind(kind)
	if err != nil {
		return nil, fail(err)
	}
	out := []ImportField{{Name: importer.RefColumn, Label: "Ref"}}
	if k.Workflow != nil {
		out = append(out, ImportField{Name: importer.StatusColumn, Label: "Status"})
	}
	for _, f := range k.Fields {
		if importer.Importable(k, &f) {
			out = append(out, ImportField{Name: f.Name, Label: f.Label, Required: f.Required && f.Default == nil})
		}
	}
	return out, nil
}

// ImportProfiles lists the saved mappings of kind, by name.
func (a *App) ImportProfiles(kind string) ([]importer.Profile, error) {
	all, err := importer.Profiles(a.ctx, a.store())
	if err != nil {
		return nil, fail(err)
	}
	out := []importer.Profile{}
	for _, p := range all {
		if p.Kind == kind {
			out = append(out, p)
		}
	}
	return out, nil
}

// ImportPlan is a plan as the wizard shows it: the plan, a sample value of each column, and the
// saved profile applied (its key preselects the wizard's).
type ImportPlan struct {
	*importer.Plan
	Samples []string          `json:"samples"` // per column, its first value in the first rows
	Profile *importer.Profile `json:"profile,omitempty"`
}

// PlanImport reads the file at path (its sheet, "" for the first or the profile's) against kind,
// with the mappings of the saved profile (when one of that name exists) and then maps
// ("Column=field", "Column=" for a column left out), and writes nothing.
func (a *App) PlanImport(kind, path, sheet, profile string, maps []string) (*ImportPlan, error) {
	return a.PlanImportWith(kind, path, sheet, profile, maps, nil, nil)
}

// PlanImportWith is PlanImport with values for every row no column fills ("field=value") and
// what a column's texts stand for ("Column:text=value"), over those of the saved profile.
func (a *App) PlanImportWith(kind, path, sheet, profile string, maps, sets, values []string) (*ImportPlan, error) {
	path = strings.TrimSpace(path)
	k, opt, saved, err := a.importOptions(kind, path, sheet, profile, maps)
	if err != nil {
		return nil, fail(err)
	}
	opt.Sets = append(slices.Clone(sets), opt.Sets...)
	opt.ValueMaps = append(opt.ValueMaps, values...)
	p, err := importer.NewPlan(path, k, opt)
	if err == nil {
		err = p.Check() // the cells that cannot be read, shown before any import
	}
	if err != nil {
		return nil, fail(planErr(err))
	}
	importer.Localize(p.Errors, windowLanguage())
	return &ImportPlan{Plan: p, Samples: samples(p), Profile: saved}, nil
}

// ImportResult is what the "import" job did (or, in a dry run, would do), with the columns as
// they were mapped.
type ImportResult struct {
	*importer.Result
	Columns []importer.Column `json:"columns"`
	// Profile is the name the mapping was saved under after the import; ProfileError says why
	// it was not (the records are imported all the same).
	Profile      string `json:"profile,omitempty"`
	ProfileError string `json:"profile_error,omitempty"`
}

// recordImportJob checks an import's parameters before anything runs, and returns the work: the
// file planned again as PlanImport did, then imported, with progress. An all-or-nothing import
// that met invalid rows is not an error here: its result says what they are and that nothing
// was written.
func (a *App) recordImportJob(p jobs.Params) (jobs.Func, error) {
	var kind, path, sheet, profile, key string
	var errs []error
	str := func(name string, into *string) {
		v, err := p.String(name)
		errs = append(errs, err)
		*into = strings.TrimSpace(v)
	}
	str("kind", &kind)
	str("path", &path)
	str("sheet", &sheet)
	str("profile", &profile)
	str("key", &key)
	maps, err := stringList(p, "maps")
	errs = append(errs, err)
	sets, err := stringList(p, "sets")
	errs = append(errs, err)
	values, err := stringList(p, "value_maps")
	errs = append(errs, err)
	dryRun, err := p.Bool("dry_run")
	errs = append(errs, err)
	skipInvalid, err := p.Bool("skip_invalid")
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	k, opt, saved, err := a.importOptions(kind, path, sheet, profile, maps)
	if err != nil {
		return nil, err
	}
	opt.Sets = append(slices.Clone(sets), opt.Sets...) // the values given over the profile's
	opt.ValueMaps = append(opt.ValueMaps, values...)
	if key == "" && saved != nil {
		key = saved.Key
	}
	if _, ok := k.Field(key); key != "" && !ok {
		return nil, fieldErr("import.key_invalid", "key", "%s have no field %q", k.PluralWord(), key)
	}
	s, lang := a.store(), a.sheetLanguage()
	return func(ctx context.Context, report jobs.Report) (any, error) {
		report(0, 1, tr("Reading %s", filepath.Base(path)))
		plan, err := importer.NewPlan(path, k, opt)
		if err != nil {
			return nil, planErr(err)
		}
		progress := func(done, total int) { report(done, total, tr("Importing rows: %d of %d", done, total)) }
		if dryRun {
			progress = func(done, total int) { report(done, total, tr("Checking rows: %d of %d", done, total)) }
		}
		res, err := importer.Run(ctx, s, plan, importer.RunOptions{Key: key, DryRun: dryRun, SkipInvalid: skipInvalid, Progress: progress,
			Language: lang, Before: func() error { return backup.Before(ctx, s, "import") }})
		var invalid *importer.InvalidError
		if err != nil && !errors.As(err, &invalid) {
			return nil, err
		}
		if res != nil {
			importer.Localize(res.Errors, windowLanguage())
		}
		out := &ImportResult{Result: res, Columns: plan.Columns}
		if res.Written {
			a.changed(k.Name)
		}
		if err == nil && !dryRun && profile != "" {
			// As the CLI does: a successful import keeps its mapping under the profile's name.
			pr := importer.Profile{Name: profile, Kind: k.Name, Sheet: plan.Source.Sheet, Maps: plan.Maps(), Key: key, Sets: plan.Sets(), Values: plan.Values()}
			if serr := importer.SaveProfile(ctx, s, pr); serr != nil {
				out.ProfileError = "the mapping was not saved: " + oneLine(serr.Error())
			} else {
				out.Profile = pr.Name
			}
		}
		return out, nil
	}, nil
}

// importOptions checks the kind and the file (a trimmed path) of an import and returns its
// plan options: the sheet, the saved profile's mappings (when one of that name exists: a new
// name is saved after the import) and the given ones over them, as the CLI does.
func (a *App) importOptions(kind, path, sheet, profile string, maps []string) (*schema.Kind, importer.PlanOptions, *importer.Profile, error) {
	opt := importer.PlanOptions{Sheet: strings.TrimSpace(sheet), Maps: maps}
	k, err := a.importKind(kind)
	if err != nil {
		return nil, opt, nil, err
	}
	if path == "" {
		return nil, opt, nil, fieldErr("path.required", "path", "choose the file to import")
	}
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return nil, opt, nil, fieldErr("path.not_found", "path", "%s: no such file", path)
	}
	var saved *importer.Profile
	if profile = strings.TrimSpace(profile); profile != "" {
		if saved, err = importer.LoadProfile(a.ctx, a.store(), profile); err != nil {
			return nil, opt, nil, fault.Wrap("import.profile_unreadable", "profile", err)
		}
	}
	if saved != nil {
		if saved.Kind != k.Name {
			return nil, opt, nil, fieldErr("import.profile_other_kind", "profile", "import profile %q is for %s, not %s", saved.Name, schema.Word{Path: "kind." + saved.Kind + ".label", English: saved.Kind}, k.NameWord())
		}
		opt.ProfileMaps = saved.Maps
		opt.Sets, opt.ValueMaps = slices.Clone(saved.Sets), slices.Clone(saved.Values)
		if opt.Sheet == "" {
			opt.Sheet = saved.Sheet
		}
	}
	return k, opt, saved, nil
}

func (a *App) importKind(kind string) (*schema.Kind, error) {
	k, ok := a.store().Registry().Kind(kind)
	if !ok {
		return nil, fieldErr("kind.unknown", "kind", "unknown kind %q", kind)
	}
	return k, nil
}

// stringList reads a parameter that is a list of text (JSON arrays arrive as []any).
func stringList(p jobs.Params, key string) ([]string, error) {
	switch v := p[key].(type) {
	case nil:
		return nil, nil
	case []string:
		return v, nil
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("parameter %q must be a list of text, not %v", key, p[key])
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("parameter %q must be a list of text, not %v", key, p[key])
}

// sampleRows is how many rows of a file are searched for a sample value of each column.
const sampleRows = 20

// samples gives each column of a plan its first value in the first rows, so that a person
// mapping it sees what it holds; none when the file cannot be read again.
func samples(p *importer.Plan) []string {
	out := make([]string, len(p.Columns))
	src, err := importer.Open(p.Source.Path, importer.OpenOptions{Sheet: p.Source.Sheet})
	if err != nil {
		return out
	}
	defer src.Close()
	for i := 0; i < sampleRows; i++ {
		row, ok, err := src.Next()
		if err != nil || !ok {
			break
		}
		for c, v := range row.Cells {
			if c < len(out) && out[c] == "" {
				out[c] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// planErr places an error of planning a file: a sheet, a mapping or a value given names its own
// field (package importer), any other is about the file.
func planErr(err error) error {
	return fault.Or("path", err)
}

// ChooseExportFile asks where to export the list of kind: format "xlsx" or "csv" for its
// records, "template" for a blank workbook to fill in; the name proposed is the register's and
// today's date, in the language of the settings, as the file will be. "" when the user cancels.
func (a *App) ChooseExportFile(kind, format string) (string, error) {
	k, err := a.importKind(kind)
	if err != nil {
		return "", fail(err)
	}
	german := a.sheetLanguage() == "de"
	if german {
		if lk, err := a.store().Registry().LocalizedKind(k, "de"); err == nil {
			k = lk
		}
	}
	name := slug(k.Plural)
	filter, ext := xlsxFilter, ".xlsx"
	title := "Export the " + strings.ToLower(k.Plural)
	if german {
		name = slug(strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss").Replace(k.Plural))
		filter = FileFilter{Name: "Excel-Arbeitsmappe (*.xlsx)", Pattern: "*.xlsx"}
		title = k.Plural + " exportieren"
	}
	switch format {
	case "xlsx":
		name += "-" + time.Now().Format("2006-01-02")
	case "csv":
		name += "-" + time.Now().Format("2006-01-02")
		filter, ext = csvFilter, ".csv"
		if german {
			filter = FileFilter{Name: "CSV-Datei (*.csv)", Pattern: "*.csv"}
		}
	case "template":
		name += "-template"
		title = "Save the import template of the " + strings.ToLower(k.Plural)
		if german {
			name = strings.TrimSuffix(name, "-template") + "-vorlage"
			title = "Importvorlage für " + k.Plural + " speichern"
		}
	default:
		return "", fail(fmt.Errorf("unknown export format %q (xlsx, csv or template)", format))
	}
	path, err := a.runtime().SaveFile(title, name+ext, filter)
	if path != "" && filepath.Ext(path) == "" {
		path += ext
	}
	return path, fail(err)
}

// sheetLanguage is the language of the spreadsheets the window writes: the language setting.
func (a *App) sheetLanguage() string {
	if s, err := a.prefs.Settings(); err == nil && importer.Language(s.Language) == nil {
		return s.Language
	}
	return "en"
}

// ExportList writes the records of kind that the list shows (its filters and search) to path,
// an .xlsx or .csv file, in the shape an import reads back, in the language of the settings.
func (a *App) ExportList(kind string, where []store.Filter, search, path string) (*importer.ExportResult, error) {
	if _, err := a.importKind(kind); err != nil {
		return nil, fail(err)
	}
	res, err := importer.Export(a.ctx, a.store(), kind, store.Query{Where: where, Search: search}, strings.TrimSpace(path), a.sheetLanguage())
	return res, fail(fault.Or("path", err))
}

// ExportTemplate writes the blank import template of kind to path (.xlsx), in the language of
// the settings.
func (a *App) ExportTemplate(kind, path string) (*importer.ExportResult, error) {
	if _, err := a.importKind(kind); err != nil {
		return nil, fail(err)
	}
	res, err := importer.Template(a.ctx, a.store(), kind, strings.TrimSpace(path), a.sheetLanguage())
	return res, fail(fault.Or("path", err))
}
