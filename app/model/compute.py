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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
from PyQt6.QtCore import QObject, QTimer, pyqtSignal

from app.model.choices import RUN_COLORS, Run, scene_runs
from app.model.draw import Colormap, DrawData, ViewSettings, draw_data
from app.model.jobs import Cancelled, JobRunner
from app.model.state import AppState
from core.scene import Scene
from core.trajectory import stability

#: The contour heat map is a flat image: it can afford twice the 3D mesh's resolution.
CONTOUR_FACTOR = 2


@dataclass
class Grid:
    ws: np.ndarray
    bs: np.ndarray
    z: np.ndarray


@dataclass
class Result:
    """What the views draw: the grids, one trajectory per run, divergence explanations.

    ``scene`` is the scene it was computed from (the state's result is current while it
    equals the state's scene), ``colors`` the colour each run is drawn in.
    """

    scene: Scene
    colors: tuple[str, ...]
    surface: Any
    grid3d: Grid
    grid2d: Grid
    trajectories: list[Any]
    #: per run: None, or the text explaining a divergence (reason + stability hint)
    divergence: list[str | None] = field(default_factory=list)
    seconds: float = 0.0
    #: the arrays the views draw, for the view settings they name (None: not prepared yet)
    draw: DrawData | None = None

    @property
    def runs(self) -> tuple[Run, ...]:
        """The runs as the window shows them, with their colours."""
        return scene_runs(self.scene, self.colors)


@cache
def colormap(name: str) -> Colormap:
    """The stop table of pyqtgraph's colormap ``name`` (read once, on the GUI thread)."""
    import pyqtgraph.colormap

    cmap = pyqtgraph.colormap.get(name)
    if cmap is None:
        raise ValueError(f"colormap {name!r} is not one of pyqtgraph's")
    pos, color = cmap.getStops("float")
    return Colormap(name, np.array(pos, dtype=np.float64), np.array(color, dtype=np.float64))


def with_draw(result: Result, settings: ViewSettings, cmap: Colormap) -> Result:
    """A copy of ``result`` carrying the draw data for ``settings`` (``cmap`` their colormap)."""
    names = tuple(getattr(result.surface, "axis_names", ("w", "b")))
    draw = draw_data(result.grid3d, result.grid2d, result.trajectories, names, settings, cmap)
    return replace(result, draw=draw)


def draw_is_current(result: Result | None, settings: ViewSettings) -> bool:
    """True when ``result`` carries draw data for ``settings`` (or there is no result)."""
    return result is None or (result.draw is not None and result.draw.settings == settings)


def _grid(surface: Any, n: int) -> Grid:
    with np.errstate(all="ignore"):
        ws, bs, z = surface.grid(n)
    z = np.asarray(z, dtype=np.float64)
    return Grid(np.asarray(ws, dtype=np.float64), np.asarray(bs, dtype=np.float64), z)


def divergence_text(surface: Any, traj: Any, eta: float | None) -> str | None:
    """ "diverged at step k: reason" plus the engine's stability hint at the start point,
    or None.

    The hint is taken where the run began, the point the user chose η for: by the last good
    point a diverging run is usually far out, where the curvature is much larger.
    """
    if traj.diverged_at is None:
        return None
    text = f"{traj.label} diverged at step {traj.diverged_at}"
    if traj.reason:
        text += f": {traj.reason}"
    if eta is not None:
        w0, b0 = (float(v) for v in traj.params[0])
        try:
            hint = stability(surface, w0, b0, float(eta))
        except (ValueError, ArithmeticError):
            hint = None
        if hint and hint.get("text"):
            text += f". At the start ({w0:.4g}, {b0:.4g}): {hint['text']}"
    return text


#: Least time between two progress reports of a computation.  Each report crosses to the
#: GUI thread as a queued signal, and every one of them makes the GUI thread wait for the
#: worker to hand over Python's interpreter lock: a report per 250 steps of an 8-way
#: 100 000-step race (3 200 of them) starved the event loop for seconds.
PROGRESS_INTERVAL = 0.1


def compute_result(
    scene: Scene,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[float], None] = lambda f: None,
    previous: Result | None = None,
    clock: Callable[[], float] = time.monotonic,
    colors: Sequence[str] | None = None,
) -> Result:
    """Run the engine for ``scene``: grids at its mesh resolution (reused from ``previous``
    when the surface is the same) and one trajectory per optimizer.  Raises
    :class:`Cancelled` when ``cancelled()`` turns true (checked between pieces of work and
    every few hundred steps of a run), ValueError on inputs the engine rejects.
    ``progress(fraction)`` is called after the grids, while the runs race at most every
    :data:`PROGRESS_INTERVAL` seconds of ``clock``, and at the end.  ``colors``: the runs'
    colours (default: the state's first colours, in order)."""
    t0 = time.perf_counter()
    n = len(scene.optimizers)
    colors = tuple(RUN_COLORS[i % len(RUN_COLORS)] for i in range(n)) if colors is None else colors
    surface = scene.surface_object()
    if previous is not None and (previous.scene.surface, previous.scene.surface_params) == (
        scene.surface,
        scene.surface_params,
    ):
        grid3d, grid2d = previous.grid3d, previous.grid2d
    else:
        resolution = scene.surface_params["resolution"]
        grid3d = _grid(surface, resolution)
        if cancelled():
            raise Cancelled
        grid2d = _grid(surface, min(resolution * CONTOUR_FACTOR, 400))
    total = n + 1
    progress(1 / total)
    last = [clock()]  # when progress was last reported
    if cancelled():
        raise Cancelled

    def steps_done(done: int, steps: int) -> None:
        if cancelled():
            raise Cancelled
        now = clock()
        if done < steps and now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            progress((1 + n * done / steps) / total)

    # All runs in one race: one surface evaluation per step for all of them (8 runs of
    # 20 000 steps: 1.3 s instead of 3.3 s one by one), each trajectory as its own run.
    trajectories = scene.run(progress=steps_done)
    divergence = [
        divergence_text(surface, traj, hyper.get("eta"))
        for (_, hyper), traj in zip(scene.optimizers, trajectories, strict=True)
    ]
    progress(1.0)
    seconds = time.perf_counter() - t0
    return Result(scene, tuple(colors), surface, grid3d, grid2d, trajectories, divergence, seconds)


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
            result = compute_result(scene, cancel.is_set, report, previous, colors=colors)
            if cancel.is_set():
                raise Cancelled
            return with_draw(result, *view)

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
        """Cancel work in flight and wait for the pool (call before the app quits)."""
        self._debounce.stop()
        self._jobs.abandon()
        self._draws.abandon()
        self._jobs.wait(timeout_ms)
        self._draws.wait(timeout_ms)
