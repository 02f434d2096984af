package views

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/store"
)

var bg = context.Background()

func TestSavedViewsTravelWithTheWorkspace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(bg, "service", map[string]any{"title": "Mail"}, store.Change{}); err != nil {
		t.Fatal(err)
	}
	mine := View{Name: " Mine ", Search: "printer", Sort: "-priority",
		Where:   []store.Filter{{Field: "status", Op: "!=", Value: "closed"}, {Field: "service", Op: "=", Value: "SVC-00001"}},
		Columns: []string{"ref", "title", "priority", "sla_state", "updated_at"}}
	list, err := Save(bg, s, "incident", mine)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "Mine" {
		t.Fatalf("after save %+v", list)
	}
	if _, err := Save(bg, s, "incident", View{Name: "Breached", Where: []store.Filter{{Field: "sla_state", Op: "=", Value: "breached"}}}); err != nil {
		t.Fatal(err)
	}
	// Saving under an existing name replaces the view, in its place.
	list, err = Save(bg, s, "incident", View{Name: "Mine", Sort: "opened_at", Columns: []string{"ref"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Mine" || list[0].Sort != "opened_at" || len(list[0].Where) != 0 || list[1].Name != "Breached" {
		t.Fatalf("after replace %+v", list)
	}
	// Views are per kind.
	if other, err := List(bg, s, "request"); err != nil || len(other) != 0 {
		t.Fatalf("requests %+v %v", other, err)
	}
	s.Close()

	s, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err = List(bg, s, "incident")
	if err != nil || len(list) != 2 || list[1].Where[0].Field != "sla_state" || list[1].Columns == nil {
		t.Fatalf("reopened %+v %v", list, err)
	}
	if err := Delete(bg, s, "incident", "Mine"); err != nil {
		t.Fatal(err)
	}
	if err := Delete(bg, s, "incident", "Mine"); err == nil || !strings.Contains(err.Error(), `"Mine"`) {
		t.Fatalf("deleting twice: %v", err)
	}
	if list, _ = List(bg, s, "incident"); len(list) != 1 || list[0].Name != "Breached" {
		t.Fatalf("after delete %+v", list)
	}
}

func TestViewsAreChecked(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		kind  string
		view  View
		field string // the field the error names, for the form
		says  string
	}{
		{"nokind", View{Name: "x"}, "", `unknown kind "nokind"`},
		{"incident", View{Name: "  "}, "", "needs a name"},
		{"incident", View{Name: "x", Where: []store.Filter{{Field: "colour", Op: "=", Value: "red"}}}, "colour", "no such field"},
		{"incident", View{Name: "x", Where: []store.Filter{{Field: "priority", Op: "like", Value: 1}}}, "", `operator "like"`},
		{"incident", View{Name: "x", Where: []store.Filter{{Field: "service", Op: "=", Value: "SVC-00042"}}}, "service", "SVC-00042"},
		{"incident", View{Name: "x", Sort: "-colour"}, "", `"colour"`},
		{"incident", View{Name: "x", Columns: []string{"ref", "colour"}}, "", `column "colour"`},
		{"incident", View{Name: "x", Search: "!!"}, "", "no words"},
	} {
		_, err := Save(bg, s, c.kind, c.view)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s %+v: %v, want it to say %s", c.kind, c.view, err, c.says)
			continue
		}
		var fe *store.FieldError
		if c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field) {
			t.Errorf("%+v: %v does not name field %s", c.view, err, c.field)
		}
	}
	if list, err := List(bg, s, "incident"); err != nil || len(list) != 0 {
		t.Fatalf("a refused view was saved: %+v %v", list, err)
	}
	if _, err := List(bg, s, "nokind"); err == nil {
		t.Fatal("unknown kind listed")
	}
}

// A view that came with the workspace file (another copy, another version, a hand-edited file)
// and names a field this version does not declare is listed as broken, never run; the others
// still open. Without the check of the field, an empty-value filter on a hostile name reached SQL.
func TestViewsFromTheFileAreCheckedNotRun(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stored := `[{"name":"Good","where":[{"field":"status","op":"=","value":"new"}]},
		{"name":"Gone field","where":[{"field":"colour","op":"=","value":""}]},
		{"name":"Injection","where":[{"field":"title\" IS NULL OR 1=1 OR \"x","op":"!=","value":null}]},
		{"name":"Bad sort","sort":"-nosuch"},
		{"name":"Bad column","columns":["ref","secret"]}]`
	if err := s.SetMeta("views:incident", stored); err != nil {
		t.Fatal(err)
	}
	list, err := List(bg, s, "incident")
	if err != nil || len(list) != 5 {
		t.Fatalf("%+v %v", list, err)
	}
	want := map[string]string{"Good": "", "Gone field": `"colour" in a filter: no such field`,
		"Injection": `in a filter: no such field`, "Bad sort": `"nosuch" in a sort: no such field`, "Bad column": `column "secret"`}
	for _, v := range list {
		if w := want[v.Name]; (w == "") != (v.Broken == "") || !strings.Contains(v.Broken, w) {
			t.Errorf("view %q: broken %q, want %q", v.Name, v.Broken, w)
		}
	}
	// The list engine refuses the hostile filter itself, whoever asks.
	_, err = s.List(bg, "incident", store.Query{Where: list[2].Where})
	var fe *store.FieldError
	if !errors.As(err, &fe) || fe.Field != list[2].Where[0].Field {
		t.Fatalf("listing with the hostile filter: %v", err)
	}
	// Saving the view again with a good filter mends it.
	list[1].Where = nil
	if got, err := Save(bg, s, "incident", list[1]); err != nil || got[1].Broken != "" {
		t.Fatalf("mended: %+v %v", got, err)
	}
}
