package importer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// RunOptions say how a plan is imported.
type RunOptions struct {
	// Key is the field whose value finds the record a row updates; "" uses the ref column.
	// A row whose key finds no record creates one.
	Key string
	// DryRun checks every row through the workspace's rules and writes nothing.
	DryRun bool
	// SkipInvalid imports the valid rows and writes the others, with their reasons, to
	// Rejected. Without it an import is all or nothing: one invalid row and nothing is written.
	SkipInvalid bool
	// Rejected is where SkipInvalid writes the rejected rows; "" : RejectedPath of the source.
	Rejected string
	// Language is the language of the rejected rows' workbook: its sheet and first two
	// headers ("en" or "de"; "" is English). The source's own headers and cells stay as they were.
	Language string
	// Progress, when set, is told how many rows of how many are done, every progressStep rows.
	Progress func(done, total int)
	// Before runs before anything is written, unless it is a dry run (the caller's backup of
	// the workspace); an error imports nothing.
	Before func() error
}

// Result is what an import did, or in a dry run would do.
type Result struct {
	Kind     string     `json:"kind"`
	Rows     int        `json:"rows"`
	Created  int        `json:"created"`
	Updated  int        `json:"updated"`
	Invalid  int        `json:"invalid"` // rows refused, by a cell or by the workspace's rules
	Errors   []RowError `json:"errors"`  // the first maxErrors
	DryRun   bool       `json:"dry_run"`
	Written  bool       `json:"written"`            // whether anything was committed
	Rejected string     `json:"rejected,omitempty"` // the workbook of rejected rows, when written
	// Notes are what the import did that the source did not say outright, row by row: an
	// impact and urgency taken from a given priority, a given priority that contradicts the
	// impact and urgency given with it (kept as given, the contradiction visible on the record).
	Notes []string `json:"notes,omitempty"`
}

// maxNotes is how many notes a result keeps.
const maxNotes = 200

// InvalidError is the error of an all-or-nothing import that found invalid rows.
type InvalidError struct{ Result *Result }

func (e *InvalidError) Error() string {
	first := ""
	if len(e.Result.Errors) > 0 {
		first = "; first: " + e.Result.Errors[0].String()
	}
	return fmt.Sprintf("%d of %d rows cannot be imported, so nothing was imported%s", e.Result.Invalid, e.Result.Rows, first)
}

// FaultCode is "import.rows_invalid".
func (e *InvalidError) FaultCode() string { return "import.rows_invalid" }

// FaultField is "": the rows are wrong, not an option of the import.
func (e *InvalidError) FaultField() string { return "" }

const progressStep = 500

// errRollBack ends a dry run or a refused import: the transaction is undone.
var errRollBack = errors.New("roll back")

// RejectedPath is where the rejected rows of a source go: "<name>.rejected.xlsx" beside it.
func RejectedPath(source string) string {
	return strings.TrimSuffix(source, filepath.Ext(source)) + ".rejected.xlsx"
}

// Run imports a plan's rows into the workspace in one transaction, each row through the
// workspace's rules as an edit would be; every op notes the file and row it came from.
func Run(ctx context.Context, s *store.Store, p *Plan, opt RunOptions) (*Result, error) {
	res := &Result{Kind: p.Kind.Name, DryRun: opt.DryRun}
	if opt.Key != "" {
		if f, ok := p.Kind.Field(opt.Key); !ok || f.Type == schema.Refs || f.Type == schema.Table {
			return nil, fault.New("import.key_invalid", "key", "the key %q is not a field of %s that can identify a record (fields: %s)", opt.Key, p.Kind.Plural, keyFields(p.Kind))
		}
		if !p.maps(opt.Key) {
			return nil, fault.New("import.key_invalid", "key", "the key %q: no column maps to it", opt.Key)
		}
	}
	var rejects *rejectedBook
	if opt.SkipInvalid && !opt.DryRun {
		path := opt.Rejected
		if path == "" {
			path = RejectedPath(p.Source.Path)
		}
		if err := s.CheckOutput(path); err != nil {
			return nil, err
		}
		rejects = &rejectedBook{path: path, header: p.sourceHeader(), lang: opt.Language}
		defer rejects.discard()
	}
	if opt.Before != nil && !opt.DryRun {
		if err := opt.Before(); err != nil {
			return nil, err
		}
	}
	note := "imported from " + filepath.Base(p.Source.Path)
	titles := newTitleFinder()
	err := s.Write(ctx, func(tx *store.Tx) error {
		err := p.Each(func(row *ParsedRow) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			res.Rows++
			if opt.Progress != nil && res.Rows%progressStep == 0 {
				opt.Progress(res.Rows, p.Rows)
			}
			errs := row.Errors
			if len(errs) == 0 {
				safe := opt.SkipInvalid || res.Invalid > 0
				errs = importRow(tx, p, row, opt.Key, fmt.Sprintf("%s row %d", note, row.Line), titles, res, safe)
			}
			if len(errs) == 0 {
				return nil
			}
			res.Invalid++
			for _, e := range errs {
				if len(res.Errors) < maxErrors {
					res.Errors = append(res.Errors, e)
				}
			}
			if rejects != nil {
				return rejects.add(row.Cells, errs)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(res.Rows, p.Rows)
		}
		if opt.DryRun || res.Invalid > 0 && !opt.SkipInvalid {
			return errRollBack
		}
		if rejects != nil && res.Invalid > 0 {
			// Before the commit: if the rejected rows cannot be kept, nothing is imported.
			if err := rejects.save(); err != nil {
				return err
			}
			res.Rejected = rejects.path
		}
		return nil
	})
	switch {
	case errors.Is(err, errRollBack):
		if !opt.DryRun {
			return res, &InvalidError{Result: res}
		}
		return res, nil
	case err != nil:
		return nil, err
	}
	res.Written = res.Created+res.Updated > 0
	return res, nil
}

// importRow writes one row inside its own savepoint and reports why it cannot be written.
//
// With safe, the row is written inside a savepoint, so that a row failing halfway leaves
// nothing. An import that is undone anyway on the first invalid row (all or nothing, or a dry
// run) writes rows without one until then: a savepoint per row costs a fifth of the import.
func importRow(tx *store.Tx, p *Plan, row *ParsedRow, keyField, note string, titles *titleFinder, res *Result, safe bool) []RowError {
	input := row.Input
	var errs []RowError
	rowErr := func(field string, reason error) {
		col, val := p.cell(row, field)
		if col == "" && field != "" {
			// No column fills it: name the field, which the mapping can then give a column.
			label := schema.Word{Path: "field." + p.Kind.Name + "." + field, English: field}
			if f, ok := p.Kind.Field(field); ok {
				label.English = f.Label
			}
			reason = fault.New("import.field_unfilled", "", "%s (%s) %v, and no column fills it", label, field, reason)
		}
		errs = append(errs, rowError(row.Line, col, val, reason))
	}
	// References may name a record by its ref or by its exact title.
	for _, f := range p.Kind.Fields {
		if (f.Type != schema.Ref && f.Type != schema.Refs) || f.Ref == schema.AnyKind || input[f.Name] == nil {
			continue
		}
		resolved, err := titles.resolve(tx, f.Ref, input[f.Name])
		if err != nil {
			rowErr(f.Name, err)
			continue
		}
		input[f.Name] = resolved
	}
	// Another tool's number (INC0041236) is kept as the record's number in the source, and a
	// later import of the same export updates the record that has it.
	if ref, _ := input[RefColumn].(string); ref != "" && keyField == "" && !isWorkbenchRef(p.Kind, ref) && !looksLikeID(ref) {
		if _, ok := p.Kind.Field("source_ref"); ok {
			if input["source_ref"] == nil {
				input["source_ref"] = ref
			}
			keyField = "source_ref"
		}
	}
	key, err := findKey(tx, p.Kind, keyField, input)
	if err != nil {
		rowErr(keyOr(keyField), err)
	}
	if note := priorityNote(tx, p.Kind, input, titles); note != "" && len(res.Notes) < maxNotes {
		res.Notes = append(res.Notes, fmt.Sprintf("row %d: %s", row.Line, note))
	}
	// Every fault of the row at once, not the first the workspace meets: values outside their
	// lists, and, for a new record, every required field left empty.
	for _, f := range p.Kind.Fields {
		v, given := input[f.Name]
		switch {
		case given && v != nil && len(f.Enum) > 0 && f.Type != schema.Tags:
			if _, err := f.Normalize(v); err != nil {
				rowErr(f.Name, err)
			}
		case key == "" && err == nil && f.Required && !f.Computed && (!given || v == nil) && f.Default == nil:
			rowErr(f.Name, fault.New("field.required", "", "is required"))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, f := range p.Kind.Fields {
		if amount, ok := input[f.Name].(string); ok && f.Type == schema.Money && !strings.Contains(amount, " ") {
			if cur := currencyFor(tx, p.Kind, f.Name, key, titles); cur != "" {
				input[f.Name] = amount + " " + cur
			}
		}
	}
	write := func() error {
		_, created, err := tx.ImportRecord(p.Kind.Name, key, withoutRef(input), store.Change{Note: note})
		if err == nil {
			if created {
				res.Created++
			} else {
				res.Updated++
			}
		}
		return err
	}
	if safe {
		err = tx.Try(write)
	} else if err = tx.Spill(); err == nil {
		err = write()
	}
	if err == nil {
		return nil
	}
	var fe *store.FieldError
	if errors.As(err, &fe) {
		rowErr(fe.Field, fieldDetail{fe})
	} else {
		rowErr("", err)
	}
	return errs
}

// priorityNote sets a ticket's impact and urgency from the priority its tool gave when the row
// gives neither (so that the record is prioritised as the tool had it, and its clock has a
// target); when the row gives all three and they disagree, it says so (the priority stays as
// given: the history of the tool it comes from).
func priorityNote(tx *store.Tx, k *schema.Kind, input map[string]any, titles *titleFinder) string {
	if !k.GivenOnImport("priority") || input["priority"] == nil {
		return ""
	}
	given, err := strconv.ParseInt(fmt.Sprint(input["priority"]), 10, 64)
	if err != nil {
		return ""
	}
	m := titles.matrix(tx)
	impact, urgency := input["impact"], input["urgency"]
	switch {
	case impact == nil && urgency == nil:
		if i, u, ok := m.Pair(given); ok {
			input["impact"], input["urgency"] = i, u
			return fmt.Sprintf("impact %d and urgency %d taken from the priority %d given", i, u, given)
		}
	case impact != nil && urgency != nil:
		i, err1 := strconv.ParseInt(fmt.Sprint(impact), 10, 64)
		u, err2 := strconv.ParseInt(fmt.Sprint(urgency), 10, 64)
		if err1 != nil || err2 != nil {
			return ""
		}
		if made, ok := m.Priority(i, u); ok && made != given {
			return fmt.Sprintf("priority %d given, but impact %d and urgency %d make %d in the priority matrix; kept as given", given, i, u, made)
		}
	}
	return ""
}

func keyOr(field string) string {
	if field == "" {
		return RefColumn
	}
	return field
}

func withoutRef(in map[string]any) map[string]any {
	if _, ok := in[RefColumn]; !ok {
		return in
	}
	out := make(map[string]any, len(in))
	for k, v := range in {
		if k != RefColumn {
			out[k] = v
		}
	}
	return out
}

// workbenchRef is the shape of the refs the workbench gives (INC-00042); siteRef that of a
// kind numbered per copy (FND-3F2A-0001, schema.Kind.SiteRefs).
var (
	workbenchRef = regexp.MustCompile(`(?i)^[a-z]+-\d+$`)
	siteRef      = regexp.MustCompile(`(?i)^[a-z]+-[0-9a-f]{4}-\d+$`)
)

// isWorkbenchRef says whether a ref has the shape the workbench gives records of the kind.
func isWorkbenchRef(k *schema.Kind, ref string) bool {
	return workbenchRef.MatchString(ref) || k.SiteRefs && siteRef.MatchString(ref)
}

func looksLikeID(s string) bool {
	return len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-'
}

// findKey returns the ref of the record a row updates, "" when it creates one.
func findKey(tx *store.Tx, k *schema.Kind, keyField string, input map[string]any) (string, error) {
	if keyField == "" {
		ref, _ := input[RefColumn].(string)
		if ref == "" || !isWorkbenchRef(k, ref) && !looksLikeID(ref) {
			return "", nil // the number another tool gave it (INC0010001): a new record
		}
		r, err := tx.Get(k.Name, ref)
		var nf *store.NotFoundError
		switch {
		case errors.As(err, &nf):
			return "", nil // a ref of the tool it comes from: a new record
		case err != nil:
			return "", err
		}
		return r.Ref, nil
	}
	v := input[keyField]
	if v == nil {
		return "", nil
	}
	recs, err := tx.List(k.Name, store.Query{Where: []store.Filter{{Field: keyField, Op: "=", Value: v}}, Limit: 2})
	if err != nil {
		return "", err
	}
	switch len(recs) {
	case 0:
		return "", nil
	case 1:
		return recs[0].Ref, nil
	}
	return "", fault.New("import.row_invalid", "", "%d or more %s have %s %v; the key must name one", len(recs), k.PluralWord(), keyField, v)
}

func keyFields(k *schema.Kind) string {
	var names []string
	for _, f := range k.Fields {
		if f.Type != schema.Refs && f.Type != schema.Table && !f.Computed {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}

// maps tells whether a column maps to the field.
func (p *Plan) maps(field string) bool {
	for _, c := range p.Columns {
		if c.Field == field {
			return true
		}
	}
	return false
}

// cell is the header and the text of the column that fills a field in a row.
func (p *Plan) cell(row *ParsedRow, field string) (string, string) {
	for _, c := range p.Columns {
		if c.Field == field && field != "" {
			if c.Index < len(row.Cells) {
				return c.Header, row.Cells[c.Index]
			}
			return c.Header, ""
		}
	}
	return "", ""
}

// sourceHeader is the header row as read, each column once.
func (p *Plan) sourceHeader() []string {
	out := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		out[i] = c.Header
	}
	return out
}

// titleFinder resolves references given as a ref or as a record's exact title, remembering
// each answer for the rest of the import.
type titleFinder struct {
	found map[string]string // kind + "\x00" + text -> ref
	fails map[string]error  // kind + "\x00" + text -> why it names no record
	prio  *itsm.Matrix      // the workspace's priority matrix, read once
}

// matrix is the workspace's priority matrix (the usual one when it has none of its own).
func (f *titleFinder) matrix(tx *store.Tx) itsm.Matrix {
	if f.prio == nil {
		m := itsm.DefaultMatrix
		if page, err := tx.List("setting", store.Query{Where: []store.Filter{{Field: "title", Op: "=", Value: itsm.MatrixSetting}}, Limit: 1}); err == nil && len(page) > 0 {
			if parsed, err := itsm.ParseMatrix(fmt.Sprint(page[0].Values["value"])); err == nil {
				m = parsed
			}
		}
		f.prio = &m
	}
	return *f.prio
}

func newTitleFinder() *titleFinder { return &titleFinder{found: map[string]string{}} }

func (f *titleFinder) resolve(tx *store.Tx, kind string, v any) (any, error) {
	switch x := v.(type) {
	case string:
		return f.one(tx, kind, x)
	case []string:
		out := make([]string, 0, len(x))
		for _, s := range x {
			ref, err := f.one(tx, kind, s)
			if err != nil {
				return nil, err
			}
			out = append(out, ref)
		}
		return out, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, s := range x {
			ref, err := f.one(tx, kind, fmt.Sprint(s))
			if err != nil {
				return nil, err
			}
			out = append(out, ref)
		}
		return out, nil
	}
	return v, nil
}

func (f *titleFinder) one(tx *store.Tx, kind, text string) (string, error) {
	text = strings.TrimSpace(text)
	key := kind + "\x00" + text
	if ref, ok := f.found[key]; ok {
		return ref, nil
	}
	if err, ok := f.fails[key]; ok {
		return "", err
	}
	ref, err := findByRefOrTitle(tx, kind, text)
	if err != nil {
		if f.fails == nil {
			f.fails = map[string]error{}
		}
		f.fails[key] = err
		return "", err
	}
	f.found[key] = ref
	return ref, nil
}

func findByRefOrTitle(tx *store.Tx, kind, text string) (string, error) {
	if r, err := tx.Get(kind, text); err == nil {
		return r.Ref, nil
	}
	recs, err := tx.List(kind, store.Query{Where: []store.Filter{{Field: "title", Op: "=", Value: text}}, Limit: 2})
	if err != nil {
		return "", err
	}
	switch len(recs) {
	case 1:
		return recs[0].Ref, nil
	case 0:
		return "", fault.New("import.ref_unknown", "", "no %s has the ref or title %q", schema.Word{Path: "kind." + kind + ".label", English: kind}, text)
	}
	return "", fault.New("import.ref_ambiguous", "", "several %s records have the title %q: give the ref", schema.Word{Path: "kind." + kind + ".label", English: kind}, text)
}

// currencyFor is the currency of a bare amount (an Excel cell formatted as currency reads as
// its number): that of the record the row updates, else the one the register's records use;
// "" when neither has one, and the store asks for it.
func currencyFor(tx *store.Tx, k *schema.Kind, field, key string, cache *titleFinder) string {
	if key != "" {
		if r, err := tx.Get(k.Name, key); err == nil {
			if m, ok := r.Values[field].(schema.MoneyValue); ok {
				return m.Currency
			}
		}
	}
	memo := "\x01currency\x00" + k.Name + "\x00" + field
	if cur, ok := cache.found[memo]; ok {
		return cur
	}
	cur := ""
	if recs, err := tx.List(k.Name, store.Query{Where: []store.Filter{{Field: field, Op: "!=", Value: ""}}, Limit: 1}); err == nil && len(recs) > 0 {
		if m, ok := recs[0].Values[field].(schema.MoneyValue); ok {
			cur = m.Currency
		}
	}
	cache.found[memo] = cur
	return cur
}

// fieldDetail is a field's refusal said of the field alone, in any language (a row's reason
// names its column already).
type fieldDetail struct{ fe *store.FieldError }

func (d fieldDetail) Error() string               { return d.fe.Msg }
func (d fieldDetail) Localize(lang string) string { return d.fe.Detail(lang) }
