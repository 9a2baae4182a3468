"""The result of a run: :class:`Trajectory`, its state mapping and the effective step."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradscape.core.schedules import as_schedule, is_schedule


def effective_step(moves: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """move / gradient per element, nan where the gradient is 0 (a fresh array).

    The learning rate a step effectively used on each axis.  No warning for the zero
    gradients (they become nan) or for non-finite values.
    """
    with np.errstate(all="ignore"):
        e = np.divide(moves, grads)
    np.copyto(e, np.nan, where=grads == 0.0)
    return e


class TrajectoryState(MutableMapping[str, np.ndarray]):
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
        # None marks "effective_step" not computed yet (it keeps its place in the order);
        # every other value is an array (__setitem__ takes only arrays)
        self._data: dict[str, np.ndarray | None] = dict(arrays or {})
        self._lazy: tuple[np.ndarray, np.ndarray] | None = None
        if moves is not None and grads is not None and "effective_step" not in self._data:
            self._lazy = (moves, grads)
            self._data["effective_step"] = None

    def __getitem__(self, name: str) -> np.ndarray:
        v = self._data[name]
        if v is None:
            # the pending "effective_step": _lazy is set exactly while its value is None
            assert self._lazy is not None
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

    def __iter__(self) -> Iterator[str]:
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

    def schedule_values(self) -> dict[str, np.ndarray]:
        """The value each scheduled hyperparameter took at each step: name -> (n,) array
        whose entry k − 1 is the value step k used (the schedule at t = k, as the
        optimizer evaluates it).  Empty when every hyperparameter is a number."""
        out = {}
        for name, value in self.hyper.items():
            if isinstance(value, (int, float, str, bool)) or not is_schedule(value):
                continue
            schedule = as_schedule(value)
            out[name] = np.array([float(schedule(t)) for t in range(1, self.n + 1)])
        return out

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
