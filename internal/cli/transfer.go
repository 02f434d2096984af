package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/importer"
	"smsworkbench/internal/store"
)

// The import of a client's spreadsheets and the export of any list (issue 8).

func init() {
	commands["import"] = command{"KIND FILE", 2, 2, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.sheet, "sheet", "", "the sheet of a workbook (default: the first visible one)")
		fs.Var(&o.maps, "map", `"Column=field" (or "Column=" to leave a column out), over the automatic mapping; repeatable`)
		fs.Var(&o.sets, "set", `"field=value": a value for every row no column gives one (a service by ref or title, a state); repeatable`)
		fs.Var(&o.valueMaps, "map-value", `"Column:text=value": what a text of a column stands for ("Status:On Hold=pending"); repeatable`)
		fs.Var(&o.lookups, "lookup", `"Column=field:file.csv": map Column to field, its texts read through the pairs of the CSV file (text, value); repeatable`)
		fs.StringVar(&o.profile, "profile", "", "a saved mapping to use; a successful import saves its mapping under this name")
		fs.StringVar(&o.key, "key", "", "the field that finds the record a row updates (default: the ref column)")
		fs.BoolVar(&o.dryRun, "dry-run", false, "check every row and write nothing")
		fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "import the valid rows; write the others to FILE.rejected.xlsx")
		languageFlag(fs, o, "the language of FILE.rejected.xlsx: en or de (the file is read in either)")
	}, runImport}
	commands["export"] = command{"KIND --out FILE.xlsx|FILE.csv", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.out, "out", "", "the file to write: .xlsx or .csv")
		fs.Var(&o.where, "where", "FIELD=VALUE (also != < <= > >= ~), as for list; repeatable")
		fs.StringVar(&o.search, "search", "", "words to look for, as for list")
		languageFlag(fs, o, "the language of the headers and values: en or de")
	}, runExport}
	commands["template"] = command{"KIND --out FILE.xlsx", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.out, "out", "", "the template to write (.xlsx)")
		languageFlag(fs, o, "the language of the headers, lists and instructions: en or de")
	}, runTemplate}
}

// languageFlag is the --language of a command that writes a spreadsheet.
func languageFlag(fs *flag.FlagSet, o *opts, usage string) {
	fs.StringVar(&o.language, "language", "", usage+" (default: the command line's language: --language before the command, else the system's)")
}

// sheetLanguage is the language a spreadsheet is written in: the command's --language, else
// the command line's.
func sheetLanguage(c *ctx) (string, error) {
	lang := strings.TrimSpace(c.o.language)
	if lang == "" {
		return c.o.lang, nil
	}
	if err := importer.Language(lang); err != nil {
		return "", usagef("--language %q: en or de", lang)
	}
	return lang, nil
}

func runExport(c *ctx, a []string) error {
	if c.o.out == "" {
		return usagef("export: --out FILE.xlsx or FILE.csv is required")
	}
	q := store.Query{Search: c.o.search}
	for _, w := range c.o.where {
		f, err := store.ParseFilter(w)
		if err != nil {
			return usagef("export: %v", err)
		}
		q.Where = append(q.Where, f)
	}
	lang, err := sheetLanguage(c)
	if err != nil {
		return err
	}
	res, err := importer.Export(c, c.s, a[0], q, c.o.out, lang)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(res)
	}
	fmt.Fprintln(c.env.Stdout, c.tr("wrote %s: %d records (%d bytes)", res.Path, res.Rows, res.Bytes))
	return nil
}

func runTemplate(c *ctx, a []string) error {
	if c.o.out == "" {
		return usagef("template: --out FILE.xlsx is required")
	}
	lang, err := sheetLanguage(c)
	if err != nil {
		return err
	}
	res, err := importer.Template(c, c.s, a[0], c.o.out, lang)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(res)
	}
	fmt.Fprintln(c.env.Stdout, c.tr("wrote %s", res.Path))
	return nil
}

func runImport(c *ctx, a []string) error {
	k, err := c.s.Kind(a[0])
	if err != nil {
		return err
	}
	opt := importer.PlanOptions{Sheet: c.o.sheet, Maps: c.o.maps, Sets: c.o.sets, ValueMaps: c.o.valueMaps}
	for _, l := range c.o.lookups {
		column, target, ok := strings.Cut(l, "=")
		field, path, ok2 := strings.Cut(target, ":")
		if !ok || !ok2 || strings.TrimSpace(column) == "" || strings.TrimSpace(field) == "" || strings.TrimSpace(path) == "" {
			return usagef("--lookup %q: give \"Column=field:file.csv\"", l)
		}
		pairs, err := importer.LookupMaps(strings.TrimSpace(column), strings.TrimSpace(path))
		if err != nil {
			return err
		}
		opt.Maps = append(opt.Maps, strings.TrimSpace(column)+"="+strings.TrimSpace(field))
		opt.ValueMaps = append(opt.ValueMaps, pairs...)
	}
	lang, err := sheetLanguage(c)
	if err != nil {
		return err
	}
	run := importer.RunOptions{Key: c.o.key, DryRun: c.o.dryRun, SkipInvalid: c.o.skipInvalid, Language: lang,
		Before: func() error { return backup.Before(c, c.s, "import") }}
	var profile *importer.Profile
	if c.o.profile != "" {
		var err error
		if profile, err = importer.LoadProfile(c, c.s, c.o.profile); err != nil {
			return err
		}
		if profile != nil {
			if profile.Kind != k.Name {
				return fmt.Errorf("import profile %q is for %s, not %s", profile.Name, profile.Kind, k.Name)
			}
			opt.ProfileMaps = profile.Maps
			opt.Sets = append(slices.Clone(opt.Sets), profile.Sets...) // the first given for a field counts: the user's
			opt.ValueMaps = append(slices.Clone(profile.Values), opt.ValueMaps...)
			if opt.Sheet == "" {
				opt.Sheet = profile.Sheet
			}
			if run.Key == "" {
				run.Key = profile.Key
			}
		}
	}
	plan, err := importer.NewPlan(a[1], k, opt)
	if err != nil {
		return err
	}
	res, err := importer.Run(c, c.s, plan, run)
	var invalid *importer.InvalidError
	if err != nil && !errors.As(err, &invalid) {
		return err
	}
	if err == nil && !run.DryRun && c.o.profile != "" {
		p := importer.Profile{Name: c.o.profile, Kind: k.Name, Sheet: c.o.sheet, Maps: plan.Maps(), Key: run.Key, Sets: plan.Sets(), Values: plan.Values()}
		if p.Sheet == "" && profile != nil {
			p.Sheet = profile.Sheet
		}
		if serr := importer.SaveProfile(c, c.s, p); serr != nil {
			return fmt.Errorf("imported, but the profile was not saved: %v", serr)
		}
	}
	if c.o.json {
		if perr := c.printJSON(struct {
			Plan   *importer.Plan   `json:"plan"`
			Result *importer.Result `json:"result"`
		}{plan, res}); perr != nil {
			return perr
		}
	} else {
		importer.Localize(res.Errors, c.o.lang)
		c.printRecordImport(c.env.Stdout, plan, res)
	}
	if err == nil && run.DryRun && res.Invalid > 0 {
		// A script checking a file before importing it learns from the exit code too.
		return fault.New("import.rows_invalid", "", "%d of %d rows cannot be imported (a dry run: nothing was written)", res.Invalid, res.Rows)
	}
	return err
}

// printRecordImport shows the mapping, the notes, what was (or would be) done and the first errors.
func (c *ctx) printRecordImport(w io.Writer, p *importer.Plan, r *importer.Result) {
	p.Describe(w, c.o.lang)
	done := r.Created + r.Updated
	summary := c.tr("%d rows: imported %d (%d new, %d updated), %d invalid", r.Rows, done, r.Created, r.Updated, r.Invalid)
	switch {
	case r.DryRun:
		summary = c.tr("%d rows: would import %d (%d new, %d updated), %d invalid", r.Rows, done, r.Created, r.Updated, r.Invalid)
	case !r.Written && r.Invalid > 0 && r.Rejected == "":
		summary = c.tr("%d rows: would have imported %d (%d new, %d updated), %d invalid", r.Rows, done, r.Created, r.Updated, r.Invalid)
	}
	for _, k := range p.Constants {
		fmt.Fprintln(w, c.tr("every row without one: %s = %s", k.Field, k.Text))
	}
	if len(p.Mapped) > 0 {
		fmt.Fprintln(w, c.tr("values read:"))
		for _, m := range p.Mapped {
			to := m.To
			if to == "" {
				to = c.tr("(not understood)")
			}
			fmt.Fprintln(w, "  "+c.tr("%s: %q -> %s (%d rows)", m.Column, m.From, to, m.Rows))
		}
	}
	fmt.Fprintln(w, summary)
	for i, n := range r.Notes {
		if i == 20 {
			fmt.Fprintln(w, "  "+c.tr("… and %d more notes (--json lists them)", len(r.Notes)-20))
			break
		}
		fmt.Fprintln(w, "  "+c.tr("note: %s", n))
	}
	const shown = 50
	for i, e := range r.Errors {
		if i == shown {
			fmt.Fprintln(w, "  "+c.tr("… and %d more (--json lists up to 1,000)", len(r.Errors)-shown))
			break
		}
		fmt.Fprintf(w, "  %s\n", e.Line(c.o.lang))
	}
	if r.Rejected != "" {
		fmt.Fprintln(w, c.tr("the %d rejected rows, with their reasons: %s", r.Invalid, r.Rejected))
	}
}
