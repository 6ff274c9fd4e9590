"""Work units over a Dask cluster (``--engine dask``).

:class:`DaskExecutor` is an :class:`mtfix.run.executors.Executor` on ``dask.distributed``: given a
scheduler address it connects to that cluster; without one it starts a local cluster of worker
processes on 127.0.0.1 and stops it again in :meth:`close`. The client (this process) reads and
writes every file; workers only run the function on the units they are sent, so they need the same
mtfix installed (checked on connect). Dask is imported here only, when this engine is chosen.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from typing import Any, Callable, Iterable, Iterator

from ..textio import InputError

EXTRA_HINT = "--engine dask needs the extra: pip install 'mtfix[dask]'"
IN_FLIGHT_PER_THREAD = 4
# A run with no worker left (or no scheduler) for this many seconds fails, in one line, instead
# of waiting for a worker that may never come.
try:
    LOST_TIMEOUT = float(os.environ.get("MTFIX_DASK_LOST_TIMEOUT", 30))
except ValueError:
    LOST_TIMEOUT = 30.0
POLL = 1.0


def _distributed():
    try:
        import distributed
    except ImportError:
        raise InputError(EXTRA_HINT) from None
    return distributed


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text or type(e).__name__


class DaskExecutor:
    """Run ``fn(item)`` on a Dask cluster; results in input order, a bounded number in flight.

    ``scheduler``: ``tcp://host:port`` of a running scheduler (its cluster is left running on
    :meth:`close`), or None for a local cluster of ``workers`` single-threaded worker processes.
    ``timeout``: seconds to reach the scheduler and to wait for at least one worker.
    """

    def __init__(self, scheduler: str | None = None, workers: int = 1,
                 timeout: float = 10.0) -> None:
        distributed = _distributed()
        if workers < 1:
            raise InputError("--jobs must be at least 1")
        self.scheduler = scheduler
        # a lost scheduler is reported by the run in one line; not also by the client's loggers
        # (distributed.batched logs the closed connection with a traceback)
        for name in ("distributed.client", "distributed.batched", "distributed.core",
                     "distributed.comm"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        self._cluster = None
        self._client = None
        try:
            if scheduler:
                self._connect(distributed, scheduler, timeout)
            else:
                self._cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None, worker_dashboard_address=None,
                    # the scheduler's HTTP endpoints (health, metrics) would default to :8787
                    scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.CRITICAL)
                self._client = distributed.Client(self._cluster, set_as_default=False)
            self._check_workers(timeout)
        except BaseException:
            self.close()
            raise
        self.workers = self._threads() or workers

    # -- set-up ----------------------------------------------------------------------------

    def _connect(self, distributed, scheduler: str, timeout: float) -> None:
        from distributed.comm import get_address_host_port

        try:  # a malformed address would leave a half-made Client that hangs at exit
            get_address_host_port(scheduler)
        except ValueError as e:
            raise InputError(f"--scheduler {scheduler}: {_one_line(e)}; "
                             "expected tcp://HOST:PORT") from None
        if "://" in scheduler and not scheduler.startswith("tcp://"):
            raise InputError(f"--scheduler {scheduler}: only tcp://HOST:PORT is supported "
                             "(TLS and other protocols need a security set-up mtfix does not "
                             "pass)")
        try:
            self._client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} within "
                             f"{timeout:g} s: {_one_line(e)}") from None

    def _check_workers(self, timeout: float) -> None:
        """At least one worker, and every worker runs the same mtfix as this process."""
        from .. import __version__

        try:
            self._client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as e:
            raise InputError(f"the Dask scheduler at {self._address()} has no workers "
                             f"(waited {timeout:g} s): {_one_line(e)}") from None

        def probe() -> str | None:  # nested: pickled by value, runs even without mtfix
            try:
                import mtfix
            except ImportError:
                return None
            return getattr(mtfix, "__version__", "?")

        found = self._client.run(probe)
        found["the scheduler"] = self._client.run_on_scheduler(probe)  # it unpickles tasks too
        bad = {addr: v for addr, v in found.items() if v != __version__}
        if bad:
            addr, v = next(iter(sorted(bad.items())))
            what = "cannot import mtfix" if v is None else f"has mtfix {v}"
            where = addr if addr == "the scheduler" else f"Dask worker {addr}"
            raise InputError(f"{where} {what}; the scheduler and workers need mtfix "
                             f"{__version__} installed (same as this client)"
                             + (f" ({len(bad) - 1} more like it)" if len(bad) > 1 else ""))

    def _address(self) -> str:
        return self.scheduler or getattr(self._cluster, "scheduler_address", "?")

    def _threads(self) -> int:
        try:
            return sum(self._client.nthreads().values())
        except Exception:  # noqa: BLE001 - a figure for sizing only
            return 0

    # -- the protocol ----------------------------------------------------------------------

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(item)`` per item in input order; at most 4 units per worker thread are
        submitted and not yet yielded. Every unit is computed (``pure=False``: unique keys, so
        identical chunks are not merged). A failing unit raises its own exception here, and the
        units still pending are cancelled (likewise when the caller stops iterating)."""
        client = self._client
        if client is None:
            raise RuntimeError("DaskExecutor is closed")
        self.workers = self._threads() or self.workers
        limit = max(2, IN_FLIGHT_PER_THREAD * self.workers)
        pending: deque = deque()
        try:
            for item in items:
                pending.append(client.submit(fn, item, pure=False))
                if len(pending) >= limit:
                    yield self._result(pending.popleft())
            while pending:
                yield self._result(pending.popleft())
        finally:
            if pending:
                client.cancel(list(pending))
                pending.clear()

    def _result(self, fut):
        """``fut``'s result; a unit's own exception is raised as it is. A lost cluster (no
        worker, or no scheduler, for LOST_TIMEOUT seconds; a unit whose workers kept dying) is
        one InputError."""
        from distributed import KilledWorker

        lost_since = None
        while True:
            try:
                return fut.result(timeout=POLL)
            except KilledWorker as e:
                raise InputError(f"Dask workers died while running a unit "
                                 f"({_one_line(e)}); the run is stopped") from None
            except TimeoutError:
                if fut.status == "error":  # a TimeoutError raised by the unit itself
                    raise
                if self._alive():
                    lost_since = None
                    continue
                now = time.monotonic()
                lost_since = lost_since or now
                if now - lost_since >= LOST_TIMEOUT:
                    raise InputError(f"the Dask cluster at {self._address()} has had no worker "
                                     f"(or no scheduler) for {LOST_TIMEOUT:g} s; the run is "
                                     "stopped") from None
            except Exception as e:  # noqa: BLE001
                if fut.status == "error":
                    raise  # the unit's own exception, type kept
                raise InputError(f"the Dask cluster at {self._address()} failed: "
                                 f"{_one_line(e) or type(e).__name__}") from None

    def _alive(self) -> bool:
        """A scheduler reached and at least one worker on it (within POLL seconds)."""
        client = self._client
        if client is None or client.status not in ("running", "newly-created"):
            return False
        try:
            info = client.sync(client.scheduler.identity, callback_timeout=POLL)
        except Exception:  # noqa: BLE001 - unreachable: not alive
            return False
        return bool(info.get("workers"))

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
