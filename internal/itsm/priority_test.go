package itsm

import "testing"

func TestDefaultMatrix(t *testing.T) {
	cases := []struct{ impact, urgency, want int64 }{
		{1, 1, 1}, {1, 2, 2}, {2, 1, 2}, {1, 3, 3}, {2, 2, 3}, {3, 1, 3},
		{2, 3, 4}, {3, 2, 4}, {3, 3, 5},
	}
	for _, c := range cases {
		got, ok := DefaultMatrix.Priority(c.impact, c.urgency)
		if !ok || got != c.want {
			t.Errorf("I%dU%d = %d (%v), want %d", c.impact, c.urgency, got, ok, c.want)
		}
	}
	for _, bad := range [][2]int64{{0, 1}, {4, 1}, {1, 0}, {1, 4}} {
		if _, ok := DefaultMatrix.Priority(bad[0], bad[1]); ok {
			t.Errorf("I%dU%d gave a priority", bad[0], bad[1])
		}
	}
}

func TestMatrixEdit(t *testing.T) {
	m := DefaultMatrix
	if err := m.Set(3, 3, 4); err != nil {
		t.Fatal(err)
	}
	if p, _ := m.Priority(3, 3); p != 4 {
		t.Errorf("edited cell = %d", p)
	}
	if p, _ := DefaultMatrix.Priority(3, 3); p != 5 {
		t.Error("editing a copy changed the default")
	}
	for _, c := range []struct{ i, u, p int64 }{{0, 1, 1}, {1, 4, 1}, {1, 1, 0}, {1, 1, 6}} {
		if err := m.Set(c.i, c.u, c.p); err == nil {
			t.Errorf("Set(%d,%d,%d) accepted", c.i, c.u, c.p)
		}
	}
	back, err := ParseMatrix(m.String())
	if err != nil || back != m {
		t.Errorf("round trip: %v %v", back, err)
	}
	for _, bad := range []string{"", "[[1,2,3]]x", `[[1,2,3],[2,3,4],[3,4,9]]`, `"x"`} {
		if _, err := ParseMatrix(bad); err == nil {
			t.Errorf("ParseMatrix(%q) accepted", bad)
		}
	}
}

// The impact and urgency that make a priority: the most even pair.
func TestMatrixPair(t *testing.T) {
	for p, want := range map[int64][2]int64{1: {1, 1}, 2: {1, 2}, 3: {2, 2}, 4: {2, 3}, 5: {3, 3}} {
		i, u, ok := DefaultMatrix.Pair(p)
		if !ok || [2]int64{i, u} != want {
			t.Errorf("P%d: impact %d urgency %d %v, want %v", p, i, u, ok, want)
		}
		if got, _ := DefaultMatrix.Priority(i, u); got != p {
			t.Errorf("P%d: the pair makes P%d", p, got)
		}
	}
	if _, _, ok := DefaultMatrix.Pair(9); ok {
		t.Error("a pair for P9")
	}
}
