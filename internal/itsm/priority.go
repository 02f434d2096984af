package itsm

// Matrix maps impact (1 high .. 3 low) and urgency (1 high .. 3 low) to a priority from
// 1 (critical) to 5 (planning). Row = impact - 1, column = urgency - 1.
type Matrix [3][3]int64

// DefaultMatrix is the usual 3 x 3 matrix: I1U1=1; I1U2, I2U1=2; I1U3, I2U2, I3U1=3; I2U3,
// I3U2=4; I3U3=5.
var DefaultMatrix = Matrix{
	{1, 2, 3},
	{2, 3, 4},
	{3, 4, 5},
}

// Priority returns the priority for an impact and an urgency, and false when either is outside
// 1..3 (then the record has no priority yet).
func (m Matrix) Priority(impact, urgency int64) (int64, bool) {
	if impact < 1 || impact > 3 || urgency < 1 || urgency > 3 {
		return 0, false
	}
	return m[impact-1][urgency-1], true
}
