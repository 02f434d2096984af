package catalogue

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// The catalogue in German: clauses.de.json holds each clause's title, summary and evidence
// hints in our own German wording (never the standard's), and the vocabulary below the words of
// the groups, results, maturity levels, grades and editions. English is the catalogue itself.

//go:embed clauses.de.json
var clausesDE []byte

// german is the vocabulary's words in German, by the English declarations' keys.
var german = struct {
	Groups, Results, Grades, Editions map[string]string
	Maturity                          []string
}{
	Groups: map[string]string{
		"4": "Kontext der Organisation", "5": "Führung", "6": "Planung", "7": "Unterstützung des SMS",
		"8": "Betrieb des SMS", "9": "Bewertung der Leistung", "10": "Verbesserung",
	},
	Results: map[string]string{
		NotAssessed: "Nicht bewertet", Conformant: "Konform", PartiallyConformant: "Teilweise konform",
		Nonconformant: "Nicht konform", OtherParty: "Von einer anderen Partei erfüllt",
		NoInstance: "Kein Fall im Zeitraum", NotApplicable: "Nicht anwendbar (Entscheidung nötig)",
	},
	Grades: map[string]string{
		Major: "Hauptabweichung", Minor: "Nebenabweichung", Observation: "Beobachtung", OFI: "Verbesserungspotenzial",
	},
	Editions: map[string]string{
		Edition2018: "ISO/IEC 20000-1:2018", EditionAmd1: "ISO/IEC 20000-1:2018 mit Amd 1:2024",
	},
	Maturity: []string{"Unvollständig", "Initial", "Gesteuert", "Definiert", "Quantitativ gesteuert", "Optimierend"},
}

// Languages are the catalogue's languages.
var Languages = []string{"en", "de"}

var clausesGerman = mustLocalize(clausesDE)

func mustLocalize(data []byte) []Clause {
	var words []Clause
	if err := json.Unmarshal(data, &words); err != nil {
		panic("catalogue: clauses.de.json: " + err.Error())
	}
	byID := map[string]Clause{}
	for _, w := range words {
		byID[w.ID] = w
	}
	out := make([]Clause, len(catalogue))
	for i, c := range catalogue {
		w, ok := byID[c.ID]
		if ok && w.Title != "" && w.Summary != "" && len(w.Evidence) == len(c.Evidence) {
			c.Title, c.Summary, c.Evidence = w.Title, w.Summary, w.Evidence
		}
		out[i] = c
	}
	return out
}

// ClausesIn returns the catalogue with its words in lang ("de"; anything else is English).
func ClausesIn(lang string) []Clause {
	if lang == "de" {
		return clausesGerman
	}
	return catalogue
}

// ClauseIn is one clause with its words in lang; ok is false for an unknown id.
func ClauseIn(lang, id string) (Clause, bool) {
	for _, c := range ClausesIn(lang) {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}

// Word gives a vocabulary word in lang: what is "group", "result", "grade", "edition" or
// "maturity" (key "0".."5"), key the English declaration's key; English is the declaration.
func Word(lang, what, key string) string {
	english := func() string {
		switch what {
		case "group":
			for _, g := range Groups {
				if g.ID == key {
					return g.Title
				}
			}
		case "result":
			return pairLabel(Results, key)
		case "grade":
			return pairLabel(Grades, key)
		case "edition":
			for _, e := range Editions {
				if e[0] == key {
					return e[1]
				}
			}
		case "maturity":
			var n int
			if _, err := fmt.Sscan(key, &n); err == nil && n >= 0 && n < len(Maturity) {
				return Maturity[n]
			}
		}
		return key
	}
	if lang != "de" {
		return english()
	}
	var w string
	switch what {
	case "group":
		w = german.Groups[key]
	case "result":
		w = german.Results[key]
	case "grade":
		w = german.Grades[key]
	case "edition":
		w = german.Editions[key]
	case "maturity":
		var n int
		if _, err := fmt.Sscan(key, &n); err == nil && n >= 0 && n < len(german.Maturity) {
			w = german.Maturity[n]
		}
	}
	if w == "" {
		return english()
	}
	return w
}

func pairLabel(pairs [][2]string, key string) string {
	for _, p := range pairs {
		if p[0] == key {
			return p[1]
		}
	}
	return key
}
