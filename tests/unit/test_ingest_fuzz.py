"""Property-based fuzzing of ingestion: any .txt, .html or .jsonl gives articles or one skip line each.

Bounded examples; derandomized (a fixed seed, no example database) when ``CI``
is set, so CI runs the same examples every time.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg_builder.errors import IngestError
from kg_builder.ingest import iter_articles
from kg_builder.models import Article, content_hash

IN_CI = bool(os.environ.get("CI"))
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=IN_CI,
    database=None if IN_CI else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Pieces that exercise the cleaner, the HTML extractor and the decoders.
FRAGMENTS = [
    "Russia attacked Ukraine on Monday, the ministry said.",
    "France and Germany signed a treaty in Paris.",
    "Home » World » Europe",
    "Share on Facebook Twitter",
    "Read also: Kremlin",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<p class='x'>",
    "</p>",
    "<br/>",
    "<nav>Home | World | Contact</nav>",
    "<title>",
    "</title>",
    "<html>",
    "<body>",
    "<meta charset='cp1251'>",
    "&amp;nbsp;",
    "&#xd800;",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\x00",
    "\ufeff",
    "é",
    "Москва",
    "\ud800",
]

fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
# Bytes as a careless producer writes them: lone surrogates pass through, other bytes at random.
file_bytes = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=1500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    fragment_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(fragment_text, st.binary(max_size=50)).map(
        lambda p: p[0].encode("utf-8", "surrogatepass") + p[1]
    ),
)

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
record = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(fragment_text, st.text(max_size=300), json_value),
        "id": json_value,
        "url": json_value,
        "title": st.one_of(fragment_text, json_value),
        "published": st.one_of(st.text(max_size=30), st.integers(), json_value),
        "lang": st.one_of(st.sampled_from(["en", "pl", "xx", "eng", "", "en-US"]), json_value),
    },
)
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r).encode()),  # lone surrogates become \\udXXX escapes
    json_value.map(lambda v: json.dumps(v).encode()),
    st.just(b'{"text": "x", "a": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    st.binary(max_size=200).filter(lambda b: b"\n" not in b and b"\r" not in b),
)
jsonl_bytes = st.lists(jsonl_line, max_size=8).map(lambda lines: b"\n".join(lines) + b"\n")


def ingest(name: str, data: bytes) -> tuple[Path, list[Article | IngestError]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return path, list(iter_articles([str(path)]))


def check(path: Path, items: list[Article | IngestError]) -> None:
    for item in items:
        if isinstance(item, IngestError):
            message = str(item)
            assert "\n" not in message, message
            assert message.startswith(str(path)), message
        else:
            assert isinstance(item, Article)
            assert item.text and item.text.encode("utf-8")
            assert item.id == content_hash(item.text)


@FUZZ
@given(data=file_bytes)
def test_any_text_file_gives_one_article_or_one_line(data: bytes) -> None:
    path, items = ingest("story.txt", data)
    assert len(items) == 1
    check(path, items)


@FUZZ
@given(data=file_bytes)
def test_any_html_file_gives_one_article_or_one_line(data: bytes) -> None:
    path, items = ingest("page.html", b"<html><body>" + data if data[:1] == b"<" else data)
    assert len(items) == 1
    check(path, items)


@FUZZ
@given(data=jsonl_bytes)
def test_any_jsonl_file_gives_one_item_per_line(data: bytes) -> None:
    path, items = ingest("feed.jsonl", data)
    lines = [line for line in data.split(b"\n") if line.strip()]
    # One article or one error per non-blank line; a file of blank lines is one error.
    assert len(items) == max(1, len(lines)) or (b"\x00" in data[:8192] and len(items) == 1)
    check(path, items)
