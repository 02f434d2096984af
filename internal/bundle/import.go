package bundle

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"smsworkbench/internal/store"
)

// ImportOptions say how to read a bundle.
type ImportOptions struct {
	Keys
	// Before runs once the bundle is checked and before anything is written (the caller's
	// backup of the workspace); an error imports nothing.
	Before func() error
	// BeforeCommit runs inside the import's transaction just before it commits; an error rolls
	// the import back (crash tests).
	BeforeCommit func() error
}

// Report is what an import did.
type Report struct {
	Manifest *Manifest `json:"manifest"`
	*store.ImportResult
	Plain bool `json:"plain"`
}

// Import reads a bundle, checks it and imports it into the workspace in one transaction.
func Import(ctx context.Context, s *store.Store, path string, opt ImportOptions) (*Report, error) {
	r, err := Open(path, opt.Keys)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return importReader(ctx, s, r, opt)
}

func importReader(ctx context.Context, s *store.Store, r *Reader, opt ImportOptions) (*Report, error) {
	m := &r.Manifest
	from := store.Peer{Site: m.Sender.Site, Name: m.Sender.Name, PublicKey: m.Sender.PublicKey, Have: m.Have}
	if err := s.CheckSender(ctx, from); err != nil {
		return nil, err
	}
	if m.Workspace != "" && m.Workspace != s.Meta("workspace_id") && hasOps(ctx, s) {
		// Two unrelated workspaces merged by mistake would be hard to take apart.
		return nil, fmt.Errorf("%s comes from another workspace (%s) than this one (%s); nothing was imported", filepath.Base(r.Path), m.Workspace, s.Meta("workspace_id"))
	}
	if m.Schema > KnownSchema {
		dest, err := park(s, r)
		if err != nil {
			return nil, err
		}
		return nil, &ParkedError{Path: dest, Schema: m.Schema, Ours: KnownSchema, ManifestSender: m.Sender.Name}
	}
	if opt.Before != nil {
		if err := opt.Before(); err != nil {
			return nil, err
		}
	}
	res, err := s.Import(ctx, &store.Incoming{From: from, Bundle: m.ID, Workspace: m.Workspace, Ops: r.EachOp, Blobs: r.EachBlob, BeforeCommit: opt.BeforeCommit})
	if err != nil {
		return nil, err
	}
	return &Report{Manifest: m, ImportResult: res, Plain: r.Plain}, nil
}

// hasOps says whether the workspace holds any op: a new, empty workspace may take its first
// bundle from any workspace and so become a copy of it.
func hasOps(ctx context.Context, s *store.Store) bool {
	have, _ := s.Have(ctx)
	return len(have) > 0
}

// ParkedDir is where bundles from a newer version wait, beside the workspace.
func ParkedDir(s *store.Store) string { return s.Path() + ".parked" }

// park keeps the decrypted, still signed archive of a bundle from a newer version. The file is
// named by the sha256 of its bytes, never by anything the manifest says: the sender may be a
// peer seen for the first time, and a name it chose could lead out of the folder. The folder is
// opened as an os.Root, so no name used in it can reach beyond it either.
func park(s *store.Store, r *Reader) (string, error) {
	dir := ParkedDir(s)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot park the bundle in %s: %v", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", fmt.Errorf("cannot park the bundle in %s: %v", dir, err)
	}
	defer root.Close()
	if _, err := r.file.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	var random [8]byte
	rand.Read(random[:])
	tmpName := ".park-" + hex.EncodeToString(random[:])
	tmp, err := root.OpenFile(tmpName, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("cannot park the bundle in %s: %v", dir, err)
	}
	defer root.Remove(tmpName)
	sum := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, sum), r.file); err != nil {
		tmp.Close()
		return "", fmt.Errorf("cannot park the bundle in %s: %v", dir, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("cannot park the bundle in %s: %v", dir, err)
	}
	tmp.Close()
	name := hex.EncodeToString(sum.Sum(nil)) + ".tar"
	if err := root.Rename(tmpName, name); err != nil {
		return "", fmt.Errorf("cannot park the bundle in %s: %v", dir, err)
	}
	return filepath.Join(dir, name), nil
}

// ImportParked imports the parked bundles this version can now read, oldest first, and removes
// each once imported. It returns what each did; a bundle still too new stays parked.
func ImportParked(ctx context.Context, s *store.Store) ([]*Report, error) {
	entries, err := os.ReadDir(ParkedDir(s))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*Report
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".tar") {
			continue
		}
		path := filepath.Join(ParkedDir(s), e.Name())
		r, err := open(path, Keys{}, true)
		if err != nil {
			return out, err
		}
		if r.Manifest.Schema > KnownSchema {
			r.Close()
			continue
		}
		rep, err := importReader(ctx, s, r, ImportOptions{})
		r.Close()
		if err != nil {
			return out, err
		}
		os.Remove(path)
		out = append(out, rep)
	}
	return out, nil
}

// Parked lists the bundles waiting for an upgrade.
func Parked(s *store.Store) []string {
	entries, _ := os.ReadDir(ParkedDir(s))
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".tar") {
			out = append(out, filepath.Join(ParkedDir(s), e.Name()))
		}
	}
	return out
}

// Inspection is what inspect shows of a bundle: its manifest and what checking it found.
type Inspection struct {
	Manifest    *Manifest `json:"manifest"`
	Fingerprint string    `json:"fingerprint"`
	Plain       bool      `json:"plain"`
	// Sender says what this workspace knows of the sender: "this workspace", "new peer",
	// "known peer, key matches", or the key mismatch.
	Sender   string `json:"sender"`
	Verified bool   `json:"verified"`
}

// Inspect checks a bundle through, ops included, without importing it.
func Inspect(ctx context.Context, s *store.Store, path string, keys Keys) (*Inspection, error) {
	r, err := Open(path, keys)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := r.Verify(); err != nil {
		return nil, err
	}
	in := &Inspection{Manifest: &r.Manifest, Fingerprint: r.Manifest.Fingerprint(), Plain: r.Plain, Verified: true}
	if s != nil {
		from := store.Peer{Site: r.Manifest.Sender.Site, PublicKey: r.Manifest.Sender.PublicKey}
		switch err := s.CheckSender(ctx, from); {
		case errors.Is(err, store.ErrFromThisSite):
			in.Sender = "this workspace"
		case err != nil:
			in.Sender = err.Error()
		default:
			if p, _ := s.Peer(ctx, from.Site); p != nil {
				in.Sender = "known peer, key matches"
			} else {
				in.Sender = "new peer: its key will be pinned at import"
			}
		}
	}
	return in, nil
}

// FolderReport is what one exchange through a shared folder did.
type FolderReport struct {
	Wrote    string          `json:"wrote"`
	Manifest *Manifest       `json:"manifest"`
	Imported []FolderImport  `json:"imported"`
	Parked   []*store.Peer   `json:"-"`
	Errors   []FolderProblem `json:"problems"`
	Unparked []*Report       `json:"unparked,omitempty"`
	Skipped  []string        `json:"skipped,omitempty"`
	// Waiting are files left for the next exchange, with why: a file under a sync engine's
	// temporary name, or one still being written (it cannot be read whole and changed lately).
	Waiting []FolderProblem `json:"waiting,omitempty"`
	// Stale are the copies whose file in the folder is older than the folder's stale age: they
	// no longer hold the others back; when they come back they take a full bundle.
	Stale []string `json:"stale,omitempty"`
	// Behind says, when this copy lacks ops the folder's bundles no longer carry (it was away
	// longer than the stale age), what happens next: its fresh file makes the others carry
	// them at their next exchange, or a peer's full bundle brings them at once.
	Behind string           `json:"behind,omitempty"`
	Peers  map[string]int64 `json:"-"`
	// Unchanged are the files not read again: unchanged since this copy read them, and
	// bringing nothing it lacks.
	Unchanged []string `json:"unchanged,omitempty"`
	// Copies are the folder's copies as their files show them, newest file first.
	Copies []FolderCopy `json:"copies,omitempty"`
}

// FolderCopy is one copy of the workspace seen in a shared folder through its newest file.
type FolderCopy struct {
	Site string `json:"site"`
	Name string `json:"name"`
	File string `json:"file"`
	// Written is when the copy wrote that file (its manifest's date).
	Written string `json:"written"`
	// Behind counts the ops this copy holds that the other lacked when it wrote its file.
	Behind int64 `json:"behind"`
	Stale  bool  `json:"stale,omitempty"`
}

// FolderImport is one bundle of the folder imported.
type FolderImport struct {
	File   string  `json:"file"`
	Report *Report `json:"report"`
}

// FolderProblem is a bundle of the folder that could not be imported; the others were.
type FolderProblem struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// FileFor is the name of a site's bundle in a shared folder: each site writes only its own.
func FileFor(site string) string { return "smsworkbench-" + site + Ext }

// StaleAfter is how long a copy may leave its file in a shared folder unwritten before it no
// longer holds the others back (opt.StaleAfter overrides it).
const StaleAfter = 90 * 24 * time.Hour

// settling is how recently a file that cannot be read whole must have changed to be taken as
// still being written (and read next time) rather than damaged.
const settling = 10 * time.Minute

// tempName tells the names sync engines give files they are still writing: Syncthing's
// .syncthing.NAME.tmp and ~syncthing~NAME.tmp, and the .part/.tmp of others.
func tempName(name string) bool {
	low := strings.ToLower(name)
	return strings.HasPrefix(low, ".syncthing.") || strings.HasPrefix(low, "~syncthing~") ||
		strings.HasSuffix(low, ".tmp") || strings.HasSuffix(low, ".part") || strings.HasPrefix(low, ".~lock")
}

// SyncFolder exchanges bundles through a shared folder: it imports every other site's bundle
// there (a sync engine's conflict copy of one, NAME.sync-conflict-….smsb, too: it is signed,
// and importing its ops again changes nothing), then writes its own, holding what the peers
// seen in the folder lack. A bundle that fails is reported and the others go on; a file still
// being written is left for the next exchange.
func SyncFolder(ctx context.Context, s *store.Store, dir string, opt ExportOptions) (*FolderReport, error) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("no folder %s", dir)
	}
	var team []*age.X25519Identity
	if opt.Passphrase != "" {
		// A passphrase that does not open the folder's team key is refused before anything.
		if team, err = folderTeamKeys(dir, opt.Passphrase); err != nil {
			return nil, err
		}
	}
	rep := &FolderReport{}
	if rep.Unparked, err = ImportParked(ctx, s); err != nil {
		rep.Errors = append(rep.Errors, FolderProblem{File: ParkedDir(s), Error: err.Error()})
	}
	own := FileFor(s.Site().ID)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		switch {
		case !e.Type().IsRegular() || e.Name() == own:
		case tempName(e.Name()):
			if strings.Contains(strings.ToLower(e.Name()), strings.ToLower(Ext)) {
				rep.Waiting = append(rep.Waiting, FolderProblem{File: e.Name(), Error: "a file the sync engine is still writing"})
			}
		case strings.HasSuffix(e.Name(), Ext):
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	staleAfter := opt.StaleAfter
	if staleAfter == 0 {
		staleAfter = StaleAfter
	}
	now := s.Now()
	seen := map[string]bool{}
	written := map[string]time.Time{} // per site, its newest file in the folder
	newest := map[string]*Manifest{}
	newestFile := map[string]string{}
	noteCopy := func(m *Manifest, name string) {
		site := m.Sender.Site
		seen[site] = true
		if t, err := time.Parse(time.RFC3339, m.Created); err == nil && (t.After(written[site]) || newest[site] == nil) {
			written[site], newest[site], newestFile[site] = t, m, name
		}
	}
	known := loadFolderSeen(s, dir)
	have, err := s.Have(ctx)
	if err != nil {
		return nil, err
	}
	fresh := map[string]seenFile{}
	for _, name := range names {
		path := filepath.Join(dir, name)
		info, statErr := os.Stat(path)
		if k, ok := known[name]; ok && statErr == nil && k.matches(info) && covers(have, k.Manifest.Have) {
			// Unchanged since it was read, and this copy holds all it holds: not read again.
			fresh[name] = k
			rep.Unchanged = append(rep.Unchanged, name)
			noteCopy(k.Manifest, name)
			continue
		}
		r, err := Import(ctx, s, path, ImportOptions{Keys: opt.Keys})
		if errors.Is(err, store.ErrFromThisSite) {
			rep.Skipped = append(rep.Skipped, name)
			continue
		}
		if err != nil {
			if statErr == nil && errors.Is(err, ErrCutShort) && time.Since(info.ModTime()) < settling {
				// changed moments ago and not readable whole: a copy still arriving
				rep.Waiting = append(rep.Waiting, FolderProblem{File: name, Error: "still being written (changed " + info.ModTime().Format("15:04:05") + "): read next time"})
				continue
			}
			rep.Errors = append(rep.Errors, FolderProblem{File: name, Error: err.Error()})
			continue
		}
		noteCopy(r.Manifest, name)
		if statErr == nil {
			fresh[name] = seenFile{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Manifest: brief(r.Manifest)}
		}
		rep.Imported = append(rep.Imported, FolderImport{File: name, Report: r})
	}
	held := 0
	for _, im := range rep.Imported {
		held += im.Report.OpsHeldBack
	}
	if held > 0 {
		rep.Behind = fmt.Sprintf("this copy lacks ops the folder's bundles no longer carry (%d held back until they come): the others add them at their next exchange, or take a full bundle from a peer now", held)
	}
	// A copy whose newest file is older than the stale age no longer holds the others back.
	for site, t := range written {
		if now.Sub(t) > staleAfter {
			delete(seen, site)
			rep.Stale = append(rep.Stale, site)
		}
	}
	sort.Strings(rep.Stale)
	if rep.Copies, err = folderCopies(ctx, s, newest, newestFile, written, staleAfter); err != nil {
		return nil, err
	}
	// The bundle holds what the least up-to-date peer of the folder lacks.
	peers, err := s.Peers(ctx)
	if err != nil {
		return nil, err
	}
	var since map[string]int64
	for _, p := range peers {
		if !seen[p.Site] {
			continue
		}
		if since == nil {
			since = map[string]int64{}
			for o, n := range p.Have {
				since[o] = n
			}
			continue
		}
		for o := range since {
			since[o] = min(since[o], p.Have[o])
		}
	}
	exp := opt
	if opt.Passphrase != "" {
		// Encrypted to the folder's team key, so that the others open it without scrypt.
		exp.Passphrase = ""
		for _, id := range team {
			exp.Recipients = append(exp.Recipients, id.Recipient())
		}
	}
	exp.Since = since
	if since == nil {
		exp.Since = map[string]int64{}
	}
	exp.For = ""
	rep.Wrote = filepath.Join(dir, own)
	if rep.Manifest, err = Export(ctx, s, rep.Wrote, exp); err != nil {
		return nil, err
	}
	if len(fresh) > 0 || len(known) > 0 {
		saveFolderSeen(s, dir, fresh)
	}
	return rep, nil
}

// folderCopies lists the copies seen in the folder, newest file first, each with how many ops
// this copy holds that it lacked when it wrote its file.
func folderCopies(ctx context.Context, s *store.Store, newest map[string]*Manifest, files map[string]string, written map[string]time.Time, staleAfter time.Duration) ([]FolderCopy, error) {
	have, err := s.Have(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var out []FolderCopy
	for site, m := range newest {
		c := FolderCopy{Site: site, Name: m.Sender.Name, File: files[site], Written: m.Created, Stale: now.Sub(written[site]) > staleAfter}
		for origin, n := range have {
			if d := n - m.Have[origin]; d > 0 {
				c.Behind += d
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Written != out[j].Written {
			return out[i].Written > out[j].Written
		}
		return out[i].Site < out[j].Site
	})
	return out, nil
}

// seenFile is what a copy remembers of a folder's file it read: the file's size and time, and
// its manifest's sender, date and vector, so that an unchanged file is not decrypted again.
type seenFile struct {
	Size     int64     `json:"size"`
	ModTime  int64     `json:"mtime_ns"`
	Manifest *Manifest `json:"manifest"`
}

func (f seenFile) matches(info os.FileInfo) bool {
	return f.Manifest != nil && f.Size == info.Size() && f.ModTime == info.ModTime().UnixNano()
}

// brief keeps of a manifest what the folder needs to know of a copy.
func brief(m *Manifest) *Manifest {
	return &Manifest{ID: m.ID, Created: m.Created, Sender: Sender{Site: m.Sender.Site, Name: m.Sender.Name}, Have: m.Have}
}

// covers says whether a vector holds every op another does.
func covers(have, other map[string]int64) bool {
	for origin, n := range other {
		if have[origin] < n {
			return false
		}
	}
	return true
}

// folderSeenPath is the file beside the workspace where it remembers the folders' files it
// read. It is this copy's own and never synced; losing it only means reading them again.
func folderSeenPath(s *store.Store) string { return s.Path() + ".folder-seen.json" }

func loadFolderSeen(s *store.Store, dir string) map[string]seenFile {
	var all map[string]map[string]seenFile
	if data, err := os.ReadFile(folderSeenPath(s)); err == nil {
		json.Unmarshal(data, &all)
	}
	return all[folderKey(dir)]
}

// saveFolderSeen keeps what was read of dir; it is a cache, so a failure to write it is ignored.
func saveFolderSeen(s *store.Store, dir string, files map[string]seenFile) {
	all := map[string]map[string]seenFile{}
	if data, err := os.ReadFile(folderSeenPath(s)); err == nil {
		json.Unmarshal(data, &all)
	}
	all[folderKey(dir)] = files
	data, err := json.Marshal(all)
	if err != nil {
		return
	}
	tmp := folderSeenPath(s) + ".tmp"
	if os.WriteFile(tmp, data, 0o600) == nil {
		os.Rename(tmp, folderSeenPath(s))
	}
}

func folderKey(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
