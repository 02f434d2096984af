package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// The compliance commands: clauses, assess new|set|show|suggest|diff|finding|programme, readiness.

func init() {
	commands["clauses"] = command{"no arguments", 0, 0, jsonFlag, runClauses}
	commands["readiness"] = command{"ASSESSMENT", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.BoolVar(&o.stage1, "stage1", false, "the stage-1 checklist: the documented information required, and whether the workspace holds it")
	}, runReadiness}
	commands["assess"] = command{"new TITLE | set ASSESSMENT CLAUSE | show ASSESSMENT | suggest ASSESSMENT [CLAUSE] | diff A B | finding ASSESSMENT CLAUSE | programme | export ASSESSMENT --out FILE.xlsx | import ASSESSMENT FILE.xlsx", 1, 3,
		func(fs *flag.FlagSet, o *opts) {
			jsonFlag(fs, o)
			fs.StringVar(&o.kind, "type", "", "new: gap, internal or supplier")
			fs.StringVar(&o.from, "from", "", "new: the assessment whose results are copied")
			fs.StringVar(&o.scope, "scope", "", "new: the scope assessed")
			fs.StringVar(&o.start, "start", "", "new: first day (YYYY-MM-DD)")
			fs.StringVar(&o.end, "end", "", "new: last day (YYYY-MM-DD)")
			fs.StringVar(&o.lead, "lead-auditor", "", "new: the lead auditor")
			fs.StringVar(&o.auditors, "auditors", "", "new: the other auditors")
			fs.StringVar(&o.supplier, "supplier", "", "new: the supplier audited (a supplier audit)")
			fs.Var(&o.result, "result", "set: "+strings.Join(resultValues(), ", "))
			fs.Var(&o.maturity, "maturity", "set: 0-5 (empty clears it)")
			fs.Var(&o.noteOpt, "note", "set: notes; for no_instance, what was checked instead")
			fs.Var(&o.party, "party", "set: who fulfils the requirement, for other_party")
			fs.BoolVar(&o.confirm, "confirm", false, "set: confirm a result carried forward from an earlier assessment")
			fs.StringVar(&o.edition, "edition", "", "new: "+strings.Join(editionValues(), " or ")+" (default: with Amd 1:2024)")
			fs.Var(&o.evidence, "evidence", "set: a record (ref or id) of any kind that proves the clause; repeatable")
			fs.Var(&o.unlink, "remove-evidence", "set: a record to unlink; repeatable")
			fs.Var(&o.files, "file", "set: a file to keep in the workspace as evidence; repeatable")
			fs.Var(&o.unfile, "remove-file", "set: an attached file (name or sha256) to remove; repeatable")
			fs.BoolVar(&o.done, "done", false, "set: mark the clause done")
			fs.BoolVar(&o.todo, "todo", false, "set: mark the clause to do again")
			fs.StringVar(&o.grade, "grade", "", "finding: major, minor, observation or ofi")
			fs.StringVar(&o.title, "title", "", "finding: what was found")
			fs.StringVar(&o.description, "description", "", "finding: the details")
			fs.StringVar(&o.owner, "owner", "", "finding: owner of the nonconformity and its corrective action")
			fs.Var(&o.openNC, "nonconformity", "finding: yes or no, open a nonconformity in the register (default: yes for an internal or supplier audit, no for a gap assessment, whose findings are recommendations)")
			fs.StringVar(&o.due, "due", "", "finding: due date of the corrective action")
			fs.StringVar(&o.raisedBy, "raised-by", "", "finding: the auditor")
			fs.IntVar(&o.years, "years", 3, "programme: the period in years")
			languageFlag(fs, o, "export: the language of the workbook: en or de (import reads either)")
			fs.StringVar(&o.out, "out", "", "export: the workbook to write (.xlsx)")
		}, runAssess}
	commands["review"] = command{"pack [--from DATE] [--to DATE] [--into REVIEW [--overwrite]] | decide REVIEW --title TEXT --owner NAME [--due DATE]", 1, 2,
		func(fs *flag.FlagSet, o *opts) {
			jsonFlag(fs, o)
			fs.StringVar(&o.from, "from", "", "pack: first day of the period (default: a year before --to)")
			fs.StringVar(&o.to, "to", "", "pack: last day of the period (default: today)")
			fs.StringVar(&o.into, "into", "", "pack: the management review whose input fields it fills")
			fs.BoolVar(&o.overwrite, "overwrite", false, "pack --into: replace input fields already written")
			fs.StringVar(&o.title, "title", "", "decide: the decision")
			fs.StringVar(&o.owner, "owner", "", "decide: who carries it out")
			fs.StringVar(&o.due, "due", "", "decide: by when")
			fs.StringVar(&o.description, "description", "", "decide: the details")
		}, runReview}
	withoutWorkspace["clauses"] = true
}

func runReview(c *ctx, args []string) error {
	wb := compliance.New(c.s)
	switch {
	case args[0] == "pack" && len(args) == 1:
		if err := compliance.CheckPeriod(c.o.from, c.o.to); err != nil {
			return err
		}
		p, err := wb.ReviewPack(c, c.o.from, c.o.to)
		if err != nil {
			return err
		}
		if c.o.into != "" {
			r, err := wb.FillReview(c, c.o.into, p, c.o.overwrite)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.env.Stderr, c.tr("filled the inputs of %s", r.Ref))
		}
		if c.o.json {
			return c.printJSON(p)
		}
		for _, f := range []struct{ field, label string }{{"previous_actions", "Actions from the previous review"},
			{"performance", "Service and SMS performance"}, {"customer_feedback", "Customer satisfaction and complaints"},
			{"supplier_performance", "Supplier performance"}, {"audit_results", "Audit results"},
			{"nonconformities", "Nonconformities and corrective actions"}} {
			label := c.word(schema.Word{Path: "field.review." + f.field, English: f.label})
			fmt.Fprintf(c.env.Stdout, "%s\n%s\n\n", strings.ReplaceAll(strings.ToUpper(label), "ß", "SS"), p.Inputs[f.field])
		}
		return nil
	case args[0] == "decide" && len(args) == 2:
		r, err := wb.Decide(c, args[1], compliance.Decision{Title: c.o.title, Owner: c.o.owner, Due: c.o.due, Description: c.o.description})
		if err != nil {
			return err
		}
		return c.printJSON(r)
	}
	return usagef("review: expected pack [--from DATE] [--to DATE] [--into REVIEW] or decide REVIEW --title TEXT --owner NAME")
}

// optional is a flag that records whether it was given, so that an empty value can clear.
type optional struct {
	set   bool
	value string
}

func (o *optional) String() string     { return o.value }
func (o *optional) Set(v string) error { o.set, o.value = true, v; return nil }

func (o *optional) ptr() *string {
	if !o.set {
		return nil
	}
	return &o.value
}

func resultValues() []string {
	var out []string
	for _, r := range catalogue.Results {
		if catalogue.Chosen(r[0]) {
			out = append(out, r[0])
		}
	}
	return out
}

func editionValues() []string {
	var out []string
	for _, e := range catalogue.Editions {
		out = append(out, e[0])
	}
	return out
}

func runClauses(c *ctx, _ []string) error {
	if c.o.json {
		return c.printJSON(catalogue.Clauses())
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	for _, cl := range catalogue.Clauses() {
		depth := strings.Count(cl.ID, ".") - 1
		fmt.Fprintf(w, "%s%s\t%s\n", strings.Repeat("  ", depth), cl.ID, cl.Title)
	}
	return w.Flush()
}

func runAssess(c *ctx, args []string) error {
	wb := compliance.New(c.s)
	sub, args := args[0], args[1:]
	want := func(n int, what string) error {
		if len(args) != n {
			return usagef("assess %s: expected %s", sub, what)
		}
		return nil
	}
	switch sub {
	case "new":
		if err := want(1, "TITLE"); err != nil {
			return err
		}
		fields := map[string]any{}
		for name, v := range map[string]string{"scope": c.o.scope, "start": c.o.start, "end": c.o.end,
			"lead_auditor": c.o.lead, "auditors": c.o.auditors, "supplier": c.o.supplier, "edition": c.o.edition} {
			if v != "" {
				fields[name] = v
			}
		}
		a, err := wb.Create(c, compliance.NewInput{Title: args[0], Type: c.o.kind, From: c.o.from, Fields: fields})
		if err != nil {
			return err
		}
		return c.printJSON(a)
	case "set":
		if err := want(2, "ASSESSMENT CLAUSE"); err != nil {
			return err
		}
		ch := compliance.Change{Result: c.o.result.ptr(), Maturity: c.o.maturity.ptr(), Note: c.o.noteOpt.ptr(),
			AddEvidence: c.o.evidence, RemoveEvidence: c.o.unlink, RemoveFiles: c.o.unfile, Party: c.o.party.ptr(), Confirm: c.o.confirm}
		for _, p := range c.o.files {
			u, err := compliance.ReadFile(p)
			if err != nil {
				return err
			}
			ch.Attach = append(ch.Attach, u)
		}
		switch {
		case c.o.done && c.o.todo:
			return usagef("assess set: --done and --todo contradict each other")
		case c.o.done:
			ch.Done = ptr(true)
		case c.o.todo:
			ch.Done = ptr(false)
		}
		a, err := wb.Set(c, args[0], args[1], ch)
		if err != nil {
			return err
		}
		return c.printJSON(a)
	case "show":
		if err := want(1, "ASSESSMENT"); err != nil {
			return err
		}
		a, err := wb.Show(c, args[0])
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(a)
		}
		return printAssessment(c, a)
	case "suggest":
		if len(args) < 1 || len(args) > 2 {
			return usagef("assess suggest: expected ASSESSMENT [CLAUSE]")
		}
		clause := ""
		if len(args) == 2 {
			clause = args[1]
		}
		sg, err := wb.Suggest(c, args[0], clause)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(sg)
		}
		return printSuggestions(c, sg)
	case "diff":
		if err := want(2, "A B"); err != nil {
			return err
		}
		d, err := wb.Diff(c, args[0], args[1])
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(d)
		}
		return printDiff(c, d)
	case "finding":
		if err := want(2, "ASSESSMENT CLAUSE"); err != nil {
			return err
		}
		in := compliance.FindingInput{Title: c.o.title, Grade: c.o.grade,
			Description: c.o.description, Owner: c.o.owner, Due: c.o.due, RaisedBy: c.o.raisedBy}
		if c.o.openNC.set {
			open, err := strconv.ParseBool(map[string]string{"yes": "true", "no": "false"}[strings.ToLower(c.o.openNC.value)])
			if err != nil {
				return usagef("--nonconformity must be yes or no, not %q", c.o.openNC.value)
			}
			in.Nonconformity = &open
		}
		f, err := wb.RaiseFinding(c, args[0], args[1], in)
		if err != nil {
			return err
		}
		return c.printJSON(f)
	case "programme":
		if err := want(0, "no more arguments"); err != nil {
			return err
		}
		p, err := wb.Programme(c, c.o.years)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(p)
		}
		return printProgramme(c, p)
	case "export":
		if err := want(1, "ASSESSMENT"); err != nil {
			return err
		}
		if c.o.out == "" {
			return usagef("assess export: --out FILE.xlsx is required")
		}
		lang, err := sheetLanguage(c)
		if err != nil {
			return err
		}
		res, err := wb.ExportWorkbook(c, args[0], c.o.out, lang)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(res)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("wrote %s: %d clauses of %s", res.Path, res.Rows, res.Assessment))
		return nil
	case "import":
		if err := want(2, "ASSESSMENT FILE.xlsx"); err != nil {
			return err
		}
		res, err := wb.ImportWorkbook(c, args[0], args[1])
		if c.o.json && res != nil {
			if perr := c.printJSON(res); perr != nil {
				return perr
			}
		} else if res != nil {
			for _, e := range res.Errors {
				fmt.Fprintf(c.env.Stdout, "  %s\n", e.Line(c.o.lang))
			}
			if err == nil {
				fmt.Fprintln(c.env.Stdout, c.tr("%s: %d clauses read, %d changed", res.Assessment, res.Rows, res.Changed))
			}
		}
		return err
	}
	return usagef("assess: unknown subcommand %q (new, set, show, suggest, diff, finding, programme, export, import)", sub)
}

func ptr[T any](v T) *T { return &v }

func maturityText(m *int) string {
	if m == nil {
		return "-"
	}
	return fmt.Sprint(*m)
}

func printAssessment(c *ctx, a *compliance.Assessment) error {
	out := c.env.Stdout
	fmt.Fprintf(out, "%s %s (%s, %s)\n", a.Ref, a.Title, c.word(schema.Word{Path: "enum.assessment.assessment_type." + a.Type, English: a.Type}),
		c.word(schema.StateWord("assessment", a.Status)))
	if a.BasedOn != nil {
		fmt.Fprintln(out, c.tr("started from %s %s", a.BasedOn.Ref, a.BasedOn.Title))
	}
	fmt.Fprintln(out, c.tr("readiness %s, %d blockers in results and findings (readiness adds missing documents), %d of %d clauses done", c.pct(a.Readiness), a.Blockers, a.Done, len(a.Clauses)))
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(c.trs("CLAUSE", "PROGRESS", "RESULT", "MATURITY", "EVIDENCE", "FINDINGS", "TITLE"), "\t"))
	for _, cr := range a.Clauses {
		var ev []string
		for _, l := range cr.Evidence {
			ev = append(ev, l.Ref)
		}
		for _, f := range cr.Files {
			ev = append(ev, f.Name)
		}
		var fs []string
		for _, f := range cr.Findings {
			fs = append(fs, f.Ref+" "+f.Grade)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cr.Clause, cr.Status, cr.Result, maturityText(cr.Maturity),
			dash(strings.Join(ev, " ")), dash(strings.Join(fs, ", ")), cr.Title)
	}
	return w.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func refs(ls []store.Link) string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Ref)
	}
	return strings.Join(out, " ")
}

func printSuggestions(c *ctx, sg []compliance.Suggestion) error {
	out := c.env.Stdout
	gaps := 0
	for _, s := range sg {
		fmt.Fprintf(out, "%s %s\n", s.Clause, s.Title)
		for _, ch := range s.Checks {
			fmt.Fprintf(out, "  %-7s %s: %s\n", ch.State, ch.Rule, ch.Text)
			if len(ch.Found) > 0 && ch.State == compliance.OK {
				fmt.Fprintf(out, "          %s\n", refs(ch.Found))
			}
		}
		if len(s.Proposed) > 0 {
			fmt.Fprintln(out, "  "+c.tr("propose: %s", refs(s.Proposed)))
		}
		gaps += s.Gaps
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, c.tr("%d clauses, %d gaps", len(sg), gaps))
	return nil
}

func printReadiness(c *ctx, r *compliance.Readiness) error {
	out := c.env.Stdout
	fmt.Fprintln(out, c.tr("%s %s (%s): readiness %s over %d requirements", r.Assessment.Ref, r.Assessment.Title, c.word(schema.StateWord("assessment", r.Status)), c.pct(r.Overall.Percent), r.Overall.Requirements))
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(c.trs("GROUP", "READINESS", "CONFORMANT", "PARTIAL", "NONCONFORMANT", "OTHER PARTY", "NO INSTANCE", "NOT ASSESSED", "NOT VERIFIED", "NEEDS DECISION"), "\t"))
	for _, g := range r.Groups {
		fmt.Fprintf(w, "%s %s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", g.Group, g.Title, c.pct(g.Percent), g.Counts[catalogue.Conformant],
			g.Counts[catalogue.PartiallyConformant], g.Counts[catalogue.Nonconformant], g.Counts[catalogue.OtherParty], g.Counts[catalogue.NoInstance],
			g.Counts[catalogue.NotAssessed], g.Carried, g.Counts[catalogue.NotApplicable])
	}
	w.Flush()
	fmt.Fprintln(out)
	fmt.Fprintln(out, c.tr("%d certification blockers", len(r.Blockers)))
	for _, b := range r.Blockers {
		fmt.Fprintf(out, "  %s\n", b.Text)
	}
	if len(r.FixFirst) > 0 {
		fmt.Fprintln(out)
		fmt.Fprintln(out, c.tr("fix first"))
		for _, f := range r.FixFirst[:min(len(r.FixFirst), 10)] {
			fmt.Fprintf(out, "  %d. %s\n", f.Rank, f.Text)
		}
		if len(r.FixFirst) > 10 {
			fmt.Fprintln(out, "  "+c.tr("... and %d more (--json lists them all)", len(r.FixFirst)-10))
		}
	}
	return nil
}

func runReadiness(c *ctx, args []string) error {
	r, err := compliance.New(c.s).Readiness(c, args[0])
	if err != nil {
		return err
	}
	if c.o.stage1 {
		if c.o.json {
			return c.printJSON(r.Stage1)
		}
		return printStage1(c, r.Stage1)
	}
	if c.o.json {
		return c.printJSON(r)
	}
	return printReadiness(c, r)
}

// printStage1 prints the documented-information checklist: one line per item, then what shows it.
func printStage1(c *ctx, s *compliance.Stage1) error {
	out := c.env.Stdout
	fmt.Fprintln(out, c.tr("%s %s: documented information, as the workspace holds it on %s", s.Assessment.Ref, s.Assessment.Title, c.date(s.AsOf)))
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(c.trs("CLAUSE", "TYPE", "STATE", "DOCUMENTED INFORMATION", "SHOWN BY"), "\t"))
	for _, it := range s.Items {
		shown := refs(it.Found)
		if it.State != compliance.DocHeld {
			shown = it.Text
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", it.Clause, it.Type, strings.ReplaceAll(it.State, "_", " "), it.What, dash(shown))
	}
	w.Flush()
	fmt.Fprintln(out)
	fmt.Fprintln(out, c.tr("%d of %d held (%d current), %d with none in the period, %d missing", s.Held, len(s.Items), s.Current, s.None, s.Missing))
	return nil
}

func printDiff(c *ctx, d *compliance.Diff) error {
	out := c.env.Stdout
	fmt.Fprintln(out, c.tr("%s -> %s: readiness %s -> %s (%s)", d.From.Ref, d.To.Ref, c.pct(d.Overall.From), c.pct(d.Overall.To), c.signed(d.Overall.Change)))
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	for _, g := range d.Groups {
		fmt.Fprintf(w, "%s %s\t%s\t-> %s\t%s\n", g.Group, g.Title, c.pct(g.From), c.pct(g.To), c.signed(g.Change))
	}
	w.Flush()
	for _, part := range []struct {
		name string
		list []compliance.ClauseDiff
	}{{c.tr("improved"), d.Improved}, {c.tr("regressed"), d.Regressed}, {c.tr("changed"), d.Changed}} {
		fmt.Fprintf(out, "\n%s: %d\n", part.name, len(part.list))
		for _, cd := range part.list {
			fmt.Fprintln(out, "  "+c.tr("%s %s: %s (maturity %s) -> %s (maturity %s)", cd.Clause, cd.Title, cd.FromResult,
				maturityText(cd.FromMaturity), cd.ToResult, maturityText(cd.ToMaturity)))
		}
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, c.tr("unchanged: %d", d.Unchanged))
	return nil
}

func printProgramme(c *ctx, p *compliance.Programme) error {
	out := c.env.Stdout
	fmt.Fprintln(out, c.tr("internal audits %s to %s: %d, covering %d of %d clauses", c.date(p.From), c.date(p.To), len(p.Audits), len(p.Covered), len(p.Covered)+len(p.Uncovered)))
	for _, a := range p.Audits {
		fmt.Fprintf(out, "  %s %s %s (%s): %s\n", c.date(a.Date), a.Ref, a.Title, c.word(schema.StateWord(a.Source, a.Status)), strings.Join(a.Clauses, " "))
	}
	if len(p.Uncovered) > 0 {
		fmt.Fprintln(out, c.tr("not audited in the period: %s", strings.Join(p.Uncovered, " ")))
	}
	fmt.Fprintln(out, c.tr("internal audits planned up to %s: %d", c.date(p.PlanTo), len(p.Planned)))
	for _, a := range p.Planned {
		fmt.Fprintf(out, "  %s %s %s (%s): %s\n", c.date(a.Date), a.Ref, a.Title, c.word(schema.StateWord(a.Source, a.Status)), dash(strings.Join(a.Clauses, " ")))
	}
	if len(p.Unplanned) > 0 {
		fmt.Fprintln(out, c.tr("neither audited in the period nor planned: %s", strings.Join(p.Unplanned, " ")))
	}
	return nil
}
