package audit_test

import (
	"encoding/json"
	"testing"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit/exchange"
)

// Two auditors audit different clauses of one audit on their own copies: after an exchange of
// bundles both copies hold both auditors' sessions, interviews, samples, answers and findings,
// with no conflict, and print the same report. Only the same item edited on both is a conflict.
func TestTwoAuditorsOnTwoCopiesMergeTheirWorkingPapers(t *testing.T) {
	open, send := exchange.Copy, exchange.Send
	anna, ben := open(t, "anna"), open(t, "ben")
	if err := demo.Generate(bg, anna, demo.Size{Services: 3, Incidents: 60}, 3, 100); err != nil {
		t.Fatal(err)
	}
	a, err := compliance.New(anna).Create(bg, compliance.NewInput{Title: "Internal audit", Type: "internal", Fields: map[string]any{"lead_auditor": "Anna"}})
	if err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)

	seed := int64(11)
	work := func(s *store.Store, who, clause string) *audit.Sample {
		p := audit.New(s)
		if _, err := p.AddSession(bg, a.Ref, audit.SessionInput{At: "2026-12-07 09:00", Clauses: []string{clause}, Auditee: "Owner of " + clause, Auditor: who}); err != nil {
			t.Fatal(err)
		}
		if _, err := p.AddInterview(bg, a.Ref, audit.InterviewInput{Person: "Owner of " + clause, Clauses: []string{clause}, Notes: who + " heard this", Auditor: who}); err != nil {
			t.Fatal(err)
		}
		sm, err := p.Draw(bg, a.Ref, clause, audit.SampleInput{Register: "incident", Size: 4, Seed: &seed, DrawnBy: who})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Judge(bg, sm.Ref, sm.Items[0].Ref, "yes", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Answer(bg, a.Ref, clause, "e1", audit.AnswerInput{Answer: ptr("yes"), Auditor: who}); err != nil {
			t.Fatal(err)
		}
		if _, err := compliance.New(s).RaiseFinding(bg, a.Ref, clause, compliance.FindingInput{Title: who + "'s finding", Grade: catalogue.Observation}); err != nil {
			t.Fatal(err)
		}
		return sm
	}
	annaSample := work(anna, "Anna", "8.6.1")
	work(ben, "Ben", "8.7.2")
	send(t, anna, ben)
	send(t, ben, anna)

	var reports [2]*audit.Report
	for i, s := range []*store.Store{anna, ben} {
		if n, _ := s.CountConflicts(bg); n != 0 {
			dumpConflicts(t, s)
			t.Fatalf("copy %d: %d conflicts", i, n)
		}
		r, err := audit.New(s).Report(bg, a.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Plan.Sessions) != 2 || len(r.Interviews) != 2 || len(r.Samples) != 2 || len(r.Statements) != 2 || len(r.Answered) != 2 {
			t.Fatalf("copy %d holds %d sessions, %d interviews, %d samples, %d findings, %d answers", i,
				len(r.Plan.Sessions), len(r.Interviews), len(r.Samples), len(r.Statements), len(r.Answered))
		}
		reports[i] = r
	}
	if reports[0].Fingerprint() != reports[1].Fingerprint() {
		t.Errorf("the two copies' reports differ")
	}
	one, _ := json.Marshal(reports[0].Content)
	two, _ := json.Marshal(reports[1].Content)
	if string(one) != string(two) {
		t.Errorf("the two copies print different reports:\n%s\n%s", one, two)
	}

	// Both judge the same sampled record differently: that one item is a conflict to resolve.
	if _, err := audit.New(anna).Judge(bg, annaSample.Ref, annaSample.Items[1].Ref, "yes", "fine"); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.New(ben).Judge(bg, annaSample.Ref, annaSample.Items[1].Ref, "no", "no review"); err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)
	send(t, ben, anna)
	for i, s := range []*store.Store{anna, ben} {
		if n, _ := s.CountConflicts(bg); n != 1 {
			t.Errorf("copy %d: %d conflicts after both judged the same record, want 1", i, n)
		}
	}
}

func dumpConflicts(t *testing.T, s *store.Store) {
	cs, _ := s.Conflicts(bg)
	for _, c := range cs {
		b, _ := json.Marshal(c)
		t.Logf("%s", b)
	}
}
