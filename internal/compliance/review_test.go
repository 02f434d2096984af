package compliance

import (
	"strings"
	"testing"
)

// The inputs a management review must consider (9.3) that the registers hold — context changes,
// risks, resources, improvements — are compiled from them, each figure counted again here by hand.
func TestReviewPackCompilesEveryInput(t *testing.T) {
	f := newFx(t)
	w := New(f.s)
	from, to := back(12), fixedNow
	old := back(18) // before the period

	// Context: one party added in the period, one changed in it, one untouched; a service gone
	// live in the period, one retired in it, one live since before.
	f.addAt(old, "party", map[string]any{"title": "Regulator", "party_type": "regulator"})
	changed := f.addAt(old, "party", map[string]any{"title": "Parent company", "party_type": "owner"})
	f.at = back(2)
	f.set("party", changed, map[string]any{"requirements": "quarterly climate reporting"})
	added := f.addAt(back(3), "party", map[string]any{"title": "New customer", "party_type": "customer"})
	f.addAt(old, "service", map[string]any{"title": "Mail"}, "live")
	gone := f.addAt(old, "service", map[string]any{"title": "Fax"}, "live")
	f.moveAt(back(4), "service", gone, "retired")
	live := f.addAt(back(5), "service", map[string]any{"title": "Portal"}, "live")

	// Risks: scores 20 (critical, untreated), 12 (high), 6 (medium), 2 (low, review past); one
	// closed; two raised in the period.
	f.addAt(old, "risk", map[string]any{"title": "Ransomware", "likelihood": 4, "impact": 5})
	f.addAt(back(2), "risk", map[string]any{"title": "WAN outage", "likelihood": 3, "impact": 4, "treatment": "reduce"})
	f.addAt(back(1), "risk", map[string]any{"title": "Key person leaves", "likelihood": 2, "impact": 3})
	f.addAt(old, "risk", map[string]any{"title": "Printer jam", "likelihood": 1, "impact": 2, "review_due": day(back(1))})
	f.addAt(old, "risk", map[string]any{"title": "Old risk", "likelihood": 5, "impact": 5}, "closed")

	// Resources: a 2025 budget of 1000 EUR for Mail, costs 300 on it and 50 for Fax on no line.
	f.add("budget", map[string]any{"title": "Mail 2025", "service": f.one("service"), "period": "2025", "amount": "1000 EUR"})
	f.add("cost", map[string]any{"service": f.ones["service"], "incurred_on": "2025-03-31", "amount": "300 EUR"})
	f.add("cost", map[string]any{"service": gone.ID, "incurred_on": "2025-02-28", "amount": "50 EUR"})
	f.add("capacityplan", map[string]any{"service": live.ID, "review_due": day(back(1))}, "approved")

	// Improvements: raised in the period three (one implemented in it, one rejected in it, one
	// open); one raised before and implemented before.
	f.at = back(2)
	done := f.addAt(back(6), "improvement", nil, "approved", "in_progress")
	f.moveAt(back(2), "improvement", done, "implemented")
	f.addAt(back(3), "improvement", nil, "rejected")
	f.addAt(back(1), "improvement", nil)
	f.addAt(old, "improvement", nil, "approved", "in_progress", "implemented")

	p, err := w.ReviewPack(bg, day(from), day(to))
	if err != nil {
		t.Fatal(err)
	}
	x := p.Context
	if len(x.PartiesAdded) != 1 || x.PartiesAdded[0].Ref != added.Ref || len(x.PartiesChanged) != 1 || x.PartiesChanged[0].Ref != changed.Ref ||
		len(x.ServicesLive) != 1 || x.ServicesLive[0].Ref != live.Ref || len(x.ServicesEnded) != 1 || x.ServicesEnded[0].Ref != gone.Ref {
		t.Errorf("context: %+v", x)
	}
	r := p.Risks
	if r.Open != 4 || r.ByLevel["critical"] != 1 || r.ByLevel["high"] != 1 || r.ByLevel["medium"] != 1 || r.ByLevel["low"] != 1 ||
		r.Raised != 2 || r.Overdue != 1 || r.Untreated != 1 || len(r.Highest) != 4 || r.Highest[0].Score != 20 || r.Highest[3].Score != 2 {
		t.Errorf("risks: %+v", r)
	}
	res := p.Resources
	if res.Year != "2025" || res.Budgeted["EUR"] != "1000.00" || res.Actual["EUR"] != "350.00" || res.Unallocated["EUR"] != "50.00" ||
		res.CapacityPlans != 1 || res.CapacityOverdue != 1 {
		t.Errorf("resources: %+v", res)
	}
	if im := p.Improve; im.Raised != 3 || im.Implemented != 1 || im.Rejected != 1 || im.Open != 1 {
		t.Errorf("improvements: %+v", im)
	}
	for field, want := range map[string]string{
		"context_changes":   "Interested parties added: " + added.Ref + " New customer.",
		"risks":             "4 open risks: 1 critical, 1 high, 1 medium, 1 low; 2 raised in the period; 1 past their review date; 1 high or critical without a treatment.",
		"resources":         "Budget 2025: 1000.00 EUR budgeted, 350.00 EUR spent, of which 50.00 EUR on no budget line.",
		"improvements":      "3 raised in the period, 1 implemented, 1 rejected; 1 open now",
		"customer_feedback": "No satisfaction survey in the period.",
	} {
		if !strings.Contains(p.Inputs[field], want) {
			t.Errorf("%s input %q lacks %q", field, p.Inputs[field], want)
		}
	}
}
