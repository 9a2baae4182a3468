"""The loss of a network over many parameter vectors at once: planes, lines, plane points.

Every point is a combination θ(k) = c0 v0 + c1 v1 + c2 v2 of three fixed vectors (a plane:
v = (θ, d1, d2), c = (1, α, β); a line between two networks: v = (θa, θb, 0),
c = (1 − s, s, 0)).  A chunk of points is evaluated as one batched forward pass: the
layers get stacked parameters (P, prev, n) and the data runs through all P networks at
once (see :mod:`core.layers`).  The first layer uses linearity: with A_k = x·W_k + b_k
computed once, its pre-activation at point k is c0 A_0 + c1 A_1 + c2 A_2, so the widest
matrix product of an MLP is paid three times in all instead of once per point.

The evaluation mirrors :meth:`core.network.Network.evaluate` operation for operation
(the same first-layer product and bias addition, the same loss reduction per point over
the same blocks of rows), so the grid's centre (α = β = 0) equals the network's own
evaluated loss exactly; any other point agrees with ``evaluate`` after ``set_theta`` to
rounding (the first layer's sum is rearranged).

Chunks are fixed by the problem alone (:func:`chunk_plan`), and every chunk is computed
by the same code wherever it runs, so serial, process-pool and dask results are
identical bit for bit.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradscape.core.activations import ReLU
from gradscape.core.landscape._directions import Plane
from gradscape.core.landscape._parallel import Cancelled, Progress, run_chunks
from gradscape.core.landscape._params import Layout, set_theta
from gradscape.core.network import _CHUNK, Network

__all__ = [
    "Cancelled",
    "chunk_plan",
    "evaluate_points",
    "interpolate",
    "loss_grid",
    "plane_losses",
]

#: floating-point work of one chunk (≈ 50 ms at the BLAS rate of one core)
_CHUNK_FLOP = 5e9
#: at most this many chunks, however large the grid
_MAX_CHUNKS = 4096
#: elements of the widest activation of a stacked sub-batch (bounds memory, keeps it in cache)
_STACK_ELEMENTS = 1 << 19
#: rows of a one-point pass's cache block: its middle activations (rows × width) stay in
#: the core's L2 cache between the matrix products and the elementwise operations
_BLOCK_ELEMENTS = 1 << 16


def chunk_plan(points: int, flop_per_point: float) -> list[tuple[int, int]]:
    """Consecutive (start, stop) ranges covering ``points``: about ``_CHUNK_FLOP`` of work
    each, at most ``_MAX_CHUNKS`` of them.  A function of the problem only."""
    per = max(1, math.ceil(_CHUNK_FLOP / max(flop_per_point, 1.0)), math.ceil(points / _MAX_CHUNKS))
    return [(a, min(a + per, points)) for a in range(0, points, per)]


def flop_per_point(sizes: Any, samples: int) -> float:
    """2·N·Σ prev·n: the multiply-adds of one forward pass of N samples."""
    s = list(sizes)
    return 2.0 * samples * sum(p * n for p, n in zip(s, s[1:], strict=False))


@dataclass(frozen=True, eq=False)
class _Problem:
    """What a worker needs: the network's shape, data (already in the network's dtype),
    the three vectors and every point's coefficients."""

    sizes: tuple[int, ...]
    act: str
    out_act: str
    loss: str
    dtype: str
    x: np.ndarray
    t: np.ndarray
    vectors: np.ndarray  # (3, size) float64
    coef: np.ndarray  # (points, 3) float64
    token: str = field(default_factory=lambda: uuid.uuid4().hex)


class _Prepared:
    """A worker's state for one problem: its network and the first layer's products."""

    def __init__(self, p: _Problem) -> None:
        self.net = Network.from_sizes(
            p.sizes, p.act, p.out_act, p.loss, opt="sgd", dtype=p.dtype, seed=0
        )
        self.layout = Layout(p.sizes)
        self.slices = list(self.layout.slices())
        dt = self.net.dtype
        self.x, self.t = p.x, p.t
        self.blocks = [(i, min(i + _CHUNK, len(p.x))) for i in range(0, len(p.x), _CHUNK)]
        sw, sb, shape = self.slices[0]
        self.first = []
        for a, b in self.blocks:
            xb = self.x[a:b]
            prods = []
            for v in p.vectors:
                u = xb @ v[sw].reshape(shape).astype(dt)  # as Network.forward: x @ w; u += b
                u += v[sb].astype(dt)
                prods.append(u)
            self.first.append(prods)
        width = max(p.sizes[1:])
        rows = min(len(p.x), _CHUNK)
        self.stack = max(1, _STACK_ELEMENTS // (rows * width))
        #: per evaluation block: the targets' classes (softmax outputs), else None
        self.labels = [
            p.t[a:b].argmax(axis=1) if self.net.kind == "softmax" else None
            for a, b in self.blocks
        ]
        #: one point at a time through row blocks of this many rows (large networks)
        self.block = max(8, _BLOCK_ELEMENTS // width) if self.stack == 1 else 0


_CACHE: dict[str, _Prepared] = {}


def _prepared(p: _Problem) -> _Prepared:
    hit = _CACHE.get(p.token)
    if hit is None:
        _CACHE.clear()  # one problem at a time per process
        hit = _CACHE[p.token] = _Prepared(p)
    return hit


def _layer_params(
    p: _Problem, sl: tuple[slice, slice, tuple[int, int]], c: np.ndarray, dt: np.dtype
) -> tuple[np.ndarray, np.ndarray]:
    """Stacked (w, b) of one layer at the points with coefficients ``c`` (P, 3): the sum
    c0 v0 + c1 v1 + c2 v2 in float64, left to right, then cast (as set_theta does)."""
    sw, sb, shape = sl
    out = []
    for s in (sw, sb):
        v = p.vectors[:, s]
        total = c[:, 0:1] * v[0]
        total += c[:, 1:2] * v[1]
        total += c[:, 2:3] * v[2]
        out.append(total.astype(dt))
    return out[0].reshape((len(c),) + shape), out[1]


def evaluate_chunk(p: _Problem, start: int, stop: int) -> np.ndarray:
    """Loss and accuracy at points start..stop-1: array (2, stop − start), float64."""
    prep = _prepared(p)
    net = prep.net
    res = np.empty((2, stop - start))
    bases: dict[tuple[int, float, float], np.ndarray] = {}
    with np.errstate(all="ignore"):
        for s0 in range(start, stop, prep.stack):
            s1 = min(s0 + prep.stack, stop)
            if prep.block and len(net.layers) > 1:
                res[:, s0 - start] = _evaluate_point(p, prep, p.coef[s0], bases)
            else:
                res[:, s0 - start : s1 - start] = _evaluate_stack(p, prep, p.coef[s0:s1], bases)
    if net.kind == "regression":
        res[1] = np.nan
    return res


def _evaluate_stack(
    p: _Problem, prep: _Prepared, c: np.ndarray, bases: dict[tuple[int, float, float], np.ndarray]
) -> np.ndarray:
    """Loss and accuracy (2, P) at the P points with coefficients ``c``.  ``bases`` keeps
    the first layer's c0 A0 + c2 A2 from the previous stack (a grid row shares it)."""
    net = prep.net
    dt = net.dtype
    trick = len(net.layers) > 1  # (a one-layer network's output layer does its own affine)
    rest = net.layers[1:] if trick else net.layers
    for layer, sl in zip(rest, prep.slices[len(prep.slices) - len(rest) :], strict=True):
        layer._set_params(*_layer_params(p, sl, c, dt))
    total = [0.0] * len(c)
    correct = [0.0] * len(c)
    rows = c.tolist()
    used = set()
    for i, ((a, b), (a0, a1, a2)) in enumerate(zip(prep.blocks, prep.first, strict=True)):
        tb = prep.t[a:b]
        if trick:
            # c0 A0 + c2 A2 once per distinct pair (a grid row shares β), then + c1 A1
            u = np.multiply(c[:, 1].astype(dt)[:, None, None], a1)
            for k, (c0, _, c2) in enumerate(rows):
                key = (i, c0, c2)
                if key not in bases:
                    r = a0 * dt.type(c0)
                    r += a2 * dt.type(c2)
                    bases[key] = r
                used.add(key)
                u[k] += bases[key]
            h = net.layers[0].act.forward(u)
        else:
            h = prep.x[a:b]
        for layer in rest:
            h = layer._forward(h)
        for k in range(len(c)):
            total[k] += _point_loss(net.out, k, tb) * (b - a)
            got = net._accuracy_count(h[k], tb)
            if got is not None:
                correct[k] += got
    for key in set(bases) - used:
        del bases[key]
    n = len(p.x)
    return np.array([[v / n for v in total], [v / n for v in correct]])


def _activate(act: Any, u: np.ndarray) -> np.ndarray:
    """act(u); ReLU in place (the same values as its forward, without a new array)."""
    if type(act) is ReLU:
        return np.maximum(u, 0.0, out=u)
    return act.forward(u)


def _evaluate_point(
    p: _Problem, prep: _Prepared, c: np.ndarray, bases: dict[tuple[int, float, float], np.ndarray]
) -> tuple[float, float]:
    """Loss and accuracy at one point (coefficients ``c`` (3,)) of a large network.

    The middle layers run block by block over the rows (``prep.block`` rows, so that each
    activation stays in cache between its matrix product and its elementwise operations),
    the output layer on the whole evaluation block, as ``Network.evaluate`` runs it.
    Every row's arithmetic is the network's own, so the centre stays exact.
    """
    net = prep.net
    dt = net.dtype
    layers = net.layers
    params = [
        _layer_params(p, sl, c[None, :], dt) for sl in prep.slices[1:]
    ]  # (w (1, prev, n), b (1, n)) of every layer after the first
    ws = [w[0] for w, _ in params]
    bs = [b[0] for _, b in params]
    out = net.out
    out._set_params(ws[-1], bs[-1])
    c0, c1, c2 = (float(v) for v in c)
    scale = dt.type(c1)
    total, correct = 0.0, 0.0
    widths = p.sizes[1:-1]
    for i, ((a, b), (a0, a1, a2)) in enumerate(zip(prep.blocks, prep.first, strict=True)):
        key = (i, c0, c2)
        base = bases.get(key)
        if base is None:
            bases.clear()  # (the previous grid row's)
            base = a0 * dt.type(c0)
            base += a2 * dt.type(c2)
            bases[key] = base
        # each middle layer's output block, written in place (the last one's into `last`)
        bufs = [np.empty((min(prep.block, b - a), w), dt) for w in widths]
        last = np.empty((b - a, widths[-1]), dt)
        for r0 in range(0, b - a, prep.block):
            r1 = min(r0 + prep.block, b - a)
            m = len(layers) - 2
            u = np.multiply(a1[r0:r1], scale, out=last[r0:r1] if m == 0 else bufs[0][: r1 - r0])
            u += base[r0:r1]
            h = _activate(layers[0].act, u)
            for k, layer in enumerate(layers[1:-1]):
                u = np.matmul(h, ws[k], out=last[r0:r1] if k == m - 1 else bufs[k + 1][: r1 - r0])
                u += bs[k]
                h = _activate(layer.act, u)
            if h is not last[r0:r1] and not np.shares_memory(h, last):
                last[r0:r1] = h
        y = out._forward(last)
        tb = prep.t[a:b]
        total += float(out._loss_of(tb)) * (b - a)
        labels = prep.labels[i]
        if labels is not None:  # (the targets' classes found once, not at every point)
            correct += float(np.count_nonzero(y.argmax(axis=1) == labels))
        else:
            got = net._accuracy_count(y, tb)
            if got is not None:
                correct += got
    n = len(p.x)
    return total / n, correct / n


def _point_loss(out_layer: Any, k: int, tb: np.ndarray) -> float:
    """The output layer's loss for stacked point k, by the network's own 2-D code path."""
    u, y, lse = out_layer.u, out_layer.y, out_layer._lse
    try:
        out_layer.u, out_layer.y = u[k], y[k]
        if lse is not None:
            out_layer._lse = lse[k]
        return float(out_layer._loss_of(tb))
    finally:
        out_layer.u, out_layer.y, out_layer._lse = u, y, lse


# -- the public functions -------------------------------------------------------------------


def _problem(
    sizes: Any, act: str, out_act: str, loss: str, x: Any, t: Any, vectors: list[Any],
    coef: np.ndarray, dtype: Any,
) -> tuple[_Problem, Network]:  # fmt: skip
    """Validate everything in this process (clear messages), and package it for workers."""
    layout = Layout(tuple(sizes))
    dt = np.dtype(dtype)
    if dt not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dt}")
    net = Network.from_sizes(layout.sizes, act, out_act, loss, opt="sgd", dtype=dt, seed=0)
    xs = net._inputs(x)
    if len(xs) == 0:
        raise ValueError("x must hold at least one sample, got 0")
    ts = net._targets(t, len(xs))
    vs = []
    for name, v in vectors:
        a = np.asarray(v)
        if a.dtype.kind not in "iuf" or a.shape != (layout.size,):
            raise ValueError(
                f"{name} must be a real vector of {layout.size} entries (the network's "
                f"parameters), got dtype {a.dtype} shape {a.shape}"
            )
        a = a.astype(np.float64)
        if not np.isfinite(a).all():
            raise ValueError(f"{name} must be finite")
        vs.append(a)
    names = (str(act), str(out_act), str(loss))
    p = _Problem(layout.sizes, *names, dt.name, xs, ts, np.stack(vs), coef)
    return p, net


def _axis(v: Any, name: str) -> np.ndarray:
    a = np.asarray(v)
    if a.dtype.kind not in "iuf" or a.ndim != 1 or len(a) < 1:
        raise ValueError(f"{name} must be a non-empty 1-D array of numbers, got shape {a.shape}")
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise ValueError(f"{name} must be finite")
    return a


def _run(
    p: _Problem, workers: int | None, scheduler: str | None, progress: Progress | None,
    cancel: Callable[[], Any] | None, what: str,
) -> np.ndarray:  # fmt: skip
    chunks = chunk_plan(len(p.coef), flop_per_point(p.sizes, len(p.x)))
    parts = run_chunks(
        evaluate_chunk, p, chunks, workers=workers, scheduler=scheduler, progress=progress,
        cancel=cancel, what=what,
    )  # fmt: skip
    _CACHE.pop(p.token, None)  # (the serial path prepared it in this process)
    return np.concatenate(parts, axis=1) if parts else np.zeros((2, 0))


def loss_grid(
    sizes: Any,
    act: str,
    out_act: str,
    loss: str,
    x: Any,
    t: Any,
    theta: Any,
    d1: Any,
    d2: Any,
    alpha: Any,
    beta: Any,
    *,
    dtype: Any = np.float32,
    workers: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], Any] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy of the network over the plane θ + α d1 + β d2.

    Parameters
    ----------
    sizes, act, out_act, loss
        The network (:meth:`core.network.Network.from_sizes`'s names).
    x, t
        Evaluation data: inputs (N, sizes[0]); targets (N, sizes[-1]) or class labels (N,).
    theta, d1, d2
        Flat parameter vectors (:mod:`core.landscape._params` layout).
    alpha, beta
        The grid's axes.
    dtype
        float32 (default) or float64: the network's arithmetic, as in ``Network``.
    workers, scheduler, progress, cancel
        Where the chunks run and how to follow or stop them (:func:`run_chunks`).

    Returns
    -------
    loss_grid, acc_grid : numpy.ndarray, float64, shape (len(beta), len(alpha))
        Row i, column j is the point (alpha[j], beta[i]); each value is exactly what
        ``Network.evaluate`` computes in ``dtype`` (the centre bit for bit).  Accuracy is
        NaN for a regression output.
    """
    a, b = _axis(alpha, "alpha"), _axis(beta, "beta")
    aa, bb = np.meshgrid(a, b)
    coef = np.stack([np.ones(aa.size), aa.ravel(), bb.ravel()], axis=1)
    p, _ = _problem(
        sizes, act, out_act, loss, x, t, [("theta", theta), ("d1", d1), ("d2", d2)], coef, dtype
    )
    res = _run(p, workers, scheduler, progress, cancel, "grid")
    return res[0].reshape(aa.shape), res[1].reshape(aa.shape)


def plane_losses(
    sizes: Any,
    act: str,
    out_act: str,
    loss: str,
    x: Any,
    t: Any,
    plane: Plane,
    coords: Any,
    *,
    dtype: Any = np.float32,
    workers: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], Any] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy at the plane points θ + a d1 + b d2 for ``coords`` (n, 2) — each
    evaluated exactly as a grid point, not interpolated from a grid."""
    c = np.asarray(coords)
    if c.dtype.kind not in "iuf" or c.ndim != 2 or c.shape[1] != 2:
        raise ValueError(f"coords must be a real array (n, 2), got shape {c.shape}")
    c = c.astype(np.float64)
    if not np.isfinite(c).all():
        raise ValueError("coords must be finite")
    coef = np.concatenate([np.ones((len(c), 1)), c], axis=1)
    vecs = [("theta", plane.theta), ("d1", plane.d1), ("d2", plane.d2)]
    p, _ = _problem(sizes, act, out_act, loss, x, t, vecs, coef, dtype)
    res = _run(p, workers, scheduler, progress, cancel, "plane")
    return res[0], res[1]


def interpolate(
    sizes: Any,
    act: str,
    out_act: str,
    loss: str,
    x: Any,
    t: Any,
    theta_a: Any,
    theta_b: Any,
    n: int = 51,
    *,
    dtype: Any = np.float32,
    workers: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], Any] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loss along the segment (1 − s) θa + s θb, s = linspace(0, 1, n) (Goodfellow et al.
    2015).  The ends are θa and θb exactly, so their losses equal ``evaluate``'s bit for bit.

    Returns (s, losses, accuracies), each of shape (n,).
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    s = np.linspace(0.0, 1.0, int(n))
    s[0], s[-1] = 0.0, 1.0
    coef = np.stack([1.0 - s, s, np.zeros_like(s)], axis=1)
    zero = np.zeros_like(np.asarray(theta_a, dtype=np.float64))
    vecs = [("theta_a", theta_a), ("theta_b", theta_b), ("zero", zero)]
    p, _ = _problem(sizes, act, out_act, loss, x, t, vecs, coef, dtype)
    res = _run(p, workers, scheduler, progress, cancel, "line")
    return s, res[0], res[1]


def evaluate_points(
    sizes: Any,
    act: str,
    out_act: str,
    loss: str,
    x: Any,
    t: Any,
    points: Any,
    *,
    dtype: Any = np.float32,
    progress: Progress | None = None,
    cancel: Callable[[], Any] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``Network.evaluate`` at every parameter vector of ``points`` (n, size), in this
    process: the true losses of checkpoints (the honesty meter's reference)."""
    pts = np.asarray(points)
    layout = Layout(tuple(sizes))
    if pts.dtype.kind not in "iuf" or pts.ndim != 2 or pts.shape[1] != layout.size:
        raise ValueError(f"points must be a real array (n, {layout.size}), got shape {pts.shape}")
    net = Network.from_sizes(layout.sizes, act, out_act, loss, opt="sgd", dtype=dtype, seed=0)
    losses, accs = np.empty(len(pts)), np.empty(len(pts))
    for i, theta in enumerate(pts):
        if cancel is not None and cancel():
            raise Cancelled(f"checkpoint losses cancelled after {i} of {len(pts)}")
        set_theta(net, theta)
        loss_i, acc_i = net.evaluate(x, t)
        losses[i], accs[i] = loss_i, np.nan if acc_i is None else acc_i
        if progress is not None:
            progress(i + 1, len(pts), "checkpoints")
    return losses, accs
