package compliance_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
)

// BenchmarkSuggest measures `assess suggest` for every clause on the scale demo (target: under
// 500 ms). Like the registers' benchmarks (internal/reports), it fills the demo at scale 100
// (SMSWB_BENCH_SCALE=0.1 gives a tenth), or reads SMSWB_BENCH_WORKSPACE, a workspace made once
// with 'smsworkbench --db FILE init --demo --scale 100' (copied first: the benchmark writes an
// assessment into it).
func BenchmarkSuggest(b *testing.B) {
	ctx := context.Background()
	s := benchkit.Workspace(b)
	defer s.Close()
	n, _ := s.Count("incident")
	b.ReportMetric(float64(n), "incidents")
	wb := compliance.New(s)
	a, err := wb.Create(ctx, compliance.NewInput{Title: "Benchmark assessment"})
	if err != nil {
		b.Fatal(err)
	}
	var runs []time.Duration
	gaps := 0
	for range 10 {
		start := time.Now()
		sg, err := wb.Suggest(ctx, a.Ref, "")
		if err != nil {
			b.Fatal(err)
		}
		runs = append(runs, time.Since(start))
		gaps = 0
		for _, c := range sg {
			gaps += c.Gaps
		}
		if want := len(catalogue.AssessedClauses()); len(sg) != want { // every clause that holds a requirement
			b.Fatalf("%d clauses suggested, want %d", len(sg), want)
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
	b.ReportMetric(float64(runs[len(runs)/2].Microseconds())/1000, "ms-suggest-all-median")
	b.ReportMetric(float64(runs[len(runs)-1].Microseconds())/1000, "ms-suggest-all-max")
	b.ReportMetric(float64(gaps), "gaps")

	var show []time.Duration
	for range 10 {
		start := time.Now()
		if _, err := wb.Readiness(ctx, a.Ref); err != nil {
			b.Fatal(err)
		}
		show = append(show, time.Since(start))
	}
	sort.Slice(show, func(i, j int) bool { return show[i] < show[j] })
	b.ReportMetric(float64(show[len(show)/2].Microseconds())/1000, "ms-readiness-median")
}
