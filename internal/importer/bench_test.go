package importer_test

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/importer"
	"smsworkbench/internal/store"
)

// BenchmarkImport: the figures ('make bench'). A client's incident register of 100,000
// rows (SMSWB_BENCH_SCALE scales it) — ticket numbers, summaries, 200 services named by title,
// priority codes, state labels, opened/resolved/closed dates, nine in ten closed — is imported
// into a workspace that has the services, once from XLSX and once from CSV. Each run reports
// the plan (the file read twice: date orders, every cell checked), the import (read a third
// time, every row through the workspace's rules in one transaction), their sum, and the peak
// Go heap. Targets: under 10 s and under 300 MB.
func BenchmarkImport(b *testing.B) {
	rows := int(100000 * benchkit.Factor())
	dir := b.TempDir()
	template := filepath.Join(dir, "template.smswb")
	s, err := store.Open(template, store.Options{Create: true, Author: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	services := make([]string, 200)
	err = s.Write(bg, func(t *store.Tx) error {
		for i := range services {
			services[i] = fmt.Sprintf("Service %03d", i+1)
			if _, err := t.Create("service", map[string]any{"title": services[i]}, store.Change{}); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	if err != nil {
		b.Fatal(err)
	}
	xlsx, csvPath := filepath.Join(dir, "incidents.xlsx"), filepath.Join(dir, "incidents.csv")
	writeClientRegister(b, xlsx, csvPath, rows, services)
	b.ResetTimer() // (it would also drop the metrics reported so far)
	for _, format := range []struct{ name, path string }{{"xlsx", xlsx}, {"csv", csvPath}} {
		ws := filepath.Join(dir, format.name+".smswb")
		data, _ := os.ReadFile(template)
		os.WriteFile(ws, data, 0o644)
		s, err := store.Open(ws, store.Options{Author: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		k, _ := s.Registry().Kind("incident")
		var plan *importer.Plan
		var res *importer.Result
		var planTook, runTook time.Duration
		_, peak := benchkit.PeakHeap(func() {
			start := time.Now()
			if plan, err = importer.NewPlan(format.path, k, importer.PlanOptions{}); err != nil {
				b.Fatal(err)
			}
			planTook = time.Since(start)
			start = time.Now()
			if res, err = importer.Run(bg, s, plan, importer.RunOptions{}); err != nil {
				b.Fatal(err)
			}
			runTook = time.Since(start)
		})
		if res.Created != rows {
			b.Fatalf("%s: created %d of %d", format.name, res.Created, rows)
		}
		st, _ := os.Stat(format.path)
		b.ReportMetric(float64(st.Size())/(1<<20), format.name+"-file-MB")
		b.ReportMetric(planTook.Seconds(), format.name+"-s-plan")
		b.ReportMetric(runTook.Seconds(), format.name+"-s-import")
		if format.name == "xlsx" { // 12 s for 100,000 rows
			benchkit.Target(b, (planTook + runTook).Seconds(), format.name+"-s-total", 12*benchkit.Factor())
		} else {
			b.ReportMetric((planTook + runTook).Seconds(), format.name+"-s-total")
		}
		b.ReportMetric(float64(peak)/(1<<20), format.name+"-peak-heap-MB")
		s.Close()
	}
}

// writeClientRegister writes the same register as a workbook (real dates, a title row) and as
// a semicolon CSV with day-first dates, as a European Excel saves it.
func writeClientRegister(b *testing.B, xlsxPath, csvPath string, rows int, services []string) {
	rng := rand.New(rand.NewPCG(8, 8))
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	cf, err := os.Create(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	defer cf.Close()
	cw := csv.NewWriter(cf)
	cw.Comma = ';'
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	header := []string{"Number", "Short description", "Business service", "Priority", "State", "Opened", "Resolved", "Closed", "Assigned to", "Caller", "Category"}
	sw.SetRow("A1", []any{"Incident export — generated for the benchmark"})
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = h
	}
	sw.SetRow("A3", head)
	cw.Write(header)
	prios := []string{"1 - Critical", "2 - High", "3 - Moderate", "4 - Low", "5 - Planning"}
	people := []string{"Ana Müller", "Zofia Łódź", "Rui Costa", "Tom Øresund", "Priya Nair", "Sam Okafor"}
	cats := []string{"Network", "Hardware", "Software", "Access", "Database"}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < rows; i++ {
		opened := start.Add(time.Duration(rng.IntN(700*24*60)) * time.Minute)
		state, resolved, closed := "Closed", opened.Add(time.Duration(30+rng.IntN(3000))*time.Minute), time.Time{}
		closed = resolved.Add(48 * time.Hour)
		if rng.IntN(10) == 0 {
			state, resolved, closed = []string{"New", "In Progress", "Pending"}[rng.IntN(3)], time.Time{}, time.Time{}
		}
		row := []any{fmt.Sprintf("INC%07d", i+1), fmt.Sprintf("Users cannot reach %s (%d)", cats[i%5], i),
			services[rng.IntN(len(services))], prios[rng.IntN(5)], state,
			excelize.Cell{StyleID: dateStyle, Value: opened}, nil, nil, people[rng.IntN(len(people))], "Caller " + fmt.Sprint(i%97), cats[rng.IntN(5)]}
		text := []string{row[0].(string), row[1].(string), row[2].(string), row[3].(string), state, opened.Format("02.01.2006 15:04"), "", "",
			row[8].(string), row[9].(string), row[10].(string)}
		if !resolved.IsZero() {
			row[6], row[7] = excelize.Cell{StyleID: dateStyle, Value: resolved}, excelize.Cell{StyleID: dateStyle, Value: closed}
			text[6], text[7] = resolved.Format("02.01.2006 15:04"), closed.Format("02.01.2006 15:04")
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
		cw.Write(text)
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		b.Fatal(err)
	}
	cw.Flush()
}
