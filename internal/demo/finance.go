package demo

import (
	"fmt"
	"time"
)

// afterTickets does what had to wait until the tickets were written: the retired service's SLA
// is retired (its tickets ran their clocks on it while it was agreed).
func (f *filler) afterTickets() error {
	fax := f.service("FAX")
	retired := f.workHour(f.rng("retire"), f.ago(200))
	fax.retiredAt = day(retired)
	return f.write(
		continueRec("sla", fax.slaID, retired).move(retired, "retired", "service retired"),
		continueRec("service", fax.id, retired).move(retired.Add(time.Hour), "retired", "last customer moved to e-mail and Teams telephony"),
	)
}

// supplierReviews writes the reviews of the suppliers, half-yearly for the critical ones and
// yearly for the others; their SLA compliance is computed from the tickets.
func (f *filler) supplierReviews() error {
	rng := f.rng("supplier-reviews")
	type sup struct {
		key      string
		contract func(end time.Time) string
		yearly   bool
	}
	hw := func(end time.Time) string {
		if end.Before(som(f.ago(400)).AddDate(0, 1, 0)) {
			return "hw-old"
		}
		return "hw"
	}
	list := []sup{
		{"rhein", func(time.Time) string { return "colo" }, false},
		{"baltic", func(time.Time) string { return "wan" }, false},
		{"cloudway", func(time.Time) string { return "m365" }, false},
		{"vaultline", func(time.Time) string { return "backup" }, false},
		{"erpsys", func(time.Time) string { return "erp" }, false},
		{"nordstern", hw, true},
		{"secureops", func(time.Time) string { return "soc" }, true},
		{"helix", func(time.Time) string { return "payroll" }, true},
	}
	var recs []*rec
	for _, s := range list {
		for y := f.t0.Year(); y <= f.now.Year(); y++ {
			for h := 0; h < 2; h++ {
				if s.yearly && h == 0 {
					continue
				}
				start := time.Date(y, time.Month(1+6*h), 1, 0, 0, 0, 0, time.UTC)
				if s.yearly {
					start = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
				}
				end := time.Date(y, time.Month(7+6*h), 0, 0, 0, 0, 0, time.UTC)
				if start.Before(f.t0) || start.After(f.now) {
					continue
				}
				reviewed := f.workHour(rng, end.Add(days(float64(12+rng.IntN(20)))))
				score := int64(3 + rng.IntN(3))
				findings := "Service levels met; reports on time; no escalations."
				actions := "None."
				if s.key == "baltic" && y == f.now.Year()-1 {
					score = 2
					findings = "Two WAN outages of more than 4 hours at the Warsaw office; the carrier's fault report came late."
					actions = "Service credits claimed; carrier to add a second fibre path to Warsaw; monthly service review meetings until the end of the contract."
				}
				in := map[string]any{"title": fmt.Sprintf("%s review %s", f.suppliers[s.key].name, halfName(start, end)),
					"supplier": f.suppliers[s.key].id, "contract": f.id("contract:" + s.contract(end)),
					"period_start": day(start), "period_end": day(end), "reviewer": supplierMgr}
				if end.After(f.now) {
					// The review of the current period is planned.
					recs = append(recs, newRec("supplierreview", f.workHour(rng, f.ago(10)), in))
					continue
				}
				r := newRec("supplierreview", f.workHour(rng, end.Add(-days(20))), in)
				if reviewed.Before(f.now) {
					r.then(reviewed, map[string]any{"reviewed_on": day(reviewed), "score": score, "findings": findings, "actions": actions}, "done")
				}
				recs = append(recs, r)
			}
		}
	}
	return f.write(recs...)
}

func halfName(start, end time.Time) string {
	if end.Sub(start) > days(200) {
		return fmt.Sprint(start.Year())
	}
	return fmt.Sprintf("%d-H%d", start.Year(), (int(start.Month())-1)/6+1)
}

var costLabels = map[string]string{"staff": "staff", "hardware": "hardware", "software": "software and licences", "cloud": "cloud and hosting",
	"supplier": "supplier services", "facilities": "facilities", "other": "other costs"}

// finance writes the budget lines per service and year and the monthly costs.
func (f *filler) finance() error {
	rng := f.rng("finance")
	y := f.now.Year()
	var recs []*rec
	budget := func(s *service, year int, title, cat string, amount float64, notes string) {
		created := f.clamp(time.Date(year-1, 11, 10, 9, 0, 0, 0, time.UTC))
		approved := f.clamp(time.Date(year-1, 12, 12, 11, 0, 0, 0, time.UTC))
		in := map[string]any{"title": title, "period": fmt.Sprint(year), "amount": eur(amount), "category": cat, "owner": finance, "notes": notes}
		if cat == "capex" {
			in["covers"] = []any{"hardware"} // the investment takes the hardware; the operating line the rest
		}
		if s != nil {
			in["service"] = s.id
			in["owner"] = s.owner
		}
		r := newRec("budget", created, in)
		if year <= y {
			r.move(approved, "approved", "approved by the managing director")
		}
		if year < y {
			r.move(f.clamp(time.Date(year+1, 2, 15, 10, 0, 0, 0, time.UTC)), "closed", "year closed, actuals booked")
		}
		recs = append(recs, r.until(f.now))
	}
	for _, s := range f.services {
		for year := y - 1; year <= y+1; year++ {
			switch {
			case year > y && f.now.Month() < 10,
				s.state == "pipeline" && year < y,
				s.state == "retired" && year > y-1:
				continue
			}
			growth := 1 + 0.04*float64(year-(y-1))
			amount := float64(int(s.budget*growth/1000)) * 1000
			budget(s, year, fmt.Sprintf("%s operating budget %d", s.name, year), "opex", amount, "Staff, licences, hosting and supplier costs of the service.")
		}
	}
	budget(f.service("NET"), y, fmt.Sprintf("Core network refresh %d", y), "capex", 180000, "Replacement of the core switches and firewalls of FRA1.")
	budget(f.service("BKP"), y-1, fmt.Sprintf("Backup appliance replacement %d", y-1), "capex", 95000, "New backup repository servers.")
	budget(f.service("K8S"), y, fmt.Sprintf("Kubernetes platform build %d", y), "capex", 120000, "Hardware and engineering for the new platform.")
	budget(nil, y-1, fmt.Sprintf("SMS certification and audits %d", y-1), "opex", 26000, "Certification audit, internal audit training, tooling.")
	budget(nil, y, fmt.Sprintf("SMS surveillance audit and improvement %d", y), "opex", 22000, "Surveillance audit, supplier audits, improvement programme.")
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]

	contractOf := map[string]string{"cloudway": "m365", "erpsys": "erp", "baltic": "wan", "vaultline": "backup", "helix": "payroll", "printfleet": "print-old", "telefax": "fax"}
	cats := []string{"staff", "cloud", "supplier", "hardware", "software", "facilities", "other"}
	first := time.Date(f.now.Year(), f.now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -24, 0)
	invoice := 0
	for m := 0; m < 24; m++ {
		month := first.AddDate(0, m, 0)
		last := month.AddDate(0, 1, -1)
		for _, s := range f.services {
			if s.state == "retired" && last.After(f.ago(200)) || s.state == "pipeline" && last.Before(f.ago(96)) {
				continue
			}
			monthly := s.budget / 12 * (0.85 + 0.3*rng.Float64())
			for k := 0; k < f.scale; k++ {
				cat := s.costCat
				if k > 0 {
					cat = cats[(k-1)%len(cats)]
				}
				amount := monthly / float64(f.scale)
				invoice++
				in := map[string]any{"title": fmt.Sprintf("%s: %s %s", s.name, costLabels[cat], month.Format("January 2006")), "service": s.id,
					"incurred_on": day(last), "amount": eur(float64(int(amount*100)) / 100), "category": cat,
					"invoice": fmt.Sprintf("INV-%s-%05d", month.Format("200601"), invoice)}
				if s.supplier != "" && (cat == s.costCat || cat == "supplier") {
					in["supplier"] = f.suppliers[s.supplier].id
					if key, ok := contractOf[s.supplier]; ok {
						in["contract"] = f.id("contract:" + key)
					}
				}
				booked := f.clamp(f.workHour(rng, last.Add(days(float64(2+rng.IntN(8))))))
				recs = append(recs, newRec("cost", booked, in))
			}
		}
		if len(recs) > opsPerTx {
			if err := f.write(recs...); err != nil {
				return err
			}
			recs = recs[:0]
		}
	}
	// The investments of the year, invoiced as hardware: the budget report charges them to the
	// investment lines, which take hardware, never to the operating lines too.
	for _, inv := range []struct {
		code  string
		month time.Month
		what  string
		eur   float64
	}{
		{"NET", 3, "core switches FRA1", 61250}, {"NET", 6, "firewall cluster FRA1", 48900}, {"NET", 9, "access switches", 22400},
		{"K8S", 2, "platform servers", 54300}, {"K8S", 5, "platform storage", 31800},
	} {
		at := time.Date(y, inv.month+1, 0, 0, 0, 0, 0, time.UTC) // the month's last day
		if at.After(f.now) {
			continue
		}
		s := f.service(inv.code)
		invoice++
		recs = append(recs, newRec("cost", f.clamp(at.Add(days(3))), map[string]any{"title": fmt.Sprintf("%s: %s", s.name, inv.what), "service": s.id,
			"incurred_on": day(at), "amount": eur(inv.eur), "category": "hardware", "invoice": fmt.Sprintf("INV-%s-%05d", at.Format("200601"), invoice)}))
	}
	return f.write(recs...)
}

// assurance writes the capacity, availability and continuity plans and the continuity tests.
func (f *filler) assurance() error {
	rng := f.rng("assurance")
	y := f.now.Year()
	q := (int(f.now.Month())-1)/3 + 1
	lastQ := fmt.Sprintf("%d-Q%d", y, q-1)
	if q == 1 {
		lastQ = fmt.Sprintf("%d-Q4", y-1)
	}
	var recs []*rec
	capacity := []struct {
		svc           string
		util          float64
		demand, plans string
	}{
		{"ERP", 86, "Two new warehouses of Fabrikam from the second quarter; 15 % more users.", "Add an application server (change planned); extend the database storage by 20 TB."},
		{"MAIL", 64, "Mailbox growth 2 % a month; archive moving to cold storage.", "None beyond the archive tier."},
		{"BKP", 91, "Data growth 30 % a year; the bank's retention extended to 10 years.", "Extend the repository by 100 TB; move old restore points to the vault."},
		{"NET", 58, "Video meetings raise WAN usage; two new offices.", "Upgrade the Warsaw and Lyon links."},
		{"DBS", 72, "Two new customer databases a quarter.", "Second SQL Server cluster next year."},
		{"WKP", 45, "Laptop refresh of Contoso: 600 devices.", "Temporary imaging capacity in the second half."},
		{"IAM", 38, "Stable.", "None."},
		{"K8S", 0, "Pilot customers from the next half year.", "Build the first cluster with 6 nodes."},
	}
	for i, c := range capacity {
		s := f.service(c.svc)
		in := map[string]any{"title": "Capacity plan " + s.name, "service": s.id, "horizon": "next 12 months", "threshold": 80.0,
			"demand_forecast": c.demand, "planned_actions": c.plans, "owner": capacityMgr, "review_due": day(f.ahead(float64(20 + 11*i))),
			"current_capacity": "See the monthly capacity report of the service."}
		if c.util > 0 {
			in["utilisation"] = c.util
		}
		at := f.since(30).Add(time.Duration(i) * time.Hour)
		if s.state == "pipeline" {
			at = f.workHour(rng, f.ago(50))
		}
		r := newRec("capacityplan", at, in)
		if s.state != "pipeline" {
			r.move(at.Add(days(7)), "approved")
			r.set(f.workHour(rng, f.ago(float64(30+rng.IntN(40)))), map[string]any{"utilisation": c.util})
		}
		recs = append(recs, r)
	}
	for i, s := range f.services {
		if s.state != "live" {
			continue
		}
		measured := s.avail + 0.02 + rng.Float64()*0.05
		if s.code == "NET" {
			measured = 99.87
		}
		if measured > 100 {
			measured = 99.99
		}
		measured = float64(int(measured*100)) / 100
		in := map[string]any{"title": "Availability plan " + s.name, "service": s.id, "target": s.avail, "measured": measured, "period": lastQ,
			"risks": "Single points of failure listed in the CMDB impact analysis; supplier outages.", "measures": "Redundant hosts and links; monitoring with 1-minute checks; maintenance windows agreed with the customers.",
			"owner": capacityMgr, "review_due": day(f.ahead(float64(40 + 7*i)))}
		at := f.since(32).Add(time.Duration(i) * time.Hour)
		recs = append(recs, newRec("availabilityplan", at, in).move(at.Add(days(5)), "approved"))
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]

	svcIDs := func(codes ...string) []any {
		var out []any
		for _, c := range codes {
			out = append(out, f.service(c).id)
		}
		return out
	}
	plans := []struct {
		key, title, scenario string
		codes                []string
		rto, rpo             string
	}{
		{"dc", "Loss of the Frankfurt data centre", "Fire, power or cooling loss at FRA1: services restored at the Berlin recovery site.", []string{"ERP", "MAIL", "DBS", "PAY", "WEB"}, "8h", "4h"},
		{"ransomware", "Ransomware attack", "Encryption of servers and backups on disk: restore from the immutable offsite vault.", []string{"ERP", "MAIL", "BKP", "IAM", "DBS"}, "24h", "24h"},
		{"wan", "Loss of the WAN carrier", "Carrier-wide outage: sites switch to internet VPN and LTE backup.", []string{"NET"}, "4h", "0m"},
		{"desk", "Loss of the service desk site", "Office unusable or pandemic: agents work from home with softphones.", []string{"DESK"}, "4h", "0m"},
		{"payroll", "Payroll run failure", "Payroll cannot run on the agreed day: emergency run at the recovery site or advance payments.", []string{"PAY"}, "1d", "1d"},
	}
	for i, p := range plans {
		in := map[string]any{"title": p.title, "services": svcIDs(p.codes...), "scenario": p.scenario, "rto": p.rto, "rpo": p.rpo,
			"invocation":     "The incident manager proposes invocation; the continuity manager or the managing director decides.",
			"recovery_steps": "1. Declare the continuity event. 2. Inform the customers. 3. Recover in the order of the service priorities. 4. Check the services with the key users. 5. Return to normal operation.",
			"contacts":       "Continuity manager Henrik Sørensen; managing director Karin Hoffmann; service desk lead Tom Øresund.",
			"owner":          continuityMgr, "review_due": day(f.ahead(float64(25 + 30*i)))}
		at := f.since(40).Add(time.Duration(i) * time.Hour)
		recs = append(recs, newRec("continuityplan", at, in).move(at.Add(days(10)), "approved").into(f.idOf("bcp:"+p.key)))
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]
	tests := []struct {
		plan, title, typ, result, lessons string
		ago                               float64
		rto                               string
	}{
		{"dc", "Failover of ERP to the Berlin recovery site", "failover", "passed_with_issues", "Recovery took 9 hours against 8: DNS changes had to be made by hand. Automated the DNS switch.", 560, "9h"},
		{"dc", "Failover test of the mail platform", "simulation", "passed", "Within the RTO; runbook updated with the new hosts.", 420, "3h"},
		{"dc", "Yearly failover of ERP and payroll", "failover", "passed", "ERP back in 6 hours; the automated DNS switch worked.", 150, "6h"},
		{"ransomware", "Tabletop: ransomware on the hypervisor cluster", "tabletop", "passed", "Decision path clear; contact list of the customers' security officers was outdated.", 500, ""},
		{"ransomware", "Restore of the ERP database from the immutable vault", "simulation", "failed", "Restore stopped after 14 hours: the vault's download bandwidth was throttled. Bandwidth raised with Vaultline; retest planned.", 300, "14h"},
		{"ransomware", "Retest: restore of the ERP database from the vault", "simulation", "passed", "Restore in 7 hours after the bandwidth change.", 255, "7h"},
		{"wan", "Carrier outage simulation at the Warsaw office", "simulation", "passed", "LTE backup took over in 2 minutes.", 380, "2m"},
		{"wan", "WAN failover walkthrough with Baltic Fibre", "walkthrough", "passed", "Escalation contacts confirmed.", 90, ""},
		{"desk", "Service desk working from home for a day", "simulation", "passed", "Call quality fine; two agents lacked headsets.", 470, "1h"},
		{"payroll", "Emergency payroll run at the recovery site", "simulation", "passed", "Run completed in 3 hours.", 330, "3h"},
	}
	for _, t := range tests {
		performed := f.workHour(rng, f.ago(t.ago))
		in := map[string]any{"title": t.title, "plan": f.id("bcp:" + t.plan), "test_type": t.typ, "planned_on": day(performed.Add(-days(14)))}
		set := map[string]any{"performed_on": day(performed), "result": t.result, "lessons": t.lessons}
		if t.rto != "" {
			set["rto_achieved"] = t.rto
		}
		recs = append(recs, newRec("continuitytest", performed.Add(-days(30)), in).then(performed.Add(4*time.Hour), set, "done"))
	}
	next := f.workHour(rng, f.ahead(24))
	recs = append(recs, newRec("continuitytest", f.workHour(rng, f.ago(20)), map[string]any{"title": "Tabletop: loss of the service desk site during the peak season",
		"plan": f.id("bcp:desk"), "test_type": "tabletop", "planned_on": day(next)}))
	recs = append(recs, newRec("continuitytest", f.workHour(rng, f.ago(60)), map[string]any{"title": "Ransomware tabletop with the bank's security team",
		"plan": f.id("bcp:ransomware"), "test_type": "tabletop", "planned_on": day(f.ahead(40))}))
	return f.write(recs...)
}
