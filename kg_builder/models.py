"""Plain, immutable records passed from one pipeline stage to the next."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

#: Languages with extraction support (lexicons, cues, actor names).
SUPPORTED_LANGUAGES: tuple[str, ...] = ("de", "en", "es", "fr", "it", "pl", "ru", "uk")

#: Entity types used by the ontology (``kg:<Type>``) and the gold format.
ENTITY_TYPES: tuple[str, ...] = (
    "Person",
    "Country",
    "Organization",
    "Location",
    "Facility",
    "Group",
    "Concept",
)

POLARITIES: tuple[str, ...] = ("positive", "negative")
MODALITIES: tuple[str, ...] = ("asserted", "intended", "possible", "requested")

_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC-normalize, unify line ends and collapse runs of blank space.

    The article identity is the hash of this form, so two copies of the same
    article that differ only in white space or Unicode composition are one.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = [_WS.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\n", text)]
    return "\n".join(p for p in paragraphs if p)


def content_hash(text: str) -> str:
    """Stable 16-hex-digit identity of an article's normalized text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, cleaned, with its metadata.

    ``text`` is already cleaned and normalized; character offsets of
    evidence refer to it.
    """

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date when known
    lang: str | None = None
    lang_detected: bool = False
    #: Identity of the input: a later article with the same key is the same
    #: article, changed, and replaces this one. ``"id:<JSONL id>"``,
    #: ``"url:<URL>"``, ``"file:<absolute path>"`` (``":<line>"`` for a JSON
    #: line without id or URL), ``"stdin:<--source NAME>"``; ``None`` (stdin
    #: without ``--source``) never replaces anything.
    key: str | None = None

    @property
    def word_count(self) -> int:
        """Number of white-space separated words in the text."""
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an assertion or mention was read: a sentence and offsets in the article."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A surface form in an article that refers to an entity."""

    text: str
    start: int
    end: int
    type: str
    key: str  # canonical key before cross-article resolution
    label: str
    qid: str | None = None
    source: str = "ner"  # "ner", "dictionary", "pattern"


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical real-world actor, place or concept."""

    key: str
    label: str
    type: str
    qid: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assertion:
    """A typed, polarity- and modality-aware relation with its evidence."""

    subject: str  # entity key
    predicate: str  # ontology predicate local name, e.g. "opposes"
    object: str  # entity key
    plover: str | None
    polarity: str
    modality: str
    confidence: float
    evidence: Evidence
    rule: str
    extractor: str
    extractor_version: str
    speaker: str | None = None  # entity key of the speaker, when attributed
    date: str | None = None  # ISO date of the event when stated


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extraction found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    warnings: tuple[str, ...] = field(default=())
