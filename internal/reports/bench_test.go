package reports_test

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/cmdb"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/store"
)

// The benchmarks of the registers issue, on the demo at scale 100: about 100,000 incidents,
// 50,000 CIs and 150,000 relationships (SMSWB_BENCH_SCALE=0.1 gives a tenth). Run them with
// 'make bench'. They report figures; they assert nothing about time. Filling the demo at scale
// 100 takes about ten minutes: SMSWB_BENCH_WORKSPACE=FILE measures a workspace made once with
// 'smsworkbench --db FILE init --demo --scale 100' instead (its records are only read).

func BenchmarkRegisters(b *testing.B) {
	ctx := context.Background()
	s := benchkit.Workspace(b)
	defer s.Close()
	for _, kind := range []string{"incident", "request", "ci", "cirel", "cost"} {
		n, _ := s.Count(kind)
		b.ReportMetric(float64(n), kind+"s")
	}

	slaRuns := benchkit.Durations(20, func() {
		if _, err := reports.SLAReport(ctx, s, reports.SLAOptions{}); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(slaRuns, 0.5), "ms-sla-report-median")
	b.ReportMetric(benchkit.Ms(slaRuns, 0.95), "ms-sla-report-p95")

	core, reached := coreCI(b, s)
	impactRuns := benchkit.Durations(50, func() {
		if _, err := cmdb.Impact(ctx, s, core); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(reached), "cis-affected-by-core-ci")
	b.ReportMetric(benchkit.Ms(impactRuns, 0.5), "ms-impact-median")
	b.ReportMetric(benchkit.Ms(impactRuns, 0.95), "ms-impact-p95")
	// The first impact after the CMDB changed (here: after opening) builds the graph anew.
	coldRuns := make([]time.Duration, 5)
	for i := range coldRuns {
		fresh, err := store.Open(s.Path(), store.Options{Author: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		coldRuns[i] = benchkit.Durations(1, func() {
			if _, err := cmdb.Impact(ctx, fresh, core); err != nil {
				b.Fatal(err)
			}
		})[0]
		fresh.Close()
	}
	sort.Slice(coldRuns, func(i, j int) bool { return coldRuns[i] < coldRuns[j] })
	b.ReportMetric(benchkit.Ms(coldRuns, 0.5), "ms-impact-after-cmdb-change-median")

	budgetRuns := benchkit.Durations(50, func() {
		if _, err := reports.BudgetReport(ctx, s, ""); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(budgetRuns, 0.5), "ms-budget-report-median")
	b.ReportMetric(benchkit.Ms(budgetRuns, 0.95), "ms-budget-report-p95")

	// Writing an SLA computes again every ticket of its service, closed ones included: an SLA
	// applies to the history of its validity (the busiest service's SLA here).
	bySLA, err := s.Aggregate(ctx, "incident", store.Aggregate{By: []string{"sla"}, Where: []store.Filter{{Field: "sla", Op: "!=", Value: ""}}})
	if err != nil || len(bySLA) == 0 {
		b.Fatal("no incident has an SLA", err)
	}
	busiest := slices.MaxFunc(bySLA, func(a, b store.Group) int { return cmp.Compare(a.Count, b.Count) })
	sla, tickets := busiest.Text(0), busiest.Count
	day := 0
	editRuns := benchkit.Durations(5, func() {
		day++
		if _, err := s.Update(ctx, "sla", sla, map[string]any{"review_due": benchkit.Now.AddDate(1, 0, day).Format("2006-01-02")}, store.Change{}); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(tickets), "incidents-of-the-edited-sla")
	b.ReportMetric(benchkit.Ms(editRuns, 0.5), "ms-sla-review-date-edit-median")
	// Its targets: every ticket of the service computed again (a closed one keeps the targets
	// of its closing when the SLA had them then, so few values move).
	rec, err := s.Get(ctx, "sla", sla)
	if err != nil {
		b.Fatal(err)
	}
	targets := rec.Values["targets"]
	targetRuns := benchkit.Durations(1, func() {
		if _, err := s.Update(ctx, "sla", sla, map[string]any{"targets": targets, "holidays": []any{map[string]any{"date": "2027-01-01", "name": "New Year"}}}, store.Change{}); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(targetRuns, 0.5)/1000, "s-sla-calendar-edit")
	// A new version of the tickets' rules computes every ticket again, once, when the workspace
	// is next opened for writing.
	upgrade := benchkit.Durations(1, func() {
		for _, kind := range []string{"incident", "request"} {
			if err := s.Recompute(ctx, kind); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(benchkit.Ms(upgrade, 0.5)/1000, "s-tickets-rules-upgrade")
}

// coreCI is the CI whose failure reaches the most CIs among those with the most direct
// dependants: a hypervisor host, a core switch, a SAN.
func coreCI(b *testing.B, s *store.Store) (string, int) {
	ctx := context.Background()
	groups, err := s.Aggregate(ctx, "cirel", store.Aggregate{By: []string{"to"}, Where: []store.Filter{store.In("type", "depends_on", "runs_on")}})
	if err != nil {
		b.Fatal(err)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].Count > groups[j].Count })
	best, most := "", -1
	for _, g := range groups[:min(10, len(groups))] {
		ci, err := s.Get(ctx, "ci", g.Text(0))
		if err != nil {
			continue // a relationship to a CI deleted since
		}
		ref := ci.Ref
		res, err := cmdb.Impact(ctx, s, ref)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.CIs) > most {
			best, most = ref, len(res.CIs)
		}
	}
	if best == "" {
		b.Fatal("the demo CMDB has no relationships")
	}
	return best, most
}
