"""Dense layers in the series' design: each layer owns its activation and its optimizer.

``BaseLayer(prev, n, name, wb_width, act, opt, act_dic, opt_dic)`` as in the series:

* ``forward(x)``: u = x·w + b, y = act(u);
* ``backward(grad)``: δ = dL/du, ``grad_w`` = xᵀδ, ``grad_b`` = Σ_batch δ, returns δ·wᵀ;
* ``update(**kwds)``: ``dw, db = opt.update(grad_w, grad_b, ...)``; ``w += dw``; ``b += db``.

**Stacked parameters.**  ``w`` may have shape ``(*P, prev, n)`` and ``b`` ``(*P, n)``: then
``forward(x)`` with x of shape (batch, prev) returns (*P, batch, n), one output per
parameter set, and ``backward`` gives ``grad_w`` (*P, prev, n) and ``grad_b`` (*P, n).  The
same code path serves both (matmul broadcasting), so the engine can evaluate a whole
(w, b) grid of a 1 → 1 neuron in one call.  For prev = 1 the products are written as
broadcast multiplications, which numpy runs far faster than a stack of 1×1 matmuls.

The series' image layers live in their own modules and are importable from here:
:class:`~core.conv.Convolution`, :class:`~core.pooling.Pooling`, :class:`~core.dropout.Dropout`
and :class:`~core.pooling.Flatten`.  Every layer has ``in_shape`` and ``out_shape`` (one
sample's shapes: ``(prev,)`` and ``(n,)`` for a dense layer) and ``trainable``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradscape.core.activations import Activation, get_act
from gradscape.core.conv import Convolution
from gradscape.core.dropout import Dropout
from gradscape.core.losses import Loss, get_loss
from gradscape.core.optimizers import Optimizer, get_opt
from gradscape.core.pooling import Flatten, Pooling

__all__ = [
    "BaseLayer",
    "Convolution",
    "Dropout",
    "Flatten",
    "MiddleLayer",
    "OutputLayer",
    "Pooling",
]

_INITS = ("normal", "he", "xavier")


class BaseLayer:
    """A dense layer u = x·w + b, y = act(u).

    Parameters
    ----------
    prev : int
        Number of inputs (outputs of the previous layer).
    n : int
        Number of units.
    name : str
        Label of the layer.
    wb_width : float
        Standard deviation of the series' initialisation ``wb_width·randn`` (init="normal").
    act, act_dic : str, dict
        Activation name and its parameters (:func:`core.activations.get_act`).
    opt, opt_dic : str, dict
        Optimizer name and its hyperparameters (:func:`core.optimizers.get_opt`).
    dtype : numpy dtype
        float32 or float64; parameters, gradients and moves keep it.
    rng : numpy.random.Generator, optional
        Source of the initial weights (default: a fresh unseeded generator).
    init : {"normal", "he", "xavier"}
        "normal": w, b ~ wb_width·N(0, 1) (the series); "he": w ~ N(0, 2/prev), b = 0
        (good for ReLU networks); "xavier": w ~ N(0, 2/(prev + n)), b = 0.
    """

    #: a layer with parameters and a learning rule (the image layers without one say False)
    trainable = True

    def __init__(
        self,
        prev: int = 1,
        n: int = 1,
        name: str = "",
        wb_width: float = 5e-2,
        act: str = "ReLU",
        opt: str = "Adam",
        act_dic: dict[str, Any] | None = None,
        opt_dic: dict[str, Any] | None = None,
        *,
        dtype: Any = np.float64,
        rng: np.random.Generator | None = None,
        init: str = "normal",
    ) -> None:
        for label, v in (("prev", prev), ("n", n)):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
                raise ValueError(f"{label} must be an integer >= 1, got {v!r}")
        if not (isinstance(wb_width, (int, float)) and np.isfinite(wb_width) and wb_width >= 0):
            raise ValueError(f"wb_width must be a finite number >= 0, got {wb_width!r}")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        # 0 as a 0-d array of the layer's dtype: a ufunc takes it ~0.3 µs faster than the
        # Python float 0.0, with the same result
        self._zero = np.zeros((), self.dtype)
        if init not in _INITS:
            raise ValueError(f"init must be one of {', '.join(_INITS)}, got {init!r}")
        self.prev, self.n, self.name = int(prev), int(n), name
        self.wb_width = float(wb_width)
        rng = np.random.default_rng() if rng is None else rng
        if init == "normal":
            w = self.wb_width * rng.standard_normal((self.prev, self.n))
            b = self.wb_width * rng.standard_normal(self.n)
        else:
            fan = self.prev if init == "he" else (self.prev + self.n)
            w = np.sqrt(2.0 / fan) * rng.standard_normal((self.prev, self.n))
            b = np.zeros(self.n)
        self.w = w.astype(self.dtype)
        self.b = b.astype(self.dtype)
        self.act: Activation = get_act(act, **(act_dic or {}))
        self.opt: Optimizer = get_opt(opt, **(opt_dic or {}))
        self.x: np.ndarray | None = None
        self.u: np.ndarray | None = None
        self.y: np.ndarray | None = None
        self.grad_w: np.ndarray | None = None
        self.grad_b: np.ndarray | None = None

    # -- parameters ---------------------------------------------------------------------
    def set_params(self, w: Any, b: Any) -> None:
        """Replace w and b; stacked shapes (*P, prev, n) and (*P, n) are allowed.

        The arrays are converted to the layer's dtype (no copy when they already have it).
        The optimizer state is reset, since it belonged to the old parameters' shape.
        """
        dtype = self.dtype
        if type(w) is not np.ndarray or w.dtype != dtype:
            w = np.asarray(w, dtype=dtype)
        if type(b) is not np.ndarray or b.dtype != dtype:
            b = np.asarray(b, dtype=dtype)
        if w.ndim < 2 or w.shape[-2:] != (self.prev, self.n):
            raise ValueError(
                f"w must have shape (..., prev, n) = (..., {self.prev}, {self.n}), got {w.shape}"
            )
        if b.shape != w.shape[:-2] + (self.n,):
            raise ValueError(f"b must have shape {w.shape[:-2] + (self.n,)}, got {b.shape}")
        self.w, self.b = w, b
        if self.opt.state is not None:  # (a fresh optimizer has nothing to forget)
            self.opt.reset()

    def _set_params(self, w: np.ndarray, b: np.ndarray) -> None:
        """:meth:`set_params` for a caller whose arrays already have the layer's dtype and
        shapes and whose optimizer holds no state (the neuron surface, on every evaluation):
        the checks cost as much as a small forward pass."""
        self.w, self.b = w, b

    @property
    def in_shape(self) -> tuple[int, ...]:
        """One input sample's shape, (prev,)."""
        return (self.prev,)

    @property
    def out_shape(self) -> tuple[int, ...]:
        """One output sample's shape, (n,)."""
        return (self.n,)

    @property
    def stack_shape(self) -> tuple[int, ...]:
        """The leading shape P of stacked parameters (() for an ordinary layer)."""
        return self.w.shape[:-2]

    # -- forward / backward -------------------------------------------------------------
    def forward(self, x: Any) -> np.ndarray:
        """y = act(x·w + b) for x of shape (batch, prev) (or (*P, batch, prev))."""
        x = np.asarray(x)
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        if x.ndim < 2 or x.shape[-1] != self.prev:
            raise ValueError(f"x must have shape (batch, {self.prev}), got {x.shape}")
        return self._forward(x)

    def _forward(self, x: np.ndarray) -> np.ndarray:
        # x already checked (the network checks its input once per fit)
        self.x = x
        self.u = u = self._affine(x)
        self.y = self.act.forward(u)
        return self.y

    def _affine(self, x: np.ndarray) -> np.ndarray:
        w, b = self.w, self.b
        if w.ndim > 2 and self.prev == 1:
            u = x * w  # (batch, 1) * (*P, 1, n) -> (*P, batch, n)
        else:
            u = x @ w
        bb = b if b.ndim == 1 else b[..., None, :]
        if u.size == 1:  # out of place: see core.activations.sigmoid
            return u + bb
        u += bb
        return u

    def backward(self, grad: Any, *, input_grad: bool = True) -> np.ndarray | None:
        """Back-propagate ``grad`` = dL/dy: sets ``grad_w``, ``grad_b``; returns dL/dx.

        ``input_grad=False`` skips dL/dx (the first layer of a network needs none) and
        returns None.
        """
        if self.u is None:
            raise RuntimeError("backward() called before forward()")
        delta = self.act.vjp(self.u, self.y, grad)
        return self._backward_delta(delta, input_grad)

    def _backward_delta(self, delta: np.ndarray, input_grad: bool) -> np.ndarray | None:
        # The swapaxes method and ufunc.reduce rather than np.swapaxes and .sum(): the same
        # operations without their Python wrappers, which cost as much as the arithmetic on
        # small layers (and .mT would need numpy >= 2)
        # A batch of one sample (the engine's neuron with the seed's single sample) needs
        # no reduction: numpy's sum of one element is 0 + that element (so −0 becomes +0),
        # and adding 0.0 gives exactly that, at half the cost of a reduction call.
        x, w = self.x, self.w
        assert x is not None  # callers ran forward first (backward() checks it)
        stacked = w.ndim > 2 or delta.ndim > 2
        one = delta.shape[-2] == 1
        if stacked and self.prev == 1:
            xd = x * delta
            if one:
                self.grad_w = xd + self._zero if xd.size == 1 else np.add(xd, 0.0, out=xd)
            else:
                self.grad_w = np.add.reduce(xd, axis=-2, keepdims=True)
        else:
            self.grad_w = x.swapaxes(-1, -2) @ delta
        self.grad_b = np.add(delta[..., 0, :], self._zero) if one else np.add.reduce(delta, axis=-2)
        if not input_grad:
            return None
        if stacked and self.prev == 1:
            return np.add.reduce(delta * w, axis=-1, keepdims=True)
        return delta @ w.swapaxes(-1, -2)

    # -- learning -----------------------------------------------------------------------
    def moves(self, **kwds: Any) -> tuple[np.ndarray, np.ndarray]:
        """The optimizer's moves (dw, db) for the current gradients (parameters untouched)."""
        if self.grad_w is None:
            raise RuntimeError("update() called before backward()")
        dw, db = self.opt.update(self.grad_w, self.grad_b, params=(self.w, self.b), **kwds)
        return dw, db

    def update(self, **kwds: Any) -> None:
        """The series' update: ``dw, db = opt.update(grad_w, grad_b, **kwds)``; w += dw; b += db.

        ``params=(w, b)`` is passed as well (AdamW's decoupled weight decay needs it).
        """
        if self.grad_w is None:
            raise RuntimeError("update() called before backward()")
        dw, db = self.opt.update(self.grad_w, self.grad_b, params=(self.w, self.b), **kwds)
        self.w += dw
        self.b += db

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(prev={self.prev}, n={self.n}, name={self.name!r}, "
            f"act={self.act!r}, opt={self.opt!r}, dtype={self.dtype.name})"
        )


class MiddleLayer(BaseLayer):
    """A hidden layer (the series treats the input layer as a middle layer too)."""


class OutputLayer(BaseLayer):
    """The last layer: a :class:`BaseLayer` with a loss.

    ``backward(t)`` takes the **targets** (as the series' output layer does) and
    back-propagates the loss of the last forward pass.  For the pairs sigmoid + Binary and
    softmax + Cross the activation and loss derivatives are not chained: δ = (y − t)/batch
    directly, and :meth:`get_loss` computes the loss from the pre-activation u (no log(0)).

    Parameters
    ----------
    loss : str
        "square", "binary" or "cross" (:func:`core.losses.get_loss`).
    *args, **kwds
        As :class:`BaseLayer`, positionally too (the series' default activation "ReLU"
        applies unless ``act`` is given; classification wants "softmax" or "sigmoid").
    """

    def __init__(self, *args: Any, loss: str = "square", **kwds: Any) -> None:
        super().__init__(*args, **kwds)
        self.set_loss(loss)

    def set_loss(self, loss: str) -> None:
        """Use the loss ``loss`` ("square", "binary", "cross") from now on."""
        self.loss: Loss = get_loss(loss)
        fused = self.loss.fused_act
        self.fused = fused is not None and type(self.act).__name__.lower() == fused
        # softmax + cross: the forward pass keeps log Σ e^u for the loss (see _forward)
        self._keep_lse = self.fused and fused == "softmax"
        self._lse: np.ndarray | None = None

    def _forward(self, x: np.ndarray) -> np.ndarray:
        if not self._keep_lse:
            return BaseLayer._forward(self, x)  # (cheaper than super() on small arrays)
        self.x = x
        self.u = u = self._affine(x)
        # softmax with max subtraction, keeping lse = m + log Σ e^{u − m} for the loss:
        # the loss then costs two passes over the outputs instead of a second log-sum-exp
        m = np.maximum.reduce(u, axis=-1, keepdims=True)
        e = u - m
        np.exp(e, out=e)
        s = np.add.reduce(e, axis=-1, keepdims=True)
        e /= s
        np.log(s, out=s)
        s += m
        self._lse, self.y = s, e
        return e

    def _targets(self, t: Any) -> np.ndarray:
        if self.y is None:
            raise RuntimeError("call forward() before using the targets")
        t = np.asarray(t)
        if t.dtype != self.dtype:
            t = t.astype(self.dtype)
        if t.shape[-2:] != self.y.shape[-2:]:
            raise ValueError(f"t must have shape {self.y.shape[-2:]} (batch, n), got {t.shape}")
        return t

    def get_loss(self, t: Any) -> np.ndarray | float:
        """Loss of the last forward pass against targets ``t`` (batch, n).

        A float for ordinary parameters, an array of shape P for stacked ones.
        """
        return self._loss_of(self._targets(t))

    def _loss_of(self, t: np.ndarray) -> np.ndarray | float:
        # t already checked: the training loop validates the targets once per fit
        u, y = self.u, self.y
        assert u is not None and y is not None  # callers ran forward first
        if self._keep_lse:
            return self.loss.fused_forward(u, t, lse=self._lse)
        if self.fused:
            return self.loss.fused_forward(u, t)
        return self.loss._forward(y, t)  # (y is this layer's float output)

    def backward(self, t: Any, *, input_grad: bool = True) -> np.ndarray | None:
        """Back-propagate the loss against targets ``t``; returns dL/dx (or None)."""
        return self._backward_delta(self._delta_of(self._targets(t)), input_grad)

    def _delta_of(self, t: np.ndarray) -> np.ndarray:
        """dL/du for the last forward pass (t already checked)."""
        u, y = self.u, self.y
        assert u is not None and y is not None  # callers ran forward first
        if self.fused:
            return self.loss.fused_delta(y, t)
        return self.act.vjp(u, y, self.loss._backward(y, t))

    def backward_grad(self, grad: Any, *, input_grad: bool = True) -> np.ndarray | None:
        """Back-propagate an explicit dL/dy (the plain :meth:`BaseLayer.backward`)."""
        return BaseLayer.backward(self, grad, input_grad=input_grad)
