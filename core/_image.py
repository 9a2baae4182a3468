"""What the image layers share: shape checks, padding, window views and their adjoint.

The convolution and pooling layers see a batch of images as an array of shape
(N, C, H, W).  Their sliding windows are views made with ``numpy.lib.stride_tricks``
(:func:`windows`): no Python loop over pixels, one copy when a layer lays the windows out
as the rows of a matrix (im2col).  :func:`add_windows` is the adjoint (col2im): it sums
per-window values back onto the padded image with one strided addition per offset inside
the window (9 for a 3×3 filter), never per pixel.

:class:`ShapedLayer` is the base of the layers without their own learning rule (pooling,
dropout, flatten): the series' layer interface (``forward``, ``backward``, ``update``)
where ``update`` has nothing to move.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = ["ShapedLayer", "add_windows", "as_shape", "as_pair", "out_size", "pads", "windows"]


def _positive_int(label: str, v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"{label} must be an integer >= 1, got {v!r}")
    return int(v)


def as_shape(label: str, shape: Any, lengths: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` as a tuple of positive ints whose length is one of ``lengths``."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or len(shape) not in lengths:
        n = " or ".join(str(k) for k in lengths)
        raise ValueError(f"{label} must be a tuple of {n} integers >= 1, got {shape!r}")
    return tuple(_positive_int(label, v) for v in shape)


def as_pair(label: str, v: Any) -> tuple[int, int]:
    """An int or a pair of ints (height, width), each >= 1."""
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError(f"{label} must be an integer or a pair of integers, got {v!r}")
        return _positive_int(label, v[0]), _positive_int(label, v[1])
    k = _positive_int(label, v)
    return k, k


def pads(
    pad: Any, size: tuple[int, int], window: tuple[int, int], stride: tuple[int, int]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """((top, bottom), (left, right)) zero padding for ``pad``.

    "valid": none; "same": the output has ⌈size/stride⌉ rows and columns, the padding split
    evenly with the odd one at the bottom/right (as TensorFlow's "same"; for stride 1 and an
    odd window it is (window − 1)/2 on every side, torch's ``padding="same"``); an int p or
    a pair (ph, pw): that many zeros on both sides.
    """
    if isinstance(pad, str):
        if pad == "valid":
            return (0, 0), (0, 0)
        if pad == "same":
            out = []
            for n, f, s in zip(size, window, stride, strict=True):
                total = max((math.ceil(n / s) - 1) * s + f - n, 0)
                out.append((total // 2, total - total // 2))
            return out[0], out[1]
        raise ValueError(f"pad must be 'same', 'valid', an integer >= 0 or a pair, got {pad!r}")
    values = pad if isinstance(pad, (tuple, list)) else (pad, pad)
    ok = len(values) == 2 and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 0 for v in values
    )
    if not ok:
        raise ValueError(f"pad must be 'same', 'valid', an integer >= 0 or a pair, got {pad!r}")
    return (int(values[0]), int(values[0])), (int(values[1]), int(values[1]))


def out_size(label: str, n: int, pad: tuple[int, int], f: int, s: int) -> int:
    """Number of window positions along one axis (ValueError when the window does not fit)."""
    span = n + pad[0] + pad[1]
    if span < f:
        raise ValueError(f"{label}: a window of {f} does not fit an input of {n} padded to {span}")
    return (span - f) // s + 1


def windows(
    xp: np.ndarray, window: tuple[int, int], stride: tuple[int, int], out: tuple[int, int]
) -> np.ndarray:
    """The view (N, OH, OW, C, fh, fw) of the windows of the padded batch ``xp`` (N, C, H, W).

    A strided view (no copy): window (i, j) starts at row i·sh, column j·sw.
    """
    n, c = xp.shape[:2]
    s0, s1, s2, s3 = xp.strides
    shape = (n, out[0], out[1], c, window[0], window[1])
    strides = (s0, s2 * stride[0], s3 * stride[1], s1, s2, s3)
    return as_strided(xp, shape, strides, writeable=False)


def add_windows(
    cols: np.ndarray,
    padded: tuple[int, int, int, int],
    stride: tuple[int, int],
) -> np.ndarray:
    """Adjoint of :func:`windows`: the sum over windows of ``cols`` (N, OH, OW, C, fh, fw)
    placed back at their positions, as an array (N, C, Hp, Wp) of the padded shape.

    One strided addition per offset (i, j) inside the window; the sum is accumulated
    channels-last, where each addition reads and writes whole rows of channels.
    """
    n, c, hp, wp = padded
    _, oh, ow, _, fh, fw = cols.shape
    sh, sw = stride
    acc = np.zeros((n, hp, wp, c), cols.dtype)
    for i in range(fh):
        rows = slice(i, i + sh * (oh - 1) + 1, sh)
        for j in range(fw):
            acc[:, rows, j : j + sw * (ow - 1) + 1 : sw, :] += cols[:, :, :, :, i, j]
    return acc.transpose(0, 3, 1, 2)


def check_dtype(dtype: Any) -> np.dtype:
    d = np.dtype(dtype)
    if d not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {d}")
    return d


class ShapedLayer:
    """A layer without parameters: ``forward``, ``backward``, and an ``update`` with nothing
    to move (the series' interface, so a network treats every layer alike).

    Subclasses set ``in_shape`` and ``out_shape`` (one sample's shape) and implement
    ``_forward(x)`` and ``_backward(grad)``.
    """

    #: no learning rule: the network skips these layers when it gathers parameters
    trainable = False
    opt = None
    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]

    def __init__(self, name: str, dtype: Any) -> None:
        self.name = name
        self.dtype = check_dtype(dtype)
        self.y: np.ndarray | None = None

    @property
    def prev(self) -> int:
        """Number of inputs per sample (the product of ``in_shape``)."""
        return math.prod(self.in_shape)

    @property
    def n(self) -> int:
        """Number of outputs per sample (the product of ``out_shape``)."""
        return math.prod(self.out_shape)

    def forward(self, x: Any) -> np.ndarray:
        """The output for a batch ``x`` of shape (batch, *in_shape)."""
        x = np.asarray(x)
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)
        if x.shape[1:] != self.in_shape:
            raise ValueError(
                f"{self.name or type(self).__name__}: x must have shape "
                f"(batch, {', '.join(map(str, self.in_shape))}), got {x.shape}"
            )
        return self._forward(x)

    def _forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad: Any, *, input_grad: bool = True) -> np.ndarray | None:
        """dL/dx from ``grad`` = dL/dy of the last forward pass (None if not wanted)."""
        if self.y is None:
            raise RuntimeError("backward() called before forward()")
        if not input_grad:
            return None
        return self._backward(np.asarray(grad, dtype=self.dtype))

    def _backward(self, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def update(self, **kwds: Any) -> None:
        """Nothing to learn: the series' ``update(**kwds)`` does nothing here."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._describe()}, name={self.name!r})"

    def _describe(self) -> str:
        return f"in_shape={self.in_shape}"
