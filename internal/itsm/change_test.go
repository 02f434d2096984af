package itsm

import (
	"testing"
	"time"
)

func TestCheckChangeMove(t *testing.T) {
	const ref = "CHG-00012"
	normal := func(status string, approved bool) ChangeFacts {
		return ChangeFacts{Ref: ref, Type: NormalChange, Status: status, Approved: approved}
	}
	emergency := func(status string, approved, reviewed bool) ChangeFacts {
		return ChangeFacts{Ref: ref, Type: EmergencyChange, Status: status, Approved: approved, Reviewed: reviewed}
	}
	standard := func(status string, model, modelOK bool) ChangeFacts {
		return ChangeFacts{Ref: ref, Type: StandardChange, Status: status, Model: model, ModelOK: modelOK}
	}
	const (
		notApproved  = "change CHG-00012 is normal and not approved"
		noApprover   = "change CHG-00012 cannot be approved without an approver and an approval date (set approved_by and approved_on first)"
		noReview     = "change CHG-00012 is an emergency change and has no post-implementation review"
		noModel      = "change CHG-00012 is standard and names no standard change model"
		modelPending = "change CHG-00012 is standard but its change model is not approved"
	)
	cases := []struct {
		name    string
		facts   ChangeFacts
		to      string
		wantErr string // "" when allowed
	}{
		// normal
		{"normal: assess", normal("new", false), "assessed", ""},
		{"normal: approve without approver", normal("assessed", false), "approved", noApprover},
		{"normal: approve with approver", normal("assessed", true), "approved", ""},
		{"normal: schedule unapproved", normal("assessed", false), "scheduled", notApproved},
		{"normal: implement unapproved", normal("approved", false), "implemented", notApproved},
		{"normal: implement from new with approver", normal("new", true), "implemented", notApproved},
		{"normal: schedule from assessed with approver", normal("assessed", true), "scheduled", notApproved},
		{"normal: schedule approved", normal("approved", true), "scheduled", ""},
		{"normal: implement scheduled", normal("scheduled", true), "implemented", ""},
		{"normal: close without review", normal("implemented", true), "closed", ""},
		{"normal: cancel unapproved", normal("new", false), "cancelled", ""},

		// emergency
		{"emergency: implement from new", emergency("new", false, false), "implemented", ""},
		{"emergency: schedule unapproved", emergency("assessed", false, false), "scheduled", ""},
		{"emergency: approve after the fact without approver", emergency("implemented", false, false), "approved", noApprover},
		{"emergency: approve after the fact", emergency("implemented", true, false), "approved", ""},
		{"emergency: close without review", emergency("implemented", true, false), "closed", noReview},
		{"emergency: close reviewed", emergency("implemented", true, true), "closed", ""},
		{"emergency: review itself", emergency("implemented", false, false), "reviewed", ""},

		// standard
		{"standard: implement without model", standard("new", false, false), "implemented", noModel},
		{"standard: schedule without model", standard("new", false, false), "scheduled", noModel},
		{"standard: approve without model", ChangeFacts{Ref: ref, Type: StandardChange, Status: "new", Approved: true}, "approved", noModel},
		{"standard: implement with unapproved model", standard("new", true, false), "implemented", modelPending},
		{"standard: schedule with unapproved model", standard("new", true, false), "scheduled", modelPending},
		{"standard: implement from new with approved model", standard("new", true, true), "implemented", ""},
		{"standard: schedule with approved model", standard("new", true, true), "scheduled", ""},
		{"standard: close", standard("implemented", true, true), "closed", ""},
		{"standard: approve without approver", standard("new", true, true), "approved", noApprover},
		{"standard: cancel without model", standard("new", false, false), "cancelled", ""},

		// other types fall back to the normal rule for implementing from new
		{"unknown type: implement from new", ChangeFacts{Ref: ref, Type: "minor", Status: "new", Approved: true}, "implemented", "change CHG-00012 is minor and not approved"},
		{"unknown type: implement approved", ChangeFacts{Ref: ref, Type: "minor", Status: "approved", Approved: true}, "implemented", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckChangeMove(tc.facts, tc.to)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("%s -> %s refused: %v", tc.facts.Status, tc.to, err)
			case tc.wantErr != "" && err == nil:
				t.Errorf("%s -> %s allowed, want %q", tc.facts.Status, tc.to, tc.wantErr)
			case tc.wantErr != "" && err.Error() != tc.wantErr:
				t.Errorf("error %q, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestWindowOverlaps(t *testing.T) {
	at := func(s string) time.Time { return utc("2026-03-02 " + s) }
	var zero time.Time
	cases := []struct {
		name string
		a, b Window
		want bool
	}{
		{"same window", Window{at("10:00"), at("12:00")}, Window{at("10:00"), at("12:00")}, true},
		{"partly", Window{at("10:00"), at("12:00")}, Window{at("11:00"), at("13:00")}, true},
		{"inside", Window{at("10:00"), at("14:00")}, Window{at("11:00"), at("12:00")}, true},
		{"one minute shared", Window{at("10:00"), at("12:00")}, Window{at("11:59"), at("13:00")}, true},
		{"touching: end equals start", Window{at("10:00"), at("12:00")}, Window{at("12:00"), at("13:00")}, false},
		{"touching the other way", Window{at("12:00"), at("13:00")}, Window{at("10:00"), at("12:00")}, false},
		{"apart", Window{at("10:00"), at("11:00")}, Window{at("12:00"), at("13:00")}, false},
		{"no end lasts an hour: overlaps", Window{Start: at("10:00")}, Window{at("10:59"), at("12:00")}, true},
		{"no end lasts an hour: touches", Window{Start: at("10:00")}, Window{at("11:00"), at("12:00")}, false},
		{"both without end, 30 min apart", Window{Start: at("10:00")}, Window{Start: at("10:30")}, true},
		{"both without end, an hour apart", Window{Start: at("10:00")}, Window{Start: at("11:00")}, false},
		{"end before start lasts an hour", Window{at("10:00"), at("09:00")}, Window{at("10:30"), at("12:00")}, true},
		{"end equal to start lasts an hour", Window{at("10:00"), at("10:00")}, Window{at("10:30"), at("12:00")}, true},
		{"no start never overlaps", Window{End: at("12:00")}, Window{at("10:00"), at("12:00")}, false},
		{"other without start", Window{at("10:00"), at("12:00")}, Window{zero, at("11:00")}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Overlaps(tc.b); got != tc.want {
				t.Errorf("a.Overlaps(b) = %v, want %v", got, tc.want)
			}
			if got := tc.b.Overlaps(tc.a); got != tc.want {
				t.Errorf("b.Overlaps(a) = %v, want %v (not symmetric)", got, tc.want)
			}
		})
	}
}

func TestClash(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 2, h, 0, 0, 0, time.UTC) }
	base := ChangeSlot{ID: "a", Status: "scheduled", Service: "mail", CIs: []string{"db1"}, Window: Window{Start: at(9), End: at(11)}}
	with := func(f func(*ChangeSlot)) ChangeSlot {
		o := ChangeSlot{ID: "b", Status: "new", Window: Window{Start: at(10), End: at(12)}}
		f(&o)
		return o
	}
	cases := []struct {
		name  string
		other ChangeSlot
		want  bool
	}{
		{"same service", with(func(o *ChangeSlot) { o.Service = "mail" }), true},
		{"shared CI", with(func(o *ChangeSlot) { o.CIs = []string{"web", "db1"} }), true},
		{"nothing shared", with(func(o *ChangeSlot) { o.Service = "web"; o.CIs = []string{"web"} }), false},
		{"no service on either side", with(func(o *ChangeSlot) { o.CIs = []string{"web"} }), false},
		{"windows touch", with(func(o *ChangeSlot) { o.Service = "mail"; o.Window = Window{Start: at(11), End: at(12)} }), false},
		{"no end lasts an hour", with(func(o *ChangeSlot) { o.Service = "mail"; o.Window = Window{Start: at(8).Add(30 * time.Minute)} }), true},
		{"no end, an hour before", with(func(o *ChangeSlot) { o.Service = "mail"; o.Window = Window{Start: at(8)} }), false},
		{"closed", with(func(o *ChangeSlot) { o.Service = "mail"; o.Status = "closed" }), false},
		{"cancelled", with(func(o *ChangeSlot) { o.Service = "mail"; o.Status = "cancelled" }), false},
		{"itself", with(func(o *ChangeSlot) { o.ID = "a"; o.Service = "mail" }), false},
	}
	for _, c := range cases {
		if got := Clash(base, c.other); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		if Clash(base, c.other) != Clash(c.other, base) {
			t.Errorf("%s: not symmetric", c.name)
		}
	}
}
