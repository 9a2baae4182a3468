"""The fast path: how update() runs a rule when speed matters, checked against the rule's
readable reference.

Each rule class is the reference of its algorithm: ``step_slot`` (or ``step``) writes its
docstring's equations out, slot by slot, in fresh arrays.  The engine's races and the layers
call the rules thousands of times on arrays of one or a few elements, where every numpy call
and every Python call costs about as much as the arithmetic.  So the first update of an
instance (unless it has ``fast = False``) chooses its fast path here, once: how its slots are
laid out and which kernel advances them (as torch.optim keeps its for-loop
``_single_tensor_*`` path as the ground truth of its ``foreach`` one).
``tests/core/test_optimizers_reference.py`` checks every kernel against its reference over
the registry (scalars, (K,) start points, matrices, a layer's shapes; float32 and float64);
``tests/core/test_optimizers_fused.py`` checks the layouts against slot by slot, bit for bit.

The tricks, each for one reason:

* Stacked slots (``fusable`` rules, :class:`Stacked`): slots of one shape and dtype advance
  as ONE array of shape ``(n_slots, *shape)`` — one numpy call per operation instead of one
  per slot.  The gradients are copied into a reusable buffer, ``state[i][name]`` are rows
  (views) of the stacked state, the moves are rows of one fresh stacked move.  Elementwise
  arithmetic gives every element the same result alone or in a stack: bit for bit the
  per-slot computation.
* Flat slots (``flat_fusable``, :class:`Flat`): slots of one dtype but different shapes (a
  layer's w and b) as ONE flat array of their total size, for the same reason; only up to
  :data:`FLAT_MAX` elements, where the saved calls still outweigh the extra copy.
* Two stacked slots written out (:func:`run_pair`): that is every step of every rule in the
  engine and the layers.
* Chosen once (:func:`start`): the layout, the kernel and the function update() hands each
  call to are resolved at the first update, not looked up per call.
* Kernels (:data:`KERNELS`; exact class only, a subclass runs its own reference): the rule
  again, in place, with its scalar factors as 0-d arrays of the slots' dtype (``_const``,
  ``_per_step``): each fresh array costs an allocation, and a ufunc takes a 0-d array
  ~0.3 µs faster than a Python float, with the same result.  A kernel is a namespace of plain
  functions whose first argument is the optimizer, called positionally (re-packing keywords
  costs ~0.5 µs a call).
* Folded constants (Adam's m / (√v·scale + shift), torch's capturable form; AdaBound's
  negated rate), torch's lerp form of the first moment, and in-place orders of operations:
  one array operation fewer per step, at the price of different rounding, so kernels equal
  their references to round-off (the test's documented tolerance), not bit for bit.

The kernels themselves are in :mod:`._kernels`; the rule modules register them in
:data:`KERNELS` once their classes exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from gradscape.core.optimizers import _base

#: ``run(opt, grads, t, f, grad_fn, kwds) -> moves``: what update() hands each call to
Runner = Callable[..., tuple[np.ndarray, ...]]
#: (attribute, function of the optimizer) pairs: a kernel's 0-d constants
Consts = tuple[tuple[str, Callable[[Any], float]], ...]

#: rule class -> its kernel (exact class only; see the module docstring)
KERNELS: dict[type, type[Kernel]] = {}

#: Largest total size (elements) run as flat slots.  The flat layout saves a few µs of call
#: overhead per update but copies every gradient into the flat buffer once more; measured
#: with Adam on float32 (w, b) pairs, that pays up to about 64k elements and costs beyond
#: (at 130k elements the copy, out of cache, outweighs the saved calls).
FLAT_MAX = 1 << 16

_ndarray = np.ndarray


# -- choosing the fast path, at the first update -------------------------------------------


def start(opt: Any, grads: tuple[Any, ...], f: Any, kwds: dict[str, Any]) -> Runner | None:
    """Choose the fast path of ``opt`` at its first update and create its state.

    Returns the function its updates go through from now on, or None when neither a
    layout nor a kernel applies (the reference runs, and creates the state).
    """
    gs = opt._check_first(grads)
    kernel = KERNELS.get(type(opt))
    if kernel is not None and not kernel.serves(opt):
        kernel = None
    step = _reference_step if kernel is None else kernel.step
    shape, dtype = gs[0].shape, gs[0].dtype
    one_dtype = all(g.dtype == dtype for g in gs)
    runner: Runner
    if opt.fusable and len(gs) > 1 and one_dtype and all(g.shape == shape for g in gs):
        opt._fused = Stacked(opt, gs, step)
        runner = run_pair if len(gs) == 2 else run_stacked
    elif (
        opt.fusable
        and opt.flat_fusable
        and len(gs) > 1
        and one_dtype
        and (f is None or np.ndim(f) == 0)
        and not kwds.get("batch_ndim", 0)
        and sum([g.size for g in gs]) <= FLAT_MAX
    ):
        opt._flat = Flat(opt, gs, step)
        runner = run_flat
    elif kernel is not None:
        opt.state = opt._slots = [opt.init_slot(g) for g in gs]
        opt._shapes = [g.shape for g in gs]
        runner = run_slots
    else:
        return None
    opt._kernel = kernel
    if kernel is not None:
        common = dtype if one_dtype else None
        _constants(opt, kernel, common)
        kernel.setup(opt, common)
    return runner


def _reference_step(
    opt: Any,
    grads: tuple[np.ndarray, ...],
    f: Any,
    grad_fn: Callable[..., tuple] | None,
    kwds: dict[str, Any],
) -> tuple[np.ndarray, ...]:
    """A rule without a kernel, on stacked or flat slots: its own ``step``."""
    return opt.step(grads, f=f, grad_fn=grad_fn, **kwds)


class Stacked:
    """Slots of one shape and dtype as one array of shape ``(n_slots, *shape)``."""

    def __init__(self, opt: Any, gs: tuple[np.ndarray, ...], step: Runner) -> None:
        self.shape = gs[0].shape
        self.buf = np.empty((len(gs), *self.shape), gs[0].dtype)
        # a 0-d row must stay a view (buf[i] would be a numpy scalar copy)
        self.idx = [i if self.shape else (i, Ellipsis) for i in range(len(gs))]
        #: the kernel's step (or the rule's own)
        self.step = step
        self._views()
        for r, g in zip(self.rows, gs, strict=True):
            r[...] = g
        stacked = opt.init_slot(self.buf)
        opt._slots = [stacked]
        opt.state = self.state_views(stacked)

    def _views(self) -> None:
        self.rows = [self.buf[i] for i in self.idx]
        self.gs = (self.buf,)
        self.pair = (*self.rows, self.shape, *self.idx) if len(self.idx) == 2 else None

    def state_views(self, stacked: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
        """Per slot, the rows of every stacked state array."""
        return [{k: v[i] for k, v in stacked.items()} for i in self.idx]

    def load(self, opt: Any, grads: tuple[Any, ...]) -> None:
        """Copy ``grads`` into the stacked buffer, checking their number and shapes."""
        if len(grads) != len(self.rows):
            raise opt._count_error(len(grads))
        for r, g in zip(self.rows, grads, strict=True):
            if type(g) is not np.ndarray or g.shape != self.shape:
                g = _base.as_float(g)
                if g.shape != self.shape:
                    raise ValueError(
                        f"update() got a gradient of shape {g.shape}, but this optimizer "
                        f"was started with shape {self.shape}; call reset() to start over"
                    )
            r[...] = g

    def __getstate__(self) -> dict[str, Any]:
        # views are re-derived from the buffer (a copy would turn them into arrays of their own)
        return {k: v for k, v in self.__dict__.items() if k not in ("rows", "gs", "pair")}

    def __setstate__(self, d: dict[str, Any]) -> None:
        self.__dict__.update(d)
        self._views()


class Flat:
    """Slots of one dtype but different shapes as one flat array of their total size."""

    def __init__(self, opt: Any, gs: tuple[np.ndarray, ...], step: Runner) -> None:
        self.shapes = [g.shape for g in gs]
        ends = np.cumsum([g.size for g in gs]).tolist()
        self.cuts = [slice(a, b) for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        self.buf = np.empty(ends[-1], gs[0].dtype)
        self.step = step
        self._views()
        for v, g in zip(self.views, gs, strict=True):
            v[...] = g
        flat = opt.init_slot(self.buf)
        opt._slots = [flat]
        opt.state = self.state_views(flat)

    def _views(self) -> None:
        self.views = self.segments(self.buf)
        self.gs = (self.buf,)

    def segments(self, a: np.ndarray) -> list[np.ndarray]:
        """Views of the flat array ``a``, one per slot, in the slot's shape."""
        return [a[c].reshape(sh) for c, sh in zip(self.cuts, self.shapes, strict=True)]

    def state_views(self, flat: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
        """Per slot, the views of every flat state array."""
        per_name = {k: self.segments(a) for k, a in flat.items()}
        return [{k: vs[i] for k, vs in per_name.items()} for i in range(len(self.cuts))]

    def load(self, opt: Any, grads: tuple[Any, ...]) -> None:
        """Copy ``grads`` into the flat buffer, checking their number and shapes."""
        if len(grads) != len(self.views):
            raise opt._count_error(len(grads))
        for v, g, shape in zip(self.views, grads, self.shapes, strict=True):
            if type(g) is not np.ndarray or g.shape != shape:
                g = _base.as_float(g)
                if g.shape != shape:
                    raise ValueError(
                        f"update() got a gradient of shape {g.shape}, but this optimizer "
                        f"was started with shapes {self.shapes}; call reset() to start over"
                    )
            v[...] = g

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("views", "gs")}

    def __setstate__(self, d: dict[str, Any]) -> None:
        self.__dict__.update(d)
        self._views()


def rederive(opt: Any) -> None:
    """After a copy or unpickling: the state's views of the stacked or flat state, and the
    per-step scalars' views of their holder (the layouts re-derive their own views)."""
    layout = opt._fused if opt._fused is not None else opt._flat
    if layout is not None and opt._slots is not None:
        opt.state = layout.state_views(opt._slots[0])
    hold = opt.__dict__.get("_hold")
    if hold is not None:
        for i, name in enumerate(opt._kernel._per_step):
            setattr(opt, name, hold[i, ...])


# -- running it: update() hands every later call to one of these --------------------------
# Each counts the step itself (t, updates; a valid int t inline) rather than through a
# shared helper: it is every step of every rule, and a call costs as much as the counting.


def run_pair(
    opt: Any,
    grads: tuple[Any, ...],
    t: int | None,
    f: Any,
    grad_fn: Callable[..., tuple] | None,
    kwds: dict[str, Any],
) -> tuple[np.ndarray, ...]:
    """Two stacked slots: (w, b) of the engine or a layer, every step of every rule."""
    fused = opt._fused
    r0, r1, shape, i0, i1 = fused.pair
    if len(grads) == 2:
        g0, g1 = grads
        if type(g0) is _ndarray and type(g1) is _ndarray and g0.shape == g1.shape == shape:
            r0[...] = g0
            r1[...] = g1
        else:
            fused.load(opt, grads)
    else:
        fused.load(opt, grads)
    opt.t = opt.t + 1 if t is None else t if type(t) is int and t > 0 else _base.step_number(t)
    opt.updates += 1
    m = fused.step(opt, fused.gs, f, grad_fn, kwds)[0]
    return (m[i0], m[i1])  # rows of one fresh stacked move: the caller may keep them


def run_stacked(
    opt: Any,
    grads: tuple[Any, ...],
    t: int | None,
    f: Any,
    grad_fn: Callable[..., tuple] | None,
    kwds: dict[str, Any],
) -> tuple[np.ndarray, ...]:
    """Three or more stacked slots."""
    fused = opt._fused
    fused.load(opt, grads)
    opt.t = opt.t + 1 if t is None else t if type(t) is int and t > 0 else _base.step_number(t)
    opt.updates += 1
    m = fused.step(opt, fused.gs, f, grad_fn, kwds)[0]
    return tuple([m[i] for i in fused.idx])


def run_flat(
    opt: Any,
    grads: tuple[Any, ...],
    t: int | None,
    f: Any,
    grad_fn: Callable[..., tuple] | None,
    kwds: dict[str, Any],
) -> tuple[np.ndarray, ...]:
    """Flat slots; the layer's (w, b) unrolled."""
    flat = opt._flat
    views, shapes = flat.views, flat.shapes
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
            flat.load(opt, grads)
    else:
        flat.load(opt, grads)
    opt.t = opt.t + 1 if t is None else t if type(t) is int and t > 0 else _base.step_number(t)
    opt.updates += 1
    m = flat.step(opt, flat.gs, f, grad_fn, kwds)[0]
    return tuple(flat.segments(m))  # segments of one fresh flat move: the caller may keep them


def run_slots(
    opt: Any,
    grads: tuple[Any, ...],
    t: int | None,
    f: Any,
    grad_fn: Callable[..., tuple] | None,
    kwds: dict[str, Any],
) -> tuple[np.ndarray, ...]:
    """Slots one by one, through the rule's kernel."""
    shapes = opt._shapes
    if len(grads) == 2 == len(shapes):  # (w, b), unrolled
        gs = (_base.as_float(grads[0]), _base.as_float(grads[1]))
        if gs[0].shape != shapes[0] or gs[1].shape != shapes[1]:
            gs = opt._check(grads)  # raises, naming the shapes
    else:
        gs = opt._check(grads)
    opt.t = opt.t + 1 if t is None else t if type(t) is int and t > 0 else _base.step_number(t)
    opt.updates += 1
    return opt._kernel.step(opt, gs, f, grad_fn, kwds)


class Scheduled:
    """The runner of an instance with scheduled hyperparameters: sets this step's values
    (:meth:`~._base.Optimizer.apply_schedules`) and the kernel's constants made from them,
    then hands the call to the runner chosen at the first update.  Instances of plain
    numbers never see it (their updates go straight to the runner)."""

    def __init__(self, run: Runner) -> None:
        self.run = run

    def __call__(
        self,
        opt: Any,
        grads: tuple[Any, ...],
        t: int | None,
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        t = opt.t + 1 if t is None else _base.step_number(t)
        opt.apply_schedules(t)
        kernel = opt._kernel
        if kernel is not None:
            for name, fn in kernel._const:
                value = fn(opt)
                held = getattr(opt, name)
                if type(held) is np.ndarray:
                    held[...] = value  # a 0-d array of the slots' dtype, as _constants made
                else:
                    setattr(opt, name, value)
        return self.run(opt, grads, t, f, grad_fn, kwds)


# -- kernels --------------------------------------------------------------------------------


class Kernel:
    """A rule's fast functions; each takes the optimizer as its first argument."""

    #: 0-d constants made at the first update (Python floats when the slots' dtypes differ)
    _const: ClassVar[Consts] = ()
    #: attributes refilled every step by :func:`load_per_step` (0-d views of one holder)
    _per_step: ClassVar[tuple[str, ...]] = ()

    def serves(opt: Any) -> bool:
        """False for an instance whose configuration this kernel does not cover."""
        return True

    def setup(opt: Any, dtype: np.dtype | None) -> None:
        """Per-instance buffers, once the state and the constants exist."""

    def step(
        opt: Any,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        raise NotImplementedError


def _constants(opt: Any, kernel: type[Kernel], dtype: np.dtype | None) -> None:
    """The kernel's ``_const`` and ``_per_step`` scalars on ``opt``: 0-d arrays of the
    slots' dtype, or Python floats when the dtypes differ (each slot then computes in its
    own dtype, as a Python float meets a float32 array as float32)."""
    for name, fn in kernel._const:
        value = fn(opt)
        setattr(opt, name, value if dtype is None else np.array(value, dtype))
    opt._hold = None
    if dtype is not None and kernel._per_step:
        opt._hold = np.zeros(len(kernel._per_step), dtype)
        for i, name in enumerate(kernel._per_step):
            setattr(opt, name, opt._hold[i, ...])  # 0-d views, refilled by load_per_step


def load_per_step(opt: Any, *values: float) -> None:
    """Set the ``_per_step`` scalars of this step, in their order."""
    hold = opt._hold
    if hold is None:
        for name, value in zip(opt._kernel._per_step, values, strict=True):
            setattr(opt, name, value)
    elif len(values) == 2:  # element by element is ~3x cheaper than hold[:] = values
        hold[0] = values[0]
        hold[1] = values[1]
    elif len(values) == 3:
        hold[0] = values[0]
        hold[1] = values[1]
        hold[2] = values[2]
    else:
        hold[:] = values


class Elementwise(Kernel):
    """A kernel of an elementwise rule: ``slot`` per slot, or once for stacked slots."""

    def step(
        opt: Any,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        slot, slots = opt._kernel.slot, opt._slots
        if len(grads) == 1:  # one slot, or all slots stacked
            return (slot(opt, grads[0], slots[0]),)
        return tuple([slot(opt, g, s) for g, s in zip(grads, slots, strict=True)])

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        raise NotImplementedError
