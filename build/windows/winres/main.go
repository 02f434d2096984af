// Command winres writes the Windows resources of smsworkbench.exe as a COFF object (.syso) that
// `go build` links into the exe: the icon (build/windows/icon.ico, as icon group 3, the one the
// Wails window loads for its title bar), the manifest (build/windows/smsworkbench.exe.manifest:
// asInvoker, per-monitor DPI awareness, common controls 6) and the version resource.
//
//	go run ./build/windows/winres -version v1.2.3-4-gabc1234 -winversion 1.2.3.4 -out rsrc_windows_amd64.syso
//
// build/scripts/release.sh runs it before the Windows build and removes the object afterwards;
// the .syso is never committed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

func main() {
	full := flag.String("version", "", "the version string (git describe): ProductVersion")
	numeric := flag.String("winversion", "", "the numeric version a.b.c.d: FileVersion and the fixed product version")
	dir := flag.String("dir", "build/windows", "the folder of icon.ico and smsworkbench.exe.manifest")
	out := flag.String("out", "rsrc_windows_amd64.syso", "the object file to write")
	flag.Parse()
	if err := run(*full, *numeric, *dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "winres:", err)
		os.Exit(1)
	}
}

func run(full, numeric, dir, out string) error {
	nums, err := parseNumeric(numeric)
	if err != nil {
		return err
	}
	if full == "" {
		return fmt.Errorf("-version is required")
	}
	rs := winres.ResourceSet{}

	f, err := os.Open(filepath.Join(dir, "icon.ico"))
	if err != nil {
		return err
	}
	defer f.Close()
	ico, err := winres.LoadICO(f)
	if err != nil {
		return fmt.Errorf("icon.ico: %w", err)
	}
	if err := rs.SetIcon(winres.ID(3), ico); err != nil {
		return err
	}

	xml, err := os.ReadFile(filepath.Join(dir, "smsworkbench.exe.manifest"))
	if err != nil {
		return err
	}
	m, err := winres.AppManifestFromXML(xml)
	if err != nil {
		return fmt.Errorf("smsworkbench.exe.manifest: %w", err)
	}
	m.Identity.Version = nums
	rs.SetManifest(m)

	vi := version.Info{FileVersion: nums, ProductVersion: nums, Type: version.App}
	for k, v := range map[string]string{
		version.ProductName:      "SMS Workbench",
		version.ProductVersion:   full,
		version.FileVersion:      numeric,
		version.FileDescription:  "SMS Workbench",
		version.InternalName:     "smsworkbench",
		version.OriginalFilename: "smsworkbench.exe",
		version.Comments:         "ISO/IEC 20000-1:2018 service management system workbench",
	} {
		if err := vi.Set(version.LangDefault, k, v); err != nil {
			return err
		}
	}
	rs.SetVersionInfo(vi)

	w, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := rs.WriteObject(w, winres.ArchAMD64); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// parseNumeric reads a.b.c.d, each 0–65535.
func parseNumeric(s string) ([4]uint16, error) {
	var nums [4]uint16
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return nums, fmt.Errorf("-winversion %q: want four numbers a.b.c.d", s)
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return nums, fmt.Errorf("-winversion %q: %v", s, err)
		}
		nums[i] = uint16(n)
	}
	return nums, nil
}
