"""The multilingual relation lexicon: predicates, trigger words, cues and role nouns.

The lexicon is data, not code. It lives in ``kg_builder/extract/data/lexicon/``:

- ``predicates.json`` — the project's fine-grained predicates, each mapped to
  exactly one PLOVER event type (or to none for the structural predicates
  ``holdsRole``, ``memberOf`` and ``partOf``), with an English label and a
  ``symmetric`` flag;
- ``<lang>.json`` for each supported language — trigger lemmas that evoke a
  predicate, cue lemmas for negation, modality, reported speech and source
  attribution, role nouns for ``holdsRole`` and cues for ``memberOf`` /
  ``partOf``.

Lemmas are what the language's lemmatizer returns (spaCy for en/fr,
simplemma for the others); they are compared after :func:`normalize_lemma`.
The format is described in the README ("The relation lexicon"); this module loads it,
validates it and offers fast lookup by first lemma::

    lex = load_lexicon()
    index = lex.triggers("pl")
    for m in index.match_at(["prezydent", "skrytykować", "rosja"], 1):
        print(m.trigger.predicate, lex.predicates[m.trigger.predicate].plover)
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar

from kg_builder.errors import ExtractionError, LanguageError
from kg_builder.models import SUPPORTED_LANGUAGES

__all__ = [
    "CASES",
    "CUE_KINDS",
    "DEFAULT_DATA_DIR",
    "PLOVER_TYPES",
    "POS_TAGS",
    "STRUCTURAL_PREDICATES",
    "Cues",
    "Lexicon",
    "LexiconError",
    "PredicateInfo",
    "RoleNoun",
    "Roles",
    "SequenceIndex",
    "SequenceMatch",
    "StructuralCue",
    "Trigger",
    "TriggerIndex",
    "TriggerMatch",
    "load_lexicon",
    "normalize_lemma",
    "predicate_names",
]

#: The 16 PLOVER event types, in the order of the PLOVER codebook.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: Relations that are states, not events: they have no PLOVER type.
STRUCTURAL_PREDICATES: tuple[str, ...] = ("holdsRole", "memberOf", "partOf")

#: Part-of-speech tags a trigger may carry (Universal Dependencies names).
POS_TAGS: frozenset[str] = frozenset({"VERB", "NOUN", "ADJ"})

#: Grammatical cases used by ``object_case`` / ``agent_case`` (Slavic and German).
CASES: frozenset[str] = frozenset({"nom", "gen", "dat", "acc", "ins", "loc"})

#: The cue lists every language file has (``future`` may be empty).
CUE_KINDS: tuple[str, ...] = (
    "negation",
    "intended",
    "possible",
    "requested",
    "speech",
    "hedges",
    "future",
)

#: Where the shipped lexicon lives.
DEFAULT_DATA_DIR: Path = Path(__file__).resolve().parent / "data" / "lexicon"

# Default number of tokens allowed between two parts of a multiword lemma
# sequence ("exercer des pressions sur": one determiner between the parts).
_DEFAULT_MAX_GAP = 3
# German separable particles close the clause ("griff ... die Ukraine ... an"),
# so the particle may sit far from the finite verb.
_PARTICLE_MAX_GAP = 15
# Role nouns are compact noun phrases ("ministre de la Défense").
_ROLE_MAX_GAP = 2

_TRIGGER_KEYS = frozenset(
    {
        "lemma",
        "pos",
        "predicate",
        "reflexive",
        "object_preps",
        "requires_prep",
        "subject_preps",
        "object_case",
        "agent_case",
        "inverse",
        "place_object",
        "particle",
        "variants",
        "confidence",
        "ambiguous",
        "max_gap",
        "examples",
        "note",
    }
)
_STRUCTURAL_KEYS = frozenset(
    {"lemma", "pos", "object_preps", "object_case", "confidence", "variants", "examples", "note"}
)
_ROLE_KEYS = frozenset({"lemma", "role", "variants", "examples", "note"})
_LANGUAGE_KEYS = frozenset(
    {
        "lang",
        "name",
        "lemmatizer",
        "note",
        "defaults",
        "prep_forms",
        "triggers",
        "cues",
        "roles",
        "membership",
        "part_of",
    }
)
_DEFAULT_KEYS = frozenset({"subject_preps", "agent_case", "nominal_subject_case", "confidence"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0451": "\u0435"})


class LexiconError(ExtractionError):
    """The relation lexicon data is missing or malformed."""


@lru_cache(maxsize=65536)
def normalize_lemma(text: str) -> str:
    """Return the form lemmas are compared in.

    NFC, lower case, typographic apostrophes made straight (spaCy keeps
    ``s’`` as is) and Russian ``ё`` written ``е`` (news text mixes both).
    """
    return unicodedata.normalize("NFC", text).lower().translate(_APOSTROPHES).strip()


def _split(lemma: str) -> tuple[str, ...]:
    return tuple(normalize_lemma(part) for part in lemma.split())


@dataclass(frozen=True, slots=True)
class PredicateInfo:
    """One predicate of the project's ontology."""

    name: str
    plover: str | None
    symmetric: bool
    label: str

    @property
    def structural(self) -> bool:
        """True for holdsRole / memberOf / partOf, which have no PLOVER type."""
        return self.plover is None


class _Sequenced(Protocol):
    @property
    def lemmas(self) -> tuple[str, ...]: ...

    @property
    def max_gap(self) -> int: ...


T = TypeVar("T", bound=_Sequenced)


@dataclass(frozen=True, slots=True)
class SequenceMatch(Generic[T]):
    """An entry found in a lemma sequence, and the positions of its parts."""

    entry: T
    positions: tuple[int, ...]

    @property
    def trigger(self) -> T:
        """The matched entry (alias that reads well for trigger indexes)."""
        return self.entry

    @property
    def start(self) -> int:
        """Position of the first lemma."""
        return self.positions[0]

    @property
    def end(self) -> int:
        """Position after the last lemma."""
        return self.positions[-1] + 1


def _match_rest(
    lemmas: Sequence[str], start: int, parts: tuple[str, ...], max_gap: int
) -> tuple[int, ...] | None:
    positions = [start]
    pos = start
    for part in parts[1:]:
        limit = min(len(lemmas), pos + 2 + max_gap)
        for j in range(pos + 1, limit):
            if normalize_lemma(lemmas[j]) == part:
                positions.append(j)
                pos = j
                break
        else:
            return None
    return tuple(positions)


@dataclass(frozen=True)
class SequenceIndex(Generic[T]):
    """Entries with a lemma sequence, looked up by their first lemma.

    ``candidates`` lists entries in the order a matcher should try them:
    longer sequences first, then higher confidence.
    """

    lang: str
    entries: tuple[T, ...]
    _by_first: Mapping[str, tuple[T, ...]] = field(repr=False, compare=False)

    @classmethod
    def build(cls, lang: str, entries: Sequence[T]) -> SequenceIndex[T]:
        """Index ``entries`` by the first lemma of each sequence."""
        grouped: dict[str, list[T]] = {}
        for entry in entries:
            grouped.setdefault(entry.lemmas[0], []).append(entry)
        ordered = {
            first: tuple(
                sorted(
                    group,
                    key=lambda e: (-len(e.lemmas), -getattr(e, "confidence", 1.0)),
                )
            )
            for first, group in grouped.items()
        }
        return cls(lang=lang, entries=tuple(entries), _by_first=MappingProxyType(ordered))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries)

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and normalize_lemma(lemma) in self._by_first

    def candidates(self, lemma: str) -> tuple[T, ...]:
        """Entries whose sequence starts with ``lemma`` (longest first)."""
        return self._by_first.get(normalize_lemma(lemma), ())

    def match_at(self, lemmas: Sequence[str], start: int) -> list[SequenceMatch[T]]:
        """Entries whose whole lemma sequence occurs from ``lemmas[start]`` on.

        The later parts of a multiword sequence must follow in order, with at
        most the entry's ``max_gap`` other tokens between two parts. Syntax
        (reflexive pronoun, required preposition, POS) is left to the caller.
        """
        if not 0 <= start < len(lemmas):
            return []
        found: list[SequenceMatch[T]] = []
        for entry in self.candidates(lemmas[start]):
            positions = _match_rest(lemmas, start, entry.lemmas, entry.max_gap)
            if positions is not None:
                found.append(SequenceMatch(entry, positions))
        return found

    def find_all(self, lemmas: Sequence[str]) -> list[SequenceMatch[T]]:
        """Every match at every position of ``lemmas``, left to right."""
        return [m for i in range(len(lemmas)) for m in self.match_at(lemmas, i)]


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word or idiom that evokes a predicate in one language.

    ``lemmas`` is the sequence to match (one element for a single word);
    ``canonical`` is the entry's dictionary lemma when this trigger is a
    lemmatizer variant or the split form of a German separable verb.
    """

    lang: str
    lemmas: tuple[str, ...]
    pos: str
    predicate: str
    plover: str | None
    confidence: float
    canonical: str
    reflexive: bool = False
    object_preps: tuple[str, ...] = ()
    requires_prep: bool = False
    subject_preps: tuple[str, ...] = ()
    object_case: str | None = None
    agent_case: str | None = None
    nominal_subject_case: str | None = None
    inverse: bool = False
    #: the object may be a place ("recalled its ambassador in Paris": the host country)
    place_object: bool = False
    particle: str | None = None
    ambiguous: bool = False
    max_gap: int = _DEFAULT_MAX_GAP
    examples: tuple[str, ...] = ()
    note: str = ""

    @property
    def lemma(self) -> str:
        """The lemma sequence as one space-separated string."""
        return " ".join(self.lemmas)

    @property
    def multiword(self) -> bool:
        """True when the trigger is more than one lemma."""
        return len(self.lemmas) > 1

    def takes_object_prep(self, prep: str) -> bool:
        """Whether ``prep`` (lemma or surface form) can introduce this trigger's object."""
        return normalize_lemma(prep) in self.object_preps

    def takes_subject_prep(self, prep: str) -> bool:
        """Whether ``prep`` can introduce the agent (passive or nominalization)."""
        return normalize_lemma(prep) in self.subject_preps


TriggerIndex = SequenceIndex[Trigger]
TriggerMatch = SequenceMatch[Trigger]


@dataclass(frozen=True)
class Cues:
    """Cue lemmas of one language.

    Each set holds single lemmas and space-separated multiword cues; a token
    matches a cue part when its lemma *or* its lower-cased text equals it
    (negation particles such as ``n't`` or ``n'`` are listed as surface forms).
    """

    lang: str
    negation: frozenset[str]
    intended: frozenset[str]
    possible: frozenset[str]
    requested: frozenset[str]
    speech: frozenset[str]
    hedges: frozenset[str]
    future: frozenset[str]

    def of(self, kind: str) -> frozenset[str]:
        """The cue set named ``kind`` (one of :data:`CUE_KINDS`)."""
        if kind not in CUE_KINDS:
            raise LexiconError(f"unknown cue kind {kind!r}; use one of {', '.join(CUE_KINDS)}")
        return getattr(self, kind)

    def has(self, kind: str, lemma: str, text: str | None = None) -> bool:
        """Whether a single token (its lemma, or its text) is a one-word cue of ``kind``."""
        cues = self.of(kind)
        return normalize_lemma(lemma) in cues or (text is not None and normalize_lemma(text) in cues)

    def match_at(
        self,
        kind: str,
        lemmas: Sequence[str],
        start: int,
        *,
        texts: Sequence[str] | None = None,
    ) -> int:
        """Length in tokens of the longest cue of ``kind`` starting at ``start`` (0: none).

        Multiword cues must be contiguous ("according to", "по словам").
        """
        best = 0
        for cue in self.of(kind):
            parts = cue.split()
            end = start + len(parts)
            if len(parts) <= best or end > len(lemmas):
                continue
            if all(
                normalize_lemma(lemmas[start + k]) == part
                or (texts is not None and normalize_lemma(texts[start + k]) == part)
                for k, part in enumerate(parts)
            ):
                best = len(parts)
        return best


@dataclass(frozen=True, slots=True)
class RoleNoun:
    """A noun (phrase) naming a role a person holds: président, minister spraw zagranicznych."""

    lang: str
    lemmas: tuple[str, ...]
    role: str
    examples: tuple[str, ...] = ()
    max_gap: int = _ROLE_MAX_GAP

    @property
    def lemma(self) -> str:
        """The lemma sequence as one space-separated string."""
        return " ".join(self.lemmas)


@dataclass(frozen=True, slots=True)
class StructuralCue:
    """A word or phrase that signals ``memberOf`` or ``partOf`` (member of, część)."""

    lang: str
    lemmas: tuple[str, ...]
    pos: str
    predicate: str
    object_preps: tuple[str, ...] = ()
    object_case: str | None = None
    confidence: float = 0.7
    examples: tuple[str, ...] = ()
    max_gap: int = _DEFAULT_MAX_GAP

    @property
    def lemma(self) -> str:
        """The lemma sequence as one space-separated string."""
        return " ".join(self.lemmas)


@dataclass(frozen=True)
class Roles(Mapping[str, str]):
    """Role nouns and structural cues of one language.

    ``object_preps`` / ``object_case`` say how the organisation or country
    attaches to a role noun ("president *of*", Polish genitive
    "prezydent Kazachstanu"); ``former`` holds modifiers such as "former",
    "ancien", "były".

    As a mapping, ``Roles`` answers the common one-token question: role id
    of a lemma (``roles["prezydent"] == "president"``; keys are the
    space-joined lemma sequences, so multiword nouns are keyed as
    ``"minister sprawa zagraniczny"``). Use :meth:`match_at` to find
    multiword role nouns in running text.
    """

    lang: str
    nouns: SequenceIndex[RoleNoun]
    object_preps: tuple[str, ...]
    object_case: str | None
    former: frozenset[str]
    membership: SequenceIndex[StructuralCue]
    part_of: SequenceIndex[StructuralCue]
    _by_lemma: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_lemma: dict[str, str] = {}
        for noun in self.nouns:
            by_lemma.setdefault(noun.lemma, noun.role)  # first entry wins
        object.__setattr__(self, "_by_lemma", MappingProxyType(by_lemma))

    def __getitem__(self, lemma: str) -> str:
        return self._by_lemma[normalize_lemma(lemma)]

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and normalize_lemma(lemma) in self._by_lemma

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_lemma)

    def __len__(self) -> int:
        return len(self._by_lemma)

    def __hash__(self) -> int:
        return hash((self.lang, len(self._by_lemma)))

    def candidates(self, lemma: str) -> tuple[RoleNoun, ...]:
        """Role nouns whose sequence starts with ``lemma``."""
        return self.nouns.candidates(lemma)

    def match_at(self, lemmas: Sequence[str], start: int) -> list[SequenceMatch[RoleNoun]]:
        """Role nouns found from ``lemmas[start]`` on (longest first)."""
        return self.nouns.match_at(lemmas, start)

    @property
    def role_ids(self) -> frozenset[str]:
        """The normalized role ids this language can produce."""
        return frozenset(noun.role for noun in self.nouns)


@dataclass(frozen=True)
class _Language:
    triggers: TriggerIndex
    cues: Cues
    roles: Roles


@dataclass(frozen=True)
class Lexicon:
    """The loaded, validated lexicon for every supported language."""

    predicates: Mapping[str, PredicateInfo]
    plover_descriptions: Mapping[str, str]
    _languages: Mapping[str, _Language] = field(repr=False)
    source: Path = DEFAULT_DATA_DIR

    @property
    def languages(self) -> tuple[str, ...]:
        """Language codes the lexicon covers, sorted."""
        return tuple(sorted(self._languages))

    def _language(self, lang: str) -> _Language:
        try:
            return self._languages[lang]
        except KeyError:
            raise LanguageError(
                f"the relation lexicon has no language {lang!r}; supported languages: "
                f"{', '.join(self.languages)}. Add kg_builder/extract/data/lexicon/{lang}.json "
                "(see 'The relation lexicon' in the README) or pass one of the supported codes."
            ) from None

    def triggers(self, lang: str) -> TriggerIndex:
        """Trigger index of ``lang``; raises :class:`LanguageError` for unknown languages."""
        return self._language(lang).triggers

    def cues(self, lang: str) -> Cues:
        """Negation, modality, speech, hedge and future cues of ``lang``."""
        return self._language(lang).cues

    def roles(self, lang: str) -> Roles:
        """Role nouns (holdsRole) and memberOf / partOf cues of ``lang``."""
        return self._language(lang).roles

    def plover(self, predicate: str) -> str | None:
        """PLOVER type of ``predicate`` (None for structural predicates)."""
        try:
            return self.predicates[predicate].plover
        except KeyError:
            raise LexiconError(
                f"unknown predicate {predicate!r}; see predicates.json for the known ones"
            ) from None

    def predicates_for(self, plover: str) -> list[str]:
        """Predicates mapped to the PLOVER type ``plover``, sorted."""
        return sorted(p.name for p in self.predicates.values() if p.plover == plover)


# --------------------------------------------------------------------------- loading


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise LexiconError(
            f"lexicon file {path} is missing; reinstall kg_builder or restore the file"
        ) from None
    except json.JSONDecodeError as exc:
        raise LexiconError(f"lexicon file {path} is not valid JSON: {exc}") from None


def _str_tuple(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        problems.append(f"{where}: expected a list of strings, got {value!r}")
        return ()
    if not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: every element must be a non-empty string")
        return ()
    return tuple(value)


def _load_predicates(raw: Any, problems: list[str]) -> tuple[dict[str, PredicateInfo], dict]:
    if not isinstance(raw, dict) or not isinstance(raw.get("predicates"), dict):
        problems.append("predicates.json: expected an object with a 'predicates' object")
        return {}, {}
    descriptions = raw.get("plover_types", {})
    if set(descriptions) != set(PLOVER_TYPES):
        problems.append("predicates.json: 'plover_types' must describe exactly the 16 PLOVER types")
    predicates: dict[str, PredicateInfo] = {}
    for name, spec in raw["predicates"].items():
        where = f"predicates.json: {name}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: expected an object")
            continue
        unknown = set(spec) - {"plover", "symmetric", "label", "note"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        plover = spec.get("plover")
        if name in STRUCTURAL_PREDICATES:
            if plover is not None:
                problems.append(f"{where}: structural predicates have plover null")
        elif plover not in PLOVER_TYPES:
            problems.append(f"{where}: plover {plover!r} is not one of {', '.join(PLOVER_TYPES)}")
        if not name[:1].islower() or not name.isalnum():
            problems.append(f"{where}: predicate names are camelCase ASCII words")
        label = spec.get("label")
        if not isinstance(label, str) or not label:
            problems.append(f"{where}: needs an English 'label'")
            label = name
        symmetric = spec.get("symmetric", False)
        if not isinstance(symmetric, bool):
            problems.append(f"{where}: 'symmetric' must be true or false")
            symmetric = False
        predicates[name] = PredicateInfo(name, plover, symmetric, label)
    for name in STRUCTURAL_PREDICATES:
        if name not in predicates:
            problems.append(f"predicates.json: structural predicate {name!r} is missing")
    for plover in PLOVER_TYPES:
        if sum(p.plover == plover for p in predicates.values()) < 2:
            problems.append(f"predicates.json: PLOVER type {plover} needs at least two predicates")
    return predicates, dict(descriptions)


def _expand_preps(preps: tuple[str, ...], forms: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    out: list[str] = []
    for prep in preps:
        for form in (prep, *forms.get(normalize_lemma(prep), ())):
            norm = normalize_lemma(form)
            if norm not in out:
                out.append(norm)
    return tuple(out)


def _check_case(value: Any, where: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    if value not in CASES:
        problems.append(f"{where}: case {value!r} is not one of {sorted(CASES)}")
        return None
    return value


def _confidence(value: Any, default: float, where: str, problems: list[str]) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        problems.append(f"{where}: confidence must be a number in (0, 1], got {value!r}")
        return default
    return float(value)


def _load_triggers(
    lang: str,
    raw: Any,
    defaults: Mapping[str, Any],
    prep_forms: Mapping[str, tuple[str, ...]],
    predicates: Mapping[str, PredicateInfo],
    problems: list[str],
) -> list[Trigger]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{lang}.json: 'triggers' must be a non-empty list")
        return []
    default_conf = _confidence(defaults.get("confidence"), 0.7, f"{lang}.json defaults", problems)
    default_subject = _str_tuple(
        defaults.get("subject_preps"), f"{lang}.json defaults.subject_preps", problems
    )
    default_agent = _check_case(defaults.get("agent_case"), f"{lang}.json defaults", problems)
    default_nominal = _check_case(defaults.get("nominal_subject_case"), f"{lang}.json defaults", problems)
    triggers: list[Trigger] = []
    for n, spec in enumerate(raw):
        where = f"{lang}.json triggers[{n}]"
        if not isinstance(spec, dict) or not isinstance(spec.get("lemma"), str):
            problems.append(f"{where}: expected an object with a 'lemma' string")
            continue
        where = f"{where} ({spec['lemma']!r})"
        unknown = set(spec) - _TRIGGER_KEYS
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        lemmas = _split(spec["lemma"])
        if not lemmas:
            problems.append(f"{where}: empty lemma")
            continue
        pos = spec.get("pos")
        if pos not in POS_TAGS:
            problems.append(f"{where}: pos must be one of {sorted(POS_TAGS)}, got {pos!r}")
        predicate = spec.get("predicate")
        info = predicates.get(predicate) if isinstance(predicate, str) else None
        if info is None:
            problems.append(f"{where}: unknown predicate {predicate!r}")
            continue
        if info.structural:
            problems.append(
                f"{where}: structural predicate {predicate!r} belongs in 'roles', "
                "'membership' or 'part_of', not in 'triggers'"
            )
        object_preps = _str_tuple(spec.get("object_preps"), f"{where}.object_preps", problems)
        requires_prep = bool(spec.get("requires_prep", False))
        if requires_prep and not object_preps:
            problems.append(f"{where}: requires_prep needs object_preps")
        subject_preps = _str_tuple(spec.get("subject_preps"), f"{where}.subject_preps", problems)
        examples = _str_tuple(spec.get("examples"), f"{where}.examples", problems)
        variants = _str_tuple(spec.get("variants"), f"{where}.variants", problems)
        particle = spec.get("particle")
        if particle is not None:
            if not isinstance(particle, str) or len(lemmas) != 1:
                problems.append(f"{where}: 'particle' needs a single-word lemma and a string")
                particle = None
            elif not lemmas[0].startswith(normalize_lemma(particle)) or lemmas[0] == particle:
                problems.append(f"{where}: lemma must start with its particle {particle!r}")
                particle = None
        max_gap = spec.get("max_gap", _DEFAULT_MAX_GAP)
        if not isinstance(max_gap, int) or isinstance(max_gap, bool) or max_gap < 0:
            problems.append(f"{where}: max_gap must be a non-negative integer")
            max_gap = _DEFAULT_MAX_GAP
        base = Trigger(
            lang=lang,
            lemmas=lemmas,
            pos=pos if pos in POS_TAGS else "VERB",
            predicate=predicate,
            plover=info.plover,
            confidence=_confidence(spec.get("confidence"), default_conf, where, problems),
            canonical=" ".join(lemmas),
            reflexive=bool(spec.get("reflexive", False)),
            object_preps=_expand_preps(object_preps, prep_forms),
            requires_prep=requires_prep,
            subject_preps=_expand_preps(subject_preps or default_subject, prep_forms),
            object_case=_check_case(spec.get("object_case"), where, problems),
            agent_case=_check_case(spec.get("agent_case"), where, problems) or default_agent,
            nominal_subject_case=default_nominal if pos == "NOUN" else None,
            inverse=bool(spec.get("inverse", False)),
            place_object=bool(spec.get("place_object", False)),
            particle=normalize_lemma(particle) if particle else None,
            ambiguous=bool(spec.get("ambiguous", False)),
            max_gap=max_gap,
            examples=examples,
            note=str(spec.get("note", "")),
        )
        triggers.append(base)
        for variant in variants:
            triggers.append(_replace(base, lemmas=_split(variant)))
        if base.particle:
            stem = lemmas[0][len(base.particle) :]
            triggers.append(_replace(base, lemmas=(stem, base.particle), max_gap=_PARTICLE_MAX_GAP))
    return triggers


def _replace(trigger: Trigger, **changes: Any) -> Trigger:
    return replace(trigger, **changes)


def _load_cues(lang: str, raw: Any, problems: list[str]) -> Cues:
    sets: dict[str, frozenset[str]] = {}
    if not isinstance(raw, dict):
        problems.append(f"{lang}.json: 'cues' must be an object")
        raw = {}
    unknown = set(raw) - set(CUE_KINDS)
    if unknown:
        problems.append(f"{lang}.json cues: unknown kinds {sorted(unknown)}")
    for kind in CUE_KINDS:
        spec = raw.get(kind, {"lemmas": []})
        if not isinstance(spec, dict):
            problems.append(f"{lang}.json cues.{kind}: expected an object with 'lemmas'")
            spec = {"lemmas": []}
        extra = set(spec) - {"lemmas", "examples", "note"}
        if extra:
            problems.append(f"{lang}.json cues.{kind}: unknown keys {sorted(extra)}")
        lemmas = _str_tuple(spec.get("lemmas"), f"{lang}.json cues.{kind}.lemmas", problems)
        _str_tuple(spec.get("examples"), f"{lang}.json cues.{kind}.examples", problems)
        if kind != "future" and not lemmas:
            problems.append(f"{lang}.json cues.{kind}: needs at least one lemma")
        normalized = {" ".join(_split(cue)) for cue in lemmas}
        # Callers that compare raw token text (n’, d’après) find the
        # typographic-apostrophe spelling too.
        normalized |= {cue.replace("'", "\u2019") for cue in normalized if "'" in cue}
        sets[kind] = frozenset(normalized)
    return Cues(lang=lang, **sets)


def _load_structural(
    lang: str, raw: Any, predicate: str, key: str, problems: list[str]
) -> list[StructuralCue]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{lang}.json: '{key}' must be a non-empty list")
        return []
    out: list[StructuralCue] = []
    for n, spec in enumerate(raw):
        where = f"{lang}.json {key}[{n}]"
        if not isinstance(spec, dict) or not isinstance(spec.get("lemma"), str):
            problems.append(f"{where}: expected an object with a 'lemma' string")
            continue
        unknown = set(spec) - _STRUCTURAL_KEYS
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        pos = spec.get("pos", "NOUN")
        if pos not in POS_TAGS:
            problems.append(f"{where}: pos must be one of {sorted(POS_TAGS)}")
        base = StructuralCue(
            lang=lang,
            lemmas=_split(spec["lemma"]),
            pos=pos,
            predicate=predicate,
            object_preps=tuple(
                normalize_lemma(p) for p in _str_tuple(spec.get("object_preps"), where, problems)
            ),
            object_case=_check_case(spec.get("object_case"), where, problems),
            confidence=_confidence(spec.get("confidence"), 0.7, where, problems),
            examples=_str_tuple(spec.get("examples"), f"{where}.examples", problems),
        )
        out.append(base)
        for variant in _str_tuple(spec.get("variants"), f"{where}.variants", problems):
            out.append(replace(base, lemmas=_split(variant)))
    return out


def _load_roles(lang: str, raw: Any, problems: list[str]) -> tuple[list[RoleNoun], dict]:
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        problems.append(f"{lang}.json: 'roles' must be an object with an 'entries' list")
        return [], {}
    nouns: list[RoleNoun] = []
    for n, spec in enumerate(raw["entries"]):
        where = f"{lang}.json roles.entries[{n}]"
        if not isinstance(spec, dict) or not isinstance(spec.get("lemma"), str):
            problems.append(f"{where}: expected an object with a 'lemma' string")
            continue
        unknown = set(spec) - _ROLE_KEYS
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        role = spec.get("role")
        if not isinstance(role, str) or not role.replace("_", "").isalpha() or not role.islower():
            problems.append(f"{where}: 'role' must be a snake_case id, got {role!r}")
            continue
        base = RoleNoun(
            lang=lang,
            lemmas=_split(spec["lemma"]),
            role=role,
            examples=_str_tuple(spec.get("examples"), f"{where}.examples", problems),
        )
        nouns.append(base)
        for variant in _str_tuple(spec.get("variants"), f"{where}.variants", problems):
            nouns.append(replace(base, lemmas=_split(variant)))
    return nouns, raw


def _load_language(
    lang: str, raw: Any, predicates: Mapping[str, PredicateInfo], problems: list[str]
) -> _Language:
    if not isinstance(raw, dict):
        problems.append(f"{lang}.json: expected a JSON object")
        raw = {}
    if raw.get("lang") != lang:
        problems.append(f"{lang}.json: 'lang' must be {lang!r}")
    unknown = set(raw) - _LANGUAGE_KEYS
    if unknown:
        problems.append(f"{lang}.json: unknown top-level keys {sorted(unknown)}")
    defaults = raw.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - _DEFAULT_KEYS:
        problems.append(f"{lang}.json: 'defaults' may only hold {sorted(_DEFAULT_KEYS)}")
        defaults = {}
    forms_raw = raw.get("prep_forms", {})
    prep_forms = {
        normalize_lemma(k): tuple(_str_tuple(v, f"{lang}.json prep_forms.{k}", problems))
        for k, v in (forms_raw.items() if isinstance(forms_raw, dict) else ())
    }
    triggers = _load_triggers(lang, raw.get("triggers"), defaults, prep_forms, predicates, problems)
    cues = _load_cues(lang, raw.get("cues"), problems)
    nouns, roles_raw = _load_roles(lang, raw.get("roles"), problems)
    membership = _load_structural(lang, raw.get("membership"), "memberOf", "membership", problems)
    part_of = _load_structural(lang, raw.get("part_of"), "partOf", "part_of", problems)
    roles = Roles(
        lang=lang,
        nouns=SequenceIndex.build(lang, nouns),
        object_preps=_expand_preps(
            _str_tuple(roles_raw.get("object_preps"), f"{lang}.json roles.object_preps", problems),
            prep_forms,
        ),
        object_case=_check_case(roles_raw.get("object_case"), f"{lang}.json roles", problems),
        former=frozenset(
            normalize_lemma(f)
            for f in _str_tuple(roles_raw.get("former"), f"{lang}.json roles.former", problems)
        ),
        membership=SequenceIndex.build(lang, membership),
        part_of=SequenceIndex.build(lang, part_of),
    )
    return _Language(triggers=SequenceIndex.build(lang, triggers), cues=cues, roles=roles)


def _conflicts(lang: str, triggers: Sequence[Trigger], *, uses_pos: bool) -> list[str]:
    """(lemma sequence, pos, reflexive, required preps) mapped to two predicates."""
    seen: dict[tuple, list[Trigger]] = {}
    for t in triggers:
        key = (
            t.lemmas,
            t.pos if uses_pos else "*",
            t.reflexive,
            frozenset(t.object_preps) if t.requires_prep else None,
        )
        seen.setdefault(key, []).append(t)
    problems = []
    for key, group in seen.items():
        preds = {t.predicate for t in group}
        if len(preds) > 1 and not all(t.ambiguous for t in group):
            problems.append(
                f"{lang}.json: {' '.join(key[0])!r} ({key[1]}) maps to {sorted(preds)}; "
                'mark every such entry "ambiguous": true or tell them apart '
                "(reflexive / requires_prep)"
            )
    return problems


#: Languages whose lemmas come from spaCy, which also gives POS tags. For the
#: others simplemma gives lemmas only, so a lemma must not map to two
#: predicates even under different POS.
_POS_AWARE = frozenset({"en", "fr"})


def _load(data_dir: Path) -> Lexicon:
    problems: list[str] = []
    predicates, descriptions = _load_predicates(_read_json(data_dir / "predicates.json"), problems)
    languages: dict[str, _Language] = {}
    for path in sorted(data_dir.glob("*.json")):
        if path.stem == "predicates":
            continue
        lang = path.stem
        languages[lang] = _load_language(lang, _read_json(path), predicates, problems)
        problems.extend(_conflicts(lang, tuple(languages[lang].triggers), uses_pos=lang in _POS_AWARE))
    missing = sorted(set(SUPPORTED_LANGUAGES) - set(languages))
    if data_dir == DEFAULT_DATA_DIR and missing:
        problems.append(f"lexicon has no file for supported languages {', '.join(missing)}")
    if problems:
        shown = "\n  ".join(problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        raise LexiconError(
            f"the relation lexicon in {data_dir} is malformed ({len(problems)} problems); "
            f"fix the JSON files (format: 'The relation lexicon' in the README):\n  {shown}{more}"
        )
    return Lexicon(
        predicates=MappingProxyType(predicates),
        plover_descriptions=MappingProxyType(descriptions),
        _languages=MappingProxyType(languages),
        source=data_dir,
    )


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path) -> Lexicon:
    return _load(data_dir)


def load_lexicon(*, data_dir: Path | str | None = None) -> Lexicon:
    """Load and validate the lexicon (cached per directory).

    ``data_dir`` defaults to the lexicon shipped with kg_builder; pass another
    directory (same layout: ``predicates.json`` plus ``<lang>.json`` files) to
    test or extend it. Raises :class:`LexiconError` listing every problem
    found when the data is malformed.
    """
    path = DEFAULT_DATA_DIR if data_dir is None else Path(data_dir).resolve()
    return _load_cached(path)


def predicate_names() -> list[str]:
    """Every predicate name of the shipped lexicon, sorted (for ontology checks)."""
    return sorted(load_lexicon().predicates)
