"""Learning rules: the series' 19 optimizers plus AdamW, RAdam, QHM, QHAdam, Newton, L-BFGS.

``dw, db = opt.update(grad_w, grad_b, **kwds)`` is the contract (see :mod:`._base`).
Build one by name with :func:`get_opt`; :data:`OPTIMIZERS` is the registry the GUI reads.
"""

from gradscape.core.optimizers import (  # noqa: F401  (registration)
    _adam,
    _adaptive,
    _qh,
    _sam,
    _santa,
    _second,
    _sgd,
)
from gradscape.core.optimizers._base import OPTIMIZERS, SERIES_ORDER, Optimizer, get_opt, register

# The modules register in import order (alphabetical, as the linter sorts imports): list
# the optimizers in the series' order instead.
OPTIMIZERS.reorder(SERIES_ORDER)

__all__ = ["OPTIMIZERS", "Optimizer", "get_opt", "register"]
