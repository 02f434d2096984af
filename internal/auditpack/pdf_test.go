package auditpack

import (
	"crypto/sha256"
	"fmt"
	"image/color"
	pngimage "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/store"
)

// The PDF is read back with poppler (pdfinfo, pdffonts, pdftotext), as an auditor's viewer
// would show it.

func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

// pdfText is the text of the PDF (or of one page) in content order, whitespace collapsed.
func pdfText(t *testing.T, path string, page int) string {
	t.Helper()
	args := []string{"-raw"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	return strings.Join(strings.Fields(poppler(t, "pdftotext", append(args, path, "-")...)), " ")
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(poppler(t, "pdfinfo", path))
	if m == nil {
		t.Fatalf("pdfinfo gives no page count for %s", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestPDFOfTheDemo(t *testing.T) {
	s := demoStore(t)
	path := filepath.Join(t.TempDir(), "pack.pdf")
	var steps []string
	res, err := Write(bg, s, Options{AppVersion: "v-test"}, Files{PDF: path}, func(done, total int, step string) {
		steps = append(steps, fmt.Sprintf("%d/%d %s", done, total, step))
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(steps, "|") != "0/2 Reading the workspace|1/2 Writing the PDF|2/2 Done" {
		t.Errorf("progress: %q", steps)
	}
	p, err := Gather(bg, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Assessment == nil || res.Assessment != p.Assessment.Ref || !strings.HasPrefix(p.Assessment.Title, "Gap assessment") {
		t.Fatalf("the pack reports %q; want the demo's gap assessment (the latest)", res.Assessment)
	}

	pages := pdfPages(t, path)
	if pages != res.PDFPages || pages < 15 {
		t.Fatalf("pdfinfo counts %d pages, Write said %d", pages, res.PDFPages)
	}
	info := poppler(t, "pdfinfo", path)
	for _, want := range []string{"Title:           Audit pack — Northwind Managed Services", "Creator:         SMS Workbench v-test", "A4"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	fonts := poppler(t, "pdffonts", path)
	for _, l := range strings.Split(fonts, "\n")[2:] {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if !strings.Contains(strings.ToLower(l), "liberationsans") || !strings.Contains(l, " yes ") {
			t.Errorf("a font that is not the embedded Liberation Sans: %s", l)
		}
	}

	all := pdfText(t, path, 0)
	// Every clause, with its title, as the clause-by-clause section prints it.
	for _, c := range catalogue.Clauses() {
		if !strings.Contains(all, c.ID+" "+c.Title) {
			t.Errorf("the PDF lacks clause %s %s", c.ID, c.Title)
		}
	}
	r := p.Readiness.Overall
	// The counts line, counted again from the assessment's clauses (headings not scored).
	results := map[string]int{}
	requirements, carried := 0, 0
	for _, c := range p.Assessment.Clauses {
		if !c.Rollup {
			results[c.Result]++
			requirements++
			if c.Carried {
				carried++
			}
		}
	}
	// The stage-1 checklist's totals, counted again from its items, and one of them from the register.
	st := map[string]int{}
	for _, it := range p.Readiness.Stage1.Items {
		st[it.State]++
	}
	live, err := s.List(bg, "service", store.Query{Where: []store.Filter{{Field: "status", Op: "=", Value: "live"}}, Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("%.1f %%", r.Percent),
		fmt.Sprintf("%d requirements: %d conformant, %d partially conformant, %d nonconformant, %d fulfilled by another party, %d with no instance in the period, %d not assessed",
			requirements, results[catalogue.Conformant], results[catalogue.PartiallyConformant], results[catalogue.Nonconformant],
			results[catalogue.OtherParty], results[catalogue.NoInstance], results[catalogue.NotAssessed]),
		fmt.Sprintf("%d carried forward from an earlier assessment, not re-verified", carried),
		fmt.Sprintf("%d pieces of documented information", len(p.Readiness.Stage1.Items)),
		fmt.Sprintf("%d held and current, %d held but not current or held as attached files, %d with none in the period, %d missing",
			st["held"], st["not_current"]+st["attached"], st["no_instance"]+st["none_recorded"], st["missing"]),
		fmt.Sprintf("8.2.4 document service catalogue held %s", strings.Join(refsOf(live.Records[:5]), " ")),
		fmt.Sprintf("(%d in all)", len(live.Records)),
		fmt.Sprintf("Certification blockers (%d)", len(p.Readiness.Blockers)),
		fmt.Sprintf("%d findings of the assessment", len(p.Findings)),
		fmt.Sprintf("%d services in the catalogue", mustCount(t, s, "service")),
		fmt.Sprintf("%d configuration items and %d relationships", mustCount(t, s, "ci"), mustCount(t, s, "cirel")),
		fmt.Sprintf("%d suppliers, %d contracts", mustCount(t, s, "supplier"), mustCount(t, s, "contract")),
		// names in Latin Extended print as written
		"Ana Müller", "Zofia Łódź", "Henrik Sørensen", "Ingrid Håkansson", "Chloé Dubois",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, f := range p.Findings {
		if !strings.Contains(all, f.Ref) {
			t.Errorf("the findings section lacks %s", f.Ref)
		}
	}

	// The executive summary, turned into an image as a reader sees it, shows the readiness chart:
	// bars in the readiness colours (green from 85 %, amber from 60 %; no text is amber).
	summaryPage := 0
	for i := 1; i <= pages && summaryPage == 0; i++ {
		if strings.Contains(pdfText(t, path, i), "Confidential 1 Executive summary") {
			summaryPage = i
		}
	}
	colours := pageColours(t, path, summaryPage)
	// Each colour a group's readiness calls for is there (green from 85 %, amber from 60 %, red
	// below), in the bars of the chart.
	bands := map[string]color.RGBA{}
	for _, g := range p.Readiness.Groups {
		switch {
		case g.Percent >= 85:
			bands["green"] = good
		case g.Percent >= 60:
			bands["amber"] = warn
		case g.Percent > 0:
			bands["red"] = bad
		}
	}
	if len(bands) == 0 {
		t.Fatal("no group has any readiness")
	}
	for name, c := range bands {
		if colours[c] < 300 {
			t.Errorf("the executive summary (page %d) has %d %s pixels: its charts are missing", summaryPage, colours[c], name)
		}
	}

	// Header and footer on every page, numbered "Page N of M".
	texts := make([]string, pages+1)
	for i := 1; i <= pages; i++ {
		texts[i] = pdfText(t, path, i)
		if !strings.Contains(texts[i], fmt.Sprintf("Page %d of %d", i, pages)) || !strings.Contains(texts[i], "Northwind Managed Services · Audit pack") {
			t.Errorf("page %d lacks its header or 'Page %d of %d': %.200s", i, i, pages, texts[i])
		}
	}
	// The contents gives the page each section starts on.
	contents := texts[2]
	for i, sec := range []string{SecSummary, SecStage1, SecClauses, SecFindings, SecServices, SecSLA, SecTickets, SecCMDB, SecSuppliers,
		SecBudget, SecRisks, SecObjectives, SecProgramme, SecReview} {
		heading := fmt.Sprintf("%d %s", i+1, p.Opt.T(sec))
		m := regexp.MustCompile(regexp.QuoteMeta(heading) + ` (\d+)`).FindStringSubmatch(contents)
		if m == nil {
			t.Errorf("contents lack %q with a page: %s", heading, contents)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n < 3 || n > pages || !strings.Contains(texts[n], "Confidential "+heading) {
			t.Errorf("contents say %q starts on page %d, which reads: %.120s", heading, n, texts[n])
		}
	}
}

func mustCount(t *testing.T, s interface{ Count(string) (int, error) }, kind string) int {
	t.Helper()
	n, err := s.Count(kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPDFSectionsLanguageAndLogo(t *testing.T) {
	s := demoStore(t)
	dir := t.TempDir()
	full := filepath.Join(dir, "full.pdf")
	part := filepath.Join(dir, "part.pdf")
	if _, err := Write(bg, s, Options{}, Files{PDF: full}, nil); err != nil {
		t.Fatal(err)
	}
	logo, err := os.ReadFile(filepath.Join("testdata", "logo.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(bg, s, Options{Sections: []string{SecRisks, SecSummary}, Language: "de", Logo: logo}, Files{PDF: part}, nil); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, part, 0)
	for _, want := range []string{"Auditpaket", "Inhalt", "1 Zusammenfassung", "2 Risiken", "Seite 1 von"} {
		if !strings.Contains(text, want) {
			t.Errorf("the German pack of two sections lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Abschnitt für Abschnitt", "Clause by clause", "Servicekatalog", "4.1 Understanding"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("a section not asked for is printed: %q", unwanted)
		}
	}
	if a, b := pdfPages(t, part), pdfPages(t, full); a >= b/2 {
		t.Errorf("two sections take %d pages of the full pack's %d", a, b)
	}
	// The logo is an image on the cover; the full pack (no logo) has none there.
	images := func(path string) int {
		return strings.Count(poppler(t, "pdfimages", "-list", "-f", "1", "-l", "1", path), "\n") - 2
	}
	if n, m := images(part), images(full); n != 1 || m != 0 {
		t.Errorf("cover images: %d with a logo, %d without", n, m)
	}
}

func TestPDFOfAnEmptyWorkspace(t *testing.T) {
	s := emptyStore(t)
	path := filepath.Join(t.TempDir(), "empty.pdf")
	res, err := Write(bg, s, Options{}, Files{PDF: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path, 0)
	if res.Assessment != "" || !strings.Contains(text, "The workspace has no assessment") || !strings.Contains(text, "0 services in the catalogue") {
		t.Errorf("empty workspace pack: %+v\n%.600s", res, text)
	}
	// A section with nothing to report says so in a line, rather than print empty tables and
	// charts a reader would take for missing data.
	for _, want := range []string{"No ticket was resolved or closed from", "No incident, service request, problem or change in the period.",
		"No configuration item is recorded.", "No budget line or cost for", "No open risk is recorded.",
		"No service management objective is recorded.", "No internal audit was held in the period, and none is planned.", "No findings."} {
		if !strings.Contains(text, want) {
			t.Errorf("the empty pack lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Open risks by score", "By type", "Contracts and expiries", "Compliance per month and service",
		"Emergency changes and their reviews", "Clauses: last audited and next planned", "Findings by grade"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the empty pack prints %q over nothing", unwanted)
		}
	}
	if imgs := poppler(t, "pdfimages", "-list", path); strings.Count(imgs, "\n") > 2 {
		t.Errorf("the empty pack draws charts of nothing:\n%s", imgs)
	}
}

// No page ends with a heading whose table it leaves to the next page, nor with a clause's title
// without its notes: what the reader turns to starts with its heading.
func TestPDFKeepsHeadingsWithWhatFollows(t *testing.T) {
	s := demoStore(t)
	path := filepath.Join(t.TempDir(), "pack.pdf")
	res, err := Write(bg, s, Options{}, Files{PDF: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	headings := regexp.MustCompile(`^(Certification blockers \(\d+\)|Top actions|Changes|Emergency changes and their reviews.*|By type|By status|` +
		`Contracts and expiries|Open risks by score|Audits planned up to .*|Clauses: last audited and next planned|Inputs compiled for the next review|Decisions)$`)
	clauseTitle := regexp.MustCompile(`^\d+(\.\d+)+ .*(maturity \d of 5|maturity not rated|rolls up from its sub-clauses)$`)
	for i := 1; i <= res.PDFPages; i++ {
		var lines []string
		for _, l := range strings.Split(poppler(t, "pdftotext", "-layout", "-f", fmt.Sprint(i), "-l", fmt.Sprint(i), path, "-"), "\n") {
			l = strings.Join(strings.Fields(l), " ")
			if l != "" && !strings.HasPrefix(l, "Generated ") && !strings.HasPrefix(l, "Page ") {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		if last := lines[len(lines)-1]; headings.MatchString(last) || clauseTitle.MatchString(last) {
			t.Errorf("page %d ends with %q, its content on the next page", i, last)
		}
	}
}

// A clause's evidence files print with their sha256; the organisation's name and the owners'
// names print in any Latin script.
func TestPDFPrintsEvidenceFilesAndNamesAsWritten(t *testing.T) {
	s := emptyStore(t)
	if err := s.SetMeta("name", "Øresund Data ApS"); err != nil {
		t.Fatal(err)
	}
	w := compliance.New(s)
	a, err := w.Create(bg, compliance.NewInput{Title: "Łódź gap review", Fields: map[string]any{"lead_auditor": "Jürgen Müller"}})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("minutes of the management review")
	conformant := catalogue.Conformant
	if _, err := w.Set(bg, a.ID, "9.3", compliance.Change{Result: &conformant, Attach: []compliance.Upload{{Name: "review-minutes.pdf", Data: data}}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pack.pdf")
	if _, err := Write(bg, s, Options{Assessment: a.Ref, Sections: []string{SecClauses}}, Files{PDF: path}, nil); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path, 0)
	sum := fmt.Sprintf("%x", sha256.Sum256(data))
	for _, want := range []string{"Øresund Data ApS", "Łódź gap review", "Jürgen Müller", "review-minutes.pdf", "9.3 Management review Conformant"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// The hash may be broken over two lines; it is all there, in order.
	if !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(text, " ", ""), "-", ""), sum) {
		t.Errorf("the PDF lacks the file's sha256 %s", sum)
	}
}

// pageColours renders a page with pdftoppm and counts its pixels by colour.
func pageColours(t *testing.T, path string, page int) map[color.RGBA]int {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	poppler(t, "pdftoppm", "-png", "-r", "60", "-singlefile", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, prefix)
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := pngimage.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			out[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 0xff}]++
		}
	}
	return out
}

// refsOf are the records' refs.
func refsOf(recs []*store.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Ref)
	}
	return out
}
