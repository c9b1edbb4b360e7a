"""Tokenization and folding shared by the gazetteer index and the matcher.

Both sides (dictionary aliases and article text) go through exactly the same
functions, so a surface form matches when its tokens fold to the same keys.

Two keys exist per token:

* the *basic* key: case-folded, diacritics stripped (``Tokaïev`` -> ``tokaiev``,
  ``Łukaszenka`` -> ``lukaszenka``), scripts kept apart;
* the *loose* key (only for tokens of at least :data:`LOOSE_MIN` letters): the
  basic key transliterated from Cyrillic and collapsed phonetically, so that
  common transliteration variants meet (``Tokayev``, ``Tokajew``, ``Токаев``
  and ``Toqaev`` all give ``~tokaev``). Short tokens never use it because a
  loose collision between two short words is far too likely.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: A token is a run of letters or digits; combining marks stay inside it so that
#: decomposed (NFD) input does not split words. Hyphens and apostrophes split
#: tokens, which handles elision (``dell'Ucraina``) and compounds alike.
TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")

#: Characters allowed between two tokens of one multi-word alias. A newline or
#: any other punctuation breaks a name.
JOIN_CHARS = frozenset(" \t\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013'\u2019\u02bc`.")
MAX_GAP = 3

#: Minimum length (in basic-key characters) for the loose key.
LOOSE_MIN = 6

_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ʼ": "",
        "ђ": "д",
        "ћ": "ч",
    }
)

_CYR = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ґ": "g",
        "д": "d",
        "е": "e",
        "є": "e",
        "ж": "z",
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "c",
        "ч": "s",
        "ш": "s",
        "щ": "s",
        "ъ": "",
        "ы": "i",
        "ь": "",
        "э": "e",
        "ю": "iu",
        "я": "ia",
        "ё": "e",
    }
)

# Order matters: longer digraphs first. The sh/ch/sz/cz family collapses to one
# letter because languages disagree on which spelling maps to which sound
# (French "Loukachenko", German "Lukaschenko", Polish "Łukaszenka").
_LATIN_STEPS: tuple[tuple[str, str], ...] = (
    ("shch", "s"),
    ("tsch", "s"),
    ("sch", "s"),
    ("tch", "s"),
    ("sh", "s"),
    ("sz", "s"),
    ("cz", "s"),
    ("ch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ts", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("y", "i"),
    ("j", "i"),
)
_VOWEL_I = re.compile(r"(?<=[aeiou])i(?=[aeiou])")
_REPEAT = re.compile(r"(.)\1+")


def basic_fold(token: str) -> str:
    """Case-fold ``token`` and strip its diacritics (scripts stay apart)."""
    folded = token.casefold().translate(_SPECIAL)
    if folded.isascii():
        return folded
    stripped = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def loose_fold(basic: str) -> str:
    """Transliterate a basic key to Latin and collapse spelling variants."""
    text = basic.translate(_CYR)
    for old, new in _LATIN_STEPS:
        if old in text:
            text = text.replace(old, new)
    text = _VOWEL_I.sub("", text)
    return _REPEAT.sub(r"\1", text)


def token_keys(token: str) -> tuple[str, str | None]:
    """Return ``(basic key, loose key or None)`` for one token."""
    basic = basic_fold(token)
    if len(basic) >= LOOSE_MIN and not basic.isdigit():
        return basic, "~" + loose_fold(basic)
    return basic, None


def case_class(token: str) -> str:
    """Classify a text token: ``U`` all upper case, ``T`` capitalized, ``L`` other."""
    if token.isupper():
        return "U"
    if token[0].isupper():
        return "T"
    return "L"


@lru_cache(maxsize=4)
def tokenize(text: str) -> tuple[tuple[int, int, str], ...]:
    """Split ``text`` into ``(start, end, token)`` triples.

    Cached: the actor and the role gazetteers both scan each article.
    """
    return tuple((m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text))


def joined(text: str, end: int, start: int) -> bool:
    """True when the gap ``text[end:start]`` may sit inside a multi-word name."""
    if start - end > MAX_GAP:
        return False
    for ch in text[end:start]:
        if ch not in JOIN_CHARS:
            return False
    return True


_SENTENCE_END = frozenset('.!?\n:;…«»"“”„')


def sentence_initial(text: str, start: int) -> bool:
    """True when the token at ``start`` opens a sentence, a line or the text."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“”„«»‘’(–—-*•":
        if text[i] in '"“”„«»':
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text`` for keys (``"Kassym-Jomart Tokayev"`` ->
    ``"kassym-jomart-tokayev"``)."""
    basic = basic_fold(text).translate(_CYR)
    basic = unicodedata.normalize("NFKD", basic).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", basic).strip("-")
