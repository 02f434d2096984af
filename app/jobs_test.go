package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsworkbench/internal/jobs"
)

// waitFor polls until cond holds, for at most a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited a minute for %s", what)
}

func TestJobsAreChecked(t *testing.T) {
	s := demoCopy(t)
	a := New(s)
	dir := t.TempDir()
	for _, c := range []struct {
		name   string
		params map[string]any
		says   string
	}{
		{"defrag", nil, `unknown job "defrag"`},
		{"create-workspace", map[string]any{"path": s.Path()}, "a file already exists"},
		{"create-workspace", map[string]any{"path": filepath.Join(dir, "x.smswb"), "demo": true, "scale": 101.0}, "1 to 100"},
		{"create-workspace", map[string]any{"path": filepath.Join(dir, "x.smswb"), "demo": true, "scale": 2.5}, `"scale"`},
		{"create-workspace", map[string]any{"path": filepath.Join(dir, "x.smswb"), "demo": "yes"}, `"demo"`},
		{"create-workspace", map[string]any{}, "file name"},
	} {
		if _, err := a.StartJob(c.name, c.params); !strings.Contains(problem(t, err).Message, c.says) {
			t.Errorf("%s %v: %v, want %q", c.name, c.params, err, c.says)
		}
	}
	if l, _ := a.Jobs(); len(l) != 0 {
		t.Fatalf("refused jobs listed: %+v", l)
	}
	if err := a.CancelJob("job-42"); err == nil {
		t.Fatal("an unknown job was cancelled")
	}

	rt := &fakeRuntime{}
	a.setRuntime(rt)
	id, err := a.StartJob("optimize", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.jobs.Wait(bg, id)
	if err != nil || res.Error != "" || res.Cancelled {
		t.Fatalf("optimize %+v %v", res, err)
	}
	if done := rt.named("job:done"); len(done) != 1 || done[0].(jobs.Result).ID != id {
		t.Fatalf("done events %+v", done)
	}
	if l, _ := a.Jobs(); len(l) != 1 || l[0].State != jobs.Done || l[0].Name != "optimize" {
		t.Fatalf("jobs %+v", l)
	}
}

func TestCreateWorkspaceJob(t *testing.T) {
	first := demoCopy(t)
	a := New(first)
	rt := &fakeRuntime{}
	a.setRuntime(rt)
	dir := t.TempDir()

	// A large demo, cancelled while it is being written: no file stays, the open workspace
	// stays open.
	big := filepath.Join(dir, "big.smswb")
	id, err := a.StartJob("create-workspace", map[string]any{"path": big, "name": "Big", "demo": true, "scale": 20.0})
	if err != nil {
		t.Fatal(err)
	}
	progressed := func(id string, done int) func() bool {
		return func() bool {
			for _, e := range rt.named("job:progress") {
				if p := e.(jobs.Progress); p.ID == id && p.Done >= done && p.Total > 1 {
					return true
				}
			}
			return false
		}
	}
	waitFor(t, "the demo to reach its configuration items", progressed(id, 3))
	if _, err := os.Stat(big); err != nil {
		t.Fatalf("no file while the demo is written: %v", err)
	}
	if err := a.CancelJob(id); err != nil {
		t.Fatal(err)
	}
	cancelled := time.Now()
	ctx, cancel := context.WithTimeout(bg, 2*time.Minute)
	defer cancel()
	res, err := a.jobs.Wait(ctx, id)
	if took := time.Since(cancelled); took > 15*time.Second {
		t.Errorf("the job took %v to stop", took)
	}
	if err != nil || !res.Cancelled || res.Error != "" || res.Result != nil {
		t.Fatalf("cancelled job %+v %v", res, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a cancelled creation left %v", entries)
	}
	if a.store() != first {
		t.Fatal("a cancelled creation switched the workspace")
	}
	if n, err := first.Count("service"); err != nil || n != 12 {
		t.Fatalf("the open workspace: %d services, %v", n, err)
	}
	if l, _ := a.Jobs(); l[0].State != jobs.Cancelled {
		t.Fatalf("jobs %+v", l)
	}

	// The base demo, to the end: the window switches to it.
	small := filepath.Join(dir, "small.smswb")
	id, err = a.StartJob("create-workspace", map[string]any{"path": small, "name": "Small", "demo": true, "scale": 1.0})
	if err != nil {
		t.Fatal(err)
	}
	res, err = a.jobs.Wait(ctx, id)
	if err != nil || res.Error != "" || res.Cancelled {
		t.Fatalf("create %+v %v", res, err)
	}
	defer a.store().Close()
	ws, ok := res.Result.(*Workspace)
	if !ok || ws.Name != "Small" || ws.Path != small || ws.Counts["service"] != 12 || a.store().Path() != small {
		t.Fatalf("result %+v", res.Result)
	}
	if _, err := first.Count("service"); err == nil {
		t.Fatal("the workspace switched away from is still open")
	}
	var last jobs.Progress
	for _, e := range rt.named("job:progress") {
		if p := e.(jobs.Progress); p.ID == id {
			last = p
		}
	}
	if last.Done != last.Total || last.Label != "Done" {
		t.Fatalf("last progress %+v", last)
	}
	if changed := rt.named("workspace:changed"); len(changed) != 1 || changed[0].(*Workspace).Path != small {
		t.Fatalf("workspace events %+v", changed)
	}
	if recent, _ := a.RecentWorkspaces(); recent[0].Path != small {
		t.Fatalf("recent %+v", recent)
	}
}
