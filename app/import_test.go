package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/importer"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/store"
)

// importFixture copies a file of testdata/import into a folder of the test's own: an import
// that skips rows writes the rejected ones beside its source.
func importFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// importApp is the facade over a copy of the demo, with a runtime that records its events.
func importApp(t *testing.T) (*App, *fakeRuntime) {
	t.Helper()
	a := New(demoCopy(t))
	rt := &fakeRuntime{}
	a.setRuntime(rt)
	return a, rt
}

// runImport starts the "import" job and waits for its end.
func runImport(t *testing.T, a *App, params map[string]any) (jobs.Result, *ImportResult) {
	t.Helper()
	id, err := a.StartJob("import", params)
	if err != nil {
		t.Fatalf("import %v: %v", params, err)
	}
	res, err := a.jobs.Wait(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := res.Result.(*ImportResult)
	return res, out
}

func mapping(cols []importer.Column) map[string]string {
	out := map[string]string{}
	for _, c := range cols {
		out[c.Header] = c.Field + "/" + c.How
	}
	return out
}

func TestImportWizardPlansRemapsChecksAndImports(t *testing.T) {
	a, rt := importApp(t)
	s := a.store()
	path := importFixture(t, "incidents-errors.csv")
	before, _ := s.Count("incident")

	fields, err := a.ImportFields("incident")
	if err != nil || fields[0].Name != "ref" || fields[1].Name != "status" {
		t.Fatalf("fields %v %v", fields, err)
	}
	byName := map[string]ImportField{}
	for _, f := range fields {
		byName[f.Name] = f
	}
	if !byName["title"].Required || byName["opened_at"].Name == "" {
		t.Errorf("fields %+v", fields)
	}

	// The plan: the columns mapped by synonym, a sample of each, and the cells that cannot be read.
	p, err := a.PlanImport("incident", path, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := mapping(p.Columns)
	for h, want := range map[string]string{"Ticket": "ref/synonym", "Summary": "title/label", "Created": "opened_at/synonym", "Status": "status/name"} {
		if got[h] != want {
			t.Errorf("column %q -> %q, want %q", h, got[h], want)
		}
	}
	if p.Source.Format != "csv" || p.Rows != 8 || len(p.Samples) != len(p.Columns) || p.Samples[0] != "T-1" || p.Samples[1] != "Mail down" {
		t.Errorf("plan %+v samples %q", p.Source, p.Samples)
	}
	if !hasRowError(p.Errors, 4, "Created", "yesterday") {
		t.Errorf("errors %+v", p.Errors)
	}
	invalid := p.Invalid

	// A column left out ("parked" is no state of an incident: the records start new).
	p, err = a.PlanImport("incident", path, "", "", []string{"Status="})
	if err != nil {
		t.Fatal(err)
	}
	if got := mapping(p.Columns)["Status"]; got != "/given" || p.Invalid != invalid {
		t.Errorf("Status left out: %q, %d invalid %+v", got, p.Invalid, p.Errors)
	}

	// The dry run checks each row through the workspace's rules and writes nothing.
	params := map[string]any{"kind": "incident", "path": path, "maps": []any{"Status="}, "dry_run": true}
	res, out := runImport(t, a, params)
	if res.Error != "" || out == nil || !out.DryRun || out.Written || out.Rows != 8 || out.Created != 3 || out.Invalid != 5 || len(out.Columns) != 7 {
		t.Fatalf("dry run %+v %+v", res, out)
	}
	if !hasRowError(out.Errors, 6, "Service", "Web shop") {
		t.Errorf("dry run errors %+v", out.Errors)
	}
	if n, _ := s.Count("incident"); n != before {
		t.Fatalf("a dry run wrote %d incidents", n-before)
	}
	dry := *out.Result

	// All or nothing: the invalid rows are the result, and nothing is written.
	delete(params, "dry_run")
	res, out = runImport(t, a, params)
	if res.Error != "" || out == nil || out.DryRun || out.Written || out.Invalid != dry.Invalid || out.Rejected != "" {
		t.Fatalf("all or nothing %+v %+v", res, out)
	}
	if n, _ := s.Count("incident"); n != before {
		t.Fatalf("a refused import wrote %d incidents", n-before)
	}

	// The valid rows, the others in the rejected workbook; the mapping kept as a profile.
	params["skip_invalid"] = true
	params["profile"] = "Client tickets"
	res, out = runImport(t, a, params)
	if res.Error != "" || out == nil || !out.Written || out.Created != dry.Created || out.Invalid != dry.Invalid || out.Profile != "Client tickets" || out.ProfileError != "" {
		t.Fatalf("skip invalid %+v %+v", res, out)
	}
	if out.Rejected != importer.RejectedPath(path) {
		t.Errorf("rejected rows in %q", out.Rejected)
	}
	if b, err := os.ReadFile(out.Rejected); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("rejected workbook: %v", err)
	}
	if n, _ := s.Count("incident"); n != before+dry.Created {
		t.Errorf("%d incidents imported, want %d", n-before, dry.Created)
	}
	if changed := rt.named("records:changed"); len(changed) != 1 || changed[0] != "incident" {
		t.Errorf("records:changed %v", changed)
	}

	// The profile: listed for its kind only, and applied to the next plan.
	profiles, err := a.ImportProfiles("incident")
	if err != nil || len(profiles) != 1 || profiles[0].Name != "Client tickets" {
		t.Fatalf("profiles %+v %v", profiles, err)
	}
	if other, _ := a.ImportProfiles("risk"); len(other) != 0 {
		t.Errorf("risk profiles %+v", other)
	}
	p, err = a.PlanImport("incident", path, "", "Client tickets", nil)
	if err != nil || p.Profile == nil || p.Profile.Name != "Client tickets" {
		t.Fatalf("plan with the profile: %+v %v", p, err)
	}
	if got := mapping(p.Columns); got["Status"] != "/profile" || got["Summary"] != "title/profile" {
		t.Errorf("profile's mapping %v", got)
	}
	if _, err := a.PlanImport("risk", path, "", "Client tickets", nil); problem(t, err).Field != "profile" {
		t.Errorf("a profile of incidents for risks: %v", err)
	}
}

// progressLabels are the labels a job reported, in order.
func progressLabels(rt *fakeRuntime, id string) []string {
	var labels []string
	for _, e := range rt.named("job:progress") {
		if pr := e.(jobs.Progress); pr.ID == id {
			labels = append(labels, pr.Label)
		}
	}
	return labels
}

func hasRowError(errs []importer.RowError, row int, column, value string) bool {
	for _, e := range errs {
		if e.Row == row && e.Column == column && e.Value == value {
			return true
		}
	}
	return false
}

func TestImportJobOfAWorkbookReportsProgress(t *testing.T) {
	a, rt := importApp(t)
	path := importFixture(t, "incidents-servicenow.xlsx")
	p, err := a.PlanImport("incident", path, "", "", nil)
	if err != nil || p.Source.Format != "xlsx" || len(p.Source.Sheets) == 0 || p.Source.HeaderRow != 4 || p.Invalid != 0 {
		t.Fatalf("plan %+v %v", p, err)
	}
	res, out := runImport(t, a, map[string]any{"kind": "incident", "path": path})
	if res.Error != "" || out == nil || out.Created != 12 || out.Invalid != 0 || !out.Written {
		t.Fatalf("import %+v %+v", res, out)
	}
	labels := progressLabels(rt, res.ID)
	if joined := strings.Join(labels, "|"); !strings.Contains(joined, "Reading incidents-servicenow.xlsx") || !strings.Contains(joined, "Importing rows: 12 of 12") {
		t.Errorf("progress %s", joined)
	}
	if _, err := a.PlanImport("incident", path, "Nope", "", nil); !strings.Contains(problem(t, err).Message, `has no sheet "Nope"`) || problem(t, err).Field != "sheet" {
		t.Errorf("a sheet the workbook lacks: %v", err)
	}
}

func TestImportIsRefusedBesideTheField(t *testing.T) {
	a, _ := importApp(t)
	path := importFixture(t, "incidents-errors.csv")
	dir := t.TempDir()
	for _, c := range []struct {
		params      map[string]any
		field, says string
	}{
		{map[string]any{"kind": "gadget", "path": path}, "kind", `unknown kind "gadget"`},
		{map[string]any{"kind": "incident"}, "path", "choose the file to import"},
		{map[string]any{"kind": "incident", "path": filepath.Join(dir, "gone.csv")}, "path", "no such file"},
		{map[string]any{"kind": "incident", "path": path, "key": "colour"}, "key", `no field "colour"`},
		{map[string]any{"kind": "incident", "path": path, "maps": "Resolved="}, "", `"maps" must be a list of text`},
		{map[string]any{"kind": "incident", "path": path, "dry_run": "yes"}, "", `"dry_run"`},
	} {
		_, err := a.StartJob("import", c.params)
		p := problem(t, err)
		if p.Field != c.field || !strings.Contains(p.Message, c.says) {
			t.Errorf("%v: %+v, want %q beside %q", c.params, p, c.says, c.field)
		}
	}
	if l, _ := a.Jobs(); len(l) != 0 {
		t.Errorf("refused imports were started: %+v", l)
	}
	for _, c := range []struct {
		maps        []string
		field, says string
	}{
		{[]string{"Colour=title"}, "maps", `the file has no column "Colour"`},
		{[]string{"Ticket=", "Summary=", "Service=", "Priority=", "Status=", "Created=", "Resolved="}, "maps", "choose a field for at least one column"},
	} {
		_, err := a.PlanImport("incident", path, "", "", c.maps)
		if p := problem(t, err); p.Field != c.field || !strings.Contains(p.Message, c.says) || strings.Contains(p.Message, "--") {
			t.Errorf("%v: %+v, want %q beside %q", c.maps, p, c.says, c.field)
		}
	}
	if _, err := a.PlanImport("incident", path, "Sheet1", "", nil); problem(t, err).Field != "sheet" || strings.Contains(problem(t, err).Message, "--") {
		t.Errorf("a sheet of a CSV: %v", err)
	}

	// A key column that is no column: the job says so beside the key.
	res, _ := runImport(t, a, map[string]any{"kind": "incident", "path": path, "key": "category"})
	if res.Field != "key" || !strings.HasPrefix(res.Error, `the key "category"`) {
		t.Errorf("key without its column: %+v", res)
	}
}

func TestImportJobIsCancelled(t *testing.T) {
	a, rt := importApp(t)
	s := a.store()
	var b strings.Builder
	b.WriteString("Summary,Service,Priority\n")
	for i := range 50000 {
		fmt.Fprintf(&b, "Imported ticket %d,Service desk,P3\n", i)
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Count("incident")
	id, err := a.StartJob("import", map[string]any{"kind": "incident", "path": path})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first rows imported", func() bool {
		for _, e := range rt.named("job:progress") {
			if p := e.(jobs.Progress); p.ID == id && p.Done >= 500 && p.Total == 50000 {
				return true
			}
		}
		return false
	})
	if err := a.CancelJob(id); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, time.Minute)
	defer cancel()
	res, err := a.jobs.Wait(ctx, id)
	if err != nil || !res.Cancelled {
		t.Fatalf("cancelled import %+v %v", res, err)
	}
	if n, _ := s.Count("incident"); n != before {
		t.Errorf("a cancelled import wrote %d incidents", n-before)
	}
}

func TestExportListAndTemplate(t *testing.T) {
	a, rt := importApp(t)
	dir := t.TempDir()
	where := []store.Filter{{Field: "priority", Op: "=", Value: 1.0}}
	page, err := a.List("incident", store.Query{Where: where, Limit: 1})
	if err != nil || page.Total == 0 {
		t.Fatalf("list %v", err)
	}
	xlsx := filepath.Join(dir, "p1.xlsx")
	res, err := a.ExportList("incident", where, "", xlsx)
	if err != nil || res.Rows != page.Total || res.Format != "xlsx" {
		t.Fatalf("export %+v %v, want %d rows", res, err, page.Total)
	}
	if b, _ := os.ReadFile(xlsx); !bytes.HasPrefix(b, []byte("PK")) {
		t.Error("the export is not a workbook")
	}
	csv := filepath.Join(dir, "mail.csv")
	res, err = a.ExportList("incident", nil, "mail", csv)
	if err != nil || res.Format != "csv" || res.Rows == 0 {
		t.Fatalf("csv export %+v %v", res, err)
	}
	if res, err := a.ExportTemplate("incident", filepath.Join(dir, "t.xlsx")); err != nil || res.Format != "xlsx" {
		t.Fatalf("template %+v %v", res, err)
	}
	for _, c := range []struct {
		err         error
		field, says string
	}{
		{second(a.ExportList("incident", nil, "", filepath.Join(dir, "p.txt"))), "path", `the file "` + filepath.Join(dir, "p.txt") + `" must end in .xlsx or .csv`},
		{second(a.ExportList("incident", nil, "", filepath.Join(dir, "no", "p.csv"))), "path", "does not exist"},
		{second(a.ExportList("gadget", nil, "", xlsx)), "kind", "unknown kind"},
		{second(a.ExportTemplate("incident", filepath.Join(dir, "t.csv"))), "path", "must end in .xlsx"},
	} {
		if p := problem(t, c.err); p.Field != c.field || !strings.Contains(p.Message, c.says) || strings.Contains(p.Message, "--") {
			t.Errorf("%+v, want %q beside %q", p, c.says, c.field)
		}
	}

	rt.open = "/tmp/tickets.xlsx"
	if got, err := a.ChooseImportFile(); err != nil || got != rt.open || rt.filters[len(rt.filters)-1] != "*.xlsx;*.csv;*.txt" {
		t.Errorf("open dialog %q %v %v", got, err, rt.filters)
	}
	rt.save = filepath.Join(dir, "chosen")
	today := time.Now().Format("2006-01-02")
	for format, want := range map[string]string{"xlsx": "(incidents-" + today + ".xlsx)", "csv": "(incidents-" + today + ".csv)", "template": "(incidents-template.xlsx)"} {
		got, err := a.ChooseExportFile("incident", format)
		ext := strings.TrimSuffix(strings.TrimPrefix(filepath.Ext(want), "."), ")")
		if err != nil || got != rt.save+"."+ext || !strings.HasSuffix(rt.asked[len(rt.asked)-1], want) {
			t.Errorf("%s: %q %v %v", format, got, err, rt.asked)
		}
	}
	if _, err := a.ChooseExportFile("incident", "pdf"); !strings.Contains(problem(t, err).Message, "unknown export format") {
		t.Errorf("pdf export: %v", err)
	}
}

// With the language set to German, the window's exports and templates are German, and so is
// the file name proposed.
func TestExportsInTheSettingsLanguage(t *testing.T) {
	a, rt := importApp(t)
	dir := t.TempDir()
	s, _ := a.Settings()
	was := s
	t.Cleanup(func() { a.SaveSettings(was) }) // the tests share the preferences
	s.Language = "de"
	if _, err := a.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	sheetsOf := func(path string) []string {
		t.Helper()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return f.GetSheetList()
	}
	if _, err := a.ExportTemplate("incident", filepath.Join(dir, "t.xlsx")); err != nil {
		t.Fatal(err)
	}
	if got := sheetsOf(filepath.Join(dir, "t.xlsx")); got[0] != "Störungen" || got[1] != "Anleitung" {
		t.Errorf("template sheets %q", got)
	}
	csv := filepath.Join(dir, "l.csv")
	if _, err := a.ExportList("incident", nil, "", csv); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(csv); !bytes.HasPrefix(b, []byte("\ufeffRef.;Kurzbeschreibung;Status;")) {
		t.Errorf("German CSV %q", b[:min(len(b), 80)])
	}
	rt.save = filepath.Join(dir, "chosen")
	if _, err := a.ChooseExportFile("incident", "template"); err != nil || rt.asked[len(rt.asked)-1] != "Importvorlage für Störungen speichern (stoerungen-vorlage.xlsx)" {
		t.Errorf("German dialog %q %v", rt.asked, err)
	}
}

func second[T any](_ T, err error) error { return err }

// The window's import takes values for every row and value maps, as the command line does,
// refuses bad ones beside their field, and keeps them in the profile.
func TestImportWithValuesForEveryRow(t *testing.T) {
	a, _ := importApp(t)
	path := importFixture(t, "incidents-errors.csv")
	p, err := a.PlanImportWith("incident", path, "", "", []string{"Service="}, []string{"service=Service desk"}, []string{"Status:parked=pending"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Constants) != 1 || p.Constants[0].Field != "service" || len(p.ValueMaps) != 1 {
		t.Fatalf("plan %+v %+v", p.Constants, p.ValueMaps)
	}
	parked := false
	for _, m := range p.Mapped {
		if m.Column == "Status" && m.From == "parked" && m.To == "pending" {
			parked = true
		}
	}
	if !parked {
		t.Errorf("the preview does not say parked became pending: %+v", p.Mapped)
	}
	for _, c := range []struct {
		sets, values []string
		field, want  string
	}{
		{[]string{"colour=blue"}, nil, "sets", `has no field "colour"`},
		{nil, []string{"Status:parked=paused"}, "value_maps", `no state "paused"`},
	} {
		_, err := a.PlanImportWith("incident", path, "", "", nil, c.sets, c.values)
		if pr := problem(t, err); pr.Field != c.field || !strings.Contains(pr.Message, c.want) || strings.Contains(pr.Message, "--") {
			t.Errorf("%v %v: %+v", c.sets, c.values, pr)
		}
	}
}

// In German the import job's progress and every row's reason are German: the plan the window
// shows before the import, and the result after it.
func TestTheImportJobSpeaksTheWindowsLanguage(t *testing.T) {
	a, rt := importApp(t)
	speak(t, a, "de")
	path := importFixture(t, "incidents-errors.csv")
	p, err := a.PlanImport("incident", path, "", "", nil)
	if err != nil || len(p.Errors) == 0 {
		t.Fatalf("plan %+v %v", p, err)
	}
	for _, e := range p.Errors {
		if e.Column == "Created" && e.Reason != `"yesterday" ist kein Datum (gelesen werden 2026-11-21, 21.11.2026, 21/11/2026, ein Excel-Datum oder 2026-11-21T09:30:00Z)` {
			t.Errorf("the plan's reason in German: %q", e.Reason)
		}
	}
	res, out := runImport(t, a, map[string]any{"kind": "incident", "path": path, "dry_run": true})
	if out == nil || len(out.Errors) == 0 {
		t.Fatalf("dry run %+v %+v", res, out)
	}
	reasons := ""
	for _, e := range out.Errors {
		reasons += e.Reason + "\n"
	}
	for _, want := range []string{`Kein Datensatz (Service) hat die Referenz oder den Titel "Web shop"`, "derselbe Schlüssel wie in Zeile 3", "ist erforderlich"} {
		if !strings.Contains(reasons, want) {
			t.Errorf("the result's reasons lack %q:\n%s", want, reasons)
		}
	}
	labels := progressLabels(rt, res.ID)
	if joined := strings.Join(labels, "|"); !strings.Contains(joined, "incidents-errors.csv wird gelesen") || !strings.Contains(joined, "Zeilen prüfen: 8 von 8") {
		t.Errorf("progress in German: %s", joined)
	}
}
