package catalogue

import (
	"encoding/json"
	"strconv"
	"testing"
)

// Every clause has its German title, summary and evidence hints (as many as in English), and
// every word of the vocabulary has its German: a missing one fails here rather than showing
// English in a German report.
func TestTheCatalogueIsCompleteInGerman(t *testing.T) {
	var words []Clause
	if err := json.Unmarshal(clausesDE, &words); err != nil {
		t.Fatal(err)
	}
	if len(words) != len(catalogue) {
		t.Fatalf("clauses.de.json has %d clauses, the catalogue %d", len(words), len(catalogue))
	}
	for i, c := range catalogue {
		w := words[i]
		if w.ID != c.ID || w.Title == "" || w.Summary == "" || len(w.Evidence) != len(c.Evidence) {
			t.Errorf("clause %s: German entry %q with %d hints (English %d)", c.ID, w.ID, len(w.Evidence), len(c.Evidence))
		}
		if w.Summary == c.Summary { // a title may be the same word ("Design")
			t.Errorf("clause %s: the German words are the English ones", c.ID)
		}
		got, _ := ClauseIn("de", c.ID)
		if got.Title != w.Title || got.Registers == nil && c.Registers != nil || got.Rollup != c.Rollup {
			t.Errorf("clause %s in German: %+v", c.ID, got)
		}
	}
	check := func(what, key, english string) {
		if w := Word("de", what, key); w == "" || (w == english && what != "edition") {
			t.Errorf("%s %s has no German word (%q)", what, key, w)
		}
		if w := Word("en", what, key); w != english {
			t.Errorf("%s %s in English: %q, want %q", what, key, w, english)
		}
	}
	for _, g := range Groups {
		check("group", g.ID, g.Title)
	}
	for _, r := range Results {
		check("result", r[0], r[1])
	}
	for _, g := range Grades {
		check("grade", g[0], g[1])
	}
	for _, e := range Editions {
		check("edition", e[0], e[1])
	}
	for i, m := range Maturity {
		if i == 1 {
			continue // "Initial" is German too
		}
		check("maturity", strconv.Itoa(i), m)
	}
}
