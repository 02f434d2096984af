package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
)

// PutBlob stores content under its sha256 (hex) and returns the hash. Storing the same content
// again changes nothing.
func (t *Tx) PutBlob(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	_, err := t.exec("INSERT INTO blobs(hash, size, data) VALUES(?,?,?) ON CONFLICT(hash) DO NOTHING", hash, len(data), data)
	return hash, err
}

// Blob returns the content stored under a hash, checked against it.
func (s *Store) Blob(ctx context.Context, hash string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, "SELECT data FROM blobs WHERE hash=?", hash).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("no stored content with sha256 %s", hash)
	}
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
		return nil, fmt.Errorf("stored content %s is damaged: its sha256 no longer matches", hash)
	}
	return data, nil
}
