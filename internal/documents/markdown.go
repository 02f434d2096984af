package documents

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Block is one block of a document as the writers print it.
type Block struct {
	Kind  BlockKind
	Level int      // a heading's level (1–6); a list item's depth (0 at the top)
	Runs  []Run    // a heading's, paragraph's or list item's text
	Rows  [][]Cell // a table's rows, the first its header
}

// Cell is a table cell.
type Cell = []Run

// BlockKind says what a block is.
type BlockKind string

const (
	Heading   BlockKind = "heading"
	Paragraph BlockKind = "paragraph"
	Bullet    BlockKind = "bullet"
	Numbered  BlockKind = "numbered"
	Table     BlockKind = "table"
	Rule      BlockKind = "rule"
)

// Run is text of one style.
type Run struct {
	Text         string
	Bold, Italic bool
	Code         bool
	Link         string // a link's destination
}

var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// Blocks reads a document's Markdown into the blocks the writers print. HTML in it (the
// generated blocks' markers) is left out; nothing of it is ever printed as markup.
func Blocks(source string) []Block {
	src := []byte(source)
	doc := md.Parser().Parse(text.NewReader(src))
	var out []Block
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch node := c.(type) {
			case *ast.Heading:
				out = append(out, Block{Kind: Heading, Level: node.Level, Runs: runs(node, src)})
			case *ast.Paragraph, *ast.TextBlock:
				if r := runs(node, src); len(r) > 0 {
					out = append(out, Block{Kind: Paragraph, Runs: r})
				}
			case *ast.List:
				walkList(node, depth, src, &out)
			case *east.Table:
				b := Block{Kind: Table}
				for row := node.FirstChild(); row != nil; row = row.NextSibling() {
					var cells []Cell
					for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
						cells = append(cells, runs(cell, src))
					}
					b.Rows = append(b.Rows, cells)
				}
				out = append(out, b)
			case *ast.ThematicBreak:
				out = append(out, Block{Kind: Rule})
			case *ast.Blockquote:
				walk(node, depth)
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				var sb strings.Builder
				lines := c.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					sb.Write(seg.Value(src))
				}
				out = append(out, Block{Kind: Paragraph, Runs: []Run{{Text: strings.TrimRight(sb.String(), "\n"), Code: true}}})
			}
		}
	}
	walk(doc, 0)
	return out
}

// walkList adds a nested list's items at a depth.
func walkList(l *ast.List, depth int, src []byte, out *[]Block) {
	kind := Bullet
	if l.IsOrdered() {
		kind = Numbered
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		for part := item.FirstChild(); part != nil; part = part.NextSibling() {
			if sub, ok := part.(*ast.List); ok {
				walkList(sub, depth+1, src, out)
				continue
			}
			if r := runs(part, src); len(r) > 0 {
				*out = append(*out, Block{Kind: kind, Level: depth, Runs: r})
			}
		}
	}
}

// runs is the inline text of a block with its emphasis and links.
func runs(n ast.Node, src []byte) []Run {
	var out []Run
	var walk func(n ast.Node, style Run)
	walk = func(n ast.Node, style Run) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch node := c.(type) {
			case *ast.Text:
				r := style
				r.Text = string(node.Segment.Value(src))
				if node.SoftLineBreak() || node.HardLineBreak() {
					r.Text += " "
				}
				out = appendRun(out, r)
			case *ast.String:
				r := style
				r.Text = string(node.Value)
				out = appendRun(out, r)
			case *ast.CodeSpan:
				r := style
				r.Code = true
				r.Text = string(nodeText(node, src))
				out = appendRun(out, r)
			case *ast.Emphasis:
				s := style
				if node.Level >= 2 {
					s.Bold = true
				} else {
					s.Italic = true
				}
				walk(node, s)
			case *ast.Link:
				s := style
				s.Link = string(node.Destination)
				walk(node, s)
			case *ast.AutoLink:
				r := style
				r.Link = string(node.URL(src))
				r.Text = string(node.Label(src))
				out = appendRun(out, r)
			case *ast.RawHTML:
				// the generated blocks' inline markers: not printed
			default:
				walk(node, style)
			}
		}
	}
	walk(n, Run{})
	// no run of blanks alone at the ends
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1].Text) == "" {
		out = out[:len(out)-1]
	}
	if len(out) > 0 {
		out[len(out)-1].Text = strings.TrimRight(out[len(out)-1].Text, " ")
	}
	return out
}

func nodeText(n ast.Node, src []byte) []byte {
	var b []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b = append(b, t.Segment.Value(src)...)
		}
	}
	return b
}

// appendRun joins a run to the previous one when they look the same.
func appendRun(out []Run, r Run) []Run {
	if n := len(out); n > 0 {
		last := &out[n-1]
		if last.Bold == r.Bold && last.Italic == r.Italic && last.Code == r.Code && last.Link == r.Link {
			last.Text += r.Text
			return out
		}
	}
	return append(out, r)
}

// Plain is a block's text without its styles.
func Plain(rs []Run) string {
	var sb strings.Builder
	for _, r := range rs {
		sb.WriteString(r.Text)
	}
	return sb.String()
}
