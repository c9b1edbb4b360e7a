"""Cross-lingual entity resolution: one canonical entity per real-world actor.

Mentions the actor dictionary recognised already carry a canonical key (a
Wikidata QID where known). Everything else - people, organisations and
places the dictionary does not know - is clustered here:

* every name gets a *skeleton*: transliterated to ASCII (anyascii), lower
  case, with spelling variants of the same sound folded (Tokajew, Tokaïev,
  Tokayev, Токаев -> ``tokaev``) and Slavic case endings stripped
  (Blinkenem -> blinken, Musaeva -> musaev);
* names are blocked by the skeleton of their last token, so only names that
  share a block are ever compared (no all-pairs comparison);
* inside a block, a short form joins a longer one when its tokens are the
  tail of it ("Musaev" -> "Alnur Musaev") and the long form is unique, and
  two full names join when rapidfuzz says they are near-identical.

Entities already in the store seed the clusters, so an entity keeps its IRI
when later builds mention it again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from anyascii import anyascii
from rapidfuzz import fuzz

from kg_builder.actors import ActorDictionary
from kg_builder.models import ArticleResult, Entity

# Spelling variants of one sound across Latin transliteration conventions.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("szcz", "shch"),
    ("sz", "sh"),
    ("cz", "ch"),
    ("rz", "zh"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("j", "y"),
    ("x", "ks"),
    ("ou", "u"),
    ("'", ""),
)
_VOWELS = "aeiouy"
_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])[yi](?=[aeiou])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Case endings of Polish, Russian and Ukrainian nouns and names, longest first,
# in transliterated form; stripped only when a stem of 4+ letters remains.
_CASE_ENDINGS = tuple(
    sorted(
        {"owi", "emu", "ego", "om", "em", "ym", "im", "oy", "ie", "a", "u", "e", "y", "ovi", "ogo"},
        key=len,
        reverse=True,
    )
)
_SLAVIC = frozenset({"pl", "ru", "uk"})
# Types that come from NER or capitalisation guesses, not from the dictionary.
_GUESSED_TYPES = frozenset({"Person", "Location", "Organization", "Group"})


def _fold(token: str) -> str:
    for old, new in _FOLDS:
        token = token.replace(old, new)
    token = _BETWEEN_VOWELS.sub("", token)
    return re.sub(r"(.)\1+", r"\1", token)  # doubled letters: Kassym/Kasym


def skeleton_tokens(name: str, *, slavic: bool = False) -> tuple[str, ...]:
    """Folded ASCII tokens of a name, comparable across languages and scripts."""
    text = anyascii(unicodedata.normalize("NFC", name)).lower()
    tokens = [_fold(t) for t in _NON_ALNUM.split(text) if t]
    if slavic:
        tokens = [strip_case(t) for t in tokens]
    return tuple(t for t in tokens if t)


def strip_case(token: str) -> str:
    """Drop one Slavic case ending when a stem of at least four letters remains."""
    for ending in _CASE_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    return token


def slug(name: str) -> str:
    """Readable ASCII slug of a name for provisional keys."""
    return "-".join(skeleton_tokens(name)) or "x"


@dataclass
class _Cluster:
    key: str
    type: str
    qid: str | None = None
    fixed_label: str | None = None
    forms: Counter[str] = field(default_factory=Counter)
    tokens: tuple[str, ...] = ()

    def label(self) -> str:
        if self.fixed_label:
            return self.fixed_label
        # The longest frequent form: full names beat surnames, nominative
        # beats an inflected form because it is usually the most frequent.
        return max(self.forms, key=lambda f: (len(f.split()), self.forms[f], -len(f), f))


class Resolver:
    """Collects mentions of a batch of articles, then assigns canonical entities."""

    def __init__(self, *, actors: ActorDictionary, known: Iterable[object] = ()) -> None:
        self._actors = actors
        self._clusters: dict[str, _Cluster] = {}
        self._provisional: dict[str, tuple[str, str, bool]] = {}  # key -> (label, type, slavic)
        self._alias: dict[str, str] = {}
        for record in known:
            key, label, type_ = record.key, record.label, record.type  # type: ignore[attr-defined]
            cluster = _Cluster(key=key, type=type_, qid=getattr(record, "qid", None), fixed_label=label)
            cluster.tokens = skeleton_tokens(label)
            cluster.forms[label] += 1
            self._clusters[key] = cluster

    def add(self, result: ArticleResult) -> None:
        """Register the mentions of one article."""
        slavic = (result.article.lang or "") in _SLAVIC
        for m in result.mentions:
            entry = self._actors.get(m.key) if m.source == "dictionary" else None
            if entry is not None:
                cluster = self._clusters.setdefault(
                    m.key,
                    _Cluster(key=m.key, type=entry.type, qid=entry.qid, fixed_label=entry.label),
                )
                cluster.forms[m.text] += 1
                continue
            if m.key not in self._provisional:
                self._provisional[m.key] = (m.label, m.type, slavic)
            cluster = self._clusters.get(m.key)
            if cluster is None:
                cluster = self._clusters[m.key] = _Cluster(key=m.key, type=m.type)
            cluster.forms[m.label] += 1

    def resolve(self) -> dict[str, Entity]:
        """Cluster provisional entities and return every key -> canonical Entity."""
        blocks: dict[str, list[_Cluster]] = defaultdict(list)
        for cluster in self._clusters.values():
            label, _, slavic = self._provisional.get(cluster.key, (cluster.label(), "", False))
            cluster.tokens = skeleton_tokens(label, slavic=slavic)
            if cluster.tokens:
                blocks[strip_case(cluster.tokens[-1])].append(cluster)
        for members in blocks.values():
            self._merge_block(members)
        entities: dict[str, Entity] = {}
        for key in self._clusters:
            target = self._find(key)
            cluster = self._clusters[target]
            entities[key] = Entity(
                key=target,
                label=cluster.label(),
                type=cluster.type,
                qid=cluster.qid,
                aliases=tuple(sorted(cluster.forms)),
            )
        # Canonical keys map to themselves too (assertions may use them).
        for entity in list(entities.values()):
            entities.setdefault(entity.key, entity)
        return entities

    def rewrite(self, result: ArticleResult) -> ArticleResult:
        """Replace provisional keys in a result by canonical ones."""
        mentions = tuple(replace(m, key=self._find(m.key)) for m in result.mentions)
        assertions = tuple(
            replace(
                a,
                subject=self._find(a.subject),
                object=self._find(a.object),
                speaker=self._find(a.speaker) if a.speaker else None,
            )
            for a in result.assertions
        )
        # Two spellings of one actor resolve together: "X endorses X" says nothing.
        assertions = tuple(a for a in assertions if a.subject != a.object)
        return replace(result, mentions=mentions, assertions=assertions)

    # ---------------------------------------------------------------- internals

    def _find(self, key: str) -> str:
        while key in self._alias:
            key = self._alias[key]
        return key

    def _union(self, short: _Cluster, long: _Cluster) -> None:
        a, b = self._find(short.key), self._find(long.key)
        if a == b:
            return
        # Keys of dictionary actors and stored entities are stable: keep them.
        if self._clusters[a].fixed_label and not self._clusters[b].fixed_label:
            a, b = b, a
        self._alias[a] = b
        target = self._clusters[b]
        target.forms.update(self._clusters[a].forms)
        if "Person" in (target.type, self._clusters[a].type) and not target.fixed_label:
            target.type = "Person"

    def _merge_block(self, members: list[_Cluster]) -> None:
        if len(members) < 2:
            return
        # Spellings with the same tokens ("COVID-19", "Covid-19") are one actor: join them
        # first, or the unique-head test below sees two candidates and joins neither (and
        # keys differing only in case would share one IRI with two labels).
        same: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
        for cluster in members:
            earlier = same[cluster.tokens]
            match = next((c for c in earlier if _compatible(cluster, c)), None)
            if match is None:
                earlier.append(cluster)  # a new actor for these tokens (other type, stored entity)
            else:
                self._union(cluster, match)
        members.sort(key=lambda c: len(c.tokens))
        for i, short in enumerate(members):
            longer = [c for c in members[i + 1 :] if _compatible(short, c)]
            heads = {self._find(c.key) for c in longer}
            if len(heads) == 1:
                self._union(short, longer[0])


def _compatible(a: _Cluster, b: _Cluster) -> bool:
    """Same actor? ``a`` is the shorter (or equal) name."""
    if a.fixed_label and b.fixed_label:
        return False  # two dictionary/stored entities are distinct by construction
    if a.type != b.type:
        # NER types of one name differ between languages (Lisyansky: PER in English,
        # LOC in French); a name that is a person's somewhere is that person.
        if a.fixed_label or b.fixed_label or "Person" not in (a.type, b.type):
            return False
        if not {a.type, b.type} <= _GUESSED_TYPES:
            return False
    if a.tokens == b.tokens:
        return True
    if len(a.tokens) < len(b.tokens):
        if b.type != "Person":
            return False  # "Labour" is not "Welsh Labour"; a surname is its full name
        tail = b.tokens[-len(a.tokens) :]
        return all(_same_token(x, y) for x, y in zip(a.tokens, tail, strict=True))
    if len(a.tokens) == len(b.tokens):
        return fuzz.ratio(" ".join(a.tokens), " ".join(b.tokens)) >= 90
    return False


def _same_token(x: str, y: str) -> bool:
    return x == y or strip_case(x) == strip_case(y) or (len(x) > 5 and fuzz.ratio(x, y) >= 88)
