"""Plain and momentum gradient descent: SGD, MSGD, NAG."""

from __future__ import annotations

import numpy as np

from core.optimizers._base import Optimizer, eta_param, register


@register
class SGD(Optimizer):
    """Stochastic gradient descent (the seed's rule).

    Equations::

        Δ_t = −η g_t

    Reference: Robbins & Monro, "A Stochastic Approximation Method", 1951.
    """

    display_name = "SGD"
    params = (eta_param(1e-2),)
    equations = "Δ = −η·g"
    paper = 'H. Robbins, S. Monro, "A Stochastic Approximation Method", Ann. Math. Stat. 1951'

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        return -self.eta * g
