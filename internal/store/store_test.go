package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/schema"
)

func TestOpenSetsPragmasAndMigrates(t *testing.T) {
	s := openTemp(t)
	var mode string
	var fk, busy int
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRow("PRAGMA busy_timeout").Scan(&busy)
	if mode != "wal" || fk != 1 || busy != 5000 {
		t.Fatalf("journal_mode=%s foreign_keys=%d busy_timeout=%d", mode, fk, busy)
	}
	v, err := schemaVersion(bg, s.db)
	if err != nil || v != len(migrations) {
		t.Fatalf("schema version %d (%v), want %d", v, err, len(migrations))
	}
	for _, k := range s.reg.Kinds() {
		cols := map[string]bool{}
		rows, _ := s.db.Query("SELECT name FROM pragma_table_info(?)", "r_"+k.Name)
		for rows.Next() {
			var c string
			rows.Scan(&c)
			cols[c] = true
		}
		rows.Close()
		for _, f := range k.Fields {
			if !cols[f.Name] {
				t.Errorf("table r_%s lacks column %s", k.Name, f.Name)
			}
		}
	}
	// Reopening runs nothing again and keeps the workspace id.
	id := s.Meta("workspace_id")
	s.Close()
	s2, err := Open(s.path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.Meta("workspace_id") != id || id == "" {
		t.Fatalf("workspace id changed: %q -> %q", id, s2.Meta("workspace_id"))
	}
}

func TestCreateGetAndOps(t *testing.T) {
	s := openTemp(t)
	svc := mustCreate(t, s, "service", map[string]any{"title": "E-mail", "owner": "Ana"})
	if svc.Ref != "SVC-00001" || svc.Status != "pipeline" || svc.Values["criticality"] != "medium" {
		t.Fatalf("service: %+v", svc)
	}
	inc := mustCreate(t, s, "incident", map[string]any{"title": "Mail down", "service": "svc-00001",
		"impact": json.Number("1"), "urgency": "Medium"})
	if inc.Ref != "INC-00001" || inc.Status != "new" {
		t.Fatalf("incident: %+v", inc)
	}
	if inc.Values["service"] != svc.ID || inc.Values["impact"] != int64(1) || inc.Values["urgency"] != int64(2) {
		t.Fatalf("values: %#v", inc.Values)
	}
	if inc.Values["priority"] != int64(2) {
		t.Fatalf("priority = %v, want 2 (I1U2)", inc.Values["priority"])
	}
	if _, err := time.Parse(time.RFC3339, inc.Values["opened_at"].(string)); err != nil {
		t.Fatalf("opened_at default: %v", inc.Values["opened_at"])
	}
	for _, key := range []string{inc.ID, inc.Ref, strings.ToLower(inc.Ref)} {
		got, err := s.Get(bg, "incident", key)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != inc.ID || !reflect.DeepEqual(got.Values, inc.Values) {
			t.Fatalf("get %s: %#v, want %#v", key, got.Values, inc.Values)
		}
	}
	// The printed record has every declared field, links resolved.
	b, _ := json.Marshal(inc)
	var printed map[string]any
	json.Unmarshal(b, &printed)
	for _, f := range schema.Incident.Fields {
		if _, ok := printed[f.Name]; !ok {
			t.Errorf("printed record lacks %s", f.Name)
		}
	}
	if l := printed["service"].(map[string]any); l["ref"] != "SVC-00001" || l["title"] != "E-mail" {
		t.Fatalf("service link: %v", l)
	}
	if printed["ci"] != nil {
		t.Fatalf("unset ci printed as %v", printed["ci"])
	}
	// One create op per record, hashed, carrying every initial field.
	ops, _ := s.recordOps(bg, s.db, inc.ID)
	if len(ops) != 1 || ops[0].Field != fieldCreate {
		t.Fatalf("ops: %+v", ops)
	}
	if !bytes.Equal(ops[0].Hash, ops[0].ComputeHash()) || ops[0].ID.Site != s.Site().ID || ops[0].Author != "tester" {
		t.Fatalf("op: %+v", ops[0])
	}
	var initial map[string]any
	json.Unmarshal(ops[0].Value, &initial)
	if initial["ref"] != "INC-00001" || initial["status"] != "new" || initial["service"] != svc.ID || initial["priority"] != nil {
		t.Fatalf("create op value: %v", initial)
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	s := openTemp(t)
	svc := mustCreate(t, s, "service", map[string]any{"title": "E-mail"})
	gone := mustCreate(t, s, "service", map[string]any{"title": "Old"})
	if err := s.Delete(bg, "service", gone.Ref, Change{}); err != nil {
		t.Fatal(err)
	}
	inc := mustCreate(t, s, "incident", map[string]any{"title": "Mail down", "service": svc.Ref})
	mustCreate(t, s, "ci", map[string]any{"title": "Server", "ci_type": "hardware"})
	cases := []struct {
		name string
		do   func() error
		want []string
	}{
		{"unknown kind", func() error { _, err := s.Create(bg, "ticket", map[string]any{"title": "x"}, Change{}); return err }, []string{`unknown kind "ticket"`}},
		{"unknown field", func() error {
			_, err := s.Create(bg, "incident", map[string]any{"title": "x", "service": svc.Ref, "colour": "red"}, Change{})
			return err
		}, []string{`"colour"`, "does not exist"}},
		{"wrong type", func() error {
			_, err := s.Create(bg, "incident", map[string]any{"title": "x", "service": svc.Ref, "major": "yes"}, Change{})
			return err
		}, []string{`"major"`, "true or false"}},
		{"outside enum", func() error {
			_, err := s.Create(bg, "incident", map[string]any{"title": "x", "service": svc.Ref, "impact": json.Number("7")}, Change{})
			return err
		}, []string{`"impact"`, "must be one of"}},
		{"missing required", func() error {
			_, err := s.Create(bg, "contract", map[string]any{"title": "x", "start": "2026-01-01"}, Change{})
			return err
		}, []string{`"supplier"`, "is required"}},
		{"empty title", func() error { _, err := s.Create(bg, "service", map[string]any{"title": "  "}, Change{}); return err }, []string{`"title"`, "is required"}},
		{"reference to nothing", func() error {
			_, err := s.Create(bg, "incident", map[string]any{"title": "x", "service": "SVC-09999"}, Change{})
			return err
		}, []string{`"service"`, "refers to no service"}},
		{"reference to wrong kind", func() error {
			_, err := s.Create(bg, "incident", map[string]any{"title": "x", "service": "CI-00001"}, Change{})
			return err
		}, []string{`"service"`, "refers to no service"}},
		{"reference to deleted", func() error {
			_, err := s.Create(bg, "incident", map[string]any{"title": "x", "service": gone.Ref}, Change{})
			return err
		}, []string{`"service"`, "deleted"}},
		{"bad date", func() error {
			_, err := s.Create(bg, "policy", map[string]any{"title": "x", "policy_type": "sms", "review_due": "31/12/2026"}, Change{})
			return err
		}, []string{`"review_due"`, "YYYY-MM-DD"}},
		{"bad money", func() error {
			_, err := s.Create(bg, "change", map[string]any{"title": "x", "cost": "lots"}, Change{})
			return err
		}, []string{`"cost"`, "currency"}},
		{"set computed", func() error {
			_, err := s.Update(bg, "incident", inc.Ref, map[string]any{"priority": 1}, Change{})
			return err
		}, []string{`"priority"`, "computed"}},
		{"set status", func() error {
			_, err := s.Update(bg, "incident", inc.Ref, map[string]any{"status": "closed"}, Change{})
			return err
		}, []string{`"status"`, "move"}},
		{"set ref", func() error {
			_, err := s.Update(bg, "incident", inc.Ref, map[string]any{"ref": "INC-9"}, Change{})
			return err
		}, []string{`"ref"`}},
		{"clear required", func() error {
			_, err := s.Update(bg, "incident", inc.Ref, map[string]any{"title": nil}, Change{})
			return err
		}, []string{`"title"`, "is required"}},
		{"unknown id", func() error {
			_, err := s.Update(bg, "incident", "INC-00999", map[string]any{"title": "y"}, Change{})
			return err
		}, []string{`"INC-00999"`}},
		{"wrong kind for ref", func() error {
			_, err := s.Update(bg, "change", inc.Ref, map[string]any{"title": "y"}, Change{})
			return err
		}, []string{"INC-00001 is a incident"}},
		{"illegal transition", func() error { _, err := s.Move(bg, "incident", inc.Ref, "closed", Change{}); return err }, []string{"INC-00001", "from new to closed", "allowed: assigned"}},
		{"unknown state", func() error { _, err := s.Move(bg, "incident", inc.Ref, "done", Change{}); return err }, []string{`no state "done"`}},
		{"move before the ticket began", func() error {
			_, err := s.Move(bg, "incident", inc.Ref, "assigned", Change{At: time.Now().AddDate(-1, 0, 0)})
			return err
		}, []string{`field "at"`, "before incident INC-00001 began"}},
		{"move in the future", func() error {
			_, err := s.Move(bg, "incident", inc.Ref, "assigned", Change{At: time.Now().Add(10 * time.Minute)})
			return err
		}, []string{`field "at"`, "in the future"}},
		{"delete referenced", func() error { return s.Delete(bg, "service", svc.Ref, Change{}) }, []string{"SVC-00001", "INC-00001"}},
		{"delete unknown", func() error { return s.Delete(bg, "ci", "CI-00042", Change{}) }, []string{`"CI-00042"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := fingerprint(t, s.db)
			wantErr(t, c.do(), c.want...)
			if after := fingerprint(t, s.db); after != before {
				t.Fatal("the workspace changed after a refused write")
			}
		})
	}
}

func TestFieldErrorNamesTheField(t *testing.T) {
	s := openTemp(t)
	_, err := s.Create(bg, "service", map[string]any{"title": "x", "criticality": "urgent"}, Change{})
	fe, ok := err.(*FieldError)
	if !ok || fe.Field != "criticality" || fe.Kind != "service" {
		t.Fatalf("error %T %v", err, err)
	}
}

// A refused cell of a table field is named by its row and column, not only in words.
func TestFieldErrorNamesTheCellOfATable(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	targets := []any{map[string]any{"priority": 1, "respond": "30m", "resolve": "4h"}, map[string]any{"priority": 2, "respond": "1h"}}
	_, err := s.Create(bg, "sla", map[string]any{"title": "ERP SLA", "service": "SVC-00001", "targets": targets}, Change{})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "targets" || fe.Row != 2 || fe.Column != "resolve" || fe.Code != "field.invalid" {
		t.Fatalf("error %T %+v", err, err)
	}
	wantErr(t, err, "row 2: resolve is required")
}

func TestUpdateWritesOneOpPerChangedFieldWithPred(t *testing.T) {
	s := openTemp(t)
	svc := mustCreate(t, s, "service", map[string]any{"title": "E-mail", "owner": "Ana"})
	create, _ := s.recordOps(bg, s.db, svc.ID)

	r, err := s.Update(bg, "service", svc.Ref, map[string]any{"owner": "Tom", "title": "E-mail", "hours": "24x7"}, Change{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Values["owner"] != "Tom" || r.Values["hours"] != "24x7" || r.Values["title"] != "E-mail" {
		t.Fatalf("values %v", r.Values)
	}
	ops, _ := s.recordOps(bg, s.db, svc.ID)
	byField := map[string]*Op{}
	for _, o := range ops {
		byField[o.Field] = o
	}
	if len(ops) != 3 || byField["title"] != nil {
		t.Fatalf("want create + owner + hours ops, got %d", len(ops))
	}
	if !reflect.DeepEqual(byField["owner"].Pred, []OpID{create[0].ID}) {
		t.Fatalf("owner pred %v, want the create op", byField["owner"].Pred)
	}
	if len(byField["hours"].Pred) != 0 {
		t.Fatalf("hours was never set; pred %v", byField["hours"].Pred)
	}
	// The next edit of owner names the owner op, not the create op.
	s.Update(bg, "service", svc.Ref, map[string]any{"owner": "Lena"}, Change{})
	ops, _ = s.recordOps(bg, s.db, svc.ID)
	for _, o := range ops {
		if o.Field == "owner" && string(o.Value) == `"Lena"` && !reflect.DeepEqual(o.Pred, []OpID{byField["owner"].ID}) {
			t.Fatalf("second owner pred %v", o.Pred)
		}
	}
	// Giving the same values again writes nothing.
	before := countOps(t, s, "")
	if _, err := s.Update(bg, "service", svc.Ref, map[string]any{"owner": "Lena", "hours": "24x7"}, Change{}); err != nil {
		t.Fatal(err)
	}
	if countOps(t, s, "") != before {
		t.Fatal("a no-op update wrote ops")
	}
	// null clears an optional field.
	r, _ = s.Update(bg, "service", svc.Ref, map[string]any{"hours": nil}, Change{})
	if _, set := r.Values["hours"]; set {
		t.Fatalf("hours not cleared: %v", r.Values["hours"])
	}
	got, _ := s.Get(bg, "service", svc.Ref)
	if _, set := got.Values["hours"]; set || got.Values["owner"] != "Lena" {
		t.Fatalf("stored %v", got.Values)
	}
}

func TestPriorityFollowsImpactAndUrgency(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "E-mail"})
	inc := mustCreate(t, s, "incident", map[string]any{"title": "x", "service": "SVC-00001"})
	if inc.Values["priority"] != int64(5) {
		t.Fatalf("default I3U3 priority %v", inc.Values["priority"])
	}
	r, err := s.Update(bg, "incident", inc.Ref, map[string]any{"impact": "High", "urgency": 1}, Change{})
	if err != nil || r.Values["priority"] != int64(1) {
		t.Fatalf("priority %v (%v)", r.Values["priority"], err)
	}
	page, _ := s.List(bg, "incident", Query{Where: []Filter{{Field: "priority", Op: "=", Value: "1"}}})
	if page.Total != 1 {
		t.Fatalf("priority filter found %d", page.Total)
	}
}

func TestMoveFollowsWorkflowAndKeepsNoteAndTime(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "E-mail"})
	inc, _ := s.Create(bg, "incident", map[string]any{"title": "x", "service": "SVC-00001"}, Change{At: time.Now().Add(-48 * time.Hour)})
	at := time.Now().Add(-24 * time.Hour).UTC().Truncate(time.Second)
	r, err := s.Move(bg, "incident", inc.Ref, "assigned", Change{Note: "to the network team", At: at})
	if err != nil || r.Status != "assigned" {
		t.Fatalf("move: %v %v", r, err)
	}
	got, _ := s.Get(bg, "incident", inc.Ref)
	if got.Status != "assigned" {
		t.Fatalf("stored status %s", got.Status)
	}
	h, err := s.History(bg, "incident", inc.Ref)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Action != "moved" || last.Note != "to the network team" || last.At != at.Format(schema.DateTimeLayout) {
		t.Fatalf("history %+v", last)
	}
	if c := last.Changes[0]; c.Old != "new" || c.New != "assigned" {
		t.Fatalf("change %+v", c)
	}
	if _, err := s.Update(bg, "incident", inc.Ref, map[string]any{"resolution": "restarted"}, Change{}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{"in_progress", "resolved", "closed"} {
		if _, err := s.Move(bg, "incident", inc.Ref, st, Change{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.Move(bg, "incident", inc.Ref, "in_progress", Change{})
	wantErr(t, err, "from closed to in_progress", "final state")
}

func TestDeleteKeepsHistory(t *testing.T) {
	s := openTemp(t)
	svc := mustCreate(t, s, "service", map[string]any{"title": "E-mail"})
	ci := mustCreate(t, s, "ci", map[string]any{"title": "MX", "ci_type": "network"})
	if _, err := s.Update(bg, "service", svc.Ref, map[string]any{"cis": []any{ci.Ref}}, Change{}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, s.Delete(bg, "ci", ci.Ref, Change{}), "SVC-00001", `"cis"`)
	if _, err := s.Update(bg, "service", svc.Ref, map[string]any{"cis": nil}, Change{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(bg, "ci", ci.Ref, Change{}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get(bg, "ci", ci.Ref)
	wantErr(t, err, "CI-00001 was deleted")
	if n, _ := s.Count("ci"); n != 0 {
		t.Fatalf("count %d after delete", n)
	}
	if hits, _ := s.Search(bg, "MX", 10); len(hits) != 0 {
		t.Fatalf("deleted record still found: %v", hits)
	}
	h, err := s.History(bg, "ci", ci.Ref)
	if err != nil || len(h) != 2 || h[1].Action != "deleted" {
		t.Fatalf("history %+v %v", h, err)
	}
	if err := s.Delete(bg, "service", svc.Ref, Change{}); err != nil {
		t.Fatalf("service has no incidents: %v", err)
	}
	// The deleted CI's ref is never handed out again.
	ci2 := mustCreate(t, s, "ci", map[string]any{"title": "MX2", "ci_type": "network"})
	if ci2.Ref != "CI-00002" {
		t.Fatalf("ref %s", ci2.Ref)
	}
}

func TestListFiltersSortsPagesAndSearches(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "E-mail"})
	mustCreate(t, s, "service", map[string]any{"title": "ERP"})
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 30; i++ {
		mustCreate(t, s, "incident", map[string]any{
			"title":   fmt.Sprintf("Problem %02d with %s", i, []string{"mailbox", "invoice"}[i%2]),
			"service": []string{"SVC-00001", "SVC-00002"}[i%2], "impact": int64(1 + i%3), "urgency": int64(1 + i%3),
			"opened_at": base.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)})
	}
	list := func(q Query) *Page {
		t.Helper()
		p, err := s.List(bg, "incident", q)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := list(Query{Where: []Filter{{"service", "=", "SVC-00002"}}, Sort: "-opened_at", Limit: 5})
	if p.Total != 15 || len(p.Records) != 5 || p.Records[0].Title() != "Problem 29 with invoice" || p.Records[4].Title() != "Problem 21 with invoice" {
		t.Fatalf("filter+sort: total %d, first %q", p.Total, p.Records[0].Title())
	}
	p = list(Query{Where: []Filter{{"service", "=", "SVC-00002"}}, Sort: "-opened_at", Limit: 5, Offset: 5})
	if p.Records[0].Title() != "Problem 19 with invoice" {
		t.Fatalf("page 2 starts with %q", p.Records[0].Title())
	}
	p = list(Query{Where: []Filter{{"priority", "<=", "3"}, {"opened_at", ">=", "2026-03-01T20:00:00Z"}}, Limit: -1})
	for _, r := range p.Records {
		if r.Values["priority"].(int64) > 3 || r.Values["opened_at"].(string) < "2026-03-01T20:00:00Z" {
			t.Fatalf("record %s outside filter", r.Ref)
		}
	}
	if p.Total != 12 { // opened 09:00+i h >= 20:00 means i >= 11; priority <= 3 means i%3 != 2
		t.Fatalf("combined filter total %d", p.Total)
	}
	p = list(Query{Where: []Filter{{"opened_at", "=", "2026-03-02"}}})
	if p.Total != 15 { // 09:00+i h falls on 2 March for i = 15..29
		t.Fatalf("a whole day matched %d", p.Total)
	}
	p = list(Query{Search: "mailb"})
	if p.Total != 15 {
		t.Fatalf("search prefix matched %d", p.Total)
	}
	p = list(Query{Where: []Filter{{"title", "~", "0"}}, Sort: "ref"})
	if p.Total != 12 || p.Records[0].Ref != "INC-00001" { // 00, 01..09, 10, 20
		t.Fatalf("contains: %d, first %s", p.Total, p.Records[0].Ref)
	}
	p = list(Query{Where: []Filter{{"ci", "=", ""}}})
	if p.Total != 30 {
		t.Fatalf("unset filter %d", p.Total)
	}
	for _, bad := range []Query{
		{Where: []Filter{{"colour", "=", "red"}}},
		{Where: []Filter{{"status", "=", "done"}}},
		{Where: []Filter{{"impact", "=", "9"}}},
		{Where: []Filter{{"service", "=", "SVC-00404"}}},
		{Sort: "-colour"},
		{Search: "  ??  "},
	} {
		if _, err := s.List(bg, "incident", bad); err == nil {
			t.Errorf("query %+v accepted", bad)
		}
	}
}

func TestSearchAcrossKinds(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "Backup and recovery", "description": "Nightly backups, Müller team"})
	mustCreate(t, s, "ci", map[string]any{"title": "Backup server BK-01", "ci_type": "hardware"})
	mustCreate(t, s, "policy", map[string]any{"title": "Continuity policy", "policy_type": "continuity", "body": "Restore from backup within 4h"})
	mustCreate(t, s, "ci", map[string]any{"title": "Firewall", "ci_type": "network"})
	hits, err := s.Search(bg, "backup", 10)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, h := range hits {
		kinds[h.Kind] = true
	}
	if len(hits) != 3 || !kinds["service"] || !kinds["ci"] || !kinds["policy"] {
		t.Fatalf("hits %d %v", len(hits), kinds)
	}
	// Title matches first (newest first), then matches in other text.
	if hits[0].Kind != "ci" || hits[1].Kind != "service" || hits[2].Kind != "policy" {
		t.Fatalf("order %s %s %s", hits[0].Ref, hits[1].Ref, hits[2].Ref)
	}
	if hits, _ := s.Search(bg, "muller", 10); len(hits) != 1 {
		t.Fatalf("diacritics-insensitive search found %d", len(hits))
	}
	if hits, _ := s.Search(bg, "ci-00002", 10); len(hits) != 1 || hits[0].Title() != "Firewall" {
		t.Fatalf("search by ref: %v", hits)
	}
	// An edit re-indexes.
	s.Update(bg, "ci", "CI-00002", map[string]any{"title": "Edge firewall", "description": "backup path"}, Change{})
	if hits, _ := s.Search(bg, "backup", 10); len(hits) != 4 {
		t.Fatalf("after edit %d hits", len(hits))
	}
	if hits, _ := s.Search(bg, "firewall edge", 10); len(hits) != 1 {
		t.Fatalf("two words %d hits", len(hits))
	}
}

// TestRowsAreTheFoldOfTheirOps checks the core promise of the op log: after any sequence of
// local writes, every materialised row equals what the ops alone say.
func TestRowsAreTheFoldOfTheirOps(t *testing.T) {
	s := openTemp(t)
	rng := rand.New(rand.NewPCG(7, 7))
	mustCreate(t, s, "service", map[string]any{"title": "A"})
	mustCreate(t, s, "service", map[string]any{"title": "B"})
	owners := []any{"Ana", "Tom", nil, "Lena"}
	for i := 0; i < 300; i++ {
		refs := []string{}
		p, _ := s.List(bg, "incident", Query{Limit: -1})
		for _, r := range p.Records {
			refs = append(refs, r.Ref)
		}
		switch op := rng.IntN(10); {
		case op < 3 || len(refs) == 0:
			mustCreate(t, s, "incident", map[string]any{"title": fmt.Sprint("t", i), "service": "SVC-0000" + fmt.Sprint(1+rng.IntN(2))})
		case op < 7:
			in := map[string]any{"assignee": owners[rng.IntN(4)], "impact": int64(1 + rng.IntN(3))}
			if rng.IntN(2) == 0 {
				in["service"] = "SVC-0000" + fmt.Sprint(1+rng.IntN(2))
			}
			if _, err := s.Update(bg, "incident", refs[rng.IntN(len(refs))], in, Change{}); err != nil {
				t.Fatal(err)
			}
		case op < 9:
			s.Move(bg, "incident", refs[rng.IntN(len(refs))], []string{"assigned", "in_progress", "resolved", "closed"}[rng.IntN(4)], Change{})
		default:
			if err := s.Delete(bg, "incident", refs[rng.IntN(len(refs))], Change{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, _ := s.db.Query("SELECT id, alive FROM records WHERE kind='incident'")
	type rec struct {
		id    string
		alive bool
	}
	var all []rec
	for rows.Next() {
		var r rec
		rows.Scan(&r.id, &r.alive)
		all = append(all, r)
	}
	rows.Close()
	if len(all) < 50 {
		t.Fatalf("only %d incidents made", len(all))
	}
	k := schema.Incident
	for _, r := range all {
		ops, _ := s.recordOps(bg, s.db, r.id)
		f := fold(ops)
		if f.alive != r.alive {
			t.Fatalf("%s alive: ops say %v, table says %v", r.id, f.alive, r.alive)
		}
		if !r.alive {
			continue
		}
		row, err := s.Get(bg, "incident", r.id)
		if err != nil {
			t.Fatal(err)
		}
		var status string
		json.Unmarshal(f.values["status"], &status)
		if status != row.Status || f.createdAt != row.CreatedAt || f.updatedAt != row.UpdatedAt {
			t.Fatalf("%s: ops say %s/%s/%s, row says %s/%s/%s", row.Ref, status, f.createdAt, f.updatedAt, row.Status, row.CreatedAt, row.UpdatedAt)
		}
		for _, fd := range k.Fields {
			if fd.Computed {
				continue
			}
			want := fromJSON(&fd, f.values[fd.Name])
			if !reflect.DeepEqual(want, row.Values[fd.Name]) {
				t.Fatalf("%s.%s: ops say %#v, row says %#v", row.Ref, fd.Name, want, row.Values[fd.Name])
			}
		}
		for _, o := range ops {
			if !bytes.Equal(o.Hash, o.ComputeHash()) {
				t.Fatalf("op %s hash mismatch", o.ID)
			}
		}
	}
}

func TestFoldIsOrderIndependentAndShowsConcurrentWrites(t *testing.T) {
	create := &Op{ID: OpID{"a", 1}, HLC: 10, Field: fieldCreate, Value: json.RawMessage(`{"title":"x","owner":"Ana"}`)}
	b1 := &Op{ID: OpID{"b", 1}, HLC: 20, Field: "owner", Value: json.RawMessage(`"Tom"`), Pred: []OpID{{"a", 1}}}
	c1 := &Op{ID: OpID{"c", 1}, HLC: 15, Field: "owner", Value: json.RawMessage(`"Lena"`), Pred: []OpID{{"a", 1}}}
	a2 := &Op{ID: OpID{"a", 2}, HLC: 30, Field: "owner", Value: json.RawMessage(`"Rui"`), Pred: []OpID{{"b", 1}}}
	ops := []*Op{create, b1, c1}
	f1 := fold(ops)
	f2 := fold([]*Op{c1, b1, create})
	if len(f1.live["owner"]) != 2 || string(f1.values["owner"]) != `"Tom"` || !reflect.DeepEqual(f1.values, f2.values) {
		t.Fatalf("concurrent: live %d value %s", len(f1.live["owner"]), f1.values["owner"])
	}
	if string(f1.values["title"]) != `"x"` || !f1.alive {
		t.Fatal("create op fields lost")
	}
	// a2 saw only b1: c1 stays live beside it (a conflict a person must see).
	f3 := fold(append(ops, a2))
	if len(f3.live["owner"]) != 2 || string(f3.values["owner"]) != `"Rui"` {
		t.Fatalf("after a2: live %v value %s", f3.liveIDs("owner"), f3.values["owner"])
	}
	del := &Op{ID: OpID{"b", 2}, HLC: 40, Field: fieldAlive, Value: json.RawMessage(`false`), Pred: []OpID{{"a", 1}}}
	if fold(append(ops, del)).alive {
		t.Fatal("delete ignored")
	}
}

func TestSiteIdentity(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.smswb")
	s, err := Open(path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "service", map[string]any{"title": "A"})
	first := s.Site().ID
	data, _ := os.ReadFile(path) // a backup, taken before more work is done
	mustCreate(t, s, "service", map[string]any{"title": "A2"})
	s.Close()

	s, _ = Open(path, Options{})
	if s.Site().ID != first {
		t.Fatal("reopening changed the site id")
	}
	s.Close()

	// A copy of the workspace file (with its site file) is another site.
	copyPath := filepath.Join(dir, "copy.smswb")
	os.WriteFile(copyPath, data, 0o644)
	side, _ := os.ReadFile(path + ".site.json")
	os.WriteFile(copyPath+".site.json", side, 0o644)
	c, err := Open(copyPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Site().ID == first {
		t.Fatal("a copied workspace kept the original's site id")
	}
	r := mustCreate(t, c, "service", map[string]any{"title": "B"})
	ops, _ := c.recordOps(bg, c.db, r.ID)
	if ops[0].ID.Site != c.Site().ID || ops[0].ID.Seq != 1 {
		t.Fatalf("copy's op %v", ops[0].ID)
	}
	c.Close()

	// Restoring the backup in place mints a new site id too, even if the file system hands out
	// the same inode again: the backup lacks ops this site already wrote.
	os.Remove(path)
	os.WriteFile(path, data, 0o644)
	s, _ = Open(path, Options{})
	if s.Site().ID == first {
		t.Fatal("a restored workspace kept its site id")
	}
	s.Close()
}

func TestTwoHandlesShareOneSiteSequence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	a, _ := Open(path, Options{Create: true})
	defer a.Close()
	b, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := 0; i < 5; i++ {
		mustCreate(t, a, "service", map[string]any{"title": fmt.Sprint("a", i)})
		mustCreate(t, b, "service", map[string]any{"title": fmt.Sprint("b", i)})
	}
	var n, maxSeq int
	a.db.QueryRow("SELECT count(*), max(seq) FROM ops").Scan(&n, &maxSeq)
	if n != 10 || maxSeq != 10 {
		t.Fatalf("%d ops, max seq %d", n, maxSeq)
	}
}

func TestOpenRefusesWhatIsNotAWorkspace(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.smswb")
	content := []byte("these are my meeting notes, not a database, and they must survive\n")
	os.WriteFile(notDB, bytes.Repeat(content, 100), 0o644)
	_, err := Open(notDB, Options{})
	wantErr(t, err, notDB, "not an SMS Workbench workspace")
	if got, _ := os.ReadFile(notDB); !bytes.Equal(got, bytes.Repeat(content, 100)) {
		t.Fatal("the file was changed")
	}
	if _, err := os.Stat(notDB + ".site.json"); err == nil {
		t.Fatal("a site file was written beside a foreign file")
	}

	_, err = Open(filepath.Join(dir, "missing.smswb"), Options{})
	wantErr(t, err, "no workspace at", "init")

	_, err = Open(dir, Options{})
	wantErr(t, err, "is a folder")

	// Another program's SQLite file is left alone.
	other := filepath.Join(dir, "other.db")
	s, _ := Open(filepath.Join(dir, "tmp.smswb"), Options{Create: true})
	s.Close()
	db := rawDB(t, other)
	db.Exec("CREATE TABLE invoices(id INTEGER)")
	db.Close()
	_, err = Open(other, Options{})
	wantErr(t, err, "not an SMS Workbench workspace")
}

func TestNewerWorkspaceIsRefusedUnchanged(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "A"})
	s.db.Exec("UPDATE schema_version SET version = ?", len(migrations)+1)
	before := fingerprint(t, s.db)
	s.Close()
	_, err := Open(s.path, Options{})
	wantErr(t, err, "newer version")
	db := rawDB(t, s.path)
	defer db.Close()
	if fingerprint(t, db) != before {
		t.Fatal("a newer workspace was changed")
	}
}

func TestLockedWorkspaceSaysSoAndWritesNothing(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "A"})
	other, err := Open(s.path, Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// Hold the write lock as another program would.
	conn, _ := s.db.Conn(bg)
	defer conn.Close()
	if _, err := conn.ExecContext(bg, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	_, err = other.Create(bg, "service", map[string]any{"title": "B"}, Change{})
	wantErr(t, err, "locked by another program", "nothing was changed")
	conn.ExecContext(bg, "ROLLBACK")
	if n, _ := other.Count("service"); n != 1 {
		t.Fatalf("%d services", n)
	}
}

// Opening a workspace lays its register indexes out as the kinds declare them now: a missing one
// is created (and the table analysed, so the planner uses it), one no longer declared is dropped.
func TestOpenSyncsDeclaredIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.smswb")
	s, err := Open(path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "service", map[string]any{"title": "Print"})
	mustCreate(t, s, "incident", map[string]any{"title": "printer jam", "service": "SVC-00001"})
	declared := `r_incident_` + strings.Join(schema.Incident.Indexes[0], "_")
	for _, q := range []string{`CREATE INDEX r_incident_old_layout ON r_incident(title, status)`, `DROP INDEX "` + declared + `"`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.db.Close() // not s.Close, which would analyse the tables: the reopen alone must do it
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var names []string
	rows, err := s.db.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'r_incident' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	if slices.Contains(names, "r_incident_old_layout") || !slices.Contains(names, declared) {
		t.Fatalf("indexes of r_incident after reopening: %v", names)
	}
	var stats int
	s.db.QueryRow(`SELECT count(*) FROM sqlite_stat1 WHERE idx = ?`, declared).Scan(&stats)
	if stats != 1 {
		t.Fatalf("the recreated index %s has no statistics", declared)
	}
}

// A kind's version grows with every committed write to its register and with nothing else.
func TestKindVersion(t *testing.T) {
	s := openTemp(t)
	version := func(kinds ...string) int64 {
		t.Helper()
		v, err := s.KindVersion(bg, kinds...)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ci0, svc0 := version("ci"), version("service")
	ci := mustCreate(t, s, "ci", map[string]any{"title": "db01", "ci_type": "server"})
	if version("ci") <= ci0 || version("service") != svc0 {
		t.Fatalf("after a CI was created: ci %d→%d, service %d→%d", ci0, version("ci"), svc0, version("service"))
	}
	ci1 := version("ci")
	if _, err := s.Create(bg, "ci", map[string]any{"ci_type": "no such type"}, Change{}); err == nil {
		t.Fatal("an invalid CI was created")
	}
	if version("ci") != ci1 {
		t.Fatal("a refused write changed the CI version")
	}
	both := version("ci", "service")
	if _, err := s.Update(bg, "ci", ci.Ref, map[string]any{"title": "db01 primary"}, Change{}); err != nil {
		t.Fatal(err)
	}
	if version("ci") <= ci1 || version("ci", "service") <= both {
		t.Fatal("an update did not change the CI version")
	}
	ci2 := version("ci")
	if err := s.Delete(bg, "ci", ci.Ref, Change{}); err != nil {
		t.Fatal(err)
	}
	if version("ci") <= ci2 {
		t.Fatal("a delete did not change the CI version")
	}
}
