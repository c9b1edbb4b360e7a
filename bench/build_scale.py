"""kg build at scale: --workers 1 against --workers 2, start-up, no-op re-ingest, peak RSS by size.

Every build runs in a fresh ``python -m bench.build_scale --child`` process. This
process registers as the *child subreaper* (Linux ``prctl``), so the worker pool's
forkserver and its workers are reaped here too and ``RUSAGE_CHILDREN`` holds the CPU
seconds of the whole process tree of each build. All figures are CPU seconds
except the wall-clock speed-up, which is the point of ``--workers``.

Corpus: news from ``../shared/data/news`` (MasakhaNEWS English and French, BSNLP
Polish, Russian and Ukrainian), read in place and written as JSONL into a
temporary directory (never into the repository). Sizes beyond the data repeat it
with a changed first line, so every copy is a new article.

    python -m bench.build_scale                       # 1,000 articles; RSS at 1,000 and 10,000
    python -m bench.build_scale --articles 300 --rss-sizes 300,3000
    git worktree add /tmp/kg-before COMMIT
    python -m bench.build_scale --skip workers,dask,noop,rss --before /tmp/kg-before

Reported:

* workers 1 vs 2 on ``--articles``: wall speed-up (target >= 1.6x on 2 cores), CPU total;
* the same on a Dask ``LocalCluster`` of 2 worker processes (``--dask``);
* peak RSS of the parent and of each worker;
* start-up CPU: ``kg build`` (the CLI, in a fresh process) of one 400-character
  article per language, a cold cache directory (``XDG_CACHE_HOME``) then
  ``--startup-runs`` warm runs (median and each run, user+sys of that process from
  ``wait4``); with ``--before DIR``, the same with an older checkout first;
* the no-op re-ingest cost per article (building the same input again);
* the parent's peak RSS at each of ``--rss-sizes`` (target: < 20 % growth for 10x).
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36


def news_records(data: Path) -> list[dict[str, str]]:
    """Every usable article of the news data in a fixed, language-mixed order."""
    csv.field_size_limit(sys.maxsize)
    news = data / "news"
    by_lang: dict[str, list[dict[str, str]]] = {}
    for lang, names in (("en", ("eng_test.tsv", "eng_dev.tsv")), ("fr", ("fra_test.tsv", "fra_dev.tsv"))):
        for name in names:
            path = news / "masakhanews" / name
            if path.is_file():
                with path.open(encoding="utf-8") as handle:
                    for row in csv.DictReader(handle, delimiter="\t"):
                        by_lang.setdefault(lang, []).append({"title": row["headline"], "text": row["text"]})
    bsnlp = news / "bsnlp" / "bsnlp_raw_documents.jsonl"
    if bsnlp.is_file():
        with bsnlp.open(encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                if rec["lang"] in ("pl", "ru", "uk") and len(rec["text"]) > 300:
                    by_lang.setdefault(rec["lang"], []).append({"title": rec["title"], "text": rec["text"]})
    if not by_lang:
        raise SystemExit(f"no news data under {news}; pass --data")
    # Round-robin over languages in proportion: 2 en, 1 fr, 1 each Slavic per cycle.
    order = ["en", "fr", "en", "pl", "ru", "uk"]
    cursors = dict.fromkeys(by_lang, 0)
    out: list[dict[str, str]] = []
    while any(cursors[k] < len(v) for k, v in by_lang.items()):
        for lang in order:
            items = by_lang.get(lang, [])
            if cursors.get(lang, 0) < len(items):
                out.append({**items[cursors[lang]], "lang": lang})
                cursors[lang] += 1
    return out


def write_corpus(records: list[dict[str, str]], size: int, path: Path, *, max_chars: int = 0) -> int:
    """``size`` articles as JSONL (copies get a new first line, hence a new id); returns words."""
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            rec = records[i % len(records)]
            text = rec["text"][:max_chars] if max_chars else rec["text"]
            copy = i // len(records)
            if copy:
                text = f"Copy {copy}.\n{text}"
            words += len(text.split())
            out = {"id": f"a{i}", "title": rec["title"], "text": text, "lang": rec["lang"]}
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
    return words


def _child(args: dict) -> None:
    """Run one build here and print what it used as JSON (the parent reads the last line)."""
    from kg_builder.pipeline import build

    started = time.perf_counter()
    # Without --workers the call also runs against code from before it (start-up "before").
    options = {"workers": args["workers"]} if args["workers"] != 1 else {}
    cluster = None
    if args.get("dask"):
        from distributed import LocalCluster

        cluster = LocalCluster(
            n_workers=args["dask"], threads_per_worker=1, processes=True, dashboard_address=None
        )
        options = {"dask_address": cluster.scheduler_address}
    try:
        report = build(args["sources"], store_path=Path(args["store"]), **options)
    finally:
        if cluster is not None:
            cluster.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "parent_cpu": usage.ru_utime + usage.ru_stime,
                "parent_peak_rss": usage.ru_maxrss * 1024,
                "written": report.articles_written,
                "unchanged": report.articles_unchanged,
                "words": report.words,
                "workers": [[w.peak_rss, w.cpu_seconds] for w in getattr(report, "workers", {}).values()],
            }
        )
    )


def _reap() -> None:
    """Wait for orphaned descendants (the forkserver) so their CPU lands in RUSAGE_CHILDREN."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def run_build(
    sources: list[str], store: Path, workers: int, env: dict[str, str] | None = None, dask: int = 0
) -> dict:
    """One build in a fresh process tree: its report, wall seconds and total CPU seconds.

    ``dask`` > 0 builds on a LocalCluster of that many worker processes started in the child.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    payload = json.dumps({"sources": sources, "store": str(store), "workers": workers, "dask": dask})
    proc = subprocess.run(
        [sys.executable, "-m", "bench.build_scale", "--child", payload],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    _reap()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return result


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


#: Short texts for languages the news data lacks (written for this benchmark).
EXTRA_TEXTS = {
    "de": (
        "Regierung berät über Haushalt",
        "Die Bundesregierung hat am Mittwoch in Berlin über den Haushalt beraten. Der Finanzminister "
        "sagte, Deutschland werde die Ukraine weiter unterstützen, und kritisierte Russland scharf. "
        "Die Opposition im Bundestag forderte mehr Geld für Schulen und warf der Regierung vor, "
        "die Gemeinden zu vergessen. Frankreich und Polen begrüßten die Entscheidung.",
    ),
}


def _lines(records: list[dict[str, str]], langs: list[str]) -> Iterator[dict[str, str]]:
    for lang in langs:
        rec = next((r for r in records if r["lang"] == lang), None)
        if rec is None:
            title, text = EXTRA_TEXTS[lang]
            rec = {"title": title, "text": text}
        yield {"title": rec["title"], "text": rec["text"][:400], "lang": lang}


def run_cli(args: list[str], env: dict[str, str] | None = None, code: Path = ROOT) -> tuple[float, int]:
    """``python -m kg_builder ARGS`` run from ``code`` (its kg_builder comes first on the path)
    in a fresh process: (user+sys CPU seconds, peak RSS bytes)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg_builder", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=code,
        env={**os.environ, **(env or {})},
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"kg {' '.join(args)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def startup(
    records: list[dict[str, str]], langs: list[str], tmp: Path, runs: int, before: Path | None
) -> None:
    """`kg build` of one short article per language: CPU and peak RSS, cold and warm cache.

    With ``before`` (a checkout of older code), the same runs with that code first
    (run from that directory), alternating per language, so both see the same machine.
    "first run" is the first build with an empty cache directory (per code, so the
    first language also pays for the actor index and its own caches).
    """
    codes = [("before", before), ("after", ROOT)] if before else [("now", ROOT)]
    for lang in langs:
        one = tmp / f"one-{lang}.jsonl"
        one.write_text(json.dumps(next(_lines(records, [lang])), ensure_ascii=False) + "\n")
        figures = []
        for name, code in codes:
            env = {"XDG_CACHE_HOME": str(tmp / f"cache-{name}"), "PYTHONPATH": str(code)}
            store = tmp / f"s-{name}-{lang}"
            cold, _ = run_cli(["build", str(one), "--store", str(store)], env, code)
            warm = []
            for i in range(runs):
                warm.append(run_cli(["build", str(one), "--store", str(store) + f"-{i}"], env, code))
            cpus = sorted(c for c, _ in warm)
            figures.append(
                f"{name}: warm {cpus[len(cpus) // 2]:.2f} s (runs {', '.join(f'{c:.2f}' for c, _ in warm)}), "
                f"peak RSS {mb(max(r for _, r in warm))}, first run {cold:.2f} s"
            )
        print(
            f"start-up CPU, `kg build` of one {lang} article: " + "; ".join(figures) + " (target <= 3 s)",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rss-sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument(
        "--rss-chars", type=int, default=0, help="cut texts to N characters in the RSS runs (0: whole)"
    )
    parser.add_argument("--startup-langs", default="en,fr,pl,de")
    parser.add_argument("--startup-runs", type=int, default=3, help="warm runs per language")
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of older code for start-up 'before' figures (git worktree add DIR COMMIT)",
    )
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to skip: workers,dask,startup,noop,rss"
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("warning: not a child subreaper; worker CPU may be missing from the totals", file=sys.stderr)
    skip = set(filter(None, args.skip.split(",")))
    records = news_records(args.data)

    with tempfile.TemporaryDirectory(prefix="kg-bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        words = write_corpus(records, args.articles, corpus)
        print(f"corpus: {args.articles} articles, {words:,} words, from {args.data / 'news'}", flush=True)

        if "workers" not in skip:
            runs = {w: run_build([str(corpus)], tmp / f"store-w{w}", w) for w in (1, 2)}
            for w, r in runs.items():
                worker = (
                    f", {len(r['workers'])} workers, peak RSS per worker "
                    f"{', '.join(mb(p) for p, _ in r['workers'])}, worker CPU "
                    f"{', '.join(f'{c:.1f} s' for _, c in r['workers'])}"
                    if r["workers"]
                    else ""
                )
                print(
                    f"--workers {w}: wall {r['wall']:7.1f} s, CPU total {r['cpu']:7.1f} s "
                    f"(parent {r['parent_cpu']:.1f} s), parent peak RSS {mb(r['parent_peak_rss'])}{worker}",
                    flush=True,
                )
            w1, w2 = runs[1], runs[2]
            print(
                f"wall speed-up 2 vs 1 workers: {w1['wall'] / w2['wall']:.2f}x (target >= 1.6x); "
                f"CPU total ratio 2/1: {w2['cpu'] / w1['cpu']:.2f}x",
                flush=True,
            )
            same = _nquads(tmp / "store-w1") == _nquads(tmp / "store-w2")
            print(f"stores identical (sorted N-Quads): {same}", flush=True)

        if "dask" not in skip:
            r = run_build([str(corpus)], tmp / "store-dask", 1, dask=2)
            print(
                f"Dask LocalCluster, 2 worker processes x 1 thread: wall {r['wall']:7.1f} s, "
                f"CPU total {r['cpu']:7.1f} s (parent {r['parent_cpu']:.1f} s, scheduler and nannies "
                f"included), peak RSS per worker {', '.join(mb(p) for p, _ in r['workers'])}",
                flush=True,
            )
            if (tmp / "store-w1").exists():
                same = _nquads(tmp / "store-w1") == _nquads(tmp / "store-dask")
                print(f"Dask store identical to --workers 1 (sorted N-Quads): {same}", flush=True)

        if "startup" not in skip:
            startup(records, args.startup_langs.split(","), tmp, args.startup_runs, args.before)

        if "noop" not in skip:
            store = tmp / "store-w1"
            if "workers" in skip:
                run_build([str(corpus)], store, 2)
            again = run_build([str(corpus)], store, 2)
            one_known = tmp / "one-known.jsonl"
            one_known.write_text(corpus.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
            base = run_build([str(one_known)], store, 2)
            per = (again["cpu"] - base["cpu"]) / max(1, args.articles - 1)
            print(
                f"no-op re-ingest of {again['unchanged']} known articles: CPU {again['cpu']:.2f} s, "
                f"one known article {base['cpu']:.2f} s -> {per * 1000:.2f} ms CPU per article",
                flush=True,
            )

        if "rss" not in skip:
            peaks = {}
            for size in (int(s) for s in args.rss_sizes.split(",")):
                path = tmp / f"rss-{size}.jsonl"
                write_corpus(records, size, path, max_chars=args.rss_chars)
                r = run_build([str(path)], tmp / f"store-rss-{size}", 2)
                peaks[size] = r["parent_peak_rss"]
                worker = max((p for p, _ in r["workers"]), default=0)
                print(
                    f"{size} articles: parent peak RSS {mb(r['parent_peak_rss'])}, worker peak {mb(worker)}, "
                    f"wall {r['wall']:.0f} s, CPU {r['cpu']:.0f} s",
                    flush=True,
                )
            sizes = sorted(peaks)
            growth = peaks[sizes[-1]] / peaks[sizes[0]] - 1
            print(f"parent peak RSS growth {sizes[0]} -> {sizes[-1]} articles: {growth:+.1%} (target < 20%)")
    return 0


def _nquads(store_path: Path) -> list[bytes]:
    import io

    from kg_builder.rdf.store import GraphStore

    with GraphStore(store_path, read_only=True) as store:
        out = io.BytesIO()
        store.dump(out, "nq")
    return sorted(out.getvalue().splitlines())


if __name__ == "__main__":
    sys.exit(main())
