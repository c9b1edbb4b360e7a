"""Dictionary lemmas (kg_builder.nlp.morph) and dictionary-backed name inflection (actors.inflect).

The sentences mix forms simplemma 2.0 already lemmatizes (``напал``,
``sankcjami``) with forms it leaves unchanged or gets wrong and the
dictionaries know (``aresztowano``, ``пересмотрено``, ``координатор``): the
second kind fails if the dictionaries are not used.
"""

from __future__ import annotations

import importlib.util

import pytest

from kg_builder.actors import default_dictionary
from kg_builder.actors.inflect import dictionary_forms, token_forms
from kg_builder.errors import KGBuilderError, ModelMissingError
from kg_builder.nlp import get_pipeline
from kg_builder.nlp.morph import MORPH_PACKAGES, morph_lemmatizer


def lemmas(lang: str, text: str) -> dict[str, str]:
    """Token text -> lower-cased lemma, from the pipeline kg_builder runs for ``lang``."""
    return {t.text: t.lemma_.lower() for t in get_pipeline(lang)(text)}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "pl",
            "Unia obłożyła Rosję sankcjami. W Mińsku aresztowano opozycjonistów i oskarżono ich o zdradę.",
            {
                "sankcjami": "sankcja",
                "obłożyła": "obłożyć",
                "aresztowano": "aresztować",
                "oskarżono": "oskarżyć",
            },
        ),
        (
            "pl",
            "Zakazano demonstracji. Niezłomną postawę ministrowie złożono na karb presji.",
            {"Zakazano": "zakazać", "Niezłomną": "niezłomny", "ministrowie": "minister", "złożono": "złożyć"},
        ),
        (
            "ru",
            "Россия напала на Украину. Переговоры прошли в Исламабаде, в несудебном порядке.",
            {
                "напала": "напасть",
                "Переговоры": "переговоры",
                "Исламабаде": "исламабад",
                "несудебном": "несудебный",
            },
        ),
        (
            "ru",
            "Он напал первым, заявил министр; резонансным делом подсудимой занялся суд.",
            {
                "напал": "напасть",
                "заявил": "заявить",
                "резонансным": "резонансный",
                "подсудимой": "подсудимый",
            },
        ),
        (
            "uk",
            "Координатор заявив, що уряд відповідатиме за санкції. Міністерка прибула до графстві Кент.",
            {
                "Координатор": "координатор",
                "відповідатиме": "відповідати",
                "санкції": "санкція",
                "Міністерка": "міністерка",
                "графстві": "графство",
            },
        ),
        (
            "uk",
            "Позиційна війна триває; у контейнері знайшли сто фунтів стерлінгів, повідомив речник.",
            {
                "Позиційна": "позиційний",
                "контейнері": "контейнер",
                "стерлінгів": "стерлінг",
                "повідомив": "повідомити",
            },
        ),
    ],
)
def test_inflected_verbs_and_nouns_get_their_dictionary_lemma(
    lang: str, text: str, expected: dict[str, str]
) -> None:
    got = lemmas(lang, text)
    wrong = {w: got.get(w) for w, lemma in expected.items() if got.get(w) != lemma}
    assert wrong == {}, f"{lang}: {wrong} (expected {expected})"


def test_polish_negated_forms_do_not_become_the_positive_verb() -> None:
    # SGJP lemmatizes "niewypuszczonej" to "wypuścić"; that would read "not
    # released" as "released".
    got = lemmas("pl", "Więźniarka pozostała w niewypuszczonej grupie, a nieprzekazywanie broni trwa.")
    assert got["niewypuszczonej"] != "wypuścić"
    assert got["nieprzekazywanie"] != "przekazywać"


def test_abbreviations_and_acronyms_keep_simplemma_lemmas() -> None:
    # Morfeusz reads "tys" as a surname and "NATO" also as a vocative of "Nata".
    got = lemmas("pl", "Zginęło 5 tys. osób, a NATO milczy.")
    assert got["tys"] == "tysiąc"
    assert got["NATO"] == "nato"


def test_participles_are_not_read_as_their_verb() -> None:
    # pymorphy3 lemmatizes participles to the infinitive; the lemma window would
    # then read "activists demanding X" as "activists demand X".
    got = lemmas("ru", "Толпа активистов, требовавших казни, и протестующие исламисты собрались у суда.")
    assert got["требовавших"] != "требовать"
    assert got["протестующие"] != "протестовать"
    # Ukrainian adverbial participles are their own lemmas in pymorphy3; simplemma gives the verb.
    got = lemmas("uk", "Президент виступив, закликаючи до миру.")
    assert got["закликаючи"] == "закликати"


@pytest.mark.parametrize("lang", sorted(MORPH_PACKAGES))
def test_missing_dictionary_package_names_it(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    missing = MORPH_PACKAGES[lang][-1]
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == missing else real(name, *a)
    )
    with pytest.raises(ModelMissingError, match=rf"{missing.replace('_', '-')}.*pip install") as info:
        morph_lemmatizer.__wrapped__(lang)  # uncached: the cached one was built with the package present
    assert isinstance(info.value, KGBuilderError)


def test_build_without_the_polish_dictionary_stops_with_one_line(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from kg_builder import nlp
    from kg_builder.cli import cli
    from kg_builder.nlp import morph

    article = tmp_path / "pl.txt"
    article.write_text(
        "Rosja napadła na Ukrainę.\n\nUnia Europejska obłożyła Rosję sankcjami.\n", encoding="utf-8"
    )
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "morfeusz2" else real(name, *a)
    )
    caches = (nlp.get_pipeline, morph.morph_lemmatizer, morph.morfeusz)
    for cached in caches:
        cached.cache_clear()
    try:
        args = ["build", str(article), "--store", str(tmp_path / "store"), "--lang", "pl"]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        monkeypatch.undo()
        for cached in caches:
            cached.cache_clear()
    print(result.output)
    assert result.exit_code == 2
    assert "morfeusz2" in result.output and "pip install" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- name inflection


def test_dictionary_adds_stem_changes_the_ending_tables_miss() -> None:
    forms = token_forms("Węgry", "pl", "name")
    assert {"Węgier", "Węgrzech", "Węgrom"} <= forms
    assert "Wiedniu" in token_forms("Wiedeń", "pl", "name")
    assert "Мексиці" in token_forms("Мексика", "uk", "name")
    # Names the dictionaries do not know still inflect from the tables.
    assert dictionary_forms("Tokajew", "pl") == frozenset()
    assert {"Tokajewa", "Tokajewem"} <= token_forms("Tokajew", "pl", "name")
    assert {"Токаева", "Токаеву"} <= token_forms("Токаев", "ru", "name")


def test_dictionary_forms_keep_the_number_of_the_name() -> None:
    # Захід (the West) is singular; its homonym захід (a measure) has the plural заходи.
    assert "Заходи" not in dictionary_forms("Захід", "uk")
    assert "Заході" in dictionary_forms("Захід", "uk")
    assert "Rosje" not in dictionary_forms("Rosja", "pl")
    assert "Węgrzech" in dictionary_forms("Węgry", "pl")  # plurale tantum keeps its plural


def test_inflected_country_names_are_matched_in_text() -> None:
    actors = default_dictionary()
    pl = {m.surface: m.entry.key for m in actors.match("Premier Węgier rozmawiał w Wiedniu.", "pl")}
    assert pl == {"Węgier": "wd:Q28", "Wiedniu": "wd:Q40"}  # Vienna stands for Austria (metonym)
    uk = {m.surface: m.entry.key for m in actors.match("Посол прибув до Мексиці.", "uk")}
    assert uk == {"Мексиці": "wd:Q96"}


def test_words_with_typographic_apostrophes_get_dictionary_lemmas() -> None:
    """ "пом’якшили", "розвʼязала": the dictionary spells the apostrophe straight."""
    from kg_builder.nlp import get_pipeline

    doc = get_pipeline("uk")("Уряд пом’якшив санкції, а Росія розвʼязала війну.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["пом’якшив"] == "пом'якшити"
    assert lemmas["розвʼязала"] == "розв'язати"
