// Command smsworkbench runs the SMS Workbench: with no command, the desktop window; with a
// command, the same workspace from a terminal (see README.md and internal/cli).
package main

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"strings"

	"smsworkbench/app"
	"smsworkbench/internal/cli"
	"smsworkbench/internal/store"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Version: version,
		Desktop: func(s *store.Store) error {
			dist, err := fs.Sub(assets, "frontend/dist")
			if err != nil {
				return err
			}
			err = app.Run(s, dist)
			if err != nil && strings.Contains(err.Error(), "build tags") {
				return errors.New("this build has no desktop window (build it with 'make desktop'); give a command instead, see 'smsworkbench help'")
			}
			return err
		},
	}))
}
