"""Max pooling and flattening: the series' ``PoolingLayer`` and the reshape before a dense layer.

``Pooling(I_shape=(C, H, W), pool=2, stride=None, pad=0)``: the largest value of each
pool × pool window of each channel; ``stride`` defaults to ``pool`` (non-overlapping windows,
as the series' layer).  The padding is −∞, so it never wins a window.  The gradient goes to
the window's argmax alone (the first one on ties), summed where windows overlap.  Both
passes loop over the offsets inside the window (pool² strided views of the whole batch),
never over pixels.

``Flatten(I_shape)``: (N, *I_shape) -> (N, prod(I_shape)), and back for the gradient.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradscape.core._image import ShapedLayer, as_pair, as_shape, out_size

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
        self._xp: np.ndarray | None = None  # the padded channels-last input
        self._yt: np.ndarray | None = None  # the channels-last output

    def _offsets(self, a: np.ndarray) -> list[np.ndarray]:
        """Per offset (i, j) inside the window, the view (N, OH, OW, C) of the element at
        that offset in every window of the padded channels-last batch ``a``."""
        _, oh, ow = self.out_shape
        (sh, sw), (fh, fw) = self.stride, self.pool
        return [a[:, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw, :]
                for i in range(fh) for j in range(fw)]  # fmt: skip

    def _forward(self, x: np.ndarray) -> np.ndarray:
        # Channels-last, the layout a convolution's output has in memory: each pass below
        # then streams through whole rows of channels.
        xt = x.transpose(0, 2, 3, 1)
        ph, pw = self.pad
        if ph or pw:
            n, h, w, c = xt.shape
            xp = np.full((n, h + 2 * ph, w + 2 * pw, c), -np.inf, self.dtype)
            xp[:, ph : ph + h, pw : pw + w, :] = xt
        else:
            xp = xt
        # one pass per offset inside the window (4 for a 2×2 pool), each over all windows
        # (numpy's argmax over a short last axis costs per window, several times more)
        views = self._offsets(xp)
        y = views[0].copy() if len(views) == 1 else np.maximum(views[0], views[1])
        for v in views[2:]:
            np.maximum(y, v, out=y)
        self._xp, self._yt = xp, y
        self.y = y.transpose(0, 3, 1, 2)  # (N, C, OH, OW), a view of the channels-last y
        return self.y

    def _backward(self, grad: np.ndarray) -> np.ndarray:
        xp, y = self._xp, self._yt
        assert xp is not None and y is not None  # backward() checked that forward ran
        g = np.ascontiguousarray(grad.transpose(0, 2, 3, 1))
        dx = np.zeros(xp.shape, self.dtype)
        (sh, sw), (fh, fw) = self.stride, self.pool
        tiles = sh >= fh and sw >= fw  # windows do not overlap: each input gets one value
        views = self._offsets(xp)
        # hit: this offset holds its window's maximum and no earlier offset did (ties go to
        # the first maximum); boolean passes over the windows, cheap beside the products
        hit, taken = np.empty(y.shape, bool), np.empty(y.shape, bool)
        for k, (v, dv) in enumerate(zip(views, self._offsets(dx), strict=True)):
            np.equal(v, y, out=hit)
            if k == 0:
                taken[...] = hit
            else:
                hit &= ~taken
                taken |= hit
            if tiles:
                np.multiply(g, hit, out=dv)
            else:
                dv += g * hit
        ph, pw = self.pad
        h, w = self.in_shape[1:]
        return dx[:, ph : ph + h, pw : pw + w, :].transpose(0, 3, 1, 2)

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
