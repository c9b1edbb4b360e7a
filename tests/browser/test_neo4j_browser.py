"""Neo4j Browser, in headless Chromium, plays the kg_builder guide and runs a curated query.

The path a person takes: open the link ``kg neo4j guide`` prints, connect, pick
``who_assaults`` in the guide's contents, click the play icons of its ``:param`` block
and of the query, and read the answer in the result table. The store loaded first says
Russia invaded and bombed Ukraine (two articles) and that Belarus did *not* attack it,
so the table must show Russia with both acts and no Belarus.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg_builder.neo4j.browser import GuideServer, params_command, style_command
from kg_builder.neo4j.connection import Neo4jSettings
from kg_builder.neo4j.queries import get_query, list_queries

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

WAIT = 60.0  # seconds; a cold Chromium and Browser's first Bolt handshake are slow in CI
QUERY = "who_assaults"


def _wait(chrome: Any, what: str, probe: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Poll ``probe`` until it returns something truthy; fail saying what never appeared."""
    from selenium.common.exceptions import (
        ElementClickInterceptedException,
        ElementNotInteractableException,
        NoSuchElementException,
        StaleElementReferenceException,
    )

    transient = (
        ElementClickInterceptedException,
        ElementNotInteractableException,
        NoSuchElementException,
        StaleElementReferenceException,
    )

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except transient as exc:
            last = exc  # Browser is still rendering, or re-renders frames as results stream

        time.sleep(0.25)
    body = chrome.find_element("css selector", "body").text
    pytest.fail(
        f"Neo4j Browser never showed {what} within {timeout:.0f} s "
        f"(last: {type(last).__name__ if last else 'nothing matched'}).\n"
        f"Page text:\n{body[-3000:]}",
        pytrace=False,
    )


def _frames(chrome: Any) -> list[tuple[str, Any]]:
    """(command, element) of every frame in Browser's stream, newest first."""
    out = []
    for frame in chrome.find_elements("css selector", "[data-testid=frame]"):
        commands = frame.find_elements("css selector", "[data-testid=frameCommand]")
        out.append((commands[0].text.strip() if commands else "", frame))
    return out


def _frame(chrome: Any, what: str, match: Callable[[str, Any], bool]) -> Any:
    def probe() -> Any:
        for command, frame in _frames(chrome):
            if match(command, frame):
                return frame
        return None

    return _wait(chrome, what, probe)


def _ready(chrome: Any, css: str) -> Any:
    """The element ``css`` once it is shown and enabled (Browser animates its forms in)."""
    element = chrome.find_element("css selector", css)
    return element if element.is_displayed() and element.is_enabled() else None


def _click(chrome: Any, what: str, element: Any) -> None:
    """Click, retrying while the element is still covered or not yet interactable."""
    _wait(chrome, what, lambda: element.click() or True)


def _table(frame: Any) -> list[dict[str, str]]:
    """The rows of a result frame's table view, as {column: cell text}."""
    contents = frame.find_element("css selector", "[data-testid=frameContents]")
    header = [th.text.strip() for th in contents.find_elements("css selector", "th")]
    rows = []
    for tr in contents.find_elements("css selector", "tbody tr"):
        cells = [td.text.strip() for td in tr.find_elements("css selector", "td")]
        # Browser puts the row number in a first cell of its own.
        rows.append(dict(zip(header, cells[-len(header) :], strict=True)))
    return rows


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _connect(chrome: Any, settings: Neo4jSettings) -> None:
    def fill() -> bool:
        address = _ready(chrome, "input[data-testid=boltaddress]")
        user = _ready(chrome, "input[data-testid=username]")
        password = _ready(chrome, "input[data-testid=password]")
        if not (address and user and password):
            return False
        address.clear()
        address.send_keys(settings.uri)
        user.clear()
        user.send_keys(settings.user)
        password.clear()
        password.send_keys(settings.password)
        return True

    _wait(chrome, "the connect form", fill)
    _click(chrome, "the Connect button", chrome.find_element("css selector", "[data-testid=connect]"))
    _wait(
        chrome,
        f"'You are connected as user {settings.user}'",
        lambda: "You are connected as user" in chrome.find_element("css selector", "body").text,
    )


def _open_guide(chrome: Any, browser_url: str, settings: Neo4jSettings, guide: GuideServer) -> Any:
    """Open the link `kg neo4j guide` prints, connect, and return the contents frame."""
    chrome.get(guide.browser_link(browser_url))
    _connect(chrome, settings)
    contents = _frame(
        chrome,
        "the guide's contents",
        lambda command, frame: command == guide.play_command and "kg_builder: curated queries" in frame.text,
    )
    chrome.execute_script("arguments[0].scrollIntoView(true)", contents)
    return contents


def _open_slide(chrome: Any, contents: Any, guide: GuideServer, name: str) -> Any:
    """Click the contents entry of query ``name``; return the frame of its slide."""
    names = [q.name for q in list_queries()]
    slide = names.index(name) + 2  # Browser counts slides from 1; slide 1 is the contents
    # The contents entry's play icon opens the query's slide in a new frame. Browser may
    # still be shifting its layout under the first click (its usage-data banner slides in
    # on a fresh profile), so the click is repeated every 5 s until the slide is there.
    entry = contents.find_element("css selector", f"a[play-topic$='#slide-{slide}']")
    assert entry.text.strip() == name
    icon = entry.find_element("css selector", "i")
    clicked_at = -10.0

    def open_slide() -> Any:
        nonlocal clicked_at
        for command, frame in _frames(chrome):
            if command == f"{guide.play_command}#slide-{slide}" and (
                f"{slide} / {len(names) + 1}" in frame.text
            ):
                return frame
        if time.monotonic() - clicked_at > 5:
            chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", icon)
            icon.click()
            clicked_at = time.monotonic()
        return None

    return _wait(chrome, f"slide {slide} ({name})", open_slide)


def _run_slide(chrome: Any, slide_frame: Any, name: str) -> Any:
    """Run the slide's :param block, then its query; return the result frame."""
    query = get_query(name)
    params = slide_frame.find_element("css selector", f"pre[data-params={name}]")
    assert _flat(params.text) == _flat(params_command(query) or "")
    shown = slide_frame.find_element("css selector", f"pre[data-query={name}]")
    assert _flat(shown.text) == _flat(query.text)
    _click(chrome, "the :param block's play icon", params.find_element("css selector", "i"))
    _frame(
        chrome,
        "the :param frame saying the parameters are set",
        lambda command, frame: (
            command.startswith(":param") and "Successfully set your parameters" in frame.text
        ),
    )
    _click(chrome, "the query block's play icon", shown.find_element("css selector", "i"))
    first_line = query.text.strip().splitlines()[0]
    return _frame(
        chrome,
        f"the {name} result",
        # A table says "Started streaming N records", the graph view "Displaying N nodes".
        lambda command, frame: (
            command.startswith(first_line)
            and any(done in frame.text.lower() for done in ("started streaming", "displaying"))
        ),
    )


def test_guide_runs_a_curated_query_in_neo4j_browser(
    chrome: Any,
    browser_url: str,
    neo4j_settings: Neo4jSettings,
    loaded_graph: Path,
    guide_server: GuideServer,
    output_dir: Path,
) -> None:
    contents = _open_guide(chrome, browser_url, neo4j_settings, guide_server)
    chrome.save_screenshot(str(output_dir / "guide-contents.png"))
    slide_frame = _open_slide(chrome, contents, guide_server, QUERY)
    # The slide shows exactly what `kg query` runs, then runs it: parameters first.
    result = _run_slide(chrome, slide_frame, QUERY)
    _click(
        chrome,
        "the Table view button",
        result.find_element("css selector", "[data-testid=cypherFrameSidebarTable]"),
    )
    table = _wait(
        chrome,
        "the result table",
        lambda: result.find_element("css selector", "[data-testid=frameContents]").text,
    )
    chrome.execute_script("arguments[0].scrollIntoView(true)", result)
    chrome.save_screenshot(str(output_dir / f"{QUERY}.png"))
    result.screenshot(str(output_dir / f"{QUERY}-result-frame.png"))

    rows = _table(result)
    assert rows, f"the result table has no rows:\n{table}"
    # One row per attacker: Russia, with both acts and both articles; the negated
    # Belarus attack must not be there.
    assert [row["attacker"] for row in rows] == ['"Russia"'], rows
    (row,) = rows
    assert row["target"] == '"Ukraine"', row
    assert row["predicates"] in ('["invades", "bombs"]', '["bombs", "invades"]'), row
    assert (row["assertions"], row["sources"]) == ("2", "2"), row
    assert "Belarus" not in table, f"a negated attack was listed:\n{table}"
    assert "Started streaming 1 records" in result.text, result.text


#: Fill colours of node types in cypher/browser/style.grass.
COUNTRY, PERSON = "#4c8eda", "#f79767"


def _svg_graph(result: Any) -> dict[str, Any] | None:
    """The drawn graph of a result frame: node captions with their fill colour, and the
    relationship captions; None until Browser has drawn the nodes."""
    nodes = result.find_elements("css selector", "svg g.node")
    if not nodes:
        return None
    drawn = {}
    for node in nodes:
        caption = " ".join(
            t.text.strip() for t in node.find_elements("css selector", "text") if t.text.strip()
        )
        fill = node.find_element("css selector", "circle.b-outline").get_attribute("fill")
        drawn[caption] = (fill or "").lower()
    captions = sorted(
        t.text.strip()
        for t in result.find_elements("css selector", "svg g.relationship text")
        if t.text.strip()
    )
    if "" in drawn or not captions:
        return None  # captions are laid out after the circles
    return {"nodes": drawn, "relationships": captions}


def test_guide_style_and_graph_query_draw_the_ego_network(
    chrome: Any,
    browser_url: str,
    neo4j_settings: Neo4jSettings,
    loaded_graph: Path,
    guide_server: GuideServer,
    output_dir: Path,
) -> None:
    contents = _open_guide(chrome, browser_url, neo4j_settings, guide_server)
    # The contents slide's :style block applies the kg_builder style sheet.
    style = contents.find_element("css selector", "pre[data-style=kg_builder]")
    assert _flat(style.text) == _flat(style_command())
    _click(chrome, "the :style block's play icon", style.find_element("css selector", "i"))
    _frame(chrome, "the :style frame", lambda command, frame: command.startswith(":style"))

    slide_frame = _open_slide(chrome, contents, guide_server, "ego_network")
    result = _run_slide(chrome, slide_frame, "ego_network")  # actor Russia, the guide's example
    graph = _wait(chrome, "the drawn graph (svg nodes with captions)", lambda: _svg_graph(result))
    chrome.execute_script("arguments[0].scrollIntoView(true)", result)
    chrome.save_screenshot(str(output_dir / "ego_network.png"))
    result.screenshot(str(output_dir / "ego_network-graph-frame.png"))

    # Russia's two steps: Ukraine (invaded, bombed), Putin (its president), Belarus (which
    # Putin visited), each node coloured by its type and captioned by its label.
    assert graph["nodes"] == {
        "Russia": COUNTRY,
        "Ukraine": COUNTRY,
        "Belarus": COUNTRY,
        "Vladimir Putin": PERSON,
    }, graph
    # Relationships are captioned by predicate. Browser also draws the relationships
    # between the nodes on screen ("Connect result nodes", on by default), hence the
    # negated Belarus attack may appear too.
    assert {"invades", "bombs", "holdsRole", "visits"} <= set(graph["relationships"]), graph
    assert set(graph["relationships"]) <= {"invades", "bombs", "holdsRole", "visits", "attacks"}, graph
