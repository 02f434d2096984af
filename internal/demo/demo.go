// Package demo owns the deterministic data sets of the workbench: the demo service provider a
// newcomer sees on first start, and generated workspaces of any size for tests and benchmarks.
// Everything is written through the store's engine, so the demo has ops, history, computed
// values and a search index like real work. Given the same seed, clock and scale, the same
// records come out.
//
// The demo is one fictitious provider, Northwind Managed Services, with two years of history
// before "now": a dozen services with agreed SLAs, suppliers and their contracts, a layered CMDB,
// incidents, requests, problems, changes and releases, budgets and costs, plans, risks and
// controls, an audit programme with findings and nonconformities, and management reviews.
//
// On top of these records sits a compliance story a newcomer can follow: monthly service reports
// for every SLA (the service desk's last one still a draft), a recent CMDB baseline, last year's
// internal audit walked clause by clause with evidence and findings, and this year's gap
// assessment started from it, two thirds done, with an open major finding that blocks
// certification. The assessments and the baseline are written the way the compliance workbench
// and the cmdb package write them, but dated (see bench and takeBaseline).
package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"smsworkbench/internal/i18n"
	"smsworkbench/internal/store"
)

// Organisation is the name of the demo organisation.
const Organisation = "Northwind Managed Services"

// Options say which demo to fill.
type Options struct {
	// Seed chooses the random story; the same seed, clock and scale give the same records.
	Seed uint64
	// Scale multiplies the operational volume (incidents, requests, problems, changes,
	// releases, configuration items and their relationships, costs) for benchmarks. 0 or 1 is
	// the base demo; the catalogue, suppliers and governance records stay the same.
	Scale int
	// Progress, when set, is called before each section of the demo with the number of sections
	// done, their total and what comes next, and once more when all are done.
	Progress func(done, total int, label string)
}

// History is how far back the demo's history reaches.
const History = 730 * 24 * time.Hour

// Fill writes the demo provider into an empty workspace, dated relative to now: nothing is
// older than History before now, and the open work is open at now. The rules' clock is set to
// now while the records are written, so SLA clocks and contract states are computed against it.
// When ctx is done, Fill stops before its next transaction and returns ctx's error; what was
// written stays written, so a cancelled demo is a partial workspace.
func Fill(ctx context.Context, s *store.Store, now time.Time, opt Options) error {
	s.SetClock(func() time.Time { return now })
	defer s.SetClock(nil)
	if err := s.SetMeta("name", Organisation); err != nil {
		return err
	}
	f := newFiller(ctx, s, now, opt)
	sections := []struct {
		label string // English, marked for the reader's language (the window translates it)
		write func() error
	}{
		{i18n.Mark("Organisation and context"), f.context}, {i18n.Mark("Service catalogue"), f.catalogue}, {i18n.Mark("Suppliers"), f.writeSuppliers},
		{i18n.Mark("Configuration items"), f.writeCMDB}, {i18n.Mark("Service level agreements"), f.agreements}, {i18n.Mark("Contracts"), f.contracts},
		{i18n.Mark("Standard change models"), f.changeModels}, {i18n.Mark("Planned work"), f.planWork}, {i18n.Mark("Changes and releases"), f.transition},
		{i18n.Mark("Problems"), f.problems}, {i18n.Mark("Incidents"), f.incidents}, {i18n.Mark("Service requests"), f.requests}, {i18n.Mark("Known errors"), f.knownErrors},
		{i18n.Mark("Follow-up of tickets"), f.afterTickets}, {i18n.Mark("Service reports"), f.serviceReports}, {i18n.Mark("Supplier reviews"), f.supplierReviews},
		{i18n.Mark("Budgets and costs"), f.finance}, {i18n.Mark("Service assurance"), f.assurance}, {i18n.Mark("Governance and audits"), f.governance},
		{i18n.Mark("CMDB baseline"), f.baseline}, {i18n.Mark("Compliance assessments"), f.assessments},
	}
	for i, sec := range sections {
		if err := ctx.Err(); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(i, len(sections), sec.label)
		}
		if err := sec.write(); err != nil {
			return err
		}
	}
	if opt.Progress != nil {
		opt.Progress(len(sections), len(sections), i18n.Mark("Done"))
	}
	return nil
}

// filler holds what the sections of the demo share.
type filler struct {
	ctx    context.Context
	s      *store.Store
	now    time.Time // the clock, to the minute
	t0     time.Time // History before now: the start of the workspace
	seed   uint64
	scale  int
	berlin *time.Location

	customers []*customer
	services  []*service
	suppliers map[string]*supplier
	models    []*changeModel
	ci        *cmdb
	ids       map[string]*string // ids of records other sections name, by a key such as "contract:wan"

	// planned work, shared between the sections that write it
	probs    []*problemPlan
	releases []*releasePlan
	changes  []*changePlan
	failed   []*changePlan // changes that went wrong and caused incidents
}

func newFiller(ctx context.Context, s *store.Store, now time.Time, opt Options) *filler {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.UTC
	}
	n := now.UTC().Truncate(time.Minute)
	return &filler{ctx: ctx, s: s, now: n, t0: n.Add(-History), seed: opt.Seed, scale: max(opt.Scale, 1), berlin: berlin,
		suppliers: map[string]*supplier{}, ids: map[string]*string{}}
}

// idOf is where the id of a named record is kept once it is written.
func (f *filler) idOf(key string) *string {
	p, ok := f.ids[key]
	if !ok {
		p = new(string)
		f.ids[key] = p
	}
	return p
}

// id is the id of a named record already written.
func (f *filler) id(key string) string {
	p, ok := f.ids[key]
	if !ok || *p == "" {
		panic("demo: no record " + key + " written yet")
	}
	return *p
}

// rng returns the random stream of one section, so that a section's story does not change when
// another section draws more or fewer numbers.
func (f *filler) rng(section string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(section))
	return rand.New(rand.NewPCG(f.seed, h.Sum64()))
}

// ago is now minus days (fractions allowed), to the minute.
func (f *filler) ago(days float64) time.Time {
	return f.now.Add(-time.Duration(days * float64(24*time.Hour))).Truncate(time.Minute)
}

// ahead is now plus days, to the minute.
func (f *filler) ahead(days float64) time.Time { return f.ago(-days) }

// since is the start of the workspace plus days.
func (f *filler) since(days float64) time.Time {
	return f.t0.Add(time.Duration(days * float64(24*time.Hour))).Truncate(time.Minute)
}

// local returns the Berlin time hh:mm on the Berlin day of t.
func (f *filler) local(t time.Time, hh, mm int) time.Time {
	y, m, d := t.In(f.berlin).Date()
	return time.Date(y, m, d, hh, mm, 0, 0, f.berlin).UTC()
}

// workHour returns a moment in Berlin office hours on the working day of t (or the next one),
// never before the start of the workspace.
func (f *filler) workHour(rng *rand.Rand, t time.Time) time.Time {
	at := f.local(t, 8+rng.IntN(9), rng.IntN(60))
	for at.In(f.berlin).Weekday() == time.Saturday || at.In(f.berlin).Weekday() == time.Sunday {
		at = at.AddDate(0, 0, 1)
	}
	if at.Before(f.t0) {
		return f.t0
	}
	return at
}

// clamp keeps a moment between the start of the workspace and now.
func (f *filler) clamp(t time.Time) time.Time {
	switch {
	case t.Before(f.t0):
		return f.t0
	case t.After(f.now):
		return f.now
	}
	return t
}

func ts(t time.Time) string  { return t.UTC().Format(time.RFC3339) }
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }
func eur(amount float64) string {
	return fmt.Sprintf("%.2f EUR", amount)
}

func days(n float64) time.Duration { return time.Duration(n * float64(24*time.Hour)) }

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// between returns a random moment in [a, b).
func between(rng *rand.Rand, a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(rng.Int64N(int64(b.Sub(a))))).Truncate(time.Minute)
}

// rec is the story of one record: how it was created and what happened to it afterwards. The
// sections plan records as recs and write them in batches.
type rec struct {
	kind  string
	key   string // an existing record to continue; empty to create one
	at    time.Time
	in    map[string]any
	steps []step
	id    *string // receives the id of the created record
	last  time.Time
}

// step is one later change: fields set, then a move, both at the same moment.
type step struct {
	at   time.Time
	set  map[string]any
	to   string
	note string
}

func newRec(kind string, at time.Time, in map[string]any) *rec {
	at = at.Truncate(time.Minute)
	return &rec{kind: kind, at: at, in: in, last: at}
}

// continueRec continues the story of a record already written.
func continueRec(kind, id string, after time.Time) *rec {
	return &rec{kind: kind, key: id, at: after, last: after}
}

// then adds a step; a step before the previous one is moved to the previous one's time.
func (r *rec) then(at time.Time, set map[string]any, to string, note ...string) *rec {
	at = at.Truncate(time.Minute)
	if at.Before(r.last) {
		at = r.last
	}
	r.last = at
	r.steps = append(r.steps, step{at: at, set: set, to: to, note: strings.Join(note, " ")})
	return r
}

func (r *rec) move(at time.Time, to string, note ...string) *rec { return r.then(at, nil, to, note...) }

func (r *rec) set(at time.Time, set map[string]any) *rec { return r.then(at, set, "") }

// until drops the steps that lie after now: the record is where its story stands today.
func (r *rec) until(now time.Time) *rec {
	for i, s := range r.steps {
		if s.at.After(now) {
			r.steps = r.steps[:i]
			break
		}
	}
	return r
}

// state is the state the record reaches at the end of its steps, given its initial state.
func (r *rec) state(initial string) string {
	st := initial
	for _, s := range r.steps {
		if s.to != "" {
			st = s.to
		}
	}
	return st
}

func (r *rec) into(id *string) *rec { r.id = id; return r }

func (r *rec) apply(t *store.Tx) error {
	key := r.key
	if key == "" {
		// A new record is written with its whole story at once: the same ops as step by step,
		// computed once.
		steps := make([]store.Step, len(r.steps))
		for i, s := range r.steps {
			steps[i] = store.Step{At: s.at, Set: s.set, To: s.to, Note: s.note}
		}
		c, err := t.CreateWith(r.kind, r.in, store.Change{At: r.at}, steps)
		if err != nil {
			return fmt.Errorf("demo: creating %s %q: %w", r.kind, r.in["title"], err)
		}
		if r.id != nil {
			*r.id = c.ID
		}
		return nil
	}
	for _, s := range r.steps {
		c := store.Change{At: s.at, Note: s.note}
		if len(s.set) > 0 {
			if _, err := t.Update(r.kind, key, s.set, c); err != nil {
				return fmt.Errorf("demo: %s %q at %s: %w", r.kind, r.in["title"], ts(s.at), err)
			}
		}
		if s.to != "" {
			if _, err := t.Move(r.kind, key, s.to, c); err != nil {
				return fmt.Errorf("demo: %s %q at %s: %w", r.kind, r.in["title"], ts(s.at), err)
			}
		}
	}
	return nil
}

// opsPerTx is about how many writes go into one transaction.
const opsPerTx = 3000

// write writes records in transactions of a few thousand writes each. Nothing happens after
// now: a record planned later is created now, and steps after now are left out.
func (f *filler) write(recs ...*rec) error {
	for _, r := range recs {
		if r.at.After(f.now) {
			r.at = f.now
		}
		r.until(f.now)
	}
	for i := 0; i < len(recs); {
		// Between transactions is where a cancelled fill stops.
		if err := f.ctx.Err(); err != nil {
			return err
		}
		j, ops := i, 0
		for j < len(recs) && (j == i || ops < opsPerTx) {
			ops += 1 + len(recs[j].steps)
			j++
		}
		err := f.s.Write(f.ctx, func(t *store.Tx) error {
			for _, r := range recs[i:j] {
				if err := r.apply(t); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		i = j
	}
	return nil
}

// People of Northwind. The first seven are the service owners of the old demo.
var people = []string{"Ana Müller", "Tom Øresund", "Zofia Łódź", "Rui Costa", "Priya Nair", "Lena Berg", "Sam Okafor",
	"Jonas Becker", "Mateusz Kowalski", "Ingrid Håkansson", "Chloé Dubois", "Kenji Watanabe", "Fatma Yılmaz",
	"Daniel O'Brien", "Marta Nowak", "Luca Bianchi", "Sophie Wagner", "Emre Demir", "Henrik Sørensen", "Aoife Murphy",
	"Karin Hoffmann"}

// Roles of the SMS.
const (
	director      = "Karin Hoffmann"   // managing director, top management
	smsManager    = "Lena Berg"        // SMS manager
	changeManager = "Rui Costa"        // change manager, chairs the CAB
	problemMgr    = "Priya Nair"       // problem manager
	deskLead      = "Tom Øresund"      // service desk lead, incident manager
	supplierMgr   = "Zofia Łódź"       // supplier and contract manager
	ciso          = "Ingrid Håkansson" // information security officer
	auditor       = "Chloé Dubois"     // internal auditor
	finance       = "Daniel O'Brien"   // finance and budgets
	continuityMgr = "Henrik Sørensen"  // continuity manager
	capacityMgr   = "Kenji Watanabe"   // capacity and availability
	cab           = "Change advisory board (Rui Costa)"
	ecab          = "Emergency CAB (Rui Costa, Karin Hoffmann)"
)

// Users at the customers who report incidents and ask for things.
var users = []string{"Jürgen Vogel", "Agnieszka Wiśniewska", "Søren Dahl", "François Petit", "Zoë Clarke", "Miguel Peña",
	"Björn Ångström", "Ewa Zielińska", "Noémie Laurent", "Oğuz Kaya", "Hanna Kowalczyk", "Matthias Groß", "Ines Ferreira",
	"Lars Nyström", "Dermot Keane", "Eleni Papadopoulou", "Petra Nováková", "José Martínez", "Katarzyna Dąbrowska",
	"Gérard Lefèvre", "Anneliese Schäfer", "Tomás Ó Briain", "Ülkü Şahin", "Jan de Vries", "Mette Kjær"}
