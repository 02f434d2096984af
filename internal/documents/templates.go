package documents

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Template is one template of a document the standard requires. Its text is our own, never the
// standard's.
type Template struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Type   string `json:"type"`   // the policy_type of the documents made from it
	Clause string `json:"clause"` // the requirement that asks for the document
	Body   string `json:"-"`
}

//go:embed templates/*.md
var templateFiles embed.FS

// Templates are the built-in templates, by clause.
var Templates = mustTemplates()

func mustTemplates() []Template {
	entries, err := templateFiles.ReadDir("templates")
	if err != nil {
		panic("documents: " + err.Error())
	}
	var out []Template
	for _, e := range entries {
		data, err := templateFiles.ReadFile(path.Join("templates", e.Name()))
		if err != nil {
			panic("documents: " + err.Error())
		}
		t, err := ParseTemplate(string(data))
		if err != nil {
			panic(fmt.Sprintf("documents: template %s: %v", e.Name(), err))
		}
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

// TemplateByID returns a built-in template.
func TemplateByID(id string) (Template, bool) {
	for _, t := range Templates {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}

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
