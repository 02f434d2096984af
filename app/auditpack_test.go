package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/auditpack"
	"smsworkbench/internal/jobs"
)

func TestAuditPackJobWritesBothFilesWithProgress(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	rt := &fakeRuntime{}
	a.setRuntime(rt)
	dir := t.TempDir()
	pdf, xlsx := filepath.Join(dir, "pack.pdf"), filepath.Join(dir, "pack.xlsx")
	id, err := a.StartJob("audit-pack", map[string]any{"pdf": pdf, "xlsx": xlsx, "sections": "summary,clauses,findings,risks,registers"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.jobs.Wait(bg, id)
	if err != nil || res.Error != "" {
		t.Fatalf("audit-pack: %+v %v", res, err)
	}
	out, ok := res.Result.(*auditpack.Result)
	if !ok || out.PDF != pdf || out.XLSX != xlsx || out.PDFPages < 5 || out.Assessment == "" {
		t.Fatalf("result %#v", res.Result)
	}
	var steps []string
	for _, e := range rt.named("job:progress") {
		if p := e.(jobs.Progress); p.ID == id {
			steps = append(steps, p.Label)
		}
	}
	joined := strings.Join(steps, "|")
	for _, want := range []string{"Reading the workspace", "Writing the PDF", "Writing the workbook: ", "Done"} {
		if !strings.Contains(joined, want) {
			t.Errorf("progress lacks %q: %s", want, joined)
		}
	}
	if err := a.OpenPath(pdf); err != nil || len(rt.opened) != 1 || rt.opened[0] != pdf {
		t.Errorf("open the file: %v %v", err, rt.opened)
	}
	if p := problem(t, a.OpenPath(filepath.Join(dir, "gone.pdf"))); !strings.Contains(p.Message, "no such file") {
		t.Errorf("opening a missing file: %+v", p)
	}

	rt.save = filepath.Join(dir, "chosen")
	if got, err := a.ChooseAuditPackFile("xlsx"); err != nil || got != rt.save+".xlsx" ||
		!strings.Contains(rt.asked[len(rt.asked)-1], "-audit-pack-") || rt.filters[len(rt.filters)-1] != "*.xlsx" {
		t.Errorf("save dialog: %q %v %v %v", got, err, rt.asked, rt.filters)
	}
}

func TestAuditPackJobRefusesBadOptionsBesideTheirField(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "pack.pdf")
	for _, c := range []struct {
		params      map[string]any
		field, says string
	}{
		{map[string]any{}, "pdf", "give --pdf FILE"},
		{map[string]any{"pdf": pdf, "sections": "summary,appendix"}, "sections", `unknown section "appendix"`},
		{map[string]any{"pdf": pdf, "from": "yesterday"}, "from", "is not a date"},
		{map[string]any{"pdf": pdf, "from": "2026-05-01", "to": "2026-01-01"}, "to", "before it starts"},
		{map[string]any{"pdf": pdf, "assessment": "ASM-00404"}, "assessment", "not found"},
		{map[string]any{"pdf": pdf, "language": "xx"}, "language", "unknown language"},
		{map[string]any{"pdf": filepath.Join(dir, "nowhere", "p.pdf")}, "pdf", "does not exist"},
		{map[string]any{"xlsx": filepath.Join(dir, "p.csv")}, "xlsx", "must end in .xlsx"},
	} {
		_, err := a.StartJob("audit-pack", c.params)
		p := problem(t, err)
		if p.Field != c.field || !strings.Contains(p.Message, c.says) {
			t.Errorf("%v: %+v, want %q beside %s", c.params, p, c.says, c.field)
		}
	}
	if l, _ := a.Jobs(); len(l) != 0 {
		t.Errorf("refused packs were started: %+v", l)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused packs wrote %d files", len(entries))
	}
}
