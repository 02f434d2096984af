package auditpack

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// The German pack and report are read back as a reader gets them (the PDF's text through
// poppler, every cell of the workbook through excelize) and searched for the English words the
// workbench writes: the English formats of its texts, the registers' English labels, the clause
// catalogue's English titles and vocabulary, the pack's English headings, the English months.
// The demo's own records are in English (they are the client's words, not ours), so an English
// phrase that also occurs in a record's value is not counted against the pack.

// englishPhrases are the texts of the English catalogue that a German reader must not meet,
// each with where it comes from: those with no German twin (a word German writes alike, such
// as "Status" or "Audit", is left out), split at their verbs.
func englishPhrases(t *testing.T) map[string]string {
	t.Helper()
	german := &strings.Builder{}
	phrases := map[string]string{}
	add := func(en, de, from string) {
		german.WriteString(de + "\x00")
		if en == de {
			return
		}
		for _, piece := range regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`).Split(en, -1) {
			piece = strings.Trim(piece, " ,.;:()—-\n")
			if len([]rune(piece)) >= 4 && regexp.MustCompile(`[A-Za-z]{3}`).MatchString(piece) {
				phrases[piece] = from
			}
		}
	}
	for en, de := range i18n.Catalogue("de") {
		add(en, de, "i18n")
	}
	de, err := schema.Default.Labels("de")
	if err != nil {
		t.Fatal(err)
	}
	for path, en := range schema.Default.EnglishLabels() {
		if strings.HasPrefix(path, "help.") {
			continue // the forms' help is not printed in a pack
		}
		add(en, de[path], "label "+path)
	}
	for _, c := range catalogue.Clauses() {
		g, _ := catalogue.ClauseIn("de", c.ID)
		add(c.Title, g.Title, "clause "+c.ID)
	}
	for _, r := range catalogue.Results {
		add(r[1], catalogue.Word("de", "result", r[0]), "result")
	}
	for _, g := range catalogue.Grades {
		add(g[1], catalogue.Word("de", "grade", g[0]), "grade")
	}
	for _, g := range catalogue.Groups {
		add(g.Title, catalogue.Word("de", "group", g.ID), "group")
	}
	for key, en := range languages["en"] {
		add(strings.ReplaceAll(en, "{current}", "%d"), strings.ReplaceAll(languages["de"][key], "{current}", "%d"), "heading "+key)
	}
	for _, m := range []string{"January", "February", "March", "May", "June", "July", "October", "December"} {
		add(m, "", "month")
	}
	// A phrase German writes too ("Service", "Interview", "Tickets") is no sign of English.
	for p := range phrases {
		if containsWord(german.String(), p) {
			delete(phrases, p)
		}
	}
	return phrases
}

// containsWord says whether phrase occurs in s as whole words.
func containsWord(s, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		if (start == 0 || !isLetter(s[start-1])) && (end == len(s) || !isLetter(s[end])) {
			return true
		}
		i = start + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 }

// recordWords are every text the workspace's records hold, joined: the client's words.
func recordWords(t *testing.T, s *store.Store) string {
	t.Helper()
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v + "\x00")
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		default:
			if v != nil {
				b.WriteString(fmt.Sprint(v) + "\x00")
			}
		}
	}
	for _, k := range s.Registry().Kinds() {
		page, err := s.List(bg, k.Name, store.Query{Limit: -1})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Records {
			b.WriteString(r.Ref + "\x00")
			for _, v := range r.Values {
				walk(v)
			}
		}
	}
	b.WriteString(s.Meta("name"))
	return b.String()
}

// englishIn lists the English phrases found in text that no record holds.
func englishIn(text, words string, phrases map[string]string) []string {
	var found []string
	for p, from := range phrases {
		if containsWord(text, p) && !containsWord(words, p) {
			found = append(found, fmt.Sprintf("%q (%s)", p, from))
		}
	}
	sort.Strings(found)
	return found
}

// germanAuditWorkspace is a demo workspace whose latest assessment has audit papers of every
// kind: a session, an interview, a judged sample and an answered checklist question.
func germanAuditWorkspace(t *testing.T) (*store.Store, string) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := demo.Fill(bg, s, demoNow, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return demoNow })
	p, err := Gather(bg, s, Options{Sections: []string{SecSummary}})
	if err != nil {
		t.Fatal(err)
	}
	a := p.Assessment.Ref
	papers := audit.New(s)
	if _, err := papers.AddSession(bg, a, audit.SessionInput{At: "2026-11-23 09:30", Clauses: []string{"8.6.1"}, Auditee: "Mara Keller", Auditor: "Jonas Wirth", Remote: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := papers.AddInterview(bg, a, audit.InterviewInput{Person: "Mara Keller", Role: "Leiterin Service Desk", At: "2026-11-23 10:00",
		Clauses: []string{"8.6.1"}, Notes: "Priorisierung anhand der Matrix gezeigt."}); err != nil {
		t.Fatal(err)
	}
	seed := int64(42)
	sm, err := papers.Draw(bg, a, "8.6.1", audit.SampleInput{Register: "incident", Size: 3, Seed: &seed, DrawnBy: "Jonas Wirth"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := papers.Judge(bg, sm.Ref, sm.Items[0].Ref, "no", "Priorität ohne Begründung geändert."); err != nil {
		t.Fatal(err)
	}
	if _, err := papers.Judge(bg, sm.Ref, sm.Items[1].Ref, "yes", ""); err != nil {
		t.Fatal(err)
	}
	partly := "partly"
	if _, err := papers.Answer(bg, a, "8.6.1", "e1", audit.AnswerInput{Answer: &partly}); err != nil {
		t.Fatal(err)
	}
	return s, a
}

func TestTheGermanPackAndReportHaveNoEnglishText(t *testing.T) {
	s, a := germanAuditWorkspace(t)
	phrases := englishPhrases(t)
	words := recordWords(t, s)
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"pack", Options{Language: "de", Assessment: a}},
		{"report", Options{Language: "de", Assessment: a, Report: true}},
	} {
		pdf, xlsx := filepath.Join(dir, c.name+".pdf"), filepath.Join(dir, c.name+".xlsx")
		if _, err := Write(bg, s, c.opt, Files{PDF: pdf, XLSX: xlsx}, nil); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf, 0)
		for _, want := range []string{"Zusammenfassung", "Seite 1 von", "21. November 2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the German PDF lacks %q", c.name, want)
			}
		}
		if found := englishIn(text, words, phrases); len(found) > 0 {
			t.Errorf("%s: the German PDF has %d English phrases:\n%s", c.name, len(found), strings.Join(found, "\n"))
		}
		for _, iso := range regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`).FindAllString(text, -1) {
			if !strings.Contains(words, iso) {
				t.Errorf("%s: the German PDF writes the date %s the English way", c.name, iso)
				break
			}
		}
		// Words too short for the phrase search: "57 of 57", "3 and 4".
		if m := regexp.MustCompile(`\b\d+ (of|and|or) \d+\b`).FindString(text); m != "" && !strings.Contains(words, m) {
			t.Errorf("%s: the German PDF says %q", c.name, m)
		}
		f, err := excelize.OpenFile(xlsx)
		if err != nil {
			t.Fatal(err)
		}
		var cells []string
		for _, sheet := range f.GetSheetList() {
			cells = append(cells, sheet)
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				for _, v := range r {
					if !containsWord(words, v) {
						cells = append(cells, v)
					}
				}
			}
		}
		f.Close()
		if found := englishIn(strings.Join(cells, "\x00"), words, phrases); len(found) > 0 {
			t.Errorf("%s: the German workbook has %d English phrases:\n%s", c.name, len(found), strings.Join(found, "\n"))
		}
		if os.Getenv("SMSWB_TEST_OUTPUT") != "" {
			out := filepath.Join(os.Getenv("SMSWB_TEST_OUTPUT"), "auditpack-de-"+c.name+".pdf")
			data, _ := os.ReadFile(pdf)
			os.WriteFile(out, data, 0o644)
		}
	}
	if len(phrases) < 500 {
		t.Fatalf("only %d English phrases to look for: is the catalogue read?", len(phrases))
	}
}
