package cli

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The command line's own sentences (result lines, summaries, headings) follow --language: in
// German the counts, dates and percentages are written the German way, and the English sentence
// is gone; --language en prints the English as before.
func TestTheCommandLinesOwnSentencesInGerman(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.smswb")
	de := func(args ...string) string {
		t.Helper()
		return ok(t, runCLI(t, db, append([]string{"--language", "de"}, args...)...))
	}
	en := func(args ...string) string {
		t.Helper()
		return ok(t, runCLI(t, db, append([]string{"--language", "en"}, args...)...))
	}
	if out := de("init", "--name", "Kunde"); !strings.HasPrefix(out, "Arbeitsbereich "+db+` bereit: "Kunde", 0 Datensätze, Standort `) {
		t.Errorf("init: %q", out)
	}
	ok(t, runCLI(t, db, "add", "service", `{"title": "Mail"}`))
	ok(t, runCLI(t, db, "add", "incident", `{"title": "Printer down", "service": "SVC-00001"}`))

	// list: the kind's German plural; search; the JSON stays as it is
	if out := de("list", "incident"); !strings.HasSuffix(out, "\n1 von 1 Störungen\n") || !strings.HasPrefix(out, "REF ") || strings.Contains(out, "of 1") {
		t.Errorf("list in German:\n%s", out)
	}
	if out := en("list", "incident"); !strings.HasSuffix(out, "\n1 of 1 incidents\n") {
		t.Errorf("list in English:\n%s", out)
	}
	if out := de("search", "Printer"); !strings.HasSuffix(out, "\n1 gefunden\n") {
		t.Errorf("search: %q", out)
	}
	if out := de("list", "incident", "--json"); !strings.Contains(out, `"title": "Printer down"`) || strings.Contains(out, "Störungen") {
		t.Errorf("list --json in German: %s", out)
	}
	// history: the action and the fields' labels in German; related: the group's words
	if out := de("history", "incident", "INC-00001"); !strings.Contains(out, "  angelegt\n") || !strings.Contains(out, "    Kurzbeschreibung: Printer down\n") || strings.Contains(out, "created") {
		t.Errorf("history:\n%s", out)
	}
	if out := en("history", "incident", "INC-00001"); !strings.Contains(out, "  created\n") || !strings.Contains(out, "    Summary: Printer down\n") {
		t.Errorf("history in English:\n%s", out)
	}
	if out := de("related", "service", "SVC-00001"); !strings.HasPrefix(out, "Störungen (Service): 1\n  INC-00001  Printer down\n") {
		t.Errorf("related: %q", out)
	}
	if out := de("matrix"); !strings.HasPrefix(out, "AUSWIRKUNG \\ DRINGLICHKEIT  1 Hoch  2 Mittel  3 Niedrig\n1 Hoch ") {
		t.Errorf("matrix:\n%s", out)
	}
	// backups and the check
	if out := de("backup", "create"); !regexp.MustCompile(`^Sicherung \S+ geschrieben und geprüft: `).MatchString(out) {
		t.Errorf("backup create: %q", out)
	}
	if out := de("backup", "list"); !strings.HasPrefix(out, "ID ") || !strings.Contains(out, "ANLASS") || !regexp.MustCompile(`\n1 Sicherungen in .* \(die neuesten \d+ werden aufbewahrt\)\n$`).MatchString(out) {
		t.Errorf("backup list:\n%s", out)
	}
	if out := de("check"); out != "Arbeitsbereich "+db+": jede Seite geprüft, keine Beschädigung gefunden\n" {
		t.Errorf("check: %q", out)
	}
	if out := en("check"); out != "workspace "+db+": every page checked, no damage found\n" {
		t.Errorf("check in English: %q", out)
	}

	// an internal audit: the plan's labels and dates, a session's time, a sample
	a := decode(t, ok(t, runCLI(t, db, "assess", "new", "IA 2026", "--type", "internal", "--lead-auditor", "Zofia",
		"--start", "2026-12-04", "--end", "2026-12-05")))["ref"].(string)
	if out := de("audit", "session", "add", a, "--at", "2026-12-04 09:30", "--clauses", "8.6.1", "--auditee", "Jonas"); !regexp.MustCompile(`^AUS-\S+ 04\.12\.2026 09:30 8\.6\.1 mit Jonas\n$`).MatchString(out) {
		t.Errorf("audit session add: %q", out)
	}
	plan := de("audit", "plan", a)
	for _, want := range []string{"AUDITPLAN " + a + " IA 2026\n", "04.12.2026 – 05.12.2026\n", "\nABLAUFPLAN\n", "04.12.2026 09:30"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "AUDIT PLAN") || strings.Contains(plan, "AGENDA") || strings.Contains(plan, "2026-12-04") {
		t.Errorf("English left in the plan:\n%s", plan)
	}
	if out := de("audit", "sample", a, "8.6.1", "--kind", "incident", "--size", "1"); !regexp.MustCompile(`: 1 von 1 Datensätzen \(Störung\) für 8\.6\.1 \(Startwert -?\d+\); empfohlener Umfang für diese Grundgesamtheit: \d+\n`).MatchString(out) ||
		!strings.HasSuffix(out, "\n0 beurteilt, 0 nicht konform\n") {
		t.Errorf("audit sample:\n%s", out)
	}
	if out := de("readiness", a); !strings.HasPrefix(out, a+" IA 2026 (Geplant): Zertifizierungsreife 0,0 % über ") || !strings.Contains(out, "\nGRUPPE ") ||
		!regexp.MustCompile(`\n\d+ Hindernisse für die Zertifizierung\n`).MatchString(out) || strings.Contains(out, "readiness") {
		t.Errorf("readiness:\n%s", out)
	}
	if out := en("readiness", a); !strings.HasPrefix(out, a+" IA 2026 (planned): readiness 0.0% over ") {
		t.Errorf("readiness in English:\n%s", out)
	}
}

// On the demo: the reports' summaries, with German figures and dates.
func TestTheReportsSummariesInGerman(t *testing.T) {
	db := demoDB(t)
	de := func(args ...string) string {
		t.Helper()
		return ok(t, runCLI(t, db, append([]string{"--language", "de"}, args...)...))
	}
	if out := de("sla", "report"); !regexp.MustCompile(`\n\d+ Tickets, \d+ erfüllten das SLA \(\d+,\d %\); die Zeiten sind Geschäftszeit`).MatchString(out) ||
		!strings.Contains(out, "ERFÜLLUNGSGRAD") || strings.Contains(out, "met the SLA") {
		t.Errorf("sla report:\n%s", out)
	}
	out := de("budget", "report")
	if !regexp.MustCompile(`\n\d+ Zeilen; Abweichung ist Ist minus Budget`).MatchString(out) || !regexp.MustCompile(`\d\.\d{3},\d\d EUR`).MatchString(out) ||
		!strings.Contains(out, "nicht zugeordnete Kosten:") || strings.Contains(out, "variance is") {
		t.Errorf("budget report:\n%s", out)
	}
	if out := de("assess", "programme"); !regexp.MustCompile(`^interne Audits \d\d\.\d\d\.\d{4} bis \d\d\.\d\d\.\d{4}: \d+, sie decken \d+ von 57 Abschnitten ab\n`).MatchString(out) ||
		!regexp.MustCompile(`\n  \d\d\.\d\d\.\d{4} ASM-00001 Internal audit 2025 \(Abgeschlossen\): `).MatchString(out) || strings.Contains(out, "internal audits") {
		t.Errorf("assess programme:\n%s", out)
	}
	if out := de("assess", "diff", "ASM-00001", "ASM-00002"); !regexp.MustCompile(`^ASM-00001 -> ASM-00002: Zertifizierungsreife \d+,\d % -> \d+,\d % \([+-]\d+,\d\)\n`).MatchString(out) ||
		!strings.Contains(out, "\nverbessert: ") || !strings.Contains(out, "\nunverändert: ") {
		t.Errorf("assess diff:\n%s", out)
	}
	if out := ok(t, runCLI(t, db, "--language", "en", "assess", "diff", "ASM-00001", "ASM-00002")); !regexp.MustCompile(`^ASM-00001 -> ASM-00002: readiness \d+\.\d% -> \d+\.\d% \([+-]\d+\.\d\)\n`).MatchString(out) {
		t.Errorf("assess diff in English:\n%s", out)
	}
	if out := de("review", "pack"); !strings.HasPrefix(out, "STATUS DER MASSNAHMEN AUS FRÜHEREN BEWERTUNGEN\n") || strings.Contains(out, "Actions from the previous review") {
		t.Errorf("review pack:\n%s", out)
	}
}
