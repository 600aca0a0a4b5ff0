"""What Omnidesk says about itself comes from its installed metadata: the version of
pyproject.toml and every library it declares, with their licences."""

from __future__ import annotations

import email
import re
import tomllib
from importlib.metadata import PackageMetadata
from pathlib import Path
from typing import cast

from app.appinfo import libraries, licence_of, version

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text("utf-8"))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_version_is_the_projects() -> None:
    assert version() == PYPROJECT["project"]["version"]


def test_every_declared_library_is_named_with_its_version_and_licence() -> None:
    declared = {_normal(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0])
                for line in PYPROJECT["project"]["dependencies"]}
    found = {_normal(library.name): library for library in libraries()}
    assert declared <= set(found)
    for name in declared:
        assert re.match(r"\d", found[name].version or ""), found[name]
    assert found["pyside6-essentials"].licence.startswith("LGPL-3.0-only")


def _metadata(headers: str) -> PackageMetadata:
    # A distribution's metadata is an email.message.Message that also offers .json.
    return cast("PackageMetadata", email.message_from_string(headers))


def test_a_licence_reads_in_a_few_words_whatever_the_metadata_holds() -> None:
    assert licence_of(_metadata("License-Expression: Apache-2.0 AND MIT\nLicense: ignored\n")) == \
        "Apache-2.0 AND MIT"
    assert licence_of(_metadata("License: BSD-3-Clause\n")) == "BSD-3-Clause"
    whole_text = "License: Copyright (c) someone\n  Permission is hereby granted...\n"
    classified = whole_text + "Classifier: License :: OSI Approved :: MIT License\n"
    assert licence_of(_metadata(classified)) == "MIT License"
    assert licence_of(_metadata("Name: nothing-said\n")) == ""
