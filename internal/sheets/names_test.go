package sheets

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSheetName(t *testing.T) {
	taken := map[string]bool{"findings": true}
	for _, c := range []struct{ in, want string }{
		{"Findings", "Findings (register)"},
		{"findings", "findings (2)"},
		{"Risks: [open]/closed?", "Risks- -open--closed-"},
		{"'Quoted'", "Quoted"},
		{strings.Repeat("Long name ", 5), "Long name Long name Long name L"},
	} {
		if got := UniqueSheetName(SheetName(c.in), taken); got != c.want {
			t.Errorf("%q: sheet %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTextCells(t *testing.T) {
	for s, want := range map[string]bool{"=1+1": true, "+49 69": true, "-2": true, "@SUM": true, "\tx": true, "\rx": true,
		"＝1": true, "plain": false, "a=b": false, "": false} {
		if Risky(s) != want {
			t.Errorf("Risky(%q) = %v", s, !want)
		}
	}
	long := strings.Repeat("é", 40000)
	cut := Clip(long)
	if UTF16Len(cut) != excelize.TotalCellChars || !strings.HasSuffix(cut, "…") {
		t.Errorf("clipped to %d units", UTF16Len(cut))
	}
	emoji := strings.Repeat("😀", 20000) // two UTF-16 units each
	if cut := Clip(emoji); UTF16Len(cut) > excelize.TotalCellChars || !strings.HasSuffix(cut, "…") {
		t.Errorf("emoji clipped to %d units", UTF16Len(cut))
	}
	if Clip("short") != "short" {
		t.Error("short text clipped")
	}
	// Long text survives a round trip cut to the limit.
	f := excelize.NewFile()
	defer f.Close()
	b, err := NewBook(f)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{b.Text(long), b.DateCell("2026-03-01"), b.DateCell("not a date")}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if v, _ := g.GetCellValue("Sheet1", "A1"); v != cut {
		t.Errorf("long text reads %d units", UTF16Len(v))
	}
	if v, _ := g.GetCellValue("Sheet1", "B1"); v != "2026-03-01" {
		t.Errorf("date reads %q", v)
	}
	if v, _ := g.GetCellValue("Sheet1", "C1"); v != "not a date" {
		t.Errorf("text date reads %q", v)
	}
}
