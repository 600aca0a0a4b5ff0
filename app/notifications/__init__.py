"""What deserves the agent's attention, and when to say it again. Policy only: no Qt here."""

from app.notifications.service import Attention, AttentionKind, NotificationService, NotificationSettings

__all__ = ["Attention", "AttentionKind", "NotificationService", "NotificationSettings"]
