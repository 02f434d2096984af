package compliance_test

import (
	"context"
	"testing"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit/exchange"
)

// Two consultants assess different clauses of one assessment on their own copies: after an
// exchange of bundles both copies hold both results, the same readiness, and the evidence file
// attached on one copy.
func TestAssessmentOnTwoCopiesConverges(t *testing.T) {
	ctx := context.Background()
	open, send := exchange.Copy, exchange.Send
	anna, ben := open(t, "anna"), open(t, "ben")
	a, err := compliance.New(anna).Create(ctx, compliance.NewInput{Title: "Internal audit", Type: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)

	conformant, partial, three := "conformant", "partially_conformant", "3"
	if _, err := compliance.New(anna).Set(ctx, a.Ref, "8.7.2", compliance.Change{Result: &partial,
		Attach: []compliance.Upload{{Name: "DR test.pdf", Data: []byte("%PDF dr test")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := compliance.New(ben).Set(ctx, a.Ref, "8.5.1.1", compliance.Change{Result: &conformant, Maturity: &three}); err != nil {
		t.Fatal(err)
	}
	send(t, anna, ben)
	send(t, ben, anna)

	var got [2]*compliance.Readiness
	for i, s := range []*store.Store{anna, ben} {
		r, err := compliance.New(s).Readiness(ctx, a.Ref)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = r
		show, _ := compliance.New(s).Show(ctx, a.Ref)
		for _, c := range show.Clauses {
			switch c.Clause {
			case "8.7.2":
				if c.Result != partial || len(c.Files) != 1 {
					t.Fatalf("copy %d, 8.7.2: %+v", i, c)
				}
				data, err := s.Blob(ctx, c.Files[0].SHA256)
				if err != nil || string(data) != "%PDF dr test" {
					t.Fatalf("copy %d: the evidence file did not travel: %v", i, err)
				}
			case "8.5.1.1":
				if c.Result != conformant || c.Maturity == nil || *c.Maturity != 3 {
					t.Fatalf("copy %d, 8.5.1.1: %+v", i, c)
				}
			}
		}
		if show.Readiness != r.Overall.Percent || show.Done != 2 {
			t.Fatalf("copy %d: stored readiness %.1f / %d done, computed %.1f", i, show.Readiness, show.Done, r.Overall.Percent)
		}
	}
	// (1 + 0.5) / 62 clauses
	if got[0].Overall.Percent != 2.4 || got[1].Overall.Percent != got[0].Overall.Percent {
		t.Fatalf("readiness %.1f and %.1f, want 2.4 on both", got[0].Overall.Percent, got[1].Overall.Percent)
	}
	for _, s := range []*store.Store{anna, ben} {
		if n, _ := s.CountConflicts(ctx); n != 0 {
			t.Fatalf("%d conflicts from assessing different clauses", n)
		}
	}
}
