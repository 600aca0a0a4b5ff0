"""The sentences of files in chats: why a file was refused, why one cannot be read or saved."""

from __future__ import annotations

from app.words import PhraseBook


class Files(PhraseBook):
    """Why a file cannot be sent, read or saved, and what to do."""
