"""The series' four search planes (reference §2): saddle, plateau, ripples, ridge."""

from __future__ import annotations

import numpy as np

from gradscape.core.surfaces._base import Surface, register

# ---------------------------------------------------------------------------------------
# The series' four search planes (reference §2)
# ---------------------------------------------------------------------------------------


@register
class Saddle(Surface):
    name = "saddle"
    display_name = "Saddle y² − x²"
    doc = "z = y² − x²: a saddle at the origin; escaping it along x, the loss falls forever."
    default_start = (1e-4, 4.0)
    min_value = None
    bounded_below = False

    def _loss(self, w, b):
        return b * b - w * w

    def _loss_grad(self, w, b):
        return b * b - w * w, -2.0 * w, 2.0 * b


@register
class Plateau(Surface):
    name = "plateau"
    demo_table = {
        "santae": {"eta": 0.003125},
    }
    display_name = "tanh² plateau"
    doc = "z = tanh²x + tanh²y: flat plateaus where the gradient vanishes; minimum 0 at (0, 0)."
    default_start = (-1.0, 2.0)
    known_minima = ((0.0, 0.0),)

    def _loss(self, w, b):
        return np.tanh(w) ** 2 + np.tanh(b) ** 2

    def _loss_grad(self, w, b):
        tw, tb = np.tanh(w), np.tanh(b)
        # d tanh²/dx = 2 tanh · sech² = 2 tanh (1 − tanh²)
        return tw * tw + tb * tb, 2.0 * tw * (1.0 - tw * tw), 2.0 * tb * (1.0 - tb * tb)


def _dsinc(x: np.ndarray) -> np.ndarray:
    """Derivative of numpy's normalised sinc, sin(πx)/(πx).

    (cos πx − sinc x)/x cancels badly near 0, so |x| < 1e-2 uses the Taylor series
    −π²x/3 + π⁴x³/30 − π⁶x⁵/840 + π⁸x⁷/45360 (next term < 1e-19 there).
    """
    small = np.abs(x) < 1e-2
    xs = np.where(small, 1.0, x)
    direct = (np.cos(np.pi * xs) - np.sinc(xs)) / xs
    x2 = x * x
    p2 = np.pi**2
    series = x * (-p2 / 3 + x2 * (p2**2 / 30 + x2 * (-(p2**3) / 840 + x2 * p2**4 / 45360)))
    return np.where(small, series, direct)


@register
class Ripples(Surface):
    name = "ripples"
    demo_table = {
        "rmsprop": {"eta": 0.2},
        "amsgrad": {"eta": 0.25},
        "nadam": {"eta": 2.0},
        "radam": {"eta": 1.0},
        "adabound": {"eta": 0.25},
        "amsbound": {"eta": 0.25},
        "santae": {"eta": 0.00625},
        "santasss": {"eta": 0.05},
    }
    display_name = "sinc ripples + bowl"
    doc = (
        "z = −(sinc x + sinc y) + (x² + y²)/10 with sinc x = sin(πx)/(πx): many local minima "
        "on a bowl; global minimum −2 at (0, 0)."
    )
    default_start = (-3.0, 4.0)
    known_minima = ((0.0, 0.0),)
    min_value = -2.0

    def _loss(self, w, b):
        return -(np.sinc(w) + np.sinc(b)) + (w * w + b * b) / 10.0

    def _loss_grad(self, w, b):
        return self._loss(w, b), -_dsinc(w) + w / 5.0, -_dsinc(b) + b / 5.0


@register
class Ridge(Surface):
    name = "ridge"
    demo_table = {
        "sgd": {"eta": 0.04375},
        "msgd": {"eta": 0.0125},
        "nag": {"eta": 0.00625},
        "adadelta": {"eta": 0.25},
        "nadam": {"eta": 0.125},
        "santasss": {"eta": 0.00625},
        "sam": {"eta": 0.125},
    }
    display_name = "steep tanh²(10x) ridge"
    doc = (
        "z = (x² + y²)/8 + tanh²(10x): a gentle bowl cut by a steep narrow valley at x = 0; "
        "minimum 0 at (0, 0)."
    )
    default_start = (-2.0, 2.0)
    known_minima = ((0.0, 0.0),)

    def _loss(self, w, b):
        return 0.125 * (w * w + b * b) + np.tanh(10.0 * w) ** 2

    def _loss_grad(self, w, b):
        t = np.tanh(10.0 * w)
        z = 0.125 * (w * w + b * b) + t * t
        # d tanh²(10x)/dx = 20 tanh(10x) sech²(10x)
        return z, 0.25 * w + 20.0 * t * (1.0 - t * t), 0.25 * b
