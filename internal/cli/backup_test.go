package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestBackupCreateListRestoreThroughTheCLI(t *testing.T) {
	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	db := freshDB(t)
	ok(t, runCLI(t, db, "add", "service", `{"title": "ERP"}`))
	var made map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "backup", "create", "--json"))), &made)
	id, _ := made["id"].(string)
	if !strings.HasSuffix(id, "-manual") {
		t.Fatalf("backup create: %v", made)
	}
	ok(t, runCLI(t, db, "add", "service", `{"title": "Mail"}`))
	before := digest(t, db)
	if r := runCLI(t, db, "backup", "restore", "19990101"); r.code == 0 || !strings.Contains(r.stderr, `no backup "19990101"`) || digest(t, db) != before {
		t.Errorf("unknown backup: %d %q", r.code, r.stderr)
	}
	out := ok(t, runCLI(t, db, "backup", "restore", id))
	if !strings.HasPrefix(out, "restored "+id+"; the state before it is backup ") {
		t.Fatalf("restore: %s", out)
	}
	if n := count(t, db, "service"); n != 1 {
		t.Errorf("%d services after restoring the backup made with one", n)
	}
	list := ok(t, runCLI(t, db, "backup", "list"))
	if !strings.Contains(list, id) || !strings.Contains(list, "-restore") || !strings.Contains(list, "2 backups in ") {
		t.Errorf("list:\n%s", list)
	}
	// The state the restore replaced is a backup: restoring it undoes the restore.
	var all []map[string]any
	json.Unmarshal([]byte(ok(t, runCLI(t, db, "backup", "list", "--json"))), &all)
	ok(t, runCLI(t, db, "backup", "restore", all[0]["id"].(string)))
	if n := count(t, db, "service"); n != 2 {
		t.Errorf("%d services after undoing the restore", n)
	}
}

// An import, and a bundle import, back the workspace up first; a dry run does not.
func TestImportsBackUpFirst(t *testing.T) {
	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	db := freshDB(t)
	ok(t, runCLI(t, db, "add", "service", `{"title": "E-mail and collaboration"}`))
	reasons := func() string {
		var all []struct{ Reason string }
		json.Unmarshal([]byte(ok(t, runCLI(t, db, "backup", "list", "--json"))), &all)
		var out []string
		for _, b := range all {
			out = append(out, b.Reason)
		}
		return strings.Join(out, ",")
	}
	src := copyFixture(t, t.TempDir(), "incidents-errors.csv")
	runCLI(t, db, "import", "incident", src, "--dry-run")
	if got := reasons(); got != "" {
		t.Fatalf("a dry run made backups: %q", got)
	}
	ok(t, runCLI(t, db, "import", "incident", src, "--skip-invalid"))
	if got := reasons(); got != "import" {
		t.Fatalf("after an import: %q", got)
	}
}

func TestBundleImportBacksUpFirst(t *testing.T) {
	t.Setenv("SMSWB_BACKUP_DIR", t.TempDir())
	_, _, b, _, _ := copies(t) // b has imported a's first bundle
	var all []struct{ Reason string }
	json.Unmarshal([]byte(ok(t, runCLI(t, b, "backup", "list", "--json"))), &all)
	if len(all) != 1 || all[0].Reason != "bundle" {
		t.Errorf("backups after a bundle import: %+v", all)
	}
}
