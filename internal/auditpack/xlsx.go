package auditpack

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// The workbook of an audit pack: a Summary sheet with native charts, the clauses of the
// assessment, the findings with their corrective actions, and one sheet per register. The
// tabular sheets are written with excelize's StreamWriter (a register of any size is written
// in bounded memory: rows go to a temporary file, records are read a batch at a time), each as
// an Excel table with a frozen header, and with a drop-down list on every enum column.
//
// Everything a user typed is written as a text cell, never as a formula; text that Excel
// would read as a formula once edited (=, +, -, @, tab, CR) gets a style with quotePrefix, so
// it stays text.

// Fixed sheet names.
const (
	sheetSummary    = "Summary"
	sheetAssessment = "Assessment"
	sheetFindings   = "Findings"
	sheetLists      = "Lists" // hidden: the values of the drop-down lists too long to inline
)

// Excel's limits.
const (
	xlMaxCellChars  = excelize.TotalCellChars // UTF-16 units in a cell
	xlMaxInlineList = excelize.MaxFieldLength // characters of an inline drop-down list, separators included
	xlMaxSheetName  = excelize.MaxSheetNameLength
	xlMaxDataRows   = excelize.TotalRows - 1 // below the header row
	xlMaxColWidth   = 60
)

// writeWorkbook writes the pack's workbook to w. step, when not nil, is called with the name of each sheet as it starts.
func writeWorkbook(ctx context.Context, s *store.Store, p *Pack, w io.Writer, step func(string)) error {
	if step == nil {
		step = func(string) {}
	}
	// Plan every sheet first: the sheets are created in their order, and the hidden Lists sheet
	// is filled and hidden, before any sheet is streamed (excelize's sheet-wide operations,
	// SetSheetVisible and SetActiveSheet, must not touch a streamed sheet).
	var sheets []string
	summary := p.Opt.Has(SecSummary)
	clauses := p.Opt.Has(SecClauses) && p.Assessment != nil
	findings := p.Opt.Has(SecFindings)
	var registers []xlRegisterSheet
	if p.Opt.Has(SecRegisters) {
		taken := map[string]bool{}
		for _, name := range []string{sheetSummary, sheetAssessment, sheetFindings, sheetLists, "History"} {
			taken[strings.ToLower(name)] = true
		}
		registers = xlRegisterSheets(s, p.Counts, taken)
	}
	if !summary && !clauses && !findings && len(registers) == 0 {
		summary = true // a workbook has at least one sheet
	}
	if summary {
		sheets = append(sheets, sheetSummary)
	}
	if clauses {
		sheets = append(sheets, sheetAssessment)
	}
	if findings {
		sheets = append(sheets, sheetFindings)
	}
	for _, r := range registers {
		sheets = append(sheets, r.Name)
	}

	f := excelize.NewFile()
	defer f.Close()
	b, err := newXLBook(f)
	if err != nil {
		return err
	}
	if clauses {
		b.planList(xlResultLabels())
	}
	if findings && len(p.Findings) > 0 { // (an empty table gets no hidden sheet for its lists)
		for _, c := range xlFindingColumns(s) {
			b.planList(c.List)
		}
	}
	for _, r := range registers {
		for _, c := range registerColumns(r.Kind) {
			b.planList(c.List)
		}
	}
	if b.needsLists() {
		sheets = append(sheets, sheetLists)
	}
	if err := f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return err
	}
	for _, name := range sheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("sheet %q: %w", name, err)
		}
	}
	if err := b.writeLists(); err != nil {
		return err
	}
	f.SetActiveSheet(0)

	if summary {
		step(sheetSummary)
		if err := writeSummarySheet(b, s, p); err != nil {
			return fmt.Errorf("sheet %s: %w", sheetSummary, err)
		}
	}
	if clauses {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(sheetAssessment)
		if err := writeAssessmentSheet(b, s, p); err != nil {
			return fmt.Errorf("sheet %s: %w", sheetAssessment, err)
		}
	}
	if findings {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(sheetFindings)
		if err := writeFindingsSheet(b, s, p); err != nil {
			return fmt.Errorf("sheet %s: %w", sheetFindings, err)
		}
	}
	for _, r := range registers {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(r.Name)
		if _, err := writeRegisterSheet(ctx, b, s, r.Kind, r.Name); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("sheet %s: %w", r.Name, err)
		}
	}
	if err := b.err; err != nil {
		return err
	}
	creator := strings.TrimSpace("SMS Workbench " + p.Opt.AppVersion)
	stamp := p.Generated.UTC().Format(schema.DateTimeLayout)
	err = f.SetDocProps(&excelize.DocProperties{
		Title:          p.Opt.T("title") + " — " + p.Organisation,
		Subject:        "ISO/IEC 20000-1 audit pack",
		Creator:        creator,
		LastModifiedBy: creator,
		Created:        stamp,
		Modified:       stamp,
		Language:       p.Opt.Language,
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeZipped(f, w)
}

// writeZipped writes the workbook's zip straight to w. excelize's Write would first build the
// whole file in memory (tens of megabytes for a large workspace); its zip writer hook sends the
// entries to w instead, and the buffer it then returns is empty. (That buffer is where excelize
// would patch the headers of entries over 4 GiB; no sheet of a pack comes near.)
func writeZipped(f *excelize.File, w io.Writer) error {
	zw := zip.NewWriter(w)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	_, err := f.WriteToBuffer()
	return err
}

// xlRegisterSheet is a register kind and the name of its sheet.
type xlRegisterSheet struct {
	Kind *schema.Kind
	Name string
}

// xlRegisterSheets lists the register kinds that get a sheet (every kind with a record but the
// settings and the clause results, which the Assessment sheet shows), each with a sheet name
// of its own: its plural, cleaned of what Excel forbids, unique among taken (lower-case names).
func xlRegisterSheets(s *store.Store, counts map[string]int, taken map[string]bool) []xlRegisterSheet {
	var out []xlRegisterSheet
	for _, k := range s.Registry().Kinds() {
		if k.Name == "setting" || k.Name == "clauseresult" || counts[k.Name] == 0 {
			continue
		}
		name := xlUniqueSheetName(xlSheetName(k.Plural), taken)
		out = append(out, xlRegisterSheet{Kind: k, Name: name})
	}
	return out
}

// sheetName makes a valid sheet name: no []:*?/\, no apostrophe at either end, at most 31
// UTF-16 units.
func xlSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		if r < ' ' {
			return ' '
		}
		return r
	}, s)
	s = strings.Trim(strings.TrimSpace(s), "'")
	s = xlCutUTF16(s, xlMaxSheetName)
	s = strings.Trim(strings.TrimSpace(s), "'")
	if s == "" {
		s = "Register"
	}
	return s
}

// xlUniqueSheetName returns name, or "name (register)", "name (2)"... when it is taken (Excel
// compares sheet names without case), and marks it taken.
func xlUniqueSheetName(name string, taken map[string]bool) string {
	try := name
	for i := 1; taken[strings.ToLower(try)]; i++ {
		suffix := " (register)"
		if i > 1 {
			suffix = " (" + strconv.Itoa(i) + ")"
		}
		try = xlCutUTF16(name, xlMaxSheetName-len(suffix)) + suffix
	}
	taken[strings.ToLower(try)] = true
	return try
}

// xlCutUTF16 cuts s to at most n UTF-16 units, at a rune boundary.
func xlCutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// xlUTF16Len is the length of s in UTF-16 units, as Excel counts characters.
func xlUTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// xlBook is a workbook being written: the file, the cell styles made for it and the drop-down
// lists its validations refer to.
type xlBook struct {
	f *excelize.File

	// Cell styles.
	quote, date, dateTime, percent, bold, title, wrap int
	money                                             map[string]int // per currency
	quoteOf                                           map[int]int    // a style with quotePrefix added

	lists     map[string]string // the joined labels of a long list -> its range on the Lists sheet
	listCols  [][]string
	listsDone bool

	err error // the first error of a style made while writing rows
}

// newXLBook makes the styles of a new workbook.
func newXLBook(f *excelize.File) (*xlBook, error) {
	b := &xlBook{f: f, money: map[string]int{}, quoteOf: map[int]int{}, lists: map[string]string{}}
	dateFmt, dateTimeFmt, percentFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.0%"
	styles := []struct {
		into *int
		st   *excelize.Style
	}{
		{&b.date, &excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.dateTime, &excelize.Style{CustomNumFmt: &dateTimeFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.percent, &excelize.Style{CustomNumFmt: &percentFmt, Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&b.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&b.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	}
	for _, st := range styles {
		id, err := f.NewStyle(st.st)
		if err != nil {
			return nil, err
		}
		*st.into = id
	}
	var err error
	if b.quote, err = b.withQuote(0); err != nil {
		return nil, err
	}
	return b, nil
}

// withQuote returns a style like base with quotePrefix set: Excel keeps the cell's text as
// text when it is edited, even if it starts with "=". excelize's Style has no such option,
// so the cell format record is copied and marked. (excelize finds an existing style by
// comparing every option but this one; the copy comes after the original, so NewStyle never
// hands the copy out for a style without the prefix.)
func (b *xlBook) withQuote(base int) (int, error) {
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

// moneyStyle is the number format of an amount in a currency: #,##0.00 "EUR".
func (b *xlBook) moneyStyle(currency string) int {
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

// xlRisky reports whether a spreadsheet would read text as a formula (or as a DDE call) once
// the cell is edited.
func xlRisky(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r == '＝' || r == '＋' || r == '－' || r == '＠'
}

// xlClip cuts text to Excel's limit of 32,767 characters per cell, ending it with "…".
func xlClip(s string) string {
	if len(s) <= xlMaxCellChars || xlUTF16Len(s) <= xlMaxCellChars { // (a UTF-16 unit takes a byte at least)
		return s
	}
	return xlCutUTF16(s, xlMaxCellChars-1) + "…"
}

// text is a cell of user text for a StreamWriter row: nil when empty, a string, or a string
// with the quote-prefix style when it starts like a formula. It is never a formula.
func (b *xlBook) text(s string) any {
	if s == "" {
		return nil
	}
	s = xlClip(s)
	if xlRisky(s) {
		return excelize.Cell{StyleID: b.quote, Value: s}
	}
	return s
}

// dateCell is a date (YYYY-MM-DD) or date-time (RFC 3339) as a real Excel date; text it cannot
// read stays text; nil when empty.
func (b *xlBook) dateCell(s string) any {
	if s == "" {
		return nil
	}
	if len(s) == len(dateLayout) {
		if t, err := time.Parse(dateLayout, s); err == nil {
			return excelize.Cell{StyleID: b.date, Value: t}
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return excelize.Cell{StyleID: b.dateTime, Value: t.UTC()}
	}
	return b.text(s)
}

// setText writes user text to a cell of a sheet written cell by cell.
func (b *xlBook) setText(sheet, cell, s string) error {
	s = xlClip(s)
	if err := b.f.SetCellStr(sheet, cell, s); err != nil {
		return err
	}
	if xlRisky(s) {
		return b.f.SetCellStyle(sheet, cell, cell, b.quote)
	}
	return nil
}

// xlListNeedsSheet reports whether a drop-down list cannot be typed inline: longer than 255
// characters with its separators, or with a label holding a comma or a quote.
func xlListNeedsSheet(labels []string) bool {
	n := len(labels) - 1
	for _, l := range labels {
		if strings.ContainsAny(l, `,"`) {
			return true
		}
		n += xlUTF16Len(l)
	}
	return n > xlMaxInlineList
}

// planList registers a drop-down list a sheet will use; a long one gets a column of the
// hidden Lists sheet. Every list must be planned before writeLists.
func (b *xlBook) planList(labels []string) {
	if len(labels) == 0 || !xlListNeedsSheet(labels) || b.listsDone {
		return
	}
	key := strings.Join(labels, "\x00")
	if _, ok := b.lists[key]; ok {
		return
	}
	col, _ := excelize.ColumnNumberToName(len(b.listCols) + 1)
	b.lists[key] = fmt.Sprintf("%s!$%s$1:$%s$%d", sheetLists, col, col, len(labels))
	b.listCols = append(b.listCols, labels)
}

// needsLists reports whether a planned list needs the Lists sheet.
func (b *xlBook) needsLists() bool { return len(b.listCols) > 0 }

// writeLists fills the Lists sheet (made here unless it exists) and hides it, when a planned
// list needs it. Call it once every list is planned and before any sheet is streamed.
func (b *xlBook) writeLists() error {
	b.listsDone = true
	if !b.needsLists() {
		return nil
	}
	if idx, _ := b.f.GetSheetIndex(sheetLists); idx < 0 {
		if _, err := b.f.NewSheet(sheetLists); err != nil {
			return err
		}
	}
	for i, labels := range b.listCols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := 10.0
		for j, l := range labels {
			if err := b.setText(sheetLists, col+strconv.Itoa(j+1), l); err != nil {
				return err
			}
			width = max(width, float64(utf8.RuneCountInString(l))+2)
		}
		if err := b.f.SetColWidth(sheetLists, col, col, min(width, xlMaxColWidth)); err != nil {
			return err
		}
	}
	return b.f.SetSheetVisible(sheetLists, false)
}

// listFormula is the source of a drop-down list: the labels inline, or the range of the Lists
// sheet; ok is false for a long list that was not planned.
func (b *xlBook) listFormula(dv *excelize.DataValidation, labels []string) (ok bool) {
	if !xlListNeedsSheet(labels) {
		return dv.SetDropList(labels) == nil
	}
	ref, ok := b.lists[strings.Join(labels, "\x00")]
	if ok {
		dv.SetSqrefDropList(ref)
	}
	return ok
}

// xlColumn is a column of a tabular sheet.
type xlColumn struct {
	Header string
	Width  float64
	List   []string // the labels of a drop-down list on the data rows
	Whole  *[2]int  // whole numbers between these bounds on the data rows

	src   int           // what a register column shows: xlSrcRef, xlSrcStatus... or xlSrcField (also the title)
	Field *schema.Field // the declared field of a register column
}

const (
	xlSrcField = iota
	xlSrcRef
	xlSrcStatus
	xlSrcCreated
	xlSrcUpdated
)

// xlWidth is a column's width by its type and header, at most 60.
func xlWidth(header string, t schema.FieldType, labels []string) float64 {
	w := 14.0
	switch t {
	case schema.LongText, schema.Table:
		w = 50
	case schema.Text:
		w = 24
	case schema.Refs, schema.Tags:
		w = 22
	case schema.DateTime:
		w = 17
	case schema.Date, schema.Integer, schema.Number, schema.Duration, schema.Bool:
		w = 12
	case schema.Money:
		w = 16
	}
	for _, l := range labels {
		w = max(w, float64(utf8.RuneCountInString(l))+2)
	}
	w = max(w, float64(utf8.RuneCountInString(header))+4) // room for the filter button
	return min(w, xlMaxColWidth)
}

// registerColumns are the columns of a register sheet: Ref, the title (headed by its label),
// Status (state label; only for a kind with a workflow), every other declared field headed by
// its label (a duration by "<Label> (min)"), Created and Updated. Enum fields and the status
// carry the labels of their drop-down list.
func registerColumns(k *schema.Kind) []xlColumn {
	cols := []xlColumn{{Header: "Ref", Width: 13, src: xlSrcRef}}
	if f, ok := k.Field("title"); ok {
		cols = append(cols, xlColumn{Header: f.Label, Width: 40, Field: f})
	}
	if k.Workflow != nil {
		var labels []string
		for _, st := range k.Workflow.States {
			labels = append(labels, st.Label)
		}
		cols = append(cols, xlColumn{Header: "Status", Width: xlWidth("Status", schema.Enum, labels), List: labels, src: xlSrcStatus})
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Name == "title" {
			continue
		}
		c := xlColumn{Header: f.Label, Field: f}
		if f.Type == schema.Duration {
			c.Header += " (min)"
		}
		if len(f.Enum) > 0 && (f.Type == schema.Enum || f.Type == schema.Integer) {
			for _, e := range f.Enum {
				c.List = append(c.List, e.Label)
			}
		}
		c.Width = xlWidth(c.Header, f.Type, c.List)
		cols = append(cols, c)
	}
	cols = append(cols, xlColumn{Header: "Created", Width: 17, src: xlSrcCreated}, xlColumn{Header: "Updated", Width: 17, src: xlSrcUpdated})
	xlUniqueHeaders(cols)
	return cols
}

// xlUniqueHeaders makes the headers unique without case, as the columns of an Excel table must be.
func xlUniqueHeaders(cols []xlColumn) {
	seen := map[string]bool{}
	for i := range cols {
		h := strings.TrimSpace(cols[i].Header)
		if h == "" {
			h = "Column"
		}
		try := h
		for n := 2; seen[strings.ToLower(try)]; n++ {
			try = h + " (" + strconv.Itoa(n) + ")"
		}
		seen[strings.ToLower(try)] = true
		cols[i].Header = try
	}
}

// registerRow appends the cells of record r under the columns cols (from registerColumns) to
// row and returns it, ready for StreamWriter.SetRow: nil for an empty cell, time.Time under a
// date style for dates, int64 and float64 for numbers, bool, a number under a currency format
// for money, and text (under the quote-prefix style when it starts like a formula) for the rest.
func (b *xlBook) registerRow(row []any, r *store.Record, cols []xlColumn) []any {
	for i := range cols {
		c := &cols[i]
		switch c.src {
		case xlSrcRef:
			row = append(row, r.Ref)
		case xlSrcStatus:
			row = append(row, b.text(stateLabel(r.DeclaredKind(), r.Status)))
		case xlSrcCreated:
			row = append(row, b.dateCell(r.CreatedAt))
		case xlSrcUpdated:
			row = append(row, b.dateCell(r.UpdatedAt))
		default:
			row = append(row, b.fieldCell(r, c.Field))
		}
	}
	return row
}

// fieldCell is the cell of one declared field of a record.
func (b *xlBook) fieldCell(r *store.Record, f *schema.Field) any {
	v := r.Values[f.Name]
	if v == nil {
		return nil
	}
	switch f.Type {
	case schema.Text, schema.LongText:
		if s, ok := v.(string); ok {
			return b.text(s)
		}
	case schema.Enum:
		return b.text(enumLabel(f, fmt.Sprint(v)))
	case schema.Integer, schema.Duration:
		if len(f.Enum) > 0 {
			return b.text(enumLabel(f, fmt.Sprint(v)))
		}
		if n, ok := v.(int64); ok {
			return n
		}
	case schema.Number:
		if x, ok := v.(float64); ok {
			return x
		}
	case schema.Bool:
		if x, ok := v.(bool); ok {
			return x
		}
	case schema.Date, schema.DateTime:
		if s, ok := v.(string); ok {
			return b.dateCell(s)
		}
	case schema.Money:
		if m, ok := v.(schema.MoneyValue); ok {
			x, err := strconv.ParseFloat(m.Amount, 64)
			if err != nil {
				return b.text(moneyText(m))
			}
			return excelize.Cell{StyleID: b.moneyStyle(m.Currency), Value: x}
		}
	case schema.Ref:
		if l, ok := r.Field(f.Name).(store.Link); ok {
			return b.text(xlLinkRef(l))
		}
	case schema.Refs:
		if ls, ok := r.Field(f.Name).([]store.Link); ok {
			refs := make([]string, len(ls))
			for i, l := range ls {
				refs[i] = xlLinkRef(l)
			}
			return b.text(strings.Join(refs, ", "))
		}
	case schema.Tags:
		if ss, ok := v.([]string); ok {
			return b.text(strings.Join(ss, ", "))
		}
	case schema.Table:
		if rows, ok := v.([]map[string]any); ok {
			return b.text(xlTableText(f, rows))
		}
	}
	return b.text(fmt.Sprint(v))
}

// xlLinkRef is the ref of a linked record, or its id when the record is unknown.
func xlLinkRef(l store.Link) string {
	if l.Ref != "" {
		return l.Ref
	}
	return l.ID
}

// xlTableText prints the rows of a table field, one a line: "Priority: P1; Resolve within: 240 min".
func xlTableText(f *schema.Field, rows []map[string]any) string {
	var b strings.Builder
	for i, row := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := 0
		for j := range f.Columns {
			c := &f.Columns[j]
			v := row[c.Name]
			if v == nil {
				continue
			}
			if n > 0 {
				b.WriteString("; ")
			}
			n++
			b.WriteString(c.Label + ": ")
			switch x := v.(type) {
			case schema.MoneyValue:
				b.WriteString(moneyText(x))
			case bool:
				if x {
					b.WriteString("yes")
				} else {
					b.WriteString("no")
				}
			default:
				s := fmt.Sprint(v)
				if len(c.Enum) > 0 {
					s = enumLabel(c, s)
				} else if c.Type == schema.Duration {
					s += " min"
				}
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

// table streams a tabular sheet: widths and frozen header first, then the header and the
// rows that fill calls emit with, then the Excel table over them and the validations of its
// columns. It returns the number of data rows.
func (b *xlBook) table(sheet, tableName string, cols []xlColumn, fill func(emit func([]any) error) error) (int, error) {
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
		if n >= xlMaxDataRows {
			return fmt.Errorf("more than %d rows: a sheet holds no more", xlMaxDataRows)
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
		dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, max(n, 1)+1)
		if c.Whole != nil {
			if err := dv.SetRange(c.Whole[0], c.Whole[1], excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return n, err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, fmt.Sprintf("A whole number from %d to %d.", c.Whole[0], c.Whole[1]))
		} else {
			if !b.listFormula(dv, c.List) {
				continue
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, "Pick one of the values of the list.")
		}
		if err := b.f.AddDataValidation(sheet, dv); err != nil {
			return n, err
		}
	}
	return n, sw.Flush()
}

// writeRegisterSheet creates the sheet name and writes every record of kind k to it as an
// Excel table (columns of registerColumns, cells of registerRow), with the StreamWriter: the
// records are read a batch at a time and the rows go to a temporary file, so memory stays
// bounded whatever the register's size. Long drop-down lists must have been planned
// (b.planList) and the Lists sheet written (b.writeLists) before, or those columns have no
// validation. It returns the number of records written and stops at ctx's end.
func writeRegisterSheet(ctx context.Context, b *xlBook, s *store.Store, k *schema.Kind, name string) (rows int, err error) {
	if idx, _ := b.f.GetSheetIndex(name); idx < 0 {
		if _, err := b.f.NewSheet(name); err != nil {
			return 0, err
		}
	}
	cols := registerColumns(k)
	row := make([]any, 0, len(cols))
	return b.table(name, "Register_"+k.Name, cols, func(emit func([]any) error) error {
		return readAhead(ctx, s, k.Name, func(r *store.Record) error {
			row = b.registerRow(row[:0], r, cols)
			return emit(row)
		})
	})
}

// readAhead calls fn for every record of a kind, in ref order, like store.Each, but reads the
// register in another goroutine a chunk ahead, so reading the workspace and writing the sheet
// use both cores. At most a few chunks are in memory at once.
func readAhead(ctx context.Context, s *store.Store, kind string, fn func(*store.Record) error) error {
	const chunk = 500
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	chunks := make(chan []*store.Record, 2)
	read := make(chan error, 1)
	go func() {
		defer close(chunks)
		var next []*store.Record
		err := s.Each(ctx, kind, store.Query{}, func(r *store.Record) error {
			if next = append(next, r); len(next) == chunk {
				select {
				case chunks <- next:
				case <-ctx.Done():
					return ctx.Err()
				}
				next = make([]*store.Record, 0, chunk)
			}
			return nil
		})
		if err == nil && len(next) > 0 {
			select {
			case chunks <- next:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		read <- err
	}()
	for recs := range chunks {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err // stop() ends the reader
			}
		}
	}
	return <-read
}

// xlResultLabels are the labels of the results of a clause.
func xlResultLabels() []string {
	out := make([]string, len(catalogue.Results))
	for i, r := range catalogue.Results {
		out[i] = r[1]
	}
	return out
}

// xlStates lists the state labels of the named kind.
func xlStates(s *store.Store, kind string) []string {
	var out []string
	if k, ok := s.Registry().Kind(kind); ok && k.Workflow != nil {
		for _, st := range k.Workflow.States {
			out = append(out, st.Label)
		}
	}
	return out
}

// writeAssessmentSheet writes one row per clause of the assessment.
func writeAssessmentSheet(b *xlBook, s *store.Store, p *Pack) error {
	cols := []xlColumn{
		{Header: "Clause", Width: 10},
		{Header: "Title", Width: 40},
		{Header: "Result", Width: 22, List: xlResultLabels()},
		{Header: "Maturity", Width: 11, Whole: &[2]int{0, len(catalogue.Maturity) - 1}},
		{Header: "Status", Width: 12, List: xlStates(s, "clauseresult")},
		{Header: "Notes", Width: 50},
		{Header: "Evidence", Width: 40},
		{Header: "Files", Width: 40},
		{Header: "Findings", Width: 30},
	}
	_, err := b.table(sheetAssessment, "Assessment", cols, func(emit func([]any) error) error {
		for _, c := range p.Assessment.Clauses {
			var maturity any
			if c.Maturity != nil {
				maturity = int64(*c.Maturity)
			}
			var evidence, files, findings []string
			for _, l := range c.Evidence {
				evidence = append(evidence, strings.TrimSpace(xlLinkRef(l)+" "+l.Title))
			}
			for _, f := range c.Files {
				files = append(files, f.Name+" (sha256 "+f.SHA256+")")
			}
			for _, f := range c.Findings {
				findings = append(findings, f.Ref+" ("+gradeLabel(f.Grade)+")")
			}
			err := emit([]any{c.Clause, b.text(c.Title), resultLabel(c.Result), maturity,
				b.text(stateText("clauseresult", c.Status)), b.text(c.Notes),
				b.text(strings.Join(evidence, "; ")), b.text(strings.Join(files, "; ")), b.text(strings.Join(findings, "; "))})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// xlFindingColumns are the columns of the Findings sheet.
func xlFindingColumns(s *store.Store) []xlColumn {
	grades := make([]string, len(catalogue.Grades))
	for i, g := range catalogue.Grades {
		grades[i] = g[1]
	}
	var effective []string
	if k, ok := s.Registry().Kind("action"); ok {
		if f, ok := k.Field("effective"); ok {
			for _, e := range f.Enum {
				effective = append(effective, e.Label)
			}
		}
	}
	return []xlColumn{
		{Header: "Finding", Width: 13},
		{Header: "Grade", Width: 28, List: grades},
		{Header: "Clause", Width: 10},
		{Header: "Title", Width: 40},
		{Header: "Description", Width: 50},
		{Header: "Status", Width: 14, List: xlStates(s, "finding")},
		{Header: "Raised on", Width: 12},
		{Header: "Source", Width: 13},
		{Header: "Nonconformity", Width: 17},
		{Header: "NC status", Width: 14, List: xlStates(s, "nonconformity")},
		{Header: "Owner", Width: 20},
		{Header: "Action", Width: 13},
		{Header: "Action title", Width: 36},
		{Header: "Action owner", Width: 20},
		{Header: "Due", Width: 12},
		{Header: "Action status", Width: 16, List: xlStates(s, "action")},
		{Header: "Effective", Width: 14, List: effective},
		{Header: "Overdue", Width: 11},
	}
}

// writeFindingsSheet writes one row per finding and corrective action (the finding's columns
// repeated), one row for a finding without actions.
func writeFindingsSheet(b *xlBook, s *store.Store, p *Pack) error {
	_, err := b.table(sheetFindings, "Findings", xlFindingColumns(s), func(emit func([]any) error) error {
		for _, f := range p.Findings {
			head := []any{f.Ref, b.text(gradeLabel(f.Grade)), b.text(f.Clause), b.text(f.Title), b.text(f.Description),
				b.text(stateText("finding", f.Status)), b.dateCell(f.RaisedOn), b.text(f.Source), b.text(f.NC),
				b.text(stateText("nonconformity", f.NCStatus)), b.text(f.NCOwner)}
			if f.NC == "" {
				head[9] = nil
			}
			if len(f.Actions) == 0 {
				if err := emit(append(head, nil, nil, nil, nil, nil, nil, nil)); err != nil {
					return err
				}
				continue
			}
			for _, a := range f.Actions {
				row := append(head[:len(head):len(head)], a.Ref, b.text(a.Title), b.text(a.Owner), b.dateCell(a.Due),
					b.text(stateText("action", a.Status)), b.text(label1("action", "effective", a.Effective)), a.Overdue)
				if err := emit(row); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return err
}

// xlFraction is a percentage as the fraction a percent-formatted cell holds (80.6 -> 0.806,
// without the float noise of 80.6/100).
func xlFraction(pct float64) float64 { return math.Round(pct*1e4) / 1e6 }

// writeSummarySheet writes the Summary sheet cell by cell: the pack's particulars, the readiness
// (overall, per result, per clause group), the findings per grade, the blockers and the top
// actions, with a bar chart of the readiness per group and a column chart of the findings per
// grade.
func writeSummarySheet(b *xlBook, s *store.Store, p *Pack) error {
	const sh = sheetSummary
	f := b.f
	row := 1
	cell := func(col string, r int) string { return col + strconv.Itoa(r) }
	var err error
	set := func(c string, v any, style int) {
		if err != nil {
			return
		}
		if str, ok := v.(string); ok {
			str = xlClip(str)
			if xlRisky(str) {
				if style, err = b.withQuote(style); err != nil {
					return
				}
			}
			err = f.SetCellStr(sh, c, str)
		} else {
			err = f.SetCellValue(sh, c, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(sh, c, c, style)
		}
	}
	pair := func(label string, v any, style int) {
		set(cell("A", row), label, b.bold)
		set(cell("B", row), v, style)
		row++
	}
	heading := func(text string) {
		row++
		set(cell("A", row), text, b.bold)
		row++
	}

	set("A1", p.Opt.T("title")+" — "+p.Organisation, b.title)
	row = 3
	pair(p.Opt.T("organisation"), p.Organisation, 0)
	if p.Scope != "" {
		pair(p.Opt.T("scope"), p.Scope, b.wrap)
	}
	if a := p.Assessment; a != nil {
		pair(p.Opt.T("assessment"), a.Ref, 0)
		pair("Title", a.Title, 0)
		pair(p.Opt.T("type"), label1("assessment", "assessment_type", a.Type), 0)
		pair("Status", stateText("assessment", a.Status), 0)
	}
	if from, err2 := time.Parse(dateLayout, p.Opt.From); err2 == nil {
		set(cell("A", row), p.Opt.T("period"), b.bold)
		set(cell("B", row), from, b.date)
		if to, err3 := time.Parse(dateLayout, p.Opt.To); err3 == nil {
			set(cell("C", row), to, b.date)
		}
		row++
	}
	pair(p.Opt.T("generated"), p.Generated.UTC(), b.dateTime)
	if p.Opt.AppVersion != "" {
		pair(p.Opt.T("version"), "SMS Workbench "+p.Opt.AppVersion, 0)
	}

	var groupFirst, groupLast int
	if r := p.Readiness; r != nil && p.Assessment != nil {
		row++
		pair(p.Opt.T("readiness"), xlFraction(r.Overall.Percent), b.percent)
		pair("Applicable clauses", int64(r.Overall.Applicable), 0)
		for _, res := range catalogue.Results {
			pair(res[1], int64(r.Overall.Counts[res[0]]), 0)
		}
		heading("Readiness per clause group")
		set(cell("A", row), "Group", b.bold)
		set(cell("B", row), "Title", b.bold)
		set(cell("C", row), "Readiness", b.bold)
		row++
		groupFirst = row
		for _, g := range r.Groups {
			set(cell("A", row), g.Group, 0)
			set(cell("B", row), g.Title, 0)
			set(cell("C", row), xlFraction(g.Percent), b.percent)
			row++
		}
		groupLast = row - 1
	} else {
		row++
		set(cell("A", row), p.Opt.T("noassessment"), 0)
		row++
	}

	heading("Findings by grade")
	set(cell("A", row), "Grade", b.bold)
	set(cell("B", row), "Findings", b.bold)
	row++
	byGrade := map[string]int{}
	for _, fr := range p.Findings {
		byGrade[fr.Grade]++
	}
	gradeFirst := row
	for _, g := range catalogue.Grades {
		set(cell("A", row), g[1], 0)
		set(cell("B", row), int64(byGrade[g[0]]), 0)
		row++
	}
	gradeLast := row - 1

	if r := p.Readiness; r != nil && p.Assessment != nil {
		heading(fmt.Sprintf("%s (%d)", p.Opt.T("blockers"), len(r.Blockers)))
		for _, bl := range r.Blockers {
			set(cell("A", row), bl.Clause, 0)
			set(cell("B", row), bl.Text, 0)
			row++
		}
		if len(r.FixFirst) > 0 {
			heading(p.Opt.T("fixfirst"))
			for _, it := range r.FixFirst {
				set(cell("A", row), int64(it.Rank), 0)
				set(cell("B", row), it.Text, 0)
				row++
			}
		}
	}
	if err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", 26); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 60); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "C", "C", 14); err != nil {
		return err
	}

	zero, one, noVary := 0.0, 1.0, false
	chartRow := 3
	if groupFirst > 0 {
		err := f.AddChart(sh, cell("E", chartRow), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       fmt.Sprintf("%s!$C$%d", sh, groupFirst-1),
				Categories: fmt.Sprintf("%s!$B$%d:$B$%d", sh, groupFirst, groupLast),
				Values:     fmt.Sprintf("%s!$C$%d:$C$%d", sh, groupFirst, groupLast),
			}},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Readiness per clause group"}}},
			Legend:     excelize.ChartLegend{Position: "none"},
			VaryColors: &noVary,
			XAxis:      excelize.ChartAxis{ReverseOrder: true},
			YAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorGridLines: true,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
			Dimension: excelize.ChartDimension{Width: 620, Height: 320},
		})
		if err != nil {
			return err
		}
		chartRow += 18
	}
	return f.AddChart(sh, cell("E", chartRow), &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("%s!$B$%d", sh, gradeFirst-1),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sh, gradeFirst, gradeLast),
			Values:     fmt.Sprintf("%s!$B$%d:$B$%d", sh, gradeFirst, gradeLast),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Findings by grade"}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		YAxis:     excelize.ChartAxis{Minimum: &zero, MajorGridLines: true},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 620, Height: 320},
	})
}
