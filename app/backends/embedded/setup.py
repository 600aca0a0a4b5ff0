"""Opening the embedded desk: its database in the data directory, and on a first run a sample
organisation to try everything with."""

from __future__ import annotations

from pathlib import Path

from app.clock import Clock
from app.store import Database, database_path
from app.store import organisation as organisation_store

# The sample a first launch creates: big enough to feel real, small enough to build in a blink.
FIRST_RUN_CONTACTS, FIRST_RUN_MESSAGES = 300, 20_000


def open_database(data_dir: Path) -> Database:
    """The desk's database; raises StorageError (with advice) if it cannot be used."""
    return Database.open(database_path(data_dir))


async def ensure_organisation(database: Database, clock: Clock) -> str:
    """Build the sample organisation if the database holds none; says what it did ('' if
    nothing)."""
    if not await database.read(organisation_store.is_empty):
        return ""
    # Loaded only on a first run: later starts do not pay for the generator.
    from app.demo import SampleSize, build_sample_organisation  # noqa: PLC0415

    now = clock.now()
    size = SampleSize(FIRST_RUN_CONTACTS, FIRST_RUN_MESSAGES)
    summary = await database.write(lambda c: build_sample_organisation(c, size=size, seed=7, now=now))
    return (f"first run: created the sample organisation ({summary.contacts} contacts, "
            f"{summary.messages:,} messages)")
