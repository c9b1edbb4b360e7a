"""NLP and extraction of article batches in worker processes or on a Dask cluster.

The build groups articles into per-language batches (:func:`language_batches`),
cuts each batch into tasks of :data:`TASK_SIZE` articles, started as soon as
they are full (:func:`_task_events`), and hands each task to a *runner*: in the
parent process (``--workers 1``), local worker processes (:class:`_PoolRunner`:
a free worker takes the next task, preferring a language it has loaded), or an
existing ``dask.distributed`` cluster. Results come back **in the order of whole
batches**, so entity resolution sees exactly the sequence of mentions a
one-process build sees, and spaCy parses the same tasks whichever way the work
is spread: the store is byte-for-byte the same. At most a few batches per worker
are in flight: memory stays bounded however many articles come in.

Workers receive plain :class:`~kg_builder.models.Article` records and return
:class:`~kg_builder.models.ArticleResult` records; they never touch the store.
A pool is only started once a batch's worth of articles is read, so a small
incremental build pays no worker start-up.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import resource
import signal
import threading
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

#: Batches in flight per worker (as tasks, started or waiting): bounds memory, keeps workers fed.
IN_FLIGHT_PER_WORKER = 2
#: Articles per ``nlp.pipe`` call and per task sent to a worker. A language batch is cut into
#: tasks this size, in every mode, so spaCy sees the same batches however the work is spread
#: (the store stays byte-for-byte the same), and the last tasks of a build, which decide when
#: the slowest worker ends, take about 3 s of CPU rather than 12 s for 64 news articles.
TASK_SIZE = 16


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
    tasks: dict[str, list[Article]] = {}
    for event in _task_events(articles, report=report, size=size, task_size=size):
        if isinstance(event, ArticleResult):
            yield event
        elif event[0] == "task":
            tasks.setdefault(event[1], []).extend(event[2])
        else:
            yield event[1], tasks.pop(event[1])


#: What :func:`_task_events` yields: a result to pass on, ``("task", lang, articles)``
#: (a task is full: it may run now) or ``("batch", lang, [])`` (the language's batch is
#: complete: its tasks' results come next in build order).
Event = ArticleResult | tuple[str, str, list[Article]]


def _task_events(
    articles: Iterator[Article], *, report: BuildReport, size: int, task_size: int
) -> Iterator[Event]:
    """:func:`language_batches` one level finer: each batch as tasks of ``task_size``,
    each task announced as soon as it is full, before the batch it belongs to is.

    The tasks of a batch are the same whenever they are announced, and the batches
    complete in the same order, so a build that starts tasks early returns its
    results in the order of one that waits for whole batches.
    """
    pending: dict[str, int] = {}  # language -> articles in its current batch (order: batch start)
    open_tasks: dict[str, list[Article]] = {}
    for article in articles:
        lang = article.lang or "und"
        if lang not in SUPPORTED_LANGUAGES:
            report.warnings.append(
                f"{article.source}: language {lang!r} is not supported; "
                "stored with its metadata, no extraction"
            )
            yield ArticleResult(article=article)
            continue
        count = pending.setdefault(lang, 0) + 1
        pending[lang] = count
        task = open_tasks.setdefault(lang, [])
        task.append(article)
        if len(task) >= task_size or count >= size:
            yield "task", lang, open_tasks.pop(lang)
        if count >= size:
            del pending[lang]
            yield "batch", lang, []
    for lang in list(pending):
        if open_tasks.get(lang):
            yield "task", lang, open_tasks.pop(lang)
        del pending[lang]
        yield "batch", lang, []


class _Handle(Protocol):
    def get(self) -> Outcome: ...


class _Later:
    """A task held until the build knows whether it runs here or in the pool."""

    handle: _Handle | None = None

    def get(self) -> Outcome:
        assert self.handle is not None, "a held task was never started"
        return self.handle.get()


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
    """Local worker processes, forked from a server that imported kg_builder once.

    Tasks wait here and go to a worker only when it is free (one task at a time per
    worker), so the workers end together however long each task takes. A free
    worker takes the first waiting task in a language it has met, so that its
    models and caches serve again (*language affinity*), and the first waiting task
    when there is none. With every worker taking every language, two workers spent
    about a fifth more CPU than one process: each loaded the models and filled the
    caches of every language.

    Each worker is its own one-process ``concurrent.futures`` pool, rather than a
    ``multiprocessing.Pool``: when a worker dies (killed for lack of memory, a crash
    in native code) its task fails with ``BrokenProcessPool`` instead of waiting forever.
    """

    def __init__(self, spec: ExtractorSpec, workers: int) -> None:
        context = multiprocessing.get_context("forkserver")
        # Forking from a clean server (not from this process, which has store and
        # detector threads running) is safe, and the server imports spaCy once.
        context.set_forkserver_preload(["kg_builder.parallel"])
        self.workers = workers
        self.spec = spec
        self._pools = [
            ProcessPoolExecutor(1, mp_context=context, initializer=_ignore_sigint) for _ in range(workers)
        ]
        self._langs: list[set[str]] = [set() for _ in range(workers)]
        self._busy = [False] * workers
        self._waiting: deque[tuple[str, list[Article], Future[Outcome]]] = deque()
        # Tasks are handed out from the pools' result threads too (when a task ends).
        self._lock = threading.Lock()

    def submit(self, lang: str, batch: list[Article]) -> _Handle:
        outer: Future[Outcome] = Future()
        with self._lock:
            self._waiting.append((lang, batch, outer))
        self._dispatch()
        return _FutureHandle(outer, batch[0].source)

    def _dispatch(self) -> None:
        with self._lock:
            while self._waiting and not all(self._busy):
                worker = self._busy.index(False)
                known = self._langs[worker]
                pick = next((i for i, (lang, _, _) in enumerate(self._waiting) if lang in known), 0)
                lang, batch, outer = self._waiting[pick]
                del self._waiting[pick]
                if outer.cancelled():
                    continue
                self._langs[worker].add(lang)
                self._busy[worker] = True
                try:
                    inner = self._pools[worker].submit(run_batch, self.spec, lang, batch)
                except BaseException as exc:  # a broken or shut-down pool
                    self._busy[worker] = False
                    outer.set_exception(exc)
                    continue
                inner.add_done_callback(functools.partial(self._done, worker, outer))

    def _done(self, worker: int, outer: Future[Outcome], inner: Future[Outcome]) -> None:
        with self._lock:
            self._busy[worker] = False
        if not outer.done():
            if inner.cancelled():
                outer.cancel()
            elif inner.exception() is not None:
                outer.set_exception(inner.exception())  # type: ignore[arg-type]
            else:
                outer.set_result(inner.result())
        self._dispatch()

    def close(self) -> None:
        for pool in self._pools:
            pool.shutdown(wait=True)

    def abort(self) -> None:
        with self._lock:
            waiting, self._waiting = self._waiting, deque()
        for _, _, outer in waiting:
            outer.cancel()
        # Python 3.14 has terminate_workers(); before it, the processes are only in _processes.
        processes = [
            process
            for pool in self._pools
            for process in list((getattr(pool, "_processes", None) or {}).values())
        ]
        for pool in self._pools:
            pool.shutdown(wait=False, cancel_futures=True)
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

    Each language batch (:func:`language_batches`) runs as tasks of :data:`TASK_SIZE`
    articles, each started as soon as it is full. ``workers`` > 1 runs them in local
    worker processes (:class:`_PoolRunner`), started only once ``batch_size``
    articles have been read (a smaller build runs here, without start-up costs);
    ``dask_address`` sends them to that Dask scheduler instead. Both need ``spec``,
    naming the same extractor as ``extractor``. With ``workers`` == 1 tasks run
    here with ``extractor``.
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

    task_size = min(TASK_SIZE, batch_size)
    keep = IN_FLIGHT_PER_WORKER * -(-batch_size // task_size)  # tasks in flight per worker
    pool = bool(spec) and (dask_address is not None or workers > 1)
    read = 0

    def counted(articles: Iterator[Article]) -> Iterator[Article]:
        nonlocal read
        for article in articles:
            read += 1
            yield article

    held: list[tuple[str, list[Article], _Later]] = []
    batches: dict[str, list[_Handle]] = {}  # the tasks of each language's open batch
    try:
        events = _task_events(counted(articles), report=report, size=batch_size, task_size=task_size)
        for event in events:
            if isinstance(event, ArticleResult):
                queue.append(_Done([event]))
            elif event[0] == "task":
                _, lang, task = event
                if runner is None and pool and (dask_address or read >= batch_size):
                    assert spec is not None
                    runner = _DaskRunner(spec, dask_address) if dask_address else _PoolRunner(spec, workers)
                    for held_lang, held_task, later in held:
                        later.handle = runner.submit(held_lang, held_task)
                    held = []
                handle: _Handle
                if runner is not None:
                    handle = runner.submit(lang, task)
                elif not pool:
                    handle = _Done(extract_batch(extractor, lang, task))
                else:  # too few articles read yet to know whether the pool is worth starting
                    later = _Later()
                    held.append((lang, task, later))
                    handle = later
                batches.setdefault(lang, []).append(handle)
            else:
                queue.extend(batches.pop(event[1]))
            if not held:
                yield from drain(keep * (runner.workers if runner else 1))
        for lang, task, later in held:  # a small build: no pool
            later.handle = _Done(extract_batch(extractor, lang, task))
        yield from drain(0)
    except BaseException:
        if runner is not None:
            runner.abort()
            runner = None
        raise
    finally:
        if runner is not None:
            runner.close()
