package documents

// The words of a printed document besides its text (the document-control block, the header and
// footer, the pack's index) in German; English is the key. (Version, Status and PDF are the same
// words in both.) The tests read the German PDF, DOCX and pack back and find no English one.

var printDE = map[string]string{
	"Document":            "Dokument",
	"Version":             "Version",
	"Status":              "Status",
	"Owner":               "Verantwortlich",
	"Approved by":         "Freigegeben von",
	"Approved on":         "Freigegeben am",
	"Next review":         "Nächste Überprüfung",
	"Page":                "Seite",
	"of":                  "von",
	"Draft":               "Entwurf",
	"Approved":            "Freigegeben",
	"Retired":             "Zurückgezogen",
	"Documents":           "Dokumente",
	"Title":               "Titel",
	"Type":                "Typ",
	"SHA-256 of the text": "SHA-256 des Textes",
	"Word file":           "Word-Datei",
	"PDF":                 "PDF",
}

// word is a printed word in a language.
func word(lang, english string) string {
	if lang == "de" {
		if w, ok := printDE[english]; ok {
			return w
		}
	}
	return english
}

// In is the sheet printed in a language: its control block, header and footer in its words, its
// status in them and its dates written its way (04.12.2026 in German). Its text is as it is.
func (sh Sheet) In(lang string) Sheet {
	if CheckLanguage(lang) != nil {
		lang = "en"
	}
	sh.Language = lang
	sh.Status = word(lang, sh.Status)
	return sh
}

// w is a printed word in the sheet's language.
func (sh Sheet) w(english string) string { return word(sh.Language, english) }

// date is a date of the control block in the sheet's language.
func (sh Sheet) date(s string) string {
	if sh.Language == "de" {
		return GermanDate(s)
	}
	return s
}

// facts are the rows of the document-control block, label and value, those with a value.
func (sh Sheet) facts() [][2]string {
	var out [][2]string
	for _, f := range [][2]string{{"Document", sh.Ref}, {"Version", sh.Version}, {"Status", sh.Status}, {"Owner", sh.Owner},
		{"Approved by", sh.ApprovedBy}, {"Approved on", sh.date(sh.ApprovedOn)}, {"Next review", sh.date(sh.ReviewDue)}} {
		if f[1] != "" {
			out = append(out, [2]string{sh.w(f[0]), f[1]})
		}
	}
	return out
}

// footer is the text of the footer before the page number: "POL-00001 · Version 1.0 · Approved · Page".
func (sh Sheet) footer() string {
	return sh.Ref + " · " + sh.w("Version") + " " + sh.Version + " · " + sh.Status + " · " + sh.w("Page")
}
