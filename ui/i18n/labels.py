"""The labels app/ gives its values (kinds of record, fields, channels, priorities), said in the
user's language. resources/i18n/update.py reads them from app/ itself, so app/ keeps plain
labels and each is translated here, under the context named after its type."""

from __future__ import annotations

from datetime import UTC, datetime

from app.config import FieldSpec, Kind
from app.domain import Channel, ConflictingValue, Priority
from ui.i18n import translate


def kind_label(kind: Kind) -> str:
    """"Department", "Canned response"."""
    return translate("Kind", kind.label)


def field_label(spec: FieldSpec) -> str:
    return translate("FieldSpec", spec.label)


def field_help(spec: FieldSpec) -> str:
    return translate("FieldSpec", spec.help) if spec.help else ""


def channel_label(channel: Channel) -> str:
    return translate("Channel", channel.label)


def priority_label(priority: Priority) -> str:
    return translate("Priority", priority.label)


def conflict_label(value: ConflictingValue) -> str:
    """The field a conflicting value is for (a custom field keeps its own name)."""
    return translate("ConflictingValue", value.label)


def label_sources() -> list[tuple[str, str]]:
    """(context, label) of every label above: what resources/i18n/update.py extracts."""
    from app.config import SCHEMAS  # noqa: PLC0415  (only when extracting)
    from app.domain.contact import MANAGER_FIELD, NAME_FIELD  # noqa: PLC0415

    texts = [("Kind", kind.label) for kind in Kind]
    for schema in SCHEMAS.values():
        for spec in schema.fields:
            texts.append(("FieldSpec", spec.label))
            if spec.help:
                texts.append(("FieldSpec", spec.help))
    texts += [("Channel", channel.label) for channel in Channel]
    texts += [("Priority", priority.label) for priority in Priority if priority is not Priority.NOT_SPECIFIED]
    texts += [("ConflictingValue", ConflictingValue(field, "", "", _EPOCH).label)
              for field in (NAME_FIELD, MANAGER_FIELD)]
    return list(dict.fromkeys(texts))


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
