"""The visitor intake: Rocket.Chat Livechat's visitor API (REST + DDP), so the Livechat widget a
site already embeds talks to the embedded desk. Off unless enabled; binds to 127.0.0.1 by default."""

from app.intake.server import IntakeServer, IntakeSettings

__all__ = ["IntakeServer", "IntakeSettings"]
