package cli

import (
	"errors"
	"strings"

	"smsworkbench/internal/fault"
)

// hints is the command line's advice for a refusal of a domain package, by its code
// (package fault): the flag or command that gives what is missing. The domain packages say what
// is wrong and name no flag; the window gives its own advice by the same codes.
var hints = map[string]string{
	"import.nothing_mapped":         `map them with --map "Column=field"`,
	"clause.unknown":                "smsworkbench clauses lists them",
	"assessment.note_required":      "give it with --note",
	"assessment.party_required":     "give it with --party",
	"finding.owner_required":        "give it with --owner",
	"bundle.keys_missing":           "give --passphrase-file or --recipient, or --plain to write it unencrypted, marked as such",
	"bundle.plain_with_keys":        "leave out --passphrase-file and --recipient, or leave out --plain",
	"bundle.passphrase_missing":     "give --passphrase-file, or --identity for a bundle sent to your age key",
	"bundle.peer_unknown":           "see 'smsworkbench peers'; without --for the bundle holds everything",
	"bundle.peer_ambiguous":         "see 'smsworkbench peers'",
	"import.rows_invalid":           "fix them, or import the others with --skip-invalid",
	"documents.file_required":       "--file FILE.md",
	"documents.not_draft":           "smsworkbench doc draft DOC starts the next version",
	"documents.version_unknown":     "smsworkbench doc show DOC --json lists the versions",
	"documents.placeholder_unknown": "smsworkbench doc templates; docs/documents.md lists the placeholders",
}

// flagHints are the advice that is only a flag or a command, the same in every language.
var flagHints = map[string]string{
	"period.from_invalid":               "--from",
	"period.to_invalid":                 "--to",
	"output.extension":                  "--out",
	"workflow.move_only":                "smsworkbench move KIND REF STATE",
	"import.set_invalid":                "--set",
	"import.value_map_invalid":          "--map-value",
	"import.lookup_invalid":             "--lookup",
	"import.mapping_invalid":            "--map",
	"import.key_invalid":                "--key",
	"import.sheet_not_workbook":         "--sheet",
	"import.sheet_unknown":              "--sheet",
	"documents.approver_required":       "--by NAME",
	"audit.conclusion_required":         "smsworkbench audit conclude ASSESSMENT --conclusion TEXT",
	"audit.statement_incomplete":        "smsworkbench audit statement FINDING --statement TEXT --evidence TEXT",
	"audit.signer_required":             "--name",
	"audit.verdict_unknown":             "--conforms yes|no",
	"audit.note_required":               "--note",
	"audit.notes_required":              "--note",
	"audit.time_invalid":                "--at",
	"audit.auditee_required":            "--auditee",
	"audit.person_required":             "--person",
	"audit.clauses_required":            "--clauses",
	"audit.register_unknown":            "--kind",
	"audit.size_invalid":                "--size",
	"audit.population_empty":            "--where",
	"audit.filter_invalid":              "--where",
	"audit.recommendation_unknown":      "--recommend",
	"audit.answer_unknown":              "--answer",
	"audit.recommendation_contradicted": "smsworkbench audit conclude ASSESSMENT --recommend after_plan|not_recommended",
}

// hintsDE is hints in German, for the same codes (a test checks that); commands and flags stay
// as they are typed.
var hintsDE = map[string]string{
	"import.nothing_mapped":         `ordnen Sie sie mit --map "Spalte=Feld" zu`,
	"clause.unknown":                "smsworkbench clauses listet sie auf",
	"assessment.note_required":      "geben Sie es mit --note an",
	"assessment.party_required":     "geben Sie sie mit --party an",
	"finding.owner_required":        "geben Sie ihn mit --owner an",
	"bundle.keys_missing":           "geben Sie --passphrase-file oder --recipient an, oder --plain, um es unverschlüsselt und als solches gekennzeichnet zu schreiben",
	"bundle.plain_with_keys":        "lassen Sie --passphrase-file und --recipient weg, oder --plain",
	"bundle.passphrase_missing":     "geben Sie --passphrase-file an, oder --identity für ein Bündel an Ihren age-Schlüssel",
	"bundle.peer_unknown":           "siehe 'smsworkbench peers'; ohne --for enthält das Bündel alles",
	"bundle.peer_ambiguous":         "siehe 'smsworkbench peers'",
	"import.rows_invalid":           "korrigieren Sie sie, oder importieren Sie die anderen mit --skip-invalid",
	"documents.file_required":       "--file DATEI.md",
	"documents.not_draft":           "smsworkbench doc draft DOC beginnt die nächste Version",
	"documents.version_unknown":     "smsworkbench doc show DOC --json listet die Versionen auf",
	"documents.placeholder_unknown": "smsworkbench doc templates; docs/documents.md listet die Platzhalter auf",
}

// hintsIn are the command line's hints in a language.
func hintsIn(lang string) map[string]string {
	if lang == "de" {
		return hintsDE
	}
	return hints
}

// hint is the advice for a code in lang: a flag or a command as it is, else the language's words.
func hint(code, lang string) string {
	if h := flagHints[code]; h != "" {
		return h
	}
	return hintsIn(lang)[code]
}

// render is an error as the one line after "error: ", in lang: its message, then in
// parentheses the command line's advice for its code, when there is any.
//
// The advice is that of the outermost code that has some: "3 rows cannot be imported" has none
// of its own, but the unknown clause of its first row has.
func render(err error, lang string) string {
	msg := strings.ReplaceAll(strings.TrimSpace(fault.Text(err, lang)), "\n", " ")
	for e := err; e != nil; e = errors.Unwrap(e) {
		if c, ok := e.(fault.Coded); ok {
			if h := hint(c.FaultCode(), lang); h != "" {
				return msg + " (" + h + ")"
			}
		}
	}
	return msg
}

// say is a few fixed words of the command line ("error:") in lang.
func say(lang, english string) string { return fault.Phrase("cli", english).Localize(lang) }
