package auditpack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/store"
)

// Files names the outputs of a pack; either may be empty.
type Files struct {
	PDF  string `json:"pdf"`
	XLSX string `json:"xlsx"`
}

// Result says what was written.
type Result struct {
	PDF        string   `json:"pdf,omitempty"`
	PDFPages   int      `json:"pdf_pages,omitempty"`
	PDFBytes   int64    `json:"pdf_bytes,omitempty"`
	XLSX       string   `json:"xlsx,omitempty"`
	XLSXBytes  int64    `json:"xlsx_bytes,omitempty"`
	Assessment string   `json:"assessment,omitempty"` // ref of the assessment reported
	Readiness  float64  `json:"readiness,omitempty"`
	Findings   int      `json:"findings"`
	Sections   []string `json:"sections"`
	// Report is an audit report's state ("draft of version 2 (not signed)").
	Report string `json:"report,omitempty"`
}

// Progress is told each step of a pack as it starts: done of total steps, and what.
type Progress func(done, total int, step string)

// Write gathers the pack and writes the files asked for. Each is written to a temporary file
// beside it and renamed when complete, so a failure leaves no half file (and an earlier file of
// that name as it was).
func Write(ctx context.Context, s *store.Store, opt Options, out Files, progress Progress) (*Result, error) {
	if err := Check(ctx, s, opt, out); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(int, int, string) {}
	}
	total := 1
	if out.PDF != "" {
		total++
	}
	if out.XLSX != "" {
		total++
	}
	step := 0
	progress(step, total, "Reading the workspace")
	p, err := Gather(ctx, s, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Findings: len(p.Findings), Sections: p.Opt.Sections}
	if p.Audit != nil && !p.Opt.Plan {
		res.Report = p.Audit.Issue.Status(p.lang())
	}
	if p.Assessment != nil {
		res.Assessment, res.Readiness = p.Assessment.Ref, p.Readiness.Overall.Percent
	}
	if out.PDF != "" {
		step++
		progress(step, total, "Writing the PDF")
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, pages, err := renderPDF(p)
		if err != nil {
			return nil, fmt.Errorf("PDF: %w", err)
		}
		if err := replaceFile(out.PDF, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return nil, err
		}
		res.PDF, res.PDFPages, res.PDFBytes = out.PDF, pages, int64(len(data))
	}
	if out.XLSX != "" {
		step++
		progress(step, total, "Writing the workbook")
		err := replaceFile(out.XLSX, func(w io.Writer) error {
			return writeWorkbook(ctx, s, p, w, func(sheet string) { progress(step, total, "Writing the workbook: "+sheet) })
		})
		if err != nil {
			return nil, err
		}
		if st, err := os.Stat(out.XLSX); err == nil {
			res.XLSX, res.XLSXBytes = out.XLSX, st.Size()
		}
	}
	progress(total, total, "Done")
	return res, nil
}

// Check tells whether a pack can be written with these options and outputs, before anything
// is read at length or written: the options, the folders of the files and the assessment.
func Check(ctx context.Context, s *store.Store, opt Options, out Files) error {
	if out.PDF == "" && out.XLSX == "" {
		return optErr("pdf", "give --pdf FILE, --xlsx FILE or both")
	}
	for _, f := range []struct{ field, path, ext string }{{"pdf", out.PDF, ".pdf"}, {"xlsx", out.XLSX, ".xlsx"}} {
		if f.path == "" {
			continue
		}
		if !strings.EqualFold(filepath.Ext(f.path), f.ext) {
			return optErr(f.field, "%s: the file name must end in %s", f.path, f.ext)
		}
		if st, err := os.Stat(filepath.Dir(f.path)); err != nil || !st.IsDir() {
			return optErr(f.field, "%s: the folder %s does not exist", f.path, filepath.Dir(f.path))
		}
		if st, err := os.Stat(f.path); err == nil && st.IsDir() {
			return optErr(f.field, "%s is a folder", f.path)
		}
		if err := s.CheckOutput(f.path); err != nil {
			return optErr(f.field, "%v", err)
		}
	}
	if err := opt.normalize(s.Now().UTC()); err != nil {
		return err
	}
	if opt.Assessment != "" {
		if _, err := s.Get(ctx, "assessment", opt.Assessment); err != nil {
			var nf *store.NotFoundError
			if errors.As(err, &nf) {
				return optErr("assessment", "assessment %q not found", opt.Assessment)
			}
			return err
		}
	}
	return nil
}

// replaceFile writes a file through a temporary file in the same folder, synced and renamed
// over the target when complete.
func replaceFile(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// RenderReport prints an audit report as it is to be signed: the pack of the assessment with
// the report given (its Issue says the version and who signs), as a PDF and a workbook.
func RenderReport(ctx context.Context, s *store.Store, opt Options, r *audit.Report) (pdf, xlsx []byte, err error) {
	opt.Report, opt.Plan = true, false
	p, err := Gather(ctx, s, opt)
	if err != nil {
		return nil, nil, err
	}
	p.Audit = r
	if pdf, _, err = renderPDF(p); err != nil {
		return nil, nil, fmt.Errorf("PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := writeWorkbook(ctx, s, p, &buf, nil); err != nil {
		return nil, nil, fmt.Errorf("workbook: %w", err)
	}
	return pdf, buf.Bytes(), nil
}
