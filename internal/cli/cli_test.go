package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, db string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(append([]string{"--db", db}, args...), Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Version: "test"})
	return result{code, out.String(), errb.String()}
}

func ok(t *testing.T, r result) string {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	return r.stdout
}

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, s)
	}
	return m
}

// The demo is made once with init --demo; each test gets its own copy of the file.
var (
	demoOnce     sync.Once
	demoTemplate string
	demoInit     string
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		os.Exit(crashChild()) // a process the crash tests kill
	}
	if dir := os.Getenv(fullDiskChildEnv); dir != "" {
		os.Exit(fullDiskChild(dir)) // inside the full disk's mount namespace
	}
	// Imports back the workspace up first: never into the real user's data folder.
	backups, err := os.MkdirTemp("", "smswb-cli-backups-")
	if err != nil {
		panic(err)
	}
	os.Setenv("SMSWB_BACKUP_DIR", backups)
	// The tests read the command line's English, whatever the machine's language
	// (language_test.go sets a German one where it means to).
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "C")
	code := m.Run()
	os.RemoveAll(backups)
	if demoTemplate != "" {
		os.RemoveAll(filepath.Dir(demoTemplate))
	}
	os.Exit(code)
}

func demoDB(t *testing.T) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "smswb-cli-demo-")
		if err != nil {
			t.Fatal(err)
		}
		demoTemplate = filepath.Join(dir, "demo.smswb")
		demoInit = ok(t, runCLI(t, demoTemplate, "init", "--demo"))
	})
	if demoInit == "" {
		t.Fatal("init --demo failed in an earlier test")
	}
	var records int
	if _, err := fmt.Sscanf(demoInit[strings.Index(demoInit, ", ")+2:], "%d records", &records); err != nil ||
		!strings.Contains(demoInit, "Northwind") || records < 3000 {
		t.Fatalf("init: %s", demoInit)
	}
	db := filepath.Join(t.TempDir(), "w.smswb")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(demoTemplate + suffix)
		if err != nil && suffix == "" {
			t.Fatal(err)
		}
		if err == nil {
			if err := os.WriteFile(db+suffix, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db
}

// count is the number of records of a kind.
func count(t *testing.T, db, kind string) int {
	t.Helper()
	var recs []map[string]any
	if err := json.Unmarshal([]byte(ok(t, runCLI(t, db, "list", kind, "--json", "--limit", "0"))), &recs); err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

func TestDemoWorkspaceThroughTheCLI(t *testing.T) {
	db := demoDB(t)
	var kinds []map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "kinds", "--json"))), &kinds)
	names := map[string]bool{}
	for _, k := range kinds {
		names[k["name"].(string)] = true
	}
	if len(kinds) < 33 || !names["incident"] || !names["cirel"] || !names["supplierreview"] {
		t.Fatalf("kinds: %v", names)
	}
	var incidents []map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "list", "incident", "--json", "--limit", "0"))), &incidents)
	if len(incidents) != 1000 {
		t.Fatalf("%d incidents", len(incidents))
	}
	statuses := map[string]int{}
	breached := 0
	for _, inc := range incidents {
		statuses[inc["status"].(string)]++
		if inc["sla_state"] == "breached" {
			breached++
		}
	}
	for _, st := range []string{"new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled"} {
		if statuses[st] == 0 {
			t.Errorf("demo has no %s incident: %v", st, statuses)
		}
	}
	if breached == 0 {
		t.Error("no incident breaches its SLA")
	}
	text := ok(t, runCLI(t, db, "list", "service"))
	if !strings.Contains(text, "SVC-00001") || !strings.Contains(text, "12 of 12 services") {
		t.Fatalf("list text:\n%s", text)
	}
	for kind, least := range map[string]int{"ci": 400, "cirel": 1200, "request": 600, "change": 150, "contract": 8, "risk": 20} {
		if n := count(t, db, kind); n < least {
			t.Errorf("%d %s records, want at least %d", n, kind, least)
		}
	}
	// The demo goes into an empty workspace only, with --seed and --scale checked.
	if r := runCLI(t, filepath.Join(t.TempDir(), "x.smswb"), "init", "--demo", "--scale", "0"); r.code != 2 || !strings.Contains(r.stderr, "must be a whole number of 1 or more") {
		t.Fatalf("scale 0: %+v", r)
	}
}

func TestAddGetSetMoveHistoryDelete(t *testing.T) {
	db := demoDB(t)
	next := fmt.Sprintf("INC-%05d", count(t, db, "incident")+1)
	nextPolicy := fmt.Sprintf("POL-%05d", count(t, db, "policy")+1)
	created := decode(t, ok(t, runCLI(t, db, "add", "incident", `{"title":"Printer on fire","service":"SVC-00002","impact":1,"urgency":1}`)))
	ref := created["ref"].(string)
	if ref != next || created["priority"] != 1.0 || created["status"] != "new" {
		t.Fatalf("created %v", created)
	}
	if svc := created["service"].(map[string]any); svc["ref"] != "SVC-00002" || svc["title"] != "Service desk" {
		t.Fatalf("service link %v", svc)
	}
	got := decode(t, ok(t, runCLI(t, db, "get", "incident", created["id"].(string))))
	if got["ref"] != ref || got["title"] != "Printer on fire" {
		t.Fatalf("get %v", got)
	}
	set := decode(t, ok(t, runCLI(t, db, "set", "incident", ref, `{"assignee":"Rui Costa","urgency":"Low"}`)))
	if set["assignee"] != "Rui Costa" || set["priority"] != 3.0 {
		t.Fatalf("set %v", set)
	}
	moved := decode(t, ok(t, runCLI(t, db, "move", "incident", ref, "assigned", "--note", "to facilities")))
	if moved["status"] != "assigned" {
		t.Fatalf("move %v", moved)
	}
	hist := ok(t, runCLI(t, db, "history", "incident", ref))
	for _, want := range []string{"created", "Summary: Printer on fire", "Assigned to: - -> Rui Costa", "Urgency: 1 -> 3", "moved", `"to facilities"`, "Status: new -> assigned"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	var events []map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "history", "incident", ref, "--json"))), &events)
	if len(events) != 3 || events[2]["action"] != "moved" {
		t.Fatalf("history json %v", events)
	}
	// The input may come from stdin.
	var out, errb bytes.Buffer
	code := Run([]string{"--db", db, "add", "policy", "-"}, Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(`{"title":"Capacity policy","policy_type":"capacity"}`)})
	if code != 0 || decode(t, out.String())["ref"] != nextPolicy {
		t.Fatalf("stdin add: %d %s %s", code, out.String(), errb.String())
	}
	del := decode(t, ok(t, runCLI(t, db, "delete", "incident", ref)))
	if del["deleted"] != true {
		t.Fatalf("delete %v", del)
	}
	r := runCLI(t, db, "get", "incident", ref)
	if r.code != 1 || !strings.Contains(r.stderr, "was deleted") {
		t.Fatalf("get deleted: %+v", r)
	}
	search := ok(t, runCLI(t, db, "search", "backup"))
	if !strings.Contains(search, "RSK-") || !strings.Contains(search, "SRP-") || !strings.Contains(search, "Backup and recovery") {
		t.Fatalf("search:\n%s", search)
	}
	if search := ok(t, runCLI(t, db, "search", "restore")); !strings.Contains(search, "REQ-") {
		t.Fatalf("search requests:\n%s", search)
	}
	if search := ok(t, runCLI(t, db, "search", "code signing certificate")); !strings.Contains(search, "CI-") {
		t.Fatalf("search a host:\n%s", search)
	}
	filtered := ok(t, runCLI(t, db, "list", "incident", "--where", "service=SVC-00003", "--sort", "-opened_at", "--json"))
	var recs []map[string]any
	json.Unmarshal([]byte(filtered), &recs)
	if len(recs) == 0 {
		t.Fatal("no ERP incidents")
	}
	for i, rec := range recs {
		if rec["service"].(map[string]any)["ref"] != "SVC-00003" {
			t.Fatalf("filter leaked %v", rec["ref"])
		}
		if i > 0 && rec["opened_at"].(string) > recs[i-1]["opened_at"].(string) {
			t.Fatal("not sorted by opened_at descending")
		}
	}
}

func TestBadInputExitsWithOneLineAndWritesNothing(t *testing.T) {
	db := demoDB(t)
	var closed []map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "list", "incident", "--where", "status=closed", "--sort", "ref", "--limit", "1", "--json"))), &closed)
	if len(closed) != 1 {
		t.Fatal("no closed incident in the demo")
	}
	closedRef := closed[0]["ref"].(string)
	fingerprint := func() string {
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		wal, _ := os.ReadFile(db + "-wal")
		return string(b) + string(wal)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"add", "incident", `{"title":`}, 1, "invalid JSON for incident"},
		{[]string{"add", "incident", `["x"]`}, 1, "expected an object"},
		{[]string{"add", "ticket", `{"title":"x"}`}, 1, `unknown kind "ticket"`},
		{[]string{"add", "incident", `{"title":"x","service":"SVC-00001","colour":"red"}`}, 1, `incident field "colour" does not exist`},
		{[]string{"add", "incident", `{"title":"x","service":"SVC-00001","impact":"huge"}`}, 1, `incident field "impact" must be one of`},
		{[]string{"add", "incident", `{"title":"x","service":"SVC-00001","major":1}`}, 1, `incident field "major" must be true or false`},
		{[]string{"add", "contract", `{"title":"x","start":"2026-01-01"}`}, 1, `contract field "supplier" is required`},
		{[]string{"add", "incident", `{"title":"x","service":"SVC-00404"}`}, 1, `refers to no service "SVC-00404"`},
		{[]string{"get", "incident", "INC-99999"}, 1, `no incident with id or ref "INC-99999"`},
		{[]string{"set", "incident", "INC-99999", `{"title":"y"}`}, 1, `no incident with id or ref "INC-99999"`},
		{[]string{"set", "incident", closedRef, `{"status":"new"}`}, 1, "workflow move"},
		{[]string{"move", "incident", closedRef, "new"}, 1, closedRef + " cannot move from closed to new"},
		{[]string{"move", "incident", "INC-00001", "assigned", "--at", "yesterday"}, 1, "--at must be a date and time"},
		{[]string{"delete", "service", "SVC-00001"}, 1, "cannot delete service SVC-00001"},
		{[]string{"list", "incident", "--where", "colour=red"}, 1, `"colour" in a filter: no such field`},
		{[]string{"list", "incident", "--where", "nonsense"}, 2, "must look like FIELD=VALUE"},
		{[]string{"list", "incident", "--limit", "x"}, 2, "invalid value"},
		{[]string{"list"}, 2, "list: expected KIND"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"add", "incident"}, 2, "add: expected KIND JSON"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			before := fingerprint()
			r := runCLI(t, db, c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, c.code, r.stderr)
			}
			first := strings.SplitN(r.stderr, "\n", 2)[0]
			if !strings.HasPrefix(first, "error: ") || !strings.Contains(first, c.want) {
				t.Fatalf("stderr %q lacks %q", r.stderr, c.want)
			}
			if r.code == 1 && strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("more than one line: %q", r.stderr)
			}
			if r.stdout != "" {
				t.Fatalf("stdout on error: %q", r.stdout)
			}
			if fingerprint() != before {
				t.Fatal("the workspace file changed")
			}
		})
	}
}

func TestWorkspaceProblemsAreOneLine(t *testing.T) {
	dir := t.TempDir()
	fixture, err := os.ReadFile("../../testdata/not-a-workspace.txt")
	if err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "notes.smswb")
	os.WriteFile(notDB, fixture, 0o644)
	for _, args := range [][]string{{"list", "incident"}, {"add", "service", `{"title":"x"}`}, {"init", "--demo"}} {
		r := runCLI(t, notDB, args...)
		if r.code != 1 || r.stderr != "error: "+notDB+" is not an SMS Workbench workspace (not an SQLite database)\n" {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if after, _ := os.ReadFile(notDB); string(after) != string(fixture) {
		t.Fatal("the file was changed")
	}
	var r result
	r = runCLI(t, filepath.Join(dir, "nothing.smswb"), "list", "incident")
	if r.code != 1 || !strings.Contains(r.stderr, "no workspace at") {
		t.Fatalf("%+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "nothing.smswb")); err == nil {
		t.Fatal("a read command created a workspace")
	}
}

func TestInitIsIdempotentAndDemoOnlyWhenEmpty(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.smswb")
	out := ok(t, runCLI(t, db, "init", "--name", "Acme IT"))
	if !strings.Contains(out, `"Acme IT", 0 records`) {
		t.Fatalf("init: %s", out)
	}
	ok(t, runCLI(t, db, "add", "service", `{"title":"Payroll"}`))
	out = ok(t, runCLI(t, db, "init"))
	if !strings.Contains(out, "1 records") {
		t.Fatalf("second init: %s", out)
	}
	r := runCLI(t, db, "init", "--demo")
	if r.code != 1 || !strings.Contains(r.stderr, "already has 1 records") {
		t.Fatalf("demo into a used workspace: %+v", r)
	}
}
