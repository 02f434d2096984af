package demo

import (
	"time"

	cmdbpkg "smsworkbench/internal/cmdb"
)

// baseline takes the CMDB baseline of the demo: after the internal audit found CIs not updated
// by changes, the corrected CMDB was baselined as the reference for the next configuration
// audit (clause 8.2.6 asks for a baseline in the last 12 months).
func (f *filler) baseline() error {
	at := f.workHour(f.rng("baseline"), f.ago(33))
	return f.takeBaseline(at, "CMDB baseline "+at.Format("2006-01")+" after the CI corrections",
		"Snapshot of every configuration item and relationship after the four CIs found by the internal audit were corrected; "+
			"the reference for the next configuration audit and for comparing the CMDB after the hardware refresh.")
}

// takeBaseline is cmdb.CreateBaseline with the store's clock at the baseline's date.
func (f *filler) takeBaseline(at time.Time, name, description string) error {
	f.s.SetClock(func() time.Time { return at })
	defer f.s.SetClock(func() time.Time { return f.now })
	_, err := cmdbpkg.CreateBaseline(f.ctx, f.s, name, description, at)
	return err
}
