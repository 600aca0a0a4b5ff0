"""The editor of a field, chosen by the field's type."""

from __future__ import annotations

from app.config import FieldSpec, FieldType, JsonValue
from ui.admin.describe import choice_label
from ui.admin.field_lists import IntervalsEditor, RefListEditor, SkillsEditor
from ui.admin.fields import (
    BoolEditor,
    ColorEditor,
    ComboEditor,
    FieldEditor,
    IntEditor,
    MultilineEditor,
    Options,
    TextEditor,
    TextListEditor,
    TimezoneEditor,
)
from ui.i18n import translate
from ui.i18n.labels import field_help


def choice_items(spec: FieldSpec) -> list[tuple[JsonValue, str]]:
    return [(choice, choice_label(choice)) for choice in spec.choices]


def ref_items(spec: FieldSpec, options: Options) -> list[tuple[JsonValue, str]]:
    assert spec.ref is not None
    items: list[tuple[JsonValue, str]] = [(None, translate(
            "admin.editor_factory", "None"))] if spec.optional else []
    return items + [(item, name) for item, name in options(spec.ref, spec.ref_role)]


def build_editor(spec: FieldSpec, options: Options) -> FieldEditor:
    match spec.type:
        case FieldType.TEXT:
            editor: FieldEditor = TextEditor(spec)
        case FieldType.MULTILINE:
            editor = MultilineEditor(spec)
        case FieldType.TEXT_LIST:
            editor = TextListEditor(spec)
        case FieldType.INT:
            editor = IntEditor(spec)
        case FieldType.BOOL:
            editor = BoolEditor(spec)
        case FieldType.CHOICE:
            editor = ComboEditor(spec, choice_items(spec))
        case FieldType.REF:
            editor = ComboEditor(spec, ref_items(spec, options))
        case FieldType.REF_LIST:
            editor = RefListEditor(spec, options)
        case FieldType.COLOR:
            editor = ColorEditor(spec)
        case FieldType.TIMEZONE:
            editor = TimezoneEditor(spec)
        case FieldType.INTERVALS:
            editor = IntervalsEditor(spec)
        case FieldType.SKILLS:
            editor = SkillsEditor(spec)
    editor.setObjectName(f"field_{spec.name}")
    if spec.help:
        editor.setToolTip(field_help(spec))
    editor.setEnabled(not spec.read_only)
    return editor
