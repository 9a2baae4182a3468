"""Batched loss grids: the centre is Network.evaluate bit for bit, every point agrees with
evaluate after set_theta, interpolation ends, chunking, progress and cancel."""

import numpy as np
import pytest

from gradscape.core.datasets import moons, sine
from gradscape.core.landscape import (
    Cancelled,
    Plane,
    _grid,
    evaluate_points,
    get_theta,
    interpolate,
    loss_grid,
    plane_losses,
    random_directions,
    set_theta,
)
from gradscape.core.network import Network


def _trained(sizes, dtype, data=None, out_act="softmax", loss="cross", epochs=3):
    data = data or moons(n=160, seed=1)
    net = Network.from_sizes(sizes, "tanh", out_act, loss, dtype=dtype, seed=2)
    t = data.labels_train if out_act == "softmax" else data.t_train
    net.fit(data.x_train, t, epochs=epochs, batch_size=16, seed=0)
    return net, data.x_train, t


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("sizes", [[2, 2], [2, 16, 2], [2, 32, 24, 2]])
def test_centre_is_the_networks_own_evaluate_exactly(dtype, sizes):
    net, x, t = _trained(sizes, dtype)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=1)
    ax = np.linspace(-1.0, 1.0, 7)
    ax[3] = 0.0
    lg, ag = loss_grid(sizes, "tanh", "softmax", "cross", x, t, theta, d1, d2, ax, ax,
                       dtype=dtype)  # fmt: skip
    assert lg.shape == ag.shape == (7, 7)
    loss, acc = net.evaluate(x, t)
    assert lg[3, 3] == loss and ag[3, 3] == acc
    # the grid really varies, and the centre is not accidentally everywhere
    assert np.ptp(lg) > 0.1


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 2e-6), (np.float64, 1e-13)])
def test_every_point_is_evaluate_at_theta_plus_alpha_d1_plus_beta_d2(dtype, rtol):
    sizes = [2, 16, 12, 2]
    net, x, t = _trained(sizes, dtype)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=3, include_bias=True)
    alpha, beta = np.linspace(-0.9, 1.1, 5), np.linspace(-0.5, 0.7, 4)
    lg, ag = loss_grid(sizes, "tanh", "softmax", "cross", x, t, theta, d1, d2, alpha, beta,
                       dtype=dtype)  # fmt: skip
    probe = Network.from_sizes(sizes, "tanh", "softmax", "cross", dtype=dtype, seed=9)
    for i, j in [(0, 0), (1, 3), (3, 4), (2, 1)]:
        set_theta(probe, theta + alpha[j] * d1 + beta[i] * d2)
        loss, acc = probe.evaluate(x, t)
        np.testing.assert_allclose(lg[i, j], loss, rtol=rtol)
        assert abs(ag[i, j] - acc) <= 1.0 / len(x)  # at most one sample flips at a tie


def test_regression_grid_has_nan_accuracy_and_exact_centre():
    data = sine(n=120, seed=0)
    sizes = [1, 8, 1]
    net, x, t = _trained(sizes, np.float64, data, "identity", "square")
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=0)
    ax = np.array([-0.5, 0.0, 0.5])
    lg, ag = loss_grid(sizes, "tanh", "identity", "square", x, t, theta, d1, d2, ax, ax,
                       dtype=np.float64)  # fmt: skip
    assert lg[1, 1] == net.evaluate(x, t)[0]
    assert np.isnan(ag).all()


def test_more_rows_than_evaluates_block_stay_exact():
    # evaluate() sums its loss over blocks of core.network._CHUNK rows: so does the grid
    rng = np.random.default_rng(0)
    n = _grid._CHUNK + 300
    x = rng.standard_normal((n, 2))
    t = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
    sizes = [2, 3, 2]
    net = Network.from_sizes(sizes, "relu", dtype=np.float32, seed=1)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=1)
    ax = np.array([-1.0, 0.0, 1.0])
    lg, ag = loss_grid(sizes, "relu", "softmax", "cross", x, t, theta, d1, d2, ax, ax)
    assert (lg[1, 1], ag[1, 1]) == net.evaluate(x, t)


def test_interpolation_ends_are_the_two_networks_losses():
    sizes = [2, 16, 2]
    a, x, t = _trained(sizes, np.float32, epochs=1)
    b, _, _ = _trained(sizes, np.float32, epochs=6)
    ta, tb = get_theta(a), get_theta(b)
    s, losses, accs = interpolate(sizes, "tanh", "softmax", "cross", x, t, ta, tb, 9)
    np.testing.assert_array_equal(s, np.linspace(0, 1, 9))
    assert (losses[0], accs[0]) == a.evaluate(x, t)
    assert (losses[-1], accs[-1]) == b.evaluate(x, t)
    assert losses[0] != losses[-1]
    probe = Network.from_sizes(sizes, "tanh", dtype=np.float32, seed=0)
    set_theta(probe, (1 - s[4]) * ta + s[4] * tb)
    np.testing.assert_allclose(losses[4], probe.evaluate(x, t)[0], rtol=2e-6)


def test_plane_points_and_checkpoint_losses():
    sizes = [2, 8, 2]
    net, x, t = _trained(sizes, np.float64)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=5)
    ax = np.linspace(-1, 1, 5)
    lg, _ = loss_grid(sizes, "tanh", "softmax", "cross", x, t, theta, d1, d2, ax, ax,
                      dtype=np.float64)  # fmt: skip
    coords = np.array([[ax[1], ax[3]], [ax[4], ax[0]]])
    pl, _ = plane_losses(sizes, "tanh", "softmax", "cross", x, t, Plane(theta, d1, d2), coords,
                         dtype=np.float64)  # fmt: skip
    np.testing.assert_array_equal(pl, [lg[3, 1], lg[0, 4]])  # the same computation exactly
    pts = np.stack([theta, theta + 0.3 * d1])
    losses, accs = evaluate_points(sizes, "tanh", "softmax", "cross", x, t, pts, dtype=np.float64)
    assert (losses[0], accs[0]) == net.evaluate(x, t)
    set_theta(net, pts[1])
    assert (losses[1], accs[1]) == net.evaluate(x, t)


def test_chunk_plan_covers_the_points_in_order():
    plan = _grid.chunk_plan(1000, 1e8)
    assert plan[0][0] == 0 and plan[-1][1] == 1000
    assert all(a[1] == b[0] for a, b in zip(plan, plan[1:], strict=False))
    assert len(plan) == 20  # 5e9 flop per chunk at 1e8 per point: 50 points each
    assert len(_grid.chunk_plan(10**7, 1.0)) <= _grid._MAX_CHUNKS


def test_progress_per_chunk_and_cancel(monkeypatch):
    monkeypatch.setattr(_grid, "_CHUNK_FLOP", 1.0)  # one point per chunk
    sizes = [2, 4, 2]
    net, x, t = _trained(sizes, np.float32, epochs=1)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta)
    ax = np.linspace(-1, 1, 3)
    seen = []
    loss_grid(sizes, "tanh", "softmax", "cross", x, t, theta, d1, d2, ax, ax,
              progress=lambda *a: seen.append(a))  # fmt: skip
    assert seen == [(i, 9, "grid") for i in range(1, 10)]
    with pytest.raises(Cancelled):
        loss_grid(sizes, "tanh", "softmax", "cross", x, t, theta, d1, d2, ax, ax,
                  cancel=lambda: len(seen) >= 12, progress=lambda *a: seen.append(a))  # fmt: skip
    assert len(seen) == 12  # stopped right after the third chunk of the second grid


def test_bad_input_names_the_field():
    sizes = [2, 4, 2]
    x, t = np.zeros((5, 2)), np.zeros(5, np.int64)
    th = np.zeros(2 * 4 + 4 + 4 * 2 + 2)
    ax = np.array([0.0, 1.0])
    args = (sizes, "tanh", "softmax", "cross", x, t)
    with pytest.raises(ValueError, match="d1"):
        loss_grid(*args, th, th[:-1], th, ax, ax)
    with pytest.raises(ValueError, match="beta"):
        loss_grid(*args, th, th, th, ax, np.array([np.nan]))
    with pytest.raises(ValueError, match="x must have shape"):
        loss_grid(sizes, "tanh", "softmax", "cross", np.zeros((5, 3)), t, th, th, th, ax, ax)
    with pytest.raises(ValueError, match="dtype"):
        loss_grid(*args, th, th, th, ax, ax, dtype=np.int32)
    with pytest.raises(ValueError, match="workers"):
        loss_grid(*args, th, th, th, ax, ax, workers=0)
    with pytest.raises(ValueError, match="n must be"):
        interpolate(*args, th, th, 1)
