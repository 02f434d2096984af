package auditpack

import (
	"fmt"
	"math"
	"strings"
	"time"

	"smsworkbench/internal/audit"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// text is a text-like field's value ("" when unset or not text).
func text(r *store.Record, field string) string { s, _ := r.Values[field].(string); return s }

// firstParagraph is the text up to its first blank line, at most 600 characters.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 600 {
		s = string(r[:599]) + "…"
	}
	return s
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// --- the pack's words, in its language ---

// lang is the language the pack is written in.
func (p *Pack) lang() string { return p.Opt.Language }

// tr is an English text of the pack in its language (package i18n).
func (p *Pack) tr(format string, args ...any) string { return i18n.Tr(p.lang(), format, args...) }

// trs is a list of texts in the pack's language: a table's headers.
func (p *Pack) trs(texts ...string) []string { return i18n.Trs(p.lang(), texts...) }

// word is a label path of the registers (schema's labels) in the pack's language, or english.
func (p *Pack) word(path, english string) string {
	if w := p.words[path]; w != "" {
		return w
	}
	return english
}

// label is an enum field's value of a record as its label ("3" of a likelihood reads "Possible").
func (p *Pack) label(r *store.Record, field string) string {
	v := r.Values[field]
	if v == nil {
		return ""
	}
	return p.enum(r.Kind, field, fmt.Sprint(v))
}

// enum is the label of a value of an enum field of a kind.
func (p *Pack) enum(kind, field, value string) string {
	english := value
	if k, ok := schema.Default.Kind(kind); ok {
		if f, ok := k.Field(field); ok {
			for _, e := range f.Enum {
				if e.Value == value {
					english = e.Label
				}
			}
		}
	}
	return p.word("enum."+kind+"."+field+"."+value, english)
}

// state is the label of a workflow state of a kind.
func (p *Pack) state(kind, state string) string {
	english := state
	if k, ok := schema.Default.Kind(kind); ok && k.Workflow != nil {
		for _, s := range k.Workflow.States {
			if s.Name == state {
				english = s.Label
			}
		}
	}
	return p.word("state."+kind+"."+state, english)
}

// result is the label of a clause's result.
func (p *Pack) result(r string) string { return catalogue.Word(p.lang(), "result", r) }

// grade is the label of a finding's grade.
func (p *Pack) grade(g string) string { return catalogue.Word(p.lang(), "grade", g) }

// group is the title of a clause group.
func (p *Pack) group(id, english string) string {
	if w := catalogue.Word(p.lang(), "group", id); w != id && w != english {
		return w
	}
	return p.clauseTitle(id, english) // a group below the top level is a clause: "8.2"
}

// clauseTitle is a clause's title in the pack's language.
func (p *Pack) clauseTitle(id, english string) string {
	if c, ok := catalogue.ClauseIn(p.lang(), id); ok {
		return c.Title
	}
	return english
}

// pct is a percentage with one decimal.
func (p *Pack) pct(v float64) string { return i18n.Percent(p.lang(), v) }

// num is a whole number with the language's thousands separator.
func (p *Pack) num(v float64) string { return i18n.Number(p.lang(), v, 0) }

// date is an ISO date as the language writes it.
func (p *Pack) date(iso string) string { return i18n.Date(p.lang(), iso) }

// when is an RFC 3339 time in the machine's zone as the language writes it.
func (p *Pack) when(rfc3339 string) string {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return rfc3339
	}
	return i18n.DateTime(p.lang(), t.In(time.Local))
}

// dateRange is a period "from – to", either end open.
func (p *Pack) dateRange(from, to string) string {
	from, to = p.date(from), p.date(to)
	switch {
	case from == "" && to == "":
		return ""
	case to == "":
		return from + " –"
	case from == "":
		return "– " + to
	}
	return from + " – " + to
}

// money is an amount, whole, with its currency.
func (p *Pack) money(amount, currency string) string {
	var f float64
	if _, err := fmt.Sscan(amount, &f); err != nil {
		return amount
	}
	return strings.TrimSpace(currency + " " + p.num(f))
}

// moneyDecimals is a money value with its cents: "EUR 1,234.50", "EUR 1.234,50".
func (p *Pack) moneyDecimals(m schema.MoneyValue) string {
	var f float64
	if _, err := fmt.Sscan(m.Amount, &f); err != nil {
		return strings.TrimSpace(m.Currency + " " + m.Amount)
	}
	return strings.TrimSpace(m.Currency + " " + i18n.Number(p.lang(), f, 2))
}

// yesNo is yes or no in the pack's language.
func (p *Pack) yesNo(b bool) string {
	if b {
		return p.tr("yes")
	}
	return p.tr("no")
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// issueStatus says which version of the audit report this is, and whether it is signed.
func (p *Pack) issueStatus(i audit.Issue) string {
	if i.Final {
		return p.tr("final, version %d, signed by %s on %s", i.Version, i.SignedBy, p.when(i.SignedAt))
	}
	return p.tr("draft of version %d (not signed)", i.Version)
}

// where is where a session of the agenda is held.
func (p *Pack) where(s audit.Session) string {
	switch {
	case s.Remote && s.Place != "":
		return p.tr("%s (remote)", s.Place)
	case s.Remote:
		return p.tr("remote")
	}
	return s.Place
}

// recommendation is the lead auditor's recommendation as a sentence.
func (p *Pack) recommendation(r string) string {
	switch r {
	case "recommended":
		return p.tr("The lead auditor recommends certification.")
	case "after_plan":
		return p.tr("The lead auditor recommends certification once the correction plans of the minor nonconformities are accepted.")
	case "not_recommended":
		return p.tr("The lead auditor does not recommend certification until the major nonconformities are closed and their correction verified.")
	}
	return ""
}

// verdict is the auditor's verdict on a sampled record.
func (p *Pack) verdict(conforms string) string {
	switch conforms {
	case "yes":
		return p.tr("conforms")
	case "no":
		return p.tr("DOES NOT CONFORM")
	}
	return p.tr("not judged")
}

// stage1State is a state of the stage-1 checklist as the pack prints it.
func (p *Pack) stage1State(state string) string {
	switch state {
	case compliance.DocHeld:
		return p.tr("held")
	case compliance.DocNotCurrent:
		return p.tr("not current")
	case compliance.DocAttached:
		return p.tr("attached file")
	case compliance.DocNoInstance:
		return p.tr("no instance")
	case compliance.DocNone:
		return p.tr("none recorded")
	case compliance.DocMissing:
		return p.tr("MISSING")
	}
	return state
}

// evidenceText is a finding's objective evidence and the records it names.
func (p *Pack) evidenceText(s audit.Statement) string {
	parts := []string{}
	if e := strings.TrimSpace(s.Evidence); e != "" {
		if !strings.HasSuffix(e, ".") {
			e += "."
		}
		parts = append(parts, e)
	}
	var recs []string
	for _, l := range s.Records {
		t := l.Ref
		if l.Title != "" {
			t += " " + l.Title
		}
		recs = append(recs, t)
	}
	if len(recs) > 0 {
		parts = append(parts, p.tr("Records: %s.", strings.Join(recs, "; ")))
	}
	return strings.Join(parts, " ")
}

// withDue is a text with its due date.
func (p *Pack) withDue(text, due string) string {
	if text == "" {
		return ""
	}
	if due != "" {
		return p.tr("%s (due %s)", text, p.date(due))
	}
	return text
}

// plural is a register kind's plural ("incidents") in the pack's language.
func (p *Pack) plural(kind string) string {
	english := kind
	if k, ok := schema.Default.Kind(kind); ok {
		english = k.Plural
	}
	return p.word("kind."+kind+".plural", english)
}

// question is a checklist question without its lead-in; a question the catalogue asks ("e2":
// its second evidence hint) in the pack's language.
func (p *Pack) question(q audit.Question) string {
	var n int
	if _, err := fmt.Sscanf(q.Key, "e%d", &n); err == nil && p.lang() != "en" {
		if c, ok := catalogue.ClauseIn(p.lang(), q.Clause); ok && n >= 1 && n <= len(c.Evidence) {
			return c.Evidence[n-1]
		}
	}
	// The lead-in as the audit wrote it, in the pack's language (or English).
	for _, lead := range []string{"Ask to see: ", "Check in the registers: ", p.tr("Ask to see: "), p.tr("Check in the registers: ")} {
		if rest, ok := strings.CutPrefix(q.Question, lead); ok {
			return rest
		}
	}
	return q.Question
}

// answer is a checklist answer (yes, partly, no) in the pack's language.
func (p *Pack) answer(a string) string {
	switch a {
	case "yes":
		return p.tr("yes")
	case "partly":
		return p.tr("partly")
	case "no":
		return p.tr("no")
	}
	return a
}

// docType is the type of a piece of documented information: a document, or a record.
func (p *Pack) docType(t string) string {
	switch t {
	case "document":
		return p.tr("document")
	case "record":
		return p.tr("record")
	}
	return t
}

// kindLabel is a register kind's name ("audit") in the pack's language.
func (p *Pack) kindLabel(kind string) string {
	english := kind
	if k, ok := schema.Default.Kind(kind); ok {
		english = k.Label
	}
	return p.word("kind."+kind+".label", english)
}
