"""Rocket.Chat's contact-verification gates on taking a chat (`isAgentAvailableToTakeContactInquiry`):
with 'Livechat_Block_Unknown_Contacts' an agent may not take the chat of an unknown contact;
with 'Livechat_Block_Unverified_Contacts' nor one whose channel is not verified. As in
Rocket.Chat, only taking is gated (an agent taking it, a monitor assigning it); routing's own
assignments are not."""

from __future__ import annotations

from app.contacts.words import Contacts
from app.errors import Refused
from app.words import Phrase

UNKNOWN_CONTACT = "error-unknown-contact"
UNVERIFIED_CONTACT = "error-unverified-contact"

SETTING_BLOCK_UNKNOWN = "block_unknown_contacts"
SETTING_BLOCK_UNVERIFIED = "block_unverified_contacts"

REASONS = {
    UNKNOWN_CONTACT: Contacts.tr("Unknown contact: nobody has verified a channel of this contact or edited "
                                 "it yet, and your organisation does not let agents take such chats."),
    UNVERIFIED_CONTACT: Contacts.tr("Unverified channel: your organisation lets agents take only chats whose "
                                    "channel has been verified."),
}

# SQL for an inquiry's block, with `c` the chat, `k` its contact and `v` its visitor.
BLOCKED_SQL = (
    "CASE WHEN k.unknown = 1 AND (SELECT value FROM settings WHERE key = '"
    + SETTING_BLOCK_UNKNOWN + "') = 'true' THEN '" + UNKNOWN_CONTACT + "' "
    "WHEN v.verified = 0 AND (SELECT value FROM settings WHERE key = '"
    + SETTING_BLOCK_UNVERIFIED + "') = 'true' THEN '" + UNVERIFIED_CONTACT + "' ELSE '' END"
)


def refusal(code: str) -> Refused:
    return Refused(REASONS[code], code=code)


def reason(code: str) -> Phrase | None:
    """Why an inquiry with this block may not be taken (None for a code it does not know)."""
    return REASONS.get(code)
