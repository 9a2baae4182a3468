"""Schedules: hyperparameters that change with the optimizer's step t.

Any hyperparameter of any optimizer may be a number, a plain callable of t (the series'
``eta=lambda t: 1e-2 * 0.5 ** (t - 1)``) or a schedule from :data:`SCHEDULES`::

    get_opt("SGD", eta=get_schedule("cosine", base=0.5, T_max=200))

The optimizer evaluates it at every update's step t (see :mod:`core.optimizers._base`).
:data:`SCHEDULES` is the registry the GUI reads (display name, parameters, equation,
reference), as :data:`core.optimizers.OPTIMIZERS`; :func:`parse_schedule` reads the text
form ``cosine(base=0.5, T_max=200)``.
"""

from gradscape.core.schedules import _builtin  # noqa: F401  (registration)
from gradscape.core.schedules._base import (
    SCHEDULES,
    FunctionSchedule,
    Schedule,
    as_schedule,
    get_schedule,
    is_schedule,
)
from gradscape.core.schedules._text import parse_schedule

__all__ = [
    "SCHEDULES",
    "FunctionSchedule",
    "Schedule",
    "as_schedule",
    "get_schedule",
    "is_schedule",
    "parse_schedule",
]
