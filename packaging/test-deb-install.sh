#!/usr/bin/env bash
# Installs Omnidesk's .deb into a fresh Debian 12 root that has never seen the project, runs it
# there as a user would, then removes and purges it and checks that nothing of it is left.
#
#   packaging/test-deb-install.sh [dist/omnidesk_<version>_amd64.deb]
#
# Needs root (chroot, a /proc mount) and debootstrap (installed with apt-get when missing), and
# takes minutes: it is not part of ./dev test. OMNIDESK_TEST_BASE names a pristine debootstrap
# --variant=minbase bookworm root to copy instead of bootstrapping one (it is never changed).
#
# What it checks, in order:
#   1. `apt-get install ./omnidesk_*.deb` pulls in the package's Depends and nothing fails;
#   2. every library of every ELF file in /opt/omnidesk resolves (ldd: nothing "not found");
#   3. `omnidesk --version`; the menu entry and the icons are where the desktop looks;
#   4. `omnidesk --smoke-test` as an ordinary user, with Qt's offscreen platform (what the
#      smoke test chooses when no platform is set), twice: the first run builds the sample
#      organisation in ~/.local/share/omnidesk, the second is a start-up like any other; and once
#      in Portuguese;
#   5. the same smoke test on X11 (Xvfb, QT_QPA_PLATFORM=xcb), after installing xvfb;
#   6. `apt-get remove` leaves no file of the package, keeps the user's data;
#   7. `apt-get purge` says where the user's data is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

deb=$(realpath "${1:-$(ls dist/omnidesk_*_amd64.deb | tail -n 1)}")
[ "$(id -u)" -eq 0 ] || { echo "Run as root: it builds and enters a chroot."; exit 1; }
command -v debootstrap >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

work=$(mktemp -d /tmp/omnidesk-install-test.XXXXXX)
root="$work/root"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31mFAILED: %s\033[0m\n' "$*"; exit 1; }

cleanup() {
  # Unmount before deleting, and delete nothing while anything is still mounted inside.
  umount "$root/dev/pts" 2>/dev/null || true
  umount "$root/dev/shm" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
  if grep -q " $work/" /proc/mounts; then
    echo "Left $work in place: something is still mounted inside it."
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

step "A fresh Debian 12 root in $root"
if [ -n "${OMNIDESK_TEST_BASE:-}" ]; then
  cp -a "$OMNIDESK_TEST_BASE" "$root"
else
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
fi
mount -t proc proc "$root/proc"
mount -t tmpfs shm "$root/dev/shm"
mount -t devpts -o newinstance devpts "$root/dev/pts" 2>/dev/null || true  # apt's log wants a pty
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
package="./tmp/$(basename "$deb")"

in_root() {  # as root in the chroot, with a clean environment
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
as_user() {  # as the user "agent", who has a home and nothing else
  chroot --userspec="$agent" --groups="" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin \
    HOME=/home/agent LANG=C.UTF-8 "$@"
}
in_root useradd --create-home --shell /bin/sh agent
agent="$(in_root id -u agent):$(in_root id -g agent)"
[ ! -e "$root/opt/omnidesk" ] && ! in_root sh -c 'command -v omnidesk' >/dev/null || fail "the root is not fresh"

# The package's directories that the fresh root already has (/usr/share, /opt...): they stay.
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./\(.*\)/$|/\1|p' | while read -r dir; do
  [ -d "$root$dir" ] && echo "$dir"; done > "$work/preexisting" || true

step "1. apt-get install $package"
in_root apt-get update -qq
in_root apt-get install -y "$package" | tee "$work/install.log" | grep -E "^(The following NEW|Need to get|After this)" || true
grep -q "^Setting up omnidesk" "$work/install.log" || fail "the package did not install"
installed_kib=$(in_root dpkg-query -W -f='${Installed-Size}' omnidesk)
echo "omnidesk's Installed-Size: $((installed_kib / 1024)) MiB; $(grep -o 'After this operation, .*' "$work/install.log")"
in_root dpkg -L omnidesk | grep -vx '/\.' | sort > "$work/files"
in_root dpkg-query -W -f='${Status}' fonts-noto-color-emoji | grep -q "install ok installed" \
  || fail "the recommended emoji font was not installed"

step "2. Every library of the bundle resolves"
missing=$(in_root sh -c 'cd /opt/omnidesk && find . -type f -name "*.so*" -o -type f -name omnidesk | while read -r f; do
  LD_LIBRARY_PATH=/opt/omnidesk/_internal:/opt/omnidesk/_internal/PySide6/Qt/lib ldd "$f" 2>/dev/null | sed -n "s|^\s*\(\S*\) => not found|$f: \1|p"; done')
[ -z "$missing" ] || fail "libraries not found: $missing"
echo "ldd finds every library of /opt/omnidesk."

step "3. The command, the menu entry, the icons"
as_user omnidesk --version | tee "$work/version"
grep -q "^omnidesk [0-9]" "$work/version" || fail "omnidesk --version"
for file in /usr/bin/omnidesk /usr/share/applications/org.omnidesk.Omnidesk.desktop \
            /usr/share/metainfo/org.omnidesk.Omnidesk.metainfo.xml \
            /usr/share/icons/hicolor/16x16/apps/org.omnidesk.Omnidesk.png \
            /usr/share/icons/hicolor/512x512/apps/org.omnidesk.Omnidesk.png \
            /usr/share/icons/hicolor/scalable/apps/org.omnidesk.Omnidesk.svg \
            /opt/omnidesk/_internal/resources/i18n/omnidesk_pt_BR.qm \
            /opt/omnidesk/_internal/PySide6/Qt/translations/qtbase_pt_BR.qm; do
  in_root test -e "$file" || fail "$file is missing"
done
grep "^Exec=omnidesk$" "$root/usr/share/applications/org.omnidesk.Omnidesk.desktop" >/dev/null || fail "Exec"
echo "omnidesk is on PATH; the menu entry, metainfo, icons and translations are installed."

step "4. omnidesk --smoke-test (offscreen), as the user agent"
as_user omnidesk --smoke-test 2>"$work/smoke1.err" | tee "$work/smoke1" || { cat "$work/smoke1.err"; fail "first smoke test"; }
as_user omnidesk --smoke-test 2>"$work/smoke2.err" | tee "$work/smoke2" || { cat "$work/smoke2.err"; fail "second smoke test"; }
grep -q "^start-up: [0-9]* ms" "$work/smoke2" || fail "no start-up time printed"
as_user env LANGUAGE=pt_BR omnidesk --smoke-test >/dev/null 2>"$work/smoke-pt.err" \
  || { cat "$work/smoke-pt.err"; fail "smoke test in Portuguese"; }
[ -f "$root/home/agent/.local/share/omnidesk/omnidesk.sqlite3" ] || fail "no data in ~/.local/share/omnidesk"
if [ -s "$work/smoke2.err" ]; then echo "It said on stderr:"; sed 's/^/  /' "$work/smoke2.err"; fi
echo "first run (builds the sample organisation): $(grep -o '[0-9]* ms' "$work/smoke1");" \
     "second run: $(grep -o '[0-9]* ms' "$work/smoke2")"

step "5. omnidesk --smoke-test on X11 (Xvfb)"
in_root apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
as_user xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb omnidesk --smoke-test \
  2>"$work/smoke-x11.err" | tee "$work/smoke-x11" || { cat "$work/smoke-x11.err"; fail "smoke test on X11"; }
if [ -s "$work/smoke-x11.err" ]; then echo "It said on stderr:"; sed 's/^/  /' "$work/smoke-x11.err"; fi

step "6. apt-get remove omnidesk"
in_root apt-get remove -y omnidesk >"$work/remove.log"
# A file or link of the package that is still there, or a directory it brought that no other
# package owns.
left=$(while read -r path; do
  if [ -L "$root$path" ] || [ -f "$root$path" ]; then
    echo "$path"
  elif [ -d "$root$path" ] && ! grep -qxF "$path" "$work/preexisting" \
       && ! in_root dpkg-query -S "$path" >/dev/null 2>&1; then
    echo "$path/"
  fi
done < "$work/files")
[ -z "$left" ] || fail "left after remove: $left"
[ ! -e "$root/opt/omnidesk" ] || fail "/opt/omnidesk is left"
[ -f "$root/home/agent/.local/share/omnidesk/omnidesk.sqlite3" ] || fail "remove took the user's data"
echo "Nothing of the $(wc -l < "$work/files") paths of the package is left; the user's data is kept."

step "7. apt-get purge omnidesk"
if ! in_root dpkg-query -W -f='${Status}' omnidesk 2>/dev/null | grep -q "config-files"; then
  # dpkg forgets a removed package that has no configuration files: install it again to purge it.
  in_root apt-get install -y -qq "$package" >/dev/null
fi
in_root apt-get purge -y omnidesk | tee "$work/purge.log" | sed -n '/Omnidesk is purged/,/Start when/p'
grep -q "~/.local/share/omnidesk/" "$work/purge.log" || fail "purge did not say where the data is"
[ ! -e "$root/opt/omnidesk" ] && [ ! -e "$root/usr/bin/omnidesk" ] || fail "purge left files"
[ -f "$root/home/agent/.local/share/omnidesk/omnidesk.sqlite3" ] || fail "purge took the user's data"

step "Passed"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1)), installed $((installed_kib / 1024)) MiB"
echo "start-up in the fresh root: $(grep -o '[0-9]* ms' "$work/smoke2") (offscreen), $(grep -o '[0-9]* ms' "$work/smoke-x11") (X11)"
