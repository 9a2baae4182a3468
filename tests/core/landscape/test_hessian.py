"""Exact Hessian-vector products (R-operator) against finite differences and dense eigen-solves."""

import numpy as np
import pytest

from gradscape.core.landscape._hessian import (
    Cancelled,
    HessianOperator,
    gradient,
    hvp,
    hvp_fd,
    lambda_max,
    lanczos,
    power_iteration,
    top_eigenpairs,
)
from gradscape.core.landscape._params import get_theta, set_theta
from gradscape.core.network import Network

RNG = np.random.default_rng(0)
X = RNG.standard_normal((40, 4))
LABELS = RNG.integers(0, 3, 40)
BITS = RNG.integers(0, 2, (40, 3)).astype(float)
REAL = RNG.standard_normal((40, 3))

SMOOTH = [
    ("tanh", "softmax", "cross", LABELS),
    ("sigmoid", "sigmoid", "binary", BITS),
    ("softplus", "identity", "square", REAL),
    ("tanh", "sigmoid", "square", BITS),
    ("softplus", "tanh", "square", REAL),
    ("Swish", "softmax", "square", np.eye(3)[LABELS]),
    ("Mish", "logSoftmax", "square", REAL),
    ("ELU", "sigmoid", "cross", np.eye(3)[LABELS]),
]
IDS = [f"{a}-{o}-{ls}" for a, o, ls, _ in SMOOTH]


def _net(act, out, loss, sizes=(4, 6, 5, 3), seed=1, dtype=np.float64):
    return Network.from_sizes(list(sizes), act=act, out_act=out, loss=loss, dtype=dtype,
                              seed=seed)  # fmt: skip


def _dense(op):
    return np.stack([op(e) for e in np.eye(op.size)], axis=1)


@pytest.mark.parametrize("act, out, loss, t", SMOOTH, ids=IDS)
def test_hvp_equals_central_differences_of_gradients(act, out, loss, t):
    net = _net(act, out, loss)
    v = np.random.default_rng(2).standard_normal(get_theta(net).size)
    exact = hvp(net, X, t, v)
    fd = hvp_fd(net, X, t, v, eps=1e-5)
    assert np.linalg.norm(exact - fd) <= 1e-6 * np.linalg.norm(exact)


def test_hvp_equals_the_dense_finite_difference_hessian():
    net = _net("tanh", "softmax", "cross", sizes=(4, 3, 3))
    n = get_theta(net).size
    dense_fd = np.stack([hvp_fd(net, X, LABELS, e, eps=1e-5) for e in np.eye(n)], axis=1)
    assert np.abs(dense_fd - dense_fd.T).max() < 1e-8  # a Hessian: symmetric
    rng = np.random.default_rng(3)
    for _ in range(3):
        v = rng.standard_normal(n)
        np.testing.assert_allclose(hvp(net, X, LABELS, v), dense_fd @ v, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("act, out, loss, t", SMOOTH[:3], ids=IDS[:3])
def test_gradient_equals_differences_of_the_evaluated_loss(act, out, loss, t):
    net = _net(act, out, loss)
    f, g = gradient(net, X, t)
    assert f == pytest.approx(net.evaluate(X, t)[0], rel=1e-14)
    theta = get_theta(net)
    rng = np.random.default_rng(4)
    for _ in range(3):
        e = rng.standard_normal(theta.size)
        set_theta(net, theta + 1e-6 * e)
        up = net.evaluate(X, t)[0]
        set_theta(net, theta - 1e-6 * e)
        down = net.evaluate(X, t)[0]
        set_theta(net, theta)
        assert g @ e == pytest.approx((up - down) / 2e-6, rel=1e-7)


def test_hvp_is_symmetric_and_linear():
    net = _net("tanh", "softmax", "cross")
    op = HessianOperator(net, X, LABELS)
    rng = np.random.default_rng(5)
    u, v = rng.standard_normal(op.size), rng.standard_normal(op.size)
    assert u @ op(v) == pytest.approx(v @ op(u), rel=1e-12)
    np.testing.assert_allclose(op(2.5 * u - 0.5 * v), 2.5 * op(u) - 0.5 * op(v), atol=1e-12)


def test_hvp_runs_in_float64_and_leaves_the_network_alone():
    net32 = _net("tanh", "softmax", "cross", dtype=np.float32)
    net64 = _net("tanh", "softmax", "cross", dtype=np.float64)
    set_theta(net64, get_theta(net32))  # the same (float32-representable) parameters
    net32.fit(X, LABELS, epochs=1, batch_size=8)  # optimizer state and cached activations
    set_theta(net64, get_theta(net32))
    layers = [(ly.w.copy(), ly.b.copy(), ly.x, ly.u, ly.y, ly.grad_w) for ly in net32.layers]
    m = [ly.opt.state[0]["m"].copy() for ly in net32.layers]
    v = np.random.default_rng(6).standard_normal(get_theta(net32).size)
    got = hvp(net32, X, LABELS, v)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, hvp(net64, X, LABELS, v), rtol=1e-12, atol=1e-14)
    for ly, (w, b, x, u, y, gw), m0 in zip(net32.layers, layers, m, strict=True):
        np.testing.assert_array_equal(ly.w, w)
        np.testing.assert_array_equal(ly.b, b)
        assert ly.x is x and ly.u is u and ly.y is y and ly.grad_w is gw
        np.testing.assert_array_equal(ly.opt.state[0]["m"], m0)


def test_many_samples_are_processed_in_chunks_with_the_same_result(monkeypatch):
    from gradscape.core.landscape import _hessian

    net = _net("tanh", "softmax", "cross")
    v = np.random.default_rng(7).standard_normal(get_theta(net).size)
    whole = hvp(net, X, LABELS, v)
    f_whole, g_whole = gradient(net, X, LABELS)
    monkeypatch.setattr(_hessian, "_CHUNK", 7)  # 40 samples: 5 chunks of 7 and one of 5
    np.testing.assert_allclose(hvp(net, X, LABELS, v), whole, rtol=1e-12, atol=1e-15)
    f, g = gradient(net, X, LABELS)
    assert f == pytest.approx(f_whole, rel=1e-13)
    np.testing.assert_allclose(g, g_whole, rtol=1e-12, atol=1e-15)
    monkeypatch.setattr(_hessian, "_CACHE_MAX", 0)  # recomputed per product
    np.testing.assert_allclose(hvp(net, X, LABELS, v), whole, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("act", ["tanh", "ReLU"])
def test_top_eigenpairs_and_lambda_max_match_a_dense_eigen_solve(act):
    net = _net(act, "softmax", "cross", sizes=(4, 8, 3), seed=3)
    dense = _dense(HessianOperator(net, X, LABELS))
    w, vecs = np.linalg.eigh(dense)
    values, vectors = top_eigenpairs(net, X, LABELS, k=2, tol=1e-10)
    np.testing.assert_allclose(values, w[::-1][:2], rtol=1e-9)
    np.testing.assert_allclose(vectors @ vectors.T, np.eye(2), atol=1e-10)
    for i in range(2):
        assert abs(vectors[i] @ vecs[:, -1 - i]) == pytest.approx(1.0, abs=1e-8)
    lam, vec = lambda_max(net, X, LABELS, tol=1e-12, max_iter=2000)
    assert lam == pytest.approx(w[-1], rel=1e-8)
    assert abs(vec @ vecs[:, -1]) == pytest.approx(1.0, abs=1e-4)


def _relu_patterns(net, x, theta):
    """Signs of every hidden pre-activation of ``net`` at parameters ``theta``."""
    from gradscape.core.landscape._params import layout_of, unflatten

    a, out = x, []
    for w, b in unflatten(theta, layout_of(net))[:-1]:
        u = a @ w + b
        out.append(u > 0)
        a = np.maximum(u, 0)
    return np.concatenate([o.ravel() for o in out])


def test_relu_central_differences_jump_across_kinks_where_the_r_operator_is_exact():
    from gradscape.core.datasets import digits

    d = digits()
    x, t = d.x_train[:300], d.t_train[:300]
    net = Network.from_sizes([64, 16, 10], act="ReLU", opt="SGD", opt_dic={"eta": 0.1},
                             dtype=np.float64, seed=0)  # fmt: skip
    net.fit(x, t, epochs=30, batch_size=32)
    op = HessianOperator(net, x, t)
    w = np.linalg.eigvalsh(_dense(op))
    lam, v = power_iteration(op, op.size, tol=1e-12, max_iter=3000)
    assert lam == pytest.approx(w[-1], rel=1e-9)  # the R-operator's λmax is the dense one
    theta = get_theta(net)
    base = _relu_patterns(net, x, theta)
    exact = op(v)
    for eps in (1e-5, 1e-6):
        # no hidden unit changes sign over θ ± εv: the loss is smooth there and the
        # differences must agree with the exact product
        assert (_relu_patterns(net, x, theta + eps * v) == base).all()
        assert (_relu_patterns(net, x, theta - eps * v) == base).all()
        fd = hvp_fd(net, x, t, v, eps=eps)
        assert np.linalg.norm(fd - exact) <= 1e-6 * np.linalg.norm(exact)
    # at ε = 1e-4 a kink is crossed and the difference quotient is far off
    crossed = (_relu_patterns(net, x, theta + 1e-4 * v) != base).sum() + (
        _relu_patterns(net, x, theta - 1e-4 * v) != base
    ).sum()
    assert crossed >= 1
    fd = hvp_fd(net, x, t, v, eps=1e-4)
    assert np.linalg.norm(fd - exact) >= 0.1 * np.linalg.norm(exact)
    lam_fd, _ = power_iteration(lambda z: hvp_fd(net, x, t, z, eps=1e-4), op.size, tol=1e-6,
                                max_iter=300)  # fmt: skip
    assert abs(lam_fd - w[-1]) >= 0.05 * w[-1]


def test_lanczos_finds_the_largest_algebraic_eigenvalues():
    rng = np.random.default_rng(8)
    q, _ = np.linalg.qr(rng.standard_normal((30, 30)))
    spectrum = np.linspace(-1.0, 1.0, 30)
    spectrum[0] = -50.0  # dominant in magnitude, but the smallest
    spectrum[-1], spectrum[-2] = 7.0, 5.0
    a = q @ np.diag(spectrum) @ q.T
    values, vectors = lanczos(lambda z: a @ z, 30, k=2, tol=1e-10)
    np.testing.assert_allclose(values, [7.0, 5.0], rtol=1e-10)
    assert abs(vectors[0] @ q[:, -1]) == pytest.approx(1.0, abs=1e-9)
    lam, v = power_iteration(lambda z: a @ z, 30, tol=1e-13, max_iter=5000)
    assert lam == pytest.approx(7.0, rel=1e-8)


def test_lanczos_is_exact_on_a_small_operator_with_repeated_eigenvalues():
    a = np.diag([3.0, 3.0, 1.0, 0.0, 0.0, -2.0])
    values, _ = lanczos(lambda z: a @ z, 6, k=3, max_iter=50)
    np.testing.assert_allclose(values, [3.0, 3.0, 1.0], atol=1e-12)


def test_lanczos_reports_progress_and_can_be_cancelled():
    a = np.diag(np.arange(1.0, 41.0))
    calls = []
    lanczos(lambda z: a @ z, 40, k=1, progress=lambda d, n, what: calls.append((d, n, what)))
    assert [c[0] for c in calls] == list(range(1, len(calls) + 1))
    assert all(c[1:] == (40, "Lanczos") for c in calls)
    with pytest.raises(Cancelled):
        lanczos(lambda z: a @ z, 40, k=1, cancel=lambda: len(calls) > 3,
                progress=lambda d, n, what: calls.append(d))  # fmt: skip
    net = _net("tanh", "softmax", "cross")
    with pytest.raises(Cancelled):
        top_eigenpairs(net, X, LABELS, cancel=lambda: True)


def test_bad_arguments_are_named():
    net = _net("tanh", "softmax", "cross")
    with pytest.raises(ValueError, match="v must have shape"):
        hvp(net, X, LABELS, np.zeros(3))
    with pytest.raises(ValueError, match="k must be"):
        top_eigenpairs(net, X, LABELS, k=0)
    with pytest.raises(ValueError, match="x must have shape"):
        gradient(net, X[:, :2], LABELS)
    with pytest.raises(ValueError, match="eps must be"):
        hvp_fd(net, X, LABELS, np.zeros(get_theta(net).size), eps=0.0)
    with pytest.raises(ValueError, match="v0 must have shape"):
        lambda_max(net, X, LABELS, v0=np.ones(2))


def test_lanczos_stops_early_on_a_low_rank_operator():
    a = np.diag(np.concatenate([[5.0, 2.0], np.zeros(100)]))
    steps = []
    values, vectors = lanczos(lambda z: a @ z, 102, k=2, progress=lambda d, n, w: steps.append(d))
    np.testing.assert_allclose(values, [5.0, 2.0], atol=1e-12)
    assert abs(vectors[0, 0]) == pytest.approx(1.0) and abs(vectors[1, 1]) == pytest.approx(1.0)
    assert len(steps) <= 5  # one Krylov block of 3, one restart in the null space


@pytest.mark.parametrize("tol, max_iter", [(1e-4, 100), (1e-3, 50)])
def test_power_iteration_with_a_negative_eigenvalue_of_like_size(tol, max_iter):
    """diag(10, −9.9, 50 values in [−1, 1]): the Rayleigh quotient creeps (a stalled
    quotient gave 7.39 and 4.19 before); the answer is the largest algebraic, 10."""
    from gradscape.core.landscape import power_iteration

    d = np.concatenate([[10.0, -9.9], np.linspace(-1, 1, 50)])
    lam, v = power_iteration(lambda z: d * z, d.size, tol=tol, max_iter=max_iter)
    assert lam == pytest.approx(10.0, rel=10 * tol)
    assert abs(v[0]) == pytest.approx(1.0, abs=1e-2)
