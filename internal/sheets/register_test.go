package sheets

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/store"
)

// newStore is a new, empty workspace, closed at the test's end.
func newStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true, Author: "t"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRegisterText checks the plain text of records of several kinds, column by column.
func TestRegisterText(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	now := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	create := func(kind string, values map[string]any) *store.Record {
		t.Helper()
		r, err := s.Create(ctx, kind, values, store.Change{})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		return r
	}
	// texts is the text of a record under every header of its kind's columns, read anew.
	texts := func(kind, ref string) map[string]string {
		t.Helper()
		k, _ := s.Registry().Kind(kind)
		cols := RegisterColumns(k)
		var got map[string]string
		err := s.Each(ctx, kind, store.Query{}, func(r *store.Record) error {
			if r.Ref != ref {
				return nil
			}
			text := RegisterText(r, cols)
			if len(text) != len(cols) {
				t.Fatalf("%s: %d texts for %d columns", ref, len(text), len(cols))
			}
			got = map[string]string{}
			for i, c := range cols {
				got[c.Header] = text[i]
			}
			return nil
		})
		if err != nil || got == nil {
			t.Fatalf("%s: not read (%v)", ref, err)
		}
		return got
	}
	check := func(ref string, got, want map[string]string) {
		t.Helper()
		for h, w := range want {
			if g, ok := got[h]; !ok {
				t.Errorf("%s: no column %q", ref, h)
			} else if g != w {
				t.Errorf("%s: %s = %q, want %q", ref, h, g, w)
			}
		}
	}

	create("service", map[string]any{"title": "ERP", "availability_target": 99.5, "criticality": "high"})
	check("SVC-00001", texts("service", "SVC-00001"), map[string]string{
		"Ref": "SVC-00001", "Name": "ERP", "Status": "Pipeline", "Criticality": "High",
		"Availability target (%)": "99.5", "Customers": "", "Description": "",
		"Created": "2026-11-20T09:30:00Z", "Updated": "2026-11-20T09:30:00Z",
	})

	create("incident", map[string]any{"title": "=SUM(A1) fails", "service": "SVC-00001", "impact": 1, "urgency": 2,
		"opened_at": "2026-11-16T08:00:00Z", "major": true, "security": false, "category": "App, ERP"})
	check("INC-00001", texts("incident", "INC-00001"), map[string]string{
		"Ref": "INC-00001", "Summary": "=SUM(A1) fails", "Status": "New", "Service": "SVC-00001", "Configuration item": "",
		"Impact": "High", "Urgency": "Medium", "Priority": "High", "Opened": "2026-11-16T08:00:00Z",
		"Major incident": "yes", "Information security incident": "no", "Category": "App, ERP", "Resolution": "",
	})

	create("budget", map[string]any{"title": "Licences", "service": "SVC-00001", "period": "2026", "amount": "1234.5 EUR",
		"category": "capex"})
	check("BUD-00001", texts("budget", "BUD-00001"), map[string]string{
		"Budget line": "Licences", "Status": "Draft", "Amount": "1234.50 EUR", "Category": "Investment",
		"Period": "2026", "Period starts": "2026-01-01", "Period ends": "2026-12-31",
	})

	create("continuityplan", map[string]any{"title": "ERP recovery", "services": []any{"SVC-00001"}, "rto": "4h", "rpo": 30})
	check("BCP-00001", texts("continuityplan", "BCP-00001"), map[string]string{
		"Services": "SVC-00001", "Recovery time objective (min)": "240", "Recovery point objective (min)": "30",
	})

	create("sla", map[string]any{"title": "ERP SLA", "service": "SVC-00001", "availability_target": 99.9,
		"targets": []any{map[string]any{"priority": 1, "respond": "30m", "resolve": "4h"}, map[string]any{"priority": 2, "resolve": "1d"}}})
	check("SLA-00001", texts("sla", "SLA-00001"), map[string]string{
		"Targets":                 "Priority: 1; Respond within: 30 min; Resolve within: 240 min\nPriority: 2; Resolve within: 1440 min",
		"Reporting":               "Monthly",
		"Holidays":                "",
		"Availability target (%)": "99.9",
	})

	create("audit", map[string]any{"title": "Internal audit 2026", "clauses": "8.1, 9.2", "planned_start": "2026-12-01"})
	check("AUD-00001", texts("audit", "AUD-00001"), map[string]string{
		"Clauses covered": "8.1, 9.2", "Planned start": "2026-12-01", "Type": "Internal audit", "Performed on": "",
	})
}

// TestWriteRegisterQuery writes the records that match a query, in ref order, as a table.
func TestWriteRegisterQuery(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, c := range []string{"high", "low", "high"} {
		if _, err := s.Create(ctx, "service", map[string]any{"title": "Service " + c, "criticality": c}, store.Change{}); err != nil {
			t.Fatal(err)
		}
	}
	k, _ := s.Registry().Kind("service")
	f := excelize.NewFile()
	defer f.Close()
	b, err := NewBook(f)
	if err != nil {
		t.Fatal(err)
	}
	q := store.Query{Where: []store.Filter{{Field: "criticality", Op: "=", Value: "high"}}, Limit: 1, Sort: "-title"}
	n, err := WriteRegister(ctx, b, s, k, "Services", q)
	if err != nil || n != 2 {
		t.Fatalf("%d rows (%v), want 2", n, err)
	}
	var buf bytes.Buffer
	if err := WriteZipped(f, &buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	cols, err := g.GetCols("Services")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Ref", "SVC-00001", "SVC-00003"}; !slices.Equal(cols[0], want) {
		t.Errorf("refs %q, want %q", cols[0], want)
	}
	if tables, _ := g.GetTables("Services"); len(tables) != 1 || tables[0].Name != "Register_service" {
		t.Errorf("tables %+v", tables)
	}
}
