"""The Adam family: Adam, AdamW, AdaMax, Nadam, RAdam, AMSGrad, AdaBelief, Eve, AdaBound, AMSBound.

Where torch.optim has the method (Adam, AdamW, Adamax, NAdam, RAdam, Adam(amsgrad=True)) the
update follows torch.optim's documented algorithm to the letter: state starts at zero, ε is
added outside the square root, and the bias corrections are torch's.  The same η, β, ε give
the same trajectory as torch to round-off.  The other rules follow their papers; each
docstring says where that departs from the seed series and why.

Implementation notes.  Every rule is strictly elementwise, so one object advances a scalar, a
layer's matrices or K independent start points at once, bit for bit as K separate runs.  Each
class is the readable reference of its rule: ``step_slot`` writes the equations of its
docstring out in Python floats.  ``update()`` runs the class's kernel in :mod:`._kernels`
instead (in place, scratch arrays, 0-d factors, folded constants), which the tests check
against these references; float32 gradients give float32 moves either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from gradscape.core._registry import Param
from gradscape.core.optimizers import _fast, _kernels
from gradscape.core.optimizers._base import BETA1, BETA2, EPS, Optimizer, eta_param, register

_ADAM_PAPER = (
    'D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, arXiv:1412.6980'
)


class _Moments(Optimizer):
    """The family's common ground: zero-initialised state arrays named ``state_names``."""

    aliases: ClassVar[dict[str, str]] = {"alpha": "eta"}
    fusable = True
    eta: float
    beta1: float
    beta2: float
    eps: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {name: np.zeros_like(g) for name in self.state_names}


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
    params: ClassVar[tuple[Param, ...]] = (
        eta_param(1e-3, "learning rate η (the series' α)"),
        BETA1,
        BETA2,
        EPS,
    )
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)\n"
        "Δ = −η·m̂ / (√v̂ + ε)"
    )
    paper = _ADAM_PAPER
    state_names: tuple[str, ...] = ("m", "v")

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        m, v = s["m"], s["v"]
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        return -self.eta * m_hat / (np.sqrt(v_hat) + self.eps)


@register
class AdamW(Adam):
    """AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay, as torch.optim.AdamW.

    Equations (θ = the parameters before the step, passed as ``params=``)::

        m_t, v_t, m̂_t, v̂_t  as in Adam
        Δ_t = −η·λ·θ_{t−1} − η·m̂_t / (√v̂_t + ε)

    torch applies θ ← θ·(1 − ηλ) and then the Adam step; returning both as one move is the
    same update.  The decay needs the parameters themselves: every caller passes them as
    ``update(*grads, params=(w, b, ...))``.  Not in the seed series.

    Reference: I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization",
    ICLR 2019, arXiv:1711.05101.
    """

    display_name = "AdamW"
    params = (
        *Adam.params,
        Param("weight_decay", 1e-2, "decoupled weight decay λ (0 = plain Adam)", 0.0, None),
    )
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)\n"
        "Δ = −η·λ·θ − η·m̂ / (√v̂ + ε)"
    )
    paper = (
        'I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019, '
        "arXiv:1711.05101"
    )
    flat_fusable = False  # params= holds one array per slot, of the slot's shape
    weight_decay: float

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        params = None
        if self.weight_decay != 0.0:
            if kwds.get("params") is None:
                raise self._params_missing()
            params = self._check_params(kwds["params"], [g.shape for g in grads])
        assert self.state is not None
        moves = []
        for i, (g, s) in enumerate(zip(grads, self.state, strict=True)):
            move = super().step_slot(g, s)  # Adam's
            if params is not None:
                move = move - self.eta * self.weight_decay * params[i]
            moves.append(move)
        return tuple(moves)

    def _params_missing(self) -> ValueError:
        return ValueError(
            f"AdamW with weight_decay={self.weight_decay!r} needs the parameters: "
            "call update(*grads, params=(w, b, ...))"
        )

    @staticmethod
    def _check_params(params: Any, shapes: list[tuple[int, ...]]) -> tuple[np.ndarray, ...]:
        params = tuple([np.asarray(p) for p in params])
        if len(params) != len(shapes) or any(
            p.shape != sh for p, sh in zip(params, shapes, strict=True)
        ):
            raise ValueError(
                "AdamW: params must hold one array per gradient with the same shape, got "
                f"shapes {[p.shape for p in params]} for gradients {shapes}"
            )
        return params


@register
class AMSGrad(Adam):
    """AMSGrad (Reddi et al. 2018), exactly as torch.optim.Adam(amsgrad=True) documents it.

    Equations::

        m_t, v_t  as in Adam
        v_max,t = max(v_max,t−1, v_t)
        Δ_t = −η/(1 − β1^t) · m_t / (√v_max,t / √(1 − β2^t) + ε)

    The seed series' 2020 code divides by √t instead of bias-correcting, and its 2021 code
    drops both; torch's form is used so that "AMSGrad" means what it means in training.

    Reference: S. J. Reddi, S. Kale, S. Kumar, "On the Convergence of Adam and Beyond",
    ICLR 2018.
    """

    display_name = "AMSGrad"
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "v_max ← max(v_max, v)\n"
        "Δ = −η/(1 − β1ᵗ) · m / (√v_max / √(1 − β2ᵗ) + ε)"
    )
    paper = 'S. J. Reddi, S. Kale, S. Kumar, "On the Convergence of Adam and Beyond", ICLR 2018'
    state_names = ("m", "v", "v_max")

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        m, v, v_max = s["m"], s["v"], s["v_max"]
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        v_max[...] = np.maximum(v_max, v)
        return -self.eta / (1 - b1**t) * m / (np.sqrt(v_max) / (1 - b2**t) ** 0.5 + self.eps)


@register
class AdaMax(_Moments):
    """AdaMax (Kingma & Ba 2015, §7.1), exactly as torch.optim.Adamax documents it.

    Equations::

        m_t = β1·m_{t−1} + (1 − β1)·g_t
        u_t = max(β2·u_{t−1}, |g_t| + ε)
        Δ_t = −η/(1 − β1^t) · m_t / u_t

    The series has no ε (it starts u at 1e-8 instead); torch's ε inside the max keeps u > 0
    from the first step with zero-initialised state.

    Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization",
    ICLR 2015, §7.1.
    """

    display_name = "AdaMax"
    params = (eta_param(2e-3, "learning rate η (the series' α)"), BETA1, BETA2, EPS)
    equations = "m ← β1·m + (1 − β1)·g\nu ← max(β2·u, |g| + ε)\nΔ = −η/(1 − β1ᵗ) · m / u"
    paper = _ADAM_PAPER + ", §7.1"
    state_names = ("m", "u")

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        m, u = s["m"], s["u"]
        m[...] = b1 * m + (1 - b1) * g
        u[...] = np.maximum(b2 * u, np.abs(g) + self.eps)
        return -self.eta / (1 - b1**t) * m / u


@register
class Nadam(_Moments):
    """Nadam (Dozat 2016) with the momentum schedule of torch.optim.NAdam.

    Equations (ψ = momentum_decay, Π_t = μ_1·…·μ_t)::

        μ_t = β1·(1 − ½·0.96^(t·ψ))
        m_t = β1·m_{t−1} + (1 − β1)·g_t
        v_t = β2·v_{t−1} + (1 − β2)·g_t²
        v̂_t = v_t / (1 − β2^t)
        Δ_t = −η·(1 − μ_t)/(1 − Π_t) · g_t/(√v̂_t + ε) − η·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m_t/(√v̂_t + ε)

    The series uses a constant μ (μ_t = μ); torch has no such variant, so the schedule is
    torch's.  β1 is the schedule's limit, default 0.975 = the series' μ (torch's default is
    0.9); ``mu`` and ``nu`` are accepted for ``beta1`` and ``beta2``.

    Reference: T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop.
    """

    display_name = "Nadam"
    aliases = {"alpha": "eta", "mu": "beta1", "nu": "beta2"}
    params = (
        eta_param(2e-3, "learning rate η (the series' α)"),
        Param("beta1", 0.975, "momentum μ's limit (the series' μ)", 0.0, 1.0, high_open=True),
        Param(
            "beta2",
            0.999,
            "decay of the second moment (the series' ν)",
            0.0,
            1.0,
            high_open=True,
        ),
        EPS,
        Param("momentum_decay", 4e-3, "speed ψ of the momentum warm-up schedule", 0.0, None),
    )
    equations = (
        "μₜ = β1·(1 − ½·0.96^(t·ψ)),  Πₜ = μ₁·…·μₜ\n"
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "v̂ = v / (1 − β2ᵗ)\n"
        "Δ = −η·(1 − μₜ)/(1 − Πₜ)·g/(√v̂ + ε) − η·μₜ₊₁/(1 − Πₜ·μₜ₊₁)·m/(√v̂ + ε)"
    )
    paper = 'T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop'
    state_names = ("m", "v")
    momentum_decay: float

    def reset(self) -> None:
        super().reset()
        # Running product Π_t of the momentum schedule, as torch keeps it (a float64 scalar).
        self._prod_t, self._prod = 0, 1.0

    def _mu(self, t: int) -> float:
        return self.beta1 * (1.0 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def _schedule(self, t: int) -> tuple[float, float, float]:
        """(Π_t, μ_t, μ_{t+1}), advancing the running product Π (call once per step)."""
        if self._prod_t >= t:  # t was passed explicitly and went back: start the product over
            self._prod_t, self._prod = 0, 1.0
        while self._prod_t < t:
            self._prod_t += 1
            self._prod *= self._mu(self._prod_t)
        return self._prod, self._mu(t), self._mu(t + 1)

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        self._mus = self._schedule(self.t)  # once per step, shared by the slots
        return super().step(grads, f=f, grad_fn=grad_fn, **kwds)

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        prod, mu, mu_next = self._mus
        m, v = s["m"], s["v"]
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        v_hat = v / (1 - b2**t)
        denom = np.sqrt(v_hat) + self.eps
        return (
            -self.eta * (1 - mu) / (1 - prod) * g / denom
            - self.eta * mu_next / (1 - prod * mu_next) * m / denom
        )


@register
class RAdam(_Moments):
    """RAdam (Liu et al. 2020), exactly as torch.optim.RAdam documents it.

    Equations (ρ_∞ = 2/(1 − β2) − 1)::

        m_t, v_t  as in Adam,  m̂_t = m_t / (1 − β1^t)
        ρ_t = ρ_∞ − 2t·β2^t / (1 − β2^t)
        if ρ_t > 5:
            r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
            l_t = √(1 − β2^t) / (√v_t + ε)
            Δ_t = −η·m̂_t·l_t·r_t
        else:
            Δ_t = −η·m̂_t                        (SGD with momentum while v is unreliable)

    Not in the seed series.

    Reference: L. Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond",
    ICLR 2020, arXiv:1908.03265.
    """

    display_name = "RAdam"
    params = (eta_param(1e-3, "learning rate η"), BETA1, BETA2, EPS)
    equations = (
        "m ← β1·m + (1 − β1)·g,  m̂ = m / (1 − β1ᵗ)\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "ρ∞ = 2/(1 − β2) − 1,  ρₜ = ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ)\n"
        "ρₜ > 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)),  "
        "Δ = −η·r·√(1 − β2ᵗ)·m̂ / (√v + ε)\n"
        "ρₜ ≤ 5:  Δ = −η·m̂"
    )
    paper = (
        'L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han, "On the Variance of the '
        'Adaptive Learning Rate and Beyond", ICLR 2020, arXiv:1908.03265'
    )
    state_names = ("m", "v")

    def rectification(self, t: int) -> float | None:
        """r_t when ρ_t > 5, else None (the unrectified, SGD-with-momentum step)."""
        b2 = self.beta2
        rho_inf = 2.0 / (1.0 - b2) - 1.0
        rho_t = rho_inf - 2.0 * t * b2**t / (1.0 - b2**t)
        if rho_t <= 5.0:
            return None
        return (
            (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)
        ) ** 0.5

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        m, v = s["m"], s["v"]
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        r = self.rectification(t)
        if r is None:
            return -self.eta * m_hat
        l_t = (1 - b2**t) ** 0.5 / (np.sqrt(v) + self.eps)
        return -self.eta * m_hat * l_t * r


@register
class AdaBelief(_Moments):
    """AdaBelief (Zhuang et al. 2020), the paper's Algorithm 2.

    Equations::

        m_t = β1·m_{t−1} + (1 − β1)·g_t
        s_t = β2·s_{t−1} + (1 − β2)·(g_t − m_t)² + ε
        m̂_t = m_t / (1 − β1^t),   ŝ_t = s_t / (1 − β2^t)
        Δ_t = −η·m̂_t / (√ŝ_t + ε)

    ε enters twice, inside s (so inside the root) and outside the root, as in the paper's
    algorithm and its authors' code; its default is therefore their 1e-16, which inside the
    root is as large as Adam's 1e-8.  The seed series (2021 code) omits ε, starts s at 1e-8,
    and its 2022 code divides by (1 − β2^t) where (1 − β1^t) belongs; both are fixed here.

    Reference: J. Zhuang et al., "AdaBelief Optimizer: Adapting Stepsizes by the Belief in
    Observed Gradients", NeurIPS 2020, arXiv:2010.07468.
    """

    display_name = "AdaBelief"
    params = (
        eta_param(1e-3, "learning rate η (the series' α)"),
        BETA1,
        Param(
            "beta2",
            0.999,
            "decay of the belief s (variance of g around m)",
            0.0,
            1.0,
            high_open=True,
        ),
        Param("eps", 1e-16, "added to s and to √ŝ for stability", 0.0, None, True, log=True),
    )
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "s ← β2·s + (1 − β2)·(g − m)² + ε\n"
        "m̂ = m / (1 − β1ᵗ),  ŝ = s / (1 − β2ᵗ)\n"
        "Δ = −η·m̂ / (√ŝ + ε)"
    )
    paper = (
        "J. Zhuang, T. Tang, Y. Ding, S. Tatikonda, N. Dvornek, X. Papademetris, J. Duncan, "
        '"AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients", '
        "NeurIPS 2020, arXiv:2010.07468"
    )
    state_names = ("m", "s")

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        m, s_ = s["m"], s["s"]
        m[...] = b1 * m + (1 - b1) * g
        s_[...] = b2 * s_ + (1 - b2) * (g - m) ** 2 + self.eps
        m_hat = m / (1 - b1**t)
        s_hat = s_ / (1 - b2**t)
        return -self.eta * m_hat / (np.sqrt(s_hat) + self.eps)


@register
class Eve(Adam):
    """Eve (Hayashi, Koushik & Neubig 2016): Adam with a global feedback from the loss.

    Equations (f_t = the loss at the point where g_t is taken, passed as ``f=``)::

        m̂_t, v̂_t  as in Adam
        t = 1:  d̃_1 = 1
        t > 1:  d_t = |f_t − f_{t−1}| / (min(f_t, f_{t−1}) − f*)
                d̂_t = clip(d_t, 1/c, c)
                d̃_t = β3·d̃_{t−1} + (1 − β3)·d̂_t
        Δ_t = −η·m̂_t / (d̃_t·(√v̂_t + ε))

    The numerator is the relative change of the loss between the last two steps, as in the
    paper (arXiv:1611.01505v3, Algorithm 1); the seed series uses |f − f*| instead and its
    2021 code stores the previous loss only at t = 1 — both fixed here.  When the loss
    reaches or passes below f* (min(f_t, f_{t−1}) − f* ≤ 0) the relative change is unbounded,
    so d̂_t = c, its limit from above.  ``f`` may be a scalar or an array with one loss per
    independent model (its axes align with the gradients' leading axes), so d̃ is tracked
    per model and stored in every slot as ``state[i]["d"]``.  Calling without ``f`` raises
    ValueError.

    Reference: H. Hayashi, J. Koushik, G. Neubig, "Eve: A Gradient Based Optimization Method
    with Locally and Globally Adaptive Learning Rates", arXiv:1611.01505.
    """

    display_name = "Eve"
    params = (
        *Adam.params,
        Param("beta3", 0.999, "decay of the loss feedback d̃", 0.0, 1.0, high_open=True),
        Param("c", 10.0, "clip d̂ to [1/c, c]", 1.0, None, log=True),
        Param("f_star", 0.0, "known or assumed minimum f* of the loss", None, None),
    )
    aliases = {"alpha": "eta", "fstar": "f_star"}
    flat_fusable = False  # f may hold one loss per model, broadcast over each slot's shape
    equations = (
        "m ← β1·m + (1 − β1)·g,  m̂ = m / (1 − β1ᵗ)\n"
        "v ← β2·v + (1 − β2)·g²,  v̂ = v / (1 − β2ᵗ)\n"
        "d = |f − f_prev| / (min(f, f_prev) − f*),  d̂ = clip(d, 1/c, c)\n"
        "d̃ ← β3·d̃ + (1 − β3)·d̂   (d̃ = 1 at t = 1)\n"
        "Δ = −η·m̂ / (d̃·(√v̂ + ε))"
    )
    paper = (
        'H. Hayashi, J. Koushik, G. Neubig, "Eve: A Gradient Based Optimization Method with '
        'Locally and Globally Adaptive Learning Rates", arXiv:1611.01505, 2016'
    )
    state_names = ("m", "v", "d")
    beta3: float
    c: float
    f_star: float

    def reset(self) -> None:
        super().reset()
        self._f_prev: np.ndarray | None = None
        self._f_checked: tuple[int, ...] | None = None
        self._d_inc: np.float64 | None = None  # (1 − β3)·d̂ of a single model

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        s = super().init_slot(g)
        s["d"][...] = 1.0
        return s

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        if f is None:
            raise self._f_missing()
        f = np.array(f, dtype=np.float64)  # a copy: the caller may reuse its array
        self._check_f(f, [g.shape for g in grads])
        f_prev, self._f_prev = self._f_prev, f
        if f_prev is not None and f_prev.shape != f.shape:
            raise self._f_changed(f_prev, f)
        d_hat = None if f_prev is None else self.feedback(f, f_prev)  # t = 1: d̃ stays 1
        assert self.state is not None
        moves = []
        for g, s in zip(grads, self.state, strict=True):
            d = s["d"]
            if d_hat is not None:
                # one d̂ per model: its axes are the slot's leading ones
                d[...] = self.beta3 * d + (1 - self.beta3) * d_hat.reshape(
                    d_hat.shape + (1,) * (g.ndim - d_hat.ndim)
                )
            moves.append(super().step_slot(g, s) / d)  # Adam's move over d̃
        return tuple(moves)

    def feedback(self, f: np.ndarray, f_prev: np.ndarray) -> np.ndarray:
        """d̂ = clip(|f − f_prev| / (min(f, f_prev) − f*), 1/c, c); c where the
        denominator is not positive (float64, one per model)."""
        num = np.abs(f - f_prev)
        den = np.minimum(f, f_prev) - self.f_star
        d = np.divide(num, den, out=np.full_like(num, self.c), where=den > 0.0)
        # clip(d, 1/c, c) as max then min: np.clip costs several times a ufunc call
        np.maximum(d, 1.0 / self.c, out=d)
        return np.minimum(d, self.c, out=d)

    @staticmethod
    def _f_missing() -> ValueError:
        return ValueError("Eve needs the current loss: call update(*grads, f=loss)")

    @staticmethod
    def _f_changed(f_prev: np.ndarray, f: np.ndarray) -> ValueError:
        return ValueError(
            f"Eve: f changed shape from {f_prev.shape} to {f.shape}; call reset() first"
        )

    @staticmethod
    def _check_f(fa: np.ndarray, shapes: list[tuple[int, ...]]) -> None:
        for shape in shapes:
            lead = shape[: fa.ndim]
            if fa.ndim > len(shape) or any(
                a not in (1, b) for a, b in zip(fa.shape, lead, strict=True)
            ):
                raise ValueError(
                    f"Eve: f of shape {fa.shape} must be a scalar or match the leading axes "
                    f"of every gradient, got a gradient of shape {shape}"
                )


class _Bound(_Moments):
    """AdaBound and AMSBound: Adam whose per-element rate is clipped to converging bounds."""

    params = (
        eta_param(1e-3, "Adam-phase learning rate η (the series' α)"),
        Param(
            "final_eta", 0.1, "SGD rate η* that both bounds converge to", 0.0, None, True, log=True
        ),
        BETA1,
        BETA2,
        Param("gamma", 1e-3, "convergence speed γ of the bounds", 0.0, 1.0, True, True, log=True),
        EPS,
    )
    amsbound: ClassVar[bool] = False
    final_eta: float
    gamma: float

    def bounds(self, t: int) -> tuple[float, float]:
        """The clip interval (η_l(t), η_u(t)) of the per-element learning rate at step t."""
        return (
            self.final_eta * (1.0 - 1.0 / (self.gamma * t + 1.0)),
            self.final_eta * (1.0 + 1.0 / (self.gamma * t)),
        )

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        b1, b2, t = self.beta1, self.beta2, self.t
        m, v = s["m"], s["v"]
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        if self.amsbound:
            v_max = s["v_max"]
            v_max[...] = np.maximum(v_max, v)
            v = v_max
        lo, hi = self.bounds(t)
        rate = self.eta * (1 - b2**t) ** 0.5 / (1 - b1**t) / (np.sqrt(v) + self.eps)
        return -np.minimum(np.maximum(rate, lo), hi) * m


_BOUND_DOC = """

    Equations (η* = final_eta)::

        m_t = β1·m_{t−1} + (1 − β1)·g_t
        v_t = β2·v_{t−1} + (1 − β2)·g_t²@AMS@
        η_l(t) = η*·(1 − 1/(γt + 1)),   η_u(t) = η*·(1 + 1/(γt))
        Δ_t = −clip(η·√(1 − β2^t)/(1 − β1^t) / (√@V@ + ε), η_l(t), η_u(t)) · m_t

    This is the authors' released implementation (the ``adabound`` package), which their
    experiments used: bias-corrected Adam step, ε outside the root, bounds with their own
    speed γ = 1e-3, and no extra 1/√t factor.  The paper's Algorithm 2 writes the bounds with
    (1 − β2) for γ and scales the clipped rate by 1/√t (needed for its regret bound); with
    that factor the step would vanish instead of becoming SGD with rate η*, which is the
    method's stated purpose, so it is left out, as in the authors' code.  The seed series
    follows the paper's form (and in its 2021 code AMSBound clips with v instead of v_max).
    Note the names: here ``eta`` (alias ``alpha``) is the Adam-phase rate and ``final_eta``
    the series' η.

    Reference: L. Luo, Y. Xiong, Y. Liu, X. Sun, "Adaptive Gradient Methods with Dynamic
    Bound of Learning Rate", ICLR 2019.
    """

_BOUND_PAPER = (
    'L. Luo, Y. Xiong, Y. Liu, X. Sun, "Adaptive Gradient Methods with Dynamic Bound of '
    'Learning Rate", ICLR 2019'
)


@register
class AdaBound(_Bound):
    __doc__ = "AdaBound (Luo et al. 2019): Adam that turns into SGD." + _BOUND_DOC.replace(
        "@AMS@", ""
    ).replace("@V@", "v_t")

    display_name = "AdaBound"
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²\n"
        "η_l = η*·(1 − 1/(γt + 1)),  η_u = η*·(1 + 1/(γt))\n"
        "Δ = −clip(η·√(1 − β2ᵗ)/(1 − β1ᵗ) / (√v + ε), η_l, η_u)·m"
    )
    paper = _BOUND_PAPER
    state_names = ("m", "v")


@register
class AMSBound(_Bound):
    __doc__ = "AMSBound (Luo et al. 2019): AMSGrad that turns into SGD." + _BOUND_DOC.replace(
        "@AMS@", "\n        v_max,t = max(v_max,t−1, v_t)"
    ).replace("@V@", "v_max,t")

    display_name = "AMSBound"
    equations = (
        "m ← β1·m + (1 − β1)·g\n"
        "v ← β2·v + (1 − β2)·g²,  v_max ← max(v_max, v)\n"
        "η_l = η*·(1 − 1/(γt + 1)),  η_u = η*·(1 + 1/(γt))\n"
        "Δ = −clip(η·√(1 − β2ᵗ)/(1 − β1ᵗ) / (√v_max + ε), η_l, η_u)·m"
    )
    paper = _BOUND_PAPER
    state_names = ("m", "v", "v_max")
    amsbound = True


# -- the fast path of each rule (see _fast) ---------------------------------------------------
_fast.KERNELS.update(
    {
        Adam: _kernels.AdamFast,
        AdamW: _kernels.AdamWFast,
        AMSGrad: _kernels.AMSGradFast,
        AdaMax: _kernels.AdaMaxFast,
        Nadam: _kernels.NadamFast,
        RAdam: _kernels.RAdamFast,
        AdaBelief: _kernels.AdaBeliefFast,
        Eve: _kernels.EveFast,
        AdaBound: _kernels.BoundFast,
        AMSBound: _kernels.BoundFast,
    }
)
