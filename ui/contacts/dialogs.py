"""Creating and editing a contact, and offering to merge the duplicates a save found.

The edit dialog never closes on a refusal: the backend's message is shown beside the field it is
about, and everything typed stays for the user to fix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Agent, Contact, ContactDraft, ContactRow
from app.errors import OmnideskError
from ui.accessible import named
from ui.i18n import translate
from ui.i18n.labels import channel_label
from ui.i18n.say import say_error
from ui.monitor.colours import Level, swatch
from ui.plain import plain_label

# Which field a refusal is about, by the error's code (app.contacts.fields names them).
_FIELD_OF_CODE = {
    "contact-name-missing": "name", "contact-name-long": "name", "contact-name-invalid": "name",
    "invalid-email": "emails", "invalid-phone": "phones", "contact-addresses-many": "emails",
    "custom-fields-many": "custom", "custom-field-name": "custom", "custom-field-twice": "custom",
    "custom-field-value": "custom", "agent-unknown": "manager",
}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _text_box(placeholder: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
    return box


class ContactDialog(QDialog):
    # The user asked to save what they typed; the dialog stays open until `saved()`.
    save_requested = Signal(object)  # ContactDraft

    def __init__(self, agents: list[Agent], contact: Contact | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDialog")
        self.contact = contact
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        self.setMinimumWidth(460)
        self.name = QLineEdit(contact.name if contact else "")
        self.name.setObjectName("contactNameEdit")
        self.name.setPlaceholderText(self.tr("First and last name"))
        self.emails = _text_box(self.tr("One email per line"), "contactEmailsEdit")
        self.phones = _text_box(self.tr(
                "One phone number per line, with its country code (+44 20 7946 0958)"),
                                "contactPhonesEdit")
        self.manager = QComboBox()
        named(self.manager, self.tr("Contact manager"))
        self.manager.setObjectName("contactManagerEdit")
        self.manager.addItem(self.tr("No contact manager"), None)
        for agent in sorted(agents, key=lambda a: a.name.lower()):
            self.manager.addItem(agent.name, agent.id)
        self.custom_fields = _text_box(self.tr(
                "One per line: name=value (plan=gold)"), "contactCustomFieldsEdit")
        if contact is not None:
            self.emails.setPlainText("\n".join(contact.emails))
            self.phones.setPlainText("\n".join(contact.phones))
            self.custom_fields.setPlainText("\n".join(f"{n}={v}" for n, v in contact.custom_fields))
            if contact.manager_id is not None and self.manager.findData(contact.manager_id) < 0:
                # A manager from outside the departments one sees is kept, by name.
                self.manager.addItem(contact.manager_name or self.tr("Current manager"), contact.manager_id)
            self.manager.setCurrentIndex(max(0, self.manager.findData(contact.manager_id)))
        self.errors = {field: self._error_label(field) for field in ("name", "emails", "phones", "manager",
                                                                      "custom", "general")}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveContactButton")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, editor, field in ((self.tr("Name"), self.name, "name"), (self.tr(
                "Emails"), self.emails, "emails"),
                                     (self.tr("Phones"), self.phones, "phones"),
                                     (self.tr("Contact manager"), self.manager, "manager"),
                                     (self.tr("Custom fields"), self.custom_fields, "custom")):
            form.addRow(label, editor)
            form.addRow("", self.errors[field])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["general"])
        layout.addWidget(buttons)

    def _error_label(self, field: str) -> QLabel:
        label = plain_label(wrap=True)
        label.setObjectName(f"{field}Error")
        colours = swatch(Level.PAST)
        assert colours is not None
        label.setStyleSheet(f"color: {colours.text.name() if self._dark() else '#b3261e'};")
        label.hide()
        return label

    def _dark(self) -> bool:
        return self.palette().color(self.backgroundRole()).lightness() < 128

    # -- what was typed --------------------------------------------------------------------

    def draft(self) -> ContactDraft | None:
        """What was typed as a draft; None (and the problem shown) when a custom field line is
        not name=value (the backend checks everything else)."""
        custom: list[tuple[str, str]] = []
        for line in _lines(self.custom_fields.toPlainText()):
            name, equals, value = line.partition("=")
            if not equals or not name.strip():
                self.show_problem("custom", self.tr(
                        "'{line}' is not name=value: write one custom field per line, like plan=gold.")
                                            .format(line=line))
                return None
            custom.append((name.strip(), value.strip()))
        manager = self.manager.currentData()
        return ContactDraft(name=self.name.text().strip(), emails=_lines(self.emails.toPlainText()),
                            phones=_lines(self.phones.toPlainText()),
                            manager_id=manager if isinstance(manager, str) else None,
                            custom_fields=tuple(custom))

    def accept(self) -> None:
        """Save: ask for it and stay open until the backend answers."""
        self.clear_problems()
        draft = self.draft()
        if draft is None:
            return
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("Saving…"))
        self.save_requested.emit(draft)

    # -- the backend's answer --------------------------------------------------------------

    def saved(self) -> None:
        super().accept()

    def refused(self, error: OmnideskError) -> None:
        """Show why, beside the field it is about; everything typed stays."""
        self.save_button.setEnabled(True)
        self.save_button.setText(self.tr("Save"))
        field = _FIELD_OF_CODE.get(error.code, "general")
        self.show_problem(field, say_error(error))

    def show_problem(self, field: str, message: str) -> None:
        label = self.errors[field]
        label.setText(message)
        label.show()
        editor = {"name": self.name, "emails": self.emails, "phones": self.phones,
                  "manager": self.manager, "custom": self.custom_fields}.get(field)
        if editor is not None:
            editor.setFocus()

    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.setText("")


def describe_row(row: ContactRow) -> str:
    channels = ", ".join(channel_label(channel) + (" ✓" if verified else "")
                         for channel, verified in row.channels)
    return translate("contacts.dialogs", "{name} — {channels}").format(
        name=row.name or translate("contacts.dialogs", "(no name)"),
        channels=channels or translate("contacts.dialogs", "no channel"))


class DuplicatesDialog(QDialog):
    """After a save: other contacts hold one of its emails or phones as a verified channel."""

    def __init__(self, contact: Contact, duplicates: tuple[ContactRow, ...], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(self.tr("Possible duplicates"))
        self.duplicates = duplicates
        count = len(duplicates)
        heading = plain_label(
            self.tr("%n contact(s) with the same verified email or phone as {name}:", None, count)
            .format(name=contact.name or self.tr("this contact")), wrap=True)
        listing = plain_label("\n".join(f"•  {describe_row(row)}" for row in duplicates), wrap=True)
        listing.setObjectName("duplicatesList")
        note = plain_label(self.tr("Merging moves their channels and chats here; values that differ are kept "
                           "as conflicts for you to settle."), wrap=True)
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton(self.tr("Merge them into this contact"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        self.keep_button = buttons.addButton(self.tr(
                "Keep them apart"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setObjectName("keepApartButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(listing)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
