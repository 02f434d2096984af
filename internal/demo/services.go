package demo

import "smsworkbench/internal/itsm"

// ticketText is a kind of incident that recurs on a service, and how it is usually resolved.
type ticketText struct{ title, resolution string }

// requestText is an item of the request catalogue of a service.
type requestText struct {
	title, kind string
	approval    bool
}

// service is one entry of the demo's service catalogue.
type service struct {
	code, name, owner, typ, crit string
	hours, calendar              string  // service hours as the catalogue says; the SLA calendar
	avail                        float64 // availability target (%)
	state                        string  // live, pipeline or retired
	team                         []string
	desc, reqs                   string
	customers                    []int // indexes into customers
	weight, reqWeight            int   // share of the incidents and requests
	budget                       float64
	costCat                      string
	supplier                     string // main supplier key, for costs
	apps, parts                  []string
	dbs                          int // databases of the service in each site
	incidents                    []ticketText
	requests                     []requestText
	targets                      []map[string]any

	id, slaID string
	cal       *itsm.Calendar
	retiredAt string // the day it was retired, for the retired service
	cis       []string
	top       []string
}

func (s *service) live() bool { return s.state != "pipeline" }

var targets24x7 = []map[string]any{
	{"priority": int64(1), "respond": "15m", "resolve": "4h"},
	{"priority": int64(2), "respond": "30m", "resolve": "8h"},
	{"priority": int64(3), "respond": "1h", "resolve": "1d"},
	{"priority": int64(4), "respond": "4h", "resolve": "3d"},
	{"priority": int64(5), "respond": "1d", "resolve": "5d"},
}

// Targets on office hours count business time only: "16h" on Mon-Fri 08:00-18:00 is a day and
// a half of working time, "50h" a working week.
var targetsOffice = []map[string]any{
	{"priority": int64(1), "respond": "15m", "resolve": "4h"},
	{"priority": int64(2), "respond": "30m", "resolve": "8h"},
	{"priority": int64(3), "respond": "2h", "resolve": "16h"},
	{"priority": int64(4), "respond": "4h", "resolve": "30h"},
	{"priority": int64(5), "respond": "8h", "resolve": "50h"},
}

const office = "Mon-Fri 08:00-18:00"

func catalogue() []*service {
	return []*service{
		{code: "MAIL", name: "E-mail and collaboration", owner: "Ana Müller", typ: "customer", crit: "high",
			hours: "24x7", calendar: "24x7", avail: 99.9, state: "live", team: []string{"Ana Müller", "Jonas Becker", "Aoife Murphy"},
			desc:      "Mailboxes, calendars, Teams chat and meetings, and the mail gateway for the staff of our customers, run in our hybrid Exchange platform and Microsoft 365.",
			reqs:      "Mail flow 24x7; spam and malware filtered before delivery; mailboxes of 50 GB; retention of 10 years for the bank customers.",
			customers: []int{0, 1, 2, 3, 4, 5, 6}, weight: 14, reqWeight: 16, budget: 420000, costCat: "software", supplier: "cloudway",
			apps: []string{"Exchange hybrid", "Mail gateway", "Teams voice gateway"}, parts: []string{"Mail archive", "Anti-spam filter", "Mail journaling", "Calendar sync connector"},
			dbs: 2,
			incidents: []ticketText{
				{"Users cannot send e-mail with attachments", "Attachment size limit on the send connector had been reset by an update; set back to 35 MB and tested with the reporter."},
				{"Outlook asks for password repeatedly", "Stale credentials in the Windows credential manager after the password change; cleared them and re-created the Outlook profile."},
				{"Mail to external recipients delayed by hours", "Outbound queue on the mail gateway blocked by a blacklisted relay IP; delisted the address and flushed the queue."},
				{"Shared mailbox not visible in Outlook", "Automapping was missing after the migration; re-granted full access with automapping and restarted Outlook."},
				{"Teams calls drop after two minutes", "SBC certificate chain incomplete after the renewal; installed the intermediate certificate on the voice gateway."},
				{"Phishing e-mail reported by several users", "Message purged from all mailboxes, sender domain blocked, affected users reminded; no credentials entered."},
				{"Calendar invitations arrive without the Teams link", "Teams meeting add-in disabled by a Group Policy; re-enabled it for the customer's OU."},
				{"Mailbox full, cannot receive mail", "Enabled the archive mailbox and ran the retention policy; mailbox down to 60 %."},
			},
			requests: []requestText{{"New mailbox", "New mailbox", false}, {"Access to a shared mailbox", "Mailbox permission", true},
				{"New distribution list", "Distribution list", false}, {"Restore deleted e-mails", "Mail restore", false}},
		},
		{code: "DESK", name: "Service desk", owner: "Tom Øresund", typ: "customer", crit: "high",
			hours: "Mon-Fri 07:00-19:00", calendar: "Mon-Fri 07:00-19:00", avail: 99.5, state: "live",
			team: []string{"Tom Øresund", "Marta Nowak", "Sophie Wagner"},
			desc: "Single point of contact by phone, portal and e-mail in English, German and Polish, with first-line resolution and the management of every incident and request to its end.",
			reqs: "80 % of calls answered within 30 seconds; tickets logged within 15 minutes; languages EN, DE, PL.", customers: []int{0, 1, 2, 3, 4, 5, 6},
			weight: 6, reqWeight: 6, budget: 610000, costCat: "staff",
			apps: []string{"Ticketing system", "Self-service portal", "Contact centre telephony"}, parts: []string{"Knowledge base", "Remote support tool", "Desk reporting"}, dbs: 1,
			incidents: []ticketText{
				{"Ticket portal returns error 502", "Application pool of the portal crashed after a memory leak; recycled it and raised the recycling schedule."},
				{"Phone queue drops calls after two minutes", "Queue timeout mis-set in the contact centre configuration after the holiday schedule change; corrected."},
				{"Portal login fails for one customer", "The customer's SSO signing certificate had expired; imported the new metadata."},
				{"Ticket notifications not sent", "SMTP relay credentials of the ticketing system expired; renewed them and re-sent the queued notifications."},
				{"Remote support sessions fail to connect", "Remote support broker lost its licence after the renewal; re-applied the licence key."},
			},
			requests: []requestText{{"New portal user", "Portal access", false}, {"New report in the customer dashboard", "Reporting", true}},
		},
		{code: "ERP", name: "ERP hosting", owner: "Zofia Łódź", typ: "customer", crit: "high",
			hours: "24x7", calendar: "24x7", avail: 99.9, state: "live", team: []string{"Zofia Łódź", "Mateusz Kowalski", "Luca Bianchi"},
			desc:      "Hosting and application management of the ERP system for finance, purchasing and logistics, including month-end support, printing and EDI.",
			reqs:      "Availability 99.9 %; month-end close supported with extended on-call; backups every 4 hours; EDI messages processed within 15 minutes.",
			customers: []int{0, 1, 5}, weight: 12, reqWeight: 8, budget: 780000, costCat: "cloud", supplier: "erpsys",
			apps: []string{"ERP application", "ERP reporting", "ERP integration hub"}, parts: []string{"ERP batch scheduler", "ERP print server", "EDI gateway", "ERP web client", "ERP document archive"},
			dbs: 4,
			incidents: []ticketText{
				{"ERP month-end report runs for hours", "Missing index on the posting table after the upgrade; index created, report back to 12 minutes."},
				{"ERP login fails for the finance team", "Role assignment lost in the nightly user sync; re-synced the roles and fixed the mapping."},
				{"ERP invoice PDF shows wrong VAT", "Tax code table not updated for the new rate; corrected the table and re-issued the affected invoices."},
				{"EDI orders from a customer not processed", "Partner certificate expired on the EDI gateway; installed the new certificate and re-processed the queue."},
				{"ERP batch jobs stuck in the scheduler", "Scheduler lost its database connection during failover; restarted the scheduler and re-ran the jobs."},
				{"ERP printing to the warehouse fails", "Print queue on the ERP print server paused after a driver update; rolled back the driver."},
				{"ERP slow for all users", "Database statistics stale after a large import; updated the statistics, response times normal."},
			},
			requests: []requestText{{"ERP role change", "ERP authorisation", true}, {"Copy production to test client", "ERP client copy", true},
				{"New ERP printer", "ERP printer", false}},
		},
		{code: "NET", name: "Network and connectivity", owner: "Rui Costa", typ: "supporting", crit: "high",
			hours: "24x7", calendar: "24x7", avail: 99.95, state: "live", team: []string{"Rui Costa", "Emre Demir", "Jonas Becker"},
			desc:      "Data centre and site networks, WAN links to the customer offices, internet access, remote access VPN, DNS and DHCP.",
			reqs:      "Redundant WAN links for every site above 50 users; VPN for all staff; firewall changes through change management.",
			customers: []int{0, 1, 2, 3, 4, 5, 6}, weight: 12, reqWeight: 9, budget: 520000, costCat: "supplier", supplier: "baltic",
			apps: []string{"Remote access VPN", "DNS and DHCP", "Network monitoring"}, parts: []string{"NAC service", "Wi-Fi controller", "Syslog collector", "NTP service", "IPAM"},
			dbs: 1,
			incidents: []ticketText{
				{"Packet loss on the WAN link to Warsaw", "Carrier replaced a faulty line card at their PoP; loss gone, monitored for 24 hours."},
				{"Wi-Fi unavailable on floor 3", "Access points lost their PoE after a switch reboot; power budget raised and APs re-joined."},
				{"VPN disconnects every 10 minutes", "DPD timers mismatched after the VPN gateway update; aligned the timers on the client profile."},
				{"DNS resolution slow at the Oslo office", "Forwarder pointed to a decommissioned DNS server; corrected DHCP options."},
				{"Internet access down at the Lisbon office", "Carrier outage at the local exchange; failed over to LTE backup until the carrier fixed it."},
				{"Firewall CPU at 100 %", "A misconfigured logging rule caused the load; disabled per-packet logging for the rule."},
				{"Core switch port flapping", "Faulty SFP module replaced; port stable."},
			},
			requests: []requestText{{"VPN access for a user", "VPN access", true}, {"Firewall rule", "Firewall rule", true}, {"New network port", "Network port", false}},
		},
		{code: "BKP", name: "Backup and recovery", owner: "Priya Nair", typ: "supporting", crit: "medium",
			hours: office, calendar: office, avail: 99.5, state: "live", team: []string{"Priya Nair", "Mateusz Kowalski", "Sophie Wagner"},
			desc:      "Daily backups of servers, databases and mailboxes to disk, replication to the offsite vault, and restores on request.",
			reqs:      "RPO 24 hours (4 hours for ERP); restores within one working day; offsite copies kept 90 days.",
			customers: []int{0, 1, 2, 3, 4, 5, 6}, weight: 7, reqWeight: 10, budget: 260000, costCat: "hardware", supplier: "vaultline",
			apps: []string{"Backup manager", "Offsite replication"}, parts: []string{"Backup catalogue", "Restore portal", "Tape library controller"}, dbs: 1,
			incidents: []ticketText{
				{"Nightly backup job failed", "Snapshot could not be taken because the VM had an orphaned snapshot; consolidated the disks and re-ran the job."},
				{"Offsite replication behind by two days", "Replication throttled after the bandwidth schedule change; schedule corrected, replication caught up."},
				{"Backup of the mail archive fails with a timeout", "Raised the timeout for large objects and split the job."},
				{"Restore of a file share fails", "Index of the backup catalogue damaged; rebuilt the catalogue and restored."},
				{"Backup repository almost full", "Old restore points expired manually and retention corrected."},
			},
			requests: []requestText{{"Restore a deleted folder", "Restore", false}, {"Restore a database to a point in time", "Restore", true}, {"Add a server to backup", "Backup job", false}},
		},
		{code: "IAM", name: "Identity and access", owner: "Lena Berg", typ: "supporting", crit: "high",
			hours: "24x7", calendar: "24x7", avail: 99.9, state: "live", team: []string{"Lena Berg", "Ingrid Håkansson", "Aoife Murphy"},
			desc:      "Directory, single sign-on, multi-factor authentication and privileged access for staff and customer users.",
			reqs:      "MFA for all remote and privileged access; leavers disabled within 4 hours; quarterly access reviews.",
			customers: []int{0, 1, 2, 3, 4, 5, 6}, weight: 9, reqWeight: 14, budget: 310000, costCat: "software", supplier: "cloudway",
			apps: []string{"Directory service", "MFA service", "Privileged access vault"}, parts: []string{"SSO gateway", "Identity lifecycle manager", "Certificate authority", "RADIUS service"},
			dbs: 2,
			incidents: []ticketText{
				{"Account locked after password change", "Old password cached on a mobile device; removed the mail profile from the phone and unlocked the account."},
				{"MFA push notifications delayed", "Push service certificate renewal pending at the provider; users switched to codes until it was fixed."},
				{"SSO login to the HR portal fails", "Claim rule changed by the application vendor; updated the claim mapping."},
				{"Directory replication errors between sites", "Site link lost after the firewall change; re-opened the replication ports."},
				{"Privileged session recording stopped", "Recording disk full; extended the volume and archived old recordings."},
			},
			requests: []requestText{{"New user account", "User account", false}, {"Leaver: disable account", "Leaver", false},
				{"Admin rights for a server", "Privileged access", true}, {"Reset MFA device", "MFA reset", false}},
		},
		{code: "WKP", name: "Client workplace", owner: "Sam Okafor", typ: "customer", crit: "medium",
			hours: office, calendar: office, avail: 99.0, state: "live", team: []string{"Sam Okafor", "Marta Nowak", "Fatma Yılmaz"},
			desc:      "Laptops, mobile devices and printers: supply, image, device management, software distribution, patching and repairs at the customer sites.",
			reqs:      "New laptops within 5 working days; repairs on site within 2 working days; monthly patching.",
			customers: []int{0, 1, 2, 4, 5, 6}, weight: 16, reqWeight: 24, budget: 540000, costCat: "hardware", supplier: "printfleet",
			apps: []string{"Device management (MDM)", "Software distribution", "Print service"}, parts: []string{"Patch management", "Endpoint protection console", "Licence manager", "Asset inventory"},
			dbs: 1,
			incidents: []ticketText{
				{"New laptop cannot enrol in MDM", "Device was not registered for autopilot by the reseller; registered the hardware hash and re-enrolled."},
				{"Laptop battery swelling reported", "Laptop collected and replaced under warranty; battery disposed of safely."},
				{"Printer queue stuck in accounts", "Print spooler hung on a corrupt job; cleared the job and restarted the spooler."},
				{"Software centre shows no applications", "Client certificate expired; re-issued and forced a policy refresh."},
				{"Laptop does not boot after update", "BitLocker recovery after a firmware update; entered the recovery key and suspended protection for the update."},
				{"Monitor flickers on docking station", "Docking station firmware updated."},
				{"Outlook crashes after the Office update", "Faulty add-in incompatible with the new build; disabled the add-in and informed the vendor."},
				{"Scanner to e-mail not working", "SMTP password of the multifunction printer expired; updated it."},
			},
			requests: []requestText{{"New laptop", "New laptop", true}, {"Install software", "Software installation", false},
				{"New mobile phone", "Mobile device", true}, {"Replace a broken keyboard", "Accessory", false}, {"Printer toner", "Consumables", false}},
		},
		{code: "WEB", name: "Website hosting", owner: "Luca Bianchi", typ: "customer", crit: "low",
			hours: "24x7", calendar: "24x7", avail: 99.5, state: "live", team: []string{"Luca Bianchi", "Emre Demir", "Jonas Becker"},
			desc:      "Hosting of the customers' public websites and web shops on a shared content management platform behind a web application firewall and CDN.",
			reqs:      "TLS everywhere; WAF in blocking mode; content changes by the customers themselves.",
			customers: []int{0, 3, 4, 5}, weight: 5, reqWeight: 5, budget: 180000, costCat: "cloud",
			apps: []string{"Web content management", "Customer websites platform"}, parts: []string{"Web application firewall", "Image CDN origin", "Web search index"}, dbs: 2,
			incidents: []ticketText{
				{"Website certificate expires in 5 days", "Automated renewal failed on a DNS challenge; fixed the DNS API token and renewed."},
				{"Website slow for visitors in Asia", "CDN cache rules bypassed by a new cookie; excluded the cookie from the cache key."},
				{"Web shop checkout returns error 500", "Payment plugin incompatible with the new PHP version; pinned the previous plugin version."},
				{"Website defacement attempt blocked by WAF", "Attack blocked; source addresses blocked and the CMS plugins updated."},
			},
			requests: []requestText{{"New website", "Website", true}, {"Add an editor account", "CMS account", false}},
		},
		{code: "DBS", name: "Managed databases", owner: "Mateusz Kowalski", typ: "customer", crit: "medium",
			hours: "24x7", calendar: "24x7", avail: 99.9, state: "live", team: []string{"Mateusz Kowalski", "Luca Bianchi", "Priya Nair"},
			desc:      "PostgreSQL and SQL Server databases run for the customers' own applications: installation, patching, tuning, backups and restores.",
			reqs:      "Highly available clusters for production; quarterly patching; point-in-time recovery for 14 days.",
			customers: []int{1, 2, 3, 5}, weight: 6, reqWeight: 6, budget: 290000, costCat: "software",
			apps: []string{"PostgreSQL platform", "SQL Server platform"}, parts: []string{"Database monitoring", "Database backup agent"}, dbs: 10,
			incidents: []ticketText{
				{"Database connection limit reached", "Connection leak in the customer's application; raised the limit temporarily and informed the customer."},
				{"Replication lag on the PostgreSQL cluster", "Long-running transaction blocked the replay; terminated it after agreement with the customer."},
				{"SQL Server agent jobs not running", "Agent service stopped after patching; set to automatic and started."},
				{"Database disk 95 % full", "Transaction log not truncated due to a failed log backup; fixed the backup and shrank the log."},
			},
			requests: []requestText{{"New database", "Database", true}, {"Database user", "Database access", false}},
		},
		{code: "PAY", name: "Payroll hosting", owner: "Fatma Yılmaz", typ: "customer", crit: "high",
			hours: office, calendar: office, avail: 99.5, state: "live", team: []string{"Fatma Yılmaz", "Sophie Wagner", "Mateusz Kowalski"},
			desc:      "Hosting and operation of the payroll application for the customers in Germany and Poland, with the payslip portal and the time recording interfaces.",
			reqs:      "Payroll runs on the agreed days without exception; statutory updates installed before they take effect.",
			customers: []int{1, 2, 3, 6}, weight: 5, reqWeight: 4, budget: 230000, costCat: "software", supplier: "helix",
			apps: []string{"Payroll application", "Payroll interfaces"}, parts: []string{"Payslip portal", "Time recording"}, dbs: 2,
			incidents: []ticketText{
				{"Payroll run aborts with a tax table error", "Statutory tax tables for the new year not imported; imported them and re-ran the payroll."},
				{"Payslip portal shows last month's payslips", "Publishing job ran before the payroll had finished; re-published."},
				{"Time recording import rejected", "File format changed by the terminal vendor; adapted the import mapping."},
			},
			requests: []requestText{{"Payroll user access", "Payroll access", true}, {"Extra payroll run", "Payroll run", true}},
		},
		{code: "K8S", name: "Managed Kubernetes platform", owner: "Emre Demir", typ: "customer", crit: "medium",
			hours: "24x7", calendar: "24x7", avail: 99.9, state: "pipeline", team: []string{"Emre Demir", "Luca Bianchi"},
			desc: "Planned: managed Kubernetes clusters for the customers' container workloads, with registry, ingress and monitoring.",
			reqs: "Pilot with two customers in the first half of next year.", customers: []int{3, 5},
			budget: 150000, costCat: "cloud", apps: []string{"Kubernetes control plane"}, parts: []string{"Container registry", "Ingress controller"},
		},
		{code: "FAX", name: "Fax and legacy telephony", owner: "Henrik Sørensen", typ: "customer", crit: "low",
			hours: office, calendar: office, avail: 99.0, state: "retired", team: []string{"Henrik Sørensen", "Marta Nowak"},
			desc:      "Fax server and analogue telephony for the customers that still needed them; retired after the last customer moved to e-mail and Teams telephony.",
			customers: []int{1, 7}, weight: 2, reqWeight: 1, budget: 40000, costCat: "supplier", supplier: "telefax",
			apps: []string{"Fax server"}, parts: []string{"Legacy PBX"},
			incidents: []ticketText{
				{"Faxes not delivered to the warehouse", "Fax line reset by the carrier; re-registered the line."},
				{"Fax server does not print incoming faxes", "Printer mapping lost after a reboot; re-mapped."},
			},
			requests: []requestText{{"New fax number", "Fax number", false}},
		},
	}
}
