package sheets

import (
	"archive/zip"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ListsSheet is the name of the hidden sheet that holds the values of the drop-down lists too
// long to inline.
const ListsSheet = "Lists"

// Excel's limits.
const (
	MaxCellChars  = excelize.TotalCellChars // UTF-16 units in a cell
	MaxInlineList = excelize.MaxFieldLength // characters of an inline drop-down list, separators included
	MaxSheetName  = excelize.MaxSheetNameLength
	MaxDataRows   = excelize.TotalRows - 1 // below the header row
	MaxColWidth   = 60
)

// WriteZipped writes the workbook's zip straight to w. excelize's Write would first build the
// whole file in memory (tens of megabytes for a large workspace); its zip writer hook sends the
// entries to w instead, and the buffer it then returns is empty. (That buffer is where excelize
// would patch the headers of entries over 4 GiB; no sheet the workbench writes comes near.)
func WriteZipped(f *excelize.File, w io.Writer) error {
	zw := zip.NewWriter(w)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	_, err := f.WriteToBuffer()
	return err
}

// SheetName makes a valid sheet name: no []:*?/\, no apostrophe at either end, at most 31
// UTF-16 units.
func SheetName(s string) string {
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
	s = CutUTF16(s, MaxSheetName)
	s = strings.Trim(strings.TrimSpace(s), "'")
	if s == "" {
		s = "Register"
	}
	return s
}

// UniqueSheetName returns name, or "name (register)", "name (2)"... when it is taken (Excel
// compares sheet names without case), and marks it taken.
func UniqueSheetName(name string, taken map[string]bool) string {
	try := name
	for i := 1; taken[strings.ToLower(try)]; i++ {
		suffix := " (register)"
		if i > 1 {
			suffix = " (" + strconv.Itoa(i) + ")"
		}
		try = CutUTF16(name, MaxSheetName-len(suffix)) + suffix
	}
	taken[strings.ToLower(try)] = true
	return try
}

// CutUTF16 cuts s to at most n UTF-16 units, at a rune boundary.
func CutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// UTF16Len is the length of s in UTF-16 units, as Excel counts characters.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// Risky reports whether a spreadsheet would read text as a formula (or as a DDE call) once
// the cell is edited.
func Risky(s string) bool {
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

// Clip cuts text to Excel's limit of 32,767 characters per cell, ending it with "…".
func Clip(s string) string {
	if len(s) <= MaxCellChars || UTF16Len(s) <= MaxCellChars { // (a UTF-16 unit takes a byte at least)
		return s
	}
	return CutUTF16(s, MaxCellChars-1) + "…"
}
