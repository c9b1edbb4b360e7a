"""Score the stored graph against gold annotations in the GUIDE.md format.

Relations: precision, recall and F1 overall, per document, per language and
per PLOVER type, with the matching rules of ``shared/gold/GUIDE.md``.
Entity resolution: B-cubed precision, recall and F1 over the gold aliases
the system found.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg_builder.errors import EvaluationError
from kg_builder.rdf.read import RelationRecord, articles, relations, surface_forms
from kg_builder.rdf.store import GraphStore

SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})


def norm(text: str) -> str:
    """Case-insensitive comparison form after Unicode NFKC (GUIDE.md rule 1)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """A gold entity with its aliases (the label counts as one)."""

    id: str
    label: str
    type: str
    aliases: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """A gold relation (GUIDE.md relations.jsonl)."""

    doc: str
    subject: str
    object: str
    predicate: str
    plover: tuple[str, ...]
    polarity: str
    modality: str
    evidence: str


@dataclass(frozen=True)
class Gold:
    """Gold entities and relations read from a directory."""

    entities: dict[str, GoldEntity]
    relations: list[GoldRelation]

    def alias_index(self) -> dict[str, set[str]]:
        """Normalized alias -> gold entity ids."""
        index: dict[str, set[str]] = defaultdict(set)
        for entity in self.entities.values():
            for alias in entity.aliases:
                index[norm(alias)].add(entity.id)
        return index


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    if not path.is_file():
        raise EvaluationError(f"{path}: gold file not found (expected GUIDE.md format)")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise EvaluationError(f"{path}:{number}: expected a JSON object")
            yield number, record


def load_gold(directory: Path) -> Gold:
    """Read ``entities.jsonl`` and ``relations.jsonl`` from ``directory``."""
    entities: dict[str, GoldEntity] = {}
    for number, rec in _read_jsonl(directory / "entities.jsonl"):
        try:
            aliases = frozenset([rec["label"], *rec.get("aliases", [])])
            entities[rec["id"]] = GoldEntity(rec["id"], rec["label"], rec["type"], aliases)
        except (KeyError, TypeError) as exc:
            raise EvaluationError(f"{directory / 'entities.jsonl'}:{number}: missing field {exc}") from None
    relations_: list[GoldRelation] = []
    for number, rec in _read_jsonl(directory / "relations.jsonl"):
        try:
            gold = GoldRelation(
                doc=rec["doc"],
                subject=rec["subject"],
                object=rec["object"],
                predicate=rec["predicate"],
                plover=tuple(rec["plover"]),
                polarity=rec["polarity"],
                modality=rec.get("modality", "asserted"),
                evidence=rec.get("evidence", ""),
            )
        except (KeyError, TypeError) as exc:
            raise EvaluationError(f"{directory / 'relations.jsonl'}:{number}: missing field {exc}") from None
        for end in (gold.subject, gold.object):
            if end not in entities:
                raise EvaluationError(
                    f"{directory / 'relations.jsonl'}:{number}: entity {end!r} is not in entities.jsonl"
                )
        relations_.append(gold)
    return Gold(entities, relations_)


@dataclass
class Score:
    """Counts and the derived precision, recall and F1."""

    matched_system: int = 0
    system: int = 0
    matched_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched_system / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "system": self.system,
            "gold": self.gold,
            "matched_system": self.matched_system,
            "matched_gold": self.matched_gold,
        }


@dataclass
class Report:
    """The evaluation result."""

    overall: Score = field(default_factory=Score)
    by_doc: dict[str, Score] = field(default_factory=dict)
    by_lang: dict[str, Score] = field(default_factory=dict)
    by_plover: dict[str, Score] = field(default_factory=dict)
    bcubed_precision: float = 0.0
    bcubed_recall: float = 0.0
    bcubed_f1: float = 0.0
    aliases_found: int = 0
    aliases_total: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "relations": {
                "overall": self.overall.as_dict(),
                "by_language": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
                "by_document": {k: v.as_dict() for k, v in sorted(self.by_doc.items())},
                "by_plover": {k: v.as_dict() for k, v in sorted(self.by_plover.items())},
            },
            "entity_resolution": {
                "bcubed_precision": round(self.bcubed_precision, 4),
                "bcubed_recall": round(self.bcubed_recall, 4),
                "bcubed_f1": round(self.bcubed_f1, 4),
                "aliases_found": self.aliases_found,
                "aliases_total": self.aliases_total,
            },
            "missed": self.missed,
            "spurious": self.spurious,
        }


def _type_ok(rel: RelationRecord, gold: GoldRelation) -> bool:
    if gold.plover:
        return rel.plover in gold.plover
    return rel.plover is None and rel.predicate == gold.predicate


def _ends_ok(subj: set[str], obj: set[str], rel: RelationRecord, gold: GoldRelation) -> bool:
    if gold.subject in subj and gold.object in obj:
        return True
    symmetric = bool(set(gold.plover) & SYMMETRIC_TYPES) and rel.plover in SYMMETRIC_TYPES
    return symmetric and gold.subject in obj and gold.object in subj


def evaluate(store: GraphStore, gold: Gold) -> Report:
    """Score the store's relations and entity clusters against ``gold``."""
    alias_index = gold.alias_index()
    forms = surface_forms(store)
    # Every surface form of an entity anywhere in the corpus, plus its label.
    names: dict[str, set[str]] = defaultdict(set)
    for (_, entity_iri), texts in forms.items():
        names[entity_iri].update(norm(t) for t in texts)

    def resolve(rel_entity_iri: str, label: str) -> set[str]:
        found: set[str] = set()
        for text in names.get(rel_entity_iri, set()) | {norm(label)}:
            found |= alias_index.get(text, set())
        return found

    gold_docs = {g.doc for g in gold.relations}
    report = Report()
    gold_by_doc: dict[str, list[GoldRelation]] = defaultdict(list)
    for g in gold.relations:
        gold_by_doc[g.doc].append(g)
    system_by_doc: dict[str, list[RelationRecord]] = defaultdict(list)
    doc_lang = {row["doc"]: row["lang"] or "?" for row in articles(store)}
    for rel in relations(store):
        if rel.doc in gold_docs:
            system_by_doc[rel.doc].append(rel)

    def bump(keys: list[tuple[dict[str, Score], str]], **delta: int) -> None:
        for table, key in keys:
            score = table.setdefault(key, Score())
            for name, value in delta.items():
                setattr(score, name, getattr(score, name) + value)

    for doc in sorted(gold_docs):
        lang = doc_lang.get(doc, "?")
        golds = gold_by_doc[doc]
        used = [False] * len(golds)
        for rel in system_by_doc.get(doc, []):
            subj = resolve(rel.subject.iri, rel.subject.label)
            obj = resolve(rel.object.iri, rel.object.label)
            hit = next(
                (
                    i
                    for i, g in enumerate(golds)
                    if not used[i]
                    and g.polarity == rel.polarity
                    and _type_ok(rel, g)
                    and _ends_ok(subj, obj, rel, g)
                ),
                None,
            )
            tables = [
                (report.by_doc, doc),
                (report.by_lang, lang),
                (report.by_plover, rel.plover or rel.predicate),
            ]
            report.overall.system += 1
            bump(tables, system=1)
            if hit is None:
                report.spurious.append(
                    {
                        "doc": doc,
                        "subject": rel.subject.label,
                        "predicate": rel.predicate,
                        "object": rel.object.label,
                        "plover": rel.plover,
                        "polarity": rel.polarity,
                        "evidence": rel.sentence,
                    }
                )
                continue
            used[hit] = True
            report.overall.matched_system += 1
            report.overall.matched_gold += 1
            bump(tables, matched_system=1)
            g = golds[hit]
            bump(
                [
                    (report.by_doc, doc),
                    (report.by_lang, lang),
                    (report.by_plover, g.plover[0] if g.plover else g.predicate),
                ],
                matched_gold=1,
            )
        for i, g in enumerate(golds):
            report.overall.gold += 1
            bump(
                [
                    (report.by_doc, doc),
                    (report.by_lang, lang),
                    (report.by_plover, g.plover[0] if g.plover else g.predicate),
                ],
                gold=1,
            )
            if not used[i]:
                missed = asdict(g)
                for end in ("subject", "object"):
                    entity = gold.entities.get(missed[end])
                    missed[end] = entity.label if entity is not None else missed[end]
                missed["plover"] = "/".join(g.plover) or None
                report.missed.append(missed)
    _bcubed(report, gold, names)
    return report


def _bcubed(report: Report, gold: Gold, names: dict[str, set[str]]) -> None:
    """B-cubed over items (gold entity, alias) found under some system entity."""
    items: list[tuple[str, str]] = []  # (gold id, system entity iri)
    found_aliases: set[tuple[str, str]] = set()
    all_aliases = {(e.id, norm(a)) for e in gold.entities.values() for a in e.aliases}
    for entity_iri, texts in names.items():
        for entity in gold.entities.values():
            for alias in {norm(a) for a in entity.aliases} & texts:
                items.append((entity.id, entity_iri))
                found_aliases.add((entity.id, alias))
    report.aliases_found = len(found_aliases)
    report.aliases_total = len(all_aliases)
    if not items:
        return
    precision = recall = 0.0
    for g_id, s_id in items:
        same_sys = [i for i in items if i[1] == s_id]
        same_gold = [i for i in items if i[0] == g_id]
        both = sum(1 for i in same_sys if i[0] == g_id)
        precision += both / len(same_sys)
        recall += both / len(same_gold)
    report.bcubed_precision = precision / len(items)
    report.bcubed_recall = recall / len(items)
    p, r = report.bcubed_precision, report.bcubed_recall
    report.bcubed_f1 = 2 * p * r / (p + r) if p + r else 0.0
