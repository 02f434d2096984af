package app

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The window's documents follow the settings' language: the templates offered, a new document's
// text and the printed control words; a document keeps its text when the language changes.
func TestTheWindowsDocumentsFollowTheLanguageSetting(t *testing.T) {
	a := New(demoCopy(t))
	setLanguage := func(lang string) {
		t.Helper()
		s, _ := a.Settings()
		s.Language = lang
		if _, err := a.SaveSettings(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { setLanguage("en") })
	pdfText := func(path string) string {
		t.Helper()
		out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}

	setLanguage("de")
	ts := a.DocumentTemplates()
	if len(ts) != 14 || ts[0].Language != "de" {
		t.Fatalf("templates in German: %d, %+v", len(ts), ts[0])
	}
	d, err := a.StartDocument("change-policy", "", "Rui Costa")
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Richtlinie für das Änderungsmanagement" || !strings.Contains(d.Body, "## Änderungskategorien") {
		t.Errorf("a German document: %s\n%s", d.Title, d.Body)
	}
	dir := t.TempDir()
	path, err := a.ExportDocument(d.Ref, "", "pdf", filepath.Join(dir, "de.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(path)
	if !strings.Contains(text, "Verantwortlich Rui Costa") || !strings.Contains(text, "Status Entwurf") || !strings.Contains(text, "Seite 1 von") || strings.Contains(text, "Owner") {
		t.Errorf("the German PDF: %s", text)
	}

	setLanguage("en")
	if ts := a.DocumentTemplates(); ts[0].Language != "en" {
		t.Errorf("templates in English: %+v", ts[0])
	}
	path, err = a.ExportDocument(d.Ref, "", "pdf", filepath.Join(dir, "en.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(path)
	if !strings.Contains(text, "Owner Rui Costa") || !strings.Contains(text, "Page 1 of") || !strings.Contains(text, "Änderungskategorien") {
		t.Errorf("the German document printed in English: %s", text)
	}
	again, err := a.RefreshDocument(d.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(again.Document.Body, "## Änderungskategorien") || strings.Contains(again.Document.Body, "*(none recorded)*") {
		t.Errorf("the refresh changed the document's language: %s", again.Document.Body)
	}
}
