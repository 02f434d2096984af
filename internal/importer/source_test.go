package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func write(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readAll opens a file and returns its header and rows as "line:cell|cell" strings.
func readAll(t *testing.T, path string, opt OpenOptions) (*Source, []string) {
	t.Helper()
	s, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rows []string
	for {
		r, ok, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		rows = append(rows, strings.TrimRight(strings.Join(append([]string{fmt.Sprintf("%02d", r.Line)}, r.Cells...), "|"), "|"))
	}
	return s, rows
}

func TestCSVInEveryEncodingAndDelimiter(t *testing.T) {
	text := "Incident export\r\nGenerated 2026-11-20\r\n\r\nNumber;Short description;Opened;Caller\r\n" +
		"INC1;Mail down;\"quoted; semicolon\";Ana Müller\r\n\r\nINC2;Łódź VPN;21/11/2026;Søren Dahl\r\n"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
	latin := strings.NewReplacer("Łódź", "Lodz").Replace(text) // not in Windows-1252
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte(latin))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, encoding string
		data           []byte
		city           string
	}{
		{"utf8.csv", "UTF-8", []byte(text), "Łódź VPN"},
		{"bom.csv", "UTF-8", append([]byte{0xEF, 0xBB, 0xBF}, text...), "Łódź VPN"},
		{"utf16le.csv", "UTF-16LE", utf16le, "Łódź VPN"},
		{"utf16be-nobom.csv", "UTF-16BE", utf16be, "Łódź VPN"},
		{"windows1252.csv", "Windows-1252", cp1252, "Lodz VPN"},
	} {
		s, rows := readAll(t, write(t, c.name, c.data), OpenOptions{})
		if s.Encoding != c.encoding || s.Delimiter != ';' || s.Format != "csv" {
			t.Errorf("%s: encoding %s, delimiter %q", c.name, s.Encoding, s.Delimiter)
		}
		if strings.Join(s.Header, ",") != "Number,Short description,Opened,Caller" || s.HeaderRow != 4 {
			t.Errorf("%s: header %q on line %d, want the row below the title rows", c.name, s.Header, s.HeaderRow)
		}
		want := []string{"05|INC1|Mail down|quoted; semicolon|Ana Müller", "07|INC2|" + c.city + "|21/11/2026|Søren Dahl"}
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: rows\n%s\nwant\n%s", c.name, strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
	}
	_, rows := readAll(t, write(t, "comma.csv", []byte("Title,Priority,Notes\nA,1,\"x, y\"\nB,2,z\n")), OpenOptions{})
	if strings.Join(rows, ";") != "02|A|1|x, y;03|B|2|z" {
		t.Errorf("comma-separated: %q", rows)
	}
	tabbed, rows := readAll(t, write(t, "tab.csv", []byte("Title\tPriority\nA\t1\n")), OpenOptions{})
	if tabbed.Delimiter != '\t' || strings.Join(rows, ";") != "02|A|1" {
		t.Errorf("tab-separated: %q %q", tabbed.Delimiter, rows)
	}
}

func TestWorkbookWithTitleRowsMergedHeaderFormulasAndBlankRows(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Cover")
	f.SetCellValue("Cover", "A1", "Read me first")
	f.NewSheet("CMDB")
	set := func(cell string, v any) {
		if err := f.SetCellValue("CMDB", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Configuration items — Contoso")
	set("A3", "Name")
	set("B3", "Type")
	set("C3", "Dates") // merged over C3:D3: both columns are "Dates"
	f.MergeCell("CMDB", "C3", "D3")
	set("E3", "Cost")
	set("A4", "web01")
	set("B4", "Server")
	set("C4", 46347) // a serial date, read as stored
	set("E4", 1200.5)
	set("A6", "db01") // row 5 blank
	set("B6", "Database")
	f.SetCellFormula("CMDB", "E6", "E4*2")
	f.SetCellValue("CMDB", "E6", 2401) // the cached value Excel would have saved
	path := filepath.Join(t.TempDir(), "cmdb.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	s, rows := readAll(t, path, OpenOptions{Sheet: "CMDB"})
	if s.Format != "xlsx" || s.Sheet != "CMDB" || strings.Join(s.Sheets, ",") != "Cover,CMDB" {
		t.Errorf("sheet %q of %v", s.Sheet, s.Sheets)
	}
	if strings.Join(s.Header, ",") != "Name,Type,Dates,Dates,Cost" || s.HeaderRow != 3 {
		t.Errorf("header %q on row %d", s.Header, s.HeaderRow)
	}
	if strings.Join(rows, ";") != "04|web01|Server|46347||1200.5;06|db01|Database|||2401" {
		t.Errorf("rows %q", rows)
	}
	// Without --sheet, the first sheet; a sheet that does not exist is named with the others.
	first, _ := readAll(t, path, OpenOptions{})
	if first.Sheet != "Cover" {
		t.Errorf("default sheet %q", first.Sheet)
	}
	if _, err := Open(path, OpenOptions{Sheet: "Suppliers"}); err == nil || !strings.Contains(err.Error(), `no sheet "Suppliers" (sheets: Cover, CMDB)`) {
		t.Errorf("unknown sheet: %v", err)
	}
}

func TestFilesThatCannotBeReadSayWhy(t *testing.T) {
	empty := excelize.NewFile()
	emptyPath := filepath.Join(t.TempDir(), "empty.xlsx")
	if err := empty.SaveAs(emptyPath); err != nil {
		t.Fatal(err)
	}
	locked := excelize.NewFile()
	locked.SetCellValue("Sheet1", "A1", "Title")
	lockedPath := filepath.Join(t.TempDir(), "locked.xlsx")
	if err := locked.SaveAs(lockedPath, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, want string
		opt        OpenOptions
	}{
		{write(t, "photo.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), "photo.csv is a PNG image, not a CSV or XLSX file", OpenOptions{}},
		// A PDF's first part is text, with no byte zero: it was read as columns of garbage.
		{write(t, "report.csv", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")), "report.csv is a PDF document, not a CSV or XLSX file", OpenOptions{}},
		{write(t, "tool.xlsx", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00")), "tool.xlsx is a Windows program", OpenOptions{}},
		{write(t, "smsworkbench", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")), "smsworkbench is a program", OpenOptions{}},
		{write(t, "w.csv", []byte("SQLite format 3\x00\x10\x00\x02\x02")), "w.csv is an SQLite database", OpenOptions{}},
		{write(t, "old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}), "password-protected workbook or an old .xls", OpenOptions{}},
		{lockedPath, "password-protected", OpenOptions{}},
		{write(t, "broken.xlsx", []byte("PK\x03\x04 not really a zip")), "not a readable XLSX workbook", OpenOptions{}},
		{emptyPath, `sheet "Sheet1" is empty`, OpenOptions{}},
		{write(t, "blank.csv", []byte("\n\n ; ;\n")), "the file is empty", OpenOptions{}},
		{write(t, "list.csv", []byte("a,b\n")), "a sheet applies to .xlsx files", OpenOptions{Sheet: "X"}},
		{filepath.Join(t.TempDir(), "missing.csv"), "cannot open missing.csv: no such file or directory", OpenOptions{}},
	} {
		_, err := Open(c.path, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want one line with %q", filepath.Base(c.path), err, c.want)
		}
	}
}
