package compliance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Suggestion is what the workbench proposes for one clause: for each of the clause's evidence
// rules, the records that satisfy it, and what is missing or stale.
type Suggestion struct {
	Clause string  `json:"clause"`
	Title  string  `json:"title"`
	Checks []Check `json:"checks"`
	// Proposed are the records found that the assessment does not link yet.
	Proposed []store.Link `json:"proposed"`
	Gaps     int          `json:"gaps"` // checks that are missing or stale
}

// Check is the outcome of one evidence rule.
type Check struct {
	Rule  string       `json:"rule"`  // what the rule looks for
	State string       `json:"state"` // ok, missing or stale
	Text  string       `json:"text"`  // what was found, or what is missing
	Total int          `json:"total"` // records that satisfy the rule
	Found []store.Link `json:"found"` // the latest of them (at most five)
}

// Check states.
const (
	OK      = "ok"
	Missing = "missing"
	Stale   = "stale"
)

// shown is how many records a check lists; Total says how many there are.
const shown = 5

// rule is one evidence rule of a clause: what an auditor looks for, and how the workspace shows it.
type rule struct {
	clause string
	what   string // "an approved change management policy"
	check  func(q *query, r rule) Check
	// edition, when set, is the edition that asks for the rule (Amd 1:2024's climate change):
	// an assessment against another edition does not run it.
	edition string
}

// query reads the workspace for the rules.
type query struct {
	ctx  context.Context
	s    *store.Store
	now  time.Time
	err  error
	seen map[string]*store.Page // rules of several clauses ask the same
	lang string                 // the language of the texts (i18n.Lang of ctx)
}

// tr is a text in the query's language.
func (q *query) tr(format string, args ...any) string { return i18n.Tr(q.lang, format, args...) }

// figure is a number as the query's language writes it ("99.5", "99,5").
func (q *query) figure(v any) string {
	s := fmt.Sprint(v)
	if q.lang == "de" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// date is a date value as the query's language writes it.
func (q *query) date(v any) string { return i18n.Date(q.lang, fmt.Sprint(v)) }

// state is a record's state: its name in English, its label in another language.
func (q *query) state(r *store.Record) string {
	return schema.StateWord(r.Kind, r.Status).Localize(q.lang)
}

// enum is an enum value of a record's field: the value in English, its label in another language.
func (q *query) enum(r *store.Record, field, value string) string {
	return schema.Word{Path: "enum." + r.Kind + "." + field + "." + value, English: value}.Localize(q.lang)
}

// plural is a kind's plural as a sentence writes it: "incidents", "Störungen".
func (q *query) plural(kind string) string {
	if k, ok := q.s.Registry().Kind(kind); ok {
		if q.lang != "en" {
			return k.PluralWord().Localize(q.lang)
		}
		return lower(k.Plural)
	}
	return kind
}

func (q *query) today() string { return q.now.Format("2006-01-02") }

// ago is the date a number of months before now.
func (q *query) ago(months int) string { return q.now.AddDate(0, -months, 0).Format("2006-01-02") }

// list reads a kind; errors are kept for the caller (a rule never fails alone).
func (q *query) list(kind string, sort string, limit int, where ...store.Filter) *store.Page {
	if q.err != nil {
		return &store.Page{}
	}
	for i, f := range where {
		if m, ok := f.Value.(monthsAgo); ok {
			where = slices.Clone(where)
			where[i].Value = q.ago(int(m))
		}
	}
	key := fmt.Sprint(kind, sort, limit, where)
	if p, ok := q.seen[key]; ok {
		return p
	}
	p, err := q.s.List(q.ctx, kind, store.Query{Where: where, Sort: sort, Limit: limit})
	if err != nil {
		q.err = fmt.Errorf("evidence rule on %s: %w", kind, err)
		return &store.Page{}
	}
	if q.seen == nil {
		q.seen = map[string]*store.Page{}
	}
	q.seen[key] = p
	return p
}

// monthsAgo, as a filter's value, is the date that many months before the rules' now.
type monthsAgo int

func eq(field string, v any) store.Filter  { return store.Filter{Field: field, Op: "=", Value: v} }
func ne(field string, v any) store.Filter  { return store.Filter{Field: field, Op: "!=", Value: v} }
func gte(field string, v any) store.Filter { return store.Filter{Field: field, Op: ">=", Value: v} }
func lt(field string, v any) store.Filter  { return store.Filter{Field: field, Op: "<", Value: v} }
func set(field string) store.Filter        { return store.Filter{Field: field, Op: "!=", Value: ""} }

func links(recs []*store.Record) []store.Link {
	out := []store.Link{}
	for _, r := range recs {
		out = append(out, store.Link{ID: r.ID, Ref: r.Ref, Title: r.Title(), Kind: r.Kind})
	}
	return out
}

// need is the common shape of a rule: records of a kind that meet conditions, optionally
// dated within the last months (else stale), optionally with their next review not yet past.
type need struct {
	kind   string
	where  []store.Filter
	date   string // the field that must fall within the window
	months int    // the window; 0 for none
	review bool   // a record whose review_due has passed makes the check stale
	noun   string // plural, for the message: "approved change policies"
	// lapsed, when set, says why a record that meets where no longer counts ("ended 2025-06-30":
	// an expired contract still marked active): such records are left out, and make the check
	// stale. The kind's records meeting where are then read whole, so it serves small registers.
	lapsed func(q *query, r *store.Record) string
}

// has builds a rule from a need.
func has(clause, what string, n need) rule {
	return rule{clause: clause, what: what, check: func(q *query, r rule) Check { return n.check(q, r) }}
}

func (n need) check(q *query, r rule) Check {
	sort := "" // newest first
	if n.date != "" {
		sort = "-" + n.date
	}
	noun := q.tr(n.noun)
	if n.noun == "" {
		noun = q.plural(n.kind)
	}
	var c Check
	if n.lapsed != nil {
		all := q.list(n.kind, sort, -1, n.where...)
		c = Check{Rule: q.tr(r.what), Found: []store.Link{}}
		var why []string
		for _, rec := range all.Records {
			if w := n.lapsed(q, rec); w != "" {
				why = append(why, rec.Ref+" "+w)
				continue
			}
			c.Total++
			if len(c.Found) < shown {
				c.Found = append(c.Found, links([]*store.Record{rec})...)
			}
		}
		switch {
		case c.Total == 0 && len(why) == 0:
			c.State, c.Text = Missing, q.tr("none found")
			return c
		case c.Total == 0:
			c.State, c.Text = Missing, q.tr("none that counts: %s", q.joinShort(why))
			return c
		case len(why) > 0:
			c.State, c.Text = Stale, q.tr("%d %s; %d that no longer count: %s", c.Total, noun, len(why), q.joinShort(why))
		default:
			c.State, c.Text = OK, q.tr("%d %s", c.Total, noun)
		}
	} else if n.months > 0 {
		// The records of the window first: the whole register is read only when the window
		// is empty, to say how old the latest record is.
		recent := q.list(n.kind, sort, shown, append(slices.Clone(n.where), gte(n.date, q.ago(n.months)))...)
		c = Check{Rule: q.tr(r.what), Total: recent.Total, Found: links(recent.Records)}
		if recent.Total == 0 {
			all := q.list(n.kind, sort, 1, append(slices.Clone(n.where), set(n.date))...) // undated records are no evidence
			if all.Total == 0 {
				c.State, c.Text = Missing, q.tr("none found")
				return c
			}
			last := all.Records[0]
			c.State = Stale
			c.Text = q.tr("the latest of %d %s, %s, is dated %s: none in the last %d months", all.Total, noun, last.Ref, q.date(last.Values[n.date]), n.months)
			return c
		}
		c.State, c.Text = OK, q.tr("%d %s in the last %d months", recent.Total, noun, n.months)
	} else {
		all := q.list(n.kind, sort, shown, n.where...)
		c = Check{Rule: q.tr(r.what), Total: all.Total, Found: links(all.Records)}
		if all.Total == 0 {
			c.State, c.Text = Missing, q.tr("none found")
			return c
		}
		c.State, c.Text = OK, q.tr("%d %s", all.Total, noun)
	}
	if n.review {
		// Controlled information has a review cycle: past its date, or without one, it is not
		// shown to be kept current.
		overdue := q.list(n.kind, "review_due", shown, append(slices.Clone(n.where), set("review_due"), lt("review_due", q.today()))...)
		if overdue.Total > 0 {
			c.State = Stale
			c.Text += q.tr("; %d past their review date (%s due %s)", overdue.Total, overdue.Records[0].Ref, q.date(overdue.Records[0].Values["review_due"]))
		}
		undated := q.list(n.kind, "ref", shown, append(slices.Clone(n.where), eq("review_due", ""))...)
		if undated.Total > 0 {
			c.State = Stale
			c.Text += q.tr("; %d with no review date (%s)", undated.Total, undated.Records[0].Ref)
		}
	}
	return c
}

// eachWhere builds a rule that every record of a kind meeting where must pass, when failing
// can be said as more conditions (fail): it counts, so it costs the same on 100,000 records.
func eachWhere(clause, what, kind string, where, fail []store.Filter, why string) rule {
	return rule{clause: clause, what: what, check: func(q *query, r rule) Check {
		// Both lists in the same order (newest first), so that every failing record among the
		// first of all is among the first failing ones, and is not listed as found.
		all := q.list(kind, "", shown+3, where...)
		failing := q.list(kind, "", shown+3, append(slices.Clone(where), fail...)...)
		c := Check{Rule: q.tr(what), Total: all.Total - failing.Total, Found: []store.Link{}}
		bad := map[string]bool{}
		var texts []string
		for _, f := range failing.Records {
			bad[f.ID] = true
			if len(texts) < 3 {
				texts = append(texts, q.tr(why, f.Ref))
			}
		}
		for _, l := range links(all.Records) {
			if !bad[l.ID] && len(c.Found) < shown {
				c.Found = append(c.Found, l)
			}
		}
		plural := q.plural(kind)
		switch {
		case all.Total == 0:
			c.State, c.Text = Missing, q.tr("none found")
		case failing.Total == 0:
			c.State, c.Text = OK, q.tr("all %d %s pass", all.Total, plural)
		default:
			c.State = Stale
			more := ""
			if failing.Total > len(texts) {
				more = q.tr("; and %d more", failing.Total-len(texts))
			}
			c.Text = q.tr("%d of %d %s fall short: %s", failing.Total, all.Total, plural, strings.Join(texts, "; ")+more)
		}
		return c
	}}
}

// each builds a rule that every record of a kind meeting where must pass: the check lists the
// records that fail (missing when none pass, stale when some fail).
func each(clause, what string, kind string, where []store.Filter, fails func(q *query, r *store.Record) string) rule {
	return rule{clause: clause, what: what, check: func(q *query, r rule) Check {
		page := q.list(kind, "ref", -1, where...)
		c := Check{Rule: q.tr(what), Found: []store.Link{}}
		var failed []string
		for _, rec := range page.Records {
			if why := fails(q, rec); why != "" {
				failed = append(failed, why)
			} else {
				c.Total++
				if len(c.Found) < shown {
					c.Found = append(c.Found, links([]*store.Record{rec})...)
				}
			}
		}
		plural := q.plural(kind)
		switch {
		case len(page.Records) == 0:
			c.State, c.Text = Missing, q.tr("none found")
		case len(failed) == 0:
			c.State, c.Text = OK, q.tr("all %d %s pass", c.Total, plural)
		default:
			c.State = Stale
			c.Text = q.tr("%d of %d %s fall short: %s", len(failed), len(page.Records), plural, q.joinShort(failed))
		}
		return c
	}}
}

func lower(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' && (len(b) < 2 || b[1] < 'A' || b[1] > 'Z') {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

func (q *query) joinShort(list []string) string {
	const max = 3
	out := ""
	for i, s := range list {
		if i == max {
			return out + q.tr("; and %d more", len(list)-max)
		}
		if i > 0 {
			out += "; "
		}
		out += s
	}
	return out
}

// Suggest runs the evidence rules of one clause, or of every clause when clause is "". With an
// assessment, it also lists the records found that the assessment does not link yet.
func (w *Workbench) Suggest(ctx context.Context, assessment, clause string) ([]Suggestion, error) {
	clauses := catalogue.AssessedClauses()
	if clause != "" {
		c, ok := catalogue.Lookup(clause)
		if !ok {
			return nil, unknownClause(clause)
		}
		// A group heading has no rules of its own: those of its requirements answer for it.
		clauses = nil
		for _, r := range catalogue.AssessedClauses() {
			if r.ID == c.ID || strings.HasPrefix(r.ID, c.ID+".") {
				clauses = append(clauses, r)
			}
		}
	}
	linked := map[string][]string{}
	edition := ""
	if assessment != "" {
		a, err := w.Show(ctx, assessment)
		if err != nil {
			return nil, err
		}
		edition = a.Edition
		for _, c := range a.Clauses {
			for _, l := range c.Evidence {
				linked[c.Clause] = append(linked[c.Clause], l.ID)
			}
		}
	}
	q := &query{ctx: ctx, s: w.s, now: w.s.Now(), lang: i18n.Lang(ctx)}
	out := []Suggestion{}
	for _, c := range clauses {
		sg := Suggestion{Clause: c.ID, Title: c.Title, Checks: []Check{}, Proposed: []store.Link{}}
		seen := map[string]bool{}
		for _, r := range rulesOf(c.ID) {
			if r.edition != "" && edition != "" && r.edition != edition {
				continue
			}
			ch := r.check(q, r)
			if q.err != nil {
				return nil, q.err
			}
			if ch.State != OK {
				sg.Gaps++
			}
			for _, l := range ch.Found {
				if !seen[l.ID] && !slices.Contains(linked[c.ID], l.ID) {
					seen[l.ID] = true
					sg.Proposed = append(sg.Proposed, l)
				}
			}
			sg.Checks = append(sg.Checks, ch)
		}
		out = append(out, sg)
	}
	return out, nil
}

func rulesOf(clause string) []rule {
	var out []rule
	for _, r := range rules {
		if r.clause == clause {
			out = append(out, r)
		}
	}
	return out
}
