package documents

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
)

// The DOCX of a document is written with github.com/gomutex/godocx (docs/documents.md says why):
// its default template carries Word's own styles, so headings are Heading 1–6 (the navigation
// pane and a table of contents find them), lists are List Bullet / List Number, tables a table
// style. The header and the footer, which the library has no call for, are parts added to its
// package: the document's id and title above, its version, status and "Page N of M" below.

// Sheet is what a printed document shows besides its text.
type Sheet struct {
	Ref, Title, Version, Status   string
	Owner, ApprovedBy, ApprovedOn string
	ReviewDue, Organisation       string
	Body                          string
	Language                      string // of the printed words ("" English); see In
}

// SheetOf is the printed form of a document as it stands (a draft, or approved).
func SheetOf(d *Document, organisation string) Sheet {
	status := "Draft"
	switch d.Status {
	case "approved":
		status = "Approved"
	case "retired":
		status = "Retired"
	}
	return Sheet{Ref: d.Ref, Title: d.Title, Version: d.Version, Status: status, Owner: d.Owner, ApprovedBy: d.ApprovedBy,
		ApprovedOn: d.ApprovedOn, ReviewDue: d.ReviewDue, Organisation: organisation, Body: d.Body}
}

// SheetOfVersion is the printed form of an approved version, as it was approved.
func SheetOfVersion(d *Document, v *Version, organisation string) Sheet {
	return Sheet{Ref: d.Ref, Title: v.Title, Version: v.Version, Status: "Approved", Owner: d.Owner, ApprovedBy: v.ApprovedBy,
		ApprovedOn: v.ApprovedOn, Organisation: organisation, Body: v.Body}
}

// WriteDOCX writes a document as a Word file.
func WriteDOCX(sh Sheet, w io.Writer) error {
	doc, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("DOCX: %w", err)
	}
	a4w, a4h := uint64(11906), uint64(16838) // A4 in twentieths of a point
	if doc.Document.Body.SectPr == nil {
		doc.Document.Body.SectPr = ctypes.NewSectionProper()
	}
	sect := doc.Document.Body.SectPr
	sect.PageSize = &ctypes.PageSize{Width: &a4w, Height: &a4h}
	side, top, edge, gutter := margin, 1134, 567, 0 // 2 cm, the header and footer 1 cm from the edge
	sect.PageMargin = &ctypes.PageMargin{Left: &side, Right: &side, Top: &top, Bottom: &top, Header: &edge, Footer: &edge, Gutter: &gutter}
	if err := addHeaderFooter(doc, sh); err != nil {
		return err
	}

	title := doc.AddEmptyParagraph()
	title.Style("Title")
	title.AddText(sh.Title)
	facts := doc.AddTable()
	facts.Style("TableGrid")
	var factRows [][]Cell
	for _, f := range sh.facts() {
		row := facts.AddRow()
		label := row.AddCell().BackgroundColor(headFill).AddEmptyPara()
		label.AddText(f[0]).Bold(true)
		row.AddCell().AddParagraph(f[1])
		factRows = append(factRows, []Cell{{{Text: f[0]}}, {{Text: f[1]}}})
	}
	fullWidth(facts, factRows)
	doc.AddEmptyParagraph()

	blocks := Blocks(sh.Body)
	if len(blocks) > 0 && blocks[0].Kind == Heading && blocks[0].Level == 1 && strings.EqualFold(Plain(blocks[0].Runs), sh.Title) {
		blocks = blocks[1:] // the title is printed above already
	}
	for _, b := range blocks {
		switch b.Kind {
		case Heading:
			p := doc.AddEmptyParagraph()
			p.Style(fmt.Sprintf("Heading%d", min(max(b.Level, 1), 6)))
			addRuns(p, b.Runs)
		case Paragraph:
			addRuns(doc.AddEmptyParagraph(), b.Runs)
		case Bullet, Numbered:
			p := doc.AddEmptyParagraph()
			style := "ListBullet"
			if b.Kind == Numbered {
				style = "ListNumber"
			}
			if b.Level > 0 {
				style += fmt.Sprint(min(b.Level+1, 3))
			}
			p.Style(style)
			addRuns(p, b.Runs)
		case Table:
			t := doc.AddTable()
			t.Style("TableGrid")
			fullWidth(t, b.Rows)
			for i, cells := range b.Rows {
				row := t.AddRow()
				for _, c := range cells {
					cell := row.AddCell()
					if i == 0 {
						// a header row of its own fill and bold text: table styles' conditional
						// formatting is not shown alike by every reader of Word files
						cell.BackgroundColor(headFill)
						for j := range c {
							c[j].Bold = true
						}
					}
					addRuns(cell.AddEmptyPara(), c)
				}
			}
			doc.AddEmptyParagraph()
		case Rule:
			doc.AddEmptyParagraph()
		}
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return fmt.Errorf("DOCX: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// headFill is the fill of a table's header cells.
const headFill = "DCE6F2"

// margin is the left and right margin (2 cm), and textWidth the width between them on A4, in
// twentieths of a point.
const (
	margin    = 1134
	textWidth = 11906 - 2*margin
)

// fullWidth spreads a table over the text's width, each column in proportion to its longest
// text (within bounds), since LibreOffice keeps the grid's widths as they are given.
func fullWidth(t *docx.Table, rows [][]Cell) {
	t.Width(5000, stypes.TableWidthPct)
	t.Layout(stypes.TableLayoutAutoFit)
	if len(rows) == 0 {
		return
	}
	weights := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			if i < len(weights) {
				weights[i] = max(weights[i], min(len([]rune(Plain(c)))+2, 40), 9)
			}
		}
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	widths := make([]uint64, len(weights))
	for i, w := range weights {
		widths[i] = uint64(textWidth * w / total)
	}
	t.Grid(widths...)
}

func addRuns(p *docx.Paragraph, runs []Run) {
	for _, r := range runs {
		if ref, ok := strings.CutPrefix(r.Link, "record:"); ok {
			// a link to a record of the workspace: its reference, which a reader of the file can look up
			if r.Text != ref {
				r.Text += " (" + ref + ")"
			}
			r.Link = ""
		}
		if r.Link != "" {
			p.AddLink(r.Text, r.Link)
			continue
		}
		run := p.AddText(r.Text)
		if r.Bold {
			run.Bold(true)
		}
		if r.Italic {
			run.Italic(true)
		}
		if r.Code {
			run.Font("Courier New")
		}
	}
}

const (
	wordNS     = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	headerType = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
	footerType = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	headerRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
	footerRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
)

// addHeaderFooter adds the header (organisation, document id and title) and the footer
// (version, status, page N of M, as fields Word and LibreOffice fill in) to the package.
func addHeaderFooter(doc *docx.RootDoc, sh Sheet) error {
	esc := html.EscapeString
	head := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<w:hdr %s><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:hdr>`,
		wordNS, esc(strings.TrimPrefix(sh.Organisation+" · ", " · ")+sh.Ref+" "+sh.Title))
	foot := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<w:ftr %s><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>`+
		`<w:r><w:t xml:space="preserve">%s </w:t></w:r>`+
		`<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>`+
		`<w:r><w:t xml:space="preserve"> %s </w:t></w:r>`+
		`<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>`,
		wordNS, esc(sh.footer()), esc(sh.w("of")))
	doc.FileMap.Store("word/header1.xml", []byte(head))
	doc.FileMap.Store("word/footer1.xml", []byte(foot))
	if err := doc.ContentType.AddOverride("/word/header1.xml", headerType); err != nil {
		return err
	}
	if err := doc.ContentType.AddOverride("/word/footer1.xml", footerType); err != nil {
		return err
	}
	rel := func(typ, target string) string {
		id := fmt.Sprintf("rId%d", doc.Document.IncRelationID())
		doc.Document.DocRels.Relationships = append(doc.Document.DocRels.Relationships, &docx.Relationship{ID: id, Type: typ, Target: target})
		return id
	}
	sect := doc.Document.Body.SectPr
	sect.HeaderReference = &ctypes.HeaderReference{Type: stypes.HdrFtrDefault, ID: rel(headerRel, "header1.xml")}
	sect.FooterReference = &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: rel(footerRel, "footer1.xml")}
	return nil
}
