"""The Debian package's pieces that need no bundle: Depends from ldd and objdump output, the
control and maintainer files, and the tree laid out for dpkg-deb."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import ModuleType

import pytest

from app.appinfo import APP_ID, COMMAND
from resources import APP_ICON_SIZES


def _compare(left: str, right: str) -> int:
    """Enough of Debian's version order for these tests: dotted numbers."""
    def key(version: str) -> list[int]:
        return [int(part) for part in version.split(":")[-1].split(".")]
    return (key(left) > key(right)) - (key(left) < key(right))


LDD = """\
\tlinux-vdso.so.1 (0x00007ffd5b1f2000)
\tlibQt6Core.so.6 => {bundle}/_internal/PySide6/Qt/lib/libQt6Core.so.6 (0x00007f1c2a000000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f1c29f00000)
\tlibGLdispatch.so.0 => /lib/x86_64-linux-gnu/libGLdispatch.so.0 (0x00007f1c29e00000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c29c00000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f1c2a800000)
"""

OBJDUMP = """
Dynamic Section:
  NEEDED               libQt6Core.so.6
  NEEDED               libGL.so.1
  NEEDED               libc.so.6
  RUNPATH              $ORIGIN/../../lib

Version References:
  required from libc.so.6:
    0x06969194 0x00 03 GLIBC_2.14
    0x069691b4 0x00 02 GLIBC_2.34
  required from libQt6Core.so.6:
    0x058a2810 0x00 04 Qt_6
"""

LIBC_SYMBOLS = """libc.so.6 libc6 #MINVER#
| libc6 (>> 2.36), libc6 (<< 2.37)
 GLIBC_2.14@GLIBC_2.14 2.14
 GLIBC_2.34@GLIBC_2.34 2.34
 GLIBC_2.35@GLIBC_2.35 2.35
"""


def test_ldd_output_reads_as_where_each_library_was_found(debian: ModuleType) -> None:
    found = debian.parse_ldd(LDD.format(bundle="/b") + "\tlibgone.so.3 => not found\n")
    assert found["libGL.so.1"] == "/lib/x86_64-linux-gnu/libGL.so.1"
    assert found["libQt6Core.so.6"] == "/b/_internal/PySide6/Qt/lib/libQt6Core.so.6"
    assert found["ld-linux-x86-64.so.2"] == "/lib64/ld-linux-x86-64.so.2"
    assert found["libgone.so.3"] is None
    assert "linux-vdso.so.1" not in found


def test_only_libraries_outside_the_bundle_count_and_a_missing_one_stops_the_build(
    debian: ModuleType, tmp_path: Path
) -> None:
    found = debian.parse_ldd(LDD.format(bundle=tmp_path))
    assert set(debian.outside(found, tmp_path)) == {
        "libGL.so.1", "libGLdispatch.so.0", "libc.so.6", "ld-linux-x86-64.so.2"}
    with pytest.raises(debian.PackagingError, match=r"libgone\.so\.3"):
        debian.outside({"libgone.so.3": None}, tmp_path)


def test_objdump_output_reads_as_the_libraries_and_symbol_versions_asked(debian: ModuleType) -> None:
    assert debian.parse_needed(OBJDUMP) == ["libQt6Core.so.6", "libGL.so.1", "libc.so.6"]
    assert debian.parse_version_references(OBJDUMP) == {
        "libc.so.6": {"GLIBC_2.14", "GLIBC_2.34"}, "libQt6Core.so.6": {"Qt_6"}}


def test_the_lowest_version_comes_from_the_symbols_file_then_the_shlibs_file(debian: ModuleType) -> None:
    assert debian.minimal_version({"GLIBC_2.14", "GLIBC_2.34"}, LIBC_SYMBOLS, "", "libc6", _compare) == "2.34"
    assert debian.minimal_version(set(), "", "libxcb 1 libxcb1 (>= 1.12)\n", "libxcb1", _compare) == "1.12"
    assert debian.minimal_version(set(), "", "libGL 1 libgl1\n", "libgl1", _compare) is None


def test_depends_has_one_entry_per_package_with_the_highest_version(debian: ModuleType) -> None:
    field = debian.depends_field({"libc6": ["2.14", "2.34", None], "libgl1": [None], "libxcb1": ["1.12"]},
                                 _compare)
    assert field == "libc6 (>= 2.34), libgl1, libxcb1 (>= 1.12)"


def test_a_library_is_found_in_dpkg_across_the_lib_and_usr_lib_merge(debian: ModuleType) -> None:
    owners = debian.parse_dpkg_search(
        "libgl1:amd64: /usr/lib/x86_64-linux-gnu/libGL.so.1\n"
        "diversion by foo from: /usr/lib/x86_64-linux-gnu/libbar.so.1\n"
        "libc6:amd64, libc6:i386: /lib/x86_64-linux-gnu/libc.so.6\n")
    assert debian.package_owning("/lib/x86_64-linux-gnu/libGL.so.1", owners) == "libgl1"
    assert debian.package_owning("/lib/x86_64-linux-gnu/libc.so.6", owners) == "libc6"
    with pytest.raises(debian.PackagingError, match="No installed package owns"):
        debian.package_owning("/opt/odd/libodd.so.1", owners)


def test_output_for_several_files_is_cut_per_file(debian: ModuleType, tmp_path: Path) -> None:
    first, second = tmp_path / "a.so", tmp_path / "b.so"
    text = f"{first}:\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n{second}:\n\tnot a dynamic executable\n"
    sections = debian.split_sections(text, [first, second], lambda name: f"{name}:")
    assert sections == {first: "\tlibc.so.6 => /lib/libc.so.6 (0x1)", second: "\tnot a dynamic executable"}


def _fake_bundle(root: Path) -> Path:
    bundle = root / "omnidesk"
    (bundle / "_internal" / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    for elf in (bundle / "omnidesk", bundle / "_internal" / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6"):
        elf.write_bytes(b"\x7fELF fake")
    (bundle / "omnidesk").chmod(0o755)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK")
    (bundle / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    return bundle


class FakeSystem:
    """The build machine as these tests describe it: libc and libGL installed."""

    def __init__(self, bundle: Path) -> None:
        self.bundle = bundle

    def ldd(self, files: list[Path], library_path: str) -> dict[Path, str]:
        assert f"{self.bundle}/_internal" in library_path.split(":")
        return {file: LDD.format(bundle=self.bundle) for file in files}

    def objdump(self, files: list[Path]) -> dict[Path, str]:
        return {file: OBJDUMP for file in files}

    def owners(self, paths: list[str]) -> dict[str, str]:
        return {"/lib/x86_64-linux-gnu/libc.so.6": "libc6", "/usr/lib/x86_64-linux-gnu/libGL.so.1": "libgl1",
                "/lib/x86_64-linux-gnu/libGLdispatch.so.0": "libglvnd0"}

    def dpkg_info(self, package: str, kind: str) -> str:
        return LIBC_SYMBOLS if (package, kind) == ("libc6", "symbols") else ""

    def compare(self, left: str, right: str) -> int:
        return _compare(left, right)


def test_depends_names_what_the_bundle_asks_for_and_not_what_those_libraries_need(
    debian: ModuleType, tmp_path: Path
) -> None:
    bundle = _fake_bundle(tmp_path)
    depends, packages = debian.compute_depends(bundle, FakeSystem(bundle))
    # libGLdispatch comes with libgl1 (ldd lists it; nothing in the bundle names it).
    assert depends == "libc6 (>= 2.34), libgl1"
    assert packages == {"libGL.so.1": "libgl1", "libc.so.6": "libc6"}


def test_the_tree_holds_the_bundle_the_command_the_menu_entry_and_the_icons(
    debian: ModuleType, tmp_path: Path
) -> None:
    bundle = _fake_bundle(tmp_path)
    tree = tmp_path / "tree"
    debian.stage(tree, bundle, lambda kib: f"Installed-Size: {kib}\n", {})
    assert os.readlink(tree / "usr/bin" / COMMAND) == "/opt/omnidesk/omnidesk"
    assert os.access(tree / "opt/omnidesk/omnidesk", os.X_OK)
    assert os.readlink(tree / "opt/omnidesk/_internal/libQt6Core.so.6") == "PySide6/Qt/lib/libQt6Core.so.6"
    assert (tree / "usr/share/applications" / f"{APP_ID}.desktop").is_file()
    assert (tree / "usr/share/metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (tree / "usr/share/icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    for size in APP_ICON_SIZES:
        assert (tree / f"usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert "License: MIT" in (tree / "usr/share/doc/omnidesk/copyright").read_text(encoding="utf-8")
    postrm = tree / "DEBIAN/postrm"
    assert postrm.stat().st_mode & stat.S_IXUSR and "~/.local/share/omnidesk/" in postrm.read_text("utf-8")
    summed = {line.split("  ", 1)[1] for line in (tree / "DEBIAN/md5sums").read_text("utf-8").splitlines()}
    assert "opt/omnidesk/omnidesk" in summed and "usr/share/doc/omnidesk/copyright" in summed
    assert "opt/omnidesk/_internal/libQt6Core.so.6" not in summed  # a link has no sum
    assert not any(path.startswith("DEBIAN/") for path in summed)
    size = int((tree / "DEBIAN/control").read_text(encoding="utf-8").split(": ")[1])
    assert size == debian.installed_size_kib(tree) > 0


def test_the_control_file_says_what_dpkg_needs(debian: ModuleType) -> None:
    control = debian.control_text(version="0.1.0", architecture="amd64", depends="libc6 (>= 2.34), libgl1",
                                  installed_kib=146_000, maintainer="Them <them@example.org>")
    fields = dict(line.split(": ", 1) for line in control.splitlines() if not line.startswith(" "))
    assert fields["Package"] == "omnidesk" and fields["Version"] == "0.1.0"
    assert fields["Architecture"] == "amd64" and fields["Installed-Size"] == "146000"
    assert fields["Depends"] == "libc6 (>= 2.34), libgl1"
    assert fields["Recommends"] == "fonts-noto-color-emoji"  # the emoji picker's glyphs
    assert fields["Maintainer"] == "Them <them@example.org>"
    assert all(len(line) <= 80 for line in control.splitlines())


def test_the_package_scripts_agree_with_the_app(debian: ModuleType) -> None:
    assert debian.APP_ID == APP_ID and debian.PACKAGE == COMMAND
    assert tuple(debian.ICON_SIZES) == APP_ICON_SIZES
