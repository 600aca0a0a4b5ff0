"""The servers saved on this computer, as the sign-in dialog lists them."""

from __future__ import annotations

from app.backends.server import SavedServer
from ui.models.base import RowsModel


def server_key(server: SavedServer) -> tuple[str, str]:
    return server.address.url, server.username


class SavedServersModel(RowsModel[SavedServer]):
    def __init__(self) -> None:
        super().__init__(key=server_key)

    def display(self, value: SavedServer, column: int) -> str:
        where = value.address.url.removeprefix("https://")
        said = self.tr("{username} on {server}").format(username=value.username, server=where)
        return said + (" · " + self.tr("signed in") if value.remembered else "")

    def tooltip(self, value: SavedServer, column: int) -> str | None:
        if value.remembered:
            return self.tr("A sign-in is kept for {server} in this computer's keyring: no password "
                           "is needed until the server ends it.").format(server=value.address.url)
        return value.address.url

    def server_at(self, row: int) -> SavedServer:
        return self.value_at(row)
