"""A loopback Rocket.Chat server for tests (see server.py)."""

from tests.rocketchat.loopback.server import LoopbackRocketChat, RestCall
from tests.rocketchat.loopback.state import LoopbackState, LoopbackUser, MethodRefused

__all__ = ["LoopbackRocketChat", "LoopbackState", "LoopbackUser", "MethodRefused", "RestCall"]
