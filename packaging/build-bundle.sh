#!/usr/bin/env bash
# Builds a self-contained one-folder bundle of Omnidesk with PyInstaller: dist/omnidesk/omnidesk.
# The target machine needs only libgl1 and libegl1 (PyInstaller does not bundle them).
#
#   packaging/build-bundle.sh            then   dist/omnidesk/omnidesk --smoke-test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -x .tools/bin/uv ] && [ -d .venv ] || { echo "Run ./dev test first: it sets up the environment."; exit 1; }
.tools/bin/uv run --with "pyinstaller==6.*" pyinstaller \
  --noconfirm --clean --log-level WARN \
  --name omnidesk --windowed \
  --distpath dist --workpath build/pyinstaller --specpath build \
  --exclude-module PySide6.QtWebEngineCore --exclude-module PySide6.QtPdf \
  packaging/entry.py
echo "Built dist/omnidesk/omnidesk ($(du -sh dist/omnidesk | cut -f1))."
