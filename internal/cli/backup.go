package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"smsworkbench/internal/backup"
)

// The backups of a workspace (issue 9): made with VACUUM INTO, checked, kept in the user's data
// folder, per workspace file.

func init() {
	commands["backup"] = command{"list | create | restore ID", 1, 2, jsonFlag, runBackup}
	commands["check"] = command{"no arguments", 0, 0, jsonFlag, runCheck}
}

// runCheck reads every page of the workspace (SQLite's integrity_check).
func runCheck(c *ctx, a []string) error {
	if err := c.s.CheckIntegrity(c); err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(map[string]any{"path": c.s.Path(), "ok": true})
	}
	fmt.Fprintln(c.env.Stdout, c.tr("workspace %s: every page checked, no damage found", c.s.Path()))
	return nil
}

func runBackup(c *ctx, a []string) error {
	dir := backup.Dir(c.s.Path())
	switch sub := a[0]; {
	case sub == "list" && len(a) == 1:
		all, err := backup.List(dir)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(all)
		}
		w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(w, strings.Join(c.trs("ID", "REASON", "MADE (UTC)", "SIZE"), "\t"))
		for _, b := range all {
			fmt.Fprintf(w, "%s\t%s\t%s\t%d KB\n", b.ID, b.Reason, b.At.Format("2006-01-02 15:04:05"), b.Bytes/1024)
		}
		w.Flush()
		fmt.Fprintln(c.env.Stdout, c.tr("%d backups in %s (the newest %d are kept)", len(all), dir, backup.Kept()))
		return nil
	case sub == "create" && len(a) == 1:
		b, err := backup.Make(c, c.s, "manual")
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(b)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("backup %s written and checked: %s", b.ID, b.Path))
		return nil
	case sub == "restore" && len(a) == 2:
		b, before, err := backup.RestoreOver(c, c.s, a[1])
		if err != nil {
			return err
		}
		if before.Reason == "damaged" {
			fmt.Fprintln(c.env.Stdout, c.tr("restored %s; the damaged file is kept as %s", b.ID, before.Path))
			return nil
		}
		fmt.Fprintln(c.env.Stdout, c.tr("restored %s; the state before it is backup %s", b.ID, before.ID))
		return nil
	}
	return usagef("backup: expected list, create or restore ID")
}
