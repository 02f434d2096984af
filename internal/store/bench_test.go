package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

// The benchmarks of the foundation issue, on a generated workspace of 100,000 incidents, 20,000
// CIs and 200 services (smaller with SMSWB_BENCH_SCALE=0.1). Run them with 'make bench'. They
// report figures; they assert nothing about time.

func BenchmarkFoundation(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	size := demo.Size{Services: 200, CIs: int(20000 * benchkit.Factor()), Incidents: int(100000 * benchkit.Factor())}
	const batch = 1000

	s, err := store.Open(filepath.Join(dir, "bench.smswb"), store.Options{Create: true, Author: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// Services and CIs first, then the timed incidents.
	if err := demo.Generate(ctx, s, demo.Size{Services: size.Services, CIs: size.CIs}, 1, batch); err != nil {
		b.Fatal(err)
	}
	svcIDs, ciIDs := ids(b, s, "service"), ids(b, s, "ci")
	rows := demo.IncidentRows(rand.New(rand.NewPCG(3, 3)), size.Incidents, svcIDs, ciIDs, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))

	b.ResetTimer()
	start := time.Now()
	for done := 0; done < len(rows); done += batch {
		err := s.Write(ctx, func(t *store.Tx) error {
			for _, in := range rows[done:min(done+batch, len(rows))] {
				if _, err := t.Create("incident", in, store.Change{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	engine := time.Since(start)
	b.StopTimer()

	bare := bareInsert(b, filepath.Join(dir, "bare.sqlite"), rows, batch)

	// A real register is mostly closed work: resolve and close nine in ten, as people would.
	closeMost(b, s, batch)
	s.Optimize() // as the app does after an import and at every close
	perEngine := float64(engine.Microseconds()) / float64(len(rows))
	perBare := float64(bare.Microseconds()) / float64(len(rows))
	b.ReportMetric(perEngine, "µs/incident-engine")
	b.ReportMetric(perBare, "µs/incident-bare")
	benchkit.Target(b, perEngine/perBare, "engine/bare", 6)

	// List one page of 50 with a filter and a sort.
	rng := rand.New(rand.NewPCG(5, 5))
	listRuns := benchkit.Durations(200, func() {
		q := store.Query{Where: []store.Filter{{Field: "service", Op: "=", Value: svcIDs[rng.IntN(len(svcIDs))]}}, Sort: "-opened_at", Limit: 50}
		if _, err := s.List(ctx, "incident", q); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(listRuns, 0.5), "ms-list-median")
	benchkit.Target(b, benchkit.Ms(listRuns, 0.95), "ms-list-p95", 10)
	prioRuns := benchkit.Durations(200, func() {
		q := store.Query{Where: []store.Filter{{Field: "priority", Op: "=", Value: fmt.Sprint(1 + rng.IntN(5))}, {Field: "status", Op: "=", Value: "new"}}, // open work of one priority
			Sort: "-opened_at", Limit: 50, Offset: 50 * rng.IntN(5)}
		if _, err := s.List(ctx, "incident", q); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(prioRuns, 0.5), "ms-list-priority-median")
	b.ReportMetric(benchkit.Ms(prioRuns, 0.95), "ms-list-priority-p95")

	// Full-text search across every kind: one or two words, as people type them.
	words := demo.Words()
	searchRuns := benchkit.Durations(200, func() {
		text := words[rng.IntN(len(words))]
		if rng.IntN(2) == 0 {
			text += " " + words[rng.IntN(len(words))][:3]
		}
		if _, err := s.Search(ctx, text, 50); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(searchRuns, 0.5), "ms-search-median")
	benchkit.Target(b, benchkit.Ms(searchRuns, 0.95), "ms-search-p95", 20)

	// File size per 1,000 incidents: the whole workspace after a checkpoint, less the same
	// workspace's size before the incidents went in is not known here, so the CIs and services
	// are counted in; they are under a fifth of the records.
	store.RawDB(s).Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	fi, _ := os.Stat(s.Path())
	b.ReportMetric(float64(fi.Size())/float64(len(rows))*1000/1e6, "MB/1000-incidents")
	b.ReportMetric(float64(fi.Size())/1e6, "MB-workspace")

	// Opening checks the file (a quick_check up to 256 MB, the structure beyond); a backup and a
	// bundle export read every page first (integrity_check).
	openRuns := benchkit.Durations(5, func() {
		again, err := store.Open(s.Path(), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		again.Close()
	})
	b.ReportMetric(benchkit.Ms(openRuns, 0.5), "ms-open")
	checkRuns := benchkit.Durations(3, func() {
		if err := s.CheckIntegrity(ctx); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(benchkit.Ms(checkRuns, 0.5), "ms-integrity-check")
}

func closeMost(b *testing.B, s *store.Store, batch int) {
	ctx := context.Background()
	all := ids(b, s, "incident")
	for done := 0; done < len(all); done += batch {
		err := s.Write(ctx, func(t *store.Tx) error {
			for i, id := range all[done:min(done+batch, len(all))] {
				if (done+i)%10 == 0 {
					continue
				}
				if _, err := t.Update("incident", id, map[string]any{"resolution": "Fixed."}, store.Change{}); err != nil {
					return err
				}
				for _, st := range []string{"resolved", "closed"} {
					if _, err := t.Move("incident", id, st, store.Change{}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func ids(b *testing.B, s *store.Store, kind string) []string {
	p, err := s.List(context.Background(), kind, store.Query{Limit: -1})
	if err != nil {
		b.Fatal(err)
	}
	out := make([]string, len(p.Records))
	for i, r := range p.Records {
		out[i] = r.ID
	}
	return out
}

// bareInsert writes the same incidents into a plain table with the same driver and pragmas:
// the floor the engine is compared with.
func bareInsert(b *testing.B, path string, rows []map[string]any, batch int) time.Duration {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cols := []string{"title", "description", "service", "ci", "impact", "urgency", "reporter", "assignee", "category", "opened_at"}
	if _, err := db.Exec("CREATE TABLE incidents(n INTEGER PRIMARY KEY, " + strings.Join(cols, ", ") + ")"); err != nil {
		b.Fatal(err)
	}
	q := "INSERT INTO incidents(" + strings.Join(cols, ", ") + ") VALUES(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	start := time.Now()
	for done := 0; done < len(rows); done += batch {
		tx, _ := db.Begin()
		st, _ := tx.Prepare(q)
		for _, in := range rows[done:min(done+batch, len(rows))] {
			args := make([]any, len(cols))
			for i, c := range cols {
				args[i] = in[c]
			}
			if _, err := st.Exec(args...); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}
