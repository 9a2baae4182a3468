"""The learning-rule contract of the series, generalised.

``moves = opt.update(*grads, **kwds)`` returns one move per gradient, same shapes and
dtypes; the caller adds them (``w += dw``).  The seed's two-slot call
``dw, db = opt.update(grad_w, grad_b)`` is the special case of two slots.

State is per slot and elementwise, created lazily at the first call, so a single object
advances a scalar, a layer's matrices, or K independent start points (arrays of shape
``(K,)``) at once, with results identical to K separate runs.

Two paths.  Each rule class is the readable reference of its algorithm (``step_slot``, or
``step`` for rules with cross-slot quantities).  ``update()`` takes the fast path by default:
the speed tricks below, and for the Adam family the kernels of :mod:`._fast`, which the tests
check against the references.  ``fast = False`` on an instance (before its first update)
runs the reference alone, slot by slot.  The tricks of the fast path kept here, each for
one reason (the engine's slots have shape (K,), often (1,), so calls cost mostly per numpy
operation):

* Fused slots: a rule whose update is purely elementwise (``fusable = True``) advances all
  slots of one shape and dtype as ONE stacked array of shape ``(n_slots, *shape)`` — one
  numpy call per operation instead of one per slot.  The gradients are copied into a reusable
  stacked buffer, the rule runs once, and the moves are the rows of one fresh stacked array;
  ``state[i][name]`` are views (rows) of the stacked state arrays, updated in place.
  Elementwise arithmetic gives every element the same result alone or in a stack, so this is
  bit for bit the per-slot computation.
* Flat slots: slots of one dtype but different shapes (a layer's ``w`` and ``b``) run as ONE
  flat 1-D array of their total size when the rule also allows it (``flat_fusable``), for the
  same reason; ``state[i][name]`` are reshaped segments of the flat state arrays (views).
  Only up to ``_FLAT_MAX`` elements, where the saved calls still outweigh the extra copy.
* The two-slot case (w, b) is written out in ``update()``: it is every step of every rule.
* Positional hand-over: update() calls ``_step`` (or a kernel's ``step``) with positional
  arguments, since re-packing keywords costs ~0.5 µs a call.
* Scalar factors as 0-d arrays of the slots' dtype (``_const``, ``_per_step``, see
  :meth:`Optimizer.setup`): a ufunc takes them ~0.3 µs faster than Python floats.

Every method a rule inherits is its base's own function (nothing is copied per class), so a
``mock.patch`` of a base method reaches every rule.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from core._registry import Param, Registry, bind_params
from core.optimizers import _fast

OPTIMIZERS: Registry[type[Optimizer]] = Registry("optimizer")

#: The order users see the optimizers in: the series' 19 in the order it presents them,
#: then AdamW and RAdam (class names; the package applies it once every module is loaded).
SERIES_ORDER: tuple[str, ...] = (
    "SGD", "MSGD", "NAG", "AdaGrad", "RMSprop", "AdaDelta", "Adam", "RMSpropGraves",
    "SMORMS3", "AdaMax", "Nadam", "Eve", "SantaE", "SantaSSS", "AMSGrad", "AdaBound",
    "AMSBound", "AdaBelief", "SAM", "AdamW", "RAdam",
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

    and implement either :meth:`step_slot` (elementwise rules) or :meth:`step` (the rules of
    this package override :meth:`_step`, the same with positional arguments, which update()
    calls without re-packing keywords; a subclass that overrides ``step`` keeps it called).
    Elementwise rules without cross-slot quantities set ``fusable = True`` (see the module
    docstring); their scalar factors go through ``_const``/``_per_step`` and :meth:`setup`
    (or those of their kernel in :mod:`._fast`).
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
    state_names: ClassVar[tuple[str, ...]] = ()
    #: True when the update is elementwise, uses no cross-slot quantity and keeps no
    #: per-slot Python state: slots of one shape and dtype may then run stacked (see the
    #: module docstring).  A rule may set it per instance in :meth:`check`.
    fusable: ClassVar[bool] = False
    #: True when a ``fusable`` rule may also run slots of different shapes as one flat
    #: array (see the module docstring): its update reads no quantity that depends on the
    #: slots' shapes (no ``f``, no ``batch_ndim``, no per-slot keyword arrays).
    flat_fusable: ClassVar[bool] = True
    #: Scalar factors handed to the arrays as 0-d arrays of the slots' dtype (see
    #: :meth:`setup`): ``_const`` lists (attribute, function of self) pairs evaluated once
    #: when the state is created; ``_per_step`` names attributes set every step by
    #: :meth:`_load`.
    _const: ClassVar[tuple[tuple[str, Callable[[Any], float]], ...]] = ()
    _per_step: ClassVar[tuple[str, ...]] = ()
    #: False on an instance (before its first update) runs the readable reference: the
    #: rule's own ``step_slot``/``step``, slot by slot, without the class's kernel in
    #: :mod:`._fast` and without fused or flat slots
    fast: bool = True

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

    @classmethod
    def takes_seed(cls, hyper: dict[str, Any]) -> bool:
        """True when this rule, built with ``hyper``, draws random numbers and accepts a
        ``seed`` (so a caller's run seed should be handed to it)."""
        return cls.stochastic and any(p.name == "seed" for p in cls.params)

    def reset(self) -> None:
        """Forget all state: the next update is step 1 again."""
        self.state: list[dict[str, np.ndarray]] | None = None
        #: what step() iterates over: ``state`` itself, or ``[stacked state]`` when fused
        self._slots: list[dict[str, np.ndarray]] | None = None
        #: (stacked gradient buffer, its rows, slot shape, row indices) when fused
        self._fused: tuple[np.ndarray, list[np.ndarray], tuple[int, ...], list] | None = None
        self._hold: np.ndarray | None = None  # storage of the _per_step scalars
        #: (row 0, row 1, shape, index 0, index 1, buffer) when two slots are fused
        self._pair: tuple | None = None
        #: (flat gradient buffer, its per-slot views, slot shapes, segment slices) when
        #: slots of different shapes run as one flat array
        self._flat: tuple[np.ndarray, list[np.ndarray], list, list[slice]] | None = None
        self._fast = _has_fast_step(type(self))
        #: the class's fast kernel (see :mod:`._fast`), chosen at the first update
        self._kernel: type[_fast.Kernel] | None = None
        #: the slots' shapes when they run one by one (fused and flat slots keep theirs)
        self._shapes: list[tuple[int, ...]] = []
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
            later update touches (with fused slots, the rows of one fresh stacked array), so
            a caller may keep them.  The gradients are only read during the call: a caller
            may reuse their arrays afterwards.
        """
        pair = self._pair
        if pair is not None and len(grads) == 2:
            # The common case: (w, b) or the engine's (grad_w, grad_b) into two fused slots,
            # every call after the first.  Written out, as every step of every rule runs it.
            r0, r1, shape, i0, i1, buf = pair
            g0, g1 = grads
            if (
                type(g0) is _ndarray
                and type(g1) is _ndarray
                and g0.shape == shape
                and g1.shape == shape
            ):
                r0[...] = g0
                r1[...] = g1
            else:
                self._load_fused(grads)
            self.t = self.t + 1 if t is None else t if type(t) is int else int(t)
            if self.t < 1:
                raise ValueError(f"t must be >= 1, got {self.t}")
            self.updates += 1
            kernel = self._kernel
            if kernel is not None:
                m = kernel.step(self, (buf,), f, grad_fn, kwds)[0]
            elif self._fast:
                m = self._step((buf,), f, grad_fn, kwds)[0]
            else:
                m = self.step((buf,), f=f, grad_fn=grad_fn, **kwds)[0]
            # rows of one fresh stacked move: the caller may keep them
            return (m[i0], m[i1])
        flat = self._flat
        if flat is not None:
            # slots of different shapes as one flat array: (w, b) of a layer, unrolled.
            # The step bookkeeping below repeats the pair path's on purpose: factoring it
            # into helper methods made a 21-optimizer race ~3 % slower (measured).
            buf, views, shapes, cuts = flat
            if len(grads) == 2 == len(views):
                g0, g1 = grads
                if (
                    type(g0) is _ndarray
                    and type(g1) is _ndarray
                    and g0.shape == shapes[0]
                    and g1.shape == shapes[1]
                ):
                    views[0][...] = g0
                    views[1][...] = g1
                else:
                    self._load_flat(grads)
            else:
                self._load_flat(grads)
            self.t = self.t + 1 if t is None else t if type(t) is int else int(t)
            if self.t < 1:
                raise ValueError(f"t must be >= 1, got {self.t}")
            self.updates += 1
            kernel = self._kernel
            if kernel is not None:
                m = kernel.step(self, (buf,), f, grad_fn, kwds)[0]
            elif self._fast:
                m = self._step((buf,), f, grad_fn, kwds)[0]
            else:
                m = self.step((buf,), f=f, grad_fn=grad_fn, **kwds)[0]
            # reshaped segments of one fresh flat move: the caller may keep them
            if len(cuts) == 2:
                return (m[cuts[0]].reshape(shapes[0]), m[cuts[1]].reshape(shapes[1]))
            return tuple([m[c].reshape(sh) for c, sh in zip(cuts, shapes, strict=True)])
        fused = self._fused
        if fused is not None:
            # three or more stacked slots (two take the pair path above), or a wrong count
            self._load_fused(grads)
            gs: tuple[np.ndarray, ...] = (fused[0],)
        elif self._slots is None:
            gs = self._start(grads, f, kwds)
            fused, flat = self._fused, self._flat
        else:
            shapes = self._shapes
            if len(grads) == 2 == len(shapes):  # (w, b) of a layer, unrolled
                gs = (_as_float(grads[0]), _as_float(grads[1]))
                if gs[0].shape != shapes[0] or gs[1].shape != shapes[1]:
                    raise self._shape_error(gs)
            else:
                gs = tuple([_as_float(g) for g in grads])
                if len(gs) != len(shapes):
                    raise self._count_error(len(gs))
                if [g.shape for g in gs] != shapes:
                    raise self._shape_error(gs)
        self.t = self.t + 1 if t is None else t if type(t) is int else int(t)
        if self.t < 1:
            raise ValueError(f"t must be >= 1, got {self.t}")
        self.updates += 1
        kernel = self._kernel
        if kernel is not None:
            moves = kernel.step(self, gs, f, grad_fn, kwds)
        elif self._fast:  # positional hand-over: re-packing keywords costs ~0.5 µs a call
            moves = self._step(gs, f, grad_fn, kwds)
        else:
            moves = self.step(gs, f=f, grad_fn=grad_fn, **kwds)
        if fused is None:
            if flat is None:
                return moves
            # the first update of flat slots
            m, shapes = moves[0], flat[2]
            return tuple([m[c].reshape(sh) for c, sh in zip(flat[3], shapes, strict=True)])
        # rows of one fresh stacked move: the caller may keep them
        m = moves[0]
        idx = fused[3]
        if len(idx) == 2:
            return (m[idx[0]], m[idx[1]])
        return tuple([m[i] for i in idx])

    def _set_pair(self) -> None:
        fused = self._fused
        self._pair = None
        if fused is not None and len(fused[1]) == 2:
            buf, (r0, r1), shape, (i0, i1) = fused
            self._pair = (r0, r1, shape, i0, i1, buf)

    def _load_fused(self, grads: tuple[Any, ...]) -> None:
        """Copy ``grads`` into the stacked buffer, checking their number and shapes."""
        assert self._fused is not None
        _, rows, shape, _ = self._fused
        if len(grads) != len(rows):
            raise self._count_error(len(grads))
        for r, g in zip(rows, grads, strict=True):
            if type(g) is not np.ndarray or g.shape != shape:
                g = _as_float(g)
                if g.shape != shape:
                    raise ValueError(
                        f"update() got a gradient of shape {g.shape}, but this optimizer "
                        f"was started with shape {shape}; call reset() to start over"
                    )
            r[...] = g

    def _load_flat(self, grads: tuple[Any, ...]) -> None:
        """Copy ``grads`` into the flat buffer, checking their number and shapes."""
        assert self._flat is not None
        _, views, shapes, _ = self._flat
        if len(grads) != len(views):
            raise self._count_error(len(grads))
        for v, g, shape in zip(views, grads, shapes, strict=True):
            if type(g) is not np.ndarray or g.shape != shape:
                g = _as_float(g)
                if g.shape != shape:
                    raise ValueError(
                        f"update() got a gradient of shape {g.shape}, but this optimizer "
                        f"was started with shapes {shapes}; call reset() to start over"
                    )
            v[...] = g

    def _shape_error(self, gs: tuple[np.ndarray, ...]) -> ValueError:
        return ValueError(
            f"update() got gradients of shapes {[g.shape for g in gs]}, but this optimizer "
            f"was started with {self._shapes}; call reset() to start over"
        )

    def _count_error(self, n: int) -> ValueError:
        assert self.state is not None
        return ValueError(
            f"update() got {n} gradients, but this optimizer was started "
            f"with {len(self.state)}; call reset() to start over"
        )

    def _start(
        self, grads: tuple[Any, ...], f: Any = None, kwds: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, ...]:
        """First update: create the state (stacked or flat when the rule and slots allow)."""
        if not grads:
            raise ValueError("update() needs at least one gradient")
        gs = tuple([_as_float(g) for g in grads])
        shape, dtype = gs[0].shape, gs[0].dtype
        one_dtype = all(g.dtype == dtype for g in gs)
        self._kernel = _fast.KERNELS.get(type(self)) if self.fast else None
        if (
            self.fast
            and self.fusable
            and len(gs) > 1
            and one_dtype
            and all(g.shape == shape for g in gs)
        ):
            buf = np.empty((len(gs), *shape), dtype)
            # a 0-d row must stay a view (buf[i] would be a numpy scalar copy)
            idx = [i if shape else (i, Ellipsis) for i in range(len(gs))]
            rows = [buf[i] for i in idx]
            for r, g in zip(rows, gs, strict=True):
                r[...] = g
            stacked = self.init_slot(buf)
            self._slots = [stacked]
            self.state = [{k: v[i] for k, v in stacked.items()} for i in idx]
            self._fused = (buf, rows, shape, idx)
            self._set_pair()
            self.setup(dtype)
            return (buf,)
        if (
            self.fast
            and self.fusable
            and self.flat_fusable
            and len(gs) > 1
            and one_dtype
            and (f is None or np.ndim(f) == 0)
            and not (kwds or {}).get("batch_ndim", 0)
            and sum([g.size for g in gs]) <= _FLAT_MAX
        ):
            shapes = [g.shape for g in gs]
            ends = np.cumsum([g.size for g in gs]).tolist()
            cuts = [slice(a, b) for a, b in zip([0, *ends[:-1]], ends, strict=True)]
            buf = np.empty(ends[-1], dtype)
            views = _segments(buf, cuts, shapes)
            for v, g in zip(views, gs, strict=True):
                v[...] = g
            flat = self.init_slot(buf)
            self._slots = [flat]
            self.state = [
                dict(zip(flat, vs, strict=True)) for vs in _state_views(flat, cuts, shapes)
            ]
            self._flat = (buf, views, shapes, cuts)
            self.setup(dtype)
            return (buf,)
        self.state = [self.init_slot(g) for g in gs]
        self._slots = self.state
        self._shapes = [g.shape for g in gs]
        self.setup(dtype if one_dtype else None)
        return gs

    def stacked_state(self, name: str) -> np.ndarray | None:
        """The (n_slots, *shape) array whose rows are ``state[i][name]``, or None.

        Available when the slots are fused (see the module docstring): a recorder may copy
        one array per name instead of one per slot.  None when the slots run one by one,
        before the first update, or when there is no such state array.
        """
        if self._fused is None or self._slots is None:
            return None
        return self._slots[0].get(name)

    # -- for subclasses -----------------------------------------------------------------
    def init_slot(self, g: np.ndarray) -> dict[str, np.ndarray]:
        """State of one slot, created at the first update from its gradient.

        For a fused rule ``g`` is the stacked gradient of all slots, shape (n, *shape).
        """
        return {}

    def setup(self, dtype: np.dtype | None) -> None:
        """Called once the state exists, with the slots' common dtype (None if mixed).

        Rules keep their scalar factors here as 0-d arrays of that dtype: a ufunc takes a
        0-d array operand markedly faster than a Python float, with the same result (a
        Python float meets a float32 array as float32 too).  With mixed dtypes they stay
        Python floats, so that each slot computes in its own dtype.  The default sets up
        ``_const`` and ``_per_step``; overrides call it first.
        """
        kernel = self._kernel
        src = type(self) if kernel is None else kernel  # a kernel declares its own factors
        self._per_step = src._per_step
        for name, fn in src._const:
            value = fn(self)
            setattr(self, name, value if dtype is None else np.array(value, dtype))
        if dtype is None or not self._per_step:
            self._hold = None
        else:
            self._hold = np.zeros(len(self._per_step), dtype)
            for i, name in enumerate(self._per_step):
                setattr(self, name, self._hold[i, ...])  # 0-d views, refilled by _load
        if kernel is not None:
            kernel.setup(self, dtype)

    def _load(self, *values: float) -> None:
        """Set the ``_per_step`` scalars of this step, in their order."""
        hold = self._hold
        if hold is None:
            for name, value in zip(self._per_step, values, strict=True):
                setattr(self, name, value)
        elif len(values) == 2:  # element by element is ~3x cheaper than hold[:] = values
            hold[0] = values[0]
            hold[1] = values[1]
        elif len(values) == 3:
            hold[0] = values[0]
            hold[1] = values[1]
            hold[2] = values[2]
        else:
            hold[:] = values

    def step(
        self,
        grads: tuple[np.ndarray, ...],
        *,
        f: Any = None,
        grad_fn: Callable[..., tuple] | None = None,
        **kwds: Any,
    ) -> tuple[np.ndarray, ...]:
        """Compute all moves; by default each slot independently via :meth:`step_slot`.

        ``grads`` and ``self._slots`` hold one entry per slot, or a single stacked entry
        when the slots are fused; moves must be fresh arrays (the caller may keep them).
        Subclasses override this, or (as the rules of this package do) :meth:`_step`, the
        same with positional arguments, which update() calls directly.
        """
        return self._step(grads, f, grad_fn, kwds)

    def _step(
        self,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        slots = self._slots
        assert slots is not None
        if len(grads) == 1:  # one slot, or all slots stacked
            return (self.step_slot(grads[0], slots[0]),)
        # a list comprehension: measurably cheaper than a generator for 2-slot updates
        return tuple([self.step_slot(g, s) for g, s in zip(grads, slots, strict=True)])

    def step_slot(self, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError

    def __setstate__(self, d: dict[str, Any]) -> None:
        # copy.deepcopy and pickle copy views as separate arrays: re-derive every view
        # (the stacked rows, the state rows, the per-step scalars) from what it views
        self.__dict__.update(d)
        fused = self._fused
        if fused is not None and self._slots is not None:
            buf, _, shape, idx = fused
            self._fused = (buf, [buf[i] for i in idx], shape, idx)
            stacked = self._slots[0]
            self.state = [{k: v[i] for k, v in stacked.items()} for i in idx]
            self._set_pair()
        flat = self._flat = self.__dict__.get("_flat")
        if flat is not None and self._slots is not None:
            buf, _, shapes, cuts = flat
            self._flat = (buf, _segments(buf, cuts, shapes), shapes, cuts)
            stacked = self._slots[0]
            self.state = [
                dict(zip(stacked, vs, strict=True)) for vs in _state_views(stacked, cuts, shapes)
            ]
        if self._hold is not None:
            for i, name in enumerate(self._per_step):
                setattr(self, name, self._hold[i, ...])

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({args})"


@functools.cache
def _has_fast_step(cls: type) -> bool:
    """True when the class whose ``step`` ``cls`` uses also defines ``_step``.

    A subclass that overrides only ``step`` keeps its ``step`` called (keyword style).
    """
    for klass in cls.__mro__:
        if "step" in klass.__dict__:
            return "_step" in klass.__dict__
    return False


_ndarray = np.ndarray

#: Largest total size (elements) run as flat slots.  The flat path saves a few µs of call
#: overhead per update but copies every gradient into the flat buffer once more; measured
#: with Adam on float32 (w, b) pairs, that pays up to about 64k elements and costs beyond
#: (at 130k elements the copy, out of cache, outweighs the saved calls).
_FLAT_MAX = 1 << 16


def _segments(a: np.ndarray, cuts: list[slice], shapes: list) -> list[np.ndarray]:
    """Views of the flat array ``a``: segment ``cuts[i]`` reshaped to ``shapes[i]``."""
    return [a[c].reshape(sh) for c, sh in zip(cuts, shapes, strict=True)]


def _state_views(flat: dict[str, np.ndarray], cuts: list[slice], shapes: list) -> list[list]:
    """Per slot, the views of every flat state array (in the dict's order)."""
    per_name = [_segments(a, cuts, shapes) for a in flat.values()]
    return [[vs[i] for vs in per_name] for i in range(len(cuts))]


def _as_float(g: Any) -> np.ndarray:
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
