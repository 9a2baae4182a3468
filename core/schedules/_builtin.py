"""The built-in schedules, each equal to a ``torch.optim.lr_scheduler`` class.

k = t − 1 is the number of steps done; every formula is torch's closed form for its
scheduler stepped once per optimizer step (its documented equation):

=================  =========================================================================
constant           v
step               base · γ^⌊k / step_size⌋                       (StepLR)
exponential        base · γ^k                                      (ExponentialLR)
cosine             low + (base − low)·(1 + cos(π k / T_max))/2     (CosineAnnealingLR)
cosine restarts    the same within each cycle of T_i = T_0·T_multⁱ steps
                                                                   (CosineAnnealingWarmRestarts)
linear warm-up     base · (s + (e − s)·min(k, n)/n)                (LinearLR)
one-cycle          up from peak/div to peak, then down to peak/(div·final_div), by cosine
                   or linear annealing                             (OneCycleLR)
=================  =========================================================================
"""

from __future__ import annotations

import math

from gradscape.core._message import Message, template
from gradscape.core._registry import MUST_BE_IN, Param
from gradscape.core._text import show
from gradscape.core.schedules._base import Schedule, register

__all__ = [
    "Constant",
    "Cosine",
    "CosineRestarts",
    "Exponential",
    "LinearWarmup",
    "OneCycle",
    "StepDecay",
]


def _base(doc: str = "value at the first step") -> Param:
    return Param("base", 0.1, doc)


_LOW = Param("low", 0.0, "the lowest value η_min, reached at the end of a cosine")


@register("constant")
class Constant(Schedule):
    display_name = "constant"
    params = (Param("value", 0.1, "the value at every step"),)
    equation = "v"
    reference = "a number; gives the identical trajectory"
    value: float

    def at(self, k: int) -> float:
        return self.value


@register("step", ("stepdecay", "steplr"))
class StepDecay(Schedule):
    display_name = "step decay"
    params = (
        _base(),
        Param("step_size", 100, "steps between two decays", 1, None, kind=int),
        Param("gamma", 0.1, "factor at each decay γ", 0.0, None, low_open=True),
    )
    equation = "base·γ^⌊k/step_size⌋,  k = t − 1"
    reference = "torch.optim.lr_scheduler.StepLR"
    base: float
    step_size: int
    gamma: float

    def at(self, k: int) -> float:
        return self.base * self.gamma ** (k // self.step_size)


@register("exponential", ("exp", "exponentiallr"))
class Exponential(Schedule):
    display_name = "exponential"
    params = (_base(), Param("gamma", 0.99, "factor per step γ", 0.0, None, low_open=True))
    equation = "base·γ^k,  k = t − 1"
    reference = "torch.optim.lr_scheduler.ExponentialLR"
    base: float
    gamma: float

    def at(self, k: int) -> float:
        return self.base * self.gamma**k


def _cosine(base: float, low: float, k: int, period: int) -> float:
    try:
        angle = math.pi * k / period  # (torch's order of operations, to the last bit)
    except OverflowError:  # a period past a float's range: int / int is exact at any size
        angle = math.pi * (k / period)
    return low + (base - low) * (1.0 + math.cos(angle)) / 2.0


@register("cosine", ("cosineannealing", "cosineannealinglr"))
class Cosine(Schedule):
    display_name = "cosine"
    params = (
        _base("value at the first step η_max"),
        Param("T_max", 100, "steps from η_max down to η_min", 1, None, kind=int),
        _LOW,
    )
    equation = "low + (base − low)·(1 + cos(π·k/T_max))/2,  k = t − 1"
    reference = "torch.optim.lr_scheduler.CosineAnnealingLR (closed form)"
    base: float
    T_max: int
    low: float

    def at(self, k: int) -> float:
        return _cosine(self.base, self.low, k, self.T_max)


@register("cosineRestarts", ("sgdr", "cosineannealingwarmrestarts", "warmrestarts"))
class CosineRestarts(Schedule):
    display_name = "cosine with restarts"
    params = (
        _base("value at the start of each cycle η_max"),
        Param("T_0", 100, "steps of the first cycle", 1, None, kind=int),
        Param("T_mult", 1, "factor of each next cycle's length", 1, None, kind=int),
        _LOW,
    )
    equation = (
        "low + (base − low)·(1 + cos(π·T_cur/T_i))/2;  T_i = T_0·T_multⁱ in cycle i,\n"
        "T_cur = steps since the cycle started"
    )
    reference = (
        "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts; "
        'I. Loshchilov, F. Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", '
        "ICLR 2017"
    )
    base: float
    T_0: int
    T_mult: int
    low: float

    def at(self, k: int) -> float:
        if self.T_mult == 1:
            cur, period = k % self.T_0, self.T_0
        else:  # whole cycles, in integers (log-many of them)
            cur, period = k, self.T_0
            while cur >= period:
                cur -= period
                period *= self.T_mult
        return _cosine(self.base, self.low, cur, period)


@register("linear", ("linearwarmup", "warmup", "linearlr"))
class LinearWarmup(Schedule):
    display_name = "linear warm-up"
    params = (
        _base("the value the factors multiply"),
        Param("start_factor", 1.0 / 3.0, "factor at the first step", 0.0, 1.0, low_open=True),
        Param("end_factor", 1.0, "factor from total_iters on", 0.0, 1.0),
        Param("total_iters", 5, "steps from start_factor to end_factor", 1, None, kind=int),
    )
    equation = "base·(s + (e − s)·min(k, n)/n),  s, e = start/end factor, n = total_iters"
    reference = "torch.optim.lr_scheduler.LinearLR"
    base: float
    start_factor: float
    end_factor: float
    total_iters: int

    def at(self, k: int) -> float:
        s, e, n = self.start_factor, self.end_factor, self.total_iters
        # min(k, n) / n first: int / int stays exact for any n (a float / huge int overflows)
        return self.base * (s + (e - s) * (min(k, n) / n))


#: the longest one-cycle: a float holds every count up to it exactly
_EXACT = 2**53

#: A one-cycle schedule whose warm-up is too short for a phase to have any length.
EMPTY_PHASE = template(
    "pct_start·total_steps = {product} leaves a phase of the one-cycle schedule empty; raise "
    "total_steps or change pct_start"
)


@register("oneCycle", ("onecyclelr", "1cycle"))
class OneCycle(Schedule):
    display_name = "one-cycle"
    params = (
        Param("peak", 0.1, "the highest value (torch's max_lr)"),
        Param("total_steps", 1000, "steps of the cycle", 2, None, kind=int),
        Param("pct_start", 0.3, "share of the cycle spent rising", 0.0, 1.0, True, True),
        Param("div_factor", 25.0, "first value = peak/div_factor", 0.0, None, low_open=True),
        Param("final_div_factor", 1e4, "last value = first/final_div_factor", 0.0, None, True),
        Param("anneal", "cos", "shape of each phase", kind=str, choices=("cos", "linear")),
        Param("three_phase", False, "rise, fall back to the first value, then anneal", kind=bool),
    )
    equation = (
        "up from peak/div to peak over pct_start·total_steps − 1 steps, then down to\n"
        "peak/(div·final_div) at step total_steps − 1 (three-phase: back to peak/div first);\n"
        "cos: end + (start − end)·(1 + cos(π·p))/2,  linear: start + (end − start)·p;\n"
        "held at the last value after the cycle"
    )
    reference = (
        "torch.optim.lr_scheduler.OneCycleLR (learning rate only); L. N. Smith, N. Topin, "
        '"Super-Convergence", 2017, arXiv:1708.07120'
    )
    peak: float
    total_steps: int
    pct_start: float
    div_factor: float
    final_div_factor: float
    anneal: str
    three_phase: bool

    def check(self) -> None:
        if self.total_steps > _EXACT:  # (pct_start·total_steps: a float)
            shown = show(self.total_steps)
            raise ValueError(
                Message(MUST_BE_IN, name="total_steps", range=f"<= {_EXACT}", value=shown)
            )
        first = float(self.pct_start * self.total_steps) - 1
        last = self.total_steps - 1.0
        # torch's phases must have positive lengths (else it divides by zero)
        lengths = [first, first, last - 2 * first] if self.three_phase else [first, last - first]
        if min(lengths) <= 0:
            product = f"{self.pct_start * self.total_steps:g}"
            raise ValueError(Message(EMPTY_PHASE, product=product))
        start = self.peak / self.div_factor
        low = start / self.final_div_factor
        if self.three_phase:
            self._phases = [(first, start, self.peak), (2 * first, self.peak, start),
                            (last, start, low)]  # fmt: skip
        else:
            self._phases = [(first, start, self.peak), (last, self.peak, low)]

    def at(self, k: int) -> float:
        if k >= self.total_steps - 1:  # torch refuses to step beyond the cycle: hold its end
            return self._phases[-1][2]
        begin = 0.0
        for i, (end, a, b) in enumerate(self._phases):
            if k <= end or i == len(self._phases) - 1:
                p = (k - begin) / (end - begin)
                if self.anneal == "cos":
                    return b + (a - b) / 2.0 * (math.cos(math.pi * p) + 1.0)
                return (b - a) * p + a
            begin = end
        raise AssertionError("unreachable: the last phase always answers")
