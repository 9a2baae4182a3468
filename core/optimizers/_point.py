"""The point path: a rule's update for one coordinate of one start point, on Python floats.

A race of M rules from ONE start point (the window's race, a drag of its start) hands every
rule arrays of one element per step: there numpy's per-call overhead (~0.5 µs a ufunc, a few
µs an update) is all the cost, and Python floats do the same IEEE arithmetic ~10× faster.
The engine (:mod:`core.trajectory._points`) runs such a race here when every rule has a
point rule that serves it (:func:`point_rules`; a race mixing rules with and without one
races the two groups apart, ``core.trajectory._race_split``); anything unusual — a
non-finite value, a point leaving the box, a rule raising — sends the whole race back to the
array path, which then decides what happened exactly as it always does.

Each point rule is its rule's fast kernel (:mod:`._kernels`) again, operation for operation
in the same order, so that a race gives the same trajectories bit for bit on either path
(``tests/core/test_optimizers_point.py`` checks every point rule against its kernel over its
variants, and the engine's races against the array path's); the kernels equal their rules'
references to round-off.  ``x * x`` stands for numpy's ``x**2`` (numpy squares; Python's
``**`` could raise OverflowError), and a clamp at 0 keeps a NaN as ``np.maximum`` does.

A point rule keeps one coordinate's state in a list whose first entries are the rule's
``state_names`` in order (what the engine records each step), followed by any state only
some variants keep; ``prepare(t)`` computes a step's scalars shared by its coordinates (the
kernel's ``prepare``), once per step, then ``slot(t, g, s, p)`` advances ``s`` in place for
the gradient ``g`` at the parameter ``p`` and returns the move.  ``_maximum`` and
``_minimum`` are numpy's (a NaN wins; ``max``/``min`` would drop it).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from gradscape.core.optimizers import _adam, _adaptive, _sgd
from gradscape.core.optimizers._base import Optimizer

_sqrt = math.sqrt


def _maximum(a: float, b: float) -> float:
    """np.maximum of two floats: a NaN among them is the result."""
    return a if a >= b or a != a else b


def _minimum(a: float, b: float) -> float:
    """np.minimum of two floats: a NaN among them is the result."""
    return a if a <= b or a != a else b


class PointRule:
    """One rule's update on Python floats (see the module docstring)."""

    #: the rule class it serves (exact class: a subclass changes the equations)
    rule: ClassVar[type[Optimizer]]

    def __init__(self, opt: Any) -> None:
        self.opt = opt

    @classmethod
    def serves(cls, opt: Any) -> bool:
        """False for a configuration this point rule does not cover."""
        return True

    def start(self) -> list[float]:
        """One coordinate's state before step 1."""
        return [0.0] * len(self.rule.state_names)

    def prepare(self, t: int) -> None:
        """Step ``t``'s scalars, shared by the coordinates (none here)."""

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        raise NotImplementedError


class SGDPoint(PointRule):
    rule = _sgd.SGD

    def __init__(self, opt: Any) -> None:
        self.eta = opt.eta

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        return -self.eta * g


class MSGDPoint(PointRule):
    rule = _sgd.MSGD

    def __init__(self, opt: Any) -> None:
        self.eta, self.mu, self.dampening = opt.eta, opt.mu, opt.dampening
        self.series = opt.form == "series"

    def start(self) -> list[float]:
        return [_sgd.SERIES_INIT if self.series else 0.0]

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        mu = self.mu
        if self.series:  # s[0] holds the previous move
            s[0] = mu * s[0] - (1 - mu) * self.eta * g
            return s[0]
        s[0] = g if t == 1 else mu * s[0] + (1 - self.dampening) * g
        return -self.eta * s[0]


class NAGPoint(PointRule):
    """torch's form (the series' look-ahead form needs the gradient elsewhere)."""

    rule = _sgd.NAG

    def __init__(self, opt: Any) -> None:
        self.eta, self.mu = opt.eta, opt.mu

    @classmethod
    def serves(cls, opt: Any) -> bool:
        return bool(opt.form == "torch")

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        mu = self.mu
        s[0] = g if t == 1 else mu * s[0] + g
        return -self.eta * (g + mu * s[0])


class AdaGradPoint(PointRule):
    rule = _adaptive.AdaGrad

    def __init__(self, opt: Any) -> None:
        self.eta, self.lr_decay, self.eps = opt.eta, opt.lr_decay, opt.eps
        self.h0 = opt.initial_accumulator_value

    def start(self) -> list[float]:
        return [self.h0]

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        h = s[0] = s[0] + g * g
        eta_t = self.eta / (1 + (t - 1) * self.lr_decay)
        return -eta_t * g / (_sqrt(h) + self.eps)


class RMSpropPoint(PointRule):
    """State [v, m, b]: m only read when centred, b only when μ > 0."""

    rule = _adaptive.RMSprop

    def __init__(self, opt: Any) -> None:
        self.eta, self.rho, self.eps = opt.eta, opt.rho, opt.eps
        self.centered, self.mu = opt.centered, opt.mu

    def start(self) -> list[float]:
        return [0.0, 0.0, 0.0]

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        rho = self.rho
        v = s[0] = rho * s[0] + (1 - rho) * (g * g)
        if self.centered:
            m = s[1] = rho * s[1] + (1 - rho) * g
            v = v - m * m
            if v < 0.0:  # (a NaN stays a NaN, as with np.maximum)
                v = 0.0
        denom = _sqrt(v) + self.eps
        if self.mu > 0.0:
            b = s[2] = self.mu * s[2] + g / denom
            return -self.eta * b
        return -self.eta * g / denom


class AdaDeltaPoint(PointRule):
    rule = _adaptive.AdaDelta

    def __init__(self, opt: Any) -> None:
        self.eta, self.rho, self.eps = opt.eta, opt.rho, opt.eps

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        rho, eps = self.rho, self.eps
        v = s[0] = rho * s[0] + (1 - rho) * (g * g)
        delta = _sqrt(s[1] + eps) / _sqrt(v + eps) * g
        s[1] = rho * s[1] + (1 - rho) * (delta * delta)
        return -self.eta * delta


class RMSpropGravesPoint(PointRule):
    """State [m, v, Δ]: Δ only read when μ > 0."""

    rule = _adaptive.RMSpropGraves

    def __init__(self, opt: Any) -> None:
        self.eta, self.rho, self.eps, self.mu = opt.eta, opt.rho, opt.eps, opt.mu

    def start(self) -> list[float]:
        return [0.0, 0.0, 0.0]

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        rho = self.rho
        v = s[1] = rho * s[1] + (1 - rho) * (g * g)
        m = s[0] = rho * s[0] + (1 - rho) * g
        d = v - m * m
        if d < 0.0:
            d = 0.0
        step = -self.eta * g / _sqrt(d + self.eps)
        if self.mu > 0.0:
            s[2] = self.mu * s[2] + step
            return s[2]
        return step


class SMORMS3Point(PointRule):
    """As :class:`~._kernels.SMORMS3Fast`; state [m, v, s]."""

    rule = _adaptive.SMORMS3

    def __init__(self, opt: Any) -> None:
        self.eta, self.eps = opt.eta, opt.eps

    def start(self) -> list[float]:
        return [0.0, 0.0, 1.0]

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        r = 1.0 / (s[2] + 1.0)
        keep = 1.0 - r
        m = s[0] = s[0] * keep + r * g
        v = s[1] = s[1] * keep + r * (g * g)
        zeta = m * m / (v + self.eps)
        move = -g * _minimum(zeta, self.eta) / (_sqrt(v) + self.eps)
        s[2] = s[2] * (1.0 - zeta) + 1.0
        return move


class _MomentsPoint(PointRule):
    """The Adam family's common ground: β1, β2, ε, η and the kernels' 1 − β1, 1 − β2."""

    def __init__(self, opt: Any) -> None:
        self.opt = opt
        self.eta, self.beta1, self.beta2, self.eps = opt.eta, opt.beta1, opt.beta2, opt.eps
        self.c1, self.c2 = 1.0 - opt.beta1, 1.0 - opt.beta2

    def moments(self, g: float, s: list[float]) -> tuple[float, float]:
        """m and v (s[0], s[1]) advanced: torch's lerp form of m, then v."""
        m = s[0] = s[0] + (g - s[0]) * self.c1
        v = s[1] = s[1] * self.beta2 + (g * g) * self.c2
        return m, v


class AdamPoint(_MomentsPoint):
    """As :class:`~._kernels.AdamFast`: the capturable form of the move,
    m / (√v·scale + shift)."""

    rule = _adam.Adam

    def prepare(self, t: int) -> None:
        neg_step = -self.eta / (1.0 - self.beta1**t)
        bc2_sqrt = (1.0 - self.beta2**t) ** 0.5
        self.scale, self.shift = 1.0 / (bc2_sqrt * neg_step), self.eps / neg_step

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m, v = self.moments(g, s)
        return m / (_sqrt(v) * self.scale + self.shift)


class AdamWPoint(AdamPoint):
    """Adam's move, less η·λ·θ (θ: the parameter before the step)."""

    rule = _adam.AdamW

    def __init__(self, opt: Any) -> None:
        super().__init__(opt)
        self.decay = opt.eta * opt.weight_decay if opt.weight_decay != 0.0 else None

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m, v = self.moments(g, s)
        move = m / (_sqrt(v) * self.scale + self.shift)
        return move if self.decay is None else move - p * self.decay


class AMSGradPoint(AdamPoint):
    """Adam's folded denominator with v_max; state [m, v, v_max]."""

    rule = _adam.AMSGrad

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m, v = self.moments(g, s)
        vmax = s[2] = _maximum(s[2], v)
        return m / (_sqrt(vmax) * self.scale + self.shift)


class AdaMaxPoint(_MomentsPoint):
    """As :class:`~._kernels.AdaMaxFast`; state [m, u]."""

    rule = _adam.AdaMax

    def prepare(self, t: int) -> None:
        self.neg_clr = -(self.eta / (1.0 - self.beta1**t))

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m = s[0] = s[0] + (g - s[0]) * self.c1
        u = s[1] = _maximum(s[1] * self.beta2, abs(g) + self.eps)
        return m / u * self.neg_clr


class NadamPoint(_MomentsPoint):
    """As :class:`~._kernels.NadamFast`, with its own running product of the momentum
    schedule (the optimizer's stays untouched)."""

    rule = _adam.Nadam

    def __init__(self, opt: Any) -> None:
        super().__init__(opt)
        self.prod, self.prod_t = 1.0, 0

    def prepare(self, t: int) -> None:
        mu_of = self.opt._mu
        while self.prod_t < t:  # (t counts up from 1, one step at a time)
            self.prod_t += 1
            self.prod *= mu_of(self.prod_t)
        prod, mu, mu_next = self.prod, mu_of(t), mu_of(t + 1)
        self.bc2 = 1.0 - self.beta2**t
        self.c_grad = -self.eta * (1.0 - mu) / (1.0 - prod)
        self.c_mom = -self.eta * mu_next / (1.0 - prod * mu_next)

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m, v = self.moments(g, s)
        return (g * self.c_grad + m * self.c_mom) / (_sqrt(v / self.bc2) + self.eps)


class RAdamPoint(_MomentsPoint):
    """As :class:`~._kernels.RAdamFast`."""

    rule = _adam.RAdam

    def prepare(self, t: int) -> None:
        rect = self.opt.rectification(t)
        self.rectified = rect is not None
        self.bc1 = 1.0 - self.beta1**t
        self.bc2_sqrt = (1.0 - self.beta2**t) ** 0.5
        self.neg_rect = -(rect or 0.0)

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m, v = self.moments(g, s)
        move = m / self.bc1
        if self.rectified:
            return move * self.eta * (self.bc2_sqrt / (_sqrt(v) + self.eps)) * self.neg_rect
        return move * -self.eta


class AdaBeliefPoint(_MomentsPoint):
    """As :class:`~._kernels.AdaBeliefFast`; state [m, s]."""

    rule = _adam.AdaBelief

    def prepare(self, t: int) -> None:
        self.bc2_sqrt = (1.0 - self.beta2**t) ** 0.5
        self.neg_step = -(self.eta / (1.0 - self.beta1**t))

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m = s[0] = s[0] + (g - s[0]) * self.c1
        d = g - m
        sv = s[1] = s[1] * self.beta2 + (d * d) * self.c2 + self.eps
        return m / (_sqrt(sv) / self.bc2_sqrt + self.eps) * self.neg_step


class AdaBoundPoint(_MomentsPoint):
    """As :class:`~._kernels.BoundFast`: the clipped rate negated; AMSBound keeps v_max
    (state [m, v, v_max])."""

    rule: ClassVar[type[Optimizer]] = _adam.AdaBound
    amsbound: ClassVar[bool] = False

    def prepare(self, t: int) -> None:
        step_size = self.eta * (1.0 - self.beta2**t) ** 0.5 / (1.0 - self.beta1**t)
        lo, hi = self.opt.bounds(t)
        self.neg_step, self.neg_lo, self.neg_hi = -step_size, -lo, -hi

    def slot(self, t: int, g: float, s: list[float], p: float) -> float:
        m, v = self.moments(g, s)
        if self.amsbound:
            v = s[2] = _maximum(s[2], v)
        w = _maximum(self.neg_step / (_sqrt(v) + self.eps), self.neg_hi)
        return m * _minimum(w, self.neg_lo)


class AMSBoundPoint(AdaBoundPoint):
    rule = _adam.AMSBound
    amsbound = True


#: rule class -> its point rule
POINT_RULES: dict[type, type[PointRule]] = {
    p.rule: p
    for p in (
        SGDPoint,
        MSGDPoint,
        NAGPoint,
        AdaGradPoint,
        RMSpropPoint,
        AdaDeltaPoint,
        RMSpropGravesPoint,
        SMORMS3Point,
        AdamPoint,
        AdamWPoint,
        AMSGradPoint,
        AdaMaxPoint,
        NadamPoint,
        RAdamPoint,
        AdaBeliefPoint,
        AdaBoundPoint,
        AMSBoundPoint,
    )
}


def point_rule(opt: Any) -> PointRule | None:
    """The point rule of a fresh ``opt``, or None when it has none for this configuration
    (no point rule for its exact class, scheduled hyperparameters, the reference forced
    with ``fast = False``)."""
    cls = POINT_RULES.get(type(opt))
    if cls is None or opt.schedules or not opt.fast or opt.state is not None:
        return None
    if not cls.serves(opt):
        return None
    return cls(opt)


def point_rules(opts: list[Any]) -> list[PointRule] | None:
    """Every optimizer's point rule, or None unless each of them has one."""
    rules = []
    for opt in opts:
        rule = point_rule(opt)
        if rule is None:
            return None
        rules.append(rule)
    return rules
