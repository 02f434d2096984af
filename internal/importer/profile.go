package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"

	"smsworkbench/internal/fault"
)

// Profile is a saved mapping: how the columns of a client's file fill the fields of a kind.
// Profiles are settings of the workspace ("import profile: NAME"), so they travel with it to
// every copy.
type Profile struct {
	Name  string   `json:"name"`
	Kind  string   `json:"kind"`
	Sheet string   `json:"sheet,omitempty"`
	Maps  []string `json:"maps"` // "Column=field" for every column; "Column=" for one not imported
	Key   string   `json:"key,omitempty"`
	// Sets and Values are the constants ("field=value") and value maps ("Column:text=value")
	// the import was given.
	Sets   []string `json:"sets,omitempty"`
	Values []string `json:"values,omitempty"`
}

func profileTitle(name string) string { return schema.ImportProfilePrefix + strings.TrimSpace(name) }

// LoadProfile reads a profile; nil when the workspace has none of that name.
func LoadProfile(ctx context.Context, s *store.Store, name string) (*Profile, error) {
	rec, err := profileRecord(ctx, s, name)
	if err != nil || rec == nil {
		return nil, err
	}
	var p Profile
	if err := json.Unmarshal([]byte(fmt.Sprint(rec.Values["value"])), &p); err != nil {
		return nil, fault.New("import.profile_invalid", "", "import profile %q is damaged: %v", name, err)
	}
	p.Name = strings.TrimSpace(name)
	return &p, nil
}

func profileRecord(ctx context.Context, s *store.Store, name string) (*store.Record, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fault.New("import.profile_invalid", "", "an import profile needs a name")
	}
	page, err := s.List(ctx, "setting", store.Query{Where: []store.Filter{{Field: "title", Op: "=", Value: profileTitle(name)}}, Limit: 1})
	if err != nil || len(page.Records) == 0 {
		return nil, err
	}
	return page.Records[0], nil
}

// SaveProfile keeps a profile, replacing one of the same name.
func SaveProfile(ctx context.Context, s *store.Store, p Profile) error {
	rec, err := profileRecord(ctx, s, p.Name)
	if err != nil {
		return err
	}
	p.Name = strings.TrimSpace(p.Name)
	body, _ := json.Marshal(p)
	if rec == nil {
		_, err = s.Create(ctx, "setting", map[string]any{"title": profileTitle(p.Name), "value": string(body)}, store.Change{Note: "import profile saved"})
	} else {
		_, err = s.Update(ctx, "setting", rec.Ref, map[string]any{"value": string(body)}, store.Change{Note: "import profile saved"})
	}
	return err
}

// Profiles lists the workspace's import profiles by name.
func Profiles(ctx context.Context, s *store.Store) ([]Profile, error) {
	page, err := s.List(ctx, "setting", store.Query{Where: []store.Filter{{Field: "title", Op: "~", Value: schema.ImportProfilePrefix}}, Limit: -1})
	if err != nil {
		return nil, err
	}
	var out []Profile
	for _, r := range page.Records {
		name, ok := strings.CutPrefix(r.Title(), schema.ImportProfilePrefix)
		if !ok {
			continue
		}
		var p Profile
		if json.Unmarshal([]byte(fmt.Sprint(r.Values["value"])), &p) == nil {
			p.Name = name
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Maps is the plan's mapping as a profile keeps it: every column, by its header.
// Sets are the plan's constants as a profile keeps them.
func (p *Plan) Sets() []string {
	var out []string
	done := map[string]bool{}
	for _, c := range p.Constants {
		if !done[c.Field] { // the first given for a field is the one that counts
			done[c.Field] = true
			out = append(out, c.Field+"="+c.Text)
		}
	}
	return out
}

// Values are the plan's value maps as a profile keeps them.
func (p *Plan) Values() []string {
	var out []string
	for i, m := range p.ValueMaps {
		later := slices.ContainsFunc(p.ValueMaps[i+1:], func(n ValueMap) bool { return n.Column == m.Column && norm(n.From) == norm(m.From) })
		if !later { // the last given for a text is the one that counts
			out = append(out, m.Column+":"+m.From+"="+m.To)
		}
	}
	return out
}

func (p *Plan) Maps() []string {
	out := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		out[i] = c.Header + "=" + c.Field
	}
	return out
}
