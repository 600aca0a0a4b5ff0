"""The one place the UI starts asynchronous work: tracked, cancelled on close, errors reported."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from app.errors import OmnideskError
from ui.i18n.say import say_error

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
log = logging.getLogger(__name__)


class TaskRunner(QObject):
    """Runs coroutines on the qasync loop for one window.

    `failed` carries (what the user tried, a sentence they can act on); the full traceback of an
    unexpected error goes to the log, never to the screen.
    """

    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()

    def run(
        self,
        work: Coroutine[Any, Any, T],
        *,
        what: str,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[OmnideskError], None] | None = None,
    ) -> asyncio.Task[T]:
        # asyncio loads after the desk's first frame; nothing runs before (the loop does not).
        import asyncio  # noqa: PLC0415

        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(lambda t: self._finished(t, what, on_done, on_error))
        return task

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def _finished(
        self,
        task: asyncio.Task[T],
        what: str,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[OmnideskError], None] | None,
    ) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            if on_done is not None:
                on_done(task.result())
            return
        if isinstance(error, OmnideskError):
            if on_error is not None:
                on_error(error)
            self.failed.emit(what, say_error(error))
            return
        log.error("%s failed unexpectedly", what, exc_info=error)
        self.failed.emit(what, f"Something went wrong ({type(error).__name__}). "
                               "The details are in the log; nothing you entered was lost.")

    async def cancel_all(self) -> None:
        import asyncio  # noqa: PLC0415

        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
