package reports

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// BudgetRow is one budget line against the costs charged to it, or costs that no line takes.
type BudgetRow struct {
	Budget      string   `json:"budget"` // budget line ref; "" for unallocated costs
	Title       string   `json:"title"`
	Service     string   `json:"service"`
	Period      string   `json:"period"`
	Currency    string   `json:"currency"`
	Budgeted    string   `json:"budget_amount"`
	Actual      string   `json:"actual"`
	Variance    string   `json:"variance"`     // actual - budget: positive is an overspend; "" when partial
	VariancePct *float64 `json:"variance_pct"` // of the budget; null without a budget or when partial
	Costs       int      `json:"costs"`        // cost records counted
	// Partial: the line's period reaches beyond the report's, whose costs alone are counted, so
	// no variance is given.
	Partial bool `json:"partial,omitempty"`
	// Reason, for unallocated costs: why no line takes them.
	Reason string `json:"reason,omitempty"`
}

// BudgetReport charges every cost (of the period, when one is given) to one budget line, never
// two, and sets each line against what it was charged; the costs no line takes are listed as
// unallocated, with why. A cost goes to the line it names; else to the line of its service whose
// period holds its date, in its currency, that names its category among those it takes; else to
// the one such line that names no category. The actuals of the report add up to the costs of the
// period. A period ("2026", "2026-Q1", "2026-03") selects the costs dated in it and the lines
// whose period overlaps it.
func BudgetReport(ctx context.Context, s *store.Store, period string) ([]BudgetRow, error) {
	lang := i18n.Lang(ctx) // the words of an unallocated row
	var first, last string
	if period != "" {
		f, l, err := itsm.ParsePeriod(period)
		if err != nil {
			return nil, err
		}
		first, last = f.Format(schema.DateLayout), l.Format(schema.DateLayout)
	}
	costs, err := readCosts(ctx, s, first, last)
	if err != nil {
		return nil, err
	}
	services, err := serviceNames(ctx, s)
	if err != nil {
		return nil, err
	}
	lines, err := budgetLines(ctx, s, services)
	if err != nil {
		return nil, err
	}
	byID := map[string]*budgetLine{}
	for i := range lines {
		byID[lines[i].id] = &lines[i]
	}
	type looseKey struct{ service, year, currency, reason string }
	loose := map[looseKey]*monthSum{}
	for _, c := range costs {
		l, reason := allocate(lang, c, lines, byID)
		if l != nil {
			l.actual += c.units
			l.costs++
			continue
		}
		k := looseKey{c.service, c.day[:4], c.currency, reason}
		if loose[k] == nil {
			loose[k] = &monthSum{}
		}
		loose[k].units += c.units
		loose[k].costs++
	}
	out := []BudgetRow{}
	for _, l := range lines {
		if period != "" && (l.end < first || l.start > last) {
			continue
		}
		row := fill(BudgetRow{Budget: l.ref, Title: l.title, Service: services[l.service].title, Period: l.period,
			Currency: l.currency, Costs: l.costs}, l.units, l.actual)
		if period != "" && (l.start < first || l.end > last) {
			row.Partial, row.Variance, row.VariancePct = true, "", nil
		}
		out = append(out, row)
	}
	var rest []BudgetRow
	for k, sum := range loose {
		title := "(no service)"
		if k.service != "" {
			title = services[k.service].title
		}
		rest = append(rest, fill(BudgetRow{Title: i18n.Tr(lang, "(unallocated)"), Service: title, Period: k.year, Currency: k.currency,
			Costs: sum.costs, Reason: k.reason}, 0, sum.units))
	}
	sort.Slice(rest, func(i, j int) bool {
		a, b := rest[i], rest[j]
		if a.Service != b.Service || a.Period != b.Period || a.Currency != b.Currency {
			return a.Service < b.Service || a.Service == b.Service && (a.Period < b.Period || a.Period == b.Period && a.Currency < b.Currency)
		}
		return a.Reason < b.Reason
	})
	out = append(out, rest...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out, nil
}

// allocate finds the one line a cost is charged to, or says why there is none.
func allocate(lang string, c cost, lines []budgetLine, byID map[string]*budgetLine) (*budgetLine, string) {
	if c.budget != "" {
		l := byID[c.budget]
		switch {
		case l == nil:
			return nil, i18n.Tr(lang, "it names a budget line that no longer exists")
		case l.currency != c.currency:
			return nil, i18n.Tr(lang, "it names %s, whose amount is in %s", l.ref, l.currency)
		}
		return l, ""
	}
	var takes, open []*budgetLine
	for i := range lines {
		l := &lines[i]
		if l.service != c.service || c.day < l.start || c.day > l.end || l.currency != c.currency {
			continue
		}
		switch {
		case slices.Contains(l.covers, c.category):
			takes = append(takes, l)
		case len(l.covers) == 0:
			open = append(open, l)
		}
	}
	if len(takes) == 0 {
		takes = open
	}
	switch len(takes) {
	case 1:
		return takes[0], ""
	case 0:
		return nil, i18n.Tr(lang, "no budget line of its service, period and currency takes it")
	}
	refs := make([]string, len(takes))
	for i, l := range takes {
		refs[i] = l.ref
	}
	return nil, i18n.Tr(lang, "several lines could take it (%s): name one on the cost, or the categories each line takes", strings.Join(refs, ", "))
}

type monthSum struct {
	units int64 // 1/10000 of the currency: money keeps at most four decimals, so sums are exact
	costs int
}

// cost is one cost record as the report reads it.
type cost struct {
	service, day, category, budget, currency string
	units                                    int64
}

// readCosts reads the costs dated between first and last (all when first is empty).
func readCosts(ctx context.Context, s *store.Store, first, last string) ([]cost, error) {
	where := []store.Filter{{Field: "incurred_on", Op: "!=", Value: ""}, {Field: "amount", Op: "!=", Value: ""}}
	if first != "" {
		where = append(where, store.Filter{Field: "incurred_on", Op: ">=", Value: first}, store.Filter{Field: "incurred_on", Op: "<=", Value: last})
	}
	var out []cost
	err := s.Columns(ctx, "cost", []string{"service", "incurred_on", "amount", "category", "budget"}, where, func(v []any) error {
		c := cost{service: str(v[0]), day: str(v[1]), category: str(v[3]), budget: str(v[4])}
		if len(c.day) < 7 {
			return nil
		}
		var err error
		if c.units, c.currency, err = moneyUnits(v[2]); err != nil {
			return fault.New("budget.amount_invalid", "", "a cost of %s on %s: %v", c.service, c.day, err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

type budgetLine struct {
	id, ref, title, service, period, start, end, currency string
	covers                                                []string
	units, actual                                         int64
	costs                                                 int
}

// budgetLines reads every budget line with a valid period, in the order of the report: by the
// title of its service (lines of no service first), then period.
func budgetLines(ctx context.Context, s *store.Store, services map[string]service) ([]budgetLine, error) {
	var out []budgetLine
	cols := []string{"id", "ref", "title", "service", "period", "period_start", "period_end", "amount", "covers"}
	where := []store.Filter{{Field: "period_start", Op: "!=", Value: ""}, {Field: "period_end", Op: "!=", Value: ""}}
	err := s.Columns(ctx, "budget", cols, where, func(v []any) error {
		l := budgetLine{id: str(v[0]), ref: str(v[1]), title: str(v[2]), service: str(v[3]), period: str(v[4]), start: str(v[5]), end: str(v[6])}
		if len(l.start) < 7 || len(l.end) < 7 {
			return nil
		}
		var err error
		if l.units, l.currency, err = moneyUnits(v[7]); err != nil {
			return fault.New("budget.amount_invalid", "", "budget line %s: %v", l.ref, err)
		}
		l.covers, _ = v[8].([]string)
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A line whose service is gone sorts with those of no service, as one of no title.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ta, oka := services[a.service]
		tb, okb := services[b.service]
		if oka != okb {
			return okb
		}
		return cmp.Or(cmp.Compare(ta.title, tb.title), cmp.Compare(a.start, b.start), cmp.Compare(a.period, b.period)) < 0
	})
	return out, nil
}

// moneyUnits reads a money value as the store gives it (schema.MoneyValue) as 1/10000 units of
// its currency.
func moneyUnits(v any) (units int64, currency string, err error) {
	m, ok := v.(schema.MoneyValue)
	if !ok {
		return 0, "", fault.New("budget.amount_invalid", "", "amount %v is not a money value", v)
	}
	units, err = decimalUnits(m.Amount)
	return units, m.Currency, err
}

// decimalUnits reads a decimal with at most four decimals ("-12.5") as 1/10000 units.
func decimalUnits(amount string) (int64, error) {
	whole, frac, _ := strings.Cut(amount, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	if whole == "" || len(frac) > 4 {
		return 0, fault.New("budget.amount_invalid", "", "amount %q is not a decimal with at most four decimals", amount)
	}
	frac += strings.Repeat("0", 4-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseUint(frac, 10, 64)
	if err1 != nil || err2 != nil || w > math.MaxInt64/10000-1 {
		return 0, fault.New("budget.amount_invalid", "", "amount %q is not a decimal with at most four decimals", amount)
	}
	units := w*10000 + int64(f)
	if neg {
		units = -units
	}
	return units, nil
}

func fill(r BudgetRow, budget, actual int64) BudgetRow {
	r.Budgeted, r.Actual, r.Variance = money(budget), money(actual), money(actual-budget)
	if budget != 0 {
		pct := round1(100 * float64(actual-budget) / float64(budget))
		r.VariancePct = &pct
	}
	return r
}

// money writes an amount in 1/10000 units with two decimals (rounded half away from zero).
func money(units int64) string {
	r := new(big.Rat).SetFrac64(units, 10000)
	s := r.FloatString(2)
	return strings.TrimPrefix(fmt.Sprint(s), "+")
}
