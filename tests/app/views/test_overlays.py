"""Overlays drawn in the views: the items hold the engine's arrows at the step, toggles show
and hide them (pixels change), the step panel's curves are the effective steps."""

from __future__ import annotations

import numpy as np
import pytest
from PyQt6.QtGui import QImage

from gradscape.app.model.compute import ComputeController
from gradscape.app.model.state import AppState
from gradscape.app.views.factory import make_view
from gradscape.app.views.overlays import PEN_2D
from gradscape.app.views.step_plot import StepPlotView
from gradscape.core.scene import Scene

RACE = Scene(
    surface="himmelblau",
    optimizers=[
        ("sgd", {"eta": 0.005}),
        ("msgd", {"eta": 0.002, "mu": 0.9}),
        ("adam", {"eta": 0.1}),
        ("adagrad", {"eta": 0.5}),
        ("sam", {"eta": 0.005, "rho": 0.3, "base": "SGD"}),
    ],
    start=[-1.0, -1.5],
    steps=60,
    seed=0,
)


def computed(qtbot, kinds, size=(420, 320)):
    st = AppState(scene=RACE)
    st.grid = 40
    ctl = ComputeController(st, synchronous=True)
    ctl.request()
    views = {}
    for kind in kinds:
        v = StepPlotView(st) if kind == "steps" else make_view(kind, st)
        qtbot.addWidget(v)
        v.resize(*size)
        v.show()
        qtbot.waitExposed(v)
        views[kind] = v
    st.step = 12
    return st, ctl, views


def grab(widget) -> np.ndarray:
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = img.width(), img.height()
    return (
        np.frombuffer(img.constBits().asstring(img.sizeInBytes()), np.uint8)
        .reshape(h, img.bytesPerLine())[:, : 3 * w]
        .reshape(h, w, 3)
    )


def test_contour_arrows_are_the_engines_vectors_at_the_common_scale(qtbot):
    st, ctl, views = computed(qtbot, ["contour"])
    contour = views["contour"]
    trajs = st.result.trajectories
    ov = st.result.draw.overlays
    assert not any(item.isVisible() for item in contour.overlays.arrows.values())
    st.overlays = ("grad", "move", "velocity", "ascent")
    k = 12
    for i, kind in ((0, "grad"), (1, "move"), (1, "velocity"), (2, "move"), (4, "ascent")):
        item = contour.overlays.arrows[i, kind]
        assert item.isVisible()
        x, y = item.getData()
        tail, tip = np.array([x[0], y[0]]), np.array([x[1], y[1]])
        np.testing.assert_allclose(tail, trajs[i].params[k], rtol=1e-12)
        want = {
            "grad": lambda t: -0.005 * t.grads[k],
            "move": lambda t: t.moves[k],
            "velocity": lambda t: -0.002 * t.state["buf"][k - 1],
            "ascent": lambda t: t.state["e"][k],
        }[kind](trajs[i])
        np.testing.assert_allclose(tip - tail, ov.scale * want, rtol=1e-9)
        assert item.opts["pen"].style() == PEN_2D[kind][0]
    # SGD has no velocity; the scale is printed
    assert not contour.overlays.arrows[0, "velocity"].isVisible()
    label = contour.getPlotItem().getAxis("bottom").labelText
    assert label.startswith("x") and f"arrows ×{ov.scale:.3g}" in label
    # the next step moves the arrows with it
    st.step = 13
    x, y = contour.overlays.arrows[2, "move"].getData()
    np.testing.assert_allclose([x[0], y[0]], trajs[2].params[13])
    ctl.shutdown()


def test_toggles_change_the_contour_pixels_where_the_arrows_are(qtbot):
    st, ctl, views = computed(qtbot, ["contour"])
    contour = views["contour"]
    qtbot.wait(20)
    off = grab(contour).astype(int)
    st.set_overlay("move", True)
    qtbot.wait(20)
    on = grab(contour).astype(int)
    # the Adam move arrow's middle, in widget pixels
    x, y = contour.overlays.arrows[2, "move"].getData()
    vb = contour.getPlotItem().getViewBox()
    from PyQt6.QtCore import QPointF

    mid = contour.mapFromScene(vb.mapViewToScene(QPointF((x[0] + x[1]) / 2, (y[0] + y[1]) / 2)))
    r = 3
    patch = np.abs(on - off)[mid.y() - r : mid.y() + r + 1, mid.x() - r : mid.x() + r + 1]
    assert patch.max() > 60
    st.set_overlay("move", False)
    qtbot.wait(20)
    np.testing.assert_array_equal(grab(contour), off)
    assert contour.getPlotItem().getAxis("bottom").labelText == "x"
    ctl.shutdown()


def test_effective_ellipse_in_the_contour_map(qtbot):
    st, ctl, views = computed(qtbot, ["contour"])
    contour = views["contour"]
    st.overlays = ["effective"]
    ov = st.result.draw.overlays
    traj = st.result.trajectories[3]  # AdaGrad
    x, y = contour.overlays.ellipses[3].getData()
    half = np.array([np.ptp(x), np.ptp(y)]) / 2
    want = ov.ellipse_scale * np.abs(traj.state["effective_step"][12])
    np.testing.assert_allclose(half, want, rtol=1e-3)
    np.testing.assert_allclose(
        [(x.max() + x.min()) / 2, (y.max() + y.min()) / 2], traj.params[12], atol=1e-3 * max(want)
    )
    ctl.shutdown()


def test_step_panel_curves_are_the_effective_steps(qtbot):
    st, ctl, views = computed(qtbot, ["steps"])
    panel = views["steps"]
    for i, traj in enumerate(st.result.trajectories):
        eff = np.asarray(traj.state["effective_step"])
        drawn = panel.curve_data(i)
        np.testing.assert_allclose(drawn, np.log10(np.abs(eff)), rtol=1e-12)
        assert panel.curves[i][0].isVisible()
    assert not panel.curves[5][0].isVisible()
    # AdaGrad's effective step only shrinks (η/√h, h growing); Adam's rises again
    ada, adam = panel.curve_data(3), panel.curve_data(2)
    assert (np.diff(ada, axis=0) <= 1e-12).all() and ada[-1, 0] < ada[0, 0] - 0.3
    assert (np.diff(adam, axis=0) > 0.01).any()
    assert panel.cursor.value() == 12
    ctl.shutdown()


def test_a_long_runs_step_curves_are_drawn_through_their_peaks(qtbot):
    """10 000 steps: each curve is drawn through the least and the greatest step of each of
    ~1000 bins (a dashed curve through every point took 36–47 ms a repaint)."""
    from dataclasses import replace

    st = AppState(scene=replace(RACE, steps=10_000))
    st.grid = 40
    ctl = ComputeController(st, synchronous=True)
    ctl.request()
    panel = StepPlotView(st)
    qtbot.addWidget(panel)
    panel.resize(420, 320)
    panel.show()
    qtbot.waitExposed(panel)
    for i, traj in enumerate(st.result.trajectories):
        whole = np.log10(np.abs(np.asarray(traj.state["effective_step"])))
        assert len(whole) == 10_000
        for axis, item in enumerate(panel.curves[i]):
            x, y = item.getData()
            assert len(y) == 2 * 1000  # (two points a bin of 10 steps)
            # each bin drawn as its greatest and least step, at one step of the bin
            bins = whole[:, axis].reshape(1000, 10)
            pairs = np.sort(y.reshape(1000, 2), axis=1)
            np.testing.assert_array_equal(pairs[:, 0], bins.min(axis=1))
            np.testing.assert_array_equal(pairs[:, 1], bins.max(axis=1))
            first = np.arange(1, 10_001, 10)
            assert (x[0::2] == x[1::2]).all()
            assert (x[0::2] >= first).all() and (x[0::2] <= first + 9).all()
    ctl.shutdown()


@pytest.mark.gl
def test_3d_arrows_are_the_engines_vectors_and_toggle_pixels(gl, qtbot):
    st, ctl, views = computed(qtbot, ["3d"], size=(360, 280))
    v3 = views["3d"]
    ov, box = st.result.draw.overlays, st.result.draw.box
    trajs = st.result.trajectories
    off = v3.grabFramebuffer()
    item = v3.step_overlays.items["move"]
    assert not item.visible()
    st.overlays = ("move", "effective")
    assert item.visible() and v3.step_overlays.items["effective"].visible()
    pos = np.asarray(item.pos)
    # one arrow (6 points) per run, in run order; run 2 is Adam
    seg = pos[12:18]
    p = trajs[2].params[12]
    np.testing.assert_allclose(seg[0, :2], [box.x(p[0]), box.y(p[1])], atol=1e-6)
    tip = p + ov.scale * trajs[2].moves[12]
    np.testing.assert_allclose(seg[1, :2], [box.x(tip[0]), box.y(tip[1])], atol=1e-5)
    assert "arrows ×" in v3.caption.text
    on = v3.grabFramebuffer()

    def arr(img):
        img = img.convertToFormat(QImage.Format.Format_RGB888)
        b = img.constBits().asstring(img.sizeInBytes())
        return np.frombuffer(b, np.uint8).reshape(img.height(), img.bytesPerLine())

    assert (np.abs(arr(on).astype(int) - arr(off).astype(int)) > 60).sum() > 50
    st.overlays = ()
    assert not item.visible()
    assert "arrows" not in v3.caption.text
    ctl.shutdown()
