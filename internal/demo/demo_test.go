package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"smsworkbench/internal/itsm"
	"smsworkbench/internal/store"
)

// The demo is filled once for the tests that only read it.
var (
	demoNow  = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	demoOnce sync.Once
	demoDir  string
	demoWS   *store.Store
	demoErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoWS != nil {
		demoWS.Close()
	}
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demoStore is the demo filled at demoNow with seed 1, its rules' clock at demoNow.
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	demoOnce.Do(func() {
		if demoDir, demoErr = os.MkdirTemp("", "smswb-demo-"); demoErr != nil {
			return
		}
		if demoWS, demoErr = store.Open(filepath.Join(demoDir, "w.smswb"), store.Options{Create: true}); demoErr != nil {
			return
		}
		demoErr = Fill(context.Background(), demoWS, demoNow, Options{Seed: 1})
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	demoWS.SetClock(func() time.Time { return demoNow })
	return demoWS
}

func all(t *testing.T, s *store.Store, kind string, where ...store.Filter) []*store.Record {
	t.Helper()
	p, err := s.List(context.Background(), kind, store.Query{Where: where, Limit: -1, Sort: "ref"})
	if err != nil {
		t.Fatal(err)
	}
	return p.Records
}

func eq(field string, value any) store.Filter {
	return store.Filter{Field: field, Op: "=", Value: value}
}

// dump renders every record without ids (which are random) so two workspaces can be compared.
func dump(t *testing.T, s *store.Store) string {
	var out strings.Builder
	for _, k := range s.Registry().Kinds() {
		for _, r := range all(t, s, k.Name) {
			fmt.Fprintf(&out, "%s %s %s %s %s|", r.Ref, r.Status, r.Title(), r.CreatedAt, r.UpdatedAt)
			for _, f := range k.Fields {
				v := r.Field(f.Name)
				if l, ok := v.(store.Link); ok {
					v = l.Ref
				}
				if ls, ok := v.([]store.Link); ok {
					refs := []string{}
					for _, l := range ls {
						refs = append(refs, l.Ref)
					}
					v = refs
				}
				fmt.Fprintf(&out, "%s=%v;", f.Name, v)
			}
			out.WriteString("\n")
		}
	}
	return out.String()
}

func TestFillIsDeterministic(t *testing.T) {
	first := dump(t, demoStore(t))
	// The comparison covers the compliance story too.
	for _, prefix := range []string{"SRP-", "BSL-", "ASM-", "CLR-", "FND-"} {
		if !strings.Contains(first, "\n"+prefix) {
			t.Fatalf("the dump holds no %s records", prefix)
		}
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var steps []string
	progress := func(done, total int, label string) {
		steps = append(steps, fmt.Sprintf("%d/%d %s", done, total, label))
	}
	if err := Fill(context.Background(), s, demoNow, Options{Seed: 1, Scale: 1, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 22 || steps[0] != "0/21 Organisation and context" || steps[10] != "10/21 Incidents" || steps[21] != "21/21 Done" {
		t.Fatalf("progress %q", steps)
	}
	s.SetClock(func() time.Time { return demoNow })
	// References of kinds numbered per copy carry the copy's tag (FND-3F2A-0001): two
	// workspaces are two copies, so the tag is all that may differ.
	tags := regexp.MustCompile(`\b([A-Z]+)-[0-9A-F]{4}-(\d{4})\b`)
	first = tags.ReplaceAllString(first, "$1-TAG-$2")
	if second := tags.ReplaceAllString(dump(t, s), "$1-TAG-$2"); second != first {
		a, b := strings.Split(first, "\n"), strings.Split(second, "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("two fills with the same seed and clock differ:\n%s\n%s", a[i], b[i])
			}
		}
		t.Fatalf("two fills with the same seed and clock differ in length: %d and %d lines", len(a), len(b))
	}
}

// A cancelled fill stops at its next transaction, also in the middle of a section.
func TestFillStopsWhenCancelled(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last string
	err = Fill(ctx, s, demoNow, Options{Seed: 1, Progress: func(done, total int, label string) {
		last = label
		if label == "Incidents" {
			cancel() // the section has begun: only its own check between transactions can stop it
		}
	}})
	if !errors.Is(err, context.Canceled) || last != "Incidents" {
		t.Fatalf("fill returned %v after %q", err, last)
	}
	for kind, want := range map[string]int{"service": 12, "incident": 0, "request": 0} {
		if n, _ := s.Count(kind); n != want {
			t.Errorf("%d %ss written, want %d", n, kind, want)
		}
	}
	if n, _ := s.Count("change"); n == 0 {
		t.Error("the sections before the cancel wrote no changes")
	}
}

func TestDemoCounts(t *testing.T) {
	s := demoStore(t)
	want := map[string][2]int{
		"service": {12, 12}, "customer": {6, 10}, "party": {6, 15}, "policy": {10, 16}, "sla": {10, 14},
		"supplier": {8, 12}, "contract": {8, 16}, "supplierreview": {10, 30}, "ci": {450, 600}, "cirel": {1300, 1700},
		"incident": {1000, 1000}, "request": {600, 600}, "problem": {40, 40}, "knownerror": {10, 25},
		"change": {180, 230}, "changemodel": {4, 6}, "release": {20, 30}, "budget": {24, 45}, "cost": {240, 300},
		"capacityplan": {5, 12}, "availabilityplan": {8, 12}, "continuityplan": {4, 8}, "continuitytest": {8, 15},
		"risk": {20, 30}, "securitycontrol": {18, 25}, "objective": {6, 10}, "audit": {2, 8}, "finding": {6, 20},
		"nonconformity": {4, 14}, "action": {10, 30}, "review": {1, 4}, "improvement": {5, 12},
		"complaint": {3, 10}, "satisfaction": {10, 40}, "servicereport": {100, 140}, "baseline": {1, 3},
		"assessment": {2, 2}, "clauseresult": {114, 114},
	}
	for kind, r := range want {
		n, err := s.Count(kind)
		if err != nil {
			t.Fatal(err)
		}
		if n < r[0] || n > r[1] {
			t.Errorf("%d %s records, want %d to %d", n, kind, r[0], r[1])
		}
	}
	if s.Meta("name") != Organisation {
		t.Errorf("workspace name %q", s.Meta("name"))
	}
}

// TestDemoHistory: everything happened in the two years before now, and nothing after.
func TestDemoHistory(t *testing.T) {
	s := demoStore(t)
	have, err := s.Have(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var first, last string
	err = s.OpsBetween(t.Context(), nil, have, func(o *store.Op) error {
		if first == "" || o.At < first {
			first = o.At
		}
		last = max(last, o.At)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	from := demoNow.Add(-History).Format(time.RFC3339)
	if first < from || last > demoNow.Format(time.RFC3339) {
		t.Fatalf("ops from %s to %s, want within %s and %s", first, last, from, demoNow.Format(time.RFC3339))
	}
	for _, kind := range []string{"incident", "request"} {
		recs := all(t, s, kind)
		oldest, newest := "9999", ""
		for _, r := range recs {
			at := r.Values["opened_at"].(string)
			oldest, newest = min(oldest, at), max(newest, at)
		}
		// Spread over the two years, not bunched at one end.
		if oldest > demoNow.Add(-History+30*24*time.Hour).Format(time.RFC3339) || newest < demoNow.Add(-24*time.Hour).Format(time.RFC3339) {
			t.Errorf("%s opened from %s to %s", kind, oldest, newest)
		}
		// References follow time.
		for i := 1; i < len(recs); i++ {
			if recs[i].Values["opened_at"].(string) < recs[i-1].Values["opened_at"].(string) {
				t.Fatalf("%s %s opened before %s", kind, recs[i].Ref, recs[i-1].Ref)
			}
		}
	}
}

func TestDemoTickets(t *testing.T) {
	s := demoStore(t)
	incidents := all(t, s, "incident")
	states := map[string]int{}
	slaStates := map[string]int{}
	breachedOpen, linked, caused, open := 0, 0, 0, 0
	perService := map[string]int{}
	for _, r := range incidents {
		states[r.Status]++
		sla, _ := r.Values["sla_state"].(string)
		slaStates[sla]++
		if r.Status != "closed" && r.Status != "cancelled" {
			open++
			if sla == itsm.SLABreached {
				breachedOpen++
			}
		}
		if r.Values["problem"] != nil {
			linked++
		}
		if r.Values["caused_by"] != nil {
			caused++
		}
		if r.Values["sla"] != nil {
			perService[r.Values["service"].(string)]++
		}
		if (r.Status == "resolved" || r.Status == "closed") && r.Values["resolution"] == nil {
			t.Errorf("%s is %s without a resolution", r.Ref, r.Status)
		}
	}
	for _, st := range []string{"new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled"} {
		if states[st] == 0 {
			t.Errorf("no %s incident: %v", st, states)
		}
	}
	if states["closed"] < 850 || open < 20 || open > 80 {
		t.Errorf("states %v: %d open", states, open)
	}
	if breachedOpen == 0 || slaStates[itsm.SLAMet] < 700 || slaStates[itsm.SLAMissed] < 20 || slaStates[itsm.SLAPaused] == 0 {
		t.Errorf("SLA states %v, %d open breached", slaStates, breachedOpen)
	}
	if linked < 40 || caused == 0 {
		t.Errorf("%d incidents linked to problems, %d caused by changes", linked, caused)
	}
	// Every agreed SLA's service has incidents that run their clock on it.
	for _, sla := range all(t, s, "sla", eq("status", "agreed")) {
		if perService[sla.Values["service"].(string)] < 20 {
			t.Errorf("%s: %d incidents of its service on the SLA", sla.Ref, perService[sla.Values["service"].(string)])
		}
		if sla.Values["calendar"] != "24x7" && len(sla.Values["holidays"].([]map[string]any)) < 20 {
			t.Errorf("%s: business hours without holidays", sla.Ref)
		}
	}
	// Requests that need approval were approved before they were fulfilled.
	requests := all(t, s, "request")
	for _, r := range requests {
		if r.Values["approval_needed"] == true && (r.Status == "in_progress" || r.Status == "closed" || r.Status == "resolved") && r.Values["approved_by"] == nil {
			t.Errorf("%s fulfilled without approval", r.Ref)
		}
	}
	// Problems: some known errors with a root cause, known errors raised from them.
	known := 0
	for _, p := range all(t, s, "problem") {
		if p.Values["root_cause"] != nil {
			known++
		}
	}
	kes := all(t, s, "knownerror")
	if known < 20 || len(kes) < 10 {
		t.Errorf("%d problems with a root cause, %d known errors", known, len(kes))
	}
}

func TestDemoChanges(t *testing.T) {
	s := demoStore(t)
	changes := all(t, s, "change")
	byType := map[string]map[string]int{}
	upcoming, overlapping, inRelease := 0, 0, 0
	for _, c := range changes {
		typ, st := c.Values["change_type"].(string), c.Status
		if byType[typ] == nil {
			byType[typ] = map[string]int{}
		}
		byType[typ][st]++
		switch {
		case typ == "normal" && (st == "approved" || st == "scheduled" || st == "implemented" || st == "closed") && c.Values["approved_by"] == nil:
			t.Errorf("%s is %s without approval", c.Ref, st)
		case typ == "standard" && c.Values["model"] == nil:
			t.Errorf("%s is standard without a model", c.Ref)
		case typ == "emergency" && st == "closed" && c.Values["review"] == nil:
			t.Errorf("%s closed without a review", c.Ref)
		}
		if start, _ := c.Values["planned_start"].(string); start > demoNow.Format(time.RFC3339) && start < demoNow.AddDate(0, 0, 14).Format(time.RFC3339) {
			upcoming++
		}
		if c.Values["overlaps"] != nil {
			overlapping++
		}
		if c.Values["release"] != nil {
			inRelease++
		}
	}
	if byType["standard"]["closed"] < 30 || byType["normal"]["closed"] < 50 || byType["emergency"]["closed"] < 3 ||
		byType["normal"]["rejected"]+byType["normal"]["cancelled"] < 2 {
		t.Errorf("changes %v", byType)
	}
	if upcoming < 4 || overlapping < 2 || inRelease < 40 {
		t.Errorf("%d changes in the next two weeks, %d overlapping, %d in releases", upcoming, overlapping, inRelease)
	}
	for _, m := range all(t, s, "changemodel", eq("status", "approved")) {
		if m.Values["approved_by"] == nil {
			t.Errorf("model %s approved without approver", m.Ref)
		}
	}
}

func TestDemoAgreementsAndSuppliers(t *testing.T) {
	s := demoStore(t)
	expiry := map[string]int{}
	for _, c := range all(t, s, "contract") {
		if e, ok := c.Values["expiry"].(string); ok {
			expiry[e]++
		}
	}
	if expiry[itsm.ContractNotice] == 0 || expiry[itsm.ContractExpired] == 0 || expiry[itsm.ContractActive] < 5 {
		t.Errorf("contract expiry %v", expiry)
	}
	done := 0
	for _, r := range all(t, s, "supplierreview", eq("status", "done")) {
		if r.Values["sla_compliance"] != nil {
			done++
		}
	}
	if done < 10 {
		t.Errorf("%d supplier reviews with an SLA compliance", done)
	}
	states := map[string]int{}
	for _, svc := range all(t, s, "service") {
		states[svc.Status]++
		if svc.Status == "live" && len(svc.Values["cis"].([]string)) == 0 {
			t.Errorf("%s lists no CIs", svc.Ref)
		}
	}
	if states["live"] != 10 || states["pipeline"] != 1 || states["retired"] != 1 {
		t.Errorf("services %v", states)
	}
	overdue := 0
	for _, p := range all(t, s, "policy") {
		if p.Values["review_overdue"] == true {
			overdue++
		}
		if p.Status == "approved" && (p.Values["approved_by"] == nil || p.Values["approved_on"] == nil) {
			t.Errorf("%s approved without approver", p.Ref)
		}
	}
	if overdue == 0 {
		t.Error("no policy with its review overdue")
	}
}

// TestDemoImpact: a failed hypervisor host takes down virtual machines, applications and, through
// the services' top applications, services.
func TestDemoImpact(t *testing.T) {
	s := demoStore(t)
	var edges []itsm.Edge
	for _, r := range all(t, s, "cirel") {
		edges = append(edges, itsm.Edge{From: r.Values["from"].(string), To: r.Values["to"].(string), Type: r.Values["type"].(string)})
	}
	types := map[string]int{}
	for _, e := range edges {
		types[e.Type]++
	}
	for _, typ := range []string{itsm.DependsOn, itsm.RunsOn, itsm.Contains, itsm.ConnectedTo, itsm.BacksUp} {
		if types[typ] < 20 {
			t.Errorf("relationship types %v", types)
		}
	}
	hosts := all(t, s, "ci", eq("title", "fra1-esx-01"))
	if len(hosts) != 1 {
		t.Fatalf("%d hosts fra1-esx-01", len(hosts))
	}
	affected := map[string]bool{}
	for _, id := range itsm.Affected(hosts[0].ID, edges) {
		affected[id] = true
	}
	reached := 0
	for _, svc := range all(t, s, "service") {
		for _, id := range svc.Values["cis"].([]string) {
			if affected[id] {
				reached++
				break
			}
		}
	}
	if len(affected) < 10 || reached < 2 {
		t.Errorf("a failed host affects %d CIs and %d services", len(affected), reached)
	}
}

func TestDemoImprovementCycle(t *testing.T) {
	s := demoStore(t)
	closedWithVerified := 0
	for _, nc := range all(t, s, "nonconformity", eq("status", "closed")) {
		actions := all(t, s, "action", eq("nonconformity", nc.ID))
		ok := len(actions) > 0
		for _, a := range actions {
			ok = ok && a.Status == "verified" && a.Values["effective"] == "yes"
		}
		if ok {
			closedWithVerified++
		}
	}
	openNC := len(all(t, s, "nonconformity")) - len(all(t, s, "nonconformity", eq("status", "closed")))
	overdue := 0
	for _, a := range all(t, s, "action") {
		if a.Values["overdue"] == true {
			overdue++
		}
	}
	if closedWithVerified == 0 || openNC == 0 || overdue == 0 {
		t.Errorf("%d closed nonconformities with verified actions, %d open, %d overdue actions", closedWithVerified, openNC, overdue)
	}
	reported := all(t, s, "audit", eq("status", "reported"))
	if len(reported) == 0 || len(reported[0].Values["clauses"].([]string)) == 0 || reported[0].Values["conclusion"] == nil {
		t.Errorf("no reported audit with clauses and a conclusion")
	}
	if len(all(t, s, "audit", eq("status", "planned"))) == 0 {
		t.Error("no planned audit")
	}
	grades := map[string]int{}
	for _, f := range all(t, s, "finding") {
		grades[f.Values["grade"].(string)]++
	}
	if len(grades) < 4 {
		t.Errorf("finding grades %v", grades)
	}
	decided := 0
	for _, r := range all(t, s, "review", eq("status", "closed")) {
		if r.Values["decisions"] != nil && len(all(t, s, "action", eq("review", r.ID))) > 0 {
			decided++
		}
	}
	if decided == 0 {
		t.Error("no closed management review with decisions and actions")
	}
	for _, o := range all(t, s, "objective") {
		if o.Values["actual"] == nil || o.Values["target"] == nil {
			t.Errorf("objective %s without target or actual", o.Ref)
		}
	}
}

func TestDemoPeople(t *testing.T) {
	s := demoStore(t)
	owners := map[string]bool{}
	for _, svc := range all(t, s, "service") {
		owners[svc.Values["owner"].(string)] = true
	}
	for _, name := range []string{"Ana Müller", "Tom Øresund", "Zofia Łódź"} {
		if !owners[name] {
			t.Errorf("%s owns no service", name)
		}
	}
	if hits, err := s.Search(context.Background(), "Müller", 5); err != nil || len(hits) == 0 {
		t.Errorf("search Müller: %d hits, %v", len(hits), err)
	}
}

func TestScaleMultipliesTheOperations(t *testing.T) {
	if testing.Short() {
		t.Skip("fills the demo at scale 2")
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := Fill(context.Background(), s, demoNow, Options{Seed: 7, Scale: 2}); err != nil {
		t.Fatal(err)
	}
	base := demoStore(t)
	for kind, factor := range map[string]int{"incident": 2, "request": 2, "problem": 2, "service": 1, "supplier": 1, "policy": 1} {
		n, _ := s.Count(kind)
		b, _ := base.Count(kind)
		if n != factor*b {
			t.Errorf("%s: %d at scale 2, %d at scale 1", kind, n, b)
		}
	}
	for _, kind := range []string{"ci", "cirel", "change", "release", "cost"} {
		n, _ := s.Count(kind)
		b, _ := base.Count(kind)
		if n < 18*b/10 || n > 22*b/10 {
			t.Errorf("%s: %d at scale 2, %d at scale 1", kind, n, b)
		}
	}
}

func TestGenerate(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "w.smswb"), store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := Generate(context.Background(), s, Size{Services: 5, CIs: 30, Incidents: 250}, 1, 100); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{"service": 5, "ci": 30, "incident": 250} {
		if n, _ := s.Count(kind); n != want {
			t.Fatalf("%s: %d, want %d", kind, n, want)
		}
	}
}
