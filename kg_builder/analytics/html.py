"""Self-contained interactive HTML pictures: one file, inline SVG and a small script of
our own (no library, no network). Wheel or +/- zooms, dragging pans, hovering an edge
shows its evidence sentence, hovering a node its type and support.

The data goes into the page as JSON inside a ``<script type="application/json">``
element and reaches the document only through ``textContent``, never as HTML, so text
from articles cannot inject markup.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg_builder.analytics.plover import QUAD_CLASSES, STRUCTURAL

WIDTH, HEIGHT, MARGIN = 1000.0, 720.0, 60.0
_ASSETS = Path(__file__).resolve().parent / "page"


@cache
def _asset(name: str) -> str:
    """The page's CSS and scripts, kept as files in ``kg_builder/analytics/page/``."""
    return (_ASSETS / name).read_text(encoding="utf-8")


def _page(title: str, legend: list[tuple[str, str]], data: dict[str, Any], draw: str) -> str:
    """The page: header with legend, the SVG view, zoom buttons, tooltip, data and scripts."""
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    items = "".join(
        f'<span><i style="background:{html.escape(color)}"></i>{html.escape(name)}</span>'
        for name, color in legend
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_asset('page.css')}</style></head><body>"
        f'<header><h1>{html.escape(title)}</h1><div class="legend">{items}</div></header>'
        f'<svg id="view" viewBox="0 0 {data["width"]:.0f} {data["height"]:.0f}" '
        'preserveAspectRatio="xMidYMid meet"><g id="scene"></g></svg>'
        '<div id="zoom"><button id="zin" title="zoom in">+</button>'
        '<button id="zout" title="zoom out">−</button><button id="zreset" title="reset">⟲</button></div>'
        '<div id="tip" hidden></div>'
        f'<script id="data" type="application/json">{payload}</script>'
        f"<script>const D=JSON.parse(document.getElementById('data').textContent);\n{_asset(draw)}\n"
        f"{_asset('page.js')}</script></body></html>\n"
    )


def graph_page(
    graph: nx.DiGraph,
    positions: dict[str, tuple[float, float]],
    *,
    title: str,
    colors: dict[str, str],
    edge_colors: dict[str, str],
) -> str:
    """The interactive page of ``graph`` laid out at ``positions`` (in [0, 1]²)."""
    from kg_builder.analytics.viz import edge_width

    index = {n: i for i, n in enumerate(graph.nodes)}
    palette = list(edge_colors)  # quad classes; an edge's "c" indexes them and "colors"
    tips: list[list[tuple[str, str]]] = []
    max_support = max(d["support"] for _, d in graph.nodes(data=True))
    nodes = []
    for n, d in graph.nodes(data=True):
        x, y = positions[n]
        tips.append([("", d["label"]), ("doc", f"{d['type']} · {n} · {d['support']} assertions")])
        nodes.append(
            {
                "id": n,
                "label": d["label"],
                "x": round(MARGIN + x * (WIDTH - 2 * MARGIN), 1),
                "y": round(MARGIN + (1 - y) * (HEIGHT - 2 * MARGIN), 1),
                "r": round(5 + 11 * (d["support"] / max_support) ** 0.5, 1),
                "color": colors.get(d["type"], "#666666"),
                "tip": len(tips) - 1,
            }
        )
    max_w = max((w for *_, w in graph.edges(data="weight")), default=1)
    edges = []
    for s, t, d in graph.edges(data=True):
        head = f"{graph.nodes[s]['label']} –{d['predicates'].replace(';', ', ')}→ {graph.nodes[t]['label']}"
        tips.append(
            [
                ("", head),
                ("doc", f"{d['plover']} ({d['quad']}) · {d['weight']} assertions in {d['sources']} articles"),
                ("sentence", f"“{d['sentence']}”"),
                ("doc", f"{d['doc']} ({d['predicate']})"),
            ]
        )
        edges.append(
            {
                "s": index[s],
                "t": index[t],
                "w": round(edge_width(d["weight"], max_w), 2),
                "c": palette.index(d["quad"]),
                "tip": len(tips) - 1,
            }
        )
    data = {
        "width": WIDTH,
        "height": HEIGHT,
        "nodes": nodes,
        "edges": edges,
        "tips": tips,
        "colors": [edge_colors[q] for q in palette],
    }
    types = sorted({d["type"] for _, d in graph.nodes(data=True)})
    drawn = {d["quad"] for *_, d in graph.edges(data=True)}
    quads = [q for q in (*QUAD_CLASSES, STRUCTURAL) if q in drawn]
    legend = [(t, colors.get(t, "#666666")) for t in types] + [(q, edge_colors[q]) for q in quads]
    return _page(title, legend, data, "graph.js")


def dyad_page(report: Any, edge_colors: dict[str, str]) -> str:
    """The interactive timeline of a dyad report: one square per assertion, cooperation above
    the axis, conflict below, uncounted ones (negated, not asserted, structural) hollow at the
    bottom; the running balance as a line. Hovering a square shows its sentence."""
    months_section, listing = report.sections
    months = sorted({r["month"] for r in listing.rows}, key=lambda m: (m == "undated", m))
    cell, left = 16.0, 50.0
    step = max(cell * 4, (WIDTH - left - 20) / max(1, len(months)))
    width = max(WIDTH, left + step * len(months) + 20)
    up: dict[str, int] = dict.fromkeys(months, 0)
    down: dict[str, int] = dict.fromkeys(months, 0)
    other: dict[str, int] = dict.fromkeys(months, 0)
    per_col = max(1, min(10, int(step // cell) - 1))  # squares side by side in a month's column
    pad = (step - per_col * cell) / 2  # centre the squares under the month's label
    tallest_up = max((_count(listing.rows, m, "cooperation") for m in months), default=0)
    tallest_down = max((_count(listing.rows, m, "conflict") for m in months), default=0)
    tallest_other = max(
        (sum(1 for r in listing.rows if r["month"] == m and not r["counted"]) for m in months), default=0
    )
    rows_up = -(-tallest_up // per_col)
    rows_down = -(-tallest_down // per_col)
    rows_other = -(-tallest_other // per_col)
    zero = 60 + rows_up * cell + 10
    other_top = zero + rows_down * cell + 30
    height = max(360.0, other_top + rows_other * cell + 60)
    tips: list[list[tuple[str, str]]] = []
    marks = []
    for r in listing.rows:
        m = r["month"]
        i = months.index(m)
        tips.append(
            [
                ("", f"{r['direction']}: {r['predicate']} ({r['plover'] or 'structural'})"),
                (
                    "doc",
                    f"{r['date'] or 'undated'} · {r['polarity']}, {r['modality']}"
                    + ("" if r["counted"] else " · not counted"),
                ),
                ("sentence", f"“{r['sentence']}”"),
                ("doc", r["doc"]),
            ]
        )
        color = edge_colors[r["class"]]
        if not r["counted"]:
            n = other[m]
            other[m] += 1
            y = other_top + (n // per_col) * cell
            fill, stroke, dash = "#ffffff", color, "3,2"
        elif "cooperation" in r["class"]:
            n = up[m]
            up[m] += 1
            y = zero - (n // per_col + 1) * cell
            fill, stroke, dash = color, "#333333", ""
        else:
            n = down[m]
            down[m] += 1
            y = zero + 4 + (n // per_col) * cell
            fill, stroke, dash = color, "#333333", ""
        x = left + i * step + pad + (n % per_col) * cell
        marks.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "fill": fill,
                "stroke": stroke,
                "dash": dash,
                "tip": len(tips) - 1,
            }
        )
    running = []
    by_month: dict[str, int] = {}
    for row in months_section.rows:
        by_month[row["month"]] = row["running"]
    scale = cell / 2
    for i, m in enumerate(months):
        if m in by_month:
            running.append([round(left + i * step + step / 2, 1), round(zero - by_month[m] * scale, 1)])
    data = {
        "width": width,
        "height": height,
        "months": months,
        "marks": marks,
        "tips": tips,
        "running": running,
        "zero": zero,
        "left": left,
        "step": step,
        "cell": cell,
    }
    legend = [(q, edge_colors[q]) for q in QUAD_CLASSES] + [
        ("negated / not asserted (hollow, not counted)", "#ffffff"),
        ("running balance", "#000000"),
    ]
    return _page(months_section.title, legend, data, "timeline.js")


def _count(rows: list[dict[str, Any]], month: str, kind: str) -> int:
    return sum(1 for r in rows if r["month"] == month and r["counted"] and kind in r["class"])
