"""Quasi-hyperbolic momentum and Adam (Ma & Yarats 2019): QHM, QHAdam.

Both replace a momentum average by a weighted mean of the average and the plain gradient
("quasi-hyperbolic": an immediate discount ν on top of the exponential one β).  The rules are
elementwise and keep no per-slot Python state, so the fast path stacks their slots
(``fusable``); they have no kernel of their own, the readable ``step_slot`` is what runs.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from gradscape.core._registry import Param
from gradscape.core.optimizers._base import BETA2, EPS, Optimizer, eta_param, register

_QH_PAPER = (
    'J. Ma, D. Yarats, "Quasi-hyperbolic momentum and Adam for deep learning", '
    "ICLR 2019, arXiv:1810.06801"
)


def _nu(name: str, default: float, doc: str, label: str) -> Param:
    return Param(name, default, doc, 0.0, 1.0, label=label)


@register
class QHM(Optimizer):
    """Quasi-hyperbolic momentum (Ma & Yarats 2019).

    Equations (t counted from 1, b₀ = 0; the paper's g_t is the buffer b here)::

        b_t = β·b_{t−1} + (1 − β)·g_t
        Δ_t = −η·((1 − ν)·g_t + ν·b_t)

    ν = 0 is plain SGD; ν = 1 is momentum in its normalised (exponential average) form,
    Δ_t = β·Δ_{t−1} − (1 − β)·η·g_t, the series' form of Momentum SGD.  The paper's
    recommendation is ν = 0.7, β = 0.999 (with η about 1/(1 − β) times larger than plain
    momentum's normalised rate).

    Reference: J. Ma, D. Yarats, "Quasi-hyperbolic momentum and Adam for deep learning",
    ICLR 2019, arXiv:1810.06801.
    """

    display_name = "QHM"
    params: ClassVar[tuple[Param, ...]] = (
        eta_param(0.1),
        Param("beta", 0.999, "decay β of the momentum buffer", 0.0, 1.0, high_open=True),
        _nu("nu", 0.7, "immediate discount ν: weight of the buffer against the gradient", "ν"),
    )
    equations = "b = β·b + (1 − β)·g\nΔ = −η·((1 − ν)·g + ν·b)"
    paper = _QH_PAPER
    state_names: tuple[str, ...] = ("buf",)
    fusable = True
    eta: float
    beta: float
    nu: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"buf": np.zeros_like(g)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        buf = s["buf"]
        buf[...] = self.beta * buf + (1.0 - self.beta) * g
        return -self.eta * ((1.0 - self.nu) * g + self.nu * buf)


@register
class QHAdam(Optimizer):
    """Quasi-hyperbolic Adam (Ma & Yarats 2019).

    Equations (t counted from 1, m₀ = v₀ = 0)::

        m_t = β1·m_{t−1} + (1 − β1)·g_t,     m̂_t = m_t / (1 − β1^t)
        v_t = β2·v_{t−1} + (1 − β2)·g_t²,    v̂_t = v_t / (1 − β2^t)
        Δ_t = −η·((1 − ν1)·g_t + ν1·m̂_t) / (√((1 − ν2)·g_t² + ν2·v̂_t) + ε)

    ν1 = ν2 = 1 is Adam.  The defaults are the paper's recommendation (ν1 = 0.7, ν2 = 1,
    β1 = 0.995, β2 = 0.999).

    Reference: J. Ma, D. Yarats, "Quasi-hyperbolic momentum and Adam for deep learning",
    ICLR 2019, arXiv:1810.06801.
    """

    display_name = "QHAdam"
    aliases: ClassVar[dict[str, str]] = {"alpha": "eta"}
    params: ClassVar[tuple[Param, ...]] = (
        eta_param(1e-3),
        Param("beta1", 0.995, "decay of the first moment (mean of g)", 0.0, 1.0, high_open=True),
        BETA2,
        _nu("nu1", 0.7, "immediate discount ν1 of the first moment", "ν1"),
        _nu("nu2", 1.0, "immediate discount ν2 of the second moment", "ν2"),
        EPS,
    )
    equations = (
        "m ← β1·m + (1 − β1)·g,  m̂ = m / (1 − β1ᵗ)\n"
        "v ← β2·v + (1 − β2)·g²,  v̂ = v / (1 − β2ᵗ)\n"
        "Δ = −η·((1 − ν1)·g + ν1·m̂) / (√((1 − ν2)·g² + ν2·v̂) + ε)"
    )
    paper = _QH_PAPER
    state_names: tuple[str, ...] = ("m", "v")
    fusable = True
    eta: float
    beta1: float
    beta2: float
    nu1: float
    nu2: float
    eps: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"m": np.zeros_like(g), "v": np.zeros_like(g)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        m, v, t = s["m"], s["v"], self.t
        m[...] = self.beta1 * m + (1.0 - self.beta1) * g
        v[...] = self.beta2 * v + (1.0 - self.beta2) * (g * g)
        m_hat = m / (1.0 - self.beta1**t)
        v_hat = v / (1.0 - self.beta2**t)
        num = (1.0 - self.nu1) * g + self.nu1 * m_hat
        den = np.sqrt((1.0 - self.nu2) * (g * g) + self.nu2 * v_hat) + self.eps
        return -self.eta * num / den
