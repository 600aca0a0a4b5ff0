"""Omnidesk over a Rocket.Chat server: the link (REST, DDP, sign-in, tokens), the mapping of
Rocket.Chat's payloads to the domain, and the backend built on both."""
