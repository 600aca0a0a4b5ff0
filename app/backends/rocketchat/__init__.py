"""Omnidesk over a Rocket.Chat server: the transport (REST, DDP, sign-in) and the mapping of
Rocket.Chat's payloads to Omnidesk's domain (payloads/)."""
