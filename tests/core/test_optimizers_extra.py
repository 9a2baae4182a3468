"""QHM, QHAdam (Ma & Yarats 2019), Newton's method and L-BFGS against their equations.

The expected numbers are computed here from the paper's equations, written out
independently of the classes, and from closed forms (Newton on a quadratic, the dense BFGS
inverse update for the two-loop recursion).
"""

from __future__ import annotations

import numpy as np
import pytest

from gradscape.core.optimizers import OPTIMIZERS, get_opt
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import descend, descend_final

GRADS = [np.array([0.8, -1.5]), np.array([0.3, 2.0]), np.array([-1.1, 0.4]), np.array([2.5, 0.1])]


def moves_of(opt, grads=GRADS):
    return [opt.update(g)[0] for g in grads]


# -- QHM ------------------------------------------------------------------------------------


def qhm_by_hand(grads, eta, beta, nu):
    buf = np.zeros_like(grads[0])
    out = []
    for g in grads:
        buf = beta * buf + (1 - beta) * g  # g_{t+1} of the paper
        out.append(-eta * ((1 - nu) * g + nu * buf))
    return out


@pytest.mark.parametrize("fast", [True, False])
def test_qhm_follows_the_papers_equations(fast):
    opt = get_opt("qhm", eta=0.3, beta=0.8, nu=0.6)
    opt.fast = fast
    for got, want in zip(moves_of(opt), qhm_by_hand(GRADS, 0.3, 0.8, 0.6), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-15)


def test_qhm_with_nu_0_is_plain_sgd():
    qhm, sgd = get_opt("qhm", eta=0.3, beta=0.8, nu=0.0), get_opt("sgd", eta=0.3)
    for a, b in zip(moves_of(qhm), moves_of(sgd), strict=True):
        np.testing.assert_array_equal(a, b)


def test_qhm_with_nu_1_is_normalised_momentum():
    # Δ_t = β·Δ_{t−1} − (1 − β)·η·g_t from Δ_0 = 0: the series' Momentum SGD form
    eta, beta = 0.3, 0.8
    prev, want = np.zeros(2), []
    for g in GRADS:
        prev = beta * prev - (1 - beta) * eta * g
        want.append(prev)
    got = moves_of(get_opt("qhm", eta=eta, beta=beta, nu=1.0))
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    # and the series' MSGD (its state starts at 1e-8, not 0) to that offset
    series = moves_of(get_opt("msgd", eta=eta, mu=beta, form="series"))
    for a, b in zip(got, series, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-8)


# -- QHAdam ---------------------------------------------------------------------------------


def qhadam_by_hand(grads, eta, b1, b2, nu1, nu2, eps):
    m = np.zeros_like(grads[0])
    v = np.zeros_like(grads[0])
    out = []
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        mh, vh = m / (1 - b1**t), v / (1 - b2**t)
        out.append(-eta * ((1 - nu1) * g + nu1 * mh) / (np.sqrt((1 - nu2) * g**2 + nu2 * vh) + eps))
    return out


@pytest.mark.parametrize("fast", [True, False])
def test_qhadam_follows_the_papers_equations(fast):
    hyper = {"eta": 0.01, "beta1": 0.9, "beta2": 0.99, "nu1": 0.7, "nu2": 0.4, "eps": 1e-6}
    opt = get_opt("qhadam", **hyper)
    opt.fast = fast
    want = qhadam_by_hand(GRADS, 0.01, 0.9, 0.99, 0.7, 0.4, 1e-6)
    for got, w in zip(moves_of(opt), want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-13)


def test_qhadam_with_both_nus_1_is_adam():
    hyper = {"eta": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    qh = moves_of(get_opt("qhadam", nu1=1.0, nu2=1.0, **hyper))
    adam = moves_of(get_opt("adam", **hyper))
    for a, b in zip(qh, adam, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_qh_defaults_are_the_papers_recommendation():
    qhm, qhadam = get_opt("qhm"), get_opt("qhadam")
    assert (qhm.nu, qhm.beta) == (0.7, 0.999)
    assert (qhadam.nu1, qhadam.nu2, qhadam.beta1, qhadam.beta2) == (0.7, 1.0, 0.995, 0.999)


# -- Newton ---------------------------------------------------------------------------------

#: L = ½ xᵀAx − cᵀx with A positive definite: minimum at A⁻¹c
A = np.array([[3.0, 1.2], [1.2, 2.0]])
C = np.array([1.0, -2.0])


def quad_calls(x):
    w, b = x

    def loss_fn(ow, ob):
        y = np.array([w + ow, b + ob])
        return 0.5 * y @ A @ y - C @ y

    g = A @ x - C
    return (
        (np.array(g[0]), np.array(g[1])),
        {"hess_fn": lambda ow, ob: A, "loss_fn": loss_fn, "f": loss_fn(0.0, 0.0)},
    )


def test_newton_reaches_the_minimum_of_a_quadratic_in_one_step():
    x = np.array([2.0, 1.5])
    grads, more = quad_calls(x)
    dw, db = get_opt("newton", radius=100.0).update(*grads, **more)
    np.testing.assert_allclose(x + [float(dw), float(db)], np.linalg.solve(A, C), rtol=1e-13)


def test_newton_at_a_saddle_steps_downhill_within_the_trust_radius():
    # L = ½(w² − b²): H = diag(1, −1); μ = δ + 1, so p = −(g_w/(1 + μ), g_b/(δ))
    opt = get_opt("newton", damping=0.01, radius=0.5)
    w, b = 0.2, 0.1
    dw, db = opt.update(np.array(w), np.array(-b), hess_fn=lambda *o: np.diag([1.0, -1.0]))
    mu = 0.01 + 1.0
    p = np.array([-w / (1 + mu), b / (-1 + mu)])
    want = p * min(1.0, 0.5 / np.linalg.norm(p))
    np.testing.assert_allclose([float(dw), float(db)], want, rtol=1e-12)
    assert np.hypot(float(dw), float(db)) == pytest.approx(0.5)
    assert float(db) > 0  # away from the saddle along the falling direction b
    assert opt.state[0]["shift"] == pytest.approx(mu)


def test_newton_refuses_without_a_hessian_in_one_line():
    with pytest.raises(ValueError, match="Newton needs the Hessian") as err:
        get_opt("newton").update(np.ones(2), np.ones(2))
    assert "\n" not in str(err.value)


def test_newton_on_rosenbrock_in_the_engine_converges():
    t = descend(get_surface("rosenbrock"), "newton", (-1.2, 1.0), 30)
    np.testing.assert_allclose(t.params[-1], [1.0, 1.0], atol=1e-10)


# -- L-BFGS -------------------------------------------------------------------------------


def test_two_loop_recursion_equals_the_dense_bfgs_inverse_update():
    rng = np.random.default_rng(3)
    n, m = 4, 3
    opt = get_opt("lbfgs", history=m)
    ss = [rng.normal(size=n) for _ in range(m)]
    # y = B s with B positive definite: s·y > 0
    b = rng.normal(size=(n, n))
    b = b @ b.T + n * np.eye(n)
    ys = [b @ s for s in ss]
    opt._s = [s[None] for s in ss]
    opt._y = [y[None] for y in ys]
    g = rng.normal(size=n)
    d, has = opt.direction(g[None])
    # H₀ = γI with γ = s·y/y·y of the newest pair, then H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ
    gamma = ss[-1] @ ys[-1] / (ys[-1] @ ys[-1])
    h = gamma * np.eye(n)
    for s, y in zip(ss, ys, strict=True):
        rho = 1.0 / (s @ y)
        e = np.eye(n) - rho * np.outer(s, y)
        h = e @ h @ e.T + rho * np.outer(s, s)
    np.testing.assert_allclose(d[0], -h @ g, rtol=1e-12)
    assert has.tolist() == [True]


def test_lbfgs_armijo_line_search_by_hand():
    # first step: d = −g, α₀ = η·min(1, 1/‖g‖₁), halved until the Armijo condition holds
    x = np.array([2.0, 1.5])
    grads, more = quad_calls(x)
    g = np.array([float(grads[0]), float(grads[1])])
    f0 = more["f"]
    alpha = min(1.0, 1.0 / np.abs(g).sum())
    trials = 0
    while True:
        trials += 1
        y = x - alpha * g
        if 0.5 * y @ A @ y - C @ y <= f0 - 1e-4 * alpha * g @ g:
            break
        alpha *= 0.5
    opt = get_opt("lbfgs")
    dw, db = opt.update(*grads, **more)
    np.testing.assert_allclose([float(dw), float(db)], -alpha * g, rtol=1e-14)
    assert opt.evaluations == trials


def test_lbfgs_on_rosenbrock_reaches_the_minimum_within_50_steps():
    # BFGS-type methods take about 35 iterations from the classic start (−1.2, 1)
    t = descend(get_surface("rosenbrock"), "lbfgs", (-1.2, 1.0), 50)
    np.testing.assert_allclose(t.params[-1], [1.0, 1.0], atol=1e-8)
    close = np.flatnonzero(np.abs(t.params - 1.0).max(axis=1) < 1e-6)
    assert 15 <= close[0] <= 50


def test_lbfgs_refuses_without_the_loss_in_one_line():
    with pytest.raises(ValueError, match="L-BFGS needs the loss") as err:
        get_opt("lbfgs").update(np.ones(2), np.ones(2), f=1.0)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("surface", "start", "loss"),
    [
        ("quadratic", (-7.0, 2.0), lambda w, b: w * w / 20 + b * b),
        ("booth", (-5.0, 6.0), lambda w, b: (w + 2 * b - 7) ** 2 + (2 * w + b - 5) ** 2),
    ],
)
def test_lbfgs_follows_torch_while_both_accept_the_first_trial_step(surface, start, loss):
    # torch.optim.LBFGS(line_search_fn="strong_wolfe") has the same two-loop recursion, H⁰,
    # curvature test and first trial step; on these quadratics the first trial satisfies
    # both line searches at every step until torch stops at its tolerances, so the points
    # agree to round-off
    torch = pytest.importorskip("torch")
    x = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([x], lr=1.0, line_search_fn="strong_wolfe", max_iter=1)

    def closure():
        opt.zero_grad()
        value = loss(x[0], x[1])
        value.backward()
        return value

    points = []
    for _ in range(6):
        opt.step(closure)
        points.append(x.detach().numpy().copy())
    t = descend(get_surface(surface), "lbfgs", start, 6)
    np.testing.assert_allclose(t.params[1:], np.array(points), rtol=0, atol=1e-12)
    assert np.abs(t.params[-1] - t.params[0]).max() > 1.0  # it did move


@pytest.mark.parametrize("name", ["newton", "lbfgs"])
def test_final_state_mode_equals_the_engine_for_the_coupled_rules(name):
    s = get_surface("himmelblau")
    starts = np.array([[0.5, 0.5], [-3.0, 2.0], [3.5, -3.0]])
    final = descend_final(s, name, starts, 40)
    for k, st in enumerate(starts):
        t = descend(s, name, tuple(st), 40)
        np.testing.assert_array_equal(final.params[k], t.params[-1])


def test_coupled_rules_are_not_offered_to_networks_or_as_sams_base():
    from gradscape.core.optimizers._sam import BASES

    coupled = {n for n in OPTIMIZERS.names() if OPTIMIZERS[n].surface_only}
    assert coupled == {"newton", "lbfgs"}
    assert not coupled & {n.lower() for n in BASES}


def test_newton_moves_a_model_with_a_non_finite_hessian_by_nan_and_the_others_normally():
    g = (np.array([1.0, 2.0, 0.0]), np.array([1.0, -1.0, 0.0]))
    h = np.stack([np.eye(2), np.full((2, 2), np.nan), np.full((2, 2), np.inf)])
    dw, db = get_opt("newton", radius=10.0).update(*g, batch_ndim=1, hess_fn=lambda *o: h)
    np.testing.assert_allclose([dw[0], db[0]], [-1.0, -1.0])
    assert np.isnan(dw[1]) and np.isnan(db[1])
    assert dw[2] == 0.0 and db[2] == 0.0  # a zero gradient (a stopped trajectory) stays put
