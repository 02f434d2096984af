package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/fault"
)

// A value the declarations refuse — a wrong type, an enum value that does not exist, a table row
// that lacks a column, a rule's objection, a guard refusing a move, a priority matrix out of
// range — is said in German with the German words of the registers, and stays as before in
// English. The window shows Detail beside the field, so it is checked too.
func TestValueChecksAndRulesSpeakTheLanguage(t *testing.T) {
	s := openTemp(t)
	mustCreate(t, s, "service", map[string]any{"title": "Mail"})
	nc := mustCreate(t, s, "nonconformity", map[string]any{"title": "Reports late", "source": "audit"})
	cases := []struct {
		name   string
		err    error
		en, de string // the message's end; de is also the field's detail
	}{
		{"enum", create(s, "incident", map[string]any{"title": "x", "service": "SVC-00001", "impact": 7}),
			`incident field "impact" must be one of 1 (High), 2 (Medium), 3 (Low), not 7`,
			"muss einer der Werte 1 (Hoch), 2 (Mittel), 3 (Niedrig) sein, nicht 7"},
		{"number", create(s, "objective", map[string]any{"title": "x", "target": true}),
			`must be a number, not a true/false value`, "muss eine Zahl sein, nicht ein Wahrheitswert"},
		{"table cell", create(s, "sla", map[string]any{"title": "x", "service": "SVC-00001", "targets": []any{map[string]any{"priority": 1}}}),
			"row 1: resolve is required", "Zeile 1: Lösen innerhalb ist erforderlich"},
		{"rule", create(s, "setting", map[string]any{"title": "colour", "value": "1"}),
			`"colour" is not a setting`, `"colour" ist keine Einstellung`},
		{"matrix", create(s, "setting", map[string]any{"title": "priority_matrix", "value": "[[1,2,3],[2,3,4],[3,4,9]]"}),
			"impact 3, urgency 3 gives 9; priorities are 1 to 5", "Auswirkung 3, Dringlichkeit 3 ergibt 9; Prioritäten gehen von 1 bis 5"},
	}
	if _, err := s.Update(bg, "nonconformity", nc.Ref, map[string]any{"root_cause": "No report calendar"}, Change{}); err != nil {
		t.Fatal(err)
	}
	mustMove(t, s, "nonconformity", nc.Ref, "analysed", time.Time{})
	mustMove(t, s, "nonconformity", nc.Ref, "action_planned", time.Time{})
	_, err := s.Move(bg, "nonconformity", nc.Ref, "closed", Change{})
	cases = append(cases, struct {
		name   string
		err    error
		en, de string
	}{"guard", err, "it has no corrective action", "Sie hat keine Korrekturmaßnahme"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.err == nil {
				t.Fatal("accepted")
			}
			if en := fault.Text(c.err, "en"); !strings.Contains(en, c.en) {
				t.Errorf("English: %q, want %q in it", en, c.en)
			}
			de := fault.Text(c.err, "de")
			if !strings.Contains(de, c.de) {
				t.Errorf("German: %q, want %q in it", de, c.de)
			}
			if strings.Contains(de, c.en) {
				t.Errorf("German %q still holds the English %q", de, c.en)
			}
			var fe *FieldError
			if errors.As(c.err, &fe) && !strings.Contains(fe.Detail("de"), c.de) {
				t.Errorf("the field's German detail: %q, want %q in it", fe.Detail("de"), c.de)
			}
		})
	}
}

func create(s *Store, kind string, in map[string]any) error {
	_, err := s.Create(bg, kind, in, Change{})
	return err
}
