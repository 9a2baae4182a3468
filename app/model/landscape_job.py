"""The Network window's landscape computation, off the GUI thread: :class:`LandscapeController`.

It holds the Landscape dialog's :class:`~app.model.landscape_run.LandscapeOptions`, builds the
:class:`core.landscape.LandscapeSpec` of the window's current network settings and computes
it with :func:`~app.model.landscape_run.run_in_process` as a :class:`~app.model.jobs.JobRunner`
job (the job's thread only waits for the child process).  The result is the landscape's file in
the cache folder (:func:`cache_folder`, ``landscapes`` under the user's cache location): a
landscape computed once opens at once the next time.  No widgets here.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, QStandardPaths, pyqtSignal

from gradscape.app.model.jobs import JobRunner
from gradscape.app.model.landscape_run import LandscapeOptions, landscape_spec, run_in_process
from gradscape.app.model.training import NetworkState


def cache_folder() -> Path:
    """``landscapes`` in the user's cache location (a temporary folder's when there is none)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    if not base:
        import tempfile

        base = str(Path(tempfile.gettempdir()) / "gradscape")
    return Path(base) / "landscapes"


class LandscapeController(QObject):
    """Computes the landscape of ``state``'s network with the dialog's options.

    Signals, all on the GUI thread, only for the newest computation:

    - ``optionsChanged(options)``: the dialog's choices changed;
    - ``progress(done, total, what)``: a step of the computation ("train", "grid", …);
    - ``finished(path)``: the landscape's file;
    - ``failed(message)``: one line saying why (diverged training, an unreachable
      scheduler, …); nothing else changed;
    - ``cancelled()``: :meth:`cancel` stopped it (no result);
    - ``runningChanged(on)``.
    """

    optionsChanged = pyqtSignal(object)
    progress = pyqtSignal(int, int, str)
    finished = pyqtSignal(str)
    failed = pyqtSignal(str)
    cancelled = pyqtSignal()
    runningChanged = pyqtSignal(bool)
    # (generation, done, total, what) from the worker, queued to here
    _reported = pyqtSignal(int, int, int, str)

    def __init__(
        self,
        state: NetworkState,
        parent: QObject | None = None,
        cache_dir: str | Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.options = LandscapeOptions()
        #: where landscapes are cached (see :func:`cache_folder`)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else cache_folder()
        #: the spec of the newest computation and its file once done
        self.spec: Any = None
        self.path: str | None = None
        self._running = False
        # Two threads: a cancelled job may still be waiting for its child to stop when the
        # next one starts.
        self._jobs = JobRunner(threads=2, expected=(ValueError, OSError), parent=self)
        self._jobs.done.connect(self._on_done)
        self._jobs.failed.connect(self._on_failed)
        self._reported.connect(self._on_reported)

    @property
    def running(self) -> bool:
        return self._running

    def set_option(self, name: str, value: Any) -> None:
        """Change one of the dialog's choices (ValueError naming the field when invalid)."""
        new = self.options.with_(**{name: value})
        if new != self.options:
            self.options = new
            self.optionsChanged.emit(new)

    def current_spec(self) -> Any:
        """The landscape spec of the state's network now (ValueError when it has none)."""
        return landscape_spec(self.state.spec(), self.options)

    def start(self) -> bool:
        """Compute the state's landscape; False when one is being computed already.

        Raises ValueError (nothing starts) when the choices make no landscape spec.
        """
        if self._running:
            return False
        spec = self.current_spec()
        opts, cache, report = self.options, self.cache_dir, self._reported
        gen = self._jobs.generation + 1  # the one start() begins

        def work(cancel: threading.Event) -> str | None:
            return run_in_process(
                spec,
                workers=opts.workers,
                scheduler=opts.scheduler,
                cache_dir=cache,
                cancelled=cancel.is_set,
                progress=lambda d, n, what: report.emit(gen, d, n, what),
            )

        self.spec, self.path = spec, None
        self._set_running(True)
        self._jobs.start(work)
        return True

    def cancel(self) -> bool:
        """Stop the computation now: ``cancelled`` goes out at once, the child process stops
        within a chunk of the grid (or is terminated); False when idle."""
        if not self._running:
            return False
        self._jobs.abandon()
        self._set_running(False)
        self.cancelled.emit()
        return True

    def _set_running(self, on: bool) -> None:
        if on != self._running:
            self._running = on
            self.runningChanged.emit(on)

    def _on_reported(self, gen: int, done: int, total: int, what: str) -> None:
        if self._running and self._jobs.current(gen):
            self.progress.emit(done, total, what)

    def _on_done(self, gen: int, path: str | None) -> None:
        self._set_running(False)
        if path is None:
            self.cancelled.emit()
            return
        self.path = path
        self.finished.emit(path)

    def _on_failed(self, gen: int, message: str) -> None:
        self._set_running(False)
        self.failed.emit(message)

    def shutdown(self, timeout_ms: int = 15000) -> None:
        """Stop a computation in flight and wait for its thread (before the app quits)."""
        if self._running:
            self.cancel()
        self._jobs.shutdown(timeout_ms)
