"""Optimizer trajectories on a surface: single runs, many start points, races and sweeps.

The optimizer is driven exactly as a layer drives it in training —
``dw, db = opt.update(grad_w, grad_b, t=t, f=loss, grad_fn=..., params=(w, b),
batch_ndim=1)``, then ``w += dw; b += db`` — with K start points advanced at once as arrays
of shape (K,).  A race runs all its optimizers in one loop over t: the surface is evaluated
once per step for every optimizer and start, and each optimizer updates its own slice.

Divergence never raises: a trajectory stops at the first non-finite loss, gradient, move or
parameter, or when it leaves a box far outside the domain (or when its optimizer raises an
ArithmeticError/ValueError); ``diverged_at`` and ``reason`` say where and why, and the other
trajectories of the same call go on, their stopped neighbours frozen at their last good
point.  No floating-point warning leaks out (everything runs under ``np.errstate``).

K start points at once give exactly the K single runs, and every trajectory of a race or a
sweep is exactly the single run of that optimizer.  For the stochastic rules (SantaE,
SantaSSS) start k draws its noise from the generator seeded ``seed + k`` (the rule's
``batch_ndim`` contract), so it equals the single run with seed ``seed + k``; its
``Trajectory.hyper["seed"]`` says so.

Row conventions (also those of :func:`to_csv`): ``params[k]`` and ``loss[k]`` are the point
after k steps; ``grads[k]`` is the gradient at ``params[k]`` that step k + 1 used, and
``moves[k] = params[k + 1] − params[k]``; ``state[name][k]`` is the optimizer's state after
step k + 1.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.atomic import write_text as atomic_write  # re-exported: scenes and tables use it
from core.optimizers import OPTIMIZERS, Optimizer, get_opt
from core.surfaces import Surface

__all__ = [
    "Trajectory",
    "TrajectoryState",
    "atomic_write",
    "descend",
    "effective_step",
    "race",
    "stability",
    "sweep",
    "to_csv",
    "to_json",
    "trajectory_dict",
]

#: Default ``bound``: a trajectory diverges when it gets farther from the domain's centre
#: than this many domain spans (per axis).
DEFAULT_BOUND = 1e3

#: Largest steps × trajectories one call records (about 2 GB of arrays).
MAX_RECORDS = 20_000_000

#: Steps between two calls of a run's ``progress`` callback.
PROGRESS_EVERY = 250

OptimizerSpec = str | tuple[str, dict[str, Any]] | Optimizer


def effective_step(moves: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """move / gradient per element, nan where the gradient is 0 (a fresh array).

    The learning rate a step effectively used on each axis.  No warning for the zero
    gradients (they become nan) or for non-finite values.
    """
    with np.errstate(all="ignore"):
        e = np.divide(moves, grads)
    np.copyto(e, np.nan, where=grads == 0.0)
    return e


class TrajectoryState(MutableMapping):
    """``Trajectory.state``: the optimizer's recorded state arrays by name, in order, then
    ``"effective_step"``.

    A mapping like a dict, except that ``"effective_step"`` (:func:`effective_step` of
    the trajectory's moves and gradients) is computed when it is first read and kept:
    a thousand start points need no thousand divisions unless someone looks.

    Parameters
    ----------
    arrays : dict of str to ndarray
        The state arrays, shape (n, 2) each.
    moves, grads : ndarray, shape (n, 2), optional
        The trajectory's moves and gradients; without them there is no "effective_step".
    """

    __slots__ = ("_data", "_lazy")

    def __init__(
        self,
        arrays: dict[str, np.ndarray] | None = None,
        moves: np.ndarray | None = None,
        grads: np.ndarray | None = None,
    ) -> None:
        self._data: dict[str, np.ndarray] = dict(arrays or {})
        self._lazy: tuple[np.ndarray, np.ndarray] | None = None
        if moves is not None and grads is not None and "effective_step" not in self._data:
            self._lazy = (moves, grads)
            self._data["effective_step"] = None  # type: ignore[assignment]  (keeps the order)

    def __getitem__(self, name: str) -> np.ndarray:
        v = self._data[name]
        if v is None and name == "effective_step" and self._lazy is not None:
            v = self._data[name] = effective_step(*self._lazy)
            self._lazy = None
        return v

    def __setitem__(self, name: str, value: np.ndarray) -> None:
        if name == "effective_step":
            self._lazy = None
        self._data[name] = value

    def __delitem__(self, name: str) -> None:
        if name == "effective_step":
            self._lazy = None
        del self._data[name]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __repr__(self) -> str:
        return f"TrajectoryState({dict(self.items())!r})"


@dataclass
class Trajectory:
    """One optimizer's path from one start point.

    ``n`` below is the number of good steps: ``steps`` unless the run diverged.

    Attributes
    ----------
    label : str
        e.g. "Adam η=0.25".
    optimizer : str
        Registry key of the optimizer.
    hyper : dict
        Every hyperparameter the optimizer ran with.
    params : ndarray, shape (n + 1, 2)
        The points (w, b), start first.
    loss : ndarray, shape (n + 1,)
        Loss at each point (the full-data loss, also in stochastic mode).
    grads : ndarray, shape (n, 2)
        Gradient used by each step (the minibatch gradient in stochastic mode).
    moves : ndarray, shape (n, 2)
        ``params[k + 1] − params[k]`` as the optimizer returned it.
    state : TrajectoryState (a mapping of str to ndarray, shape (n, 2))
        The optimizer's state arrays named by its ``state_names`` after each step (w and b
        columns), plus ``"effective_step"`` = move / gradient per axis (nan where the
        gradient is 0): the learning rate the step effectively used, computed when first
        read.
    diverged_at : int or None
        First step whose result was non-finite or out of bounds (0: the start itself).
    reason : str or None
        Why it stopped, in words.
    steps : int
        Steps requested.
    start : tuple of float
        The start point.
    batch_loss : ndarray, shape (n,), or None
        Stochastic mode only: the minibatch loss each step saw.
    """

    label: str
    optimizer: str
    hyper: dict[str, Any]
    params: np.ndarray
    loss: np.ndarray
    grads: np.ndarray
    moves: np.ndarray
    state: Mapping[str, np.ndarray]
    diverged_at: int | None
    reason: str | None
    steps: int
    start: tuple[float, float] = (0.0, 0.0)
    batch_loss: np.ndarray | None = None
    batch_size: int | None = None
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of good steps."""
        return len(self.moves)

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def at(self, step: int) -> dict[str, Any]:
        """Everything at ``step`` (clamped to [0, n]).

        Returns a dict with ``step`` (after clamping), ``w``, ``b``, ``loss``, ``grad`` and
        ``move`` (the gradient and move of the step that led here, as (w, b) tuples; None at
        step 0) and ``state`` (name -> (w, b) after that step; empty at step 0).
        """
        k = min(max(int(step), 0), self.n)
        out: dict[str, Any] = {
            "step": k,
            "w": float(self.params[k, 0]),
            "b": float(self.params[k, 1]),
            "loss": float(self.loss[k]),
            "grad": None,
            "move": None,
            "state": {},
        }
        if k > 0:
            out["grad"] = (float(self.grads[k - 1, 0]), float(self.grads[k - 1, 1]))
            out["move"] = (float(self.moves[k - 1, 0]), float(self.moves[k - 1, 1]))
            out["state"] = {
                name: (float(a[k - 1, 0]), float(a[k - 1, 1])) for name, a in self.state.items()
            }
        return out


# ---------------------------------------------------------------------------------------
# Building optimizers
# ---------------------------------------------------------------------------------------


def _build(surface: Surface, spec: OptimizerSpec, seed: int | None) -> tuple[str, Optimizer]:
    """(registry key, fresh optimizer) for a name, a (name, hyper) pair or an instance.

    A bare name runs with the surface's demo hyperparameters; a (name, hyper) pair
    overrides them; an instance is used as is (after ``reset()``).  Stochastic rules get
    ``seed`` unless the hyperparameters name one.
    """
    if isinstance(spec, Optimizer):
        spec.reset()
        cls_name = type(spec).__name__
        # an unregistered subclass (a user's own rule) is named after its class
        key = OPTIMIZERS.key(cls_name) if cls_name in OPTIMIZERS else cls_name.lower()
        return key, spec
    if isinstance(spec, str):
        name, hyper = spec, {}
    elif (
        isinstance(spec, (tuple, list))
        and len(spec) == 2
        and isinstance(spec[0], str)
        and isinstance(spec[1], dict)
    ):
        name, hyper = spec[0], dict(spec[1])
    else:
        raise ValueError(
            f"optimizer must be a name, a (name, hyperparameters) pair or an Optimizer, "
            f"got {spec!r}"
        )
    key = OPTIMIZERS.key(name)
    full = surface.demo_hyper(key)
    full.update(hyper)
    cls = OPTIMIZERS[key]
    if seed is not None and "seed" not in hyper and cls.takes_seed(full):
        full["seed"] = int(seed)
    return key, get_opt(key, **full)


def _label(opt: Optimizer) -> str:
    eta = opt.hyper.get("eta")
    name = type(opt).display_name or type(opt).__name__
    return f"{name} η={eta:g}" if isinstance(eta, (int, float)) else name


def _check_start(start: Any) -> tuple[np.ndarray, bool]:
    """Start points as a (K, 2) float array, and whether a single (2,) point was given."""
    try:
        a = np.array(start, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"start must be (w, b) or a list of (w, b) points, got {start!r}"
        ) from None
    single = a.ndim == 1
    if single:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != 2 or a.shape[0] < 1:
        raise ValueError(f"start must have shape (2,) or (K, 2), got {np.shape(start)}")
    if not np.isfinite(a).all():
        raise ValueError(f"start must be finite, got {start!r}")
    return a, single


def _check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise ValueError(f"steps must be an integer in [0, 1000000], got {steps!r}")
    if not 0 <= steps <= 1_000_000:
        raise ValueError(f"steps must be in [0, 1000000], got {steps!r}")
    return int(steps)


def _check_bound(bound: Any) -> float:
    if bound is None:
        return DEFAULT_BOUND
    if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not bound > 0:
        raise ValueError(f"bound must be a number > 0 (inf allowed), got {bound!r}")
    return float(bound)


def _check_batch(surface: Surface, batch_size: Any) -> int | None:
    """The minibatch size, or None for full-batch descent."""
    if batch_size is None:
        return None
    samples = getattr(surface, "samples", None)
    if samples is None:
        raise ValueError(
            f"batch_size applies to surfaces with data samples (the neuron), not to "
            f"{surface.display_name}"
        )
    n = len(samples)
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise ValueError(f"batch_size must be an integer in [1, {n}], got {batch_size!r}")
    if not 1 <= batch_size <= n:
        raise ValueError(
            f"batch_size must be in [1, {n}] (the number of samples), got {batch_size}"
        )
    return None if batch_size == n else int(batch_size)


class _Batches:
    """Minibatch indices: a fresh seeded permutation per epoch, consecutive slices of it.

    All trajectories of one call see the same sequence, so a race is fair and K start
    points at once equal K separate runs.
    """

    def __init__(self, n: int, size: int, seed: int | None) -> None:
        self.n, self.size = n, size
        self.rng = np.random.default_rng(0 if seed is None else seed)
        self.order = self.rng.permutation(n)
        self.pos = 0

    def next(self) -> np.ndarray:
        if self.pos >= self.n:
            self.order = self.rng.permutation(self.n)
            self.pos = 0
        idx = self.order[self.pos : self.pos + self.size]
        self.pos += self.size
        return idx


# ---------------------------------------------------------------------------------------
# The engine: one loop over t for every optimizer and start point
# ---------------------------------------------------------------------------------------


def _fused_records(
    plans: list[list[Any]], S: list[dict[str, np.ndarray]], steps: int, k_count: int
) -> tuple[np.ndarray, list[np.ndarray]] | None:
    """After step 1: one record buffer for the state arrays of every fused optimizer.

    A fused optimizer keeps one (2, K) array per state name, updated in place (see
    :meth:`Optimizer.stacked_state`).  Their records become views of one
    (steps, 2·R, K) buffer, so that each step copies all R arrays with one
    ``np.concatenate(arrays, out=buffer[t − 1])``.  Returns (buffer, arrays), or None when
    no optimizer is fused.
    """
    where: list[tuple[int, str]] = []
    arrays: list[np.ndarray] = []
    for m, plan in enumerate(plans):
        for nm, a in plan[8] or ():
            where.append((m, nm))
            arrays.append(a)
    if not arrays:
        return None
    buf = np.empty((steps, 2 * len(arrays), k_count))
    for j, (m, nm) in enumerate(where):
        S[m][nm] = buf[:, 2 * j : 2 * j + 2]  # (steps, 2, K), the layout of the others
    return buf, arrays


def _run(
    surface: Surface,
    runs: list[tuple[str, Optimizer]],
    starts: np.ndarray,
    steps: int,
    *,
    seed: int | None,
    batch_size: int | None,
    bound: float,
    progress: Callable[[int, int], object] | None = None,
) -> list[Trajectory]:
    """Advance M optimizers × K starts together; return M·K trajectories (optimizer-major)."""
    m_count, k_count = len(runs), len(starts)
    n_all = m_count * k_count
    if steps * n_all > MAX_RECORDS:
        # every step of every trajectory is kept (~100 bytes each): refuse before allocating
        raise ValueError(
            f"steps × trajectories = {steps} × {n_all} = {steps * n_all} exceeds "
            f"{MAX_RECORDS}; use fewer steps, start points or optimizers"
        )
    stochastic = batch_size is not None
    batches = _Batches(len(surface.samples), batch_size, seed) if stochastic else None

    # Preallocated records, step-major so that each step writes contiguous rows.
    P = np.empty((steps + 1, 2, n_all))
    L = np.empty((steps + 1, n_all))
    G = np.empty((steps, 2, n_all))
    D = np.empty((steps, 2, n_all))
    FB = np.empty((steps, n_all)) if stochastic else None
    names = [tuple(opt.state_names) for _, opt in runs]
    S = [{nm: np.empty((steps, 2, k_count)) for nm in nm_list} for nm_list in names]
    slices = [slice(m * k_count, (m + 1) * k_count) for m in range(m_count)]

    n_good = np.full(n_all, steps, dtype=np.int64)
    diverged_at: list[int | None] = [None] * n_all
    reasons: list[str | None] = [None] * n_all
    dead = np.zeros(n_all, dtype=bool)
    any_dead = False

    (w0, w1), (b0, b1) = surface.domain
    cw, cb = 0.5 * (w0 + w1), 0.5 * (b0 + b1)
    lim_w, lim_b = 0.5 * (w1 - w0) * (1 + 2 * bound), 0.5 * (b1 - b0) * (1 + 2 * bound)
    lo_w, hi_w, lo_b, hi_b = cw - lim_w, cw + lim_w, cb - lim_b, cb + lim_b

    # The parameters live in one (2, N) buffer updated in place (w += dw, as a layer does),
    # so each optimizer's slice of w and b is a fixed view.
    WB = np.empty((2, n_all))
    WB[0] = np.tile(starts[:, 0], m_count)
    WB[1] = np.tile(starts[:, 1], m_count)
    w, b = WB[0], WB[1]
    w_views = [w[sl] for sl in slices]
    b_views = [b[sl] for sl in slices]
    loss_grad = surface._loss_grad  # validated arrays of one shape: skip the public checks
    grad_only = surface._grad  # SAM's look-ahead needs no loss

    frozen = WB.copy()  # where stopped trajectories stay

    def kill(mask: np.ndarray, step: int, why: Callable[[int], str]) -> None:
        """Stop the trajectories in ``mask`` at ``step``; they stay at their last good point."""
        nonlocal any_dead
        for i in np.flatnonzero(mask & ~dead):
            diverged_at[i] = step
            reasons[i] = why(i)
            last = max(step - 1, 0)
            n_good[i] = last
            frozen[:, i] = P[last, :, i]
        dead[mask] = True
        any_dead = bool(dead.any())

    # Per optimizer, built once: its slice, its keyword arguments (the parameter views and
    # a grad_fn over them, for SAM) and where its state arrays are recorded.
    batch_box: list[np.ndarray | None] = [None]

    def make_grad_fn(ws: np.ndarray, bs: np.ndarray) -> Callable[..., tuple]:
        def grad_fn(ow: Any, ob: Any) -> tuple[np.ndarray, np.ndarray]:
            pw, pb = ws + ow, bs + ob
            if pw.shape != pb.shape:  # (broadcast_arrays costs more than the sums)
                pw, pb = np.broadcast_arrays(pw, pb)
            bt = batch_box[0]
            return grad_only(pw, pb) if bt is None else grad_only(pw, pb, bt)

        return grad_fn

    # Several optimizers: live buffers with a fixed view per optimizer, which each step
    # fills once (gradients, losses), instead of slicing per optimizer and step; their
    # moves are collected in a list and written to the record row in one call.  One
    # optimizer gets the surface's arrays and writes its moves straight into the record
    # rows.  The optimizers copy what they keep (their inputs are only read during the
    # call: the contract).
    single = m_count == 1
    GL = np.empty((2, n_all))  # gradients handed to the optimizers
    FL = np.empty(n_all)  # losses handed to the optimizers
    moves: list[Any] = [None] * (2 * m_count)  # [dw of each optimizer..., db of each...]
    zeros = np.zeros(k_count)  # the moves of an optimizer that failed
    fused: tuple[np.ndarray, list[np.ndarray]] | None = None  # see _fused_records

    plans = []
    for m, (_, opt) in enumerate(runs):
        ws, bs = w_views[m], b_views[m]
        sl = slices[m]
        # the update's keywords (t and batch_ndim = 1 are spelled out in the call)
        kw: dict[str, Any] = {"params": (ws, bs), "grad_fn": make_grad_fn(ws, bs), "f": FL[sl]}
        recs = [(nm, S[m][nm]) for nm in names[m]]
        # [opt (None once it failed), slice, keywords, recorders, gw, gb, (unused),
        # (unused), [(name, stacked state array)] of fused slots or None]
        plans.append([opt, sl, kw, recs, GL[0, sl], GL[1, sl], None, None, None])

    # The optimizers still running, as (index, optimizer, keywords, gw, gb, plan if its
    # state is recorded slot by slot else None); rebuilt after step 1 and after a failure.
    relist = True
    live: list[tuple[Any, ...]] = []
    opt0, kw0 = plans[0][0], plans[0][2]
    per_slot0 = plans[0] if plans[0][3] else None
    with np.errstate(all="ignore"):
        if stochastic:
            cur_loss = surface._loss(w, b)
            gw = gb = None
        else:
            cur_loss, gw, gb = loss_grad(w, b)
        P[0, 0], P[0, 1], L[0] = w, b, cur_loss
        bad = ~np.isfinite(cur_loss)
        if bad.any():
            kill(bad, 0, lambda i: "the loss at the start is not finite")
        outside = (np.abs(w - cw) > lim_w) | (np.abs(b - cb) > lim_b)
        if outside.any():
            kill(
                outside,
                0,
                lambda i: (
                    f"start is outside the bounds: (w, b) = ({w[i]:.4g}, {b[i]:.4g}) is more "
                    f"than {bound:g} domain spans outside the domain"
                ),
            )

        # progress(done, steps) every PROGRESS_EVERY steps and at the end (one integer
        # comparison per step otherwise); an exception it raises stops the run
        report = PROGRESS_EVERY + 1 if progress is not None else steps + 1
        for t in range(1, steps + 1):
            if t == report:
                report += PROGRESS_EVERY
                progress(t - 1, steps)
            if stochastic:
                batch = batches.next()
                f_all, gw, gb = loss_grad(w, b, batch)
                FB[t - 1] = f_all
            else:
                batch = None
                f_all = cur_loss
            if any_dead:
                gw[dead] = 0.0
                gb[dead] = 0.0
            Gt = G[t - 1]
            Gt[0], Gt[1] = gw, gb
            if not math.isfinite(float(np.add.reduce(Gt, axis=None))):
                bad = ~(np.isfinite(gw) & np.isfinite(gb))
                kill(
                    bad,
                    t,
                    lambda i, w=w, b=b: (
                        f"the gradient at (w, b) = ({w[i]:.4g}, {b[i]:.4g}) is not finite"
                    ),
                )
                gw[dead] = 0.0
                gb[dead] = 0.0
                Gt[0], Gt[1] = gw, gb
            tm1 = t - 1
            if single:
                # the surface's fresh arrays (not the record rows: a rule may scribble on
                # its inputs without touching the record)
                plans[0][2]["f"] = f_all
                live = [(0, opt0, kw0, gw, gb, per_slot0)] if plans[0][0] is not None else []
            else:
                GL[...] = Gt
                FL[...] = f_all
                if relist:
                    live = [
                        (m, p[0], p[2], p[4], p[5], p if p[8] is None and p[3] else None)
                        for m, p in enumerate(plans)
                        if p[0] is not None
                    ]
                    relist = False
            batch_box[0] = batch
            for m, opt, kw, gwv, gbv, plan in live:
                try:
                    # keywords spelled out: a call with **kw copies the dict every time
                    # (21 rules × 1000 steps: ~3 % of a race)
                    moves[m], moves[m_count + m] = opt.update(
                        gwv,
                        gbv,
                        t=t,
                        f=kw["f"],
                        grad_fn=kw["grad_fn"],
                        params=kw["params"],
                        batch_ndim=1,
                    )
                except (ArithmeticError, ValueError) as e:
                    # A rule that cannot go on (e.g. a scalar overflow in its schedule)
                    # stops its own trajectories, like a divergence; the race goes on.
                    mask = np.zeros(n_all, dtype=bool)
                    mask[slices[m]] = True
                    kill(mask, t, lambda i, e=e: f"the optimizer failed: {e}")
                    plans[m][0] = None
                    moves[m] = moves[m_count + m] = zeros  # its points stay frozen
                    relist = True
                    continue
                if plan is not None:  # state recorded slot by slot
                    recs = plan[3]
                    s0, s1 = opt.state
                    for nm, r in recs:
                        a0 = s0.get(nm)
                        if a0 is not None:
                            r[tm1, 0] = a0
                            r[tm1, 1] = s1[nm]
                        else:  # not created (yet) by this rule
                            r[tm1] = np.nan
                    if t == 1:
                        arrays = [opt.stacked_state(nm) for nm, _ in recs]
                        if all(a is not None and a.shape == (2, k_count) for a in arrays):
                            plan[8] = [(nm, a) for (nm, _), a in zip(recs, arrays, strict=True)]
            Dt = D[tm1]
            if single:
                Dt[0] = moves[0]
                Dt[1] = moves[1]
            else:
                # every optimizer's moves into the record row in one call: one numpy call
                # instead of two copies per optimizer (a race of 21 pays per call)
                try:
                    np.concatenate(moves, out=Dt.reshape(-1))
                except ValueError:  # a rule broke the contract's shapes: broadcast as before
                    for m, sl in enumerate(slices):
                        Dt[0, sl] = moves[m]
                        Dt[1, sl] = moves[m_count + m]
            if t == 1:
                fused = _fused_records(plans, S, steps, k_count)
                relist = True  # fused optimizers no longer record slot by slot
                per_slot0 = plans[0] if plans[0][8] is None and plans[0][3] else None
            if fused is not None:
                # fused slots keep one (2, K) state array per name, updated in place: all
                # of them go into one record row per step, in one call
                np.concatenate(fused[1], out=fused[0][tm1])

            # p_t = p_{t−1} + Δ for both axes in one operation, then into the live buffer
            Pt = P[t]
            np.add(P[t - 1], D[t - 1], out=Pt)
            if any_dead:
                np.copyto(Pt, frozen, where=dead)
            np.copyto(WB, Pt)
            if stochastic:
                cur_loss = surface._loss(w, b)
            else:
                cur_loss, gw, gb = loss_grad(w, b)
            L[t] = cur_loss
            if any_dead:
                cur_loss[dead] = 0.0
            # Fast path: the extremes of w and b and the loss' sum say whether anything is
            # wrong at all (nan makes every comparison false; inf makes the sum non-finite).
            wmin, bmin = np.minimum.reduce(Pt, axis=1).tolist()
            wmax, bmax = np.maximum.reduce(Pt, axis=1).tolist()
            ok = (
                math.isfinite(float(np.add.reduce(cur_loss)) + wmin + wmax + bmin + bmax)
                and lo_w <= wmin
                and wmax <= hi_w
                and lo_b <= bmin
                and bmax <= hi_b
            )
            if not ok:
                mv = ~(np.isfinite(Dt[0]) & np.isfinite(Dt[1]))
                kill(mv, t, lambda i: "the optimizer's move is not finite")
                pf = ~(np.isfinite(w) & np.isfinite(b))
                kill(pf, t, lambda i: "the parameters are not finite")
                out = (np.abs(w - cw) > lim_w) | (np.abs(b - cb) > lim_b)
                kill(
                    out,
                    t,
                    lambda i, w=w, b=b: (
                        f"left the bounds: (w, b) = ({w[i]:.4g}, {b[i]:.4g}) is more than "
                        f"{bound:g} domain spans outside the domain"
                    ),
                )
                lf = ~np.isfinite(cur_loss)
                kill(lf, t, lambda i: "the loss is not finite")
                if any_dead:
                    # Dead points stay at their last good position from now on.
                    np.copyto(WB, frozen, where=dead)
                    cur_loss[dead] = 0.0
                    if not stochastic:
                        gw[dead] = 0.0
                        gb[dead] = 0.0

    if progress is not None:
        progress(steps, steps)

    # Per-trajectory views, trajectory axis first: one cheap row lookup per array (a
    # thousand start points build a thousand trajectories).
    Pk, Gk, Dk = (np.moveaxis(a, -1, 0) for a in (P, G, D))
    Lk = L.T
    FBk = None if FB is None else FB.T
    starts_list = [(float(a), float(b)) for a, b in starts.tolist()]
    goods = n_good.tolist()
    out = []
    for m, (key, opt) in enumerate(runs):
        label = _label(opt)
        # start k of a rule that seeds each model (SantaE, SantaSSS) drew its noise from
        # seed + k: its hyperparameters say so, and reproduce it alone
        seed0 = opt.hyper.get("seed") if opt.seed_per_model else None
        Sk = [(nm, np.moveaxis(S[m][nm], -1, 0)) for nm in names[m]]
        for k in range(k_count):
            i = m * k_count + k
            n = goods[i]
            whole = n == steps  # no slicing needed
            grads, moves = (Gk[i], Dk[i]) if whole else (Gk[i, :n], Dk[i, :n])
            state = TrajectoryState({nm: a[k] if whole else a[k, :n] for nm, a in Sk}, moves, grads)
            out.append(
                Trajectory(
                    label=label,
                    optimizer=key,
                    hyper=dict(opt.hyper) if seed0 is None else {**opt.hyper, "seed": seed0 + k},
                    params=Pk[i] if whole else Pk[i, : n + 1],
                    loss=Lk[i] if whole else Lk[i, : n + 1],
                    grads=grads,
                    moves=moves,
                    state=state,
                    diverged_at=diverged_at[i],
                    reason=reasons[i],
                    steps=steps,
                    start=starts_list[k],
                    batch_loss=None if FBk is None else FBk[i, :n],
                    batch_size=batch_size,
                    seed=seed,
                )
            )
    return out


# ---------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------


def _check_progress(progress: Any) -> None:
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be a callable progress(done, steps), got {progress!r}")


def _prepare(surface, start, steps, seed, batch_size, bound):
    if not isinstance(surface, Surface):
        raise ValueError(f"surface must be a Surface (core.surfaces.get_surface), got {surface!r}")
    starts, single = _check_start(surface.start if start is None else start)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise ValueError(f"seed must be an integer or None, got {seed!r}")
    return (
        starts,
        single,
        _check_steps(steps),
        _check_batch(surface, batch_size),
        _check_bound(bound),
    )


def descend(
    surface: Surface,
    optimizer: OptimizerSpec,
    start: Any,
    steps: int,
    *,
    seed: int | None = None,
    batch_size: int | None = None,
    bound: float | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Trajectory | list[Trajectory]:
    """Run one optimizer from one or many start points.

    Parameters
    ----------
    surface : Surface
        From :func:`core.surfaces.get_surface`.
    optimizer : str, (str, dict) or Optimizer
        A name (run with the surface's demo hyperparameters), a (name, hyperparameters)
        pair (overriding the demo's), or an instance (used as is, after ``reset()``).
    start : array_like, shape (2,) or (K, 2), or None
        Start point(s) (w, b).  K points run at once, each as its own model.  None: the
        surface's recommended start.
    steps : int
        Number of updates.
    seed : int, optional
        Seeds the minibatches and, unless its hyperparameters name one, a stochastic
        optimizer (SantaE, SantaSSS; their own default 0 when None).  With K start points
        the rule's seed s serves start 0 and start k draws from seed s + k, so each
        trajectory equals its single run with that seed (``hyper["seed"]`` records it).
        Minibatches use seed 0 when None; all start points see the same minibatches.
    batch_size : int, optional
        Stochastic mode (surfaces with data samples): each step uses the gradient of a
        minibatch of this many samples — a fresh seeded permutation per epoch, sliced in
        order (the last batch of an epoch may be smaller).  None or the number of samples
        means full batch.
    bound : float, optional
        A trajectory diverges when it gets farther from the domain than ``bound`` times the
        domain's span on either axis (default 1000; ``inf`` never); a start point already
        that far out is reported at step 0 ("start is outside the bounds ...").
    progress : callable, optional
        ``progress(done, steps)`` is called every :data:`PROGRESS_EVERY` steps and once at
        the end.  An exception it raises stops the run and propagates to the caller: a GUI
        cancels a long run that way.

    Returns
    -------
    Trajectory, or list of Trajectory for a (K, 2) start.
    """
    out, single = _race(surface, [optimizer], start, steps, seed, batch_size, bound, progress)
    return out[0] if single else out


def race(
    surface: Surface,
    optimizers: Sequence[OptimizerSpec],
    start: Any,
    steps: int,
    *,
    seed: int | None = None,
    batch_size: int | None = None,
    bound: float | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> list[Trajectory]:
    """Several optimizers from the same start point(s), in one loop over the steps.

    ``optimizers`` entries are as in :func:`descend`; the result lists, for each optimizer
    in order, its trajectory from each start point (optimizer-major).  Every trajectory is
    identical to the one :func:`descend` gives for that optimizer alone.  ``progress`` as
    in :func:`descend`.
    """
    if isinstance(optimizers, (str, Optimizer)) or not len(optimizers):
        raise ValueError(f"optimizers must be a non-empty list, got {optimizers!r}")
    return _race(surface, optimizers, start, steps, seed, batch_size, bound, progress)[0]


def _race(surface, optimizers, start, steps, seed, batch_size, bound, progress):
    """descend's and race's common work: checks, optimizers built, the run; returns the
    trajectories and whether ``start`` was a single (2,) point."""
    starts, single, steps, batch_size, bound = _prepare(
        surface, start, steps, seed, batch_size, bound
    )
    runs = [_build(surface, spec, seed) for spec in optimizers]
    if len({id(opt) for _, opt in runs}) != len(runs):
        raise ValueError("optimizers lists the same Optimizer instance twice")
    _check_progress(progress)
    out = _run(
        surface,
        runs,
        starts,
        steps,
        seed=seed,
        batch_size=batch_size,
        bound=bound,
        progress=progress,
    )
    return out, single


def sweep(
    surface: Surface,
    name: str,
    etas: Sequence[float],
    start: Any,
    steps: int,
    *,
    hyper: dict[str, Any] | None = None,
    seed: int | None = None,
    batch_size: int | None = None,
    bound: float | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> list[Trajectory]:
    """One optimizer over a list of learning rates η (a race of η values).

    ``hyper`` sets the other hyperparameters (over the surface's demo ones).  Returns one
    trajectory per η (times the number of start points, η-major).  ``progress`` as in
    :func:`descend`.
    """
    if not isinstance(name, str):
        raise ValueError(f"name must be an optimizer name, got {name!r}")
    key = OPTIMIZERS.key(name)
    if not any(p.name == "eta" for p in OPTIMIZERS[key].params):
        raise ValueError(f"{OPTIMIZERS[key].display_name} has no learning rate eta to sweep")
    try:
        eta_list = [float(e) for e in etas]
    except (TypeError, ValueError):
        raise ValueError(f"etas must be a list of numbers, got {etas!r}") from None
    if not eta_list:
        raise ValueError("etas must hold at least one learning rate")
    base = dict(hyper or {})
    specs = [(key, {**base, "eta": e}) for e in eta_list]
    return race(
        surface,
        specs,
        start,
        steps,
        seed=seed,
        batch_size=batch_size,
        bound=bound,
        progress=progress,
    )


def stability(surface: Surface, w: float, b: float, eta: float) -> dict[str, Any]:
    """Plain gradient descent's stability at (w, b): η·λmax < 2.

    Near a point where the Hessian's largest eigenvalue is λmax, plain gradient descent
    multiplies the error along that eigenvector by (1 − η·λmax) each step, so it grows
    when η·λmax > 2.

    Returns
    -------
    dict
        ``lambda_max`` (largest Hessian eigenvalue), ``limit`` (2/λmax, inf when λmax ≤ 0),
        ``stable`` (η < limit) and ``text`` (a sentence for the user).
    """
    if (
        isinstance(eta, bool)
        or not isinstance(eta, (int, float))
        or not (math.isfinite(eta) and eta > 0)
    ):
        raise ValueError(f"eta must be a finite number > 0, got {eta!r}")
    with np.errstate(all="ignore"):
        h = np.asarray(surface.hessian(float(w), float(b)), dtype=np.float64)
        if not np.isfinite(h).all():
            return {
                "lambda_max": math.nan,
                "limit": math.nan,
                "stable": False,
                "text": f"the curvature at (w, b) = ({w:.4g}, {b:.4g}) is not finite",
            }
        lam = float(np.linalg.eigvalsh(0.5 * (h + h.T))[-1])
    if lam <= 0.0:
        return {
            "lambda_max": lam,
            "limit": math.inf,
            "stable": True,
            "text": (
                f"λmax = {lam:.3g} ≤ 0: the surface curves down here, so curvature puts no "
                "limit on η"
            ),
        }
    prod = eta * lam
    stable = prod < 2.0
    sign, verdict = ("<", "stable") if stable else (">", "unstable")
    if prod == 2.0:
        sign = "="
    return {
        "lambda_max": lam,
        "limit": 2.0 / lam,
        "stable": stable,
        "text": (
            f"η·λmax = {prod:.3g} {sign} 2: plain gradient descent is {verdict} here "
            f"(λmax = {lam:.3g}, so η must stay below {2.0 / lam:.3g})"
        ),
    }


# ---------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------


def csv_columns(traj: Trajectory) -> tuple[list[str], np.ndarray]:
    """CSV header and an (n + 1, columns) table; row 0 has nan grads, moves and state."""
    n = traj.n
    names = ["step", "w", "b", "loss", "grad_w", "grad_b", "move_w", "move_b"]
    cols = [np.arange(n + 1, dtype=np.float64), traj.params[:, 0], traj.params[:, 1], traj.loss]

    def shifted(a: np.ndarray) -> np.ndarray:
        c = np.full(n + 1, np.nan)
        c[1:] = a
        return c

    for a in (traj.grads, traj.moves):
        cols += [shifted(a[:, 0]), shifted(a[:, 1])]
    for nm, a in traj.state.items():
        names += [f"{nm}_w", f"{nm}_b"]
        cols += [shifted(a[:, 0]), shifted(a[:, 1])]
    if traj.batch_loss is not None:
        names.append("batch_loss")
        cols.append(shifted(traj.batch_loss))
    return names, np.column_stack(cols)


def _num(x: float) -> str:
    # repr round-trips float64 exactly; nan (step 0's gradient and move) is left empty
    return "" if math.isnan(x) else repr(float(x))


def to_csv(traj: Trajectory, path: str | os.PathLike) -> None:
    """Write one row per step (``n + 1`` rows after the header; ``steps + 1`` unless the
    run diverged).

    Columns: ``step, w, b, loss, grad_w, grad_b, move_w, move_b``, then two per state
    array (``m_w, m_b, ...``, ``effective_step_w, effective_step_b``), then ``batch_loss``
    in stochastic mode.  Row k holds the point after k steps and the gradient, move and
    state of step k that led there; in row 0 those fields are empty.  Numbers are written
    with full float64 precision.  The write is atomic.
    """
    names, table = csv_columns(traj)
    lines = [",".join(names)]
    for k, row in enumerate(table):
        lines.append(",".join([str(k)] + [_num(v) for v in row[1:]]))
    atomic_write(path, "\n".join(lines) + "\n")


def _json_list(a: np.ndarray) -> list:
    """Nested lists with non-finite numbers as null (JSON has no nan)."""
    obj = np.asarray(a, dtype=object)
    obj[~np.isfinite(np.asarray(a, dtype=np.float64))] = None
    return obj.tolist()


def trajectory_dict(traj: Trajectory) -> dict[str, Any]:
    """A JSON-ready dict of everything in ``traj`` (non-finite numbers become null)."""
    return {
        "label": traj.label,
        "optimizer": traj.optimizer,
        "hyper": traj.hyper,
        "steps": traj.steps,
        "start": list(traj.start),
        "seed": traj.seed,
        "batch_size": traj.batch_size,
        "diverged_at": traj.diverged_at,
        "reason": traj.reason,
        "params": _json_list(traj.params),
        "loss": _json_list(traj.loss),
        "grads": _json_list(traj.grads),
        "moves": _json_list(traj.moves),
        "state": {nm: _json_list(a) for nm, a in traj.state.items()},
        "batch_loss": None if traj.batch_loss is None else _json_list(traj.batch_loss),
    }


def to_json(traj: Trajectory, path: str | os.PathLike) -> None:
    """Write :func:`trajectory_dict` as JSON (atomic write)."""
    atomic_write(path, json.dumps(trajectory_dict(traj), allow_nan=False, indent=1) + "\n")
