package app

import (
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
	s, _ := a.Settings()
	s.Language = "de"
	if _, err := a.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
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
