package schema

import (
	"sort"
	"testing"
)

// Every language's labels file has exactly the label paths of the declarations: a field, value
// or state declared without its words in a language fails here, and so does a leftover path.
func TestEveryLanguageHasEveryLabel(t *testing.T) {
	english := Default.EnglishLabels()
	langs := LabelLanguages()
	if len(langs) == 0 {
		t.Fatal("no labels file")
	}
	for _, lang := range langs {
		words, err := Default.Labels(lang)
		if err != nil {
			t.Fatal(err)
		}
		var missing, extra, empty []string
		for path := range english {
			if w, ok := words[path]; !ok {
				missing = append(missing, path)
			} else if w == "" {
				empty = append(empty, path)
			}
		}
		for path := range words {
			if _, ok := english[path]; !ok {
				extra = append(extra, path)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing)+len(extra)+len(empty) > 0 {
			t.Errorf("labels_%s.json: missing %v; not declared %v; empty %v", lang, missing, extra, empty)
		}
	}
}

// The localized declarations carry the language's words and keep everything else: names,
// values, group keys, rules.
func TestLocalizedKindsKeepTheirNames(t *testing.T) {
	words, _ := Default.Labels("de")
	kinds, groups, err := Default.Localized("de")
	if err != nil {
		t.Fatal(err)
	}
	if groups[GroupPlanning] != words["group."+GroupPlanning] || groups[GroupPlanning] == GroupPlanning {
		t.Errorf("group %q: %q", GroupPlanning, groups[GroupPlanning])
	}
	for i, k := range kinds {
		orig := Default.Kinds()[i]
		if k.Name != orig.Name || k.Group != orig.Group || len(k.Fields) != len(orig.Fields) || k.Compute == nil != (orig.Compute == nil) {
			t.Fatalf("kind %s changed beyond its words", orig.Name)
		}
		if k.Plural != words["kind."+k.Name+".plural"] {
			t.Errorf("kind %s: %q", k.Name, k.Plural)
		}
		for j, f := range k.Fields {
			if f.Name != orig.Fields[j].Name || f.Label != words["field."+k.Name+"."+f.Name] {
				t.Errorf("field %s.%s: %q", k.Name, f.Name, f.Label)
			}
			for n, e := range f.Enum {
				if e.Value != orig.Fields[j].Enum[n].Value || e.Label != words["enum."+k.Name+"."+f.Name+"."+e.Value] {
					t.Errorf("value %s.%s.%s: %q", k.Name, f.Name, e.Value, e.Label)
				}
			}
		}
	}
	// the registry itself is still English
	if inc, _ := Default.Kind("incident"); inc.Plural != "Incidents" {
		t.Errorf("the registry's own incident kind now says %q", inc.Plural)
	}
}
