"""Actor dictionary and gazetteer matcher: data, matching, roles, user files."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kg_builder.actors import ActorDictionary, ActorEntry, default_dictionary
from kg_builder.errors import ActorDictionaryError, KGBuilderError
from kg_builder.models import SUPPORTED_LANGUAGES

RU, UA, KZ, US, CN, BY = "wd:Q159", "wd:Q212", "wd:Q232", "wd:Q30", "wd:Q148", "wd:Q184"
TR, DE, GB, GE, EU = "wd:Q43", "wd:Q183", "wd:Q145", "wd:Q230", "wd:Q458"
PUTIN, ZELENSKY = "wd:Q7747", "wd:Q3874799"
TOKAYEV, LUKASHENKO = "person:kassym-jomart-tokayev", "person:alexander-lukashenko"
EAEU = "org:eaeu"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never touch the developer's ~/.cache from tests.
    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "kg-cache"))


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return ActorDictionary.load(use_cache=False)


def found(d: ActorDictionary, text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entry.key) for m in d.match(text, lang)]


def keys(d: ActorDictionary, text: str, lang: str) -> list[str]:
    return [m.entry.key for m in d.match(text, lang)]


# --- data ----------------------------------------------------------------------


def test_counts_and_types(d: ActorDictionary) -> None:
    stats = d.stats()
    assert stats["Country"] >= 250  # every ISO 3166-1 code, Kosovo and the USSR
    assert stats["Person"] >= 150
    assert stats["Organization"] >= 40
    assert stats["role_tenures"] >= 200
    assert {e.type for e in d} <= {"Person", "Country", "Organization", "Location", "Group"}


@pytest.mark.parametrize(
    ("key", "label", "qid"),
    [
        (RU, "Russia", "Q159"),
        (KZ, "Kazakhstan", "Q232"),
        (UA, "Ukraine", "Q212"),
        (US, "United States", "Q30"),
        (CN, "China", "Q148"),
        (PUTIN, "Vladimir Putin", "Q7747"),
        (TOKAYEV, "Kassym-Jomart Tokayev", None),
        (EAEU, "Eurasian Economic Union", None),
        ("wd:Q7184", "NATO", "Q7184"),
    ],
)
def test_core_entries(d: ActorDictionary, key: str, label: str, qid: str | None) -> None:
    entry = d.get(key)
    assert isinstance(entry, ActorEntry)
    assert entry.label == label
    assert entry.qid == qid


def test_get_accepts_iso_and_qid(d: ActorDictionary) -> None:
    assert d.get("RU") is d.get(RU) is d.get("Q159")
    assert d.get("XK").label == "Kosovo"
    assert d.get("no:such") is None


def test_every_country_has_a_name_in_every_language(d: ActorDictionary) -> None:
    for entry in d:
        if entry.iso:
            langs = {a.lang for a in entry.aliases if a.kind == "name"}
            assert set(SUPPORTED_LANGUAGES) <= langs, entry.key


def test_keys_follow_the_documented_scheme(d: ActorDictionary) -> None:
    for entry in d:
        if entry.qid:
            assert entry.key == f"wd:{entry.qid}"
        else:
            assert entry.key.split(":")[0] in {"country", "person", "org", "loc", "group"}


# --- matching across languages ---------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("pl", "Prezydent Kazachstanu postawił się Rosji.", [("Kazachstanu", KZ), ("Rosji", RU)]),
        (
            "pl",
            "W Kazachstanie, z Rosją i Turcją",
            [("Kazachstanie", KZ), ("Rosją", RU), ("Turcją", TR)],
        ),
        ("pl", "powiedział Władimirowi Putinowi", [("Władimirowi Putinowi", PUTIN)]),
        ("pl", "Putina i Łukaszenki", [("Putina", PUTIN), ("Łukaszenki", LUKASHENKO)]),
        ("pl", "integracji z Moskwą i plany Kremla", [("Moskwą", RU), ("Kremla", RU)]),
        (
            "pl",
            "współpracy z Chinami i Stanami Zjednoczonymi",
            [("Chinami", CN), ("Stanami Zjednoczonymi", US)],
        ),
        (
            "pl",
            "Kasym-Żomart Tokajew skrytykował Euroazjatycką Unię Gospodarczą (EUG)",
            [
                ("Kasym-Żomart Tokajew", TOKAYEV),
                ("Euroazjatycką Unię Gospodarczą", EAEU),
                ("EUG", EAEU),
            ],
        ),
        ("pl", "broń jądrowa na Białorusi", [("Białorusi", BY)]),
        (
            "ru",
            "Токаева поддержали в Белоруссии и в Кремле",
            [("Токаева", TOKAYEV), ("Белоруссии", BY), ("Кремле", RU)],
        ),
        ("ru", "санкции США против ЕАЭС", [("США", US), ("ЕАЭС", EAEU)]),
        (
            "uk",
            "Зеленського підтримали в Україні, а не в Росії",
            [("Зеленського", ZELENSKY), ("Україні", UA), ("Росії", RU)],
        ),
        (
            "de",
            "Selenskyj kritisiert Russlands Krieg; Kasachstans Präsident",
            [("Selenskyj", ZELENSKY), ("Russlands", RU), ("Kasachstans", KZ)],
        ),
        ("de", "die Staaten der Europäischen Union", [("Europäischen Union", EU)]),
        (
            "fr",
            "Tokaïev face à la Fédération de Russie et au Kremlin",
            [("Tokaïev", TOKAYEV), ("Fédération de Russie", RU), ("Kremlin", RU)],
        ),
        ("fr", "l’Ukraine et l'Ukraine, la guerre d'Ukraine", [("Ukraine", UA)] * 3),
        (
            "it",
            "la guerra dell'Ucraina, il Cremlino e la Federazione Russa",
            [("Ucraina", UA), ("Cremlino", RU), ("Federazione Russa", RU)],
        ),
        (
            "es",
            "Rusia y EE. UU. frente a Ucrania",
            [("Rusia", RU), ("EE. UU", US), ("Ucrania", UA)],
        ),
        (
            "en",
            "Kassym-Jomart Tokayev met Erdogan and Erdoğan in Brussels",
            [
                ("Kassym-Jomart Tokayev", TOKAYEV),
                ("Erdogan", "wd:Q39259"),
                ("Erdoğan", "wd:Q39259"),
                ("Brussels", EU),
            ],
        ),
        (
            "en",
            "Astana is not ready to become a puppet of Russia, like Lukashenko’s Belarus.",
            [("Astana", KZ), ("Russia", RU), ("Lukashenko", LUKASHENKO), ("Belarus", BY)],
        ),
    ],
)
def test_match_in_eight_languages(
    d: ActorDictionary, lang: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(d, text, lang) == expected


def test_offsets_point_into_the_text(d: ActorDictionary) -> None:
    text = "« La Russie », dit-il, « et l’Ukraine ». Poutine répond."
    for m in d.match(text, "fr"):
        assert text[m.start : m.end] == m.surface
    assert [m.surface for m in d.match(text, "fr")] == ["Russie", "Ukraine", "Poutine"]


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        ("en", "the Kremlin said", "metonym"),
        ("pl", "w Brukseli", "metonym"),
        ("en", "Russian troops", "demonym"),
        ("fr", "la population russe", "demonym"),
        ("pl", "rosyjskiego wojska", "demonym"),
        ("ru", "российский президент", "demonym"),
        ("de", "die russische Regierung", "demonym"),
        ("en", "Ukrainians fled", "people"),
        ("fr", "les Ukrainiens", "people"),
        ("it", "gli ucraini", "people"),
        ("es", "los rusos", "people"),
        ("pl", "Ukraińcy protestują", "people"),
        ("ru", "украинцы", "people"),
        ("en", "NATO", "acronym"),
        ("en", "Russia", "name"),
    ],
)
def test_match_kinds(d: ActorDictionary, lang: str, text: str, kind: str) -> None:
    matches = d.match(text, lang)
    assert len(matches) == 1, matches
    assert matches[0].kind == kind


def test_italian_adjective_vs_people(d: ActorDictionary) -> None:
    kinds = [(m.surface, m.kind) for m in d.match("i soldati russi e i russi", "it")]
    assert kinds == [("russi", "demonym"), ("russi", "people")]


@pytest.mark.parametrize(
    ("lang", "text", "key"),
    [
        # Spellings absent from the data, reached through transliteration folding.
        ("en", "He met Tokajev", TOKAYEV),
        ("en", "President Zelenskij", ZELENSKY),
        ("de", "Treffen mit Lukaschenka", LUKASHENKO),
        ("en", "Лукашенко", LUKASHENKO),
        ("pl", "Łukaszenko", LUKASHENKO),
        ("it", "Lukasenko", LUKASHENKO),
        ("fr", "Loukachenko", LUKASHENKO),
        ("es", "Tokáyev", TOKAYEV),
    ],
)
def test_transliteration_variants(d: ActorDictionary, lang: str, text: str, key: str) -> None:
    assert keys(d, text, lang) == [key]


def test_loose_spelling_needs_more_than_a_sentence_opener(d: ActorDictionary) -> None:
    # "Czyli" (Polish "that is") folds like Chile's "Чили"; an unlisted spelling
    # is only trusted mid-sentence.
    assert keys(d, "He met Tokajev.", "en") == [TOKAYEV]
    assert keys(d, "Tokajev met him.", "en") == []
    assert keys(d, "Tokayev met him.", "en") == [TOKAYEV]


def test_decomposed_unicode(d: ActorDictionary) -> None:
    text = unicodedata.normalize("NFD", "Tokaïev et Łukaszenka")
    assert keys(d, text, "fr") == [TOKAYEV, LUKASHENKO]


# --- no false positives ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "We ate turkey served on fine china."),
        ("en", "Give us a chance; nato is not a word."),
        ("en", "LET US PRAY FOR RAIN"),
        ("en", "Michael Jordan scored and the Washington Post wrote about it."),
        ("en", "Voters in the state of Georgia went to the polls."),
        ("pl", "Czyli w części kraju stan wyjątkowy."),
        ("pl", "Kuba Wojewódzki i Dominika Kulczyk"),
        ("it", "Il commissario Russo ha parlato."),
        ("de", "Die Deutsche Bank und Russisch als Sprache"),
        ("fr", "Une réunion à Paris Match"),
        ("en", "the eu stands for nothing; Kazakhstanization"),
    ],
)
def test_no_false_positives(d: ActorDictionary, lang: str, text: str) -> None:
    assert d.match(text, lang) == []


def test_no_match_inside_longer_words(d: ActorDictionary) -> None:
    text = "Russiagate, Kazakhstanization, Ukrainegate and a pro-Russia rally"
    assert [m.surface for m in d.match(text, "en")] == ["Russia"]


def test_ambiguous_name_kept_for_the_country(d: ActorDictionary) -> None:
    assert keys(d, "Russia and Georgia fought in 2008.", "en") == [RU, GE]
    assert keys(d, "In Georgia, protests continued.", "en") == [GE]


def test_longest_match_wins_without_overlap(d: ActorDictionary) -> None:
    assert keys(d, "the Democratic Republic of the Congo", "en") == ["wd:Q974"]
    assert keys(d, "trade with Latin America", "en") == ["loc:latin-america"]
    matches = d.match("the UN Security Council met", "en")
    assert [(m.surface, m.entry.key) for m in matches] == [("UN Security Council", "wd:Q37470")]


def test_languages_do_not_leak(d: ActorDictionary) -> None:
    # Polish "Kuba" is Cuba only in Polish/German text; Italian "russa" only in Italian.
    assert keys(d, "Kuba i Wenezuela", "pl") == ["wd:Q241", "wd:Q717"]
    assert d.match("russa", "pl") == []
    assert keys(d, "la delegazione russa", "it") == [RU]


# --- roles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "of", "day", "label"),
    [
        ("president", "KZ", "2019-03-19", "Nursultan Nazarbayev"),
        ("president", "KZ", "2019-03-21", "Kassym-Jomart Tokayev"),
        ("president", KZ, "2024-06-01", "Kassym-Jomart Tokayev"),
        ("president", "US", "2022-01-01", "Joe Biden"),
        ("president", "US", "2025-02-01", "Donald Trump"),
        ("prime_minister", "GB", "2022-10-01", "Liz Truss"),
        ("prime_minister", "GB", "2022-11-01", "Rishi Sunak"),
        ("chancellor", DE, "2023-01-01", "Olaf Scholz"),
        ("foreign_minister", "RU", "2023-01-01", "Sergey Lavrov"),
        ("secretary_general", "wd:Q7184", "2023-01-01", "Jens Stoltenberg"),
        ("secretary_general", "wd:Q7184", "2025-01-01", "Mark Rutte"),
        ("president", "wd:Q8880", "2023-01-01", "Ursula von der Leyen"),
        ("prime_minister", "RU", "2010-01-01", "Vladimir Putin"),
    ],
)
def test_holder_on_date(d: ActorDictionary, role: str, of: str, day: str, label: str) -> None:
    holder = d.holder(role, of, day)
    assert holder is not None and holder.label == label


def test_holder_unknowns(d: ActorDictionary) -> None:
    assert d.holder("president", "RU", "1980-01-01") is None
    assert d.holder("pope", "VA", "2025-05-01") is None  # between Francis and Leo XIV
    assert d.holder("president", "no:such") is None
    assert d.holder("president", "BY").label == "Alexander Lukashenko"  # today
    assert d.holder("emperor", "RU") is None


@pytest.mark.parametrize(
    ("role", "of", "label"),
    [
        ("head_of_state", "GB", "Charles III"),
        ("head_of_state", "IR", "Ali Khamenei"),
        ("head_of_state", "US", "Joe Biden"),
        ("head_of_government", "DE", "Olaf Scholz"),
        ("head_of_government", "US", "Joe Biden"),
        ("head_of_government", "RU", "Mikhail Mishustin"),
        ("defense_minister", "RU", "Sergei Shoigu"),
        ("head", "wd:Q7804", "Kristalina Georgieva"),
    ],
)
def test_umbrella_roles(d: ActorDictionary, role: str, of: str, label: str) -> None:
    assert d.holder(role, of, "2023-06-01").label == label


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "the President of Kazakhstan, Kasim-Jomart Tokayev",
            ("President of Kazakhstan", "president", KZ, TOKAYEV),
        ),
        ("en", "Kazakhstan's president", ("Kazakhstan's president", "president", KZ, TOKAYEV)),
        (
            "en",
            "the Russian foreign minister",
            ("Russian foreign minister", "foreign_minister", RU, "person:sergey-lavrov"),
        ),
        ("fr", "le président du Kazakhstan", ("président du Kazakhstan", "president", KZ, TOKAYEV)),
        ("it", "il presidente russo", ("presidente russo", "president", RU, PUTIN)),
        ("es", "el presidente de Rusia", ("presidente de Rusia", "president", RU, PUTIN)),
        ("de", "der russische Präsident", ("russische Präsident", "president", RU, PUTIN)),
        ("pl", "prezydent Kazachstanu", ("prezydent Kazachstanu", "president", KZ, TOKAYEV)),
        (
            "pl",
            "ministra spraw zagranicznych Rosji",
            ("ministra spraw zagranicznych Rosji", "foreign_minister", RU, "person:sergey-lavrov"),
        ),
        ("ru", "президента России", ("президента России", "president", RU, PUTIN)),
        ("uk", "президент України", ("президент України", "president", UA, ZELENSKY)),
    ],
)
def test_resolve_roles(d: ActorDictionary, lang: str, text: str, expected: tuple[str, str, str, str]) -> None:
    refs = d.resolve_roles(text, lang, "2023-06-01")
    assert len(refs) == 1, refs
    ref = refs[0]
    assert (ref.surface, ref.role, ref.of.key, ref.holder.key if ref.holder else None) == expected
    assert text[ref.start : ref.end] == ref.surface


def test_role_words_inflect(d: ActorDictionary) -> None:
    assert [r.role for r in d.match_roles("prezydenta, premierem, президентом", "pl")] == [
        "president",
        "prime_minister",
    ]
    assert [r.role for r in d.match_roles("президентом и премьер-министра", "ru")] == [
        "president",
        "prime_minister",
    ]


# --- user files: extension, override, errors -----------------------------------------


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    user = write_jsonl(
        tmp_path / "mine.jsonl",
        [
            {
                "type": "Person",
                "label": "Alnur Musaev",
                "names": {"*": ["Alnur Musaev", "Musaev"], "ru": ["Альнур Мусаев", "Мусаев"]},
                "roles": [{"role": "director_general", "of": "KZ", "from": "1997", "to": "2001"}],
            },
            {"key": RU, "metonyms": {"en": ["Old Square"]}, "label": "Russian Federation"},
            {"iso": "KZ", "names": {"en": ["Kazakh Republic"]}},
            {
                "type": "Role",
                "key": "ambassador",
                "names": {"en": ["ambassador"], "pl": ["ambasador"]},
            },
            {"key": "org:interpol", "delete": True},
        ],
    )
    d = ActorDictionary.load([user], use_cache=False)
    assert keys(d, "Musaev met at the Old Square", "en") == ["person:alnur-musaev", RU]
    assert keys(d, "встреча с Мусаевым", "ru") == ["person:alnur-musaev"]
    assert d.get(RU).label == "Russian Federation"
    assert keys(d, "the Kazakh Republic", "en") == [KZ]
    assert keys(d, "Rosji", "pl") == [RU]  # built-in aliases kept
    assert d.holder("director_general", "KZ", "1999-01-01").key == "person:alnur-musaev"
    assert [r.role for r in d.match_roles("ambasadora", "pl")] == ["ambassador"]
    assert d.get("org:interpol") is None and d.match("Interpol", "en") == []


def test_user_file_replace_and_json_list(tmp_path: Path) -> None:
    user = tmp_path / "mine.json"
    user.write_text(
        json.dumps(
            {
                "entries": [
                    {
                        "key": GE,
                        "type": "Country",
                        "label": "Sakartvelo",
                        "replace": True,
                        "names": ["Sakartvelo"],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    d = ActorDictionary.load([user], use_cache=False)
    assert keys(d, "Sakartvelo", "en") == [GE]
    assert d.match("Gruzja", "pl") == []  # replaced entry lost its built-in names


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"type": "Person", "label": "X"}\n{"type": "Person", "label": }\n',
            "mine.jsonl:2: invalid JSON",
        ),
        ('{"type": "Person", "label": "X", "nmes": ["X"]}\n', "unknown field(s) ['nmes']"),
        ('{"type": "Persona", "label": "X"}\n', "field 'type' must be one of"),
        ('{"type": "Person", "label": "X", "names": {"xx": ["X"]}}\n', "unknown language 'xx'"),
        (
            '{"type": "Person", "label": "X", "names": {"en": "X", "pl": [1]}}\n',
            "field 'names.pl' must be a list",
        ),
        (
            '{"type": "Person", "label": "X", "qid": "159"}\n',
            "field 'qid' must be a string matching",
        ),
        (
            '{"type": "Person", "label": "X", "roles": [{"role": "tsar", "of": "RU"}]}\n',
            "unknown role 'tsar'",
        ),
        (
            '{"type": "Person", "label": "X", "roles": [{"role": "president", "of": "Narnia"}]}\n',
            "unknown entry 'Narnia'",
        ),
        (
            '{"type": "Person", "label": "X", "roles": '
            '[{"role": "president", "of": "RU", "from": "May 2020"}]}\n',
            "field 'from' must be an ISO date",
        ),
        ('["not", "an", "object"]\n', "mine.jsonl:1: each line must be a JSON object"),
        ('{"key": "person:nobody", "delete": true}\n', "cannot delete unknown entry"),
    ],
)
def test_malformed_user_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorDictionaryError) as err:
        ActorDictionary.load([path], use_cache=False)
    assert str(path) in str(err.value)
    assert message in str(err.value)
    assert isinstance(err.value, KGBuilderError)


def test_missing_or_wrongly_named_file(tmp_path: Path) -> None:
    with pytest.raises(ActorDictionaryError, match="not found"):
        ActorDictionary.load([tmp_path / "nope.jsonl"], use_cache=False)
    bad = tmp_path / "actors.yaml"
    bad.write_text("x: 1", encoding="utf-8")
    with pytest.raises(ActorDictionaryError, match=r"\.jsonl or \.json"):
        ActorDictionary.load([bad], use_cache=False)


# --- cache and speed ------------------------------------------------------------------


def test_cache_round_trip_and_invalidation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    first = ActorDictionary.load()
    assert len(list((tmp_path / "cache").glob("actors-*/complete"))) == 1
    builds: list[int] = []
    original = ActorDictionary._build.__func__  # type: ignore[attr-defined]

    def counting_build(cls: type[ActorDictionary], *args: object) -> ActorDictionary:
        builds.append(1)
        return original(cls, *args)

    monkeypatch.setattr(ActorDictionary, "_build", classmethod(counting_build))
    second = ActorDictionary.load()
    assert builds == []  # read from the cache, not rebuilt (its speed lives in bench/actor_scale.py)
    assert len(second) == len(first) and keys(second, "Rosji", "pl") == [RU]
    user = write_jsonl(tmp_path / "u.jsonl", [{"type": "Person", "label": "Jan Testowy"}])
    third = ActorDictionary.load([user])
    assert len(third) == len(first) + 1 and builds == [1]
    assert len(list((tmp_path / "cache").glob("actors-*/complete"))) == 2


def test_default_dictionary_is_shared() -> None:
    assert default_dictionary() is default_dictionary()


def test_matching_a_long_text(d: ActorDictionary) -> None:
    # Speed is measured in bench/, never asserted in a test; this checks every match is found.
    text = (
        "Prezydent Kazachstanu Kasym-Żomart Tokajew powiedział Władimirowi Putinowi, "
        "że Rosja i Chiny nie mogą decydować za Europę. "
        "Unia Europejska i NATO obserwują sytuację na Ukrainie. "
    ) * 2000
    assert len(d.match(text, "pl")) == 2000 * 8
