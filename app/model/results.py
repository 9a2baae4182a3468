"""What a computation gives, and the function that computes it: no Qt, so that it runs in a
worker thread or in the engine's own process alike (:mod:`app.model.engine_process`).

:func:`compute_result` runs the engine for a :class:`core.scene.Scene` (the grids and one
trajectory per optimizer); :func:`with_draw` adds the draw data the views show
(:mod:`app.model.draw`).  :class:`Result` is what the state holds and the views draw.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from gradscape.app.model.choices import RUN_COLORS, RecordedRun, Run, recorded_colors, scene_runs
from gradscape.app.model.draw import Colormap, DrawData, ViewSettings, draw_data, paths_draw
from gradscape.app.model.words import (
    QT_TRANSLATE_NOOP,
    core_message,
    english,
    interface_translator,
)
from gradscape.core.optimizers import OPTIMIZERS
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
    #: per run: None, or why it diverged (reason + stability hint at the start)
    diverged: list[Divergence | None] = field(default_factory=list)
    seconds: float = 0.0
    #: the arrays the views draw, for the view settings they name (None: not prepared yet)
    draw: DrawData | None = None
    badge: str | None = None

    @property
    def divergence(self) -> list[str | None]:
        """Per run: None, or the sentence explaining its divergence, in the interface's
        language (made now: the result may come from the engine's process, which has no
        translations)."""
        translator = interface_translator()
        return [None if d is None else d.text(translator) for d in self.diverged]

    @functools.cached_property
    def runs(self) -> tuple[Run | RecordedRun, ...]:
        """What the views draw, with their colours: the runs, then the recorded paths (made
        once: every view asks, at every race of a drag; a result's fields are not changed,
        ``dataclasses.replace`` makes another)."""
        paths = self.scene.paths
        colors = recorded_colors(self.colors, len(paths))
        recorded = tuple(RecordedRun(p["name"], c) for p, c in zip(paths, colors, strict=True))
        return scene_runs(self.scene, self.colors) + recorded


def with_draw(
    result: Result, settings: ViewSettings, cmap: Colormap, previous: Result | None = None
) -> Result:
    """A copy of ``result`` carrying the draw data for ``settings`` (``cmap`` their colormap).

    With a ``previous`` result of the same grids drawn under the same settings, its surface
    mesh, axes and contour image are kept and only the paths, curves and overlays are
    prepared (:func:`app.model.draw.paths_draw`)."""
    if (
        previous is not None
        and previous.draw is not None
        and previous.draw.settings == settings
        and previous.grid3d is result.grid3d
        and previous.grid2d is result.grid2d
    ):
        return replace(result, draw=paths_draw(previous.draw, result.trajectories, result.surface))
    names = tuple(getattr(result.surface, "axis_names", ("w", "b")))
    draw = draw_data(
        result.grid3d, result.grid2d, result.trajectories, names, settings, cmap, result.surface
    )
    return replace(result, draw=draw)


def _same_grid(a: Grid | None, b: Grid | None) -> bool:
    if a is b:
        return True
    if a is None or b is None:
        return False
    pairs = ((a.ws, b.ws), (a.bs, b.bs), (a.z, b.z))
    return all(np.array_equal(x, y, equal_nan=True) for x, y in pairs)


def keep_static(result: Result, previous: Result | None) -> Result:
    """``result`` with ``previous``'s grids, and its draw data's box, mesh, axes and contour
    image, when they hold the same numbers (the same grids drawn under the same settings).

    A result computed in the engine process is a copy of every array, so the views could
    not tell that its surface is the one they show: a new start point on a long race had
    the 3D view upload its mesh and refill its cached layer again (~0.25 s on a 200-point
    grid).  The same objects let them keep what they have, as for a race computed here."""
    if previous is None or previous.draw is None or result.draw is None:
        return result
    new, old = result.draw, previous.draw
    if new.settings != old.settings or new.box != old.box:
        return result
    if not _same_grid(result.grid3d, previous.grid3d):
        return result
    if not _same_grid(result.grid2d, previous.grid2d):
        return result
    draw = replace(new, box=old.box, mesh=old.mesh, axes=old.axes, contour=old.contour)
    return replace(result, grid3d=previous.grid3d, grid2d=previous.grid2d, draw=draw)


def draw_is_current(result: Result | None, settings: ViewSettings) -> bool:
    """True when ``result`` carries draw data for ``settings`` (or there is no result)."""
    return result is None or (result.draw is not None and result.draw.settings == settings)


def _grid(surface: Any, n: int) -> Grid:
    with np.errstate(all="ignore"):
        ws, bs, z = surface.grid(n)
    z = np.asarray(z, dtype=np.float64)
    return Grid(np.asarray(ws, dtype=np.float64), np.asarray(bs, dtype=np.float64), z)


#: The sentences of a divergence (context "Divergence"); in English each is core's stability
#: hint (:func:`core.trajectory.stability`) word for word.
_DIVERGED = QT_TRANSLATE_NOOP("Divergence", "{label} diverged at step {step}")
_DIVERGED_WHY = QT_TRANSLATE_NOOP("Divergence", "{label} diverged at step {step}: {reason}")
_AT_START = QT_TRANSLATE_NOOP("Divergence", "{diverged}. At the start ({w}, {b}): {hint}")
_NOT_FINITE = QT_TRANSLATE_NOOP("Divergence", "the curvature at (w, b) = ({w}, {b}) is not finite")
_CURVES_DOWN = QT_TRANSLATE_NOOP(
    "Divergence",
    "λmax = {lam} ≤ 0: the surface curves down here, so curvature puts no limit on η",
)
_PLAIN = QT_TRANSLATE_NOOP("Divergence", "plain gradient descent")
_STABLE = QT_TRANSLATE_NOOP(
    "Divergence",
    "η·λmax = {product} {sign} {bound}: {rule} is stable here "
    "(λmax = {lam}, so η must stay below {limit})",
)
_UNSTABLE = QT_TRANSLATE_NOOP(
    "Divergence",
    "η·λmax = {product} {sign} {bound}: {rule} is unstable here "
    "(λmax = {lam}, so η must stay below {limit})",
)
_PRECONDITIONED = QT_TRANSLATE_NOOP(
    "Divergence",
    "{rule}'s limit bounds the preconditioned curvature: η·λmax(P⁻¹H) < {bound}, with P from "
    "its running second moment, which changes as it learns: no fixed limit on η·λmax "
    "(here λmax = {lam})",
)
_NEWTON_STABLE = QT_TRANSLATE_NOOP(
    "Divergence",
    "Newton's step rescales by H⁻¹, so its limit is η < 2 whatever the curvature: "
    "η = {eta} is stable where H is positive definite",
)
_NEWTON_UNSTABLE = QT_TRANSLATE_NOOP(
    "Divergence",
    "Newton's step rescales by H⁻¹, so its limit is η < 2 whatever the curvature: "
    "η = {eta} is unstable where H is positive definite",
)
_NO_LIMIT = QT_TRANSLATE_NOOP(
    "Divergence", "{rule} has no simple limit on η·λmax (here λmax = {lam})"
)


@dataclass(frozen=True)
class Divergence:
    """Why a run diverged, as facts: the sentence is made where it is shown
    (:meth:`text`), in the interface's language.

    ``reason`` is the engine's; ``eta``, ``start`` and ``lambda_max`` (the Hessian's largest
    eigenvalue there) give the run's stability hint at the start point, when the run has a
    learning rate: ``kind`` says which limit its rule has ("bound": η·λmax < ``bound``;
    "preconditioned": a bound on λmax(P⁻¹H); "newton"; "none"), ``rule`` its display name
    (None: plain gradient descent).
    """

    label: str
    step: int
    reason: str | None = None
    eta: float | None = None
    start: tuple[float, float] | None = None
    lambda_max: float | None = None
    kind: str = "bound"
    bound: float = 2.0
    rule: str | None = None

    def hint(self, translator: Callable[[str, str], str] = english) -> str | None:
        """The run's rule's stability at the start (η·λmax against its limit)."""
        if self.eta is None or self.start is None or self.lambda_max is None:
            return None
        lam = self.lambda_max
        if not math.isfinite(lam):
            w, b = self.start
            return translator("Divergence", _NOT_FINITE).format(w=f"{w:.4g}", b=f"{b:.4g}")
        rule = self.rule if self.rule is not None else translator("Divergence", _PLAIN)
        if self.kind == "preconditioned":
            return translator("Divergence", _PRECONDITIONED).format(
                rule=rule, bound=f"{self.bound:.3g}", lam=f"{lam:.3g}"
            )
        if self.kind == "newton":
            template = _NEWTON_STABLE if self.eta < 2.0 else _NEWTON_UNSTABLE
            return translator("Divergence", template).format(eta=f"{self.eta:.3g}")
        if self.kind == "none":
            return translator("Divergence", _NO_LIMIT).format(rule=rule, lam=f"{lam:.3g}")
        if lam <= 0.0:
            return translator("Divergence", _CURVES_DOWN).format(lam=f"{lam:.3g}")
        prod = self.eta * lam
        stable = prod < self.bound
        sign = "=" if prod == self.bound else "<" if stable else ">"
        return translator("Divergence", _STABLE if stable else _UNSTABLE).format(
            product=f"{prod:.3g}", sign=sign, bound=f"{self.bound:.3g}", rule=rule,
            lam=f"{lam:.3g}", limit=f"{self.bound / lam:.3g}",
        )  # fmt: skip

    def text(self, translator: Callable[[str, str], str] = english) -> str:
        """ "diverged at step k: reason", then the stability hint at the start point."""
        if self.reason:
            reason = core_message(self.reason, translator)  # core's Reason: in the language
            text = translator("Divergence", _DIVERGED_WHY).format(
                label=self.label, step=self.step, reason=reason
            )
        else:
            text = translator("Divergence", _DIVERGED).format(label=self.label, step=self.step)
        hint = self.hint(translator)
        if hint is None or self.start is None:
            return text
        w, b = self.start
        return translator("Divergence", _AT_START).format(
            diverged=text, w=f"{w:.4g}", b=f"{b:.4g}", hint=hint
        )


def divergence_of(
    surface: Any,
    traj: Any,
    eta: float | None,
    optimizer: str = "sgd",
    hyper: dict[str, Any] | None = None,
) -> Divergence | None:
    """Why ``traj`` diverged, with the stability hint of ``optimizer`` (with ``hyper``, each
    schedule at its first value) at the start point, or None.

    The hint is taken where the run began, the point the user chose η for: by the last good
    point a diverging run is usually far out, where the curvature is much larger.
    """
    if traj.diverged_at is None:
        return None
    found = Divergence(traj.label, int(traj.diverged_at), traj.reason or None)
    if eta is None:
        return found
    w0, b0 = (float(v) for v in traj.params[0])
    try:
        plain = {k: _first_value(v) for k, v in (hyper or {}).items()}
        hint = stability(surface, w0, b0, float(eta), optimizer, plain)
    except (ValueError, ArithmeticError):
        return found
    cls = OPTIMIZERS[optimizer]
    rule = None if cls.__name__ == "SGD" else cls.display_name
    return replace(
        found, eta=float(eta), start=(w0, b0), lambda_max=float(hint["lambda_max"]),
        kind=hint["kind"], bound=float(hint["bound"] if hint["bound"] is not None else 2.0),
        rule=rule,
    )  # fmt: skip


def divergence_text(
    surface: Any,
    traj: Any,
    eta: float | None,
    optimizer: str = "sgd",
    hyper: dict[str, Any] | None = None,
) -> str | None:
    """ "diverged at step k: reason" plus the stability hint at the start point (in English,
    word for word core's), or None."""
    found = divergence_of(surface, traj, eta, optimizer, hyper)
    return None if found is None else found.text()


def _first_value(eta: Any) -> float | None:
    """η at the first step: the number, or a schedule's value there (the stability hint
    is taken at the start)."""
    if isinstance(eta, dict):
        return float(as_schedule(eta)(1))
    return eta


#: What :func:`race` returns: the trajectories (the runs', then the recorded paths') and
#: why each one diverged (None for a run that did not, and for every recorded path).
Race = tuple[list[Any], list[Divergence | None]]


def race(
    scene: Scene,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[float], None] = lambda f: None,
    clock: Callable[[], float] = time.monotonic,
) -> Race:
    """The race of ``scene``: what :func:`compute_result` computes besides the grids, the
    part that runs the optimizers step by step in Python.  The window has it computed in the
    engine process (:meth:`app.model.engine_process.EngineProcess.race`, small to send
    either way) and keeps the grids and the surface's draw data it has.

    Raises :class:`Cancelled` once ``cancelled()`` is true (checked every few hundred
    steps); ``progress(fraction)`` at most every :data:`PROGRESS_INTERVAL` seconds of
    ``clock`` while the runs race (the caller reports the end).
    """
    surface = scene.surface_object()
    last = [clock()]  # when progress was last reported

    def steps_done(done: int, steps: int) -> None:
        if cancelled():
            raise Cancelled
        now = clock()
        if done < steps and now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            progress(done / steps)

    if cancelled():
        raise Cancelled
    # All runs in one race: one surface evaluation per step for all of them (8 runs of
    # 20 000 steps: 1.3 s instead of 3.3 s one by one), each trajectory as its own run.
    trajectories = scene.run(progress=steps_done)
    divergence = [
        divergence_of(surface, traj, _first_value(hyper.get("eta")), name, hyper)
        for (name, hyper), traj in zip(scene.optimizers, trajectories, strict=True)
    ]
    recorded = scene.recorded(surface)
    return trajectories + recorded, divergence + [None] * len(recorded)


def race_runs(scene: Scene) -> Race:
    """:func:`race` without cancel or progress (a drag's, in the engine process)."""
    return race(scene)


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
    runs: Callable[..., Race] | None = None,
) -> Result:
    """Run the engine for ``scene``: grids at its mesh resolution (reused from ``previous``
    when the surface is the same) and one trajectory per optimizer.  Raises
    :class:`Cancelled` when ``cancelled()`` turns true (checked between pieces of work and
    every few hundred steps of a run), ValueError on inputs the engine rejects.
    ``progress(fraction)`` is called after the grids, while the runs race at most every
    :data:`PROGRESS_INTERVAL` seconds of ``clock``, and at the end.  ``colors``: the runs'
    colours (default: the state's first colours, in order).  ``runs(scene, cancelled,
    progress)`` races the optimizers (default :func:`race`, here; the window passes the
    engine process's)."""
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
    if cancelled():
        raise Cancelled

    def raced(fraction: float) -> None:
        progress((1 + n * fraction) / total)

    if runs is None:
        trajectories, divergence = race(scene, cancelled, raced, clock)
    else:
        trajectories, divergence = runs(scene, cancelled, raced)
    progress(1.0)
    seconds = time.perf_counter() - t0
    return Result(
        scene,
        tuple(colors),
        surface,
        grid3d,
        grid2d,
        trajectories,
        divergence,
        seconds,
        badge=surface.badge,
    )
