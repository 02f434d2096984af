package auditpack

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// The workbook of an audit pack: a Summary sheet with native charts, the clauses of the
// assessment, the findings with their corrective actions, and one sheet per register. It is
// made of the building blocks of package sheets: the tabular sheets are streamed Excel tables
// with a frozen header and a drop-down list on every enum column, and everything a user typed
// is a text cell, never a formula.

// Fixed sheet names.
const (
	sheetSummary    = "Summary"
	sheetAssessment = "Assessment"
	sheetFindings   = "Findings"
	sheetStage1     = "Documented information"
)

// writeWorkbook writes the pack's workbook to w. step, when not nil, is called with the name of each sheet as it starts.
func writeWorkbook(ctx context.Context, s *store.Store, p *Pack, w io.Writer, step func(string)) error {
	if step == nil {
		step = func(string) {}
	}
	// Plan every sheet first: the sheets are created in their order, and the hidden Lists sheet
	// is filled and hidden, before any sheet is streamed (excelize's sheet-wide operations,
	// SetSheetVisible and SetActiveSheet, must not touch a streamed sheet).
	var names []string
	for _, k := range auditSheets(p) {
		names = append(names, p.sheetTitle(k))
	}
	summary := p.Opt.Has(SecSummary) && !p.Opt.Plan
	clauses := p.Opt.Has(SecClauses) && p.Assessment != nil && !p.Opt.Plan
	stage1 := p.Opt.Has(SecStage1) && p.Readiness != nil && p.Readiness.Stage1 != nil && !p.Opt.Plan
	findings := p.Opt.Has(SecFindings) && !p.Opt.Plan
	var registers []xlRegisterSheet
	if p.Opt.Has(SecRegisters) && !p.Opt.Plan {
		taken := map[string]bool{}
		for _, name := range append([]string{sheetSummary, sheetStage1, sheetAssessment, sheetFindings, sheets.ListsSheet, "History"}, auditSheets(p)...) {
			taken[strings.ToLower(p.sheetTitle(name))] = true
		}
		registers = xlRegisterSheets(s, p, taken)
	}
	if len(names) == 0 && !summary && !stage1 && !clauses && !findings && len(registers) == 0 {
		summary = true // a workbook has at least one sheet
	}
	if summary {
		names = append(names, p.sheetTitle(sheetSummary))
	}
	if stage1 {
		names = append(names, p.sheetTitle(sheetStage1))
	}
	if clauses {
		names = append(names, p.sheetTitle(sheetAssessment))
	}
	if findings {
		names = append(names, p.sheetTitle(sheetFindings))
	}
	for _, r := range registers {
		names = append(names, r.Name)
	}

	f := excelize.NewFile()
	defer f.Close()
	b, err := sheets.NewBook(f)
	if err != nil {
		return err
	}
	if clauses {
		b.PlanList(p.xlResultLabels())
	}
	if stage1 {
		b.PlanList(p.xlStage1States())
	}
	if findings && len(p.Findings) > 0 { // (an empty table gets no hidden sheet for its lists)
		for _, c := range p.xlFindingColumns() {
			b.PlanList(c.List)
		}
	}
	for _, r := range registers {
		for _, c := range sheets.RegisterColumns(r.Kind) {
			b.PlanList(c.List)
		}
	}
	if b.NeedsLists() {
		names = append(names, sheets.ListsSheet)
	}
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	for _, name := range names[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("sheet %q: %w", name, err)
		}
	}
	if err := b.WriteLists(); err != nil {
		return err
	}
	f.SetActiveSheet(0)

	for _, key := range auditSheets(p) {
		name := p.sheetTitle(key)
		step(name)
		if err := writeAuditSheet(b, p, key); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	if summary {
		step(p.sheetTitle(sheetSummary))
		if err := writeSummarySheet(b, p); err != nil {
			return fmt.Errorf("sheet %s: %w", p.sheetTitle(sheetSummary), err)
		}
	}
	if stage1 {
		step(p.sheetTitle(sheetStage1))
		if err := writeStage1Sheet(b, p); err != nil {
			return fmt.Errorf("sheet %s: %w", p.sheetTitle(sheetStage1), err)
		}
	}
	if clauses {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(p.sheetTitle(sheetAssessment))
		if err := writeAssessmentSheet(b, p); err != nil {
			return fmt.Errorf("sheet %s: %w", p.sheetTitle(sheetAssessment), err)
		}
	}
	if findings {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(p.sheetTitle(sheetFindings))
		if err := writeFindingsSheet(b, p); err != nil {
			return fmt.Errorf("sheet %s: %w", p.sheetTitle(sheetFindings), err)
		}
	}
	for _, r := range registers {
		if err := ctx.Err(); err != nil {
			return err
		}
		step(r.Name)
		if _, err := sheets.WriteRegister(ctx, b, s, r.Kind, r.Name, store.Query{}); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("sheet %s: %w", r.Name, err)
		}
	}
	if err := b.Err(); err != nil {
		return err
	}
	creator := strings.TrimSpace("SMS Workbench " + p.Opt.AppVersion)
	stamp := p.Generated.UTC().Format(schema.DateTimeLayout)
	err = f.SetDocProps(&excelize.DocProperties{
		Title:          packTitle(p) + " — " + p.Organisation,
		Subject:        "ISO/IEC 20000-1 audit pack",
		Creator:        creator,
		LastModifiedBy: creator,
		Created:        stamp,
		Modified:       stamp,
		Language:       p.Opt.Language,
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return sheets.WriteZipped(f, w)
}

// xlRegisterSheet is a register kind and the name of its sheet.
type xlRegisterSheet struct {
	Kind *schema.Kind
	Name string
}

// xlRegisterSheets lists the register kinds that get a sheet (every kind with a record but the
// settings and the clause results, which the Assessment sheet shows), each with a sheet name
// of its own: its plural, cleaned of what Excel forbids, unique among taken (lower-case names).
func xlRegisterSheets(s *store.Store, p *Pack, taken map[string]bool) []xlRegisterSheet {
	var out []xlRegisterSheet
	kinds := s.Registry().Kinds()
	if p.lang() != "en" {
		if local, _, err := s.Registry().Localized(p.lang()); err == nil {
			kinds = local // headers and values in the pack's language
		}
	}
	for _, k := range kinds {
		if k.Name == "setting" || k.Name == "clauseresult" || p.Counts[k.Name] == 0 {
			continue
		}
		name := sheets.UniqueSheetName(sheets.SheetName(k.Plural), taken)
		out = append(out, xlRegisterSheet{Kind: k, Name: name})
	}
	return out
}

// sheetTitle is a fixed sheet's name in the pack's language.
func (p *Pack) sheetTitle(key string) string {
	switch key {
	case sheetSummary:
		return p.tr("Summary")
	case sheetAssessment:
		return p.tr("Assessment")
	case sheetFindings:
		return p.tr("Findings")
	case sheetStage1:
		return p.tr("Documented information")
	case sheetReport:
		return p.tr("Report")
	case sheetAgenda:
		return p.tr("Agenda")
	case sheetStatements:
		return p.tr("NC statements")
	case sheetSampled:
		return p.tr("Sampled records")
	case sheetInterviews:
		return p.tr("Interview notes")
	case sheetChecklist:
		return p.tr("Checklist")
	}
	return key
}

// xlResultLabels are the labels of the results of a clause.
func (p *Pack) xlResultLabels() []string {
	out := make([]string, len(catalogue.Results))
	for i, r := range catalogue.Results {
		out[i] = p.result(r[0])
	}
	return out
}

// xlStates lists the state labels of the named kind.
func (p *Pack) xlStates(kind string) []string {
	var out []string
	if k, ok := schema.Default.Kind(kind); ok && k.Workflow != nil {
		for _, st := range k.Workflow.States {
			out = append(out, p.state(kind, st.Name))
		}
	}
	return out
}

// writeAssessmentSheet writes one row per clause of the assessment.
func writeAssessmentSheet(b *sheets.Book, p *Pack) error {
	cols := []sheets.Column{
		{Header: p.tr("Clause"), Width: 10},
		{Header: p.tr("Title"), Width: 40},
		{Header: p.tr("Result"), Width: 22, List: p.xlResultLabels()},
		{Header: p.tr("Maturity"), Width: 11, Whole: &[2]int{0, len(catalogue.Maturity) - 1}},
		{Header: p.tr("Status"), Width: 12, List: p.xlStates("clauseresult")},
		{Header: p.tr("Carried forward, not re-verified"), Width: 16},
		{Header: p.tr("Fulfilled by"), Width: 24},
		{Header: p.tr("Notes"), Width: 50},
		{Header: p.tr("Evidence"), Width: 40},
		{Header: p.tr("Files"), Width: 40},
		{Header: p.tr("Findings"), Width: 30},
	}
	_, err := b.Table(p.sheetTitle(sheetAssessment), "Assessment", cols, func(emit func([]any) error) error {
		for _, c := range p.Assessment.Clauses {
			var maturity any
			if c.Maturity != nil {
				maturity = int64(*c.Maturity)
			}
			var evidence, files, findings []string
			for _, l := range c.Evidence {
				evidence = append(evidence, strings.TrimSpace(sheets.LinkRef(l)+" "+l.Title))
			}
			for _, f := range c.Files {
				files = append(files, f.Name+" (sha256 "+f.SHA256+")")
			}
			for _, f := range c.Findings {
				findings = append(findings, f.Ref+" ("+p.grade(f.Grade)+")")
			}
			err := emit([]any{c.Clause, b.Text(p.clauseTitle(c.Clause, c.Title)), p.result(c.Result), maturity,
				b.Text(p.state("clauseresult", c.Status)), c.Carried, b.Text(c.Party), b.Text(c.Notes),
				b.Text(strings.Join(evidence, "; ")), b.Text(strings.Join(files, "; ")), b.Text(strings.Join(findings, "; "))})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// xlStage1States are the checklist's states as the sheet writes them.
func (p *Pack) xlStage1States() []string {
	var out []string
	for _, st := range []string{compliance.DocHeld, compliance.DocNotCurrent, compliance.DocAttached, compliance.DocNoInstance, compliance.DocNone, compliance.DocMissing} {
		out = append(out, p.stage1State(st))
	}
	return out
}

// writeStage1Sheet writes the stage-1 checklist: one row per documented information required,
// its state and the records that show it (or why none does).
func writeStage1Sheet(b *sheets.Book, p *Pack) error {
	st := p.Readiness.Stage1
	cols := []sheets.Column{
		{Header: p.tr("Clause"), Width: 10},
		{Header: p.tr("Type"), Width: 11},
		{Header: p.tr("Documented information"), Width: 50},
		{Header: p.tr("State"), Width: 15, List: p.xlStage1States()},
		{Header: p.tr("Records"), Width: 9},
		{Header: p.tr("Shown by"), Width: 50},
		{Header: p.tr("As of"), Width: 12},
	}
	_, err := b.Table(p.sheetTitle(sheetStage1), "DocumentedInformation", cols, func(emit func([]any) error) error {
		for _, it := range st.Items {
			var refs []string
			for _, l := range it.Found {
				refs = append(refs, sheets.LinkRef(l))
			}
			shown := strings.Join(refs, " ")
			if it.State != compliance.DocHeld {
				shown = it.Text
			}
			if err := emit([]any{it.Clause, p.docType(it.Type), b.Text(it.What), p.stage1State(it.State), int64(it.Total), b.Text(shown), b.DateCell(st.AsOf)}); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// xlFindingColumns are the columns of the Findings sheet.
func (p *Pack) xlFindingColumns() []sheets.Column {
	grades := make([]string, len(catalogue.Grades))
	for i, g := range catalogue.Grades {
		grades[i] = p.grade(g[0])
	}
	var effective []string
	if k, ok := schema.Default.Kind("action"); ok {
		if f, ok := k.Field("effective"); ok {
			for _, e := range f.Enum {
				effective = append(effective, p.enum("action", "effective", e.Value))
			}
		}
	}
	return []sheets.Column{
		{Header: p.tr("Finding"), Width: 13},
		{Header: p.tr("Grade"), Width: 28, List: grades},
		{Header: p.tr("Clause"), Width: 10},
		{Header: p.tr("Title"), Width: 40},
		{Header: p.tr("Description"), Width: 50},
		{Header: p.tr("Status"), Width: 14, List: p.xlStates("finding")},
		{Header: p.tr("Raised on"), Width: 12},
		{Header: p.tr("Source"), Width: 13},
		{Header: p.tr("Nonconformity"), Width: 17},
		{Header: p.tr("NC status"), Width: 14, List: p.xlStates("nonconformity")},
		{Header: p.tr("Owner"), Width: 20},
		{Header: p.tr("Action"), Width: 13},
		{Header: p.tr("Action title"), Width: 36},
		{Header: p.tr("Action owner"), Width: 20},
		{Header: p.tr("Due"), Width: 12},
		{Header: p.tr("Action status"), Width: 16, List: p.xlStates("action")},
		{Header: p.tr("Effective"), Width: 14, List: effective},
		{Header: p.tr("Overdue"), Width: 11},
	}
}

// writeFindingsSheet writes one row per finding and corrective action (the finding's columns
// repeated), one row for a finding without actions.
func writeFindingsSheet(b *sheets.Book, p *Pack) error {
	_, err := b.Table(p.sheetTitle(sheetFindings), "Findings", p.xlFindingColumns(), func(emit func([]any) error) error {
		for _, f := range p.Findings {
			head := []any{f.Ref, b.Text(p.grade(f.Grade)), b.Text(f.Clause), b.Text(f.Title), b.Text(f.Description),
				b.Text(p.state("finding", f.Status)), b.DateCell(f.RaisedOn), b.Text(f.Source), b.Text(f.NC),
				b.Text(p.state("nonconformity", f.NCStatus)), b.Text(f.NCOwner)}
			if f.NC == "" {
				head[9] = nil
			}
			if len(f.Actions) == 0 {
				if err := emit(append(head, nil, nil, nil, nil, nil, nil, nil)); err != nil {
					return err
				}
				continue
			}
			for _, a := range f.Actions {
				row := append(head[:len(head):len(head)], a.Ref, b.Text(a.Title), b.Text(a.Owner), b.DateCell(a.Due),
					b.Text(p.state("action", a.Status)), b.Text(p.enum("action", "effective", a.Effective)), a.Overdue)
				if err := emit(row); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return err
}

// xlFraction is a percentage as the fraction a percent-formatted cell holds (80.6 -> 0.806,
// without the float noise of 80.6/100).
func xlFraction(pct float64) float64 { return math.Round(pct*1e4) / 1e6 }

// writeSummarySheet writes the Summary sheet cell by cell: the pack's particulars, the readiness
// (overall, per result, per clause group), the findings per grade, the blockers and the top
// actions, with a bar chart of the readiness per group and a column chart of the findings per
// grade.
func writeSummarySheet(b *sheets.Book, p *Pack) error {
	sh := p.sheetTitle(sheetSummary)
	f := b.File()
	row := 1
	cell := func(col string, r int) string { return col + strconv.Itoa(r) }
	var err error
	set := func(c string, v any, style int) {
		if err != nil {
			return
		}
		if str, ok := v.(string); ok {
			str = sheets.Clip(str)
			if sheets.Risky(str) {
				if style, err = b.WithQuote(style); err != nil {
					return
				}
			}
			err = f.SetCellStr(sh, c, str)
		} else {
			err = f.SetCellValue(sh, c, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(sh, c, c, style)
		}
	}
	pair := func(label string, v any, style int) {
		set(cell("A", row), label, b.Bold)
		set(cell("B", row), v, style)
		row++
	}
	heading := func(text string) {
		row++
		set(cell("A", row), text, b.Bold)
		row++
	}

	set("A1", p.Opt.T("title")+" — "+p.Organisation, b.Title)
	row = 3
	pair(p.Opt.T("organisation"), p.Organisation, 0)
	if p.Scope != "" {
		pair(p.Opt.T("scope"), p.Scope, b.Wrap)
	}
	if a := p.Assessment; a != nil {
		pair(p.Opt.T("assessment"), a.Ref, 0)
		pair(p.tr("Title"), a.Title, 0)
		pair(p.Opt.T("type"), p.enum("assessment", "assessment_type", a.Type), 0)
		pair(p.tr("Status"), p.state("assessment", a.Status), 0)
	}
	if from, err2 := time.Parse(dateLayout, p.Opt.From); err2 == nil {
		set(cell("A", row), p.Opt.T("period"), b.Bold)
		set(cell("B", row), from, b.Date)
		if to, err3 := time.Parse(dateLayout, p.Opt.To); err3 == nil {
			set(cell("C", row), to, b.Date)
		}
		row++
	}
	pair(p.Opt.T("generated"), p.Generated.UTC(), b.DateTime)
	if p.Opt.AppVersion != "" {
		pair(p.Opt.T("version"), "SMS Workbench "+p.Opt.AppVersion, 0)
	}

	var groupFirst, groupLast int
	if r := p.Readiness; r != nil && p.Assessment != nil {
		row++
		pair(p.Opt.T("readiness"), xlFraction(r.Overall.Percent), b.Percent)
		pair(p.tr("Requirements scored"), int64(r.Overall.Requirements), 0)
		for _, res := range catalogue.Results {
			pair(p.result(res[0]), int64(r.Overall.Counts[res[0]]), 0)
		}
		pair(p.tr("Carried forward, not re-verified"), int64(r.Overall.Carried), 0)
		heading(p.tr("Readiness per clause group"))
		set(cell("A", row), p.tr("Group"), b.Bold)
		set(cell("B", row), p.tr("Title"), b.Bold)
		set(cell("C", row), p.tr("Readiness"), b.Bold)
		row++
		groupFirst = row
		for _, g := range r.Groups {
			set(cell("A", row), g.Group, 0)
			set(cell("B", row), p.group(g.Group, g.Title), 0)
			set(cell("C", row), xlFraction(g.Percent), b.Percent)
			row++
		}
		groupLast = row - 1
	} else {
		row++
		set(cell("A", row), p.Opt.T("noassessment"), 0)
		row++
	}

	heading(p.tr("Findings by grade"))
	set(cell("A", row), p.tr("Grade"), b.Bold)
	set(cell("B", row), p.tr("Findings"), b.Bold)
	row++
	byGrade := map[string]int{}
	for _, fr := range p.Findings {
		byGrade[fr.Grade]++
	}
	gradeFirst := row
	for _, g := range catalogue.Grades {
		set(cell("A", row), p.grade(g[0]), 0)
		set(cell("B", row), int64(byGrade[g[0]]), 0)
		row++
	}
	gradeLast := row - 1

	if r := p.Readiness; r != nil && p.Assessment != nil {
		heading(fmt.Sprintf("%s (%d)", p.Opt.T("blockers"), len(r.Blockers)))
		for _, bl := range r.Blockers {
			set(cell("A", row), bl.Clause, 0)
			set(cell("B", row), bl.Text, 0)
			row++
		}
		if len(r.FixFirst) > 0 {
			heading(p.Opt.T("fixfirst"))
			for _, it := range r.FixFirst {
				set(cell("A", row), int64(it.Rank), 0)
				set(cell("B", row), it.Text, 0)
				row++
			}
		}
	}
	if err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", 26); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 60); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "C", "C", 14); err != nil {
		return err
	}

	zero, one, noVary := 0.0, 1.0, false
	chartRow := 3
	if groupFirst > 0 {
		err := f.AddChart(sh, cell("E", chartRow), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       fmt.Sprintf("'%s'!$C$%d", sh, groupFirst-1),
				Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", sh, groupFirst, groupLast),
				Values:     fmt.Sprintf("'%s'!$C$%d:$C$%d", sh, groupFirst, groupLast),
			}},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: p.tr("Readiness per clause group")}}},
			Legend:     excelize.ChartLegend{Position: "none"},
			VaryColors: &noVary,
			XAxis:      excelize.ChartAxis{ReverseOrder: true},
			YAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorGridLines: true,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
			Dimension: excelize.ChartDimension{Width: 620, Height: 320},
		})
		if err != nil {
			return err
		}
		chartRow += 18
	}
	return f.AddChart(sh, cell("E", chartRow), &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$B$%d", sh, gradeFirst-1),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", sh, gradeFirst, gradeLast),
			Values:     fmt.Sprintf("'%s'!$B$%d:$B$%d", sh, gradeFirst, gradeLast),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: p.tr("Findings by grade")}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		YAxis:     excelize.ChartAxis{Minimum: &zero, MajorGridLines: true},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 620, Height: 320},
	})
}
