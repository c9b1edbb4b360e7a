"""The Neo4j Browser guide and its server, without a browser or Neo4j (fast).

What Neo4j Browser itself does with the guide is tested in test_neo4j_browser.py.
"""

from __future__ import annotations

import http.client
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder.errors import QueryError
from kg_builder.neo4j.browser import (
    GUIDE_NAME,
    browser_link,
    cypher_literal,
    guide_command,
    params_command,
    render_guide,
    serve_guide,
)
from kg_builder.neo4j.queries import CuratedQuery, QueryParam, get_query, list_queries


class _Blocks(HTMLParser):
    """Collects each <slide>'s runnable blocks and play-topic links, as Browser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.slides: list[dict[str, str]] = []
        self.links: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "slide":
            self.slides.append({"name": a.get("data-query") or ""})
        elif tag == "pre" and "runnable" in (a.get("class") or "").split():
            self._in = "params" if a.get("data-params") else "style" if a.get("data-style") else "query"
            self._text = []
        elif tag == "a" and a.get("play-topic"):
            self.links.append(a["play-topic"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._in:
            self.slides[-1][self._in] = "".join(self._text)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)


def _parse(page: str) -> _Blocks:
    parser = _Blocks()
    parser.feed(page)
    return parser


def test_guide_has_every_curated_query_verbatim_with_its_parameters() -> None:
    queries = list_queries()
    parsed = _parse(render_guide(guide_url="http://localhost:1/kg_builder.html"))
    assert [s["name"] for s in parsed.slides] == ["", *(q.name for q in queries)]
    for slide, q in zip(parsed.slides[1:], queries, strict=True):
        assert slide["query"] == q.text.strip()
        assert slide.get("params") == params_command(q)
    # Contents: one link per query to its slide, counted from 1 with the contents first.
    assert parsed.links == [
        f"http://localhost:1/kg_builder.html#slide-{n}" for n in range(2, len(queries) + 2)
    ]


def test_param_block_keeps_integers_and_fills_required_values() -> None:
    who = get_query("who_assaults")
    assert params_command(who) == (':param [{target, limit}] => { RETURN "Ukraine" AS target, 25 AS limit }')
    # CLI strings are typed as the query declares them; quotes are escaped.
    assert params_command(who, {"target": 'Kyiv "city"', "limit": "7"}) == (
        ':param [{target, limit}] => { RETURN "Kyiv \\"city\\"" AS target, 7 AS limit }'
    )
    assert params_command(get_query("plover_summary")) is None


def test_unknown_example_parameter_is_refused() -> None:
    with pytest.raises(QueryError, match="no curated query takes the parameter nope"):
        render_guide(examples={"nope": "1"})


def test_cypher_literals() -> None:
    assert cypher_literal(None) == "null"
    assert cypher_literal(True) == "true"
    assert cypher_literal([1, 2.5, "a'b"]) == '[1, 2.5, "a\'b"]'
    assert cypher_literal({"x": 1, "a b": "\n"}) == '{x: 1, `a b`: "\\n"}'


def test_text_that_browser_would_strip_is_refused() -> None:
    bad = CuratedQuery(
        name="bad",
        description="uses an attribute that looks like an event handler",
        params=(QueryParam("x", "int", "a number", 1, False),),
        text="RETURN 1 AS one, 2 AS onclick=1\n",
    )
    with pytest.raises(QueryError, match="Neo4j Browser deletes"):
        render_guide([bad])
    # Markup in headers is escaped, so it reaches Browser as text and nothing is cut.
    script = CuratedQuery(name="s", description="<script>x", params=(), text="RETURN 1\n")
    assert "&lt;script&gt;x" in render_guide([script])


def test_whole_page_survives_browsers_cleaning() -> None:
    from kg_builder.neo4j import browser

    page = render_guide()
    for pattern in browser._BROWSER_STRIPS:
        assert pattern.search(page) is None, pattern.pattern


def test_server_answers_cors_preflight_and_serves_the_guide() -> None:
    lines: list[str] = []
    with serve_guide(0, log=lines.append) as server:
        assert server.url == f"http://localhost:{server.port}/{GUIDE_NAME}"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        # What Chromium sends before Browser's fetch(url, {headers: {pragma, cache-control}}).
        conn.request(
            "OPTIONS",
            f"/{GUIDE_NAME}",
            headers={
                "Origin": "http://127.0.0.1:7474",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "cache-control,pragma",
            },
        )
        pre = conn.getresponse()
        pre.read()
        assert pre.status == 204
        assert pre.getheader("Access-Control-Allow-Origin") == "*"
        assert "GET" in pre.getheader("Access-Control-Allow-Methods", "")
        assert pre.getheader("Access-Control-Allow-Headers") == "cache-control,pragma"
        conn.request("GET", f"/{GUIDE_NAME}", headers={"Origin": "http://127.0.0.1:7474"})
        got = conn.getresponse()
        body = got.read().decode("utf-8")
        assert got.status == 200
        assert got.getheader("Access-Control-Allow-Origin") == "*"
        assert got.getheader("Content-Type") == "text/html; charset=utf-8"
        assert body == render_guide(guide_url=server.url)
        conn.request("GET", "/elsewhere")
        missing = conn.getresponse()
        missing.read()
        assert missing.status == 404
        conn.close()
    assert len(lines) == 3 and "OPTIONS" in lines[0]


def test_browser_link_escapes_the_guide_url() -> None:
    link = browser_link(
        "http://localhost:8474/kg_builder.html#slide-3",
        browser_url="http://127.0.0.1:7474/browser/",
    )
    assert link == (
        "http://127.0.0.1:7474/browser/?cmd=play&arg=http://localhost:8474/kg_builder.html%23slide-3"
    )


def test_guide_command_writes_the_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(guide_command, ["--write", str(tmp_path), "--example", "actor=Putin"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / GUIDE_NAME).read_text(encoding="utf-8")
    assert re.search(r"RETURN &quot;Putin&quot; AS actor, 200 AS limit", page), page[:2000]
    bad = CliRunner().invoke(guide_command, ["--example", "actor"])
    assert isinstance(bad.exception, QueryError), bad.output
    only = CliRunner().invoke(guide_command, ["--url", "http://localhost:1/x.html"])
    assert only.exit_code == 2 and "--url only goes with --write" in only.output


def test_style_colours_every_node_type_and_captions_relationships_by_predicate() -> None:
    from kg_builder.models import ENTITY_TYPES
    from kg_builder.neo4j.browser import browser_style, style_command

    rules = dict(re.findall(r"^([\w.]+) \{(.*?)^\}", browser_style(), flags=re.M | re.S))
    colours = {}
    for label in (*ENTITY_TYPES, "Article"):
        body = rules.get(f"node.{label}")
        assert body is not None, f"style.grass has no rule for node.{label}"
        colours[label] = re.search(r"^\s*color: (#[0-9A-Fa-f]{6});", body, flags=re.M)[1].lower()
    assert len(set(colours.values())) == len(colours), f"two types share a colour: {colours}"
    assert 'caption: "{predicate}";' in rules["relationship"]
    assert 'caption: "{label}";' in rules["node.Entity"]
    # node.Entity comes before the types: Browser applies matching rules in order, so the
    # type's colour wins for a node labelled Entity:Person.
    order = list(rules)
    assert all(order.index("node.Entity") < order.index(f"node.{t}") for t in ENTITY_TYPES)
    # The guide's contents slide applies it with one :style command.
    assert style_command().startswith(":style node {") and "\n" not in style_command()
    assert _parse(render_guide()).slides[0]["style"] == style_command()
