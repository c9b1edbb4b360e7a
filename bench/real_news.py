"""Relations per article on real news, and a random sample of them to judge by hand.

Reads ``--per-lang`` articles per language (en, fr from MasakhaNEWS; pl, ru, uk from
BSNLP) from ``../shared/data`` in place (never copied into the project), builds them
into a temporary store, and prints relations per article (overall, per language, per
kind) and ``--sample`` relations drawn with a fixed seed, one per line with their
evidence, for a person to judge.

    python -m bench.real_news [--per-lang 200] [--sample 50] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.pipeline_speed import ROOT, collect_texts
from kg_builder.pipeline import build
from kg_builder.rdf.read import relations
from kg_builder.rdf.store import GraphStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=200)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    records = collect_texts(args.data, args.per_lang)
    if not records:
        raise SystemExit(f"no news found under {args.data}")
    articles = Counter(r["lang"] for r in records)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "news.jsonl"
        source.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        started = time.process_time()
        build([str(source)], store_path=Path(tmp) / "store")
        cpu = time.process_time() - started
        with GraphStore(Path(tmp) / "store", read_only=True) as store:
            rows = list(relations(store))
    by_lang = Counter(r.lang for r in rows)
    by_kind = Counter(r.plover or r.predicate for r in rows)
    total = sum(articles.values())
    print(
        f"{total} articles, {len(rows)} relations: {len(rows) / total:.2f} per article; build {cpu:.1f} s CPU"
    )
    for lang in sorted(articles):
        n = by_lang[lang]
        print(f"  {lang}: {articles[lang]} articles, {n} relations, {n / articles[lang]:.2f} per article")
    print("  by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
    print(f"\n{args.sample} relations drawn with seed {args.seed}:")
    for n, r in enumerate(random.Random(args.seed).sample(rows, min(args.sample, len(rows))), 1):
        negated = "" if r.polarity == "positive" else " (negated)"
        print(
            f"{n:2}. [{r.lang}] {r.subject.label} –{r.plover or r.predicate}→ {r.object.label}{negated}"
            f" ({r.modality}; {r.rule})\n    “{' '.join(r.sentence.split())[:300]}”"
        )


if __name__ == "__main__":
    main()
