package importer

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
)

// A plan reads a source against a kind without writing anything: the mapping of its columns,
// the date order of each date column, and every cell that cannot be read, by row and column.
// The import then reads the source again, a row at a time, so a file of any size is imported
// in bounded memory.

// RowError is a cell (or a row) that cannot be imported.
type RowError struct {
	Row    int    `json:"row"`    // the line or row number in the file
	Column string `json:"column"` // its header; "" for the row as a whole
	Value  string `json:"value"`
	Reason string `json:"reason"`
	cause  error  // what Reason says, to be said in another language (In)
}

// rowError is a RowError whose reason is err.
func rowError(row int, column, value string, err error) RowError {
	return RowError{Row: row, Column: column, Value: value, Reason: err.Error(), cause: err}
}

// In is the reason in lang (fault.Text).
func (e RowError) In(lang string) string {
	if e.cause == nil {
		return e.Reason
	}
	return fault.Text(e.cause, lang)
}

// Localize says the reasons of errs in lang, for a reader of that language.
func Localize(errs []RowError, lang string) {
	for i := range errs {
		errs[i].Reason = errs[i].In(lang)
	}
}

func (e RowError) String() string { return e.Line("en") }

// Line is the error on one line in lang: "row 4, column "Created" ("yesterday"): …".
func (e RowError) Line(lang string) string {
	if e.Column == "" {
		return i18n.Tr(lang, "row %d: %s", e.Row, e.In(lang))
	}
	return i18n.Tr(lang, "row %d, column %q (%q): %s", e.Row, e.Column, e.Value, e.In(lang))
}

// maxErrors is how many row errors a plan keeps (it still counts them all).
const maxErrors = 1000

// Plan is what an import of a source into a kind would do.
type Plan struct {
	Kind       *schema.Kind      `json:"-"`
	Source     SourceInfo        `json:"source"`
	Columns    []Column          `json:"columns"`
	DateOrders map[string]string `json:"date_orders,omitempty"` // header -> d/m/y or m/d/y
	// DecimalMarks holds each number column's decimal mark, decided from all its numbers.
	DecimalMarks map[string]string `json:"decimal_marks,omitempty"`
	Notes        []string          `json:"notes,omitempty"` // ambiguous date columns, fields left unmapped
	Rows         int               `json:"rows"`
	Invalid      int               `json:"invalid"` // rows with at least one error (after Check)
	Errors       []RowError        `json:"errors"`  // the first maxErrors (after Check)
	// Constants fill a field for every row no column gives it (--set); ValueMaps say what a
	// column's texts stand for (--map-value, --lookup).
	Constants []Constant `json:"constants,omitempty"`
	ValueMaps []ValueMap `json:"value_maps,omitempty"`
	// Mapped lists, after Check, each distinct text of the state and enum columns, and of the
	// columns a value map covers, with what it was read as.
	Mapped []Mapped `json:"mapped,omitempty"`
	opt    OpenOptions
	values map[string]map[string]string // header -> norm(text) -> value
}

// SourceInfo describes the file read.
type SourceInfo struct {
	Path      string   `json:"path"`
	Format    string   `json:"format"`
	Sheet     string   `json:"sheet,omitempty"`
	Sheets    []string `json:"sheets,omitempty"`
	Encoding  string   `json:"encoding,omitempty"`
	Delimiter string   `json:"delimiter,omitempty"`
	HeaderRow int      `json:"header_row"`
}

// PlanOptions choose the sheet and the mappings over the automatic ones: a saved profile's,
// then those a user gave.
type PlanOptions struct {
	Sheet       string
	ProfileMaps []string // "Column=field"; columns the file lacks are skipped
	Maps        []string // "Column=field"
	Sets        []string // "field=value": a value for every row no column gives it
	ValueMaps   []string // "Column:text=value": what a text of a column stands for
}

// NewPlan reads a source once: its header for the mapping, then its rows for their number and
// the date order of each date column. Check, or the import, checks the cells.
func NewPlan(path string, k *schema.Kind, opt PlanOptions) (*Plan, error) {
	p := &Plan{Kind: k, opt: OpenOptions{Sheet: opt.Sheet}, DateOrders: map[string]string{}, DecimalMarks: map[string]string{}}
	src, err := Open(path, p.opt)
	if err != nil {
		return nil, err
	}
	p.Source = SourceInfo{Path: path, Format: src.Format, Sheet: src.Sheet, Sheets: src.Sheets, Encoding: src.Encoding, HeaderRow: src.HeaderRow}
	if src.Format == "csv" {
		p.Source.Delimiter = string(src.Delimiter)
	}
	cols := AutoMap(k, src.Header)
	cols, skipped, err := remap(k, cols, opt.ProfileMaps, "profile", true)
	if err == nil {
		cols, err = Remap(k, cols, opt.Maps)
	}
	if err != nil {
		src.Close()
		return nil, err
	}
	if len(skipped) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("the profile maps columns this file lacks: %s", strings.Join(skipped, ", ")))
	}
	p.Columns = cols
	if p.Constants, err = parseConstants(k, opt.Sets); err == nil {
		p.ValueMaps, err = parseValueMaps(k, cols, opt.ValueMaps)
	}
	if err != nil {
		src.Close()
		return nil, err
	}
	p.values = map[string]map[string]string{}
	for _, m := range p.ValueMaps {
		if p.values[m.Column] == nil {
			p.values[m.Column] = map[string]string{}
		}
		p.values[m.Column][norm(m.From)] = m.To
	}
	if !p.mapsSomething() {
		src.Close()
		return nil, fault.New("import.nothing_mapped", "maps", "no column of %s maps to a field of %s (columns: %s)",
			src.what(), k.Plural, headers(cols))
	}
	if missing := Unmapped(k, append(slices.Clone(cols), p.constantColumns()...)); len(missing) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("no column fills the required field(s) %s: rows that create a record will be refused", strings.Join(missing, ", ")))
	}
	err = p.decideDateOrders(src)
	src.Close()
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Check reads the source again and checks every cell against its field: Invalid and Errors.
// (An import checks them as it goes; Check shows them without one.)
func (p *Plan) Check() error {
	p.Invalid, p.Errors = 0, nil
	return p.Each(func(row *ParsedRow) error {
		if len(row.Errors) > 0 {
			p.Invalid++
			for _, e := range row.Errors {
				if len(p.Errors) < maxErrors {
					p.Errors = append(p.Errors, e)
				}
			}
		}
		return nil
	})
}

// constantColumns stand for the constants, for the check of required fields.
func (p *Plan) constantColumns() []Column {
	var out []Column
	for _, c := range p.Constants {
		out = append(out, Column{Header: "--set " + c.Field, Field: c.Field, Index: -1})
	}
	return out
}

func (p *Plan) mapsSomething() bool {
	for _, c := range p.Columns {
		if c.Field != "" {
			return true
		}
	}
	return false
}

// decideDateOrders reads the date columns to the end for their order.
func (p *Plan) decideDateOrders(src *Source) error {
	var dateCols, numberCols []Column
	for _, c := range p.Columns {
		f, ok := p.Kind.Field(c.Field)
		switch {
		case ok && (f.Type == schema.Date || f.Type == schema.DateTime):
			dateCols = append(dateCols, c)
		case ok && isFigure(f):
			numberCols = append(numberCols, c)
		}
	}
	marks := make([]map[string]string, len(numberCols)) // the first number showing each mark

	// Only the first value showing each order is needed: keep those, not the column.
	evidence := make([]map[string]string, len(dateCols))
	for i := range evidence {
		evidence[i] = map[string]string{}
	}
	for {
		row, ok, err := src.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		p.Rows++
		for i, c := range numberCols {
			if c.Index >= len(row.Cells) {
				continue
			}
			if e := decimalEvidence(row.Cells[c.Index]); e != "" {
				if marks[i] == nil {
					marks[i] = map[string]string{}
				}
				if marks[i][e] == "" {
					marks[i][e] = row.Cells[c.Index]
				}
			}
		}
		for i, c := range dateCols {
			if c.Index >= len(row.Cells) {
				continue
			}
			v := row.Cells[c.Index]
			order, ambiguous, _ := DateOrder([]string{v})
			if ambiguous {
				order = "?" // a local date that decides nothing by itself
			}
			if evidence[i][order] == "" {
				evidence[i][order] = v
			}
		}
	}
	for i, c := range numberCols {
		var shown []string
		for _, v := range marks[i] {
			shown = append(shown, v)
		}
		sort.Strings(shown)
		mark, err := DecimalMark(shown)
		if err != nil {
			return fault.New("import.column_unreadable", "maps", "column %q %v: write its numbers with their decimals (18.400,00 or 18,400.00)", c.Header, err)
		}
		p.DecimalMarks[c.Header] = mark
	}
	for i, c := range dateCols {
		order, ambiguous, err := DateOrder([]string{evidence[i][DMY], evidence[i][MDY], evidence[i]["?"]})
		if err != nil {
			return fault.New("import.column_unreadable", "maps", "column %q %v: fix the column or make its dates ISO (2026-11-21)", c.Header, err)
		}
		p.DateOrders[c.Header] = order
		if ambiguous {
			p.Notes = append(p.Notes, fmt.Sprintf("column %q: no date tells day-first from month-first; read as %s", c.Header, order))
		}
	}
	return nil
}

// isFigure tells the fields whose text is a number with a decimal mark: numbers, amounts of
// money, whole numbers that are not codes of a list.
func isFigure(f *schema.Field) bool {
	return f.Type == schema.Number || f.Type == schema.Money || f.Type == schema.Integer && len(f.Enum) == 0
}

// ParsedRow is a row of the source read against the kind.
type ParsedRow struct {
	Line   int            // its line or row number in the file
	Cells  []string       // as read
	Input  map[string]any // field -> value, plus "ref" and "status" when mapped
	Errors []RowError     // of its cells
}

// Each reads the source again and calls fn with each row.
func (p *Plan) Each(fn func(*ParsedRow) error) error {
	src, err := Open(p.Source.Path, p.opt)
	if err != nil {
		return err
	}
	defer src.Close()
	// The file is read and its cells parsed in another goroutine, a few hundred rows ahead of
	// fn: an import writes the workspace on one core while the file is read on the other.
	rows := make(chan *ParsedRow, 256)
	stop := make(chan struct{})
	parsed := make(chan error, 1)
	go func() {
		defer close(rows)
		parsed <- p.parse(src, func(r *ParsedRow) bool {
			select {
			case rows <- r:
				return true
			case <-stop:
				return false
			}
		})
	}()
	var fnErr error
	for r := range rows {
		if fnErr == nil {
			if fnErr = fn(r); fnErr != nil {
				close(stop)
			}
		}
	}
	if err := <-parsed; fnErr == nil {
		return err
	}
	return fnErr
}

// parse reads the rows of src and gives each, parsed, to emit until it returns false.
func (p *Plan) parse(src *Source, emit func(*ParsedRow) bool) error {
	keys := map[string]int{} // ref -> the first row that has it
	var seen tally
	defer func() { p.Mapped = seen.list(p.Columns) }()
	for {
		row, ok, err := src.Next()
		if err != nil || !ok {
			return err
		}
		input := map[string]any{}
		var errs []RowError
		for _, c := range p.Columns {
			if c.Field == "" || c.Index >= len(row.Cells) {
				continue
			}
			text := unquoteFormula(row.Cells[c.Index])
			given := strings.TrimSpace(text)
			mapped := false
			if to, ok := p.values[c.Header][norm(text)]; ok && given != "" {
				text, mapped = to, true
			}
			if c.Field == RefColumn {
				if t := strings.TrimSpace(text); t != "" {
					input[c.Field] = t
				}
				continue
			}
			if c.Field == StatusColumn {
				t := strings.TrimSpace(text)
				if t == "" {
					continue
				}
				st, ok := StateOf(p.Kind, t)
				if ok {
					t = st
				}
				input[c.Field] = t
				seen.add(c.Header, given, st)
				continue
			}
			f, _ := p.Kind.Field(c.Field)
			order := p.DateOrders[c.Header]
			if isFigure(f) {
				order = p.DecimalMarks[c.Header]
			}
			v, err := readValue(p.Kind, f, text, order)
			if err != nil {
				errs = append(errs, rowError(row.Line, c.Header, text, err))
				continue
			}
			if v != nil {
				input[c.Field] = v
			}
			if given != "" && f.Type == schema.Text && !mapped && len(f.Enum) == 0 {
				seen.addPlain(c.Header, given) // a category, a group: listed when it repeats a few values
			} else if given != "" && (mapped || len(f.Enum) > 0 || f.Type == schema.Ref) { // a reference: what each text names may be given (a group's service)
				to := fmt.Sprint(v)
				if len(f.Enum) > 0 && !inEnum(f, v) {
					to = ""
				}
				seen.add(c.Header, given, to)
			}
		}
		for _, c := range p.Constants {
			if input[c.Field] == nil {
				input[c.Field] = c.value
			}
		}
		if ref, ok := input[RefColumn].(string); ok {
			if first, dup := keys[strings.ToUpper(ref)]; dup {
				errs = append(errs, rowError(row.Line, p.header(RefColumn), ref, fault.New("import.key_repeated", "", "the same key as row %d", first)))
			} else {
				keys[strings.ToUpper(ref)] = row.Line
			}
		}
		if !emit(&ParsedRow{Line: row.Line, Cells: row.Cells, Input: input, Errors: errs}) {
			return nil
		}
	}
}

func (p *Plan) header(field string) string {
	for _, c := range p.Columns {
		if c.Field == field {
			return c.Header
		}
	}
	return field
}

// Summary is a few lines on the plan for a terminal: Describe, then the rows and their errors.
func (p *Plan) Summary() string {
	var b strings.Builder
	p.Describe(&b, "en")
	fmt.Fprintf(&b, "%d rows, %d with errors\n", p.Rows, p.Invalid)
	for _, e := range p.Errors {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	return b.String()
}

// Describe writes what the plan read, in lang: the format, each column and the field it fills,
// the order of each date column, and the notes.
func (p *Plan) Describe(w io.Writer, lang string) {
	tr := func(format string, args ...any) string { return i18n.Tr(lang, format, args...) }
	head := p.Source.Format
	if p.Source.Sheet != "" {
		head += tr(", sheet %q", p.Source.Sheet)
	}
	if p.Source.Encoding != "" {
		head += tr(", %s, delimiter %q", p.Source.Encoding, p.Source.Delimiter)
	}
	fmt.Fprintln(w, head+tr(", header on row %d", p.Source.HeaderRow))
	for _, c := range p.Columns {
		to := tr("(not imported)")
		if c.Field != "" {
			to = c.Field + " (" + c.How + ")"
		}
		fmt.Fprintf(w, "  %-28q -> %s\n", c.Header, to)
	}
	var orders []string
	for h, o := range p.DateOrders {
		orders = append(orders, fmt.Sprintf("%q %s", h, o))
	}
	sort.Strings(orders)
	if len(orders) > 0 {
		fmt.Fprintln(w, tr("dates: %s", strings.Join(orders, ", ")))
	}
	for _, n := range p.Notes {
		fmt.Fprintln(w, tr("note: %s", n))
	}
}
