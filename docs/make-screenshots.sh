#!/usr/bin/env bash
# Takes the screenshots in docs/ from the real app under Xvfb (needs xvfb, xdotool, imagemagick).
#   docs/make-screenshots.sh [NAME...]   (only the shots named; all by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Each screen size runs on its own virtual screen; a shot says which size it is taken at.
if [ -z "${SCREENSHOT_DISPLAY:-}" ]; then
  for size in 1280x800 1024x640 1920x1080; do
    SCREENSHOT_DISPLAY=1 SCREEN_SIZE=$size xvfb-run -a -s "-screen 0 ${size}x24" "$0" "$@"
  done
  echo "screenshots written to docs/"
  exit 0
fi
only=" $* "
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shot NAME THEME USER STEP...: start as USER, do each STEP ("click X Y", "dclick X Y",
# "key KEYS", "type TEXT", "wait SECONDS"), capture the screen. THEME is light or dark, with
# "-large" for the larger text (13 pt). Shots are taken at 1280x800 unless sized_shot says.
shot() { sized_shot 1280x800 "$@"; }
# scene_shot SCENE NAME THEME USER STEP...: as shot, in a test-only scene of tests/ui/screens.py
# (what the app shows only against a server: the server sign-in, the link down).
scene_shot() { local scene=$1; shift; SCENE=$scene sized_shot 1280x800 "$@"; }

sized_shot() {
  local size=$1 name=$2 theme=$3 user=$4; shift 4
  if [ "$size" != "$SCREEN_SIZE" ]; then return 0; fi
  if [ "$only" != "  " ] && [[ "$only" != *" $name "* ]]; then return 0; fi
  mkdir -p "$work/config/Omnidesk"
  printf '[appearance]\ntheme=%s\n' "${theme%-large}" > "$work/config/Omnidesk/Omnidesk.conf"
  if [[ "$theme" == *-large ]]; then printf 'font_size=13\n' >> "$work/config/Omnidesk/Omnidesk.conf"; fi
  # Each shot on a desk of its own, so one shot's edits do not show in the next.
  rm -rf "$work/data"
  if [ -n "${SCENE:-}" ]; then
    XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb PYTHONPATH="$PWD" \
      .venv/bin/python -m tests.ui.screens "$SCENE" --data-dir "$work/data" --as "$user" &
  else
    XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=xcb .venv/bin/omnidesk --data-dir "$work/data" --as "$user" &
  fi
  local app=$!
  sleep 12  # the first run builds the sample desk
  for step in "$@"; do
    read -r verb rest <<< "$step"
    case $verb in
      click) xdotool mousemove $rest click 1 ;;
      dclick) xdotool mousemove $rest click --repeat 2 1 ;;
      key) xdotool key $rest ;;
      type) xdotool type "$rest" ;;
      wait) sleep "$rest" ;;
      fill) xdotool search --onlyvisible --class Omnidesk windowmove 0 0 windowsize 100% 100% ;;
    esac
    sleep 1
  done
  import -window root "docs/$name.png"
  kill "$app"; wait "$app" 2>/dev/null || true
}

shot workspace light bo "click 80 520"
shot workspace-dark dark bo "click 80 520"
shot transfer-dialog light bo "click 80 520" "key ctrl+shift+t"
# Ana searches every conversation (Ctrl+K), opens the second hit at its message, and looks again.
shot search light ana "key ctrl+k" "type refund" "wait 2" "key Down Return" "wait 2" "key ctrl+k" "wait 1"
# Maya monitors Customer Care; double-clicking a chat in progress opens its transcript.
shot monitor light maya "dclick 70 316"
shot monitor-dark dark maya
# Sam, the admin: Billing's form, an edit saved as pending, then the what-if comparison.
shot admin-editor light sam "click 250 143" "click 1177 370" "dclick 900 370" "type 2" "key ctrl+s"
# ...then routing switched from manual to auto selection, compared with today's traffic.
shot what-if light sam "click 38 124" "click 872 102" "key Down Down Return" "key ctrl+s" \
  "click 1083 762" "wait 6"
# The Contact Center (Ctrl+Shift+C) on Ines Dubois, whose merged twin left a name conflict.
shot contact-center light sam "key ctrl+shift+c" "wait 2" "type ines dub" "wait 2" "click 100 122" \
  "click 290 40" "key Escape" "wait 2"
# Ana takes Noah D. (a new WhatsApp number) and verifies him by his email: his contacts merge.
shot verify-merge light ana "dclick 60 265" "click 530 72" "click 501 339" "click 680 367" \
  "key ctrl+a" "type noah.dubois13@example.net" "click 742 459" "wait 2"
# The desk from a small laptop to a full-HD screen (the window filling it), light, dark and with
# larger text: Bo opens his first chat (Alt+Down), once the arrival notices have gone.
sized_shot 1024x640 desk-1024-light light bo "key alt+Down" "wait 8"
sized_shot 1024x640 desk-1024-dark-large dark-large bo "key alt+Down" "wait 8"
sized_shot 1920x1080 desk-1920-dark dark bo "fill" "key alt+Down" "wait 8"
sized_shot 1920x1080 desk-1920-light-large light-large bo "fill" "key alt+Down" "wait 8"
# Signing in to a server (a scripted one): a refused password, and the second step's code.
scene_shot server-sign-in server-sign-in light ana
# Bo's desk while the link to the server is down: the bar at the top, a reply waiting to be sent.
scene_shot offline-desk offline-banner light bo "click 80 520" "wait 8"
