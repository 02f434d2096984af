package documents_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/documents"
)

// englishControl are the English words of the document-control block, the header and the footer,
// none of which a German print holds (the demo's records, whose titles are English, may say "of").
var englishControl = []string{"Document POL", "Owner", "Approved by", "Approved on", "Next review", "Page 1", "1 of ", "Draft", "Status Approved", "Approved ·"}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// A document printed in German: the PDF (read back with poppler) and the DOCX (unzipped) have
// the German control block, header and footer, the dates as 01.12.2026, and none of the English
// words; a draft reads Entwurf.
func TestADocumentPrintedInGerman(t *testing.T) {
	s := workspace(t)
	lib := documents.NewIn(s, "de")
	tpl, _ := documents.TemplateIn("de", "supplier-policy")
	d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Emre Demir"})
	if err != nil {
		t.Fatal(err)
	}
	org := s.Meta("name")

	draft := pdfText(t, mustPDF(t, documents.SheetOf(d, org).In("de")))
	for _, want := range []string{"Richtlinie für das Lieferantenmanagement", "Dokument " + d.Ref, "Version 0.1", "Status Entwurf", "Verantwortlich Emre Demir",
		d.Ref + " · Version 0.1 · Entwurf · Seite 1 von", "Grundsätze", "Lieferanten", "Ref."} {
		if !strings.Contains(draft, want) {
			t.Errorf("the German draft's PDF lacks %q:\n%s", want, draft)
		}
	}

	if _, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna Schmidt", On: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	d, _ = lib.Get(bg, d.Ref)
	sheet := documents.SheetOf(d, org).In("de")
	text := pdfText(t, mustPDF(t, sheet))
	for _, want := range []string{"Status Freigegeben", "Freigegeben von Anna Schmidt", "Freigegeben am 01.12.2026", "Nächste Überprüfung 01.12.2027",
		d.Ref + " · Version 1.0 · Freigegeben · Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("the German PDF lacks %q:\n%s", want, text)
		}
	}
	for _, english := range append(englishControl, "2026-12-01", "2027-12-01") {
		if strings.Contains(draft, english) || strings.Contains(text, english) {
			t.Errorf("the German PDF holds %q", english)
		}
	}

	var buf bytes.Buffer
	if err := documents.WriteDOCX(sheet, &buf); err != nil {
		t.Fatal(err)
	}
	xml := unzip(t, buf.Bytes(), "word/document.xml")
	for _, want := range []string{">Dokument<", ">Verantwortlich<", ">Freigegeben von<", ">Freigegeben am<", ">Nächste Überprüfung<", ">01.12.2027<", ">Freigegeben<", "Grundsätze"} {
		if !strings.Contains(xml, want) {
			t.Errorf("the German DOCX lacks %q", want)
		}
	}
	footer := unzip(t, buf.Bytes(), "word/footer1.xml")
	if !strings.Contains(footer, d.Ref+" · Version 1.0 · Freigegeben · Seite </w:t>") || !strings.Contains(footer, "> von </w:t>") {
		t.Errorf("the German footer: %s", footer)
	}
	header := unzip(t, buf.Bytes(), "word/header1.xml")
	if !strings.Contains(header, d.Ref+" Richtlinie für das Lieferantenmanagement") {
		t.Errorf("the German header: %s", header)
	}
	for _, english := range []string{">Document<", ">Owner<", ">Approved by<", ">Approved on<", ">Next review<", ">Approved<", ">2027-12-01<", "Principles"} {
		if strings.Contains(xml, english) {
			t.Errorf("the German DOCX holds %q", english)
		}
	}
	for _, english := range []string{"Page", " of ", "Approved"} {
		if strings.Contains(footer, english) {
			t.Errorf("the German footer holds %q: %s", english, footer)
		}
	}

	// an approved version printed in German
	v, err := lib.Version(bg, d.Ref, "1.0")
	if err != nil {
		t.Fatal(err)
	}
	vt := pdfText(t, mustPDF(t, documents.SheetOfVersion(d, v, org).In("de")))
	if !strings.Contains(vt, "Status Freigegeben") || strings.Contains(vt, "Approved") {
		t.Errorf("the German PDF of version 1.0: %s", vt)
	}

	// the same document printed in English keeps its German text and English control words
	en := pdfText(t, mustPDF(t, documents.SheetOf(d, org)))
	for _, want := range []string{"Approved by Anna Schmidt", "Next review 2027-12-01", "Page 1 of", "Grundsätze"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English print lacks %q", want)
		}
	}
}

func mustPDF(t *testing.T, sh documents.Sheet) []byte {
	t.Helper()
	pdf, err := documents.WritePDF(sh)
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// The document pack in German: the index's sheet and columns, the types' words, and each PDF's
// control block in German.
func TestTheDocumentPackInGerman(t *testing.T) {
	s := workspace(t)
	lib := documents.NewIn(s, "de")
	tpl, _ := documents.TemplateIn("de", "security-policy")
	d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Henrik Sørensen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna Schmidt", On: "2026-12-02"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	entries, err := lib.Pack(bg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var index []byte
	pdfs := 0
	for _, f := range z.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		switch {
		case f.Name == "index.xlsx":
			index = data
		case strings.HasPrefix(f.Name, d.Ref) && strings.HasSuffix(f.Name, ".pdf"):
			pdfs++
			text := pdfText(t, data)
			if !strings.Contains(text, "Freigegeben von Anna Schmidt") || !strings.Contains(text, "Nächste Überprüfung 02.12.2027") {
				t.Errorf("%s: %s", f.Name, text)
			}
			for _, english := range englishControl {
				if strings.Contains(text, english) {
					t.Errorf("%s holds %q", f.Name, english)
				}
			}
		}
	}
	if pdfs != 1 {
		t.Fatalf("%d PDFs of %s", pdfs, d.Ref)
	}
	book, err := excelize.OpenReader(bytes.NewReader(index))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows("Dokumente")
	if len(rows) != len(entries)+1 {
		t.Fatalf("index: %d rows for %d documents", len(rows), len(entries))
	}
	want := []string{"Dokument", "Titel", "Typ", "Version", "Freigegeben von", "Freigegeben am", "Nächste Überprüfung", "SHA-256 des Textes", "Word-Datei", "PDF"}
	if strings.Join(rows[0], "|") != strings.Join(want, "|") {
		t.Errorf("index columns %q", rows[0])
	}
	found := false
	for _, row := range rows[1:] {
		found = found || row[0] == d.Ref && row[1] == "Informationssicherheitsrichtlinie" && row[2] == "Informationssicherheitsrichtlinie"
	}
	if !found {
		t.Errorf("the index lacks %s in German: %q", d.Ref, rows)
	}
}
