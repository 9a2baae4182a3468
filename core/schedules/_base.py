"""The schedule contract: a hyperparameter as a function of the optimizer's step t.

A schedule is called with the step number t (1 at the first update, as the optimizers
count) and returns the value to use at that step.  The built-in schedules follow
``torch.optim.lr_scheduler``, whose schedulers are stepped after every optimizer step and
start from their base value: with k = t − 1 steps done, ``s(t)`` equals torch's learning
rate after k calls of ``scheduler.step()``.

A schedule class declares what the registry (and so the GUI) reads: ``display_name``,
``params`` (:class:`core._registry.Param`), ``equation`` (plain text in k = t − 1) and
``reference``; it implements :meth:`Schedule.at` (the value after k steps).  Each parameter
becomes an attribute of the same name.  Schedules are immutable and compare equal when
their kind and parameters are equal; :meth:`Schedule.to_dict` is their plain form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from gradscape.core._message import Message, template
from gradscape.core._registry import Param, Registry, bind_params
from gradscape.core._text import show

__all__ = [
    "SCHEDULES",
    "FunctionSchedule",
    "Schedule",
    "as_schedule",
    "get_schedule",
    "is_schedule",
    "register",
]


class Schedule:
    """Base class of the schedules: ``value = schedule(t)`` for the step t >= 1."""

    display_name: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    equation: ClassVar[str] = ""
    reference: ClassVar[str] = ""
    #: the registry key, set by :func:`register`
    key: ClassVar[str] = ""

    def __init__(self, **kw: Any) -> None:
        self.hyper: dict[str, Any] = bind_params(
            f"schedule {self.display_name or type(self).__name__}", self.params, kw
        )
        for name, value in self.hyper.items():
            setattr(self, name, value)
        self.check()

    def check(self) -> None:
        """Cross-parameter validation hook (raise ValueError)."""

    def __call__(self, t: int) -> float:
        if isinstance(t, bool) or not isinstance(t, int) or t < 1:
            t = _step(t)
        return self.at(t - 1)

    def at(self, k: int) -> float:
        """The value after k >= 0 steps (at step t = k + 1)."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """{"schedule": key, **parameters}: the plain form (JSON, scenes)."""
        return {"schedule": self.key, **self.hyper}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.hyper == self.hyper

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(sorted(self.hyper.items()))))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{self.key or type(self).__name__}({args})"


def _step(t: Any) -> int:
    try:
        k = int(t)
    except (TypeError, ValueError):
        raise ValueError(f"t must be an integer >= 1, got {t!r}") from None
    if k != t or k < 1 or isinstance(t, bool):
        raise ValueError(f"t must be an integer >= 1, got {t!r}")
    return k


class FunctionSchedule(Schedule):
    """A plain callable of t, as in the series: ``eta=lambda t: 1e-2 * 0.5 ** (t - 1)``."""

    display_name = "function of t"
    equation = "value = f(t)"

    def __init__(self, fn: Callable[[int], Any]) -> None:
        if not callable(fn):
            raise ValueError(f"a function schedule needs a callable of t, got {fn!r}")
        self.fn = fn
        self.hyper = {}

    def __call__(self, t: int) -> float:
        value = self.fn(t)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{self!r} must return a number, got {value!r} at t={t}") from None

    def at(self, k: int) -> float:
        return self(k + 1)

    def to_dict(self) -> dict[str, Any]:
        raise ValueError(f"{self!r} is a Python function: it has no plain form")

    def __eq__(self, other: object) -> bool:
        return type(other) is FunctionSchedule and other.fn is self.fn

    def __hash__(self) -> int:
        return hash(self.fn)

    def __repr__(self) -> str:
        return f"function({getattr(self.fn, '__qualname__', type(self.fn).__name__)})"


SCHEDULES: Registry[type[Schedule]] = Registry("schedule")


def register(key: str, aliases: tuple[str, ...] = ()) -> Callable[[type[Schedule]], type[Schedule]]:
    """Class decorator: add a schedule to :data:`SCHEDULES` under ``key``."""

    def deco(cls: type[Schedule]) -> type[Schedule]:
        cls.key = key
        if not cls.display_name:
            cls.display_name = key
        SCHEDULES.register(key, cls, aliases)
        return cls

    return deco


# A value that is no schedule (a scene file's hyperparameter: a window says it in its language)
NO_SCHEDULE_NAME = template("a schedule's plain form needs a 'schedule' name, got {value}")
NOT_A_SCHEDULE = template("expected a schedule or a callable of t, got {value}")


def get_schedule(name: str, **kw: Any) -> Schedule:
    """Build a schedule by name ("cosine", "step", "one-cycle", ...) and its parameters."""
    return SCHEDULES[name](**kw)


def as_schedule(value: Any) -> Schedule:
    """A schedule for ``value``: a :class:`Schedule` itself, a plain callable of t wrapped,
    or a plain form ``{"schedule": name, **parameters}``."""
    if isinstance(value, Schedule):
        return value
    if isinstance(value, dict):
        kw = dict(value)
        name = kw.pop("schedule", None)
        if not isinstance(name, str):
            raise ValueError(Message(NO_SCHEDULE_NAME, value=show(value)))
        return get_schedule(name, **kw)
    if callable(value):
        return FunctionSchedule(value)
    raise ValueError(Message(NOT_A_SCHEDULE, value=show(value)))


def is_schedule(value: Any) -> bool:
    """True for what an optimizer treats as a schedule (not a plain number)."""
    return isinstance(value, (Schedule, dict)) or callable(value)
