"""Max pooling and flattening: the series' ``PoolingLayer`` and the reshape before a dense layer.

``Pooling(I_shape=(C, H, W), pool=2, stride=None, pad=0)``: the largest value of each
pool × pool window of each channel; ``stride`` defaults to ``pool`` (non-overlapping windows,
as the series' layer).  The padding is −∞, so it never wins a window.  The gradient goes to
the window's argmax alone (the first one on ties), summed where windows overlap.

``Flatten(I_shape)``: (N, *I_shape) -> (N, prod(I_shape)), and back for the gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from core._image import ShapedLayer, add_windows, as_pair, as_shape, out_size, windows

__all__ = ["Flatten", "Pooling"]


class Pooling(ShapedLayer):
    """Max pooling over pool × pool windows of each channel.

    Parameters
    ----------
    I_shape : tuple
        One input sample: (C, H, W), or (H, W) for one channel.
    pool : int or (int, int)
        Window size (rows, columns).
    stride : int or (int, int), optional
        Step between windows; default ``pool``.
    pad : int or (int, int)
        −∞ rows and columns on both sides; each must be smaller than the window.
    name : str
    dtype : float32 or float64
    """

    def __init__(
        self,
        I_shape: Any = None,  # the series' keyword
        pool: Any = 1,
        stride: Any = None,
        pad: Any = 0,
        name: str = "",
        *,
        dtype: Any = np.float64,
    ) -> None:
        super().__init__(name, dtype)
        if I_shape is None:
            raise ValueError("Pooling needs I_shape=(C, H, W)")
        shape = as_shape("I_shape", I_shape, (2, 3))
        self.in_shape = shape if len(shape) == 3 else (1, *shape)
        self.pool = as_pair("pool", pool)
        self.stride = self.pool if stride is None else as_pair("stride", stride)
        values = pad if isinstance(pad, (tuple, list)) else (pad, pad)
        ok = len(values) == 2 and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) and 0 <= v < p
            for v, p in zip(values, self.pool, strict=False)
        )
        if not ok:
            raise ValueError(
                f"pad must be an integer or a pair >= 0 and smaller than pool {self.pool}, "
                f"got {pad!r}"
            )
        self.pad = (int(values[0]), int(values[1]))
        c, h, w = self.in_shape
        label = name or "Pooling"
        ph, pw = self.pad
        oh = out_size(f"{label} rows", h, (ph, ph), self.pool[0], self.stride[0])
        ow = out_size(f"{label} columns", w, (pw, pw), self.pool[1], self.stride[1])
        self.out_shape = (c, oh, ow)
        self._arg: np.ndarray | None = None
        self._n = 0

    def _forward(self, x: np.ndarray) -> np.ndarray:
        n = len(x)
        c, oh, ow = self.out_shape
        ph, pw = self.pad
        if ph or pw:
            h, w = self.in_shape[1:]
            xp = np.full((n, c, h + 2 * ph, w + 2 * pw), -np.inf, self.dtype)
            xp[:, :, ph : ph + h, pw : pw + w] = x
        else:
            xp = x
        # (N, OH, OW, C, p·p): one copy of the windows, then one pass for the argmax
        flat = windows(xp, self.pool, self.stride, (oh, ow)).reshape(n, oh, ow, c, -1)
        arg = flat.argmax(axis=-1)
        y = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
        self._arg, self._n = arg, n
        self.y = y.transpose(0, 3, 1, 2)  # (N, C, OH, OW), a view of the channels-last y
        return self.y

    def _backward(self, grad: np.ndarray) -> np.ndarray:
        arg = self._arg
        assert arg is not None  # backward() checked that forward ran
        c, oh, ow = self.out_shape
        ph, pw = self.pad
        h, w = self.in_shape[1:]
        cols = np.zeros((self._n, oh, ow, c, self.pool[0] * self.pool[1]), self.dtype)
        np.put_along_axis(cols, arg[..., None], grad.transpose(0, 2, 3, 1)[..., None], axis=-1)
        cols = cols.reshape(self._n, oh, ow, c, *self.pool)
        dx = add_windows(cols, (self._n, c, h + 2 * ph, w + 2 * pw), self.stride)
        return dx[:, :, ph : ph + h, pw : pw + w]

    def _describe(self) -> str:
        return f"I_shape={self.in_shape}, pool={self.pool}, stride={self.stride}, pad={self.pad}"


class Flatten(ShapedLayer):
    """(N, *I_shape) -> (N, prod(I_shape)): the bridge from image layers to dense ones."""

    def __init__(self, I_shape: Any = None, name: str = "", *, dtype: Any = np.float64) -> None:
        super().__init__(name, dtype)
        if I_shape is None:
            raise ValueError("Flatten needs I_shape, the shape of one input sample")
        self.in_shape = as_shape("I_shape", I_shape, (1, 2, 3, 4))
        self.out_shape = (self.prev,)
        self._shape: tuple[int, ...] = ()

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self._shape = x.shape
        self.y = x.reshape(len(x), -1)
        return self.y

    def _backward(self, grad: np.ndarray) -> np.ndarray:
        return grad.reshape(self._shape)
