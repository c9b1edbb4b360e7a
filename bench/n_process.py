"""spaCy's own ``nlp.pipe(n_process=2)`` against kg_builder's worker pool, for NLP and extraction.

Issue 10 asks for ``kg build --workers`` to use spaCy's ``n_process`` or a process pool
over language batches, "whichever measures better". Both run here on the same news
corpus as ``bench.build_scale`` (``--articles``, language-mixed), each in a fresh child
process, after one process doing the same work (the baseline):

* ``one process``: per language, ``pipe_texts`` and the extractor in this process;
* ``n_process=2``: per language, ``nlp.pipe(texts, n_process=2)``: spaCy forks two
  processes that parse, the Docs come back serialized, and extraction runs in the
  parent (spaCy's processes can only return Docs);
* ``pool, 2 workers``: ``kg_builder.parallel.extract_parallel(workers=2)``, as
  ``kg build --workers 2`` runs it (parsing and extraction in the workers).

Printed: wall seconds, CPU seconds of the whole process tree (this process is the
child subreaper, so forked grandchildren count too), the wall speed-up over one
process, and whether each variant extracted the same relations as one process.
Wall time is the point: run it with both cores free (``flock /work/cpu.lock ...``).

    python -m bench.n_process --articles 300
"""

from __future__ import annotations

import argparse
import ctypes
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.build_scale import PR_SET_CHILD_SUBREAPER, ROOT, _reap, news_records, write_corpus


def _signature(results: list) -> list[tuple]:
    """What extraction found, comparable across processes."""
    return sorted(
        (r.article.id, a.subject, a.predicate, a.object, a.polarity, a.evidence.start)
        for r in results
        for a in r.assertions
    ) + sorted((r.article.id, m.key, m.start) for r in results for m in r.mentions)


def _child(mode: str, corpus: str) -> None:
    from kg_builder.actors import ActorDictionary
    from kg_builder.ingest import iter_articles
    from kg_builder.models import Article
    from kg_builder.nlp import get_pipeline, pipe_texts
    from kg_builder.parallel import ExtractorSpec, extract_parallel
    from kg_builder.pipeline import BATCH_SIZE, BuildReport
    from kg_builder.registry import extractors

    articles = [a for a in iter_articles([corpus]) if isinstance(a, Article)]
    extractor = extractors.get("rule-based").factory(actors=ActorDictionary.load(()))
    by_lang: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_lang[article.lang or "und"].append(article)
    started = time.perf_counter()
    results = []
    if mode == "pool":
        results = list(
            extract_parallel(
                iter(articles), extractor=extractor, report=BuildReport(), batch_size=BATCH_SIZE,
                spec=ExtractorSpec("rule-based"), workers=2,
            )
        )  # fmt: skip
    else:
        for lang, batch in by_lang.items():
            nlp = get_pipeline(lang)
            texts = [a.text for a in batch]
            if mode == "one":
                docs = pipe_texts(nlp, texts)
            else:
                docs = nlp.pipe(texts, n_process=2, batch_size=16)
            results += [extractor.extract(doc, a) for a, doc in zip(batch, docs, strict=True)]
    wall = time.perf_counter() - started
    print(json.dumps({"wall": wall, "signature": _signature(results)}, default=str))


def run(mode: str, corpus: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-m", "bench.n_process", "--child", mode, str(corpus)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    _reap()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    with tempfile.TemporaryDirectory(prefix="kg-bench-nproc-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = write_corpus(news_records(args.data), args.articles, corpus)
        print(f"corpus: {args.articles} articles, {words:,} words", flush=True)
        runs = {}
        for mode, name in (("one", "one process"), ("nproc", "n_process=2"), ("pool", "pool, 2 workers")):
            runs[mode] = r = run(mode, corpus)
            speedup = runs["one"]["wall"] / r["wall"]
            same = r["signature"] == runs["one"]["signature"]
            print(
                f"{name:16s}: wall {r['wall']:6.1f} s (NLP + extraction), CPU of the tree {r['cpu']:6.1f} s "
                f"(with start-up), wall speed-up {speedup:.2f}x, same mentions and relations: {same}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
