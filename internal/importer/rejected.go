package importer

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/sheets"
)

// rejectedBook collects the rows an import skipped, as the source had them plus the reasons,
// streamed into a workbook so that a large file of bad rows costs no more memory than a good
// one. The user fixes them there and imports that file.
type rejectedBook struct {
	path   string
	header []string
	f      *excelize.File
	b      *sheets.Book
	sw     *excelize.StreamWriter
	rows   int
	lang   string
}

// The sheet and the first two headers of the rejected rows' workbook, in English and German.
var rejectedWords = map[string][3]string{
	"en": {"Rejected rows", "Rejected because", "Source row"},
	"de": {"Abgelehnte Zeilen", "Abgelehnt, weil", "Zeile der Quelle"},
}

func (b *rejectedBook) words() [3]string {
	if w, ok := rejectedWords[b.lang]; ok {
		return w
	}
	return rejectedWords["en"]
}

func (b *rejectedBook) add(cells []string, errs []RowError) error {
	if b.sw == nil {
		b.f = excelize.NewFile()
		book, err := sheets.NewBookIn(b.f, b.lang)
		if err != nil {
			return err
		}
		b.b = book
		words := b.words()
		b.f.SetSheetName("Sheet1", words[0])
		sw, err := b.f.NewStreamWriter(words[0])
		if err != nil {
			return err
		}
		b.sw = sw
		sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		bold := book.Bold
		head := []any{excelize.Cell{StyleID: bold, Value: words[1]}, excelize.Cell{StyleID: bold, Value: words[2]}}
		for _, h := range b.header {
			head = append(head, excelize.Cell{StyleID: bold, Value: h})
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		b.rows = 1
	}
	reasons := make([]string, len(errs))
	for i, e := range errs {
		if e.Column == "" {
			reasons[i] = e.In(b.lang)
		} else {
			reasons[i] = e.Column + ": " + e.In(b.lang)
		}
	}
	row := []any{strings.Join(reasons, "; "), errs[0].Row}
	for i := range b.header {
		v := ""
		if i < len(cells) {
			v = cells[i]
		}
		row = append(row, b.b.Text(v)) // text as it was, never a formula
	}
	b.rows++
	cell, _ := excelize.CoordinatesToCellName(1, b.rows)
	return b.sw.SetRow(cell, row)
}

// save writes the workbook beside the source, through a temporary file.
func (b *rejectedBook) save() error {
	if b.sw == nil {
		return nil
	}
	if err := b.sw.Flush(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(b.path), ".rejected-*.xlsx")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, err = b.f.WriteTo(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, b.path)
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

func (b *rejectedBook) discard() {
	if b.f != nil {
		b.f.Close()
	}
}
