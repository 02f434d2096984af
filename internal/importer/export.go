package importer

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// An export writes a register's records, or those a query selects, in the shape an import
// reads back: Ref, the title, Status, every field under its label, Created and Updated. A
// client edits the file in Excel and it comes back as updates (rows keep their refs). The
// workbook has an Excel table with filters, real dates and numbers, and drop-down lists on
// enum columns; the CSV is UTF-8 with a byte order mark (so that Excel reads its accents),
// comma-separated, with dates in ISO form. In German the sheet, the headers, the values of the
// lists and the cells are German (see sheets.Words), and the CSV is separated by semicolons, as
// German Excel reads and writes it, with dates 04.12.2026 and numbers 1234,56.

// ExportResult says what an export wrote.
type ExportResult struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Rows   int    `json:"rows"`
	Bytes  int64  `json:"bytes"`
}

// formatOf is "xlsx" or "csv" by the file's extension.
func formatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return "xlsx", nil
	case ".csv":
		return "csv", nil
	}
	return "", fault.New("output.extension", "path", "the file %q must end in .xlsx or .csv", path)
}

// Language checks the language of a spreadsheet: "en" or "de" ("" is English).
func Language(lang string) error {
	if _, ok := sheets.WordsIn(lang); !ok {
		return fault.New("language.unknown", "language", "no spreadsheets in language %q (languages: %s)", lang, strings.Join(sheets.Languages, ", "))
	}
	return nil
}

// localKind is the kind of that name with its words in lang.
func localKind(s *store.Store, kind, lang string) (*schema.Kind, error) {
	if err := Language(lang); err != nil {
		return nil, err
	}
	k, err := s.Kind(kind)
	if err != nil {
		return nil, err
	}
	return s.Registry().LocalizedKind(k, lang)
}

// Export writes the records of kind that q selects (its Where and Search; sorted by ref) to
// path, an .xlsx or .csv file, in lang ("en" or "de"; "" is English). The file is written
// beside its final name and renamed, so a failed export leaves an earlier file as it was.
func Export(ctx context.Context, s *store.Store, kind string, q store.Query, path, lang string) (*ExportResult, error) {
	k, err := localKind(s, kind, lang)
	if err != nil {
		return nil, err
	}
	format, err := formatOf(path)
	if err != nil {
		return nil, err
	}
	if err := s.CheckOutput(path); err != nil {
		return nil, err
	}
	// The query is checked before any file is made: a bad filter names itself.
	if _, err := s.List(ctx, kind, store.Query{Where: q.Where, Search: q.Search, Limit: 1}); err != nil {
		return nil, err
	}
	res := &ExportResult{Path: path, Format: format}
	err = WriteFile(path, func(w io.Writer) error {
		var err error
		if format == "csv" {
			res.Rows, err = writeCSV(ctx, s, k, q, lang, w)
		} else {
			res.Rows, err = writeXLSX(ctx, s, k, q, lang, w)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err == nil {
		res.Bytes = st.Size()
	}
	return res, nil
}

func writeXLSX(ctx context.Context, s *store.Store, k *schema.Kind, q store.Query, lang string, w io.Writer) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	b, err := sheets.NewBookIn(f, lang)
	if err != nil {
		return 0, err
	}
	sheet := sheets.SheetName(k.Plural)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return 0, err
	}
	for _, c := range sheets.RegisterColumnsIn(k, lang) {
		b.PlanList(c.List)
	}
	if b.NeedsLists() {
		if _, err := f.NewSheet(b.ListsName()); err != nil {
			return 0, err
		}
	}
	if err := b.WriteLists(); err != nil {
		return 0, err
	}
	rows, err := sheets.WriteRegister(ctx, b, s, k, sheet, q)
	if err != nil {
		return 0, err
	}
	if err := b.Err(); err != nil {
		return 0, err
	}
	return rows, sheets.WriteZipped(f, w)
}

func writeCSV(ctx context.Context, s *store.Store, k *schema.Kind, q store.Query, lang string, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw)
	if words, _ := sheets.WordsIn(lang); words.German() {
		cw.Comma = ';'
	}
	cols := sheets.RegisterColumnsIn(k, lang)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	rows := 0
	err := s.Each(ctx, k.Name, store.Query{Where: q.Where, Search: q.Search}, func(r *store.Record) error {
		cells := sheets.RegisterText(r, cols)
		for i, c := range cells {
			cells[i] = quoteFormula(c)
		}
		rows++
		return cw.Write(cells)
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, err
	}
	return rows, bw.Flush()
}

// quoteFormula puts an apostrophe before text a spreadsheet would run as a formula once the CSV
// is opened (=, +, -, @), as OWASP advises; an import takes it off again (see unquoteFormula).
// A negative number stays a number.
func quoteFormula(s string) string {
	if s == "" || !strings.ContainsRune("=+-@", rune(s[0])) {
		return s
	}
	if _, err := parseNumber(s); err == nil && s[0] == '-' {
		return s
	}
	return "'" + s
}

// unquoteFormula takes off the apostrophe quoteFormula (or a careful user) put before a formula
// character.
func unquoteFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}

// WriteFile writes a file through a temporary one beside it, renamed when complete: a failed
// write leaves an earlier file of that name as it was, and no part of a file.
func WriteFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fault.New("output.unwritable", "path", "cannot write %s: the folder %s does not exist", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return fault.New("output.unwritable", "path", "cannot write %s: %v", path, err)
	}
	name := tmp.Name()
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}
