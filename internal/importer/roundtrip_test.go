package importer_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	_ "modernc.org/sqlite"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/importer"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

var bg = context.Background()

func opCount(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM ops").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Export -> import gives the same records: every register of the demo, as a workbook and as
// CSV, in English and in German, comes back as updates of the records it came from that change nothing; one cell edited
// in Excel comes back as that one change.
func TestExportImportRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("fills the demo")
	}
	path := filepath.Join(t.TempDir(), "demo.smswb")
	s, err := store.Open(path, store.Options{Create: true, Author: "consultant"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := demo.Fill(bg, s, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kinds := []string{"incident", "request", "problem", "change", "ci", "service", "sla", "supplier", "contract", "risk",
		"budget", "cost", "objective", "continuityplan", "finding", "action"}
	for _, kind := range kinds {
		for _, ext := range []string{".xlsx", ".csv", ".de.xlsx", ".de.csv"} {
			file, lang := filepath.Join(dir, kind+ext), "en"
			if strings.HasPrefix(ext, ".de.") {
				lang = "de"
			}
			exp, err := importer.Export(bg, s, kind, store.Query{}, file, lang)
			if err != nil {
				t.Fatalf("export %s: %v", file, err)
			}
			before, digest := opCount(t, path), ""
			digest, _ = s.Digest(bg)
			k, _ := s.Registry().Kind(kind)
			p, err := importer.NewPlan(file, k, importer.PlanOptions{})
			if err != nil {
				t.Fatalf("plan %s: %v", kind+ext, err)
			}
			// Every importable column maps back to its field, in either language.
			lk, _ := s.Registry().LocalizedKind(k, lang)
			want := map[string]string{}
			for i, c := range sheets.RegisterColumnsIn(lk, lang) {
				switch {
				case i == 0:
					want[c.Header] = importer.RefColumn
				case c.IsStatus():
					want[c.Header] = importer.StatusColumn
				case c.Field != nil && importer.Importable(k, c.Field):
					want[c.Header] = c.Field.Name
				}
			}
			for _, c := range p.Columns {
				if w, ok := want[c.Header]; ok && c.Field != w {
					t.Errorf("%s: column %q maps to %q, want %q", kind+ext, c.Header, c.Field, w)
				}
			}
			res, err := importer.Run(bg, s, p, importer.RunOptions{})
			if err != nil {
				t.Fatalf("import %s: %v", kind+ext, err)
			}
			if res.Updated != exp.Rows || res.Created != 0 || exp.Rows == 0 {
				t.Errorf("%s: exported %d, updated %d, created %d", kind+ext, exp.Rows, res.Updated, res.Created)
			}
			if after, _ := s.Digest(bg); opCount(t, path) != before || after != digest {
				t.Errorf("%s: importing an unchanged export wrote %d ops", kind+ext, opCount(t, path)-before)
			}
		}
	}

	// A client edits one cell in Excel and imports the file.
	file := filepath.Join(dir, "incident.xlsx")
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sheet := sheets.SheetName("Incidents")
	ref, _ := f.GetCellValue(sheet, "A2")
	f.SetCellValue(sheet, "B2", "Edited in Excel")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	old, _ := s.Get(bg, "incident", ref)
	k, _ := s.Registry().Kind("incident")
	p, _ := importer.NewPlan(file, k, importer.PlanOptions{})
	before := opCount(t, path)
	if _, err := importer.Run(bg, s, p, importer.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(bg, "incident", ref)
	if got.Title() != "Edited in Excel" || opCount(t, path) != before+1 {
		t.Errorf("edited title %q, %d ops", got.Title(), opCount(t, path)-before)
	}
	delete(got.Values, "title")
	delete(old.Values, "title")
	if !reflect.DeepEqual(got.Values, old.Values) || got.Status != old.Status {
		t.Errorf("other fields changed:\n%v\n%v", got.Values, old.Values)
	}
}
