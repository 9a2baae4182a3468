"""Per-coordinate adaptive step sizes: AdaGrad, RMSprop, AdaDelta, RMSpropGraves, SMORMS3.

AdaGrad, RMSprop and AdaDelta follow ``torch.optim``'s documented algorithms exactly
(zero-initialised state, ε where torch puts it), so the same hyperparameters give
torch's trajectory to round-off.  RMSpropGraves and SMORMS3 have no torch counterpart;
they follow their papers, and each docstring says where that differs from the series.

Each class writes its docstring's equations out (the readable reference); every operation
is elementwise, so slots of one shape and dtype may run stacked (``fusable``).  ``update()``
runs the in-place kernels of :mod:`._kernels` instead, which the tests check against these.
"""

from __future__ import annotations

import numpy as np

from gradscape.core._registry import Param
from gradscape.core.optimizers import _fast, _kernels
from gradscape.core.optimizers._base import Optimizer, eta_param, register

RHO_DOC = "decay ρ of the running average of g²"


def _rho(default: float, doc: str = RHO_DOC) -> Param:
    return Param("rho", default, doc, 0.0, 1.0, high_open=True)


def _eps(
    default: float, doc: str = "added to the denominator for stability", *, positive: bool = False
) -> Param:
    return Param("eps", default, doc, 0.0, None, low_open=positive, log=True)


@register
class AdaGrad(Optimizer):
    """AdaGrad, as ``torch.optim.Adagrad``.

    Equations (h₀ = initial_accumulator_value)::

        η_t = η / (1 + (t − 1) λ_d)
        h_t = h_{t−1} + g_t²
        Δ_t = −η_t g_t / (√h_t + ε)

    The series uses Δ = −η g/√h with h₀ = 1e-8 and no ε or decay; torch's form is used.

    Reference: J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online
    Learning and Stochastic Optimization", JMLR 12, 2011.
    """

    display_name = "AdaGrad"
    fusable = True
    params = (
        eta_param(1e-3),
        Param("lr_decay", 0.0, "learning-rate decay λ_d: η_t = η/(1 + (t−1)λ_d)", 0.0, None),
        _eps(1e-10),
        Param("initial_accumulator_value", 0.0, "starting value h₀ of Σg²", 0.0, None),
    )
    equations = "η_t = η / (1 + (t − 1)·λ_d)\nh = h + g²\nΔ = −η_t·g / (√h + ε)"
    paper = (
        'J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning '
        'and Stochastic Optimization", JMLR 2011'
    )
    state_names = ("h",)

    eta: float
    lr_decay: float
    eps: float
    initial_accumulator_value: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"h": np.full_like(g, self.initial_accumulator_value)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        h = s["h"]
        h[...] = h + g**2
        eta_t = self.eta / (1 + (self.t - 1) * self.lr_decay)
        return -eta_t * g / (np.sqrt(h) + self.eps)


@register
class RMSprop(Optimizer):
    """RMSprop, as ``torch.optim.RMSprop`` (ρ is torch's ``alpha``).

    Equations (v₀ = m₀ = b₀ = 0)::

        v_t = ρ v_{t−1} + (1 − ρ) g_t²
        m_t = ρ m_{t−1} + (1 − ρ) g_t            (centered only)
        ṽ_t = v_t − m_t²   if centered, else v_t
        b_t = μ b_{t−1} + g_t / (√ṽ_t + ε)      (μ > 0 only)
        Δ_t = −η b_t   if μ > 0, else −η g_t / (√ṽ_t + ε)

    The series puts ε inside the root (Δ = −η g/√(v + ε)) and starts v at 1e-8; torch's
    placement is used here.  Centred: v − m² (≥ 0 in exact arithmetic) is clamped at 0
    against round-off.

    Reference: G. Hinton, N. Srivastava, K. Swersky, "Neural Networks for Machine
    Learning", lecture 6e, 2012; centred form: A. Graves, "Generating Sequences With
    Recurrent Neural Networks", arXiv:1308.0850, 2013.
    """

    display_name = "RMSprop"
    fusable = True
    params = (
        eta_param(1e-2),
        _rho(0.99, "decay ρ of the running average of g² (torch's alpha)"),
        _eps(1e-8),
        Param(
            "centered", False, "divide by the running variance instead of the mean g²", kind=bool
        ),
        Param("mu", 0.0, "momentum factor μ (0 = none)", 0.0, 1.0, high_open=True),
    )
    equations = (
        "v = ρ·v + (1 − ρ)·g²\n"
        "m = ρ·m + (1 − ρ)·g;  ṽ = v − m²   (centered; else ṽ = v)\n"
        "b = μ·b + g / (√ṽ + ε);  Δ = −η·b   (μ > 0)\n"
        "Δ = −η·g / (√ṽ + ε)   (μ = 0)"
    )
    paper = (
        'G. Hinton, "Neural Networks for Machine Learning", lecture 6e, 2012; centred: '
        'A. Graves, "Generating Sequences With Recurrent Neural Networks", arXiv:1308.0850'
    )
    state_names = ("v",)
    eta: float
    rho: float
    eps: float
    centered: bool
    mu: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        s = {"v": np.zeros_like(g)}
        if self.centered:
            s["m"] = np.zeros_like(g)
        if self.mu > 0.0:
            s["buf"] = np.zeros_like(g)
        return s

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        rho, v = self.rho, s["v"]
        v[...] = rho * v + (1 - rho) * g**2
        if self.centered:
            m = s["m"]
            m[...] = rho * m + (1 - rho) * g
            # v − m² ≥ 0 in exact arithmetic; clamp so round-off cannot give a NaN
            v_tilde = np.maximum(v - m**2, 0.0)
        else:
            v_tilde = v
        denom = np.sqrt(v_tilde) + self.eps
        if self.mu > 0.0:
            b = s["buf"]
            b[...] = self.mu * b + g / denom
            return -self.eta * b
        return -self.eta * g / denom


@register
class AdaDelta(Optimizer):
    """AdaDelta, as ``torch.optim.Adadelta`` (η is torch's ``lr``, 1.0 = Zeiler's rule).

    Equations (v₀ = u₀ = 0)::

        v_t = ρ v_{t−1} + (1 − ρ) g_t²
        δ_t = √(u_{t−1} + ε) / √(v_t + ε) · g_t
        u_t = ρ u_{t−1} + (1 − ρ) δ_t²
        Δ_t = −η δ_t

    The series has no η (η = 1) and starts v and u at 1e-8.

    Reference: M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method",
    arXiv:1212.5701, 2012.
    """

    display_name = "AdaDelta"
    fusable = True
    params = (
        eta_param(1.0, "scale η of the move (Zeiler's rule: 1)"),
        _rho(0.95),
        _eps(1e-6, "added inside both roots", positive=True),
    )
    equations = "v = ρ·v + (1 − ρ)·g²\nδ = √(u + ε) / √(v + ε) · g\nu = ρ·u + (1 − ρ)·δ²\nΔ = −η·δ"
    paper = 'M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012'
    state_names = ("v", "u")
    eta: float
    rho: float
    eps: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"v": np.zeros_like(g), "u": np.zeros_like(g)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        rho, eps, v, u = self.rho, self.eps, s["v"], s["u"]
        v[...] = rho * v + (1 - rho) * g**2
        delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
        u[...] = rho * u + (1 - rho) * delta**2
        return -self.eta * delta


@register
class RMSpropGraves(Optimizer):
    """Graves' centred RMSprop with momentum (arXiv:1308.0850, eqs. 38–40).

    Equations (v₀ = m₀ = Δ₀ = 0; Graves writes n for v and ℵ, ℶ, ℷ, ג for ρ, μ, ε, η)::

        v_t = ρ v_{t−1} + (1 − ρ) g_t²
        m_t = ρ m_{t−1} + (1 − ρ) g_t
        Δ_t = μ Δ_{t−1} − η g_t / √(v_t − m_t² + ε)

    Graves used ρ = 0.95, μ = 0.9, η = 1e-4, ε = 1e-4.  The defaults keep the series'
    rule, which has no momentum (μ = 0).  Deviations: the state starts at 0 (the series:
    1e-8); v − m², which is ≥ 0 in exact arithmetic, is clamped at 0 so round-off cannot
    take the root of a negative number.

    Reference: A. Graves, "Generating Sequences With Recurrent Neural Networks",
    arXiv:1308.0850, 2013, eqs. 38–40.
    """

    display_name = "RMSpropGraves"
    fusable = True
    params = (
        eta_param(1e-4),
        _rho(0.95, "decay ρ of the running averages of g and g²"),
        _eps(1e-4, "added inside the root", positive=True),
        Param("mu", 0.0, "momentum factor μ (Graves used 0.9)", 0.0, 1.0, high_open=True),
    )
    equations = "v = ρ·v + (1 − ρ)·g²\nm = ρ·m + (1 − ρ)·g\nΔ = μ·Δ − η·g / √(v − m² + ε)"
    paper = (
        'A. Graves, "Generating Sequences With Recurrent Neural Networks", arXiv:1308.0850, '
        "2013, eqs. 38–40"
    )
    state_names = ("m", "v")
    eta: float
    rho: float
    eps: float
    mu: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        s = {"m": np.zeros_like(g), "v": np.zeros_like(g)}
        if self.mu > 0.0:
            s["delta"] = np.zeros_like(g)
        return s

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        rho, m, v = self.rho, s["m"], s["v"]
        v[...] = rho * v + (1 - rho) * g**2
        m[...] = rho * m + (1 - rho) * g
        # v − m² ≥ 0 in exact arithmetic; clamp so round-off cannot give a NaN
        step = -self.eta * g / np.sqrt(np.maximum(v - m**2, 0.0) + self.eps)
        if self.mu > 0.0:
            delta = s["delta"]
            delta[...] = self.mu * delta + step
            return delta.copy()
        return step


@register
class SMORMS3(Optimizer):
    """SMORMS3 ("squared mean over root mean squared cubed"), Simon Funk 2015.

    Equations (s₀ = 1, m₀ = v₀ = 0)::

        r = 1 / (1 + s)
        m = (1 − r) m + r g
        v = (1 − r) v + r g²
        ζ = m² / (v + ε)
        Δ = −g · min(η, ζ) / (√v + ε)
        s = 1 + (1 − ζ) s

    This is Funk's original algorithm.  The series deviates from it: it weights the new
    gradient by 1 − r instead of r, puts ε inside the root, starts m and v at 1e-8, updates
    s before m and v (G1), and never updates ζ_b (a typo in C1); none of that is kept.
    ε defaults to the series' 1e-8 (Funk used 1e-16).

    Reference: S. Funk, "RMSprop loses to SMORMS3 — Beware the Epsilon!", blog post,
    http://sifter.org/~simon/journal/20150420.html, 2015.
    """

    display_name = "SMORMS3"
    fusable = True
    params = (eta_param(1e-3, "largest step factor η (caps ζ)"), _eps(1e-8))
    equations = (
        "r = 1 / (1 + s)\n"
        "m = (1 − r)·m + r·g\n"
        "v = (1 − r)·v + r·g²\n"
        "ζ = m² / (v + ε)\n"
        "Δ = −g·min(η, ζ) / (√v + ε)\n"
        "s = 1 + (1 − ζ)·s"
    )
    paper = (
        'S. Funk, "RMSprop loses to SMORMS3 - Beware the Epsilon!", '
        "http://sifter.org/~simon/journal/20150420.html, 2015"
    )
    state_names = ("m", "v", "s")
    eta: float
    eps: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"m": np.zeros_like(g), "v": np.zeros_like(g), "s": np.ones_like(g)}

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        m, v, mem = s["m"], s["v"], s["s"]
        r = 1 / (1 + mem)
        m[...] = (1 - r) * m + r * g
        v[...] = (1 - r) * v + r * g**2
        zeta = m**2 / (v + self.eps)
        move = -g * np.minimum(zeta, self.eta) / (np.sqrt(v) + self.eps)
        mem[...] = 1 + (1 - zeta) * mem
        return move


# -- the fast path of each rule (see _fast) ---------------------------------------------------
_fast.KERNELS.update(
    {
        AdaGrad: _kernels.AdaGradFast,
        RMSprop: _kernels.RMSpropFast,
        AdaDelta: _kernels.AdaDeltaFast,
        RMSpropGraves: _kernels.RMSpropGravesFast,
        SMORMS3: _kernels.SMORMS3Fast,
    }
)
