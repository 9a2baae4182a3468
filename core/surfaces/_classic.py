"""Classic optimisation test functions: the bowl, Rosenbrock, Beale, Himmelblau, Rastrigin,
Ackley, Booth and the six-hump camel."""

from __future__ import annotations

import math

import numpy as np

from gradscape.core.surfaces._base import Surface, register

# ---------------------------------------------------------------------------------------
# Classic optimisation test functions
# ---------------------------------------------------------------------------------------


@register
class Quadratic(Surface):
    name = "quadratic"
    demo_table = {
        "santae": {"eta": 0.025},
    }
    display_name = "Ill-conditioned bowl x²/20 + y²"
    doc = (
        "z = x²/20 + y²: a bowl 20× steeper along y than along x (Deep Learning from "
        "Scratch, ch. 6); minimum 0 at (0, 0)."
    )
    default_domain = ((-10.0, 10.0), (-5.0, 5.0))
    default_start = (-7.0, 2.0)
    known_minima = ((0.0, 0.0),)

    def _loss(self, w, b):
        return w * w / 20.0 + b * b

    def _loss_grad(self, w, b):
        return w * w / 20.0 + b * b, w / 10.0, 2.0 * b


@register
class Rosenbrock(Surface):
    name = "rosenbrock"
    demo_table = {
        "sgd": {"eta": 0.00546875},
        "msgd": {"eta": 0.003125},
        "nag": {"eta": 0.0015625},
        "adagrad": {"eta": 1.0},
        "adadelta": {"eta": 2.0},
        "radam": {"eta": 0.001953125},
    }
    display_name = "Rosenbrock"
    doc = "z = (1 − x)² + 100(y − x²)²: a curved narrow valley; minimum 0 at (1, 1)."
    default_domain = ((-2.0, 2.0), (-1.0, 3.0))
    default_start = (-1.2, 1.0)
    known_minima = ((1.0, 1.0),)

    def _loss(self, w, b):
        return (1.0 - w) ** 2 + 100.0 * (b - w * w) ** 2

    def _loss_grad(self, w, b):
        r = b - w * w
        return (
            (1.0 - w) ** 2 + 100.0 * r**2,  # the same rounding as _loss
            -2.0 * (1.0 - w) - 400.0 * w * r,
            200.0 * r,
        )


@register
class Beale(Surface):
    name = "beale"
    demo_table = {
        "sgd": {"eta": 0.021875},
        "msgd": {"eta": 0.00625},
        "nag": {"eta": 0.00625},
        "radam": {"eta": 0.0078125},
    }
    display_name = "Beale"
    doc = (
        "z = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat centre, steep "
        "corners; minimum 0 at (3, 0.5)."
    )
    default_domain = ((-4.5, 4.5), (-4.5, 4.5))
    default_start = (1.0, 1.5)
    known_minima = ((3.0, 0.5),)

    def _loss_grad(self, w, b):
        b2 = b * b
        b3 = b2 * b
        a1 = 1.5 - w + w * b
        a2 = 2.25 - w + w * b2
        a3 = 2.625 - w + w * b3
        z = a1 * a1 + a2 * a2 + a3 * a3
        gw = 2.0 * (a1 * (b - 1.0) + a2 * (b2 - 1.0) + a3 * (b3 - 1.0))
        gb = 2.0 * w * (a1 + 2.0 * a2 * b + 3.0 * a3 * b2)
        return z, gw, gb


def _himmelblau_minima() -> tuple[tuple[float, float], ...]:
    """The four zeros of Himmelblau's function, polished by Newton's method.

    Three of them have no simple closed form; starting from their 6-digit values, a few
    Newton steps on the gradient reach them to round-off.
    """
    pts = []
    for x, y in ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)):
        for _ in range(20):
            # Solve the two residuals r1 = x² + y − 11 = 0, r2 = x + y² − 7 = 0 directly:
            # f = r1² + r2² is zero exactly where both vanish.
            r1, r2 = x * x + y - 11.0, x + y * y - 7.0
            j11, j12, j21, j22 = 2.0 * x, 1.0, 1.0, 2.0 * y
            det = j11 * j22 - j12 * j21
            x, y = x - (r1 * j22 - r2 * j12) / det, y - (j11 * r2 - j21 * r1) / det
        pts.append((x, y))
    return tuple(pts)


@register
class Himmelblau(Surface):
    name = "himmelblau"
    demo_table = {
        "sgd": {"eta": 0.021875},
        "msgd": {"eta": 0.0125},
        "nag": {"eta": 0.0125},
        "radam": {"eta": 0.0625},
    }
    display_name = "Himmelblau"
    doc = "z = (x² + y − 11)² + (x + y² − 7)²: four global minima of value 0."
    default_start = (0.0, -0.5)
    known_minima = _himmelblau_minima()

    def _loss_grad(self, w, b):
        r1 = w * w + b - 11.0
        r2 = w + b * b - 7.0
        return r1 * r1 + r2 * r2, 4.0 * w * r1 + 2.0 * r2, 2.0 * r1 + 4.0 * b * r2


@register
class Rastrigin(Surface):
    name = "rastrigin"
    demo_table = {
        "sgd": {"eta": 0.0109375},
        "msgd": {"eta": 0.00625},
        "nag": {"eta": 0.003125},
        "adagrad": {"eta": 1.0},
        "rmsprop": {"eta": 0.2},
        "nadam": {"eta": 1.0},
        "radam": {"eta": 0.03125},
        "santae": {"eta": 0.000390625},
        "santasss": {"eta": 0.0001953125},
        # the bumps are one unit apart: a trust radius of 1 jumps over them, uphill
        "newton": {"radius": 0.5},
    }
    display_name = "Rastrigin"
    doc = (
        "z = 20 + Σ (x² − 10 cos 2πx): a bowl covered by a regular grid of local minima; "
        "minimum 0 at (0, 0)."
    )
    default_domain = ((-5.12, 5.12), (-5.12, 5.12))
    default_start = (-4.2, 3.7)
    known_minima = ((0.0, 0.0),)

    def _loss_grad(self, w, b):
        tp = 2.0 * np.pi
        z = 20.0 + w * w - 10.0 * np.cos(tp * w) + b * b - 10.0 * np.cos(tp * b)
        return z, 2.0 * w + 10.0 * tp * np.sin(tp * w), 2.0 * b + 10.0 * tp * np.sin(tp * b)


@register
class Ackley(Surface):
    name = "ackley"
    demo_table = {
        "sgd": {"eta": 0.175},
        "msgd": {"eta": 0.025},
        "nag": {"eta": 0.05},
        "adagrad": {"eta": 1.0},
        "rmsprop": {"eta": 0.1},
        "adadelta": {"eta": 4.0},
        "adam": {"eta": 1.0},
        "adamw": {"eta": 1.0},
        "adamax": {"eta": 1.0},
        "nadam": {"eta": 1.0},
        "radam": {"eta": 0.5},
        "eve": {"eta": 1.0},
        "santae": {"eta": 0.0015625},
        "santasss": {"eta": 0.00625},
        "sam": {"eta": 0.5},
    }
    display_name = "Ackley"
    doc = (
        "z = −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20: a nearly "
        "flat outer region with many local minima around a deep central hole; minimum 0 at "
        "(0, 0) (not differentiable there; the gradient is taken as 0)."
    )
    default_start = (-3.3, 2.6)
    known_minima = ((0.0, 0.0),)

    def _loss_grad(self, w, b):
        tp = 2.0 * np.pi
        r = np.sqrt(0.5 * (w * w + b * b))
        e1 = np.exp(-0.2 * r)
        e2 = np.exp(0.5 * (np.cos(tp * w) + np.cos(tp * b)))
        z = -20.0 * e1 - e2 + math.e + 20.0
        # d/dx of −20 exp(−0.2 r) is 2x exp(−0.2 r)/r; the cone's tip (r = 0) gets 0.
        rs = np.where(r > 0.0, r, 1.0)
        k = np.where(r > 0.0, 2.0 * e1 / rs, 0.0)
        return z, k * w + np.pi * np.sin(tp * w) * e2, k * b + np.pi * np.sin(tp * b) * e2


@register
class Booth(Surface):
    name = "booth"
    demo_table = {
        "nag": {"eta": 0.05},
        "adagrad": {"eta": 0.5},
        "radam": {"eta": 0.125},
        "santasss": {"eta": 0.05},
    }
    display_name = "Booth"
    doc = "z = (x + 2y − 7)² + (2x + y − 5)²: a tilted convex bowl; minimum 0 at (1, 3)."
    default_domain = ((-10.0, 10.0), (-10.0, 10.0))
    default_start = (-8.0, -6.0)
    known_minima = ((1.0, 3.0),)

    def _loss_grad(self, w, b):
        r1 = w + 2.0 * b - 7.0
        r2 = 2.0 * w + b - 5.0
        return r1 * r1 + r2 * r2, 2.0 * r1 + 4.0 * r2, 4.0 * r1 + 2.0 * r2


def _camel_minima() -> tuple[tuple[float, float], ...]:
    """The six-hump camel's six minima, polished by Newton's method from their published
    four-digit values: the two global ones first, then the two pairs of local ones."""
    pts = []
    for x, y in (
        (0.0898, -0.7126),
        (-0.0898, 0.7126),
        (1.7036, -0.7961),
        (-1.7036, 0.7961),
        (1.6071, 0.5687),
        (-1.6071, -0.5687),
    ):
        for _ in range(20):
            gx = 8.0 * x - 8.4 * x**3 + 2.0 * x**5 + y
            gy = x - 8.0 * y + 16.0 * y**3
            hxx, hxy, hyy = 8.0 - 25.2 * x * x + 10.0 * x**4, 1.0, -8.0 + 48.0 * y * y
            det = hxx * hyy - hxy * hxy
            x, y = x - (hyy * gx - hxy * gy) / det, y - (hxx * gy - hxy * gx) / det
        pts.append((x, y))
    return tuple(pts)


_CAMEL_MINIMA = _camel_minima()


@register
class SixHumpCamel(Surface):
    name = "sixhumpcamel"
    demo_table = {
        "sgd": {"eta": 0.01},
        "msgd": {"eta": 0.005},
        "nag": {"eta": 0.005},
        "adam": {"eta": 0.05},
        "adamw": {"eta": 0.05},
        "adamax": {"eta": 0.05},
        "nadam": {"eta": 0.05},
        "radam": {"eta": 0.05},
        "eve": {"eta": 0.05},
        "rmsprop": {"eta": 0.02},
        "adagrad": {"eta": 0.25},
        "sam": {"eta": 0.01},
    }
    display_name = "Six-hump camel"
    doc = (
        "z = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: six minima — two global ones of "
        "value −1.0316 at ±(0.0898, −0.7126), and two pairs of local ones."
    )
    default_domain = ((-3.0, 3.0), (-2.0, 2.0))
    default_start = (-1.0, -1.0)
    known_minima = _CAMEL_MINIMA[:2]
    local_minima = _CAMEL_MINIMA[2:]
    min_value = float(
        (4.0 - 2.1 * _CAMEL_MINIMA[0][0] ** 2 + _CAMEL_MINIMA[0][0] ** 4 / 3.0)
        * _CAMEL_MINIMA[0][0] ** 2
        + _CAMEL_MINIMA[0][0] * _CAMEL_MINIMA[0][1]
        + (-4.0 + 4.0 * _CAMEL_MINIMA[0][1] ** 2) * _CAMEL_MINIMA[0][1] ** 2
    )

    def _loss_grad(self, w, b):
        w2 = w * w
        b2 = b * b
        z = (4.0 - 2.1 * w2 + w2 * w2 / 3.0) * w2 + w * b + (-4.0 + 4.0 * b2) * b2
        gw = 8.0 * w - 8.4 * w2 * w + 2.0 * w2 * w2 * w + b
        gb = w - 8.0 * b + 16.0 * b2 * b
        return z, gw, gb

    def hessian(self, w, b):
        """The closed form: [[8 − 25.2x² + 10x⁴, 1], [1, −8 + 48y²]]."""
        w, b = np.broadcast_arrays(np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64))
        w2 = w * w
        h = np.empty(w.shape + (2, 2))
        h[..., 0, 0] = 8.0 - 25.2 * w2 + 10.0 * w2 * w2
        h[..., 0, 1] = h[..., 1, 0] = 1.0
        h[..., 1, 1] = -8.0 + 48.0 * b * b
        return h
