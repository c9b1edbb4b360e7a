"""The stored actor index answers exactly like the dictionary built in memory."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from kg_builder.actors import ActorDictionary
from kg_builder.actors.index import StoredEntries, open_index
from kg_builder.models import SUPPORTED_LANGUAGES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

# Names, inflections, metonyms, demonyms, acronyms, role phrases and ambiguous names.
SENTENCES = {
    "en": "President Putin told the Kremlin and NATO that Washington Post readers in Georgia "
    "and Ukrainians met the Kazakh president Tokayev; the US and the EU agreed. Michael Jordan smiled.",
    "fr": "Le président du Kazakhstan et Vladimir Poutine ont rencontré les Ukrainiens à Bruxelles ; "
    "l'OTAN et la CPI, le président russe.",
    "de": "Der russische Präsident Wladimir Putin traf Bundeskanzlerin Merkel in Berlin; die Ukraine "
    "und Russlands Außenminister.",
    "pl": "Prezydent Kazachstanu Kasym-Żomart Tokajew powiedział Władimirowi Putinowi, że Rosja i "
    "Chiny nie mogą decydować za Europę. Premier Węgier rozmawiał w Wiedniu.",
    "ru": "Президент России Владимир Путин встретился с Токаевым в Москве; НАТО и Евросоюз.",
    "uk": "Президент України Володимир Зеленський і Росія; Білорусь та Лукашенко.",
    "it": "Il presidente russo Putin e gli ucraini dell'Ucraina incontrano la NATO a Roma.",
    "es": "El presidente de Rusia y los rusos hablaron con la OTAN en Madrid y Polonia.",
}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[ActorDictionary, ActorDictionary]:
    """(built in memory, read from a stored index written by load())."""
    cache = tmp_path_factory.mktemp("actor-index")
    old = os.environ.get("KG_BUILDER_CACHE_DIR")
    os.environ["KG_BUILDER_CACHE_DIR"] = str(cache)
    try:
        ActorDictionary.load()  # builds and stores
        stored = ActorDictionary.load()  # opens the stored index
    finally:
        if old is None:
            del os.environ["KG_BUILDER_CACHE_DIR"]
        else:
            os.environ["KG_BUILDER_CACHE_DIR"] = old
    assert isinstance(stored._table, StoredEntries)
    return ActorDictionary.load(use_cache=False), stored


def texts() -> list[tuple[str, str]]:
    out = list(SENTENCES.items())
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend((lang, text) for lang in SUPPORTED_LANGUAGES)  # every language's rules on every text
    return out


def test_same_matches_roles_and_holders(pair: tuple[ActorDictionary, ActorDictionary]) -> None:
    memory, stored = pair
    total = 0
    for lang, text in texts():
        matches = memory.match(text, lang)
        assert stored.match(text, lang) == matches, (lang, text[:60])
        assert stored.match_roles(text, lang) == memory.match_roles(text, lang)
        for day in ("2015-06-01", "2023-01-10"):
            assert stored.resolve_roles(text, lang, day) == memory.resolve_roles(text, lang, day)
        total += len(matches)
    assert total > 300  # the texts really contain actors
    for role, of, day in [("president", "CN", "2020-06-01"), ("head_of_state", "RU", "2019-01-01")]:
        assert stored.holder(role, of, day) == memory.holder(role, of, day) is not None


def test_same_entries_lookups_and_counts(pair: tuple[ActorDictionary, ActorDictionary]) -> None:
    memory, stored = pair
    assert len(stored) == len(memory) > 20_000
    assert list(stored) == list(memory)
    assert stored.stats() == memory.stats()
    assert stored.roles == memory.roles
    for key in ("wd:Q159", "Q159", "RU", "org:eaeu", "person:kassym-jomart-tokayev", "nope:x", "ZZ", ""):
        assert stored.get(key) == memory.get(key)
        assert (key in stored) == (key in memory)


def test_stored_dictionary_pickles_as_its_path(pair: tuple[ActorDictionary, ActorDictionary]) -> None:
    _, stored = pair
    data = pickle.dumps(stored)
    assert len(data) < 2_000  # the path, not the data
    again = pickle.loads(data)
    assert again.match(SENTENCES["pl"], "pl") == stored.match(SENTENCES["pl"], "pl")


def test_incomplete_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path))
    (tmp_path / "actors-0123456789abcdef01234567.pickle").write_bytes(b"an old whole-dictionary cache")
    ActorDictionary.load()
    assert not list(tmp_path.glob("*.pickle"))  # old caches are removed
    [directory] = [p for p in tmp_path.iterdir() if p.name.startswith("actors-")]
    assert open_index(directory) is not None
    (directory / "complete").unlink()  # a crash before the index was finished
    assert open_index(directory) is None
    (directory / "meta.pickle").write_bytes(b"garbage")
    d = ActorDictionary.load()
    assert [m.entry.key for m in d.match("Rosja", "pl")] == ["wd:Q159"]
    assert isinstance(d._table, StoredEntries) and open_index(directory) is not None  # repaired
    assert not list(tmp_path.glob("*.tmp"))


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(blocker / "cache"))
    d = ActorDictionary.load()
    assert not isinstance(d._table, StoredEntries)
    assert [m.entry.key for m in d.match("Rosja", "pl")] == ["wd:Q159"]
