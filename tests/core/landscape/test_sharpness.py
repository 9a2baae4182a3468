"""Stability limits, preconditioned sharpness and the sharpness tracker (edge of stability)."""

import numpy as np
import pytest

from gradscape.core.landscape._hessian import HessianOperator, lambda_max
from gradscape.core.landscape._params import get_theta, set_theta
from gradscape.core.landscape._sharpness import (
    SharpnessTracker,
    limit_applies_to,
    preconditioned_lambda_max,
    preconditioner,
    stability_limit,
)
from gradscape.core.network import Network
from gradscape.core.optimizers import get_opt

RNG = np.random.default_rng(0)
X = RNG.standard_normal((40, 4))
LABELS = RNG.integers(0, 3, 40)


def test_stability_limits_from_the_formulas():
    assert stability_limit("SGD", {"eta": 0.1}) == pytest.approx(20.0)
    assert stability_limit("sgd", {}) == pytest.approx(2 / 1e-2)  # the default η
    assert stability_limit("momentum", {"eta": 0.1, "mu": 0.9}) == pytest.approx(38.0)
    assert stability_limit("MSGD", {"eta": 0.1, "mu": 0.9, "dampening": 0.5}) == pytest.approx(
        76.0
    )
    assert stability_limit("MSGD", {"eta": 0.1, "mu": 0.5, "form": "series"}) == pytest.approx(
        3.0 / 0.05
    )
    assert stability_limit("NAG", {"eta": 0.1, "mu": 0.9}) == pytest.approx(3.8 / (2.8 * 0.1))
    assert stability_limit("Adam", {"eta": 1e-3}) == pytest.approx(38.0 / 1e-3)
    assert stability_limit("AdamW", {"eta": 2e-3, "beta1": 0.8}) == pytest.approx(
        3.6 / (0.2 * 2e-3)
    )
    assert stability_limit("AMSGrad", {"eta": 1e-3}) == pytest.approx(38000.0)
    assert stability_limit("RMSprop", {"eta": 0.01}) == pytest.approx(200.0)
    assert stability_limit("RMSprop", {"eta": 0.01, "mu": 0.5}) == pytest.approx(300.0)
    assert stability_limit("AdaGrad", {}) is None
    assert stability_limit("SantaE", {}) is None
    assert limit_applies_to("SGD") == "lambda_max"
    assert limit_applies_to("Adam") == "preconditioned"
    assert limit_applies_to("AdaDelta") is None
    with pytest.raises(ValueError, match="eta"):
        stability_limit("SGD", {"eta": -1.0})
    with pytest.raises(ValueError):
        stability_limit("no-such-optimizer", {})


def _quadratic(name, hyper, a, steps=2000):
    """|x| after ``steps`` updates of the core's optimizer on f = a·x²/2 from x = 1."""
    opt = get_opt(name, **hyper)
    x = np.array([1.0])
    for _ in range(steps):
        (dx,) = opt.update(a * x, grad_fn=lambda d, x=x: (a * (x + d),))
        x = x + dx
        if not abs(x[0]) < 1e12:
            return np.inf
    return abs(x[0])


@pytest.mark.parametrize(
    "name, hyper",
    [
        ("SGD", {"eta": 0.1}),
        ("MSGD", {"eta": 0.1, "mu": 0.9}),
        ("MSGD", {"eta": 0.1, "mu": 0.5, "dampening": 0.3}),
        ("MSGD", {"eta": 0.1, "mu": 0.8, "form": "series"}),
        ("NAG", {"eta": 0.1, "mu": 0.9}),
        ("NAG", {"eta": 0.1, "mu": 0.7, "form": "series"}),
    ],
)
def test_the_limits_separate_convergence_from_divergence_of_the_optimizers(name, hyper):
    limit = stability_limit(name, hyper)
    assert _quadratic(name, hyper, 0.95 * limit) < 1e-20
    assert _quadratic(name, hyper, 1.05 * limit) == np.inf


def test_adams_limit_is_that_of_its_momentum_with_a_frozen_preconditioner():
    # x ← x − η m / p with m ← β1 m + (1 − β1) g: the recursion Cohen et al. (2022)
    # linearise; stable exactly while a/p < (2 + 2β1)/((1 − β1)η)
    eta, b1, p = 1e-2, 0.9, 0.3
    limit = stability_limit("Adam", {"eta": eta, "beta1": b1})

    def run(ratio):
        a = ratio * limit * p
        x, m = 1.0, 0.0
        for _ in range(3000):
            m = b1 * m + (1 - b1) * a * x
            x -= eta * m / p
            if abs(x) > 1e12:
                return np.inf
        return abs(x)

    assert run(0.95) < 1e-10
    assert run(1.05) == np.inf


def test_the_preconditioner_is_read_from_adams_state():
    net = Network.from_sizes([4, 5, 3], opt="Adam", opt_dic={"eta": 0.01}, dtype=np.float64,
                             seed=2)  # fmt: skip
    thetas = [get_theta(net)]
    net.fit(X, LABELS, epochs=3, batch_size=40, on_step=lambda k, f: thetas.append(get_theta(net)))
    # replay: full-batch gradients at θ0, θ1, θ2 are the ones Adam saw
    grads = []
    for th in thetas[:3]:
        set_theta(net, th)
        grads.append(HessianOperator(net, X, LABELS).grad)
    set_theta(net, thetas[3])
    b1, b2, eps, steps = 0.9, 0.999, 1e-8, 3
    v = sum((1 - b2) * b2 ** (steps - 1 - i) * g**2 for i, g in enumerate(grads))
    want = (1 - b1**steps) * (np.sqrt(v / (1 - b2**steps)) + eps)
    np.testing.assert_allclose(preconditioner(net), want, rtol=1e-9)


def test_preconditioned_sharpness_is_the_top_eigenvalue_of_p_inverse_h():
    net = Network.from_sizes([4, 5, 3], act="tanh", opt="Adam", opt_dic={"eta": 0.01},
                             dtype=np.float64, seed=3)  # fmt: skip
    net.fit(X, LABELS, epochs=5, batch_size=10)
    op = HessianOperator(net, X, LABELS)
    dense = np.stack([op(e) for e in np.eye(op.size)], axis=1)
    p = preconditioner(net)
    want = np.linalg.eigvals(dense / p[:, None]).real.max()
    got, u = preconditioned_lambda_max(net, X, LABELS, tol=1e-12, max_iter=5000)
    assert got == pytest.approx(want, rel=1e-7)
    w = u / np.sqrt(p)  # P⁻¹H's eigenvector
    np.testing.assert_allclose((dense @ w) / p, got * w, atol=1e-5 * np.abs(got * w).max())


def test_preconditioned_sharpness_needs_an_adaptive_optimizer_with_state():
    net = Network.from_sizes([4, 5, 3], opt="SGD", dtype=np.float64, seed=0)
    assert preconditioner(net) is None
    with pytest.raises(ValueError, match="no preconditioner"):
        preconditioned_lambda_max(net, X, LABELS)
    fresh = Network.from_sizes([4, 5, 3], opt="Adam", dtype=np.float64, seed=0)
    with pytest.raises(ValueError, match="taken no step"):
        preconditioner(fresh)


def test_the_tracker_records_every_k_steps_the_sharpness_at_those_parameters():
    net = Network.from_sizes([4, 6, 3], act="tanh", opt="SGD", opt_dic={"eta": 0.05},
                             dtype=np.float64, seed=1)  # fmt: skip
    tracker = SharpnessTracker(X, LABELS, every=3, net=net, tol=1e-10, max_iter=2000)
    saved = {}

    def on_step(k, f):
        tracker(k, f)
        saved[k] = get_theta(net)

    net.fit(X, LABELS, epochs=4, batch_size=8, on_step=on_step)  # 5 steps per epoch: 20
    assert tracker.steps == [3, 6, 9, 12, 15, 18]
    assert tracker.limit == pytest.approx(40.0) and tracker.limit_applies_to == "lambda_max"
    assert tracker.preconditioned is None
    check = Network.from_sizes([4, 6, 3], act="tanh", dtype=np.float64, seed=9)
    for k, value in zip(tracker.steps, tracker.values, strict=True):
        set_theta(check, saved[k])
        assert value == pytest.approx(lambda_max(check, X, LABELS, tol=1e-12, max_iter=5000)[0],
                                      rel=1e-7)  # fmt: skip
    assert all(np.isfinite(tracker.losses))


def test_the_tracker_records_the_preconditioned_sharpness_for_adam():
    net = Network.from_sizes([4, 6, 3], act="tanh", opt="Adam", opt_dic={"eta": 0.01},
                             dtype=np.float32, seed=1)  # fmt: skip
    tracker = SharpnessTracker(X, LABELS, every=5, net=net, max_samples=25, tol=1e-8,
                               max_iter=3000)  # fmt: skip
    assert len(tracker.x) == 25
    tracker.record(0)
    net.fit(X, LABELS, epochs=2, batch_size=8, on_step=tracker)
    assert tracker.steps == [0, 5, 10]
    assert tracker.limit == pytest.approx(3800.0)
    assert tracker.limit_applies_to == "preconditioned"
    assert np.isnan(tracker.preconditioned[0])  # no step yet: no preconditioner
    want, _ = preconditioned_lambda_max(net, tracker.x, tracker.t, tol=1e-12, max_iter=5000)
    assert tracker.preconditioned[-1] == pytest.approx(want, rel=1e-5)


def test_the_tracker_checks_its_arguments():
    net = Network.from_sizes([4, 6, 3], dtype=np.float64, seed=1)
    with pytest.raises(ValueError, match="every"):
        SharpnessTracker(X, LABELS, every=0, net=net)
    with pytest.raises(ValueError, match="max_samples"):
        SharpnessTracker(X, LABELS, net=net, max_samples=0)
    with pytest.raises(ValueError, match="x must have shape"):
        SharpnessTracker(X[:, :3], LABELS, net=net)


def test_full_batch_gradient_descent_rises_to_the_edge_of_stability():
    """Cohen et al. (2021): with plain GD the sharpness climbs to 2/η and hovers there."""
    from gradscape.core.datasets import digits

    d = digits()
    x, t = d.x_train[:200], d.t_train[:200]
    eta = 0.2
    net = Network.from_sizes([64, 32, 10], act="tanh", out_act="identity", loss="square",
                             opt="SGD", opt_dic={"eta": eta}, dtype=np.float64, seed=0,
                             init="normal")  # fmt: skip
    tracker = SharpnessTracker(x, t, every=50, net=net, tol=1e-4, max_iter=200)
    tracker.record(0)
    net.fit(x, t, epochs=1500, batch_size=len(x), on_step=tracker)
    limit = 2 / eta
    assert tracker.limit == pytest.approx(limit)
    values = np.array(tracker.values)
    assert values[0] < 0.5 * limit  # it starts well below the edge ...
    late = values[np.array(tracker.steps) >= 500]
    # ... and from step 500 on stays at the edge (it hovers just above 2/η)
    assert np.all(np.abs(late - limit) <= 0.2 * limit)
    assert abs(np.median(late) - limit) <= 0.1 * limit


def test_a_scheduled_learning_rate_moves_the_limit():
    """η = cosine(0.5, 100): the limit 2/η_t follows the schedule (it used to raise TypeError)."""
    from gradscape.core.schedules import get_schedule

    eta = get_schedule("cosine", base=0.5, T_max=100)
    assert stability_limit("sgd", {"eta": eta}) == pytest.approx(2 / 0.5)
    eta_50 = 0.5 * (1 + np.cos(np.pi * 49 / 100)) / 2  # step 50 is 49 steps after the first
    assert stability_limit("sgd", {"eta": eta}, t=50) == pytest.approx(2 / eta_50)
    net = Network.from_sizes([4, 5, 3], act="tanh", opt="SGD", opt_dic={"eta": eta}, seed=0)
    tracker = SharpnessTracker(X, LABELS, every=2, net=net)
    assert tracker.limit == pytest.approx(4.0)
    assert tracker.limit_at(50) == pytest.approx(2 / eta_50)
    net.fit(X, LABELS, epochs=1, batch_size=10, on_step=tracker)
    assert tracker.steps == [2, 4]
