package itsm

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// wall reads a wall-clock time "2006-01-02 15:04" in loc.
func wall(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// utc reads a wall-clock time "2006-01-02 15:04" in UTC.
func utc(s string) time.Time { return wall(time.UTC, s) }

func mustCalendar(t *testing.T, spec, tz string, holidays ...string) *Calendar {
	t.Helper()
	c, err := ParseCalendar(spec, tz, holidays)
	if err != nil {
		t.Fatalf("ParseCalendar(%q, %q, %q): %v", spec, tz, holidays, err)
	}
	return c
}

// Calendars of the tests. 2026-03-02 is a Monday, 2026-05-01 (a holiday) a Friday; Berlin
// moves to summer time on 2026-03-29 (02:00 -> 03:00) and back on 2026-10-25 (03:00 -> 02:00).
type calSpec struct {
	spec, tz string
	holidays []string
}

var (
	officeBerlin = calSpec{"Mon-Fri 08:00-18:00", "Europe/Berlin", []string{"2026-05-01"}}
	officeUTC    = calSpec{"Mon-Fri 08:00-18:00", "", nil}
	splitUTC     = calSpec{"Mon,Wed 08:00-12:00,13:00-17:00", "", nil}
	allDayBerlin = calSpec{"Mon-Sun 00:00-24:00", "Europe/Berlin", []string{"2026-05-01"}}
	alwaysBerlin = calSpec{"24x7", "Europe/Berlin", []string{"2026-05-01"}}
	fiveDaysUTC  = calSpec{"24x5", "", nil}
	dailyBerlin  = calSpec{"Mon-Sun 08:00-18:00", "Europe/Berlin", nil}
	nightBerlin  = calSpec{"Sun 01:00-04:00", "Europe/Berlin", nil}
	mixedBerlin  = calSpec{"Mon-Fri 08:00-18:00; Sat 09:00-13:00", "Europe/Berlin", []string{"2026-05-01"}}
)

func (s calSpec) calendar(t *testing.T) *Calendar {
	return mustCalendar(t, s.spec, s.tz, s.holidays...)
}

func TestParseCalendar(t *testing.T) {
	cases := []struct {
		name, spec, tz string
		holidays       []string
		want           string // String()
	}{
		{"24x7", "24x7", "", nil, "24x7"},
		{"24/7 upper case with spaces", " 24 X 7 ", "Europe/Berlin", nil, "24 X 7"},
		{"24x5", "24x5", "", nil, "24x5"},
		{"weekdays", "Mon-Fri 08:00-18:00", "Europe/Berlin", []string{"2026-12-24", " 2026-12-25 "}, "Mon-Fri 08:00-18:00"},
		{"two segments", "Mon-Fri 08:00-18:00; Sat 09:00-13:00", "America/New_York", nil, "Mon-Fri 08:00-18:00; Sat 09:00-13:00"},
		{"split windows", "Mon,Wed 08:00-12:00,13:00-17:00", "", nil, "Mon,Wed 08:00-12:00,13:00-17:00"},
		{"wrapping day range", "Fri-Mon 10:00-14:00", "UTC", nil, "Fri-Mon 10:00-14:00"},
		{"lower case days, trailing semicolon", "mon-fri 8:00-24:00;", "", nil, "mon-fri 8:00-24:00;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCalendar(tc.spec, tc.tz, tc.holidays)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := c.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseCalendarErrors(t *testing.T) {
	cases := []struct {
		name, spec, tz string
		holidays       []string
		wantInMsg      string // the bad part, as the message must name it
	}{
		{"misspelt day", "Mon-Fry 08:00-18:00", "", nil, `"Fry"`},
		{"unknown first day", "Funday 08:00-10:00", "", nil, `"Funday"`},
		{"hours backwards", "Mon-Fri 18:00-08:00", "", nil, `"18:00-08:00"`},
		{"empty window", "Mon 08:00-08:00", "", nil, `"08:00-08:00"`},
		{"hour without minutes", "Mon-Fri 8", "", nil, `"8"`},
		{"hour out of range", "Mon-Fri 08:00-25:00", "", nil, `"25:00"`},
		{"after 24:00", "Mon-Fri 08:00-24:30", "", nil, `"24:30"`},
		{"days without hours", "Mon-Fri", "", nil, `"Mon-Fri"`},
		{"bad second segment", "Mon-Fri 08:00-18:00; Sat 9-13", "", nil, `"9"`},
		{"empty", "", "", nil, "empty"},
		{"blank", "   ", "", nil, "empty"},
		{"only separators", ";", "", nil, "no working hours"},
		{"unknown zone", "24x7", "Mars/Base", nil, `"Mars/Base"`},
		{"Local zone", "Mon-Fri 08:00-18:00", "Local", nil, `"Local"`},
		{"bad month holiday", "Mon-Fri 08:00-18:00", "Europe/Berlin", []string{"2026-12-24", "2026-13-01"}, `"2026-13-01"`},
		{"bad holiday on 24x7", "24x7", "", []string{"24.12.2026"}, `"24.12.2026"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCalendar(tc.spec, tc.tz, tc.holidays)
			if err == nil {
				t.Fatalf("accepted: %v", c)
			}
			if !strings.Contains(err.Error(), tc.wantInMsg) {
				t.Errorf("error %q does not name %s", err, tc.wantInMsg)
			}
		})
	}
}

func TestCalendarBetween(t *testing.T) {
	cases := []struct {
		name string
		cal  calSpec
		a, b time.Time
		want time.Duration
	}{
		{"inside one window", officeBerlin, wall(berlin, "2026-03-02 09:00"), wall(berlin, "2026-03-02 11:30"), 2*time.Hour + 30*time.Minute},
		{"before opening to after closing", officeBerlin, wall(berlin, "2026-03-02 06:00"), wall(berlin, "2026-03-02 20:00"), 10 * time.Hour},
		{"night only", officeBerlin, wall(berlin, "2026-03-02 18:00"), wall(berlin, "2026-03-03 08:00"), 0},
		{"across a weekend", officeBerlin, wall(berlin, "2026-03-06 16:00"), wall(berlin, "2026-03-09 10:00"), 4 * time.Hour},
		{"from saturday", officeBerlin, wall(berlin, "2026-03-07 10:00"), wall(berlin, "2026-03-09 09:00"), time.Hour},
		{"whole week", officeBerlin, wall(berlin, "2026-03-02 00:00"), wall(berlin, "2026-03-09 00:00"), 50 * time.Hour},
		{"across a holiday", officeBerlin, wall(berlin, "2026-04-30 17:00"), wall(berlin, "2026-05-04 09:00"), 2 * time.Hour},
		{"inside a holiday", officeBerlin, wall(berlin, "2026-05-01 09:00"), wall(berlin, "2026-05-01 17:00"), 0},
		{"b before a", officeBerlin, wall(berlin, "2026-03-02 11:00"), wall(berlin, "2026-03-02 09:00"), 0},
		{"b equals a", officeBerlin, wall(berlin, "2026-03-02 11:00"), wall(berlin, "2026-03-02 11:00"), 0},
		{"times given in another zone", officeBerlin, utc("2026-03-02 07:00"), utc("2026-03-02 08:00"), time.Hour}, // 08:00-09:00 in Berlin
		{"saturday segment", mixedBerlin, wall(berlin, "2026-03-06 17:00"), wall(berlin, "2026-03-09 09:00"), time.Hour + 4*time.Hour + time.Hour},
		{"saturday after a holiday", mixedBerlin, wall(berlin, "2026-04-30 17:00"), wall(berlin, "2026-05-02 12:00"), time.Hour + 3*time.Hour},

		{"split: over the lunch break", splitUTC, utc("2026-03-02 11:00"), utc("2026-03-02 14:00"), 2 * time.Hour},
		{"split: inside the lunch break", splitUTC, utc("2026-03-02 12:10"), utc("2026-03-02 12:50"), 0},
		{"split: monday to wednesday", splitUTC, utc("2026-03-02 12:30"), utc("2026-03-04 08:30"), 4*time.Hour + 30*time.Minute},
		{"split: whole week", splitUTC, utc("2026-03-02 00:00"), utc("2026-03-09 00:00"), 16 * time.Hour},

		{"24x7 across a weekend", alwaysBerlin, wall(berlin, "2026-03-06 16:00"), wall(berlin, "2026-03-09 10:00"), 66 * time.Hour},
		{"24x7 ignores holidays", alwaysBerlin, wall(berlin, "2026-04-30 17:00"), wall(berlin, "2026-05-04 09:00"), 88 * time.Hour},
		{"24x7 b before a", alwaysBerlin, wall(berlin, "2026-03-06 16:00"), wall(berlin, "2026-03-06 15:00"), 0},
		{"24x5 across a weekend", fiveDaysUTC, utc("2026-03-06 22:00"), utc("2026-03-09 02:00"), 4 * time.Hour},
		// A holiday is a whole day in the calendar's zone: 2026-05-01 00:00-24:00 Berlin
		// (2026-04-30 22:00 - 2026-05-01 22:00 UTC).
		{"holiday in the calendar's zone", allDayBerlin, utc("2026-04-30 21:00"), utc("2026-05-01 23:00"), 2 * time.Hour},

		// Daylight saving time: business time is elapsed time inside windows drawn on the wall
		// clock. A full-day calendar counts the 23 and 25 hour days as a 24x7 one does.
		{"DST spring: full days", allDayBerlin, wall(berlin, "2026-03-28 12:00"), wall(berlin, "2026-03-29 12:00"), 23 * time.Hour},
		{"DST spring: 24x7", alwaysBerlin, wall(berlin, "2026-03-28 12:00"), wall(berlin, "2026-03-29 12:00"), 23 * time.Hour},
		{"DST spring: 23h day", allDayBerlin, wall(berlin, "2026-03-29 00:00"), wall(berlin, "2026-03-30 00:00"), 23 * time.Hour},
		{"DST autumn: full days", allDayBerlin, wall(berlin, "2026-10-24 12:00"), wall(berlin, "2026-10-25 12:00"), 25 * time.Hour},
		{"DST autumn: 24x7", alwaysBerlin, wall(berlin, "2026-10-24 12:00"), wall(berlin, "2026-10-25 12:00"), 25 * time.Hour},
		{"DST autumn: 25h day", allDayBerlin, wall(berlin, "2026-10-25 00:00"), wall(berlin, "2026-10-26 00:00"), 25 * time.Hour},
		{"DST spring: office hours unaffected", dailyBerlin, wall(berlin, "2026-03-28 00:00"), wall(berlin, "2026-03-30 00:00"), 20 * time.Hour},
		{"DST autumn: office hours unaffected", dailyBerlin, wall(berlin, "2026-10-24 00:00"), wall(berlin, "2026-10-26 00:00"), 20 * time.Hour},
		{"DST spring: window over the skipped hour", nightBerlin, wall(berlin, "2026-03-29 00:00"), wall(berlin, "2026-03-30 00:00"), 2 * time.Hour},
		{"DST autumn: window over the repeated hour", nightBerlin, wall(berlin, "2026-10-25 00:00"), wall(berlin, "2026-10-26 00:00"), 4 * time.Hour},
		{"DST spring: office weekend", officeBerlin, wall(berlin, "2026-03-27 17:00"), wall(berlin, "2026-03-30 09:00"), 2 * time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cal.calendar(t).Between(tc.a, tc.b); got != tc.want {
				t.Errorf("Between(%s, %s) = %s, want %s", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestCalendarAdd(t *testing.T) {
	cases := []struct {
		name string
		cal  calSpec
		a    time.Time
		d    time.Duration
		want time.Time
	}{
		{"inside one window", officeBerlin, wall(berlin, "2026-03-02 09:00"), 2 * time.Hour, wall(berlin, "2026-03-02 11:00")},
		{"lands exactly on the window end", officeBerlin, wall(berlin, "2026-03-06 17:00"), time.Hour, wall(berlin, "2026-03-06 18:00")},
		{"one minute past the window end", officeBerlin, wall(berlin, "2026-03-06 17:00"), time.Hour + time.Minute, wall(berlin, "2026-03-09 08:01")},
		{"across a weekend", officeBerlin, wall(berlin, "2026-03-06 16:00"), 4 * time.Hour, wall(berlin, "2026-03-09 10:00")},
		{"starts on saturday", officeBerlin, wall(berlin, "2026-03-07 10:00"), time.Hour, wall(berlin, "2026-03-09 09:00")},
		{"starts before opening", officeBerlin, wall(berlin, "2026-03-02 07:00"), 30 * time.Minute, wall(berlin, "2026-03-02 08:30")},
		{"starts after closing", officeBerlin, wall(berlin, "2026-03-02 19:00"), 10 * time.Hour, wall(berlin, "2026-03-03 18:00")},
		{"a full week", officeBerlin, wall(berlin, "2026-03-02 08:00"), 50 * time.Hour, wall(berlin, "2026-03-06 18:00")},
		{"across a holiday", officeBerlin, wall(berlin, "2026-04-30 17:00"), 2 * time.Hour, wall(berlin, "2026-05-04 09:00")},
		{"starts on a holiday", officeBerlin, wall(berlin, "2026-05-01 10:00"), time.Hour, wall(berlin, "2026-05-04 09:00")},
		{"zero stays put outside hours", officeBerlin, wall(berlin, "2026-03-07 10:00"), 0, wall(berlin, "2026-03-07 10:00")},
		{"negative stays put", officeBerlin, wall(berlin, "2026-03-02 10:00"), -time.Hour, wall(berlin, "2026-03-02 10:00")},
		{"saturday segment", mixedBerlin, wall(berlin, "2026-03-06 17:00"), 3 * time.Hour, wall(berlin, "2026-03-07 11:00")},

		{"split: over the lunch break", splitUTC, utc("2026-03-02 11:00"), 2 * time.Hour, utc("2026-03-02 14:00")},
		{"split: lands on the morning end", splitUTC, utc("2026-03-02 11:00"), time.Hour, utc("2026-03-02 12:00")},
		{"split: starts in the lunch break", splitUTC, utc("2026-03-02 12:15"), time.Hour, utc("2026-03-02 14:00")},
		{"split: on to wednesday", splitUTC, utc("2026-03-02 16:00"), 2 * time.Hour, utc("2026-03-04 09:00")},
		{"split: lands on the day end", splitUTC, utc("2026-03-02 16:00"), time.Hour, utc("2026-03-02 17:00")},

		{"24x7 across a weekend", alwaysBerlin, wall(berlin, "2026-03-06 16:00"), 66 * time.Hour, wall(berlin, "2026-03-09 10:00")},
		{"24x7 ignores holidays", alwaysBerlin, wall(berlin, "2026-04-30 17:00"), 2 * time.Hour, wall(berlin, "2026-04-30 19:00")},
		{"24x5 from saturday", fiveDaysUTC, utc("2026-03-07 12:00"), 90 * time.Minute, utc("2026-03-09 01:30")},

		// 24 hours of business time on a full-day calendar end where 24 elapsed hours do, which
		// is an hour later (spring) or earlier (autumn) on the wall clock.
		{"DST spring: full days", allDayBerlin, wall(berlin, "2026-03-28 12:00"), 24 * time.Hour, wall(berlin, "2026-03-29 13:00")},
		{"DST spring: 24x7", alwaysBerlin, wall(berlin, "2026-03-28 12:00"), 24 * time.Hour, wall(berlin, "2026-03-29 13:00")},
		{"DST autumn: full days", allDayBerlin, wall(berlin, "2026-10-24 12:00"), 24 * time.Hour, wall(berlin, "2026-10-25 11:00")},
		{"DST autumn: 24x7", alwaysBerlin, wall(berlin, "2026-10-24 12:00"), 24 * time.Hour, wall(berlin, "2026-10-25 11:00")},
		{"DST spring: office hours keep the wall clock", dailyBerlin, wall(berlin, "2026-03-28 17:00"), 2 * time.Hour, wall(berlin, "2026-03-29 09:00")},
		{"DST autumn: office hours keep the wall clock", dailyBerlin, wall(berlin, "2026-10-24 17:00"), 2 * time.Hour, wall(berlin, "2026-10-25 09:00")},
		{"DST spring: office weekend", officeBerlin, wall(berlin, "2026-03-27 17:00"), 2 * time.Hour, wall(berlin, "2026-03-30 09:00")},
		{"DST spring: window over the skipped hour", nightBerlin, wall(berlin, "2026-03-29 00:00"), 90 * time.Minute, wall(berlin, "2026-03-29 03:30")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cal.calendar(t).Add(tc.a, tc.d); !got.Equal(tc.want) {
				t.Errorf("Add(%s, %s) = %s, want %s", tc.a, tc.d, got, tc.want)
			}
		})
	}
}

// Between undoes Add: the business time from a to Add(a, d) is d.
func TestCalendarAddBetweenInverse(t *testing.T) {
	cals := []struct {
		name string
		cal  calSpec
	}{
		{"office Berlin", officeBerlin},
		{"office and Saturday Berlin", mixedBerlin},
		{"split UTC", splitUTC},
		{"full days Berlin", allDayBerlin},
		{"24x7 Berlin", alwaysBerlin},
		{"24x5 UTC", fiveDaysUTC},
		{"night Berlin", nightBerlin},
	}
	starts := []time.Time{
		wall(berlin, "2026-03-02 08:00"), // Monday opening
		wall(berlin, "2026-03-06 17:59"), // Friday, a minute before closing
		wall(berlin, "2026-03-07 10:00"), // Saturday
		wall(berlin, "2026-03-27 12:34"), // the Friday before spring DST
		wall(berlin, "2026-04-29 12:00"), // before the 1 May holiday
		wall(berlin, "2026-10-23 23:30"), // the Friday night before autumn DST
		utc("2026-03-04 12:00"),          // lunch break of the split calendar
	}
	var ds []time.Duration
	for _, d := range []time.Duration{
		time.Minute, 30 * time.Minute, 59 * time.Minute, time.Hour, 90 * time.Minute, 2 * time.Hour,
		3 * time.Hour, 4 * time.Hour, 8 * time.Hour, 10 * time.Hour, 10*time.Hour + time.Minute,
		23 * time.Hour, 24 * time.Hour, 25 * time.Hour, 50 * time.Hour, 100 * time.Hour, 500 * time.Hour,
	} {
		ds = append(ds, d, d+17*time.Second)
	}
	for _, cc := range cals {
		t.Run(cc.name, func(t *testing.T) {
			c := cc.cal.calendar(t)
			for _, a := range starts {
				for _, d := range ds {
					end := c.Add(a, d)
					if got := c.Between(a, end); got != d {
						t.Errorf("Between(%s, Add(%[1]s, %s) = %s) = %s", a, d, end, got)
					}
				}
			}
		})
	}
}

func TestCalendarSubIsTheInverseOfAdd(t *testing.T) {
	cals := []string{"24x7", "Mon-Fri 08:00-18:00", "Mon-Fri 08:00-12:00,13:00-17:00; Sat 09:00-13:00"}
	starts := []time.Time{
		time.Date(2026, 11, 16, 9, 30, 0, 0, time.UTC),  // Monday in hours
		time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC),  // Saturday evening
		time.Date(2026, 10, 23, 15, 45, 0, 0, time.UTC), // Friday before the autumn DST change
	}
	for _, spec := range cals {
		cal, err := ParseCalendar(spec, "Europe/Berlin", []string{"2026-11-18"})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range starts {
			for _, d := range []time.Duration{time.Minute, 90 * time.Minute, 10 * time.Hour, 37 * time.Hour, 200 * time.Hour} {
				a := cal.Sub(b, d)
				if got := cal.Between(a, b); got != d {
					t.Errorf("%s: Between(Sub(%s, %s), b) = %s", spec, b, d, got)
				}
				if a.After(b) {
					t.Errorf("%s: Sub went forward", spec)
				}
			}
		}
	}
}

func TestRefreshAfterBreachPauseAndResume(t *testing.T) {
	cal, _ := ParseCalendar("24x7", "", nil)
	opened := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)
	target := Target{Priority: 1, Resolve: 4 * time.Hour}
	// Breached at 12:00, pending 13:00-19:00, running again since 19:00.
	tl := []StatusChange{{opened, "new"}, {opened.Add(time.Hour), "in_progress"}, {opened.Add(5 * time.Hour), "pending"}, {opened.Add(11 * time.Hour), "in_progress"}}
	at := opened.Add(12 * time.Hour)
	c := RunClock(cal, target, opened, tl, at)
	later := opened.Add(15 * time.Hour)
	want := RunClock(cal, target, opened, tl, later)
	got := c.Refresh(cal, later)
	if got.Used != want.Used || got.Used != 9*time.Hour || got.State != SLABreached {
		t.Fatalf("refresh: used %s state %s; replay: used %s", got.Used, got.State, want.Used)
	}
}

// Between over weeks and months (whole days counted once and remembered) equals the business
// time counted minute by minute, across holidays and both changes of daylight saving time.
func TestCalendarBetweenLongSpansCountedMinuteByMinute(t *testing.T) {
	cal, err := ParseCalendar("Mon-Fri 08:00-12:00,13:00-18:00; Sat 09:00-13:00; Sun 00:00-24:00", "Europe/Berlin",
		[]string{"2026-03-30", "2026-10-26", "2026-12-25"})
	if err != nil {
		t.Fatal(err)
	}
	minuteByMinute := func(a, b time.Time) time.Duration {
		var n time.Duration
		for m := a; m.Before(b); m = m.Add(time.Minute) {
			if cal.Between(m, m.Add(time.Minute)) == time.Minute { // within one day: windows only
				n += time.Minute
			}
		}
		return n
	}
	rng := rand.New(rand.NewPCG(3, 3))
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for range 12 {
		a := base.Add(time.Duration(rng.IntN(200*24*60)) * time.Minute)
		b := a.Add(time.Duration(rng.IntN(60*24*60)) * time.Minute)
		if got, want := cal.Between(a, b), minuteByMinute(a, b); got != want {
			t.Fatalf("Between(%s, %s) = %s, minute by minute %s", a, b, got, want)
		}
		if got, want := cal.Between(a, b), cal.Between(a, b); got != want { // from what it remembered
			t.Fatalf("Between(%s, %s) = %s, then %s", a, b, got, want)
		}
	}
}
