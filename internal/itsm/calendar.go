package itsm

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // IANA zones on machines without them (Windows)

	"smsworkbench/internal/fault"
)

// Calendar is the business time of an SLA: when its clock runs. "24x7" runs always; otherwise
// weekly hours such as "Mon-Fri 08:00-18:00; Sat 09:00-13:00" in a time zone, minus holidays
// (whole days in that zone). A 24x7 calendar runs on holidays too.
type Calendar struct {
	always   bool
	loc      *time.Location
	week     [7][]span // by time.Weekday
	holidays map[string]bool
	spec     string

	// days remembers the working time of whole days already counted, by day number (see
	// dayNumber): a ticket open for months is measured day by day, and thousands of tickets
	// share a calendar.
	mu   sync.Mutex
	days map[int64]time.Duration
}

// span is a window of one day, in minutes after midnight.
type span struct{ from, to int }

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

var clockTime = regexp.MustCompile(`^(\d{1,2}):(\d{2})$`)

// ParseCalendar reads a calendar. tz is an IANA zone ("Europe/Berlin"); "" means UTC. Holidays
// are dates YYYY-MM-DD.
func ParseCalendar(spec, tz string, holidays []string) (*Calendar, error) {
	c := &Calendar{loc: time.UTC, holidays: map[string]bool{}, spec: strings.TrimSpace(spec)}
	if tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || strings.EqualFold(tz, "local") {
			return nil, fault.New("sla.calendar_invalid", "", "time zone %q is not an IANA zone like Europe/Berlin or America/New_York", tz)
		}
		c.loc = loc
	}
	for _, h := range holidays {
		d, err := time.Parse("2006-01-02", strings.TrimSpace(h))
		if err != nil {
			return nil, fault.New("sla.calendar_invalid", "", "holiday %q is not a date YYYY-MM-DD", h)
		}
		c.holidays[d.Format("2006-01-02")] = true
	}
	hours := c.spec
	switch strings.ToLower(strings.ReplaceAll(c.spec, " ", "")) {
	case "24x7", "24/7":
		c.always = true
		return c, nil
	case "24x5":
		hours = "Mon-Fri 00:00-24:00" // String still returns "24x5", as written
	case "":
		return nil, fault.New("sla.calendar_invalid", "", "calendar is empty: give 24x7 or hours like Mon-Fri 08:00-18:00")
	}
	for _, seg := range strings.Split(hours, ";") {
		if err := c.parseSegment(strings.TrimSpace(seg)); err != nil {
			return nil, fault.New("sla.calendar_invalid", "", "calendar %q: %v", spec, err)
		}
	}
	open := false
	for d := range c.week {
		c.week[d] = merge(c.week[d])
		open = open || len(c.week[d]) > 0
	}
	if !open {
		return nil, fault.New("sla.calendar_invalid", "", "calendar %q has no working hours", spec)
	}
	return c, nil
}

// parseSegment reads "Mon-Fri 08:00-12:00,13:00-17:00" or "Sat,Sun 10:00-14:00".
func (c *Calendar) parseSegment(seg string) error {
	if seg == "" {
		return nil
	}
	parts := strings.Fields(seg)
	if len(parts) != 2 {
		return fault.New("sla.calendar_invalid", "", "%q must be days and hours, like Mon-Fri 08:00-18:00", seg)
	}
	var days []time.Weekday
	for _, d := range strings.Split(parts[0], ",") {
		from, to, isRange := strings.Cut(d, "-")
		a, ok := dayNames[strings.ToLower(from)]
		if !ok {
			return fault.New("sla.calendar_invalid", "", "%q is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)", from)
		}
		if !isRange {
			days = append(days, a)
			continue
		}
		b, ok := dayNames[strings.ToLower(to)]
		if !ok {
			return fault.New("sla.calendar_invalid", "", "%q is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)", to)
		}
		for x := a; ; x = (x + 1) % 7 {
			days = append(days, x)
			if x == b {
				break
			}
		}
	}
	for _, hours := range strings.Split(parts[1], ",") {
		from, to, ok := strings.Cut(hours, "-")
		if !ok {
			return fault.New("sla.calendar_invalid", "", "%q must be hours like 08:00-18:00", hours)
		}
		a, err := minuteOfDay(from)
		if err != nil {
			return err
		}
		b, err := minuteOfDay(to)
		if err != nil {
			return err
		}
		if b <= a {
			return fault.New("sla.calendar_invalid", "", "hours %q end before they start", hours)
		}
		for _, d := range days {
			c.week[d] = append(c.week[d], span{a, b})
		}
	}
	return nil
}

func minuteOfDay(s string) (int, error) {
	m := clockTime.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fault.New("sla.calendar_invalid", "", "%q is not a time like 08:00", s)
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if h > 24 || mm > 59 || h == 24 && mm > 0 {
		return 0, fault.New("sla.calendar_invalid", "", "%q is not a time of day", s)
	}
	return h*60 + mm, nil
}

func merge(spans []span) []span {
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && s.from <= out[n-1].to {
			out[n-1].to = max(out[n-1].to, s.to)
			continue
		}
		out = append(out, s)
	}
	return out
}

// String returns the calendar as written.
func (c *Calendar) String() string { return c.spec }

// windows calls fn with each working window of the day that starts at midnight day, in order.
func (c *Calendar) windows(day time.Time, fn func(from, to time.Time) bool) bool {
	if c.holidays[day.Format("2006-01-02")] {
		return true
	}
	y, m, d := day.Date()
	for _, s := range c.week[day.Weekday()] {
		from := time.Date(y, m, d, s.from/60, s.from%60, 0, 0, c.loc)
		to := time.Date(y, m, d, s.to/60, s.to%60, 0, 0, c.loc)
		if !fn(from, to) {
			return false
		}
	}
	return true
}

func (c *Calendar) midnight(t time.Time) time.Time {
	y, m, d := t.In(c.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, c.loc)
}

func nextDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, day.Location())
}

// Between returns the business time from a to b (zero when b is not after a).
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if c.always {
		return b.Sub(a)
	}
	first, last := c.midnight(a), c.midnight(b)
	clipped := func(day time.Time) (total time.Duration) {
		c.windows(day, func(from, to time.Time) bool {
			from, to = later(from, a), earlier(to, b)
			if to.After(from) {
				total += to.Sub(from)
			}
			return true
		})
		return total
	}
	if first.Equal(last) {
		return clipped(first)
	}
	total := clipped(first) + clipped(last)
	for n := dayNumber(first) + 1; n < dayNumber(last); n++ {
		total += c.wholeDay(n)
	}
	return total
}

// dayNumber counts the days of the calendar's dates from 1970-01-01, whatever the zone.
func dayNumber(day time.Time) int64 {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// wholeDay is the working time of the day numbered n (see dayNumber).
func (c *Calendar) wholeDay(n int64) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.days[n]; ok {
		return d
	}
	y, m, dd := time.Unix(n*86400, 0).UTC().Date()
	var total time.Duration
	c.windows(time.Date(y, m, dd, 0, 0, 0, 0, c.loc), func(from, to time.Time) bool {
		total += to.Sub(from)
		return true
	})
	if c.days == nil {
		c.days = map[int64]time.Duration{}
	}
	c.days[n] = total
	return total
}

// maxSearchDays bounds Add on a calendar whose holidays leave no working time for years.
const maxSearchDays = 3660

// Add returns the moment when d of business time has passed after a.
func (c *Calendar) Add(a time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return a
	}
	if c.always {
		return a.Add(d)
	}
	rest := d
	var at time.Time
	day := c.midnight(a)
	for i := 0; i < maxSearchDays && at.IsZero(); i, day = i+1, nextDay(day) {
		c.windows(day, func(from, to time.Time) bool {
			from = later(from, a)
			if !to.After(from) {
				return true
			}
			if avail := to.Sub(from); avail >= rest {
				at = from.Add(rest)
				return false
			} else {
				rest -= avail
			}
			return true
		})
	}
	if at.IsZero() {
		return a.Add(maxSearchDays * 24 * time.Hour)
	}
	return at
}

// Sub returns the moment d of business time before b: the inverse of Add.
func (c *Calendar) Sub(b time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return b
	}
	if c.always {
		return b.Add(-d)
	}
	rest := d
	for i, day := 0, c.midnight(b); i < maxSearchDays; i, day = i+1, prevDay(day) {
		var spans [][2]time.Time
		c.windows(day, func(from, to time.Time) bool {
			spans = append(spans, [2]time.Time{from, to})
			return true
		})
		for j := len(spans) - 1; j >= 0; j-- {
			from, to := spans[j][0], earlier(spans[j][1], b)
			if !to.After(from) {
				continue
			}
			if avail := to.Sub(from); avail >= rest {
				return to.Add(-rest)
			} else {
				rest -= avail
			}
		}
	}
	return b.Add(-maxSearchDays * 24 * time.Hour)
}

func prevDay(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d-1, 0, 0, 0, 0, day.Location())
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
