package itsm

import (
	"regexp"
	"strconv"
	"time"

	"smsworkbench/internal/fault"
)

// RiskScore is likelihood (1..5) x impact (1..5) and its level on the usual 5 x 5 heat map:
// 1-4 low, 5-9 medium, 10-16 high, 20-25 critical. ok is false when either factor is unset.
func RiskScore(likelihood, impact int64) (score int64, level string, ok bool) {
	if likelihood < 1 || likelihood > 5 || impact < 1 || impact > 5 {
		return 0, "", false
	}
	score = likelihood * impact
	switch {
	case score >= 20:
		level = "critical"
	case score >= 10:
		level = "high"
	case score >= 5:
		level = "medium"
	default:
		level = "low"
	}
	return score, level, true
}

var periodPattern = regexp.MustCompile(`^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])|H([12])))?$`)

// ParsePeriod reads a budget period: a year "2026", a half "2026-H1", a quarter "2026-Q3" or a
// month "2026-04". It returns the first and the last day.
func ParsePeriod(p string) (first, last time.Time, err error) {
	m := periodPattern.FindStringSubmatch(p)
	if m == nil {
		return first, last, fault.New("period.invalid", "", "period %q must be a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-04)", p)
	}
	year, _ := strconv.Atoi(m[1])
	months, start := 12, 1
	switch {
	case m[2] != "":
		q, _ := strconv.Atoi(m[2])
		months, start = 3, (q-1)*3+1
	case m[3] != "":
		start, _ = strconv.Atoi(m[3])
		months = 1
	case m[4] != "":
		h, _ := strconv.Atoi(m[4])
		months, start = 6, (h-1)*6+1
	}
	first = time.Date(year, time.Month(start), 1, 0, 0, 0, 0, time.UTC)
	last = first.AddDate(0, months, -1)
	return first, last, nil
}

// ObjectiveResult tells whether an objective's actual meets its target. direction is "higher"
// when more is better (availability), "lower" when less is better (open complaints). gap is how
// far the actual is from the target in the direction that matters (positive: ahead).
func ObjectiveResult(direction string, target, actual float64) (achieved bool, gap float64) {
	if direction == "lower" {
		return actual <= target, target - actual
	}
	return actual >= target, actual - target
}

// Contract states by their dates.
const (
	ContractActive   = "active"
	ContractNotice   = "in_notice" // inside its notice period: renew or terminate now
	ContractExpired  = "expired"
	ContractNotStart = "not_started"
)

// ContractState places a contract in time: in its notice period when fewer than noticeDays
// remain before its end.
func ContractState(start, end time.Time, noticeDays int64, today time.Time) string {
	day := today.Truncate(24 * time.Hour)
	switch {
	case !end.IsZero() && day.After(end):
		return ContractExpired
	case !start.IsZero() && day.Before(start):
		return ContractNotStart
	case !end.IsZero() && !day.Before(end.AddDate(0, 0, -int(noticeDays))):
		return ContractNotice
	}
	return ContractActive
}
