"""Basins of attraction: which minimum an optimizer reaches from every start of a grid.

Every point of an n × n grid over the surface's domain is a start point; all of them run
at once as one batch of (K,) arrays through the optimizer's fast path, keeping only where
each ends (:func:`core.trajectory.descend_final`, the engine's final-state mode), so each
start's end is exactly that of :func:`core.trajectory.descend` from it alone.  Rows of the
grid can be spread over worker processes (:func:`core.landscape._parallel.run_chunks`, fixed
chunks: bit for bit the serial map).

A start's label (:attr:`Basins.label`):

* ``i ≥ 0`` — converged to ``minima[i]``: the final point lies within ``tol`` of it
  (Euclidean distance) and the last move was shorter than ``tol`` (the run has settled
  there, not merely passing by or orbiting wider than ``tol``);
* :data:`DIVERGED` (−1) — the trajectory stopped: a non-finite loss, gradient or move, or it
  left the engine's box (``bound`` domain spans around the domain);
* :data:`NOT_CONVERGED` (−2) — anything else: still moving, or settled away from every
  minimum (a plateau, a saddle).

``minima`` lists the surface's known minima first (``Surface.minima`` then
``Surface.local_minima``: Himmelblau's four, the six-hump camel's two global and four local
ones).  With ``discover=True`` (the default), runs that settled away
from all of them are checked for local minima: one representative per cluster of settled
points is polished by Newton's method on the surface's gradient and Hessian, and kept when
Newton converges within ``tol`` of it to a point whose gradient vanishes and whose Hessian
is positive definite (Rastrigin's grid of local minima appears this way); those are
appended to ``minima`` (``n_known`` says where the known ones end), sorted by loss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradscape.core._text import show
from gradscape.core.landscape._eigen import Cancelled
from gradscape.core.landscape._parallel import run_chunks
from gradscape.core.surfaces import Surface
from gradscape.core.trajectory import (
    DEFAULT_BOUND,
    FinalState,
    OptimizerSpec,
    _build,
    descend_final,
)

__all__ = ["DIVERGED", "NOT_CONVERGED", "Basins", "Cancelled", "basins", "label_finals"]

#: Label of a start whose trajectory stopped (diverged).
DIVERGED = -1
#: Label of a start that settled at no minimum within the steps.
NOT_CONVERGED = -2
#: Largest grid side.
MAX_GRID = 2048
#: Default ``tol``: this fraction of the domain's larger span.
TOL_FRACTION = 0.01


@dataclass(frozen=True, eq=False)
class Basins:
    """A basin map.

    Attributes
    ----------
    w, b : ndarray, shape (nw,), (nb,)
        The grid axes (start points ``(w[j], b[i])``).
    label : ndarray of int, shape (nb, nw)
        ``label[i, j]``: the start ``(w[j], b[i])``'s minimum (index into ``minima``),
        :data:`DIVERGED` or :data:`NOT_CONVERGED`.
    minima : ndarray, shape (k, 2)
        The known minima, then the local minima found (``discover``).
    final : ndarray, shape (nb, nw, 2)
        Where each start ended.
    n_known : int
        How many of ``minima`` are the surface's known ones.
    optimizer, hyper, steps, tol, surface
        What was computed: registry key, hyperparameters, steps, tolerance, surface name.
    """

    w: np.ndarray
    b: np.ndarray
    label: np.ndarray
    minima: np.ndarray
    final: np.ndarray
    n_known: int
    optimizer: str
    hyper: dict[str, Any] = field(default_factory=dict)
    steps: int = 0
    tol: float = 0.0
    surface: str = ""

    def counts(self) -> dict[int, int]:
        """Number of starts per label (every minimum, DIVERGED and NOT_CONVERGED)."""
        out = {i: 0 for i in range(len(self.minima))}
        out.update({DIVERGED: 0, NOT_CONVERGED: 0})
        values, n = np.unique(self.label, return_counts=True)
        out.update(zip(values.tolist(), n.tolist(), strict=True))
        return out


def _check_grid(grid: Any) -> int:
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)):
        raise ValueError(f"grid must be an integer in [2, {MAX_GRID}], got {show(grid)}")
    if not 2 <= grid <= MAX_GRID:
        raise ValueError(f"grid must be in [2, {MAX_GRID}], got {grid}")
    return int(grid)


def _check_tol(tol: Any, surface: Surface) -> float:
    if tol is None:
        (w0, w1), (b0, b1) = surface.domain
        return TOL_FRACTION * max(w1 - w0, b1 - b0)
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not 0 < tol < np.inf:
        raise ValueError(f"tol must be a number > 0, got {show(tol)}")
    return float(tol)


def _chunk(problem: tuple[Any, ...], start: int, stop: int) -> FinalState:
    """Rows ``start:stop`` of the grid (module level: worker processes run it)."""
    surface, spec, seed, w, b, steps, bound = problem
    ww, bb = np.meshgrid(w, b[start:stop])
    starts = np.stack([ww.ravel(), bb.ravel()], axis=1)
    return descend_final(surface, spec, starts, steps, seed=seed, bound=bound)


def basins(
    surface: Surface,
    optimizer: str,
    hyper: dict[str, Any] | None = None,
    grid: int = 200,
    steps: int = 1000,
    tol: float | None = None,
    *,
    seed: int | None = None,
    bound: float | None = None,
    discover: bool = True,
    workers: int = 1,
    progress: Callable[[int, int], object] | None = None,
    cancel: Callable[[], object] | None = None,
) -> Basins:
    """The basin map of ``optimizer`` on ``surface`` over a ``grid`` × ``grid`` grid.

    Parameters
    ----------
    surface : Surface
        Its domain is the grid's extent.
    optimizer : str
        Registry name; ``hyper`` overrides the surface's demo hyperparameters.
    grid : int
        Points per axis (2 to :data:`MAX_GRID`).
    steps : int
        Updates from every start.
    tol : float, optional
        Convergence tolerance (module docstring); default 1 % of the domain's larger span.
    seed, bound
        As in :func:`core.trajectory.descend` (a stochastic rule's start k draws from
        seed + k, k counting the grid row-major).
    discover : bool
        Look for local minima among the runs that settled elsewhere (module docstring).
    workers : int
        Processes for the grid's rows (1: this process).  The map is the same bit for bit.
    progress : callable, optional
        ``progress(done, total)``: steps done (one process) or row chunks done (several).
    cancel : callable, optional
        Polled with the progress; True stops the computation with :class:`Cancelled`.
    """
    if not isinstance(surface, Surface):
        raise ValueError(f"surface must be a Surface, got {show(surface)}")
    n = _check_grid(grid)
    tol_v = _check_tol(tol, surface)
    if hyper is not None and not isinstance(hyper, dict):
        raise ValueError(f"hyper must be a dict of hyperparameters, got {show(hyper)}")
    spec: OptimizerSpec = (optimizer, dict(hyper or {}))
    key, opt = _build(surface, spec, seed)  # validates the name and hyperparameters now
    (w0, w1), (b0, b1) = surface.domain
    w, b = np.linspace(w0, w1, n), np.linspace(b0, b1, n)
    bound_v = DEFAULT_BOUND if bound is None else bound
    problem = (surface, spec, seed, w, b, steps, bound_v)

    # A rule seeded per start draws start k's noise from seed + k, k counted within a call:
    # its grid runs as one call, whatever ``workers`` says.
    nw = 1 if opt.seed_per_model else max(1, int(workers))
    if nw == 1:

        def step_progress(done: int, total: int) -> None:
            if cancel is not None and cancel():
                raise Cancelled(f"basins cancelled at step {done} of {total}")
            if progress is not None:
                progress(done, total)

        starts = np.stack([a.ravel() for a in np.meshgrid(w, b)], axis=1)
        finals = [
            descend_final(
                surface, spec, starts, steps, seed=seed, bound=bound_v, progress=step_progress
            )
        ]
    else:
        edges = np.linspace(0, n, nw + 1).round().astype(int)
        chunks = [(int(a), int(c)) for a, c in zip(edges[:-1], edges[1:], strict=True) if c > a]
        finals = run_chunks(
            _chunk,
            problem,
            chunks,
            workers=nw,
            progress=None if progress is None else (lambda d, t, _w: progress(d, t)),
            cancel=cancel,
            what="basins",
        )
    params = np.concatenate([f.params for f in finals])
    moves = np.concatenate([f.last_move for f in finals])
    diverged = np.concatenate([f.diverged for f in finals])
    known = np.array([*surface.minima, *surface.local_minima], dtype=np.float64).reshape(-1, 2)
    label, minima = label_finals(surface, params, moves, diverged, known, tol_v, discover)
    return Basins(
        w=w,
        b=b,
        label=label.reshape(n, n),
        minima=minima,
        final=params.reshape(n, n, 2),
        n_known=len(known),
        optimizer=key,
        hyper=dict(opt.hyper),
        steps=int(steps),
        tol=tol_v,
        surface=surface.name,
    )


def _nearest(points: np.ndarray, minima: np.ndarray, tol: float) -> np.ndarray:
    """Index of the nearest of ``minima`` within ``tol`` of each point, −1 for none."""
    out = np.full(len(points), -1, dtype=np.int64)
    if not len(minima) or not len(points):
        return out
    d2 = ((points[:, None, :] - minima[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argmin(d2, axis=1)
    ok = d2[np.arange(len(points)), nearest] <= tol * tol
    out[ok] = nearest[ok]
    return out


def label_finals(
    surface: Surface,
    params: np.ndarray,
    moves: np.ndarray,
    diverged: np.ndarray,
    known: np.ndarray,
    tol: float,
    discover: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Labels of final points (K, 2) with last moves (K, 2) and stop flags (K,), and the
    minima they index (the known ones, then those discovered); see the module docstring."""
    label = np.full(len(params), NOT_CONVERGED, dtype=np.int64)
    with np.errstate(all="ignore"):
        settled = ~diverged & (np.hypot(moves[:, 0], moves[:, 1]) < tol)
        idx = np.flatnonzero(settled)
        near = _nearest(params[idx], known, tol)
        label[idx[near >= 0]] = near[near >= 0]
        minima = known
        if discover:
            rest = idx[near < 0]
            found = _discover(surface, params[rest], tol)
            if len(found):
                found_near = _nearest(params[rest], found, tol)
                hit = found_near >= 0
                label[rest[hit]] = len(known) + found_near[hit]
                minima = np.concatenate([known, found])
    label[diverged] = DIVERGED
    return label, minima


def _discover(surface: Surface, points: np.ndarray, tol: float) -> np.ndarray:
    """Local minima near the settled ``points``: one representative per tol-sized cell,
    Newton-polished, kept when it is a true minimum within ``tol``; sorted by loss."""
    if not len(points):
        return np.empty((0, 2))
    cells = np.floor(points / tol).astype(np.int64)
    _, first = np.unique(cells, axis=0, return_index=True)
    reps = points[np.sort(first)]
    x = reps.copy()
    for _ in range(30):
        gw, gb = surface.grad(x[:, 0], x[:, 1])
        h = surface.hessian(x[:, 0], x[:, 1])
        det = h[:, 0, 0] * h[:, 1, 1] - h[:, 0, 1] * h[:, 1, 0]
        det = np.where(det == 0.0, np.nan, det)
        dx = (h[:, 1, 1] * gw - h[:, 0, 1] * gb) / det
        dy = (h[:, 0, 0] * gb - h[:, 1, 0] * gw) / det
        x = x - np.stack([dx, dy], axis=1)
    gw, gb = surface.grad(x[:, 0], x[:, 1])
    h = surface.hessian(x[:, 0], x[:, 1])
    scale = max(1.0, float(np.abs(h).max(initial=0.0))) if len(x) else 1.0
    ok = (
        np.isfinite(x).all(axis=1)
        & (np.hypot(x[:, 0] - reps[:, 0], x[:, 1] - reps[:, 1]) <= tol)
        & (np.hypot(gw, gb) <= 1e-8 * scale)
        & (h[:, 0, 0] > 0)
        & (h[:, 0, 0] * h[:, 1, 1] - h[:, 0, 1] * h[:, 1, 0] > 0)
    )
    x = x[ok]
    # the same minimum reached from several cells: keep one
    kept: list[np.ndarray] = []
    for p in x:
        if all(np.hypot(*(p - q)) > tol for q in kept):
            kept.append(p)
    if not kept:
        return np.empty((0, 2))
    out = np.array(kept)
    return out[np.argsort(surface.loss(out[:, 0], out[:, 1]), kind="stable")]
