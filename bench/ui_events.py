"""UI benchmark: event-loop lag during a 10,000-event burst, and memory with 100k messages.

Opens the real workspace (offscreen) on a fresh sample desk, opens one of the agent's chats,
then publishes 10,000 events at once (5,000 new inquiries, 5,000 messages in the open chat) and
measures how late a 5 ms Qt timer fires while they land. Then loads 100,000 messages into the
conversation and reports the process's resident memory. Targets (issue #4): lag p99 <= 50 ms,
RSS <= 200 MB. The baseline is the same probe on the idle window, measured in the same run.

    .venv/bin/python bench/ui_events.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.backends.embedded import EmbeddedEngine
from app.clock import SystemClock
from app.demo import SampleSize, build_sample_organisation
from app.domain import AuthorKind, Channel, Inquiry, Message, Priority
from app.store import Database
from tests.ui.burst import publish_burst
from ui.bridge.lag import LagProbe
from ui.workspace.window import WorkspaceWindow

BURST = 10_000
MESSAGES = 100_000
ROWS = 100_000
STEPS = 200


def _scroll_steps(view: QAbstractItemView) -> list[float]:
    """Milliseconds per page scrolled (jumping through the whole list), repaint included."""
    bar = view.verticalScrollBar()
    view.scrollToTop()
    QApplication.processEvents()
    spans = []
    stride = max(bar.pageStep(), (bar.maximum() - bar.minimum()) // STEPS)
    for step in range(STEPS):
        started = time.perf_counter()
        bar.setValue(bar.minimum() + step * stride)
        view.viewport().repaint()
        spans.append((time.perf_counter() - started) * 1000)
    return spans


async def _laid_out(view: QAbstractItemView) -> float:
    """Seconds until a list with rows of their own heights has measured every row (it does so
    in batches between events, so the window stays usable meanwhile)."""
    started = time.perf_counter()
    bar = view.verticalScrollBar()
    last, steady_since = -1, time.perf_counter()
    while time.perf_counter() - steady_since < 6.0:
        await asyncio.sleep(0.02)
        if bar.maximum() != last:
            last, steady_since = bar.maximum(), time.perf_counter()
    return steady_since - started


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def _until(condition, limit_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + limit_s
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        await asyncio.sleep(0.005)


async def main() -> None:
    clock = SystemClock()
    database = Database.open(Path(tempfile.mkdtemp()) / "omnidesk.sqlite3")
    database.write_now(
        lambda c: build_sample_organisation(c, size=SampleSize(), seed=7, now=clock.now())
    )
    engine = EmbeddedEngine(database, clock)
    backend = await engine.sign_in("bo")
    names = {d.id: d.name for d in await backend.departments()}
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = WorkspaceWindow(backend, await backend.me(), clock, names, settings)
    window.show()
    window.start()
    await _until(lambda: window.is_ready)
    chat = window.chats_model.chat_at(0)
    window.open_chat(chat.id)
    await _until(lambda: window.messages_model.chat_id == chat.id)

    idle = LagProbe(5)
    idle.start()
    await asyncio.sleep(1.0)
    idle.stop()

    queued, shown = window.queue_model.rowCount(), window.messages_model.rowCount()
    probe = LagProbe(5)
    probe.start()
    started = time.perf_counter()
    publish_burst(engine.bus, count=BURST, chat_id=chat.id, department_id="dep-support",
                  start=clock.now(), served_by_id="u-bo")
    await _until(lambda: window.queue_model.rowCount() == queued + BURST // 2
                 and window.messages_model.rowCount() == shown + BURST // 2)
    landed = time.perf_counter() - started
    during = list(probe.lags_ms)
    await asyncio.sleep(1.0)  # the views finish laying out after the models: keep measuring
    probe.stop()

    before = _rss_mb()
    base = clock.now() - timedelta(days=30)
    window.messages_model.show_chat(chat.id, [
        Message(id=f"bench-{n}", chat_id=chat.id,
                author_kind=AuthorKind.VISITOR if n % 2 else AuthorKind.AGENT, author_id="x",
                author_name="Visitor" if n % 2 else "Bo",
                text=f"message number {n}: " + "lorem ipsum " * (n % 7),
                sent_at=base + timedelta(seconds=n))
        for n in range(MESSAGES)
    ])
    layout_probe = LagProbe(5)
    layout_probe.start()
    laid_out = await _laid_out(window.conversation.messages)
    layout_probe.stop()
    after = _rss_mb()
    message_steps = _scroll_steps(window.conversation.messages)

    window.queue_model.reset([
        Inquiry(id=f"big-{n}", chat_id=f"big-chat-{n}", visitor_id="v", visitor_name=f"Visitor {n}",
                contact_id="c", channel=Channel.WIDGET, department_id="dep-support",
                priority=Priority.NOT_SPECIFIED, queued_at=base + timedelta(seconds=n), sla_due_at=None,
                preview=f"question number {n}")
        for n in range(ROWS)
    ])
    queue_steps = _scroll_steps(window.queue_panel.table)

    print(f"burst of {BURST:,} events ({BURST // 2:,} inquiries, {BURST // 2:,} messages in the "
          f"open chat): in the models after {landed * 1000:.0f} ms")
    print(f"event-loop lag, idle window      : p50 {idle.percentile(0.5):6.1f} ms   "
          f"p99 {idle.percentile(0.99):6.1f} ms")
    during.sort()
    print(f"event-loop lag, while landing   : p50 {during[len(during) // 2]:6.1f} ms   "
          f"p99 {during[min(len(during) - 1, int(0.99 * len(during)))]:6.1f} ms   "
          f"({len(during)} ticks)")
    print(f"event-loop lag, burst + 1 s after: p50 {probe.percentile(0.5):6.1f} ms   "
          f"p99 {probe.percentile(0.99):6.1f} ms   max {max(probe.lags_ms):6.1f} ms   "
          "(target p99 <= 50 ms)")
    print(f"RSS: {before:.0f} MB before, {after:.0f} MB with {MESSAGES:,} messages in the conversation"
          "   (target <= 200 MB)")
    print(f"laying out {MESSAGES:,} messages of their own heights (in batches, window usable): "
          f"{laid_out:.1f} s; event-loop lag meanwhile p50 {layout_probe.percentile(0.5):.1f} ms, "
          f"p99 {layout_probe.percentile(0.99):.1f} ms")
    print(f"scrolling {MESSAGES:,} messages, a page at a time, repaint included: "
          f"p50 {_p(message_steps, 0.5):.1f} ms  p99 {_p(message_steps, 0.99):.1f} ms per page")
    print(f"scrolling a queue of {ROWS:,} rows, a page at a time, repaint included: "
          f"p50 {_p(queue_steps, 0.5):.1f} ms  p99 {_p(queue_steps, 0.99):.1f} ms per page "
          f"(a 60 Hz frame is 16.7 ms); RSS now {_rss_mb():.0f} MB")
    await window.shutdown()
    await backend.aclose()
    await engine.aclose()
    database.close()


if __name__ == "__main__":
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    qasync.run(main())
