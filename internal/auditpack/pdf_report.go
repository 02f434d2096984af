package auditpack

import (
	"fmt"
	"slices"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/row"
	mtext "github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/compliance/catalogue"
)

// The sections of an audit report (ISO 19011's report: the audit's details, a summary, the
// findings with their evidence, clause by clause, the samples, the plan as carried out, the
// conclusion and its sign-off). The pack's data sections follow as appendices.
const (
	repDetails    = "r.details"
	repSummary    = "r.summary"
	repStatements = "r.statements"
	repClauses    = "r.clauses"
	repSamples    = "r.samples"
	repAgenda     = "r.agenda"
	repSignoff    = "r.signoff"
)

var reportSections = []string{repDetails, repSummary, repStatements, repClauses, repSamples, repAgenda, repSignoff}

func isReportSection(s string) bool { return slices.Contains(reportSections, s) }

// marking is the header's right side: confidential, and a draft report says so on every page.
func (d *pdfDoc) marking() string {
	m := d.p.Opt.T("confidential")
	if a := d.p.Audit; a != nil && !d.p.Opt.Plan && !a.Issue.Final {
		m += " · " + strings.ToUpper(d.p.Opt.T("draft"))
	}
	return m
}

// auditDetails: who audited what, against what, how, when and where.
func (d *pdfDoc) auditDetails() []core.Row {
	r := d.p.Audit
	pl := r.Plan
	auditees := pl.Auditees
	var met []string
	for _, s := range pl.Sessions {
		if s.Status != "cancelled" && !slices.Contains(met, s.Auditee) && !strings.Contains(auditees, s.Auditee) {
			met = append(met, s.Auditee)
		}
	}
	if len(met) > 0 {
		if auditees != "" {
			auditees += "; "
		}
		auditees += strings.Join(met, ", ")
	}
	pairs := [][2]string{
		{d.tr("Audit"), pl.Assessment + " " + pl.Title},
		{d.tr("Type"), d.p.enum("assessment", "assessment_type", pl.Type) + " · " + d.p.state("assessment", pl.Status)},
		{d.tr("Objectives"), pl.Objectives},
		{d.tr("Scope"), dash(pl.Scope)},
		{d.tr("Criteria"), pl.Criteria},
		{d.tr("Method"), pl.Method},
		{d.tr("Dates"), d.p.dateRange(pl.Start, pl.End)},
		{d.tr("Sites"), pl.Sites},
		{d.tr("Lead auditor"), pl.Lead},
		{d.tr("Audit team"), pl.Auditors},
		{d.tr("Auditees"), auditees},
	}
	if !d.p.Opt.Plan {
		pairs = append(pairs, [2]string{d.tr("Report"), d.issueStatus(r.Issue)}, [2]string{d.tr("Distribution"), r.Distribution})
	} else if pl.SentAt != "" {
		pairs = append(pairs, [2]string{d.tr("Sent"), d.p.when(pl.SentAt)})
	}
	return facts(pairs)
}

// auditSummary: the executive summary in sentences, and the figures it rests on.
func (d *pdfDoc) auditSummary() []core.Row {
	r := d.p.Audit
	var rows []core.Row
	for _, p := range r.Summary {
		rows = append(rows, para(p, body())...)
		rows = append(rows, space(2))
	}
	counts := map[string]int{}
	total := 0
	for _, c := range r.Assessment.Clauses {
		if !c.Rollup {
			counts[c.Result]++
			total++
		}
	}
	grades := map[string]int{}
	for _, s := range r.Statements {
		grades[s.Grade]++
	}
	rows = append(rows, subheading(d.tr("In figures"))...)
	data := [][]string{
		{d.tr("Requirements assessed"), d.tr("%d of %d", total-counts[catalogue.NotAssessed], total)},
		{d.tr("Conformant / partially / nonconformant"), fmt.Sprintf("%d / %d / %d", counts[catalogue.Conformant], counts[catalogue.PartiallyConformant], counts[catalogue.Nonconformant])},
		{d.tr("Major / minor nonconformities"), fmt.Sprintf("%d / %d", grades[catalogue.Major], grades[catalogue.Minor])},
		{d.tr("Observations / opportunities for improvement"), fmt.Sprintf("%d / %d", grades[catalogue.Observation], grades[catalogue.OFI])},
		{d.tr("Readiness"), d.p.pct(r.Assessment.Readiness)},
		{d.tr("Interviews / samples"), fmt.Sprintf("%d / %d", len(r.Interviews), len(r.Samples))},
	}
	return append(rows, table(d.trs("Figure", "Value"), []int{8, 4}, data)...)
}

// statements: every finding, a nonconformity in the three parts certification bodies write
// (requirement, objective evidence, statement) and the auditee's response.
func (d *pdfDoc) statements() []core.Row {
	r := d.p.Audit
	if len(r.Statements) == 0 {
		return para(d.tr("The audit raised no finding."), body())
	}
	var rows []core.Row
	lt := txt(7.5, fontstyle.Bold, rgb(grey))
	line := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			rows = append(rows, row.New().Add(mtext.NewCol(3, label, lt), mtext.NewCol(9, value, small())))
		}
	}
	for _, s := range r.Statements {
		head := fmt.Sprintf("%s  %s — %s %s", s.Ref, d.p.grade(s.Grade), s.Clause, d.p.clauseTitle(s.Clause, s.ClauseTitle))
		rows = append(rows, subheadingWith(head, 25)...)
		line(d.tr("Finding"), s.Title)
		if s.Graded() {
			req := s.Requirement
			if req == "" {
				req = "ISO/IEC 20000-1:2018, " + s.Clause + " " + d.p.clauseTitle(s.Clause, d.p.clauseTitle(s.Clause, s.ClauseTitle))
			}
			line(d.tr("Requirement"), req)
			line(d.tr("Objective evidence"), d.p.evidenceText(s))
			st := s.Statement
			if st == "" {
				st = d.tr("(not written yet)")
			}
			line(d.tr("Statement of nonconformity"), st)
			line(d.tr("Correction"), d.p.withDue(s.Correction, s.CorrectionDue))
			line(d.tr("Root cause"), s.RootCause)
			line(d.tr("Corrective action"), d.p.withDue(s.Action, s.ActionDue))
			if s.Correction == "" && s.RootCause == "" && s.Action == "" {
				line(d.tr("Auditee's response"), d.tr("awaited"))
			}
			if s.Recommendation {
				line(d.tr("Register"), d.tr("a recommendation of the assessment: no nonconformity opened in the organisation's register"))
			} else {
				line(d.tr("Nonconformity"), s.Nonconformity)
			}
		} else {
			line(d.tr("Details"), s.Description)
			line(d.tr("Evidence"), d.p.evidenceText(s))
		}
		line(d.tr("Status"), d.p.state("finding", s.Status))
		line(d.tr("Raised by"), s.RaisedBy)
		rows = append(rows, space(2))
	}
	return rows
}

// auditClauses: each requirement the audit looked at, with its result, the interviews, samples
// and checklist answers that are its evidence; those not assessed in one sentence.
func (d *pdfDoc) auditClauses() []core.Row {
	r := d.p.Audit
	var notAssessed []string
	var rows []core.Row
	lt := txt(7.5, fontstyle.Bold, rgb(grey))
	for _, c := range r.Assessment.Clauses {
		if c.Rollup {
			continue
		}
		var ivs, sms, qs []string
		for _, iv := range r.Interviews {
			if covers(iv.Clauses, c.Clause) {
				who := iv.Person
				if iv.Role != "" {
					who += " (" + iv.Role + ")"
				}
				ivs = append(ivs, fmt.Sprintf("%s %s, %s: %s", iv.Ref, who, d.p.when(iv.At), strings.Join(strings.Fields(iv.Notes), " ")))
			}
		}
		for _, s := range r.Samples {
			if s.Clause == c.Clause {
				sms = append(sms, d.sampleLine(s))
			}
		}
		for _, q := range r.Answered {
			if q.Clause == c.Clause {
				ans := q.Answer
				if q.Omitted {
					ans = d.tr("left out")
				}
				t := fmt.Sprintf("%s — %s", d.p.question(q), dash(d.p.answer(ans)))
				if q.Notes != "" {
					t += ": " + q.Notes
				}
				qs = append(qs, t)
			}
		}
		if c.Result == catalogue.NotAssessed && len(ivs)+len(sms)+len(qs)+len(c.Findings) == 0 {
			notAssessed = append(notAssessed, c.Clause)
			continue
		}
		rows = append(rows, d.clause(c)...)
		for _, set := range []struct {
			label string
			lines []string
		}{{d.tr("Interview"), ivs}, {d.tr("Sample"), sms}, {d.tr("Checklist"), qs}} {
			for _, l := range set.lines {
				rows = append(rows, row.New().Add(mtext.NewCol(2, set.label, lt), mtext.NewCol(10, l, small())))
			}
		}
	}
	if len(notAssessed) > 0 {
		text := d.tr("Not assessed in this audit (%d of %d requirements): %s.", len(notAssessed), len(catalogue.AssessedClauses()), strings.Join(notAssessed, ", "))
		rows = append(para(text, body()), append([]core.Row{space(2)}, rows...)...)
	}
	return rows
}

// covers says whether a list of clauses names a clause or a heading above it.
func covers(list []string, clause string) bool {
	for _, c := range list {
		if c == clause || strings.HasPrefix(clause, c+".") {
			return true
		}
	}
	return false
}

func (d *pdfDoc) sampleLine(s audit.Sample) string {
	pop := d.tr("all %s records", d.p.plural(s.Register))
	if s.Filter != "" {
		pop = d.tr("%s records where %s", d.p.plural(s.Register), s.Filter)
	}
	return d.tr("%s: %d drawn of %d %s (seed %d); %d judged, %d not conforming", s.Ref, s.Size, s.Population, pop, s.Seed, s.Judged, s.Failed)
}

// samples: each sample with its population, seed and the verdict on every record drawn.
func (d *pdfDoc) samples() []core.Row {
	r := d.p.Audit
	if len(r.Samples) == 0 {
		return para(d.tr("No sample was drawn."), body())
	}
	rows := para(d.tr("Each sample was drawn at random from its population with the seed shown: drawing with the same seed from the same population gives the same records again. "+
		"The suggested size follows docs/audit.md."), body())
	for _, s := range r.Samples {
		rows = append(rows, subheadingWith(d.tr("%s  %s — clause %s", s.Ref, d.p.plural(s.Register), s.Clause), 30)...)
		filter := s.Filter
		if filter == "" {
			filter = d.tr("the whole register")
		}
		rows = append(rows, facts([][2]string{{d.tr("Population"), d.tr("%d records: %s", s.Population, filter)},
			{d.tr("Drawn"), d.tr("%d records, seed %d (suggested size %d)", s.Size, s.Seed, s.Suggested)},
			{d.tr("Outcome"), d.tr("%d judged, %d conform, %d do not", s.Judged, s.Judged-s.Failed, s.Failed)},
			{d.tr("Drawn by"), s.DrawnBy}})...)
		var data [][]string
		for _, it := range s.Items {
			data = append(data, []string{it.Ref, it.Title, d.p.verdict(it.Conforms), it.Note})
		}
		rows = append(rows, table(d.trs("Record", "Title", "Verdict", "Why"), []int{2, 5, 2, 3}, data)...)
	}
	return rows
}

// agenda: the sessions, planned and held, and what changed since the plan was sent.
func (d *pdfDoc) agenda() []core.Row {
	pl := d.p.Audit.Plan
	var rows []core.Row
	if len(pl.Sessions) == 0 {
		rows = append(rows, para(d.tr("No session is planned yet."), body())...)
	}
	var data [][]string
	for _, s := range pl.Sessions {
		data = append(data, []string{s.Ref, d.p.when(s.At), fmt.Sprint(s.Minutes), strings.Join(s.Clauses, ", "), s.Auditee, s.Auditor, d.p.where(s), d.p.state("auditsession", s.Status)})
	}
	if len(data) > 0 {
		rows = append(rows, table(d.trs("Session", "When", "Min.", "Clauses", "Auditee", "Auditor", "Where", "State"), []int{2, 2, 1, 2, 2, 1, 1, 1}, data)...)
	}
	if pl.SentAt != "" {
		text := d.tr("The plan was sent to the auditee on %s.", d.p.when(pl.SentAt))
		if len(pl.Changes) == 0 {
			text += " " + d.tr("It has not changed since.")
		} else {
			text += " " + d.tr("Changed since:")
		}
		rows = append(rows, space(3))
		rows = append(rows, para(text, body())...)
		for _, c := range pl.Changes {
			rows = append(rows, para("• "+c, body())...)
		}
	} else if d.p.Opt.Plan {
		rows = append(rows, space(3))
		rows = append(rows, para(d.tr("Draft plan: not yet sent to the auditee."), body())...)
	}
	return rows
}

// signoff: the conclusion, the recommendation, the distribution and the signatures.
func (d *pdfDoc) signoff() []core.Row {
	r := d.p.Audit
	conclusion := r.Conclusion
	if conclusion == "" {
		conclusion = d.tr("(not written yet)")
	}
	rows := facts([][2]string{{d.tr("Conclusion"), conclusion}, {d.tr("Recommendation"), d.p.recommendation(r.Recommendation)}, {d.tr("Distribution"), r.Distribution}})
	rows = append(rows, subheading(d.tr("Signatures"))...)
	var data [][]string
	for _, v := range r.Issue.Versions {
		data = append(data, []string{fmt.Sprint(v.Version), v.SignedBy, d.p.when(v.SignedAt), d.tr("signed")})
	}
	if r.Issue.Final && !slices.ContainsFunc(r.Issue.Versions, func(v audit.Version) bool { return v.Version == r.Issue.Version }) {
		data = append(data, []string{fmt.Sprint(r.Issue.Version), r.Issue.SignedBy, d.p.when(r.Issue.SignedAt), d.tr("signed (this version)")})
	}
	if !r.Issue.Final {
		data = append(data, []string{fmt.Sprint(r.Issue.Version), "", "", d.tr("draft: final only when signed")})
	}
	rows = append(rows, table(d.trs("Version", "Signed by", "Signed at", "State"), []int{2, 4, 3, 3}, data)...)
	rows = append(rows, space(3))
	note := d.tr("A signed version is frozen: it is kept in the workspace as it was signed, with its sha256; a later change to the audit makes a new draft version, and both remain.")
	return append(rows, para(note, txt(7.5, fontstyle.Italic, rgb(grey)))...)
}
