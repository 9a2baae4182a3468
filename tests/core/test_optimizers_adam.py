"""The Adam family and SAM, checked against their equations computed by hand.

Each golden test writes the paper's (or torch's documented) update out again in plain Python
scalars, independently of the implementation, and compares the first steps.  Hyperparameters
are deliberately unusual (β1 = 0.8, β2 = 0.95, ε = 1e-3) so that a swapped β or an ε on the
wrong side of a square root changes the numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradscape.core.optimizers import get_opt

#: gradient sequences fed to the golden tests: slot 0 has shape (2,), slot 1 is a scalar
G0 = [(0.5, -2.0), (-0.3, 1.0), (0.2, 4.0), (0.7, -0.1)]
G1 = [1.5, 1.5, -0.5, 0.25]
H = {"eta": 0.1, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3}


def feed(opt, steps: int = 3, **kwds) -> list[tuple[np.ndarray, np.ndarray]]:
    """Drive ``opt`` with the fixed gradient sequences; return the moves per step."""
    out = []
    for k in range(steps):
        out.append(opt.update(np.array(G0[k]), np.array(G1[k]), **kwds))
    return out


def sequences() -> list[list[float]]:
    """The three scalar gradient sequences (two elements of slot 0, then slot 1)."""
    return [[g[0] for g in G0], [g[1] for g in G0], list(G1)]


def check(moves, expected_per_sequence, steps: int = 3, rel: float = 1e-12) -> None:
    for k in range(steps):
        got = [moves[k][0][0], moves[k][0][1], moves[k][1]]
        want = [seq[k] for seq in expected_per_sequence]
        assert got == pytest.approx(want, rel=rel, abs=1e-15), k


# -- golden first steps -----------------------------------------------------------------


def test_adam_first_step_is_eta_times_sign_damped_by_eps():
    # t = 1: m̂ = g, v̂ = g², so Δ = −η·g/(|g| + ε), whatever β1 and β2 are
    (dw, db), *_ = feed(get_opt("Adam", **H), steps=1)
    assert dw[0] == pytest.approx(-0.1 * 0.5 / (0.5 + 1e-3), rel=1e-14)
    assert dw[1] == pytest.approx(-0.1 * -2.0 / (2.0 + 1e-3), rel=1e-14)
    assert db == pytest.approx(-0.1 * 1.5 / (1.5 + 1e-3), rel=1e-14)


def adam_by_hand(gs, eta, b1, b2, eps, amsgrad=False):
    m = v = vmax = 0.0
    out = []
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vmax = max(vmax, v)
        if amsgrad:
            out.append(-eta / (1 - b1**t) * m / (math.sqrt(vmax) / math.sqrt(1 - b2**t) + eps))
        else:
            out.append(-eta * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps))
    return out


def test_adam_golden_steps():
    moves = feed(get_opt("Adam", **H), steps=4)
    check(moves, [adam_by_hand(s, 0.1, 0.8, 0.95, 1e-3) for s in sequences()], steps=4)


def test_adam_accepts_the_series_alpha():
    a = feed(get_opt("adam", alpha=0.1, beta1=0.8, beta2=0.95, eps=1e-3))
    b = feed(get_opt("Adam", **H))
    for (aw, ab), (bw, bb) in zip(a, b, strict=True):
        assert np.array_equal(aw, bw) and np.array_equal(ab, bb)


def test_amsgrad_golden_steps_use_the_running_max():
    # the second sequence (−2, 1, 4, −0.1) makes v fall below its maximum at step 4
    moves = feed(get_opt("AMSGrad", **H), steps=4)
    check(moves, [adam_by_hand(s, 0.1, 0.8, 0.95, 1e-3, amsgrad=True) for s in sequences()], 4)
    # and it differs from Adam exactly where v < v_max
    adam = feed(get_opt("Adam", **H), steps=4)
    assert moves[2][0][1] == adam[2][0][1]
    assert moves[3][0][1] != pytest.approx(adam[3][0][1], rel=1e-6)


def test_adamw_golden_steps_decay_the_parameters():
    opt = get_opt("AdamW", weight_decay=0.3, **H)
    theta = [np.array([1.0, -2.0]), np.array(0.5)]
    hand_theta = [1.0, -2.0, 0.5]
    adam = [adam_by_hand(s, 0.1, 0.8, 0.95, 1e-3) for s in sequences()]
    for k in range(3):
        dw, db = opt.update(np.array(G0[k]), np.array(G1[k]), params=tuple(theta))
        want = [-0.1 * 0.3 * th + adam[i][k] for i, th in enumerate(hand_theta)]
        assert [dw[0], dw[1], db] == pytest.approx(want, rel=1e-12)
        theta = [theta[0] + dw, theta[1] + db]
        hand_theta = [th + w for th, w in zip(hand_theta, want, strict=True)]


def test_adamw_needs_params_when_it_decays():
    with pytest.raises(ValueError, match="params"):
        get_opt("AdamW").update(np.array([1.0]))
    with pytest.raises(ValueError, match="params"):
        get_opt("AdamW").update(np.array([1.0, 2.0]), params=(np.array([1.0]),))
    # without decay it is Adam and needs nothing more
    (a,) = get_opt("AdamW", weight_decay=0.0, **H).update(np.array([0.5]))
    (b,) = get_opt("Adam", **H).update(np.array([0.5]))
    assert np.array_equal(a, b)


def test_adamax_golden_steps():
    def by_hand(gs, eta, b1, b2, eps):
        m = u = 0.0
        out = []
        for t, g in enumerate(gs, start=1):
            m = b1 * m + (1 - b1) * g
            u = max(b2 * u, abs(g) + eps)
            out.append(-eta / (1 - b1**t) * m / u)
        return out

    moves = feed(get_opt("AdaMax", **H), steps=4)
    check(moves, [by_hand(s, 0.1, 0.8, 0.95, 1e-3) for s in sequences()], steps=4)
    # first step: −η·g/(|g| + ε)
    assert moves[0][1] == pytest.approx(-0.1 * 1.5 / 1.501, rel=1e-14)


def nadam_by_hand(gs, eta, b1, b2, eps, psi, t0=1):
    def mu(t):
        return b1 * (1 - 0.5 * 0.96 ** (t * psi))

    m = v = 0.0
    out = []
    for t, g in enumerate(gs, start=t0):
        prod = math.prod(mu(i) for i in range(1, t + 1))
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        denom = math.sqrt(v / (1 - b2**t)) + eps
        out.append(
            -eta * (1 - mu(t)) / (1 - prod) * g / denom
            - eta * mu(t + 1) / (1 - prod * mu(t + 1)) * m / denom
        )
    return out


def test_nadam_golden_steps_with_torchs_momentum_schedule():
    hyper = {**H, "momentum_decay": 0.05}
    moves = feed(get_opt("Nadam", **hyper), steps=4)
    check(moves, [nadam_by_hand(s, 0.1, 0.8, 0.95, 1e-3, 0.05) for s in sequences()], 4)


def test_nadam_explicit_t_and_series_names():
    # the series' μ, ν name β1, β2; an explicit t uses the schedule's product up to t
    opt = get_opt("Nadam", alpha=0.1, mu=0.8, nu=0.95, eps=1e-3, momentum_decay=0.05)
    assert (opt.eta, opt.beta1, opt.beta2) == (0.1, 0.8, 0.95)
    (d,) = opt.update(np.array(0.5), t=7)
    assert d == pytest.approx(nadam_by_hand([0.5], 0.1, 0.8, 0.95, 1e-3, 0.05, t0=7)[0])
    # default: the series' μ = 0.975 as the schedule's limit, η = 2e-3
    assert (get_opt("Nadam").beta1, get_opt("Nadam").eta) == (0.975, 2e-3)


def test_radam_golden_steps_cover_both_branches():
    b2 = 0.8  # ρ∞ = 9: the first steps are unrectified (ρ_t ≤ 5), later ones rectified
    rho_inf = 2 / (1 - b2) - 1

    def by_hand(gs, eta, b1, eps):
        m = v = 0.0
        out = []
        for t, g in enumerate(gs, start=1):
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            mh = m / (1 - b1**t)
            rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
            if rho > 5:
                r = math.sqrt(
                    (rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho)
                )
                out.append(-eta * mh * r * math.sqrt(1 - b2**t) / (math.sqrt(v) + eps))
            else:
                out.append(-eta * mh)
        return out

    gs = [0.5, -0.3, 0.2, 0.7, -0.1, 0.4, 0.4, -0.2, 0.3, 0.6, -0.5, 0.1]
    opt = get_opt("RAdam", eta=0.1, beta1=0.8, beta2=b2, eps=1e-3)
    got = [float(opt.update(np.array(g))[0]) for g in gs]
    assert got == pytest.approx(by_hand(gs, 0.1, 0.8, 1e-3), rel=1e-12)
    assert got[0] == pytest.approx(-0.1 * 0.5)  # unrectified first step: −η·m̂ = −η·g
    rho_12 = rho_inf - 24 * b2**12 / (1 - b2**12)
    assert rho_12 > 5  # so the last steps really took the rectified branch


def test_adabelief_golden_steps_with_eps_inside_and_outside():
    def by_hand(gs, eta, b1, b2, eps):
        m = s = 0.0
        out = []
        for t, g in enumerate(gs, start=1):
            m = b1 * m + (1 - b1) * g
            s = b2 * s + (1 - b2) * (g - m) ** 2 + eps
            out.append(-eta * (m / (1 - b1**t)) / (math.sqrt(s / (1 - b2**t)) + eps))
        return out

    moves = feed(get_opt("AdaBelief", **H), steps=4)
    check(moves, [by_hand(s, 0.1, 0.8, 0.95, 1e-3) for s in sequences()], steps=4)
    # first step by hand: m = 0.2·g, s = 0.05·(0.8·g)² + ε, ŝ = s/0.05
    g = 1.5
    s1 = 0.05 * (0.8 * g) ** 2 + 1e-3
    assert moves[0][1] == pytest.approx(-0.1 * g / (math.sqrt(s1 / 0.05) + 1e-3), rel=1e-13)
    assert get_opt("AdaBelief").eps == 1e-16


# -- Eve ------------------------------------------------------------------------------------


def eve_by_hand(gs, fs, eta, b1, b2, eps, b3, c, f_star):
    m = v = 0.0
    d_tilde = 1.0
    out, ds = [], []
    for t, (g, f) in enumerate(zip(gs, fs, strict=True), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if t > 1:
            den = min(f, fs[t - 2]) - f_star
            d = abs(f - fs[t - 2]) / den if den > 0 else c
            d_tilde = b3 * d_tilde + (1 - b3) * min(max(d, 1 / c), c)
        out.append(-eta * (m / (1 - b1**t)) / (d_tilde * (math.sqrt(v / (1 - b2**t)) + eps)))
        ds.append(d_tilde)
    return out, ds


def test_eve_feedback_coefficient_by_hand():
    fs = [1.0, 0.5, 0.45, 0.9, 0.9]
    # d̃: 1; |0.5−1|/0.5 = 1 → 1; 0.05/0.45 = 0.111 → 0.5556; 0.45/0.45 = 1 → 0.7778;
    # 0/0.9 = 0 → clipped to 1/c = 0.1 → 0.4389
    hand_d = [1.0, 1.0, 0.5 + 0.5 * (0.05 / 0.45)]
    hand_d += [0.5 * hand_d[2] + 0.5, 0.5 * (0.5 * hand_d[2] + 0.5) + 0.5 * 0.1]
    opt = get_opt("Eve", beta3=0.5, c=10.0, f_star=0.0, **H)
    gs = [0.5, -0.3, 0.2, 0.7, -0.1]
    moves, ds = [], []
    for g, f in zip(gs, fs, strict=True):
        moves.append(float(opt.update(np.array(g), f=f)[0]))
        ds.append(float(opt.state[0]["d"]))
    assert ds == pytest.approx(hand_d, rel=1e-14)
    want, want_d = eve_by_hand(gs, fs, 0.1, 0.8, 0.95, 1e-3, 0.5, 10.0, 0.0)
    assert want_d == pytest.approx(hand_d, rel=1e-14)
    assert moves == pytest.approx(want, rel=1e-12)


def test_eve_clips_at_c_and_uses_f_star():
    gs = [0.5, -0.3, 0.2]
    # a hundredfold drop: d = 0.99/0.01 = 99 → clipped to c = 10
    opt = get_opt("Eve", beta3=0.5, c=10.0, **H)
    for g, f in zip(gs[:2], [1.0, 0.01], strict=True):
        opt.update(np.array(g), f=f)
    assert float(opt.state[0]["d"]) == pytest.approx(0.5 + 0.5 * 10.0)
    # with f* = 0.4 the relative change is measured above the minimum: 0.5/(0.5 − 0.4) = 5
    opt = get_opt("Eve", beta3=0.5, c=10.0, f_star=0.4, **H)
    for g, f in zip(gs[:2], [1.0, 0.5], strict=True):
        opt.update(np.array(g), f=f)
    assert float(opt.state[0]["d"]) == pytest.approx(0.5 + 0.5 * 5.0)
    # at or below f* the relative change is unbounded: d̂ = c
    fs = [1.0, 0.3, 0.2]
    opt = get_opt("Eve", beta3=0.5, c=10.0, f_star=0.4, **H)
    moves = [float(opt.update(np.array(g), f=f)[0]) for g, f in zip(gs, fs, strict=True)]
    want, want_d = eve_by_hand(gs, fs, 0.1, 0.8, 0.95, 1e-3, 0.5, 10.0, 0.4)
    assert want_d == pytest.approx([1.0, 5.5, 7.75])
    assert moves == pytest.approx(want, rel=1e-12)


def test_eve_with_one_loss_per_model_equals_separate_runs():
    gw = [np.array([0.5, -0.3]), np.array([0.1, 0.4]), np.array([-0.2, 0.6])]
    gb = [np.array([1.0, 2.0]), np.array([-1.0, 0.5]), np.array([0.3, 0.3])]
    fs = [np.array([1.0, 2.0]), np.array([0.5, 1.9]), np.array([0.52, 0.2])]
    together = get_opt("Eve", beta3=0.5, **H)
    both = [together.update(gw[k], gb[k], f=fs[k]) for k in range(3)]
    for i in range(2):
        alone = get_opt("Eve", beta3=0.5, **H)
        for k in range(3):
            dw, db = alone.update(gw[k][i], gb[k][i], f=fs[k][i])
            assert dw == both[k][0][i] and db == both[k][1][i]
    # the two models really got different feedback
    assert together.state[0]["d"][0] != together.state[0]["d"][1]


def test_eve_needs_the_loss_with_a_compatible_shape():
    with pytest.raises(ValueError, match="f=loss"):
        get_opt("Eve").update(np.array([1.0]))
    with pytest.raises(ValueError, match="shape"):
        get_opt("Eve").update(np.ones(3), f=np.ones(2))


# -- AdaBound, AMSBound ---------------------------------------------------------------------


def test_adabound_bounds_converge_to_the_final_rate():
    opt = get_opt("AdaBound", final_eta=0.1, gamma=1e-3)
    lo, hi = opt.bounds(1)
    assert lo == pytest.approx(0.1 * (1 - 1 / 1.001)) and hi == pytest.approx(0.1 * 1001)
    previous = (lo, hi)
    for t in (10, 100, 1_000, 10_000, 10**6, 10**9):
        lo, hi = opt.bounds(t)
        assert previous[0] < lo < 0.1 < hi < previous[1]
        previous = (lo, hi)
    assert hi - lo < 1e-6
    # so very late steps are SGD with momentum at rate η*: Δ = −η*·m
    g = np.array([3.0, -0.02])
    (d,) = opt.update(g, t=10**9)
    m = 0.1 * g  # first moment after one update with β1 = 0.9
    assert d == pytest.approx(-0.1 * m, rel=1e-6)


def test_adabound_golden_first_step_clips_both_ways():
    # t = 1: rate = η·√(1−β2)/(1−β1) / (√((1−β2)g²) + ε) ≈ η/((1−β1)|g|);
    # bounds [0.1·(1 − 1/1.001), 0.1·1001] = [9.99e-5, 100.1]
    opt = get_opt("AdaBound", eta=1e-3, final_eta=0.1, gamma=1e-3, eps=1e-8)
    g = np.array([1e-5, 1e-3, 1e3])
    (d,) = opt.update(g)
    lo, hi = 0.1 * (1 - 1 / 1.001), 0.1 * 1001
    rate = [1e-3 * math.sqrt(1e-3) / 0.1 / (math.sqrt(1e-3 * x * x) + 1e-8) for x in g]
    assert rate[0] > hi and lo < rate[1] < hi and rate[2] < lo
    m = 0.1 * g
    assert d == pytest.approx([-hi * m[0], -rate[1] * m[1], -lo * m[2]], rel=1e-12)


def bound_by_hand(gs, eta, final, b1, b2, gamma, eps, ams):
    m = v = vmax = 0.0
    out = []
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vmax = max(vmax, v)
        lo = final * (1 - 1 / (gamma * t + 1))
        hi = final * (1 + 1 / (gamma * t))
        rate = eta * math.sqrt(1 - b2**t) / (1 - b1**t) / (math.sqrt(vmax if ams else v) + eps)
        out.append(-min(max(rate, lo), hi) * m)
    return out


@pytest.mark.parametrize("name", ["AdaBound", "AMSBound"])
def test_bound_golden_steps(name):
    hyper = {**H, "final_eta": 0.5, "gamma": 0.3}
    moves = feed(get_opt(name, **hyper), steps=4)
    ams = name == "AMSBound"
    want = [bound_by_hand(s, 0.1, 0.5, 0.8, 0.95, 0.3, 1e-3, ams) for s in sequences()]
    check(moves, want, steps=4)


def test_amsbound_differs_from_adabound_once_v_falls():
    # wide bounds (γ = 1e-3) so that the rate is not clipped to the same bound in both
    a = feed(get_opt("AdaBound", **H, final_eta=0.5, gamma=1e-3), steps=4)
    b = feed(get_opt("AMSBound", **H, final_eta=0.5, gamma=1e-3), steps=4)
    assert a[2][0][1] == b[2][0][1]
    assert a[3][0][1] != pytest.approx(b[3][0][1], rel=1e-6)


# -- state is updated in place, float32 stays float32 ---------------------------------------


@pytest.mark.parametrize(
    "name", ["Adam", "AdamW", "AMSGrad", "AdaMax", "Nadam", "RAdam", "AdaBelief", "Eve",
             "AdaBound", "AMSBound"],
)  # fmt: skip
def test_state_arrays_are_updated_in_place(name):
    opt = get_opt(name)
    w, b = np.ones((3, 2), dtype=np.float32), np.ones(2, dtype=np.float32)
    opt.update(0.5 * w, 0.5 * b, params=(w, b), f=1.0)
    arrays = [{k: id(v) for k, v in s.items()} for s in opt.state]
    for _ in range(2):
        dw, db = opt.update(0.5 * w, 0.5 * b, params=(w, b), f=0.9)
        assert dw.dtype == np.float32 and db.dtype == np.float32
    assert [{k: id(v) for k, v in s.items()} for s in opt.state] == arrays
    for s in opt.state:
        assert all(v.dtype == np.float32 for v in s.values())


# -- SAM ------------------------------------------------------------------------------------

A_CURV = np.array([1.0, 4.0])  # L(θ) = ½ Σ a_i θ_i², ∇L = a·θ


def quad_grad_fn(theta):
    def grad_fn(e):
        return (A_CURV * (theta + e),)

    return grad_fn


def test_sam_ascent_step_on_a_quadratic_by_hand():
    theta = np.array([1.0, 1.0])
    g = A_CURV * theta  # (1, 4), ‖g‖ = √17
    opt = get_opt("SAM", base="SGD", eta=0.01, rho=0.1)
    (d,) = opt.update(g, grad_fn=quad_grad_fn(theta))
    e = [0.1 * 1 / math.sqrt(17), 0.1 * 4 / math.sqrt(17)]
    g_sharp = [1 * (1 + e[0]), 4 * (1 + e[1])]
    assert d == pytest.approx([-0.01 * g_sharp[0], -0.01 * g_sharp[1]], rel=1e-14)
    assert opt.state[0]["e"] == pytest.approx(e, rel=1e-14)
    assert math.hypot(*opt.state[0]["e"]) == pytest.approx(0.1, rel=1e-14)


def test_sam_with_adam_is_adam_fed_the_sharp_gradient():
    theta = np.array([0.8, -0.6])
    sam = get_opt("SAM", rho=0.05, eta=0.1, beta1=0.8)
    adam = get_opt("Adam", eta=0.1, beta1=0.8)
    assert sam.base_opt.beta1 == 0.8 and sam.base_opt.beta2 == 0.999
    for _ in range(3):
        g = A_CURV * theta
        e = 0.05 * g / np.sqrt(np.sum(g * g))
        (want,) = adam.update(A_CURV * (theta + e))
        (got,) = sam.update(g, grad_fn=quad_grad_fn(theta))
        assert np.array_equal(got, want)
        theta = theta + got
    # the app overlays ε̂ and the base optimizer's moments
    assert sam.state_names == ("e", "m", "v")
    assert set(sam.state[0]) == {"e", "m", "v"}
    assert np.array_equal(sam.state[0]["m"], adam.state[0]["m"])


def test_sam_dual_norm_exponent():
    # q = 3 (p = 3/2): ε̂ = ρ·sign(g)·|g|² / (Σ|g|³)^(2/3), on the p-sphere of radius ρ,
    # and it attains Hölder's bound ε̂·g = ρ·‖g‖_3
    g = np.array([1.0, -2.0, 0.5])
    grad = g.copy()
    opt = get_opt("SAM", base="SGD", rho=0.2, q=3.0)
    seen = []
    opt.update(grad, grad_fn=lambda e: (seen.append(e) or grad,))
    (e,) = seen
    s3 = 1 + 8 + 0.125
    want = [0.2 * 1 / s3 ** (2 / 3), -0.2 * 4 / s3 ** (2 / 3), 0.2 * 0.25 / s3 ** (2 / 3)]
    assert e == pytest.approx(want, rel=1e-14)
    assert np.sum(np.abs(e) ** 1.5) ** (1 / 1.5) == pytest.approx(0.2, rel=1e-13)
    assert np.dot(e, g) == pytest.approx(0.2 * s3 ** (1 / 3), rel=1e-13)


def test_sam_norm_spans_all_slots_of_a_model():
    gw, gb = np.array([[3.0, 0.0], [0.0, 0.0]]), np.array([4.0, 0.0])  # ‖(gw, gb)‖ = 5
    opt = get_opt("SAM", base="SGD", rho=0.5)
    seen = []
    opt.update(gw, gb, grad_fn=lambda ew, eb: seen.append((ew, eb)) or (gw, gb))
    ew, eb = seen[0]
    assert ew == pytest.approx(np.array([[0.3, 0.0], [0.0, 0.0]]))
    assert eb == pytest.approx([0.4, 0.0])


def test_sam_zero_gradient_gives_no_perturbation_and_no_warning():
    opt = get_opt("SAM", base="SGD")
    seen = []
    z = np.zeros(2)
    (d,) = opt.update(z, grad_fn=lambda e: (seen.append(e) or z,))
    assert np.array_equal(seen[0], z) and np.array_equal(d, z)


def test_sam_batch_ndim_makes_k_stacked_models_equal_k_separate_runs():
    rng = np.random.default_rng(3)
    K = 3
    w0 = rng.normal(size=(K, 4, 5))
    b0 = rng.normal(size=(K, 5))
    x = rng.normal(size=(6, 4))

    def grads(w, b):
        # a small tanh layer's squared-output gradient, per model (works stacked or alone)
        y = np.tanh(x @ w + b[..., None, :])
        delta = y * (1 - y * y)
        return np.swapaxes(x, -1, -2) @ delta, delta.sum(axis=-2)

    def run(w, b, batch_ndim, steps=4):
        opt = get_opt("SAM", rho=0.3, eta=0.05)
        out = []
        for _ in range(steps):
            gw, gb = grads(w, b)
            dw, db = opt.update(
                gw, gb, grad_fn=lambda ew, eb, w=w, b=b: grads(w + ew, b + eb),
                batch_ndim=batch_ndim,
            )  # fmt: skip
            out.append((dw, db))
            w, b = w + dw, b + db
        return out

    together = run(w0, b0, batch_ndim=1)
    for k in range(K):
        alone = run(w0[k], b0[k], batch_ndim=0)
        for (tw, tb), (aw, ab) in zip(together, alone, strict=True):
            assert np.array_equal(tw[k], aw) and np.array_equal(tb[k], ab)
    # one norm over the whole stack would couple the models
    coupled = run(w0, b0, batch_ndim=0)
    assert not np.array_equal(coupled[0][0][0], together[0][0][0])


def test_sam_hyperparameters_and_base():
    assert get_opt("SAM").eta == 1e-3 and get_opt("SAM").base == "Adam"
    sgd = get_opt("SAM", base="sgd")  # the base's own η when none is given
    assert sgd.base == "SGD" and sgd.eta == 1e-2 and sgd.base_opt.eta == 1e-2
    msgd = get_opt("SAM", base="MSGD", eta=0.2, mu=0.5, rho=0.1)
    assert (msgd.base_opt.eta, msgd.base_opt.mu, msgd.rho) == (0.2, 0.5, 0.1)
    assert msgd.hyper["mu"] == 0.5
    # hyper round-trips through get_opt (scenes save it)
    again = get_opt("SAM", **msgd.hyper)
    assert again.hyper == msgd.hyper
    with pytest.raises(ValueError, match="base"):
        get_opt("SAM", base="SAM")
    with pytest.raises(ValueError, match="rho"):
        get_opt("SAM", rho=0.0)
    with pytest.raises(ValueError, match="q"):
        get_opt("SAM", q=1.0)
    with pytest.raises(ValueError, match="mu"):
        get_opt("SAM", base="MSGD", mu=1.5)
    with pytest.raises(ValueError, match="beta1.*rho|rho.*beta1"):
        get_opt("SAM", nonsense=1.0)


def test_sam_base_parameters_named_like_sams_own_are_spelled_base_name():
    sam = get_opt("SAM", base="AdaDelta", rho=0.5, base_rho=0.8)
    assert (sam.rho, sam.base_opt.rho) == (0.5, 0.8)
    assert sam.hyper["rho"] == 0.5 and sam.hyper["base_rho"] == 0.8
    again = get_opt("SAM", **sam.hyper)  # what scenes save rebuilds the same pair
    assert (again.rho, again.base_opt.rho) == (0.5, 0.8) and again.hyper == sam.hyper
    rms = get_opt("SAM", base="RMSprop")  # the base's default shows as base_rho
    assert rms.hyper["base_rho"] == rms.base_opt.rho == 0.99 and rms.hyper["rho"] == 0.05
    with pytest.raises(ValueError, match="give eta, not base_eta"):
        get_opt("SAM", base="Adam", base_eta=0.5)
    with pytest.raises(ValueError, match="unknown keyword 'beta1'; valid: .*base_rho"):
        get_opt("SAM", base_beta1=0.5, base="AdaDelta")


def test_sam_refuses_a_base_that_needs_grad_fn_itself():
    with pytest.raises(ValueError, match="NAG.*needs grad_fn.*form='torch'"):
        get_opt("SAM", base="NAG", form="series")
    assert get_opt("SAM", base="NAG").base_opt.form == "torch"  # the default form is fine


def test_sam_with_q_3_stacked_models_equal_separate_runs_in_float32():
    # 0-d models (one element each) run through np.power like the stacked ones
    rng = np.random.default_rng(0)
    g0, g1 = (rng.normal(size=100).astype(np.float32) for _ in range(2))
    sam = get_opt("SAM", q=3.0, base="SGD", eta=0.1)
    dw, db = sam.update(g0, g1, grad_fn=lambda a, b: (g0 + 2 * a, g1 + 2 * b), batch_ndim=1)
    for k in range(100):
        alone = get_opt("SAM", q=3.0, base="SGD", eta=0.1)
        m0, m1 = alone.update(
            g0[k], g1[k], grad_fn=lambda a, b, k=k: (g0[k] + 2 * a, g1[k] + 2 * b)
        )
        assert np.asarray(m0).item() == dw[k] and np.asarray(m1).item() == db[k]


def test_sam_reset_resets_the_base():
    theta = np.array([1.0, 1.0])
    opt = get_opt("SAM", eta=0.1)
    opt.update(A_CURV * theta, grad_fn=quad_grad_fn(theta))
    opt.reset()
    assert opt.t == 0 and opt.base_opt.t == 0 and opt.base_opt.state is None


def test_sam_needs_grad_fn_and_consistent_shapes():
    with pytest.raises(ValueError, match="grad_fn"):
        get_opt("SAM").update(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="grad_fn returned"):
        get_opt("SAM").update(np.array([1.0, 2.0]), grad_fn=lambda e: (np.ones(3),))
    with pytest.raises(ValueError, match="batch_ndim"):
        get_opt("SAM").update(np.ones(2), np.ones(3), grad_fn=lambda *e: e, batch_ndim=1)
    with pytest.raises(ValueError, match="batch_ndim"):
        get_opt("SAM").update(np.ones(2), grad_fn=lambda *e: e, batch_ndim=2)
