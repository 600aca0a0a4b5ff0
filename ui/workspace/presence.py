"""The agent's presence beside Available: Online or Away (Rocket.Chat's user status). Away agents
keep their chats; whether routing gives them new ones is the organisation's 'route to away
agents' setting (Rocket.Chat's Livechat_enabled_when_agent_idle, on by default)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.domain import AgentStatus
from ui.i18n import QT_TRANSLATE_NOOP

_SHOWN = {AgentStatus.ONLINE: QT_TRANSLATE_NOOP("PresenceButton", "● Online"),
          AgentStatus.AWAY: QT_TRANSLATE_NOOP("PresenceButton", "◐ Away"),
          AgentStatus.OFFLINE: QT_TRANSLATE_NOOP("PresenceButton", "○ Offline")}


class PresenceButton(QToolButton):
    status_chosen = Signal(object)  # AgentStatus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presence")
        self.setAccessibleName(self.tr("Your status"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        for status, label in ((AgentStatus.ONLINE, self.tr("Online")), (AgentStatus.AWAY, self.tr("Away"))):
            action = menu.addAction(label)
            action.setObjectName(f"presence-{status.value}")
            action.triggered.connect(lambda _checked=False, chosen=status: self.status_chosen.emit(chosen))
        self.setMenu(menu)
        self.status = AgentStatus.ONLINE
        self.show_status(AgentStatus.ONLINE)

    def show_status(self, status: AgentStatus) -> None:
        self.status = status
        self.setText(self.tr(_SHOWN[status]))
        self.setToolTip(self.tr("Away: you keep your chats; new ones reach you only if your organisation "
                        "routes to away agents") if status is AgentStatus.AWAY
                        else self.tr("Set yourself away when you step out"))
