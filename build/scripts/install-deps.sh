#!/usr/bin/env bash
# Installs what building, running or testing SMS Workbench needs and is missing, on Debian or
# Ubuntu: Debian packages (only those not installed yet), the frontend's npm packages (from
# package-lock.json) and the Go modules (from go.sum). Safe to run again: it does nothing when
# everything is there.
#   install-deps.sh run    what the desktop app needs to build and start
#   install-deps.sh test   that, plus what the tests need (Xvfb, Chromium, poppler, OCR, LibreOffice
#                          Writer to open the DOCX files as a reader of Word files does) and what
#                          the release needs and its tests use (NSIS, 7-Zip, desktop-file-utils)
#   install-deps.sh release  what the desktop app needs, plus NSIS for the Windows installer
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-run}

run_pkgs="build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev"
release_pkgs="nsis"
test_pkgs="xvfb xauth x11-utils xdotool imagemagick tesseract-ocr tesseract-ocr-eng chromium fonts-dejavu-core poppler-utils util-linux $release_pkgs 7zip desktop-file-utils libreoffice-writer-nogui syncthing"
pkgs=$run_pkgs
[ "$what" = test ] && pkgs="$run_pkgs $test_pkgs"
[ "$what" = release ] && pkgs="$run_pkgs $release_pkgs"

missing=()
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  echo "error: Go 1.26 or newer is needed (https://go.dev/dl); Debian's golang-go is too old" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "error: Node.js 20 or newer is needed, found $(node --version)" >&2
  exit 1
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  echo "installing npm packages"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
fi

go mod download
