"""Rules that use more than the gradient at the current point: Newton, L-BFGS.

Both couple every parameter of one model (the Hessian, the history's inner products), so
they are not elementwise: each model's slots are flattened into one vector of n numbers
(slot by slot, each in C order), and ``batch_ndim`` leading axes index independent models,
which never mix.  They need more than ``grad_fn`` from the caller:

``hess_fn(*offsets) -> H``
    the Hessian at the current parameters plus ``offsets`` (one per slot), shape
    ``(*models, n, n)`` in the flattened order (Newton).  The engine passes the surface's
    ``hessian``.
``loss_fn(*offsets) -> f``
    the loss at the current parameters plus ``offsets``, shape ``models`` (L-BFGS's line
    search; the engine passes the surface's loss).

A caller without them (a network's layer) is refused with one line saying so.  Every extra
evaluation happens inside ``update``; the instance's ``evaluations`` counts those of the last step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from gradscape.core._registry import Param
from gradscape.core.optimizers._base import Optimizer, eta_param, register


def _flatten(grads: tuple[np.ndarray, ...], b: int) -> np.ndarray:
    """The slots of each model as one vector: shape (*models, n), float64."""
    lead = grads[0].shape[:b]
    parts = [np.asarray(g, dtype=np.float64).reshape(lead + (-1,)) for g in grads]
    return np.ascontiguousarray(np.concatenate(parts, axis=-1))


def _split(vec: np.ndarray, like: tuple[np.ndarray, ...], b: int) -> tuple[np.ndarray, ...]:
    """Inverse of :func:`_flatten`: one fresh array per slot, in the slot's shape and dtype."""
    out, start = [], 0
    for g in like:
        size = int(np.prod(g.shape[b:], dtype=np.int64))
        part = vec[..., start : start + size].reshape(g.shape)
        out.append(np.array(part, dtype=g.dtype))
        start += size
    return tuple(out)


def _dot(a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Per-model inner product over the last axis (one contiguous row per model)."""
    return np.add.reduce(a * c, axis=-1)


def _batch_ndim(kwds: dict[str, Any], grads: tuple[np.ndarray, ...]) -> int:
    b = kwds.get("batch_ndim", 0)
    if isinstance(b, bool) or not isinstance(b, (int, np.integer)):
        raise ValueError(f"batch_ndim must be an integer >= 0, got {b!r}")
    b = int(b)
    lead = grads[0].shape[:b]
    if b < 0 or any(g.ndim < b or g.shape[:b] != lead for g in grads):
        raise ValueError(
            f"batch_ndim must be in [0, {min(g.ndim for g in grads)}] and the gradients must "
            f"share their first batch_ndim axes, got {b} for shapes {[g.shape for g in grads]}"
        )
    return b


class _Coupled(Optimizer):
    """Common ground: per-model state kept on the instance (not per slot)."""

    fusable = False
    surface_only: ClassVar[bool] = True

    def reset(self) -> None:
        super().reset()
        #: extra evaluations the last update made (Hessians, losses, gradients)
        self.evaluations = 0


@register
class Newton(_Coupled):
    """Newton's method with Levenberg–Marquardt damping and a trust radius.

    Equations (H the Hessian at θ, λmin its smallest eigenvalue, I the identity)::

        μ = max(0, δ − λmin(H))
        p = −(H + μI)⁻¹ g
        Δ = η·p·min(1, r/‖η·p‖)

    Where H is positive definite with λmin ≥ δ, μ = 0 and Δ = −η·H⁻¹g: with η = 1 the exact
    minimum of a quadratic in one step.  At a saddle or a hilltop (λmin < δ) the shift μ
    makes H + μI positive definite with smallest eigenvalue δ, so p is a descent direction
    (it leaves a saddle along the falling direction instead of jumping to it), and the
    trust radius r caps the step.  A zero gradient gives Δ = 0.

    Reference: I. Newton, "De analysi per aequationes numero terminorum infinitas", 1669
    (the tangent method); K. Levenberg, "A method for the solution of certain non-linear
    problems in least squares", Q. Appl. Math. 1944; D. Marquardt, SIAM J. Appl. Math. 1963.
    """

    display_name = "Newton"
    params: ClassVar[tuple[Param, ...]] = (
        eta_param(1.0, "step factor η (1: the full Newton step)"),
        Param("damping", 1e-3, "least curvature δ kept by the shift μ", 0.0, None, True, log=True),
        Param("radius", 1.0, "trust radius r: longest step", 0.0, None, True, log=True),
    )
    equations = "μ = max(0, δ − λmin(H))\np = −(H + μ·I)⁻¹·g\nΔ = η·p·min(1, r/‖η·p‖)"
    paper = (
        'K. Levenberg, "A method for the solution of certain non-linear problems in least '
        "squares\", Q. Appl. Math. 1944; Newton's method with damping"
    )
    state_names: tuple[str, ...] = ("shift",)
    needs_grad_fn = False
    eta: float
    damping: float
    radius: float

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"shift": np.zeros_like(g)}

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        hess_fn = kwds.get("hess_fn")
        if hess_fn is None:
            raise ValueError(
                "Newton needs the Hessian: update() got no hess_fn (only surfaces give it)"
            )
        b = _batch_ndim(kwds, grads)
        g = _flatten(grads, b)
        n = g.shape[-1]
        h = np.asarray(hess_fn(*(np.zeros_like(x) for x in grads)), dtype=np.float64)
        self.evaluations = 1
        if h.shape != g.shape + (n,):
            raise ValueError(f"hess_fn returned shape {h.shape}, expected {g.shape + (n,)}")
        h = 0.5 * (h + np.swapaxes(h, -1, -2))
        # a model whose Hessian is not finite (far out on a steep surface) moves by NaN, which
        # stops its trajectory as a divergence; the others' eigh must not see it
        bad: np.ndarray = ~np.asarray(np.isfinite(h).all(axis=(-2, -1)))
        if bad.any():
            h = np.where(bad[..., None, None], np.eye(n), h)
        lam, q = np.linalg.eigh(h)  # H = Q·diag(λ)·Qᵀ, λ ascending
        mu = np.maximum(0.0, self.damping - lam[..., 0])
        coeff = np.einsum("...ji,...j->...i", q, g) / (lam + mu[..., None])
        p = -np.einsum("...ij,...j->...i", q, coeff)
        step = self.eta * p
        length = np.sqrt(_dot(step, step))
        scale = np.minimum(
            1.0, np.divide(self.radius, length, out=np.ones_like(length), where=length > 0)
        )
        step = step * scale[..., None]
        if bad.any():
            step[bad] = np.nan
        zero = _dot(g, g) == 0.0
        if zero.any():
            step[zero] = 0.0
        assert self.state is not None
        for s, x in zip(self.state, grads, strict=True):
            s["shift"][...] = mu.reshape(mu.shape + (1,) * (x.ndim - b))
        return _split(step, grads, b)


@register
class LBFGS(_Coupled):
    """L-BFGS (limited-memory BFGS) with a backtracking Armijo line search.

    Equations (k the step; the last m pairs s_i = Δ_i, y_i = g_{i+1} − g_i with s_i·y_i > 0)::

        d = −H_k·g          (two-loop recursion, H⁰ = (s·y / y·y)·I of the newest pair)
        α = α₀·ρ^j          (smallest j with L(θ + α·d) ≤ L(θ) + c₁·α·g·d)
        Δ = α·d

    α₀ = η, except at the first step (no pairs yet): η·min(1, 1/‖g‖₁), as torch.optim.LBFGS
    starts.  A pair with s·y ≤ 10⁻¹⁰ (no positive curvature measured) is not kept.  If no
    trial of the line search lowers the loss enough, the step is 0 and the history is
    cleared (the next step starts over from −g).

    Reference: D. C. Liu, J. Nocedal, "On the limited memory BFGS method for large scale
    optimization", Math. Programming 45, 1989; J. Nocedal, S. J. Wright, "Numerical
    Optimization", 2006, Algorithms 7.4 (two-loop recursion) and 3.1 (backtracking).
    """

    display_name = "L-BFGS"
    lookup_aliases = ("lbfgs",)
    params: ClassVar[tuple[Param, ...]] = (
        eta_param(1.0, "first trial step α₀ of the line search"),
        Param("history", 10, "pairs m kept in the memory", 1, 100, kind=int, label="m"),
        Param(
            "c1", 1e-4, "sufficient decrease constant c₁ (Armijo)", 0.0, 1.0, True, True, label="c₁"
        ),
        Param("shrink", 0.5, "factor ρ of each backtrack", 0.0, 1.0, True, True, label="ρ"),
        Param("max_backtracks", 30, "most trials of the line search", 1, 200, kind=int),
    )
    equations = (
        "d = −H·g   (two-loop recursion over the last m pairs s = Δ, y = Δg)\n"
        "α = α₀·ρʲ   (first j with L(θ + α·d) ≤ L(θ) + c₁·α·g·d)\n"
        "Δ = α·d"
    )
    paper = (
        'D. C. Liu, J. Nocedal, "On the limited memory BFGS method for large scale '
        'optimization", Math. Programming 1989'
    )
    state_names: tuple[str, ...] = ("direction",)
    eta: float
    history: int
    c1: float
    shrink: float
    max_backtracks: int

    def reset(self) -> None:
        super().reset()
        self._s: list[np.ndarray] = []  # newest last, each (*models, n); NaN rows unused
        self._y: list[np.ndarray] = []
        self._g_prev: np.ndarray | None = None
        self._step_prev: np.ndarray | None = None

    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        return {"direction": np.zeros_like(g)}

    def direction(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(d = −H·g by the two-loop recursion, per model; whether the model has a pair).

        A rejected pair is NaN in its model's rows and skipped for that model; H⁰ = γ·I with
        γ = s·y / y·y of the model's newest kept pair (1 without one)."""
        q = g.copy()
        lead = g.shape[:-1]
        gamma = np.ones(lead)
        found = np.zeros(lead, dtype=bool)
        alphas = []
        for s, y in zip(reversed(self._s), reversed(self._y), strict=True):
            ok = np.isfinite(s[..., 0])
            s0, y0 = np.where(ok[..., None], s, 0.0), np.where(ok[..., None], y, 0.0)
            sy, yy = _dot(s0, y0), _dot(y0, y0)
            rho = np.divide(1.0, sy, out=np.zeros_like(sy), where=ok)
            a = rho * _dot(s0, q)
            q = q - a[..., None] * y0
            alphas.append((a, rho, s0, y0))
            newest = ok & ~found
            gamma = np.where(newest, np.divide(sy, yy, out=np.ones_like(sy), where=newest), gamma)
            found |= ok
        r = gamma[..., None] * q
        for a, rho, s0, y0 in reversed(alphas):
            beta = rho * _dot(y0, r)
            r = r + s0 * (a - beta)[..., None]
        return -r, found

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        loss_fn = kwds.get("loss_fn")
        if loss_fn is None or f is None:
            raise ValueError(
                "L-BFGS needs the loss for its line search: update() got no "
                + ("loss_fn" if loss_fn is None else "f")
                + " (only surfaces give it)"
            )
        b = _batch_ndim(kwds, grads)
        g = _flatten(grads, b)
        lead = g.shape[:-1]
        f0 = np.broadcast_to(np.asarray(f, dtype=np.float64), lead)
        self._remember(g)
        d, has_pairs = self.direction(g)
        slope = _dot(g, d)
        descent = slope < 0.0
        if not descent.all():  # a pair gave no descent direction: that model starts over
            d = np.where(descent[..., None], d, -g)
            slope = _dot(g, d)
            self._forget(~descent)
        # α₀ = η; without pairs (the first step, or after starting over) torch's η·min(1, 1/‖g‖₁)
        l1 = np.add.reduce(np.abs(g), axis=-1)
        inv = np.divide(1.0, l1, out=np.ones_like(l1), where=l1 > 0)
        alpha = np.where(has_pairs & descent, self.eta, self.eta * np.minimum(1.0, inv))
        done = slope == 0.0  # a zero gradient: nothing to search
        accepted = done.copy()
        evaluations = 0
        for _ in range(self.max_backtracks):
            if done.all():
                break
            trial = alpha[..., None] * d
            ft = np.broadcast_to(
                np.asarray(loss_fn(*_split(trial, grads, b)), dtype=np.float64), lead
            )
            evaluations += 1
            with np.errstate(invalid="ignore"):
                good = ft <= f0 + self.c1 * alpha * slope
            accepted = accepted | (good & ~done)
            done = done | good
            alpha = np.where(done, alpha, alpha * self.shrink)
        self.evaluations = evaluations
        failed = ~accepted
        alpha = np.where(accepted & (slope < 0.0), alpha, 0.0)
        if failed.any():
            self._forget(failed)
        step = alpha[..., None] * d
        self._g_prev = g
        self._step_prev = np.where(failed[..., None], np.nan, step)
        assert self.state is not None
        for s, part in zip(self.state, _split(d, grads, b), strict=True):
            s["direction"][...] = part
        return _split(step, grads, b)

    def _remember(self, g: np.ndarray) -> None:
        """The pair of the last step (s = its move, y = the change of gradient), kept for
        the models where it shows positive curvature."""
        if self._g_prev is None or self._step_prev is None:
            return
        s, y = self._step_prev, g - self._g_prev
        with np.errstate(invalid="ignore"):
            ok = _dot(s, y) > 1e-10
        self._s.append(np.where(ok[..., None], s, np.nan))
        self._y.append(np.where(ok[..., None], y, np.nan))
        if len(self._s) > self.history:
            del self._s[0], self._y[0]

    def _forget(self, mask: np.ndarray) -> None:
        """Clear the history of the models in ``mask``."""
        for s, y in zip(self._s, self._y, strict=True):
            s[mask] = np.nan
            y[mask] = np.nan
