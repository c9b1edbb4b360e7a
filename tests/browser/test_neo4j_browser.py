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

from kg_builder.neo4j.browser import GuideServer, params_command
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


def test_guide_runs_a_curated_query_in_neo4j_browser(
    chrome: Any,
    browser_url: str,
    neo4j_settings: Neo4jSettings,
    loaded_graph: Path,
    guide_server: GuideServer,
    output_dir: Path,
) -> None:
    query = get_query(QUERY)
    names = [q.name for q in list_queries()]
    slide = names.index(QUERY) + 2  # Browser counts slides from 1; slide 1 is the contents

    # The link `kg neo4j guide` prints opens Browser and plays the guide.
    chrome.get(guide_server.browser_link(browser_url))
    _connect(chrome, neo4j_settings)
    contents = _frame(
        chrome,
        "the guide's contents",
        lambda command, frame: (
            command == guide_server.play_command and "kg_builder: curated queries" in frame.text
        ),
    )
    chrome.execute_script("arguments[0].scrollIntoView(true)", contents)
    chrome.save_screenshot(str(output_dir / "guide-contents.png"))

    # The contents entry's play icon opens the query's slide in a new frame. Browser may
    # still be shifting its layout under the first click (its usage-data banner slides in
    # on a fresh profile), so the click is repeated every 5 s until the slide is there.
    entry = contents.find_element("css selector", f"a[play-topic$='#slide-{slide}']")
    assert entry.text.strip() == QUERY
    icon = entry.find_element("css selector", "i")
    clicked_at = -10.0

    def open_slide() -> Any:
        nonlocal clicked_at
        for command, frame in _frames(chrome):
            if command == f"{guide_server.play_command}#slide-{slide}" and (
                f"{slide} / {len(names) + 1}" in frame.text
            ):
                return frame
        if time.monotonic() - clicked_at > 5:
            chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", icon)
            icon.click()
            clicked_at = time.monotonic()
        return None

    slide_frame = _wait(chrome, f"slide {slide} ({QUERY})", open_slide)

    # The slide shows exactly what `kg query` runs, then runs it: parameters first.
    params = slide_frame.find_element("css selector", f"pre[data-params={QUERY}]")
    assert _flat(params.text) == _flat(params_command(query) or "")
    shown = slide_frame.find_element("css selector", f"pre[data-query={QUERY}]")
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
    result = _frame(
        chrome,
        f"the {QUERY} result",
        lambda command, frame: command.startswith(first_line) and "started streaming" in frame.text.lower(),
    )
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
