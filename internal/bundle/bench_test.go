package bundle

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smsworkbench/internal/benchkit"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

// The benchmarks of sync by bundles, on a generated workspace of 100,000 incidents, 20,000 CIs
// and 200 services (smaller with SMSWB_BENCH_SCALE=0.1). Run them with 'make bench'. They report
// figures; they assert nothing about time.

func BenchmarkSync(b *testing.B) {
	dir := b.TempDir()
	open := func(name string) *store.Store {
		s, err := store.Open(filepath.Join(dir, name+".smswb"), store.Options{Create: true, Author: name})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	a := open("a")
	defer a.Close()
	size := demo.Size{Services: 200, CIs: int(20000 * benchkit.Factor()), Incidents: int(100000 * benchkit.Factor())}
	if err := demo.Generate(bg, a, size, 1, 1000); err != nil {
		b.Fatal(err)
	}
	keys := Keys{Passphrase: "a long team passphrase"}
	b.ResetTimer()

	// Full bundle: export from A, import into an empty B.
	full := filepath.Join(dir, "full"+Ext)
	start := time.Now()
	m, err := Export(bg, a, full, ExportOptions{Keys: keys})
	if err != nil {
		b.Fatal(err)
	}
	exportTime := time.Since(start)
	st, _ := os.Stat(full)
	bb := open("b")
	defer bb.Close()
	start = time.Now()
	r, err := Open(full, keys)
	if err != nil {
		b.Fatal(err)
	}
	opened := time.Since(start)
	if _, err := importReader(bg, bb, r, ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	r.Close()
	importTime := time.Since(start)
	storeTime := importTime - opened
	bare := bareOps(b, filepath.Join(dir, "bare.sqlite"), a)

	// B answers, so that A knows what B holds; then 100 edits at A and the delta for B.
	answer := filepath.Join(dir, "answer"+Ext)
	if _, err := Export(bg, bb, answer, ExportOptions{Keys: keys, For: a.Site().ID}); err != nil {
		b.Fatal(err)
	}
	if _, err := Import(bg, a, answer, ImportOptions{Keys: keys}); err != nil {
		b.Fatal(err)
	}
	page, err := a.List(bg, "incident", store.Query{Limit: 100})
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	for i, r := range page.Records {
		if _, err := a.Update(bg, "incident", r.ID, map[string]any{"title": fmt.Sprintf("Edited at the client %d", i)}, store.Change{}); err != nil {
			b.Fatal(err)
		}
	}
	localEdits := time.Since(start)
	// The delta is encrypted to an age key: a passphrase's scrypt costs about a second by
	// design, on both sides, whatever the bundle's size; that cost is reported on its own.
	x := testKeys()
	delta := filepath.Join(dir, "delta"+Ext)
	start = time.Now()
	dm, err := Export(bg, a, delta, ExportOptions{Keys: Keys{Recipients: x.Recipients}, For: bb.Site().ID})
	if err != nil {
		b.Fatal(err)
	}
	deltaExport := time.Since(start)
	ds, _ := os.Stat(delta)
	start = time.Now()
	rep, err := Import(bg, bb, delta, ImportOptions{Keys: Keys{Identities: x.Identities}})
	if err != nil {
		b.Fatal(err)
	}
	deltaImport := time.Since(start)
	if dm.Counts.Ops != 100 || rep.OpsNew != 100 {
		b.Fatalf("the delta holds %d ops, imported %d; want 100", dm.Counts.Ops, rep.OpsNew)
	}
	b.StopTimer()

	b.ReportMetric(float64(m.Counts.Ops), "ops-full")
	b.ReportMetric(float64(st.Size())/1e6, "MB-full-bundle")
	b.ReportMetric(exportTime.Seconds(), "s-full-export")
	b.ReportMetric(importTime.Seconds(), "s-full-import")
	b.ReportMetric(bare.Seconds(), "s-bare-insert")
	b.ReportMetric(opened.Seconds(), "s-full-decrypt-check")
	b.ReportMetric(storeTime.Seconds(), "s-full-import-store")
	benchkit.Target(b, storeTime.Seconds()/bare.Seconds(), "import-store/bare", 4)
	b.ReportMetric(importTime.Seconds()/bare.Seconds(), "import-all/bare") // with the decryption and the bundle's checks
	b.ReportMetric(float64(deltaExport.Microseconds())/1000, "ms-delta-export")
	b.ReportMetric(float64(ds.Size())/1000, "KB-delta-bundle")
	b.ReportMetric(float64(deltaImport.Microseconds())/1000, "ms-delta-import")
	b.ReportMetric(float64(localEdits.Microseconds())/1000, "ms-100-local-edits")
}

// bareOps inserts the same op rows into a plain table with the same driver and settings, in
// batches of 1000: the floor an import cannot go below.
func bareOps(b *testing.B, path string, s *store.Store) time.Duration {
	have, err := s.Have(bg)
	if err != nil {
		b.Fatal(err)
	}
	var ops []*store.Op
	if err := s.OpsBetween(bg, map[string]int64{}, have, func(o *store.Op) error { ops = append(ops, o); return nil }); err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE ops(site TEXT, seq INTEGER, hlc INTEGER, at TEXT, record TEXT, kind TEXT, field TEXT,
		value TEXT, pred TEXT, author TEXT, note TEXT, hash BLOB, PRIMARY KEY(site, seq)) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for done := 0; done < len(ops); done += 1000 {
		tx, _ := db.Begin()
		st, _ := tx.Prepare("INSERT INTO ops VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")
		for _, o := range ops[done:min(done+1000, len(ops))] {
			if _, err := st.Exec(o.ID.Site, o.ID.Seq, o.HLC, o.At, o.Record, o.Kind, o.Field, string(o.Value), "[]", o.Author, o.Note, o.Hash); err != nil {
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
