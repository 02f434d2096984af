package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"smsworkbench/internal/schema"
)

// tableOf is the register table of a kind.
func tableOf(k *schema.Kind) string { return quote("r_" + k.Name) }

// quote makes an SQL identifier of a name. Names reach it only after they were checked against
// the kind's declaration; it doubles any '"' anyway, so that a name that slipped past a check
// still cannot end the identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func columnType(t schema.FieldType) string {
	switch t {
	case schema.Integer, schema.Bool, schema.Duration:
		return "INTEGER"
	case schema.Number:
		return "REAL"
	}
	return "TEXT"
}

// syncKindTables creates the register table of every declared kind, adds the columns of fields
// declared since the workspace was made, and creates the indexes the declarations ask for.
// Declarations only ever grow: a column whose field is gone stays and is ignored, and a field's
// type never changes (a new field is declared instead), so no workspace needs rewriting.
func (s *Store) syncKindTables(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, k := range s.reg.Kinds() {
		t := tableOf(k)
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+t+`(
			n INTEGER PRIMARY KEY,
			id TEXT NOT NULL,
			ref TEXT NOT NULL,
			status TEXT,
			created_at TEXT NOT NULL,
			updated_at TEXT NOT NULL)`)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, "r_"+k.Name)
		if err != nil {
			return err
		}
		for rows.Next() {
			var name string
			rows.Scan(&name)
			have[name] = true
		}
		rows.Close()
		for _, f := range k.Fields {
			if !have[f.Name] {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s ADD COLUMN %s %s`, t, quote(f.Name), columnType(f.Type))); err != nil {
					return err
				}
			}
		}
		// Indexed fields of few values (an enum, a flag) of a kind with a workflow carry the
		// status as a second column, because "open work of this priority" is the usual list. A
		// reference, a date or a text has many values, each on a few rows, which the status then
		// filters quickly: a second column there would only make every move rewrite the index.
		indexes := []index{}
		if k.Workflow != nil {
			indexes = append(indexes, index{cols: []string{"status"}})
		}
		for _, f := range k.Fields {
			if f.Indexed || f.Type == schema.Ref {
				cols := []string{f.Name}
				if k.Workflow != nil && (len(f.Enum) > 0 || f.Type == schema.Bool) {
					cols = append(cols, "status")
				}
				// An optional reference is looked up by equality only (a problem's incidents,
				// a record that may not be deleted): its index holds only the rows that have
				// one, and costs nothing at the writes of the many rows that do not.
				sparse := f.Type == schema.Ref && !f.Indexed && !f.Required && f.Default == nil
				indexes = append(indexes, index{cols: cols, sparse: sparse})
			}
		}
		// Lists sort by reference or newest first, ending with a unique key (read.go refOrder).
		indexes = append(indexes, index{cols: refOrderIndex}, index{cols: []string{"created_at"}})
		for _, cols := range k.Indexes {
			indexes = append(indexes, index{cols: cols})
		}
		indexes = withoutPrefixes(indexes)
		if err := syncIndexes(ctx, tx, "r_"+k.Name, indexes); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// index is one declared index of a register table; a sparse one holds only the rows whose first
// column is set.
type index struct {
	cols   []string
	sparse bool
}

// withoutPrefixes drops an index whose columns begin a longer full index (the SLA report's
// index serves the lookups of a ticket's SLA): it would cost every write and serve no read.
func withoutPrefixes(indexes []index) []index {
	var out []index
	for _, ix := range indexes {
		covered := false
		for _, longer := range indexes {
			if !longer.sparse && len(longer.cols) > len(ix.cols) && slices.Equal(longer.cols[:len(ix.cols)], ix.cols) {
				covered = true
			}
		}
		if !covered {
			out = append(out, ix)
		}
	}
	return out
}

// syncIndexes creates the declared indexes of a register table that it lacks and drops those no
// longer declared (a report's index laid out anew), so they cost nothing at each write. A table
// that gained an index is analysed again: without statistics on it the query planner may keep
// to an older, slower plan.
func syncIndexes(ctx context.Context, tx *sql.Tx, table string, indexes []index) error {
	have, err := tableIndexes(ctx, tx, table)
	if err != nil {
		return err
	}
	declared := map[string]bool{}
	added := false
	for _, ix := range indexes {
		name := table + "_" + strings.Join(ix.cols, "_")
		where := ""
		if ix.sparse {
			name += "_sparse" // a new name: an older workspace's full index is replaced
			where = " WHERE " + quote(ix.cols[0]) + " IS NOT NULL"
		}
		declared[name] = true
		if have[name] {
			continue
		}
		quoted := make([]string, len(ix.cols))
		for i, c := range ix.cols {
			quoted[i] = quote(c)
			if strings.HasSuffix(c, "(ref)") {
				quoted[i] = c // an expression of the declared columns, not a name
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s(%s)%s`, quote(name), quote(table), strings.Join(quoted, ", "), where)); err != nil {
			return err
		}
		added = true
	}
	for name := range have {
		if !declared[name] {
			if _, err := tx.ExecContext(ctx, `DROP INDEX `+quote(name)); err != nil {
				return err
			}
		}
	}
	if added {
		var rows int
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM `+quote(table)+`)`).Scan(&rows); err != nil {
			return err
		}
		if rows > 0 {
			if _, err := tx.ExecContext(ctx, `PRAGMA analysis_limit=1000`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `ANALYZE `+quote(table)); err != nil {
				return err
			}
		}
	}
	return nil
}

// tableIndexes names the indexes made for a table (not those SQLite makes itself).
func tableIndexes(ctx context.Context, tx *sql.Tx, table string) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		have[name] = true
	}
	return have, rows.Err()
}

// columns lists the stored columns of a kind's table in a fixed order: the builtin ones, then
// the declared fields. The slice is shared: callers do not change it.
func columns(k *schema.Kind) []string { return statementsOf(k).cols }

func selectList(k *schema.Kind) string { return statementsOf(k).selectList }

// statements are what every write and read of a kind's table builds from its declaration, made
// once per kind: an import of 100,000 rows would otherwise build them 100,000 times.
type statements struct {
	cols       []string
	selectList string
	insert     string
}

var kindStatements sync.Map // *schema.Kind -> *statements

func statementsOf(k *schema.Kind) *statements {
	if st, ok := kindStatements.Load(k); ok {
		return st.(*statements)
	}
	cols := []string{"n", "id", "ref", "status", "created_at", "updated_at"}
	for _, f := range k.Fields {
		cols = append(cols, quote(f.Name))
	}
	marks := strings.Repeat("?,", len(cols))
	st := &statements{cols: cols, selectList: strings.Join(cols, ", "),
		insert: fmt.Sprintf("INSERT INTO %s(%s) VALUES(%s)", tableOf(k), strings.Join(cols, ","), marks[:len(marks)-1])}
	kindStatements.Store(k, st)
	return st
}
