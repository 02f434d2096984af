package auditpack

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// A pack that fails leaves no half file and no temporary file, and an earlier file of the same
// name as it was.
func TestAFailedPackLeavesTheEarlierFileAsItWas(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pack.xlsx")
	if err := os.WriteFile(target, []byte("last week's pack"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk full")
	err := replaceFile(target, func(w io.Writer) error {
		w.Write([]byte("half a workbook"))
		return broken
	})
	if !errors.Is(err, broken) {
		t.Fatalf("replaceFile: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "last week's pack" {
		t.Errorf("the earlier file now holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the earlier pack alone", len(entries))
	}

	// A pack cancelled while it is written (the window's Cancel) ends the same way.
	s := demoStore(t)
	ctx, cancel := context.WithCancel(bg)
	_, err = Write(ctx, s, Options{}, Files{PDF: filepath.Join(dir, "pack.pdf"), XLSX: target}, func(done, total int, step string) {
		if step == "Writing the workbook: Incidents" {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled pack: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "last week's pack" {
		t.Errorf("a cancelled pack replaced the earlier workbook")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// The PDF was complete before the workbook was started; it stays.
	if len(names) != 2 || names[0] != "pack.pdf" || names[1] != "pack.xlsx" {
		t.Errorf("after a cancelled pack the folder holds %v", names)
	}
}
