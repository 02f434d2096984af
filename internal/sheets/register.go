package sheets

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Column is a column of a tabular sheet.
type Column struct {
	Header string
	Width  float64
	List   []string // the labels of a drop-down list on the data rows
	Whole  *[2]int  // whole numbers between these bounds on the data rows

	src   int           // what a register column shows: srcRef, srcStatus... or srcField (also the title)
	Field *schema.Field // the declared field of a register column
	kind  *schema.Kind  // of a register column: the kind, in the language of its words
	words *Words        // of a register column: its language's words
}

// IsStatus reports whether a register column is the record's state.
func (c *Column) IsStatus() bool { return c.src == srcStatus }

const (
	srcField = iota
	srcRef
	srcStatus
	srcCreated
	srcUpdated
)

// width is a column's width by its type and header, at most 60.
func width(header string, t schema.FieldType, labels []string) float64 {
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
	return min(w, MaxColWidth)
}

// RegisterColumns are the columns of a register sheet in English: Ref, the title (headed by
// its label), Status (state label; only for a kind with a workflow), every other declared field
// headed by its label (a duration by "<Label> (min)"), Created and Updated. Enum fields and the
// status carry the labels of their drop-down list.
func RegisterColumns(k *schema.Kind) []Column { return RegisterColumnsIn(k, "en") }

// RegisterColumnsIn are the columns of a register sheet in a language: k is the kind with its
// words in that language (schema.Registry.LocalizedKind), the fixed headers are the language's
// (Ref., Status, Angelegt, Geändert in German), and in German a yes-or-no field carries the list
// Ja, Nein, as its cells are written.
func RegisterColumnsIn(k *schema.Kind, lang string) []Column {
	w, _ := WordsIn(lang)
	words := &w
	cols := []Column{{Header: w.Ref, Width: 13, src: srcRef}}
	if f, ok := k.Field("title"); ok {
		cols = append(cols, Column{Header: f.Label, Width: 40, Field: f})
	}
	if k.Workflow != nil {
		var labels []string
		for _, st := range k.Workflow.States {
			labels = append(labels, st.Label)
		}
		cols = append(cols, Column{Header: w.Status, Width: width(w.Status, schema.Enum, labels), List: labels, src: srcStatus})
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Name == "title" {
			continue
		}
		c := Column{Header: f.Label, Field: f}
		if f.Type == schema.Duration {
			c.Header += " (min)"
		}
		if len(f.Enum) > 0 && (f.Type == schema.Enum || f.Type == schema.Integer) {
			for _, e := range f.Enum {
				c.List = append(c.List, e.Label)
			}
		}
		if f.Type == schema.Bool && w.German() {
			c.List = []string{w.Yes, w.No}
		}
		c.Width = width(c.Header, f.Type, c.List)
		cols = append(cols, c)
	}
	cols = append(cols, Column{Header: w.Created, Width: 17, src: srcCreated}, Column{Header: w.Updated, Width: 17, src: srcUpdated})
	for i := range cols {
		cols[i].kind, cols[i].words = k, words
	}
	uniqueHeaders(cols, w.Column)
	return cols
}

// uniqueHeaders makes the headers unique without case, as the columns of an Excel table must be;
// an empty one is called column.
func uniqueHeaders(cols []Column, column string) {
	seen := map[string]bool{}
	for i := range cols {
		h := strings.TrimSpace(cols[i].Header)
		if h == "" {
			h = column
		}
		try := h
		for n := 2; seen[strings.ToLower(try)]; n++ {
			try = h + " (" + strconv.Itoa(n) + ")"
		}
		seen[strings.ToLower(try)] = true
		cols[i].Header = try
	}
}

// RegisterRow appends the cells of record r under the columns cols (from RegisterColumns) to
// row and returns it, ready for StreamWriter.SetRow: nil for an empty cell, time.Time under a
// date style for dates, int64 and float64 for numbers, bool, a number under a currency format
// for money, and text (under the quote-prefix style when it starts like a formula) for the rest.
func (b *Book) RegisterRow(row []any, r *store.Record, cols []Column) []any {
	for i := range cols {
		c := &cols[i]
		switch c.src {
		case srcRef:
			row = append(row, r.Ref)
		case srcStatus:
			row = append(row, b.Text(StateLabel(c.stateKind(r), r.Status)))
		case srcCreated:
			row = append(row, b.DateCell(r.CreatedAt))
		case srcUpdated:
			row = append(row, b.DateCell(r.UpdatedAt))
		default:
			row = append(row, b.fieldCell(r, c.Field, c.words))
		}
	}
	return row
}

// RegisterText is the text of record r under the columns cols (from RegisterColumns): the
// cells of RegisterRow as plain text, in a shape the importer reads back. The ref; the state's
// label; a date (YYYY-MM-DD) or date-time (RFC 3339, UTC) as stored; a number as Go prints it,
// without thousands separators; "yes" or "no"; money as its amount and currency ("1234.56
// EUR"); an enum's label; the refs of linked records and tags joined with ", "; a duration in
// whole minutes; a table field as in the sheet; "" when empty. In German (RegisterColumnsIn)
// the labels are German, dates read 04.12.2026 and 04.12.2026 09:30 (UTC), numbers and amounts
// have a decimal comma ("1234,56 EUR"), and yes and no are Ja and Nein. The text is never
// clipped nor guarded against formulas: it is data, and a caller writing it where a spreadsheet
// reads it guards it.
func RegisterText(r *store.Record, cols []Column) []string {
	out := make([]string, len(cols))
	for i := range cols {
		c := &cols[i]
		switch c.src {
		case srcRef:
			out[i] = r.Ref
		case srcStatus:
			out[i] = StateLabel(c.stateKind(r), r.Status)
		case srcCreated:
			out[i] = c.words.DateText(r.CreatedAt)
		case srcUpdated:
			out[i] = c.words.DateText(r.UpdatedAt)
		default:
			out[i] = fieldValue(r, c.Field, c.words).in(c.words)
		}
	}
	return out
}

// A valueKind tells which field of a value holds it.
type valueKind uint8

const (
	noValue     valueKind = iota
	textValue             // text: user text, a label, the refs of linked records, tags, a table's rows
	intValue              // n
	numberValue           // x
	boolValue             // yes
	dateValue             // text: a date or date-time as stored
	moneyValue            // money
)

// value is the value of one declared field of a record, decoded once for both a cell of a
// sheet and the text of a CSV file. (A struct, not an interface, so decoding allocates
// nothing.)
type value struct {
	kind  valueKind
	text  string
	n     int64
	x     float64
	yes   bool
	money schema.MoneyValue
}

// stateKind is the kind whose state labels a status column shows: its own (in its language),
// else the record's.
func (c *Column) stateKind(r *store.Record) *schema.Kind {
	if c.kind != nil && c.kind.Name == r.Kind {
		return c.kind
	}
	return r.DeclaredKind()
}

// fieldValue is the value of the declared field f of record r, a table's rows written with the
// words w. A value of a type the field does not declare is text as Go prints it.
func fieldValue(r *store.Record, f *schema.Field, w *Words) value {
	v := r.Values[f.Name]
	if v == nil {
		return value{}
	}
	switch f.Type {
	case schema.Text, schema.LongText:
		if s, ok := v.(string); ok {
			return value{kind: textValue, text: s}
		}
	case schema.Enum:
		return value{kind: textValue, text: EnumLabel(f, fmt.Sprint(v))}
	case schema.Integer, schema.Duration:
		if len(f.Enum) > 0 {
			return value{kind: textValue, text: EnumLabel(f, fmt.Sprint(v))}
		}
		if n, ok := v.(int64); ok {
			return value{kind: intValue, n: n}
		}
	case schema.Number:
		if x, ok := v.(float64); ok {
			return value{kind: numberValue, x: x}
		}
	case schema.Bool:
		if x, ok := v.(bool); ok {
			return value{kind: boolValue, yes: x}
		}
	case schema.Date, schema.DateTime:
		if s, ok := v.(string); ok {
			return value{kind: dateValue, text: s}
		}
	case schema.Money:
		if m, ok := v.(schema.MoneyValue); ok {
			return value{kind: moneyValue, money: m}
		}
	case schema.Ref:
		if l, ok := r.Field(f.Name).(store.Link); ok {
			return value{kind: textValue, text: LinkRef(l)}
		}
	case schema.Refs:
		if ls, ok := r.Field(f.Name).([]store.Link); ok {
			refs := make([]string, len(ls))
			for i, l := range ls {
				refs[i] = LinkRef(l)
			}
			return value{kind: textValue, text: strings.Join(refs, ", ")}
		}
	case schema.Tags:
		if ss, ok := v.([]string); ok {
			return value{kind: textValue, text: strings.Join(ss, ", ")}
		}
	case schema.Table:
		if rows, ok := v.([]map[string]any); ok {
			return value{kind: textValue, text: tableText(f, rows, w)}
		}
	}
	return value{kind: textValue, text: fmt.Sprint(v)}
}

// fieldCell is the cell of one declared field of a record; in German, yes and no are the words
// Ja and Nein of the column's list.
func (b *Book) fieldCell(r *store.Record, f *schema.Field, w *Words) any {
	v := fieldValue(r, f, w)
	switch v.kind {
	case noValue:
		return nil
	case intValue:
		return v.n
	case numberValue:
		return v.x
	case boolValue:
		if w.German() {
			return w.YesNo(v.yes)
		}
		return v.yes
	case dateValue:
		return b.DateCell(v.text)
	case moneyValue:
		x, err := strconv.ParseFloat(v.money.Amount, 64)
		if err != nil {
			return b.Text(MoneyText(v.money))
		}
		return excelize.Cell{StyleID: b.MoneyStyle(v.money.Currency), Value: x}
	}
	return b.Text(v.text)
}

// in is the value as RegisterText prints it in the words w.
func (v value) in(w *Words) string {
	switch v.kind {
	case intValue:
		return strconv.FormatInt(v.n, 10)
	case numberValue:
		return w.NumberText(v.x)
	case boolValue:
		return w.YesNo(v.yes)
	case moneyValue:
		return w.MoneyText(v.money)
	case dateValue:
		return w.DateText(v.text)
	}
	return v.text
}

// LinkRef is the ref of a linked record, or its id when the record is unknown.
func LinkRef(l store.Link) string {
	if l.Ref != "" {
		return l.Ref
	}
	return l.ID
}

// tableText prints the rows of a table field, one a line: "Priority: P1; Resolve within: 240 min";
// in German its words and dates are German ("Priorität: Kritisch; Lösen innerhalb: 240 min").
func tableText(f *schema.Field, rows []map[string]any, w *Words) string {
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
				if w.German() {
					b.WriteString(w.MoneyText(x))
				} else {
					b.WriteString(MoneyText(x))
				}
			case bool:
				b.WriteString(w.YesNo(x))
			case float64:
				if w.German() {
					b.WriteString(w.NumberText(x))
				} else {
					b.WriteString(fmt.Sprint(x))
				}
			default:
				s := fmt.Sprint(v)
				if len(c.Enum) > 0 {
					s = EnumLabel(c, s)
				} else if c.Type == schema.Duration {
					s += " min"
				} else if c.Type == schema.Date || c.Type == schema.DateTime {
					s = w.DateText(s)
				}
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

// WriteRegister creates the sheet (unless it exists) and writes to it every record of kind k
// that matches q (its Where and Search; the records come in ref order whatever its Sort, and
// all of them whatever its Limit and Offset) as an Excel table named "Register_<kind>"
// (columns of RegisterColumns, cells of RegisterRow), with the StreamWriter: the records are
// read a batch at a time and the rows go to a temporary file, so memory stays bounded whatever
// the register's size. Long drop-down lists must have been planned (b.PlanList) and the Lists
// sheet written (b.WriteLists) before, or those columns have no validation. It returns the
// number of records written and stops at ctx's end.
func WriteRegister(ctx context.Context, b *Book, s *store.Store, k *schema.Kind, sheet string, q store.Query) (rows int, err error) {
	if idx, _ := b.f.GetSheetIndex(sheet); idx < 0 {
		if _, err := b.f.NewSheet(sheet); err != nil {
			return 0, err
		}
	}
	cols := RegisterColumnsIn(k, b.words.Lang)
	row := make([]any, 0, len(cols))
	return b.Table(sheet, "Register_"+k.Name, cols, func(emit func([]any) error) error {
		return readAhead(ctx, s, k.Name, q, func(r *store.Record) error {
			row = b.RegisterRow(row[:0], r, cols)
			return emit(row)
		})
	})
}

// readAhead calls fn for every record of a kind that matches q, in ref order, like store.Each,
// but reads the register in another goroutine a chunk ahead, so reading the workspace and
// writing the sheet use both cores. At most a few chunks are in memory at once.
func readAhead(ctx context.Context, s *store.Store, kind string, q store.Query, fn func(*store.Record) error) error {
	const chunk = 500
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	chunks := make(chan []*store.Record, 2)
	read := make(chan error, 1)
	go func() {
		defer close(chunks)
		var next []*store.Record
		err := s.Each(ctx, kind, q, func(r *store.Record) error {
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
