"""A package's names imported from their modules when first used, not when the package is.

`app.domain` and `app.config` gather many small modules of dataclasses; building those classes
is most of what importing them costs, and the desk's first frame needs only a few. A package
keeps its `from app.x import Name` API (and, for type checkers, its imports under
TYPE_CHECKING) and answers the rest through `__getattr__` (PEP 562).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_exports(namespace: dict[str, Any], modules: Mapping[str, Sequence[str]]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of the package whose `globals()` is `namespace`, its
    names living in its `modules` (module name relative to the package → names it exports)."""
    package = namespace["__name__"]
    module_of = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:  # noqa: N807  (PEP 562's name)
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value  # asked once: the next lookup finds it without this function
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(namespace) | set(module_of))

    return __getattr__, __dir__
