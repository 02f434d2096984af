package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// A copy of a sound workspace holds what it holds, and the same op log until the workspace
// changes.
func TestCopierCopiesASoundWorkspace(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "Mail"})
	c := s.Copier()
	if problem, err := c.FirstProblem(bg); problem != "" || err != nil {
		t.Fatalf("a sound workspace: %q %v", problem, err)
	}
	dst := filepath.Join(t.TempDir(), "copy.smswb")
	if err := c.CopyInto(bg, dst); err != nil {
		t.Fatal(err)
	}
	if same, err := s.SameOps(bg, dst); !same || err != nil {
		t.Fatalf("the copy's op log differs: %v", err)
	}
	copied, err := Open(dst, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := copied.Count("service"); n != 1 {
		t.Errorf("the copy holds %d services", n)
	}
	copied.Close()
	mustCreate(t, s, "service", map[string]any{"title": "Web"})
	if same, err := s.SameOps(bg, dst); same || err != nil {
		t.Fatalf("the op log after a write is the copy's: %v", err)
	}
	if err := NewCopier(s.db).CopyInto(bg, dst); err == nil {
		t.Error("a copy over an existing file was written")
	}
	if _, err := s.SameOps(bg, filepath.Join(t.TempDir(), "none.smswb")); err == nil {
		t.Error("no file compared as a workspace")
	}
}

// A damaged workspace names its first problem, and is not marked damaged by being asked.
func TestCopierNamesTheFirstProblem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := Open(path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		mustCreate(t, s, "service", map[string]any{"title": fmt.Sprintf("Service %d with a longer title to fill pages", i)})
	}
	s.Close()
	st, _ := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	junk := bytes.Repeat([]byte{0xA5}, 4096)
	for _, page := range []int64{st.Size() / 4096 / 2, st.Size() / 4096 * 2 / 3} {
		f.WriteAt(junk, page*4096)
	}
	f.Close()
	defer func(n int64) { quickCheckBytes = n }(quickCheckBytes)
	quickCheckBytes = 0 // structure only at open, as a large workspace
	s, err = Open(path, Options{})
	if err != nil {
		t.Skipf("the spoiled pages made the workspace unopenable: %v", err)
	}
	defer s.Close()
	before := s.Damaged()
	problem, err := s.Copier().FirstProblem(bg)
	if problem == "" && err == nil {
		t.Fatal("a damaged workspace has no problem")
	}
	if s.Damaged() != before {
		t.Errorf("asking marked the workspace damaged: %q", s.Damaged())
	}
}
