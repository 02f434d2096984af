//go:build release

// The artefacts of `make release` in dist/, checked as a user's machine would see them: run by
// `make test` (and `make release-check`) with -tags release, after the release is built. A missing
// artefact fails; nothing is skipped.
//
// SMSWB_RELEASE_VERSION is the version the release was built with (the Makefile's VERSION, git
// describe); without it, git describe runs here. SMSWB_DIST_DIR overrides dist/.
package release

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"debug/pe"
	"encoding/binary"
	"encoding/hex"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tc-hib/winres"
	"github.com/tc-hib/winres/version"
)

const repoRoot = "../.."

// want is the version the artefacts must carry.
func want(t *testing.T) Version {
	t.Helper()
	d := strings.TrimSpace(os.Getenv("SMSWB_RELEASE_VERSION"))
	if d == "" {
		var err error
		if d, err = Describe(repoRoot); err != nil {
			t.Fatalf("no SMSWB_RELEASE_VERSION and %v", err)
		}
	}
	v, err := Derive(d, Commits(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func distDir() string {
	if d := os.Getenv("SMSWB_DIST_DIR"); d != "" {
		return d
	}
	return filepath.Join(repoRoot, "dist")
}

// artefact is the path of one artefact in dist/; the test fails when it is missing.
func artefact(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(distDir(), name)
	if _, err := os.Stat(p); err != nil {
		have, _ := filepath.Glob(filepath.Join(distDir(), "*"))
		t.Fatalf("%s is missing (build it with: make release); dist holds %v", name, have)
	}
	return p
}

func base(v Version) string { return "smsworkbench-" + strings.ReplaceAll(v.Full, "/", "-") }

func names(v Version) []string {
	return []string{
		base(v) + "-linux-amd64.tar.gz",
		"smsworkbench_" + v.Debian + "_amd64.deb",
		base(v) + "-windows-amd64.exe",
		base(v) + "-windows-amd64-installer.exe",
	}
}

func numeric(t *testing.T, s string) [4]uint16 {
	t.Helper()
	var n [4]uint16
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		t.Fatalf("%q is not a.b.c.d", s)
	}
	for i, p := range parts {
		x, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			t.Fatal(err)
		}
		n[i] = uint16(x)
	}
	return n
}

// checkPE opens a Windows executable: amd64, the GUI subsystem. It returns its resources.
func checkPE(t *testing.T, path string) *winres.ResourceSet {
	t.Helper()
	f, err := pe.Open(path)
	if err != nil {
		t.Fatalf("%s is not a PE file: %v", filepath.Base(path), err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("%s: machine %#x, want amd64 (%#x)", filepath.Base(path), f.Machine, pe.IMAGE_FILE_MACHINE_AMD64)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("%s: not a PE32+ (64-bit) image", filepath.Base(path))
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("%s: subsystem %d, want the GUI subsystem (%d)", filepath.Base(path), oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rs, err := winres.LoadFromEXE(r)
	if err != nil {
		t.Fatalf("%s: reading the resources: %v", filepath.Base(path), err)
	}
	return rs
}

// versionInfo reads the VS_VERSIONINFO resource back and checks it carries the release's version.
func versionInfo(t *testing.T, name string, rs *winres.ResourceSet, v Version) version.StringTable {
	t.Helper()
	var raw []byte
	rs.WalkType(winres.RT_VERSION, func(_ winres.Identifier, _ uint16, data []byte) bool {
		raw = data
		return false
	})
	if raw == nil {
		t.Fatalf("%s has no version resource", name)
	}
	vi, err := version.FromBytes(raw)
	if err != nil {
		t.Fatalf("%s: version resource: %v", name, err)
	}
	n := numeric(t, v.Windows)
	if vi.FileVersion != n || vi.ProductVersion != n {
		t.Errorf("%s: fixed file version %v, product version %v, want %v", name, vi.FileVersion, vi.ProductVersion, n)
	}
	st := vi.Table().GetMainTranslation()
	t.Logf("%s: fixed version %v; strings %v", name, vi.ProductVersion, st)
	for k, w := range map[string]string{"ProductName": "SMS Workbench", "ProductVersion": v.Full, "FileVersion": v.Windows} {
		if st[k] != w {
			t.Errorf("%s: version string %s = %q, want %q", name, k, st[k], w)
		}
	}
	return st
}

// manifest reads the application manifest back.
func manifest(t *testing.T, name string, rs *winres.ResourceSet) winres.AppManifest {
	t.Helper()
	var raw []byte
	rs.WalkType(winres.RT_MANIFEST, func(_ winres.Identifier, _ uint16, data []byte) bool {
		raw = data
		return false
	})
	if raw == nil {
		t.Fatalf("%s has no manifest", name)
	}
	m, err := winres.AppManifestFromXML(raw)
	if err != nil {
		t.Fatalf("%s: manifest: %v", name, err)
	}
	if m.ExecutionLevel != winres.AsInvoker {
		t.Errorf("%s: manifest execution level %v, want asInvoker (no administrator rights)", name, m.ExecutionLevel)
	}
	return m
}

// iconSizes lists the image sizes of an icon group resource (GRPICONDIR).
func iconSizes(t *testing.T, rs *winres.ResourceSet, id winres.Identifier) []int {
	t.Helper()
	var raw []byte
	rs.WalkType(winres.RT_GROUP_ICON, func(res winres.Identifier, _ uint16, data []byte) bool {
		if res == id {
			raw = data
		}
		return true
	})
	if len(raw) < 6 {
		t.Fatalf("no icon group %v", id)
	}
	var sizes []int
	for i := 0; i < int(binary.LittleEndian.Uint16(raw[4:])); i++ {
		w := int(raw[6+14*i])
		if w == 0 {
			w = 256
		}
		sizes = append(sizes, w)
	}
	slices.Sort(sizes)
	return sizes
}

func TestWindowsApp(t *testing.T) {
	v := want(t)
	path := artefact(t, base(v)+"-windows-amd64.exe")
	name := filepath.Base(path)
	rs := checkPE(t, path)
	st := versionInfo(t, name, rs, v)
	if st["OriginalFilename"] != "smsworkbench.exe" {
		t.Errorf("%s: OriginalFilename %q", name, st["OriginalFilename"])
	}

	m := manifest(t, name, rs)
	if m.DPIAwareness != winres.DPIPerMonitorV2 || !m.UseCommonControlsV6 {
		t.Errorf("%s: manifest DPI awareness %v, common controls 6 %v; want per-monitor v2 and true", name, m.DPIAwareness, m.UseCommonControlsV6)
	}
	if m.Identity.Version != numeric(t, v.Windows) {
		t.Errorf("%s: manifest assembly version %v, want %s", name, m.Identity.Version, v.Windows)
	}
	t.Logf("%s: manifest %+v", name, m)

	// Icon group 3 is the one the Wails window loads; Explorer shows the first group.
	if got := iconSizes(t, rs, winres.ID(3)); !slices.Equal(got, []int{16, 32, 48, 256}) {
		t.Errorf("%s: icon sizes %v, want 16, 32, 48, 256", name, got)
	}

	// The Go build: Windows, no CGO, the desktop tags, and the version passed to main.version.
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: Go build information: %v", name, err)
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	for k, w := range map[string]string{"GOOS": "windows", "GOARCH": "amd64", "CGO_ENABLED": "0", "-tags": "desktop,production"} {
		if settings[k] != w {
			t.Errorf("%s: built with %s=%q, want %q", name, k, settings[k], w)
		}
	}
	if !slices.Contains(strings.Fields(settings["-ldflags"]), "main.version="+v.Full) {
		t.Errorf("%s: ldflags %q do not set main.version=%s", name, settings["-ldflags"], v.Full)
	}
}

func TestWindowsInstaller(t *testing.T) {
	v := want(t)
	path := artefact(t, base(v)+"-windows-amd64-installer.exe")
	name := filepath.Base(path)
	rs := checkPE(t, path)
	versionInfo(t, name, rs, v)
	manifest(t, name, rs) // asInvoker: RequestExecutionLevel user, no UAC prompt

	// What the installer unpacks, read with 7-Zip (which opens NSIS installers): the app, byte for
	// byte the exe in dist, and the uninstaller.
	sevenZip := ""
	for _, c := range []string{"7zz", "7z"} {
		if p, err := exec.LookPath(c); err == nil {
			sevenZip = p
			break
		}
	}
	if sevenZip == "" {
		t.Fatal("7-Zip (7zz or 7z) is needed to look inside the installer: apt-get install 7zip")
	}
	list, err := exec.Command(sevenZip, "l", "-ba", "-slt", path).Output()
	if err != nil {
		t.Fatalf("7-Zip cannot list %s: %v", name, err)
	}
	var files []string
	for _, line := range strings.Split(string(list), "\n") {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "Path = "); ok && !strings.HasPrefix(p, "$PLUGINSDIR") {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	if !slices.Equal(files, []string{"smsworkbench.exe", "uninstall.exe"}) {
		t.Errorf("%s installs %v, want smsworkbench.exe and uninstall.exe", name, files)
	}
	dir := t.TempDir()
	if out, err := exec.Command(sevenZip, "x", "-y", "-o"+dir, path, "smsworkbench.exe").CombinedOutput(); err != nil {
		t.Fatalf("7-Zip cannot extract smsworkbench.exe from %s: %v\n%s", name, err, out)
	}
	if a, b := sha256File(t, filepath.Join(dir, "smsworkbench.exe")), sha256File(t, artefact(t, base(v)+"-windows-amd64.exe")); a != b {
		t.Errorf("the installer's smsworkbench.exe (%s) is not the exe in dist (%s)", a, b)
	}
}

func TestLinuxTarball(t *testing.T) {
	v := want(t)
	path := artefact(t, base(v)+"-linux-amd64.tar.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]int64{} // path → mode
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 {
			t.Errorf("%s is owned by %d:%d, want root", h.Name, h.Uid, h.Gid)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		files[h.Name] = h.Mode
		out := filepath.Join(dir, filepath.FromSlash(h.Name))
		os.MkdirAll(filepath.Dir(out), 0o755)
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, data, os.FileMode(h.Mode)); err != nil {
			t.Fatal(err)
		}
	}
	wantFiles := map[string]int64{
		"bin/smsworkbench":                                  0o755,
		"share/applications/smsworkbench.desktop":           0o644,
		"share/icons/hicolor/256x256/apps/smsworkbench.png": 0o644,
		"share/icons/hicolor/48x48/apps/smsworkbench.png":   0o644,
	}
	if len(files) != len(wantFiles) {
		t.Errorf("the tarball holds %v, want %v", files, wantFiles)
	}
	for p, mode := range wantFiles {
		if got, ok := files[p]; !ok || got != mode {
			t.Errorf("the tarball's %s: mode %o (present %v), want %o", p, got, ok, mode)
		}
	}

	bin := filepath.Join(dir, "bin", "smsworkbench")
	ef, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("bin/smsworkbench is not an ELF file: %v", err)
	}
	libs, _ := ef.ImportedLibraries()
	ef.Close()
	if ef.Machine != elf.EM_X86_64 {
		t.Errorf("bin/smsworkbench: machine %v", ef.Machine)
	}
	if !slices.ContainsFunc(libs, func(l string) bool { return strings.HasPrefix(l, "libwebkit2gtk-") }) {
		t.Errorf("bin/smsworkbench does not link WebKitGTK (the desktop build): %v", libs)
	}
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("smsworkbench --version: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "smsworkbench "+v.Full {
		t.Errorf("smsworkbench --version printed %q, want %q", got, "smsworkbench "+v.Full)
	}

	for size, p := range map[int]string{256: "share/icons/hicolor/256x256/apps/smsworkbench.png", 48: "share/icons/hicolor/48x48/apps/smsworkbench.png"} {
		r, err := os.Open(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(r)
		r.Close()
		if err != nil || cfg.Width != size || cfg.Height != size {
			t.Errorf("%s: %dx%d (%v), want %dx%d", p, cfg.Width, cfg.Height, err, size, size)
		}
	}
	desktop, _ := os.ReadFile(filepath.Join(dir, "share/applications/smsworkbench.desktop"))
	for _, line := range []string{"Type=Application", "Name=SMS Workbench", "Exec=smsworkbench", "Icon=smsworkbench"} {
		if !slices.Contains(strings.Split(string(desktop), "\n"), line) {
			t.Errorf("smsworkbench.desktop lacks %q", line)
		}
	}
}

func TestSHA256SUMS(t *testing.T) {
	v := want(t)
	sums := artefact(t, "SHA256SUMS")
	data, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		hash, file, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(hash) != 64 {
			t.Fatalf("SHA256SUMS: %q is not a sha256sum line", sc.Text())
		}
		listed[file] = hash
	}
	for _, n := range names(v) {
		got, ok := listed[n]
		if !ok {
			t.Errorf("SHA256SUMS does not list %s", n)
			continue
		}
		if h := sha256File(t, artefact(t, n)); h != got {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", n, h, got)
		}
	}
	if len(listed) != len(names(v)) {
		t.Errorf("SHA256SUMS lists %d files, want the %d artefacts %v", len(listed), len(names(v)), names(v))
	}
	// and sha256sum itself agrees
	cmd := exec.Command("sha256sum", "--check", "--strict", "SHA256SUMS")
	cmd.Dir = distDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum --check: %v\n%s", err, out)
	}
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
