package itsm

import (
	"slices"
	"testing"
)

func TestPropagation(t *testing.T) {
	cases := []struct {
		typ  string
		want Direction // 0: does not propagate
	}{
		{DependsOn, Up},
		{RunsOn, Up},
		{Contains, Down},
		{ConnectedTo, 0},
		{BacksUp, 0},
		{"unknown", 0},
	}
	for _, tc := range cases {
		t.Run(tc.typ, func(t *testing.T) {
			if got := Propagation[tc.typ]; got != tc.want {
				t.Errorf("Propagation[%q] = %d, want %d", tc.typ, got, tc.want)
			}
		})
	}
	if len(Propagation) != 3 {
		t.Errorf("Propagation has %d types, want 3: %v", len(Propagation), Propagation)
	}
}

func TestAffected(t *testing.T) {
	e := func(from, typ, to string) Edge { return Edge{From: from, To: to, Type: typ} }
	// A web shop: web depends on app, app on db; db runs on vm1, vm1 on host1; rack1 contains
	// host1; a switch is connected to host1 and a backup server backs up db.
	shop := []Edge{
		e("web", DependsOn, "app"),
		e("app", DependsOn, "db"),
		e("db", RunsOn, "vm1"),
		e("vm1", RunsOn, "host1"),
		e("rack1", Contains, "host1"),
		e("switch1", ConnectedTo, "host1"),
		e("backup1", BacksUp, "db"),
	}
	cases := []struct {
		name   string
		edges  []Edge
		failed string
		want   []string // in breadth-first order
	}{
		{"chain from the bottom", shop, "host1", []string{"vm1", "db", "app", "web"}},
		{"chain from the middle", shop, "db", []string{"app", "web"}},
		{"top of the chain", shop, "web", nil},
		{"contains: the container takes its parts", shop, "rack1", []string{"host1", "vm1", "db", "app", "web"}},
		{"contains: a part does not take its container", []Edge{e("rack1", Contains, "host1")}, "host1", nil},
		{"contains then contains", []Edge{e("dc", Contains, "rack1"), e("rack1", Contains, "host1")}, "dc", []string{"rack1", "host1"}},
		{"connected_to does not propagate", shop, "switch1", nil},
		{"connected_to does not propagate backwards", []Edge{e("switch1", ConnectedTo, "host1")}, "host1", nil},
		{"backs_up does not propagate", shop, "backup1", nil},
		{"a lost backup target does not take the backup", []Edge{e("backup1", BacksUp, "db")}, "db", nil},
		{"unknown type does not propagate", []Edge{e("a", "mirrors", "b"), e("b", "mirrors", "a")}, "a", nil},
		{
			"diamond reaches the top once",
			[]Edge{e("svc", DependsOn, "a"), e("svc", DependsOn, "b"), e("a", DependsOn, "db"), e("b", DependsOn, "db")},
			"db", []string{"a", "b", "svc"},
		},
		{
			"breadth first, in edge order",
			[]Edge{e("a", DependsOn, "db"), e("b", DependsOn, "db"), e("c", DependsOn, "a"), e("d", DependsOn, "b"), e("e", DependsOn, "a")},
			"db", []string{"a", "b", "c", "e", "d"},
		},
		{"two-cycle", []Edge{e("a", DependsOn, "b"), e("b", DependsOn, "a")}, "a", []string{"b"}},
		{"three-cycle", []Edge{e("a", DependsOn, "b"), e("b", DependsOn, "c"), e("c", DependsOn, "a")}, "a", []string{"c", "b"}},
		{"self loop", []Edge{e("a", DependsOn, "a")}, "a", nil},
		{
			"cycle with a tail",
			[]Edge{e("a", DependsOn, "b"), e("b", RunsOn, "a"), e("web", DependsOn, "b")},
			"a", []string{"b", "web"},
		},
		{"duplicate edges", []Edge{e("a", DependsOn, "db"), e("a", DependsOn, "db"), e("a", RunsOn, "db")}, "db", []string{"a"}},
		{
			"mixed up and down",
			[]Edge{e("rack1", Contains, "host1"), e("vm1", RunsOn, "host1"), e("rack1", Contains, "host2"), e("app", DependsOn, "vm1")},
			"rack1", []string{"host1", "host2", "vm1", "app"},
		},
		{"unknown CI", shop, "nothing", nil},
		{"no edges", nil, "db", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Affected(tc.failed, tc.edges); !slices.Equal(got, tc.want) {
				t.Errorf("Affected(%q) = %q, want %q", tc.failed, got, tc.want)
			}
		})
	}
}
