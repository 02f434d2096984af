package store

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Site is the identity of this copy of the workspace: every op it writes carries the site id.
type Site struct {
	ID        string `json:"site_id"`
	Name      string `json:"name"`
	PublicKey []byte `json:"public_key"` // Ed25519: signs this site's bundles
	no        int64
	key       ed25519.PrivateKey
}

// Tag is the copy's four-character tag in the references of kinds made on several copies at
// once (schema.Kind.SiteRefs): the first two bytes of the sha256 of its id, in hex. Two copies
// of a team share a tag once in 65,536; the references they give are then shown as a
// duplicate to decide, as any other.
func (s Site) Tag() string {
	sum := sha256.Sum256([]byte(s.ID))
	return strings.ToUpper(hex.EncodeToString(sum[:2]))
}

// Fingerprint is the short form of the site's public key that people compare by eye.
func (s Site) Fingerprint() string { return Fingerprint(s.PublicKey) }

// Fingerprint shows a public key as eight groups of four hex digits of its sha256.
func Fingerprint(pub []byte) string {
	if len(pub) == 0 {
		return ""
	}
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:16])
	var groups []string
	for i := 0; i < len(h); i += 4 {
		groups = append(groups, h[i:i+4])
	}
	return strings.Join(groups, " ")
}

// Sign signs data with the site's private key.
func (s *Store) Sign(data []byte) []byte { return ed25519.Sign(s.site.key, data) }

// siteFile is kept beside (not inside) the workspace file. It remembers which file it belongs
// to; when the workspace file was copied or restored from a backup, the file it finds is not the
// one it was made for, and a new site id is minted. Two copies writing under one site id would
// silently lose each other's ops when they sync.
type siteFile struct {
	SiteID      string `json:"site_id"`
	Name        string `json:"name"`
	WorkspaceID string `json:"workspace_id"`
	Path        string `json:"path"`
	FileID      string `json:"file_id"`
	Host        string `json:"host"`
	Created     string `json:"created"`
	// SigningKey is the seed of the site's Ed25519 key (base64). It is as secret as the
	// workspace itself, and lives with it: whoever holds both can sign as this site.
	SigningKey string `json:"signing_key"`
	// LastSeq is the highest op sequence this site is known to have written. A workspace whose
	// log stops short of it is an older copy (a restored backup): its site must not write the
	// same sequence numbers again.
	LastSeq int64 `json:"last_seq"`
}

func (s *Store) sitePath() string { return s.path + ".site.json" }

// Site returns this workspace copy's site.
func (s *Store) Site() Site { return s.site }

func (s *Store) loadSites(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT no, id FROM sites")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var no int64
		var id string
		if err := rows.Scan(&no, &id); err != nil {
			return err
		}
		s.siteByNo[no] = id
		s.siteNo[id] = no
	}
	return rows.Err()
}

func (s *Store) settleSite(ctx context.Context) error {
	wsID := s.Meta("workspace_id")
	if wsID == "" && !s.readOnly {
		wsID = newID()
		if err := s.SetMeta("workspace_id", wsID); err != nil {
			return err
		}
	}
	host, _ := os.Hostname()
	fileID := fileIdentity(s.path)

	var sf siteFile
	data, err := os.ReadFile(s.sitePath())
	valid := err == nil && json.Unmarshal(data, &sf) == nil && sf.SiteID != "" &&
		sf.WorkspaceID == wsID && sf.Path == s.path && sf.FileID == fileID && sf.Host == host
	if valid && sf.LastSeq > 0 {
		var have int64
		s.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM ops WHERE site = (SELECT no FROM sites WHERE id = ?)`, sf.SiteID).Scan(&have)
		valid = have >= sf.LastSeq
	}
	seed, _ := base64.StdEncoding.DecodeString(sf.SigningKey)
	if valid && len(seed) != ed25519.SeedSize {
		// A site file from before bundles: give the site its key.
		seed = make([]byte, ed25519.SeedSize)
		rand.Read(seed)
		sf.SigningKey = base64.StdEncoding.EncodeToString(seed)
		if !s.readOnly {
			if err := writeFileAtomic(s.sitePath(), sf); err != nil {
				return fmt.Errorf("cannot write the site identity beside the workspace: %v", err)
			}
		}
	}
	if !valid {
		seed = make([]byte, ed25519.SeedSize)
		rand.Read(seed)
		sf = siteFile{SiteID: newID(), Name: s.author + "@" + host, WorkspaceID: wsID, Path: s.path,
			FileID: fileID, Host: host, Created: time.Now().UTC().Format(time.RFC3339),
			SigningKey: base64.StdEncoding.EncodeToString(seed)}
		if !s.readOnly {
			if err := writeFileAtomic(s.sitePath(), sf); err != nil {
				return fmt.Errorf("cannot write the site identity beside the workspace: %v", err)
			}
		}
	}
	key := ed25519.NewKeyFromSeed(seed)
	s.site = Site{ID: sf.SiteID, Name: sf.Name, key: key, PublicKey: key.Public().(ed25519.PublicKey)}
	s.siteFile = sf
	if s.readOnly {
		return nil
	}
	no, err := s.siteNumber(ctx, sf.SiteID, sf.Name)
	s.site.no = no
	return err
}

// siteNumber returns the local number of a site id, registering the site when it is new.
func (s *Store) siteNumber(ctx context.Context, id, name string) (int64, error) {
	s.mu.Lock()
	no, ok := s.siteNo[id]
	s.mu.Unlock()
	if ok {
		return no, nil
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO sites(id, name) VALUES(?, ?) ON CONFLICT(id) DO NOTHING", id, name)
	if err != nil {
		return 0, s.describeWriteError(err)
	}
	if err := s.db.QueryRowContext(ctx, "SELECT no FROM sites WHERE id=?", id).Scan(&no); err != nil {
		return 0, err
	}
	s.mu.Lock()
	s.siteNo[id], s.siteByNo[no] = no, id
	s.mu.Unlock()
	return no, nil
}

func writeFileAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// noteLastSeq records in the site file the highest sequence written, after a commit. It is not
// synced to disk: a lost update only weakens the restore check, it never causes a false one.
func (s *Store) noteLastSeq(seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq <= s.siteFile.LastSeq {
		return
	}
	s.siteFile.LastSeq = seq
	data, err := json.MarshalIndent(s.siteFile, "", "  ")
	if err != nil {
		return
	}
	tmp := s.sitePath() + ".tmp"
	if os.WriteFile(tmp, append(data, '\n'), 0o600) == nil {
		os.Rename(tmp, s.sitePath())
	}
}
