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
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError
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
    Race,
    Result,
    compute_result,
    divergence_text,
    draw_is_current,
    keep_static,
    race,
    race_runs,
    with_draw,
)
from gradscape.app.model.state import AppState
from gradscape.app.model.words import core_message


@cache
def colormap(name: str) -> Colormap:
    """The stop table of pyqtgraph's colormap ``name`` (read once, on the GUI thread)."""
    import pyqtgraph.colormap

    cmap = pyqtgraph.colormap.get(name)
    if cmap is None:
        raise ValueError(f"colormap {name!r} is not one of pyqtgraph's")
    pos, color = cmap.getStops("float")
    return Colormap(name, np.array(pos, dtype=np.float64), np.array(color, dtype=np.float64))


#: A race of at most this many optimizer steps (steps × runs) is recomputed at every move
#: of a drag of the start point (8 runs of 300 steps take ~10 ms on the engine's point
#: path, ~20 ms on its array path); a longer one is computed once, when the mouse is
#: released.
LIVE_DRAG_WORK = 4000


#: Races of a drag under way at once.  One: the next is sent when the last comes back, and
#: computes while the views draw it.  Two side by side (with two worker processes) showed more
#: races a second but no more 3D frames on a 2-core machine (races arrived in pairs within a
#: frame), and longer event-loop gaps: bench/bench_drag.py.
DRAG_DEPTH = 1

#: Waits of 50 ms a drag's job gives the frame that shows its last race before it hands
#: over the next one anyway.
FRAME_WAIT = 4


def live_drag(scene: Any) -> bool:
    """True when a drag of ``scene``'s start recomputes the race while the mouse moves."""
    return scene.steps * len(scene.optimizers) <= LIVE_DRAG_WORK and not runs_in_process(scene)


def _engine_race(engine: Any) -> Callable[..., Race]:
    """``engine``'s :meth:`~EngineProcess.race`, or this thread's own :func:`race` when the
    process has stopped (killed from outside: the next computation starts a new one)."""

    def runs(scene: Any, cancelled: Callable[[], bool], progress: Callable[[float], None]):
        try:
            return engine.race(scene, cancelled, progress)
        except RuntimeError:
            return race(scene, cancelled, progress)

    return runs


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
    #: (job generation, result): a drag's race computed while the mouse moved on, sent from
    #: the job's thread, which goes on with the mouse's latest position (:meth:`_drag_compute`)
    _dragRace = pyqtSignal(int, object)
    failed = pyqtSignal(str)
    idle = pyqtSignal()

    def __init__(
        self, state: AppState, synchronous: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.synchronous = synchronous
        self.error: str | None = None
        if not synchronous:
            engine_process().warm_up()  # (its first races are computed here meanwhile)
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
        #: a drag of the start point is under way (:meth:`begin_drag`)
        self._dragging = False
        #: a drag's computation is running in the pool: the next one waits for it
        self._drag_inflight = False
        #: How a drag computes each position (one at a time, always the latest: the ones in
        #: between are skipped).  ``"process"``: the trajectories in the engine process (a
        #: core of its own: the GUI thread keeps drawing meanwhile), the pool's thread waiting
        #: for them; ``"thread"``: all of it in the pool's thread (which holds the
        #: interpreter lock the GUI thread needs); ``"inline"``: on the GUI thread at the
        #: next event-loop pass.  bench/bench_drag.py measures the three.
        self.drag_mode = "process"
        #: The mouse's latest position while the start is dragged: the window writes it at
        #: every move, a drag's job reads it in its thread to start the next race at once.
        self.drag_position: tuple[float, float] | None = None
        self._dragRace.connect(self._on_drag_race)
        #: set when the GUI thread took a drag's race (the job then hands over the next one)
        self._drag_taken = threading.Event()
        self._drag_taken.set()
        #: Called when a drag's race arrives, before the next one is asked: the window sets
        #: the state's start to the mouse's latest position there (it applies the mouse's
        #: moves on a timer otherwise), so that the engine starts on it at once.
        self.take_drag_position: Callable[[], None] | None = None
        #: Whether a frame will show a drag's race once it is set (the window: its 3D view
        #: is on screen).  Then the next race is handed over at :meth:`frame_drawn`, not
        #: as soon as the last one was set: a race no frame shows costs the views' work for
        #: nothing (bench/bench_drag.py: races shown outran the 3D view's frames).
        self.frame_paced: Callable[[], bool] = lambda: False
        self._await_frame = False
        self._drag_timer = QTimer(self)
        self._drag_timer.setSingleShot(True)
        self._drag_timer.setInterval(0)
        self._drag_timer.timeout.connect(self._drag_compute)
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

    # -- dragging the start point -------------------------------------------------------
    @property
    def dragging(self) -> bool:
        return self._dragging

    def begin_drag(self) -> None:
        """The user grabbed the start point: until :meth:`end_drag`, a new start is computed
        as soon as the previous position's race is shown (short races,
        :func:`live_drag`), or not before the release (long ones)."""
        self._dragging = True
        self.drag_position = None
        self.state.dragging = True
        if not self._drag_inflight:  # (no frame awaited from an earlier drag holds this one)
            self._await_frame = False
            self._drag_taken.set()

    def end_drag(self) -> None:
        """The mouse was released: the race of the final start is computed (already, for a
        short race whose last position is shown or under way)."""
        if not self._dragging:
            return
        self._dragging = False
        self.drag_position = None
        self.state.dragging = False
        self._drag_timer.stop()
        if self._drag_inflight:
            return  # _on_done sees the scene it computed and asks again if it moved
        if not self.state.result_is_current():
            self.request()

    def _drag_compute(self) -> None:
        """Compute the state's present scene for a drag: the pool's job is not cancelled
        by the next move (a race in flight always arrives and is shown); the newest position
        waits for it, the ones in between are skipped."""
        if self._closed or self._drag_inflight or self.state.result_is_current():
            return
        scene, colors = self.state.scene, self.state.run_colors
        previous, view = self.state.result, self._view()
        if self.drag_mode == "inline" or self.synchronous:
            try:
                result = compute_result(scene, previous=previous, colors=colors)
            except ValueError as exc:
                self._on_failed(self._jobs.generation, core_message(exc))
                return
            self._jobs.abandon()  # (a job started before the drag is stale)
            self._on_done(self._jobs.generation, with_draw(result, *view, previous=previous))
            return

        same_surface = previous is not None and (
            previous.scene.surface,
            previous.scene.surface_params,
        ) == (scene.surface, scene.surface_params)
        in_process = self.drag_mode == "process" and same_surface

        def made(scene: Any, ran: Race | None, t0: float, cancel: threading.Event) -> Result:
            """The result of ``scene`` from its race (None: computed here, in this thread)."""
            if ran is not None:
                trajectories, diverged = ran
                result = replace(
                    previous,
                    scene=scene,
                    colors=tuple(colors),
                    trajectories=trajectories,
                    diverged=diverged,
                    seconds=time.perf_counter() - t0,
                    draw=None,
                )
            else:
                result = compute_result(scene, cancel.is_set, previous=previous, colors=colors)
            return with_draw(result, *view, previous=previous)

        gen = [0]

        def work(cancel: threading.Event) -> Result:
            # While the mouse moves on, the engine goes on from here with its latest
            # position: up to DRAG_DEPTH races under way, the next one sent for the mouse's
            # newest position as soon as one comes back.  A race is handed to the GUI thread
            # once it took the one before (no race piles up unseen: its CPU is the views').
            # The last race, for where the mouse rests, is the job's value.
            if not in_process:
                return made(scene, None, 0.0, cancel)
            engine = engine_process()
            pending: deque[tuple[Any, Any, float]] = deque()  # (scene, future, sent at)
            latest = [scene]

            def send(sc: Any) -> None:
                pending.append((sc, engine.submit(race_runs, sc), time.perf_counter()))
                latest[0] = sc

            def top_up() -> None:
                while len(pending) < DRAG_DEPTH and self._dragging and not cancel.is_set():
                    at = self.drag_position
                    if at is None or tuple(at) == tuple(latest[0].start):
                        return
                    try:
                        send(replace(latest[0], start=[float(at[0]), float(at[1])]))
                    except (ValueError, RuntimeError):
                        # a position the scene refuses (the window says why), or the engine
                        # stopped (the next job computes here)
                        return

            try:
                send(scene)
            except RuntimeError:  # no worker process here: computed in this thread
                return made(scene, None, 0.0, cancel)
            while True:
                top_up()
                current, future, t0 = pending.popleft()
                try:
                    ran = engine.result_of(future)
                except (RuntimeError, CancelledError):  # (the engine stopped: computed here)
                    ran = None
                top_up()  # (the engine computes the next while this one is drawn)
                result = made(current, ran, t0, cancel)
                top_up()  # (the mouse moved while it was drawn)
                if not pending:  # the mouse rests where this race starts, or let go
                    return result
                waited = 0
                while not self._drag_taken.wait(0.05):
                    if cancel.is_set() or not self._dragging:
                        return result
                    waited += 1
                    if waited == FRAME_WAIT:  # a frame that never came (the window hidden)
                        self._await_frame = False
                        break
                self._drag_taken.clear()
                self._dragRace.emit(gen[0], result)

        self._drag_inflight = True
        self._set_busy(True)
        gen[0] = self._jobs.start(work)

    def _on_drag_race(self, gen: int, result: Result) -> None:
        """A race of a drag that moved on: shown unless the drag's job is stale."""
        try:
            if self._closed or not self._dragging or not self._jobs.current(gen):
                return
            self.state.set_result(result)
            if self.frame_paced():
                self._await_frame = True  # (the next race goes at frame_drawn)
                return
        finally:
            if not self._await_frame:
                self._drag_taken.set()  # (the job's next race may start)

    def frame_drawn(self) -> None:
        """The 3D view drew a frame: a drag's race waiting for it is on screen (once
        composed), the next one may be handed over (it is set while this frame is swapped
        in, and drawn by the next)."""
        if self._await_frame:
            self._await_frame = False
            self._drag_taken.set()

    def _schedule(self) -> None:
        if self._dragging:
            self._debounce.stop()
            if live_drag(self.state.scene):
                self._drag_timer.start()  # (after the mouse events already queued)
            return  # a long race: computed at the release
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
                self._on_failed(self._jobs.generation, core_message(exc))
                return
            self._on_done(self._jobs.generation, with_draw(result, *view))
            return

        # The optimizers' step-by-step loop runs in the engine process once it is up: in a
        # thread here it would hold the interpreter lock the GUI thread needs at every turn
        # (an L-BFGS race made a keystroke wait 0.8 s).  The grids and the draw data, numpy
        # work that lets go of the lock, stay in this process's worker thread.
        engine = engine_process()
        runs = _engine_race(engine) if engine.ready else None

        def work(cancel: threading.Event, report: Callable[[float], None]) -> Result:
            if runs_in_process(scene):  # a long race: grids and draw data there too
                process = engine_process()
                result = process.compute(scene, colors, previous, view, cancel.is_set, report)
                result = keep_static(result, previous)
            else:
                result = with_draw(
                    compute_result(
                        scene, cancel.is_set, report, previous, colors=colors, runs=runs
                    ),
                    *view,
                    previous=previous,
                )
            if cancel.is_set():
                raise Cancelled
            return result

        self._set_busy(True)
        self._jobs.start(work, progress=True)

    def _on_done(self, gen: int, result: Result) -> None:
        self.error = None
        was_drag, self._drag_inflight = self._drag_inflight, False
        if was_drag and self._dragging and self.take_drag_position is not None:
            self.take_drag_position()  # (the mouse's latest position, not at its next tick)
        moved_on = was_drag and result.scene != self.state.scene
        if moved_on and self._dragging and live_drag(self.state.scene):
            # The start moved on while this race was computed: the engine computes its
            # latest position while the views draw this one (two cores, one each).
            self._drag_compute()
        self.state.set_result(result)
        if not self._drag_inflight:
            self._set_busy(False)
        if moved_on and not self._dragging and not self.state.result_is_current():
            self.request()

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
        self._drag_inflight = False
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
        self._drag_timer.stop()
        self._jobs.abandon()
        self._draws.abandon()
        self._jobs.shutdown(timeout_ms)  # (a pool whose job runs on is kept until it ends)
        self._draws.shutdown(timeout_ms)
