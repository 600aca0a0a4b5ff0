"""The sentences of app/policy: who may do what, said to whoever may not."""

from __future__ import annotations

from app.words import PhraseBook


class Policy(PhraseBook):
    """Why an action is not allowed to this user, and whom to ask."""
