package documents_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"smsworkbench/internal/documents"
)

var placeholderRe = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// placeholders lists a template's placeholders, sorted.
func placeholders(body string) []string {
	var out []string
	for _, m := range placeholderRe.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.Join(strings.Fields(m[1]), " "))
	}
	sort.Strings(out)
	return out
}

// Every English template has a German one: the same id, type and clause, exactly the same
// placeholders, and a German title; no German template without an English one.
func TestEveryTemplateHasAGermanOne(t *testing.T) {
	en, de := documents.TemplatesIn("en"), documents.TemplatesIn("de")
	if len(en) != 14 {
		t.Errorf("%d English templates", len(en))
	}
	for _, e := range en {
		g, ok := documents.TemplateIn("de", e.ID)
		if !ok {
			t.Errorf("template %s has no German version (templates/de/%s.md)", e.ID, e.ID)
			continue
		}
		if g.Type != e.Type || g.Clause != e.Clause || g.Language != "de" || e.Language != "en" {
			t.Errorf("template %s: German %s/%s/%s, English %s/%s/%s", e.ID, g.Type, g.Clause, g.Language, e.Type, e.Clause, e.Language)
		}
		if g.Title == "" || g.Title == e.Title {
			t.Errorf("template %s: German title %q", e.ID, g.Title)
		}
		if pe, pg := placeholders(e.Body), placeholders(g.Body); strings.Join(pe, "|") != strings.Join(pg, "|") {
			t.Errorf("template %s: placeholders\n English %q\n German  %q", e.ID, pe, pg)
		}
		if !strings.HasPrefix(g.Body, "# "+g.Title+"\n") {
			t.Errorf("template %s: the German text does not start with its title", e.ID)
		}
	}
	for _, g := range de {
		if _, ok := documents.TemplateIn("en", g.ID); !ok {
			t.Errorf("German template %s has no English one", g.ID)
		}
	}
	// the files themselves: one German file for every English one
	files, _ := filepath.Glob(filepath.Join("templates", "*.md"))
	for _, f := range files {
		if _, err := os.Stat(filepath.Join("templates", "de", filepath.Base(f))); err != nil {
			t.Errorf("%s has no German counterpart: %v", f, err)
		}
	}
	if len(files) != len(en) {
		t.Errorf("%d template files, %d templates", len(files), len(en))
	}
	if _, ok := documents.TemplateIn("de", "no-such"); ok {
		t.Error("an unknown template is found")
	}
	if documents.CheckLanguage("fr") == nil || documents.CheckLanguage("de") != nil || documents.CheckLanguage("en") != nil {
		t.Error("CheckLanguage")
	}
}
