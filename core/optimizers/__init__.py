"""Learning rules: the series' 19 optimizers plus AdamW and RAdam.

``dw, db = opt.update(grad_w, grad_b, **kwds)`` is the contract (see :mod:`._base`).
Build one by name with :func:`get_opt`; :data:`OPTIMIZERS` is the registry the GUI reads.
"""

from core.optimizers._base import OPTIMIZERS, Optimizer, get_opt, register
from core.optimizers import _sgd, _adaptive, _adam, _santa, _sam  # noqa: F401  (registration)

__all__ = ["OPTIMIZERS", "Optimizer", "get_opt", "register"]
