package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// The refusals that come before any record — a workspace that is not there, JSON that does not
// parse, a file the system cannot find, a value or a row the registers refuse — are said in the
// command line's language, the system's own words too.
func TestRefusalsBeforeAnyRecordInGerman(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.smswb")
	ok(t, runCLI(t, db, "init"))
	ok(t, runCLI(t, db, "add", "service", `{"title": "Mail"}`))
	cases := []struct {
		db   string
		args []string
		de   string
	}{
		{filepath.Join(dir, "none.smswb"), []string{"list", "incident"}, "Fehler: Kein Arbeitsbereich unter "},
		{db, []string{"add", "incident", "{bad"}, "Fehler: ungültiges JSON für Störung: "},
		{db, []string{"add", "incident", "[1]"}, `Fehler: ungültiges JSON für Störung: erwartet wird ein Objekt wie {"title": "..."}`},
		{db, []string{"import", "incident", filepath.Join(dir, "missing.csv")}, "Fehler: missing.csv kann nicht geöffnet werden: Datei oder Ordner nicht vorhanden"},
		{db, []string{"add", "incident", `{"title": "x", "service": "SVC-00001", "impact": 7}`},
			"Fehler: Störung: Feld „Auswirkung“ (impact) muss einer der Werte 1 (Hoch), 2 (Mittel), 3 (Niedrig) sein, nicht 7"},
		{db, []string{"add", "sla", `{"title": "x", "service": "SVC-00001", "targets": [{"priority": 1}]}`},
			"Fehler: Service-Level-Agreement: Feld „Zielwerte“ (targets) Zeile 1: Lösen innerhalb ist erforderlich"},
	}
	for _, c := range cases {
		r := runCLI(t, c.db, append([]string{"--language", "de"}, c.args...)...)
		if r.code == 0 || !strings.HasPrefix(r.stderr, c.de) {
			t.Errorf("%s: exit %d, %q; want it to start %q", strings.Join(c.args, " "), r.code, r.stderr, c.de)
		}
		if en := runCLI(t, c.db, append([]string{"--language", "en"}, c.args...)...); !strings.HasPrefix(en.stderr, "error: ") || strings.Contains(en.stderr, "Fehler") {
			t.Errorf("%s in English: %q", strings.Join(c.args, " "), en.stderr)
		}
	}
}
