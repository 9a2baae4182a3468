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
import tempfile
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

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
#
# A call's N = M·K trajectories (M optimizers × K start points, optimizer-major) are the
# columns of its records (_Records).  A _Run per optimizer holds its columns, the arguments
# it is handed and where its state is recorded; _Stops knows which trajectories stopped,
# where and why.  _Engine.run takes the steps in order: check the start points, then for
# each t the gradient, every optimizer's update, the new points and the divergence check;
# finally the records are cut into one Trajectory per optimizer and start point.


@dataclass(eq=False)
class _Records:
    """Everything a call keeps, step-major so that each step writes contiguous rows.

    N below is the number of trajectories of the call (its columns).

    Attributes
    ----------
    params : ndarray, shape (steps + 1, 2, N)
        The points (w, b) after each step, the start first.
    loss : ndarray, shape (steps + 1, N)
        The (full-data) loss at each point.
    grads, moves : ndarray, shape (steps, 2, N)
        The gradient each step used and the move it made.
    batch_loss : ndarray, shape (steps, N), or None
        Stochastic mode: the minibatch loss each step saw.
    """

    params: np.ndarray
    loss: np.ndarray
    grads: np.ndarray
    moves: np.ndarray
    batch_loss: np.ndarray | None

    @classmethod
    def allocate(cls, steps: int, n: int, stochastic: bool) -> _Records:
        """Empty records for ``steps`` steps of ``n`` trajectories.

        Raises
        ------
        ValueError
            When steps × n exceeds :data:`MAX_RECORDS`.
        """
        if steps * n > MAX_RECORDS:
            # every step of every trajectory is kept (~100 bytes each): refuse before allocating
            raise ValueError(
                f"steps × trajectories = {steps} × {n} = {steps * n} exceeds "
                f"{MAX_RECORDS}; use fewer steps, start points or optimizers"
            )
        return cls(
            params=np.empty((steps + 1, 2, n)),
            loss=np.empty((steps + 1, n)),
            grads=np.empty((steps, 2, n)),
            moves=np.empty((steps, 2, n)),
            batch_loss=np.empty((steps, n)) if stochastic else None,
        )


class _Stops:
    """Which trajectories stopped, at which step and why, and where they stay.

    Attributes
    ----------
    dead : ndarray of bool, shape (N,)
        The stopped trajectories.
    any : bool
        ``dead.any()``: the loop tests one bool per step while nothing has stopped.
    n_good : ndarray of int, shape (N,)
        Good steps of each trajectory (``steps`` unless it stopped).
    diverged_at, reasons : list
        Per trajectory, the step it stopped at and why (None while it runs).
    frozen : ndarray, shape (2, N)
        Where stopped trajectories stay: their last good point.
    """

    def __init__(self, params: np.ndarray, steps: int) -> None:
        n = params.shape[-1]
        self._params = params  # the params record, read for a stopped trajectory's last point
        self.dead = np.zeros(n, dtype=bool)
        self.any = False
        self.n_good = np.full(n, steps, dtype=np.int64)
        self.diverged_at: list[int | None] = [None] * n
        self.reasons: list[str | None] = [None] * n
        self.frozen = np.empty((2, n))

    def stop(self, mask: np.ndarray, step: int, why: Callable[[int], str]) -> None:
        """Stop the trajectories in ``mask`` at ``step`` (those not stopped yet get
        ``why(i)`` as their reason); they stay at their last good point."""
        dead = self.dead
        for i in np.flatnonzero(mask & ~dead):
            self.diverged_at[i] = step
            self.reasons[i] = why(i)
            last = max(step - 1, 0)
            self.n_good[i] = last
            self.frozen[:, i] = self._params[last, :, i]
        dead[mask] = True
        self.any = bool(dead.any())


@dataclass(frozen=True)
class _Box:
    """The region a trajectory must stay in: ``bound`` domain spans around the domain."""

    bound: float
    cw: float  # the domain's centre
    cb: float
    lim_w: float  # the box's half widths
    lim_b: float
    lo_w: float  # its edges (cw − lim_w, ...), for the per-step test
    hi_w: float
    lo_b: float
    hi_b: float

    @classmethod
    def around(cls, surface: Surface, bound: float) -> _Box:
        (w0, w1), (b0, b1) = surface.domain
        cw, cb = 0.5 * (w0 + w1), 0.5 * (b0 + b1)
        lim_w, lim_b = 0.5 * (w1 - w0) * (1 + 2 * bound), 0.5 * (b1 - b0) * (1 + 2 * bound)
        return cls(bound, cw, cb, lim_w, lim_b, cw - lim_w, cw + lim_w, cb - lim_b, cb + lim_b)

    def outside(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Mask of the points (w, b) outside the box (nan is not outside)."""
        return (np.abs(w - self.cw) > self.lim_w) | (np.abs(b - self.cb) > self.lim_b)

    def holds(self, wmin: float, wmax: float, bmin: float, bmax: float) -> bool:
        """Whether every point lies in the box, given the extremes of w and b (False for
        nan extremes: every comparison with nan is false)."""
        return self.lo_w <= wmin and wmax <= self.hi_w and self.lo_b <= bmin and bmax <= self.hi_b


@dataclass(eq=False)
class _Run:
    """One optimizer of the call: its K trajectories, its arguments and its state records.

    Attributes
    ----------
    key : str
        Registry key of the optimizer.
    opt : Optimizer
        The optimizer.
    index : int
        Its place m in the call: its moves are ``moves[m]`` and ``moves[M + m]`` of the
        engine's list, its columns ``cols``.
    cols : slice
        Its K columns in the call's records.
    gw, gb, f : ndarray, shape (K,)
        The gradient and loss it is handed: fixed views of the engine's shared buffers.
    params : (ndarray, ndarray)
        Its w and b: fixed views of the live parameters, updated in place.
    grad_fn : callable
        The gradient at ``params`` + an offset, on the step's minibatch (SAM's look-ahead).
    state : dict of str to ndarray, shape (steps, 2, K)
        The records of its state arrays, in the order of its ``state_names``.
    slot_records : list of (str, ndarray)
        The state records still written slot by slot each step: all of them at step 1,
        none once its state turns out fused (see :meth:`_Engine.fuse_state_records`).
    failed : bool
        Whether the optimizer raised (its trajectories are stopped; it is called no more).
    """

    key: str
    opt: Optimizer
    index: int
    cols: slice
    gw: np.ndarray
    gb: np.ndarray
    f: np.ndarray
    params: tuple[np.ndarray, np.ndarray]
    grad_fn: Callable[..., tuple]
    state: dict[str, np.ndarray]
    slot_records: list[tuple[str, np.ndarray]]
    failed: bool = False


class _Call(NamedTuple):
    """One optimizer's update call at a step: a _Run's fields taken out once, because the
    loop over the optimizers runs M × steps times and unpacks a tuple faster than it reads
    attributes."""

    index: int
    opt: Optimizer
    gw: np.ndarray
    gb: np.ndarray
    f: np.ndarray
    grad_fn: Callable[..., tuple]
    params: tuple[np.ndarray, np.ndarray]
    slot_records: list[tuple[str, np.ndarray]]


def _record_slots(opt: Optimizer, records: list[tuple[str, np.ndarray]], row: int) -> None:
    """Copy the state of ``opt``'s two slots (w, b) into row ``row`` of its records."""
    s0, s1 = opt.state
    for nm, r in records:
        a0 = s0.get(nm)
        if a0 is not None:
            r[row, 0] = a0
            r[row, 1] = s1[nm]
        else:  # not created (yet) by this rule
            r[row] = np.nan


class _Engine:
    """M optimizers × K start points advanced together: :meth:`run` takes the steps.

    Parameters
    ----------
    surface : Surface
    runs : list of (str, Optimizer)
        The registry key and a fresh optimizer of each run.
    starts : ndarray, shape (K, 2)
    steps : int
    seed, batch_size, bound
        As checked by :func:`_prepare`.
    """

    def __init__(
        self,
        surface: Surface,
        runs: list[tuple[str, Optimizer]],
        starts: np.ndarray,
        steps: int,
        *,
        seed: int | None,
        batch_size: int | None,
        bound: float,
    ) -> None:
        m_count, k_count = len(runs), len(starts)
        n_all = m_count * k_count
        self.steps, self.starts, self.seed, self.batch_size = steps, starts, seed, batch_size
        self.m_count, self.k_count = m_count, k_count
        self.records = _Records.allocate(steps, n_all, batch_size is not None)
        self.stops = _Stops(self.records.params, steps)
        self.box = _Box.around(surface, bound)
        self.batches = (
            None if batch_size is None else _Batches(len(surface.samples), batch_size, seed)
        )
        # The step's minibatch, in a box the runs' grad_fn read: a closure over the engine
        # itself would be a reference cycle, and the records (often 100 MB) would wait for
        # the garbage collector instead of going with the last trajectory.
        self.batch_box: list[np.ndarray | None] = [None]
        self.loss_grad = surface._loss_grad  # validated arrays of one shape: skip the checks
        self.loss_only = surface._loss  # stochastic mode: the full-data loss at each point
        self.grad_only = surface._grad  # SAM's look-ahead needs no loss

        # The parameters live in one (2, N) buffer updated in place (w += dw, as a layer
        # does), so each optimizer's slice of w and b is a fixed view.
        self.wb = np.empty((2, n_all))
        self.wb[0] = np.tile(starts[:, 0], m_count)
        self.wb[1] = np.tile(starts[:, 1], m_count)
        self.w, self.b = self.wb[0], self.wb[1]
        self.stops.frozen[...] = self.wb

        # Several optimizers: live buffers with a fixed view per optimizer, which each step
        # fills once (gradients, losses), instead of slicing per optimizer and step; their
        # moves are collected in a list and written to the record row in one call.  One
        # optimizer alone gets the surface's arrays and its moves go straight into the
        # record rows.  The optimizers copy what they keep (their inputs are only read
        # during the call: the contract).
        self.alone = m_count == 1
        self.grad_in = np.empty((2, n_all))  # gradients handed to the optimizers
        self.loss_in = np.empty(n_all)  # losses handed to the optimizers
        self.moves: list[Any] = [None] * (2 * m_count)  # [dw of each run..., db of each...]
        self.zeros = np.zeros(k_count)  # the moves of an optimizer that failed
        self.runs = [self._prepare_run(m, key, opt) for m, (key, opt) in enumerate(runs)]
        # the update calls of a step, rebuilt after step 1 and after a failure (several
        # optimizers; one alone gets new arrays each step)
        self._calls: list[_Call] = []
        self._relist = True
        # the fused state records (buffer, stacked arrays), from step 1 on
        self.fused: tuple[np.ndarray, list[np.ndarray]] | None = None

    def _prepare_run(self, m: int, key: str, opt: Optimizer) -> _Run:
        """Optimizer ``m``'s _Run: its columns, argument views and state records."""
        k = self.k_count
        cols = slice(m * k, (m + 1) * k)
        ws, bs = self.w[cols], self.b[cols]
        state = {nm: np.empty((self.steps, 2, k)) for nm in opt.state_names}
        return _Run(
            key=key,
            opt=opt,
            index=m,
            cols=cols,
            gw=self.grad_in[0, cols],
            gb=self.grad_in[1, cols],
            f=self.loss_in[cols],
            params=(ws, bs),
            grad_fn=self._grad_fn(ws, bs),
            state=state,
            slot_records=list(state.items()),
        )

    def _grad_fn(self, ws: np.ndarray, bs: np.ndarray) -> Callable[..., tuple]:
        """The gradient at (ws + ow, bs + ob) on the step's minibatch (SAM's grad_fn)."""
        grad_only, batch_box = self.grad_only, self.batch_box

        def grad_fn(ow: Any, ob: Any) -> tuple[np.ndarray, np.ndarray]:
            pw, pb = ws + ow, bs + ob
            if pw.shape != pb.shape:  # (broadcast_arrays costs more than the sums)
                pw, pb = np.broadcast_arrays(pw, pb)
            bt = batch_box[0]
            return grad_only(pw, pb) if bt is None else grad_only(pw, pb, bt)

        return grad_fn

    # -- the steps, in the order run() takes them ------------------------------------------

    def run(self, progress: Callable[[int, int], object] | None) -> list[Trajectory]:
        """All the steps; the trajectories (optimizer-major).

        ``progress(done, steps)`` is called every :data:`PROGRESS_EVERY` steps and at the
        end (one integer comparison per step otherwise); an exception it raises stops the
        run and propagates.
        """
        steps = self.steps
        # the steps as locals: the loop looks each up `steps` times otherwise
        gradient, step_all, advance, check = self.gradient, self.step_all, self.advance, self.check
        with np.errstate(all="ignore"):
            loss, gw, gb = self.check_start()
            report = PROGRESS_EVERY + 1 if progress is not None else steps + 1
            for t in range(1, steps + 1):
                if t == report:
                    report += PROGRESS_EVERY
                    progress(t - 1, steps)
                f, gw, gb = gradient(t, loss, gw, gb)
                step_all(t, f, gw, gb)
                loss, gw, gb = advance(t)
                check(t, loss, gw, gb)
        if progress is not None:
            progress(steps, steps)
        return self.trajectories()

    def check_start(self) -> tuple[np.ndarray, Any, Any]:
        """Record the start points and their loss; stop those with a non-finite loss or
        outside the box (step 0).  Returns the loss and gradient there (the gradient None
        in stochastic mode: each step draws its own)."""
        w, b = self.w, self.b
        if self.batches is not None:
            loss, gw, gb = self.loss_only(w, b), None, None
        else:
            loss, gw, gb = self.loss_grad(w, b)
        rec, stops, box = self.records, self.stops, self.box
        rec.params[0, 0], rec.params[0, 1], rec.loss[0] = w, b, loss
        bad = ~np.isfinite(loss)
        if bad.any():
            stops.stop(bad, 0, lambda i: "the loss at the start is not finite")
        outside = box.outside(w, b)
        if outside.any():
            stops.stop(
                outside,
                0,
                lambda i: (
                    f"start is outside the bounds: (w, b) = ({w[i]:.4g}, {b[i]:.4g}) is more "
                    f"than {box.bound:g} domain spans outside the domain"
                ),
            )
        return loss, gw, gb

    def gradient(self, t: int, loss: np.ndarray, gw: Any, gb: Any) -> tuple[Any, Any, Any]:
        """The loss and gradient step ``t`` uses, recorded and checked: (f, gw, gb).

        Full batch: those at the current points (``loss``, ``gw``, ``gb``); stochastic
        mode: a fresh minibatch's.  Stopped trajectories get a zero gradient; a
        non-finite one stops its trajectory at ``t``.
        """
        w, b, stops = self.w, self.b, self.stops
        if self.batches is not None:
            batch = self.batch_box[0] = self.batches.next()
            f, gw, gb = self.loss_grad(w, b, batch)
            self.records.batch_loss[t - 1] = f
        else:
            f = loss
        if stops.any:
            gw[stops.dead] = 0.0
            gb[stops.dead] = 0.0
        Gt = self.records.grads[t - 1]
        Gt[0], Gt[1] = gw, gb
        if not math.isfinite(float(np.add.reduce(Gt, axis=None))):
            stops.stop(
                ~(np.isfinite(gw) & np.isfinite(gb)),
                t,
                lambda i: f"the gradient at (w, b) = ({w[i]:.4g}, {b[i]:.4g}) is not finite",
            )
            gw[stops.dead] = 0.0
            gb[stops.dead] = 0.0
            Gt[0], Gt[1] = gw, gb
        return f, gw, gb

    def step_all(self, t: int, f: np.ndarray, gw: np.ndarray, gb: np.ndarray) -> None:
        """Step ``t`` of every optimizer still running: moves and state recorded.

        An optimizer that raises ArithmeticError or ValueError (e.g. a scalar overflow in
        its schedule) stops its own trajectories at ``t``, like a divergence; the others
        go on.
        """
        moves, m_count, row = self.moves, self.m_count, t - 1
        calls = self._step_calls(t, f, gw, gb)
        for m, opt, gwv, gbv, fv, grad_fn, params, slot_records in calls:
            try:
                # keywords spelled out: a call with **kw copies the dict every time
                # (21 rules × 1000 steps: ~3 % of a race)
                moves[m], moves[m_count + m] = opt.update(
                    gwv, gbv, t=t, f=fv, grad_fn=grad_fn, params=params, batch_ndim=1
                )
            except (ArithmeticError, ValueError) as e:
                self._fail(m, t, e)
                continue
            if slot_records:
                _record_slots(opt, slot_records, row)
        self.record_moves(row)
        if t == 1:
            self.fuse_state_records()
        if self.fused is not None:
            # fused optimizers keep one (2, K) state array per name, updated in place: all
            # of them go into one record row per step, in one call
            np.concatenate(self.fused[1], out=self.fused[0][row])

    def _step_calls(
        self, t: int, f: np.ndarray, gw: np.ndarray, gb: np.ndarray
    ) -> list[tuple[Any, ...]]:
        """Step ``t``'s update calls (the fields of a _Call), one per optimizer still
        running, with its inputs."""
        if self.alone:
            # the surface's fresh arrays (not the record rows: a rule may scribble on its
            # inputs without touching the record)
            run = self.runs[0]
            if run.failed:
                return []
            # a plain tuple of _Call's fields: built each step, without NamedTuple's __new__
            return [(0, run.opt, gw, gb, f, run.grad_fn, run.params, run.slot_records)]
        self.grad_in[...] = self.records.grads[t - 1]
        self.loss_in[...] = f
        if self._relist:
            self._calls = [
                _Call(r.index, r.opt, r.gw, r.gb, r.f, r.grad_fn, r.params, r.slot_records)
                for r in self.runs
                if not r.failed
            ]
            self._relist = False
        return self._calls

    def _fail(self, m: int, t: int, error: Exception) -> None:
        """Optimizer ``m`` raised at step ``t``: stop its trajectories there, for good."""
        run = self.runs[m]
        mask = np.zeros(len(self.stops.dead), dtype=bool)
        mask[run.cols] = True
        self.stops.stop(mask, t, lambda i: f"the optimizer failed: {error}")
        run.failed = True
        self.moves[m] = self.moves[self.m_count + m] = self.zeros  # its points stay frozen
        self._relist = True

    def record_moves(self, row: int) -> None:
        """Every optimizer's moves into row ``row`` of the moves record."""
        Dt, moves = self.records.moves[row], self.moves
        if self.alone:
            Dt[0] = moves[0]
            Dt[1] = moves[1]
            return
        # one numpy call instead of two copies per optimizer (a race of 21 pays per call)
        try:
            np.concatenate(moves, out=Dt.reshape(-1))
        except ValueError:  # a rule broke the contract's shapes: broadcast as before
            m_count = self.m_count
            for run in self.runs:
                Dt[0, run.cols] = moves[run.index]
                Dt[1, run.cols] = moves[m_count + run.index]

    def fuse_state_records(self) -> None:
        """After step 1: one record buffer for the state arrays of every fused optimizer.

        A fused optimizer keeps one (2, K) array per state name, updated in place (see
        :meth:`Optimizer.stacked_state`).  Their records become views of one
        (steps, 2·R, K) buffer, so that each step copies all R arrays with one
        ``np.concatenate(arrays, out=buffer[t − 1])``; those optimizers no longer record
        slot by slot.
        """
        k = self.k_count
        fused: list[tuple[_Run, list[np.ndarray]]] = []
        for run in self.runs:
            if run.failed or not run.slot_records:
                continue
            arrays = [run.opt.stacked_state(nm) for nm, _ in run.slot_records]
            if all(a is not None and a.shape == (2, k) for a in arrays):
                fused.append((run, arrays))
        if not fused:
            return
        every = [a for _, arrays in fused for a in arrays]
        buf = np.empty((self.steps, 2 * len(every), k))
        j = 0
        for run, _ in fused:
            for nm, _ in run.slot_records:
                run.state[nm] = buf[:, 2 * j : 2 * j + 2]  # (steps, 2, K), the others' layout
                j += 1
            run.slot_records = []
        self.fused = (buf, every)
        self._relist = True

    def advance(self, t: int) -> tuple[np.ndarray, Any, Any]:
        """The points after step ``t`` (p_t = p_{t−1} + move; stopped ones stay), recorded
        with their loss.  Returns the loss and gradient there (the gradient None in
        stochastic mode); stopped trajectories' loss reads 0 (kept out of the checks)."""
        rec, stops = self.records, self.stops
        # both axes in one operation, then into the live buffer
        Pt = rec.params[t]
        np.add(rec.params[t - 1], rec.moves[t - 1], out=Pt)
        if stops.any:
            np.copyto(Pt, stops.frozen, where=stops.dead)
        np.copyto(self.wb, Pt)
        if self.batches is not None:
            loss, gw, gb = self.loss_only(self.w, self.b), None, None
        else:
            loss, gw, gb = self.loss_grad(self.w, self.b)
        rec.loss[t] = loss
        if stops.any:
            loss[stops.dead] = 0.0
        return loss, gw, gb

    def check(self, t: int, loss: np.ndarray, gw: Any, gb: Any) -> None:
        """Stop the trajectories that went wrong at step ``t``.

        The fast path: the extremes of w and b and the loss' sum say whether anything is
        wrong at all (nan makes every comparison false; inf makes the sum non-finite).
        """
        Pt = self.records.params[t]
        wmin, bmin = np.minimum.reduce(Pt, axis=1).tolist()
        wmax, bmax = np.maximum.reduce(Pt, axis=1).tolist()
        if math.isfinite(float(np.add.reduce(loss)) + wmin + wmax + bmin + bmax) and self.box.holds(
            wmin, wmax, bmin, bmax
        ):
            return
        self._stop_diverged(t, loss, gw, gb)

    def _stop_diverged(self, t: int, loss: np.ndarray, gw: Any, gb: Any) -> None:
        """Find what went wrong at step ``t`` and stop those trajectories, first reason
        first: a non-finite move, non-finite parameters, the box left, a non-finite loss."""
        w, b, stops, box = self.w, self.b, self.stops, self.box
        Dt = self.records.moves[t - 1]
        stops.stop(
            ~(np.isfinite(Dt[0]) & np.isfinite(Dt[1])),
            t,
            lambda i: "the optimizer's move is not finite",
        )
        stops.stop(~(np.isfinite(w) & np.isfinite(b)), t, lambda i: "the parameters are not finite")
        stops.stop(
            box.outside(w, b),
            t,
            lambda i: (
                f"left the bounds: (w, b) = ({w[i]:.4g}, {b[i]:.4g}) is more than "
                f"{box.bound:g} domain spans outside the domain"
            ),
        )
        stops.stop(~np.isfinite(loss), t, lambda i: "the loss is not finite")
        if stops.any:
            # stopped points stay at their last good position from now on
            np.copyto(self.wb, stops.frozen, where=stops.dead)
            loss[stops.dead] = 0.0
            if gw is not None:
                gw[stops.dead] = 0.0
                gb[stops.dead] = 0.0

    def trajectories(self) -> list[Trajectory]:
        """The records cut into one Trajectory per optimizer and start point, each up to
        its last good step (optimizer-major)."""
        rec, stops, steps, k_count = self.records, self.stops, self.steps, self.k_count
        # Per-trajectory views, trajectory axis first: one cheap row lookup per array (a
        # thousand start points build a thousand trajectories).
        Pk, Gk, Dk = (np.moveaxis(a, -1, 0) for a in (rec.params, rec.grads, rec.moves))
        Lk = rec.loss.T
        FBk = None if rec.batch_loss is None else rec.batch_loss.T
        starts_list = [(float(a), float(b)) for a, b in self.starts.tolist()]
        goods = stops.n_good.tolist()
        out = []
        for run in self.runs:
            opt = run.opt
            label = _label(opt)
            # start k of a rule that seeds each model (SantaE, SantaSSS) drew its noise from
            # seed + k: its hyperparameters say so, and reproduce it alone
            seed0 = opt.hyper.get("seed") if opt.seed_per_model else None
            Sk = [(nm, np.moveaxis(a, -1, 0)) for nm, a in run.state.items()]
            for k in range(k_count):
                i = run.index * k_count + k
                n = goods[i]
                whole = n == steps  # no slicing needed
                grads, moves = (Gk[i], Dk[i]) if whole else (Gk[i, :n], Dk[i, :n])
                state = TrajectoryState(
                    {nm: a[k] if whole else a[k, :n] for nm, a in Sk}, moves, grads
                )
                hyper = dict(opt.hyper) if seed0 is None else {**opt.hyper, "seed": seed0 + k}
                out.append(
                    Trajectory(
                        label=label,
                        optimizer=run.key,
                        hyper=hyper,
                        params=Pk[i] if whole else Pk[i, : n + 1],
                        loss=Lk[i] if whole else Lk[i, : n + 1],
                        grads=grads,
                        moves=moves,
                        state=state,
                        diverged_at=stops.diverged_at[i],
                        reason=stops.reasons[i],
                        steps=steps,
                        start=starts_list[k],
                        batch_loss=None if FBk is None else FBk[i, :n],
                        batch_size=self.batch_size,
                        seed=self.seed,
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
    engine = _Engine(surface, runs, starts, steps, seed=seed, batch_size=batch_size, bound=bound)
    return engine.run(progress), single


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


def _read_umask() -> int:
    # os.umask can only be read by setting it; do it once, at import, not while threads write.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def atomic_write(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and os.replace."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would:
        # the replaced file's, or 0666 less the umask.
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
