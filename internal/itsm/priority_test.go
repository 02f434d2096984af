package itsm

import "testing"

func TestDefaultMatrix(t *testing.T) {
	cases := []struct {
		impact, urgency, want int64
		ok                    bool
	}{
		{1, 1, 1, true}, {1, 2, 2, true}, {2, 1, 2, true},
		{1, 3, 3, true}, {2, 2, 3, true}, {3, 1, 3, true},
		{2, 3, 4, true}, {3, 2, 4, true}, {3, 3, 5, true},
		{0, 1, 0, false}, {1, 4, 0, false}, {-1, -1, 0, false},
	}
	for _, c := range cases {
		got, ok := DefaultMatrix.Priority(c.impact, c.urgency)
		if got != c.want || ok != c.ok {
			t.Errorf("Priority(%d, %d) = %d, %v; want %d, %v", c.impact, c.urgency, got, ok, c.want, c.ok)
		}
	}
}
