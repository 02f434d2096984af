package importer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/importer"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// labelsDE are the German words of the registers, read from the labels file itself, not
// through the code under test.
func labelsDE(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../schema/labels_de.json")
	if err != nil {
		t.Fatal(err)
	}
	var words map[string]string
	if err := json.Unmarshal(data, &words); err != nil {
		t.Fatal(err)
	}
	return words
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "consultant"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// cellStrings are every text of a workbook: its sheets' names and cells, and its validations'
// messages.
func cellStrings(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	for _, sh := range f.GetSheetList() {
		out = append(out, sh)
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, c := range r {
				if c != "" {
					out = append(out, c)
				}
			}
		}
		dvs, _ := f.GetDataValidations(sh)
		for _, dv := range dvs {
			if dv.Error != nil {
				out = append(out, *dv.Error)
			}
		}
	}
	return out
}

// dropDowns are the lists of a sheet's validations by the column's header: inline, or read from
// the hidden sheet they refer to.
func dropDowns(t *testing.T, f *excelize.File, sheet string) map[string][]string {
	t.Helper()
	header, err := f.GetRows(sheet)
	if err != nil || len(header) == 0 {
		t.Fatalf("sheet %q: %v", sheet, err)
	}
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	ref := regexp.MustCompile(`^'?([^'!]+)'?!\$([A-Z]+)\$1:\$[A-Z]+\$(\d+)$`)
	out := map[string][]string{}
	for _, dv := range dvs {
		if dv.Type != "list" {
			continue
		}
		col, _, err := excelize.SplitCellName(strings.SplitN(dv.Sqref, ":", 2)[0])
		if err != nil {
			t.Fatal(err)
		}
		n, _ := excelize.ColumnNameToNumber(col)
		var list []string
		if m := ref.FindStringSubmatch(dv.Formula1); m != nil {
			cols, _ := f.GetCols(m[1])
			i, _ := excelize.ColumnNameToNumber(m[2])
			list = cols[i-1]
			for len(list) > 0 && list[len(list)-1] == "" {
				list = list[:len(list)-1]
			}
		} else {
			list = strings.Split(strings.Trim(dv.Formula1, `"`), ",")
		}
		out[header[0][n-1]] = list
	}
	return out
}

// A German template: its sheets, headers, drop-down lists and instructions are the German words
// of the labels file, for every register.
func TestGermanTemplateHasTheGermanWords(t *testing.T) {
	words := labelsDE(t)
	s := openStore(t)
	dir := t.TempDir()
	for _, k := range schema.Default.Kinds() {
		path := filepath.Join(dir, k.Name+".de.xlsx")
		if _, err := importer.Template(bg, s, k.Name, path, "de"); err != nil {
			t.Fatalf("%s: %v", k.Name, err)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sheet := words["kind."+k.Name+".plural"]
		if got := f.GetSheetList(); len(got) < 2 || got[0] != sheet || got[1] != "Anleitung" {
			t.Errorf("%s: sheets %q, want %q and Anleitung", k.Name, got, sheet)
			f.Close()
			continue
		}
		// The header and the lists, as the labels file has them.
		var header []string
		lists := map[string][]string{}
		seen := map[string]bool{} // headers of the register, importable or not: a second is "… (2)"
		if tf, ok := k.Field("title"); ok {
			seen[words["field."+k.Name+".title"]] = true
			if importer.Importable(k, tf) {
				header = append(header, words["field."+k.Name+".title"])
			}
		}
		if k.Workflow != nil {
			header = append(header, "Status")
			for _, st := range k.Workflow.States {
				lists["Status"] = append(lists["Status"], words["state."+k.Name+"."+st.Name])
			}
		}
		for _, fl := range k.Fields {
			if fl.Name == "title" {
				continue
			}
			h := words["field."+k.Name+"."+fl.Name]
			if fl.Type == schema.Duration {
				h += " (min)"
			}
			if seen[h] {
				h += " (2)"
			}
			seen[h] = true
			if !importer.Importable(k, &fl) {
				continue
			}
			header = append(header, h)
			if len(fl.Enum) > 0 && (fl.Type == schema.Enum || fl.Type == schema.Integer) {
				for _, e := range fl.Enum {
					lists[h] = append(lists[h], words["enum."+k.Name+"."+fl.Name+"."+e.Value])
				}
			}
			if fl.Type == schema.Bool {
				lists[h] = []string{"Ja", "Nein"}
			}
		}
		rows, _ := f.GetRows(sheet)
		if len(rows) == 0 || !slices.Equal(rows[0], header) {
			t.Errorf("%s: header\n%q, want\n%q", k.Name, rows, header)
		}
		got := dropDowns(t, f, sheet)
		for h, want := range lists {
			if !slices.Equal(got[h], want) {
				t.Errorf("%s: the list of %q is %q, want %q", k.Name, h, got[h], want)
			}
		}
		if len(got) != len(lists) {
			t.Errorf("%s: %d lists, want %d", k.Name, len(got), len(lists))
		}
		f.Close()
	}
}

// No text of a German template is English: every sheet name, cell and message differs from the
// English template's texts and the English labels, unless the German word is the same (Status,
// Service, SLA) or it is a field's name (the Instructions' column of names).
func TestGermanTemplateHasNoEnglishText(t *testing.T) {
	words := labelsDE(t)
	englishWords := schema.Default.EnglishLabels()
	same := map[string]bool{"Status": true} // the German word too
	english := map[string]bool{}
	for path, w := range englishWords {
		english[w] = true
		if words[path] == w {
			same[w] = true
		}
	}
	s := openStore(t)
	dir := t.TempDir()
	letters := regexp.MustCompile(`\pL`)
	for _, k := range schema.Default.Kinds() {
		en, de := filepath.Join(dir, k.Name+".xlsx"), filepath.Join(dir, k.Name+".de.xlsx")
		if _, err := importer.Template(bg, s, k.Name, en, "en"); err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Template(bg, s, k.Name, de, "de"); err != nil {
			t.Fatal(err)
		}
		ownEnglish := map[string]bool{}
		for _, c := range cellStrings(t, en) {
			ownEnglish[c] = true
		}
		names := map[string]bool{"status": true}
		for _, f := range k.Fields {
			names[f.Name] = true
		}
		for _, c := range cellStrings(t, de) {
			if !letters.MatchString(c) || same[c] || names[c] {
				continue
			}
			if ownEnglish[c] || english[c] {
				t.Errorf("%s: the German template has the English text %q", k.Name, c)
			}
		}
	}
}

// A client's file in German as Excel saves it in Germany — semicolons, a byte order mark,
// headers in their own case and spacing, German words for values, dotted dates, decimal commas
// and thousands points — imports as it means, whatever the workbench's language.
func TestAMessyGermanClientFile(t *testing.T) {
	s := openStore(t)
	if _, err := s.Create(bg, "service", map[string]any{"title": "ERP"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(bg, "supplier", map[string]any{"title": "Acme GmbH"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("\ufeff"+strings.ReplaceAll(text, "\n", "\r\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	run := func(kind, path string) {
		t.Helper()
		k, _ := s.Registry().Kind(kind)
		p, err := importer.NewPlan(path, k, importer.PlanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Columns {
			if c.Field == "" {
				t.Errorf("%s: column %q not mapped", kind, c.Header)
			}
		}
		if res, err := importer.Run(bg, s, p, importer.RunOptions{}); err != nil || res.Created != 1 {
			t.Fatalf("%s: %+v %v", kind, res, err)
		}
	}

	run("incident", write("stoerungen.csv", `KURZBESCHREIBUNG ; service;auswirkung;DRINGLICHKEIT;Eröffnet  am;Schwerwiegende Störung;Bearbeiter;status
Drucker im 2. OG druckt nicht;ERP;Hoch;mittel;04.12.2026 09:30;Ja;M. Muster;In Bearbeitung
`))
	inc, err := s.Get(bg, "incident", "INC-00001")
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]any{"impact": int64(1), "urgency": int64(2), "opened_at": "2026-12-04T09:30:00Z", "major": true, "assignee": "M. Muster"} {
		if got := inc.Values[field]; got != want {
			t.Errorf("incident %s = %#v, want %#v", field, got, want)
		}
	}
	if inc.Status != "in_progress" {
		t.Errorf("incident status %q", inc.Status)
	}

	run("contract", write("vertraege.csv", `Vertragsübersicht Stand 04.12.2026
Titel;Lieferant;art;Beginn;Ende;Wert;Kündigungsfrist (Tage);Verlängert sich automatisch;Status
Wartung ERP;Acme GmbH;Unterstützender Vertrag (UC);01.01.2026;31.12.2026;1.234,56 EUR;30;Nein;Aktiv
`))
	con, err := s.Get(bg, "contract", "CON-00001")
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]any{"contract_type": "underpinning", "start": "2026-01-01", "end": "2026-12-31",
		"value": schema.MoneyValue{Amount: "1234.56", Currency: "EUR"}, "notice_days": int64(30), "auto_renew": false} {
		if got := con.Values[field]; got != want {
			t.Errorf("contract %s = %#v, want %#v", field, got, want)
		}
	}
	if con.Status != "active" {
		t.Errorf("contract status %q", con.Status)
	}
}

// A German export is German throughout, as a German user reads it; edited in Excel with German
// words and typed values, it comes back as those changes.
func TestGermanExportEditedInExcel(t *testing.T) {
	s := openStore(t)
	if _, err := s.Create(bg, "supplier", map[string]any{"title": "Acme GmbH"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Create(bg, "contract", map[string]any{"title": "Wartung ERP", "supplier": "SUP-00001", "start": "2026-01-01",
		"end": "2026-12-31", "value": "1234.56 EUR", "auto_renew": true, "notice_days": 30}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	// The CSV: semicolons, German headers, dates, amounts and words.
	csvPath := filepath.Join(dir, "vertraege.csv")
	if _, err := importer.Export(bg, s, "contract", store.Query{}, csvPath, "de"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(csvPath)
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	if !strings.HasPrefix(lines[0], "Ref.;Titel;Status;Lieferant;Art;") || !strings.HasSuffix(lines[0], ";Angelegt;Geändert") {
		t.Errorf("CSV header %q", lines[0])
	}
	for _, want := range []string{"CON-00001;Wartung ERP;Entwurf;SUP-00001;Lieferantenvertrag;", ";01.01.2026;31.12.2026;30;Ja;1234,56 EUR;"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("CSV row %q lacks %q", lines[1], want)
		}
	}

	// The workbook: German sheet and lists, typed dates and amounts; edited, it imports.
	path := filepath.Join(dir, "vertraege.xlsx")
	if _, err := importer.Export(bg, s, "contract", store.Query{}, path, "de"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheet := "Verträge"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]string{}
	for i, h := range rows[0] {
		col[h], _ = excelize.ColumnNumberToName(i + 1)
	}
	for h, want := range map[string]string{"Status": "Entwurf", "Art": "Lieferantenvertrag", "Verlängert sich automatisch": "Ja", "Ende": "31.12.2026"} {
		if got, _ := f.GetCellValue(sheet, col[h]+"2"); got != want {
			t.Errorf("cell %s = %q, want %q", h, got, want)
		}
	}
	if raw, _ := f.GetCellValue(sheet, col["Ende"]+"2", excelize.Options{RawCellValue: true}); raw != "46387" {
		t.Errorf("the end date is %q, not a typed date", raw)
	}
	if got := dropDowns(t, f, sheet)["Verlängert sich automatisch"]; !slices.Equal(got, []string{"Ja", "Nein"}) {
		t.Errorf("yes-or-no list %q", got)
	}
	f.SetCellValue(sheet, col["Status"]+"2", "Aktiv")
	f.SetCellValue(sheet, col["Art"]+"2", "Unterstützender Vertrag (UC)")
	f.SetCellValue(sheet, col["Verlängert sich automatisch"]+"2", "Nein")
	f.SetCellValue(sheet, col["Wert"]+"2", 2000.5)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	k, _ := s.Registry().Kind("contract")
	p, err := importer.NewPlan(path, k, importer.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := importer.Run(bg, s, p, importer.RunOptions{}); err != nil || res.Updated != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	con, _ := s.Get(bg, "contract", "CON-00001")
	for field, want := range map[string]any{"contract_type": "underpinning", "auto_renew": false,
		"value": schema.MoneyValue{Amount: "2000.50", Currency: "EUR"}, "end": "2026-12-31"} {
		if got := con.Values[field]; got != want {
			t.Errorf("contract %s = %#v, want %#v", field, got, want)
		}
	}
	if con.Status != "active" {
		t.Errorf("status %q", con.Status)
	}
}
