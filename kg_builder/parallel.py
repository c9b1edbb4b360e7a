"""NLP and extraction of article batches in worker processes or on a Dask cluster.

The build groups articles into per-language batches (:func:`language_batches`)
and hands each batch to a *runner*: in the parent process (``--workers 1``),
in a local process pool, or on an existing ``dask.distributed`` cluster. Results
come back **in submission order**, so entity resolution sees exactly the
sequence of mentions a one-process build sees and the store is byte-for-byte
the same. At most a few batches per worker are in flight: memory stays bounded
however many articles come in.

Workers receive plain :class:`~kg_builder.models.Article` records and return
:class:`~kg_builder.models.ArticleResult` records; they never touch the store.
A pool is only started once a full batch is ready, so a small incremental
build pays no worker start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from kg_builder.errors import ExtractionError, KGBuilderError
from kg_builder.models import SUPPORTED_LANGUAGES, Article, ArticleResult
from kg_builder.nlp import get_pipeline, pipe_texts

if TYPE_CHECKING:
    from kg_builder.pipeline import BuildReport, Extractor

__all__ = [
    "ExtractorSpec",
    "WorkerUsage",
    "available_cores",
    "extract_parallel",
    "language_batches",
    "run_batch",
]

#: Batches in flight per worker: one being processed, one queued behind it.
IN_FLIGHT_PER_WORKER = 2


def available_cores() -> int:
    """Cores this process may run on (the default of ``kg build --workers``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    """What a worker needs to build the same extractor as the parent (picklable)."""

    name: str
    actor_files: tuple[str, ...] = ()


@cache
def _extractor(spec: ExtractorSpec) -> Extractor:
    """The extractor of ``spec``, built once per process."""
    from kg_builder.actors import ActorDictionary
    from kg_builder.registry import extractors

    actors = ActorDictionary.load(spec.actor_files)
    return extractors.get(spec.name).factory(actors=actors)


@dataclass(frozen=True, slots=True)
class WorkerUsage:
    """What one worker process has used so far: for the build summary and bench/build_scale.py."""

    pid: int
    peak_rss: int  # bytes
    cpu_seconds: float


#: A batch's results and the usage of the worker that ran it (None: ran in this process).
Outcome = tuple[list[ArticleResult], WorkerUsage | None]


def _usage() -> WorkerUsage:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # Linux reports ru_maxrss in KiB.
    return WorkerUsage(os.getpid(), usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime)


def extract_batch(extractor: Extractor, lang: str, batch: list[Article]) -> list[ArticleResult]:
    """NLP and extraction of one language batch (one ``nlp.pipe`` call)."""
    nlp = get_pipeline(lang)
    # pipe_texts cuts articles over spaCy's max_length at paragraph breaks (offsets kept).
    docs = pipe_texts(nlp, [a.text for a in batch])
    return [extractor.extract(doc, a) for a, doc in zip(batch, docs, strict=True)]


def run_batch(spec: ExtractorSpec, lang: str, batch: list[Article]) -> Outcome:
    """Worker entry point: results of one batch and what the worker has used so far.

    Errors are re-raised as :class:`~kg_builder.errors.KGBuilderError` subclasses
    whose only argument is the message, so they cross the process boundary intact.
    """
    try:
        results = extract_batch(_extractor(spec), lang, batch)
    except KGBuilderError as exc:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # keyword-only constructor arguments do not survive pickling
            raise ExtractionError(str(exc)) from None
        raise
    except Exception as exc:  # a plugin's bug: say where, keep the type name
        raise ExtractionError(
            f"extraction failed in the batch starting at {batch[0].source} ({lang}): "
            f"{type(exc).__name__}: {exc}"
        ) from None
    return results, _usage()


Item = ArticleResult | tuple[str, list[Article]]


def language_batches(articles: Iterator[Article], *, report: BuildReport, size: int) -> Iterator[Item]:
    """Group ``articles`` into per-language batches of ``size``, in the order the build runs them.

    Yields ``(lang, articles)`` batches, and an empty :class:`ArticleResult`
    (with a warning in ``report``) for an article in an unsupported language.
    A batch is yielded as soon as it is full; the partial batches follow at the end.
    """
    pending: dict[str, list[Article]] = {}
    for article in articles:
        lang = article.lang or "und"
        if lang not in SUPPORTED_LANGUAGES:
            report.warnings.append(
                f"{article.source}: language {lang!r} is not supported; "
                "stored with its metadata, no extraction"
            )
            yield ArticleResult(article=article)
            continue
        batch = pending.setdefault(lang, [])
        batch.append(article)
        if len(batch) >= size:
            yield lang, pending.pop(lang)
    for lang in list(pending):
        yield lang, pending.pop(lang)


class _Handle(Protocol):
    def get(self) -> Outcome: ...


class _Done:
    """A result computed already (unsupported-language articles, in-process batches)."""

    def __init__(self, results: list[ArticleResult]) -> None:
        self._value: Outcome = (results, None)

    def get(self) -> Outcome:
        return self._value


class _Runner(Protocol):
    workers: int

    def submit(self, lang: str, batch: list[Article]) -> _Handle: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class _PoolRunner:
    """A local process pool; workers are forked from a server that imported kg_builder once.

    ``concurrent.futures`` rather than ``multiprocessing.Pool``: when a worker dies
    (killed for lack of memory, a crash in native code) its batch fails with
    ``BrokenProcessPool`` instead of waiting forever.
    """

    def __init__(self, spec: ExtractorSpec, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        # Forking from a clean server (not from this process, which has store and
        # detector threads running) is safe, and the server imports spaCy once.
        context.set_forkserver_preload(["kg_builder.parallel"])
        self.workers = workers
        self.spec = spec
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint)

    def submit(self, lang: str, batch: list[Article]) -> _Handle:
        return _FutureHandle(self._pool.submit(run_batch, self.spec, lang, batch), batch[0].source)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def abort(self) -> None:
        # Python 3.14 has terminate_workers(); before it, the processes are only in _processes.
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join()


class _FutureHandle:
    def __init__(self, future: Future[Outcome], first_source: str) -> None:
        self._future = future
        self._first = first_source

    def get(self) -> Outcome:
        try:
            return self._future.result()
        except BrokenProcessPool:
            raise ExtractionError(
                f"a worker process died while extracting the batch starting at {self._first} "
                "(out of memory?); run again with fewer --workers"
            ) from None


class _DaskHandle:
    def __init__(self, future: Any) -> None:
        self._future = future

    def get(self) -> Outcome:
        return self._future.result()


class _DaskRunner:
    """Batches as futures on an existing ``dask.distributed`` scheduler."""

    def __init__(self, spec: ExtractorSpec, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - distributed is a dependency
            raise KGBuilderError(f"--dask needs the 'distributed' package: {exc}") from None
        try:
            self._client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise KGBuilderError(
                f"cannot reach the Dask scheduler at {address!r}: {exc}; check --dask / KG_DASK_SCHEDULER"
            ) from None
        self.spec = spec
        workers = self._client.scheduler_info()["workers"].values()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in workers))

    def submit(self, lang: str, batch: list[Article]) -> _Handle:
        future = self._client.submit(run_batch, self.spec, lang, batch, pure=False)
        return _DaskHandle(future)

    def close(self) -> None:
        self._client.close()

    def abort(self) -> None:
        self._client.close()  # closing the client releases (and so cancels) its futures


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group; the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def extract_parallel(
    articles: Iterator[Article],
    *,
    extractor: Extractor,
    report: BuildReport,
    batch_size: int,
    spec: ExtractorSpec | None = None,
    workers: int = 1,
    dask_address: str | None = None,
    on_article: Callable[[Article], None] = lambda a: None,
) -> Iterator[ArticleResult]:
    """NLP and extraction of ``articles``, yielding one result per article in build order.

    ``workers`` > 1 runs batches in a local process pool, started only once a
    full batch is ready; ``dask_address`` sends them to that Dask scheduler
    instead. Both need ``spec``, naming the same extractor as ``extractor``.
    Until then, and with ``workers`` == 1, batches run here with ``extractor``.
    What each worker used (peak RSS, CPU) is recorded in ``report.workers``.
    On any exception (Ctrl-C included) every worker is stopped before it propagates.
    """
    runner: _Runner | None = None
    queue: deque[_Handle] = deque()

    def drain(keep: int) -> Iterator[ArticleResult]:
        while len(queue) > keep:
            results, usage = queue.popleft().get()
            if usage is not None:
                report.workers[usage.pid] = usage  # the latest report of a worker is its total
            for result in results:
                yield result
                on_article(result.article)

    try:
        for item in language_batches(articles, report=report, size=batch_size):
            if isinstance(item, ArticleResult):
                queue.append(_Done([item]))
            else:
                lang, batch = item
                if runner is None and spec and (dask_address or (workers > 1 and len(batch) >= batch_size)):
                    runner = _DaskRunner(spec, dask_address) if dask_address else _PoolRunner(spec, workers)
                if runner is None:
                    queue.append(_Done(extract_batch(extractor, lang, batch)))
                else:
                    queue.append(runner.submit(lang, batch))
            yield from drain(IN_FLIGHT_PER_WORKER * (runner.workers if runner else 1))
        yield from drain(0)
    except BaseException:
        if runner is not None:
            runner.abort()
            runner = None
        raise
    finally:
        if runner is not None:
            runner.close()
