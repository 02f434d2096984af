package bundle

import (
	"path/filepath"
	"testing"
	"time"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/store"
)

// A full bundle of the demo rebuilds, in an empty workspace, the same workspace: every record,
// state and value, with no conflict; importing it again changes nothing.
func TestFullBundleRebuildsTheDemo(t *testing.T) {
	a := replica(t, "a")
	if err := demo.Fill(bg, a, time.Now(), demo.Options{Seed: 1, Scale: 1}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b"+Ext)
	if _, err := Export(bg, a, path, ExportOptions{Keys: testKeys()}); err != nil {
		t.Fatal(err)
	}
	b := replica(t, "b")
	rep, err := Import(bg, b, path, ImportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OpsNew == 0 || len(rep.Opened) != 0 || !rep.PeerNew {
		t.Fatalf("first import: %+v", rep.ImportResult)
	}
	if digest(t, a) != digest(t, b) {
		t.Fatal("the copy differs from the original")
	}
	for _, kind := range []string{"incident", "change", "sla", "ci"} {
		na, _ := a.Count(kind)
		nb, _ := b.Count(kind)
		if na == 0 || na != nb {
			t.Fatalf("%s: %d in the original, %d in the copy", kind, na, nb)
		}
	}
	// Computed values are computed again on the copy: an incident's SLA state.
	ia, _ := a.List(bg, "incident", store.Query{Sort: "ref", Limit: 50})
	ib, _ := b.List(bg, "incident", store.Query{Sort: "ref", Limit: 50})
	for i := range ia.Records {
		if ia.Records[i].Values["sla_state"] != ib.Records[i].Values["sla_state"] {
			t.Fatalf("%s: sla_state %v in the original, %v in the copy", ia.Records[i].Ref, ia.Records[i].Values["sla_state"], ib.Records[i].Values["sla_state"])
		}
	}
	again, err := Import(bg, b, path, ImportOptions{Keys: testKeys()})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Nothing() || again.OpsKnown != rep.OpsNew {
		t.Fatalf("second import: %+v", again.ImportResult)
	}
}
