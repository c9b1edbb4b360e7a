"""Read TABARI / PETRARCH event-data dictionaries (``.actors`` and agents files).

The format of the open event-data coders (TABARI, PETRARCH, UniversalPetrarch): a record
is a phrase in upper case with ``_`` between words (``BARACK_OBAMA``), ``+PHRASE`` synonym
lines, and CAMEO codes in brackets, optionally dated (``[USAGOV >090120]``,
``[AFGGOV 791227-861124]``, ``[HTIOPPMED <061231]``); ``#`` starts a comment, which on a
code line is kept as that tenure's note. Agents files map nouns to sector codes
(``POLICE {} [~COP]``, plurals in braces). Only reading lives here; what the project keeps
from these files is decided by ``scripts/convert_eventdata.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass
class Code:
    """One ``[CODE dates]`` restriction of a record."""

    code: str
    start: str | None = None
    end: str | None = None
    note: str = ""


@dataclass
class Record:
    """One actor record: a primary phrase, ``+`` synonyms and codes."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comment: str = ""
    line: int = 0


_CODE_RE = re.compile(r"\[([^\]]*)\]")


def tabari_date(text: str) -> str | None:
    """``791227`` -> ``1979-12-27``; ``20041207`` -> ``2004-12-07``; None if malformed.

    Six-digit dates have a two-digit year: 00-30 are 2000-2030, the rest 19xx.
    """
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy <= 30 else "19") + text
    year, month, day = text[:4], text[4:6], text[6:8]
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return None
    return f"{year}-{month}-{day}"


def parse_code(body: str) -> Code | None:
    """Parse the inside of ``[AFGGOV 791227-861124]``, ``[USAGOV >090120]``, ``[ELI]``."""
    parts = body.split()
    if not parts or not re.fullmatch(r"[A-Z]{3,}", parts[0]):
        return None
    code = Code(parts[0])
    if len(parts) > 1:
        span = "".join(parts[1:])
        if span.startswith(">"):
            code.start = tabari_date(span[1:])
            if code.start is None:
                return None
        elif span.startswith("<"):
            code.end = tabari_date(span[1:])
            if code.end is None:
                return None
        elif "-" in span:
            a, b = span.split("-", 1)
            code.start, code.end = tabari_date(a), tabari_date(b)
            if code.start is None or code.end is None:
                return None
        else:
            return None
    return code


def _phrases(text: str) -> list[str]:
    """Split a name field on inner ``+`` and clean it."""
    return [p.strip() for p in text.split("+") if p.strip().strip("_")]


def read_tabari(lines: Iterable[str]) -> Iterator[Record]:
    """Records of a TABARI/PETRARCH ``.actors`` dictionary.

    A line starting with a letter opens a record (codes may follow on the same line);
    ``+PHRASE`` lines add synonyms; indented ``[CODE dates]`` lines add codes; ``#``
    starts a comment. Lines that fit none of these are ignored.
    """
    current: Record | None = None
    for lineno, raw in enumerate(lines, start=1):
        line, _, comment = raw.rstrip("\n").partition("#")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("+"):
            if current is not None:
                name = stripped[1:].split("[", 1)[0]
                current.aliases.extend(_phrases(name))
                current.codes.extend(c for c in map(parse_code, _CODE_RE.findall(stripped)) if c)
            continue
        if stripped.startswith("["):
            if current is not None:
                found = [c for c in map(parse_code, _CODE_RE.findall(stripped)) if c]
                if len(found) == 1:
                    found[0].note = comment.strip()
                current.codes.extend(found)
            continue
        if line[:1].isspace() or stripped.startswith(("!", "<")):
            continue
        if current is not None:
            yield current
        name = stripped.split("[", 1)[0]
        phrases = _phrases(name)
        if not phrases:
            current = None
            continue
        current = Record(phrases[0], phrases[1:], comment=comment.strip(), line=lineno)
        current.codes.extend(c for c in map(parse_code, _CODE_RE.findall(stripped)) if c)
    if current is not None:
        yield current


def words(phrase: str) -> list[str]:
    """Tokens of a TABARI phrase (``_`` and spaces separate words)."""
    return [w for w in re.split(r"[_\s]+", phrase.strip()) if w]


def read_agents(lines: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """``(noun forms, code)`` pairs of a PETRARCH agents dictionary (macros are skipped)."""
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("!") or "!" in line or "[~" not in line:
            continue
        head, _, rest = line.partition("[~")
        code = rest.split("]", 1)[0].strip()
        plurals = re.findall(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", " ", head)
        forms = [" ".join(words(phrase)).lower()]
        for p in plurals:
            forms.extend(" ".join(words(x)).lower() for x in p.split(",") if words(x))
        forms = [f for f in forms if f and f.replace(" ", "").replace("-", "").isalpha()]
        if forms and re.fullmatch(r"[A-Z]{3,9}", code):
            yield forms, code
