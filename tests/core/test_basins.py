"""Basin maps and the engine's final-state mode: against descend run start by start, exact
minima, convex bowls, divergence, discovered local minima, workers, cancel, validation."""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.core.basins import DIVERGED, NOT_CONVERGED, Basins, Cancelled, basins
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import MAX_RECORDS, descend, descend_final


def ends(trajectories):
    """(final points, last moves, stopped-at) of descend's trajectories, as FinalState has."""
    params = np.array([t.params[-1] for t in trajectories])
    moves = np.array(
        [t.moves[-1] if t.diverged_at is None and len(t.moves) else (0, 0) for t in trajectories],
        dtype=float,
    )
    at = np.array([-1 if t.diverged_at is None else t.diverged_at for t in trajectories])
    return params, moves, at


@pytest.mark.parametrize(
    "surface, spec",
    [
        ("himmelblau", "adam"),
        ("himmelblau", ("sgd", {"eta": 0.03})),  # some diverge
        ("himmelblau", ("msgd", {"eta": 0.05})),
        ("rastrigin", "rmsprop"),
        ("sixhumpcamel", "nag"),
        ("himmelblau", "santae"),  # a seed per start
        ("booth", "sam"),  # gradients at shifted points
        ("himmelblau", ("adagrad", {"eta": 1e6})),
    ],
)
def test_final_state_mode_equals_descend_start_by_start(surface, spec):
    s = get_surface(surface)
    rng = np.random.default_rng(4)
    (w0, w1), (b0, b1) = s.domain
    starts = np.column_stack([rng.uniform(w0, w1, 60), rng.uniform(b0, b1, 60)])
    fs = descend_final(s, spec, starts, 200, seed=2)
    params, moves, at = ends(descend(s, spec, starts, 200, seed=2))
    np.testing.assert_array_equal(fs.params, params)
    np.testing.assert_array_equal(fs.last_move, moves)
    np.testing.assert_array_equal(fs.diverged_at, at)
    np.testing.assert_array_equal(fs.loss, s.loss(params[:, 0], params[:, 1]))


def test_final_state_mode_takes_more_starts_than_the_records_allow():
    s = get_surface("booth")
    starts = np.zeros((MAX_RECORDS // 10 + 1, 2))
    with pytest.raises(ValueError, match="exceeds"):
        descend(s, "sgd", starts, 10)
    fs = descend_final(s, ("sgd", {"eta": 0.01}), starts, 10)
    assert fs.params.shape == starts.shape and not fs.diverged.any()
    # ten steps of plain GD from (0, 0) on the bowl, written out
    p = np.zeros(2)
    for _ in range(10):
        r1, r2 = p[0] + 2 * p[1] - 7, 2 * p[0] + p[1] - 5
        p = p - 0.01 * np.array([2 * r1 + 4 * r2, 4 * r1 + 2 * r2])
    np.testing.assert_allclose(fs.params[0], p, rtol=1e-14)


def test_map_equals_descend_from_sampled_starts_one_by_one():
    s = get_surface("himmelblau")
    m = basins(s, "adam", grid=41, steps=400)
    assert isinstance(m, Basins) and m.label.shape == (41, 41) and m.final.shape == (41, 41, 2)
    np.testing.assert_array_equal(m.w, np.linspace(-5, 5, 41))
    np.testing.assert_array_equal(m.b, np.linspace(-5, 5, 41))
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, 41, (12, 2)).tolist():
        t = descend(s, ("adam", m.hyper), (m.w[j], m.b[i]), 400)
        assert t.hyper == m.hyper
        np.testing.assert_array_equal(m.final[i, j], t.params[-1])
        # the label by its definition: within tol of a minimum, last move shorter than tol
        d = np.hypot(*(np.array(s.minima) - t.params[-1]).T)
        settled = np.hypot(*t.moves[-1]) < m.tol and d.min() <= m.tol
        assert m.label[i, j] == (int(d.argmin()) if settled else NOT_CONVERGED)
    # Adam (η = 0.25) from every start of this grid reaches one of the four minima
    counts = m.counts()
    assert counts[DIVERGED] == 0 and sum(counts[k] for k in range(4)) >= 41 * 41 - 5
    assert all(counts[k] > 200 for k in range(4))


def test_a_start_exactly_at_a_minimum_is_labelled_that_minimum():
    s = get_surface("himmelblau")
    m = basins(s, "sgd", {"eta": 0.01}, grid=11, steps=5)  # grid nodes −5, −4, …, 5
    i, j = list(m.b).index(2.0), list(m.w).index(3.0)
    k = [tuple(p) for p in m.minima.tolist()].index((3.0, 2.0))
    assert m.label[i, j] == k
    np.testing.assert_array_equal(m.final[i, j], (3.0, 2.0))
    # the camel's six: a 3×3 grid centred on each minimum, its centre exactly the minimum
    camel = get_surface("sixhumpcamel")
    for k, (x, y) in enumerate([*camel.minima, *camel.local_minima]):
        local = get_surface("sixhumpcamel", domain=[[x - 0.25, x + 0.25], [y - 0.25, y + 0.25]])
        mk = basins(local, "adam", {"eta": 1e-3}, grid=3, steps=3)
        if (mk.w[1], mk.b[1]) == (x, y):  # midpoint exactly representable
            assert mk.label[1, 1] == k
        near = basins(local, "sgd", {"eta": 0.01}, grid=3, steps=2000)
        assert near.label[1, 1] == k, (k, near.final[1, 1])
        assert mk.n_known == 6 and len(mk.minima) == 6


def test_every_start_on_a_convex_bowl_reaches_its_one_minimum():
    s = get_surface("quadratic")  # x²/20 + y²
    m = basins(s, "sgd", {"eta": 0.5}, grid=30, steps=1000)
    np.testing.assert_array_equal(m.minima, [[0.0, 0.0]])
    assert (m.label == 0).all()
    assert np.abs(m.final).max() < 1e-15  # 0.95^1000 of 10 along x, y zeroed in one step
    booth = basins(get_surface("booth"), "adam", {"eta": 0.1}, grid=25, steps=1500)
    assert (booth.label == 0).all()


def test_a_large_learning_rate_labels_every_start_diverged():
    s = get_surface("himmelblau")
    m = basins(s, "sgd", {"eta": 10.0}, grid=20, steps=100)
    assert (m.label == DIVERGED).all()
    # descend agrees that each of these stops
    for i, j in ((0, 0), (7, 13), (19, 4)):
        t = descend(s, ("sgd", {"eta": 10.0}), (m.w[j], m.b[i]), 100)
        assert t.diverged_at is not None
        np.testing.assert_array_equal(m.final[i, j], t.params[-1])


def test_a_mixed_map_has_all_three_kinds_of_label():
    # plain GD with η = 0.03 on Himmelblau: the steep corners throw starts out, the slow
    # outskirts still move after 30 steps, the middle settles
    m = basins(get_surface("himmelblau"), "sgd", {"eta": 0.03}, grid=40, steps=30, discover=False)
    counts = m.counts()
    assert counts[DIVERGED] > 0 and counts[NOT_CONVERGED] > 0
    assert sum(counts[k] for k in range(4)) > 0
    assert sum(counts.values()) == 40 * 40


def test_rastrigin_local_minima_are_discovered_and_are_true_minima():
    s = get_surface("rastrigin")
    m = basins(s, "sgd", {"eta": 0.002}, grid=24, steps=600)
    assert m.n_known == 1 and len(m.minima) > 20
    found = m.minima[1:]
    # each is a stationary point with a positive definite Hessian near an integer node
    gw, gb = s.grad(found[:, 0], found[:, 1])
    assert np.abs(gw).max() < 1e-9 and np.abs(gb).max() < 1e-9
    assert (np.linalg.eigvalsh(s.hessian(found[:, 0], found[:, 1])) > 0).all()
    # per axis, 2x + 20π sin 2πx = 0 solved from the nearest integer (x ≈ 0.995 n)
    x = np.round(found)
    for _ in range(30):
        x = x - (2 * x + 20 * np.pi * np.sin(2 * np.pi * x)) / (
            2 + 40 * np.pi**2 * np.cos(2 * np.pi * x)
        )
    np.testing.assert_allclose(found, x, atol=1e-12)
    assert len({tuple(p) for p in np.round(found).tolist()}) == len(found)
    # sorted by loss, and every start that settled is labelled by the minimum it sits at
    loss = s.loss(found[:, 0], found[:, 1])
    assert (np.diff(loss) >= 0).all()
    ok = m.label >= 0
    assert ok.mean() > 0.9
    d = np.hypot(*(m.final[ok] - m.minima[m.label[ok]]).T)
    assert d.max() <= m.tol
    # without discovery those starts are "not converged"
    plain = basins(s, "sgd", {"eta": 0.002}, grid=24, steps=600, discover=False)
    assert set(np.unique(plain.label).tolist()) <= {0, NOT_CONVERGED}
    np.testing.assert_array_equal(plain.final, m.final)


def test_worker_processes_give_the_serial_map_bit_for_bit():
    s = get_surface("himmelblau")
    one = basins(s, "rmsprop", grid=33, steps=300)
    seen = []
    two = basins(s, "rmsprop", grid=33, steps=300, workers=2, progress=lambda d, t: seen.append(t))
    np.testing.assert_array_equal(one.final, two.final)
    np.testing.assert_array_equal(one.label, two.label)
    assert seen == [2, 2]


def test_progress_and_cancel():
    s = get_surface("himmelblau")
    seen = []
    basins(s, "adam", grid=5, steps=600, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(250, 600), (500, 600), (600, 600)]
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) >= 2

    with pytest.raises(Cancelled, match="at step 500 of 600"):
        basins(s, "adam", grid=5, steps=600, cancel=cancel)


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"grid": 1}, r"^grid must be in \[2, 2048\], got 1$"),
        ({"grid": 2.5}, r"^grid must be an integer"),
        ({"tol": 0.0}, r"^tol must be a number > 0, got 0.0$"),
        ({"steps": -1}, r"^steps must be in \[0, 1000000\], got -1$"),
        ({"optimizer": "adamm"}, r"adamm"),
        ({"hyper": {"eta": -1.0}}, r"eta"),
        ({"hyper": [1]}, r"^hyper must be a dict"),
    ],
)
def test_bad_arguments_name_the_field(kw, message):
    args = {"optimizer": "adam", "grid": 4, "steps": 2, **kw}
    with pytest.raises(ValueError, match=message):
        basins(get_surface("himmelblau"), **args)


def test_default_tolerance_is_one_percent_of_the_larger_span():
    m = basins(get_surface("sixhumpcamel"), "adam", grid=2, steps=0)
    assert m.tol == pytest.approx(0.06)
    assert (m.label == NOT_CONVERGED).all()  # the corners are far from every minimum
    np.testing.assert_array_equal(m.final.reshape(-1, 2), [[-3, -2], [3, -2], [-3, 2], [3, 2]])
