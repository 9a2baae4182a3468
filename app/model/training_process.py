"""A network's training in a child process, so that it never competes with the GUI.

A training *thread* in the GUI process holds Python's interpreter lock for all but the moments
it hands it over (numpy's small products of these networks release it only briefly): every
click, repaint and timer of the windows then queues for the lock, and the event loop stalls
for a few hundred milliseconds at a time.  So :func:`train_in_process` runs
:func:`app.model.training_run.train_runs` in a child process started from the fork server
(the training's modules preloaded there, so a training starts within a few tens of
milliseconds), and the calling worker thread of the GUI process only waits on a queue:

- the child sends the finished epochs in batches, at most every :data:`FLUSH` seconds, with
  the newest snapshot of the network and the newest sharpness records (``("epochs", …)``);
- each run's :class:`~app.model.training_run.RunOutcome` (its trained network included) when
  it ends (``("run", outcome)``), then ``("done",)``, or ``("error", exception, text)``:
  the exception is raised in the app, a bug's (``text`` its traceback in the child, None
  for the core refusing the spec) with that traceback as a note;
- a cancel is a shared event the training reads before every batch: the child stops within
  one batch; a child still running :data:`GRACE` seconds after the cancel is terminated.

No Qt here: the child never loads it (tests/app/test_architecture.py).
"""

from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from gradscape.app.model.engine_process import FORKSERVER_PRELOAD, child_bug, raise_child_bug
from gradscape.app.model.engine_process import stop_process as _stop

#: How often the child hands its finished epochs over, in seconds (the GUI redraws less often).
FLUSH = 0.05
#: How often the waiting thread looks for reports and for a cancel, in seconds.
POLL = 0.05
#: Seconds a cancelled child may take to stop before it is terminated (one batch of the
#: largest network the form allows takes well under this).
GRACE = 10.0
#: How often the child looks whether the app is still there, in seconds.
PARENT_EVERY = 0.5

Epoch = tuple[int, int, dict]  # (run, epoch, logs)


# -- in the child process --------------------------------------------------------------------


class _Reports:
    """The child's side: epochs gathered and put on the queue in batches."""

    def __init__(self, reports: Any) -> None:
        self.reports = reports
        self.pending: list[Epoch] = []
        self.view: Any = None
        self.sharpness: dict[int, Any] = {}
        self.sent = time.perf_counter()

    def epoch(self, i: int, epoch: int, logs: dict, view: Any) -> None:
        self.pending.append((i, epoch, logs))
        if view is not None:
            self.view = (i, view)
        if time.perf_counter() - self.sent >= FLUSH:
            self.flush()

    def add_sharpness(self, i: int, record: Any) -> None:
        self.sharpness[i] = record
        if time.perf_counter() - self.sent >= FLUSH:
            self.flush()

    def flush(self) -> None:
        if self.pending or self.view is not None or self.sharpness:
            self.reports.put(("epochs", self.pending, self.view, self.sharpness))
            self.pending, self.view, self.sharpness = [], None, {}
        self.sent = time.perf_counter()

    def run_done(self, outcome: Any) -> None:
        self.flush()  # this run's last epochs come before its outcome
        self.reports.put(("run", outcome))


class _Stop:
    """Whether the child should stop: the app cancelled, or the app is gone (killed, it could
    not say so).  A fork server's child cannot watch its parent's end of a pipe (the pipe
    that brought it its task closes once the task is read), so it looks for the app's pid."""

    def __init__(self, cancel: Any, app_pid: int) -> None:
        self.cancel = cancel
        self.app_pid = app_pid
        self.looked = time.monotonic()
        self.orphaned = False

    def __call__(self) -> bool:
        if self.cancel.is_set():
            return True
        now = time.monotonic()
        if now - self.looked >= PARENT_EVERY:
            self.looked = now
            if not _alive(self.app_pid):
                self.orphaned = True
                self.cancel.set()
                return True
        return False


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: the pid is there


def _child(
    fn: Callable[..., Any], spec: Any, data: Any, reports: Any, cancel: Any, app_pid: int
) -> None:
    """Train ``spec`` on ``data`` with ``fn`` (:func:`train_runs` or a stand-in with its
    signature), reporting on ``reports`` until ``cancel`` is set or the app has gone."""
    from gradscape.app.model.engine_process import lower_priority

    lower_priority()
    out = _Reports(reports)
    stop = _Stop(cancel, app_pid)
    try:
        fn(
            spec,
            on_epoch=out.epoch,
            on_run_done=out.run_done,
            cancelled=stop,
            data=data,
            on_sharpness=out.add_sharpness,
        )
    except Exception as exc:
        # A ValueError is the core refusing the spec (an η schedule negative at step 1):
        # the window says it.  Anything else is a bug: its traceback goes with it.
        sent, text = child_bug(exc)
        out.flush()
        reports.put(("error", sent, None if isinstance(exc, ValueError) else text))
        return
    finally:
        if stop.orphaned:  # nobody reads the queue: exit without flushing it
            reports.cancel_join_thread()
    out.flush()
    reports.put(("done",))


# -- in the app's process --------------------------------------------------------------------

_active: set[Any] = set()
_active_lock = threading.Lock()
_registered = False  # shutdown is registered with atexit


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(FORKSERVER_PRELOAD)
    return ctx


def train_in_process(
    fn: Callable[..., Any],
    spec: Any,
    data: Any,
    *,
    cancelled: Callable[[], bool],
    on_epochs: Callable[[list[Epoch], Any, dict[int, Any]], None],
    on_run_done: Callable[[Any], None],
) -> None:
    """Train ``spec`` on ``data`` with ``fn`` (``train_runs``) in a child process.

    Blocks the calling (worker) thread, not the interpreter, until the training ends.
    ``on_epochs(epochs, view, sharpness)`` gets each batch of finished epochs (a list of
    ``(run, epoch, logs)``), the newest ``(run, ViewData)`` snapshot or None, and the newest
    sharpness record of each run that has one; ``on_run_done(outcome)`` each run's end.
    Once ``cancelled()`` is true the child stops within one batch (its cancelled run's
    outcome still comes).  An exception of the training is raised here; a child that died
    raises RuntimeError.
    """
    ctx = _context()
    reports, cancel = ctx.Queue(), ctx.Event()
    proc = ctx.Process(
        target=_child,
        args=(fn, spec, data, reports, cancel, os.getpid()),
        name="gradscape-training",
        daemon=True,
    )
    proc.start()
    global _registered
    with _active_lock:
        if not _registered:
            atexit.register(shutdown)
            _registered = True
        _active.add(proc)
    asked_at: float | None = None
    try:
        while True:
            try:
                msg = reports.get(timeout=POLL)
            except queue.Empty:
                msg = None
            if msg is not None:
                if msg[0] == "epochs":
                    on_epochs(msg[1], msg[2], msg[3])
                elif msg[0] == "run":
                    on_run_done(msg[1])
                elif msg[0] == "done":
                    return
                elif msg[2] is None:
                    raise msg[1]
                else:
                    raise_child_bug(msg[1], msg[2], "the training process")
                continue  # the next report may be waiting already
            if cancelled() and asked_at is None:
                cancel.set()
                asked_at = time.monotonic()
            if asked_at is not None and time.monotonic() - asked_at > GRACE:
                return  # (the finally terminates it)
            if not proc.is_alive() and reports.empty():
                proc.join()
                if asked_at is not None:
                    return
                raise RuntimeError(f"the training process stopped (exit code {proc.exitcode})")
    finally:
        _stop(proc)
        with _active_lock:
            _active.discard(proc)


def shutdown() -> None:
    """Terminate every training process still running (the app quits)."""
    with _active_lock:
        procs = list(_active)
        _active.clear()
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()
