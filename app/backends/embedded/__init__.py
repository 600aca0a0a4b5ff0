"""The embedded backend: the whole desk on this machine, over the local SQLite store."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.backends.contract import Backend, SignIn, Supervision
    from app.backends.embedded.backend import EmbeddedBackend
    from app.backends.embedded.engine import EmbeddedEngine

    def _implements_the_contract(
        backend: EmbeddedBackend, engine: EmbeddedEngine
    ) -> tuple[Backend, SignIn, Supervision]:
        # mypy proves here that both satisfy the contract's protocols.
        return backend, engine, backend


def __getattr__(name: str) -> object:
    # Loaded when first asked for: the desk's first frame reads the store through the lighter
    # modules of this package (setup, snapshot) before the engine is needed.
    if name == "EmbeddedEngine":
        from app.backends.embedded.engine import EmbeddedEngine  # noqa: PLC0415

        return EmbeddedEngine
    if name == "EmbeddedBackend":
        from app.backends.embedded.backend import EmbeddedBackend  # noqa: PLC0415

        return EmbeddedBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EmbeddedBackend", "EmbeddedEngine"]
