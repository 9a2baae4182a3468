"""Plain and momentum gradient descent: SGD, MSGD, NAG.

MSGD and NAG follow ``torch.optim.SGD`` (with ``momentum``, and ``nesterov=True``) exactly:
the momentum buffer is the gradient itself at the first step and the learning rate
multiplies the buffer, not the gradient.  The seed series' variants, Δ_t = μ Δ_{t−1} −
(1 − μ) η g with its state started at 1e-8 (and, for NAG, the gradient taken at the
look-ahead point), are available as ``form="series"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from core._registry import Param
from core.optimizers._base import Optimizer, eta_param, register

#: the series starts every state variable at 1e-8 instead of 0
SERIES_INIT = 1e-8

MU = Param("mu", 0.9, "momentum factor μ", 0.0, 1.0, high_open=True)
FORM = Param(
    "form",
    "torch",
    "'torch': torch.optim.SGD's update; 'series': the seed series' Δ = μΔ − (1−μ)ηg",
    kind=str,
    choices=("torch", "series"),
)


@register
class SGD(Optimizer):
    """Stochastic gradient descent (the seed's rule).

    Equations::

        Δ_t = −η g_t

    Reference: Robbins & Monro, "A Stochastic Approximation Method", 1951.
    """

    display_name = "SGD"
    fusable = True
    params = (eta_param(1e-2),)
    equations = "Δ = −η·g"
    paper = 'H. Robbins, S. Monro, "A Stochastic Approximation Method", Ann. Math. Stat. 1951'
    _const = (("_neg_eta", lambda o: -o.eta),)

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        return g * self._neg_eta


@register
class MSGD(Optimizer):
    """Gradient descent with (heavy-ball) momentum, as ``torch.optim.SGD(momentum=μ)``.

    Equations (``form="torch"``, the default; b₁ = g₁ at the first step)::

        b_t = μ b_{t−1} + (1 − τ) g_t
        Δ_t = −η b_t

    With ``form="series"`` (the seed series' exponential-average form, state started
    at 1e-8; ``dampening`` is ignored)::

        Δ_t = μ Δ_{t−1} − (1 − μ) η g_t

    Reference: B. T. Polyak, "Some methods of speeding up the convergence of iteration
    methods", USSR Comput. Math. Math. Phys. 4(5), 1964; update as documented for
    ``torch.optim.SGD``.
    """

    display_name = "Momentum SGD"
    lookup_aliases = ("momentum",)
    params = (
        eta_param(1e-2),
        MU,
        Param("dampening", 0.0, "dampening τ of the gradient in the buffer", 0.0, 1.0),
        FORM,
    )
    equations = "b = μ·b + (1 − τ)·g   (b = g at the first step)\nΔ = −η·b"
    paper = (
        'B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", '
        "USSR Comput. Math. Math. Phys. 1964"
    )
    state_names = ("buf",)
    fusable = True
    _const = (
        ("_mu", lambda o: o.mu),
        ("_neg_eta", lambda o: -o.eta),
        ("_keep", lambda o: 1.0 - o.dampening),
        ("_series_rate", lambda o: (1.0 - o.mu) * o.eta),
    )

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        init = SERIES_INIT if self.form == "series" else 0.0
        return {"buf": np.full_like(g, init)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        buf = s["buf"]
        if self.form == "series":
            # buf holds the previous move Δ_{t−1}
            buf *= self._mu
            buf -= g * self._series_rate
            return buf.copy()
        if self.updates == 1:
            buf[...] = g  # torch: the buffer is a copy of the first gradient
        else:
            buf *= self._mu
            buf += g if self.dampening == 0.0 else g * self._keep
        return buf * self._neg_eta


@register
class NAG(Optimizer):
    """Nesterov's accelerated gradient, as ``torch.optim.SGD(momentum=μ, nesterov=True)``.

    Equations (``form="torch"``, the default; b₁ = g₁ at the first step)::

        b_t = μ b_{t−1} + g_t
        Δ_t = −η (g_t + μ b_t)

    With ``form="series"`` the gradient is taken at the look-ahead point, which needs
    ``grad_fn`` in ``update`` (state started at 1e-8, as in the series)::

        Δ_t = μ Δ_{t−1} − (1 − μ) η ∇L(w + μ Δ_{t−1})

    Reference: Y. Nesterov, "A method for solving the convex programming problem with
    convergence rate O(1/k²)", Soviet Math. Dokl. 27, 1983; I. Sutskever et al., "On the
    importance of initialization and momentum in deep learning", ICML 2013; update as
    documented for ``torch.optim.SGD(nesterov=True)``.
    """

    display_name = "NAG (Nesterov)"
    lookup_aliases = ("nesterov",)
    # torch refuses Nesterov without momentum (μ > 0)
    params = (eta_param(1e-2), replace(MU, low_open=True), FORM)
    equations = "b = μ·b + g   (b = g at the first step)\nΔ = −η·(g + μ·b)"
    paper = (
        'Y. Nesterov, "A method for solving the convex programming problem with convergence '
        'rate O(1/k²)", Soviet Math. Dokl. 1983; Sutskever et al., ICML 2013'
    )
    state_names = ("buf",)

    _const = (("_mu", lambda o: o.mu), ("_neg_eta", lambda o: -o.eta))

    def check(self) -> None:
        # the look-ahead (series) form evaluates grad_fn with one offset per slot
        self.fusable = self.form == "torch"
        self.needs_grad_fn = self.form == "series"

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        init = SERIES_INIT if self.form == "series" else 0.0
        return {"buf": np.full_like(g, init)}

    def _step(
        self,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        assert self._slots is not None
        if self.form == "torch":
            return tuple([self._torch_slot(g, s) for g, s in zip(grads, self._slots, strict=True)])
        if grad_fn is None:
            raise ValueError(
                "NAG with form='series' needs grad_fn= in update() to evaluate the "
                "gradient at the look-ahead point w + μΔ"
            )
        bufs = [s["buf"] for s in self.state]
        ahead = grad_fn(*(self.mu * b for b in bufs))
        if len(ahead) != len(bufs):
            raise ValueError(f"grad_fn returned {len(ahead)} gradients, expected {len(bufs)}")
        moves = []
        for buf, ga in zip(bufs, ahead, strict=True):
            buf *= self.mu
            buf -= (1.0 - self.mu) * self.eta * np.asarray(ga, dtype=buf.dtype)
            moves.append(buf.copy())
        return tuple(moves)

    def _torch_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        buf = s["buf"]
        if self.updates == 1:
            buf[...] = g
        else:
            buf *= self._mu
            buf += g
        d = buf * self._mu
        d += g
        d *= self._neg_eta
        return d
