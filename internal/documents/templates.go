package documents

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"smsworkbench/internal/fault"
)

// Template is one template of a document the standard requires. Its text is our own, never the
// standard's.
type Template struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Type   string `json:"type"`   // the policy_type of the documents made from it
	Clause string `json:"clause"` // the requirement that asks for the document
	// Language is the language of its text: "en" or "de" for a built-in template, "" for one
	// of the user's own.
	Language string `json:"language,omitempty"`
	Body     string `json:"-"`
}

// The built-in templates are written in English (templates/*.md) and German
// (templates/de/*.md): every English template has a German one of the same id, type, clause
// and placeholders (a test fails on one missing). The German text is our own wording of our
// English templates.
//
//go:embed templates/*.md templates/de/*.md
var templateFiles embed.FS

// Templates are the built-in templates in English, by clause.
var Templates = mustTemplates("templates", "en")

// templatesDE are the German ones, by clause.
var templatesDE = mustTemplates("templates/de", "de")

// Languages are the languages of the built-in templates and of the printed documents.
var Languages = []string{"en", "de"}

// CheckLanguage refuses a language the templates and the printed documents are not written in.
func CheckLanguage(lang string) error {
	for _, l := range Languages {
		if lang == l {
			return nil
		}
	}
	return fault.New("documents.language_unknown", "language", "unknown language %q (languages: %s)", lang, strings.Join(Languages, ", "))
}

// TemplatesIn are the built-in templates in a language (English for any other than German).
func TemplatesIn(lang string) []Template {
	if lang == "de" {
		return templatesDE
	}
	return Templates
}

// TemplateIn returns a built-in template in a language.
func TemplateIn(lang, id string) (Template, bool) {
	for _, t := range TemplatesIn(lang) {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

func mustTemplates(dir, lang string) []Template {
	entries, err := templateFiles.ReadDir(dir)
	if err != nil {
		panic("documents: " + err.Error())
	}
	var out []Template
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := templateFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			panic("documents: " + err.Error())
		}
		t, err := ParseTemplate(string(data))
		if err != nil {
			panic(fmt.Sprintf("documents: template %s: %v", path.Join(dir, e.Name()), err))
		}
		t.Language = lang
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		return clauseLess(out[i].Clause, out[j].Clause) || out[i].Clause == out[j].Clause && out[i].ID < out[j].ID
	})
	return out
}

// ParseTemplate reads a template: a header between lines of "---" (id, title, type, clause),
// then its Markdown. A template of one's own may leave the header out.
func ParseTemplate(data string) (Template, error) {
	t := Template{Body: data}
	rest, ok := strings.CutPrefix(strings.TrimLeft(data, "\ufeff"), "---\n")
	if !ok {
		return t, nil
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return t, fmt.Errorf("its header has no closing ---")
	}
	for _, line := range strings.Split(head, "\n") {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "id":
			t.ID = v
		case "title":
			t.Title = v
		case "type":
			t.Type = v
		case "clause":
			t.Clause = v
		}
	}
	t.Body = strings.TrimLeft(body, "\n")
	return t, nil
}

// TemplateByID returns a built-in template in English.
func TemplateByID(id string) (Template, bool) { return TemplateIn("en", id) }

// clauseLess orders clause ids as numbers: 8.5.1.1 before 8.10.
func clauseLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var x, y int
		fmt.Sscan(pa[i], &x)
		fmt.Sscan(pb[i], &y)
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}
