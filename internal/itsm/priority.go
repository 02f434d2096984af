package itsm

import (
	"encoding/json"

	"smsworkbench/internal/fault"
)

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

// MatrixSetting is the name of the workspace setting that holds the priority matrix.
const MatrixSetting = "priority_matrix"

// Priority returns the priority for an impact and an urgency, and false when either is outside
// 1..3 (then the record has no priority yet).
func (m Matrix) Priority(impact, urgency int64) (int64, bool) {
	if impact < 1 || impact > 3 || urgency < 1 || urgency > 3 {
		return 0, false
	}
	return m[impact-1][urgency-1], true
}

// Pair gives an impact and an urgency that make a priority in the matrix: of the pairs that do,
// the most even (P3 is impact 2, urgency 2, not 1 and 3), then the higher impact; false when no
// pair makes it.
func (m Matrix) Pair(priority int64) (impact, urgency int64, ok bool) {
	best := int64(99)
	for i := int64(1); i <= 3; i++ {
		for u := int64(1); u <= 3; u++ {
			if m[i-1][u-1] != priority {
				continue
			}
			if d := max(i-u, u-i); d < best {
				impact, urgency, ok, best = i, u, true, d
			}
		}
	}
	return impact, urgency, ok
}

// Set changes one cell of the matrix.
func (m *Matrix) Set(impact, urgency, priority int64) error {
	if impact < 1 || impact > 3 {
		return fault.New("priority.invalid", "", "impact must be 1, 2 or 3, not %d", impact)
	}
	if urgency < 1 || urgency > 3 {
		return fault.New("priority.invalid", "", "urgency must be 1, 2 or 3, not %d", urgency)
	}
	if priority < 1 || priority > 5 {
		return fault.New("priority.invalid", "", "priority must be 1 to 5, not %d", priority)
	}
	m[impact-1][urgency-1] = priority
	return nil
}

// Check reports the first cell outside 1..5.
func (m Matrix) Check() error {
	for i, row := range m {
		for u, p := range row {
			if p < 1 || p > 5 {
				return fault.New("priority.invalid", "", "priority matrix: impact %d, urgency %d gives %d; priorities are 1 to 5", i+1, u+1, p)
			}
		}
	}
	return nil
}

// ParseMatrix reads a matrix written as JSON rows of impact 1..3: [[1,2,3],[2,3,4],[3,4,5]].
func ParseMatrix(s string) (Matrix, error) {
	var m Matrix
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return m, fault.New("priority.invalid", "", "priority matrix must be 3 rows of 3 priorities, like [[1,2,3],[2,3,4],[3,4,5]], not %q", s)
	}
	return m, m.Check()
}

// String writes the matrix as ParseMatrix reads it.
func (m Matrix) String() string {
	b, _ := json.Marshal(m)
	return string(b)
}
