"""Trajectories: hand-computed runs, K starts and races equal single runs, divergence,
stochastic mode, stability hint, CSV/JSON export, demo learning rates."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest

from gradscape.core.optimizers import OPTIMIZERS, Optimizer, get_opt
from gradscape.core.surfaces import SURFACES, Surface, get_surface
from gradscape.core.trajectory import Trajectory, descend, race, stability, sweep, to_csv, to_json

ALL = OPTIMIZERS.names()


def assert_same(a: Trajectory, b: Trajectory) -> None:
    """Bit-for-bit equality of every array of two trajectories."""
    assert a.optimizer == b.optimizer and a.hyper == b.hyper and a.label == b.label
    assert a.diverged_at == b.diverged_at and a.reason == b.reason
    for f in ("params", "loss", "grads", "moves"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f), err_msg=f)
    assert a.state.keys() == b.state.keys()
    for k in a.state:
        np.testing.assert_array_equal(a.state[k], b.state[k], err_msg=k)


def test_shapes_fields_and_label():
    s = get_surface("neuron")
    t = descend(s, ("adam", {"eta": 0.25}), (-1.8, -1.2), 50)
    assert isinstance(t, Trajectory)
    assert t.label == "Adam η=0.25" and t.optimizer == "adam" and t.steps == 50
    assert t.hyper == {"eta": 0.25, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert t.params.shape == (51, 2) and t.loss.shape == (51,)
    assert t.grads.shape == (50, 2) and t.moves.shape == (50, 2)
    assert set(t.state) == {"m", "v", "effective_step"}
    assert all(a.shape == (50, 2) for a in t.state.values())
    assert t.diverged_at is None and t.reason is None and t.n == 50
    assert tuple(t.params[0]) == (-1.8, -1.2) and t.start == (-1.8, -1.2)
    np.testing.assert_array_equal(t.params[:-1] + t.moves, t.params[1:])  # w += dw
    np.testing.assert_array_equal(t.loss, s.loss(t.params[:, 0], t.params[:, 1]))
    gw, gb = s.grad(t.params[:-1, 0], t.params[:-1, 1])
    np.testing.assert_array_equal(t.grads, np.column_stack([gw, gb]))


def test_sgd_on_the_quadratic_equals_the_hand_recursion():
    # w ← w − η·w/10, b ← b − η·2b, written out in Python floats
    eta, w, b = 0.3, -7.0, 2.0
    expect = [(w, b)]
    for _ in range(40):
        w, b = w + -eta * (w / 10.0), b + -eta * (2.0 * b)
        expect.append((w, b))
    t = descend(get_surface("quadratic"), ("sgd", {"eta": eta}), (-7.0, 2.0), 40)
    np.testing.assert_array_equal(t.params, expect)
    np.testing.assert_allclose(t.params[:, 0], -7.0 * (1 - eta / 10) ** np.arange(41), rtol=1e-13)
    np.testing.assert_allclose(t.params[:, 1], 2.0 * (1 - 2 * eta) ** np.arange(41), rtol=1e-13)
    np.testing.assert_allclose(t.state["effective_step"], -eta, rtol=1e-15)


def test_adam_on_the_neuron_equals_a_hand_written_adam():
    # torch.optim.Adam's documented update, in Python floats, on the closed-form gradient
    eta, b1, b2, eps = 0.25, 0.9, 0.999, 1e-8
    w, b = -1.8, -1.2
    m = [0.0, 0.0]
    v = [0.0, 0.0]
    path = [(w, b)]
    for t in range(1, 101):
        s = 1.0 / (1.0 + math.exp(-(w + b)))
        g = (s - 0.5) * s * (1 - s)
        moves = []
        for i in range(2):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            mh = m[i] / (1 - b1**t)
            vh = v[i] / (1 - b2**t)
            moves.append(-eta * mh / (math.sqrt(vh) + eps))
        w, b = w + moves[0], b + moves[1]
        path.append((w, b))
    t = descend(get_surface("neuron"), ("Adam", {"eta": eta}), (-1.8, -1.2), 100)
    np.testing.assert_allclose(t.params, path, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(t.state["m"][-1], m, rtol=1e-9)
    np.testing.assert_allclose(t.state["v"][-1], v, rtol=1e-9)


class Spy(Optimizer):
    """An unregistered SGD that records what the engine passes to update()."""

    display_name = "Spy"
    params = (OPTIMIZERS["sgd"].params[0],)
    state_names = ("seen",)

    def reset(self):
        super().reset()
        self.calls = []

    def init_slot(self, g):
        return {"seen": np.zeros_like(g)}

    def step(self, grads, *, f=None, grad_fn=None, **kwds):
        shifted = grad_fn(np.full_like(grads[0], 0.1), np.zeros_like(grads[1]))
        # params are the live parameter arrays (updated in place, as a layer's are): copy
        kwds["params"] = tuple(np.copy(p) for p in kwds["params"])
        self.calls.append(
            dict(t=self.t, f=np.copy(f), grads=[np.copy(g) for g in grads], shifted=shifted, **kwds)
        )
        for s in self.state:
            s["seen"] += 1.0
        return tuple(-self.eta * g for g in grads)


def test_the_optimizer_is_driven_as_in_training():
    s = get_surface("rosenbrock")
    spy = Spy(eta=1e-3)
    starts = np.array([[-1.2, 1.0], [0.5, 0.5], [1.5, 2.0]])
    trs = descend(s, spy, starts, 5)
    assert [c["t"] for c in spy.calls] == [1, 2, 3, 4, 5]
    for k, c in enumerate(spy.calls):
        w = np.array([tr.params[k, 0] for tr in trs])
        b = np.array([tr.params[k, 1] for tr in trs])
        assert c["batch_ndim"] == 1
        np.testing.assert_array_equal(c["params"][0], w)
        np.testing.assert_array_equal(c["params"][1], b)
        np.testing.assert_array_equal(c["f"], s.loss(w, b))  # Eve's f: the current loss
        np.testing.assert_array_equal(c["grads"][0], s.grad(w, b)[0])
        # grad_fn(*offsets) is the gradient at the shifted parameters (SAM)
        np.testing.assert_array_equal(c["shifted"][0], s.grad(w + 0.1, b)[0])
        np.testing.assert_array_equal(c["shifted"][1], s.grad(w + 0.1, b)[1])
    assert trs[2].state["seen"][-1].tolist() == [5.0, 5.0]
    assert trs[0].label == "Spy η=0.001"


@pytest.mark.parametrize(
    "name", ["sgd", "nag", "adam", "eve", "sam", "adabound", "santae", "santasss"]
)
@pytest.mark.parametrize("surface", ["neuron", "rosenbrock", "ackley"])
def test_k_starts_at_once_equal_k_single_runs(name, surface):
    s = get_surface(surface)
    rng = np.random.default_rng(3)
    (w0, w1), (b0, b1) = s.domain
    starts = np.column_stack([rng.uniform(w0, w1, 4), rng.uniform(b0, b1, 4)])
    # Santa explores with noise for its first burn-in steps: keep some of them in the run
    hyper = {"burnin": 30} if OPTIMIZERS[name].stochastic else {}
    many = descend(s, (name, hyper), starts, 60, seed=5)
    assert isinstance(many, list) and len(many) == 4
    for k in range(4):
        # a stochastic rule's start k draws from the generator seeded seed + k
        one = descend(s, (name, hyper), starts[k], 60, seed=5 + k if hyper else 5)
        assert_same(many[k], one)
        if hyper:
            assert many[k].hyper["seed"] == 5 + k and many[k].seed == 5


def test_a_race_of_all_optimizers_equals_the_single_runs():
    s = get_surface("neuron")
    starts = np.array([[-1.8, -1.2], [1.0, 1.5]])
    trs = race(s, ALL, starts, 80, seed=2)
    assert len(trs) == 2 * len(ALL)
    for i, name in enumerate(ALL):
        alone = descend(s, name, starts, 80, seed=2)
        for k in range(2):
            assert trs[2 * i + k].optimizer == name
            assert_same(trs[2 * i + k], alone[k])
            # a stochastic rule's start k draws from the generator seeded seed + k
            one_seed = 2 + k if OPTIMIZERS[name].stochastic else 2
            assert_same(trs[2 * i + k], descend(s, name, starts[k], 80, seed=one_seed))


def test_a_sweep_equals_single_runs_with_each_eta():
    s = get_surface("quadratic")
    etas = [0.01, 0.1, 0.5, 0.99]
    trs = sweep(s, "msgd", etas, s.start, 50, hyper={"mu": 0.5})
    assert [t.hyper["eta"] for t in trs] == etas
    shown = OPTIMIZERS["msgd"].display_name
    assert [t.label for t in trs] == [f"{shown} η={e:g}" for e in etas]
    for e, t in zip(etas, trs, strict=True):
        assert t.hyper["mu"] == 0.5
        assert_same(t, descend(s, ("msgd", {"eta": e, "mu": 0.5}), s.start, 50))
    with pytest.raises(ValueError, match="at least one learning rate"):
        sweep(s, "msgd", [], s.start, 5)
    with pytest.raises(ValueError, match="eta must be > 0"):
        sweep(s, "msgd", [0.1, -1.0], s.start, 5)


def _rosenbrock_sgd_divergence(eta, w, b, steps, lim_w, lim_b):
    """Plain-Python SGD on Rosenbrock: the step of the first non-finite or out-of-box point."""
    for k in range(1, steps + 1):
        r = b - w * w
        gw, gb = -2.0 * (1.0 - w) - 400.0 * w * r, 200.0 * r
        w, b = w + -eta * gw, b + -eta * gb
        loss = (1.0 - w) * (1.0 - w) + 100.0 * (b - w * w) * (b - w * w)
        if not (math.isfinite(w) and math.isfinite(b) and math.isfinite(loss)):
            return k, "finite"
        if abs(w - 0.0) > lim_w or abs(b - 1.0) > lim_b:
            return k, "bound"
    return None, None


@pytest.mark.parametrize("eta", [0.01, 0.05, 1.0])
def test_sgd_with_a_huge_eta_on_rosenbrock_diverges_at_the_right_step(eta):
    s = get_surface("rosenbrock")  # domain [−2, 2] × [−1, 3]: spans 4 and 4
    lim = 2.0 * (1 + 2 * 1000.0)  # 1000 spans beyond the domain, from its centre
    expect, why = _rosenbrock_sgd_divergence(eta, -1.2, 1.0, 100, lim, lim)
    assert expect is not None and why == "bound"
    t = descend(s, ("sgd", {"eta": eta}), (-1.2, 1.0), 100)  # warnings are errors here
    assert t.diverged_at == expect
    assert "left the bounds" in t.reason
    assert t.params.shape == (expect, 2) and t.n == expect - 1
    assert np.isfinite(t.params).all() and np.isfinite(t.loss).all()
    # without the box, the same run goes on until a number overflows
    expect, why = _rosenbrock_sgd_divergence(eta, -1.2, 1.0, 100, math.inf, math.inf)
    t = descend(s, ("sgd", {"eta": eta}), (-1.2, 1.0), 100, bound=math.inf)
    assert (t.diverged_at, why) == (expect, "finite")
    assert "not finite" in t.reason
    assert np.isfinite(t.params).all()


def test_other_starts_go_on_when_one_diverges():
    s = get_surface("rosenbrock")
    starts = np.array([[-1.2, 1.0], [1.9, -0.9], [0.0, 0.0]])
    trs = descend(s, ("sgd", {"eta": 2e-3}), starts, 200)
    assert trs[1].diverged_at is not None
    assert trs[0].diverged_at is None and trs[2].diverged_at is None
    assert_same(trs[0], descend(s, ("sgd", {"eta": 2e-3}), starts[0], 200))
    assert_same(trs[2], descend(s, ("sgd", {"eta": 2e-3}), starts[2], 200))
    single = descend(s, ("sgd", {"eta": 2e-3}), starts[1], 200)
    assert_same(trs[1], single)


class Cliff(Surface):
    """Test-only surface: a bowl whose gradient is nan for w > 1 and loss inf for w < −3."""

    name = "cliff"
    display_name = "cliff"
    doc = "test"

    def _loss_grad(self, w, b):
        z = np.where(w < -3, np.inf, w * w + b * b)
        gw = np.where(w > 1, np.nan, 2 * w)
        return z, gw, 2 * b


def test_non_finite_gradient_and_start_are_reported():
    s = Cliff()
    # SGD η = 1.5: w ← w − 3w = −2w: 0.3, −0.6, 1.2 (gradient nan there) -> step 3 fails
    t = descend(s, ("sgd", {"eta": 1.5}), (0.3, 0.0), 10)
    assert t.diverged_at == 3 and "gradient" in t.reason and "not finite" in t.reason
    np.testing.assert_allclose(t.params[:, 0], [0.3, -0.6, 1.2])
    assert t.grads.shape == (2, 2)
    # the gradient at the very last point is never used: no divergence
    t = descend(s, ("sgd", {"eta": 1.5}), (0.3, 0.0), 2)
    assert t.diverged_at is None and t.n == 2
    t = descend(s, "sgd", (-4.0, 0.0), 10)
    assert t.diverged_at == 0 and "start" in t.reason
    assert t.params.shape == (1, 2) and t.grads.shape == (0, 2)
    trs = descend(s, "adam", [(-4.0, 0.0), (0.5, 0.5)], 20)
    assert trs[0].diverged_at == 0 and trs[1].diverged_at is None and trs[1].n == 20


def test_stochastic_mode_draws_seeded_minibatches():
    rng = np.random.default_rng(0)
    xs = rng.uniform(-2, 2, 8)
    data = [(float(x), float(0.5 + 0.3 * np.tanh(x))) for x in xs]
    s = get_surface("neuron", samples=data)
    a = descend(s, ("sgd", {"eta": 0.5}), (-1.0, 1.0), 12, batch_size=3, seed=4)
    again = descend(s, ("sgd", {"eta": 0.5}), (-1.0, 1.0), 12, batch_size=3, seed=4)
    other = descend(s, ("sgd", {"eta": 0.5}), (-1.0, 1.0), 12, batch_size=3, seed=5)
    full = descend(s, ("sgd", {"eta": 0.5}), (-1.0, 1.0), 12)
    assert_same(a, again)
    assert not np.array_equal(a.params, other.params)
    assert not np.array_equal(a.params, full.params)
    # the documented rule: per epoch a permutation from default_rng(seed), in slices of 3
    g = np.random.default_rng(4)
    batches = []
    while len(batches) < 12:
        order = g.permutation(8)
        batches += [order[i : i + 3] for i in range(0, 8, 3)]
    w, b = -1.0, 1.0
    for k in range(12):
        x = np.array([data[i][0] for i in batches[k]])
        y = np.array([data[i][1] for i in batches[k]])
        sg = 1 / (1 + np.exp(-(x * w + b)))
        d = (sg - y) * sg * (1 - sg)
        gw, gb = float(np.mean(d * x)), float(np.mean(d))
        np.testing.assert_allclose(a.grads[k], [gw, gb], rtol=1e-12)
        np.testing.assert_allclose(a.batch_loss[k], np.mean(0.5 * (sg - y) ** 2), rtol=1e-12)
        w, b = w - 0.5 * gw, b - 0.5 * gb
    np.testing.assert_allclose(a.params[-1], [w, b], rtol=1e-12)
    # the recorded loss is the exact (full-data) surface height at each point
    np.testing.assert_array_equal(a.loss, s.loss(a.params[:, 0], a.params[:, 1]))
    # batch_size = number of samples is full batch
    assert_same(descend(s, ("sgd", {"eta": 0.5}), (-1.0, 1.0), 12, batch_size=8), full)
    assert full.batch_loss is None
    # K starts and races see the same minibatches as single runs
    trs = race(s, ["adam", "sgd"], [(-1.0, 1.0), (0.5, -0.5)], 12, batch_size=3, seed=4)
    assert_same(trs[2], descend(s, "sgd", (-1.0, 1.0), 12, batch_size=3, seed=4))
    np.testing.assert_array_equal(
        trs[1].params, descend(s, "adam", (0.5, -0.5), 12, batch_size=3, seed=4).params
    )


def test_bad_arguments_raise_clear_errors():
    s = get_surface("neuron")
    with pytest.raises(ValueError, match="start must have shape"):
        descend(s, "sgd", (1.0, 2.0, 3.0), 5)
    with pytest.raises(ValueError, match="start must be finite"):
        descend(s, "sgd", (math.nan, 0.0), 5)
    with pytest.raises(ValueError, match="steps must be in"):
        descend(s, "sgd", (0.0, 0.0), -1)
    with pytest.raises(ValueError, match="steps must be an integer"):
        descend(s, "sgd", (0.0, 0.0), 2.5)
    with pytest.raises(ValueError, match="bound must be"):
        descend(s, "sgd", (0.0, 0.0), 5, bound=0)
    with pytest.raises(ValueError, match="unknown optimizer 'nope'"):
        descend(s, "nope", (0.0, 0.0), 5)
    with pytest.raises(ValueError, match="eta must be > 0"):
        descend(s, ("sgd", {"eta": -1}), (0.0, 0.0), 5)
    with pytest.raises(ValueError, match="optimizer must be a name"):
        descend(s, 42, (0.0, 0.0), 5)
    with pytest.raises(ValueError, match="batch_size must be in \\[1, 1\\]"):
        descend(s, "sgd", (0.0, 0.0), 5, batch_size=2)
    with pytest.raises(ValueError, match="batch_size applies to surfaces with data"):
        descend(get_surface("booth"), "sgd", (0.0, 0.0), 5, batch_size=1)
    with pytest.raises(ValueError, match="surface must be a Surface"):
        descend("neuron", "sgd", (0.0, 0.0), 5)
    with pytest.raises(ValueError, match="non-empty list"):
        race(s, [], (0.0, 0.0), 5)
    n = len(ALL)
    with pytest.raises(ValueError, match=f"steps × trajectories = 1000000 × {n} = {n}000000"):
        race(s, ALL, (0.0, 0.0), 1_000_000)


def test_zero_steps_and_the_at_accessor():
    s = get_surface("booth")
    t = descend(s, "adam", (0.0, 0.0), 0)
    assert t.params.shape == (1, 2) and t.moves.shape == (0, 2) and t.diverged_at is None
    assert descend(s, "adam", None, 2).start == s.start == (-8.0, -6.0)
    t = descend(s, ("sgd", {"eta": 0.01}), (0.0, 0.0), 3)
    a0 = t.at(0)
    assert (a0["step"], a0["w"], a0["b"], a0["loss"]) == (0, 0.0, 0.0, 74.0)
    assert a0["grad"] is None and a0["move"] is None and a0["state"] == {}
    a1 = t.at(1)  # the gradient at (0, 0) is (−34, −38); SGD moves by −0.01·g
    assert a1["grad"] == (-34.0, -38.0)
    assert a1["move"] == pytest.approx((0.34, 0.38), rel=1e-15)
    assert a1["state"]["effective_step"] == pytest.approx((-0.01, -0.01), rel=1e-12)
    assert t.at(99)["step"] == 3 and t.at(-5)["step"] == 0


def test_effective_step_is_nan_where_the_gradient_is_zero():
    t = descend(get_surface("saddle"), ("sgd", {"eta": 0.1}), (1.0, 0.0), 3)
    eff = t.state["effective_step"]
    np.testing.assert_allclose(eff[:, 0], -0.1)
    assert np.isnan(eff[:, 1]).all()


def test_effective_step_is_computed_when_read_and_behaves_like_a_dict_entry():
    import copy
    import pickle

    from gradscape.core.trajectory import TrajectoryState

    starts = [(1.0, 0.0), (0.5, -0.25), (-1.0, 2.0)]
    ts = descend(get_surface("saddle"), ("adam", {"eta": 0.1}), starts, 20)
    for t in ts:
        assert isinstance(t.state, TrajectoryState)
        assert list(t.state) == ["m", "v", "effective_step"]  # state names, then the ratio
        assert t.state._data["effective_step"] is None  # not computed before it is read
        want = t.moves / np.where(t.grads == 0.0, np.nan, t.grads)
        got = t.state["effective_step"]
        np.testing.assert_array_equal(got, want)  # move / gradient, nan where g = 0
        if t.start[1] == 0.0:
            assert np.isnan(got[:, 1]).all()  # the saddle's b-gradient at b = 0 is 0
        assert np.isfinite(got[:, 0]).all()
        assert t.state["effective_step"] is got  # computed once, then kept
        for other in (copy.deepcopy(t.state), pickle.loads(pickle.dumps(t.state))):
            assert list(other) == list(t.state)
            for nm in t.state:
                np.testing.assert_array_equal(other[nm], t.state[nm])
        d = dict(t.state)
        assert set(d) == {"m", "v", "effective_step"}
    # a lazily kept entry that was never read is computed by a copy too
    fresh = descend(get_surface("saddle"), ("sgd", {"eta": 0.1}), (1.0, 0.0), 3)
    clone = pickle.loads(pickle.dumps(fresh.state))
    np.testing.assert_allclose(clone["effective_step"][:, 0], -0.1)
    # replacing or deleting the entry works as on a dict
    fresh.state["effective_step"] = np.zeros((3, 2))
    assert (fresh.state["effective_step"] == 0).all()
    del fresh.state["effective_step"]
    assert "effective_step" not in fresh.state and len(fresh.state) == 0


def test_stability_hint():
    q = get_surface("quadratic")  # Hessian diag(1/10, 2): λmax = 2, limit 1
    h = stability(q, 3.0, -1.0, 0.5)
    assert h["lambda_max"] == pytest.approx(2.0, rel=1e-6)
    assert h["limit"] == pytest.approx(1.0, rel=1e-6) and h["stable"]
    h = stability(q, 3.0, -1.0, 1.5)
    assert not h["stable"]
    assert h["text"].startswith("η·λmax = 3 > 2: plain gradient descent is unstable here")
    # and plain gradient descent really behaves that way
    assert descend(q, ("sgd", {"eta": 0.95}), (3.0, -1.0), 400).loss[-1] < 1e-6
    assert descend(q, ("sgd", {"eta": 1.05}), (3.0, -1.0), 400).loss[-1] > 1.0
    # the neuron at its valley: λmax = 2·(1/16) (Hessian (1/16)[[1, 1], [1, 1]])
    h = stability(get_surface("neuron"), 0.3, -0.3, 20.0)
    assert h["lambda_max"] == pytest.approx(0.125, rel=1e-12) and not h["stable"]
    # at a local maximum of Rastrigin both curvatures are negative
    h = stability(get_surface("rastrigin"), 0.5, 0.5, 0.1)
    assert h["lambda_max"] < 0 and h["stable"] and h["limit"] == math.inf
    with pytest.raises(ValueError, match="eta must be"):
        stability(q, 0.0, 0.0, -1.0)


def _read_csv(path):
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_csv_has_steps_plus_one_rows_with_the_documented_columns(tmp_path):
    t = descend(get_surface("neuron"), ("adam", {"eta": 0.25}), (-1.8, -1.2), 30)
    p = tmp_path / "run.csv"
    to_csv(t, p)
    header, rows = _read_csv(p)
    assert header == [
        "step", "w", "b", "loss", "grad_w", "grad_b", "move_w", "move_b",
        "m_w", "m_b", "v_w", "v_b", "effective_step_w", "effective_step_b",
    ]  # fmt: skip
    assert len(rows) == 31
    assert [r[0] for r in rows] == [str(k) for k in range(31)]
    assert rows[0][4:] == [""] * 10  # step 0: no gradient, move or state yet
    table = np.array([[float(x) for x in r] for r in rows[1:]])
    np.testing.assert_array_equal(table[:, 1:3], t.params[1:])  # exact round trip
    np.testing.assert_array_equal(table[:, 3], t.loss[1:])
    np.testing.assert_array_equal(table[:, 4:6], t.grads)
    np.testing.assert_array_equal(table[:, 6:8], t.moves)
    np.testing.assert_array_equal(table[:, 8:10], t.state["m"])
    assert float(rows[0][1]) == -1.8 and float(rows[0][3]) == t.loss[0]
    # a diverged run has n + 1 rows
    d = descend(get_surface("rosenbrock"), ("sgd", {"eta": 1.0}), (-1.2, 1.0), 50)
    to_csv(d, p)
    assert len(_read_csv(p)[1]) == d.n + 1 == d.diverged_at
    assert [f.name for f in tmp_path.iterdir()] == ["run.csv"]  # no temp file left


def test_json_export(tmp_path):
    t = descend(get_surface("saddle"), ("sgd", {"eta": 0.1}), (1.0, 0.0), 5)
    p = tmp_path / "run.json"
    to_json(t, p)
    d = json.loads(p.read_text())
    assert d["label"] == "SGD η=0.1" and d["steps"] == 5 and d["diverged_at"] is None
    np.testing.assert_array_equal(d["params"], t.params)
    np.testing.assert_array_equal(d["loss"], t.loss)
    assert d["state"]["effective_step"][0] == [-0.1, None]  # nan (zero gradient) -> null


def test_unwritable_path_raises_and_leaves_nothing(tmp_path):
    t = descend(get_surface("booth"), "sgd", (0.0, 0.0), 3)
    with pytest.raises(OSError):
        to_csv(t, tmp_path / "missing" / "x.csv")
    assert list(tmp_path.iterdir()) == []


# -- demo learning rates -----------------------------------------------------------------

#: (surface, optimizer) pairs exempt from "stays finite": the saddle falls without limit, so
#: a good optimizer leaves any box around it (which the engine reports as divergence).
UNBOUNDED = {n for n in SURFACES.names() if not SURFACES[n].bounded_below}


#: the surfaces with a default instance (a landscape needs its file)
BUILT = [n for n in SURFACES.names() if not SURFACES[n].from_file]


@pytest.mark.parametrize("name", BUILT)
def test_every_demo_run_moves_stays_finite_and_lowers_the_loss(name):
    s = get_surface(name)
    trs = race(s, ALL, s.start, 300, seed=0)
    for t in trs:
        assert t.loss[-1] < t.loss[0], (name, t.label)
        if name in UNBOUNDED:
            continue
        assert t.diverged_at is None, (name, t.label, t.reason)
        assert np.isfinite(t.params).all()
        # visible motion: at least 1 % of the domain's diagonal
        (w0, w1), (b0, b1) = s.domain
        moved = np.hypot(*(t.params[-1] - t.params[0]))
        assert moved > 0.01 * math.hypot(w1 - w0, b1 - b0), (name, t.label)


def test_no_warning_escapes_even_from_wild_runs():
    # pytest turns warnings into errors: huge steps everywhere must stay silent
    for name in BUILT:
        s = get_surface(name)
        for opt in ("sgd", "adagrad", "santae", "sam", "eve"):
            descend(s, (opt, {"eta": 1e6}), s.start, 50, bound=math.inf, seed=1)
            descend(s, (opt, {"eta": 1e6}), s.start, 50, seed=1)


def test_optimizer_instances_are_reset_and_used_as_given():
    s = get_surface("neuron")
    opt = get_opt("adam", eta=0.1)
    a = descend(s, opt, (-1.8, -1.2), 20)
    b = descend(s, opt, (-1.8, -1.2), 20)  # reset() first: same run again
    assert_same(a, b)
    assert a.hyper["eta"] == 0.1
    with pytest.raises(ValueError, match="same Optimizer instance twice"):
        race(s, [opt, opt], (0.0, 0.0), 5)


class Fragile(Optimizer):
    """Test-only rule that raises at its fourth step."""

    display_name = "Fragile"
    params = (OPTIMIZERS["sgd"].params[0],)

    def step_slot(self, g, s):
        if self.t == 4:
            raise OverflowError("(34, 'Numerical result out of range')")
        return -self.eta * g


def test_an_optimizer_that_raises_stops_only_its_own_trajectories():
    s = get_surface("booth")
    trs = race(s, [Fragile(eta=0.01), ("sgd", {"eta": 0.01})], [(0.0, 0.0), (1.0, 1.0)], 10)
    for t in trs[:2]:
        assert t.diverged_at == 4 and t.n == 3
        assert t.reason == "the optimizer failed: (34, 'Numerical result out of range')"
    for k, t in enumerate(trs[2:]):
        assert t.diverged_at is None
        assert_same(t, descend(s, ("sgd", {"eta": 0.01}), [(0.0, 0.0), (1.0, 1.0)][k], 10))


def test_a_single_optimizer_that_raises_stops_at_that_step():
    s = get_surface("booth")
    for start in [(0.0, 0.0), [(0.0, 0.0), (1.0, 1.0)]]:
        got = descend(s, Fragile(eta=0.01), start, 10)
        want = descend(s, ("sgd", {"eta": 0.01}), start, 3)
        for g, w in zip(got if isinstance(got, list) else [got],
                        want if isinstance(want, list) else [want], strict=True):  # fmt: skip
            assert g.diverged_at == 4 and g.n == 3
            assert g.reason == "the optimizer failed: (34, 'Numerical result out of range')"
            np.testing.assert_array_equal(g.params, w.params)
            np.testing.assert_array_equal(g.moves, w.moves)


def test_a_start_outside_the_bound_box_is_reported_at_step_0():
    s = get_surface("booth")  # domain [−10, 10]²: span 20, centre (0, 0)
    # bound=1: the box reaches 1 span beyond the domain, |w|, |b| <= 10·(1 + 2) = 30
    t = descend(s, ("sgd", {"eta": 0.01}), (31.0, 0.0), 5, bound=1.0)
    assert t.diverged_at == 0 and t.n == 0
    assert t.reason.startswith("start is outside the bounds: (w, b) = (31, 0)")
    assert "1 domain spans outside the domain" in t.reason
    assert t.params.tolist() == [[31.0, 0.0]]
    assert t.loss.tolist() == [(31.0 + 0.0 - 7.0) ** 2 + (2 * 31.0 + 0.0 - 5.0) ** 2]
    assert t.grads.shape == t.moves.shape == (0, 2)
    # the other start points of the same call go on; the box edge itself is inside
    trs = race(s, ["sgd", "adam"], [(0.0, -31.0), (30.0, 30.0)], 4, bound=1.0)
    for t in trs[0::2]:
        assert t.diverged_at == 0 and t.reason.startswith("start is outside the bounds")
    for t in trs[1::2]:
        assert t.diverged_at is None and t.n == 4


def test_progress_reports_every_250_steps_and_at_the_end():
    s = get_surface("rosenbrock")
    seen: list[tuple[int, int]] = []
    tr = descend(s, "adam", None, 1000, progress=lambda done, steps: seen.append((done, steps)))
    assert seen == [(250, 1000), (500, 1000), (750, 1000), (1000, 1000)]
    np.testing.assert_array_equal(tr.params, descend(s, "adam", None, 1000).params)
    seen.clear()
    race(s, ["sgd", "adam"], None, 260, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(250, 260), (260, 260)]
    seen.clear()
    sweep(s, "sgd", [1e-4, 1e-3], None, 10, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(10, 10)]


def test_an_exception_from_progress_stops_the_run_and_propagates():
    class Stop(Exception):
        pass

    calls = []

    def stop_at_500(done: int, steps: int) -> None:
        calls.append(done)
        if done >= 500:
            raise Stop

    with pytest.raises(Stop):
        descend(get_surface("neuron"), "sam", None, 100_000, progress=stop_at_500)
    assert calls == [250, 500]  # stopped at step 501 of 100 000
    with pytest.raises(ValueError, match="progress must be a callable"):
        descend(get_surface("neuron"), "sgd", None, 10, progress=5)


def test_the_run_seed_reaches_santa_alone_and_as_sams_base():
    from gradscape.core.scene import Scene

    s = get_surface("booth")
    for spec in (("santae", {"burnin": 50}), ("sam", {"base": "SantaE", "burnin": 50})):
        a, b, a2 = (descend(s, spec, (1.0, 1.0), 20, seed=k) for k in (1, 2, 1))
        assert a.hyper["seed"] == 1 and b.hyper["seed"] == 2
        assert not np.array_equal(a.params, b.params)  # different noise
        np.testing.assert_array_equal(a.params, a2.params)  # the same seed, the same path
        # a seed given among the hyperparameters wins over the run's
        c = descend(s, (spec[0], {**spec[1], "seed": 7}), (1.0, 1.0), 20, seed=1)
        assert c.hyper["seed"] == 7
        scene = Scene(surface="booth", optimizers=[spec], seed=5, steps=20)
        assert scene.optimizers[0][1]["seed"] == 5
    assert "seed" not in descend(s, ("sam", {"base": "Adam"}), (1.0, 1.0), 5, seed=3).hyper
