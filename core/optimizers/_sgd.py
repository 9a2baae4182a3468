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

from gradscape.core._registry import Param
from gradscape.core.optimizers import _fast, _kernels
from gradscape.core.optimizers._base import Optimizer, eta_param, register

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
    eta: float

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        return -self.eta * g


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
    eta: float
    mu: float
    dampening: float
    form: str

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        init = SERIES_INIT if self.form == "series" else 0.0
        return {"buf": np.full_like(g, init)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        mu, buf = self.mu, s["buf"]
        if self.form == "series":
            # buf holds the previous move Δ_{t−1}
            buf[...] = mu * buf - (1 - mu) * self.eta * g
            return buf.copy()
        if self.updates == 1:
            buf[...] = g  # torch: the buffer is a copy of the first gradient
        else:
            buf[...] = mu * buf + (1 - self.dampening) * g
        return -self.eta * buf


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
    eta: float
    mu: float
    form: str

    def check(self) -> None:
        # the look-ahead (series) form evaluates grad_fn with one offset per slot
        self.fusable = self.form == "torch"
        self.needs_grad_fn = self.form == "series"

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        init = SERIES_INIT if self.form == "series" else 0.0
        return {"buf": np.full_like(g, init)}

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        if self.form == "torch":
            return super().step(grads, f=f, grad_fn=grad_fn, **kwds)  # slot by slot
        if grad_fn is None:
            raise ValueError(
                "NAG with form='series' needs grad_fn= in update() to evaluate the "
                "gradient at the look-ahead point w + μΔ"
            )
        mu, state = self.mu, self.state
        assert state is not None
        bufs = [s["buf"] for s in state]  # the previous moves Δ_{t−1}
        ahead = grad_fn(*(mu * b for b in bufs))
        if len(ahead) != len(bufs):
            raise ValueError(f"grad_fn returned {len(ahead)} gradients, expected {len(bufs)}")
        for buf, ga in zip(bufs, ahead, strict=True):
            buf[...] = mu * buf - (1 - mu) * self.eta * np.asarray(ga, dtype=buf.dtype)
        return tuple([buf.copy() for buf in bufs])

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        """torch's form."""
        mu, buf = self.mu, s["buf"]
        if self.updates == 1:
            buf[...] = g  # torch: the buffer is a copy of the first gradient
        else:
            buf[...] = mu * buf + g
        return -self.eta * (g + mu * buf)


# -- the fast path of each rule (see _fast) ---------------------------------------------------
_fast.KERNELS.update(
    {SGD: _kernels.SGDFast, MSGD: _kernels.MSGDFast, NAG: _kernels.NAGFast},
)
