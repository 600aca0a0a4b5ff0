"""A file sent in a chat (Rocket.Chat's IUpload as a message carries it: `file`, `files`,
`attachments`), and the limits an organisation puts on files."""

from __future__ import annotations

from dataclasses import dataclass

# Pictures the desk and the widget show inline. Anything else (SVG, which can hold script,
# included) is offered as a download only.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
# A picture whose header claims more pixels than this (a decompression bomb, or a panorama a
# browser would struggle with) is offered as a download, never shown inline: 100 megapixels.
MAX_INLINE_PIXELS = 100_000_000

# Rocket.Chat's defaults: FileUpload_MaxFileSize (100 MiB), FileUpload_MediaTypeWhiteList (any),
# FileUpload_MediaTypeBlackList (SVG, which a browser would run script in).
DEFAULT_MAX_FILE_BYTES = 104_857_600
DEFAULT_MEDIA_TYPE_BLACKLIST = "image/svg+xml"


@dataclass(frozen=True, slots=True)
class Attachment:
    # The file's id (Rocket.Chat's file `_id`): random, unguessable, the only thing the store
    # knows the bytes by.
    id: str
    # What the sender called it: a label shown to people, never a path on this machine.
    name: str
    # What the file is, read from its first bytes when recognised (not what the sender claimed).
    media_type: str
    size: int  # bytes
    # A picture's size, read from its header (never by decoding it); None for other files.
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        """Whether this is a picture the desk and the widget may show inline: a format they
        show, of a known size that is not absurd."""
        return (self.media_type in INLINE_IMAGE_TYPES and bool(self.width) and bool(self.height)
                and (self.width or 0) * (self.height or 0) <= MAX_INLINE_PIXELS)


@dataclass(frozen=True, slots=True)
class FileLimits:
    """What files the organisation accepts (Rocket.Chat's FileUpload settings, the same for
    agents and visitors), and whether website visitors may send any."""

    enabled: bool = True  # FileUpload_Enabled
    visitors_may_send: bool = True  # Livechat_fileupload_enabled
    max_bytes: int = DEFAULT_MAX_FILE_BYTES  # FileUpload_MaxFileSize
    # Comma-separated media types, `type/*` wildcards allowed; an empty whitelist allows any.
    whitelist: str = ""  # FileUpload_MediaTypeWhiteList
    blacklist: str = DEFAULT_MEDIA_TYPE_BLACKLIST  # FileUpload_MediaTypeBlackList

    def allows_type(self, media_type: str) -> bool:
        """Rocket.Chat's fileUploadIsValidContentType: refused when on the blacklist (or unknown
        while a blacklist is set), else allowed when the whitelist is empty or lists it."""
        blacklist = _media_types(self.blacklist)
        whitelist = _media_types(self.whitelist)
        media_type = media_type.strip().lower()
        if not media_type and blacklist:
            return False
        if blacklist and _listed(media_type, blacklist):
            return False
        if not whitelist or whitelist == ["*"]:
            return True
        return _listed(media_type, whitelist)


def _media_types(setting: str) -> list[str]:
    return [item.strip().lower() for item in setting.split(",") if item.strip()]


def _listed(media_type: str, listed: list[str]) -> bool:
    if media_type in listed:
        return True
    family = media_type.split("/", 1)[0]
    return f"{family}/*" in listed


def size_text(size: int) -> str:
    """A file size as people read it: '512 B', '3.4 KB', '100 MB' (binary units, as Rocket.Chat's
    `filesize` writes its limits)."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return _one_decimal(value, unit)
        value /= 1024
    return _one_decimal(value, "GB")


def _one_decimal(value: float, unit: str) -> str:
    shown = f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}"
