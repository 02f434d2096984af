package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestAuditPackThroughTheCLI(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	pdf, xlsx := filepath.Join(dir, "pack.pdf"), filepath.Join(dir, "pack.xlsx")
	var res struct {
		PDF        string  `json:"pdf"`
		PDFPages   int     `json:"pdf_pages"`
		XLSX       string  `json:"xlsx"`
		Assessment string  `json:"assessment"`
		Readiness  float64 `json:"readiness"`
	}
	out := ok(t, runCLI(t, db, "auditpack", "--pdf", pdf, "--xlsx", xlsx, "--json"))
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.PDF != pdf || res.XLSX != xlsx || res.PDFPages < 15 || res.Assessment != "ASM-00002" || res.Readiness <= 0 {
		t.Fatalf("auditpack: %s", out)
	}
	if b, err := os.ReadFile(pdf); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("the PDF: %v", err)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	f.Close()
	if len(sheets) < 10 || sheets[0] != "Summary" {
		t.Errorf("workbook sheets: %v", sheets)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d files, want the two of the pack (no temporary files)", len(entries))
	}

	// Either output alone, with the text report; an assessment by ref; some sections.
	only := filepath.Join(dir, "only.xlsx")
	text := ok(t, runCLI(t, db, "auditpack", "--assessment", "ASM-00001", "--sections", "summary,clauses", "--xlsx", only))
	var rd struct{ Overall struct{ Percent float64 } }
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "readiness", "ASM-00001", "--json"))), &rd)
	if rd.Overall.Percent < 50 || !strings.Contains(text, fmt.Sprintf("assessment ASM-00001: readiness %.1f%%", rd.Overall.Percent)) || !strings.Contains(text, "wrote "+only) || strings.Contains(text, ".pdf") {
		t.Errorf("auditpack --xlsx alone: %s", text)
	}
	f, err = excelize.OpenFile(only)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Assessment" {
		t.Errorf("sections summary,clauses give sheets %s", got)
	}
}

func TestAuditPackBadInputWritesNothing(t *testing.T) {
	db := freshDB(t)
	ok(t, runCLI(t, db, "assess", "new", "Audit"))
	dir := t.TempDir()
	existing := filepath.Join(dir, "old.pdf")
	if err := os.WriteFile(existing, []byte("an earlier pack"), 0o644); err != nil {
		t.Fatal(err)
	}
	notImage := filepath.Join(dir, "logo.txt")
	os.WriteFile(notImage, []byte("hello"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"auditpack"}, "give --pdf FILE, --xlsx FILE or both"},
		{[]string{"auditpack", "--pdf", existing, "--sections", "summary,annexes"}, `unknown section "annexes"`},
		{[]string{"auditpack", "--pdf", existing, "--sections", ","}, "names no section"},
		{[]string{"auditpack", "--pdf", existing, "--from", "2026-13-01"}, `--from "2026-13-01" is not a date`},
		{[]string{"auditpack", "--pdf", existing, "--from", "2026-06-01", "--to", "2026-01-01"}, "ends (2026-01-01) before it starts (2026-06-01)"},
		{[]string{"auditpack", "--pdf", existing, "--assessment", "ASM-00099"}, `assessment "ASM-00099" not found`},
		{[]string{"auditpack", "--pdf", existing, "--language", "fr"}, `unknown language "fr"`},
		{[]string{"auditpack", "--pdf", existing, "--logo", notImage}, "not a PNG or JPEG"},
		{[]string{"auditpack", "--pdf", existing, "--logo", filepath.Join(dir, "none.png")}, "cannot read the logo"},
		{[]string{"auditpack", "--pdf", filepath.Join(dir, "pack.txt")}, "must end in .pdf"},
		{[]string{"auditpack", "--xlsx", filepath.Join(dir, "pack.xls")}, "must end in .xlsx"},
		{[]string{"auditpack", "--pdf", filepath.Join(dir, "missing", "pack.pdf")}, "does not exist"},
		{[]string{"auditpack", "--xlsx", dir + ".xlsx/"}, ""},
	} {
		before := digest(t, db)
		r := runCLI(t, db, tc.args...)
		if r.code == 0 || !strings.HasPrefix(r.stderr, "error: ") || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want one error line with %q", tc.args, r.code, r.stderr, tc.want)
		}
		if after := digest(t, db); after != before {
			t.Errorf("%v changed the workspace", tc.args)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "an earlier pack" {
		t.Errorf("a failed pack changed the file it would have replaced: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("failed packs left files behind: %d entries", len(entries))
	}
}
