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

// The shared folder as a team grows: 5, 20 and 50 copies of a workspace of 2,000 incidents
// (scaled by SMSWB_BENCH_SCALE), each making five edits before its `sync folder`, in turn.
// Reported per team size: the time of one `sync folder` (mean and slowest of a round), how many
// files it read, and the folder's size. The team uses a passphrase, as the window does: the
// bundles are encrypted to the folder's team key, whose scrypt runs once in a process
// (BenchmarkFolderPassphrase reports it: the CLI pays it once per run).
func BenchmarkTeamFolder(b *testing.B) {
	for _, n := range []int{5, 20, 50} {
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			tm := newTeam(b, n, Keys{Passphrase: "a long team passphrase"}, func(s *store.Store) {
				size := demo.Size{Services: 20, CIs: 200, Incidents: max(100, int(2000*benchkit.Factor()))}
				if err := demo.Generate(bg, s, size, 1, 1000); err != nil {
					b.Fatal(err)
				}
			})
			edits := func(i int, s *store.Store) {
				for k := 0; k < 5; k++ {
					addIncident(b, s, fmt.Sprintf("Risk %d of copy %d", k, i))
				}
			}
			b.ResetTimer()
			tm.round(b, edits)
			took := tm.round(b, edits)
			b.StopTimer()
			var sum, slowest time.Duration
			for _, d := range took {
				sum += d
				slowest = max(slowest, d)
			}
			b.ReportMetric(sum.Seconds()/float64(n), "s-sync-folder-mean")
			b.ReportMetric(slowest.Seconds(), "s-sync-folder-max")
			b.ReportMetric(float64(tm.size(b))/1e6, "MB-folder")
			b.ReportMetric(float64(tm.opsInFolder(b)), "ops-in-folder")
			idle := tm.round(b, nil)
			sum = 0
			for _, d := range idle {
				sum += d
			}
			b.ReportMetric(sum.Seconds()/float64(n), "s-sync-folder-no-edits")
			if !tm.converged(b) {
				b.Fatal("the copies differ")
			}
		})
	}
}

// A copy away for 90 days, in a team of 20 that went on without it (ten rounds of ten edits
// each), comes back: reported are its exchanges until it shows the team's workspace, their
// time, the ops it took, and what the others' files carried meanwhile.
func BenchmarkTeamCatchUp(b *testing.B) {
	tm := newTeam(b, 20, testKeys(), func(s *store.Store) {
		if err := demo.Generate(bg, s, demo.Size{Services: 20, CIs: 200, Incidents: max(100, int(2000*benchkit.Factor()))}, 1, 1000); err != nil {
			b.Fatal(err)
		}
	})
	away := tm.copies[19]
	away.SetClock(func() time.Time { return time.Now().Add(-100 * 24 * time.Hour) })
	if _, err := SyncFolder(bg, away, tm.dir, ExportOptions{Keys: testKeys()}); err != nil {
		b.Fatal(err)
	}
	away.SetClock(nil)
	others := &team{dir: tm.dir, copies: tm.copies[:19], keys: tm.keys}
	for r := 0; r < 10; r++ {
		others.round(b, func(i int, s *store.Store) {
			for k := 0; k < 10; k++ {
				addIncident(b, s, fmt.Sprintf("Risk %d of copy %d in round %d", k, i, r))
			}
		})
	}
	carried := others.opsInFolder(b)
	before := opsInFile(b, away)
	b.ResetTimer()
	var spent time.Duration
	exchanges := 0
	for exchanges < 5 {
		start := time.Now()
		if _, err := SyncFolder(bg, away, tm.dir, ExportOptions{Keys: testKeys()}); err != nil {
			b.Fatal(err)
		}
		spent += time.Since(start)
		exchanges++
		if digest(b, away) == digest(b, tm.copies[0]) {
			break
		}
		others.round(b, nil) // the team's next exchanges, after the returning copy's fresh file
	}
	b.StopTimer()
	if digest(b, away) != digest(b, tm.copies[0]) {
		b.Fatal("the returning copy did not catch up")
	}
	b.ReportMetric(float64(exchanges), "exchanges-to-catch-up")
	b.ReportMetric(spent.Seconds(), "s-catch-up")
	b.ReportMetric(float64(opsInFile(b, away)-before), "ops-taken")
	b.ReportMetric(float64(carried), "ops-in-folder-while-away")
}

// What a passphrase costs a shared folder: its scrypt runs once per file read (age's work
// factor 18), on top of the age key's time.
func BenchmarkFolderPassphrase(b *testing.B) {
	s := replica(b, "a")
	addIncident(b, s, "one")
	dir := b.TempDir()
	withKey, withPass := filepath.Join(dir, "key"+Ext), filepath.Join(dir, "pass"+Ext)
	if _, err := Export(bg, s, withKey, ExportOptions{Keys: testKeys()}); err != nil {
		b.Fatal(err)
	}
	if _, err := Export(bg, s, withPass, ExportOptions{Keys: Keys{Passphrase: "a long team passphrase"}}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	timeOpen := func(path string, keys Keys) time.Duration {
		start := time.Now()
		r, err := Open(path, keys)
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
		return time.Since(start)
	}
	key := timeOpen(withKey, testKeys())
	pass := timeOpen(withPass, Keys{Passphrase: "a long team passphrase"})
	b.ReportMetric(float64(key.Microseconds())/1000, "ms-open-age-key")
	b.ReportMetric(float64(pass.Microseconds())/1000, "ms-open-passphrase")
}
