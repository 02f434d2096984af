package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A client's ticket export as it comes: title rows above the header, no service column (an
// assignment group instead), the tool's own state names, "P1 - Critical" priorities, dates in
// the local format and one impossible date. With a lookup of groups to services, a value for
// every row and a value map it imports, each record as the source says; the impossible date is
// refused on its row alone.
func TestClientExportWithoutServiceColumn(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "client.smswb")
	ok(t, runCLI(t, db, "init", "--name", "Client"))
	for _, title := range []string{"Payroll", "Network", "Service desk"} {
		ok(t, runCLI(t, db, "add", "service", `{"title":"`+title+`"}`))
	}
	export := filepath.Join(dir, "export.csv")
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(export, `Incident export;;;;;;
Generated 30.11.2026 by the service desk tool;;;;;;
Number;Short description;State;Priority;Opened;Resolved;Assignment group
INC0041236;Payroll run failed;Closed;P1 - Critical;30.10.2026 09:00;30.10.2026 11:30;Payroll team
INC0041237;VPN slow;On Hold;3 - Moderate;02.11.2026 14:00;;Network ops
INC0041238;Printer jam;Awaiting user info;4 - Low;03.11.2026 08:15;;
INC0041239;Mail bounces;Work in Progress;2 - High;04.11.2026 10:00;;Network ops
INC0041240;Bad date;Solved;3 - Moderate;31.02.2026 10:00;01.03.2026 10:00;Payroll team
INC0041241;Duplicate of 0041237;Canceled;4 - Low;05.11.2026 09:00;;Network ops
INC0041242;Payslips late;Resolved;2 - High;06.11.2026 08:00;06.11.2026 16:00;Payroll team
`)
	groups := filepath.Join(dir, "groups.csv")
	write(groups, "Assignment group,Service\nPayroll team,SVC-00001\nNetwork ops,Network\n")

	// Without a service the rows would import all the same (a ticket's service may be given
	// later, and the dashboard lists the open ones without one); here the consultant gives it.
	dry := runCLI(t, db, "import", "incident", export, "--map", "Number=", "--dry-run")
	if !strings.Contains(dry.stdout, "7 rows: would import 6 (6 new, 0 updated), 1 invalid") {
		t.Fatalf("a dry run without a service: %+v", dry)
	}
	args := []string{"import", "incident", export, "--lookup", "Assignment group=service:" + groups,
		"--set", "service=Service desk", "--set", "impact=2", "--map-value", "State:Awaiting user info=pending", "--skip-invalid", "--profile", "desk tool"}
	out := ok(t, runCLI(t, db, args...))
	for _, want := range []string{
		"every row without one: service = Service desk",
		`State: "On Hold" -> pending (1 rows)`,
		`State: "Work in Progress" -> in_progress`,
		`State: "Canceled" -> cancelled`,
		`Assignment group: "Network ops" -> Network (3 rows)`,
		"7 rows: imported 6 (6 new, 0 updated), 1 invalid",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the import does not say %q:\n%s", want, out)
		}
	}
	// Record by record, as the export says.
	type row struct{ title, status, service, opened, resolved string }
	want := []row{
		{"Payroll run failed", "closed", "Payroll", "2026-10-30T09:00:00Z", "2026-10-30T11:30:00Z"},
		{"VPN slow", "pending", "Network", "2026-11-02T14:00:00Z", ""},
		{"Printer jam", "pending", "Service desk", "2026-11-03T08:15:00Z", ""},
		{"Mail bounces", "in_progress", "Network", "2026-11-04T10:00:00Z", ""},
		{"Duplicate of 0041237", "cancelled", "Network", "2026-11-05T09:00:00Z", ""},
		{"Payslips late", "resolved", "Payroll", "2026-11-06T08:00:00Z", "2026-11-06T16:00:00Z"},
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "list", "incident", "--sort", "opened_at", "--json", "--limit", "50"))), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(want) {
		t.Fatalf("%d incidents: %v", len(list), list)
	}
	for i, w := range want {
		r := decode(t, ok(t, runCLI(t, db, "get", "incident", list[i]["ref"].(string))))
		resolved, _ := r["resolved_at"].(string)
		service, _ := r["service"].(map[string]any)
		if r["title"] != w.title || r["status"] != w.status || service["title"] != w.service || r["opened_at"] != w.opened || resolved != w.resolved {
			t.Errorf("record %d: %v %v %v %v %v; want %+v", i, r["title"], r["status"], service["title"], r["opened_at"], resolved, w)
		}
		if r["impact"] != float64(2) {
			t.Errorf("%s: impact %v, want the 2 given for every row", w.title, r["impact"])
		}
	}
	if p := decode(t, ok(t, runCLI(t, db, "get", "incident", list[0]["ref"].(string)))); p["priority"] != float64(1) {
		t.Errorf("P1 - Critical read as priority %v", p["priority"])
	}
	if _, err := os.Stat(strings.TrimSuffix(export, ".csv") + ".rejected.xlsx"); err != nil {
		t.Errorf("the rejected row's workbook: %v", err)
	}
	// The tool's numbers are kept, searchable.
	if found := ok(t, runCLI(t, db, "search", "INC0041239")); !strings.Contains(found, "Mail bounces") {
		t.Errorf("search INC0041239:\n%s", found)
	}
	// The profile keeps the lookup, the values for every row and the value maps; the same
	// export imported again next month updates the tickets it holds, by their numbers.
	again := ok(t, runCLI(t, db, "import", "incident", export, "--profile", "desk tool", "--skip-invalid"))
	if !strings.Contains(again, "every row without one: service = Service desk") || !strings.Contains(again, `Assignment group: "Payroll team" -> SVC-00001`) ||
		!strings.Contains(again, "7 rows: imported 6 (0 new, 6 updated), 1 invalid") {
		t.Errorf("the export imported again:\n%s", again)
	}
	if n := len(list); n != 6 || count(t, db, "incident") != 6 {
		t.Errorf("%d incidents after importing the export twice", count(t, db, "incident"))
	}

	// Bad input: one error line, nothing changed.
	d := digest(t, db)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--set", "colour=blue"}, `Incidents has no field "colour"`},
		{[]string{"--set", "impact=enormous"}, "impact=enormous: not one of High, Medium, Low (--set)"},
		{[]string{"--set", "status=paused"}, `incident has no state "paused"`},
		{[]string{"--map-value", "State:On Hold=paused"}, `incident has no state "paused"`},
		{[]string{"--map-value", "State:On Hold=paused"}, "(--map-value)"},
		{[]string{"--map-value", "Colour:red=1"}, `the file has no column "Colour"`},
		{[]string{"--lookup", "Assignment group=service:" + filepath.Join(dir, "none.csv")}, "none.csv"},
	} {
		r := runCLI(t, db, append([]string{"import", "incident", export, "--map", "Number="}, c.args...)...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code == 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "error: ") || !strings.Contains(lines[0], c.want) {
			t.Errorf("%v: exit %d, stderr %q; want one error line with %q", c.args, r.code, r.stderr, c.want)
		}
	}
	if digest(t, db) != d {
		t.Error("a refused import changed the workspace")
	}
}

// An incident of this morning entered in the afternoon: its moves dated back to this morning
// give the SLA result of the real timeline; a move before it was opened or in the future is
// refused in one line, changing nothing.
func TestLateEntryThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.smswb")
	ok(t, runCLI(t, db, "init", "--name", "Client"))
	ok(t, runCLI(t, db, "add", "service", `{"title":"Payroll"}`))
	ok(t, runCLI(t, db, "add", "sla", `{"title":"Payroll SLA","service":"SVC-00001","calendar":"24x7","targets":[{"priority":1,"respond":"15m","resolve":"4h"}]}`))
	// agreed a week ago
	ok(t, runCLI(t, db, "move", "sla", "SLA-00001", "agreed"))
	opened := time.Now().UTC().Add(-6 * time.Hour).Truncate(time.Minute)
	at := func(d time.Duration) string { return opened.Add(d).Format(time.RFC3339) }
	inc := decode(t, ok(t, runCLI(t, db, "add", "incident", `{"title":"Payroll down","service":"SVC-00001","impact":1,"urgency":1,"opened_at":"`+at(0)+`","resolution":"restarted"}`)))
	ref := inc["ref"].(string)
	ok(t, runCLI(t, db, "move", "incident", ref, "assigned", "--at", at(10*time.Minute)))
	ok(t, runCLI(t, db, "move", "incident", ref, "resolved", "--at", at(3*time.Hour)))
	got := decode(t, ok(t, runCLI(t, db, "get", "incident", ref)))
	if got["sla_state"] != "met" || got["response_state"] != "met" || got["resolved_at"] != at(3*time.Hour) {
		t.Fatalf("late entry: %v", got)
	}
	hist := ok(t, runCLI(t, db, "history", "incident", ref))
	if !strings.Contains(hist, at(10*time.Minute)+" (recorded ") {
		t.Errorf("the history does not say when the move was recorded:\n%s", hist)
	}
	other := decode(t, ok(t, runCLI(t, db, "add", "incident", `{"title":"Slow","service":"SVC-00001","opened_at":"`+at(0)+`"}`)))["ref"].(string)
	d := digest(t, db)
	for _, when := range []string{at(-time.Hour), time.Now().UTC().Add(time.Hour).Format(time.RFC3339)} {
		r := runCLI(t, db, "move", "incident", other, "assigned", "--at", when)
		if r.code == 0 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "error: ") {
			t.Errorf("a move at %s: exit %d, %q", when, r.code, r.stderr)
		}
	}
	if digest(t, db) != d {
		t.Error("a refused move changed the workspace")
	}
}

// A list of services that are all in production lands live, not in the pipeline, when the
// import is told so for every row.
func TestImportedServicesAllLive(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.smswb")
	ok(t, runCLI(t, db, "init", "--name", "Client"))
	list := filepath.Join(dir, "services.csv")
	if err := os.WriteFile(list, []byte("Service,Owner,Kritikalität\nPayroll,Ana,Hoch\nMail,Ben,Mittel\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := ok(t, runCLI(t, db, "import", "service", list, "--set", "status=In Betrieb"))
	if !strings.Contains(out, "every row without one: status = In Betrieb") || !strings.Contains(out, "2 rows: imported 2 (2 new, 0 updated)") {
		t.Fatalf("import:\n%s", out)
	}
	for _, ref := range []string{"SVC-00001", "SVC-00002"} {
		if r := decode(t, ok(t, runCLI(t, db, "get", "service", ref))); r["status"] != "live" {
			t.Errorf("%s is %v", ref, r["status"])
		}
	}
	if r := decode(t, ok(t, runCLI(t, db, "get", "service", "SVC-00001"))); r["criticality"] != "high" {
		t.Errorf("Kritikalität Hoch read as %v", r["criticality"])
	}
}
