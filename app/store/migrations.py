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


# Routing state that survives a restart (app/store/routing.py): each agent's load and counters,
# each served chat's routing facts, the queue's order, the pending timers and the instant routing
# had reached. What the existing tables tell is filled in below; see each statement.
_ROUTING_STATE = [
    # Open chats not on hold (the load limits count): kept by routing with its decisions, so a
    # cache that holds only some chats still knows every agent's load.
    "ALTER TABLE users ADD COLUMN open_chats INTEGER NOT NULL DEFAULT 0",
    # Rocket.Chat's livechatCount (chats routing gave the agent, ever) and lastRoutingTime.
    "ALTER TABLE users ADD COLUMN served_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE users ADD COLUMN last_routed_at INTEGER",
    # Any assignment: routed, taken from the queue or transferred in.
    "ALTER TABLE users ADD COLUMN last_assigned_at INTEGER",
    # Rocket.Chat's department-agent `count`: chats routing gave the agent in that department.
    "ALTER TABLE department_agents ADD COLUMN served_count INTEGER NOT NULL DEFAULT 0",
    # Arrival order among inquiries queued in the same millisecond (0: not saved by routing yet),
    # the line routing keeps the inquiry in (after a fallback; NULL: the public line; the row's
    # department stays where it was announced), the note saying how it got there, and skills.
    "ALTER TABLE inquiries ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE inquiries ADD COLUMN line_department_id TEXT REFERENCES departments(id) ON DELETE SET NULL",
    "ALTER TABLE inquiries ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE inquiries ADD COLUMN skills TEXT NOT NULL DEFAULT '{}'",
    # One row per chat routing serves (open or on hold); gone when it closes or is queued again.
    """CREATE TABLE routing_chats (
        chat_id TEXT PRIMARY KEY REFERENCES chats(id) ON DELETE CASCADE,
        assigned_at INTEGER NOT NULL,
        answered INTEGER NOT NULL DEFAULT 0,
        unanswered_by TEXT NOT NULL DEFAULT '[]',
        last_agent_message_at INTEGER,
        last_visitor_message_at INTEGER,
        queued_at INTEGER NOT NULL,
        priority INTEGER NOT NULL DEFAULT 99,
        sla_due_at INTEGER,
        skills TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    # Pending timers with their due instants; `sequence` orders timers due at the same instant.
    """CREATE TABLE routing_timers (
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        due INTEGER NOT NULL,
        sequence INTEGER NOT NULL,
        PRIMARY KEY (kind, target)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE routing_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        now INTEGER NOT NULL,
        sequence INTEGER NOT NULL
    ) STRICT""",
    # -- filled from what the store already tells --
    "UPDATE users SET open_chats = (SELECT count(*) FROM chats c "
    "WHERE c.served_by = users.id AND c.status = 'open')",
    # Every assignment the history shows, read from what routing wrote down until now: its note
    # "Routed to NAME. Why: ..." (the agent known by name, when no other agent has that name),
    # the transfers routing made (an unanswered chat moved on) and, not counted as routed, the
    # "NAME joined the chat." notes of takes and the transfers people made. The department is
    # the chat's current one. A timer that fired inside someone's command recorded its transfer
    # under that person: such a transfer counts as an assignment but not as routed.
    """CREATE TEMP TABLE assigned_before (
        agent_id TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        department_id TEXT,
        at INTEGER NOT NULL,
        routed INTEGER NOT NULL
    )""",
    """INSERT INTO temp.assigned_before
        SELECT u.id, m.chat_id, c.department_id, m.sent_at, 1
        FROM messages m JOIN chats c ON c.id = m.chat_id
        JOIN users u ON u.is_agent = 1 AND u.name = substr(m.text, 11, instr(m.text, '. Why: ') - 11)
        WHERE m.author_kind = 'system' AND substr(m.text, 1, 10) = 'Routed to '
          AND instr(m.text, '. Why: ') > 11
          AND (SELECT count(*) FROM users twin WHERE twin.is_agent = 1 AND twin.name = u.name) = 1
        UNION ALL
        SELECT u.id, m.chat_id, c.department_id, m.sent_at, 0
        FROM messages m JOIN chats c ON c.id = m.chat_id JOIN users u ON u.id = m.author_id
        WHERE m.author_kind = 'system' AND m.text = u.name || ' joined the chat.'
        UNION ALL
        SELECT t.to_agent_id, t.chat_id, c.department_id, t.at, t.by_id = 'routing'
        FROM transfers t JOIN chats c ON c.id = t.chat_id
        WHERE t.to_agent_id IS NOT NULL""",
    "CREATE INDEX temp.assigned_before_by_agent ON assigned_before(agent_id, routed, department_id)",
    "CREATE INDEX temp.assigned_before_by_chat ON assigned_before(chat_id, agent_id)",
    """UPDATE users SET
        served_count = (SELECT count(*) FROM temp.assigned_before a
                        WHERE a.agent_id = users.id AND a.routed = 1),
        last_routed_at = (SELECT max(a.at) FROM temp.assigned_before a
                          WHERE a.agent_id = users.id AND a.routed = 1),
        last_assigned_at = (SELECT max(a.at) FROM temp.assigned_before a WHERE a.agent_id = users.id)
        WHERE is_agent = 1""",
    """UPDATE department_agents SET served_count = (
        SELECT count(*) FROM temp.assigned_before a WHERE a.agent_id = department_agents.user_id
        AND a.routed = 1 AND a.department_id = department_agents.department_id)""",
    # Served chats: assigned at the serving agent's last assignment (the chat's start if the
    # history shows none); answered if an agent wrote since; left unanswered by the agents
    # routing moved it away from since it was last queued; queued when it last entered a queue.
    # The inquiry's SLA was not kept after assignment, so it is unknown.
    """INSERT INTO routing_chats (chat_id, assigned_at, answered, unanswered_by,
            last_agent_message_at, last_visitor_message_at, queued_at, priority)
        SELECT served.id, served.assigned_at,
            EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = served.id AND m.author_kind = 'agent'
                    AND m.sent_at >= served.assigned_at),
            (SELECT json_group_array(DISTINCT t.from_agent_id) FROM transfers t
             WHERE t.chat_id = served.id AND t.by_id = 'routing' AND t.from_agent_id IS NOT NULL
               AND t.to_agent_id IS NOT NULL AND t.at >= served.queued_at),
            (SELECT max(m.sent_at) FROM messages m WHERE m.chat_id = served.id AND m.author_kind = 'agent'),
            (SELECT max(m.sent_at) FROM messages m
             WHERE m.chat_id = served.id AND m.author_kind = 'visitor'),
            served.queued_at, served.priority
        FROM (SELECT c.id, c.priority,
                coalesce((SELECT max(a.at) FROM temp.assigned_before a
                          WHERE a.chat_id = c.id AND a.agent_id = c.served_by), c.created_at) AS assigned_at,
                max(c.created_at, coalesce((SELECT max(t.at) FROM transfers t
                          WHERE t.chat_id = c.id AND t.to_agent_id IS NULL), c.created_at)) AS queued_at
              FROM chats c WHERE c.status IN ('open', 'on_hold') AND c.served_by IS NOT NULL) AS served""",
    "DROP TABLE temp.assigned_before",
    # The queue's order and lines as routing rebuilt them until now: by queueing time, then id,
    # each in its row's department.
    """UPDATE inquiries SET sequence = ranked.number, line_department_id = department_id
        FROM (SELECT id, row_number() OVER (ORDER BY queued_at, id) AS number FROM inquiries) AS ranked
        WHERE ranked.id = inquiries.id""",
    # Timers the settings call for, as routing would have set them (it kept none across a
    # restart until now): an unanswered chat moves on, a silent visitor's chat is closed or put
    # on hold, a waiting inquiry runs out of time. Business hours are recomputed at start.
    """INSERT INTO routing_timers (kind, target, due, sequence)
        WITH setting(key, seconds) AS (
            SELECT key, CAST(trim(value) AS INTEGER) FROM settings
            WHERE trim(value) != '' AND trim(value) NOT GLOB '*[^0-9]*'
        ), due(kind, target, at) AS (
            SELECT 'auto_transfer', r.chat_id, r.assigned_at + 1000 * s.seconds
            FROM routing_chats r JOIN setting s ON s.key = 'auto_transfer_unanswered_s'
            WHERE s.seconds > 0 AND r.answered = 0
            UNION ALL
            SELECT 'abandoned', r.chat_id, r.last_agent_message_at + 1000 * coalesce(
                (SELECT seconds FROM setting WHERE key = 'visitor_inactivity_s'), 3600)
            FROM routing_chats r JOIN chats c ON c.id = r.chat_id
            WHERE c.status = 'open' AND r.last_agent_message_at IS NOT NULL
              AND r.last_agent_message_at >= coalesce(r.last_visitor_message_at, 0)
              AND (SELECT trim(value) FROM settings WHERE key = 'abandoned_action') IN ('close', 'on-hold')
            UNION ALL
            SELECT 'queue_wait', i.chat_id, i.queued_at + 1000 * s.seconds
            FROM inquiries i JOIN setting s ON s.key = 'max_queue_wait_s' WHERE s.seconds > 0
        )
        SELECT kind, target, at, row_number() OVER (ORDER BY at, kind, target) FROM due""",
    # Desks made before permissions were Rocket.Chat's let agents transfer their own chats;
    # they keep doing so (Rocket.Chat's default grants it to managers, monitors and admins only)
    # until an admin changes the grant.
    """INSERT OR IGNORE INTO settings (key, value)
        SELECT 'permission:transfer-livechat-guest',
               'livechat-manager,livechat-monitor,admin,livechat-agent'
        WHERE EXISTS (SELECT 1 FROM users)""",
]


# The organisation's configuration as records an admin edits (app/config, app/store/configuration.py):
# what the schemas hold that the tables did not, each record's version, the changes applied (so a
# change sent twice applies once) and the audit log.
_CONFIGURATION = [
    # Each record's version, bumped by every applied change that alters it; no row: version 1.
    """CREATE TABLE config_versions (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        PRIMARY KEY (kind, id)
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE applied_changes (
        change_id TEXT PRIMARY KEY,
        applied_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        made_by TEXT NOT NULL
    ) STRICT""",
    # Who changed what and when; before/after hold the changed fields as JSON objects.
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        by_id TEXT NOT NULL,
        by_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        entity_name TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
        before TEXT NOT NULL DEFAULT '{}',
        after TEXT NOT NULL DEFAULT '{}',
        change_id TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX audit_log_by_time ON audit_log(at DESC, id DESC)",
    # Rocket.Chat's SLA policies (dueTimeInMinutes).
    """CREATE TABLE sla_policies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        due_minutes INTEGER NOT NULL CHECK (due_minutes >= 1)
    ) STRICT""",
    # Rocket.Chat's five fixed priorities: an admin renames them; the weight (what inquiries
    # store in `priority`) never changes.
    """CREATE TABLE priorities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        weight INTEGER NOT NULL UNIQUE CHECK (weight BETWEEN 1 AND 5)
    ) STRICT""",
    """INSERT INTO priorities (id, name, weight) VALUES ('priority-1', 'Highest', 1),
        ('priority-2', 'High', 2), ('priority-3', 'Medium', 3), ('priority-4', 'Low', 4),
        ('priority-5', 'Lowest', 5)""",
    # Tags with a description, offered in some departments (none: everywhere).
    """CREATE TABLE tags (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT ''
    ) STRICT""",
    """CREATE TABLE tag_departments (
        tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, department_id)
    ) STRICT, WITHOUT ROWID""",
    # The comma-separated `tags` setting becomes rows (ids from the name: stable, and unique
    # because names are), then goes.
    """INSERT OR IGNORE INTO tags (id, name)
        WITH RECURSIVE part(name, rest) AS (
            SELECT '', (SELECT value FROM settings WHERE key = 'tags') || ','
            UNION ALL
            SELECT trim(substr(rest, 1, instr(rest, ',') - 1)), substr(rest, instr(rest, ',') + 1)
            FROM part WHERE rest != ''
        )
        SELECT 'tag-' || lower(hex(name)), name FROM part WHERE name != ''""",
    "DELETE FROM settings WHERE key = 'tags'",
    # Departments: the default SLA of their inquiries and where their chats may be transferred
    # (no row: anywhere, Rocket.Chat's empty departmentsAllowedToForward).
    "ALTER TABLE departments ADD COLUMN sla_id TEXT REFERENCES sla_policies(id) ON DELETE SET NULL",
    """CREATE TABLE department_transfer_targets (
        department_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        PRIMARY KEY (department_id, target_id)
    ) STRICT, WITHOUT ROWID""",
    # An agent's skills for skills-based routing: {"skill": level 1-5} as JSON.
    "ALTER TABLE users ADD COLUMN skills TEXT NOT NULL DEFAULT '{}'",
    # Canned responses shared with everyone (no department, no owner), as Rocket.Chat's global
    # scope: the table is rebuilt, as SQLite cannot change a CHECK, keeping rows and indexes.
    """CREATE TABLE canned_responses_rebuilt (
        id TEXT PRIMARY KEY,
        shortcut TEXT NOT NULL CHECK (length(shortcut) BETWEEN 1 AND 40),
        text TEXT NOT NULL,
        department_id TEXT REFERENCES departments(id) ON DELETE CASCADE,
        owner_id TEXT REFERENCES users(id) ON DELETE CASCADE,
        CHECK (department_id IS NULL OR owner_id IS NULL)
    ) STRICT""",
    """INSERT INTO canned_responses_rebuilt (id, shortcut, text, department_id, owner_id)
        SELECT id, shortcut, text, department_id, owner_id FROM canned_responses""",
    "DROP TABLE canned_responses",
    "ALTER TABLE canned_responses_rebuilt RENAME TO canned_responses",
    "CREATE UNIQUE INDEX canned_by_owner ON canned_responses(owner_id, shortcut) WHERE owner_id IS NOT NULL",
    "CREATE UNIQUE INDEX canned_by_department ON canned_responses(department_id, shortcut) "
    "WHERE department_id IS NOT NULL",
    "CREATE UNIQUE INDEX canned_for_everyone ON canned_responses(shortcut) "
    "WHERE department_id IS NULL AND owner_id IS NULL",
    # Website chat settings are `settings` keys (livechat_title, livechat_color, ...); the allowed
    # origins as a JSON list, read by the intake at each request.
]

# What a monitor's day is made of (app/store/supervision.py): every stay of a chat in a queue,
# from when it entered a line to when it left it (to an agent, or closed or moved away), so the
# queue's length at any instant and the waits of the chats assigned in an hour can be counted.
# A row is opened by a trigger whenever an inquiry is written, follows the inquiry's line, and is
# closed by whoever deletes the inquiry (app/backends/embedded), who knows the instant.
_QUEUE_WAITS = [
    """CREATE TABLE queue_waits (
        id INTEGER PRIMARY KEY,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
        queued_at INTEGER NOT NULL,
        -- NULL while the chat still waits.
        left_at INTEGER,
        -- The agent it left the queue to; NULL when it left unserved (closed, moved away).
        agent_id TEXT REFERENCES users(id) ON DELETE SET NULL
    ) STRICT""",
    "CREATE INDEX queue_waits_by_department ON queue_waits(department_id, left_at)",
    "CREATE INDEX queue_waits_waiting ON queue_waits(chat_id) WHERE left_at IS NULL",
    # A chat's stays (its first agent: the what-if's chat lengths).
    "CREATE INDEX queue_waits_by_chat ON queue_waits(chat_id, left_at)",
    # A chat's last agent message and the visitor's first one after it, in two seeks: who waits
    # for a reply, for every chat in progress of a unit at once.
    "CREATE INDEX messages_by_chat_author ON messages(chat_id, author_kind, id)",
    # Started and closed chats per hour of a unit's departments.
    "CREATE INDEX chats_by_department_start ON chats(department_id, created_at)",
    "CREATE INDEX chats_by_department_close ON chats(department_id, closed_at) WHERE closed_at IS NOT NULL",
    """CREATE TRIGGER queue_waits_begin AFTER INSERT ON inquiries BEGIN
        INSERT INTO queue_waits (chat_id, department_id, queued_at)
        VALUES (new.chat_id, new.department_id, new.queued_at);
    END""",
    """CREATE TRIGGER queue_waits_follow_line AFTER UPDATE OF department_id ON inquiries BEGIN
        UPDATE queue_waits SET department_id = new.department_id
        WHERE chat_id = new.chat_id AND left_at IS NULL;
    END""",
    # -- filled from what the history tells --
    # A chat's first agent: the earliest of routing's "Routed to NAME. Why: ..." note (the agent
    # known by name when no other agent has it), a "NAME joined the chat." note, a transfer to an
    # agent and, for chats written without notes (imported or sample history), the first agent
    # message. Earlier returns to a queue are not told apart: one wait per chat, plus the wait of
    # an inquiry queued now.
    # Keyed by chat: the statements below look chats up in it, a million messages' worth.
    """CREATE TEMP TABLE first_agent (
        chat_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, at INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """INSERT INTO temp.first_agent
        SELECT chat_id, agent_id, min(at) FROM (
            SELECT m.chat_id AS chat_id, u.id AS agent_id, m.sent_at AS at
            FROM messages m JOIN users u ON u.is_agent = 1
                AND u.name = substr(m.text, 11, instr(m.text, '. Why: ') - 11)
            WHERE m.author_kind = 'system' AND substr(m.text, 1, 10) = 'Routed to '
              AND instr(m.text, '. Why: ') > 11
              AND (SELECT count(*) FROM users twin WHERE twin.is_agent = 1 AND twin.name = u.name) = 1
            UNION ALL
            SELECT m.chat_id, u.id, m.sent_at FROM messages m JOIN users u ON u.id = m.author_id
            WHERE m.author_kind = 'system' AND m.text = u.name || ' joined the chat.'
            UNION ALL
            SELECT t.chat_id, t.to_agent_id, t.at FROM transfers t WHERE t.to_agent_id IS NOT NULL
            UNION ALL
            SELECT m.chat_id, m.author_id, m.sent_at FROM messages m
            WHERE m.author_kind = 'agent' AND m.author_id IN (SELECT id FROM users)
        ) GROUP BY chat_id""",
    # Served once: waited from the chat's start to its first agent. Never served and closed:
    # waited until it closed. Waiting now: its inquiry's wait, still open.
    """INSERT INTO queue_waits (chat_id, department_id, queued_at, left_at, agent_id)
        SELECT c.id, c.department_id, c.created_at, max(c.created_at, f.at), f.agent_id
        FROM chats c JOIN temp.first_agent f ON f.chat_id = c.id
        UNION ALL
        SELECT c.id, c.department_id, c.created_at, max(c.created_at, c.closed_at), NULL
        FROM chats c WHERE c.status = 'closed' AND c.closed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM temp.first_agent f WHERE f.chat_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM inquiries i WHERE i.chat_id = c.id)
        UNION ALL
        SELECT i.chat_id, i.department_id, i.queued_at, NULL, NULL FROM inquiries i""",
    "DROP TABLE temp.first_agent",
]

# The Contact Center (app/store/contacts.py, contact_list.py, contact_merge.py): Rocket.Chat 7.x's
# contact fields; how each channel (visitor) was verified; a room's `verified`; conflicting
# values with their origin; the contact's own history; where merged contacts went. Contacts are
# searched by `search_text` (name, emails, phones, every channel's name and address, folded by
# omnidesk_fold(), a function every connection registers), kept by triggers; `last_chat_at` too.
_CONTACT_CENTER = [
    "ALTER TABLE contacts ADD COLUMN unknown INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE contacts ADD COLUMN manager_id TEXT REFERENCES users(id) ON DELETE SET NULL",
    "ALTER TABLE contacts ADD COLUMN emails TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE contacts ADD COLUMN phones TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE contacts ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}'",
    # Who created it by hand (they see it before it has a chat).
    "ALTER TABLE contacts ADD COLUMN created_by TEXT",
    "ALTER TABLE contacts ADD COLUMN last_chat_at INTEGER",
    "ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
    # The name folded, so that 'Élodie' sorts among the E's.
    "ALTER TABLE contacts ADD COLUMN sort_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE visitors ADD COLUMN verified_at INTEGER",
    "ALTER TABLE visitors ADD COLUMN verified_field TEXT",
    "ALTER TABLE visitors ADD COLUMN verified_value TEXT",
    "ALTER TABLE visitors ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE chats ADD COLUMN verified INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE contact_conflicts ADD COLUMN source TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE contact_log (
        id INTEGER PRIMARY KEY,
        contact_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        text TEXT NOT NULL,
        merged_ids TEXT NOT NULL DEFAULT '[]'
    ) STRICT""",
    "CREATE INDEX contact_log_by_contact ON contact_log(contact_id, at)",
    # A merged contact's id leads to the contact it became (a window may still hold it).
    """CREATE TABLE contact_aliases (
        merged_id TEXT PRIMARY KEY,
        contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX contact_aliases_by_contact ON contact_aliases(contact_id)",
    # -- what is known already: verified channels by the address they came from --
    # Phones as the app stores them (E.164 when they parse): verification compares exactly.
    """UPDATE visitors SET address = omnidesk_phone(address)
        WHERE channel IN ('sms', 'whatsapp', 'voice')""",
    """UPDATE visitors SET verified_at = created_at, verified_value = address,
        verified_field = CASE WHEN channel IN ('sms', 'whatsapp', 'voice') THEN 'phone'
                              WHEN instr(address, '@') > 0 THEN 'email' ELSE 'address' END
        WHERE verified = 1""",
    """UPDATE contacts SET
        emails = coalesce((SELECT json_group_array(address) FROM (SELECT DISTINCT v.address
            FROM visitors v WHERE v.contact_id = contacts.id AND instr(v.address, '@') > 0
            AND v.channel NOT IN ('sms', 'whatsapp', 'voice') ORDER BY v.address)), '[]'),
        phones = coalesce((SELECT json_group_array(address) FROM (SELECT DISTINCT v.address
            FROM visitors v WHERE v.contact_id = contacts.id
            AND v.channel IN ('sms', 'whatsapp', 'voice') ORDER BY v.address)), '[]'),
        last_chat_at = (SELECT max(c.created_at) FROM chats c WHERE c.contact_id = contacts.id),
        -- Made from a website visitor and never verified: Rocket.Chat's `unknown`.
        unknown = (NOT EXISTS (SELECT 1 FROM visitors v WHERE v.contact_id = contacts.id
                               AND v.verified = 1)
                   AND EXISTS (SELECT 1 FROM visitors v WHERE v.contact_id = contacts.id
                               AND v.token IS NOT NULL))""",
    """UPDATE chats SET verified = 1 WHERE EXISTS (
        SELECT 1 FROM visitors v WHERE v.id = chats.visitor_id AND v.verified = 1)""",
    """UPDATE contacts SET sort_name = omnidesk_fold(name),
        search_text = omnidesk_fold(name || ' ' || emails || ' ' || phones
        || ' ' || coalesce((SELECT group_concat(v.name || ' ' || v.address, ' ')
                            FROM visitors v WHERE v.contact_id = contacts.id), ''))""",
    "CREATE INDEX contacts_by_name ON contacts(sort_name, id)",
    # The list sorts by coalesce(last_chat_at, 0): indexed as such, so a page never sorts them all.
    "CREATE INDEX contacts_by_last_chat ON contacts(coalesce(last_chat_at, 0), id)",
    "CREATE INDEX contacts_by_created ON contacts(created_at, id)",
    # A search reads every contact's search text: from this narrow index (in name order, with the
    # other sort keys) rather than from the wide rows.
    """CREATE INDEX contacts_search_by_name
        ON contacts(sort_name, id, search_text, last_chat_at, created_at)""",
    "CREATE INDEX contacts_by_manager ON contacts(manager_id) WHERE manager_id IS NOT NULL",
    "CREATE INDEX contacts_by_creator ON contacts(created_by) WHERE created_by IS NOT NULL",
    # Who may see a contact is read from its chats: by agent and by department, without the rows.
    "CREATE INDEX chats_by_agent_contact ON chats(served_by, contact_id)",
    "CREATE INDEX chats_by_department_contact ON chats(department_id, contact_id)",
    "CREATE INDEX visitors_by_verified_value ON visitors(verified_field, verified_value) WHERE verified = 1",
    # -- kept in step --
    """CREATE TRIGGER contacts_search_on_visitor_insert AFTER INSERT ON visitors BEGIN
        UPDATE contacts SET search_text = omnidesk_fold(name || ' ' || emails || ' ' || phones
            || ' ' || coalesce((SELECT group_concat(v.name || ' ' || v.address, ' ')
                                FROM visitors v WHERE v.contact_id = contacts.id), ''))
        WHERE id = new.contact_id;
    END""",
    """CREATE TRIGGER contacts_search_on_visitor_update
        AFTER UPDATE OF name, address, contact_id ON visitors BEGIN
        UPDATE contacts SET search_text = omnidesk_fold(name || ' ' || emails || ' ' || phones
            || ' ' || coalesce((SELECT group_concat(v.name || ' ' || v.address, ' ')
                                FROM visitors v WHERE v.contact_id = contacts.id), ''))
        WHERE id IN (old.contact_id, new.contact_id);
    END""",
    """CREATE TRIGGER contacts_search_on_contact_insert AFTER INSERT ON contacts BEGIN
        UPDATE contacts SET sort_name = omnidesk_fold(new.name),
            search_text = omnidesk_fold(new.name || ' ' || new.emails || ' ' || new.phones)
        WHERE id = new.id;
    END""",
    """CREATE TRIGGER contacts_search_on_contact_update AFTER UPDATE OF name, emails, phones
        ON contacts BEGIN
        UPDATE contacts SET sort_name = omnidesk_fold(new.name),
            search_text = omnidesk_fold(new.name || ' ' || new.emails || ' '
            || new.phones || ' ' || coalesce((SELECT group_concat(v.name || ' ' || v.address, ' ')
                                              FROM visitors v WHERE v.contact_id = new.id), ''))
        WHERE id = new.id;
    END""",
    """CREATE TRIGGER contacts_last_chat_on_insert AFTER INSERT ON chats BEGIN
        UPDATE contacts SET last_chat_at = max(coalesce(last_chat_at, new.created_at), new.created_at)
        WHERE id = new.contact_id;
    END""",
    """CREATE TRIGGER contacts_last_chat_on_move AFTER UPDATE OF contact_id ON chats BEGIN
        UPDATE contacts SET last_chat_at = (SELECT max(c.created_at) FROM chats c
                                            WHERE c.contact_id = contacts.id)
        WHERE id IN (old.contact_id, new.contact_id);
    END""",
    # -- the list's generation: it changes with anything that changes which contacts a list
    # holds or their order (not a row's other columns, read afresh for every page), so a list
    # computed at one generation serves every page while it lasts (app.store.contact_list) --
    "CREATE TABLE contact_list_generation (n INTEGER NOT NULL) STRICT",
    "INSERT INTO contact_list_generation (n) VALUES (0)",
    """CREATE TRIGGER contact_list_on_contact_insert AFTER INSERT ON contacts BEGIN
        UPDATE contact_list_generation SET n = n + 1;
    END""",
    """CREATE TRIGGER contact_list_on_contact_delete AFTER DELETE ON contacts BEGIN
        UPDATE contact_list_generation SET n = n + 1;
    END""",
    """CREATE TRIGGER contact_list_on_contact_update AFTER UPDATE OF id, sort_name, search_text,
        created_at, last_chat_at, created_by, manager_id ON contacts
        WHEN old.id IS NOT new.id OR old.sort_name IS NOT new.sort_name
          OR old.search_text IS NOT new.search_text OR old.created_at IS NOT new.created_at
          OR old.last_chat_at IS NOT new.last_chat_at OR old.created_by IS NOT new.created_by
          OR old.manager_id IS NOT new.manager_id BEGIN
        UPDATE contact_list_generation SET n = n + 1;
    END""",
    """CREATE TRIGGER contact_list_on_chat_insert AFTER INSERT ON chats BEGIN
        UPDATE contact_list_generation SET n = n + 1;
    END""",
    """CREATE TRIGGER contact_list_on_chat_delete AFTER DELETE ON chats BEGIN
        UPDATE contact_list_generation SET n = n + 1;
    END""",
    # Status matters only to and from waiting (a queue shows its waiting chats' contacts).
    """CREATE TRIGGER contact_list_on_chat_update AFTER UPDATE OF contact_id, department_id,
        served_by, status ON chats
        WHEN old.contact_id IS NOT new.contact_id OR old.department_id IS NOT new.department_id
          OR old.served_by IS NOT new.served_by
          OR (old.status IS NOT new.status AND 'queued' IN (old.status, new.status)) BEGIN
        UPDATE contact_list_generation SET n = n + 1;
    END""",
]

# What each user's desk remembers across restarts (app/store/desk_memory.py): the reply they
# were writing in each chat (saved as they type), the last message they saw in each chat (what
# is unread is counted from it) and the waiting inquiries they were told about (told once).
_DESK_MEMORY = [
    """CREATE TABLE drafts (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (text != ''),
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, chat_id)
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX drafts_by_chat ON drafts(chat_id)",
    # `message_id` is the uid of the newest message the user saw in the chat.
    """CREATE TABLE read_positions (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        read_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, chat_id)
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX read_positions_by_chat ON read_positions(chat_id)",
    # Gone with the inquiry: a chat queued again is a new inquiry, announced again.
    """CREATE TABLE announced_inquiries (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        inquiry_id TEXT NOT NULL REFERENCES inquiries(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        PRIMARY KEY (user_id, inquiry_id)
    ) STRICT, WITHOUT ROWID""",
    "CREATE INDEX announced_inquiries_by_inquiry ON announced_inquiries(inquiry_id)",
    # -- what is known already: an agent has seen their open chats up to now (nothing turns
    # unread by upgrading) --
    """INSERT INTO read_positions (user_id, chat_id, message_id, read_at)
        SELECT c.served_by, c.id, m.uid, m.sent_at FROM chats c
        JOIN messages m ON m.id = (SELECT max(id) FROM messages WHERE chat_id = c.id)
        WHERE c.served_by IS NOT NULL AND c.status IN ('open', 'on_hold')""",
]

# The status an agent chose (Rocket.Chat's statusDefault): signing in brings them back Away if
# they left Away, rather than Online. Offline is never chosen: it is being signed out.
_CHOSEN_STATUS = [
    """ALTER TABLE users ADD COLUMN status_default TEXT NOT NULL DEFAULT 'online'
        CHECK (status_default IN ('online', 'away'))""",
]

# Routing as Rocket.Chat routes (docs/routing-scenarios.md): facts a chat keeps through a queue.
_ROUTING_FIDELITY = [
    # When the visitor asked (Rocket.Chat's inquiry `ts`): an SLA's length is measured from it.
    # NULL: when the inquiry was queued (what routing measured from until now).
    "ALTER TABLE inquiries ADD COLUMN arrived_at INTEGER",
    "ALTER TABLE routing_chats ADD COLUMN arrived_at INTEGER",
    # The chat was moved on once for going unanswered (Rocket.Chat's autoTransferredAt): it is
    # not moved on again. Until now, routing moved chats on under the routing actor's name only.
    "ALTER TABLE inquiries ADD COLUMN auto_transferred INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE routing_chats ADD COLUMN auto_transferred INTEGER NOT NULL DEFAULT 0",
    """UPDATE inquiries SET auto_transferred = 1 WHERE EXISTS (
        SELECT 1 FROM transfers t WHERE t.chat_id = inquiries.chat_id AND t.by_id = 'routing')""",
    """UPDATE routing_chats SET auto_transferred = 1 WHERE EXISTS (
        SELECT 1 FROM transfers t WHERE t.chat_id = routing_chats.chat_id AND t.by_id = 'routing')""",
    # The visitor wrote and no agent has replied since (Rocket.Chat's waitingResponse); NULL:
    # told by the instants of the last messages.
    "ALTER TABLE routing_chats ADD COLUMN waiting_response INTEGER",
]

# What a message row is, said by a column (app/store/messages.py), where until now notes and the
# visitor's context were system rows whose text began with a private-use mark (U+E010 a note,
# U+E011 context): 'text' (a message of the conversation), 'note' (an internal note, staff
# only), 'context' (what the visitor's browser told, JSON; not part of the conversation) and
# 'file' (a file sent in the chat, its `attachments` row below). Notes and context rows keep
# author_kind 'system': no visitor path reads system rows and no count of replies includes them.
# Files are kept outside the database (app/store/files.py), under a random name; a row here
# says what a person may know of one. The name is the sender's label, never a path.
_MESSAGE_KINDS = [
    # Checked by triggers: a CHECK on an added column makes SQLite test every existing row (15 s
    # on half a million messages); the triggers test only what is written from now on.
    "ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text'",
    """CREATE TRIGGER messages_kind_on_insert BEFORE INSERT ON messages
        WHEN new.kind NOT IN ('text', 'note', 'context', 'file') BEGIN
        SELECT RAISE(ABORT, 'unknown message kind');
    END""",
    """CREATE TRIGGER messages_kind_on_update BEFORE UPDATE OF kind ON messages
        WHEN new.kind NOT IN ('text', 'note', 'context', 'file') BEGIN
        SELECT RAISE(ABORT, 'unknown message kind');
    END""",
    # One pass over the messages for both marks.
    """UPDATE messages SET kind = CASE unicode(text) WHEN 57360 THEN 'note' ELSE 'context' END,
        text = substr(text, 2)
        WHERE author_kind = 'system' AND unicode(text) IN (57360, 57361)""",
    """CREATE TABLE attachments (
        id TEXT PRIMARY KEY CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
        message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        width INTEGER,
        height INTEGER
    ) STRICT""",
]

# The website chat as Rocket.Chat's visitor API has it: a visitor edits or deletes their message
# (`livechat/message/:_id`; staff still see that it was, and when), gives a phone number (kept
# as sent, Rocket.Chat's `phone[0].phoneNumber`) and custom fields (Rocket.Chat's `livechatData`,
# from the site's setCustomField), each kept on the visitor they came from.
_WEBSITE_CHAT = [
    "ALTER TABLE messages ADD COLUMN edited_at INTEGER",
    "ALTER TABLE messages ADD COLUMN edited_by TEXT",
    # The text of a deleted message is gone; the row stays as the marker of where it was.
    "ALTER TABLE messages ADD COLUMN deleted_at INTEGER",
    "ALTER TABLE visitors ADD COLUMN phone TEXT",
    "ALTER TABLE visitors ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}'",
    "CREATE INDEX visitors_by_phone ON visitors(phone) WHERE phone IS NOT NULL",
]

# The desk-wide search checks each match's kind and chat against the user's scope before
# ranking it (app.store.messages.search): these hold what that check reads, so it touches
# neither the message's text nor the chat's row.
_SEARCH_FACTS = [
    "CREATE UNIQUE INDEX messages_search_facts ON messages(id, chat_id, author_kind, kind)",
    "CREATE UNIQUE INDEX chats_search_scope ON chats(id, status, department_id, served_by, contact_id)",
]

# A server's desk kept on this computer (the Rocket.Chat backend's cache, one file per server and
# user): how far each collection was read (the newest `_updatedAt` seen, so the next sync asks
# only for what changed since), and the messages written while the server could not be reached,
# in the order they were written, to be sent exactly once each (Rocket.Chat keeps the `_id` a
# client chooses and refuses it twice). The embedded desk leaves both empty.
_SERVER_CACHE = [
    """CREATE TABLE server_sync (
        what TEXT PRIMARY KEY,
        updated_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID""",
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        message_uid TEXT NOT NULL UNIQUE,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        queued_at INTEGER NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0,
        refused TEXT NOT NULL DEFAULT ''
    ) STRICT""",
]

# A chat's messages in the order they were sent (app.store.messages.page), not the order they
# arrived on this computer: a server's cache can receive an older message after a newer one (the
# catch-up after a gap; a message written offline, stamped with the server's time once sent). The
# row id breaks ties, so messages of the same instant keep the order they arrived in.
_MESSAGES_BY_TIME = [
    "CREATE INDEX messages_by_chat_time ON messages(chat_id, sent_at, id)",
]

# A server's configuration changed from this computer (the Rocket.Chat backend's administration):
# each change id the server applied, so that a change the journal sends again is answered
# without touching the server twice, and admins can read who changed what from here (a
# Rocket.Chat server keeps no such history to read). `server_id` is the id the server gave the
# record, when it is not the one the change named (an agent is known by their user id).
_SERVER_CONFIGURATION = [
    """CREATE TABLE server_config_applied (
        change_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        server_id TEXT NOT NULL,
        entity_name TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        by_id TEXT NOT NULL,
        by_name TEXT NOT NULL,
        at INTEGER NOT NULL
    ) STRICT""",
    "CREATE INDEX server_config_applied_by_time ON server_config_applied(at)",
]

MIGRATIONS: Sequence[Sequence[str]] = (
    _CORE_SCHEMA,
    _MESSAGE_SEARCH,
    _PAUSED_BY_HOURS,
    _CANNED_RESPONSES,
    _CHAT_PRIORITY,
    _VISITOR_TOKENS,
    _MESSAGE_IDS,
    _ROUTING_STATE,
    _CONFIGURATION,
    _QUEUE_WAITS,
    _CONTACT_CENTER,
    _DESK_MEMORY,
    _CHOSEN_STATUS,
    _ROUTING_FIDELITY,
    _MESSAGE_KINDS,
    _WEBSITE_CHAT,
    _SEARCH_FACTS,
    _SERVER_CACHE,
    _MESSAGES_BY_TIME,
    _SERVER_CONFIGURATION,
)
