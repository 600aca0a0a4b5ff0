"""Signing in to a server: the sign-in dialog, the servers saved on this computer."""
