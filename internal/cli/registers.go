package cli

import (
	"flag"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"smsworkbench/internal/cmdb"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/reports"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// The commands of the registers beyond the generic record commands: the priority matrix,
// reports, CMDB impact and baselines, and the links of a record both ways.
func init() {
	commands["matrix"] = command{"[show | set IMPACT URGENCY PRIORITY | reset]", 0, 4, jsonFlag, runMatrix}
	commands["sla"] = command{"report", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.from, "from", "", "first day (YYYY-MM-DD) of resolution")
		fs.StringVar(&o.to, "to", "", "last day (YYYY-MM-DD) of resolution")
		fs.StringVar(&o.kind, "kind", "", "incident or request (both when not given)")
	}, runSLA}
	commands["budget"] = command{"report", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.period, "period", "", "a year, half, quarter or month: 2026, 2026-H1, 2026-Q3, 2026-04")
	}, runBudget}
	commands["impact"] = command{"CI_REF", 1, 1, jsonFlag, runImpact}
	commands["baseline"] = command{"create NAME | diff NAME [NAME2] | list", 1, 3, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.description, "description", "", "what the baseline is for")
	}, runBaseline}
	commands["related"] = command{"KIND ID|REF", 2, 2, jsonFlag, runRelated}
}

func runMatrix(c *ctx, a []string) error {
	cur, setting, err := readMatrix(c)
	if err != nil {
		return err
	}
	switch {
	case len(a) == 0 || len(a) == 1 && a[0] == "show":
	case a[0] == "set" && len(a) == 4:
		var n [3]int64
		for i, s := range a[1:] {
			if n[i], err = strconv.ParseInt(s, 10, 64); err != nil {
				return usagef("matrix set: %q is not a number", s)
			}
		}
		if err := cur.Set(n[0], n[1], n[2]); err != nil {
			return err
		}
		if err := writeMatrix(c, setting, cur); err != nil {
			return err
		}
	case a[0] == "reset" && len(a) == 1:
		cur = itsm.DefaultMatrix
		if err := writeMatrix(c, setting, cur); err != nil {
			return err
		}
	default:
		return usagef("matrix: expected show, set IMPACT URGENCY PRIORITY, or reset")
	}
	if c.o.json {
		return c.printJSON(cur)
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	levels := c.trs("High", "Medium", "Low")
	fmt.Fprintf(w, "%s\t1 %s\t2 %s\t3 %s\n", c.tr("IMPACT \\ URGENCY"), levels[0], levels[1], levels[2])
	for i, row := range cur {
		fmt.Fprintf(w, "%d %s\t%d\t%d\t%d\n", i+1, levels[i], row[0], row[1], row[2])
	}
	return w.Flush()
}

// readMatrix returns the workspace's priority matrix and the setting record that holds it
// (nil while the default applies).
func readMatrix(c *ctx) (itsm.Matrix, *store.Record, error) {
	p, err := c.s.List(c, "setting", store.Query{Where: []store.Filter{{Field: "title", Op: "=", Value: itsm.MatrixSetting}}})
	if err != nil || len(p.Records) == 0 {
		return itsm.DefaultMatrix, nil, err
	}
	m, err := itsm.ParseMatrix(p.Records[0].Values["value"].(string))
	return m, p.Records[0], err
}

func writeMatrix(c *ctx, setting *store.Record, m itsm.Matrix) error {
	if setting == nil {
		_, err := c.s.Create(c, "setting", map[string]any{"title": itsm.MatrixSetting, "value": m.String()}, store.Change{})
		return err
	}
	_, err := c.s.Update(c, "setting", setting.ID, map[string]any{"value": m.String()}, store.Change{})
	return err
}

func parseDay(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(schema.DateLayout, s)
	if err != nil {
		return t, usagef("--%s %q is not a date YYYY-MM-DD", flagName, s)
	}
	return t, nil
}

func runSLA(c *ctx, a []string) error {
	if a[0] != "report" {
		return usagef("sla: expected report")
	}
	opt := reports.SLAOptions{}
	var err error
	if opt.From, err = parseDay("from", c.o.from); err != nil {
		return err
	}
	if opt.To, err = parseDay("to", c.o.to); err != nil {
		return err
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && opt.To.Before(opt.From) {
		return usagef("sla report: --to %s is before --from %s", c.o.to, c.o.from)
	}
	if c.o.kind != "" {
		opt.Kinds = []string{c.o.kind}
	}
	rows, err := reports.SLAReport(c, c.s, opt)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(rows)
	}
	gaps, err := reports.SLAGaps(c, c.s, opt)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, strings.Join(c.trs("SLA", "SERVICE", "PRIORITY", "TICKETS", "MET", "MISSED", "COMPLIANCE", "RESPONSE UNKNOWN", "MEAN RESOLVE", "P90 RESOLVE"), "\t")+"\t")
	var tickets, met, unknown int
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\tP%d\t%d\t%d\t%d\t%s\t%d\t%s\t%s\t\n", r.SLA, clip(r.Service, 28), r.Priority, r.Tickets, r.Met, r.Missed,
			c.pct(r.Compliance), r.ResponseUnknown, minutes(int64(r.MeanResolveMin)), minutes(r.P90ResolveMin))
		tickets, met, unknown = tickets+r.Tickets, met+r.Met, unknown+r.ResponseUnknown
	}
	w.Flush()
	out := c.env.Stdout
	if tickets > 0 {
		fmt.Fprintln(out, c.tr("%d tickets, %d met the SLA (%s); times are business time of each SLA's calendar", tickets, met, c.pct(100*float64(met)/float64(tickets))))
		if unknown > 0 {
			fmt.Fprintln(out, c.tr("%d of them went straight to resolved after their response target: their response time is unknown, they are judged on resolution alone", unknown))
		}
	} else {
		fmt.Fprintln(out, c.tr("no resolved tickets with an SLA in the period"))
	}
	if len(gaps) > 0 {
		n := 0
		for _, g := range gaps {
			n += g.Tickets
		}
		fmt.Fprintln(out, c.tr("%d tickets resolved in the period have no SLA result:", n))
		for _, g := range gaps {
			fmt.Fprintf(out, "  %s\n", c.gapText(g))
		}
	}
	return nil
}

// minutes writes business minutes as days, hours and minutes ("1d 2h 5m"), a day being 24h.
func minutes(m int64) string {
	if m <= 0 {
		return "0m"
	}
	var parts []string
	if d := m / (24 * 60); d > 0 {
		parts = append(parts, fmt.Sprintf("%dd", d))
	}
	if h := m / 60 % 24; h > 0 {
		parts = append(parts, fmt.Sprintf("%dh", h))
	}
	if mm := m % 60; mm > 0 {
		parts = append(parts, fmt.Sprintf("%dm", mm))
	}
	return strings.Join(parts, " ")
}

func runBudget(c *ctx, a []string) error {
	if a[0] != "report" {
		return usagef("budget: expected report")
	}
	rows, err := reports.BudgetReport(c, c.s, c.o.period)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(rows)
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, strings.Join(c.trs("SERVICE", "PERIOD", "BUDGET LINE", "BUDGET", "ACTUAL", "VARIANCE", "VARIANCE %"), "\t")+"\t")
	costs, totals := 0, map[string]*big.Rat{}
	var why []string
	for _, r := range rows {
		pct := "-"
		if r.VariancePct != nil {
			pct = c.signedPct(*r.VariancePct)
		}
		line, variance := r.Budget, r.Variance
		switch {
		case line == "":
			line = r.Title
			why = append(why, "  "+c.tr("%s %s: %s %s in %s, because %s", r.Service, r.Period, c.amount(r.Actual), r.Currency, c.costs(r.Costs), r.Reason))
		case r.Partial:
			line += "*"
			variance = "-"
		default:
			variance = c.amount(variance)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s %s\t%s %s\t%s\t%s\t\n", clip(r.Service, 30), r.Period, line, c.amount(r.Budgeted), r.Currency, c.amount(r.Actual), r.Currency, variance, pct)
		costs += r.Costs
		if totals[r.Currency] == nil {
			totals[r.Currency] = new(big.Rat)
		}
		if a, ok := new(big.Rat).SetString(r.Actual); ok {
			totals[r.Currency].Add(totals[r.Currency], a)
		}
	}
	w.Flush()
	out := c.env.Stdout
	fmt.Fprintln(out, c.tr("%d rows; variance is actual minus budget (positive: overspent); each cost is charged to one line", len(rows)))
	var sums []string
	for cur, t := range totals {
		sums = append(sums, c.amount(t.FloatString(2))+" "+cur)
	}
	slices.Sort(sums)
	if costs > 0 {
		fmt.Fprintln(out, c.tr("%s in all: %s", c.costs(costs), strings.Join(sums, ", ")))
	}
	if slices.ContainsFunc(rows, func(r reports.BudgetRow) bool { return r.Partial }) {
		fmt.Fprintln(out, c.tr("* the line's period reaches beyond the report's: only the costs of the report's period are counted, so no variance is given"))
	}
	if len(why) > 0 {
		fmt.Fprintln(out, c.tr("unallocated costs:"))
		for _, l := range why {
			fmt.Fprintln(out, l)
		}
	}
	return nil
}

func runImpact(c *ctx, a []string) error {
	res, err := cmdb.Impact(c, c.s, a[0])
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(res)
	}
	fmt.Fprintln(c.env.Stdout, c.tr("If %s %s fails:", res.CI.Ref, res.CI.Title))
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%s\t\t\t\n", c.tr("services affected (%d)", len(res.Services)))
	for _, it := range res.Services {
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", it.Ref, clip(it.Title, 50), it.Status, it.Type)
	}
	fmt.Fprintf(w, "%s\t\t\t\n", c.tr("CIs affected (%d)", len(res.CIs)))
	for _, it := range res.CIs {
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", it.Ref, clip(it.Title, 50), it.Status, it.Type)
	}
	return w.Flush()
}

func runBaseline(c *ctx, a []string) error {
	switch {
	case a[0] == "create" && len(a) == 2:
		r, err := cmdb.CreateBaseline(c, c.s, a[1], c.o.description, time.Now())
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(r)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("baseline %s %q: %v CIs, %v relationships, snapshot %s", r.Ref, r.Title(), r.Values["ci_count"], r.Values["rel_count"], r.Values["snapshot"]))
		return nil
	case a[0] == "diff" && len(a) >= 2:
		other := ""
		if len(a) == 3 {
			other = a[2]
		}
		d, err := cmdb.CompareBaselines(c, c.s, a[1], other, time.Now())
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(d)
		}
		out := c.env.Stdout
		fmt.Fprintln(out, c.tr("from %s to %s: %d CIs added, %d removed, %d changed; %d relationships added, %d removed",
			d.From, d.To, d.Summary.Added, d.Summary.Removed, d.Summary.Changed, d.Summary.RelsAdded, d.Summary.RelsRemoved))
		for _, ref := range d.Added {
			fmt.Fprintf(out, "+ %s\n", ref)
		}
		for _, ref := range d.Removed {
			fmt.Fprintf(out, "- %s\n", ref)
		}
		for _, ch := range d.Changed {
			for _, f := range ch.Fields {
				fmt.Fprintf(out, "~ %s %s: %s -> %s\n", ch.Ref, f.Field, clip(display(f.Old), 40), clip(display(f.New), 40))
			}
		}
		for _, r := range d.RelsAdded {
			fmt.Fprintf(out, "+ %s\n", r)
		}
		for _, r := range d.RelsGone {
			fmt.Fprintf(out, "- %s\n", r)
		}
		return nil
	case a[0] == "list" && len(a) == 1:
		return runList(c, []string{"baseline"})
	}
	return usagef("baseline: expected create NAME, diff NAME [NAME2] or list")
}

func runRelated(c *ctx, a []string) error {
	groups, err := c.s.Related(c, a[0], a[1], 100)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(groups)
	}
	if len(groups) == 0 {
		fmt.Fprintln(c.env.Stdout, c.tr("no records refer to it"))
	}
	for _, g := range groups {
		fmt.Fprintf(c.env.Stdout, "%s: %d\n", c.relatedLabel(g), g.Total)
		for _, l := range g.Records {
			fmt.Fprintf(c.env.Stdout, "  %s  %s\n", l.Ref, clip(l.Title, 70))
		}
		if g.Total > len(g.Records) {
			fmt.Fprintln(c.env.Stdout, "  "+c.tr("... and %d more", g.Total-len(g.Records)))
		}
	}
	return nil
}

// costs writes a count of costs: "1 cost", "3 costs".
func (c *ctx) costs(n int) string {
	if n == 1 {
		return c.tr("1 cost")
	}
	return c.tr("%d costs", n)
}

// relatedLabel is a group of related records in the command line's language: "Incidents
// (problem)", in German "Störungen (Problem)".
func (c *ctx) relatedLabel(g store.Related) string {
	if c.o.lang == "" || c.o.lang == "en" {
		return g.Label
	}
	k, err := c.s.Kind(g.Kind)
	if err != nil {
		return g.Label
	}
	field := g.Field
	for _, f := range k.Fields {
		if f.Name == g.Field {
			field = f.Label
		}
	}
	return c.word(k.PluralWord()) + " (" + c.word(schema.Word{Path: "field." + k.Name + "." + g.Field, English: field}) + ")"
}

// gapText is why tickets have no SLA result, in the command line's language.
func (c *ctx) gapText(g reports.SLAGap) string {
	if c.o.lang == "" || c.o.lang == "en" {
		return g.Text
	}
	plural := g.Kind + "s"
	if k, err := c.s.Kind(g.Kind); err == nil {
		plural = c.word(k.PluralWord())
	}
	switch {
	case g.Reason == reports.GapNoService:
		return c.tr("%d %s name no service, so no SLA judges them", g.Tickets, plural)
	case g.Reason == reports.GapNoSLA:
		return c.tr("%d %s of %s: no SLA of the service was agreed and valid when they were opened", g.Tickets, plural, g.Service)
	case g.Priority == 0:
		return c.tr("%d %s of %s: no priority, so %s sets no target", g.Tickets, plural, g.Service, g.SLA)
	}
	return c.tr("%d %s of %s at priority %d: %s has no target for it", g.Tickets, plural, g.Service, g.Priority, g.SLA)
}
