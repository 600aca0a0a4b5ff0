"""What the desk says happened in a chat's history, in words a person uses: what changed, how
long something took; the same from every backend. Phrases (app.words), said in the language of
whoever reads or writes them."""

from __future__ import annotations

from app.domain import Chat, Priority
from app.words import Phrase, PhraseBook


class Wording(PhraseBook):
    """Words of a chat's history: durations, what an edit changed."""


def duration(seconds: float) -> Phrase:
    """'45 seconds', '2 minutes', '1 hour 30 minutes': a wait as a person says it."""
    whole = max(0, round(seconds))
    if whole < 60:
        return Wording.tr("%n second(s)", None, whole)
    hours, minutes = divmod(round(whole / 60), 60)
    if not hours:
        return Wording.tr("%n minute(s)", None, minutes)
    said_hours = Wording.tr("%n hour(s)", None, hours)
    if not minutes:
        return said_hours
    return Wording.tr("{hours} {minutes}").format(hours=said_hours,
                                                  minutes=Wording.tr("%n minute(s)", None, minutes))


def info_changes(before: Chat, after: Chat) -> Phrase | None:
    """What an edit of a chat's info changed, as said after a name: 'changed the topic to
    “Refund” and added the tag vip'; None when nothing changed."""
    parts: list[Phrase] = []
    if before.topic != after.topic:
        parts.append(Wording.tr("changed the topic to “{topic}”").format(topic=after.topic) if after.topic
                     else Wording.tr("cleared the topic"))
    added = [tag for tag in after.tags if tag not in before.tags]
    removed = [tag for tag in before.tags if tag not in after.tags]
    if added:
        parts.append(Wording.tr("added the tag(s) {tags}", None, len(added)).format(tags=", ".join(added)))
    if removed:
        parts.append(Wording.tr("removed the tag(s) {tags}", None, len(removed)).format(
            tags=", ".join(removed)))
    if before.priority != after.priority:
        parts.append(Wording.tr("set the priority to {priority}").format(
            priority=priority_name(after.priority)) if after.priority is not Priority.NOT_SPECIFIED
            else Wording.tr("cleared the priority"))
    if not parts:
        return None
    said = parts[-1]
    if len(parts) > 1:
        said = Wording.tr("{first} and {last}").format(first=_listed(parts[:-1]), last=said)
    return said


def _listed(parts: list[Phrase]) -> Phrase:
    said = parts[0]
    for part in parts[1:]:
        said = Wording.tr("{first}, {next}").format(first=said, next=part)
    return said


def priority_name(priority: Priority) -> Phrase:
    """A priority's name (Rocket.Chat's five), as a phrase."""
    names = {Priority.HIGHEST: Wording.tr("Highest"), Priority.HIGH: Wording.tr("High"),
             Priority.MEDIUM: Wording.tr("Medium"), Priority.LOW: Wording.tr("Low"),
             Priority.LOWEST: Wording.tr("Lowest")}
    return names.get(priority, Wording.tr("Not specified"))
