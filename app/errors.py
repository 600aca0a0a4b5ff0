"""Errors a user can act on: every one carries a stable code and a sentence for the user."""

from __future__ import annotations

from app.words import Phrase


class OmnideskError(Exception):
    """Base of every error Omnidesk shows to a user.

    `code` is stable (tests and remote backends map onto it); `message` is written for the user
    and says what happened and what they can do, in English; `phrase`, when app/ wrote the
    sentence, is the same sentence for ui/ to say in the user's language (`ui.i18n.say_error`).
    """

    code = "error"

    def __init__(self, message: str | Phrase, *, code: str | None = None) -> None:
        self.phrase = message if isinstance(message, Phrase) else None
        self.message = str(message)
        super().__init__(self.message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class NotAllowed(OmnideskError):
    """The user asked for something outside their departments, units or role."""

    code = "not-allowed"


class NotFound(OmnideskError):
    code = "not-found"


class Refused(OmnideskError):
    """A valid request that the current state refuses (already taken, chat closed...)."""

    code = "refused"


class InvalidInput(OmnideskError):
    code = "invalid-input"


class StorageError(OmnideskError):
    """The local database cannot be used; the file is left exactly as it was."""

    code = "storage"


class Offline(OmnideskError):
    """The server cannot be reached: what is shown comes from the local cache, and this change
    was not made (or, for journalled admin edits, waits to be sent)."""

    code = "offline"


class SessionExpired(OmnideskError):
    """The server no longer accepts the saved sign-in: sign in again."""

    code = "session-expired"


class BadCredentials(OmnideskError):
    code = "bad-credentials"


class TwoFactorRequired(OmnideskError):
    """The server asks for a second factor: call sign-in again with the code. `method` is the
    server's name for it (Rocket.Chat: 'totp', 'email' or 'password')."""

    code = "two-factor-required"

    def __init__(self, message: str | Phrase, *, method: str) -> None:
        super().__init__(message)
        self.method = method
