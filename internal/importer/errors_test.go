package importer

import (
	"path/filepath"
	"strings"
	"testing"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// The refusals of an import's options (values for every row, value maps, lookups, the key, the
// sheet, the mapping) and of an export's file are fault errors naming the option's field, and
// name no flag: the command line adds its flags by the code, the window its own words.
func TestRefusalsCarryACodeAndAFieldAndNoCommandLineAdvice(t *testing.T) {
	s := clientWorkspace(t)
	k, _ := s.Registry().Kind("incident")
	path := fixture(t, "incidents-errors.csv")
	dir := t.TempDir()
	planWith := func(opt PlanOptions) error { _, err := NewPlan(path, k, opt); return err }
	p := plan(t, s, "incident", path, PlanOptions{})
	notes := write(t, "notes.csv", []byte("Colour,Shape\nred,round\n"))
	for _, c := range []struct {
		err         error
		code, field string
	}{
		{planWith(PlanOptions{Sets: []string{"nonsense"}}), "import.set_invalid", "sets"},
		{planWith(PlanOptions{Sets: []string{"colour=blue"}}), "import.set_invalid", "sets"},
		{planWith(PlanOptions{Sets: []string{"impact=enormous"}}), "import.set_invalid", "sets"},
		{planWith(PlanOptions{Sets: []string{"status=paused"}}), "import.set_invalid", "sets"},
		{planWith(PlanOptions{ValueMaps: []string{"nonsense"}}), "import.value_map_invalid", "value_maps"},
		{planWith(PlanOptions{ValueMaps: []string{"Colour:red=1"}}), "import.value_map_invalid", "value_maps"},
		{planWith(PlanOptions{ValueMaps: []string{"Status:parked=paused"}}), "import.value_map_invalid", "value_maps"},
		{planWith(PlanOptions{Maps: []string{"Colour=title"}}), "import.mapping_invalid", "maps"},
		{planWith(PlanOptions{Sheet: "Tickets"}), "import.sheet_not_workbook", "sheet"},
		{second(NewPlan(notes, k, PlanOptions{})), "import.nothing_mapped", "maps"},
		{second(LookupMaps("Service", filepath.Join(dir, "none.csv"))), "import.lookup_invalid", "lookup"},
		{second(Run(bg, s, p, RunOptions{Key: "colour"})), "import.key_invalid", "key"},
		{second(Run(bg, s, p, RunOptions{})), "import.rows_invalid", ""},
		{second(Export(bg, s, "incident", store.Query{}, filepath.Join(dir, "x.txt"))), "output.extension", "path"},
		{second(Export(bg, s, "incident", store.Query{}, filepath.Join(dir, "no", "x.csv"))), "output.unwritable", "path"},
		{second(Template(bg, s, "incident", filepath.Join(dir, "t.csv"))), "output.extension", "path"},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.code)
			continue
		}
		msg := c.err.Error()
		if fault.Code(c.err) != c.code || fault.Field(c.err) != c.field {
			t.Errorf("%q: code %q field %q, want %q %q", msg, fault.Code(c.err), fault.Field(c.err), c.code, c.field)
		}
		if strings.Contains(msg, "--") || strings.Contains(msg, "smsworkbench ") {
			t.Errorf("%s: %q names the command line", c.code, msg)
		}
	}
}

func second[T any](_ T, err error) error { return err }
