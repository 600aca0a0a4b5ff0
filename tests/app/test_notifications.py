"""What deserves an agent's attention, and the re-alert until someone takes the inquiry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.backends.events import (
    ChatAssigned,
    ChatClosed,
    InquiryQueued,
    InquiryRemoved,
    InquiryRemovedReason,
    MessageAdded,
)
from app.clock import ManualClock
from app.domain import (
    AuthorKind,
    Channel,
    ChatPlace,
    ChatStatus,
    ChatSummary,
    Inquiry,
    Message,
    Principal,
    Priority,
    Role,
)
from app.notifications import AttentionKind, NotificationService, NotificationSettings

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
ANA = Principal("u-ana", "ana", "Ana", frozenset({Role.AGENT}), frozenset({"s"}), frozenset(), frozenset())
MAYA = Principal("u-maya", "maya", "Maya", frozenset({Role.MONITOR}), frozenset(), frozenset({"u"}),
                 frozenset({"s"}))


def _inquiry(number: int = 1, sla_minutes: int | None = None) -> Inquiry:
    return Inquiry(id=f"i{number}", chat_id=f"c{number}", visitor_id="v", visitor_name=f"Visitor {number}",
                   contact_id="k", channel=Channel.WHATSAPP, department_id="s",
                   priority=Priority.NOT_SPECIFIED, queued_at=NOW,
                   sla_due_at=None if sla_minutes is None else NOW + timedelta(minutes=sla_minutes),
                   preview="Where is my parcel?")


def _waiting(number: int = 1) -> ChatPlace:
    return ChatPlace(f"c{number}", "s", None, None, ChatStatus.QUEUED, "k")


def _queued(inquiry: Inquiry) -> InquiryQueued:
    return InquiryQueued(inquiry, ChatPlace(inquiry.chat_id, "s", None, None, ChatStatus.QUEUED, "k"))


def _chat(chat_id: str, served_by: str | None = "u-ana") -> ChatSummary:
    return ChatSummary(id=chat_id, visitor_name="Vera", contact_id="k", channel=Channel.SMS,
                       department_id="s", status=ChatStatus.OPEN, served_by_id=served_by,
                       served_by_name="Ana", created_at=NOW, closed_at=None, tags=(),
                       last_message="hello", message_count=1)


def _message(chat_id: str, number: int = 1, kind: AuthorKind = AuthorKind.VISITOR) -> MessageAdded:
    return MessageAdded(Message(id=f"m{number}", chat_id=chat_id, author_kind=kind, author_id="v",
                                author_name="Vera", text="Are you there?", sent_at=NOW),
                        ChatPlace(chat_id, "s", None, "u-ana", ChatStatus.OPEN, "k"))


def _service(me: Principal = ANA, **settings: object) -> tuple[NotificationService, ManualClock]:
    clock = ManualClock(NOW)
    return NotificationService(me, clock, NotificationSettings(**settings)), clock  # type: ignore[arg-type]


def test_a_waiting_inquiry_realerts_until_someone_takes_it() -> None:
    service, clock = _service(realert_after_s=60)
    [first] = service.on_event(_queued(_inquiry()))
    assert (first.kind, first.repeat, str(first.title)) == (
        AttentionKind.NEW_INQUIRY, False, "New chat in the queue: Visitor 1")
    clock.advance(timedelta(seconds=59))
    assert service.due() == []
    assert service.next_due() == NOW + timedelta(seconds=60)
    clock.advance(timedelta(seconds=1))
    [again] = service.due()
    assert again.repeat and str(again.title) == "Still waiting (1 min): Visitor 1"
    service.on_event(InquiryRemoved("i1", "c1", InquiryRemovedReason.TAKEN, _waiting(1)))
    clock.advance(timedelta(minutes=10))
    assert service.due() == [] and service.next_due() is None and service.waiting_count == 0


def test_do_not_disturb_silences_and_waiting_inquiries_come_back_after() -> None:
    service, clock = _service(do_not_disturb=True)
    assert service.on_event(_queued(_inquiry())) == []
    clock.advance(timedelta(minutes=5))
    assert service.due() == []
    [back] = service.change_settings(replace(service.settings, do_not_disturb=False))
    assert back.kind is AttentionKind.NEW_INQUIRY


def test_per_kind_choices_are_respected() -> None:
    service, _ = _service(kinds=frozenset({AttentionKind.CHAT_ASSIGNED}))
    assert service.on_event(_queued(_inquiry())) == []
    [assigned] = service.on_event(ChatAssigned(_chat("c9"), previous_agent_id=None, by_routing=True))
    assert assigned.kind is AttentionKind.CHAT_ASSIGNED
    assert service.on_event(_message("c9")) == []  # visitor messages are off
    assert service.unread("c9") == 1  # but still counted


def test_assignment_and_transfer_to_me_are_told_once() -> None:
    service, _ = _service()
    [mine] = service.on_event(ChatAssigned(_chat("c1"), previous_agent_id=None, by_routing=True))
    assert str(mine.title) == "New chat for you: Vera"
    assert service.on_event(ChatAssigned(_chat("c4"), previous_agent_id=None)) == []  # I took it
    assert service.on_event(ChatAssigned(_chat("c1"), previous_agent_id="u-ana")) == []  # on hold
    [moved] = service.on_event(ChatAssigned(_chat("c2"), previous_agent_id="u-bo"))
    assert moved.kind is AttentionKind.TRANSFER_TO_ME
    assert service.on_event(ChatAssigned(_chat("c3", served_by="u-bo"), previous_agent_id=None)) == []


def test_visitor_messages_alert_unless_the_chat_is_on_screen() -> None:
    service, _ = _service()
    service.know_chats([("c1", "Vera"), ("c2", "Wim")])
    service.looking_at("c1")
    assert service.on_event(_message("c1", 1)) == []
    [other] = service.on_event(_message("c2", 2))
    assert other.kind is AttentionKind.VISITOR_MESSAGE and other.chat_id == "c2"
    assert service.on_event(_message("c2", 3, AuthorKind.AGENT)) == []
    assert (service.unread("c2"), service.unread_total) == (1, 1)
    service.looking_at("c2")
    assert service.unread_total == 0
    service.on_event(ChatClosed(_chat("c1")))
    assert service.on_event(_message("c1", 4)) == []


def test_an_sla_about_to_pass_is_told_once() -> None:
    service, clock = _service(realert_after_s=3600, sla_warning_s=120)
    service.on_event(_queued(_inquiry(sla_minutes=5)))
    clock.advance(timedelta(minutes=3))
    [warning] = service.due()
    assert warning.kind is AttentionKind.SLA_BREACH and "Due in 2 min" in str(warning.body)
    clock.advance(timedelta(minutes=1))
    assert service.due() == []


def test_an_sla_due_within_the_minute_does_not_say_zero_minutes() -> None:
    service, clock = _service(realert_after_s=3600, sla_warning_s=120)
    service.on_event(_queued(_inquiry(sla_minutes=5)))
    clock.advance(timedelta(minutes=4, seconds=30))
    [warning] = service.due()
    assert str(warning.body).startswith("Due in less than a minute.")


def test_monitors_are_told_about_slas_not_every_inquiry() -> None:
    service, clock = _service(MAYA, sla_warning_s=600)
    assert service.on_event(_queued(_inquiry(1))) == []
    [sla] = service.on_event(_queued(_inquiry(2, sla_minutes=5)))
    assert sla.kind is AttentionKind.SLA_BREACH
    del clock


def test_a_reload_forgets_what_left_while_events_were_missed() -> None:
    service, clock = _service(realert_after_s=60)
    service.know_queue([_inquiry(1), _inquiry(2)])
    service.know_chats([("c7", "Vera"), ("c8", "Yan")])
    service.on_event(_message("c7"))
    assert service.waiting_count == 2 and service.unread("c7") == 1
    # The link dropped; meanwhile a colleague took inquiry 1 and chat c7 went elsewhere.
    service.know_queue([_inquiry(2)])
    service.know_chats([("c8", "Yan")])
    assert service.waiting_count == 1 and service.unread("c7") == 0
    clock.advance(timedelta(minutes=2))
    assert [str(a.title) for a in service.due()] == ["Still waiting (2 min): Visitor 2"]


def test_inquiries_announced_in_an_earlier_session_are_not_new_again() -> None:
    clock = ManualClock(NOW)
    service = NotificationService(ANA, clock)
    said = service.know_queue([_inquiry(1), _inquiry(2), _inquiry(3)], announced={"i2"})
    assert [(a.chat_id, a.inquiry_id, a.repeat) for a in said] == [("c1", "i1", False), ("c3", "i3", False)]
    assert service.waiting_count == 3
    clock.advance(timedelta(seconds=61))
    assert [(a.chat_id, a.repeat) for a in service.due()] == [("c1", True), ("c2", True), ("c3", True)]


def test_a_chat_queued_before_its_first_words_says_so_then_quotes_them() -> None:
    clock = ManualClock(NOW)
    service = NotificationService(ANA, clock)
    silent = replace(_inquiry(1), preview="")
    [said] = service.on_event(_queued(silent))
    assert str(said.body) == "WhatsApp · Waiting for their first message"
    service.on_event(MessageAdded(Message("m1", "c1", AuthorKind.VISITOR, "v", "Vera", "Is it late?", NOW),
                                  _waiting(1)))
    clock.advance(timedelta(seconds=61))
    [again] = service.due()
    assert again.repeat and str(again.body).endswith("Is it late?")


def test_unread_counts_from_the_backend_are_taken_for_my_chats_but_the_one_on_screen() -> None:
    service = NotificationService(ANA, ManualClock(NOW))
    service.know_chats([("c1", "Vera"), ("c2", "Olu")])
    service.looking_at("c2")
    service.know_unread({"c1": 2, "c2": 1, "c9": 4})
    assert (service.unread("c1"), service.unread("c2"), service.unread("c9")) == (2, 0, 0)
    assert service.unread_total == 2
