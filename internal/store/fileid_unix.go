//go:build !windows

package store

import (
	"fmt"
	"os"
	"syscall"
)

// fileIdentity names the file itself, not its path: a copy or a restored backup gets a new one.
func fileIdentity(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
	}
	return ""
}
