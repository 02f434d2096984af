// Package importer owns bringing a client's spreadsheets into the registers: reading CSV and
// XLSX files as rows of text whatever their encoding, delimiter or layout (this file), mapping
// their columns to a kind's fields, reading their values, and the import itself.
package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"smsworkbench/internal/fault"
)

// Row is one row of a source below its header: its line (CSV record) or row number in the file,
// 1-based as a spreadsheet shows it, and its cells as text.
type Row struct {
	Line  int
	Cells []string
}

// Source is a CSV file or a worksheet read row by row, its header found.
type Source struct {
	Path      string
	Format    string // "csv" or "xlsx"
	Sheet     string // the worksheet read (xlsx)
	Sheets    []string
	Encoding  string // of a CSV: "UTF-8", "UTF-16LE", "UTF-16BE" or "Windows-1252"
	Delimiter rune   // of a CSV
	HeaderRow int    // the header's line or row number
	Header    []string

	next    func() ([]string, int, error) // the next raw row and its number; io.EOF at the end
	pending []Row                         // rows read while looking for the header
	closer  func() error
}

// OpenOptions choose what of a file is read.
type OpenOptions struct {
	Sheet string // a worksheet by name; the first one when empty
}

// headerScan is how many rows are searched for the header, below title rows.
const headerScan = 20

// Open opens a CSV or XLSX file, finds its header and is ready to give its rows.
func Open(path string, opt OpenOptions) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fault.New("import.source_unreadable", "", "cannot open %s: %v", filepath.Base(path), unwrapPath(err))
	}
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	s := &Source{Path: path}
	if what := notASpreadsheet(head); what != "" {
		f.Close()
		return nil, fault.New("import.source_unreadable", "", "%s is %s, not a CSV or XLSX file", filepath.Base(path), what)
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		err = s.openXLSX(f, opt)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		// An OLE2 container: an Excel 97-2003 workbook, or an encrypted (password-protected) one.
		f.Close()
		return nil, fault.New("import.source_unreadable", "", "%s is a password-protected workbook or an old .xls file: save it from Excel as an .xlsx without a password, or as CSV", filepath.Base(path))
	default:
		if opt.Sheet != "" {
			f.Close()
			return nil, fault.New("import.sheet_not_workbook", "sheet", "%s is not a workbook: a sheet applies to .xlsx files", filepath.Base(path))
		}
		err = s.openCSV(f)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := s.findHeader(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// notASpreadsheet names what a file is by its first bytes when it is a common kind of file that
// no one means as a table (a PDF, a program, an image, an archive): "" otherwise.
func notASpreadsheet(head []byte) string {
	for _, m := range []struct{ magic, what string }{
		{"%PDF", "a PDF document"}, {"\x7fELF", "a program"}, {"MZ", "a Windows program"}, {"\xca\xfe\xba\xbe", "a program"},
		{"\xcf\xfa\xed\xfe", "a program"}, {"\x89PNG", "a PNG image"}, {"\xff\xd8\xff", "a JPEG image"}, {"GIF8", "a GIF image"},
		{"%!PS", "a PostScript document"}, {"\x1f\x8b", "a gzip archive"}, {"7z\xbc\xaf", "a 7-Zip archive"}, {"Rar!", "a RAR archive"},
		{"{\\rtf", "an RTF document"}, {"SQLite format 3", "an SQLite database"},
	} {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return m.what
		}
	}
	return ""
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Close releases the file.
func (s *Source) Close() error {
	if s.closer == nil {
		return nil
	}
	c := s.closer
	s.closer = nil
	return c()
}

// Next returns the next row with a value in it; ok is false at the end.
func (s *Source) Next() (row Row, ok bool, err error) {
	if len(s.pending) > 0 {
		row, s.pending = s.pending[0], s.pending[1:]
		return row, true, nil
	}
	for {
		cells, line, err := s.next()
		if err == io.EOF {
			return Row{}, false, nil
		}
		if err != nil {
			return Row{}, false, err
		}
		if !blank(cells) {
			return Row{Line: line, Cells: cells}, true, nil
		}
	}
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// findHeader takes as the header the first row, among the first ones, that has values in at
// least two columns and in most of the columns the widest of those rows fills: title rows
// ("Incident export", "Generated 2026-11-20") above it have one value each. Values are counted
// once each, so a title merged across the table (one value in every cell) is not a header.
func (s *Source) findHeader() error {
	var rows []Row
	widest := 0
	for len(rows) < headerScan {
		cells, line, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if blank(cells) {
			continue
		}
		rows = append(rows, Row{Line: line, Cells: cells})
		widest = max(widest, distinct(cells))
	}
	if len(rows) == 0 {
		return fault.New("import.source_unreadable", "", "%s: %s is empty", filepath.Base(s.Path), s.what())
	}
	for i, r := range rows {
		if n := distinct(r.Cells); n >= 2 && n*10 >= widest*6 || widest < 2 {
			s.HeaderRow, s.Header, s.pending = r.Line, trimAll(r.Cells), rows[i+1:]
			return nil
		}
	}
	return fault.New("import.source_unreadable", "", "%s: no header row in the first %d rows of %s", filepath.Base(s.Path), headerScan, s.what())
}

func (s *Source) what() string {
	if s.Format == "xlsx" {
		return fmt.Sprintf("sheet %q", s.Sheet)
	}
	return "the file"
}

// distinct counts the different values of a row.
func distinct(cells []string) int {
	seen := map[string]bool{}
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			seen[c] = true
		}
	}
	return len(seen)
}

func trimAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Join(strings.Fields(c), " ")
	}
	return out
}

// --- CSV ---

// openCSV reads a text file: its encoding from its byte order mark or its bytes, its delimiter
// from its first lines.
func (s *Source) openCSV(f *os.File) error {
	s.Format, s.closer = "csv", f.Close
	br := bufio.NewReaderSize(f, 64<<10)
	sample, _ := br.Peek(64 << 10)
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(sample, []byte{0xEF, 0xBB, 0xBF}):
		s.Encoding = "UTF-8"
		br.Discard(3)
	case bytes.HasPrefix(sample, []byte{0xFF, 0xFE}):
		s.Encoding = "UTF-16LE"
		r = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	case bytes.HasPrefix(sample, []byte{0xFE, 0xFF}):
		s.Encoding = "UTF-16BE"
		r = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
	case utf16Without(sample) != "":
		s.Encoding = utf16Without(sample)
		endian := unicode.LittleEndian
		if s.Encoding == "UTF-16BE" {
			endian = unicode.BigEndian
		}
		r = transform.NewReader(br, unicode.UTF16(endian, unicode.IgnoreBOM).NewDecoder())
	case bytes.IndexByte(sample, 0) >= 0:
		return fault.New("import.source_unreadable", "", "%s is not a CSV or XLSX file (it holds binary data)", filepath.Base(s.Path))
	case utf8.Valid(trimPartialRune(sample)):
		s.Encoding = "UTF-8"
	default:
		s.Encoding = "Windows-1252"
		r = transform.NewReader(br, charmap.Windows1252.NewDecoder())
	}
	text := bufio.NewReaderSize(r, 64<<10)
	peek, _ := text.Peek(16 << 10)
	s.Delimiter = sniffDelimiter(string(peek))
	cr := csv.NewReader(text)
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord, cr.ReuseRecord = s.Delimiter, true, -1, false
	s.next = func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			if err == io.EOF {
				return nil, 0, io.EOF
			}
			line, _ := cr.FieldPos(0)
			return nil, line, fault.New("import.source_unreadable", "", "%s line %d: %v", filepath.Base(s.Path), line, err)
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}
	return nil
}

// trimPartialRune drops a rune cut at the end of a sample.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// utf16Without recognises UTF-16 text without a byte order mark by its zero bytes: every other
// byte of Latin text is zero.
func utf16Without(b []byte) string {
	if len(b) < 4 {
		return ""
	}
	var even, odd int
	for i, c := range b[:min(len(b), 4096)] {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := min(len(b), 4096) / 2
	switch {
	case odd*10 >= half*8:
		return "UTF-16LE"
	case even*10 >= half*8:
		return "UTF-16BE"
	}
	return ""
}

// sniffDelimiter picks among , ; tab and | the one found most, and as often, on the first
// lines, outside quotes. A spreadsheet saved in a European locale uses ";".
func sniffDelimiter(sample string) rune {
	lines := splitRecords(sample)
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut
	}
	best, bestScore := ',', -1
	for _, d := range []rune{',', ';', '\t', '|'} {
		var counts []int
		for _, l := range lines[:min(len(lines), 30)] {
			if strings.TrimSpace(l) == "" {
				continue
			}
			counts = append(counts, countOutsideQuotes(l, d))
		}
		if len(counts) == 0 {
			continue
		}
		// Lines with the delimiter, weighted by how often the most common count recurs.
		same, most := 0, mode(counts)
		for _, c := range counts {
			if c == most && c > 0 {
				same++
			}
		}
		if score := same*1000 + most; most > 0 && score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// splitRecords cuts text into CSV records: at line ends outside quotes (a quoted cell may hold
// several lines).
func splitRecords(text string) []string {
	var out []string
	start, quoted := 0, false
	for i, c := range text {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\n' && !quoted:
			out = append(out, text[start:i])
			start = i + 1
		}
	}
	return append(out, text[start:])
}

func countOutsideQuotes(line string, d rune) int {
	n, quoted := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == d && !quoted:
			n++
		}
	}
	return n
}

func mode(xs []int) int {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, x := range xs {
		count[x]++
		if count[x] > bestN || count[x] == bestN && x > best {
			best, bestN = x, count[x]
		}
	}
	return best
}

// --- XLSX ---

// openXLSX reads a worksheet (the first one, or the one named) with its cells' values as
// stored, formulas as their last computed values, merged header cells filled across.
func (s *Source) openXLSX(f *os.File, opt OpenOptions) error {
	s.Format = "xlsx"
	wb, err := excelize.OpenReader(f, excelize.Options{RawCellValue: true})
	f.Close()
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrUnsupportedEncryptMechanism) {
			return fault.New("import.source_unreadable", "", "%s is password-protected: save it from Excel without a password", filepath.Base(s.Path))
		}
		return fault.New("import.source_unreadable", "", "%s is not a readable XLSX workbook: %v", filepath.Base(s.Path), err)
	}
	s.closer = wb.Close
	s.Sheets = wb.GetSheetList()
	s.Sheet = opt.Sheet
	if s.Sheet == "" {
		for _, name := range s.Sheets {
			if visible, _ := wb.GetSheetVisible(name); visible {
				s.Sheet = name
				break
			}
		}
	} else if idx, _ := wb.GetSheetIndex(s.Sheet); idx < 0 {
		return fault.New("import.sheet_unknown", "sheet", "%s has no sheet %q (sheets: %s)", filepath.Base(s.Path), s.Sheet, strings.Join(s.Sheets, ", "))
	}
	merged, err := mergedRanges(s.Path, s.Sheet)
	if err != nil {
		return err
	}
	rows, err := wb.Rows(s.Sheet)
	if err != nil {
		return err
	}
	prevClose := s.closer
	s.closer = func() error { rows.Close(); return prevClose() }
	n := 0
	s.next = func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, n, err
			}
			return nil, n, io.EOF
		}
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, n, fault.New("import.source_unreadable", "", "%s sheet %q row %d: %v", filepath.Base(s.Path), s.Sheet, n, err)
		}
		merged.fill(n, cells)
		return cells, n, nil
	}
	return nil
}

// merges are the merged ranges of the first rows of a sheet, where headers are: a header
// "Dates" merged over two columns heads both. A range's value is its first cell's, remembered
// as the rows stream by.
type merges struct {
	ranges []mergeRange
	values map[[2]int]string // first cell (row, column) -> its value
}

type mergeRange struct{ r1, c1, r2, c2 int } // 1-based rows, 0-based columns

// fill gives the empty cells of row n that lie in a merged range the value of its first cell.
func (m *merges) fill(n int, cells []string) []string {
	for _, g := range m.ranges {
		if n == g.r1 && g.c1 < len(cells) {
			m.values[[2]int{g.r1, g.c1}] = cells[g.c1]
		}
		if n < g.r1 || n > g.r2 {
			continue
		}
		v := m.values[[2]int{g.r1, g.c1}]
		for c := g.c1; c <= g.c2 && v != ""; c++ {
			for len(cells) <= c {
				cells = append(cells, "")
			}
			if cells[c] == "" {
				cells[c] = v
			}
		}
	}
	return cells
}

// mergedRanges reads the merged ranges of a sheet from its XML, a token at a time. excelize's
// GetMergeCells would load the whole worksheet into memory (hundreds of megabytes for 100,000
// rows) and make its row reader write it out again.
func mergedRanges(file, sheet string) (*merges, error) {
	m := &merges{values: map[[2]int]string{}}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return m, nil // the workbook reader has said what is wrong with the file
	}
	defer zr.Close()
	part := sheetPart(zr, sheet)
	for _, zf := range zr.File {
		if zf.Name != part {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		// A byte search, not an XML decoder: the ranges come after every row, and a decoder
		// would take longer over the rows than reading them does.
		buf := make([]byte, 1<<20)
		var carry []byte
		for {
			n, err := io.ReadFull(rc, buf)
			chunk := append(carry, buf[:n]...)
			for _, sm := range mergeRef.FindAllSubmatch(chunk, -1) {
				c1, r1, err1 := excelize.CellNameToCoordinates(string(sm[1]))
				c2, r2, err2 := excelize.CellNameToCoordinates(string(sm[2]))
				if err1 == nil && err2 == nil && r1 <= headerScan+5 {
					m.ranges = append(m.ranges, mergeRange{r1, c1 - 1, r2, c2 - 1})
				}
			}
			if err != nil { // io.EOF or io.ErrUnexpectedEOF at the end
				break
			}
			// Keep the end of the chunk, unless it held a whole element: one may be cut there.
			tail := chunk[max(0, len(chunk)-128):]
			if i := bytes.LastIndexByte(tail, '>'); i >= 0 {
				tail = tail[i+1:]
			}
			carry = append(carry[:0:0], tail...)
		}
	}
	return m, nil
}

var mergeRef = regexp.MustCompile(`<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"`)

// sheetPart is the name of a sheet's part in a workbook's zip ("xl/worksheets/sheet1.xml"),
// from the workbook's list of sheets and its relationships; "" when it cannot be told.
func sheetPart(zr *zip.ReadCloser, sheet string) string {
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readZipXML(zr, "xl/workbook.xml", &book) != nil || readZipXML(zr, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return ""
	}
	for _, sh := range book.Sheets {
		if sh.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == sh.ID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/")
				}
				return path.Join("xl", r.Target)
			}
		}
	}
	return ""
}

func readZipXML(zr *zip.ReadCloser, name string, into any) error {
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			return xml.NewDecoder(rc).Decode(into)
		}
	}
	return os.ErrNotExist
}
