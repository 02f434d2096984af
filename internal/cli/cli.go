// Package cli owns the command line of smsworkbench: parsing, the subcommands behind main.go, and
// how results and errors are printed. The contract (commands, flags, JSON shapes, exit codes) is in
// docs/cli.md; later features and their tests rely on it. The package opens the workspace through
// package store and never prints a Go stack trace: every failure is one line starting "error:".
package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/compliance"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/prefs"
	"smsworkbench/internal/schema"
	"smsworkbench/internal/store"
	"smsworkbench/internal/workspace"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command was understood but failed: bad data, unknown record, locked file
	ExitUsage = 2 // the command line itself is wrong
)

// Env is what a run of the command line talks to.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Desktop opens the window on a workspace; nil or failing in a build without the window.
	Desktop func(s *store.Store) error
	Version string
}

// usageError is a command line that is itself wrong (ExitUsage); it keeps its format and
// arguments, to be said in the command line's language (fault.Text, code "usage").
type usageError struct {
	format string
	args   []any
}

func (e usageError) Error() string { return fmt.Sprintf(e.format, e.args...) }

// Localize is the message in lang.
func (e usageError) Localize(lang string) string {
	return fault.Say(lang, "usage", e.format, e.args...)
}

func usagef(format string, a ...any) error { return usageError{format, a} }

// flagErr is an error of package flag as a usage error: the common ones (an unknown flag, a
// flag without its value) in words of our own that the catalogue says in German too, any other
// as it is (after the command's name, when cmd is not "").
func flagErr(cmd string, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		if cmd == "" {
			return usagef("unknown flag %s", name)
		}
		return usagef("%s: unknown flag %s", cmd, name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		if cmd == "" {
			return usagef("the flag %s needs a value", name)
		}
		return usagef("%s: the flag %s needs a value", cmd, name)
	}
	if cmd == "" {
		return usagef("%v", err)
	}
	return usagef("%s: %v", cmd, err)
}

const usage = `usage: smsworkbench [--db PATH] [--language en|de] COMMAND ...

  (no command)                 open the desktop window
  init [--demo [--seed N] [--scale N]] [--name TEXT]
                               create the workspace if it does not exist; --demo fills the demo
                               provider with two years of history; --scale N multiplies its volume
  kinds [--json]               the register kinds with their fields, types, enums and workflow
  add KIND JSON                create a record; print it as JSON
  get KIND ID|REF              print one record as JSON
  list KIND [--where FIELD=VALUE]... [--search TEXT] [--sort [-]FIELD] [--limit N] [--offset N] [--json]
  set KIND ID|REF JSON         change the given fields; print the record
  delete KIND ID|REF
  move KIND ID|REF STATE [--note TEXT] [--at RFC3339]
  history KIND ID|REF [--json]
  search TEXT [--json]         across every kind
  related KIND ID|REF [--json] the records that refer to it (a problem's incidents, a CI's changes)
  matrix [set IMPACT URGENCY PRIORITY | reset] [--json]
                               the workspace's priority matrix; set changes one cell
  sla report [--from DATE] [--to DATE] [--kind incident|request] [--json]
                               per SLA and priority: tickets, met, missed, compliance, resolution times
  budget report [--period P] [--json]
                               budget, actual, variance per budget line (service and period)
  impact CI_REF [--json]       every CI and service affected when the CI fails
  baseline create NAME [--description TEXT] | diff NAME [NAME2] | list
                               snapshot the CMDB; compare two snapshots, or one with now

 ISO/IEC 20000-1:2018 compliance (assessments, evidence, readiness):
  clauses [--json]             the clause catalogue (our summaries, never the standard's text)
  assess new TITLE [--type gap|internal|supplier] [--from ASSESSMENT] [--scope T] [--start D] [--end D]
                               [--lead-auditor NAME] [--auditors NAMES] [--supplier SUP] [--edition 2018|2018+amd1]
                               an assessment with one result per requirement; --from carries one's results
                               forward, to be confirmed
  assess set ASSESSMENT CLAUSE [--result R] [--maturity N] [--note TEXT] [--party NAME] [--confirm]
                               [--evidence REF]... [--remove-evidence REF]... [--file PATH]... [--remove-file NAME]...
                               [--done|--todo]
                               results: not_assessed conformant partially_conformant nonconformant
                               other_party (--party names who) no_instance (--note says what was checked);
                               maturity 0-5; a group heading (8.2, 8.5.1...) rolls up and is not set
  assess show ASSESSMENT [--json]          per-clause results, evidence, findings
  assess suggest ASSESSMENT [CLAUSE] [--json]
                               the evidence each clause's rules find, and what is missing or stale
  assess diff A B [--json]     what improved and what regressed from A to B
  assess finding ASSESSMENT CLAUSE --grade major|minor|observation|ofi --title TEXT
                               [--description TEXT] [--owner NAME] [--due DATE] [--nonconformity yes|no]
                               a major or minor finding of an internal or supplier audit opens a
                               nonconformity and its corrective action; one of a gap assessment is a
                               recommendation and opens none unless --nonconformity yes
  assess programme [--years N] [--json]    clauses each internal audit covered; clauses none did
  assess export ASSESSMENT --out FILE.xlsx one row per clause, for auditors to fill in offline
  assess import ASSESSMENT FILE.xlsx       read it back clause by clause (one bad row imports nothing)
  readiness ASSESSMENT [--stage1] [--json] per clause group and overall; certification blockers;
                                           --stage1: the documented information required and held
  review pack [--from DATE] [--to DATE] [--into REVIEW [--overwrite]] [--json]
                               management review inputs compiled from the workspace
  review decide REVIEW --title TEXT --owner NAME [--due DATE]
                               record a decision of a management review as an action
 Spreadsheets (a client's registers in, any list out):
  import KIND FILE [--sheet NAME] [--map "Column=field"]... [--profile NAME] [--key FIELD]
                   [--dry-run] [--skip-invalid] [--language en|de] [--json]
                               CSV or XLSX into a register; all or nothing unless --skip-invalid,
                               which writes the rejected rows to FILE.rejected.xlsx
  export KIND --out FILE.xlsx|FILE.csv [--where FIELD=VALUE]... [--search TEXT] [--language en|de]
                               a list in the shape import reads back (rows keep their refs)
  template KIND --out FILE.xlsx [--language en|de]
                               a blank template with drop-down lists and instructions

  auditpack [--assessment ID|REF] [--from DATE] [--to DATE] [--sections LIST] [--language en|de]
            [--logo FILE] [--pdf FILE] [--xlsx FILE] [--json]
                               the audit pack: a PDF report and an Excel workbook (either alone);
                               sections: summary clauses findings services sla tickets cmdb
                               suppliers budget risks objectives programme review registers

 Backups (made with VACUUM INTO and checked; kept in the data folder under the workspace's id):
  check [--json]              read every page of the workspace: is it damaged?
  backup list [--json]         the workspace's backups, newest first
  backup create [--json]       a backup now (the newest 20 are kept)
  backup restore ID            replace the workspace with a backup, after backing up its state

 Sync by bundles (copies of a workspace on several computers, no server):
  site [--json]                this copy's site id, name and key fingerprint
  bundle export --out FILE [--for SITE] [--passphrase-file F | --recipient AGE_PUBKEY]... [--plain]
                               write a signed, encrypted bundle (for SITE: only what it lacks)
  bundle import FILE [--passphrase-file F | --identity FILE]
                               import a bundle; prints what changed
  bundle inspect FILE [--passphrase-file F | --identity FILE]
                               check a bundle and show its manifest, without importing
  peers [--json]               the copies this one has had bundles from
  conflicts [--json]           open conflicts with the competing values
  resolve CONFLICT_ID (--value JSON | --keep OP_ID)
  sync folder DIR [--passphrase-file F]
                               import every other copy's bundle in DIR, then write this one's

JSON may be given as "-" to read it from standard input.
--db defaults to $SMSWB_DB, else the workspace in the user's data folder.
--language is the language of the messages (en or de); it defaults to the system's (LC_ALL,
LC_MESSAGES, LANG), else English.
`

// Run runs one command line and returns the exit code.
func Run(args []string, env Env) int {
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	lang := prefs.SystemLanguage()
	err := run(args, env, &lang)
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(env.Stdout, usageIn(lang))
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "%s %s\n", say(lang, "error:"), render(err, lang))
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(env.Stderr, say(lang, "run 'smsworkbench help' for the commands"))
		return ExitUsage
	}
	return ExitError
}

// run runs the command line; lang starts as the system's language and becomes the one of
// --language, when given.
func run(args []string, env Env, langp *string) error {
	global := flag.NewFlagSet("smsworkbench", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	dbPath := global.String("db", "", "workspace file")
	version := global.Bool("version", false, "print the version")
	language := global.String("language", "", "the language of the messages: en or de")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return flagErr("", err)
	}
	if *language != "" {
		if !slices.Contains(prefs.Languages, *language) {
			return usagef("unknown language %q (languages: %s)", *language, strings.Join(prefs.Languages, ", "))
		}
		*langp = *language
	}
	lang := *langp
	if *version {
		fmt.Fprintln(env.Stdout, "smsworkbench", env.Version)
		return nil
	}
	path := *dbPath
	if path == "" {
		path = prefs.DefaultWorkspace()
	}
	rest := global.Args()
	if len(rest) == 0 {
		return openDesktop(path, env)
	}
	cmd, rest := rest[0], rest[1:]
	c, ok := commands[cmd]
	if !ok {
		if cmd == "help" {
			return flag.ErrHelp
		}
		return usagef("unknown command %q", cmd)
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &opts{lang: lang}
	c.flags(fs, o)
	pos, err := parseInterleaved(fs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return flagErr(cmd, err)
	}
	if len(pos) < c.minArgs || len(pos) > c.maxArgs {
		return usagef("%s: expected %s", cmd, c.args)
	}
	if withoutWorkspace[cmd] {
		return c.run(&ctx{Context: i18n.WithLang(context.Background(), lang), env: env, o: o}, pos)
	}
	s, err := store.Open(path, store.Options{Create: cmd == "init", BusyTimeout: busyTimeout(), BeforeMigrate: backup.BeforeMigration})
	if err != nil {
		return err
	}
	defer s.Close()
	// Best effort: a workspace that cannot be written now (a full disk, another program's
	// lock) still answers, and the next command tries again.
	_ = compliance.Upgrade(context.Background(), s)
	// The texts the workbench computes (readiness, evidence, the review pack) are in the
	// command line's language.
	if err := damageAdvice(s, c.run(&ctx{Context: i18n.WithLang(context.Background(), lang), s: s, env: env, o: o}, pos)); err != nil {
		return err
	}
	if d := s.Damaged(); d != "" && cmd != "backup" {
		// The damage's detail is SQLite's own words (store.DamageError).
		// What could still be read was shown; the warning says it may not be all.
		fmt.Fprintf(env.Stderr, "%s %s\n", say(lang, "warning:"), fault.Text(damageAdvice(s, &store.DamageError{Path: s.Path(), Detail: d}), lang))
	}
	return nil
}

// damageAdvice names the damaged file and the newest backup to restore, for an error that
// means damage (any other error passes as it is).
func damageAdvice(s *store.Store, err error) error {
	err = s.Describe(err)
	var d *store.DamageError
	if !errors.As(err, &d) {
		return err
	}
	if list, _ := backup.List(backup.Dir(s.Path())); len(list) > 0 {
		return fault.New("workspace.damaged", "", "%v; the newest is of %s: smsworkbench backup restore %s", d, moment(list[0].At.Local()), list[0].ID)
	}
	return fault.New("workspace.damaged", "", "%v; this workspace has no backup", d)
}

// moment is a time in a message: "2 January 2006 15:04", in German "2. Januar 2006 15:04".
type moment time.Time

func (m moment) String() string { return time.Time(m).Format("2 January 2006 15:04") }

func (m moment) Localize(lang string) string {
	return i18n.LongDate(lang, time.Time(m)) + " " + time.Time(m).Format("15:04")
}

// withoutWorkspace names the commands that need no workspace.
var withoutWorkspace = map[string]bool{}

func busyTimeout() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("SMSWB_BUSY_TIMEOUT")); err == nil {
		return d
	}
	return 0
}

// parseInterleaved lets flags follow positional arguments, as in "list incident --json".
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func openDesktop(path string, env Env) error {
	if env.Desktop == nil {
		return usagef("this build has no desktop window (build it with 'make desktop'); give a command, see 'smsworkbench help'")
	}
	s, err := workspace.OpenOrDemo(context.Background(), path)
	if err != nil {
		return err
	}
	defer s.Close()
	return env.Desktop(s)
}

type opts struct {
	lang   string // the command line's language (--language before the command, else the system's)
	json   bool
	demo   bool
	seed   uint64
	scale  int
	name   string
	where  multi
	search string
	sort   string
	limit  int
	offset int
	note   string
	at     string
	// reports
	from, to, period, kind, description string
	// compliance
	scope, start, end, lead, auditors, supplier, grade, title, owner, due, raisedBy string
	result, maturity, noteOpt, party, openNC                                        optional
	edition                                                                         string
	confirm, stage1                                                                 bool
	evidence, unlink, files, unfile                                                 multi
	done, todo, overwrite                                                           bool
	into                                                                            string
	years                                                                           int
	// audit pack
	assessment, sections, language, logo, pdf, xlsx string
	report                                          bool
	// import and export
	sheet, profile, key string
	maps                multi
	sets, valueMaps     multi
	lookups             multi
	dryRun, skipInvalid bool
	// sync
	out, forSite, passFile, identityFile, value, keep string
	recipients                                        multi
	plain                                             bool
	audit                                             auditOpts
	doc                                               docOpts
	// sync folder: days after which a copy that wrote no file no longer holds the others back
	staleDays int
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

type ctx struct {
	context.Context
	s   *store.Store
	env Env
	o   *opts
}

// printJSON writes v as indented JSON.
func (c *ctx) printJSON(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := c.env.Stdout.Write(buf.Bytes())
	return err
}

// readObject reads the JSON object of add and set, from the argument or from stdin ("-").
func (c *ctx) readObject(kind, arg string) (map[string]any, error) {
	data := []byte(arg)
	if arg == "-" {
		var err error
		if data, err = io.ReadAll(c.env.Stdin); err != nil {
			return nil, err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fault.New("json.invalid", "", "invalid JSON for %s: %v", kindWord(kind), err)
	}
	if dec.More() {
		return nil, fault.New("json.invalid", "", "invalid JSON for %s: more than one value", kindWord(kind))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fault.New("json.invalid", "", "invalid JSON for %s: expected an object like {\"title\": \"...\"}", kindWord(kind))
	}
	return obj, nil
}

// kindWord is a kind's name in a message: "incident", in another language its label.
func kindWord(kind string) schema.Word {
	return schema.Word{Path: "kind." + kind + ".label", English: kind}
}
