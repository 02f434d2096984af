package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"smsworkbench/internal/auditpack"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/jobs"
)

// The audit pack in the window: the "audit-pack" job writes it with progress (see StartJob);
// the save dialogs propose its file names; OpenPath shows a written file in the desktop's
// viewer.

var (
	pdfFilter  = FileFilter{Name: i18n.Mark("PDF report (*.pdf)"), Pattern: "*.pdf"}
	xlsxFilter = FileFilter{Name: i18n.Mark("Excel workbook (*.xlsx)"), Pattern: "*.xlsx"}
)

// AuditPackSections lists the sections a pack can hold, in print order.
func (a *App) AuditPackSections() []string { return auditpack.Sections }

// ChooseAuditPackFile asks where to save the pack's PDF (kind "pdf") or workbook ("xlsx"),
// proposing the organisation's name and today's date; "" when the user cancels.
func (a *App) ChooseAuditPackFile(kind string) (string, error) {
	filter, ext := pdfFilter, ".pdf"
	switch kind {
	case "pdf":
	case "xlsx":
		filter, ext = xlsxFilter, ".xlsx"
	default:
		return "", fail(fmt.Errorf("unknown file kind %q (pdf or xlsx)", kind))
	}
	name := slug(a.store().Meta("name"))
	if name == "" {
		name = "workspace"
	}
	path, err := a.runtime().SaveFile(i18n.Mark("Save the audit pack"), name+"-audit-pack-"+time.Now().Format("2006-01-02")+ext, filter)
	if path != "" && filepath.Ext(path) == "" {
		path += ext
	}
	return path, fail(err)
}

// OpenPath opens a file the app wrote (an audit pack) in the desktop's default application.
func (a *App) OpenPath(path string) error {
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return fail(fmt.Errorf("%s: no such file", path))
	}
	return fail(a.runtime().OpenPath(path))
}

// auditPackJob checks the options of an audit pack, before anything runs, and returns the work.
func (a *App) auditPackJob(p jobs.Params) (jobs.Func, error) {
	var opt auditpack.Options
	var out auditpack.Files
	var errs []error
	str := func(key string, into *string) {
		v, err := p.String(key)
		errs = append(errs, err)
		*into = strings.TrimSpace(v)
	}
	str("assessment", &opt.Assessment)
	str("from", &opt.From)
	str("to", &opt.To)
	str("language", &opt.Language)
	str("pdf", &out.PDF)
	str("xlsx", &out.XLSX)
	var sections string
	str("sections", &sections)
	for key, into := range map[string]*bool{"report": &opt.Report, "plan": &opt.Plan} {
		if _, given := p[key]; given {
			v, err := p.Bool(key)
			errs = append(errs, err)
			*into = v
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if sections != "" {
		var err error
		if opt.Sections, err = auditpack.ParseSections(sections); err != nil {
			return nil, err
		}
	}
	opt.AppVersion = Version
	s := a.store()
	if err := auditpack.Check(context.Background(), s, opt, out); err != nil {
		return nil, err
	}
	return func(ctx context.Context, report jobs.Report) (any, error) {
		return auditpack.Write(ctx, s, opt, out, auditpack.Progress(report))
	}, nil
}
