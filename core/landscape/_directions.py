"""Directions in parameter space and the plane they span.

* :func:`random_directions`: Gaussian directions, filter-normalised as in Li et al.,
  "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018): for a dense layer a
  "filter" is one output unit's incoming weights, the column ``w[:, j]``; the direction's
  column is rescaled to the norm of the same column of θ, so moving by α = 1 changes every
  unit by as much as its weights are large, whatever the layer's scale.
* :func:`pca_directions`: the top two principal directions of a training trajectory
  (θ_i − θ_final over checkpoints), with the fraction of the squared deviation each explains.
* :class:`Plane` and :func:`project`: θ + α d1 + β d2, and the least-squares coordinates of
  any points in it (an exact 2 × 2 Gram solve, so d1 and d2 need not be orthogonal).

Every vector is a flat float64 vector in the layout of :mod:`core.landscape._params`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gradscape.core.landscape._params import Layout, layout_of

__all__ = ["Plane", "pca_directions", "project", "random_directions"]


def _layout(net_or_layout: Any) -> Layout:
    if isinstance(net_or_layout, Layout):
        return net_or_layout
    if hasattr(net_or_layout, "layers"):
        return layout_of(net_or_layout)
    if isinstance(net_or_layout, Sequence) and not isinstance(net_or_layout, str):
        return Layout(tuple(net_or_layout))
    raise ValueError(
        "net_or_layout must be a Network, a Layout or a list of layer widths, got "
        f"{type(net_or_layout).__name__}"
    )


def _vector(v: Any, size: int, what: str) -> np.ndarray:
    """``v`` as a finite float64 vector of ``size`` entries (ValueError naming ``what``)."""
    a = np.asarray(v)
    if a.dtype.kind not in "iuf" or a.shape != (size,):
        raise ValueError(
            f"{what} must be a real vector of {size} entries, got dtype {a.dtype} shape {a.shape}"
        )
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise ValueError(
            f"{what} must be finite, got a non-finite entry at {np.argmin(np.isfinite(a))}"
        )
    return a


def _filter_normalised(
    g: np.ndarray, theta: np.ndarray, layout: Layout, include_bias: bool
) -> np.ndarray:
    d = np.zeros_like(g)
    for sw, sb, shape in layout.slices():
        gw = g[sw].reshape(shape)
        tw = theta[sw].reshape(shape)
        gn = np.sqrt(np.einsum("ij,ij->j", gw, gw))
        tn = np.sqrt(np.einsum("ij,ij->j", tw, tw))
        # a Gaussian column is never exactly 0 (probability 0); guard anyway
        scale = np.divide(tn, gn, out=np.zeros_like(tn), where=gn > 0)
        d[sw] = (gw * scale).reshape(-1)
        if include_bias:
            # each bias entry is a unit's own one-entry "filter": its norm is |b_j|
            d[sb] = np.sign(g[sb]) * np.abs(theta[sb])
    return d


def random_directions(
    net_or_layout: Any, theta: Any, *, seed: int | None = 0, include_bias: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Two filter-normalised Gaussian directions at ``theta``.

    Parameters
    ----------
    net_or_layout
        A :class:`core.network.Network`, a :class:`Layout` or the layer widths.
    theta
        The centre, a flat vector of the layout's size.
    seed
        Seed of ``np.random.default_rng``; d1 and d2 are its first two standard normal
        vectors of the layout's size, then normalised.
    include_bias
        False (default): the bias entries of both directions are 0, as in Li et al.'s
        default (their code zeroes every 1-D parameter).  True: bias entry j becomes
        ±|b_j| (the Gaussian's sign), i.e. each bias is treated as a one-weight filter
        normalised to the bias's own size.  (Li et al.'s code, asked to keep biases,
        instead copies the biases themselves into the direction.)

    Returns
    -------
    d1, d2 : numpy.ndarray
        float64, with ``‖d[:, j]‖ = ‖θ[:, j]‖`` for every layer's every output unit j.
    """
    layout = _layout(net_or_layout)
    theta = _vector(theta, layout.size, "theta")
    rng = np.random.default_rng(seed)
    g1 = rng.standard_normal(layout.size)
    g2 = rng.standard_normal(layout.size)
    inc = bool(include_bias)
    return (
        _filter_normalised(g1, theta, layout, inc),
        _filter_normalised(g2, theta, layout, inc),
    )


def pca_directions(checkpoints: Any, final: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The top two principal directions of a trajectory around its final point.

    The rows of M = checkpoints − final are the trajectory's deviations (not centred on
    their mean: the plane goes through θ_final, where the landscape is drawn).  With
    M = U S Vᵀ, d1 and d2 are the first two rows of Vᵀ (unit length, orthogonal), each
    signed so that its largest-magnitude entry is positive.

    Parameters
    ----------
    checkpoints : array (n, size)
        Saved parameter vectors, n >= 2 (the final one may be among them).
    final : array (size,)
        The trajectory's end, the plane's centre.

    Returns
    -------
    d1, d2 : numpy.ndarray
        float64 unit vectors.
    explained : numpy.ndarray (2,)
        S_k² / Σ S²: the fraction of Σ_i ‖θ_i − θ_final‖² along d1 and along d2.
    """
    c = np.asarray(checkpoints)
    if c.dtype.kind not in "iuf" or c.ndim != 2 or c.shape[0] < 2 or c.shape[1] < 2:
        raise ValueError(
            "checkpoints must be a real array (n >= 2, size >= 2), got dtype "
            f"{c.dtype} shape {c.shape}"
        )
    f = _vector(final, c.shape[1], "final")
    m = c.astype(np.float64) - f
    if not np.isfinite(m).all():
        raise ValueError("checkpoints must be finite")
    _, s, vt = np.linalg.svd(m, full_matrices=False)
    total = float(np.sum(s * s))
    if total == 0.0:
        raise ValueError("checkpoints must not all equal final: the trajectory has no extent")
    out = []
    for v in vt[:2]:
        k = int(np.argmax(np.abs(v)))
        out.append(v if v[k] > 0 else -v)
    explained = (s[:2] ** 2) / total
    return out[0].copy(), out[1].copy(), explained


@dataclass(frozen=True, eq=False)
class Plane:
    """The plane θ + α d1 + β d2 (flat float64 vectors of one size; d1, d2 independent)."""

    theta: np.ndarray
    d1: np.ndarray
    d2: np.ndarray

    def __post_init__(self) -> None:
        theta = np.asarray(self.theta)
        size = theta.shape[0] if theta.ndim == 1 else -1
        if size < 1:
            raise ValueError(f"theta must be a non-empty vector, got shape {theta.shape}")
        for name in ("theta", "d1", "d2"):
            object.__setattr__(self, name, _vector(getattr(self, name), size, name))
        g = self.gram
        det = g[0, 0] * g[1, 1] - g[0, 1] * g[1, 0]
        if not det > 1e-12 * g[0, 0] * g[1, 1]:
            raise ValueError("d1 and d2 must be non-zero and not parallel (they span no plane)")

    @property
    def gram(self) -> np.ndarray:
        """[[d1·d1, d1·d2], [d2·d1, d2·d2]]."""
        d = np.stack([self.d1, self.d2])
        return d @ d.T

    def point(self, alpha: float, beta: float) -> np.ndarray:
        """θ + α d1 + β d2 (float64, computed in that order)."""
        return self.theta + float(alpha) * self.d1 + float(beta) * self.d2


def project(plane: Plane, points: Any) -> np.ndarray:
    """Least-squares plane coordinates (α, β) of ``points`` (n, size), shape (n, 2).

    Solves the normal equations G c = Dᵀ (p − θ) with the 2 × 2 Gram matrix G of d1, d2:
    a point of the plane gets back its own (α, β); any other point its orthogonal
    projection's.
    """
    p = np.asarray(points)
    size = plane.theta.shape[0]
    if p.dtype.kind not in "iuf" or p.ndim != 2 or p.shape[1] != size:
        raise ValueError(
            f"points must be a real array (n, {size}), got dtype {p.dtype} shape {p.shape}"
        )
    dev = p.astype(np.float64) - plane.theta
    rhs = dev @ np.stack([plane.d1, plane.d2]).T  # (n, 2)
    return np.linalg.solve(plane.gram, rhs.T).T
