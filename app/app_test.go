package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

var bg = context.Background()

// template is a workspace with the base demo, filled once; tests work on copies of it.
var template string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smswb-app-")
	if err != nil {
		panic(err)
	}
	// The tests must never touch the real user's preferences.
	os.Setenv("SMSWB_CONFIG_DIR", filepath.Join(dir, "config"))
	os.Setenv("SMSWB_BACKUP_DIR", filepath.Join(dir, "backups")) // nor their backups folder
	// The default language is the system's: the tests read English messages unless they set
	// German.
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "C")
	template = filepath.Join(dir, "demo.smswb")
	s, err := store.Open(template, store.Options{Create: true})
	if err == nil {
		err = demo.Fill(context.Background(), s, time.Now(), demo.Options{Seed: 1})
		s.Close() // folds the write-ahead log into the file, so the file alone is the workspace
	}
	code := 1
	if err == nil {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, "filling the demo:", err)
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// demoCopy opens a copy of the demo workspace in a folder of its own.
func demoCopy(t *testing.T) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.smswb")
	src, err := os.Open(template)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fakeRuntime records the events the facade sends and answers its dialogs.
type fakeRuntime struct {
	mu          sync.Mutex
	events      []event
	open        string // what the open dialog answers
	save        string // what the save dialog answers
	folder      string // what the folder dialog answers
	asked       []string
	filters     []string // the pattern of each file dialog, in order
	filterNames []string // the name of each file dialog's kind of file, in order
	title       string
	opened      []string // the files handed to the desktop
}

type event struct {
	name string
	data any
}

func (f *fakeRuntime) Emit(name string, data ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var d any
	if len(data) > 0 {
		d = data[0]
	}
	f.events = append(f.events, event{name, d})
}

func (f *fakeRuntime) OpenFile(title string, filter FileFilter) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, title)
	f.filters = append(f.filters, filter.Pattern)
	f.filterNames = append(f.filterNames, filter.Name)
	return f.open, nil
}

func (f *fakeRuntime) SaveFile(title, defaultName string, filter FileFilter) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, title+" ("+defaultName+")")
	f.filters = append(f.filters, filter.Pattern)
	f.filterNames = append(f.filterNames, filter.Name)
	return f.save, nil
}

func (f *fakeRuntime) OpenFolder(title string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, title)
	return f.folder, nil
}

func (f *fakeRuntime) SetTitle(title string) { f.mu.Lock(); f.title = title; f.mu.Unlock() }

func (f *fakeRuntime) OpenPath(path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = append(f.opened, path)
	return nil
}

// named returns the events of one name sent so far.
func (f *fakeRuntime) named(name string) []any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []any
	for _, e := range f.events {
		if e.name == name {
			out = append(out, e.data)
		}
	}
	return out
}

// problem decodes the error the facade returns to the window.
func problem(t *testing.T, err error) Problem {
	t.Helper()
	var p Problem
	if err == nil || json.Unmarshal([]byte(err.Error()), &p) != nil || p.Message == "" {
		t.Fatalf("not a problem: %v", err)
	}
	return p
}

func TestFacadeReturnsProblemsTheFormCanPlace(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	ws, err := a.Workspace()
	if err != nil || ws.Counts["incident"] < 900 || ws.Counts["service"] != 12 || ws.Name != demo.Organisation {
		t.Fatalf("workspace %+v %v", ws, err)
	}
	incidents := ws.Counts["incident"]
	// Numbers arrive from JavaScript as float64.
	_, err = a.Create("incident", map[string]any{"title": "x", "service": "SVC-00001", "impact": 9.0})
	if p := problem(t, err); p.Field != "impact" {
		t.Fatalf("error %v", err)
	}
	// A table's refused cell arrives with its row and column, for the form to mark the cell.
	_, err = a.Create("sla", map[string]any{"title": "x", "service": "SVC-00001",
		"targets": []any{map[string]any{"priority": 1.0, "respond": "30m"}}})
	if p := problem(t, err); p.Field != "targets" || p.Row != 1 || p.Column != "resolve" || p.Detail != "row 1: resolve is required" {
		t.Fatalf("table error %+v", p)
	}
	_, err = a.Move("incident", "INC-00001", "closed", "")
	if p := problem(t, err); p.Field != "" {
		t.Fatalf("move error %v", err)
	}
	r, err := a.Create("incident", map[string]any{"title": "Printer jam", "service": "SVC-00002", "impact": 1.0, "urgency": 2.0})
	if err != nil || r.Values["priority"] != int64(2) {
		t.Fatalf("create %v %v", r, err)
	}
	if ws, _ := a.Workspace(); ws.Counts["incident"] != incidents+1 {
		t.Fatalf("count %d", ws.Counts["incident"])
	}
	page, err := a.List("incident", store.Query{Search: "printer"})
	if err != nil || page.Total < 2 {
		t.Fatalf("list %v %v", page, err)
	}

	// Every refusal carries its field and code from the package that refused it, as typed
	// errors (package fault), with the window's advice by the code and none of the command
	// line's.
	gap, err := a.CreateAssessment(NewAssessment{Title: "Gap", Type: "gap"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sealed := filepath.Join(dir, "sealed.smsb")
	if _, err := a.ExportBundle(sealed, "right", ""); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.csv")
	os.WriteFile(notes, []byte("Colour,Shape\nred,round\n"), 0o644)
	strp := func(s string) *string { return &s }
	yes := true
	for _, c := range []struct {
		err               error
		field, code, says string
	}{
		{second(a.Create("incident", map[string]any{"title": "x", "service": "SVC-00001", "impact": 9.0})), "impact", "field.invalid", `incident field "impact" `},
		{second(a.Create("contract", map[string]any{"title": "x", "start": "2026-01-01"})), "supplier", "field.required", `contract field "supplier" is required`},
		{second(a.Get("incident", "INC-99999")), "", "record.not_found", `no incident with id or ref "INC-99999"`},
		{second(a.Move("incident", "INC-00001", "closed", "")), "", "workflow.transition", "cannot move from"},
		{second(a.SetClause(gap.Ref, "8.7.3.3", ClauseChange{Result: strp("no_instance")})), "notes", "assessment.note_required", "what was checked instead (its procedure): give it in the notes"},
		{second(a.SetClause(gap.Ref, "8.7.3.3", ClauseChange{Result: strp("other_party")})), "party", "assessment.party_required", "naming the party that fulfils it: name it in Fulfilled by"},
		{second(a.SetClause(gap.Ref, "99.9", ClauseChange{Result: strp("conformant")})), "clause", "clause.unknown", `unknown clause "99.9"`},
		{second(a.RaiseFinding(gap.Ref, "8.5.1.1", FindingForm{Title: "T", Grade: "minor", Nonconformity: &yes})), "owner", "finding.owner_required", "needs an owner"},
		{second(a.ReviewPack("May", "")), "from", "period.from_invalid", `"May" is not a date`},
		{second(a.ReviewPack("2026-05-01", "2026-01-01")), "to", "period.reversed", "the period ends"},
		{second(a.ExportBundle(filepath.Join(dir, "x.smsb"), "pw", "nobody")), "for", "bundle.peer_unknown", `no peer "nobody"`},
		{second(a.InspectBundle(sealed, "wrong")), "passphrase", "bundle.passphrase_wrong", "wrong passphrase"},
		{second(a.PlanImportWith("incident", notes, "", "", nil, []string{"colour=blue"}, nil)), "sets", "import.set_invalid", `has no field "colour"`},
		{second(a.PlanImport("incident", notes, "", "", nil)), "maps", "import.nothing_mapped", `(columns: "Colour", "Shape"): choose a field for at least one column`},
		{second(a.ExportList("incident", nil, "", filepath.Join(dir, "p.txt"))), "path", "output.extension", "must end in .xlsx or .csv"},
		{second(a.ResolveConflict("C-0", "not json", "")), "value", "conflict.value_invalid", "not valid JSON"},
	} {
		p := problem(t, c.err)
		if p.Field != c.field || p.Code != c.code || !strings.Contains(p.Message, c.says) {
			t.Errorf("%+v, want %q beside %q with code %q", p, c.says, c.field, c.code)
		}
		if strings.Contains(p.Message, "--") || strings.Contains(p.Message, "smsworkbench ") {
			t.Errorf("%q gives the command line's advice", p.Message)
		}
	}
	// A record's field error also says what is wrong of the field alone, for the form to name it
	// by its label.
	if p := problem(t, second(a.Create("contract", map[string]any{"title": "x", "start": "2026-01-01"}))); p.Detail != "is required" {
		t.Errorf("detail %+v", p)
	}
}
