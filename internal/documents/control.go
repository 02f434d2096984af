package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pmezard/go-difflib/difflib"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// Document is a controlled document: its current text (a draft, or the approved version) and
// its approved versions, oldest first.
type Document struct {
	ID           string    `json:"id"`
	Ref          string    `json:"ref"`
	Title        string    `json:"title"`
	Type         string    `json:"type"`
	Status       string    `json:"status"`
	Version      string    `json:"version"`
	Owner        string    `json:"owner,omitempty"`
	ApprovedBy   string    `json:"approved_by,omitempty"`
	ApprovedOn   string    `json:"approved_on,omitempty"`
	ReviewDue    string    `json:"review_due,omitempty"`
	Template     string    `json:"template,omitempty"`
	ChangeNote   string    `json:"change_note,omitempty"`
	Distribution string    `json:"distribution,omitempty"`
	Body         string    `json:"body"`
	Versions     []Version `json:"versions"`
}

// Version is an approved version, frozen.
type Version struct {
	Ref        string `json:"ref"`
	Version    string `json:"version"`
	Title      string `json:"title"`
	SHA256     string `json:"sha256"`
	ApprovedBy string `json:"approved_by"`
	ApprovedOn string `json:"approved_on"`
	ChangeNote string `json:"change_note,omitempty"`
	Body       string `json:"body,omitempty"`
}

// Library works on the documents of one workspace, in a language: the language a new
// document's generated parts are filled in and the document pack is printed in. A document
// keeps the language it was generated in (its refresh follows its text, see BodyLanguage).
type Library struct {
	s    *store.Store
	lang string
}

// New returns the documents of a workspace, in English.
func New(s *store.Store) *Library { return &Library{s: s, lang: "en"} }

// NewIn returns the documents of a workspace in a language ("en" or "de"; anything else is
// English: the callers check the language the user gave with CheckLanguage).
func NewIn(s *store.Store, lang string) *Library {
	if CheckLanguage(lang) != nil {
		lang = "en"
	}
	return &Library{s: s, lang: lang}
}

// Language is the library's language.
func (l *Library) Language() string { return l.lang }

// StartInput says how a document starts.
type StartInput struct {
	Title string // empty: the template's
	Owner string
}

// Start makes a new draft document from a template, its placeholders filled from the workspace.
func (l *Library) Start(ctx context.Context, t Template, in StartInput) (*Document, error) {
	title := strings.TrimSpace(in.Title)
	if title == "" {
		title = t.Title
	}
	if title == "" {
		return nil, fault.New("documents.title_required", "title", "the document needs a title (the template has none)")
	}
	// a built-in template is filled in its own language; one of the user's own in the library's
	lang := t.Language
	if lang == "" {
		lang = l.lang
	}
	body, err := FillIn(ctx, l.s, t.Body, lang)
	if err != nil {
		return nil, err
	}
	body = withLanguage(body, lang)
	typ := t.Type
	if typ == "" {
		typ = "other"
	}
	input := map[string]any{"title": title, "policy_type": typ, "body": body, "version": "0.1", "owner": strings.TrimSpace(in.Owner)}
	if t.ID != "" {
		input["template"] = t.ID
	}
	var id string
	err = l.s.Write(ctx, func(tx *store.Tx) error {
		r, err := tx.Create("policy", input, store.Change{Note: "started from template " + t.ID})
		if err == nil {
			id = r.ID
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return l.Get(ctx, id)
}

// Get reads a document with its approved versions (their text left out).
func (l *Library) Get(ctx context.Context, key string) (*Document, error) {
	r, err := l.s.Get(ctx, "policy", key)
	if err != nil {
		return nil, err
	}
	d := &Document{ID: r.ID, Ref: r.Ref, Title: r.Title(), Type: str(r, "policy_type"), Status: r.Status, Version: str(r, "version"),
		Owner: str(r, "owner"), ApprovedBy: str(r, "approved_by"), ApprovedOn: str(r, "approved_on"), ReviewDue: str(r, "review_due"),
		Template: str(r, "template"), ChangeNote: str(r, "change_note"), Distribution: str(r, "distribution"), Body: str(r, "body")}
	vs, err := l.versions(ctx, r.ID, false)
	if err != nil {
		return nil, err
	}
	d.Versions = vs
	return d, nil
}

func (l *Library) versions(ctx context.Context, docID string, withBody bool) ([]Version, error) {
	page, err := l.s.List(ctx, "docversion", store.Query{Where: []store.Filter{{Field: "document", Op: "=", Value: docID}}, Sort: "created_at", Limit: -1})
	if err != nil {
		return nil, err
	}
	out := []Version{}
	for _, r := range page.Records {
		v := Version{Ref: r.Ref, Version: str(r, "version"), Title: r.Title(), SHA256: str(r, "sha256"), ApprovedBy: str(r, "approved_by"),
			ApprovedOn: str(r, "approved_on"), ChangeNote: str(r, "change_note")}
		if withBody {
			v.Body = str(r, "body")
		}
		out = append(out, v)
	}
	return out, nil
}

// Version reads an approved version with its text.
func (l *Library) Version(ctx context.Context, key, version string) (*Version, error) {
	d, err := l.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	vs, err := l.versions(ctx, d.ID, true)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Version == version {
			return &v, nil
		}
	}
	return nil, fault.New("documents.version_unknown", "version", "%s has no approved version %q (approved: %s)", d.Ref, version, versionNames(vs))
}

func versionNames(vs []Version) string {
	if len(vs) == 0 {
		return "none yet"
	}
	var out []string
	for _, v := range vs {
		out = append(out, v.Version)
	}
	return strings.Join(out, ", ")
}

// Refresh fills the generated parts of a draft again from the workspace, keeping the rest of
// its text. An approved document is frozen: its next draft is refreshed.
func (l *Library) Refresh(ctx context.Context, key string) (*Document, []string, error) {
	d, err := l.Get(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	if d.Status != "draft" {
		return nil, nil, fault.New("documents.not_draft", "status", "%s is %s: start a new draft to change it", d.Ref, d.Status)
	}
	body, changed, err := Refresh(ctx, l.s, d.Body)
	if err != nil {
		return nil, nil, err
	}
	if body != d.Body {
		err = l.s.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.Update("policy", d.ID, map[string]any{"body": body}, store.Change{Note: "generated parts refreshed"})
			return err
		})
		if err != nil {
			return nil, nil, err
		}
	}
	d, err = l.Get(ctx, key)
	return d, changed, err
}

// Edit writes a draft's text (and change note).
func (l *Library) Edit(ctx context.Context, key, body string, changeNote *string) (*Document, error) {
	d, err := l.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	if d.Status != "draft" {
		return nil, fault.New("documents.not_draft", "status", "%s is %s: start a new draft to change it", d.Ref, d.Status)
	}
	input := map[string]any{"body": body}
	if changeNote != nil {
		input["change_note"] = strings.TrimSpace(*changeNote)
	}
	err = l.s.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Update("policy", d.ID, input, store.Change{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return l.Get(ctx, key)
}

// ApproveInput is an approval.
type ApproveInput struct {
	By        string
	On        string // YYYY-MM-DD; empty: today
	Note      string // the change note of the version
	ReviewDue string // the next review; empty: a year after approval
}

// Approve approves a draft: it becomes the approved version, frozen as a docversion with the
// sha256 of its text, in one transaction.
func (l *Library) Approve(ctx context.Context, key string, in ApproveInput) (*Version, error) {
	by := strings.TrimSpace(in.By)
	if by == "" {
		return nil, fault.New("documents.approver_required", "approved_by", "name who approves the document")
	}
	on := strings.TrimSpace(in.On)
	if on == "" {
		on = l.s.Now().Format("2006-01-02")
	}
	var ref string
	err := l.s.Write(ctx, func(tx *store.Tx) error {
		r, err := tx.Get("policy", key)
		if err != nil {
			return err
		}
		if r.Status != "draft" {
			return fault.New("documents.not_draft", "status", "%s is %s: only a draft is approved", r.Ref, r.Status)
		}
		version := str(r, "version")
		if version == "" || version == "0.1" {
			version = "1.0"
		}
		existing, err := tx.List("docversion", store.Query{Where: []store.Filter{{Field: "document", Op: "=", Value: r.ID}, {Field: "version", Op: "=", Value: version}}, Limit: 1})
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			return fault.New("documents.version_taken", "version", "version %s of %s is approved already (%s): give the draft another version", version, r.Ref, existing[0].Ref)
		}
		note := strings.TrimSpace(in.Note)
		if note == "" {
			note = str(r, "change_note")
		}
		review := strings.TrimSpace(in.ReviewDue)
		if review == "" {
			if t, err := parseDate(on); err == nil {
				review = t.AddDate(1, 0, 0).Format("2006-01-02")
			}
		}
		body := str(r, "body")
		sum := sha256.Sum256([]byte(body))
		if _, err := tx.Update("policy", r.ID, map[string]any{"version": version, "approved_by": by, "approved_on": on, "review_due": review, "change_note": note},
			store.Change{}); err != nil {
			return err
		}
		if _, err := tx.Move("policy", r.ID, "approved", store.Change{Note: "approved by " + by}); err != nil {
			return err
		}
		v, err := tx.Create("docversion", map[string]any{"title": r.Title(), "document": r.ID, "version": version, "body": body,
			"sha256": hex.EncodeToString(sum[:]), "approved_by": by, "approved_on": on, "change_note": note}, store.Change{})
		if err == nil {
			ref = v.Ref
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	d, err := l.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	for _, v := range d.Versions {
		if v.Ref == ref {
			return &v, nil
		}
	}
	return nil, fmt.Errorf("approved version %s not found", ref)
}

// NewDraft starts the next version of an approved document: the document is a draft again,
// its version the next one; the approved version stays readable as it was approved.
func (l *Library) NewDraft(ctx context.Context, key string) (*Document, error) {
	err := l.s.Write(ctx, func(tx *store.Tx) error {
		r, err := tx.Get("policy", key)
		if err != nil {
			return err
		}
		if r.Status != "approved" {
			return fault.New("documents.not_approved", "status", "%s is %s: a new draft starts from an approved document", r.Ref, r.Status)
		}
		if _, err := tx.Move("policy", r.ID, "draft", store.Change{Note: "next version started"}); err != nil {
			return err
		}
		_, err = tx.Update("policy", r.ID, map[string]any{"version": nextVersion(str(r, "version")), "change_note": ""}, store.Change{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return l.Get(ctx, key)
}

// nextVersion is the version after v: 1.0 → 2.0, 3 → 4; anything else gains ".1".
func nextVersion(v string) string {
	major, rest, _ := strings.Cut(v, ".")
	if n, err := strconv.Atoi(major); err == nil {
		if rest == "" {
			return strconv.Itoa(n + 1)
		}
		return strconv.Itoa(n+1) + ".0"
	}
	return v + ".1"
}

// Diff shows what changed between two versions of a document, line by line (unified diff);
// to "" is the current text.
func (l *Library) Diff(ctx context.Context, key, from, to string) (string, error) {
	d, err := l.Get(ctx, key)
	if err != nil {
		return "", err
	}
	text := func(version string) (string, string, error) {
		if version == "" {
			return d.Body, fmt.Sprintf("%s %s (%s)", d.Ref, d.Version, d.Status), nil
		}
		v, err := l.Version(ctx, key, version)
		if err != nil {
			return "", "", err
		}
		return v.Body, fmt.Sprintf("%s %s (approved %s)", d.Ref, v.Version, v.ApprovedOn), nil
	}
	if from == "" {
		if len(d.Versions) == 0 {
			return "", fault.New("documents.version_unknown", "version", "%s has no approved version to compare with", d.Ref)
		}
		from = d.Versions[len(d.Versions)-1].Version
	}
	a, an, err := text(from)
	if err != nil {
		return "", err
	}
	b, bn, err := text(to)
	if err != nil {
		return "", err
	}
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: difflib.SplitLines(a), B: difflib.SplitLines(b), FromFile: an, ToFile: bn, Context: 2})
}

func str(r *store.Record, field string) string { s, _ := r.Values[field].(string); return s }

func parseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
