"""Packages whose public names load on first use (PEP 562).

`coach.engine` re-exports names from its modules; importing them eagerly would
load durable_rules whenever any one module of the package is imported (the engine's symbol
table). A package instead sets

    __getattr__ = names_from(__name__, {"assess": "coach.engine.assess", ...})

and imports the same names under `if TYPE_CHECKING:` for type checkers.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def names_from(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that loads each name from its home module once, then keeps it."""

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[package], name, value)
        return value

    return load
