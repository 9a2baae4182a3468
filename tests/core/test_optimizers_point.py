"""The point path: races from one start point on Python floats (core/optimizers/_point.py).

Every point rule must equal its rule's fast kernel — the array path it replaces — bit for bit,
moves and recorded state, over the variants of its hyperparameters; the engine's races must
give the same trajectories on either path, and anything that stops a trajectory must send
the race back to the array path, which says what happened.
"""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.core.optimizers import OPTIMIZERS, _fast, get_opt
from gradscape.core.optimizers._point import POINT_RULES, point_rule
from gradscape.core.schedules import as_schedule
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import _engine, descend, race

VARIANTS = [
    ("sgd", {"eta": 0.3}),
    ("msgd", {"eta": 0.1}),
    ("msgd", {"eta": 0.1, "dampening": 0.3}),
    ("msgd", {"eta": 0.1, "form": "series"}),
    ("nag", {"eta": 0.05, "mu": 0.8}),
    ("adagrad", {"eta": 0.2}),
    ("adagrad", {"eta": 0.2, "lr_decay": 0.1, "initial_accumulator_value": 0.1}),
    ("rmsprop", {"eta": 0.01}),
    ("rmsprop", {"eta": 0.01, "centered": True}),
    ("rmsprop", {"eta": 0.01, "mu": 0.9}),
    ("rmsprop", {"eta": 0.01, "centered": True, "mu": 0.5}),
    ("adadelta", {"rho": 0.9}),
    ("rmspropgraves", {"eta": 0.01}),
    ("rmspropgraves", {"eta": 0.01, "mu": 0.9}),
    ("adam", {"eta": 0.1}),
    ("adam", {"eta": 0.02, "beta1": 0.5, "beta2": 0.9, "eps": 1e-3}),
    ("smorms3", {"eta": 0.05}),
    ("adamw", {"eta": 0.05, "weight_decay": 0.3}),
    ("adamw", {"eta": 0.05, "weight_decay": 0.0}),
    ("amsgrad", {"eta": 0.05}),
    ("adamax", {"eta": 0.05}),
    ("nadam", {"eta": 0.05}),
    ("nadam", {"eta": 0.05, "beta1": 0.9, "momentum_decay": 0.05}),
    ("radam", {"eta": 0.05}),  # unrectified for its first steps, then rectified
    ("adabelief", {"eta": 0.05}),
    ("adabound", {"eta": 0.05, "final_eta": 0.1}),
    ("amsbound", {"eta": 0.05, "gamma": 0.1}),
]

#: the default race of the window (at each surface's demo hyperparameters; on the neuron
#: η = 0.25, 0.175, 0.1, 0.1, 0.25, 0.05, ρ = 0.9999, η = 0.0125): these eight run on the
#: point path
RACE = ["adam", "sgd", "msgd", "nag", "adagrad", "rmsprop", "adadelta", "rmspropgraves"]


def _gradients(steps: int, seed: int) -> np.ndarray:
    """(steps, 2) gradients over many scales, with exact zeros and sign changes."""
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((steps, 2)) * 10.0 ** rng.uniform(-6, 2, (steps, 2))
    g[::7, 0] = 0.0
    g[3::11] = 0.0
    return g


def test_every_point_rule_serves_a_registered_rule_with_a_kernel():
    names = {OPTIMIZERS.key(cls.__name__) for cls in POINT_RULES}
    assert set(RACE) <= names
    assert {name for name, _ in VARIANTS} == names  # (each one is checked below)
    for cls in POINT_RULES:
        assert OPTIMIZERS[OPTIMIZERS.key(cls.__name__)] is cls
        assert cls in _fast.KERNELS  # the point rule mirrors that kernel
    # the rules left on the array path: each for a reason of its own
    rest = set(OPTIMIZERS.names()) - names
    assert rest == {"eve", "santae", "santasss", "sam", "qhm", "qhadam", "newton", "lbfgs"}


@pytest.mark.parametrize(("name", "hyper"), VARIANTS, ids=[f"{n}-{h}" for n, h in VARIANTS])
def test_a_point_rule_equals_its_kernel_bit_for_bit(name, hyper):
    steps = 60
    grads = _gradients(steps, seed=len(name) + len(hyper))
    opt = get_opt(name, **hyper)
    rule = point_rule(get_opt(name, **hyper))
    assert rule is not None
    sw, sb = rule.start(), rule.start()
    n = len(opt.state_names)
    params = np.random.default_rng(1).uniform(-2, 2, (steps, 2))  # (AdamW's decay reads them)
    for t in range(1, steps + 1):
        g0, g1 = grads[t - 1]
        p0, p1 = params[t - 1]
        dw, db = opt.update(
            np.array([g0]), np.array([g1]), t=t, params=(np.array([p0]), np.array([p1]))
        )
        rule.prepare(t)
        pw, pb = rule.slot(t, float(g0), sw, float(p0)), rule.slot(t, float(g1), sb, float(p1))
        assert (pw, pb) == (dw[0], db[0]), f"step {t}"
        for j, nm in enumerate(opt.state_names):
            assert sw[j] == opt.state[0][nm][0] and sb[j] == opt.state[1][nm][0], (t, nm)
        assert len(sw) >= n


def test_point_rules_serve_only_what_they_compute():
    assert point_rule(get_opt("nag", form="series")) is None  # its look-ahead gradient
    assert point_rule(get_opt("eve")) is None  # no point rule (its loss feedback)
    assert type(point_rule(get_opt("adamw"))).__name__ == "AdamWPoint"  # not Adam's
    cosine = as_schedule({"schedule": "cosine", "base": 0.1, "T_max": 50})
    assert point_rule(get_opt("adam", eta=cosine)) is None
    forced = get_opt("adam")
    forced.fast = False  # the reference asked for
    assert point_rule(forced) is None
    used = get_opt("sgd")
    used.update(np.array([1.0]), np.array([1.0]))
    assert point_rule(used) is None


@pytest.fixture
def point_runs(monkeypatch):
    """The engine's point-path attempts: True (it ran the race) or False (handed back)."""
    seen: list[bool] = []
    real = _engine.run_points

    def spy(*a):
        ok = real(*a)
        seen.append(ok)
        return ok

    monkeypatch.setattr(_engine, "run_points", spy)
    return seen


def _array_path(monkeypatch, fn):
    """``fn()`` with the point path switched off."""
    with monkeypatch.context() as m:
        m.setattr(_engine, "point_rules", lambda opts: None)
        return fn()


def _same(a, b) -> None:
    assert (a.label, a.diverged_at, a.reason) == (b.label, b.diverged_at, b.reason)
    np.testing.assert_array_equal(a.params, b.params)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.grads, b.grads)
    np.testing.assert_array_equal(a.moves, b.moves)
    assert list(a.state) == list(b.state)
    for nm in a.state:
        np.testing.assert_array_equal(a.state[nm], b.state[nm])


#: (surface, its parameters, start, steps, the race: the window's default rules, or every
#: rule with a point rule; each at the surface's demo hyperparameters)
CASES = [
    ("neuron", {}, (-1.8, -1.2), 300, RACE),
    ("neuron", {"samples": [[1.0, 0.9], [-2.0, 0.1], [0.5, 0.3]]}, (1.5, -1.0), 300, RACE),
    ("rosenbrock", {}, (-1.2, 1.0), 1200, RACE),  # more steps than one chunk of rows
    ("himmelblau", {}, (0.3, -0.4), 200, RACE),
    ("rastrigin", {}, (2.2, -1.3), 300, RACE),
    # every rule with a point rule, at each surface's demo hyperparameters
    ("neuron", {}, (1.0, -1.5), 500, sorted(OPTIMIZERS.key(c.__name__) for c in POINT_RULES)),
    ("himmelblau", {}, (0.3, -0.4), 500, sorted(OPTIMIZERS.key(c.__name__) for c in POINT_RULES)),
]


@pytest.mark.parametrize(("surface", "params", "start", "steps", "runs"), CASES)
def test_a_race_on_the_point_path_equals_the_array_path_bit_for_bit(
    monkeypatch, point_runs, surface, params, start, steps, runs
):
    s = get_surface(surface, **params)
    fast = race(s, runs, start, steps)
    assert point_runs == [True]
    slow = _array_path(monkeypatch, lambda: race(s, runs, start, steps))
    assert len(fast) == len(slow) == len(runs)
    for a, b in zip(fast, slow, strict=True):
        _same(a, b)
        assert a.diverged_at is None and len(a.params) == steps + 1


def test_a_race_that_leaves_the_box_goes_back_to_the_array_path(monkeypatch, point_runs):
    s = get_surface("rosenbrock")
    runs = [("sgd", {"eta": 0.05}), ("adam", {"eta": 0.01})]
    got = race(s, runs, (-1.2, 1.0), 100)
    assert point_runs == [False]
    slow = _array_path(monkeypatch, lambda: race(s, runs, (-1.2, 1.0), 100))
    assert got[0].diverged_at is not None and got[0].diverged_at < 10
    assert got[1].diverged_at is None
    for a, b in zip(got, slow, strict=True):
        _same(a, b)


def test_a_start_outside_the_box_never_tries_the_point_path(point_runs):
    s = get_surface("neuron")
    tr = descend(s, "adam", (1e5, 0.0), 20)
    assert point_runs == []
    assert tr.diverged_at == 0


def test_a_callers_own_optimizer_runs_on_the_array_path_and_keeps_its_state(point_runs):
    opt = get_opt("adam", eta=0.1)
    race(get_surface("neuron"), [opt, "sgd"], (-1.0, 1.0), 50)
    assert point_runs == []
    assert opt.t == 50 and opt.state is not None


def test_several_starts_or_minibatches_use_the_array_path(point_runs):
    s = get_surface("neuron", samples=[[1.0, 0.5], [2.0, 0.1]])
    race(s, RACE, [(-1.0, 1.0), (1.0, -1.0)], 30)
    race(s, RACE, (-1.0, 1.0), 30, batch_size=1, seed=3)
    assert point_runs == []


def test_progress_and_cancel_reach_the_point_path(point_runs):
    seen: list[tuple[int, int]] = []
    race(get_surface("neuron"), RACE, (-1.0, 1.0), 600, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(250, 600), (500, 600), (600, 600)]

    class Stop(Exception):
        pass

    def cancel(done, steps):
        raise Stop

    with pytest.raises(Stop):
        race(get_surface("neuron"), RACE, (-1.0, 1.0), 600, progress=cancel)
    assert point_runs == [True]  # (the cancelled one raised, never returned)


def test_a_rule_that_raises_on_floats_goes_back_to_the_array_path(monkeypatch, point_runs):
    # a zero gradient with ε = 0 (AdaGrad allows it): 0/0 raises ZeroDivisionError on
    # floats; numpy's NaN move stops the run at step 1 on the array path, which must be what
    # the caller sees
    s = get_surface("rosenbrock")
    runs = [("adagrad", {"eta": 0.1, "eps": 0.0}), ("sgd", {"eta": 1e-3})]
    got = race(s, runs, (1.0, 1.0), 10)
    assert point_runs == [False]
    slow = _array_path(monkeypatch, lambda: race(s, runs, (1.0, 1.0), 10))
    assert got[0].diverged_at == 1 and got[1].diverged_at is None
    for a, b in zip(got, slow, strict=True):
        _same(a, b)


def test_a_race_partly_on_the_point_path_equals_the_array_path_bit_for_bit(
    monkeypatch, point_runs
):
    # rules with and without a point rule, interleaved: the first race on the point path,
    # the others on the array path, the trajectories in the caller's order
    s = get_surface("neuron", samples=[[1.0, 0.9], [-2.0, 0.1]])
    runs = ["adam", "qhm", "sgd", "eve", "santae", "rmsprop", "sam", "nadam"]
    fast = race(s, runs, (1.0, -1.5), 700, seed=4)
    assert point_runs == [True]
    slow = _array_path(monkeypatch, lambda: race(s, runs, (1.0, -1.5), 700, seed=4))
    assert [t.optimizer for t in fast] == [OPTIMIZERS.key(n) for n in runs]
    for a, b in zip(fast, slow, strict=True):
        _same(a, b)
    # with a progress callback the race stays one (its steps done are every run's)
    seen: list[tuple[int, int]] = []
    race(s, runs, (1.0, -1.5), 700, seed=4, progress=lambda d, n: seen.append((d, n)))
    assert point_runs == [True] and seen == [(250, 700), (500, 700), (700, 700)]
