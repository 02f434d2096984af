package audit

import (
	"fmt"
	"strings"
	"time"

	"smsworkbench/internal/compliance/catalogue"
)

// summarize writes the executive summary of a report from its records, paragraph by paragraph,
// as a lead auditor would: what was done, what was found across the requirements, the
// strengths, the key findings, the conclusion. It lists no clause that was merely not assessed
// beyond naming the first few.
func summarize(c *Content) []string {
	var out []string
	out = append(out, whatWasDone(c))
	out = append(out, resultsFound(c))
	if s := strengths(c); s != "" {
		out = append(out, s)
	}
	out = append(out, keyFindings(c))
	out = append(out, conclusion(c))
	return out
}

var auditNames = map[string]string{"gap": "a gap assessment", "internal": "an internal audit", "supplier": "a supplier audit"}

func whatWasDone(c *Content) string {
	p := c.Plan
	who := p.Lead
	if who == "" {
		who = "The audit team"
	}
	kind := auditNames[p.Type]
	if kind == "" {
		kind = "an audit"
	}
	s := fmt.Sprintf("%s led %s of the service management system", who, kind)
	if p.Scope != "" {
		s += " (scope: " + strings.TrimSuffix(firstLine(p.Scope), ".") + ")"
	}
	switch {
	case p.Start != "" && p.End != "" && p.End != p.Start:
		s += fmt.Sprintf(" from %s to %s", longDate(p.Start), longDate(p.End))
	case p.Start != "":
		s += " on " + longDate(p.Start)
	}
	s += " against " + strings.TrimSuffix(strings.SplitN(p.Criteria, ";", 2)[0], ".") + "."
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
		did = append(did, "has not held its one planned session yet")
	case planned == 1:
		did = append(did, "held its one planned session")
	case held == 0:
		did = append(did, fmt.Sprintf("has held none of the %s planned sessions yet", words(planned)))
	default:
		did = append(did, fmt.Sprintf("held %s of the %s planned sessions", words(held), words(planned)))
	}
	people := map[string]bool{}
	for _, iv := range c.Interviews {
		people[strings.ToLower(iv.Person)] = true
	}
	if len(people) > 0 {
		did = append(did, "interviewed "+plural(len(people), "person", "people"))
	}
	if n := len(c.Samples); n > 0 {
		records, failed := int64(0), int64(0)
		for _, sm := range c.Samples {
			records += sm.Size
			failed += sm.Failed
		}
		t := fmt.Sprintf("examined %s of %s", plural(n, "sample", "samples"), plural(int(records), "record", "records"))
		if failed > 0 {
			t += fmt.Sprintf(", %s of which did not conform", words(int(failed)))
		}
		did = append(did, t)
	}
	if len(did) > 0 {
		s += " The team " + joinAnd(did) + "."
	}
	return s
}

func resultsFound(c *Content) string {
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
		return fmt.Sprintf("None of the %d requirements of ISO/IEC 20000-1 has been assessed yet.", total)
	}
	var parts []string
	for _, r := range []struct{ result, text string }{
		{catalogue.Conformant, "conformant"}, {catalogue.PartiallyConformant, "partially conformant"}, {catalogue.Nonconformant, "nonconformant"},
	} {
		if n := counts[r.result]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, r.text))
		}
	}
	s := fmt.Sprintf("Of the %d requirements of ISO/IEC 20000-1, ", total)
	if len(parts) > 0 {
		s += joinAnd(parts) + " were found"
	} else {
		s += "none was found conformant or not"
	}
	var more []string
	if n := counts[catalogue.OtherParty]; n > 0 {
		more = append(more, fmt.Sprintf("%d %s fulfilled by another party", n, isAre(n)))
	}
	if n := counts[catalogue.NoInstance]; n > 0 {
		more = append(more, fmt.Sprintf("%d had no instance in the period", n))
	}
	if n := counts[catalogue.NotApplicable]; n > 0 {
		more = append(more, fmt.Sprintf("%d marked not applicable in an older assessment await a decision (the standard allows no exclusion)", n))
	}
	if len(more) > 0 {
		s += "; " + joinAnd(more)
	}
	s += "."
	if n := len(notAssessed); n > 0 {
		s += fmt.Sprintf(" %s not assessed in this audit (%s).", capital(plural(n, "requirement was", "requirements were")), few(notAssessed, 6))
	}
	if a := c.Assessment; a != nil {
		s += fmt.Sprintf(" The readiness score is %.1f %%, with %s in the results.", a.Readiness, plural(int(a.Blockers), "certification blocker", "certification blockers"))
	}
	return s
}

func strengths(c *Content) string {
	var strong []string
	for _, cr := range c.Assessment.Clauses {
		if !cr.Rollup && cr.Result == catalogue.Conformant && cr.Maturity != nil && *cr.Maturity >= 4 {
			strong = append(strong, fmt.Sprintf("%s (%s, maturity %d)", lowerFirst(cr.Title), cr.Clause, *cr.Maturity))
		}
	}
	if len(strong) == 0 {
		return ""
	}
	if len(strong) == 1 {
		return "A strength of the system is " + strong[0] + "."
	}
	return "Strengths of the system are " + joinAnd(firstN(strong, 4)) + moreText(len(strong), 4) + "."
}

func keyFindings(c *Content) string {
	byGrade := map[string][]Statement{}
	for _, s := range c.Statements {
		byGrade[s.Grade] = append(byGrade[s.Grade], s)
	}
	var parts []string
	for _, g := range []struct{ grade, one, many string }{
		{catalogue.Major, "major nonconformity", "major nonconformities"},
		{catalogue.Minor, "minor nonconformity", "minor nonconformities"},
	} {
		list := byGrade[g.grade]
		if len(list) == 0 {
			continue
		}
		var named []string
		for _, s := range firstN(list, 3) {
			named = append(named, fmt.Sprintf("%s: %s", s.Clause, strings.TrimSuffix(s.Title, ".")))
		}
		parts = append(parts, fmt.Sprintf("%s (%s%s)", plural(len(list), g.one, g.many), strings.Join(named, "; "), moreText(len(list), 3)))
	}
	if n := len(byGrade[catalogue.Observation]); n > 0 {
		parts = append(parts, plural(n, "observation", "observations"))
	}
	if n := len(byGrade[catalogue.OFI]); n > 0 {
		parts = append(parts, plural(n, "opportunity for improvement", "opportunities for improvement"))
	}
	if len(parts) == 0 {
		return "The audit raised no finding."
	}
	s := "The audit raised " + joinAnd(parts) + "."
	if len(byGrade[catalogue.Major]) > 0 {
		s += " A major nonconformity stands in the way of certification until it is closed and its correction verified."
	} else if len(byGrade[catalogue.Minor]) > 0 {
		s += " Minor nonconformities need a correction plan accepted by the auditor."
	}
	return s
}

// RecommendationText is how the report words a recommendation.
func RecommendationText(r string) string {
	switch r {
	case "recommended":
		return "The lead auditor recommends certification."
	case "after_plan":
		return "The lead auditor recommends certification once the correction plans of the minor nonconformities are accepted."
	case "not_recommended":
		return "The lead auditor does not recommend certification until the major nonconformities are closed and their correction verified."
	}
	return ""
}

func conclusion(c *Content) string {
	s := strings.TrimSpace(c.Conclusion)
	if s == "" {
		s = "The lead auditor's conclusion is not written yet."
	} else if !strings.HasSuffix(s, ".") {
		s += "."
	}
	if r := RecommendationText(c.Recommendation); r != "" {
		s += " " + r
	}
	return s
}

var numberWords = []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// words writes small counts in words, as prose does, and larger ones in figures.
func words(n int) string {
	if n >= 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return fmt.Sprint(n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "one " + one
	}
	return words(n) + " " + many
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func joinAnd(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

func firstN[T any](list []T, n int) []T {
	if len(list) > n {
		return list[:n]
	}
	return list
}

func moreText(total, shown int) string {
	if total > shown {
		return fmt.Sprintf(", and %d more", total-shown)
	}
	return ""
}

func few(list []string, n int) string {
	s := strings.Join(firstN(list, n), ", ")
	if len(list) > n {
		s += fmt.Sprintf(" and %d more", len(list)-n)
	}
	return s
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

// longDate writes a date as a report does: "7 December 2026".
func longDate(d string) string {
	if len(d) < 10 {
		return d
	}
	t, err := parseDay(d[:10])
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

func parseDay(d string) (time.Time, error) { return time.Parse("2006-01-02", d) }
