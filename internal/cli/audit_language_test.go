package cli

import (
	"strings"
	"testing"
)

// The texts the audit computes (the report's status and summary, the plan's defaults) are in the
// command line's language, or in the one the audit command's --language asks for its report.
func TestTheAuditSpeaksTheCommandLinesLanguage(t *testing.T) {
	db := demoDB(t)
	a := decode(t, ok(t, runCLI(t, db, "assess", "new", "Internes Audit 2026", "--type", "internal", "--lead-auditor", "Zofia Łódź",
		"--start", "2026-12-07")))["ref"].(string)
	for _, args := range [][]string{{"--language", "de", "audit", "report", a}, {"audit", "report", a, "--language", "de"}} {
		r := ok(t, runCLI(t, db, args...))
		if !strings.HasPrefix(r, "Bericht: Entwurf der Version 1 (nicht unterzeichnet)") || !strings.Contains(r, "Zofia Łódź leitete ein internes Audit des Servicemanagementsystems am 7. Dezember 2026") ||
			!strings.Contains(r, "Das Fazit des leitenden Auditors liegt noch nicht vor.") || strings.Contains(r, "The lead auditor") {
			t.Errorf("%v:\n%s", args, r)
		}
	}
	if plan := ok(t, runCLI(t, db, "--language", "de", "audit", "plan", a)); !strings.Contains(plan, "Gespräche mit den in der Agenda genannten") {
		t.Errorf("the plan in German:\n%s", plan)
	}
	if r := ok(t, runCLI(t, db, "--language", "en", "audit", "report", a)); !strings.HasPrefix(r, "report: draft of version 1 (not signed)") || !strings.Contains(r, "The lead auditor's conclusion is not written yet.") {
		t.Errorf("in English:\n%s", r)
	}
}
