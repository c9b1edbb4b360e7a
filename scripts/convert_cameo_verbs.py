#!/usr/bin/env python3
"""Convert the CAMEO verb dictionaries into candidate lexicon triggers (en, es).

Sources (facts only are converted: which verb carries which CAMEO code; no source file is
copied as it is):

* PETRARCH2 verb patterns, openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf,
  ``petrarch2/data/dictionaries/CAMEO.2.0.txt``, MIT licence, Copyright (c) 2015 Open Event
  Data Alliance (English; verb synonym sets from TABARI and WordNet, each with a CAMEO code).
* UniversalPetrarch Spanish verb patterns, openeventdata/UniversalPetrarch
  @ 067552d83956f552d355256bf200e89ec9fdb7dc,
  ``UniversalPetrarch/data/dictionaries/spanish/verbpatterns_es_190128.txt``, MIT licence,
  Copyright (c) 2016 Open Event Data Alliance.
* The CAMEO -> PLOVER crosswalk, openeventdata/PLOVER @ 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f,
  ``CAMEO2PLOVER-2021.txt``, CC BY-SA 4.0 (the PLOVER project; only the code -> type facts are used).

What it reads. A verb block of these dictionaries is a header ``--- NAME [code] ---``, then the
block's verbs (one a line, ``+A_B`` for a multiword verb, irregular forms in braces, an own
``[code]`` overriding the block's), then patterns ``- * OBJECT [code] # VERB``. Every verb
gets its code (its own, else the block's; ``---`` means none). A pattern whose object is one
plain word right after the verb (``- * SANCTIONS [163] # IMPOSE``) gives a verb + noun
candidate (``impose sanction``), the shape of the lexicon's multiword triggers.

Mapping. The CAMEO code goes to PLOVER through the crosswalk (longest listed prefix), then to
one of the project's predicates (``kg_builder/extract/data/lexicon/predicates.json``) through
``PREDICATE_BY_CAMEO`` below. PLOVER dropped CAMEO 01 (statements) and 02 (appeals); the
project's REQUEST definition ("ask, appeal, demand, urge") includes appeals, so 02 is mapped to
REQUEST here and marked ``project`` in the ``plover_source`` column. Where the project's
predicate has another PLOVER type than the crosswalk (CAMEO 057 "sign formal agreement" is
SUPPORT in the crosswalk, ``signsAgreementWith`` is AGREE), the predicate wins and the row says
``conflict``. Codes with no predicate (statements, investigations) give no candidate.

Output: ``scripts/cameo_verbs/<lang>.tsv``, one candidate a row, sorted, with a header naming
the sources. Columns: lemma, pos, predicate, plover, cameo (the codes, most frequent first),
plover_source (crosswalk / project / conflict), kind (verb / pattern), in_lexicon (the
predicates the lemma already has as a verb trigger, ``-`` for none), common (the first word
is a high-frequency word, wordfreq Zipf >= 5.0: ambiguous, review by hand), source_verbs.

The candidates are not loaded by the extractor: they are reviewed and measured, and the ones
that keep precision are merged into ``<lang>.json`` by hand with an own example sentence
(README, "Quality", "CAMEO verb candidates"). Re-run after changing the mapping::

    python scripts/convert_cameo_verbs.py --source ../shared/data/eventdata

It needs ``wordfreq`` (the ``test`` extra) for the ``common`` column.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICON_DIR = ROOT / "kg_builder" / "extract" / "data" / "lexicon"
OUT_DIR = ROOT / "scripts" / "cameo_verbs"

__all__ = [
    "PREDICATE_BY_CAMEO",
    "Candidate",
    "VerbCode",
    "candidates",
    "main",
    "map_code",
    "read_crosswalk",
    "read_verbs",
]

SOURCES = {
    "en": (
        "petrarch2/CAMEO.2.0.txt",
        "openeventdata/petrarch2 @ 676801cd9cb2924bbbad09f86d15c9323e7097bf "
        "(petrarch2/data/dictionaries/CAMEO.2.0.txt), MIT licence, "
        "Copyright (c) 2015 Open Event Data Alliance",
    ),
    "es": (
        "universalpetrarch-es/verbpatterns_es_190128.txt",
        "openeventdata/UniversalPetrarch @ 067552d83956f552d355256bf200e89ec9fdb7dc "
        "(UniversalPetrarch/data/dictionaries/spanish/verbpatterns_es_190128.txt), MIT licence, "
        "Copyright (c) 2016 Open Event Data Alliance",
    ),
}
CROSSWALK = (
    "plover/CAMEO2PLOVER-2021.txt",
    "openeventdata/PLOVER @ 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f (CAMEO2PLOVER-2021.txt), CC BY-SA 4.0",
)

#: CAMEO code prefix -> project predicate; the longest matching prefix wins.
#: Statements (01x) and investigations (09x) have none: they relate no two actors the way
#: the project's event predicates do.
PREDICATE_BY_CAMEO: Mapping[str, str] = {
    # 02 appeal (dropped by PLOVER, REQUEST in the project) and 10 demand
    "02": "requests",
    "10": "requests",
    "106": "requests",
    # 03 express intent to ... (PLOVER AGREE)
    "03": "agreesWith",
    "0356": "agreesCeasefireWith",
    "036": "agreesWith",
    # 04 consult
    "04": "talksWith",
    "042": "visits",
    "043": "hosts",
    "044": "meets",
    "046": "negotiatesWith",
    # 05 diplomatic cooperation
    "05": "supports",
    "051": "praises",
    "052": "defends",
    "054": "recognizes",
    "057": "signsAgreementWith",
    # 06 material cooperation
    "06": "cooperatesWith",
    # 07 aid
    "07": "aids",
    "072": "suppliesWeaponsTo",
    "075": "grantsAsylumTo",
    # 08 yield
    "08": "concedesTo",
    "081": "easesRestrictionsOn",
    "0841": "releases",
    "085": "liftsSanctionsOn",
    "0871": "agreesCeasefireWith",
    "0872": "withdrawsFrom",
    "0873": "demobilizes",
    "0874": "retreatsFrom",
    # 11 disapprove
    "11": "criticizes",
    "112": "accuses",
    "113": "opposes",
    # 12 reject
    "12": "rejects",
    "128": "defies",
    "129": "vetoes",
    # 13 threaten
    "13": "threatens",
    # 14 protest
    "14": "protestsAgainst",
    "141": "demonstratesAgainst",
    "143": "boycotts",
    # 15 force posture
    "15": "mobilizes",
    # 16 reduce relations
    "16": "cutsTiesWith",
    "162": "suspendsCooperationWith",
    "163": "sanctions",
    "164": "suspendsCooperationWith",
    "166": "expels",
    # 17 coerce
    "171": "seizes",
    "1712": "attacks",
    "172": "imposesRestrictionsOn",
    "1722": "bans",
    "173": "arrests",
    "174": "deports",
    "175": "attacks",
    # 18 assault, 19 fight, 20 mass violence
    "18": "attacks",
    "1823": "kills",
    "183": "bombs",
    "185": "kills",
    "186": "kills",
    "19": "attacks",
    "191": "blockades",
    "192": "occupies",
    "193": "fightsWith",
    "194": "shells",
    "195": "bombs",
    "196": "violates",
    "20": "kills",
    "203": "attacks",
    "204": "attacks",
}
#: Codes the crosswalk leaves out on purpose (PLOVER dropped CAMEO 02, "appeal"), mapped by
#: the project's own definition of the type.
PROJECT_PLOVER: Mapping[str, str] = {"02": "REQUEST"}
#: A first word at least this frequent (wordfreq Zipf) is flagged ``common``.
COMMON_ZIPF = 5.0

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[(:?[0-9]{2,4}(?::[0-9]{0,4})?|---)\]")
_BRACES = re.compile(r"\{[^}]*\}|\[\s*\+[^\]]*\]")
_WORD = re.compile(r"^[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ'_-]*$")


@dataclass(frozen=True, slots=True)
class VerbCode:
    """One verb (or verb + object noun) of a CAMEO dictionary and the code it carries."""

    words: tuple[str, ...]
    code: str
    kind: str  # "verb" or "pattern"
    block: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate trigger: one lemma sequence for one predicate, with its evidence."""

    lemma: str
    pos: str
    predicate: str
    plover: str
    codes: tuple[str, ...]
    plover_source: str
    kind: str
    in_lexicon: str
    common: bool
    source_verbs: tuple[str, ...]

    def row(self) -> list[str]:
        """The TSV columns."""
        return [
            self.lemma,
            self.pos,
            self.predicate,
            self.plover,
            ",".join(self.codes),
            self.plover_source,
            self.kind,
            self.in_lexicon or "-",
            "yes" if self.common else "no",
            ",".join(self.source_verbs),
        ]


COLUMNS = (
    "lemma",
    "pos",
    "predicate",
    "plover",
    "cameo",
    "plover_source",
    "kind",
    "in_lexicon",
    "common",
    "source_verbs",
)


def _code(text: str) -> str | None:
    """The source code of ``[042:043]`` / ``[:173]`` / ``[---]`` (None for no code)."""
    text = text.strip("[]")
    if text == "---":
        return None
    source, _, target = text.partition(":")
    return source or target or None


def read_crosswalk(lines: Iterable[str]) -> dict[str, str]:
    """CAMEO code -> PLOVER type from ``CAMEO2PLOVER-2021.txt`` (``code: TYPE, mode, context # ...``).

    Two-digit lines are block headers; a later, more specific code always wins over them by
    longest prefix (``08: CONCEDE`` and ``08: RETREAT`` are both headers; 084 is RETREAT).
    """
    table: dict[str, str] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^([0-9]{2,4}):\s*([A-Z]+)", line)
        if not m:
            continue
        code, plover = m.groups()
        if len(code) == 2 and code in table:
            continue  # a repeated block header: the first names the block
        table.setdefault(code, plover)
    return table


def _longest(table: Mapping[str, str], code: str) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def map_code(
    code: str, crosswalk: Mapping[str, str], plover_of: Mapping[str, str | None]
) -> tuple[str, str, str] | None:
    """``(predicate, plover, plover_source)`` for a CAMEO code, or None if it has no predicate."""
    predicate = _longest(PREDICATE_BY_CAMEO, code)
    if predicate is None:
        return None
    plover = _longest(crosswalk, code)
    source = "crosswalk"
    if plover is None:
        plover = _longest(PROJECT_PLOVER, code)
        source = "project"
    if plover is None:
        return None
    own = plover_of[predicate]
    if own != plover:
        return predicate, str(own), "conflict"
    return predicate, plover, source


def _verb_words(token: str) -> tuple[str, ...] | None:
    """``+ASK_FOR`` -> ("ask", "for"); ``ACCUSE`` -> ("accuse",); None for non-words."""
    token = token.lstrip("+").strip("_")
    if not token or not _WORD.match(token):
        return None
    return tuple(w.lower() for w in token.split("_") if w)


def read_verbs(lines: Iterable[str]) -> Iterator[VerbCode]:
    """Every coded verb and simple verb + object pattern of a PETRARCH verb dictionary."""
    in_verbs = False
    block = ""
    block_code: str | None = None
    for raw in lines:
        if raw.startswith("####"):
            in_verbs = "VERB PATTERNS" in raw
            continue
        if not in_verbs:
            continue
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            block = header.group(1)
            block_code = _code(header.group(2))
            continue
        body, _, comment = line.partition("#")
        if line.startswith("-"):
            yield from _pattern(body, comment, block)
            continue
        if line.startswith("&"):
            continue
        body = _BRACES.sub(" ", body)
        codes = _CODE.findall(body)
        code = _code(codes[0]) if codes else block_code
        tokens = _CODE.sub(" ", body).split()
        if not tokens or code is None:
            continue
        words = _verb_words(tokens[0])
        if words:
            yield VerbCode(words, code, "verb", block)


def _pattern(body: str, comment: str, block: str) -> Iterator[VerbCode]:
    """``- * SANCTIONS [163] # IMPOSE`` -> impose + sanctions (object one plain word after the verb)."""
    codes = _CODE.findall(body)
    if not codes:
        return
    code = _code(codes[0])
    pattern = _CODE.sub(" ", body).lstrip("-").split()
    verb = comment.split()[0] if comment.split() else ""
    verb_words = _verb_words(verb)
    if code is None or not verb_words or pattern[:1] != ["*"] or len(pattern) != 2:
        return
    noun = _verb_words(pattern[1])
    if noun and len(noun) == 1:
        yield VerbCode(verb_words + noun, code, "pattern", block)


def _lemma_of(words: tuple[str, ...], kind: str, lang: str) -> tuple[str, ...]:
    """The dictionary form the project's lemmatizer gives (plural object nouns made singular)."""
    if kind != "pattern":
        return words
    *head, noun = words
    if lang == "en" and noun.endswith("s") and not noun.endswith("ss") and len(noun) > 4:
        noun = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]
    elif lang == "es" and noun.endswith("es") and len(noun) > 5 and noun[-3] not in "aeiou":
        noun = noun[:-2]
    elif lang == "es" and noun.endswith("s") and len(noun) > 4:
        noun = noun[:-1]
    return (*head, noun)


def candidates(
    verbs: Iterable[VerbCode],
    *,
    lang: str,
    crosswalk: Mapping[str, str],
    plover_of: Mapping[str, str | None],
    known: Mapping[str, set[str]],
    zipf: object | None = None,
) -> list[Candidate]:
    """Group coded verbs into one candidate per (lemma, predicate), sorted by lemma."""
    codes: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    info: dict[tuple[str, str, str], tuple[str, str]] = {}
    sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for v in verbs:
        mapped = map_code(v.code, crosswalk, plover_of)
        if mapped is None:
            continue
        predicate, plover, source = mapped
        lemma = " ".join(_lemma_of(v.words, v.kind, lang))
        key = (lemma, predicate, v.kind)
        codes[key][v.code] += 1
        sources[key].add(v.block.lower())
        prev = info.get(key)
        info[key] = (plover, source if prev is None or prev[1] == source else "conflict")
    out = []
    for key in sorted(codes):
        lemma, predicate, kind = key
        plover, source = info[key]
        first = lemma.split()[0]
        common = bool(zipf and zipf(first, lang) >= COMMON_ZIPF)  # type: ignore[operator]
        ranked = tuple(c for c, _ in sorted(codes[key].items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(
            Candidate(
                lemma=lemma,
                pos="VERB",
                predicate=predicate,
                plover=plover,
                codes=ranked,
                plover_source=source,
                kind=kind,
                in_lexicon=",".join(sorted(known.get(lemma, ()))),
                common=common,
                source_verbs=tuple(sorted(sources[key])),
            )
        )
    return out


def _known(lang: str, lexicon_dir: Path) -> dict[str, set[str]]:
    """Lemma -> predicates of the language's verb triggers already in the lexicon."""
    data = json.loads((lexicon_dir / f"{lang}.json").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = defaultdict(set)
    for t in data["triggers"]:
        if t.get("pos", "VERB") != "VERB":
            continue
        for lemma in [t["lemma"], *t.get("variants", [])]:
            out[lemma.lower()].add(t["predicate"])
    return out


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def convert(source: Path, out_dir: Path, *, lexicon_dir: Path = LEXICON_DIR) -> dict[str, Counter[str]]:
    """Write ``<lang>.tsv`` candidates for en and es into ``out_dir``; return counts per language."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the column is advisory; say so in the file
        zipf_frequency = None
    crosswalk = read_crosswalk(_read(source / CROSSWALK[0]))
    predicates = json.loads((lexicon_dir / "predicates.json").read_text(encoding="utf-8"))["predicates"]
    plover_of = {name: p["plover"] for name, p in predicates.items()}
    unknown = sorted(set(PREDICATE_BY_CAMEO.values()) - set(plover_of))
    if unknown:
        raise SystemExit(f"convert_cameo_verbs: predicates not in predicates.json: {', '.join(unknown)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    stats: dict[str, Counter[str]] = {}
    for lang, (path, licence) in SOURCES.items():
        verbs = list(read_verbs(_read(source / path)))
        cands = candidates(
            verbs,
            lang=lang,
            crosswalk=crosswalk,
            plover_of=plover_of,
            known=_known(lang, lexicon_dir),
            zipf=zipf_frequency,
        )
        counts: Counter[str] = Counter()
        counts["coded_verbs"] = len(verbs)
        counts["candidates"] = len(cands)
        counts["new_lemma"] = sum(not c.in_lexicon for c in cands)
        counts["common"] = sum(c.common for c in cands)
        counts["conflict"] = sum(c.plover_source == "conflict" for c in cands)
        counts.update(f"kind_{c.kind}" for c in cands)
        header = [
            f"# CAMEO verb candidates ({lang}) for the relation lexicon. GENERATED by "
            "scripts/convert_cameo_verbs.py; do not edit (merge reviewed rows into "
            f"kg_builder/extract/data/lexicon/{lang}.json by hand).",
            f"# Verbs: {licence}.",
            f"# CAMEO -> PLOVER: {CROSSWALK[1]}.",
            "# Counts: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())),
        ]
        if zipf_frequency is None:
            header.append("# wordfreq was not installed: the 'common' column is empty (no).")
        lines = [*header, "\t".join(COLUMNS), *("\t".join(c.row()) for c in cands)]
        (out_dir / f"{lang}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        stats[lang] = counts
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``convert_cameo_verbs.py --source DIR [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "eventdata")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    needed = [CROSSWALK[0], *(p for p, _ in SOURCES.values())]
    missing = [str(args.source / p) for p in needed if not (args.source / p).is_file()]
    if missing:
        print(f"convert_cameo_verbs: missing source file(s): {', '.join(missing)}", file=sys.stderr)
        return 2
    stats = convert(args.source, args.out)
    for lang, counts in stats.items():
        print(f"{lang}: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
