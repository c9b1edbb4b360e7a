"""Namespaces and IRI minting. IRIs are deterministic: the same input gives the same graph."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kg-builder/ontology#")
PLOVER = Namespace("https://w3id.org/kg-builder/plover#")
ID = Namespace("https://w3id.org/kg-builder/id/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "plover": PLOVER,
    "id": ID,
    "schema": SCHEMA,
    "wd": WD,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")
# IRIs stay short enough for Neo4j's index (names from text can be kilobytes long).
_MAX_SLUG = 80


def _slug(key: str) -> str:
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = _UNSAFE.sub("-", ascii_key).strip("-").lower()
    if len(slug) > _MAX_SLUG:
        slug = slug[:_MAX_SLUG].rstrip("-") + "-"  # the hash below keeps it unique
    if not slug or slug != key.lower().replace(":", "-"):
        # Keys with non-ASCII text keep a short hash so distinct keys never collide.
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return quote(slug)


def entity_iri(key: str) -> URIRef:
    """IRI of the canonical entity with ``key`` (e.g. ``wd:Q159`` -> ``.../entity/wd-q159``)."""
    return ID[f"entity/{_slug(key)}"]


def article_iri(article_id: str) -> URIRef:
    """IRI of an article; it also names the article's graph."""
    return ID[f"article/{article_id}"]


def extractor_iri(name: str, version: str) -> URIRef:
    """IRI of an extractor at a version (a prov:SoftwareAgent)."""
    return ID[f"extractor/{_slug(name)}/{quote(version)}"]


def assertion_iri(article_id: str, *parts: object) -> URIRef:
    """Deterministic IRI of an assertion within an article."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return ID[f"assertion/{article_id}/{digest}"]


def predicate_iri(name: str) -> URIRef:
    """IRI of an ontology predicate from its local name (``opposes``)."""
    return KG[name]


def local_name(iri: str) -> str:
    """The part of an IRI after the last ``#`` or ``/``."""
    return re.split(r"[#/]", str(iri))[-1]
