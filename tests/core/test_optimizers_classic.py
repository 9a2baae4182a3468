"""Golden first steps of SGD, MSGD, NAG, AdaGrad, RMSprop, AdaDelta, RMSpropGraves, SMORMS3,
SantaE and SantaSSS, written out by hand from each rule's equations (see the docstrings).

The gradients are a fixed sequence, independent of the parameters, unless a test says
otherwise:  g₁ = (0.5, −2), g₂ = (1, 0.25), g₃ = (−0.4, 3).
"""

from __future__ import annotations

from math import exp, sqrt

import numpy as np
import pytest

from gradscape.core.optimizers import get_opt

G1, G2, G3 = (0.5, -2.0), (1.0, 0.25), (-0.4, 3.0)


def moves_of(opt, grads=(G1, G2, G3)):
    """One slot of shape (2,): the move at each step."""
    return [opt.update(np.array(g))[0] for g in grads]


def close(actual, expected):
    np.testing.assert_allclose(actual, np.array(expected, dtype=float), rtol=1e-12, atol=1e-300)


def test_sgd():
    d1, d2, _ = moves_of(get_opt("SGD", eta=0.1))
    close(d1, [-0.1 * 0.5, -0.1 * -2.0])
    close(d2, [-0.1 * 1.0, -0.1 * 0.25])


def test_msgd_follows_torch_sgd_with_momentum():
    d1, d2, d3 = moves_of(get_opt("MSGD", eta=0.1, mu=0.9))
    # b₁ = g₁ (no momentum on the first step)
    close(d1, [-0.05, 0.2])
    # b₂ = 0.9·(0.5, −2) + (1, 0.25) = (1.45, −1.55)
    close(d2, [-0.145, 0.155])
    # b₃ = 0.9·(1.45, −1.55) + (−0.4, 3) = (0.905, 1.605)
    close(d3, [-0.0905, -0.1605])


def test_msgd_dampening_skips_the_first_step():
    d1, d2, _ = moves_of(get_opt("MSGD", eta=0.1, mu=0.9, dampening=0.5))
    close(d1, [-0.05, 0.2])  # b₁ = g₁, undamped, as torch does
    # b₂ = 0.9·(0.5, −2) + 0.5·(1, 0.25) = (0.95, −1.675)
    close(d2, [-0.095, 0.1675])


def test_msgd_series_form():
    d1, d2, _ = moves_of(get_opt("MSGD", eta=0.1, mu=0.9, form="series"))
    # Δ₀ = 1e-8;  Δ_t = 0.9 Δ_{t−1} − (1 − 0.9)·0.1·g_t
    e1 = [0.9e-8 - 0.01 * 0.5, 0.9e-8 - 0.01 * -2.0]
    close(d1, e1)
    close(d2, [0.9 * e1[0] - 0.01 * 1.0, 0.9 * e1[1] - 0.01 * 0.25])


def test_nag_follows_torch_sgd_nesterov():
    d1, d2, d3 = moves_of(get_opt("NAG", eta=0.1, mu=0.9))
    # b₁ = g₁; Δ₁ = −0.1·(g₁ + 0.9·b₁) = −0.19·g₁
    close(d1, [-0.095, 0.38])
    # b₂ = (1.45, −1.55); Δ₂ = −0.1·((1, 0.25) + 0.9·(1.45, −1.55)) = −0.1·(2.305, −1.145)
    close(d2, [-0.2305, 0.1145])
    # b₃ = (0.905, 1.605); Δ₃ = −0.1·((−0.4, 3) + 0.9·(0.905, 1.605))
    close(d3, [-0.1 * (-0.4 + 0.8145), -0.1 * (3.0 + 1.4445)])


def test_nag_series_form_takes_the_gradient_at_the_look_ahead_point():
    # L = ½(2 w₁² + 0.5 w₂²): ∇L(w) = (2 w₁, 0.5 w₂); η = 0.1, μ = 0.9, Δ₀ = 1e-8
    k = np.array([2.0, 0.5])
    opt = get_opt("NAG", eta=0.1, mu=0.9, form="series")
    w = np.array([1.0, -2.0])
    seen = []

    def grad_fn(offset):
        seen.append(offset.copy())
        return (k * (w + offset),)

    (d1,) = opt.update(k * w, grad_fn=grad_fn)
    close(seen[0], [0.9e-8, 0.9e-8])
    e1 = [0.9e-8 - 0.01 * 2.0 * (1.0 + 0.9e-8), 0.9e-8 - 0.01 * 0.5 * (-2.0 + 0.9e-8)]
    close(d1, e1)
    w = w + d1
    w1 = [1.0 + e1[0], -2.0 + e1[1]]
    (d2,) = opt.update(k * w, grad_fn=grad_fn)
    close(seen[1], [0.9 * e1[0], 0.9 * e1[1]])
    close(
        d2,
        [
            0.9 * e1[0] - 0.01 * 2.0 * (w1[0] + 0.9 * e1[0]),
            0.9 * e1[1] - 0.01 * 0.5 * (w1[1] + 0.9 * e1[1]),
        ],
    )


def test_nag_series_form_needs_grad_fn():
    opt = get_opt("NAG", form="series")
    with pytest.raises(ValueError, match="grad_fn"):
        opt.update(np.array([1.0]))


def test_adagrad_follows_torch():
    d1, d2, _ = moves_of(get_opt("AdaGrad", eta=0.1))
    # h₁ = (0.25, 4); Δ₁ = −0.1·g₁/(√h₁ + 1e-10)
    close(d1, [-0.1 * 0.5 / (0.5 + 1e-10), -0.1 * -2.0 / (2.0 + 1e-10)])
    # h₂ = (1.25, 4.0625)
    close(d2, [-0.1 * 1.0 / (sqrt(1.25) + 1e-10), -0.1 * 0.25 / (sqrt(4.0625) + 1e-10)])


def test_adagrad_lr_decay_and_initial_accumulator():
    opt = get_opt("AdaGrad", eta=0.1, lr_decay=0.5, initial_accumulator_value=0.1)
    d1, d2, _ = moves_of(opt)
    # η₁ = 0.1; h₁ = 0.1 + (0.25, 4)
    close(d1, [-0.1 * 0.5 / (sqrt(0.35) + 1e-10), -0.1 * -2.0 / (sqrt(4.1) + 1e-10)])
    # η₂ = 0.1/(1 + 0.5); h₂ = h₁ + (1, 0.0625)
    eta2 = 0.1 / 1.5
    close(d2, [-eta2 * 1.0 / (sqrt(1.35) + 1e-10), -eta2 * 0.25 / (sqrt(4.1625) + 1e-10)])


def test_rmsprop_follows_torch():
    d1, d2, _ = moves_of(get_opt("RMSprop", eta=0.01))  # ρ = 0.99, ε = 1e-8
    # v₁ = 0.01·(0.25, 4) = (0.0025, 0.04)
    close(d1, [-0.01 * 0.5 / (0.05 + 1e-8), -0.01 * -2.0 / (0.2 + 1e-8)])
    # v₂ = 0.99·v₁ + 0.01·(1, 0.0625) = (0.012475, 0.040225)
    close(d2, [-0.01 * 1.0 / (sqrt(0.012475) + 1e-8), -0.01 * 0.25 / (sqrt(0.040225) + 1e-8)])


def test_rmsprop_centered():
    d1, d2, _ = moves_of(get_opt("RMSprop", eta=0.01, centered=True))
    # m₁ = 0.01·g₁ = (0.005, −0.02); ṽ₁ = v₁ − m₁² = (0.002475, 0.0396)
    close(d1, [-0.01 * 0.5 / (sqrt(0.002475) + 1e-8), -0.01 * -2.0 / (sqrt(0.0396) + 1e-8)])
    # m₂ = 0.99·m₁ + 0.01·g₂ = (0.01495, −0.0173); ṽ₂ = v₂ − m₂²
    vt2 = [0.012475 - 0.01495**2, 0.040225 - 0.0173**2]
    close(d2, [-0.01 * 1.0 / (sqrt(vt2[0]) + 1e-8), -0.01 * 0.25 / (sqrt(vt2[1]) + 1e-8)])


def test_rmsprop_momentum_buffer_starts_at_zero():
    d1, d2, _ = moves_of(get_opt("RMSprop", eta=0.01, mu=0.5))
    b1 = [0.5 / (0.05 + 1e-8), -2.0 / (0.2 + 1e-8)]
    close(d1, [-0.01 * b1[0], -0.01 * b1[1]])
    b2 = [
        0.5 * b1[0] + 1.0 / (sqrt(0.012475) + 1e-8),
        0.5 * b1[1] + 0.25 / (sqrt(0.040225) + 1e-8),
    ]
    close(d2, [-0.01 * b2[0], -0.01 * b2[1]])


def test_adadelta_follows_torch():
    d1, d2, _ = moves_of(get_opt("AdaDelta"))  # η = 1, ρ = 0.95, ε = 1e-6
    # v₁ = 0.05·(0.25, 4) = (0.0125, 0.2); u₀ = 0
    delta1 = [sqrt(1e-6) / sqrt(0.0125 + 1e-6) * 0.5, sqrt(1e-6) / sqrt(0.2 + 1e-6) * -2.0]
    close(d1, [-delta1[0], -delta1[1]])
    u1 = [0.05 * delta1[0] ** 2, 0.05 * delta1[1] ** 2]
    # v₂ = 0.95·v₁ + 0.05·(1, 0.0625) = (0.061875, 0.193125)
    delta2 = [
        sqrt(u1[0] + 1e-6) / sqrt(0.061875 + 1e-6) * 1.0,
        sqrt(u1[1] + 1e-6) / sqrt(0.193125 + 1e-6) * 0.25,
    ]
    close(d2, [-delta2[0], -delta2[1]])
    # η only scales the move; u accumulates the unscaled δ, as in torch
    h1, h2, _ = moves_of(get_opt("AdaDelta", eta=0.5))
    close(h2, [-0.5 * delta2[0], -0.5 * delta2[1]])


def test_rmsprop_graves():
    d1, d2, _ = moves_of(get_opt("RMSpropGraves", eta=0.01))  # ρ = 0.95, ε = 1e-4
    # v₁ = (0.0125, 0.2), m₁ = 0.05·g₁ = (0.025, −0.1)
    s1 = [0.0125 - 0.025**2 + 1e-4, 0.2 - 0.1**2 + 1e-4]
    e1 = [-0.01 * 0.5 / sqrt(s1[0]), -0.01 * -2.0 / sqrt(s1[1])]
    close(d1, e1)
    # v₂ = (0.061875, 0.193125), m₂ = 0.95·m₁ + 0.05·g₂ = (0.07375, −0.0825)
    s2 = [0.061875 - 0.07375**2 + 1e-4, 0.193125 - 0.0825**2 + 1e-4]
    e2 = [-0.01 * 1.0 / sqrt(s2[0]), -0.01 * 0.25 / sqrt(s2[1])]
    close(d2, e2)
    # Graves' momentum: Δ₂ = 0.9·Δ₁ + (the step above)
    _, m2, _ = moves_of(get_opt("RMSpropGraves", eta=0.01, mu=0.9))
    close(m2, [0.9 * e1[0] + e2[0], 0.9 * e1[1] + e2[1]])


def test_smorms3_follows_funk():
    eta, eps = 0.4, 1e-8
    d1, d2, _ = moves_of(get_opt("SMORMS3", eta=eta))
    # s₀ = 1 → r = ½: m₁ = ½g₁ = (0.25, −1), v₁ = ½g₁² = (0.125, 2), ζ₁ = m₁²/(v₁ + ε) ≈ ½
    z1 = [0.0625 / (0.125 + eps), 1.0 / (2.0 + eps)]
    close(
        d1,
        [-0.5 * min(eta, z1[0]) / (sqrt(0.125) + eps), 2.0 * min(eta, z1[1]) / (sqrt(2) + eps)],
    )
    s1 = [1 + (1 - z1[0]) * 1, 1 + (1 - z1[1]) * 1]
    r = [1 / (1 + s1[0]), 1 / (1 + s1[1])]
    # Funk weights the new gradient by r (the series used 1 − r)
    m2 = [(1 - r[0]) * 0.25 + r[0] * 1.0, (1 - r[1]) * -1.0 + r[1] * 0.25]
    v2 = [(1 - r[0]) * 0.125 + r[0] * 1.0, (1 - r[1]) * 2.0 + r[1] * 0.0625]
    z2 = [m2[0] ** 2 / (v2[0] + eps), m2[1] ** 2 / (v2[1] + eps)]
    assert z2[0] > eta > z2[1]  # both branches of min(η, ζ) are exercised
    close(
        d2,
        [
            -1.0 * min(eta, z2[0]) / (sqrt(v2[0]) + eps),
            -0.25 * min(eta, z2[1]) / (sqrt(v2[1]) + eps),
        ],
    )


# -- Santa -------------------------------------------------------------------------------

SANTA = dict(eta=0.01, sigma=0.95, lambda_=1e-8, anne_rate=0.5, C=5.0, N=16, burnin=3, seed=11)


def _santa_common(g, v):
    """v_t and G_t, written out: v = 0.95 v + 0.05 g²/16², G = 1/√(1e-8 + √v)."""
    v = [0.95 * v[i] + 0.05 * g[i] ** 2 / 256 for i in range(2)]
    return v, [1 / sqrt(1e-8 + sqrt(v[i])) for i in range(2)]


def test_santa_e_explores_then_refines_at_burnin():
    ref = np.random.default_rng(11)
    u = list(0.1 * ref.standard_normal(2))  # u₀ = √η·ξ₀
    alpha = [0.1 * 5.0] * 2  # α₀ = √η·C
    opt = get_opt("SantaE", **SANTA)
    v = [0.0, 0.0]
    G_prev = None
    for t, g in enumerate((G1, G2, G3), start=1):
        (d,) = opt.update(np.array(g))
        v, G = _santa_common(g, v)
        G_prev = G if G_prev is None else G_prev  # G₀ := G₁
        temp = 0.01 / sqrt(t)  # η/β_t, β_t = t^0.5
        if t < 3:  # exploration: α moves, noise is drawn
            alpha = [alpha[i] + u[i] ** 2 - temp for i in range(2)]
            xi = ref.standard_normal(2)
            u = [
                temp * (1 - G_prev[i] / G[i]) / u[i]
                + sqrt(2 * 0.01 * G_prev[i] / sqrt(t)) * xi[i]
                + (1 - alpha[i]) * u[i]
                - 0.01 * G[i] * g[i]
                for i in range(2)
            ]
        else:  # refinement: α frozen, no noise
            u = [(1 - alpha[i]) * u[i] - 0.01 * G[i] * g[i] for i in range(2)]
        close(d, [G[0] * u[0], G[1] * u[1]])
        close(opt.state[0]["alpha"], alpha)
        close(opt.state[0]["u"], u)
        G_prev = G
    # the refinement step drew nothing: both generators are at the same place
    assert np.array_equal(opt.rng.standard_normal(4), ref.standard_normal(4))


def test_santa_sss_explores_then_refines_at_burnin():
    ref = np.random.default_rng(11)
    u = list(0.1 * ref.standard_normal(2))
    alpha = [0.5, 0.5]
    opt = get_opt("SantaSSS", **SANTA)
    v = [0.0, 0.0]
    G_prev = None
    for t, g in enumerate((G1, G2, G3), start=1):
        (d,) = opt.update(np.array(g))
        v, G = _santa_common(g, v)
        G_prev = G if G_prev is None else G_prev
        temp = 0.01 / sqrt(t)
        old = u
        if t < 3:
            alpha = [alpha[i] + (u[i] ** 2 - temp) / 2 for i in range(2)]
            xi = ref.standard_normal(2)
            u = [
                exp(-alpha[i] / 2)
                * (
                    exp(-alpha[i] / 2) * u[i]
                    - 0.01 * G[i] * g[i]
                    + sqrt(2 * G_prev[i] * 0.01 / sqrt(t)) * xi[i]
                    + temp * (1 - G_prev[i] / G[i]) / u[i]
                )
                for i in range(2)
            ]
            alpha = [alpha[i] + (u[i] ** 2 - temp) / 2 for i in range(2)]
        else:
            u = [
                exp(-alpha[i] / 2) * (exp(-alpha[i] / 2) * u[i] - 0.01 * G[i] * g[i])
                for i in range(2)
            ]
        # both half steps of θ: Δ = ½ G u_{t−1} + ½ G u_t
        close(d, [G[i] * old[i] / 2 + G[i] * u[i] / 2 for i in range(2)])
        close(opt.state[0]["alpha"], alpha)
        G_prev = G
    assert np.array_equal(opt.rng.standard_normal(4), ref.standard_normal(4))


@pytest.mark.parametrize("name", ["SantaE", "SantaSSS"])
def test_santa_alpha_freezes_and_noise_stops_from_burnin_on(name):
    opt = get_opt(name, eta=1e-3, burnin=5, seed=2)
    w = np.array([1.0, -0.5])
    alphas, rng_states = [], []
    for _ in range(10):
        (d,) = opt.update(2.0 * w)
        w = w + d
        alphas.append(opt.state[0]["alpha"].copy())
        rng_states.append(opt.rng.bit_generator.state["state"]["state"])
    # exploration (t = 1..4) moves α and draws noise at every step ...
    assert all(not np.array_equal(alphas[i], alphas[i + 1]) for i in range(3))
    assert len(set(rng_states[:4])) == 4
    # ... refinement (t ≥ 5) does neither
    assert all(np.array_equal(alphas[3], a) for a in alphas[4:])
    assert len(set(rng_states[3:])) == 1


@pytest.mark.parametrize("name", ["SantaE", "SantaSSS"])
@pytest.mark.parametrize("fuse", [True, False])
def test_santa_models_in_a_batch_equal_separate_runs_seeded_seed_plus_index(name, fuse):
    # models on a (2, 3) grid (batch_ndim=2), each with a (4,) and a (4,) slot: model i (flat
    # C-order index) must move exactly as a separate run with seed 7 + i
    rng = np.random.default_rng(5)
    w0, b0 = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))

    def drive(opt, w, b, batch_ndim):
        out = []
        for _ in range(8):
            dw, db = opt.update(w * 2.0, b * 0.5, batch_ndim=batch_ndim)
            out.append((dw, db))
            w, b = w + dw, b + db
        return out

    batch = get_opt(name, eta=1e-3, burnin=5, seed=7)
    batch.fusable = fuse
    together = drive(batch, w0, b0, 2)
    for i, idx in enumerate(np.ndindex(2, 3)):
        alone = drive(get_opt(name, eta=1e-3, burnin=5, seed=7 + i), w0[idx], b0[idx], 0)
        for (tw, tb), (aw, ab) in zip(together, alone, strict=True):
            assert np.array_equal(tw[idx], aw) and np.array_equal(tb[idx], ab), (i, idx)
    # a batch of one model is the single run itself
    one = drive(get_opt(name, eta=1e-3, burnin=5, seed=7), w0[None, 0, 0], b0[None, 0, 0], 1)
    single = drive(get_opt(name, eta=1e-3, burnin=5, seed=7), w0[0, 0], b0[0, 0], 0)
    for (ow, ob), (sw, sb) in zip(one, single, strict=True):
        assert np.array_equal(ow[0], sw) and np.array_equal(ob[0], sb)
    with pytest.raises(ValueError, match="batch_ndim changed from 2 to 1"):
        batch.update(w0, b0, batch_ndim=1)
    with pytest.raises(ValueError, match="batch_ndim must be in"):
        get_opt(name).update(np.zeros(3), np.zeros(4), batch_ndim=1)


def test_sam_checks_what_grad_fn_returns():
    g = (np.array([0.3, -0.4]), np.array([1.2, 0.0]))

    def run(fn):
        opt = get_opt("SAM", rho=0.1, base="SGD", eta=0.5)
        return opt.update(*g, grad_fn=fn, batch_ndim=1)

    def exact(ow, ob):
        return (g[0] + ow, g[1] + ob)

    want = run(exact)
    # ε̂ per model (batch_ndim=1): ρ·g/|g| with |g| = (0.3² + 1.2²)^½ and (0.4² + 0²)^½
    n0, n1 = np.hypot(0.3, 1.2), 0.4
    e = (0.1 * np.array([0.3 / n0, -0.4 / n1]), 0.1 * np.array([1.2 / n0, 0.0]))
    np.testing.assert_allclose(want[0], -0.5 * (g[0] + e[0]), rtol=1e-15)
    np.testing.assert_allclose(want[1], -0.5 * (g[1] + e[1]), rtol=1e-15)
    # lists (or a list of lists) are accepted and give the same moves
    got = run(lambda ow, ob: [list(a) for a in exact(ow, ob)])
    assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))
    with pytest.raises(ValueError, match=r"grad_fn returned shapes \[\(3,\), \(2,\)\]"):
        run(lambda ow, ob: (np.zeros(3), np.zeros(2)))
    with pytest.raises(ValueError, match=r"grad_fn returned shapes \[\(2,\)\], expected"):
        run(lambda ow, ob: (np.zeros(2),))
