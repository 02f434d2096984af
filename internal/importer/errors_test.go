package importer

import (
	"path/filepath"
	"testing"

	"smsworkbench/internal/store"
	"smsworkbench/internal/testkit"
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
	testkit.CheckRefusals(t, []testkit.Refusal{
		testkit.Refused(planWith(PlanOptions{Sets: []string{"nonsense"}}), "import.set_invalid", "sets"),
		testkit.Refused(planWith(PlanOptions{Sets: []string{"colour=blue"}}), "import.set_invalid", "sets"),
		testkit.Refused(planWith(PlanOptions{Sets: []string{"impact=enormous"}}), "import.set_invalid", "sets"),
		testkit.Refused(planWith(PlanOptions{Sets: []string{"status=paused"}}), "import.set_invalid", "sets"),
		testkit.Refused(planWith(PlanOptions{ValueMaps: []string{"nonsense"}}), "import.value_map_invalid", "value_maps"),
		testkit.Refused(planWith(PlanOptions{ValueMaps: []string{"Colour:red=1"}}), "import.value_map_invalid", "value_maps"),
		testkit.Refused(planWith(PlanOptions{ValueMaps: []string{"Status:parked=paused"}}), "import.value_map_invalid", "value_maps"),
		testkit.Refused(planWith(PlanOptions{Maps: []string{"Colour=title"}}), "import.mapping_invalid", "maps"),
		testkit.Refused(planWith(PlanOptions{Sheet: "Tickets"}), "import.sheet_not_workbook", "sheet"),
		testkit.Refused(testkit.Second(NewPlan(notes, k, PlanOptions{})), "import.nothing_mapped", "maps"),
		testkit.Refused(testkit.Second(LookupMaps("Service", filepath.Join(dir, "none.csv"))), "import.lookup_invalid", "lookup"),
		testkit.Refused(testkit.Second(Run(bg, s, p, RunOptions{Key: "colour"})), "import.key_invalid", "key"),
		testkit.Refused(testkit.Second(Run(bg, s, p, RunOptions{})), "import.rows_invalid", ""),
		testkit.Refused(testkit.Second(Export(bg, s, "incident", store.Query{}, filepath.Join(dir, "x.txt"), "en")), "output.extension", "path"),
		testkit.Refused(testkit.Second(Export(bg, s, "incident", store.Query{}, filepath.Join(dir, "no", "x.csv"), "")), "output.unwritable", "path"),
		testkit.Refused(testkit.Second(Template(bg, s, "incident", filepath.Join(dir, "t.csv"), "de")), "output.extension", "path"),
	})
}
