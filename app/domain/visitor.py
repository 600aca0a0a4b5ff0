"""Visitors: the customers who ask for help, one per channel identity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Channel(StrEnum):
    WIDGET = "widget"
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    VOICE = "voice"
    API = "api"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Channel.WIDGET: "Web chat",
    Channel.EMAIL: "Email",
    Channel.SMS: "SMS",
    Channel.WHATSAPP: "WhatsApp",
    Channel.VOICE: "Voice",
    Channel.API: "API",
}


@dataclass(frozen=True, slots=True)
class Visitor:
    id: str
    name: str
    channel: Channel
    # The address the visitor reached us from: an email, a phone number, a widget token's label.
    address: str
    contact_id: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PageVisit:
    """A page of the website the visitor opened (the widget's `livechat/page.visited`)."""

    title: str
    url: str
    at: datetime


@dataclass(frozen=True, slots=True)
class VisitorContext:
    """What the desk knows of a chat's visitor beyond their name: where they browsed, with what,
    which department they asked for, and their contact's custom fields. No IP address is kept.
    Every value is plain text as the visitor's browser sent it: never markup."""

    pages: tuple[PageVisit, ...] = ()  # oldest first
    user_agent: str = ""
    browser: str = ""
    os: str = ""
    department_id: str | None = None
    custom_fields: tuple[tuple[str, str], ...] = ()

    @property
    def landing_page(self) -> PageVisit | None:
        return self.pages[0] if self.pages else None


# (pattern, name) in the order browsers must be told apart: Edge and Opera also say Chrome,
# Chrome also says Safari.
_BROWSERS = (
    (re.compile(r"Edg(?:e|A|iOS)?/(\d+)"), "Edge"),
    (re.compile(r"(?:OPR|Opera)/(\d+)"), "Opera"),
    (re.compile(r"SamsungBrowser/(\d+)"), "Samsung Internet"),
    (re.compile(r"Firefox/(\d+)"), "Firefox"),
    (re.compile(r"FxiOS/(\d+)"), "Firefox"),
    (re.compile(r"CriOS/(\d+)"), "Chrome"),
    (re.compile(r"Chrom(?:e|ium)/(\d+)"), "Chrome"),
    (re.compile(r"Version/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/"), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"Windows NT 10"), "Windows 10/11"),
    (re.compile(r"Windows NT (\d+\.\d+)"), "Windows"),
    (re.compile(r"Android (\d+)"), "Android"),
    (re.compile(r"(?:iPhone|iPad|iPod).*? OS (\d+)"), "iOS"),
    (re.compile(r"Mac OS X (\d+[_.]\d+)"), "macOS"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Linux"), "Linux"),
)


def describe_user_agent(user_agent: str) -> tuple[str, str]:
    """(browser, operating system) in words, from a browser's User-Agent header; '' for what it
    does not tell (Rocket.Chat's visitor info shows the same two from `visitor.userAgent`)."""
    browser = next((f"{name} {m.group(1)}" for pattern, name in _BROWSERS
                    if (m := pattern.search(user_agent))), "")
    system = ""
    for pattern, name in _SYSTEMS:
        found = pattern.search(user_agent)
        if found:
            version = found.group(1).replace("_", ".") if found.groups() else ""
            system = name if name.endswith("11") or not version else f"{name} {version}"
            break
    return browser, system
