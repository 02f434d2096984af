package audit

import (
	"fmt"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/i18n"
)

// summarize writes the executive summary of a report from its records, paragraph by paragraph,
// as a lead auditor would: what was done, what was found across the requirements, the
// strengths, the key findings, the conclusion. It lists no clause that was merely not assessed
// beyond naming the first few. It writes in lang.
func summarize(lang string, c *Content) []string {
	var out []string
	out = append(out, whatWasDone(lang, c))
	out = append(out, resultsFound(lang, c))
	if s := strengths(lang, c); s != "" {
		out = append(out, s)
	}
	out = append(out, keyFindings(lang, c))
	out = append(out, conclusion(lang, c))
	return out
}

// auditName is a type of audit as the summary's first sentence names it: "an internal audit".
func auditName(lang, kind string) string {
	switch kind {
	case "gap":
		return tr(lang, "a gap assessment")
	case "internal":
		return tr(lang, "an internal audit")
	case "supplier":
		return tr(lang, "a supplier audit")
	}
	return tr(lang, "an audit")
}

func whatWasDone(lang string, c *Content) string {
	p := c.Plan
	who := p.Lead
	if who == "" {
		who = tr(lang, "The audit team")
	}
	s := tr(lang, "%s led %s of the service management system", who, auditName(lang, p.Type))
	if p.Scope != "" {
		s += tr(lang, " (scope: %s)", strings.TrimSuffix(firstLine(p.Scope), "."))
	}
	switch {
	case p.Start != "" && p.End != "" && p.End != p.Start:
		s += tr(lang, " from %s to %s", longDate(lang, p.Start), longDate(lang, p.End))
	case p.Start != "":
		s += tr(lang, " on %s", longDate(lang, p.Start))
	}
	s += tr(lang, " against %s.", strings.TrimSuffix(strings.SplitN(p.Criteria, ";", 2)[0], "."))
	held, planned := 0, 0
	for _, ses := range p.Sessions {
		switch ses.Status {
		case "held":
			held++
			planned++
		case "planned":
			planned++
		}
	}
	var did []string
	switch {
	case planned == 0:
	case planned == 1 && held == 0:
		did = append(did, tr(lang, "has not held its one planned session yet"))
	case planned == 1:
		did = append(did, tr(lang, "held its one planned session"))
	case held == 0:
		did = append(did, tr(lang, "has held none of the %s planned sessions yet", words(lang, planned)))
	case held == 1:
		did = append(did, tr(lang, "held one of the %s planned sessions", words(lang, planned)))
	default:
		did = append(did, tr(lang, "held %s of the %s planned sessions", words(lang, held), words(lang, planned)))
	}
	people := map[string]bool{}
	for _, iv := range c.Interviews {
		people[strings.ToLower(iv.Person)] = true
	}
	if len(people) > 0 {
		did = append(did, tr(lang, "interviewed %s", count(lang, len(people), tr(lang, "one person"), tr(lang, "%s people"))))
	}
	if n := len(c.Samples); n > 0 {
		records, failed := int64(0), int64(0)
		for _, sm := range c.Samples {
			records += sm.Size
			failed += sm.Failed
		}
		samples := count(lang, n, tr(lang, "one sample"), tr(lang, "%s samples"))
		var t string
		if records == 1 {
			t = tr(lang, "examined %s of one record", samples)
		} else {
			t = tr(lang, "examined %s of %s records", samples, words(lang, int(records)))
		}
		switch {
		case failed == 1:
			t += tr(lang, ", one of which did not conform")
		case failed > 0:
			t += tr(lang, ", %s of which did not conform", words(lang, int(failed)))
		}
		did = append(did, t)
	}
	if len(did) > 0 {
		s += tr(lang, " The team %s.", joinAnd(lang, did))
	}
	return s
}

func resultsFound(lang string, c *Content) string {
	counts := map[string]int{}
	var notAssessed []string
	total := 0
	for _, cr := range c.Assessment.Clauses {
		if cr.Rollup {
			continue
		}
		total++
		counts[cr.Result]++
		if cr.Result == catalogue.NotAssessed {
			notAssessed = append(notAssessed, cr.Clause)
		}
	}
	if counts[catalogue.NotAssessed] == total {
		return tr(lang, "None of the %d requirements of ISO/IEC 20000-1 has been assessed yet.", total)
	}
	var parts []string
	if n := counts[catalogue.Conformant]; n > 0 {
		parts = append(parts, tr(lang, "%d conformant", n))
	}
	if n := counts[catalogue.PartiallyConformant]; n > 0 {
		parts = append(parts, tr(lang, "%d partially conformant", n))
	}
	if n := counts[catalogue.Nonconformant]; n > 0 {
		parts = append(parts, tr(lang, "%d nonconformant", n))
	}
	var s string
	if len(parts) > 0 {
		s = tr(lang, "Of the %d requirements of ISO/IEC 20000-1, %s were found", total, joinAnd(lang, parts))
	} else {
		s = tr(lang, "Of the %d requirements of ISO/IEC 20000-1, none was found conformant or not", total)
	}
	var more []string
	switch n := counts[catalogue.OtherParty]; {
	case n == 1:
		more = append(more, tr(lang, "%d is fulfilled by another party", n))
	case n > 1:
		more = append(more, tr(lang, "%d are fulfilled by another party", n))
	}
	switch n := counts[catalogue.NoInstance]; {
	case n == 1:
		more = append(more, tr(lang, "1 had no instance in the period"))
	case n > 1:
		more = append(more, tr(lang, "%d had no instance in the period", n))
	}
	switch n := counts[catalogue.NotApplicable]; {
	case n == 1:
		more = append(more, tr(lang, "1 marked not applicable in an older assessment await a decision (the standard allows no exclusion)"))
	case n > 1:
		more = append(more, tr(lang, "%d marked not applicable in an older assessment await a decision (the standard allows no exclusion)", n))
	}
	if len(more) > 0 {
		s += "; " + joinAnd(lang, more)
	}
	s += "."
	switch n := len(notAssessed); {
	case n == 1:
		s += " " + tr(lang, "One requirement was not assessed in this audit (%s).", few(lang, notAssessed, 6))
	case n > 1:
		s += " " + tr(lang, "%s requirements were not assessed in this audit (%s).", capital(words(lang, n)), few(lang, notAssessed, 6))
	}
	if a := c.Assessment; a != nil {
		blockers := count(lang, int(a.Blockers), tr(lang, "one certification blocker"), tr(lang, "%s certification blockers"))
		s += " " + tr(lang, "The readiness score is %s, with %s in the results.", i18n.Percent(lang, a.Readiness), blockers)
	}
	return s
}

func strengths(lang string, c *Content) string {
	var strong []string
	for _, cr := range c.Assessment.Clauses {
		if !cr.Rollup && cr.Result == catalogue.Conformant && cr.Maturity != nil && *cr.Maturity >= 4 {
			title := cr.Title
			if lang == "en" {
				title = lowerFirst(title) // within an English sentence; German keeps its nouns' capitals
			}
			strong = append(strong, tr(lang, "%s (%s, maturity %d)", title, cr.Clause, *cr.Maturity))
		}
	}
	if len(strong) == 0 {
		return ""
	}
	if len(strong) == 1 {
		return tr(lang, "A strength of the system is %s.", strong[0])
	}
	return tr(lang, "Strengths of the system are %s%s.", joinAnd(lang, firstN(strong, 4)), moreText(lang, len(strong), 4))
}

func keyFindings(lang string, c *Content) string {
	byGrade := map[string][]Statement{}
	for _, s := range c.Statements {
		byGrade[s.Grade] = append(byGrade[s.Grade], s)
	}
	var parts []string
	for _, g := range []struct{ grade, one, many string }{
		{catalogue.Major, tr(lang, "one major nonconformity"), tr(lang, "%s major nonconformities")},
		{catalogue.Minor, tr(lang, "one minor nonconformity"), tr(lang, "%s minor nonconformities")},
	} {
		list := byGrade[g.grade]
		if len(list) == 0 {
			continue
		}
		var named []string
		for _, s := range firstN(list, 3) {
			named = append(named, fmt.Sprintf("%s: %s", s.Clause, strings.TrimSuffix(s.Title, ".")))
		}
		parts = append(parts, fmt.Sprintf("%s (%s%s)", count(lang, len(list), g.one, g.many), strings.Join(named, "; "), moreText(lang, len(list), 3)))
	}
	if n := len(byGrade[catalogue.Observation]); n > 0 {
		parts = append(parts, count(lang, n, tr(lang, "one observation"), tr(lang, "%s observations")))
	}
	if n := len(byGrade[catalogue.OFI]); n > 0 {
		parts = append(parts, count(lang, n, tr(lang, "one opportunity for improvement"), tr(lang, "%s opportunities for improvement")))
	}
	if len(parts) == 0 {
		return tr(lang, "The audit raised no finding.")
	}
	s := tr(lang, "The audit raised %s.", joinAnd(lang, parts))
	if len(byGrade[catalogue.Major]) > 0 {
		s += " " + tr(lang, "A major nonconformity stands in the way of certification until it is closed and its correction verified.")
	} else if len(byGrade[catalogue.Minor]) > 0 {
		s += " " + tr(lang, "Minor nonconformities need a correction plan accepted by the auditor.")
	}
	return s
}

// RecommendationText is how the report words a recommendation, in lang.
func RecommendationText(lang, r string) string {
	switch r {
	case "recommended":
		return tr(lang, "The lead auditor recommends certification.")
	case "after_plan":
		return tr(lang, "The lead auditor recommends certification once the correction plans of the minor nonconformities are accepted.")
	case "not_recommended":
		return tr(lang, "The lead auditor does not recommend certification until the major nonconformities are closed and their correction verified.")
	}
	return ""
}

func conclusion(lang string, c *Content) string {
	s := strings.TrimSpace(c.Conclusion)
	if s == "" {
		s = tr(lang, "The lead auditor's conclusion is not written yet.")
	} else if !strings.HasSuffix(s, ".") {
		s += "."
	}
	if r := RecommendationText(lang, c.Recommendation); r != "" {
		s += " " + r
	}
	return s
}

func firstN[T any](list []T, n int) []T {
	if len(list) > n {
		return list[:n]
	}
	return list
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lowerFirst(s string) string {
	if len(s) < 2 || strings.ToUpper(s[:2]) == s[:2] { // keep "SLA", "IT"
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func firstLine(s string) string {
	return strings.TrimSpace(strings.SplitN(strings.TrimSpace(s), "\n", 2)[0])
}

func parseDay(d string) (time.Time, error) { return time.Parse("2006-01-02", d) }
