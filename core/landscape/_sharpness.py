"""Sharpness along training and the optimizers' stability limits ("edge of stability").

Gradient descent with step η on a quadratic of curvature λ is stable only while λ < 2/η;
Cohen et al. ("Gradient Descent on Neural Networks Typically Occurs at the Edge of
Stability", ICLR 2021) found that full-batch training drives the sharpness λmax (the
largest Hessian eigenvalue) up to that limit and keeps it hovering there.  Momentum moves
the limit; adaptive methods hover instead with the *preconditioned* sharpness
λmax(P⁻¹H) at the limit of their update rule (Cohen et al., "Adaptive Gradient Methods at
the Edge of Stability", arXiv:2207.14484, 2022).

The limits, per optimizer of the core (η the learning rate; all from the linear recursion
of the update on a quadratic, see the tests, which check them against the optimizers):

=====================  ====================================  =========================
optimizer              limit                                 compared with
=====================  ====================================  =========================
SGD                    2/η                                   λmax(H)
MSGD (torch form)      (2 + 2μ)/((1 − τ)η)  (τ: dampening)   λmax(H)
MSGD (series form)     (2 + 2μ)/((1 − μ)η)                   λmax(H)
NAG (torch form)       (2 + 2μ)/((1 + 2μ)η)                  λmax(H)
NAG (series form)      (2 + 2μ)/((1 − μ)(1 + 2μ)η)           λmax(H)
QHM                    (2 + 2β)/((1 + β − 2νβ)η)             λmax(H)
Adam, AdamW, AMSGrad   (2 + 2β1)/((1 − β1)η)  (38/η at 0.9)  λmax(P⁻¹H)
RMSprop                2/η;  (2 + 2μ)/η with momentum μ      λmax(P⁻¹H)
=====================  ====================================  =========================

with Adam's preconditioner P = (1 − β1ᵗ)·diag(√v̂ + ε) (v̂ = v/(1 − β2ᵗ); AMSGrad's
running maximum in place of v), RMSprop's P = diag(√ṽ + ε), read from each layer's
optimizer state.  AdamW's decoupled weight decay (a contraction by 1 − ηλ per step) is left
out of its limit.  The other optimizers have no such limit here (None).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradscape.core._registry import normalise
from gradscape.core.landscape._hessian import HessianOperator, power_iteration
from gradscape.core.optimizers import OPTIMIZERS
from gradscape.core.schedules import Schedule

__all__ = [
    "SharpnessTracker",
    "limit_applies_to",
    "preconditioned_lambda_max",
    "preconditioner",
    "stability_limit",
]

_PRECONDITIONED = ("adam", "adamw", "amsgrad", "rmsprop")


def _resolve(opt_name: str, hyper: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The optimizer's canonical key and its full, validated hyperparameters."""
    cls = OPTIMIZERS[opt_name]
    return normalise(cls.__name__), cls(**(hyper or {})).hyper


def limit_applies_to(opt_name: str) -> str | None:
    """What :func:`stability_limit` bounds: "lambda_max", "preconditioned" or None."""
    key = normalise(OPTIMIZERS[opt_name].__name__)
    if key in _PRECONDITIONED:
        return "preconditioned"
    if key in ("sgd", "msgd", "nag", "qhm"):
        return "lambda_max"
    return None


def stability_limit(
    opt_name: str, hyper: dict[str, Any] | None = None, t: int = 1
) -> float | None:
    """The sharpness at which ``opt_name`` with ``hyper`` stops being stable (table above).

    ``hyper`` may be partial (the optimizer's defaults fill the rest) and is validated as
    :func:`core.optimizers.get_opt` does; a scheduled hyperparameter (η = cosine(…), say)
    takes its value at step ``t``.  None for an optimizer without such a limit.
    :func:`limit_applies_to` says whether it bounds λmax(H) or λmax(P⁻¹H).
    """
    key, h = _resolve(opt_name, hyper)
    h = {k: v(t) if isinstance(v, Schedule) else v for k, v in h.items()}
    eta = float(h["eta"]) if "eta" in h else math.nan
    if key == "sgd":
        return 2.0 / eta
    if key == "msgd":
        mu = float(h["mu"])
        step = (1.0 - mu) * eta if h["form"] == "series" else (1.0 - float(h["dampening"])) * eta
        return (2.0 + 2.0 * mu) / step if step > 0 else None
    if key == "nag":
        mu = float(h["mu"])
        step = (1.0 - mu) * eta if h["form"] == "series" else eta
        return (2.0 + 2.0 * mu) / ((1.0 + 2.0 * mu) * step)
    if key == "qhm":
        # the recursion on (θ, b): trace 1 + β − x(1 − νβ), determinant β(1 − x(1 − ν)) with
        # x = ηλ; Jury's condition 1 + trace + det > 0 (det > −1 then holds, as β < 1)
        beta, nu = float(h["beta"]), float(h["nu"])
        return (2.0 + 2.0 * beta) / ((1.0 + beta - 2.0 * nu * beta) * eta)
    if key in ("adam", "adamw", "amsgrad"):
        b1 = float(h["beta1"])
        return (2.0 + 2.0 * b1) / ((1.0 - b1) * eta)
    if key == "rmsprop":
        return (2.0 + 2.0 * float(h["mu"])) / eta
    return None


def _slot_preconditioner(opt: Any, i: int) -> np.ndarray:
    key = normalise(type(opt).__name__)
    s = opt.state[i]
    if key == "rmsprop":
        v = np.asarray(s["v"], dtype=np.float64)
        if opt.centered:
            v = np.maximum(v - np.asarray(s["m"], dtype=np.float64) ** 2, 0.0)
        return np.sqrt(v) + opt.eps
    v = np.asarray(s["v_max" if key == "amsgrad" else "v"], dtype=np.float64)
    t = opt.t
    return (1.0 - opt.beta1**t) * (np.sqrt(v / (1.0 - opt.beta2**t)) + opt.eps)


def preconditioner(net: Any) -> np.ndarray | None:
    """The diagonal of the adaptive preconditioner P (flat, float64), or None.

    Read from every layer's optimizer state (see the module docstring); None when some
    layer's optimizer is not one of Adam, AdamW, AMSGrad, RMSprop.  ValueError when the
    optimizers have taken no step yet (no state to read).
    """
    parts = []
    for layer in net.layers:
        opt = layer.opt
        if normalise(type(opt).__name__) not in _PRECONDITIONED:
            return None
        if opt.state is None:
            raise ValueError(
                f"the {type(opt).__name__} optimizer of layer {layer.name or '?'} has taken no "
                "step yet: its preconditioner does not exist"
            )
        parts.append(_slot_preconditioner(opt, 0).reshape(-1))
        parts.append(_slot_preconditioner(opt, 1).reshape(-1))
    return np.concatenate(parts)


def preconditioned_lambda_max(
    net: Any,
    x: Any,
    t: Any,
    *,
    tol: float = 1e-4,
    max_iter: int = 100,
    seed: int = 0,
    v0: Any = None,
) -> tuple[float, np.ndarray]:
    """λmax(P⁻¹H): the preconditioned sharpness of an adaptive optimizer (Cohen et al. 2022).

    P⁻¹H is similar to the symmetric P^{-1/2} H P^{-1/2}; power iteration runs on that.
    Returns its largest eigenvalue and unit eigenvector u (P⁻¹H's eigenvector is P^{-1/2}u);
    ``v0`` warm-starts with a previous u.  ValueError when the network's optimizers have
    no preconditioner (:func:`preconditioner`).
    """
    p = preconditioner(net)
    if p is None:
        names = sorted({type(layer.opt).__name__ for layer in net.layers})
        raise ValueError(
            f"optimizer {', '.join(names)} has no preconditioner: use lambda_max instead"
        )
    return _preconditioned_power(
        HessianOperator(net, x, t), p, tol=tol, max_iter=max_iter, seed=seed, v0=v0
    )


def _preconditioned_power(
    op: HessianOperator, p: np.ndarray, **kw: Any
) -> tuple[float, np.ndarray]:
    """Power iteration on P^{-1/2} H P^{-1/2} (similar to P⁻¹H), H given by ``op``."""
    d = 1.0 / np.sqrt(p)
    return power_iteration(lambda z: d * op(d * z), op.size, **kw)


class SharpnessTracker:
    """Sharpness every ``every`` steps of training: an ``on_step`` hook for ``Network.fit``.

    ``net.fit(x, t, ..., on_step=tracker)`` records, at every step that is a multiple of
    ``every``, λmax of the Hessian of the mean loss on the fixed evaluation set (x, t)
    (power iteration warm-started from the previous eigenvector), and for Adam, AdamW,
    AMSGrad and RMSprop also the preconditioned sharpness λmax(P⁻¹H).

    Parameters
    ----------
    x, t
        The evaluation samples (as ``fit`` takes them); ``max_samples`` keeps a fixed
        random subset of that many.
    every
        Record at steps every, 2·every, ...
    net
        The network being trained.
    tol, max_iter, seed
        Of the power iterations (:func:`core.landscape._hessian.power_iteration`).
    max_samples
        At most this many samples (drawn once with ``seed``); None keeps all.

    Attributes
    ----------
    steps, values, losses : list
        Recorded steps, λmax at them and the batch loss ``fit`` reported.
    preconditioned : list of float or None
        λmax(P⁻¹H) at the recorded steps (None for optimizers without a preconditioner).
    limit : float or None
        The optimizer's stability limit (:func:`stability_limit`); None without one or
        when the layers' optimizers differ.
    limit_applies_to : str or None
        "lambda_max" or "preconditioned": which series ``limit`` bounds.
    """

    def __init__(
        self,
        x: Any,
        t: Any,
        every: int = 10,
        *,
        net: Any,
        tol: float = 1e-3,
        max_iter: int = 50,
        seed: int = 0,
        max_samples: int | None = None,
    ) -> None:
        if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
            raise ValueError(f"every must be an integer >= 1, got {every!r}")
        x, t = np.asarray(x), np.asarray(t)
        if max_samples is not None:
            if isinstance(max_samples, bool) or not isinstance(max_samples, (int, np.integer)):
                raise ValueError(f"max_samples must be an integer >= 1, got {max_samples!r}")
            if max_samples < 1:
                raise ValueError(f"max_samples must be an integer >= 1, got {max_samples!r}")
            if len(x) > max_samples:
                keep = np.sort(np.random.default_rng(seed).choice(len(x), max_samples, False))
                x, t = x[keep], t[keep]
        HessianOperator(net, x, t)  # validates x and t now, not at the first record
        self.net, self.x, self.t = net, x, t
        self.every = int(every)
        self.tol, self.max_iter, self.seed = tol, max_iter, seed
        self.steps: list[int] = []
        self.values: list[float] = []
        self.losses: list[float] = []
        opts = [layer.opt for layer in net.layers]
        same = all(type(o) is type(opts[0]) and o.hyper == opts[0].hyper for o in opts[1:])
        name = type(opts[0]).__name__
        #: the limit at step 1 (with a scheduled hyperparameter it moves: :meth:`limit_at`)
        self.limit: float | None = stability_limit(name, opts[0].hyper) if same else None
        self._limit_of = (name, opts[0].hyper) if same else None
        self.limit_applies_to: str | None = limit_applies_to(name) if same else None
        adaptive = all(normalise(type(o).__name__) in _PRECONDITIONED for o in opts)
        self.preconditioned: list[float] | None = [] if adaptive else None
        self._v: np.ndarray | None = None
        self._pv: np.ndarray | None = None

    def limit_at(self, step: int) -> float | None:
        """The stability limit at ``step`` (the same at every step without a schedule)."""
        if self._limit_of is None:
            return None
        return stability_limit(*self._limit_of, t=max(int(step), 1))

    def __call__(self, step: int, f: float = math.nan) -> None:
        """The ``on_step(step, f)`` hook: records at multiples of ``every``."""
        if step % self.every == 0:
            self.record(step, f)

    on_step = __call__

    def record(self, step: int, f: float = math.nan) -> float:
        """Measure now (at any step, e.g. 0 before training); returns λmax."""
        op = HessianOperator(self.net, self.x, self.t)
        lam, self._v = power_iteration(
            op, op.size, tol=self.tol, max_iter=self.max_iter, seed=self.seed, v0=self._v
        )
        if self.preconditioned is not None:
            p = preconditioner(self.net) if self.net.layers[0].opt.state is not None else None
            if p is None:
                pl = math.nan  # no step taken yet: no preconditioner
            else:  # (the same operator: its pass at these parameters is reused)
                pl, self._pv = _preconditioned_power(
                    op, p, tol=self.tol, max_iter=self.max_iter, seed=self.seed, v0=self._pv
                )
            self.preconditioned.append(float(pl))
        self.steps.append(int(step))
        self.values.append(float(lam))
        self.losses.append(float(f))
        return float(lam)
