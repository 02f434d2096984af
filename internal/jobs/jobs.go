// Package jobs runs long work (creating a large workspace, optimising one) in the background:
// each job in its own goroutine with a context that Cancel ends, reporting its progress through
// a callback at most ten times a second and its end once. It knows nothing of what the jobs do
// or of the window that shows them.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"smsworkbench/internal/fault"
)

// Progress is how far a running job is.
type Progress struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Label string `json:"label"` // what it is doing now
}

// Result is how a job ended.
type Result struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Error string `json:"error,omitempty"`
	// Field is the parameter the error is about, when the work said so (a form shows the error
	// beside that field): a fault error's field (package fault), or an error with a method
	// Field() string. Code is a fault error's code.
	Field     string `json:"field,omitempty"`
	Code      string `json:"code,omitempty"`
	Result    any    `json:"result,omitempty"`
	Cancelled bool   `json:"cancelled"`
}

// fielder is an error that names the parameter it is about.
type fielder interface{ Field() string }

// Job states.
const (
	Running   = "running"
	Done      = "done"
	Failed    = "failed"
	Cancelled = "cancelled"
)

// Status is a job as the list of jobs shows it.
type Status struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	State      string `json:"state"` // running, done, failed, cancelled
	Done       int    `json:"done"`
	Total      int    `json:"total"`
	Label      string `json:"label"`
	Error      string `json:"error,omitempty"`
	StartedAt  string `json:"started_at"`
	FinishedAt string `json:"finished_at,omitempty"`
}

// Report tells how far a job is: done of total steps, and what it is doing.
type Report func(done, total int, label string)

// Func is the work of a job. It should return soon after ctx is done, with ctx's error.
type Func func(ctx context.Context, report Report) (any, error)

// Interval is the least time between two progress reports of a job.
const Interval = 100 * time.Millisecond

// keepFinished is how many finished jobs the list keeps.
const keepFinished = 20

// Runner runs jobs and keeps the list of them.
type Runner struct {
	onProgress func(Progress)
	onDone     func(Result)

	mu   sync.Mutex
	next int
	jobs map[string]*job
	wg   sync.WaitGroup
}

type job struct {
	status    Status
	cancel    context.CancelFunc
	cancelled bool
	done      chan struct{}
	result    Result
	lastSent  time.Time
	pending   bool // a report held back by the interval is due to be sent

	// send orders a job's events: progress is sent as it stands when sent, so reports never go
	// back, and none follows the end.
	send  sync.Mutex
	ended bool
}

// New returns a runner that reports progress and ends through the given callbacks (either may be
// nil). They are called from the jobs' goroutines.
func New(onProgress func(Progress), onDone func(Result)) *Runner {
	if onProgress == nil {
		onProgress = func(Progress) {}
	}
	if onDone == nil {
		onDone = func(Result) {}
	}
	return &Runner{onProgress: onProgress, onDone: onDone, jobs: map[string]*job{}}
}

// Start runs fn as a job named name and returns its id at once.
func (r *Runner) Start(name string, fn Func) string {
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.next++
	id := "job-" + strconv.Itoa(r.next)
	j := &job{cancel: cancel, done: make(chan struct{}),
		status: Status{ID: id, Name: name, State: Running, StartedAt: time.Now().UTC().Format(time.RFC3339)}}
	r.jobs[id] = j
	r.forgetOld()
	r.wg.Add(1)
	r.mu.Unlock()

	go func() {
		defer r.wg.Done()
		defer cancel()
		value, err := run(ctx, fn, func(done, total int, label string) { r.report(j, done, total, label) })
		r.mu.Lock()
		res := Result{ID: id, Name: name}
		switch {
		case err != nil && j.cancelled && ctx.Err() != nil:
			// Whatever the work reports once cancelled (the driver may say "interrupted"), the
			// cause is the cancel.
			res.Cancelled = true
			j.status.State = Cancelled
		case err != nil:
			res.Error = err.Error()
			res.Field, res.Code = fault.Field(err), fault.Code(err)
			var f fielder
			if res.Field == "" && errors.As(err, &f) {
				res.Field = f.Field()
			}
			j.status.State, j.status.Error = Failed, err.Error()
		default:
			res.Result = value
			j.status.State = Done
		}
		j.status.FinishedAt = time.Now().UTC().Format(time.RFC3339)
		j.result = res
		r.mu.Unlock()
		j.send.Lock()
		j.ended = true
		r.onDone(res)
		j.send.Unlock()
		close(j.done)
	}()
	return id
}

// run calls fn and turns a panic into an error, so one faulty job does not end the program.
func run(ctx context.Context, fn Func, report Report) (value any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the job failed: %v", p)
		}
	}()
	return fn(ctx, report)
}

// report records a job's progress and passes it on, at most once per Interval: a report that
// comes sooner is sent when the interval has passed (as the job then stands), so the window never
// shows a stale step for long. The last step (done == total) is sent at once.
func (r *Runner) report(j *job, done, total int, label string) {
	r.mu.Lock()
	j.status.Done, j.status.Total, j.status.Label = done, total, label
	wait := Interval - time.Since(j.lastSent)
	if done < total && (wait > 0 || j.pending) {
		if !j.pending { // else the report due will carry this one
			j.pending = true
			time.AfterFunc(wait, func() { r.sendProgress(j) })
		}
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	r.sendProgress(j)
}

// sendProgress sends a job's progress as it stands, unless the job has ended.
func (r *Runner) sendProgress(j *job) {
	j.send.Lock()
	defer j.send.Unlock()
	r.mu.Lock()
	j.pending = false
	j.lastSent = time.Now()
	p := Progress{ID: j.status.ID, Name: j.status.Name, Done: j.status.Done, Total: j.status.Total, Label: j.status.Label}
	r.mu.Unlock()
	if !j.ended {
		r.onProgress(p)
	}
}

// forgetOld drops the oldest finished jobs beyond keepFinished. r.mu is held.
func (r *Runner) forgetOld() {
	var finished []*job
	for _, j := range r.jobs {
		if j.status.State != Running {
			finished = append(finished, j)
		}
	}
	if len(finished) <= keepFinished {
		return
	}
	sort.Slice(finished, func(a, b int) bool { return number(finished[a].status.ID) < number(finished[b].status.ID) })
	for _, j := range finished[:len(finished)-keepFinished] {
		delete(r.jobs, j.status.ID)
	}
}

func number(id string) int { n, _ := strconv.Atoi(id[len("job-"):]); return n }

// Cancel asks a running job to stop; it ends as cancelled once its work returns. Cancelling a job
// that has finished does nothing.
func (r *Runner) Cancel(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	j, ok := r.jobs[id]
	if !ok {
		return fmt.Errorf("no job %q", id)
	}
	if j.status.State == Running {
		j.cancelled = true
		j.cancel()
	}
	return nil
}

// List returns the jobs running and those finished lately, the newest first.
func (r *Runner) List() []Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Status, 0, len(r.jobs))
	for _, j := range r.jobs {
		out = append(out, j.status)
	}
	sort.Slice(out, func(a, b int) bool { return number(out[a].ID) > number(out[b].ID) })
	return out
}

// Wait waits until the job has finished (or ctx is done) and returns how it ended.
func (r *Runner) Wait(ctx context.Context, id string) (Result, error) {
	r.mu.Lock()
	j, ok := r.jobs[id]
	r.mu.Unlock()
	if !ok {
		return Result{}, fmt.Errorf("no job %q", id)
	}
	select {
	case <-j.done:
		r.mu.Lock()
		defer r.mu.Unlock()
		return j.result, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Close cancels every running job and waits for them to end.
func (r *Runner) Close() {
	r.mu.Lock()
	for _, j := range r.jobs {
		if j.status.State == Running {
			j.cancelled = true
			j.cancel()
		}
	}
	r.mu.Unlock()
	r.wg.Wait()
}
