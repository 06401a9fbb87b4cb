"""Where a build's documents are rendered: here, in warm worker processes, or on Dask.

A job is picklable (the record as the build read and validated it, with its project; paths,
strings, frozen dataclasses) and its outcome comes back as bytes or as located lines, so the
same ``render_job`` runs in this process, in a worker process and on a Dask worker, and none of
them reads a record file. Only the build's own process writes outputs: a worker that is killed,
or a cluster that goes away, leaves no file behind.

Nothing here imports WeasyPrint or pikepdf until a document is rendered: a build with nothing
to render does not pay for them. Workers fork from a server that has imported and warmed them
(``batch/warm.py``); each worker is replaced on its own once its memory passes a measured limit.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal, NoReturn

from dossiergen.config.paths import ProjectPaths
from dossiergen.documents.kinds import default_kind
from dossiergen.errors import DossiergenError, Problem, UsageError, display_path
from dossiergen.i18n.formatting import Conventions
from dossiergen.i18n.languages import parse_langs
from dossiergen.records.record import Record
from dossiergen.render.time_limit import call_with_time_limit

ExecutorKind = Literal["processes", "dask"]


@dataclass(frozen=True)
class Workers:
    """How many documents render at once, and where."""

    jobs: int = 1
    """Worker processes (Dask: workers of the local cluster). 1 renders in this process."""
    executor: ExecutorKind = "processes"
    scheduler: str | None = None
    """A Dask scheduler's address (``tcp://HOST:PORT``); ``None`` starts a local cluster."""
    memory_limit: int | None = 384 * 2**20
    """Bytes of resident memory after a document past which its worker is replaced (alone, the others
    rendering on), so that memory stays flat however long the build; ``None`` keeps workers for good."""


IN_THIS_PROCESS = Workers()


@dataclass(frozen=True)
class Job:
    """One output to render; everything a worker on another machine needs to know."""

    record: Record
    """Validated and cross-checked, with its project: the build's one reading of the file."""
    lang_set: str
    target: Path
    key: str
    root: Path
    conventions: Conventions
    tagged: bool = True
    """A tagged PDF declared PDF/UA-1 (``False``: the plain untagged PDF/A-3b)."""
    draft: bool = False
    time_limit: float | None = None
    """Seconds one render may take before it is stopped and reported (``None``: no limit)."""

    @property
    def source(self) -> Path:
        return self.record.path


@dataclass(frozen=True)
class Rendered:
    """What a worker sends back: the PDF and its page count, or the located lines of its failure."""

    pdf: bytes | None
    pages: int = 0
    errors: tuple[str, ...] = ()
    seconds: float = 0.0
    placeholders: tuple[str, ...] = ()
    """In a draft, the located lines of the texts printed as placeholders."""
    worker: int = 0
    """The process that rendered it (its pid)."""
    rss: int = 0
    """That process's resident memory once the document was done, in bytes (0 where unknown)."""


def _render(job: Job) -> tuple[bytes, tuple[Problem, ...]]:
    from dossiergen.formats.pdf import render_with_placeholders  # WeasyPrint: only once there is work

    return render_with_placeholders(job.record, parse_langs(job.lang_set), kind=default_kind(job.record.kind),
                                    paths=ProjectPaths(job.root), tagged=job.tagged,
                                    conventions=job.conventions, draft=job.draft)


def render_job(job: Job) -> Rendered:
    """Render and count the pages of one output, in whatever process runs it."""
    import io

    import pikepdf

    started = time.perf_counter()
    try:
        pdf, placeholders = call_with_time_limit(job.time_limit, job.source, job.target.name, partial(_render, job))
        with pikepdf.open(io.BytesIO(pdf)) as document:
            pages = len(document.pages)
    except DossiergenError as error:
        return Rendered(None, errors=tuple(str(problem) for problem in error.problems),
                        seconds=time.perf_counter() - started, worker=os.getpid(), rss=resident_memory())
    return Rendered(pdf, pages, seconds=time.perf_counter() - started,
                    placeholders=tuple(str(problem) for problem in placeholders), worker=os.getpid(),
                    rss=resident_memory())


def resident_memory() -> int:
    """This process's resident memory now, in bytes (Linux's ``/proc``; 0 elsewhere)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _expected_cost(job: Job) -> int:
    """Roughly how long a job takes: dossiers run to many pages, releases to two or three."""
    return {"project": 4, "minutes": 2}.get(job.record.kind, 1) * len(job.lang_set.split("+"))


def _start_worker(build_pid: int) -> None:
    """Leave Ctrl-C to the build's process, and do not outlive it if it is killed."""
    # Ctrl-C reaches the whole process group; the build's own process decides what to do
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # WeasyPrint's font folders go into a folder of the worker's own, removed however the worker
    # ends: when the pool ends it (a finalizer), on SIGTERM (a pool whose other worker died
    # terminates the rest), or orphaned. SIGTERM must not raise: the pool would send the exception
    # back as the job's result and the worker would live on.
    folder = tempfile.mkdtemp(prefix="dossiergen-worker-")
    tempfile.tempdir = folder
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=0)

    def exit_now(code: int) -> NoReturn:
        shutil.rmtree(folder, ignore_errors=True)
        os._exit(code)

    signal.signal(signal.SIGTERM, lambda signum, _frame: exit_now(128 + signum))

    def exit_when_orphaned() -> None:
        # a worker waits on a queue that it holds a writing end of itself, so it never sees the
        # build go; and its parent is the fork server, which lives as long as its children do
        while _running(build_pid):
            time.sleep(0.5)
        exit_now(1)

    threading.Thread(target=exit_when_orphaned, daemon=True).start()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # killed but not yet reaped by its parent: a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


IN_PROCESS_PER_WORKER = 2
"""Up to this many documents per worker render in the build's own process: starting workers (a fork
server that imports and warms WeasyPrint, then the forks) costs about what one document does."""


def run_jobs(jobs: Sequence[Job], workers: Workers) -> Generator[tuple[Job, Rendered], None, None]:
    """Each job with its outcome, in the order they finish."""
    if workers.executor == "processes" and (workers.jobs == 1 or len(jobs) <= IN_PROCESS_PER_WORKER * workers.jobs):
        for job in jobs:
            yield job, render_job(job)
        return
    # the longest documents first, so that no worker is left with a dossier while the others idle
    ordered = sorted(jobs, key=_expected_cost, reverse=True)
    if workers.executor == "dask":
        with _dask_executor(workers) as executor:
            from distributed import KilledWorker
            from distributed.comm.core import CommClosedError

            # Dask retries a lost worker's tasks itself; a task that keeps killing workers, or a
            # cluster that goes away, fails that document
            for job, rendered in _completed(executor, ordered, lost=(KilledWorker, CommClosedError)):
                yield job, rendered or Rendered(None, errors=(
                    f"{display_path(job.source)}: the Dask cluster lost the workers rendering {job.target.name}",))
        return
    orphaned: list[Job] = []
    for job, rendered in _in_workers(ordered, workers):
        if rendered is None:
            orphaned.append(job)
        else:
            yield job, rendered
    # A worker that dies (killed, out of memory, a crash in a C library) loses the document it was
    # rendering. Each such document is rendered again in a worker of its own, so that one that kills
    # its worker every time fails alone and takes nothing else with it.
    for job in orphaned:
        for _, rendered in _in_workers([job], Workers(1, memory_limit=None)):
            yield job, rendered or Rendered(None, errors=(
                f"{display_path(job.source)}: the worker process rendering {job.target.name} ended"
                " (killed, out of memory, or a crash), twice",))


def _in_workers(jobs: Sequence[Job], workers: Workers) -> Iterator[tuple[Job, Rendered | None]]:
    """Each job with its outcome as it finishes, ``None`` where its worker died.

    One single-process pool per worker, each given one document at a time: a worker whose memory
    passed ``workers.memory_limit``, or that died, is replaced alone while the others go on.
    (``ProcessPoolExecutor``'s own ``max_tasks_per_child`` stops replacing workers once a backlog
    is queued, and the pool hangs: CPython gh-115634, Python 3.11 to 3.13.)
    """
    waiting = deque(jobs)
    running: dict[Future[Rendered], tuple[ProcessPoolExecutor, Job]] = {}
    pools: list[ProcessPoolExecutor] = []

    def give(pool: ProcessPoolExecutor | None) -> None:
        if pool is None:
            pool = _process_pool()
            pools.append(pool)
        job = waiting.popleft()
        running[pool.submit(render_job, job)] = (pool, job)

    try:
        for _ in range(min(workers.jobs, len(waiting))):
            give(None)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                pool, job = running.pop(future)
                try:
                    rendered: Rendered | None = future.result()
                except BrokenProcessPool:
                    rendered = None
                worn = rendered is None or (workers.memory_limit is not None
                                            and rendered.rss > workers.memory_limit)
                if worn or not waiting:
                    pools.remove(pool)
                    pool.shutdown(wait=False)  # it exits on its own; its next job goes to a fresh worker
                if waiting:  # the next document starts before this one is written
                    give(None if worn else pool)
                yield job, rendered
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def _completed(executor: Executor, jobs: Sequence[Job], lost: tuple[type[BaseException], ...]
               ) -> Iterator[tuple[Job, Rendered | None]]:
    """Each job with its outcome as it finishes; ``None`` where the worker under it was ``lost``."""
    futures: dict[Future[Rendered], Job] = {executor.submit(render_job, job): job for job in jobs}
    try:
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except lost:
                yield futures[future], None
    finally:
        for future in futures:
            future.cancel()


def _process_pool() -> ProcessPoolExecutor:
    """One worker process. It forks from a server that has imported and warmed WeasyPrint, the fonts,
    templates and catalogs once (``batch/warm.py``), so a new worker starts in milliseconds, warm."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "dossiergen.batch.warm"])
    return ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))


@contextmanager
def _dask_executor(workers: Workers) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'dossiergen[dask]'") from None
    if workers.scheduler is not None:
        try:
            client = Client(workers.scheduler, timeout="10s")
        except OSError as error:
            raise UsageError(f"--scheduler {workers.scheduler}: cannot connect ({error})") from None
        with client:
            yield client.get_executor(pure=False)
        return
    with LocalCluster(n_workers=workers.jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster, Client(cluster) as client:
        yield client.get_executor(pure=False)
