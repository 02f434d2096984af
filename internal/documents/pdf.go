package documents

import (
	"fmt"
	"strings"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	mtext "github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/breakline"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"smsworkbench/internal/printing"
)

// The PDF of a document, with the audit pack's fonts (package printing): the title and the
// document's facts, its text, and on every page a header with its id and title and a footer with
// its version, status and page number. A paragraph prints in one style: emphasis inside it is
// the DOCX's to show.

var (
	ink         = &props.Color{Red: 33, Green: 37, Blue: 41}
	grey        = &props.Color{Red: 108, Green: 117, Blue: 125}
	brand       = &props.Color{Red: 31, Green: 78, Blue: 121}
	pdfHeadFill = &props.Color{Red: 220, Green: 230, Blue: 242}
	ruleLine    = &props.Color{Red: 200, Green: 205, Blue: 210}
)

func pt(size float64, style fontstyle.Type, c *props.Color) props.Text {
	return props.Text{Family: printing.Family, Size: size, Style: style, Color: c}
}

// WritePDF prints a document as a PDF.
func WritePDF(sh Sheet) ([]byte, error) {
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(20).WithRightMargin(20).WithTopMargin(12).WithBottomMargin(10).
		WithCustomFonts(printing.Fonts).
		WithDefaultFont(&props.Font{Family: printing.Family, Size: 10, Color: ink}).
		WithPageNumber(props.PageNumber{Pattern: sh.footer() + " {current} " + sh.w("of") + " {total}",
			Place: props.RightBottom, Family: printing.Family, Size: 8, Color: grey}).
		WithTitle(sh.Title, true).
		WithAuthor(sh.Organisation, true).
		WithSubject(sh.Ref+" "+strings.ToLower(sh.w("Version"))+" "+sh.Version, true).
		WithCreator("SMS Workbench", true).
		Build()
	m := maroto.New(cfg)
	head := pt(8, fontstyle.Normal, grey)
	if err := m.RegisterHeader(
		row.New(6).Add(mtext.NewCol(12, strings.TrimPrefix(sh.Organisation+" · ", " · ")+sh.Ref+" "+sh.Title, head)),
		line.NewRow(3, props.Line{Color: ruleLine, Thickness: 0.3, SizePercent: 100}),
	); err != nil {
		return nil, err
	}
	title := pt(20, fontstyle.Bold, brand)
	title.Bottom = 3
	m.AddRows(row.New().Add(mtext.NewCol(12, sh.Title, title)))
	label := pt(9, fontstyle.Bold, grey)
	for _, f := range sh.facts() {
		m.AddRows(row.New().Add(mtext.NewCol(3, f[0], label), mtext.NewCol(9, f[1], pt(9, fontstyle.Normal, ink))))
	}
	m.AddRows(row.New(4))

	blocks := Blocks(sh.Body)
	if len(blocks) > 0 && blocks[0].Kind == Heading && blocks[0].Level == 1 && strings.EqualFold(Plain(blocks[0].Runs), sh.Title) {
		blocks = blocks[1:]
	}
	number := 0
	for _, b := range blocks {
		if b.Kind != Numbered {
			number = 0
		}
		switch b.Kind {
		case Heading:
			size := map[int]float64{1: 15, 2: 12.5, 3: 11}[b.Level]
			if size == 0 {
				size = 10.5
			}
			t := pt(size, fontstyle.Bold, brand)
			t.Top, t.Bottom = 3, 1
			m.AddRows(row.New().Add(mtext.NewCol(12, runText(b.Runs), t)))
		case Paragraph:
			t := pt(10, style(b.Runs), ink)
			t.Bottom = 2
			m.AddRows(row.New().Add(mtext.NewCol(12, runText(b.Runs), t)))
		case Bullet, Numbered:
			mark := "•"
			if b.Kind == Numbered {
				number++
				mark = fmt.Sprintf("%d.", number)
			}
			indent := min(b.Level, 2)
			t := pt(10, style(b.Runs), ink)
			t.Bottom = 1
			m.AddRows(row.New().Add(mtext.NewCol(1+indent, mark, right(pt(10, fontstyle.Normal, ink))), mtext.NewCol(11-indent, runText(b.Runs), t)))
		case Table:
			m.AddRows(tableRows(b.Rows)...)
			m.AddRows(row.New(3))
		case Rule:
			m.AddRows(line.NewRow(4, props.Line{Color: ruleLine, Thickness: 0.3, SizePercent: 100}))
		}
	}
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	return doc.GetBytes(), nil
}

func right(t props.Text) props.Text { t.Align = align.Right; t.Right = 2; return t }

// runText is a paragraph's text; a link's destination follows its words.
func runText(rs []Run) string {
	var sb strings.Builder
	for _, r := range rs {
		sb.WriteString(r.Text)
		link := strings.TrimPrefix(r.Link, "record:")
		if link != "" && link != r.Text {
			sb.WriteString(" (" + link + ")")
		}
	}
	return sb.String()
}

// style is a paragraph's one style: bold or italic when all of it is.
func style(rs []Run) fontstyle.Type {
	bold, italic := len(rs) > 0, len(rs) > 0
	for _, r := range rs {
		bold = bold && r.Bold
		italic = italic && r.Italic
	}
	switch {
	case bold:
		return fontstyle.Bold
	case italic:
		return fontstyle.Italic
	}
	return fontstyle.Normal
}

// tableRows prints a table on the 12-column grid: each column first gets what its references,
// dates and figures need (SUP-00001 is never split; a grid column holds about nine characters at
// the table's size), the rest in proportion to its longest text; a word wider than its column
// is broken with a dash rather than printed over the next.
func tableRows(rows [][]Cell) []core.Row {
	if len(rows) == 0 {
		return nil
	}
	n := min(len(rows[0]), 12)
	weights, least := make([]int, n), make([]int, n)
	for _, r := range rows {
		for i := 0; i < n && i < len(r); i++ {
			t := Plain(r[i])
			weights[i] = max(weights[i], min(len([]rune(t)), 40), 6)
			for _, w := range strings.Fields(t) {
				if strings.ContainsAny(w, "0123456789") { // a reference, a date, a figure: never split
					least[i] = max(least[i], (len([]rune(w))+1+8)/9)
				}
			}
		}
	}
	sizes := make([]int, n)
	used := 0
	for i := range sizes {
		sizes[i] = max(1, least[i])
		used += sizes[i]
	}
	if used > 12 { // too many long words: every column one, the rest by weight
		used = 0
		for i := range sizes {
			sizes[i] = 1
			used++
		}
	}
	for used < 12 { // the spare columns go where the text is longest for its width
		best := 0
		for i := range sizes {
			if weights[i]*sizes[best] > weights[best]*sizes[i] {
				best = i
			}
		}
		sizes[best]++
		used++
	}
	var out []core.Row
	for ri, r := range rows {
		var cols []core.Col
		for i := 0; i < n; i++ {
			t := pt(8, fontstyle.Normal, ink)
			if ri == 0 {
				t.Style = fontstyle.Bold
			}
			t.Left, t.Top, t.Bottom = 1, 1, 1
			v := ""
			if i < len(r) {
				v = runText(r[i])
			}
			for _, w := range strings.Fields(v) {
				if len([]rune(w)) > sizes[i]*9-1 {
					t.BreakLineStrategy = breakline.DashStrategy
				}
			}
			cols = append(cols, mtext.NewCol(sizes[i], v, t))
		}
		style := &props.Cell{BorderType: border.Bottom, BorderColor: ruleLine, BorderThickness: 0.2}
		if ri == 0 {
			style.BackgroundColor = pdfHeadFill
		}
		out = append(out, row.New().Add(cols...).WithStyle(style))
	}
	return out
}
