package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// hostileNames are field names a saved view, the window or a command line could carry; each
// must be refused by name before any SQL is built.
var hostileNames = []string{
	`nosuch`, `x" IS NULL OR "1`, `title" IS NULL --`, `"`, `""`, `title"`, `r_incident`, `n`,
	`title; DROP TABLE ops`, `../../escaped`, "tit\x00le", `TITLE`, `json_each(title)`, `status"`,
}

// quote doubles '"': a name that slipped past every check still cannot end the identifier.
func TestQuoteEscapesQuotes(t *testing.T) {
	s := openTemp(t)
	for _, name := range hostileNames {
		var got string
		// SQLite reads the quoted identifier back as exactly the name (a column alias).
		if err := s.db.QueryRow(`SELECT 'x' AS ` + quote(strings.ReplaceAll(name, "\x00", ""))).Scan(&got); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		rows, err := s.db.Query(`SELECT 'x' AS ` + quote(strings.ReplaceAll(name, "\x00", "")))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		rows.Close()
		if len(cols) != 1 || cols[0] != strings.ReplaceAll(name, "\x00", "") {
			t.Fatalf("quote(%q) reads back as %q", name, cols)
		}
	}
}

// checkFilter lists with one filter and asserts the one rule: a field the kind does not declare
// is refused by a FieldError naming it; a declared one never errs on its name.
func checkFilter(t *testing.T, s *Store, f Filter) {
	_, err := s.List(bg, "incident", Query{Where: []Filter{f}, Limit: 1})
	k, _ := s.reg.Kind("incident")
	_, declared := k.Field(f.Field)
	builtin := map[string]bool{"id": true, "ref": true, "title": true, "status": true, "created_at": true, "updated_at": true}[f.Field]
	if declared || builtin {
		if err != nil && strings.Contains(err.Error(), "no such field") {
			t.Fatalf("%+v: a declared field was refused: %v", f, err)
		}
		return
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != f.Field || !strings.Contains(err.Error(), "no such field") {
		t.Fatalf("%+v: want the unknown field named, got %v", f, err)
	}
}

// FuzzFilter feeds the list engine filters as the window and saved views give them (any field
// name, operator and value) and as a command line types them (ParseFilter). Run longer with
// go test -fuzz FuzzFilter ./internal/store.
func FuzzFilter(f *testing.F) {
	for _, name := range hostileNames {
		for _, op := range []string{"=", "!=", "<", "~"} {
			f.Add(name, op, "")
			f.Add(name, op, "x")
		}
	}
	for _, text := range []string{"nosuch=", "nosuch!=", "priority>=2", "title~mail", "service=SVC-00001", "opened_at=2026-03-02", "status=new"} {
		fl, _ := ParseFilter(text)
		f.Add(fl.Field, fl.Op, fl.Value.(string))
	}
	s := openTemp(f)
	svc := mustCreate(f, s, "service", map[string]any{"title": "E-mail"})
	mustCreate(f, s, "incident", map[string]any{"title": "Mail is slow", "service": svc.ID})
	f.Fuzz(func(t *testing.T, field, op, value string) {
		if slices.Contains(filterOps, op) {
			checkFilter(t, s, Filter{Field: field, Op: op, Value: value})
		} else if _, err := s.List(bg, "incident", Query{Where: []Filter{{Field: field, Op: op, Value: value}}}); err == nil {
			t.Fatalf("operator %q was taken", op)
		}
		// The command line's form of the same filter.
		if fl, err := ParseFilter(field + op + value); err == nil {
			if fl.Field == "" || strings.Trim(fl.Field, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
				t.Fatalf("ParseFilter(%q) took the field %q", field+op+value, fl.Field)
			}
			checkFilter(t, s, fl)
		}
	})
}
