package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
)

// team is a shared folder and the copies of one workspace that exchange through it.
type team struct {
	dir    string
	copies []*store.Store
	keys   Keys
}

// newTeam makes n copies: the first holds the workspace (fill fills it), the others join
// through the folder, each taking it from there in turn.
func newTeam(tb testing.TB, n int, keys Keys, fill func(*store.Store)) *team {
	tb.Helper()
	t := &team{dir: tb.TempDir(), keys: keys}
	for i := 0; i < n; i++ {
		t.copies = append(t.copies, replica(tb, fmt.Sprintf("copy%02d", i)))
	}
	fill(t.copies[0])
	t.round(tb, nil)
	return t
}

// round runs `sync folder` on each copy in turn, after it made its edits (when edit is given);
// it returns how long each exchange took.
func (t *team) round(tb testing.TB, edit func(i int, s *store.Store)) []time.Duration {
	tb.Helper()
	took := make([]time.Duration, len(t.copies))
	for i, s := range t.copies {
		if edit != nil {
			edit(i, s)
		}
		start := time.Now()
		rep, err := SyncFolder(bg, s, t.dir, ExportOptions{Keys: t.keys})
		if err != nil {
			tb.Fatal(err)
		}
		took[i] = time.Since(start)
		if len(rep.Errors) > 0 {
			tb.Fatalf("copy %d: %v", i, rep.Errors)
		}
	}
	return took
}

// converged says whether every copy shows the same workspace as the first.
func (t *team) converged(tb testing.TB) bool {
	want := digest(tb, t.copies[0])
	for _, s := range t.copies[1:] {
		if digest(tb, s) != want {
			return false
		}
	}
	return true
}

// size is the folder's total size in bytes.
func (t *team) size(tb testing.TB) int64 {
	entries, err := os.ReadDir(t.dir)
	if err != nil {
		tb.Fatal(err)
	}
	var n int64
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), Ext) {
			n += info.Size()
		}
	}
	return n
}

// opsInFolder counts the ops the folder's bundles carry, read from each file's manifest.
func (t *team) opsInFolder(tb testing.TB) int {
	entries, _ := os.ReadDir(t.dir)
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), Ext) {
			continue
		}
		in, err := Inspect(bg, nil, filepath.Join(t.dir, e.Name()), t.keys)
		if err != nil {
			tb.Fatal(err)
		}
		n += in.Manifest.Counts.Ops
	}
	return n
}

// Fifty copies in one folder, each with its own edits and all editing one shared record, each
// running `sync folder` in turn: all converge within two rounds, the concurrent edits of the
// shared record are one conflict on every copy (and the number each gave its new risk another),
// and once all are up to date the folder's files
// carry nothing any copy lacks: they do not grow with the workspace's history.
func TestFiftyCopiesInOneFolderConverge(t *testing.T) {
	if testing.Short() {
		t.Skip("fifty copies")
	}
	tm := newTeam(t, 50, testKeys(), func(s *store.Store) { addIncident(t, s, "Shared risk") })
	shared := firstRisk(t, tm.copies[0])
	if !tm.converged(t) {
		t.Fatal("the copies differ after joining")
	}
	edits := func(i int, s *store.Store) {
		addIncident(t, s, fmt.Sprintf("Risk of copy %d", i))
		edit(t, s, shared, map[string]any{"owner": fmt.Sprintf("Owner from copy %d", i)})
	}
	tm.round(t, edits)
	rounds := 1
	for ; !tm.converged(t) && rounds < 5; rounds++ {
		tm.round(t, nil)
	}
	if !tm.converged(t) || rounds > 2 {
		t.Fatalf("after %d rounds the copies converged: %v", rounds, tm.converged(t))
	}
	for i, s := range tm.copies {
		if n, _ := s.Count("risk"); n != 51 {
			t.Errorf("copy %d holds %d risks, want 51", i, n)
		}
		cs, err := s.Conflicts(bg)
		if err != nil {
			t.Fatal(err)
		}
		// The shared owner written by all fifty, and the number all fifty gave their new risk.
		got := map[string]int{}
		for _, c := range cs {
			got[c.Type+" "+c.Field] = len(c.Options)
		}
		if len(cs) != 2 || got["value owner"] != 50 || got["duplicate_ref ref"] != 50 {
			t.Errorf("copy %d shows conflicts %v, want the owner's and the risk number's, each of 50 writes", i, got)
		}
	}
	// One more round: every file was written by a copy that held everything, and every copy
	// held everything when it read them, so the next round's files carry no op.
	tm.round(t, nil)
	if n := tm.opsInFolder(t); n != 0 {
		t.Errorf("the folder's files carry %d ops once every copy is up to date", n)
	}
}
