"""``kg viz``: pictures of the actor graph (PNG and SVG through matplotlib, HTML by
:mod:`kg_builder.analytics.html`).

Nodes are coloured by entity type, edges by PLOVER quad class, edge width grows with
support (the number of assertions). What is drawn follows the analyses' filters: by
default only relations that happened (positive and asserted).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import networkx as nx

from kg_builder.analytics.data import Filters, load, resolve_actor
from kg_builder.analytics.dyad import dyad as dyad_report
from kg_builder.analytics.graph import actor_graph, ego_graph, undirected
from kg_builder.analytics.metrics import SEED, community_sets
from kg_builder.analytics.plover import QUAD_CLASSES, STRUCTURAL
from kg_builder.errors import AnalyticsError

FORMATS: tuple[str, ...] = (".png", ".svg", ".html")

#: Node colour per entity type (colour-blind friendly, Okabe-Ito based).
TYPE_COLORS: dict[str, str] = {
    "Country": "#0072B2",
    "Person": "#E69F00",
    "Organization": "#009E73",
    "Group": "#CC79A7",
    "Location": "#56B4E9",
    "Facility": "#999999",
    "Concept": "#F0E442",
}
#: Edge colour per quad class.
QUAD_COLORS: dict[str, str] = {
    "verbal cooperation": "#66bd63",
    "material cooperation": "#1a9850",
    "verbal conflict": "#fdae61",
    "material conflict": "#d73027",
    STRUCTURAL: "#9e9e9e",
}


def visualize(
    *,
    store_path: Path,
    filters: Filters,
    output: Path,
    around: str | None = None,
    depth: int = 2,
    community: int | None = None,
    dyad: tuple[str, str] | None = None,
    max_nodes: int = 150,
) -> str:
    """Write the picture to ``output`` (format from its extension); return a one-line summary."""
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise AnalyticsError(
            f"{output}: unknown picture format {suffix or '(none)'}; use .png, .svg or .html"
        )
    if sum(x is not None for x in (around, community, dyad)) > 1:
        raise AnalyticsError("choose one of --around, --community and --dyad")
    if dyad is not None:
        report = dyad_report(store_path=store_path, filters=filters, a=dyad[0], b=dyad[1])
        _write(output, lambda path: _draw_dyad(report, path))
        rows = report.sections[1].rows
        return f"wrote the dyad timeline ({len(rows)} assertions) to {output}"
    store, selection = load(store_path, filters)
    try:
        center = resolve_actor(store, selection.actors, around).key if around else None
    finally:
        store.close()
    graph = actor_graph(selection)
    title = "Actor graph"
    if center is not None:
        graph = ego_graph(graph, center, depth)
        title = f"{selection.actors[center].label} and actors within {depth} hops"
    elif community is not None:
        sets = community_sets(graph)
        if community > len(sets):
            raise AnalyticsError(f"--community {community}: there are {len(sets)} communities")
        graph = graph.subgraph(sets[community - 1]).copy()
        title = f"Community {community}"
    if graph.number_of_nodes() > max_nodes and center is None:
        keep = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["support"], n))[:max_nodes]
        graph = graph.subgraph(keep).copy()
        title += f" ({max_nodes} best-supported actors)"
    if graph.number_of_nodes() == 0:
        raise AnalyticsError("nothing to draw: no relation passes the filters")
    positions = layout(graph)
    if suffix == ".html":
        from kg_builder.analytics.html import graph_page

        page = graph_page(graph, positions, title=title, colors=TYPE_COLORS, edge_colors=QUAD_COLORS)
        _write(output, lambda path: path.write_text(page, encoding="utf-8"))
    else:
        _write(output, lambda path: _draw_graph(graph, positions, title, path, suffix[1:]))
    return (
        f"wrote {graph.number_of_nodes()} actors and {graph.number_of_edges()} ties "
        f"({sum(w for _, _, w in graph.edges(data='weight'))} assertions) to {output}"
    )


def layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Seeded spring layout of the undirected graph, scaled to [0, 1] x [0, 1]."""
    und = undirected(graph)
    k = 1.5 / math.sqrt(max(1, und.number_of_nodes()))
    raw = nx.spring_layout(und, weight="weight", seed=SEED, k=k, iterations=100)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {n: (float((p[0] - min(xs)) / span_x), float((p[1] - min(ys)) / span_y)) for n, p in raw.items()}


def _write(output: Path, write: Any) -> None:
    """Write through a temporary file: no half-written picture is left behind."""
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.part{output.suffix}")
    try:
        write(tmp)
        os.replace(tmp, output)
    except OSError as exc:
        raise AnalyticsError(f"cannot write {output}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def edge_width(weight: int, max_weight: int) -> float:
    """Line width for an edge of ``weight`` assertions: 1 to 6, logarithmic."""
    return 1.0 + 5.0 * math.log1p(weight) / math.log1p(max(max_weight, 1))


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=120)


def _draw_graph(
    graph: nx.DiGraph, pos: dict[str, tuple[float, float]], title: str, path: Path, fmt: str
) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = _figure(12, 9)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    max_w = max((w for _, _, w in graph.edges(data="weight")), default=1)
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        width=[edge_width(d["weight"], max_w) for _, _, d in graph.edges(data=True)],
        edge_color=[QUAD_COLORS[d["quad"]] for _, _, d in graph.edges(data=True)],
        arrows=True,
        arrowsize=10,
        alpha=0.8,
        connectionstyle="arc3,rad=0.08",
        node_size=300,
    )
    max_s = max(d["support"] for _, d in graph.nodes(data=True))
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        node_color=[TYPE_COLORS.get(d["type"], "#666666") for _, d in graph.nodes(data=True)],
        node_size=[120 + 600 * d["support"] / max_s for _, d in graph.nodes(data=True)],
        edgecolors="#333333",
        linewidths=0.5,
    )
    nx.draw_networkx_labels(
        graph, pos, ax=ax, labels={n: d["label"] for n, d in graph.nodes(data=True)}, font_size=8
    )
    types = sorted({d["type"] for _, d in graph.nodes(data=True)})
    drawn = {d["quad"] for *_, d in graph.edges(data=True)}
    quads = [q for q in (*QUAD_CLASSES, STRUCTURAL) if q in drawn]
    handles = [Patch(color=TYPE_COLORS.get(t, "#666666"), label=t) for t in types]
    handles += [Line2D([0], [0], color=QUAD_COLORS[q], lw=3, label=q) for q in quads]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    fig.savefig(path, format=fmt, bbox_inches="tight")


def _draw_dyad(report: Any, path: Path) -> None:
    months_section, listing = report.sections
    months: list[str] = []
    per_month: dict[str, dict[str, int]] = {}
    for row in months_section.rows:
        if row["month"] not in per_month:
            months.append(row["month"])
            per_month[row["month"]] = {q: 0 for q in QUAD_CLASSES} | {"other": 0}
        cell = per_month[row["month"]]
        for q in QUAD_CLASSES:
            cell[q] += row[q]
        cell["other"] += row["negated"] + row["unasserted"]
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "html":
        from kg_builder.analytics.html import dyad_page

        path.write_text(dyad_page(report, QUAD_COLORS), encoding="utf-8")
        return
    fig = _figure(max(6, 1.2 * len(months) + 3), 5)
    ax = fig.add_subplot()
    x = list(range(len(months)))
    up = [0] * len(months)
    down = [0] * len(months)
    for q in QUAD_CLASSES:
        values = [per_month[m][q] for m in months]
        if "cooperation" in q:
            ax.bar(x, values, bottom=up, color=QUAD_COLORS[q], label=q)
            up = [a + b for a, b in zip(up, values, strict=True)]
        else:
            ax.bar(x, [-v for v in values], bottom=down, color=QUAD_COLORS[q], label=q)
            down = [a - b for a, b in zip(down, values, strict=True)]
    ax.bar(
        x,
        [per_month[m]["other"] for m in months],
        bottom=up,
        color="none",
        edgecolor="#777777",
        hatch="//",
        label="negated / not asserted (not counted)",
    )
    running = []
    total = 0
    for m in months:
        total += sum(per_month[m][q] * (1 if "cooperation" in q else -1) for q in QUAD_CLASSES)
        running.append(total)
    ax.plot(x, running, color="black", marker="o", label="running balance")
    ax.axhline(0, color="#444444", lw=0.8)
    ax.set_xlim(-0.8, len(months) - 0.2)
    ax.set_xticks(x, months, rotation=45, ha="right")
    ax.set_ylabel("assertions (cooperation up, conflict down)")
    ax.set_title(months_section.title)
    ax.legend(fontsize=8, frameon=False, loc="best")
    fig.savefig(path, format=fmt, bbox_inches="tight")
