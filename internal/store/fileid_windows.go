//go:build windows

package store

import (
	"fmt"
	"os"
	"syscall"
)

// fileIdentity names the file itself, not its path: a copy or a restored backup is a new file
// with a new creation time.
func fileIdentity(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	if d, ok := fi.Sys().(*syscall.Win32FileAttributeData); ok {
		return fmt.Sprintf("%d", d.CreationTime.Nanoseconds())
	}
	return ""
}
