package prefs

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestPreferencesLiveInTheConfigDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SMSWB_CONFIG_DIR", dir)
	p := Open()
	if p.Path() != filepath.Join(dir, FileName) {
		t.Fatalf("path %s", p.Path())
	}
	all, err := p.All()
	if err != nil || len(all) != 0 {
		t.Fatalf("fresh %v %v", all, err)
	}
	if err := p.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("columns.incident", []any{"ref", "title"}); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("", 1); err == nil {
		t.Fatal("empty key accepted")
	}
	// Another reader of the same file sees them.
	all, err = At(p.Path()).All()
	if err != nil || all["theme"] != "dark" || fmt.Sprint(all["columns.incident"]) != "[ref title]" {
		t.Fatalf("read back %v %v", all, err)
	}
	if err := p.Set("theme", nil); err != nil {
		t.Fatal(err)
	}
	if all, _ = p.All(); len(all) != 1 || all["theme"] != nil {
		t.Fatalf("after removing theme %v", all)
	}
	// Written atomically: nothing but the file is left in the folder.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != FileName {
		t.Fatalf("folder holds %v", entries)
	}
}

func TestADamagedFileIsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	os.WriteFile(path, []byte(`{"settings": {"theme": "da`), 0o644)
	p := At(path)
	all, err := p.All()
	if err != nil || len(all) != 0 {
		t.Fatalf("damaged: %v %v", all, err)
	}
	if r, err := p.Recent(); err != nil || len(r) != 0 {
		t.Fatalf("damaged recent: %v %v", r, err)
	}
	if err := p.Set("language", "de"); err != nil {
		t.Fatal(err)
	}
	var f file
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &f); err != nil || f.Settings["language"] != "de" {
		t.Fatalf("rewritten %s %v", data, err)
	}
}

func TestRecentWorkspaces(t *testing.T) {
	dir := t.TempDir()
	p := At(filepath.Join(dir, "cfg", FileName))
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 12; i++ {
		path := filepath.Join(dir, fmt.Sprintf("w%d.smswb", i))
		os.WriteFile(path, nil, 0o644)
		if err := p.Opened(path, fmt.Sprint("W", i), t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	// Opening w5 again moves it to the top, once.
	if err := p.Opened(filepath.Join(dir, "sub", "..", "w5.smswb"), "W5 again", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "w10.smswb"))
	r, err := p.Recent()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range r {
		names = append(names, e.Name)
	}
	if fmt.Sprint(names) != "[W5 again W11 W10 W9 W8 W7 W6 W4 W3 W2]" {
		t.Fatalf("recent %v", names)
	}
	if r[0].Path != filepath.Join(dir, "w5.smswb") || r[0].OpenedAt != "2026-11-01T10:00:00Z" || !r[0].Exists || r[2].Exists {
		t.Fatalf("entries %+v", r[:3])
	}
}

func TestConcurrentWritesAllLand(t *testing.T) {
	p := At(filepath.Join(t.TempDir(), FileName))
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.Set(fmt.Sprint("k", i), i); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if all, _ := p.All(); len(all) != 20 {
		t.Fatalf("%d of 20 preferences kept", len(all))
	}
}
