"""Reading articles from files, directories, globs and stdin (kg_builder.ingest)."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg_builder.errors import IngestError, LanguageError
from kg_builder.ingest import DuplicateArticleError, iter_articles, source_kind, to_iso_date
from kg_builder.models import Article, content_hash, normalize_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def split(items: Iterator[Article | IngestError]) -> tuple[list[Article], list[IngestError]]:
    """Articles and errors of one run, in order."""
    articles: list[Article] = []
    errors: list[IngestError] = []
    for item in items:
        (errors if isinstance(item, IngestError) else articles).append(item)
    return articles, errors


def only_error(items: Iterator[Article | IngestError]) -> IngestError:
    articles, errors = split(items)
    assert articles == [], [a.source for a in articles]
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def assert_one_line(error: IngestError, path: str | Path, line: int | None = None) -> None:
    """The message is one line and names the file (and the line)."""
    message = str(error)
    assert "\n" not in message
    assert error.source == str(path)
    assert error.line == line
    where = f"{path}:{line}:" if line is not None else f"{path}:"
    assert message.startswith(where), message


# --- plain text ---------------------------------------------------------------


def test_txt_title_is_first_line_and_source_is_stem() -> None:
    path = FIXTURES / "txt" / "pl_captions.txt"
    [article] = list(iter_articles([str(path)]))
    assert isinstance(article, Article)
    assert article.source == "pl_captions"
    assert article.title == "Litwa zamyka dwa przejścia graniczne z Białorusią"
    # The title is the first paragraph of the text, once.
    paragraphs = article.text.split("\n")
    assert paragraphs[0] == article.title
    assert paragraphs.count(article.title) == 1
    assert article.id == content_hash(article.text)
    assert article.text == normalize_text(article.text)
    assert article.lang == "pl" and article.lang_detected is True
    assert article.published is None and article.url is None


def test_txt_breadcrumb_first_line_is_not_the_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Home » News » Europe » Slovenia and Croatia settle their sea border dispute\n\n"
        "The prime ministers of Slovenia and Croatia signed a deal on Monday.\n",
        encoding="utf-8",
    )
    [article] = list(iter_articles([path]))
    assert article.title == "Slovenia and Croatia settle their sea border dispute"
    assert "»" not in article.text


def test_explicit_file_with_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "wire.story"
    path.write_text("Ireland joins the Nordic defence forum\n\nIreland joined on Friday.\n")
    [article] = list(iter_articles([str(path)]))
    assert article.title == "Ireland joins the Nordic defence forum"
    assert article.source == "wire"


def test_utf8_bom_and_utf16_with_bom_are_decoded(tmp_path: Path) -> None:
    text = "Malta and Cyprus sign a shipping accord\n\nThe accord was signed in Valletta.\n"
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.replace("Malta", "Greece").encode("utf-16"))
    articles, errors = split(iter_articles([str(tmp_path)]))
    assert errors == []
    assert [a.title for a in articles] == [
        "Malta and Cyprus sign a shipping accord",
        "Greece and Cyprus sign a shipping accord",
    ]


# --- HTML -----------------------------------------------------------------------


def test_html_main_text_title_date_and_url() -> None:
    [article] = list(iter_articles([str(FIXTURES / "html" / "fr_page.html")]))
    assert article.source == "fr_page"
    assert article.title == "Le Portugal et l'Espagne signent un accord sur l'hydrogène"
    assert article.url == "https://journal-du-sud.example/economie/portugal-espagne-hydrogene"
    assert article.published == "2024-02-15"
    assert article.lang == "fr"
    assert article.text.split("\n")[0] == article.title
    assert "La France s'est opposée à un prolongement du gazoduc" in article.text
    assert "« exemplaire »" in article.text
    # Navigation, share buttons, sidebar and footer are not the article.
    for furniture in ("Accueil", "Facebook", "Les plus lus", "prix du blé", "droits réservés"):
        assert furniture not in article.text


def test_html_declared_charset_is_honoured() -> None:
    [article] = list(iter_articles([str(FIXTURES / "html" / "ru_cp1251.htm")]))
    assert article.title == "Россия и Китай подписали соглашение"
    assert "Президенты России и Китая подписали" in article.text
    assert article.lang == "ru"


def test_html_without_main_text_is_an_error() -> None:
    path = FIXTURES / "html" / "nav_only.html"
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "no main text" in str(error)


# --- JSONL ----------------------------------------------------------------------


def test_jsonl_fields_and_errors_per_line() -> None:
    path = FIXTURES / "jsonl" / "records.jsonl"
    items = list(iter_articles([str(path)]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = {e.line: e for e in items if isinstance(e, IngestError)}

    by_source = {a.source: a for a in articles}
    assert sorted(by_source) == ["7", "records:2", "wire-001"]
    wire = by_source["wire-001"]
    assert wire.title == "Japan and South Korea resume security talks"
    assert wire.url == "https://wire.example/1"
    assert wire.published == "2024-03-01"
    assert wire.text.startswith("Japan and South Korea resume security talks\nJapan and South")
    # No "id": file stem and line number; "date" is an alias of "published";
    # a record's own "lang" is taken, not detected.
    chile = by_source["records:2"]
    assert chile.published == "2024-04-02"
    assert (chile.lang, chile.lang_detected) == ("es", False)
    # Numeric id and a UNIX timestamp.
    assert by_source["7"].published == "2024-03-01"
    assert (by_source["7"].lang, by_source["7"].lang_detected) == ("de", True)

    assert sorted(errors) == [4, 5, 6, 7, 8]
    for line, fragment in [
        (4, "not valid JSON"),
        (5, "no 'text' field"),
        (6, "'text' is empty"),
        (7, "expected a JSON object"),
    ]:
        assert_one_line(errors[line], path, line)
        assert fragment in str(errors[line])
    # Line 8 repeats wire-001 with the title inside the text: the same article.
    assert isinstance(errors[8], DuplicateArticleError)
    assert errors[8].first == f"{path}:1"  # where the first copy was read


def test_jsonl_invalid_utf8_line_gives_byte_offset(tmp_path: Path) -> None:
    good = json.dumps({"text": "Austria and Italy reopen the Brenner rail line today."}) + "\n"
    bad = b'{"text": "caf\xe9 au lait"}\n'
    path = tmp_path / "dump.jsonl"
    path.write_bytes(good.encode() + bad)
    articles, errors = split(iter_articles([str(path)]))
    assert len(articles) == 1
    [error] = errors
    assert_one_line(error, path, 2)
    offset = len(good.encode()) + bad.index(b"\xe9")
    assert f"invalid UTF-8 at byte offset {offset}" in str(error)


def test_jsonl_binary_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02" * 5000)
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "binary" in str(error)


def test_gzipped_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "gz-1", "text": "Latvia buys new air defence radars."}))
    [article] = list(iter_articles([str(path)]))
    assert article.source == "gz-1"


class CountingLines(io.TextIOBase):
    """A text stream that counts how many lines were pulled from it."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = iter(lines)
        self.pulled = 0

    def __iter__(self) -> CountingLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.pulled += 1
        return line


def test_jsonl_is_streamed_not_read_whole() -> None:
    lines = [json.dumps({"text": f"Report number {i} on Danube shipping."}) + "\n" for i in range(1000)]
    stream = CountingLines(lines)
    items = iter_articles(["-"], stdin=stream, lang="en")
    first = next(items)
    assert isinstance(first, Article) and first.source == "stdin:1"
    assert stream.pulled <= 2


# --- directories, globs, stdin ----------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order() -> None:
    articles, errors = split(iter_articles([str(FIXTURES / "tree")]))
    assert errors == []
    # a_first.txt, sub/b_page.html, sub/deeper/c_dump.ndjson; notes.md and the
    # hidden file are not inputs.
    assert [a.source for a in articles] == ["a_first", "b_page", "tree-c1"]


def test_glob_pattern(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(f"Story {name}\n\nThe ministers of Spain met on {name}.\n")
    articles, errors = split(iter_articles([str(tmp_path / "*")]))
    assert errors == []
    assert [a.source for a in articles] == ["a", "b"]


def test_glob_without_match_is_an_error(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.txt")
    error = only_error(iter_articles([pattern]))
    assert_one_line(error, pattern)
    assert "no file matches" in str(error)


def test_stdin_plain_text() -> None:
    stream = io.StringIO("Norway expels two diplomats\n\nNorway expelled two diplomats on Monday.\n")
    [article] = list(iter_articles(["-"], stdin=stream))
    assert article.source == "stdin"
    assert article.title == "Norway expels two diplomats"


def test_stdin_jsonl_from_binary_buffer() -> None:
    data = b'{"id": "s1", "text": "Bulgaria joins the Schengen area in full."}\nnot json\n'
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    articles, errors = split(iter_articles(["-"], stdin=stream))
    assert [a.source for a in articles] == ["s1"]
    [error] = errors
    assert_one_line(error, "<stdin>", 2)


def test_stdin_empty() -> None:
    error = only_error(iter_articles(["-"], stdin=io.StringIO("\n \n")))
    assert error.source == "<stdin>"
    assert "empty" in str(error)


# --- bad inputs -------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "no such file" in str(error)


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("  \n\n")
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "empty file" in str(error)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "binary data (NUL byte at byte offset 8)" in str(error)


def test_invalid_utf8_gives_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    prefix = "Zürich talks\n\nThe talks in Z".encode()  # ü is two bytes in UTF-8
    path.write_bytes(prefix + b"\xfcrich ended.\n")
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert len(prefix) == 29
    assert "invalid UTF-8 at byte offset 29 (byte 0xfc)" in str(error)


def test_only_furniture_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "buttons.txt"
    path.write_text("Facebook\nTwitter\nPrint\n")
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "no article text left" in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret story\n\nText.\n")
    path.chmod(0)
    try:
        error = only_error(iter_articles([str(path)]))
    finally:
        path.chmod(0o644)
    assert_one_line(error, path)
    assert "permission denied" in str(error)


def test_unreadable_file_reported_even_as_root(tmp_path: Path, monkeypatch) -> None:
    # Root ignores file modes, so the OS error is injected where the file is opened.
    path = tmp_path / "secret.txt"
    path.write_text("Secret story\n\nText.\n")
    real_open = os.open

    def deny(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "permission denied" in str(error)


def test_unreadable_directory_is_reported(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "locked"
    target.mkdir()
    real_scandir = os.scandir

    def deny(path):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    error = only_error(iter_articles([str(target)]))
    assert_one_line(error, target)


def test_every_error_is_one_line_naming_its_input(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "jsonl", tmp_path / "jsonl")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfd")
    (tmp_path / "empty.html").write_text("")
    _, errors = split(iter_articles([str(tmp_path)]))
    assert len(errors) == 7
    for error in errors:
        assert "\n" not in str(error)
        assert str(error).startswith(error.source)
        assert str(tmp_path) in error.source


# --- identity and language ------------------------------------------------------------


def test_same_text_twice_is_one_article(tmp_path: Path) -> None:
    text = "Portugal and Morocco agree on a ferry link\n\nThe link opens in June.\n"
    (tmp_path / "a.txt").write_text(text)
    # Different blank space and line ends, same normalized text.
    (tmp_path / "b.txt").write_text("\r\n" + text.replace("\n\n", "\r\n\r\n\r\n").replace(" a ", "  a "))
    articles, errors = split(iter_articles([str(tmp_path)]))
    assert [a.source for a in articles] == ["a"]
    [dup] = errors
    assert isinstance(dup, DuplicateArticleError)
    assert dup.article_id == articles[0].id
    assert_one_line(dup, tmp_path / "b.txt")


def test_lang_override_is_not_detection() -> None:
    path = FIXTURES / "txt" / "de_bylines.txt"
    [article] = list(iter_articles([str(path)], lang="FR"))
    assert (article.lang, article.lang_detected) == ("fr", False)


def test_invalid_lang_override_raises_at_once() -> None:
    with pytest.raises(LanguageError, match="unknown language code 'klingon'"):
        iter_articles(["does-not-matter"], lang="klingon")


def test_unsupported_language_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "cs.txt"
    path.write_text(
        "Vláda schválila nový zákon\n\nVláda České republiky ve středu schválila nový zákon o "
        "obnovitelných zdrojích energie. Ministr průmyslu uvedl, že stát podpoří výstavbu "
        "solárních elektráren na střechách škol.\n"
    )
    [article] = list(iter_articles([str(path)]))
    assert (article.lang, article.lang_detected) == ("cs", True)


def test_source_kind() -> None:
    assert source_kind("a/B.HTM") == "html"
    assert source_kind("x.ndjson.gz") == "jsonl"
    assert source_kind("notes.md") is None


def test_stdin_html_page() -> None:
    page = (FIXTURES / "html" / "fr_page.html").read_text(encoding="utf-8")
    [article] = list(iter_articles(["-"], stdin=io.StringIO(page)))
    assert article.source == "stdin"
    assert article.published == "2024-02-15"


def test_article_sized_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kg_builder.ingest._io.MAX_ARTICLE_BYTES", 1024 * 1024)
    path = tmp_path / "huge.txt"
    path.write_text("Title\n\n" + "A sentence about the Baltic states. " * 40000)
    error = only_error(iter_articles([str(path)]))
    assert_one_line(error, path)
    assert "over the 1 MB limit for one article" in str(error)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-01T23:30:00-05:00", "2024-03-01"),  # the date as written, not shifted to UTC
        ("2024-03-01", "2024-03-01"),
        ("Thu, 09 Nov 2023 10:00:00 GMT", "2023-11-09"),
        (1709280000, "2024-03-01"),
        (1709280000000, "2024-03-01"),
        ("9 novembre 2023", "2023-11-09"),
        ("12.05.2024", "2024-05-12"),
        ("1970-01-01", None),
        ("yesterday", None),
        ("not a date", None),
        (True, None),
        ("", None),
    ],
)
def test_published_dates(value: object, iso: str | None) -> None:
    assert to_iso_date(value) == iso
