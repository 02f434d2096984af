package compliance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/xuri/excelize/v2"

	"smsworkbench/internal/compliance/catalogue"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/importer"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/sheets"
	"smsworkbench/internal/store"
)

// An assessment travels to auditors as a workbook: the sheet Clauses has one row per clause
// (its id and title, and the result, maturity, notes, evidence refs and done that the auditors
// fill in), the sheet About says which assessment it is and how to fill it. It comes back
// clause by clause, matched by the clause id: every row is checked first, and one bad row
// imports nothing.

const (
	clausesSheet = "Clauses"
	aboutSheet   = "About"
)

// The columns of the Clauses sheet; the import reads the editable ones by these headers (in
// English or German, whatever the language it was written in).
const (
	colClause   = "Clause"
	colTitle    = "Title"
	colResult   = "Result"
	colMaturity = "Maturity"
	colNotes    = "Notes"
	colEvidence = "Evidence"
	colDone     = "Done"
	colFiles    = "Files (kept in the workspace)"
	colFindings = "Findings"
	colParty    = "Fulfilled by"
	colCarried  = "Carried forward, not re-verified"
)

// rollupMark begins the Result cell of a group heading, which is not assessed.
const rollupMark = "Rolls up: "

// bookWords are the workbook's own words in one language, by their English ones: the sheets,
// the columns, the rollup mark, yes and no, and the About sheet's labels.
type bookWords map[string]string

var germanBook = bookWords{
	clausesSheet: "Abschnitte", aboutSheet: "Angaben",
	colClause: "Abschnitt", colTitle: "Titel", colResult: "Ergebnis", colMaturity: "Reifegrad", colNotes: "Notizen",
	colEvidence: "Nachweise", colDone: "Erledigt", colFiles: "Dateien (im Arbeitsbereich)", colFindings: "Feststellungen",
	colParty: "Erfüllt durch", colCarried: "Übernommen, nicht erneut verifiziert",
	rollupMark: "Fasst zusammen: ", "yes": "Ja", "no": "Nein",
	"Assessment": "Bewertung", "Type": "Art", "State": "Status", "Scope": "Anwendungsbereich", "Period": "Zeitraum",
	"Lead auditor": "Leitender Auditor", "Auditors": "Auditoren", "Edition": "Ausgabe",
	"How to fill it": "So wird es ausgefüllt", "Import it back": "Zurück importieren",
}

// say is the word in the workbook's language (nil: English).
func (w bookWords) say(english string) string {
	if t, ok := w[english]; ok {
		return t
	}
	return english
}

func bookWordsIn(lang string) bookWords {
	if lang == "de" {
		return germanBook
	}
	return nil
}

// WorkbookResult says what an assessment export or import did.
type WorkbookResult struct {
	Assessment string              `json:"assessment"`
	Path       string              `json:"path"`
	Rows       int                 `json:"rows"`
	Changed    int                 `json:"changed,omitempty"` // import: clauses whose result record changed
	Errors     []importer.RowError `json:"errors,omitempty"`
}

// ExportWorkbook writes an assessment's clauses to path (.xlsx) for auditors to fill in, in
// lang ("en" or "de"; "" is English): its sheets, headers, clause titles, results, yes and no and
// its About sheet.
func (w *Workbench) ExportWorkbook(ctx context.Context, key, path, lang string) (*WorkbookResult, error) {
	if err := importer.Language(lang); err != nil {
		return nil, err
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return nil, fault.New("output.extension", "path", "the file %q must end in .xlsx", path)
	}
	if err := w.s.CheckOutput(path); err != nil {
		return nil, err
	}
	ctx = i18n.WithLang(ctx, lang) // the clause titles and evidence texts in the workbook's language
	a, err := w.Show(ctx, key)
	if err != nil {
		return nil, err
	}
	if err := importer.WriteFile(path, func(w io.Writer) error { return writeAssessmentBook(a, lang, w) }); err != nil {
		return nil, err
	}
	return &WorkbookResult{Assessment: a.Ref, Path: path, Rows: len(a.Clauses)}, nil
}

func resultLabels() []string { return resultLabelsIn("en") }

// resultLabelsIn are the words of the results an auditor chooses from, in lang.
func resultLabelsIn(lang string) []string {
	var out []string
	for _, r := range catalogue.Results {
		if catalogue.Chosen(r[0]) {
			out = append(out, catalogue.Word(lang, "result", r[0]))
		}
	}
	return out
}

func writeAssessmentBook(a *Assessment, lang string, w io.Writer) error {
	words := bookWordsIn(lang)
	f := excelize.NewFile()
	defer f.Close()
	b, err := sheets.NewBookIn(f, lang)
	if err != nil {
		return err
	}
	clauses, about := words.say(clausesSheet), words.say(aboutSheet)
	if err := f.SetSheetName("Sheet1", clauses); err != nil {
		return err
	}
	if _, err := f.NewSheet(about); err != nil {
		return err
	}
	yes, no := words.say("yes"), words.say("no")
	cols := []sheets.Column{
		{Header: words.say(colClause), Width: 9}, {Header: words.say(colTitle), Width: 40},
		{Header: words.say(colResult), Width: 22, List: resultLabelsIn(lang)}, {Header: words.say(colMaturity), Width: 10, Whole: &[2]int{0, 5}},
		{Header: words.say(colNotes), Width: 60}, {Header: words.say(colEvidence), Width: 30}, {Header: words.say(colDone), Width: 8, List: []string{yes, no}},
		{Header: words.say(colFiles), Width: 30}, {Header: words.say(colFindings), Width: 30},
		{Header: words.say(colParty), Width: 24}, {Header: words.say(colCarried), Width: 14, List: []string{yes, no}},
	}
	for _, c := range cols {
		b.PlanList(c.List)
	}
	if err := b.WriteLists(); err != nil {
		return err
	}
	if err := writeAbout(b, a, lang); err != nil {
		return err
	}
	_, err = b.Table(clauses, "Clauses", cols, func(emit func([]any) error) error {
		for _, c := range a.Clauses {
			var maturity any
			if c.Maturity != nil {
				maturity = *c.Maturity
			}
			var evidence, files, findings []string
			for _, l := range c.Evidence {
				evidence = append(evidence, sheets.LinkRef(l))
			}
			for _, fl := range c.Files {
				files = append(files, fl.Name)
			}
			for _, fd := range c.Findings {
				findings = append(findings, fd.Ref)
			}
			done, carried := no, no
			if c.Status == "done" {
				done = yes
			}
			if c.Carried {
				carried = yes
			}
			result := catalogue.Word(lang, "result", c.Result)
			if c.Rollup {
				// A heading is read, never filled: what its requirements found.
				result, done, carried = words.say(rollupMark)+result, "", ""
			}
			title := c.Title
			if local, ok := catalogue.ClauseIn(lang, c.Clause); ok && lang == "de" {
				title = local.Title
			}
			row := []any{b.Text(c.Clause), b.Text(title), b.Text(result), maturity, b.Text(c.Notes),
				b.Text(strings.Join(evidence, ", ")), done, b.Text(strings.Join(files, ", ")), b.Text(strings.Join(findings, ", ")),
				b.Text(c.Party), carried}
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := b.Err(); err != nil {
		return err
	}
	return sheets.WriteZipped(f, w)
}

// writeAbout names the assessment (the import checks it) and says how to fill the workbook.
func writeAbout(b *sheets.Book, a *Assessment, lang string) error {
	if lang == "de" {
		return writeAboutIn(b, a, germanBook, germanAbout(a))
	}
	return writeAboutIn(b, a, nil, [][2]string{
		{"Assessment", a.Ref},
		{"Title", a.Title},
		{"Type", a.Type},
		{"State", a.Status},
		{"Scope", a.Scope},
		{"Period", strings.Trim(a.Start+" – "+a.End, " –")},
		{"Lead auditor", a.LeadAuditor},
		{"Auditors", a.Auditors},
		{"", ""},
		{"Edition", a.Edition},
		{"How to fill it", "On the sheet Clauses, give each requirement its Result (from the list), Maturity (0-5), Notes and Evidence " +
			"(refs of records, separated by commas), and Done (yes or no). ISO/IEC 20000-1 allows no exclusion: a requirement another " +
			"party fulfils is \"Fulfilled by another party\" with the party in \"Fulfilled by\" (it counts through 8.2.3); one whose " +
			"records cannot exist in the period is \"No instance in the period\" with what was checked in Notes. A result carried " +
			"forward from an earlier assessment counts once confirmed: set \"Carried forward\" to no, or change the result. " +
			"Group headings (\"Rolls up\") are not assessed: leave their rows as they are. Leave the Clause column as it is: the " +
			"import matches rows by it. Title, Files and Findings are for reading; changes there are not imported."},
		{"Import it back", "smsworkbench assess import " + a.Ref + " FILE.xlsx — every row is checked first; one bad row imports nothing."},
	})
}

// germanAbout is the About sheet in German: the assessment's type, state and edition by their
// German words, the dates as German write them.
func germanAbout(a *Assessment) [][2]string {
	w := germanBook
	typ, state := a.Type, a.Status
	if k, ok := schema.Default.Kind("assessment"); ok {
		if lk, err := schema.Default.LocalizedKind(k, "de"); err == nil {
			if f, ok := lk.Field("assessment_type"); ok {
				typ = sheets.EnumLabel(f, a.Type)
			}
			state = sheets.StateLabel(lk, a.Status)
		}
	}
	words := sheets.Words{Lang: "de"}
	return [][2]string{
		{w.say("Assessment"), a.Ref},
		{"Titel", a.Title},
		{w.say("Type"), typ},
		{w.say("State"), state},
		{w.say("Scope"), a.Scope},
		{w.say("Period"), strings.Trim(words.DateText(a.Start)+" – "+words.DateText(a.End), " –")},
		{w.say("Lead auditor"), a.LeadAuditor},
		{w.say("Auditors"), a.Auditors},
		{"", ""},
		{w.say("Edition"), catalogue.Word("de", "edition", a.Edition)},
		{w.say("How to fill it"), "Auf dem Blatt „Abschnitte“ erhält jede Anforderung ihr Ergebnis (aus der Liste), den Reifegrad (0–5), " +
			"Notizen und Nachweise (Refs von Datensätzen, durch Kommas getrennt) sowie „Erledigt“ (Ja oder Nein). ISO/IEC 20000-1 " +
			"kennt keine Ausschlüsse: Eine Anforderung, die eine andere Partei erfüllt, erhält „Von einer anderen Partei erfüllt“ und " +
			"die Partei unter „Erfüllt durch“ (sie zählt über 8.2.3); eine, zu der es im Zeitraum keine Aufzeichnungen geben kann, " +
			"erhält „Kein Fall im Zeitraum“ und in den Notizen, was stattdessen geprüft wurde. Ein aus einer früheren Bewertung " +
			"übernommenes Ergebnis zählt, sobald es bestätigt ist: „Übernommen“ auf Nein setzen oder das Ergebnis ändern. " +
			"Gruppenüberschriften („Fasst zusammen“) werden nicht bewertet: ihre Zeilen so lassen. Die Spalte „Abschnitt“ nicht " +
			"ändern: Der Import ordnet die Zeilen über sie zu. Titel, Dateien und Feststellungen sind zum Lesen; Änderungen dort " +
			"werden nicht importiert."},
		{w.say("Import it back"), "smsworkbench assess import " + a.Ref + " DATEI.xlsx — zuerst wird jede Zeile geprüft; ist eine fehlerhaft, wird nichts importiert."},
	}
}

func writeAboutIn(b *sheets.Book, a *Assessment, words bookWords, rows [][2]string) error {
	about := words.say(aboutSheet)
	f := b.File()
	for i, r := range rows {
		if r[0] == "" {
			continue
		}
		if err := b.SetText(about, fmt.Sprintf("A%d", i+1), r[0]); err != nil {
			return err
		}
		if err := b.SetText(about, fmt.Sprintf("B%d", i+1), r[1]); err != nil {
			return err
		}
		f.SetCellStyle(about, fmt.Sprintf("A%d", i+1), fmt.Sprintf("A%d", i+1), b.Bold)
		f.SetCellStyle(about, fmt.Sprintf("B%d", i+1), fmt.Sprintf("B%d", i+1), b.Wrap)
	}
	f.SetColWidth(about, "A", "A", 18)
	f.SetColWidth(about, "B", "B", 100)
	return nil
}

// errNotImported undoes an assessment import that found bad rows.
var errNotImported = errors.New("not imported")

// ImportWorkbook reads a workbook written by ExportWorkbook (and filled in by auditors) into
// the assessment key, clause by clause. It returns the per-row errors with the error when a
// row is wrong; then nothing is imported.
func (w *Workbench) ImportWorkbook(ctx context.Context, key, path string) (*WorkbookResult, error) {
	a, err := w.s.Get(ctx, "assessment", key)
	if err != nil {
		return nil, err
	}
	if about, err := aboutAssessment(path); err == nil && about != "" && !strings.EqualFold(about, a.Ref) {
		return nil, fault.New("workbook.other_assessment", "path", "%s is the workbook of assessment %s, not %s", filepath.Base(path), about, a.Ref)
	}
	src, err := importer.Open(path, importer.OpenOptions{Sheet: clausesSheet})
	if err != nil {
		// a workbook written in German
		if de, derr := importer.Open(path, importer.OpenOptions{Sheet: germanBook[clausesSheet]}); derr == nil {
			src, err = de, nil
		}
	}
	if err != nil {
		return nil, err
	}
	defer src.Close()
	col := map[string]int{}
	for i, h := range src.Header {
		for _, name := range []string{colClause, colResult, colMaturity, colNotes, colEvidence, colDone, colParty, colCarried} {
			if h = strings.TrimSpace(h); strings.EqualFold(h, name) || strings.EqualFold(h, germanBook[name]) {
				col[name] = i
			}
		}
	}
	if _, ok := col[colClause]; !ok {
		return nil, fault.New("workbook.clause_column_missing", "path", "sheet %q has no column %q: the import matches rows by it", clausesSheet, colClause)
	}
	res := &WorkbookResult{Assessment: a.Ref, Path: path}
	seen := map[string]int{}
	var firstCause error // the coded error of the first bad row, when it has one
	err = w.s.Write(ctx, func(t *store.Tx) error {
		for {
			row, ok, err := src.Next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			res.Rows++
			rowErr := func(column, value, reason string) {
				res.Errors = append(res.Errors, importer.RowError{Row: row.Line, Column: column, Value: value, Reason: reason})
			}
			cell := func(name string) (string, bool) {
				i, ok := col[name]
				if !ok || i >= len(row.Cells) {
					return "", ok
				}
				return strings.TrimSpace(row.Cells[i]), true
			}
			clause, _ := cell(colClause)
			c, known := catalogue.Lookup(clause)
			if !known {
				if len(res.Errors) == 0 {
					firstCause = unknownClause(clause)
				}
				rowErr(colClause, clause, "is not a clause of ISO/IEC 20000-1:2018")
				continue
			}
			if first, dup := seen[clause]; dup {
				rowErr(colClause, clause, fmt.Sprintf("the same clause as row %d", first))
				continue
			}
			seen[clause] = row.Line
			if c.Rollup {
				// A heading's row is for reading; a result typed there would be lost, so it is
				// refused rather than ignored.
				if v, _ := cell(colResult); v != "" && !strings.HasPrefix(v, rollupMark) && !strings.HasPrefix(v, germanBook[rollupMark]) {
					rowErr(colResult, v, fmt.Sprintf("%s is a group heading and is not assessed: give results to %s", clause, strings.Join(catalogue.Children(clause), ", ")))
				}
				continue
			}
			ch, column, value, err := clauseChange(t, a, clause, cell)
			if err != nil {
				rowErr(column, value, err.Error())
				continue
			}
			err = t.Try(func() error {
				before, err := clauseRecord(t, a, clause)
				if err != nil {
					return err
				}
				input, err := ch.input(clause)
				if err != nil {
					return err
				}
				if _, err := setClause(t, a.ID, clause, ch, input); err != nil {
					return err
				}
				after, err := clauseRecord(t, a, clause)
				if err == nil && (after.Status != before.Status || !reflect.DeepEqual(after.Values, before.Values)) {
					res.Changed++
				}
				return err
			})
			if err != nil {
				rowErr("", "", err.Error())
			}
		}
		if len(res.Errors) > 0 {
			return errNotImported
		}
		return nil
	})
	if errors.Is(err, errNotImported) {
		e := fault.New("workbook.rows_invalid", "path", "%d rows of %s cannot be imported, so nothing was imported; first: %s",
			len(res.Errors), filepath.Base(path), res.Errors[0])
		e.Err = firstCause // its code, for the advice a reader of the first row needs
		return res, e
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// clauseChange reads one row's editable cells as a change of the clause; on a bad cell it
// returns the column and the value with the error.
func clauseChange(t *store.Tx, a *store.Record, clause string, cell func(string) (string, bool)) (Change, string, string, error) {
	var ch Change
	cr, err := clauseRecord(t, a, clause)
	if err != nil {
		return ch, "", "", err
	}
	// Cells as exported change nothing: a result is given only when it differs (giving one
	// marks the clause done), and Done only when it differs from the clause's state.
	if v, ok := cell(colResult); ok {
		name, found := "", false
		for _, r := range catalogue.Results {
			if strings.EqualFold(v, r[0]) || strings.EqualFold(v, r[1]) || strings.EqualFold(v, catalogue.Word("de", "result", r[0])) {
				name, found = r[0], true
			}
		}
		if !found {
			return ch, colResult, v, fmt.Errorf("is not a result (results: %s)", strings.Join(resultLabels(), ", "))
		}
		if current, _ := cr.Values["result"].(string); name != current {
			ch.Result = &name
		}
	}
	if v, ok := cell(colMaturity); ok {
		current := ""
		if m, ok := cr.Values["maturity"].(int64); ok {
			current = fmt.Sprint(m)
		}
		if v != current {
			ch.Maturity = &v
		}
	}
	if v, ok := cell(colNotes); ok {
		ch.Note = &v
	}
	if v, ok := cell(colParty); ok {
		if current, _ := cr.Values["party"].(string); v != current {
			ch.Party = &v
		}
	}
	if v, ok := cell(colCarried); ok && v != "" {
		switch strings.ToLower(v) {
		case "no", "n", "false", "0", "confirmed", "nein", "bestätigt", "non":
			ch.Confirm = cr.Values["carried_forward"] == true
		case "yes", "y", "true", "1", "ja", "j", "oui":
		default:
			return ch, colCarried, v, fmt.Errorf("is not yes or no")
		}
	}
	if v, ok := cell(colDone); ok && v != "" {
		var done bool
		switch strings.ToLower(v) {
		case "yes", "y", "true", "x", "done", "1", "ja", "j", "erledigt", "oui":
			done = true
		case "no", "n", "false", "todo", "0", "nein", "offen", "non":
		default:
			return ch, colDone, v, fmt.Errorf("is not yes or no")
		}
		if done != (cr.Status == "done") {
			ch.Done = &done
		}
	}
	if v, ok := cell(colEvidence); ok {
		// The evidence given replaces the clause's: links not in the cell are removed.
		given := map[string]bool{}
		for _, key := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			key = strings.TrimSpace(key)
			if key == "" {
				continue
			}
			id, err := t.Locate(key)
			if err != nil {
				return ch, colEvidence, v, fmt.Errorf("%q: %v", key, err)
			}
			given[id] = true
			ch.AddEvidence = append(ch.AddEvidence, id)
		}
		current, _ := cr.Values["evidence"].([]string)
		for _, id := range current {
			if !given[id] {
				ch.RemoveEvidence = append(ch.RemoveEvidence, id)
			}
		}
	}
	return ch, "", "", nil
}

// aboutAssessment is the assessment ref the About sheet names ("" when there is none), in a
// workbook written in English or German.
func aboutAssessment(path string) (string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	for _, words := range []bookWords{nil, germanBook} {
		about := words.say(aboutSheet)
		if label, _ := f.GetCellValue(about, "A1"); label == words.say("Assessment") {
			return f.GetCellValue(about, "B1")
		}
	}
	return "", nil
}
