package app

import (
	"context"
	"encoding/base64"
	"strings"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// The window's side of the ISO/IEC 20000-1 workbench (docs/compliance.md): the clause catalogue,
// assessments walked clause by clause, evidence suggestions, readiness, the comparison of two
// assessments, findings, the audit programme and the management review pack. The work is
// package compliance's, and so are its refusals, each with its field and code (package fault);
// these methods tell the window what changed.

// Option is a value of a fixed list with its label.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// ClauseGroup is a top-level clause (4 to 10) with its title.
type ClauseGroup struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Catalogue is the clause catalogue and the assessment vocabulary, as the forms offer them.
type Catalogue struct {
	Clauses []catalogue.Clause `json:"clauses"`
	Groups  []ClauseGroup      `json:"groups"`
	// Results are those a form offers (not the legacy not applicable, which is only shown).
	Results  []Option `json:"results"`
	Editions []Option `json:"editions"`
	Maturity []Option `json:"maturity"` // "0".."5"
	Grades   []Option `json:"grades"`
	Types    []Option `json:"types"`
}

// Clauses returns the clause catalogue of ISO/IEC 20000-1:2018 and the assessment vocabulary,
// their words in lang ("" : the language setting; the catalogue has English and German).
func (a *App) Clauses(lang string) Catalogue {
	if lang == "" {
		lang = "en"
		if s, err := a.prefs.Settings(); err == nil {
			lang = s.Language
		}
	}
	c := Catalogue{Clauses: catalogue.ClausesIn(lang)}
	for _, g := range catalogue.Groups {
		c.Groups = append(c.Groups, ClauseGroup{ID: g.ID, Title: catalogue.Word(lang, "group", g.ID)})
	}
	for _, r := range catalogue.Results {
		if catalogue.Chosen(r[0]) {
			c.Results = append(c.Results, Option{Value: r[0], Label: catalogue.Word(lang, "result", r[0])})
		}
	}
	for _, e := range catalogue.Editions {
		c.Editions = append(c.Editions, Option{Value: e[0], Label: catalogue.Word(lang, "edition", e[0])})
	}
	for i := range catalogue.Maturity {
		v := string(rune('0' + i))
		c.Maturity = append(c.Maturity, Option{Value: v, Label: catalogue.Word(lang, "maturity", v)})
	}
	for _, g := range catalogue.Grades {
		c.Grades = append(c.Grades, Option{Value: g[0], Label: catalogue.Word(lang, "grade", g[0])})
	}
	words, _ := a.store().Registry().Labels(lang)
	if k, ok := a.store().Registry().Kind("assessment"); ok {
		for _, f := range k.Fields {
			if f.Name == "assessment_type" {
				for _, e := range f.Enum {
					label := e.Label
					if w := words["enum.assessment.assessment_type."+e.Value]; w != "" {
						label = w
					}
					c.Types = append(c.Types, Option{Value: e.Value, Label: label})
				}
			}
		}
	}
	return c
}

// NewAssessment is the form of a new assessment.
type NewAssessment struct {
	Title       string `json:"title"`
	Type        string `json:"type"`
	From        string `json:"from"` // id or ref of the assessment whose results are copied; "" for none
	Scope       string `json:"scope"`
	Supplier    string `json:"supplier"`
	Start       string `json:"start"`
	End         string `json:"end"`
	LeadAuditor string `json:"lead_auditor"`
	Auditors    string `json:"auditors"`
	Edition     string `json:"edition"` // "" for the default, 2018 with Amd 1:2024
}

// CreateAssessment creates an assessment with one result per clause of the catalogue.
func (a *App) CreateAssessment(in NewAssessment) (*compliance.Assessment, error) {
	fields := map[string]any{}
	for k, v := range map[string]string{"scope": in.Scope, "supplier": in.Supplier, "start": in.Start, "end": in.End,
		"lead_auditor": in.LeadAuditor, "auditors": in.Auditors, "edition": in.Edition} {
		if v = strings.TrimSpace(v); v != "" {
			fields[k] = v
		}
	}
	out, err := compliance.New(a.store()).Create(a.inLanguage(), compliance.NewInput{Title: in.Title, Type: in.Type, From: strings.TrimSpace(in.From), Fields: fields})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("assessment")
	return out, nil
}

// Assessment returns an assessment with every clause's result, evidence, files and findings.
func (a *App) Assessment(key string) (*compliance.Assessment, error) {
	out, err := compliance.New(a.store()).Show(a.inLanguage(), key)
	return out, fail(err)
}

// ClauseChange is what the window changes in one clause of an assessment; a field left out
// (null) is left as it is.
type ClauseChange struct {
	Result         *string  `json:"result"`
	Maturity       *string  `json:"maturity"` // "0".."5"; "" clears it
	Notes          *string  `json:"notes"`
	AddEvidence    []string `json:"add_evidence"`
	RemoveEvidence []string `json:"remove_evidence"`
	RemoveFiles    []string `json:"remove_files"`
	Done           *bool    `json:"done"`
	Party          *string  `json:"party"`
	Confirm        bool     `json:"confirm"` // confirms a result carried forward
}

// SetClause changes one clause of an assessment and returns the assessment. Nothing is
// written when any part of the change is refused.
func (a *App) SetClause(assessment, clause string, ch ClauseChange) (*compliance.Assessment, error) {
	out, err := compliance.New(a.store()).Set(a.inLanguage(), assessment, clause, compliance.Change{Result: ch.Result, Maturity: ch.Maturity,
		Note: ch.Notes, AddEvidence: ch.AddEvidence, RemoveEvidence: ch.RemoveEvidence, RemoveFiles: ch.RemoveFiles, Done: ch.Done,
		Party: ch.Party, Confirm: ch.Confirm})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("clauseresult")
	return out, nil
}

// AttachEvidenceFile keeps a file chosen in the window (its bytes in base64, as the browser's
// FileReader gives them) in the workspace as evidence of a clause.
func (a *App) AttachEvidenceFile(assessment, clause, name, dataBase64 string) (*compliance.Assessment, error) {
	if i := strings.IndexByte(dataBase64, ','); i >= 0 && strings.HasPrefix(dataBase64, "data:") {
		dataBase64 = dataBase64[i+1:] // a data: URL, as FileReader.readAsDataURL gives it
	}
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return nil, fail(fieldErr("evidence.file_garbled", "files", "the file %s did not arrive whole: try again", name))
	}
	up := compliance.Upload{Name: baseName(name), Data: data}
	out, err := compliance.New(a.store()).Set(a.inLanguage(), assessment, clause, compliance.Change{Attach: []compliance.Upload{up}})
	if err != nil {
		return nil, fail(fault.Or("files", err))
	}
	a.changed("clauseresult")
	return out, nil
}

// baseName keeps the last part of a path the browser may give ("C:\fakepath\x.pdf").
func baseName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// SuggestEvidence runs the evidence rules of one clause ("" for every clause) of an
// assessment: what each rule found, what is missing or stale, and the records not yet linked.
func (a *App) SuggestEvidence(assessment, clause string) ([]compliance.Suggestion, error) {
	out, err := compliance.New(a.store()).Suggest(a.inLanguage(), assessment, clause)
	if err != nil {
		return nil, fail(err)
	}
	if out == nil {
		out = []compliance.Suggestion{}
	}
	return out, nil
}

// Readiness returns an assessment's readiness for certification: overall and per group, the
// blockers and what to fix first.
func (a *App) Readiness(key string) (*compliance.Readiness, error) {
	out, err := compliance.New(a.store()).Readiness(a.inLanguage(), key)
	return out, fail(err)
}

// CompareAssessments compares assessment b with the earlier assessment a.
func (a *App) CompareAssessments(from, to string) (*compliance.Diff, error) {
	out, err := compliance.New(a.store()).Diff(a.inLanguage(), from, to)
	if err != nil {
		return nil, fail(fault.Wrap("", "compare", err)) // the form has one field for both
	}
	return out, nil
}

// FindingForm is the form of a finding raised against a clause.
type FindingForm struct {
	Title       string `json:"title"`
	Grade       string `json:"grade"`
	Description string `json:"description"`
	Evidence    string `json:"evidence"`
	RaisedBy    string `json:"raised_by"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
	// Nonconformity: open one in the register; null for the default (yes for an internal or
	// supplier audit, no for a gap assessment).
	Nonconformity *bool `json:"nonconformity"`
}

// RaiseFinding records a finding against a clause; a major or minor nonconformity opens its
// nonconformity and corrective action, whose ref the answer gives.
func (a *App) RaiseFinding(assessment, clause string, in FindingForm) (*compliance.Finding, error) {
	out, err := compliance.New(a.store()).RaiseFinding(a.inLanguage(), assessment, clause, compliance.FindingInput{Title: in.Title, Grade: in.Grade,
		Description: in.Description, Evidence: in.Evidence, RaisedBy: in.RaisedBy, Owner: in.Owner, Due: strings.TrimSpace(in.Due),
		Nonconformity: in.Nonconformity})
	if err != nil {
		return nil, fail(err)
	}
	a.changed("finding")
	return out, nil
}

// AuditProgramme returns the internal audits of the last years and the clauses they covered.
func (a *App) AuditProgramme(years int) (*compliance.Programme, error) {
	out, err := compliance.New(a.store()).Programme(a.inLanguage(), years)
	return out, fail(err)
}

// ReviewPack compiles the inputs of a management review for a period (YYYY-MM-DD; "" for the
// twelve months before today).
func (a *App) ReviewPack(from, to string) (*compliance.ReviewPack, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if err := compliance.CheckPeriod(from, to); err != nil {
		return nil, fail(err)
	}
	out, err := compliance.New(a.store()).ReviewPack(a.inLanguage(), from, to)
	return out, fail(err)
}

// FillReview writes the inputs compiled for a period into a management review record: the
// input fields still empty, or all of them when overwrite is set.
func (a *App) FillReview(review, from, to string, overwrite bool) (*store.Record, error) {
	wb := compliance.New(a.store())
	if strings.TrimSpace(review) == "" {
		return nil, fail(fieldErr("review.required", "review", "choose the management review to fill"))
	}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if err := compliance.CheckPeriod(from, to); err != nil {
		return nil, fail(err)
	}
	p, err := wb.ReviewPack(a.inLanguage(), from, to)
	if err != nil {
		return nil, fail(err)
	}
	r, err := wb.FillReview(a.inLanguage(), review, p, overwrite)
	if err != nil {
		return nil, fail(fault.Or("review", err))
	}
	a.changed("review")
	return r, nil
}

// DecisionForm is a decision of a management review.
type DecisionForm struct {
	Title       string `json:"title"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
	Description string `json:"description"`
}

// DecideReview records a decision of a management review as an action that names it.
func (a *App) DecideReview(review string, d DecisionForm) (*store.Record, error) {
	if strings.TrimSpace(review) == "" {
		return nil, fail(fieldErr("review.required", "review", "choose the management review that decided"))
	}
	r, err := compliance.New(a.store()).Decide(a.inLanguage(), review, compliance.Decision{Title: strings.TrimSpace(d.Title), Owner: strings.TrimSpace(d.Owner),
		Due: strings.TrimSpace(d.Due), Description: d.Description})
	if err != nil {
		return nil, fail(fault.Or("review", err))
	}
	a.changed("action")
	return r, nil
}

// inLanguage is the app's context with the window's language, in which the compliance and
// audit packages write the texts they compute (readiness, evidence, the review pack).
func (a *App) inLanguage() context.Context { return i18n.WithLang(a.ctx, windowLanguage()) }
