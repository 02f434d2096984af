package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"smsworkbench/internal/store"
)

// Size says how many records Generate makes.
type Size struct {
	Services, CIs, Incidents int
}

var (
	components = []string{"mailbox", "VPN", "printer", "laptop", "ERP", "payroll", "firewall", "switch", "database",
		"backup", "website", "certificate", "MFA", "Wi-Fi", "phone", "Teams", "SharePoint", "scanner", "invoice", "portal"}
	symptoms = []string{"not responding", "slow", "fails to start", "shows error 500", "rejects login", "drops connection",
		"out of disk space", "sync failed", "wrong totals", "timeout", "locked account", "missing data"}
	places = []string{"Frankfurt", "Lisbon", "Warsaw", "Oslo", "Madrid", "Dublin", "Vienna", "Prague", "Lyon", "Turku"}
)

// Words are the vocabulary of generated titles, for benchmark searches.
func Words() []string { return append(append([]string{}, components...), places...) }

// Generate fills a workspace with a realistic volume of services, configuration items and
// incidents, in transactions of batch records, all through the engine.
func Generate(ctx context.Context, s *store.Store, size Size, seed uint64, batch int) error {
	rng := rand.New(rand.NewPCG(seed, 2))
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	var svcIDs, ciIDs []string
	err := s.Write(ctx, func(t *store.Tx) error {
		for i := 0; i < size.Services; i++ {
			r, err := t.Create("service", map[string]any{"title": fmt.Sprintf("%s service %d", places[i%len(places)], i),
				"owner": people[i%len(people)], "criticality": []string{"high", "medium", "low"}[i%3]}, store.Change{})
			if err != nil {
				return err
			}
			svcIDs = append(svcIDs, r.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for done := 0; done < size.CIs; done += batch {
		err := s.Write(ctx, func(t *store.Tx) error {
			for i := done; i < min(done+batch, size.CIs); i++ {
				r, err := t.Create("ci", map[string]any{
					"title":    fmt.Sprintf("%s %s-%05d", components[i%len(components)], strings.ToUpper(places[i%len(places)][:3]), i),
					"ci_type":  []string{"hardware", "software", "network", "database", "cloud"}[i%5],
					"location": places[rng.IntN(len(places))]}, store.Change{})
				if err != nil {
					return err
				}
				ciIDs = append(ciIDs, r.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return GenerateIncidents(ctx, s, size.Incidents, svcIDs, ciIDs, rng, now, batch)
}

// GenerateIncidents adds n incidents against the given services and CIs.
func GenerateIncidents(ctx context.Context, s *store.Store, n int, svcIDs, ciIDs []string, rng *rand.Rand, now time.Time, batch int) error {
	for done := 0; done < n; done += batch {
		rows := IncidentRows(rng, min(batch, n-done), svcIDs, ciIDs, now)
		err := s.Write(ctx, func(t *store.Tx) error {
			for _, in := range rows {
				if _, err := t.Create("incident", in, store.Change{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// IncidentRows makes the field values of n generated incidents.
func IncidentRows(rng *rand.Rand, n int, svcIDs, ciIDs []string, now time.Time) []map[string]any {
	rows := make([]map[string]any, n)
	for i := range rows {
		comp, sym, place := components[rng.IntN(len(components))], symptoms[rng.IntN(len(symptoms))], places[rng.IntN(len(places))]
		in := map[string]any{
			"title":       fmt.Sprintf("%s %s in %s", comp, sym, place),
			"description": fmt.Sprintf("User in %s reports that the %s is %s since this morning. Tried a restart; no change.", place, comp, sym),
			"service":     svcIDs[rng.IntN(len(svcIDs))],
			"impact":      int64(1 + rng.IntN(3)), "urgency": int64(1 + rng.IntN(3)),
			"reporter":  people[rng.IntN(len(people))],
			"assignee":  people[rng.IntN(len(people))],
			"category":  []string{"Access", "Performance", "Failure", "Request"}[rng.IntN(4)],
			"opened_at": now.Add(-time.Duration(rng.IntN(365*24*60)) * time.Minute).Format(time.RFC3339),
		}
		if len(ciIDs) > 0 {
			in["ci"] = ciIDs[rng.IntN(len(ciIDs))]
		}
		rows[i] = in
	}
	return rows
}
