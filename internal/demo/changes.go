package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"
)

type changeModel struct {
	key, title, svc, risk, desc, proc string
	draft                             bool
	id                                string
}

// changeModels writes the pre-approved models of the standard changes.
func (f *filler) changeModels() error {
	f.models = []*changeModel{
		{key: "patch", title: "Monthly server patching", risk: "low", desc: "Security and quality updates of the operating system of servers in a patch group.",
			proc: "1. Take a snapshot. 2. Install the updates of the month from the patch repository. 3. Reboot in the window. 4. Run the service checks. 5. Remove the snapshot after 3 days."},
		{key: "cert", title: "Renew a TLS certificate", svc: "WEB", risk: "low", desc: "Renewal of a certificate by the same authority with the same names.",
			proc: "1. Request the certificate. 2. Install it beside the old one. 3. Switch the binding. 4. Check the chain from outside."},
		{key: "fw", title: "Firewall rule from the approved catalogue", svc: "NET", risk: "low", desc: "A rule of a pattern in the firewall rule catalogue (published service, partner VPN, monitoring).",
			proc: "1. Check the request against the catalogue. 2. Add the rule with the ticket number in its name. 3. Test with the requester."},
		{key: "vm", title: "Resize a virtual machine within approved limits", risk: "low", desc: "CPU and memory within the limits of the service's capacity plan.",
			proc: "1. Check host capacity. 2. Change the resources in the window. 3. Restart. 4. Check the application."},
		{key: "image", title: "Deploy a laptop image build to a pilot group", svc: "WKP", risk: "medium", desc: "A tested image build to at most 50 pilot devices.",
			proc: "1. Publish the build to the pilot collection. 2. Monitor the deployment report. 3. Stop on more than 5 % failures."},
		{key: "tenant", title: "Add a customer tenant to the web platform", svc: "WEB", risk: "low", desc: "Proposed model: a new website on the shared platform from the template.",
			proc: "Draft, to be approved by the CAB.", draft: true},
	}
	var recs []*rec
	for i, m := range f.models {
		in := map[string]any{"title": m.title, "description": m.desc, "procedure": m.proc, "risk": m.risk}
		if m.svc != "" {
			in["service"] = f.service(m.svc).id
		}
		at := f.since(6).Add(time.Duration(i) * 20 * time.Minute)
		if m.draft {
			at = f.workHour(f.rng("models"), f.ago(12))
		}
		r := newRec("changemodel", at, in).into(&m.id)
		if !m.draft {
			approved := at.Add(days(6))
			r.then(approved, map[string]any{"approved_by": cab, "approved_on": day(approved), "review_due": day(f.ahead(float64(30 + 20*i)))}, "approved")
		}
		recs = append(recs, r)
	}
	return f.write(recs...)
}

func (f *filler) model(key string) *changeModel {
	for _, m := range f.models {
		if m.key == key {
			return m
		}
	}
	panic("demo: no change model " + key)
}

// changePlan is one change before it is written.
type changePlan struct {
	title, typ, risk string
	svc              *service
	model            *changeModel
	start, end       time.Time // planned window
	created          time.Time
	outcome          string // successful, partial, failed
	fate             string // done, rejected, cancelled
	release          *releasePlan
	desc             string
	cis              []any
	keep             bool      // never rejected or cancelled
	windowAt         time.Time // when the planned window was requested, when it is written last
	id               string
}

type releasePlan struct {
	title, version, typ string
	svc                 *service
	at                  time.Time // planned deployment
	failedTest          bool
	id                  string
}

// problemPlan is one problem before it is written.
type problemPlan struct {
	svc                                   *service
	tmpl                                  int
	priority                              int64
	detected, investigating, known, fixed time.Time // zero when the problem never got there
	closed                                time.Time
	cancelled, ke                         bool
	ci                                    string
	fix                                   *changePlan
	id                                    string
}

// weighted picks a service by its share of the incidents.
func weighted(rng *rand.Rand, services []*service, weight func(*service) int) *service {
	total := 0
	for _, s := range services {
		total += weight(s)
	}
	n := rng.IntN(total)
	for _, s := range services {
		if n -= weight(s); n < 0 {
			return s
		}
	}
	return services[0]
}

// planWork plans the problems, the releases and the changes, which refer to each other.
func (f *filler) planWork() error {
	rng := f.rng("problems")
	live := []*service{}
	for _, s := range f.services {
		if s.state == "live" {
			live = append(live, s)
		}
	}
	for i := 0; i < 40*f.scale; i++ {
		s := weighted(rng, live, func(s *service) int { return s.weight })
		p := &problemPlan{svc: s, tmpl: rng.IntN(len(s.incidents)), priority: int64(2 + rng.IntN(3))}
		p.detected = f.workHour(rng, between(rng, f.since(25), f.ago(2)))
		p.investigating = f.workHour(rng, p.detected.Add(days(float64(rng.IntN(3)))))
		p.ci = pick(rng, s.cis)
		switch x := rng.IntN(100); {
		case x < 8: // raised lately, still being investigated
			p.detected = f.workHour(rng, between(rng, f.ago(45), f.ago(2)))
			p.investigating = f.workHour(rng, p.detected.Add(days(float64(rng.IntN(2)))))
		case x < 12:
			p.cancelled = true
		case x < 15: // resolved without a known error
			p.fixed = f.workHour(rng, p.investigating.Add(days(float64(4+rng.IntN(30)))))
		case x < 85:
			p.known = f.workHour(rng, p.investigating.Add(days(float64(2+rng.IntN(20)))))
			p.fixed = f.workHour(rng, p.known.Add(days(float64(10+rng.IntN(80)))))
			p.ke = rng.IntN(100) < 35
		default: // waiting for a vendor fix
			p.known = f.workHour(rng, p.investigating.Add(days(float64(2+rng.IntN(20)))))
			p.ke = true
		}
		if !p.fixed.IsZero() {
			p.closed = f.workHour(rng, p.fixed.Add(days(float64(7+rng.IntN(14)))))
		}
		f.probs = append(f.probs, p)
	}
	sort.SliceStable(f.probs, func(i, j int) bool { return f.probs[i].detected.Before(f.probs[j].detected) })

	rng = f.rng("changes")
	releases := f.planReleases(rng)
	var plans []*changePlan
	add := func(c *changePlan) { plans = append(plans, c) }
	// Changes of the releases.
	for _, r := range releases {
		titles := releaseChanges[r.svc.code]
		n := 2 + rng.IntN(3)
		for k := 0; k < n && k < len(titles); k++ {
			start := f.local(r.at, 20, 0).Add(time.Duration(k*30) * time.Minute)
			add(&changePlan{title: fmt.Sprintf(titles[k], r.version), typ: "normal", risk: pick(rng, []string{"medium", "medium", "high"}), svc: r.svc,
				start: start, end: start.Add(3 * time.Hour), created: f.workHour(rng, r.at.Add(-days(float64(14+rng.IntN(10))))),
				release: r, desc: fmt.Sprintf("Part of %s: %s.", r.title, strings.ToLower(fmt.Sprintf(titles[k], r.version)))})
		}
	}
	// Permanent fixes of problems.
	for _, p := range f.probs {
		if p.fixed.IsZero() || p.fixed.After(f.ahead(14)) {
			continue
		}
		start := f.local(p.fixed.Add(-days(float64(1+rng.IntN(3)))), 20, 0)
		t := p.svc.incidents[p.tmpl]
		c := &changePlan{title: "Permanent fix: " + lowerFirst(t.title), typ: "normal", risk: "medium", svc: p.svc, start: start, end: start.Add(2 * time.Hour),
			created: f.workHour(rng, start.Add(-days(float64(8+rng.IntN(8))))), desc: "Removes the root cause of the problem: " + rootCause(t.resolution)}
		p.fix = c
		add(c)
	}
	// Standard changes by their models, other normal changes, emergency changes.
	n := 200 * f.scale
	rest := n - len(plans)
	for i := 0; i < rest; i++ {
		at := between(rng, f.since(20), f.ahead(14))
		switch x := rng.IntN(100); {
		case x < 58:
			add(f.standardChange(rng, at))
		case x < 88:
			add(f.normalChange(rng, at))
		default:
			add(f.emergencyChange(rng, at))
		}
	}
	// Two changes on the ERP service whose windows overlap next weekend.
	sat := f.now.AddDate(0, 0, (int(time.Saturday)-int(f.now.In(f.berlin).Weekday())+7)%7+7)
	erp := f.service("ERP")
	a := f.local(sat, 6, 0)
	add(&changePlan{title: "Quarterly Oracle patch on the ERP databases", typ: "normal", risk: "high", svc: erp, start: a, end: a.Add(4 * time.Hour),
		created: f.workHour(rng, f.ago(9)), desc: "Security patch bundle of the quarter on the ERP database servers, primary and standby.", keep: true})
	add(&changePlan{title: "Move ERP batch scheduler to new virtual machines", typ: "normal", risk: "medium", svc: erp, start: a.Add(2 * time.Hour), end: a.Add(5 * time.Hour),
		created: f.workHour(rng, f.ago(6)), desc: "Migration of the batch scheduler off the old Windows Server 2016 machines.", keep: true})
	for _, c := range plans {
		if c.fate == "" {
			c.fate = "done"
		}
		if c.outcome == "" {
			switch x := rng.IntN(100); {
			case c.typ == "standard" && x < 97, c.typ != "standard" && x < 90:
				c.outcome = "successful"
			case x < 95 || c.typ == "standard":
				c.outcome = "partial"
			default:
				c.outcome = "failed"
			}
		}
		if c.fate == "done" && c.release == nil && c.typ == "normal" && !c.keep && rng.IntN(100) < 10 {
			c.fate = pick(rng, []string{"rejected", "cancelled"})
		}
		if len(c.cis) == 0 && len(c.svc.cis) > 0 {
			for k := 0; k < 1+rng.IntN(3); k++ {
				c.cis = append(c.cis, pick(rng, c.svc.cis))
			}
		}
	}
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].created.Before(plans[j].created) })
	f.changes = plans
	f.releases = releases
	return nil
}

// lowerFirst lowers the first letter of a title for use inside a sentence, unless its first
// word is an acronym or a name.
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if len(word) < 2 || strings.ToUpper(word[:2]) == word[:2] || slices.Contains(names, word) {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

var names = []string{"Outlook", "Teams", "Exchange", "Windows", "Oracle", "PostgreSQL"}

// rootCause is the first half of a resolution text: what was wrong.
func rootCause(resolution string) string {
	cause, _, _ := strings.Cut(resolution, ";")
	return strings.TrimSuffix(cause, ".") + "."
}

// workaround is the second half of a resolution text: what fixed it.
func workaround(resolution string) string {
	_, fix, ok := strings.Cut(resolution, ";")
	if !ok {
		return "Service desk applies the fix in the knowledge base: " + resolution
	}
	fix = strings.TrimSpace(fix)
	return "Until the permanent fix: " + fix
}

var releaseChanges = map[string][]string{
	"ERP":  {"Upgrade ERP application to %s", "Apply ERP database schema changes for %s", "Update ERP print templates for %s", "Deploy ERP web client %s"},
	"WKP":  {"Publish laptop image %s to all devices", "Update the software catalogue for image %s", "Update the driver packages for image %s"},
	"WEB":  {"Upgrade web content management to %s", "Update the web application firewall rules for %s", "Migrate the customer websites to %s"},
	"MAIL": {"Install %s on the Exchange hybrid servers", "Update the mail gateway for %s"},
	"PAY":  {"Install the payroll statutory update %s", "Update the payslip portal for %s"},
	"DESK": {"Upgrade the ticketing system to %s", "Publish new portal forms with %s"},
}

// planReleases plans the releases of each release stream, the latest ERP release a few days
// ahead.
func (f *filler) planReleases(rng *rand.Rand) []*releasePlan {
	streams := []struct {
		svc, name, ver string
		every          int
		offset         float64
	}{
		{"ERP", "ERP release", "11.%d", 91, -9},
		{"WKP", "Laptop image", "%d", 120, 20},
		{"WEB", "Web platform", "5.%d", 180, 45},
		{"MAIL", "Exchange cumulative update", "CU%d", 240, 70},
		{"PAY", "Payroll statutory update", "%d", 365, 0},
		{"DESK", "Service desk tooling", "24.%d", 365, 110},
	}
	var out []*releasePlan
	for _, st := range streams {
		every := float64(st.every) / float64(f.scale)
		var dates []time.Time
		offset := st.offset
		if st.svc == "PAY" {
			// Statutory updates go live in the first week of December.
			y := f.now.Year()
			if f.now.Before(time.Date(y, 12, 3, 0, 0, 0, 0, time.UTC)) {
				y--
			}
			offset = f.now.Sub(time.Date(y, 12, 3, 12, 0, 0, 0, time.UTC)).Hours() / 24
		}
		for d := offset; f.ago(d).After(f.since(40)); d += every {
			dates = append(dates, f.ago(d))
		}
		inYear := map[int]int{}
		for k := len(dates) - 1; k >= 0; k-- {
			at := dates[k]
			for wd := at.In(f.berlin).Weekday(); wd == time.Saturday || wd == time.Sunday || wd == time.Friday; wd = at.In(f.berlin).Weekday() {
				at = at.AddDate(0, 0, 1)
			}
			n := len(dates) - k
			inYear[at.Year()]++
			version := fmt.Sprintf(st.ver, n)
			switch st.svc {
			case "WKP":
				version = fmt.Sprintf("%d.%d", at.Year(), inYear[at.Year()])
			case "PAY":
				version = fmt.Sprintf("%d", at.Year()+1)
				if inYear[at.Year()] > 1 {
					version = fmt.Sprintf("%d.%d", at.Year()+1, inYear[at.Year()]-1)
				}
			}
			typ := "minor"
			if n%4 == 1 && st.svc == "ERP" || st.svc == "PAY" {
				typ = "major"
			}
			out = append(out, &releasePlan{title: st.name + " " + version, version: version, typ: typ, svc: f.service(st.svc), at: at,
				failedTest: rng.IntN(12) == 0})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func (f *filler) standardChange(rng *rand.Rand, at time.Time) *changePlan {
	var m *changeModel
	var s *service
	var title string
	live := f.liveServices()
	switch x := rng.IntN(100); {
	case x < 40:
		m, s = f.model("patch"), pick(rng, live)
		title = fmt.Sprintf("Monthly patching: %s servers, group %c", s.name, 'A'+rune(rng.IntN(3)))
	case x < 55:
		m, s = f.model("cert"), f.service(pick(rng, []string{"WEB", "WEB", "DESK", "MAIL"}))
		title = "Renew TLS certificate " + pick(rng, []string{"www", "shop", "portal", "autodiscover", "api", "sso"}) + "." + strings.ToLower(strings.Fields(pick(rng, f.customers).name)[0]) + ".example"
	case x < 75:
		m, s = f.model("fw"), f.service("NET")
		title = fmt.Sprintf("Firewall rule: %s for %s", pick(rng, []string{"publish SFTP", "partner VPN", "monitoring access", "API access", "backup replication"}),
			strings.Fields(pick(rng, f.customers).name)[0])
	case x < 90:
		m, s = f.model("vm"), pick(rng, live)
		title = fmt.Sprintf("Resize virtual machine of %s: +%d GB RAM", s.name, 8*(1+rng.IntN(4)))
	default:
		m, s = f.model("image"), f.service("WKP")
		title = fmt.Sprintf("Laptop image pilot for %s", pick(rng, []string{"finance", "warehouse", "sales", "HR", "service desk"}))
	}
	start := f.local(at, 19, 0)
	if m.key == "cert" || m.key == "fw" {
		start = f.workHour(rng, at)
	}
	return &changePlan{title: title, typ: "standard", risk: m.risk, svc: s, model: m, start: start, end: start.Add(time.Duration(1+rng.IntN(2)) * time.Hour),
		created: f.workHour(rng, start.Add(-days(float64(1+rng.IntN(5))))), desc: m.desc}
}

var normalChanges = []struct{ svc, title string }{
	{"NET", "Replace core switch %s"}, {"NET", "Increase WAN bandwidth to the %s office"}, {"NET", "Upgrade firewall firmware on %s"},
	{"NET", "Add Wi-Fi access points at the %s office"}, {"BKP", "Extend the backup repository by 100 TB"}, {"BKP", "Upgrade the backup software"},
	{"IAM", "Enable MFA for all %s administrators"}, {"IAM", "Raise the domain functional level"}, {"IAM", "Replace the certificate authority"},
	{"ERP", "Add an application server to the ERP cluster"}, {"ERP", "Change the ERP backup schedule to every 4 hours"},
	{"MAIL", "Migrate shared mailboxes of %s to Exchange Online"}, {"MAIL", "Enable DMARC reject for %s"},
	{"DBS", "Upgrade PostgreSQL cluster for %s"}, {"DBS", "Move SQL Server databases of %s to the new cluster"},
	{"WKP", "Roll out the new VPN client to %s"}, {"WKP", "Replace printers at the %s office"}, {"WEB", "Move the %s web shop to the new PHP version"},
	{"PAY", "Add the %s time recording terminals"}, {"DESK", "Introduce the chat channel for %s"}, {"NET", "Storage firmware upgrade in %s"},
}

var emergencyChanges = []struct{ svc, title string }{
	{"MAIL", "Emergency: block the malicious sender domain"}, {"NET", "Emergency firewall rule to block an attack on the VPN"},
	{"IAM", "Emergency: reset all privileged passwords"}, {"WEB", "Emergency patch of the content management system"},
	{"ERP", "Emergency: roll back the ERP print server driver"}, {"NET", "Emergency: bypass the failed WAN router"},
	{"BKP", "Emergency: free space on the backup repository"}, {"DBS", "Emergency: kill the runaway replication job"},
}

func (f *filler) normalChange(rng *rand.Rand, at time.Time) *changePlan {
	n := pick(rng, normalChanges)
	title := n.title
	if strings.Contains(title, "%s") {
		title = fmt.Sprintf(title, pick(rng, []string{"Warsaw", "Hamburg", "Lyon", "Poznań", "Vienna", "Oslo", "Contoso", "Fabrikam", "Adatum", "Litware", "FRA1", "BER1"}))
	}
	start := f.local(at, 20, 0)
	if wd := start.In(f.berlin).Weekday(); wd == time.Saturday || wd == time.Sunday {
		start = f.local(at, 7, 0)
	}
	return &changePlan{title: title, typ: "normal", risk: pick(rng, []string{"low", "medium", "medium", "high"}), svc: f.service(n.svc),
		start: start, end: start.Add(time.Duration(2+rng.IntN(3)) * time.Hour), created: f.workHour(rng, start.Add(-days(float64(7+rng.IntN(15))))),
		desc: "Planned by the service team; assessed for risk and impact on the customers."}
}

func (f *filler) emergencyChange(rng *rand.Rand, at time.Time) *changePlan {
	if at.After(f.ago(1)) {
		at = f.ago(1 + rng.Float64()*30)
	}
	e := pick(rng, emergencyChanges)
	at = at.Truncate(time.Minute)
	return &changePlan{title: e.title, typ: "emergency", risk: "high", svc: f.service(e.svc), start: at.Add(30 * time.Minute), end: at.Add(2 * time.Hour), created: at,
		desc: "Raised during an incident to restore or protect the service; approved by the emergency CAB."}
}

func (f *filler) liveServices() []*service {
	var out []*service
	for _, s := range f.services {
		if s.state == "live" {
			out = append(out, s)
		}
	}
	return out
}

// transition writes the releases and the changes with their stories.
func (f *filler) transition() error {
	rng := f.rng("transition")
	var recs []*rec
	for _, r := range f.releases {
		created := f.workHour(rng, r.at.Add(-days(35)))
		in := map[string]any{"title": r.title, "version": r.version, "release_type": r.typ, "service": r.svc.id, "planned_at": ts(f.local(r.at, 20, 0)),
			"acceptance_criteria": "All regression tests passed; no open defect of priority 1 or 2; key users signed off the acceptance test.",
			"deployment_plan":     "Deploy in the evening window through the changes of the release; service checks after each step.",
			"backout_plan":        "Restore the snapshots and the database backup taken before the window.",
			"owner":               r.svc.owner}
		rr := newRec("release", f.clamp(created), in).into(&r.id)
		rr.move(f.workHour(rng, r.at.Add(-days(12))), "built")
		if r.failedTest {
			rr.then(f.workHour(rng, r.at.Add(-days(7))), map[string]any{"test_result": "failed", "notes": "First test cycle failed: interface regression found."}, "tested")
			rr.move(f.workHour(rng, r.at.Add(-days(6))), "built", "fix for the regression")
		}
		result := "passed"
		if rng.IntN(5) == 0 {
			result = "passed_with_issues"
		}
		rr.then(f.workHour(rng, r.at.Add(-days(3))), map[string]any{"test_result": result}, "tested")
		deployed := f.local(r.at, 23, 0)
		rr.then(deployed, map[string]any{"deployed_at": ts(deployed), "notes": "Deployed in the planned window; see the changes of the release."}, "deployed")
		rr.move(f.workHour(rng, r.at.Add(days(10))), "closed", "early life support ended")
		recs = append(recs, rr.until(f.now))
	}
	if err := f.write(recs...); err != nil {
		return err
	}
	recs = recs[:0]
	var written []*changePlan
	for _, c := range f.changes {
		if r := f.changeRec(rng, c); r != nil {
			recs = append(recs, r)
			written = append(written, c)
		}
	}
	f.changes = written
	if err := f.write(recs...); err != nil {
		return err
	}
	// At larger scales the planned windows are written last, each dated when it was requested.
	// On every write an open change computes its overlaps from all the changes with a window in
	// the 30 days before its own; written with the rest of their stories, the windows would make
	// that cost grow with the square of the number of changes (an hour at scale 100). Closed
	// changes compute no overlaps, so this way only the open ones look. The price: in the history
	// of such a change the window is listed (with its right date) after the later steps.
	recs = recs[:0]
	for _, c := range f.changes {
		if !c.windowAt.IsZero() {
			recs = append(recs, continueRec("change", c.id, c.windowAt).set(c.windowAt, map[string]any{"planned_start": ts(c.start), "planned_end": ts(c.end)}))
		}
	}
	return f.write(recs...)
}

var reviews = []string{
	"Implemented as planned; service checks green; no incidents in the week after.",
	"Took 40 minutes longer than planned because a host needed a second reboot; no customer impact.",
	"Rolled back after the service checks failed; cause analysed in a problem record; to be planned again.",
	"Partly done: two of three sites changed, the third postponed after a carrier delay.",
}

// changeRec is the story of a change, up to now; nil for a change not requested yet.
func (f *filler) changeRec(rng *rand.Rand, c *changePlan) *rec {
	requester := pick(rng, c.svc.team)
	in := map[string]any{"title": c.title, "description": c.desc, "change_type": c.typ, "risk": c.risk, "service": c.svc.id,
		"requester": requester}
	if len(c.cis) > 0 {
		in["cis"] = c.cis
	}
	if c.model != nil {
		in["model"] = c.model.id
	}
	if c.release != nil {
		in["release"] = c.release.id
	}
	if c.typ != "standard" {
		in["rollout_plan"] = "Follow the runbook of the service; check monitoring after every step; inform the service desk at start and end."
		in["backout_plan"] = "Restore the configuration backup and the snapshots taken at the start of the window."
		in["test_plan"] = "Service checks of the runbook; key users test the main functions the next morning."
		in["outage"] = fmt.Sprintf("%dm", 15*rng.IntN(5))
		in["cost"] = eur(float64(250 * (1 + rng.IntN(40))))
	}
	created := c.created
	if created.After(c.start) {
		created = c.start.Add(-time.Hour)
	}
	if created.After(f.now) {
		return nil // not requested yet
	}
	r := newRec("change", f.clamp(created), in).into(&c.id)
	implementer := pick(rng, c.svc.team)
	done := c.end.Add(-time.Duration(rng.IntN(40)) * time.Minute)
	implemented := map[string]any{"implementer": implementer, "outcome": c.outcome}
	closeOut := func(at time.Time) {
		if c.outcome != "successful" || c.typ == "emergency" || rng.IntN(10) == 0 {
			review := reviews[0]
			switch c.outcome {
			case "failed":
				review = reviews[2]
			case "partial":
				review = reviews[3]
			}
			if c.typ == "emergency" {
				review = "Emergency change reviewed by the CAB: justified, implemented without side effects; the trigger was analysed in the incident. " + review
			}
			r.then(at, map[string]any{"review": review}, "reviewed")
			at = at.Add(days(1))
		}
		r.move(f.workHour(rng, at), "closed")
	}
	switch c.typ {
	case "standard":
		r.move(created.Add(time.Hour), "scheduled")
		r.then(done, implemented, "implemented")
		closeOut(c.end.Add(days(0.5 + rng.Float64())))
	case "emergency":
		r.then(c.created.Add(time.Duration(40+rng.IntN(80))*time.Minute), implemented, "implemented", "emergency fix applied")
		approved := c.created.Add(time.Duration(2+rng.IntN(20)) * time.Hour)
		r.set(approved, map[string]any{"approved_by": ecab, "approved_on": day(c.created)})
		closeOut(f.workHour(rng, c.created.Add(days(float64(3+rng.IntN(4))))))
	default:
		assessed := f.workHour(rng, created.Add(days(float64(1+rng.IntN(3)))))
		if !assessed.Before(c.start) {
			assessed = created.Add(time.Hour)
		}
		r.move(assessed, "assessed")
		approved := f.workHour(rng, assessed.Add(days(float64(1+rng.IntN(4)))))
		if !approved.Before(c.start.Add(-12 * time.Hour)) {
			approved = assessed.Add(2 * time.Hour)
		}
		if c.fate == "rejected" {
			r.move(approved, "rejected", pick(rng, []string{"rejected by the CAB: backout plan not tested", "rejected by the CAB: clashes with the customer's month-end", "rejected: business case not approved"}))
			break
		}
		if c.fate == "cancelled" && rng.IntN(2) == 0 {
			r.move(approved, "cancelled", "withdrawn by the requester")
			break
		}
		r.then(approved, map[string]any{"approved_by": cab, "approved_on": day(approved)}, "approved")
		if c.fate == "cancelled" {
			r.move(approved.Add(days(1)), "cancelled", "postponed indefinitely by the customer")
			break
		}
		r.move(approved.Add(2*time.Hour), "scheduled")
		r.then(done, implemented, "implemented")
		closeOut(c.end.Add(days(float64(1 + rng.IntN(4)))))
	}
	r.until(f.now)
	// The planned window comes with the request. At scale 1 it is written with it; at larger
	// scales it is written after all the changes, dated when it was requested (see transition).
	if f.scale == 1 {
		in["planned_start"], in["planned_end"] = ts(c.start), ts(c.end)
	} else {
		c.windowAt = r.at
	}
	if r.state("new") == "implemented" || r.state("new") == "reviewed" || r.state("new") == "closed" {
		if c.outcome == "failed" || c.outcome == "partial" {
			f.failed = append(f.failed, c)
		}
	}
	return r
}

// problems writes the problems, with their fixes by change.
func (f *filler) problems() error {
	rng := f.rng("problem-story")
	var recs []*rec
	for _, p := range f.probs {
		t := p.svc.incidents[p.tmpl]
		in := map[string]any{"title": "Recurring: " + lowerFirst(t.title), "service": p.svc.id, "priority": p.priority,
			"owner": pick(rng, []string{problemMgr, problemMgr, p.svc.owner}), "detected_at": ts(p.detected),
			"description": fmt.Sprintf("Several incidents of the kind \"%s\" on %s. Raised by the problem manager from the incident trend.", t.title, p.svc.name)}
		if p.ci != "" {
			in["ci"] = p.ci
		}
		r := newRec("problem", p.detected, in).into(&p.id)
		r.move(p.investigating, "investigating")
		switch {
		case p.cancelled:
			r.move(p.investigating.Add(days(2)), "cancelled", "duplicate of an older problem")
		default:
			if !p.known.IsZero() {
				r.then(p.known, map[string]any{"root_cause": rootCause(t.resolution), "workaround": workaround(t.resolution)}, "known_error")
			}
			if !p.fixed.IsZero() {
				set := map[string]any{"resolution": "Permanent fix implemented; no recurrence since. " + t.resolution}
				if p.fix != nil && p.fix.id != "" && !p.fix.created.After(p.fixed) {
					set["fix_change"] = p.fix.id
				}
				if p.known.IsZero() {
					set["root_cause"] = rootCause(t.resolution)
				}
				r.then(p.fixed, set, "resolved")
				r.move(p.closed, "closed", "no recurrence in the monitoring period")
			}
		}
		recs = append(recs, r.until(f.now))
	}
	return f.write(recs...)
}

// knownErrors writes the known errors raised from the problems.
func (f *filler) knownErrors() error {
	var recs []*rec
	for _, p := range f.probs {
		if !p.ke || p.known.IsZero() || p.known.After(f.now) || p.id == "" {
			continue
		}
		t := p.svc.incidents[p.tmpl]
		in := map[string]any{"title": t.title, "problem": p.id, "service": p.svc.id,
			"symptoms":   t.title + ". Reported by several users; see the linked incidents of the problem.",
			"root_cause": rootCause(t.resolution), "workaround": workaround(t.resolution)}
		if p.ci != "" {
			in["ci"] = p.ci
		}
		r := newRec("knownerror", p.known.Add(time.Hour), in)
		if !p.fixed.IsZero() {
			set := map[string]any{}
			if p.fix != nil && p.fix.id != "" && !p.fix.created.After(p.fixed) {
				set["fix_change"] = p.fix.id
			}
			r.then(p.fixed, set, "fixed")
			if p.fixed.Before(f.ago(120)) {
				r.move(p.fixed.Add(days(90)), "retired", "no longer needed")
			}
		}
		recs = append(recs, r.until(f.now))
	}
	return f.write(recs...)
}
