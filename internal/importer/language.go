package importer

import (
	"strings"
	"sync"

	"smsworkbench/internal/schema"
)

// A source is read in every language the registers have words in, whatever the language of
// the workbench: a client's German file is read by a consultant's English workbench, and an
// English one by a German workbench. Headers are matched by the fields' labels in English, then
// in the other languages (German: "Priorität", "Eröffnet am"); values by their English labels,
// then by the others ("Hoch", "In Bearbeitung", "Ja"). English comes first, so a word that is
// English for one value and German for another is read as English.

// twinKinds caches each kind's twins: *schema.Kind -> []*schema.Kind.
var twinKinds sync.Map

// twins are the kind in the other languages of the labels: the same names and values, their
// words in that language.
func twins(k *schema.Kind) []*schema.Kind {
	if v, ok := twinKinds.Load(k); ok {
		return v.([]*schema.Kind)
	}
	var out []*schema.Kind
	for _, lang := range schema.LabelLanguages() {
		if t, err := schema.Default.LocalizedKind(k, lang); err == nil {
			out = append(out, t)
		}
	}
	twinKinds.Store(k, out)
	return out
}

// twinFields are field name of k in the other languages.
func twinFields(k *schema.Kind, name string) []*schema.Field {
	var out []*schema.Field
	for _, t := range twins(k) {
		if f, ok := t.Field(name); ok {
			out = append(out, f)
		}
	}
	return out
}

// readValue reads the text of a cell as the input of field f of kind k, as Value does, its
// values' words also in the other languages.
func readValue(k *schema.Kind, f *schema.Field, text, order string) (any, error) {
	return value(f, twinFields(k, f.Name), text, order)
}

// translatedLabel reports whether h (normalised) is the label of field target of k in another
// language.
func translatedLabel(k *schema.Kind, target, h string) bool {
	for _, f := range twinFields(k, target) {
		if isLabel(h, f.Label) {
			return true
		}
	}
	return false
}

// twinState finds a state of k by its label in another language.
func twinState(k *schema.Kind, want string) (string, bool) {
	for _, t := range twins(k) {
		if t.Workflow == nil {
			continue
		}
		for _, st := range t.Workflow.States {
			if norm(st.Label) == want {
				return st.Name, true
			}
		}
	}
	return "", false
}

// twinEnum finds the value of an enum whose label in another language is s.
func twinEnum(alt []*schema.Field, s string) (string, bool) {
	for _, a := range alt {
		for _, e := range a.Enum {
			if strings.EqualFold(strings.TrimSpace(e.Label), s) {
				return e.Value, true
			}
		}
	}
	return "", false
}
