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
	speak(t, a, "de")
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

// The file dialogs say their titles and kinds of file in the window's language.
func TestTheDialogsSpeakTheWindowsLanguage(t *testing.T) {
	a, rt := importApp(t)
	ask := func() (string, string) {
		t.Helper()
		if _, err := a.ChooseBundleOpenFile(); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ChooseFolder(); err != nil {
			t.Fatal(err)
		}
		return rt.asked[len(rt.asked)-2] + " | " + rt.asked[len(rt.asked)-1], rt.filterNames[len(rt.filterNames)-1]
	}
	if titles, kind := ask(); titles != "Import bundle | Shared folder for bundles" || kind != "SMS Workbench bundle (*.smsb)" {
		t.Errorf("in English: %q, %q", titles, kind)
	}
	speak(t, a, "de")
	if titles, kind := ask(); titles != "Bündel importieren | Gemeinsamer Ordner für Bündel" || kind != "Bündel der SMS Workbench (*.smsb)" {
		t.Errorf("in German: %q, %q", titles, kind)
	}
}

// speak sets the window's language for the rest of the test, and English again after it.
func speak(t *testing.T, a *App, lang string) {
	t.Helper()
	s, _ := a.Settings()
	s.Language = lang
	if _, err := a.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Language = "en"; a.SaveSettings(s) })
}
