package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

var bg = context.Background()

// recorder collects what a runner reports.
type recorder struct {
	mu       sync.Mutex
	progress []Progress
	done     []Result
}

func (r *recorder) runner() *Runner {
	return New(func(p Progress) { r.mu.Lock(); r.progress = append(r.progress, p); r.mu.Unlock() },
		func(res Result) { r.mu.Lock(); r.done = append(r.done, res); r.mu.Unlock() })
}

func TestAJobReportsThrottledProgressAndItsResult(t *testing.T) {
	var rec recorder
	r := rec.runner()
	// 5000 steps in about half a second: at most ten reports a second get through, and the last.
	start := time.Now()
	id := r.Start("count", func(ctx context.Context, report Report) (any, error) {
		for i := 1; i <= 5000; i++ {
			report(i, 5000, "counting")
			if i%100 == 0 {
				time.Sleep(10 * time.Millisecond)
			}
		}
		return 42, nil
	})
	res, err := r.Wait(bg, id)
	took := time.Since(start)
	if err != nil || res.ID != id || res.Name != "count" || res.Result != 42 || res.Error != "" || res.Cancelled {
		t.Fatalf("result %+v %v", res, err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	n := len(rec.progress)
	if n < 2 || n > int(took/Interval)+3 { // the first, one per interval, the last
		t.Fatalf("%d progress reports in %v", n, took)
	}
	if last := rec.progress[n-1]; last.Done != 5000 || last.Total != 5000 || last.Label != "counting" || last.ID != id {
		t.Fatalf("last report %+v", last)
	}
	for i := 1; i < n-1; i++ {
		if rec.progress[i].Done <= rec.progress[i-1].Done {
			t.Fatalf("progress went back: %+v", rec.progress)
		}
	}
	if len(rec.done) != 1 || rec.done[0].Result != 42 {
		t.Fatalf("done %+v", rec.done)
	}
	if l := r.List(); len(l) != 1 || l[0].State != Done || l[0].Done != 5000 || l[0].FinishedAt == "" {
		t.Fatalf("list %+v", l)
	}
}

// A report held back by the interval is sent once the interval has passed, not dropped; no
// report follows the end.
func TestAHeldBackReportIsSentLater(t *testing.T) {
	var rec recorder
	r := rec.runner()
	id := r.Start("slow", func(ctx context.Context, report Report) (any, error) {
		report(1, 10, "one")
		report(2, 10, "two") // within the interval of "one"
		time.Sleep(3 * Interval)
		report(3, 10, "three")
		report(4, 10, "four") // held back, then the job ends before it is due
		return nil, nil
	})
	r.Wait(bg, id)
	time.Sleep(2 * Interval)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var labels []string
	for _, p := range rec.progress {
		labels = append(labels, p.Label)
	}
	if len(labels) != 3 || labels[0] != "one" || labels[1] != "two" || labels[2] != "three" {
		t.Fatalf("reports %q", labels)
	}
}

func TestCancelEndsAJob(t *testing.T) {
	var rec recorder
	r := rec.runner()
	started := make(chan struct{})
	id := r.Start("wait", func(ctx context.Context, report Report) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, errors.New("interrupted") // what a driver may say instead of ctx.Err()
	})
	failing := r.Start("fail", func(ctx context.Context, report Report) (any, error) { return nil, errors.New("disk full") })
	panicking := r.Start("panic", func(ctx context.Context, report Report) (any, error) { panic("oops") })
	<-started
	if l := r.List(); len(l) != 3 || l[0].ID != panicking || l[2].ID != id {
		t.Fatalf("list, newest first: %+v", l)
	}
	if err := r.Cancel(id); err != nil {
		t.Fatal(err)
	}
	res, err := r.Wait(bg, id)
	if err != nil || !res.Cancelled || res.Error != "" {
		t.Fatalf("cancelled: %+v %v", res, err)
	}
	res, _ = r.Wait(bg, failing)
	if res.Cancelled || res.Error != "disk full" {
		t.Fatalf("failed: %+v", res)
	}
	res, _ = r.Wait(bg, panicking)
	if res.Error == "" {
		t.Fatalf("panic: %+v", res)
	}
	states := map[string]string{}
	for _, s := range r.List() {
		states[s.Name] = s.State
	}
	if states["wait"] != Cancelled || states["fail"] != Failed || states["panic"] != Failed {
		t.Fatalf("states %v", states)
	}
	// Cancelling a finished job does nothing; an unknown one is an error.
	if err := r.Cancel(failing); err != nil {
		t.Fatal(err)
	}
	if err := r.Cancel("job-99"); err == nil {
		t.Fatal("unknown job cancelled")
	}
}

func TestCloseCancelsRunningJobs(t *testing.T) {
	r := New(nil, nil)
	id := r.Start("forever", func(ctx context.Context, report Report) (any, error) { <-ctx.Done(); return nil, ctx.Err() })
	r.Close()
	res, err := r.Wait(bg, id)
	if err != nil || !res.Cancelled {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestOnlyRecentFinishedJobsAreListed(t *testing.T) {
	r := New(nil, nil)
	var last string
	for i := 0; i < keepFinished+5; i++ {
		last = r.Start("quick", func(ctx context.Context, report Report) (any, error) { return nil, nil })
		r.Wait(bg, last)
	}
	l := r.List()
	if len(l) > keepFinished+1 || l[0].ID != last {
		t.Fatalf("%d jobs listed, first %s", len(l), l[0].ID)
	}
}

type fieldErr struct{ field, msg string }

func (e fieldErr) Error() string { return e.msg }
func (e fieldErr) Field() string { return e.field }

func TestAFailedJobNamesTheFieldItsErrorIsAbout(t *testing.T) {
	var rec recorder
	r := rec.runner()
	id := r.Start("import", func(ctx context.Context, report Report) (any, error) {
		return nil, fmt.Errorf("reading: %w", fieldErr{"passphrase", "wrong passphrase"})
	})
	res, err := r.Wait(bg, id)
	if err != nil || res.Error != "reading: wrong passphrase" || res.Field != "passphrase" {
		t.Fatalf("result %+v %v", res, err)
	}
	id = r.Start("plain", func(ctx context.Context, report Report) (any, error) { return nil, errors.New("disk full") })
	if res, _ := r.Wait(bg, id); res.Field != "" {
		t.Fatalf("a plain error names a field: %+v", res)
	}
}
