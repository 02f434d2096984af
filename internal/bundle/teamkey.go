package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"filippo.io/age"

	"smsworkbench/internal/fault"
)

// A shared folder's team key: an age X25519 key kept in the folder as TeamKeyFile, encrypted
// with the team's passphrase. The copies encrypt their bundles in the folder to it, so opening
// each file costs an X25519 exchange rather than the passphrase's scrypt (about 0.7 s a file,
// by design): with fifty copies that is the difference between a second and half a minute.
// The passphrase's scrypt runs once per key file, then the key is kept in memory. Bundles
// written for a passphrase before the team key still open with it.

// TeamKeyFile is the name of the team key in a shared folder.
const TeamKeyFile = "smsworkbench-team.key"

// maxTeamKeyBytes bounds a key file: an age header and one identity line.
const maxTeamKeyBytes = 16 << 10

// teamKeyName tells the team key and a sync engine's conflict copy of it
// (smsworkbench-team.sync-conflict-….key): two copies that made one at the same moment leave
// two, and bundles are then encrypted to both.
func teamKeyName(name string) bool {
	return strings.HasPrefix(name, "smsworkbench-team") && strings.HasSuffix(name, ".key")
}

var teamKeyCache sync.Map // sha256 of the key file and of the passphrase → *age.X25519Identity

// teamKeys reads the team keys of dir that open with passphrase; bad names the key files that
// do not.
func teamKeys(dir, passphrase string) (ids []*age.X25519Identity, bad []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	pass := sha256.Sum256([]byte(passphrase))
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && teamKeyName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := readSmall(filepath.Join(dir, name))
		if err != nil {
			bad = append(bad, name)
			continue
		}
		sum := sha256.Sum256(data)
		cacheKey := hex.EncodeToString(sum[:]) + hex.EncodeToString(pass[:])
		if id, ok := teamKeyCache.Load(cacheKey); ok {
			ids = append(ids, id.(*age.X25519Identity))
			continue
		}
		id, err := openTeamKey(data, passphrase)
		if err != nil {
			bad = append(bad, name)
			continue
		}
		teamKeyCache.Store(cacheKey, id)
		ids = append(ids, id)
	}
	return ids, bad, nil
}

func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTeamKeyBytes+1))
	if err == nil && len(data) > maxTeamKeyBytes {
		err = errors.New("too large for a key")
	}
	return data, err
}

func openTeamKey(data []byte, passphrase string) (*age.X25519Identity, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	id.SetMaxWorkFactor(20)
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		return nil, err
	}
	text, err := io.ReadAll(io.LimitReader(r, maxTeamKeyBytes))
	if err != nil {
		return nil, err
	}
	return age.ParseX25519Identity(strings.TrimSpace(string(text)))
}

// folderTeamKeys gives the keys a copy uses in a shared folder with a passphrase: it reads the
// folder's team keys, making one when there is none, and refuses a passphrase that opens none.
func folderTeamKeys(dir, passphrase string) ([]*age.X25519Identity, error) {
	ids, bad, err := teamKeys(dir, passphrase)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		return ids, nil
	}
	if len(bad) > 0 {
		return nil, fault.New("bundle.passphrase_wrong", "passphrase", "the passphrase does not open the folder's team key (%s): every copy of a team uses the same passphrase", strings.Join(bad, ", "))
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fault.New("bundle.passphrase_invalid", "passphrase", "passphrase: %v", err)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(w, id.String())
	if err := w.Close(); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(dir, ".smsb-key-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	// Another copy may have made one meanwhile: a link fails rather than replace it. Where
	// the share cannot link, a rename does, unless the key appeared meanwhile.
	target := filepath.Join(dir, TeamKeyFile)
	if err := os.Link(tmp.Name(), target); err != nil && !errors.Is(err, os.ErrExist) {
		if _, statErr := os.Stat(target); errors.Is(statErr, os.ErrNotExist) {
			if err := os.Rename(tmp.Name(), target); err != nil {
				return nil, err
			}
		}
	}
	ids, _, err = teamKeys(dir, passphrase)
	if err == nil && len(ids) == 0 {
		err = fmt.Errorf("the team key just written to %s does not open", dir)
	}
	return ids, err
}
