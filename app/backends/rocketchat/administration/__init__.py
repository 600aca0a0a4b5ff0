"""The configuration of a Rocket.Chat server, changed by admins through the pending-changes journal
(app.sync): `ServerAdministration` is the Rocket.Chat backend's `Administration`."""

from app.backends.rocketchat.administration.service import ServerAdministration

__all__ = ["ServerAdministration"]
