package documents

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// A client's Word document comes in as the first version of a document: its headings (by their
// style, whatever the language of the Word that wrote it: a style's name is "heading 1" in every
// language, its id is not), paragraphs with bold and italic, lists and tables, as Markdown.
// Images, comments and tracked changes are left out; the text of a tracked insertion is kept.

// maxDOCX bounds a Word file read: documents are text, and a zip bomb must not fill memory.
const maxDOCX = 50 << 20

// ReadDOCX reads a Word file (.docx) as a title (its Title paragraph or first heading) and
// Markdown. A file that is not a Word document is refused in one line.
func ReadDOCX(data []byte) (title, markdown string, err error) {
	notWord := func(why string) error {
		return fault.New("documents.docx_invalid", "file", "not a Word document (.docx): %s", why)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", "", notWord("it is no zip archive")
	}
	part := func(name string) ([]byte, error) {
		for _, f := range z.File {
			if f.Name == name {
				if f.UncompressedSize64 > maxDOCX {
					return nil, notWord(name + " is larger than 50 MB")
				}
				r, err := f.Open()
				if err != nil {
					return nil, notWord(name + " cannot be read: " + err.Error())
				}
				defer r.Close()
				b, err := io.ReadAll(io.LimitReader(r, maxDOCX+1))
				if err != nil || len(b) > maxDOCX {
					return nil, notWord(name + " cannot be read whole")
				}
				return b, nil
			}
		}
		return nil, nil
	}
	doc, err := part("word/document.xml")
	if err != nil {
		return "", "", err
	}
	if doc == nil {
		return "", "", notWord("it has no word/document.xml")
	}
	styles, err := part("word/styles.xml")
	if err != nil {
		return "", "", err
	}
	names := styleNames(styles)
	r := &docxReader{names: names}
	if err := r.read(doc); err != nil {
		return "", "", notWord("word/document.xml is damaged: " + err.Error())
	}
	return r.title, strings.TrimSpace(r.out.String()) + "\n", nil
}

// styleNames maps each paragraph style's id to its name in lower case ("heading 1").
func styleNames(data []byte) map[string]string {
	out := map[string]string{}
	if data == nil {
		return out
	}
	var s struct {
		Styles []struct {
			ID   string `xml:"styleId,attr"`
			Name struct {
				Val string `xml:"val,attr"`
			} `xml:"name"`
		} `xml:"style"`
	}
	if xml.Unmarshal(data, &s) == nil {
		for _, st := range s.Styles {
			out[st.ID] = strings.ToLower(st.Name.Val)
		}
	}
	return out
}

var headingName = regexp.MustCompile(`^heading ([1-6])$`)

type docxReader struct {
	names  map[string]string
	out    strings.Builder
	title  string
	inList bool // the last paragraph was a list item: the next item follows it without a blank line
}

// block starts a block of Markdown: a blank line after a list that ends.
func (r *docxReader) block(list bool) {
	if r.inList && !list {
		r.out.WriteString("\n")
	}
	r.inList = list
}

// para is a paragraph being read.
type para struct {
	style  string
	list   bool
	level  int
	text   strings.Builder
	bold   bool
	italic bool
}

func (r *docxReader) read(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var p *para
	var table [][]string // rows of the table being read
	var row []string
	var cell *strings.Builder
	inTable := 0
	inDeleted := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				inTable++
				if inTable == 1 {
					table = nil
				}
			case "tr":
				row = nil
			case "tc":
				cell = &strings.Builder{}
			case "p":
				p = &para{}
			case "pStyle":
				if p != nil {
					p.style = attr(t, "val")
				}
			case "numPr":
				if p != nil {
					p.list = true
				}
			case "ilvl":
				if p != nil {
					fmt.Sscan(attr(t, "val"), &p.level)
				}
			case "del":
				inDeleted++
			case "b":
				if p != nil && attr(t, "val") != "0" && attr(t, "val") != "false" {
					p.bold = true
				}
			case "i":
				if p != nil && attr(t, "val") != "0" && attr(t, "val") != "false" {
					p.italic = true
				}
			case "r":
				if p != nil {
					p.bold, p.italic = false, false
				}
			case "t":
				var text string
				if err := d.DecodeElement(&text, &t); err != nil {
					return err
				}
				if p != nil && inDeleted == 0 {
					p.text.WriteString(styled(text, p.bold, p.italic))
				}
			case "tab", "br", "cr":
				if p != nil {
					p.text.WriteString(" ")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "del":
				inDeleted--
			case "p":
				if p == nil {
					continue
				}
				text := strings.TrimSpace(strings.Join(strings.Fields(p.text.String()), " "))
				if inTable > 0 {
					if cell != nil && text != "" {
						if cell.Len() > 0 {
							cell.WriteString(" ")
						}
						cell.WriteString(text)
					}
				} else {
					r.paragraph(p, text)
				}
				p = nil
			case "tc":
				if cell != nil {
					row = append(row, cell.String())
					cell = nil
				}
			case "tr":
				if inTable == 1 {
					table = append(table, row)
				}
			case "tbl":
				inTable--
				if inTable == 0 {
					r.table(table)
				}
			}
		}
	}
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// styled writes a run's text as Markdown, with its emphasis; characters Markdown would read as
// markup are escaped.
func styled(text string, bold, italic bool) string {
	esc := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", `\<`, "[", `\[`, "|", `\|`).Replace(text)
	if strings.TrimSpace(esc) == "" {
		return esc
	}
	lead, trail := esc[:len(esc)-len(strings.TrimLeft(esc, " "))], esc[len(strings.TrimRight(esc, " ")):]
	core := strings.TrimSpace(esc)
	switch {
	case bold && italic:
		core = "***" + core + "***"
	case bold:
		core = "**" + core + "**"
	case italic:
		core = "*" + core + "*"
	}
	return lead + core + trail
}

func (r *docxReader) paragraph(p *para, text string) {
	if text == "" {
		return
	}
	name := r.names[p.style]
	if name == "" {
		name = strings.ToLower(p.style)
	}
	plain := strings.Trim(text, "*")
	list := p.list || strings.HasPrefix(name, "list ")
	r.block(list)
	switch {
	case name == "title":
		if r.title == "" {
			r.title = plain
		}
		fmt.Fprintf(&r.out, "# %s\n\n", plain)
	case headingName.MatchString(name):
		level := headingName.FindStringSubmatch(name)[1]
		if r.title == "" && level == "1" {
			r.title = plain
		}
		fmt.Fprintf(&r.out, "%s %s\n\n", strings.Repeat("#", int(level[0]-'0')), plain)
	case p.list || strings.HasPrefix(name, "list bullet") || strings.HasPrefix(name, "list paragraph"):
		fmt.Fprintf(&r.out, "%s- %s\n", strings.Repeat("  ", p.level), text)
	case strings.HasPrefix(name, "list number"):
		fmt.Fprintf(&r.out, "%s1. %s\n", strings.Repeat("   ", p.level), text)
	default:
		if strings.HasPrefix(text, "#") || strings.HasPrefix(text, "- ") || strings.HasPrefix(text, "+ ") {
			text = `\` + text
		}
		fmt.Fprintf(&r.out, "%s\n\n", text)
	}
}

func (r *docxReader) table(rows [][]string) {
	if len(rows) == 0 {
		return
	}
	r.block(false)
	cols := 0
	for _, row := range rows {
		cols = max(cols, len(row))
	}
	if cols == 0 {
		return
	}
	line := func(row []string) {
		for i := 0; i < cols; i++ {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			if v == "" {
				v = " "
			}
			fmt.Fprintf(&r.out, "| %s ", v)
		}
		r.out.WriteString("|\n")
	}
	line(rows[0])
	r.out.WriteString(strings.Repeat("|---", cols) + "|\n")
	for _, row := range rows[1:] {
		line(row)
	}
	r.out.WriteString("\n")
}

// ImportInput is a client's Word document to bring in.
type ImportInput struct {
	Data  []byte
	Type  string // the policy_type; empty: other
	Title string // empty: the document's own
	Owner string
	Name  string // the file's name, for the record's history
}

// Import brings a client's Word document into the register as a draft of its first version.
func (l *Library) Import(ctx context.Context, in ImportInput) (*Document, error) {
	title, body, err := ReadDOCX(in.Data)
	if err != nil {
		return nil, err
	}
	if t := strings.TrimSpace(in.Title); t != "" {
		title = t
	}
	if title == "" {
		title = strings.TrimSuffix(in.Name, ".docx")
	}
	if title == "" {
		return nil, fault.New("documents.title_required", "title", "the Word document has no title: give one")
	}
	typ := in.Type
	if typ == "" {
		typ = "other"
	}
	var id string
	err = l.s.Write(ctx, func(tx *store.Tx) error {
		r, err := tx.Create("policy", map[string]any{"title": title, "policy_type": typ, "body": body, "version": "1.0",
			"owner": strings.TrimSpace(in.Owner), "change_note": "imported from " + in.Name}, store.Change{Note: "imported from " + in.Name})
		if err == nil {
			id = r.ID
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return l.Get(ctx, id)
}
