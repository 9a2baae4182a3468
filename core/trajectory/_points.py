"""The engine's point path: a race from one start point on Python floats.

:class:`~core.trajectory._engine._Engine` hands a race here when every rule has a point rule
(:mod:`core.optimizers._point`): the loop of :meth:`_Engine.run` again, its moves and states
on Python floats, the gradients still from the surface, once per step for all the race's
points; the records are written as the array path writes them.  Anything that would stop a
trajectory, or a rule raising, hands the race back (``run_points`` returns False) and the
array path runs it from the start.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from gradscape.core.optimizers._point import PointRule

if TYPE_CHECKING:
    from gradscape.core.trajectory._engine import _Engine

#: Steps the point path keeps as Python lists before it writes them into the records.
POINT_CHUNK = 512


def run_points(
    engine: _Engine,
    loss: np.ndarray,
    gw: np.ndarray,
    gb: np.ndarray,
    progress: Callable[[int, int], object] | None,
    every: int,
) -> bool:
    """Every step on Python floats, with each optimizer's point rule
    (:mod:`core.optimizers._point`); the records written as the array path writes them.

    The gradients still come from the surface, once per step for all M points.  Returns
    False, leaving the optimizers untouched, as soon as anything would stop a
    trajectory (a non-finite gradient, move, point or loss, a point outside the box) or
    a rule raises: the array path then runs the race and says what happened.
    ``progress(done, steps)`` is called every ``every`` steps, as the array path calls it.
    """
    rules = engine.points
    assert rules is not None  # (run() checks)
    steps, box, loss_grad = engine.steps, engine.box, engine.loss_grad
    wb, w_live, b_live = engine.wb, engine.w, engine.b
    slots = [rule.slot for rule in rules]
    # the rules with scalars of their own per step (Adam's bias corrections, ...)
    prepares = [rule.prepare for rule in rules if type(rule).prepare is not PointRule.prepare]
    s_w = [rule.start() for rule in rules]  # each rule's state of w, and of b
    s_b = [rule.start() for rule in rules]
    counts = [len(run.opt.state_names) for run in engine.runs]
    W, B = w_live.tolist(), b_live.tolist()
    GW, GB, L = gw.tolist(), gb.tolist(), loss.tolist()
    # A step's row: the gradients it used, its moves, the new points and their loss,
    # then every rule's recorded state (w's names, then b's)
    rows: list[list[float]] = []
    first = 0  # the step of rows[0], less 1
    report = every + 1 if progress is not None else steps + 1
    isfinite, holds = math.isfinite, box.holds
    for t in range(1, steps + 1):
        if t == report:
            assert progress is not None
            report += every
            progress(t - 1, steps)
        DW, DB, S = [], [], []
        try:
            for prepare in prepares:
                prepare(t)
            calls = zip(slots, s_w, s_b, counts, GW, GB, W, B, strict=True)
            for slot, sw, sb, n, g0, g1, p0, p1 in calls:
                DW.append(slot(t, g0, sw, p0))
                DB.append(slot(t, g1, sb, p1))
                if n:
                    S += sw[:n]
                    S += sb[:n]
        except (ArithmeticError, ValueError):
            return False
        row = GW + GB + DW + DB
        W = [p + d for p, d in zip(W, DW, strict=True)]
        B = [p + d for p, d in zip(B, DB, strict=True)]
        wb[0] = W
        wb[1] = B
        loss, gw, gb = loss_grad(w_live, b_live)
        GW, GB, L = gw.tolist(), gb.tolist(), loss.tolist()
        if not isfinite(sum(L) + sum(GW) + sum(GB) + sum(W) + sum(B)) or not holds(
            min(W), max(W), min(B), max(B)
        ):
            # (a gradient that is not finite at the last point stops nothing)
            if t < steps or not isfinite(sum(L) + sum(W) + sum(B)) or not holds(
                min(W), max(W), min(B), max(B)
            ):
                return False
        row += W
        row += B
        row += L
        row += S
        rows.append(row)
        if len(rows) == POINT_CHUNK or t == steps:
            _write_rows(engine, rows, first, counts)
            first += len(rows)
            rows = []
    return True

def _write_rows(engine: _Engine, rows: list[list[float]], first: int, counts: list[int]) -> None:
    """Steps first + 1 … first + len(rows) of the point path into the records."""
    a = np.array(rows)
    m, rec = engine.m_count, engine.records
    end = first + len(rows)
    rec.grads[first:end] = a[:, : 2 * m].reshape(-1, 2, m)
    rec.moves[first:end] = a[:, 2 * m : 4 * m].reshape(-1, 2, m)
    rec.params[first + 1 : end + 1] = a[:, 4 * m : 6 * m].reshape(-1, 2, m)
    rec.loss[first + 1 : end + 1] = a[:, 6 * m : 7 * m]
    col = 7 * m
    for run, n in zip(engine.runs, counts, strict=True):
        for j, name in enumerate(run.opt.state_names):
            run.state[name][first:end, 0, 0] = a[:, col + j]
            run.state[name][first:end, 1, 0] = a[:, col + n + j]
        col += 2 * n

