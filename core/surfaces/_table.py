"""A tabulated function of two variables as a C¹ bicubic interpolant with its exact gradient.

:class:`BicubicTable` turns a table of values on a rectangular grid (two increasing axes,
uniform or not) into a function that an optimizer can descend: the tensor-product cubic
Hermite interpolant whose node slopes ∂f/∂x, ∂f/∂y and ∂²f/∂x∂y are finite differences of the
table — at each node the derivative of the parabola through it and its two neighbours
(one-sided at the ends: the parabola through the first or last three nodes).

Why this interpolant:

- it passes through every table value (the Hermite basis is 1 at its own node, 0 at the
  others) and is C¹ (neighbouring cells share the node values and slopes);
- the parabola's derivative is exact for polynomials of degree ≤ 2 along each axis and the
  cubic Hermite cell reproduces any cubic whose node slopes are exact, so a table of a
  (bi)quadratic is reproduced exactly everywhere, not only at the nodes;
- it is local (a cell depends on its 4×4 neighbourhood), so a spike in the table does not
  ring over the whole plane as a global spline would.

The gradient is the gradient of the interpolant itself (derivatives of the Hermite basis),
not a finite difference: an optimizer running on the table sees exactly the slope of the
surface that is drawn.  Outside the table each axis's cubic is continued by its tangent line,
so the function stays C¹ everywhere and an optimizer that steps outside keeps a gradient
(the value there is an extrapolation, not data).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradscape.core._text import show


def _check_axis(axis: Any, name: str) -> np.ndarray:
    try:
        a = np.asarray(axis, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 1-D array of numbers, got {show(axis)}") from None
    if a.ndim != 1 or a.size < 2:
        raise ValueError(f"{name} must be a 1-D array of at least 2 numbers, got shape {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} must hold finite numbers; it holds {show(a[~np.isfinite(a)][0])}")
    bad = np.flatnonzero(np.diff(a) <= 0)
    if bad.size:
        k = int(bad[0])
        raise ValueError(
            f"{name} must be strictly increasing; {name}[{k}] = {a[k]:g} is followed by "
            f"{name}[{k + 1}] = {a[k + 1]:g}"
        )
    return a


def node_slopes(x: np.ndarray, f: np.ndarray, axis: int) -> np.ndarray:
    """∂f/∂x at the nodes ``x`` along ``axis`` of ``f``: the derivative of the parabola
    through each node and its neighbours (the first or last three nodes at the ends; the
    secant when there are only two nodes)."""
    f = np.moveaxis(np.asarray(f, dtype=np.float64), axis, 0)
    n = len(x)
    out = np.empty_like(f)
    if n == 2:
        out[:] = (f[1] - f[0]) / (x[1] - x[0])
        return np.moveaxis(out, 0, axis)
    h = np.diff(x)
    # interior nodes k = 1 … n−2: h0 = x_k − x_{k−1}, h1 = x_{k+1} − x_k
    h0, h1 = h[:-1], h[1:]
    shape = (-1,) + (1,) * (f.ndim - 1)
    c_m = (-h1 / (h0 * (h0 + h1))).reshape(shape)
    c_0 = ((h1 - h0) / (h0 * h1)).reshape(shape)
    c_p = (h0 / (h1 * (h0 + h1))).reshape(shape)
    out[1:-1] = c_m * f[:-2] + c_0 * f[1:-1] + c_p * f[2:]
    # the ends: the parabola through the first (last) three nodes, differentiated there
    a, b = h[0], h[1]
    out[0] = (
        -(2 * a + b) / (a * (a + b)) * f[0] + (a + b) / (a * b) * f[1] - a / (b * (a + b)) * f[2]
    )
    a, b = h[-1], h[-2]  # a: last interval, b: the one before
    out[-1] = (
        (2 * a + b) / (a * (a + b)) * f[-1] - (a + b) / (a * b) * f[-2] + a / (b * (a + b)) * f[-3]
    )
    return np.moveaxis(out, 0, axis)


def _basis(axis: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell index and the four Hermite basis functions (value and d/dx) at ``x``.

    Returns ``i`` (the cell [axis[i], axis[i+1]]), ``v`` and ``d`` of shape (4, *x.shape):
    the weights of f(x_i), f(x_{i+1}), f'(x_i), f'(x_{i+1}) and their derivatives.  Outside
    the axis the boundary cell's basis continues along its tangent (C¹ extrapolation).
    """
    i = np.clip(np.searchsorted(axis, x, side="right") - 1, 0, len(axis) - 2)
    h = axis[i + 1] - axis[i]
    t = (x - axis[i]) / h
    tc = np.clip(t, 0.0, 1.0)
    t2, t3 = tc * tc, tc * tc * tc
    v = np.stack([2 * t3 - 3 * t2 + 1, -2 * t3 + 3 * t2, h * (t3 - 2 * t2 + tc), h * (t3 - t2)])
    dt = np.stack(
        [6 * t2 - 6 * tc, -6 * t2 + 6 * tc, h * (3 * t2 - 4 * tc + 1), h * (3 * t2 - 2 * tc)]
    )
    v = v + dt * (t - tc)  # the tangent line beyond the ends (t − tc = 0 inside)
    return i, v, dt / h


class BicubicTable:
    """The C¹ bicubic Hermite interpolant of ``values`` over the grid ``x`` × ``y``.

    Parameters
    ----------
    x, y : array_like, 1-D
        Strictly increasing, finite axes with at least two nodes each.
    values : array_like, shape (len(y), len(x))
        ``values[j, i]`` is the function at (x[i], y[j]) (rows follow y, as a loss grid of
        ``len(beta) × len(alpha)``); every value finite.

    Raises ValueError naming the argument when the table is malformed.
    """

    def __init__(self, x: Any, y: Any, values: Any) -> None:
        self.x = _check_axis(x, "alpha")
        self.y = _check_axis(y, "beta")
        try:
            z = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"values must be an array of numbers, got {show(values)}") from None
        want = (len(self.y), len(self.x))
        if z.shape != want:
            raise ValueError(
                f"values must have shape (len(beta), len(alpha)) = {want}, got {z.shape}"
            )
        bad = np.argwhere(~np.isfinite(z))
        if bad.size:
            j, i = (int(v) for v in bad[0])
            raise ValueError(
                f"values must be finite; values[{j}, {i}] (beta = {self.y[j]:g}, "
                f"alpha = {self.x[i]:g}) is {z[j, i]} ({len(bad)} non-finite in all)"
            )
        f = np.ascontiguousarray(z.T)  # f[i, j]: x first
        fx = node_slopes(self.x, f, 0)
        fy = node_slopes(self.y, f, 1)
        fxy = node_slopes(self.y, fx, 1)
        #: node data per cell corner, indexed [p, q, i, j]: p over (f at i, f at i+1,
        #: ∂x at i, ∂x at i+1) and q likewise along y
        self._g = np.empty((4, 4, len(self.x), len(self.y)))
        for p, (a, shift_i) in enumerate(((f, 0), (f, 1), (fx, 0), (fx, 1))):
            b = fy if a is f else fxy
            for q, (c, shift_j) in enumerate(((a, 0), (a, 1), (b, 0), (b, 1))):
                self._g[p, q] = np.roll(np.roll(c, -shift_i, 0), -shift_j, 1)
        self.values = z

    @property
    def domain(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((xmin, xmax), (ymin, ymax)): the range of the axes."""
        return (float(self.x[0]), float(self.x[-1])), (float(self.y[0]), float(self.y[-1]))

    def __call__(self, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The interpolant and its exact gradient at the points (x, y) (broadcast).

        Returns ``(f, ∂f/∂x, ∂f/∂y)``, each of the broadcast shape.
        """
        x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
        i, vx, dx = _basis(self.x, x)
        j, vy, dy = _basis(self.y, y)
        g = self._g[:, :, i, j]  # (4, 4, *shape)
        gy_v = np.einsum("pq...,q...->p...", g, vy)
        gy_d = np.einsum("pq...,q...->p...", g, dy)
        f = np.einsum("p...,p...->...", vx, gy_v)
        fx = np.einsum("p...,p...->...", dx, gy_v)
        fy = np.einsum("p...,p...->...", vx, gy_d)
        return f, fx, fy

    def value(self, x: Any, y: Any) -> np.ndarray:
        """The interpolant alone at (x, y): bit for bit the value :meth:`__call__` gives."""
        x, y = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
        i, vx, _ = _basis(self.x, x)
        j, vy, _ = _basis(self.y, y)
        gy_v = np.einsum("pq...,q...->p...", self._g[:, :, i, j], vy)
        return np.einsum("p...,p...->...", vx, gy_v)
