"""One way to register a sieve by name: every stage's table is a dict filled by this decorator."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def register(table: dict[str, F], name: str) -> Callable[[F], F]:
    """Decorator that puts the function in ``table`` under ``name`` (a config's sieve name).

    Refuses a name already taken, so two sieves never shadow each other.
    """

    def decorate(function: F) -> F:
        if name in table:
            raise ValueError(f"a sieve named {name!r} is already registered: {table[name].__qualname__}")
        table[name] = function
        return function

    return decorate
