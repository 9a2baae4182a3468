"""The fast path against the readable references (see ``core/optimizers/_fast.py``).

``update()`` runs a rule's kernel from ``_kernels`` (in place, 0-d factors, folded constants)
with stacked or flat slots; ``fast = False`` runs the rule class's own ``step_slot``/``step``,
the equations of its docstring, slot by slot.  Both must give the same trajectories and
state over the registry, for scalars, (K,) start points, matrices and a layer's (w, b), in
float32 and float64, and the kernel registered for a rule must really be what ran:

* bit for bit where no kernel serves the rule (stacking is elementwise, so exact);
* to round-off where one does: the kernels fold constants (Adam's m / (√v·scale + shift),
  AdaBound's negated rate, Santa's (1 − σ)/N²), follow torch's lerp form of the first moment
  and compute in place in their own order, which rounds differently from the equations
  written out.  Twelve steps of those differences stay within a few units in the last place
  of the dtype, times the conditioning of the rule.
"""

from __future__ import annotations

from contextlib import ExitStack
from unittest import mock

import numpy as np
import pytest
from test_optimizers_fused import CASES

from gradscape.core.optimizers import OPTIMIZERS, get_opt
from gradscape.core.optimizers._fast import KERNELS

#: relative tolerance of a kernel against its reference (a few ulps, over twelve steps)
RTOL = {np.float64: 1e-12, np.float32: 5e-5}

#: kernels that compute in place in the order of their reference's equations, folding no
#: constant that rounds differently: these match their references bit for bit
EXACT = {
    "SGDFast", "MSGDFast", "NAGFast", "AdaGradFast", "RMSpropFast", "AdaDeltaFast",
    "RMSpropGravesFast", "SMORMS3Fast", "SantaEFast", "SantaSSSFast", "SAMFast",
}  # fmt: skip


def reference(name, hyper):
    opt = get_opt(name, **hyper)
    opt.fast = False
    if name == "sam":
        opt.base_opt.fast = False
    return opt


def drive(opt, w, b, steps=12, batch_ndim=0):
    """Run ``opt`` on L = ½Σw² + Σ(w·b)/4 + 3/2·Σb² (b broadcasting over w's rows)."""
    w, b = w.copy(), b.copy()
    moves, states = [], []
    for _ in range(steps):

        def grad_fn(ow, ob, w=w, b=b):
            pw, pb = w + ow, b + ob
            gb = 3.0 * pb + 0.25 * (pw if pw.shape == pb.shape else pw.sum(0))
            return (pw + 0.25 * pb).astype(w.dtype), gb.astype(b.dtype)

        gw, gb = grad_fn(np.zeros_like(w), np.zeros_like(b))
        if batch_ndim:  # one loss per model
            f = 0.5 * (w * w + 3.0 * b * b) + 0.25 * w * b
        else:
            f = float(0.5 * (w * w).sum() + 0.25 * (w * b).sum() + 1.5 * (b * b).sum())
        dw, db = opt.update(gw, gb, f=f, grad_fn=grad_fn, params=(w, b), batch_ndim=batch_ndim)
        moves.append((np.array(dw), np.array(db)))
        states.append([{k: np.array(v) for k, v in s.items()} for s in opt.state])
        w, b = w + dw, b + db
    return moves, states


def kernels_of(opt):
    """The kernels the fast path of ``opt`` must run: its own where one serves its
    configuration, and for SAM its base optimizer's too."""
    kernels = []
    for o in (opt, getattr(opt, "base_opt", None)):
        k = KERNELS.get(type(o))
        if k is not None and k.serves(o):
            kernels.append(k)
    return kernels


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    ("wshape", "bshape", "batch_ndim"),
    [((), (), 0), ((4,), (4,), 1), ((2, 3), (2, 3), 0), ((5, 3), (3,), 0)],
    ids=["scalar", "K-starts", "matrix", "layer"],
)
@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_the_fast_path_follows_the_readable_reference(
    name, hyper, wshape, bshape, batch_ndim, dtype
):
    rng = np.random.default_rng(7)
    w0 = rng.uniform(-2, 2, size=wshape).astype(dtype)
    b0 = rng.uniform(-2, 2, size=bshape).astype(dtype)
    fast_opt, ref_opt = get_opt(name, **hyper), reference(name, hyper)
    kernels = kernels_of(fast_opt)
    with ExitStack() as spying:
        # every step of the fast path goes through the registered kernels
        spies = [spying.enter_context(mock.patch.object(k, "step", wraps=k.step)) for k in kernels]
        fast, fast_states = drive(fast_opt, w0, b0, batch_ndim=batch_ndim)
    assert [spy.call_count for spy in spies] == [12] * len(kernels)
    ref, ref_states = drive(ref_opt, w0, b0, batch_ndim=batch_ndim)
    # the reference runs none of the fast path
    for o in (ref_opt, getattr(ref_opt, "base_opt", None)):
        if o is not None:
            assert o._run is None and o._kernel is None and o._fused is None and o._flat is None
    for o in (fast_opt, getattr(fast_opt, "base_opt", None)):
        if o is not None:
            k = KERNELS.get(type(o))
            assert o._kernel is (k if k is not None and k.serves(o) else None)

    def same(a, b):
        assert a.dtype == b.dtype == dtype and a.shape == b.shape
        if all(k.__name__ in EXACT for k in kernels):
            np.testing.assert_array_equal(a, b)
        else:
            scale = max(1.0, float(np.max(np.abs(b), initial=0.0)))
            np.testing.assert_allclose(a, b, rtol=RTOL[dtype], atol=RTOL[dtype] * scale * 1e-3)

    for (fw, fb), (rw, rb) in zip(fast, ref, strict=True):
        same(fw, rw)
        same(fb, rb)
    for fs, rs in zip(fast_states, ref_states, strict=True):
        for f_slot, r_slot in zip(fs, rs, strict=True):
            assert f_slot.keys() == r_slot.keys()
            for key in f_slot:
                same(f_slot[key], r_slot[key])


def test_every_kernel_serves_a_registered_rule_and_only_its_exact_class():
    classes = {cls for _, cls in OPTIMIZERS.items()}
    assert set(KERNELS) <= classes
    # a kernel may also decline a configuration: NAG's look-ahead form runs its reference
    series = get_opt("nag", form="series")
    series.update(np.ones(2), np.ones(2), grad_fn=lambda *o: (np.ones(2), np.ones(2)))
    assert series._kernel is None and series._run is None

    class Sub(OPTIMIZERS["adam"]):
        pass

    opt = Sub()
    opt.update(np.ones(2), np.ones(2))
    assert opt._kernel is None and get_opt("adam")._kernel is None  # chosen at first update
