package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"smsworkbench/internal/documents"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
)

// The documented information: doc templates|new|show|edit|refresh|approve|draft|diff|export.

type docOpts struct {
	title, owner, file, by, on, reviewDue, version, from, to, docx, pdf, kind, out string
	note                                                                           optional
}

const docUsage = "templates | new TEMPLATE|FILE.md | show DOC | edit DOC --file FILE.md | refresh DOC | approve DOC --by NAME | draft DOC | diff DOC | export DOC --docx FILE --pdf FILE | import FILE.docx --type T | pack --out FILE.zip [--language en|de]"

func init() {
	commands["doc"] = command{docUsage, 1, 2, func(fs *flag.FlagSet, o *opts) {
		d := &o.doc
		jsonFlag(fs, o)
		fs.StringVar(&d.title, "title", "", "new: the document's title (default: the template's)")
		fs.StringVar(&d.owner, "owner", "", "new: the document's owner")
		fs.StringVar(&d.file, "file", "", "edit: the document's new text, Markdown (- for standard input)")
		fs.Var(&d.note, "note", "edit, approve: the change note of the version")
		fs.StringVar(&d.by, "by", "", "approve: who approves")
		fs.StringVar(&d.on, "on", "", "approve: the approval date (default today)")
		fs.StringVar(&d.reviewDue, "review-due", "", "approve: the next review (default a year after approval)")
		fs.StringVar(&d.version, "version", "", "show, export: an approved version (default: the document as it stands)")
		fs.StringVar(&d.from, "from", "", "diff: the version compared (default the last approved)")
		fs.StringVar(&d.to, "to", "", "diff: the version compared with (default the current text)")
		fs.StringVar(&d.docx, "docx", "", "export: the Word file to write (.docx)")
		fs.StringVar(&d.pdf, "pdf", "", "export: the PDF to write (.pdf)")
		fs.StringVar(&d.kind, "type", "", "import: the document's type (sms, scope, change, security, process, procedure…)")
		fs.StringVar(&d.out, "out", "", "pack: the zip to write")
		fs.StringVar(&o.language, "language", o.lang,
			"templates, new, export, pack: the language of the templates and of the printed document, en or de (default: the command line's language: --language before the command, else the system's); a document keeps the language it was generated in")
	}, runDoc}
}

func runDoc(c *ctx, args []string) error {
	lang := c.o.language
	if lang == "" {
		lang = "en"
	}
	if err := documents.CheckLanguage(lang); err != nil {
		return err
	}
	lib := documents.NewIn(c.s, lang)
	d := &c.o.doc
	sub := args[0]
	key := ""
	if len(args) == 2 {
		key = args[1]
	}
	need := func(what string) error {
		if key == "" {
			return usagef("doc %s: expected %s", sub, what)
		}
		return nil
	}
	switch sub {
	case "templates":
		if c.o.json {
			return c.printJSON(documents.TemplatesIn(lang))
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(c.trs("TEMPLATE", "CLAUSE", "TYPE", "TITLE"), "\t"))
		for _, t := range documents.TemplatesIn(lang) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, t.Clause, t.Type, t.Title)
		}
		return tw.Flush()
	case "new":
		if err := need("TEMPLATE or FILE.md"); err != nil {
			return err
		}
		t, ok := documents.TemplateIn(lang, key)
		if !ok {
			if !strings.HasSuffix(strings.ToLower(key), ".md") {
				var ids []string
				for _, t := range documents.Templates {
					ids = append(ids, t.ID)
				}
				return fault.New("documents.template_unknown", "template", "no template %q (templates: %s; or a Markdown file of your own)", key, strings.Join(ids, ", "))
			}
			data, err := os.ReadFile(key)
			if err != nil {
				return fmt.Errorf("cannot read the template %s: %v", key, err)
			}
			if t, err = documents.ParseTemplate(string(data)); err != nil {
				return fault.New("documents.template_invalid", "template", "the template %s: %v", key, err)
			}
		}
		doc, err := lib.Start(c, t, documents.StartInput{Title: d.title, Owner: d.owner})
		if err != nil {
			return err
		}
		return printDoc(c, doc)
	case "show":
		if err := need("DOC"); err != nil {
			return err
		}
		if d.version != "" {
			v, err := lib.Version(c, key, d.version)
			if err != nil {
				return err
			}
			if c.o.json {
				return c.printJSON(v)
			}
			_, err = io.WriteString(c.env.Stdout, v.Body)
			return err
		}
		doc, err := lib.Get(c, key)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(doc)
		}
		_, err = io.WriteString(c.env.Stdout, doc.Body)
		return err
	case "edit":
		if err := need("DOC --file FILE.md"); err != nil {
			return err
		}
		if d.file == "" {
			return fault.New("documents.file_required", "file", "give the new text with --file FILE.md (- for standard input)")
		}
		var data []byte
		var err error
		if d.file == "-" {
			data, err = io.ReadAll(c.env.Stdin)
		} else {
			data, err = os.ReadFile(d.file)
		}
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", d.file, err)
		}
		doc, err := lib.Edit(c, key, string(data), d.note.ptr())
		if err != nil {
			return err
		}
		return printDoc(c, doc)
	case "refresh":
		if err := need("DOC"); err != nil {
			return err
		}
		doc, changed, err := lib.Refresh(c, key)
		if err != nil {
			return err
		}
		if len(changed) == 0 {
			fmt.Fprintln(c.env.Stderr, c.tr("%s: the generated parts are up to date", doc.Ref))
		} else {
			fmt.Fprintln(c.env.Stderr, c.tr("%s: refreshed %s", doc.Ref, strings.Join(changed, "; ")))
		}
		return printDoc(c, doc)
	case "approve":
		if err := need("DOC --by NAME"); err != nil {
			return err
		}
		v, err := lib.Approve(c, key, documents.ApproveInput{By: d.by, On: d.on, Note: d.note.value, ReviewDue: d.reviewDue})
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(v)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("approved version %s of %s (%s) by %s on %s; sha256 %s", v.Version, key, v.Ref, v.ApprovedBy, c.date(v.ApprovedOn), v.SHA256))
		return nil
	case "draft":
		if err := need("DOC"); err != nil {
			return err
		}
		doc, err := lib.NewDraft(c, key)
		if err != nil {
			return err
		}
		return printDoc(c, doc)
	case "diff":
		if err := need("DOC"); err != nil {
			return err
		}
		diff, err := lib.Diff(c, key, d.from, d.to)
		if err != nil {
			return err
		}
		if diff == "" {
			fmt.Fprintln(c.env.Stderr, c.tr("no difference"))
		}
		_, err = io.WriteString(c.env.Stdout, diff)
		return err
	case "export":
		if err := need("DOC --docx FILE"); err != nil {
			return err
		}
		return exportDoc(c, lib, key)
	case "import":
		if err := need("FILE.docx"); err != nil {
			return err
		}
		data, err := os.ReadFile(key)
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", key, err)
		}
		doc, err := lib.Import(c, documents.ImportInput{Data: data, Type: d.kind, Title: d.title, Owner: d.owner, Name: filepath.Base(key)})
		if err != nil {
			return err
		}
		return printDoc(c, doc)
	case "pack":
		return packDocs(c, lib)
	}
	return usagef("doc: expected %s", docUsage)
}

func printDoc(c *ctx, doc *documents.Document) error {
	if c.o.json {
		return c.printJSON(doc)
	}
	fmt.Fprintln(c.env.Stdout, c.tr("%s %s, version %s, %s", doc.Ref, doc.Title, doc.Version, c.word(schema.StateWord("policy", doc.Status))))
	return nil
}

func exportDoc(c *ctx, lib *documents.Library, key string) error {
	d := &c.o.doc
	if d.docx == "" && d.pdf == "" {
		return fault.New("output.required", "docx", "give the file to write: --docx FILE.docx, --pdf FILE.pdf or both")
	}
	for _, f := range []struct{ field, path, ext string }{{"docx", d.docx, ".docx"}, {"pdf", d.pdf, ".pdf"}} {
		if f.path == "" {
			continue
		}
		if !strings.EqualFold(filepath.Ext(f.path), f.ext) {
			return fault.New("output.extension", f.field, "%s: the file name must end in %s", f.path, f.ext)
		}
		if err := c.s.CheckOutput(f.path); err != nil {
			return err
		}
	}
	doc, err := lib.Get(c, key)
	if err != nil {
		return err
	}
	sheet := documents.SheetOf(doc, c.s.Meta("name"))
	if d.version != "" {
		v, err := lib.Version(c, key, d.version)
		if err != nil {
			return err
		}
		sheet = documents.SheetOfVersion(doc, v, c.s.Meta("name"))
	}
	status := c.word(schema.StateWord("policy", strings.ToLower(sheet.Status))) // the message's word, before the sheet is printed in its language
	sheet = sheet.In(lib.Language())
	write := func(path string, data []byte) error {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %v", path, err)
		}
		fmt.Fprintln(c.env.Stderr, c.tr("wrote %s (%s, version %s, %s, %d bytes)", path, doc.Ref, sheet.Version, status, len(data)))
		return nil
	}
	if d.docx != "" {
		var buf bytes.Buffer
		if err := documents.WriteDOCX(sheet, &buf); err != nil {
			return err
		}
		if err := write(d.docx, buf.Bytes()); err != nil {
			return err
		}
	}
	if d.pdf != "" {
		data, err := documents.WritePDF(sheet)
		if err != nil {
			return err
		}
		return write(d.pdf, data)
	}
	return nil
}

func packDocs(c *ctx, lib *documents.Library) error {
	out := c.o.doc.out
	if out == "" {
		return fault.New("output.required", "out", "give the zip to write with --out FILE.zip")
	}
	if !strings.EqualFold(filepath.Ext(out), ".zip") {
		return fault.New("output.extension", "out", "%s: the file name must end in .zip", out)
	}
	if err := c.s.CheckOutput(out); err != nil {
		return err
	}
	var buf bytes.Buffer
	entries, err := lib.Pack(c, &buf)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", out, err)
	}
	if c.o.json {
		return c.printJSON(entries)
	}
	fmt.Fprintln(c.env.Stdout, c.tr("wrote %s: %d approved documents as DOCX and PDF, and index.xlsx (%d bytes)", out, len(entries), buf.Len()))
	return nil
}
