"""Pictures shown inline in the conversation: fetched through the backend when their row is first
painted, decoded off the GUI thread at the size they are shown, within a memory limit, so a
picture whose header promises billions of pixels (a decompression bomb) is refused instead of
taking the desk down. Nothing here opens or runs a file; other files are cards (file_bubble)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from enum import Enum

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from app.domain import Message
from app.errors import Offline, OmnideskError
from ui.bridge.tasks import TaskRunner

# The largest picture fetched to be shown; a larger one is a card (save it to see it).
MAX_PREVIEW_BYTES = 25 * 1024 * 1024
# Decoding a picture of more pixels than this is refused, whatever its header or file size.
MAX_DECODE_PIXELS = 32_000_000
# Qt refuses any single decode needing more memory than this (QImageReader's allocation limit).
_ALLOCATION_LIMIT_MB = 160
# Decoded previews kept; older ones are decoded again if scrolled back to.
_KEPT = 200


class Preview(Enum):
    LOADING = "loading"
    READY = "ready"
    # Not a picture after all, too large to decode, gone, or no longer ours to see.
    UNAVAILABLE = "unavailable"


def decode_preview(data: bytes, box: QSize) -> QImage | None:
    """The picture in `data`, shrunk to fit `box`; None when it is no picture Qt reads, or one
    too large to decode safely. Reads only the header before deciding: safe off the GUI thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty() or size.width() * size.height() > MAX_DECODE_PIXELS:
        return None
    if size.width() > box.width() or size.height() > box.height():
        reader.setScaledSize(size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


class PreviewCache(QObject):
    """Decoded previews by message id. `want` starts loading one (once); `changed` says when its
    state moved on, so the conversation repaints that row."""

    changed = Signal(str)  # message id

    def __init__(self, fetch: Callable[[str, int], Awaitable[bytes]], runner: TaskRunner,
                 box: QSize, parent: QObject | None = None) -> None:
        super().__init__(parent)
        QImageReader.setAllocationLimit(_ALLOCATION_LIMIT_MB)
        self._fetch = fetch
        self._runner = runner
        self.box = box
        self._states: dict[str, Preview] = {}
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        # Unavailable only because the server could not be reached (a file not on this computer
        # yet): asked again once the link is back (retry_unreached).
        self._unreached: set[str] = set()

    def state(self, message_id: str) -> Preview | None:
        return self._states.get(message_id)

    def pixmap(self, message_id: str) -> QPixmap | None:
        found = self._pixmaps.get(message_id)
        if found is not None:
            self._pixmaps.move_to_end(message_id)
        return found

    def want(self, message: Message) -> None:
        """Load the preview of the picture `message` carries, unless it is loaded or loading."""
        attachment = message.attachment
        if attachment is None or not attachment.is_image or message.id in self._states:
            return
        if attachment.size > MAX_PREVIEW_BYTES:
            self._set(message.id, Preview.UNAVAILABLE)
            return
        self._states[message.id] = Preview.LOADING
        message_id = message.id

        def loaded(image: QImage | None) -> None:
            self._loaded(message_id, image)

        self._runner.run(self._load(message_id), what=self.tr("Show a picture"), on_done=loaded)

    def retry_unreached(self) -> None:
        """The link is back: the pictures that could not be fetched for want of it load again
        when next painted."""
        waiting = set()
        for message_id in self._unreached:
            state = self._states.get(message_id)
            if state is Preview.UNAVAILABLE:
                del self._states[message_id]
                self.changed.emit(message_id)
            elif state is Preview.LOADING:
                waiting.add(message_id)  # its failure is still on its way here
        self._unreached = waiting

    async def _load(self, message_id: str) -> QImage | None:
        try:
            data = await self._fetch(message_id, MAX_PREVIEW_BYTES)
        except Offline:
            self._unreached.add(message_id)
            return None
        except OmnideskError:
            return None  # shown as a card: the picture can still be saved (or it says why not)
        import asyncio  # noqa: PLC0415  (loaded after the desk's first frame)

        return await asyncio.to_thread(decode_preview, data, self.box)

    def _loaded(self, message_id: str, image: QImage | None) -> None:
        if self._states.get(message_id) is not Preview.LOADING:
            return
        if image is None:
            self._set(message_id, Preview.UNAVAILABLE)
            return
        self._pixmaps[message_id] = QPixmap.fromImage(image)
        while len(self._pixmaps) > _KEPT:
            dropped, _pixmap = self._pixmaps.popitem(last=False)
            self._states.pop(dropped, None)
        self._set(message_id, Preview.READY)

    def _set(self, message_id: str, state: Preview) -> None:
        self._states[message_id] = state
        self.changed.emit(message_id)
