"""``kg build --workers N`` and ``--dask``: the same store as one process, and Ctrl-C stops every worker."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

import kg_builder.pipeline as pipeline
from kg_builder.models import Article, ArticleResult
from kg_builder.parallel import ExtractorSpec, extract_parallel, language_batches
from kg_builder.pipeline import BuildReport, build
from kg_builder.testing import sorted_nquads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """English, French and Italian examples, a Czech article (unsupported) and two more English ones."""
    directory = tmp_path_factory.mktemp("corpus")
    records = [
        {"id": "cs-1", "lang": "cs", "text": "Prezident Zeman navštívil Moskvu a jednal s Putinem."},
        {"id": "en-a", "lang": "en", "text": "Germany accused Russia of sabotage. Scholz met Macron."},
        {"id": "en-b", "lang": "en", "text": "Poland did not support sanctions on Hungary, Tusk said."},
    ]
    jsonl = directory / "more.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    examples = [str(p) for p in sorted(EXAMPLES.glob("*.txt")) if not p.name.startswith("003")]  # no pl
    return [*examples, str(jsonl)]


@pytest.fixture(scope="module")
def one_process(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Sorted N-Quads of a one-process build of the corpus."""
    store = tmp_path_factory.mktemp("w1") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "BATCH_SIZE", 1)
        report = build(corpus, store_path=store, workers=1)
    assert report.articles_written == 7 and not report.workers
    quads = sorted_nquads(store)
    assert len(quads) > 500
    return quads


def test_language_batches_keep_the_one_process_order() -> None:
    def art(i: int, lang: str) -> Article:
        return Article(id=f"{i:016x}", text="x", source=f"s{i}", lang=lang)

    report = BuildReport()
    articles = [art(1, "en"), art(2, "fr"), art(3, "cs"), art(4, "en"), art(5, "fr")]
    items = list(language_batches(iter(articles), report=report, size=2))
    shape = [x.article.source if hasattr(x, "article") else (x[0], [a.source for a in x[1]]) for x in items]
    assert shape == ["s3", ("en", ["s1", "s4"]), ("fr", ["s2", "s5"])]
    assert report.warnings == ["s3: language 'cs' is not supported; stored with its metadata, no extraction"]


def test_tasks_return_results_in_the_order_of_whole_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tasks start as soon as they are full, before their batch is; the results must still
    # come in the order of whole language batches (resolution, hence the store, depends on it).
    import kg_builder.parallel as parallel

    ran: list[list[str]] = []

    def fake_extract(extractor: object, lang: str, batch: list[Article]) -> list[ArticleResult]:
        ran.append([a.source for a in batch])
        return [ArticleResult(article=a) for a in batch]

    monkeypatch.setattr(parallel, "extract_batch", fake_extract)
    monkeypatch.setattr(parallel, "TASK_SIZE", 2)
    langs = ["en", "fr", "en", "cs", "pl", "en", "fr", "en", "en", "pl", "en", "fr", "en", "en", "de"]
    articles = [Article(id=f"{i:016x}", text="x", source=f"s{i}", lang=lang) for i, lang in enumerate(langs)]
    expected = []
    for item in language_batches(iter(articles), report=BuildReport(), size=5):
        expected += [item.article.source] if isinstance(item, ArticleResult) else [a.source for a in item[1]]
    got = [
        r.article.source
        for r in extract_parallel(iter(articles), extractor=None, report=BuildReport(), batch_size=5)  # type: ignore[arg-type]
    ]
    assert got == expected
    # Tasks of two articles run as soon as they are full, the last of a batch cut at its
    # boundary (the first five English articles: 2 + 2 + 1).
    assert ran[:4] == [["s0", "s2"], ["s1", "s6"], ["s5", "s7"], ["s8"]]
    assert max(len(t) for t in ran) == 2


def test_two_workers_with_tasks_smaller_than_batches_write_the_same_store(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of 4 in tasks of 2: tasks are held until 4 articles are read, then the pool starts.
    import kg_builder.parallel as parallel

    monkeypatch.setattr(pipeline, "BATCH_SIZE", 4)
    monkeypatch.setattr(parallel, "TASK_SIZE", 2)
    one = build(corpus, store_path=tmp_path / "w1", workers=1)
    two = build(corpus, store_path=tmp_path / "w2", workers=2)
    assert one.articles_written == two.articles_written == 7
    assert not one.workers and two.workers
    assert sorted_nquads(tmp_path / "w2") == sorted_nquads(tmp_path / "w1")


def test_two_workers_write_the_same_store_as_one_process(
    corpus: list[str], one_process: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 1)  # every article a batch: the pool starts at once
    report = build(corpus, store_path=tmp_path / "store", workers=2)
    assert report.articles_written == 7
    assert report.workers, "the batches did not run in worker processes"
    assert all(w.peak_rss > 50 * 2**20 and w.cpu_seconds > 0 for w in report.workers.values())
    assert sorted_nquads(tmp_path / "store") == one_process


def _descendants_of_descendants() -> list[psutil.Process]:
    """Pool workers: the children of our children (the forkserver forks them)."""
    me = os.getpid()
    return [p for p in psutil.Process(me).children(recursive=True) if p.ppid() != me and p.is_running()]


def test_ctrl_c_stops_every_worker_and_writes_nothing(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 1)
    real = pipeline.iter_articles
    started: list[int] = []

    def interrupted(*args: object, **kwargs: object) -> Iterator[object]:
        for n, item in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if n == 4:
                started.extend(p.pid for p in _descendants_of_descendants())
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(pipeline, "iter_articles", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(corpus, store_path=tmp_path / "store", workers=2)
    assert started, "no worker was running when Ctrl-C came"
    for _ in range(100):  # terminate() has returned; give the kernel a moment to reap them
        alive = [p for p in started if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
        if not alive:
            break
        time.sleep(0.05)
    assert not alive, f"workers still running after Ctrl-C: {alive}"
    # A first build that wrote nothing leaves no store behind (issue 11).
    assert not (tmp_path / "store").exists()


def test_worker_errors_cross_the_process_boundary(corpus: list[str]) -> None:
    from kg_builder.errors import KGBuilderError

    report = BuildReport()
    articles = [Article(id=f"{i:016x}", text="Hello world.", source=f"a{i}", lang="en") for i in range(2)]
    results = extract_parallel(
        iter(articles),
        extractor=None,  # type: ignore[arg-type]  # never used: the pool starts at the first batch
        spec=ExtractorSpec("no-such-extractor"),
        report=report,
        batch_size=1,
        workers=2,
    )
    with pytest.raises(KGBuilderError, match="unknown extractor 'no-such-extractor'"):
        list(results)


def test_dask_cluster_writes_the_same_store(
    corpus: list[str], one_process: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = build(corpus, store_path=tmp_path / "store", dask_address=cluster.scheduler_address)
    assert report.articles_written == 7
    assert report.workers and os.getpid() not in report.workers, "no batch ran on Dask"
    assert sorted_nquads(tmp_path / "store") == one_process


def test_unreachable_dask_scheduler_is_one_clear_error(corpus: list[str], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg_builder.cli import cli

    result = CliRunner().invoke(
        cli,
        ["build", corpus[0], "--store", str(tmp_path / "store"), "--quiet"],
        env={"KG_DASK_SCHEDULER": "tcp://127.0.0.1:9"},
    )
    print(result.output)
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "store").exists()  # a first build that wrote nothing leaves no store
