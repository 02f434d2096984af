// Package bundle owns the bundle file through which copies of a workspace exchange their ops
// with no server (docs/sync.md): writing one for a peer (a delta from what the peer last said it
// holds), reading one back with every check before anything is imported, parking bundles from a
// newer version, and exchanging bundles through a shared folder.
//
// A bundle is a tar of manifest.json, manifest.sig (Ed25519 over the manifest bytes, by the
// sender's site key), ops.ndjson.gz and blobs/<sha256>, encrypted with age to a passphrase or to
// X25519 recipients. A plain (unencrypted) bundle is written only when asked for, and its
// manifest says so. The store does the import itself, in one transaction.
package bundle

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"smsworkbench/internal/store"
)

// Format is the version of the bundle layout this program writes and reads.
const Format = 1

// Ext is the file extension of bundles.
const Ext = ".smsb"

// Manifest describes a bundle: who sent it, what the sender holds, and the sha256 of each part.
type Manifest struct {
	Format    int                `json:"format"`
	ID        string             `json:"bundle_id"`
	Created   string             `json:"created_at"`
	Schema    int                `json:"schema_version"`
	App       string             `json:"app_version,omitempty"`
	Workspace string             `json:"workspace_id"`
	Sender    Sender             `json:"sender"`
	For       string             `json:"for,omitempty"` // the peer the delta was cut for
	Encrypted bool               `json:"encrypted"`
	Have      map[string]int64   `json:"have"`  // per origin, the highest sequence the sender holds
	Since     map[string]int64   `json:"since"` // the ops held here follow these
	Counts    Counts             `json:"counts"`
	Files     map[string]FileSum `json:"files"`
}

// Sender is the site that wrote the bundle.
type Sender struct {
	Site      string `json:"site_id"`
	Name      string `json:"name"`
	PublicKey []byte `json:"public_key"`
}

// Counts are what the bundle holds.
type Counts struct {
	Ops     int `json:"ops"`
	Records int `json:"records"`
	Blobs   int `json:"blobs"`
	Origins int `json:"origins"`
}

// FileSum is one part's size and sha256.
type FileSum struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Fingerprint is the sender's key as people compare it.
func (m *Manifest) Fingerprint() string { return store.Fingerprint(m.Sender.PublicKey) }

// Part names inside the archive.
const (
	partManifest = "manifest.json"
	partSig      = "manifest.sig"
	partOps      = "ops.ndjson.gz"
	blobPrefix   = "blobs/"
)

var blobName = regexp.MustCompile(`^blobs/[0-9a-f]{64}$`)

// allowedName says whether an archive entry may be in a bundle: only the parts above, by their
// exact local names (no "..", no absolute path, no folder).
func allowedName(name string) bool {
	switch name {
	case partManifest, partSig, partOps:
		return true
	}
	return blobName.MatchString(name)
}

// Limits a reader applies, so that a hostile bundle cannot fill the disk or the memory.
var (
	// MaxBundleBytes caps the decrypted archive.
	MaxBundleBytes int64 = 8 << 30
	// MaxOpsBytes caps what ops.ndjson.gz decompresses to.
	MaxOpsBytes int64 = 16 << 30
	// MaxEntries caps the number of parts.
	MaxEntries = 1_000_000
	// MaxManifestBytes caps the manifest.
	MaxManifestBytes int64 = 64 << 20
	// MaxOpBytes caps one op's line.
	MaxOpBytes = 64 << 20
)

// KnownSchema is the newest workspace schema whose bundles this program imports; newer ones
// are parked until an upgrade.
var KnownSchema = store.SchemaVersion()

// ParkedError reports a bundle from a newer version, kept aside to be imported after an upgrade.
type ParkedError struct {
	Path           string
	Schema, Ours   int
	ManifestSender string
}

func (e *ParkedError) Error() string {
	return fmt.Sprintf("bundle from %s was written by a newer SMS Workbench (schema %d; this one knows %d); it is parked in %s and will be imported after you upgrade; nothing was imported",
		e.ManifestSender, e.Schema, e.Ours, e.Path)
}

// uuidText is how this program writes every id a manifest carries (bundle, site, workspace).
var uuidText = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// maxNameRunes caps the free texts of a manifest (the sender's name, the app version).
const maxNameRunes = 200

// checkIdentifiers refuses a manifest whose identifiers are not what this program writes. The
// manifest comes from a peer, or from whoever could write to a shared folder: none of its
// values may name a file, reach SQL as anything but a bound value, or reach a terminal as a
// control sequence.
func (m *Manifest) checkIdentifiers() error {
	if !uuidText.MatchString(m.ID) {
		return fmt.Errorf("its bundle id %q is not an id this program writes", clip(m.ID))
	}
	if !uuidText.MatchString(m.Sender.Site) {
		return fmt.Errorf("its sender's site id %q is not an id this program writes", clip(m.Sender.Site))
	}
	if m.Workspace != "" && !uuidText.MatchString(m.Workspace) {
		return fmt.Errorf("its workspace id %q is not an id this program writes", clip(m.Workspace))
	}
	if m.For != "" && !uuidText.MatchString(m.For) {
		return fmt.Errorf("the site it was written for, %q, is not an id this program writes", clip(m.For))
	}
	for _, sites := range []map[string]int64{m.Have, m.Since} {
		for site, seq := range sites {
			if !uuidText.MatchString(site) || seq < 0 {
				return fmt.Errorf("it names a site %q (sequence %d) that is not an id this program writes", clip(site), seq)
			}
		}
	}
	for what, text := range map[string]string{"sender's name": m.Sender.Name, "app version": m.App} {
		if err := plainText(text); err != nil {
			return fmt.Errorf("its %s %v", what, err)
		}
	}
	return nil
}

// plainText refuses a text that could not be shown as one line: control characters (a
// terminal's escape sequences among them), invalid UTF-8, or more than maxNameRunes.
func plainText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	if utf8.RuneCountInString(s) > maxNameRunes {
		return fmt.Errorf("is longer than %d characters", maxNameRunes)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			return fmt.Errorf("holds the control character %U", r)
		}
	}
	return nil
}

// clip shortens a hostile value for an error message, escaped by %q.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// hashRun finds sha256 hashes in op values: the blobs an op names.
var hashRun = regexp.MustCompile(`[0-9a-f]{64}`)

func blobsNamedIn(value json.RawMessage, into map[string]bool) {
	if len(value) < 64 {
		return
	}
	for _, h := range hashRun.FindAllString(string(value), -1) {
		into[h] = true
	}
}

// shortSite is the last group of a site id: its first groups are a timestamp, shared by copies
// made at the same time, while the last is random.
func shortSite(id string) string {
	if i := strings.LastIndexByte(id, '-'); i > 0 {
		return id[i+1:]
	}
	return id
}
