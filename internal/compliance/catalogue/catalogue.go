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
	// Rollup marks a group heading (8.2, 8.5.1…): it holds no requirement of its own, is never
	// assessed or scored, and shows what its sub-clauses found.
	Rollup bool `json:"rollup,omitempty"`
}

// Version is the catalogue's version. Version 1 had 62 nodes and no group headings marked;
// version 2 has the standard's 70 (5.2.1–5.2.2, 6.2.1–6.2.2 and 7.5.1–7.5.4 added) with the
// 13 headings marked. An assessment records the version it was made with; one made with an
// older version is shown with the new nodes to do, nothing of it lost.
const Version = 2

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

// AssessedClauses returns the clauses that are assessed (every node but the group headings), in the
// standard's order.
func AssessedClauses() []Clause {
	var out []Clause
	for _, c := range catalogue {
		if !c.Rollup {
			out = append(out, c)
		}
	}
	return out
}

// Children returns the ids of the clauses directly under id.
func Children(id string) []string {
	var out []string
	for _, c := range catalogue {
		if Parent(c.ID) == id {
			out = append(out, c.ID)
		}
	}
	return out
}

// Editions an assessment can be made against.
const (
	Edition2018 = "2018"
	EditionAmd1 = "2018+amd1"
)

// Editions lists the editions with their labels.
var Editions = [][2]string{
	{Edition2018, "ISO/IEC 20000-1:2018"},
	{EditionAmd1, "ISO/IEC 20000-1:2018 with Amd 1:2024"},
}

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
