package auditpack

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// The benchmarks of the audit pack issue ('make bench'). They report figures and assert
// nothing about time:
//
//   - demo-pack-ms: both files of the demo's pack (target under 2 s);
//   - on the scale demo (SMSWB_BENCH_SCALE, 100 by default: 100,000 incidents; or a workspace
//     made once with 'smsworkbench --db FILE init --demo --scale 100' through
//     SMSWB_BENCH_WORKSPACE), the incident sheet written by the pack (reading the register,
//     making the cells, the table, its validations) against a bare excelize StreamWriter
//     writing the same cells, prepared beforehand, in the same run (target within 1.5x), and the
//     peak Go heap while the pack's sheet is written (target under 300 MB);
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
	cols := sheets.RegisterColumns(k)
	var packRows int
	packSheet := func() {
		f := excelize.NewFile()
		xb, err := sheets.NewBook(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range cols {
			xb.PlanList(c.List)
		}
		if err := xb.WriteLists(); err != nil {
			b.Fatal(err)
		}
		if packRows, err = sheets.WriteRegister(bg, xb, s, k, "Incidents", store.Query{}); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	// The peak heap of the pack's sheet, before the baseline's cells are prepared in memory.
	_, packHeap := benchkit.PeakHeap(packSheet)

	// The baseline: a bare StreamWriter writing the same cells, prepared beforehand (not timed),
	// so it does no reading of the workspace at all.
	styles, err := sheets.NewBook(excelize.NewFile())
	if err != nil {
		b.Fatal(err)
	}
	var prepared [][]any
	if err := s.Each(bg, "incident", store.Query{}, func(r *store.Record) error {
		prepared = append(prepared, styles.RegisterRow(nil, r, cols))
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	bareSheet := func() {
		f := excelize.NewFile()
		if _, err := sheets.NewBook(f); err != nil { // the same cell styles
			b.Fatal(err)
		}
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
		for i, row := range prepared {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	// Three runs of each, interleaved, so a change in the host's speed falls on both.
	var packTimes, bareTimes []time.Duration
	for range 3 {
		packTimes = append(packTimes, benchkit.Durations(1, packSheet)...)
		bareTimes = append(bareTimes, benchkit.Durations(1, bareSheet)...)
	}
	prepared = nil
	sort.Slice(packTimes, func(i, j int) bool { return packTimes[i] < packTimes[j] })
	sort.Slice(bareTimes, func(i, j int) bool { return bareTimes[i] < bareTimes[j] })
	if packRows != incidents {
		b.Fatalf("the incident sheet has %d rows for %d incidents", packRows, incidents)
	}
	b.ReportMetric(float64(incidents), "incidents")
	b.ReportMetric(benchkit.Ms(packTimes, 0.5), "incident-sheet-ms")
	b.ReportMetric(benchkit.Ms(bareTimes, 0.5), "bare-streamwriter-ms")
	b.ReportMetric(benchkit.Ms(packTimes, 0.5)/benchkit.Ms(bareTimes, 0.5), "sheet/bare")
	b.ReportMetric(float64(packHeap)/(1<<20), "sheet-peak-heap-MB")

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
