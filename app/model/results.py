"""What a computation gives, and the function that computes it: no Qt, so that it runs in a
worker thread or in the engine's own process alike (:mod:`app.model.engine_process`).

:func:`compute_result` runs the engine for a :class:`core.scene.Scene` (the grids and one
trajectory per optimizer); :func:`with_draw` adds the draw data the views show
(:mod:`app.model.draw`).  :class:`Result` is what the state holds and the views draw.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from gradscape.app.model.choices import RUN_COLORS, RecordedRun, Run, recorded_colors, scene_runs
from gradscape.app.model.draw import Colormap, DrawData, ViewSettings, draw_data
from gradscape.core.scene import Scene
from gradscape.core.schedules import as_schedule
from gradscape.core.trajectory import stability


class Cancelled(Exception):
    """Raised inside a job whose work went stale: the job ends and sends nothing."""


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
    ``trajectories`` holds the optimizers' runs, then the scene's recorded paths
    (:func:`core.scene_paths.recorded_trajectory`), each drawn in a colour no run uses;
    ``badge`` the line the surface wants shown with its picture (a projection's honesty).
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
    badge: str | None = None

    @property
    def runs(self) -> tuple[Run | RecordedRun, ...]:
        """What the views draw, with their colours: the runs, then the recorded paths."""
        paths = self.scene.paths
        colors = recorded_colors(self.colors, len(paths))
        recorded = tuple(RecordedRun(p["name"], c) for p, c in zip(paths, colors, strict=True))
        return scene_runs(self.scene, self.colors) + recorded


def with_draw(result: Result, settings: ViewSettings, cmap: Colormap) -> Result:
    """A copy of ``result`` carrying the draw data for ``settings`` (``cmap`` their colormap)."""
    names = tuple(getattr(result.surface, "axis_names", ("w", "b")))
    draw = draw_data(
        result.grid3d, result.grid2d, result.trajectories, names, settings, cmap, result.surface
    )
    return replace(result, draw=draw)


def draw_is_current(result: Result | None, settings: ViewSettings) -> bool:
    """True when ``result`` carries draw data for ``settings`` (or there is no result)."""
    return result is None or (result.draw is not None and result.draw.settings == settings)


def _grid(surface: Any, n: int) -> Grid:
    with np.errstate(all="ignore"):
        ws, bs, z = surface.grid(n)
    z = np.asarray(z, dtype=np.float64)
    return Grid(np.asarray(ws, dtype=np.float64), np.asarray(bs, dtype=np.float64), z)


def divergence_text(
    surface: Any,
    traj: Any,
    eta: float | None,
    optimizer: str = "sgd",
    hyper: dict[str, Any] | None = None,
) -> str | None:
    """ "diverged at step k: reason" plus the engine's stability hint at the start point
    (the limit of ``optimizer`` with ``hyper``, each schedule at its first value), or None.

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
            plain = {k: _first_value(v) for k, v in (hyper or {}).items()}
            hint = stability(surface, w0, b0, float(eta), optimizer, plain)
        except (ValueError, ArithmeticError):
            hint = None
        if hint and hint.get("text"):
            text += f". At the start ({w0:.4g}, {b0:.4g}): {hint['text']}"
    return text


def _first_value(eta: Any) -> float | None:
    """η at the first step: the number, or a schedule's value there (the stability hint
    is taken at the start)."""
    if isinstance(eta, dict):
        return float(as_schedule(eta)(1))
    return eta


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
        divergence_text(surface, traj, _first_value(hyper.get("eta")), name, hyper)
        for (name, hyper), traj in zip(scene.optimizers, trajectories, strict=True)
    ]
    recorded = scene.recorded(surface)
    progress(1.0)
    seconds = time.perf_counter() - t0
    return Result(
        scene,
        tuple(colors),
        surface,
        grid3d,
        grid2d,
        trajectories + recorded,
        divergence + [None] * len(recorded),
        seconds,
        badge=surface.badge,
    )
