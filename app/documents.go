package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"smsworkbench/internal/documents"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
)

// The window's side of the documented information (docs/documents.md): templates, a document's
// text edited with its preview, refreshed, approved, its next draft and the difference, the
// approved versions, DOCX and PDF, a client's Word file brought in, the document pack. The work
// and its refusals are package documents'.

var (
	docxFilter = FileFilter{Name: i18n.Mark("Word document (*.docx)"), Pattern: "*.docx"}
	zipFilter  = FileFilter{Name: i18n.Mark("Zip archive (*.zip)"), Pattern: "*.zip"}
)

// docLanguage is the language of the settings, in which the templates are offered, new
// documents generated and documents printed (English when the documents have no such language).
// A document keeps the text it was generated with; its refresh follows its own language.
func (a *App) docLanguage() string {
	lang := "en"
	if s, err := a.prefs.Settings(); err == nil {
		lang = s.Language
	}
	if documents.CheckLanguage(lang) != nil {
		lang = "en"
	}
	return lang
}

// DocumentTemplates lists the built-in templates in the settings' language.
func (a *App) DocumentTemplates() []documents.Template { return documents.TemplatesIn(a.docLanguage()) }

// Document reads a document with its approved versions.
func (a *App) Document(key string) (*documents.Document, error) {
	out, err := documents.New(a.store()).Get(a.ctx, key)
	return out, fail(err)
}

// DocumentVersion reads an approved version with its text.
func (a *App) DocumentVersion(key, version string) (*documents.Version, error) {
	out, err := documents.New(a.store()).Version(a.ctx, key, version)
	return out, fail(err)
}

// StartDocument makes a draft from a template, its placeholders filled from the workspace.
func (a *App) StartDocument(template, title, owner string) (*documents.Document, error) {
	lang := a.docLanguage()
	t, ok := documents.TemplateIn(lang, template)
	if !ok {
		return nil, fail(fieldErr("documents.template_unknown", "template", "choose a template"))
	}
	out, err := documents.NewIn(a.store(), lang).Start(a.ctx, t, documents.StartInput{Title: title, Owner: owner})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("policy")
	return out, nil
}

// SaveDocument writes a draft's text and change note.
func (a *App) SaveDocument(key, body, changeNote string) (*documents.Document, error) {
	out, err := documents.New(a.store()).Edit(a.ctx, key, body, &changeNote)
	if err != nil {
		return nil, fail(fault.Or("body", err))
	}
	a.changed("policy")
	return out, nil
}

// RefreshedDocument is a document after its generated parts were filled again.
type RefreshedDocument struct {
	Document *documents.Document `json:"document"`
	Changed  []string            `json:"changed"`
}

// RefreshDocument fills a draft's generated parts again from the workspace.
func (a *App) RefreshDocument(key string) (*RefreshedDocument, error) {
	d, changed, err := documents.New(a.store()).Refresh(a.ctx, key)
	if err != nil {
		return nil, fail(err)
	}
	if changed == nil {
		changed = []string{}
	}
	a.changed("policy")
	return &RefreshedDocument{Document: d, Changed: changed}, nil
}

// ApproveDocument approves a draft: its text is frozen as a version with its sha256.
func (a *App) ApproveDocument(key, by, on, note string) (*documents.Version, error) {
	out, err := documents.New(a.store()).Approve(a.ctx, key, documents.ApproveInput{By: by, On: strings.TrimSpace(on), Note: note})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("docversion")
	return out, nil
}

// NewDocumentDraft starts the next version of an approved document.
func (a *App) NewDocumentDraft(key string) (*documents.Document, error) {
	out, err := documents.New(a.store()).NewDraft(a.ctx, key)
	if err != nil {
		return nil, fail(err)
	}
	a.changed("policy")
	return out, nil
}

// DocumentDiff is the difference between two versions ("" from: the last approved; "" to: the
// current text), as a unified diff.
func (a *App) DocumentDiff(key, from, to string) (string, error) {
	out, err := documents.New(a.store()).Diff(a.ctx, key, from, to)
	return out, fail(err)
}

// DocumentPreview renders Markdown as the preview shows it, the generated parts marked.
func (a *App) DocumentPreview(body string) (string, error) {
	out, err := documents.Preview(body)
	return out, fail(err)
}

// ExportDocument writes a document (a version of it, or as it stands when version is "") as
// DOCX (kind "docx") or PDF ("pdf") to path, or where a save dialog says when path is ""; it
// returns the path written, "" when the user cancels.
func (a *App) ExportDocument(key, version, kind, path string) (string, error) {
	lib := documents.New(a.store())
	d, err := lib.Get(a.ctx, key)
	if err != nil {
		return "", fail(err)
	}
	sheet := documents.SheetOf(d, a.store().Meta("name"))
	if version != "" {
		v, err := lib.Version(a.ctx, key, version)
		if err != nil {
			return "", fail(err)
		}
		sheet = documents.SheetOfVersion(d, v, a.store().Meta("name"))
	}
	sheet = sheet.In(a.docLanguage())
	filter, ext := docxFilter, ".docx"
	switch kind {
	case "docx":
	case "pdf":
		filter, ext = pdfFilter, ".pdf"
	default:
		return "", fail(fmt.Errorf("unknown file kind %q (docx or pdf)", kind))
	}
	if path = strings.TrimSpace(path); path == "" {
		if path, err = a.runtime().SaveFile(i18n.Mark("Save the document"), slug(d.Ref+" "+d.Title)+"-v"+sheet.Version+ext, filter); err != nil || path == "" {
			return "", fail(err)
		}
	}
	if filepath.Ext(path) == "" {
		path += ext
	}
	if !strings.EqualFold(filepath.Ext(path), ext) {
		return "", fail(fieldErr("output.extension", "path", "%s: the file name must end in %s", path, ext))
	}
	if err := a.store().CheckOutput(path); err != nil {
		return "", fail(fault.Or("path", err))
	}
	var data []byte
	if kind == "docx" {
		var buf bytes.Buffer
		if err := documents.WriteDOCX(sheet, &buf); err != nil {
			return "", fail(err)
		}
		data = buf.Bytes()
	} else if data, err = documents.WritePDF(sheet); err != nil {
		return "", fail(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", fail(fieldErr("output.write_failed", "path", "cannot write %s: %w", path, err))
	}
	return path, nil
}

// ImportDocument brings a client's Word file (from path, or chosen in a dialog when path is "")
// into the register as a draft of its first version; nil when the user cancels.
func (a *App) ImportDocument(path, kind string) (*documents.Document, error) {
	if path = strings.TrimSpace(path); path == "" {
		var err error
		if path, err = a.runtime().OpenFile(i18n.Mark("Import a Word document"), docxFilter); err != nil || path == "" {
			return nil, fail(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fail(fieldErr("documents.docx_unreadable", "file", "cannot read %s: %w", path, err))
	}
	out, err := documents.New(a.store()).Import(a.ctx, documents.ImportInput{Data: data, Type: kind, Name: filepath.Base(path)})
	if err != nil {
		return nil, fail(fault.Or("file", err))
	}
	a.changed("policy")
	return out, nil
}

// WrittenPack is what the document pack wrote.
type WrittenPack struct {
	Path      string                `json:"path"`
	Documents []documents.PackEntry `json:"documents"`
	Bytes     int                   `json:"bytes"`
}

// DocumentPack writes the approved document set as a zip (to path, or where a save dialog
// says when path is ""); nil when the user cancels.
func (a *App) DocumentPack(path string) (*WrittenPack, error) {
	if path = strings.TrimSpace(path); path == "" {
		var err error
		name := slug(a.store().Meta("name"))
		if path, err = a.runtime().SaveFile(i18n.Mark("Save the document pack"), name+"-documents-"+time.Now().Format("2006-01-02")+".zip", zipFilter); err != nil || path == "" {
			return nil, fail(err)
		}
	}
	if !strings.EqualFold(filepath.Ext(path), ".zip") {
		return nil, fail(fieldErr("output.extension", "path", "%s: the file name must end in %s", path, ".zip"))
	}
	if err := a.store().CheckOutput(path); err != nil {
		return nil, fail(fault.Or("path", err))
	}
	var buf bytes.Buffer
	entries, err := documents.NewIn(a.store(), a.docLanguage()).Pack(a.ctx, &buf)
	if err != nil {
		return nil, fail(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return nil, fail(fieldErr("output.write_failed", "path", "cannot write %s: %w", path, err))
	}
	return &WrittenPack{Path: path, Documents: entries, Bytes: buf.Len()}, nil
}
