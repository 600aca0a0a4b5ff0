"""Signing in to a server: its address, username and password, then the code of a second step
when the server asks for one; the servers saved on this computer to choose from, add or forget.

Every call is awaited on the qasync loop (the window keeps painting and the attempt can be
stopped); what went wrong is said below the form, in words a person can act on.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.backends.contract import Backend
from app.backends.server import ConnectServer, SavedServer, SavedServers, ServerSignIn
from app.backends.server_address import ServerAddress, server_address
from app.errors import BadCredentials, InvalidInput, OmnideskError, SessionExpired, TwoFactorRequired
from ui.accessible import named
from ui.bridge.tasks import TaskRunner
from ui.i18n.say import say, say_error
from ui.plain import plain_label
from ui.server.saved_model import SavedServersModel, server_key
from ui.style import is_dark

log = logging.getLogger(__name__)

# Rocket.Chat's names for the second step (its 2FA methods).
TOTP = "totp"
EMAIL = "email"
PASSWORD = "password"

_PROBLEM_LIGHT, _PROBLEM_DARK = "#b3261e", "#f2b8b5"


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A successful sign-in: where, as whom, and the backend answering for them."""

    address: ServerAddress
    username: str
    backend: Backend


class ServerSignInDialog(QDialog):
    """Emits `signed_in` (a SignedIn) and closes once the server has accepted; closing it
    otherwise is `rejected`. `start()` reads the saved servers; `shutdown()` stops an attempt."""

    signed_in = Signal(object)

    def __init__(self, connect: ConnectServer, saved: SavedServers, *,
                 address: ServerAddress | None = None, username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverSignIn")
        self.setWindowTitle(self.tr("Omnidesk — sign in to a server"))
        self._connect = connect
        self._saved = saved
        self.runner = TaskRunner(self)
        self.runner.failed.connect(self._on_runner_failed)
        # One SignIn per address: the code of a second step goes to the one that asked for it.
        self._sign_ins: dict[str, ServerSignIn] = {}
        self._attempt: asyncio.Task[None] | None = None
        # The sign-in a second step answers: where, as whom, with which password.
        self._pending: tuple[ServerSignIn, ServerAddress, str, str] | None = None
        self._method = TOTP
        # Saved servers whose kept sign-in the server refused: a password is needed now.
        self._expired: set[tuple[str, str]] = set()
        self._chosen: SavedServer | None = None
        self._busy = False

        self.saved_model = SavedServersModel()
        self.saved_list = QListView()
        self.saved_list.setObjectName("savedServers")
        named(self.saved_list, self.tr("Saved servers"))
        self.saved_list.setModel(self.saved_model)
        self.saved_list.setUniformItemSizes(True)
        self.saved_list.clicked.connect(self._on_saved_list_clicked)
        self.saved_list.activated.connect(self._on_saved_list_activated)
        self.add_button = QPushButton(self.tr("Add server"))
        self.add_button.setObjectName("addServer")
        self.add_button.setToolTip(self.tr("Sign in to a server not in the list"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.forget_button = QPushButton(self.tr("Forget"))
        self.forget_button.setObjectName("forgetServer")
        self.forget_button.setToolTip(self.tr("Remove the chosen server and its kept sign-in from this "
                                              "computer"))
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self._on_forget_clicked)
        self.saved_column = QWidget()
        saved_layout = QVBoxLayout(self.saved_column)
        saved_layout.setContentsMargins(0, 0, 0, 0)
        saved_title = plain_label(self.tr("Saved servers"))
        saved_title.setObjectName("panelTitle")
        saved_layout.addWidget(saved_title)
        saved_layout.addWidget(self.saved_list, 1)
        saved_buttons = QHBoxLayout()
        saved_buttons.addWidget(self.add_button)
        saved_buttons.addWidget(self.forget_button)
        saved_buttons.addStretch(1)
        saved_layout.addLayout(saved_buttons)
        self.saved_column.setMinimumWidth(260)
        self.saved_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.saved_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the "· signed in"
        self.saved_column.hide()  # until the saved servers are read, and only when there are some

        self.steps = QStackedWidget()
        self.credentials_step = self._credentials_step(address, username)
        self.code_step = self._code_step()
        self.steps.addWidget(self.credentials_step)
        self.steps.addWidget(self.code_step)

        self.notice = plain_label(wrap=True)
        self.notice.setObjectName("signInNotice")
        self.notice.hide()
        self.problem = plain_label(wrap=True)
        self.problem.setObjectName("signInProblem")
        self.problem.hide()
        self.status = plain_label(wrap=True)
        self.status.setObjectName("signInStatus")
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.status.hide()
        self.busy = QWidget()
        busy_layout = QHBoxLayout(self.busy)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        spinner = QProgressBar()
        spinner.setRange(0, 0)  # a busy indicator: how long a server takes is not known
        spinner.setTextVisible(False)
        spinner.setMaximumHeight(spinner.fontMetrics().height() // 2 + 4)
        spinner.setMaximumWidth(120)
        self.busy_label = plain_label()
        self.busy_label.setObjectName("signInBusy")
        busy_layout.addWidget(spinner)
        busy_layout.addWidget(self.busy_label, 1)
        self.busy.hide()

        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("signInBack")
        self.back_button.clicked.connect(self._on_back_clicked)
        self.back_button.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("signInCancel")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)
        # Enter in the form signs in, whichever button last had the focus (the list's buttons
        # would otherwise take Enter as theirs).
        for other in (self.add_button, self.forget_button, self.back_button, self.cancel_button):
            other.setAutoDefault(False)
        for field in (self.address, self.username, self.password, self.code):
            field.returnPressed.connect(self.sign_in_button.click)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)

        form_column = QVBoxLayout()
        form_column.addWidget(self.steps)
        form_column.addWidget(self.notice)
        form_column.addWidget(self.problem)
        form_column.addWidget(self.status)
        form_column.addStretch(1)
        form_column.addWidget(self.busy)
        form_column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.saved_column)
        form_host = QWidget()
        form_host.setLayout(form_column)
        form_host.setMinimumWidth(400)  # room for the sentences below the form to wrap in
        layout.addWidget(form_host, 1)
        self.resize(460, 380)
        self._follow_palette()
        self._show_kept_sign_in()
        if address is not None:
            self._show_notice_for(address)

    # -- the two steps -----------------------------------------------------------------------

    def _credentials_step(self, address: ServerAddress | None, username: str) -> QWidget:
        page = QWidget()
        heading = plain_label(self.tr("Sign in to your Rocket.Chat server"))
        heading.setObjectName("panelTitle")
        self.address = QLineEdit(address.url if address is not None else "")
        self.address.setObjectName("serverAddress")
        self.address.setPlaceholderText("https://chat.example.com")
        named(self.address, self.tr("Server address"),
              self.tr("The server's https:// address, as your administrator gave it"))
        self.address.editingFinished.connect(self._on_address_editing_finished)
        self.address.textEdited.connect(self._on_credentials_edited)
        self.username = QLineEdit(username)
        self.username.setObjectName("serverUsername")
        named(self.username, self.tr("Username"))
        self.username.textEdited.connect(self._on_credentials_edited)
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        named(self.password, self.tr("Password"))
        self.password.textEdited.connect(lambda _text: self._clear_problem())
        self.kept_hint = plain_label(self.tr("A sign-in is kept for this server: leave the password "
                                             "empty, it is needed only if the server has ended it."),
                                     wrap=True)
        self.kept_hint.setObjectName("keptSignIn")
        self.kept_hint.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.address)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.kept_hint)
        return page

    def _code_step(self) -> QWidget:
        page = QWidget()
        heading = plain_label(self.tr("Two-step verification"))
        heading.setObjectName("panelTitle")
        self.code_prompt = plain_label(wrap=True)
        self.code_prompt.setObjectName("codePrompt")
        self.code = QLineEdit()
        self.code.setObjectName("signInCode")
        self.code.setMaxLength(256)
        named(self.code, self.tr("Verification code"))
        self.code.textEdited.connect(lambda _text: self._clear_problem())
        self.code_label = plain_label(self.tr("Code"))
        self.code_label.setBuddy(self.code)
        form = QFormLayout()
        form.addRow(self.code_label, self.code)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.code_prompt)
        layout.addLayout(form)
        return page

    @property
    def asking_for_code(self) -> bool:
        return self.steps.currentWidget() is self.code_step

    @property
    def is_busy(self) -> bool:
        return self._busy

    # -- saved servers -----------------------------------------------------------------------

    def start(self) -> None:
        self.runner.run(self._saved.servers(), what=self.tr("Read the saved servers"),
                        on_done=self._show_saved)

    def _show_saved(self, servers: list[SavedServer]) -> None:
        # Grow about the centre (the saved servers' column widens it): the dialog stays where
        # the user's eyes already are.
        before = self.frameGeometry()
        self.saved_model.reset(servers)
        self.saved_column.setVisible(bool(servers))
        if servers:
            self.resize(max(self.width(), 760), self.height())
            if self.isVisible():
                grown = self.frameGeometry().width() - before.width()
                self.move(before.left() - grown // 2, before.top())
        typed = self.address.text().strip()
        if not servers:
            return
        row = next((r for r, s in enumerate(servers) if s.address.url == typed
                    and (not self.username.text() or s.username == self.username.text())), None)
        if row is None and not typed:
            row = 0  # the most recently used
        if row is not None:
            self.saved_list.setCurrentIndex(self.saved_model.index(row, 0))
            self._choose(servers[row])

    def _on_saved_list_clicked(self, index: object) -> None:
        current = self.saved_list.currentIndex()
        if current.isValid():
            self._choose(self.saved_model.server_at(current.row()))

    def _on_saved_list_activated(self, index: object) -> None:
        """Enter or a double click: sign in to it at once."""
        self._on_saved_list_clicked(index)
        if not self.is_busy:
            self._on_sign_in_clicked()

    def _choose(self, server: SavedServer) -> None:
        self._chosen = server
        self.forget_button.setEnabled(True)
        self.address.setText(server.address.url)
        self.username.setText(server.username)
        self.password.clear()
        self._clear_problem()
        self._show_kept_sign_in()
        self._show_notice_for(server.address)
        (self.sign_in_button if self._kept_sign_in() else self.password).setFocus()

    def _on_add_clicked(self) -> None:
        self.saved_list.clearSelection()
        self.saved_list.setCurrentIndex(self.saved_model.index(-1, 0))
        self._chosen = None
        self.forget_button.setEnabled(False)
        for field in (self.address, self.username, self.password):
            field.clear()
        self._clear_problem()
        self._show_kept_sign_in()
        self.address.setFocus()

    def _on_forget_clicked(self) -> None:
        server = self._chosen
        if server is None:
            return
        self.forget_button.setEnabled(False)
        self.runner.run(self._forget(server), what=self.tr("Forget the server"))

    async def _forget(self, server: SavedServer) -> None:
        try:
            await self._saved.forget(server)
        except OmnideskError as error:
            self._show_problem(say_error(error))
            self.forget_button.setEnabled(self._chosen is not None)
            return
        self.saved_model.remove(server_key(server))
        self.saved_column.setVisible(self.saved_model.rowCount() > 0)
        self._on_add_clicked()
        self._show_status(self.tr("{username} on {server} is forgotten: this computer keeps no "
                                  "sign-in for it any more.").format(username=server.username,
                                                                     server=server.address.url))

    # -- signing in ------------------------------------------------------------------------

    def _on_sign_in_clicked(self) -> None:
        if self.is_busy:
            return
        self._clear_problem()
        if self.asking_for_code:
            self._send_code()
            return
        try:
            address = server_address(self.address.text())
        except InvalidInput as problem:
            self._show_problem(say_error(problem), focus=self.address)
            return
        self.address.setText(address.url)
        username = self.username.text().strip()
        if not username:
            self._show_problem(self.tr("Enter your username on {server}.").format(server=address.url),
                               focus=self.username)
            return
        password = self.password.text()
        if not password and not self._kept_sign_in():
            self._show_problem(self.tr("Enter your password."), focus=self.password)
            return
        sign_in = self._sign_in_for(address)
        if sign_in is not None:
            self._begin(sign_in, address, username, password, "")

    def _send_code(self) -> None:
        assert self._pending is not None
        code = self.code.text().strip()
        if not code:
            self._show_problem(self._code_request(), focus=self.code)
            return
        sign_in, address, username, password = self._pending
        self._begin(sign_in, address, username, password, code)

    def _begin(self, sign_in: ServerSignIn, address: ServerAddress, username: str, password: str,
               code: str) -> None:
        self._set_busy(True, address)
        self._attempt = self.runner.run(self._sign_in(sign_in, address, username, password, code),
                                        what=self.tr("Sign in"))
        self._attempt.add_done_callback(self._on_attempt_done)

    async def _sign_in(self, sign_in: ServerSignIn, address: ServerAddress, username: str,
                       password: str, code: str) -> None:
        try:
            backend = await sign_in.sign_in(username, password=password, code=code)
        except OmnideskError as refusal:
            self._set_busy(False)  # first: focus goes only to an enabled field
            self._answer(refusal, sign_in, address, username, password, code)
            return
        try:
            await self._saved.remember(address, username)
        except OmnideskError as error:
            # Signed in all the same; only the list of saved servers misses it next time.
            log.warning("could not save the server %s: %s", address.url, error)
        self._set_busy(False)
        self._pending = None
        self.password.clear()
        self.code.clear()
        self.signed_in.emit(SignedIn(address, username, backend))
        self.accept()

    def _answer(self, refusal: OmnideskError, sign_in: ServerSignIn, address: ServerAddress,
                username: str, password: str, code: str) -> None:
        """Say why the server did not sign the person in, next to what they can change."""
        if isinstance(refusal, TwoFactorRequired) and not code:
            self._ask_for_code(sign_in, address, username, password, refusal.method)
        elif isinstance(refusal, TwoFactorRequired | BadCredentials) and code:
            # Asked again, or refused: that code was not the one.
            self._show_problem(self._code_refused(), focus=self.code)
        elif isinstance(refusal, BadCredentials):
            self._show_problem(self.tr("{server} did not accept this username and password. Check "
                                       "them (the password is case-sensitive) and try again.").format(
                server=address.host), focus=self.password)
        elif isinstance(refusal, SessionExpired):
            self._expired.add((address.url, username))
            self._back_to_credentials()
            self._show_kept_sign_in()
            self._show_problem(self.tr("The sign-in kept for {server} has ended. Enter your password "
                                       "to sign in again.").format(server=address.host),
                               focus=self.password)
        else:
            # Offline (its reason: no answer, a certificate not trusted...) and the server's
            # other refusals, in the words the backend chose.
            self._show_problem(say_error(refusal))

    def _on_attempt_done(self, task: asyncio.Task[None]) -> None:
        if not self._busy:
            return
        self._set_busy(False)
        if task.cancelled():
            self._show_status(self.tr("Signing in was stopped. Nothing was changed."))

    def _on_runner_failed(self, what: str, message: str) -> None:
        self._show_problem(message)

    def _sign_in_for(self, address: ServerAddress) -> ServerSignIn | None:
        sign_in = self._sign_ins.get(address.url)
        if sign_in is None:
            try:
                sign_in = self._connect(address)
            except OmnideskError as error:
                self._show_problem(say_error(error), focus=self.address)
                return None
            self._sign_ins[address.url] = sign_in
        notice = sign_in.notice()
        self.notice.setText(say(notice) if notice is not None else "")
        self.notice.setVisible(notice is not None)
        return sign_in

    def _show_notice_for(self, address: ServerAddress) -> None:
        """What to know before signing in there (no keyring: the sign-in lasts this session)."""
        self._sign_in_for(address)

    def _on_address_editing_finished(self) -> None:
        try:
            address = server_address(self.address.text())
        except InvalidInput:
            return  # said when Sign in is pressed; not while the person is still typing
        self._show_notice_for(address)

    def _on_credentials_edited(self, _text: str) -> None:
        self._clear_problem()
        self._show_kept_sign_in()

    def _kept_sign_in(self) -> bool:
        """Whether the address and username shown are a saved server's with a kept sign-in."""
        chosen = self._chosen
        return (chosen is not None and chosen.remembered
                and self.address.text().strip() == chosen.address.url
                and self.username.text().strip() == chosen.username
                and server_key(chosen) not in self._expired)

    def _show_kept_sign_in(self) -> None:
        kept = self._kept_sign_in()
        self.kept_hint.setVisible(kept)
        self.password.setPlaceholderText(self.tr("Not needed: a sign-in is kept") if kept else "")

    # -- the second step -------------------------------------------------------------------

    def _ask_for_code(self, sign_in: ServerSignIn, address: ServerAddress, username: str, password: str,
                      method: str) -> None:
        self._pending = (sign_in, address, username, password)
        self._method = method
        self.code.clear()
        hidden = method == PASSWORD
        self.code.setEchoMode(QLineEdit.EchoMode.Password if hidden else QLineEdit.EchoMode.Normal)
        self.code_label.setText(self.tr("Password") if method == PASSWORD else self.tr("Code"))
        self.code.setPlaceholderText("" if method == PASSWORD else "123456")
        self.code_prompt.setText(self._code_request())
        self.steps.setCurrentWidget(self.code_step)
        self.back_button.show()
        self.sign_in_button.setText(self.tr("Verify"))
        self.code.setFocus()

    def _code_request(self) -> str:
        if self._method == TOTP:
            return self.tr("Enter the code from your authenticator app.")
        if self._method == EMAIL:
            return self.tr("Enter the code sent to your email.")
        if self._method == PASSWORD:
            return self.tr("Enter your password again to confirm it is you.")
        return self.tr("Enter the code the server asked for ({method}).").format(method=self._method)

    def _code_refused(self) -> str:
        if self._method == TOTP:
            return self.tr("That code was not accepted. Codes change every 30 seconds: enter the one "
                           "your authenticator app shows now.")
        if self._method == EMAIL:
            return self.tr("That code was not accepted. Check the latest email, or go back and sign "
                           "in again for a new code.")
        if self._method == PASSWORD:
            return self.tr("That password was not accepted. Check it and try again.")
        return self.tr("That code was not accepted. Check it and try again.")

    def _on_back_clicked(self) -> None:
        self._clear_problem()
        self._back_to_credentials()

    def _back_to_credentials(self) -> None:
        self._pending = None
        self.code.clear()
        self.steps.setCurrentWidget(self.credentials_step)
        self.back_button.hide()
        self.sign_in_button.setText(self.tr("Sign in"))

    # -- busy, stop, close -----------------------------------------------------------------

    def _set_busy(self, busy: bool, address: ServerAddress | None = None) -> None:
        self._busy = busy
        for widget in (self.steps, self.saved_column, self.sign_in_button, self.back_button):
            widget.setEnabled(not busy)
        if busy and address is not None:
            self.status.hide()
            self.busy_label.setText(self.tr("Signing in to {server}…").format(server=address.host))
        self.busy.setVisible(busy)
        self.cancel_button.setText(self.tr("Stop") if busy else self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop signing in") if busy else "")

    def _on_cancel_clicked(self) -> None:
        if self._attempt is not None and not self._attempt.done():
            self._attempt.cancel()
            return
        self.reject()

    def reject(self) -> None:
        if self._attempt is not None and not self._attempt.done():
            self._attempt.cancel()
        self.password.clear()
        self._pending = None
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._attempt is not None and not self._attempt.done():
            self._attempt.cancel()
        super().closeEvent(event)

    async def shutdown(self) -> None:
        await self.runner.cancel_all()

    # -- what is said ----------------------------------------------------------------------

    def _show_problem(self, text: str, *, focus: QLineEdit | None = None) -> None:
        self.status.hide()
        self.problem.setText(text)
        self.problem.show()
        if focus is not None:
            focus.setFocus()
            focus.selectAll()

    def _clear_problem(self) -> None:
        self.problem.hide()
        self.problem.setText("")

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    @property
    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    @property
    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    def follow_style(self) -> None:
        """The theme changed (ui.style calls this on top-level windows)."""
        self._follow_palette()

    def _follow_palette(self) -> None:
        dark = is_dark(self)
        self.problem.setStyleSheet(f"color: {_PROBLEM_DARK if dark else _PROBLEM_LIGHT};")
        # A tint that reads as "good to know", not as a problem, on either theme.
        background, border = ("#1f2d3d", "#3d5a80") if dark else ("#e8f0fe", "#aecbfa")
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setStyleSheet(f"QLabel#signInNotice {{ background: {background}; border: 1px solid "
                                  f"{border}; border-radius: 4px; padding: 6px; }}")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

