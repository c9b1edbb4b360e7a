"""Click options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from kg_builder.rdf.store import DEFAULT_STORE

store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_STORE,
    envvar="KG_STORE",
    show_default=True,
    help="Directory of the embedded RDF store (env KG_STORE).",
)
