"""The Adam family: Adam, AdamW, AdaMax, Nadam, RAdam, AMSGrad, AdaBelief, Eve, AdaBound, AMSBound.

Where torch.optim has the method (Adam, AdamW, Adamax, NAdam, RAdam, Adam(amsgrad=True)) the
update follows torch.optim's documented algorithm to the letter: state starts at zero, ε is
added outside the square root, and the bias corrections are torch's.  The same η, β, ε give
the same trajectory as torch to round-off.  The other rules follow their papers; each
docstring says where that departs from the seed series and why.

Implementation notes.  Every rule is strictly elementwise, so one object advances a scalar, a
layer's matrices or K independent start points at once, bit for bit as K separate runs.  The
state arrays (``opt.state[i]``) are updated in place and one scratch array per slot is reused,
because these rules train whole networks, where each extra pass over the arrays costs time.
Scalar arithmetic (bias corrections, schedules) is done in Python floats and handed to the
arrays as 0-d arrays of the slots' dtype (see :meth:`Optimizer.setup`); an array is never
promoted, so float32 gradients give float32 moves.  Slots of one shape and dtype run stacked
(``fusable``, see :mod:`._base`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from core._registry import Param
from core.optimizers._base import BETA1, BETA2, EPS, Optimizer, eta_param, register

_ADAM_PAPER = (
    'D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, arXiv:1412.6980'
)


class _Moments(Optimizer):
    """Shared machinery: one reusable scratch array per slot and a per-step scalar hook.

    Subclasses implement :meth:`prepare` (scalar work once per step, Python floats, handed
    on with :meth:`_load`) and :meth:`slot` (the elementwise update of one slot, or of the
    stacked slots, returning a fresh move array).
    """

    aliases: ClassVar[dict[str, str]] = {"alpha": "eta"}
    fusable = True
    _const = (
        ("_c1", lambda o: 1.0 - o.beta1),
        ("_c2", lambda o: 1.0 - o.beta2),
        ("_b2", lambda o: o.beta2),
    )

    def reset(self) -> None:
        super().reset()
        self._work: list[np.ndarray] = []

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {name: np.zeros_like(g) for name in self.state_names}

    def setup(self, dtype: np.dtype | None) -> None:
        super().setup(dtype)
        assert self._slots is not None
        # scratch arrays are made from the first step's gradients (the state's shapes)
        self._work = [np.empty_like(next(iter(s.values()))) for s in self._slots]

    def _step(
        self,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        slots, work = self._slots, self._work
        assert slots is not None
        if self._fused is None and self._flat is None:  # (fused or flat: buffer fixed)
            for i, (w, g) in enumerate(zip(work, grads, strict=True)):
                if w.shape != g.shape or w.dtype != g.dtype:  # a caller changed shapes
                    work[i] = np.empty_like(g)
        self.prepare(grads, f, kwds)
        if len(grads) == 1:  # one slot, or all slots stacked
            return (self.slot(0, grads[0], slots[0], work[0]),)
        # a list, not a generator: measurably cheaper for the usual two slots
        triples = enumerate(zip(grads, slots, work, strict=True))
        return tuple([self.slot(i, g, s, w) for i, (g, s, w) in triples])

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        """Scalar work shared by all slots of one step (bias corrections, schedules).

        ``f`` and ``kwds`` are update()'s loss and extra keywords (``params`` for AdamW).
        """

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # -- building blocks, all in place --------------------------------------------------
    def _first_moment(self, g: np.ndarray, m: np.ndarray, w: np.ndarray) -> None:
        """m ← m + (1 − β1)(g − m), i.e. β1·m + (1 − β1)·g (torch's lerp form)."""
        np.subtract(g, m, w)
        w *= self._c1
        m += w

    def _second_moment(self, g: np.ndarray, v: np.ndarray, w: np.ndarray) -> None:
        """v ← β2·v + (1 − β2)·g²."""
        np.multiply(g, g, w)
        w *= self._c2
        v *= self._b2
        v += w


def _new(like: np.ndarray) -> np.ndarray:
    # A fresh array for the move (the caller may keep it); 0-d stays an array.
    return np.empty_like(like)


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A fresh a / b; 0-d stays an array (a plain ``a / b`` would give a numpy scalar)."""
    return a / b if a.ndim else np.divide(a, b, out=np.empty_like(a))


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
    _per_step = ("_scale", "_shift")

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = self.t
        # −η/(1 − β1ᵗ) and √(1 − β2ᵗ), then the factors of _adam_move
        neg_step = -self.eta / (1.0 - self.beta1**t)
        bc2_sqrt = (1.0 - self.beta2**t) ** 0.5
        self._load(1.0 / (bc2_sqrt * neg_step), self.eps / neg_step)

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m = s["m"]
        self._moments_and_denominator(g, m, s["v"], w)
        return m / w if m.ndim else np.divide(m, w, out=np.empty_like(m))

    def _moments_and_denominator(
        self, g: np.ndarray, m: np.ndarray, v: np.ndarray, w: np.ndarray
    ) -> None:
        """Update m and v in place; leave (√v/√(1 − β2ᵗ) + ε)·(−(1 − β1ᵗ)/η) in ``w``.

        _first_moment, _second_moment and _adam_move's denominator written out in one
        method: Adam is the rule that trains networks, and each method call costs as much
        as an array operation.
        """
        np.subtract(g, m, w)
        w *= self._c1
        m += w
        np.multiply(g, g, w)
        w *= self._c2
        v *= self._b2
        v += w
        np.sqrt(v, w)
        w *= self._scale
        w += self._shift

    def _adam_move(self, m: np.ndarray, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """−(η / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε).

        Written as m / ((√v / √(1 − β2ᵗ) + ε)·(−η/(1 − β1ᵗ))), the form torch itself uses
        for its capturable Adam: one pass over the arrays fewer than scaling the move.
        """
        np.sqrt(v, w)
        w *= self._scale
        w += self._shift
        return _div(m, w)


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
    _const = (*Adam._const, ("_decay", lambda o: o.eta * o.weight_decay))
    flat_fusable = False  # params= holds one array per slot, of the slot's shape

    def reset(self) -> None:
        super().reset()
        self._pbuf: np.ndarray | None = None  # the parameters, stacked (fused slots)

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        super().prepare(grads, f, kwds)
        self._params: tuple[np.ndarray, ...] | None = None
        if self.weight_decay == 0.0:
            return
        params = kwds.get("params")
        if params is None:
            raise ValueError(
                f"AdamW with weight_decay={self.weight_decay!r} needs the parameters: "
                "call update(*grads, params=(w, b, ...))"
            )
        fused = self._fused
        pbuf = self._pbuf
        if fused is not None and pbuf is not None and len(params) == 2:
            # the engine's and the layers' call, after the first: two arrays of the shape
            # and dtype already seen go straight into the stacked buffer
            p0, p1 = params
            shape, dtype = fused[2], pbuf.dtype
            if (
                type(p0) is np.ndarray
                and type(p1) is np.ndarray
                and p0.shape == shape
                and p1.shape == shape
                and p0.dtype == dtype
                and p1.dtype == dtype
            ):
                idx = fused[3]
                pbuf[idx[0]] = p0
                pbuf[idx[1]] = p1
                self._params = (pbuf,)
                return
        params = tuple([np.asarray(p) for p in params])
        shapes = [g.shape for g in grads] if fused is None else [fused[2]] * len(fused[1])
        if len(params) != len(shapes) or any(
            p.shape != sh for p, sh in zip(params, shapes, strict=True)
        ):
            raise ValueError(
                "AdamW: params must hold one array per gradient with the same shape, got "
                f"shapes {[p.shape for p in params]} for gradients {shapes}"
            )
        if fused is None:
            self._params = params
            return
        # stacked like the gradients, in the parameters' own dtype (as the per-slot product)
        if pbuf is None or not all(p.dtype == pbuf.dtype for p in params):
            pbuf = self._pbuf = np.empty(fused[0].shape, np.result_type(*params))
        for i, p in zip(fused[3], params, strict=True):
            pbuf[i] = p
        self._params = (pbuf,)

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        move = super().slot(i, g, s, w)
        if self._params is not None:
            np.multiply(self._params[i], self._decay, w)
            move -= w
        return move


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

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, v, vmax = s["m"], s["v"], s["v_max"]
        self._first_moment(g, m, w)
        self._second_moment(g, v, w)
        np.maximum(vmax, v, out=vmax)
        return self._adam_move(m, vmax, w)


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

    _const = (*_Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_neg_clr",)

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        self._load(-(self.eta / (1.0 - self.beta1**self.t)))

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, u = s["m"], s["u"]
        self._first_moment(g, m, w)
        np.abs(g, w)
        w += self._eps
        u *= self._b2
        np.maximum(u, w, out=u)
        move = _div(m, u)
        move *= self._neg_clr
        return move


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

    def reset(self) -> None:
        super().reset()
        # Running product Π_t of the momentum schedule, as torch keeps it (a float64 scalar).
        self._prod_t, self._prod = 0, 1.0

    def _mu(self, t: int) -> float:
        return self.beta1 * (1.0 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = self.t
        if self._prod_t >= t:  # t was passed explicitly and went back: start the product over
            self._prod_t, self._prod = 0, 1.0
        while self._prod_t < t:
            self._prod_t += 1
            self._prod *= self._mu(self._prod_t)
        mu, mu_next = self._mu(t), self._mu(t + 1)
        self._load(
            1.0 - self.beta2**t,
            -self.eta * (1.0 - mu) / (1.0 - self._prod),
            -self.eta * mu_next / (1.0 - self._prod * mu_next),
        )

    _const = (*_Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_bc2", "_c_grad", "_c_mom")

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        self._first_moment(g, m, w)
        self._second_moment(g, v, w)
        np.divide(v, self._bc2, w)
        np.sqrt(w, w)
        w += self._eps
        move = np.multiply(g, self._c_grad, out=_new(g))
        # c_mom·m, then added: the scratch is free again only after the division
        move += np.multiply(m, self._c_mom)
        move /= w
        return move


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

    _const = (
        *_Moments._const,
        ("_eps", lambda o: o.eps),
        ("_eta", lambda o: o.eta),
        ("_neg_eta", lambda o: -o.eta),
    )
    _per_step = ("_bc1", "_bc2_sqrt", "_neg_rect")

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t, b2 = self.t, self.beta2
        bc2 = 1.0 - b2**t
        rho_inf = 2.0 / (1.0 - b2) - 1.0
        rho_t = rho_inf - 2.0 * t * b2**t / bc2
        self._rectified = rho_t > 5.0
        rect = 0.0
        if self._rectified:
            rect = (
                (rho_t - 4.0)
                * (rho_t - 2.0)
                * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)
            ) ** 0.5
        self._load(1.0 - self.beta1**t, bc2**0.5, -rect)

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        self._first_moment(g, m, w)
        self._second_moment(g, v, w)
        move = _div(m, self._bc1)
        if self._rectified:
            np.sqrt(v, w)
            w += self._eps
            np.divide(self._bc2_sqrt, w, w)  # adaptive learning rate l_t
            move *= self._eta
            move *= w
            move *= self._neg_rect
        else:
            move *= self._neg_eta
        return move


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
    _const = (*_Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_bc2_sqrt", "_neg_step")

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = self.t
        self._load((1.0 - self.beta2**t) ** 0.5, -(self.eta / (1.0 - self.beta1**t)))

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, sv = s["m"], s["s"]
        self._first_moment(g, m, w)
        np.subtract(g, m, w)
        np.multiply(w, w, w)
        w *= self._c2
        sv *= self._b2
        sv += w
        sv += self._eps
        np.sqrt(sv, w)
        w /= self._bc2_sqrt
        w += self._eps
        move = _div(m, w)
        move *= self._neg_step
        return move


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

    def reset(self) -> None:
        super().reset()
        self._f_prev: np.ndarray | None = None
        self._f_checked: tuple[int, ...] | None = None
        self._d_inc: np.float64 | None = None  # (1 − β3)·d̂ of a single model

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        s = super().init_slot(g)
        s["d"][...] = 1.0
        return s

    _const = (*_Moments._const, ("_b3", lambda o: o.beta3))
    # Adam's per-step factors: Δ = m / (d̃·(√v·scale + shift)), see Adam.prepare
    _per_step = Adam._per_step

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        Adam.prepare(self, grads, f, kwds)
        if f is None:
            raise ValueError("Eve needs the current loss: call update(*grads, f=loss)")
        fa = np.array(f, dtype=np.float64)  # a copy: the caller may reuse its array
        fused = self._fused
        # fused slots: one leading stack axis before each slot's own axes
        self._lead = 0 if fused is None else 1
        if fused is None or fa.shape != self._f_checked:
            self._check_f(fa, [g.shape for g in grads] if fused is None else [fused[2]])
            # the fused slots' shape is fixed: a checked shape of f stays valid
            self._f_checked = fa.shape if fused is not None else None
        f_prev, self._f_prev = self._f_prev, fa
        self._d_inc = None
        if f_prev is None:
            self._d_hat = None  # first step: d̃ stays 1
            return
        if f_prev.shape != fa.shape:
            raise ValueError(
                f"Eve: f changed shape from {f_prev.shape} to {fa.shape}; call reset() first"
            )
        if fa.size == 1:
            # One model: the same float64 arithmetic on Python floats (IEEE operations, so
            # the same numbers), and (1 − β3)·d̂ once instead of once per slot.
            fv, pv = fa.item(), f_prev.item()  # (float64 arrays: Python floats, exactly)
            if math.isfinite(fv) and math.isfinite(pv):
                den = min(fv, pv) - self.f_star
                d = abs(fv - pv) / den if den > 0.0 else self.c
                d = min(max(d, 1.0 / self.c), self.c)
                # a float64 scalar, as the float64 array it replaces (not a weak Python float)
                self._d_inc = np.float64((1.0 - self.beta3) * d)
                self._d_hat = None
                return
        num = np.abs(fa - f_prev)
        den = np.minimum(fa, f_prev) - self.f_star
        positive = den > 0.0
        d = np.divide(num, den, out=np.full_like(num, self.c), where=positive)
        # clip(d, 1/c, c) as max then min: np.clip costs several times a ufunc call
        np.maximum(d, 1.0 / self.c, out=d)
        self._d_hat = np.minimum(d, self.c, out=d)

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

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, v, d = s["m"], s["v"], s["d"]
        d_hat = self._d_hat
        if self._d_inc is not None:
            d *= self._b3
            d += self._d_inc
        elif d_hat is not None:
            # one d̂ per model: its axes are the slot's leading ones (after the stack axis)
            d_hat = d_hat.reshape(d_hat.shape + (1,) * (g.ndim - self._lead - d_hat.ndim))
            d *= self._b3
            d += (1.0 - self.beta3) * d_hat
        self._moments_and_denominator(g, m, v, w)  # Adam's, then times d̃
        w *= d
        return m / w if m.ndim else np.divide(m, w, out=np.empty_like(m))


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

    def bounds(self, t: int) -> tuple[float, float]:
        """The clip interval (η_l(t), η_u(t)) of the per-element learning rate at step t."""
        return (
            self.final_eta * (1.0 - 1.0 / (self.gamma * t + 1.0)),
            self.final_eta * (1.0 + 1.0 / (self.gamma * t)),
        )

    _const = (*_Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_neg_step", "_neg_lo", "_neg_hi")

    def prepare(self, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = self.t
        step_size = self.eta * (1.0 - self.beta2**t) ** 0.5 / (1.0 - self.beta1**t)
        lo, hi = self.bounds(t)
        # the rate is computed negated: −(a/w) = (−a)/w and clip(−x) = −clip(x) exactly, so
        # the move is m·(−rate) with one pass fewer than negating it afterwards
        self._load(-step_size, -lo, -hi)

    def slot(self, i: int, g: np.ndarray, s: dict[str, np.ndarray], w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        self._first_moment(g, m, w)
        self._second_moment(g, v, w)
        if self.amsbound:
            vmax = s["v_max"]
            np.maximum(vmax, v, out=vmax)
            v = vmax
        np.sqrt(v, w)
        w += self._eps
        np.divide(self._neg_step, w, w)
        # clip(·, −hi, −lo) as max then min: np.clip costs several times a ufunc call
        np.maximum(w, self._neg_hi, out=w)
        np.minimum(w, self._neg_lo, out=w)
        return np.multiply(m, w, out=_new(m))


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
