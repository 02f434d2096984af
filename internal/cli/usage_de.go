package cli

// usageDE is the usage text in German: the same commands, flags and placeholders as usage (a
// test compares them), their descriptions in German.
const usageDE = `Aufruf: smsworkbench [--db PATH] [--language en|de] COMMAND ...

  (kein Befehl)                öffnet das Fenster der Anwendung
  init [--demo [--seed N] [--scale N]] [--name TEXT]
                               legt den Arbeitsbereich an, wenn es ihn nicht gibt; --demo füllt ihn
                               mit dem Demo-Dienstleister und zwei Jahren Verlauf; --scale N
                               vervielfacht dessen Menge
  kinds [--json]               die Register mit ihren Feldern, Typen, Werten und Workflows
  add KIND JSON                legt einen Datensatz an und gibt ihn als JSON aus
  get KIND ID|REF              gibt einen Datensatz als JSON aus
  list KIND [--where FIELD=VALUE]... [--search TEXT] [--sort [-]FIELD] [--limit N] [--offset N] [--json]
  set KIND ID|REF JSON         ändert die angegebenen Felder und gibt den Datensatz aus
  delete KIND ID|REF
  move KIND ID|REF STATE [--note TEXT] [--at RFC3339]
  history KIND ID|REF [--json]
  search TEXT [--json]         über alle Register
  related KIND ID|REF [--json] die Datensätze, die darauf verweisen (die Störungen eines Problems,
                               die Changes eines CI)
  matrix [set IMPACT URGENCY PRIORITY | reset] [--json]
                               die Prioritätsmatrix des Arbeitsbereichs; set ändert eine Zelle
  sla report [--from DATE] [--to DATE] [--kind incident|request] [--json]
                               je SLA und Priorität: Tickets, eingehalten, verfehlt, Erfüllung,
                               Lösungszeiten
  budget report [--period P] [--json]
                               Budget, Ist und Abweichung je Budgetposition (Service und Zeitraum)
  impact CI_REF [--json]       jedes CI und jeder Service, die betroffen sind, wenn das CI ausfällt
  baseline create NAME [--description TEXT] | diff NAME [NAME2] | list
                               hält einen Stand der CMDB fest; vergleicht zwei Stände oder einen
                               mit jetzt

 ISO/IEC 20000-1:2018-Konformität (Bewertungen, Nachweise, Zertifizierungsreife):
  clauses [--json]             der Abschnittskatalog (unsere Zusammenfassungen, nie der Text der Norm)
  assess new TITLE [--type gap|internal|supplier] [--from ASSESSMENT] [--scope T] [--start D] [--end D]
                               [--lead-auditor NAME] [--auditors NAMES] [--supplier SUP] [--edition 2018|2018+amd1]
                               eine Bewertung mit einem Ergebnis je Anforderung; --from übernimmt
                               die Ergebnisse einer früheren, zu bestätigen
  assess set ASSESSMENT CLAUSE [--result R] [--maturity N] [--note TEXT] [--party NAME] [--confirm]
                               [--evidence REF]... [--remove-evidence REF]... [--file PATH]... [--remove-file NAME]...
                               [--done|--todo]
                               Ergebnisse: not_assessed conformant partially_conformant nonconformant
                               other_party (--party nennt, wer) no_instance (--note sagt, was geprüft
                               wurde); Reifegrad 0-5; eine Gruppenüberschrift (8.2, 8.5.1...) ergibt
                               sich aus ihren Unterabschnitten und wird nicht gesetzt
  assess show ASSESSMENT [--json]          Ergebnisse, Nachweise und Feststellungen je Abschnitt
  assess suggest ASSESSMENT [CLAUSE] [--json]
                               die Nachweise, die die Regeln jedes Abschnitts finden, und was fehlt
                               oder veraltet ist
  assess diff A B [--json]     was sich von A nach B verbessert und was sich verschlechtert hat
  assess finding ASSESSMENT CLAUSE --grade major|minor|observation|ofi --title TEXT
                               [--description TEXT] [--owner NAME] [--due DATE] [--nonconformity yes|no]
                               eine Haupt- oder Nebenabweichung eines internen oder Lieferantenaudits
                               eröffnet eine Nichtkonformität und ihre Korrekturmaßnahme; eine aus
                               einer Gap-Analyse ist eine Empfehlung und eröffnet keine, außer mit
                               --nonconformity yes
  assess programme [--years N] [--json]    die Abschnitte, die jedes interne Audit abgedeckt hat,
                                           und die, die keines abgedeckt hat
  assess export ASSESSMENT --out FILE.xlsx eine Zeile je Abschnitt, für Auditoren zum Ausfüllen offline
  assess import ASSESSMENT FILE.xlsx       liest sie Abschnitt für Abschnitt zurück (eine fehlerhafte
                                           Zeile: nichts wird importiert)
  readiness ASSESSMENT [--stage1] [--json] je Abschnittsgruppe und gesamt; Hindernisse für die
                                           Zertifizierung; --stage1: die geforderte und die
                                           vorhandene dokumentierte Information
  review pack [--from DATE] [--to DATE] [--into REVIEW [--overwrite]] [--json]
                               die Eingaben der Managementbewertung, aus dem Arbeitsbereich
                               zusammengestellt
  review decide REVIEW --title TEXT --owner NAME [--due DATE]
                               hält eine Entscheidung einer Managementbewertung als Maßnahme fest
 Tabellen (die Register eines Kunden hinein, jede Liste hinaus):
  import KIND FILE [--sheet NAME] [--map "Column=field"]... [--profile NAME] [--key FIELD]
                   [--dry-run] [--skip-invalid] [--language en|de] [--json]
                               CSV oder XLSX in ein Register; alles oder nichts, außer mit
                               --skip-invalid, das die abgelehnten Zeilen in FILE.rejected.xlsx schreibt
  export KIND --out FILE.xlsx|FILE.csv [--where FIELD=VALUE]... [--search TEXT] [--language en|de]
                               eine Liste in der Form, die import zurückliest (Zeilen behalten ihre
                               Referenzen)
  template KIND --out FILE.xlsx [--language en|de]
                               eine leere Vorlage mit Auswahllisten und Anleitung

  auditpack [--assessment ID|REF] [--from DATE] [--to DATE] [--sections LIST] [--language en|de]
            [--logo FILE] [--pdf FILE] [--xlsx FILE] [--json]
                               das Auditpaket: ein PDF-Bericht und eine Excel-Arbeitsmappe (auch
                               einzeln); Abschnitte: summary clauses findings services sla tickets
                               cmdb suppliers budget risks objectives programme review registers

 Sicherungen (mit VACUUM INTO erstellt und geprüft; im Datenordner unter der ID des Arbeitsbereichs):
  check [--json]              liest jede Seite des Arbeitsbereichs: ist er beschädigt?
  backup list [--json]         die Sicherungen des Arbeitsbereichs, die neueste zuerst
  backup create [--json]       eine Sicherung jetzt (die neuesten 20 werden behalten)
  backup restore ID            ersetzt den Arbeitsbereich durch eine Sicherung, nachdem sein Stand
                               gesichert wurde

 Abgleich über Bündel (Kopien eines Arbeitsbereichs auf mehreren Rechnern, ohne Server):
  site [--json]                ID, Name und Schlüssel-Fingerabdruck dieser Kopie
  bundle export --out FILE [--for SITE] [--passphrase-file F | --recipient AGE_PUBKEY]... [--plain]
                               schreibt ein signiertes, verschlüsseltes Bündel (für SITE: nur, was
                               ihr fehlt)
  bundle import FILE [--passphrase-file F | --identity FILE]
                               importiert ein Bündel; zeigt, was sich geändert hat
  bundle inspect FILE [--passphrase-file F | --identity FILE]
                               prüft ein Bündel und zeigt sein Manifest, ohne zu importieren
  peers [--json]               die Kopien, von denen diese Bündel erhalten hat
  conflicts [--json]           offene Konflikte mit den konkurrierenden Werten
  resolve CONFLICT_ID (--value JSON | --keep OP_ID)
  sync folder DIR [--passphrase-file F]
                               importiert die Bündel aller anderen Kopien in DIR und schreibt dann
                               das dieser Kopie

JSON kann als "-" angegeben werden, um es von der Standardeingabe zu lesen.
--db ist ohne Angabe $SMSWB_DB, sonst der Arbeitsbereich im Datenordner des Benutzers.
--language ist die Sprache der Meldungen (en oder de); ohne Angabe die des Systems (LC_ALL,
LC_MESSAGES, LANG), sonst Englisch.
`

// usageIn is the usage text in lang.
func usageIn(lang string) string {
	if lang == "de" {
		return usageDE
	}
	return usage
}
