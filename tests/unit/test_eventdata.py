"""The event-data conversion (scripts/convert_eventdata.py), the shipped data it made, name typing."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg_builder.actors import ActorDictionary
from kg_builder.actors.agents import NOT_AN_ENTITY, name_type
from kg_builder.actors.dictionary import _cache_path
from kg_builder.actors.loader import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]


def _load_script():  # noqa: ANN202 - a module object
    path = ROOT / "scripts" / "convert_eventdata.py"
    spec = importlib.util.spec_from_file_location("convert_eventdata", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert_eventdata"] = module
    spec.loader.exec_module(module)
    return module


ce = _load_script()

# A synthetic country dictionary in the TABARI format: two successive presidents of
# Tuvalu (named by their aliases), an old leader, a cabinet minister whose GOV code says
# nothing about the office, a name two records share and a common-word alias.
COUNTRIES = """\
# header comment
TUVALU_  [TUV]
+FUNAFUTI_

ALFA_ZULUNGA_  # CountryInfo.txt
+PRESIDENT_ZULUNGA_
+PRESIDENT_ALFA_ZULUNGA
+MR_ZULUNGA_
	[TUVELI 800101-100101]
	[TUVGOV 100101-150630]
	[TUVELI]
BRAVO_KALAMBEKU_  # CountryInfo.txt
+PRESIDENT_KALAMBEKU_
+BUSH
	[TUVELI 850101-150630]
	[TUVGOV >150630]
CHARLIE_OLDTIMER_  # CountryInfo.txt
+PRESIDENT_OLDTIMER_
	[TUVGOV 700101-851231]
	[TUVELI 851231-891231]
DELTA_MINISTRONI_  # CountryInfo.txt
+FOREIGN_MINISTER_MINISTRONI_
+PRESIDENT_MINISTRONI_
	[TUVGOV 120101-140101]
ECHO_TWINNAME_  # CountryInfo.txt
+TWINNERSON_
	[TUVGOV 110101-120101]
FOXTROT_TWINNAME_  # CountryInfo.txt
+TWINNERSON_
	[TUVGOV 120101-130101]
GOLFO_NOTEVIC_
	[TUVGOV 20120101-20130101] # Prime Minister
	[TUVGOV 20090101-20100101] # Minister of Fisheries
HOTELO_LATESKI_  # CountryInfo.txt
	[TUVGOVAGR 160101-161231]
"""

INTERNATIONAL = """\
UNITED_NATIONS_SECURITY_COUNCIL_ [IGOUNO]
THE_PACIFIC_ATOLL_DEFENCE_ORGANIZATION_ [IGOPAD]
+PADO_
+ATOLL_DEFENCE_ORGANISATION_
UN_ENVOY_ [IGOUNO]
"""

MILNONSTATE = """\
REEF_LIBERATION_FRONT_(RELF)_ [TUVREB] # synthetic
+RLF_
+FRONT_FOR_THE_LIBERATION_OF_THE_REEF_
"""

AGENTS = """\
!PERSON! = MAN, MEN
POLICE {} [~COP]
POLICE_OFFICER [~COP]
REBEL_ARMY [~REB]
KING [~GOV]
FISHER!PERSON! [~AGR]
"""

ES_ACTORS = """\
FRENTE_DE_LIBERACION_DEL_ARRECIFE_ [TUVREB]
+FRONT_FOR_THE_LIBERATION_OF_THE_REEF_
"""

ES_AGENTS = """\
POLICÍA_{}_ [~COP]
EJÉRCITO_REBELDE_ [~REB]
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("eventdata")
    (src / "petrarch2").mkdir()
    (src / "universalpetrarch-es").mkdir()
    files = {
        "petrarch2/Phoenix.Countries.actors.txt": COUNTRIES,
        "petrarch2/Phoenix.International.actors.txt": INTERNATIONAL,
        "petrarch2/Phoenix.MilNonState.actors.txt": MILNONSTATE,
        "petrarch2/Phoenix.agents.txt": AGENTS,
        "universalpetrarch-es/actors_unified_181220.txt": ES_ACTORS,
        "universalpetrarch-es/agents_181220.txt": ES_AGENTS,
    }
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert ce.main(["--source", str(src), "--out", str(out)]) == 0
    return out


def _entries(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.startswith("{")]
    return {r["label"]: r for r in rows}


def test_tabari_records_and_dates() -> None:
    records = list(ce.read_tabari(COUNTRIES.splitlines()))
    alfa = next(r for r in records if r.name == "ALFA_ZULUNGA_")
    assert alfa.aliases == ["PRESIDENT_ZULUNGA_", "PRESIDENT_ALFA_ZULUNGA", "MR_ZULUNGA_"]
    assert [(c.code, c.start, c.end) for c in alfa.codes] == [
        ("TUVELI", "1980-01-01", "2010-01-01"),
        ("TUVGOV", "2010-01-01", "2015-06-30"),
        ("TUVELI", None, None),
    ]
    golf = next(r for r in records if r.name == "GOLFO_NOTEVIC_")
    assert [c.note for c in golf.codes] == ["Prime Minister", "Minister of Fisheries"]
    assert ce.tabari_date("791227") == "1979-12-27" and ce.tabari_date("20041207") == "2004-12-07"
    assert ce.tabari_date("2004017") is None and ce.tabari_date("991399") is None
    assert ce.alias_role(["US", "PRESIDENT", "BARACK", "OBAMA"]) == ("president", 2)
    assert ce.alias_role(["FORMER", "PRESIDENT", "X"]) == (None, 2)
    assert ce.alias_role(["VICE", "PRESIDENT", "X"]) == ("vice_president", 2)


def test_converted_people_and_dated_roles(converted: Path) -> None:
    text = (converted / "eventdata-people.jsonl").read_text(encoding="utf-8")
    assert "MIT licence" in text and "676801cd9cb2924bbbad09f86d15c9323e7097bf" in text
    people = _entries(converted / "eventdata-people.jsonl")
    assert people["Alfa Zulunga"]["roles"] == [
        {"role": "president", "of": "TV", "from": "2010-01-01", "to": "2015-06-30"}
    ]
    assert people["Alfa Zulunga"]["names"] == {"*": ["Zulunga"]}  # titles stripped
    assert people["Alfa Zulunga"]["ambiguous"] == ["Zulunga"]
    # An open tenure is closed at the last date the source knows (2016-12-31 here).
    assert people["Bravo Kalambeku"]["roles"][0]["to"] == "2016-12-31"
    assert "Bush" not in json.dumps(people["Bravo Kalambeku"])  # a common word
    assert "Charlie Oldtimer" not in people  # only before 1990
    assert "roles" not in people["Delta Ministroni"]  # the aliases name two offices
    for twin in ("Echo Twinname", "Foxtrot Twinname"):
        assert "names" not in people[twin]  # "Twinnerson" belongs to two people: dropped
    assert people["Golfo Notevic"]["roles"] == [
        {"role": "prime_minister", "of": "TV", "from": "2012-01-01", "to": "2013-01-01"}
    ]


def test_converted_organisations_and_agents(converted: Path) -> None:
    orgs = _entries(converted / "eventdata-organizations.jsonl")
    assert "United Nations Security Council" not in orgs  # the hand-made entry wins
    assert not any("Envoy" in label for label in orgs)  # a role phrase, not a body
    pado = orgs["Pacific Atoll Defence Organization"]
    assert pado["type"] == "Organization" and pado["acronyms"] == {"*": ["PADO"]}
    front = orgs["Reef Liberation Front"]
    assert front["type"] == "Group" and front["acronyms"] == {"*": ["RELF"]}  # not "RLF": too short
    assert front["names"]["es"] == ["Frente de Liberacion del Arrecife"]
    agents = json.loads((converted / "agents.json").read_text(encoding="utf-8"))
    assert agents["nouns"]["en"] == {"police": "COP", "rebel army": "REB"}  # no person nouns
    assert agents["nouns"]["es"]["policía"] == "COP"


def test_president_on_two_dates_gives_two_holders(converted: Path) -> None:
    actors = ActorDictionary.load(
        [converted / "eventdata-organizations.jsonl", converted / "eventdata-people.jsonl"], use_cache=False
    )
    refs = actors.resolve_roles("the president of Tuvalu", "en", "2012-05-01")
    assert [r.holder.label if r.holder else None for r in refs] == ["Alfa Zulunga"]
    refs = actors.resolve_roles("the president of Tuvalu", "en", "2015-08-01")
    assert [r.holder.label if r.holder else None for r in refs] == ["Bravo Kalambeku"]
    assert actors.holder("president", "TV", "2017-06-01") is None  # past what the source knows
    matches = actors.match("Zulunga met the Reef Liberation Front (RELF).", "en")
    assert [(m.surface, m.entry.type) for m in matches] == [
        ("Zulunga", "Person"),
        ("Reef Liberation Front", "Group"),
        ("RELF", "Group"),
    ]
    # A lone surname next to another capitalised word is someone else's name.
    assert actors.match("Mortada Zulunga said", "en") == []


def test_shipped_eventdata_loads_and_resolves_dated_roles() -> None:
    actors = ActorDictionary.load(use_cache=False)
    stats = actors.stats()
    assert stats["Person"] > 10_000 and stats["Organization"] + stats["Group"] > 1_000
    hu = actors.holder("president", "CN", "2005-06-01")
    xi = actors.holder("president", "CN", "2020-06-01")
    assert hu is not None and hu.label == "Hu Jintao" and hu.key.startswith("person:")
    assert xi is not None and xi.label == "Xi Jinping"
    first = (DATA_DIR / "eventdata-people.jsonl").read_text(encoding="utf-8").splitlines()[:12]
    assert any("MIT licence" in line for line in first)
    assert [m.entry.label for m in actors.match("Uhuru Kenyatta said", "en")] == ["Uhuru Kenyatta"]


def test_cache_key_follows_the_generated_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "eventdata-people.jsonl"
    data.write_text('{"type": "Person", "label": "Jan Testowy"}\n', encoding="utf-8")
    before = _cache_path([data])
    data.write_text('{"type": "Person", "label": "Jan Testowy2"}\n', encoding="utf-8")
    assert _cache_path([data]) != before


@pytest.mark.parametrize(
    ("tokens", "lang", "expected"),
    [
        (["Labour"], "en", "Organization"),
        (["Free", "Syrian", "Army"], "en", "Organization"),
        (["Ministry", "of", "Defence"], "en", "Organization"),
        (["Taliban"], "en", "Group"),
        (["Stephen", "King"], "en", None),
        (["Arron", "Banks"], "en", None),
        (["État"], "fr", NOT_AN_ENTITY),
        (["Premier", "ministre"], "fr", NOT_AN_ENTITY),
        (["Bundesregierung"], "de", "Organization"),
        (["Angela", "Merkel"], "de", None),
        (["Ejército", "de", "Liberación", "Nacional"], "es", "Organization"),
        (["Policía", "Nacional"], "es", "Organization"),
        (["Rada", "Najwyższa"], "pl", "Organization"),
        (["Jan", "Kowalski"], "pl", None),
        (["Państwo"], "pl", NOT_AN_ENTITY),
        (["Госдума"], "ru", "Organization"),
        (["Володимир", "Зеленський"], "uk", None),
    ],
)
def test_name_type(tokens: list[str], lang: str, expected: str | None) -> None:
    assert name_type(tokens, lang) == expected
