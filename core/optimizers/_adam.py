"""The Adam family: Adam, AdamW, AdaMax, Nadam, RAdam, AMSGrad, AdaBelief, Eve, AdaBound, AMSBound.

Where torch.optim has the method (Adam, AdamW, Adamax, NAdam, RAdam, Adam(amsgrad=True)) the
update follows torch.optim's documented algorithm to the letter: state starts at zero, ε is
added outside the square root, and the bias corrections are torch's.  The same η, β, ε give
the same trajectory as torch to round-off.  The other rules follow their papers; each
docstring says where that departs from the seed series and why.

Implementation notes.  Every rule is strictly elementwise, so one object advances a scalar, a
layer's matrices or K independent start points at once, bit for bit as K separate runs.  The
state arrays (``opt.state[i]``) are updated in place and one scratch array per slot is reused,
because these rules train whole networks and allocation dominates small-array arithmetic.
Scalar arithmetic (bias corrections, schedules) is done in Python floats; an array is never
promoted, so float32 gradients give float32 moves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from core.optimizers._base import BETA1, BETA2, EPS, Optimizer, eta_param, register

_ADAM_PAPER = (
    'D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, arXiv:1412.6980'
)


class _Moments(Optimizer):
    """Shared machinery: one reusable scratch array per slot and a per-step scalar hook.

    Subclasses implement :meth:`prepare` (scalar work once per step, Python floats) and
    :meth:`slot` (the elementwise update of one slot, returning a fresh move array).
    """

    aliases: ClassVar[dict[str, str]] = {"alpha": "eta"}

    def reset(self) -> None:
        super().reset()
        self._work: list[np.ndarray] = []

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {name: np.zeros_like(g) for name in self.state_names}

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        assert self.state is not None
        if len(self._work) != len(grads) or any(
            w.shape != g.shape or w.dtype != g.dtype for w, g in zip(self._work, grads, strict=True)
        ):
            self._work = [np.empty_like(g) for g in grads]
        self.prepare(grads, f=f, **kwds)
        return tuple(
            self.slot(i, g, s, w)
            for i, (g, s, w) in enumerate(zip(grads, self.state, self._work, strict=True))
        )

    def prepare(self, grads: tuple[np.ndarray, ...], *, f: Any = None, **kwds: Any) -> None:
        """Scalar work shared by all slots of one step (bias corrections, schedules)."""

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # -- building blocks, all in place --------------------------------------------------
    def _first_moment(self, g: np.ndarray, m: np.ndarray, w: np.ndarray) -> None:
        """m ← m + (1 − β1)(g − m), i.e. β1·m + (1 − β1)·g (torch's lerp form)."""
        np.subtract(g, m, out=w)
        w *= 1.0 - self.beta1
        m += w

    def _second_moment(self, g: np.ndarray, v: np.ndarray, w: np.ndarray) -> None:
        """v ← β2·v + (1 − β2)·g²."""
        np.multiply(g, g, out=w)
        w *= 1.0 - self.beta2
        v *= self.beta2
        v += w


def _new(like: np.ndarray) -> np.ndarray:
    # A fresh array for the move (the caller may keep it); 0-d stays an array.
    return np.empty_like(like)


@register
class Adam(_Moments):
    """Adam (Kingma & Ba 2015), exactly as torch.optim.Adam documents it.

    Equations (t counted from 1, m₀ = v₀ = 0)::

        m_t = β1·m_{t−1} + (1 − β1)·g_t
        v_t = β2·v_{t−1} + (1 − β2)·g_t²
        m̂_t = m_t / (1 − β1^t),   v̂_t = v_t / (1 − β2^t)
        Δ_t = −η·m̂_t / (√v̂_t + ε)

    The seed series initialises m and v at 1e-8 and puts ε inside the root
    (Δ = −α_t·m/√(v + ε)); here ε is outside, as in the paper and torch.

    Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization",
    ICLR 2015, arXiv:1412.6980.
    """

    display_name = "Adam"
    params = (eta_param(1e-3, "learning rate η (the series' α)"), BETA1, BETA2, EPS)
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)\n"
        "Δ = −η·m̂ / (√v̂ + ε)"
    )
    paper = _ADAM_PAPER
    state_names = ("m", "v")

    def prepare(self, grads: tuple[np.ndarray, ...], *, f: Any = None, **kwds: Any) -> None:
        t = self.t
        self._step_size = self.eta / (1.0 - self.beta1**t)
        self._bc2_sqrt = (1.0 - self.beta2**t) ** 0.5

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        self._first_moment(g, m, w)
        self._second_moment(g, v, w)
        return self._adam_move(m, v, w)

    def _adam_move(self, m: np.ndarray, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """−(η / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε), torch's order of operations."""
        np.sqrt(v, out=w)
        w /= self._bc2_sqrt
        w += self.eps
        move = np.divide(m, w, out=_new(m))
        move *= -self._step_size
        return move
