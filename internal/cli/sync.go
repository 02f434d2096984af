package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"filippo.io/age"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/bundle"
	"smsworkbench/internal/documents"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// The sync commands: site, bundle export|import|inspect, peers, conflicts, resolve, sync folder.

func keyFlags(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.passFile, "passphrase-file", "", "file whose first line is the passphrase")
	fs.StringVar(&o.identityFile, "identity", "", "age identity file (X25519 private key)")
}

func init() {
	commands["site"] = command{"no arguments", 0, 0, jsonFlag, runSite}
	commands["peers"] = command{"no arguments", 0, 0, jsonFlag, runPeers}
	commands["conflicts"] = command{"no arguments", 0, 0, jsonFlag, runConflicts}
	commands["resolve"] = command{"CONFLICT_ID (--value JSON | --keep OP_ID)", 1, 1, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		fs.StringVar(&o.value, "value", "", "the value to keep, as JSON")
		fs.StringVar(&o.keep, "keep", "", "the op whose value wins")
	}, runResolve}
	commands["bundle"] = command{"export --out FILE | import FILE | inspect FILE", 1, 2, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		keyFlags(fs, o)
		fs.StringVar(&o.out, "out", "", "bundle file to write")
		fs.StringVar(&o.forSite, "for", "", "peer site: only what it does not hold yet")
		fs.Var(&o.recipients, "recipient", "age public key (age1...) to encrypt for")
		fs.BoolVar(&o.plain, "plain", false, "write the bundle unencrypted (marked as such)")
	}, runBundle}
	commands["sync"] = command{"folder DIR", 2, 2, func(fs *flag.FlagSet, o *opts) {
		jsonFlag(fs, o)
		keyFlags(fs, o)
		fs.Var(&o.recipients, "recipient", "age public key (age1...) to encrypt for")
		fs.BoolVar(&o.plain, "plain", false, "write the bundle unencrypted (marked as such)")
		fs.IntVar(&o.staleDays, "stale-days", int(bundle.StaleAfter.Hours()/24), "days after which a copy that wrote no file no longer holds the others back")
	}, runSyncFolder}
}

// keys reads the passphrase file, identity file and recipients named on the command line.
func (c *ctx) keys() (bundle.Keys, error) {
	k := bundle.Keys{Plain: c.o.plain}
	if c.o.passFile != "" {
		data, err := os.ReadFile(c.o.passFile)
		if err != nil {
			return k, fmt.Errorf("cannot read the passphrase file: %v", errors.Unwrap(err))
		}
		line, _, _ := strings.Cut(string(data), "\n")
		k.Passphrase = strings.TrimRight(line, "\r")
		if k.Passphrase == "" {
			return k, fmt.Errorf("the passphrase file %s is empty", c.o.passFile)
		}
	}
	if c.o.identityFile != "" {
		f, err := os.Open(c.o.identityFile)
		if err != nil {
			return k, fmt.Errorf("cannot read the identity file: %v", errors.Unwrap(err))
		}
		defer f.Close()
		ids, err := age.ParseIdentities(f)
		if err != nil {
			return k, fmt.Errorf("%s is not an age identity file: %v", c.o.identityFile, err)
		}
		k.Identities = ids
	}
	for _, r := range c.o.recipients {
		rec, err := age.ParseX25519Recipient(strings.TrimSpace(r))
		if err != nil {
			return k, fmt.Errorf("--recipient %q is not an age public key (age1...)", r)
		}
		k.Recipients = append(k.Recipients, rec)
	}
	return k, nil
}

func runSite(c *ctx, _ []string) error {
	site := c.s.Site()
	have, err := c.s.Have(c)
	if err != nil {
		return err
	}
	peers, err := c.s.Peers(c)
	if err != nil {
		return err
	}
	conflicts, err := c.s.CountConflicts(c)
	if err != nil {
		return err
	}
	info := map[string]any{"site_id": site.ID, "name": site.Name, "fingerprint": site.Fingerprint(),
		"public_key": site.PublicKey, "workspace_id": c.s.Meta("workspace_id"), "ops": have[site.ID],
		"origins": len(have), "peers": len(peers), "conflicts": conflicts, "parked": len(bundle.Parked(c.s))}
	if c.o.json {
		return c.printJSON(info)
	}
	w := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
	l := c.trs("site", "name", "fingerprint", "workspace", "ops written here", "peers", "open conflicts")
	fmt.Fprintf(w, "%s\t%s\n%s\t%s\n%s\t%s\n%s\t%s\n%s\t%d\n%s\t%d\n%s\t%d\n",
		l[0], site.ID, l[1], site.Name, l[2], site.Fingerprint(), l[3], info["workspace_id"], l[4], have[site.ID], l[5], len(peers), l[6], conflicts)
	return w.Flush()
}

func runBundle(c *ctx, args []string) error {
	keys, err := c.keys()
	if err != nil {
		return err
	}
	switch sub := args[0]; sub {
	case "export":
		if len(args) != 1 || c.o.out == "" {
			return usagef("bundle export: expected --out FILE")
		}
		m, err := bundle.Export(c, c.s, c.o.out, bundle.ExportOptions{Keys: keys, For: c.o.forSite, App: c.env.Version})
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(m)
		}
		enc := c.tr("encrypted")
		if !m.Encrypted {
			enc = c.tr("NOT ENCRYPTED")
		}
		scope := c.tr("everything this workspace holds")
		if m.For != "" {
			scope = c.tr("what %s lacks", m.For)
		}
		fmt.Fprintln(c.env.Stdout, c.tr("wrote %s: %d ops of %d records, %d attachments (%s; %s)",
			c.o.out, m.Counts.Ops, m.Counts.Records, m.Counts.Blobs, scope, enc))
		return nil
	case "import":
		if len(args) != 2 {
			return usagef("bundle import: expected FILE")
		}
		if _, err := bundle.ImportParked(c, c.s); err != nil {
			fmt.Fprintf(c.env.Stderr, "%s %s\n", say(c.o.lang, "warning:"), c.tr("a parked bundle could not be imported: %s", fault.Text(err, c.o.lang)))
		}
		opt := bundle.ImportOptions{Keys: keys, Before: func() error { return backup.Before(c, c.s, "bundle") }}
		if hold := os.Getenv("SMSWB_TEST_HOLD_IMPORT"); hold != "" {
			// The crash test kills the process here, inside the import's transaction.
			opt.BeforeCommit = func() error {
				os.WriteFile(hold, []byte("holding"), 0o644)
				time.Sleep(time.Hour)
				return nil
			}
		}
		rep, err := bundle.Import(c, c.s, args[1], opt)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(rep)
		}
		printImport(c, args[1], rep)
		return nil
	case "inspect":
		if len(args) != 2 {
			return usagef("bundle inspect: expected FILE")
		}
		in, err := bundle.Inspect(c, c.s, args[1], keys)
		if err != nil {
			return err
		}
		if c.o.json {
			return c.printJSON(in)
		}
		m := in.Manifest
		enc := c.tr("yes (age)")
		if in.Plain {
			enc = c.tr("NO: this bundle is not encrypted")
		}
		w := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		l := c.trs("bundle", "created", "sender", "fingerprint", "sender here", "encrypted", "schema", "cut for", "holds", "signature and parts", "verified")
		fmt.Fprintf(w, "%s\t%s\n%s\t%s\n%s\t%s (%s)\n%s\t%s\n%s\t%s\n%s\t%s\n%s\t%d\n",
			l[0], m.ID, l[1], m.Created, l[2], m.Sender.Name, m.Sender.Site, l[3], in.Fingerprint, l[4], in.Sender, l[5], enc, l[6], m.Schema)
		if m.For != "" {
			fmt.Fprintf(w, "%s\t%s\n", l[7], m.For)
		}
		fmt.Fprintf(w, "%s\t%s\n%s\t%s\n", l[8], c.tr("%d ops of %d records from %d sites, %d attachments", m.Counts.Ops, m.Counts.Records, m.Counts.Origins, m.Counts.Blobs), l[9], l[10])
		return w.Flush()
	default:
		return usagef("bundle: unknown action %q (export, import or inspect)", sub)
	}
}

func printImport(c *ctx, file string, rep *bundle.Report) {
	out := c.env.Stdout
	if rep.Plain {
		fmt.Fprintf(c.env.Stderr, "%s %s\n", say(c.o.lang, "warning:"), c.tr("%s was not encrypted", file))
	}
	if rep.FutureOps > 0 {
		fmt.Fprintf(c.env.Stderr, "%s %s\n", say(c.o.lang, "warning:"), c.tr("%d ops are dated more than a day ahead of this computer's clock (the sender's clock may be wrong); they were kept", rep.FutureOps))
	}
	if rep.OpsHeldBack > 0 {
		fmt.Fprintf(c.env.Stderr, "%s %s\n", say(c.o.lang, "warning:"), c.tr("%d ops were held back: they follow ops this workspace has not received yet; ask %s for a bundle without --for", rep.OpsHeldBack, rep.Manifest.Sender.Name))
	}
	if rep.Nothing() {
		fmt.Fprintln(out, c.tr("nothing new in %s (from %s; %d ops already here)", file, rep.Manifest.Sender.Name, rep.OpsKnown))
		return
	}
	fmt.Fprintln(out, c.tr("imported %s from %s: %d new ops, %d already here; %d records touched; %d attachments",
		file, rep.Manifest.Sender.Name, rep.OpsNew, rep.OpsKnown, rep.Records, rep.BlobsNew))
	fmt.Fprintln(out, c.tr("conflicts: %d opened%s, %d closed%s", len(rep.Opened), idList(rep.Opened), len(rep.Closed), idList(rep.Closed)))
	if rep.PeerNew {
		fmt.Fprintln(out, c.tr("new peer %s, key %s pinned", rep.Manifest.Sender.Name, rep.Manifest.Fingerprint()))
	}
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > 8 {
		return " (" + strings.Join(ids[:8], ", ") + ", …)"
	}
	return " (" + strings.Join(ids, ", ") + ")"
}

func runPeers(c *ctx, _ []string) error {
	peers, err := c.s.Peers(c)
	if err != nil {
		return err
	}
	own := c.s.Site().ID
	have, err := c.s.Have(c)
	if err != nil {
		return err
	}
	type peerOut struct {
		store.Peer
		Fingerprint string `json:"fingerprint"`
		// Acknowledged is how many of this site's ops the peer said it holds.
		Acknowledged int64 `json:"acknowledged"`
		Ours         int64 `json:"ours"`
	}
	out := []peerOut{}
	for _, p := range peers {
		out = append(out, peerOut{p, p.Fingerprint(), p.Have[own], have[own]})
	}
	if c.o.json {
		return c.printJSON(out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.env.Stdout, c.tr("no peers yet: import a bundle from another copy of this workspace"))
		return nil
	}
	w := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(c.trs("NAME", "SITE", "FINGERPRINT", "HAS OF OURS", "LAST BUNDLE"), "\t"))
	for _, p := range out {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", p.Name, p.Site, p.Fingerprint, c.tr("%d of %d ops", p.Acknowledged, p.Ours), p.LastSeen)
	}
	return w.Flush()
}

func runConflicts(c *ctx, _ []string) error {
	cs, err := c.s.Conflicts(c)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(cs)
	}
	if len(cs) == 0 {
		fmt.Fprintln(c.env.Stdout, c.tr("no open conflicts"))
		return nil
	}
	for _, cf := range cs {
		fmt.Fprintf(c.env.Stdout, "%s  %s %s %q: %s (%s)\n", cf.ID, cf.Kind, cf.Ref, cf.Title, cf.Summary, c.tr("shown: %v", cf.Shown))
		opts := cf.Options
		sort.SliceStable(opts, func(i, j int) bool { return opts[i].At < opts[j].At })
		for _, o := range opts {
			text := o.Text
			if cf.Kind == "policy" && cf.Field == "body" {
				text = c.tr("(%d characters)", len([]rune(text)))
			}
			fmt.Fprintf(c.env.Stdout, "    --keep %s  %s  %s\n", o.Op, text, c.tr("by %s at %s on %s", o.Author, o.At, o.SiteName))
		}
		if cf.Type == store.ConflictValue && cf.Kind == "policy" && cf.Field == "body" {
			// a document's text: the sections each copy changed, so that a merged text can be given with --value
			var values []string
			for _, o := range opts {
				v, _ := o.Value.(string)
				values = append(values, v)
			}
			for _, sec := range documents.SectionsInConflict(values) {
				heading := sec.Heading
				if heading == "" {
					heading = c.tr("(before the first heading)")
				}
				fmt.Fprintln(c.env.Stdout, "    "+c.tr("section %s differs:", heading))
				for i, t := range sec.Texts {
					fmt.Fprintf(c.env.Stdout, "      %s: %s\n", opts[i].SiteName, c.oneLineShort(t))
				}
			}
		}
	}
	return nil
}

func runResolve(c *ctx, args []string) error {
	if (c.o.value == "") == (c.o.keep == "") {
		return usagef("resolve: give either --value JSON or --keep OP_ID")
	}
	var value json.RawMessage
	if c.o.value != "" {
		if !json.Valid([]byte(c.o.value)) {
			return fmt.Errorf("--value is not valid JSON (a text is written with quotes: '\"text\"')")
		}
		value = json.RawMessage(c.o.value)
	}
	res, err := c.s.Resolve(c, args[0], value, c.o.keep)
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(res)
	}
	fmt.Fprintln(c.env.Stdout, c.tr("resolved %s; conflicts closed: %d%s, opened: %d%s", args[0], len(res.Closed), idList(res.Closed), len(res.Opened), idList(res.Opened)))
	return nil
}

func runSyncFolder(c *ctx, args []string) error {
	if args[0] != "folder" {
		return usagef("sync: unknown action %q (folder)", args[0])
	}
	keys, err := c.keys()
	if err != nil {
		return err
	}
	if c.o.staleDays < 1 {
		return usagef("sync folder: --stale-days must be 1 or more, not %d", c.o.staleDays)
	}
	staleAfter := time.Duration(c.o.staleDays) * 24 * time.Hour
	rep, err := bundle.SyncFolder(c, c.s, args[1], bundle.ExportOptions{Keys: keys, App: c.env.Version, StaleAfter: staleAfter})
	if err != nil {
		return err
	}
	if c.o.json {
		return c.printJSON(rep)
	}
	for _, im := range rep.Imported {
		printImport(c, im.File, im.Report)
	}
	for _, p := range rep.Errors {
		fmt.Fprintf(c.env.Stderr, "%s %s: %s\n", say(c.o.lang, "warning:"), p.File, p.Error)
	}
	for _, w := range rep.Waiting {
		fmt.Fprintln(c.env.Stdout, c.tr("left for next time: %s: %s", w.File, w.Error))
	}
	if len(rep.Unchanged) > 0 {
		fmt.Fprintln(c.env.Stdout, c.tr("not read again (unchanged since read, nothing new): %d files", len(rep.Unchanged)))
	}
	for _, cp := range rep.Copies {
		state := c.tr("up to date")
		if cp.Behind > 0 {
			state = c.tr("behind by %d ops", cp.Behind)
		}
		if cp.Stale {
			state += c.tr(", away (not waited for)")
		}
		fmt.Fprintln(c.env.Stdout, c.tr("copy %s (%s): wrote its file %s, %s", cp.Name, cp.Site, cp.Written, state))
	}
	if len(rep.Stale) > 0 {
		fmt.Fprintln(c.env.Stdout, c.tr("not waited for (no file written for %d days): %s", c.o.staleDays, strings.Join(rep.Stale, ", ")))
	}
	if rep.Behind != "" {
		fmt.Fprintln(c.env.Stdout, c.tr("behind: %s", rep.Behind))
	}
	fmt.Fprintln(c.env.Stdout, c.tr("wrote %s: %d ops", rep.Wrote, rep.Manifest.Counts.Ops))
	if len(rep.Errors) > 0 {
		return fmt.Errorf("%d bundles in %s could not be imported (see the warnings above); the others were", len(rep.Errors), args[1])
	}
	return nil
}

// oneLineShort is a section's text on one line, cut at 160 characters.
func (c *ctx) oneLineShort(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		return string(r[:157]) + "…"
	}
	if s == "" {
		return c.tr("(missing)")
	}
	return s
}
