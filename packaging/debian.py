"""Builds Omnidesk's Debian package from the bundle (packaging/build-deb.sh runs it).

    python3 packaging/debian.py [--bundle dist/omnidesk] [--out dist]

The bundle goes to /opt/omnidesk with a link on PATH (/usr/bin/omnidesk); the desktop entry, the
icons and the AppStream metainfo go to /usr/share. `Depends` names the packages of exactly the
libraries the bundle needs and does not carry: ldd over every ELF file of the bundle says where
each library it names (NEEDED) is found, and those found outside it are looked up with
`dpkg -S`; the lowest
version of each that will do comes from the symbol versions the bundle asks for (GLIBC_2.34 needs
libc6 >= 2.34, per the package's symbols file), as dpkg-shlibdeps would find it.

Needs only the Python standard library, ldd, objdump (binutils) and dpkg; it is run by the system
python3 on the build machine, whose installed libraries are the ones the target will have.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cmp_to_key
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.omnidesk.Omnidesk"
PACKAGE = "omnidesk"
INSTALL_DIR = Path("/opt/omnidesk")
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
DEFAULT_MAINTAINER = "The Omnidesk maintainers <maintainers@omnidesk.invalid>"
# Not libraries, so not in Depends: without a colour emoji font, the emoji of messages and of the
# composer's picker show as empty boxes.
RECOMMENDS = "fonts-noto-color-emoji"

_LDD_LINE = re.compile(r"^\s*(?P<name>\S+)\s+=>\s+(?P<path>not found|\S+)")
_LDD_LOADER = re.compile(r"^\s*(?P<path>/\S+)\s+\(0x[0-9a-f]+\)")
_VERSION_NEED = re.compile(r"^\s+0x[0-9a-f]+ 0x[0-9a-f]+ \d+ (\S+)")


class PackagingError(Exception):
    """A reason the package cannot be built, said so that the builder can act on it."""


# -- Depends from ldd ------------------------------------------------------------------------

def parse_ldd(text: str) -> dict[str, str | None]:
    """Each library ldd lists, by soname: where it was found, or None when it was not."""
    found: dict[str, str | None] = {}
    for line in text.splitlines():
        if match := _LDD_LINE.match(line):
            path = match["path"]
            found[match["name"]] = None if path == "not found" else path
        elif match := _LDD_LOADER.match(line):
            found[os.path.basename(match["path"])] = match["path"]
    return found


def outside(libraries: Mapping[str, str | None], bundle: Path) -> dict[str, str]:
    """The libraries found outside the bundle (soname: path); raises PackagingError for one
    found nowhere, which the target could not load either."""
    missing = sorted(name for name, path in libraries.items() if path is None)
    if missing:
        raise PackagingError(f"ldd finds neither in the bundle nor on this machine: {', '.join(missing)}. "
                             "Install them here (the bundle is built from this machine's libraries).")
    inside = str(bundle.resolve()) + os.sep
    return {name: path for name, path in libraries.items()
            if path is not None and not os.path.realpath(path).startswith(inside)
            and not path.startswith(inside)}


def parse_needed(text: str) -> list[str]:
    """The libraries an ELF file names itself (objdump -p's NEEDED entries): ldd lists theirs
    too, but those are their own packages' business."""
    return [line.split()[1] for line in text.splitlines() if line.strip().startswith("NEEDED")]


def parse_version_references(text: str) -> dict[str, set[str]]:
    """The symbol versions an ELF file asks of each library (objdump -p's Version References)."""
    wanted: dict[str, set[str]] = {}
    library = None
    in_references = False
    for line in text.splitlines():
        if line.startswith("Version References:"):
            in_references = True
        elif in_references and (match := re.match(r"^\s+required from (\S+):", line)):
            library = match[1]
            wanted.setdefault(library, set())
        elif in_references and library and (match := _VERSION_NEED.match(line)):
            wanted[library].add(match[1])
        elif in_references and line.strip() and not line.startswith(" "):
            in_references = False
    return wanted


def minimal_version(nodes: Iterable[str], symbols: str, shlibs: str, package: str,
                    compare: Callable[[str, str], int]) -> str | None:
    """The lowest version of `package` that has every symbol version in `nodes`, from its
    symbols file (lines "NODE@NODE version"); for a library without symbol versions, the
    version its shlibs file asks for; None when neither says."""
    versions = []
    for node in nodes:
        if match := re.search(rf"^ {re.escape(node)}@{re.escape(node)} (\S+)", symbols, re.MULTILINE):
            versions.append(match[1])
    if versions:
        return max(versions, key=cmp_to_key(compare))
    if match := re.search(rf"\s{re.escape(package)} \(>= ([^)]+)\)", shlibs):
        return match[1]
    return None


def depends_field(requirements: Mapping[str, Iterable[str | None]],
                  compare: Callable[[str, str], int]) -> str:
    """The Depends value: one entry per package, sorted, with the highest version asked."""
    entries = []
    for package in sorted(requirements):
        versions = [version for version in requirements[package] if version]
        if versions:
            entries.append(f"{package} (>= {max(versions, key=cmp_to_key(compare))})")
        else:
            entries.append(package)
    return ", ".join(entries)


def candidates(path: str) -> list[str]:
    """Where dpkg may have recorded a library file: the path as ldd gave it, its real path, and
    their twins across the /lib and /usr/lib merge."""
    real = os.path.realpath(path)
    names = [path, real]
    for name in (path, real):
        if name.startswith("/usr/lib/"):
            names.append(name.removeprefix("/usr"))
        elif name.startswith("/lib"):
            names.append("/usr" + name)
    return list(dict.fromkeys(names))


def parse_dpkg_search(text: str) -> dict[str, str]:
    """`dpkg-query -S` lines ("libxcb1:amd64: /lib/x86_64-linux-gnu/libxcb.so.1") as path: package."""
    owners = {}
    for line in text.splitlines():
        packages, separator, path = line.partition(": ")
        if separator and path.startswith("/") and not line.startswith("diversion "):
            owners[path.strip()] = packages.split(",")[0].split(":")[0].strip()
    return owners


def package_owning(path: str, owners: Mapping[str, str]) -> str:
    for candidate in candidates(path):
        if candidate in owners:
            return owners[candidate]
    raise PackagingError(f"No installed package owns {path}; the package could not depend on it.")


def split_sections(text: str, files: Iterable[Path], header: Callable[[str], str]) -> dict[Path, str]:
    """A command's output for several files, cut at each file's header line."""
    wanted = {header(str(file)): file for file in files}
    sections: dict[Path, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        file = wanted.get(line.rstrip())
        if file is not None:
            current = sections.setdefault(file, [])
        elif current is not None:
            current.append(line)
    return {file: "\n".join(lines) for file, lines in sections.items()}


def elf_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    files.append(path)
    return files


@dataclass(frozen=True, slots=True)
class System:
    """The commands the package is computed with, on the build machine; each is run once for
    all the files (dpkg-query reads its whole database on every call)."""

    def ldd(self, files: list[Path], library_path: str) -> dict[Path, str]:
        run = subprocess.run(["ldd", *map(str, files)], capture_output=True, text=True,
                             env={**os.environ, "LD_LIBRARY_PATH": library_path}, check=False)
        # Exit status 1 when a file is not dynamic ("not a dynamic executable"): nothing to need.
        return split_sections(run.stdout, files, lambda name: f"{name}:")

    def objdump(self, files: list[Path]) -> dict[Path, str]:
        run = subprocess.run(["objdump", "-p", *map(str, files)], capture_output=True, text=True,
                             check=True)
        return split_sections(run.stdout, files, lambda name: f"{name}:     file format elf64-x86-64")

    def owners(self, paths: Iterable[str]) -> dict[str, str]:
        names = sorted({candidate for path in paths for candidate in candidates(path)})
        if not names:
            return {}
        # Exit status 1 when some path is nobody's (the other candidates are): the rest is said.
        run = subprocess.run(["dpkg-query", "-S", *names], capture_output=True, text=True, check=False)
        return parse_dpkg_search(run.stdout)

    def dpkg_info(self, package: str, kind: str) -> str:
        arch = self.architecture()
        for name in (f"{package}:{arch}.{kind}", f"{package}.{kind}"):
            path = Path("/var/lib/dpkg/info") / name
            if path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
        return ""

    def architecture(self) -> str:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()

    def compare(self, left: str, right: str) -> int:
        if left == right:
            return 0
        lower = subprocess.run(["dpkg", "--compare-versions", left, "lt", right], check=False)
        return -1 if lower.returncode == 0 else 1


def compute_depends(bundle: Path, system: System) -> tuple[str, dict[str, str]]:
    """Depends for the bundle, and each outside library's package (for the report)."""
    internal = bundle / "_internal"
    # The bundle's launcher puts _internal on the library path; Qt's plugins find Qt by RUNPATH.
    library_path = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    files = elf_files(bundle)
    resolved = system.ldd(files, library_path)
    headers = system.objdump(files)
    wanted_versions: dict[str, set[str]] = {}
    paths: dict[str, str] = {}
    for file in files:
        found = outside(parse_ldd(resolved.get(file, "")), bundle)
        paths.update({name: found[name] for name in parse_needed(headers[file]) if name in found})
        for library, nodes in parse_version_references(headers[file]).items():
            wanted_versions.setdefault(library, set()).update(nodes)
    owners = system.owners(paths.values())
    requirements: dict[str, list[str | None]] = {}
    packages: dict[str, str] = {}
    for soname, path in sorted(paths.items()):
        package = package_owning(path, owners)
        packages[soname] = package
        requirements.setdefault(package, []).append(minimal_version(
            wanted_versions.get(soname, ()), system.dpkg_info(package, "symbols"),
            system.dpkg_info(package, "shlibs"), package, system.compare))
    return depends_field(requirements, system.compare), packages


# -- the package's files ---------------------------------------------------------------------

def read_version(pyproject: Path) -> str:
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def control_text(*, version: str, architecture: str, depends: str, installed_kib: int,
                 maintainer: str) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {architecture}\n"
        f"Maintainer: {maintainer}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends}\n"
        f"Recommends: {RECOMMENDS}\n"
        "Section: net\n"
        "Priority: optional\n"
        "Description: desktop agent desk for omnichannel customer service\n"
        " Omnidesk answers customers on every channel from one desk: website chat,\n"
        " email, SMS, WhatsApp and voice, in Rocket.Chat Omnichannel's vocabulary.\n"
        " Agents take chats from their departments' queues, monitors watch their\n"
        " units live, and an administrator shapes the organisation, also offline.\n"
        " .\n"
        " With no server configured it runs entirely on this computer, over a local\n"
        " SQLite database. The package carries its own Python and Qt in /opt/omnidesk.\n"
    )


def postrm_text() -> str:
    # Each user's data is in their home folder, which a package must not touch: say where.
    return (
        "#!/bin/sh\n"
        "set -e\n"
        'if [ "$1" = purge ]; then\n'
        "  cat <<'EOF'\n"
        "Omnidesk is purged. Each person's own data stays in their home folder, for them to\n"
        "delete if they wish (under $XDG_DATA_HOME and $XDG_CONFIG_HOME when those are set):\n"
        "  ~/.local/share/omnidesk/            the desk's database, pending changes and log\n"
        "  ~/.config/Omnidesk/                 settings: theme, text size, windows, notifications\n"
        f"  ~/.config/autostart/{APP_ID}.desktop   \"Start when I log in\", if turned on\n"
        "EOF\n"
        "fi\n"
        "exit 0\n"
    )


def copyright_text(bundle: Path, debian_copyrights: Iterable[str]) -> str:
    """Machine-readable copyright: Omnidesk's licence, then what the bundle carries: the Python
    distributions (licence from their metadata) and the Debian packages whose libraries it
    copied (their copyright files beside this one)."""
    lines = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        f"Upstream-Name: {PACKAGE}",
        "",
        "Files: *",
        "Copyright: The Omnidesk maintainers",
        "License: MIT",
        "",
        "Files: opt/omnidesk/_internal/*",
        "Copyright: the authors of each component",
        "License: various",
        " The bundle carries these Python distributions (their metadata, with their licence",
        " files where they ship them, is in /opt/omnidesk/_internal/*.dist-info):",
    ]
    for name, version, licence in _distributions(bundle / "_internal"):
        lines.append(f"   {name} {version}: {licence or 'see its metadata'}")
    packages = sorted(debian_copyrights)
    if packages:
        lines += [" .", " and libraries copied from these Debian packages, whose copyright files",
                  " are in /usr/share/doc/omnidesk/bundled/:", *(f"   {p}" for p in packages)]
    lines += ["", "License: MIT", " " + _MIT.replace("\n\n", "\n .\n ").replace("\n", "\n ").rstrip(), ""]
    return "\n".join(lines).replace(" \n", "\n")


_MIT = """Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def _distributions(internal: Path) -> list[tuple[str, str, str]]:
    found = []
    for info in sorted(internal.glob("*.dist-info")):
        fields: dict[str, list[str]] = {}
        for line in (info / "METADATA").read_text(encoding="utf-8", errors="replace").splitlines():
            if not line:
                break  # the headers end at the first empty line
            key, _, value = line.partition(": ")
            fields.setdefault(key, []).append(value.strip())
        licence = (fields.get("License-Expression") or [""])[0]
        if not licence:
            field = (fields.get("License") or [""])[0]
            classifiers = [c for c in fields.get("Classifier", []) if c.startswith("License ::")]
            classified = classifiers[-1].split(" :: ")[-1] if classifiers else ""
            licence = field if 0 < len(field) <= 60 else classified
        found.append(((fields.get("Name") or [info.name])[0], (fields.get("Version") or [""])[0], licence))
    return found


def bundled_debian_packages(bundle: Path, system: System) -> dict[str, Path]:
    """The Debian packages whose library files PyInstaller copied into the bundle unchanged
    (the same bytes as on this machine), with their copyright files."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    host: dict[str, str] = {}
    for line in cache.splitlines():
        if " => " in line and "x86-64" in line:
            name, _, path = line.strip().partition(" => ")
            host.setdefault(name.split(" (")[0], path)
    copied = {file: host[file.name] for file in sorted((bundle / "_internal").glob("lib*.so*"))
              if not file.is_symlink() and file.name in host
              and _digest(Path(host[file.name])) == _digest(file)}
    owners = system.owners(copied.values())
    packages: dict[str, Path] = {}
    for source in copied.values():
        package = package_owning(source, owners)
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            packages[package] = copyright_file
    return packages


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stage(tree: Path, bundle: Path, control: Callable[[int], str], copyrights: Mapping[str, Path]) -> None:
    """Lays out the package's files under `tree` (emptied first), DEBIAN/ included."""
    if tree.exists():
        shutil.rmtree(tree)
    opt = tree / INSTALL_DIR.relative_to("/")
    shutil.copytree(bundle, opt, symlinks=True)
    (tree / "usr/bin").mkdir(parents=True)
    # The bundle's launcher finds _internal from its real path, so a link on PATH works.
    (tree / "usr/bin" / PACKAGE).symlink_to(INSTALL_DIR / PACKAGE)
    share = tree / "usr/share"
    resources = ROOT / "resources"
    _copy(resources / "desktop" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    _copy(resources / "desktop" / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    for size in ICON_SIZES:
        _copy(resources / "icons" / f"omnidesk-{size}.png",
              share / "icons/hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
    _copy(resources / "icons" / "omnidesk.svg", share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(bundle, copyrights), encoding="utf-8")
    for package, source in copyrights.items():
        _copy(source, doc / "bundled" / f"{package}.copyright")
    with gzip.GzipFile(doc / "changelog.gz", "wb", mtime=0) as changelog:
        changelog.write(b"See /usr/share/metainfo/" + APP_ID.encode() + b".metainfo.xml for the releases.\n")
    _normalise_modes(tree)
    debian = tree / "DEBIAN"
    debian.mkdir(mode=0o755)
    (debian / "postrm").write_text(postrm_text(), encoding="utf-8")
    (debian / "postrm").chmod(0o755)
    (debian / "md5sums").write_text(_md5sums(tree), encoding="utf-8")
    (debian / "control").write_text(control(installed_size_kib(tree)), encoding="utf-8")


def installed_size_kib(tree: Path) -> int:
    """What dpkg-gencontrol would say: each file's size in KiB, rounded up, and 1 per other entry."""
    total = 0
    for path in tree.rglob("*"):
        if path.relative_to(tree).parts[0] == "DEBIAN":
            continue
        total += math.ceil(path.lstat().st_size / 1024) if path.is_file() and not path.is_symlink() else 1
    return total


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _normalise_modes(tree: Path) -> None:
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def _md5sums(tree: Path) -> str:
    lines = []
    for path in sorted(tree.rglob("*")):
        relative = path.relative_to(tree).as_posix()
        if path.is_file() and not path.is_symlink() and not relative.startswith("DEBIAN/"):
            lines.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {relative}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--tree", type=Path, default=ROOT / "build" / "deb")
    options = parser.parse_args(argv)
    bundle: Path = options.bundle.resolve()
    if not (bundle / PACKAGE).is_file():
        print(f"No bundle at {bundle}: run packaging/build-bundle.sh first.", file=sys.stderr)
        return 1
    system = System()
    try:
        depends, owners = compute_depends(bundle, system)
        copyrights = bundled_debian_packages(bundle, system)
    except PackagingError as error:
        print(f"debian.py: {error}", file=sys.stderr)
        return 1
    version = read_version(ROOT / "pyproject.toml")
    architecture = system.architecture()
    maintainer = os.environ.get("OMNIDESK_MAINTAINER", DEFAULT_MAINTAINER)
    stage(options.tree, bundle,
          lambda kib: control_text(version=version, architecture=architecture, depends=depends,
                                   installed_kib=kib, maintainer=maintainer), copyrights)
    options.out.mkdir(parents=True, exist_ok=True)
    deb = options.out / f"{PACKAGE}_{version}_{architecture}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(options.tree), str(deb)],
                   check=True, stdout=subprocess.DEVNULL)
    (options.out / f"{PACKAGE}_{version}_{architecture}.libraries.json").write_text(
        json.dumps(owners, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Depends: {depends}")
    installed_mib = installed_size_kib(options.tree) / 1024
    print(f"Built {deb} ({deb.stat().st_size / 1e6:.1f} MB; installs {installed_mib:.0f} MiB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
