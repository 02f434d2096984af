//go:build ignore

// gen writes the client-style spreadsheets the import tests read: what a consultant receives
// on day one — exports of ticket tools, a CMDB kept in Excel, a purchasing list saved by a
// German Excel, a risk register in UTF-16. Run it from the repository root:
//
//	go run testdata/import/gen.go
//
// The files are committed; the tests assert what each holds, so change both together.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

var dir = filepath.Join("testdata", "import")

func main() {
	incidentsServiceNow()
	incidentsWithErrors()
	cmdb()
	suppliersCP1252()
	contractsCP1252()
	risksUTF16()
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// serial is an Excel serial date-time (days since 1899-12-30).
func serial(t time.Time) float64 {
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// incidentsServiceNow: an incident export with a title block, a merged title, the header on
// row 4, real Excel date-times, priority codes like "1 - Critical", state labels, services and
// CIs named by title, a formula column with its cached values, and a blank row.
func incidentsServiceNow() {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Page 1"
	f.SetSheetName("Sheet1", sh)
	set := func(cell string, v any) { must(f.SetCellValue(sh, cell, v)) }
	set("A1", "ACME Logistics — Incident export")
	must(f.MergeCell(sh, "A1", "L1"))
	set("A2", "Generated 2026-11-21 08:14 by svc_export")
	header := []string{"Number", "Short description", "Business service", "Configuration item", "Priority", "State",
		"Opened", "Resolved", "Closed", "Assigned to", "Caller", "Age (days)"}
	for i, h := range header {
		c, _ := excelize.CoordinatesToCellName(i+1, 4)
		set(c, h)
	}
	dt, _ := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	at := func(day, h, m int) time.Time { return time.Date(2026, 10, day, h, m, 0, 0, time.UTC) }
	type inc struct {
		num, title, service, ci, prio, state string
		opened, resolved, closed             time.Time
		assignee, caller                     string
	}
	rows := []inc{
		{"INC0010001", "Outlook cannot connect to mailbox", "E-mail and collaboration", "", "3 - Moderate", "Closed", at(1, 8, 5), at(1, 10, 40), at(3, 9, 0), "Ana Müller", "Jörg Weiß"},
		{"INC0010002", "ERP month-end batch failed", "ERP hosting", "vm-fra1-net-hypervis01", "1 - Critical", "Closed", at(2, 6, 30), at(2, 9, 15), at(4, 8, 0), "Zofia Łódź", "Finance team"},
		{"INC0010003", "VPN drops every 10 minutes", "Network and connectivity", "", "2 - High", "Resolved", at(5, 13, 0), at(6, 11, 0), time.Time{}, "Rui Costa", "Sales office Lyon"},
		{"INC0010004", "Password reset loop", "Service desk", "", "4 - Low", "Closed", at(7, 9, 12), at(7, 9, 50), at(9, 9, 0), "Tom Øresund", "Mia Schulz"},
		{"INC0010005", "Shared calendar not syncing", "E-mail and collaboration", "", "3 - Moderate", "In Progress", at(12, 10, 0), time.Time{}, time.Time{}, "Ana Müller", "Board office"},
		{"INC0010006", "Printer queue stuck on floor 3", "Service desk", "", "4 - Low", "New", at(14, 15, 30), time.Time{}, time.Time{}, "", "Reception"},
		{"INC0010007", "ERP slow during payroll run", "ERP hosting", "", "2 - High", "Closed", at(15, 8, 0), at(15, 16, 0), at(17, 8, 0), "Zofia Łódź", "HR"},
		{"INC0010008", "Wi-Fi outage in warehouse", "Network and connectivity", "", "1 - Critical", "Closed", at(20, 5, 45), at(20, 7, 10), at(21, 8, 0), "Rui Costa", "Warehouse"},
		{"INC0010009", "Teams meeting audio echo", "E-mail and collaboration", "", "5 - Planning", "Closed", at(22, 11, 0), at(23, 14, 0), at(24, 8, 0), "Ana Müller", "Marketing"},
		{"INC0010010", "Mail gateway rejects invoices", "E-mail and collaboration", "", "2 - High", "Resolved", at(27, 9, 0), at(27, 12, 30), time.Time{}, "Ana Müller", "Accounts payable"},
		{"INC0010011", "=HYPERLINK(\"http://x\") in subject", "Service desk", "", "4 - Low", "Closed", at(28, 9, 0), at(28, 9, 30), at(29, 9, 0), "Tom Øresund", "Security"},
		{"INC0010012", "New starter laptop not enrolled", "Service desk", "", "3 - Moderate", "Pending", at(30, 14, 0), time.Time{}, time.Time{}, "Tom Øresund", "HR"},
	}
	r := 5
	for i, in := range rows {
		if i == 6 {
			r++ // a blank row, as people leave them
		}
		cell := func(col int) string { c, _ := excelize.CoordinatesToCellName(col, r); return c }
		set(cell(1), in.num)
		set(cell(2), in.title)
		set(cell(3), in.service)
		if in.ci != "" {
			set(cell(4), in.ci)
		}
		set(cell(5), in.prio)
		set(cell(6), in.state)
		for col, t := range map[int]time.Time{7: in.opened, 8: in.resolved, 9: in.closed} {
			if !t.IsZero() {
				set(cell(col), serial(t))
				f.SetCellStyle(sh, cell(col), cell(col), dt)
			}
		}
		if in.assignee != "" {
			set(cell(10), in.assignee)
		}
		set(cell(11), in.caller)
		end := in.closed
		if end.IsZero() {
			end = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
		}
		must(f.SetCellFormula(sh, cell(12), fmt.Sprintf("ROUND(IF(%s=\"\",TODAY(),%s)-%s,0)", cell(9), cell(9), cell(7))))
		set(cell(12), int(end.Sub(in.opened).Hours()/24+0.5)) // the cached value Excel saves
		r++
	}
	must(f.SaveAs(filepath.Join(dir, "incidents-servicenow.xlsx")))
}

// incidentsWithErrors: a CSV (UTF-8 with a BOM, commas) with the mistakes real exports have:
// a date that is no date, a priority that does not exist, a service nobody has, a key used
// twice, a title missing.
func incidentsWithErrors() {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	b.WriteString("Ticket,Summary,Service,Priority,Status,Created,Resolved\n")
	b.WriteString("T-1,Mail down,E-mail and collaboration,P1,closed,2026-10-01 08:00,2026-10-01 09:30\n")
	b.WriteString("T-2,ERP login slow,ERP hosting,P3,open,2026-10-02 10:00,\n")
	b.WriteString("T-3,Backup job failed,Backup and recovery,P2,closed,yesterday,2026-10-03 12:00\n")
	b.WriteString("T-4,Printer offline,Service desk,P9,new,2026-10-04 09:00,\n")
	b.WriteString("T-5,Website 500 errors,Web shop,P2,new,2026-10-05 11:00,\n")
	b.WriteString("T-2,ERP login slow (again),ERP hosting,P3,new,2026-10-06 10:00,\n")
	b.WriteString("T-7,,Service desk,P4,new,2026-10-07 10:00,\n")
	b.WriteString("T-8,VPN certificate expired,Network and connectivity,P2,resolved,2026-10-08 07:00,2026-10-08 09:00\n")
	must(os.WriteFile(filepath.Join(dir, "incidents-errors.csv"), b.Bytes(), 0o644))
}

// cmdb: a CMDB kept in Excel — a "Read me" sheet first, the CIs on a sheet of their own with
// a title row, grouped header cells merged across two columns, and a formula.
func cmdb() {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Read me")
	f.SetCellValue("Read me", "A1", "CMDB of ACME Logistics. Keep one row per item. Owner: IT operations.")
	sh := "Configuration items"
	f.NewSheet(sh)
	set := func(cell string, v any) { must(f.SetCellValue(sh, cell, v)) }
	set("A1", "Configuration items (last audit 2026-09)")
	must(f.MergeCell(sh, "A1", "H1"))
	// Row 2 groups columns; row 3 is the header a tool would read. Merged cells in the header
	// row itself (Owner spanning the two columns of who owns it) are filled from the first.
	for i, h := range []string{"Asset name", "Class", "Status", "Owner", "", "Location", "Serial number", "Vendor"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		if h != "" {
			set(c, h)
		}
	}
	must(f.MergeCell(sh, "D3", "E3")) // Owner | Owner: the second column repeats the header
	rows := [][]any{
		{"srv-erp-db01", "Database", "Active", "Zofia Łódź", "DBA team", "Frankfurt DC1", "SN-88120", ""},
		{"srv-erp-app01", "Server", "Active", "Zofia Łódź", "", "Frankfurt DC1", "SN-88121", ""},
		{"fw-edge-01", "Network", "Maintenance", "Rui Costa", "", "Frankfurt DC1", "FG-600E-1", ""},
		{"Payroll app", "Application", "Planned", "Fatma Yılmaz", "", "", "", ""},
		{"old-fileserver", "Server", "Retired", "Sam Okafor", "", "Lyon office", "SN-11002", ""},
	}
	for i, row := range rows {
		for j, v := range row {
			c, _ := excelize.CoordinatesToCellName(j+1, 4+i)
			if v != "" {
				set(c, v)
			}
		}
	}
	// The identifier of the last row is built by a formula, saved with its value.
	must(f.SetCellFormula(sh, "G8", `"SN-"&(11000+2)`))
	set("G8", "SN-11002")
	must(f.SaveAs(filepath.Join(dir, "cmdb.xlsx")))
}

// suppliersCP1252: a purchasing list saved by a German Excel as "CSV (semicolon)": Windows-1252,
// semicolons, day-first dates with dots.
func suppliersCP1252() {
	text := "Lieferantenliste Einkauf;;;;;\n" +
		";;;;;\n" +
		"Name;Type;Criticality;Contact;E-mail;Next review\n" +
		"Müller Elektrotechnik GmbH;external;High;Jürgen Müller;j.mueller@mueller-et.de;31.12.2027\n" +
		"Öko-Druck & Papier AG;external;low;Frau Größe;info@oeko-druck.de;15.03.2027\n" +
		"Société Générale Informatique;External;Medium;Amélie Dupré;amelie@sgi.fr;01.02.2027\n"
	enc, err := charmap.Windows1252.NewEncoder().String(text)
	must(err)
	must(os.WriteFile(filepath.Join(dir, "suppliers-purchasing.csv"), []byte(enc), 0o644))
}

// contractsCP1252: the contracts that go with the suppliers: amounts with a euro sign, thousands
// dots and decimal commas; suppliers named by title; yes/no in German.
func contractsCP1252() {
	text := "Vertrag;Lieferant;Start;Ende;Kündigungsfrist;Verlängert sich;Wert\n" +
		"Wartung Schaltanlagen;Müller Elektrotechnik GmbH;01.01.2025;31.12.2027;90;ja;12.500,00 €\n" +
		"Druckerpapier Rahmenvertrag;Öko-Druck & Papier AG;01.04.2026;31.03.2027;30;nein;1.234,56 €\n"
	enc, err := charmap.Windows1252.NewEncoder().String(text)
	must(err)
	must(os.WriteFile(filepath.Join(dir, "contracts-purchasing.csv"), []byte(enc), 0o644))
}

// risksUTF16: a risk register saved as "Unicode text" (UTF-16 LE with a BOM, tabs).
func risksUTF16() {
	text := "Risk\tCategory\tProbability\tImpact\tRisk owner\tTreatment\tReview date\r\n" +
		"Ransomware encrypts file shares\tsecurity\t3\t5\tLena Berg\treduce\t2027-01-31\r\n" +
		"Single supplier for ERP hosting\tsupplier\t2\t4\tZofia Łódź\ttransfer\t2027-03-31\r\n" +
		"Key DBA leaves\tservice\t2\t3\tMateusz Kowalski\taccept\t2027-06-30\r\n"
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(text)) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	must(os.WriteFile(filepath.Join(dir, "risks-utf16.txt"), b.Bytes(), 0o644))
}
