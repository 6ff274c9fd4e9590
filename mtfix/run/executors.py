"""Where work units run: in this process, over local worker processes, or over a Dask cluster.

Every executor has the same two methods: ``map(fn, items)`` yields ``fn(item)`` for each item in
input order (lazily, with a bounded number of items in flight, so a stream of chunks never has to
be held in memory at once) and ``close()``. ``fn`` must be a picklable top-level function.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Protocol


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _worker_start(parent: int) -> None:
    """A pool worker's set-up: what it inherited from the parent (linters, lexicons, the
    parsed files) put out of the collector's reach (``gc.freeze``: a full collection walked
    it again while the worker made and pickled its results; four 1 MB CSVs of dense findings,
    fix --jobs 2: 10.3 -> 9.7 s), and :func:`_die_with_parent`."""
    import gc

    gc.freeze()
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """In a pool worker: end when the parent process ends, however it ends (SIGKILL included):
    the kernel's parent-death signal on Linux, and a watchdog thread everywhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent was gone before the signal was asked for
        os._exit(1)

    def watch() -> None:
        import time

        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="mtfix-parent-watch", daemon=True).start()


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


class Serial:
    workers = 1

    def map(self, fn, items):
        for item in items:
            yield fn(item)

    def close(self) -> None:
        pass


class Processes:
    """A process pool; at most ``8 * workers`` items in flight (enough that a slow item at the
    head of the order does not leave the other workers idle; items are about 1 MiB, so this
    bounds memory too), results in input order."""

    def __init__(self, workers: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                                         initargs=(os.getpid(),))

    def map(self, fn, items):
        pending: deque = deque()
        limit = 8 * self.workers
        for item in items:
            pending.append(self._pool.submit(fn, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def make_executor(engine: str = "local", jobs: int = 1, scheduler: str | None = None) -> Executor:
    """``local`` with ``jobs`` processes (1: in this process), or ``dask`` on ``scheduler``
    (``tcp://host:port``; None starts a local cluster of ``jobs`` worker processes)."""
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    cpus = cpu_count()
    if jobs > cpus and not (engine == "dask" and scheduler):  # processes on this machine
        print(f"mtfix: warning: --jobs {jobs} is more than the {cpus} CPU(s) available; "
              f"using {cpus}", file=sys.stderr)
        jobs = cpus
    if engine == "dask":
        from .dask_cluster import DaskExecutor

        return DaskExecutor(scheduler, workers=jobs)
    return Serial() if jobs <= 1 else Processes(jobs)
