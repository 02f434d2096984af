package auditpack

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

var (
	demoNow  = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	demoOnce sync.Once
	demoDir  string
	demoWS   *store.Store
	demoErr  error
	bg       = context.Background()
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoWS != nil {
		demoWS.Close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demoStore is the demo filled at demoNow with seed 1, its clock at demoNow. Tests only read it.
func demoStore(t testing.TB) *store.Store {
	t.Helper()
	demoOnce.Do(func() {
		if demoDir, demoErr = os.MkdirTemp("", "smswb-pack-"); demoErr != nil {
			return
		}
		if demoWS, demoErr = store.Open(filepath.Join(demoDir, "w.smswb"), store.Options{Create: true}); demoErr != nil {
			return
		}
		demoErr = demo.Fill(bg, demoWS, demoNow, demo.Options{Seed: 1})
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	demoWS.SetClock(func() time.Time { return demoNow })
	return demoWS
}

// emptyStore is a new workspace with nothing in it, its clock at demoNow.
func emptyStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetClock(func() time.Time { return demoNow })
	return s
}

// englishPack answers the pack's words in English.
var englishPack = &Pack{Opt: Options{Language: "en"}}

// englishWord is the English label of a key in a list of (key, label) pairs.
func englishWord(pairs [][2]string, key string) string {
	for _, p := range pairs {
		if p[0] == key {
			return p[1]
		}
	}
	return key
}
