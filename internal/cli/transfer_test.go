package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// copyFixture copies a client-style file of testdata/import into dir.
func copyFixture(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The consultant's day one: a ticket tool's export checked, imported with a saved profile,
// exported, edited and imported back as updates.
func TestImportExportThroughTheCLI(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	src := copyFixture(t, dir, "incidents-servicenow.xlsx")
	before := count(t, db, "incident")
	d := digest(t, db)
	out := ok(t, runCLI(t, db, "import", "incident", src, "--dry-run"))
	if !strings.Contains(out, "header on row 4") || !strings.Contains(out, `"Short description"          -> title (synonym)`) ||
		!strings.Contains(out, "12 rows: would import 12 (12 new, 0 updated), 0 invalid") {
		t.Fatalf("dry run:\n%s", out)
	}
	if digest(t, db) != d {
		t.Fatal("a dry run changed the workspace")
	}
	out = ok(t, runCLI(t, db, "import", "incident", src, "--map", "Caller=", "--profile", "servicenow"))
	if !strings.Contains(out, "12 rows: imported 12 (12 new, 0 updated), 0 invalid") {
		t.Fatalf("import:\n%s", out)
	}
	if n := count(t, db, "incident"); n != before+12 {
		t.Fatalf("%d incidents after importing 12 into %d", n, before)
	}
	// The profile remembers that Caller is left out.
	var res struct {
		Plan struct {
			Columns []struct{ Header, Field, How string } `json:"columns"`
		} `json:"plan"`
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "import", "incident", src, "--profile", "servicenow", "--dry-run", "--json"))), &res)
	for _, c := range res.Plan.Columns {
		if c.Header == "Caller" && (c.Field != "" || c.How != "profile") {
			t.Errorf("profile: Caller -> %q (%s)", c.Field, c.How)
		}
	}

	// Export the closed P1 incidents, edit one in "Excel", import the file back.
	xlsx := filepath.Join(dir, "p1.xlsx")
	out = ok(t, runCLI(t, db, "export", "incident", "--out", xlsx, "--where", "priority=1", "--where", "status=closed"))
	if !strings.HasPrefix(out, "wrote "+xlsx+": ") {
		t.Fatalf("export: %s", out)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := f.GetCellValue("Incidents", "A2")
	f.SetCellValue("Incidents", "B2", "Renamed by the client")
	f.Save()
	rows, _ := f.GetRows("Incidents")
	f.Close()
	out = ok(t, runCLI(t, db, "import", "incident", xlsx))
	if !strings.Contains(out, "imported "+itoa(len(rows)-1)+" (0 new, "+itoa(len(rows)-1)+" updated)") {
		t.Fatalf("import back:\n%s", out)
	}
	if got := decode(t, ok(t, runCLI(t, db, "get", "incident", ref))); got["title"] != "Renamed by the client" {
		t.Errorf("%s: %v", ref, got["title"])
	}
	csv := filepath.Join(dir, "suppliers.csv")
	ok(t, runCLI(t, db, "export", "supplier", "--out", csv, "--search", "Ltd"))
	data, _ := os.ReadFile(csv)
	if !strings.HasPrefix(string(data), "\ufeffRef,Name,Status,") {
		t.Errorf("csv: %q", string(data)[:60])
	}

	tpl := filepath.Join(dir, "risks.xlsx")
	ok(t, runCLI(t, db, "template", "risk", "--out", tpl))
	f, _ = excelize.OpenFile(tpl)
	defer f.Close()
	head, _ := f.GetRows("Risks")
	if len(head) != 1 || head[0][0] != "Risk" || f.GetSheetList()[1] != "Instructions" {
		t.Errorf("template: %v %v", head, f.GetSheetList())
	}
	dvs, _ := f.GetDataValidations("Risks")
	if len(dvs) == 0 || !strings.HasSuffix(dvs[0].Sqref, "1001") {
		t.Errorf("template validations: %+v", dvs)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestImportBadInputExitsWithOneLineAndWritesNothing(t *testing.T) {
	db := freshDB(t)
	ok(t, runCLI(t, db, "add", "service", `{"title": "E-mail and collaboration"}`))
	dir := t.TempDir()
	errorsCSV := copyFixture(t, dir, "incidents-errors.csv")
	text := filepath.Join(dir, "notes.csv")
	os.WriteFile(text, []byte("Colour,Shape\nred,round\n"), 0o644)
	binary := filepath.Join(dir, "photo.xlsx")
	os.WriteFile(binary, []byte("\x89PNG\r\n\x1a\n\x00\x00binary"), 0o644)
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, nil, 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "incident", errorsCSV}, "7 of 8 rows cannot be imported, so nothing was imported"},
		{[]string{"import", "incident", errorsCSV}, "(fix them, or import the others with --skip-invalid)"},
		{[]string{"import", "incident", errorsCSV, "--dry-run"}, "7 of 8 rows cannot be imported (a dry run"},
		{[]string{"import", "incident", text}, "no column of the file maps to a field of Incidents"},
		{[]string{"import", "incident", binary}, "photo.xlsx"},
		{[]string{"import", "incident", empty}, "empty"},
		{[]string{"import", "incident", filepath.Join(dir, "none.csv")}, "none.csv"},
		{[]string{"import", "gizmo", errorsCSV}, `unknown kind "gizmo"`},
		{[]string{"import", "incident", errorsCSV, "--map", "Colour=title"}, `the file has no column "Colour"`},
		{[]string{"import", "incident", errorsCSV, "--map", "Ticket=colour"}, "colour"},
		{[]string{"import", "incident", errorsCSV, "--key", "colour"}, `the key "colour" is not a field`},
		{[]string{"import", "incident", errorsCSV, "--key", "colour"}, "(--key)"},
		{[]string{"import", "incident", text}, `(map them with --map "Column=field")`},
		{[]string{"import", "incident", errorsCSV, "--sheet", "Tickets"}, "a sheet applies to .xlsx files (--sheet)"},
		{[]string{"export", "incident", "--out", filepath.Join(dir, "x.txt")}, "must end in .xlsx or .csv (--out)"},
		{[]string{"export", "incident", "--out", filepath.Join(dir, "no", "x.csv")}, "does not exist"},
		{[]string{"export", "incident", "--out", filepath.Join(dir, "x.csv"), "--where", "colour=red"}, "colour"},
		{[]string{"template", "incident", "--out", filepath.Join(dir, "x.csv")}, "must end in .xlsx"},
		{[]string{"assess", "export", "ASM-00009", "--out", filepath.Join(dir, "a.xlsx")}, "ASM-00009"},
		{[]string{"assess", "import", "ASM-00009", errorsCSV}, "ASM-00009"},
	} {
		before := digest(t, db)
		r := runCLI(t, db, tc.args...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code == 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "error: ") || !strings.Contains(lines[0], tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want one error line with %q", tc.args, r.code, r.stderr, tc.want)
		}
		if after := digest(t, db); after != before {
			t.Errorf("%v changed the workspace", tc.args)
		}
	}
	// The report of the refused import names every bad row on stdout.
	r := runCLI(t, db, "import", "incident", errorsCSV)
	if !strings.Contains(r.stdout, `row 6, column "Service" ("Web shop"): no service has the ref or title "Web shop"`) {
		t.Errorf("report:\n%s", r.stdout)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 {
		t.Errorf("failed commands left files behind: %d entries", len(entries))
	}
	// --skip-invalid writes the rejected rows beside the source.
	out := ok(t, runCLI(t, db, "import", "incident", errorsCSV, "--skip-invalid"))
	if !strings.Contains(out, "imported 1 (1 new, 0 updated), 7 invalid") || !strings.Contains(out, filepath.Join(dir, "incidents-errors.rejected.xlsx")) {
		t.Errorf("skip invalid:\n%s", out)
	}
}

func TestAssessmentWorkbookThroughTheCLI(t *testing.T) {
	db := freshDB(t)
	a := decode(t, ok(t, runCLI(t, db, "assess", "new", "Gap")))
	ref := a["ref"].(string)
	path := filepath.Join(t.TempDir(), "gap.xlsx")
	if out := ok(t, runCLI(t, db, "assess", "export", ref, "--out", path)); !strings.Contains(out, "70 clauses of "+ref) {
		t.Fatalf("export: %s", out)
	}
	f, _ := excelize.OpenFile(path)
	f.SetCellValue("Clauses", "C2", "Conformant")
	f.SetCellValue("Clauses", "D2", 4)
	f.Save()
	f.Close()
	if out := ok(t, runCLI(t, db, "assess", "import", ref, path)); !strings.Contains(out, "70 clauses read, 1 changed") {
		t.Fatalf("import: %s", out)
	}
	show := ok(t, runCLI(t, db, "assess", "show", ref, "--json"))
	if !strings.Contains(show, `"result": "conformant"`) || !strings.Contains(show, `"maturity": 4`) {
		t.Errorf("show after import: %.400s", show)
	}
}
