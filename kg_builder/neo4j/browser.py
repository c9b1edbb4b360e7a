"""A Neo4j Browser guide that puts every curated query one click away.

Neo4j Browser 5 plays guides from a URL: ``:play <url>`` shows them as a frame of
slides, ``:guide <url>`` in the side drawer, and opening
``http://127.0.0.1:7474/browser/?cmd=play&arg=<url>`` does the former at once. Browser
fetches the guide from the page itself, so:

* the host must be on the server's ``browser.remote_content_hostname_whitelist``
  (Neo4j 5.26's name for it; its default ``guides.neo4j.com,localhost`` already allows
  ``localhost``, so the guide is served as ``http://localhost:<port>/`` and neo4j.conf
  needs nothing);
* the guide server must answer CORS, including the preflight that Browser's
  ``pragma``/``cache-control`` request headers cause.

In a slide, every ``<pre class="runnable">`` gets a play icon: clicking the icon runs
the block in a new frame, clicking the text copies it into the editor to be changed
first. Each query slide holds two such blocks, a ``:param`` command (declared defaults,
and example values for required parameters; see :func:`params_command`) and the query.
Both come from ``cypher/queries/*.cypher`` through
:func:`kg_builder.neo4j.queries.list_queries`, so the guide always shows what
``kg query`` runs.
"""

from __future__ import annotations

import html
import json
import re
import threading
import webbrowser
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import click

from kg_builder.errors import Neo4jError, QueryError
from kg_builder.neo4j.queries import CuratedQuery, bind_params, list_queries
from kg_builder.resources import resource_dir

__all__ = [
    "DEFAULT_BROWSER_URL",
    "DEFAULT_GUIDE_PORT",
    "EXAMPLE_VALUES",
    "GUIDE_HOST",
    "GUIDE_NAME",
    "GuideServer",
    "browser_link",
    "cypher_literal",
    "guide_command",
    "params_command",
    "render_guide",
    "serve_guide",
    "style_command",
    "write_guide",
]

GUIDE_NAME = "kg_builder.html"
#: The host name in the guide's URL: on Neo4j's default remote-content whitelist.
GUIDE_HOST = "localhost"
#: Where the guide server listens: loopback only, like the Neo4j test server.
LISTEN_HOST = "127.0.0.1"
DEFAULT_GUIDE_PORT = 8474
DEFAULT_BROWSER_URL = "http://127.0.0.1:7474/browser/"
DEFAULT_TITLE = "kg_builder: curated queries"

#: Values shown for parameters a query requires (it has no default for them). The user
#: edits them in the ``:param`` block; ``kg neo4j guide --example`` replaces them.
EXAMPLE_VALUES: dict[str, Any] = {"actor": "Russia", "target": "Ukraine"}
_EMPTY: dict[str, Any] = {"string": "", "int": 0, "float": 0.0, "bool": False, "list": []}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Attributes of a runnable block; Browser keys on class="runnable", the rest says Cypher.
_PRE = 'mode="cypher" lang="cypher"'


# What Neo4j Browser's cleanHtml() deletes from a guide before showing it (the same
# regular expressions, src/shared/services/remoteUtils.ts): event-handler attributes,
# script elements and javascript: links. They apply to the raw text, query text
# included, so render_guide() checks that none of them matches anything.
_BROWSER_STRIPS: tuple[re.Pattern[str], ...] = (
    re.compile(r"""(\s+(on[^\s=]+)[^\s=]*\s*=\s*("[^"]*"|'[^']*'|[\w\-.:]+\s*))""", re.I | re.A),
    re.compile(r"<script\b[^<]*(?:(?!</script>)<[^<]*)*(</script>)?", re.I),
    re.compile(r'href=".*javascript:[^"]*"'),
    re.compile(r"href='.*javascript:[^']*'"),
)


# ----------------------------------------------------------------------------- rendering


def cypher_literal(value: Any) -> str:
    """``value`` as a Cypher literal (strings double-quoted and escaped, maps, lists)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # JSON's string escapes (\" \\ \n \uXXXX) are all valid in Cypher strings.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise QueryError(f"cannot write {value!r} ({type(value).__name__}) as a Cypher literal")


def _key(name: Any) -> str:
    name = str(name)
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def params_command(query: CuratedQuery, examples: Mapping[str, Any] | None = None) -> str | None:
    """The Browser command that sets ``query``'s parameters; None when it takes none.

    It is ``:param [{a, b}] => { RETURN <a> AS a, <b> AS b }``: one command, evaluated
    by the server, so ``limit: 25`` stays an integer. (``:params {limit: 25}`` is parsed
    by Browser's JavaScript and sends 25.0, which ``LIMIT`` refuses.) Optional parameters
    get their declared default unless ``examples`` names them; required ones get
    ``examples``, else :data:`EXAMPLE_VALUES`, else an empty value of their type. Values
    are typed as the query declares them (``"5"`` -> ``5``).
    """
    if not query.params:
        return None
    chosen = dict(examples or {})
    given: dict[str, Any] = {}
    for p in query.params:
        if p.name in chosen:
            given[p.name] = chosen[p.name]
        elif p.required:
            given[p.name] = EXAMPLE_VALUES.get(p.name, _EMPTY[p.type])
    bound = bind_params(query, given)
    names = [_key(p.name) for p in query.params]
    values = ", ".join(f"{cypher_literal(bound[p.name])} AS {_key(p.name)}" for p in query.params)
    return f":param [{{{', '.join(names)}}}] => {{ RETURN {values} }}"


def browser_style() -> str:
    """The Browser style sheet (GraSS) shipped in ``cypher/browser/style.grass``: nodes
    coloured by entity type (and ``Article``), captioned by ``label`` (``doc``),
    relationships captioned by their ``predicate``."""
    return (resource_dir("cypher") / "browser" / "style.grass").read_text(encoding="utf-8")


def style_command() -> str:
    """The Browser command that applies :func:`browser_style`: ``:style`` and the sheet on
    one line (Browser reads the command's argument as the new style sheet)."""
    return ":style " + " ".join(line.strip() for line in browser_style().splitlines() if line.strip())


def _template() -> str:
    return (resource_dir("cypher") / "browser" / "guide.html").read_text(encoding="utf-8")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _cli_line(query: CuratedQuery, examples: Mapping[str, Any]) -> str:
    parts = ["kg", "query", query.name]
    for p in query.params:
        if p.required:
            value = examples.get(p.name, EXAMPLE_VALUES.get(p.name, ""))
            shown = str(value)
            parts.append(
                f"--param {p.name}="
                + (shown if _IDENTIFIER.match(shown) else "'" + shown.replace("'", "'\\''") + "'")
            )
    return " ".join(parts)


def _intro_slide(queries: Sequence[CuratedQuery], guide_url: str | None, title: str) -> str:
    rows = []
    # Slides count from 1 in Browser's `#slide-N`; this contents slide is number 1.
    for number, q in enumerate(queries, start=2):
        name = f"<code>{_e(q.name)}</code>"
        if guide_url:
            # play-topic runs `:play <url>#slide-N`: Browser shows that slide of the guide.
            name = f'<a play-topic="{_e(guide_url)}#slide-{number}">{_e(q.name)}</a>'
        rows.append(f'<tr><td style="white-space: nowrap">{name}</td><td>{_e(q.description)}</td></tr>')
    return f"""<slide class="row-fluid" data-query="">
  <div class="col-sm-12">
    <h3>{_e(title)}</h3>
    <p class="lead">The analyst queries of <code>kg query</code>, one slide each. On every
    slide, click the <i class="fa fa-play-circle-o"></i> icon of the <code>:param</code>
    block, then of the query: each runs at once. Click the text of a block instead to copy
    it into the editor and change it first (e.g. another actor).</p>
    <p>First apply the kg_builder style: entities coloured by type, articles pink,
    relationships captioned by their predicate. It stays in this browser until
    <code>:style reset</code>. The graph queries (<code>ego_network</code>,
    <code>evidence_path</code>, <code>community</code>, <code>dyad</code>) are then drawn
    with it; click a relationship to read its evidence sentence.</p>
    <pre class="runnable" {_PRE} data-style="kg_builder">{_e(style_command())}</pre>
    <p>Move between slides with the controls below them, or click the
    <i class="fa fa-play-circle-o"></i> before a query's name to open its slide in a new
    frame.</p>
    <table class="table-condensed">
      <tr><th>query</th><th>what it shows</th></tr>
      {"".join(rows)}
    </table>
    <p>The whole graph's shape:</p>
    <pre class="runnable" {_PRE}>CALL db.schema.visualization()</pre>
  </div>
</slide>"""


def _query_slide(query: CuratedQuery, examples: Mapping[str, Any]) -> str:
    params = params_command(query, examples)
    if query.params:
        rows = "".join(
            f"<tr><td><code>{_e(p.name)}</code></td><td>{_e(p.type)}</td>"
            f"<td>{'required' if p.required else _e(cypher_literal(p.default))}</td>"
            f"<td>{_e(p.description)}</td></tr>"
            for p in query.params
        )
        param_part = f"""
    <table class="table-condensed">
      <tr><th>parameter</th><th>type</th><th>default</th><th></th></tr>
      {rows}
    </table>
    <p>1. Set the parameters (click the text to change a value in the editor first):</p>
    <pre class="runnable" {_PRE} data-params="{_e(query.name)}">{_e(params)}</pre>
    <p>2. Run the query:</p>"""
    else:
        param_part = "\n    <p>The query takes no parameters:</p>"
    text = query.text.strip()
    return f"""<slide class="row-fluid" data-query="{_e(query.name)}">
  <div class="col-sm-12">
    <h3>{_e(query.name)}</h3>
    <p class="lead">{_e(query.description)}</p>{param_part}
    <pre class="runnable" {_PRE} data-query="{_e(query.name)}">{_e(text)}</pre>
    <p>The same from a terminal: <code>{_e(_cli_line(query, examples))}</code></p>
  </div>
</slide>"""


def render_guide(
    queries: Sequence[CuratedQuery] | None = None,
    *,
    examples: Mapping[str, Any] | None = None,
    guide_url: str | None = None,
    title: str = DEFAULT_TITLE,
) -> str:
    """The guide's HTML: a contents slide, then one slide per curated query.

    ``queries`` defaults to every curated query (:func:`list_queries`). ``examples``
    overrides :data:`EXAMPLE_VALUES`; a name that no query takes raises QueryError.
    ``guide_url``, when the guide's final URL is known, makes the contents clickable.
    """
    queries = list(list_queries() if queries is None else queries)
    examples = dict(examples or {})
    known = {p.name for q in queries for p in q.params}
    unknown = sorted(set(examples) - known)
    if unknown:
        raise QueryError(
            f"no curated query takes the parameter {', '.join(unknown)}; they take {', '.join(sorted(known))}"
        )
    slides = [_intro_slide(queries, guide_url, title)]
    slides += [_query_slide(q, examples) for q in queries]
    for name, slide in zip(["contents", *(q.name for q in queries)], slides, strict=True):
        _check_survives_browser(slide, name)
    template = _template()
    _check_survives_browser(template, "the page around the slides (cypher/browser/guide.html)")
    page = template.replace("{{title}}", _e(title))
    return page.replace("{{slides}}", "\n".join(slides))


def _check_survives_browser(text: str, name: str) -> None:
    for pattern in _BROWSER_STRIPS:
        match = pattern.search(text)
        if match is not None:
            raise QueryError(
                f"the guide slide {name!r} holds {match[0][:60]!r}, which Neo4j Browser "
                "deletes from guides (it looks like an event handler, a script or a "
                "javascript: link); reword the query or its header so the guide shows it whole"
            )


def write_guide(
    path: Path | str,
    *,
    examples: Mapping[str, Any] | None = None,
    guide_url: str | None = None,
) -> Path:
    """Write the guide to ``path`` (a file, or a directory to hold ``kg_builder.html``).

    Serve it from a host on the server's remote-content whitelist, with CORS allowed
    (``Access-Control-Allow-Origin: *`` and the preflight), or use :func:`serve_guide`.
    """
    target = Path(path)
    if target.is_dir():
        target = target / GUIDE_NAME
    text = render_guide(examples=examples, guide_url=guide_url)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Neo4jError(f"cannot write the Neo4j Browser guide to {target}: {exc}") from exc
    return target


def browser_link(guide_url: str, *, browser_url: str = DEFAULT_BROWSER_URL) -> str:
    """A Neo4j Browser URL that plays ``guide_url`` once Browser is connected."""
    # The whole argument is escaped: an unescaped '#' would end Browser's own URL.
    return f"{browser_url}?cmd=play&arg={quote(guide_url, safe=':/')}"


# ----------------------------------------------------------------------------- serving


class _GuideHandler(BaseHTTPRequestHandler):
    server_version = "kg_builder-guide"
    server: _GuideHTTPServer

    def _cors(self) -> None:
        # Browser fetches the guide from its own origin (http://127.0.0.1:7474), with
        # pragma and cache-control headers: a CORS preflight first, then the GET.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers",
            self.headers.get("Access-Control-Request-Headers") or "pragma, cache-control",
        )
        # Chromium's Private Network Access preflights ask for this when a page on one
        # loopback origin reads another; harmless elsewhere.
        self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Access-Control-Max-Age", "600")

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, *, body: bool) -> None:
        path = urlsplit(self.path).path
        if path not in ("/", f"/{GUIDE_NAME}"):
            data = f"Not found. The guide is at /{GUIDE_NAME}\n".encode()
            self.send_response(HTTPStatus.NOT_FOUND)
            content_type = "text/plain; charset=utf-8"
        else:
            data = self.server.page
            self.send_response(HTTPStatus.OK)
            content_type = "text/html; charset=utf-8"
        self._cors()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


class _GuideHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    page: bytes = b""
    log: Any = None


class GuideServer:
    """The guide served over HTTP on the loopback interface, as Neo4j Browser needs it.

    Use :func:`serve_guide` to make one. ``url`` is what ``:play`` takes; ``start()``
    serves from a background thread (tests), ``serve_forever()`` in the foreground (CLI).
    """

    def __init__(
        self,
        *,
        port: int = DEFAULT_GUIDE_PORT,
        examples: Mapping[str, Any] | None = None,
        log: Any = None,
    ) -> None:
        try:
            self._httpd = _GuideHTTPServer((LISTEN_HOST, port), _GuideHandler)
        except OSError as exc:
            raise Neo4jError(
                f"cannot serve the Neo4j Browser guide on {LISTEN_HOST}:{port} ({exc.strerror}); "
                "choose another port with --port (0 picks a free one)."
            ) from exc
        self.port: int = self._httpd.server_address[1]
        self._httpd.log = log
        try:
            # Rendered once the port is known: the contents slide links to its own URL.
            self._httpd.page = render_guide(examples=examples, guide_url=self.url).encode()
        except BaseException:
            self._httpd.server_close()
            raise
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The guide's URL, with the whitelisted host name ``localhost``."""
        return f"http://{GUIDE_HOST}:{self.port}/{GUIDE_NAME}"

    @property
    def play_command(self) -> str:
        """What to type in Neo4j Browser's editor: ``:play <url>``."""
        return f":play {self.url}"

    def browser_link(self, browser_url: str = DEFAULT_BROWSER_URL) -> str:
        """A Neo4j Browser URL that opens straight on the guide."""
        return browser_link(self.url, browser_url=browser_url)

    def start(self) -> GuideServer:
        """Serve from a daemon thread and return at once."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="kg-guide-server", daemon=True
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (Ctrl-C) or :meth:`close`."""
        self._httpd.serve_forever()

    def close(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> GuideServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve_guide(
    port: int = DEFAULT_GUIDE_PORT,
    *,
    examples: Mapping[str, Any] | None = None,
    log: Any = None,
) -> GuideServer:
    """Bind the guide server on ``127.0.0.1:port`` (0: a free port); not serving yet.

    ``with serve_guide(0) as guide:`` serves from a thread for the block;
    ``serve_guide().serve_forever()`` serves in the foreground. ``log``, when given, is
    called with one line per request.
    """
    return GuideServer(port=port, examples=examples, log=log)


# ----------------------------------------------------------------------------- command


def _parse_examples(pairs: Sequence[str]) -> dict[str, str]:
    examples: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--example {pair!r} is not NAME=VALUE, e.g. --example actor=Putin")
        examples[key.strip()] = value
    return examples


@click.command("guide")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_GUIDE_PORT,
    show_default=True,
    help="Port of the guide server on localhost (0 picks a free one).",
)
@click.option(
    "--example",
    "examples",
    multiple=True,
    metavar="NAME=VALUE",
    help="Value put in the :param blocks for a parameter; repeatable (default actor=Russia, target=Ukraine).",
)
@click.option(
    "--browser-url",
    default=DEFAULT_BROWSER_URL,
    show_default=True,
    envvar="KG_NEO4J_BROWSER_URL",
    show_envvar=True,
    help="Neo4j Browser's address, for the link that opens it on the guide.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open that link in your web browser too.")
@click.option(
    "--write",
    "write_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Only write the guide's HTML to this file (or directory) and exit, to host it "
    "yourself (the host must be whitelisted and send CORS headers).",
)
@click.option(
    "--url",
    "guide_url",
    default=None,
    help="With --write: the URL the file will be served at (makes its contents clickable).",
)
def guide_command(
    port: int,
    examples: tuple[str, ...],
    browser_url: str,
    open_browser: bool,
    write_path: Path | None,
    guide_url: str | None,
) -> None:
    """Serve a Neo4j Browser guide with every curated query one click away.

    Runs until Ctrl-C. In Neo4j Browser, type the printed `:play http://localhost:PORT/...`
    command, or open the printed link. Each slide has a :param block and the query;
    click a block's play icon to run it, or its text to edit it first.
    """
    values = _parse_examples(examples)
    if write_path is not None:
        target = write_guide(write_path, examples=values, guide_url=guide_url)
        click.echo(f"Wrote the Neo4j Browser guide to {target}")
        return
    if guide_url is not None:
        raise click.UsageError("--url only goes with --write (the server knows its own URL).")
    server = serve_guide(port, examples=values)
    link = server.browser_link(browser_url)
    click.echo(f"Serving the kg_builder guide at {server.url} (Ctrl-C to stop).")
    click.echo(f"In Neo4j Browser, run:  {server.play_command}")
    click.echo(f"or open:                {link}")
    if open_browser:
        webbrowser.open(link)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Guide server stopped.")
    finally:
        server.close()
