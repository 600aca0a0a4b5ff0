"""Rules on the settings records: business hours that open, routing within its bounds, and the
website chat's title, allowed origins and custom fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.config.records import Kind
from app.config.rules.problem import Configuration, Problem, describe
from app.config.website_fields import parse_custom_field

# Omnichannel_max_fallback_forward_depth: Rocket.Chat defaults to 3; more than 10 hops means a
# chat wanders far longer than any visitor waits.
MAX_FALLBACK_DEPTH = 10
# What a browser sends as Origin: a scheme and a host (a name, "localhost" or an IPv4 address)
# and maybe a port; never a path, not even "/".
_ORIGIN = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"(?::(?P<port>\d{1,5}))?$",
    re.IGNORECASE,
)


def settings_problems(config: Configuration) -> Iterator[Problem]:
    for hours in config.of(Kind.BUSINESS_HOURS).values():
        intervals = hours.fields.get("intervals")
        if hours.fields.get("active") is True and isinstance(intervals, list) and not intervals:
            yield Problem(Kind.BUSINESS_HOURS, hours.id, "intervals",
                          f"{describe(hours)} are active but never open; add opening times or "
                          f"make them inactive.")
    routing = config.get(Kind.ROUTING, Kind.ROUTING.value)
    if routing is not None:
        depth = routing.fields.get("max_fallback_depth")
        if isinstance(depth, int) and not isinstance(depth, bool) and depth > MAX_FALLBACK_DEPTH:
            yield Problem(Kind.ROUTING, routing.id, "max_fallback_depth",
                          f"Routing: The fallback forward depth is {depth}; choose a depth from "
                          f"0 to {MAX_FALLBACK_DEPTH}.")
    website = config.get(Kind.WEBSITE, Kind.WEBSITE.value)
    if website is not None:
        title = website.fields.get("title")
        if isinstance(title, str) and not title.strip():
            yield Problem(Kind.WEBSITE, website.id, "title",
                          "Website chat: The title cannot be empty; visitors read it above the chat.")
        origins = website.fields.get("allowed_origins")
        for origin in origins if isinstance(origins, list) else []:
            if isinstance(origin, str) and not is_origin(origin):
                yield Problem(Kind.WEBSITE, website.id, "allowed_origins",
                              f"Website chat: '{origin}' is not a website origin; write it as "
                              f"https://host or https://host:port, with no path.")
        entries = website.fields.get("custom_fields")
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, str) and parse_custom_field(entry) is None:
                yield Problem(Kind.WEBSITE, website.id, "custom_fields",
                              f"Website chat: '{entry[:40]}' is not a custom field; write a key of "
                              f"letters, digits, - or _ (such as customer_id), with ': Label' to ask "
                              f"it on the registration form.")


def is_origin(text: str) -> bool:
    match = _ORIGIN.fullmatch(text)
    return match is not None and (match["port"] is None or 1 <= int(match["port"]) <= 65535)
