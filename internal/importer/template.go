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

// templateWords are a template's own words in one language; the registers' come from the kind
// localized in it.
type templateWords struct {
	sheet, table, title, fillIn, command, values string
	head                                         [5]string
	oneOf, stateNote, computedNote               string
	date, dateTime, yesNo, whole, number, money  string
	minutes, anyRef, ref, anyRefs, refs, tags    string
	table1, longText, text                       string
}

var templateEnglish = templateWords{
	sheet: "Instructions", table: "Template",
	title:   "%s — import template",
	fillIn:  "Fill one row per %s on the sheet %q, then import the file:",
	command: "smsworkbench import %s FILE.xlsx --sheet %q   (or Import in the window's navigation)",
	values:  "Dates: 2026-11-21 or an Excel date. References: the record's ref (SVC-00001) or its exact title.",
	head:    [5]string{"Column", "Field", "Required", "Takes", "Notes"},
	oneOf:   "one of: ", stateNote: "the state the %s is in; empty: %s",
	computedNote: "optional: taken as given for historic records; otherwise computed (%s)",
	date:         "a date", dateTime: "a date and time (UTC unless a zone is given)", yesNo: "yes or no",
	whole: "a whole number", number: "a number", money: "an amount with its currency: 1234.56 EUR",
	minutes: "minutes, or h:mm", anyRef: "the ref of a record of any register", ref: "the ref or exact title of a %s",
	anyRefs: "refs of records of any register, separated by commas", refs: "refs or exact titles of %s records, separated by commas",
	tags: "words separated by commas", table1: "one row a line: Column: value; Column: value",
	longText: "text (several lines allowed)", text: "text",
}

var templateGerman = templateWords{
	sheet: "Anleitung", table: "Vorlage",
	title:   "%s — Importvorlage",
	fillIn:  "Je Datensatz (%s) eine Zeile auf dem Blatt „%s“ ausfüllen, dann die Datei importieren:",
	command: "smsworkbench import %s DATEI.xlsx --sheet %q   (oder „Import“ in der Navigation des Fensters)",
	values:  "Datumsangaben: 21.11.2026, 2026-11-21 oder ein Excel-Datum. Zahlen: 1234,56. Verweise: die Ref. des Datensatzes (SVC-00001) oder sein genauer Titel.",
	head:    [5]string{"Spalte", "Feld", "Pflicht", "Inhalt", "Hinweise"},
	oneOf:   "einer von: ", stateNote: "der Status des Datensatzes (%s); leer: %s",
	computedNote: "optional: bei historischen Datensätzen wie angegeben übernommen, sonst berechnet (%s)",
	date:         "ein Datum", dateTime: "Datum und Uhrzeit (UTC, wenn keine Zeitzone angegeben ist)", yesNo: "Ja oder Nein",
	whole: "eine ganze Zahl", number: "eine Zahl", money: "ein Betrag mit Währung: 1234,56 EUR",
	minutes: "Minuten oder h:mm", anyRef: "die Ref. eines Datensatzes aus einem beliebigen Register", ref: "Ref. oder genauer Titel eines Datensatzes aus „%s“",
	anyRefs: "Refs von Datensätzen aus beliebigen Registern, durch Kommas getrennt", refs: "Refs oder genaue Titel von Datensätzen aus „%s“, durch Kommas getrennt",
	tags: "Wörter, durch Kommas getrennt", table1: "eine Zeile je Eintrag: Spalte: Wert; Spalte: Wert",
	longText: "Text (auch mehrzeilig)", text: "Text",
}

func templateWordsIn(lang string) *templateWords {
	if lang == "de" {
		return &templateGerman
	}
	return &templateEnglish
}

// templateColumns are the importable columns of a kind: the title, Status (for records that
// arrive in a later state) and every field an import may fill. No Ref: a template is for new
// records. k has its words in lang.
func templateColumns(k *schema.Kind, lang string) []sheets.Column {
	var out []sheets.Column
	for _, c := range sheets.RegisterColumnsIn(k, lang) {
		switch {
		case c.Field == nil && c.IsStatus():
			out = append(out, c)
		case c.Field != nil && Importable(k, c.Field):
			out = append(out, c)
		}
	}
	return out
}

// Template writes the blank template of kind to path (.xlsx), in lang ("en" or "de"; "" is
// English).
func Template(ctx context.Context, s *store.Store, kind, path, lang string) (*ExportResult, error) {
	k, err := localKind(s, kind, lang)
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
			if lang == "de" {
				if lt, err := s.Registry().LocalizedKind(target, lang); err == nil {
					return lt.Plural
				}
			}
			return strings.ToLower(target.Label)
		}
		return kind
	}
	err = WriteFile(path, func(w io.Writer) error { return writeTemplate(k, lang, label, w) })
	return res, err
}

func writeTemplate(k *schema.Kind, lang string, label func(kind string) string, w io.Writer) error {
	words := templateWordsIn(lang)
	f := excelize.NewFile()
	defer f.Close()
	b, err := sheets.NewBookIn(f, lang)
	if err != nil {
		return err
	}
	sheet := sheets.SheetName(k.Plural)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(words.sheet); err != nil {
		return err
	}
	cols := templateColumns(k, lang)
	for _, c := range cols {
		b.PlanList(c.List)
	}
	if err := b.WriteLists(); err != nil {
		return err
	}
	if err := writeInstructions(b, k, cols, words, label); err != nil {
		return err
	}
	b.ValidatedRows = templateRows
	if _, err := b.Table(sheet, words.table, cols, func(func([]any) error) error { return nil }); err != nil {
		return err
	}
	if err := b.Err(); err != nil {
		return err
	}
	return sheets.WriteZipped(f, w)
}

// writeInstructions fills the Instructions sheet: how to use the template, then one row per
// column with what it takes.
func writeInstructions(b *sheets.Book, k *schema.Kind, cols []sheets.Column, words *templateWords, label func(kind string) string) error {
	f := b.File()
	sh := words.sheet
	german := b.Words().German()
	one := strings.ToLower(k.Label) // "one row per incident"
	if german {
		one = k.Label // "je Datensatz (Störung)": a German noun keeps its capital
	}
	lines := []string{
		fmt.Sprintf(words.title, k.Plural),
		fmt.Sprintf(words.fillIn, one, sheets.SheetName(k.Plural)),
		fmt.Sprintf(words.command, k.Name, sheets.SheetName(k.Plural)),
		words.values,
	}
	if german {
		lines[2] = strings.Replace(lines[2], "   (", " --language de   (", 1)
	}
	for i, l := range lines {
		if err := b.SetText(sh, fmt.Sprintf("A%d", i+1), l); err != nil {
			return err
		}
	}
	f.SetCellStyle(sh, "A1", "A1", b.Title)
	row := len(lines) + 2
	for i, h := range words.head {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		f.SetCellValue(sh, cell, h)
		f.SetCellStyle(sh, cell, cell, b.Bold)
	}
	for _, c := range cols {
		row++
		field, required, takes, notes := "status", "", "", ""
		if c.Field == nil {
			takes = words.oneOf + strings.Join(c.List, ", ")
			notes = fmt.Sprintf(words.stateNote, one, sheets.StateLabel(k, k.Workflow.Initial))
		} else {
			field, takes, notes = c.Field.Name, describeType(c.Field, words, label), c.Field.Help
			if c.Field.Required {
				required = b.Words().Yes
			}
			if c.Field.Computed {
				notes = fmt.Sprintf(words.computedNote, c.Field.Help)
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
func describeType(f *schema.Field, words *templateWords, label func(kind string) string) string {
	if len(f.Enum) > 0 {
		var labels []string
		for _, e := range f.Enum {
			labels = append(labels, e.Label)
		}
		return words.oneOf + strings.Join(labels, ", ")
	}
	switch f.Type {
	case schema.Date:
		return words.date
	case schema.DateTime:
		return words.dateTime
	case schema.Bool:
		return words.yesNo
	case schema.Integer:
		return words.whole
	case schema.Number:
		return words.number
	case schema.Money:
		return words.money
	case schema.Duration:
		return words.minutes
	case schema.Ref:
		if f.Ref == schema.AnyKind {
			return words.anyRef
		}
		return fmt.Sprintf(words.ref, label(f.Ref))
	case schema.Refs:
		if f.Ref == schema.AnyKind {
			return words.anyRefs
		}
		return fmt.Sprintf(words.refs, label(f.Ref))
	case schema.Tags:
		return words.tags
	case schema.Table:
		return words.table1
	case schema.LongText:
		return words.longText
	}
	return words.text
}
