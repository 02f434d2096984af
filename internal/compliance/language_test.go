package compliance_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// The texts the workbench computes — readiness blockers and what to fix first, the evidence
// checks, the stage-1 checklist and the review pack's inputs — follow the language of the
// context: asked in German, every one of them differs from its English twin, none holds a
// fragment of an English text of the catalogue, and their dates are written the German way.
func TestTheComputedTextsFollowTheLanguage(t *testing.T) {
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := demo.Fill(context.Background(), s, now, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return now })
	page, err := s.List(context.Background(), "assessment", store.Query{Limit: -1, Sort: "-ref"})
	if err != nil || len(page.Records) == 0 {
		t.Fatalf("no demo assessment: %v", err)
	}
	assessment := page.Records[0].Ref

	// texts are every computed text of the workbench in one language, in a fixed order.
	texts := func(lang string) []string {
		ctx := i18n.WithLang(context.Background(), lang)
		w := compliance.New(s)
		var out []string
		rd, err := w.Readiness(ctx, assessment)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range rd.Blockers {
			out = append(out, b.Text)
		}
		for _, f := range rd.FixFirst {
			out = append(out, f.Text)
		}
		for _, it := range rd.Stage1.Items {
			out = append(out, it.What, it.Text)
		}
		sg, err := w.Suggest(ctx, assessment, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sg {
			for _, ch := range c.Checks {
				out = append(out, ch.Rule, ch.Text)
			}
		}
		p, err := w.ReviewPack(ctx, now.AddDate(-1, 0, 0).Format("2006-01-02"), now.Format("2006-01-02"))
		if err != nil {
			t.Fatal(err)
		}
		for _, field := range []string{"performance", "customer_feedback", "supplier_performance", "audit_results", "nonconformities",
			"previous_actions", "context_changes", "risks", "resources", "improvements"} {
			if p.Inputs[field] == "" {
				t.Fatalf("the review pack has no input %s", field)
			}
			out = append(out, strings.Split(p.Inputs[field], "\n")...)
		}
		return out
	}
	en, de := texts("en"), texts("de")
	if len(en) != len(de) || len(en) < 200 {
		t.Fatalf("%d English texts, %d German: the same computations should give as many (and the demo some hundreds)", len(en), len(de))
	}

	// The English fragments of every computed text the catalogue translates.
	var fragments []string
	for english := range i18n.Catalogue("de") {
		for _, piece := range regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`).Split(english, -1) {
			piece = strings.Trim(piece, " ,.;:()-\n")
			if strings.Count(piece, " ") >= 2 { // three words or more: no record title of the demo says them
				fragments = append(fragments, piece)
			}
		}
	}
	same := 0
	for i := range en {
		if en[i] == de[i] && strings.ContainsAny(en[i], "abcdefghijklmnopqrstuvwxyz") {
			same++
			if same <= 5 {
				t.Errorf("the same in both languages: %q", en[i])
			}
		}
		for _, f := range fragments {
			if strings.Contains(de[i], f) {
				t.Errorf("German text %q holds the English %q", de[i], f)
				break
			}
		}
		if m := regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`).FindString(de[i]); m != "" {
			t.Errorf("German text %q writes the date %s the English way", de[i], m)
		}
	}
	all := strings.Join(de, "\n")
	for _, want := range []string{"keine gefunden", "Zeitraum 21.11.2025 bis 21.11.2026.", "in den letzten 12 Monaten", "offene Risiken: "} {
		if !strings.Contains(all, want) {
			t.Errorf("the German texts lack %q", want)
		}
	}
}
