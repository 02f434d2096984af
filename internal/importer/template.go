package importer

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// A template is the blank workbook a client fills in for a register: one sheet with the
// columns an import reads (headed by the fields' labels, so they map themselves), drop-down
// lists on the enum columns for the rows to fill, and an Instructions sheet that says, per
// column, what it takes.

// templateRows is how many empty rows of a template get the drop-down lists.
const templateRows = 1000

const instructionsSheet = "Instructions"

// templateColumns are the importable columns of a kind: the title, Status (for records that
// arrive in a later state) and every field an import may fill. No Ref: a template is for new
// records.
func templateColumns(k *schema.Kind) []sheets.Column {
	var out []sheets.Column
	for _, c := range sheets.RegisterColumns(k) {
		switch {
		case c.Field == nil && c.Header == "Status":
			out = append(out, c)
		case c.Field != nil && Importable(k, c.Field):
			out = append(out, c)
		}
	}
	return out
}

// Template writes the blank template of kind to path (.xlsx).
func Template(ctx context.Context, s *store.Store, kind, path string) (*ExportResult, error) {
	k, err := s.Kind(kind)
	if err != nil {
		return nil, err
	}
	if format, err := formatOf(path); err != nil || format != "xlsx" {
		return nil, fault.New("output.extension", "path", "the file %q must end in .xlsx: a template has drop-down lists and instructions", path)
	}
	if err := s.CheckOutput(path); err != nil {
		return nil, err
	}
	res := &ExportResult{Path: path, Format: "xlsx"}
	label := func(kind string) string {
		if target, ok := s.Registry().Kind(kind); ok {
			return strings.ToLower(target.Label)
		}
		return kind
	}
	err = WriteFile(path, func(w io.Writer) error { return writeTemplate(k, label, w) })
	return res, err
}

func writeTemplate(k *schema.Kind, label func(kind string) string, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	b, err := sheets.NewBook(f)
	if err != nil {
		return err
	}
	sheet := sheets.SheetName(k.Plural)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(instructionsSheet); err != nil {
		return err
	}
	cols := templateColumns(k)
	for _, c := range cols {
		b.PlanList(c.List)
	}
	if err := b.WriteLists(); err != nil {
		return err
	}
	if err := writeInstructions(b, k, cols, label); err != nil {
		return err
	}
	b.ValidatedRows = templateRows
	if _, err := b.Table(sheet, "Template", cols, func(func([]any) error) error { return nil }); err != nil {
		return err
	}
	if err := b.Err(); err != nil {
		return err
	}
	return sheets.WriteZipped(f, w)
}

// writeInstructions fills the Instructions sheet: how to use the template, then one row per
// column with what it takes.
func writeInstructions(b *sheets.Book, k *schema.Kind, cols []sheets.Column, label func(kind string) string) error {
	f := b.File()
	sh := instructionsSheet
	lines := []string{
		fmt.Sprintf("%s — import template", k.Plural),
		fmt.Sprintf("Fill one row per %s on the sheet %q, then import the file:", strings.ToLower(k.Label), sheets.SheetName(k.Plural)),
		fmt.Sprintf("smsworkbench import %s FILE.xlsx --sheet %q   (or Import in the window's navigation)", k.Name, sheets.SheetName(k.Plural)),
		"Dates: 2026-11-21 or an Excel date. References: the record's ref (SVC-00001) or its exact title.",
	}
	for i, l := range lines {
		if err := b.SetText(sh, fmt.Sprintf("A%d", i+1), l); err != nil {
			return err
		}
	}
	f.SetCellStyle(sh, "A1", "A1", b.Title)
	head := []string{"Column", "Field", "Required", "Takes", "Notes"}
	row := len(lines) + 2
	for i, h := range head {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		f.SetCellValue(sh, cell, h)
		f.SetCellStyle(sh, cell, cell, b.Bold)
	}
	for _, c := range cols {
		row++
		field, required, takes, notes := "status", "", "", ""
		if c.Field == nil {
			takes = "one of: " + strings.Join(c.List, ", ")
			notes = fmt.Sprintf("the state the %s is in; empty: %s", strings.ToLower(k.Label), sheets.StateLabel(k, k.Workflow.Initial))
		} else {
			field, takes, notes = c.Field.Name, describeType(c.Field, label), c.Field.Help
			if c.Field.Required {
				required = "yes"
			}
			if c.Field.Computed {
				notes = "optional: taken as given for historic records; otherwise computed (" + c.Field.Help + ")"
			}
		}
		for i, v := range []string{c.Header, field, required, takes, notes} {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := b.SetText(sh, cell, v); err != nil {
				return err
			}
		}
	}
	for i, w := range []float64{28, 18, 10, 60, 60} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sh, col, col, w)
	}
	return nil
}

// describeType says in a few words what a column of the field takes.
func describeType(f *schema.Field, label func(kind string) string) string {
	if len(f.Enum) > 0 {
		var labels []string
		for _, e := range f.Enum {
			labels = append(labels, e.Label)
		}
		return "one of: " + strings.Join(labels, ", ")
	}
	switch f.Type {
	case schema.Date:
		return "a date"
	case schema.DateTime:
		return "a date and time (UTC unless a zone is given)"
	case schema.Bool:
		return "yes or no"
	case schema.Integer:
		return "a whole number"
	case schema.Number:
		return "a number"
	case schema.Money:
		return "an amount with its currency: 1234.56 EUR"
	case schema.Duration:
		return "minutes, or h:mm"
	case schema.Ref:
		if f.Ref == schema.AnyKind {
			return "the ref of a record of any register"
		}
		return "the ref or exact title of a " + label(f.Ref)
	case schema.Refs:
		if f.Ref == schema.AnyKind {
			return "refs of records of any register, separated by commas"
		}
		return "refs or exact titles of " + label(f.Ref) + " records, separated by commas"
	case schema.Tags:
		return "words separated by commas"
	case schema.Table:
		return "one row a line: Column: value; Column: value"
	case schema.LongText:
		return "text (several lines allowed)"
	}
	return "text"
}
