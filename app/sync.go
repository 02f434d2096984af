package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"smsworkbench/internal/backup"
	"smsworkbench/internal/bundle"
	"smsworkbench/internal/cmdb"
	"smsworkbench/internal/documents"
	"smsworkbench/internal/fault"
	"smsworkbench/internal/i18n"
	"smsworkbench/internal/jobs"
	"smsworkbench/internal/store"
)

// The window's side of sync by bundles (docs/sync.md): this copy's identity and its peers,
// bundles written for a peer and read from one, a shared folder to exchange them through, and
// the open conflicts with the way to resolve them. The work is package bundle's and the store's.

// Version is the program's version, written into the bundles the window exports; main sets it.
var Version = "dev"

// SyncStatus is this copy of the workspace as the Sync page shows it.
type SyncStatus struct {
	Site        string `json:"site_id"`
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
	Workspace   string `json:"workspace_id"`
	// Ops is how many ops this copy wrote; Held how many it holds from every copy, itself
	// included, from Origins copies.
	Ops       int64        `json:"ops"`
	Held      int64        `json:"held"`
	Origins   int          `json:"origins"`
	Peers     []PeerStatus `json:"peers"`
	Conflicts int          `json:"conflicts"`
	// Parked is how many bundles from a newer version wait for an upgrade.
	Parked   int    `json:"parked"`
	Folder   string `json:"folder"` // the shared folder of this workspace, "" when none
	ReadOnly bool   `json:"read_only"`
}

// PeerStatus is another copy this one has had a bundle from, and what it said it holds.
type PeerStatus struct {
	Site        string `json:"site_id"`
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
	// Acknowledged is how many of the Ours ops written here the peer said it holds; Holds how
	// many of the Held ops this copy holds (from every copy).
	Acknowledged int64  `json:"acknowledged"`
	Ours         int64  `json:"ours"`
	Holds        int64  `json:"holds"`
	Held         int64  `json:"held"`
	FirstSeen    string `json:"first_seen"`
	LastSeen     string `json:"last_seen"` // when its last bundle was imported
	LastBundle   string `json:"last_bundle"`
}

// SyncStatus returns this copy's identity, its peers, and what waits for a person.
func (a *App) SyncStatus() (*SyncStatus, error) {
	s := a.store()
	site := s.Site()
	have, err := s.Have(a.ctx)
	if err != nil {
		return nil, fail(err)
	}
	peers, err := s.Peers(a.ctx)
	if err != nil {
		return nil, fail(err)
	}
	n, err := s.CountConflicts(a.ctx)
	if err != nil {
		return nil, fail(err)
	}
	st := &SyncStatus{Site: site.ID, Name: site.Name, Fingerprint: site.Fingerprint(), Workspace: s.Meta("workspace_id"),
		Ops: have[site.ID], Origins: len(have), Peers: []PeerStatus{}, Conflicts: n, Parked: len(bundle.Parked(s)),
		Folder: a.syncFolder(s), ReadOnly: s.ReadOnly()}
	for _, seq := range have {
		st.Held += seq
	}
	for _, p := range peers {
		ps := PeerStatus{Site: p.Site, Name: p.Name, Fingerprint: p.Fingerprint(), Acknowledged: min(p.Have[site.ID], have[site.ID]),
			Ours: have[site.ID], Held: st.Held, FirstSeen: p.FirstSeen, LastSeen: p.LastSeen, LastBundle: p.LastBundle}
		for origin, seq := range have {
			ps.Holds += min(p.Have[origin], seq)
		}
		st.Peers = append(st.Peers, ps)
	}
	return st, nil
}

// ExportResult is the bundle written.
type ExportResult struct {
	Path      string `json:"path"`
	Ops       int    `json:"ops"`
	Records   int    `json:"records"`
	Blobs     int    `json:"blobs"`
	For       string `json:"for"` // the peer's site id; "" when the bundle holds everything
	Encrypted bool   `json:"encrypted"`
}

// ExportBundle writes a bundle encrypted with passphrase to path: for the peer forSite (a site
// id), what that peer did not hold at its last bundle; for "" everything this copy holds.
func (a *App) ExportBundle(path, passphrase, forSite string) (*ExportResult, error) {
	s := a.store()
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, fail(fieldErr("path.required", "path", "choose where to save the bundle"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fail(fieldErr("path.invalid", "path", "%w", err))
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return nil, fail(fieldErr("path.is_folder", "path", "%s is a folder; give a file name", abs))
	}
	if filepath.Ext(abs) == "" {
		abs += bundle.Ext
	}
	if err := s.CheckOutput(abs); err != nil {
		return nil, fail(fault.Wrap("path.invalid", "path", err))
	}
	if passphrase == "" {
		return nil, fail(fieldErr("bundle.passphrase_missing", "passphrase", "a bundle carries the workspace's data: give it a passphrase"))
	}
	m, err := bundle.Export(a.ctx, s, abs, bundle.ExportOptions{Keys: bundle.Keys{Passphrase: passphrase}, For: strings.TrimSpace(forSite), App: Version})
	if err != nil {
		return nil, fail(fault.Or("path", err)) // a passphrase or a peer names its own field
	}
	return &ExportResult{Path: abs, Ops: m.Counts.Ops, Records: m.Counts.Records, Blobs: m.Counts.Blobs, For: m.For, Encrypted: m.Encrypted}, nil
}

// ChooseBundleSaveFile asks where to save a bundle, proposing a name made of the workspace's,
// the peer's (forName, "" for everyone) and today's date; "" when the user cancels.
func (a *App) ChooseBundleSaveFile(forName string) (string, error) {
	s := a.store()
	name := slug(s.Meta("name"))
	if name == "" {
		name = "workspace"
	}
	if f := slug(forName); f != "" {
		name += "-for-" + f
	}
	name += "-" + time.Now().Format("2006-01-02") + bundle.Ext
	path, err := a.runtime().SaveFile(i18n.Mark("Save bundle"), name, bundleFilter)
	if path != "" && filepath.Ext(path) == "" {
		path += bundle.Ext // some dialogs do not add the filter's extension
	}
	return path, fail(err)
}

// ChooseBundleOpenFile asks for a bundle to import; "" when the user cancels.
func (a *App) ChooseBundleOpenFile() (string, error) {
	path, err := a.runtime().OpenFile(i18n.Mark("Import bundle"), bundleFilter)
	return path, fail(err)
}

// ChooseFolder asks for the shared folder to exchange bundles through; "" when the user cancels.
func (a *App) ChooseFolder() (string, error) {
	path, err := a.runtime().OpenFolder(i18n.Mark("Shared folder for bundles"))
	return path, fail(err)
}

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	s = strings.Trim(notSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-")
	}
	return s
}

// ImportSummary is what importing one bundle did.
type ImportSummary struct {
	File        string `json:"file"`
	From        string `json:"from"` // the sender's name
	FromSite    string `json:"from_site"`
	Fingerprint string `json:"fingerprint"`
	Plain       bool   `json:"plain"`
	// Nothing: the bundle brought nothing this copy did not hold.
	Nothing     bool     `json:"nothing"`
	OpsNew      int      `json:"ops_new"`
	OpsKnown    int      `json:"ops_known"`
	OpsHeldBack int      `json:"ops_held_back"`
	BlobsNew    int      `json:"blobs_new"`
	Records     int      `json:"records"`
	Opened      []string `json:"conflicts_opened"`
	Closed      []string `json:"conflicts_closed"`
	FutureOps   int      `json:"future_ops"`
	PeerNew     bool     `json:"peer_new"`
}

func summarize(file string, rep *bundle.Report) ImportSummary {
	sum := ImportSummary{File: file, From: rep.Manifest.Sender.Name, FromSite: rep.Manifest.Sender.Site, Fingerprint: rep.Manifest.Fingerprint(),
		Plain: rep.Plain, Nothing: rep.Nothing(), OpsNew: rep.OpsNew, OpsKnown: rep.OpsKnown, OpsHeldBack: rep.OpsHeldBack,
		BlobsNew: rep.BlobsNew, Records: rep.Records, Opened: nonNil(rep.Opened), Closed: nonNil(rep.Closed),
		FutureOps: rep.FutureOps, PeerNew: rep.PeerNew}
	return sum
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// ImportBundle imports the bundle at path, decrypted with passphrase, as the job
// "import-bundle", and returns the job's id. The job's result is an ImportSummary; an error about
// the passphrase names the field "passphrase", any other "path". Parked bundles this version can
// now read are imported first.
func (a *App) ImportBundle(path, passphrase string) (string, error) {
	fn, err := a.importJob(path, passphrase)
	if err != nil {
		return "", fail(err)
	}
	return a.jobs.Start("import-bundle", windowJob(fn)), nil
}

// checkBundleFile refuses, before any work, a bundle that is not there, or encrypted with no
// passphrase given.
func checkBundleFile(path, passphrase string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", fieldErr("path.required", "path", "choose the bundle file")
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fieldErr("path.not_found", "path", "no file at %s", path)
	case err != nil:
		return "", fieldErr("path.unreadable", "path", "cannot read %s: %v", path, errors.Unwrap(err))
	case st.IsDir():
		return "", fieldErr("path.is_folder", "path", "%s is a folder, not a bundle", path)
	}
	if passphrase == "" && encrypted(path) {
		return "", fieldErr("bundle.passphrase_missing", "passphrase", "this bundle is encrypted: enter its passphrase")
	}
	return path, nil
}

// encrypted says whether a file starts as an age-encrypted file does.
func encrypted(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 21)
	n, _ := io.ReadFull(f, head)
	return string(head[:n]) == "age-encryption.org/v1"
}

func (a *App) importJob(path, passphrase string) (jobs.Func, error) {
	path, err := checkBundleFile(path, passphrase)
	if err != nil {
		return nil, err
	}
	s := a.store()
	if s.ReadOnly() {
		return nil, fieldErr("workspace.read_only", "path", "this workspace is read-only: a bundle cannot be imported into it")
	}
	name := filepath.Base(path)
	return func(ctx context.Context, report jobs.Report) (any, error) {
		report(0, 1, tr("Decrypting, checking and importing %s", name))
		unparked, _ := bundle.ImportParked(ctx, s) // a parked bundle that still fails stays parked
		rep, err := bundle.Import(ctx, s, path, bundle.ImportOptions{Keys: bundle.Keys{Passphrase: passphrase},
			Before: func() error { return backup.Before(ctx, s, "bundle") }})
		if err != nil {
			if len(unparked) > 0 {
				a.synced(s)
			}
			return nil, bundleError(err)
		}
		report(1, 1, tr("Done"))
		if !rep.Nothing() || len(unparked) > 0 {
			a.synced(s)
		}
		return summarize(path, rep), nil
	}, nil
}

// synced tells the window that records may have changed everywhere, after an import.
func (a *App) synced(s *store.Store) {
	a.emit("records:changed", "")
	go cmdb.Warm(a.ctx, s)
}

// bundleError places a failed read or import of a bundle: an error of its passphrase names
// that field itself (package bundle), any other is about the file.
func bundleError(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return fault.Or("path", err)
}

// BundleInfo is what a bundle holds and who wrote it, checked through without importing it.
type BundleInfo struct {
	File        string `json:"file"`
	ID          string `json:"bundle_id"`
	Created     string `json:"created_at"`
	From        string `json:"from"`
	FromSite    string `json:"from_site"`
	Fingerprint string `json:"fingerprint"`
	// Sender says what this workspace knows of the sender: "this workspace", "known peer, key
	// matches", a new peer, or the key mismatch.
	Sender   string `json:"sender"`
	For      string `json:"for"`
	ForHere  bool   `json:"for_here"` // cut for this copy
	Ops      int    `json:"ops"`
	Records  int    `json:"records"`
	Blobs    int    `json:"blobs"`
	Origins  int    `json:"origins"`
	Plain    bool   `json:"plain"`
	Verified bool   `json:"verified"`
	// Newer: written by a newer version; importing it parks it until an upgrade.
	Newer bool `json:"newer"`
}

// InspectBundle decrypts and checks the bundle at path without importing it.
func (a *App) InspectBundle(path, passphrase string) (*BundleInfo, error) {
	path, err := checkBundleFile(path, passphrase)
	if err != nil {
		return nil, fail(err)
	}
	s := a.store()
	in, err := bundle.Inspect(a.ctx, s, path, bundle.Keys{Passphrase: passphrase})
	if err != nil {
		return nil, fail(bundleError(err))
	}
	m := in.Manifest
	return &BundleInfo{File: path, ID: m.ID, Created: m.Created, From: m.Sender.Name, FromSite: m.Sender.Site, Fingerprint: in.Fingerprint,
		Sender: in.Sender, For: m.For, ForHere: m.For != "" && m.For == s.Site().ID, Ops: m.Counts.Ops, Records: m.Counts.Records,
		Blobs: m.Counts.Blobs, Origins: m.Counts.Origins, Plain: in.Plain, Verified: in.Verified, Newer: m.Schema > bundle.KnownSchema}, nil
}

// syncFolderKey is the preference holding a workspace's shared folder: a folder is a place on
// this computer, so it is the user's setting, per workspace file, not the workspace's.
func syncFolderKey(s *store.Store) string { return "syncFolder:" + s.Path() }

func (a *App) syncFolder(s *store.Store) string {
	all, err := a.prefs.All()
	if err != nil {
		return ""
	}
	dir, _ := all[syncFolderKey(s)].(string)
	return dir
}

// SetSyncFolder sets the shared folder through which the open workspace exchanges bundles with
// its peers; "" forgets it. The folder must exist.
func (a *App) SetSyncFolder(dir string) error {
	s := a.store()
	dir = strings.TrimSpace(dir)
	if dir == "" {
		return fail(a.prefs.Set(syncFolderKey(s), nil))
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fail(fieldErr("folder.invalid", "folder", "%w", err))
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return fail(fieldErr("folder.not_found", "folder", "no folder at %s", abs))
	}
	return fail(a.prefs.Set(syncFolderKey(s), abs))
}

// FolderSummary is what one exchange through the shared folder did.
type FolderSummary struct {
	Folder     string          `json:"folder"`
	Wrote      string          `json:"wrote"`
	OpsWritten int             `json:"ops_written"`
	Imported   []ImportSummary `json:"imported"`
	Problems   []FolderProblem `json:"problems"`
	Skipped    []string        `json:"skipped"`
	Unparked   int             `json:"unparked"`
	// The sums over the bundles imported.
	OpsNew  int      `json:"ops_new"`
	Records int      `json:"records"`
	Opened  []string `json:"conflicts_opened"`
	Closed  []string `json:"conflicts_closed"`
	// Waiting are files left for the next exchange, with why (a sync engine still writing them).
	Waiting []FolderProblem `json:"waiting"`
	// Stale are the copies whose file is older than the stale age: they hold nobody back.
	Stale []string `json:"stale"`
	// Behind says what brings the ops this copy lacks, when the folder's bundles no longer carry them.
	Behind string `json:"behind,omitempty"`
	// Copies are the folder's other copies, newest file first.
	Copies []FolderCopy `json:"copies"`
	// Unchanged counts the files not read again: unchanged since read, nothing new in them.
	Unchanged int `json:"unchanged"`
}

// FolderCopy is another copy of the workspace as its file in the folder shows it.
type FolderCopy struct {
	Name string `json:"name"`
	Site string `json:"site"`
	File string `json:"file"`
	// LastSeen is when it wrote its file (RFC 3339).
	LastSeen string `json:"last_seen"`
	// Behind counts the changes this copy holds that it lacked then.
	Behind int64 `json:"behind"`
	Stale  bool  `json:"stale"`
}

// convertProblems turns the bundle package's folder problems into the window's.
func convertProblems(ps []bundle.FolderProblem) []FolderProblem {
	out := make([]FolderProblem, len(ps))
	for i, p := range ps {
		out[i] = FolderProblem{File: p.File, Error: p.Error}
	}
	return out
}

// FolderProblem is a bundle of the folder that could not be imported (the others were).
type FolderProblem struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// SyncFolderNow exchanges bundles through the shared folder, as the job "sync-folder", and
// returns the job's id: it imports every peer's bundle there, then writes this copy's own, all
// with passphrase. The job's result is a FolderSummary.
func (a *App) SyncFolderNow(passphrase string) (string, error) {
	fn, err := a.syncFolderJob(passphrase)
	if err != nil {
		return "", fail(err)
	}
	return a.jobs.Start("sync-folder", windowJob(fn)), nil
}

func (a *App) syncFolderJob(passphrase string) (jobs.Func, error) {
	s := a.store()
	dir := a.syncFolder(s)
	if dir == "" {
		return nil, fieldErr("folder.required", "folder", "choose the shared folder first")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fieldErr("folder.not_found", "folder", "the folder %s is not there (is the share connected?)", dir)
	}
	if passphrase == "" {
		return nil, fieldErr("bundle.passphrase_missing", "passphrase", "the bundles of the folder are encrypted: enter their passphrase")
	}
	if s.ReadOnly() {
		return nil, fieldErr("workspace.read_only", "folder", "this workspace is read-only: it cannot take bundles from the folder")
	}
	return func(ctx context.Context, report jobs.Report) (any, error) {
		report(0, 1, tr("Exchanging bundles in %s", dir))
		rep, err := bundle.SyncFolder(ctx, s, dir, bundle.ExportOptions{Keys: bundle.Keys{Passphrase: passphrase}, App: Version})
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil, err
			}
			return nil, fault.Or("folder", err)
		}
		sum := FolderSummary{Folder: dir, Wrote: rep.Wrote, Imported: []ImportSummary{}, Problems: []FolderProblem{},
			Skipped: nonNil(rep.Skipped), Unparked: len(rep.Unparked), Opened: []string{}, Closed: []string{},
			Waiting: append([]FolderProblem{}, convertProblems(rep.Waiting)...), Stale: nonNil(rep.Stale), Behind: rep.Behind, Copies: []FolderCopy{}, Unchanged: len(rep.Unchanged)}
		for _, c := range rep.Copies {
			sum.Copies = append(sum.Copies, FolderCopy{Name: c.Name, Site: c.Site, File: c.File, LastSeen: c.Written, Behind: c.Behind, Stale: c.Stale})
		}
		if rep.Manifest != nil {
			sum.OpsWritten = rep.Manifest.Counts.Ops
		}
		for _, im := range rep.Imported {
			one := summarize(im.File, im.Report)
			sum.Imported = append(sum.Imported, one)
			sum.OpsNew += one.OpsNew
			sum.Records += one.Records
			sum.Opened = append(sum.Opened, one.Opened...)
			sum.Closed = append(sum.Closed, one.Closed...)
		}
		for _, p := range rep.Errors {
			sum.Problems = append(sum.Problems, FolderProblem{File: p.File, Error: oneLine(p.Error)})
		}
		report(1, 1, tr("Done"))
		if sum.OpsNew > 0 || sum.Unparked > 0 {
			a.synced(s)
		}
		return sum, nil
	}, nil
}

// Conflicts lists the open conflicts, each with its competing values.
func (a *App) Conflicts() ([]ConflictView, error) {
	cs, err := a.store().Conflicts(a.inLanguage())
	if err != nil {
		return nil, fail(err)
	}
	out := make([]ConflictView, len(cs))
	for i, c := range cs {
		out[i] = ConflictView{Conflict: c, Sections: sectionsOf(c)}
	}
	return out, nil
}

// ConflictView is a conflict as the window shows it: two edits of a document's text also
// section by section (package documents), so a person sees which parts each changed.
type ConflictView struct {
	store.Conflict
	Sections []documents.SectionConflict `json:"sections,omitempty"`
}

// sectionsOf compares the competing texts of a document's body, section by section.
func sectionsOf(c store.Conflict) []documents.SectionConflict {
	if c.Type != store.ConflictValue || c.Kind != "policy" || c.Field != "body" {
		return nil
	}
	var values []string
	for _, o := range c.Options {
		v, _ := o.Value.(string)
		values = append(values, v)
	}
	return documents.SectionsInConflict(values)
}

// ResolveConflict closes a conflict: either with the value of one of its competing writes
// (keepOp, an op id "site:seq") or with another value (valueJSON, the value as JSON: a text in
// quotes). The answer says which conflicts closed (and opened, when the value is refused
// elsewhere, e.g. a reference to a deleted record).
func (a *App) ResolveConflict(id, valueJSON, keepOp string) (*store.ImportResult, error) {
	s := a.store()
	var value json.RawMessage
	if v := strings.TrimSpace(valueJSON); v != "" {
		if !json.Valid([]byte(v)) {
			return nil, fail(fieldErr("conflict.value_invalid", "value", `the value is not valid JSON (a text is written in quotes: "like this")`))
		}
		value = json.RawMessage(v)
	}
	keepOp = strings.TrimSpace(keepOp)
	if (keepOp == "") == (value == nil) {
		return nil, fail(fieldErr("conflict.choice_required", "value", "keep one of the competing values, or give another value"))
	}
	c, err := s.ConflictByID(a.inLanguage(), id)
	if err != nil {
		return nil, fail(err)
	}
	res, err := s.Resolve(a.ctx, id, value, keepOp)
	if err != nil {
		return nil, fail(err)
	}
	res.Opened, res.Closed = nonNil(res.Opened), nonNil(res.Closed)
	a.changed(c.Kind)
	return res, nil
}
