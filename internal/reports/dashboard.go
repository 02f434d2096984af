package reports

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"smsworkbench/internal/i18n"
	"smsworkbench/internal/itsm"
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

// openList is the filters of a list of the open records of a kind (store.OpenOnly, said as a
// list says it): not in any state of its workflow that is final or done.
func openList(s *store.Store, kind string) []store.Filter {
	k, ok := s.Registry().Kind(kind)
	if !ok || k.Workflow == nil {
		return nil
	}
	var closed []string
	for _, st := range k.Workflow.States {
		if !slices.Contains(k.OpenStates(), st.Name) {
			closed = append(closed, st.Name)
		}
	}
	return notIn(closed...)
}

func openTickets(ctx context.Context, s *store.Store) ([]TicketCount, error) {
	out := []TicketCount{}
	for _, kind := range []string{"incident", "request"} {
		groups, err := s.Aggregate(ctx, kind, store.Aggregate{By: []string{"priority", "sla_state"}, Where: []store.Filter{store.OpenOnly()}})
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			c := TicketCount{Kind: kind, Priority: g.Int(0), SLAState: g.Text(1), Count: g.Count}
			var prio any = c.Priority
			if c.Priority == 0 {
				prio = ""
			}
			where := append(openList(s, kind), store.Filter{Field: "priority", Op: "=", Value: prio},
				store.Filter{Field: "sla_state", Op: "=", Value: c.SLAState})
			c.Link = Link{Kind: kind, Where: where}
			out = append(out, c)
		}
	}
	return out, nil
}

// slaTrend gives, per service and month of the last twelve (this one included), the share of
// incidents and requests resolved that month that met their SLA.
func slaTrend(ctx context.Context, s *store.Store, now time.Time) ([]SLAMonth, error) {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	out, err := SLAMonths(ctx, s, first.Format(schema.DateTimeLayout), "")
	for i := range out {
		out[i].Link = monthLink(out[i].ServiceRef, out[i].Month)
	}
	return out, err
}

// SLAMonths gives, per service and month, the share of the incidents and requests resolved in
// the period (dates or date-times, inclusive; "" for no bound) that met their SLA, by service
// title and month. The months have no link.
func SLAMonths(ctx context.Context, s *store.Store, from, to string) ([]SLAMonth, error) {
	services, err := serviceNames(ctx, s)
	if err != nil {
		return nil, err
	}
	type key struct{ ref, month string }
	sums := map[key]*SLAMonth{}
	for _, kind := range []string{"incident", "request"} {
		groups, err := s.Aggregate(ctx, kind, store.Aggregate{By: []string{"service", "month(resolved_at)"},
			Tally: []store.Filter{{Field: "sla_state", Op: "=", Value: itsm.SLAMet}}, Where: append(judged(), resolvedIn(from, to)...)})
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			sv, ok := services[g.Text(0)]
			k := key{sv.ref, g.Text(1)}
			if sums[k] == nil {
				title := "(no service)"
				if ok {
					title = sv.title
				}
				sums[k] = &SLAMonth{Service: title, ServiceRef: k.ref, Month: k.month}
			}
			sums[k].Tickets += g.Count
			sums[k].Met += g.Tally[0]
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

// section lists the first sectionSize records of kind that match where, in the order of the
// field sortBy (then reference), with how many match in all; date and note give each entry's
// date and note.
func section(ctx context.Context, s *store.Store, kind string, link Link, where []store.Filter, sortBy string,
	date func(*store.Record) string, note func(*store.Record) string) (Section, error) {
	sec := Section{Entries: []Entry{}, Link: link}
	page, err := s.List(ctx, kind, store.Query{Where: where, Sort: sortBy, Limit: sectionSize})
	if err != nil {
		return sec, err
	}
	sec.Total = page.Total
	for _, r := range page.Records {
		sec.Entries = append(sec.Entries, Entry{Kind: kind, Ref: r.Ref, Title: r.Title(), Status: r.Status, Date: date(r), Note: note(r)})
	}
	return sec, nil
}

// text is a field of a record as text ("" when unset).
func text(name string) func(*store.Record) string {
	return func(r *store.Record) string { return str(r.Values[name]) }
}

func none(*store.Record) string { return "" }

// withoutService lists the open incidents and requests that name no service yet, oldest first.
func withoutService(ctx context.Context, s *store.Store) (Section, error) {
	link := Link{Kind: "incident", Where: append(openList(s, "incident"), store.Filter{Field: "service", Op: "=", Value: ""})}
	sec := Section{Entries: []Entry{}, Link: link}
	for _, kind := range []string{"incident", "request"} {
		where := []store.Filter{store.OpenOnly(), {Field: "service", Op: "=", Value: ""}}
		err := s.Columns(ctx, kind, []string{"ref", "title", "status", "opened_at"}, where, func(v []any) error {
			day := str(v[3])
			sec.Entries = append(sec.Entries, Entry{Kind: kind, Ref: str(v[0]), Title: str(v[1]), Status: str(v[2]), Date: day[:min(10, len(day))]})
			return nil
		})
		if err != nil {
			return sec, err
		}
	}
	sort.Slice(sec.Entries, func(i, j int) bool {
		a, b := sec.Entries[i], sec.Entries[j]
		return a.Date < b.Date || a.Date == b.Date && a.Ref < b.Ref
	})
	sec.Total = len(sec.Entries)
	sec.Entries = sec.Entries[:min(sectionSize, len(sec.Entries))]
	return sec, nil
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
	return section(ctx, s, "change", link, link.Where, "planned_start", text("planned_start"), func(r *store.Record) string {
		note := str(r.Values["change_type"])
		if n := len(asIDs(r.Values["overlaps"])); n > 0 && note != "" {
			note += fmt.Sprintf(", overlaps %d", n)
		}
		return note
	})
}

// expiryHorizon is how far ahead the dashboard looks for contracts ending.
const expiryHorizon = 90

func contractsExpiring(ctx context.Context, s *store.Store, now time.Time) (Section, error) {
	today := now.UTC().Format(schema.DateLayout)
	until := now.UTC().AddDate(0, 0, expiryHorizon).Format(schema.DateLayout)
	link := Link{Kind: "contract", Where: []store.Filter{{Field: "status", Op: "=", Value: "active"}, {Field: "end", Op: "<=", Value: until}}}
	lang := i18n.Lang(ctx)
	return section(ctx, s, "contract", link, link.Where, "end", text("end"), func(r *store.Record) string {
		if str(r.Values["end"]) < today {
			return i18n.Tr(lang, "expired")
		}
		by := str(r.Values["notice_by"])
		if by == "" {
			by = "?"
		}
		return i18n.Tr(lang, "notice by %s", i18n.Date(lang, by))
	})
}

func overdueActions(ctx context.Context, s *store.Store, today string) (Section, error) {
	link := Link{Kind: "action", Where: []store.Filter{{Field: "overdue", Op: "=", Value: true}}}
	where := append(openList(s, "action"), store.Filter{Field: "due", Op: "<", Value: today})
	return section(ctx, s, "action", link, where, "due", text("due"), text("owner"))
}

// overdueReviews lists the open controlled documents, plans and other records past their review
// date, and management reviews planned for a day that has passed.
func overdueReviews(ctx context.Context, s *store.Store, today string) (Section, error) {
	sec := Section{Entries: []Entry{}, Link: Link{Kind: "policy", Where: []store.Filter{{Field: "review_overdue", Op: "=", Value: true}}}}
	var parts []Section
	for _, k := range s.Registry().Kinds() {
		if _, ok := k.Field("review_due"); !ok || k.Workflow == nil {
			continue
		}
		where := append(openList(s, k.Name), store.Filter{Field: "review_due", Op: "<", Value: today})
		p, err := section(ctx, s, k.Name, Link{}, where, "review_due", text("review_due"), none)
		if err != nil {
			return sec, err
		}
		parts = append(parts, p)
	}
	where := []store.Filter{{Field: "status", Op: "=", Value: "planned"}, {Field: "held_on", Op: "<", Value: today}}
	p, err := section(ctx, s, "review", Link{}, where, "held_on", text("held_on"), func(*store.Record) string { return i18n.Tr(i18n.Lang(ctx), "not held yet") })
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
