"""The one-point path of large networks (middle layers block by block over the rows, in
cache): the centre equals Network.evaluate exactly, other points agree with evaluate after
set_theta, and serial equals two worker processes bit for bit."""

import numpy as np
import pytest

from gradscape.core.landscape import get_theta, loss_grid, random_directions, set_theta
from gradscape.core.landscape._grid import _Prepared, _problem, chunk_plan, flop_per_point
from gradscape.core.network import Network

SIZES = [8, 256, 32, 3]  # 2,100 rows × 256 units: one point at a time, 256-row blocks


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2100, 8))
    t = (x[:, 0] + x[:, 1] ** 2 > 1).astype(int) + (x[:, 2] > 0.5)
    net = Network.from_sizes(SIZES, "relu", dtype=np.float32, seed=2)
    net.fit(x, t, epochs=1, batch_size=128, seed=0)
    theta = get_theta(net)
    d1, d2 = random_directions(net, theta, seed=1)
    return net, x, t, theta, d1, d2


def test_this_problem_takes_the_blocked_path(case):
    net, x, t, theta, d1, d2 = case
    p, _ = _problem(SIZES, "relu", "softmax", "cross", x, t,
                    [("t", theta), ("a", d1), ("b", d2)], np.zeros((1, 3)), "float32")  # fmt: skip
    prep = _Prepared(p)
    assert prep.stack == 1 and 0 < prep.block < len(x)


def test_centre_exact_and_points_agree_with_evaluate(case):
    net, x, t, theta, d1, d2 = case
    ax = np.array([-0.6, -0.3, 0.0, 0.3, 0.6])
    lg, ag = loss_grid(SIZES, "relu", "softmax", "cross", x, t, theta, d1, d2, ax, ax)
    loss, acc = net.evaluate(x, t)
    assert lg[2, 2] == loss and ag[2, 2] == acc
    probe = Network.from_sizes(SIZES, "relu", dtype=np.float32, seed=0)
    for i, j in ((0, 4), (3, 1)):
        set_theta(probe, theta + ax[j] * d1 + ax[i] * d2)
        want, want_acc = probe.evaluate(x, t)
        assert lg[i, j] == pytest.approx(want, rel=2e-6)
        assert abs(ag[i, j] - want_acc) <= 2 / len(x)  # a rounding tie may flip a sample


def test_serial_equals_two_processes_bit_for_bit(case):
    net, x, t, theta, d1, d2 = case
    ax = np.linspace(-1, 1, 13)
    args = (SIZES, "relu", "softmax", "cross", x, t, theta, d1, d2, ax, ax)
    assert len(chunk_plan(169, flop_per_point(SIZES, len(x)))) >= 2  # (the pool is used)
    one = loss_grid(*args, workers=1)
    two = loss_grid(*args, workers=2)
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])
