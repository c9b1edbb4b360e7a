"""JSON-LD export against pyoxigraph's N-Quads dump of the same store, in one run.

Three writers, each over the same store into a file in a temporary directory:

* ``nquads``        -- ``kg export --format nq`` (pyoxigraph's own dump): the baseline;
* ``jsonld``        -- ``kg export --format jsonld`` (pyoxigraph's streaming JSON-LD writer
  inside the project's ``@context`` wrapper);
* ``jsonld-rdflib`` -- the previous exporter (N-Quads parsed into an rdflib ``Dataset``,
  serialized by rdflib's JSON-LD plugin with the project context), kept here for
  comparison only; ``--no-rdflib`` leaves it out (it needs ~6 GB of memory at 100,000
  assertions).

Each writer runs ``--repeat`` times (3), alternating, and its best run counts. The measure
is CPU seconds of this process (``time.process_time``: pyoxigraph serializes in the
calling thread), never wall time. The store is the Neo4j benchmark's generated one
(``bench.neo4j_load.build_store``: 100,000 assertions in 2,000 articles by default), cached
in ``$TMPDIR/kg_builder-bench/``.

    python -m bench.jsonld_export               # 100,000 assertions
    python -m bench.jsonld_export --quick       # 10,000 assertions

Target (issue 9): JSON-LD within 3x the N-Quads dump. Exit code 1 when it is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bench.neo4j_load import DEFAULT_SEED, build_store
from kg_builder.export import export
from kg_builder.rdf.store import GraphStore

TARGET = 3.0


def rdflib_jsonld(store: GraphStore, out: IO[bytes]) -> int:
    """The exporter JSON-LD had before (through rdflib), for comparison."""
    from rdflib import Dataset

    from kg_builder.rdf.namespaces import PREFIXES
    from kg_builder.resources import resource_dir

    buffer = io.BytesIO()
    store.dump(buffer, "nq")
    dataset = Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    dataset.parse(data=buffer.getvalue().decode("utf-8"), format="nquads")
    context = json.loads((resource_dir("schemas") / "context.jsonld").read_text("utf-8"))["@context"]
    out.write(dataset.serialize(format="json-ld", context=context, indent=2).encode("utf-8"))
    return len(store)


def _writers(with_rdflib: bool) -> dict[str, Callable[[GraphStore, IO[bytes]], int]]:
    writers: dict[str, Callable[[GraphStore, IO[bytes]], int]] = {
        "nquads": lambda store, out: export(store, fmt="nq", out=out),
        "jsonld": lambda store, out: export(store, fmt="jsonld", out=out),
    }
    if with_rdflib:
        writers["jsonld-rdflib"] = rdflib_jsonld
    return writers


def measure(
    store: GraphStore, writer: Callable[[GraphStore, IO[bytes]], int], path: Path
) -> tuple[float, int]:
    """CPU seconds of one export into ``path``, and the file's size."""
    began = time.process_time()
    with path.open("wb") as handle:
        writer(store, handle)
    return time.process_time() - began, path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table of CPU seconds and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 assertions instead of 100,000")
    parser.add_argument("--relationships", type=int, help="assertions in the generated store")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each writer; the best counts")
    parser.add_argument("--no-rdflib", dest="rdflib", action="store_false", help="skip the old exporter")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "kg_builder-bench")
    args = parser.parse_args(argv)
    n = args.relationships or (10_000 if args.quick else 100_000)
    args.workdir.mkdir(parents=True, exist_ok=True)
    data = build_store(n, args.seed, args.workdir)
    print(
        f"Store {data.path}: {data.articles:,} articles, {data.assertions:,} assertions, "
        f"{data.triples:,} quads"
    )
    writers = _writers(args.rdflib)
    best: dict[str, float] = {}
    sizes: dict[str, int] = {}
    with GraphStore(data.path, read_only=True) as store, tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            for name, writer in writers.items():
                seconds, size = measure(store, writer, Path(tmp) / f"{name}.out")
                best[name] = min(best.get(name, seconds), seconds)
                sizes[name] = size
                print(f"  run {run + 1} {name:<14} {seconds:7.2f} s CPU", file=sys.stderr, flush=True)
    base = best["nquads"]
    print(f"\n{'writer':<15}{'CPU s (best)':>13}{'MB':>9}{'x N-Quads':>11}")
    for name, seconds in best.items():
        print(f"{name:<15}{seconds:>13.2f}{sizes[name] / 1e6:>9.1f}{seconds / base:>10.2f}x")
    ratio = best["jsonld"] / base
    ok = ratio <= TARGET
    print(f"\nJSON-LD / N-Quads = {ratio:.2f}x (target <= {TARGET:.0f}x): {'met' if ok else 'MISSED'}")
    if "jsonld-rdflib" in best:
        print(f"previous exporter (rdflib) / N-Quads = {best['jsonld-rdflib'] / base:.1f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
