package itsm

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRiskScore(t *testing.T) {
	cases := []struct {
		likelihood, impact int64
		score              int64
		level              string
		ok                 bool
	}{
		{1, 1, 1, "low", true},
		{2, 2, 4, "low", true},
		{1, 4, 4, "low", true},
		{1, 5, 5, "medium", true},
		{5, 1, 5, "medium", true},
		{2, 3, 6, "medium", true},
		{2, 4, 8, "medium", true},
		{3, 3, 9, "medium", true},
		{2, 5, 10, "high", true},
		{3, 4, 12, "high", true},
		{5, 3, 15, "high", true},
		{4, 4, 16, "high", true},
		{4, 5, 20, "critical", true},
		{5, 4, 20, "critical", true},
		{5, 5, 25, "critical", true},
		{0, 3, 0, "", false},
		{3, 0, 0, "", false},
		{6, 1, 0, "", false},
		{1, 6, 0, "", false},
		{-1, -1, 0, "", false},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("L%dxI%d", tc.likelihood, tc.impact), func(t *testing.T) {
			score, level, ok := RiskScore(tc.likelihood, tc.impact)
			if score != tc.score || level != tc.level || ok != tc.ok {
				t.Errorf("RiskScore(%d, %d) = %d, %q, %v; want %d, %q, %v",
					tc.likelihood, tc.impact, score, level, ok, tc.score, tc.level, tc.ok)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		period      string
		first, last string // dates; both "" for an error
	}{
		{"2026", "2026-01-01", "2026-12-31"},
		{"2024", "2024-01-01", "2024-12-31"},
		{"2026-H1", "2026-01-01", "2026-06-30"},
		{"2026-H2", "2026-07-01", "2026-12-31"},
		{"2024-Q1", "2024-01-01", "2024-03-31"},
		{"2026-Q1", "2026-01-01", "2026-03-31"},
		{"2026-Q2", "2026-04-01", "2026-06-30"},
		{"2026-Q3", "2026-07-01", "2026-09-30"},
		{"2026-Q4", "2026-10-01", "2026-12-31"},
		{"2026-01", "2026-01-01", "2026-01-31"},
		{"2026-02", "2026-02-01", "2026-02-28"},
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2100-02", "2100-02-01", "2100-02-28"},
		{"2000-02", "2000-02-01", "2000-02-29"},
		{"2026-04", "2026-04-01", "2026-04-30"},
		{"2026-12", "2026-12-01", "2026-12-31"},

		{"2026-Q5", "", ""},
		{"2026-Q0", "", ""},
		{"2026-H3", "", ""},
		{"26", "", ""},
		{"2026-13", "", ""},
		{"2026-00", "", ""},
		{"2026-4", "", ""},
		{"2026-q1", "", ""},
		{"2026 ", "", ""},
		{"", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.period, func(t *testing.T) {
			first, last, err := ParsePeriod(tc.period)
			if tc.first == "" {
				if err == nil {
					t.Fatalf("accepted: %s .. %s", first, last)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.period)) {
					t.Errorf("error %q does not name the period", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := first.Format("2006-01-02") + " .. " + last.Format("2006-01-02")
			if want := tc.first + " .. " + tc.last; got != want {
				t.Errorf("got %s, want %s", got, want)
			}
			if first.Hour() != 0 || last.Hour() != 0 || first.Location().String() != "UTC" {
				t.Errorf("days must be UTC midnights: %s, %s", first, last)
			}
		})
	}
}

func TestObjectiveResult(t *testing.T) {
	cases := []struct {
		name           string
		direction      string
		target, actual float64
		achieved       bool
		gap            float64
	}{
		{"higher: ahead", "higher", 99.5, 99.75, true, 0.25},
		{"higher: exactly", "higher", 99.5, 99.5, true, 0},
		{"higher: behind", "higher", 99.5, 98, false, -1.5},
		{"lower: ahead", "lower", 5, 3, true, 2},
		{"lower: exactly", "lower", 5, 5, true, 0},
		{"lower: behind", "lower", 5, 7, false, -2},
		{"no direction means higher", "", 10, 12, true, 2},
		{"no direction, behind", "", 10, 8, false, -2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			achieved, gap := ObjectiveResult(tc.direction, tc.target, tc.actual)
			if achieved != tc.achieved || gap != tc.gap {
				t.Errorf("ObjectiveResult(%q, %v, %v) = %v, %v; want %v, %v",
					tc.direction, tc.target, tc.actual, achieved, gap, tc.achieved, tc.gap)
			}
		})
	}
}

func TestContractState(t *testing.T) {
	// 90 days of notice before 2026-12-31 start on 2026-10-02.
	cases := []struct {
		name       string
		start, end string // "" for none
		notice     int64
		today      string
		want       string
	}{
		{"day before start", "2026-01-01", "2026-12-31", 90, "2025-12-31 23:59", ContractNotStart},
		{"first day", "2026-01-01", "2026-12-31", 90, "2026-01-01 00:00", ContractActive},
		{"first day, afternoon", "2026-01-01", "2026-12-31", 90, "2026-01-01 15:00", ContractActive},
		{"mid term", "2026-01-01", "2026-12-31", 90, "2026-06-15 12:00", ContractActive},
		{"day before notice", "2026-01-01", "2026-12-31", 90, "2026-10-01 23:59", ContractActive},
		{"first day of notice", "2026-01-01", "2026-12-31", 90, "2026-10-02 00:00", ContractNotice},
		{"in notice", "2026-01-01", "2026-12-31", 90, "2026-11-15 09:00", ContractNotice},
		{"last day", "2026-01-01", "2026-12-31", 90, "2026-12-31 00:00", ContractNotice},
		{"last day, evening", "2026-01-01", "2026-12-31", 90, "2026-12-31 23:59", ContractNotice},
		{"day after end", "2026-01-01", "2026-12-31", 90, "2027-01-01 00:00", ContractExpired},
		{"30 days notice, day before", "2026-01-01", "2026-12-31", 30, "2026-11-30 12:00", ContractActive},
		{"30 days notice, first day", "2026-01-01", "2026-12-31", 30, "2026-12-01 00:00", ContractNotice},
		{"open ended", "2026-01-01", "", 90, "2040-01-01 00:00", ContractActive},
		{"open ended, not started", "2026-01-01", "", 90, "2025-06-01 00:00", ContractNotStart},
		{"no start", "", "2026-12-31", 90, "2020-01-01 00:00", ContractActive},
		{"no start, expired", "", "2026-12-31", 90, "2027-03-01 00:00", ContractExpired},
		{"no dates", "", "", 90, "2026-06-01 00:00", ContractActive},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s, e time.Time
			if tc.start != "" {
				s = utc(tc.start + " 00:00")
			}
			if tc.end != "" {
				e = utc(tc.end + " 00:00")
			}
			if got := ContractState(s, e, tc.notice, utc(tc.today)); got != tc.want {
				t.Errorf("ContractState(%s .. %s, %d days, %s) = %q, want %q", tc.start, tc.end, tc.notice, tc.today, got, tc.want)
			}
		})
	}
}
