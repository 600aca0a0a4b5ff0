"""The desk's refusals in Rocket.Chat's words: a visitor client matches on Rocket.Chat's error ids
(`invalid-token`, `invalid-room`, `room-closed`...), so each refusal of the visitor desk is
answered with the id Rocket.Chat's route gives in the same case. Always 400, as Rocket.Chat."""

from __future__ import annotations

from collections.abc import Callable

from app.errors import OmnideskError
from app.intake.answers import LivechatError, failure, meteor_error

# desk code -> how Rocket.Chat answers the same case
_AS_ROCKETCHAT: dict[str, Callable[[OmnideskError], LivechatError]] = {
    # findGuest(token) found nobody: `throw new Error('invalid-token')`
    "invalid-token": lambda _e: failure("invalid-token"),
    "visitor-unknown": lambda _e: failure("invalid-token"),
    # findRoom(token, rid) found nothing: unknown and someone else's read the same
    "chat-not-yours": lambda _e: failure("invalid-room"),
    "chat-unknown": lambda _e: failure("invalid-room"),
    "chat-closed": lambda _e: failure("room-closed"),
    "invalid-message": lambda _e: failure("invalid-message"),
    "error-action-not-allowed": lambda _e: failure("error-action-not-allowed"),
    "invalid-data": lambda _e: failure("invalid-data"),
    # The desk always has a limit (Livechat_message_character_limit, as config says).
    "message-too-long": lambda _e: failure("message-length-exceeds-character-limit"),
    "no-agent-online": lambda _e: meteor_error("no-agent-online", "Sorry, no online agents"),
    "visitor-has-open-rooms": lambda _e: meteor_error("visitor-has-open-rooms",
                                                      "Cannot remove visitors with opened rooms"),
    "invalid-email": lambda e: meteor_error("error-invalid-email", e.message),
}


def translate(error: OmnideskError) -> LivechatError:
    """The answer Rocket.Chat gives where the desk refused with `error`; a refusal Rocket.Chat
    has no word for keeps the desk's code and sentence, in Meteor.Error's shape."""
    as_rocketchat = _AS_ROCKETCHAT.get(error.code)
    return as_rocketchat(error) if as_rocketchat is not None else meteor_error(error.code, error.message)
