package bundle

import (
	"strings"
	"testing"

	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// The conflicts a person settles are described in the reader's language: what each copy
// wanted, the field by its German label, the record by its kind's German name.
func TestConflictsAreDescribedInTheLanguage(t *testing.T) {
	a, b, svc := twoCopies(t)
	inc, err := a.Create(bg, "incident", map[string]any{"title": "Printer jam", "service": svc}, store.Change{})
	if err != nil {
		t.Fatal(err)
	}
	send(t, a, b, "")
	if _, err := a.Update(bg, "incident", inc.ID, map[string]any{"title": "Printer jam on floor 2"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(bg, "incident", inc.ID, map[string]any{"title": "Printer jam in the lab"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*store.Store{a, b} {
		if _, err := s.Create(bg, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,2,3],[2,3,4],[3,4,5]]"}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	exchangeAll(t, a, b)
	said := func(lang string) string {
		cs, err := a.Conflicts(i18n.WithLang(bg, lang))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Label+": "+c.Summary)
		}
		return strings.Join(out, "\n")
	}
	en, de := said("en"), said("de")
	for _, want := range []string{"Summary: Summary was changed to different values at the same time", "2 setting records carry the reference SET-00001"} {
		if !strings.Contains(en, want) {
			t.Errorf("English lacks %q:\n%s", want, en)
		}
	}
	for _, want := range []string{"Kurzbeschreibung: Kurzbeschreibung wurde gleichzeitig auf verschiedene Werte geändert",
		"2 Datensätze (Einstellung) tragen die Referenz SET-00001"} {
		if !strings.Contains(de, want) {
			t.Errorf("German lacks %q:\n%s", want, de)
		}
	}
}
