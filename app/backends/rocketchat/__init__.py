"""Omnidesk over a Rocket.Chat server."""
