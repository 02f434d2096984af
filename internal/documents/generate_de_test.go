package documents_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"smsworkbench/internal/documents"
	"smsworkbench/internal/schema"
)

// englishText reads an English template's file as it is written (not through the package): its
// headings, and its sentences of four words or more with placeholders and markup taken out.
func englishText(t *testing.T, id string) (headings, sentences []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("templates", id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
	if !ok {
		t.Fatalf("%s.md has no header", id)
	}
	var prose []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			headings = append(headings, strings.TrimSpace(strings.TrimLeft(line, "#")))
		case placeholderRe.MatchString(line) && placeholderRe.ReplaceAllString(line, "") == "":
		default:
			prose = append(prose, line)
		}
	}
	text := strings.Join(prose, " ")
	text = regexp.MustCompile(`^\d+\. |\s\d+\. |\*|^- | - `).ReplaceAllString(text, " ")
	for _, s := range regexp.MustCompile(`[.;:,()]|\{\{[^}]*\}\}`).Split(text, -1) {
		s = strings.Join(strings.Fields(s), " ")
		if len(strings.Fields(s)) >= 4 {
			sentences = append(sentences, s)
		}
	}
	return headings, sentences
}

// A document generated in German holds none of the English template's headings or sentences;
// its generated tables speak German (the registers' words of labels_de.json, Ref., dates as
// 04.12.2026), and a refresh keeps them German whatever the library's language.
func TestADocumentGeneratedInGerman(t *testing.T) {
	s := workspace(t)
	de := documents.NewIn(s, "de")
	enLabels := s.Registry().EnglishLabels()
	deLabels, err := s.Registry().Labels("de")
	if err != nil {
		t.Fatal(err)
	}
	isoDate := regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)
	for _, tpl := range documents.TemplatesIn("de") {
		d, err := de.Start(bg, tpl, documents.StartInput{Owner: "Lena Berg"})
		if err != nil {
			t.Fatalf("template %s: %v", tpl.ID, err)
		}
		if d.Title != tpl.Title || d.Template != tpl.ID || d.Type != tpl.Type {
			t.Errorf("template %s made %q %q %q", tpl.ID, d.Title, d.Template, d.Type)
		}
		if documents.BodyLanguage(d.Body) != "de" || strings.Contains(d.Body, "{{") {
			t.Errorf("template %s: language %s, body %s", tpl.ID, documents.BodyLanguage(d.Body), d.Body)
		}
		lower := strings.ToLower(strings.Join(strings.Fields(d.Body), " "))
		headings, sentences := englishText(t, tpl.ID)
		if len(headings) < 3 || len(sentences) < 2 {
			t.Fatalf("template %s: %d headings, %d sentences read", tpl.ID, len(headings), len(sentences))
		}
		for _, h := range headings {
			if regexp.MustCompile(`(?mi)^#+ ` + regexp.QuoteMeta(h) + `$`).MatchString(d.Body) {
				t.Errorf("template %s: the English heading %q is in the German document", tpl.ID, h)
			}
		}
		for _, sen := range sentences {
			if strings.Contains(lower, strings.ToLower(sen)) {
				t.Errorf("template %s: the English sentence %q is in the German document", tpl.ID, sen)
			}
		}
		for _, english := range []string{"(none recorded)", "| Ref |", "| Roles |", "| Location |", "no owner named", "no location recorded", "the organisation"} {
			if strings.Contains(d.Body, english) {
				t.Errorf("template %s: %q in the German document", tpl.ID, english)
			}
		}
		if m := isoDate.FindString(d.Body); m != "" {
			t.Errorf("template %s: a date written %s", tpl.ID, m)
		}
		// every cell of a records table: no English word of the register's values or states
		// that German words otherwise
		for _, m := range regexp.MustCompile(`(?s)<!-- generated: records (\w+)[^>]*-->\n(.*?)\n<!-- end generated -->`).FindAllStringSubmatch(d.Body, -1) {
			kind, table := m[1], m[2]
			english := map[string]bool{}
			for path, words := range enLabels {
				if strings.HasPrefix(path, "enum."+kind+".") || strings.HasPrefix(path, "state."+kind+".") || strings.HasPrefix(path, "field."+kind+".") {
					if deLabels[path] != words {
						english[words] = true
					}
				}
			}
			for _, w := range deLabels {
				delete(english, w) // a word German writes alike elsewhere
			}
			for _, line := range strings.Split(table, "\n") {
				for _, c := range strings.Split(strings.Trim(line, "| "), " | ") {
					if english[strings.TrimSpace(c)] {
						t.Errorf("template %s: the English %q in the table of %s", tpl.ID, c, kind)
					}
				}
			}
			if !strings.HasPrefix(table, "| Ref. |") && table != "*(keine erfasst)*" {
				t.Errorf("template %s: the table of %s starts %.40q", tpl.ID, kind, table)
			}
		}
		// a refresh, by an English library, keeps the German words (the roles gain the new
		// document's owner)
		again, changed, err := documents.New(s).Refresh(bg, d.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(changed) > 1 || len(changed) == 1 && changed[0] != "roles" || len(changed) == 0 && again.Body != d.Body {
			t.Errorf("template %s: the refresh changed %q", tpl.ID, changed)
		}
		if len(changed) == 1 && (!strings.Contains(again.Body, "| Person | Rollen |") || !strings.Contains(again.Body, "Verantwortlich ("+deLabels["kind.policy.label"]+") (1)")) {
			t.Errorf("template %s: the roles refreshed: %s", tpl.ID, again.Body)
		}
	}

	// the words of the tables: the service register's columns, the people and their roles, the
	// sites, the date of today
	plan, _ := documents.TemplateIn("de", "sms-plan")
	d, err := de.Start(bg, plan, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Ref. | " + deLabels["field.service.title"] + " |", "| Person | Rollen |", deLabels["field.service.owner"] + " (",
		"Verantwortlich (" + deLabels["kind.objective.label"] + ")"} {
		if !strings.Contains(d.Body, want) {
			t.Errorf("the plan lacks %q:\n%s", want, d.Body)
		}
	}
	scope, _ := documents.TemplateIn("de", "scope")
	if d, err = de.Start(bg, scope, documents.StartInput{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Body, "| Standort | Konfigurationselemente |") {
		t.Errorf("the scope's sites:\n%s", d.Body)
	}
	cat, _ := documents.TemplateIn("de", "catalogue")
	if d, err = de.Start(bg, cat, documents.StartInput{}); err != nil {
		t.Fatal(err)
	}
	if today := s.Now().Format("02.01.2006"); !strings.Contains(strings.Join(strings.Fields(d.Body), " "), "am <!--g: today-->"+today+"<!--/g--> aktualisiert") {
		t.Errorf("the catalogue's date is not %s:\n%s", today, d.Body)
	}
	// an SLA's targets (a table field) in German words
	sla, _ := documents.TemplateIn("de", "sla")
	if d, err = de.Start(bg, sla, documents.StartInput{}); err != nil {
		t.Fatal(err)
	}
	k, _ := s.Registry().Kind("sla")
	targets, _ := k.Field("targets")
	for _, c := range targets.Columns {
		if en, g := c.Label, deLabels["column.sla.targets."+c.Name]; en != g && strings.Contains(d.Body, en+": ") {
			t.Errorf("the SLA targets read %q, not %q", en, g)
		}
	}
	if targets.Type != schema.Table {
		t.Fatalf("sla targets is %s", targets.Type)
	}

	// English stays English: no marker, the English tables
	en, _ := documents.TemplateIn("en", "sms-plan")
	d, err = documents.New(s).Start(bg, en, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Body, "<!-- language") || !strings.Contains(d.Body, "| Person | Roles |") || !strings.HasPrefix(d.Body, "# Service management plan") {
		t.Errorf("the English plan: %.200s", d.Body)
	}
}

// A German figure, date and money.
func TestGermanDates(t *testing.T) {
	for in, want := range map[string]string{"2026-12-04": "04.12.2026", "2026-12-04T09:30:00Z": "04.12.2026 09:30", "soon": "soon"} {
		if got := documents.GermanDate(in); got != want {
			t.Errorf("GermanDate(%q) = %q, want %q", in, got, want)
		}
	}
}
