package app

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// In German the dashboard's notes and the schedule of change's refusals are German, the
// refusal beside the field it names.
func TestTheDashboardAndScheduleSpeakTheWindowsLanguage(t *testing.T) {
	a := New(demoCopy(t))
	s, _ := a.Settings()
	s.Language = "de"
	if _, err := a.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Language = "en"; a.SaveSettings(s) })
	d, err := a.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(d)
	if !regexp.MustCompile(`Kündigung bis \d{2}\.\d{2}\.\d{4}|abgelaufen`).Match(data) || strings.Contains(string(data), "notice by") {
		t.Errorf("the dashboard's contract notes are not German")
	}
	_, err = a.ChangeSchedule("Mai", "2026-12-01")
	if p := problem(t, err); p.Field != "from" || !strings.Contains(p.Message, `from "Mai" ist kein Datum wie 2026-11-01`) {
		t.Errorf("a wrong start in German: %+v", p)
	}
	_, err = a.ChangeSchedule("2026-12-01", "2026-11-01")
	if p := problem(t, err); p.Field != "to" || !strings.Contains(p.Message, "endet (") {
		t.Errorf("a reversed period in German: %+v", p)
	}
}
