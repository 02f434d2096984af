// Package reports owns the reports computed across a register: SLA performance per SLA and
// priority, and budget against actual cost. They read the registers through the store's
// aggregate API (store.Aggregate, store.Columns): counts and groups in one statement each, over
// the computed fields the kinds' rules fill at every write.
package reports

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/itsm"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

// SLARow is the performance of one SLA for one priority.
type SLARow struct {
	SLA      string `json:"sla"`
	SLATitle string `json:"sla_title"`
	Service  string `json:"service"`
	Priority int64  `json:"priority"`
	Tickets  int    `json:"tickets"`
	Met      int    `json:"met"`
	Missed   int    `json:"missed"`
	// ResponseUnknown counts the tickets (among Tickets) whose response time is not known: they
	// went straight to resolved after their response target, and are judged on resolution alone.
	ResponseUnknown int     `json:"response_unknown"`
	Compliance      float64 `json:"compliance"`           // per cent of tickets that met the SLA
	MeanResolveMin  float64 `json:"mean_resolve_minutes"` // business minutes
	P90ResolveMin   int64   `json:"p90_resolve_minutes"`
}

// SLAOptions limits an SLA report to the tickets resolved in a period and to some kinds.
type SLAOptions struct {
	From, To time.Time // zero: open-ended; To is inclusive of its whole day
	Kinds    []string  // "incident", "request"; both when empty
}

// SLAReport counts, per SLA and priority, the tickets resolved in the period that met or missed
// their SLA, with the mean and 90th percentile of their resolution time in business minutes.
// A ticket counts once its SLA result is final (resolved or closed); cancelled tickets do not.
func SLAReport(ctx context.Context, s *store.Store, opt SLAOptions) ([]SLARow, error) {
	kinds := opt.Kinds
	if len(kinds) == 0 {
		kinds = []string{"incident", "request"}
	}
	from, to := period(opt)
	type key struct {
		sla      string
		priority int64
	}
	minutes := map[key][]int64{}
	met, unknown := map[key]int{}, map[key]int{}
	for _, kind := range kinds {
		if kind != "incident" && kind != "request" {
			return nil, fault.New("report.kind_invalid", "", "an SLA report covers incidents and requests, not %q", kind)
		}
		// One group per SLA and priority, in the order of the kind's SLA report index. The
		// resolution times come as one list per group: scanning a row per ticket costs more
		// than the rest of the report.
		groups, err := s.Aggregate(ctx, kind, store.Aggregate{By: []string{"sla", "priority"},
			Tally: []store.Filter{{Field: "sla_state", Op: "=", Value: itsm.SLAMet}, {Field: "response_state", Op: "=", Value: itsm.ResponseUnknown}},
			List:  []string{"resolve_elapsed_minutes"},
			Where: append(judged(), resolvedIn(from, to)...)})
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			k := key{g.Text(0), g.Int(1)}
			met[k] += g.Tally[0]
			unknown[k] += g.Tally[1]
			minutes[k] = append(minutes[k], g.List[0]...)
		}
	}
	services, err := serviceNames(ctx, s)
	if err != nil {
		return nil, err
	}
	names := map[string][3]string{}
	err = s.Columns(ctx, "sla", []string{"id", "ref", "title", "service"}, nil, func(v []any) error {
		names[str(v[0])] = [3]string{str(v[1]), str(v[2]), services[str(v[3])].title}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []SLARow{}
	for k, used := range minutes {
		slices.Sort(used)
		var sum int64
		for _, m := range used {
			sum += m
		}
		n := names[k.sla]
		if n[0] == "" {
			n = [3]string{"(deleted SLA)", "", ""}
		}
		out = append(out, SLARow{SLA: n[0], SLATitle: n[1], Service: n[2], Priority: k.priority,
			Tickets: len(used), Met: met[k], Missed: len(used) - met[k], ResponseUnknown: unknown[k],
			Compliance:     round1(100 * float64(met[k]) / float64(len(used))),
			MeanResolveMin: round1(float64(sum) / float64(len(used))),
			P90ResolveMin:  percentile(used, 0.9)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].SLA != out[j].SLA {
			return out[i].SLA < out[j].SLA
		}
		return out[i].Priority < out[j].Priority
	})
	return out, nil
}

// SLAGap is a group of tickets resolved in a period that no SLA judged, and why.
type SLAGap struct {
	Kind    string `json:"kind"`   // incident or request
	Reason  string `json:"reason"` // no_sla or no_target
	Service string `json:"service"`
	// SLA and Priority: for no_target, the SLA that applies and the priority it has no target
	// for (0: the ticket has no priority).
	SLA      string `json:"sla,omitempty"`
	Priority int64  `json:"priority,omitempty"`
	Tickets  int    `json:"tickets"`
	Text     string `json:"text"`
}

// Reasons a resolved ticket has no SLA result.
const (
	GapNoSLA     = "no_sla"     // no SLA of its service was valid when it was opened
	GapNoService = "no_service" // it names no service
	GapNoTarget  = "no_target"  // its SLA has no target for its priority (or it has no priority)
)

// SLAGaps lists the tickets resolved (or closed) in the period that have no SLA result, grouped
// by why: the SLA report counts only tickets an SLA judged, so a reader must see what it left out.
func SLAGaps(ctx context.Context, s *store.Store, opt SLAOptions) ([]SLAGap, error) {
	kinds := opt.Kinds
	if len(kinds) == 0 {
		kinds = []string{"incident", "request"}
	}
	from, to := period(opt)
	services, err := serviceNames(ctx, s)
	if err != nil {
		return nil, err
	}
	slas := map[string]string{}
	err = s.Columns(ctx, "sla", []string{"id", "ref"}, nil, func(v []any) error {
		slas[str(v[0])] = str(v[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []SLAGap{}
	for _, kind := range kinds {
		if kind != "incident" && kind != "request" {
			return nil, fault.New("report.kind_invalid", "", "an SLA report covers incidents and requests, not %q", kind)
		}
		groups, err := s.Aggregate(ctx, kind, store.Aggregate{By: []string{"service", "sla", "priority"},
			Where: append([]store.Filter{store.In("status", "resolved", "closed"), {Field: "sla_state", Op: "=", Value: ""}}, resolvedIn(from, to)...)})
		if err != nil {
			return nil, err
		}
		// One line per service title, SLA and priority, in that order (without an SLA first).
		type gap struct {
			service, sla string
			noSLA        bool
			priority     int64
		}
		tickets := map[gap]int{}
		for _, g := range groups {
			k := gap{service: "(no service)", sla: slas[g.Text(1)], noSLA: g.Keys[1] == nil, priority: g.Int(2)}
			if sv, ok := services[g.Text(0)]; ok {
				k.service = sv.title
			}
			tickets[k] += g.Count
		}
		var lines []gap
		for k := range tickets {
			lines = append(lines, k)
		}
		sort.Slice(lines, func(i, j int) bool {
			a, b := lines[i], lines[j]
			return cmp.Or(cmp.Compare(a.service, b.service), cmp.Compare(a.sla, b.sla), cmp.Compare(a.priority, b.priority),
				compareBool(a.noSLA, b.noSLA)) < 0
		})
		plural := kind + "s"
		for _, l := range lines {
			g := SLAGap{Kind: kind, Service: l.service, SLA: l.sla, Priority: l.priority, Tickets: tickets[l]}
			noSLA := l.noSLA
			if noSLA && g.Service == "(no service)" {
				g.Reason, g.SLA, g.Priority = GapNoService, "", 0
				if n := len(out); n > 0 && out[n-1].Reason == GapNoService && out[n-1].Kind == kind {
					out[n-1].Tickets += g.Tickets
					continue
				}
				out = append(out, g)
				continue
			}
			if noSLA {
				g.Reason, g.SLA, g.Priority = GapNoSLA, "", 0
				if n := len(out); n > 0 && out[n-1].Reason == GapNoSLA && out[n-1].Kind == kind && out[n-1].Service == g.Service {
					out[n-1].Tickets += g.Tickets // one line per service, whatever the priorities
					continue
				}
			} else {
				g.Reason = GapNoTarget
			}
			out = append(out, g)
		}
		for i := range out {
			g := &out[i]
			if g.Kind != kind {
				continue
			}
			switch {
			case g.Reason == GapNoService:
				g.Text = fmt.Sprintf("%d %s name no service, so no SLA judges them", g.Tickets, plural)
			case g.Reason == GapNoSLA:
				g.Text = fmt.Sprintf("%d %s of %s: no SLA of the service was agreed and valid when they were opened", g.Tickets, plural, g.Service)
			case g.Priority == 0:
				g.Text = fmt.Sprintf("%d %s of %s: no priority, so %s sets no target", g.Tickets, plural, g.Service, g.SLA)
			default:
				g.Text = fmt.Sprintf("%d %s of %s at priority %d: %s has no target for it", g.Tickets, plural, g.Service, g.Priority, g.SLA)
			}
		}
	}
	return out, nil
}

// period is the SLA options' period as the bounds of resolved_at: "" when open-ended.
func period(opt SLAOptions) (from, to string) {
	if !opt.From.IsZero() {
		from = opt.From.UTC().Format(schema.DateTimeLayout)
	}
	if !opt.To.IsZero() {
		to = opt.To.UTC().Format(schema.DateLayout) + "T23:59:59Z"
	}
	return from, to
}

// judged selects the tickets an SLA judged: met or missed.
func judged() []store.Filter {
	return []store.Filter{store.In("sla_state", itsm.SLAMet, itsm.SLAMissed)}
}

// resolvedIn selects the tickets resolved between from and to (dates or date-times, inclusive;
// "" for no bound): resolved, at any rate, when neither is given.
func resolvedIn(from, to string) []store.Filter {
	out := []store.Filter{{Field: "resolved_at", Op: "!=", Value: ""}}
	if from != "" {
		out = append(out, store.Filter{Field: "resolved_at", Op: ">=", Value: from})
	}
	if to != "" {
		out = append(out, store.Filter{Field: "resolved_at", Op: "<=", Value: to})
	}
	return out
}

// service is a service as the reports name it.
type service struct{ ref, title string }

// serviceNames gives the ref and title of every service by its id.
func serviceNames(ctx context.Context, s *store.Store) (map[string]service, error) {
	out := map[string]service{}
	err := s.Columns(ctx, "service", []string{"id", "ref", "title"}, nil, func(v []any) error {
		out[str(v[0])] = service{ref: str(v[1]), title: str(v[2])}
		return nil
	})
	return out, err
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// percentile returns the nearest-rank percentile of sorted values.
func percentile(sorted []int64, p float64) int64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(rank, 0)]
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
