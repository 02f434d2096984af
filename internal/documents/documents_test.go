package documents_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/demo"
	"smsworkbench/internal/documents"
	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
)

var bg = context.Background()

// demoOnce is the demo workspace, made once; each test opens its own copy.
var demoPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "documents-test")
	if err != nil {
		panic(err)
	}
	demoPath = filepath.Join(dir, "demo.smswb")
	s, err := store.Open(demoPath, store.Options{Create: true, Author: "tester"})
	if err != nil {
		panic(err)
	}
	if err := demo.Fill(bg, s, time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), demo.Options{Seed: 1, Scale: 1}); err != nil {
		panic(err)
	}
	s.Close()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func workspace(t *testing.T) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.smswb")
	for _, suffix := range []string{"", "-wal"} {
		if data, err := os.ReadFile(demoPath + suffix); err == nil {
			os.WriteFile(path+suffix, data, 0o600)
		}
	}
	s, err := store.Open(path, store.Options{Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// unzip returns a part of a DOCX.
func unzip(t *testing.T, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatalf("the DOCX has no %s", name)
	return ""
}

func liveServiceTitles(t *testing.T, s *store.Store) []string {
	t.Helper()
	page, err := s.List(bg, "service", store.Query{Where: []store.Filter{{Field: "status", Op: "=", Value: "live"}}, Limit: -1})
	if err != nil || len(page.Records) == 0 {
		t.Fatalf("live services: %v", err)
	}
	var out []string
	for _, r := range page.Records {
		out = append(out, r.Title())
	}
	return out
}

func TestEveryTemplateMakesADocumentOfTheWorkspace(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	if len(documents.Templates) < 12 {
		t.Fatalf("%d templates", len(documents.Templates))
	}
	for _, tpl := range documents.Templates {
		d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Lena Berg"})
		if err != nil {
			t.Fatalf("template %s: %v", tpl.ID, err)
		}
		if d.Status != "draft" || d.Type != tpl.Type || d.Template != tpl.ID || d.Title != tpl.Title {
			t.Errorf("template %s made %+v", tpl.ID, d)
		}
		if strings.Contains(d.Body, "{{") {
			t.Errorf("template %s left a placeholder unfilled", tpl.ID)
		}
		if !strings.Contains(d.Body, "<!-- generated: ") && !strings.Contains(d.Body, "<!--g: ") {
			t.Errorf("template %s has no generated part", tpl.ID)
		}
		var buf bytes.Buffer
		if err := documents.WriteDOCX(documents.SheetOf(d, s.Meta("name")), &buf); err != nil {
			t.Fatalf("template %s: %v", tpl.ID, err)
		}
		xml := unzip(t, buf.Bytes(), "word/document.xml")
		if !strings.Contains(xml, `<w:pStyle w:val="Heading2">`) || !strings.Contains(xml, `<w:pStyle w:val="Title">`) || !strings.Contains(xml, "<w:tbl>") {
			t.Errorf("template %s: the DOCX lacks styled headings or tables", tpl.ID)
		}
	}
	// The SLA document gives each agreed SLA's calendar, zone, targets and availability.
	slaTpl, _ := documents.TemplateByID("sla")
	slaDoc, err := lib.Start(bg, slaTpl, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	agreed, _ := s.List(bg, "sla", store.Query{Where: []store.Filter{{Field: "status", Op: "=", Value: "agreed"}}, Limit: -1})
	for _, r := range agreed.Records {
		row := ""
		for _, line := range strings.Split(slaDoc.Body, "\n") {
			if strings.HasPrefix(line, "| "+r.Ref+" |") {
				row = line
			}
		}
		target, _ := r.Values["availability_target"].(float64)
		if !strings.Contains(row, r.Values["calendar"].(string)) || !strings.Contains(row, r.Values["timezone"].(string)) ||
			!strings.Contains(row, "Resolve within: ") || target > 0 && !strings.Contains(row, fmt.Sprint(target)) {
			t.Errorf("the SLA document's row of %s: %q", r.Ref, row)
		}
	}
	// The scope names every live service, as the register holds them.
	scope, _ := documents.TemplateByID("scope")
	d, err := lib.Start(bg, scope, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range liveServiceTitles(t, s) {
		if !strings.Contains(d.Body, title) {
			t.Errorf("the scope lacks the live service %q", title)
		}
	}
	// …and the locations of the configuration items in use, counted a second way
	locs := map[string]int{}
	err = s.Each(bg, "ci", store.Query{}, func(r *store.Record) error {
		if loc, _ := r.Values["location"].(string); loc != "" && r.Status != "retired" {
			locs[loc]++
		}
		return nil
	})
	if err != nil || len(locs) == 0 {
		t.Fatalf("locations: %v", err)
	}
	for loc, n := range locs {
		if !strings.Contains(d.Body, fmt.Sprintf("| %s | %d |", loc, n)) {
			t.Errorf("the scope lacks the location %s with %d items", loc, n)
		}
	}
	if !strings.Contains(d.Body, "which parts of <!--g: organisation-->"+s.Meta("name")+"<!--/g-->") {
		t.Errorf("the organisation's name is not filled in: %.300s", d.Body)
	}
}

func TestRefreshKeepsTheConsultantsTextApprovalFreezesAVersion(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	tpl, _ := documents.TemplateByID("catalogue")
	d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Lena Berg"})
	if err != nil {
		t.Fatal(err)
	}
	own := "Our own paragraph: the catalogue is published on the intranet.\n\n"
	body := strings.Replace(d.Body, "## Live services", own+"## Live services", 1)
	if d, err = lib.Edit(bg, d.Ref, body, ptr("first edit")); err != nil {
		t.Fatal(err)
	}
	// A service goes live after the document was made: a refresh adds it, the own text stays.
	err = s.Write(bg, func(tx *store.Tx) error {
		r, err := tx.Create("service", map[string]any{"title": "Quantum backup vault", "owner": "Tom Øresund", "criticality": "high"}, store.Change{})
		if err != nil {
			return err
		}
		_, err = tx.Move("service", r.ID, "live", store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d, changed, err := lib.Refresh(bg, d.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Body, "Quantum backup vault") || !strings.Contains(d.Body, own) || len(changed) == 0 || changed[0] != "records service status=live" {
		t.Errorf("after a refresh (changed %v):\n%s", changed, d.Body)
	}
	// Approval freezes the text with its sha256, computed here a second way.
	v, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna Schmidt", On: "2026-12-01"})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(d.Body))
	if v.Version != "1.0" || v.SHA256 != hex.EncodeToString(sum[:]) || v.ApprovedBy != "Anna Schmidt" || v.ChangeNote != "first edit" {
		t.Errorf("approved: %+v", v)
	}
	if d, _ = lib.Get(bg, d.Ref); d.Status != "approved" || d.ReviewDue != "2027-12-01" || d.Version != "1.0" {
		t.Errorf("the approved document: %+v", d)
	}
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(testkit.Second(lib.Edit(bg, d.Ref, "changed", nil)), "documents.not_draft", "status"),
		testkit.Refused(testkit.Second(lib.Approve(bg, d.Ref, documents.ApproveInput{By: "x"})), "documents.not_draft", "status"),
		testkit.Refused(testkit.Second(lib.NewDraft(bg, "POL-99999")), "record.not_found", ""),
	})

	// The next draft: edited while version 1.0 stays readable as approved; the difference shown.
	if d, err = lib.NewDraft(bg, d.Ref); err != nil || d.Status != "draft" || d.Version != "2.0" {
		t.Fatalf("new draft: %+v %v", d, err)
	}
	next := strings.Replace(d.Body, own, "Our own paragraph: the catalogue is published on the intranet and the portal.\n\n", 1)
	if _, err := lib.Edit(bg, d.Ref, next, ptr("portal added")); err != nil {
		t.Fatal(err)
	}
	old, err := lib.Version(bg, d.Ref, "1.0")
	if err != nil || old.Body != body && !strings.Contains(old.Body, own) {
		t.Fatalf("version 1.0 as approved: %v", err)
	}
	diff, err := lib.Diff(bg, d.Ref, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diff, "-Our own paragraph: the catalogue is published on the intranet.") ||
		!strings.Contains(diff, "+Our own paragraph: the catalogue is published on the intranet and the portal.") || !strings.Contains(diff, "(approved 2026-12-01)") {
		t.Errorf("diff:\n%s", diff)
	}
	v2, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna Schmidt"})
	if err != nil || v2.Version != "2.0" || v2.ChangeNote != "portal added" {
		t.Fatalf("version 2.0: %+v %v", v2, err)
	}
	if d, _ = lib.Get(bg, d.Ref); len(d.Versions) != 2 {
		t.Errorf("versions: %+v", d.Versions)
	}
	// A frozen version cannot be changed.
	err = s.Write(bg, func(tx *store.Tx) error {
		_, err := tx.Update("docversion", v.Ref, map[string]any{"body": "rewritten"}, store.Change{})
		return err
	})
	if err == nil {
		t.Error("an approved version was rewritten")
	}
}

func ptr[T any](v T) *T { return &v }

func TestAPlaceholderNamingNothingIsRefused(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	for _, body := range []string{"# X\n\n{{nosuch}}", "# X\n\n{{records nosuch}}", "# X\n\n{{records service status=nosuch}}", "# X\n\n{{records service nofield=1}}", "# X\n\n{{organisation extra}}"} {
		tpl, _ := documents.ParseTemplate(body)
		_, err := lib.Start(bg, tpl, documents.StartInput{Title: "Mine"})
		testkit.CheckRefusals(t, []testkit.Refusal{testkit.Refused(err, "documents.placeholder_unknown", "template")})
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: more than one line", err)
		}
	}
	if n, _ := s.CountWhere(bg, "policy", store.Filter{Field: "title", Op: "=", Value: "Mine"}); n != 0 {
		t.Errorf("a refused template made %d documents", n)
	}
}

// The DOCX as Word and LibreOffice read it: real heading styles, tables with the workspace's
// values, a header with the document's id and a footer with its version, status and page
// fields; converted by LibreOffice to PDF, its text holds the same.
func TestTheDOCXIsAWordDocument(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	tpl, _ := documents.TemplateByID("sms-policy")
	d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Lena Berg"})
	if err != nil {
		t.Fatal(err)
	}
	body := d.Body + "\n\n## Notes of our own\n\nThis has **bold**, *italic* and a [link](https://example.org/policy).\n\n- first point\n- second point\n"
	if d, err = lib.Edit(bg, d.Ref, body, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := documents.WriteDOCX(documents.SheetOf(d, s.Meta("name")), &buf); err != nil {
		t.Fatal(err)
	}
	xml := unzip(t, buf.Bytes(), "word/document.xml")
	for _, want := range []string{`<w:pStyle w:val="Title">`, `<w:pStyle w:val="Heading2">`, `<w:pStyle w:val="ListBullet">`, "<w:tbl>",
		"<w:b", "<w:i", "w:hyperlink", "Notes of our own", "first point", d.Ref, `<w:headerReference w:type="default"`, `<w:pgSz w:w="11906" w:h="16838">`} {
		if !strings.Contains(xml, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	// the objectives table holds the workspace's objectives
	objs, _ := s.List(bg, "objective", store.Query{Limit: 3})
	for _, o := range objs.Records {
		if !strings.Contains(xml, xmlEscape(o.Title())) {
			t.Errorf("document.xml lacks the objective %q", o.Title())
		}
	}
	if h := unzip(t, buf.Bytes(), "word/header1.xml"); !strings.Contains(h, d.Ref+" Service management policy") {
		t.Errorf("header: %s", h)
	}
	if f := unzip(t, buf.Bytes(), "word/footer1.xml"); !strings.Contains(f, "Version 0.1 · Draft · Page ") || !strings.Contains(f, `w:instr=" PAGE "`) {
		t.Errorf("footer: %s", f)
	}
	if ct := unzip(t, buf.Bytes(), "[Content_Types].xml"); !strings.Contains(ct, `PartName="/word/header1.xml"`) {
		t.Errorf("content types: %s", ct)
	}

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("LibreOffice (soffice) is not installed: make deps-test installs libreoffice-writer-nogui")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "policy.docx")
	os.WriteFile(in, buf.Bytes(), 0o644)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-raw", filepath.Join(dir, "policy.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Service management policy", "Notes of our own", "first point", d.Ref, "Version 0.1 · Draft · Page 1 of", objs.Records[0].Title()} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's PDF lacks %q", want)
		}
	}
	if regexp.MustCompile(`\{\{|<!--`).MatchString(text) {
		t.Errorf("markers printed: %s", text)
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// The PDF of a document, read back with poppler: its title, facts, headings and the workspace's
// table values; the markers of the generated parts never printed.
func TestThePDFOfADocument(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	tpl, _ := documents.TemplateByID("supplier-policy")
	d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Emre Demir"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna Schmidt", On: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	d, _ = lib.Get(bg, d.Ref)
	pdf, err := documents.WritePDF(documents.SheetOf(d, s.Meta("name")))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "d.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	sups, _ := s.List(bg, "supplier", store.Query{Limit: -1})
	want := []string{"Supplier management policy", "Document " + d.Ref, "Version 1.0", "Status Approved", "Approved by Anna Schmidt",
		"Next review 2027-12-01", "Principles", "Suppliers", d.Ref + " · Version 1.0 · Approved · Page 1 of"}
	for _, r := range sups.Records {
		want = append(want, r.Ref)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	if strings.Contains(text, "generated") || strings.Contains(text, "<!--") {
		t.Errorf("a marker is printed: %s", text)
	}
}

// A client's Word document comes in as a first version: here one that LibreOffice wrote from an
// HTML page (another tool's styles and ids), and the workbench's own DOCX read back.
func TestAWordDocumentIsImported(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	dir := t.TempDir()
	html := `<html><body><h1>Política de gestión de cambios</h1><p>Applies to <b>every</b> change of <i>Northwind</i>.</p>
<h2>Roles</h2><ul><li>Change manager</li><li>CAB member</li></ul>
<table border="1"><tr><th>Role</th><th>Person</th></tr><tr><td>Change manager</td><td>Rui Costa</td></tr></table></body></html>`
	os.WriteFile(filepath.Join(dir, "client.html"), []byte(html), 0o644)
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("LibreOffice (soffice) is not installed: make deps-test installs libreoffice-writer-nogui")
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, filepath.Join(dir, "client.html"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "client.docx"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := lib.Import(bg, documents.ImportInput{Data: data, Type: "change", Name: "client.docx", Owner: "Rui Costa"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Política de gestión de cambios", "## Roles", "- Change manager", "- CAB member", "**every**", "*Northwind*", "| Role | Person |", "| Change manager | Rui Costa |"} {
		if !strings.Contains(d.Body, want) {
			t.Errorf("the imported text lacks %q:\n%s", want, d.Body)
		}
	}
	if d.Title != "Política de gestión de cambios" || d.Status != "draft" || d.Version != "1.0" || d.Type != "change" {
		t.Errorf("imported: %+v", d)
	}
	// What the workbench writes it reads back: headings, the table and its values.
	var buf bytes.Buffer
	if err := documents.WriteDOCX(documents.SheetOf(d, s.Meta("name")), &buf); err != nil {
		t.Fatal(err)
	}
	title, body, err := documents.ReadDOCX(buf.Bytes())
	if err != nil || title != d.Title || !strings.Contains(body, "## Roles") || !strings.Contains(body, "| Change manager | Rui Costa |") {
		t.Errorf("read back (%v): %q\n%s", err, title, body)
	}

	// Bad input: one line, nothing written.
	empty := new(bytes.Buffer)
	zw := zip.NewWriter(empty)
	w, _ := zw.Create("word/other.xml")
	w.Write([]byte("<x/>"))
	zw.Close()
	before, _ := s.CountWhere(bg, "policy")
	for _, bad := range [][]byte{[]byte("this is not a Word file"), data[:len(data)/2], empty.Bytes()} {
		_, err := lib.Import(bg, documents.ImportInput{Data: bad, Name: "bad.docx"})
		testkit.CheckRefusals(t, []testkit.Refusal{testkit.Refused(err, "documents.docx_invalid", "file")})
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%q is more than one line", err)
		}
	}
	if after, _ := s.CountWhere(bg, "policy"); after != before {
		t.Errorf("refused imports wrote %d documents", after-before)
	}
}

// The document pack: every approved document as DOCX and PDF, and an index workbook that lists
// them, checked against the register and the text's sha256 computed here.
func TestTheDocumentPack(t *testing.T) {
	s := workspace(t)
	lib := documents.New(s)
	tpl, _ := documents.TemplateByID("security-policy")
	d, err := lib.Start(bg, tpl, documents.StartInput{Owner: "Henrik Sørensen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna Schmidt", On: "2026-12-02"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	entries, err := lib.Pack(bg, &buf)
	if err != nil {
		t.Fatal(err)
	}
	approved, _ := s.CountWhere(bg, "policy", store.Filter{Field: "status", Op: "=", Value: "approved"})
	if len(entries) != approved || approved < 2 {
		t.Fatalf("%d entries for %d approved documents", len(entries), approved)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != 2*approved+1 {
		t.Errorf("the zip holds %d files, want %d", len(z.File), 2*approved+1)
	}
	var index []byte
	for _, f := range z.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		switch {
		case f.Name == "index.xlsx":
			index = data
		case strings.HasSuffix(f.Name, ".docx"):
			unzip(t, data, "word/document.xml")
		case strings.HasSuffix(f.Name, ".pdf"):
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s is no PDF", f.Name)
			}
		}
	}
	book, err := excelize.OpenReader(bytes.NewReader(index))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows("Documents")
	if len(rows) != approved+1 || rows[0][0] != "Document" {
		t.Fatalf("index: %d rows", len(rows))
	}
	sum := sha256.Sum256([]byte(d.Body))
	found := false
	for _, row := range rows[1:] {
		if row[0] == d.Ref {
			found = row[1] == "Information security policy" && row[3] == "1.0" && row[4] == "Anna Schmidt" && row[7] == hex.EncodeToString(sum[:])
		}
	}
	if !found {
		t.Errorf("the index lacks %s as approved: %v", d.Ref, rows)
	}
}

// The window's preview marks the generated parts and never passes raw HTML through.
func TestThePreviewMarksTheGeneratedParts(t *testing.T) {
	s := workspace(t)
	tpl, _ := documents.TemplateByID("scope")
	d, err := documents.New(s).Start(bg, tpl, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	html, err := documents.Preview(d.Body + "\n\n<script>alert(1)</script>\n\nA <img src=x onerror=alert(1)> inline.\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<div class="generated" data-placeholder="records service status=live"><table>`, `<span class="generated">` + s.Meta("name") + `</span>`, "<h2>Services in scope</h2>"} {
		if !strings.Contains(html, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if strings.Contains(html, "<script") || strings.Contains(html, "<img") || strings.Contains(html, "onerror") && !strings.Contains(html, "&lt;img") {
		t.Errorf("raw HTML passed through: %s", html)
	}
}

// The stage-1 checklist sees the documents: the SMS scope counts once a document of its type
// is approved, and no longer once its review date has passed.
func TestTheStage1ChecklistSeesTheDocuments(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wb := compliance.New(s)
	a, err := wb.Create(bg, compliance.NewInput{Title: "Gap", Type: "gap"})
	if err != nil {
		t.Fatal(err)
	}
	scopeState := func() string {
		st, err := wb.Stage1(bg, a.Ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range st.Items {
			if it.Clause == "4.3" {
				return it.State
			}
		}
		t.Fatal("no 4.3 item")
		return ""
	}
	lib := documents.New(s)
	tpl, _ := documents.TemplateByID("scope")
	d, err := lib.Start(bg, tpl, documents.StartInput{})
	if err != nil {
		t.Fatal(err)
	}
	if st := scopeState(); st != compliance.DocMissing {
		t.Errorf("a draft scope: %s, want missing", st)
	}
	today := s.Now().Format("2006-01-02")
	if _, err := lib.Approve(bg, d.Ref, documents.ApproveInput{By: "Anna", On: today}); err != nil {
		t.Fatal(err)
	}
	if st := scopeState(); st != compliance.DocHeld {
		t.Errorf("an approved scope: %s, want held", st)
	}
	err = s.Write(bg, func(tx *store.Tx) error {
		_, err := tx.Update("policy", d.ID, map[string]any{"review_due": s.Now().AddDate(0, 0, -1).Format("2006-01-02")}, store.Change{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if st := scopeState(); st != compliance.DocNotCurrent {
		t.Errorf("a scope past its review: %s, want not current", st)
	}
}

// A link to a record (record:REF) previews as a link the window opens, and prints its reference.
func TestALinkToARecord(t *testing.T) {
	body := "# Policy\n\nSee [the major incident procedure](record:POL-00014) and [POL-00002](record:POL-00002).\n"
	html, err := documents.Preview(body)
	if err != nil || !strings.Contains(html, `<a href="record:POL-00014">the major incident procedure</a>`) {
		t.Errorf("preview (%v): %s", err, html)
	}
	var buf bytes.Buffer
	if err := documents.WriteDOCX(documents.Sheet{Ref: "POL-1", Title: "Policy", Version: "1", Status: "Draft", Body: body}, &buf); err != nil {
		t.Fatal(err)
	}
	xml := unzip(t, buf.Bytes(), "word/document.xml")
	if !strings.Contains(xml, "the major incident procedure (POL-00014)") || strings.Contains(xml, "record:") || strings.Contains(xml, "POL-00002 (POL-00002)") {
		t.Errorf("the DOCX prints the link as %s", xml[strings.Index(xml, "See"):min(len(xml), strings.Index(xml, "See")+400)])
	}
}
