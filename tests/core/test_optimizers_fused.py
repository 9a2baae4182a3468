"""Fused slots: stacked updates equal slot-by-slot updates bit for bit.

A rule marked ``fusable`` advances all slots of one shape and dtype as one stacked array
(see ``core/optimizers/_fast.py``).  Elementwise arithmetic gives each element the same
result alone or in a stack, so the moves and the state must equal those of the same rule run
slot by slot (``fusable`` switched off on the instance) exactly — for every registered rule,
including the stochastic ones, whose one draw of shape (n, K) is the n draws of shape (K,)
in turn.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from gradscape.core.optimizers import OPTIMIZERS, get_opt

#: the rules with a fast path to check: all but those that couple every parameter of a model
#: (Newton's Hessian, L-BFGS's inner products), which never stack their slots and have no
#: kernel (test_elementwise_rules_are_fused_and_cross_slot_rules_are_not checks that)
NAMES = [n for n in OPTIMIZERS.names() if not OPTIMIZERS[n].surface_only]
COUPLED = [n for n in OPTIMIZERS.names() if OPTIMIZERS[n].surface_only]

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
    assert COUPLED == ["newton", "lbfgs"]
    more = {"hess_fn": lambda *o: np.eye(6), "loss_fn": lambda *o: 0.5}
    for name in COUPLED:  # the readable reference runs them, always
        opt = get_opt(name)
        assert not opt.fusable
        opt.update(*g, f=1.0, grad_fn=lambda *o: g, params=g, **more)
        assert opt._run is None and opt._fused is None and opt._flat is None, name
        assert opt._kernel is None, name


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
    from gradscape.core.surfaces import get_surface
    from gradscape.core.trajectory import descend, race

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


# -- flat slots: a layer's w and b of different shapes as one flat array ---------------------

LAYER_SHAPES = ((5, 3), (3,))
NOT_FLAT = {"adamw", "eve", "santae", "santasss"}  # params=, f per model, batch_ndim


def drive_layer(opt, dtype, steps=8, copy_at=None):
    """Run ``opt`` on L = ½Σw² + Σ(w·b)/4 + 3/2·Σb² (a layer's pair of shapes).

    Returns the moves as returned (not copied: a later update must leave them alone), a
    copy of the state after each step, and (``copy_at``) a deepcopy taken after that step.
    """
    rng = np.random.default_rng(11)
    w = rng.normal(size=LAYER_SHAPES[0]).astype(dtype)
    b = rng.normal(size=LAYER_SHAPES[1]).astype(dtype)
    moves, states, kept = [], [], None
    for k in range(steps):

        def grad_fn(ow, ob, w=w, b=b):
            pw, pb = w + ow, b + ob
            return (pw + 0.25 * pb).astype(dtype), (3.0 * pb + 0.25 * pw.sum(0)).astype(dtype)

        gw, gb = grad_fn(np.zeros_like(w), np.zeros_like(b))
        f = float(0.5 * (w * w).sum() + 0.25 * (w * b).sum() + 1.5 * (b * b).sum())
        dw, db = opt.update(gw, gb, f=f, grad_fn=grad_fn, params=(w, b))
        gw[...] = np.nan  # the caller reuses its gradient arrays
        gb[...] = np.nan
        moves.append((dw, db))
        states.append([{key: np.array(v) for key, v in s.items()} for s in opt.state])
        w, b = w + dw, b + db
        if k == copy_at:
            kept = copy.deepcopy(opt)
    return moves, states, kept


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("name", "hyper"), CASES)
def test_flat_slots_of_a_layer_equal_slot_by_slot_bit_for_bit(name, hyper, dtype):
    ref_moves, ref_states, _ = drive_layer(per_slot(name, hyper), dtype)
    opt = get_opt(name, **hyper)
    moves, states, _ = drive_layer(opt, dtype)
    flat = opt.fusable and name not in NOT_FLAT
    assert (opt._flat is not None) == flat
    for (dw, db), (rw, rb) in zip(moves, ref_moves, strict=True):
        assert dw.shape == LAYER_SHAPES[0] and db.shape == LAYER_SHAPES[1]
        assert dw.dtype == dtype and db.dtype == dtype
        # kept moves were not overwritten by the later updates
        assert np.array_equal(dw, rw) and np.array_equal(db, rb)
    for st, ref in zip(states, ref_states, strict=True):
        for s, r in zip(st, ref, strict=True):
            assert s.keys() == r.keys()
            for key in s:
                assert np.array_equal(s[key], r[key]), key


@pytest.mark.parametrize(
    ("name", "hyper"),
    [
        c
        for c in CASES
        if c.id.split("-")[0] not in NOT_FLAT and get_opt(*c.values[:1], **c.values[1]).fusable
    ],
)
def test_flat_state_views_alias_the_flat_state_with_the_slot_shapes(name, hyper):
    opt = get_opt(name, **hyper)
    drive_layer(opt, np.float32, steps=2)
    assert opt.stacked_state(next(iter(opt.state[0]), "m")) is None  # no (n, *shape) stack
    flat = opt._slots[0]
    before = [dict(s) for s in opt.state]
    drive_layer(opt, np.float32, steps=2)
    for i, s in enumerate(opt.state):
        for key, v in s.items():
            assert v is before[i][key]  # the same arrays, updated in place
            assert v.shape == LAYER_SHAPES[i] and v.dtype == np.float32
            assert flat[key].shape == (18,)
            assert np.shares_memory(v, flat[key])
            start = 0 if i == 0 else 15
            assert np.array_equal(v.ravel(), flat[key][start : start + v.size])


@pytest.mark.parametrize(("name", "hyper"), [pytest.param("adam", {}, id="adam"), CASES[0]])
def test_a_flat_copy_taken_mid_run_goes_on_exactly_like_the_original(name, hyper):
    whole, _, _ = drive_layer(get_opt(name, **hyper), np.float64, steps=6)
    opt = get_opt(name, **hyper)
    _, _, twin = drive_layer(opt, np.float64, steps=3, copy_at=1)
    assert twin._flat is not None
    for s in twin.state:  # the copy's views alias its own flat state
        for key, v in s.items():
            assert np.shares_memory(v, twin._slots[0][key])
            assert not np.shares_memory(v, opt._slots[0][key])
    # the twin continues from step 2 with the gradients of the uninterrupted run's points
    rng = np.random.default_rng(11)
    w = rng.normal(size=LAYER_SHAPES[0])
    b = rng.normal(size=LAYER_SHAPES[1])
    for dw, db in whole[:2]:
        w, b = w + dw, b + db
    for dw, db in whole[2:]:
        gw, gb = w + 0.25 * b, 3.0 * b + 0.25 * w.sum(0)
        mw, mb = twin.update(gw, gb, params=(w, b))
        assert np.array_equal(mw, dw) and np.array_equal(mb, db)
        w, b = w + dw, b + db


def test_flat_slots_check_the_gradients_shapes_and_count():
    opt = get_opt("adam")
    opt.update(np.ones((5, 3)), np.ones(3))
    assert opt._flat is not None
    with pytest.raises(ValueError, match=r"shape \(3, 5\).*\[\(5, 3\), \(3,\)\]"):
        opt.update(np.ones((3, 5)), np.ones(3))
    with pytest.raises(ValueError, match="got 3 gradients"):
        opt.update(np.ones((5, 3)), np.ones(3), np.ones(3))
    dw, db = opt.update([[1.0] * 3] * 5, [1, 2, 3])  # lists and ints convert
    assert dw.shape == (5, 3) and db.shape == (3,) and db.dtype == np.float64


def test_flat_slots_need_one_dtype_a_scalar_loss_and_no_model_axes():
    mixed = get_opt("adam")
    mixed.update(np.ones((5, 3), np.float32), np.ones(3))
    assert mixed._flat is None
    per_model = get_opt("sgd", eta=0.1)
    per_model.update(np.ones((2, 3)), np.ones(2), batch_ndim=1)
    assert per_model._flat is None
    losses = get_opt("sgd", eta=0.1)
    losses.update(np.ones((2, 3)), np.ones(2), f=np.ones(2))
    assert losses._flat is None
    large = get_opt("adam")  # beyond the cap, the extra copy costs more than it saves
    large.update(np.ones((300, 300)), np.ones(300))
    assert large._flat is None and large._fused is None
