// Package views owns the saved list views of a workspace: per kind, named combinations of a
// search, filters, a sort and the columns shown. They are kept in the workspace's meta table
// (key "views:KIND", a JSON list), so they travel with the file; they are settings, not records,
// and have no history. A view is checked by the store's own list engine before it is saved, so a
// saved view always opens.
package views

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"smsworkbench/internal/store"
)

// View is a saved list view.
type View struct {
	Name    string         `json:"name"`
	Search  string         `json:"search"`
	Sort    string         `json:"sort"`
	Where   []store.Filter `json:"where"`
	Columns []string       `json:"columns"`
	// Broken says why a stored view cannot be opened (a field its filters, sort or columns name
	// is not declared by this version); such a view is listed, never run. Empty when it opens.
	Broken string `json:"broken,omitempty"`
}

func metaKey(kind string) string { return "views:" + kind }

// builtin are the columns every record has besides its declared fields.
var builtin = []string{"id", "ref", "status", "created_at", "updated_at"}

// List returns the saved views of a kind, in the order they were first saved.
func List(ctx context.Context, s *store.Store, kind string) ([]View, error) {
	if _, err := s.Kind(kind); err != nil {
		return nil, err
	}
	out := []View{}
	raw := s.Meta(metaKey(kind))
	if raw == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("the saved views of %s are damaged: %v", kind, err)
	}
	for i := range out {
		normalize(&out[i])
		// A view came with the workspace file, perhaps from another copy or version: it is
		// checked, not trusted.
		if err := check(ctx, s, kind, &out[i]); err != nil {
			out[i].Broken = err.Error()
		}
	}
	return out, nil
}

// Save checks a view and stores it under its name, replacing a view of the same name. It returns
// the kind's views after the change.
func Save(ctx context.Context, s *store.Store, kind string, v View) ([]View, error) {
	list, err := List(ctx, s, kind)
	if err != nil {
		return nil, err
	}
	if err := Check(ctx, s, kind, &v); err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(list, func(o View) bool { return o.Name == v.Name }); i >= 0 {
		list[i] = v
	} else {
		list = append(list, v)
	}
	return list, put(s, kind, list)
}

// Delete removes the view of a kind named name.
func Delete(ctx context.Context, s *store.Store, kind, name string) error {
	list, err := List(ctx, s, kind)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(o View) bool { return o.Name == name })
	if i < 0 {
		return fmt.Errorf("no saved view %q of %s", name, kind)
	}
	return put(s, kind, slices.Delete(list, i, i+1))
}

func put(s *store.Store, kind string, list []View) error {
	stored := slices.Clone(list)
	for i := range stored {
		stored[i].Broken = "" // found again at every List, by this version's declarations
	}
	data, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	return s.SetMeta(metaKey(kind), string(data))
}

// Check normalises a view and reports what is wrong with it: no name, a column that is not a
// field of the kind, or a search, filter or sort the list engine refuses (its error names the
// field).
func Check(ctx context.Context, s *store.Store, kind string, v *View) error {
	normalize(v)
	v.Broken = ""
	if v.Name == "" {
		return fmt.Errorf("a saved view needs a name")
	}
	return check(ctx, s, kind, v)
}

func check(ctx context.Context, s *store.Store, kind string, v *View) error {
	k, err := s.Kind(kind)
	if err != nil {
		return err
	}
	for _, c := range v.Columns {
		if _, ok := k.Field(c); !ok && !slices.Contains(builtin, c) {
			return fmt.Errorf("view %q: column %q is not a field of %s", v.Name, c, k.Plural)
		}
	}
	// The engine knows which fields, operators and values a list accepts; it checks them
	// without running the view.
	if err := s.CheckQuery(ctx, kind, store.Query{Where: v.Where, Search: v.Search, Sort: v.Sort}); err != nil {
		return fmt.Errorf("view %q: %w", v.Name, err)
	}
	return nil
}

func normalize(v *View) {
	v.Name = strings.TrimSpace(v.Name)
	v.Search = strings.TrimSpace(v.Search)
	v.Sort = strings.TrimSpace(v.Sort)
	if v.Where == nil {
		v.Where = []store.Filter{}
	}
	if v.Columns == nil {
		v.Columns = []string{}
	}
}
