package bundle

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"filippo.io/age"
	"github.com/google/uuid"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

// Keys say how a bundle is encrypted (export) or decrypted (import).
type Keys struct {
	Passphrase string
	Recipients []age.Recipient // X25519 public keys, to export for
	Identities []age.Identity  // X25519 private keys, to import with
	Plain      bool            // export unencrypted; the manifest says so
}

// ExportOptions say what a bundle holds and for whom.
type ExportOptions struct {
	Keys
	// For is a peer's site id: the bundle holds only what its last manifest did not. Empty:
	// everything this copy holds.
	For string
	// Since, when set, overrides For: the bundle holds the ops after these.
	Since map[string]int64
	App   string
	// StaleAfter (SyncFolder): a copy whose newest file in the folder is older no longer holds
	// the others back; 0: StaleAfter (90 days).
	StaleAfter time.Duration
}

func (k Keys) recipients() ([]age.Recipient, error) {
	switch {
	case k.Plain && (k.Passphrase != "" || len(k.Recipients) > 0):
		return nil, fault.New("bundle.plain_with_keys", "passphrase", "an unencrypted bundle takes no passphrase or recipients")
	case k.Plain:
		return nil, nil
	case k.Passphrase != "" && len(k.Recipients) > 0:
		return nil, fault.New("bundle.keys_both", "passphrase", "a bundle is encrypted to a passphrase or to recipients, not both")
	case k.Passphrase != "":
		r, err := age.NewScryptRecipient(k.Passphrase)
		if err != nil {
			return nil, fault.New("bundle.passphrase_invalid", "passphrase", "passphrase: %v", err)
		}
		return []age.Recipient{r}, nil
	case len(k.Recipients) > 0:
		return k.Recipients, nil
	}
	return nil, fault.New("bundle.keys_missing", "passphrase", "a bundle carries confidential data: it is encrypted to a passphrase or to recipients, or written unencrypted only when asked")
}

// Export writes a bundle to path: a temporary file in the same folder, synced, then renamed, so a
// failure never leaves half a bundle.
func Export(ctx context.Context, s *store.Store, path string, opt ExportOptions) (*Manifest, error) {
	if err := s.CheckOutput(path); err != nil {
		return nil, err
	}
	// A damaged workspace would send what it can still read as if it were all it holds.
	if err := s.CheckIntegrity(ctx); err != nil {
		return nil, err
	}
	recipients, err := opt.recipients()
	if err != nil {
		return nil, err
	}
	since := opt.Since
	if since == nil && opt.For != "" {
		p, err := findPeer(ctx, s, opt.For)
		if err != nil {
			return nil, err
		}
		since = p.Have
	}
	if since == nil {
		since = map[string]int64{}
	}
	upTo, err := s.Have(ctx)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("cannot write %s: no folder %s", path, dir)
	}
	opsFile, err := os.CreateTemp(dir, ".smsb-ops-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %v", dir, err)
	}
	defer os.Remove(opsFile.Name())
	defer opsFile.Close()

	site := s.Site()
	m := &Manifest{Format: Format, ID: uuid.Must(uuid.NewV7()).String(), Created: s.Now().UTC().Format(time.RFC3339),
		Schema: store.SchemaVersion(), App: opt.App, Workspace: s.Meta("workspace_id"),
		Sender:    Sender{Site: site.ID, Name: site.Name, PublicKey: site.PublicKey},
		Encrypted: !opt.Plain, Have: upTo, Since: since, Files: map[string]FileSum{}}
	if opt.For != "" && opt.Since == nil {
		m.For = opt.For
	}
	opsHash := sha256.New()
	counted := &countWriter{w: io.MultiWriter(opsFile, opsHash)}
	gz, _ := gzip.NewWriterLevel(counted, gzip.BestSpeed)
	buf := bufio.NewWriterSize(gz, 1<<16)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	records, origins, named := map[string]bool{}, map[string]bool{}, map[string]bool{}
	err = s.OpsBetween(ctx, since, upTo, func(o *store.Op) error {
		m.Counts.Ops++
		records[o.Record] = true
		origins[o.ID.Site] = true
		blobsNamedIn(o.Value, named)
		return enc.Encode(o)
	})
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = gz.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("cannot write the bundle: %v", err)
	}
	m.Counts.Records, m.Counts.Origins = len(records), len(origins)
	m.Files[partOps] = FileSum{Size: counted.n, SHA256: hex.EncodeToString(opsHash.Sum(nil))}

	hashes := make([]string, 0, len(named))
	for h := range named {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	blobs := map[string][]byte{}
	for _, h := range hashes {
		data, err := s.Blob(ctx, h)
		if err != nil {
			continue // a value that only looks like a hash
		}
		blobs[h] = data
		m.Files[blobPrefix+h] = FileSum{Size: int64(len(data)), SHA256: h}
	}
	m.Counts.Blobs = len(blobs)

	manifest, _ := json.MarshalIndent(m, "", "  ")
	sig := s.Sign(manifest)

	out, err := os.CreateTemp(dir, ".smsb-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in %s: %v", dir, err)
	}
	defer os.Remove(out.Name())
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<16)
	var w io.Writer = bw
	var aw io.WriteCloser
	if recipients != nil {
		if aw, err = age.Encrypt(bw, recipients...); err != nil {
			return nil, fmt.Errorf("cannot encrypt the bundle: %v", err)
		}
		w = aw
	}
	tw := tar.NewWriter(w)
	when := time.Now().UTC().Truncate(time.Second)
	add := func(name string, size int64, r io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: when, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			return err
		}
		_, err := io.Copy(tw, r)
		return err
	}
	if _, err := opsFile.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	err = add(partManifest, int64(len(manifest)), bytesReader(manifest))
	if err == nil {
		err = add(partSig, int64(len(sig)), bytesReader(sig))
	}
	if err == nil {
		err = add(partOps, counted.n, opsFile)
	}
	for _, h := range hashes {
		if data, ok := blobs[h]; ok && err == nil {
			err = add(blobPrefix+h, int64(len(data)), bytesReader(data))
		}
	}
	if err == nil {
		err = tw.Close()
	}
	if err == nil && aw != nil {
		err = aw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = out.Sync()
	}
	if err == nil {
		err = out.Close()
	}
	if err == nil {
		err = os.Chmod(out.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(out.Name(), path)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, err)
	}
	return m, nil
}

// findPeer finds a peer by site id (or its first group of hex digits) or name.
func findPeer(ctx context.Context, s *store.Store, key string) (*store.Peer, error) {
	peers, err := s.Peers(ctx)
	if err != nil {
		return nil, err
	}
	var found []store.Peer
	for _, p := range peers {
		if p.Site == key || p.Name == key || shortSite(p.Site) == key {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 1:
		return &found[0], nil
	case 0:
		return nil, fault.New("bundle.peer_unknown", "for", "no peer %q: import a bundle from it first", key)
	}
	return nil, fault.New("bundle.peer_ambiguous", "for", "%q names %d peers; give the whole site id", key, len(found))
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
