// Package catalogue owns the ISO/IEC 20000-1:2018 clause catalogue (the clause ids, our own
// short titles and summaries, never the standard's text, and the evidence an auditor looks for),
// the assessment vocabulary (results, maturity, finding grades) and the readiness method. It
// depends on nothing else in the project, so that the kind declarations can use it.
package catalogue

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// Clause is one clause or sub-clause of ISO/IEC 20000-1:2018 as the catalogue describes it.
type Clause struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Evidence  []string `json:"evidence"`
	Registers []string `json:"registers"`
}

//go:embed clauses.json
var catalogueJSON []byte

var catalogue = mustParse(catalogueJSON)

func mustParse(b []byte) []Clause {
	var out []Clause
	if err := json.Unmarshal(b, &out); err != nil {
		panic("catalogue: clause catalogue: " + err.Error())
	}
	return out
}

// Clauses returns the catalogue in the standard's order.
func Clauses() []Clause { return catalogue }

// Lookup returns the clause with the given id.
func Lookup(id string) (Clause, bool) {
	for _, c := range catalogue {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}

// Group is the top-level clause (4 to 10) a clause belongs to: "8.5.1.1" -> "8".
func Group(id string) string {
	if i := strings.IndexByte(id, '.'); i > 0 {
		return id[:i]
	}
	return id
}

// Groups lists the clause groups 4 to 10 with their titles.
var Groups = []struct{ ID, Title string }{
	{"4", "Context of the organization"},
	{"5", "Leadership"},
	{"6", "Planning"},
	{"7", "Support of the SMS"},
	{"8", "Operation of the SMS"},
	{"9", "Performance evaluation"},
	{"10", "Improvement"},
}

// Parent returns the id of the clause that contains id ("8.5.1.1" -> "8.5.1"), or "" for a
// top-level clause.
func Parent(id string) string {
	i := strings.LastIndexByte(id, '.')
	if i < 0 {
		return ""
	}
	return id[:i]
}
