package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
)

// Reading a register whole, for the code that reports on it (the dashboard, the SLA and budget
// reports, the audit pack, the management review's trends) and the CMDB graph: counts and
// groups (Aggregate, CountWhere) and a streaming reader of some columns (Columns). Callers name
// kinds, fields and filters, never SQL: every name is checked against the kind's declaration and
// quoted by quote (tables.go) before any SQL is built, by the same code as a list's filters
// (conditions), so the register tables stay the store's to lay out.
//
// Values are read as stored: the time-dependent values of open records (an SLA clock, an overdue
// flag) are as the last write or RefreshLive left them.

// Operators a filter of Aggregate, CountWhere and Columns takes besides those of a list.
const (
	// OpOpen selects, on the status, the records in a state of their kind's workflow that is
	// open work: neither final nor done (schema.Kind.OpenStates). It takes no value.
	OpOpen = "open"
	// OpIn selects the records whose field holds one of a list of values ([]string or []any):
	// record ids for the id and a reference field (a references field holding any of them),
	// states for the status, and otherwise what = takes. An empty list selects nothing.
	OpIn = "in"
)

// OpenOnly is the filter of the records that are open work (OpOpen).
func OpenOnly() Filter { return Filter{Field: "status", Op: OpOpen} }

// In is the filter of the records whose field holds one of values (OpIn).
func In(field string, values ...string) Filter { return Filter{Field: field, Op: OpIn, Value: values} }

// Aggregate asks for the records of a kind that match Where, counted per group, in one SQL
// statement however many records there are.
type Aggregate struct {
	Where []Filter
	// By names the group keys: a field, the status, ref, created_at or updated_at, or
	// year(F), month(F) or day(F) of a date or date-time F ("2026", "2026-04", "2026-04-30").
	// Fields of several values (references, tags, tables), money and long text are not keys.
	// Without keys the result is one group of every matching record.
	By []string
	// Tally counts, in each group, the records that also meet each condition.
	Tally []Filter
	// List gives, for each group, the values of each of these integer or duration fields, an
	// unset one as 0 (so a group lists Count values), in no particular order: what a percentile
	// needs, without a row per record through the driver.
	List []string
}

// Group is one group of an Aggregate.
type Group struct {
	Keys  []any     `json:"keys"` // canonical values of By (as in Record.Values; nil when unset)
	Count int       `json:"count"`
	Tally []int     `json:"tally,omitempty"` // per Aggregate.Tally
	List  [][]int64 `json:"list,omitempty"`  // per Aggregate.List
}

// Text is key i as text: "" when unset.
func (g Group) Text(i int) string {
	if g.Keys[i] == nil {
		return ""
	}
	return fmt.Sprint(g.Keys[i])
}

// Int is key i as an integer: 0 when unset or not a number.
func (g Group) Int(i int) int64 {
	n, _ := g.Keys[i].(int64)
	return n
}

// Aggregate counts the records of a kind per group (see Aggregate); groups come in the order of
// their keys, unset first.
func (s *Store) Aggregate(ctx context.Context, kind string, a Aggregate) ([]Group, error) {
	k, err := s.kind(kind)
	if err != nil {
		return nil, err
	}
	var sel, keys []string
	var fields []*schema.Field
	for _, name := range a.By {
		expr, f, err := groupKey(k, name)
		if err != nil {
			return nil, err
		}
		sel, keys, fields = append(sel, expr), append(keys, expr), append(fields, f)
	}
	sel = append(sel, "count(*)")
	var args []any
	for _, flt := range a.Tally {
		c, cargs, err := s.aggregateCondition(ctx, k, flt, fault.Phrase("query.where", "in a tally"))
		if err != nil {
			return nil, err
		}
		sel = append(sel, "count(*) FILTER (WHERE "+c+")")
		args = append(args, cargs...)
	}
	for _, name := range a.List {
		f, ok := k.Field(name)
		if !ok {
			return nil, fieldErr(k.Name, name, "field.unknown", "in a list of values: no such field")
		}
		if f.Type != schema.Integer && f.Type != schema.Duration {
			return nil, fieldErr(k.Name, name, "query.aggregate_invalid", "in a list of values: %s fields cannot be listed, only integers and durations", f.Type)
		}
		sel = append(sel, "group_concat(coalesce("+quote(name)+", 0))")
	}
	where, wargs, err := s.aggregateWhere(ctx, k, a.Where)
	if err != nil {
		return nil, err
	}
	query := fmt.Sprintf("SELECT %s FROM %s %s", strings.Join(sel, ", "), tableOf(k), where)
	if len(keys) > 0 {
		query += fmt.Sprintf(" GROUP BY %[1]s ORDER BY %[1]s", strings.Join(keys, ", "))
	}
	rows, err := s.db.QueryContext(ctx, query, append(args, wargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Group{}
	nk, nt, nl := len(keys), len(a.Tally), len(a.List)
	for rows.Next() {
		raw := make([]any, nk)
		g := Group{Keys: make([]any, nk), Tally: make([]int, nt)}
		lists := make([]sql.NullString, nl)
		dest := make([]any, 0, nk+1+nt+nl)
		for i := range raw {
			dest = append(dest, &raw[i])
		}
		dest = append(dest, &g.Count)
		for i := range g.Tally {
			dest = append(dest, &g.Tally[i])
		}
		for i := range lists {
			dest = append(dest, &lists[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for i, v := range raw {
			g.Keys[i] = canonical(fields[i], v)
		}
		if nt == 0 {
			g.Tally = nil
		}
		for i, l := range lists {
			vals := make([]int64, 0, g.Count)
			for _, part := range strings.Split(l.String, ",") {
				if part == "" {
					continue
				}
				n, err := strconv.ParseInt(part, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("%s field %q holds %q, not an integer", k.Name, a.List[i], part)
				}
				vals = append(vals, n)
			}
			g.List = append(g.List, vals)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// CountWhere counts the records of a kind that match every filter.
func (s *Store) CountWhere(ctx context.Context, kind string, where ...Filter) (int, error) {
	groups, err := s.Aggregate(ctx, kind, Aggregate{Where: where})
	if err != nil {
		return 0, err
	}
	return groups[0].Count, nil
}

// Columns calls fn with the values of the named columns (fields, or id, ref, status, created_at
// and updated_at) of every record of a kind that matches where, in no particular order. The
// values are canonical, as in Record.Values (nil when unset; a reference is the id it names);
// vals is reused for the next record, so fn copies what it keeps of it (the values themselves
// are its to keep). The register is read in one statement, a row at a time, so a register of
// any size is read in bounded memory; fn must not write to the store.
func (s *Store) Columns(ctx context.Context, kind string, cols []string, where []Filter, fn func(vals []any) error) error {
	k, err := s.kind(kind)
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		return fmt.Errorf("reading %s: no columns named", k.Plural)
	}
	fields := make([]*schema.Field, len(cols))
	quoted := make([]string, len(cols))
	for i, name := range cols {
		if fields[i], err = column(k, name, fault.Phrase("query.where", "in the columns read")); err != nil {
			return err
		}
		quoted[i] = quote(name)
	}
	where2, args, err := s.aggregateWhere(ctx, k, where)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s %s", strings.Join(quoted, ", "), tableOf(k), where2), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	raw := make([]any, len(cols))
	dest := make([]any, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	vals := make([]any, len(cols))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, v := range raw {
			vals[i] = canonical(fields[i], v)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// builtinColumns are the columns every register table has besides the declared fields (n, the
// local row number, is not one a caller reads).
var builtinColumns = []string{"id", "ref", "status", "created_at", "updated_at"}

// column checks a column name against the kind's declaration: the field, or nil for a builtin
// column (whose values are text).
func column(k *schema.Kind, name string, where fault.Localizer) (*schema.Field, error) {
	for _, b := range builtinColumns {
		if name == b {
			if name == "status" && k.Workflow == nil {
				return nil, fieldErr(k.Name, name, "field.unknown", "%s: %s have no workflow", where, k.PluralWord())
			}
			return nil, nil
		}
	}
	f, ok := k.Field(name)
	if !ok {
		return nil, fieldErr(k.Name, name, "field.unknown", "%s: no such field", where)
	}
	return f, nil
}

// groupKey checks a key of Aggregate.By and returns its SQL expression and its field (nil for a
// builtin column or a part of a date, whose values are text).
func groupKey(k *schema.Kind, name string) (string, *schema.Field, error) {
	for part, n := range map[string]int{"year": 4, "month": 7, "day": 10} {
		inner, ok := strings.CutPrefix(name, part+"(")
		if !ok {
			continue
		}
		inner, ok = strings.CutSuffix(inner, ")")
		if !ok {
			break
		}
		f, err := column(k, inner, fault.Phrase("query.where", "in a group"))
		if err != nil {
			return "", nil, err
		}
		dated := inner == "created_at" || inner == "updated_at" || f != nil && (f.Type == schema.Date || f.Type == schema.DateTime)
		if !dated {
			return "", nil, fieldErr(k.Name, inner, "query.aggregate_invalid", "in a group: %s() needs a date or date-time field", part)
		}
		return fmt.Sprintf("substr(%s, 1, %d)", quote(inner), n), nil, nil
	}
	f, err := column(k, name, fault.Phrase("query.where", "in a group"))
	if err != nil {
		return "", nil, err
	}
	if f != nil {
		switch f.Type {
		case schema.Refs, schema.Tags, schema.Table, schema.Money, schema.LongText:
			return "", nil, fieldErr(k.Name, name, "query.aggregate_invalid", "in a group: %s fields cannot be grouped by", f.Type)
		}
	}
	return quote(name), f, nil
}

// aggregateWhere builds the WHERE clause of an aggregate or a read of columns.
func (s *Store) aggregateWhere(ctx context.Context, k *schema.Kind, where []Filter) (string, []any, error) {
	var conds []string
	var args []any
	for _, flt := range where {
		c, a, err := s.aggregateCondition(ctx, k, flt, fault.Phrase("query.where", "in a filter"))
		if err != nil {
			return "", nil, err
		}
		conds = append(conds, c)
		args = append(args, a...)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args, nil
}

// aggregateCondition is a list's condition (condition, read.go), with OpOpen and OpIn besides.
func (s *Store) aggregateCondition(ctx context.Context, k *schema.Kind, flt Filter, where fault.Localizer) (string, []any, error) {
	bad := func(format string, a ...any) error {
		return fieldErr(k.Name, flt.Field, "query.filter_invalid", "%s: %w", where, fault.New("query.filter_invalid", "", format, a...))
	}
	switch flt.Op {
	case OpOpen:
		if flt.Field != "status" {
			return "", nil, bad("only the status is open or not")
		}
		if k.Workflow == nil {
			return "", nil, bad("%s have no workflow", k.PluralWord())
		}
		if str, ok := flt.Value.(string); flt.Value != nil && (!ok || str != "") {
			return "", nil, bad("open takes no value")
		}
		c, args := in("status", asAny(k.OpenStates()))
		return c, args, nil
	case OpIn:
		var values []any
		switch v := flt.Value.(type) {
		case []string:
			values = asAny(v)
		case []any:
			values = v
		default:
			return "", nil, bad("in takes a list of values")
		}
		if len(values) == 0 {
			return "0", nil, nil
		}
		if flt.Field == "id" {
			c, args := in("id", values)
			return "n IN (SELECT n FROM records WHERE " + c + ")", args, nil
		}
		if f, ok := k.Field(flt.Field); ok && (f.Type == schema.Ref || f.Type == schema.Refs) {
			// Ids, not refs: looking each up would cost a query per value.
			for _, v := range values {
				if id, ok := v.(string); !ok || !looksLikeID(id) {
					return "", nil, bad("in takes record ids, not %v", v)
				}
			}
			c, args := in(f.Name, values)
			if f.Type == schema.Refs {
				c, args = in("value", values)
				c = "EXISTS(SELECT 1 FROM json_each(" + quote(f.Name) + ") WHERE " + c + ")"
			}
			return c, args, nil
		}
		// Any other field: each value as = would take it, checked and converted the same way.
		var conds []string
		var args []any
		for _, v := range values {
			c, a, err := s.condition(ctx, s.db, k, Filter{Field: flt.Field, Op: "=", Value: v})
			if err != nil {
				return "", nil, err
			}
			conds = append(conds, "("+c+")")
			args = append(args, a...)
		}
		return "(" + strings.Join(conds, " OR ") + ")", args, nil
	}
	return s.condition(ctx, s.db, k, flt)
}

// in is "COLUMN IN (?, ...)" of values; with none, a condition no record meets.
func in(col string, values []any) (string, []any) {
	if len(values) == 0 {
		return "0", nil
	}
	return quote(col) + " IN (" + strings.TrimSuffix(strings.Repeat("?,", len(values)), ",") + ")", values
}

func asAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// canonical turns what a column of field f stores into its canonical value (fromColumn), or, for
// a builtin column or a part of a date (f nil), into text. A money value in the shape the store
// writes ({"amount":"1234.50","currency":"EUR"}) is read without a JSON decoder: a report reads
// thousands.
func canonical(f *schema.Field, raw any) any {
	if raw == nil {
		return nil
	}
	text, isText := raw.(string)
	if f == nil {
		if isText {
			return text
		}
		return string(asBytes(raw))
	}
	switch f.Type {
	case schema.Text, schema.LongText, schema.Enum, schema.Date, schema.DateTime, schema.Ref:
		if isText {
			return text // as fromColumn gives it, without a copy: the CMDB graph reads 200,000 rows
		}
	case schema.Money:
		if m, ok := quickMoney(string(asBytes(raw))); ok {
			return m
		}
	}
	return fromColumn(f, raw)
}

func quickMoney(stored string) (schema.MoneyValue, bool) {
	const head, middle, tail = `{"amount":"`, `","currency":"`, `"}`
	var m schema.MoneyValue
	rest, ok := strings.CutPrefix(stored, head)
	if ok {
		m.Amount, rest, ok = strings.Cut(rest, middle)
	}
	if ok {
		m.Currency, ok = strings.CutSuffix(rest, tail)
	}
	if !ok || strings.ContainsAny(m.Amount, `"\`) || strings.ContainsAny(m.Currency, `"\`) {
		return schema.MoneyValue{}, false
	}
	return m, true
}
