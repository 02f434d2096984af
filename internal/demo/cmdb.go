package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"smsworkbench/internal/itsm"
)

// The CMDB is built in layers, one site ("pod") at a time: data halls, power and cooling; racks
// with their power distribution and top-of-rack switches; the core network, storage and physical
// servers; virtual machines on the hypervisor hosts; databases on the database servers; and the
// applications on the virtual machines, which depend on databases, on each other, on middleware
// and on cloud tenants. The base demo has one site of about 500 items and 1,500 relationships;
// each step of scale adds another site. A service names its top applications in the first site,
// and those depend on their counterparts in every other site, so a failure anywhere reaches the
// services.

type cmdb struct {
	cis, rels int
	pods      []*pod
	global    map[string]string // name -> id of the CIs shared by every site (software, cloud, documents)
}

// pod is one site of the CMDB while it is being planned and written.
type pod struct {
	n     int
	code  string // FRA1, MUC1...
	city  string
	items []*ciPlan
	rels  []relPlan
	byKey map[string]*ciPlan
	top   map[string]*ciPlan // top applications by service code and name
}

type ciPlan struct {
	key    string
	in     map[string]any
	at     time.Time
	state  []step
	id     string
	svc    *service
	global bool
}

type relPlan struct {
	from, to *ciPlan
	typ      string
	desc     string
}

var siteCities = []struct{ code, city string }{
	{"FRA", "Frankfurt"}, {"BER", "Berlin"}, {"MUC", "Munich"}, {"HAM", "Hamburg"}, {"WAW", "Warsaw"}, {"OSL", "Oslo"},
	{"LIS", "Lisbon"}, {"DUB", "Dublin"}, {"VIE", "Vienna"}, {"PRG", "Prague"}, {"MAD", "Madrid"}, {"LYO", "Lyon"},
}

func siteOf(n int) (code, city string) {
	s := siteCities[n%len(siteCities)]
	return fmt.Sprintf("%s%d", s.code, n/len(siteCities)+1), s.city
}

var software = []struct{ name, version string }{
	{"Windows Server 2022 image", "21H2.2025-10"}, {"Red Hat Enterprise Linux 9 image", "9.4"}, {"Ubuntu Server 24.04 image", "24.04.1"},
	{"Java runtime 21", "21.0.5"}, {"Apache Tomcat", "10.1.33"}, {"nginx", "1.26.2"}, {"PHP runtime", "8.3.13"}, {".NET runtime", "8.0.11"},
	{"PostgreSQL server", "16.4"}, {"Microsoft SQL Server", "2022 CU15"}, {"Oracle Database", "19.24"}, {"Redis", "7.4.1"},
	{"RabbitMQ", "3.13.7"}, {"Elasticsearch", "8.15.3"}, {"Backup agent", "12.2"}, {"Monitoring agent", "6.4.1"},
	{"Endpoint protection agent", "7.11"}, {"VMware ESXi", "8.0 U3"}, {"Kubernetes", "1.31"}, {"IIS web server", "10.0"},
}

var clouds = []struct{ name, svc, desc string }{
	{"Microsoft 365 tenant northwind-hosted", "MAIL", "Exchange Online and Teams for the hybrid mail platform"},
	{"Entra ID tenant", "IAM", "Cloud identity synchronised from the directory"},
	{"Exchange Online Protection", "MAIL", "Inbound and outbound mail filtering"},
	{"Teams Phone direct routing", "MAIL", "Voice routing to the session border controllers"},
	{"Offsite vault bucket EU-1", "BKP", "Immutable object storage at Vaultline"},
	{"Offsite vault bucket EU-2", "BKP", "Second copy in another region"},
	{"CDN distribution www", "WEB", "Content delivery for the customer websites"},
	{"DNS hosting", "NET", "Public DNS zones of the customers"},
	{"Autopilot device registry", "WKP", "Device registration for new laptops"},
	{"Intune tenant", "WKP", "Cloud device management"},
	{"Status page", "DESK", "Public service status for the customers"},
	{"Payroll statutory update feed", "PAY", "Tax table downloads from Helix"},
	{"SOC log forwarder", "IAM", "Security events sent to SecureOps"},
	{"Container registry mirror", "K8S", "Planned for the Kubernetes platform"},
	{"Mail archive cold storage", "MAIL", "Archive tier for 10-year retention"},
}

var documents = []struct{ name, svc, desc string }{
	{"TLS certificate www customer sites", "WEB", "Wildcard certificate of the shared web platform"},
	{"TLS certificate portal", "DESK", "Certificate of the self-service portal"},
	{"TLS certificate mail gateway", "MAIL", "Certificate of the SMTP gateway"},
	{"ERP licence pool", "ERP", "Named user licences of the ERP system"},
	{"SQL Server licence agreement", "DBS", "Per-core licences"},
	{"Microsoft 365 licence pool", "MAIL", "E3 and E5 licences under the CSP contract"},
	{"Payroll licence certificate", "PAY", "Employees licensed per customer"},
	{"VMware licence pool", "BKP", "Hypervisor licences"},
	{"Code signing certificate", "WKP", "Signs the laptop image and scripts"},
	{"SBC certificate", "MAIL", "Certificate of the Teams voice gateways"},
}

var sharedApps = []string{"Monitoring platform", "Log management", "Configuration management database", "Automation server",
	"Secrets manager", "Artifact repository", "Internal wiki", "Jump host service", "Patch repository", "Hypervisor management"}

// cmdb writes the configuration items and their relationships, site by site, and then names
// each service's top applications in the service.
func (f *filler) writeCMDB() error {
	f.ci = &cmdb{global: map[string]string{}}
	rng := f.rng("cmdb")
	var pod0 *pod
	for n := 0; n < f.scale; n++ {
		p := f.planPod(rng, n, pod0)
		var recs []*rec
		for _, c := range p.items {
			r := newRec("ci", c.at, c.in).into(&c.id)
			for _, s := range c.state {
				r.then(s.at, s.set, s.to, s.note)
			}
			recs = append(recs, r.until(f.now))
		}
		if err := f.write(recs...); err != nil {
			return err
		}
		recs = recs[:0]
		for _, r := range p.rels {
			at := r.from.at
			if r.to.at.After(at) {
				at = r.to.at
			}
			in := map[string]any{"from": r.from.id, "type": r.typ, "to": r.to.id}
			if r.desc != "" {
				in["description"] = r.desc
			}
			recs = append(recs, newRec("cirel", at.Add(time.Minute), in))
		}
		if err := f.write(recs...); err != nil {
			return err
		}
		f.ci.cis += len(p.items)
		f.ci.rels += len(p.rels)
		for _, c := range p.items {
			if c.svc != nil && c.in["ci_type"] != "facility" {
				c.svc.cis = append(c.svc.cis, c.id)
			}
			if c.global {
				f.ci.global[c.in["title"].(string)] = c.id
			}
		}
		if n == 0 {
			pod0 = p
			for _, s := range f.services {
				for _, name := range s.apps {
					s.top = append(s.top, p.top[s.code+"/"+name].id)
				}
			}
		}
		// Only the first site is kept whole; later sites need only their plan while written.
		p.items, p.rels = nil, nil
		if n == 0 {
			f.ci.pods = append(f.ci.pods, p)
		}
	}
	var recs []*rec
	for _, s := range f.services {
		var ids []any
		for _, id := range s.top {
			ids = append(ids, id)
		}
		recs = append(recs, continueRec("service", s.id, f.since(3)).set(f.since(3).Add(time.Duration(len(recs))*time.Minute), map[string]any{"cis": ids}))
	}
	return f.write(recs...)
}

// planPod plans the items and relationships of site n. Site 0 also holds the CIs every site
// shares: software, cloud tenants and documents.
func (f *filler) planPod(rng *rand.Rand, n int, first *pod) *pod {
	code, city := siteOf(n)
	p := &pod{n: n, code: code, city: city, byKey: map[string]*ciPlan{}, top: map[string]*ciPlan{}}
	lc := strings.ToLower(code)
	imported := f.since(1).Add(4 * time.Hour)
	if n > 0 {
		// Later sites came into the CMDB as they were built, over the first year.
		imported = f.workHour(rng, f.since(float64(10+rng.IntN(300))))
	}
	seq := 0
	add := func(key, title, typ, owner, crit string, extra map[string]any) *ciPlan {
		seq++
		in := map[string]any{"title": title, "ci_type": typ, "owner": owner, "criticality": crit, "location": city + " " + code}
		for k, v := range extra {
			in[k] = v
		}
		at := imported.Add(time.Duration(seq/50) * time.Minute)
		c := &ciPlan{key: key, in: in, at: at}
		c.state = []step{{at: at, to: "active"}}
		p.items = append(p.items, c)
		p.byKey[key] = c
		return c
	}
	rel := func(from *ciPlan, typ string, to *ciPlan) {
		p.rels = append(p.rels, relPlan{from: from, to: to, typ: typ})
	}
	hw := map[string]any{"supplier": f.suppliers["nordstern"].id}
	withHW := func(m map[string]any) map[string]any {
		for k, v := range hw {
			m[k] = v
		}
		return m
	}
	serial := func() string { return fmt.Sprintf("SN%s%06d", strings.ToUpper(lc[:2]), rng.IntN(1000000)) }

	// Facilities.
	var halls, ups [2]*ciPlan
	cooling := add("cooling", code+" cooling plant", "facility", continuityMgr, "high", map[string]any{"description": "Chillers and CRAC units of both halls"})
	for h := 0; h < 2; h++ {
		letter := string(rune('A' + h))
		extra := map[string]any{"description": fmt.Sprintf("Data hall %s of site %s in %s", letter, code, city)}
		if n == 0 {
			extra["supplier"] = f.suppliers["rhein"].id
		}
		halls[h] = add("hall"+letter, code+" data hall "+letter, "facility", continuityMgr, "high", extra)
		ups[h] = add("ups"+letter, code+" UPS "+letter, "facility", continuityMgr, "high", map[string]any{"description": "Uninterruptible power supply with 20 minutes of autonomy"})
		rel(halls[h], itsm.Contains, ups[h])
		rel(halls[h], itsm.DependsOn, cooling)
	}
	// Racks with power distribution and top-of-rack switches.
	var racks, tors []*ciPlan
	for r := 0; r < 20; r++ {
		h := r / 10
		rack := add(fmt.Sprintf("rack%02d", r), fmt.Sprintf("%s-R%02d", code, r+1), "hardware", "Jonas Becker", "medium",
			map[string]any{"identifier": fmt.Sprintf("%s/%c/%02d", code, 'A'+h, r%10+1), "description": "42U rack"})
		pdu := add(fmt.Sprintf("pdu%02d", r), fmt.Sprintf("%s-R%02d PDU", code, r+1), "facility", continuityMgr, "medium", nil)
		tor := add(fmt.Sprintf("tor%02d", r), fmt.Sprintf("%s-tor-%02d", lc, r+1), "network", changeManager, "medium",
			withHW(map[string]any{"identifier": serial(), "version": "NX-OS 10.4(3)", "description": "Top-of-rack switch 48x25G"}))
		rel(halls[h], itsm.Contains, rack)
		rel(rack, itsm.Contains, pdu)
		rel(pdu, itsm.DependsOn, ups[h])
		rel(rack, itsm.Contains, tor)
		racks, tors = append(racks, rack), append(tors, tor)
	}
	// Core network.
	var cores []*ciPlan
	for i, name := range []string{"core", "core", "fw", "fw", "wan", "wan", "lb", "lb"} {
		desc := map[string]string{"core": "Core switch", "fw": "Edge firewall cluster member", "wan": "WAN router", "lb": "Load balancer"}[name]
		version := map[string]string{"core": "NX-OS 10.4(3)", "fw": "FortiOS 7.4.5", "wan": "IOS XE 17.12", "lb": "BIG-IP 17.1"}[name]
		c := add(fmt.Sprintf("%s%d", name, i%2), fmt.Sprintf("%s-%s-%02d", lc, name, i%2+1), "network", changeManager, "high",
			withHW(map[string]any{"identifier": serial(), "version": version, "description": desc}))
		rel(halls[i%2], itsm.Contains, c)
		if name == "core" {
			cores = append(cores, c)
		}
	}
	for _, t := range tors {
		for _, c := range cores {
			rel(t, itsm.ConnectedTo, c)
		}
	}
	for _, name := range []string{"fw", "lb"} {
		for i := 0; i < 2; i++ {
			for _, c := range cores {
				rel(p.byKey[fmt.Sprintf("%s%d", name, i)], itsm.ConnectedTo, c)
			}
		}
	}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			rel(p.byKey[fmt.Sprintf("wan%d", i)], itsm.ConnectedTo, p.byKey[fmt.Sprintf("fw%d", j)])
		}
	}
	// Storage.
	var sans []*ciPlan
	for i := 0; i < 4; i++ {
		s := add(fmt.Sprintf("san%d", i), fmt.Sprintf("%s-san-%02d", lc, i+1), "hardware", "Jonas Becker", "high",
			withHW(map[string]any{"identifier": serial(), "version": "ONTAP 9.15", "description": "All-flash storage array, 180 TB"}))
		rel(racks[i*5], itsm.Contains, s)
		for _, c := range cores {
			rel(s, itsm.ConnectedTo, c)
		}
		sans = append(sans, s)
	}
	// Physical servers: hypervisor hosts, database servers, backup servers, appliances.
	var hosts, dbServers, backupServers []*ciPlan
	for i := 0; i < 60; i++ {
		var key, title, desc, version string
		crit := "medium"
		switch {
		case i < 40:
			key, title, desc, version = fmt.Sprintf("esx%02d", i), fmt.Sprintf("%s-esx-%02d", lc, i+1), "Hypervisor host, 2x32 cores, 1 TB RAM", "ESXi 8.0 U3"
			crit = "high"
		case i < 48:
			key, title, desc, version = fmt.Sprintf("dbs%02d", i-40), fmt.Sprintf("%s-dbs-%02d", lc, i-39), "Database server, 2x24 cores, 768 GB RAM", "RHEL 9.4"
			crit = "high"
		case i < 54:
			key, title, desc, version = fmt.Sprintf("bks%02d", i-48), fmt.Sprintf("%s-bkp-%02d", lc, i-47), "Backup proxy and repository server", "Windows Server 2022"
		default:
			key, title, desc, version = fmt.Sprintf("apl%02d", i-54), fmt.Sprintf("%s-apl-%02d", lc, i-53), "Appliance server (SBC, HSM, NTP)", "vendor firmware"
		}
		s := add(key, title, "server", "Jonas Becker", crit, withHW(map[string]any{"identifier": serial(), "version": version, "description": desc}))
		rack := racks[(i*7)%20]
		rel(rack, itsm.Contains, s)
		rel(s, itsm.ConnectedTo, tors[(i*7)%20])
		rel(s, itsm.ConnectedTo, tors[(i*7+1)%20])
		switch {
		case i < 40:
			hosts = append(hosts, s)
		case i < 48:
			dbServers = append(dbServers, s)
			rel(s, itsm.DependsOn, sans[i%4])
		case i < 54:
			backupServers = append(backupServers, s)
		}
	}
	// A few hosts are being replaced: new ones delivered, an old one retired, one in maintenance.
	if n == 0 {
		for i := 0; i < 3; i++ {
			c := add(fmt.Sprintf("esxnew%d", i), fmt.Sprintf("%s-esx-%02d", lc, 41+i), "server", "Jonas Becker", "high",
				withHW(map[string]any{"identifier": serial(), "version": "ESXi 8.0 U3", "description": "New hypervisor host, delivered, not yet in the cluster"}))
			c.at = f.workHour(rng, f.ago(float64(9+i)))
			c.state = nil
			rel(racks[18+i%2], itsm.Contains, c)
		}
		hosts[39].state = append(hosts[39].state, step{at: f.workHour(rng, f.ago(2)), to: "maintenance", note: "memory module replacement"})
	}
	// Global items, kept in the first site.
	if n == 0 {
		for i, sw := range software {
			c := add(fmt.Sprintf("sw%02d", i), sw.name, "software", "Sam Okafor", "medium", map[string]any{"version": sw.version, "location": "Software library"})
			c.global = true
		}
		for i, cl := range clouds {
			extra := map[string]any{"description": cl.desc, "location": "Cloud (EU)"}
			if cl.svc == "MAIL" || cl.svc == "IAM" || cl.svc == "WKP" {
				extra["supplier"] = f.suppliers["cloudway"].id
			}
			if cl.svc == "BKP" {
				extra["supplier"] = f.suppliers["vaultline"].id
			}
			c := add(fmt.Sprintf("cloud%02d", i), cl.name, "cloud", "Ana Müller", "high", extra)
			c.global, c.svc = true, f.service(cl.svc)
			if cl.svc == "K8S" {
				c.state = nil
			}
		}
		for i, d := range documents {
			c := add(fmt.Sprintf("doc%02d", i), d.name, "document", smsManager, "medium", map[string]any{"description": d.desc, "location": "Document management"})
			c.global, c.svc = true, f.service(d.svc)
		}
	}
	global := func(key string) *ciPlan {
		if n == 0 {
			return p.byKey[key]
		}
		return first.byKey[key]
	}
	// Databases on the database servers, with replicas for the critical services.
	dbsOf := map[string][]*ciPlan{}
	d := 0
	for _, s := range f.services {
		for i := 0; i < s.dbs; i++ {
			engine := []string{"PostgreSQL", "SQL Server", "Oracle"}[(d+i)%3]
			if s.code == "ERP" {
				engine = "Oracle"
			}
			title := fmt.Sprintf("%s-%s-db%02d", lc, strings.ToLower(s.code), i+1)
			db := add(fmt.Sprintf("db-%s-%d", s.code, i), title, "database", "Mateusz Kowalski", s.crit,
				map[string]any{"description": fmt.Sprintf("%s database of %s", engine, s.name), "version": map[string]string{"PostgreSQL": "16.4", "SQL Server": "2022 CU15", "Oracle": "19.24"}[engine]})
			db.svc = s
			srv := dbServers[d%len(dbServers)]
			rel(db, itsm.RunsOn, srv)
			rel(backupServers[d%len(backupServers)], itsm.BacksUp, db)
			dbsOf[s.code] = append(dbsOf[s.code], db)
			if s.crit == "high" {
				rep := add(fmt.Sprintf("db-%s-%d-r", s.code, i), title+" replica", "database", "Mateusz Kowalski", s.crit,
					map[string]any{"description": "Standby replica of " + title, "version": db.in["version"]})
				rep.svc = s
				rel(rep, itsm.RunsOn, dbServers[(d+4)%len(dbServers)])
				rel(rep, itsm.ConnectedTo, db)
			}
			d++
		}
	}
	// Applications on virtual machines.
	vmN := 0
	newVM := func(s *service, app string, k int) *ciPlan {
		vmN++
		host := hosts[(vmN*3)%len(hosts)]
		title := fmt.Sprintf("vm-%s-%s-%s%02d", lc, strings.ToLower(s.code), slug(app), k+1)
		os := []string{"Windows Server 2022", "RHEL 9.4", "Ubuntu 24.04"}[vmN%3]
		vm := add("vm-"+title, title, "virtual", s.owner, s.crit,
			map[string]any{"identifier": fmt.Sprintf("10.%d.%d.%d", 10+n%200, vmN/250, vmN%250+2), "version": os, "description": "Virtual machine of " + app})
		vm.svc = s
		rel(vm, itsm.RunsOn, host)
		rel(vm, itsm.DependsOn, sans[vmN%len(sans)])
		rel(backupServers[vmN%len(backupServers)], itsm.BacksUp, vm)
		return vm
	}
	middleware := []string{"sw03", "sw04", "sw05", "sw06", "sw07", "sw11", "sw12", "sw13", "sw19"}
	appTitle := func(name string) string {
		if n == 0 {
			return name
		}
		return name + " (" + code + ")"
	}
	var directory, dns *ciPlan
	type appPlan struct {
		c    *ciPlan
		s    *service
		kind string
	}
	var apps []appPlan
	for _, s := range f.services {
		var topApps []*ciPlan
		for i, name := range append(append([]string{}, s.apps...), s.parts...) {
			top := i < len(s.apps)
			crit := s.crit
			if !top && crit == "high" {
				crit = "medium"
			}
			extra := map[string]any{"description": fmt.Sprintf("%s of the service %s", name, s.name), "version": fmt.Sprintf("%d.%d", 1+rng.IntN(12), rng.IntN(10))}
			if s.code == "ERP" && top {
				extra["supplier"] = f.suppliers["erpsys"].id
			}
			if s.code == "PAY" {
				extra["supplier"] = f.suppliers["helix"].id
			}
			c := add("app-"+s.code+"/"+name, appTitle(name), "application", s.owner, crit, extra)
			c.svc = s
			vms := 2
			if top {
				vms = 3
				p.top[s.code+"/"+name] = c
				topApps = append(topApps, c)
			}
			for k := 0; k < vms; k++ {
				rel(c, itsm.RunsOn, newVM(s, name, k))
			}
			rel(c, itsm.DependsOn, global(middleware[(len(apps))%len(middleware)]))
			apps = append(apps, appPlan{c, s, map[bool]string{true: "top", false: "part"}[top]})
			if name == "Directory service" {
				directory = c
			}
			if name == "DNS and DHCP" {
				dns = c
			}
		}
		for _, t := range topApps {
			for _, part := range apps {
				if part.s == s && part.kind == "part" {
					rel(t, itsm.DependsOn, part.c)
				}
			}
			for _, db := range dbsOf[s.code] {
				rel(t, itsm.DependsOn, db)
			}
		}
		// Tenants of the customers on the shared platforms.
		if len(topApps) > 0 && (s.code == "ERP" || s.code == "WEB" || s.code == "PAY" || s.code == "MAIL") {
			for _, ci := range s.customers {
				cu := customersList()[ci]
				if cu.inactive {
					continue
				}
				name := fmt.Sprintf("%s tenant %s", s.apps[0], strings.Fields(cu.name)[0])
				c := add("tenant-"+s.code+"/"+name, appTitle(name), "application", s.owner, s.crit, map[string]any{"description": "Customer tenant of " + s.apps[0]})
				c.svc = s
				rel(c, itsm.DependsOn, topApps[0])
				rel(c, itsm.RunsOn, newVM(s, "tenant", len(apps)))
				apps = append(apps, appPlan{c, s, "tenant"})
			}
		}
		for _, c := range p.items {
			if c.svc != s || c.global {
				continue
			}
			switch s.state {
			case "pipeline":
				// Being built for the new service: planned, not active yet.
				c.at = f.workHour(rng, f.ago(float64(40+rng.IntN(20))))
				c.state = nil
			case "retired":
				c.state = append(c.state, step{at: f.ago(200), to: "retired", note: "service retired"})
			}
		}
	}
	// Shared tools of the operations team.
	for _, name := range sharedApps {
		c := add("shared/"+name, appTitle(name), "application", "Jonas Becker", "medium", map[string]any{"description": name + " used by all operations teams"})
		ops := f.service("NET")
		for k := 0; k < 2; k++ {
			rel(c, itsm.RunsOn, newVM(ops, name, k))
		}
	}
	// Everyone needs the directory and DNS.
	for _, a := range apps {
		if a.kind != "top" {
			continue
		}
		if a.c != directory && a.s.code != "IAM" {
			rel(a.c, itsm.DependsOn, directory)
		}
		if a.c != dns && a.s.code != "NET" {
			rel(a.c, itsm.DependsOn, dns)
		}
	}
	if n == 0 {
		// Cloud tenants and certificates used by the applications.
		for _, c := range p.items {
			if !c.global || c.svc == nil {
				continue
			}
			for _, a := range apps {
				if a.s == c.svc && a.kind == "top" {
					rel(a.c, itsm.DependsOn, c)
					break
				}
			}
		}
	} else {
		// The first site's top applications need their counterparts here.
		for _, s := range f.services {
			for _, name := range s.apps {
				rel(first.top[s.code+"/"+name], itsm.DependsOn, p.top[s.code+"/"+name])
			}
		}
	}
	// Virtual machines replaced during the two years, kept in the CMDB as retired.
	for i := 0; i < 4; i++ {
		s := f.services[i*2]
		title := fmt.Sprintf("vm-%s-%s-old%02d", lc, strings.ToLower(s.code), i+1)
		vm := add("old-"+title, title, "virtual", s.owner, "low", map[string]any{"version": "Windows Server 2016", "description": "Replaced by a new virtual machine"})
		vm.svc = s
		gone := between(rng, vm.at.Add(days(30)), f.ago(20))
		vm.state = append(vm.state, step{at: f.workHour(rng, gone), to: "retired", note: "decommissioned after migration"})
		rel(vm, itsm.RunsOn, hosts[i])
	}
	return p
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
		if b.Len() >= 8 {
			break
		}
	}
	return b.String()
}
