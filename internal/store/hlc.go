package store

import "time"

// hlc is a hybrid logical clock: milliseconds since 1970 in the high bits, a counter in the low
// 16. It only orders what is displayed and picks the provisional value of a conflict; conflicts
// themselves are found causally, through pred, so a laptop with a wrong clock cannot win by it.
type hlc struct {
	last int64
	wall func() time.Time // this machine's clock, perhaps wrong; time.Now when nil
}

const hlcShift = 16

// now returns a timestamp greater than every one this clock has issued or observed.
func (c *hlc) now() int64 {
	wall := time.Now
	if c.wall != nil {
		wall = c.wall
	}
	t := wall().UnixMilli() << hlcShift
	if t <= c.last {
		t = c.last + 1
	}
	c.last = t
	return t
}

// observe moves the clock past a timestamp written earlier by this site (perhaps by another
// program on the same workspace).
func (c *hlc) observe(t int64) {
	if t > c.last {
		c.last = t
	}
}

// hlcTime is the wall-clock part of a timestamp.
func hlcTime(t int64) time.Time { return time.UnixMilli(t >> hlcShift).UTC() }
