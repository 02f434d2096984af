package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// Report is what an audit report says: its Content, fingerprinted, and its Issue (the version,
// draft or signed). Package auditpack prints it.
type Report struct {
	Content
	Issue Issue `json:"issue"`
}

// Content is everything the report says of the audit. Its sha256 (Fingerprint) is the same
// until one of the audit's records changes: a signed version whose fingerprint is the current
// one is the report as it stands.
type Content struct {
	Plan           *Plan                  `json:"plan"`
	Assessment     *compliance.Assessment `json:"assessment"`
	Statements     []Statement            `json:"statements"`
	Interviews     []Interview            `json:"interviews"`
	Samples        []Sample               `json:"samples"`
	Answered       []Question             `json:"answered"` // the checklist questions answered or left out
	Questions      int                    `json:"questions"`
	Conclusion     string                 `json:"conclusion"`
	Recommendation string                 `json:"recommendation,omitempty"`
	Distribution   string                 `json:"distribution,omitempty"`
	// Summary is the executive summary, paragraph by paragraph, written from the records.
	Summary     []string `json:"summary"`
	fingerprint string
}

// Issue is the report's version: a draft of the next version, or the signed version it is.
type Issue struct {
	Version  int       `json:"version"`
	Final    bool      `json:"final"`
	SignedBy string    `json:"signed_by,omitempty"`
	SignedAt string    `json:"signed_at,omitempty"`
	Versions []Version `json:"versions"` // every signed version, oldest first
}

// Status is how the report names its state: "final, version 2, signed by … on …" or "draft of
// version 3", in lang.
func (i Issue) Status(lang string) string {
	if i.Final {
		return tr(lang, "final, version %d, signed by %s on %s", i.Version, i.SignedBy, LocalTimeIn(lang, i.SignedAt))
	}
	return tr(lang, "draft of version %d (not signed)", i.Version)
}

// Version is a signed version of the report.
type Version struct {
	Ref      string `json:"ref"`
	Version  int    `json:"version"`
	SignedBy string `json:"signed_by"`
	SignedAt string `json:"signed_at"`
	Content  string `json:"content_sha256"`
	PDF      string `json:"pdf_sha256"`
	PDFBytes int64  `json:"pdf_bytes"`
	XLSX     string `json:"xlsx_sha256,omitempty"`
}

// Statement is a finding written as certification bodies write a nonconformity: the
// requirement, the objective evidence, the statement; and the auditee's response.
type Statement struct {
	Ref            string       `json:"ref"`
	Title          string       `json:"title"`
	Grade          string       `json:"grade"`
	Clause         string       `json:"clause"`
	ClauseTitle    string       `json:"clause_title"`
	Status         string       `json:"status"`
	Recommendation bool         `json:"recommendation,omitempty"`
	Requirement    string       `json:"requirement"`
	Evidence       string       `json:"evidence"`
	Records        []store.Link `json:"evidence_records"`
	Statement      string       `json:"statement"`
	Description    string       `json:"description,omitempty"`
	Correction     string       `json:"correction,omitempty"`
	CorrectionDue  string       `json:"correction_due,omitempty"`
	RootCause      string       `json:"root_cause,omitempty"`
	Action         string       `json:"corrective_action,omitempty"`
	ActionDue      string       `json:"action_due,omitempty"`
	Nonconformity  string       `json:"nonconformity,omitempty"` // its ref
	RaisedBy       string       `json:"raised_by,omitempty"`
	// Planned: the correction is planned (its nonconformity's action agreed, or the auditee's
	// corrective action written with its due date), what a minor nonconformity needs.
	Planned bool `json:"correction_planned"`
}

// Graded is a major or minor nonconformity (not an observation or an opportunity).
func (s Statement) Graded() bool { return s.Grade == catalogue.Major || s.Grade == catalogue.Minor }

// Missing names the parts of a graded finding's statement not yet written.
func (s Statement) Missing() []string {
	if !s.Graded() {
		return nil
	}
	var out []string
	if strings.TrimSpace(s.Statement) == "" {
		out = append(out, "the statement of nonconformity")
	}
	if strings.TrimSpace(s.Evidence) == "" && len(s.Records) == 0 {
		out = append(out, "the objective evidence")
	}
	return out
}

// Report gathers an audit's report as it stands: a draft of the next version, or the last
// signed version when nothing has changed since it was signed.
func (p *Papers) Report(ctx context.Context, assessment string) (*Report, error) {
	c, err := p.content(ctx, assessment)
	if err != nil {
		return nil, err
	}
	versions, err := p.Versions(ctx, c.Assessment.ID)
	if err != nil {
		return nil, err
	}
	r := &Report{Content: *c, Issue: Issue{Version: 1, Versions: versions}}
	if n := len(versions); n > 0 {
		last := versions[n-1]
		r.Issue.Version = last.Version + 1
		if last.Content == c.Fingerprint() {
			r.Issue = Issue{Version: last.Version, Final: true, SignedBy: last.SignedBy, SignedAt: last.SignedAt, Versions: versions}
		}
	}
	return r, nil
}

// Fingerprint is the sha256 of what the audit's records say: the assessment, its clause
// results, findings, sessions, interviews, samples and checklist answers, each by its id, its
// state and the fields people write (not the computed ones). It changes when one of them does,
// and not when the workbench is upgraded or the day changes.
func (c *Content) Fingerprint() string { return c.fingerprint }

// fingerprintOf computes Content.Fingerprint.
func (p *Papers) fingerprintOf(ctx context.Context, a *store.Record) (string, error) {
	recs := []*store.Record{a}
	for _, kind := range []string{"clauseresult", "finding", "auditsession", "interview", "sample", "checkitem"} {
		page, err := p.s.List(ctx, kind, store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: a.ID}}, Limit: -1})
		if err != nil {
			return "", err
		}
		recs = append(recs, page.Records...)
	}
	slices.SortFunc(recs, func(x, y *store.Record) int { return strings.Compare(x.ID, y.ID) })
	h := sha256.New()
	for _, r := range recs {
		k, _ := p.s.Registry().Kind(r.Kind)
		written := map[string]any{}
		for _, f := range k.Fields {
			if v := r.Values[f.Name]; v != nil && !f.Computed {
				written[f.Name] = v
			}
		}
		b, err := json.Marshal(written)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\n%s\n%s\n", r.ID, r.Status, b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (p *Papers) content(ctx context.Context, assessment string) (*Content, error) {
	a, err := p.assessment(ctx, assessment)
	if err != nil {
		return nil, err
	}
	wb := compliance.New(p.s)
	shown, err := wb.Show(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	c := &Content{Assessment: shown, Conclusion: str(a, "conclusion"), Recommendation: str(a, "recommendation"), Distribution: str(a, "distribution")}
	if c.Plan, err = p.Plan(ctx, a.ID); err != nil {
		return nil, err
	}
	if c.Statements, err = p.statements(ctx, a.ID); err != nil {
		return nil, err
	}
	if c.Interviews, err = p.interviews(ctx, a.ID); err != nil {
		return nil, err
	}
	if c.Samples, err = p.samples(ctx, a.ID); err != nil {
		return nil, err
	}
	questions, err := p.Checklist(ctx, a.ID, "")
	if err != nil {
		return nil, err
	}
	c.Questions = len(questions)
	c.Answered = []Question{}
	for _, q := range questions {
		if q.Answer != "" || q.Omitted || q.Notes != "" {
			// The pre-check is what the registers show today: not part of what the auditor wrote.
			q.PreCheck, q.PreCheckText = "", ""
			c.Answered = append(c.Answered, q)
		}
	}
	c.Summary = summarize(i18n.Lang(ctx), c)
	c.fingerprint, err = p.fingerprintOf(ctx, a)
	return c, err
}

func (p *Papers) statements(ctx context.Context, assessmentID string) ([]Statement, error) {
	page, err := p.s.List(ctx, "finding", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: assessmentID}}, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Statement{}
	for _, r := range page.Records {
		st := Statement{Ref: r.Ref, Title: r.Title(), Grade: str(r, "grade"), Clause: str(r, "clause"), Status: r.Status,
			Recommendation: r.Values["recommendation"] == true, Requirement: str(r, "requirement"), Evidence: str(r, "evidence"),
			Statement: str(r, "statement"), Description: str(r, "description"), Correction: str(r, "correction"),
			CorrectionDue: str(r, "correction_due"), RootCause: str(r, "root_cause"), Action: str(r, "corrective_action"),
			ActionDue: str(r, "action_due"), RaisedBy: str(r, "raised_by"), Records: []store.Link{}}
		st.Planned = r.Values["correction_planned"] == true || st.Action != "" && st.ActionDue != ""
		if cl, ok := catalogue.ClauseIn(i18n.Lang(ctx), st.Clause); ok {
			st.ClauseTitle = cl.Title
		}
		if l, ok := r.Links[str(r, "nonconformity")]; ok {
			st.Nonconformity = l.Ref
		}
		ids, _ := r.Values["evidence_records"].([]string)
		for _, id := range ids {
			if l, ok := r.Links[id]; ok {
				st.Records = append(st.Records, l)
			} else {
				st.Records = append(st.Records, store.Link{ID: id, Ref: id, Deleted: true})
			}
		}
		out = append(out, st)
	}
	rank := map[string]int{catalogue.Major: 0, catalogue.Minor: 1, catalogue.Observation: 2, catalogue.OFI: 3}
	slices.SortStableFunc(out, func(a, b Statement) int { return rank[a.Grade] - rank[b.Grade] })
	return out, nil
}

// StatementInput writes the parts of a finding's nonconformity statement; a nil part is left
// as it is. Records are refs or ids of records of any kind (samples and interviews too).
type StatementInput struct {
	Requirement, Evidence, Statement, Correction, CorrectionDue, RootCause, Action, ActionDue *string
	Records                                                                                   []string
}

// WriteStatement writes the parts of a finding's nonconformity statement.
func (p *Papers) WriteStatement(ctx context.Context, finding string, in StatementInput) (*Statement, error) {
	input := map[string]any{}
	for field, v := range map[string]*string{"requirement": in.Requirement, "evidence": in.Evidence, "statement": in.Statement,
		"correction": in.Correction, "correction_due": in.CorrectionDue, "root_cause": in.RootCause,
		"corrective_action": in.Action, "action_due": in.ActionDue} {
		if v != nil {
			input[field] = strings.TrimSpace(*v)
		}
	}
	var assessmentID, ref string
	err := p.s.Write(ctx, func(t *store.Tx) error {
		f, err := t.Get("finding", finding)
		if err != nil {
			return err
		}
		assessmentID, ref = str(f, "assessment"), f.Ref
		if len(in.Records) > 0 {
			ids, _ := f.Values["evidence_records"].([]string)
			ids = slices.Clone(ids)
			for _, key := range in.Records {
				id, err := t.Locate(key)
				if err != nil {
					return fault.New("audit.evidence_unknown", "evidence_records", "evidence %q: %v", key, err)
				}
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			input["evidence_records"] = ids
		}
		if len(input) == 0 {
			return nil
		}
		_, err = t.Update("finding", f.ID, input, store.Change{})
		return err
	})
	if err != nil {
		return nil, err
	}
	if assessmentID == "" {
		return nil, fault.New("audit.finding_unassessed", "finding", "finding %s belongs to no assessment", ref)
	}
	list, err := p.statements(ctx, assessmentID)
	if err != nil {
		return nil, err
	}
	for _, s := range list {
		if s.Ref == ref {
			return &s, nil
		}
	}
	return nil, fmt.Errorf("finding %s not found after writing it", ref)
}

// ConcludeInput is the lead auditor's conclusion; a nil field is left as it is.
type ConcludeInput struct {
	Conclusion, Recommendation, Distribution *string
}

// Recommendations a certification-style audit may give.
var Recommendations = []string{"recommended", "after_plan", "not_recommended"}

// Conclude records the lead auditor's conclusion, recommendation and distribution list.
func (p *Papers) Conclude(ctx context.Context, assessment string, in ConcludeInput) (*Report, error) {
	input := map[string]any{}
	if in.Conclusion != nil {
		if strings.TrimSpace(*in.Conclusion) == "" {
			return nil, fault.New("audit.conclusion_required", "conclusion", "write the conclusion")
		}
		input["conclusion"] = strings.TrimSpace(*in.Conclusion)
	}
	if in.Recommendation != nil {
		if *in.Recommendation != "" && !slices.Contains(Recommendations, *in.Recommendation) {
			return nil, fault.New("audit.recommendation_unknown", "recommendation", "recommendation %q is not one of %s", *in.Recommendation, strings.Join(Recommendations, ", "))
		}
		input["recommendation"] = *in.Recommendation
	}
	if in.Distribution != nil {
		input["distribution"] = strings.TrimSpace(*in.Distribution)
	}
	err := p.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		_, err = t.Update("assessment", a.ID, input, store.Change{Note: "audit concluded"})
		return err
	})
	if err != nil {
		return nil, err
	}
	return p.Report(ctx, assessment)
}

// Renderer prints a report: its PDF and its workbook.
type Renderer func(ctx context.Context, r *Report) (pdf, xlsx []byte, err error)

// Sign signs the report as it stands: it becomes the next version, final, printed once and kept
// in the workspace with its fingerprint; a later change to the audit makes the following
// version a draft, and both remain. It refuses a report with no conclusion, a graded finding
// whose statement is not written, or a report that has not changed since its last signature.
func (p *Papers) Sign(ctx context.Context, assessment string, names []string, render Renderer) (*Version, error) {
	var signers []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			signers = append(signers, n)
		}
	}
	if len(signers) == 0 {
		return nil, fault.New("audit.signer_required", "name", "name who signs the report")
	}
	r, err := p.Report(ctx, assessment)
	if err != nil {
		return nil, err
	}
	if r.Issue.Final {
		return nil, fault.New("audit.signed_already", "name", "version %d of the report was signed by %s on %s and nothing has changed since",
			r.Issue.Version, r.Issue.SignedBy, LocalTime(r.Issue.SignedAt))
	}
	if strings.TrimSpace(r.Conclusion) == "" {
		return nil, fault.New("audit.conclusion_required", "conclusion", "the report needs the lead auditor's conclusion before it is signed")
	}
	for _, s := range r.Statements {
		if missing := s.Missing(); len(missing) > 0 {
			return nil, fault.New("audit.statement_incomplete", "statement", "finding %s (%s) lacks %s: a nonconformity is signed with its statement",
				s.Ref, gradeLabel(s.Grade), strings.Join(missing, " and "))
		}
	}
	if err := recommendationHolds(r); err != nil {
		return nil, err
	}
	fingerprint := r.Fingerprint()
	r.Issue.Final, r.Issue.SignedBy, r.Issue.SignedAt = true, strings.Join(signers, "; "), p.s.Now().UTC().Format(time.RFC3339)
	pdf, xlsx, err := render(ctx, r)
	if err != nil {
		return nil, err
	}
	var ref string
	err = p.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		latest, err := t.List("auditreport", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: a.ID}}, Sort: "-version", Limit: 1})
		if err != nil {
			return err
		}
		if len(latest) > 0 {
			if v, _ := latest[0].Values["version"].(int64); int(v) >= r.Issue.Version {
				return fault.New("audit.signed_meanwhile", "name", "version %d was signed meanwhile by %s: look at the report again before signing", v, str(latest[0], "signed_by"))
			}
		}
		pdfHash, err := t.PutBlob(pdf)
		if err != nil {
			return err
		}
		input := map[string]any{"assessment": a.ID, "version": int64(r.Issue.Version), "signed_by": r.Issue.SignedBy,
			"signed_at": r.Issue.SignedAt, "content_sha256": fingerprint, "pdf_sha256": pdfHash, "pdf_bytes": int64(len(pdf))}
		if len(xlsx) > 0 {
			if input["xlsx_sha256"], err = t.PutBlob(xlsx); err != nil {
				return err
			}
		}
		rec, err := t.Create("auditreport", input, store.Change{Note: "report signed"})
		if err == nil {
			ref = rec.Ref
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	versions, err := p.Versions(ctx, assessment)
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		if v.Ref == ref {
			return &v, nil
		}
	}
	return nil, fmt.Errorf("signed version %s not found", ref)
}

// Versions lists the signed versions of an audit's report, oldest first.
func (p *Papers) Versions(ctx context.Context, assessment string) ([]Version, error) {
	a, err := p.assessment(ctx, assessment)
	if err != nil {
		return nil, err
	}
	page, err := p.s.List(ctx, "auditreport", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: a.ID}}, Sort: "version", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Version{}
	for _, r := range page.Records {
		num := func(f string) int64 { n, _ := r.Values[f].(int64); return n }
		out = append(out, Version{Ref: r.Ref, Version: int(num("version")), SignedBy: str(r, "signed_by"), SignedAt: str(r, "signed_at"),
			Content: str(r, "content_sha256"), PDF: str(r, "pdf_sha256"), PDFBytes: num("pdf_bytes"), XLSX: str(r, "xlsx_sha256")})
	}
	return out, nil
}

// SignedFiles returns the PDF and the workbook of a signed version, exactly as they were signed.
func (p *Papers) SignedFiles(ctx context.Context, assessment string, version int) (*Version, []byte, []byte, error) {
	versions, err := p.Versions(ctx, assessment)
	if err != nil {
		return nil, nil, nil, err
	}
	i := slices.IndexFunc(versions, func(v Version) bool { return v.Version == version })
	if i < 0 {
		return nil, nil, nil, fault.New("audit.version_unknown", "version", "the report has no signed version %d (signed: %s)", version, versionList(versions))
	}
	v := versions[i]
	pdf, err := p.s.Blob(ctx, v.PDF)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the PDF of version %d is not in this workspace yet: %w", version, err)
	}
	var xlsx []byte
	if v.XLSX != "" {
		if xlsx, err = p.s.Blob(ctx, v.XLSX); err != nil {
			return nil, nil, nil, fmt.Errorf("the workbook of version %d is not in this workspace yet: %w", version, err)
		}
	}
	return &v, pdf, xlsx, nil
}

func versionList(vs []Version) string {
	if len(vs) == 0 {
		return "none"
	}
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprint(v.Version))
	}
	return strings.Join(out, ", ")
}

func gradeLabel(g string) string {
	for _, p := range catalogue.Grades {
		if p[0] == g {
			return strings.ToLower(p[1])
		}
	}
	return g
}

// recommendationHolds refuses to sign a recommendation the findings contradict: a major
// nonconformity blocks certification until closed and verified, a minor one needs an accepted
// correction plan.
func recommendationHolds(r *Report) error {
	if r.Recommendation != "recommended" && r.Recommendation != "after_plan" {
		return nil
	}
	for _, s := range r.Statements {
		switch {
		case s.Status == "closed":
		case s.Grade == catalogue.Major:
			return fault.New("audit.recommendation_contradicted", "recommendation", "the report recommends certification while the major nonconformity %s is open", s.Ref)
		case s.Grade == catalogue.Minor && r.Recommendation == "recommended" && !s.Planned:
			return fault.New("audit.recommendation_contradicted", "recommendation", "the report recommends certification while minor nonconformity %s has no accepted correction plan", s.Ref)
		}
	}
	return nil
}
