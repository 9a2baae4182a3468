"""Heavy work off the GUI thread: surface grids and trajectories, computed by the engine,
and the draw data the views show (:mod:`app.model.draw`).

:func:`compute_result` is a plain function of a :class:`core.scene.Scene` (used by the
worker, by :mod:`app.export.capture` and by exporters); :class:`ComputeController` runs it
off the GUI thread (a :class:`app.model.jobs.JobRunner`) whenever the state's scene changes,
cancels stale requests, and hands fresh results back to the state.  The worker prepares the
draw data with the trajectories; when only a view setting changes (height mode, colormap,
log loss), a draw job prepares it again, off the GUI thread too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from gradscape.app.model.draw import Colormap, ViewSettings
from gradscape.app.model.engine_process import engine_process, runs_in_process
from gradscape.app.model.jobs import JobRunner
from gradscape.app.model.results import (  # noqa: F401  (Grid, Result, ... are importable from here too)
    CONTOUR_FACTOR,
    PROGRESS_INTERVAL,
    Cancelled,
    Grid,
    Result,
    compute_result,
    divergence_text,
    draw_is_current,
    with_draw,
)
from gradscape.app.model.state import AppState


@cache
def colormap(name: str) -> Colormap:
    """The stop table of pyqtgraph's colormap ``name`` (read once, on the GUI thread)."""
    import pyqtgraph.colormap

    cmap = pyqtgraph.colormap.get(name)
    if cmap is None:
        raise ValueError(f"colormap {name!r} is not one of pyqtgraph's")
    pos, color = cmap.getStops("float")
    return Colormap(name, np.array(pos, dtype=np.float64), np.array(color, dtype=np.float64))



class ComputeController(QObject):
    """Recomputes whenever the state's scene changes; newest request wins.

    Prepares the draw data again whenever a view setting changes, or a result without draw
    data for the present settings arrives (an export's copy of the window's result, the
    CLI's own computation): the views only show what :attr:`AppState.drawChanged` or
    :attr:`AppState.resultChanged` hands them.

    ``synchronous=True`` computes inline (capture helpers and headless export).
    """

    busyChanged = pyqtSignal(bool)
    progress = pyqtSignal(float)
    failed = pyqtSignal(str)
    idle = pyqtSignal()

    def __init__(
        self, state: AppState, synchronous: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.synchronous = synchronous
        self.error: str | None = None
        self._drawing = False
        self._busy = False
        # Two threads each: a superseded job may still be finishing its piece of work (a few
        # hundred steps, one draw) while the newest one runs.
        self._jobs = JobRunner(threads=2, expected=(ValueError,), parent=self)
        self._jobs.done.connect(self._on_done)
        self._jobs.failed.connect(self._on_failed)
        self._jobs.progress.connect(self._on_progress)
        self._draws = JobRunner(threads=2, parent=self)
        self._draws.done.connect(self._on_drawn)
        self._draws.failed.connect(self._on_draw_failed)
        # Typing "0.25" emits four changes in a few ms: coalesce them into one request.
        #: set by shutdown: the window is going, no job starts again (a job running when the
        #: controller is garbage-collected would deadlock its pool's destructor, which waits
        #: for it while the collector holds the interpreter lock the job needs)
        self._closed = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(15)
        self._debounce.timeout.connect(self.request)
        state.sceneChanged.connect(self._schedule)
        state.runsChanged.connect(self._recolour)
        for sig in (state.heightModeChanged, state.colormapChanged, state.logLossChanged):
            sig.connect(self.request_draw)
        state.resultChanged.connect(self.request_draw)
        self.request_draw()  # a result handed over before this controller existed

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, on: bool) -> None:
        if on != self._busy:
            self._busy = on
            self.busyChanged.emit(on)
            if not on:
                self.idle.emit()

    def _schedule(self) -> None:
        if self.synchronous:
            self.request()
        else:
            self._debounce.start()

    def is_current(self) -> bool:
        """True when the state's result was computed from the state's present scene and
        carries the draw data for its present view settings."""
        return (
            not self._busy
            and not self._debounce.isActive()
            and not self._drawing
            and self.state.result_is_current()
            and draw_is_current(self.state.result, ViewSettings.of(self.state))
        )

    def _recolour(self) -> None:
        """New colours for the same scene need no engine: the result, recoloured."""
        res = self.state.result
        if self.state.result_is_current() and res.colors != self.state.run_colors:
            self.state.set_result(replace(res, colors=self.state.run_colors))

    def _view(self) -> tuple[ViewSettings, Colormap]:
        settings = ViewSettings.of(self.state)
        return settings, colormap(settings.colormap)

    def request(self) -> None:
        """Start computing the state's present scene; a running request is cancelled."""
        self._debounce.stop()
        if self._closed:
            return
        scene, colors = self.state.scene, self.state.run_colors
        previous, view = self.state.result, self._view()
        if self.synchronous:
            self._jobs.abandon()
            try:
                result = compute_result(scene, previous=previous, colors=colors)
            except ValueError as exc:
                self._on_failed(self._jobs.generation, str(exc))
                return
            self._on_done(self._jobs.generation, with_draw(result, *view))
            return

        def work(cancel: threading.Event, report: Callable[[float], None]) -> Result:
            if runs_in_process(scene):  # a long race must not hold this process's GIL
                process = engine_process()
                result = process.compute(scene, colors, previous, view, cancel.is_set, report)
            else:
                result = with_draw(
                    compute_result(scene, cancel.is_set, report, previous, colors=colors), *view
                )
            if cancel.is_set():
                raise Cancelled
            return result

        self._set_busy(True)
        self._jobs.start(work, progress=True)

    def _on_done(self, gen: int, result: Result) -> None:
        self.error = None
        self.state.set_result(result)
        self._set_busy(False)

    def request_draw(self, *_: Any) -> None:
        """Prepare the draw data of the state's result for its present view settings, unless
        it has them (in the pool; inline when synchronous); the newest request wins."""
        res = self.state.result
        # The settings or the result changed: a draw job in flight is stale either way.
        self._draws.abandon()
        if self._closed:
            return
        if draw_is_current(res, ViewSettings.of(self.state)):
            self._drawing = False
            return
        self._drawing = True
        view = self._view()
        if self.synchronous:
            self._on_drawn(self._draws.generation, with_draw(res, *view))
            return
        self._draws.start(lambda cancel: with_draw(res, *view))

    def _on_drawn(self, gen: int, result: Result) -> None:
        # Only the newest draw job's result arrives; the state's result may still have moved on.
        self._drawing = False
        if self.state.result is not None and self.state.result.scene == result.scene:
            self.state.set_draw(result.draw)

    def _on_draw_failed(self, gen: int, message: str) -> None:
        self._drawing = False  # a drawing bug: its traceback is printed, the views keep theirs

    def _on_failed(self, gen: int, message: str) -> None:
        self.error = message
        self.failed.emit(message)
        self._set_busy(False)

    def _on_progress(self, gen: int, fraction: float) -> None:
        self.progress.emit(fraction)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel work in flight and wait for the pool (call before the app quits); no job
        starts afterwards."""
        self._closed = True
        self._debounce.stop()
        self._jobs.abandon()
        self._draws.abandon()
        self._jobs.wait(timeout_ms)
        self._draws.wait(timeout_ms)
