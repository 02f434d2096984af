package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"smsworkbench/internal/itsm"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// BudgetRow is one budget line against the actual costs of its service in its period, or the
// costs of a service and year that no budget line covers.
type BudgetRow struct {
	Budget      string   `json:"budget"` // budget line ref; "" for unbudgeted costs
	Title       string   `json:"title"`
	Service     string   `json:"service"`
	Period      string   `json:"period"`
	Currency    string   `json:"currency"`
	Budgeted    string   `json:"budget_amount"`
	Actual      string   `json:"actual"`
	Variance    string   `json:"variance"`     // actual - budget: positive is an overspend
	VariancePct *float64 `json:"variance_pct"` // of the budget; null without a budget
	Costs       int      `json:"costs"`        // cost records counted
}

// BudgetReport sets every budget line (of the period, when one is given) against the costs of
// its service dated within its period and in its currency, then lists the costs no line covers.
// A period selects the lines whose period lies within it: "2026" selects 2026, 2026-Q1 and
// 2026-03 lines.
func BudgetReport(ctx context.Context, s *store.Store, period string) ([]BudgetRow, error) {
	var first, last string
	if period != "" {
		f, l, err := itsm.ParsePeriod(period)
		if err != nil {
			return nil, err
		}
		first, last = f.Format(schema.DateLayout), l.Format(schema.DateLayout)
	}
	months, err := costsByMonth(ctx, s, first, last)
	if err != nil {
		return nil, err
	}
	services, err := serviceTitles(ctx, s)
	if err != nil {
		return nil, err
	}
	lines, err := budgetLines(ctx, s)
	if err != nil {
		return nil, err
	}
	out := []BudgetRow{}
	covered := map[monthKey]bool{}
	for _, l := range lines {
		var actual int64
		var costs int
		for _, m := range l.months() {
			k := monthKey{l.service, m, l.currency}
			covered[k] = true
			actual += months[k].units
			costs += months[k].costs
		}
		if period == "" || (l.start >= first && l.end <= last) {
			out = append(out, fill(BudgetRow{Budget: l.ref, Title: l.title, Service: services[l.service], Period: l.period,
				Currency: l.currency, Costs: costs}, l.units, actual))
		}
	}
	// Costs outside every budget line, per service, year and currency.
	type looseKey struct{ service, year, currency string }
	loose := map[looseKey]monthSum{}
	for k, sum := range months {
		if covered[k] {
			continue
		}
		lk := looseKey{k.service, k.month[:4], k.currency}
		loose[lk] = monthSum{loose[lk].units + sum.units, loose[lk].costs + sum.costs}
	}
	var rest []BudgetRow
	for k, sum := range loose {
		title := "(no service)"
		if k.service != "" {
			title = services[k.service]
		}
		rest = append(rest, fill(BudgetRow{Title: "(no budget line)", Service: title, Period: k.year, Currency: k.currency,
			Costs: sum.costs}, 0, sum.units))
	}
	sort.Slice(rest, func(i, j int) bool {
		a, b := rest[i], rest[j]
		return a.Service < b.Service || a.Service == b.Service && (a.Period < b.Period || a.Period == b.Period && a.Currency < b.Currency)
	})
	out = append(out, rest...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out, nil
}

// Budget periods are whole months (ParsePeriod), so the costs are summed per service, month and
// currency first, and every budget line then adds up at most twelve of those sums.
type monthKey struct{ service, month, currency string }

type monthSum struct {
	units int64 // 1/10000 of the currency: money keeps at most four decimals, so sums are exact
	costs int
}

// costsByMonth reads the costs dated between first and last (all when first is empty). SQLite
// only concatenates them per service, in the order of the cost index, and Go adds them up:
// grouping by month in SQL would sort every cost and extracting from the JSON amount in SQL
// costs more than decoding it here.
func costsByMonth(ctx context.Context, s *store.Store, first, last string) (map[monthKey]monthSum, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT coalesce(service, ''), group_concat(substr(incurred_on, 1, 7) || amount, char(10))
		FROM r_cost WHERE (?1 = '' OR incurred_on BETWEEN ?1 AND ?2) GROUP BY service`, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[monthKey]monthSum{}
	for rows.Next() {
		var service string
		var list sql.NullString
		if err := rows.Scan(&service, &list); err != nil {
			return nil, err
		}
		for _, entry := range strings.Split(list.String, "\n") {
			if len(entry) < 7 {
				continue
			}
			units, currency, err := decodeMoney(entry[7:])
			if err != nil {
				return nil, fmt.Errorf("a cost of %s in %s: %v", service, entry[:7], err)
			}
			k := monthKey{service, entry[:7], currency}
			out[k] = monthSum{out[k].units + units, out[k].costs + 1}
		}
	}
	return out, rows.Err()
}

type budgetLine struct {
	ref, title, service, period, start, end, currency string
	units                                             int64
}

// months lists the months of the line's period ("2026-01" ...).
func (l budgetLine) months() []string {
	var out []string
	for m := l.start[:7]; m <= l.end[:7]; {
		out = append(out, m)
		t, _ := time.Parse("2006-01", m)
		m = t.AddDate(0, 1, 0).Format("2006-01")
	}
	return out
}

// budgetLines reads every budget line with a valid period, in the order of the report.
func budgetLines(ctx context.Context, s *store.Store) ([]budgetLine, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT b.ref, coalesce(b.title, ''), coalesce(b.service, ''), b.period,
		b.period_start, b.period_end, coalesce(b.amount, '')
		FROM r_budget b LEFT JOIN records sr ON sr.id = b.service LEFT JOIN r_service v ON v.n = sr.n
		WHERE b.period_start IS NOT NULL AND b.period_end IS NOT NULL
		ORDER BY v.title, b.period_start, b.period`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []budgetLine
	for rows.Next() {
		var l budgetLine
		var amount string
		if err := rows.Scan(&l.ref, &l.title, &l.service, &l.period, &l.start, &l.end, &amount); err != nil {
			return nil, err
		}
		if len(l.start) < 7 || len(l.end) < 7 {
			continue
		}
		if l.units, l.currency, err = decodeMoney(amount); err != nil {
			return nil, fmt.Errorf("budget line %s: %v", l.ref, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func serviceTitles(ctx context.Context, s *store.Store) (map[string]string, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT id, coalesce(title, '') FROM r_service`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		out[id] = title
	}
	return out, rows.Err()
}

// decodeMoney reads a stored money value ({"amount":"1234.50","currency":"EUR"}) as 1/10000
// units of its currency. The store writes that exact shape, which is read without a JSON
// decoder; anything else goes through one.
func decodeMoney(stored string) (units int64, currency string, err error) {
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
		m = schema.MoneyValue{}
		if err := json.Unmarshal([]byte(stored), &m); err != nil {
			return 0, "", fmt.Errorf("amount %q is not a money value", stored)
		}
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
		return 0, fmt.Errorf("amount %q is not a decimal with at most four decimals", amount)
	}
	frac += strings.Repeat("0", 4-len(frac))
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseUint(frac, 10, 64)
	if err1 != nil || err2 != nil || w > math.MaxInt64/10000-1 {
		return 0, fmt.Errorf("amount %q is not a decimal with at most four decimals", amount)
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
