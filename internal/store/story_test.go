package store

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// storyStep is a change of a random ticket story, applied one way or the other.
type storyStep = Step

// randomStory makes the life of an incident as people live it: assigned, worked, perhaps
// pending, resolved with a resolution, closed; fields set along the way.
func randomStory(rng *rand.Rand, opened time.Time) []storyStep {
	at := opened
	later := func() time.Time { at = at.Add(time.Duration(5+rng.IntN(600)) * time.Minute); return at }
	steps := []storyStep{{At: later(), Set: map[string]any{"assignee": []string{"Ana", "Tom"}[rng.IntN(2)]}, To: "assigned"}}
	steps = append(steps, storyStep{At: later(), To: "in_progress", Note: "on it"})
	if rng.IntN(3) == 0 {
		steps = append(steps, storyStep{At: later(), To: "pending"}, storyStep{At: later(), To: "in_progress"})
	}
	if rng.IntN(2) == 0 {
		steps = append(steps, storyStep{At: later(), Set: map[string]any{"impact": int64(1 + rng.IntN(3)), "assignee": nil}})
	}
	steps = append(steps, storyStep{At: later(), Set: map[string]any{"resolution": "Fixed."}, To: "resolved"})
	if rng.IntN(4) > 0 {
		steps = append(steps, storyStep{At: later(), To: "closed"})
	}
	return steps
}

// opShape is an op without what differs between two copies (ids, clocks, hashes): its place in
// the record's history stands for its id in a pred.
type opShape struct {
	Field, Value, At, Note string
	Pred                   []int
}

func shapes(t *testing.T, s *Store, id string) []opShape {
	t.Helper()
	ops, err := s.recordOps(bg, s.db, id)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(ops, func(a, b *Op) int { return int(a.ID.Seq - b.ID.Seq) })
	place := map[OpID]int{}
	var out []opShape
	for i, o := range ops {
		place[o.ID] = i
		sh := opShape{Field: o.Field, Value: string(o.Value), At: o.At, Note: o.Note}
		if o.Field == fieldCreate {
			var v map[string]any
			json.Unmarshal(o.Value, &v)
			delete(v, "ref")
			delete(v, "service") // each copy made its own
			b, _ := json.Marshal(v)
			sh.Value = string(b)
		}
		for _, p := range o.Pred {
			sh.Pred = append(sh.Pred, place[p])
		}
		out = append(out, sh)
	}
	return out
}

// A story written at once leaves the same record and the same history as Create, Update and
// Move step by step, in one transaction (the way an import or the demo writes) or one by one.
func TestCreateWithWritesWhatTheStepsWould(t *testing.T) {
	opened := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	now := opened.Add(30 * 24 * time.Hour)
	stepwise, atOnce := slaWorkspace(t, opened.Add(-24*time.Hour)), slaWorkspace(t, opened.Add(-24*time.Hour))
	stepwise.SetClock(func() time.Time { return now })
	atOnce.SetClock(func() time.Time { return now })
	rng := rand.New(rand.NewPCG(11, 11))
	type story struct {
		in    map[string]any
		steps []storyStep
	}
	var stories []story
	for i := range 40 {
		o := opened.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
		stories = append(stories, story{map[string]any{"title": fmt.Sprint("incident ", i), "service": "SVC-00001",
			"impact": int64(1 + rng.IntN(3)), "urgency": int64(1 + rng.IntN(3)), "opened_at": o.Format(time.RFC3339)}, randomStory(rng, o)})
	}
	var ids1, ids2 []string
	err := stepwise.Write(bg, func(t *Tx) error {
		for _, st := range stories {
			r, err := t.Create("incident", st.in, Change{})
			if err != nil {
				return err
			}
			ids1 = append(ids1, r.ID)
			for _, step := range st.steps {
				c := Change{At: step.At, Note: step.Note}
				if len(step.Set) > 0 {
					if _, err := t.Update("incident", r.ID, step.Set, c); err != nil {
						return err
					}
				}
				if step.To != "" {
					if _, err := t.Move("incident", r.ID, step.To, c); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = atOnce.Write(bg, func(t *Tx) error {
		for _, st := range stories {
			r, err := t.CreateWith("incident", st.in, Change{}, st.steps)
			if err != nil {
				return err
			}
			ids2 = append(ids2, r.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	judged := 0 // tickets with an SLA state: the rules' computed values are compared too
	for i := range stories {
		a, err := stepwise.Get(bg, "incident", ids1[i])
		if err != nil {
			t.Fatal(err)
		}
		b, err := atOnce.Get(bg, "incident", ids2[i])
		if err != nil {
			t.Fatal(err)
		}
		b.Values["service"] = a.Values["service"] // each copy made its own service
		if b.Values["sla"] != nil {
			b.Values["sla"] = a.Values["sla"]
		}
		if a.Ref != b.Ref || a.Status != b.Status || a.CreatedAt != b.CreatedAt || a.UpdatedAt != b.UpdatedAt || !reflect.DeepEqual(a.Values, b.Values) {
			t.Fatalf("%s step by step:\n%s %s %s %v\nat once:\n%s %s %s %v", a.Ref, a.Status, a.CreatedAt, a.UpdatedAt, a.Values, b.Status, b.CreatedAt, b.UpdatedAt, b.Values)
		}
		if a.Values["sla_state"] != nil {
			judged++
		}
		if x, y := shapes(t, stepwise, ids1[i]), shapes(t, atOnce, ids2[i]); !reflect.DeepEqual(x, y) {
			t.Fatalf("%s history step by step:\n%+v\nat once:\n%+v", a.Ref, x, y)
		}
	}
	if judged < len(stories)/3 {
		t.Fatalf("only %d of %d tickets judged by the SLA: the test shows little", judged, len(stories))
	}
	// What a transaction remembered of its records equals what SQLite holds, computed afresh.
	for _, s := range []*Store{stepwise, atOnce} {
		before, _ := s.List(bg, "incident", Query{Limit: -1})
		if err := s.Recompute(bg, "incident"); err != nil {
			t.Fatal(err)
		}
		after, _ := s.List(bg, "incident", Query{Limit: -1})
		for i := range before.Records {
			if !reflect.DeepEqual(before.Records[i].Values, after.Records[i].Values) {
				t.Fatalf("%s computed again differs:\n%v\n%v", before.Records[i].Ref, before.Records[i].Values, after.Records[i].Values)
			}
		}
	}
}

// A story is refused like its steps would be, and writes nothing.
func TestCreateWithRefusesWhatTheStepsWould(t *testing.T) {
	opened := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	s := slaWorkspace(t, opened.Add(48*time.Hour))
	in := map[string]any{"title": "printer", "service": "SVC-00001", "opened_at": opened.Format(time.RFC3339)}
	before := fingerprint(t, s.db)
	for _, c := range []struct {
		steps []Step
		want  []string
	}{
		{[]Step{{At: opened.Add(time.Hour), To: "assigned"}, {At: opened.Add(2 * time.Hour), To: "resolved"}}, []string{"resolution"}},
		{[]Step{{At: opened.Add(time.Hour), To: "closed"}}, []string{"new", "closed"}},
		{[]Step{{At: opened.Add(-time.Hour), To: "assigned"}}, []string{"at", "before"}},
		{[]Step{{At: opened.Add(time.Hour), Set: map[string]any{"impact": "huge"}}}, []string{"impact"}},
		{[]Step{{At: opened.Add(time.Hour), To: "sleeping"}}, []string{"sleeping"}},
	} {
		err := s.Write(bg, func(t *Tx) error {
			_, err := t.CreateWith("incident", in, Change{}, c.steps)
			return err
		})
		wantErr(t, err, c.want...)
	}
	if fingerprint(t, s.db) != before {
		t.Fatal("a refused story changed the workspace")
	}
}
