package auditpack

import (
	"fmt"
	"strings"

	"smsworkbench/internal/sheets"
)

// The sheets of an audit report (or plan) in the workbook, before the pack's data sheets.
const (
	sheetReport     = "Report"
	sheetAgenda     = "Agenda"
	sheetStatements = "NC statements"
	sheetSampled    = "Sampled records"
	sheetInterviews = "Interview notes"
	sheetChecklist  = "Checklist"
)

// auditSheets are the audit sheets the workbook holds: the plan's two, or all of a report's.
func auditSheets(p *Pack) []string {
	switch {
	case p.Audit == nil:
		return nil
	case p.Opt.Plan:
		return []string{sheetReport, sheetAgenda}
	}
	return []string{sheetReport, sheetAgenda, sheetStatements, sheetSampled, sheetInterviews, sheetChecklist}
}

func writeAuditSheet(b *sheets.Book, p *Pack, name string) error {
	r := p.Audit
	switch name {
	case sheetReport:
		return writeAuditReportSheet(b, p)
	case sheetAgenda:
		_, err := b.Table(p.sheetTitle(name), "Agenda", []sheets.Column{{Header: p.tr("Session"), Width: 16}, {Header: p.tr("When"), Width: 17}, {Header: p.tr("Minutes"), Width: 9},
			{Header: p.tr("Clauses"), Width: 18}, {Header: p.tr("Auditee"), Width: 22}, {Header: p.tr("Auditor"), Width: 20}, {Header: p.tr("Where"), Width: 18},
			{Header: p.tr("State"), Width: 11}, {Header: p.tr("Notes"), Width: 40}}, func(emit func([]any) error) error {
			for _, s := range r.Plan.Sessions {
				if err := emit([]any{s.Ref, b.Text(p.when(s.At)), s.Minutes, b.Text(strings.Join(s.Clauses, ", ")), b.Text(s.Auditee),
					b.Text(s.Auditor), b.Text(p.where(s)), b.Text(p.state("auditsession", s.Status)), b.Text(s.Notes)}); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	case sheetStatements:
		_, err := b.Table(p.sheetTitle(name), "Statements", []sheets.Column{{Header: p.tr("Finding"), Width: 16}, {Header: p.tr("Grade"), Width: 24}, {Header: p.tr("Clause"), Width: 9},
			{Header: p.tr("Title"), Width: 34}, {Header: p.tr("Requirement"), Width: 40}, {Header: p.tr("Objective evidence"), Width: 44}, {Header: p.tr("Statement of nonconformity"), Width: 44},
			{Header: p.tr("Correction"), Width: 30}, {Header: p.tr("Correction due"), Width: 13}, {Header: p.tr("Root cause"), Width: 30}, {Header: p.tr("Corrective action"), Width: 30},
			{Header: p.tr("Action due"), Width: 13}, {Header: p.tr("Status"), Width: 10}}, func(emit func([]any) error) error {
			for _, s := range r.Statements {
				if err := emit([]any{s.Ref, b.Text(p.grade(s.Grade)), b.Text(s.Clause), b.Text(s.Title), b.Text(s.Requirement), b.Text(p.evidenceText(s)),
					b.Text(s.Statement), b.Text(s.Correction), b.DateCell(s.CorrectionDue), b.Text(s.RootCause), b.Text(s.Action), b.DateCell(s.ActionDue),
					b.Text(p.state("finding", s.Status))}); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	case sheetSampled:
		_, err := b.Table(p.sheetTitle(name), "Samples", []sheets.Column{{Header: p.tr("Sample"), Width: 16}, {Header: p.tr("Clause"), Width: 9}, {Header: p.tr("Register"), Width: 12},
			{Header: p.tr("Population"), Width: 28}, {Header: p.tr("Population size"), Width: 11}, {Header: p.tr("Seed"), Width: 22}, {Header: p.tr("Record"), Width: 12},
			{Header: p.tr("Title"), Width: 40}, {Header: p.tr("Conforms"), Width: 10}, {Header: p.tr("Why"), Width: 40}}, func(emit func([]any) error) error {
			for _, s := range r.Samples {
				for _, it := range s.Items {
					// The seed as text: Excel keeps 15 digits of a number, a seed has up to 19.
					if err := emit([]any{s.Ref, b.Text(s.Clause), b.Text(p.plural(s.Register)), b.Text(s.Filter), s.Population, b.Text(fmt.Sprint(s.Seed)),
						b.Text(it.Ref), b.Text(it.Title), b.Text(p.answer(it.Conforms)), b.Text(it.Note)}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		return err
	case sheetInterviews:
		_, err := b.Table(p.sheetTitle(name), "Interviews", []sheets.Column{{Header: p.tr("Interview"), Width: 16}, {Header: p.tr("Person"), Width: 22}, {Header: p.tr("Role"), Width: 20},
			{Header: p.tr("When"), Width: 17}, {Header: p.tr("Clauses"), Width: 16}, {Header: p.tr("Auditor"), Width: 18}, {Header: p.tr("Session"), Width: 16}, {Header: p.tr("Notes"), Width: 60}},
			func(emit func([]any) error) error {
				for _, iv := range r.Interviews {
					if err := emit([]any{iv.Ref, b.Text(iv.Person), b.Text(iv.Role), b.Text(p.when(iv.At)), b.Text(strings.Join(iv.Clauses, ", ")),
						b.Text(iv.Auditor), b.Text(iv.Session), b.Text(iv.Notes)}); err != nil {
						return err
					}
				}
				return nil
			})
		return err
	case sheetChecklist:
		_, err := b.Table(p.sheetTitle(name), "Checklist", []sheets.Column{{Header: p.tr("Clause"), Width: 9}, {Header: p.tr("Key"), Width: 16}, {Header: p.tr("Question"), Width: 60},
			{Header: p.tr("Answer"), Width: 10}, {Header: p.tr("Notes"), Width: 40}, {Header: p.tr("Auditor"), Width: 18}, {Header: p.tr("Session"), Width: 16}},
			func(emit func([]any) error) error {
				for _, q := range r.Answered {
					ans := q.Answer
					if q.Omitted {
						ans = p.tr("left out")
					}
					if err := emit([]any{b.Text(q.Clause), b.Text(q.Key), b.Text(p.question(q)), b.Text(p.answer(ans)), b.Text(q.Notes), b.Text(q.Auditor), b.Text(q.Session)}); err != nil {
						return err
					}
				}
				return nil
			})
		return err
	}
	return fmt.Errorf("no audit sheet %q", name)
}

// writeAuditReportSheet is the report's (or plan's) details, summary, conclusion and
// signatures as item and value.
func writeAuditReportSheet(b *sheets.Book, p *Pack) error {
	r := p.Audit
	pl := r.Plan
	items := [][2]string{{p.tr("Audit"), pl.Assessment + " " + pl.Title}, {p.tr("Type"), p.enum("assessment", "assessment_type", pl.Type)},
		{p.tr("Objectives"), pl.Objectives}, {p.tr("Scope"), pl.Scope}, {p.tr("Criteria"), pl.Criteria}, {p.tr("Method"), pl.Method},
		{p.tr("Dates"), p.dateRange(pl.Start, pl.End)}, {p.tr("Sites"), pl.Sites}, {p.tr("Lead auditor"), pl.Lead}, {p.tr("Audit team"), pl.Auditors}, {p.tr("Auditees"), pl.Auditees}}
	if pl.SentAt != "" {
		items = append(items, [2]string{p.tr("Plan sent"), p.when(pl.SentAt)})
		for _, c := range pl.Changes {
			items = append(items, [2]string{p.tr("Changed since sent"), c})
		}
	}
	if !p.Opt.Plan {
		items = append(items, [2]string{p.tr("Report"), p.issueStatus(r.Issue)})
		for i, s := range r.Summary {
			items = append(items, [2]string{p.tr("Summary %d", i+1), s})
		}
		items = append(items, [2]string{p.tr("Conclusion"), r.Conclusion}, [2]string{p.tr("Recommendation"), p.recommendation(r.Recommendation)},
			[2]string{p.tr("Distribution"), r.Distribution})
		for _, v := range r.Issue.Versions {
			items = append(items, [2]string{p.tr("Version %d", v.Version), p.tr("signed by %s on %s (PDF sha256 %s)", v.SignedBy, p.when(v.SignedAt), v.PDF)})
		}
	}
	_, err := b.Table(p.sheetTitle(sheetReport), "Report", []sheets.Column{{Header: p.tr("Item"), Width: 22}, {Header: p.tr("Value"), Width: 110}}, func(emit func([]any) error) error {
		for _, it := range items {
			if err := emit([]any{b.Text(it[0]), b.Text(it[1])}); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}
