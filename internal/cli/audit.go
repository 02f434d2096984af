package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/auditpack"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
)

// The audit working papers: audit plan|session|interview|checklist|sample|statement|conclude|sign|report.

// auditOpts are the flags of the audit command.
type auditOpts struct {
	objectives, criteria, method, sites, auditees, distribution, conclusion, recommend optional
	requirement, evidenceText, statement, correction, correctionDue, rootCause         optional
	action, actionDue, answer, notes                                                   optional
	at, clauses, auditee, auditor, place, minutes, person, role, session               string
	question, lookFor, conforms, kind                                                  string
	remote, sent, omit, include                                                        bool
	size, version                                                                      int
	seed                                                                               optional
	names, records                                                                     multi
}

const auditUsage = "plan ASSESSMENT | session add ASSESSMENT | interview add ASSESSMENT | checklist ASSESSMENT [CLAUSE] | checklist answer ASSESSMENT CLAUSE KEY | checklist add ASSESSMENT CLAUSE | sample ASSESSMENT CLAUSE | sample set SAMPLE RECORD | sample show SAMPLE | statement FINDING | conclude ASSESSMENT | sign ASSESSMENT | report ASSESSMENT"

func init() {
	commands["audit"] = command{auditUsage, 1, 5, func(fs *flag.FlagSet, o *opts) {
		a := &o.audit
		jsonFlag(fs, o)
		fs.Var(&a.objectives, "objectives", "plan: the audit's objectives")
		fs.Var(&a.criteria, "criteria", "plan: what the audit compares against (default: the edition of ISO/IEC 20000-1 and the organisation's own documented information)")
		fs.Var(&a.method, "method", "plan: how the audit is done")
		fs.Var(&a.sites, "sites", "plan: the sites audited")
		fs.Var(&a.auditees, "auditees", "plan: the people audited")
		fs.BoolVar(&a.sent, "sent", false, "plan: record that the plan was sent to the auditee now (later changes are shown)")
		fs.StringVar(&o.pdf, "pdf", "", "plan, report: write the PDF to FILE")
		fs.StringVar(&o.xlsx, "xlsx", "", "plan, report: write the workbook to FILE")
		fs.StringVar(&a.at, "at", "", "session, interview: date and time (2026-12-07 09:30, this machine's zone)")
		fs.StringVar(&a.clauses, "clauses", "", "session, interview: clauses, comma-separated (8.5.1.1,8.5.2)")
		fs.StringVar(&a.auditee, "auditee", "", "session: who is audited")
		fs.StringVar(&a.auditor, "auditor", "", "session, interview, checklist answer: the auditor")
		fs.StringVar(&a.place, "place", "", "session: the room or site")
		fs.BoolVar(&a.remote, "remote", false, "session: held remotely")
		fs.StringVar(&a.minutes, "minutes", "", "session: duration (90, 1h30m; default an hour)")
		fs.StringVar(&a.person, "person", "", "interview: who was interviewed")
		fs.StringVar(&a.role, "role", "", "interview: their role")
		fs.StringVar(&a.session, "session", "", "interview, checklist answer: the agenda's session (AUS-…)")
		fs.Var(&a.notes, "note", "interview, checklist answer: notes; sample set: why the record conforms or not")
		fs.Var(&a.answer, "answer", "checklist answer: yes, partly or no (empty clears it)")
		fs.BoolVar(&a.omit, "omit", false, "checklist answer: leave the question out of this audit")
		fs.BoolVar(&a.include, "include", false, "checklist answer: take a question left out back in")
		fs.StringVar(&a.question, "question", "", "checklist add: the question")
		fs.StringVar(&a.lookFor, "look-for", "", "checklist add: what to see")
		fs.StringVar(&a.kind, "kind", "", "sample: the register sampled (incident, change, …)")
		fs.Var(&o.where, "where", "sample: FIELD=VALUE (also != < <= > >= ~) that the population meets; repeatable")
		fs.IntVar(&a.size, "size", 0, "sample: how many records (docs/audit.md suggests a size by population)")
		fs.Var(&a.seed, "seed", "sample: the seed of an earlier draw, to draw the same sample again (default: a new one)")
		fs.StringVar(&a.conforms, "conforms", "", "sample set: yes or no")
		fs.Var(&a.requirement, "requirement", "statement: the requirement, in the auditor's words")
		fs.Var(&a.evidenceText, "evidence", "statement: the objective evidence seen")
		fs.Var(&a.records, "evidence-record", "statement: a record, sample or interview that shows it; repeatable")
		fs.Var(&a.statement, "statement", "statement: the statement of nonconformity")
		fs.Var(&a.correction, "correction", "statement: the auditee's correction")
		fs.Var(&a.correctionDue, "correction-due", "statement: when the correction is due (YYYY-MM-DD)")
		fs.Var(&a.rootCause, "root-cause", "statement: the root cause")
		fs.Var(&a.action, "corrective-action", "statement: the corrective action")
		fs.Var(&a.actionDue, "action-due", "statement: when the corrective action is due (YYYY-MM-DD)")
		fs.Var(&a.conclusion, "conclusion", "conclude: the lead auditor's conclusion")
		fs.Var(&a.recommend, "recommend", "conclude: "+strings.Join(audit.Recommendations, ", ")+" (a certification-style audit)")
		fs.Var(&a.distribution, "distribution", "conclude: who receives the report")
		fs.Var(&a.names, "name", "sign: who signs; repeatable")
		fs.IntVar(&a.version, "version", 0, "report: the signed version to write (default: the report as it stands)")
		fs.StringVar(&o.language, "language", o.lang, "plan, report: en or de (default: the command line's language)")
	}, runAudit}
}

func runAudit(c *ctx, args []string) error {
	if c.o.language != "" && c.o.language != i18n.Lang(c) {
		// The texts the audit computes (the summary, the plan's defaults) in the language of
		// the report and the plan printed, which the command's --language sets.
		// The command's own sentences follow it too.
		in, o := *c, *c.o
		in.Context = i18n.WithLang(c.Context, c.o.language)
		o.lang = c.o.language
		in.o = &o
		c = &in
	}
	p := audit.New(c.s)
	a := &c.o.audit
	sub, args := args[0], args[1:]
	want := func(what string, n int) error {
		if len(args) != n {
			return usagef("audit %s: expected %s", sub, what)
		}
		return nil
	}
	switch sub {
	case "plan":
		if err := want("ASSESSMENT", 1); err != nil {
			return err
		}
		return runAuditPlan(c, p, args[0])
	case "session":
		if len(args) != 2 || args[0] != "add" {
			return usagef("audit session: expected add ASSESSMENT --at DATETIME --clauses LIST --auditee NAME")
		}
		s, err := p.AddSession(c, args[1], audit.SessionInput{At: a.at, Clauses: []string{a.clauses}, Auditee: a.auditee,
			Auditor: a.auditor, Place: a.place, Remote: a.remote, Minutes: a.minutes})
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(s)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("%s %s %s with %s", s.Ref, c.when(s.At), strings.Join(s.Clauses, ", "), s.Auditee))
		return nil
	case "interview":
		if len(args) != 2 || args[0] != "add" {
			return usagef("audit interview: expected add ASSESSMENT --person NAME --clauses LIST --note TEXT")
		}
		iv, err := p.AddInterview(c, args[1], audit.InterviewInput{Person: a.person, Role: a.role, At: a.at, Clauses: []string{a.clauses},
			Notes: a.notes.value, Auditor: a.auditor, Session: a.session})
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(iv)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("%s %s on %s (evidence of %s)", iv.Ref, iv.Person, c.when(iv.At), strings.Join(iv.Clauses, ", ")))
		return nil
	case "checklist":
		return runChecklist(c, p, args)
	case "sample":
		return runSample(c, p, args)
	case "statement":
		if err := want("FINDING", 1); err != nil {
			return err
		}
		st, err := p.WriteStatement(c, args[0], audit.StatementInput{Requirement: a.requirement.ptr(), Evidence: a.evidenceText.ptr(),
			Statement: a.statement.ptr(), Correction: a.correction.ptr(), CorrectionDue: a.correctionDue.ptr(), RootCause: a.rootCause.ptr(),
			Action: a.action.ptr(), ActionDue: a.actionDue.ptr(), Records: a.records})
		if err != nil {
			return err
		}
		return c.printJSON(st)
	case "conclude":
		if err := want("ASSESSMENT", 1); err != nil {
			return err
		}
		if !a.conclusion.set && !a.recommend.set && !a.distribution.set {
			return fault.New("audit.conclusion_required", "conclusion", "give --conclusion TEXT (and --recommend, --distribution)")
		}
		r, err := p.Conclude(c, args[0], audit.ConcludeInput{Conclusion: a.conclusion.ptr(), Recommendation: a.recommend.ptr(), Distribution: a.distribution.ptr()})
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(r)
		}
		fmt.Fprintf(c.env.Stdout, "%s\n\n%s\n", i18n.Tr(i18n.Lang(c), "report: %s", r.Issue.Status(i18n.Lang(c))), strings.Join(r.Summary, "\n\n"))
		return nil
	case "sign":
		if err := want("ASSESSMENT", 1); err != nil {
			return err
		}
		v, err := p.Sign(c, args[0], a.names, reportRenderer(c, args[0]))
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(v)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("signed version %d of the report (%s) by %s; its PDF is kept in the workspace (sha256 %s)", v.Version, v.Ref, v.SignedBy, v.PDF))
		return nil
	case "report":
		if err := want("ASSESSMENT", 1); err != nil {
			return err
		}
		return runAuditReport(c, p, args[0])
	}
	return usagef("audit: expected %s", auditUsage)
}

// reportRenderer prints a report to be signed as the audit pack prints it.
func reportRenderer(c *ctx, assessment string) audit.Renderer {
	return func(_ context.Context, r *audit.Report) ([]byte, []byte, error) {
		return auditpack.RenderReport(c, c.s, auditpack.Options{Assessment: assessment, Report: true, Language: c.o.language, AppVersion: c.env.Version}, r)
	}
}

func runAuditPlan(c *ctx, p *audit.Papers, assessment string) error {
	a := &c.o.audit
	in := audit.PlanInput{Objectives: a.objectives.ptr(), Criteria: a.criteria.ptr(), Method: a.method.ptr(), Sites: a.sites.ptr(), Auditees: a.auditees.ptr()}
	plan, err := p.SetPlan(c, assessment, in)
	if err != nil {
		return err
	}
	if a.sent {
		if plan, err = p.MarkSent(c, assessment); err != nil {
			return err
		}
	}
	if c.o.pdf != "" || c.o.xlsx != "" {
		res, err := auditpack.Write(c, c.s, auditpack.Options{Assessment: assessment, Plan: true, Language: c.o.language, AppVersion: c.env.Version},
			auditpack.Files{PDF: c.o.pdf, XLSX: c.o.xlsx}, nil)
		if err != nil {
			return err
		}
		printWritten(c, res)
	}
	if c.o.json {
		return c.printJSON(plan)
	}
	if c.o.pdf != "" || c.o.xlsx != "" {
		return nil
	}
	out := c.env.Stdout
	fmt.Fprintln(out, c.tr("AUDIT PLAN %s %s", plan.Assessment, plan.Title))
	fmt.Fprintln(out)
	labels := c.trs("Objectives", "Scope", "Criteria", "Method", "Dates", "Lead auditor", "Audit team", "Sites", "Auditees")
	width := 0
	for _, l := range labels {
		width = max(width, utf8.RuneCountInString(l)+1)
	}
	for i, v := range []string{plan.Objectives, plan.Scope, plan.Criteria, plan.Method,
		strings.TrimSpace(c.date(plan.Start) + " – " + c.date(plan.End)), plan.Lead, plan.Auditors, plan.Sites, plan.Auditees} {
		if v != "" && v != "–" {
			fmt.Fprintf(out, "%s %s\n", padRight(labels[i]+":", width), v)
		}
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, c.tr("AGENDA"))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(c.trs("SESSION", "WHEN", "MIN", "CLAUSES", "AUDITEE", "AUDITOR", "WHERE", "STATE"), "\t"))
	for _, s := range plan.Sessions {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.Ref, c.when(s.At), s.Minutes, strings.Join(s.Clauses, ","), s.Auditee, s.Auditor, s.Where(i18n.Lang(c)), s.Status)
	}
	tw.Flush()
	if len(plan.Sessions) == 0 {
		fmt.Fprintln(out, c.tr("(no session yet: audit session add)"))
	}
	if plan.SentAt != "" {
		fmt.Fprintf(out, "\n%s", c.tr("Sent to the auditee on %s.", c.when(plan.SentAt)))
		if len(plan.Changes) == 0 {
			fmt.Fprintln(out, " "+c.tr("Unchanged since."))
		} else {
			fmt.Fprintln(out, " "+c.tr("Changed since:"))
			for _, ch := range plan.Changes {
				fmt.Fprintf(out, "  - %s\n", ch)
			}
		}
	}
	return nil
}

func printWritten(c *ctx, res *auditpack.Result) {
	if res.PDF != "" {
		fmt.Fprintln(c.env.Stderr, c.tr("wrote %s (%d pages, %d bytes)", res.PDF, res.PDFPages, res.PDFBytes))
	}
	if res.XLSX != "" {
		fmt.Fprintln(c.env.Stderr, c.tr("wrote %s (%d bytes)", res.XLSX, res.XLSXBytes))
	}
}

func runChecklist(c *ctx, p *audit.Papers, args []string) error {
	a := &c.o.audit
	switch {
	case len(args) == 4 && args[0] == "answer":
		in := audit.AnswerInput{Answer: a.answer.ptr(), Notes: a.notes.ptr(), Auditor: a.auditor, Session: a.session}
		if a.omit || a.include {
			in.Omit = &a.omit
		}
		if in.Answer == nil && in.Notes == nil && in.Omit == nil {
			return fault.New("audit.answer_required", "answer", "give --answer yes|partly|no, --note TEXT or --omit")
		}
		q, err := p.Answer(c, args[1], args[2], args[3], in)
		if err != nil {
			return err
		}
		return c.printJSON(q)
	case len(args) == 3 && args[0] == "add":
		q, err := p.AddQuestion(c, args[1], args[2], a.question, a.lookFor)
		if err != nil {
			return err
		}
		return c.printJSON(q)
	case len(args) == 1 || len(args) == 2 && args[0] != "answer" && args[0] != "add":
		clause := ""
		if len(args) == 2 {
			clause = args[1]
		}
		list, err := p.Checklist(c, args[0], clause)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(list)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(c.trs("CLAUSE", "KEY", "ANSWER", "REGISTERS", "QUESTION"), "\t"))
		for _, q := range list {
			ans := q.Answer
			if q.Omitted {
				ans = c.tr("(left out)")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", q.Clause, q.Key, dashIfEmpty(ans), dashIfEmpty(q.PreCheck), q.Question)
		}
		return tw.Flush()
	}
	return usagef("audit checklist: expected ASSESSMENT [CLAUSE], answer ASSESSMENT CLAUSE KEY or add ASSESSMENT CLAUSE --question TEXT")
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runSample(c *ctx, p *audit.Papers, args []string) error {
	a := &c.o.audit
	var s *audit.Sample
	var err error
	switch {
	case len(args) == 3 && args[0] == "set":
		s, err = p.Judge(c, args[1], args[2], a.conforms, a.notes.value)
	case len(args) == 2 && args[0] == "show":
		s, err = p.Sample(c, args[1])
	case len(args) == 2:
		in := audit.SampleInput{Register: a.kind, Where: c.o.where, Size: a.size, DrawnBy: a.auditor}
		if a.seed.set {
			n, perr := strconv.ParseInt(strings.TrimSpace(a.seed.value), 10, 64)
			if perr != nil {
				return fault.New("audit.seed_invalid", "seed", "--seed %q is not a whole number", a.seed.value)
			}
			in.Seed = &n
		}
		s, err = p.Draw(c, args[0], args[1], in)
	default:
		return usagef("audit sample: expected ASSESSMENT CLAUSE --kind KIND --size N, set SAMPLE RECORD --conforms yes|no --note TEXT, or show SAMPLE")
	}
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(s)
	}
	out := c.env.Stdout
	filter := ""
	if s.Filter != "" {
		filter = "; " + s.Filter
	}
	fmt.Fprintln(out, c.tr("%s: %d of %d %s records for %s (seed %d%s); suggested size for this population: %d",
		s.Ref, s.Size, s.Population, c.word(kindWord(s.Register)), s.Clause, s.Seed, filter, s.Suggested))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, it := range s.Items {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", it.Ref, dashIfEmpty(it.Conforms), it.Title, it.Note)
	}
	tw.Flush()
	fmt.Fprintln(out, c.tr("%d judged, %d not conforming", s.Judged, s.Failed))
	return nil
}

func runAuditReport(c *ctx, p *audit.Papers, assessment string) error {
	a := &c.o.audit
	if a.version > 0 {
		v, pdf, xlsx, err := p.SignedFiles(c, assessment, a.version)
		if err != nil {
			return err
		}
		if c.o.pdf == "" && c.o.xlsx == "" {
			return c.printJSON(v)
		}
		for _, f := range []struct {
			path string
			data []byte
		}{{c.o.pdf, pdf}, {c.o.xlsx, xlsx}} {
			if f.path == "" {
				continue
			}
			if f.data == nil {
				return fault.New("audit.workbook_missing", "xlsx", "version %d was signed without a workbook", v.Version)
			}
			if err := c.s.CheckOutput(f.path); err != nil {
				return err
			}
			if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
				return fmt.Errorf("cannot write %s: %v", f.path, err)
			}
			fmt.Fprintln(c.env.Stderr, c.tr("wrote %s (version %d as signed by %s, %d bytes)", f.path, v.Version, v.SignedBy, len(f.data)))
		}
		return nil
	}
	if c.o.pdf != "" || c.o.xlsx != "" {
		res, err := auditpack.Write(c, c.s, auditpack.Options{Assessment: assessment, Report: true, Language: c.o.language, AppVersion: c.env.Version},
			auditpack.Files{PDF: c.o.pdf, XLSX: c.o.xlsx}, nil)
		if err != nil {
			return err
		}
		printWritten(c, res)
		return nil
	}
	r, err := p.Report(c, assessment)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(r)
	}
	fmt.Fprintf(c.env.Stdout, "%s\n\n%s\n", i18n.Tr(i18n.Lang(c), "report: %s", r.Issue.Status(i18n.Lang(c))), strings.Join(r.Summary, "\n\n"))
	for _, v := range r.Issue.Versions {
		fmt.Fprintf(c.env.Stdout, "\n%s", i18n.Tr(i18n.Lang(c), "version %d signed by %s on %s (%s)", v.Version, v.SignedBy, audit.LocalTimeIn(i18n.Lang(c), v.SignedAt), v.Ref))
	}
	if len(r.Issue.Versions) > 0 {
		fmt.Fprintln(c.env.Stdout)
	}
	return nil
}

// when is a time of the audit (RFC 3339) in this machine's zone, as the command line's language
// writes it: "2026-12-07 09:30", "07.12.2026 09:30".
func (c *ctx) when(s string) string { return audit.LocalTimeIn(c.o.lang, s) }

// padRight is s with spaces up to width runes.
func padRight(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
