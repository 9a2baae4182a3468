"""Work off the GUI thread, one way for the whole app: :class:`JobRunner`.

The trajectories and their draw data (:mod:`app.model.compute`), a network's training
(:mod:`app.model.training_job`) and the final encode of an export (:mod:`app.export.runner`)
all run a function in a worker thread and want its value, or its error, back on the GUI
thread — but only while nobody has asked for something newer.  A :class:`JobRunner` owns a
thread pool and numbers its jobs: every :meth:`~JobRunner.start` begins a new generation, and
what an older generation's job sends is dropped on the GUI thread.  Cancelling is cooperative:
the job's function gets a :class:`threading.Event` and checks it between pieces of work.

The runner's signals are emitted in the worker and delivered queued on the GUI thread, which
alone collects garbage (:mod:`app.runtime`): a job's value reaches its receivers there.

The workers are Python threads (:class:`concurrent.futures.ThreadPoolExecutor`), not a
QThreadPool: a QThreadPool's destructor waits for its jobs, and when a garbage collection
deleted one (a closed window's parts collected) that wait held the interpreter lock the job
needed to go on — the app hung for good.  Nothing here waits in a destructor.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from gradscape.app.model.results import (
    Cancelled,  # (defined without Qt: the engine process raises it)
)
from gradscape.app.model.words import core_message


class _Task:
    """One call of a job's function in a pool thread; its outcome goes to ``runner``."""

    def __init__(
        self,
        runner: JobRunner,
        gen: int,
        fn: Callable[..., Any],
        cancel: threading.Event,
        progress: bool,
    ) -> None:
        self.runner, self.gen, self.fn = runner, gen, fn
        self.cancel, self.progress = cancel, progress

    def run(self) -> None:
        runner, gen = self.runner, self.gen
        try:
            if not runner.current(gen):
                return  # superseded while it waited for a thread: its outcome is dropped
        except RuntimeError:  # the runner (its window) is gone: nobody waits for this job
            return
        try:
            if self.progress:
                value = self.fn(self.cancel, lambda f: self._emit("_reported", float(f)))
            else:
                value = self.fn(self.cancel)
        except (Cancelled, _RunnerGone):
            return
        except runner.expected as exc:
            self._emit("_raised", core_message(exc), final=True)
            return
        except Exception as exc:  # a bug must be shown, not kill the worker thread silently
            traceback.print_exc()
            self._emit("_raised", f"{type(exc).__name__}: {exc}", final=True)
            return
        self._emit("_ended", value, final=True)

    def _emit(self, signal: str, value: Any, final: bool = False) -> None:
        """Emit ``(gen, value)`` through the runner's signal named ``signal``; when the runner
        was deleted with its window meanwhile (reading the signal raises then, not only
        emitting it), a report stops the job (:class:`_RunnerGone`) and a final outcome is
        dropped."""
        try:
            getattr(self.runner, signal).emit(self.gen, value)
        except RuntimeError:  # "wrapped C/C++ object … has been deleted"
            self.cancel.set()
            if not final:
                raise _RunnerGone from None


class _RunnerGone(Exception):
    """The job's runner was deleted (its window closed) while the job ran."""


class JobRunner(QObject):
    """Runs functions in a thread pool; the newest generation's outcome comes back.

    Signals, all on the GUI thread (the runner's), only for the current generation:

    - ``done(gen, value)``: the function returned ``value``;
    - ``failed(gen, message)``: it raised; an exception of a type in ``expected`` is the
      user's error (``message`` is its text), any other is a bug (its traceback is printed,
      ``message`` is "TypeName: text"); :class:`Cancelled` ends the job without a signal;
    - ``progress(gen, fraction)``: the function reported progress (see :meth:`start`).

    Parameters
    ----------
    threads
        Most jobs running at once (a superseded job may still be finishing its piece of work
        when the next one starts).
    expected
        Exception types that are the user's errors rather than bugs.
    """

    done = pyqtSignal(int, object)
    failed = pyqtSignal(int, str)
    progress = pyqtSignal(int, float)
    # Emitted in the worker, received here on the GUI thread (queued), filtered, re-emitted.
    _ended = pyqtSignal(int, object)
    _raised = pyqtSignal(int, str)
    _reported = pyqtSignal(int, float)

    def __init__(
        self,
        threads: int = 1,
        expected: tuple[type[Exception], ...] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.expected = expected
        self._gen = 0
        self._cancel: threading.Event | None = None
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="gradscape-job")
        self._futures: list[Future] = []  # the jobs started and not seen ended
        self._ended.connect(self._on_ended)
        self._raised.connect(self._on_raised)
        self._reported.connect(self._on_reported)

    @property
    def generation(self) -> int:
        """The newest generation (0 before the first job)."""
        return self._gen

    @property
    def active_threads(self) -> int:
        """Pool threads still working."""
        self._futures = [f for f in self._futures if not f.done()]
        return sum(f.running() for f in self._futures)

    def current(self, gen: int) -> bool:
        """True while ``gen`` is the newest generation (nothing started or abandoned since)."""
        return gen == self._gen

    def start(
        self,
        fn: Callable[..., Any],
        *,
        progress: bool = False,
        cancel: threading.Event | None = None,
    ) -> int:
        """Run ``fn`` in the pool as a new generation, which it returns; the previous job is
        cancelled and whatever it still sends is dropped.

        ``fn(cancel)`` gets the job's cancel event (``cancel``, default a new one); with
        ``progress=True`` it is called as ``fn(cancel, report)`` and ``report(fraction)``
        emits ``progress`` (queued: keep reports a few per second, each one makes the GUI
        thread wait for the interpreter lock).
        """
        self.abandon()
        self._cancel = threading.Event() if cancel is None else cancel
        task = _Task(self, self._gen, fn, self._cancel, progress)
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self._pool.submit(task.run))
        return self._gen

    def cancel(self) -> bool:
        """Ask the current job to stop; what it still sends counts.  False when none ran."""
        if self._cancel is None:
            return False
        self._cancel.set()
        return True

    def abandon(self) -> None:
        """Cancel the current job and drop whatever it still sends (a new generation)."""
        self.cancel()
        self._cancel = None
        self._gen += 1

    def wait(self, timeout_ms: int = -1) -> bool:
        """Wait for every job in the pool to end (-1: as long as it takes); True if they did."""
        futures = list(self._futures)
        timeout = None if timeout_ms < 0 else timeout_ms / 1000
        _, not_done = wait_for(futures, timeout)  # (the interpreter lock released meanwhile)
        return not not_done

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Abandon the current job and wait for the pool; the late results are dropped.
        False when a job still ran after ``timeout_ms`` (cancelled, it ends by itself)."""
        self.abandon()
        return self.wait(timeout_ms)

    def _on_ended(self, gen: int, value: Any) -> None:
        if self.current(gen):
            self.done.emit(gen, value)

    def _on_raised(self, gen: int, message: str) -> None:
        if self.current(gen):
            self.failed.emit(gen, message)

    def _on_reported(self, gen: int, fraction: float) -> None:
        if self.current(gen):
            self.progress.emit(gen, fraction)
