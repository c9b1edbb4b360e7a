"""Coverage and behaviour of the geographic actor data (countries.jsonl, places.jsonl).

Every sovereign state has a demonym adjective and its capital (as a metonym) in all
eight languages, or sits in an exception table below with the reason. The sentences
are invented for these tests; none is from the samples or the development gold.
"""

from __future__ import annotations

import re

import pytest

from kg_builder.actors import default_dictionary
from kg_builder.extract.rules import RuleBasedExtractor
from kg_builder.models import SUPPORTED_LANGUAGES, Article, content_hash
from kg_builder.nlp import get_pipeline

#: The 193 member states of the United Nations (ISO 3166-1 alpha-2).
UN_MEMBERS = frozenset(
    """
    AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ
    CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI
    FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL IN IQ IR IS IT JM
    JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG
    MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK
    PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD
    TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY UZ VC VE VN VU WS YE ZA ZM ZW
    """.split()
)
#: UN observer states, plus Kosovo and Taiwan.
OTHER_STATES = frozenset({"VA", "PS", "XK", "TW"})
STATES = UN_MEMBERS | OTHER_STATES
ALL = frozenset(SUPPORTED_LANGUAGES)

#: (state, languages) without a demonym, and why.
NO_DEMONYM: dict[str, tuple[frozenset[str], str]] = {
    "CD": (ALL, "'Congolese' (congolais, kongolesisch...) names both Congos"),
    "CG": (ALL, "'Congolese' (congolais, kongolesisch...) names both Congos"),
    "DO": (ALL, "'Dominican' is also Dominica's and the religious order's adjective"),
    "DM": (ALL, "'Dominican' is also the Dominican Republic's and the religious order's adjective"),
    "FM": (ALL, "'Micronesian' is also the adjective of the whole region"),
    "VC": (ALL, "'Vincentian' is also the religious congregation's adjective"),
    "CF": (ALL - {"fr", "it"}, "'Central African' is also the region's adjective (centrafricain is not)"),
    "GN": (frozenset({"es"}), "Spanish 'guineano' often means Equatorial Guinea"),
    "GW": (frozenset({"it", "pl", "ru", "uk"}), "the same adjective as Guinea's"),
    "GD": (frozenset({"it", "es"}), "'granadino' is also Granada's (Spain)"),
    "KN": (ALL - {"en"}, "no established adjective"),
    "LC": (ALL - {"en", "fr", "es"}, "no established adjective"),
    "ST": (ALL - {"fr", "es"}, "no established adjective"),
    "SB": (ALL - {"fr", "es"}, "no established adjective ('salomonisch' is Solomonic)"),
    "MH": (frozenset({"pl", "ru", "uk"}), "no established adjective"),
    "PG": (frozenset({"it", "es", "pl", "ru", "uk"}), "only 'Papuan', which is also Indonesia's Papua"),
    "PW": (frozenset({"it"}), "no established adjective"),
    "VU": (frozenset({"it"}), "no established adjective"),
    "TV": (frozenset({"ru", "uk"}), "no established adjective"),
    "LI": (frozenset({"en"}), "the English adjective is the country's name"),
    "LS": (frozenset({"en"}), "no established English adjective ('Basotho' is the people)"),
    "NZ": (frozenset({"en"}), "the English adjective is the country's name"),
    "VA": (frozenset({"en"}), "the English adjective is the country's name"),
    "IN": (frozenset({"es"}), "'indio' also means indigenous American"),
}

_SAME_AS_COUNTRY = "the capital has the country's name"
#: (state, languages) without its capital as a metonym, and why.
NO_CAPITAL: dict[str, tuple[frozenset[str], str]] = {
    **{iso: (ALL, _SAME_AS_COUNTRY) for iso in ("DJ", "GT", "KW", "LU", "MC", "PA", "SG", "SM", "ST", "VA")},
    "MX": (frozenset({"pl"}), _SAME_AS_COUNTRY),
    "DZ": (frozenset({"ru", "uk"}), _SAME_AS_COUNTRY),
    "TN": (frozenset({"es", "ru", "uk"}), _SAME_AS_COUNTRY),
    "BE": (ALL, "Brussels is the European Union's metonym"),
    "NL": (ALL, "Amsterdam is not the seat of government; The Hague also hosts the ICC and ICJ"),
    "IL": (ALL, "the status of Jerusalem is contested; it is a Location in places.jsonl"),
    "YE": (ALL, "Sanaa is held by the Houthis, not the recognised government"),
    "LY": (ALL, "Tripoli is also a city in Lebanon"),
    "BG": (ALL, "Sofia is a common first name"),
    "SC": (ALL, "Victoria is a first name and many places"),
    "JM": (ALL, "Kingston is also in Canada, England, Norfolk Island..."),
    "GY": (ALL, "Georgetown is also in Washington, Penang, and a university"),
    "CR": (ALL, "San José is also in California and many other places"),
    "AG": (ALL, "St. John's is also in Newfoundland"),
    "GD": (ALL, "St. George's is a common place name"),
    "BS": (ALL, "Nassau is also a German region and a royal house"),
    "NZ": (ALL, "Wellington is a surname and a duke's title"),
    "KM": (ALL, "Moroni is a common Italian surname"),
    "MV": (ALL, "Malé reads as the English word 'male' without its accent"),
    "DM": (ALL, "roseau is a French common noun"),
    "LC": (ALL, "Castries is also a French town and surname"),
    "KN": (ALL, "Basseterre is easily confused with Guadeloupe's Basse-Terre"),
    "VC": (ALL, "Kingstown is rare in the news and also an Irish town's old name"),
    "KI": (ALL, "Tarawa is an atoll and a battle as much as a capital"),
    "NR": (ALL, "Nauru has no official capital"),
    "BO": (frozenset({"es"}), "'La Paz' is also 'peace'"),
    "PY": (frozenset({"es"}), "'Asunción' is also the feast of the Assumption and a first name"),
    "MA": (frozenset({"pl"}), "'rabat' is the Polish for 'discount'"),
    "LK": (frozenset({"it"}), "'Colombo' is the Italian for Columbus"),
    "AD": (frozenset({"pl"}), "Polish uses the country's name for the town"),
}


@pytest.fixture(scope="module")
def dictionary():
    return default_dictionary()


@pytest.fixture(scope="module")
def states(dictionary):
    return {e.iso: e for e in dictionary if e.type == "Country" and e.iso}


def _missing(entry, kind: str) -> frozenset[str]:
    return frozenset(lang for lang in SUPPORTED_LANGUAGES if not entry.names(lang, kinds=(kind,)))


@pytest.mark.parametrize(("kind", "exceptions"), [("demonym", NO_DEMONYM), ("metonym", NO_CAPITAL)])
def test_every_state_has_a_demonym_and_a_capital_in_every_language(states, kind, exceptions) -> None:
    assert len(UN_MEMBERS) == 193
    problems = []
    for iso in sorted(STATES):
        assert iso in states, f"{iso} is not in countries.jsonl"
        missing = _missing(states[iso], kind)
        allowed = exceptions.get(iso, (frozenset(), ""))[0]
        if missing - allowed:
            problems.append(f"{iso}: no {kind} in {sorted(missing - allowed)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("kind", "exceptions"), [("demonym", NO_DEMONYM), ("metonym", NO_CAPITAL)])
def test_exceptions_are_still_needed(states, kind, exceptions) -> None:
    """An exception that the data no longer needs is stale: remove it."""
    stale = [iso for iso, (langs, _why) in exceptions.items() if not _missing(states[iso], kind) & langs]
    assert not stale, stale


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def test_place_and_state_aliases_are_written_in_their_language_s_script(dictionary) -> None:
    wrong = [
        (e.key, a.lang, a.text)
        for e in dictionary
        if e.type in ("Country", "Location")
        for a in e.aliases
        if a.kind in ("name", "metonym", "demonym")
        and a.lang != "*"
        and bool(_CYRILLIC.search(a.text)) != (a.lang in ("ru", "uk"))
        and not (a.kind == "name" and a.lang in ("ru", "uk") and a.text.isascii())
    ]
    assert not wrong, wrong


def test_demonyms_are_lower_case_except_in_english(states) -> None:
    wrong = [
        (iso, a.lang, a.text)
        for iso, e in states.items()
        for a in e.aliases
        if a.kind == "demonym"
        and a.text[0].isupper() != (a.lang == "en")
        and not a.text.split("-")[0].isupper()  # US-amerikanisch
    ]
    assert not wrong, wrong


def test_no_demonym_or_capital_names_two_states(states) -> None:
    owners: dict[tuple[str, str, str], set[str]] = {}
    for iso, e in states.items():
        for a in e.aliases:
            if a.kind in ("demonym", "metonym"):
                owners.setdefault((a.kind, a.lang, a.text.casefold()), set()).add(iso)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Officials in Abuja and Nairobi met in Istanbul.", ["Nigeria", "Kenya", "Istanbul"]),
        ("fr", "Le ministre ivoirien est arrivé à Alep puis à Bassora.", ["Ivory Coast", "Aleppo", "Basra"]),
        ("it", "Il sindaco di Leopoli ha incontrato il ministro keniota.", ["Lviv", "Kenya"]),
        ("es", "El canciller marroquí viajó a Estambul y a Jartum.", ["Morocco", "Istanbul", "Sudan"]),
        (
            "de",
            "Der Bürgermeister von Lwiw sprach in München mit dem ghanaischen Botschafter.",
            ["Lviv", "Munich", "Ghana"],
        ),
        ("pl", "Delegacja z Nairobi przyjechała do Lwowa i Krakowa.", ["Kenya", "Lviv", "Kraków"]),
        ("ru", "Мэр Львова встретился с кенийским послом в Стамбуле.", ["Lviv", "Kenya", "Istanbul"]),
        (
            "uk",
            "Мер Одеси та посол Танзанії зустрілися у Вінниці й Дніпрі.",
            ["Odesa", "Tanzania", "Vinnytsia", "Dnipro"],
        ),
    ],
)
def test_places_capitals_and_demonyms_are_found_inflected(dictionary, lang, text, expected) -> None:
    found = [m.entry.label for m in dictionary.match(text, lang)]
    assert found == expected, found


@pytest.mark.parametrize(
    ("lang", "text", "not_a_place"),
    [
        ("en", "The activist Sanaa Seif spoke to reporters.", "Sanaa"),
        ("en", "The former president Ricardo Lagos wrote a letter.", "Lagos"),
        ("en", "The novelist Milan Hrabal won the prize.", "Milan"),
    ],
)
def test_a_place_that_is_also_a_first_name_or_surname_is_not_matched_inside_a_name(
    dictionary, lang, text, not_a_place
) -> None:
    assert not_a_place not in {m.entry.label for m in dictionary.match(text, lang)}


@pytest.fixture(scope="module")
def extractor() -> RuleBasedExtractor:
    return RuleBasedExtractor(actors=default_dictionary())


def _holds_role(extractor, lang: str, text: str) -> set[tuple[str, str]]:
    article = Article(id=content_hash(text), text=text, source="t", lang=lang, published="2024-03-01")
    result = extractor.extract(get_pipeline(lang)(text), article)
    labels = {m.key: m.label for m in result.mentions}
    return {
        (labels.get(a.subject, a.subject), labels.get(a.object, a.object))
        for a in result.assertions
        if a.predicate == "holdsRole"
    }


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The Kenyan foreign minister, Daniel Otieno, arrived in Geneva.", ("Daniel Otieno", "Kenya")),
        (
            "fr",
            "Le président sénégalais Moussa Ndiaye a reçu les ambassadeurs.",
            ("Moussa Ndiaye", "Senegal"),
        ),
        ("es", "El presidente chileno, Tomás Riquelme, viajó a Lima.", ("Tomás Riquelme", "Chile")),
        (
            "it",
            "Il ministro degli esteri algerino Karim Belkacem ha parlato ieri.",
            ("Karim Belkacem", "Algeria"),
        ),
        ("de", "Der ugandische Präsident Samuel Okello reiste nach Berlin.", ("Samuel Okello", "Uganda")),
        ("pl", "Wczoraj kenijski prezydent John Mwangi przyjechał do Warszawy.", ("John Mwangi", "Kenya")),
    ],
)
def test_a_role_phrase_with_a_new_demonym_gives_holds_role(extractor, lang, text, expected) -> None:
    found = _holds_role(extractor, lang, text)
    assert expected in found, found
