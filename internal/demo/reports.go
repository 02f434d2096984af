package demo

import (
	"fmt"
	"strings"
	"time"

	"smsworkbench/internal/itsm"
	"smsworkbench/internal/store"
)

// reportMonths is how many complete months of service reports the demo holds.
const reportMonths = 12

// lateReport is the service whose SLA's last report is still a draft: the customer complained
// that the report arrives late (see feedback), and the 9.4 evidence rule shows the gap.
const lateReport = "DESK"

// serviceReports writes, for every SLA that was agreed in a month of the last year, the monthly
// service report of that month (clause 9.4): compiled as a draft the day after the month,
// issued a few working days later, with the SLA compliance of the tickets resolved under the
// SLA in that month. The last report of one SLA is still a draft. The number of reports does
// not grow with the scale; their figures come from the tickets, which do.
func (f *filler) serviceReports() error {
	rng := f.rng("service reports")
	first := som(f.now).AddDate(0, -reportMonths, 0)
	tally, err := f.ticketTally(first)
	if err != nil {
		return err
	}
	var recs []*rec
	for _, s := range f.services {
		if s.state == "pipeline" {
			continue
		}
		for m := 0; m < reportMonths; m++ {
			start := first.AddDate(0, m, 0)
			end := eom(start)
			if s.retiredAt != "" && day(end) > s.retiredAt {
				break // no report for a month the SLA was not in force to its end
			}
			t := tally[s.slaID+"|"+start.Format("2006-01")]
			compiled := f.workHour(rng, end.AddDate(0, 0, 1))
			issued := f.workHour(rng, end.AddDate(0, 0, 3+rng.IntN(6)))
			if issued.After(f.now) {
				issued = f.now.Add(-time.Hour)
			}
			if compiled.After(issued) {
				compiled = issued
			}
			in := map[string]any{
				"title":          fmt.Sprintf("Service report %s %s", s.name, start.Format("2006-01")),
				"sla":            s.slaID,
				"period_start":   day(start),
				"period_end":     day(end),
				"recipients":     f.recipients(s),
				"sla_compliance": t.compliance(),
				"summary":        t.summary(s, start),
			}
			r := newRec("servicereport", compiled, in)
			last := m == reportMonths-1
			if last && s.code == lateReport {
				r.into(f.idOf("report:late"))
			} else {
				r.then(issued, map[string]any{"issued_on": day(issued)}, "issued", "sent to the customers")
			}
			recs = append(recs, r)
		}
	}
	return f.write(recs...)
}

// tickets is what the tickets of one SLA in one month say.
type tickets struct {
	incidents, requests, met, missed int
	majors                           []string // "INC-00042 on 2026-03-05"
}

func (t *tickets) compliance() float64 {
	if t == nil || t.met+t.missed == 0 {
		return 100
	}
	return float64(t.met*1000/(t.met+t.missed)) / 10
}

func (t *tickets) summary(s *service, month time.Time) string {
	name := month.Format("January 2006")
	if t == nil || t.incidents+t.requests == 0 {
		return fmt.Sprintf("%s: no incidents or requests were resolved under the SLA. Availability target %.2f %%; no outage reported.", name, s.avail)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s and %s resolved under the SLA; %d of %d within their resolution targets (%.1f %%).",
		name, plural(t.incidents, "incident"), plural(t.requests, "service request"), t.met, t.met+t.missed, t.compliance())
	if len(t.majors) > 0 {
		fmt.Fprintf(&b, " Major incidents: %s; see the problem records for their causes.", strings.Join(t.majors, ", "))
	}
	switch c := t.compliance(); {
	case c < 90:
		b.WriteString(" Below the agreed 95 %: the misses were reviewed with the customer in the monthly service review and actions agreed.")
	case c < 95:
		b.WriteString(" Slightly below the agreed 95 %: the misses were explained in the service review.")
	default:
		b.WriteString(" Service levels met.")
	}
	return b.String()
}

// plural says "1 incident", "2 incidents".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// ticketTally counts the incidents and requests resolved under each SLA, by month, from from.
func (f *filler) ticketTally(from time.Time) (map[string]*tickets, error) {
	out := map[string]*tickets{}
	for _, kind := range []string{"incident", "request"} {
		p, err := f.s.List(f.ctx, kind, store.Query{Where: []store.Filter{{Field: "resolved_at", Op: ">=", Value: ts(from)}}, Sort: "ref", Limit: -1})
		if err != nil {
			return nil, err
		}
		for _, r := range p.Records {
			sla, _ := r.Values["sla"].(string)
			at, _ := r.Values["resolved_at"].(string)
			if sla == "" || len(at) < 7 {
				continue
			}
			key := sla + "|" + at[:7]
			t := out[key]
			if t == nil {
				t = &tickets{}
				out[key] = t
			}
			if kind == "incident" {
				t.incidents++
				if major, _ := r.Values["major"].(bool); major {
					opened, _ := r.Values["opened_at"].(string)
					t.majors = append(t.majors, fmt.Sprintf("%s on %s", r.Ref, opened[:min(10, len(opened))]))
				}
			} else {
				t.requests++
			}
			switch r.Values["sla_state"] {
			case itsm.SLAMet:
				t.met++
			case itsm.SLAMissed, itsm.SLABreached:
				t.missed++
			}
		}
	}
	return out, nil
}

// recipients are the contacts of the service's customers and its owner.
func (f *filler) recipients(s *service) string {
	var out []string
	for _, c := range s.customers {
		cu := f.customers[c]
		out = append(out, fmt.Sprintf("%s, %s <%s>", cu.contact, cu.name, cu.email))
	}
	out = append(out, s.owner+" (service owner)")
	return strings.Join(out, "; ")
}
