package compliance

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
)

// rowOf is the Clauses sheet row of a clause.
func rowOf(t *testing.T, f *excelize.File, clause string) int {
	t.Helper()
	rows, _ := f.GetRows(clausesSheet)
	for i, r := range rows {
		if len(r) > 0 && r[0] == clause {
			return i + 1
		}
	}
	t.Fatalf("no row for clause %s", clause)
	return 0
}

func editBook(t *testing.T, path string, edit func(f *excelize.File)) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// An assessment goes out as a workbook, auditors fill it in, and it comes back clause by clause.
func TestAssessmentWorkbookRoundTrip(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	policy := f.policy("sms", later, true)
	mustSet(t, w, a, "5.2.1", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("3"), Note: ptr("=policy signed"), AddEvidence: []string{policy.Ref}})
	path := filepath.Join(t.TempDir(), "gap.xlsx")
	out, err := w.ExportWorkbook(bg, a.Ref, path, "en")
	if err != nil || out.Rows != len(catalogue.Clauses()) {
		t.Fatalf("export: %+v %v", out, err)
	}

	// Unchanged, it imports as no change at all.
	digest, _ := f.s.Digest(bg)
	res, err := w.ImportWorkbook(bg, a.Ref, path)
	if err != nil || res.Changed != 0 || res.Rows != out.Rows {
		t.Fatalf("unchanged import: %+v %v", res, err)
	}
	if after, _ := f.s.Digest(bg); after != digest {
		t.Fatal("an unchanged workbook changed the workspace")
	}

	// The auditors' answers, with mistakes: no instance needs what was checked, a heading is not
	// assessed, and not applicable is no longer a result one gives.
	editBook(t, path, func(x *excelize.File) {
		r := rowOf(t, x, "4.1")
		x.SetCellValue(clausesSheet, cellAt(3, r), "Partially conformant")
		x.SetCellValue(clausesSheet, cellAt(4, r), 2)
		x.SetCellValue(clausesSheet, cellAt(5, r), "Context reviewed; issues list incomplete")
		x.SetCellValue(clausesSheet, cellAt(6, r), policy.Ref)
		r = rowOf(t, x, "5.2.1")
		x.SetCellValue(clausesSheet, cellAt(6, r), "") // the evidence is unlinked
		r = rowOf(t, x, "8.5.1.3")
		x.SetCellValue(clausesSheet, cellAt(3, r), "No instance in the period")
		x.SetCellValue(clausesSheet, cellAt(3, rowOf(t, x, "8.5.1")), "Conformant")
		x.SetCellValue(clausesSheet, cellAt(3, rowOf(t, x, "9.4")), "Not applicable (needs a decision)")
		r = rowOf(t, x, "8.3.4.2")
		x.SetCellValue(clausesSheet, cellAt(3, r), "Fulfilled by another party")
		x.SetCellValue(clausesSheet, cellAt(10, r), "Contoso Group IT")
	})
	res, err = w.ImportWorkbook(bg, a.Ref, path)
	wantErr(t, err, "cannot be imported, so nothing was imported")
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, e.String())
	}
	if len(res.Errors) != 3 || !strings.Contains(msgs[0], "8.5.1 is a group heading and is not assessed") ||
		!strings.Contains(msgs[1], "clause 8.5.1.3 cannot be no_instance without saying what was checked") || !strings.Contains(msgs[2], "allows no exclusion") {
		t.Fatalf("errors %v", msgs)
	}
	if after, _ := f.s.Digest(bg); after != digest {
		t.Fatal("a refused workbook changed the workspace")
	}
	// A first bad row that names no clause: the refusal carries that row's code too, for the
	// advice of whoever reads it (the command line lists the clauses).
	unknown := filepath.Join(t.TempDir(), "unknown.xlsx")
	data, _ := os.ReadFile(path)
	os.WriteFile(unknown, data, 0o644)
	editBook(t, unknown, func(x *excelize.File) { x.SetCellValue(clausesSheet, cellAt(1, rowOf(t, x, "4.1")), "4.9") })
	_, err = w.ImportWorkbook(bg, a.Ref, unknown)
	if fault.Code(err) != "workbook.rows_invalid" || fault.Code(errors.Unwrap(err)) != "clause.unknown" || !strings.Contains(err.Error(), "4.9") {
		t.Fatalf("unknown clause refused with %v (%s, then %s)", err, fault.Code(err), fault.Code(errors.Unwrap(err)))
	}
	editBook(t, path, func(x *excelize.File) {
		x.SetCellValue(clausesSheet, cellAt(5, rowOf(t, x, "8.5.1.3")), "Procedure for emergency changes read; none in the period")
		x.SetCellValue(clausesSheet, cellAt(3, rowOf(t, x, "8.5.1")), "")
		x.SetCellValue(clausesSheet, cellAt(3, rowOf(t, x, "9.4")), "Not assessed")
	})
	if res, err = w.ImportWorkbook(bg, a.Ref, path); err != nil || res.Changed != 4 {
		t.Fatalf("import: %+v %v", res, err)
	}
	got, _ := w.Show(bg, a.Ref)
	c41 := clauseOf(t, got, "4.1")
	if c41.Result != catalogue.PartiallyConformant || c41.Maturity == nil || *c41.Maturity != 2 || c41.Status != "done" ||
		len(c41.Evidence) != 1 || c41.Evidence[0].Ref != policy.Ref {
		t.Errorf("4.1: %+v", c41)
	}
	if c52 := clauseOf(t, got, "5.2.1"); len(c52.Evidence) != 0 || c52.Notes != "=policy signed" {
		t.Errorf("5.2.1: %+v", c52)
	}
	if c := clauseOf(t, got, "8.5.1.3"); c.Result != catalogue.NoInstance {
		t.Errorf("8.5.1.3: %+v", c)
	}
	if c := clauseOf(t, got, "8.3.4.2"); c.Result != catalogue.OtherParty || c.Party != "Contoso Group IT" {
		t.Errorf("8.3.4.2: %+v", c)
	}
	// A new assessment carried forward from this one, exported and imported unchanged, stays
	// carried forward; "no" in its column confirms a row.
	b := mustCreate(t, w, NewInput{Title: "Gap 2", From: a.Ref})
	path2 := filepath.Join(t.TempDir(), "gap2.xlsx")
	if _, err := w.ExportWorkbook(bg, b.Ref, path2, "en"); err != nil {
		t.Fatal(err)
	}
	if res, err := w.ImportWorkbook(bg, b.Ref, path2); err != nil || res.Changed != 0 {
		t.Fatalf("unchanged carried import: %+v %v", res, err)
	}
	editBook(t, path2, func(x *excelize.File) { x.SetCellValue(clausesSheet, cellAt(11, rowOf(t, x, "4.1")), "no") })
	if res, err := w.ImportWorkbook(bg, b.Ref, path2); err != nil || res.Changed != 1 {
		t.Fatalf("confirming import: %+v %v", res, err)
	}
	got, _ = w.Show(bg, b.Ref)
	if c := clauseOf(t, got, "4.1"); c.Carried || c.Result != catalogue.PartiallyConformant {
		t.Errorf("4.1 after confirming: %+v", c)
	}
	if c := clauseOf(t, got, "5.2.1"); !c.Carried {
		t.Errorf("5.2.1 was confirmed: %+v", c)
	}
}

func TestAssessmentWorkbookRefusals(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	b := mustCreate(t, w, NewInput{Title: "Internal", Type: "internal"})
	path := filepath.Join(t.TempDir(), "gap.xlsx")
	if _, err := w.ExportWorkbook(bg, a.Ref, path, "en"); err != nil {
		t.Fatal(err)
	}
	_, err := w.ImportWorkbook(bg, b.Ref, path)
	wantErr(t, err, "is the workbook of assessment "+a.Ref+", not "+b.Ref)

	editBook(t, path, func(x *excelize.File) {
		x.SetCellValue(clausesSheet, cellAt(1, 3), "11.1")
		x.SetCellValue(clausesSheet, cellAt(1, 4), "4.1")
		x.SetCellValue(clausesSheet, cellAt(3, 5), "Mostly fine")
		x.SetCellValue(clausesSheet, cellAt(6, 6), "POL-09999")
	})
	digest, _ := f.s.Digest(bg)
	res, err := w.ImportWorkbook(bg, a.Ref, path)
	wantErr(t, err, "4 rows of gap.xlsx cannot be imported")
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.String())
	}
	want := []string{`row 3, column "Clause" ("11.1"): is not a clause`, `row 4, column "Clause" ("4.1"): the same clause as row 2`,
		`row 5, column "Result" ("Mostly fine"): is not a result`, `row 6, column "Evidence" ("POL-09999")`}
	for i := range want {
		if i >= len(got) || !strings.HasPrefix(got[i], want[i]) {
			t.Fatalf("errors:\n%s", strings.Join(got, "\n"))
		}
	}
	if after, _ := f.s.Digest(bg); after != digest {
		t.Fatal("a refused workbook changed the workspace")
	}
	if _, err := w.ExportWorkbook(bg, a.Ref, filepath.Join(t.TempDir(), "gap.csv"), "en"); err == nil {
		t.Error("a CSV assessment export was accepted")
	}
}

func cellAt(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// In German the workbook is German — sheets, headers, clause titles, results, yes and no, the
// About sheet — and no English word of the English workbook is left; it imports back unchanged
// as no change, and the auditors' German answers come back, whatever the workbench's language.
func TestAssessmentWorkbookInGerman(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	mustSet(t, w, a, "5.2.1", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("3")})
	dir := t.TempDir()
	en, de := filepath.Join(dir, "gap.xlsx"), filepath.Join(dir, "gap.de.xlsx")
	if _, err := w.ExportWorkbook(bg, a.Ref, en, "en"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExportWorkbook(bg, a.Ref, de, "de"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ExportWorkbook(bg, a.Ref, de, "fr"); fault.Code(err) != "language.unknown" {
		t.Errorf("language fr: %v", err)
	}
	texts := func(path string) (map[string]bool, *excelize.File) {
		x, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, sh := range x.GetSheetList() {
			out[sh] = true
			rows, _ := x.GetRows(sh)
			for _, r := range rows {
				for _, c := range r {
					out[c] = true
				}
			}
			dvs, _ := x.GetDataValidations(sh)
			for _, dv := range dvs {
				out[dv.Formula1] = true
				if dv.Error != nil {
					out[*dv.Error] = true
				}
			}
		}
		return out, x
	}
	english, xe := texts(en)
	xe.Close()
	german, x := texts(de)
	words := map[string]string{"Abschnitte": "sheet", "Angaben": "sheet", "Abschnitt": "header", "Ergebnis": "header",
		"Erledigt": "header", "Konform": "result", "Fasst zusammen: Nicht bewertet": "a heading's result", "Nein": "done",
		`"Ja,Nein"`: "yes-or-no list", "Gap-Analyse": "type", "Geplant": "state"}
	for word, what := range words {
		if !german[word] {
			t.Errorf("the German workbook lacks the %s %q", what, word)
		}
	}
	if c, _ := catalogue.ClauseIn("de", "5.2.1"); !german[c.Title] {
		t.Errorf("the German workbook lacks the title %q", c.Title)
	}
	same := regexp.MustCompile(`^[\d.\s:–-]*$|^` + regexp.QuoteMeta(a.Ref) + `$|^Gap$|^ISO/IEC 20000-1`)
	sameTitle := map[string]bool{} // a title German writes as English does ("Design")
	for _, c := range catalogue.Clauses() {
		if local, _ := catalogue.ClauseIn("de", c.ID); local.Title == c.Title {
			sameTitle[c.Title] = true
		}
	}
	for text := range german {
		if english[text] && text != "" && !same.MatchString(text) && !sameTitle[text] {
			t.Errorf("the German workbook has the English text %q", text)
		}
	}
	r := 0
	rows, _ := x.GetRows("Abschnitte")
	for i, row := range rows {
		if len(row) > 0 && row[0] == "4.1" {
			r = i + 1
		}
	}
	x.Close()

	digest, _ := f.s.Digest(bg)
	if res, err := w.ImportWorkbook(bg, a.Ref, de); err != nil || res.Changed != 0 {
		t.Fatalf("unchanged German import: %+v %v", res, err)
	}
	if after, _ := f.s.Digest(bg); after != digest {
		t.Fatal("an unchanged German workbook changed the workspace")
	}
	editBook(t, de, func(x *excelize.File) {
		x.SetCellValue("Abschnitte", cellAt(3, r), "Teilweise konform")
		x.SetCellValue("Abschnitte", cellAt(4, r), 2)
		x.SetCellValue("Abschnitte", cellAt(5, r), "Kontext geprüft")
	})
	if res, err := w.ImportWorkbook(bg, a.Ref, de); err != nil || res.Changed != 1 {
		t.Fatalf("German import: %+v %v", res, err)
	}
	got, _ := w.Show(bg, a.Ref)
	if c := clauseOf(t, got, "4.1"); c.Result != catalogue.PartiallyConformant || c.Maturity == nil || *c.Maturity != 2 || c.Status != "done" || c.Notes != "Kontext geprüft" {
		t.Errorf("4.1: %+v", c)
	}
	// The German workbook of another assessment is refused by its About sheet.
	b := mustCreate(t, w, NewInput{Title: "Internal"})
	if _, err := w.ImportWorkbook(bg, b.Ref, de); fault.Code(err) != "workbook.other_assessment" {
		t.Errorf("another assessment's German workbook: %v", err)
	}
}
