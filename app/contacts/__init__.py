"""Contacts' rules that need no storage: folding text for search, validating what people type,
and how two contacts' fields merge (Rocket.Chat's ContactMerger)."""
