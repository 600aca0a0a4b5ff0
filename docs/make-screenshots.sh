#!/usr/bin/env bash
# Takes the screenshots in docs/ from the real app under Xvfb (needs xvfb, xdotool, imagemagick).
#   docs/make-screenshots.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${SCREENSHOT_DISPLAY:-}" ]; then
  SCREENSHOT_DISPLAY=1 exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shot() {  # shot NAME THEME KEYS...: start as bo, open his first chat, press KEYS, capture
  local name=$1 theme=$2; shift 2
  mkdir -p "$work/config/Omnidesk"
  printf '[appearance]\ntheme=%s\n' "$theme" > "$work/config/Omnidesk/Omnidesk.conf"
  XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb .venv/bin/omnidesk --data-dir "$work/data" --as bo &
  local app=$!
  sleep 4
  xdotool mousemove 80 520 click 1
  sleep 1
  for keys in "$@"; do xdotool key "$keys"; sleep 1; done
  import -window root "docs/$name.png"
  kill "$app"; wait "$app" 2>/dev/null || true
}

shot workspace light
shot workspace-dark dark
shot transfer-dialog light ctrl+shift+t
echo "screenshots written to docs/"
