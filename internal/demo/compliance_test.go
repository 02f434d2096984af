package demo

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	cmdbpkg "smsworkbench/internal/cmdb"
	"smsworkbench/internal/compliance"
	clauses "smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// Every agreed SLA but one has an issued report for the last complete month; the one left is
// the service desk's, whose report is still a draft. The 9.4 evidence rule shows that one gap.
func TestDemoServiceReports(t *testing.T) {
	s := demoStore(t)
	ctx := context.Background()
	lastEnd := time.Date(demoNow.Year(), demoNow.Month(), 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	var missing []string
	for _, sla := range all(t, s, "sla", eq("status", "agreed")) {
		issued := all(t, s, "servicereport", eq("sla", sla.ID), eq("status", "issued"),
			store.Filter{Field: "period_end", Op: ">=", Value: lastEnd})
		if len(issued) == 0 {
			missing = append(missing, sla.Title())
			if drafts := all(t, s, "servicereport", eq("sla", sla.ID), eq("status", "draft"), eq("period_end", lastEnd)); len(drafts) != 1 {
				t.Errorf("%s: no issued report up to %s and %d drafts", sla.Title(), lastEnd, len(drafts))
			}
		}
		if n := len(all(t, s, "servicereport", eq("sla", sla.ID))); n != reportMonths {
			t.Errorf("%s: %d reports, want %d", sla.Title(), n, reportMonths)
		}
	}
	if len(missing) != 1 || missing[0] != "SLA Service desk" {
		t.Errorf("SLAs without an issued report for the month to %s: %v", lastEnd, missing)
	}
	reports := all(t, s, "servicereport")
	oldest := demoNow.AddDate(-1, -1, 0).Format("2006-01-02")
	varied := map[float64]bool{}
	for _, r := range reports {
		start, end := r.Values["period_start"].(string), r.Values["period_end"].(string)
		compl, _ := r.Values["sla_compliance"].(float64)
		varied[compl] = true
		switch {
		case start < oldest || end > lastEnd || start[8:] != "01":
			t.Errorf("%s covers %s to %s", r.Ref, start, end)
		case compl < 50 || compl > 100:
			t.Errorf("%s: SLA compliance %v", r.Ref, compl)
		case r.Values["recipients"] == nil || r.Values["summary"] == nil:
			t.Errorf("%s without recipients or summary", r.Ref)
		case r.Status == "issued" && (r.Values["issued_on"].(string) <= end || r.Values["issued_on"].(string) > demoNow.Format("2006-01-02")):
			t.Errorf("%s for %s issued on %s", r.Ref, end, r.Values["issued_on"])
		}
	}
	if len(varied) < 10 {
		t.Errorf("only %d different SLA compliance figures", len(varied))
	}
	sg, err := compliance.New(s).Suggest(ctx, "", "9.4")
	if err != nil {
		t.Fatal(err)
	}
	if ch := sg[0].Checks[0]; ch.State != compliance.Stale || !strings.HasPrefix(ch.Text, "1 of ") {
		t.Errorf("9.4: %s %s", ch.State, ch.Text)
	}
}

func TestDemoBaseline(t *testing.T) {
	s := demoStore(t)
	ctx := context.Background()
	recent := all(t, s, "baseline", store.Filter{Field: "taken_at", Op: ">=", Value: demoNow.AddDate(-1, 0, 0).Format(time.RFC3339)})
	if len(recent) == 0 {
		t.Fatal("no CMDB baseline in the last 12 months")
	}
	b := recent[0]
	if n, _ := b.Values["ci_count"].(int64); n < 400 {
		t.Errorf("%s holds %d CIs", b.Ref, n)
	}
	if n, _ := b.Values["rel_count"].(int64); n < 1000 {
		t.Errorf("%s holds %d relationships", b.Ref, n)
	}
	if b.CreatedAt > demoNow.Format(time.RFC3339) || b.CreatedAt != b.Values["taken_at"] {
		t.Errorf("%s created %s, taken %v", b.Ref, b.CreatedAt, b.Values["taken_at"])
	}
	// The cmdb package reads the snapshot: the CMDB now differs from it only by what came later.
	d, err := cmdbpkg.CompareBaselines(ctx, s, b.Ref, "", demoNow)
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary.Removed != 0 || d.Summary.RelsRemoved != 0 {
		t.Errorf("the CMDB lost items since its baseline: %+v", d.Summary)
	}
	sg, err := compliance.New(s).Suggest(ctx, "", "8.2.6")
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range sg[0].Checks {
		if ch.State != compliance.OK {
			t.Errorf("8.2.6 %q: %s %s", ch.Rule, ch.State, ch.Text)
		}
	}
}

func TestDemoAssessments(t *testing.T) {
	s := demoStore(t)
	ctx := context.Background()
	wb := compliance.New(s)
	internal := all(t, s, "assessment", eq("assessment_type", "internal"))
	gaps := all(t, s, "assessment", eq("assessment_type", "gap"))
	if len(internal) != 1 || len(gaps) != 1 {
		t.Fatalf("%d internal audits and %d gap assessments", len(internal), len(gaps))
	}
	ia, err := wb.Show(ctx, internal[0].Ref)
	if err != nil {
		t.Fatal(err)
	}
	gap, err := wb.Show(ctx, gaps[0].Ref)
	if err != nil {
		t.Fatal(err)
	}

	// Last year's internal audit: done, every clause assessed with evidence and maturity.
	start, _ := time.Parse("2006-01-02", ia.Start)
	if ia.Title != "Internal audit "+strconv.Itoa(demoNow.Year()-1) || ia.Status != "done" || ia.Conclusion == "" || ia.End < ia.Start ||
		demoNow.Sub(start) < 300*24*time.Hour || demoNow.Sub(start) > 390*24*time.Hour {
		t.Errorf("internal audit %q %s from %s to %s", ia.Title, ia.Status, ia.Start, ia.End)
	}
	if utf8.RuneCountInString(ia.LeadAuditor) == len(ia.LeadAuditor) {
		t.Errorf("lead auditor %q", ia.LeadAuditor)
	}
	results := map[string]int{}
	withEvidence := 0
	for _, c := range ia.Clauses {
		if c.Rollup {
			if c.Ref != "" || c.Status != "rollup" {
				t.Errorf("%s: heading %s is %q (%s)", ia.Ref, c.Clause, c.Status, c.Ref)
			}
			continue
		}
		results[c.Result]++
		if c.Ref == "" || c.Status != "done" || c.Carried {
			t.Errorf("%s: clause %s is %q (%s), carried %v", ia.Ref, c.Clause, c.Status, c.Ref, c.Carried)
		}
		switch {
		case c.Result == clauses.NoInstance && c.Notes == "":
			t.Errorf("%s: %s no instance without saying what was checked", ia.Ref, c.Clause)
		case c.Maturity == nil || *c.Maturity < 1 || *c.Maturity > 4:
			t.Errorf("%s: %s maturity %v", ia.Ref, c.Clause, c.Maturity)
		}
		if len(c.Evidence) > 0 {
			withEvidence++
		}
		// Evidence existed when the clause was assessed.
		for _, l := range c.Evidence {
			r, err := s.Get(ctx, l.Kind, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.CreatedAt[:10] > ia.End {
				t.Errorf("%s: %s evidence %s created %s, after the audit", ia.Ref, c.Clause, r.Ref, r.CreatedAt)
			}
		}
	}
	if len(ia.Clauses) != len(clauses.Clauses()) || len(ia.Clauses) != 70 {
		t.Errorf("%s: %d clauses", ia.Ref, len(ia.Clauses))
	}
	if results[clauses.Conformant]+results[clauses.PartiallyConformant] < 50 || results[clauses.Nonconformant] < 2 ||
		results[clauses.Nonconformant] > 4 || results[clauses.NoInstance] != 1 || results[clauses.NotAssessed] != 0 || results[clauses.NotApplicable] != 0 {
		t.Errorf("%s results %v", ia.Ref, results)
	}
	if withEvidence < 50 {
		t.Errorf("%s: %d clauses with evidence", ia.Ref, withEvidence)
	}
	grades := map[string]compliance.Finding{}
	for _, c := range ia.Clauses {
		for _, f := range c.Findings {
			grades[f.Grade] = f
		}
	}
	minor := grades[clauses.Minor]
	if len(grades) != 3 || minor.Status != "closed" || grades[clauses.Observation].Ref == "" || grades[clauses.OFI].Ref == "" {
		t.Fatalf("%s findings %v", ia.Ref, grades)
	}
	nc, err := s.Get(ctx, "nonconformity", minor.Nonconformity)
	if err != nil {
		t.Fatal(err)
	}
	actions := all(t, s, "action", eq("nonconformity", nc.ID))
	if nc.Status != "closed" || len(actions) != 1 || actions[0].Status != "verified" || actions[0].Values["effective"] != "yes" {
		t.Errorf("%s's nonconformity %s is %s with %d actions", minor.Ref, nc.Ref, nc.Status, len(actions))
	}

	// This year's gap assessment: started from the internal audit, two thirds done.
	if gap.BasedOn == nil || gap.BasedOn.ID != ia.ID || gap.Status != "in_progress" || !strings.HasPrefix(gap.Title, "Gap assessment "+strconv.Itoa(demoNow.Year())) {
		t.Errorf("gap assessment %q %s based on %v", gap.Title, gap.Status, gap.BasedOn)
	}
	// The clauses not re-assessed this year are carried forward, not verified: they count for
	// nothing in the readiness until someone confirms them.
	carried := 0
	for _, c := range gap.Clauses {
		if c.Rollup {
			continue
		}
		if c.Result == clauses.NotAssessed {
			t.Errorf("%s: clause %s not assessed", gap.Ref, c.Clause)
		}
		if c.Carried {
			carried++
			if c.Status == "done" {
				t.Errorf("%s: %s carried forward but done", gap.Ref, c.Clause)
			}
		}
	}
	if len(gap.Clauses) != 70 || gap.Done < 35 || gap.Done > 45 || int64(57-carried) != gap.Done {
		t.Errorf("%s: %d clauses, %d done, %d carried forward", gap.Ref, len(gap.Clauses), gap.Done, carried)
	}
	diff, err := wb.Diff(ctx, ia.Ref, gap.Ref)
	if err != nil {
		t.Fatal(err)
	}
	regressed := 0
	for _, c := range diff.Regressed {
		if !clauseByID(gap, c.Clause).Carried {
			regressed++
		}
	}
	if len(diff.Improved) < 10 || regressed < 1 || regressed > 3 {
		t.Errorf("%s to %s: %d improved, %d regressed (not counting those carried forward)", ia.Ref, gap.Ref, len(diff.Improved), regressed)
	}
	open := map[string]int{}
	for _, c := range gap.Clauses {
		for _, f := range c.Findings {
			if f.Status != "closed" {
				open[f.Grade]++
			}
		}
	}
	if open[clauses.Major] < 1 || open[clauses.Minor] < 1 {
		t.Errorf("%s open findings %v", gap.Ref, open)
	}

	// Readiness: plausible, with the major finding as a certification blocker.
	rd, err := wb.Readiness(ctx, gap.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Overall.Percent != byHand(gap) || gap.Readiness != rd.Overall.Percent || rd.Overall.Carried != carried {
		t.Errorf("%s readiness %v (stored %v, by hand %v), %d carried", gap.Ref, rd.Overall.Percent, gap.Readiness, byHand(gap), rd.Overall.Carried)
	}
	// The stored count is the results' and findings'; readiness adds the documented information
	// the demo keeps nowhere: its competence records (7.2), which a consultant attaches as a file.
	var missing []string
	for _, it := range rd.Stage1.Items {
		if it.State == compliance.DocMissing {
			missing = append(missing, it.Clause)
		}
	}
	if len(rd.Blockers) == 0 || rd.Blockers[0].Kind != "major_finding" || gap.Blockers+int64(rd.Stage1.Missing) != int64(len(rd.Blockers)) ||
		!slices.Equal(missing, []string{"7.2"}) {
		t.Errorf("%s blockers %v (stored %d, documents missing %v)", gap.Ref, rd.Blockers, gap.Blockers, missing)
	}
	ird, err := wb.Readiness(ctx, ia.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if ird.Overall.Percent < 50 || ird.Overall.Percent != byHand(ia) {
		t.Errorf("readiness %v at the internal audit, by hand %v", ird.Overall.Percent, byHand(ia))
	}
	t.Logf("readiness: %s %.1f %%, %s %.1f %% (%d blockers)", ia.Ref, ird.Overall.Percent, gap.Ref, rd.Overall.Percent, len(rd.Blockers))

	// The internal audit completes the audit programme.
	p, err := wb.Programme(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Uncovered) != 0 {
		t.Errorf("audit programme leaves %v uncovered", p.Uncovered)
	}
}

func clauseByID(a *compliance.Assessment, id string) compliance.ClauseResult {
	for _, c := range a.Clauses {
		if c.Clause == id {
			return c
		}
	}
	return compliance.ClauseResult{}
}

// byHand is the readiness of an assessment computed here, apart from the readiness method's
// code: the mean over the requirements of weight x maturity factor, carried forward results 0.
func byHand(a *compliance.Assessment) float64 {
	weight := map[string]float64{clauses.Conformant: 1, clauses.NoInstance: 1, clauses.PartiallyConformant: 0.5}
	control := clauseByID(a, "8.2.3")
	sum, n := 0.0, 0
	for _, c := range a.Clauses {
		if c.Rollup {
			continue
		}
		n++
		w := weight[c.Result]
		if c.Result == clauses.OtherParty && !control.Carried {
			w = weight[control.Result]
		}
		if c.Carried {
			w = 0
		}
		factor := 0.7 // no maturity recorded counts as level 0
		if c.Maturity != nil {
			factor = []float64{0.7, 0.8, 0.9, 1, 1, 1}[*c.Maturity]
		}
		sum += w * factor
	}
	return math.Round(sum/float64(n)*1000) / 10
}
