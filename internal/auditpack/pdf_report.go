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
		{"Audit", pl.Assessment + " " + pl.Title},
		{"Type", label1("assessment", "assessment_type", pl.Type) + " · " + stateText("assessment", pl.Status)},
		{"Objectives", pl.Objectives},
		{"Scope", dash(pl.Scope)},
		{"Criteria", pl.Criteria},
		{"Method", pl.Method},
		{"Dates", dateRange(pl.Start, pl.End)},
		{"Sites", pl.Sites},
		{"Lead auditor", pl.Lead},
		{"Audit team", pl.Auditors},
		{"Auditees", auditees},
	}
	if !d.p.Opt.Plan {
		pairs = append(pairs, [2]string{"Report", r.Issue.Status()}, [2]string{"Distribution", r.Distribution})
	} else if pl.SentAt != "" {
		pairs = append(pairs, [2]string{"Sent", audit.LocalTime(pl.SentAt)})
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
	rows = append(rows, subheading("In figures")...)
	data := [][]string{
		{"Requirements assessed", fmt.Sprintf("%d of %d", total-counts[catalogue.NotAssessed], total)},
		{"Conformant / partially / nonconformant", fmt.Sprintf("%d / %d / %d", counts[catalogue.Conformant], counts[catalogue.PartiallyConformant], counts[catalogue.Nonconformant])},
		{"Major / minor nonconformities", fmt.Sprintf("%d / %d", grades[catalogue.Major], grades[catalogue.Minor])},
		{"Observations / opportunities for improvement", fmt.Sprintf("%d / %d", grades[catalogue.Observation], grades[catalogue.OFI])},
		{"Readiness", pct(r.Assessment.Readiness)},
		{"Interviews / samples", fmt.Sprintf("%d / %d", len(r.Interviews), len(r.Samples))},
	}
	return append(rows, table([]string{"Figure", "Value"}, []int{8, 4}, data)...)
}

// statements: every finding, a nonconformity in the three parts certification bodies write
// (requirement, objective evidence, statement) and the auditee's response.
func (d *pdfDoc) statements() []core.Row {
	r := d.p.Audit
	if len(r.Statements) == 0 {
		return para("The audit raised no finding.", body())
	}
	var rows []core.Row
	lt := txt(7.5, fontstyle.Bold, rgb(grey))
	line := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			rows = append(rows, row.New().Add(mtext.NewCol(3, label, lt), mtext.NewCol(9, value, small())))
		}
	}
	for _, s := range r.Statements {
		head := fmt.Sprintf("%s  %s — %s %s", s.Ref, gradeLabel(s.Grade), s.Clause, s.ClauseTitle)
		rows = append(rows, subheadingWith(head, 25)...)
		line("Finding", s.Title)
		if s.Graded() {
			req := s.Requirement
			if req == "" {
				req = "ISO/IEC 20000-1:2018, " + s.Clause + " " + s.ClauseTitle
			}
			line("Requirement", req)
			line("Objective evidence", evidenceText(s))
			st := s.Statement
			if st == "" {
				st = "(not written yet)"
			}
			line("Statement of nonconformity", st)
			line("Correction", withDue(s.Correction, s.CorrectionDue))
			line("Root cause", s.RootCause)
			line("Corrective action", withDue(s.Action, s.ActionDue))
			if s.Correction == "" && s.RootCause == "" && s.Action == "" {
				line("Auditee's response", "awaited")
			}
			if s.Recommendation {
				line("Register", "a recommendation of the assessment: no nonconformity opened in the organisation's register")
			} else {
				line("Nonconformity", s.Nonconformity)
			}
		} else {
			line("Details", s.Description)
			line("Evidence", evidenceText(s))
		}
		line("Status", stateText("finding", s.Status))
		line("Raised by", s.RaisedBy)
		rows = append(rows, space(2))
	}
	return rows
}

func evidenceText(s audit.Statement) string {
	parts := []string{}
	if e := strings.TrimSpace(s.Evidence); e != "" {
		if !strings.HasSuffix(e, ".") {
			e += "."
		}
		parts = append(parts, e)
	}
	var recs []string
	for _, l := range s.Records {
		t := l.Ref
		if l.Title != "" {
			t += " " + l.Title
		}
		recs = append(recs, t)
	}
	if len(recs) > 0 {
		parts = append(parts, "Records: "+strings.Join(recs, "; ")+".")
	}
	return strings.Join(parts, " ")
}

func withDue(text, due string) string {
	if text == "" {
		return ""
	}
	if due != "" {
		return text + " (due " + due + ")"
	}
	return text
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
				ivs = append(ivs, fmt.Sprintf("%s %s, %s: %s", iv.Ref, who, audit.LocalTime(iv.At), strings.Join(strings.Fields(iv.Notes), " ")))
			}
		}
		for _, s := range r.Samples {
			if s.Clause == c.Clause {
				sms = append(sms, sampleLine(s))
			}
		}
		for _, q := range r.Answered {
			if q.Clause == c.Clause {
				ans := q.Answer
				if q.Omitted {
					ans = "left out"
				}
				t := fmt.Sprintf("%s — %s", strings.TrimPrefix(strings.TrimPrefix(q.Question, "Ask to see: "), "Check in the registers: "), dash(ans))
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
		}{{"Interview", ivs}, {"Sample", sms}, {"Checklist", qs}} {
			for _, l := range set.lines {
				rows = append(rows, row.New().Add(mtext.NewCol(2, set.label, lt), mtext.NewCol(10, l, small())))
			}
		}
	}
	if len(notAssessed) > 0 {
		text := fmt.Sprintf("Not assessed in this audit (%d of %d requirements): %s.", len(notAssessed), len(catalogue.AssessedClauses()), strings.Join(notAssessed, ", "))
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

func sampleLine(s audit.Sample) string {
	pop := "all " + s.Register + " records"
	if s.Filter != "" {
		pop = s.Register + " records where " + s.Filter
	}
	t := fmt.Sprintf("%s: %d drawn of %d %s (seed %d); %d judged, %d not conforming", s.Ref, s.Size, s.Population, pop, s.Seed, s.Judged, s.Failed)
	return t
}

// samples: each sample with its population, seed and the verdict on every record drawn.
func (d *pdfDoc) samples() []core.Row {
	r := d.p.Audit
	if len(r.Samples) == 0 {
		return para("No sample was drawn.", body())
	}
	rows := para("Each sample was drawn at random from its population with the seed shown: drawing with the same seed from the same population gives the same records again. "+
		"The suggested size follows docs/audit.md.", body())
	for _, s := range r.Samples {
		rows = append(rows, subheadingWith(fmt.Sprintf("%s  %s — clause %s", s.Ref, s.Register, s.Clause), 30)...)
		filter := s.Filter
		if filter == "" {
			filter = "the whole register"
		}
		rows = append(rows, facts([][2]string{{"Population", fmt.Sprintf("%d records: %s", s.Population, filter)},
			{"Drawn", fmt.Sprintf("%d records, seed %d (suggested size %d)", s.Size, s.Seed, s.Suggested)},
			{"Outcome", fmt.Sprintf("%d judged, %d conform, %d do not", s.Judged, s.Judged-s.Failed, s.Failed)},
			{"Drawn by", s.DrawnBy}})...)
		var data [][]string
		for _, it := range s.Items {
			v := "not judged"
			switch it.Conforms {
			case "yes":
				v = "conforms"
			case "no":
				v = "DOES NOT CONFORM"
			}
			data = append(data, []string{it.Ref, it.Title, v, it.Note})
		}
		rows = append(rows, table([]string{"Record", "Title", "Verdict", "Why"}, []int{2, 5, 2, 3}, data)...)
	}
	return rows
}

// agenda: the sessions, planned and held, and what changed since the plan was sent.
func (d *pdfDoc) agenda() []core.Row {
	pl := d.p.Audit.Plan
	var rows []core.Row
	if len(pl.Sessions) == 0 {
		rows = append(rows, para("No session is planned yet.", body())...)
	}
	var data [][]string
	for _, s := range pl.Sessions {
		data = append(data, []string{s.Ref, audit.LocalTime(s.At), fmt.Sprint(s.Minutes), strings.Join(s.Clauses, ", "), s.Auditee, s.Auditor, s.Where(), stateText("auditsession", s.Status)})
	}
	if len(data) > 0 {
		rows = append(rows, table([]string{"Session", "When", "Min.", "Clauses", "Auditee", "Auditor", "Where", "State"}, []int{2, 2, 1, 2, 2, 1, 1, 1}, data)...)
	}
	if pl.SentAt != "" {
		text := "The plan was sent to the auditee on " + audit.LocalTime(pl.SentAt) + "."
		if len(pl.Changes) == 0 {
			text += " It has not changed since."
		} else {
			text += " Changed since:"
		}
		rows = append(rows, space(3))
		rows = append(rows, para(text, body())...)
		for _, c := range pl.Changes {
			rows = append(rows, para("• "+c, body())...)
		}
	} else if d.p.Opt.Plan {
		rows = append(rows, space(3))
		rows = append(rows, para("Draft plan: not yet sent to the auditee.", body())...)
	}
	return rows
}

// signoff: the conclusion, the recommendation, the distribution and the signatures.
func (d *pdfDoc) signoff() []core.Row {
	r := d.p.Audit
	conclusion := r.Conclusion
	if conclusion == "" {
		conclusion = "(not written yet)"
	}
	rows := facts([][2]string{{"Conclusion", conclusion}, {"Recommendation", audit.RecommendationText(r.Recommendation)}, {"Distribution", r.Distribution}})
	rows = append(rows, subheading("Signatures")...)
	var data [][]string
	for _, v := range r.Issue.Versions {
		data = append(data, []string{fmt.Sprint(v.Version), v.SignedBy, audit.LocalTime(v.SignedAt), "signed"})
	}
	if r.Issue.Final && !slices.ContainsFunc(r.Issue.Versions, func(v audit.Version) bool { return v.Version == r.Issue.Version }) {
		data = append(data, []string{fmt.Sprint(r.Issue.Version), r.Issue.SignedBy, audit.LocalTime(r.Issue.SignedAt), "signed (this version)"})
	}
	if !r.Issue.Final {
		data = append(data, []string{fmt.Sprint(r.Issue.Version), "", "", "draft: final only when signed"})
	}
	rows = append(rows, table([]string{"Version", "Signed by", "Signed at", "State"}, []int{2, 4, 3, 3}, data)...)
	rows = append(rows, space(3))
	note := "A signed version is frozen: it is kept in the workspace as it was signed, with its sha256; a later change to the audit makes a new draft version, and both remain."
	return append(rows, para(note, txt(7.5, fontstyle.Italic, rgb(grey)))...)
}
