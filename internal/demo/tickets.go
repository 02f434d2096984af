package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"smsworkbench/internal/schema"
)

// Tickets are planned in chunks and written chunk by chunk, so that even a large scale needs
// little memory. Each ticket's story follows its SLA: the demo runs the same business-time
// calendar as the SLA, so that most tickets meet their targets, some miss them, and the open ones
// are where a real desk's backlog would be.

const ticketChunk = 1500

// priorityPairs are the impact and urgency that give each priority in the default matrix.
var priorityPairs = map[int64][][2]int64{
	1: {{1, 1}}, 2: {{1, 2}, {2, 1}}, 3: {{1, 3}, {2, 2}, {3, 1}}, 4: {{2, 3}, {3, 2}}, 5: {{3, 3}},
}

func drawPriority(rng *rand.Rand, weights [5]int) int64 {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n -= w; n < 0 {
			return int64(i + 1)
		}
	}
	return 3
}

// target returns the respond and resolve targets of a priority on a service's SLA.
func target(s *service, prio int64) (respond, resolve time.Duration) {
	for _, t := range s.targets {
		if t["priority"] == prio {
			r, _ := schema.ParseDuration(t["respond"].(string))
			v, _ := schema.ParseDuration(t["resolve"].(string))
			return time.Duration(r.(int64)) * time.Minute, time.Duration(v.(int64)) * time.Minute
		}
	}
	return time.Hour, 24 * time.Hour
}

// openedAt draws when a ticket was opened: more on working days and in office hours, and a
// little more as the provider grew. Services on office hours get tickets in office hours.
func (f *filler) openedAt(rng *rand.Rand, s *service, from time.Time) time.Time {
	for {
		t := between(rng, from, f.now)
		growth := 0.75 + 0.25*float64(t.Sub(f.t0))/float64(History)
		wd := t.In(f.berlin).Weekday()
		weekend := wd == time.Saturday || wd == time.Sunday
		if weekend && (s.calendar != "24x7" || rng.IntN(100) >= 30) {
			continue
		}
		if rng.Float64() > growth {
			continue
		}
		if s.calendar == "24x7" && rng.IntN(100) < 20 {
			return t
		}
		at := f.local(t, 8+rng.IntN(10), rng.IntN(60))
		if !at.After(f.now) && !at.Before(from) {
			return at
		}
	}
}

// story plans the life of a ticket from opened on, following its SLA, and cuts it at now.
func (f *filler) story(rng *rand.Rand, r *rec, s *service, opened time.Time, prio int64, resolution string, approval string) *rec {
	cal := s.cal
	respond, resolve := target(s, prio)
	if rng.IntN(100) < 3 {
		r.move(opened.Add(time.Duration(10+rng.IntN(110))*time.Minute), "cancelled",
			pick(rng, []string{"duplicate of another ticket", "raised by mistake", "the user solved it before we started"}))
		return r.until(f.now)
	}
	recent := f.now.Sub(opened) < days(40)
	slow := rng.IntN(100) < 2 || recent && rng.IntN(100) < 10
	// Part of the recent work is still on the desk: waiting for the user or a supplier, or
	// waiting its turn behind more urgent work.
	stall := ""
	if f.now.Sub(opened) < days(60) && prio >= 3 && rng.IntN(100) < 40 {
		stall = pick(rng, []string{"assigned", "in_progress", "in_progress", "pending", "pending"})
	}
	var frac float64
	switch {
	case slow:
		frac = 1.1 + rng.Float64()*4
	case rng.IntN(100) < 4:
		frac = 1.02 + rng.Float64()*0.8
	default:
		frac = 0.04 + 0.9*math.Pow(rng.Float64(), 1.4)
	}
	used := time.Duration(frac * float64(resolve))
	rf := 0.1 + 0.8*rng.Float64()
	if rng.IntN(100) < 2 {
		rf = 1.1 + rng.Float64()
	}
	a := time.Duration(rf * float64(respond))
	if a > used/2 && rf < 1 {
		a = used / 2
	}
	a = max(a, time.Minute)
	assigned := cal.Add(opened, a)
	assignee := pick(rng, s.team)
	r.then(assigned, map[string]any{"assignee": assignee}, "assigned")
	if stall == "assigned" {
		return r.until(f.now)
	}
	rest := used - a
	b := time.Duration(float64(rest) * (0.05 + 0.25*rng.Float64()))
	at := cal.Add(assigned, max(b, time.Minute))
	rest -= b
	if approval != "" {
		r.move(assigned.Add(time.Minute), "pending", "waiting for approval by the customer")
		at = assigned.Add(time.Duration(30+rng.IntN(60*30)) * time.Minute)
		if slow {
			at = assigned.Add(days(2 + rng.Float64()*20))
		}
		r.then(at, map[string]any{"approved_by": approval}, "in_progress")
	} else {
		r.move(at, "in_progress")
	}
	switch stall {
	case "in_progress":
		return r.until(f.now)
	case "pending":
		r.move(cal.Add(at, time.Duration(float64(rest)*rng.Float64())+time.Minute), "pending",
			pick(rng, []string{"waiting for the user", "waiting for a supplier", "waiting for a replacement part", "user on leave"}))
		return r.until(f.now)
	}
	if rng.IntN(100) < 15 || slow && rng.IntN(2) == 0 {
		c := time.Duration(float64(rest) * (0.2 + 0.5*rng.Float64()))
		pend := cal.Add(at, max(c, time.Minute))
		r.move(pend, "pending", pick(rng, []string{"waiting for the user", "waiting for the user's reply", "waiting for a supplier", "user on leave"}))
		wait := time.Duration(2+rng.IntN(90)) * time.Hour
		if slow {
			wait = days(3 + rng.Float64()*30)
		}
		at = pend.Add(wait)
		r.move(at, "in_progress", "user replied")
		rest -= c
	}
	resolved := cal.Add(at, max(rest, time.Minute))
	r.then(resolved, map[string]any{"resolution": resolution}, "resolved")
	if rng.IntN(100) < 3 {
		back := resolved.Add(time.Duration(4+rng.IntN(40)) * time.Hour)
		r.move(back, "in_progress", "the user reports it is not fixed")
		resolved = cal.Add(back, time.Duration(float64(resolve)*0.1*rng.Float64())+10*time.Minute)
		r.move(resolved, "resolved", "fixed again, see the resolution")
	}
	closed := resolved.Add(time.Duration(1+rng.IntN(20)) * time.Hour)
	note := "confirmed by the user"
	if rng.IntN(100) < 75 {
		closed = f.workHour(rng, resolved.Add(days(3)))
		note = "closed automatically after three working days"
	}
	r.move(closed, "closed", note)
	return r.until(f.now)
}

func category(title string) string {
	t := strings.ToLower(title)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("phishing", "attack", "defacement", "malicious"):
		return "Security"
	case has("slow", "delayed", "lag", "behind", "cpu", "full", "limit"):
		return "Performance"
	case has("login", "password", "locked", "access", "mfa", "sso"):
		return "Access"
	case has("battery", "monitor", "printer", "port", "scanner", "laptop"):
		return "Hardware"
	}
	return "Failure"
}

// incidents writes two years of incidents: about 1,000 at scale 1.
func (f *filler) incidents() error {
	rng := f.rng("incidents")
	probsOf := map[*service][]*problemPlan{}
	for _, p := range f.probs {
		if !p.cancelled {
			probsOf[p.svc] = append(probsOf[p.svc], p)
		}
	}
	var withTickets []*service
	for _, s := range f.services {
		if s.live() && len(s.incidents) > 0 {
			withTickets = append(withTickets, s)
		}
	}
	// First when and where each incident happened, in the order they were opened, so that
	// their references follow time; then the story of each, chunk by chunk.
	type seed struct {
		s      *service
		opened time.Time
		change *changePlan
		fresh  string // "new" or "resolved": the latest tickets, just in or just fixed
	}
	total := 1000*f.scale - 2
	var seeds []seed
	for _, c := range f.failed {
		for k := 0; k < 1+rng.IntN(2); k++ {
			if opened := c.end.Add(time.Duration(30+rng.IntN(240)) * time.Minute); !opened.After(f.now) {
				seeds = append(seeds, seed{s: c.svc, opened: opened, change: c})
			}
		}
	}
	for len(seeds) < total {
		s := weighted(rng, withTickets, func(s *service) int { return s.weight })
		opened := f.openedAt(rng, s, f.since(3))
		if s.state == "retired" && opened.After(f.ago(205)) {
			continue
		}
		seeds = append(seeds, seed{s: s, opened: opened})
	}
	sort.SliceStable(seeds, func(i, j int) bool { return seeds[i].opened.Before(seeds[j].opened) })
	seeds = append(seeds, seed{s: f.service("MAIL"), opened: f.ago(5.0 / 24), fresh: "resolved"}, seed{s: f.service("NET"), opened: f.ago(0.3 / 24), fresh: "new"})
	var recs []*rec
	for i, sd := range seeds {
		s, opened := sd.s, sd.opened
		if sd.fresh != "" {
			t := s.incidents[2]
			in := f.incidentInput(rng, s, t, opened, 3)
			r := newRec("incident", opened, in)
			if sd.fresh == "resolved" {
				r.then(opened.Add(12*time.Minute), map[string]any{"assignee": s.team[1]}, "assigned")
				r.move(opened.Add(20*time.Minute), "in_progress")
				r.then(opened.Add(3*time.Hour), map[string]any{"resolution": t.resolution}, "resolved", "waiting for the user's confirmation")
			}
			recs = append(recs, r)
		} else if c := sd.change; c != nil {
			t := pick(rng, c.svc.incidents)
			prio := int64(2 + rng.IntN(2))
			in := f.incidentInput(rng, c.svc, t, opened, prio)
			in["title"] = "After change: " + lowerFirst(t.title)
			in["caused_by"] = c.id
			in["description"] = fmt.Sprintf("Started right after the change \"%s\" in the window of %s. %s", c.title, c.start.In(f.berlin).Format("2 Jan 2006"), in["description"])
			recs = append(recs, f.story(rng, newRec("incident", opened, in), c.svc, opened, prio, "Change backed out or corrected; "+lowerFirst(t.resolution), ""))
		} else {
			prio := drawPriority(rng, [5]int{2, 10, 40, 35, 13})
			tmpl := rng.IntN(len(s.incidents))
			var prob *problemPlan
			for _, p := range probsOf[s] {
				end := p.fixed
				if end.IsZero() {
					end = f.now
				}
				if opened.After(p.detected.Add(-days(45))) && opened.Before(end) && rng.IntN(100) < 40 {
					prob, tmpl = p, p.tmpl
					break
				}
			}
			t := s.incidents[tmpl]
			in := f.incidentInput(rng, s, t, opened, prio)
			r := newRec("incident", opened, in)
			if prob != nil && !opened.Before(prob.detected) {
				in["problem"] = prob.id
			}
			f.story(rng, r, s, opened, prio, t.resolution, "")
			if prob != nil && opened.Before(prob.detected) {
				r.insert(prob.detected, map[string]any{"problem": prob.id}, "linked to the problem")
			}
			recs = append(recs, r)
		}
		if len(recs) >= ticketChunk || i == len(seeds)-1 {
			if err := f.write(recs...); err != nil {
				return err
			}
			recs = recs[:0]
		}
	}
	return nil
}

func (f *filler) incidentInput(rng *rand.Rand, s *service, t ticketText, opened time.Time, prio int64) map[string]any {
	pair := pick(rng, priorityPairs[prio])
	cust := f.customers[pick(rng, s.customers)]
	reporter := pick(rng, users)
	channel := pick(rng, []string{"phone", "portal", "e-mail", "phone", "portal"})
	cat := category(t.title)
	if s.typ == "supporting" && rng.IntN(100) < 40 {
		reporter, channel = "Monitoring platform", "monitoring alert"
	}
	in := map[string]any{
		"title": t.title, "service": s.id, "impact": pair[0], "urgency": pair[1], "opened_at": ts(opened),
		"customer": cust.id, "category": cat, "reporter": reporter,
		"description": fmt.Sprintf("Reported by %s (%s) by %s. %s.", reporter, cust.name, channel, t.title),
	}
	if len(s.cis) > 0 {
		in["ci"] = pick(rng, s.cis)
	}
	if prio == 1 && rng.IntN(100) < 60 {
		in["major"] = true
	}
	if cat == "Security" {
		in["security"] = true
	}
	return in
}

// insert adds a field change at its moment among the steps already planned; a moment after
// now is left out.
func (r *rec) insert(at time.Time, set map[string]any, note string) {
	at = at.Truncate(time.Minute)
	if at.Before(r.at) {
		at = r.at
	}
	r.steps = append(r.steps, step{at: at, set: set, note: note})
	sort.SliceStable(r.steps, func(i, j int) bool { return r.steps[i].at.Before(r.steps[j].at) })
}

// requests writes two years of service requests: about 600 at scale 1.
func (f *filler) requests() error {
	rng := f.rng("requests")
	var withRequests []*service
	for _, s := range f.services {
		if s.live() && len(s.requests) > 0 {
			withRequests = append(withRequests, s)
		}
	}
	type seed struct {
		s      *service
		opened time.Time
	}
	var seeds []seed
	for len(seeds) < 600*f.scale {
		s := weighted(rng, withRequests, func(s *service) int { return s.reqWeight })
		opened := f.openedAt(rng, s, f.since(3))
		if s.state == "retired" && opened.After(f.ago(205)) {
			continue
		}
		seeds = append(seeds, seed{s, opened})
	}
	sort.SliceStable(seeds, func(i, j int) bool { return seeds[i].opened.Before(seeds[j].opened) })
	var recs []*rec
	for i, sd := range seeds {
		s, opened := sd.s, sd.opened
		q := pick(rng, s.requests)
		prio := drawPriority(rng, [5]int{0, 1, 15, 55, 29})
		pair := pick(rng, priorityPairs[prio])
		cust := f.customers[pick(rng, s.customers)]
		by, forWhom := pick(rng, users), pick(rng, users)
		in := map[string]any{
			"title": q.title + " for " + forWhom, "service": s.id, "request_type": q.kind, "requested_by": by, "requested_for": forWhom,
			"customer": cust.id, "impact": pair[0], "urgency": pair[1], "opened_at": ts(opened), "approval_needed": q.approval,
			"description": fmt.Sprintf("%s asks through the portal: %s for %s (%s).", by, strings.ToLower(q.title), forWhom, cust.name),
		}
		approver := ""
		if q.approval {
			approver = cust.contact
		}
		resolution := fmt.Sprintf("Fulfilled: %s for %s done and confirmed with the requester.", strings.ToLower(q.title), forWhom)
		recs = append(recs, f.story(rng, newRec("request", opened, in), s, opened, prio, resolution, approver))
		if len(recs) >= ticketChunk || i == len(seeds)-1 {
			if err := f.write(recs...); err != nil {
				return err
			}
			recs = recs[:0]
		}
	}
	return nil
}
