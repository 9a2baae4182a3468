"""The surface contract: :class:`Surface`, the registry, the demo learning rates."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from gradscape.core._message import Message
from gradscape.core._registry import Param, Registry, bind_params
from gradscape.core._text import show

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
    # QHM's and QHAdam's own entries; on a surface they borrow their relative's (DEMO_LIKE)
    "qhm": {"eta": 0.0875},
    "qhadam": {"eta": 0.25},
}

#: rules that take the demo η of a relative on each surface whose table does not name them:
#: QHM is stable wherever plain SGD is (its limit on η·λ is larger, see
#: ``core.trajectory.stability``), QHAdam's step is Adam's with a mixed numerator
DEMO_LIKE: dict[str, str] = {"qhm": "sgd", "qhadam": "adam"}


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
    ``local_minima``    other known local minima (the six-hump camel's four; basin maps
                        label them too)
    ``min_value``       the loss at the global minimum (None if unbounded or unknown)
    ``bounded_below``   False for surfaces that fall without limit (the saddle)
    ``demo_table``      per-optimizer overrides of :data:`SERIES_DEMO` for this surface
    ``from_file``       True for a surface built from what the user gives (a network's
                        landscape file, a typed formula): it has no default instance, so
                        no menu offers it as a blank choice
    ``user_domain``     True when the domain is part of what the user gives (a typed
                        formula's): the window shows any domain of it
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
    local_minima: ClassVar[tuple[tuple[float, float], ...]] = ()
    min_value: ClassVar[float | None] = 0.0
    bounded_below: ClassVar[bool] = True
    demo_table: ClassVar[dict[str, dict[str, Any]]] = {}
    from_file: ClassVar[bool] = False
    user_domain: ClassVar[bool] = False
    #: the data samples (x, y*) of a surface fitted to data (the neuron sets its own);
    #: None for the closed-form surfaces
    samples: list[tuple[float, float]] | None = None

    def __init__(self, *, domain: Any = None, **params: Any) -> None:
        self.domain: Domain = _check_domain(self.default_domain if domain is None else domain)
        # (the surface's name is one of core's words: a refusal says it in the reader's language)
        what = Message(self.display_name) if self.display_name else type(self).__name__
        values = bind_params(what, self.params, params)
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
    def description(self) -> str:
        """What the window says about this surface (the class's ``doc``; a typed formula
        shows itself)."""
        return self.doc

    @property
    def caveat(self) -> str | None:
        """A warning about this surface's configuration for the user, or None."""
        return None

    @property
    def badge(self) -> str | None:
        """A line that must always be shown with this surface's picture (a projection's
        honesty: how much of the truth a 2-D slice shows), or None."""
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
        from gradscape.core.optimizers import OPTIMIZERS

        key = OPTIMIZERS.key(opt_name)
        cls = OPTIMIZERS[key]
        out = dict(SERIES_DEMO.get(key, {}))
        like = DEMO_LIKE.get(key)
        if like is not None and key not in self.demo_table and like in self.demo_table:
            out.update({k: v for k, v in self.demo_table[like].items() if k == "eta"})
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
