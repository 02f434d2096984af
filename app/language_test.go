package app

import (
	"strings"
	"testing"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/schema"
)

// The window in German: the declarations and the clause catalogue come in the language asked
// (or the one set in Settings), from the same files the reports read; names and values stay.
func TestTheWindowsWordsInGerman(t *testing.T) {
	a := New(demoCopy(t))
	words, err := schema.Default.Labels("de")
	if err != nil {
		t.Fatal(err)
	}
	de := a.Schema("de")
	if de.Language != "de" || de.GroupLabels[schema.Groups[0]] != words["group."+schema.Groups[0]] {
		t.Fatalf("schema in German: %s, groups %v", de.Language, de.GroupLabels)
	}
	for _, k := range de.Kinds {
		if k.Name == "incident" && (k.Plural != words["kind.incident.plural"] || k.Group != schema.GroupResolution) {
			t.Errorf("incidents in German: %q in group %q", k.Plural, k.Group)
		}
	}
	if en := a.Schema("en"); en.Kinds[0].Label == de.Kinds[0].Label {
		t.Errorf("English and German say %q", en.Kinds[0].Label)
	}
	// "" follows the setting
	setLanguage(t, a, "de")
	if got := a.Schema(""); got.Language != "de" {
		t.Errorf("the setting's language: %q", got.Language)
	}
	cat := a.Clauses("")
	want, _ := catalogue.ClauseIn("de", "4.1")
	if cat.Clauses[0].Title != want.Title || cat.Grades[0].Label != catalogue.Word("de", "grade", catalogue.Major) || cat.Grades[0].Label == "Major nonconformity" {
		t.Errorf("the catalogue in German: %q, %q", cat.Clauses[0].Title, cat.Grades[0].Label)
	}
	if len(cat.Types) == 0 || cat.Types[0].Label != words["enum.assessment.assessment_type."+cat.Types[0].Value] {
		t.Errorf("assessment types in German: %+v", cat.Types)
	}
	// an unknown language is English
	if got := a.Schema("xx"); got.Language != "en" {
		t.Errorf("an unknown language gave %q", got.Language)
	}
}

// setLanguage sets the window's language until the test ends.
func setLanguage(t *testing.T, a *App, lang string) {
	t.Helper()
	s, _ := a.Settings()
	before := s.Language
	s.Language = lang
	if _, err := a.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Language = before
		a.SaveSettings(s)
	})
}

// A refusal reaches the window in the language of the settings: its message, the detail beside
// the field and the window's advice; field and code stay.
func TestProblemsInTheSettingsLanguage(t *testing.T) {
	a := New(demoCopy(t))
	_, err := a.Create("incident", map[string]any{"service": "SVC-00001"})
	if p := problem(t, err); p.Message != `incident field "title" is required` || p.Detail != "is required" {
		t.Fatalf("English: %+v", p)
	}
	setLanguage(t, a, "de")
	_, err = a.Create("incident", map[string]any{"service": "SVC-00001"})
	if p := problem(t, err); p.Message != "Störung: Feld „Kurzbeschreibung“ (title) ist erforderlich" || p.Detail != "ist erforderlich" || p.Field != "title" || p.Code != "field.required" {
		t.Errorf("German: %+v", p)
	}
	_, err = a.Move("incident", "INC-00001", "new", "")
	if p := problem(t, err); !strings.Contains(p.Message, "kann nicht von") || p.Code != "workflow.transition" {
		t.Errorf("German move: %+v", p)
	}
	gap, err := a.CreateAssessment(NewAssessment{Title: "Gap", Type: "gap"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.SetClause(gap.Ref, "8.7.3.3", ClauseChange{Result: strp("no_instance")})
	if p := problem(t, err); p.Message != "Abschnitt 8.7.3.3 kann nicht no_instance sein, ohne zu sagen, was stattdessen geprüft wurde (sein Verfahren): geben Sie es in den Notizen an" || p.Field != "notes" {
		t.Errorf("German advice: %+v", p)
	}
}

// Every advice of the window has its German words, and no more.
func TestEveryWindowHintIsInGerman(t *testing.T) {
	for code := range windowHints {
		if windowHintsDE[code] == "" {
			t.Errorf("no German advice for %s", code)
		}
	}
	for code := range windowHintsDE {
		if windowHints[code] == "" {
			t.Errorf("German advice for %s, which has none in English", code)
		}
	}
}
