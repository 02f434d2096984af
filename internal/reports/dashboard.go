package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// Link is the list a dashboard figure comes from: a register and the filters that select the
// records counted, so a click on a chart opens exactly those records.
type Link struct {
	Kind  string         `json:"kind"`
	Where []store.Filter `json:"where,omitempty"`
}

// Dashboard is what needs attention in the SMS now, each figure with the list behind it.
type Dashboard struct {
	Today             string        `json:"today"`
	OpenTickets       []TicketCount `json:"open_tickets"`
	SLATrend          []SLAMonth    `json:"sla_trend"`
	ChangesThisWeek   Section       `json:"changes_this_week"`
	ContractsExpiring Section       `json:"contracts_expiring"`
	OverdueActions    Section       `json:"overdue_actions"`
	OverdueReviews    Section       `json:"overdue_reviews"`
	// NoService: open tickets recorded without a service (first contact), which no SLA judges.
	NoService  Section     `json:"no_service"`
	BudgetYear string      `json:"budget_year"`
	Budget     []BudgetRow `json:"budget"`
}

// TicketCount is the number of open tickets of a kind with one priority and SLA state.
type TicketCount struct {
	Kind     string `json:"kind"`
	Priority int64  `json:"priority"`  // 0: none computed
	SLAState string `json:"sla_state"` // "": no SLA applies
	Count    int    `json:"count"`
	Link     Link   `json:"link"`
}

// SLAMonth is the share of a service's tickets resolved in one month that met their SLA.
type SLAMonth struct {
	Service    string  `json:"service"`     // its title
	ServiceRef string  `json:"service_ref"` // "" for tickets without a service
	Month      string  `json:"month"`       // 2026-04
	Tickets    int     `json:"tickets"`
	Met        int     `json:"met"`
	Compliance float64 `json:"compliance"` // per cent
	Link       Link    `json:"link"`       // the incidents of the service resolved that month
}

// Section is a short list of records (the first few) with the number in all and its list.
type Section struct {
	Total   int     `json:"total"`
	Entries []Entry `json:"entries"`
	Link    Link    `json:"link"`
}

// Entry is one record in a dashboard section.
type Entry struct {
	Kind   string `json:"kind"`
	Ref    string `json:"ref"`
	Title  string `json:"title"`
	Status string `json:"status"`
	Date   string `json:"date"` // the date that puts it here: planned start, end, due
	Note   string `json:"note,omitempty"`
}

// sectionSize is how many records a section lists; its link opens all of them.
const sectionSize = 8

// openTicketStates are the states of a ticket still being worked on.
var openTicketStates = []string{"new", "assigned", "in_progress", "pending"}

// BuildDashboard gathers the dashboard as of now. Time-dependent values (SLA states, overdue
// flags) are read as stored; the window stores them anew every few minutes (store.RefreshLive).
func BuildDashboard(ctx context.Context, s *store.Store, now time.Time) (*Dashboard, error) {
	today := now.UTC().Format(schema.DateLayout)
	d := &Dashboard{Today: today, OpenTickets: []TicketCount{}, SLATrend: []SLAMonth{}, BudgetYear: today[:4]}
	steps := []func() error{
		func() (err error) { d.OpenTickets, err = openTickets(ctx, s); return },
		func() (err error) { d.SLATrend, err = slaTrend(ctx, s, now); return },
		func() (err error) { d.ChangesThisWeek, err = changesThisWeek(ctx, s, now); return },
		func() (err error) { d.ContractsExpiring, err = contractsExpiring(ctx, s, now); return },
		func() (err error) { d.OverdueActions, err = overdueActions(ctx, s, today); return },
		func() (err error) { d.OverdueReviews, err = overdueReviews(ctx, s, today); return },
		func() (err error) { d.NoService, err = withoutService(ctx, s); return },
		func() (err error) { d.Budget, err = BudgetReport(ctx, s, d.BudgetYear); return },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func notIn(states ...string) []store.Filter {
	var out []store.Filter
	for _, st := range states {
		out = append(out, store.Filter{Field: "status", Op: "!=", Value: st})
	}
	return out
}

func openTickets(ctx context.Context, s *store.Store) ([]TicketCount, error) {
	out := []TicketCount{}
	for _, kind := range []string{"incident", "request"} {
		rows, err := s.DB().QueryContext(ctx, fmt.Sprintf(`SELECT coalesce(priority, 0), coalesce(sla_state, ''), count(*)
			FROM r_%s WHERE status IN ('new', 'assigned', 'in_progress', 'pending') GROUP BY 1, 2 ORDER BY 1, 2`, kind))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			c := TicketCount{Kind: kind}
			if err := rows.Scan(&c.Priority, &c.SLAState, &c.Count); err != nil {
				rows.Close()
				return nil, err
			}
			where := notIn("resolved", "closed", "cancelled")
			var prio any = c.Priority
			if c.Priority == 0 {
				prio = ""
			}
			where = append(where, store.Filter{Field: "priority", Op: "=", Value: prio},
				store.Filter{Field: "sla_state", Op: "=", Value: c.SLAState})
			c.Link = Link{Kind: kind, Where: where}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// slaTrend gives, per service and month of the last twelve (this one included), the share of
// incidents and requests resolved that month that met their SLA.
func slaTrend(ctx context.Context, s *store.Store, now time.Time) ([]SLAMonth, error) {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	from := first.Format(schema.DateTimeLayout)
	type key struct{ ref, month string }
	sums := map[key]*SLAMonth{}
	for _, kind := range []string{"incident", "request"} {
		rows, err := s.DB().QueryContext(ctx, fmt.Sprintf(`SELECT coalesce(sr.ref, ''), coalesce(v.title, '(no service)'),
			substr(t.resolved_at, 1, 7), count(*), sum(t.sla_state = 'met')
			FROM r_%s t LEFT JOIN records sr ON sr.id = t.service LEFT JOIN r_service v ON v.n = sr.n
			WHERE t.sla_state IN ('met', 'missed') AND t.resolved_at >= ? GROUP BY t.service, 3`, kind), from)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k key
			var title string
			var n, met int
			if err := rows.Scan(&k.ref, &title, &k.month, &n, &met); err != nil {
				rows.Close()
				return nil, err
			}
			if sums[k] == nil {
				sums[k] = &SLAMonth{Service: title, ServiceRef: k.ref, Month: k.month, Link: monthLink(k.ref, k.month)}
			}
			sums[k].Tickets += n
			sums[k].Met += met
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := []SLAMonth{}
	for _, m := range sums {
		m.Compliance = round1(100 * float64(m.Met) / float64(m.Tickets))
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Service != out[j].Service {
			return out[i].Service < out[j].Service
		}
		return out[i].Month < out[j].Month
	})
	return out, nil
}

// monthLink is the list of a service's incidents resolved in a month (2026-04) with an SLA result.
func monthLink(serviceRef, month string) Link {
	start, _ := time.Parse("2006-01", month)
	last := start.AddDate(0, 1, -1).Format(schema.DateLayout)
	where := []store.Filter{
		{Field: "service", Op: "=", Value: serviceRef},
		{Field: "resolved_at", Op: ">=", Value: start.Format(schema.DateLayout)},
		{Field: "resolved_at", Op: "<=", Value: last},
		{Field: "sla_state", Op: "!=", Value: ""},
	}
	return Link{Kind: "incident", Where: where}
}

// section runs a query whose rows are (ref, title, status, date, note) and keeps the first
// sectionSize of them.
func section(ctx context.Context, s *store.Store, kind string, link Link, query string, args ...any) (Section, error) {
	sec := Section{Entries: []Entry{}, Link: link}
	rows, err := s.DB().QueryContext(ctx, query, args...)
	if err != nil {
		return sec, err
	}
	defer rows.Close()
	for rows.Next() {
		sec.Total++
		if len(sec.Entries) == sectionSize {
			continue
		}
		e := Entry{Kind: kind}
		var date, note sql.NullString
		if err := rows.Scan(&e.Ref, &e.Title, &e.Status, &date, &note); err != nil {
			return sec, err
		}
		e.Date, e.Note = date.String, note.String
		sec.Entries = append(sec.Entries, e)
	}
	return sec, rows.Err()
}

// withoutService lists the open incidents and requests that name no service yet, oldest first.
func withoutService(ctx context.Context, s *store.Store) (Section, error) {
	link := Link{Kind: "incident", Where: append(notIn("resolved", "closed", "cancelled"), store.Filter{Field: "service", Op: "=", Value: ""})}
	sec, err := section(ctx, s, "incident", link, `SELECT ref, coalesce(title, ''), coalesce(status, ''), substr(opened_at, 1, 10), '' FROM r_incident
		WHERE service IS NULL AND status IN ('new', 'assigned', 'in_progress', 'pending')
		UNION ALL SELECT ref, coalesce(title, ''), coalesce(status, ''), substr(opened_at, 1, 10), '' FROM r_request
		WHERE service IS NULL AND status IN ('new', 'assigned', 'in_progress', 'pending') ORDER BY 4, 1`)
	for i, e := range sec.Entries {
		if strings.HasPrefix(e.Ref, schema.Request.Prefix+"-") {
			sec.Entries[i].Kind = schema.Request.Name
		}
	}
	return sec, err
}

// weekOf returns the Monday that starts the week of t and the Monday after, as dates.
func weekOf(t time.Time) (monday, next string) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	start := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return start.Format(schema.DateLayout), start.AddDate(0, 0, 7).Format(schema.DateLayout)
}

func changesThisWeek(ctx context.Context, s *store.Store, now time.Time) (Section, error) {
	monday, next := weekOf(now.UTC())
	sunday, _ := time.Parse(schema.DateLayout, next)
	link := Link{Kind: "change", Where: append(notIn("rejected", "cancelled"),
		store.Filter{Field: "planned_start", Op: ">=", Value: monday},
		store.Filter{Field: "planned_start", Op: "<=", Value: sunday.AddDate(0, 0, -1).Format(schema.DateLayout)})}
	return section(ctx, s, "change", link, `SELECT ref, coalesce(title, ''), coalesce(status, ''), planned_start,
		change_type || CASE WHEN json_array_length(coalesce(overlaps, '[]')) > 0 THEN ', overlaps ' || json_array_length(overlaps) ELSE '' END
		FROM r_change WHERE status NOT IN ('rejected', 'cancelled') AND planned_start >= ? AND planned_start < ?
		ORDER BY planned_start, ref`, monday+"T00:00:00Z", next+"T00:00:00Z")
}

// expiryHorizon is how far ahead the dashboard looks for contracts ending.
const expiryHorizon = 90

func contractsExpiring(ctx context.Context, s *store.Store, now time.Time) (Section, error) {
	until := now.UTC().AddDate(0, 0, expiryHorizon).Format(schema.DateLayout)
	link := Link{Kind: "contract", Where: []store.Filter{{Field: "status", Op: "=", Value: "active"}, {Field: "end", Op: "<=", Value: until}}}
	return section(ctx, s, "contract", link, `SELECT ref, coalesce(title, ''), coalesce(status, ''), "end",
		CASE WHEN "end" < ? THEN 'expired' ELSE 'notice by ' || coalesce(notice_by, '?') END
		FROM r_contract WHERE status = 'active' AND "end" <= ? ORDER BY "end", ref`, now.UTC().Format(schema.DateLayout), until)
}

func overdueActions(ctx context.Context, s *store.Store, today string) (Section, error) {
	link := Link{Kind: "action", Where: []store.Filter{{Field: "overdue", Op: "=", Value: true}}}
	return section(ctx, s, "action", link, `SELECT ref, coalesce(title, ''), coalesce(status, ''), due, owner
		FROM r_action WHERE status IN ('open', 'in_progress') AND due < ? ORDER BY due, ref`, today)
}

// overdueReviews lists controlled documents and plans past their review date, and management
// reviews planned for a day that has passed.
func overdueReviews(ctx context.Context, s *store.Store, today string) (Section, error) {
	sec := Section{Entries: []Entry{}, Link: Link{Kind: "policy", Where: []store.Filter{{Field: "review_overdue", Op: "=", Value: true}}}}
	var parts []Section
	for _, k := range s.Registry().Kinds() {
		if _, ok := k.Field("review_due"); !ok || k.Workflow == nil {
			continue
		}
		p, err := section(ctx, s, k.Name, Link{}, fmt.Sprintf(`SELECT ref, coalesce(title, ''), coalesce(status, ''), review_due, ''
			FROM r_%s WHERE status != 'retired' AND review_due < ? ORDER BY review_due, ref`, k.Name), today)
		if err != nil {
			return sec, err
		}
		parts = append(parts, p)
	}
	p, err := section(ctx, s, "review", Link{}, `SELECT ref, coalesce(title, ''), coalesce(status, ''), held_on, 'not held yet'
		FROM r_review WHERE status = 'planned' AND held_on < ? ORDER BY held_on, ref`, today)
	if err != nil {
		return sec, err
	}
	parts = append(parts, p)
	for _, p := range parts {
		sec.Total += p.Total
		sec.Entries = append(sec.Entries, p.Entries...)
	}
	sort.SliceStable(sec.Entries, func(i, j int) bool { return sec.Entries[i].Date < sec.Entries[j].Date })
	if len(sec.Entries) > sectionSize {
		sec.Entries = sec.Entries[:sectionSize]
	}
	return sec, nil
}
