package sheets

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/schema"
)

// Book is a workbook being written: the file, the cell styles made for it and the drop-down
// lists its validations refer to.
type Book struct {
	f *excelize.File

	// The ids of the cell styles made by NewBook, for the cells a sheet sets itself: a date
	// (yyyy-mm-dd), a date-time (yyyy-mm-dd hh:mm), a percentage (0.0%), bold text, a title
	// (bold, 14 pt) and wrapped text aligned to the top; dates as the language writes them
	// (04.12.2026 in German). Read them; do not change them.
	Date, DateTime, Percent, Bold, Title, Wrap int

	// ValidatedRows is how many data rows the drop-down lists of a Table cover at least: the
	// empty rows of a template to fill in. (By default, those the table has.)
	ValidatedRows int

	quote   int
	money   map[string]int // per currency
	quoteOf map[int]int    // a style with quotePrefix added

	lists     map[string]string // the joined labels of a long list -> its range on the Lists sheet
	listCols  [][]string
	listsDone bool

	err error // the first error of a style made while writing rows

	words Words // the language's
}

// NewBook makes the styles of a new workbook in English.
func NewBook(f *excelize.File) (*Book, error) { return NewBookIn(f, "en") }

// NewBookIn makes the styles of a new workbook in a language (see WordsIn; an unknown one is
// English): its dates are shown as the language writes them, its register columns and
// validation messages are in it.
func NewBookIn(f *excelize.File, lang string) (*Book, error) {
	words, _ := WordsIn(lang)
	b := &Book{f: f, money: map[string]int{}, quoteOf: map[int]int{}, lists: map[string]string{}, words: words}
	dateFmt, dateTimeFmt, percentFmt := words.DateFormat, words.DateTimeFormat, "0.0%"
	styles := []struct {
		into *int
		st   *excelize.Style
	}{
		{&b.Date, &excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.DateTime, &excelize.Style{CustomNumFmt: &dateTimeFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.Percent, &excelize.Style{CustomNumFmt: &percentFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.Bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&b.Title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.Wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, st := range styles {
		id, err := f.NewStyle(st.st)
		if err != nil {
			return nil, err
		}
		*st.into = id
	}
	var err error
	if b.quote, err = b.WithQuote(0); err != nil {
		return nil, err
	}
	return b, nil
}

// ListsName is the name of the hidden sheet of the long drop-down lists: ListsSheet in English,
// Listen in German.
func (b *Book) ListsName() string { return b.words.Lists }

// Words are the words of the workbook's language.
func (b *Book) Words() *Words { return &b.words }

// File is the workbook's file.
func (b *Book) File() *excelize.File { return b.f }

// Err is the first error of a style made while writing rows (MoneyStyle), nil when there was
// none. Check it before saving the workbook.
func (b *Book) Err() error { return b.err }

// WithQuote returns a style like base with quotePrefix set: Excel keeps the cell's text as
// text when it is edited, even if it starts with "=". excelize's Style has no such option,
// so the cell format record is copied and marked. (excelize finds an existing style by
// comparing every option but this one; the copy comes after the original, so NewStyle never
// hands the copy out for a style without the prefix.)
func (b *Book) WithQuote(base int) (int, error) {
	if id, ok := b.quoteOf[base]; ok {
		return id, nil
	}
	if _, err := b.f.GetStyle(base); err != nil { // loads the style sheet
		return 0, err
	}
	xfs := b.f.Styles.CellXfs
	if xfs == nil || base < 0 || base >= len(xfs.Xf) {
		return 0, fmt.Errorf("no cell style %d", base)
	}
	xf := xfs.Xf[base]
	yes := true
	xf.QuotePrefix = &yes
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	id := len(xfs.Xf) - 1
	b.quoteOf[base] = id
	return id, nil
}

// MoneyStyle is the number format of an amount in a currency: #,##0.00 "EUR". An error making
// it is kept for Err.
func (b *Book) MoneyStyle(currency string) int {
	if id, ok := b.money[currency]; ok {
		return id
	}
	code := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, currency)
	format := "#,##0.00"
	if code != "" {
		format += ` "` + code + `"`
	}
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil && b.err == nil {
		b.err = err
	}
	b.money[currency] = id
	return id
}

// Text is a cell of user text for a StreamWriter row: nil when empty, a string, or a string
// with the quote-prefix style when it starts like a formula. It is never a formula.
func (b *Book) Text(s string) any {
	if s == "" {
		return nil
	}
	s = Clip(s)
	if Risky(s) {
		return excelize.Cell{StyleID: b.quote, Value: s}
	}
	return s
}

// DateCell is a date (YYYY-MM-DD) or date-time (RFC 3339) as a real Excel date; text it cannot
// read stays text; nil when empty.
func (b *Book) DateCell(s string) any {
	if s == "" {
		return nil
	}
	if len(s) == len(schema.DateLayout) {
		if t, err := time.Parse(schema.DateLayout, s); err == nil {
			return excelize.Cell{StyleID: b.Date, Value: t}
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return excelize.Cell{StyleID: b.DateTime, Value: t.UTC()}
	}
	return b.Text(s)
}

// SetText writes user text to a cell of a sheet written cell by cell.
func (b *Book) SetText(sheet, cell, s string) error {
	s = Clip(s)
	if err := b.f.SetCellStr(sheet, cell, s); err != nil {
		return err
	}
	if Risky(s) {
		return b.f.SetCellStyle(sheet, cell, cell, b.quote)
	}
	return nil
}

// listNeedsSheet reports whether a drop-down list cannot be typed inline: longer than 255
// characters with its separators, or with a label holding a comma or a quote.
func listNeedsSheet(labels []string) bool {
	n := len(labels) - 1
	for _, l := range labels {
		if strings.ContainsAny(l, `,"`) {
			return true
		}
		n += UTF16Len(l)
	}
	return n > MaxInlineList
}

// PlanList registers a drop-down list a sheet will use; a long one gets a column of the
// hidden Lists sheet. Every list must be planned before WriteLists.
func (b *Book) PlanList(labels []string) {
	if len(labels) == 0 || !listNeedsSheet(labels) || b.listsDone {
		return
	}
	key := strings.Join(labels, "\x00")
	if _, ok := b.lists[key]; ok {
		return
	}
	col, _ := excelize.ColumnNumberToName(len(b.listCols) + 1)
	b.lists[key] = fmt.Sprintf("%s!$%s$1:$%s$%d", b.words.Lists, col, col, len(labels))
	b.listCols = append(b.listCols, labels)
}

// NeedsLists reports whether a planned list needs the Lists sheet.
func (b *Book) NeedsLists() bool { return len(b.listCols) > 0 }

// WriteLists fills the Lists sheet (made here unless it exists) and hides it, when a planned
// list needs it. Call it once every list is planned and before any sheet is streamed.
func (b *Book) WriteLists() error {
	b.listsDone = true
	if !b.NeedsLists() {
		return nil
	}
	if idx, _ := b.f.GetSheetIndex(b.words.Lists); idx < 0 {
		if _, err := b.f.NewSheet(b.words.Lists); err != nil {
			return err
		}
	}
	for i, labels := range b.listCols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := 10.0
		for j, l := range labels {
			if err := b.SetText(b.words.Lists, col+strconv.Itoa(j+1), l); err != nil {
				return err
			}
			width = max(width, float64(utf8.RuneCountInString(l))+2)
		}
		if err := b.f.SetColWidth(b.words.Lists, col, col, min(width, MaxColWidth)); err != nil {
			return err
		}
	}
	return b.f.SetSheetVisible(b.words.Lists, false)
}

// listFormula is the source of a drop-down list: the labels inline, or the range of the Lists
// sheet; ok is false for a long list that was not planned.
func (b *Book) listFormula(dv *excelize.DataValidation, labels []string) (ok bool) {
	if !listNeedsSheet(labels) {
		return dv.SetDropList(labels) == nil
	}
	ref, ok := b.lists[strings.Join(labels, "\x00")]
	if ok {
		dv.SetSqrefDropList(ref)
	}
	return ok
}

// Table streams a tabular sheet: widths and frozen header first, then the header and the
// rows that fill calls emit with, then the Excel table over them and the validations of its
// columns. It returns the number of data rows.
func (b *Book) Table(sheet, tableName string, cols []Column, fill func(emit func([]any) error) error) (int, error) {
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return 0, err
		}
	}
	err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
	if err != nil {
		return 0, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	if err := sw.SetRow("A1", header); err != nil {
		return 0, err
	}
	n := 0
	err = fill(func(row []any) error {
		if n >= MaxDataRows {
			return fmt.Errorf("more than %d rows: a sheet holds no more", MaxDataRows)
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return n, err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	err = sw.AddTable(&excelize.Table{Range: fmt.Sprintf("A1:%s%d", last, max(n, 1)+1), Name: tableName,
		StyleName: "TableStyleMedium2"})
	if err != nil {
		return n, err
	}
	// The stream writer's worksheet is the one AddDataValidation changes, and Flush writes its
	// validations: they must be added before Flush.
	for i, c := range cols {
		if len(c.List) == 0 && c.Whole == nil {
			continue
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, max(n, 1, b.ValidatedRows)+1)
		if c.Whole != nil {
			if err := dv.SetRange(c.Whole[0], c.Whole[1], excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return n, err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, fmt.Sprintf(b.words.WholeNumber, c.Whole[0], c.Whole[1]))
		} else {
			if !b.listFormula(dv, c.List) {
				continue
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, b.words.PickFromList)
		}
		if err := b.f.AddDataValidation(sheet, dv); err != nil {
			return n, err
		}
	}
	return n, sw.Flush()
}
