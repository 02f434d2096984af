package auditpack

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/store"
)

// The benchmarks of the audit pack issue ('make bench'). They report figures and assert
// nothing about time:
//
//   - demo-pack-ms: both files of the demo's pack (target under 2 s);
//   - on the scale demo (SMSWB_BENCH_SCALE, 100 by default: 100,000 incidents; or a workspace
//     made once with 'smsworkbench --db FILE init --demo --scale 100' through
//     SMSWB_BENCH_WORKSPACE), the incident sheet written by the pack against a bare excelize
//     StreamWriter writing the same cells in the same run (target within 1.5x), with the peak
//     Go heap while each runs (target under 300 MB);
//   - a PDF of more than 100 pages (the scale demo's pack with a long findings section).

func BenchmarkAuditPack(b *testing.B) {
	dir := b.TempDir()
	demoWS := demoStore(b)
	pack := benchkit.Durations(5, func() {
		if _, err := Write(bg, demoWS, Options{}, Files{PDF: filepath.Join(dir, "demo.pdf"), XLSX: filepath.Join(dir, "demo.xlsx")}, nil); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(pack, 0.5), "demo-pack-ms")

	s := benchkit.Workspace(b)
	k, _ := s.Registry().Kind("incident")
	incidents, _ := s.Count("incident")
	var packRows int
	packSheet, packHeap := withPeakHeap(func() {
		f := excelize.NewFile()
		xb, err := newXLBook(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range registerColumns(k) {
			xb.planList(c.List)
		}
		if err := xb.writeLists(); err != nil {
			b.Fatal(err)
		}
		if packRows, err = writeRegisterSheet(bg, xb, s, k, "Incidents"); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	})
	bareSheet, bareHeap := withPeakHeap(func() {
		f := excelize.NewFile()
		xb, err := newXLBook(f) // for the same cell styles
		if err != nil {
			b.Fatal(err)
		}
		cols := registerColumns(k)
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		header := make([]any, len(cols))
		for i, c := range cols {
			header[i] = c.Header
		}
		if err := sw.SetRow("A1", header); err != nil {
			b.Fatal(err)
		}
		n := 1
		var row []any
		err = s.Each(bg, "incident", store.Query{}, func(r *store.Record) error {
			n++
			row = xb.registerRow(row[:0], r, cols)
			cell, _ := excelize.CoordinatesToCellName(1, n)
			return sw.SetRow(cell, row)
		})
		if err == nil {
			err = sw.Flush()
		}
		if err == nil {
			err = f.Write(io.Discard)
		}
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	})
	if packRows != incidents {
		b.Fatalf("the incident sheet has %d rows for %d incidents", packRows, incidents)
	}
	b.ReportMetric(float64(incidents), "incidents")
	b.ReportMetric(float64(packSheet.Milliseconds()), "incident-sheet-ms")
	b.ReportMetric(float64(bareSheet.Milliseconds()), "bare-streamwriter-ms")
	b.ReportMetric(float64(packSheet)/float64(bareSheet), "sheet/bare")
	b.ReportMetric(float64(packHeap)/(1<<20), "sheet-peak-heap-MB")
	b.ReportMetric(float64(bareHeap)/(1<<20), "bare-peak-heap-MB")

	// A PDF of more than 100 pages: the scale demo's pack, its findings section made long by
	// repeating its findings (as an engagement with many audits has).
	p, err := Gather(bg, s, Options{})
	if err != nil {
		b.Fatal(err)
	}
	base := p.Findings
	if len(base) == 0 {
		base = []FindingRow{{Ref: "FND-00001", Title: "Finding", Grade: "minor", Clause: "8.1", Description: "A finding of the benchmark.", Status: "open"}}
	}
	for i := 0; len(p.Findings) < 2500; i++ {
		f := base[i%len(base)]
		f.Ref = fmt.Sprintf("FND-%05d", 90000+i)
		p.Findings = append(p.Findings, f)
	}
	var pages int
	pdf := benchkit.Durations(3, func() {
		if _, pages, err = renderPDF(p); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(pages), "long-pdf-pages")
	b.ReportMetric(benchkit.Ms(pdf, 0.5), "long-pdf-ms")
}

// withPeakHeap runs f and returns its time and the highest Go heap in use while it ran.
func withPeakHeap(f func()) (time.Duration, uint64) {
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
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
	return took, peak
}
