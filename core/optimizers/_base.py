"""The learning-rule contract of the series, generalised.

``moves = opt.update(*grads, **kwds)`` returns one move per gradient, same shapes and
dtypes; the caller adds them (``w += dw``).  The seed's two-slot call
``dw, db = opt.update(grad_w, grad_b)`` is the special case of two slots.

State is per slot and elementwise, created lazily at the first call, so a single object
advances a scalar, a layer's matrices, or K independent start points (arrays of shape
``(K,)``) at once, with results identical to K separate runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from core._registry import Param, Registry, bind_params

OPTIMIZERS: Registry[type[Optimizer]] = Registry("optimizer")

#: Hyperparameter specs reused by many optimizers.
BETA1 = Param("beta1", 0.9, "decay of the first moment (mean of g)", 0.0, 1.0, high_open=True)
BETA2 = Param("beta2", 0.999, "decay of the second moment (mean of g²)", 0.0, 1.0, high_open=True)
EPS = Param("eps", 1e-8, "added to the denominator for stability", 0.0, None, True, log=True)


def eta_param(default: float, doc: str = "learning rate η") -> Param:
    return Param("eta", default, doc, 0.0, None, low_open=True, log=True)


class Optimizer:
    """Base class of every learning rule.

    Subclasses declare class attributes that the registry (and so the GUI) reads:

    ``display_name``  the name shown to the user
    ``params``        tuple of :class:`core._registry.Param`, the hyperparameters
    ``aliases``       alternative keyword names, e.g. ``{"alpha": "eta"}``
    ``equations``     the update equations as plain text (one per line)
    ``paper``         the reference
    ``stochastic``    True when the rule draws random numbers (takes ``seed``)
    ``state_names``   names of the per-slot state arrays worth showing

    and implement either :meth:`step_slot` (elementwise rules) or :meth:`step`.
    """

    display_name: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    aliases: ClassVar[dict[str, str]] = {}
    lookup_aliases: ClassVar[tuple[str, ...]] = ()
    equations: ClassVar[str] = ""
    paper: ClassVar[str] = ""
    stochastic: ClassVar[bool] = False
    state_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **hyper: Any) -> None:
        values = bind_params(
            self.display_name or type(self).__name__, self.params, hyper, self.aliases
        )
        self.hyper: dict[str, Any] = values
        for name, value in values.items():
            setattr(self, name, value)
        self.check()
        self.reset()

    def check(self) -> None:
        """Cross-parameter validation hook (raise ValueError)."""

    def reset(self) -> None:
        """Forget all state: the next update is step 1 again."""
        self.state: list[dict[str, np.ndarray]] | None = None
        self.t = 0
        #: number of update() calls since the last reset (``t`` may be passed explicitly,
        #: so rules that treat their first call specially test ``updates == 1``)
        self.updates = 0

    # -- the contract -----------------------------------------------------------------
    def update(
        self,
        *grads: Any,
        t: int | None = None,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        """Return the moves for ``grads`` (one per gradient, same shapes).

        Parameters
        ----------
        *grads
            Gradients, one per parameter slot (the seed passes ``grad_w, grad_b``).
        t
            Step number, 1 at the first update.  Counted internally when omitted.
        f
            Current loss (used by Eve); a scalar or an array broadcasting with the
            leading axes of the gradients (one loss per independent start point).
        grad_fn
            ``grad_fn(*offsets) -> grads`` returns the gradients at the current
            parameters plus ``offsets`` (one per slot); used by SAM and look-ahead NAG.
        **kwds
            Ignored unless the rule documents them (the seed's keyword channel).
        """
        if not grads:
            raise ValueError("update() needs at least one gradient")
        gs = tuple(_as_float(g) for g in grads)
        if self.state is None:
            self.state = [self.init_slot(g) for g in gs]
        elif len(gs) != len(self.state):
            raise ValueError(
                f"update() got {len(gs)} gradients, but this optimizer was started "
                f"with {len(self.state)}; call reset() to start over"
            )
        self.t = self.t + 1 if t is None else int(t)
        if self.t < 1:
            raise ValueError(f"t must be >= 1, got {self.t}")
        self.updates += 1
        return self.step(gs, f=f, grad_fn=grad_fn, **kwds)

    # -- for subclasses -----------------------------------------------------------------
    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        """State of one slot, created at the first update from its gradient."""
        return {}

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        """Compute all moves; by default each slot independently via :meth:`step_slot`."""
        assert self.state is not None
        # a list comprehension: measurably cheaper than a generator for 2-slot updates
        return tuple([self.step_slot(g, s) for g, s in zip(grads, self.state, strict=True)])

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({args})"


def _as_float(g: Any) -> np.ndarray:
    a = np.asarray(g)
    # dtype.kind is ~10x cheaper than np.issubdtype; update() runs per step per slot
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    return a


def register(cls: type[Optimizer]) -> type[Optimizer]:
    """Class decorator: add ``cls`` to :data:`OPTIMIZERS` under its class name."""
    if not cls.display_name:
        cls.display_name = cls.__name__
    OPTIMIZERS.register(cls.__name__, cls, cls.lookup_aliases)
    return cls


def get_opt(name: str, **hyper: Any) -> Optimizer:
    """Build an optimizer by name, ignoring case and punctuation ("Santa-E" -> SantaE).

    Unknown names raise ValueError listing the valid ones; bad hyperparameters raise
    ValueError naming the parameter, the value and the valid range.
    """
    return OPTIMIZERS[name](**hyper)
