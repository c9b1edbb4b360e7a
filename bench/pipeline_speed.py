"""Full pipeline words/s against spaCy's nlp.pipe alone, on the same texts, in one run.

Texts: the bundled examples plus, when ``../shared/data`` is present, real
news from it (read in place, never copied): English and French BBC articles
(MasakhaNEWS) and Polish, Russian and Ukrainian BSNLP articles. The
baseline is ``nlp.pipe`` over the very texts the pipeline parses (after
ingestion and cleaning), with the same per-language pipelines, so the ratio
is what extraction, resolution, RDF mapping, SHACL validation and the store
add on top of spaCy.

Both are timed in CPU seconds of this process (``time.process_time``; the build
runs with ``workers=1``, so all its work is in this process); wall seconds are
printed too. CPU seconds still swing by 10-30 % from one spaCy pass to the next on
a shared machine, so after one untimed run of each the two are timed in
``--repeat`` pairs, alternating which goes first, and the ratio reported is the
median of the pairs' ratios (each pair's is printed).

    python -m bench.pipeline_speed [--per-lang 60] [--data ../shared/data]

Target (issue 10): pipeline CPU <= 1.3 x the spaCy pass.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from kg_builder.ingest import iter_articles
from kg_builder.models import Article
from kg_builder.nlp import get_pipeline
from kg_builder.pipeline import build

ROOT = Path(__file__).resolve().parent.parent


def collect_texts(data: Path, per_lang: int) -> list[dict]:
    """Up to ``per_lang`` real articles per language as JSONL records."""
    records: list[dict] = []
    news = data / "news"
    csv.field_size_limit(sys.maxsize)
    for lang, name in (("en", "eng_test.tsv"), ("fr", "fra_test.tsv")):
        path = news / "masakhanews" / name
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["category"] == "politics"]
            records += [
                {"id": f"{lang}-{i}", "text": f"{r['headline']}\n{r['text']}", "lang": lang}
                for i, r in enumerate(rows[:per_lang])
            ]
    bsnlp = news / "bsnlp" / "bsnlp_raw_documents.jsonl"
    if bsnlp.is_file():
        counts: dict[str, int] = defaultdict(int)
        with bsnlp.open(encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                lang = rec["lang"]
                if lang in ("pl", "ru", "uk") and counts[lang] < per_lang and len(rec["text"]) > 500:
                    counts[lang] += 1
                    records.append({"id": rec["doc_id"], "text": rec["text"], "lang": lang})
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5, help="timed pairs (spaCy pass, build)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records = collect_texts(args.data, args.per_lang)
        with corpus.open("w", encoding="utf-8") as handle:
            for rec in records:
                handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
        sources = [str(ROOT / "examples" / "articles"), str(corpus)]
        articles = [a for a in iter_articles(sources) if isinstance(a, Article)]
        words = sum(a.word_count for a in articles)
        by_lang: dict[str, list[str]] = defaultdict(list)
        for a in articles:
            if a.lang:
                by_lang[a.lang].append(a.text)

        def timed(work: Callable[[], object]) -> tuple[float, float]:
            """(CPU seconds, wall seconds) of ``work``."""
            cpu, wall = time.process_time(), time.perf_counter()
            work()
            return time.process_time() - cpu, time.perf_counter() - wall

        def spacy_pass() -> None:
            for lang, texts in by_lang.items():
                for _ in get_pipeline(lang).pipe(texts, batch_size=64):
                    pass

        # One untimed run of each first (it also loads the models): the first full pass
        # over the texts pays one-off costs (spaCy's memory pools, the actor index's
        # decoded records) the later ones do not. Then --repeat pairs, the order
        # alternating within each pair, so drift on a busy machine slows both sides
        # alike; the ratio is the median of the pairs' ratios.
        spacy_pass()
        report = build(sources, store_path=Path(tmp) / "store-warm")
        pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []
        for n in range(args.repeat):
            store = Path(tmp) / f"store{n}"
            if n % 2 == 0:
                spacy_time = timed(spacy_pass)
                pipeline_time = timed(lambda store=store: build(sources, store_path=store))
            else:
                pipeline_time = timed(lambda store=store: build(sources, store_path=store))
                spacy_time = timed(spacy_pass)
            pairs.append((spacy_time, pipeline_time))
        ratios = sorted(p[1][0] / p[0][0] for p in pairs)
        spacy_seconds = statistics.median(p[0][0] for p in pairs)
        pipeline_seconds = statistics.median(p[1][0] for p in pairs)
        spacy_wall = statistics.median(p[0][1] for p in pairs)
        pipeline_wall = statistics.median(p[1][1] for p in pairs)

    ratio = statistics.median(ratios)
    print(
        f"articles: {len(articles)} ({', '.join(f'{k} {len(v)}' for k, v in sorted(by_lang.items()))}), "
        f"words: {words}"
    )
    print(
        f"spaCy nlp.pipe alone : {spacy_seconds:7.2f} s CPU  {words / spacy_seconds:9,.0f} words/CPU-s "
        f"(wall {spacy_wall:.2f} s)"
    )
    print(
        f"full pipeline (build): {pipeline_seconds:7.2f} s CPU  {words / pipeline_seconds:9,.0f} words/CPU-s "
        f"(wall {pipeline_wall:.2f} s)"
    )
    print(
        f"relations: {sum(report.relations_by_plover.values())}, "
        f"entities: {sum(report.entities_by_type.values())}"
    )
    print(
        f"ratio pipeline/spaCy : {ratio:.2f}x in CPU seconds, median of {len(ratios)} pairs "
        f"(each pair: {', '.join(f'{r:.2f}' for r in ratios)}; target <= 1.30x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
