"""Run a list of chunks of one problem: in this process, over local worker processes, or
on a dask.distributed cluster, with the results gathered in chunk order.

``fn(problem, start, stop)`` must be a module-level function (pickled by reference) and
``problem`` picklable.  Every chunk is computed by the same function on the same data
whoever runs it, so the gathered list is identical bit for bit however the chunks were
spread (the chunking itself is chosen by the caller from the problem alone).

* Local processes: ``concurrent.futures.ProcessPoolExecutor`` with the ``forkserver``
  start method (``spawn`` where there is none).  Every worker receives the problem once
  (the pool's initializer) and pins BLAS to one thread (threadpoolctl, a dependency): N
  single-threaded processes on N cores, no oversubscription.
* dask.distributed (the ``gradscape[dask]`` extra): ``scheduler="tcp://HOST:PORT"`` connects
  a ``distributed.Client``, broadcasts the problem to every worker once and submits one
  task per chunk.  The workers need gradscape importable.  A dask worker started by its
  nanny already runs with ``OPENBLAS_NUM_THREADS=1`` (dask's default environment).

``progress(done, total, what)`` is called after every finished chunk; ``cancel()`` is
polled between chunks (and every 50 ms while waiting for workers): True cancels the
pending chunks and raises :class:`Cancelled`.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from gradscape.core.landscape._eigen import Cancelled

__all__ = ["Cancelled", "Progress", "available_workers", "run_chunks"]

Progress = Callable[[int, int, str], Any]
ChunkFn = Callable[[Any, int, int], Any]

#: seconds between two looks at ``cancel`` while waiting for workers
_POLL = 0.05
#: seconds to wait for a dask scheduler to answer
_CONNECT_TIMEOUT = 20


def available_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # (not on every platform)
        return max(1, os.cpu_count() or 1)


def _check_workers(workers: Any) -> int:
    if workers is None:
        return available_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be an integer >= 1 (or None: all cores), got {workers!r}")
    return workers


def _stopped(cancel: Callable[[], Any] | None) -> bool:
    return cancel is not None and bool(cancel())


def run_chunks(
    fn: ChunkFn,
    problem: Any,
    chunks: Sequence[tuple[int, int]],
    *,
    workers: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], Any] | None = None,
    what: str = "grid",
) -> list[Any]:
    """``[fn(problem, start, stop) for (start, stop) in chunks]``, computed where asked.

    Parameters
    ----------
    workers
        Local processes (None: all cores; 1: this process).  Ignored with ``scheduler``.
    scheduler
        Address of a dask.distributed scheduler, e.g. ``"tcp://10.0.0.5:8786"``.
    progress, cancel, what
        See the module docstring; ``what`` names the work in progress reports.
    """
    n = _check_workers(workers)
    chunks = [(int(a), int(b)) for a, b in chunks]
    if scheduler is not None:
        if not isinstance(scheduler, str) or "://" not in scheduler:
            raise ValueError(
                f"scheduler must be a dask scheduler address such as tcp://HOST:PORT, got "
                f"{scheduler!r}"
            )
        return _run_dask(fn, problem, chunks, scheduler, progress, cancel, what)
    if n == 1 or len(chunks) <= 1:
        return _run_serial(fn, problem, chunks, progress, cancel, what)
    return _run_processes(fn, problem, chunks, min(n, len(chunks)), progress, cancel, what)


def _run_serial(
    fn: ChunkFn,
    problem: Any,
    chunks: list[tuple[int, int]],
    progress: Progress | None,
    cancel: Callable[[], Any] | None,
    what: str,
) -> list[Any]:
    out = []
    for i, (a, b) in enumerate(chunks):
        if _stopped(cancel):
            raise Cancelled(f"{what} cancelled after {i} of {len(chunks)} chunks")
        out.append(fn(problem, a, b))
        if progress is not None:
            progress(i + 1, len(chunks), what)
    return out


# -- local worker processes -----------------------------------------------------------------

_WORKER: tuple[ChunkFn, Any] | None = None


def pin_blas() -> bool:
    """Limit BLAS to one thread in this process (True if threadpoolctl could do it)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    threadpool_limits(limits=1, user_api="blas")
    return True


def _worker_init(fn: ChunkFn, problem: Any) -> None:
    global _WORKER
    pin_blas()
    _WORKER = (fn, problem)


def _worker_chunk(start: int, stop: int) -> Any:
    assert _WORKER is not None  # set by the pool's initializer
    fn, problem = _WORKER
    return fn(problem, start, stop)


def _context() -> Any:
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    # Workers forked from a server that has numpy and the grid's code loaded start in
    # milliseconds instead of importing them each (≈ 0.1–0.2 s).  Read only when this
    # process starts its forkserver; a server already running keeps its own list.
    ctx.set_forkserver_preload(["gradscape.core.landscape._grid"])
    return ctx


def _run_processes(
    fn: ChunkFn,
    problem: Any,
    chunks: list[tuple[int, int]],
    workers: int,
    progress: Progress | None,
    cancel: Callable[[], Any] | None,
    what: str,
) -> list[Any]:
    results: list[Any] = [None] * len(chunks)
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_worker_init, initargs=(fn, problem)
    )
    try:
        index: dict[Future[Any], int] = {
            pool.submit(_worker_chunk, a, b): i for i, (a, b) in enumerate(chunks)
        }
        pending = set(index)
        done_count = 0
        while pending:
            if _stopped(cancel):
                raise Cancelled(f"{what} cancelled after {done_count} of {len(chunks)} chunks")
            finished, pending = wait(pending, timeout=_POLL, return_when=FIRST_COMPLETED)
            for f in finished:
                results[index[f]] = f.result()
                done_count += 1
                if progress is not None:
                    progress(done_count, len(chunks), what)
    finally:
        # pending chunks are dropped; running ones (one chunk each) are waited for, so no
        # worker outlives the call
        pool.shutdown(wait=True, cancel_futures=True)
    return results


# -- dask.distributed -----------------------------------------------------------------------


def _run_dask(
    fn: ChunkFn,
    problem: Any,
    chunks: list[tuple[int, int]],
    address: str,
    progress: Progress | None,
    cancel: Callable[[], Any] | None,
    what: str,
) -> list[Any]:
    try:
        from distributed import Client
    except ImportError as err:
        raise ImportError(
            "a dask scheduler needs dask.distributed: pip install 'gradscape[dask]'"
        ) from err
    try:
        client = Client(address, timeout=_CONNECT_TIMEOUT, set_as_default=False)
    except OSError as err:
        raise ConnectionError(f"no dask scheduler answered at {address}: {err}") from err
    futures: list[Any] = []
    try:
        [shared] = client.scatter([problem], broadcast=True, hash=False)
        futures = [client.submit(fn, shared, a, b, pure=False) for a, b in chunks]
        pending = set(range(len(futures)))
        while pending:
            if _stopped(cancel):
                client.cancel(futures)
                raise Cancelled(
                    f"{what} cancelled after {len(chunks) - len(pending)} of {len(chunks)} chunks"
                )
            finished = [i for i in pending if futures[i].done()]
            if not finished:
                time.sleep(_POLL / 5)
                continue
            for i in sorted(finished):
                if futures[i].status == "error":
                    futures[i].result()  # raises the worker's exception here
                pending.discard(i)
                if progress is not None:
                    progress(len(chunks) - len(pending), len(chunks), what)
        return list(client.gather(futures))
    finally:
        client.close()
