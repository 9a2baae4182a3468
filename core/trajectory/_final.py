"""The engine's final-state mode: many start points, one optimizer, no step records.

:class:`core.trajectory._engine._Engine` keeps every step of every trajectory (params,
loss, gradients, moves, state), which is what a race draws but ~100 bytes per step and
start: 40 000 starts × 1000 steps would be 4 GB, and :data:`MAX_RECORDS` refuses it.  A basin
map needs only where each start ends, its last move and whether (and when) it stopped.

:func:`descend_final` runs the same loop as :func:`core.trajectory.descend` — the same
update call (``batch_ndim=1``, ``params``, ``grad_fn``, ``f``), the same zero gradient for
stopped trajectories, the same divergence tests in the same order (a non-finite gradient,
move, parameters, the box left, a non-finite loss; an optimizer that raises
ArithmeticError/ValueError stops all its trajectories) and the same frozen last good point —
keeping only the current and the previous points.  So its final points, last moves and
stop steps equal those of ``descend`` from the same starts, bit for bit
(``tests/core/test_basins.py`` checks it).  Full-batch only: the surfaces with several
minima are closed-form.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradscape.core.optimizers import Optimizer
from gradscape.core.surfaces import Surface
from gradscape.core.trajectory._engine import PROGRESS_EVERY, _Box, more_fns


@dataclass(frozen=True, eq=False)
class FinalState:
    """Where K trajectories ended.

    Attributes
    ----------
    params : ndarray, shape (K, 2)
        The final point (w, b); a stopped trajectory's last good point.
    loss : ndarray, shape (K,)
        The loss there.
    last_move : ndarray, shape (K, 2)
        The move of the last step (zeros for a trajectory that stopped, or for 0 steps).
    diverged_at : ndarray of int, shape (K,)
        The step a trajectory stopped at, −1 for those that ran every step (as
        ``Trajectory.diverged_at``, None there).
    steps : int
        The steps asked for.
    """

    params: np.ndarray
    loss: np.ndarray
    last_move: np.ndarray
    diverged_at: np.ndarray
    steps: int

    @property
    def diverged(self) -> np.ndarray:
        """Mask of the trajectories that stopped before the last step."""
        return self.diverged_at >= 0


def run_final(
    surface: Surface,
    opt: Optimizer,
    starts: np.ndarray,
    steps: int,
    bound: float,
    progress: Callable[[int, int], object] | None = None,
) -> FinalState:
    """Advance ``opt`` (fresh) from ``starts`` (K, 2) for ``steps`` steps; see the module
    docstring.  ``progress(done, steps)`` as in :func:`core.trajectory.descend`."""
    k = len(starts)
    loss_grad, grad_only = surface._loss_grad, surface._grad
    box = _Box.around(surface, bound)
    wb = np.ascontiguousarray(starts.T, dtype=np.float64)  # live points, updated in place
    w, b = wb[0], wb[1]
    prev = wb.copy()  # the points before the current step
    frozen = wb.copy()  # where stopped trajectories stay
    dead = np.zeros(k, dtype=bool)
    stopped_at = np.full(k, -1, dtype=np.int64)
    any_dead = False
    last = np.zeros((2, k))

    def stop(mask: np.ndarray, t: int, at: np.ndarray) -> bool:
        """Stop the new ones of ``mask`` at step ``t``, frozen at ``at`` (2, K)."""
        new = mask & ~dead
        if new.any():
            stopped_at[new] = t
            frozen[:, new] = at[:, new]
            dead[new] = True
        return bool(dead.any())

    def grad_fn(ow: Any, ob: Any) -> tuple[np.ndarray, np.ndarray]:
        pw, pb = w + ow, b + ob
        if pw.shape != pb.shape:
            pw, pb = np.broadcast_arrays(pw, pb)
        return grad_only(pw, pb)

    # Newton's Hessian and L-BFGS's loss at other points, as the engine hands them
    more = more_fns(surface, w, b, surface._loss, loss_grad, [None]) if opt.surface_only else {}

    with np.errstate(all="ignore"):
        loss, gw, gb = loss_grad(w, b)
        any_dead = stop(~np.isfinite(loss), 0, wb)
        any_dead = stop(box.outside(w, b), 0, wb) or any_dead
        report = PROGRESS_EVERY + 1 if progress is not None else steps + 1
        failed = False
        for t in range(1, steps + 1):
            if t == report:
                assert progress is not None
                report += PROGRESS_EVERY
                progress(t - 1, steps)
            if any_dead:
                gw[dead] = 0.0
                gb[dead] = 0.0
            if not math.isfinite(float(np.add.reduce(gw) + np.add.reduce(gb))):
                any_dead = stop(~(np.isfinite(gw) & np.isfinite(gb)), t, wb)
                gw[dead] = 0.0
                gb[dead] = 0.0
            if failed:
                dw = db = np.zeros(k)
            else:
                try:
                    dw, db = opt.update(
                        gw, gb, t=t, f=loss, grad_fn=grad_fn, params=(w, b), batch_ndim=1,
                        **more,
                    )  # fmt: skip
                except (ArithmeticError, ValueError):
                    any_dead = stop(np.ones(k, dtype=bool), t, wb)
                    failed = True
                    dw = db = np.zeros(k)
            prev[...] = wb
            last[0] = dw
            last[1] = db
            np.add(prev, last, out=wb)
            if any_dead:
                np.copyto(wb, frozen, where=dead)
            loss, gw, gb = loss_grad(w, b)
            if any_dead:
                loss[dead] = 0.0
            wmin, bmin = np.minimum.reduce(wb, axis=1).tolist()
            wmax, bmax = np.maximum.reduce(wb, axis=1).tolist()
            if not (
                math.isfinite(float(np.add.reduce(loss)) + wmin + wmax + bmin + bmax)
                and box.holds(wmin, wmax, bmin, bmax)
            ):
                any_dead = stop(~(np.isfinite(last[0]) & np.isfinite(last[1])), t, prev)
                any_dead = stop(~(np.isfinite(w) & np.isfinite(b)), t, prev) or any_dead
                any_dead = stop(box.outside(w, b), t, prev) or any_dead
                any_dead = stop(~np.isfinite(loss), t, prev) or any_dead
                if any_dead:
                    np.copyto(wb, frozen, where=dead)
                    loss[dead] = 0.0
                    gw[dead] = 0.0
                    gb[dead] = 0.0
        if progress is not None:
            progress(steps, steps)
        final_loss = loss_grad(w, b)[0] if any_dead else loss
    last[:, dead] = 0.0
    return FinalState(
        params=wb.T.copy(),
        loss=np.asarray(final_loss, dtype=np.float64).copy(),
        last_move=last.T.copy(),
        diverged_at=stopped_at,
        steps=steps,
    )
