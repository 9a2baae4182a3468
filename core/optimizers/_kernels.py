"""The fast path's kernels: each rule again, in place, with 0-d constants (see :mod:`._fast`).

One kernel per rule class, named after it (``AdamFast`` for :class:`Adam`), registered in
:data:`._fast.KERNELS` by the rule's module.  Each docstring names what the kernel does
differently from the equations of its rule's class; ``tests/core/test_optimizers_reference.py``
checks every kernel against that class, bit for bit where the kernel computes in the
equations' order and to round-off where it folds constants.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from gradscape.core.optimizers import _fast
from gradscape.core.optimizers._fast import Consts, Elementwise, Kernel, load_per_step

# -- SGD, MSGD, NAG -------------------------------------------------------------------------


class SGDFast(Elementwise):
    """Δ = g·(−η), with −η a 0-d constant."""

    _const: ClassVar[Consts] = (("_neg_eta", lambda o: -o.eta),)

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        return g * opt._neg_eta


class MSGDFast(Elementwise):
    """The buffer in place; the series' form folds (1 − μ)·η into one factor."""

    _const: ClassVar[Consts] = (
        ("_mu", lambda o: o.mu),
        ("_neg_eta", lambda o: -o.eta),
        ("_keep", lambda o: 1.0 - o.dampening),
        ("_series_rate", lambda o: (1.0 - o.mu) * o.eta),
    )

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        buf = s["buf"]
        if opt.form == "series":
            buf *= opt._mu  # buf holds the previous move Δ_{t−1}
            buf -= g * opt._series_rate
            return buf.copy()
        if opt.updates == 1:
            buf[...] = g
        else:
            buf *= opt._mu
            buf += g if opt.dampening == 0.0 else g * opt._keep
        return buf * opt._neg_eta


class NAGFast(Elementwise):
    """torch's form in place (the look-ahead series form runs its reference)."""

    _const: ClassVar[Consts] = (("_mu", lambda o: o.mu), ("_neg_eta", lambda o: -o.eta))

    def serves(opt: Any) -> bool:
        return bool(opt.form == "torch")

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        buf = s["buf"]
        if opt.updates == 1:
            buf[...] = g
        else:
            buf *= opt._mu
            buf += g
        d = buf * opt._mu
        d += g
        d *= opt._neg_eta
        return d


# -- AdaGrad, RMSprop, AdaDelta, RMSpropGraves, SMORMS3 -------------------------------------


def _ema_sq(opt: Any, v: np.ndarray, g: np.ndarray) -> None:
    """v ← ρ v + (1 − ρ) g², in place (torch's ``mul_(ρ).addcmul_(g, g, 1 − ρ)``)."""
    v *= opt._rho
    gg = g * g
    gg *= opt._keep
    v += gg


#: ρ and 1 − ρ, the factors of :func:`_ema_sq`
_RHO: Consts = (("_rho", lambda o: o.rho), ("_keep", lambda o: 1.0 - o.rho))


class AdaGradFast(Elementwise):
    """h in place; −η_t·g / (√h + ε) with −η a 0-d constant when there is no decay."""

    _const: ClassVar[Consts] = (("_eps", lambda o: o.eps), ("_neg_eta", lambda o: -o.eta))

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        h = s["h"]
        h += g * g
        if opt.lr_decay == 0.0:
            neg_clr = opt._neg_eta  # η / (1 + (t − 1)·0) is η exactly
        else:
            neg_clr = -(opt.eta / (1.0 + (opt.t - 1) * opt.lr_decay))
        d = np.sqrt(h)
        d += opt._eps
        move = g * neg_clr
        move /= d
        return move


class RMSpropFast(Elementwise):
    """The averages and the buffer in place."""

    _const: ClassVar[Consts] = (
        *_RHO,
        ("_eps", lambda o: o.eps),
        ("_mu", lambda o: o.mu),
        ("_neg_eta", lambda o: -o.eta),
    )

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        v = s["v"]
        _ema_sq(opt, v, g)
        if opt.centered:
            m = s["m"]
            m *= opt._rho
            m += g * opt._keep
            # v − m² ≥ 0 in exact arithmetic; clamp so round-off cannot give a NaN
            d = np.sqrt(np.maximum(v - m * m, 0.0))
        else:
            d = np.sqrt(v)
        d += opt._eps
        if opt.mu > 0.0:
            buf = s["buf"]
            buf *= opt._mu
            buf += g / d
            return buf * opt._neg_eta
        move = g * opt._neg_eta
        move /= d
        return move


class AdaDeltaFast(Elementwise):
    """v, δ and u in place."""

    _const: ClassVar[Consts] = (*_RHO, ("_eps", lambda o: o.eps), ("_neg_eta", lambda o: -o.eta))

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        v, u = s["v"], s["u"]
        _ema_sq(opt, v, g)
        delta = np.sqrt(u + opt._eps)
        delta /= np.sqrt(v + opt._eps)
        delta *= g
        _ema_sq(opt, u, delta)
        return delta * opt._neg_eta


class RMSpropGravesFast(Elementwise):
    """The averages and the momentum in place."""

    _const: ClassVar[Consts] = (
        *_RHO,
        ("_eps", lambda o: o.eps),
        ("_mu", lambda o: o.mu),
        ("_neg_eta", lambda o: -o.eta),
    )

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        m, v = s["m"], s["v"]
        _ema_sq(opt, v, g)
        m *= opt._rho
        m += g * opt._keep
        d = v - m * m
        d = np.maximum(d, 0.0)
        d += opt._eps
        step = g * opt._neg_eta
        step /= np.sqrt(d)
        if opt.mu > 0.0:
            delta = s["delta"]
            delta *= opt._mu
            delta += step
            return delta.copy()
        return step


class SMORMS3Fast(Elementwise):
    """m, v and s in place, with 1 as a 0-d constant."""

    _const: ClassVar[Consts] = (
        ("_one", lambda o: 1.0),
        ("_eps", lambda o: o.eps),
        ("_eta", lambda o: o.eta),
    )

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        m, v, mem = s["m"], s["v"], s["s"]
        one = opt._one
        r = one / (mem + one)
        keep = one - r
        m *= keep
        m += r * g
        v *= keep
        v += r * (g * g)
        zeta = m * m
        zeta /= v + opt._eps
        d = np.sqrt(v)
        d += opt._eps
        move = np.negative(g)
        move *= np.minimum(zeta, opt._eta)
        move /= d
        mem *= one - zeta
        mem += one
        return move


# -- SantaE, SantaSSS ------------------------------------------------------------------------


class SantaFast(Elementwise):
    """The shared preconditioner in place, with (1 − σ)/N² folded into one factor."""

    _const: ClassVar[Consts] = (
        ("_sigma", lambda o: o.sigma),
        ("_v_rate", lambda o: (1.0 - o.sigma) / (o.N * o.N)),
        ("_lambda", lambda o: o.lambda_),
        ("_one", lambda o: 1.0),
        ("_eta", lambda o: o.eta),
        ("_half", lambda o: 0.5),
        ("_neg_half", lambda o: -0.5),
    )

    def step(
        opt: Any,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        opt._models(grads, kwds.get("batch_ndim", 0))
        return Elementwise.step(opt, grads, f, grad_fn, kwds)


def _precondition(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> tuple[Any, Any]:
    """Update v and return (G_{t−1}, G_t); stores G_t in the state."""
    v = s["v"]
    v *= opt._sigma
    gg = g * g
    gg *= opt._v_rate
    v += gg
    G = np.sqrt(v)
    G += opt._lambda
    G = opt._one / np.sqrt(G)
    G_state = s["G"]
    if opt.updates == 1:
        G_state[...] = G  # G₀ := G₁
    # only exploration uses G_{t−1}
    G_prev = G_state.copy() if opt.t < opt.burnin else None
    G_state[...] = G
    return G_prev, G


class SantaEFast(SantaFast):
    """SantaE's u and α in place."""

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        G_prev, G = _precondition(opt, g, s)
        u, alpha = s["u"], s["alpha"]
        if opt.t < opt.burnin:
            temp = opt.eta / opt.t**opt.anne_rate  # η/β_t
            alpha += u * u
            alpha -= temp
            new = temp * (1.0 - G_prev / G) / u
            new += np.sqrt((2.0 * opt.eta / opt.t**opt.anne_rate) * G_prev) * opt._noise(u)
            new += (opt._one - alpha) * u
        else:
            # refinement: (1 − α)·u alone (no 0 + … pass; only the sign of a zero could differ)
            new = opt._one - alpha
            new *= u
        force = G * opt._eta
        force *= g
        new -= force
        u[...] = new
        return G * new


class SantaSSSFast(SantaFast):
    """SantaSSS's u and α in place, the decay e^(−α/2) computed once."""

    def slot(opt: Any, g: np.ndarray, s: dict[str, np.ndarray]) -> np.ndarray:
        G_prev, G = _precondition(opt, g, s)
        u, alpha = s["u"], s["alpha"]
        explore = opt.t < opt.burnin
        temp = opt.eta / opt.t**opt.anne_rate  # η/β_t
        if explore:
            alpha += 0.5 * (u * u - temp)
        decay = np.exp(alpha * opt._neg_half)
        new = decay * u
        force = G * opt._eta
        force *= g
        new -= force
        if explore:
            new += np.sqrt((2.0 * opt.eta / opt.t**opt.anne_rate) * G_prev) * opt._noise(u)
            new += temp * (1.0 - G_prev / G) / u
        new *= decay
        if explore:
            alpha += 0.5 * (new * new - temp)
        move = u + new
        move *= G * opt._half
        u[...] = new
        return move


# -- SAM -------------------------------------------------------------------------------------


class SAMFast(Kernel):
    """The engine's and the layers' call written out: two slots of one shape, q = 2."""

    def step(
        opt: Any,
        grads: tuple[np.ndarray, ...],
        f: Any,
        grad_fn: Callable[..., tuple] | None,
        kwds: dict[str, Any],
    ) -> tuple[np.ndarray, ...]:
        if grad_fn is None:
            raise opt._grad_fn_missing()
        batch_ndim = kwds.get("batch_ndim", 0)
        offsets = _sam_ascent_pair(opt, grads, batch_ndim) or opt.ascent(grads, batch_ndim)
        shifted = grad_fn(*offsets)
        if len(grads) == 2 and type(shifted) is tuple and len(shifted) == 2:
            a0, a1 = shifted
            ok = (
                type(a0) is np.ndarray
                and type(a1) is np.ndarray
                and a0.shape == grads[0].shape
                and a1.shape == grads[1].shape
            )
        else:
            ok = False
        if not ok:
            shifted = opt._check_shifted(shifted, grads)
        moves = opt.base_opt.update(*shifted, t=opt.t, f=f, **kwds)
        opt._keep_offsets(offsets)
        return moves


def _sam_ascent_pair(opt: Any, grads: tuple[np.ndarray, ...], batch_ndim: Any) -> list | None:
    """SAM's ascent for two slots with one element per model (K start points) and q = 2:
    the same operations as :meth:`SAM.ascent`, in the same order, without its loops and
    checks; None for any other call (or a zero gradient)."""
    if opt.q != 2.0 or len(grads) != 2 or type(batch_ndim) is not int:
        return None
    g0, g1 = grads
    if not (g0.ndim == batch_ndim == g1.ndim and g0.shape == g1.shape and g0.dtype == g1.dtype):
        return None
    total = g0 * g0 + g1 * g1
    size = total.size
    if not size or not (total.item() > 0 if size == 1 else np.minimum.reduce(total, axis=None) > 0):
        return None
    scale = opt.rho / np.sqrt(total)
    return [g0 * scale, g1 * scale]


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

    _const: ClassVar[Consts] = (
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
        if opt._run is _fast.run_slots:  # (stacked or flat: the buffer's shape is fixed)
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

    _per_step: ClassVar[tuple[str, ...]] = ("_scale", "_shift")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        neg_step = -opt.eta / (1.0 - opt.beta1**t)
        bc2_sqrt = (1.0 - opt.beta2**t) ** 0.5
        load_per_step(opt, 1.0 / (bc2_sqrt * neg_step), opt.eps / neg_step)

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

    _const: ClassVar[Consts] = (*AdamFast._const, ("_decay", lambda o: o.eta * o.weight_decay))

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
            shape, dtype = fused.shape, pbuf.dtype
            if (
                type(p0) is np.ndarray
                and type(p1) is np.ndarray
                and p0.shape == shape
                and p1.shape == shape
                and p0.dtype == dtype
                and p1.dtype == dtype
            ):
                idx = fused.idx
                pbuf[idx[0]] = p0
                pbuf[idx[1]] = p1
                opt._params = (pbuf,)
                return
        shapes = [g.shape for g in grads] if fused is None else [fused.shape] * len(fused.idx)
        params = opt._check_params(params, shapes)
        if fused is None:
            opt._params = params
            return
        # stacked like the gradients, in the parameters' own dtype (as the per-slot product)
        if pbuf is None or not all(p.dtype == pbuf.dtype for p in params):
            pbuf = opt._pbuf = np.empty(fused.buf.shape, np.result_type(*params))
        for i, p in zip(fused.idx, params, strict=True):
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

    _const: ClassVar[Consts] = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step: ClassVar[tuple[str, ...]] = ("_neg_clr",)

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        load_per_step(opt, -(opt.eta / (1.0 - opt.beta1**opt.t)))

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

    _const: ClassVar[Consts] = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step: ClassVar[tuple[str, ...]] = ("_bc2", "_c_grad", "_c_mom")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        prod, mu, mu_next = opt._schedule(t)
        load_per_step(
            opt,
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

    _const: ClassVar[Consts] = (
        *Moments._const,
        ("_eps", lambda o: o.eps),
        ("_eta", lambda o: o.eta),
        ("_neg_eta", lambda o: -o.eta),
    )
    _per_step: ClassVar[tuple[str, ...]] = ("_bc1", "_bc2_sqrt", "_neg_rect")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        rect = opt.rectification(t)
        opt._rectified = rect is not None
        load_per_step(opt, 1.0 - opt.beta1**t, (1.0 - opt.beta2**t) ** 0.5, -(rect or 0.0))

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

    _const: ClassVar[Consts] = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step: ClassVar[tuple[str, ...]] = ("_bc2_sqrt", "_neg_step")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        load_per_step(opt, (1.0 - opt.beta2**t) ** 0.5, -(opt.eta / (1.0 - opt.beta1**t)))

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

    _const: ClassVar[Consts] = (*Moments._const, ("_b3", lambda o: o.beta3))

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        AdamFast.prepare(opt, grads, f, kwds)
        if f is None:
            raise opt._f_missing()
        fa = np.array(f, dtype=np.float64)  # a copy: the caller may reuse its array
        fused = opt._fused
        # fused slots: one leading stack axis before each slot's own axes
        opt._lead = 0 if fused is None else 1
        if fused is None or fa.shape != opt._f_checked:
            opt._check_f(fa, [g.shape for g in grads] if fused is None else [fused.shape])
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

    _const: ClassVar[Consts] = (*Moments._const, ("_eps", lambda o: o.eps))
    _per_step: ClassVar[tuple[str, ...]] = ("_neg_step", "_neg_lo", "_neg_hi")

    def prepare(opt: Any, grads: tuple[np.ndarray, ...], f: Any, kwds: dict[str, Any]) -> None:
        t = opt.t
        step_size = opt.eta * (1.0 - opt.beta2**t) ** 0.5 / (1.0 - opt.beta1**t)
        lo, hi = opt.bounds(t)
        load_per_step(opt, -step_size, -lo, -hi)

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
