// Command smsworkbench runs the SMS Workbench: with no command, the desktop window; with a
// command, the same workspace from a terminal (see docs/cli.md and internal/cli).
package main

import (
	"embed"
	"errors"
	"io/fs"
	"os"

	"smsworkbench/app"
	"smsworkbench/internal/cli"
	"smsworkbench/internal/store"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=..."; a plain `go build` reports
// the commit it was built from instead (cli.VersionOf).
var version = "dev"

func main() {
	version = cli.VersionOf(version, cli.BuildInfo())
	env := cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: version}
	if hasWindow {
		env.Desktop = openWindow
	}
	os.Exit(cli.Run(os.Args[1:], env))
}

func openWindow(s *store.Store) error {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return err
	}
	if _, err := fs.Stat(dist, "index.html"); err != nil {
		return errors.New("this binary was built without the frontend (run 'make desktop')")
	}
	app.Version = version
	return app.Run(s, dist)
}
