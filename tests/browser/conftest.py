"""Fixtures for the Neo4j Browser tests: headless Chromium (Selenium) against a real server.

Needs Debian's ``chromium`` and ``chromium-driver`` (``scripts/install-browser-deps``),
the ``selenium`` package (test extra) and the Neo4j test server
(``scripts/neo4j-test-server``). Nothing is downloaded at test time: Selenium gets the
driver's path, so its driver manager never runs.

Environment:

* the test server, as in tests/integration (``KG_TEST_NEO4J_BOLT_PORT``, 17687;
  ``KG_TEST_NEO4J_PASSWORD``, kg-test-password; see kg_builder/neo4j/testserver.py);
* ``KG_TEST_NEO4J_BROWSER_URL`` (http://127.0.0.1:17474/browser/, from
  ``KG_TEST_NEO4J_HTTP_PORT``): its Neo4j Browser;
* ``KG_CHROMIUM`` (/usr/bin/chromium), ``KG_CHROMEDRIVER`` (/usr/bin/chromedriver);
* ``KG_SKIP_BROWSER=1`` skips the ``browser`` tests (and ``KG_SKIP_NEO4J=1``, since
  they need the server too); nothing else does. A missing Chromium, driver, selenium
  or server fails them, so CI cannot pass without running them.

Screenshots go to ``test-output/browser/`` at the repository root (CI keeps it), one
per test step that matters and one ``FAILED-<test>.png`` when a test fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kg_builder import testing
from kg_builder.models import ArticleResult, Entity
from kg_builder.neo4j.connection import Neo4jSettings, connect
from kg_builder.neo4j.testserver import configured
from kg_builder.rdf.store import GraphStore

DEFAULT_BROWSER_URL = configured().browser_url
OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "browser"

# The flags that work for headless Chromium here (root, no GPU, no network but loopback).
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)

_INSTALL_HINT = (
    "Run `scripts/install-browser-deps` (installs Debian's chromium and chromium-driver), "
    "or set KG_SKIP_BROWSER=1 to skip the Neo4j Browser tests deliberately."
)


def _skip_browser() -> bool:
    return os.environ.get("KG_SKIP_BROWSER") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every ``browser``-marked test when, and only when, KG_SKIP_BROWSER=1."""
    if not _skip_browser():
        return
    marker = pytest.mark.skip(reason="KG_SKIP_BROWSER=1")
    for item in items:
        # The marker, not item.keywords: "browser" is also this directory's name.
        if item.get_closest_marker("browser") is not None:
            item.add_marker(marker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember each phase's report on the item, so fixtures can see a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# ----------------------------------------------------------------------------- the data

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q184": Entity("wd:Q184", "Belarus", "Country", "Q184"),
    "wd:Q7747": Entity("wd:Q7747", "Vladimir Putin", "Person", "Q7747"),
}


FORMS = {"wd:Q159": ("Russia",), "wd:Q212": ("Ukraine",), "wd:Q184": ("Belarus",), "wd:Q7747": ("Putin",)}


def _article(source: str, published: str, sentences: list[tuple[str, list[testing.Fact]]]) -> ArticleResult:
    return testing.make_article(
        source, sentences, entities=ENTITIES, forms=FORMS, published=published, title=source
    )


ARTICLES = (
    _article(
        "browser-en-invasion",
        "2022-02-24",
        [
            (
                "Russia invaded Ukraine on 24 February 2022.",
                [("wd:Q159", "invades", "wd:Q212", "positive", {})],
            ),
            ("Putin called it a special operation.", []),
            ("Putin is the president of Russia.", [("wd:Q7747", "holdsRole", "wd:Q159", "positive", {})]),
            ("Putin visited Belarus.", [("wd:Q7747", "visits", "wd:Q184", "positive", {})]),
        ],
    ),
    _article(
        "browser-en-strikes",
        "2022-03-01",
        [
            ("Russia bombed Ukraine again overnight.", [("wd:Q159", "bombs", "wd:Q212", "positive", {})]),
            ("Belarus did not attack Ukraine.", [("wd:Q184", "attacks", "wd:Q212", "negative", {})]),
        ],
    ),
)


def build_store(path: Path) -> Path:
    """A small store: Russia invades and bombs Ukraine; Belarus's attack is negated; Putin
    is Russia's president and visited Belarus."""
    return testing.write_store(path, ARTICLES, ENTITIES)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """``test-output/browser/`` at the repository root, created."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture(scope="session")
def browser_url() -> str:
    """Neo4j Browser of the test server."""
    return os.environ.get("KG_TEST_NEO4J_BROWSER_URL", DEFAULT_BROWSER_URL)


@pytest.fixture(scope="session")
def loaded_graph(neo4j_settings: Neo4jSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small store, loaded with ``load_store`` into a wiped test database."""
    from kg_builder.neo4j.loader import load_store

    path = build_store(tmp_path_factory.mktemp("browser") / "store")
    with GraphStore(path, read_only=True) as store, connect(neo4j_settings) as driver:
        report = load_store(store, driver, database=neo4j_settings.database, wipe=True)
    assert report.assertions == sum(len(a.assertions) for a in ARTICLES)
    return path


def _chromium_paths() -> tuple[str, str]:
    chromium = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
    driver = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
    missing = [p for p in (chromium, driver) if not (os.path.isfile(p) and os.access(p, os.X_OK))]
    if missing:
        where = " (CI)" if os.environ.get("CI") else ""
        pytest.fail(f"Missing{where}: {', '.join(missing)}. {_INSTALL_HINT}", pytrace=False)
    return chromium, driver


def _resolver_rules() -> str:
    """Resolve only the test's own hosts: Neo4j Browser also asks for web fonts, error
    reporting and analytics on the internet, which a test must not reach."""
    hosts = {"localhost", "127.0.0.1"}
    for url in (
        os.environ.get("KG_TEST_NEO4J_BROWSER_URL", DEFAULT_BROWSER_URL),
        configured().uri,
    ):
        if urlsplit(url).hostname:
            hosts.add(urlsplit(url).hostname)
    return "--host-resolver-rules=MAP * ~NOTFOUND , " + " , ".join(
        f"EXCLUDE {host}" for host in sorted(hosts)
    )


@pytest.fixture
def chrome(request: pytest.FixtureRequest, output_dir: Path) -> Iterator[Any]:
    """Headless Chromium driven by Selenium, with a fresh profile; quit afterwards.

    On a failed test the last page is saved as ``test-output/browser/FAILED-<test>.png``.
    """
    if _skip_browser():
        pytest.skip("KG_SKIP_BROWSER=1")
    chromium, driver_path = _chromium_paths()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail(
            "selenium is not installed: `pip install -e '.[test]'` (it is a test extra).",
            pytrace=False,
        )
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, _resolver_rules(), f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            driver.save_screenshot(str(output_dir / f"FAILED-{request.node.name}.png"))
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def guide_server() -> Iterator[Any]:
    """The kg_builder guide, served on a free localhost port for the test."""
    from kg_builder.neo4j.browser import serve_guide

    with serve_guide(0) as server:
        yield server
