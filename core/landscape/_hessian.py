"""Exact Hessian-vector products of a network's training loss, and its top eigenpairs.

The Hessian H of the mean loss over (x, t) at the network's parameters θ is never formed:
``hvp(net, x, t, v)`` = H·v is computed by Pearlmutter's R-operator ("Fast exact
multiplication by the Hessian", Neural Computation 6, 1994).  With R(·) = d/dε (·)(θ + εv)
at ε = 0, a forward R-pass carries R(u) and R(a) through the dense layers
(R(u) = R(a_prev)·W + a_prev·V_W + V_b, R(a) = J_act·R(u)), and a backward R-pass carries
R(δ) back (the R-operators of the loss gradient and of every activation's vector-Jacobian
product), giving R(∂L/∂W) = R(a_prev)ᵀδ + a_prevᵀR(δ) = H·v.  The result is exact up to
round-off, for piecewise-linear activations too (almost everywhere: f'' = 0 off the kinks),
where central differences of gradients jump across kinks.

Everything runs in float64 on copies of the parameters, whatever the network's dtype; the
network itself (its parameters, its layers' cached activations, its optimizers' state) is
never touched.  Vectors are flat float64 in the layout of :mod:`core.landscape._params`.

``top_eigenpairs`` runs Lanczos with full reorthogonalisation on these products,
``lambda_max`` power iteration (:mod:`core.landscape._eigen`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from gradscape.core.landscape._eigen import Cancel, Cancelled, Progress, lanczos, power_iteration
from gradscape.core.landscape._params import flatten, layout_of, unflatten

__all__ = [
    "Cancelled",
    "HessianOperator",
    "gradient",
    "hvp",
    "hvp_fd",
    "lambda_max",
    "lanczos",
    "power_iteration",
    "top_eigenpairs",
]

#: rows per pass: bounds the memory of the cached activations of one chunk
_CHUNK = 4096
#: the forward pass is cached across products while it holds at most this many floats
_CACHE_MAX = 1 << 25

Pairs = list[tuple[np.ndarray, np.ndarray]]


def _params64(net: Any) -> Pairs:
    pairs = []
    for layer in net.layers:
        if np.ndim(layer.w) != 2:
            raise ValueError(
                "net must hold one parameter set per layer (not stacked parameters), got "
                f"w of shape {np.shape(layer.w)}"
            )
        pairs.append((np.array(layer.w, dtype=np.float64), np.array(layer.b, dtype=np.float64)))
    return pairs


def _data(net: Any, x: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    """x and t as float64 arrays (labels become one-hot rows), checked as ``fit`` does."""
    x = np.asarray(x)
    prev = net.layers[0].prev
    if x.ndim != 2 or x.shape[1] != prev:
        raise ValueError(f"x must have shape (samples, {prev}), got {x.shape}")
    if len(x) == 0:
        raise ValueError("x must hold at least one sample, got 0")
    tt = np.asarray(t)
    checked = net._targets(tt, len(x))  # validates; one-hot for class labels
    if tt.dtype.kind == "f":
        t64 = np.asarray(tt, dtype=np.float64).reshape(checked.shape)
    else:
        t64 = checked.astype(np.float64)
    x64 = np.asarray(x, dtype=np.float64)
    if not (np.isfinite(x64).all() and np.isfinite(t64).all()):
        raise ValueError("x and t must be finite")
    return x64, t64


class _Chunk:
    """One chunk of samples with its forward and backward pass at the base parameters."""

    __slots__ = ("x", "t", "weight", "us", "ys", "gs", "deltas", "loss")

    def __init__(self, x: np.ndarray, t: np.ndarray, weight: float) -> None:
        self.x, self.t, self.weight = x, t, weight
        self.us: list[np.ndarray] = []
        self.ys: list[np.ndarray] = []
        #: dL/dy per layer (None for a fused output layer, whose δ is taken directly)
        self.gs: list[np.ndarray | None] = []
        #: dL/du per layer
        self.deltas: list[np.ndarray] = []
        self.loss = 0.0


class HessianOperator:
    """v ↦ H·v for the mean loss of ``net`` on (x, t), at the network's current parameters.

    A float64 snapshot: later changes to the network do not affect it.  The forward and
    backward pass at θ are computed once and reused by every product (unless they would
    hold more than ``2**25`` floats, then they are recomputed per product).

    Attributes
    ----------
    size : int
        Number of parameters (the length of v).
    loss : float
        The mean loss at θ.
    grad : ndarray
        The gradient at θ (flat float64).
    """

    def __init__(self, net: Any, x: Any, t: Any, params: Pairs | None = None) -> None:
        self.layout = layout_of(net)
        self.params = _params64(net) if params is None else params
        self.acts = [layer.act for layer in net.layers]
        out = net.out
        self.loss_fn = out.loss
        self.fused = bool(out.fused)
        x64, t64 = _data(net, x, t)
        n = len(x64)
        self._spec = [
            (x64[i : i + _CHUNK], t64[i : i + _CHUNK], min(_CHUNK, n - i) / n)
            for i in range(0, n, _CHUNK)
        ]
        floats = n * sum(self.layout.sizes[1:]) * 4
        self._cached = floats <= _CACHE_MAX
        chunks = [self._pass(*spec) for spec in self._spec]
        self.size = self.layout.size
        self.loss = float(sum(c.loss * c.weight for c in chunks))
        self.grad = self._grad(chunks)
        self._chunks = chunks if self._cached else None

    # -- the base pass -------------------------------------------------------------------
    def _pass(self, x: np.ndarray, t: np.ndarray, weight: float) -> _Chunk:
        c = _Chunk(x, t, weight)
        a = x
        with np.errstate(all="ignore"):
            for (w, b), act in zip(self.params, self.acts, strict=True):
                u = a @ w
                u += b
                a = act.forward(u)
                c.us.append(u)
                c.ys.append(a)
            u, y = c.us[-1], c.ys[-1]
            loss = self.loss_fn
            if self.fused:
                c.loss = float(loss.fused_forward(u, t))
                g = None
                delta = loss.fused_delta(y, t)
            else:
                c.loss = float(loss._forward(y, t))
                g = loss._backward(y, t)
                delta = self.acts[-1].vjp(u, y, g)
            gs: list[np.ndarray | None] = [g]
            deltas = [delta]
            for i in range(len(self.params) - 1, 0, -1):
                g = deltas[0] @ self.params[i][0].T
                gs.insert(0, g)
                deltas.insert(0, self.acts[i - 1].vjp(c.us[i - 1], c.ys[i - 1], g))
        c.gs, c.deltas = gs, deltas
        return c

    def _grad(self, chunks: list[_Chunk]) -> np.ndarray:
        total = np.zeros(self.layout.size)
        for c in chunks:
            pairs = []
            for i, delta in enumerate(c.deltas):
                a_prev = c.x if i == 0 else c.ys[i - 1]
                pairs.append((a_prev.T @ delta, delta.sum(axis=0)))
            total += c.weight * flatten(pairs)
        return total

    def _chunks_now(self) -> Iterator[_Chunk]:
        if self._chunks is not None:
            yield from self._chunks
        else:
            for spec in self._spec:
                yield self._pass(*spec)

    # -- the R-operator ------------------------------------------------------------------
    def __call__(self, v: Any) -> np.ndarray:
        """H·v, flat float64."""
        v = np.asarray(v, dtype=np.float64)
        if v.shape != (self.layout.size,):
            raise ValueError(f"v must have shape ({self.layout.size},), got {v.shape}")
        vp = unflatten(v, self.layout)
        total = np.zeros(self.layout.size)
        with np.errstate(all="ignore"):
            for c in self._chunks_now():
                total += c.weight * flatten(self._rop(c, vp))
        return total

    def _rop(self, c: _Chunk, vp: Pairs) -> Pairs:
        params, acts = self.params, self.acts
        n_layers = len(params)
        # forward R-pass: R(u_i), R(y_i)
        rus: list[np.ndarray] = []
        rys: list[np.ndarray] = []
        for i, ((w, _), (vw, vb)) in enumerate(zip(params, vp, strict=True)):
            a_prev = c.x if i == 0 else c.ys[i - 1]
            ru = a_prev @ vw
            ru += vb
            if i > 0:
                ru += rys[-1] @ w
            rus.append(ru)
            rys.append(acts[i].jvp(c.us[i], c.ys[i], ru))
        # backward R-pass: R(δ_i), then R(grad_w), R(grad_b)
        u, y, t = c.us[-1], c.ys[-1], c.t
        loss, out = self.loss_fn, acts[-1]
        if self.fused:
            rdelta = loss.fused_delta_rop(y, t, rys[-1])
        else:
            g = c.gs[-1]
            assert g is not None  # a non-fused output keeps dL/dy
            rg = loss._backward_rop(y, t, rys[-1])
            rdelta = out.vjp(u, y, rg) + out.vjp_rop(u, y, g, rus[-1])
        result: Pairs = []
        for i in range(n_layers - 1, -1, -1):
            delta = c.deltas[i]
            if i == 0:
                rgw = c.x.T @ rdelta
            else:
                rgw = c.ys[i - 1].T @ rdelta
                rgw += rys[i - 1].T @ delta
            result.insert(0, (rgw, rdelta.sum(axis=0)))
            if i > 0:
                w, vw = params[i][0], vp[i][0]
                g_prev = c.gs[i - 1]
                assert g_prev is not None  # middle layers always keep dL/dy
                rg = rdelta @ w.T
                rg += delta @ vw.T
                act = acts[i - 1]
                u_prev, y_prev = c.us[i - 1], c.ys[i - 1]
                rdelta = act.vjp(u_prev, y_prev, rg) + act.vjp_rop(
                    u_prev, y_prev, g_prev, rus[i - 1]
                )
        return result


def gradient(net: Any, x: Any, t: Any) -> tuple[float, np.ndarray]:
    """(mean loss, gradient) of ``net`` on (x, t) at its parameters, in float64.

    The gradient is flat in the layout of :mod:`core.landscape._params`.
    """
    op = HessianOperator(net, x, t)
    return op.loss, op.grad


def hvp(net: Any, x: Any, t: Any, v: Any) -> np.ndarray:
    """The exact Hessian-vector product H·v of the mean loss of ``net`` on (x, t).

    By the R-operator through the layers, in float64 whatever the network's dtype; ``v``
    and the result are flat float64 vectors.  For many products at one θ build a
    :class:`HessianOperator` once instead.
    """
    return HessianOperator(net, x, t)(v)


def hvp_fd(net: Any, x: Any, t: Any, v: Any, eps: float = 1e-4) -> np.ndarray:
    """H·v by central differences of gradients: (∇L(θ + εv) − ∇L(θ − εv)) / 2ε.

    For tests only: its error is O(ε²) for smooth losses, and unbounded where θ ± εv
    crosses a kink of a piecewise-linear activation.
    """
    v = np.asarray(v, dtype=np.float64)
    layout = layout_of(net)
    if v.shape != (layout.size,):
        raise ValueError(f"v must have shape ({layout.size},), got {v.shape}")
    if not eps > 0:
        raise ValueError(f"eps must be > 0, got {eps!r}")
    theta = flatten(_params64(net))
    plus = HessianOperator(net, x, t, unflatten(theta + eps * v, layout)).grad
    minus = HessianOperator(net, x, t, unflatten(theta - eps * v, layout)).grad
    return (plus - minus) / (2.0 * eps)


def top_eigenpairs(
    net: Any,
    x: Any,
    t: Any,
    k: int = 2,
    *,
    tol: float = 1e-6,
    max_iter: int = 200,
    seed: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The k largest algebraic eigenpairs of the Hessian of ``net``'s mean loss on (x, t).

    Lanczos (:func:`lanczos`) on exact Hessian-vector products; values (k,) largest first,
    vectors (k, size) orthonormal, float64, in the flat parameter layout.
    """
    op = HessianOperator(net, x, t)
    return lanczos(
        op, op.size, k, tol=tol, max_iter=max_iter, seed=seed, progress=progress, cancel=cancel
    )


def lambda_max(
    net: Any,
    x: Any,
    t: Any,
    *,
    tol: float = 1e-4,
    max_iter: int = 100,
    seed: int = 0,
    v0: Any = None,
) -> tuple[float, np.ndarray]:
    """The sharpness λmax of the Hessian of ``net``'s mean loss on (x, t), and its vector.

    Power iteration (:func:`power_iteration`) on exact Hessian-vector products, warm-started
    from ``v0`` when given.
    """
    op = HessianOperator(net, x, t)
    return power_iteration(op, op.size, tol=tol, max_iter=max_iter, seed=seed, v0=v0)
