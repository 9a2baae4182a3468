"""Learning rules: the series' 19 optimizers plus AdamW and RAdam.

``dw, db = opt.update(grad_w, grad_b, **kwds)`` is the contract (see :mod:`._base`).
Build one by name with :func:`get_opt`; :data:`OPTIMIZERS` is the registry the GUI reads.
"""

from gradscape.core.optimizers import _adam, _adaptive, _sam, _santa, _sgd  # noqa: F401  (registration)
from gradscape.core.optimizers._base import OPTIMIZERS, SERIES_ORDER, Optimizer, get_opt, register

# The modules register in import order (alphabetical, as the linter sorts imports): list
# the optimizers in the series' order instead.
OPTIMIZERS.reorder(SERIES_ORDER)

__all__ = ["OPTIMIZERS", "Optimizer", "get_opt", "register"]
