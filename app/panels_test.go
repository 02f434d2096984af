package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/store"
	"smsworkbench/internal/views"
)

// keys returns the keys of v marshalled as a JSON object, sorted.
func keys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestCIGraph(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	// A CI on which others run: a hypervisor host or a database server of the demo.
	hosts, aggErr := s.Aggregate(t.Context(), "cirel", store.Aggregate{By: []string{"to"}, Where: []store.Filter{{Field: "type", Op: "=", Value: "runs_on"}}})
	if aggErr != nil {
		t.Fatal(aggErr)
	}
	var ref string
	most := 0
	for _, h := range hosts {
		ci, getErr := s.Get(t.Context(), "ci", h.Text(0))
		if getErr != nil {
			t.Fatal(getErr)
		}
		if h.Count > most || h.Count == most && ci.Ref < ref {
			ref, most = ci.Ref, h.Count
		}
	}
	if ref == "" {
		t.Fatal("the demo has no CI that others run on")
	}
	maxCI := func(depth int) (int, int) {
		t.Helper()
		g, err := a.CIGraph(ref, depth)
		if err != nil {
			t.Fatal(err)
		}
		if g.Center != ref || g.Nodes[0].Ref != ref || len(g.Nodes) > graphLimit {
			t.Fatalf("graph of %s: centre %s, %d nodes", ref, g.Center, len(g.Nodes))
		}
		deep := 0
		for _, n := range g.Nodes {
			if n.Kind == "ci" {
				deep = max(deep, n.Depth)
			}
		}
		return deep, len(g.Nodes)
	}
	// Depth is clamped to 1..3.
	if d, _ := maxCI(0); d != 1 {
		t.Fatalf("depth 0 reaches depth %d", d)
	}
	d3, n3 := maxCI(3)
	d9, n9 := maxCI(9)
	if d3 > 3 || d9 != d3 || n9 != n3 {
		t.Fatalf("depth 3: %d/%d nodes, depth 9: %d/%d", d3, n3, d9, n9)
	}
	g, _ := a.CIGraph(ref, 1)
	if k := keys(t, g); !slices.Equal(k, []string{"center", "edges", "nodes", "truncated"}) {
		t.Fatalf("graph keys %v", k)
	}
	if k := keys(t, g.Nodes[0]); !slices.Equal(k, []string{"depth", "id", "kind", "ref", "status", "title", "type"}) {
		t.Fatalf("node keys %v", k)
	}
	if len(g.Edges) == 0 || !slices.Equal(keys(t, g.Edges[0]), []string{"from", "label", "to", "type"}) {
		t.Fatalf("edges %+v", g.Edges)
	}
	_, err := a.CIGraph("CI-99999", 2)
	if p := problem(t, err); !strings.Contains(p.Message, "CI-99999") {
		t.Fatalf("unknown CI: %v", err)
	}
}

func TestSLAClockAndChangeSchedule(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	page, err := s.List(bg, "incident", store.Query{Where: []store.Filter{{Field: "sla_state", Op: "=", Value: "met"}}, Limit: 1})
	if err != nil || len(page.Records) == 0 {
		t.Fatalf("no incident that met its SLA: %v", err)
	}
	inc := page.Records[0]
	tl, err := a.SLAClock("incident", inc.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if tl.State != "met" || tl.SLA == nil || tl.ResolveTargetMinutes == 0 || tl.ResolvedAt == nil || len(tl.Segments) < 2 ||
		tl.Segments[0].From != tl.OpenedAt {
		t.Fatalf("timeline %+v", tl)
	}
	want := []string{"now", "opened_at", "priority", "ref", "resolve_due", "resolve_target_minutes", "resolved_at", "respond_due",
		"respond_target_minutes", "responded_at", "segments", "sla", "state", "used_minutes"}
	if k := keys(t, tl); !slices.Equal(k, want) {
		t.Fatalf("timeline keys %v", k)
	}
	if _, err := a.SLAClock("change", "CHG-00001"); !strings.Contains(problem(t, err).Message, `"change"`) {
		t.Fatalf("change: %v", err)
	}

	// The demo plans changes around now.
	today := time.Now().UTC()
	from, to := today.AddDate(0, 0, -30).Format("2006-01-02"), today.AddDate(0, 0, 30).Format("2006-01-02")
	sched, err := a.ChangeSchedule(from, to)
	if err != nil {
		t.Fatal(err)
	}
	if sched.From != from+"T00:00:00Z" || sched.To != today.AddDate(0, 0, 31).Format("2006-01-02")+"T00:00:00Z" || len(sched.Changes) == 0 {
		t.Fatalf("schedule %s..%s, %d changes", sched.From, sched.To, len(sched.Changes))
	}
	for i, c := range sched.Changes {
		if c.Status == "cancelled" || c.Status == "rejected" || c.PlannedEnd <= from || c.PlannedStart >= sched.To ||
			i > 0 && c.PlannedStart < sched.Changes[i-1].PlannedStart {
			t.Fatalf("change %+v in the schedule", c)
		}
	}
	if k := keys(t, sched.Changes[0]); !slices.Equal(k, []string{"id", "overlaps", "planned_end", "planned_start", "ref", "service", "status", "title", "type"}) {
		t.Fatalf("change keys %v", k)
	}
	for _, c := range []struct{ from, to, says string }{
		{"2026-02-30", "2026-03-01", `from "2026-02-30"`},
		{"2026-01-01", "next week", `to "next week"`},
		{"2026-01-01", "2027-03-01", "400 days"},
	} {
		if _, err := a.ChangeSchedule(c.from, c.to); !strings.Contains(problem(t, err).Message, c.says) {
			t.Errorf("%s..%s: %v", c.from, c.to, err)
		}
	}
}

func TestSavedViews(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	v := views.View{Name: "My breached", Where: []store.Filter{{Field: "sla_state", Op: "=", Value: "breached"}}, Sort: "-priority",
		Columns: []string{"ref", "title", "priority"}}
	list, err := a.SaveView("incident", v)
	if err != nil || len(list) != 1 {
		t.Fatalf("save %+v %v", list, err)
	}
	if list, _ = a.Views("incident"); len(list) != 1 || list[0].Sort != "-priority" {
		t.Fatalf("views %+v", list)
	}
	if k := keys(t, list[0]); !slices.Equal(k, []string{"columns", "name", "search", "sort", "where"}) {
		t.Fatalf("view keys %v", k)
	}
	v.Where = []store.Filter{{Field: "colour", Op: "=", Value: "red"}}
	if p := problem(t, func() error { _, err := a.SaveView("incident", v); return err }()); p.Field != "colour" {
		t.Fatalf("unknown field: %+v", p)
	}
	if err := a.DeleteView("incident", "My breached"); err != nil {
		t.Fatal(err)
	}
	if list, _ = a.Views("incident"); len(list) != 0 {
		t.Fatalf("after delete %+v", list)
	}
	if _, err := a.Views("nokind"); !strings.Contains(problem(t, err).Message, "nokind") {
		t.Fatalf("unknown kind: %v", err)
	}
}
