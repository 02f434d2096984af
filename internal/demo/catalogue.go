package demo

import (
	"fmt"
	"time"

	"smsworkbench/internal/itsm"
)

type customer struct {
	name, typ, manager, contact, email, phone, notes string
	inactive                                         bool
	id                                               string
}

func customersList() []*customer {
	return []*customer{
		{name: "Contoso Retail GmbH", typ: "external", manager: "Ana Müller", contact: "Jürgen Vogel", email: "it-service@contoso-retail.example", phone: "+49 69 5550 1100",
			notes: "Retail chain with 140 stores in Germany and Austria; peak season November to December."},
		{name: "Fabrikam Logistics AG", typ: "external", manager: "Zofia Łódź", contact: "Matthias Groß", email: "servicedesk@fabrikam-logistics.example", phone: "+49 40 5550 2200",
			notes: "Warehouses in Hamburg, Poznań and Lyon; EDI with 300 trading partners."},
		{name: "Adatum Versicherung AG", typ: "external", manager: "Lena Berg", contact: "Anneliese Schäfer", email: "itsm@adatum-versicherung.example", phone: "+49 221 5550 3300",
			notes: "Insurer; outsourcing under the supervisory requirements for insurers, audit rights agreed."},
		{name: "Woodgrove Bank Polska S.A.", typ: "external", manager: "Zofia Łódź", contact: "Agnieszka Wiśniewska", email: "it.vendor@woodgrove-bank.example", phone: "+48 22 555 4400",
			notes: "Bank; DORA register of ICT third-party providers includes us; annual audit of the provider."},
		{name: "Tailspin Toys Europe B.V.", typ: "external", manager: "Ana Müller", contact: "Jan de Vries", email: "ict@tailspin-toys.example", phone: "+31 20 555 5500",
			notes: "Web shop with seasonal peaks; marketing campaigns announced two weeks ahead."},
		{name: "Litware Pharma GmbH", typ: "external", manager: "Lena Berg", contact: "Petra Nováková", email: "gxp-it@litware-pharma.example", phone: "+49 89 5550 6600",
			notes: "GxP-relevant systems: changes need the customer's quality approval."},
		{name: "Northwind Group Finance", typ: "internal", manager: "Daniel O'Brien", contact: "Daniel O'Brien", email: "finance@northwind.example",
			notes: "The group's own finance department, served like an external customer under an internal agreement."},
		{name: "Blue Yonder Airlines Cargo", typ: "external", manager: "Henrik Sørensen", contact: "Søren Dahl", email: "it@blueyonder-cargo.example",
			notes: "Former customer of fax and legacy telephony; contract ended when the service was retired.", inactive: true},
	}
}

// context writes the interested parties and the controlled documents of the SMS.
func (f *filler) context() error {
	rng := f.rng("context")
	var recs []*rec
	parties := []struct {
		name, typ, influence, contact, req string
		inactive                           bool
	}{
		{"Customers of the managed services", "customer", "high", "Account managers", "Agreed service levels met and reported monthly; transparent costs; security and data protection under the GDPR; audit rights for regulated customers.", false},
		{"End users at the customer sites", "user", "medium", "Service desk", "Quick help in their language; clear information during outages; simple self-service.", false},
		{"Northwind staff", "staff", "medium", "Works council", "Clear roles, training, manageable on-call duty, tools that work.", false},
		{"Northwind Holding (shareholder)", "owner", "high", director, "Profitable growth of 10 % a year; ISO/IEC 20000-1 certification kept; no major security breach.", false},
		{"Financial supervisory authorities (via the bank and insurance customers)", "regulator", "high", "Adatum and Woodgrove compliance officers", "Outsourcing and DORA requirements passed on by contract: register of providers, exit plans, incident reporting within 4 hours.", false},
		{"Data protection authority (Hessen)", "regulator", "medium", "Data protection officer", "Processing agreements, records of processing, breach notification within 72 hours.", false},
		{"Key suppliers", "supplier", "medium", supplierMgr, "Forecasts of demand, timely payment, clear escalation contacts.", false},
		{"CertaNord Certification GmbH", "partner", "medium", "Lead auditor", "Access to evidence and people during the certification and surveillance audits.", false},
		{"Data centre landlord (Rhein-Main Colocation)", "partner", "low", "Site manager", "House rules and access procedures of the colocation site observed.", false},
		{"Former telephony customers", "customer", "low", "Henrik Sørensen", "Fax numbers ported out at the end of the service.", true},
	}
	for i, p := range parties {
		r := newRec("party", f.since(1).Add(time.Duration(i)*time.Minute*7), map[string]any{
			"title": p.name, "party_type": p.typ, "influence": p.influence, "contact": p.contact, "requirements": p.req,
			"review_due": day(f.ahead(float64(30 + rng.IntN(200)))),
		})
		if p.inactive {
			r.move(f.ago(190), "inactive", "service retired, numbers ported")
		}
		recs = append(recs, r)
	}

	type doc struct {
		key, title, typ, owner, version string
		created, approved               time.Time
		revised                         time.Time // zero: never revised
		draft, retired                  bool
		retireAt                        time.Time
		body                            string
	}
	y := f.now.Year()
	planApproved := f.clamp(time.Date(y, 1, 15, 10, 0, 0, 0, time.UTC))
	prevPlan := f.clamp(time.Date(y-1, 1, 15, 10, 0, 0, 0, time.UTC))
	if prevPlan.Before(f.since(12)) {
		prevPlan = f.since(12)
	}
	docs := []doc{
		{key: "sms", title: "Service management policy", typ: "sms", owner: smsManager, version: "2.0", created: f.since(2), approved: f.since(9), revised: f.ago(48),
			body: "Northwind Managed Services commits to plan, deliver and improve its services to meet the agreed requirements of its customers. Top management sets measurable objectives every year, provides the resources, and reviews the SMS at least once a year. Every member of staff follows the processes of the SMS; deviations are reported as nonconformities."},
		{key: "scope", title: "SMS scope statement", typ: "scope", owner: smsManager, version: "1.2", created: f.since(2), approved: f.since(9), revised: f.ago(205),
			body: "The SMS covers the managed services E-mail and collaboration, Service desk, ERP hosting, Network and connectivity, Backup and recovery, Identity and access, Client workplace, Website hosting, Managed databases and Payroll hosting, delivered from Frankfurt and Berlin to customers in Germany, Poland, Austria, the Netherlands and France. Office facilities are supplied by the Northwind group under an operational level agreement."},
		{key: "plan-prev", title: fmt.Sprintf("SMS plan %d", y-1), typ: "plan", owner: smsManager, version: "1.0", created: prevPlan.Add(-days(10)), approved: prevPlan,
			retired: true, retireAt: planApproved.Add(time.Hour), body: "Objectives, actions, resources and timetable of the SMS for the year; certification audit in the second quarter."},
		{key: "plan", title: fmt.Sprintf("SMS plan %d", y), typ: "plan", owner: smsManager, version: "1.0", created: planApproved.Add(-days(12)), approved: planApproved,
			body: "Objectives for the year, the improvement programme (service desk automation, CMDB quality, supplier exit plans), the audit programme and the resources approved in the budget."},
		{key: "change", title: "Change management policy", typ: "change", owner: changeManager, version: "1.3", created: f.since(3), approved: f.since(11), revised: f.ago(300),
			body: "Every change to a live service or CI is recorded. Normal changes are assessed and approved by the CAB before they are scheduled; standard changes follow an approved change model; emergency changes are approved by the emergency CAB and reviewed after implementation. High-risk changes need a tested backout plan."},
		{key: "security", title: "Information security policy", typ: "security", owner: ciso, version: "3.1", created: f.since(3), approved: f.since(14), revised: f.ago(130),
			body: "Information is protected according to its classification. Access is granted on least privilege and reviewed quarterly; MFA is required for remote and privileged access. Security incidents are reported to the service desk immediately and handled under the incident process with the security officer."},
		{key: "continuity", title: "Service continuity policy", typ: "continuity", owner: continuityMgr, version: "1.0", created: f.since(4), approved: f.since(25),
			body: "Continuity plans exist for the loss of a data centre, of the WAN carrier, of key staff and for ransomware. Each plan is tested at least once a year; recovery objectives are agreed with the customers in the SLAs."},
		{key: "supplier", title: "Supplier management policy", typ: "supplier", owner: supplierMgr, version: "1.1", created: f.since(4), approved: f.since(16), revised: f.ago(410),
			body: "Every supplier that contributes to a service has a contract with service levels, is reviewed at least twice a year if its criticality is high, and has an exit plan when a regulated customer depends on it."},
		{key: "capacity", title: "Capacity management policy", typ: "capacity", owner: capacityMgr, version: "0.3", created: f.ago(21), draft: true,
			body: "Draft. Capacity plans per service, reviewed quarterly; thresholds at 80 % trigger an action; demand forecasts from the account managers."},
		{key: "release", title: "Release and deployment policy", typ: "release", owner: changeManager, version: "1.1", created: f.since(5), approved: f.since(18),
			body: "Releases are built and tested in the test environment, accepted against their acceptance criteria and deployed in the agreed maintenance windows with a backout plan."},
		{key: "incident", title: "Incident and major incident process", typ: "process", owner: deskLead, version: "2.2", created: f.since(5), approved: f.since(12), revised: f.ago(95),
			body: "Incidents are logged, categorised and prioritised by impact and urgency, resolved within the SLA targets, and closed after confirmation or three working days. A priority 1 incident is declared major by the incident manager, who leads the communication every 30 minutes."},
		{key: "problem", title: "Problem management process", typ: "process", owner: problemMgr, version: "1.1", created: f.since(6), approved: f.since(19),
			body: "Problems are raised for recurring incidents and for every major incident. Root causes are analysed; known errors with workarounds are published to the service desk; permanent fixes go through change management."},
		{key: "request", title: "Service request fulfilment procedure", typ: "procedure", owner: deskLead, version: "1.4", created: f.since(6), approved: f.since(20), revised: f.ago(250),
			body: "Requests from the catalogue are fulfilled in the order received; requests that need approval wait for the customer's approver named in the request."},
		{key: "major-comms", title: "Major incident communication procedure", typ: "procedure", owner: deskLead, version: "0.9", created: f.ago(35), draft: true,
			body: "Draft after the management review: templates for customer notices, the status page and the regulators' 4-hour notification."},
		{key: "kb-mfa", title: "Knowledge article: resetting a user's MFA device", typ: "knowledge", owner: smsManager, version: "1.0", created: f.ago(320), approved: f.ago(318),
			body: "Verify the caller with the callback number in the directory, remove the registered methods, issue a temporary access pass valid for 8 hours and ask the user to register again."},
	}
	for _, d := range docs {
		created := f.clamp(d.created)
		revised := !d.draft && !d.revised.IsZero() && d.revised.After(f.clamp(d.approved))
		version := d.version
		if revised {
			version = previousVersion(d.version)
		}
		in := map[string]any{"title": d.title, "policy_type": d.typ, "version": version, "owner": d.owner, "body": d.body}
		r := newRec("policy", created, in).into(f.idOf("policy:" + d.key))
		if !d.draft {
			approver := director
			if d.typ == "process" || d.typ == "procedure" || d.typ == "knowledge" {
				approver = smsManager
			}
			approved := f.clamp(d.approved)
			review := approved.AddDate(1, 0, 0)
			r.then(approved, map[string]any{"approved_by": approver, "approved_on": day(approved), "review_due": day(review)}, "approved")
			if revised {
				r.then(d.revised.Add(-days(12)), nil, "draft", "revision "+d.version)
				r.then(d.revised, map[string]any{"version": d.version, "approved_by": approver, "approved_on": day(d.revised),
					"review_due": day(d.revised.AddDate(1, 0, 0))}, "approved")
			}
			if d.retired {
				r.move(d.retireAt, "retired", "replaced by the plan for the new year")
			}
		}
		recs = append(recs, r.until(f.now))
	}
	return f.write(recs...)
}

// previousVersion is the version a document had before its last revision: 1.3 before 1.4,
// 1.4 before 2.0.
func previousVersion(v string) string {
	var major, minor int
	fmt.Sscanf(v, "%d.%d", &major, &minor)
	if minor > 0 {
		return fmt.Sprintf("%d.%d", major, minor-1)
	}
	return fmt.Sprintf("%d.4", max(major-1, 0))
}

// catalogue writes the customers and the services.
func (f *filler) catalogue() error {
	f.customers = customersList()
	var recs []*rec
	for i, c := range f.customers {
		in := map[string]any{"title": c.name, "customer_type": c.typ, "account_manager": c.manager, "contact": c.contact,
			"email": c.email, "notes": c.notes}
		if c.phone != "" {
			in["phone"] = c.phone
		}
		r := newRec("customer", f.since(1).Add(time.Duration(i)*5*time.Minute), in).into(&c.id)
		if c.inactive {
			r.move(f.ago(200), "inactive", "service retired, contract ended")
		}
		recs = append(recs, r)
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	f.services = catalogue()
	recs = recs[:0]
	holidays := holidayDates(f.now.Year()-2, f.now.Year()+1)
	for i, s := range f.services {
		cal, err := itsm.ParseCalendar(s.calendar, "Europe/Berlin", holidays)
		if err != nil {
			return err
		}
		s.cal = cal
		if s.calendar == "24x7" {
			s.targets = targets24x7
		} else {
			s.targets = targetsOffice
		}
		var custIDs []any
		for _, c := range s.customers {
			custIDs = append(custIDs, f.customers[c].id)
		}
		created := f.since(1).Add(time.Duration(i) * 11 * time.Minute).Add(2 * time.Hour)
		if s.state == "pipeline" {
			created = f.workHour(f.rng("pipeline"), f.ago(96))
		}
		in := map[string]any{"title": s.name, "description": s.desc, "owner": s.owner, "service_type": s.typ, "criticality": s.crit,
			"hours": s.hours, "availability_target": s.avail, "customers": custIDs}
		if s.reqs != "" {
			in["requirements"] = s.reqs
		}
		r := newRec("service", created, in).into(&s.id)
		if s.state != "pipeline" {
			r.move(created.Add(30*time.Minute), "live")
		}
		recs = append(recs, r)
	}
	return f.write(recs...)
}

func (f *filler) service(code string) *service {
	for _, s := range f.services {
		if s.code == code {
			return s
		}
	}
	panic("demo: no service " + code)
}

// holidayDates lists the public holidays in Hesse of the years from..to.
func holidayDates(from, to int) []string {
	var out []string
	for _, h := range holidayRows(from, to) {
		out = append(out, h["date"].(string))
	}
	return out
}

func holidayRows(from, to int) []map[string]any {
	var out []map[string]any
	for y := from; y <= to; y++ {
		e := easter(y)
		for _, h := range []struct {
			at   time.Time
			name string
		}{
			{time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), "New Year's Day"},
			{e.AddDate(0, 0, -2), "Good Friday"},
			{e.AddDate(0, 0, 1), "Easter Monday"},
			{time.Date(y, 5, 1, 0, 0, 0, 0, time.UTC), "Labour Day"},
			{e.AddDate(0, 0, 39), "Ascension Day"},
			{e.AddDate(0, 0, 50), "Whit Monday"},
			{e.AddDate(0, 0, 60), "Corpus Christi"},
			{time.Date(y, 10, 3, 0, 0, 0, 0, time.UTC), "Day of German Unity"},
			{time.Date(y, 12, 25, 0, 0, 0, 0, time.UTC), "Christmas Day"},
			{time.Date(y, 12, 26, 0, 0, 0, 0, time.UTC), "Second day of Christmas"},
		} {
			out = append(out, map[string]any{"date": h.at.Format("2006-01-02"), "name": h.name})
		}
	}
	return out
}

// easter is Easter Sunday of a year (the anonymous Gregorian algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	g := (8*b + 13) / 25
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), dd, 0, 0, 0, 0, time.UTC)
}

type supplier struct {
	key, name, typ, category, crit, contact, email, notes string
	services                                              []string
	exited                                                bool
	id                                                    string
}

func suppliersList() []*supplier {
	return []*supplier{
		{key: "rhein", name: "Rhein-Main Colocation GmbH", typ: "external", category: "Data centre colocation, power and cooling", crit: "high",
			contact: "Stefan Krüger", email: "noc@rhein-main-colo.example", services: []string{"MAIL", "DESK", "ERP", "NET", "BKP", "IAM", "WEB", "DBS", "PAY"},
			notes: "Tier III site FRA1 in Frankfurt; 12 racks in two halls; remote hands 24x7."},
		{key: "baltic", name: "Baltic Fibre Networks AB", typ: "external", category: "WAN links and internet access", crit: "high",
			contact: "Lars Nyström", email: "enterprise-noc@balticfibre.example", services: []string{"NET", "MAIL", "ERP"},
			notes: "MPLS to all customer sites above 50 users, two internet uplinks per data centre."},
		{key: "cloudway", name: "Cloudway Software Ireland Ltd", typ: "external", category: "Microsoft 365 licences and cloud subscriptions", crit: "high",
			contact: "Dermot Keane", email: "partners@cloudway.example", services: []string{"MAIL", "IAM", "WKP"}},
		{key: "nordstern", name: "Nordstern Hardware Services GmbH", typ: "external", category: "Server, storage and network hardware maintenance", crit: "medium",
			contact: "Anneliese Brandt", email: "service@nordstern-hw.example", services: []string{"NET", "BKP", "ERP", "DBS"},
			notes: "Next-business-day parts, 4-hour response for the core hardware."},
		{key: "vaultline", name: "Vaultline Offsite Backup B.V.", typ: "external", category: "Offsite backup storage", crit: "high",
			contact: "Jan de Vries", email: "support@vaultline.example", services: []string{"BKP"}},
		{key: "erpsys", name: "ERPsys Software AG", typ: "external", category: "ERP licences and third-level support", crit: "high",
			contact: "Matthias Weber", email: "partner-support@erpsys.example", services: []string{"ERP"}},
		{key: "secureops", name: "SecureOps SOC Partners Sp. z o.o.", typ: "external", category: "24x7 security monitoring (SOC)", crit: "medium",
			contact: "Katarzyna Dąbrowska", email: "soc@secureops.example", services: []string{"IAM", "NET", "MAIL"}},
		{key: "printfleet", name: "PrintFleet Managed Print GmbH", typ: "external", category: "Managed print and multifunction devices", crit: "low",
			contact: "Gérard Lefèvre", email: "service@printfleet.example", services: []string{"WKP"}},
		{key: "helix", name: "Helix Payroll Solutions Ltd", typ: "external", category: "Payroll software and statutory updates", crit: "medium",
			contact: "Aisling Byrne", email: "support@helix-payroll.example", services: []string{"PAY"}},
		{key: "facilities", name: "Northwind Group Facilities", typ: "internal", category: "Office facilities, power and access", crit: "low",
			contact: "Facility desk", email: "facilities@northwind.example", services: []string{"DESK", "WKP"},
			notes: "Internal supplier under an operational level agreement."},
		{key: "telefax", name: "Telefax Systems GmbH", typ: "external", category: "Fax server licences and lines", crit: "low",
			contact: "Ute Lindner", email: "support@telefax-systems.example", services: []string{"FAX"}, exited: true,
			notes: "Exited when the fax service was retired; numbers ported to the customers."},
	}
}

// suppliers writes the suppliers; their contracts follow once the SLAs exist.
func (f *filler) writeSuppliers() error {
	var recs []*rec
	rng := f.rng("suppliers")
	for i, sp := range suppliersList() {
		f.suppliers[sp.key] = sp
		var svcs []any
		for _, code := range sp.services {
			svcs = append(svcs, f.service(code).id)
		}
		in := map[string]any{"title": sp.name, "supplier_type": sp.typ, "category": sp.category, "criticality": sp.crit,
			"services": svcs, "contact": sp.contact, "email": sp.email, "owner": supplierMgr}
		if sp.notes != "" {
			in["notes"] = sp.notes
		}
		if !sp.exited {
			in["review_due"] = day(f.ahead(float64(20 + rng.IntN(150))))
		}
		r := newRec("supplier", f.since(2).Add(time.Duration(i)*9*time.Minute), in).into(&sp.id)
		if sp.exited {
			r.move(f.ago(185), "exited", "service retired; exit plan completed")
		}
		recs = append(recs, r)
	}
	return f.write(recs...)
}

// agreements writes an SLA for every service: agreed for the live ones, a draft for the one in
// the pipeline. The retired service's SLA is retired after its tickets are written.
func (f *filler) agreements() error {
	var recs []*rec
	rng := f.rng("agreements")
	holidays := holidayRows(f.now.Year()-2, f.now.Year()+1)
	for i, s := range f.services {
		in := map[string]any{
			"title":   "SLA " + s.name,
			"service": s.id, "calendar": s.calendar, "timezone": "Europe/Berlin", "targets": s.targets,
			"availability_target": s.avail, "valid_from": day(f.since(2)), "reporting": "monthly",
		}
		if s.calendar != "24x7" {
			in["holidays"] = holidays
		}
		if len(s.customers) == 1 {
			in["customer"] = f.customers[s.customers[0]].id
		}
		switch s.state {
		case "pipeline":
			in["valid_from"] = day(f.ahead(120))
			in["reporting"] = "quarterly"
			recs = append(recs, newRec("sla", f.ago(40), in).into(&s.slaID))
			continue
		case "retired":
			in["valid_to"] = day(f.ago(200))
		default:
			in["valid_to"] = day(time.Date(f.now.Year()+1, 12, 31, 0, 0, 0, 0, time.UTC))
			in["review_due"] = day(f.ahead(float64(15 + rng.IntN(160))))
		}
		at := f.since(2).Add(time.Duration(i) * 13 * time.Minute)
		recs = append(recs, newRec("sla", at, in).move(at.Add(20*time.Minute), "agreed", "signed by the customers").into(&s.slaID))
	}
	return f.write(recs...)
}

// contracts writes the suppliers' contracts: one in its notice period, one past its end that
// nobody ended, one ended and replaced, one draft not started yet.
func (f *filler) contracts() error {
	sla := func(codes ...string) []any {
		var out []any
		for _, c := range codes {
			out = append(out, f.service(c).slaID)
		}
		return out
	}
	svc := func(codes ...string) []any {
		var out []any
		for _, c := range codes {
			out = append(out, f.service(c).id)
		}
		return out
	}
	y := f.now.Year()
	hwSwitch := som(f.ago(400)).AddDate(0, 1, 0) // the old hardware contract ended, the new one began
	printSwitch := som(f.ahead(40)).AddDate(0, 1, 0)
	type contract struct {
		key, supplier, title, typ string
		slas, svcs                []any
		start, end                time.Time
		notice                    int64
		renew                     bool
		value                     float64
		terms                     string
		state                     string // active, ended, draft
		endedAt                   time.Time
	}
	list := []contract{
		{key: "colo", supplier: "rhein", title: "Colocation FRA1, 12 racks", typ: "underpinning", slas: sla("ERP", "MAIL", "DBS", "WEB", "PAY", "IAM"), svcs: svc("ERP", "MAIL", "DBS", "WEB", "PAY", "IAM", "BKP"),
			start: som(f.ago(1100)), end: eom(f.ahead(520)), notice: 180, value: 1620000, terms: "99.99 % power availability; remote hands within 30 minutes; service credits of 5 % per hour of outage."},
		{key: "wan", supplier: "baltic", title: "WAN and internet services", typ: "underpinning", slas: sla("NET", "MAIL", "ERP"), svcs: svc("NET"),
			start: som(f.ago(1050)), end: eom(f.ahead(48)), notice: 90, value: 396000, terms: "MPLS 99.95 %; fault repair within 4 hours; notice 90 days before the end, otherwise renewed for 12 months at list price."},
		{key: "m365", supplier: "cloudway", title: "Microsoft 365 licences (CSP)", typ: "supplier", slas: sla("MAIL", "IAM"), svcs: svc("MAIL", "IAM", "WKP"),
			start: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), end: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), notice: 30, renew: true, value: 286000,
			terms: "Yearly CSP subscription, licences adjusted monthly; partner support with 1-hour response for severity A."},
		{key: "hw-old", supplier: "nordstern", title: "Hardware maintenance 2022-2025", typ: "underpinning", slas: sla("NET", "BKP", "ERP"), svcs: svc("NET", "BKP", "ERP", "DBS"),
			start: som(f.ago(1300)), end: hwSwitch.AddDate(0, 0, -1), notice: 90, value: 210000, state: "ended", endedAt: hwSwitch, terms: "Replaced by the new maintenance contract."},
		{key: "hw", supplier: "nordstern", title: "Hardware maintenance, core and storage", typ: "underpinning", slas: sla("NET", "BKP", "ERP", "DBS"), svcs: svc("NET", "BKP", "ERP", "DBS"),
			start: hwSwitch, end: som(f.now).AddDate(0, 0, -1), notice: 60, value: 168000,
			terms: "4-hour on-site response for core switches, firewalls and storage; next business day for the rest. Ended last month: renewal in negotiation, cover continues on a purchase order."},
		{key: "backup", supplier: "vaultline", title: "Offsite backup vault", typ: "underpinning", slas: sla("BKP"), svcs: svc("BKP"),
			start: som(f.ago(700)), end: eom(f.ahead(395)), notice: 90, value: 144000, terms: "Immutable copies for 90 days; restore of 1 TB within 8 hours."},
		{key: "erp", supplier: "erpsys", title: "ERP licences and third-level support", typ: "supplier", slas: sla("ERP"), svcs: svc("ERP"),
			start: som(f.ago(900)), end: eom(f.ahead(925)), notice: 180, value: 930000, terms: "Priority 1 defects answered within 1 hour, 24x7; yearly release."},
		{key: "soc", supplier: "secureops", title: "Managed SOC services", typ: "supplier", slas: sla("IAM", "NET"), svcs: svc("IAM", "NET", "MAIL"),
			start: som(f.ago(305)), end: eom(f.ahead(425)), notice: 90, value: 252000, terms: "Alerts triaged within 15 minutes; monthly threat report."},
		{key: "print", supplier: "printfleet", title: "Managed print renewal", typ: "supplier", svcs: svc("WKP"),
			start: printSwitch, end: printSwitch.AddDate(3, 0, -1), notice: 90, value: 96000, state: "draft", terms: "In negotiation: 140 devices, cost per page."},
		{key: "print-old", supplier: "printfleet", title: "Managed print", typ: "supplier", slas: sla("WKP"), svcs: svc("WKP"),
			start: som(f.ago(1055)), end: printSwitch.AddDate(0, 0, -1), notice: 30, value: 118000, terms: "Device repair on site next business day."},
		{key: "payroll", supplier: "helix", title: "Payroll software subscription", typ: "supplier", slas: sla("PAY"), svcs: svc("PAY"),
			start: som(f.ago(620)), end: eom(f.ahead(475)), notice: 120, value: 174000, renew: true, terms: "Statutory updates delivered 30 days before they take effect."},
		{key: "ola", supplier: "facilities", title: "OLA office facilities", typ: "ola", slas: sla("DESK", "WKP"), svcs: svc("DESK", "WKP"),
			start: f.since(3), notice: 30, terms: "Power and access to the service desk floor; repairs within one working day."},
		{key: "fax", supplier: "telefax", title: "Fax server licences and lines", typ: "supplier", slas: sla("FAX"), svcs: svc("FAX"),
			start: som(f.ago(1400)), end: f.ago(200), notice: 90, value: 36000, state: "ended", endedAt: f.ago(199), terms: "Ended with the retirement of the service."},
	}
	var recs []*rec
	for i, c := range list {
		in := map[string]any{"title": c.title, "supplier": f.suppliers[c.supplier].id, "contract_type": c.typ, "start": day(c.start),
			"notice_days": c.notice, "auto_renew": c.renew, "owner": supplierMgr, "terms": c.terms}
		if len(c.slas) > 0 {
			in["slas"] = c.slas
		}
		if len(c.svcs) > 0 {
			in["services"] = c.svcs
		}
		if !c.end.IsZero() {
			in["end"] = day(c.end)
		}
		if c.value > 0 {
			in["value"] = eur(c.value)
		}
		created := f.since(3).Add(time.Duration(i) * 17 * time.Minute)
		switch {
		case c.state == "draft":
			created = f.workHour(f.rng("contract-draft"), f.ago(16))
		case c.start.After(f.since(3)):
			created = f.clamp(c.start.Add(-days(20)))
		}
		r := newRec("contract", created, in).into(f.idOf("contract:" + c.key))
		if c.state != "draft" {
			r.move(created.Add(time.Hour), "active")
		}
		if c.state == "ended" {
			r.move(f.clamp(c.endedAt), "ended")
		}
		recs = append(recs, r.until(f.now))
	}
	return f.write(recs...)
}

// som is the first day of the month of t.
func som(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// eom is the last day of the month of t.
func eom(t time.Time) time.Time { return som(t).AddDate(0, 1, -1) }
