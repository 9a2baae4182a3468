"""Overlays at the current step: why each step goes where it goes, as arrays for drawing.

At the point of step k every run can show the step that leaves it:

- ``grad``: −η·g, the gradient at the point times the learning rate (the move plain gradient
  descent would make there; −g when the rule has no η);
- ``move``: Δ, the move the optimizer actually made;
- ``velocity``: the velocity or first moment the optimizer carries into the point (the
  momentum buffer b of Momentum SGD and NAG, Adam's m, …) as the move it alone would
  make, −η·b (the series' momentum form keeps a move already: drawn as it is).  Momentum's
  move is then visibly μ·velocity + gradient arrow;
- ``ascent``: SAM's ascent offset ε̂ from the point and, from its tip, −η·g' with g' the
  full-data gradient there (the minibatch's is not recorded: not drawn in stochastic mode);
- ``effective``: the effective per-axis step of the step leaving the point (move / gradient
  on each axis, ``Trajectory.state["effective_step"]``) as an ellipse with those
  semi-axes, and over the steps as curves (:attr:`OverlayData.curves`).

All arrows share one length scale (:attr:`OverlayData.scale`: drawn length = scale ×
vector), chosen once per result so that lengths compare across runs, kinds and steps.
The worker prepares the vectors of every step (:func:`overlay_data`); a view asks for one
step's segments (:meth:`OverlayData.arrows2d`, ...), a few dozen numbers, as it asks a
:class:`app.model.arrays.PathLOD` for the path drawn so far.

numpy only (no Qt).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradscape.app.model.arrays import Box
from gradscape.app.model.words import QT_TRANSLATE_NOOP, english

#: The overlays a user toggles, in menu order.
OVERLAYS = ("grad", "move", "velocity", "ascent", "effective")
#: The menu's words (context "Overlays": translate them where shown).
OVERLAY_TEXT = {
    "grad": QT_TRANSLATE_NOOP("Overlays", "Gradient arrows (−η·g)"),
    "move": QT_TRANSLATE_NOOP("Overlays", "Move arrows (Δ)"),
    "velocity": QT_TRANSLATE_NOOP("Overlays", "Velocity arrows (momentum, first moment)"),
    "ascent": QT_TRANSLATE_NOOP("Overlays", "SAM ascent arrows (ε̂, −η·g at θ+ε̂)"),
    "effective": QT_TRANSLATE_NOOP("Overlays", "Effective step per axis"),
}
SCALE_TEXT = QT_TRANSLATE_NOOP("Overlays", "arrows ×{arrows}, step ellipse ×{ellipse}")
#: The arrows, in drawing order, and the overlay that shows each.
ARROW_KINDS = ("grad", "move", "velocity", "ascent", "ascent_grad")
ARROW_TOGGLE = {
    "grad": "grad",
    "move": "move",
    "velocity": "velocity",
    "ascent": "ascent",
    "ascent_grad": "ascent",
}
#: State arrays that are a velocity or first moment, in gradient units (see module doc).
VELOCITY_STATES = ("buf", "m")
#: The velocity after the update leaving the point, −η·b (the step-by-step mode draws it;
#: ``velocity`` is the one carried into the point)
MOMENT = "moment"
#: The typical (90th percentile) arrow is drawn this long, as a share of the domain's
#: smaller side; the typical effective-step ellipse's larger semi-axis likewise.
ARROW_FRACTION = 0.12
ELLIPSE_FRACTION = 0.06
#: Arrow heads: at most this share of the arrow, at most HEAD of the domain's smaller side
#: (3D: of the display box's side, 2), opening ±HEAD_ANGLE.
HEAD_SHARE = 0.35
HEAD = 0.035
HEAD_ANGLE = np.deg2rad(26.0)
ELLIPSE_POINTS = 49
#: 3D display coordinates beyond this are not drawn (float32, the GL items' type, ends
#: at 3.4e38; GL clips anything far off the box anyway)
GL_RANGE = 1e30


def parse_overlays(names: Iterable[str] | str) -> frozenset[str]:
    """The overlay names of ``names`` (a comma-separated text or names), validated.

    Raises
    ------
    ValueError
        naming ``overlay`` and the valid names, for an unknown or empty name.
    """
    items = names.split(",") if isinstance(names, str) else list(names)
    out = set()
    for raw in items:
        name = str(raw).strip().lower()
        if name not in OVERLAYS:
            raise ValueError(f"overlay must be one of {', '.join(OVERLAYS)}, got {raw!r}")
        out.add(name)
    return frozenset(out)


def _etas(traj: Any, hyper: dict[str, Any], n: int) -> tuple[np.ndarray, bool]:
    """η of each of n steps (a schedule's η_t, as the engine evaluated it), and whether the
    rule has an η (else ones)."""
    eta = hyper.get("eta")
    if eta is None or isinstance(eta, bool):
        return np.ones(n), False
    if isinstance(eta, (int, float)):
        return np.full(n, float(eta)), True
    values = traj.schedule_values() if hasattr(traj, "schedule_values") else {}
    if "eta" in values:
        return np.asarray(values["eta"], dtype=np.float64)[:n], True
    return np.ones(n), False


@dataclass
class RunOverlay:
    """One run's overlay arrays; row k belongs to the point of step k (n + 1 rows, the
    last one nan: no step leaves the last point)."""

    points: np.ndarray  # (n+1, 2) the run's (w, b)
    heights: np.ndarray  # (n+1,) display height of each point (3D)
    vectors: dict[str, np.ndarray]  # kind -> (n+1, 2) float64 vectors in (w, b) units
    tails: dict[str, np.ndarray]  # kind -> (n+1, 2): where an arrow starts, if not the point
    effective: np.ndarray  # (n+1, 2) effective step of the step leaving the point
    has_eta: bool
    #: vectors only the step-by-step mode draws (:data:`MOMENT`), kept out of the scale
    walk: dict[str, np.ndarray] = field(default_factory=dict)


def _nan_rows(n: int) -> np.ndarray:
    return np.full((n + 1, 2), np.nan)


def run_overlay(traj: Any, heights: np.ndarray, surface: Any = None) -> RunOverlay:
    """The overlay vectors of ``traj`` (see the module doc for each kind).

    ``surface`` gives SAM's gradient at θ + ε̂ (full-data mode only); without it that arrow
    is not drawn.  A vector past the floats (−η·g of a diverging run, or of η = 1e308) is
    infinite, quietly: an arrow of no finite length is not drawn.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return _run_overlay(traj, heights, surface)


def _run_overlay(traj: Any, heights: np.ndarray, surface: Any) -> RunOverlay:
    params = np.asarray(traj.params, dtype=np.float64)
    moves = np.asarray(getattr(traj, "moves", np.diff(params, axis=0)), dtype=np.float64)
    n = len(moves)
    hyper = dict(getattr(traj, "hyper", {}))
    state = getattr(traj, "state", {})
    eta, has_eta = _etas(traj, hyper, n)
    vec: dict[str, np.ndarray] = {}
    tails: dict[str, np.ndarray] = {}
    walk: dict[str, np.ndarray] = {}
    if getattr(traj, "grads", None) is not None:
        v = _nan_rows(n)
        v[:n] = -eta[:, None] * np.asarray(traj.grads, dtype=np.float64)
        vec["grad"] = v
    v = _nan_rows(n)
    v[:n] = moves
    vec["move"] = v
    name = next((s for s in VELOCITY_STATES if s in state), None)
    if name is not None:
        rec = np.asarray(state[name], dtype=np.float64)  # row j: after step j + 1
        carried = np.zeros((n, 2))  # what the point's step starts from (0 at the start)
        carried[1:] = rec[: n - 1]
        v = _nan_rows(n)
        # the series' momentum form keeps the previous move itself
        v[:n] = carried if hyper.get("form") == "series" else -eta[:, None] * carried
        vec["velocity"] = v
        # the step-by-step mode's: the velocity this step leaves the point with (after its
        # update), by the step's own η; no toggle, and not in the common scale's sample
        v = _nan_rows(n)
        v[:n] = rec[:n] if hyper.get("form") == "series" else -eta[:, None] * rec[:n]
        walk[MOMENT] = v
    if "e" in state:
        e = _nan_rows(n)
        e[:n] = np.asarray(state["e"], dtype=np.float64)
        vec["ascent"] = e
        if surface is not None and getattr(traj, "batch_size", None) is None:
            shifted = params[:n] + e[:n]
            with np.errstate(all="ignore"):
                gw, gb = surface.grad(shifted[:, 0], shifted[:, 1])
            v = _nan_rows(n)
            v[:n, 0] = -eta * np.asarray(gw, dtype=np.float64)
            v[:n, 1] = -eta * np.asarray(gb, dtype=np.float64)
            vec["ascent_grad"] = v
            t = _nan_rows(n)
            t[:n] = shifted
            tails["ascent_grad"] = t
    eff = _nan_rows(n)
    if n and "effective_step" in state:
        eff[:n] = np.asarray(state["effective_step"], dtype=np.float64)
    heights = np.asarray(heights, dtype=np.float64)
    return RunOverlay(params, heights, vec, tails, eff, has_eta, walk)


def _typical(values: list[np.ndarray]) -> float:
    """The 90th percentile of the finite positive values (0 when there is none)."""
    flat = np.concatenate([np.ravel(v) for v in values] or [np.zeros(0)])
    flat = flat[np.isfinite(flat) & (flat > 0)]
    return float(np.percentile(flat, 90)) if flat.size else 0.0


def arrow_segments(tails: np.ndarray, tips: np.ndarray, head: float) -> np.ndarray:
    """(6·m, d) segment end points (pairs) of m arrows: shaft, then the two barbs of the
    head, in the first two coordinates (a third, the height, is carried along).  Arrows of
    zero or non-finite length are left out."""
    tails = np.asarray(tails, dtype=np.float64)
    tips = np.asarray(tips, dtype=np.float64)
    d = tips[:, :2] - tails[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    ok = np.isfinite(length) & (length > 0) & np.isfinite(tails).all(axis=1)
    tails, tips, d, length = tails[ok], tips[ok], d[ok], length[ok]
    u = d / length[:, None]
    h = np.minimum(HEAD_SHARE * length, head)[:, None]
    c, s = np.cos(HEAD_ANGLE), np.sin(HEAD_ANGLE)
    back_l = np.stack([u[:, 0] * c - u[:, 1] * s, u[:, 0] * s + u[:, 1] * c], axis=1)
    back_r = np.stack([u[:, 0] * c + u[:, 1] * s, -u[:, 0] * s + u[:, 1] * c], axis=1)
    barb_l, barb_r = tips.copy(), tips.copy()
    barb_l[:, :2] -= h * back_l
    barb_r[:, :2] -= h * back_r
    out = np.stack([tails, tips, tips, barb_l, tips, barb_r], axis=1)
    return out.reshape(-1, tails.shape[1])


def one_arrow(tail: Any, tip: Any, head: float) -> np.ndarray | None:
    """:func:`arrow_segments` of one arrow, (6, d), or None where it has none: the same
    numbers from plain floats (a frame draws one arrow per run and kind, for which numpy's
    call overhead was most of the cost)."""
    tail = [float(c) for c in tail]
    tip = [float(c) for c in tip]
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy)
    if not (math.isfinite(length) and length > 0 and all(map(math.isfinite, tail))):
        return None
    ux, uy = dx / length, dy / length
    h = min(HEAD_SHARE * length, head)
    c, s = _HEAD_COS, _HEAD_SIN
    rest = tip[2:]
    barb_l = [tip[0] - h * (ux * c - uy * s), tip[1] - h * (ux * s + uy * c), *rest]
    barb_r = [tip[0] - h * (ux * c + uy * s), tip[1] - h * (-ux * s + uy * c), *rest]
    return np.array([tail, tip, tip, barb_l, tip, barb_r])


_HEAD_COS, _HEAD_SIN = float(np.cos(HEAD_ANGLE)), float(np.sin(HEAD_ANGLE))
#: the unit circle the ellipses are drawn from, (ELLIPSE_POINTS, 2)
_CIRCLE = np.stack(
    [np.cos(np.linspace(0.0, 2.0 * np.pi, ELLIPSE_POINTS)),
     np.sin(np.linspace(0.0, 2.0 * np.pi, ELLIPSE_POINTS))],
    axis=1,
)  # fmt: skip


def ellipse(center: np.ndarray, semi: np.ndarray, points: int = ELLIPSE_POINTS) -> np.ndarray:
    """(points, 2) closed polyline of the axis-aligned ellipse with ``semi`` = (a, b)."""
    if points == ELLIPSE_POINTS:
        circle = _CIRCLE
    else:
        t = np.linspace(0.0, 2.0 * np.pi, points)
        circle = np.stack([np.cos(t), np.sin(t)], axis=1)
    return np.asarray(center[:2], dtype=np.float64) + np.asarray(semi, np.float64) * circle


@dataclass
class OverlayData:
    """Every run's overlay vectors, the common scales, and the effective-step curves."""

    runs: list[RunOverlay]
    box: Box
    #: drawn arrow length = scale × vector length, the same for every arrow
    scale: float
    #: drawn semi-axis = ellipse_scale × |effective step|, per axis
    ellipse_scale: float
    #: per run: (n, 2) log10 |effective step| of steps 1 … n, nan where undefined
    curves: list[np.ndarray]

    def _side(self) -> float:
        (w0, w1), (b0, b1) = self.box.wlim, self.box.blim
        return min(w1 - w0, b1 - b0)

    def _at(self, i: int, k: int, kind: str) -> tuple[list[float], list[float]] | None:
        """Tail and tip (w, b) of run ``i``'s ``kind`` arrow at step ``k``, or None.  (Plain
        floats: this runs for every arrow of every frame.)"""
        run = self.runs[i]
        v = run.vectors.get(kind, run.walk.get(kind))
        if v is None or not 0 <= k < len(v):
            return None
        vw, vb = float(v[k, 0]), float(v[k, 1])
        pts = run.tails[kind] if kind in run.tails else run.points
        tw, tb = float(pts[k, 0]), float(pts[k, 1])
        if not all(map(math.isfinite, (vw, vb, tw, tb))):
            return None
        with np.errstate(all="ignore"):  # (a numpy scale: an overflow gives inf, quietly)
            tip = [float(tw + self.scale * vw), float(tb + self.scale * vb)]
        # (a vector past a float's range once scaled: no arrow can be drawn)
        return ([tw, tb], tip) if all(map(math.isfinite, tip)) else None

    def arrows2d(self, i: int, k: int, kind: str) -> np.ndarray:
        """Run ``i``'s ``kind`` arrow at step ``k`` as segment pairs in (w, b), shape
        (6, 2), or (0, 2) when it has none there."""
        at = self._at(i, k, kind)
        seg = None if at is None else one_arrow(at[0], at[1], HEAD * self._side())
        return np.zeros((0, 2)) if seg is None else seg

    def _display(self, wb: np.ndarray, z: float) -> np.ndarray:
        # (np.stack, not np.c_: this runs for every ellipse of every frame)
        x, y = np.asarray(self.box.x(wb[:, 0])), np.asarray(self.box.y(wb[:, 1]))
        return np.stack([x, y, np.full(len(wb), z)], axis=1)

    def arrows3d(self, i: int, k: int, kind: str) -> np.ndarray:
        """The same arrow in 3D display coordinates, at the point's height, (6, 3) or
        (0, 3); the head is shaped in the display plane."""
        at = self._at(i, k, kind)
        run = self.runs[i]
        z = float(run.heights[min(k, len(run.heights) - 1)])
        if at is None or not math.isfinite(z):
            return np.zeros((0, 3))
        (w0, w1), (b0, b1) = self.box.wlim, self.box.blim
        ends = [
            [(w - w0) / (w1 - w0) * 2.0 - 1.0, (b - b0) / (b1 - b0) * 2.0 - 1.0, z]
            for w, b in at
        ]
        if not all(abs(c) < GL_RANGE for end in ends for c in end):
            return np.zeros((0, 3))  # (the GL items hold float32: it would overflow)
        seg = one_arrow(ends[0], ends[1], HEAD * 2.0)
        return np.zeros((0, 3)) if seg is None else seg

    def semi_axes(self, i: int, k: int) -> np.ndarray | None:
        """The effective-step ellipse's drawn semi-axes (w, b) at step ``k`` (an undefined
        axis, a zero gradient, counts 0), or None where no step leaves the point."""
        run = self.runs[i]
        if not 0 <= k < len(run.effective) - 1:
            return None
        e = np.abs(run.effective[k])
        e = np.where(np.isfinite(e), e, 0.0)
        if not (e > 0).any() or not np.isfinite(run.points[k]).all():
            return None
        with np.errstate(all="ignore"):  # (an infinite scale times a zero axis: nan)
            semi = self.ellipse_scale * e
        # (an effective step past a float's range once scaled: no ellipse can be drawn)
        return semi if np.isfinite(semi).all() else None

    def ellipse2d(self, i: int, k: int) -> np.ndarray:
        """(ELLIPSE_POINTS, 2) polyline in (w, b), or (0, 2)."""
        semi = self.semi_axes(i, k)
        if semi is None:
            return np.zeros((0, 2))
        return ellipse(self.runs[i].points[k], semi)

    def ellipse3d(self, i: int, k: int) -> np.ndarray:
        """The same ellipse in 3D display coordinates at the point's height, or (0, 3)."""
        wb = self.ellipse2d(i, k)
        run = self.runs[i]
        if not len(wb) or not np.isfinite(run.heights[k]):
            return np.zeros((0, 3))
        pts = self._display(wb, float(run.heights[k]))
        # (the GL items hold float32: past its range it would overflow)
        return pts if (np.abs(pts) < GL_RANGE).all() else np.zeros((0, 3))

    def scale_text(self, translator: Any = english) -> str:
        """The common scales, short (the views' caption; the menu and the README say what
        each arrow is); ``translator`` translates (the views pass
        :func:`app.runtime.translate`)."""
        return translator("Overlays", SCALE_TEXT).format(
            arrows=f"{self.scale:.3g}", ellipse=f"{self.ellipse_scale:.3g}"
        )


def overlay_data(
    trajectories: list[Any], heights: list[np.ndarray], box: Box, surface: Any = None
) -> OverlayData:
    """The overlays of every trajectory (``heights``: each path's display heights)."""
    runs = [run_overlay(t, h, surface) for t, h in zip(trajectories, heights, strict=True)]
    (w0, w1), (b0, b1) = box.wlim, box.blim
    side = min(w1 - w0, b1 - b0)
    with np.errstate(over="ignore"):  # (an infinite length is left out of the scale)
        lengths = [np.hypot(v[:, 0], v[:, 1]) for r in runs for v in r.vectors.values()]
    typical = _typical(lengths)
    scale = ARROW_FRACTION * side / typical if typical > 0 else 1.0
    semis = [np.fmax(np.abs(r.effective[:, 0]), np.abs(r.effective[:, 1])) for r in runs]
    typical_e = _typical(semis)
    ellipse_scale = ELLIPSE_FRACTION * side / typical_e if typical_e > 0 else 1.0
    curves = []
    for r in runs:
        e = np.abs(r.effective[:-1])
        with np.errstate(all="ignore"):
            curves.append(np.where(e > 0, np.log10(e), np.nan))
    return OverlayData(runs, box, scale, ellipse_scale, curves)
