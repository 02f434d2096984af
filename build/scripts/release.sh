#!/usr/bin/env bash
# Builds every release artefact into dist/ (docs/releasing.md):
#   smsworkbench-VERSION-linux-amd64.tar.gz          the Linux desktop binary, .desktop file and
#                                                    icons, laid out to unpack into ~/.local or /usr/local
#   smsworkbench_DEBVERSION_amd64.deb                the Debian/Ubuntu package
#   smsworkbench-VERSION-windows-amd64.exe           the Windows desktop app (icon, manifest, version)
#   smsworkbench-VERSION-windows-amd64-installer.exe its per-user NSIS installer
#   SHA256SUMS                                       sha256sum -c SHA256SUMS checks them
# VERSION is $VERSION if set (the Makefile passes git describe --tags --always --dirty), else git
# describe itself; WINVERSION and DEBVERSION come from it (build/release/version.go).
# Needs the frontend built (make frontend), the packages of install-deps.sh run, makensis (nsis).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

versions=$(go run ./build/release/cmd/version -describe "${VERSION:-}") # VERSION, WINVERSION, DEBVERSION
eval "$versions"
name="smsworkbench-${VERSION//\//-}"
dist=$root/dist
work=$(mktemp -d)
syso=$root/rsrc_windows_amd64.syso
nsis_pid=""
cleanup() {
  [ -n "$nsis_pid" ] && kill "$nsis_pid" 2>/dev/null
  rm -rf "$work" "$syso"
}
trap cleanup EXIT

if [ ! -f frontend/dist/index.html ]; then
  echo "release: frontend/dist/index.html is missing: build the frontend first (make frontend)" >&2
  exit 1
fi
command -v makensis >/dev/null || { echo "release: makensis is missing (apt-get install nsis)" >&2; exit 1; }

t0=$SECONDS
step() { echo "release: $* ($((SECONDS - t0)) s)"; }
echo "release: version $VERSION (Windows $WINVERSION, Debian $DEBVERSION)"
rm -rf "$dist"
mkdir -p "$dist"
ldflags="-s -w -X main.version=$VERSION"

# Windows first, so that the installer's compression (one core, about 40 s) runs in the
# background while the Linux binary builds.
step "Windows resources and build"
go run ./build/windows/winres -version "$VERSION" -winversion "$WINVERSION" -out "$syso"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -tags desktop,production \
  -ldflags "-H windowsgui $ldflags" -o "$dist/$name-windows-amd64.exe" .
rm -f "$syso"
step "NSIS installer (in the background)"
makensis -V2 -DVERSION="$VERSION" -DWINVERSION="$WINVERSION" \
  -DAPP_EXE="$dist/$name-windows-amd64.exe" -DOUTFILE="$dist/$name-windows-amd64-installer.exe" \
  build/windows/installer.nsi >"$work/makensis.log" 2>&1 &
nsis_pid=$!

step "Linux build"
tree=$work/tree # the files under a prefix: /usr in the .deb, ~/.local or /usr/local from the tarball
install -d -m 0755 "$tree/bin" "$tree/share/applications" \
  "$tree/share/icons/hicolor/256x256/apps" "$tree/share/icons/hicolor/48x48/apps"
go build -tags desktop,production -ldflags "$ldflags" -o "$tree/bin/smsworkbench" .
chmod 0755 "$tree/bin/smsworkbench"
install -m 0644 build/linux/smsworkbench.desktop "$tree/share/applications/smsworkbench.desktop"
install -m 0644 build/appicon.png "$tree/share/icons/hicolor/256x256/apps/smsworkbench.png"
install -m 0644 build/linux/smsworkbench-48.png "$tree/share/icons/hicolor/48x48/apps/smsworkbench.png"

step "Linux tarball"
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$tree" -czf "$dist/$name-linux-amd64.tar.gz" bin share

step "Debian package"
pkg=$work/deb/debian/smsworkbench # dpkg-shlibdeps expects the package's files under debian/<package>
install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr"
cp -a "$tree/." "$pkg/usr/"
touch "$work/deb/debian/control"
# The runtime libraries the binary links, as package names with minimum versions, from the
# shlibs/symbols files of the libraries installed here (libwebkit2gtk-4.0-37, libgtk-3-0, ...).
depends=$(cd "$work/deb" && dpkg-shlibdeps -O debian/smsworkbench/usr/bin/smsworkbench | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "release: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$DEBVERSION/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  build/linux/control.in >"$pkg/DEBIAN/control"
chmod 0644 "$pkg/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$dist/smsworkbench_${DEBVERSION}_amd64.deb" >/dev/null

step "waiting for the NSIS installer"
if ! wait "$nsis_pid"; then
  nsis_pid=""
  cat "$work/makensis.log" >&2
  echo "release: makensis failed" >&2
  exit 1
fi
nsis_pid=""
cat "$work/makensis.log"

(cd "$dist" && sha256sum -- *.tar.gz *.deb *.exe >SHA256SUMS)
step "done"
ls -l "$dist"
