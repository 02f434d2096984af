package auditpack

// languages holds the headings and labels of a pack per language. English is complete; a
// missing entry of another language falls back to English.
var languages = map[string]map[string]string{
	"en": {
		"title":        "Audit pack",
		"contents":     "Contents",
		SecSummary:     "Executive summary",
		SecStage1:      "Documented information (stage 1)",
		SecClauses:     "Clause by clause",
		SecFindings:    "Findings and corrective actions",
		SecServices:    "Service catalogue",
		SecSLA:         "SLA performance",
		SecTickets:     "Incidents, requests, problems and changes",
		SecCMDB:        "Configuration management",
		SecSuppliers:   "Suppliers and contracts",
		SecBudget:      "Budget and costs",
		SecRisks:       "Risks",
		SecObjectives:  "Objectives",
		SecProgramme:   "Audit programme coverage",
		SecReview:      "Management review",
		"organisation": "Organisation",
		"scope":        "SMS scope",
		"assessment":   "Assessment",
		"type":         "Type",
		"dates":        "Dates",
		"auditors":     "Auditors",
		"lead":         "Lead auditor",
		"version":      "Version",
		"period":       "Period",
		"generated":    "Generated",
		"confidential": "Confidential",
		"page":         "Page {current} of {total}",
		"readiness":    "Overall readiness",
		"blockers":     "Certification blockers",
		"fixfirst":     "Top actions",
		"nofindings":   "No findings.",
		"noassessment": "The workspace has no assessment: the clause sections are empty.",
	},
	"de": {
		"title":        "Auditpaket",
		"contents":     "Inhalt",
		SecSummary:     "Zusammenfassung",
		SecStage1:      "Dokumentierte Information (Stufe 1)",
		SecClauses:     "Abschnitt für Abschnitt",
		SecFindings:    "Feststellungen und Korrekturmaßnahmen",
		SecServices:    "Servicekatalog",
		SecSLA:         "SLA-Erfüllung",
		SecTickets:     "Störungen, Anfragen, Probleme und Änderungen",
		SecCMDB:        "Konfigurationsmanagement",
		SecSuppliers:   "Lieferanten und Verträge",
		SecBudget:      "Budget und Kosten",
		SecRisks:       "Risiken",
		SecObjectives:  "Ziele",
		SecProgramme:   "Abdeckung des Auditprogramms",
		SecReview:      "Managementbewertung",
		"organisation": "Organisation",
		"scope":        "Anwendungsbereich des SMS",
		"assessment":   "Bewertung",
		"type":         "Art",
		"dates":        "Zeitraum",
		"auditors":     "Auditoren",
		"lead":         "Leitender Auditor",
		"version":      "Version",
		"period":       "Berichtszeitraum",
		"generated":    "Erstellt",
		"confidential": "Vertraulich",
		"page":         "Seite {current} von {total}",
		"readiness":    "Zertifizierungsreife gesamt",
		"blockers":     "Hindernisse für die Zertifizierung",
		"fixfirst":     "Wichtigste Maßnahmen",
	},
}

// T is the heading or label of key in the pack's language.
func (o *Options) T(key string) string {
	if s, ok := languages[o.Language][key]; ok {
		return s
	}
	if s, ok := languages["en"][key]; ok {
		return s
	}
	return key
}
