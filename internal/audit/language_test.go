package audit_test

import (
	"regexp"
	"strings"
	"testing"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// germanAudit is the workspace's internal audit carried out: three sessions (two held), two
// people interviewed, a sample of five incidents with one that does not conform, two
// requirements conformant at maturity 4, one nonconformant with its major nonconformity.
func germanAudit(t *testing.T) (*store.Store, *compliance.Assessment, []*audit.Session) {
	t.Helper()
	s, a := workspace(t)
	p := audit.New(s)
	var sessions []*audit.Session
	for _, at := range []string{"2026-12-07T09:00:00Z", "2026-12-07T13:00:00Z", "2026-12-08T09:00:00Z"} {
		ses, err := p.AddSession(bg, a.Ref, audit.SessionInput{At: at, Clauses: []string{"8.6.1"}, Auditee: "Emre Demir", Place: "Room 2"})
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, ses)
	}
	err := s.Write(bg, func(tx *store.Tx) error {
		for _, ses := range sessions[:2] {
			if _, err := tx.Move("auditsession", ses.Ref, "held", store.Change{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, person := range []string{"Emre Demir", "Ana Silva"} {
		if _, err := p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: person, Clauses: []string{"8.6.1"}, Notes: "Escalation explained"}); err != nil {
			t.Fatal(err)
		}
	}
	seed := int64(7)
	sm, err := p.Draw(bg, a.Ref, "8.6.1", audit.SampleInput{Register: "incident", Size: 5, Seed: &seed, DrawnBy: "Zofia"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Judge(bg, sm.Ref, sm.Items[0].Ref, "no", "priority changed without a reason"); err != nil {
		t.Fatal(err)
	}
	wb := compliance.New(s)
	for clause, result := range map[string]string{"8.6.1": catalogue.Conformant, "8.5.1.1": catalogue.Conformant, "8.7.2": catalogue.Nonconformant} {
		if _, err := wb.Set(bg, a.Ref, clause, compliance.Change{Result: ptr(result), Maturity: ptr("4")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := wb.RaiseFinding(bg, a.Ref, "8.7.2", compliance.FindingInput{Title: "Payroll continuity plan untested", Grade: catalogue.Major, Owner: "Emre"}); err != nil {
		t.Fatal(err)
	}
	return s, a, sessions
}

func TestTheReportIsWrittenInTheReadersLanguage(t *testing.T) {
	s, a, _ := germanAudit(t)
	p := audit.New(s)
	de := i18n.WithLang(bg, "de")

	// English stays as it was written.
	en, err := p.Report(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Zofia Łódź led an internal audit of the service management system (scope: IT services) from 7 December 2026 to 8 December 2026 " +
		"against ISO/IEC 20000-1:2018 with Amd 1:2024. The team held two of the three planned sessions, interviewed two people and " +
		"examined one sample of five records, one of which did not conform."; en.Summary[0] != want {
		t.Errorf("English summary:\n%s\nwant\n%s", en.Summary[0], want)
	}
	if want := "The lead auditor's conclusion is not written yet."; en.Summary[4] != want {
		t.Errorf("English conclusion: %q", en.Summary[4])
	}

	r, err := p.Report(de, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Zofia Łódź leitete ein internes Audit des Servicemanagementsystems (Anwendungsbereich: IT services) vom 7. Dezember 2026 " +
		"bis zum 8. Dezember 2026 anhand von ISO/IEC 20000-1:2018 mit Amd 1:2024. Das Team hat zwei der drei geplanten Sitzungen durchgeführt, " +
		"zwei Personen befragt und eine Stichprobe mit zusammen fünf Datensätzen geprüft, von denen einer nicht konform war."; r.Summary[0] != want {
		t.Errorf("German summary:\n%s\nwant\n%s", r.Summary[0], want)
	}
	if !strings.HasPrefix(r.Summary[1], "Von den ") || !strings.Contains(r.Summary[1], " Anforderungen der ISO/IEC 20000-1 wurden 2 als konform und 1 als nicht konform bewertet.") ||
		!regexp.MustCompile(`\. \d+ Anforderungen wurden in diesem Audit nicht bewertet \(4\.1, [^)]* und \d+ weitere\)\.`).MatchString(r.Summary[1]) ||
		!regexp.MustCompile(`Die Zertifizierungsreife beträgt \d+,\d %; die Ergebnisse enthalten (ein|\S+) Zertifizierungshindernis`).MatchString(r.Summary[1]) {
		t.Errorf("German results: %s", r.Summary[1])
	}
	title, _ := catalogue.ClauseIn("de", "8.6.1")
	if !strings.HasPrefix(r.Summary[2], "Stärken des Systems sind ") || !strings.Contains(r.Summary[2], title.Title+" (8.6.1, Reifegrad 4)") {
		t.Errorf("German strengths: %s (want %q)", r.Summary[2], title.Title)
	}
	if want := "Das Audit ergab eine Hauptabweichung (8.7.2: Payroll continuity plan untested). Eine Hauptabweichung steht der Zertifizierung " +
		"entgegen, bis sie abgeschlossen und ihre Korrektur verifiziert ist."; r.Summary[3] != want {
		t.Errorf("German findings:\n%s\nwant\n%s", r.Summary[3], want)
	}
	if want := "Das Fazit des leitenden Auditors liegt noch nicht vor."; r.Summary[4] != want {
		t.Errorf("German conclusion: %q", r.Summary[4])
	}
	if got := r.Issue.Status("de"); got != "Entwurf der Version 1 (nicht unterzeichnet)" {
		t.Errorf("German status: %q", got)
	}
	if c, _ := catalogue.ClauseIn("de", "8.7.2"); r.Statements[0].ClauseTitle != c.Title {
		t.Errorf("the finding's clause title in German: %q, want %q", r.Statements[0].ClauseTitle, c.Title)
	}
	germanHasNoEnglish(t, strings.Join(r.Summary, "\n"))

	if _, err := p.Conclude(de, a.Ref, audit.ConcludeInput{Conclusion: ptr("Continuity is not under control"), Recommendation: ptr("not_recommended")}); err != nil {
		t.Fatal(err)
	}
	if r, err = p.Report(de, a.Ref); err != nil {
		t.Fatal(err)
	}
	if want := "Continuity is not under control. Der leitende Auditor empfiehlt die Zertifizierung nicht, bis die schwerwiegenden " +
		"Abweichungen abgeschlossen und ihre Korrektur verifiziert sind."; r.Summary[4] != want {
		t.Errorf("German conclusion with the recommendation:\n%s\nwant\n%s", r.Summary[4], want)
	}
	if audit.RecommendationText("de", "recommended") != "Der leitende Auditor empfiehlt die Zertifizierung." ||
		audit.RecommendationText("en", "recommended") != "The lead auditor recommends certification." {
		t.Errorf("the recommendation: %q", audit.RecommendationText("de", "recommended"))
	}
	signed := audit.Issue{Version: 2, Final: true, SignedBy: "Zofia Łódź", SignedAt: "2026-12-04T09:30:00Z"}
	if got, want := signed.Status("de"), "endgültig, Version 2, unterzeichnet von Zofia Łódź am "+audit.LocalTimeIn("de", signed.SignedAt); got != want ||
		!regexp.MustCompile(`am 0[34]\.12\.2026 \d\d:\d\d$`).MatchString(got) {
		t.Errorf("signed status in German: %q", got)
	}
}

// germanHasNoEnglish fails on the English phrases of the audit's texts in a German text.
func germanHasNoEnglish(t *testing.T, text string) {
	t.Helper()
	for _, en := range []string{"The lead auditor", "lead auditor", "sessions", "requirements of ISO/IEC 20000-1", "samples", "records",
		"The team", "readiness", "maturity", "strength", "nonconformit", " and ", " of the ", " with Amd", "December"} {
		if strings.Contains(text, en) {
			t.Errorf("English %q in the German text:\n%s", en, text)
		}
	}
}

func TestThePlanIsWrittenInTheReadersLanguage(t *testing.T) {
	s, a, sessions := germanAudit(t)
	p := audit.New(s)
	de := i18n.WithLang(bg, "de")
	plan, err := p.Plan(de, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(plan.Method, "Gespräche mit den in der Agenda genannten Prozessverantwortlichen") ||
		!strings.HasPrefix(plan.Objectives, "Feststellen, ob das Servicemanagementsystem") || !strings.Contains(plan.Objectives, "(Abschnitt 9.2)") ||
		plan.Criteria != "ISO/IEC 20000-1:2018 mit Amd 1:2024; Servicemanagementpolitik, Pläne, Prozesse und Verfahren der Organisation; ihre Service-Level-Vereinbarungen und Verträge." ||
		plan.CriteriaGiven {
		t.Errorf("the plan's defaults in German: %+v", plan)
	}
	germanHasNoEnglish(t, plan.Method+"\n"+plan.Objectives+"\n"+plan.Criteria)

	// Sent in English, read in German: the defaults are the same defaults, nothing changed.
	if _, err := p.MarkSent(bg, a.Ref); err != nil {
		t.Fatal(err)
	}
	if plan, err = p.Plan(de, a.Ref); err != nil || len(plan.Changes) != 0 {
		t.Fatalf("sent in English, read in German: %v %q", err, plan.Changes)
	}
	// The window saves the form as shown: a default saved unchanged stays the default, in the
	// reader's language.
	if _, err := p.SetPlan(de, a.Ref, audit.PlanInput{Method: ptr(plan.Method), Criteria: ptr(plan.Criteria), Objectives: ptr(plan.Objectives), Sites: ptr("Berlin")}); err != nil {
		t.Fatal(err)
	}
	en, err := p.Plan(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if en.Method != audit.DefaultMethod || en.CriteriaGiven || !strings.HasPrefix(en.Criteria, "ISO/IEC 20000-1:2018 with Amd 1:2024; the organisation's") {
		t.Errorf("the German defaults saved, read in English: %+v", en)
	}
	if len(en.Changes) != 1 || en.Changes[0] != `sites changed: was "", now "Berlin"` {
		t.Errorf("changes in English: %q", en.Changes)
	}

	// What changed since it was sent, in German, with German dates.
	err = s.Write(bg, func(tx *store.Tx) error {
		if _, err := tx.Update("auditsession", sessions[2].Ref, map[string]any{"at": "2026-12-08T10:00:00Z", "minutes": int64(90)}, store.Change{}); err != nil {
			return err
		}
		_, err := tx.Update("assessment", a.ID, map[string]any{"start": "2026-12-06"}, store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if plan, err = p.Plan(de, a.Ref); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Zeitraum geändert: vorher "07.12.2026 – 08.12.2026", jetzt "06.12.2026 – 08.12.2026"`,
		`Standorte geändert: vorher "", jetzt "Berlin"`,
		"Sitzung " + sessions[2].Ref + ": verschoben von " + audit.LocalTimeIn("de", "2026-12-08T09:00:00Z") + " auf " +
			audit.LocalTimeIn("de", "2026-12-08T10:00:00Z") + "; 90 Minuten statt 60",
	}
	if strings.Join(plan.Changes, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes in German:\n%s\nwant\n%s", strings.Join(plan.Changes, "\n"), strings.Join(want, "\n"))
	}
	if !regexp.MustCompile(`^\d\d\.\d\d\.2026 \d\d:\d\d$`).MatchString(audit.LocalTimeIn("de", "2026-12-08T10:00:00Z")) {
		t.Errorf("a German time: %q", audit.LocalTimeIn("de", "2026-12-08T10:00:00Z"))
	}
}

func TestTheChecklistsLeadInsAreInTheReadersLanguage(t *testing.T) {
	s, a := workspace(t)
	list, err := audit.New(s).Checklist(i18n.WithLang(bg, "de"), a.Ref, "8.6.1")
	if err != nil {
		t.Fatal(err)
	}
	asks, checks := 0, 0
	for _, q := range list {
		switch {
		case strings.HasPrefix(q.Key, "e") && strings.HasPrefix(q.Question, "Vorlegen lassen: "):
			asks++
		case strings.HasPrefix(q.Key, "r") && strings.HasPrefix(q.Question, "In den Registern prüfen: "):
			checks++
		default:
			t.Errorf("question %s: %q", q.Key, q.Question)
		}
	}
	if asks == 0 || checks == 0 {
		t.Errorf("%d questions to see, %d to check in the registers", asks, checks)
	}
}
