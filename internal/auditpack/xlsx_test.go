package auditpack

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// workbookOf gathers a pack of s with opt, writes its workbook and opens it back.
func workbookOf(t testing.TB, s *store.Store, opt Options) (*Pack, *excelize.File, []byte) {
	t.Helper()
	p, err := Gather(bg, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeWorkbook(bg, s, p, &buf, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return p, f, buf.Bytes()
}

var (
	demoBookOnce  sync.Once
	demoBookPack  *Pack
	demoBookBytes []byte
	demoBookSteps []string
	demoBookErr   error
)

// demoWorkbook is the workbook of the demo with the default options, written once; each call
// opens it anew.
func demoWorkbook(t *testing.T) (*store.Store, *Pack, *excelize.File, []byte) {
	t.Helper()
	s := demoStore(t)
	demoBookOnce.Do(func() {
		if demoBookPack, demoBookErr = Gather(bg, s, Options{AppVersion: "1.2.3"}); demoBookErr != nil {
			return
		}
		var buf bytes.Buffer
		demoBookErr = writeWorkbook(bg, s, demoBookPack, &buf, func(sheet string) { demoBookSteps = append(demoBookSteps, sheet) })
		demoBookBytes = buf.Bytes()
	})
	if demoBookErr != nil {
		t.Fatal(demoBookErr)
	}
	f, err := excelize.OpenReader(bytes.NewReader(demoBookBytes))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return s, demoBookPack, f, demoBookBytes
}

// expectedRegisterSheets lists the register kinds with records (but settings and clause
// results) and their sheet names, worked out independently of the writer.
func expectedRegisterSheets(t *testing.T, s *store.Store) (names []string, kinds []*schema.Kind) {
	t.Helper()
	for _, k := range s.Registry().Kinds() {
		if k.Name == "setting" || k.Name == "clauseresult" {
			continue
		}
		n, err := s.Count(k.Name)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			continue
		}
		name := k.Plural
		if slices.Contains([]string{"summary", "assessment", "findings", "lists"}, strings.ToLower(name)) {
			name += " (register)"
		}
		names = append(names, name)
		kinds = append(kinds, k)
	}
	return names, kinds
}

// header returns the column letter of the header cell named name in the first row.
func header(t *testing.T, f *excelize.File, sheet, name string) string {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	rows.Next()
	cells, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cells {
		if c == name {
			col, _ := excelize.ColumnNumberToName(i + 1)
			return col
		}
	}
	t.Fatalf("sheet %s has no column %q (columns: %q)", sheet, name, cells)
	return ""
}

// countRows is the number of rows of a sheet.
func countRows(t *testing.T, f *excelize.File, sheet string) int {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n
}

func raw(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func formatted(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// numFmtOf is the custom number format of a cell's style.
func numFmtOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// isNumberCell reports whether a cell holds a number (no type, or type "n").
func isNumberCell(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		return false
	}
	_, err = strconv.ParseFloat(raw(t, f, sheet, cell), 64)
	return err == nil
}

// records reads every record of a kind in the order the workbook writes them.
func records(t *testing.T, s *store.Store, kind string) []*store.Record {
	t.Helper()
	var out []*store.Record
	if err := s.Each(bg, kind, store.Query{}, func(r *store.Record) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func zipEntries(t *testing.T, data []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range z.File {
		out = append(out, e.Name)
	}
	return out
}

func TestWorkbookSheets(t *testing.T) {
	s, p, f, _ := demoWorkbook(t)
	if p.Assessment == nil {
		t.Fatal("the demo has no assessment")
	}
	registers, _ := expectedRegisterSheets(t, s)
	want := append([]string{sheetSummary, sheetStage1, sheetAssessment, sheetFindings}, registers...)
	want = append(want, sheets.ListsSheet)
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets\n got %q\nwant %q", got, want)
	}
	if !slices.Contains(registers, "Findings (register)") {
		t.Errorf("the findings register should be named apart from the Findings sheet: %q", registers)
	}
	if got := demoBookSteps; !slices.Equal(got, want[:len(want)-1]) {
		t.Errorf("steps\n got %q\nwant %q", got, want[:len(want)-1])
	}
	if visible, _ := f.GetSheetVisible(sheets.ListsSheet); visible {
		t.Error("the Lists sheet is visible")
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the Summary", f.GetActiveSheetIndex())
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "Audit pack — "+p.Organisation || props.Creator != "SMS Workbench 1.2.3" {
		t.Errorf("properties: title %q creator %q", props.Title, props.Creator)
	}
}

func TestWorkbookRegisterSheets(t *testing.T) {
	s, _, f, _ := demoWorkbook(t)
	names, kinds := expectedRegisterSheets(t, s)
	unicode := map[string]bool{"Ana Müller": false, "Zofia Łódź": false, "Henrik Sørensen": false}
	for i, name := range names {
		k := kinds[i]
		n, _ := s.Count(k.Name)
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != n {
			t.Errorf("%s: %d data rows, want %d", name, len(rows)-1, n)
		}
		cols := sheets.RegisterColumns(k)
		if len(rows) > 0 && (rows[0][0] != "Ref" || len(rows[0]) != len(cols)) {
			t.Errorf("%s: header %q", name, rows[0])
		}
		for _, row := range rows[1:] {
			for _, c := range row {
				if _, ok := unicode[c]; ok {
					unicode[c] = true
				}
			}
		}
		tables, err := f.GetTables(name)
		if err != nil {
			t.Fatal(err)
		}
		last, _ := excelize.ColumnNumberToName(len(cols))
		if len(tables) != 1 || tables[0].Range != "A1:"+last+strconv.Itoa(n+1) || tables[0].StyleName == "" {
			t.Errorf("%s: tables %+v, want one over A1:%s%d", name, tables, last, n+1)
		}
		panes, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", name, panes)
		}
		if w, _ := f.GetColWidth(name, "B"); w < 20 {
			t.Errorf("%s: the title column is %v wide", name, w)
		}
	}
	for name, found := range unicode {
		if !found {
			t.Errorf("%q is in no register sheet", name)
		}
	}

	// The refs of a register, in the order of the workspace.
	var refs []string
	for _, r := range records(t, s, "incident") {
		refs = append(refs, r.Ref)
	}
	cols, err := f.GetCols("Incidents")
	if err != nil {
		t.Fatal(err)
	}
	if got := cols[0][1:]; !slices.Equal(got, refs) {
		t.Errorf("the Ref column of Incidents holds %d refs, %q..., want %d, %q...", len(got), got[:min(3, len(got))], len(refs), refs[:min(3, len(refs))])
	}
}

func TestWorkbookCellTypes(t *testing.T) {
	s, _, f, _ := demoWorkbook(t)
	reg := s.Registry()
	label := func(kind, field string) string {
		k, _ := reg.Kind(kind)
		fd, ok := k.Field(field)
		if !ok {
			t.Fatalf("%s has no field %s", kind, field)
		}
		return fd.Label
	}
	// first finds the first record of a kind whose field holds a value of type T; cell is its
	// row's cell in the column headed h.
	type found struct {
		r    *store.Record
		cell string
	}
	first := func(sheet, kind, field, h string, ok func(v any) bool) found {
		t.Helper()
		col := header(t, f, sheet, h)
		for i, r := range records(t, s, kind) {
			if v := r.Values[field]; v != nil && ok(v) {
				return found{r, col + strconv.Itoa(i+2)}
			}
		}
		t.Fatalf("no %s with a %s", kind, field)
		return found{}
	}
	all := func(any) bool { return true }

	// A date-time: a number with a date-time format, the same moment.
	c := first("Incidents", "incident", "opened_at", label("incident", "opened_at"), all)
	if !isNumberCell(t, f, "Incidents", c.cell) || numFmtOf(t, f, "Incidents", c.cell) != "yyyy-mm-dd hh:mm" {
		t.Errorf("opened at %s: type/format %q %q", c.cell, raw(t, f, "Incidents", c.cell), numFmtOf(t, f, "Incidents", c.cell))
	}
	at, _ := schema.ParseDateTime(c.r.Values["opened_at"].(string))
	if got := formatted(t, f, "Incidents", c.cell); got != at.Format("2006-01-02 15:04") {
		t.Errorf("opened at reads %q, want %s", got, at.Format("2006-01-02 15:04"))
	}
	// Created and Updated too.
	created := header(t, f, "Incidents", "Created")
	if !isNumberCell(t, f, "Incidents", created+"2") || numFmtOf(t, f, "Incidents", created+"2") != "yyyy-mm-dd hh:mm" {
		t.Errorf("Created is not a date-time: %q", raw(t, f, "Incidents", created+"2"))
	}
	// A date.
	c = first("Contracts", "contract", "start", label("contract", "start"), all)
	if !isNumberCell(t, f, "Contracts", c.cell) || numFmtOf(t, f, "Contracts", c.cell) != "yyyy-mm-dd" ||
		formatted(t, f, "Contracts", c.cell) != c.r.Values["start"].(string) {
		t.Errorf("contract start %s reads %q (%q), want %s", c.cell, formatted(t, f, "Contracts", c.cell), numFmtOf(t, f, "Contracts", c.cell), c.r.Values["start"])
	}
	// An integer.
	c = first("Incidents", "incident", "resolve_elapsed_minutes", label("incident", "resolve_elapsed_minutes"), all)
	if !isNumberCell(t, f, "Incidents", c.cell) || raw(t, f, "Incidents", c.cell) != strconv.FormatInt(c.r.Values["resolve_elapsed_minutes"].(int64), 10) {
		t.Errorf("minutes used %s: %q", c.cell, raw(t, f, "Incidents", c.cell))
	}
	// A bool.
	c = first("Incidents", "incident", "major", label("incident", "major"), all)
	if typ, _ := f.GetCellType("Incidents", c.cell); typ != excelize.CellTypeBool {
		t.Errorf("major %s has type %v", c.cell, typ)
	}
	// An integer-coded enum: its label, as text.
	c = first("Incidents", "incident", "priority", label("incident", "priority"), all)
	if got, want := formatted(t, f, "Incidents", c.cell), label1ForTest(c.r, "priority"); got != want || isNumberCell(t, f, "Incidents", c.cell) {
		t.Errorf("priority %s reads %q, want the label %q", c.cell, got, want)
	}
	// Money: the amount as a number with its currency in the format.
	c = first("Costs", "cost", "amount", label("cost", "amount"), all)
	m := c.r.Values["amount"].(schema.MoneyValue)
	want, _ := strconv.ParseFloat(m.Amount, 64)
	got, err := strconv.ParseFloat(raw(t, f, "Costs", c.cell), 64)
	if err != nil || got != want || !isNumberCell(t, f, "Costs", c.cell) {
		t.Errorf("cost amount %s: %q, want %v", c.cell, raw(t, f, "Costs", c.cell), want)
	}
	if fmtCode := numFmtOf(t, f, "Costs", c.cell); fmtCode != `#,##0.00 "`+m.Currency+`"` {
		t.Errorf("cost amount format %q", fmtCode)
	}
	// A duration: whole minutes under "<Label> (min)".
	c = first("Continuity plans", "continuityplan", "rto", label("continuityplan", "rto")+" (min)", all)
	if raw(t, f, "Continuity plans", c.cell) != strconv.FormatInt(c.r.Values["rto"].(int64), 10) {
		t.Errorf("RTO %s: %q, want %d", c.cell, raw(t, f, "Continuity plans", c.cell), c.r.Values["rto"])
	}
	// A reference: the target's ref.
	c = first("Incidents", "incident", "service", label("incident", "service"), all)
	if got := formatted(t, f, "Incidents", c.cell); got != c.r.Field("service").(store.Link).Ref || got == "" {
		t.Errorf("service %s reads %q", c.cell, got)
	}
	// A phone number starting with "+" is text with a quote prefix.
	c = first("Customers", "customer", "phone", label("customer", "phone"), func(v any) bool { return strings.HasPrefix(v.(string), "+") })
	if got := formatted(t, f, "Customers", c.cell); got != c.r.Values["phone"] || !quoted(t, f, "Customers", c.cell) {
		t.Errorf("phone %s reads %q (quote prefix %v)", c.cell, got, quoted(t, f, "Customers", c.cell))
	}
}

// label1ForTest is the label of an enum value of a record, read from its declaration.
func label1ForTest(r *store.Record, field string) string {
	f, _ := r.DeclaredKind().Field(field)
	v := strconv.FormatInt(r.Values[field].(int64), 10)
	for _, e := range f.Enum {
		if e.Value == v {
			return e.Label
		}
	}
	return v
}

// quoted reports whether a cell's style has quotePrefix.
func quoted(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	xf := f.Styles.CellXfs.Xf[id]
	return xf.QuotePrefix != nil && *xf.QuotePrefix
}

// validation returns the data validation of a sheet that covers the data rows of a column.
func validation(t *testing.T, f *excelize.File, sheet, col string, rows int) *excelize.DataValidation {
	t.Helper()
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := col + "2:" + col + strconv.Itoa(max(rows, 1)+1)
	for _, dv := range dvs {
		if dv.Sqref == want {
			return dv
		}
	}
	t.Fatalf("%s has no validation on %s (validations: %d)", sheet, want, len(dvs))
	return nil
}

func inlineList(labels []string) string { return `"` + strings.Join(labels, ",") + `"` }

func TestWorkbookValidations(t *testing.T) {
	s, _, f, _ := demoWorkbook(t)
	// An enum with a short list: inline.
	n, _ := s.Count("service")
	dv := validation(t, f, "Services", header(t, f, "Services", "Criticality"), n)
	if dv.Type != "list" || dv.Formula1 != inlineList([]string{"High", "Medium", "Low"}) {
		t.Errorf("criticality validation %q %q", dv.Type, dv.Formula1)
	}
	// The status: the state labels.
	k, _ := s.Registry().Kind("service")
	dv = validation(t, f, "Services", header(t, f, "Services", "Status"), n)
	if dv.Formula1 != inlineList(englishPack.xlStates("service")) || len(k.Workflow.States) != 3 {
		t.Errorf("status validation %q", dv.Formula1)
	}
	// An integer-coded enum: its labels.
	n, _ = s.Count("risk")
	dv = validation(t, f, "Risks", header(t, f, "Risks", "Likelihood"), n)
	rk, _ := s.Registry().Kind("risk")
	lf, _ := rk.Field("likelihood")
	var labels []string
	for _, e := range lf.Enum {
		labels = append(labels, e.Label)
	}
	if dv.Formula1 != inlineList(labels) {
		t.Errorf("likelihood validation %q, want %q", dv.Formula1, inlineList(labels))
	}
	// The clause enum (62 labels): a range of the hidden Lists sheet holding the labels.
	n, _ = s.Count("finding")
	dv = validation(t, f, "Findings (register)", header(t, f, "Findings (register)", "Clause"), n)
	var clauses []string
	for _, c := range catalogue.Clauses() {
		clauses = append(clauses, c.ID+" "+c.Title)
	}
	ref, ok := strings.CutPrefix(dv.Formula1, sheets.ListsSheet+"!")
	if dv.Type != "list" || !ok {
		t.Fatalf("clause validation %q %q, want a range of the Lists sheet", dv.Type, dv.Formula1)
	}
	from, to, _ := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
	values, err := f.GetCellValue(sheets.ListsSheet, from)
	if err != nil {
		t.Fatal(err)
	}
	col := strings.TrimRight(from, "0123456789")
	if to != col+strconv.Itoa(len(clauses)) || values != clauses[0] {
		t.Fatalf("clause list %s:%s starts %q", from, to, values)
	}
	for i, want := range clauses {
		if got := formatted(t, f, sheets.ListsSheet, col+strconv.Itoa(i+1)); got != want {
			t.Fatalf("Lists %s%d = %q, want %q", col, i+1, got, want)
		}
	}
	// The Result of the Assessment sheet, and its maturity: whole numbers 0 to 5.
	dv = validation(t, f, sheetAssessment, "C", len(catalogue.Clauses()))
	if dv.Formula1 != inlineList(englishPack.xlResultLabels()) {
		t.Errorf("result validation %q", dv.Formula1)
	}
	dv = validation(t, f, sheetAssessment, "D", len(catalogue.Clauses()))
	if dv.Type != "whole" || dv.Formula1 != "0" || dv.Formula2 != "5" {
		t.Errorf("maturity validation %q %q %q", dv.Type, dv.Formula1, dv.Formula2)
	}
}

func TestWorkbookInjection(t *testing.T) {
	s := emptyStore(t)
	in := map[string]any{
		"title":        `=HYPERLINK("http://x","y")`,
		"owner":        "+1+1",
		"description":  "@SUM(A1)",
		"hours":        "-2+3",
		"requirements": "\t=1+2",
	}
	if _, err := s.Create(bg, "service", in, store.Change{}); err != nil {
		t.Fatal(err)
	}
	_, f, _ := workbookOf(t, s, Options{})
	k, _ := s.Registry().Kind("service")
	for field, want := range in {
		fd, _ := k.Field(field)
		cell := header(t, f, "Services", fd.Label) + "2"
		got := formatted(t, f, "Services", cell)
		formula, err := f.GetCellFormula("Services", cell)
		if err != nil {
			t.Fatal(err)
		}
		typ, _ := f.GetCellType("Services", cell)
		if got != want || formula != "" || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s: %q (type %v, formula %q), want the text %q", field, got, typ, formula, want)
		}
		if !quoted(t, f, "Services", cell) {
			t.Errorf("%s: no quote prefix", field)
		}
	}
	// Plain text has no quote prefix.
	if quoted(t, f, "Services", "A2") {
		t.Error("the ref has a quote prefix")
	}

	// The Summary and the Findings sheet too.
	if err := s.SetMeta("name", "=cmd|' /C calc'!A0"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(bg, "finding", map[string]any{"title": "=1+1", "grade": "minor", "clause": "8.1",
		"description": "@x", "raised_on": "2026-11-01"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	_, f, _ = workbookOf(t, s, Options{})
	for _, c := range []struct{ sheet, cell, want string }{
		{sheetSummary, "B3", "=cmd|' /C calc'!A0"},
		{sheetFindings, "D2", "=1+1"},
		{sheetFindings, "E2", "@x"},
	} {
		got := formatted(t, f, c.sheet, c.cell)
		formula, _ := f.GetCellFormula(c.sheet, c.cell)
		if got != c.want || formula != "" || !quoted(t, f, c.sheet, c.cell) {
			t.Errorf("%s!%s: %q (formula %q, quote prefix %v), want the text %q", c.sheet, c.cell, got, formula, quoted(t, f, c.sheet, c.cell), c.want)
		}
	}
}

func TestWorkbookAssessmentSheet(t *testing.T) {
	_, p, f, _ := demoWorkbook(t)
	rows, err := f.GetRows(sheetAssessment)
	if err != nil {
		t.Fatal(err)
	}
	clauses := catalogue.Clauses()
	if len(rows)-1 != len(clauses) || len(p.Assessment.Clauses) != len(clauses) {
		t.Fatalf("%d clause rows, want %d", len(rows)-1, len(clauses))
	}
	if !slices.Equal(rows[0][:4], []string{"Clause", "Title", "Result", "Maturity"}) {
		t.Errorf("header %q", rows[0])
	}
	withEvidence, carried := 0, 0
	for i, c := range p.Assessment.Clauses {
		row := rows[i+1]
		if row[0] != clauses[i].ID || row[0] != c.Clause || row[2] != englishWord(catalogue.Results, c.Result) {
			t.Errorf("row %d: %q, want %s %s", i+2, row[:3], c.Clause, englishWord(catalogue.Results, c.Result))
		}
		cell := "D" + strconv.Itoa(i+2)
		if c.Maturity == nil {
			if v := raw(t, f, sheetAssessment, cell); v != "" {
				t.Errorf("%s: maturity %q, want blank", cell, v)
			}
		} else if !isNumberCell(t, f, sheetAssessment, cell) || raw(t, f, sheetAssessment, cell) != strconv.Itoa(*c.Maturity) {
			t.Errorf("%s: maturity %q, want %d", cell, raw(t, f, sheetAssessment, cell), *c.Maturity)
		}
		if len(c.Evidence) > 0 {
			withEvidence++
			if len(row) < 9 || !strings.HasPrefix(row[8], c.Evidence[0].Ref+" ") {
				t.Errorf("row %d: evidence %q, want %s first", i+2, row[8:], c.Evidence[0].Ref)
			}
		}
		if c.Carried {
			carried++
		}
		if got := raw(t, f, sheetAssessment, "F"+strconv.Itoa(i+2)); (got == "1") != c.Carried {
			t.Errorf("row %d: carried forward %q, want %v", i+2, got, c.Carried)
		}
	}
	if withEvidence == 0 || carried == 0 {
		t.Errorf("%d clauses have evidence, %d are carried forward: the demo has both", withEvidence, carried)
	}
	tables, _ := f.GetTables(sheetAssessment)
	panes, _ := f.GetPanes(sheetAssessment)
	if len(tables) != 1 || !panes.Freeze {
		t.Errorf("tables %+v panes %+v", tables, panes)
	}
}

// The stage-1 sheet has a row per documented information required, as the checklist says.
func TestWorkbookStage1Sheet(t *testing.T) {
	_, p, f, _ := demoWorkbook(t)
	rows, err := f.GetRows(sheetStage1)
	if err != nil {
		t.Fatal(err)
	}
	items := p.Readiness.Stage1.Items
	if len(rows)-1 != len(items) || !slices.Equal(rows[0], []string{"Clause", "Type", "Documented information", "State", "Records", "Shown by", "As of"}) {
		t.Fatalf("%d rows, header %q; want %d items", len(rows)-1, rows[0], len(items))
	}
	missing := 0
	for i, it := range items {
		row := rows[i+1]
		if row[0] != it.Clause || row[2] != it.What || row[3] != englishPack.stage1State(it.State) || row[4] != strconv.Itoa(it.Total) {
			t.Errorf("row %d: %q, want %+v", i+2, row, it)
		}
		if it.State == "held" && (len(it.Found) == 0 || !strings.HasPrefix(row[5], it.Found[0].Ref)) {
			t.Errorf("row %d: shown by %q, want %v", i+2, row[5], it.Found)
		}
		if row[3] == "MISSING" {
			missing++
		}
		if !isNumberCell(t, f, sheetStage1, "G"+strconv.Itoa(i+2)) {
			t.Errorf("row %d: the date is not a date cell", i+2)
		}
	}
	if missing != p.Readiness.Stage1.Missing {
		t.Errorf("%d rows missing, the checklist says %d", missing, p.Readiness.Stage1.Missing)
	}
}

func TestWorkbookFindingsSheet(t *testing.T) {
	_, p, f, _ := demoWorkbook(t)
	rows, err := f.GetRows(sheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	want, withActions := 0, 0
	for _, fr := range p.Findings {
		want += max(1, len(fr.Actions))
		if len(fr.Actions) > 0 {
			withActions++
		}
	}
	if len(p.Findings) == 0 || withActions == 0 {
		t.Fatalf("the demo has %d findings, %d with actions", len(p.Findings), withActions)
	}
	if len(rows)-1 != want {
		t.Fatalf("%d finding rows, want %d", len(rows)-1, want)
	}
	due := header(t, f, sheetFindings, "Due")
	raised := header(t, f, sheetFindings, "Raised on")
	overdue := header(t, f, sheetFindings, "Overdue")
	i := 1
	for _, fr := range p.Findings {
		for j := 0; j < max(1, len(fr.Actions)); j++ {
			row := rows[i]
			i++
			if row[0] != fr.Ref || row[1] != englishWord(catalogue.Grades, fr.Grade) || row[3] != fr.Title {
				t.Fatalf("row %d: %q, want %s", i, row[:4], fr.Ref)
			}
			if fr.RaisedOn != "" && !isNumberCell(t, f, sheetFindings, raised+strconv.Itoa(i)) {
				t.Errorf("row %d: raised on is not a date", i)
			}
			if len(fr.Actions) == 0 {
				continue
			}
			a := fr.Actions[j]
			if row[11] != a.Ref {
				t.Errorf("row %d: action %q, want %s", i, row[11], a.Ref)
			}
			if a.Due != "" && (!isNumberCell(t, f, sheetFindings, due+strconv.Itoa(i)) || formatted(t, f, sheetFindings, due+strconv.Itoa(i)) != a.Due) {
				t.Errorf("row %d: due %q, want the date %s", i, formatted(t, f, sheetFindings, due+strconv.Itoa(i)), a.Due)
			}
			if typ, _ := f.GetCellType(sheetFindings, overdue+strconv.Itoa(i)); typ != excelize.CellTypeBool {
				t.Errorf("row %d: overdue has type %v", i, typ)
			}
		}
	}
}

func TestWorkbookSummary(t *testing.T) {
	_, p, f, data := demoWorkbook(t)
	rows, err := f.GetRows(sheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	find := func(label string) int {
		for i, r := range rows {
			if len(r) > 0 && r[0] == label {
				return i + 1
			}
		}
		t.Fatalf("the Summary has no %q (rows %q)", label, rows)
		return 0
	}
	cell := "B" + strconv.Itoa(find(p.Opt.T("readiness")))
	v, err := strconv.ParseFloat(raw(t, f, sheetSummary, cell), 64)
	if err != nil || !isNumberCell(t, f, sheetSummary, cell) || v*100 < p.Readiness.Overall.Percent-1e-9 || v*100 > p.Readiness.Overall.Percent+1e-9 {
		t.Errorf("readiness %q, want %v/100", raw(t, f, sheetSummary, cell), p.Readiness.Overall.Percent)
	}
	if got := numFmtOf(t, f, sheetSummary, cell); got != "0.0%" {
		t.Errorf("readiness format %q", got)
	}
	if got := rows[find(p.Opt.T("organisation"))-1][1]; got != p.Organisation {
		t.Errorf("organisation %q", got)
	}
	if got := rows[find(p.Opt.T("assessment"))-1][1]; got != p.Assessment.Ref {
		t.Errorf("assessment %q", got)
	}
	// The readiness per clause group: numbers under "Group".
	g := find("Group")
	for i, gs := range p.Readiness.Groups {
		c := "C" + strconv.Itoa(g+1+i)
		if rows[g+i][0] != gs.Group || !isNumberCell(t, f, sheetSummary, c) {
			t.Errorf("group row %d: %q", g+1+i, rows[g+i])
		}
	}
	// Findings by grade.
	gr := find("Grade")
	total := 0
	for i := range catalogue.Grades {
		n, _ := strconv.Atoi(rows[gr+i][1])
		total += n
	}
	if total != len(p.Findings) {
		t.Errorf("findings by grade add up to %d, want %d", total, len(p.Findings))
	}
	blockers := find(p.Opt.T("blockers") + " (" + strconv.Itoa(len(p.Readiness.Blockers)) + ")")
	if len(p.Readiness.Blockers) > 0 && rows[blockers][1] != p.Readiness.Blockers[0].Text {
		t.Errorf("first blocker %q", rows[blockers])
	}
	entries := zipEntries(t, data)
	for _, name := range []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/drawing1.xml"} {
		if !slices.Contains(entries, name) {
			t.Errorf("no %s in %q", name, entries)
		}
	}
}

func TestWorkbookEmptyWorkspace(t *testing.T) {
	s := emptyStore(t)
	p, f, data := workbookOf(t, s, Options{})
	if p.Assessment != nil {
		t.Fatal("an empty workspace has an assessment")
	}
	want := []string{sheetSummary, sheetFindings}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows(sheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 0 && r[0] == p.Opt.T("noassessment") {
			found = true
		}
	}
	if !found {
		t.Errorf("the Summary does not say there is no assessment: %q", rows)
	}
	if n := countRows(t, f, sheetFindings); n != 1 {
		t.Errorf("Findings has %d rows, want the header alone", n)
	}
	if tables, _ := f.GetTables(sheetFindings); len(tables) != 1 {
		t.Errorf("Findings tables %+v", tables)
	}
	if !slices.Contains(zipEntries(t, data), "xl/charts/chart1.xml") {
		t.Error("no findings chart")
	}
}

func TestWorkbookSections(t *testing.T) {
	s := emptyStore(t)
	if _, err := s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	_, f, _ := workbookOf(t, s, Options{Sections: []string{SecRegisters}})
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Services"}) {
		t.Errorf("registers only: sheets %q", got)
	}
	_, f, _ = workbookOf(t, s, Options{Sections: []string{SecSLA}})
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheetSummary}) {
		t.Errorf("no sheet section: sheets %q, want the Summary", got)
	}
}

func TestWorkbookCancelled(t *testing.T) {
	s := emptyStore(t)
	if _, err := s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	p, err := Gather(bg, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg)
	var steps []string
	err = writeWorkbook(ctx, s, p, &bytes.Buffer{}, func(sheet string) {
		steps = append(steps, sheet)
		if sheet == sheetFindings {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || slices.Contains(steps, "Services") {
		t.Errorf("cancelled: %v after %q", err, steps)
	}
}
