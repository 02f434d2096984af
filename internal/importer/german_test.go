package importer

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
)

// germanWords are the German words of the registers, read from the labels file itself (not
// through the code that localizes the kinds).
func germanWords(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("../schema/labels_de.json")
	if err != nil {
		t.Fatal(err)
	}
	var words map[string]string
	if err := json.Unmarshal(data, &words); err != nil {
		t.Fatal(err)
	}
	return words
}

// Every register's columns, headed in German as a German export heads them, map to the fields
// the English headers map to, whatever the language of the workbench; and in either language
// every importable column maps to a field.
func TestEveryRegisterMapsItsHeadersInBothLanguages(t *testing.T) {
	for _, k := range schema.Default.Kinds() {
		var english []Column
		for _, lang := range []string{"en", "de"} {
			lk, err := schema.Default.LocalizedKind(k, lang)
			if err != nil {
				t.Fatal(err)
			}
			cols := sheets.RegisterColumnsIn(lk, lang)
			header := make([]string, len(cols))
			for i, c := range cols {
				header[i] = c.Header
			}
			got := AutoMap(k, header)
			if lang == "en" {
				english = got
			}
			for i, c := range cols {
				if got[i].Field != english[i].Field {
					t.Errorf("%s: German column %q maps to %q, the English %q to %q", k.Name, c.Header, got[i].Field, english[i].Header, english[i].Field)
				}
				if strings.HasSuffix(c.Header, " (2)") {
					continue // a label two fields share ("Clause"): its second column is not read by its header
				}
				if (i == 0 || c.IsStatus() || c.Field != nil && Importable(k, c.Field)) && got[i].Field == "" {
					t.Errorf("%s (%s): column %q is not mapped", k.Name, lang, c.Header)
				}
			}
		}
	}
}

// Every German value label and state label of the labels file reads as its value, and no German
// word stands for one value in German and another in English (English would win, silently).
func TestGermanValuesReadAsTheirValues(t *testing.T) {
	words := germanWords(t)
	for path, word := range words {
		parts := strings.SplitN(path, ".", 3)
		switch parts[0] {
		case "enum":
			k, ok := schema.Default.Kind(parts[1])
			if !ok {
				t.Fatalf("%s: no kind", path)
			}
			field, rest, _ := strings.Cut(parts[2], ".")
			f, _ := k.Field(field)
			if f == nil {
				t.Fatalf("%s: no field", path)
			}
			if f.Type == schema.Table {
				col, v, _ := strings.Cut(rest, ".")
				text := words["column."+k.Name+"."+f.Name+"."+col] + ": " + word // "Priorität: Kritisch"
				got, err := readValue(k, f, text, "")
				rows, _ := got.([]any)
				if err != nil || len(rows) != 1 || fmt.Sprint(rows[0].(map[string]any)[col]) != v {
					t.Errorf("%s: %q read as %v (%v), want %s", path, text, got, err, v)
				}
				continue
			}
			if f.Type != schema.Enum && f.Type != schema.Integer {
				continue // a list of values (tags) is written by its values
			}
			if got, err := readValue(k, f, word, ""); err != nil || fmt.Sprint(got) != rest {
				t.Errorf("%s: %q read as %v (%v), want %s", path, word, got, err, rest)
			}
		case "state":
			k, _ := schema.Default.Kind(parts[1])
			if got, ok := StateOf(k, word); !ok || got != parts[2] {
				t.Errorf("%s: %q read as state %q", path, word, got)
			}
		}
	}
}
