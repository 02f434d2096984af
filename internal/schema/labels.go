package schema

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The words of the declarations in other languages than English: one file per language,
// labels_<lang>.json, a flat map from a label's path to its words. English is the declarations
// themselves. The paths:
//
//	group.<group>             a navigation group
//	kind.<kind>.label         singular, kind.<kind>.plural
//	field.<kind>.<field>      a field's label, help.<kind>.<field> its help
//	enum.<kind>.<field>.<v>   an enum value's label
//	state.<kind>.<state>      a workflow state's label
//	column.<kind>.<field>.<c> a column of a table field (its values: enum.<kind>.<field>.<c>.<v>)
//
// The window, the reports and the spreadsheets read the same file; a test fails on a path a
// language lacks or one the declarations no longer have.

//go:embed labels_*.json
var labelFiles embed.FS

// EnglishLabels lists every label path of the registry with its English words.
func (r *Registry) EnglishLabels() map[string]string {
	out := map[string]string{}
	for _, g := range Groups {
		out["group."+g] = g
	}
	for _, k := range r.kinds {
		out["kind."+k.Name+".label"] = k.Label
		out["kind."+k.Name+".plural"] = k.Plural
		for _, f := range k.Fields {
			out["field."+k.Name+"."+f.Name] = f.Label
			if f.Help != "" {
				out["help."+k.Name+"."+f.Name] = f.Help
			}
			for _, e := range f.Enum {
				out["enum."+k.Name+"."+f.Name+"."+e.Value] = e.Label
			}
			for _, c := range f.Columns {
				out["column."+k.Name+"."+f.Name+"."+c.Name] = c.Label
				for _, e := range c.Enum {
					out["enum."+k.Name+"."+f.Name+"."+c.Name+"."+e.Value] = e.Label
				}
			}
		}
		if k.Workflow != nil {
			for _, s := range k.Workflow.States {
				out["state."+k.Name+"."+s.Name] = s.Label
			}
		}
	}
	return out
}

// LabelLanguages are the languages with a labels file, besides English.
func LabelLanguages() []string {
	entries, _ := labelFiles.ReadDir(".")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(e.Name(), "labels_"), ".json"))
	}
	sort.Strings(out)
	return out
}

// Labels gives the label paths in a language: English from the declarations, another from its
// file. An unknown language is an error.
func (r *Registry) Labels(lang string) (map[string]string, error) {
	if lang == "" || lang == "en" {
		return r.EnglishLabels(), nil
	}
	data, err := labelFiles.ReadFile("labels_" + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("no labels in language %q", lang)
	}
	var out map[string]string
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("labels_%s.json: %v", lang, err)
	}
	return out, nil
}

// Localized gives copies of the registry's kinds with their words in lang, and the groups'
// words; a kind's Group stays the group's key. A path the language lacks keeps its English
// words (the labels test makes that a failure before it ships).
func (r *Registry) Localized(lang string) ([]*Kind, map[string]string, error) {
	words, err := r.Labels(lang)
	if err != nil {
		return nil, nil, err
	}
	say := sayer(words)
	groups := map[string]string{}
	for _, g := range Groups {
		groups[g] = say("group."+g, g)
	}
	out := make([]*Kind, len(r.kinds))
	for i, k := range r.kinds {
		out[i] = localizeKind(k, say)
	}
	return out, groups, nil
}

// LocalizedKind is a copy of one kind with its words in lang, as Localized gives it; English
// ("" or "en") is the kind itself.
func (r *Registry) LocalizedKind(k *Kind, lang string) (*Kind, error) {
	if lang == "" || lang == "en" {
		return k, nil
	}
	words, err := r.Labels(lang)
	if err != nil {
		return nil, err
	}
	return localizeKind(k, sayer(words)), nil
}

func sayer(words map[string]string) func(path, english string) string {
	return func(path, english string) string {
		if w, ok := words[path]; ok && w != "" {
			return w
		}
		return english
	}
}

func localizeKind(k *Kind, say func(path, english string) string) *Kind {
	c := *k
	c.Label = say("kind."+k.Name+".label", k.Label)
	c.Plural = say("kind."+k.Name+".plural", k.Plural)
	c.Fields = make([]Field, len(k.Fields))
	for j, f := range k.Fields {
		f.Label = say("field."+k.Name+"."+f.Name, f.Label)
		if f.Help != "" {
			f.Help = say("help."+k.Name+"."+f.Name, f.Help)
		}
		f.Enum = localEnum(f.Enum, "enum."+k.Name+"."+f.Name+".", say)
		if f.Columns != nil {
			cols := make([]Field, len(f.Columns))
			for n, col := range f.Columns {
				col.Label = say("column."+k.Name+"."+f.Name+"."+col.Name, col.Label)
				col.Enum = localEnum(col.Enum, "enum."+k.Name+"."+f.Name+"."+col.Name+".", say)
				cols[n] = col
			}
			f.Columns = cols
		}
		c.Fields[j] = f
	}
	if k.Workflow != nil {
		w := *k.Workflow
		w.States = make([]State, len(k.Workflow.States))
		for n, s := range k.Workflow.States {
			s.Label = say("state."+k.Name+"."+s.Name, s.Label)
			w.States[n] = s
		}
		c.Workflow = &w
	}
	return &c
}

func localEnum(items []EnumItem, prefix string, say func(path, english string) string) []EnumItem {
	if items == nil {
		return nil
	}
	out := make([]EnumItem, len(items))
	for n, e := range items {
		out[n] = EnumItem{Value: e.Value, Label: say(prefix+e.Value, e.Label)}
	}
	return out
}

// Word is a word of the registers in a message (a kind's, a field's or a state's label): %s
// writes English, what the message always said (a field's or a state's name, a kind's label in
// lower case); Localize, the label in another language from its labels file, as written. It is a
// fault.Localizer.
type Word struct {
	Path    string // the label's path: "kind.incident.label", "state.incident.new"
	English string // what %s writes
}

func (w Word) String() string { return w.English }

// Localize is the label in lang; English, and a path the language lacks, say w.English.
func (w Word) Localize(lang string) string {
	if lang == "" || lang == "en" {
		return w.English
	}
	if s := languageLabels(lang)[w.Path]; s != "" {
		return s
	}
	return w.English
}

// KindWord is the kind's label in a sentence: lower case in English ("incident"), as written in
// another language ("Störung").
func (k *Kind) KindWord() Word {
	return Word{Path: "kind." + k.Name + ".label", English: strings.ToLower(k.Label)}
}

// PluralWord is the kind's plural as declared ("Incidents", in German "Störungen").
func (k *Kind) PluralWord() Word { return Word{Path: "kind." + k.Name + ".plural", English: k.Plural} }

// NameWord is the kind's name ("incident"), in another language its label.
func (k *Kind) NameWord() Word { return Word{Path: "kind." + k.Name + ".label", English: k.Name} }

// FieldWord is a field's name ("impact"), in another language its label ("Auswirkung").
func FieldWord(kind, field string) Word {
	return Word{Path: "field." + kind + "." + field, English: field}
}

// StateWord is a workflow state's name ("in_progress"), in another language its label ("In
// Bearbeitung").
func StateWord(kind, state string) Word {
	return Word{Path: "state." + kind + "." + state, English: state}
}

var (
	labelsMu     sync.Mutex
	labelsByLang = map[string]map[string]string{}
)

// languageLabels is the labels file of lang, read once; nil for a language without one.
func languageLabels(lang string) map[string]string {
	labelsMu.Lock()
	defer labelsMu.Unlock()
	if m, ok := labelsByLang[lang]; ok {
		return m
	}
	var m map[string]string
	if data, err := labelFiles.ReadFile("labels_" + lang + ".json"); err == nil {
		_ = json.Unmarshal(data, &m)
	}
	labelsByLang[lang] = m
	return m
}
