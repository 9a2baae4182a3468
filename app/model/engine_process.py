"""The engine in a process of its own, so that a long computation never starves the GUI.

A worker *thread* that runs the engine holds Python's interpreter lock for all but the
moments it hands it over; the GUI thread then waits for the lock at every step of every user
action (an 8-way race of 100 000 steps made changing the height mode take seconds).  So a
scene whose race is long (:func:`runs_in_process`) is computed by one long-lived worker
process: the GUI process's worker thread only waits for its result, forwards its progress
and passes on a cancel.  Arrays come back pickled; the draw data is prepared there too.

The process is started once, lazily, from a fork server that has the engine imported (so a
computation after the first starts at once), and stops with the app (:func:`shutdown`).
No Qt here: the worker process never loads it.
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import pickle
import queue
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any

from gradscape.app.model.draw import Colormap, ViewSettings
from gradscape.app.model.results import Race, Result, compute_result, race, with_draw
from gradscape.core.scene import Scene

#: A race of at least this many optimizer steps (steps × optimizers) is computed in the
#: engine process; a shorter one takes under ~0.1 s, less than the trip to the process.
PROCESS_WORK = 20_000

#: How often the waiting thread looks for progress and for a cancel, in seconds.
POLL = 0.05

#: What the app's one fork server imports before it forks any child: the engine, a
#: network's training (app.model.training_process) and a landscape's computation
#: (app.model.landscape_run).  Whichever child starts first starts the server, so they all
#: name the same list: every child then starts with its modules loaded.
FORKSERVER_PRELOAD = [
    "gradscape.app.model.results",
    "gradscape.app.model.basins_run",
    "gradscape.core.basins",
    "gradscape.app.model.training_run",
    "gradscape.app.model.landscape_run",
    "gradscape.core.landscape",
]


#: How much less the app's child processes (the engine's, a training's, a landscape's and
#: theirs) are favoured by the scheduler than the app itself (a Unix nice increment): on a
#: machine whose cores are all busy, the window's GUI thread is then run first.
BACKGROUND_NICE = 10


def lower_priority() -> None:
    """Make this process a background one (:data:`BACKGROUND_NICE`): called first thing in
    each child process the app starts; its own children inherit it."""
    try:
        os.nice(BACKGROUND_NICE)
    except (AttributeError, OSError):  # (no os.nice, or not allowed: left as it is)
        pass


def stop_process(proc: Any) -> None:
    """End a child process that has ended or been asked to (a training's, a landscape's):
    half a second to finish, then terminated, then killed."""
    proc.join(0.5 if proc.is_alive() else 0)
    if proc.is_alive():
        proc.terminate()
        proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()


def child_bug(exc: BaseException) -> tuple[BaseException, str]:
    """A bug of a child process (a training's, a landscape's) for the trip to the app:
    ``exc`` itself when it survives pickling, else a RuntimeError with the same "TypeName:
    text", and its traceback's text.  The child does not print it: the app re-raises it
    (:func:`raise_child_bug`), and whoever prints the app's bugs prints both tracebacks."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, text


def raise_child_bug(exc: BaseException, text: str, where: str) -> None:
    """Raise in the app a bug :func:`child_bug` brought from the child process ``where``
    ("the training process"), its traceback there added as a note (indented: a traceback
    inside the app's)."""
    lines = "".join(f"  | {line}\n" for line in text.rstrip().splitlines())
    exc.add_note(f"(raised in {where}:)\n{lines.rstrip()}")
    raise exc


def runs_in_process(scene: Scene) -> bool:
    """True when ``scene`` is computed in the engine process (see :data:`PROCESS_WORK`)."""
    return scene.steps * len(scene.optimizers) >= PROCESS_WORK


# -- in the worker process -------------------------------------------------------------------

_progress: Any = None  # the queue of (task, fraction) reports
_cancelled: Any = None  # a shared integer: every task up to it is cancelled


def _init(progress: Any, cancelled: Any) -> None:
    global _progress, _cancelled
    lower_priority()
    _progress, _cancelled = progress, cancelled


def _compute(
    task: int,
    scene: Scene,
    colors: tuple[str, ...],
    previous: Result | None,
    view: tuple[ViewSettings, Colormap],
) -> Result:
    result = compute_result(
        scene,
        lambda: _cancelled.value >= task,
        lambda f: _progress.put((task, f)),
        previous,
        colors=colors,
    )
    return with_draw(result, *view)


def _nothing() -> None:
    """A task that only proves the worker process is up."""


class _TaskCancel:
    """A cancel event for a task in the worker process: set once the app cancelled it."""

    def __init__(self, task: int) -> None:
        self.task = task

    def is_set(self) -> bool:
        return bool(_cancelled.value >= self.task)


def _basins(task: int, surface: Any, requests: list[Any], grid: int, steps: int, seed: Any):
    from gradscape.app.model.basins_run import compute_maps

    report = lambda f: _progress.put((task, f))  # noqa: E731
    return compute_maps(surface, requests, grid, steps, seed, _TaskCancel(task), report)  # type: ignore[arg-type]


def _race(task: int, scene: Scene) -> Race:
    return race(scene, lambda: _cancelled.value >= task, lambda f: _progress.put((task, f)))


# -- in the app's process --------------------------------------------------------------------


class EngineProcess:
    """One worker process computing scenes, one task at a time, in the order asked."""

    def __init__(self) -> None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(FORKSERVER_PRELOAD)
        self._ctx = ctx
        self._progress = ctx.Queue()
        self._cancelled = ctx.Value("q", 0)
        self._lock = threading.Lock()
        self._task = 0
        #: progress reports taken from the queue for another task's waiting thread
        self._reports: dict[int, list[float]] = {}
        self._pool: ProcessPoolExecutor | None = None
        #: the worker process has answered once (started, the engine imported)
        self._ready = threading.Event()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=self._ctx, initializer=_init,
                    initargs=(self._progress, self._cancelled),
                )  # fmt: skip
            return self._pool

    def _cancel_upto(self, task: int) -> None:
        with self._cancelled.get_lock():
            self._cancelled.value = max(self._cancelled.value, task)

    def _take_reports(self, task: int) -> list[float]:
        with self._lock:
            while True:
                try:
                    t, f = self._progress.get_nowait()
                except queue.Empty:
                    break
                if t > self._cancelled.value:  # reports of cancelled tasks go
                    self._reports.setdefault(t, []).append(f)
            return self._reports.pop(task, [])

    def compute(
        self,
        scene: Scene,
        colors: tuple[str, ...],
        previous: Result | None,
        view: tuple[ViewSettings, Colormap],
        cancelled: Callable[[], bool],
        progress: Callable[[float], None],
    ) -> Result:
        """Compute ``scene`` in the worker process and return its result (with draw data).

        Blocks the calling (worker) thread, not the interpreter: it waits on the process,
        forwarding progress and, once ``cancelled()``, stopping the computation within a
        few hundred steps (the process raises :class:`app.model.results.Cancelled`, which
        is raised here).  ValueError from the engine is raised here as it was there.
        """
        # Only the grids of the previous result are reused: its trajectories stay here.
        slim = None if previous is None else replace(previous, trajectories=[], draw=None)
        return self._task_in_process(_compute, (scene, colors, slim, view), cancelled, progress)

    def race(
        self,
        scene: Scene,
        cancelled: Callable[[], bool],
        progress: Callable[[float], None],
    ) -> Race:
        """:func:`app.model.results.race` of ``scene`` in the worker process, with progress
        and cancel as :meth:`compute`'s: the optimizers' step-by-step Python loop never holds
        this process's interpreter lock, which the GUI thread needs at every turn."""
        return self._task_in_process(_race, (scene,), cancelled, progress)

    def basins(
        self,
        surface: Any,
        requests: list[Any],
        grid: int,
        steps: int,
        seed: Any,
        cancelled: Callable[[], bool],
        progress: Callable[[float], None],
    ) -> list[Any]:
        """:func:`app.model.basins_run.compute_maps` in the worker process, with progress and
        cancel (its optimizers' loop never holds this process's interpreter lock).  Raises
        what pickling ``surface`` raises when it cannot be sent (the caller computes here)."""
        args = (surface, requests, grid, steps, seed)
        pickle.dumps(args)  # (a surface that cannot go there fails here, before any work)
        return self._task_in_process(_basins, args, cancelled, progress)

    def _task_in_process(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        cancelled: Callable[[], bool],
        progress: Callable[[float], None],
    ) -> Any:
        """``fn(task, *args)`` in the worker process, numbered as a new task; waits for it in
        the calling thread, forwarding its progress and a cancel."""
        with self._lock:
            self._task += 1
            task = self._task
        try:
            future = self._executor().submit(fn, task, *args)
            while True:
                try:
                    result = future.result(timeout=POLL)
                    self._ready.set()
                    break
                except FutureTimeout:
                    pass
                for f in self._take_reports(task):
                    progress(f)
                if cancelled():
                    self._cancel_upto(task)
            # the last reports may still be on their way through the queue: done is done
            late = self._take_reports(task)
            for f in late:
                progress(f)
            if not late or late[-1] < 1.0:
                progress(1.0)
        except BrokenProcessPool as exc:
            self._broken()
            raise RuntimeError(f"the engine process stopped ({exc})") from None
        finally:
            self._take_reports(task)
        return result

    @property
    def ready(self) -> bool:
        """The worker process is up: a task sent now starts at once (~0.3 s before)."""
        return self._ready.is_set()

    def warm_up(self) -> None:
        """Start the worker process in the background (a thread waits for its first answer),
        so that the window's first races need not wait for it: until it is :attr:`ready`
        they are computed in the asking thread."""
        if self._ready.is_set():
            return

        def wait() -> None:
            try:
                self.call(_nothing)
            except RuntimeError:  # (stopped meanwhile: the next warm-up tries again)
                pass

        threading.Thread(target=wait, name="engine-warm-up", daemon=True).start()

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in the worker process (a module-level function; picklable values):
        work that would hold this process's interpreter lock for long, such as importing a
        large package, waits here instead, in the calling (worker) thread."""
        return self.result_of(self.submit(fn, *args))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """``fn(*args)`` started in a worker process; :meth:`result_of` waits for it."""
        try:
            return self._executor().submit(fn, *args)
        except BrokenProcessPool as exc:
            self._broken()
            raise RuntimeError(f"the engine process stopped ({exc})") from None

    def result_of(self, future: Future) -> Any:
        """The value of a :meth:`submit`'s task (RuntimeError when its process stopped)."""
        try:
            value = future.result()
            self._ready.set()
            return value
        except BrokenProcessPool as exc:
            self._broken()
            raise RuntimeError(f"the engine process stopped ({exc})") from None

    def _broken(self) -> None:
        with self._lock:
            self._pool = None  # the next computation starts a new process
            self._ready.clear()

    def shutdown(self) -> None:
        """Stop the computation in flight and the worker process."""
        with self._lock:
            pool, self._pool = self._pool, None
            task = self._task
            self._ready.clear()
        self._cancel_upto(task)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_shared: EngineProcess | None = None
_shared_lock = threading.Lock()


def engine_process() -> EngineProcess:
    """The app's engine process (made at the first long computation)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = EngineProcess()
            atexit.register(shutdown)
        return _shared


def shutdown() -> None:
    """Stop the engine process, if one was started (nothing keeps running after the app)."""
    global _shared
    with _shared_lock:
        engine, _shared = _shared, None
    if engine is not None:
        engine.shutdown()
