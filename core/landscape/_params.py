"""A network's parameters as one flat vector, in the order the landscape files use.

Layer by layer, input side first: the layer's weights ``w`` (prev, n) row-major, then its
bias ``b`` (n,).  ``flatten`` and ``unflatten`` are exact inverses; ``Layout`` remembers the
shapes so that a vector (a direction, a Hessian-vector product, a grid point) can be cut
into per-layer pieces without the network at hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradscape.core.layers import BaseLayer, MiddleLayer, OutputLayer

__all__ = ["Layout", "flatten", "get_theta", "layout_of", "set_theta", "unflatten"]


#: the layer classes a landscape's layout covers (the image layers are not dense)
_DENSE = (BaseLayer, MiddleLayer, OutputLayer)


@dataclass(frozen=True)
class Layout:
    """The shapes of a dense network's parameters: ``sizes`` = layer widths, inputs first.

    Layer i has weights (sizes[i], sizes[i+1]) and bias (sizes[i+1],).
    """

    sizes: tuple[int, ...]

    def __post_init__(self) -> None:
        sizes = tuple(int(s) for s in self.sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must list at least two widths >= 1, got {list(self.sizes)}")
        object.__setattr__(self, "sizes", sizes)

    @property
    def layers(self) -> int:
        return len(self.sizes) - 1

    @property
    def size(self) -> int:
        """Number of parameters."""
        return sum(p * n + n for p, n in zip(self.sizes, self.sizes[1:], strict=False))

    def slices(self) -> Iterator[tuple[slice, slice, tuple[int, int]]]:
        """Per layer: (slice of w, slice of b, shape of w) in the flat vector."""
        at = 0
        for p, n in zip(self.sizes, self.sizes[1:], strict=False):
            sw = slice(at, at + p * n)
            sb = slice(at + p * n, at + p * n + n)
            at += p * n + n
            yield sw, sb, (p, n)

    def is_bias(self) -> np.ndarray:
        """Boolean mask over the flat vector: True at bias entries."""
        mask = np.zeros(self.size, dtype=bool)
        for _, sb, _ in self.slices():
            mask[sb] = True
        return mask


def layout_of(net: Any) -> Layout:
    """The layout of a :class:`core.network.Network` (dense layers)."""
    for layer in net.layers:
        w = getattr(layer, "w", None)
        if type(layer) not in _DENSE or not isinstance(w, np.ndarray) or w.ndim != 2:
            raise ValueError(
                f"a landscape needs a network of dense layers; {type(layer).__name__} "
                f"({layer.name or 'unnamed'}) is not one"
            )
    return Layout(tuple([net.layers[0].prev] + [layer.n for layer in net.layers]))


def flatten(pairs: Sequence[tuple[Any, Any]], dtype: Any = np.float64) -> np.ndarray:
    """One vector from per-layer (w, b) pairs (w (prev, n) row-major, then b)."""
    parts = []
    for w, b in pairs:
        parts.append(np.asarray(w, dtype=dtype).reshape(-1))
        parts.append(np.asarray(b, dtype=dtype).reshape(-1))
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def unflatten(
    theta: Any, layout: Layout, dtype: Any = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per-layer (w, b) from a flat vector (copies, in ``dtype`` or the vector's own).

    ``theta`` may carry leading stack dimensions: shape (*P, size) gives w (*P, prev, n)
    and b (*P, n).
    """
    theta = np.asarray(theta)
    if theta.shape[-1:] != (layout.size,):
        raise ValueError(
            f"a parameter vector of this network has {layout.size} entries, got shape "
            f"{theta.shape}"
        )
    lead = theta.shape[:-1]
    dt = theta.dtype if dtype is None else np.dtype(dtype)
    out = []
    for sw, sb, shape in layout.slices():
        w = np.array(theta[..., sw].reshape(lead + shape), dtype=dt)
        b = np.array(theta[..., sb], dtype=dt)
        out.append((w, b))
    return out


def get_theta(net: Any) -> np.ndarray:
    """The network's parameters as one float64 vector."""
    return flatten([(layer.w, layer.b) for layer in net.layers])


def set_theta(net: Any, theta: Any) -> None:
    """Set the network's parameters from one vector (converted to the network's dtype)."""
    for layer, (w, b) in zip(net.layers, unflatten(theta, layout_of(net), net.dtype), strict=True):
        layer.w, layer.b = w, b
