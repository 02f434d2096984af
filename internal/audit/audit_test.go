package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/auditpack"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

var bg = context.Background()

// workspace is a real workspace with 5 services and 120 incidents, and an internal audit.
func workspace(t *testing.T) (*store.Store, *compliance.Assessment) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := store.Open(path, store.Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := demo.Generate(bg, s, demo.Size{Services: 5, Incidents: 120}, 7, 200); err != nil {
		t.Fatal(err)
	}
	a, err := compliance.New(s).Create(bg, compliance.NewInput{Title: "Internal audit 2026", Type: "internal",
		Fields: map[string]any{"lead_auditor": "Zofia Łódź", "start": "2026-12-07", "end": "2026-12-08", "scope": "IT services"}})
	if err != nil {
		t.Fatal(err)
	}
	return s, a
}

func ptr[T any](v T) *T { return &v }

func TestThePlanShowsWhatChangedSinceItWasSent(t *testing.T) {
	s, a := workspace(t)
	p := audit.New(s)
	plan, err := p.Plan(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	// Until the lead auditor writes them, the plan proposes objectives, criteria and a method.
	if plan.CriteriaGiven || !strings.HasPrefix(plan.Criteria, "ISO/IEC 20000-1:2018 with Amd 1:2024") || plan.Method != audit.DefaultMethod ||
		!strings.Contains(plan.Objectives, "9.2") || len(plan.Sessions) != 0 || plan.SentAt != "" {
		t.Fatalf("a new plan: %+v", plan)
	}
	first, err := p.AddSession(bg, a.Ref, audit.SessionInput{At: "2026-12-07T09:00:00Z", Clauses: []string{"8.6.1, 8.5"}, Auditee: "Emre Demir", Place: "Room 2"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first.Clauses, []string{"8.5", "8.6.1"}) || first.Minutes != 60 {
		t.Errorf("clauses in catalogue order and an hour by default: %+v", first)
	}
	second, err := p.AddSession(bg, a.Ref, audit.SessionInput{At: "2026-12-07T13:00:00Z", Clauses: []string{"8.7.2"}, Auditee: "Ana Silva", Remote: true, Minutes: "90"})
	if err != nil {
		t.Fatal(err)
	}
	if plan, err = p.MarkSent(bg, a.Ref); err != nil {
		t.Fatal(err)
	}
	if plan.SentAt == "" || len(plan.Changes) != 0 || len(plan.Sessions) != 2 || plan.Sessions[1].Where("en") != "remote" {
		t.Fatalf("just sent: %+v", plan)
	}
	// After it was sent: a session moved, one cancelled, one added, the objectives written.
	err = s.Write(bg, func(tx *store.Tx) error {
		if _, err := tx.Update("auditsession", first.Ref, map[string]any{"at": "2026-12-07T10:00:00Z"}, store.Change{}); err != nil {
			return err
		}
		_, err := tx.Move("auditsession", second.Ref, "cancelled", store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	third, err := p.AddSession(bg, a.Ref, audit.SessionInput{At: "2026-12-08T09:00:00Z", Clauses: []string{"9.2"}, Auditee: "Lee Park"})
	if err != nil {
		t.Fatal(err)
	}
	if plan, err = p.SetPlan(bg, a.Ref, audit.PlanInput{Objectives: ptr("Incident and change management as documented")}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`objectives changed: was "Determine whether the service management system conforms…", now "Incident and change management as documented"`,
		fmt.Sprintf("session %s moved from %s to %s", first.Ref, audit.LocalTime("2026-12-07T09:00:00Z"), audit.LocalTime("2026-12-07T10:00:00Z")),
		fmt.Sprintf("session %s cancelled", second.Ref),
		fmt.Sprintf("session %s added: %s, 9.2 with Lee Park", third.Ref, audit.LocalTime("2026-12-08T09:00:00Z")),
	}
	if !slices.Equal(plan.Changes, want) {
		t.Errorf("changes since sent:\n%s\nwant\n%s", strings.Join(plan.Changes, "\n"), strings.Join(want, "\n"))
	}
}

func TestASampleIsDrawnAgainIdenticallyFromItsSeed(t *testing.T) {
	s, a := workspace(t)
	p := audit.New(s)
	seed := int64(20261207)
	in := audit.SampleInput{Register: "incident", Where: []string{"priority<=3"}, Size: 10, Seed: &seed, DrawnBy: "Zofia"}
	one, err := p.Draw(bg, a.Ref, "8.6.1", in)
	if err != nil {
		t.Fatal(err)
	}
	two, err := p.Draw(bg, a.Ref, "8.6.1", in)
	if err != nil {
		t.Fatal(err)
	}
	refs := func(sm *audit.Sample) []string {
		var out []string
		for _, it := range sm.Items {
			out = append(out, it.Ref)
		}
		return out
	}
	if !slices.Equal(refs(one), refs(two)) || len(one.Items) != 10 || one.Seed != seed {
		t.Fatalf("the same seed drew %v then %v", refs(one), refs(two))
	}
	// The population, counted a second way: straight from the file.
	var population int64
	if err := testkit.RawSQL(t, s.Path()).QueryRow(`SELECT count(*) FROM r_incident JOIN records USING(id) WHERE records.alive AND r_incident.priority <= 3`).Scan(&population); err != nil {
		t.Fatal(err)
	}
	if one.Population != population || population < 20 {
		t.Errorf("population %d, the file holds %d", one.Population, population)
	}
	// Every sampled record is in the population, none twice.
	seen := map[string]bool{}
	for _, it := range one.Items {
		r, err := s.Get(bg, "incident", it.Record)
		if err != nil || r.Ref != it.Ref || seen[it.Ref] {
			t.Fatalf("sampled %s: %v (twice: %v)", it.Ref, err, seen[it.Ref])
		}
		if pr, _ := r.Values["priority"].(int64); pr > 3 {
			t.Errorf("%s of priority %d is outside the population", it.Ref, pr)
		}
		seen[it.Ref] = true
	}
	other := int64(99)
	in.Seed = &other
	three, err := p.Draw(bg, a.Ref, "8.6.1", in)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(refs(one), refs(three)) {
		t.Errorf("another seed drew the same sample: %v", refs(three))
	}
	// A size above the population takes it whole.
	whole, err := p.Draw(bg, a.Ref, "8.6.1", audit.SampleInput{Register: "service", Size: 50})
	if err != nil || whole.Size != 5 || whole.Population != 5 || len(whole.Items) != 5 || whole.Seed <= 0 {
		t.Fatalf("whole population: %+v %v", whole, err)
	}

	// Verdicts: a record that does not conform says why; the counts follow.
	if _, err := p.Judge(bg, one.Ref, one.Items[0].Ref, "yes", ""); err != nil {
		t.Fatal(err)
	}
	judged, err := p.Judge(bg, one.Ref, strings.ToLower(one.Items[1].Ref), "no", "no major incident review")
	if err != nil {
		t.Fatal(err)
	}
	if judged.Judged != 2 || judged.Failed != 1 || judged.Items[1].Conforms != "no" || judged.Items[1].Note != "no major incident review" {
		t.Errorf("after two verdicts: %+v", judged)
	}
	// The sample is evidence of its clause.
	shown, err := compliance.New(s).Show(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range shown.Clauses {
		if c.Clause == "8.6.1" && !slices.ContainsFunc(c.Evidence, func(l store.Link) bool { return l.Ref == one.Ref }) {
			t.Errorf("8.6.1's evidence %v lacks %s", c.Evidence, one.Ref)
		}
	}

	before := opCount(t, s)
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(p.Judge(bg, one.Ref, one.Items[2].Ref, "no", " ")), "audit.note_required", "note"),
		testkit.Refused(testkit.Second(p.Judge(bg, one.Ref, one.Items[2].Ref, "maybe", "")), "audit.verdict_unknown", "conforms"),
		testkit.Refused(testkit.Second(p.Judge(bg, one.Ref, "INC-99999", "yes", "")), "audit.not_sampled", "record"),
		testkit.Refused(testkit.Second(p.Draw(bg, a.Ref, "8.6", in)), "clause.heading", "clause"),
		testkit.Refused(testkit.Second(p.Draw(bg, a.Ref, "8.6.1", audit.SampleInput{Register: "nosuch", Size: 5})), "audit.register_unknown", "kind"),
		testkit.Refused(testkit.Second(p.Draw(bg, a.Ref, "8.6.1", audit.SampleInput{Register: "incident", Size: 0})), "audit.size_invalid", "size"),
		testkit.Refused(testkit.Second(p.Draw(bg, a.Ref, "8.6.1", audit.SampleInput{Register: "incident", Size: 5, Where: []string{"nosuch=1"}})), "audit.filter_invalid", "where"),
		testkit.Refused(testkit.Second(p.Draw(bg, a.Ref, "8.6.1", audit.SampleInput{Register: "incident", Size: 5, Where: []string{"title=no such incident"}})), "audit.population_empty", "where"),
	})
	if after := opCount(t, s); after != before {
		t.Errorf("the refusals wrote %d ops", after-before)
	}
}

func opCount(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := testkit.RawSQL(t, s.Path()).QueryRow(`SELECT count(*) FROM ops`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSuggestedSampleSizes(t *testing.T) {
	for n, want := range map[int]int{0: 0, 1: 1, 5: 5, 6: 5, 25: 5, 26: 10, 100: 10, 101: 15, 500: 15, 501: 20, 2000: 20, 2001: 25, 100000: 25} {
		if got := audit.SuggestedSize(n); got != want {
			t.Errorf("population %d: %d, want %d", n, got, want)
		}
	}
}

func TestTheChecklistIsGeneratedAnsweredAndNothingIsLost(t *testing.T) {
	s, a := workspace(t)
	p := audit.New(s)
	list, err := p.Checklist(bg, a.Ref, "8.6.1")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := catalogue.Lookup("8.6.1")
	sg, err := compliance.New(s).Suggest(bg, a.Ref, "8.6.1")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(c.Evidence) + len(sg[0].Checks); len(list) != want || list[0].Key != "e1" || list[0].LookFor != c.Evidence[0] ||
		list[len(c.Evidence)].Key != "r1" || list[len(c.Evidence)].PreCheck != sg[0].Checks[0].State {
		t.Fatalf("8.6.1's checklist: %d questions, want %d: %+v", len(list), want, list)
	}
	// A heading stands for its requirements; the whole checklist covers every requirement.
	heading, err := p.Checklist(bg, a.Ref, "8.6")
	if err != nil {
		t.Fatal(err)
	}
	clauses := map[string]bool{}
	for _, q := range heading {
		clauses[q.Clause] = true
	}
	if len(clauses) != len(catalogue.Children("8.6")) {
		t.Errorf("8.6's checklist covers %v", clauses)
	}

	q, err := p.Answer(bg, a.Ref, "8.6.1", "e2", audit.AnswerInput{Answer: ptr("partly"), Notes: ptr("matrix seen, not approved"), Auditor: "Zofia"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Answer != "partly" || q.Ref == "" || q.Question != list[1].Question {
		t.Errorf("answered: %+v", q)
	}
	again, err := p.Answer(bg, a.Ref, "8.6.1", "e2", audit.AnswerInput{Answer: ptr("yes")})
	if err != nil || again.Ref != q.Ref || again.Answer != "yes" || again.Notes != "matrix seen, not approved" {
		t.Fatalf("answered again: %+v %v", again, err)
	}
	added, err := p.AddQuestion(bg, a.Ref, "8.6.1", "Who approves the priority matrix?", "the approval record")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Answer(bg, a.Ref, "8.6.1", added.Key, audit.AnswerInput{Answer: ptr("no")}); err != nil {
		t.Fatal(err)
	}
	// A second auditor answered the same question on another copy: both answers are kept.
	err = s.Write(bg, func(tx *store.Tx) error {
		_, err := tx.Create("checkitem", map[string]any{"assessment": a.ID, "clause": "8.6.1", "key": "e2", "title": list[1].Question,
			"answer": "no", "notes": "not shown to me", "auditor": "Emre"}, store.Change{At: time.Now().Add(-time.Hour)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	list, _ = p.Checklist(bg, a.Ref, "8.6.1")
	i := slices.IndexFunc(list, func(q audit.Question) bool { return q.Key == "e2" })
	j := slices.IndexFunc(list, func(q audit.Question) bool { return q.Key == added.Key })
	if list[i].Answer != "yes" || len(list[i].Also) != 1 || !strings.Contains(list[i].Also[0], "not shown to me") || j < 0 || list[j].Answer != "no" {
		t.Errorf("the checklist after two auditors: %+v / %+v", list[i], list[j])
	}
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(p.Answer(bg, a.Ref, "8.6.1", "e99", audit.AnswerInput{Answer: ptr("yes")})), "audit.question_unknown", "key"),
		testkit.Refused(testkit.Second(p.Answer(bg, a.Ref, "8.6.1", "e1", audit.AnswerInput{Answer: ptr("perhaps")})), "audit.answer_unknown", "answer"),
		testkit.Refused(testkit.Second(p.AddQuestion(bg, a.Ref, "8.6", "why?", "")), "clause.heading", "clause"),
		testkit.Refused(testkit.Second(p.Checklist(bg, a.Ref, "8.99")), "clause.unknown", "clauses"),
	})
}

func TestAnInterviewIsEvidenceOfItsClauses(t *testing.T) {
	s, a := workspace(t)
	p := audit.New(s)
	iv, err := p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: "Emre Demir", Role: "Service desk lead", Clauses: []string{"8.6"}, Notes: "Escalation explained", At: "2026-12-07 09:30"})
	if err != nil {
		t.Fatal(err)
	}
	shown, err := compliance.New(s).Show(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, c := range shown.Clauses {
		if slices.ContainsFunc(c.Evidence, func(l store.Link) bool { return l.ID == iv.ID }) {
			linked++
			if !strings.HasPrefix(c.Clause, "8.6.") {
				t.Errorf("the interview is evidence of %s", c.Clause)
			}
		}
	}
	if linked != len(catalogue.Children("8.6")) {
		t.Errorf("linked to %d clause results, want the %d requirements of 8.6", linked, len(catalogue.Children("8.6")))
	}
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: "X", Clauses: []string{"8.6.1"}})), "audit.notes_required", "notes"),
		testkit.Refused(testkit.Second(p.AddInterview(bg, a.Ref, audit.InterviewInput{Notes: "x", Clauses: []string{"8.6.1"}})), "audit.person_required", "person"),
		testkit.Refused(testkit.Second(p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: "X", Notes: "x"})), "audit.clauses_required", "clauses"),
		testkit.Refused(testkit.Second(p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: "X", Notes: "x", Clauses: []string{"8.6.1"}, At: "tomorrow"})), "audit.time_invalid", "at"),
		testkit.Refused(testkit.Second(p.AddSession(bg, a.Ref, audit.SessionInput{At: "2026-12-07 09:00", Clauses: []string{"8.6.1"}})), "audit.auditee_required", "auditee"),
	})
}

// render is the real printer of the report, as the command line and the window sign with it.
func render(s *store.Store, a string) audit.Renderer {
	return func(ctx context.Context, r *audit.Report) ([]byte, []byte, error) {
		return auditpack.RenderReport(ctx, s, auditpack.Options{Assessment: a, Report: true}, r)
	}
}

func TestASignedReportIsFrozenAndALaterChangeMakesANewVersion(t *testing.T) {
	s, a := workspace(t)
	p := audit.New(s)
	wb := compliance.New(s)
	for clause, result := range map[string]string{"8.6.1": catalogue.Conformant, "8.5.1.1": catalogue.Conformant, "8.7.2": catalogue.Nonconformant} {
		if _, err := wb.Set(bg, a.Ref, clause, compliance.Change{Result: ptr(result), Maturity: ptr("4")}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := wb.RaiseFinding(bg, a.Ref, "8.7.2", compliance.FindingInput{Title: "Payroll continuity plan untested", Grade: catalogue.Major, Owner: "Emre"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Report(bg, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Issue.Final || r.Issue.Version != 1 || len(r.Issue.Versions) != 0 {
		t.Fatalf("a new report: %+v", r.Issue)
	}
	// The summary's figures, counted again from the clause result records themselves.
	counts := map[string]int{}
	err = s.Each(bg, "clauseresult", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: a.ID}}}, func(r *store.Record) error {
		counts[r.Values["result"].(string)]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	total := counts[catalogue.NotAssessed] + counts[catalogue.Conformant] + counts[catalogue.Nonconformant]
	wantResults := fmt.Sprintf("Of the %d requirements of ISO/IEC 20000-1, %d conformant and %d nonconformant were found. %d requirements were not assessed in this audit",
		total, counts[catalogue.Conformant], counts[catalogue.Nonconformant], counts[catalogue.NotAssessed])
	if !strings.HasPrefix(r.Summary[1], wantResults) || !strings.Contains(r.Summary[2], "incident management (8.6.1, maturity 4)") ||
		!strings.HasPrefix(r.Summary[3], "The audit raised one major nonconformity (8.7.2: Payroll continuity plan untested).") {
		t.Errorf("summary:\n%s\nwant the results to begin %q", strings.Join(r.Summary, "\n"), wantResults)
	}

	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(p.Sign(bg, a.Ref, []string{"Zofia"}, render(s, a.Ref))), "audit.conclusion_required", "conclusion"),
		testkit.Refused(testkit.Second(p.Sign(bg, a.Ref, []string{" "}, render(s, a.Ref))), "audit.signer_required", "name"),
		testkit.Refused(testkit.Second(p.Conclude(bg, a.Ref, audit.ConcludeInput{Recommendation: ptr("maybe")})), "audit.recommendation_unknown", "recommendation"),
	})
	// The schema refuses to recommend certification over an open major nonconformity.
	if _, err := p.Conclude(bg, a.Ref, audit.ConcludeInput{Recommendation: ptr("recommended")}); err == nil || !strings.Contains(err.Error(), "major nonconformity "+f.Ref+" is open") {
		t.Errorf("recommended over a major: %v", err)
	}
	if _, err := p.Conclude(bg, a.Ref, audit.ConcludeInput{Conclusion: ptr("Continuity is not under control"), Recommendation: ptr("not_recommended")}); err != nil {
		t.Fatal(err)
	}
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(p.Sign(bg, a.Ref, []string{"Zofia"}, render(s, a.Ref))), "audit.statement_incomplete", "statement"),
	})
	if _, err := p.WriteStatement(bg, f.Ref, audit.StatementInput{Statement: ptr("The payroll continuity plan was not tested in 2026."),
		Evidence: ptr("No test record since 2025-03."), Records: []string{a.Ref}}); err != nil {
		t.Fatal(err)
	}
	v1, err := p.Sign(bg, a.Ref, []string{"Zofia Łódź", "Emre Demir"}, render(s, a.Ref))
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.SignedBy != "Zofia Łódź; Emre Demir" || v1.PDFBytes < 1000 || v1.XLSX == "" {
		t.Fatalf("signed: %+v", v1)
	}
	if r, _ = p.Report(bg, a.Ref); !r.Issue.Final || r.Issue.Version != 1 || !strings.HasPrefix(r.Issue.Status("en"), "final, version 1, signed by Zofia Łódź; Emre Demir") {
		t.Fatalf("after signing: %+v", r.Issue)
	}
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(p.Sign(bg, a.Ref, []string{"Zofia"}, render(s, a.Ref))), "audit.signed_already", "name"),
	})
	_, pdf1, xlsx1, err := p.SignedFiles(bg, a.Ref, 1)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(pdf1); hex.EncodeToString(sum[:]) != v1.PDF || !strings.HasPrefix(string(pdf1), "%PDF-") || len(xlsx1) == 0 {
		t.Fatalf("the signed PDF does not match its sha256")
	}

	// A later change: the report is a draft of version 2, version 1 stays as it was signed.
	if _, err := p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: "Ana", Clauses: []string{"8.7.2"}, Notes: "Test planned for January"}); err != nil {
		t.Fatal(err)
	}
	if r, _ = p.Report(bg, a.Ref); r.Issue.Final || r.Issue.Version != 2 || len(r.Issue.Versions) != 1 {
		t.Fatalf("after a later change: %+v", r.Issue)
	}
	_, again, _, err := p.SignedFiles(bg, a.Ref, 1)
	if err != nil || string(again) != string(pdf1) {
		t.Fatalf("version 1 changed after a later edit: %v", err)
	}
	v2, err := p.Sign(bg, a.Ref, []string{"Zofia Łódź"}, render(s, a.Ref))
	if err != nil || v2.Version != 2 || v2.PDF == v1.PDF {
		t.Fatalf("second signature: %+v %v", v2, err)
	}
	versions, _ := p.Versions(bg, a.Ref)
	if len(versions) != 2 || versions[0].Version != 1 || versions[1].Version != 2 {
		t.Errorf("versions: %+v", versions)
	}
	// A signed version is frozen: the store refuses to change it.
	err = s.Write(bg, func(tx *store.Tx) error {
		_, err := tx.Update("auditreport", v1.Ref, map[string]any{"signed_by": "Someone else"}, store.Change{})
		return err
	})
	if err == nil {
		t.Errorf("a signed version was changed")
	}
	_, _, _, err = p.SignedFiles(bg, a.Ref, 3)
	testkit.CheckRefusals(t, []testkit.Refusal{testkit.Refused(err, "audit.version_unknown", "version")})
}
