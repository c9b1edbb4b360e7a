"""The input layer's limits: non-regular files, sizes, bad JSON, bad Unicode, identity, long texts."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from kg_builder.errors import IngestError
from kg_builder.ingest import DuplicateArticleError, clean_text, iter_articles
from kg_builder.models import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
GOOD = "Talks in Warsaw\n\nPoland and Germany signed a border agreement in Warsaw on Monday.\n"


def variant(day: str) -> str:
    """Another article: the same story on another day."""
    return GOOD.replace("Monday", day)


def split(items) -> tuple[list[Article], list[IngestError]]:
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def one_line(error: IngestError) -> str:
    message = str(error)
    assert "\n" not in message and message.startswith(error.source)
    return message


# --- non-regular files ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_fifo_is_never_opened_for_reading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "feed.jsonl")
    os.mkfifo(tmp_path / "other")  # no known suffix: inside a folder it is still reported
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    articles, errors = split(iter_articles([str(tmp_path), str(tmp_path / "feed.jsonl")]))
    assert [a.source for a in articles] == ["a"]
    # In the folder, then named on the command line: one line each time.
    assert [Path(e.source).name for e in errors] == ["feed.jsonl", "other", "feed.jsonl"]
    assert all("a FIFO (named pipe), not a regular file; skipped" in one_line(e) for e in errors)


def test_character_device_is_skipped() -> None:
    [error] = list(iter_articles(["/dev/null"]))
    assert isinstance(error, IngestError)
    assert "a character device, not a regular file" in one_line(error)


# --- sizes ----------------------------------------------------------------------------------


def test_json_line_over_the_limit_is_skipped_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kg_builder.ingest._io.MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "feed.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 2000})
    path.write_text(
        json.dumps({"id": "a", "text": GOOD})
        + "\n"
        + big
        + "\n"
        + json.dumps({"id": "b", "text": variant("Friday")})
        + "\n"
    )
    articles, [error] = split(iter_articles([str(path)]))
    assert [a.source for a in articles] == ["a", "b"]
    assert error.line == 2
    assert "line is 0.0 MB, over the 0 MB limit for one article; skipped" in one_line(error)


def test_stdin_over_the_limit_is_one_line(monkeypatch) -> None:
    monkeypatch.setattr("kg_builder.ingest._io.MAX_ARTICLE_BYTES", 1000)
    stream = io.TextIOWrapper(io.BytesIO(("Title\n\n" + "word " * 1000).encode()), encoding="utf-8")
    [error] = list(iter_articles(["-"], stdin=stream))
    assert "standard input is" in one_line(error) and "limit for one article" in str(error)


# --- bad JSON and bad Unicode ---------------------------------------------------------------


def test_deep_json_and_lone_surrogates_are_one_line_each(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "ok", "text": GOOD}),
        '{"id": "deep", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "s1", "text": "Poland \\ud800 and Germany signed a deal."}',
        '{"id": "s2", "title": "\\udfff", "text": "Spain and Italy signed a treaty in Rome."}',
        '{"id": "\\udc00", "text": "Spain and Portugal signed a treaty in Lisbon."}',
        json.dumps({"id": "ok2", "text": variant("Friday")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = split(iter_articles([str(path)]))
    assert [a.source for a in articles] == ["ok", "ok2"]
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert "nested too deeply" in one_line(errors[0])
    assert "'text' holds a lone surrogate (\\ud800 at character 7)" in one_line(errors[1])
    assert "'title' holds a lone surrogate (\\udfff" in one_line(errors[2])
    assert "'name' holds a lone surrogate (\\udc00" in one_line(errors[3])


# --- identity -------------------------------------------------------------------------------


def test_identity_keys(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "report.txt").write_text(GOOD, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": 7, "url": "https://x.example/7", "text": variant("Tuesday")},
        {"url": "https://x.example/8", "text": variant("Wednesday")},
        {"text": variant("Thursday")},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    page = FIXTURES / "html" / "fr_page.html"
    articles, errors = split(iter_articles([str(tmp_path / "b" / "report.txt"), str(feed), str(page)]))
    assert errors == []
    keys = [a.key for a in articles]
    assert keys[:4] == [
        f"file:{os.path.realpath(tmp_path / 'b' / 'report.txt')}",
        "id:7",  # the JSONL id wins over the URL
        "url:https://x.example/8",
        f"file:{os.path.realpath(feed)}:3",  # no id, no URL: the file and the line
    ]
    html = articles[4]
    assert html.key == (f"url:{html.url}" if html.url else f"file:{os.path.realpath(page)}")


def test_stdin_has_no_identity_unless_named() -> None:
    [anonymous] = list(iter_articles(["-"], stdin=io.StringIO(GOOD)))
    [named] = list(iter_articles(["-"], stdin=io.StringIO(GOOD), stdin_name="wire-7"))
    assert (anonymous.source, anonymous.key) == ("stdin", None)
    assert (named.source, named.key) == ("wire-7", "stdin:wire-7")
    records = io.StringIO(
        json.dumps({"text": GOOD}) + "\n" + json.dumps({"id": "x1", "text": variant("Sunday")}) + "\n"
    )
    first, second = iter_articles(["-"], stdin=records, stdin_name="feed")
    assert (first.source, first.key) == ("feed:1", "stdin:feed:1")
    assert (second.source, second.key) == ("x1", "id:x1")


def test_two_texts_claiming_one_id_keep_the_first_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "w1", "text": GOOD})
        + "\n"
        + json.dumps({"id": "w1", "text": variant("Saturday")})
        + "\n",
        encoding="utf-8",
    )
    [article], [error] = split(iter_articles([str(path)]))
    assert article.text.endswith("Monday.")
    assert isinstance(error, DuplicateArticleError)
    assert f"same id as {path}:1; skipped as a duplicate" in one_line(error)


def test_same_file_through_a_folder_and_a_symlink_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "news" / "a.txt")
    articles, [error] = split(iter_articles([str(tmp_path / "news"), str(tmp_path / "link.txt")]))
    assert len(articles) == 1
    assert f"same file as {tmp_path / 'news' / 'a.txt'}" in one_line(error)


# --- HTML through trafilatura's fallback (jusText) ---------------------------------------------


def test_html_page_through_the_justext_fallback(monkeypatch) -> None:
    import trafilatura.external

    calls: list[str] = []
    real = trafilatura.external.try_justext

    def spy(*args, **kwargs):
        calls.append("justext")
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura.external, "try_justext", spy)
    path = FIXTURES / "html" / "fallback_justext.html"
    [article] = list(iter_articles([str(path)]))
    assert calls, "the fixture no longer reaches trafilatura's jusText fallback"
    assert isinstance(article, Article)
    assert "Japan and South Korea resumed security talks in Seoul on Friday." in article.text
    assert "The ministers agreed to meet again in Tokyo next month." in article.text
    assert "Contact" not in article.text


# --- linear cleaning at 1 MB -------------------------------------------------------------------

HOSTILE = {
    "unclosed script": ("<script>x ", "Body text."),
    "unclosed comment": ("<!-- a ", "Body text."),
    "script without >": ("<script ", "Body text."),
    "attribute run without >": ("a=", "Body text."),
    "blank run in a tag": (" ", "Body text."),
}


@pytest.mark.timeout(300)  # a hang guard, not a speed assertion: quadratic cleaning takes hours here
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_cleaning_one_megabyte_of_hostile_markup(case: str) -> None:
    """1 MB of each pattern that made cleaning quadratic (speed ratios: bench/clean_linear.py)."""
    unit, tail = HOSTILE[case]
    head = "Title\n\n<p " if case in ("attribute run without >", "blank run in a tag") else "Title\n\n"
    text = head + unit * (1_000_000 // len(unit)) + "\n" + tail
    cleaned = clean_text(text)
    assert cleaned.startswith("Title\n") and cleaned.endswith(tail)
    if case == "unclosed script":
        assert "<script" not in cleaned  # an unclosed opening tag loses the tag


def test_closed_blocks_and_comments_are_still_removed() -> None:
    text = "Title\n\nA <script>var a = '<b>';</script>b <style>p{}</style>c <!-- x --> d <script>tail"
    assert clean_text(text) == "Title\nA b c d tail"


def test_a_broken_html_dependency_costs_the_html_files_only(tmp_path: Path, monkeypatch) -> None:
    import sys

    # What a fresh install without lxml_html_clean looked like: jusText fails to import.
    for name in [m for m in sys.modules if m == "trafilatura" or m.startswith(("trafilatura.", "justext"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "lxml_html_clean", None)
    monkeypatch.setitem(sys.modules, "lxml.html.clean", None)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    page = FIXTURES / "html" / "fallback_justext.html"
    articles, [error] = split(iter_articles([str(page), str(tmp_path / "a.txt")]))
    assert [a.source for a in articles] == ["a"]
    assert "cannot read HTML: a dependency is missing" in one_line(error)
