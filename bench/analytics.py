"""``kg analyze centrality`` and ``communities`` against the same networkx calls on a graph
built straight from the JSONL export, in one run, in CPU seconds.

* ``ours``      -- :func:`kg_builder.analytics.metrics.centrality` / ``communities``, as the
  CLI calls them: open the store, read the assertions (SPARQL), filter (positive and
  asserted event relations), build the actor graph, run networkx, make the rows;
* ``baseline``  -- read the JSONL export (``kg export --format jsonl``, written untimed
  before), ``json.loads`` every line, keep the same relations, build the same weighted
  ``DiGraph`` and run the same networkx calls with the same parameters (PageRank,
  weighted degree, sampled betweenness with the same seed; Louvain with the same seed).

The dataset is the Neo4j load benchmark's (``bench.neo4j_load``: ``--relationships``
assertions, default 100,000, ~2,000 articles, ~5,000 actors, Zipf-distributed), cached in
``$TMPDIR/kg_builder-bench/``. Each side runs ``--repeat`` times (3), alternating, and the
median CPU time (``time.process_time``: this process, all threads) is reported with its
phases. Both sides' results are compared (same PageRank order, same communities), so the
baseline cannot be faster by computing something else.

    python -m bench.analytics              # 100,000 assertions
    python -m bench.analytics --quick      # 10,000

Target (issue 9): ours <= 1.5x the baseline.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from bench.neo4j_load import DEFAULT_SEED, build_store
from kg_builder.analytics.data import Filters
from kg_builder.analytics.graph import undirected
from kg_builder.analytics.metrics import BETWEENNESS_SAMPLES, SEED, centrality, communities
from kg_builder.rdf.store import GraphStore

DEFAULT_ASSERTIONS = 100_000
QUICK_ASSERTIONS = 10_000
TARGET = 1.5


def export_jsonl(store_path: Path, out: Path) -> int:
    """Write the store's JSONL export once (untimed), as ``kg export --format jsonl`` does."""
    from kg_builder.export.tabular import export_jsonl as write

    if out.is_file():
        return sum(1 for _ in out.open("rb"))
    tmp = out.with_suffix(".part")
    with GraphStore(store_path, read_only=True) as store, tmp.open("wb") as handle:
        count = write(store, handle)
    tmp.replace(out)
    return count


# ----------------------------------------------------------------------------- baseline


def baseline_graph(jsonl: Path, phases: dict[str, float]) -> nx.DiGraph:
    """The actor graph straight from the JSONL export: same relations, same weights."""
    start = time.process_time()
    with jsonl.open("rb") as handle:
        rows = [json.loads(line) for line in handle]
    phases["read"] = time.process_time() - start
    start = time.process_time()
    weights: Counter[tuple[str, str]] = Counter()
    nodes: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["polarity"] != "positive" or r["modality"] != "asserted" or r["plover"] is None:
            continue
        s, o = r["subject"], r["object"]
        weights[(s["id"], o["id"])] += 1
        nodes.setdefault(s["id"], {"label": s["label"], "type": s["type"]})
        nodes.setdefault(o["id"], {"label": o["label"], "type": o["type"]})
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(nodes.items()))
    graph.add_weighted_edges_from((s, o, w) for (s, o), w in sorted(weights.items()))
    phases["graph"] = time.process_time() - start
    return graph


def baseline_centrality(jsonl: Path, phases: dict[str, float]) -> dict[str, float]:
    """PageRank by actor, after the same networkx calls as ``kg analyze centrality``."""
    graph = baseline_graph(jsonl, phases)
    start = time.process_time()
    pagerank = nx.pagerank(graph, weight="weight")
    und = undirected(graph)
    k = BETWEENNESS_SAMPLES if und.number_of_nodes() > BETWEENNESS_SAMPLES else None
    betweenness = nx.betweenness_centrality(und, k=k, weight="distance", seed=SEED)
    degree = dict(graph.degree(weight="weight"))
    rows = sorted(graph.nodes, key=lambda n: (-pagerank[n], n))
    assert len(betweenness) == len(degree) == len(rows)
    phases["networkx"] = time.process_time() - start
    return pagerank


def baseline_communities(jsonl: Path, phases: dict[str, float]) -> list[frozenset[str]]:
    """The Louvain communities of the same graph, same seed."""
    graph = baseline_graph(jsonl, phases)
    start = time.process_time()
    found = nx.community.louvain_communities(undirected(graph), weight="weight", seed=SEED)
    phases["networkx"] = time.process_time() - start
    return sorted(map(frozenset, found), key=lambda c: (-len(c), min(c)))


# ----------------------------------------------------------------------------- ours


def ours_centrality(store_path: Path, phases: dict[str, float]) -> dict[str, float]:
    """``kg analyze centrality --top 0`` as the CLI calls it; PageRank by actor."""
    report = centrality(store_path=store_path, filters=Filters(), top=None)
    return {row["key"]: row["pagerank"] for row in report.sections[0].rows}


def _same(ours: Any, baseline: Any) -> bool:
    """Same communities; same PageRank up to float noise (node order differs)."""
    if isinstance(ours, dict):
        return ours.keys() == baseline.keys() and all(abs(ours[k] - baseline[k]) < 1e-9 for k in ours)
    return ours == baseline


def ours_communities(store_path: Path, phases: dict[str, float]) -> list[frozenset[str]]:
    """``kg analyze communities`` as the CLI calls it."""
    report = communities(store_path=store_path, filters=Filters(), members=None)
    return [frozenset(row["keys"]) for row in report.sections[0].rows]


def _ours_phases(store_path: Path) -> dict[str, float]:
    """Where our time goes (one untimed-by-the-ratio run): reading, graph, networkx."""
    from kg_builder.analytics.data import load
    from kg_builder.analytics.graph import actor_graph
    from kg_builder.analytics.metrics import community_sets

    phases: dict[str, float] = {}
    start = time.process_time()
    store, selection = load(store_path, Filters(), evidence=False)
    store.close()
    phases["read"] = time.process_time() - start
    start = time.process_time()
    graph = actor_graph(selection, evidence=False)
    phases["graph"] = time.process_time() - start
    start = time.process_time()
    community_sets(graph)
    phases["louvain"] = time.process_time() - start
    return phases


# ----------------------------------------------------------------------------- running


def _timed(func: Callable[[Any, dict[str, float]], Any], arg: Any) -> tuple[float, Any, dict[str, float]]:
    phases: dict[str, float] = {}
    gc.collect()
    start = time.process_time()
    result = func(arg, phases)
    return time.process_time() - start, result, phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=None, help="assertions in the store")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ASSERTIONS:,} assertions")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (median reported)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg_builder-bench",
        help="where the generated store (shared with bench.neo4j_load) is cached",
    )
    args = parser.parse_args(argv)
    n = args.relationships or (QUICK_ASSERTIONS if args.quick else DEFAULT_ASSERTIONS)
    args.workdir.mkdir(parents=True, exist_ok=True)
    data = build_store(n, args.seed, args.workdir)
    jsonl = data.path.parent / "export.jsonl"
    exported = export_jsonl(data.path, jsonl)
    print(
        f"store: {data.assertions:,} assertions in {data.articles:,} articles, {data.entities:,} actors "
        f"({'cached' if data.cached else 'generated'}); JSONL export: {exported:,} lines, "
        f"{jsonl.stat().st_size / 2**20:.0f} MiB",
        flush=True,
    )
    analyses = {
        "centrality": (ours_centrality, baseline_centrality),
        "communities": (ours_communities, baseline_communities),
    }
    failed = False
    lines = [f"{'analysis':<12} {'ours s':>8} {'baseline s':>11} {'ratio':>6}  target <= {TARGET}x"]
    for name, (ours, baseline) in analyses.items():
        ours_runs: list[float] = []
        base_runs: list[float] = []
        base_phases: list[dict[str, float]] = []
        ours_result = base_result = None
        for _ in range(args.repeat):
            seconds, base_result, phases = _timed(baseline, jsonl)
            base_runs.append(seconds)
            base_phases.append(phases)
            seconds, ours_result, _ = _timed(ours, data.path)
            ours_runs.append(seconds)
            print(
                f"  {name}: baseline {base_runs[-1]:.2f} s, ours {seconds:.2f} s", file=sys.stderr, flush=True
            )
        if not _same(ours_result, base_result):
            print(f"{name}: ours and the baseline disagree", file=sys.stderr)
            failed = True
        ours_s, base_s = statistics.median(ours_runs), statistics.median(base_runs)
        ratio = ours_s / base_s
        ok = ratio <= TARGET
        failed |= not ok
        lines.append(
            f"{name:<12} {ours_s:>8.2f} {base_s:>11.2f} {ratio:>5.2f}x  {'ok' if ok else 'MISSED'}"
            f"   runs ours {', '.join(f'{s:.2f}' for s in ours_runs)}"
            f"; baseline {', '.join(f'{s:.2f}' for s in base_runs)}"
        )
        median_phases = {k: statistics.median(p[k] for p in base_phases) for k in base_phases[0]}
        lines.append(
            "             baseline phases: " + ", ".join(f"{k} {v:.2f}" for k, v in median_phases.items())
        )
    phases = _ours_phases(data.path)
    lines.append("ours, phases of one run: " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items()))
    print("\n".join(lines))
    print("CPU seconds (time.process_time), median of", args.repeat, "runs each; ratio = ours / baseline")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
