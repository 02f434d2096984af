package compliance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// catalogueMeta is the workspace setting (local to each copy) that remembers the catalogue
// version its assessments' computed values were made with.
const catalogueMeta = "clause_catalogue_version"

// Upgrade computes again the readiness, blockers and progress of every assessment when the
// workspace was last written with another version of the clause catalogue (62 nodes before
// version 2): the new nodes are to do, the headings no longer scored. It writes no op and
// nothing on a read-only workspace; an up-to-date workspace costs one read.
func Upgrade(ctx context.Context, s *store.Store) error {
	want := strconv.Itoa(catalogue.Version)
	if s.ReadOnly() || s.Damaged() != "" || s.Meta(catalogueMeta) == want {
		return nil
	}
	if err := s.Recompute(ctx, "assessment"); err != nil {
		return fmt.Errorf("cannot bring the assessments to the clause catalogue of version %s: %w", want, err)
	}
	return s.SetMeta(catalogueMeta, want)
}

// Workbench runs assessments over one workspace.
type Workbench struct {
	s *store.Store
}

// New returns the workbench of a workspace.
func New(s *store.Store) *Workbench { return &Workbench{s: s} }

// Assessment is an assessment with every clause's result, as `assess show` prints it.
type Assessment struct {
	ID          string      `json:"id"`
	Ref         string      `json:"ref"`
	Title       string      `json:"title"`
	Type        string      `json:"type"`
	Status      string      `json:"status"`
	Scope       string      `json:"scope,omitempty"`
	Supplier    *store.Link `json:"supplier,omitempty"`
	Start       string      `json:"start,omitempty"`
	End         string      `json:"end,omitempty"`
	LeadAuditor string      `json:"lead_auditor,omitempty"`
	Auditors    string      `json:"auditors,omitempty"`
	BasedOn     *store.Link `json:"based_on,omitempty"`
	Edition     string      `json:"edition"`
	// CatalogueVersion is the catalogue the assessment was made with (1: the 62 nodes before
	// version 2); it is shown against today's catalogue, new nodes to do.
	CatalogueVersion int            `json:"catalogue_version"`
	Conclusion       string         `json:"conclusion,omitempty"`
	Readiness        float64        `json:"readiness"`
	Blockers         int64          `json:"blockers"`
	Done             int64          `json:"clauses_done"`
	Clauses          []ClauseResult `json:"clauses"`
}

// ClauseResult is what the assessment says of one clause.
type ClauseResult struct {
	Clause string `json:"clause"`
	Title  string `json:"title"`
	Ref    string `json:"ref,omitempty"` // of the clause result record
	Status string `json:"status"`        // todo or done; "rollup" for a group heading
	// Result of a group heading (Rollup) is what its requirements found (the worst of them);
	// a heading is not assessed itself.
	Result   string       `json:"result"`
	Rollup   bool         `json:"rollup,omitempty"`
	Party    string       `json:"party,omitempty"`
	Carried  bool         `json:"carried_forward,omitempty"`
	Maturity *int         `json:"maturity"`
	Notes    string       `json:"notes"`
	Evidence []store.Link `json:"evidence"`
	Files    []File       `json:"files"`
	Findings []Finding    `json:"findings"`
}

// File is a file attached as evidence, kept in the workspace by its sha256.
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Finding is a finding raised in an assessment.
type Finding struct {
	ID            string `json:"id"`
	Ref           string `json:"ref"`
	Title         string `json:"title"`
	Grade         string `json:"grade"`
	Clause        string `json:"clause"`
	Status        string `json:"status"`
	Nonconformity string `json:"nonconformity,omitempty"` // its ref
	// Recommendation: a graded finding that opened no nonconformity (a gap assessment's advice).
	Recommendation bool `json:"recommendation,omitempty"`
	// Planned: its nonconformity's correction is planned (what a minor one needs).
	Planned bool `json:"correction_planned,omitempty"`
}

// Types of assessment.
var Types = []string{"gap", "internal", "supplier"}

// NewInput describes an assessment to create.
type NewInput struct {
	Title string
	Type  string // gap (default), internal or supplier
	From  string // id or ref of an assessment whose results are copied
	// Fields sets other fields of the assessment (scope, supplier, start, end, lead_auditor...).
	Fields map[string]any
}

// Create makes an assessment with one clause result per requirement of the catalogue (group
// headings have none), in one transaction. Started from another assessment, it copies each
// clause's result, maturity, notes, party, evidence and files, marked carried forward: a result
// carried forward counts only once someone confirms or changes it; every clause starts again at
// "to do".
func (w *Workbench) Create(ctx context.Context, in NewInput) (*Assessment, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		return nil, fault.New("assessment.title_required", "title", "an assessment needs a title")
	}
	if in.Type == "" {
		in.Type = "gap"
	}
	if !slices.Contains(Types, in.Type) {
		return nil, fault.New("assessment.type_unknown", "type", "assessment type %q is not one of %s", in.Type, strings.Join(Types, ", "))
	}
	var id string
	err := w.s.Write(ctx, func(t *store.Tx) error {
		input := map[string]any{}
		for k, v := range in.Fields {
			input[k] = v
		}
		input["title"], input["assessment_type"] = in.Title, in.Type
		input["catalogue_version"] = catalogue.Version
		previous := map[string]*store.Record{}
		note := ""
		if in.From != "" {
			from, err := t.Get("assessment", in.From)
			if err != nil {
				return fault.New("assessment.from_unknown", "from", "cannot start from assessment %q: %w", in.From, err)
			}
			input["based_on"] = from.ID
			note = "started from " + from.Ref
			results, err := t.List("clauseresult", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: from.ID}}})
			if err != nil {
				return err
			}
			for _, r := range results {
				previous[r.Values["clause"].(string)] = r
			}
		}
		a, err := t.Create("assessment", input, store.Change{Note: note})
		if err != nil {
			return err
		}
		id = a.ID
		for _, c := range catalogue.AssessedClauses() {
			cr := map[string]any{"assessment": a.ID, "clause": c.ID}
			if p := previous[c.ID]; p != nil {
				for _, f := range []string{"result", "maturity", "notes", "party", "evidence", "files"} {
					if v, ok := p.Values[f]; ok && v != nil {
						cr[f] = v
					}
				}
				if r, _ := cr["result"].(string); r != "" && r != catalogue.NotAssessed {
					cr["carried_forward"] = true
				}
				if ev, ok := cr["evidence"].([]string); ok {
					cr["evidence"] = liveOnly(t, ev)
				}
			}
			if _, err := t.Create("clauseresult", cr, store.Change{Note: note}); err != nil {
				return fmt.Errorf("clause %s: %w", c.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return w.Show(ctx, id)
}

// liveOnly drops the evidence that was deleted since the previous assessment linked it.
func liveOnly(t *store.Tx, ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if _, err := t.Locate(id); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// Change is what `assess set` changes in one clause. Nil fields are left as they are.
type Change struct {
	Result         *string
	Maturity       *string // "0".."5"; "" clears it
	Note           *string
	AddEvidence    []string // ids or refs of records of any kind
	RemoveEvidence []string
	Attach         []Upload // files to keep in the workspace (ReadFile reads one from disk)
	RemoveFiles    []string // names or sha256 of attached files
	Done           *bool    // mark the clause done or back to do; a result given marks it done
	Party          *string  // who fulfils the requirement, for other_party
	// Confirm confirms a result carried forward from an earlier assessment; a result given
	// (changed or not) confirms it too.
	Confirm bool
}

// Set changes one clause of an assessment in one transaction and returns the assessment.
func (w *Workbench) Set(ctx context.Context, assessment, clause string, ch Change) (*Assessment, error) {
	input, err := ch.input(clause)
	if err != nil {
		return nil, err
	}
	var id string
	err = w.s.Write(ctx, func(t *store.Tx) error {
		var err error
		id, err = setClause(t, assessment, clause, ch, input)
		return err
	})
	if err != nil {
		return nil, err
	}
	return w.Show(ctx, id)
}

// input checks the values of a change that need no workspace and returns them as the fields of
// the clause result they set.
func (ch Change) input(clause string) (map[string]any, error) {
	c, ok := catalogue.Lookup(clause)
	if !ok {
		return nil, unknownClause(clause)
	}
	if c.Rollup {
		return nil, fault.New("clause.heading", "clause", "%s %s is a group heading with no requirement of its own: its result rolls up from %s; assess those", c.ID, c.Title, strings.Join(catalogue.Children(c.ID), ", "))
	}
	input := map[string]any{}
	if ch.Result != nil {
		r := *ch.Result
		if r == catalogue.NotApplicable {
			return nil, fault.New("result.excluded", "result", "ISO/IEC 20000-1:2018 allows no exclusion of a requirement of clauses 4 to 10: use %s for a requirement another party fulfils (naming the party), or %s for one with no instance in the period", catalogue.OtherParty, catalogue.NoInstance)
		}
		if !catalogue.Chosen(r) {
			return nil, fault.New("result.unknown", "result", "result %q is not one of %s", r, strings.Join(resultNames(), ", "))
		}
		input["result"] = r
	}
	// A result carried forward is verified once someone confirms it or changes what it says.
	if ch.Result != nil || ch.Maturity != nil || ch.Party != nil || ch.Confirm {
		input["carried_forward"] = nil
	}
	if ch.Party != nil {
		input["party"] = strings.TrimSpace(*ch.Party)
		if input["party"] == "" {
			input["party"] = nil
		}
	}
	if ch.Maturity != nil {
		m := strings.TrimSpace(*ch.Maturity)
		if m == "" {
			input["maturity"] = nil
		} else if n, err := strconv.Atoi(m); err != nil || n < 0 || n > 5 {
			return nil, fault.New("maturity.invalid", "maturity", "maturity %q is outside 0-5", m)
		} else {
			input["maturity"] = n
		}
	}
	if ch.Note != nil {
		input["notes"] = *ch.Note
	}
	for _, u := range ch.Attach {
		if err := u.check(); err != nil {
			return nil, err
		}
	}
	return input, nil
}

// setClause applies a checked change (input from Change.input) to one clause inside a write
// and returns the assessment's id.
func setClause(t *store.Tx, assessment, clause string, ch Change, input map[string]any) (string, error) {
	a, err := t.Get("assessment", assessment)
	if err != nil {
		return "", err
	}
	cr, err := clauseRecord(t, a, clause)
	if err != nil {
		return "", err
	}
	if ch.Result != nil && *ch.Result == catalogue.NoInstance {
		notes, _ := cr.Values["notes"].(string)
		if ch.Note != nil {
			notes = *ch.Note
		}
		if strings.TrimSpace(notes) == "" {
			return "", fault.New("assessment.note_required", "notes", "clause %s cannot be no_instance without saying what was checked instead (its procedure)", clause)
		}
	}
	if ch.Result != nil && *ch.Result == catalogue.OtherParty {
		party, _ := cr.Values["party"].(string)
		if ch.Party != nil {
			party = *ch.Party
		}
		if strings.TrimSpace(party) == "" {
			return "", fault.New("assessment.party_required", "party", "clause %s cannot be other_party without naming the party that fulfils it", clause)
		}
	}
	if len(ch.AddEvidence) > 0 || len(ch.RemoveEvidence) > 0 {
		ev, err := changeEvidence(t, cr, ch.AddEvidence, ch.RemoveEvidence)
		if err != nil {
			return "", err
		}
		input["evidence"] = ev
	}
	if len(ch.Attach) > 0 || len(ch.RemoveFiles) > 0 {
		rows, err := changeFiles(t, cr, ch.Attach, ch.RemoveFiles)
		if err != nil {
			return "", err
		}
		input["files"] = rows
	}
	if len(input) > 0 {
		if cr, err = t.Update("clauseresult", cr.ID, input, store.Change{}); err != nil {
			return "", err
		}
	}
	done := ch.Done
	if done == nil && ch.Result != nil {
		d := *ch.Result != catalogue.NotAssessed
		done = &d
	}
	switch {
	case done != nil && *done && cr.Status != "done":
		_, err = t.Move("clauseresult", cr.ID, "done", store.Change{})
	case done != nil && !*done && cr.Status != "todo":
		_, err = t.Move("clauseresult", cr.ID, "todo", store.Change{})
	}
	return a.ID, err
}

func resultNames() []string {
	var out []string
	for _, p := range catalogue.Results {
		if catalogue.Chosen(p[0]) {
			out = append(out, p[0])
		}
	}
	return out
}

// clauseRecord finds the result record of a clause in an assessment, creating it when the
// assessment was made without one (a generic create, or a clause added to the catalogue later).
func clauseRecord(t *store.Tx, a *store.Record, clause string) (*store.Record, error) {
	// Two copies may each have made the record of a clause added to the catalogue later: the
	// one with the highest ref is the one shown and changed, on every copy alike.
	rs, err := t.List("clauseresult", store.Query{Where: []store.Filter{
		{Field: "assessment", Op: "=", Value: a.ID}, {Field: "clause", Op: "=", Value: clause}}, Sort: "-ref", Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(rs) > 0 {
		return rs[0], nil
	}
	return t.Create("clauseresult", map[string]any{"assessment": a.ID, "clause": clause}, store.Change{})
}

func changeEvidence(t *store.Tx, cr *store.Record, add, remove []string) ([]string, error) {
	ev, _ := cr.Values["evidence"].([]string)
	ev = slices.Clone(ev)
	for _, key := range remove {
		r, err := t.Locate(key)
		if err != nil {
			return nil, fault.New("evidence.unknown", "evidence", "evidence %q: %w", key, err)
		}
		i := slices.Index(ev, r)
		if i < 0 {
			return nil, fault.New("evidence.not_linked", "evidence", "evidence %q is not linked to clause %s", key, cr.Values["clause"])
		}
		ev = slices.Delete(ev, i, i+1)
	}
	for _, key := range add {
		id, err := t.Locate(key)
		if err != nil {
			return nil, fault.New("evidence.unknown", "evidence", "evidence %q: %w", key, err)
		}
		if !slices.Contains(ev, id) {
			ev = append(ev, id)
		}
	}
	return ev, nil
}

func changeFiles(t *store.Tx, cr *store.Record, add []Upload, remove []string) ([]map[string]any, error) {
	var rows []map[string]any
	if v, ok := cr.Values["files"].([]map[string]any); ok {
		rows = slices.Clone(v)
	}
	for _, key := range remove {
		i := slices.IndexFunc(rows, func(r map[string]any) bool { return r["name"] == key || r["sha256"] == key })
		if i < 0 {
			return nil, fault.New("evidence.file_not_attached", "files", "no file %q is attached to clause %s", key, cr.Values["clause"])
		}
		rows = slices.Delete(rows, i, i+1)
	}
	for _, f := range add {
		hash, err := t.PutBlob(f.Data)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(rows, func(r map[string]any) bool { return r["sha256"] == hash }) {
			continue
		}
		rows = append(rows, map[string]any{"name": f.Name, "sha256": hash, "size": int64(len(f.Data))})
	}
	return rows, nil
}

// maxEvidenceFile bounds a file kept in the workspace: evidence is documents and screenshots,
// and every byte travels in bundles.
const maxEvidenceFile = 50 << 20

// Upload is a file to attach as evidence.
type Upload struct {
	Name string
	Data []byte
}

func (u Upload) check() error {
	switch {
	case strings.TrimSpace(u.Name) == "":
		return fault.New("evidence.file_name_required", "files", "an evidence file needs a name")
	case len(u.Data) > maxEvidenceFile:
		return fault.New("evidence.file_too_large", "files", "evidence file %s is %d MB; files above %d MB are not kept in the workspace", u.Name, len(u.Data)>>20, maxEvidenceFile>>20)
	}
	return nil
}

// ReadFile reads a file from disk to attach as evidence.
func ReadFile(path string) (Upload, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Upload{}, fault.New("evidence.file_unreadable", "files", "evidence file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return Upload{}, fault.New("evidence.file_unreadable", "files", "evidence file %s is not a regular file", path)
	}
	if st.Size() > maxEvidenceFile {
		return Upload{}, fault.New("evidence.file_too_large", "files", "evidence file %s is %d MB; files above %d MB are not kept in the workspace", path, st.Size()>>20, maxEvidenceFile>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Upload{}, fault.New("evidence.file_unreadable", "files", "evidence file: %w", err)
	}
	return Upload{Name: filepath.Base(path), Data: data}, nil
}

// Show reads an assessment with every clause's result, evidence and findings, in the
// catalogue's order.
func (w *Workbench) Show(ctx context.Context, key string) (*Assessment, error) {
	a, err := w.s.Get(ctx, "assessment", key)
	if err != nil {
		return nil, err
	}
	out := &Assessment{ID: a.ID, Ref: a.Ref, Title: a.Title(), Status: a.Status,
		Type: str(a, "assessment_type"), Scope: str(a, "scope"), Start: str(a, "start"), End: str(a, "end"),
		LeadAuditor: str(a, "lead_auditor"), Auditors: str(a, "auditors"), Conclusion: str(a, "conclusion"),
		Supplier: link(a, "supplier"), BasedOn: link(a, "based_on"), Edition: str(a, "edition"), CatalogueVersion: 1}
	if v, ok := a.Values["catalogue_version"].(int64); ok {
		out.CatalogueVersion = int(v)
	}
	out.Readiness, _ = a.Values["readiness"].(float64)
	out.Blockers, _ = a.Values["blockers"].(int64)
	out.Done, _ = a.Values["progress"].(int64)
	page, err := w.s.List(ctx, "clauseresult", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: a.ID}}, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	byClause := map[string]*store.Record{}
	var assessed []catalogue.Assessed
	for _, r := range page.Records {
		byClause[str(r, "clause")] = r // the highest ref of a clause wins, as in the assessment's score
		assessed = append(assessed, assessedOf(r))
	}
	rolled := map[string]catalogue.ClauseScore{}
	for _, cs := range catalogue.Rate("en", assessed, nil).Clauses {
		if cs.Rollup {
			rolled[cs.Clause] = cs
		}
	}
	findings, err := w.findings(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range catalogue.ClausesIn(i18n.Lang(ctx)) {
		cr := ClauseResult{Clause: c.ID, Title: c.Title, Status: "todo", Result: catalogue.NotAssessed,
			Evidence: []store.Link{}, Files: []File{}, Findings: []Finding{}}
		if r := byClause[c.ID]; r != nil {
			cr.Ref, cr.Status, cr.Result, cr.Notes, cr.Party = r.Ref, r.Status, str(r, "result"), str(r, "notes"), str(r, "party")
			cr.Carried = r.Values["carried_forward"] == true
			if m, ok := r.Values["maturity"].(int64); ok {
				n := int(m)
				cr.Maturity = &n
			}
			if ids, ok := r.Values["evidence"].([]string); ok {
				for _, id := range ids {
					cr.Evidence = append(cr.Evidence, r.Links[id])
				}
			}
			if rows, ok := r.Values["files"].([]map[string]any); ok {
				for _, row := range rows {
					f := File{}
					f.Name, _ = row["name"].(string)
					f.SHA256, _ = row["sha256"].(string)
					f.Size, _ = row["size"].(int64)
					cr.Files = append(cr.Files, f)
				}
			}
		}
		if c.Rollup {
			// A heading shows what its requirements found; what an older assessment recorded
			// of it (notes, evidence) is kept and shown, never scored.
			cr.Rollup, cr.Status, cr.Result, cr.Maturity, cr.Carried = true, "rollup", rolled[c.ID].Result, nil, false
		}
		for _, f := range findings {
			if f.Clause == c.ID {
				cr.Findings = append(cr.Findings, f)
			}
		}
		out.Clauses = append(out.Clauses, cr)
	}
	return out, nil
}

func (w *Workbench) findings(ctx context.Context, assessmentID string) ([]Finding, error) {
	page, err := w.s.List(ctx, "finding", store.Query{Where: []store.Filter{{Field: "assessment", Op: "=", Value: assessmentID}}, Sort: "ref", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Finding{}
	for _, r := range page.Records {
		f := Finding{ID: r.ID, Ref: r.Ref, Title: r.Title(), Grade: str(r, "grade"), Clause: str(r, "clause"), Status: r.Status,
			Recommendation: r.Values["recommendation"] == true}
		if l := link(r, "nonconformity"); l != nil {
			f.Nonconformity = l.Ref
			if nc, err := w.s.Get(ctx, "nonconformity", l.ID); err == nil {
				f.Planned = schema.CorrectionPlanned(&schema.View{Status: nc.Status})
			}
		}
		out = append(out, f)
	}
	return out, nil
}

func str(r *store.Record, field string) string { s, _ := r.Values[field].(string); return s }

// assessedOf reads a clause result record as the readiness method wants it.
func assessedOf(r *store.Record) catalogue.Assessed {
	a := catalogue.Assessed{Clause: str(r, "clause"), Result: str(r, "result"), Party: str(r, "party"), Carried: r.Values["carried_forward"] == true}
	if m, ok := r.Values["maturity"].(int64); ok {
		n := int(m)
		a.Maturity = &n
	}
	return a
}

func link(r *store.Record, field string) *store.Link {
	id, _ := r.Values[field].(string)
	if id == "" {
		return nil
	}
	l := r.Links[id]
	return &l
}
