package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/store"
)

// opLog lists every op of the workspace: a failed command must leave it as it was.
func opLog(t *testing.T, db string) string {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	have, err := s.Have(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	err = s.OpsBetween(t.Context(), nil, have, func(o *store.Op) error {
		fmt.Fprintf(&b, "%s %s %s\n", o.ID, o.Field, o.Value)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// wantFail asserts a one-line "error:" and the exit code, and that the op log did not change.
func wantFail(t *testing.T, db string, code int, contains string, args ...string) {
	t.Helper()
	before := opLog(t, db)
	r := runCLI(t, db, args...)
	if r.code != code || !strings.HasPrefix(r.stderr, "error: ") || !strings.Contains(r.stderr, contains) {
		t.Fatalf("%v: exit %d, stderr %q; want exit %d with %q", args, r.code, r.stderr, code, contains)
	}
	if first := strings.SplitN(r.stderr, "\n", 2)[0]; strings.Contains(first, "goroutine") || strings.Contains(first, "panic") {
		t.Fatalf("%v: %q", args, r.stderr)
	}
	if opLog(t, db) != before {
		t.Fatalf("%v wrote ops", args)
	}
}

func TestRegistersCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.smswb")
	ok(t, runCLI(t, db, "init"))
	ok(t, runCLI(t, db, "add", "service", `{"title":"ERP"}`))
	ok(t, runCLI(t, db, "add", "ci", `{"title":"erp-app","ci_type":"application"}`))
	ok(t, runCLI(t, db, "add", "ci", `{"title":"vm-1","ci_type":"virtual"}`))
	ok(t, runCLI(t, db, "add", "ci", `{"title":"host-1","ci_type":"server"}`))
	ok(t, runCLI(t, db, "add", "cirel", `{"from":"CI-00001","type":"runs_on","to":"CI-00002"}`))
	ok(t, runCLI(t, db, "add", "cirel", `{"from":"CI-00002","type":"runs_on","to":"CI-00003"}`))
	ok(t, runCLI(t, db, "add", "cirel", `{"from":"CI-00003","type":"depends_on","to":"CI-00001"}`)) // a cycle
	ok(t, runCLI(t, db, "set", "service", "SVC-00001", `{"cis":["CI-00001"]}`))

	// impact: the host takes down the VM, the app (and, round the cycle, nothing new) and ERP.
	var imp struct {
		CIs      []struct{ Ref string }
		Services []struct{ Ref, Title string }
	}
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "impact", "CI-00003", "--json"))), &imp)
	if len(imp.CIs) != 2 || imp.CIs[0].Ref != "CI-00001" || imp.CIs[1].Ref != "CI-00002" || len(imp.Services) != 1 || imp.Services[0].Title != "ERP" {
		t.Fatalf("impact %+v", imp)
	}
	if out := ok(t, runCLI(t, db, "impact", "ci-00003")); !strings.Contains(out, "services affected (1)") || !strings.Contains(out, "SVC-00001") {
		t.Fatalf("impact text: %s", out)
	}
	wantFail(t, db, 1, `no ci with id or ref "CI-00099"`, "impact", "CI-00099")
	wantFail(t, db, 1, "is a service, not a ci", "impact", "SVC-00001")

	// related: both ways.
	rel := ok(t, runCLI(t, db, "related", "ci", "CI-00001"))
	if !strings.Contains(rel, "Services (depends on cis): 1") || !strings.Contains(rel, "CI relationships (from ci): 1") {
		t.Fatalf("related: %s", rel)
	}

	// baselines
	ok(t, runCLI(t, db, "baseline", "create", "Q4"))
	ok(t, runCLI(t, db, "set", "ci", "CI-00002", `{"version":"22.04"}`))
	diff := ok(t, runCLI(t, db, "baseline", "diff", "Q4"))
	if !strings.Contains(diff, "1 changed") || !strings.Contains(diff, "~ CI-00002 version: - -> 22.04") {
		t.Fatalf("diff: %s", diff)
	}
	wantFail(t, db, 1, "exists already", "baseline", "create", "Q4")
	wantFail(t, db, 1, `no baseline named "Q5"`, "baseline", "diff", "Q5")
	wantFail(t, db, 2, "expected create NAME", "baseline", "drop", "Q4")

	// the priority matrix
	ok(t, runCLI(t, db, "matrix", "set", "3", "3", "4"))
	var m [3][3]int
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "matrix", "--json"))), &m)
	if m != [3][3]int{{1, 2, 3}, {2, 3, 4}, {3, 4, 4}} {
		t.Fatalf("matrix %v", m)
	}
	inc := decode(t, ok(t, runCLI(t, db, "add", "incident", `{"title":"x","service":"SVC-00001","impact":3,"urgency":3}`)))
	if inc["priority"] != float64(4) {
		t.Fatalf("priority with the edited matrix: %v", inc["priority"])
	}
	wantFail(t, db, 1, "priority must be 1 to 5", "matrix", "set", "1", "1", "7")
	wantFail(t, db, 1, "urgency must be 1, 2 or 3", "matrix", "set", "1", "0", "1")
	wantFail(t, db, 2, "is not a number", "matrix", "set", "1", "one", "1")
	ok(t, runCLI(t, db, "matrix", "reset"))
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "matrix", "--json"))), &m)
	if m[2][2] != 5 {
		t.Fatalf("after reset %v", m)
	}

	// reports with bad input
	wantFail(t, db, 2, `--from "2026-13-01" is not a date`, "sla", "report", "--from", "2026-13-01")
	wantFail(t, db, 2, "is before --from", "sla", "report", "--from", "2026-05-01", "--to", "2026-04-01")
	wantFail(t, db, 1, `not "change"`, "sla", "report", "--kind", "change")
	wantFail(t, db, 1, `period "2026-Q7"`, "budget", "report", "--period", "2026-Q7")
	if out := ok(t, runCLI(t, db, "sla", "report")); !strings.Contains(out, "no resolved tickets") {
		t.Fatalf("empty SLA report: %s", out)
	}

	// rule errors name the rule and write nothing
	ok(t, runCLI(t, db, "add", "change", `{"title":"upgrade ERP","change_type":"normal"}`))
	wantFail(t, db, 1, "change CHG-00001 is normal and not approved", "move", "change", "CHG-00001", "implemented")
	wantFail(t, db, 1, `sla field "calendar"`, "add", "sla", `{"title":"x","service":"SVC-00001","calendar":"Mon-Fri 8-18","targets":[{"priority":1,"resolve":"4h"}]}`)
	wantFail(t, db, 1, `sla field "targets"`, "add", "sla", `{"title":"x","service":"SVC-00001","targets":[{"priority":1,"resolve":"4 hours soon"}]}`)
	wantFail(t, db, 1, `budget field "period"`, "add", "budget", `{"title":"x","period":"FY26","amount":"10 EUR"}`)
}
