package bundle

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"smsworkbench/internal/fault"
	"smsworkbench/internal/store"
)

const ageMagic = "age-encryption.org/v1\n"

// Reader is a bundle that passed every check that needs no workspace: it decrypted, its archive
// holds only allowed regular files within the caps, its manifest is signed by the key it names,
// and every part matches the manifest. The ops are read from it as they are imported.
type Reader struct {
	Manifest Manifest
	Path     string
	// Plain is true when the file was not encrypted.
	Plain bool

	file *os.File // the archive, decrypted
	tmp  string   // the decrypted copy to remove on Close
	// bundleStart: the file begins as a bundle does (age's header, or the archive's first
	// entry, manifest.json), so a read that ends too soon is a bundle cut short, not junk.
	bundleStart bool
	entries     map[string]span
	names       []string
}

type span struct{ off, size int64 }

// Close removes the decrypted copy.
func (r *Reader) Close() error {
	if r.file != nil {
		r.file.Close()
	}
	if r.tmp != "" {
		os.Remove(r.tmp)
	}
	return nil
}

// Open decrypts and checks a bundle.
func Open(path string, keys Keys) (*Reader, error) {
	return open(path, keys, false)
}

func open(path string, keys Keys, parked bool) (*Reader, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, errors.Unwrap(err))
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a file", path)
	}
	if st.Size() == 0 {
		f.Close()
		// an engine creates the file before it writes it: cut short, until it stays empty
		return nil, cutShort("%s is empty: not a bundle", name)
	}
	r := &Reader{Path: path}
	ok := false
	defer func() {
		if !ok {
			r.Close()
		}
	}()
	head := make([]byte, len(ageMagic))
	n, _ := io.ReadFull(f, head)
	f.Seek(0, io.SeekStart)
	start := string(head[:n])
	r.bundleStart = strings.HasPrefix(ageMagic, start) || strings.HasPrefix(firstEntry, start) || strings.HasPrefix(start, firstEntry[:min(len(start), len(firstEntry))])
	if n < len(ageMagic) && strings.HasPrefix(ageMagic, start) {
		f.Close()
		return nil, cutShort("%s is cut short within its encryption header", name)
	}
	if start == ageMagic {
		f.Close()
		if err := r.decrypt(path, keys); err != nil {
			return nil, err
		}
	} else {
		r.file, r.Plain = f, true
	}
	if err := r.readArchive(name); err != nil {
		return nil, err
	}
	if err := r.checkManifest(name); err != nil {
		return nil, err
	}
	if r.Manifest.Encrypted && r.Plain && !parked {
		return nil, fmt.Errorf("%s: its manifest says it was encrypted but the file is not; refused", name)
	}
	ok = true
	return r, nil
}

// decrypt writes the decrypted archive to a temporary file, whole, so that a bundle cut short
// or altered is refused before anything is read from it.
func (r *Reader) decrypt(path string, keys Keys) error {
	name := filepath.Base(path)
	var ids []age.Identity
	ids = append(ids, keys.Identities...)
	if keys.Passphrase != "" {
		id, err := age.NewScryptIdentity(keys.Passphrase)
		if err != nil {
			return fault.New("bundle.passphrase_invalid", "passphrase", "passphrase: %v", err)
		}
		// Bundles are written with age's default work factor (18); a file asking for far more
		// would only keep the computer busy.
		id.SetMaxWorkFactor(20)
		ids = append(ids, id)
		// A bundle of a shared folder is encrypted to the folder's team key, which opens
		// with the passphrase.
		team, _, _ := teamKeys(filepath.Dir(path), keys.Passphrase)
		for _, t := range team {
			ids = append(ids, t)
		}
	}
	if len(ids) == 0 {
		return fault.New("bundle.passphrase_missing", "passphrase", "%s is encrypted: it opens with its passphrase, or with the age identity it was sent to", name)
	}
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	dec, err := age.Decrypt(bufio.NewReader(in), ids...)
	if err != nil {
		var none *age.NoIdentityMatchError
		if errors.As(err, &none) {
			if keys.Passphrase != "" {
				return fault.New("bundle.passphrase_wrong", "passphrase", "cannot decrypt %s: wrong passphrase (or the bundle was sent to an age key, not a passphrase)", name)
			}
			return fault.New("bundle.identity_wrong", "identity", "cannot decrypt %s: it was not encrypted for this identity", name)
		}
		return fmt.Errorf("%s is damaged: its encryption header does not check (%v)", name, err)
	}
	tmp, err := os.CreateTemp("", "smsb-open-*")
	if err != nil {
		return err
	}
	r.tmp, r.file = tmp.Name(), tmp
	copied, err := io.Copy(tmp, io.LimitReader(dec, MaxBundleBytes+1))
	if err != nil {
		return cutShort("%s is damaged or cut short: %v", name, err)
	}
	if copied > MaxBundleBytes {
		return fmt.Errorf("%s decrypts to more than %d bytes, the most a bundle may hold; refused", name, MaxBundleBytes)
	}
	_, err = tmp.Seek(0, io.SeekStart)
	return err
}

// readArchive lists the archive's entries, refusing anything but the allowed regular files.
func (r *Reader) readArchive(name string) error {
	cr := &countReader{r: bufio.NewReaderSize(r.file, 1<<16)}
	tr := tar.NewReader(cr)
	r.entries = map[string]span{}
	var total int64
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(r.entries) == 0 {
				if errors.Is(err, io.ErrUnexpectedEOF) && r.bundleStart {
					return cutShort("%s is not a bundle (not an encrypted bundle, and not an archive: %v)", name, err)
				}
				return fmt.Errorf("%s is not a bundle (not an encrypted bundle, and not an archive: %v)", name, err)
			}
			return cutShort("%s is damaged or cut short: %v", name, err)
		}
		if h.Typeflag != tar.TypeReg {
			return fmt.Errorf("%s holds %q, which is not a regular file (a link, folder or device); refused", name, h.Name)
		}
		if !allowedName(h.Name) {
			return fmt.Errorf("%s holds an entry named %q; a bundle holds only manifest.json, manifest.sig, ops.ndjson.gz and blobs/<sha256>; refused", name, h.Name)
		}
		if _, dup := r.entries[h.Name]; dup {
			return fmt.Errorf("%s holds %q twice; refused", name, h.Name)
		}
		if len(r.entries) >= MaxEntries {
			return fmt.Errorf("%s holds more than %d parts; refused", name, MaxEntries)
		}
		// Compared before adding: a huge declared size must not wrap the sum around.
		if h.Size < 0 || h.Size > MaxBundleBytes-total {
			return fmt.Errorf("%s holds more than %d bytes; refused", name, MaxBundleBytes)
		}
		total += h.Size
		r.entries[h.Name] = span{off: cr.n, size: h.Size}
		r.names = append(r.names, h.Name)
		// Read the entry through, so that a file cut short inside it is found now.
		if n, err := io.Copy(io.Discard, tr); err != nil || n != h.Size {
			return cutShort("%s is damaged or cut short (in %s)", name, h.Name)
		}
	}
	if len(r.entries) == 0 {
		return fmt.Errorf("%s is not a bundle (an empty archive)", name)
	}
	for _, part := range []string{partManifest, partSig, partOps} {
		if _, ok := r.entries[part]; !ok {
			return fmt.Errorf("%s is cut short or not a complete bundle: it has no %s", name, part)
		}
	}
	return nil
}

func (r *Reader) part(name string) io.Reader {
	sp := r.entries[name]
	return io.NewSectionReader(r.file, sp.off, sp.size)
}

// checkManifest verifies the manifest's signature by the key it names, then every part against
// the manifest.
func (r *Reader) checkManifest(name string) error {
	if r.entries[partManifest].size > MaxManifestBytes {
		return fmt.Errorf("%s: its manifest is larger than %d bytes; refused", name, MaxManifestBytes)
	}
	manifest, _ := io.ReadAll(r.part(partManifest))
	sig, _ := io.ReadAll(io.LimitReader(r.part(partSig), 1024))
	if err := json.Unmarshal(manifest, &r.Manifest); err != nil {
		return fmt.Errorf("%s: its manifest is not readable: the bundle was altered or was not written by SMS Workbench (%v)", name, err)
	}
	m := &r.Manifest
	if len(m.Sender.PublicKey) != ed25519.PublicKeySize || m.Sender.Site == "" {
		return fmt.Errorf("%s: its manifest names no sender key: the bundle was altered or was not written by SMS Workbench", name)
	}
	if !ed25519.Verify(m.Sender.PublicKey, manifest, sig) {
		return fmt.Errorf("%s: the manifest's signature does not match: the bundle was altered or its manifest comes from another bundle; refused", name)
	}
	if m.Format > Format {
		return fmt.Errorf("%s was written by a newer SMS Workbench (bundle format %d; this one reads %d); upgrade to import it", name, m.Format, Format)
	}
	if err := m.checkIdentifiers(); err != nil {
		return fmt.Errorf("%s: %v; refused", name, err)
	}
	for _, part := range r.names {
		if part == partManifest || part == partSig {
			continue
		}
		want, ok := m.Files[part]
		if !ok {
			return fmt.Errorf("%s holds %s, which its manifest does not list: the bundle was altered; refused", name, part)
		}
		h := sha256.New()
		n, _ := io.Copy(h, r.part(part))
		if n != want.Size || hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
			return fmt.Errorf("%s: %s does not match its manifest: the bundle was altered or its parts come from different bundles; refused", name, part)
		}
	}
	for part := range m.Files {
		if _, ok := r.entries[part]; !ok {
			return fmt.Errorf("%s lacks %s, which its manifest lists; refused", name, part)
		}
	}
	return nil
}

// EachOp reads the bundle's ops in order, checking the count against the manifest and the
// decompressed size against the cap.
func (r *Reader) EachOp(yield func(*store.Op) error) error {
	gz, err := gzip.NewReader(r.part(partOps))
	if err != nil {
		return fmt.Errorf("%s: its ops are not readable (%v)", filepath.Base(r.Path), err)
	}
	limited := &countReader{r: io.LimitReader(gz, MaxOpsBytes+1)}
	sc := bufio.NewScanner(limited)
	sc.Buffer(make([]byte, 0, 1<<16), MaxOpBytes)
	count := 0
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if limited.n > MaxOpsBytes {
			break
		}
		var o store.Op
		if err := json.Unmarshal(line, &o); err != nil {
			return fmt.Errorf("%s: op %d is not readable (%v)", filepath.Base(r.Path), count+1, err)
		}
		count++
		if err := yield(&o); err != nil {
			return err
		}
	}
	if limited.n > MaxOpsBytes {
		return fmt.Errorf("%s: its ops decompress to more than %d bytes, the cap; refused", filepath.Base(r.Path), MaxOpsBytes)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("%s holds an op longer than %d bytes; refused", filepath.Base(r.Path), MaxOpBytes)
		}
		return fmt.Errorf("%s: its ops are not readable (%v)", filepath.Base(r.Path), err)
	}
	if count != r.Manifest.Counts.Ops {
		return fmt.Errorf("%s holds %d ops where its manifest says %d; refused", filepath.Base(r.Path), count, r.Manifest.Counts.Ops)
	}
	return nil
}

// EachBlob reads the bundle's attachments.
func (r *Reader) EachBlob(yield func(hash string, data []byte) error) error {
	for _, name := range r.names {
		if !strings.HasPrefix(name, blobPrefix) {
			continue
		}
		data, err := io.ReadAll(r.part(name))
		if err != nil {
			return err
		}
		if err := yield(strings.TrimPrefix(name, blobPrefix), data); err != nil {
			return err
		}
	}
	return nil
}

// Verify reads every op through, as an import would, without a workspace.
func (r *Reader) Verify() error {
	return r.EachOp(func(o *store.Op) error {
		if string(o.Hash) != string(o.ComputeHash()) {
			return fmt.Errorf("%s: op %s does not match its hash: the bundle was altered; refused", filepath.Base(r.Path), o.ID)
		}
		return nil
	})
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// firstEntry is the name of a bundle archive's first entry, where an unencrypted bundle begins.
const firstEntry = "manifest.json"

// ErrCutShort marks a bundle that ends too soon, or whose encryption fails before its end: a
// file a sync engine is still writing looks so (SyncFolder leaves it for the next exchange);
// one that stays so is damaged.
var ErrCutShort = errors.New("bundle cut short")

// shortError is a cut-short bundle's message, which errors.Is finds as ErrCutShort.
type shortError struct{ msg string }

func (e *shortError) Error() string        { return e.msg }
func (e *shortError) Is(target error) bool { return target == ErrCutShort }

func cutShort(format string, a ...any) error { return &shortError{fmt.Sprintf(format, a...)} }
