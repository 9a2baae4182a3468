"""The learning-rule contract of the series, generalised.

``moves = opt.update(*grads, **kwds)`` returns one move per gradient, same shapes and
dtypes; the caller adds them (``w += dw``).  The seed's two-slot call
``dw, db = opt.update(grad_w, grad_b)`` is the special case of two slots.

State is per slot and elementwise, created lazily at the first call, so a single object
advances a scalar, a layer's matrices, or K independent start points (arrays of shape
``(K,)``) at once, with results identical to K separate runs.

Two paths.  Each rule class is the readable reference of its algorithm: ``step_slot`` (or
``step`` for rules with cross-slot quantities) writes its docstring's equations out, slot by
slot; :meth:`Optimizer.update` counts the step and calls it.  By default the first update
also hands the instance to the fast path of :mod:`._fast` (fused slots, the rule's in-place
kernel), which the tests check against the reference; ``fast = False`` on an instance (before
its first update) keeps it on the reference.

Every method a rule inherits is its base's own function (nothing is copied per class), so a
``mock.patch`` of a base method reaches every rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from gradscape.core._message import Message, message_of, template
from gradscape.core._registry import Param, Registry, bind_params
from gradscape.core.optimizers import _fast
from gradscape.core.schedules import Schedule, as_schedule, is_schedule

OPTIMIZERS: Registry[type[Optimizer]] = Registry("optimizer")

#: The order users see the optimizers in: the series' 19 in the order it presents them,
#: then AdamW and RAdam, the quasi-hyperbolic pair and the two rules that use more than the
#: gradient (class names; the package applies it once every module is loaded).
SERIES_ORDER: tuple[str, ...] = (
    "SGD", "MSGD", "NAG", "AdaGrad", "RMSprop", "AdaDelta", "Adam", "RMSpropGraves",
    "SMORMS3", "AdaMax", "Nadam", "Eve", "SantaE", "SantaSSS", "AMSGrad", "AdaBound",
    "AMSBound", "AdaBelief", "SAM", "AdamW", "RAdam", "QHM", "QHAdam", "Newton", "LBFGS",
)  # fmt: skip

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

    and implement either :meth:`step_slot` (elementwise rules) or :meth:`step`.  Each
    hyperparameter becomes an attribute of the same name; a subclass declares its type
    (``eta: float``).  Elementwise rules without cross-slot quantities set ``fusable = True``
    so that the fast path may stack their slots (see :mod:`._fast`).
    """

    display_name: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    aliases: ClassVar[dict[str, str]] = {}
    lookup_aliases: ClassVar[tuple[str, ...]] = ()
    equations: ClassVar[str] = ""
    paper: ClassVar[str] = ""
    stochastic: ClassVar[bool] = False
    #: True when, called with ``batch_ndim = k > 0``, the rule draws model i's noise from
    #: a generator seeded ``seed + i`` (SantaE, SantaSSS), so model i alone equals a
    #: separate run with that seed
    seed_per_model: bool = False
    #: True when update() cannot work without ``grad_fn`` (SAM, NAG's look-ahead form);
    #: a rule may set it per instance in :meth:`check`
    needs_grad_fn: bool = False
    #: True when the rule needs the caller's loss or Hessian at other points (``loss_fn``,
    #: ``hess_fn``), which only the surfaces' engine gives: not offered for networks
    surface_only: ClassVar[bool] = False
    #: the per-slot state arrays worth showing (an instance may name its own: SAM)
    state_names: tuple[str, ...] = ()
    #: True when the update is elementwise, uses no cross-slot quantity and keeps no
    #: per-slot Python state: the fast path may then advance slots of one shape and dtype
    #: as one stacked array.  A rule may set it per instance in :meth:`check`.
    fusable: bool = False
    #: True when a ``fusable`` rule may also run slots of different shapes as one flat
    #: array: its update reads no quantity that depends on the slots' shapes (no ``f``, no
    #: ``batch_ndim``, no per-slot keyword arrays).
    flat_fusable: ClassVar[bool] = True
    #: False on an instance (before its first update) runs the readable reference alone:
    #: the rule's own ``step_slot``/``step``, slot by slot, without :mod:`._fast`
    fast: bool = True

    #: one dict of state arrays per slot (None before the first update)
    state: list[dict[str, np.ndarray]] | None
    #: the fast path of this instance (see :mod:`._fast`), set by its first update: the
    #: function update() hands every call to, the rule's kernel, the stacked or flat slots
    _run: _fast.Runner | None
    _kernel: type[_fast.Kernel] | None
    _fused: _fast.Stacked | None
    _flat: _fast.Flat | None

    def __init__(self, **hyper: Any) -> None:
        what = self.display_name or type(self).__name__
        hyper, scheduled, at_zero = _split_schedules(what, type(self), hyper)
        values = bind_params(what, self.params, hyper, self.aliases)
        self.hyper: dict[str, Any] = values
        for name, value in values.items():
            setattr(self, name, 0.0 if name in at_zero else value)
        #: hyperparameter name -> its schedule, for those that change with t (see
        #: :mod:`core.schedules`); ``hyper`` holds the schedule, the attribute its value
        #: at the current step
        self.schedules: dict[str, Schedule] = scheduled
        self.hyper.update(scheduled)
        self.check()
        self.reset()

    def apply_schedules(self, t: int) -> None:
        """Set every scheduled hyperparameter to its value at step ``t`` (validated)."""
        specs = {p.name: p for p in self.params}
        for name, schedule in self.schedules.items():
            setattr(self, name, _scheduled_value(specs[name], schedule, t))

    def check(self) -> None:
        """Cross-parameter validation hook (raise ValueError)."""

    @classmethod
    def takes_seed(cls, hyper: dict[str, Any]) -> bool:
        """True when this rule, built with ``hyper``, draws random numbers and accepts a
        ``seed`` (so a caller's run seed should be handed to it)."""
        return cls.stochastic and any(p.name == "seed" for p in cls.params)

    def reset(self) -> None:
        """Forget all state: the next update is step 1 again."""
        self.state = None
        #: what step() iterates over: ``state`` itself, or the fast path's stacked state
        self._slots: list[dict[str, np.ndarray]] | None = None
        #: the slots' shapes, checked at every update
        self._shapes: list[tuple[int, ...]] = []
        self._run = self._kernel = self._fused = self._flat = None
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

        Returns
        -------
        tuple of ndarray
            One move per gradient, same shape and dtype.  Moves are fresh arrays that no
            later update touches, so a caller may keep them.  The gradients are only read
            during the call: a caller may reuse their arrays afterwards.
        """
        run = self._run
        if run is not None:  # the fast path this instance took at its first update
            return run(self, grads, t, f, grad_fn, kwds)
        if self.schedules:  # the values of this step, before the fast path reads them
            t = self.t + 1 if t is None else step_number(t)
            self.apply_schedules(t)
        if self.state is None:
            run = _fast.start(self, grads, f, kwds) if self.fast else None
            if run is not None:
                # a scheduled instance refreshes its values and the kernel's constants
                # before every later step; one of plain numbers runs the kernel directly
                self._run = _fast.Scheduled(run) if self.schedules else run
                return run(self, grads, t, f, grad_fn, kwds)
            gs = self._start(grads)
        else:
            gs = self._check(grads)
        self.t = self.t + 1 if t is None else step_number(t)
        self.updates += 1
        return self.step(gs, f=f, grad_fn=grad_fn, **kwds)

    def _start(self, grads: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
        """First update: one dict of state arrays per slot."""
        gs = self._check_first(grads)
        self.state = [self.init_slot(g) for g in gs]
        self._slots = self.state
        self._shapes = [g.shape for g in gs]
        return gs

    @staticmethod
    def _check_first(grads: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
        if not grads:
            raise ValueError("update() needs at least one gradient")
        return tuple([as_float(g) for g in grads])

    def _check(self, grads: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
        """The gradients as float arrays, checked against the slots' number and shapes."""
        gs = tuple([as_float(g) for g in grads])
        if len(gs) != len(self._shapes):
            raise self._count_error(len(gs))
        if [g.shape for g in gs] != self._shapes:
            raise ValueError(
                f"update() got gradients of shapes {[g.shape for g in gs]}, but this "
                f"optimizer was started with {self._shapes}; call reset() to start over"
            )
        return gs

    def _count_error(self, n: int) -> ValueError:
        assert self.state is not None
        return ValueError(
            f"update() got {n} gradients, but this optimizer was started "
            f"with {len(self.state)}; call reset() to start over"
        )

    def stacked_state(self, name: str) -> np.ndarray | None:
        """The (n_slots, *shape) array whose rows are ``state[i][name]``, or None.

        Available when the fast path runs the slots stacked: a recorder may copy one array
        per name instead of one per slot.  None when the slots run one by one, before the
        first update, or when there is no such state array.
        """
        if self._fused is None or self._slots is None:
            return None
        return self._slots[0].get(name)

    # -- for subclasses -----------------------------------------------------------------
    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        """State of one slot, created at the first update from its gradient.

        On the fast path's stacked slots ``g`` is the stacked gradient of all slots, shape
        (n, *shape).
        """
        return {}

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        """Compute all moves; by default each slot independently via :meth:`step_slot`.

        ``grads`` and ``self._slots`` hold one entry per slot (or a single stacked entry on
        the fast path's stacked slots); moves must be fresh arrays (the caller may keep them).
        """
        assert self._slots is not None
        return tuple([self.step_slot(g, s) for g, s in zip(grads, self._slots, strict=True)])

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def __setstate__(self, d: dict[str, Any]) -> None:
        self.__dict__.update(d)
        if self._run is not None:
            # copy.deepcopy and pickle copy views as separate arrays: the fast path re-derives
            # the views of its stacked arrays
            _fast.rederive(self)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({args})"


def _split_schedules(
    what: str, cls: type[Optimizer], hyper: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Schedule], set[str]]:
    """(keywords with every schedule replaced by its value at t = 1, {name: schedule},
    the names whose schedule starts at η = 0 and are left out of the keywords).

    Only real-valued hyperparameters may follow a schedule; the value at t = 1 goes
    through the ordinary validation (so a bad start names the parameter and its range).
    """
    specs = {p.name: p for p in cls.params}
    plain: dict[str, Any] = {}
    scheduled: dict[str, Schedule] = {}
    at_zero: set[str] = set()
    for key, value in hyper.items():
        if not is_schedule(value):
            plain[key] = value
            continue
        name = cls.aliases.get(key, key)
        spec = specs.get(name)
        if spec is None:  # unknown: bind_params names it with the valid keywords
            plain[key] = value
            continue
        if spec.kind is not float:
            raise ValueError(
                f"{what}: {name} cannot follow a schedule, it is {spec.kind.__name__}-valued"
            )
        schedule = as_schedule(value)
        start = _scheduled_value(spec, schedule, 1)
        # η = 0 is a schedule's right, not a plain value's (a cosine anneals to it; a
        # one-cycle whose peak / div_factor underflows starts there): the keyword is not
        # validated as a number, __init__ sets the attribute to 0
        if name == "eta" and start == 0.0:
            at_zero.add(name)
        else:
            plain[key] = start
        scheduled[name] = schedule
    return plain, scheduled, at_zero


#: A schedule whose value at a step is outside its hyperparameter's range.
SCHEDULE_GIVES = template("{schedule} at step t={t} gives {error}")


def _scheduled_value(spec: Param, schedule: Any, t: int) -> float:
    """``schedule(t)``, validated against ``spec``; η may reach 0 (a cosine anneals to it)."""
    value = schedule(t)
    if spec.name == "eta" and value == 0:
        return 0.0
    try:
        return float(spec.validate(value))
    except ValueError as err:
        raise ValueError(
            Message(SCHEDULE_GIVES, schedule=repr(schedule), t=t, error=message_of(err))
        ) from None


def step_number(t: Any) -> int:
    """An explicitly passed step number, checked (t >= 1)."""
    t = t if type(t) is int else int(t)
    if t < 1:
        raise ValueError(f"t must be >= 1, got {t}")
    return t


def as_float(g: Any) -> np.ndarray:
    """``g`` as a float array (the array itself when it is one already)."""
    if type(g) is np.ndarray and g.dtype.kind == "f":  # the usual case, nothing to convert
        return g
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
