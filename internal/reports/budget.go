package reports

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"smsworkbench/internal/itsm"
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
		first, last = f.Format("2006-01-02"), l.Format("2006-01-02")
	}
	// Amounts are summed in units of 1/10000 (money keeps at most four decimals), so the sums
	// are exact.
	const lineSQL = `SELECT b.ref, coalesce(b.title, ''), coalesce(v.title, ''), b.period, b.amount->>'currency',
		CAST(round((b.amount->>'amount') * 10000) AS INTEGER),
		coalesce(sum(CAST(round((c.amount->>'amount') * 10000) AS INTEGER)), 0), count(c.n)
		FROM r_budget b
		LEFT JOIN r_cost c ON c.service = b.service AND c.incurred_on BETWEEN b.period_start AND b.period_end
			AND c.amount->>'currency' = b.amount->>'currency'
		LEFT JOIN records sr ON sr.id = b.service LEFT JOIN r_service v ON v.n = sr.n
		WHERE b.period_start IS NOT NULL AND (?1 = '' OR (b.period_start >= ?1 AND b.period_end <= ?2))
		GROUP BY b.n ORDER BY v.title, b.period_start, b.period`
	rows, err := s.DB().QueryContext(ctx, lineSQL, first, last)
	if err != nil {
		return nil, err
	}
	out := []BudgetRow{}
	for rows.Next() {
		var r BudgetRow
		var budget, actual int64
		if err := rows.Scan(&r.Budget, &r.Title, &r.Service, &r.Period, &r.Currency, &budget, &actual, &r.Costs); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, fill(r, budget, actual))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Costs outside every budget line, per service, year and currency.
	const looseSQL = `SELECT coalesce(v.title, '(no service)'), substr(c.incurred_on, 1, 4), c.amount->>'currency',
		sum(CAST(round((c.amount->>'amount') * 10000) AS INTEGER)), count(*)
		FROM r_cost c LEFT JOIN records sr ON sr.id = c.service LEFT JOIN r_service v ON v.n = sr.n
		WHERE (?1 = '' OR c.incurred_on BETWEEN ?1 AND ?2)
		AND NOT EXISTS(SELECT 1 FROM r_budget b WHERE b.service = c.service AND c.incurred_on BETWEEN b.period_start AND b.period_end
			AND b.amount->>'currency' = c.amount->>'currency')
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
	rows, err = s.DB().QueryContext(ctx, looseSQL, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := BudgetRow{Title: "(no budget line)"}
		var actual int64
		if err := rows.Scan(&r.Service, &r.Period, &r.Currency, &actual, &r.Costs); err != nil {
			return nil, err
		}
		out = append(out, fill(r, 0, actual))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out, rows.Err()
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
