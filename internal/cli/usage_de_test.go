package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// syntax is what a usage text says of the commands: every command line up to its description,
// and the flags' continuation lines; the same in every language.
func syntax(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "  ") && len(line) > 2 && line[2] != ' ' && line[2] != '(':
			if i := strings.Index(line[2:], "  "); i >= 0 {
				line = line[:i+2]
			}
			// A description may follow one space after the syntax, in its column (31 or 43).
			for _, col := range []int{31, 43} {
				if len(line) > col && line[col-1] == ' ' && line[col] >= 'a' && line[col] <= 'z' {
					line = line[:col]
					break
				}
			}
			out = append(out, strings.TrimSpace(line))
		case strings.HasPrefix(trimmed, "["):
			out = append(out, trimmed)
		}
	}
	return out
}

// The German usage names every command, flag and placeholder the English one does, and says its
// descriptions in German; `help` prints the one of the command line's language.
func TestTheUsageInGerman(t *testing.T) {
	en, de := syntax(usage), syntax(usageDE)
	if len(en) < 50 || !slices.Equal(en, de) {
		t.Fatalf("the German usage's commands differ:\nEnglish: %q\nGerman:  %q", en, de)
	}
	flags := regexp.MustCompile(`--[a-z0-9-]+`)
	want, got := flags.FindAllString(usage, -1), flags.FindAllString(usageDE, -1)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(slices.Compact(want), slices.Compact(got)) {
		t.Errorf("flags: English %v, German %v", slices.Compact(want), slices.Compact(got))
	}
	for _, english := range []string{"create the workspace", "per clause group and overall", "write a signed, encrypted bundle"} {
		if strings.Contains(usageDE, english) {
			t.Errorf("the German usage still says %q", english)
		}
	}
	r := runCLI(t, "", "--language", "de", "help")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Aufruf: smsworkbench") || !strings.Contains(r.stdout, "legt einen Datensatz an") {
		t.Errorf("help in German: exit %d, %q", r.code, r.stdout[:min(len(r.stdout), 200)])
	}
	if r := runCLI(t, "", "--language", "en", "help"); !strings.HasPrefix(r.stdout, "usage: smsworkbench") {
		t.Errorf("help in English: %q", r.stdout[:min(len(r.stdout), 200)])
	}
}
