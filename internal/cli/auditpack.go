package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"smsworkbench/internal/auditpack"
)

func init() {
	commands["auditpack"] = command{"[--assessment ID|REF] [--report] [--from DATE] [--to DATE] [--sections LIST] --pdf FILE --xlsx FILE", 0, 0,
		func(fs *flag.FlagSet, o *opts) {
			jsonFlag(fs, o)
			fs.StringVar(&o.assessment, "assessment", "", "the assessment reported (default: the latest gap or internal assessment under way or done)")
			fs.StringVar(&o.from, "from", "", "first day of the period of the register sections (default: a year before --to)")
			fs.StringVar(&o.to, "to", "", "last day of the period (default: today)")
			fs.StringVar(&o.sections, "sections", "", "sections to include, comma-separated (default: all): "+strings.Join(auditpack.Sections, ","))
			fs.StringVar(&o.language, "language", o.lang, "language of the headings: en or de (default: the command line's language)")
			fs.StringVar(&o.logo, "logo", "", "a PNG or JPEG printed on the cover")
			fs.StringVar(&o.pdf, "pdf", "", "write the PDF report to FILE")
			fs.StringVar(&o.xlsx, "xlsx", "", "write the Excel workbook to FILE")
			fs.BoolVar(&o.report, "report", false, "the audit report of the assessment (details, summary, nonconformity statements, samples, plan, sign-off), the data sections as its appendices")
		}, runAuditPack}
}

func runAuditPack(c *ctx, _ []string) error {
	opt := auditpack.Options{Assessment: c.o.assessment, From: c.o.from, To: c.o.to, Language: c.o.language, AppVersion: c.env.Version, Report: c.o.report}
	if c.o.sections != "" {
		var err error
		if opt.Sections, err = auditpack.ParseSections(c.o.sections); err != nil {
			return err
		}
	}
	if c.o.logo != "" {
		b, err := os.ReadFile(c.o.logo)
		if err != nil {
			return fmt.Errorf("cannot read the logo: %v", err)
		}
		opt.Logo = b
	}
	res, err := auditpack.Write(c, c.s, opt, auditpack.Files{PDF: c.o.pdf, XLSX: c.o.xlsx}, nil)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(res)
	}
	if res.Assessment != "" {
		fmt.Fprintln(c.env.Stdout, c.tr("assessment %s: readiness %s, %d findings", res.Assessment, c.pct(res.Readiness), res.Findings))
	}
	if res.Report != "" {
		fmt.Fprintln(c.env.Stdout, c.tr("audit report: %s", res.Report))
	}
	if res.PDF != "" {
		fmt.Fprintln(c.env.Stdout, c.tr("wrote %s (%d pages, %d bytes)", res.PDF, res.PDFPages, res.PDFBytes))
	}
	if res.XLSX != "" {
		fmt.Fprintln(c.env.Stdout, c.tr("wrote %s (%d bytes)", res.XLSX, res.XLSXBytes))
	}
	return nil
}
