package documents

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// PackEntry is one document of a document pack.
type PackEntry struct {
	Ref        string `json:"ref"`
	Title      string `json:"title"`
	Type       string `json:"type"`
	Version    string `json:"version"`
	ApprovedBy string `json:"approved_by"`
	ApprovedOn string `json:"approved_on"`
	ReviewDue  string `json:"review_due,omitempty"`
	SHA256     string `json:"sha256"`
	DOCX, PDF  string `json:"-"` // their names in the zip
}

// Pack writes the approved document set as a zip: for every approved document, its approved
// version as DOCX and PDF, and index.xlsx listing them (id, title, type, version, approver,
// dates, the sha256 of the approved text), all printed in the library's language (the
// documents' text as approved).
func (l *Library) Pack(ctx context.Context, w io.Writer) ([]PackEntry, error) {
	page, err := l.s.List(ctx, "policy", store.Query{Where: []store.Filter{{Field: "status", Op: "!=", Value: "retired"}}, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	org := l.s.Meta("name")
	zw := zip.NewWriter(w)
	entries := []PackEntry{}
	for _, r := range page.Records {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := l.Get(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		// The last approved version: a document whose next draft is being edited is in the
		// set as it was approved; one approved before versions were kept, as it stands.
		var sheet Sheet
		var e PackEntry
		switch n := len(d.Versions); {
		case n > 0:
			v, err := l.Version(ctx, d.ID, d.Versions[n-1].Version)
			if err != nil {
				return nil, err
			}
			sheet = SheetOfVersion(d, v, org)
			sheet.ReviewDue = d.ReviewDue
			e = PackEntry{Ref: d.Ref, Title: v.Title, Type: typeLabel(l.s, d.Type, l.lang), Version: v.Version, ApprovedBy: v.ApprovedBy,
				ApprovedOn: v.ApprovedOn, ReviewDue: d.ReviewDue, SHA256: v.SHA256}
		case d.Status == "approved":
			sheet = SheetOf(d, org)
			sum := sha256.Sum256([]byte(d.Body))
			e = PackEntry{Ref: d.Ref, Title: d.Title, Type: typeLabel(l.s, d.Type, l.lang), Version: d.Version, ApprovedBy: d.ApprovedBy,
				ApprovedOn: d.ApprovedOn, ReviewDue: d.ReviewDue, SHA256: hex.EncodeToString(sum[:])}
		default:
			continue // a draft never approved is not in the approved set
		}
		sheet = sheet.In(l.lang)
		base := fileName(fmt.Sprintf("%s %s v%s", d.Ref, e.Title, e.Version))
		e.DOCX, e.PDF = base+".docx", base+".pdf"
		var buf bytes.Buffer
		if err := WriteDOCX(sheet, &buf); err != nil {
			return nil, err
		}
		if err := put(zw, e.DOCX, buf.Bytes()); err != nil {
			return nil, err
		}
		pdf, err := WritePDF(sheet)
		if err != nil {
			return nil, err
		}
		if err := put(zw, e.PDF, pdf); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	index, err := indexBook(entries, l.lang)
	if err != nil {
		return nil, err
	}
	if err := put(zw, "index.xlsx", index); err != nil {
		return nil, err
	}
	return entries, zw.Close()
}

func put(zw *zip.Writer, name string, data []byte) error {
	f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

// fileName keeps a name safe on every system: no path separators or characters Windows refuses.
func fileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '-'
		}
		return r
	}, s)
	return strings.TrimRight(strings.TrimSpace(s), ".")
}

// typeLabel is the label of a document type in a language.
func typeLabel(s *store.Store, typ, lang string) string {
	if lang != "" && lang != "en" {
		if words, err := s.Registry().Labels(lang); err == nil && words["enum.policy.policy_type."+typ] != "" {
			return words["enum.policy.policy_type."+typ]
		}
	}
	if k, ok := s.Registry().Kind("policy"); ok {
		if f, ok := k.Field("policy_type"); ok {
			return sheets.EnumLabel(f, typ)
		}
	}
	return typ
}

// indexBook is the pack's index workbook.
func indexBook(entries []PackEntry, lang string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := func(english string) string { return word(lang, english) }
	name := w("Documents")
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	b, err := sheets.NewBook(f)
	if err != nil {
		return nil, err
	}
	cols := []sheets.Column{{Header: w("Document"), Width: 13}, {Header: w("Title"), Width: 44}, {Header: w("Type"), Width: 28}, {Header: w("Version"), Width: 9},
		{Header: w("Approved by"), Width: 20}, {Header: w("Approved on"), Width: 12}, {Header: w("Next review"), Width: 12}, {Header: w("SHA-256 of the text"), Width: 68},
		{Header: w("Word file"), Width: 50}, {Header: w("PDF"), Width: 50}}
	if lang == "de" {
		cols[6].Width = 20 // Nächste Überprüfung
	}
	_, err = b.Table(name, "Documents", cols, func(emit func([]any) error) error {
		for _, e := range entries {
			if err := emit([]any{e.Ref, b.Text(e.Title), b.Text(e.Type), b.Text(e.Version), b.Text(e.ApprovedBy), b.DateCell(e.ApprovedOn),
				b.DateCell(e.ReviewDue), b.Text(e.SHA256), b.Text(e.DOCX), b.Text(e.PDF)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := b.Err(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := sheets.WriteZipped(f, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
