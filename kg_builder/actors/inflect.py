"""Generate inflected forms of alias tokens at load time.

Matching is a pure dictionary lookup, so inflection is handled by expanding
each alias token into the forms it can take in the article's language:
Polish ``Rosja`` -> ``Rosji, Rosję, Rosją``; Russian ``Токаев`` ->
``Токаева, Токаеву, Токаевым``; German ``Russland`` -> ``Russlands``; Italian
``russo`` -> ``russa, russi, russe``. The paradigms are chosen from the
token's ending, so names missing from any lemmatizer dictionary (``Токаев``,
``Tokajew``) inflect as well. Over-generation is harmless: a form that does
not exist in the language simply never occurs in text.

Forms are generated per token; a multi-word alias accepts any combination of
its tokens' forms (``Stanami Zjednoczonymi``, ``Euroazjatycką Unię``).

For Polish, Russian and Ukrainian the morphological dictionaries of
:mod:`kg_builder.nlp.morph` add the forms they list for a token read as a
lemma: stem changes the tables cannot guess (``Węgry`` -> ``Węgier,
Węgrzech``; ``Kijów`` -> ``Kijowie``). The tables stay for the names the
dictionaries do not know (``Tokajew``, ``Токаев``).
"""

from __future__ import annotations

from functools import lru_cache

from kg_builder.nlp.morph import morfeusz, pymorphy

#: Languages whose nominal inflection is generated.
INFLECTED_LANGUAGES: frozenset[str] = frozenset({"pl", "ru", "uk", "de"})

_MIN_LEN = 3

# (alias ending, number of characters to cut, endings to append). The first
# rule whose ending matches wins, so longer endings come first.
_PL_RULES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ki", 1, ("i", "iego", "iemu", "im", "a", "iej", "ą", "ie", "ich", "imi")),
    ("gi", 1, ("i", "iego", "iemu", "im", "a", "iej", "ą", "ie", "ich", "imi")),
    ("anie", 2, ("ie", "", "om", "ami", "ach")),
    ("owie", 4, ("owie", "ów", "om", "ami", "ach")),
    ("cy", 2, ("cy", "ców", "com", "cami", "cach")),
    ("ie", 2, ("ie", "ich", "im", "imi", "iego", "iemu")),
    ("ja", 2, ("ja", "ji", "ję", "ją", "jo")),
    ("ia", 2, ("ia", "ii", "ię", "ią", "io")),
    ("ea", 2, ("ea", "ei", "eę", "eą")),
    ("a", 1, ("a", "y", "i", "ie", "ę", "ą", "o", "ej", "iej", "om", "ami", "ach")),
    ("o", 1, ("o", "a", "i", "y", "ę", "ą", "owi", "ie", "u", "em", "e")),
    (
        "y",
        1,
        ("y", "", "om", "ami", "ach", "ów", "ego", "emu", "ym", "a", "ej", "ą", "e", "ych", "ymi"),
    ),
    ("e", 1, ("e", "ych", "ym", "ymi", "ego", "emu")),
    ("i", 0, ("", "ego", "emu", "m")),
    ("ś", 1, ("ś", "si", "sią")),
    ("ź", 1, ("ź", "zi", "zią")),
    ("ć", 1, ("ć", "ci", "cią")),
    ("ń", 1, ("ń", "nia", "niu", "niem", "ni")),
)
_PL_CONSONANT = (
    "",
    "a",
    "u",
    "owi",
    "em",
    "iem",
    "ie",
    "e",
    "y",
    "i",
    "owie",
    "ów",
    "om",
    "ami",
    "ach",
)
# Locative/dative stem alternations (Ameryka -> Ameryce, Egipt -> Egipcie).
_PL_ALTERNATIONS: tuple[tuple[str, str], ...] = (
    ("szt", "szcie"),
    ("st", "ście"),
    ("sk", "sce"),
    ("k", "ce"),
    ("g", "dze"),
    ("ch", "sze"),
    ("r", "rze"),
    ("ł", "le"),
    ("t", "cie"),
    ("d", "dzie"),
)
_PL_VOWELS = set("aeiouyąęó")

_RU_RULES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ий", 2, ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими", "ою")),
    ("ый", 2, ("ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ое", "ые", "ых", "ыми", "ою")),
    ("ой", 2, ("ой", "ого", "ому", "ым", "ом", "ая", "ую", "ое", "ые", "ых", "ыми")),
    ("ое", 2, ("ое", "ого", "ому", "ым", "ом")),  # neuter adjectives: Исламское -> Исламскому
    ("ые", 2, ("ые", "ых", "ым", "ыми")),
    ("ие", 2, ("ие", "их", "им", "ими")),
    ("ая", 2, ("ая", "ой", "ую", "ою")),
    ("яя", 2, ("яя", "ей", "юю", "ею")),
    ("ия", 2, ("ия", "ии", "ию", "ией", "иею")),
    ("ея", 2, ("ея", "еи", "ею", "еей")),
    ("цы", 2, ("цы", "цев", "цам", "цами", "цах")),
    ("ане", 3, ("ане", "ан", "анам", "анами", "анах")),
    ("яне", 3, ("яне", "ян", "янам", "янами", "янах")),
    ("я", 1, ("я", "и", "е", "ю", "ей", "ею")),
    ("а", 1, ("а", "ы", "и", "е", "у", "ой", "ою")),
    ("ь", 1, ("ь", "я", "ю", "ем", "ём", "е", "и", "ью")),
    ("й", 1, ("й", "я", "ю", "ем", "е")),
    ("ы", 1, ("ы", "ов", "ам", "ами", "ах")),
    ("во", 1, ("во", "ва", "ву", "вом", "ве")),  # neuter nouns: государство -> государству
)
_RU_CONSONANT = ("", "а", "у", "ом", "е", "ым", "ы", "ов", "ам", "ами", "ах")
_RU_PLURAL_I = ("и", "ов", "ей", "ам", "ами", "ах")

_UK_RULES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ий", 2, ("ий", "ого", "ому", "им", "ім", "а", "ої", "у", "ою", "е", "і", "их", "ими")),
    ("ці", 2, ("ці", "ців", "цям", "цями", "цях")),
    ("ні", 1, ("і", "их", "им", "ими")),
    ("і", 1, ("і", "их", "им", "ими", "ій", "ого")),
    ("ія", 2, ("ія", "ії", "ію", "ією")),
    ("ни", 2, ("ни", "н", "нам", "нами", "нах")),
    ("я", 1, ("я", "і", "ю", "ею", "ям")),
    ("а", 1, ("а", "и", "і", "у", "ою", "о", "ам", "ої", "ій")),  # nouns and feminine adjectives
    ("ь", 1, ("ь", "я", "ю", "ем", "і", "ею")),
    ("й", 1, ("й", "я", "ю", "єм", "ї")),
    ("о", 1, ("о", "а", "у", "ові", "ом", "і")),
    ("и", 1, ("и", "ів", "ам", "ами", "ах")),
)
_UK_CONSONANT = ("", "а", "у", "ові", "ом", "і", "е", "им", "ів", "ам", "ами", "ах", "ою")

_CYR_VOWELS = set("аеёиоуыэюяєії")


def _apply(token: str, rules: tuple[tuple[str, int, tuple[str, ...]], ...]) -> tuple[str, ...] | None:
    lower = token.casefold()
    for ending, cut, endings in rules:
        if lower.endswith(ending):
            stem = token[: len(token) - cut] if cut else token
            return tuple(stem + e for e in endings)
    return None


def _polish(token: str) -> set[str]:
    lower = token.casefold()
    forms = _apply(token, _PL_RULES)
    if forms is not None:
        out = set(forms)
        if lower.endswith(("a", "o")):
            stem = token[:-1]
            out.update(_alternations(stem))
        if lower.endswith(("ski", "cki")):
            out.add(token[:-3] + ("scy" if lower.endswith("ski") else "ccy"))
        return out
    if lower[-1] in _PL_VOWELS and lower[-1] != "ó":
        return {token}
    out = {token + e for e in _PL_CONSONANT}
    out.update(_alternations(token))
    # Fleeting ó in the last syllable: Kijów -> Kijowa, Zachód -> Zachodu.
    idx = lower.rfind("ó")
    if idx >= len(lower) - 3 and idx > 0:
        stem = token[:idx] + ("O" if token[idx].isupper() else "o") + token[idx + 1 :]
        out.update(stem + e for e in _PL_CONSONANT if e)
        out.update(_alternations(stem))
    return out


def _alternations(stem: str) -> set[str]:
    lower = stem.casefold()
    for old, new in _PL_ALTERNATIONS:
        if lower.endswith(old):
            return {stem[: len(stem) - len(old)] + new}
    return set()


def _russian(token: str, kind: str) -> set[str]:
    lower = token.casefold()
    forms = _apply(token, _RU_RULES)
    if forms is not None:
        return set(forms)
    if lower.endswith("и"):
        return {token[:-1] + e for e in _RU_PLURAL_I} if kind == "people" else {token}
    if lower[-1] in _CYR_VOWELS:
        return {token}  # indeclinable: Лукашенко, Баку, Сочи
    return {token + e for e in _RU_CONSONANT}


def _ukrainian(token: str) -> set[str]:
    lower = token.casefold()
    forms = _apply(token, _UK_RULES)
    if forms is not None:
        return set(forms)
    if lower[-1] in _CYR_VOWELS:
        return {token}
    out = {token + e for e in _UK_CONSONANT}
    # і -> о in the last closed syllable: Захід -> Заходу, Львів -> Львова.
    if len(lower) >= 3 and lower[-2] == "і":
        alt = token[:-2] + "о" + token[-1]
        out.update(alt + e for e in _UK_CONSONANT if e)
    return out


def _german(token: str, kind: str) -> set[str]:
    lower = token.casefold()
    if token[0].islower():
        if kind in ("demonym", "role") or lower.endswith("isch"):
            base = token[:-1] if lower.endswith("e") else token
            return {token, *(base + e for e in ("e", "en", "er", "es", "em"))}
        return {token}
    if lower.endswith("e"):
        return {token, token + "n", token + "r", token + "s", token + "m"}
    if lower[-1] in "sxzß":
        return {token}
    return {token, token + "s"}


# Morfeusz tags whose forms are inflections of a noun or adjective lemma (not
# the ad-adjectival "polsko", post-prepositional "polsku" or abbreviations).
_PL_DICT_TAGS = frozenset({"subst", "depr", "adj"})
_CYR_DICT_POS = frozenset({"NOUN", "ADJF"})


@lru_cache(maxsize=65536)
def dictionary_forms(token: str, lang: str) -> frozenset[str]:
    """The forms the ``lang`` dictionary lists for ``token`` as a noun or adjective lemma.

    Empty when the dictionary does not know ``token`` as a lemma. A noun keeps
    the number it has as a lemma (``Захід``, the West, does not grow the
    plural ``Заходи``, measures); forms keep the token's initial capital.
    """
    out: set[str] = set()
    if lang == "pl":
        analyser = morfeusz()
        # Numbers in which the token is a nominative noun of its own lemma.
        numbers = {
            number
            for _s, _e, (_o, lemma, tag, _n, _q) in analyser.analyse(token)
            if lemma.split(":", 1)[0] == token and tag.startswith(("subst:", "depr:")) and "nom" in tag
            for number in tag.split(":")[1].split(".")
        }
        for orth, _lemma, tag, _names, _quals in analyser.generate(token):
            parts = tag.split(":")
            if parts[0] not in _PL_DICT_TAGS or {"com", "sup", "neg"} & set(parts):
                continue
            if parts[0] != "adj" and numbers and not numbers & set(parts[1].split(".")):
                continue
            out.add(orth)
        return frozenset(out)
    if lang in ("ru", "uk"):
        lemma = token.casefold()
        for parse in pymorphy(lang).parse(token):
            tag = parse.tag
            known = parse.is_known and parse.normal_form == lemma
            if not (known and tag.POS in _CYR_DICT_POS and "nomn" in tag):
                continue
            plural = "plur" in tag
            out.update(f.word for f in parse.lexeme if tag.POS == "ADJF" or ("plur" in f.tag) == plural)
        if token[0].isupper():
            out = {f[:1].upper() + f[1:] for f in out}
    return frozenset(out)


def token_forms(token: str, lang: str, kind: str) -> set[str]:
    """All forms of one alias token in ``lang`` (the token itself included).

    ``kind`` is the alias kind (``name``, ``demonym``, ``people``, ``role``...);
    acronyms and short tokens never inflect.
    """
    if len(token) < _MIN_LEN or kind == "acronym" or token.isupper() or not token.isalpha():
        return {token}
    if lang == "pl":
        return _polish(token) | dictionary_forms(token, lang)
    if lang == "ru":
        return _russian(token, kind) | dictionary_forms(token, lang)
    if lang == "uk":
        return _ukrainian(token) | dictionary_forms(token, lang)
    if lang == "de":
        return _german(token, kind)
    return {token}


def _strip_final_accent(stem: str) -> str:
    table = str.maketrans("áéíóú", "aeiou")
    return stem[:-1] + stem[-1].translate(table) if stem else stem


def romance_demonym_forms(word: str, lang: str) -> set[str]:
    """Gender and number forms of a masculine singular demonym adjective.

    ``russo`` (it) -> russo, russa, russi, russe; ``francés`` (es) -> francés,
    francesa, franceses, francesas; ``ukrainien`` (fr) -> ukrainien,
    ukrainienne, ukrainiens, ukrainiennes.
    """
    w = word
    lw = word.casefold()
    out = {w}
    if " " in w or "-" in w:
        return out
    if lang == "it":
        if lw.endswith("co"):
            out |= {w[:-1] + "a", w[:-1] + "hi", w[:-1] + "he"}
        elif lw.endswith("go"):
            out |= {w[:-1] + "a", w[:-1] + "hi", w[:-1] + "he"}
        elif lw.endswith("o"):
            out |= {w[:-1] + "a", w[:-1] + "i", w[:-1] + "e"}
        elif lw.endswith("e"):
            out.add(w[:-1] + "i")
    elif lang == "es":
        if lw.endswith("o"):
            out |= {w[:-1] + "a", w + "s", w[:-1] + "as"}
        elif lw.endswith(("és", "án", "ín", "ón")):
            stem = _strip_final_accent(w[:-1]) + w[-1]
            out |= {stem + "a", stem + "es", stem + "as"}
        elif lw.endswith("í"):
            out |= {w + "es", w + "s"}
        elif lw.endswith(("e", "a")):
            out.add(w + "s")
        elif lw[-1] not in "aeiouáéíóú":
            out |= {w + "a", w + "es", w + "as"}
    elif lang == "fr":
        if lw.endswith("e"):
            out.add(w + "s")
        elif lw.endswith(("ien", "éen")):
            out |= {w + "ne", w + "s", w + "nes"}
        elif lw.endswith(("ais", "ois")):
            out |= {w + "e", w + "es"}
        elif lw.endswith("c"):
            out |= (
                {w[:-1] + "que", w + "s", w[:-1] + "ques"}
                if lw != "grec"
                else {
                    "grecque",
                    "grecs",
                    "grecques",
                }
            )
        elif lw.endswith("x"):
            out |= {w[:-1] + "se", w[:-1] + "ses"}
        else:
            out |= {w + "e", w + "s", w + "es"}
    return out
