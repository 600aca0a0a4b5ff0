#!/usr/bin/env bash
# Builds Omnidesk's Debian package, dist/omnidesk_<version>_<arch>.deb: the bundle
# (packaging/build-bundle.sh), then the package around it (packaging/debian.py), then checks the
# desktop entry and the AppStream metainfo with desktop-file-validate and appstreamcli.
#
#   packaging/build-deb.sh                 then   sudo apt-get install ./dist/omnidesk_*.deb
#   packaging/build-deb.sh --reuse-bundle  package the bundle already in dist/omnidesk
#
# packaging/test-deb-install.sh installs the package in a fresh Debian 12 root and runs it there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${1:-}" != "--reuse-bundle" ] || [ ! -x dist/omnidesk/omnidesk ]; then
  packaging/build-bundle.sh
fi
dist/omnidesk/omnidesk --version >/dev/null

printf '\033[1m==> %s\033[0m\n' "Building the package" >&2
# The system's python3: the standard library is all debian.py needs.
python3 packaging/debian.py --bundle dist/omnidesk --out dist

if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate resources/desktop/org.omnidesk.Omnidesk.desktop
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net resources/desktop/org.omnidesk.Omnidesk.metainfo.xml
fi
