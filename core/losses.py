"""The series' loss functions: Square, Binary (cross-entropy), Cross (categorical).

``loss.forward(y, t)`` is the loss averaged over the batch axis (-2) and summed over the
output units (-1): a scalar for 2-D ``y``, an array of shape ``y.shape[:-2]`` for stacked
``y`` (one loss per parameter set, see :mod:`core.layers`).  ``loss.backward(y, t)`` is
dL/dy, same shape as ``y``, already divided by the batch size.

Numerical stability: probabilities are clipped away from 0 and 1 before the logarithm
(instead of the series' ``+ 1e-8``, which is 0 in float32 next to 1).  The output layer
does better for the pairs sigmoid + Binary and softmax + Cross: it works from the
pre-activation (logits) through :meth:`Loss.fused_forward` and uses the fused gradient
δ = (y − t)/batch (:meth:`Loss.fused_delta`), as the series does.

Second-order methods (Pearlmutter's R-operator, for exact Hessian-vector products in
:mod:`core.landscape._hessian`): ``loss.backward_rop(y, t, ry)`` is the directional
derivative of ``backward(y, t)`` along ``ry`` = R(y), i.e. (∂²L/∂y²)·ry, and
``loss.fused_delta_rop(y, t, ry)`` that of :meth:`Loss.fused_delta` (ry = R(y) is then the
fused activation's Jacobian product :meth:`core.activations.Activation.jvp` of R(u)).
Both are already divided by the batch size, like the gradients they differentiate.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from gradscape.core._registry import Registry
from gradscape.core.activations import softplus

__all__ = ["LOSSES", "Loss", "get_loss"]


def _pair(y: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y)
    if y.dtype.kind != "f":
        y = y.astype(np.float64)
    t = np.asarray(t)
    if t.dtype != y.dtype:
        t = t.astype(y.dtype)
    if y.ndim < 2:
        raise ValueError(f"y must have at least 2 axes (batch, units), got shape {y.shape}")
    if t.shape[-2:] != y.shape[-2:]:
        raise ValueError(f"t must have shape (batch, units) = {y.shape[-2:]} like y, got {t.shape}")
    return y, t


def _batch_mean(e: np.ndarray) -> np.ndarray | float:
    """Sum over units (-1) and batch (-2), divided by the batch size.

    ``e`` is a temporary owned by the caller.  Size-1 axes are dropped as views instead
    of reduced: a numpy reduction over trailing size-1 axes of a (500, 500, 1, 1) stack
    runs one inner loop per element, and every fresh large temporary costs page faults.
    """
    batch = e.shape[-2]
    if e.ndim == 2:
        return float(np.add.reduce(e, axis=None)) / batch
    e = e[..., 0] if e.shape[-1] == 1 else np.add.reduce(e, axis=-1)
    if batch == 1:
        return e[..., 0]
    out = np.add.reduce(e, axis=-1)
    out /= batch
    return out


class Loss:
    """Base class: ``forward(y, t)``, ``backward(y, t)``; fused pairs via ``fused_act``."""

    display_name: ClassVar[str] = ""
    formula: ClassVar[str] = ""
    #: registry key of the output activation whose pairing with this loss is fused
    fused_act: ClassVar[str | None] = None

    def forward(self, y: Any, t: Any) -> np.ndarray | float:
        """Loss of outputs ``y`` against targets ``t``, both (..., batch, units)."""
        return self._forward(*_pair(y, t))

    def backward(self, y: Any, t: Any) -> np.ndarray:
        """dL/dy, same shape as ``y``, already divided by the batch size."""
        return self._backward(*_pair(y, t))

    # The checked public methods above convert and validate; the output layer, whose y is
    # its own float output and whose targets it has checked once, calls these two directly
    # (on the small arrays of the engine's neuron the checks cost as much as the arithmetic).
    def _forward(self, y: np.ndarray, t: np.ndarray) -> np.ndarray | float:
        raise NotImplementedError

    def _backward(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def fused_forward(
        self, u: np.ndarray, t: np.ndarray, lse: np.ndarray | None = None
    ) -> np.ndarray | float:
        """Loss computed from the pre-activation ``u`` of the fused activation.

        ``lse`` (Cross only) is log Σ e^u over the last axis, if the caller has it already.
        """
        raise NotImplementedError

    def fused_delta(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dL/du for the fused pair, given ``y`` = act(u): (y − t)/batch."""
        raise NotImplementedError

    def backward_rop(self, y: Any, t: Any, ry: Any) -> np.ndarray:
        """R(dL/dy): the derivative of :meth:`backward` along ``ry`` (t held fixed).

        Elementwise for these losses, (∂²L/∂y²)·ry; zero wherever ``backward`` is flat
        (the clipped regions).  Same shape as ``y``, divided by the batch size.
        """
        y, t = _pair(y, t)
        ry = np.asarray(ry, dtype=y.dtype)
        if ry.shape != y.shape:
            raise ValueError(f"ry must have the shape of y {y.shape}, got {ry.shape}")
        return self._backward_rop(y, t, ry)

    def _backward_rop(self, y: np.ndarray, t: np.ndarray, ry: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def fused_delta_rop(self, y: np.ndarray, t: np.ndarray, ry: np.ndarray) -> np.ndarray:
        """R(δ) of the fused pair: the derivative of :meth:`fused_delta` along ``ry`` = R(y)."""
        raise NotImplementedError

    def __call__(self, y: Any, t: Any) -> np.ndarray | float:
        return self.forward(y, t)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


LOSSES: Registry[type[Loss]] = Registry("loss")


class Square(Loss):
    """Squared error E = ½ Σ (y − t)², averaged over the batch."""

    display_name = "squared error"
    formula = "E = ½(y − t)²;  ∂E/∂y = y − t"

    def _forward(self, y, t):
        d = y - t
        if d.size == 1:  # out of place: see core.activations.sigmoid
            return _batch_mean((d * d) * 0.5)
        d *= d
        d *= 0.5
        return _batch_mean(d)

    def _backward(self, y, t):
        d = y - t
        batch = y.shape[-2]
        if batch != 1:  # (d / 1 is d bit for bit: one array operation fewer)
            d /= batch
        return d

    def _backward_rop(self, y, t, ry):
        return ry / y.shape[-2]


class Binary(Loss):
    """Binary cross-entropy E = −t log y − (1 − t) log(1 − y), averaged over the batch."""

    display_name = "binary cross-entropy"
    formula = "E = −t log y − (1 − t) log(1 − y);  ∂E/∂y = (y − t)/(y(1 − y))"
    fused_act = "sigmoid"

    @staticmethod
    def _clip(y: np.ndarray) -> np.ndarray:
        # machine epsilon keeps 1 − eps representable below 1 in either dtype
        eps = np.finfo(y.dtype).eps
        return np.clip(y, eps, 1.0 - eps)

    def _forward(self, y, t):
        yc = self._clip(y)
        e = -(t * np.log(yc) + (1.0 - t) * np.log1p(-yc))
        return _batch_mean(e)

    def _backward(self, y, t):
        yc = self._clip(y)
        g = (yc - t) / (yc * (1.0 - yc) * y.shape[-2])
        # Outside [0, 1] (an output activation such as tanh or identity) the entropy is
        # undefined and forward's clipped loss is flat: its derivative is 0 there, not
        # the clipped formula's ±1/eps.
        outside = (y < 0.0) | (y > 1.0)
        if outside.any():
            g[outside] = 0.0
        return g

    def fused_forward(self, u, t, lse=None):
        # −t log σ(u) − (1 − t) log(1 − σ(u)) = softplus(u) − t·u, exact for any u
        e = softplus(u)
        e -= t * u
        return _batch_mean(e)

    def fused_delta(self, y, t):
        d = y - t
        batch = y.shape[-2]
        if batch != 1:
            d /= batch
        return d

    def _backward_rop(self, y, t, ry):
        # d/dy (y − t)/(y(1 − y)) = (y² − 2ty + t)/(y(1 − y))² inside the clip, 0 where
        # backward is flat (clipped, or outside [0, 1])
        eps = np.finfo(y.dtype).eps
        inside = (y >= eps) & (y <= 1.0 - eps)
        yc = np.where(inside, y, 0.5).astype(y.dtype, copy=False)
        q = yc * (1.0 - yc)
        h = (yc * yc - 2.0 * t * yc + t) / (q * q)
        return np.where(inside, h * ry, 0.0).astype(y.dtype, copy=False) / y.shape[-2]

    def fused_delta_rop(self, y, t, ry):
        return ry / y.shape[-2]


class Cross(Loss):
    """Categorical cross-entropy E = −Σ_k t_k log y_k, averaged over the batch.

    y is clipped to [tiny, 1] (tiny: the dtype's smallest normal number), so an output
    that is no probability (identity, tanh) gets a finite loss that is flat outside
    (0, 1], and a gradient that is 0 there.
    """

    display_name = "cross-entropy"
    formula = "E = −Σ t log y;  ∂E/∂y = −t/y  (y clipped to (0, 1]: 0 outside)"
    fused_act = "softmax"

    def _forward(self, y, t):
        # y clipped to [tiny, 1]: log(tiny) is finite (and 0·log(tiny) = 0); above 1 (an
        # output that is no probability) the loss stays at log 1 = 0 instead of falling
        # without bound
        tiny = np.finfo(y.dtype).tiny
        return _batch_mean(-(t * np.log(np.clip(y, tiny, 1.0))))

    def _backward(self, y, t):
        tiny = np.finfo(y.dtype).tiny
        g = -t / (np.clip(y, tiny, 1.0) * y.shape[-2])
        # Outside [tiny, 1] (an output activation such as identity or tanh) the clipped
        # loss is flat: its derivative is 0 there, not −t/tiny ≈ −1e308 (as for Binary)
        outside = (y < tiny) | (y > 1.0)
        if outside.any():
            g[outside] = 0.0
        return g

    def fused_forward(self, u, t, lse=None):
        # −Σ t (u − logsumexp u) = Σ t · (lse − u): log-sum-exp with max subtraction
        if lse is None:
            m = np.maximum.reduce(u, axis=-1, keepdims=True)
            e = u - m
            np.exp(e, out=e)
            lse = np.log(np.add.reduce(e, axis=-1, keepdims=True))
            lse += m
        e = lse - u
        e *= t
        return _batch_mean(e)

    def fused_delta(self, y, t):
        # dE/du = y·Σt − t, which is exactly y − t for targets that sum to 1 (one-hot)
        d = y * np.add.reduce(t, axis=-1, keepdims=True)
        d -= t
        d /= y.shape[-2]
        return d

    def _backward_rop(self, y, t, ry):
        # d/dy (−t/y) = t/y² on [tiny, 1], 0 where backward is flat
        tiny = np.finfo(y.dtype).tiny
        inside = (y >= tiny) & (y <= 1.0)
        yc = np.where(inside, y, 1.0).astype(y.dtype, copy=False)
        h = t / (yc * yc)
        return np.where(inside, h * ry, 0.0).astype(y.dtype, copy=False) / y.shape[-2]

    def fused_delta_rop(self, y, t, ry):
        return ry * np.add.reduce(t, axis=-1, keepdims=True) / y.shape[-2]


LOSSES.register("square", Square, ("SquareError", "mse"))
LOSSES.register("binary", Binary, ("BinaryCrossEntropy", "bce"))
LOSSES.register("cross", Cross, ("CrossEntropy", "ce"))


def get_loss(name: str) -> Loss:
    """Build a loss by name ("square", "Binary", "cross-entropy", ...).

    Unknown names raise ValueError listing the valid ones.
    """
    return LOSSES[name]()
