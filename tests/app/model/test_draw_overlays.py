"""Overlay arrays (app.model.overlays): the arrows and effective steps equal the engine's."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from gradscape.app.model.draw import Colormap, ViewSettings, box_of, draw_data
from gradscape.app.model.overlays import (
    OVERLAYS,
    arrow_segments,
    one_arrow,
    overlay_data,
    parse_overlays,
)
from gradscape.core.surfaces import get_surface
from gradscape.core.trajectory import race

RAMP = Colormap(
    "ramp", np.array([0.0, 1.0]), np.array([[0.0, 0.0, 0.0, 1.0], [1.0, 0.5, 0.25, 1.0]])
)


def _box():
    """The box of a flat 5 × 5 grid over [−5, 5]²."""
    grid = np.linspace(-5, 5, 5)
    return box_of(SimpleNamespace(ws=grid, bs=grid, z=np.ones((5, 5))), "linear")


def _race(surface_name="himmelblau", specs=None, steps=40, start=(-1.0, -1.5)):
    surf = get_surface(surface_name)
    specs = specs or [
        ("sgd", {"eta": 0.005}),
        ("msgd", {"eta": 0.002, "mu": 0.9}),
        ("adam", {"eta": 0.1}),
        ("adagrad", {"eta": 0.5}),
        ("sam", {"eta": 0.005, "rho": 0.2, "base": "SGD"}),
    ]
    trajs = race(surf, specs, start, steps)
    ws, bs, z = surf.grid(41)
    g = SimpleNamespace(ws=ws, bs=bs, z=z)
    d = draw_data(g, g, trajs, ("w", "b"), ViewSettings(colormap="ramp"), RAMP, surf)
    return surf, trajs, d


def test_arrow_vectors_equal_the_engines_arrays_at_every_step():
    surf, trajs, d = _race()
    ov = d.overlays
    sgd, msgd, adam, _adagrad, sam = (r.vectors for r in ov.runs)
    for k in (0, 1, 17, 39):
        # −η·g and Δ from the trajectory; for SGD they are the same vector
        np.testing.assert_allclose(sgd["grad"][k], -0.005 * trajs[0].grads[k], rtol=1e-12)
        np.testing.assert_allclose(sgd["move"][k], trajs[0].params[k + 1] - trajs[0].params[k])
        np.testing.assert_allclose(sgd["grad"][k], sgd["move"][k], rtol=1e-9)
        # Momentum: the buffer carried in (the state after step k), as −η·b; the move is
        # μ·velocity + gradient arrow (torch's b_{k+1} = μ b_k + g_k)
        carried = trajs[1].state["buf"][k - 1] if k else np.zeros(2)
        np.testing.assert_allclose(msgd["velocity"][k], -0.002 * carried, rtol=1e-12)
        if k:
            np.testing.assert_allclose(
                msgd["move"][k], 0.9 * msgd["velocity"][k] + msgd["grad"][k], rtol=1e-9
            )
        np.testing.assert_allclose(
            adam["velocity"][k], -0.1 * (trajs[2].state["m"][k - 1] if k else 0), rtol=1e-12
        )
    # the last point has no step leaving it
    assert np.isnan(sgd["move"][40]).all() and np.isnan(adam["grad"][40]).all()
    # rules without a velocity have none
    assert "velocity" not in sgd and "velocity" not in ov.runs[3].vectors


def test_sam_ascent_and_the_gradient_there_from_first_principles():
    surf, trajs, d = _race()
    sam, traj = d.overlays.runs[4], trajs[4]
    for k in (0, 5, 30):
        p, g = traj.params[k], traj.grads[k]
        e = 0.2 * g / np.linalg.norm(g)  # ε̂ = ρ g / ‖g‖₂
        np.testing.assert_allclose(sam.vectors["ascent"][k], e, rtol=1e-10)
        np.testing.assert_allclose(sam.tails["ascent_grad"][k], p + e, rtol=1e-12)
        gw, gb = surf.grad(np.array([p[0] + e[0]]), np.array([p[1] + e[1]]))
        want = -0.005 * np.array([gw[0], gb[0]])
        np.testing.assert_allclose(sam.vectors["ascent_grad"][k], want, rtol=1e-10)
        # SAM over SGD moves by exactly that arrow
        np.testing.assert_allclose(traj.moves[k], want, rtol=1e-9)


def test_one_scale_for_every_arrow_and_segments_at_that_scale():
    _, trajs, d = _race()
    ov = d.overlays
    for i, kind, k in ((0, "grad", 3), (1, "velocity", 12), (2, "move", 20), (4, "ascent", 7)):
        seg = ov.arrows2d(i, k, kind)
        assert seg.shape == (6, 2)
        tail, tip = seg[0], seg[1]
        np.testing.assert_allclose(tail, trajs[i].params[k])
        np.testing.assert_allclose(tip - tail, ov.scale * ov.runs[i].vectors[kind][k], rtol=1e-9)
        # both barbs end behind the tip, symmetric about the shaft
        u = (tip - tail) / np.linalg.norm(tip - tail)
        b1, b2 = seg[3] - tip, seg[5] - tip
        assert np.dot(b1, u) < 0 and np.dot(b2, u) < 0
        np.testing.assert_allclose(np.dot(b1, u), np.dot(b2, u), rtol=1e-9)
    # the 90th percentile of every arrow length is drawn as 12 % of the smaller side
    lengths = np.concatenate([np.hypot(*v.T) for r in ov.runs for v in r.vectors.values()])
    lengths = lengths[np.isfinite(lengths) & (lengths > 0)]
    (w0, w1), (b0, b1) = d.box.wlim, d.box.blim
    assert ov.scale * np.percentile(lengths, 90) == pytest.approx(0.12 * min(w1 - w0, b1 - b0))


def test_3d_arrows_lie_at_the_points_height_in_display_coordinates():
    _, trajs, d = _race()
    ov, box = d.overlays, d.box
    seg = ov.arrows3d(2, 10, "move")
    p = trajs[2].params[10]
    np.testing.assert_allclose(
        seg[0], [box.x(p[0]), box.y(p[1]), d.paths3d[2].points[10, 2]], rtol=1e-6, atol=1e-6
    )
    tip = p + ov.scale * trajs[2].moves[10]
    np.testing.assert_allclose(seg[1, :2], [box.x(tip[0]), box.y(tip[1])], rtol=1e-9)
    assert np.ptp(seg[:, 2]) == 0.0


def test_effective_step_ellipse_and_curves_equal_effective_step():
    _, trajs, d = _race()
    ov = d.overlays
    for i in (2, 3):
        eff = trajs[i].state["effective_step"]
        np.testing.assert_allclose(ov.curves[i], np.log10(np.abs(eff)), rtol=1e-12)
        e = ov.ellipse2d(i, 9)
        c = trajs[i].params[9]
        np.testing.assert_allclose(e.max(axis=0) - c, ov.ellipse_scale * np.abs(eff[9]), rtol=1e-9)
        np.testing.assert_allclose(c - e.min(axis=0), ov.ellipse_scale * np.abs(eff[9]), rtol=1e-3)
    # AdaGrad's effective step shrinks over the steps (h only grows); SGD's is η throughout
    ada = ov.curves[3]
    assert (np.diff(ada[np.isfinite(ada)].reshape(-1, 2), axis=0) <= 1e-12).all()
    np.testing.assert_allclose(ov.curves[0], np.log10(0.005), rtol=1e-9)


def test_a_zero_gradient_axis_has_no_effective_step():
    surf = get_surface("himmelblau")
    box = _box()
    traj = SimpleNamespace(
        params=np.array([[0.0, 0.0], [0.1, 0.0]]),
        moves=np.array([[0.1, 0.0]]),
        grads=np.array([[-1.0, 0.0]]),
        hyper={"eta": 0.1},
        state={"effective_step": np.array([[0.1, np.nan]])},
        batch_size=None,
    )
    ov = overlay_data([traj], [np.zeros(2)], box, surf)
    assert np.isnan(ov.curves[0][0, 1]) and ov.curves[0][0, 0] == pytest.approx(-1.0)
    np.testing.assert_allclose(ov.semi_axes(0, 0), [ov.ellipse_scale * 0.1, 0.0])
    assert ov.semi_axes(0, 1) is None  # the last point: no step leaves it


def test_an_effective_step_too_large_to_draw_has_no_ellipse_and_no_warning():
    # (found by the GUI monkey: a huge ε made one run's effective step ~1e300, and the
    # ellipse's inf·sin(0) warned "invalid value encountered in multiply")
    surf = get_surface("himmelblau")
    box = _box()
    n = 20  # steps of 0.1 on both axes, then one of 1e308 on w and 0.1 on b
    effective = np.full((n, 2), 0.1)
    effective[-1, 0] = 1e308
    traj = SimpleNamespace(
        params=np.column_stack([np.linspace(0.0, 1.0, n + 1), np.zeros(n + 1)]),
        moves=np.full((n, 2), 0.05),
        grads=np.full((n, 2), -0.5),
        hyper={"eta": 0.1},
        state={"effective_step": effective},
        batch_size=None,
    )
    ov = overlay_data([traj], [np.zeros(n + 1)], box, surf)
    assert ov.ellipse_scale * 1e308 == np.inf  # (the typical step is 0.1: a large scale)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ov.semi_axes(0, n - 1) is None
        assert ov.ellipse2d(0, n - 1).shape == (0, 2)
        assert ov.ellipse3d(0, n - 1).shape == (0, 3)
        # the drawable ones before it still are
        np.testing.assert_allclose(ov.semi_axes(0, 3), [ov.ellipse_scale * 0.1] * 2)
        assert np.isfinite(ov.ellipse2d(0, 3)).all() and len(ov.ellipse2d(0, 3)) > 3
        # an infinite scale (a subnormal typical step) times an axis of zero step: none
        traj.state["effective_step"][3] = (0.1, 0.0)
        ov = overlay_data([traj], [np.zeros(n + 1)], box, surf)
        ov.ellipse_scale = np.inf
        assert ov.semi_axes(0, 3) is None and ov.ellipse2d(0, 3).shape == (0, 2)


def test_an_arrow_too_long_to_draw_is_left_out_without_a_warning():
    # (found by the GUI monkey: a scale made for gradients ~1 times a gradient of 1e308, or
    # an infinite scale times a zero component, warned "invalid value in multiply")
    surf = get_surface("himmelblau")
    box = _box()
    n = 20
    grads = np.full((n, 2), -0.5)
    grads[-1] = (-1.5e308, 0.0)
    traj = SimpleNamespace(
        params=np.column_stack([np.linspace(0.0, 1.0, n + 1), np.zeros(n + 1)]),
        moves=np.full((n, 2), 0.05),
        grads=grads,
        hyper={"eta": 0.1},
        state={},
        batch_size=None,
    )
    ov = overlay_data([traj], [np.zeros(n + 1)], box, surf)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ov.scale * 1.5e307 == np.inf, ov.scale  # (−η·g = 1.5e307 times ~17)
        assert ov.arrows2d(0, n - 1, "grad").shape == (0, 2)
        assert ov.arrows3d(0, n - 1, "grad").shape == (0, 3)
        arrow = ov.arrows2d(0, 3, "grad")  # (−η·g = (0.05, 0.05) from the point, scaled)
        np.testing.assert_allclose(arrow[1] - arrow[0], ov.scale * np.array([0.05, 0.05]))
        ov.scale = np.inf  # (a subnormal typical length) times a zero component
        assert ov.arrows2d(0, 3, "move").shape == (0, 2)
        # finite in float64 but past float32's range on the screen (the GL items' type):
        # the monkey saw "overflow encountered in cast" at every frame; not drawn in 3D
        ov.scale = 1e37  # (−η·g = 0.05: a 5e35 arrow, 1e35 display units)
        assert np.isfinite(ov.arrows2d(0, 3, "grad")).all()
        assert ov.arrows3d(0, 3, "grad").shape == (0, 3)
        ov.scale = 1e20  # (far off the box, still a float32: drawn, GL clips it)
        assert ov.arrows3d(0, 3, "grad").shape == (6, 3)


@pytest.mark.parametrize("eta", [1e308, 10.0])
def test_eta_times_a_gradient_past_the_floats_is_an_arrow_not_drawn_without_a_warning(eta):
    # (found by the GUI monkey's seed 53: η·g of a run gone far overflowed in the overlays'
    # products and in the lengths that set the scale, "overflow encountered in multiply")
    surf = get_surface("himmelblau")
    box = _box()
    n = 20
    grads = np.full((n, 2), -0.5)
    grads[-2:] = 1.7e308  # (η = 10: −η·g is −inf; η = 1e308: every step's is far past)
    velocity = np.full((n, 2), 0.02)
    velocity[-1] = 1.7e308
    traj = SimpleNamespace(
        params=np.column_stack([np.linspace(0.0, 1.0, n + 1), np.zeros(n + 1)]),
        moves=np.full((n, 2), 0.05),
        grads=grads,
        hyper={"eta": eta},
        state={"buf": velocity, "e": np.full((n, 2), 1.7e308)},
        batch_size=None,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ov = overlay_data([traj], [np.zeros(n + 1)], box, surf)
        grad = ov.runs[0].vectors["grad"]
        assert np.isneginf(grad[n - 2 : n]).all()  # the overflowing products: −inf, as IEEE
        if eta == 10.0:
            np.testing.assert_allclose(grad[: n - 2], 5.0)  # the others: −η·g
            assert np.isfinite(ov.scale) and ov.scale > 0  # set by the finite lengths
            assert ov.arrows2d(0, 3, "grad").shape == (6, 2)
        assert ov.arrows2d(0, n - 1, "grad").shape == (0, 2)
        assert ov.arrows3d(0, n - 1, "grad").shape == (0, 3)


def test_arrow_segments_drop_empty_arrows():
    seg = arrow_segments(
        np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 0.0], [2.0, 1.0]]), 0.1
    )
    assert seg.shape == (6, 2)
    np.testing.assert_allclose(seg[:2], [[1, 1], [2, 1]])
    # head: 0.1 back along the shaft, ±26°
    np.testing.assert_allclose(
        seg[3], [2 - 0.1 * np.cos(np.deg2rad(26)), 1 - 0.1 * np.sin(np.deg2rad(26))]
    )


def test_parse_overlays_names_the_field():
    assert parse_overlays("grad, Move,velocity") == {"grad", "move", "velocity"}
    assert parse_overlays(OVERLAYS) == set(OVERLAYS)
    with pytest.raises(ValueError, match=r"overlay must be one of grad, move.*'arrows'"):
        parse_overlays("grad,arrows")
    with pytest.raises(ValueError, match="overlay must be"):
        parse_overlays("")


def test_a_scheduled_eta_scales_each_steps_gradient_arrow_by_its_own_eta_t():
    surf = get_surface("himmelblau")
    sched = {"schedule": "exponential", "base": 0.01, "gamma": 0.9}
    (traj,) = race(surf, [("sgd", {"eta": sched})], (-1.0, -1.5), 20)
    ws, bs, z = surf.grid(21)
    g = SimpleNamespace(ws=ws, bs=bs, z=z)
    d = draw_data(g, g, [traj], ("w", "b"), ViewSettings(colormap="ramp"), RAMP, surf)
    grad = d.overlays.runs[0].vectors["grad"]
    for k in (0, 4, 19):
        eta_t = 0.01 * 0.9**k  # step k + 1 of an exponential schedule: base·γ^(t−1)
        np.testing.assert_allclose(grad[k], -eta_t * traj.grads[k], rtol=1e-12)
        # SGD: the gradient arrow is the move
        np.testing.assert_allclose(grad[k], traj.moves[k], rtol=1e-9)


def test_one_arrow_is_arrow_segments_of_one_arrow():
    """The per-frame path (plain floats) draws the vectorised definition's numbers."""
    rng = np.random.default_rng(12)
    for d in (2, 3):
        tails = rng.normal(size=(400, d)) * rng.choice([1e-6, 1.0, 1e3], size=(400, 1))
        tips = tails + rng.normal(size=(400, d)) * rng.choice([1e-9, 0.05, 10.0], size=(400, 1))
        tips[::37] = tails[::37]  # zero length
        tails[::41, 0] = np.nan
        tips[::43, 1] = np.inf
        for head in (0.035, 2.0):
            for tail, tip in zip(tails, tips, strict=True):
                want = arrow_segments(tail[None], tip[None], head)
                got = one_arrow(tail, tip, head)
                if len(want) == 0:
                    assert got is None
                else:
                    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)
