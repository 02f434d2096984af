package reports_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"smsworkbench/internal/cmdb"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/store"
)

// The benchmarks of the registers issue, on the demo at scale 100: about 100,000 incidents,
// 50,000 CIs and 150,000 relationships (SMSWB_BENCH_SCALE=0.1 gives a tenth). Run them with
// 'make bench'. They report figures; they assert nothing about time. Filling the demo at scale
// 100 takes about ten minutes: SMSWB_BENCH_WORKSPACE=FILE measures a workspace made once with
// 'smsworkbench --db FILE init --demo --scale 100' instead (its records are only read).

func benchScale() int {
	var f float64
	if _, err := fmt.Sscan(os.Getenv("SMSWB_BENCH_SCALE"), &f); err == nil && f > 0 {
		return max(1, int(100*f))
	}
	return 100
}

func BenchmarkRegisters(b *testing.B) {
	ctx := context.Background()
	s := benchWorkspace(b)
	defer s.Close()
	for _, kind := range []string{"incident", "request", "ci", "cirel", "cost"} {
		n, _ := s.Count(kind)
		b.ReportMetric(float64(n), kind+"s")
	}

	slaRuns := durations(20, func() {
		if _, err := reports.SLAReport(ctx, s, reports.SLAOptions{}); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(ms(slaRuns, 0.5), "ms-sla-report-median")
	b.ReportMetric(ms(slaRuns, 0.95), "ms-sla-report-p95")

	core, reached := coreCI(b, s)
	impactRuns := durations(50, func() {
		if _, err := cmdb.Impact(ctx, s, core); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(reached), "cis-affected-by-core-ci")
	b.ReportMetric(ms(impactRuns, 0.5), "ms-impact-median")
	b.ReportMetric(ms(impactRuns, 0.95), "ms-impact-p95")
	// The first impact after the CMDB changed (here: after opening) builds the graph anew.
	coldRuns := make([]time.Duration, 5)
	for i := range coldRuns {
		fresh, err := store.Open(s.Path(), store.Options{Author: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		coldRuns[i] = durations(1, func() {
			if _, err := cmdb.Impact(ctx, fresh, core); err != nil {
				b.Fatal(err)
			}
		})[0]
		fresh.Close()
	}
	sort.Slice(coldRuns, func(i, j int) bool { return coldRuns[i] < coldRuns[j] })
	b.ReportMetric(ms(coldRuns, 0.5), "ms-impact-after-cmdb-change-median")

	budgetRuns := durations(50, func() {
		if _, err := reports.BudgetReport(ctx, s, ""); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(ms(budgetRuns, 0.5), "ms-budget-report-median")
	b.ReportMetric(ms(budgetRuns, 0.95), "ms-budget-report-p95")
}

// benchWorkspace opens SMSWB_BENCH_WORKSPACE, or fills a new demo workspace and reports how long
// that took.
func benchWorkspace(b *testing.B) *store.Store {
	if path := os.Getenv("SMSWB_BENCH_WORKSPACE"); path != "" {
		s, err := store.Open(path, store.Options{Author: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	s, err := store.Open(filepath.Join(b.TempDir(), "bench.smswb"), store.Options{Create: true, Author: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	if err := demo.Fill(context.Background(), s, now, demo.Options{Seed: 1, Scale: benchScale()}); err != nil {
		b.Fatal(err)
	}
	s.Optimize()
	b.ReportMetric(time.Since(start).Seconds(), "s-demo-fill")
	return s
}

// coreCI is the CI whose failure reaches the most CIs among those with the most direct
// dependants: a hypervisor host, a core switch, a SAN.
func coreCI(b *testing.B, s *store.Store) (string, int) {
	rows, err := s.DB().Query(`SELECT c.ref FROM r_cirel r JOIN records rec ON rec.id = r."to" JOIN r_ci c ON c.n = rec.n
		WHERE r."type" IN ('depends_on', 'runs_on') GROUP BY r."to" ORDER BY count(*) DESC LIMIT 10`)
	if err != nil {
		b.Fatal(err)
	}
	var refs []string
	for rows.Next() {
		var ref string
		rows.Scan(&ref)
		refs = append(refs, ref)
	}
	rows.Close()
	best, most := "", -1
	for _, ref := range refs {
		res, err := cmdb.Impact(context.Background(), s, ref)
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

func durations(n int, f func()) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		t := time.Now()
		f()
		out[i] = time.Since(t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func ms(sorted []time.Duration, q float64) float64 {
	return float64(sorted[int(q*float64(len(sorted)-1))].Microseconds()) / 1000
}
