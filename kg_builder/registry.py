"""Named, versioned registries for extractors and exporters.

Built-ins register exactly like third-party plugins: a plugin package
declares an entry point in the group ``kg_builder.extractors`` or
``kg_builder.exporters`` whose object is the factory, and its name is the
entry point's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from kg_builder.errors import KGBuilderError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Registered(Generic[T]):
    """A registered factory with its name, version and one-line description."""

    name: str
    version: str
    description: str
    factory: Callable[..., T]


class Registry(Generic[T]):
    """A name -> factory table that also reads setuptools entry points."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, Registered[T]] = {}
        self._entry_points_loaded = False

    def register(
        self, name: str, *, version: str, description: str = ""
    ) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator: register ``factory`` under ``name`` at ``version``."""

        def decorate(factory: Callable[..., T]) -> Callable[..., T]:
            doc = (factory.__doc__ or "").strip().splitlines()
            self._items[name] = Registered(name, version, description or (doc[0] if doc else ""), factory)
            return factory

        return decorate

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=f"kg_builder.{self.kind}s"):
            if ep.name not in self._items:
                factory: Any = ep.load()
                version = getattr(factory, "version", "0")
                self._items[ep.name] = Registered(ep.name, version, (factory.__doc__ or "").strip(), factory)

    def get(self, name: str) -> Registered[T]:
        """Look up ``name``; the error lists what is registered."""
        self._load_entry_points()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KGBuilderError(f"unknown {self.kind} {name!r}; registered: {known}") from None

    def all(self) -> list[Registered[T]]:
        """Everything registered, sorted by name."""
        self._load_entry_points()
        return [self._items[k] for k in sorted(self._items)]

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return [r.name for r in self.all()]


extractors: Registry[Any] = Registry("extractor")
exporters: Registry[Any] = Registry("exporter")
