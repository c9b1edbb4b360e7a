"""Exporters: RDF serializations of the whole dataset and tabular relation files.

Each exporter is a function ``(store, out) -> int`` writing bytes to ``out``
and returning how many records (quads or relations) it wrote. They are
registered as entry points in the ``kg_builder.exporters`` group.
"""

from __future__ import annotations

from typing import IO

from kg_builder.errors import ExportError, KGBuilderError
from kg_builder.rdf.store import GraphStore
from kg_builder.registry import exporters


def export(store: GraphStore, *, fmt: str, out: IO[bytes]) -> int:
    """Write the store in format ``fmt`` to ``out``; return the record count."""
    try:
        exporter = exporters.get(fmt)
    except KGBuilderError as exc:
        raise ExportError(str(exc)) from None
    return exporter.factory(store, out)
