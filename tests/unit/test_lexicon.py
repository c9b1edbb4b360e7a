"""Validation of the multilingual relation lexicon (kg_builder/extract/data/lexicon/).

Two kinds of checks:

- schema and coverage: predicates map to PLOVER, triggers name known
  predicates, every language covers every PLOVER type, no lemma maps to two
  predicates unless marked ambiguous;
- lemma checks with the real lemmatizers (spaCy en/fr, simplemma for the
  other languages): every trigger's inflected examples must lemmatize to
  its lemma sequence, and a hand-written table of inflected forms must be
  found with the expected predicate.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from kg_builder.errors import KGBuilderError, LanguageError, ModelMissingError
from kg_builder.extract.lexicon import (
    CUE_KINDS,
    DEFAULT_DATA_DIR,
    PLOVER_TYPES,
    STRUCTURAL_PREDICATES,
    Lexicon,
    LexiconError,
    Trigger,
    load_lexicon,
    normalize_lemma,
    predicate_names,
)
from kg_builder.models import SUPPORTED_LANGUAGES
from kg_builder.nlp import MODELS as SPACY_MODELS
from kg_builder.nlp import get_pipeline

# Each language must have at least this many trigger entries per PLOVER type.
MIN_TRIGGERS_PER_PLOVER = 5


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def analyse_many(lang: str, texts: Sequence[str]) -> list[tuple[list[str], list[str], list[str]]]:
    """(lemmas, texts, POS tags) per text, from the pipeline kg_builder runs for ``lang``.

    That is spaCy's model for en/fr, and for the other languages spaCy's
    tokenizer with simplemma lemmas (see :mod:`kg_builder.nlp`).
    """
    try:
        nlp = get_pipeline(lang)
    except ModelMissingError as exc:
        pytest.fail(str(exc))
    return [
        ([t.lemma_ for t in doc], [t.text for t in doc], [t.pos_ for t in doc]) for doc in nlp.pipe(texts)
    ]


def _entries(lex: Lexicon, lang: str) -> list[Trigger]:
    """One trigger per JSON entry (variants and split particle forms left out)."""
    return [t for t in lex.triggers(lang) if t.lemma == t.canonical and not _is_split(t)]


def _is_split(t: Trigger) -> bool:
    return t.particle is not None and t.lemmas[-1] == t.particle and len(t.lemmas) == 2


def _forms(lex: Lexicon, entry: Trigger) -> list[Trigger]:
    """The entry itself plus its lemmatizer variants and split particle form."""
    return [
        t
        for t in lex.triggers(entry.lang)
        if t.canonical == entry.canonical
        and t.predicate == entry.predicate
        and t.pos == entry.pos
        and t.reflexive == entry.reflexive
        and t.object_preps == entry.object_preps
    ]


# ----------------------------------------------------------------- schema / coverage


def test_every_supported_language_is_loaded(lex: Lexicon) -> None:
    assert lex.languages == tuple(sorted(SUPPORTED_LANGUAGES))
    assert load_lexicon() is lex, "load_lexicon() must be cached"


def test_predicates_map_to_one_plover_type_or_are_structural(lex: Lexicon) -> None:
    for name, info in lex.predicates.items():
        assert info.name == name
        assert info.label and info.label.isascii()
        if name in STRUCTURAL_PREDICATES:
            assert info.plover is None and info.structural
        else:
            assert info.plover in PLOVER_TYPES, name
    assert set(STRUCTURAL_PREDICATES) <= set(lex.predicates)
    assert set(lex.plover_descriptions) == set(PLOVER_TYPES)


def test_every_plover_type_has_at_least_two_predicates(lex: Lexicon) -> None:
    counts = Counter(p.plover for p in lex.predicates.values() if p.plover)
    assert {t: counts[t] for t in PLOVER_TYPES if counts[t] < 2} == {}
    assert 50 <= sum(counts.values()) <= 90


def test_symmetric_flags(lex: Lexicon) -> None:
    for name in ("meets", "talksWith", "negotiatesWith", "cooperatesWith", "alliesWith"):
        assert lex.predicates[name].symmetric, name
    for name in ("attacks", "visits", "hosts", "criticizes", "sanctions", "annexes", "supports"):
        assert not lex.predicates[name].symmetric, name
    assert lex.plover("criticizes") == "ACCUSE"
    assert lex.plover("annexes") == "COERCE"
    assert lex.plover("holdsRole") is None
    assert "signsAgreementWith" in lex.predicates_for("AGREE")


def test_predicate_names_lists_the_ontology(lex: Lexicon) -> None:
    names = predicate_names()
    assert names == sorted(lex.predicates)
    assert {"opposes", "annexes", "closes", "visits", "holdsRole", "memberOf", "partOf"} <= set(names)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_triggers_cover_every_plover_type(lex: Lexicon, lang: str) -> None:
    entries = _entries(lex, lang)
    counts = Counter(t.plover for t in entries)
    thin = {p: counts[p] for p in PLOVER_TYPES if counts[p] < MIN_TRIGGERS_PER_PLOVER}
    assert thin == {}, f"{lang}: too few triggers for {thin}"
    assert all(t.plover is not None for t in entries), "structural predicates used as triggers"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_event_predicate_has_a_trigger(lex: Lexicon, lang: str) -> None:
    used = {t.predicate for t in lex.triggers(lang)}
    missing = sorted(p for p, info in lex.predicates.items() if info.plover and p not in used)
    assert missing == [], f"{lang}: no trigger for {missing}"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_no_lemma_maps_to_two_predicates_unless_ambiguous(lex: Lexicon, lang: str) -> None:
    # simplemma gives no POS, so for those languages POS cannot tell entries apart.
    seen: dict[tuple, list[Trigger]] = defaultdict(list)
    for t in lex.triggers(lang):
        key = (
            t.lemmas,
            t.pos if lang in SPACY_MODELS else "*",
            t.reflexive,
            frozenset(t.object_preps) if t.requires_prep else None,
        )
        seen[key].append(t)
    clashes = {
        key: sorted({t.predicate for t in group})
        for key, group in seen.items()
        if len({t.predicate for t in group}) > 1 and not all(t.ambiguous for t in group)
    }
    assert clashes == {}
    # "ambiguous" documents a real clash; a flag without one hides mistakes.
    needless = [
        " ".join(key[0])
        for key, group in seen.items()
        if any(t.ambiguous for t in group) and len({t.predicate for t in group}) == 1
    ]
    assert needless == [], f"{lang}: 'ambiguous' set but nothing to disambiguate: {needless}"
    copies = Counter(
        (t.lemmas, t.pos, t.predicate, t.reflexive, t.requires_prep, t.object_preps)
        for t in lex.triggers(lang)
    )
    assert [k for k, n in copies.items() if n > 1] == []


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_trigger_fields_are_well_formed(lex: Lexicon, lang: str) -> None:
    for t in lex.triggers(lang):
        assert t.predicate in lex.predicates
        assert t.pos in {"VERB", "NOUN", "ADJ"}
        assert 0 < t.confidence <= 1
        assert all(part == normalize_lemma(part) and " " not in part for part in t.lemmas)
        assert t.examples, f"{lang} {t.lemma!r} has no inflected example"
        if t.requires_prep:
            assert t.object_preps
        if t.object_case is not None:
            assert t.object_case in {"nom", "gen", "dat", "acc", "ins", "loc"}


def test_language_defaults_for_agents(lex: Lexicon) -> None:
    # The first entry of each file uses the language defaults (no override).
    passive = {lang: lex.triggers(lang).entries[0] for lang in lex.languages}
    assert passive["en"].subject_preps == ("by",)
    assert passive["pl"].subject_preps == ("przez",)
    assert {"von", "durch"} <= set(passive["de"].subject_preps)
    assert passive["ru"].agent_case == "ins" and passive["uk"].agent_case == "ins"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_cues_are_present(lex: Lexicon, lang: str) -> None:
    cues = lex.cues(lang)
    for kind in CUE_KINDS:
        if kind != "future":
            assert len(cues.of(kind)) >= (1 if kind == "hedges" else 3), (lang, kind)
    negators = {"en": "not", "fr": "ne", "it": "non", "pl": "nie", "de": "nicht",
                "es": "no", "ru": "не", "uk": "не"}  # fmt: skip
    assert negators[lang] in cues.negation
    with pytest.raises(LexiconError, match="unknown cue kind"):
        cues.of("sarcasm")


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_roles_and_structural_cues_are_present(lex: Lexicon, lang: str) -> None:
    roles = lex.roles(lang)
    assert {"president", "prime_minister", "foreign_minister", "minister", "director",
            "head", "leader", "secretary_general", "spokesperson"} <= roles.role_ids  # fmt: skip
    assert roles.former, f"{lang}: no 'former' modifiers"
    assert len(roles.membership) >= 3 and len(roles.part_of) >= 3
    assert all(c.predicate == "memberOf" for c in roles.membership)
    assert all(c.predicate == "partOf" for c in roles.part_of)


# ------------------------------------------------------------------ lemma checks


def _hits(index_match: Callable, lemmas: Sequence[str]) -> list:
    return [m for i in range(len(lemmas)) for m in index_match(lemmas, i)]


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_trigger_examples_lemmatize_to_their_entry(lex: Lexicon, lang: str) -> None:
    """Every example of every entry, lemmatized by the real tool, matches that entry.

    Also: each lemmatizer variant must be produced by at least one example
    (dead variants are mistakes), and for en/fr at least one example must
    give the anchor the entry's POS.
    """
    index = lex.triggers(lang)
    entries = _entries(lex, lang)
    jobs = [(e, ex) for e in entries for ex in e.examples]
    analyses = analyse_many(lang, [ex for _, ex in jobs])
    misses: list[str] = []
    used: dict[Trigger, set[tuple[str, ...]]] = defaultdict(set)
    pos_ok: dict[Trigger, bool] = defaultdict(bool)
    for (entry, example), (lemmas, _texts, tags) in zip(jobs, analyses, strict=True):
        forms = _forms(lex, entry)
        found = [m for m in _hits(index.match_at, lemmas) if m.entry in forms]
        if not found:
            misses.append(f"{entry.lemma!r} ({entry.pos}) <- {example!r}: lemmas {lemmas}")
            continue
        for m in found:
            used[entry].add(m.entry.lemmas)
            tag = tags[m.start]
            pos_ok[entry] |= tag in ("", entry.pos) or (entry.pos, tag) in {
                ("VERB", "AUX"),
                ("NOUN", "PROPN"),
            }
    assert misses == [], f"{lang}: {len(misses)} examples miss their entry:\n" + "\n".join(misses)
    dead = [
        f"{f.lemma!r} (variant of {e.lemma!r})"
        for e in entries
        for f in _forms(lex, e)
        if f.lemma != e.canonical and not _is_split(f) and f.lemmas not in used[e]
    ]
    assert dead == [], f"{lang}: variants no example produces: {dead}"
    if lang in SPACY_MODELS:
        wrong_pos = [f"{e.lemma!r} {e.pos}" for e in entries if not pos_ok[e]]
        assert wrong_pos == [], f"{lang}: no example tags the anchor with the entry's POS"


# Hand-written inflected forms -> predicate the lexicon must find. Independent
# of the examples stored in the data, so a careless edit there is caught here.
INFLECTED = {
    "en": [
        ("Russia invaded Ukraine in 2022.", "invades"),
        ("Tokayev went against Putin.", "opposes"),
        ("Kyiv cut diplomatic ties with Minsk.", "cutsTiesWith"),
        ("Erdogan lashed out at Sweden.", "criticizes"),
        ("Moscow put strong pressure on Astana.", "pressures"),
        ("The EU imposed new sanctions on Russia.", "sanctions"),
        ("Kazakhstan is refusing to recognize the republics.", "refuses"),
        ("Xi met Putin in Moscow.", "meets"),
        ("The annexation of Crimea was condemned.", "annexes"),
    ],
    "fr": [
        ("La Russie veut annexer trois régions.", "annexes"),
        ("Le Kremlin soutient les séparatistes.", "supports"),
        ("Tokaïev s'est opposé à Poutine.", "opposes"),
        ("Il a exercé des pressions sur Moscou.", "pressures"),
        ("Après le début de l'invasion de l'Ukraine.", "invades"),
        ("Paris a condamné les frappes.", "condemns"),
        ("Les deux pays ont signé un accord de coopération.", "signsAgreementWith"),
    ],
    "it": [
        ("ha chiesto", "requests"),
        ("ha esercitato pressioni su Mosca", "pressures"),
        ("ha stretto la mano a Putin", "meets"),
        ("si è opposto alla Russia", "opposes"),
        ("la Russia ha invaso l'Ucraina", "invades"),
        ("sanzioni contro la Russia", "sanctions"),
        ("ha criticato", "criticizes"),
    ],
    "pl": [
        ("Tokajew skrytykował Unię", "criticizes"),
        ("Prezydent postawił się Rosji", "defies"),
        ("nie popierając inwazji na Ukrainę", "supports"),
        ("inwazji na Ukrainę", "invades"),
        ("wywiera presję na Kazachstan", "pressures"),
        ("uścisnął dłoń Putinowi", "meets"),
        ("współpracy wojskowej z Chinami", "cooperatesWith"),
        ("sprzeciwił się planom", "opposes"),
    ],
    "de": [
        ("Russland griff die Ukraine an", "attacks"),
        ("die Invasion der Ukraine", "invades"),
        ("Berlin verhängte Sanktionen gegen Moskau", "sanctions"),
        ("Scholz traf sich mit Xi", "meets"),
        ("Tokajew kritisierte die Union", "criticizes"),
        ("Russland annektierte die Krim", "annexes"),
        ("Zusammenarbeit mit China", "cooperatesWith"),
    ],
    "es": [
        ("Rusia invadió Ucrania", "invades"),
        ("Tokáyev se opuso a Putin", "opposes"),
        ("la UE impuso sanciones a Rusia", "sanctions"),
        ("se reunió con Xi", "meets"),
        ("ejerce presión sobre Kazajistán", "pressures"),
        ("criticó a la Unión", "criticizes"),
    ],
    "ru": [
        ("Россия вторглась в Украину", "invades"),
        ("Токаев выступил против Путина", "opposes"),
        ("раскритиковал союз", "criticizes"),
        ("ввели санкции против России", "sanctions"),
        ("встретился с Си", "meets"),
        ("оказывает давление на Казахстан", "pressures"),
        ("аннексия Крыма", "annexes"),
    ],
    "uk": [
        ("Росія вторглася в Україну", "invades"),
        ("виступив проти Путіна", "opposes"),
        ("розкритикував союз", "criticizes"),
        ("запровадили санкції проти Росії", "sanctions"),
        ("зустрівся з Сі", "meets"),
        ("чинить тиск на Казахстан", "pressures"),
        ("анексія Криму", "annexes"),
    ],
}


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_inflected_forms_find_the_expected_predicate(lex: Lexicon, lang: str) -> None:
    index = lex.triggers(lang)
    cases = INFLECTED[lang]
    wrong = []
    for (text, predicate), (lemmas, _, _) in zip(
        cases, analyse_many(lang, [t for t, _ in cases]), strict=True
    ):
        found = {m.entry.predicate for m in index.find_all(lemmas)}
        if predicate not in found:
            wrong.append(f"{text!r}: lemmas {lemmas} gave {sorted(found)}, expected {predicate}")
    assert wrong == [], "\n".join(wrong)


def test_simplemma_lemmas_named_in_the_brief() -> None:
    simplemma = pytest.importorskip("simplemma")
    for word, lang, lemma in [
        ("skrytykował", "pl", "skrytykować"),
        ("postawił", "pl", "postawić"),
        ("chiesto", "it", "chiedere"),
        ("esercitato", "it", "esercitare"),
        ("angegriffen", "de", "angreifen"),
        ("invadió", "es", "invadir"),
        ("вторглась", "ru", "вторгнуться"),
        ("розкритикував", "uk", "розкритикувати"),
    ]:
        assert simplemma.lemmatize(word, lang=lang) == lemma


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_cue_examples_hit_their_cue_kind(lex: Lexicon, lang: str) -> None:
    cues = lex.cues(lang)
    raw = json.loads((DEFAULT_DATA_DIR / f"{lang}.json").read_text(encoding="utf-8"))["cues"]
    misses = []
    for kind, spec in raw.items():
        examples = spec.get("examples", [])
        for example, (lemmas, texts, _) in zip(examples, analyse_many(lang, examples), strict=True):
            if not any(cues.match_at(kind, lemmas, i, texts=texts) for i in range(len(lemmas))):
                misses.append(f"{kind}: {example!r} -> {lemmas}")
    assert misses == [], f"{lang}: cue examples that match no cue:\n" + "\n".join(misses)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_role_and_structural_examples_lemmatize_to_their_entry(lex: Lexicon, lang: str) -> None:
    roles = lex.roles(lang)

    def key(entry: object) -> tuple:
        # An entry and its lemmatizer variants share their label and examples.
        return (getattr(entry, "role", None), getattr(entry, "predicate", None), entry.examples)

    jobs = []
    for index in (roles.nouns, roles.membership, roles.part_of):
        entries = {key(e): e for e in index}.values()  # one per JSON entry
        jobs += [(e, ex, index) for e in entries for ex in e.examples]
    misses = []
    used: dict[tuple, set] = defaultdict(set)
    for (entry, example, index), (lemmas, _, _) in zip(
        jobs, analyse_many(lang, [ex for _, ex, _ in jobs]), strict=True
    ):
        found = [m.entry for m in index.find_all(lemmas) if key(m.entry) == key(entry)]
        if not found:
            misses.append(f"{entry.lemma!r} <- {example!r}: lemmas {lemmas}")
        used[key(entry)].update(e.lemmas for e in found)
    assert misses == [], f"{lang}:\n" + "\n".join(misses)
    # The loader puts an entry first and its variants after it: every variant
    # must be what the lemmatizer produces for at least one example.
    groups: dict[tuple, list] = defaultdict(list)
    for entry in (*roles.nouns, *roles.membership, *roles.part_of):
        groups[key(entry)].append(entry)
    dead = [v.lemma for k, group in groups.items() for v in group[1:] if v.lemmas not in used[k]]
    assert dead == [], f"{lang}: variants no example produces: {dead}"


# ------------------------------------------------------------------ API behaviour


def test_unknown_language_names_language_and_supported_ones(lex: Lexicon) -> None:
    with pytest.raises(LanguageError, match=r"'xx'.*de, en, es, fr, it, pl, ru, uk"):
        lex.triggers("xx")
    with pytest.raises(LanguageError):
        lex.cues("zh")
    with pytest.raises(LanguageError):
        lex.roles("")
    assert issubclass(LexiconError, KGBuilderError)


def test_candidates_are_indexed_by_first_lemma_longest_first(lex: Lexicon) -> None:
    fr = lex.triggers("fr")
    cands = fr.candidates("Exercer")
    assert cands and all(c.lemmas[0] == "exercer" for c in cands)
    assert [len(c.lemmas) for c in cands] == sorted((len(c.lemmas) for c in cands), reverse=True)
    assert fr.candidates("inexistant") == ()
    assert "annexer" in fr and "zzz" not in fr


def test_match_at_allows_small_gaps_only(lex: Lexicon) -> None:
    fr = lex.triggers("fr")
    hits = fr.match_at(["exercer", "de", "fort", "pression", "sur", "moscou"], 0)
    assert "pressures" in {m.entry.predicate for m in hits}
    assert hits[0].positions == (0, 3) and hits[0].end == 4
    far = ["exercer", "a", "b", "c", "d", "e", "pression"]
    assert "pressures" not in {m.entry.predicate for m in fr.match_at(far, 0)}
    assert fr.match_at(["exercer"], 5) == []


def test_german_separable_verbs_match_split_forms(lex: Lexicon) -> None:
    de = lex.triggers("de")
    split = ["russland", "greifen", "am", "donnerstag", "die", "ukraine", "an"]
    matches = [m for m in de.match_at(split, 1) if m.entry.predicate == "attacks"]
    assert matches and matches[0].entry.canonical == "angreifen"
    assert matches[0].positions == (1, 6)
    assert any(m.entry.predicate == "attacks" for m in de.match_at(["angreifen"], 0))


def test_cue_matching_uses_lemma_or_text(lex: Lexicon) -> None:
    en = lex.cues("en")
    assert en.match_at("hedges", ["accord", "to", "the"], 0) == 2
    assert en.match_at("hedges", ["foo", "to"], 0, texts=["according", "to"]) == 2
    assert en.has("negation", "not") and en.has("negation", "xx", "n't")
    assert not en.has("negation", "yes")
    ru = lex.cues("ru")
    assert ru.match_at("hedges", ["по", "слово", "эксперт"], 0) == 2


def test_roles_work_as_a_lemma_mapping(lex: Lexicon) -> None:
    pl = lex.roles("pl")
    assert pl["Prezydent"] == "president"
    assert pl["minister sprawa zagraniczny"] == "foreign_minister"
    assert "kot" not in pl and pl.get("kot") is None
    with pytest.raises(KeyError):
        pl["kot"]
    assert lex.roles("fr").get("directeur") == "director"
    assert [m.entry.role for m in lex.roles("en").match_at(["prime", "minister"], 0)] == ["prime_minister"]
    # Raw token text with a typographic apostrophe is found as well.
    assert {"n'", "n\u2019"} <= lex.cues("fr").negation


def test_records_are_frozen(lex: Lexicon) -> None:
    trigger = lex.triggers("en").candidates("invade")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        trigger.predicate = "supports"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex.predicates["invades"].plover = "AID"  # type: ignore[misc]
    with pytest.raises(TypeError):
        lex.predicates["x"] = lex.predicates["invades"]  # type: ignore[index]


# ------------------------------------------------------------- malformed data


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def _edit(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_unknown_predicate_in_a_trigger_is_reported(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / "pl.json", lambda d: d["triggers"][0].update(predicate="befriends"))
    with pytest.raises(LexiconError, match=r"pl\.json triggers\[0\].*unknown predicate 'befriends'"):
        load_lexicon(data_dir=data)


def test_conflicting_duplicate_is_reported_unless_ambiguous(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    clash = {"lemma": "invade", "pos": "VERB", "predicate": "visits", "examples": ["x"]}
    _edit(data / "en.json", lambda d: d["triggers"].append(clash))
    with pytest.raises(LexiconError, match=r"'invade' \(VERB\) maps to \['invades', 'visits'\]"):
        load_lexicon(data_dir=data)

    def mark(d: dict) -> None:
        for t in d["triggers"]:
            if t["lemma"] == "invade":
                t["ambiguous"] = True

    _edit(data / "en.json", mark)
    lex = load_lexicon(data_dir=data)
    assert {t.predicate for t in lex.triggers("en").candidates("invade")} == {"invades", "visits"}


def test_plover_type_with_one_predicate_is_reported(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    _edit(data / "predicates.json", lambda d: d["predicates"]["warns"].update(plover="ASSAULT"))
    with pytest.raises(LexiconError, match="PLOVER type THREATEN needs at least two predicates"):
        load_lexicon(data_dir=data)


def test_missing_file_and_bad_json_are_reported(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="predicates.json is missing"):
        load_lexicon(data_dir=tmp_path)
    data = _copy_data(tmp_path)
    (data / "it.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LexiconError, match="it.json is not valid JSON"):
        load_lexicon(data_dir=data)
