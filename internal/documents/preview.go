package documents

import (
	"bytes"
	"html"
	"strings"
)

// Preview renders a document's Markdown as HTML for the window's preview, with the generated
// parts marked (class "generated", their placeholder in data-placeholder) so the consultant
// sees what a refresh rewrites. Raw HTML in the text is never passed through: goldmark leaves
// it out, and the markers are turned into the wrapping elements here.
func Preview(body string) (string, error) {
	var out bytes.Buffer
	rest := body
	for {
		loc := blockRe.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		if err := render(&out, rest[:loc[0]]); err != nil {
			return "", err
		}
		name := rest[loc[2]:loc[3]]
		inner := rest[loc[0]:loc[1]]
		inner = inner[strings.Index(inner, "-->\n")+4:]
		inner = strings.TrimSuffix(inner, "<!-- end generated -->")
		out.WriteString(`<div class="generated" data-placeholder="` + html.EscapeString(name) + `">`)
		if err := render(&out, inner); err != nil {
			return "", err
		}
		out.WriteString("</div>")
		rest = rest[loc[1]:]
	}
	if err := render(&out, rest); err != nil {
		return "", err
	}
	return out.String(), nil
}

// Private-use characters stand for an inline generated part's bounds while goldmark renders.
const (
	inlineOpen  = "\uE000"
	inlineClose = "\uE001"
)

func render(out *bytes.Buffer, markdown string) error {
	// the user's own private-use characters never become markup
	markdown = strings.NewReplacer(inlineOpen, "", inlineClose, "").Replace(markdown)
	markdown = inlineRe.ReplaceAllStringFunc(markdown, func(m string) string {
		v := m[strings.Index(m, "-->")+3 : len(m)-len("<!--/g-->")]
		return inlineOpen + v + inlineClose
	})
	var buf bytes.Buffer
	if err := md.Convert([]byte(markdown), &buf); err != nil {
		return err
	}
	s := strings.NewReplacer(inlineOpen, `<span class="generated">`, inlineClose, "</span>").Replace(buf.String())
	out.WriteString(s)
	return nil
}
