package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Spreadsheets follow --language, else the system's language: a template, an export and the
// rejected rows of an import in German on a German desktop, in English when asked.
func TestSpreadsheetsInTheSystemsLanguage(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "de_DE.UTF-8")
	dir := t.TempDir()
	db := filepath.Join(dir, "w.smswb")
	ok(t, runCLI(t, db, "init", "--name", "Kunde"))
	ok(t, runCLI(t, db, "add", "service", `{"title":"ERP"}`))
	sheetsOf := func(path string) []string {
		t.Helper()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return f.GetSheetList()
	}
	de, en := filepath.Join(dir, "vorlage.xlsx"), filepath.Join(dir, "template.xlsx")
	ok(t, runCLI(t, db, "template", "incident", "--out", de))
	ok(t, runCLI(t, db, "template", "incident", "--out", en, "--language", "en"))
	if got := sheetsOf(de); got[0] != "Störungen" || got[1] != "Anleitung" {
		t.Errorf("German template: sheets %q", got)
	}
	if got := sheetsOf(en); got[0] != "Incidents" || got[1] != "Instructions" {
		t.Errorf("English template: sheets %q", got)
	}
	csv := filepath.Join(dir, "services.csv")
	ok(t, runCLI(t, db, "export", "service", "--out", csv))
	if data, _ := os.ReadFile(csv); !strings.HasPrefix(string(data), "\ufeffRef.;Name;Status;") {
		t.Errorf("German CSV: %q", data)
	}
	if r := runCLI(t, db, "export", "service", "--out", csv, "--language", "fr"); r.code == 0 || !strings.Contains(r.stderr, `--language "fr"`) {
		t.Errorf("--language fr: %+v", r)
	}

	// A German file imported with one bad row: the rejected rows' workbook is German too.
	src := filepath.Join(dir, "stoerungen.csv")
	if err := os.WriteFile(src, []byte("Kurzbeschreibung;Service;Eröffnet am\nDrucker;ERP;04.12.2026 09:30\nNetz;ERP;31.02.2026 10:00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := ok(t, runCLI(t, db, "import", "incident", src, "--skip-invalid"))
	if !strings.Contains(out, "2 Zeilen: 1 importiert (1 neu, 0 aktualisiert), 1 ungültig") || !strings.Contains(out, ", Kopfzeile in Zeile 1\n") ||
		!strings.Contains(out, "die 1 abgelehnten Zeilen mit ihren Gründen: ") || strings.Contains(out, "imported") || strings.Contains(out, "header on row") {
		t.Errorf("import: %s", out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "stoerungen.rejected.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Abgelehnte Zeilen")
	if len(rows) != 2 || strings.Join(rows[0], "|") != "Abgelehnt, weil|Zeile der Quelle|Kurzbeschreibung|Service|Eröffnet am" {
		t.Errorf("rejected rows: %q", rows)
	}
}
