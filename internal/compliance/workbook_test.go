package compliance

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance/catalogue"
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
	mustSet(t, w, a, "5.2", Change{Result: ptr(catalogue.Conformant), Maturity: ptr("3"), Note: ptr("=policy signed"), AddEvidence: []string{policy.Ref}})
	path := filepath.Join(t.TempDir(), "gap.xlsx")
	out, err := w.ExportWorkbook(bg, a.Ref, path)
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

	// The auditors' answers, with one mistake: not applicable needs a justification.
	editBook(t, path, func(x *excelize.File) {
		r := rowOf(t, x, "4.1")
		x.SetCellValue(clausesSheet, cellAt(3, r), "Partially conformant")
		x.SetCellValue(clausesSheet, cellAt(4, r), 2)
		x.SetCellValue(clausesSheet, cellAt(5, r), "Context reviewed; issues list incomplete")
		x.SetCellValue(clausesSheet, cellAt(6, r), policy.Ref)
		r = rowOf(t, x, "5.2")
		x.SetCellValue(clausesSheet, cellAt(6, r), "") // the evidence is unlinked
		r = rowOf(t, x, "8.7.3.3")
		x.SetCellValue(clausesSheet, cellAt(3, r), "Not applicable")
	})
	res, err = w.ImportWorkbook(bg, a.Ref, path)
	wantErr(t, err, "cannot be imported, so nothing was imported")
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].String(), "clause 8.7.3.3 cannot be not_applicable without a justification") {
		t.Fatalf("errors %v", res.Errors)
	}
	if after, _ := f.s.Digest(bg); after != digest {
		t.Fatal("a refused workbook changed the workspace")
	}
	editBook(t, path, func(x *excelize.File) {
		x.SetCellValue(clausesSheet, cellAt(5, rowOf(t, x, "8.7.3.3")), "No information security management outside ISO/IEC 27001 scope")
	})
	if res, err = w.ImportWorkbook(bg, a.Ref, path); err != nil || res.Changed != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	got, _ := w.Show(bg, a.Ref)
	c41 := clauseOf(t, got, "4.1")
	if c41.Result != catalogue.PartiallyConformant || c41.Maturity == nil || *c41.Maturity != 2 || c41.Status != "done" ||
		len(c41.Evidence) != 1 || c41.Evidence[0].Ref != policy.Ref {
		t.Errorf("4.1: %+v", c41)
	}
	if c52 := clauseOf(t, got, "5.2"); len(c52.Evidence) != 0 || c52.Notes != "=policy signed" {
		t.Errorf("5.2: %+v", c52)
	}
	if c := clauseOf(t, got, "8.7.3.3"); c.Result != catalogue.NotApplicable {
		t.Errorf("8.7.3.3: %+v", c)
	}
}

func TestAssessmentWorkbookRefusals(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	a := mustCreate(t, w, NewInput{Title: "Gap"})
	b := mustCreate(t, w, NewInput{Title: "Internal", Type: "internal"})
	path := filepath.Join(t.TempDir(), "gap.xlsx")
	if _, err := w.ExportWorkbook(bg, a.Ref, path); err != nil {
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
	if _, err := w.ExportWorkbook(bg, a.Ref, filepath.Join(t.TempDir(), "gap.csv")); err == nil {
		t.Error("a CSV assessment export was accepted")
	}
}

func cellAt(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}
