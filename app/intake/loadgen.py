"""Drives simulated visitors through the intake's REST + DDP API and measures what it saw.

Each visitor registers, opens a room, connects over DDP and subscribes to it, then sends messages
at the given rate until the duration ends. What is measured: messages sent and refused, and the
time from sending a message to its echo on the visitor's own DDP stream (the widget shows a
message only when the echo arrives), with any echo missing or doubled.
"""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

API = "/api/v1/livechat"


@dataclass
class LoadReport:
    visitors: int = 0
    visitors_failed: int = 0
    sent: int = 0
    refused: int = 0
    echo_ms: list[float] = field(default_factory=list)
    echoes: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def missing(self) -> int:
        return sum(1 for text in self.sent_texts if self.echoes[text] == 0)

    @property
    def doubled(self) -> int:
        return sum(1 for count in self.echoes.values() if count > 1)

    sent_texts: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        ordered = sorted(self.echo_ms)

        def pick(share: float) -> float:
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

        rate = self.sent / self.seconds if self.seconds else 0.0
        return [
            f"visitors: {self.visitors} connected, {self.visitors_failed} failed",
            f"messages: {self.sent} sent ({rate:.0f}/s), {self.refused} refused",
            f"echo latency: p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, "
            f"mean {statistics.fmean(ordered) if ordered else float('nan'):.1f} ms",
            f"echoes missing: {self.missing}, doubled: {self.doubled}",
        ]


async def run_visitors(
    url: str, *, visitors: int, rate: float, duration: float, department: str | None = None
) -> LoadReport:
    """`rate` is messages per second for each visitor."""
    report = LoadReport()
    started = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(base_url=url, connector=connector) as http:
        await asyncio.gather(
            *(_visitor(http, number, rate, duration, department, report) for number in range(visitors))
        )
        await asyncio.sleep(0.5)  # late echoes
    report.seconds = time.perf_counter() - started
    return report


async def _visitor(
    http: aiohttp.ClientSession,
    number: int,
    rate: float,
    duration: float,
    department: str | None,
    report: LoadReport,
) -> None:
    token = secrets.token_hex(32)
    try:
        async with http.post(
            f"{API}/visitor", json={"visitor": {"name": f"Load {number}", "token": token}}
        ) as r:
            r.raise_for_status()
        params = {"token": token, **({"department": department} if department else {})}
        async with http.get(f"{API}/room", params=params) as r:
            r.raise_for_status()
            room = (await r.json())["room"]["_id"]
        socket = await http.ws_connect("/websocket")
    except (aiohttp.ClientError, KeyError, json.JSONDecodeError):
        report.visitors_failed += 1
        return
    report.visitors += 1
    pending: dict[str, float] = {}
    listener = asyncio.ensure_future(_listen(socket, pending, report))
    try:
        await socket.send_str(json.dumps({"msg": "connect", "version": "1", "support": ["1"]}))
        await socket.send_str(
            json.dumps(
                {
                    "msg": "sub",
                    "id": "m",
                    "name": "stream-room-messages",
                    "params": [room, {"args": [{"token": token}]}],
                }
            )
        )
        # Visitors do not write in step: each starts at its own moment within the first interval.
        await asyncio.sleep(0.2 + random.uniform(0, 1 / rate if rate > 0 else 0))
        deadline = time.perf_counter() + duration
        sequence = 0
        while time.perf_counter() < deadline:
            # The send time travels in the text, so the desk's side can measure delivery too.
            text = f"load {number}-{sequence} @{time.time():.6f}"
            sequence += 1
            pending[text] = time.perf_counter()
            report.sent_texts.append(text)
            async with http.post(f"{API}/message", json={"token": token, "rid": room, "msg": text}) as r:
                if r.status == 200:
                    report.sent += 1
                else:
                    report.refused += 1
                    pending.pop(text, None)
                    report.sent_texts.remove(text)
            await asyncio.sleep(1 / rate if rate > 0 else duration)
        await asyncio.sleep(0.5)
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        await socket.close()


async def _listen(
    socket: aiohttp.ClientWebSocketResponse, pending: dict[str, float], report: LoadReport
) -> None:
    async for frame in socket:
        if frame.type is not aiohttp.WSMsgType.TEXT:
            continue
        message: Any = json.loads(frame.data)
        if message.get("msg") == "ping":
            await socket.send_str(json.dumps({"msg": "pong"}))
        if message.get("collection") != "stream-room-messages":
            continue
        for item in message["fields"]["args"]:
            text = item.get("msg", "")
            report.echoes[text] += 1
            sent_at = pending.pop(text, None)
            if sent_at is not None:
                report.echo_ms.append((time.perf_counter() - sent_at) * 1000)
