"""Locate the data shipped with the package (schemas, Cypher, actor data).

In a wheel, ``schemas/`` and ``cypher/`` are inside the package; in a source
checkout (editable install) they sit beside it at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory ``name`` (``"schemas"`` or ``"cypher"``)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg_builder resource directory {name!r} is missing from the install")
