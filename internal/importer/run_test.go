package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

var bg = context.Background()

// The client-style files of testdata/import (made by its gen.go).
func fixture(t *testing.T, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	// A copy: a skipped import writes its rejected rows beside the source.
	return write(t, name, src)
}

// clientWorkspace has the services and the CI the fixtures name by title.
func clientWorkspace(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "consultant"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, title := range []string{"E-mail and collaboration", "ERP hosting", "Network and connectivity", "Service desk", "Backup and recovery"} {
		if _, err := s.Create(bg, "service", map[string]any{"title": title}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Create(bg, "ci", map[string]any{"title": "vm-fra1-net-hypervis01", "ci_type": "virtual"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	return s
}

func plan(t *testing.T, s *store.Store, kind, path string, opt PlanOptions) *Plan {
	t.Helper()
	k, _ := s.Registry().Kind(kind)
	p, err := NewPlan(path, k, opt)
	if err == nil {
		err = p.Check()
	}
	if err != nil {
		t.Fatalf("plan %s: %v", filepath.Base(path), err)
	}
	return p
}

func byTitle(t *testing.T, s *store.Store, kind, title string) *store.Record {
	t.Helper()
	page, err := s.List(bg, kind, store.Query{Where: []store.Filter{{Field: "title", Op: "=", Value: title}}})
	if err != nil || len(page.Records) != 1 {
		t.Fatalf("%s %q: %v (%d found)", kind, title, err, len(page.Records))
	}
	return page.Records[0]
}

func TestImportATicketToolExport(t *testing.T) {
	s := clientWorkspace(t)
	p := plan(t, s, "incident", fixture(t, "incidents-servicenow.xlsx"), PlanOptions{})
	if p.Source.HeaderRow != 4 || p.Rows != 12 || p.Invalid != 0 {
		t.Fatalf("header on row %d, %d rows, %d invalid: %v", p.Source.HeaderRow, p.Rows, p.Invalid, p.Errors)
	}
	want := map[string]string{"Number": "ref", "Short description": "title", "Business service": "service", "Configuration item": "ci",
		"Priority": "priority", "State": "status", "Opened": "opened_at", "Resolved": "resolved_at", "Closed": "closed_at",
		"Assigned to": "assignee", "Caller": "reporter", "Age (days)": ""}
	for _, c := range p.Columns {
		if want[c.Header] != c.Field {
			t.Errorf("column %q -> %q, want %q", c.Header, c.Field, want[c.Header])
		}
	}
	var progress []int
	res, err := Run(bg, s, p, RunOptions{Progress: func(done, total int) { progress = append(progress, done, total) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 12 || res.Updated != 0 || res.Invalid != 0 || !res.Written {
		t.Fatalf("result %+v", res)
	}
	if len(progress) < 2 || progress[len(progress)-2] != 12 || progress[len(progress)-1] != 12 {
		t.Errorf("progress %v", progress)
	}
	erp := byTitle(t, s, "incident", "ERP month-end batch failed")
	svc := byTitle(t, s, "service", "ERP hosting")
	ci := byTitle(t, s, "ci", "vm-fra1-net-hypervis01")
	got := map[string]any{"status": erp.Status, "priority": erp.Values["priority"], "service": erp.Values["service"], "ci": erp.Values["ci"],
		"opened_at": erp.Values["opened_at"], "resolved_at": erp.Values["resolved_at"], "closed_at": erp.Values["closed_at"], "assignee": erp.Values["assignee"]}
	wantValues := map[string]any{"status": "closed", "priority": int64(1), "service": svc.ID, "ci": ci.ID, "opened_at": "2026-10-02T06:30:00Z",
		"resolved_at": "2026-10-02T09:15:00Z", "closed_at": "2026-10-04T08:00:00Z", "assignee": "Zofia Łódź"}
	for f, v := range wantValues {
		if got[f] != v {
			t.Errorf("%s = %v, want %v", f, got[f], v)
		}
	}
	if erp.CreatedAt != "2026-10-02T06:30:00Z" {
		t.Errorf("created at %s, not when it was opened", erp.CreatedAt)
	}
	// Text that looks like a formula arrives as the text it is.
	byTitle(t, s, "incident", `=HYPERLINK("http://x") in subject`)
	pending := byTitle(t, s, "incident", "New starter laptop not enrolled")
	if pending.Status != "pending" || pending.Values["priority"] != int64(3) {
		t.Errorf("pending ticket: %s P%v", pending.Status, pending.Values["priority"])
	}
	// The history says where each record came from.
	events, _ := s.History(bg, "incident", erp.Ref)
	if len(events) == 0 || events[0].Note != "imported from incidents-servicenow.xlsx row 6" {
		t.Errorf("history %+v", events)
	}
}

func TestAnImportIsAllOrNothingAndNamesEveryBadRow(t *testing.T) {
	s := clientWorkspace(t)
	path := fixture(t, "incidents-errors.csv")
	before, _ := s.Digest(bg)
	p := plan(t, s, "incident", path, PlanOptions{})
	if len(p.Notes) != 0 {
		t.Errorf("ISO dates are not ambiguous: %v", p.Notes)
	}
	for _, opt := range []RunOptions{{}, {DryRun: true}} {
		res, err := Run(bg, s, p, opt)
		var invalid *InvalidError
		if opt.DryRun != (err == nil) || !opt.DryRun && !errors.As(err, &invalid) {
			t.Fatalf("dry run %v: %v", opt.DryRun, err)
		}
		if res.Rows != 8 || res.Invalid != 6 || res.Created != 2 || res.Written {
			t.Errorf("dry run %v: %+v", opt.DryRun, res)
		}
		var got []string
		for _, e := range res.Errors {
			got = append(got, e.String())
		}
		want := []string{
			`row 3, column "Status" ("parked"): has no state "parked" (states: new, assigned, in_progress, pending, resolved, closed, cancelled)`,
			`row 4, column "Created" ("yesterday"): "yesterday" is not a date`,
			`row 5, column "Priority" ("P9"): must be one of 1 (Critical), 2 (High), 3 (Medium), 4 (Low), 5 (Planning), not "P9"`,
			`row 6, column "Service" ("Web shop"): no service has the ref or title "Web shop"`,
			`row 7, column "Ticket" ("T-2"): the same key as row 3`,
			`row 8, column "Summary" (""): is required`,
		}
		if len(got) != len(want) {
			t.Fatalf("errors:\n%s", strings.Join(got, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("error %d:\n got %s\nwant %s", i, got[i], want[i])
			}
		}
		if after, _ := s.Digest(bg); after != before {
			t.Fatalf("dry run %v changed the workspace", opt.DryRun)
		}
	}
	if _, err := os.Stat(RejectedPath(path)); !os.IsNotExist(err) {
		t.Errorf("an all-or-nothing import wrote the rejected rows: %v", err)
	}

	// --skip-invalid imports the two good rows and keeps the six others, with their reasons.
	res, err := Run(bg, s, p, RunOptions{SkipInvalid: true})
	if err != nil || res.Created != 2 || res.Invalid != 6 || res.Rejected != RejectedPath(path) {
		t.Fatalf("skip invalid: %+v %v", res, err)
	}
	if page, _ := s.List(bg, "incident", store.Query{}); page.Total != 2 {
		t.Errorf("%d incidents after skipping", page.Total)
	}
	f, err := excelize.OpenFile(res.Rejected)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Rejected rows")
	if len(rows) != 7 || strings.Join(rows[0], "|") != "Rejected because|Source row|Ticket|Summary|Service|Priority|Status|Created|Resolved" {
		t.Fatalf("rejected sheet: %q", rows)
	}
	if strings.Join(rows[4][:5], "|") != `Service: no service has the ref or title "Web shop"|6|T-5|Website 500 errors|Web shop` {
		t.Errorf("rejected row: %q", rows[4])
	}

	// In German, every reason is German, in the rejected rows' workbook as in the result.
	res, err = Run(bg, s, p, RunOptions{SkipInvalid: true, Language: "de"})
	if err != nil || res.Invalid != 6 {
		t.Fatalf("skip invalid in German: %+v %v", res, err)
	}
	german := map[string]string{
		"Status":   `hat keinen Status "parked"`,
		"Created":  `"yesterday" ist kein Datum`,
		"Priority": `muss einer der Werte 1 (Kritisch), 2 (Hoch), 3 (Mittel), 4 (Niedrig), 5 (Planung) sein, nicht "P9"`,
		"Service":  `Kein Datensatz (Service) hat die Referenz oder den Titel "Web shop"`,
		"Ticket":   "derselbe Schlüssel wie in Zeile 3",
		"Summary":  "ist erforderlich",
	}
	for _, e := range res.Errors {
		if want := german[e.Column]; want == "" || !strings.Contains(e.In("de"), want) {
			t.Errorf("row %d, %s in German: %q, want %q", e.Row, e.Column, e.In("de"), want)
		}
		if !strings.HasPrefix(e.Line("de"), fmt.Sprintf("Zeile %d, Spalte %q (%q): ", e.Row, e.Column, e.Value)) || e.Line("en") != e.String() {
			t.Errorf("row %d's line: %q / %q", e.Row, e.Line("de"), e.Line("en"))
		}
		if e.In("en") != e.Reason {
			t.Errorf("row %d in English: %q, the reason says %q", e.Row, e.In("en"), e.Reason)
		}
	}
	g, err := excelize.OpenFile(res.Rejected)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, _ = g.GetRows(g.GetSheetList()[0])
	if len(rows) != 7 || !strings.HasPrefix(rows[4][0], "Service: "+german["Service"]) {
		t.Errorf("German rejected row: %q", rows)
	}
}

func TestImportsOfPurchasingListsAndARiskRegister(t *testing.T) {
	s := clientWorkspace(t)
	for _, c := range []struct{ kind, file string }{
		{"supplier", "suppliers-purchasing.csv"}, {"contract", "contracts-purchasing.csv"}, {"risk", "risks-utf16.txt"}} {
		maps := []string(nil)
		if c.kind == "contract" { // German headers: the consultant maps them once
			maps = []string{"Vertrag=title", "Lieferant=supplier", "Kündigungsfrist=notice_days", "Verlängert sich=auto_renew", "Wert=value"}
		}
		p := plan(t, s, c.kind, fixture(t, c.file), PlanOptions{Maps: maps})
		res, err := Run(bg, s, p, RunOptions{})
		if err != nil || res.Created != p.Rows || p.Rows < 2 {
			t.Fatalf("%s: %v %+v %v", c.file, err, res, p.Errors)
		}
	}
	mueller := byTitle(t, s, "supplier", "Müller Elektrotechnik GmbH")
	if mueller.Values["criticality"] != "high" || mueller.Values["review_due"] != "2027-12-31" || mueller.Values["email"] != "j.mueller@mueller-et.de" {
		t.Errorf("supplier %v", mueller.Values)
	}
	byTitle(t, s, "supplier", "Öko-Druck & Papier AG")
	con := byTitle(t, s, "contract", "Wartung Schaltanlagen")
	if m, ok := con.Values["value"].(schema.MoneyValue); !ok || m.Amount != "12500.00" || m.Currency != "EUR" {
		t.Errorf("contract value %#v", con.Values["value"])
	}
	if con.Values["supplier"] != mueller.ID || con.Values["auto_renew"] != true || con.Values["notice_days"] != int64(90) || con.Values["start"] != "2025-01-01" {
		t.Errorf("contract %v", con.Values)
	}
	risk := byTitle(t, s, "risk", "Ransomware encrypts file shares")
	if risk.Values["likelihood"] != int64(3) || risk.Values["impact"] != int64(5) || risk.Values["owner"] != "Lena Berg" || risk.Values["review_due"] != "2027-01-31" {
		t.Errorf("risk %v", risk.Values)
	}
}

func TestImportACMDBSheetWithItsStates(t *testing.T) {
	s := clientWorkspace(t)
	p := plan(t, s, "ci", fixture(t, "cmdb.xlsx"), PlanOptions{Sheet: "Configuration items"})
	if p.Source.HeaderRow != 3 || p.Columns[0].Field != "title" || p.Columns[1].Field != "ci_type" || p.Columns[6].Field != "identifier" {
		t.Fatalf("header on row %d: %v", p.Source.HeaderRow, p.Columns)
	}
	res, err := Run(bg, s, p, RunOptions{})
	if err != nil || res.Created != 5 {
		t.Fatalf("%v %+v", err, res)
	}
	for title, want := range map[string]string{"srv-erp-db01": "active database", "fw-edge-01": "maintenance network",
		"Payroll app": "planned application", "old-fileserver": "retired server"} {
		r := byTitle(t, s, "ci", title)
		if got := r.Status + " " + r.Values["ci_type"].(string); got != want {
			t.Errorf("%s: %s, want %s", title, got, want)
		}
	}
	if r := byTitle(t, s, "ci", "old-fileserver"); r.Values["identifier"] != "SN-11002" || r.Values["location"] != "Lyon office" {
		t.Errorf("formula cell: %v", r.Values)
	}
}

func TestUpdatesByRefOrKeyAndProfiles(t *testing.T) {
	s := clientWorkspace(t)
	k, _ := s.Registry().Kind("contract")
	sup, _ := s.Create(bg, "supplier", map[string]any{"title": "Müller Elektrotechnik GmbH"}, store.Change{})
	existing, _ := s.Create(bg, "contract", map[string]any{"title": "Wartung Schaltanlagen", "supplier": sup.Ref, "start": "2025-01-01"}, store.Change{})
	csv := write(t, "contracts.csv", []byte("Ref,Title,Supplier,Start,Notice (days)\n"+
		existing.Ref+",Wartung Schaltanlagen,"+sup.Ref+",2025-01-01,60\n"+
		"CON-99999,Neuer Vertrag,Müller Elektrotechnik GmbH,2026-01-01,30\n"))
	p, err := NewPlan(csv, k, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(bg, s, p, RunOptions{})
	if err != nil || res.Updated != 1 || res.Created != 1 {
		t.Fatalf("by ref: %+v %v", res, err)
	}
	if r, _ := s.Get(bg, "contract", existing.Ref); r.Values["notice_days"] != int64(60) {
		t.Errorf("not updated: %v", r.Values)
	}
	// By a key column: the title finds the record; the ref column is left out.
	p, _ = NewPlan(csv, k, PlanOptions{Maps: []string{"Ref="}})
	if res, err = Run(bg, s, p, RunOptions{Key: "title"}); err != nil || res.Updated != 2 || res.Created != 0 {
		t.Fatalf("by title: %+v %v", res, err)
	}
	if _, err := Run(bg, s, p, RunOptions{Key: "colour"}); err == nil || !strings.Contains(err.Error(), `the key "colour" is not a field`) {
		t.Errorf("unknown key: %v", err)
	}

	// A profile keeps every column's mapping; a file without one of its columns still plans.
	if err := SaveProfile(bg, s, Profile{Name: "purchasing", Kind: "contract", Maps: []string{"Notice (days)=", "Vertrag=title", "Gone=owner"}}); err != nil {
		t.Fatal(err)
	}
	prof, err := LoadProfile(bg, s, "purchasing")
	if err != nil || prof == nil || prof.Kind != "contract" {
		t.Fatalf("profile %+v %v", prof, err)
	}
	p, err = NewPlan(csv, k, PlanOptions{ProfileMaps: prof.Maps})
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Columns[4]; c.Field != "" || c.How != "profile" || !strings.Contains(strings.Join(p.Notes, " "), "Vertrag, Gone") {
		t.Errorf("profile applied: %+v %v", c, p.Notes)
	}
	if all, _ := Profiles(bg, s); len(all) != 1 || all[0].Name != "purchasing" {
		t.Errorf("profiles %v", all)
	}
}

// A row with several faults names them all, not only the first the workspace meets.
func TestEveryFaultOfARowIsNamed(t *testing.T) {
	s := clientWorkspace(t)
	path := write(t, "contracts.csv", []byte("Title,Supplier,Start,Type,Auto renew\n,Nobody Ltd,2026-01-01,lease,\nHosting,,2026-02-01,supplier,\n"))
	p := plan(t, s, "contract", path, PlanOptions{})
	res, err := Run(bg, s, p, RunOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.String())
	}
	for _, want := range []string{
		`row 2, column "Supplier" ("Nobody Ltd"): no supplier has the ref or title "Nobody Ltd"`,
		`row 3, column "Supplier" (""): is required`,
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
			t.Errorf("lacks %s\nin:\n%s", want, strings.Join(got, "\n"))
		}
	}
	row2 := 0
	for _, e := range res.Errors {
		if e.Row == 2 {
			row2++
		}
	}
	if row2 != 3 { // the supplier unknown, the type not a type, the title empty
		t.Errorf("row 2 has %d errors named:\n%s", row2, strings.Join(got, "\n"))
	}
}

// A column's decimal mark is decided from all its numbers: "18.400" beside "48.000,00 €" is
// eighteen thousand four hundred; a column that mixes marks, or whose numbers could be read
// either way, is refused naming them; an empty notice period stays empty.
func TestNumbersReadByTheirColumn(t *testing.T) {
	s := clientWorkspace(t)
	if _, err := s.Create(bg, "supplier", map[string]any{"title": "Hoster"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	path := write(t, "contracts.csv", []byte("Title;Supplier;Start;Value;Notice period\nRacks;Hoster;2026-01-01;18.400 EUR;\nPower;Hoster;2026-01-01;48.000,00 €;30\n"))
	p := plan(t, s, "contract", path, PlanOptions{})
	if p.DecimalMarks["Value"] != DecimalComma {
		t.Fatalf("decimal marks %v", p.DecimalMarks)
	}
	if _, err := Run(bg, s, p, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	for title, want := range map[string]struct {
		amount string
		notice any
	}{"Racks": {"18400.00", nil}, "Power": {"48000.00", int64(30)}} {
		r := byTitle(t, s, "contract", title)
		m, _ := r.Values["value"].(schema.MoneyValue)
		if m.Amount != want.amount || r.Values["notice_days"] != want.notice {
			t.Errorf("%s: value %+v, notice %v; want %s, %v", title, m, r.Values["notice_days"], want.amount, want.notice)
		}
	}
	k, _ := s.Registry().Kind("contract")
	for text, want := range map[string]string{
		"Title;Supplier;Start;Value\nA;Hoster;2026-01-01;1.234,50 EUR\nB;Hoster;2026-01-01;2,345.00 EUR\n": `column "Value" mixes decimal marks: "1.234,50 EUR" has a decimal comma, "2,345.00 EUR" a decimal point`,
		"Title;Supplier;Start;Value\nA;Hoster;2026-01-01;18.400 EUR\nB;Hoster;2026-01-01;1.500 EUR\n":      `column "Value" "18.400 EUR" could be a thousand-separated whole number or a decimal`,
	} {
		_, err := NewPlan(write(t, "bad.csv", []byte(text)), k, PlanOptions{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v, want %s", err, want)
		}
	}
}

// A CMDB kept in German: its headers, its level words and state names, yes and no.
func TestGermanSpreadsheet(t *testing.T) {
	s := clientWorkspace(t)
	if _, err := s.Create(bg, "supplier", map[string]any{"title": "Hersteller AG"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	path := write(t, "cmdb.csv", []byte("Bezeichnung;Typ;Kritikalität;Standort;Lieferant;Status\nfra1-db01;Server;Hoch;Frankfurt RZ1;Hersteller AG;In Betrieb\nfra1-sw02;Network;Niedrig;Frankfurt RZ1;;Außer Betrieb\n"))
	p := plan(t, s, "ci", path, PlanOptions{})
	mapped := map[string]string{}
	for _, c := range p.Columns {
		mapped[c.Header] = c.Field
	}
	for header, field := range map[string]string{"Bezeichnung": "title", "Typ": "ci_type", "Kritikalität": "criticality", "Standort": "location", "Lieferant": "supplier", "Status": "status"} {
		if mapped[header] != field {
			t.Errorf("%s -> %q, want %s", header, mapped[header], field)
		}
	}
	if _, err := Run(bg, s, p, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	db := byTitle(t, s, "ci", "fra1-db01")
	sw := byTitle(t, s, "ci", "fra1-sw02")
	if db.Values["criticality"] != "high" || db.Status != "active" || db.Values["location"] != "Frankfurt RZ1" || sw.Values["criticality"] != "low" || sw.Status != "retired" {
		t.Errorf("read as %v %s and %v %s", db.Values, db.Status, sw.Values, sw.Status)
	}
}

// A priority given alone sets the impact and urgency that make it; one that contradicts the
// impact and urgency given with it is kept as given, and the import says so row by row.
func TestGivenPriorityAgainstImpactAndUrgency(t *testing.T) {
	s := clientWorkspace(t)
	path := write(t, "tickets.csv", []byte("Summary,Service,Priority,Impact,Urgency\nalone,Service desk,1 - Critical,,\nat odds,Service desk,1 - Critical,Low,Low\nagreeing,Service desk,5 - Planning,3,3\n"))
	p := plan(t, s, "incident", path, PlanOptions{})
	res, err := Run(bg, s, p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	alone, odds, agreeing := byTitle(t, s, "incident", "alone"), byTitle(t, s, "incident", "at odds"), byTitle(t, s, "incident", "agreeing")
	if alone.Values["impact"] != int64(1) || alone.Values["urgency"] != int64(1) || alone.Values["priority"] != int64(1) {
		t.Errorf("a priority alone: %v", alone.Values)
	}
	if odds.Values["priority"] != int64(1) || odds.Values["impact"] != int64(3) || odds.Values["urgency"] != int64(3) {
		t.Errorf("a priority at odds: %v", odds.Values)
	}
	if agreeing.Values["priority"] != int64(5) {
		t.Errorf("agreeing: %v", agreeing.Values)
	}
	want := []string{
		"row 2: impact 1 and urgency 1 taken from the priority 1 given",
		"row 3: priority 1 given, but impact 3 and urgency 3 make 5 in the priority matrix; kept as given",
	}
	if strings.Join(res.Notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant\n%s", strings.Join(res.Notes, "\n"), strings.Join(want, "\n"))
	}
}
