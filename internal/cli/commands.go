package cli

import (
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"smsworkbench/internal/demo"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
)

type command struct {
	args             string
	minArgs, maxArgs int
	flags            func(fs *flag.FlagSet, o *opts)
	run              func(c *ctx, args []string) error
}

func jsonFlag(fs *flag.FlagSet, o *opts) { fs.BoolVar(&o.json, "json", false, "print JSON") }
func noFlags(*flag.FlagSet, *opts)       {}

var commands = map[string]command{
	"init": {"no arguments", 0, 0, func(fs *flag.FlagSet, o *opts) {
		fs.BoolVar(&o.demo, "demo", false, "fill the demo SMS: a service provider with two years of history")
		fs.Uint64Var(&o.seed, "seed", 1, "with --demo: the random seed of the demo's story")
		o.scale = 1
		fs.Var(atLeastOne{&o.scale}, "scale", "with --demo: multiply the operational volume (tickets, changes, CMDB) for benchmarks")
		fs.StringVar(&o.name, "name", "", "name of the organisation")
	}, runInit},
	"kinds":   {"no arguments", 0, 0, jsonFlag, runKinds},
	"add":     {"KIND JSON", 2, 2, noFlags, runAdd},
	"get":     {"KIND ID|REF", 2, 2, noFlags, runGet},
	"set":     {"KIND ID|REF JSON", 3, 3, noFlags, runSet},
	"delete":  {"KIND ID|REF", 2, 2, noFlags, runDelete},
	"history": {"KIND ID|REF", 2, 2, jsonFlag, runHistory},
	"search":  {"TEXT", 1, 1, jsonFlag, runSearch},
	"move": {"KIND ID|REF STATE", 3, 3, func(fs *flag.FlagSet, o *opts) {
		fs.StringVar(&o.note, "note", "", "why")
		fs.StringVar(&o.at, "at", "", "when it happened (RFC 3339), if not now")
	}, runMove},
	"list": {"KIND", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.Var(&o.where, "where", "FIELD=VALUE (also != < <= > >= ~)")
		fs.StringVar(&o.search, "search", "", "words to look for")
		fs.StringVar(&o.sort, "sort", "", "[-]FIELD")
		fs.IntVar(&o.limit, "limit", 50, "records per page; 0 for all")
		fs.IntVar(&o.offset, "offset", 0, "records to skip")
	}, runList},
}

// atLeastOne is a flag that takes a whole number of 1 or more.
type atLeastOne struct{ n *int }

func (a atLeastOne) String() string {
	if a.n == nil {
		return "1"
	}
	return strconv.Itoa(*a.n)
}

func (a atLeastOne) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return fmt.Errorf("must be a whole number of 1 or more")
	}
	*a.n = n
	return nil
}

func runInit(c *ctx, _ []string) error {
	if c.o.name != "" {
		if err := c.s.SetMeta("name", c.o.name); err != nil {
			return err
		}
	}
	total := 0
	for _, k := range c.s.Registry().Kinds() {
		n, err := c.s.Count(k.Name)
		if err != nil {
			return err
		}
		total += n
	}
	if c.o.demo {
		if total > 0 {
			return fmt.Errorf("workspace %s already has %d records; the demo goes only into an empty workspace", c.s.Path(), total)
		}
		if err := demo.Fill(c, c.s, time.Now(), demo.Options{Seed: c.o.seed, Scale: c.o.scale}); err != nil {
			return err
		}
		if c.o.name != "" {
			c.s.SetMeta("name", c.o.name)
		}
		for _, k := range c.s.Registry().Kinds() {
			n, _ := c.s.Count(k.Name)
			total += n
		}
	}
	fmt.Fprintln(c.env.Stdout, c.tr("workspace %s ready: %q, %d records, site %s", c.s.Path(), c.s.Meta("name"), total, c.s.Site().ID))
	return nil
}

func runKinds(c *ctx, _ []string) error {
	kinds := c.s.Registry().Kinds()
	if c.o.json {
		return c.printJSON(kinds)
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	for _, k := range kinds {
		fmt.Fprintf(w, "%s (%s-, %s)\n", k.Name, k.Prefix, k.Plural)
		for _, f := range k.Fields {
			var extra []string
			if f.Required {
				extra = append(extra, "required")
			}
			if f.Computed {
				extra = append(extra, "computed")
			}
			if f.Ref != "" {
				extra = append(extra, "-> "+f.Ref)
			}
			if len(f.Enum) > 0 {
				var vals []string
				for _, e := range f.Enum {
					vals = append(vals, e.Value)
				}
				extra = append(extra, strings.Join(vals, "|"))
			}
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", f.Name, f.Type, f.Label, strings.Join(extra, ", "))
		}
		if wf := k.Workflow; wf != nil {
			var moves []string
			for _, st := range wf.States {
				if next := wf.Next(st.Name); len(next) > 0 {
					moves = append(moves, st.Name+" -> "+strings.Join(next, "|"))
				}
			}
			fmt.Fprintf(w, "  workflow\tstarts %s; %s\n", wf.Initial, strings.Join(moves, "; "))
		}
	}
	return w.Flush()
}

func runAdd(c *ctx, a []string) error {
	in, err := c.readObject(a[0], a[1])
	if err != nil {
		return err
	}
	r, err := c.s.Create(c, a[0], in, store.Change{})
	if err != nil {
		return err
	}
	return c.printJSON(r)
}

func runGet(c *ctx, a []string) error {
	r, err := c.s.Get(c, a[0], a[1])
	if err != nil {
		return err
	}
	return c.printJSON(r)
}

func runSet(c *ctx, a []string) error {
	in, err := c.readObject(a[0], a[2])
	if err != nil {
		return err
	}
	r, err := c.s.Update(c, a[0], a[1], in, store.Change{})
	if err != nil {
		return err
	}
	return c.printJSON(r)
}

func runDelete(c *ctx, a []string) error {
	r, err := c.s.Get(c, a[0], a[1])
	if err != nil {
		return err
	}
	if err := c.s.Delete(c, a[0], r.ID, store.Change{}); err != nil {
		return err
	}
	return c.printJSON(map[string]any{"id": r.ID, "ref": r.Ref, "kind": r.Kind, "deleted": true})
}

func runMove(c *ctx, a []string) error {
	ch := store.Change{Note: c.o.note}
	if c.o.at != "" {
		t, err := schema.ParseDateTime(c.o.at)
		if err != nil {
			return fmt.Errorf("--at %s", err)
		}
		if t.After(time.Now().Add(time.Minute)) {
			return fmt.Errorf("--at %s is in the future", c.o.at)
		}
		ch.At = t
	}
	r, err := c.s.Move(c, a[0], a[1], a[2], ch)
	if err != nil {
		return err
	}
	return c.printJSON(r)
}

func runList(c *ctx, a []string) error {
	q := store.Query{Search: c.o.search, Sort: c.o.sort, Limit: c.o.limit, Offset: c.o.offset}
	if q.Limit == 0 {
		q.Limit = -1
	} else if q.Limit < 0 {
		return usagef("list: --limit must be 0 (all) or more")
	}
	for _, w := range c.o.where {
		f, err := store.ParseFilter(w)
		if err != nil {
			return usagef("list: %v", err)
		}
		q.Where = append(q.Where, f)
	}
	page, err := c.s.List(c, a[0], q)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(page.Records)
	}
	k, _ := c.s.Registry().Kind(a[0])
	cols := []string{"title"}
	for _, f := range k.Fields {
		if f.InList && f.Name != "title" {
			cols = append(cols, f.Name)
		}
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	head := []string{"REF"}
	if k.Workflow != nil {
		head = append(head, "STATUS")
	}
	for _, col := range cols {
		head = append(head, strings.ToUpper(col))
	}
	fmt.Fprintln(w, strings.Join(head, "\t"))
	for _, r := range page.Records {
		row := []string{r.Ref}
		if k.Workflow != nil {
			row = append(row, r.Status)
		}
		for _, col := range cols {
			row = append(row, clip(display(r.Field(col)), 48))
		}
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
	w.Flush()
	fmt.Fprintln(c.env.Stdout, c.tr("%d of %d %s", len(page.Records), page.Total, c.plural(k)))
	return nil
}

func runHistory(c *ctx, a []string) error {
	events, err := c.s.History(c, a[0], a[1])
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(events)
	}
	kind := a[0]
	if k, err := c.s.Kind(a[0]); err == nil {
		kind = k.Name
	}
	for _, ev := range events {
		when := ev.At
		if ev.RecordedAt != ev.At {
			when += c.tr(" (recorded %s)", ev.RecordedAt)
		}
		fmt.Fprintf(c.env.Stdout, "%s  %s  %s", when, ev.Author, c.action(ev.Action))
		if ev.Note != "" {
			fmt.Fprintf(c.env.Stdout, "  %q", ev.Note)
		}
		fmt.Fprintln(c.env.Stdout)
		for _, ch := range ev.Changes {
			label := c.word(schema.Word{Path: "field." + kind + "." + ch.Field, English: ch.Label})
			if ev.Action == "created" {
				fmt.Fprintf(c.env.Stdout, "    %s: %s\n", label, clip(display(ch.New), 70))
			} else {
				fmt.Fprintf(c.env.Stdout, "    %s: %s -> %s\n", label, clip(display(ch.Old), 40), clip(display(ch.New), 40))
			}
		}
	}
	return nil
}

func runSearch(c *ctx, a []string) error {
	recs, err := c.s.Search(c, a[0], 50)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(recs)
	}
	w := tabwriter.NewWriter(c.env.Stdout, 2, 4, 2, ' ', 0)
	for _, r := range recs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.Ref, r.Kind, r.Status, clip(r.Title(), 60))
	}
	w.Flush()
	fmt.Fprintln(c.env.Stdout, c.tr("%d found", len(recs)))
	return nil
}

// display renders a field value on one line.
func display(v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case store.Link:
		if x.Ref == "" {
			return "-"
		}
		return x.Ref + " " + x.Title
	case []store.Link:
		var parts []string
		for _, l := range x {
			parts = append(parts, l.Ref)
		}
		sort.Strings(parts)
		return strings.Join(parts, ", ")
	case schema.MoneyValue:
		return x.Amount + " " + x.Currency
	case string:
		return strings.ReplaceAll(x, "\n", " ")
	}
	return fmt.Sprint(v)
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// action is what an event of a record's history did, in the command line's language.
func (c *ctx) action(a string) string {
	switch a {
	case "created":
		return c.tr("created")
	case "changed":
		return c.tr("changed")
	case "moved":
		return c.tr("moved")
	case "deleted":
		return c.tr("deleted")
	case "restored":
		return c.tr("restored")
	}
	return a
}
