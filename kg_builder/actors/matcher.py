"""Token-indexed gazetteer: finds dictionary aliases in text with dict lookups.

Every alias is stored as a sequence of *positions*; each position is the set
of keys (see :mod:`kg_builder.actors.text`) of the forms its token may take.
The first position's keys index the alias, so scanning a text costs one or two
dict lookups per token; only tokens that start some alias look further. No
regular expression per alias is ever built.

Case rules per alias token:

``A``  acronym: the text token must be all upper case (``NATO``, not ``nato``)
``C``  proper name: the text token must start with a capital (``Turkey``, not ``turkey``)
``l``  lower-case adjective or people noun: lower case, or capitalized at a
       sentence start, or all upper case (``russo`` but not the surname ``Russo``)
``L``  any case (function words inside names, role words)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg_builder.actors.text import (
    basic_fold,
    case_class,
    joined,
    sentence_initial,
    token_keys,
    tokenize,
)

_KIND_RANK = {"acronym": 6, "name": 5, "people": 3, "metonym": 2, "demonym": 1, "role": 0}


@lru_cache(maxsize=300_000)
def token_info(token: str) -> tuple[str, str | None, str]:
    """``(basic key, loose key or None, case class)`` of a text token; shared by every gazetteer."""
    basic, loose = token_keys(token)
    return basic, loose, case_class(token)


#: A first-token bucket with this many variants or more is split by the second token.
_SPLIT_MIN = 8

# Plural definite articles: "gli ucraini", "los rusos" name peoples, not adjectives.
_PEOPLE_ARTICLES: dict[str, frozenset[str]] = {
    "it": frozenset(
        {
            "i",
            "gli",
            "le",
            "degli",
            "dei",
            "delle",
            "agli",
            "ai",
            "alle",
            "dagli",
            "dai",
            "dalle",
            "sugli",
            "sui",
            "sulle",
            "negli",
            "nei",
            "nelle",
            "cogli",
            "coi",
            "tra",
            "fra",
        }
    ),
    "es": frozenset({"los", "las", "unos", "unas"}),
    "fr": frozenset({"les", "des", "aux"}),
}


def alias_rules(tokens: Sequence[str], kind: str) -> tuple[str, ...]:
    """Case rule of each alias token (see the module docstring)."""
    rules = []
    for tok in tokens:
        if len(tok) >= 2 and tok.isupper():
            rules.append("A")
        elif tok[0].isupper():
            rules.append("C")
        elif kind in ("demonym", "people") and tok[0].isalpha():
            rules.append("l")
        else:
            rules.append("L")
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class Hit:
    """A raw gazetteer hit: character span, token span and the variant id."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    variant: int


class Variant(NamedTuple):
    """One indexed alias variant: per-token key sets, case rules and what it points at."""

    positions: tuple[frozenset[str], ...]
    rules: tuple[str, ...]
    target: int
    kind: str
    langs: frozenset[str] | None
    generated: bool
    ambiguous: bool


#: A first-token key's variants, and for a big bucket the same split by the second token:
#: ``(variants, (one-token variants, {second-token key: longer variants}) or None)``.
Split = tuple[tuple[int, ...], dict[str, tuple[int, ...]]]
Bucket = tuple[Sequence[int] | None, Split | None]


class Gazetteer:
    """An index of alias variants pointing at integer targets.

    Matching reads the index through two methods only, :meth:`bucket` and
    :meth:`variant`, so that a stored index (:mod:`kg_builder.actors.index`) can
    answer them from disk, decoding just the names a text contains.
    """

    def __init__(self) -> None:
        self._first: dict[str, list[int] | tuple[int, ...]] = {}
        self._variants: list[Variant] = []
        # Equal key sets, rule tuples and language sets are shared between variants:
        # with tens of thousands of names this halves memory and the stored index.
        self._intern: dict[object, object] = {}
        # key -> (one-token variants, {second-token key: longer variants}) for big
        # buckets: a common first name ("Mohammad", "John") starts hundreds of names.
        self._split: dict[str, Split] = {}

    def _shared(self, value: object) -> object:
        return self._intern.setdefault(value, value)

    def __getstate__(self) -> dict[str, object]:
        state = {k: getattr(self, k) for k in self.__dict__}
        state["_intern"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def __len__(self) -> int:
        return len(self._variants)

    def keys(self) -> Iterable[str]:
        """Every first-token key (for writing a stored index)."""
        return self._first.keys()

    def bucket(self, key: str) -> Bucket:
        """The variants whose first token has ``key``, and their split by second token."""
        return self._first.get(key), self._split.get(key)

    def variant(self, vid: int) -> Variant:
        """The variant with id ``vid``."""
        return self._variants[vid]

    def add(
        self,
        token_forms: Sequence[Iterable[str]],
        rules: tuple[str, ...],
        *,
        target: int,
        kind: str,
        langs: frozenset[str] | None,
        generated: bool = False,
        ambiguous: bool = False,
        loose: bool = False,
    ) -> None:
        """Index one alias variant; ``token_forms[i]`` are the forms of token ``i``.

        With ``loose``, capitalized tokens are keyed by their loose
        (transliteration-insensitive) form; use it for personal names only.
        """
        positions = []
        for forms, rule in zip(token_forms, rules, strict=True):
            keys = set()
            for form in forms:
                basic, lkey = token_keys(form)
                # Transliteration variance is a property of personal names; a loose
                # key on a common word ("czescy") or a place ("Чили") collides
                # with unrelated words ("części", "Czyli").
                keys.add(basic)
                if loose and lkey is not None and rule == "C":
                    keys.add(lkey)
            positions.append(self._shared(frozenset(keys)))
        vid = len(self._variants)
        self._variants.append(
            Variant(
                self._shared(tuple(positions)),  # type: ignore[arg-type]
                self._shared(rules),  # type: ignore[arg-type]
                target,
                kind,
                self._shared(langs),  # type: ignore[arg-type]
                generated,
                ambiguous,
            )
        )
        for key in positions[0]:
            self._split.pop(key, None)  # rebuilt by the next freeze()
            ids = self._first.get(key)
            if ids is None:
                self._first[key] = [vid]
            elif isinstance(ids, tuple):  # added after freeze()
                self._first[key] = [*ids, vid]
            else:
                ids.append(vid)

    def freeze(self) -> None:
        """Compact the index once every alias is added (adding later still works).

        The inflected forms of one token all point at the same variants: sharing one
        tuple between them makes the index (and the stored index) several times smaller.
        """
        shared: dict[tuple[int, ...], tuple[int, ...]] = {}
        split: dict[tuple[int, ...], tuple[tuple[int, ...], dict[str, tuple[int, ...]]]] = {}
        for key, ids in self._first.items():
            t = shared.setdefault(tuple(ids), tuple(ids))
            self._first[key] = t
            if len(t) < _SPLIT_MIN:
                continue
            if t not in split:
                singles: list[int] = []
                by_second: dict[str, list[int]] = {}
                for v in t:
                    pos = self._variants[v].positions
                    if len(pos) == 1:
                        singles.append(v)
                    else:
                        for k2 in pos[1]:
                            by_second.setdefault(k2, []).append(v)
                split[t] = (
                    tuple(singles),
                    {k: shared.setdefault(tuple(vs), tuple(vs)) for k, vs in by_second.items()},
                )
            self._split[key] = split[t]

    def _candidates(
        self,
        key: str,
        spans: Sequence[tuple[int, int, str]],
        infos: list[tuple[str, str | None, str] | None],
        i: int,
    ) -> Sequence[int] | None:
        """Variants that may start at token ``i`` whose first-token key is ``key``."""
        first, split = self.bucket(key)
        if split is None:
            return first
        singles, by_second = split
        if i + 1 >= len(spans):
            return singles
        nxt = infos[i + 1]
        if nxt is None:
            nxt = infos[i + 1] = token_info(spans[i + 1][2])
        out: Sequence[int] = singles
        more = by_second.get(nxt[0])
        if more is not None:
            out = (*out, *more)
        if nxt[1] is not None:
            more = by_second.get(nxt[1])
            if more is not None:
                out = (*out, *more)
        return out

    def find(self, text: str, lang: str) -> list[Hit]:
        """All non-overlapping hits in ``text`` (longest first, then leftmost)."""
        spans = tokenize(text)
        n = len(spans)
        infos: list[tuple[str, str | None, str] | None] = [None] * n
        candidates = self._candidates
        info_of = token_info
        raw: list[Hit] = []
        for i in range(n):
            info = infos[i]
            if info is None:
                info = infos[i] = info_of(spans[i][2])
            cands = candidates(info[0], spans, infos, i)
            if info[1] is not None:
                more = candidates(info[1], spans, infos, i)
                if more is not None:
                    cands = more if cands is None else (*cands, *more)
            if not cands:
                continue
            best = self._best(text, lang, spans, infos, i, cands)
            if best is not None:
                raw.append(best)
        if not raw:
            return []
        return self._postfilter(text, spans, infos, _select(raw))

    def _case_ok(self, rule: str, cls: str, text: str, start: int, token: str) -> bool:
        if rule == "L":
            return True
        if rule == "C":
            return cls != "L"
        if rule == "A":
            return cls == "U"
        # "l": lower-case adjective / people noun
        if cls == "L":
            return True
        if cls == "U":
            return len(token) > 1
        return sentence_initial(text, start)

    def _best(
        self,
        text: str,
        lang: str,
        spans: Sequence[tuple[int, int, str]],
        infos: list[tuple[str, str | None, str] | None],
        i: int,
        cands: Sequence[int],
    ) -> Hit | None:
        n = len(spans)
        best: Hit | None = None
        best_score: tuple[int, int, int, int] | None = None
        first_info = infos[i]
        assert first_info is not None
        variant = self.variant
        for v in cands:
            var = variant(v)
            langs = var.langs
            if langs is not None and lang not in langs:
                continue
            rules = var.rules
            if not self._case_ok(rules[0], first_info[2], text, spans[i][0], spans[i][2]):
                continue
            positions = var.positions
            length = len(positions)
            if i + length > n:
                continue
            if length == 1 and first_info[0] not in positions[0] and sentence_initial(text, spans[i][0]):
                continue  # a loose-only match on a sentence opener is too weak
            ok = True
            for k in range(1, length):
                j = i + k
                if not joined(text, spans[j - 1][1], spans[j][0]):
                    ok = False
                    break
                inf = infos[j]
                if inf is None:
                    inf = infos[j] = token_info(spans[j][2])
                keys = positions[k]
                if not (inf[0] in keys or (inf[1] is not None and inf[1] in keys)):
                    ok = False
                    break
                if not self._case_ok(rules[k], inf[2], text, spans[j][0], spans[j][2]):
                    ok = False
                    break
            if not ok:
                continue
            score = (
                length,
                0 if var.generated else 1,
                _KIND_RANK.get(var.kind, 0),
                1 if langs is not None else 0,
            )
            if best_score is None or score > best_score:
                best_score = score
                best = Hit(spans[i][0], spans[i + length - 1][1], i, i + length, v)
        return best

    def _postfilter(
        self,
        text: str,
        spans: Sequence[tuple[int, int, str]],
        infos: list[tuple[str, str | None, str] | None],
        hits: list[Hit],
    ) -> list[Hit]:
        covered = set()
        for h in hits:
            covered.update(range(h.tok_start, h.tok_end))
        out = []
        for h in hits:
            var = self.variant(h.variant)
            if var.ambiguous and self._looks_like_other_name(text, spans, h, covered):
                continue
            if var.rules == ("A",) and _shouting(text, spans, h, covered):
                continue
            out.append(h)
        return out

    def _looks_like_other_name(
        self, text: str, spans: Sequence[tuple[int, int, str]], h: Hit, covered: set[int]
    ) -> bool:
        # An ambiguous alias ("Georgia", "Jordan", "Washington") next to another
        # capitalized word that is not itself an actor is most likely part of a
        # longer name: "Michael Jordan", "New Mexico", "Washington Post".
        # A capitalized sentence opener shorter than five letters is more likely
        # a function word ("In Georgia", "Visit" is the price of that rule).
        prev, nxt = h.tok_start - 1, h.tok_end
        for k in (prev, prev - 1):
            if k >= 0 and basic_fold(spans[k][2]) in _STATE_CUES:
                return True  # "the state of Georgia", "w stanie Georgia"
        if prev >= 0 and prev not in covered and _space_only(text, spans[prev][1], spans[h.tok_start][0]):
            tok = spans[prev][2]
            if tok[0].isupper() and (len(tok) >= 5 or not sentence_initial(text, spans[prev][0])):
                return True
        if (
            nxt < len(spans)
            and nxt not in covered
            and _space_only(text, spans[h.tok_end - 1][1], spans[nxt][0])
        ):
            tok = spans[nxt][2]
            if tok[0].isupper() and not tok.isupper():
                return True
        return False

    def people_article(self, text: str, lang: str, spans: Sequence[tuple[int, int, str]], h: Hit) -> bool:
        """True when a lower-case demonym follows a plural article (``gli ucraini``)."""
        arts = _PEOPLE_ARTICLES.get(lang)
        if arts is None or h.tok_start == 0:
            return False
        prev = spans[h.tok_start - 1]
        if not joined(text, prev[1], spans[h.tok_start][0]):
            return False
        if basic_fold(prev[2]) not in arts:
            return False
        surface = spans[h.tok_end - 1][2].casefold()
        return surface.endswith("s") if lang in ("es", "fr") else surface.endswith(("i", "e"))


# Words for a federal state: an ambiguous name right after one is not the country.
_STATE_CUES = frozenset(
    {
        "state",
        "stan",
        "stanie",
        "stanu",
        "stanem",
        "штат",
        "штате",
        "штата",
        "штаті",
        "штату",
        "etat",
        "stato",
        "estado",
        "bundesstaat",
        "us",
        "senator",
        "senate",
        "governor",
    }
)


def _space_only(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def _shouting(text: str, spans: Sequence[tuple[int, int, str]], h: Hit, covered: set[int]) -> bool:
    # A short acronym ("US", "EU") between two other all-caps words that are
    # not actors is more likely a shouted headline ("LET US PRAY").
    if len(spans[h.tok_start][2]) > 3:
        return False
    prev, nxt = h.tok_start - 1, h.tok_end
    if prev < 0 or nxt >= len(spans) or prev in covered or nxt in covered:
        return False
    a, b = spans[prev][2], spans[nxt][2]
    return (
        len(a) > 1
        and len(b) > 1
        and a.isupper()
        and b.isupper()
        and _space_only(text, spans[prev][1], spans[h.tok_start][0])
        and _space_only(text, spans[h.tok_end - 1][1], spans[nxt][0])
    )


def _select(hits: list[Hit]) -> list[Hit]:
    """Keep the longest hits that do not overlap, in text order."""
    if len(hits) == 1:
        return hits
    ordered = sorted(hits, key=lambda h: (-(h.tok_end - h.tok_start), -(h.end - h.start), h.start))
    taken: list[Hit] = []
    used: set[int] = set()
    for h in ordered:
        rng = range(h.tok_start, h.tok_end)
        if any(t in used for t in rng):
            continue
        used.update(rng)
        taken.append(h)
    taken.sort(key=lambda h: h.start)
    return taken
