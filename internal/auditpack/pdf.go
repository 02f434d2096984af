package auditpack

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/image"
	"github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	mtext "github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/breakline"
	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/printing"
)

// The PDF is laid out twice: the first layout finds the page each section starts on (a marker
// component in its heading), the second prints the contents with those pages. Every section
// starts on a new page, so the pages do not move between the two.

// fontFamily and fonts are the workbench's PDF fonts (package printing).
const fontFamily = printing.Family

var fonts = printing.Fonts

// tr and trs are the pack's texts in its language.
func (d *pdfDoc) tr(format string, args ...any) string { return d.p.tr(format, args...) }
func (d *pdfDoc) trs(texts ...string) []string         { return d.p.trs(texts...) }

// pdfDoc builds the PDF of a pack.
type pdfDoc struct {
	p      *Pack
	m      core.Maroto
	charts map[string][]byte // drawn once, used by both layouts
	starts map[string]int    // the page each section starts on, from the first layout
}

// renderPDF lays the pack out twice and returns the PDF and its number of pages.
func renderPDF(p *Pack) ([]byte, int, error) {
	d := &pdfDoc{p: p, charts: map[string][]byte{}}
	if err := d.drawCharts(); err != nil {
		return nil, 0, err
	}
	if err := d.layout(); err != nil {
		return nil, 0, err
	}
	d.starts = map[string]int{}
	pages := d.m.GetStructure().GetNexts()
	for i, pg := range pages {
		findMarkers(pg, func(id string) {
			if _, ok := d.starts[id]; !ok {
				d.starts[id] = i + 1
			}
		})
	}
	if err := d.layout(); err != nil {
		return nil, 0, err
	}
	doc, err := d.m.Generate()
	if err != nil {
		return nil, 0, err
	}
	return doc.GetBytes(), len(pages), nil
}

func findMarkers(n *node.Node[core.Structure], found func(string)) {
	if d := n.GetData(); d.Type == "marker" {
		found(fmt.Sprint(d.Value))
	}
	for _, next := range n.GetNexts() {
		findMarkers(next, found)
	}
}

// layout adds every page of the pack to a new document.
func (d *pdfDoc) layout() error {
	p := d.p
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(16).WithRightMargin(16).WithTopMargin(12).WithBottomMargin(10).
		WithCustomFonts(fonts).
		WithDefaultFont(&props.Font{Family: fontFamily, Size: 9, Color: rgb(ink)}).
		WithPageNumber(props.PageNumber{Pattern: p.Opt.T("page"), Place: props.RightBottom, Family: fontFamily, Size: 7.5, Color: rgb(grey)}).
		WithTitle(d.title()+" — "+p.Organisation, true).
		WithAuthor(p.Organisation, true).
		WithSubject(d.subject(), true).
		WithCreator("SMS Workbench "+p.Opt.AppVersion, true).
		WithCreationDate(p.Generated).
		WithSequentialMode().
		Build()
	d.m = maroto.New(cfg)
	if err := d.m.RegisterHeader(d.header()...); err != nil {
		return err
	}
	if err := d.m.RegisterFooter(d.footer()); err != nil {
		return err
	}
	d.m.AddRows(d.cover()...)
	if !p.Opt.Plan {
		d.m.AddPages(page.New().Add(d.contents()...))
	}
	builders := map[string]func() []core.Row{
		SecSummary: d.summary, SecStage1: d.stage1, SecClauses: d.clauses, SecFindings: d.findings, SecServices: d.services,
		SecSLA: d.sla, SecTickets: d.tickets, SecCMDB: d.cmdb, SecSuppliers: d.suppliers, SecBudget: d.budget,
		SecRisks: d.risks, SecObjectives: d.objectives, SecProgramme: d.programme, SecReview: d.review,
		repDetails: d.auditDetails, repSummary: d.auditSummary, repStatements: d.statements, repClauses: d.auditClauses,
		repSamples: d.samples, repAgenda: d.agenda, repSignoff: d.signoff,
	}
	for _, sec := range d.sections() {
		d.m.AddPages(page.New().Add(d.heading(sec)))
		for _, r := range builders[sec]() {
			if k, ok := r.(keep); ok {
				if !d.m.FitlnCurrentPage(k.need) {
					d.m.AddPages(page.New()) // what follows starts on a new page rather than leave its heading at the foot
				}
				r = k.Row
			}
			d.m.AddRows(r)
		}
	}
	return nil
}

// keep marks a row that starts a block kept together: it goes to a new page unless need
// millimetres (itself and what must follow it: a table's first rows, a chart) fit on this one.
type keep struct {
	core.Row
	need float64
}

// sections are the included sections the PDF prints, in order: an audit report's own sections
// first, the data sections after them as its appendices; an audit plan's sections alone.
func (d *pdfDoc) sections() []string {
	var out []string
	switch {
	case d.p.Opt.Plan && d.p.Audit != nil:
		return []string{repDetails, repAgenda}
	case d.p.Audit != nil:
		out = append(out, reportSections...)
	}
	for _, s := range Sections {
		if s != SecRegisters && d.p.Opt.Has(s) {
			out = append(out, s)
		}
	}
	return out
}

func (d *pdfDoc) subject() string {
	if a := d.p.Assessment; a != nil {
		return a.Ref + " " + a.Title
	}
	return d.p.Opt.T("title")
}

// --- styles ---

func rgb(c color.RGBA) *props.Color {
	return &props.Color{Red: int(c.R), Green: int(c.G), Blue: int(c.B)}
}

var (
	headFill  = rgb(brand)
	zebraFill = &props.Color{Red: 0xf3, Green: 0xf6, Blue: 0xfa}
	white     = &props.Color{Red: 255, Green: 255, Blue: 255}
	ruleColor = &props.Color{Red: 0xd5, Green: 0xdb, Blue: 0xe3}
)

func txt(size float64, style fontstyle.Type, c *props.Color) props.Text {
	return props.Text{Family: fontFamily, Size: size, Style: style, Color: c, Top: 1, Bottom: 1, Left: 1, Right: 1}
}

func body() props.Text  { return txt(9, fontstyle.Normal, rgb(ink)) }
func small() props.Text { return txt(7.5, fontstyle.Normal, rgb(ink)) }
func bold(size float64) props.Text {
	return txt(size, fontstyle.Bold, rgb(ink))
}

func right(t props.Text) props.Text { t.Align = align.Right; return t }

// para is a paragraph over the whole width; text with blank lines becomes several rows.
func para(s string, t props.Text) []core.Row {
	var rows []core.Row
	for _, p := range strings.Split(strings.TrimSpace(s), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			rows = append(rows, row.New().Add(mtext.NewCol(12, p, t)))
		}
	}
	return rows
}

func space(h float64) core.Row { return row.New(h) }

// subheading is a heading within a section, kept with the first 30 mm of what follows it.
func subheading(s string) []core.Row { return subheadingWith(s, 30) }

// subheadingWith is a subheading kept with the next need millimetres (a chart's height).
func subheadingWith(s string, need float64) []core.Row {
	t := bold(11)
	t.Color = rgb(brand)
	t.Top = 3
	return []core.Row{keep{row.New().Add(mtext.NewCol(12, s, t)), need + 10}, line.NewRow(1.5, props.Line{Color: ruleColor, Thickness: 0.3, SizePercent: 100})}
}

// marker is an invisible component that names the section whose heading holds it.
type marker string

func (m marker) SetConfig(*entity.Config) {}
func (m marker) GetStructure() *node.Node[core.Structure] {
	return node.New(core.Structure{Type: "marker", Value: string(m)})
}
func (m marker) Render(core.Provider, *entity.Cell)            {}
func (m marker) GetHeight(core.Provider, *entity.Cell) float64 { return 0 }

// heading is a section's title with its number.
func (d *pdfDoc) heading(sec string) core.Row {
	t := bold(16)
	t.Color = rgb(brand)
	t.Bottom = 3
	return row.New().Add(col.New(12).Add(mtext.New(d.number(sec)+"  "+d.sectionTitle(sec), t), marker(sec)))
}

// number is a section's number in the contents ("3"); an appendix of an audit report has a
// letter ("B").
func (d *pdfDoc) number(sec string) string {
	appendix := 0
	for i, s := range d.sections() {
		if d.p.Audit != nil && !isReportSection(s) {
			appendix++
		}
		if s == sec {
			if appendix > 0 {
				return string(rune('A' + appendix - 1))
			}
			return fmt.Sprint(i + 1)
		}
	}
	return ""
}

// sectionTitle is a section's heading; in an audit report, the pack's executive summary is its
// appendix of figures.
func (d *pdfDoc) sectionTitle(sec string) string {
	if sec == SecSummary && d.p.Audit != nil {
		return d.p.Opt.T("figures")
	}
	if sec == repAgenda && d.p.Opt.Plan {
		return d.p.Opt.T("agenda")
	}
	return d.p.Opt.T(sec)
}

// title is the document's title: an audit pack, an audit report or an audit plan.
func (d *pdfDoc) title() string { return packTitle(d.p) }

func packTitle(p *Pack) string {
	switch {
	case p.Audit != nil && p.Opt.Plan:
		return p.Opt.T("plantitle")
	case p.Audit != nil:
		return p.Opt.T("reporttitle")
	}
	return p.Opt.T("title")
}

// table is a header row and zebra-striped rows; sizes are grid columns (summing to 12).
func table(headers []string, sizes []int, rows [][]string) []core.Row {
	ht := txt(7.5, fontstyle.Bold, white)
	out := []core.Row{}
	var cols []core.Col
	for i, h := range headers {
		cols = append(cols, mtext.NewCol(sizes[i], h, ht))
	}
	out = append(out, row.New().Add(cols...).WithStyle(&props.Cell{BackgroundColor: headFill}))
	for n, r := range rows {
		cols = nil
		for i, v := range r {
			t := small()
			if i > 0 && !isClauseHeader(headers[i]) && isNumber(v) {
				t = right(t)
			}
			if !wordsFit(v, sizes[i]) {
				t.BreakLineStrategy = breakline.DashStrategy // a word wider than its column is broken, never printed over the next
			}
			cols = append(cols, mtext.NewCol(sizes[i], strings.ReplaceAll(v, "\n", " "), t))
		}
		rw := row.New().Add(cols...)
		style := &props.Cell{BorderType: border.Bottom, BorderColor: ruleColor, BorderThickness: 0.1}
		if n%2 == 1 {
			style.BackgroundColor = zebraFill
		}
		out = append(out, rw.WithStyle(style))
	}
	if len(rows) == 0 {
		out = append(out, row.New().Add(mtext.NewCol(12, "—", small())))
	}
	return out
}

// isClauseHeader says whether a table's header is the clause column's, in any language: a clause
// number is left-aligned, though it looks like a figure.
func isClauseHeader(h string) bool {
	for _, l := range i18n.Languages {
		if strings.HasPrefix(h, i18n.Tr(l, "Clause")) {
			return true
		}
	}
	return false
}

// wordsFit says whether every word of a cell fits the width of its grid columns on the A4 page
// (178 mm for 12 columns), at the tables' 7.5 pt: about 1.35 mm a character on average, less a
// millimetre of padding.
func wordsFit(s string, size int) bool {
	width := 178.0*float64(size)/12 - 1
	for _, w := range strings.Fields(s) {
		if float64(len([]rune(w)))*1.35 > width {
			return false
		}
	}
	return true
}

// isNumber tells a figure ("12", "87.5 %", "EUR 1,200.00") from text, to align it right.
func isNumber(s string) bool {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "%"), " "))
	if s == "" {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789.,-+ ", c) {
			return false
		}
	}
	return true
}

// facts is a two-column list of label and value.
func facts(pairs [][2]string) []core.Row {
	var out []core.Row
	lt := txt(9, fontstyle.Bold, rgb(grey))
	for _, p := range pairs {
		if p[1] == "" {
			continue
		}
		out = append(out, row.New().Add(mtext.NewCol(3, p[0], lt), mtext.NewCol(9, p[1], body())))
	}
	return out
}

// chart is an embedded chart image of the given height in mm (it keeps its proportions).
func (d *pdfDoc) chart(name string, height float64) core.Row {
	b := d.charts[name]
	if b == nil {
		return space(0.1)
	}
	return row.New(height).Add(image.NewFromBytesCol(12, b, extension.Png, props.Rect{Center: true, Percent: 100}))
}

// --- header, footer, cover, contents ---

func (d *pdfDoc) header() []core.Row {
	t := txt(7.5, fontstyle.Normal, rgb(grey))
	return []core.Row{
		row.New(6).Add(mtext.NewCol(8, d.p.Organisation+" · "+d.title(), t), mtext.NewCol(4, d.marking(), right(t))),
		line.NewRow(3, props.Line{Color: ruleColor, Thickness: 0.3, SizePercent: 100}),
	}
}

func (d *pdfDoc) footer() core.Row {
	t := txt(7.5, fontstyle.Normal, rgb(grey))
	return row.New(7).Add(mtext.NewCol(8, fmt.Sprintf("%s %s UTC · SMS Workbench %s", d.p.Opt.T("generated"),
		i18n.DateTime(d.p.lang(), d.p.Generated), d.p.Opt.AppVersion), t))
}

func (d *pdfDoc) cover() []core.Row {
	p := d.p
	var rows []core.Row
	if kind := logoType(p.Opt.Logo); kind != "" {
		rows = append(rows, row.New(28).Add(image.NewFromBytesCol(4, p.Opt.Logo, extension.Type(kind), props.Rect{Percent: 100})))
	} else {
		rows = append(rows, space(28))
	}
	big := bold(28)
	big.Color = rgb(brand)
	rows = append(rows, space(30), row.New().Add(mtext.NewCol(12, d.title(), big)))
	org := bold(18)
	rows = append(rows, row.New().Add(mtext.NewCol(12, p.Organisation, org)))
	if a := p.Assessment; a != nil {
		sub := txt(13, fontstyle.Normal, rgb(ink))
		rows = append(rows, row.New().Add(mtext.NewCol(12, a.Title, sub)))
	}
	rows = append(rows, space(8), row.New(4).Add(line.NewCol(3, props.Line{Color: rgb(brand), Thickness: 0.8, SizePercent: 100}), col.New(9)), space(4))
	var pairs [][2]string
	pairs = append(pairs, [2]string{p.Opt.T("organisation"), p.Organisation}, [2]string{p.Opt.T("scope"), p.Scope})
	if a := p.Assessment; a != nil {
		pairs = append(pairs,
			[2]string{p.Opt.T("assessment"), a.Ref + " " + a.Title},
			[2]string{p.Opt.T("type"), p.enum("assessment", "assessment_type", a.Type) + " · " + p.state("assessment", a.Status)},
			[2]string{p.Opt.T("dates"), p.dateRange(a.Start, a.End)},
			[2]string{p.Opt.T("lead"), a.LeadAuditor},
			[2]string{p.Opt.T("auditors"), a.Auditors})
	}
	pairs = append(pairs,
		[2]string{p.Opt.T("period"), d.period()},
		[2]string{p.Opt.T("version"), d.version()},
		[2]string{p.Opt.T("generated"), i18n.LongDate(p.lang(), p.Generated) + p.Generated.Format(", 15:04 UTC")})
	return append(rows, facts(pairs)...)
}

// period is the period of the register sections; an audit plan has none.
func (d *pdfDoc) period() string {
	if d.p.Opt.Plan {
		return ""
	}
	return d.p.dateRange(d.p.Opt.From, d.p.Opt.To)
}

// version names the pack's version: the assessment's state and the day it was generated; an
// audit report's version and whether it is signed.
func (d *pdfDoc) version() string {
	if a := d.p.Audit; a != nil && !d.p.Opt.Plan {
		return d.issueStatus(a.Issue)
	}
	if a := d.p.Audit; a != nil {
		switch {
		case a.Plan.SentAt == "":
			return d.tr("draft, not yet sent to the auditee")
		case len(a.Plan.Changes) == 1:
			return d.tr("sent on %s; 1 change since (section 2)", d.p.when(a.Plan.SentAt))
		case len(a.Plan.Changes) > 0:
			return d.tr("sent on %s; %d changes since (section 2)", d.p.when(a.Plan.SentAt), len(a.Plan.Changes))
		}
		return d.tr("sent on %s", d.p.when(a.Plan.SentAt))
	}
	v := d.p.date(d.p.Generated.Format("2006-01-02"))
	if a := d.p.Assessment; a != nil {
		if a.Status == "done" {
			v += " · " + d.tr("final")
		} else {
			v += " · " + d.tr("draft (%s)", d.p.state("assessment", a.Status))
		}
	}
	return v
}

// issueStatus says which version of the audit report this is, and whether it is signed.
func (d *pdfDoc) issueStatus(i audit.Issue) string { return d.p.issueStatus(i) }

func (d *pdfDoc) contents() []core.Row {
	t := bold(16)
	t.Color = rgb(brand)
	t.Bottom = 4
	rows := []core.Row{row.New().Add(mtext.NewCol(12, d.p.Opt.T("contents"), t))}
	for _, sec := range d.sections() {
		pg := ""
		if n, ok := d.starts[sec]; ok {
			pg = fmt.Sprint(n)
		}
		rows = append(rows, row.New(8).Add(
			mtext.NewCol(1, d.number(sec), body()),
			mtext.NewCol(9, d.sectionTitle(sec), body()),
			mtext.NewCol(2, pg, right(body())),
		).WithStyle(&props.Cell{BorderType: border.Bottom, BorderColor: ruleColor, BorderThickness: 0.1}))
	}
	return rows
}
