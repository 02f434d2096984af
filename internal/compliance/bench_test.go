package compliance_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

// BenchmarkSuggest measures `assess suggest` for every clause on the scale demo (target: under
// 500 ms). Like the registers' benchmarks (internal/reports), it fills the demo at scale 100
// (SMSWB_BENCH_SCALE=0.1 gives a tenth), or reads SMSWB_BENCH_WORKSPACE, a workspace made once
// with 'smsworkbench --db FILE init --demo --scale 100' (copied first: the benchmark writes an
// assessment into it).
func BenchmarkSuggest(b *testing.B) {
	ctx := context.Background()
	s := benchWorkspace(b)
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
		if len(sg) != 62 {
			b.Fatalf("%d clauses suggested, want 62", len(sg))
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

func benchScale() int {
	var f float64
	if _, err := fmt.Sscan(os.Getenv("SMSWB_BENCH_SCALE"), &f); err == nil && f > 0 {
		return max(1, int(100*f))
	}
	return 100
}

func benchWorkspace(b *testing.B) *store.Store {
	path := filepath.Join(b.TempDir(), "bench.smswb")
	if from := os.Getenv("SMSWB_BENCH_WORKSPACE"); from != "" {
		data, err := os.ReadFile(from)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			b.Fatal(err)
		}
		s, err := store.Open(path, store.Options{Author: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	s, err := store.Open(path, store.Options{Create: true, Author: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	if err := demo.Fill(context.Background(), s, now, demo.Options{Seed: 1, Scale: benchScale()}); err != nil {
		b.Fatal(err)
	}
	s.Optimize()
	return s
}
