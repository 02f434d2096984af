package store

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file is the store's side of sync by bundles (docs/sync.md): what this copy holds, the ops
// a peer lacks, and the atomic, idempotent import of another copy's ops. The bundle file itself
// (manifest, signature, encryption) is package bundle's.

// Peer is another copy of the workspace this one has had a bundle from.
type Peer struct {
	Site      string           `json:"site_id"`
	Name      string           `json:"name"`
	PublicKey []byte           `json:"public_key"`
	Have      map[string]int64 `json:"have"` // what its last manifest said it holds
	// LastBundle is the id of the last bundle imported from it; FirstSeen and LastSeen when.
	LastBundle string `json:"last_bundle"`
	FirstSeen  string `json:"first_seen"`
	LastSeen   string `json:"last_seen"`
}

// Fingerprint is the peer's public key in the short form people compare.
func (p *Peer) Fingerprint() string { return Fingerprint(p.PublicKey) }

// Have returns what this copy holds: per origin site, the highest op sequence. An origin's ops
// are always held as an unbroken run from 1, so the highest sequence says it all.
func (s *Store) Have(ctx context.Context) (map[string]int64, error) {
	return have(ctx, s.db)
}

func have(ctx context.Context, q querier) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT no, id FROM sites")
	if err != nil {
		return nil, err
	}
	type site struct {
		no int64
		id string
	}
	var sites []site
	for rows.Next() {
		var x site
		if err := rows.Scan(&x.no, &x.id); err != nil {
			rows.Close()
			return nil, err
		}
		sites = append(sites, x)
	}
	rows.Close()
	out := map[string]int64{}
	for _, x := range sites {
		var seq sql.NullInt64
		if err := q.QueryRowContext(ctx, "SELECT max(seq) FROM ops WHERE site=?", x.no).Scan(&seq); err != nil {
			return nil, err
		}
		if seq.Int64 > 0 {
			out[x.id] = seq.Int64
		}
	}
	return out, nil
}

// OpsBetween calls fn with every op this copy holds that is not in since (per origin, ops up to
// that sequence) but is in upTo, origin by origin in sequence order.
func (s *Store) OpsBetween(ctx context.Context, since, upTo map[string]int64, fn func(*Op) error) error {
	origins := make([]string, 0, len(upTo))
	for o := range upTo {
		origins = append(origins, o)
	}
	sort.Strings(origins)
	for _, origin := range origins {
		if upTo[origin] <= since[origin] {
			continue
		}
		var no int64
		if err := s.db.QueryRowContext(ctx, "SELECT no FROM sites WHERE id=?", origin).Scan(&no); err != nil {
			return err
		}
		rows, err := s.db.QueryContext(ctx, `SELECT seq, hlc, at, record, kind, field, value, pred, author, note, hash
			FROM ops WHERE site=? AND seq>? AND seq<=? ORDER BY seq`, no, since[origin], upTo[origin])
		if err != nil {
			return err
		}
		for rows.Next() {
			o := &Op{ID: OpID{Site: origin}}
			var value sql.NullString
			var pred string
			if err := rows.Scan(&o.ID.Seq, &o.HLC, &o.At, &o.Record, &o.Kind, &o.Field, &value, &pred, &o.Author, &o.Note, &o.Hash); err != nil {
				rows.Close()
				return err
			}
			if value.Valid {
				o.Value = json.RawMessage(value.String)
			}
			if err := json.Unmarshal([]byte(pred), &o.Pred); err != nil {
				rows.Close()
				return fmt.Errorf("op %s: bad pred: %v", o.ID, err)
			}
			if err := fn(o); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Peers lists the copies this one has had bundles from, by name.
func (s *Store) Peers(ctx context.Context) ([]Peer, error) {
	return s.peers(ctx, s.db, "")
}

// Peer returns one peer, or nil when no bundle from that site was ever imported.
func (s *Store) Peer(ctx context.Context, site string) (*Peer, error) {
	ps, err := s.peers(ctx, s.db, site)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return &ps[0], nil
}

func (s *Store) peers(ctx context.Context, q querier, site string) ([]Peer, error) {
	query := "SELECT site, name, public_key, have, last_bundle, first_seen, last_seen FROM peers"
	var args []any
	if site != "" {
		query += " WHERE site=?"
		args = append(args, site)
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY name, site", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Peer
	for rows.Next() {
		var p Peer
		var have string
		if err := rows.Scan(&p.Site, &p.Name, &p.PublicKey, &have, &p.LastBundle, &p.FirstSeen, &p.LastSeen); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(have), &p.Have)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Incoming is what a bundle brings, as package bundle has read and verified it.
type Incoming struct {
	From   Peer   // the sender: site, name, public key and what it holds
	Bundle string // the bundle's id
	// Workspace is the sender's workspace id. An empty workspace taking its first bundle
	// becomes a copy of that workspace; any other must already be one.
	Workspace string
	// Ops streams the bundle's ops, each origin's in sequence order.
	Ops func(yield func(*Op) error) error
	// Blobs streams the attachments the ops name.
	Blobs func(yield func(hash string, data []byte) error) error
	// BeforeCommit runs inside the import's transaction, just before it commits; an error
	// rolls the import back (crash tests).
	BeforeCommit func() error
}

// ImportResult says what an import changed.
type ImportResult struct {
	OpsNew      int      `json:"ops_new"`
	OpsKnown    int      `json:"ops_known"`
	OpsHeldBack int      `json:"ops_held_back"` // they follow ops of their origin this copy lacks
	BlobsNew    int      `json:"blobs_new"`
	Records     int      `json:"records_touched"`
	Opened      []string `json:"conflicts_opened"`
	Closed      []string `json:"conflicts_closed"`
	// FutureOps counts ops stamped more than a day ahead of this machine's clock.
	FutureOps int  `json:"future_ops"`
	PeerNew   bool `json:"peer_new"`
}

// Nothing reports an import that brought nothing this copy did not hold.
func (r *ImportResult) Nothing() bool { return r.OpsNew == 0 && r.BlobsNew == 0 }

// ErrFromThisSite refuses a bundle this very copy wrote.
var ErrFromThisSite = errors.New("this bundle was written by this workspace itself; nothing to import")

// KeyMismatchError refuses a bundle signed by another key than the one pinned for its site.
type KeyMismatchError struct {
	Site, Name        string
	Pinned, Presented string // fingerprints
}

func (e *KeyMismatchError) Error() string {
	return fmt.Sprintf("bundle claims to come from %s (%s) but is signed by an unknown key %s; that site's pinned key is %s; nothing was imported",
		e.Name, e.Site, e.Presented, e.Pinned)
}

// CheckSender refuses a sender that is this copy, or whose key differs from the pinned one.
func (s *Store) CheckSender(ctx context.Context, from Peer) error {
	return s.checkSender(ctx, s.db, from)
}

func (s *Store) checkSender(ctx context.Context, q querier, from Peer) error {
	if from.Site == s.site.ID {
		return ErrFromThisSite
	}
	ps, err := s.peers(ctx, q, from.Site)
	if err != nil {
		return err
	}
	if len(ps) == 1 && !ed25519.PublicKey(ps[0].PublicKey).Equal(ed25519.PublicKey(from.PublicKey)) {
		return &KeyMismatchError{Site: from.Site, Name: ps[0].Name, Pinned: Fingerprint(ps[0].PublicKey), Presented: Fingerprint(from.PublicKey)}
	}
	return nil
}

// futureSlack is how far ahead of this machine's clock an op may be stamped before the import
// warns that the sender's clock is wrong. The op is kept either way, and the local clock does
// not jump to it.
const futureSlack = 24 * time.Hour

// Import adds a bundle's ops in one transaction: new ops are inserted, ops already held are
// checked to be the same, and every record they touch is folded again from its ops, with its
// conflicts. Importing the same ops again changes nothing. On any error nothing is written.
func (s *Store) Import(ctx context.Context, in *Incoming) (*ImportResult, error) {
	res := &ImportResult{}
	newSites := map[string]int64{}
	adopted := ""
	err := s.Write(ctx, func(t *Tx) error {
		if err := s.checkSender(ctx, t, in.From); err != nil {
			return err
		}
		held, err := have(ctx, t)
		if err != nil {
			return err
		}
		if ours := t.s.Meta("workspace_id"); in.Workspace != "" && in.Workspace != ours {
			if len(held) > 0 {
				return fmt.Errorf("the bundle comes from another workspace (%s) than this one (%s); nothing was imported", in.Workspace, ours)
			}
			if _, err := t.exec("UPDATE meta SET value=? WHERE key='workspace_id'", in.Workspace); err != nil {
				return err
			}
			adopted = in.Workspace
		}
		siteNo := func(id string) (int64, error) {
			if no, ok := newSites[id]; ok {
				return no, nil
			}
			var no int64
			err := t.QueryRowContext(ctx, "SELECT no FROM sites WHERE id=?", id).Scan(&no)
			if err == sql.ErrNoRows {
				name := ""
				if id == in.From.Site {
					name = in.From.Name
				}
				err = t.QueryRowContext(ctx, "INSERT INTO sites(id, name) VALUES(?, ?) RETURNING no", id, name).Scan(&no)
			}
			if err == nil {
				newSites[id] = no
			}
			return no, err
		}
		touched := map[string]bool{}
		future := time.Now().Add(futureSlack).UnixMilli() << hlcShift
		err = in.Ops(func(o *Op) error {
			if err := validOp(o); err != nil {
				return err
			}
			no, err := siteNo(o.ID.Site)
			if err != nil {
				return err
			}
			cur := held[o.ID.Site]
			switch {
			case o.ID.Seq <= cur:
				var hash []byte
				if err := t.QueryRowContext(ctx, "SELECT hash FROM ops WHERE site=? AND seq=?", no, o.ID.Seq).Scan(&hash); err != nil {
					return err
				}
				if string(hash) != string(o.Hash) {
					return fmt.Errorf("op %s in the bundle differs from the op this workspace holds under that id; nothing was imported", o.ID)
				}
				res.OpsKnown++
				return nil
			case o.ID.Seq > cur+1:
				res.OpsHeldBack++
				return nil
			}
			pred, _ := json.Marshal(o.predOrEmpty())
			var value any
			if len(o.Value) > 0 && string(o.Value) != "null" {
				value = string(o.Value)
			}
			if _, err := t.exec(`INSERT INTO ops(site, seq, hlc, at, record, kind, field, value, pred, author, note, hash)
				VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`,
				no, o.ID.Seq, o.HLC, o.At, o.Record, o.Kind, o.Field, value, string(pred), o.Author, o.Note, o.Hash); err != nil {
				return err
			}
			held[o.ID.Site] = o.ID.Seq
			touched[o.Record] = true
			t.forget(o.Record)
			t.noteOp(o.Record, o.At)
			res.OpsNew++
			if o.HLC > future {
				res.FutureOps++
			}
			return nil
		})
		if err != nil {
			return err
		}
		if in.Blobs != nil {
			err = in.Blobs(func(hash string, data []byte) error {
				r, err := t.exec("INSERT INTO blobs(hash, size, data) VALUES(?,?,?) ON CONFLICT(hash) DO NOTHING", hash, len(data), data)
				if err != nil {
					return err
				}
				if n, _ := r.RowsAffected(); n > 0 {
					res.BlobsNew++
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		ids := make([]string, 0, len(touched))
		for id := range touched {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		res.Records = len(ids)
		if res.Opened, res.Closed, err = t.settle(ids); err != nil {
			return err
		}
		if res.PeerNew, err = t.notePeer(in, res); err != nil {
			return err
		}
		if in.BeforeCommit != nil {
			return in.BeforeCommit()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	for id, no := range newSites {
		s.siteNo[id], s.siteByNo[no] = no, id
	}
	if adopted != "" {
		s.siteFile.WorkspaceID = adopted
		writeFileAtomic(s.sitePath(), s.siteFile)
	}
	s.mu.Unlock()
	return res, nil
}

// validOp refuses an op that cannot have been written by a workbench: its hash must match its
// content, and it must name a record, a kind and a field.
// siteIDText is how this program writes a site id (a UUID); an op's origin from a bundle must
// be one.
var siteIDText = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func validOp(o *Op) error {
	switch {
	case !siteIDText.MatchString(o.ID.Site) || o.ID.Seq <= 0:
		return fmt.Errorf("bundle holds an op without a valid id")
	case o.Record == "" || o.Kind == "" || o.Field == "":
		return fmt.Errorf("bundle holds op %s without a record, kind or field", o.ID)
	case string(o.Hash) != string(o.ComputeHash()):
		return fmt.Errorf("op %s does not match its hash: the bundle was altered", o.ID)
	}
	return nil
}

// notePeer records what the sender's manifest says, writing only when something changed, so
// that a bundle imported twice leaves the workspace as it was.
func (t *Tx) notePeer(in *Incoming, res *ImportResult) (bool, error) {
	ps, err := t.s.peers(t.ctx, t, in.From.Site)
	if err != nil {
		return false, err
	}
	haveJSON, _ := json.Marshal(in.From.Have)
	now := time.Now().UTC().Format(time.RFC3339)
	if len(ps) == 0 {
		_, err := t.exec(`INSERT INTO peers(site, name, public_key, have, last_bundle, first_seen, last_seen) VALUES(?,?,?,?,?,?,?)`,
			in.From.Site, in.From.Name, []byte(in.From.PublicKey), string(haveJSON), in.Bundle, now, now)
		return true, err
	}
	p := ps[0]
	old, _ := json.Marshal(p.Have)
	if res.Nothing() && p.Name == in.From.Name && string(old) == string(haveJSON) {
		return false, nil
	}
	_, err = t.exec(`UPDATE peers SET name=?, have=?, last_bundle=?, last_seen=? WHERE site=?`,
		in.From.Name, string(haveJSON), in.Bundle, now, in.From.Site)
	return false, err
}

// refNumber is the number at the end of a human reference ("INC-00042" → 42).
func refNumber(ref string) int64 {
	i := strings.LastIndexByte(ref, '-')
	n, err := strconv.ParseInt(ref[i+1:], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// SchemaVersion is the version of the workspace's tables this program writes; a bundle carries
// it, and a bundle from a newer version waits until this program is upgraded.
func SchemaVersion() int { return len(migrations) }

// Digest hashes what every copy of a workspace must agree on once they hold the same ops: each
// record (shown or not, its reference, state and written values) and the open conflicts. Values
// computed from the clock are left out.
func (s *Store) Digest(ctx context.Context) (string, error) {
	h := sha256.New()
	rows, err := s.db.QueryContext(ctx, "SELECT id, kind, ref, alive FROM records ORDER BY id")
	if err != nil {
		return "", err
	}
	type rec struct {
		id, kind, ref string
		alive         bool
	}
	var recs []rec
	for rows.Next() {
		var r rec
		if err := rows.Scan(&r.id, &r.kind, &r.ref, &r.alive); err != nil {
			rows.Close()
			return "", err
		}
		recs = append(recs, r)
	}
	rows.Close()
	for _, r := range recs {
		fmt.Fprintf(h, "%s %s %s %v\n", r.id, r.kind, r.ref, r.alive)
		k, ok := s.reg.Kind(r.kind)
		if !ok || !r.alive {
			continue
		}
		got, err := s.get(ctx, s.db, k, r.id)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, " status=%s created=%s updated=%s\n", got.Status, got.CreatedAt, got.UpdatedAt)
		for _, f := range k.Fields {
			if f.Computed {
				continue
			}
			b, _ := json.Marshal(got.Values[f.Name])
			fmt.Fprintf(h, " %s=%s\n", f.Name, b)
		}
	}
	crows, err := s.db.QueryContext(ctx, "SELECT id FROM conflicts ORDER BY id")
	if err != nil {
		return "", err
	}
	defer crows.Close()
	for crows.Next() {
		var id string
		crows.Scan(&id)
		fmt.Fprintf(h, "conflict %s\n", id)
	}
	return hex.EncodeToString(h.Sum(nil)), crows.Err()
}
