package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/auditpack"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
)

// The window's side of the audit working papers (docs/audit.md): the plan and its agenda, the
// checklist, interviews, samples, nonconformity statements, the conclusion and the signed
// versions of the report. The work and its refusals are package audit's; these methods tell the
// window what changed.

// AuditReport returns an audit's report as it stands: its plan, papers, summary and version,
// its texts (the summary, the plan's defaults) in the window's language.
func (a *App) AuditReport(assessment string) (*audit.Report, error) {
	out, err := audit.New(a.store()).Report(a.inLanguage(), assessment)
	return out, fail(err)
}

// PlanForm is the plan's fields as the window edits them.
type PlanForm struct {
	Objectives string `json:"objectives"`
	Criteria   string `json:"criteria"`
	Method     string `json:"method"`
	Sites      string `json:"sites"`
	Auditees   string `json:"auditees"`
}

// SetAuditPlan writes the plan's fields; sent also records that the plan was sent now.
func (a *App) SetAuditPlan(assessment string, f PlanForm, sent bool) (*audit.Plan, error) {
	p := audit.New(a.store())
	out, err := p.SetPlan(a.inLanguage(), assessment, audit.PlanInput{Objectives: &f.Objectives, Criteria: &f.Criteria, Method: &f.Method, Sites: &f.Sites, Auditees: &f.Auditees})
	if err == nil && sent {
		out, err = p.MarkSent(a.inLanguage(), assessment)
	}
	if err != nil {
		return nil, fail(err)
	}
	a.changed("assessment")
	return out, nil
}

// SessionForm is a session of the agenda.
type SessionForm struct {
	At      string `json:"at"` // "2026-12-07 09:30", this machine's zone
	Clauses string `json:"clauses"`
	Auditee string `json:"auditee"`
	Auditor string `json:"auditor"`
	Place   string `json:"place"`
	Remote  bool   `json:"remote"`
	Minutes string `json:"minutes"`
}

// AddAuditSession adds a session to the agenda.
func (a *App) AddAuditSession(assessment string, f SessionForm) (*audit.Session, error) {
	out, err := audit.New(a.store()).AddSession(a.ctx, assessment, audit.SessionInput{At: f.At, Clauses: []string{f.Clauses}, Auditee: f.Auditee,
		Auditor: f.Auditor, Place: f.Place, Remote: f.Remote, Minutes: f.Minutes})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("auditsession")
	return out, nil
}

// AuditChecklist returns the checklist of a clause ("" for every requirement).
func (a *App) AuditChecklist(assessment, clause string) ([]audit.Question, error) {
	out, err := audit.New(a.store()).Checklist(a.inLanguage(), assessment, clause)
	if out == nil {
		out = []audit.Question{}
	}
	return out, fail(err)
}

// AnswerForm answers a checklist question; omit leaves it out of this audit.
type AnswerForm struct {
	Answer  string `json:"answer"`
	Notes   string `json:"notes"`
	Auditor string `json:"auditor"`
	Session string `json:"session"`
	Omit    bool   `json:"omit"`
}

// AnswerChecklist records the answer to a question (its key: e1, r2, or an added question's ref).
func (a *App) AnswerChecklist(assessment, clause, key string, f AnswerForm) (*audit.Question, error) {
	out, err := audit.New(a.store()).Answer(a.inLanguage(), assessment, clause, key, audit.AnswerInput{Answer: &f.Answer, Notes: &f.Notes,
		Auditor: f.Auditor, Session: f.Session, Omit: &f.Omit})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("checkitem")
	return out, nil
}

// AddChecklistQuestion adds the auditor's own question to a requirement's checklist.
func (a *App) AddChecklistQuestion(assessment, clause, question, lookFor string) (*audit.Question, error) {
	out, err := audit.New(a.store()).AddQuestion(a.ctx, assessment, clause, question, lookFor)
	if err != nil {
		return nil, fail(err)
	}
	a.changed("checkitem")
	return out, nil
}

// InterviewForm is an interview to record.
type InterviewForm struct {
	Person  string `json:"person"`
	Role    string `json:"role"`
	At      string `json:"at"`
	Clauses string `json:"clauses"`
	Notes   string `json:"notes"`
	Auditor string `json:"auditor"`
	Session string `json:"session"`
}

// AddInterview records an interview, evidence of the clauses it is about.
func (a *App) AddInterview(assessment string, f InterviewForm) (*audit.Interview, error) {
	out, err := audit.New(a.store()).AddInterview(a.ctx, assessment, audit.InterviewInput{Person: f.Person, Role: f.Role, At: f.At,
		Clauses: []string{f.Clauses}, Notes: f.Notes, Auditor: f.Auditor, Session: f.Session})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("interview")
	return out, nil
}

// SampleForm says what to sample: a register, filters (FIELD=VALUE, one per line), a size and
// a seed ("" draws a new one).
type SampleForm struct {
	Kind    string `json:"kind"`
	Where   string `json:"where"`
	Size    int    `json:"size"`
	Seed    string `json:"seed"`
	DrawnBy string `json:"drawn_by"`
}

// DrawSample draws a sample for a clause of an audit.
func (a *App) DrawSample(assessment, clause string, f SampleForm) (*audit.Sample, error) {
	in := audit.SampleInput{Register: f.Kind, Size: f.Size, DrawnBy: f.DrawnBy}
	for _, line := range strings.Split(f.Where, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Where = append(in.Where, line)
		}
	}
	if seed := strings.TrimSpace(f.Seed); seed != "" {
		var n int64
		if _, err := fmt.Sscan(seed, &n); err != nil || fmt.Sprint(n) != seed {
			return nil, fail(fieldErr("audit.seed_invalid", "seed", "the seed %q is not a whole number", seed))
		}
		in.Seed = &n
	}
	out, err := audit.New(a.store()).Draw(a.ctx, assessment, clause, in)
	if err != nil {
		return nil, fail(err)
	}
	a.changed("sample")
	return out, nil
}

// JudgeSample records whether a sampled record conforms, and why.
func (a *App) JudgeSample(sample, record, conforms, note string) (*audit.Sample, error) {
	out, err := audit.New(a.store()).Judge(a.ctx, sample, record, conforms, note)
	if err != nil {
		return nil, fail(err)
	}
	a.changed("sample")
	return out, nil
}

// StatementForm is a finding's nonconformity statement and the auditee's response.
type StatementForm struct {
	Requirement   string   `json:"requirement"`
	Evidence      string   `json:"evidence"`
	Records       []string `json:"records"`
	Statement     string   `json:"statement"`
	Correction    string   `json:"correction"`
	CorrectionDue string   `json:"correction_due"`
	RootCause     string   `json:"root_cause"`
	Action        string   `json:"corrective_action"`
	ActionDue     string   `json:"action_due"`
}

// WriteStatement writes a finding's statement; Records adds evidence records to it.
func (a *App) WriteStatement(finding string, f StatementForm) (*audit.Statement, error) {
	out, err := audit.New(a.store()).WriteStatement(a.inLanguage(), finding, audit.StatementInput{Requirement: &f.Requirement, Evidence: &f.Evidence,
		Statement: &f.Statement, Correction: &f.Correction, CorrectionDue: &f.CorrectionDue, RootCause: &f.RootCause, Action: &f.Action,
		ActionDue: &f.ActionDue, Records: f.Records})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("finding")
	return out, nil
}

// ConcludeForm is the lead auditor's conclusion.
type ConcludeForm struct {
	Conclusion     string `json:"conclusion"`
	Recommendation string `json:"recommendation"`
	Distribution   string `json:"distribution"`
}

// ConcludeAudit writes the conclusion, recommendation and distribution list.
func (a *App) ConcludeAudit(assessment string, f ConcludeForm) (*audit.Report, error) {
	out, err := audit.New(a.store()).Conclude(a.inLanguage(), assessment, audit.ConcludeInput{Conclusion: &f.Conclusion, Recommendation: &f.Recommendation, Distribution: &f.Distribution})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("assessment")
	return out, nil
}

// SignAuditReport signs the report as it stands: it becomes the next version, printed once and
// kept as signed. names holds who signs, one per line.
func (a *App) SignAuditReport(assessment, names string) (*audit.Version, error) {
	s, lang := a.store(), windowLanguage()
	render := func(ctx context.Context, r *audit.Report) ([]byte, []byte, error) {
		return auditpack.RenderReport(ctx, s, auditpack.Options{Assessment: assessment, Report: true, Language: lang, AppVersion: Version}, r)
	}
	// Signed in the window's language: the summary and the headings of a signed version are in
	// one language.
	out, err := audit.New(s).Sign(i18n.WithLang(a.ctx, lang), assessment, strings.Split(names, "\n"), render)
	if err != nil {
		return nil, fail(err)
	}
	a.changed("auditreport")
	return out, nil
}

// SaveSignedReport asks where to save a signed version's PDF and writes it, exactly as signed;
// "" when the user cancels.
func (a *App) SaveSignedReport(assessment string, version int) (string, error) {
	v, pdf, _, err := audit.New(a.store()).SignedFiles(a.ctx, assessment, version)
	if err != nil {
		return "", fail(err)
	}
	path, err := a.runtime().SaveFile(i18n.Mark("Save the signed report"), fmt.Sprintf("%s-report-v%d.pdf", slug(assessment), v.Version), pdfFilter)
	if err != nil || path == "" {
		return "", fail(err)
	}
	if filepath.Ext(path) == "" {
		path += ".pdf"
	}
	if err := a.store().CheckOutput(path); err != nil {
		return "", fail(fault.Or("pdf", err))
	}
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		return "", fail(fieldErr("audit.write_failed", "pdf", "cannot write %s: %w", path, err))
	}
	return path, nil
}
