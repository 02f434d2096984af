package cli

import (
	"runtime/debug"
	"strings"
)

// VersionOf is the version a binary reports: the one the build stamped (-ldflags -X
// main.version, what the Makefile and releases do), else, for a plain `go build`, the commit Go
// stamps into every build from a git checkout ("dev+7a3bf8a1b2c3", "-modified" when the tree had
// changes), else "dev".
func VersionOf(stamped string, info *debug.BuildInfo) string {
	if stamped != "" && stamped != "dev" {
		return stamped
	}
	if info == nil {
		return "dev"
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "dev+" + rev[:min(12, len(rev))]
	if modified {
		v += "-modified"
	}
	return v
}

// BuildInfo is the running binary's build information (nil when it has none).
func BuildInfo() *debug.BuildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok || strings.TrimSpace(info.Main.Path) == "" {
		return nil
	}
	return info
}
