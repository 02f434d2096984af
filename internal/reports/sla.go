// Package reports owns the reports computed across a register: SLA performance per SLA and
// priority, and budget against actual cost. They read the register tables the store keeps
// (r_<kind>), whose computed columns the kinds' rules fill at every write.
package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

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
	from, to := "", "9999"
	if !opt.From.IsZero() {
		from = opt.From.UTC().Format(schema.DateTimeLayout)
	}
	if !opt.To.IsZero() {
		to = opt.To.UTC().Format(schema.DateLayout) + "T23:59:59Z"
	}
	type key struct {
		sla      string
		priority int64
	}
	minutes := map[key][]int64{}
	met, unknown := map[key]int{}, map[key]int{}
	for _, kind := range kinds {
		if kind != "incident" && kind != "request" {
			return nil, fmt.Errorf("an SLA report covers incidents and requests, not %q", kind)
		}
		// One row per SLA and priority, read in the order of the kind's SLA report index. The
		// resolution times come as one list per group: scanning a row per ticket costs more
		// than the rest of the report.
		rows, err := s.DB().QueryContext(ctx, fmt.Sprintf(`SELECT sla, priority, sum(sla_state = 'met'),
			sum(coalesce(response_state = 'unknown', 0)), group_concat(coalesce(resolve_elapsed_minutes, 0))
			FROM r_%s WHERE sla_state IN ('met', 'missed') AND resolved_at >= ? AND resolved_at <= ?
			GROUP BY sla, priority`, kind), from, to)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k key
			var sla sql.NullString
			var prio sql.NullInt64
			var nmet, nunknown int
			var list string
			if err := rows.Scan(&sla, &prio, &nmet, &nunknown, &list); err != nil {
				rows.Close()
				return nil, err
			}
			k.sla, k.priority = sla.String, prio.Int64
			met[k] += nmet
			unknown[k] += nunknown
			for _, m := range strings.Split(list, ",") {
				v, err := strconv.ParseInt(m, 10, 64)
				if err != nil {
					rows.Close()
					return nil, fmt.Errorf("resolution time %q of a %s: %v", m, kind, err)
				}
				minutes[k] = append(minutes[k], v)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	names := map[string][3]string{}
	rows, err := s.DB().QueryContext(ctx, `SELECT l.id, l.ref, coalesce(l.title, ''), coalesce(v.title, '')
		FROM r_sla l LEFT JOIN records sr ON sr.id = l.service LEFT JOIN r_service v ON v.n = sr.n`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, ref, title, service string
		if err := rows.Scan(&id, &ref, &title, &service); err != nil {
			rows.Close()
			return nil, err
		}
		names[id] = [3]string{ref, title, service}
	}
	rows.Close()
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
	from, to := "", "9999"
	if !opt.From.IsZero() {
		from = opt.From.UTC().Format(schema.DateTimeLayout)
	}
	if !opt.To.IsZero() {
		to = opt.To.UTC().Format(schema.DateLayout) + "T23:59:59Z"
	}
	out := []SLAGap{}
	for _, kind := range kinds {
		if kind != "incident" && kind != "request" {
			return nil, fmt.Errorf("an SLA report covers incidents and requests, not %q", kind)
		}
		rows, err := s.DB().QueryContext(ctx, fmt.Sprintf(`SELECT coalesce(v.title, '(no service)'), coalesce(l.ref, ''), t.sla IS NULL,
			coalesce(t.priority, 0), count(*)
			FROM r_%s t LEFT JOIN records sr ON sr.id = t.service LEFT JOIN r_service v ON v.n = sr.n
			LEFT JOIN r_sla l ON l.id = t.sla
			WHERE t.status IN ('resolved', 'closed') AND t.sla_state IS NULL AND t.resolved_at >= ? AND t.resolved_at <= ?
			GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4`, kind), from, to)
		if err != nil {
			return nil, err
		}
		plural := kind + "s"
		for rows.Next() {
			var g SLAGap
			var noSLA bool
			if err := rows.Scan(&g.Service, &g.SLA, &noSLA, &g.Priority, &g.Tickets); err != nil {
				rows.Close()
				return nil, err
			}
			g.Kind = kind
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
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
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

// percentile returns the nearest-rank percentile of sorted values.
func percentile(sorted []int64, p float64) int64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(rank, 0)]
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
