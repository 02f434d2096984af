package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// SessionInput is a session to add to an audit's agenda.
type SessionInput struct {
	At      string   // "2026-12-07 09:30" (the machine's zone) or RFC 3339
	Clauses []string // clause ids; a group heading stands for its requirements
	Auditee string
	Auditor string
	Place   string
	Remote  bool
	Minutes string // a duration ("90", "1h30m"); empty: an hour
}

// AddSession adds a session to an audit's agenda.
func (p *Papers) AddSession(ctx context.Context, assessment string, in SessionInput) (*Session, error) {
	at, err := ParseLocalTime("at", in.At)
	if err != nil {
		return nil, err
	}
	clauses, err := clauseList(in.Clauses)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Auditee) == "" {
		return nil, fault.New("audit.auditee_required", "auditee", "a session needs its auditee (who is interviewed)")
	}
	input := map[string]any{"at": at, "clauses": clauses, "auditee": strings.TrimSpace(in.Auditee),
		"auditor": strings.TrimSpace(in.Auditor), "place": strings.TrimSpace(in.Place), "remote": in.Remote}
	if in.Minutes != "" {
		input["minutes"] = in.Minutes
	}
	var out *Session
	err = p.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		input["assessment"] = a.ID
		r, err := t.Create("auditsession", input, store.Change{})
		if err != nil {
			return err
		}
		s := sessionOf(r)
		out = &s
		return nil
	})
	return out, err
}

// clauseList checks a list of clause ids ("8.5.1.1, 8.5.2") and returns them in catalogue order.
func clauseList(list []string) ([]string, error) {
	var out []string
	for _, item := range list {
		for _, id := range strings.Split(item, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			if _, ok := catalogue.Lookup(id); !ok {
				return nil, fault.New("clause.unknown", "clauses", "unknown clause %q", id)
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	if len(out) == 0 {
		return nil, fault.New("audit.clauses_required", "clauses", "name the clauses (8.5.1.1, 8.5.2, …)")
	}
	order := map[string]int{}
	for i, c := range catalogue.Clauses() {
		order[c.ID] = i
	}
	slices.SortFunc(out, func(a, b string) int { return order[a] - order[b] })
	return out, nil
}

// requirementsOf are the requirements a clause list covers: a heading stands for those under it.
func requirementsOf(clauses []string) []string {
	var out []string
	for _, c := range catalogue.AssessedClauses() {
		for _, id := range clauses {
			if (c.ID == id || strings.HasPrefix(c.ID, id+".")) && !slices.Contains(out, c.ID) {
				out = append(out, c.ID)
			}
		}
	}
	return out
}

// InterviewInput is an interview to record.
type InterviewInput struct {
	Person  string
	Role    string
	At      string // empty: now
	Clauses []string
	Notes   string
	Auditor string
	Session string // ref or id of the agenda's session, if any
}

// Interview is an interview as the report shows it.
type Interview struct {
	ID      string   `json:"id"`
	Ref     string   `json:"ref"`
	Person  string   `json:"person"`
	Role    string   `json:"role,omitempty"`
	At      string   `json:"at"`
	Clauses []string `json:"clauses"`
	Notes   string   `json:"notes"`
	Auditor string   `json:"auditor,omitempty"`
	Session string   `json:"session,omitempty"` // its ref
}

// AddInterview records an interview and links it as evidence to the result of every
// requirement it is about, in one transaction.
func (p *Papers) AddInterview(ctx context.Context, assessment string, in InterviewInput) (*Interview, error) {
	clauses, err := clauseList(in.Clauses)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Person) == "" {
		return nil, fault.New("audit.person_required", "person", "an interview needs the person interviewed")
	}
	if strings.TrimSpace(in.Notes) == "" {
		return nil, fault.New("audit.notes_required", "notes", "an interview needs its notes")
	}
	input := map[string]any{"person": strings.TrimSpace(in.Person), "role": strings.TrimSpace(in.Role), "clauses": clauses,
		"notes": in.Notes, "auditor": strings.TrimSpace(in.Auditor)}
	if in.At != "" {
		at, err := ParseLocalTime("at", in.At)
		if err != nil {
			return nil, err
		}
		input["at"] = at
	}
	var id string
	err = p.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		input["assessment"] = a.ID
		if in.Session != "" {
			s, err := t.Get("auditsession", in.Session)
			if err != nil {
				return fault.Wrap("audit.session_unknown", "session", err)
			}
			if str(s, "assessment") != a.ID {
				return fault.New("audit.session_other", "session", "session %s belongs to another audit", s.Ref)
			}
			input["session"] = s.ID
		}
		r, err := t.Create("interview", input, store.Change{})
		if err != nil {
			return err
		}
		id = r.ID
		return linkEvidence(t, a, requirementsOf(clauses), r.ID)
	})
	if err != nil {
		return nil, err
	}
	r, err := p.s.Get(ctx, "interview", id)
	if err != nil {
		return nil, err
	}
	iv := interviewOf(r)
	return &iv, nil
}

// linkEvidence adds a record to the evidence of the results of the given requirements.
func linkEvidence(t *store.Tx, a *store.Record, clauses []string, id string) error {
	for _, c := range clauses {
		results, err := t.List("clauseresult", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: a.ID}, {Field: "clause", Op: "=", Value: c}}, Limit: 1})
		if err != nil {
			return err
		}
		if len(results) == 0 {
			continue
		}
		ev, _ := results[0].Values["evidence"].([]string)
		if slices.Contains(ev, id) {
			continue
		}
		if _, err := t.Update("clauseresult", results[0].ID, map[string]any{"evidence": append(slices.Clone(ev), id)}, store.Change{}); err != nil {
			return err
		}
	}
	return nil
}

func interviewOf(r *store.Record) Interview {
	clauses, _ := r.Values["clauses"].([]string)
	iv := Interview{ID: r.ID, Ref: r.Ref, Person: str(r, "person"), Role: str(r, "role"), At: str(r, "at"), Clauses: clauses,
		Notes: str(r, "notes"), Auditor: str(r, "auditor")}
	if l, ok := r.Links[str(r, "session")]; ok {
		iv.Session = l.Ref
	}
	return iv
}

func (p *Papers) interviews(ctx context.Context, assessmentID string) ([]Interview, error) {
	page, err := p.s.List(ctx, "interview", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: assessmentID}}, Sort: "at", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Interview{}
	for _, r := range page.Records {
		out = append(out, interviewOf(r))
	}
	return out, nil
}

// Question is one question of a clause's checklist.
type Question struct {
	Clause string `json:"clause"`
	// Key names a generated question: e1, e2… the catalogue's evidence hints of the clause, r1,
	// r2… its evidence rules; a question the auditor added has its record's ref.
	Key      string `json:"key"`
	Question string `json:"question"`
	LookFor  string `json:"look_for,omitempty"`
	// PreCheck is, for a rule's question, what the registers show today (ok, missing, stale)
	// and its text.
	PreCheck     string `json:"pre_check,omitempty"`
	PreCheckText string `json:"pre_check_text,omitempty"`
	Answer       string `json:"answer,omitempty"` // yes, partly, no; empty: not answered
	Notes        string `json:"notes,omitempty"`
	Auditor      string `json:"auditor,omitempty"`
	Session      string `json:"session,omitempty"`
	Omitted      bool   `json:"omitted,omitempty"`
	Ref          string `json:"ref,omitempty"` // of the record holding the answer
	// Also are the other answers given to the same question (two auditors on two copies): none
	// is lost.
	Also []string `json:"also,omitempty"`
}

// Answers of a checklist question.
var Answers = []string{"yes", "partly", "no"}

// Checklist returns the checklist of an audit for a clause (a heading: its requirements), or
// for every requirement when clause is "": the questions generated from the catalogue's evidence
// hints and the evidence rules, with the answers given, and the questions the auditors added.
func (p *Papers) Checklist(ctx context.Context, assessment, clause string) ([]Question, error) {
	a, err := p.assessment(ctx, assessment)
	if err != nil {
		return nil, err
	}
	clauses := []string{}
	if clause != "" {
		list, err := clauseList([]string{clause})
		if err != nil {
			return nil, err
		}
		clauses = requirementsOf(list)
	} else {
		for _, c := range catalogue.AssessedClauses() {
			clauses = append(clauses, c.ID)
		}
	}
	items, err := p.checkItems(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	wb := compliance.New(p.s)
	var out []Question
	for _, id := range clauses {
		generated, err := generated(ctx, wb, a.ID, id)
		if err != nil {
			return nil, err
		}
		for _, q := range generated {
			out = append(out, merge(q, items[id+"/"+q.Key]))
		}
		for _, r := range items[id+"/"] {
			q := Question{Clause: id, Key: r.Ref, Question: r.Title(), LookFor: str(r, "look_for")}
			out = append(out, merge(q, []*store.Record{r}))
		}
	}
	return out, nil
}

// generated are the questions the catalogue and the evidence rules ask of one requirement; their
// lead-ins are in the language of ctx.
func generated(ctx context.Context, wb *compliance.Workbench, assessment, clause string) ([]Question, error) {
	lang := i18n.Lang(ctx)
	c, _ := catalogue.ClauseIn(lang, clause) // the evidence hints in the reader's language
	var out []Question
	for i, hint := range c.Evidence {
		out = append(out, Question{Clause: clause, Key: fmt.Sprintf("e%d", i+1), Question: tr(lang, "Ask to see: ") + hint, LookFor: hint})
	}
	sg, err := wb.Suggest(ctx, assessment, clause)
	if err != nil {
		return nil, err
	}
	for _, s := range sg {
		if s.Clause != clause {
			continue
		}
		for i, ch := range s.Checks {
			out = append(out, Question{Clause: clause, Key: fmt.Sprintf("r%d", i+1), Question: tr(lang, "Check in the registers: ") + ch.Rule,
				LookFor: ch.Rule, PreCheck: ch.State, PreCheckText: ch.Text})
		}
	}
	return out, nil
}

// merge puts the answers recorded for a question into it: the latest answer first, the others
// kept in Also.
func merge(q Question, recs []*store.Record) Question {
	if len(recs) == 0 {
		return q
	}
	slices.SortFunc(recs, func(a, b *store.Record) int { return strings.Compare(b.UpdatedAt, a.UpdatedAt) })
	r := recs[0]
	q.Ref, q.Answer, q.Notes, q.Auditor, q.Omitted = r.Ref, str(r, "answer"), str(r, "notes"), str(r, "auditor"), r.Values["omitted"] == true
	if l, ok := r.Links[str(r, "session")]; ok {
		q.Session = l.Ref
	}
	for _, other := range recs[1:] {
		if ans := str(other, "answer"); ans != "" || str(other, "notes") != "" {
			q.Also = append(q.Also, strings.TrimSpace(fmt.Sprintf("%s: %s %s (%s)", other.Ref, ans, str(other, "notes"), str(other, "auditor"))))
		}
	}
	return q
}

// checkItems are an audit's checklist records by "clause/key" (added questions: "clause/").
func (p *Papers) checkItems(ctx context.Context, assessmentID string) (map[string][]*store.Record, error) {
	page, err := p.s.List(ctx, "checkitem", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: assessmentID}}, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := map[string][]*store.Record{}
	for _, r := range page.Records {
		k := str(r, "clause") + "/" + str(r, "key")
		out[k] = append(out[k], r)
	}
	return out, nil
}

// AnswerInput answers a checklist question; a nil field is left as it is.
type AnswerInput struct {
	Answer  *string
	Notes   *string
	Auditor string
	Session string
	Omit    *bool
}

// Answer records the answer to a question of an audit's checklist: key is a generated
// question's key (e1, r2) or an added question's ref.
func (p *Papers) Answer(ctx context.Context, assessment, clause, key string, in AnswerInput) (*Question, error) {
	if in.Answer != nil && *in.Answer != "" && !slices.Contains(Answers, *in.Answer) {
		return nil, fault.New("audit.answer_unknown", "answer", "answer %q is not one of %s", *in.Answer, strings.Join(Answers, ", "))
	}
	list, err := p.Checklist(ctx, assessment, clause)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(q Question) bool { return q.Clause == clause && q.Key == key })
	if i < 0 {
		var keys []string
		for _, q := range list {
			if q.Clause == clause {
				keys = append(keys, q.Key)
			}
		}
		return nil, fault.New("audit.question_unknown", "key", "clause %s has no checklist question %q (its questions: %s)", clause, key, strings.Join(keys, ", "))
	}
	q := list[i]
	input := map[string]any{}
	if in.Answer != nil {
		input["answer"] = *in.Answer
	}
	if in.Notes != nil {
		input["notes"] = *in.Notes
	}
	if in.Auditor != "" {
		input["auditor"] = in.Auditor
	}
	if in.Omit != nil {
		input["omitted"] = *in.Omit
	}
	err = p.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		if in.Session != "" {
			s, err := t.Get("auditsession", in.Session)
			if err != nil {
				return fault.Wrap("audit.session_unknown", "session", err)
			}
			input["session"] = s.ID
		}
		if q.Ref != "" {
			_, err = t.Update("checkitem", q.Ref, input, store.Change{})
			return err
		}
		input["assessment"], input["clause"], input["key"], input["title"], input["look_for"] = a.ID, clause, key, q.Question, q.LookFor
		_, err = t.Create("checkitem", input, store.Change{})
		return err
	})
	if err != nil {
		return nil, err
	}
	list, err = p.Checklist(ctx, assessment, clause)
	if err != nil {
		return nil, err
	}
	i = slices.IndexFunc(list, func(q Question) bool { return q.Clause == clause && (q.Key == key) })
	return &list[i], nil
}

// AddQuestion adds a question of the auditor's own to a requirement's checklist.
func (p *Papers) AddQuestion(ctx context.Context, assessment, clause, question, lookFor string) (*Question, error) {
	c, ok := catalogue.Lookup(clause)
	if !ok {
		return nil, fault.New("clause.unknown", "clause", "unknown clause %q", clause)
	}
	if c.Rollup {
		return nil, fault.New("clause.heading", "clause", "%s %s is a group heading: add the question to one of %s", c.ID, c.Title, strings.Join(catalogue.Children(c.ID), ", "))
	}
	if strings.TrimSpace(question) == "" {
		return nil, fault.New("audit.question_required", "question", "write the question")
	}
	var ref string
	err := p.s.Write(ctx, func(t *store.Tx) error {
		a, err := t.Get("assessment", assessment)
		if err != nil {
			return err
		}
		r, err := t.Create("checkitem", map[string]any{"assessment": a.ID, "clause": clause, "title": strings.TrimSpace(question), "look_for": lookFor}, store.Change{})
		if err == nil {
			ref = r.Ref
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Question{Clause: clause, Key: ref, Question: strings.TrimSpace(question), LookFor: lookFor, Ref: ref}, nil
}
