"""Loss surfaces over a 2-D parameter plane: the neuron's L(w, b) and classic test functions.

Every surface gives its loss and analytic gradient at arrays of points (broadcasting, so a
whole grid or K trajectories go through one call), its default domain, a recommended start,
its known minima and the demo learning rates that make each optimizer's motion visible
within a few hundred steps.  Surfaces are looked up by name in :data:`SURFACES`, the same
way optimizers are (``get_surface("Rosenbrock")``, ``get_surface("neuron", act="tanh")``).

The neuron surface is evaluated through the core's own dense layer
(:class:`core.layers.OutputLayer`, a BaseLayer with its loss, with stacked parameters) and
loss (:mod:`core.losses`), the code that trains networks — not through a closed-form copy.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from core._registry import Param, Registry, bind_params, normalise
from core._text import show

Domain = tuple[tuple[float, float], tuple[float, float]]

#: Registry of surface classes; the GUI builds its surface dropdown from it.
SURFACES: Registry[type[Surface]] = Registry("surface")

RESOLUTION = Param("resolution", 100, "grid points per axis for drawing", 2, 2000, kind=int)

#: Learning rates of the series' 3-D demo (reference §2); every surface starts from these
#: and overrides what its own scale needs (``Surface.demo_table``).  The overrides were
#: chosen by running each optimizer 300 steps from the surface's start with
#: η = series' η × 2^k, k = −16 … 2, keeping the runs that do not diverge, stay within the
#: domain widened by a quarter span, and end (last 50 steps) below the start loss, and then
#: taking, among the runs whose mean loss over the last 20 steps is within 5 % (of the
#: start-to-best drop) of the best, the η closest to the series' (Santa: over seeds 0–2,
#: with burn-in 40 where that works, else shorter).  The saddle keeps the series' table.
#: RAdam's first steps are un-adapted momentum steps, so steep surfaces need a small η.
SERIES_DEMO: dict[str, dict[str, Any]] = {
    "sgd": {"eta": 0.0875},
    "msgd": {"eta": 0.1},
    "nag": {"eta": 0.1},
    "adagrad": {"eta": 0.25},
    "rmsprop": {"eta": 0.05},
    "adadelta": {"rho": 0.9999},
    "adam": {"eta": 0.25},
    "rmspropgraves": {"eta": 0.0125},
    "smorms3": {"eta": 0.05},
    "adamax": {"eta": 0.5},
    "nadam": {"eta": 0.5},
    "eve": {"eta": 0.25},
    # burn-in ≈ steps/8 as in the series (for ~300-step demos); N = 1: full batch
    "santae": {"eta": 0.0125, "burnin": 40, "N": 1},
    "santasss": {"eta": 0.0125, "burnin": 40, "N": 1},
    "amsgrad": {"eta": 0.125},
    "adabound": {"eta": 0.125},
    "amsbound": {"eta": 0.125},
    "adabelief": {"eta": 0.25},
    "sam": {"eta": 0.25},
    # not in the series' demo: Adam's rate, as for its other variants
    "adamw": {"eta": 0.25},
    "radam": {"eta": 0.25},
}


def _as_pair(w: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """Float arrays broadcast to one common shape (ValueError if they cannot)."""
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if w.shape != b.shape:
        try:
            w, b = np.broadcast_arrays(w, b)
        except ValueError:
            raise ValueError(
                f"w and b must broadcast to one shape, got {w.shape} and {b.shape}"
            ) from None
    return w, b


def _check_domain(domain: Any) -> Domain:
    """Validate ``((wmin, wmax), (bmin, bmax))``: finite numbers, min < max."""
    try:
        (a, b), (c, d) = domain
        vals = [float(v) for v in (a, b, c, d)]
        if any(isinstance(v, (bool, str)) for v in (a, b, c, d)):
            raise TypeError
    except (TypeError, ValueError):
        raise ValueError(
            f"domain must be ((wmin, wmax), (bmin, bmax)) with numbers, got {show(domain)}"
        ) from None
    if not all(math.isfinite(v) for v in vals):
        raise ValueError(f"domain must be finite, got {show(domain)}")
    if not (vals[0] < vals[1] and vals[2] < vals[3]):
        raise ValueError(f"domain needs min < max on both axes, got {show(domain)}")
    return (vals[0], vals[1]), (vals[2], vals[3])


class Surface:
    """Base class: a scalar loss over a 2-D plane with its analytic gradient.

    Subclasses set the class attributes below and implement :meth:`_loss_grad` (loss and
    both partial derivatives on float64 arrays of one common shape) and, when the loss
    alone is cheaper, :meth:`_loss`.

    ``name``            registry key
    ``display_name``    what the user sees
    ``params``          scalar parameters (:class:`~core._registry.Param`); every surface
                        also takes ``domain`` (and the neuron ``samples``), listed in
                        ``structured_params`` because they are not scalars
    ``axis_names``      names of the two parameters, e.g. ("w", "b") or ("x", "y")
    ``doc``             one-paragraph description (formula included)
    ``default_domain``  ((wmin, wmax), (bmin, bmax))
    ``default_start``   recommended start point
    ``known_minima``    global minima (may be empty)
    ``min_value``       the loss at the global minimum (None if unbounded or unknown)
    ``bounded_below``   False for surfaces that fall without limit (the saddle)
    ``demo_table``      per-optimizer overrides of :data:`SERIES_DEMO` for this surface
    """

    name: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = (RESOLUTION,)
    structured_params: ClassVar[tuple[str, ...]] = ("domain",)
    axis_names: ClassVar[tuple[str, str]] = ("x", "y")
    doc: ClassVar[str] = ""
    default_domain: ClassVar[Domain] = ((-5.0, 5.0), (-5.0, 5.0))
    default_start: ClassVar[tuple[float, float]] = (0.0, 0.0)
    known_minima: ClassVar[tuple[tuple[float, float], ...]] = ()
    min_value: ClassVar[float | None] = 0.0
    bounded_below: ClassVar[bool] = True
    demo_table: ClassVar[dict[str, dict[str, Any]]] = {}
    #: the data samples (x, y*) of a surface fitted to data (the neuron sets its own);
    #: None for the closed-form surfaces
    samples: list[tuple[float, float]] | None = None

    def __init__(self, *, domain: Any = None, **params: Any) -> None:
        self.domain: Domain = _check_domain(self.default_domain if domain is None else domain)
        values = bind_params(self.display_name or type(self).__name__, self.params, params)
        #: validated scalar parameters (read them here: ``loss`` would shadow the method)
        self.values: dict[str, Any] = values
        self.resolution: int = values["resolution"]

    # -- geometry -----------------------------------------------------------------------
    @property
    def start(self) -> tuple[float, float]:
        """Recommended start point (w0, b0)."""
        return self.default_start

    @property
    def minima(self) -> list[tuple[float, float]]:
        """Known global minima (possibly empty)."""
        return [(m[0], m[1]) for m in self.known_minima]

    @property
    def minimum_text(self) -> str:
        """One line describing where the minimum is."""
        if not self.bounded_below:
            return "unbounded below: no minimum"
        pts = ", ".join(f"({w:.6g}, {b:.6g})" for w, b in self.minima)
        return f"minimum {self.min_value:g} at {pts}" if pts else "minimum unknown"

    @property
    def caveat(self) -> str | None:
        """A warning about this surface's configuration for the user, or None."""
        return None

    # -- evaluation ---------------------------------------------------------------------
    def loss(self, w: Any, b: Any) -> np.ndarray:
        """Loss at the points (w, b); broadcasts over any shapes."""
        w, b = _as_pair(w, b)
        return self._loss(w, b)

    def grad(self, w: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
        """Analytic gradient (∂L/∂w, ∂L/∂b) at the points (w, b), each of the broadcast shape."""
        w, b = _as_pair(w, b)
        return self._grad(w, b)

    def loss_and_grad(
        self, w: Any, b: Any, batch: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Loss and gradient in one pass.

        Parameters
        ----------
        w, b : array_like
            Points; broadcast to one shape.
        batch : ndarray of int, optional
            Indices of the data samples to use (stochastic mode).  Only surfaces with data
            samples accept it.
        """
        w, b = _as_pair(w, b)
        if batch is not None:
            raise ValueError(f"{self.display_name} has no data samples, so batch must be None")
        return self._loss_grad(w, b)

    def _loss(self, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self._loss_grad(w, b)[0]

    def _loss_grad(self, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        raise NotImplementedError

    def _grad(self, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The gradient alone (validated arrays of one shape); surfaces whose loss costs
        extra work (the neuron) skip it here."""
        _, gw, gb = self._loss_grad(w, b)
        return gw, gb

    def hessian(self, w: Any, b: Any) -> np.ndarray:
        """2×2 Hessian at (w, b), shape (..., 2, 2).

        Central finite differences of the analytic gradient (step 1e-5 relative), made
        symmetric.  Subclasses with a closed form override this.
        """
        w, b = _as_pair(w, b)
        hw = 1e-5 * np.maximum(1.0, np.abs(w))
        hb = 1e-5 * np.maximum(1.0, np.abs(b))
        gwp, gbp = self.grad(w + hw, b)
        gwm, gbm = self.grad(w - hw, b)
        h_ww = (gwp - gwm) / (2 * hw)
        h_bw = (gbp - gbm) / (2 * hw)
        gwp, gbp = self.grad(w, b + hb)
        gwm, gbm = self.grad(w, b - hb)
        h_wb = (gwp - gwm) / (2 * hb)
        h_bb = (gbp - gbm) / (2 * hb)
        off = 0.5 * (h_wb + h_bw)
        return np.stack([np.stack([h_ww, off], -1), np.stack([off, h_bb], -1)], -2)

    def grid(self, n: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Loss on an n×n grid over the domain.

        Returns
        -------
        ws, bs : ndarray, shape (n,)
            Grid coordinates along each axis.
        Z : ndarray, shape (n, n)
            ``Z[i, j] = loss(ws[i], bs[j])`` (indexing="ij", as GLSurfacePlotItem wants).
        """
        n = RESOLUTION.validate(self.resolution if n is None else n)
        (w0, w1), (b0, b1) = self.domain
        ws = np.linspace(w0, w1, n)
        bs = np.linspace(b0, b1, n)
        with np.errstate(all="ignore"):
            z = self._loss(*np.meshgrid(ws, bs, indexing="ij"))
        return ws, bs, z

    # -- demo hyperparameters and scenes ------------------------------------------------
    def demo_hyper(self, opt_name: str) -> dict[str, Any]:
        """Hyperparameters that show ``opt_name`` moving visibly on this surface.

        The series' demo table (reference §2) with this surface's overrides.  Eve also gets
        the surface's minimum as ``f_star`` when it is known, as the series' demo did.
        """
        from core.optimizers import OPTIMIZERS

        key = OPTIMIZERS.key(opt_name)
        cls = OPTIMIZERS[key]
        out = dict(SERIES_DEMO.get(key, {}))
        out.update(self.demo_table.get(key, {}))
        accepted = {p.name for p in cls.params}
        fstar = next((n for n in ("f_star", "fstar") if n in accepted), None)
        if fstar is not None and self.min_value is not None:
            out.setdefault(fstar, float(self.min_value))
        return out

    def to_dict(self) -> dict[str, Any]:
        """Name and every parameter, JSON-ready; ``get_surface(**d)`` rebuilds it."""
        params: dict[str, Any] = dict(self.values)
        params["domain"] = [list(self.domain[0]), list(self.domain[1])]
        return {"name": self.name, "params": params}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={show(v)}" for k, v in self.to_dict()["params"].items())
        return f"{type(self).__name__}({args})"


def register(cls: type[Surface]) -> type[Surface]:
    """Class decorator: add ``cls`` to :data:`SURFACES` under ``cls.name``."""
    SURFACES.register(cls.name, cls)
    return cls


def get_surface(name: str, **params: Any) -> Surface:
    """Build a surface by name (case and punctuation ignored).

    Unknown names raise ValueError listing the valid ones; bad parameters raise ValueError
    naming the parameter, the value and the valid range.
    """
    return SURFACES[name](**params)


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


# ---------------------------------------------------------------------------------------
# The neuron: L(w, b) of one dense unit, through the core's layer and loss
# ---------------------------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _check_samples(samples: Any, loss: str) -> np.ndarray:
    """Validate the data samples: a non-empty list of finite (x, y*) pairs."""

    def bad() -> ValueError:
        return ValueError(f"samples must be a list of (x, y*) number pairs, got {show(samples)}")

    # np.array(..., float) would also take True/False and numeric strings such as "0.5"
    if isinstance(samples, np.ndarray):
        if samples.dtype.kind not in "iuf":
            raise bad()
    elif not isinstance(samples, (list, tuple)) or not all(
        isinstance(p, (list, tuple, np.ndarray)) and all(_is_number(v) for v in p) for p in samples
    ):
        raise bad()
    try:
        arr = np.array(samples, dtype=np.float64)
    except (TypeError, ValueError):
        raise bad() from None
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 1:
        raise ValueError(
            f"samples must be a non-empty list of (x, y*) pairs, got shape {arr.shape}"
        )
    if arr.shape[0] > 100_000:
        raise ValueError(f"samples must hold at most 100000 pairs, got {arr.shape[0]}")
    if not np.isfinite(arr).all():
        raise ValueError(f"samples must be finite numbers, got {show(samples)}")
    outside = (arr[:, 1] < 0) | (arr[:, 1] > 1)
    if loss == "binary" and outside.any():
        shown = ", ".join(f"{v:g}" for v in arr[outside, 1][:5])
        raise ValueError(
            f"binary cross-entropy needs targets y* in [0, 1], got y* = {shown}"
            + (" …" if outside.sum() > 5 else "")
        )
    return arr


#: Points × samples the neuron pushes through its layer in one pass: larger requests (a fine
#: grid over many samples) go in chunks, so the (points, samples, 1) temporaries stay small.
NEURON_CHUNK = 1 << 21

#: The series' 26 activations by registry key (checked against core.activations in tests);
#: listed here so that the surface's parameter specs exist without importing the layer code.
ACTIVATION_KEYS = (
    "step", "identity", "bentidentity", "hardshrink", "softshrink", "threshold", "sigmoid",
    "hardsigmoid", "logsigmoid", "tanh", "tanhshrink", "hardtanh", "relu", "relu6",
    "leakyrelu", "elu", "selu", "celu", "softmax", "softmin", "logsoftmax", "softplus",
    "softsign", "swish", "mish", "tanhexp",
)  # fmt: skip


@register
class Neuron(Surface):
    """L(w, b) of one dense unit y = act(x·w + b) against targets y*, averaged over samples.

    Evaluated through :class:`core.layers.OutputLayer` with stacked parameters — w of shape
    (*P, 1, 1), b of shape (*P, 1) — and the loss of :mod:`core.losses`: the forward and
    backward passes that train networks, run for every point (w, b) at once.  With the
    seed's single sample (x, y*) = (1, 0.5), sigmoid and the squared error this is
    ½(σ(w + b) − ½)², whose minimum 0 is the whole line w + b = 0.

    Parameters
    ----------
    samples : sequence of (x, y*)
        The data; the loss is their mean.  Default: the seed's [(1.0, 0.5)].
    act : str
        Any of the 26 activations (:data:`core.activations.ACTIVATIONS`).
    loss : {"square", "binary"}
        Squared error or binary cross-entropy (fused with sigmoid, as in training).
    domain : ((wmin, wmax), (bmin, bmax))
        Plotting range, default [−2, 2]² as in the seed.
    resolution : int
        Grid points per axis.
    """

    name = "neuron"
    # Santa's exploration steps grow as the gradient shrinks (its preconditioner is
    # 1/√(λ + √v), v ≈ g²/N²); on the neuron's nearly flat flanks they
    # throws the walker onto the saturated plateaus (loss 0.125, zero gradient) for most
    # seeds, so the demo starts Santa in its refinement phase (burn-in 0).
    demo_table = {
        "sgd": {"eta": 0.175},
        "santae": {"burnin": 0},
        "santasss": {"burnin": 0},
    }
    display_name = "Neuron L(w, b)"
    params = (
        Param("act", "sigmoid", "activation of the neuron", kind=str, choices=ACTIVATION_KEYS),
        Param("loss", "square", "loss against the targets", kind=str,
              choices=("square", "binary")),
        RESOLUTION,
    )  # fmt: skip
    structured_params = ("samples", "domain")
    axis_names = ("w", "b")
    doc = (
        "L(w, b) = mean over samples of loss(act(x·w + b), y*), computed by the core's dense "
        "layer; the seed's case ½(σ(w + b) − ½)² has a valley of minima along w + b = 0."
    )
    default_domain = ((-2.0, 2.0), (-2.0, 2.0))
    default_start = (-1.8, -1.2)
    min_value = None

    def __init__(
        self,
        *,
        samples: Sequence[tuple[float, float]] = ((1.0, 0.5),),
        act: str = "sigmoid",
        loss: str = "square",
        domain: Any = None,
        resolution: int = 100,
        **unknown: Any,
    ) -> None:
        from core.activations import ACTIVATIONS
        from core.losses import LOSSES

        if unknown:
            valid = ", ".join(["samples", *(p.name for p in self.params), "domain"])
            raise ValueError(
                f"Neuron got an unknown keyword {show(next(iter(unknown)))}; valid: {valid}"
            )

        if not isinstance(act, str):
            raise ValueError(f"act must be an activation name, got {show(act)}")
        if not isinstance(loss, str):
            raise ValueError(f"loss must be 'square' or 'binary', got {show(loss)}")
        act = ACTIVATIONS.key(act)
        loss_key = normalise(loss)
        loss = LOSSES.key(loss) if loss_key in LOSSES else loss
        super().__init__(domain=domain, act=act, loss=loss, resolution=resolution)
        self.act: str = self.values["act"]
        self.loss_name: str = self.values["loss"]
        data = _check_samples(samples, self.loss_name)
        self.samples: list[tuple[float, float]] = [(float(x), float(y)) for x, y in data]
        self._x = np.ascontiguousarray(data[:, :1])  # (S, 1): the layer's input batch
        self._t = np.ascontiguousarray(data[:, 1:])  # (S, 1): the targets
        self._local = threading.local()

    # Pickled (the app's engine process sends results back) without the per-thread layers:
    # they are caches, made again on first use.
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_local"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._local = threading.local()

    # The layer keeps the last forward pass (x, u, y) for its backward pass, so each thread
    # (the GUI's worker, the exporter) gets its own layer object.
    def _layer(self) -> Any:
        layer = getattr(self._local, "layer", None)
        if layer is None:
            from core.layers import OutputLayer

            layer = OutputLayer(
                prev=1, n=1, act=self.act, loss=self.loss_name, opt="SGD", dtype=np.float64
            )
            self._local.layer = layer
        return layer

    def _data(self, batch: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if batch is None:
            return self._x, self._t
        return self._x[batch], self._t[batch]

    # The layer is driven as Network.fit drives its layers: the data (x, t) were checked
    # once, when the surface was built, so the passes run through the layer's unchecked
    # entry points (_forward, _loss_of, _delta_of, _backward_delta) — the very code that
    # trains networks, without re-validating a (S, 1) input on every call.
    def _forward(self, w: np.ndarray, b: np.ndarray, batch: np.ndarray | None = None):
        # (_data and _layer inlined: this runs once or twice per step of every run)
        if batch is None:
            x, t = self._x, self._t
        else:
            x, t = self._x[batch], self._t[batch]
        layer = getattr(self._local, "layer", None) or self._layer()
        shape = w.shape
        # (float64 arrays of one shape: validated by every public entry point)
        layer._set_params(w.reshape(shape + (1, 1)), b.reshape(shape + (1,)))
        layer._forward(x)  # (*P, S, 1)
        return layer, t, shape

    @staticmethod
    def _as_loss(z: Any, shape: tuple[int, ...]) -> np.ndarray:
        # the layer gives a float for a single point, an array of shape P for stacked ones
        if type(z) is not np.ndarray:
            z = np.asarray(z, dtype=np.float64)
        return z if z.shape == shape else z.reshape(shape)

    def _loss_once(self, w, b):
        layer, t, shape = self._forward(w, b)
        return self._as_loss(layer._loss_of(t), shape)

    def _loss_grad_once(self, w, b, batch=None):
        layer, t, shape = self._forward(w, b, batch)
        z = self._as_loss(layer._loss_of(t), shape)
        layer._backward_delta(layer._delta_of(t), False)
        return z, layer.grad_w.reshape(shape), layer.grad_b.reshape(shape)

    def _grad(self, w, b, batch=None):
        # the backward pass needs the forward pass, not the loss
        if w.size * (len(self._x) if batch is None else len(batch)) > NEURON_CHUNK:
            return self._loss_grad(w, b, batch)[1:]
        layer, t, shape = self._forward(w, b, batch)
        layer._backward_delta(layer._delta_of(t), False)
        return layer.grad_w.reshape(shape), layer.grad_b.reshape(shape)

    def _chunks(self, w: np.ndarray, n_samples: int) -> int | None:
        """Points per layer pass when points × samples exceeds :data:`NEURON_CHUNK`."""
        if w.size * n_samples <= NEURON_CHUNK:
            return None
        return max(1, NEURON_CHUNK // n_samples)

    def _loss(self, w, b):
        step = self._chunks(w, len(self.samples))
        if step is None:
            return self._loss_once(w, b)
        wf, bf = w.reshape(-1), b.reshape(-1)
        out = np.empty(wf.size)
        for i in range(0, wf.size, step):
            out[i : i + step] = self._loss_once(wf[i : i + step], bf[i : i + step])
        return out.reshape(w.shape)

    def _loss_grad(self, w, b, batch=None):
        step = self._chunks(w, len(self.samples) if batch is None else len(batch))
        if step is None:
            return self._loss_grad_once(w, b, batch)
        wf, bf = w.reshape(-1), b.reshape(-1)
        out = np.empty((3, wf.size))
        for i in range(0, wf.size, step):
            z, gw, gb = self._loss_grad_once(wf[i : i + step], bf[i : i + step], batch)
            out[0, i : i + step], out[1, i : i + step], out[2, i : i + step] = z, gw, gb
        return out[0].reshape(w.shape), out[1].reshape(w.shape), out[2].reshape(w.shape)

    def loss_and_grad(self, w, b, batch=None):
        """Loss and gradient; ``batch`` (indices into ``samples``) selects a minibatch."""
        w, b = _as_pair(w, b)
        if batch is not None:
            batch = np.asarray(batch)
            if batch.ndim != 1 or batch.size == 0 or batch.dtype.kind not in "iu":
                raise ValueError(
                    f"batch must be a non-empty 1-D array of indices, got {show(batch)}"
                )
            if batch.min() < 0 or batch.max() >= len(self.samples):
                raise ValueError(
                    f"batch indices must be in [0, {len(self.samples) - 1}], got {show(batch)}"
                )
        return self._loss_grad(w, b, batch)

    def hessian(self, w: Any, b: Any) -> np.ndarray:
        """2×2 Hessian; closed form for sigmoid (square or binary loss), else finite
        differences of the analytic gradient.

        With u = x·w + b and h(u) = ∂²loss/∂u², H = mean over samples of h(u)·[[x², x], [x, 1]];
        for sigmoid + square h = σ'² + (σ − y*)σ'' (σ' = σ(1 − σ), σ'' = σ'(1 − 2σ)), for
        sigmoid + binary h = σ'.
        """
        if self.act != "sigmoid":
            return super().hessian(w, b)
        w, b = _as_pair(w, b)
        x = self._x[:, 0]
        t = self._t[:, 0]
        u = w[..., None] * x + b[..., None]  # (..., S)
        with np.errstate(over="ignore"):
            s = 1.0 / (1.0 + np.exp(-u))
        d1 = s * (1.0 - s)
        h = d1 * d1 + (s - t) * d1 * (1.0 - 2.0 * s) if self.loss_name == "square" else d1
        h_ww = (h * x * x).mean(-1)
        h_wb = (h * x).mean(-1)
        h_bb = h.mean(-1)
        return np.stack([np.stack([h_ww, h_wb], -1), np.stack([h_wb, h_bb], -1)], -2)

    @property
    def caveat(self) -> str | None:
        """Binary cross-entropy with an activation whose outputs leave [0, 1]: the loss is
        clipped there, flat, with gradient 0, and a trajectory that gets there stops."""
        from core.activations import ACTIVATIONS

        if self.loss_name != "binary":
            return None
        cls = ACTIVATIONS[self.act]
        lo, hi = cls.output_range
        if lo >= 0.0 and hi <= 1.0:
            return None
        return (
            f"Binary cross-entropy needs outputs in (0, 1), but {cls.display_name} can leave "
            "that range: where it does, the loss is clipped and flat (gradient 0), so an "
            "optimizer stops there. Sigmoid keeps every output inside."
        )

    @property
    def minimum_text(self) -> str:
        if len(self.samples) == 1 and self.act == "sigmoid":
            x, y = self.samples[0]
            if 0.0 < y < 1.0:
                c = math.log(y / (1.0 - y))
                if x == 0.0:
                    return f"minimum 0 wherever b = logit(y*) = {c:.6g}, for any w"
                if self.loss_name == "square":
                    return f"minimum 0 on the line {x:g}·w + b = logit(y*) = {c:.6g}"
                return f"minimum on the line {x:g}·w + b = logit(y*) = {c:.6g}"
        return "minimum: wherever the neuron fits the samples best (no closed form)"

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["params"]["samples"] = [list(s) for s in self.samples]
        return d


# The order users see the surfaces in: the neuron (the subject of the app) first, then the
# series' four search planes, then the classics (the neuron is defined last above, after
# the helpers it needs).
SURFACES.reorder(
    ("neuron", "saddle", "plateau", "ripples", "ridge", "quadratic", "rosenbrock", "beale",
     "himmelblau", "rastrigin", "ackley", "booth")
)  # fmt: skip
