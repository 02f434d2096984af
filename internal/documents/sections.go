package documents

import "strings"

// Two people who edit the same draft on two copies write the same field, its text: the store
// keeps both writes as a conflict to decide. SectionsInConflict shows that conflict section by
// section (a section runs from one Markdown heading to the next), so a person sees which parts
// each changed and can merge them; sections every value has alike are left out.

// SectionConflict is a section whose text differs between the competing values.
type SectionConflict struct {
	Heading string   `json:"heading"` // the heading line; "" for the text before the first heading
	Texts   []string `json:"texts"`   // the section's text in each value, in the values' order ("" where it is missing)
}

// SectionsInConflict compares competing texts section by section.
func SectionsInConflict(values []string) []SectionConflict {
	var order []string
	parts := make([]map[string]string, len(values))
	for i, v := range values {
		parts[i] = map[string]string{}
		for _, s := range splitSections(v) {
			if _, seen := parts[i][s.heading]; seen {
				s.heading += " (again)"
			}
			parts[i][s.heading] = s.text
			if !contains(order, s.heading) {
				order = append(order, s.heading)
			}
		}
	}
	var out []SectionConflict
	for _, h := range order {
		texts := make([]string, len(values))
		differ := false
		for i := range values {
			texts[i] = parts[i][h]
			if strings.TrimSpace(texts[i]) != strings.TrimSpace(texts[0]) {
				differ = true
			}
		}
		if differ {
			out = append(out, SectionConflict{Heading: h, Texts: texts})
		}
	}
	return out
}

type section struct{ heading, text string }

func splitSections(text string) []section {
	out := []section{{}}
	inFence := false
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(trimmed, "#") {
			out = append(out, section{heading: trimmed})
			continue
		}
		out[len(out)-1].text += line
	}
	if out[0].text == "" {
		out = out[1:]
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
