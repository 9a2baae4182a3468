"""The series' 2-D convolution layer: im2col, one matrix product, col2im.

``Convolution(I_shape=(C, H, W), F_shape=(M, fh, fw), stride=1, pad="same")`` as the
series' ``ConvLayer``: M filters of C × fh × fw, a bias per filter, the layer's own
activation and optimizer.  For a batch x of shape (N, C, H, W):

* forward: the windows of the zero-padded batch, laid out as the rows of a matrix X
  (im2col: one copy of a strided view, no Python loop over pixels), u = X·Wᵀ + b in ONE
  BLAS product (W is the weight array (M, C, fh, fw) seen as an (M, C·fh·fw) matrix),
  y = act(u), shape (N, M, OH, OW);
* backward: δ = dL/du as a matrix D (N·OH·OW, M); ``grad_w`` = Dᵀ·X, ``grad_b`` = Σ D,
  dL/dx = col2im(D·W) (:func:`core._image.add_windows`, one strided addition per filter
  offset), the padding cut off;
* update: ``dw, db = opt.update(grad_w, grad_b, params=(w, b), **kwds)``; w += dw; b += db.

Padding: "same" (output ⌈H/stride⌉ × ⌈W/stride⌉), "valid" (none), or an int / a pair.
Inside, u and y are channels-last arrays seen through a transposed view (N, M, OH, OW): the
product writes them that way, and elementwise activations keep the layout, so δ comes back
as a matrix without a copy.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gradscape.core._image import (
    add_windows,
    as_pair,
    as_shape,
    check_dtype,
    out_size,
    pads,
    windows,
)
from gradscape.core.activations import Activation, get_act
from gradscape.core.optimizers import Optimizer, get_opt

__all__ = ["Convolution"]

_INITS = ("normal", "he", "xavier")


class Convolution:
    """A 2-D convolution layer with channels, stride and padding.

    Parameters
    ----------
    I_shape : tuple
        One input sample: (C, H, W), or (H, W) for one channel.
    F_shape : tuple
        The filters: (M, fh, fw), or (M, f) for square f × f filters.
    stride : int or (int, int)
        Step between windows (rows, columns).
    pad : "same", "valid", int or (int, int)
        Zero padding (see :func:`core._image.pads`).
    name, wb_width, act, opt, act_dic, opt_dic
        As :class:`core.layers.BaseLayer` (the series' keywords).
    dtype : float32 or float64
    rng : numpy.random.Generator, optional
        Source of the initial weights.
    init : {"normal", "he", "xavier"}
        "normal": w, b ~ wb_width·N(0, 1) (the series); "he": w ~ N(0, 2/fan_in), b = 0;
        "xavier": w ~ N(0, 2/(fan_in + fan_out)), b = 0, with fan_in = C·fh·fw and
        fan_out = M·fh·fw.
    """

    trainable = True

    def __init__(
        self,
        I_shape: Any = None,  # the series' keyword
        F_shape: Any = None,
        stride: Any = 1,
        pad: Any = "same",
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
        if I_shape is None or F_shape is None:
            raise ValueError("Convolution needs I_shape=(C, H, W) and F_shape=(M, fh, fw)")
        shape = as_shape("I_shape", I_shape, (2, 3))
        self.in_shape: tuple[int, ...] = shape if len(shape) == 3 else (1, *shape)
        f = as_shape("F_shape", F_shape, (2, 3))
        self.F_shape = f if len(f) == 3 else (f[0], f[1], f[1])
        self.stride = as_pair("stride", stride)
        if not (isinstance(wb_width, (int, float)) and np.isfinite(wb_width) and wb_width >= 0):
            raise ValueError(f"wb_width must be a finite number >= 0, got {wb_width!r}")
        if init not in _INITS:
            raise ValueError(f"init must be one of {', '.join(_INITS)}, got {init!r}")
        self.dtype = check_dtype(dtype)
        self.name, self.wb_width, self.init = name, float(wb_width), init
        c, h, w = self.in_shape
        m, fh, fw = self.F_shape
        self.window = (fh, fw)
        self.pad = pad
        self.pads = pads(pad, (h, w), self.window, self.stride)
        label = name or "Convolution"
        oh = out_size(f"{label} rows", h, self.pads[0], fh, self.stride[0])
        ow = out_size(f"{label} columns", w, self.pads[1], fw, self.stride[1])
        self.out_shape: tuple[int, ...] = (m, oh, ow)
        rng = np.random.default_rng() if rng is None else rng
        fan_in = c * fh * fw
        if init == "normal":
            weights = self.wb_width * rng.standard_normal((m, c, fh, fw))
            bias = self.wb_width * rng.standard_normal(m)
        else:
            fan = fan_in if init == "he" else fan_in + m * fh * fw
            weights = math.sqrt(2.0 / fan) * rng.standard_normal((m, c, fh, fw))
            bias = np.zeros(m)
        self.w = weights.astype(self.dtype)
        self.b = bias.astype(self.dtype)
        self.act: Activation = get_act(act, **(act_dic or {}))
        self.opt: Optimizer = get_opt(opt, **(opt_dic or {}))
        self.cols: np.ndarray | None = None
        self.u: np.ndarray | None = None
        self.y: np.ndarray | None = None
        self.grad_w: np.ndarray | None = None
        self.grad_b: np.ndarray | None = None
        self._n = 0

    @property
    def prev(self) -> int:
        """Inputs per sample, C·H·W."""
        return math.prod(self.in_shape)

    @property
    def n(self) -> int:
        """Outputs per sample, M·OH·OW."""
        return math.prod(self.out_shape)

    def set_params(self, w: Any, b: Any) -> None:
        """Replace the filters (M, C, fh, fw) and biases (M,); the optimizer starts over."""
        w = np.asarray(w, dtype=self.dtype)
        b = np.asarray(b, dtype=self.dtype)
        if w.shape != self.w.shape:
            raise ValueError(f"w must have shape {self.w.shape}, got {w.shape}")
        if b.shape != self.b.shape:
            raise ValueError(f"b must have shape {self.b.shape}, got {b.shape}")
        self.w, self.b = w, b
        if self.opt.state is not None:
            self.opt.reset()

    # -- forward / backward -------------------------------------------------------------
    def forward(self, x: Any) -> np.ndarray:
        """y = act(conv(x) + b) for x of shape (N, C, H, W) (or (N, C·H·W))."""
        x = np.asarray(x)
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        if x.ndim == 2 and x.shape[1] == self.prev:
            x = x.reshape(len(x), *self.in_shape)
        if x.shape[1:] != self.in_shape:
            shape = ", ".join(map(str, self.in_shape))
            raise ValueError(
                f"{self.name or 'Convolution'}: x must have shape (batch, {shape}), got {x.shape}"
            )
        return self._forward(x)

    def _padded(self, x: np.ndarray) -> np.ndarray:
        (top, bottom), (left, right) = self.pads
        if not (top or bottom or left or right):
            return x
        n, c, h, w = x.shape
        xp = np.zeros((n, c, h + top + bottom, w + left + right), self.dtype)
        xp[:, :, top : top + h, left : left + w] = x
        return xp

    def _forward(self, x: np.ndarray) -> np.ndarray:
        n = len(x)
        m, oh, ow = self.out_shape
        view = windows(self._padded(x), self.window, self.stride, (oh, ow))
        self.cols = cols = view.reshape(n * oh * ow, -1)  # im2col: the one copy
        u = cols @ self.w.reshape(m, -1).T  # ONE BLAS product, (N·OH·OW, M)
        u += self.b
        self._n = n
        self.u = u.reshape(n, oh, ow, m).transpose(0, 3, 1, 2)
        self.y = self.act.forward(self.u)
        return self.y

    def backward(self, grad: Any, *, input_grad: bool = True) -> np.ndarray | None:
        """From ``grad`` = dL/dy: sets ``grad_w``, ``grad_b``; returns dL/dx (or None)."""
        if self.u is None or self.cols is None:
            raise RuntimeError("backward() called before forward()")
        delta = self.act.vjp(self.u, self.y, np.asarray(grad, dtype=self.dtype))
        m, oh, ow = self.out_shape
        d = delta.transpose(0, 2, 3, 1).reshape(-1, m)  # free when δ is channels-last
        self.grad_w = (d.T @ self.cols).reshape(self.w.shape)
        self.grad_b = np.add.reduce(d, axis=0)
        if not input_grad:
            return None
        c, h, w = self.in_shape
        dcols = (d @ self.w.reshape(m, -1)).reshape(self._n, oh, ow, c, *self.window)
        (top, bottom), (left, right) = self.pads
        padded = (self._n, c, h + top + bottom, w + left + right)
        dx = add_windows(dcols, padded, self.stride)
        return dx[:, :, top : top + h, left : left + w]

    # -- learning -----------------------------------------------------------------------
    def moves(self, **kwds: Any) -> tuple[np.ndarray, np.ndarray]:
        """The optimizer's moves (dw, db) for the current gradients (parameters untouched)."""
        if self.grad_w is None:
            raise RuntimeError("update() called before backward()")
        dw, db = self.opt.update(self.grad_w, self.grad_b, params=(self.w, self.b), **kwds)
        return dw, db

    def update(self, **kwds: Any) -> None:
        """The series' update: ``dw, db = opt.update(grad_w, grad_b, **kwds)``; w += dw; b += db."""
        if self.grad_w is None:
            raise RuntimeError("update() called before backward()")
        dw, db = self.opt.update(self.grad_w, self.grad_b, params=(self.w, self.b), **kwds)
        self.w += dw
        self.b += db

    def __repr__(self) -> str:
        return (
            f"Convolution(I_shape={self.in_shape}, F_shape={self.F_shape}, "
            f"stride={self.stride}, pad={self.pad!r}, name={self.name!r}, act={self.act!r}, "
            f"opt={self.opt!r}, dtype={self.dtype.name})"
        )
