package demo

import (
	"fmt"
	"strings"
	"time"

	"smsworkbench/internal/store"
)

// governance writes the risks and controls, objectives, customer feedback, the audit
// programme with its findings and nonconformities, the management reviews and their actions,
// and the improvements.
func (f *filler) governance() error {
	for _, section := range []func() error{f.controlsAndRisks, f.feedback, f.objectives, f.audits, f.managementReviews, f.improvements} {
		if err := section(); err != nil {
			return err
		}
	}
	return nil
}

func (f *filler) controlsAndRisks() error {
	rng := f.rng("risks")
	controls := []struct {
		id, title, cat, owner, eff, state, justification string
	}{
		{"A.5.1", "Policies for information security", "organisational", ciso, "effective", "implemented", ""},
		{"A.5.15", "Access control", "organisational", "Lena Berg", "effective", "implemented", ""},
		{"A.5.19", "Information security in supplier relationships", "organisational", supplierMgr, "partial", "implemented", ""},
		{"A.5.23", "Information security for use of cloud services", "organisational", ciso, "effective", "implemented", ""},
		{"A.5.24", "Incident management planning and preparation", "organisational", deskLead, "effective", "implemented", ""},
		{"A.5.29", "Information security during disruption", "organisational", continuityMgr, "effective", "implemented", ""},
		{"A.5.30", "ICT readiness for business continuity", "organisational", continuityMgr, "partial", "implemented", ""},
		{"A.6.3", "Information security awareness, education and training", "people", ciso, "partial", "implemented", ""},
		{"A.7.4", "Physical security monitoring", "physical", continuityMgr, "effective", "implemented", ""},
		{"A.7.11", "Supporting utilities", "physical", continuityMgr, "effective", "implemented", ""},
		{"A.8.5", "Secure authentication", "technological", "Lena Berg", "effective", "implemented", ""},
		{"A.8.7", "Protection against malware", "technological", "Sam Okafor", "effective", "implemented", ""},
		{"A.8.8", "Management of technical vulnerabilities", "technological", "Jonas Becker", "partial", "implemented", ""},
		{"A.8.9", "Configuration management", "technological", changeManager, "partial", "implemented", ""},
		{"A.8.13", "Information backup", "technological", "Priya Nair", "effective", "implemented", ""},
		{"A.8.14", "Redundancy of information processing facilities", "technological", "Jonas Becker", "effective", "implemented", ""},
		{"A.8.15", "Logging", "technological", ciso, "effective", "implemented", ""},
		{"A.8.16", "Monitoring activities", "technological", "Emre Demir", "effective", "implemented", ""},
		{"A.8.20", "Networks security", "technological", changeManager, "effective", "implemented", ""},
		{"A.8.32", "Change management", "technological", changeManager, "effective", "implemented", ""},
		{"A.8.12", "Data leakage prevention", "technological", ciso, "not_tested", "planned", ""},
		{"A.8.28", "Secure coding", "technological", ciso, "", "not_applicable", "Northwind develops no software of its own; the applications it hosts are the customers' or the vendors'."},
	}
	var recs []*rec
	for i, c := range controls {
		in := map[string]any{"title": c.title, "control_id": c.id, "category": c.cat, "owner": c.owner,
			"description": fmt.Sprintf("%s (ISO/IEC 27001:2022 Annex A %s) as applied to the managed services.", c.title, c.id)}
		at := f.since(28).Add(time.Duration(i) * 10 * time.Minute)
		r := newRec("securitycontrol", at, in).into(f.idOf("control:" + c.id))
		switch c.state {
		case "implemented":
			tested := f.workHour(rng, f.ago(float64(20+rng.IntN(300))))
			r.move(at.Add(days(3)), "implemented")
			r.set(tested, map[string]any{"effectiveness": c.eff, "last_tested": day(tested)})
		case "planned":
			r.set(at.Add(days(3)), map[string]any{"effectiveness": c.eff})
		case "not_applicable":
			r.then(at.Add(days(3)), map[string]any{"justification": c.justification}, "not_applicable")
		}
		recs = append(recs, r)
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]
	risks := []struct {
		key, title, cat, svc, owner string
		l, i                        int64
		treat                       string
		controls                    []string
		rl, ri                      int64
		state                       string
		desc                        string
	}{
		{"dc", "Loss of the Frankfurt data centre", "continuity", "ERP", continuityMgr, 2, 5, "reduce", []string{"A.5.30", "A.8.14", "A.7.11"}, 1, 4, "monitored", "Fire, flooding or long power loss at FRA1 stops all hosted services."},
		{"ransomware", "Ransomware encrypts servers and backups", "security", "BKP", ciso, 3, 5, "reduce", []string{"A.8.7", "A.8.13", "A.8.8", "A.8.5"}, 2, 4, "monitored", "Malware spreads through the hypervisor management network and deletes the backups on disk."},
		{"carrier", "Outage of the WAN carrier", "supplier", "NET", changeManager, 3, 4, "reduce", []string{"A.8.14", "A.5.19"}, 2, 3, "monitored", "Single carrier for all MPLS links."},
		{"wan-contract", "WAN contract renewed automatically at list price", "financial", "NET", supplierMgr, 4, 3, "reduce", nil, 2, 2, "treating", "The WAN contract is in its notice period; without notice it renews for 12 months at list price."},
		{"hw-contract", "Core hardware without maintenance cover", "supplier", "NET", supplierMgr, 3, 4, "reduce", []string{"A.5.19"}, 1, 4, "treating", "The hardware maintenance contract has ended; a failed core switch would wait for a purchase order."},
		{"key-staff", "Loss of key ERP staff", "service", "ERP", "Zofia Łódź", 3, 4, "reduce", nil, 2, 3, "treating", "Two engineers hold most of the ERP knowledge."},
		{"phishing", "Credential theft by phishing", "security", "MAIL", ciso, 4, 4, "reduce", []string{"A.6.3", "A.8.5", "A.8.7"}, 2, 3, "monitored", "Users enter their credentials on fake login pages."},
		{"privileged", "Misuse of privileged accounts", "security", "IAM", "Lena Berg", 2, 5, "reduce", []string{"A.5.15", "A.8.5", "A.8.15"}, 1, 4, "monitored", "Administrators with standing rights on all customer systems."},
		{"vuln", "Unpatched vulnerabilities on internet-facing systems", "security", "WEB", "Jonas Becker", 3, 4, "reduce", []string{"A.8.8", "A.8.16", "A.8.20"}, 2, 3, "monitored", "Patches of the web platform lag behind by more than 30 days."},
		{"capacity-bkp", "Backup repository full", "service", "BKP", capacityMgr, 4, 3, "reduce", []string{"A.8.13"}, 2, 2, "treating", "Data growth of 30 % a year; repository at 91 %."},
		{"capacity-erp", "ERP performance at month-end", "service", "ERP", capacityMgr, 3, 3, "reduce", nil, 2, 2, "treating", "Month-end batch runs close to the cut-off time."},
		{"supplier-erp", "ERP vendor ends support of the release", "supplier", "ERP", supplierMgr, 2, 4, "reduce", []string{"A.5.19"}, 1, 3, "monitored", "Support of release 11 ends in two years."},
		{"regulation", "New regulatory requirements of the financial customers", "compliance", "", smsManager, 4, 3, "reduce", nil, 2, 2, "treating", "DORA obligations passed on by the bank and the insurer: register, exit plans, incident reporting."},
		{"gdpr", "Personal data breach at a customer", "compliance", "", ciso, 2, 5, "reduce", []string{"A.5.24", "A.8.12", "A.8.15"}, 2, 4, "monitored", "Breach of personal data processed for the customers; 72-hour notification."},
		{"power", "Power failure at the Berlin recovery site", "continuity", "", continuityMgr, 2, 3, "accept", []string{"A.7.11"}, 2, 3, "monitored", "The recovery site has a UPS but no generator; accepted for its role."},
		{"price", "Energy prices raise the colocation costs", "financial", "", finance, 4, 2, "transfer", nil, 3, 1, "monitored", "Energy surcharges passed on by the colocation provider; contracts with the customers index them."},
		{"desk-peak", "Service desk overloaded in the peak season", "service", "DESK", deskLead, 4, 3, "reduce", nil, 3, 2, "treating", "Contoso's peak season doubles the calls in November and December."},
		{"cmdb", "CMDB out of date after changes", "sms", "", changeManager, 3, 3, "reduce", []string{"A.8.9"}, 2, 2, "treating", "Impact analysis misses items when changes do not update the CMDB."},
		{"certificates", "Expired certificates stop services", "service", "WEB", "Luca Bianchi", 3, 3, "reduce", []string{"A.8.16"}, 1, 3, "monitored", "Certificates renewed by hand are forgotten."},
		{"insider", "Insider copies customer data", "security", "", ciso, 1, 5, "reduce", []string{"A.8.12", "A.8.15", "A.6.3"}, 1, 4, "assessed", "Staff with access to customer data take it when they leave."},
		{"cloud-region", "Outage of the cloud region of Microsoft 365", "supplier", "MAIL", "Ana Müller", 2, 4, "accept", []string{"A.5.23"}, 2, 4, "monitored", "Accepted: outside our control, covered by the supplier's resilience."},
		{"skills-k8s", "Lack of Kubernetes skills for the new platform", "service", "K8S", "Emre Demir", 4, 3, "", nil, 0, 0, "identified", "Only one engineer has run Kubernetes in production."},
		{"fax-exit", "Fax numbers lost when the service ends", "service", "FAX", "Henrik Sørensen", 3, 2, "avoid", nil, 1, 1, "closed", "Closed when the numbers were ported to the customers."},
		{"audit-readiness", "Surveillance audit finds the SMS not maintained", "sms", "", smsManager, 2, 4, "reduce", nil, 1, 3, "assessed", "Nonconformities from the internal audit still open."},
		{"crypto", "Weak encryption on legacy interfaces", "security", "PAY", ciso, 2, 3, "", []string{"A.8.20"}, 0, 0, "identified", "Time recording terminals send data with TLS 1.0."},
	}
	for i, k := range risks {
		at := f.since(30).Add(time.Duration(i) * 15 * time.Minute)
		switch k.key {
		case "wan-contract", "hw-contract":
			at = f.workHour(rng, f.ago(float64(30+rng.IntN(20))))
		case "skills-k8s":
			at = f.workHour(rng, f.ago(80))
		case "crypto":
			at = f.workHour(rng, f.ago(12))
		}
		in := map[string]any{"title": k.title, "description": k.desc, "category": k.cat, "owner": k.owner, "likelihood": k.l, "impact": k.i}
		if k.svc != "" {
			in["service"] = f.service(k.svc).id
		}
		r := newRec("risk", at, in).into(f.idOf("risk:" + k.key))
		if k.state != "identified" {
			set := map[string]any{"review_due": day(f.ahead(float64(10 + rng.IntN(170))))}
			if k.treat != "" {
				set["treatment"] = k.treat
				set["treatment_plan"] = "See the controls and the actions linked to the risk."
			}
			var ctl []any
			for _, c := range k.controls {
				ctl = append(ctl, f.id("control:"+c))
			}
			if len(ctl) > 0 {
				set["controls"] = ctl
			}
			r.then(at.Add(days(4)), set, "assessed")
			switch k.state {
			case "treating":
				r.move(at.Add(days(6)), "treating")
			case "monitored":
				r.move(at.Add(days(6)), "treating")
				r.then(at.Add(days(float64(60+rng.IntN(120)))), map[string]any{"residual_likelihood": k.rl, "residual_impact": k.ri}, "monitored")
			case "closed":
				r.move(at.Add(days(6)), "treating")
				r.then(f.ago(190), map[string]any{"residual_likelihood": k.rl, "residual_impact": k.ri}, "closed", "numbers ported, service retired")
			}
		}
		recs = append(recs, r.until(f.now))
	}
	return f.write(recs...)
}

// feedback writes the satisfaction surveys and the complaints.
func (f *filler) feedback() error {
	rng := f.rng("feedback")
	var recs []*rec
	for ci, c := range f.customers {
		if c.inactive || c.typ == "internal" {
			continue
		}
		for y := f.t0.Year(); y <= f.now.Year(); y++ {
			for _, m := range []time.Month{6, 12} {
				at := f.workHour(rng, time.Date(y, m, 10, 0, 0, 0, 0, time.UTC))
				if at.Before(f.since(10)) || at.After(f.now) {
					continue
				}
				score := 3.7 + rng.Float64()*0.9
				if ci == 4 && m == 12 {
					score = 3.2 + rng.Float64()*0.3
				}
				in := map[string]any{"title": fmt.Sprintf("Satisfaction survey %s %s", strings.Fields(c.name)[0], at.Format("2006-01")), "customer": c.id,
					"surveyed_on": day(at), "score": float64(int(score*10)) / 10, "respondents": int64(8 + rng.IntN(60)),
					"comments": pick(rng, []string{"Friendly and competent service desk; changes announced too late.", "Good availability; reports hard to read.",
						"Fast help on site; portal slow.", "Outage during the campaign hurt; otherwise good.", "Very satisfied with the ERP team."})}
				if score < 3.6 {
					in["follow_up"] = "Account manager meeting with the customer; improvement actions agreed."
				}
				recs = append(recs, newRec("satisfaction", at.Add(days(5)), in))
			}
		}
	}
	complaints := []struct {
		cust                            int
		svc, title, desc, channel, resp string
		ago                             float64
		state                           string
		satisfied                       bool
	}{
		{0, "DESK", "Slow response during the outage on the first peak Saturday", "Stores waited 40 minutes on the phone while the tills were down.", "phone",
			"Apologised; weekend staffing raised for the peak season; call-back option added.", 360, "closed", true},
		{3, "NET", "Late notification of the WAN outage", "The bank learned about the outage from its branch, not from us, and could not report it to the supervisor within 4 hours.", "email",
			"Notification procedure revised; the bank is now on the major incident distribution list.", 240, "closed", false},
		{1, "ERP", "EDI orders lost twice in one week", "Orders of two key partners were not processed.", "meeting",
			"Root cause found in the partner certificate handling; monitoring of the EDI queue added.", 150, "closed", true},
		{4, "WEB", "Web shop down during the spring campaign", "The shop returned errors for 50 minutes at the start of the campaign.", "email",
			"Caused by a plugin update; campaign freeze periods agreed for future campaigns.", 70, "responded", false},
		{2, "DESK", "Monthly SLA report arrives late", "The report for the last two months came after the 10th working day.", "email", "", 28, "investigating", false},
		{5, "ERP", "Change implemented without our quality approval", "A patch was installed on a GxP-relevant system without the customer's approval.", "letter", "", 4, "received", false},
	}
	for i, c := range complaints {
		at := f.workHour(rng, f.ago(c.ago))
		in := map[string]any{"title": c.title, "customer": f.customers[c.cust].id, "service": f.service(c.svc).id, "received_at": ts(at),
			"channel": c.channel, "description": c.desc, "owner": f.customers[c.cust].manager}
		r := newRec("complaint", at, in).into(f.idOf(fmt.Sprintf("complaint:%d", i)))
		if c.state != "received" {
			r.move(at.Add(2*time.Hour), "investigating")
		}
		if c.state == "responded" || c.state == "closed" {
			responded := f.workHour(rng, at.Add(days(float64(5+rng.IntN(9)))))
			r.then(responded, map[string]any{"response": c.resp, "responded_on": day(responded)}, "responded")
			if c.state == "closed" {
				r.then(responded.Add(days(14)), map[string]any{"customer_satisfied": c.satisfied}, "closed")
			}
		}
		recs = append(recs, r.until(f.now))
	}
	return f.write(recs...)
}

// count is the number of records of a kind that meet the conditions.
func (f *filler) count(kind string, where ...store.Filter) (int, error) {
	p, err := f.s.List(f.ctx, kind, store.Query{Where: where, Limit: 1})
	if err != nil {
		return 0, err
	}
	return p.Total, nil
}

// share is the percentage of the records that meet the extra condition, to one decimal.
func (f *filler) share(kind string, extra store.Filter, where ...store.Filter) (float64, error) {
	all, err := f.count(kind, where...)
	if err != nil || all == 0 {
		return 0, err
	}
	some, err := f.count(kind, append(where, extra)...)
	if err != nil {
		return 0, err
	}
	return float64(some*1000/all) / 10, nil
}

func (f *filler) objectives() error {
	rng := f.rng("objectives")
	yearAgo := store.Filter{Field: "resolved_at", Op: ">=", Value: ts(f.ago(365))}
	incSLA, err := f.share("incident", store.Filter{Field: "sla_state", Op: "=", Value: "met"}, yearAgo, store.Filter{Field: "sla_state", Op: "!=", Value: ""})
	if err != nil {
		return err
	}
	reqSLA, err := f.share("request", store.Filter{Field: "sla_state", Op: "=", Value: "met"}, yearAgo, store.Filter{Field: "sla_state", Op: "!=", Value: ""})
	if err != nil {
		return err
	}
	changes, err := f.share("change", store.Filter{Field: "outcome", Op: "=", Value: "successful"},
		store.Filter{Field: "planned_start", Op: ">=", Value: ts(f.ago(365))}, store.Filter{Field: "outcome", Op: "!=", Value: ""})
	if err != nil {
		return err
	}
	majors, err := f.count("incident", store.Filter{Field: "major", Op: "=", Value: "true"}, store.Filter{Field: "opened_at", Op: ">=", Value: ts(f.ago(91))})
	if err != nil {
		return err
	}
	surveys, err := f.s.List(f.ctx, "satisfaction", store.Query{Where: []store.Filter{{Field: "surveyed_on", Op: ">=", Value: day(f.ago(365))}}, Limit: -1})
	if err != nil {
		return err
	}
	satisfaction := 0.0
	for _, r := range surveys.Records {
		satisfaction += r.Values["score"].(float64) / float64(len(surveys.Records))
	}
	satisfaction = float64(int(satisfaction*10+0.5)) / 10
	lateComplaints := 0
	complaints, err := f.s.List(f.ctx, "complaint", store.Query{Where: []store.Filter{{Field: "received_at", Op: "<", Value: ts(f.ago(30))}}, Limit: -1})
	if err != nil {
		return err
	}
	for _, r := range complaints.Records {
		if r.Status != "closed" {
			lateComplaints++
		}
	}
	objectives := []struct {
		title, measure, unit, dir string
		target, actual            float64
		svc                       string
		owner                     string
		closed                    bool
	}{
		{"Incidents resolved within their SLA", "share of the incidents resolved in the last 12 months that met their SLA", "%", "higher", 95, incSLA, "", deskLead, false},
		{"Requests fulfilled within their SLA", "share of the requests fulfilled in the last 12 months that met their SLA", "%", "higher", 92, reqSLA, "", deskLead, false},
		{"Successful changes", "share of the changes of the last 12 months implemented successfully", "%", "higher", 95, changes, "", changeManager, false},
		{"Availability of ERP hosting", "monthly availability of the ERP application, averaged over the last quarter", "%", "higher", 99.9, 99.94, "ERP", "Zofia Łódź", false},
		{"Customer satisfaction", "average score of the half-yearly surveys of the last 12 months", "score (1-5)", "higher", 4.2, satisfaction, "", smsManager, false},
		{"Major incidents per quarter", "major incidents opened in the last 3 months", "incidents", "lower", 2, float64(majors), "", deskLead, false},
		{"Complaints open longer than 30 days", "complaints not closed 30 days after receipt", "complaints", "lower", 0, float64(lateComplaints), "", smsManager, false},
		{"Staff trained in the SMS", "share of staff who completed the SMS awareness training this year", "%", "higher", 90, 86, "", smsManager, false},
		{"ISO/IEC 20000-1 certification", "certificate issued by the certification body", "certificate", "higher", 1, 1, "", director, true},
	}
	var recs []*rec
	for i, o := range objectives {
		at := f.since(14).Add(time.Duration(i) * 7 * time.Minute)
		in := map[string]any{"title": o.title, "measure": o.measure, "unit": o.unit, "direction": o.dir, "target": o.target, "owner": o.owner,
			"description": "Objective of the SMS plan, reported monthly to top management.", "due": day(time.Date(f.now.Year(), 12, 31, 0, 0, 0, 0, time.UTC))}
		if o.svc != "" {
			in["service"] = f.service(o.svc).id
		}
		if o.closed {
			in["due"] = day(f.since(200))
		}
		r := newRec("objective", at, in).move(at.Add(days(2)), "active")
		r.set(f.workHour(rng, f.ago(float64(3+i))), map[string]any{"actual": o.actual})
		if o.closed {
			r.steps = r.steps[:1]
			r.then(f.since(190), map[string]any{"actual": o.actual}, "closed", "certificate received")
		}
		recs = append(recs, r)
	}
	return f.write(recs...)
}

// audits writes the audit programme, its findings, the nonconformities with their corrective
// actions, and closes what the actions made good.
func (f *filler) audits() error {
	rng := f.rng("audits")
	y := f.now.Year()
	audits := []struct {
		key, title, typ, scope, lead, team, auditees string
		clauses                                      []string
		at                                           time.Time
		conclusion                                   string
		state                                        string
	}{
		{"int1", fmt.Sprintf("Internal audit %d: resolution and control processes", f.since(60).Year()), "internal", "Incident, request, problem, change and release management; service desk in Frankfurt.",
			auditor, "Chloé Dubois, Jonas Becker (trainee)", "Tom Øresund, Rui Costa, Priya Nair", []string{"8.5.1", "8.5.3", "8.6.1", "8.6.2", "8.6.3"}, f.since(60),
			"The processes are established and mostly followed. One minor nonconformity on emergency changes; one observation; one opportunity for improvement.", "closed"},
		{"cert", "Certification audit stage 2", "certification", "The whole SMS within its scope.", "Dr. Heinz Albrecht (CertaNord)", "Heinz Albrecht, Maria Lindqvist", "Top management and all process owners",
			[]string{"4.1", "4.4", "5.1", "5.2", "6.1", "6.2", "7.5", "8.1", "8.2.6", "8.3.3", "8.3.4", "8.7.2", "9.1", "9.2", "9.3", "10.1"}, f.since(150),
			"Certification recommended after the correction of two minor nonconformities.", "closed"},
		{"colo", "Supplier audit Rhein-Main Colocation", "supplier", "Physical security, power and cooling of FRA1; contract service levels.", supplierMgr, "Zofia Łódź, Henrik Sørensen", "Rhein-Main site management",
			[]string{"8.3.4", "8.3.4.1", "8.7.2"}, f.since(300), "Site well run; one observation on the review of the access list.", "closed"},
		{"int2", fmt.Sprintf("Internal audit %d: relationship, supply and continuity", y), "internal", "Supplier management, service level management, continuity, CMDB.",
			auditor, "Chloé Dubois, external auditor from the group", "Zofia Łódź, Henrik Sørensen, Rui Costa, Lena Berg",
			[]string{"5.2", "7.5", "8.2.6", "8.3.3", "8.3.4", "8.3.4.1", "8.7.2", "9.1"}, f.ago(45),
			"The SMS is maintained, but supplier and document control need attention: one major nonconformity (expired maintenance contract), two minor nonconformities, one observation and one opportunity for improvement.", "reported"},
		{"surv", fmt.Sprintf("Surveillance audit %d", y+1), "surveillance", "First surveillance audit of the certification cycle.", "Dr. Heinz Albrecht (CertaNord)", "", "",
			nil, f.ahead(75), "", "planned"},
		{"int3", fmt.Sprintf("Internal audit %d: capacity, availability and security", y+1), "internal", "Capacity, availability and information security management.", auditor, "", "",
			[]string{"8.4.2", "8.4.3", "8.7.1", "8.7.3"}, f.ahead(130), "", "planned"},
	}
	var recs []*rec
	for _, a := range audits {
		performed := f.workHour(rng, a.at)
		in := map[string]any{"title": a.title, "audit_type": a.typ, "scope": a.scope, "lead_auditor": a.lead,
			"planned_start": day(performed), "planned_end": day(performed.Add(days(2)))}
		if a.team != "" {
			in["auditors"], in["auditees"] = a.team, a.auditees
		}
		if a.state == "planned" && a.clauses != nil {
			in["clauses"] = a.clauses // the clauses it is to cover
		}
		created := f.clamp(performed.Add(-days(60)))
		if a.state == "planned" {
			created = f.workHour(rng, f.ago(30))
		}
		r := newRec("audit", created, in).into(f.idOf("audit:" + a.key))
		if a.state != "planned" {
			r.move(performed, "in_progress")
			r.then(performed.Add(days(7)), map[string]any{"clauses": a.clauses, "conclusion": a.conclusion, "performed_on": day(performed)}, "reported")
		}
		recs = append(recs, r)
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]

	type action struct {
		title, owner string
		due          time.Time
		done         time.Time // zero: not done
		checked      time.Time // zero: not checked
		ineffective  bool      // checked once and found not effective
	}
	ncs := []struct {
		key, title, source, severity, clause, desc, cause, correction string
		raised                                                        time.Time
		state                                                         string // open, analysed, action_planned, closed
		actions                                                       []action
	}{
		{"emergency", "Emergency changes closed without post-implementation review", "audit", "minor", "8.5.1.3",
			"Three of eight emergency changes sampled were closed without a review.", "The tool allowed closing an emergency change without a review; the CAB agenda had no item for reviews.",
			"The three changes were reviewed by the CAB.", f.since(67), "closed",
			[]action{{"Add emergency change reviews to the weekly CAB agenda", changeManager, f.since(100), f.since(90), f.since(160), false},
				{"Block closing emergency changes without a review in the tool", changeManager, f.since(110), f.since(105), f.since(160), false}}},
		{"continuity", "Ransomware continuity plan not tested within the year", "audit", "minor", "8.7.2",
			"The plan for ransomware had not been tested since it was written.", "Tests were planned per data centre only; the plan for ransomware had no owner for testing.",
			"A tabletop test was scheduled.", f.since(152), "closed",
			[]action{{"Test the ransomware plan with a restore from the vault", continuityMgr, f.since(260), f.ago(300), f.ago(290), true}}},
		{"objectives", "Objectives without a method of measurement", "audit", "minor", "6.2",
			"Two objectives of the SMS plan had no defined measure.", "The SMS plan template had no field for the measure.",
			"Measures defined for both objectives.", f.since(152), "closed",
			[]action{{"Record objectives with measure, target and actual in the workbench", smsManager, f.since(200), f.since(175), f.since(230), false}}},
		{"major-comms", "Customers not informed of a major incident within 30 minutes", "incident", "minor", "8.6.1",
			"During the WAN outage the bank was informed after 2 hours.", "The major incident procedure named no one for customer communication out of hours.",
			"The bank was called by the managing director.", f.ago(238), "closed",
			[]action{{"Name a communication lead in the on-call rota", deskLead, f.ago(200), f.ago(210), f.ago(150), false},
				{"Add the regulated customers to the major incident distribution list", deskLead, f.ago(210), f.ago(225), f.ago(150), false}}},
		{"hw-contract", "Hardware maintenance contract expired without renewal", "audit", "major", "8.3.4.1",
			"The maintenance contract for the core network and storage ended and was not renewed; no cover for the core switches.",
			"Contract end dates were tracked in a spreadsheet nobody owned after a staff change.", "Purchase order for time-and-material support raised.", f.ago(38), "action_planned",
			[]action{{"Renew the hardware maintenance contract", supplierMgr, f.ago(8), time.Time{}, time.Time{}, false},
				{"Track all contract end and notice dates in the workbench", supplierMgr, f.ahead(20), time.Time{}, time.Time{}, false}}},
		{"policy-review", "Service continuity policy past its review date", "audit", "minor", "7.5",
			"The continuity policy was due for review nearly a year ago.", "", "", f.ago(38), "open",
			[]action{{"Review and re-approve the service continuity policy", continuityMgr, f.ahead(30), time.Time{}, time.Time{}, false}}},
		{"cmdb", "CIs not updated after changes", "audit", "minor", "8.2.6",
			"Four of ten changes sampled did not update the CMDB.", "Updating the CMDB was not a step of the change closure.",
			"The four CIs were corrected.", f.ago(38), "action_planned",
			[]action{{"Make the CMDB update a step of closing a change", changeManager, f.ago(5), f.ago(9), time.Time{}, false}}},
		{"complaint", "Complaint response took longer than 10 working days", "complaint", "minor", "8.3.2",
			"The response to the bank's complaint took 14 working days.", "", "", f.ago(226), "open", nil},
	}
	for _, n := range ncs {
		in := map[string]any{"title": n.title, "source": n.source, "severity": n.severity, "clause": n.clause, "description": n.desc,
			"raised_on": day(n.raised), "owner": smsManager}
		if n.correction != "" {
			in["correction"] = n.correction
		}
		r := newRec("nonconformity", n.raised, in).into(f.idOf("nc:" + n.key))
		if n.state != "open" {
			r.then(n.raised.Add(days(5)), map[string]any{"root_cause": n.cause}, "analysed")
			r.move(n.raised.Add(days(7)), "action_planned")
		}
		recs = append(recs, r)
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]
	var closeNCs []*rec
	for _, n := range ncs {
		for _, a := range n.actions {
			created := n.raised.Add(days(7))
			in := map[string]any{"title": a.title, "action_type": "corrective", "nonconformity": f.id("nc:" + n.key), "owner": a.owner, "due": day(a.due),
				"description": "Corrective action for: " + n.title}
			if n.key == "hw-contract" && strings.HasPrefix(a.title, "Renew") {
				in["risk"] = f.id("risk:hw-contract")
			}
			r := newRec("action", created, in)
			if !a.done.IsZero() {
				r.move(created.Add(days(2)), "in_progress")
				if a.ineffective {
					first := a.done.Add(-days(40))
					r.then(first, map[string]any{"done_on": day(first)}, "done")
					r.set(first.Add(days(5)), map[string]any{"effectiveness_check": "Restore test failed: the vault bandwidth was throttled.", "effective": "no", "checked_by": auditor, "checked_on": day(first.Add(days(5)))})
					r.move(first.Add(days(5)), "in_progress", "not effective, act again")
				}
				r.then(a.done, map[string]any{"done_on": day(a.done)}, "done")
				if !a.checked.IsZero() {
					r.then(a.checked, map[string]any{"effectiveness_check": "Checked by sampling the records of the following months: no recurrence.",
						"effective": "yes", "checked_by": auditor, "checked_on": day(a.checked)}, "verified")
				}
			} else if a.due.Before(f.now) {
				r.move(created.Add(days(3)), "in_progress")
			}
			recs = append(recs, r.until(f.now))
		}
		if n.state == "closed" {
			last := n.raised
			for _, a := range n.actions {
				if a.checked.After(last) {
					last = a.checked
				}
			}
			closeNCs = append(closeNCs, continueRec("nonconformity", f.id("nc:"+n.key), last).move(last.Add(days(1)), "closed", "actions effective"))
		}
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	if err := f.write(closeNCs...); err != nil {
		return err
	}
	recs = recs[:0]
	findings := []struct {
		audit, title, grade, clause, nc, evidence string
	}{
		{"int1", "Emergency changes closed without review", "minor", "8.5.1.3", "emergency", "CHG sample of the quarter: 3 of 8 emergency changes without review."},
		{"int1", "Incident categories used inconsistently", "observation", "8.6.1", "", "Similar incidents in different categories."},
		{"int1", "Supplier reviews could use the SLA figures", "ofi", "8.3.4.1", "", "Supplier reviews rely on the supplier's own reports."},
		{"cert", "Ransomware plan not tested", "minor", "8.7.2", "continuity", "No test record for the ransomware plan."},
		{"cert", "Objectives without measurement method", "minor", "6.2", "objectives", "SMS plan, objectives 3 and 5."},
		{"cert", "CMDB relationships could support impact analysis", "ofi", "8.2.6", "", "Relationships recorded for servers only."},
		{"colo", "Access list of the data hall not reviewed quarterly", "observation", "8.3.4", "", "Last review 7 months ago."},
		{"int2", "Hardware maintenance contract expired", "major", "8.3.4.1", "hw-contract", "Contract ended; no renewal, no notice given; core switches without cover."},
		{"int2", "Continuity policy past its review date", "minor", "7.5", "policy-review", "Next review date passed by almost a year."},
		{"int2", "CIs not updated after changes", "minor", "8.2.6", "cmdb", "4 of 10 sampled changes."},
		{"int2", "SLA reports sent late to two customers", "observation", "8.3.3", "", "Reports for Adatum after the 10th working day twice."},
		{"int2", "Automate the monthly SLA report", "ofi", "9.1", "", "Reports are compiled by hand from exports."},
	}
	auditAt := map[string]time.Time{}
	for _, a := range audits {
		auditAt[a.key] = a.at
	}
	for _, fd := range findings {
		raised := f.workHour(rng, auditAt[fd.audit].Add(days(1)))
		in := map[string]any{"title": fd.title, "audit": f.id("audit:" + fd.audit), "grade": fd.grade, "clause": fd.clause, "evidence": fd.evidence,
			"description": fd.title + ".", "raised_by": auditor, "raised_on": day(raised)}
		if fd.audit == "cert" {
			in["raised_by"] = "Dr. Heinz Albrecht (CertaNord)"
		}
		if fd.nc != "" {
			in["nonconformity"] = f.id("nc:" + fd.nc)
		}
		r := newRec("finding", raised, in)
		if fd.audit != "int2" {
			closed := raised.Add(days(30))
			if fd.nc == "continuity" {
				closed = f.ago(280)
			}
			r.move(closed, "closed")
		}
		recs = append(recs, r)
	}
	// The audits whose findings are all closed are closed.
	for _, a := range audits {
		if a.state == "closed" {
			recs = append(recs, continueRec("audit", f.id("audit:"+a.key), f.ago(270)).move(f.ago(270), "closed", "all findings closed"))
		}
	}
	return f.write(recs...)
}

// managementReviews writes last year's and this year's management reviews with their
// decisions as actions, and plans the next one.
func (f *filler) managementReviews() error {
	rng := f.rng("reviews")
	type decision struct {
		title, owner string
		due          time.Time
		done         time.Time
		checked      time.Time
	}
	reviews := []struct {
		key, title, period string
		held               time.Time
		decisions          string
		actions            []decision
		state              string
	}{
		{"prev", fmt.Sprintf("Management review %d", f.ago(440).Year()), "the first year of the SMS", f.ago(440),
			"1. Seek certification in the next quarter. 2. Extend the service desk hours to 19:00. 3. Build a recovery site in Berlin. 4. Budget for the backup appliance replacement.", []decision{
				{"Extend service desk hours to 07:00-19:00", deskLead, f.ago(380), f.ago(390), f.ago(300)},
				{"Build the recovery site in Berlin", continuityMgr, f.ago(250), f.ago(260), f.ago(200)},
				{"Replace the backup appliances", "Priya Nair", f.ago(330), f.ago(340), time.Time{}},
			}, "closed"},
		{"last", fmt.Sprintf("Management review %d", f.ago(75).Year()), "the last twelve months", f.ago(75),
			"1. Renew or replace the WAN contract before its notice date. 2. Launch the managed Kubernetes platform as a pilot. 3. Raise the service desk staffing for the peak season. 4. Write a major incident communication procedure. 5. Put all contract dates under supplier management in the workbench.", []decision{
				{"Decide on the WAN contract before the notice date", supplierMgr, f.ago(45), time.Time{}, time.Time{}},
				{"Launch the Kubernetes pilot", "Emre Demir", f.ahead(100), time.Time{}, time.Time{}},
				{"Hire two seasonal service desk agents", deskLead, f.ago(20), f.ago(25), time.Time{}},
				{"Write the major incident communication procedure", deskLead, f.ahead(15), time.Time{}, time.Time{}},
				{"Record all contract dates in the workbench", supplierMgr, f.ago(30), f.ago(33), f.ago(10)},
			}, "closed"},
		{"next", fmt.Sprintf("Management review %d", f.ahead(290).Year()), "", f.ahead(290), "", nil, "planned"},
	}
	var recs []*rec
	for _, rv := range reviews {
		held := f.workHour(rng, rv.held)
		in := map[string]any{"title": rv.title, "held_on": day(held), "chair": director}
		var r *rec
		if rv.state == "planned" {
			r = newRec("review", f.workHour(rng, f.ago(60)), in).into(f.idOf("review:" + rv.key))
		} else {
			in["attendees"] = "Karin Hoffmann, Lena Berg, Tom Øresund, Rui Costa, Zofia Łódź, Priya Nair, Ingrid Håkansson, Henrik Sørensen, Daniel O'Brien"
			in["period"] = rv.period
			r = newRec("review", held.Add(-days(21)), in).into(f.idOf("review:" + rv.key))
			r.then(held, map[string]any{
				"previous_actions":     "Actions of the previous review reported by their owners; see the actions linked to it.",
				"context_changes":      "New regulatory requirements of the bank and the insurer (DORA); one customer left with the fax service; Kubernetes demand from two customers.",
				"performance":          "Objectives reported from the workbench: SLA compliance, changes, availability; see the objectives register.",
				"customer_feedback":    "Satisfaction surveys stable; complaints about the WAN outage notification and the web shop outage.",
				"supplier_performance": "Baltic Fibre below expectations after the Warsaw outages; other suppliers meet their service levels.",
				"audit_results":        "Findings of the internal and external audits and the state of their nonconformities.",
				"nonconformities":      "Open nonconformities and the effectiveness of the corrective actions.",
				"risks":                "Risk register reviewed; top risks: ransomware, WAN carrier, key staff.",
				"resources":            "Service desk staffing in the peak season; Kubernetes skills.",
				"improvements":         "Improvement register reviewed; self-service password reset delivered.",
			}, "held")
			r.then(held.Add(days(3)), map[string]any{"decisions": rv.decisions}, "closed", "minutes approved")
		}
		recs = append(recs, r)
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]
	for _, rv := range reviews {
		for _, d := range rv.actions {
			created := f.workHour(rng, rv.held.Add(days(4)))
			in := map[string]any{"title": d.title, "action_type": "review", "review": f.id("review:" + rv.key), "owner": d.owner, "due": day(d.due),
				"description": "Decision of the " + rv.title + "."}
			if strings.Contains(d.title, "WAN") {
				in["risk"] = f.id("risk:wan-contract")
			}
			r := newRec("action", created, in)
			if !d.done.IsZero() {
				r.move(created.Add(days(1)), "in_progress")
				r.then(d.done, map[string]any{"done_on": day(d.done)}, "done")
				if !d.checked.IsZero() {
					r.then(d.checked, map[string]any{"effectiveness_check": "Reported to top management; the result holds.", "effective": "yes",
						"checked_by": smsManager, "checked_on": day(d.checked)}, "verified")
				}
			} else if rng.IntN(2) == 0 {
				r.move(created.Add(days(2)), "in_progress")
			}
			recs = append(recs, r.until(f.now))
		}
	}
	return f.write(recs...)
}

func (f *filler) improvements() error {
	rng := f.rng("improvements")
	list := []struct {
		title, source, svc, prio, state, benefit, eval string
		ago                                            float64
	}{
		{"Self-service password reset", "customer", "IAM", "high", "closed", "A fifth of the service desk calls are password resets.", "Password calls down by 70 % in three months.", 500},
		{"Automated DNS switch for the ERP failover", "incident", "ERP", "high", "closed", "Failover within the RTO.", "Yearly failover test within the RTO.", 520},
		{"Chat channel on the service desk", "customer", "DESK", "medium", "in_progress", "Faster answers for simple questions.", "", 200},
		{"Monthly SLA report generated from the workbench", "audit", "", "high", "approved", "Reports on time, no manual exports.", "", 40},
		{"Discovery of virtual machines into the CMDB", "audit", "", "medium", "in_progress", "CMDB stays current after changes.", "", 150},
		{"Second fibre path to the Warsaw office", "supplier", "NET", "high", "approved", "No single point of failure for the bank's branch.", "", 160},
		{"Disk space alerts for customer databases", "incident", "DBS", "medium", "implemented", "No more incidents for full disks.", "", 260},
		{"Knowledge articles for the top 20 incidents", "staff", "DESK", "medium", "proposed", "More first-line resolution.", "", 20},
		{"Customer portal in Polish", "customer", "DESK", "low", "rejected", "Polish users of the bank.", "", 300},
	}
	var recs []*rec
	for _, im := range list {
		at := f.workHour(rng, f.ago(im.ago))
		in := map[string]any{"title": im.title, "source": im.source, "priority": im.prio, "benefit": im.benefit, "owner": smsManager,
			"description": im.title + ": proposed to the SMS manager.", "target_date": day(at.Add(days(120)))}
		if im.svc != "" {
			in["service"] = f.service(im.svc).id
			in["owner"] = f.service(im.svc).owner
		}
		r := newRec("improvement", at, in).into(f.idOf("improvement:" + im.title))
		path := map[string][]string{"approved": {"approved"}, "in_progress": {"approved", "in_progress"}, "implemented": {"approved", "in_progress", "implemented"},
			"closed": {"approved", "in_progress", "implemented", "closed"}, "rejected": {"rejected"}}[im.state]
		for k, st := range path {
			when := at.Add(days(float64(7 + 25*k)))
			if st == "closed" {
				r.then(when.Add(days(60)), map[string]any{"evaluation": im.eval}, "closed")
				continue
			}
			if st == "rejected" {
				r.move(when, "rejected", "little demand; the bank's users work in English")
				continue
			}
			r.move(when, st)
		}
		recs = append(recs, r.until(f.now))
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]
	for _, im := range list {
		if im.state != "in_progress" && im.state != "approved" {
			continue
		}
		at := f.workHour(rng, f.ago(im.ago).Add(days(10)))
		recs = append(recs, newRec("action", at, map[string]any{"title": "Deliver: " + lowerFirst(im.title), "action_type": "improvement",
			"improvement": f.id("improvement:" + im.title), "owner": smsManager, "due": day(at.Add(days(150)))}))
	}
	return f.write(recs...)
}
