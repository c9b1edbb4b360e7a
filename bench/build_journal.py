"""What the build journal costs: writing a batch through it versus straight into the store.

``kg build`` writes every validated article graph of its batch to the journal
(kg_builder.journal), commits it, then writes the articles from it into the store. This
compares, in one run, the write phase of a batch of ARTICLES graphs of ~200 triples:

* ``direct``  -- the baseline: ``put_ntriples`` per article into a new store, ``flush``;
* ``journal`` -- ``JournalWriter.add`` per article, ``commit`` (fsync + rename), then
  ``replay`` (reads the journal twice: a check pass, then the writes) into a new store.

It prints CPU seconds (``time.process_time``) and the ratio journal / direct; wall
seconds are printed for information only (fsync waits on the disk, not the CPU).

    python -m bench.build_journal               # 1,000 articles
    python -m bench.build_journal --articles 200
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from kg_builder.journal import JournalWriter, replay
from kg_builder.rdf.store import GraphStore

ARTICLE = "https://w3id.org/kg-builder/id/article/{:016x}"


def article_nt(rng: random.Random, index: int, triples: int = 200) -> str:
    """N-Triples shaped like an article graph: IRIs, labels and evidence sentences."""
    base = f"https://w3id.org/kg-builder/id/assertion/{index:016x}"
    lines = []
    for i in range(triples):
        subject = f"<{base}/{i // 8:04d}>"
        if i % 3 == 0:
            sentence = " ".join(
                rng.choice(("Russia", "Ukraine", "met", "said", "the", "talks")) for _ in range(25)
            )
            lines.append(f'{subject} <https://w3id.org/kg-builder/ontology#sentence> "{sentence}"@en .')
        else:
            entity = rng.randrange(5000)
            lines.append(
                f"{subject} <https://w3id.org/kg-builder/ontology#p{i % 7}> "
                f"<https://w3id.org/kg-builder/id/entity/e{entity}> ."
            )
    return "\n".join(lines)


def direct(graphs: list[tuple[str, str]], path: Path) -> None:
    with GraphStore(path) as store:
        for name, nt in graphs:
            store.put_ntriples(name, nt)
        store.flush()


def journaled(graphs: list[tuple[str, str]], path: Path) -> None:
    with GraphStore(path) as store:
        writer = JournalWriter(path)
        for name, nt in graphs:
            writer.add(name, nt)
        replay(store, writer.commit())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is reported")
    args = parser.parse_args()
    rng = random.Random(11)
    graphs = [(ARTICLE.format(i), article_nt(rng, i)) for i in range(args.articles)]
    size = sum(len(nt) for _, nt in graphs)
    print(f"{args.articles:,} article graphs, {size / 2**20:.1f} MiB of N-Triples")
    results: dict[str, list[tuple[float, float]]] = {"direct": [], "journal": []}
    with tempfile.TemporaryDirectory(prefix="kg-bench-journal-") as tmp:
        for run in range(args.repeat):
            for name, fn in (("direct", direct), ("journal", journaled)):
                path = Path(tmp) / f"{name}-{run}"
                cpu, wall = time.process_time(), time.perf_counter()
                fn(graphs, path)
                results[name].append((time.process_time() - cpu, time.perf_counter() - wall))
    median = {name: sorted(runs)[len(runs) // 2] for name, runs in results.items()}
    for name, (cpu, wall) in median.items():
        print(f"{name:8} {cpu:7.2f} CPU s  ({wall:6.2f} wall s)")
    ratio = median["journal"][0] / median["direct"][0]
    print(f"journal / direct: {ratio:.2f}x CPU seconds for the write phase")


if __name__ == "__main__":
    main()
