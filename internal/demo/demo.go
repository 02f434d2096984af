// Package demo owns the deterministic data sets of the workbench: the small demo SMS a newcomer
// sees on first start, and generated workspaces of any size for tests and benchmarks. Everything
// is written through the store's engine, so the demo has ops, history and a search index like
// real work. Given the same seed and clock, the same records come out.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"smsworkbench/internal/store"
)

// Organisation is the name of the demo organisation.
const Organisation = "Northwind Managed Services"

var services = []struct{ name, owner, kind, crit, hours string }{
	{"E-mail and collaboration", "Ana Müller", "customer", "high", "24x7"},
	{"Service desk", "Tom Øresund", "customer", "high", "Mon-Fri 07:00-19:00"},
	{"ERP hosting", "Zofia Łódź", "customer", "high", "24x7"},
	{"Network and connectivity", "Rui Costa", "supporting", "high", "24x7"},
	{"Backup and recovery", "Priya Nair", "supporting", "medium", "24x7"},
	{"Identity and access", "Lena Berg", "supporting", "high", "24x7"},
	{"Client laptops", "Sam Okafor", "customer", "medium", "Mon-Fri 08:00-18:00"},
	{"Website hosting", "Ana Müller", "customer", "low", "24x7"},
}

var ciNames = []struct{ name, kind string }{
	{"Exchange Online tenant", "cloud"}, {"Teams policy set", "software"}, {"Mail gateway MX1", "network"},
	{"Ticketing system", "software"}, {"Service desk phone line", "network"},
	{"ERP application server ERP-APP-01", "hardware"}, {"ERP database ERPDB", "database"}, {"ERP licence pool", "document"},
	{"Core switch CS-01", "network"}, {"Firewall FW-EDGE-1", "network"}, {"WAN link Frankfurt", "network"}, {"Wi-Fi controller", "network"},
	{"Backup server BK-01", "hardware"}, {"Offsite backup vault", "cloud"}, {"Tape library TL-2", "hardware"},
	{"Active Directory domain", "software"}, {"MFA service", "cloud"}, {"Privileged access vault", "software"},
	{"Laptop image 2026.1", "software"}, {"MDM platform", "cloud"},
	{"Web cluster WEB-01", "hardware"}, {"CDN configuration", "cloud"}, {"TLS certificate www", "document"},
	{"Data centre Hall A", "facility"}, {"UPS Hall A", "facility"},
}

var ciService = []int{0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 3, 3}

var incidentTitles = []string{
	"Users cannot send e-mail with attachments", "Outlook asks for password repeatedly",
	"Ticket portal returns error 502", "Phone queue drops calls after 2 minutes",
	"ERP month-end report runs for hours", "ERP login fails for finance team",
	"Packet loss on WAN link Frankfurt", "Wi-Fi unavailable on floor 3",
	"Nightly backup job failed", "Restore request for deleted project folder",
	"Account locked after password change", "MFA push notifications delayed",
	"New laptop cannot enrol in MDM", "Laptop battery swelling reported",
	"Website certificate expires in 5 days", "Website slow for visitors in Asia",
	"Shared mailbox not visible", "Printer queue stuck in accounts",
	"VPN disconnects every 10 minutes", "ERP invoice PDF shows wrong VAT",
}

// incidentService is the service each incident title above belongs to.
var incidentService = []int{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 0, 1, 3, 2}

var incidentStates = [][]string{
	{}, {"assigned"}, {"assigned", "in_progress"}, {"assigned", "in_progress", "pending"},
	{"assigned", "in_progress", "resolved"}, {"assigned", "in_progress", "resolved", "closed"},
	{"in_progress", "resolved", "closed"}, {"cancelled"},
}

var people = []string{"Ana Müller", "Tom Øresund", "Zofia Łódź", "Rui Costa", "Priya Nair", "Lena Berg", "Sam Okafor"}

// Fill writes the demo SMS into an empty workspace: 8 services, 25 configuration items, 40
// incidents in every state, 10 changes and 6 policies, dated in the weeks before now.
func Fill(ctx context.Context, s *store.Store, now time.Time) error {
	rng := rand.New(rand.NewPCG(20000, 1))
	ago := func(d time.Duration) store.Change { return store.Change{At: now.Add(-d)} }
	day := 24 * time.Hour
	if err := s.SetMeta("name", Organisation); err != nil {
		return err
	}
	return s.Write(ctx, func(t *store.Tx) error {
		svcIDs := make([]string, len(services))
		for i, sv := range services {
			r, err := t.Create("service", map[string]any{
				"title": sv.name, "owner": sv.owner, "service_type": sv.kind, "criticality": sv.crit,
				"hours": sv.hours, "availability_target": 99.5,
				"description": fmt.Sprintf("%s for the staff and customers of %s.", sv.name, Organisation),
			}, ago(400*day))
			if err != nil {
				return err
			}
			svcIDs[i] = r.ID
			if i < len(services)-1 {
				if _, err := t.Move("service", r.ID, "live", store.Change{At: now.Add(-380 * day)}); err != nil {
					return err
				}
			}
		}
		ciIDs := make([]string, len(ciNames))
		for i, c := range ciNames {
			in := map[string]any{"title": c.name, "ci_type": c.kind,
				"owner": services[ciService[i]].owner, "location": []string{"Frankfurt DC", "Head office", "Cloud (EU)"}[i%3]}
			r, err := t.Create("ci", in, ago(360*day))
			if err != nil {
				return err
			}
			ciIDs[i] = r.ID
			if i%9 != 8 {
				if _, err := t.Move("ci", r.ID, "active", store.Change{At: now.Add(-350 * day)}); err != nil {
					return err
				}
			}
		}
		for i := 0; i < 40; i++ {
			title := incidentTitles[i%len(incidentTitles)]
			svc := incidentService[i%len(incidentTitles)]
			opened := now.Add(-time.Duration(rng.IntN(60*24)+2) * time.Hour)
			in := map[string]any{
				"title": title, "service": svcIDs[svc], "impact": int64(1 + rng.IntN(3)), "urgency": int64(1 + rng.IntN(3)),
				"reporter": people[rng.IntN(len(people))], "category": []string{"Access", "Performance", "Failure", "Request"}[rng.IntN(4)],
				"opened_at":   opened.UTC().Format(time.RFC3339),
				"description": "Reported by phone. " + title + ".",
			}
			if ci := firstCI(svc); ci >= 0 {
				in["ci"] = ciIDs[ci]
			}
			r, err := t.Create("incident", in, store.Change{At: opened})
			if err != nil {
				return err
			}
			at := opened
			for j, st := range incidentStates[i%len(incidentStates)] {
				at = at.Add(time.Duration(30+rng.IntN(240)) * time.Minute)
				if at.After(now) {
					at = now
				}
				if j == 0 && st != "cancelled" {
					if _, err := t.Update("incident", r.ID, map[string]any{"assignee": people[rng.IntN(len(people))]}, store.Change{At: at}); err != nil {
						return err
					}
				}
				if st == "resolved" {
					if _, err := t.Update("incident", r.ID, map[string]any{"resolution": "Fixed and confirmed with the reporter."}, store.Change{At: at}); err != nil {
						return err
					}
				}
				if _, err := t.Move("incident", r.ID, st, store.Change{At: at}); err != nil {
					return err
				}
			}
		}
		changeTitles := []string{"Upgrade ERP to release 11.2", "Replace core switch CS-01", "Enable MFA for all admins",
			"Patch Exchange hybrid server", "Migrate backups to new vault", "Renew TLS certificate www",
			"Add Wi-Fi access points floor 3", "Emergency firewall rule for VPN", "Roll out laptop image 2026.1", "Decommission tape library TL-2"}
		changePaths := [][]string{{"assessed", "approved", "scheduled"}, {"assessed", "approved", "scheduled", "implemented", "closed"},
			{"assessed"}, {}, {"assessed", "rejected"}}
		for i, title := range changeTitles {
			ctype := []string{"normal", "normal", "normal", "normal", "normal", "normal", "normal", "emergency", "normal", "normal"}[i]
			start := now.Add(time.Duration(i-4) * 3 * day).Truncate(time.Hour)
			r, err := t.Create("change", map[string]any{
				"title": title, "change_type": ctype, "risk": []string{"low", "medium", "high"}[i%3],
				"service": svcIDs[(i*3)%len(services)], "cis": []any{ciIDs[(i*5)%len(ciIDs)]},
				"requester": people[i%len(people)], "planned_start": start.UTC().Format(time.RFC3339),
				"planned_end": start.Add(2 * time.Hour).UTC().Format(time.RFC3339), "outage": "30m",
				"rollout_plan": "Follow the runbook; verify service after rollout.", "backout_plan": "Restore the previous configuration from backup.",
				"cost": fmt.Sprintf("%d.00 EUR", 500*(i+1)), "approved_by": "Change advisory board",
				"approved_on": now.Add(-time.Duration(30-i) * day).Format("2006-01-02"),
			}, ago(time.Duration(30-i)*day))
			if err != nil {
				return err
			}
			for j, st := range changePaths[i%len(changePaths)] {
				if _, err := t.Move("change", r.ID, st, ago(time.Duration(30-i-j)*day-time.Hour)); err != nil {
					return err
				}
			}
		}
		policies := []struct{ title, kind, state string }{
			{"Service management policy", "sms", "approved"}, {"Change management policy", "change", "approved"},
			{"Information security policy", "security", "approved"}, {"Service continuity policy", "continuity", "draft"},
			{"Supplier management policy", "supplier", "draft"}, {"Release and deployment policy", "release", "approved"},
		}
		for i, p := range policies {
			r, err := t.Create("policy", map[string]any{
				"title": p.title, "policy_type": p.kind, "version": fmt.Sprintf("1.%d", i), "owner": people[i%len(people)],
				"review_due": now.AddDate(0, 3*i-4, 0).Format("2006-01-02"),
				"body":       "Purpose, scope, roles and commitments of the " + p.title + ".",
			}, ago(200*day))
			if err != nil {
				return err
			}
			path := map[string][]string{"approved": {"approved"}}[p.state]
			for j, st := range path {
				in := map[string]any{}
				if st == "approved" {
					in = map[string]any{"approved_by": "Board of directors", "approved_on": now.Add(-time.Duration(190-j) * day).Format("2006-01-02")}
				}
				if len(in) > 0 {
					if _, err := t.Update("policy", r.ID, in, ago(time.Duration(190-j)*day)); err != nil {
						return err
					}
				}
				if _, err := t.Move("policy", r.ID, st, ago(time.Duration(190-j)*day)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func firstCI(service int) int {
	for i, s := range ciService {
		if s == service {
			return i
		}
	}
	return -1
}
