package auditpack

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/image"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	mtext "github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/breakline"
	"github.com/johnfercher/maroto/v2/pkg/consts/extension"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"gonum.org/v1/plot/vg"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
)

// The sections of the PDF, each a list of rows after its heading.

func resultColor(r string) color.RGBA {
	switch r {
	case catalogue.Conformant:
		return good
	case catalogue.PartiallyConformant:
		return warn
	case catalogue.Nonconformant:
		return bad
	}
	return grey
}

// mm converts millimetres to plot lengths.
func mm(v float64) vg.Length { return vg.Length(v) * vg.Millimeter }

// drawCharts draws every chart the included sections show.
func (d *pdfDoc) drawCharts() error {
	p := d.p
	add := func(name string, b []byte, err error) error {
		if err == nil {
			d.charts[name] = b
		}
		return err
	}
	if p.Opt.Has(SecSummary) && p.Readiness != nil {
		var labels []string
		var values []float64
		var colors []color.Color
		for _, g := range p.Readiness.Groups {
			labels = append(labels, g.Group+" "+p.group(g.Group, g.Title))
			values = append(values, g.Percent)
			colors = append(colors, percentColor(g.Percent))
		}
		b, err := hbarChart(d.tr("Readiness per clause group"), d.tr("per cent"), labels, values, colors, 100, chartSize{mm(178), mm(70)})
		if err := add("groups", b, err); err != nil {
			return err
		}
	}
	if p.Opt.Has(SecSummary) {
		by := findingsByGrade(p.Findings)
		var labels []string
		var values []float64
		for _, g := range catalogue.Grades {
			labels = append(labels, p.grade(g[0]))
			values = append(values, float64(by[g[0]]))
		}
		b, err := barChart(d.tr("Findings by grade"), d.tr("findings"), labels, []series{{Values: values, Color: brand}}, false, 0, chartSize{mm(178), mm(55)})
		if err := add("grades", b, err); err != nil {
			return err
		}
	}
	if p.Opt.Has(SecSLA) {
		months := monthsOf(p.Opt.From, p.Opt.To)
		for _, svc := range slaServices(p) {
			vals := make([]float64, len(months))
			for i := range vals {
				vals[i] = math.NaN()
			}
			for _, m := range p.SLAMonths {
				if m.Service == svc {
					if i := indexOf(months, m.Month); i >= 0 {
						vals[i] = m.Compliance
					}
				}
			}
			b, err := lineChart(svc, d.tr("met (%)"), d.shortMonths(months, 2), []series{{Name: svc, Values: vals, Color: brand}}, 0, 100, chartSize{mm(86), mm(44)})
			if err := add("sla:"+svc, b, err); err != nil {
				return err
			}
		}
	}
	if p.Opt.Has(SecTickets) && p.Review != nil {
		months := monthsOf(p.Opt.From, p.Opt.To)
		inc, req := make([]float64, len(months)), make([]float64, len(months))
		for _, m := range p.Review.Incidents {
			if i := indexOf(months, m.Month); i >= 0 {
				inc[i] = float64(m.Opened)
			}
		}
		for _, m := range p.Review.Requests {
			if i := indexOf(months, m.Month); i >= 0 {
				req[i] = float64(m.Opened)
			}
		}
		b, err := barChart(d.tr("Tickets opened per month"), d.tr("tickets"), d.shortMonths(months, 1),
			[]series{{Name: p.plural("incident"), Values: inc, Color: brand}, {Name: p.plural("request"), Values: req, Color: brandSoft}}, false, 0, chartSize{mm(178), mm(60)})
		if err := add("tickets", b, err); err != nil {
			return err
		}
		std, nrm, emg := make([]float64, len(months)), make([]float64, len(months)), make([]float64, len(months))
		for _, m := range p.Review.Changes {
			if i := indexOf(months, m.Month); i >= 0 {
				std[i], nrm[i], emg[i] = float64(m.Standard), float64(m.Normal), float64(m.Emergency)
			}
		}
		b, err = barChart(d.tr("Changes raised per month"), d.tr("changes"), d.shortMonths(months, 1),
			[]series{{Name: p.enum("change", "change_type", "standard"), Values: std, Color: brandSoft}, {Name: p.enum("change", "change_type", "normal"), Values: nrm, Color: brand}, {Name: p.enum("change", "change_type", "emergency"), Values: emg, Color: bad}},
			true, 0, chartSize{mm(178), mm(60)})
		if err := add("changes", b, err); err != nil {
			return err
		}
	}
	if p.Opt.Has(SecBudget) {
		var labels []string
		var budget, actual, variance []float64
		var colors []color.Color
		for _, r := range budgetByService(p) {
			labels = append(labels, r.service)
			budget = append(budget, r.budget)
			actual = append(actual, r.actual)
			v := 0.0
			if r.budget != 0 {
				v = round1(100 * (r.actual - r.budget) / r.budget)
			}
			variance = append(variance, v)
			if v > 0 {
				colors = append(colors, bad)
			} else {
				colors = append(colors, good)
			}
		}
		if len(labels) > 0 {
			b, err := barChart(d.tr("Budget and actual %s per service (thousands)", p.BudgetYear), d.tr("thousands"), labels,
				[]series{{Name: d.tr("Budget"), Values: budget, Color: brandSoft}, {Name: d.tr("Actual"), Values: actual, Color: brand}}, false, 0, chartSize{mm(178), mm(75)})
			if err := add("budget", b, err); err != nil {
				return err
			}
			b, err = hbarChart(d.tr("Variance per service (per cent of budget; above 0 is an overspend)"), d.tr("per cent"), labels, variance, colors, 0, chartSize{mm(178), mm(75)})
			if err := add("variance", b, err); err != nil {
				return err
			}
		}
	}
	return nil
}

func findingsByGrade(fs []FindingRow) map[string]int {
	by := map[string]int{}
	for _, f := range fs {
		by[f.Grade]++
	}
	return by
}

// monthsOf lists the months of a period ("2026-01").
func monthsOf(from, to string) []string {
	var out []string
	for m := from[:7]; m <= to[:7]; {
		out = append(out, m)
		var y, mo int
		fmt.Sscanf(m, "%d-%d", &y, &mo)
		if mo++; mo > 12 {
			y, mo = y+1, 1
		}
		m = fmt.Sprintf("%04d-%02d", y, mo)
	}
	return out
}

// shortMonths labels months ("Jan", with the year on the first and on January: "Jan 26"); with
// every > 1 only every so many months are labelled, for narrow charts.
func (d *pdfDoc) shortMonths(months []string, every int) []string {
	out := make([]string, len(months))
	for i, m := range months {
		var y, mo int
		fmt.Sscanf(m, "%d-%d", &y, &mo)
		if i%every != 0 {
			continue
		}
		out[i] = i18n.ShortMonth(d.p.lang(), mo)
		if i == 0 || mo == 1 {
			out[i] += fmt.Sprintf(" %02d", y%100)
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func slaServices(p *Pack) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range p.SLAMonths {
		if !seen[m.Service] {
			seen[m.Service] = true
			out = append(out, m.Service)
		}
	}
	return out
}

type serviceBudget struct {
	service        string
	budget, actual float64
}

// budgetByService sums the budget report per service, in thousands.
func budgetByService(p *Pack) []serviceBudget {
	by := map[string]*serviceBudget{}
	var order []string
	for _, r := range p.Budget {
		name := r.Service
		if name == "" {
			name = p.tr("(no service)")
		}
		if by[name] == nil {
			by[name] = &serviceBudget{service: name}
			order = append(order, name)
		}
		var b, a float64
		fmt.Sscan(r.Budgeted, &b)
		fmt.Sscan(r.Actual, &a)
		by[name].budget += b / 1000
		by[name].actual += a / 1000
	}
	sort.Strings(order)
	out := make([]serviceBudget, len(order))
	for i, n := range order {
		out[i] = *by[n]
	}
	return out
}

// --- executive summary ---

func (d *pdfDoc) summary() []core.Row {
	p := d.p
	var rows []core.Row
	if p.Readiness == nil {
		rows = append(rows, para(p.Opt.T("noassessment"), body())...)
	} else {
		r := p.Readiness
		big := bold(30)
		big.Color = rgb(percentColor(r.Overall.Percent))
		counts := d.tr("%d requirements: %d conformant, %d partially conformant, %d nonconformant, %d fulfilled by another party, %d with no instance in the period, %d not assessed",
			r.Overall.Requirements, r.Overall.Counts[catalogue.Conformant], r.Overall.Counts[catalogue.PartiallyConformant],
			r.Overall.Counts[catalogue.Nonconformant], r.Overall.Counts[catalogue.OtherParty], r.Overall.Counts[catalogue.NoInstance],
			r.Overall.Counts[catalogue.NotAssessed])
		if n := r.Overall.Counts[catalogue.NotApplicable]; n > 0 {
			counts += d.tr("; %d marked not applicable, which needs a decision", n)
		}
		if r.Overall.Carried > 0 {
			counts += d.tr("; %d carried forward from an earlier assessment, not re-verified (they count for nothing until confirmed)", r.Overall.Carried)
		}
		counts += "."
		rows = append(rows, row.New().Add(
			col.New(4).Add(mtext.New(d.p.pct(r.Overall.Percent), big)),
			col.New(8).Add(mtext.New(d.tr("%s of %s %s.", p.Opt.T("readiness"), p.Assessment.Ref, p.Assessment.Title)+" "+counts, body())),
		))
		rows = append(rows, d.chart("groups", 70))
		rows = append(rows, subheading(fmt.Sprintf("%s (%d)", p.Opt.T("blockers"), len(r.Blockers)))...)
		var bl [][]string
		for _, b := range r.Blockers {
			bl = append(bl, []string{b.Clause, d.blockerKind(b.Kind), b.Ref, b.Text})
		}
		rows = append(rows, table(d.trs("Clause", "Blocker", "Record", "What stands in the way"), []int{1, 2, 2, 7}, bl)...)
	}
	if len(p.Findings) > 0 {
		rows = append(rows, space(3), d.chart("grades", 55))
	} else {
		rows = append(rows, para(p.Opt.T("nofindings"), body())...)
	}
	if p.Readiness != nil {
		rows = append(rows, subheading(p.Opt.T("fixfirst"))...)
		var fx [][]string
		for _, f := range p.Readiness.FixFirst {
			if len(fx) == 10 {
				break
			}
			fx = append(fx, []string{fmt.Sprint(f.Rank), f.Clause, f.Ref, f.Text})
		}
		rows = append(rows, table(d.trs("#", "Clause", "Record", "Action"), []int{1, 1, 2, 8}, fx)...)
	}
	return rows
}

// --- documented information (stage 1) ---

func (d *pdfDoc) stage1() []core.Row {
	p := d.p
	if p.Readiness == nil || p.Readiness.Stage1 == nil {
		return para(p.Opt.T("noassessment"), body())
	}
	s := p.Readiness.Stage1
	rows := para(d.tr("%d pieces of documented information that ISO/IEC 20000-1:2018 requires (7.5.4 and the records named in clauses 7 to 10), "+
		"as the workspace held them on %s: %d held and current, %d held but not current or held as attached files, %d with none in the period, %d missing. "+
		"What is missing is a certification blocker; a file attached to a clause holds documented information kept outside the workspace.",
		len(s.Items), d.p.date(s.AsOf), s.Current, s.Held-s.Current, s.None, s.Missing), body())
	var data [][]string
	for _, it := range s.Items {
		shown := it.Text
		if it.State == compliance.DocHeld {
			var refs []string
			for _, l := range it.Found {
				refs = append(refs, l.Ref)
			}
			shown = strings.Join(refs, " ")
			if it.Total > len(it.Found) {
				shown += " " + d.tr("(%d in all)", it.Total)
			}
		}
		data = append(data, []string{it.Clause, d.p.docType(it.Type), it.What, d.p.stage1State(it.State), shown})
	}
	return append(rows, table(d.trs("Clause", "Type", "Documented information", "State", "Shown by"), []int{1, 1, 4, 2, 4}, data)...)
}

// --- clause by clause ---

func (d *pdfDoc) clauses() []core.Row {
	p := d.p
	if p.Assessment == nil {
		return para(p.Opt.T("noassessment"), body())
	}
	groups := map[string]catalogue.GroupScore{}
	for _, g := range p.Readiness.Groups {
		groups[g.Group] = g
	}
	var rows []core.Row
	group := ""
	for _, c := range p.Assessment.Clauses {
		if g, ok := groups[catalogue.Group(c.Clause)]; ok && g.Group != group {
			group = g.Group
			rows = append(rows, subheading(d.tr("%s %s — readiness %s", g.Group, p.group(g.Group, g.Title), d.p.pct(g.Percent)))...)
		}
		rows = append(rows, d.clause(c)...)
	}
	return rows
}

func (d *pdfDoc) clause(c clauseResult) []core.Row {
	title := bold(9.5)
	tag := txt(8, fontstyle.Bold, white)
	tag.Align = "C"
	maturity := d.tr("maturity not rated")
	switch {
	case c.Rollup:
		maturity = d.tr("rolls up from its sub-clauses")
	case c.Maturity != nil:
		maturity = d.tr("maturity %d of 5", *c.Maturity)
	}
	tagColor := resultColor(c.Result)
	if c.Carried {
		tagColor = grey // not the auditor's word yet: never the green of a verified result
	}
	rows := []core.Row{
		space(1.5),
		keep{row.New().Add(
			mtext.NewCol(8, c.Clause+"  "+d.p.clauseTitle(c.Clause, c.Title), title),
			col.New(2).Add(mtext.New(d.p.result(c.Result), tag)).WithStyle(&props.Cell{BackgroundColor: rgb(tagColor)}),
			mtext.NewCol(2, maturity, right(small())),
		), 18}, // the clause's title with its first lines
	}
	lt := txt(7.5, fontstyle.Bold, rgb(grey))
	line := func(label, value string) {
		if value != "" {
			rows = append(rows, row.New().Add(mtext.NewCol(2, label, lt), mtext.NewCol(10, value, small())))
		}
	}
	if c.Carried {
		from := d.tr("an earlier assessment")
		if b := d.p.Assessment.BasedOn; b != nil {
			from = b.Ref + " " + b.Title
		}
		line(d.tr("Carried forward"), d.tr("result %s carried from %s; not re-verified in this assessment, so it counts for nothing in the readiness until confirmed", strings.ToLower(d.p.result(c.Result)), from))
	}
	line(d.tr("Fulfilled by"), c.Party)
	line(d.tr("Notes"), strings.Join(strings.Fields(c.Notes), " "))
	var ev []string
	for _, l := range c.Evidence {
		ev = append(ev, l.Ref+" "+l.Title)
	}
	line(d.tr("Evidence"), strings.Join(ev, "; "))
	for _, f := range c.Files {
		ft := small()
		ft.BreakLineStrategy = breakline.DashStrategy // a sha256 is one long word
		rows = append(rows, row.New().Add(mtext.NewCol(2, d.tr("File"), lt),
			mtext.NewCol(10, d.tr("%s (%s bytes) sha256 %s", f.Name, d.p.num(float64(f.Size)), f.SHA256), ft)))
	}
	for _, f := range c.Findings {
		line(d.tr("Finding"), fmt.Sprintf("%s %s: %s (%s)", f.Ref, d.p.grade(f.Grade), f.Title, d.p.state("finding", f.Status)))
	}
	return rows
}

// --- findings and actions ---

func (d *pdfDoc) findings() []core.Row {
	p := d.p
	by := findingsByGrade(p.Findings)
	var counts []string
	for _, g := range catalogue.Grades {
		counts = append(counts, fmt.Sprintf("%s %d", strings.ToLower(g[1]), by[g[0]]))
	}
	rows := para(d.tr("%d findings of the assessment and of the audits of the period; by grade: %s.", len(p.Findings), strings.Join(counts, ", ")), body())
	if len(p.Findings) == 0 {
		return append(rows, para(p.Opt.T("nofindings"), body())...)
	}
	var data [][]string
	for _, f := range p.Findings {
		finding := f.Title
		if desc := strings.Join(strings.Fields(f.Description), " "); desc != "" {
			finding += ": " + desc
		}
		nc := f.NC
		if nc != "" {
			nc += " " + d.p.state("nonconformity", f.NCStatus)
		}
		actions := []string{}
		for _, a := range f.Actions {
			s := d.tr("%s %s, %s, due %s, %s", a.Ref, a.Title, a.Owner, dash(d.p.date(a.Due)), d.p.state("action", a.Status))
			if a.Effective != "" {
				s += ", " + d.tr("effective: %s", d.p.enum("action", "effective", a.Effective))
			}
			if a.Overdue {
				s += ", " + d.tr("OVERDUE")
			}
			actions = append(actions, s)
		}
		owner := f.NCOwner
		data = append(data, []string{f.Ref + "\n" + d.p.state("finding", f.Status), d.p.grade(f.Grade), f.Clause, finding, strings.TrimSpace(nc + " " + owner), strings.Join(actions, "; ")})
	}
	return append(rows, table(d.trs("Finding", "Grade", "Clause", "Description", "NC / owner", "Corrective actions (owner, due, status, effectiveness)"),
		[]int{2, 1, 1, 3, 2, 3}, data)...)
}

// --- registers ---

func (d *pdfDoc) services() []core.Row {
	p := d.p
	live := 0
	var data [][]string
	for _, s := range p.Services {
		if s.Status == "live" {
			live++
		}
		avail := ""
		if s.AvailabilityTarget != nil {
			avail = d.p.pct(*s.AvailabilityTarget)
		}
		data = append(data, []string{s.Ref, s.Title, s.Type, s.Criticality, s.Owner, d.p.state("service", s.Status), avail, fmt.Sprint(s.SLAs)})
	}
	rows := para(d.tr("%d services in the catalogue, %d live.", len(p.Services), live), body())
	return append(rows, table(d.trs("Ref", "Service", "Type", "Criticality", "Owner", "Status", "Availability", "SLAs"),
		[]int{1, 2, 2, 1, 2, 1, 2, 1}, data)...)
}

func (d *pdfDoc) sla() []core.Row {
	p := d.p
	var data [][]string
	tickets, met, unknown := 0, 0, 0
	for _, s := range p.SLA {
		tickets += s.Tickets
		met += s.Met
		unknown += s.ResponseUnknown
		data = append(data, []string{s.SLA, s.Title, s.Service, fmt.Sprint(s.Tickets), fmt.Sprint(s.Met), fmt.Sprint(s.ResponseUnknown), d.p.pct(s.Compliance)})
	}
	overall := 0.0
	if tickets > 0 {
		overall = round1(100 * float64(met) / float64(tickets))
	}
	text := d.tr("Tickets resolved or closed from %s to %s with an SLA result: %d, of which %d met their SLA (%s). "+
		"An SLA judges the tickets of its service opened while it was agreed and valid; a ticket that went straight to resolved "+
		"after its response target has no known response time and is judged on its resolution alone (%d here).",
		d.p.date(p.Opt.From), d.p.date(p.Opt.To), tickets, met, d.p.pct(overall), unknown)
	gaps := 0
	var why []string
	if p.Review != nil {
		for _, g := range p.Review.SLAGaps {
			gaps += g.Tickets
			why = append(why, g.Text)
		}
	}
	switch {
	case gaps > 0:
		text += d.tr("\n%d tickets resolved or closed in the period have no SLA result: %s.", gaps, strings.Join(why, "; "))
	case tickets > 0:
		text += "\n" + d.tr("Every ticket resolved or closed in the period has an SLA result.")
	default:
		text = d.tr("No ticket was resolved or closed from %s to %s.", d.p.date(p.Opt.From), d.p.date(p.Opt.To))
	}
	rows := para(text, body())
	if len(data) == 0 {
		return rows // no SLA judged a ticket of the period: the paragraph says so, and why
	}
	rows = append(rows, table(d.trs("SLA", "Agreement", "Service", "Tickets", "Met", "Response unknown", "Compliance"), []int{1, 3, 2, 1, 1, 2, 2}, data)...)
	svcs := slaServices(p)
	if len(svcs) > 0 {
		rows = append(rows, subheadingWith(d.tr("Compliance per month and service"), 46)...)
	}
	for i := 0; i < len(svcs); i += 2 {
		r := row.New(46)
		for _, svc := range svcs[i:min(i+2, len(svcs))] {
			r.Add(imageCol(6, d.charts["sla:"+svc]))
		}
		rows = append(rows, r, space(2))
	}
	return rows
}

func (d *pdfDoc) tickets() []core.Row {
	p := d.p
	t := p.Tickets
	kindRow := func(name string, k TicketKind) []string {
		comp := "—"
		if k.Met+k.Missed > 0 {
			comp = d.p.pct(round1(100 * float64(k.Met) / float64(k.Met+k.Missed)))
		}
		var prios []string
		var keys []int64
		for pr := range k.ByPriority {
			keys = append(keys, pr)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, pr := range keys {
			name := fmt.Sprintf("P%d", pr)
			if pr == 0 {
				name = d.tr("none")
			}
			prios = append(prios, fmt.Sprintf("%s: %d", name, k.ByPriority[pr]))
		}
		return []string{name, fmt.Sprint(k.Opened), fmt.Sprint(k.Resolved), strings.Join(prios, ", "), fmt.Sprint(k.Met), fmt.Sprint(k.Missed), comp}
	}
	rows := para(d.tr("Opened from %s to %s.", d.p.date(p.Opt.From), d.p.date(p.Opt.To)), body())
	if t.Incidents.Opened+t.Requests.Opened+t.Incidents.Resolved+t.Requests.Resolved+t.Changes.Raised+t.Problems.Detected == 0 {
		return append(rows, para(d.tr("No incident, service request, problem or change in the period."), body())...)
	}
	rows = append(rows, table(d.trs("Register", "Opened", "Resolved", "By priority", "SLA met", "Missed", "Compliance"), []int{2, 1, 1, 4, 1, 1, 2},
		[][]string{kindRow(p.plural("incident"), t.Incidents), kindRow(p.plural("request"), t.Requests)})...)
	rows = append(rows, para(d.tr("Major incidents: %d. Information security incidents: %d. Problems detected: %d; problems open now: %d; known errors open: %d.",
		t.Incidents.Major, t.Incidents.Security, t.Problems.Detected, t.Problems.Open, t.Problems.KnownErrors), body())...)
	rows = append(rows, d.chart("tickets", 60))
	c := t.Changes
	rows = append(rows, subheading(d.tr("Changes"))...)
	rows = append(rows, para(d.tr("%d changes raised: %d standard, %d normal, %d emergency; %d failed.", c.Raised, c.Standard, c.Normal, c.Emergency, c.Failed), body())...)
	rows = append(rows, d.chart("changes", 60))
	reviewed := 0
	var data [][]string
	for _, e := range c.EmergencyList {
		yes := d.p.yesNo(e.Reviewed)
		if e.Reviewed {
			reviewed++
		}
		data = append(data, []string{e.Ref, e.Title, d.p.date(e.Date), d.p.state("change", e.Status), d.p.enum("change", "outcome", e.Outcome), yes})
	}
	if len(c.EmergencyList) == 0 {
		return append(rows, para(d.tr("No emergency change in the period."), body())...)
	}
	rows = append(rows, subheading(d.tr("Emergency changes and their reviews (%d of %d reviewed)", reviewed, len(c.EmergencyList)))...)
	return append(rows, table(d.trs("Change", "Title", "Raised", "Status", "Outcome", "Reviewed"), []int{2, 4, 2, 2, 1, 1}, data)...)
}

func imageCol(size int, b []byte) core.Col {
	if b == nil {
		return col.New(size)
	}
	return imageBytesCol(size, b)
}

func (d *pdfDoc) cmdb() []core.Row {
	c := d.p.CMDB
	if c.CIs == 0 {
		return para(d.tr("No configuration item is recorded."), body())
	}
	rows := para(d.tr("%d configuration items and %d relationships.", c.CIs, c.Relationships), body())
	if c.Baseline != nil {
		rows = append(rows, para(d.tr("Latest baseline: %s %s, taken %s with %d CIs.", c.Baseline.Ref, c.Baseline.Title, d.p.date(c.BaselineTaken), c.BaselineCIs), body())...)
	}
	var types, states [][]string
	for _, v := range c.ByType {
		types = append(types, []string{d.p.enum("ci", "ci_type", v.Value), fmt.Sprint(v.N)})
	}
	for _, v := range c.ByStatus {
		states = append(states, []string{d.p.state("ci", v.Value), fmt.Sprint(v.N)})
	}
	rows = append(rows, subheading(d.tr("By type"))...)
	rows = append(rows, table(d.trs("Type", "CIs"), []int{9, 3}, types)...)
	rows = append(rows, subheading(d.tr("By status"))...)
	return append(rows, table(d.trs("Status", "CIs"), []int{9, 3}, states)...)
}

func (d *pdfDoc) suppliers() []core.Row {
	p := d.p
	var data [][]string
	for _, s := range p.Suppliers {
		score := "—"
		if s.LastScore != nil {
			score = fmt.Sprint(*s.LastScore)
		}
		data = append(data, []string{s.Ref, s.Title, s.Criticality, d.p.state("supplier", s.Status), fmt.Sprint(s.Contracts), dash(d.p.date(s.LastReview)), score, dash(d.p.date(s.ReviewDue))})
	}
	rows := para(d.tr("%d suppliers, %d contracts.", len(p.Suppliers), len(p.Contracts)), body())
	if len(p.Suppliers)+len(p.Contracts) == 0 {
		return rows
	}
	rows = append(rows, table(d.trs("Ref", "Supplier", "Criticality", "Status", "Contracts", "Last review", "Score", "Review due"), []int{1, 3, 1, 1, 1, 2, 1, 2}, data)...)
	if len(p.Contracts) == 0 {
		return rows
	}
	rows = append(rows, subheading(d.tr("Contracts and expiries"))...)
	var cs [][]string
	for _, c := range p.Contracts {
		cs = append(cs, []string{c.Ref, c.Title, c.Supplier, dash(d.p.date(c.End)), c.Expiry, dash(d.p.date(c.NoticeBy)), c.Value})
	}
	return append(rows, table(d.trs("Ref", "Contract", "Supplier", "Ends", "Expiry", "Notice by", "Value"), []int{1, 3, 2, 1, 2, 1, 2}, cs)...)
}

func (d *pdfDoc) budget() []core.Row {
	p := d.p
	if len(p.Budget) == 0 {
		return para(d.tr("No budget line or cost for %s.", p.BudgetYear), body())
	}
	rows := para(d.tr("Budget lines of %s against the costs charged to them, each cost to one line; a positive variance is an overspend. Costs no line takes are listed as unallocated, with why.", p.BudgetYear), body())
	rows = append(rows, d.chart("budget", 75), d.chart("variance", 75))
	var data [][]string
	for _, r := range p.Budget {
		v := "—"
		if r.VariancePct != nil {
			v = d.p.pct(*r.VariancePct)
		}
		title := dash(r.Title)
		if r.Reason != "" {
			title += ": " + r.Reason
		}
		data = append(data, []string{dash(r.Budget), title, r.Service, r.Period, d.p.money(r.Budgeted, r.Currency), d.p.money(r.Actual, r.Currency), d.p.money(r.Variance, r.Currency), v})
	}
	return append(rows, table(d.trs("Line", "Budget", "Service", "Period", "Budgeted", "Actual", "Variance", "%"), []int{1, 2, 2, 1, 2, 1, 2, 1}, data)...)
}

func (d *pdfDoc) risks() []core.Row {
	p := d.p
	if len(p.Risks) == 0 {
		return para(d.tr("No open risk is recorded."), body())
	}
	rows := para(d.tr("%d open risks. The heat map counts them by likelihood and impact before treatment.", len(p.Risks)), body())
	rows = append(rows, d.heatMap(p.Risks)...)
	sorted := append([]RiskRow(nil), p.Risks...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Score > sorted[j].Score })
	var data [][]string
	for _, r := range sorted {
		data = append(data, []string{r.Ref, r.Title, fmt.Sprint(r.Likelihood), fmt.Sprint(r.Impact), fmt.Sprint(r.Score), r.Level, r.Treatment, r.Owner})
	}
	rows = append(rows, subheading(d.tr("Open risks by score"))...)
	return append(rows, table(d.trs("Ref", "Risk", "L", "I", "Score", "Level", "Treatment", "Owner"), []int{1, 4, 1, 1, 1, 1, 1, 2}, data)...)
}

// heatMap is the 5 x 5 grid of likelihood against impact, each cell the number of risks,
// coloured by the product of the two.
func (d *pdfDoc) heatMap(risks []RiskRow) []core.Row {
	var grid [6][6]int
	for _, r := range risks {
		if r.Likelihood >= 1 && r.Likelihood <= 5 && r.Impact >= 1 && r.Impact <= 5 {
			grid[r.Likelihood][r.Impact]++
		}
	}
	lt := txt(7.5, fontstyle.Bold, rgb(grey))
	cellText := txt(10, fontstyle.Bold, rgb(ink))
	cellText.Align, cellText.Top = "C", 3
	var rows []core.Row
	for l := 5; l >= 1; l-- {
		r := row.New(11).Add(mtext.NewCol(2, d.p.enum("risk", "likelihood", fmt.Sprint(l)), right(lt)))
		for i := 1; i <= 5; i++ {
			score := l * i
			fill := &props.Color{Red: 0xd4, Green: 0xed, Blue: 0xda}
			switch {
			case score >= 15:
				fill = &props.Color{Red: 0xf1, Green: 0xa9, Blue: 0xa0}
			case score >= 8:
				fill = &props.Color{Red: 0xfd, Green: 0xe3, Blue: 0x9c}
			}
			v := ""
			if grid[l][i] > 0 {
				v = fmt.Sprint(grid[l][i])
			}
			r.Add(col.New(2).Add(mtext.New(v, cellText)).WithStyle(&props.Cell{BackgroundColor: fill, BorderType: 15, BorderColor: white, BorderThickness: 0.8}))
		}
		rows = append(rows, r)
	}
	foot := row.New().Add(mtext.NewCol(2, d.tr("Likelihood / Impact"), right(lt)))
	for i := 1; i <= 5; i++ {
		c := lt
		c.Align = "C"
		foot.Add(mtext.NewCol(2, d.p.enum("risk", "impact", fmt.Sprint(i)), c))
	}
	return append(rows, foot)
}

func (d *pdfDoc) objectives() []core.Row {
	p := d.p
	if len(p.Objectives) == 0 {
		return para(d.tr("No service management objective is recorded."), body())
	}
	achieved := 0
	var data [][]string
	for _, o := range p.Objectives {
		actual := "—"
		if o.Actual != nil {
			actual = fmt.Sprintf("%g %s", *o.Actual, o.Unit)
		}
		yes := d.p.yesNo(o.Achieved)
		if o.Achieved {
			achieved++
		}
		data = append(data, []string{o.Ref, o.Title, fmt.Sprintf("%g %s", o.Target, o.Unit), actual, yes, d.p.state("objective", o.Status)})
	}
	rows := para(d.tr("%d objectives, %d achieved.", len(p.Objectives), achieved), body())
	return append(rows, table(d.trs("Ref", "Objective", "Target", "Actual", "Achieved", "Status"), []int{1, 5, 2, 2, 1, 1}, data)...)
}

func (d *pdfDoc) programme() []core.Row {
	pr := d.p.Programme
	if pr == nil {
		return nil
	}
	total := len(pr.Covered) + len(pr.Uncovered)
	rows := para(d.tr("Internal audits from %s to %s covered %d of the %d requirements; of the %d not audited, %d are planned by %s and %d are neither audited nor planned.",
		d.p.date(pr.From), d.p.date(pr.To), len(pr.Covered), total, len(pr.Uncovered), len(pr.Uncovered)-len(pr.Unplanned), d.p.date(pr.PlanTo), len(pr.Unplanned)), body())
	var data [][]string
	for _, a := range pr.Audits {
		data = append(data, []string{a.Ref, a.Title, d.p.date(a.Date), d.p.kindLabel(a.Source), fmt.Sprint(len(a.Clauses))})
	}
	if len(pr.Audits)+len(pr.Planned) == 0 {
		return append(rows, para(d.tr("No internal audit was held in the period, and none is planned."), body())...)
	}
	rows = append(rows, table(d.trs("Ref", "Audit", "Date", "Source", "Clauses"), []int{2, 5, 2, 2, 1}, data)...)
	if len(pr.Planned) > 0 {
		rows = append(rows, subheading(d.tr("Audits planned up to %s", d.p.date(pr.PlanTo)))...)
		var planned [][]string
		for _, a := range pr.Planned {
			planned = append(planned, []string{a.Ref, a.Title, d.p.date(a.Date), d.p.state("audit", a.Status), fmt.Sprint(len(a.Clauses))})
		}
		rows = append(rows, table(d.trs("Ref", "Audit", "Planned start", "Status", "Clauses"), []int{2, 5, 2, 2, 1}, planned)...)
	}
	rows = append(rows, subheading(d.tr("Clauses: last audited and next planned"))...)
	var cl [][]string
	for _, c := range catalogue.Clauses() {
		cl = append(cl, []string{c.ID, d.p.clauseTitle(c.ID, c.Title), dash(d.p.date(pr.LastCovered[c.ID])), dash(d.p.date(pr.NextPlanned[c.ID]))})
	}
	return append(rows, table(d.trs("Clause", "Title", "Last audited", "Next planned"), []int{1, 7, 2, 2}, cl)...)
}

func (d *pdfDoc) review() []core.Row {
	p := d.p
	var rows []core.Row
	if lr := p.LastReview; lr != nil {
		rows = append(rows, para(d.tr("Latest management review of the period: %s %s, held %s, chaired by %s.", lr.Ref, lr.Title, d.p.date(lr.HeldOn), dash(lr.Chair)), body())...)
		if lr.Decisions != "" {
			rows = append(rows, subheading(d.tr("Decisions"))...)
			rows = append(rows, para(lr.Decisions, small())...)
		}
	} else {
		rows = append(rows, para(d.tr("No management review was held in the period."), body())...)
	}
	if rp := p.Review; rp != nil {
		rows = append(rows, subheading(d.tr("Inputs compiled for the next review"))...)
		lt := txt(8, fontstyle.Bold, rgb(grey))
		for _, key := range []string{"performance", "customer_feedback", "supplier_performance", "audit_results", "nonconformities", "previous_actions"} {
			if v := rp.Inputs[key]; v != "" {
				english := key
				if k, ok := schema.Default.Kind("review"); ok {
					if f, ok := k.Field(key); ok {
						english = f.Label
					}
				}
				rows = append(rows, row.New().Add(mtext.NewCol(12, p.word("field.review."+key, english), lt)))
				rows = append(rows, para(v, small())...)
			}
		}
	}
	return rows
}

type clauseResult = compliance.ClauseResult

func imageBytesCol(size int, b []byte) core.Col {
	return image.NewFromBytesCol(size, b, extension.Png, props.Rect{Center: true, Percent: 100})
}

// blockerKind names a kind of certification blocker.
func (d *pdfDoc) blockerKind(kind string) string {
	switch kind {
	case "not_verified":
		return d.tr("not verified")
	case "nonconformant":
		return d.tr("nonconformant")
	case "not_assessed":
		return d.tr("not assessed")
	case "needs_decision":
		return d.tr("needs decision")
	case "other_party_uncontrolled":
		return d.tr("other party uncontrolled")
	case "major_finding":
		return d.tr("major finding")
	case "minor_without_plan":
		return d.tr("minor without plan")
	case "missing_documented_information":
		return d.tr("missing documented information")
	}
	return strings.ReplaceAll(kind, "_", " ")
}
