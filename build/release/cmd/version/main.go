// Command version prints the release version in its three forms as shell assignments, for
// build/scripts/release.sh and the package tests:
//
//	VERSION='v1.2.3-4-gabc1234'  WINVERSION='1.2.3.4'  DEBVERSION='1.2.3+git4.abc1234'
//
// The input is -describe (what `git describe --tags --always --dirty` printed, the Makefile's
// VERSION), else git describe itself; see package smsworkbench/build/release for the scheme.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"smsworkbench/build/release"
)

func main() {
	describe := flag.String("describe", "", "the version (git describe --tags --always --dirty); empty: run git describe")
	flag.Parse()
	d := strings.TrimSpace(*describe)
	if d == "" {
		var err error
		if d, err = release.Describe("."); err != nil {
			d = "dev"
		}
	}
	v, err := release.Derive(d, release.Commits("."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "version:", err)
		os.Exit(1)
	}
	fmt.Printf("VERSION=%s\nWINVERSION=%s\nDEBVERSION=%s\n", quote(v.Full), quote(v.Windows), quote(v.Debian))
}

// quote makes s one word for the shell.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
