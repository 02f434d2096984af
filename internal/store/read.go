package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/schema"
)

type location struct {
	n     int64
	id    string
	kind  string
	ref   string
	alive bool
}

// locate finds a record of any kind by id or human reference (refs match in any case).
func (s *Store) locate(ctx context.Context, q querier, key string) (*location, error) {
	if t, ok := q.(*Tx); ok {
		return t.locate(key) // what the transaction found before
	}
	key = strings.TrimSpace(key)
	query := `SELECT n, id, kind, ref, alive FROM records WHERE id = ?`
	if !looksLikeID(key) {
		// Two records may share a ref until a person decides (duplicate_ref): the one found is
		// the same on every copy.
		query = `SELECT n, id, kind, ref, alive FROM records WHERE ref = upper(?) ORDER BY alive DESC, id LIMIT 1`
	}
	var l location
	err := q.QueryRowContext(ctx, query, key).Scan(&l.n, &l.id, &l.kind, &l.ref, &l.alive)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// looksLikeID tells a record id (a UUID) from a human reference.
func looksLikeID(key string) bool {
	return len(key) == 36 && key[8] == '-' && key[13] == '-' && key[18] == '-' && key[23] == '-'
}

func (s *Store) get(ctx context.Context, q querier, k *schema.Kind, key string) (*Record, error) {
	loc, err := s.locate(ctx, q, key)
	if err != nil {
		return nil, err
	}
	if loc == nil {
		return nil, &NotFoundError{Kind: k.Name, Key: key}
	}
	if loc.kind != k.Name {
		return nil, fmt.Errorf("%s is a %s, not a %s", loc.ref, loc.kind, k.Name)
	}
	if !loc.alive {
		return nil, fmt.Errorf("%s %s was deleted (its history remains)", k.Name, loc.ref)
	}
	t, inTx := q.(*Tx)
	if inTx {
		if r, ok := t.rows[loc.id]; ok && r.Kind == k.Name {
			return storedCopy(r), nil
		}
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE n=?", selectList(k), tableOf(k)), loc.n)
	if err != nil {
		return nil, err
	}
	recs, err := scanRecords(k, rows)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s %s has no row in its register (workspace damaged?)", k.Name, loc.ref)
	}
	if inTx {
		t.keepRow(storedCopy(recs[0]))
	}
	return recs[0], nil
}

// Get reads one live record by id or ref.
func (s *Store) Get(ctx context.Context, kind, key string) (*Record, error) {
	k, err := s.kind(kind)
	if err != nil {
		return nil, err
	}
	r, err := s.get(ctx, s.db, k, key)
	if err != nil {
		return nil, err
	}
	if err := s.live(ctx, s.db, []*Record{r}); err != nil {
		return nil, err
	}
	return r, s.attachLinks(ctx, s.db, []*Record{r})
}

func scanRecords(k *schema.Kind, rows *sql.Rows) ([]*Record, error) {
	defer rows.Close()
	var out []*Record
	n := len(columns(k))
	for rows.Next() {
		raw := make([]any, n)
		ptrs := make([]any, n)
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := &Record{kind: k, Kind: k.Name, Values: map[string]any{}}
		r.n, _ = raw[0].(int64)
		r.ID = string(asBytes(raw[1]))
		r.Ref = string(asBytes(raw[2]))
		if raw[3] != nil {
			r.Status = string(asBytes(raw[3]))
		}
		r.CreatedAt = string(asBytes(raw[4]))
		r.UpdatedAt = string(asBytes(raw[5]))
		for i := range k.Fields {
			if v := fromColumn(&k.Fields[i], raw[6+i]); v != nil {
				r.Values[k.Fields[i].Name] = v
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// attachLinks looks up what the reference fields of the records point at.
func (s *Store) attachLinks(ctx context.Context, q querier, recs []*Record) error {
	return s.attachLinksFrom(ctx, q, recs, nil)
}

// attachLinksFrom gives records the links of the records they name; the records share one new
// map. It looks up only the ids not in known, and adds what it looked up to known (Each keeps
// known across its batches: a register names the same services and customers over and over).
func (s *Store) attachLinksFrom(ctx context.Context, q querier, recs []*Record, known map[string]Link) error {
	links := map[string]Link{}
	byKind := map[string][]any{}
	want := func(kind, id string) {
		if _, done := links[id]; done {
			return
		}
		if l, ok := known[id]; ok {
			links[id] = l
			return
		}
		links[id] = Link{ID: id} // until looked up; marks the id as asked for
		byKind[kind] = append(byKind[kind], id)
	}
	for _, r := range recs {
		for _, f := range r.kind.Fields {
			switch v := r.Values[f.Name].(type) {
			case string:
				if f.Type == schema.Ref {
					want(f.Ref, v)
				}
			case []string:
				for _, id := range v {
					want(f.Ref, id)
				}
			}
		}
	}
	for kind, ids := range byKind {
		for _, id := range ids {
			delete(links, id.(string)) // an id that names nothing has no link, as before
		}
		if err := s.lookupLinks(ctx, q, kind, ids, links); err != nil {
			return err
		}
		if known != nil {
			for _, id := range ids {
				if l, ok := links[id.(string)]; ok {
					known[l.ID] = l
				}
			}
		}
	}
	for _, r := range recs {
		r.Links = links
	}
	return nil
}

func (s *Store) lookupLinks(ctx context.Context, q querier, kind string, ids []any, into map[string]Link) error {
	if kind == schema.AnyKind {
		return s.lookupAnyLinks(ctx, q, ids, into)
	}
	k, ok := s.reg.Kind(kind)
	if !ok {
		return nil
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		marks := strings.TrimSuffix(strings.Repeat("?,", len(batch)), ",")
		rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT r.id, r.ref, r.alive, coalesce(k."title", '')
			FROM records r LEFT JOIN %s k ON k.n = r.n WHERE r.id IN (%s)`, tableOf(k), marks), batch...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var l Link
			var alive bool
			if err := rows.Scan(&l.ID, &l.Ref, &alive, &l.Title); err != nil {
				rows.Close()
				return err
			}
			l.Deleted, l.Kind = !alive, k.Name
			into[l.ID] = l
		}
		rows.Close()
	}
	return nil
}

// lookupAnyLinks looks up records of any kind: their kinds first, then each kind's links.
func (s *Store) lookupAnyLinks(ctx context.Context, q querier, ids []any, into map[string]Link) error {
	byKind := map[string][]any{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		marks := strings.TrimSuffix(strings.Repeat("?,", len(batch)), ",")
		rows, err := q.QueryContext(ctx, `SELECT id, kind FROM records WHERE id IN (`+marks+`)`, batch...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, kind string
			if err := rows.Scan(&id, &kind); err != nil {
				rows.Close()
				return err
			}
			byKind[kind] = append(byKind[kind], id)
		}
		rows.Close()
	}
	for kind, list := range byKind {
		if err := s.lookupLinks(ctx, q, kind, list, into); err != nil {
			return err
		}
	}
	return nil
}

// Filter is one condition of a list: FIELD OP VALUE, where OP is one of = != < <= > >= ~
// (~ means "contains" for text). An empty value with = or != asks for unset or set fields.
type Filter struct {
	Field string `json:"field"`
	Op    string `json:"op"`
	Value any    `json:"value"`
}

var filterOps = []string{"!=", ">=", "<=", "=", ">", "<", "~"}

// ParseFilter reads FIELD=VALUE (or another operator) as typed on a command line.
func ParseFilter(s string) (Filter, error) {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9' || s[i] == '_') {
		i++
	}
	for _, op := range filterOps {
		if i > 0 && strings.HasPrefix(s[i:], op) {
			return Filter{Field: s[:i], Op: op, Value: s[i+len(op):]}, nil
		}
	}
	return Filter{}, fmt.Errorf("filter %q must look like FIELD=VALUE (operators: %s)", s, strings.Join(filterOps, " "))
}

// Query selects a page of a register.
type Query struct {
	Where  []Filter `json:"where"`
	Search string   `json:"search"`
	Sort   string   `json:"sort"`   // a field, "-field" for descending; newest first when empty
	Limit  int      `json:"limit"`  // 50 when 0; negative for no limit
	Offset int      `json:"offset"` //
}

// Page is one page of a list and the number of records that match in all.
type Page struct {
	Records []*Record `json:"records"`
	Total   int       `json:"total"`
}

// List returns the records of a kind that match the query.
func (s *Store) List(ctx context.Context, kind string, q Query) (*Page, error) {
	k, err := s.kind(kind)
	if err != nil {
		return nil, err
	}
	s.freshenLive(ctx, k, q)
	where, args, err := s.conditions(ctx, s.db, k, q)
	if err != nil {
		return nil, err
	}
	order, err := sortClause(k, q.Sort)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit == 0 {
		limit = 50
	}
	if q.Offset < 0 {
		return nil, fmt.Errorf("offset must not be negative")
	}
	page := &Page{Records: []*Record{}}
	if err := s.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s %s", tableOf(k), where), args...).Scan(&page.Total); err != nil {
		return nil, err
	}
	if page.Records, err = s.query(ctx, s.db, k, q, limit, q.Offset, order); err != nil {
		return nil, err
	}
	if page.Records == nil {
		page.Records = []*Record{}
	}
	if err := s.live(ctx, s.db, page.Records); err != nil {
		return nil, err
	}
	return page, s.attachLinks(ctx, s.db, page.Records)
}

// CheckQuery reports what a list would refuse in q (a field the kind does not declare in a
// filter or the sort, an operator, a value) without running it: a saved view that arrived with
// the workspace file is checked so, and shown as broken rather than run.
func (s *Store) CheckQuery(ctx context.Context, kind string, q Query) error {
	k, err := s.kind(kind)
	if err != nil {
		return err
	}
	if _, err := sortClause(k, q.Sort); err != nil {
		return err
	}
	_, _, err = s.conditions(ctx, s.db, k, q)
	return err
}

// eachBatch is how many records Each reads at a time (a variable for the tests).
var eachBatch = 2000

// Each calls fn for every record of a kind that matches the query's filters and search, in
// ref order (the query's sort, limit and offset are ignored). It reads the register a batch at
// a time, so a register of any size is walked in bounded memory; fn must not write to the store.
func (s *Store) Each(ctx context.Context, kind string, q Query, fn func(*Record) error) error {
	k, err := s.kind(kind)
	if err != nil {
		return err
	}
	s.freshenLive(ctx, k, q)
	where, args, err := s.conditions(ctx, s.db, k, q)
	if err != nil {
		return err
	}
	if where == "" {
		where = "WHERE n > ?"
	} else {
		where += " AND n > ?"
	}
	query := fmt.Sprintf("SELECT %s FROM %s %s ORDER BY n LIMIT %d", selectList(k), tableOf(k), where, eachBatch)
	known := map[string]Link{}
	for last := int64(0); ; {
		rows, err := s.db.QueryContext(ctx, query, append(slices.Clip(args), last)...)
		if err != nil {
			return err
		}
		recs, err := scanRecords(k, rows)
		if err != nil {
			return err
		}
		if err := s.live(ctx, s.db, recs); err != nil {
			return err
		}
		if err := s.attachLinksFrom(ctx, s.db, recs, known); err != nil {
			return err
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(recs) < eachBatch {
			return nil
		}
		last = recs[len(recs)-1].n
	}
}

// query reads the records of a kind that match the filters and search of q, in the given order.
func (s *Store) query(ctx context.Context, db querier, k *schema.Kind, q Query, limit, offset int, order string) ([]*Record, error) {
	where, args, err := s.conditions(ctx, db, k, q)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s %s ORDER BY %s LIMIT ? OFFSET ?",
		selectList(k), tableOf(k), where, order), append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	return scanRecords(k, rows)
}

// refOrder orders by reference, numerically within a prefix (INC-99999 before INC-100000), and
// then by id: a unique key, so that records with equal sort values come back in the same order
// on every copy. (The row number n is local: copies insert records in different orders.)
func refOrder(dir string) string {
	return fmt.Sprintf("length(ref) %[1]s, ref %[1]s, id %[1]s", dir)
}

// refOrderIndex is the index refOrder reads (see syncKindTables); the id, needed only between
// records that share a ref until a person decides, is sorted apart rather than stored in it.
var refOrderIndex = []string{"length(ref)", "ref"}

// defaultOrder is newest first, the same on every copy.
var defaultOrder = "created_at DESC, " + refOrder("DESC")

func sortClause(k *schema.Kind, sortBy string) (string, error) {
	if sortBy == "" {
		return defaultOrder, nil
	}
	dir := "ASC"
	name := sortBy
	if strings.HasPrefix(name, "-") {
		dir, name = "DESC", name[1:]
	}
	switch name {
	case "ref":
		return refOrder(dir), nil
	case "status", "created_at", "updated_at":
		return fmt.Sprintf("%s %s, %s", name, dir, refOrder(dir)), nil
	}
	f, ok := k.Field(name)
	if !ok {
		return "", fieldErr(k.Name, name, "field.unknown", "in a sort: no such field")
	}
	if f.Type == schema.Refs || f.Type == schema.LongText || f.Type == schema.Tags || f.Type == schema.Table {
		return "", fieldErr(k.Name, name, "query.sort_invalid", "in a sort: %s fields cannot be sorted", f.Type)
	}
	return fmt.Sprintf("%s %s, %s", quote(name), dir, refOrder(dir)), nil
}

// conditions builds the WHERE clause of a list.
func (s *Store) conditions(ctx context.Context, db querier, k *schema.Kind, q Query) (string, []any, error) {
	var conds []string
	var args []any
	for _, f := range q.Where {
		c, a, err := s.condition(ctx, db, k, f)
		if err != nil {
			return "", nil, err
		}
		conds = append(conds, c)
		args = append(args, a...)
	}
	if strings.TrimSpace(q.Search) != "" {
		match, err := ftsQuery(q.Search)
		if err != nil {
			return "", nil, err
		}
		conds = append(conds, "n IN (SELECT rowid FROM search WHERE search MATCH ?)")
		args = append(args, match)
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args, nil
}

func (s *Store) condition(ctx context.Context, db querier, k *schema.Kind, flt Filter) (string, []any, error) {
	if !slices.Contains(filterOps, flt.Op) {
		return "", nil, fmt.Errorf("unknown filter operator %q (operators: %s)", flt.Op, strings.Join(filterOps, " "))
	}
	bad := func(format string, a ...any) error {
		return fieldErr(k.Name, flt.Field, "query.filter_invalid", "%s: %w", fault.Phrase("query.where", "in a filter"), fault.New("query.filter_invalid", "", format, a...))
	}
	// The field is checked against the kind's declaration before any SQL is built: a filter's
	// field name comes from a command line, the window or a saved view that arrived by sync.
	var field *schema.Field
	switch flt.Field {
	case "id", "ref", "title":
		field = &schema.Field{Name: flt.Field, Type: schema.Text}
	case "created_at", "updated_at":
		field = &schema.Field{Name: flt.Field, Type: schema.DateTime}
	case "status":
		if k.Workflow == nil {
			return "", nil, bad("%s have no workflow", k.PluralWord())
		}
		field = &schema.Field{Name: flt.Field, Type: schema.Text}
	default:
		f, ok := k.Field(flt.Field)
		if !ok {
			return "", nil, bad("no such field")
		}
		field = f
	}
	col := quote(field.Name)
	if str, ok := flt.Value.(string); ok && strings.TrimSpace(str) == "" || flt.Value == nil {
		switch flt.Op {
		case "=":
			return col + " IS NULL", nil, nil
		case "!=":
			return col + " IS NOT NULL", nil, nil
		}
		return "", nil, bad("needs a value")
	}
	switch flt.Field {
	case "ref":
		flt.Value = strings.ToUpper(fmt.Sprint(flt.Value))
	case "status":
		st := fmt.Sprint(flt.Value)
		if !k.Workflow.HasState(st) {
			return "", nil, bad("%q is not a state", st)
		}
		return "status " + flt.Op + " ?", []any{st}, nil
	}
	if flt.Op == "~" {
		if field.Type != schema.Text && field.Type != schema.LongText {
			return "", nil, bad("~ (contains) works on text fields only")
		}
		return col + ` LIKE ? ESCAPE '\'`, []any{"%" + likeEscape(fmt.Sprint(flt.Value)) + "%"}, nil
	}
	// A date given for a date-time field means the whole day.
	if str, ok := flt.Value.(string); ok && field.Type == schema.DateTime {
		if _, err := (&schema.Field{Type: schema.Date}).Normalize(str); err == nil && len(strings.TrimSpace(str)) == 10 {
			day := strings.TrimSpace(str)
			switch flt.Op {
			case "=":
				return col + " >= ? AND " + col + " <= ?", []any{day + "T00:00:00Z", day + "T23:59:59Z"}, nil
			case "!=":
				return "NOT (" + col + " >= ? AND " + col + " <= ?)", []any{day + "T00:00:00Z", day + "T23:59:59Z"}, nil
			case ">=", "<":
				return col + " " + flt.Op + " ?", []any{day + "T00:00:00Z"}, nil
			default:
				return col + " " + flt.Op + " ?", []any{day + "T23:59:59Z"}, nil
			}
		}
	}
	given := typedFromText(field, flt.Value)
	if str, ok := given.(string); ok && field.Type == schema.Refs {
		given = []any{str}
	}
	v, err := field.Normalize(given)
	if err != nil {
		return "", nil, bad("%w", err)
	}
	switch field.Type {
	case schema.Ref, schema.Refs:
		keys, isList := v.([]string)
		if !isList {
			keys = []string{v.(string)}
		}
		if len(keys) != 1 || (flt.Op != "=" && flt.Op != "!=") {
			return "", nil, bad("a reference is compared with = or != and one record")
		}
		loc, err := s.locate(ctx, db, keys[0])
		if err != nil {
			return "", nil, err
		}
		if loc == nil && looksLikeID(keys[0]) {
			loc = &location{id: keys[0], kind: field.Ref} // a record about to be written: nothing refers to it yet
		}
		if loc == nil || loc.kind != field.Ref {
			return "", nil, bad("no %s %q", schema.Word{Path: "kind." + field.Ref + ".label", English: field.Ref}, keys[0])
		}
		if field.Type == schema.Refs {
			c := "EXISTS(SELECT 1 FROM json_each(" + col + ") WHERE value = ?)"
			if flt.Op == "!=" {
				c = "NOT " + c
			}
			return c, []any{loc.id}, nil
		}
		return col + " " + flt.Op + " ?", []any{loc.id}, nil
	case schema.Money, schema.Table:
		return "", nil, bad("%s fields cannot be filtered", field.Type)
	case schema.Tags:
		tags := v.([]string)
		if len(tags) != 1 || (flt.Op != "=" && flt.Op != "!=") {
			return "", nil, bad("a list of values is compared with = or != and one value")
		}
		c := "EXISTS(SELECT 1 FROM json_each(" + col + ") WHERE value = ?)"
		if flt.Op == "!=" {
			c = "NOT " + c
		}
		return c, []any{tags[0]}, nil
	}
	return col + " " + flt.Op + " ?", []any{toColumn(field, v)}, nil
}

// typedFromText turns a value typed on a command line ("3", "true") into the JSON type the
// field expects, so that one Normalize serves both JSON input and filters.
func typedFromText(f *schema.Field, v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	switch f.Type {
	case schema.Integer, schema.Number, schema.Duration:
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return json.Number(s)
		}
	case schema.Bool:
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	}
	return v
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ftsQuery turns what a person types into an FTS5 query: every word must appear, as a prefix.
func ftsQuery(text string) (string, error) {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return "", fmt.Errorf("search text %q has no words to look for", text)
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + w + `"*`
	}
	return strings.Join(parts, " "), nil
}

// Search finds records of every kind whose text matches: records whose reference or title
// matches come first, then those matched in other text; newest first within each. (Ranking every
// match by bm25 costs time in proportion to the matches, which on a large register is too slow
// for search-as-you-type.)
func (s *Store) Search(ctx context.Context, text string, limit int) ([]*Record, error) {
	match, err := ftsQuery(text)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	var order []int64
	seen := map[int64]bool{}
	byKind := map[string][]any{}
	for _, m := range []string{"{ref title} : (" + match + ")", match} {
		if len(order) >= limit {
			break
		}
		rows, err := s.db.QueryContext(ctx, `SELECT f.rowid, r.kind FROM search f JOIN records r ON r.n = f.rowid
			WHERE search MATCH ? ORDER BY f.rowid DESC LIMIT ?`, m, limit)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n int64
			var kind string
			if err := rows.Scan(&n, &kind); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[n] && len(order) < limit {
				seen[n] = true
				order = append(order, n)
				byKind[kind] = append(byKind[kind], n)
			}
		}
		rows.Close()
	}
	found := map[int64]*Record{}
	for kind, ns := range byKind {
		k, ok := s.reg.Kind(kind)
		if !ok {
			continue
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(ns)), ",")
		rows, err := s.db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE n IN (%s)", selectList(k), tableOf(k), marks), ns...)
		if err != nil {
			return nil, err
		}
		recs, err := scanRecords(k, rows)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			found[r.n] = r
		}
	}
	out := []*Record{}
	for _, n := range order {
		if r, ok := found[n]; ok {
			out = append(out, r)
		}
	}
	if err := s.live(ctx, s.db, out); err != nil {
		return nil, err
	}
	return out, s.attachLinks(ctx, s.db, out)
}

// Event is one entry of a record's history: what one write changed.
type Event struct {
	At         string        `json:"at"`          // when it took effect
	RecordedAt string        `json:"recorded_at"` // when it was written
	Author     string        `json:"author"`
	Site       string        `json:"site"`
	Action     string        `json:"action"` // created, changed, moved, deleted, restored
	Note       string        `json:"note,omitempty"`
	Changes    []FieldChange `json:"changes"`
	hlc        int64
}

// FieldChange is one field's old and new value in an event.
type FieldChange struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

// History lists every change of a record, oldest first, read from the op log. It works for
// deleted records too.
func (s *Store) History(ctx context.Context, kind, key string) ([]Event, error) {
	k, err := s.kind(kind)
	if err != nil {
		return nil, err
	}
	loc, err := s.locate(ctx, s.db, key)
	if err != nil {
		return nil, err
	}
	if loc == nil {
		return nil, &NotFoundError{Kind: k.Name, Key: key}
	}
	if loc.kind != k.Name {
		return nil, fmt.Errorf("%s is a %s, not a %s", loc.ref, loc.kind, k.Name)
	}
	ops, err := s.recordOps(ctx, s.db, loc.id)
	if err != nil {
		return nil, err
	}
	sort.Slice(ops, func(i, j int) bool { return ops[j].after(ops[i]) })

	// Ref fields are shown as links; collect their ids first.
	ids := map[string][]any{}
	for _, o := range ops {
		vals := map[string]json.RawMessage{o.Field: o.Value}
		if o.Field == fieldCreate {
			json.Unmarshal(o.Value, &vals)
		}
		for name, raw := range vals {
			if f, ok := k.Field(name); ok && (f.Type == schema.Ref || f.Type == schema.Refs) {
				v := fromJSON(f, raw)
				if id, ok := v.(string); ok {
					ids[f.Ref] = append(ids[f.Ref], id)
				}
				for _, id := range asStrings(v) {
					ids[f.Ref] = append(ids[f.Ref], id)
				}
			}
		}
	}
	links := map[string]Link{}
	for kind, list := range ids {
		if err := s.lookupLinks(ctx, s.db, kind, list, links); err != nil {
			return nil, err
		}
	}
	show := func(name string, raw json.RawMessage) any {
		f, ok := k.Field(name)
		if !ok {
			var v any
			json.Unmarshal(raw, &v)
			return v
		}
		v := fromJSON(f, raw)
		switch x := v.(type) {
		case string:
			if f.Type == schema.Ref {
				return links[x]
			}
		case []string:
			out := make([]Link, len(x))
			for i, id := range x {
				out[i] = links[id]
			}
			return out
		}
		return v
	}
	label := func(name string) string {
		if f, ok := k.Field(name); ok {
			return f.Label
		}
		switch name {
		case "status":
			return "Status"
		case "ref":
			return "Reference"
		}
		return name
	}

	current := map[string]any{}
	var events []Event
	for _, o := range ops {
		var ev *Event
		if n := len(events); n > 0 && events[n-1].Site == o.ID.Site && events[n-1].hlc == o.HLC && o.Field != fieldCreate {
			ev = &events[n-1]
		} else {
			events = append(events, Event{At: o.At, RecordedAt: hlcTime(o.HLC).Format(schema.DateTimeLayout),
				Author: o.Author, Site: o.ID.Site, Note: o.Note, Changes: []FieldChange{}, hlc: o.HLC})
			ev = &events[len(events)-1]
		}
		switch o.Field {
		case fieldCreate:
			ev.Action = "created"
			var vals map[string]json.RawMessage
			json.Unmarshal(o.Value, &vals)
			names := []string{"ref", "status"}
			for _, f := range k.Fields {
				names = append(names, f.Name)
			}
			for _, name := range names {
				if raw, ok := vals[name]; ok {
					v := show(name, raw)
					current[name] = v
					ev.Changes = append(ev.Changes, FieldChange{Field: name, Label: label(name), New: v})
				}
			}
		case fieldAlive:
			ev.Action = "deleted"
			if string(o.Value) == "true" {
				ev.Action = "restored"
			}
		default:
			if ev.Action == "" {
				ev.Action = "changed"
				if o.Field == "status" {
					ev.Action = "moved"
				}
			}
			v := show(o.Field, o.Value)
			ev.Changes = append(ev.Changes, FieldChange{Field: o.Field, Label: label(o.Field), Old: current[o.Field], New: v})
			current[o.Field] = v
		}
	}
	return events, nil
}

// Timeline lists the states of a live record from its creation on, oldest first, as its kind's
// rules see them when it is written (the SLA clock of a ticket replays it).
func (s *Store) Timeline(ctx context.Context, kind, key string) ([]schema.StatusChange, error) {
	k, err := s.kind(kind)
	if err != nil {
		return nil, err
	}
	r, err := s.get(ctx, s.db, k, key)
	if err != nil {
		return nil, err
	}
	ops, err := s.recordOps(ctx, s.db, r.ID)
	if err != nil {
		return nil, err
	}
	return timeline(k, ops), nil
}

func asStrings(v any) []string {
	ss, _ := v.([]string)
	return ss
}

// Count returns the number of live records of a kind.
func (s *Store) Count(kind string) (int, error) {
	k, err := s.kind(kind)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.QueryRow("SELECT count(*) FROM " + tableOf(k)).Scan(&n)
	return n, err
}
