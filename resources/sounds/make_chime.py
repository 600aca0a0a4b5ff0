"""Writes chime.wav, the alert sound: two short sine tones with a soft decay (our own asset).

    python resources/sounds/make_chime.py
"""

import math
import struct
import wave
from pathlib import Path

RATE = 22_050


def tone(frequency: float, seconds: float) -> list[int]:
    count = int(RATE * seconds)
    return [
        int(12_000 * math.exp(-5 * n / count) * math.sin(2 * math.pi * frequency * n / RATE))
        for n in range(count)
    ]


samples = tone(880.0, 0.16) + tone(1320.0, 0.28)
with wave.open(str(Path(__file__).with_name("chime.wav")), "wb") as out:
    out.setnchannels(1)
    out.setsampwidth(2)
    out.setframerate(RATE)
    out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
