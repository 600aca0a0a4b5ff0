"""Shows what the NotificationService says deserves attention: desktop notification (tray),
an in-window toast, a sound, the taskbar alert and a badge with the count of what waits."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from app.notifications import Attention, AttentionKind, NotificationService
from resources import CHIME
from ui.app_icon import app_icon
from ui.i18n.say import say
from ui.notify.toast import Toast

if TYPE_CHECKING:
    from app.backends.events import Event

_TICK_MS = 1_000
_SOUND_DELAY_MS = 300
log = logging.getLogger(__name__)


class Notifier(QObject):
    chat_requested = Signal(str)
    badge_changed = Signal(int)
    # Inquiry ids just announced as new (to remember: announced once, across restarts).
    announced = Signal(list)

    def __init__(self, service: NotificationService, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self.service = service
        self._window = window
        self._settings = settings
        self.history: list[Attention] = []
        self.sound_on = _flag(settings.value("notifications/sound", True))
        muted = {str(kind) for kind in _list(settings.value("notifications/muted_kinds", []))}
        service.change_settings(replace(
            service.settings,
            do_not_disturb=_flag(settings.value("notifications/do_not_disturb", False)),
            realert_after_s=_seconds(settings.value("notifications/realert_after_s", 60)),
            kinds=frozenset(k for k in AttentionKind if k.value not in muted),
        ))
        self.toast = Toast(window)
        self.toast.clicked.connect(self.chat_requested)
        self._sound: Any = None
        self._sound_pending = False
        self._last_chat = ""
        self._tray = self._make_tray() if QSystemTrayIcon.isSystemTrayAvailable() else None
        self._ticker = QTimer(self)
        self._ticker.setInterval(_TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()

    # -- input ----------------------------------------------------------------------------

    def on_events(self, events: list[Event]) -> None:
        attentions = [a for event in events for a in self.service.on_event(event)]
        self.show(attentions)

    def tick(self) -> None:
        self.show(self.service.due())

    def set_do_not_disturb(self, on: bool) -> None:
        self._settings.setValue("notifications/do_not_disturb", on)
        self.show(self.service.change_settings(replace(self.service.settings, do_not_disturb=on)))
        self._update_badge()

    def set_sound(self, on: bool) -> None:
        self.sound_on = on
        self._settings.setValue("notifications/sound", on)

    def set_realert_after(self, seconds: int) -> None:
        self._settings.setValue("notifications/realert_after_s", seconds)
        self.show(self.service.change_settings(replace(self.service.settings, realert_after_s=seconds)))

    def set_kind(self, kind: AttentionKind, on: bool) -> None:
        kinds = set(self.service.settings.kinds)
        if on:
            kinds.add(kind)
        else:
            kinds.discard(kind)
        self._settings.setValue("notifications/muted_kinds",
                                sorted(k.value for k in AttentionKind if k not in kinds))
        self.show(self.service.change_settings(replace(self.service.settings, kinds=frozenset(kinds))))

    @property
    def do_not_disturb(self) -> bool:
        return self.service.settings.do_not_disturb

    # -- output ---------------------------------------------------------------------------

    def show(self, attentions: list[Attention], *, tell: bool = True) -> list[str]:
        """Say each of these (every one in the toast, newest on top; a summary on the desktop
        when there are several), once for all with the sound and the taskbar alert. Returns the
        inquiries announced as new, which `announced` carries too (unless not `tell`)."""
        fresh: list[str] = []
        if attentions:
            latest = attentions[-1]
            self.history.extend(attentions)
            self._last_chat = latest.chat_id
            self.toast.show_attentions([(a.chat_id, say(a.title), say(a.body)) for a in attentions])
            if self._tray is not None:
                title, body = say(latest.title), say(latest.body)
                if len(attentions) > 1:
                    title = self.tr("{count} things need you").format(count=len(attentions))
                    body = "\n".join(say(a.title) for a in attentions[-5:])
                # Desktop notification servers may render markup: visitor text goes escaped.
                import html  # noqa: PLC0415  (not needed for the first frame)

                self._tray.showMessage(html.escape(title), html.escape(body),
                                       QSystemTrayIcon.MessageIcon.Information)
            self._play()
            QApplication.alert(self._window)
            fresh = [a.inquiry_id for a in attentions
                     if a.kind is AttentionKind.NEW_INQUIRY and not a.repeat and a.inquiry_id]
            if fresh and tell:
                self.announced.emit(fresh)
        self._update_badge()
        return fresh

    def _update_badge(self) -> None:
        count = self.service.waiting_count + self.service.unread_total
        self.badge_changed.emit(count)
        if self._tray is not None:
            self._tray.setIcon(_badge_icon(count, self.do_not_disturb))
            self._tray.setToolTip(self.tr("Omnidesk · {count} waiting for you").format(
                    count=count) if count else self.tr("Omnidesk"))

    def _play(self) -> None:
        if not self.sound_on:
            return
        if self._sound is None:
            # Loading QtMultimedia takes tens of milliseconds: never inside the moment that put
            # the alert on screen (at start-up, the whole queue is announced at once).
            if not self._sound_pending:
                self._sound_pending = True
                QTimer.singleShot(_SOUND_DELAY_MS, self._play_later)
            return
        if self._sound is False:
            QApplication.beep()
        else:
            self._sound.play()

    def _play_later(self) -> None:
        self._sound_pending = False
        self._sound = self._load_sound()
        self._play()

    def _load_sound(self) -> Any:
        # QtMultimedia loads on the first alert, not at start-up; without an audio library
        # (libpulse) the system bell stands in.
        try:
            from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415
        except ImportError as error:
            log.warning("no sound effects (%s); using the system bell", error)
            return False
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(CHIME)))
        effect.setVolume(0.6)

        def on_status_changed() -> None:
            # No audio device that can play it (no sound server, say): the bell from now on.
            if effect.status() == QSoundEffect.Status.Error:
                self._sound = False
                QApplication.beep()

        effect.statusChanged.connect(on_status_changed)
        return effect

    def _make_tray(self) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(_badge_icon(0, self.do_not_disturb), self)
        menu = QMenu(self._window)
        show = QAction(self.tr("Show Omnidesk"), menu)
        show.triggered.connect(self._raise_window)
        quiet = QAction(self.tr("Do not disturb"), menu)
        quiet.setCheckable(True)
        quiet.setChecked(self.do_not_disturb)
        quiet.toggled.connect(self.set_do_not_disturb)
        menu.addAction(show)
        menu.addAction(quiet)
        tray.setContextMenu(menu)
        tray.messageClicked.connect(self._on_tray_message_clicked)
        tray.activated.connect(lambda _reason: self._raise_window())
        tray.show()
        return tray

    def _on_tray_message_clicked(self) -> None:
        self._raise_window()
        if self._last_chat:
            self.chat_requested.emit(self._last_chat)

    def _raise_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()


def _flag(value: object) -> bool:
    return str(value).lower() in ("true", "1")


def _seconds(value: object) -> int:
    try:
        return max(10, int(str(value)))
    except ValueError:
        return 60


def _list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    return [] if value in (None, "") else [value]


def _badge_icon(count: int, quiet: bool) -> QIcon:
    """Omnidesk's icon (greyed while Do not disturb is on) with the count of what waits."""
    mode = QIcon.Mode.Disabled if quiet else QIcon.Mode.Normal
    pixmap = app_icon().pixmap(64, 64, mode)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if count:
        painter.setBrush(QColor("#d32f2f"))
        painter.drawEllipse(30, 0, 34, 34)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(20 if count < 100 else 14)
        painter.setFont(font)
        painter.drawText(30, 0, 34, 34, int(Qt.AlignmentFlag.AlignCenter), str(min(count, 999)))
    painter.end()
    return QIcon(pixmap)
