"""Forward-only schema migrations, applied in order; `PRAGMA user_version` records the last one.

Each migration is a list of SQL statements run in one transaction. Never edit a released
migration: add a new one. Times are stored as integer milliseconds since the Unix epoch (UTC).
"""

from __future__ import annotations

from collections.abc import Sequence

# Marks the file as Omnidesk's, so another application's SQLite file is never migrated by mistake.
APPLICATION_ID = 0x4F4D4E44  # "OMND"

_CORE_SCHEMA = [
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE business_hours (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        timezone TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    ) STRICT""",
    """CREATE TABLE business_hours_intervals (
        business_hours_id TEXT NOT NULL REFERENCES business_hours(id) ON DELETE CASCADE,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        start_minute INTEGER NOT NULL,
        end_minute INTEGER NOT NULL,
        CHECK (0 <= start_minute AND start_minute < end_minute AND end_minute <= 1440)
    ) STRICT""",
    """CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE departments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        unit_id TEXT REFERENCES units(id) ON DELETE SET NULL,
        business_hours_id TEXT REFERENCES business_hours(id) ON DELETE SET NULL,
        max_chats_per_agent INTEGER,
        fallback_department_id TEXT REFERENCES departments(id) ON DELETE SET NULL
    ) STRICT""",
    """CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        is_agent INTEGER NOT NULL DEFAULT 0,
        is_monitor INTEGER NOT NULL DEFAULT 0,
        is_admin INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
        availability TEXT NOT NULL DEFAULT 'not-available'
            CHECK (availability IN ('available', 'not-available')),
        max_chats INTEGER
    ) STRICT""",
    """CREATE TABLE department_agents (
        department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        sort_order INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (department_id, user_id)
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX department_agents_by_user ON department_agents(user_id)",
    """CREATE TABLE unit_monitors (
        unit_id TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (unit_id, user_id)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE contacts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) STRICT""",
    """CREATE TABLE visitors (
        id TEXT PRIMARY KEY,
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        name TEXT NOT NULL,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        verified INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    ) STRICT""",
    "CREATE INDEX visitors_by_contact ON visitors(contact_id)",
    """CREATE TABLE chats (
        id TEXT PRIMARY KEY,
        visitor_id TEXT NOT NULL REFERENCES visitors(id),
        contact_id TEXT NOT NULL REFERENCES contacts(id),
        department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'open', 'on_hold', 'closed')),
        served_by TEXT REFERENCES users(id),
        topic TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        last_message_at INTEGER,
        closed_at INTEGER,
        close_comment TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]'
    ) STRICT""",
    "CREATE INDEX chats_by_agent ON chats(served_by, status)",
    "CREATE INDEX chats_by_contact ON chats(contact_id, closed_at)",
    "CREATE INDEX chats_by_department ON chats(department_id, status)",
    """CREATE TABLE inquiries (
        id TEXT PRIMARY KEY,
        chat_id TEXT NOT NULL UNIQUE REFERENCES chats(id) ON DELETE CASCADE,
        department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
        priority INTEGER NOT NULL DEFAULT 99,
        queued_at INTEGER NOT NULL,
        sla_due_at INTEGER,
        preview TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    "CREATE INDEX inquiries_by_department ON inquiries(department_id, queued_at)",
    """CREATE TABLE transfers (
        id INTEGER PRIMARY KEY,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        by_id TEXT NOT NULL,
        from_agent_id TEXT,
        to_agent_id TEXT,
        to_department_id TEXT,
        comment TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    "CREATE INDEX transfers_by_chat ON transfers(chat_id, at)",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        author_kind TEXT NOT NULL CHECK (author_kind IN ('visitor', 'agent', 'system')),
        author_id TEXT,
        author_name TEXT NOT NULL,
        text TEXT NOT NULL,
        sent_at INTEGER NOT NULL
    ) STRICT""",
    "CREATE INDEX messages_by_chat ON messages(chat_id, id)",
]

# Full-text search over message text. External content keeps one copy of the text; triggers keep
# the index in step with every insert, edit and delete; 'rebuild' indexes what was already there.
_MESSAGE_SEARCH = [
    """CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')",
]

# Agents that closing business hours made not-available, so that opening brings back exactly
# them (and not those who chose to be away), even across a restart.
_PAUSED_BY_HOURS = [
    "ALTER TABLE users ADD COLUMN paused_by_business_hours INTEGER NOT NULL DEFAULT 0",
]

# Canned responses: shared by a department (owner NULL) or an agent's own (department NULL).
_CANNED_RESPONSES = [
    """CREATE TABLE canned_responses (
        id TEXT PRIMARY KEY,
        shortcut TEXT NOT NULL CHECK (length(shortcut) BETWEEN 1 AND 40),
        text TEXT NOT NULL,
        department_id TEXT REFERENCES departments(id) ON DELETE CASCADE,
        owner_id TEXT REFERENCES users(id) ON DELETE CASCADE,
        CHECK ((department_id IS NULL) != (owner_id IS NULL))
    ) STRICT""",
    "CREATE UNIQUE INDEX canned_by_owner ON canned_responses(owner_id, shortcut) WHERE owner_id IS NOT NULL",
    "CREATE UNIQUE INDEX canned_by_department ON canned_responses(department_id, shortcut) "
    "WHERE department_id IS NOT NULL",
]

# A chat keeps its priority after it leaves the queue, so agents can change it later.
_CHAT_PRIORITY = [
    "ALTER TABLE chats ADD COLUMN priority INTEGER NOT NULL DEFAULT 99",
]

# Widget visitors are known by the token their browser made (Rocket.Chat Livechat's `token`),
# and their email as they typed it (unverified) for linking to contacts.
_VISITOR_TOKENS = [
    "ALTER TABLE visitors ADD COLUMN token TEXT",
    # The department a widget visitor chose on the registration form; their chats go there.
    "ALTER TABLE visitors ADD COLUMN department_id TEXT REFERENCES departments(id) ON DELETE SET NULL",
    "CREATE UNIQUE INDEX visitors_by_token ON visitors(token) WHERE token IS NOT NULL",
    "CREATE INDEX visitors_by_address ON visitors(address)",
    # Rocket.Chat's conflictingFields: a value that differs from what the contact already has.
    """CREATE TABLE contact_conflicts (
        contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (contact_id, field, value)
    ) STRICT""",
]

# Messages are known by string ids, as Rocket.Chat's are (`_id`, chosen by whoever sends), so a
# cache of a server can keep them. `messages.id` stays the integer rowid: the order of arrival on
# this machine, and the rowid of the search index (messages_fts reads `text` back by it). The new
# `uid` is the message's id (`Message.id`). Rows from before get 17 zero-padded digits of their
# number: they sort as the numbers do, and never meet Rocket.Chat's ids, whose alphabet has no 0.
# A chat's message count and the start of its last message (what a list row shows) are kept on
# the chat, written with each message: a cache holding part of a room's history cannot count it.
_MESSAGE_IDS = [
    "ALTER TABLE messages ADD COLUMN uid TEXT",
    "UPDATE messages SET uid = printf('%017d', id)",
    "CREATE UNIQUE INDEX messages_by_uid ON messages(uid)",
    # ADD COLUMN cannot say NOT NULL without a default (and rebuilding the table costs twice the
    # time on a million messages): these refuse a message without an id instead.
    """CREATE TRIGGER messages_need_an_id BEFORE INSERT ON messages
        WHEN new.uid IS NULL OR new.uid = '' BEGIN
        SELECT RAISE(ABORT, 'a message needs an id');
    END""",
    """CREATE TRIGGER messages_keep_an_id BEFORE UPDATE OF uid ON messages
        WHEN new.uid IS NULL OR new.uid = '' BEGIN
        SELECT RAISE(ABORT, 'a message needs an id');
    END""",
    "ALTER TABLE chats ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0",
    # The first 200 characters, as app.store.messages.PREVIEW_CHARS says.
    "ALTER TABLE chats ADD COLUMN last_message TEXT NOT NULL DEFAULT ''",
    """UPDATE chats SET
        message_count = (SELECT count(*) FROM messages m WHERE m.chat_id = chats.id),
        last_message = coalesce((SELECT substr(m.text, 1, 200) FROM messages m
                                 WHERE m.chat_id = chats.id ORDER BY m.id DESC LIMIT 1), '')""",
]

MIGRATIONS: Sequence[Sequence[str]] = (
    _CORE_SCHEMA,
    _MESSAGE_SEARCH,
    _PAUSED_BY_HOURS,
    _CANNED_RESPONSES,
    _CHAT_PRIORITY,
    _VISITOR_TOKENS,
    _MESSAGE_IDS,
)
