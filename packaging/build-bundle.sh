#!/usr/bin/env bash
# Builds a self-contained one-folder bundle of Omnidesk with PyInstaller: dist/omnidesk/omnidesk,
# which runs on a Linux machine without Python (packaging/build-deb.sh packages it).
#
#   packaging/build-bundle.sh            then   dist/omnidesk/omnidesk --smoke-test
#
# It works on a fresh Debian 12 / Ubuntu 24.04 with python3: it installs the system packages the
# build needs (apt-get, through sudo when not root), and builds in its own virtual environment,
# build/bundle-venv, from the locked dependencies (uv.lock) plus PyInstaller: the developer's .venv
# is never touched. PYTHON chooses the interpreter the bundle carries (default: python3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYINSTALLER="pyinstaller==6.22.*"
PYTHON="${PYTHON:-python3}"
UV_VERSION=$(sed -n 's/^UV_VERSION="\(.*\)"$/\1/p' dev)
WIDGET_VERSION=$(sed -n 's/^WIDGET_VERSION="\(.*\)"$/\1/p' dev)
VENV=build/bundle-venv
# What PyInstaller needs (objdump; the shared libpython of a Debian python), and the Qt libraries
# the bundle carries: PyInstaller copies the ones it finds, so they must be here to be found.
BUILD_TOOLS=(binutils python3-venv)
QT_LIBRARIES=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libx11-xcb1
              libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
              libxcb-render-util0 libxcb-shape0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1
              libxkbcommon-x11-0 libpulse0)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

installed() {  # Ubuntu 24.04 and Debian 13 renamed some libraries with a t64 suffix.
  dpkg-query -W -f='${Status}' "$1" "${1}t64" 2>/dev/null | grep -q "install ok installed"
}

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { say "Not a Debian-like system: install binutils and Qt 6's runtime libraries yourself."; return 0; }
  local missing=() package sudo=()
  for package in "$@"; do installed "$package" || missing+=("$package"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "Need root to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  say "Installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  local resolved=()
  for package in "${missing[@]}"; do
    if ! apt-cache show "$package" >/dev/null 2>&1 && apt-cache show "${package}t64" >/dev/null 2>&1; then
      package="${package}t64"
    fi
    resolved+=("$package")
  done
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${resolved[@]}" >/dev/null
}

python_minor=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
extra=()
# Debian's python3 links libpython statically; PyInstaller needs the shared one beside it.
[ "$(command -v "$PYTHON")" = "/usr/bin/python3" ] || [ "$(command -v "$PYTHON")" = "/usr/bin/python$python_minor" ] \
  && extra+=("libpython$python_minor")
system_packages "${BUILD_TOOLS[@]}" "${QT_LIBRARIES[@]}" "${extra[@]}"

uv=.tools/bin/uv
if [ ! -x "$uv" ]; then
  uv=build/tools/bin/uv
  if [ ! -x "$uv" ]; then
    say "Installing uv ${UV_VERSION} into build/tools/"
    "$PYTHON" -m venv build/tools
    build/tools/bin/pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
  fi
fi

say "Preparing the build environment $VENV (locked dependencies, $PYINSTALLER)"
export UV_PYTHON_DOWNLOADS=never
[ -x "$VENV/bin/python" ] || "$uv" venv --quiet --python "$PYTHON" "$VENV"
"$uv" export --quiet --frozen --no-dev --no-emit-project --format requirements-txt -o build/bundle-requirements.txt
"$uv" pip install --quiet --python "$VENV/bin/python" -r build/bundle-requirements.txt
"$uv" pip install --quiet --python "$VENV/bin/python" "$PYINSTALLER"
# The project itself, so its metadata (version, dependencies) travels in the bundle.
"$uv" pip install --quiet --python "$VENV/bin/python" --no-deps --reinstall-package omnidesk .

widget="${OMNIDESK_WIDGET_DIR:-.widget/livechat-$WIDGET_VERSION}"
if [ ! -f "$widget/index.html" ]; then
  say "No Livechat widget in $widget (./dev run fetches it): website chat will serve its API but not the widget's page."
  widget=""
fi

say "Building the bundle"
rm -rf dist/omnidesk
OMNIDESK_BUNDLE_WIDGET="$widget" "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/omnidesk.spec
echo "Built dist/omnidesk/omnidesk ($(du -sh dist/omnidesk | cut -f1))."
