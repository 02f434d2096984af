package compliance

import (
	"time"

	"smsworkbench/internal/fault"
)

// The refusals of this package are fault errors: a message for a person, the field or input it
// is about and a code (docs/development.md, "Errors"). A message names no command or flag: the
// command line adds its own advice by the code, the window its own.

// unknownClause refuses a clause id the catalogue does not hold.
func unknownClause(clause string) error {
	return fault.New("clause.unknown", "clause", "unknown clause %q", clause)
}

// CheckPeriod refuses the dates of a review period (YYYY-MM-DD, either "" for its default)
// that are not dates, or a period that ends before it starts. ReviewPack checks the same.
func CheckPeriod(from, to string) error {
	var f, t time.Time
	var err error
	if from != "" {
		if f, err = time.Parse("2006-01-02", from); err != nil {
			return fault.New("period.from_invalid", "from", "the start of the period %q is not a date (YYYY-MM-DD)", from)
		}
	}
	if to != "" {
		if t, err = time.Parse("2006-01-02", to); err != nil {
			return fault.New("period.to_invalid", "to", "the end of the period %q is not a date (YYYY-MM-DD)", to)
		}
	}
	if from != "" && to != "" && t.Before(f) {
		return fault.New("period.reversed", "to", "the period ends (%s) before it starts (%s)", to, from)
	}
	return nil
}
