package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command line speaks the language of --language, else the system's (LANG): every kind of
// refusal prints its "error:" line in German, the advice too; under LANG=C it is English as
// before.
func TestErrorsInTheCommandLinesLanguage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.smswb")
	ok(t, runCLI(t, db, "init"))
	ok(t, runCLI(t, db, "add", "incident", `{"title": "Printer down"}`))
	ok(t, runCLI(t, db, "assess", "new", "Gap 2026"))
	right, wrong := filepath.Join(dir, "right"), filepath.Join(dir, "wrong")
	os.WriteFile(right, []byte("correct horse battery staple\n"), 0o600)
	os.WriteFile(wrong, []byte("not the passphrase\n"), 0o600)
	bundle := filepath.Join(dir, "b.smsb")
	ok(t, runCLI(t, db, "bundle", "export", "--out", bundle, "--passphrase-file", right))

	cases := []struct {
		args    []string
		en, de  string
		usageDE string
	}{
		{[]string{"add", "incident", `{"title": "x", "bogus": 1}`},
			`error: incident field "bogus" does not exist (fields: title,`,
			"Fehler: Störung: Feld „bogus“ gibt es nicht (Felder: title,", ""},
		{[]string{"add", "incident", `{}`},
			`error: incident field "title" is required`,
			"Fehler: Störung: Feld „Kurzbeschreibung“ (title) ist erforderlich", ""},
		{[]string{"move", "incident", "INC-00001", "closed"},
			"error: incident INC-00001 cannot move from new to closed (allowed: assigned, in_progress, resolved, cancelled)",
			"Fehler: Störung INC-00001 kann nicht von „Neu“ nach „Geschlossen“ wechseln (erlaubt: Zugewiesen, In Bearbeitung, Gelöst, Abgebrochen)", ""},
		{[]string{"get", "incident", "INC-99999"},
			`error: no incident with id or ref "INC-99999"`,
			"Fehler: Störung „INC-99999“ gibt es nicht", ""},
		{[]string{"bundle", "inspect", bundle, "--passphrase-file", wrong},
			"error: cannot decrypt b.smsb: wrong passphrase",
			"Fehler: b.smsb kann nicht entschlüsselt werden: falsche Passphrase", ""},
		{[]string{"assess", "set", "ASM-00001", "9.9", "--result", "conformant"},
			`error: unknown clause "9.9" (smsworkbench clauses lists them)`,
			`Fehler: Unbekannter Abschnitt "9.9" (smsworkbench clauses listet sie auf)`, ""},
		{[]string{"bogus"},
			`error: unknown command "bogus"`,
			`Fehler: Unbekannter Befehl "bogus"`, "'smsworkbench help' zeigt die Befehle"},
		{[]string{"get", "incident"},
			"error: get: expected KIND ID|REF",
			"Fehler: get: erwartet wird KIND ID|REF", "'smsworkbench help' zeigt die Befehle"},
		{[]string{"list", "incident", "--bogus"},
			"error: list: unknown flag -bogus",
			"Fehler: list: Unbekannte Option -bogus", ""},
	}
	for _, c := range cases {
		name := strings.Join(c.args, " ")
		t.Run(name, func(t *testing.T) {
			t.Setenv("LANG", "de_DE.UTF-8")
			for _, r := range []result{runCLI(t, db, c.args...), runCLI(t, db, append([]string{"--language", "de"}, c.args...)...)} {
				if r.code == 0 || !strings.HasPrefix(r.stderr, c.de) || !strings.Contains(r.stderr, c.usageDE) {
					t.Errorf("German: exit %d, %q; want it to start %q", r.code, r.stderr, c.de)
				}
			}
			// --language en wins over the system's German; LANG=C is English.
			if r := runCLI(t, db, append([]string{"--language", "en"}, c.args...)...); !strings.HasPrefix(r.stderr, c.en) {
				t.Errorf("--language en: %q; want it to start %q", r.stderr, c.en)
			}
			t.Setenv("LANG", "C")
			if r := runCLI(t, db, c.args...); !strings.HasPrefix(r.stderr, c.en) {
				t.Errorf("LANG=C: %q; want it to start %q", r.stderr, c.en)
			}
		})
	}
	// LC_ALL comes before LANG.
	t.Setenv("LANG", "C")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	if r := runCLI(t, db, "get", "incident", "INC-99999"); !strings.HasPrefix(r.stderr, "Fehler: ") {
		t.Errorf("LC_ALL=de: %q", r.stderr)
	}
	if r := runCLI(t, db, "--language", "fr", "get", "incident", "INC-1"); r.code != ExitUsage || !strings.Contains(r.stderr, `Unbekannte Sprache "fr" (Sprachen: en, de)`) {
		t.Errorf("--language fr: exit %d %q", r.code, r.stderr)
	}
}
