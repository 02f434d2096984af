// Package benchkit holds what the benchmarks of several packages share ('make bench'): the
// size of the generated workspace, the scale demo itself, and the quantiles of timed runs.
// Benchmarks report figures; they assert nothing about time.
package benchkit

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

// Factor is SMSWB_BENCH_SCALE (1 when unset): 1 is the size each issue names (100,000
// incidents), 0.1 a tenth of it for a quick run.
func Factor() float64 {
	var f float64
	if _, err := fmt.Sscan(os.Getenv("SMSWB_BENCH_SCALE"), &f); err == nil && f > 0 {
		return f
	}
	return 1
}

// Scale is the demo's scale for Factor: 100 at 1.
func Scale() int { return max(1, int(100*Factor())) }

// Now is the date the scale demo is filled at.
var Now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// Workspace is a copy of SMSWB_BENCH_WORKSPACE (a workspace made once with 'smsworkbench --db
// FILE init --demo --scale 100'), or the demo filled at Scale (reported as s-demo-fill, about
// ten minutes at scale 100) with its clock left at Now. It is closed when the benchmark ends.
func Workspace(b *testing.B) *store.Store {
	path := filepath.Join(b.TempDir(), "bench.smswb")
	if from := os.Getenv("SMSWB_BENCH_WORKSPACE"); from != "" {
		if err := copyFile(from, path); err != nil {
			b.Fatal(err)
		}
		return open(b, path, store.Options{Author: "bench"})
	}
	s := open(b, path, store.Options{Create: true, Author: "bench"})
	start := time.Now()
	if err := demo.Fill(context.Background(), s, Now, demo.Options{Seed: 1, Scale: Scale()}); err != nil {
		b.Fatal(err)
	}
	s.Optimize()
	s.SetClock(func() time.Time { return Now })
	Target(b, time.Since(start).Seconds(), "s-demo-fill", 90*Factor()) // 90 s at scale 100
	return s
}

func open(b *testing.B, path string, opt store.Options) *store.Store {
	s, err := store.Open(path, opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// Durations runs f n times and returns the times taken, shortest first.
func Durations(n int, f func()) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		t := time.Now()
		f()
		out[i] = time.Since(t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Ms is the q quantile (0.5: the median) of sorted durations, in milliseconds.
func Ms(sorted []time.Duration, q float64) float64 {
	return float64(sorted[int(q*float64(len(sorted)-1))].Microseconds()) / 1000
}

// PeakHeap runs f and returns its time and the highest Go heap in use while it ran, sampled
// every 20 ms.
func PeakHeap(f func()) (time.Duration, uint64) {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak.Store(max(peak.Load(), m.HeapInuse))
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	f()
	took := time.Since(start)
	close(stop)
	<-done
	return took, peak.Load()
}

// Target reports a figure and prints it beside its target (at most target, in the same unit),
// so that 'make bench' shows each issue's figures and whether they were met. It asserts
// nothing: speed depends on the machine.
func Target(b *testing.B, value float64, unit string, target float64) {
	b.Helper()
	b.ReportMetric(value, unit)
	verdict := "met"
	if value > target {
		verdict = "MISSED"
	}
	b.Logf("%-26s %10.3g   target ≤ %-8.3g %s", unit, value, target, verdict)
}
