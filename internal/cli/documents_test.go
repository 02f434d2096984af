package cli

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// systemLanguage sets the locale the CLI's default language comes from.
func systemLanguage(t *testing.T, lang string) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", lang)
}

func docxPart(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatalf("%s has no %s", path, name)
	return ""
}

func pdfToText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// doc … --language de, or a German system: the German templates, a document generated in German
// and printed with German control words; --language en and an English system stay English; an
// unknown language is refused.
func TestDocumentsInGerman(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()

	systemLanguage(t, "de_DE.UTF-8")
	list := ok(t, runCLI(t, db, "doc", "templates"))
	if !strings.Contains(list, "Servicemanagementpolitik") || strings.Contains(list, "Service management policy") {
		t.Errorf("doc templates on a German system:\n%s", list)
	}
	var doc struct{ Ref, Title, Body string }
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "doc", "new", "sms-policy", "--owner", "Lena Berg", "--json"))), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Servicemanagementpolitik" || !strings.Contains(doc.Body, "## Grundsätze") || !strings.Contains(doc.Body, "| Person | Rollen |") {
		t.Errorf("doc new on a German system: %s\n%s", doc.Title, doc.Body)
	}
	pdf, docx := filepath.Join(dir, "de.pdf"), filepath.Join(dir, "de.docx")
	r := runCLI(t, db, "doc", "export", doc.Ref, "--pdf", pdf, "--docx", docx)
	ok(t, r)
	if !strings.Contains(r.stderr, "geschrieben") || !strings.Contains(r.stderr, "Entwurf") || strings.Contains(r.stderr, "draft") {
		t.Errorf("export said: %s", r.stderr)
	}
	text := pdfToText(t, pdf)
	for _, want := range []string{"Dokument " + doc.Ref, "Status Entwurf", "Verantwortlich Lena Berg", "Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("the German PDF lacks %q: %s", want, text)
		}
	}
	for _, english := range []string{"Owner", "Draft", "Page 1"} {
		if strings.Contains(text, english) {
			t.Errorf("the German PDF holds %q", english)
		}
	}
	if f := docxPart(t, docx, "word/footer1.xml"); !strings.Contains(f, "Entwurf · Seite ") || strings.Contains(f, "Page") {
		t.Errorf("the German DOCX footer: %s", f)
	}
	// refresh follows the document's language, whatever is asked
	ok(t, runCLI(t, db, "doc", "refresh", doc.Ref, "--language", "en"))
	if body := ok(t, runCLI(t, db, "doc", "show", doc.Ref)); !strings.Contains(body, "| Person | Rollen |") {
		t.Errorf("the refreshed German document:\n%s", body)
	}

	// --language en on a German system: English print and templates
	enPDF := filepath.Join(dir, "en.pdf")
	ok(t, runCLI(t, db, "doc", "export", doc.Ref, "--pdf", enPDF, "--language", "en"))
	if text := pdfToText(t, enPDF); !strings.Contains(text, "Status Draft") || !strings.Contains(text, "Page 1 of") || !strings.Contains(text, "Grundsätze") {
		t.Errorf("the English print of the German document: %s", text)
	}
	if list := ok(t, runCLI(t, db, "doc", "templates", "--language", "en")); !strings.Contains(list, "Service management policy") {
		t.Errorf("doc templates --language en:\n%s", list)
	}

	// an English system: English; --language de: German
	systemLanguage(t, "C.UTF-8")
	if list := ok(t, runCLI(t, db, "doc", "templates")); !strings.Contains(list, "Service management policy") {
		t.Errorf("doc templates on an English system:\n%s", list)
	}
	out := ok(t, runCLI(t, db, "doc", "new", "scope", "--language", "de"))
	if !strings.Contains(out, "Anwendungsbereich des Servicemanagementsystems") {
		t.Errorf("doc new scope --language de: %s", out)
	}
	zipPath := filepath.Join(dir, "pack.zip")
	ok(t, runCLI(t, db, "doc", "pack", "--out", zipPath, "--language", "de"))
	z, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	pdfs := 0
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, ".pdf") {
			pdfs++
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			p := filepath.Join(dir, "packed.pdf")
			os.WriteFile(p, data, 0o644)
			if text := pdfToText(t, p); !strings.Contains(text, "Freigegeben von") || strings.Contains(text, "Approved by") {
				t.Errorf("%s in the German pack: %s", f.Name, text)
			}
			break
		}
	}
	if pdfs == 0 {
		t.Error("the pack holds no PDF")
	}

	r = runCLI(t, db, "doc", "templates", "--language", "fr")
	if r.code == 0 || !strings.Contains(r.stderr, `unknown language "fr"`) {
		t.Errorf("--language fr: exit %d, %s", r.code, r.stderr)
	}
}
