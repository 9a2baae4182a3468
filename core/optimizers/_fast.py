"""The fast path: the rules of the Adam family again, rewritten for speed, checked against
their readable references.

Each rule class in :mod:`._adam` is the reference of its algorithm: ``step_slot`` (or
``step``) writes the docstring's equations out in Python floats and fresh arrays.  The
engine's races and the layers call those rules thousands of times on arrays of one or a few
elements, where every numpy call costs about as much as the arithmetic, so ``update()`` runs
the kernel registered here for the class instead (as torch.optim keeps its for-loop
``_single_tensor_*`` path as the ground truth of its ``foreach`` one).  A kernel is only used
for the exact class it is registered for (a subclass runs its own reference); an instance with
``fast = False`` (set before its first update) runs the references slot by slot.
``tests/core/test_optimizers_reference.py`` checks every kernel against its reference over
the registry, for scalars, (K,) start points and a layer's shapes, in float32 and float64.

The tricks, each for one reason:

* scalar factors as 0-d arrays of the slots' dtype (``_const``, ``_per_step``; see
  :meth:`Optimizer.setup`): a ufunc takes a 0-d array ~0.3 µs faster than a Python float;
* one reusable scratch array per slot and in-place updates: each fresh array costs an
  allocation, each extra pass a ufunc call;
* folded constants (Adam's m / ((√v·scale + shift)), torch's capturable form; AdaBound's
  negated rate): one array operation fewer per step — the only tricks that change the
  rounding, so those kernels equal their references to round-off, not bit for bit;
* a kernel is a namespace of plain functions whose first argument is the optimizer, called
  positionally by ``update()`` (re-packing keywords costs ~0.5 µs a call).

Kernels are registered in :data:`KERNELS` once the rule classes exist (bottom of
:mod:`._adam`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

#: rule class -> its fast kernel (exact class only; see the module docstring)
KERNELS: dict[type, type[Kernel]] = {}


class Kernel:
    """A rule's fast functions; each takes the optimizer as its first argument."""

    #: (attribute, function of the optimizer) pairs: 0-d constants made at the first update
    _const: ClassVar[tuple[tuple[str, Callable[[Any], float]], ...]] = ()
    #: attributes refilled every step by ``opt._load`` (0-d views of one holder)
    _per_step: ClassVar[tuple[str, ...]] = ()

    def setup(opt: Any, dtype: np.dtype | None) -> None:
        """Per-instance buffers, once the state exists (after the constants)."""

    def step(
        opt: Any,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        raise NotImplementedError


# -- the Adam family ----------------------------------------------------------------------


def _new(like: np.ndarray) -> np.ndarray:
    # A fresh array for the move (the caller may keep it); 0-d stays an array.
    return np.empty_like(like)


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A fresh a / b; 0-d stays an array (a plain ``a / b`` would give a numpy scalar)."""
    return a / b if a.ndim else np.divide(a, b, out=np.empty_like(a))


def _first_moment(opt: Any, g: np.ndarray, m: np.ndarray, w: np.ndarray) -> None:
    """m ← m + (1 − β1)(g − m), i.e. β1·m + (1 − β1)·g (torch's lerp form)."""
    np.subtract(g, m, w)
    w *= opt._c1
    m += w


def _second_moment(opt: Any, g: np.ndarray, v: np.ndarray, w: np.ndarray) -> None:
    """v ← β2·v + (1 − β2)·g²."""
    np.multiply(g, g, w)
    w *= opt._c2
    v *= opt._b2
    v += w


class Moments(Kernel):
    """The family's driver: per-step scalars once (``prepare``), then ``slot`` per slot
    (or once for the stacked slots) with that slot's scratch array ``w``."""

    _const = (
        ("_c1", lambda o: 1.0 - o.beta1),
        ("_c2", lambda o: 1.0 - o.beta2),
        ("_b2", lambda o: o.beta2),
    )

    def setup(opt: Any, dtype: np.dtype | None) -> None:
        # scratch arrays are made from the first step's gradients (the state's shapes)
        opt._work = [np.empty_like(next(iter(s.values()))) for s in opt._slots]

    def step(
        opt: Any,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        slots, work, k = opt._slots, opt._work, opt._kernel
        if opt._fused is None and opt._flat is None:  # (fused or flat: buffer fixed)
            for i, (w, g) in enumerate(zip(work, grads, strict=True)):
                if w.shape != g.shape or w.dtype != g.dtype:  # a caller changed shapes
                    work[i] = np.empty_like(g)
        k.prepare(opt, grads, f, kwds)
        if len(grads) == 1:  # one slot, or all slots stacked
            return (k.slot(opt, 0, grads[0], slots[0], work[0]),)
        # a list, not a generator: measurably cheaper for the usual two slots
        triples = enumerate(zip(grads, slots, work, strict=True))
        return tuple([k.slot(opt, i, g, s, w) for i, (g, s, w) in triples])

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        """Scalar work shared by all slots of one step (bias corrections, schedules)."""

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class AdamFast(Moments):
    """Δ = m / ((√v·scale + shift)) with scale = −(1 − β1ᵗ)/(η·√(1 − β2ᵗ)) and
    shift = −ε(1 − β1ᵗ)/η: torch's capturable form, one pass fewer than scaling the move."""

    _per_step = ("_scale", "_shift")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        neg_step = -opt.eta / (1.0 - opt.beta1**t)
        bc2_sqrt = (1.0 - opt.beta2**t) ** 0.5
        opt._load(1.0 / (bc2_sqrt * neg_step), opt.eps / neg_step)

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m = s["m"]
        _moments_and_denominator(opt, g, m, s["v"], w)
        return m / w if m.ndim else np.divide(m, w, out=np.empty_like(m))


def _moments_and_denominator(
    opt: Any, g: np.ndarray, m: np.ndarray, v: np.ndarray, w: np.ndarray
) -> None:
    """Update m and v in place; leave (√v·scale + shift) in ``w`` (see :class:`AdamFast`).

    The two moments and the denominator in one function: each call costs about as much as
    an array operation.
    """
    np.subtract(g, m, w)
    w *= opt._c1
    m += w
    np.multiply(g, g, w)
    w *= opt._c2
    v *= opt._b2
    v += w
    np.sqrt(v, w)
    w *= opt._scale
    w += opt._shift


class AdamWFast(AdamFast):
    """Adam's kernel, then the decay η·λ·θ subtracted from the move; two parameter arrays
    of the stacked slots' shape are copied straight into one stacked buffer."""

    _const = (*AdamFast._const, ("_decay", lambda o: o.eta * o.weight_decay))

    def setup(opt: Any, dtype: np.dtype | None) -> None:
        Moments.setup(opt, dtype)
        opt._pbuf = None  # the parameters, stacked (fused slots)

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        AdamFast.prepare(opt, grads, f, kwds)
        opt._params = None
        if opt.weight_decay == 0.0:
            return
        params = kwds.get("params")
        if params is None:
            raise opt._params_missing()
        fused = opt._fused
        pbuf = opt._pbuf
        if fused is not None and pbuf is not None and len(params) == 2:
            # the engine's and the layers' call, after the first: two arrays of the shape
            # and dtype already seen go straight into the stacked buffer
            p0, p1 = params
            shape, dtype = fused[2], pbuf.dtype
            if (
                type(p0) is np.ndarray
                and type(p1) is np.ndarray
                and p0.shape == shape
                and p1.shape == shape
                and p0.dtype == dtype
                and p1.dtype == dtype
            ):
                idx = fused[3]
                pbuf[idx[0]] = p0
                pbuf[idx[1]] = p1
                opt._params = (pbuf,)
                return
        shapes = [g.shape for g in grads] if fused is None else [fused[2]] * len(fused[1])
        params = opt._check_params(params, shapes)
        if fused is None:
            opt._params = params
            return
        # stacked like the gradients, in the parameters' own dtype (as the per-slot product)
        if pbuf is None or not all(p.dtype == pbuf.dtype for p in params):
            pbuf = opt._pbuf = np.empty(fused[0].shape, np.result_type(*params))
        for i, p in zip(fused[3], params, strict=True):
            pbuf[i] = p
        opt._params = (pbuf,)

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        move = AdamFast.slot(opt, i, g, s, w)
        if opt._params is not None:
            np.multiply(opt._params[i], opt._decay, w)
            move -= w
        return move


class AMSGradFast(AdamFast):
    """Adam's folded denominator, with v_max in place of v."""

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, v, vmax = s["m"], s["v"], s["v_max"]
        _first_moment(opt, g, m, w)
        _second_moment(opt, g, v, w)
        np.maximum(vmax, v, out=vmax)
        np.sqrt(vmax, w)
        w *= opt._scale
        w += opt._shift
        return _div(m, w)


class AdaMaxFast(Moments):
    """In place, with −η/(1 − β1ᵗ) as one per-step factor."""

    _const = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_neg_clr",)

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        opt._load(-(opt.eta / (1.0 - opt.beta1**opt.t)))

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, u = s["m"], s["u"]
        _first_moment(opt, g, m, w)
        np.abs(g, w)
        w += opt._eps
        u *= opt._b2
        np.maximum(u, w, out=u)
        move = _div(m, u)
        move *= opt._neg_clr
        return move


class NadamFast(Moments):
    """In place, with the two coefficients of g and m as per-step factors."""

    _const = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_bc2", "_c_grad", "_c_mom")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        prod, mu, mu_next = opt._schedule(t)
        opt._load(
            1.0 - opt.beta2**t,
            -opt.eta * (1.0 - mu) / (1.0 - prod),
            -opt.eta * mu_next / (1.0 - prod * mu_next),
        )

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        _first_moment(opt, g, m, w)
        _second_moment(opt, g, v, w)
        np.divide(v, opt._bc2, w)
        np.sqrt(w, w)
        w += opt._eps
        move = np.multiply(g, opt._c_grad, out=_new(g))
        # c_mom·m, then added: the scratch is free again only after the division
        move += np.multiply(m, opt._c_mom)
        move /= w
        return move


class RAdamFast(Moments):
    """In place, with the rectification as one per-step factor."""

    _const = (
        *Moments._const,
        ("_eps", lambda o: o.eps),
        ("_eta", lambda o: o.eta),
        ("_neg_eta", lambda o: -o.eta),
    )
    _per_step = ("_bc1", "_bc2_sqrt", "_neg_rect")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        rect = opt.rectification(t)
        opt._rectified = rect is not None
        opt._load(1.0 - opt.beta1**t, (1.0 - opt.beta2**t) ** 0.5, -(rect or 0.0))

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        _first_moment(opt, g, m, w)
        _second_moment(opt, g, v, w)
        move = _div(m, opt._bc1)
        if opt._rectified:
            np.sqrt(v, w)
            w += opt._eps
            np.divide(opt._bc2_sqrt, w, w)  # adaptive learning rate l_t
            move *= opt._eta
            move *= w
            move *= opt._neg_rect
        else:
            move *= opt._neg_eta
        return move


class AdaBeliefFast(Moments):
    """In place, with √(1 − β2ᵗ) and −η/(1 − β1ᵗ) as per-step factors."""

    _const = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_bc2_sqrt", "_neg_step")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        opt._load((1.0 - opt.beta2**t) ** 0.5, -(opt.eta / (1.0 - opt.beta1**t)))

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, sv = s["m"], s["s"]
        _first_moment(opt, g, m, w)
        np.subtract(g, m, w)
        np.multiply(w, w, w)
        w *= opt._c2
        sv *= opt._b2
        sv += w
        sv += opt._eps
        np.sqrt(sv, w)
        w /= opt._bc2_sqrt
        w += opt._eps
        move = _div(m, w)
        move *= opt._neg_step
        return move


class EveFast(AdamFast):
    """Adam's folded denominator times d̃; a single model's feedback in Python floats."""

    _const = (*Moments._const, ("_b3", lambda o: o.beta3))

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        AdamFast.prepare(opt, grads, f, kwds)
        if f is None:
            raise opt._f_missing()
        fa = np.array(f, dtype=np.float64)  # a copy: the caller may reuse its array
        fused = opt._fused
        # fused slots: one leading stack axis before each slot's own axes
        opt._lead = 0 if fused is None else 1
        if fused is None or fa.shape != opt._f_checked:
            opt._check_f(fa, [g.shape for g in grads] if fused is None else [fused[2]])
            # the fused slots' shape is fixed: a checked shape of f stays valid
            opt._f_checked = fa.shape if fused is not None else None
        f_prev, opt._f_prev = opt._f_prev, fa
        opt._d_inc = None
        if f_prev is None:
            opt._d_hat = None  # first step: d̃ stays 1
            return
        if f_prev.shape != fa.shape:
            raise opt._f_changed(f_prev, fa)
        if fa.size == 1:
            # One model: the same float64 arithmetic on Python floats (IEEE operations, so
            # the same numbers), and (1 − β3)·d̂ once instead of once per slot.
            fv, pv = fa.item(), f_prev.item()  # (float64 arrays: Python floats, exactly)
            if math.isfinite(fv) and math.isfinite(pv):
                den = min(fv, pv) - opt.f_star
                d = abs(fv - pv) / den if den > 0.0 else opt.c
                d = min(max(d, 1.0 / opt.c), opt.c)
                # a float64 scalar, as the float64 array it replaces (not a weak Python float)
                opt._d_inc = np.float64((1.0 - opt.beta3) * d)
                opt._d_hat = None
                return
        opt._d_hat = opt.feedback(fa, f_prev)

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, v, d = s["m"], s["v"], s["d"]
        d_hat = opt._d_hat
        if opt._d_inc is not None:
            d *= opt._b3
            d += opt._d_inc
        elif d_hat is not None:
            # one d̂ per model: its axes are the slot's leading ones (after the stack axis)
            d_hat = d_hat.reshape(d_hat.shape + (1,) * (g.ndim - opt._lead - d_hat.ndim))
            d *= opt._b3
            d += (1.0 - opt.beta3) * d_hat
        _moments_and_denominator(opt, g, m, v, w)  # Adam's, then times d̃
        w *= d
        return m / w if m.ndim else np.divide(m, w, out=np.empty_like(m))


class BoundFast(Moments):
    """The clipped rate computed negated: −(a/w) = (−a)/w and clip(−x) = −clip(x) exactly,
    so the move is m·(−rate), one pass fewer than negating it afterwards."""

    _const = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step = ("_neg_step", "_neg_lo", "_neg_hi")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        step_size = opt.eta * (1.0 - opt.beta2**t) ** 0.5 / (1.0 - opt.beta1**t)
        lo, hi = opt.bounds(t)
        opt._load(-step_size, -lo, -hi)

    def slot(opt: Any, i: int, g: np.ndarray, s: dict, w: np.ndarray) -> np.ndarray:
        m, v = s["m"], s["v"]
        _first_moment(opt, g, m, w)
        _second_moment(opt, g, v, w)
        if opt.amsbound:
            vmax = s["v_max"]
            np.maximum(vmax, v, out=vmax)
            v = vmax
        np.sqrt(v, w)
        w += opt._eps
        np.divide(opt._neg_step, w, w)
        # clip(·, −hi, −lo) as max then min: np.clip costs several times a ufunc call
        np.maximum(w, opt._neg_hi, out=w)
        np.minimum(w, opt._neg_lo, out=w)
        return np.multiply(m, w, out=_new(m))
