"""``kg viz`` HTML pages in real headless Chromium: nodes render, hovering shows the evidence.

Needs Chromium (``scripts/install-browser-deps``) but no Neo4j: the page is a local file
that loads nothing from anywhere. Screenshots: ``test-output/browser/viz-*.png``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg_builder.cli import cli
from kg_builder.models import Entity
from kg_builder.testing import make_article, write_store

pytestmark = pytest.mark.browser

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q184": Entity("wd:Q184", "Belarus", "Country", "Q184"),
    "wd:Q30": Entity("wd:Q30", "United States", "Country", "Q30"),
    "wd:Q7747": Entity("wd:Q7747", "Vladimir Putin", "Person", "Q7747"),
}
# Markup in a sentence must show as text, never become an element.
ATTACK = "Russia attacked Ukraine <b>again</b> & <script>alert(1)</script> overnight."
AID = "The United States aided Ukraine with air defence."


@pytest.fixture
def store(tmp_path: Path) -> Path:
    articles = [
        make_article(
            "viz-1",
            [
                (ATTACK, [("wd:Q159", "attacks", "wd:Q212", "positive", {"date": "2022-02-24"})]),
                ("Belarus supported Russia.", [("wd:Q184", "supports", "wd:Q159", "positive", {})]),
                ("Vladimir Putin met Belarus.", [("wd:Q7747", "meets", "wd:Q184", "positive", {})]),
            ],
            entities=ENTITIES,
            published="2022-02-25",
        ),
        make_article(
            "viz-2",
            [
                (AID, [("wd:Q30", "aids", "wd:Q212", "positive", {})]),
                (
                    "Russia wants to talk with Ukraine.",
                    [("wd:Q159", "talksWith", "wd:Q212", "positive", {"modality": "intended"})],
                ),
            ],
            entities=ENTITIES,
            published="2022-04-02",
        ),
    ]
    return write_store(tmp_path / "store", articles, ENTITIES)


def _viz(store: Path, out: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["viz", "-o", str(out), "--store", str(store), *extra])
    print(result.output)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    return json.loads(page.split('type="application/json">')[1].split("</script>")[0].replace("<\\/", "</"))


def _hover(chrome: Any, element: Any) -> None:
    """Move the mouse onto the middle of ``element``'s outline (a curve's midpoint)."""
    from selenium.webdriver.common.action_chains import ActionChains

    x, y = chrome.execute_script(
        """const e=arguments[0];let p;
        if(e.tagName==='path'){const q=e.getPointAtLength(e.getTotalLength()/2);p=new DOMPoint(q.x,q.y);}
        else{const b=e.getBBox();p=new DOMPoint(b.x+b.width/2,b.y+b.height/2);}
        const s=p.matrixTransform(e.getScreenCTM());return [s.x,s.y];""",
        element,
    )
    body = chrome.find_element("tag name", "body")
    rect = chrome.execute_script("const r=document.body.getBoundingClientRect();return [r.width,r.height];")
    ActionChains(chrome).move_to_element_with_offset(
        body, int(x - rect[0] / 2), int(y - rect[1] / 2)
    ).perform()


def _tip(chrome: Any, text: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    tip = chrome.find_element("id", "tip")
    WebDriverWait(chrome, 10).until(
        lambda d: tip.is_displayed() and text in tip.text,
        f"no tooltip with {text!r}; shown: {tip.is_displayed()}, text: {tip.text!r}",
    )
    return tip


def _tip_index(data: dict[str, Any], sentence: str) -> int:
    return next(i for i, tip in enumerate(data["tips"]) if any(sentence in line for _, line in tip))


def test_graph_page_renders_nodes_and_shows_the_sentence_on_edge_hover(
    chrome: Any, store: Path, tmp_path: Path, output_dir: Path
) -> None:
    out = tmp_path / "graph.html"
    data = _viz(store, out)
    chrome.get(out.as_uri())
    circles = chrome.find_elements("css selector", "g.node circle")
    assert len(circles) == len(data["nodes"]) == 5
    assert all(c.is_displayed() and c.size["width"] > 0 for c in circles)
    labels = {t.text for t in chrome.find_elements("css selector", "g.node text")}
    assert labels == {"Russia", "Ukraine", "Belarus", "United States", "Vladimir Putin"}
    assert len(chrome.find_elements("css selector", "path.hit")) == len(data["edges"]) == 4
    assert not chrome.find_element("id", "tip").is_displayed()
    strokes = chrome.execute_script(
        "return [...document.querySelectorAll('path.edge')].map(e=>getComputedStyle(e).stroke)"
    )
    # Red for material conflict (the attack), greens for the support, aid and meeting.
    assert sorted(strokes) == sorted(
        ["rgb(215, 48, 39)", "rgb(102, 189, 99)", "rgb(26, 152, 80)", "rgb(102, 189, 99)"]
    )

    edge = chrome.find_element("css selector", f'path.hit[data-i="{_tip_index(data, ATTACK)}"]')
    _hover(chrome, edge)
    tip = _tip(chrome, ATTACK)
    assert "Russia –attacks→ Ukraine" in tip.text and "ASSAULT (material conflict)" in tip.text
    assert chrome.execute_script("return document.querySelectorAll('#tip b, #tip script').length") == 0
    chrome.save_screenshot(str(output_dir / "viz-graph-hover.png"))

    edge = chrome.find_element("css selector", f'path.hit[data-i="{_tip_index(data, AID)}"]')
    _hover(chrome, edge)
    _tip(chrome, AID)

    # Zoom: the + button scales the scene; nothing was fetched from anywhere.
    chrome.find_element("id", "zin").click()
    assert "scale(1.3)" in chrome.find_element("id", "scene").get_attribute("transform")
    assert chrome.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_dyad_timeline_page_shows_each_assertion_on_hover(
    chrome: Any, store: Path, tmp_path: Path, output_dir: Path
) -> None:
    out = tmp_path / "dyad.html"
    data = _viz(store, out, "--dyad", "Russia", "Ukraine")
    chrome.get(out.as_uri())
    marks = chrome.find_elements("css selector", "rect.mark")
    assert len(marks) == len(data["marks"]) == 2  # the attack and the intended talk
    assert data["months"] == ["2022-02", "2022-04"]
    intended = chrome.find_element("css selector", f'rect[data-i="{_tip_index(data, "wants to talk")}"]')
    assert intended.get_attribute("fill") == "#ffffff"  # hollow: intended, not counted
    _hover(chrome, intended)
    tip = _tip(chrome, "Russia wants to talk with Ukraine.")
    assert "not counted" in tip.text
    chrome.save_screenshot(str(output_dir / "viz-dyad-hover.png"))
