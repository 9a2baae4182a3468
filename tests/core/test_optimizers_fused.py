"""Fused slots: stacked updates equal slot-by-slot updates bit for bit.

A rule marked ``fusable`` advances all slots of one shape and dtype as one stacked array
(see ``core/optimizers/_base.py``).  Elementwise arithmetic gives each element the same
result alone or in a stack, so the moves and the state must equal those of the same rule run
slot by slot (``fusable`` switched off on the instance) exactly — for every registered rule,
including the stochastic ones, whose one draw of shape (n, K) is the n draws of shape (K,)
in turn.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.optimizers import OPTIMIZERS, get_opt

NAMES = OPTIMIZERS.names()

HYPER: dict[str, dict] = {
    "santae": {"eta": 1e-3, "burnin": 6, "seed": 5},
    "santasss": {"eta": 1e-3, "burnin": 6, "seed": 5},
    "adadelta": {},
}

VARIANTS = [
    ("msgd", {"form": "series"}),
    ("msgd", {"dampening": 0.3}),
    ("nag", {"form": "series"}),
    ("rmsprop", {"centered": True, "mu": 0.5}),
    ("rmspropgraves", {"mu": 0.9}),
    ("adagrad", {"lr_decay": 0.1, "initial_accumulator_value": 0.1}),
    ("adamw", {"weight_decay": 0.3}),
    ("sam", {"base": "AMSBound"}),
]


def hyper_of(name: str) -> dict:
    if name in HYPER:
        return dict(HYPER[name])
    return {"eta": 0.05} if any(p.name == "eta" for p in OPTIMIZERS[name].params) else {}


CASES = [pytest.param(n, hyper_of(n), id=n) for n in NAMES] + [
    pytest.param(n, {**hyper_of(n), **h}, id=f"{n}-{'-'.join(map(str, h.values()))}")
    for n, h in VARIANTS
]


def drive(opt, w, b, steps=12):
    """Run ``opt`` on L = ½(w² + 3b²) + wb/4; return the moves and state after each step."""
    w, b = w.copy(), b.copy()
    moves, states = [], []
    for _ in range(steps):

        def grad_fn(ow, ob, w=w, b=b):
            pw, pb = w + ow, b + ob
            return (pw + 0.25 * pb).astype(w.dtype), (3.0 * pb + 0.25 * pw).astype(b.dtype)

        gw, gb = grad_fn(np.zeros_like(w), np.zeros_like(b))
        f = 0.5 * (w * w + 3.0 * b * b) + 0.25 * w * b
        dw, db = opt.update(gw, gb, f=f, grad_fn=grad_fn, params=(w, b), batch_ndim=w.ndim)
        moves.append((dw, db))
        states.append([{k: np.array(v) for k, v in s.items()} for s in opt.state])
        w, b = w + dw, b + db
    return moves, states


def per_slot(name, hyper):
    opt = get_opt(name, **hyper)
    opt.fusable = False  # the reference: slot after slot
    if name == "sam":
        opt.base_opt.fusable = False
    return opt


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(4,), (), (2, 3)])
@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_fused_equals_slot_by_slot_bit_for_bit(name, hyper, shape, dtype):
    rng = np.random.default_rng(11)
    w0 = rng.uniform(-2, 2, size=shape).astype(dtype)
    b0 = rng.uniform(-2, 2, size=shape).astype(dtype)
    fused_opt = get_opt(name, **hyper)
    fused, fused_states = drive(fused_opt, w0, b0)
    alone, alone_states = drive(per_slot(name, hyper), w0, b0)
    for (fw, fb), (aw, ab) in zip(fused, alone, strict=True):
        assert fw.dtype == dtype and fb.dtype == dtype
        assert np.shape(fw) == shape and np.shape(fb) == shape
        assert np.array_equal(fw, aw) and np.array_equal(fb, ab)
    for fs, as_ in zip(fused_states, alone_states, strict=True):
        for f_slot, a_slot in zip(fs, as_, strict=True):
            assert f_slot.keys() == a_slot.keys()
            for key in f_slot:
                assert np.array_equal(f_slot[key], a_slot[key]), key


def test_elementwise_rules_are_fused_and_cross_slot_rules_are_not():
    # guards the premise of the test above: the fused path really runs
    g = (np.ones(3), np.ones(3))
    for name in NAMES:
        opt = get_opt(name, **hyper_of(name))
        opt.update(*g, f=1.0, grad_fn=lambda *o: g, params=g, batch_ndim=1)
        if name == "sam":  # the ε̂ norm spans slots; its base optimizer fuses
            assert opt._fused is None and opt.base_opt._fused is not None
        else:
            assert opt._fused is not None, name
    series = get_opt("NAG", form="series")
    series.update(*g, grad_fn=lambda *o: g)
    assert series._fused is None


@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_state_rows_are_views_of_the_stacked_state_and_stay_the_same_arrays(name, hyper):
    opt = get_opt(name, **hyper)
    w, b = np.array([0.5, -1.0]), np.array([1.5, 0.25])
    g = lambda *o: (w + o[0], b + o[1])  # noqa: E731
    opt.update(w, b, f=1.0, grad_fn=g, params=(w, b), batch_ndim=1)
    ids = [{k: id(v) for k, v in s.items()} for s in opt.state]
    before = [{k: v.copy() for k, v in s.items()} for s in opt.state]
    opt.update(w, b, f=0.5, grad_fn=g, params=(w, b), batch_ndim=1)
    assert [{k: id(v) for k, v in s.items()} for s in opt.state] == ids
    fused = opt if name != "sam" else opt.base_opt
    if fused._fused is not None:  # (NAG's look-ahead form runs slot by slot)
        (stacked,) = fused._slots
        for i, slot in enumerate(fused.state):
            for key, row in slot.items():
                assert np.shares_memory(row, stacked[key])
                assert np.array_equal(row, stacked[key][i])
    # the state moved (in place) for some array of every rule that keeps state
    if before[0]:
        assert any(not np.array_equal(before[0][k], opt.state[0][k]) for k in before[0])


@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_moves_are_fresh_arrays_a_later_update_leaves_alone(name, hyper):
    opt = get_opt(name, **hyper)
    w, b = np.array([0.5, -1.0]), np.array([1.5, 0.25])
    g = lambda *o: (w + o[0], b + o[1])  # noqa: E731
    first = opt.update(w, b, f=1.0, grad_fn=g, params=(w, b), batch_ndim=1)
    kept = [m.copy() for m in first]
    for k in range(3):
        opt.update(2.0 * w + k, b - k, f=0.5, grad_fn=g, params=(w, b), batch_ndim=1)
    for m, c in zip(first, kept, strict=True):
        assert np.array_equal(m, c)
    for s in opt.state:
        for v in s.values():
            assert not any(np.shares_memory(v, m) for m in first)


def test_a_gradient_of_another_shape_raises_naming_both():
    opt = get_opt("Adam")
    opt.update(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"shape \(4,\).*shape \(3,\)"):
        opt.update(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="3 gradients.*started with 2"):
        opt.update(np.ones(3), np.ones(3), np.ones(3))


def test_lists_and_ints_are_accepted_on_the_fused_path():
    a, b = get_opt("Adam", eta=0.1), get_opt("Adam", eta=0.1)
    for k in range(1, 4):
        ma = a.update([1, -k], [2.0, 0.5])
        mb = b.update(np.array([1.0, -k]), np.array([2.0, 0.5]))
        assert all(np.array_equal(x, y) for x, y in zip(ma, mb, strict=True))


@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_mixed_dtypes_run_slot_by_slot_each_in_its_own_dtype(name, hyper):
    w = np.array([0.5, -1.0], dtype=np.float32)
    b = np.array([1.5, 0.25])
    opt = get_opt(name, **hyper)
    moves, _ = drive(opt, w, b, steps=4)
    assert opt._fused is None
    for dw, db in moves:
        assert dw.dtype == np.float32 and db.dtype == np.float64
    # the float64 slot moves exactly as in an all-float64 run (per-element arithmetic)
    ref, _ = drive(get_opt(name, **hyper), w.astype(np.float64), b, steps=4)
    if not OPTIMIZERS[name].stochastic and name != "sam":
        for (_, db), (_, rb) in zip(moves, ref, strict=True):
            assert np.allclose(db, rb, rtol=1e-5, atol=1e-12)


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_a_copy_taken_mid_run_goes_on_exactly_like_the_original(name, hyper, how):
    import copy
    import pickle

    w, b = np.array([0.5, -1.0]), np.array([1.5, 0.25])
    opt = get_opt(name, **hyper)
    drive(opt, w, b, steps=3)
    twin = copy.deepcopy(opt) if how == "deepcopy" else pickle.loads(pickle.dumps(opt))
    a_moves, a_states = drive(opt, w, b, steps=4)
    b_moves, b_states = drive(twin, w, b, steps=4)
    for (aw, ab), (bw, bb) in zip(a_moves, b_moves, strict=True):
        assert np.array_equal(aw, bw) and np.array_equal(ab, bb)
    for sa, sb in zip(a_states, b_states, strict=True):
        for slot_a, slot_b in zip(sa, sb, strict=True):
            assert slot_a.keys() == slot_b.keys()
            assert all(np.array_equal(slot_a[k], slot_b[k]) for k in slot_a)
    # the copy's state rows still view its own stacked state, not the original's
    for s_twin, s_orig in zip(twin.state, opt.state, strict=True):
        for k in s_twin:
            assert not np.shares_memory(s_twin[k], s_orig[k])


@pytest.mark.parametrize("name", ["adam", "amsgrad", "santae", "sam", "eve"])
def test_the_engine_records_fused_state_as_slot_by_slot_state(name):
    # The engine copies a fused optimizer's stacked state array in one piece (and hands
    # every optimizer of a race fixed views of shared buffers); trajectories must be those
    # of the same rule run slot by slot, alone and in a race.
    from core.surfaces import get_surface
    from core.trajectory import descend, race

    s = get_surface("neuron")
    starts = np.array([[1.5, -1.0], [-0.5, 0.7], [0.2, 1.9]])
    hyper = {**s.demo_hyper(name), "seed": 3} if OPTIMIZERS[name].stochastic else {}
    fused = get_opt(name, **{**s.demo_hyper(name), **hyper})
    alone = per_slot(name, {**s.demo_hyper(name), **hyper})
    runs = [
        descend(s, fused, starts, 30),
        race(s, [fused, get_opt("sgd", eta=0.1)], starts, 30)[:3],
    ]
    want = descend(s, alone, starts, 30)
    assert fused._fused is not None or fused.base_opt._fused is not None
    assert alone._fused is None
    for got in runs:
        for a, b in zip(got, want, strict=True):
            assert np.array_equal(a.params, b.params) and np.array_equal(a.moves, b.moves)
            assert a.state.keys() == b.state.keys()
            for key in a.state:
                assert np.array_equal(a.state[key], b.state[key], equal_nan=True), key


def test_sam_ascent_with_one_stacked_model_at_a_zero_gradient():
    # K = 3 models stacked, the middle one at a stationary point: its ε̂ is 0 (no warning),
    # the others lie on the sphere of radius ρ = 0.5 (the masked and unmasked divisions)
    gw = np.array([3.0, 0.0, -1.0])
    gb = np.array([4.0, 0.0, 0.0])
    opt = get_opt("SAM", base="SGD", rho=0.5)
    (ew, eb) = opt.ascent((gw, gb), batch_ndim=1)
    assert ew.tolist() == pytest.approx([0.3, 0.0, -0.5], rel=1e-15)
    assert eb.tolist() == pytest.approx([0.4, 0.0, 0.0], rel=1e-15)
    (ew1, eb1) = opt.ascent((gw[[0]], gb[[0]]), batch_ndim=1)  # one model: the size-1 path
    assert ew1.tolist() == [ew[0]] and eb1.tolist() == [eb[0]]
    (z,) = opt.ascent((np.zeros(1),), batch_ndim=1)
    assert z.tolist() == [0.0]
