"""Verifying a chat's channel: the visitor proved an email or a phone number, and the agent
records it. Contacts holding the same verified channel become one (the backend merges them)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Channel, ContactEvent, Verification
from ui.accessible import named
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.i18n.labels import channel_label
from ui.plain import plain_label

EMAIL = "email"
PHONE = "phone"

# Channels whose address is a phone number the network vouched for.
_PHONE_CHANNELS = (Channel.SMS, Channel.WHATSAPP, Channel.VOICE)

_EXAMPLES = {EMAIL: QT_TRANSLATE_NOOP("VerifyDialog", "name@example.com"),
             PHONE: QT_TRANSLATE_NOOP("VerifyDialog", "+44 20 7946 0958 (with its country code)")}


@runtime_checkable
class ChannelVerifier(Protocol):
    """What the desk needs of the Contact Center (app.backends.contract.Contacts) to verify a
    chat's channel. A backend that serves no contacts offers no verification."""

    async def verify_channel(self, chat_id: str, field: str, value: str) -> Verification: ...

    async def contact_log(self, contact_id: str) -> list[ContactEvent]: ...


def suggested_verification(channel: Channel, address: str) -> tuple[str, str]:
    """What the channel's own address offers to verify by: ('email', it) for an email, ('phone',
    it) for a phone network's number; otherwise email, with nothing typed yet."""
    address = address.strip()
    if channel is Channel.EMAIL or "@" in address:
        return EMAIL, address if "@" in address else ""
    if channel in _PHONE_CHANNELS and address.lstrip("+").replace(" ", "").isdigit():
        return PHONE, address
    return EMAIL, ""


def verified_noun(field: str) -> str:
    if field == EMAIL:
        return translate("workspace.verify_dialog", "email")
    return translate("workspace.verify_dialog", "phone number")


class VerifyDialog(QDialog):
    """Asks by what the visitor proved who they are. OK asks for the verification
    (`verify_requested`) and waits: the window answers with `verified()` or `show_problem()`,
    so a refusal is read where the value was typed, and the value stays to correct it."""

    verify_requested = Signal(str, str)  # field ('email' or 'phone'), value

    def __init__(self, visitor_name: str, channel: Channel, field: str, value: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify contact"))
        self.setObjectName("verifyDialog")
        self._busy = False
        heading = plain_label(self.tr("Verify the {channel} channel of {visitor}").format(
            channel=channel_label(channel), visitor=visitor_name), wrap=True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        intro = plain_label(self.tr("Record the email address or phone number the visitor has proved "
                            "they hold, for example with a code you sent them."), wrap=True)
        intro.setObjectName("verifyIntro")
        intro.setStyleSheet("color: palette(placeholder-text);")
        self.by_email = QRadioButton(self.tr("Email"))
        self.by_email.setObjectName("verifyByEmail")
        self.by_phone = QRadioButton(self.tr("Phone"))
        self.by_phone.setObjectName("verifyByPhone")
        self._fields = QButtonGroup(self)
        self._fields.addButton(self.by_email)
        self._fields.addButton(self.by_phone)
        (self.by_phone if field == PHONE else self.by_email).setChecked(True)
        choice = QHBoxLayout()
        choice.setContentsMargins(0, 0, 0, 0)
        choice.addWidget(self.by_email)
        choice.addWidget(self.by_phone)
        choice.addStretch(1)
        self.value = QLineEdit(value)
        self.value.setObjectName("verifyValue")
        self.value.setMaxLength(320)  # the longest email address there is
        self.value.setMinimumWidth(300)
        self.effect = plain_label(wrap=True)
        self.effect.setObjectName("verifyEffect")
        self.effect.setStyleSheet("color: palette(placeholder-text);")
        self.problem = plain_label(wrap=True)
        self.problem.setObjectName("verifyProblem")
        self.problem.setStyleSheet("color: #c62828;")  # as the desk's other problems read
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.verify_button = buttons.addButton(self.tr("Verify"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._fields.buttonToggled.connect(lambda _button, _on: self._show_field())
        self.value.textChanged.connect(lambda _text: self._forget_problem())

        # Wrapped sentences in a column of their own: a form's rows would not make room for
        # their second line.
        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 4)
        form.addRow(self.tr("Verified by"), choice)
        self._value_row_label = plain_label()
        form.addRow(self._value_row_label, self.value)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.effect)
        layout.addWidget(self.problem)
        layout.addSpacing(4)
        layout.addWidget(buttons)
        self._show_field()
        self.setMinimumWidth(500)
        self.value.setFocus()

    @property
    def field(self) -> str:
        return PHONE if self.by_phone.isChecked() else EMAIL

    def _show_field(self) -> None:
        field = self.field
        said = self.tr("Phone number") if field == PHONE else self.tr("Email address")
        self._value_row_label.setText(said)
        named(self.value, said)
        self.value.setPlaceholderText(self.tr(_EXAMPLES[field]))
        noun = verified_noun(field)
        self.effect.setText(self.tr("The channel is marked verified and the contact is no longer unknown. "
                                    "Other contacts with this verified {noun} are merged into this one: "
                                    "their conversations and channels join it.").format(noun=noun))

    def accept(self) -> None:
        if self._busy:
            return
        value = self.value.text().strip()
        if not value:
            self.show_problem(self.tr("Type the {verified_noun} the visitor proved.").format(
                    verified_noun=verified_noun(self.field)))
            return
        self._set_busy(True)
        self.verify_requested.emit(self.field, value)

    def verified(self) -> None:
        """The backend recorded it: the dialog's work is done."""
        self._set_busy(False)
        super().accept()

    def stop_waiting(self) -> None:
        """The request ended without an answer for the dialog: what was typed can be sent again."""
        if self._busy:
            self._set_busy(False)

    def show_problem(self, message: str) -> None:
        """Why it was refused, under what was typed (which stays, to be corrected)."""
        self._set_busy(False)
        self.problem.setText(message)
        self.problem.show()
        self.adjustSize()  # room for the sentence
        self.value.setFocus()

    def _forget_problem(self) -> None:
        if not self._busy:
            self.problem.hide()

    def _set_busy(self, busy: bool) -> None:
        # Once asked, the verification happens or is refused: it cannot be called back.
        self._busy = busy
        for widget in (self.by_email, self.by_phone, self.value, self.cancel_button):
            widget.setEnabled(not busy)
        self.verify_button.setEnabled(not busy)
        self.verify_button.setText(self.tr("Verifying…") if busy else self.tr("Verify"))

    @property
    def is_busy(self) -> bool:
        return self._busy

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
