"""What the desk says happened in a chat's history, in words a person uses: what changed, how
long something took; the same from every backend."""

from __future__ import annotations

from app.domain import Chat, Priority


def duration(seconds: float) -> str:
    """'45 seconds', '2 minutes', '1 hour 30 minutes': a wait as a person says it."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} second{'' if whole == 1 else 's'}"
    hours, minutes = divmod(round(whole / 60), 60)
    parts = [f"{hours} hour{'' if hours == 1 else 's'}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    return " ".join(parts)


def info_changes(before: Chat, after: Chat) -> str:
    """What an edit of a chat's info changed, as said after a name: 'changed the topic to
    “Refund” and added the tag vip'; empty when nothing changed."""
    parts: list[str] = []
    if before.topic != after.topic:
        parts.append(f"changed the topic to “{after.topic}”" if after.topic else "cleared the topic")
    added = [tag for tag in after.tags if tag not in before.tags]
    removed = [tag for tag in before.tags if tag not in after.tags]
    if added:
        parts.append(f"added the tag{'' if len(added) == 1 else 's'} {', '.join(added)}")
    if removed:
        parts.append(f"removed the tag{'' if len(removed) == 1 else 's'} {', '.join(removed)}")
    if before.priority != after.priority:
        parts.append(f"set the priority to {after.priority.label}"
                     if after.priority is not Priority.NOT_SPECIFIED else "cleared the priority")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
