package auditpack

import (
	"fmt"
	"strings"

	"smsworkbench/internal/audit"
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
		_, err := b.Table(name, "Agenda", []sheets.Column{{Header: "Session", Width: 16}, {Header: "When", Width: 17}, {Header: "Minutes", Width: 9},
			{Header: "Clauses", Width: 18}, {Header: "Auditee", Width: 22}, {Header: "Auditor", Width: 20}, {Header: "Where", Width: 18},
			{Header: "State", Width: 11}, {Header: "Notes", Width: 40}}, func(emit func([]any) error) error {
			for _, s := range r.Plan.Sessions {
				if err := emit([]any{s.Ref, b.Text(audit.LocalTime(s.At)), s.Minutes, b.Text(strings.Join(s.Clauses, ", ")), b.Text(s.Auditee),
					b.Text(s.Auditor), b.Text(s.Where()), b.Text(stateText("auditsession", s.Status)), b.Text(s.Notes)}); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	case sheetStatements:
		_, err := b.Table(name, "Statements", []sheets.Column{{Header: "Finding", Width: 16}, {Header: "Grade", Width: 24}, {Header: "Clause", Width: 9},
			{Header: "Title", Width: 34}, {Header: "Requirement", Width: 40}, {Header: "Objective evidence", Width: 44}, {Header: "Statement of nonconformity", Width: 44},
			{Header: "Correction", Width: 30}, {Header: "Correction due", Width: 13}, {Header: "Root cause", Width: 30}, {Header: "Corrective action", Width: 30},
			{Header: "Action due", Width: 13}, {Header: "Status", Width: 10}}, func(emit func([]any) error) error {
			for _, s := range r.Statements {
				if err := emit([]any{s.Ref, b.Text(gradeLabel(s.Grade)), b.Text(s.Clause), b.Text(s.Title), b.Text(s.Requirement), b.Text(evidenceText(s)),
					b.Text(s.Statement), b.Text(s.Correction), b.DateCell(s.CorrectionDue), b.Text(s.RootCause), b.Text(s.Action), b.DateCell(s.ActionDue),
					b.Text(stateText("finding", s.Status))}); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	case sheetSampled:
		_, err := b.Table(name, "Samples", []sheets.Column{{Header: "Sample", Width: 16}, {Header: "Clause", Width: 9}, {Header: "Register", Width: 12},
			{Header: "Population", Width: 28}, {Header: "Population size", Width: 11}, {Header: "Seed", Width: 22}, {Header: "Record", Width: 12},
			{Header: "Title", Width: 40}, {Header: "Conforms", Width: 10}, {Header: "Why", Width: 40}}, func(emit func([]any) error) error {
			for _, s := range r.Samples {
				for _, it := range s.Items {
					// The seed as text: Excel keeps 15 digits of a number, a seed has up to 19.
					if err := emit([]any{s.Ref, b.Text(s.Clause), b.Text(s.Register), b.Text(s.Filter), s.Population, b.Text(fmt.Sprint(s.Seed)),
						b.Text(it.Ref), b.Text(it.Title), b.Text(it.Conforms), b.Text(it.Note)}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		return err
	case sheetInterviews:
		_, err := b.Table(name, "Interviews", []sheets.Column{{Header: "Interview", Width: 16}, {Header: "Person", Width: 22}, {Header: "Role", Width: 20},
			{Header: "When", Width: 17}, {Header: "Clauses", Width: 16}, {Header: "Auditor", Width: 18}, {Header: "Session", Width: 16}, {Header: "Notes", Width: 60}},
			func(emit func([]any) error) error {
				for _, iv := range r.Interviews {
					if err := emit([]any{iv.Ref, b.Text(iv.Person), b.Text(iv.Role), b.Text(audit.LocalTime(iv.At)), b.Text(strings.Join(iv.Clauses, ", ")),
						b.Text(iv.Auditor), b.Text(iv.Session), b.Text(iv.Notes)}); err != nil {
						return err
					}
				}
				return nil
			})
		return err
	case sheetChecklist:
		_, err := b.Table(name, "Checklist", []sheets.Column{{Header: "Clause", Width: 9}, {Header: "Key", Width: 16}, {Header: "Question", Width: 60},
			{Header: "Answer", Width: 10}, {Header: "Notes", Width: 40}, {Header: "Auditor", Width: 18}, {Header: "Session", Width: 16}},
			func(emit func([]any) error) error {
				for _, q := range r.Answered {
					ans := q.Answer
					if q.Omitted {
						ans = "left out"
					}
					if err := emit([]any{b.Text(q.Clause), b.Text(q.Key), b.Text(q.Question), b.Text(ans), b.Text(q.Notes), b.Text(q.Auditor), b.Text(q.Session)}); err != nil {
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
	items := [][2]string{{"Audit", pl.Assessment + " " + pl.Title}, {"Type", label1("assessment", "assessment_type", pl.Type)},
		{"Objectives", pl.Objectives}, {"Scope", pl.Scope}, {"Criteria", pl.Criteria}, {"Method", pl.Method},
		{"Dates", dateRange(pl.Start, pl.End)}, {"Sites", pl.Sites}, {"Lead auditor", pl.Lead}, {"Audit team", pl.Auditors}, {"Auditees", pl.Auditees}}
	if pl.SentAt != "" {
		items = append(items, [2]string{"Plan sent", audit.LocalTime(pl.SentAt)})
		for _, c := range pl.Changes {
			items = append(items, [2]string{"Changed since sent", c})
		}
	}
	if !p.Opt.Plan {
		items = append(items, [2]string{"Report", r.Issue.Status()})
		for i, s := range r.Summary {
			items = append(items, [2]string{fmt.Sprintf("Summary %d", i+1), s})
		}
		items = append(items, [2]string{"Conclusion", r.Conclusion}, [2]string{"Recommendation", audit.RecommendationText(r.Recommendation)},
			[2]string{"Distribution", r.Distribution})
		for _, v := range r.Issue.Versions {
			items = append(items, [2]string{fmt.Sprintf("Version %d", v.Version), fmt.Sprintf("signed by %s on %s (PDF sha256 %s)", v.SignedBy, audit.LocalTime(v.SignedAt), v.PDF)})
		}
	}
	_, err := b.Table(sheetReport, "Report", []sheets.Column{{Header: "Item", Width: 22}, {Header: "Value", Width: 110}}, func(emit func([]any) error) error {
		for _, it := range items {
			if err := emit([]any{b.Text(it[0]), b.Text(it[1])}); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}
