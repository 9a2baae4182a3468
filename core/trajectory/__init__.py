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

The package's modules: ``_result`` (:class:`Trajectory`, :class:`TrajectoryState`,
:func:`effective_step`), ``_engine`` (the loop over the steps), ``_stability``
(:func:`stability`) and ``_export`` (CSV and JSON); the entry points and their argument
checks are here.  Import every name from ``core.trajectory``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gradscape.core._text import show
from gradscape.core.optimizers import OPTIMIZERS, Optimizer, get_opt
from gradscape.core.optimizers._point import point_rule
from gradscape.core.surfaces import Surface

# Not in __all__ but imported from here too (core.scene, app.export): MAX_RECORDS,
# PROGRESS_EVERY, csv_columns.
from gradscape.core.trajectory._engine import MAX_RECORDS, PROGRESS_EVERY, _Engine  # noqa: F401
from gradscape.core.trajectory._export import (  # noqa: F401
    atomic_write,
    csv_columns,
    to_csv,
    to_json,
    trajectory_dict,
)
from gradscape.core.trajectory._final import FinalState, run_final
from gradscape.core.trajectory._result import Trajectory, TrajectoryState, effective_step
from gradscape.core.trajectory._stability import stability

__all__ = [
    "FinalState",
    "Trajectory",
    "TrajectoryState",
    "atomic_write",
    "descend",
    "descend_final",
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

OptimizerSpec = str | tuple[str, dict[str, Any]] | Optimizer


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
            f"got {show(spec)}"
        )
    key = OPTIMIZERS.key(name)
    full = surface.demo_hyper(key)
    full.update(hyper)
    cls = OPTIMIZERS[key]
    if seed is not None and "seed" not in hyper and cls.takes_seed(full):
        full["seed"] = int(seed)
    return key, get_opt(key, **full)


def _check_start(start: Any) -> tuple[np.ndarray, bool]:
    """Start points as a (K, 2) float array, and whether a single (2,) point was given."""
    try:
        a = np.array(start, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"start must be (w, b) or a list of (w, b) points, got {show(start)}"
        ) from None
    single = a.ndim == 1
    if single:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != 2 or a.shape[0] < 1:
        raise ValueError(f"start must have shape (2,) or (K, 2), got {np.shape(start)}")
    if not np.isfinite(a).all():
        raise ValueError(f"start must be finite, got {show(start)}")
    return a, single


def _check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise ValueError(f"steps must be an integer in [0, 1000000], got {show(steps)}")
    if not 0 <= steps <= 1_000_000:
        raise ValueError(f"steps must be in [0, 1000000], got {show(steps)}")
    return int(steps)


def _check_bound(bound: Any) -> float:
    if bound is None:
        return DEFAULT_BOUND
    if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not bound > 0:
        raise ValueError(f"bound must be a number > 0 (inf allowed), got {show(bound)}")
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
        raise ValueError(f"batch_size must be an integer in [1, {n}], got {show(batch_size)}")
    if not 1 <= batch_size <= n:
        raise ValueError(
            f"batch_size must be in [1, {n}] (the number of samples), got {batch_size}"
        )
    return None if batch_size == n else int(batch_size)


# ---------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------


def _check_progress(progress: Any) -> None:
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be a callable progress(done, steps), got {show(progress)}")


def _prepare(surface, start, steps, seed, batch_size, bound):
    if not isinstance(surface, Surface):
        raise ValueError(
            f"surface must be a Surface (core.surfaces.get_surface), got {show(surface)}"
        )
    starts, single = _check_start(surface.start if start is None else start)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise ValueError(f"seed must be an integer or None, got {show(seed)}")
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


def descend_final(
    surface: Surface,
    optimizer: OptimizerSpec,
    start: Any,
    steps: int,
    *,
    seed: int | None = None,
    bound: float | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> FinalState:
    """:func:`descend` from K start points keeping only where each ends (no step records).

    The arguments are :func:`descend`'s (full batch only).  The result's final points,
    last moves and stop steps equal those of ``descend`` from the same starts, bit for
    bit; with no records kept, K is not limited by :data:`MAX_RECORDS` (a basin map's
    65 536 starts × 1000 steps need a few MB).

    Returns
    -------
    FinalState
        ``params`` (K, 2), ``loss`` (K,), ``last_move`` (K, 2), ``diverged_at`` (K,)
        (−1: ran every step).
    """
    starts, _, steps, _, bound = _prepare(surface, start, steps, seed, None, bound)
    _, opt = _build(surface, optimizer, seed)
    _check_progress(progress)
    return run_final(surface, opt, starts, steps, bound, progress)


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
        raise ValueError(f"optimizers must be a non-empty list, got {show(optimizers)}")
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
    # the point path leaves its optimizers untouched: only for optimizers built here (a
    # caller's own instance keeps its state after the race, as the array path leaves it)
    points = not any(isinstance(spec, Optimizer) for spec in optimizers)
    kw = {"seed": seed, "batch_size": batch_size, "bound": bound}
    # (a race with progress stays one: its steps done are every run's)
    if points and progress is None and len(starts) == 1 and batch_size is None:
        fast = [i for i, (_, opt) in enumerate(runs) if point_rule(opt) is not None]
        if 0 < len(fast) < len(runs) and steps * len(runs) <= MAX_RECORDS:
            return _race_split(surface, runs, fast, starts, steps, kw), single
    engine = _Engine(surface, runs, starts, steps, points=points, **kw)
    return engine.run(progress), single


def _race_split(surface, runs, fast, starts, steps, kw):
    """A full-batch race from one start whose rules are partly on the point path: those
    rules race on it, the others on the array path.  Each run's trajectory depends on its
    own points only (the surface's gradient is elementwise over points), so the two races
    give what one would, bit for bit."""
    slow = [i for i in range(len(runs)) if i not in fast]
    out: list[Any] = [None] * len(runs)
    for part, on_points in ((fast, True), (slow, False)):
        engine = _Engine(surface, [runs[i] for i in part], starts, steps, points=on_points, **kw)
        for i, tr in zip(part, engine.run(None), strict=True):
            out[i] = tr
    return out


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
        raise ValueError(f"name must be an optimizer name, got {show(name)}")
    key = OPTIMIZERS.key(name)
    if not any(p.name == "eta" for p in OPTIMIZERS[key].params):
        raise ValueError(f"{OPTIMIZERS[key].display_name} has no learning rate eta to sweep")
    try:
        eta_list = [float(e) for e in etas]
    except (TypeError, ValueError):
        raise ValueError(f"etas must be a list of numbers, got {show(etas)}") from None
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
