package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCreateAndOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Lab.smswb")
	s, err := Create(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Meta("name") != "Lab" || s.Path() != path {
		t.Fatalf("name %q path %s", s.Meta("name"), s.Path())
	}
	if n, _ := s.Count("service"); n != 0 {
		t.Fatalf("%d services in an empty workspace", n)
	}
	s.Close()
	if _, err := Create(context.Background(), path, Options{Name: "again"}); err == nil || !strings.Contains(err.Error(), "a file already exists at "+path) {
		t.Fatalf("over an existing file: %v", err)
	}
	s, err = Open(path)
	if err != nil || s.Meta("name") != "Lab" {
		t.Fatalf("open %v", err)
	}
	s.Close()
	missing := filepath.Join(dir, "none.smswb")
	if _, err := Open(missing); err == nil || err.Error() != "no workspace at "+missing {
		t.Fatalf("open missing: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("opening a missing workspace created it")
	}
	for _, scale := range []int{-1, 101} {
		if _, err := Create(context.Background(), filepath.Join(dir, "big.smswb"), Options{Demo: true, Scale: scale}); err == nil {
			t.Fatalf("scale %d accepted", scale)
		}
	}
	if _, err := Create(context.Background(), " ", Options{}); err == nil {
		t.Fatal("no file name accepted")
	}
}

func TestACancelledCreationLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var labels []string
	_, err := Create(ctx, filepath.Join(dir, "w.smswb"), Options{Demo: true, Name: "Named", Progress: func(done, total int, label string) {
		labels = append(labels, label)
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || len(labels) != 4 {
		t.Fatalf("error %v after %q", err, labels)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}
